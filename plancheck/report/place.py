"""Where a finding is, in the words its reader uses: ``plan.yaml:12:3`` for a YAML plan; for a
plan document the paragraph (a Word file) or the line (a text file) and the section it is in,
``规划.docx 第50段（三、（二））``, since a reviewer looks for a section and a paragraph, not a
column."""

from __future__ import annotations

from pathlib import Path

from plancheck.engine.findings import Finding
from plancheck.i18n import Lang, zh
from plancheck.read.inputs import WORD_SUFFIXES, is_document


def is_word(file: str) -> bool:
    """Whether a plan's places are paragraphs of a Word file (else lines of a text or YAML file)."""
    return Path(file).suffix.lower() in WORD_SUFFIXES


def unit(file: str, line: int, lang: Lang) -> str:
    """The paragraph (a Word file) or the line (any other file) a place is on: ``第50段``,
    ``第12行``, ``paragraph 50``, ``line 12``."""
    if lang == "zh":
        return f"第{line}段" if is_word(file) else f"第{line}行"
    return f"paragraph {line}" if is_word(file) else f"line {line}"


def place(f: Finding, lang: Lang, column: bool = True) -> str:
    """The finding's place: ``file:line[:column]``, or for a document its paragraph and section."""
    if not is_document(f.file):
        return f"{f.file}:{f.line}:{f.column}" if column else f"{f.file}:{f.line}"
    if lang == "zh":
        section = zh(f"（{f.plan_source}）") if f.plan_source else ""
    else:
        section = f" ({f.plan_source})" if f.plan_source else ""
    return f"{f.file} {unit(f.file, f.line, lang)}{section}"


__all__ = ["is_word", "place", "unit"]
