"""HTML: one self-contained gap report to hand around (inline CSS and SVG, no script, nothing
fetched). Per plan: its identity, a per-layer coverage chart, the requirement matrix, every
finding with its citation, plan text and fix, the waivers and the checks run; then input errors
and fixed baseline entries. Prints on A4. Every value from a plan is escaped."""

from __future__ import annotations

import re
import unicodedata
from html import escape

from plancheck.engine.findings import (
    BaselineNote,
    Finding,
    LayerSummary,
    PlanReport,
    RequirementResult,
    RuleResult,
    RunReport,
)
from plancheck.errors import Problem
from plancheck.i18n import Lang, Message, zh
from plancheck.read.inputs import is_document
from plancheck.report import RenderContext
from plancheck.report.labels import (
    FORCE,
    HEADINGS,
    LAYER_STATUS,
    LEVEL,
    REQUIREMENT_STATUS,
    RULE_STATUS,
    SEVERITY,
    WAIVER_STATUS,
    summary_line,
    word,
)
from plancheck.report.page_style import BASE_CSS
from plancheck.report.place import is_word, place

# Status and severity colours (text on white, and the chart's fills). Every coloured mark also
# carries its word or a glyph, so nothing is said by colour alone.
FILL = {
    "passed": "#5a9e72",
    "waived": "#8c7fb8",
    "partial": "#d99a1e",
    "missing": "#c93a2e",
    "empty": "#e3e7eb",
}
STATUS_GLYPH = {
    "covered": "✓",
    "passed": "✓",
    "partial": "◐",
    "missing": "✗",
    "failed": "✗",
    "waived": "○",
    "not-applicable": "–",
    "not-checked": "?",
}
STATUS_ORDER = {"failed": 0, "waived": 1, "passed": 2, "not-applicable": 3, "not-checked": 4}

CSS = (
    BASE_CSS
    + """.sheet {
  max-width: 1160px; margin: 24px auto; background: var(--paper); padding: 36px 48px 28px;
  border: 1px solid var(--rule); border-radius: 6px;
}
h2 { font-size: 21px; line-height: 1.35; margin: 0; font-weight: 700; }
h1, h2, td, blockquote { overflow-wrap: anywhere; }
h3 {
  font-size: 17px; margin: 30px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--rule);
  font-weight: 700; color: var(--accent);
}
h3 .count { color: var(--muted); font-weight: 400; font-size: 15px; }
p { margin: 0 0 8px; }
code, .mono { font-family: var(--mono); font-size: 0.86em; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.subtitle { color: var(--muted); margin: 0 0 20px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--rule); }
th { font-size: 13px; font-weight: 700; color: var(--muted); background: #f7f9fa; white-space: nowrap; }
td { font-size: 14px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.overview td.num { width: 5.5em; }
.overview .file { color: var(--muted); font-size: 13px; }
section.plan { margin-top: 40px; padding-top: 24px; border-top: 3px solid var(--accent); }
.identity {
  display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 6px 24px;
  margin: 14px 0 0; padding: 0;
}
.identity div { min-width: 0; }
.identity dt { font-size: 12px; color: var(--muted); margin: 0; }
.identity dd { margin: 0; font-size: 15px; overflow-wrap: anywhere; }
.identity dd .sub { color: var(--muted); font-size: 13px; }
.stats { display: flex; flex-wrap: wrap; gap: 10px; margin: 18px 0 0; padding: 0; list-style: none; }
.stats li {
  border: 1px solid var(--rule); border-radius: 6px; padding: 6px 14px; min-width: 92px;
  border-top: 4px solid var(--faint);
}
.stats .n { display: block; font-size: 24px; font-weight: 700; line-height: 1.2;
  font-variant-numeric: tabular-nums; }
.stats .w { display: block; font-size: 13px; color: var(--muted); }
.stats .s-error { border-top-color: var(--miss); }
.stats .s-warning { border-top-color: #d99a1e; }
.stats .s-info { border-top-color: var(--info); }
.stats .s-waived { border-top-color: var(--waive); }
.stats .s-zero .n { color: var(--faint); }
figure.chart { margin: 0; }
figure.chart svg { display: block; width: 100%; max-width: 900px; height: auto; }
figure.chart figcaption { font-size: 13px; color: var(--muted); margin-top: 6px; }
svg text { font-family: var(--sans); fill: var(--ink); }
svg .head { fill: var(--muted); font-size: 12px; font-weight: 700; }
svg .group { fill: var(--muted); font-size: 12px; }
svg .label { font-size: 14px; }
svg .other { fill: var(--muted); }
svg .count { font-size: 14px; font-variant-numeric: tabular-nums; }
svg .st { font-size: 14px; font-weight: 700; }
svg .legend { font-size: 12px; fill: var(--muted); }
.pill {
  display: inline-block; white-space: nowrap; font-size: 13px; font-weight: 700; line-height: 1.5;
  padding: 0 8px; border-radius: 10px; border: 1px solid transparent;
}
.st-covered, .st-passed { color: var(--ok); background: var(--ok-bg); }
.st-partial { color: var(--part); background: var(--part-bg); }
.st-missing, .st-failed { color: var(--miss); background: var(--miss-bg); }
.st-waived { color: var(--waive); background: var(--waive-bg); }
.st-not-applicable, .st-not-checked { color: var(--na); background: var(--na-bg); font-weight: 400; }
.sev { display: inline-block; font-size: 13px; font-weight: 700; padding: 0 8px; border-radius: 3px;
  line-height: 1.6; white-space: nowrap; }
.sev-error { color: #fff; background: var(--miss); }
.sev-warning { color: #4a2f00; background: #f2c660; }
.sev-info { color: var(--info); background: var(--info-bg); }
table.matrix td.id { font-weight: 700; font-family: var(--mono); white-space: nowrap; width: 3.5em; }
table.matrix td.force { white-space: nowrap; color: var(--muted); }
table.matrix td.status { white-space: nowrap; }
table.matrix tr.group td {
  background: #f7f9fa; color: var(--accent); font-weight: 700; font-size: 13px; padding: 5px 10px;
}
table.matrix tr.na td { color: var(--muted); }
table.matrix col.c-req { width: 34%; }
table.matrix col.c-rules { width: 27%; }
table.matrix col.c-loc { width: 17%; }
ul.rules { list-style: none; margin: 0; padding: 0; }
ul.rules li { font-family: var(--mono); font-size: 12px; line-height: 1.55; overflow-wrap: anywhere; }
ul.rules .g { display: inline-block; width: 1.2em; font-family: var(--sans); }
ul.rules .rt { font-family: var(--sans); font-weight: 400; color: var(--muted); }
ul.rules .r-failed, ul.rules .r-failed a { color: var(--miss); font-weight: 700; }
ul.rules .r-passed { color: var(--ink); }
ul.rules .r-passed .g { color: var(--ok); }
ul.rules .r-waived { color: var(--waive); }
ul.rules .r-not-applicable, ul.rules .r-not-checked { color: var(--faint); }
ul.rules .r-info, ul.rules .r-info a { color: var(--info); }
.lines { font-family: var(--mono); font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
.none { color: var(--faint); }
.finding {
  border: 1px solid var(--rule); border-left: 5px solid var(--faint); border-radius: 4px;
  padding: 12px 16px 10px; margin: 0 0 14px; break-inside: avoid; page-break-inside: avoid;
}
.finding.f-error { border-left-color: var(--miss); }
.finding.f-warning { border-left-color: #d99a1e; }
.finding.f-info { border-left-color: var(--info); }
.finding.is-quiet { background: #fafbfc; }
.finding header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
.finding .rule { font-family: var(--mono); font-size: 13px; font-weight: 700; }
.finding .rule-title { font-size: 13px; color: var(--muted); }
.finding .impl { font-family: var(--mono); font-size: 12px; color: var(--muted); }
.finding .loc { margin-left: auto; font-family: var(--mono); font-size: 13px; color: var(--muted); }
.finding .flag { font-size: 12px; font-weight: 700; border: 1px solid currentColor; border-radius: 3px;
  padding: 0 6px; }
.finding .flag.waived { color: var(--waive); }
.finding .flag.baselined { color: var(--na); }
.finding .msg { font-size: 16px; font-weight: 700; margin: 6px 0 2px; }
.finding .detail { color: var(--muted); margin: 0 0 8px; }
.finding dl { display: grid; grid-template-columns: 6.5em 1fr; gap: 6px 12px; margin: 0; }
.finding dt { color: var(--muted); font-size: 13px; padding-top: 2px; }
.finding dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.finding .path { font-family: var(--mono); font-size: 13px; }
.finding .src { font-weight: 700; margin-right: 6px; }
.finding .doc { color: var(--muted); font-size: 13px; }
blockquote {
  margin: 3px 0 0; padding: 4px 12px; border-left: 3px solid var(--rule); background: #f8f9fb;
  color: #323f4b; font-size: 14px;
}
blockquote.plan-quote { border-left-color: #9fb3c8; }
.fix { color: var(--ok); font-weight: 500; }
table.simple td, table.simple th { font-size: 13px; }
table.simple td.mono { font-family: var(--mono); font-size: 12px; overflow-wrap: anywhere; }
details.checks { margin-top: 30px; border: 1px solid var(--rule); border-radius: 4px; }
details.checks > summary {
  cursor: pointer; padding: 10px 14px; font-weight: 700; color: var(--accent); font-size: 16px;
}
details.checks > summary .count { color: var(--muted); font-weight: 400; font-size: 14px; margin-left: 8px; }
details.checks > table { margin: 0 0 4px; }
table.checklist td.rid { font-family: var(--mono); font-size: 12px; white-space: nowrap; }
table.checklist td.impl { font-family: var(--mono); font-size: 12px; color: var(--muted); }
table.checklist td.sevword, table.checklist td.st { white-space: nowrap; color: var(--muted); }
table.checklist td.num { color: var(--miss); font-weight: 700; }
.errors li, .fixed li { margin-bottom: 6px; }
.errors code { color: var(--miss); }
.warn-word { color: var(--part); font-weight: 700; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--rule); color: var(--muted);
  font-size: 13px; }

@page { size: A4; margin: 15mm; }
@media print {
  body { background: none; font-size: 10pt; line-height: 1.5; color: #000; }
  .sheet { max-width: none; margin: 0; padding: 0; border: 0; border-radius: 0; }
  h1 { font-size: 17pt; }
  h2 { font-size: 14pt; }
  h3 { font-size: 12pt; margin-top: 16pt; }
  h1, h2, h3, summary { break-after: avoid; page-break-after: avoid; }
  section.plan { margin-top: 20pt; padding-top: 0; border-top: 0; }
  section.plan ~ section.plan { break-before: page; page-break-before: always; margin-top: 0; }
  .identity { grid-template-columns: repeat(3, 1fr); gap: 3pt 14pt; }
  .identity dd { font-size: 10pt; }
  table.matrix col.c-req { width: 33%; }
  table.matrix col.c-rules { width: 30%; }
  table.matrix col.c-loc { width: 13%; }
  ul.rules li, .lines { font-size: 7pt; }
  .pill, .sev { font-size: 8pt; padding: 0 4pt; }
  table.checklist td, table.checklist th { font-size: 7.5pt; padding: 1.5pt 4pt; }
  table.checklist td.rid, table.checklist td.impl { font-size: 7pt; }
  a { color: inherit; }
  th { background: none; border-bottom: 1.5px solid #555; }
  th, td { font-size: 8.5pt; padding: 3pt 5pt; }
  thead { display: table-header-group; }
  tr, li, table.matrix tbody { break-inside: avoid; page-break-inside: avoid; }
  .pill, .st-covered, .st-passed, .st-partial, .st-missing, .st-failed, .st-waived,
  .st-not-applicable, .st-not-checked { background: none; border-color: currentColor; }
  .sev { background: none; border: 1px solid currentColor; }
  .sev-error { color: var(--miss); }
  .sev-warning { color: var(--part); }
  .stats li { padding: 2pt 8pt; min-width: 0; }
  .stats .n { font-size: 14pt; }
  .finding { padding: 6pt 9pt; margin-bottom: 7pt; }
  .finding.is-quiet, blockquote, table.matrix tr.group td { background: none; }
  .finding .msg { font-size: 11pt; }
  blockquote { font-size: 9.5pt; }
  figure.chart { break-inside: avoid; }
  figure.chart svg { max-width: 100%; }
  details.checks { border: 0; }
  details.checks > summary { padding: 0; font-size: 12pt; list-style: none; margin-top: 16pt; }
  details.checks > summary::-webkit-details-marker { display: none; }
  details.checks::details-content { content-visibility: visible; display: block; }
  footer { margin-top: 16pt; }
}
"""
)


class _Page:
    """The words of one language, and the helpers that escape as they go."""

    def __init__(self, lang: Lang):
        self.lang = lang

    def t(self, key: str) -> str:
        return escape(HEADINGS[key].pick(self.lang))

    def title(self, report: PlanReport) -> str:
        """The plan's title, in Chinese with full-width punctuation (规划（2021—2025年）)."""
        return zh(report.title) if self.lang == "zh" else report.title

    def m(self, message: Message) -> str:
        return escape(message.pick(self.lang))

    def word(self, table: dict[str, Message], key: str) -> str:
        return escape(table.get(key, Message(key, key)).pick(self.lang))

    def counted(self, n: int, word: str) -> str:
        """A number with its (already escaped) word, in the language's order."""
        return f"{word} {n}" if self.lang == "zh" else f"{n} {word}"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _anchor(*parts: str) -> str:
    return "-".join(re.sub(r"[^A-Za-z0-9_]+", "_", part) for part in parts)


def _text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` in the sans font at ``size`` px."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def _locations(values: list[str], plan_file: str, page: _Page) -> str:
    """'file:line' places as line numbers (sorted as numbers); other files in full."""
    lines: list[int] = []
    other: list[str] = []
    for value in values:
        file, sep, line = value.rpartition(":")
        if sep and file == plan_file and line.isdigit():
            lines.append(int(line))
        else:
            other.append(value)
    parts = []
    if lines:
        unique = sorted(set(lines))
        numbers = ("、" if page.lang == "zh" else ", ").join(str(n) for n in unique[:8])
        word = is_word(plan_file)  # a Word plan's places are paragraphs, others' are lines
        if len(unique) > 8:
            unit = page.t("paragraph" if word else "line")
            numbers += f"……（共 {len(unique)} {unit}）" if page.lang == "zh" else f", … ({len(unique)})"
        label = page.t(("paragraph" if word else "line") + ("" if len(unique) == 1 else "s"))
        parts.append(f'<span class="lines" title="{_e(plan_file)}">{label} {numbers}</span>')
    parts.extend(f'<span class="lines">{_e(v)}</span>' for v in sorted(other))
    return "<br>".join(parts) if parts else '<span class="none">—</span>'


# --- the layer chart -------------------------------------------------------------------------


def _layer_cells(layer: LayerSummary, checks: list[RuleResult], lang: Lang = "en") -> list[tuple[str, str]]:
    """One (fill, tooltip) per counted rule of the layer: passed, waived, then failing (in
    Chinese each rule named by its title, its status in words)."""
    counted = [
        c
        for c in checks
        if c.layer == layer.id and c.severity != "info" and c.status in ("passed", "failed", "waived")
    ]
    failing_fill = FILL["missing"] if layer.status == "missing" else FILL["partial"]
    if len(counted) == layer.rules and {c.rule_id for c in counted if c.status == "failed"} == set(
        layer.failing
    ):
        counted.sort(key=lambda c: {"passed": 0, "waived": 1, "failed": 2}[c.status])
        fills = {"passed": FILL["passed"], "waived": FILL["waived"], "failed": failing_fill}
        if lang == "zh":
            return [
                (fills[c.status], f"{c.rule_id} {c.title.zh}：{word(RULE_STATUS, c.status, lang)}")
                for c in counted
            ]
        return [(fills[c.status], f"{c.rule_id}: {c.status}") for c in counted]
    passed = layer.rules - len(layer.failing)
    return [(FILL["passed"], word(RULE_STATUS, "passed", lang))] * passed + [
        (failing_fill, r) for r in layer.failing
    ]


def _chart(report: PlanReport, page: _Page, number: int) -> str:
    layers = [layer for layer in report.layers if layer.framework]
    others = [layer for layer in report.layers if not layer.framework]
    width, row, label_size = 900, 30, 14
    titles = [layer.title.pick(page.lang) for layer in report.layers]
    label_width = min(max([_text_width(t, label_size) for t in titles] + [120]) + 16, 340)
    bar_x = label_width + 8
    status_x = width - 200
    bar_width = status_x - 20 - bar_x
    out = []
    y = 22
    out.append(f'<text class="head" x="0" y="{y - 6}">{page.t("layer")}</text>')
    out.append(f'<text class="head" x="{bar_x:.0f}" y="{y - 6}">{page.t("rules")}</text>')
    out.append(f'<text class="head" x="{status_x}" y="{y - 6}">{page.t("status")}</text>')
    failing_head = page.t("failing")
    out.append(f'<text class="head" x="{width - 4}" y="{y - 6}" text-anchor="end">{failing_head}</text>')
    out.append(f'<line x1="0" x2="{width}" y1="{y}" y2="{y}" stroke="#d9dfe5"/>')
    y += 6
    groups: list[tuple[str | None, list[LayerSummary]]] = [(None, layers)]
    if others:
        groups.append((page.t("other_layers"), others))
    any_waived = False
    for heading, members in groups:
        if heading is not None:
            y += 8
            out.append(f'<text class="group" x="0" y="{y + 12}">{heading}</text>')
            out.append(f'<line x1="0" x2="{width}" y1="{y + 18}" y2="{y + 18}" stroke="#eef1f4"/>')
            y += 22
        for layer in members:
            mid = y + row / 2
            css = "label" if layer.framework else "label other"
            title = _e(layer.title.pick(page.lang))
            out.append(f'<text class="{css}" x="0" y="{mid + 5}">{title}</text>')
            cells = _layer_cells(layer, report.checks, page.lang)
            any_waived = any_waived or any(fill == FILL["waived"] for fill, _ in cells)
            if cells:
                cell = bar_width / len(cells)
                gap = 2 if cell > 8 else 0
                for index, (fill, tip) in enumerate(cells):
                    x = bar_x + index * cell
                    out.append(
                        f'<rect x="{x:.1f}" y="{mid - 8}" width="{cell - gap:.1f}" height="16" '
                        f'rx="2" fill="{fill}"><title>{_e(tip)}</title></rect>'
                    )
            else:
                out.append(
                    f'<rect x="{bar_x:.1f}" y="{mid - 8}" width="{bar_width:.1f}" height="16" rx="2" '
                    f'fill="none" stroke="{FILL["empty"]}" stroke-dasharray="4 3"/>'
                )
            colour = {
                "covered": "#22693f",
                "partial": "#8a5300",
                "missing": "#a8261b",
            }.get(layer.status, "#5c6b7a")
            glyph = STATUS_GLYPH.get(layer.status, "")
            word = page.word(LAYER_STATUS, layer.status)
            out.append(
                f'<text class="st" x="{status_x}" y="{mid + 5}" fill="{colour}" style="fill:{colour}">'
                f"{glyph} {word}</text>"
            )
            counts = f"{len(layer.failing)}/{layer.rules}" if layer.rules else "—"
            out.append(f'<text class="count" x="{width - 4}" y="{mid + 5}" text-anchor="end">{counts}</text>')
            y += row
    y += 10
    legend = [(FILL["passed"], page.word(RULE_STATUS, "passed"))]
    if any_waived:
        legend.append((FILL["waived"], page.word(RULE_STATUS, "waived")))
    failed = page.word(RULE_STATUS, "failed")
    legend.append((FILL["partial"], f"{failed} · {page.word(LAYER_STATUS, 'partial')}"))
    legend.append((FILL["missing"], f"{failed} · {page.word(LAYER_STATUS, 'missing')}"))
    x = bar_x
    for fill, text in legend:
        out.append(f'<rect x="{x:.0f}" y="{y}" width="12" height="12" rx="2" fill="{fill}"/>')
        out.append(f'<text class="legend" x="{x + 17:.0f}" y="{y + 10}">{text}</text>')
        x += 17 + _text_width(text, 12) + 16
    height = y + 18
    label_id = f"chart-{number}"
    return (
        f'<figure class="chart"><svg role="img" aria-labelledby="{label_id}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{label_id}">{page.t("layers")}{"：" if page.lang == "zh" else ": "}'
        f"{_e(page.title(report))}</title>"
        + "".join(out)
        + f"</svg><figcaption>{page.t('layers_note')}</figcaption></figure>"
    )


# --- the requirement matrix ------------------------------------------------------------------


def _rule_list(rules: list[str], checks: dict[str, RuleResult], anchors: dict[str, str], page: _Page) -> str:
    items = []
    for rule_id in rules:
        check = checks.get(rule_id)
        status: str = check.status if check is not None else "not-checked"
        glyph = STATUS_GLYPH.get(status, "")
        word = page.word(RULE_STATUS, status)
        if check is not None and status == "failed" and check.severity == "info":
            status, glyph = "info", "ⓘ"
            word = (
                f"{word}（{page.word(SEVERITY, 'info')}）"
                if page.lang == "zh"
                else f"{word} ({page.word(SEVERITY, 'info')})"
            )
        name = _e(rule_id)
        if rule_id in anchors:
            name = f'<a href="#{anchors[rule_id]}">{name}</a>'
        if page.lang == "zh" and check is not None:  # a rule id is named by its title for a reviewer
            name += f' <span class="rt">{_e(check.title.zh)}</span>'
        items.append(
            f'<li class="r-{_e(status)}" title="{word}"><span class="g" aria-label="{word}">{glyph}</span>'
            f"{name}</li>"
        )
    return f'<ul class="rules">{"".join(items)}</ul>'


def _matrix(report: PlanReport, page: _Page, anchors: dict[str, str]) -> str:
    checks = {c.rule_id: c for c in report.checks}
    layer_titles = {layer.id: layer.title for layer in report.layers}
    groups: list[list[str]] = []  # one tbody per layer, kept on one page when printed
    current: str | None = None
    for req in report.requirements:
        if req.layer != current or not groups:
            current = req.layer
            title = layer_titles.get(req.layer)
            name = page.m(title) if title is not None else _e(req.layer)
            groups.append([f'<tr class="group"><td colspan="6">{name}</td></tr>'])
        groups[-1].append(_matrix_row(req, report, checks, anchors, page))
    body = "".join(f"<tbody>{''.join(rows)}</tbody>" for rows in groups)
    head = (
        "".join(f"<th>{page.t(key)}</th>" for key in ("id", "requirement", "force", "status", "rules"))
        + f"<th>{page.t('locations')}</th>"
    )
    return (
        '<table class="matrix"><colgroup><col class="c-id"><col class="c-req"><col class="c-force">'
        '<col class="c-status"><col class="c-rules"><col class="c-loc"></colgroup>'
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


def _matrix_row(
    req: RequirementResult,
    report: PlanReport,
    checks: dict[str, RuleResult],
    anchors: dict[str, str],
    page: _Page,
) -> str:
    status = _e(req.status)
    glyph = STATUS_GLYPH.get(req.status, "")
    word = page.word(REQUIREMENT_STATUS, req.status)
    quiet = " na" if req.status in ("not-applicable", "not-checked") else ""
    return (
        f'<tr class="req{quiet}">'
        f'<td class="id">{_e(req.id)}</td>'
        f"<td>{page.m(req.title)}</td>"
        f'<td class="force">{page.word(FORCE, req.force)}</td>'
        f'<td class="status"><span class="pill st-{status}">{glyph} {word}</span></td>'
        f"<td>{_rule_list(req.rules, checks, anchors, page)}</td>"
        f"<td>{_locations(req.locations, report.file, page)}</td></tr>"
    )


# --- findings ----------------------------------------------------------------------------------


def _finding(f: Finding, page: _Page, anchor: str | None) -> str:
    severity = f.severity if f.severity in SEVERITY else "info"
    quiet = " is-quiet" if not f.counts else ""
    where = place(f, page.lang)
    flags = []
    if f.waived_by is not None:
        flags.append(f'<span class="flag waived">{page.t("waived")}</span>')
    if f.baselined:
        flags.append(f'<span class="flag baselined">{page.t("baselined")}</span>')
    implements = f'<span class="impl">[{_e(", ".join(f.implements))}]</span>' if f.implements else ""
    chinese = page.lang == "zh"

    def shown(text: str | None) -> str:
        return zh(text) if chinese else text or ""

    named = f'<span class="rule-title">{_e(f.title.zh)}</span>' if chinese else ""
    head = (
        f'<span class="sev sev-{_e(severity)}">{page.word(SEVERITY, f.severity)}</span>'
        f'<span class="rule">{_e(f.rule_id)}</span>{named}{implements}{"".join(flags)}'
        f'<span class="loc">{_e(where)}</span>'
    )
    # a reviewer reading Chinese, or a document's reader, is told the place in words (the detail);
    # the path is for a YAML plan's author
    words_only = chinese or is_document(f.file)
    rows = [] if words_only else [(page.t("path"), f'<span class="path">{_e(f.path)}</span>')]
    if f.citation_section or f.citation_text or f.citation_document:
        cite = f'<span class="src">{_e(shown(f.citation_section))}</span>' if f.citation_section else ""
        if f.citation_document:
            cite += f'<span class="doc">{_e(f.citation_document)}</span>'
        if f.citation_text:
            cite += f"<blockquote>{_e(shown(f.citation_text))}</blockquote>"
        rows.append((page.t("cite"), cite))
    if f.plan_source or f.plan_quote:
        own = f'<span class="src">{_e(shown(f.plan_source))}</span>' if f.plan_source else ""
        if f.plan_quote:
            own += f'<blockquote class="plan-quote">{_e(shown(f.plan_quote))}</blockquote>'
        rows.append((page.t("plan_source"), own))
    rows.append((page.t("fix"), f'<span class="fix">{page.m(f.fix)}</span>'))
    if f.waived_by is not None:
        w = f.waived_by
        text = f"{_e(w.reason)} · {page.t('approver')} {_e(w.approver)} · {page.t('granted')} {_e(w.granted)}"
        if w.expires:
            text += f" · {page.t('expires')} {_e(w.expires)}"
        text += f" · {page.t('line')} {w.line}"
        rows.append((page.t("waived"), text))
    if f.baselined:
        rows.append((page.t("baselined"), f'<code class="mono">{_e(f.fingerprint)}</code>'))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    ident = f' id="{anchor}"' if anchor else ""
    return (
        f'<article class="finding f-{_e(severity)}{quiet}"{ident}><header>{head}</header>'
        f'<p class="msg">{page.m(f.message)}</p><p class="detail">{page.m(f.detail)}</p>'
        f"<dl>{body}</dl></article>"
    )


def _waivers(report: PlanReport, page: _Page) -> str:
    if not report.waivers:
        return ""
    head = "".join(
        f"<th>{page.t(k)}</th>"
        for k in ("rule", "reason", "approver", "granted", "expires", "path", "status")
    )
    head += f'<th class="num">{page.t("findings_waived")}</th>'
    rows = []
    for w in report.waivers:
        status = {"used": "covered", "unused": "partial", "expired": "missing"}.get(w.status, "not-checked")
        rows.append(
            f'<tr><td class="mono">{_e(w.rule)}</td><td>{_e(w.reason)}</td><td>{_e(w.approver)}</td>'
            f"<td>{_e(w.granted)}</td><td>{_e(w.expires or '—')}</td>"
            f'<td class="mono">{_e(w.path or "—")}</td>'
            f'<td><span class="pill st-{status}">{page.word(WAIVER_STATUS, w.status)}</span></td>'
            f'<td class="num">{w.waived}</td></tr>'
        )
    return (
        f'<h3>{page.t("waivers")} <span class="count">({len(report.waivers)})</span></h3>'
        f'<table class="simple"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _checks(report: PlanReport, page: _Page) -> str:
    tally: dict[str, int] = {}
    for c in report.checks:
        tally[c.status] = tally.get(c.status, 0) + 1
    run = ("failed", "waived", "passed")  # what rules_checked counts, as everywhere else
    summary = " · ".join(page.counted(tally[s], page.word(RULE_STATUS, s)) for s in run if tally.get(s))
    others = " · ".join(
        page.counted(tally[s], page.word(RULE_STATUS, s))
        for s in ("not-applicable", "not-checked")
        if tally.get(s)
    )
    if others:
        summary += f"；{others}" if page.lang == "zh" else f"; {others}"
    order = {layer.id: index for index, layer in enumerate(report.layers)}
    rows = []
    for c in sorted(report.checks, key=lambda c: (STATUS_ORDER.get(c.status, 9), order.get(c.layer, 99))):
        status = _e(c.status)
        implements = _e(", ".join(c.implements))
        rows.append(
            f'<tr><td class="rid">{_e(c.rule_id)}</td><td class="impl">{implements}</td>'
            f"<td>{page.m(c.title)}</td>"
            f'<td class="sevword">{page.word(SEVERITY, c.severity)}</td>'
            f'<td class="st"><span class="pill st-{status}">{STATUS_GLYPH.get(c.status, "")} '
            f"{page.word(RULE_STATUS, c.status)}</span></td>"
            f'<td class="num">{c.findings or ""}</td></tr>'
        )
    head = (
        "".join(f"<th>{page.t(k)}</th>" for k in ("rule", "implements", "title", "severity", "status"))
        + f'<th class="num">{page.t("finding_count")}</th>'
    )
    return (
        f'<details class="checks"><summary>{page.t("checks")}<span class="count">'
        f"{report.rules_checked} {page.t('rules_run')}{'：' if page.lang == 'zh' else ': '}{summary}</span></summary>"
        f'<table class="simple checklist"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table></details>"
    )


# --- a plan, the run -----------------------------------------------------------------------------


def _stats(report: PlanReport, page: _Page) -> str:
    counts = report.counts()
    items = [(counts[s], page.word(SEVERITY, s), f"s-{s}") for s in ("error", "warning", "info")]
    if counts["waived"]:
        items.append((counts["waived"], page.t("waived"), "s-waived"))
    if counts["baselined"]:
        items.append((counts["baselined"], page.t("baselined"), "s-baselined"))
    items.append((report.rules_checked, page.t("rules"), "s-rules"))
    return (
        '<ul class="stats">'
        + "".join(
            f'<li class="{css}{" s-zero" if n == 0 else ""}"><span class="n">{n}</span>'
            f'<span class="w">{word}</span></li>'
            for n, word, css in items
        )
        + "</ul>"
    )


def _plan(report: PlanReport, page: _Page, number: int) -> str:
    level = page.word(LEVEL, report.level)
    identity = [
        ("region", _e(report.region)),
        ("level", level),
        ("province", _e(report.province)),
        ("period", _e(report.period)),
        ("file", f"<code>{_e(report.file)}</code>"),
        (
            "pack",
            f"<code>{_e(report.pack)}</code> {_e(report.pack_version)}"
            f'<br><span class="sub">{page.m(report.pack_title)}</span>',
        ),
    ]
    dl = "".join(f"<div><dt>{page.t(k)}</dt><dd>{v}</dd></div>" for k, v in identity)
    anchors: dict[str, str] = {}
    findings = []
    for index, f in enumerate(report.findings):
        anchor = None
        if f.rule_id not in anchors:
            anchor = anchors[f.rule_id] = _anchor(f"plan{number}", "finding", str(index + 1))
        findings.append(_finding(f, page, anchor))
    if not findings:
        findings.append(f'<p class="none">{page.t("no_findings")}</p>')
    return (
        f'<section class="plan" id="plan-{number}"><h2>{_e(page.title(report))}</h2>'
        f'<dl class="identity">{dl}</dl>{_stats(report, page)}'
        f"<h3>{page.t('layers')}</h3>{_chart(report, page, number)}"
        f"<h3>{page.t('matrix')}</h3>{_matrix(report, page, anchors)}"
        f'<h3>{page.t("findings")} <span class="count">({len(report.findings)})</span></h3>'
        + "".join(findings)
        + _waivers(report, page)
        + _checks(report, page)
        + "</section>"
    )


def _overview(run: RunReport, page: _Page) -> str:
    if not run.reports:
        return ""
    counts = [report.counts() for report in run.reports]
    columns = [(s, page.word(SEVERITY, s)) for s in ("error", "warning", "info")]
    columns += [(k, page.t(k)) for k in ("waived", "baselined") if any(c[k] for c in counts)]
    head = (
        f"<th>{page.t('plan')}</th>"
        + "".join(f'<th class="num">{word}</th>' for _, word in columns)
        + f'<th class="num">{page.t("rules")}</th>'
    )
    rows = []
    for number, (report, count) in enumerate(zip(run.reports, counts, strict=True), 1):
        rows.append(
            f'<tr><td><a href="#plan-{number}">{_e(page.title(report))}</a><br>'
            f'<span class="file"><code>{_e(report.file)}</code> · {page.m(summary_line(count))}</span></td>'
            + "".join(f'<td class="num">{count[key]}</td>' for key, _ in columns)
            + f'<td class="num">{report.rules_checked}</td></tr>'
        )
    return (
        f"<h3>{page.t('contents')}</h3>"
        f'<table class="overview"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _errors(problems: list[Problem], page: _Page) -> str:
    if not problems:
        return ""
    items = []
    for p in problems:
        label = f'<span class="warn-word">{page.word(SEVERITY, "warning")}</span> ' if p.warning else ""
        items.append(f"<li><code>{_e(p.location())}</code> {label}{page.m(p.message)}</li>")
    return f'<section class="errors"><h3>{page.t("errors")}</h3><ul>{"".join(items)}</ul></section>'


def _baseline(note: BaselineNote | None, page: _Page) -> str:
    if note is None or not note.fixed:
        return ""
    keys = ("rule", "file", "path")
    head = "".join(f"<th>{page.t(k)}</th>" for k in (*keys, "fingerprint"))
    rows = "".join(
        "<tr>"
        + "".join(f'<td class="mono">{_e(e.get(k, ""))}</td>' for k in (*keys, "fingerprint"))
        + "</tr>"
        for e in note.fixed
    )
    source = f"<p>{page.t('baseline_file')}: <code>{_e(note.file)}</code></p>" if note.file else ""
    return (
        f'<section class="fixed"><h3>{page.t("baseline_fixed")} <span class="count">({len(note.fixed)})'
        f"</span></h3>{source}"
        f'<table class="simple"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>'
    )


def render(run: RunReport, context: RenderContext) -> str:
    page = _Page(context.lang)
    title = page.t("report")
    regions = "、".join(dict.fromkeys(r.region for r in run.reports))
    full_title = f"{title} — {_e(regions)}" if regions else title
    generated = f"{page.t('generated')} plancheck {_e(run.version)}"
    body = (
        f"<h1>{title}</h1>"
        f'<p class="subtitle">{_e(regions) + " · " if regions else ""}{generated}</p>'
        + _overview(run, page)
        + _errors(run.errors, page)
        + "".join(_plan(report, page, n) for n, report in enumerate(run.reports, 1))
        + _baseline(run.baseline, page)
        + f"<footer>{generated}</footer>"
    )
    html_lang = "zh-CN" if context.lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="plancheck {_e(run.version)}">\n'
        f"<title>{full_title}</title>\n<style>{CSS}</style>\n</head>\n"
        f'<body>\n<main class="sheet">\n{body}\n</main>\n</body>\n</html>\n'
    )
