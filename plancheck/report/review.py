"""Review comments (批注) in the plan's own Word file: a copy of the document with each finding
as a Word comment anchored on the paragraph it concerns, and a summary comment on the title.

Nothing of the plan's text or formatting changes: python-docx (1.2 or newer) adds the comments
part and, around the anchor's runs, only ``w:commentRangeStart``, ``w:commentRangeEnd`` and the
run holding the ``w:commentReference``. A comment says what is wrong (rule, requirement id and
title, message), the provincial clause it rests on (citation section and text) and the fix; its
author is the reviewing office. ``plancheck.portfolio.review`` decides where each comment goes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plancheck.engine.findings import Finding, PlanReport
from plancheck.engine.waivers import china_today
from plancheck.errors import Problem, UsageError
from plancheck.i18n import Lang, Message
from plancheck.report import Signing
from plancheck.report.labels import REQUIREMENT_STATUS, RULE_STATUS, SEVERITY
from plancheck.report.typography import clause, zh

GLYPH = {
    "covered": "✓",
    "partial": "◐",
    "missing": "✗",
    "waived": "W",
    "not-applicable": "–",
    "not-checked": "?",
}


@dataclass(frozen=True)
class Anchor:
    """Where a finding's comment goes: the document line (paragraph or table row) and why."""

    finding: Finding
    line: int
    on: str  # "place": its own place | "section": its chapter's heading | "title": the title


@dataclass
class Review:
    """A plan document checked, with every finding's anchor (``portfolio.review`` makes it)."""

    file: str
    report: PlanReport
    anchors: list[Anchor] = field(default_factory=list)
    title_line: int = 1
    document_number: str | None = None
    issuer: str | None = None


def _words(lang: Lang) -> dict[str, str]:
    if lang == "zh":
        return {
            "rule": "规则",
            "problem": "问题",
            "cite": "依据",
            "clause": "条款",
            "fix": "修改",
            "waived": "已豁免",
            "baselined": "基线中已有",
            "section": "（规划未写到此项：批注在其所属章节的标题上）",
            "title": "（规划中没有相应章节：批注在标题上）",
            "summary": "审核意见汇总",
            "pack": "规则包",
            "reference": "审核文号",
            "date": "审核日期",
            "findings": "发现问题",
            "none": "未发现问题。",
            "rules": "已检查规则",
            "not_applicable": "不适用",
            "matrix": "需求覆盖矩阵",
            "gaps": "未完全覆盖的需求",
        }
    return {
        "rule": "Rule",
        "problem": "Problem",
        "cite": "Cites",
        "clause": "Clause",
        "fix": "Fix",
        "waived": "Waived",
        "baselined": "In the baseline",
        "section": "(the plan does not state this: the comment is on the heading of its chapter)",
        "title": "(the plan has no chapter for this: the comment is on the title)",
        "summary": "Review summary",
        "pack": "Rule pack",
        "reference": "Reference",
        "date": "Date",
        "findings": "Findings",
        "none": "No gaps found.",
        "rules": "Rules checked",
        "not_applicable": "not applicable",
        "matrix": "Requirement matrix",
        "gaps": "Requirements not fully covered",
    }


def _text(text: str, lang: Lang) -> str:
    return zh(text) if lang == "zh" else text


def finding_comment(anchor: Anchor, report: PlanReport, lang: Lang) -> str:
    """The comment of one finding: a paragraph per line."""
    f, w = anchor.finding, _words(lang)
    titles = {r.id: r.title.pick(lang) for r in report.requirements}
    flags = "".join(
        f" [{word}]"
        for flag, word in ((f.waived_by, w["waived"]), (f.baselined or None, w["baselined"]))
        if flag
    )
    # The reviewer reads the requirement first; the rule id (for looking it up) comes last.
    head = "; ".join(f"{c} {titles.get(c, '')}".strip() for c in f.implements) or f.rule_id
    lines = [f"【{SEVERITY[f.severity].pick(lang)}】{head}{flags}"]
    detail = f.detail.pick(lang)
    lines.append(f"{w['problem']}: {f.message.pick(lang)}" + (f"({detail})" if detail else ""))
    if anchor.on in ("section", "title"):
        lines.append(w[anchor.on])
    document = f.citation_document or (report.pack_framework.pick(lang) if report.pack_framework else "")
    if document:
        lines.append(f"{w['cite']}: {document}")
    if f.citation_section or f.citation_text:
        lines.append(f"{w['clause']}: {clause(f.citation_section, f.citation_text)}")
    if f.fix.pick(lang):
        lines.append(f"{w['fix']}: {f.fix.pick(lang)}")
    if f.waived_by is not None:
        v = f.waived_by
        lines.append(f"{w['waived']}: {v.reason} ({v.approver}, {v.granted})")
    lines.append(f"{w['rule']}: {f.rule_id}")
    return "\n".join(_text(line, lang) for line in lines)


def summary_comment(review: Review, signing: Signing, lang: Lang, date: str) -> str:
    """The summary on the title: who reviewed, the counts, the requirement matrix by layer."""
    report, w = review.report, _words(lang)
    counts = report.counts()
    severities = ", ".join(f"{SEVERITY[s].pick(lang)} {counts[s]}" for s in ("error", "warning", "info"))
    if counts["waived"]:
        severities += f", {w['waived']} {counts['waived']}"
    tally: dict[str, int] = {}
    for c in report.checks:
        tally[c.status] = tally.get(c.status, 0) + 1
    rules = ", ".join(
        f"{RULE_STATUS[s].pick(lang)} {tally[s]}" for s in ("failed", "waived", "passed") if tally.get(s)
    )
    others = sum(tally.get(s, 0) for s in ("not-applicable", "not-checked"))
    lines = [f"{signing.office} {w['summary']}: {report.title}"]
    lines.append(f"{w['pack']} {report.pack} {report.pack_version}; {w['date']} {date}")
    if signing.reference:
        lines.append(f"{w['reference']}: {signing.reference}")
    lines.append(f"{w['findings']}: {severities}" if report.findings else w["none"])
    lines.append(
        f"{w['rules']} {report.rules_checked}: {rules}"
        + (f"; {w['not_applicable']} {others}" if others else "")
    )
    lines.append(f"{w['matrix']}:")
    titles = {layer.id: layer.title.pick(lang) for layer in report.layers}
    by_layer: dict[str, list[str]] = {}
    for r in report.requirements:
        by_layer.setdefault(r.layer, []).append(f"{r.id}{GLYPH.get(r.status, '?')}")
    lines.extend(f"{titles.get(layer, layer)}: {' '.join(cells)}" for layer, cells in by_layer.items())
    legend = "  ".join(f"{GLYPH[s]} {REQUIREMENT_STATUS[s].pick(lang)}" for s in GLYPH)
    gaps = [r for r in report.requirements if r.status in ("partial", "missing")]
    named = [w["gaps"] + ("：" if lang == "zh" else ":")]  # the ids above, with their titles
    named += [f"{r.id} {r.title.pick(lang)}（{REQUIREMENT_STATUS[r.status].zh}）" if lang == "zh"
              else f"{r.id} {r.title.en} ({REQUIREMENT_STATUS[r.status].en})" for r in gaps]  # fmt: skip
    return "\n".join([*(_text(line, lang) for line in lines), legend, *(named if gaps else [])])


def _runs(element: Any, paragraph_class: Any, run_class: Any, parent: Any) -> list[Any]:
    """The first and last run with text of a paragraph (or of a table row's cells): the
    comment's range. Runs inside text boxes belong to the text box's own paragraphs."""
    from docx.oxml.ns import qn

    paragraphs = [element] if element.tag == qn("w:p") else list(element.iter(qn("w:p")))
    found = []
    for p in paragraphs:
        for r in p.iter(qn("w:r")):
            if any(a.tag == qn("w:txbxContent") for a in r.iterancestors()) and p is element:
                continue
            if r.find(qn("w:t")) is not None:
                found.append((p, r))
    if not found:
        return []
    first, last = found[0], found[-1]
    return [run_class(r, paragraph_class(p, parent)) for p, r in (first, last)]


def _stamp(date: str) -> dt.datetime:
    return dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc)


def annotate(source: Path, review: Review, signing: Signing, lang: Lang, date: str | None = None) -> bytes:
    """The Word file at ``source`` with the review's comments, as bytes."""
    try:
        import docx
        from docx.text.paragraph import Paragraph
        from docx.text.run import Run
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise UsageError(Problem("docx", Message("需要 python-docx", "python-docx is needed"))) from None
    if not hasattr(docx.document.Document, "add_comment"):
        raise UsageError(
            Problem(
                "python-docx",
                Message(
                    "写入批注需要 python-docx 1.2 或更高版本: pip install -U python-docx",
                    "writing comments needs python-docx 1.2 or newer: pip install -U python-docx",
                ),
            )
        )
    from plancheck.read.documents import word_elements

    day = date or china_today().isoformat()  # the office's day, not the machine's
    document = docx.Document(str(source))
    elements = word_elements(document)
    body = document._body

    def comment(line: int, text: str) -> bool:
        element = elements.get(line)
        runs = _runs(element, Paragraph, Run, body) if element is not None else []
        if not runs:
            return False
        made = document.add_comment(runs, text=text, author=signing.office, initials=signing.initials)
        made._comment_elm.date = _stamp(day)
        return True

    title = review.title_line
    comment(title, summary_comment(review, signing, lang, day))
    for anchor in review.anchors:
        if not comment(anchor.line, finding_comment(anchor, review.report, lang)):
            comment(title, finding_comment(Anchor(anchor.finding, title, "title"), review.report, lang))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


__all__ = ["Anchor", "Review", "annotate", "finding_comment", "summary_comment"]
