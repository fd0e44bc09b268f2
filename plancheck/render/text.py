"""Text for the terminal: per plan, the layer summary, then each finding with its location,
rule, message, citation and fix; input errors last. Uses rich for colour and tables."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from plancheck.findings import Finding, PlanReport, RunReport
from plancheck.i18n import Lang, Message
from plancheck.render import RenderContext

SEVERITY = {
    "error": (Message("错误", "error"), "bold red"),
    "warning": (Message("警告", "warning"), "yellow"),
    "info": (Message("提示", "info"), "cyan"),
}
STATUS = {
    "covered": (Message("已覆盖", "covered"), "green"),
    "partial": (Message("部分覆盖", "partial"), "yellow"),
    "missing": (Message("缺失", "missing"), "bold red"),
    "not-applicable": (Message("不适用", "n/a"), "dim"),
    "not-checked": (Message("未检查", "not checked"), "dim"),
}
LEVEL = {
    "province": Message("省级", "province"),
    "city": Message("市级", "city"),
    "county": Message("县级", "county"),
}
L = {
    "layer": Message("层", "layer"),
    "status": Message("状态", "status"),
    "failing": Message("未通过/规则", "failing/rules"),
    "pack": Message("规则包", "pack"),
    "rules_checked": Message("条规则", "rules"),
    "cite": Message("依据", "cites"),
    "fix": Message("修改", "fix"),
}


def _summary_line(counts: dict[str, int], lang: Lang) -> Message:
    return Message(
        f"{counts['error']} 个错误, {counts['warning']} 个警告, {counts['info']} 个提示",
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info",
    )


def _plan(console: Console, report: PlanReport, lang: Lang) -> None:
    console.print(Text(report.title, style="bold"), Text(report.file, style="dim"))
    level = LEVEL.get(report.level, Message(report.level, report.level)).pick(lang)
    console.print(
        f"{report.region} · {level} · {report.province} · {report.period} · "
        f"{L['pack'].pick(lang)} {report.pack} {report.pack_version} · "
        f"{report.rules_checked} {L['rules_checked'].pick(lang)}",
        style="dim",
    )
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for key in ("layer", "status", "failing"):
        table.add_column(L[key].pick(lang), justify="right" if key == "failing" else "left")
    for layer in report.layers:
        label, style = STATUS[layer.status]
        table.add_row(
            layer.title.pick(lang),
            Text(label.pick(lang), style=style),
            f"{len(layer.failing)}/{layer.rules}" if layer.rules else "",
            style=None if layer.framework else "dim",
        )
    console.print()
    console.print(table)
    console.print()
    for finding in report.findings:
        _finding(console, finding, lang)
    line = _summary_line(report.counts(), lang).pick(lang)
    console.print(Text(f"{report.file}: {line}", style="bold"))


def _finding(console: Console, f: Finding, lang: Lang) -> None:
    label, style = SEVERITY[f.severity]
    head = Text()
    head.append(f"{f.file}:{f.line}:{f.column}", style="bold")
    head.append(" ")
    head.append(label.pick(lang), style=style)
    head.append(f" {f.rule_id} ", style="magenta")
    head.append(f"[{', '.join(f.implements)}] ", style="dim")
    head.append(f.message.pick(lang))
    console.print(head, soft_wrap=True)
    console.print(Text("    " + f.detail.pick(lang)), soft_wrap=True)
    cite = f"    {L['cite'].pick(lang)} {f.citation_section}: {f.citation_text}"
    console.print(Text(cite, style="dim"), soft_wrap=True)
    console.print(Text(f"    {L['fix'].pick(lang)}: {f.fix.pick(lang)}", style="green"), soft_wrap=True)
    console.print()


def render(run: RunReport, context: RenderContext) -> str:
    """The plan reports; input errors go to stderr, written by the CLI."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=context.color,
        no_color=not context.color,
        width=context.width,
        highlight=False,
        emoji=False,
    )
    for index, report in enumerate(run.reports):
        if index:
            console.print()
        _plan(console, report, context.lang)
    return buffer.getvalue()
