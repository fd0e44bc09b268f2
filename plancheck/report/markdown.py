"""Markdown for a pull-request comment (GitHub-flavoured): per plan its identity, a table of the
layers, the gaps grouped by layer, and the requirement matrix folded in a ``<details>`` block;
then input errors and baseline entries that are now fixed.

Everything taken from a plan or a rule pack is escaped, so that a ``|``, a newline or a ``<`` in
a plan value can neither break a table nor inject markup. The only HTML is ``<details>`` and
``<summary>``.
"""

from __future__ import annotations

import html
import re

from plancheck.engine.findings import Finding, PlanReport, RunReport
from plancheck.i18n import Lang, zh
from plancheck.report import RenderContext
from plancheck.report.labels import (
    FORCE,
    HEADINGS,
    LAYER_STATUS,
    LEVEL,
    REQUIREMENT_STATUS,
    SEVERITY,
    citation,
    heading,
    labelled,
    quoted,
    summary_line,
    word,
)
from plancheck.report.place import place

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_SPECIAL = re.compile(r"[\\`*\[\]<>|&~#!]|(?<!\w)_|_(?!\w)")


def _flat(text: str) -> str:
    """One line: line breaks become spaces (a table row or a list item is one line)."""
    return _LINE_BREAKS.sub(" ", text)


def _md(text: str) -> str:
    """Literal text: Markdown and HTML syntax characters backslash-escaped, on one line.
    An underscore inside a word (``key_project``) is left alone: it cannot start emphasis."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), _flat(text))


def _code(text: str) -> str:
    """A code span that holds any text: a fence longer than any run of backticks inside, and
    ``|`` escaped (GFM splits table rows before it reads code spans)."""
    text = _flat(text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GFM table; ``align`` holds one of l, r per column (default left)."""
    marks = ["---:" if (align[i:i + 1] == "r") else "---" for i in range(len(header))]  # fmt: skip
    return [_row(header), _row(marks), *(_row(r) for r in rows)]


def _identity(report: PlanReport, lang: Lang) -> list[str]:
    level = word(LEVEL, report.level, lang)
    parts = [
        f"**{heading('file', lang)}** {_code(report.file)}",
        f"**{heading('region', lang)}** {_md(report.region)}",
        f"**{heading('level', lang)}** {_md(level)}",
        f"**{heading('province', lang)}** {_md(report.province)}",
        f"**{heading('period', lang)}** {_md(report.period)}",
        f"**{heading('pack', lang)}** {_code(report.pack)} {_md(report.pack_version)}"
        + (f"（{_md(report.pack_title.zh)}）" if lang == "zh" else f" ({_md(report.pack_title.en)})"),
    ]
    counts = summary_line(report.counts()).pick(lang)
    checked = f"{report.rules_checked} {heading('rules_checked', lang)}"
    title = zh(report.title) if lang == "zh" else report.title
    return [f"## {_md(title)}", "", " · ".join(parts), "", f"**{_md(counts)}** · {checked}"]


def _layers(report: PlanReport, lang: Lang) -> list[str]:
    rows = []
    for layer in report.layers:
        title = _md(layer.title.pick(lang))
        status = _md(word(LAYER_STATUS, layer.status, lang))
        if layer.status in ("missing", "partial"):
            status = f"**{status}**"
        rows.append([title, status, f"{len(layer.failing)}/{layer.rules}" if layer.rules else ""])
    header = [heading("layer", lang), heading("status", lang), heading("failing", lang)]
    return _table(header, rows, "llr")


def _citation(f: Finding, lang: Lang) -> str:
    if lang == "zh":
        return _md(citation(f.citation_section, f.citation_text, f.citation_document, lang))
    where = " ".join(_md(part) for part in (f.citation_document or "", f.citation_section) if part)
    text = _md(f.citation_text)
    cited = f"{where}: {text}" if where and text else where or text
    return f"{heading('cite', lang)} {cited}" if cited else ""


def _waiver(f: Finding, lang: Lang) -> str:
    w = f.waived_by
    assert w is not None
    parts = [
        f"**{heading('waived', lang)}**: {_md(w.reason)}",
        f"{heading('approver', lang)} {_md(w.approver)}",
        f"{heading('granted', lang)} {_md(w.granted)}",
    ]
    if w.expires:
        parts.append(f"{heading('expires', lang)} {_md(w.expires)}")
    parts.append(_code(f"{f.file}:{w.line}"))
    return " · ".join(parts)


def _finding(f: Finding, lang: Lang) -> list[str]:
    severity = word(SEVERITY, f.severity, lang)
    head = f"- **{_md(severity)}** {_code(f.rule_id)}"
    if lang == "zh":  # a rule id is named by its title for a reviewer
        head += f"（{_md(f.title.zh)}）"
    if f.implements:
        head += " " + _md("[" + ", ".join(f.implements) + "]")
    head += f" {_code(place(f, lang, column=False))}"
    if f.waived_by is not None:
        head += f" *({_md(heading('waived', lang))})*"
    if f.baselined:
        head += f" *({_md(heading('baselined', lang))})*"
    head += f" {_md(f.message.pick(lang))}"
    lines = [head]
    detail = f.detail.pick(lang)
    if detail:
        lines.append(f"  - {_md(detail)}")
    cited = _citation(f, lang)
    if cited:
        lines.append(f"  - {cited}")
    if f.plan_source or f.plan_quote:
        lines.append(f"  - {_plan_source(f, lang)}")
    fix = f.fix.pick(lang)
    if fix:
        lines.append(f"  - {_md(labelled('fix', fix, lang))}")
    if f.waived_by is not None:
        lines.append(f"  - {_waiver(f, lang)}")
    return lines


def _plan_source(f: Finding, lang: Lang) -> str:
    """The plan's own section and sentence a finding rests on."""
    if lang == "zh":
        quote = quoted(zh(f.plan_quote)) if f.plan_quote else ""
        return _md(labelled("plan_source", zh(f.plan_source or "") + quote, lang))
    where = _md(f.plan_source or "")
    quote = _md(f.plan_quote or "")
    text = f"{where}: {quote}" if where and quote else where or quote
    return f"{heading('plan_source', lang)} {text}"


def _layer_title(report: PlanReport, layer_id: str, lang: Lang) -> str:
    for layer in report.layers:
        if layer.id == layer_id:
            return layer.title.pick(lang)
    return HEADINGS[layer_id].pick(lang) if layer_id in HEADINGS else layer_id


def _findings(report: PlanReport, lang: Lang) -> list[str]:
    lines = [f"### {heading('findings', lang)}", ""]
    if not report.findings:
        return [*lines, heading("no_findings", lang)]
    order = [layer.id for layer in report.layers]
    groups: dict[str, list[Finding]] = {}
    for f in report.findings:
        groups.setdefault(f.layer, []).append(f)
    ranked = sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g))
    for layer_id in ranked:
        lines += [f"#### {_md(_layer_title(report, layer_id, lang))}", ""]
        for f in groups[layer_id]:
            lines += _finding(f, lang)
        lines.append("")
    return lines[:-1]


def _matrix(report: PlanReport, lang: Lang) -> list[str]:
    if not report.requirements:
        return []
    tally = {s: sum(r.status == s for r in report.requirements) for s in REQUIREMENT_STATUS}
    tally.update({r.status: tally.get(r.status, 0) + 1 for r in report.requirements if r.status not in tally})
    if lang == "zh":
        counted = "，".join(f"{word(REQUIREMENT_STATUS, s, lang)} {n}" for s, n in tally.items() if n)
        summary = f"{heading('matrix', lang)}（{len(report.requirements)} 项：{counted}）"
    else:
        counted = ", ".join(f"{word(REQUIREMENT_STATUS, s, lang)} {n}" for s, n in tally.items() if n)
        summary = f"{heading('matrix', lang)} ({len(report.requirements)}: {counted})"
    titles = {c.rule_id: c.title.zh for c in report.checks} if lang == "zh" else {}
    rows = []
    for r in report.requirements:
        status = _md(word(REQUIREMENT_STATUS, r.status, lang))
        if r.status in ("missing", "partial"):
            status = f"**{status}**"
        rules = ("、" if lang == "zh" else ", ").join(
            (f"**{_code(rule)}**" if rule in r.failing else _code(rule))
            + (f"（{_md(titles[rule])}）" if rule in titles else "")
            for rule in r.rules
        )
        rows.append(
            [
                f"**{_md(r.id)}**",
                _md(r.title.pick(lang)),
                _md(word(FORCE, r.force, lang)),
                status,
                rules,
            ]
        )
    header = [
        heading("id", lang),
        heading("requirement", lang),
        heading("force", lang),
        heading("status", lang),
        heading("rules", lang),
    ]
    return [
        f"<details><summary>{html.escape(summary)}</summary>",
        "",
        *_table(header, rows),
        "",
        "</details>",
    ]


def _plan(report: PlanReport, lang: Lang) -> list[str]:
    lines = [*_identity(report, lang), "", *_layers(report, lang), "", *_findings(report, lang)]
    matrix = _matrix(report, lang)
    if matrix:
        lines += ["", *matrix]
    return lines


def _errors(run: RunReport, lang: Lang) -> list[str]:
    if not run.errors:
        return []
    lines = [f"## {heading('errors', lang)}", ""]
    for problem in run.errors:
        lines.append(f"- {_code(problem.location())} {_md(problem.message.pick(lang))}")
    return lines


def _baseline(run: RunReport, lang: Lang) -> list[str]:
    if run.baseline is None or not run.baseline.fixed:
        return []
    lines = [f"## {heading('baseline_fixed', lang)}", ""]
    if run.baseline.file:
        lines += [f"{heading('baseline_file', lang)} {_code(run.baseline.file)}", ""]
    for entry in run.baseline.fixed:
        parts = [_code(entry.get("rule", "")), _code(entry.get("file", ""))]
        if entry.get("path"):
            parts.append(_md(entry["path"]))
        lines.append("- " + " ".join(parts))
    return lines


def _overview(run: RunReport, lang: Lang) -> list[str]:
    """One row per plan, when there are several: the verdicts at a glance."""
    if len(run.reports) < 2:
        return []
    header = [heading("plan", lang), heading("file", lang), heading("region", lang), heading("result", lang)]
    rows = [
        [_md(r.title), _code(r.file), _md(r.region), _md(summary_line(r.counts()).pick(lang))]
        for r in run.reports
    ]
    return ["", *_table(header, rows)]


def render(run: RunReport, context: RenderContext) -> str:
    lang = context.lang
    lines = [f"# {heading('report', lang)}", *_overview(run, lang)]
    for report in run.reports:
        lines += ["", *_plan(report, lang)]
    for section in (_errors(run, lang), _baseline(run, lang)):
        if section:
            lines += ["", *section]
    lines += ["", f"{heading('generated', lang)} plancheck {_md(run.version)}"]
    return "\n".join(lines) + "\n"
