"""The matrix as one self-contained HTML page (inline CSS and a small inline script, nothing
fetched): a heat-map table of regions × requirements that a reviewer can sort, per-layer
subtotals, the requirements with their titles, and the files that could not be checked. Every
status is shown by colour and by a glyph (and a hidden word for screen readers), never by colour
alone. Prints on A3 landscape. Every value from a plan is escaped."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from plancheck.i18n import Lang
from plancheck.report import RenderContext
from plancheck.report.labels import FORCE
from plancheck.report.matrix import (
    GLYPH,
    STATUSES,
    Matrix,
    Row,
    level_word,
    percent,
    status_word,
    subtitle,
    word,
)
from plancheck.report.page_style import BASE_CSS

# The order a requirement column sorts the regions in: worst first.
RANK = {"missing": 0, "partial": 1, "waived": 2, "covered": 3, "not-applicable": 4, "not-checked": 5}

CSS = (
    BASE_CSS
    + """.sheet {
  max-width: 1560px; margin: 20px auto; background: var(--paper); padding: 28px 28px 24px;
  border: 1px solid var(--rule); border-radius: 6px;
}
h2 {
  font-size: 17px; margin: 30px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--rule);
  font-weight: 700; color: var(--accent);
}
p { margin: 0 0 8px; }
code { font-family: var(--mono); font-size: 0.86em; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
ul.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; list-style: none; margin: 0 0 12px; padding: 0;
  font-size: 14px; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 26px; height: 22px; line-height: 22px; text-align: center;
  border-radius: 3px; font-weight: 700; }
.note { color: var(--muted); font-size: 13px; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; margin: 0 0 6px;
  font-size: 14px; }
.controls .label { color: var(--muted); font-weight: 700; font-size: 13px; }
.controls .sep { width: 14px; }
.controls button {
  font: inherit; font-size: 13px; color: var(--accent); background: #fff; border: 1px solid #b6c4d2;
  border-radius: 4px; padding: 1px 10px; cursor: pointer;
}
.controls button:hover, .controls button[aria-pressed="true"] { background: #e8eff6; border-color: var(--accent); }
.hint { color: var(--muted); font-size: 13px; margin: 0 0 4px; }
.sorted { font-size: 13px; color: var(--accent); min-height: 1.6em; margin: 0 0 8px; }
.scroll { overflow-x: auto; border: 1px solid var(--rule); border-radius: 4px; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--rule); }
table.heat { font-size: 13px; }
table.heat th { background: #f7f9fa; color: var(--muted); font-weight: 700; }
table.heat thead th { vertical-align: bottom; }
table.heat th button {
  font: inherit; color: inherit; background: none; border: 0; padding: 0; margin: 0; cursor: pointer;
  text-align: inherit; width: 100%;
}
table.heat th button:hover { color: var(--accent); text-decoration: underline; }
table.heat th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
table.heat th.corner { text-align: left; padding: 4px 8px; position: sticky; left: 0; z-index: 2; }
table.heat tr.layers th.layer {
  font-size: 11.5px; font-weight: 700; color: var(--accent); text-align: center; padding: 3px 3px;
  line-height: 1.25; white-space: normal; hyphens: auto;
}
table.heat tr.layers th.flat { font-weight: 400; color: var(--accent); text-align: left; font-size: 12px;
  padding: 3px 8px; }
table.heat th.req { font-family: var(--mono); font-size: 12px; text-align: center; padding: 3px 0;
  min-width: 28px; }
table.heat th.req .arrow, table.heat th .arrow { display: block; font-family: var(--sans); font-size: 10px;
  line-height: 1; height: 10px; color: var(--accent); }
table.heat th.total { text-align: center; padding: 4px 4px; line-height: 1.3; width: 5.2em;
  border-right: 2px solid #b6c4d2; word-break: keep-all; }
table.heat tbody th.region {
  text-align: left; font-weight: 400; color: var(--ink); background: #fff; padding: 4px 8px;
  position: sticky; left: 0; z-index: 1; min-width: 9em; max-width: 14em; line-height: 1.3;
}
table.heat tbody th.region button { font-weight: 700; font-size: 14px; overflow-wrap: anywhere; }
table.heat tbody th.region .sub { display: block; font-size: 11px; color: var(--muted); overflow-wrap: anywhere; }
table.heat tbody th.region .rfile { color: var(--ink); font-weight: 700; }
table.heat tbody th.region.pivot { background: #e8eff6; box-shadow: inset 4px 0 0 var(--accent); }
table.heat td.c {
  width: 28px; height: 34px; text-align: center; vertical-align: middle; padding: 0; position: relative;
  font-size: 15px; font-weight: 700; line-height: 1;
}
.st-covered { background: var(--h-ok); color: var(--ok); }
.st-partial { background: var(--h-part); color: var(--part); }
.st-missing { background: var(--h-miss); color: var(--miss); }
.st-waived { background: var(--h-waive); color: var(--waive); }
.st-not-applicable, .st-not-checked { background: var(--h-na); color: var(--faint); font-weight: 400; }
td.c.st-not-applicable, td.c.st-not-checked { font-weight: 400; }
table.heat td.total { text-align: center; white-space: nowrap; padding: 3px 6px; font-variant-numeric: tabular-nums;
  vertical-align: middle; position: relative; line-height: 1.25; border-right: 2px solid #b6c4d2; }
table.heat td.total .frac { display: block; font-weight: 700; font-size: 13px; }
table.heat td.total .pct { display: block; }
table.heat td.total .bar { display: block; width: 100%; margin: 2px 0 0; height: 5px; }
.bar { display: inline-block; width: 32px; height: 8px; background: var(--na-bg); border-radius: 4px;
  margin: 0 4px 0 6px; vertical-align: middle; overflow: hidden; }
.bar i { display: block; height: 100%; background: var(--ok); }
.pct { color: var(--muted); font-size: 11px; }
table.heat tfoot th, table.heat tfoot td { background: #f7f9fa; font-size: 11px; font-weight: 700;
  color: var(--muted); text-align: center; padding: 3px 1px; font-variant-numeric: tabular-nums; }
table.heat tfoot th { text-align: left; padding: 3px 10px; position: sticky; left: 0; z-index: 1; }
table.heat tfoot td.total { padding: 3px 6px; }
table.heat tbody tr:hover th.region { background: #eef4fa; }
table.heat.flat tr.layers th.layer { display: none; }
table.sub { font-size: 13px; margin-top: 4px; }
table.sub th, table.sub td { padding: 4px 10px; text-align: left; vertical-align: top; }
table.sub th { background: #f7f9fa; color: var(--muted); font-size: 12px; }
table.sub td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.layers-sub th.l { max-width: 11em; line-height: 1.35; }
table.layers-sub td.full { background: var(--ok-bg); color: var(--ok); }
table.layers-sub td.some { background: var(--part-bg); color: var(--part); }
table.layers-sub td.few { background: var(--miss-bg); color: var(--miss); font-weight: 700; }
table.layers-sub td.none { background: var(--na-bg); color: var(--faint); }
table.key td.id { font-family: var(--mono); font-weight: 700; white-space: nowrap; }
table.key td.layer, table.key td.force { color: var(--muted); white-space: nowrap; }
table.key tr.group td { background: #f7f9fa; color: var(--accent); font-weight: 700; font-size: 12px; }
.errors li { margin-bottom: 6px; }
.errors code { color: var(--miss); }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--rule); color: var(--muted);
  font-size: 13px; }

@media screen and (max-width: 1400px) {
  .sheet { margin: 0; border: 0; border-radius: 0; padding: 20px 16px; }
}

@page { size: A3 landscape; margin: 10mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: none; font-size: 9.5pt; line-height: 1.45; color: #000; }
  .sheet { max-width: none; margin: 0; padding: 0; border: 0; border-radius: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 12pt; margin-top: 14pt; break-after: avoid; page-break-after: avoid; }
  .controls, .hint { display: none; }
  .sorted:empty { display: none; }
  .scroll { overflow: visible; border: 0; }
  table.heat th.corner, table.heat tbody th.region, table.heat tfoot th { position: static; }
  table.heat th button, table.heat th button:hover { text-decoration: none; color: inherit; }
  table.heat tbody th.region.pivot { background: #e8eff6; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  table.heat td.c { height: 22pt; font-size: 11pt; }
  section.key, section.layers { break-inside: auto; }
  footer { margin-top: 14pt; }
}
"""
)

SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("heat");
  if (!table) { return; }
  var words = JSON.parse(document.getElementById("matrix-words").textContent);
  var body = table.tBodies[0];
  var collator = new Intl.Collator(document.documentElement.lang || undefined, {numeric: true});
  var said = document.getElementById("sorted");
  var layerRow = table.querySelector("tr.layers");
  var flatCell = null;
  var state = {rows: null, dir: 1, rowsText: "", cols: "catalogue", colDir: 1, colsText: ""};

  function list(nodes) { return Array.prototype.slice.call(nodes); }
  function cellOf(row, req) { return row.querySelector('[data-req="' + req + '"]'); }
  function ratio(row) {
    var applicable = +row.getAttribute("data-applicable");
    return applicable ? +row.getAttribute("data-covered") / applicable : -1;
  }
  function arrow(dir) { return dir > 0 ? "\\u25b2" : "\\u25bc"; }
  function press(attribute, key) {
    list(document.querySelectorAll("[" + attribute + "]")).forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute(attribute) === key));
    });
  }
  function tell() {
    var parts = [];
    if (state.rowsText) { parts.push(words.rows + ": " + state.rowsText); }
    if (state.colsText) { parts.push(words.columns + ": " + state.colsText); }
    said.textContent = parts.length ? words.sorted_by + " \\u2014 " + parts.join(" \\u00b7 ") : "";
  }

  function sortRows(key, header) {
    var dir = state.rows === key ? -state.dir : 1;
    state.rows = key; state.dir = dir;
    var compare;
    if (key === "name") {
      compare = function (a, b) {
        return collator.compare(a.getAttribute("data-name"), b.getAttribute("data-name"));
      };
    } else if (key === "total") {
      compare = function (a, b) { return ratio(a) - ratio(b); };
    } else {
      compare = function (a, b) {
        return +cellOf(a, key).getAttribute("data-rank") - +cellOf(b, key).getAttribute("data-rank");
      };
    }
    var rows = list(body.rows);
    rows.sort(function (a, b) {
      return compare(a, b) * dir || +a.getAttribute("data-order") - +b.getAttribute("data-order");
    });
    rows.forEach(function (row) { body.appendChild(row); });
    list(table.querySelectorAll("thead th")).forEach(function (th) {
      th.removeAttribute("aria-sort");
      var mark = th.querySelector(".arrow");
      if (mark) { mark.textContent = ""; }
    });
    if (header) {
      header.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      var mark = header.querySelector(".arrow");
      if (mark) { mark.textContent = arrow(dir); }
    }
    press("data-sort-rows", key);
    var what = key === "name" ? words.by_name : key === "total" ? words.by_total
      : words.sort_requirement.replace("{}", key);
    state.rowsText = what + " " + arrow(dir);
    tell();
  }

  function sortColumns(key, label) {
    var dir = state.cols === key && key !== "catalogue" ? -state.colDir : 1;
    state.cols = key; state.colDir = dir;
    var heads = list(table.querySelectorAll("thead th.req"));
    var value;
    var pivot = null;
    if (key === "catalogue") {
      value = function () { return 0; };
    } else if (key === "coverage") {
      value = function (th) {
        var applicable = +th.getAttribute("data-applicable");
        return applicable ? +th.getAttribute("data-covered") / applicable : 2;
      };
    } else {
      pivot = body.querySelector('tr[data-order="' + key + '"]');
      value = function (th) {
        return +cellOf(pivot, th.getAttribute("data-req")).getAttribute("data-rank");
      };
    }
    heads.sort(function (a, b) {
      return (value(a) - value(b)) * dir || +a.getAttribute("data-index") - +b.getAttribute("data-index");
    });
    var order = heads.map(function (th) { return th.getAttribute("data-req"); });
    list(table.rows).forEach(function (tr) {
      var cells = {};
      list(tr.cells).forEach(function (cell) {
        var req = cell.getAttribute("data-req");
        if (req) { cells[req] = cell; }
      });
      if (!Object.keys(cells).length) { return; }
      order.forEach(function (req) { tr.appendChild(cells[req]); });
    });
    list(body.querySelectorAll("th.region")).forEach(function (th) {
      th.classList.toggle("pivot", pivot !== null && th.parentNode === pivot);
    });
    var flat = key !== "catalogue";
    table.classList.toggle("flat", flat);
    if (flat && !flatCell) {
      flatCell = document.createElement("th");
      flatCell.className = "flat";
      flatCell.colSpan = order.length;
      layerRow.appendChild(flatCell);
    }
    if (flatCell) {
      flatCell.hidden = !flat;
      flatCell.textContent = flat ? words.columns + ": " + label + " " + arrow(dir) : "";
    }
    press("data-sort-cols", key);
    state.colsText = flat ? label + " " + arrow(dir) : "";
    tell();
  }

  list(table.querySelectorAll("thead th.req button")).forEach(function (button) {
    button.addEventListener("click", function () {
      var th = button.closest("th");
      sortRows(th.getAttribute("data-req"), th);
    });
  });
  list(table.querySelectorAll("thead th[data-key] button")).forEach(function (button) {
    button.addEventListener("click", function () {
      var th = button.closest("th");
      sortRows(th.getAttribute("data-key"), th);
    });
  });
  list(document.querySelectorAll("[data-sort-rows]")).forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.getAttribute("data-sort-rows");
      sortRows(key, table.querySelector('thead th[data-key="' + key + '"]'));
    });
  });
  list(document.querySelectorAll("[data-sort-cols]")).forEach(function (button) {
    button.addEventListener("click", function () {
      sortColumns(button.getAttribute("data-sort-cols"), button.textContent);
    });
  });
  list(body.querySelectorAll("th.region button")).forEach(function (button) {
    button.addEventListener("click", function () {
      var row = button.closest("tr");
      sortColumns(row.getAttribute("data-order"),
        words.sort_region.replace("{}", row.getAttribute("data-name")));
    });
  });
})();
"""


def short_title(title: str) -> str:
    """A layer's title without its trailing parenthesis, for the narrow group header: 一套基础
    (一朵云、一张网) → 一套基础. The whole title is the header's tooltip and in the key."""
    short = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", title)
    return short or title


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _cell(status: str, lang: Lang) -> str:
    """A status's glyph, coloured, with its word for screen readers."""
    return f'<span aria-hidden="true">{GLYPH[status]}</span><span class="vh">{_e(status_word(status, lang))}</span>'


def _bar(covered: int, applicable: int) -> str:
    width = round(100 * covered / applicable) if applicable else 0
    return f'<span class="bar" aria-hidden="true"><i style="width:{width}%"></i></span>'


def _path(path: str, emphasis: str | None) -> str:
    """A file path that breaks after its slashes; ``emphasis`` (its tail) in bold."""
    head, tail = (path[: len(path) - len(emphasis)], emphasis) if emphasis else (path, "")
    escaped = _e(head).replace("/", "/<wbr>") + (f'<b class="rfile">{_e(tail)}</b>' if tail else "")
    return escaped


def _region_row(order: int, row: Row, lang: Lang, covered: int, applicable: int, cells: str) -> str:
    """The row header shows the region; when two plans share it (the label then names the file
    as well), the file's name is set in bold in the path below."""
    emphasis = None
    if row.label != row.region:
        name = Path(row.file).name
        emphasis = row.file if row.label.endswith(f"({row.file})") or not row.file.endswith(name) else name
    return (
        f'<tr data-order="{order}" data-name="{_e(row.label)}" data-covered="{covered}" '
        f'data-applicable="{applicable}">'
        f'<th class="region" scope="row" title="{_e(row.label)} · {_e(row.title)}">'
        f'<button type="button">{_e(row.region)}</button>'
        f'<span class="sub">{_e(level_word(row.level, lang))} · {_path(row.file, emphasis)}</span></th>'
        f"{_total(covered, applicable)}{cells}</tr>"
    )


def _total(covered: int, applicable: int) -> str:
    return (
        f'<td class="total"><span class="frac">{covered}/{applicable}</span>'
        f'<span class="pct">{percent(covered, applicable)}</span>{_bar(covered, applicable)}</td>'
    )


def _heat(matrix: Matrix, lang: Lang) -> str:
    ids = matrix.ids
    titles = {c.id: c.title.pick(lang) for c in matrix.columns}
    layer_cells = []
    for layer in matrix.layers:
        title = layer.title.pick(lang)
        layer_cells.append(
            f'<th class="layer" colspan="{len(layer.columns)}" scope="colgroup" title="{_e(title)}">'
            f"{_e(short_title(title))}</th>"
        )
    corner = (
        f'<th class="corner" rowspan="2" scope="col" data-key="name"><button type="button">'
        f'{_e(word("region", lang))}</button><span class="arrow"></span></th>'
    )
    total = (
        f'<th class="total" rowspan="2" scope="col" data-key="total"><button type="button">'
        f'{_e(word("covered_of_applicable", lang)).replace("/", "/<wbr>")}</button><span class="arrow"></span></th>'
    )
    heads = []
    for index, column in enumerate(matrix.columns):
        covered, applicable = matrix.column_totals(column.id)
        heads.append(
            f'<th class="req" scope="col" data-req="{_e(column.id)}" data-index="{index}" '
            f'data-covered="{covered}" data-applicable="{applicable}" title="{_e(column.id)} {_e(titles[column.id])}">'
            f'<button type="button">{_e(column.id)}</button><span class="arrow"></span></th>'
        )
    thead = (
        f'<thead><tr class="layers">{corner}{total}{"".join(layer_cells)}</tr>'
        f'<tr class="ids">{"".join(heads)}</tr></thead>'
    )
    rows = []
    for order, row in enumerate(matrix.rows):
        covered, applicable = matrix.row_totals(row)
        cells = []
        for requirement in ids:
            status = row.status(requirement)
            tip = f"{row.label} · {requirement} {titles[requirement]}: {status_word(status, lang)}"
            cells.append(
                f'<td class="c st-{status}" data-req="{_e(requirement)}" data-rank="{RANK[status]}" '
                f'title="{_e(tip)}">{_cell(status, lang)}</td>'
            )
        rows.append(_region_row(order, row, lang, covered, applicable, "".join(cells)))
    foot = []
    for requirement in ids:
        covered, applicable = matrix.column_totals(requirement)
        foot.append(f'<td data-req="{_e(requirement)}">{covered}/{applicable}</td>')
    all_covered = sum(matrix.row_totals(r)[0] for r in matrix.rows)
    all_applicable = sum(matrix.row_totals(r)[1] for r in matrix.rows)
    tfoot = (
        f'<tfoot><tr><th scope="row">{_e(word("regions_covering", lang))}</th>'
        f"{_total(all_covered, all_applicable)}{''.join(foot)}</tr></tfoot>"
    )
    return (
        f'<div class="scroll"><table class="heat" id="heat">{thead}<tbody>{"".join(rows)}</tbody>'
        f"{tfoot}</table></div>"
    )


def _controls(lang: Lang) -> str:
    def button(kind: str, key: str, label: str) -> str:
        return f'<button type="button" data-sort-{kind}="{key}" aria-pressed="false">{_e(word(label, lang))}</button>'

    return (
        '<div class="controls">'
        f'<span class="label">{_e(word("sort_rows", lang))}</span>'
        + button("rows", "name", "by_name")
        + button("rows", "total", "by_total")
        + '<span class="sep"></span>'
        + f'<span class="label">{_e(word("sort_columns", lang))}</span>'
        + button("cols", "catalogue", "catalogue_order")
        + button("cols", "coverage", "least_covered")
        + "</div>"
        f'<p class="hint">{_e(word("sort_hint", lang))}</p>'
        '<p class="sorted" id="sorted" aria-live="polite"></p>'
    )


def _legend(lang: Lang) -> str:
    items = "".join(
        f'<li><span class="swatch st-{s}" aria-hidden="true">{GLYPH[s]}</span>{_e(status_word(s, lang))}</li>'
        for s in STATUSES
    )
    return f'<ul class="legend" aria-label="{_e(word("legend", lang))}">{items}</ul>'


def _layers(matrix: Matrix, lang: Lang) -> str:
    head = f"<th>{_e(word('region', lang))}</th>" + "".join(
        f'<th class="l">{_e(layer.title.pick(lang))}</th>' for layer in matrix.layers
    )
    rows = []
    for row in matrix.rows:
        cells = []
        for layer in matrix.layers:
            covered, applicable = row.totals(layer.columns)
            if not applicable:
                css, text = "none", "–"
            else:
                share = covered / applicable
                css = "full" if share == 1 else "some" if share >= 0.5 else "few"
                text = f"{covered}/{applicable}"
            cells.append(f'<td class="n {css}">{text}</td>')
        rows.append(f'<tr><th scope="row">{_e(row.label)}</th>{"".join(cells)}</tr>')
    return (
        f'<section class="layers"><h2>{_e(word("by_layer", lang))}</h2>'
        f'<div class="scroll"><table class="sub layers-sub"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _key(matrix: Matrix, lang: Lang) -> str:
    head = (
        "".join(f"<th>{_e(word(k, lang))}</th>" for k in ("id", "requirement", "force"))
        + f"<th>{_e(word('regions_covering', lang))}</th>"
    )
    rows = []
    for layer in matrix.layers:
        rows.append(f'<tr class="group"><td colspan="4">{_e(layer.title.pick(lang))}</td></tr>')
        for requirement in layer.columns:
            column = next(c for c in matrix.columns if c.id == requirement)
            covered, applicable = matrix.column_totals(requirement)
            force = FORCE[column.force].pick(lang) if column.force in FORCE else column.force
            rows.append(
                f'<tr><td class="id">{_e(column.id)}</td><td>{_e(column.title.pick(lang))}</td>'
                f'<td class="force">{_e(force)}</td>'
                f'<td class="n">{covered}/{applicable}{_bar(covered, applicable)}</td></tr>'
            )
    return (
        f'<section class="key"><h2>{_e(word("key", lang))}</h2>'
        f'<table class="sub key"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "</section>"
    )


def _errors(matrix: Matrix, lang: Lang) -> str:
    if not matrix.errors:
        return ""
    items = "".join(
        f"<li><code>{_e(p.location())}</code> {_e(p.message.pick(lang))}</li>" for p in matrix.errors
    )
    return f'<section class="errors"><h2>{_e(word("errors", lang))}</h2><ul>{items}</ul></section>'


def render_html(matrix: Matrix, context: RenderContext) -> str:
    lang = context.lang
    title = _e(word("matrix_title", lang))
    generated = f"{_e(word('generated', lang))} plancheck {_e(matrix.version)}"
    words = {
        key: word(key, lang)
        for key in ("by_name", "by_total", "sorted_by", "sort_region", "sort_requirement")
    }
    words["rows"] = word("rows", lang)
    words["columns"] = word("columns", lang)
    # JSON inside <script>: "<" escaped so that no text can close the element.
    data = json.dumps(words, ensure_ascii=False).replace("<", "\\u003c")
    body = (
        f"<h1>{title}</h1>"
        f'<p class="subtitle">{_e(subtitle(matrix, lang))} · {generated}</p>'
        + _legend(lang)
        + _controls(lang)
        + _heat(matrix, lang)
        + f'<p class="note">{_e(word("waived_note", lang))}</p>'
        + _layers(matrix, lang)
        + _key(matrix, lang)
        + _errors(matrix, lang)
        + f"<footer>{generated}</footer>"
    )
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="plancheck {_e(matrix.version)}">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n"
        f'<body>\n<main class="sheet">\n{body}\n</main>\n'
        f'<script type="application/json" id="matrix-words">{data}</script>\n'
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
