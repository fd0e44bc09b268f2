"""Text for the terminal: per plan, the layer summary and the requirement matrix, then each
finding with its location, rule, message, citation and fix; input errors go to stderr, written
by the CLI.

A plan is laid out here as lines of styled pieces. With colour (a terminal), rich renders them.
Without (a file, a pipe, CI logs: where a batch of thousands of plans goes), a line that fits
the width is written as it is, and only a longer one that may wrap (a title, a summary) goes
through rich; the output is the same as rich's, at a fraction of the cost (rich takes some
4 ms to print a plan, more than checking it). Lines taken from user text never pass through
rich's markup, so brackets in a plan's names are printed as written.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING

from rich.cells import cell_len

from plancheck.findings import Finding, LayerSummary, PlanReport, RunReport
from plancheck.i18n import Lang, Message
from plancheck.render import RenderContext, streamed
from plancheck.render.labels import HEADINGS as H
from plancheck.render.labels import LAYER_STATUS, LEVEL, REQUIREMENT_STATUS, SEVERITY, summary_line

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


def strip_control_codes(text: str) -> str:
    # translate looks every character of a Chinese text up in the table (a fifth of a
    # millisecond for a plan's report); these characters are rare, and searched for fast
    if any(control in text for control in _CONTROL_CHARACTERS):
        return text.translate(_STRIP)
    return text


class Lines:
    """A report's lines, each a list of styled pieces; a line marked ``wraps`` is folded at
    the width, the others are written whole however long."""

    def __init__(self) -> None:
        self.lines: list[tuple[list[Piece], bool]] = []

    def add(self, *pieces: Piece, wraps: bool = False) -> None:
        self.lines.append((list(pieces), wraps))

    def blank(self) -> None:
        self.lines.append(([], False))

    def render(self, context: RenderContext) -> str:
        if context.color:
            return self._rich(context)
        out: list[str] = []
        for pieces, wraps in self.lines:
            text = "".join(text for text, _ in pieces)
            if wraps and ("\n" in text or cell_len(text) > context.width):  # controls take no cell
                out.append(self._rich(context, [(pieces, wraps)]))
            else:
                out.append(text + "\n")
        return strip_control_codes("".join(out))

    def _rich(self, context: RenderContext, lines: list[tuple[list[Piece], bool]] | None = None) -> str:
        """The lines as rich prints them: those that wrap one by one, the others gathered into
        one text printed once (a print is costly in rich)."""
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

        for pieces, wraps in self.lines if lines is None else lines:
            if wraps:
                flush()
                console.print(Text.assemble(*pieces))
            else:
                whole.append_tokens(pieces)
                whole.append("\n")
                gathered += 1
        flush()
        return buffer.getvalue()


def _table(lines: Lines, header: list[str], rows: list[tuple[list[Piece], str | None]]) -> None:
    """Columns two spaces apart, as wide as their widest cell (in terminal cells: a Chinese
    character takes two), the last one right-aligned; the header bold, a row's style laid over
    its cells' (as a borderless rich table)."""
    cells = [[(h, None) for h in header], *(row for row, _ in rows)]
    widths = [max(cell_len(row[i][0]) for row in cells) for i in range(len(header))]  # controls: 0
    last = len(header) - 1
    for row, row_style in [(cells[0], "bold"), *rows]:
        pieces: list[Piece] = []
        for i, (text, style) in enumerate(row):
            pad = " " * (widths[i] - cell_len(text))
            if row_style is not None:
                style = row_style if style is None else f"{row_style} {style}"
            if i == last:
                pieces += [(pad, row_style), (text, style)]
            else:
                pieces += [(text, style), (pad + "  ", row_style)]
        lines.add(*pieces)


def _layer_row(layer: LayerSummary, lang: Lang) -> tuple[list[Piece], str | None]:
    return (
        [
            (layer.title.pick(lang), None),
            (LAYER_STATUS[layer.status].pick(lang), STATUS_STYLE[layer.status]),
            (f"{len(layer.failing)}/{layer.rules}" if layer.rules else "", None),
        ],
        None if layer.framework else "dim",
    )


def _plan(lines: Lines, report: PlanReport, lang: Lang) -> None:
    lines.add((report.title, "bold"), (" ", None), (report.file, "dim"), wraps=True)
    level = LEVEL.get(report.level, Message(report.level, report.level)).pick(lang)
    info = (
        f"{report.region} · {level} · {report.province} · {report.period} · "
        f"{H['pack'].pick(lang)} {report.pack} {report.pack_version} · "
        f"{report.rules_checked} {RULES_WORD.pick(lang)}"
    )
    lines.add((info, "dim"), wraps=True)
    lines.blank()
    header = [H["layer"].pick(lang), H["status"].pick(lang), H["failing"].pick(lang)]
    _table(lines, header, [_layer_row(layer, lang) for layer in report.layers])
    matrix: list[Piece] = [(H["matrix"].pick(lang) + ": ", "bold")]
    for index, req in enumerate(report.requirements):
        if index:
            matrix.append((" ", "bold"))
        matrix.append((f"{req.id}{MATRIX_MARK[req.status]}", f"bold {STATUS_STYLE[req.status]}"))
    lines.add(*matrix)
    legend = "  ".join(
        f"{mark} {REQUIREMENT_STATUS[status].pick(lang)}" for status, mark in MATRIX_MARK.items()
    )
    lines.add((legend, "dim"))
    lines.blank()
    for finding in report.findings:
        _finding(lines, finding, lang)
    lines.add((f"{report.file}: {summary_line(report.counts()).pick(lang)}", "bold"), wraps=True)


def _finding(lines: Lines, f: Finding, lang: Lang) -> None:
    head: list[Piece] = [
        (f"{f.file}:{f.line}:{f.column}", "bold"),
        (" ", None),
        (SEVERITY[f.severity].pick(lang), SEVERITY_STYLE[f.severity] if f.counts else "dim"),
    ]
    if f.waived_by is not None:
        head.append((f" ({H['waived'].pick(lang)})", "magenta"))
    elif f.baselined:
        head.append((f" ({H['baselined'].pick(lang)})", "dim"))
    head.append((f" {f.rule_id} ", "magenta"))
    if f.implements:
        head.append((f"[{', '.join(f.implements)}] ", "dim"))
    head.append((f.message.pick(lang), None))
    lines.add(*head)
    lines.add(("    " + f.detail.pick(lang), None))
    if f.waived_by is not None:
        w = f.waived_by
        note = (
            f"    {H['waived'].pick(lang)}: {w.reason} ({w.approver}, {w.granted}"
            + (f" – {w.expires}" if w.expires else "")
            + ")"
        )
        lines.add((note, "magenta"))
    if f.citation_section:
        cite = f"    {H['cite'].pick(lang)} {f.citation_section}: {f.citation_text}"
        if f.citation_document:
            cite += f" ({f.citation_document})"
        lines.add((cite, "dim"))
    lines.add((f"    {H['fix'].pick(lang)}: {f.fix.pick(lang)}", "green"))
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
