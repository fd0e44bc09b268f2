"""Which files a command works on: files as given, directories searched recursively for
*.yaml/*.yml, and glob patterns (for shells that do not expand them). Order is deterministic.
And how their names are shown."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from plancheck.errors import Problem, UsageError
from plancheck.i18n import Message

PLAN_SUFFIXES = (".yaml", ".yml")
TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
WORD_SUFFIXES = (".docx",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + WORD_SUFFIXES
REFUSED_SUFFIXES = (".doc", ".pdf", ".wps", ".odt", ".rtf")  # documents, in forms that cannot be read


def shown_path(path: Path | str) -> str:
    """A file's name as reports and messages show it. A name that is not UTF-8 (a GBK name out of
    a zip made on Windows) reaches Python with stand-ins for its bytes, which no UTF-8 output can
    carry; those bytes are shown escaped (\\xb8\\xb7\\xd1\\xf4.yaml for 阜阳.yaml in GBK), and the file
    is still read by its name."""
    text = os.fspath(path)
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_document(path: Path | str) -> bool:
    """Whether this file is a plan document (read, or refused, as one) rather than a YAML plan."""
    return Path(path).suffix.lower() in DOCUMENT_SUFFIXES + REFUSED_SUFFIXES


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def _plan_files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The plan files under a directory, sorted; rule-pack folders (with pack.yaml) and what
    they hold are skipped."""
    found: list[str] = []
    for folder, subfolders, files in os.walk(root):
        if "pack.yaml" in files:
            subfolders.clear()  # a rule pack: its YAML files are rules, not plans
            continue
        found.extend(
            os.path.join(folder, name) for name in files if os.path.splitext(name)[1].lower() in suffixes
        )
    return [Path(path) for path in sorted(found)]


def expand_inputs(values: list[Path], suffixes: tuple[str, ...] = PLAN_SUFFIXES) -> list[Path]:
    """Files in the order given; a directory contributes its plan files sorted by path. A
    directory with no plans, or a pattern matching nothing, is a usage error. A path that does
    not exist is kept, so that reading it reports the error in its place."""
    out: list[Path] = []
    problems: list[Problem] = []
    for value in values:
        text = str(value)
        if value.is_dir():
            found = _plan_files(value, suffixes)
            if not found:
                problems.append(
                    Problem(
                        text,
                        Message(
                            f"目录中没有规划文件 ({', '.join(suffixes)})",
                            f"the directory holds no plan files ({', '.join(suffixes)})",
                        ),
                        code="usage",
                    )
                )
            out.extend(found)
        elif not value.exists() and _is_glob(text):
            found = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not found:
                problems.append(
                    Problem(
                        text, Message("没有与该模式匹配的文件", "no file matches this pattern"), code="usage"
                    )
                )
            out.extend(found)
        else:
            out.append(value)
    if problems:
        raise UsageError(problems)
    seen: set[object] = set()
    unique = []
    for path in out:  # a file named twice (directly, through a folder or a link) is checked once
        try:
            info = os.stat(path)
            key: object = (info.st_dev, info.st_ino)
        except OSError:
            key = path
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique
