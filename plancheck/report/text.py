"""Text for the terminal: per plan, the layer summary and the requirement matrix, then each
finding with its location, rule, message, citation and fix; input errors go to stderr, written
by the CLI.

A plan is laid out here as lines of styled pieces, and its layer table as rich lays out a
borderless table that fits the width (one that does not is left to rich's table, which folds
its cells). With colour (a terminal), rich renders the lines. Without (a file, a pipe, CI logs:
where a batch of thousands of plans goes), a line is written as it is, and only one that rich
would change goes through it: one to fold at the width (a title, a summary) or with a tab to
expand. The output is what rich prints for the same lines (tests compare the two), at a
fraction of the cost: rich takes some 4 ms to print a plan, more than checking it. Text from a
plan never passes through rich's markup, so brackets in its names are printed as written.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from rich.cells import cell_len

from plancheck import errors
from plancheck.engine.findings import Finding, LayerSummary, PlanReport, RunReport
from plancheck.i18n import Lang, Message, zh
from plancheck.read.inputs import is_document
from plancheck.report import RenderContext, streamed
from plancheck.report.labels import HEADINGS as H
from plancheck.report.labels import (
    LAYER_STATUS,
    LEVEL,
    REQUIREMENT_STATUS,
    SEVERITY,
    citation,
    labelled,
    quoted,
    requirement_words,
    summary_line,
)
from plancheck.report.place import place

if TYPE_CHECKING:
    from rich.console import Console

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

Piece = tuple[str, str | None]  # a run of text and its style (None: unstyled)

# The control characters rich leaves out of what it prints (rich.control.STRIP_CONTROL_CODES:
# bell, backspace, vertical tab, form feed, carriage return), left out here too, without
# importing rich's console for plain output; a test holds the two lists together.
STRIPPED_CONTROLS = (7, 8, 11, 12, 13)
_STRIP = dict.fromkeys(STRIPPED_CONTROLS)
_CONTROL_CHARACTERS = [chr(code) for code in STRIPPED_CONTROLS]


# Other control characters (ESC, \x01, DEL, C1 codes) come from plans through YAML escapes;
# printed as they are, ESC would drive the terminal. They are shown escaped (\x1b).
_HIDDEN = re.compile("[\x00-\x06\x0e-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """A value from a plan, its control characters (other than those stripped) shown as
    escapes, so that none of them reaches the terminal."""
    return errors.visible(text, _HIDDEN)


def strip_control_codes(text: str) -> str:
    # translate looks every character of a Chinese text up in the table (a fifth of a
    # millisecond for a plan's report); these characters are rare, and searched for fast
    if any(control in text for control in _CONTROL_CHARACTERS):
        return text.translate(_STRIP)
    return text


# A line ready to print: its pieces and whether it folds, or (with no pieces) a rich renderable
Entry = tuple[list[Piece], bool, Any]


class Lines:
    """A report's lines, each a list of styled pieces; a line marked ``wraps`` is folded at
    the width, the others are written whole however long. Tables are laid out when the report
    is rendered, at its width."""

    def __init__(self) -> None:
        # (pieces, folds, None) for a line; ([], False, (header, rows)) for a table
        self.lines: list[tuple[list[Piece], bool, Any]] = []

    def add(self, *pieces: Piece, wraps: bool = False) -> None:
        self.lines.append(([(visible(text), style) for text, style in pieces], wraps, None))

    def blank(self) -> None:
        self.lines.append(([], False, None))

    def table(self, header: list[str], rows: list[Row]) -> None:
        rows = [([(visible(text), style) for text, style in cells], row_style) for cells, row_style in rows]
        self.lines.append(([], False, ([visible(h) for h in header], rows)))

    def _entries(self, width: int) -> Iterator[Entry]:
        """The lines, with each table laid out here when it fits the width, or left to rich's
        table otherwise (which folds its cells)."""
        for pieces, wraps, table in self.lines:
            if table is None:
                yield pieces, wraps, None
                continue
            header, rows = table
            laid = _table_lines(header, rows, width)
            if laid is None:
                yield [], False, _rich_table(*table)
            else:
                yield from ((line, False, None) for line in laid)

    def render(self, context: RenderContext) -> str:
        if context.color:
            return _rich(context, self._entries(context.width))
        out: list[str] = []
        for entry in self._entries(context.width):
            pieces, wraps, block = entry
            text = "".join(text for text, _ in pieces)
            # rich draws a table that does not fit, expands tabs (by cells) and folds long lines
            if (
                block is not None
                or "\t" in text
                or (wraps and ("\n" in text or cell_len(text) > context.width))
            ):
                out.append(_rich(context, [entry]))
            else:
                out.append(text + "\n")
        return strip_control_codes("".join(out))


def _rich(context: RenderContext, entries: Iterable[Entry]) -> str:
    """Lines as rich prints them: tables and lines that fold one by one, the others gathered
    into one text printed once (a print is costly in rich)."""
    from rich.text import Text

    buffer = io.StringIO()
    console = _console(buffer, context)
    whole = Text()
    gathered = 0

    def flush() -> None:
        nonlocal whole, gathered
        if gathered:
            whole.right_crop(1)  # the print ends the last line
            console.print(whole, soft_wrap=True)
            whole, gathered = Text(), 0

    for pieces, wraps, block in entries:
        if block is not None:
            flush()
            console.print(block)
        elif wraps:
            flush()
            console.print(Text.assemble(*cast(list[Any], pieces)))  # a None style is no style
        else:
            whole.append_tokens(pieces)
            whole.append("\n")
            gathered += 1
    flush()
    return buffer.getvalue()


Row = tuple[list[Piece], str | None]  # a table row's cells, and the row's style


def _table_lines(header: list[str], rows: list[Row], width: int) -> list[list[Piece]] | None:
    """A table laid out as rich lays out a borderless one that fits: columns two spaces apart,
    as wide as their widest cell (in terminal cells: a Chinese character takes two), the last
    one right-aligned; the header bold, a row's style laid over its cells'. None when it does
    not fit the width, or a cell holds a line break or a tab: rich's table then folds it."""
    head: list[Piece] = [(h, None) for h in header]
    cells = [head, *(row for row, _ in rows)]
    if any("\n" in text or "\t" in text for row in cells for text, _ in row):
        return None
    widths = [max(cell_len(row[i][0]) for row in cells) for i in range(len(header))]  # controls: 0
    if sum(widths) + 2 * (len(widths) - 1) > width:
        return None
    last = len(header) - 1
    out = []
    styled: list[Row] = [(head, "bold"), *rows]
    for row, row_style in styled:
        pieces: list[Piece] = []
        for i, (text, style) in enumerate(row):
            pad = " " * (widths[i] - cell_len(text))
            if row_style is not None:
                style = row_style if style is None else f"{row_style} {style}"
            if i == last:
                pieces += [(pad, row_style), (text, style)]
            else:
                pieces += [(text, style), (pad + "  ", row_style)]
        out.append(pieces)
    return out


def _rich_table(header: list[str], rows: list[Row]) -> Any:
    """The table as rich draws it, borderless, folding cells to fit the width."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for i, title in enumerate(header):
        table.add_column(title, justify="right" if i == len(header) - 1 else "left")
    for cells, row_style in rows:
        table.add_row(*(Text(text, style=style or "") for text, style in cells), style=row_style)
    return table


def _layer_row(layer: LayerSummary, lang: Lang) -> Row:
    return (
        [
            (layer.title.pick(lang), None),
            (LAYER_STATUS[layer.status].pick(lang), STATUS_STYLE[layer.status]),
            (f"{len(layer.failing)}/{layer.rules}" if layer.rules else "", None),
        ],
        None if layer.framework else "dim",
    )


def _plan(lines: Lines, report: PlanReport, lang: Lang) -> None:
    title = zh(report.title) if lang == "zh" else report.title  # 规划（2021—2025年）, as it is printed
    lines.add((title, "bold"), (" ", None), (report.file, "dim"), wraps=True)
    level = LEVEL.get(report.level, Message(report.level, report.level)).pick(lang)
    info = (
        f"{report.region} · {level} · {report.province} · {report.period} · "
        f"{H['pack'].pick(lang)} {report.pack} {report.pack_version} · "
        f"{report.rules_checked} {RULES_WORD.pick(lang)}"
    )
    lines.add((info, "dim"), wraps=True)
    lines.blank()
    header = [H["layer"].pick(lang), H["status"].pick(lang), H["failing"].pick(lang)]
    lines.table(header, [_layer_row(layer, lang) for layer in report.layers])
    matrix: list[Piece] = [(H["matrix"].pick(lang) + ("：" if lang == "zh" else ": "), "bold")]
    for index, req in enumerate(report.requirements):
        if index:
            matrix.append((" ", "bold"))
        matrix.append((f"{req.id}{MATRIX_MARK[req.status]}", f"bold {STATUS_STYLE[req.status]}"))
    lines.add(*matrix)
    legend = "  ".join(
        f"{mark} {REQUIREMENT_STATUS[status].pick(lang)}" for status, mark in MATRIX_MARK.items()
    )
    lines.add((legend, "dim"))
    gaps = [r for r in report.requirements if r.status in ("partial", "missing")]
    if gaps:  # the ids above, named: a reader should not need the catalogue beside the report
        lines.add((H["requirement_gaps"].pick(lang) + ("：" if lang == "zh" else ":"), "bold"))
        for req in gaps:
            lines.add(
                ("  " + requirement_words(req.id, req.title, req.status, lang), STATUS_STYLE[req.status])
            )
    lines.blank()
    for finding in report.findings:
        _finding(lines, finding, lang)
    lines.add((f"{report.file}: {summary_line(report.counts()).pick(lang)}", "bold"), wraps=True)


def _finding(lines: Lines, f: Finding, lang: Lang) -> None:
    head: list[Piece] = [
        (place(f, lang), "bold"),
        (" ", None),
        (SEVERITY[f.severity].pick(lang), SEVERITY_STYLE[f.severity] if f.counts else "dim"),
    ]
    if f.waived_by is not None:
        head.append((f" ({H['waived'].pick(lang)})", "magenta"))
    elif f.baselined:
        head.append((f" ({H['baselined'].pick(lang)})", "dim"))
    if lang == "zh":  # a rule id is named by its title for a reviewer
        head += [(f" {f.rule_id}", "magenta"), (f"（{f.title.zh}）", None)]
    else:
        head.append((f" {f.rule_id} ", "magenta"))
    if f.implements:
        head.append((f"[{', '.join(f.implements)}] ", "dim"))
    head.append((f.message.pick(lang), None))
    lines.add(*head)
    lines.add(("    " + f.detail.pick(lang), None))
    if f.plan_quote and is_document(f.file):
        quote = quoted(zh(f.plan_quote)) if lang == "zh" else f"“{f.plan_quote}”"
        lines.add(("    " + labelled("plan_source", quote, lang), None))
    if f.waived_by is not None:
        w = f.waived_by
        note = (
            f"    {H['waived'].pick(lang)}: {w.reason} ({w.approver}, {w.granted}"
            + (f" – {w.expires}" if w.expires else "")
            + ")"
        )
        lines.add((note, "magenta"))
    if f.citation_section:
        cite = citation(f.citation_section, f.citation_text, f.citation_document, lang)
        lines.add(("    " + cite, "dim"))
    lines.add(("    " + labelled("fix", f.fix.pick(lang), lang), "green"))
    lines.blank()


def _console(buffer: io.StringIO, context: RenderContext) -> Console:
    from rich.console import Console

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
    """One plan's report; rich's console is imported only for colour or a line to fold."""
    lines = Lines()
    _plan(lines, report, context.lang)
    return lines.render(context)


def stream_close(run: RunReport, context: RenderContext, plans: int) -> str:
    lines = Lines()
    if run.baseline is not None and run.baseline.fixed:
        lines.blank()
        lines.add(
            (f"{H['baseline_fixed'].pick(context.lang)} ({run.baseline.file}):", "bold green"), wraps=True
        )
        for entry in run.baseline.fixed:
            lines.add((f"  {entry.get('file')} {entry.get('rule')} {entry.get('path')}", None))
    return lines.render(context)


def render(run: RunReport, context: RenderContext) -> str:
    return streamed(sys.modules[__name__], run, context)
