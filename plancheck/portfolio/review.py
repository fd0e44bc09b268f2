"""``plancheck review PLAN.docx``: the plan's Word file read, extracted and checked, and each
finding given the paragraph of the document it belongs on.

A finding about something the plan states is anchored where the plan states it (its line: the
paragraph or table row). A finding about something the plan leaves out is anchored on the
nearest thing the plan does state about it (the cloud's paragraph for the cloud's missing
standard); when the document says nothing at all of that part, on the heading of the chapter
where it belongs (found with the pack vocabulary's headings for that layer), or on the plan's
title when the document has no such chapter. The Word file itself is written by
``plancheck.report.review``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plancheck.engine.check import check_plan
from plancheck.engine.findings import Finding
from plancheck.engine.waivers import check_waivers
from plancheck.errors import Problem, UsageError
from plancheck.i18n import Message
from plancheck.portfolio.pipeline import PackCache, extract_document
from plancheck.read.inputs import WORD_SUFFIXES, is_document, shown_path
from plancheck.report.review import Anchor, Review

if TYPE_CHECKING:
    from plancheck.extract import Extraction


def refuse_non_word(path: Path) -> None:
    """Only a Word file can carry review comments: a YAML plan or a text document is refused."""
    if path.suffix.lower() in WORD_SUFFIXES:
        return
    shown = shown_path(path)
    if is_document(path):
        raise UsageError(
            Problem(
                shown,
                Message(
                    "批注只能写入 Word 文件 (.docx); 这是文本文档: 请用 plancheck verify 检查它, "
                    "或提供规划的 .docx 文件",
                    "comments can only be written into a Word file (.docx); this is a text document: "
                    "check it with plancheck verify, or give the plan's .docx file",
                ),
                code="usage",
            )
        )
    raise UsageError(
        Problem(
            shown,
            Message(
                "plancheck review 把审核意见作为批注写入规划自己的 Word 文件, 而这是 YAML 规划 (没有 Word 文件); "
                f"请提供规划的 .docx 文件, 或用 plancheck verify {shown} -o docx:审核意见.docx 生成审核报告",
                "plancheck review writes the findings as comments into the plan's own Word file, and this is "
                "a YAML plan (there is no Word file); give the plan's .docx file, or write a gap report with "
                f"plancheck verify {shown} -o docx:gap-report.docx",
            ),
            code="usage",
        )
    )


def _section_lines(extraction: Extraction, packs: PackCache) -> dict[str, int]:
    """The line of each layer's chapter heading in the document, by the plan key of the layer
    (foundation, data_center …): the first top-level section whose heading has one of the
    vocabulary's words for it."""
    from plancheck.extract.context import Context
    from plancheck.pack.vocabulary import load_vocabulary

    pack, framework, directory = packs.for_document()
    vocabulary = load_vocabulary(pack, directory)
    context = Context.read(extraction.document, vocabulary, framework)
    lines: dict[str, int] = {}
    for key in (
        "foundation",
        "data_center",
        "platform",
        "applications",
        "channel",
        "milestones",
        "safeguards",
    ):
        words: Any = getattr(vocabulary, key, None)
        headings = list(getattr(words, "headings", []) or [])
        nodes = [n for n in context.sections(headings) if n.heading is not None]
        if nodes and nodes[0].heading is not None:
            lines[key] = nodes[0].heading.line
    return lines


def _anchor(finding: Finding, extraction: Extraction, sections: dict[str, int], title: int) -> Anchor:
    _, found = extraction.source_map().locate(finding.location)
    if found:
        return Anchor(finding, finding.line, "place")
    key = finding.location[0] if finding.location and isinstance(finding.location[0], str) else None
    if key is not None and key in sections:
        return Anchor(finding, sections[key], "section")
    return Anchor(finding, title, "title")


def _title_line(extraction: Extraction, title: str) -> int:
    """The line of the plan's title: the first paragraph that is the title or its first part
    (a title is often set on two lines, the period below the name), else where extraction
    found it (which may be the notice that quotes it), else the first paragraph."""
    from plancheck.read.sections import fold

    wanted = re.sub(r"\s+", "", fold(title))
    for block in extraction.document.blocks:
        text = re.sub(r"\s+", "", fold(block.text))
        if block.table is None and len(text) >= 4 and wanted.startswith(text) and "《" not in text:
            return block.line
    position = extraction.positions.get(("plan", "title"))
    return position.line if position is not None else extraction.document.blocks[0].line


def review_document(path: Path, packs: PackCache, use_waivers: bool = True) -> Review:
    """The plan's Word file read, extracted and checked; every finding with its anchor."""
    from plancheck.plan.load import plan_of_model
    from plancheck.plan.model import Plan

    refuse_non_word(path)
    shown = shown_path(path)
    extraction = extract_document(path, packs, shown)
    loaded = plan_of_model(Plan.model_validate(extraction.plan), shown, extraction.source_map())
    pack = packs.for_plan(loaded)
    if use_waivers:
        check_waivers(loaded, pack)
    report = check_plan(loaded, pack, use_waivers=use_waivers)
    title = _title_line(extraction, loaded.identity.title)
    sections = _section_lines(extraction, packs)
    review = Review(shown, report, title_line=title)
    review.anchors = [_anchor(f, extraction, sections, title) for f in report.findings]
    review.document_number = loaded.identity.document_number
    review.issuer = loaded.identity.issuer
    return review


__all__ = ["refuse_non_word", "review_document"]
