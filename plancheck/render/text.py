"""Text for the terminal: per plan, the layer summary and the requirement matrix, then each
finding with its location, rule, message, citation and fix. Uses rich for colour and tables;
input errors go to stderr, written by the CLI."""

from __future__ import annotations

import io
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from plancheck.findings import Finding, PlanReport, RunReport
from plancheck.i18n import Lang, Message
from plancheck.render import RenderContext, streamed
from plancheck.render.labels import HEADINGS as H
from plancheck.render.labels import LAYER_STATUS, LEVEL, REQUIREMENT_STATUS, SEVERITY, summary_line

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {
    "covered": "green",
    "partial": "yellow",
    "missing": "bold red",
    "waived": "magenta",
    "not-applicable": "dim",
    "not-checked": "dim",
}
MATRIX_MARK = {
    "covered": "✓",
    "partial": "◐",
    "missing": "✗",
    "waived": "W",
    "not-applicable": "–",
    "not-checked": "?",
}
RULES_WORD = Message("条规则", "rules")


def _plan(console: Console, report: PlanReport, lang: Lang) -> None:
    console.print(Text(report.title, style="bold"), Text(report.file, style="dim"))
    level = LEVEL.get(report.level, Message(report.level, report.level)).pick(lang)
    console.print(
        f"{report.region} · {level} · {report.province} · {report.period} · "
        f"{H['pack'].pick(lang)} {report.pack} {report.pack_version} · "
        f"{report.rules_checked} {RULES_WORD.pick(lang)}",
        style="dim",
    )
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column(H["layer"].pick(lang))
    table.add_column(H["status"].pick(lang))
    table.add_column(H["failing"].pick(lang), justify="right")
    for layer in report.layers:
        table.add_row(
            layer.title.pick(lang),
            Text(LAYER_STATUS[layer.status].pick(lang), style=STATUS_STYLE[layer.status]),
            f"{len(layer.failing)}/{layer.rules}" if layer.rules else "",
            style=None if layer.framework else "dim",
        )
    console.print()
    console.print(table)
    matrix = Text(H["matrix"].pick(lang) + ": ", style="bold")
    for index, req in enumerate(report.requirements):
        if index:
            matrix.append(" ")
        matrix.append(f"{req.id}{MATRIX_MARK[req.status]}", style=STATUS_STYLE[req.status])
    console.print(matrix, soft_wrap=True)
    legend = "  ".join(
        f"{mark} {REQUIREMENT_STATUS[status].pick(lang)}" for status, mark in MATRIX_MARK.items()
    )
    console.print(Text(legend, style="dim"), soft_wrap=True)
    console.print()
    for finding in report.findings:
        _finding(console, finding, lang)
    line = summary_line(report.counts()).pick(lang)
    console.print(Text(f"{report.file}: {line}", style="bold"))


def _finding(console: Console, f: Finding, lang: Lang) -> None:
    head = Text()
    head.append(f"{f.file}:{f.line}:{f.column}", style="bold")
    head.append(" ")
    head.append(SEVERITY[f.severity].pick(lang), style=SEVERITY_STYLE[f.severity] if f.counts else "dim")
    if f.waived_by is not None:
        head.append(f" ({H['waived'].pick(lang)})", style="magenta")
    elif f.baselined:
        head.append(f" ({H['baselined'].pick(lang)})", style="dim")
    head.append(f" {f.rule_id} ", style="magenta")
    if f.implements:
        head.append(f"[{', '.join(f.implements)}] ", style="dim")
    head.append(f.message.pick(lang))
    console.print(head, soft_wrap=True)
    console.print(Text("    " + f.detail.pick(lang)), soft_wrap=True)
    if f.waived_by is not None:
        w = f.waived_by
        note = (
            f"    {H['waived'].pick(lang)}: {w.reason} ({w.approver}, {w.granted}"
            + (f" – {w.expires}" if w.expires else "")
            + ")"
        )
        console.print(Text(note, style="magenta"), soft_wrap=True)
    if f.citation_section:
        cite = f"    {H['cite'].pick(lang)} {f.citation_section}: {f.citation_text}"
        if f.citation_document:
            cite += f" ({f.citation_document})"
        console.print(Text(cite, style="dim"), soft_wrap=True)
    console.print(Text(f"    {H['fix'].pick(lang)}: {f.fix.pick(lang)}", style="green"), soft_wrap=True)
    console.print()


def _console(buffer: io.StringIO, context: RenderContext) -> Console:
    return Console(
        file=buffer,
        force_terminal=context.color,
        no_color=not context.color,
        width=context.width,
        highlight=False,
        emoji=False,
    )


def stream_open(run: RunReport, context: RenderContext) -> str:
    return ""


SEPARATOR = "\n"  # a blank line between two plans


def stream_plan(report: PlanReport, context: RenderContext) -> str:
    buffer = io.StringIO()
    console = _console(buffer, context)
    _plan(console, report, context.lang)
    return buffer.getvalue()


def stream_close(run: RunReport, context: RenderContext, plans: int) -> str:
    buffer = io.StringIO()
    console = _console(buffer, context)
    if run.baseline is not None and run.baseline.fixed:
        console.print()
        console.print(
            Text(f"{H['baseline_fixed'].pick(context.lang)} ({run.baseline.file}):", style="bold green")
        )
        for entry in run.baseline.fixed:
            console.print(f"  {entry.get('file')} {entry.get('rule')} {entry.get('path')}", soft_wrap=True)
    return buffer.getvalue()


def render(run: RunReport, context: RenderContext) -> str:
    return streamed(sys.modules[__name__], run, context)
