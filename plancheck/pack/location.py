"""Where rule packs are: the bundled ones, and a pack named by a plan or by --rules."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from plancheck.errors import Problem, RulePackError
from plancheck.i18n import Message


def bundled_packs_root() -> Path:
    """Where the packs shipped with plancheck are: inside the installed package (wheel), or the
    repository's top-level ``rules/`` folder (source checkout, editable install)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "packs"
    if packaged.is_dir():
        return packaged
    return package.parent / "rules"


def bundled_pack_names() -> list[str]:
    root = bundled_packs_root()
    return sorted(p.name for p in root.iterdir() if (p / "pack.yaml").is_file()) if root.is_dir() else []


@dataclass(frozen=True)
class Origin:
    """Where a pack reference was written, for the message when it names no pack."""

    file: str
    line: int | None = None
    column: int | None = None


MAX_REFERENCE_BYTES = 4096  # a path longer than the system's PATH_MAX names no pack


def _plausible(reference: str) -> bool:
    """Whether a reference could name a folder at all: a NUL, a lone surrogate or a name beyond
    the system's limits (a hostile plan's framework) names none, and must not reach the file
    system, which would raise instead of answering."""
    if not reference or "\x00" in reference:
        return False
    try:
        size = len(reference.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:
        return False
    return size <= MAX_REFERENCE_BYTES and all(
        len(part.encode("utf-8", "surrogateescape")) <= 255 for part in Path(reference).parts
    )


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # too long, a loop of links, a folder that cannot be searched
        return False


def _find_pack(reference: str, relative_to: Path | None) -> Path | None:
    candidate = Path(reference)
    if relative_to is not None and not candidate.is_absolute():
        try:
            near = (relative_to / candidate).resolve()
        except (OSError, ValueError, RuntimeError):
            near = None
        if near is not None and _is_file(near / "pack.yaml"):
            return near
    if _is_file(candidate / "pack.yaml"):
        return candidate
    if candidate.name == "pack.yaml" and _is_file(candidate):
        return candidate.parent
    bundled = bundled_packs_root() / reference
    if "/" not in reference and _is_file(bundled / "pack.yaml"):
        return bundled
    return None


def shown_reference(reference: str) -> str:
    """A reference as a message shows it: control characters escaped, and cut when very long."""
    text = reference.encode("utf-8", "backslashreplace").decode("utf-8")
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return text if len(text) <= 120 else text[:120] + "…"


def resolve_pack(reference: str, relative_to: Path | None = None, origin: Origin | None = None) -> Path:
    """A pack directory from a bundled name or a path (relative paths first against
    ``relative_to``: the folder of the plan or pack that names it)."""
    found = _find_pack(reference, relative_to) if _plausible(reference) else None
    if found is not None:
        return found
    names = ", ".join(bundled_pack_names()) or "-"
    where = origin or Origin(reference)
    reference = shown_reference(reference)
    raise RulePackError(
        Problem(
            where.file,
            Message(
                f"找不到规则包 '{reference}': 内置规则包有 {names}; 也可以给出含 pack.yaml 的目录",
                f"no rule pack '{reference}': the bundled packs are {names}, or give a folder with pack.yaml",
            ),
            where.line,
            where.column,
            code="pack",
        )
    )


def pack_folders(reference: str | None) -> list[Path]:
    """The folder of the pack ``--rules`` names (and of the packs it extends): inputs of the
    run, that no report may be written into. Empty when it names none (loading says so)."""
    folders: list[Path] = []
    while reference and len(folders) < 16:
        try:
            folder = resolve_pack(reference, folders[-1] if folders else None)
        except RulePackError:
            break
        if folder in folders:
            break
        folders.append(folder)
        reference = _extends(folder / "pack.yaml")
    return folders


def _extends(manifest: Path) -> str | None:
    """The ``extends:`` line of a pack.yaml, read plainly (the real load validates it)."""
    try:
        with open(manifest, "rb", opener=lambda p, f: os.open(p, f | getattr(os, "O_NONBLOCK", 0))) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            text = handle.read(1 << 20).decode("utf-8", "replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("extends:"):
            value = line.partition(":")[2].split("#")[0].strip().strip("\"'")
            return value or None
    return None
