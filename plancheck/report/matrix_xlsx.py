"""The matrix as an Excel workbook (openpyxl, imported only here): the matrix sheet with one fill
per status (and the status word in the cell, so that nothing is said by colour alone), the
header row and the region column frozen, a totals row, the requirement titles as header comments;
then a sheet that lists the requirements and a legend."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from plancheck.errors import visible
from plancheck.i18n import Lang
from plancheck.report import RenderContext
from plancheck.report.labels import FORCE
from plancheck.report.matrix import (
    GLYPH,
    STATUSES,
    Matrix,
    status_word,
    table_header,
    table_rows,
    word,
)

# Background and text colours per status (the HTML report's light tints and dark inks).
FILLS = {
    "covered": ("E5F3EA", "22693F"),
    "partial": ("FDF1D6", "8A5300"),
    "missing": ("FBE9E7", "A8261B"),
    "waived": ("EFECF7", "57488F"),
    "not-applicable": ("EEF1F4", "5C6B7A"),
    "not-checked": ("EEF1F4", "5C6B7A"),
}
HEADER_FILL = "F7F9FA"


def _text(cell: Any, value: str) -> None:
    """A plan's text stays text even when it starts with '=' (openpyxl would make it a formula),
    its control characters shown as escapes (a worksheet cannot hold them)."""
    cell.value = visible(value)
    cell.data_type = "s"


@dataclass(frozen=True)
class _Styles:
    border: Border
    bold: Font
    header_fill: PatternFill
    fills: dict[str, PatternFill]
    fonts: dict[str, Font]


def _styles() -> _Styles:
    thin = Side(style="thin", color="D9DFE5")
    return _Styles(
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
        bold=Font(bold=True),
        header_fill=PatternFill("solid", fgColor=HEADER_FILL),
        fills={s: PatternFill("solid", fgColor=bg) for s, (bg, _) in FILLS.items()},
        fonts={s: Font(color=ink, bold=s in ("missing", "partial")) for s, (_, ink) in FILLS.items()},
    )


def _header(sheet: Any, matrix: Matrix, lang: Lang, styles: _Styles) -> list[str]:
    titles = {c.id: c.title.pick(lang) for c in matrix.columns}
    header = table_header(matrix, lang)
    for col, value in enumerate(header, 1):
        cell = sheet.cell(row=1, column=col)
        _text(cell, value)
        cell.font, cell.fill, cell.border = styles.bold, styles.header_fill, styles.border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if 2 <= col <= 1 + len(matrix.columns):
            cell.comment = Comment(f"{value} {titles[value]}", "plancheck")
    return header


def _body(sheet: Any, matrix: Matrix, lang: Lang, styles: _Styles, header: list[str]) -> int:
    """The regions' rows and the totals row; how many rows there are."""
    words = {status_word(s, lang): s for s in STATUSES}
    coverage = header.index(word("coverage", lang)) + 1 if word("coverage", lang) in header else -1
    rows = table_rows(matrix, lang)
    for index, values in enumerate(rows, 2):
        totals_row = index == len(rows) + 1
        for col, value in enumerate(values, 1):
            cell = sheet.cell(row=index, column=col)
            if isinstance(value, str):
                _text(cell, value)
            else:
                cell.value = value
            cell.border = styles.border
            status = (
                words.get(value) if isinstance(value, str) and 2 <= col <= 1 + len(matrix.columns) else None
            )
            if status is not None:
                cell.value = f"{GLYPH[status]} {value}"
                cell.fill, cell.font = styles.fills[status], styles.fonts[status]
                cell.alignment = Alignment(horizontal="center")
            if col == 1 or totals_row:
                cell.font = styles.bold
            if totals_row:
                cell.fill = styles.header_fill
            if col == coverage and isinstance(value, float):
                cell.number_format = "0%"
    return len(rows)


def _layout(sheet: Any, matrix: Matrix, lang: Lang, columns: int, rows: int) -> None:
    last_req = 1 + len(matrix.columns)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = max(14, min(40, max(len(r.label) for r in matrix.rows) * 2 + 2))
    for col in range(2, last_req + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 11 if lang == "zh" else 13
    for col in range(last_req + 1, columns + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 12
    sheet.column_dimensions[get_column_letter(columns)].width = 36
    sheet.row_dimensions[1].height = 48
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = "A:A"


def _requirements(key: Any, matrix: Matrix, lang: Lang, styles: _Styles) -> None:
    """The sheet that lists the requirements, then the legend."""
    titles = {c.id: c.title.pick(lang) for c in matrix.columns}
    layer_titles = {layer.id: layer.title.pick(lang) for layer in matrix.layers}
    head = [word("id", lang), word("requirement", lang), word("layer", lang), word("force", lang)]
    head += [status_word("covered", lang), word("applicable", lang)]
    for col, value in enumerate(head, 1):
        cell = key.cell(row=1, column=col)
        _text(cell, value)
        cell.font, cell.fill = styles.bold, styles.header_fill
    for index, column in enumerate(matrix.columns, 2):
        covered, applicable = matrix.column_totals(column.id)
        force = FORCE[column.force].pick(lang) if column.force in FORCE else column.force
        for col, value in enumerate([column.id, titles[column.id], layer_titles[column.layer], force], 1):
            _text(key.cell(row=index, column=col), value)
        key.cell(row=index, column=5, value=covered)
        key.cell(row=index, column=6, value=applicable)
    row = len(matrix.columns) + 3
    _text(key.cell(row=row, column=1), word("legend", lang))
    key.cell(row=row, column=1).font = styles.bold
    for offset, status in enumerate(STATUSES, 1):
        cell = key.cell(row=row + offset, column=1)
        _text(cell, f"{GLYPH[status]} {status_word(status, lang)}")
        cell.fill, cell.font = styles.fills[status], styles.fonts[status]
    _text(key.cell(row=row + len(STATUSES) + 2, column=1), word("waived_note", lang))
    for letter, width in zip("ABCDEF", (8, 60, 30, 10, 10, 10), strict=True):
        key.column_dimensions[letter].width = width
    key.freeze_panes = "A2"


def render_xlsx(matrix: Matrix, context: RenderContext) -> bytes:
    lang = context.lang
    book = Workbook()
    styles = _styles()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "矩阵" if lang == "zh" else "Matrix"
    header = _header(sheet, matrix, lang, styles)
    rows = _body(sheet, matrix, lang, styles, header)
    _layout(sheet, matrix, lang, len(header), rows)
    _requirements(book.create_sheet("需求" if lang == "zh" else "Requirements"), matrix, lang, styles)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
