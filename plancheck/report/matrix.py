"""The province-wide matrix: many plans side by side, regions × catalogue requirements.

Each cell is the requirement's status in that region's plan (covered, partial, missing, waived,
not-applicable, not-checked), with totals per region (covered / applicable), per requirement
(how many regions cover it) and per layer. Written as Markdown (the default, to stdout), CSV
(UTF-8 with BOM, for Excel), XLSX (``plancheck.report.matrix_xlsx``) or one self-contained HTML page
(``plancheck.report.matrix_html``), chosen by the suffix of ``-o``.

"Applicable" is every status but not-applicable and not-checked: a waived requirement applies
(a reviewer excused it) but is not counted as covered.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from plancheck.engine.findings import PlanReport
from plancheck.errors import Problem
from plancheck.i18n import Lang, Message, zh
from plancheck.report import RenderContext
from plancheck.report.labels import HEADINGS, LEVEL, MATRIX_DIFF, REQUIREMENT_STATUS

STATUSES = (
    "covered",
    "partial",
    "missing",
    "waived",
    "not-applicable",
    "not-checked",
)  # a RequirementStatus each
APPLICABLE = frozenset({"covered", "partial", "missing", "waived"})
GLYPH = {
    "covered": "✓",
    "partial": "◐",
    "missing": "✗",
    "waived": "○",
    "not-applicable": "–",
    "not-checked": "?",
}


@dataclass
class Column:
    """One catalogue requirement."""

    id: str
    title: Message
    layer: str
    force: str


@dataclass
class Layer:
    id: str
    title: Message
    columns: list[str]


@dataclass(slots=True)
class Row:
    """One plan: its region (as shown) and the status of every requirement. The statuses are
    kept small, as one byte each (an index into ``STATUSES``) in the order of ``columns``, a
    mapping of requirement id to position shared by every row of the same catalogue: a matrix of
    10,000 plans holds 10,000 rows, so a dict per row (about 3.5 KB) was most of its memory."""

    label: str
    region: str
    file: str
    level: str
    title: str
    columns: dict[str, int]
    codes: bytes

    def status(self, requirement: str) -> str:
        at = self.columns.get(requirement)
        return "not-checked" if at is None else STATUSES[self.codes[at]]

    def tally(self, requirements: list[str]) -> Counter[str]:
        return Counter(self.status(r) for r in requirements)

    def totals(self, requirements: list[str]) -> tuple[int, int]:
        """(covered, applicable) over these requirements."""
        tally = self.tally(requirements)
        return tally["covered"], sum(tally[s] for s in APPLICABLE)


@dataclass
class Matrix:
    rows: list[Row]
    columns: list[Column]
    layers: list[Layer]
    packs: list[str]  # "name version" of every pack involved
    version: str
    errors: list[Problem] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.columns]

    def column_totals(self, requirement: str) -> tuple[int, int]:
        """(regions covering it, regions it applies to)."""
        statuses = [row.status(requirement) for row in self.rows]
        return statuses.count("covered"), sum(1 for s in statuses if s in APPLICABLE)

    def row_totals(self, row: Row) -> tuple[int, int]:
        return row.totals(self.ids)


def region_labels(regions_and_files: list[tuple[str, str]]) -> list[str]:
    """The region of each plan; a region given twice (two versions of one plan) is told apart
    by the file name, and by the whole path when the names are the same too."""
    regions = Counter(region for region, _ in regions_and_files)
    labels = [
        region if regions[region] == 1 else f"{region} ({Path(file).name})"
        for region, file in regions_and_files
    ]
    taken = Counter(labels)
    return [
        label if taken[label] == 1 else f"{region} ({file})"
        for label, (region, file) in zip(labels, regions_and_files, strict=True)
    ]


@dataclass
class MatrixBuilder:
    """The matrix gathered one plan report at a time, keeping of each only its identity and its
    requirements' statuses, so that memory stays flat however many plans there are. Columns are
    the union of the plans' catalogues, in catalogue order (first seen first)."""

    columns: dict[str, Column] = field(default_factory=dict)
    layer_titles: dict[str, Message] = field(default_factory=dict)
    packs: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    catalogues: dict[tuple[str, ...], dict[str, int]] = field(default_factory=dict)

    def add(self, report: PlanReport) -> None:
        name = f"{report.pack} {report.pack_version}"
        if name not in self.packs:
            self.packs.append(name)
        for layer in report.layers:
            self.layer_titles.setdefault(layer.id, layer.title)
        for req in report.requirements:
            self.columns.setdefault(req.id, Column(req.id, req.title, req.layer, req.force))
        ids = tuple(req.id for req in report.requirements)
        columns = self.catalogues.setdefault(ids, {cid: at for at, cid in enumerate(ids)})
        codes = bytes(STATUSES.index(req.status) for req in report.requirements)
        self.rows.append(
            Row(report.region, report.region, report.file, report.level, report.title, columns, codes)
        )

    def build(self, version: str, errors: list[Problem] | None = None) -> Matrix:
        layers: dict[str, Layer] = {}
        for column in self.columns.values():
            title = self.layer_titles.get(column.layer, Message(column.layer, column.layer))
            layers.setdefault(column.layer, Layer(column.layer, title, [])).columns.append(column.id)
        ordered = [self.columns[i] for layer in layers.values() for i in layer.columns]
        labels = region_labels([(row.region, row.file) for row in self.rows])
        rows = [replace(row, label=label) for row, label in zip(self.rows, labels, strict=True)]
        return Matrix(rows, ordered, list(layers.values()), self.packs, version, list(errors or []))


def build_matrix(reports: list[PlanReport], version: str, errors: list[Problem] | None = None) -> Matrix:
    """The matrix of these reports (see ``MatrixBuilder``)."""
    builder = MatrixBuilder()
    for report in reports:
        builder.add(report)
    return builder.build(version, errors)


# --- words ---------------------------------------------------------------------------------------


def word(key: str, lang: Lang) -> str:
    if key in MATRIX_DIFF:
        return MATRIX_DIFF[key].pick(lang)
    return HEADINGS[key].pick(lang)


def status_word(status: str, lang: Lang) -> str:
    return REQUIREMENT_STATUS.get(status, Message(status, status)).pick(lang)


def level_word(level: str, lang: Lang) -> str:
    return LEVEL.get(level, Message(level, level)).pick(lang)


def percent(covered: int, applicable: int) -> str:
    return f"{round(100 * covered / applicable)}%" if applicable else "–"


def subtitle(matrix: Matrix, lang: Lang) -> str:
    regions = f"{len(matrix.rows)} {word('regions', lang)}"
    requirements = f"{len(matrix.columns)} {word('requirements', lang)}"
    pack = f"{word('pack', lang)} {', '.join(matrix.packs)}" if matrix.packs else ""
    return " · ".join(part for part in (regions, requirements, pack) if part)


# --- Markdown ------------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_SPECIAL = re.compile(r"[\\`*\[\]<>|&~#!]|(?<!\w)_|_(?!\w)")


def escape_markdown(text: str) -> str:
    """Literal text on one line, Markdown and HTML syntax characters escaped."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), _LINE_BREAKS.sub(" ", text))


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    marks = {"l": ":---", "c": ":---:", "r": "---:"}
    return [_md_row(header), _md_row([marks[a] for a in align]), *(_md_row(r) for r in rows)]


def _fraction(covered: int, applicable: int) -> str:
    return f"{covered}/{applicable}" if applicable else "–"


def _label(row: Row, lang: Lang) -> str:
    """A region's label as its reader writes it: 示例市（city-draft-gaps.yaml） in Chinese."""
    return zh(row.label) if lang == "zh" else row.label


def render_markdown(matrix: Matrix, context: RenderContext) -> str:
    lang = context.lang
    ids = matrix.ids
    out = [f"## {word('matrix_title', lang)}", "", escape_markdown(subtitle(matrix, lang)), ""]
    legend = " · ".join(f"{GLYPH[s]} {status_word(s, lang)}" for s in STATUSES)
    out += [f"{word('legend', lang)}{'：' if lang == 'zh' else ': '}{legend}", ""]
    header = [word("region", lang), *ids, word("covered_of_applicable", lang), word("coverage", lang)]
    rows = []
    for row in matrix.rows:
        covered, applicable = matrix.row_totals(row)
        cells = [GLYPH[row.status(i)] for i in ids]
        rows.append(
            [
                escape_markdown(_label(row, lang)),
                *cells,
                f"{covered}/{applicable}",
                percent(covered, applicable),
            ]
        )
    footer = [f"**{escape_markdown(word('regions_covering', lang))}**"]
    footer += ["{}/{}".format(*matrix.column_totals(i)) for i in ids]
    covered = sum(matrix.row_totals(r)[0] for r in matrix.rows)
    applicable = sum(matrix.row_totals(r)[1] for r in matrix.rows)
    footer += [f"{covered}/{applicable}", percent(covered, applicable)]
    out += _md_table(header, [*rows, footer], "l" + "c" * len(ids) + "rr")
    out += ["", f"### {word('by_layer', lang)}", ""]
    header = [word("region", lang), *(escape_markdown(layer.title.pick(lang)) for layer in matrix.layers)]
    rows = [
        [
            escape_markdown(_label(row, lang)),
            *(_fraction(*row.totals(layer.columns)) for layer in matrix.layers),
        ]
        for row in matrix.rows
    ]
    out += _md_table(header, rows, "l" + "r" * len(matrix.layers))
    out += ["", f"### {word('key', lang)}", ""]
    header = [
        word("id", lang),
        word("requirement", lang),
        word("layer", lang),
        word("regions_covering", lang),
    ]
    titles = {layer.id: layer.title.pick(lang) for layer in matrix.layers}
    rows = [
        [
            c.id,
            escape_markdown(c.title.pick(lang)),
            escape_markdown(titles[c.layer]),
            "{}/{}".format(*matrix.column_totals(c.id)),
        ]
        for c in matrix.columns
    ]
    out += _md_table(header, rows, "lllr")
    out += ["", word("waived_note", lang)]
    if matrix.errors:
        out += ["", f"### {word('errors', lang)}", ""]
        for problem in matrix.errors:
            where = problem.location().replace("`", "'")
            out.append(f"- `{where}` {escape_markdown(problem.message.pick(lang))}")
    out += ["", f"<sub>{escape_markdown(word('generated', lang))} plancheck {matrix.version}</sub>", ""]
    return "\n".join(out)


# --- CSV -----------------------------------------------------------------------------------------


def _cell_text(text: str) -> str:
    """Plan text that a spreadsheet would read as a formula is quoted as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def table_header(matrix: Matrix, lang: Lang) -> list[str]:
    """The columns of the CSV and the XLSX sheet: region, one per requirement, the totals, two per
    layer (covered, applicable), then level and file."""
    head = [word("region", lang), *matrix.ids]
    head += [status_word(s, lang) for s in STATUSES]
    head += [word("applicable", lang), word("coverage", lang)]
    for layer in matrix.layers:
        head += [
            f"{layer.title.pick(lang)}{_colon(lang)}{status_word('covered', lang)}",
            f"{layer.title.pick(lang)}{_colon(lang)}{word('applicable', lang)}",
        ]
    return [*head, word("level", lang), word("file", lang)]


def _colon(lang: Lang) -> str:
    return "：" if lang == "zh" else ": "


def table_rows(matrix: Matrix, lang: Lang) -> list[list[str | int | float | None]]:
    """One row per region, then the totals row (regions covering each requirement)."""
    ids = matrix.ids
    out: list[list[str | int | float | None]] = []
    for row in matrix.rows:
        tally = row.tally(ids)
        covered, applicable = matrix.row_totals(row)
        values: list[str | int | float | None] = [row.label]
        values += [status_word(row.status(i), lang) for i in ids]
        values += [tally[s] for s in STATUSES]
        values += [applicable, round(covered / applicable, 4) if applicable else None]
        for layer in matrix.layers:
            values += list(row.totals(layer.columns))
        out.append([*values, level_word(row.level, lang), row.file])
    totals: list[str | int | float | None] = [
        f"{word('total', lang)}{_colon(lang)}{word('regions_covering', lang)}"
    ]
    totals += [matrix.column_totals(i)[0] for i in ids]
    tallies = [row.tally(ids) for row in matrix.rows]
    totals += [sum(t[s] for t in tallies) for s in STATUSES]
    covered = sum(matrix.row_totals(r)[0] for r in matrix.rows)
    applicable = sum(matrix.row_totals(r)[1] for r in matrix.rows)
    totals += [applicable, round(covered / applicable, 4) if applicable else None]
    for layer in matrix.layers:
        pairs = [row.totals(layer.columns) for row in matrix.rows]
        totals += [sum(c for c, _ in pairs), sum(a for _, a in pairs)]
    out.append([*totals, None, None])
    return out


def render_csv(matrix: Matrix, context: RenderContext) -> str:
    """UTF-8 text starting with a BOM, so that Excel reads the Chinese correctly."""
    lang = context.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table_header(matrix, lang))
    for values in table_rows(matrix, lang):
        writer.writerow(["" if v is None else _cell_text(v) if isinstance(v, str) else v for v in values])
    return "\ufeff" + buffer.getvalue()
