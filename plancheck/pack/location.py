"""Where rule packs are: the bundled ones, and a pack named by a plan or by --rules."""

from __future__ import annotations

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


def resolve_pack(reference: str, relative_to: Path | None = None, origin: Origin | None = None) -> Path:
    """A pack directory from a bundled name or a path (relative paths first against
    ``relative_to``: the folder of the plan or pack that names it)."""
    candidate = Path(reference)
    if relative_to is not None and not candidate.is_absolute():
        near = (relative_to / candidate).resolve()
        if (near / "pack.yaml").is_file():
            return near
    if (candidate / "pack.yaml").is_file():
        return candidate
    if candidate.name == "pack.yaml" and candidate.is_file():
        return candidate.parent
    bundled = bundled_packs_root() / reference
    if "/" not in reference and (bundled / "pack.yaml").is_file():
        return bundled
    names = ", ".join(bundled_pack_names()) or "-"
    where = origin or Origin(reference)
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
