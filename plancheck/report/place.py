"""Where a finding is, in the words its reader uses: ``plan.yaml:12:3`` for a YAML plan; for a
plan document the paragraph (a Word file) or the line (a text file) and the section it is in,
``规划.docx 第50段（三、（二））``, since a reviewer looks for a section and a paragraph, not a
column."""

from __future__ import annotations

from pathlib import Path

from plancheck.engine.findings import Finding
from plancheck.i18n import Lang, zh
from plancheck.read.inputs import WORD_SUFFIXES, is_document


def place(f: Finding, lang: Lang, column: bool = True) -> str:
    """The finding's place: ``file:line[:column]``, or for a document its paragraph and section."""
    if not is_document(f.file):
        return f"{f.file}:{f.line}:{f.column}" if column else f"{f.file}:{f.line}"
    word = Path(f.file).suffix.lower() in WORD_SUFFIXES
    if lang == "zh":
        where = f"第{f.line}段" if word else f"第{f.line}行"
        return f"{f.file} {where}" + (zh(f"（{f.plan_source}）") if f.plan_source else "")
    where = f"paragraph {f.line}" if word else f"line {f.line}"
    section = f" ({f.plan_source})" if f.plan_source else ""
    return f"{f.file} {where}{section}"


__all__ = ["place"]
