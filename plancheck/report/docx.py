"""A Word document (.docx), the form in which government offices circulate a review: per plan
its identity, the layer summary, the requirement matrix, every finding with its citation and
fix, the waivers, and the checks that were run; then input errors and fixed baseline entries.

A4 portrait; 宋体 for body text and 黑体 for headings (set as East-Asian fonts, so that Word and
WPS do not fall back to a Latin font for Chinese). python-docx is imported only here, when a
docx report is asked for. The bytes are deterministic: fixed document dates and fixed
timestamps inside the zip.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

from plancheck.engine.findings import Finding, PlanReport, RunReport
from plancheck.errors import Problem, UsageError
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
    heading,
    quoted,
    summary_line,
    word,
)
from plancheck.report.place import is_word, place

BODY_FONT = ("Times New Roman", "宋体")
HEADING_FONT = ("Arial", "黑体")
TEXT_WIDTH_CM = 16.6  # 21.0 cm less 2 × 2.2 cm margins
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
SEVERITY_COLOUR = {"error": "C00000", "warning": "B45F06", "info": "2F5597"}
STATUS_COLOUR = {"missing": "C00000", "partial": "B45F06", "failed": "C00000", "expired": "C00000"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _t(text: str | None) -> str:
    """Text Word can hold: characters XML 1.0 forbids are dropped."""
    return _NOT_XML.sub("", text or "")


class _Writer:
    """The document being written and the python-docx names it needs (imported lazily)."""

    def __init__(self, lang: Lang) -> None:
        try:
            import docx
            from docx.enum.table import WD_TABLE_ALIGNMENT
            from docx.enum.text import WD_ALIGN_PARAGRAPH
            from docx.oxml import OxmlElement
            from docx.oxml.ns import qn
            from docx.shared import Cm, Pt, RGBColor
        except ImportError:
            raise UsageError(
                Problem(
                    "docx",
                    Message(
                        "生成 docx 报告需要 python-docx: pip install python-docx",
                        "a docx report needs python-docx: pip install python-docx",
                    ),
                )
            ) from None
        self.lang = lang
        self.qn, self.OxmlElement = qn, OxmlElement
        self.Cm, self.Pt, self.RGBColor = Cm, Pt, RGBColor
        self.CENTER = WD_ALIGN_PARAGRAPH.CENTER
        self.TABLE_CENTER = WD_TABLE_ALIGNMENT.CENTER
        self.doc = docx.Document()
        self._style_ids: dict[str, str | None] = {}
        self._page()
        self._styles()

    # -- set-up ---------------------------------------------------------------------------

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = self.Cm(21.0), self.Cm(29.7)
        section.top_margin = section.bottom_margin = self.Cm(2.5)
        section.left_margin = section.right_margin = self.Cm(2.2)
        section.header_distance = section.footer_distance = self.Cm(1.5)
        footer = section.footer.paragraphs[0]
        footer.alignment = self.CENTER
        self._field(footer, "PAGE")

    def _fonts(self, element: Any, latin: str, east_asian: str) -> None:
        """Set the Latin and East-Asian fonts of a style's (or the defaults') run properties,
        dropping the theme fonts that would otherwise win."""
        qn = self.qn
        rpr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else element.find(qn("w:rPr"))
        if rpr is None:
            rpr = self.OxmlElement("w:rPr")
            element.append(rpr)
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = self.OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attr), latin)
        rfonts.set(qn("w:eastAsia"), east_asian)

    def _styles(self) -> None:
        qn, Pt, styles = self.qn, self.Pt, self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        self._fonts(defaults, *BODY_FONT)
        lang_tag = defaults.find(qn("w:rPr")).find(qn("w:lang"))
        if lang_tag is not None:
            lang_tag.set(qn("w:val"), "en-US")  # Latin text stays Latin (breaks at hyphens)
            lang_tag.set(qn("w:eastAsia"), "zh-CN")
        normal = styles["Normal"]
        normal.font.name = BODY_FONT[0]
        self._fonts(normal.element, *BODY_FONT)
        normal.font.size = Pt(10.5)  # 五号
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.15
        for name, size in (("Title", 18), ("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 12)):
            style = styles[name]
            self._fonts(style.element, *HEADING_FONT)
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = self.RGBColor(0, 0, 0)
            style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
            style.paragraph_format.space_after = Pt(6)
        title = styles["Title"]
        title.paragraph_format.alignment = self.CENTER
        ppr = title.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)
        from docx.enum.style import WD_STYLE_TYPE

        cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = Pt(9)  # 小五
        cell.paragraph_format.space_after = Pt(0)
        cell.paragraph_format.line_spacing = 1.0
        detail = styles.add_style("Finding Detail", WD_STYLE_TYPE.PARAGRAPH)
        detail.base_style = normal
        detail.paragraph_format.left_indent = self.Cm(0.74)
        detail.paragraph_format.space_after = Pt(2)

    def _field(self, paragraph: Any, code: str) -> None:
        run = paragraph.add_run()
        parts: tuple[tuple[str | None, str], ...] = (
            ("begin", ""),
            (None, f" {code} "),
            ("separate", ""),
            (None, "1"),
            ("end", ""),
        )
        for kind, text in parts:
            if kind is not None:
                element = self.OxmlElement("w:fldChar")
                element.set(self.qn("w:fldCharType"), kind)
            elif text.startswith(" "):
                element = self.OxmlElement("w:instrText")
                element.set(self.qn("xml:space"), "preserve")
                element.text = text
            else:
                element = self.OxmlElement("w:t")
                element.text = text
            run._r.append(element)

    # -- building blocks --------------------------------------------------------------------

    def styled(self, paragraph: Any, style: str | None) -> Any:
        """Give a paragraph a paragraph style by name. python-docx's ``paragraph.style = …``
        looks up the document's default paragraph style on every assignment (a scan of every
        style), which was most of a report's time; the style id is resolved that same way once
        per document and name here, then set on the paragraph (None for the default style, as
        python-docx writes it)."""
        if style is not None:
            if style not in self._style_ids:
                from docx.enum.style import WD_STYLE_TYPE

                part = self.doc.part
                self._style_ids[style] = part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[no-untyped-call]
            paragraph._p.style = self._style_ids[style]
        return paragraph

    def heading(self, text: str, level: int, page_break: bool = False) -> Any:
        """A heading: the Title style for level 0, else Heading 1–3 (as ``add_heading``)."""
        style = "Title" if level == 0 else f"Heading {level}"
        paragraph = self.styled(self.doc.add_paragraph(_t(text)), style)
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def paragraph(self, text: str = "", style: str | None = None) -> Any:
        return self.styled(self.doc.add_paragraph(_t(text)), style)

    def labelled(self, label: str, text: str, style: str = "Finding Detail") -> Any:
        paragraph = self.paragraph(style=style)
        paragraph.add_run(_t(label) + ("：" if self.lang == "zh" else ": ")).bold = True
        paragraph.add_run(_t(text))
        return paragraph

    def _colour(self, run: Any, hex_colour: str | None) -> None:
        if hex_colour:
            run.font.color.rgb = self.RGBColor.from_string(hex_colour)

    def table(
        self,
        header: list[str],
        rows: list[list[str | tuple[str, str | None, bool]]],
        widths: list[float],
    ) -> Any:
        """A 'Table Grid' table: a shaded header row repeated on every page, then the rows.
        A cell is text, or (text, colour, bold)."""
        qn = self.qn
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = self.TABLE_CENTER
        table.autofit = False
        scale = TEXT_WIDTH_CM / sum(widths)
        for index, row in enumerate(table.rows):
            values: list[Any] = header if index == 0 else rows[index - 1]
            for cell, value, width in zip(row.cells, values, widths, strict=True):
                cell.width = self.Cm(width * scale)
                text, colour, bold = value if isinstance(value, tuple) else (value, None, False)
                paragraph = self.styled(cell.paragraphs[0], "Table Text")
                run = paragraph.add_run(_t(text))
                run.bold = bold or index == 0
                self._colour(run, colour)
                if index == 0:
                    shading = self.OxmlElement("w:shd")
                    shading.set(qn("w:val"), "clear")
                    shading.set(qn("w:color"), "auto")
                    shading.set(qn("w:fill"), "D9D9D9")
                    cell._tc.get_or_add_tcPr().append(shading)
            if index == 0:
                header_mark = self.OxmlElement("w:tblHeader")
                row._tr.get_or_add_trPr().append(header_mark)
        # the grid's own column widths, which Word and LibreOffice read before the cells'
        for column, width in zip(table.columns, widths, strict=True):
            column.width = self.Cm(width * scale)
        self.paragraph(style="Table Text")  # a gap, so that adjacent tables do not merge
        return table

    def save(self, title: str) -> bytes:
        core = self.doc.core_properties
        core.title = _t(title)
        core.author = core.last_modified_by = "plancheck"
        core.created = core.modified = FIXED_TIME
        core.revision = 1
        core.language = "zh-CN" if self.lang == "zh" else "en-US"
        core.comments = ""
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed, so that equal reports are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# -- the report ---------------------------------------------------------------------------------


def _lines(locations: list[str], file: str, lang: Lang, most: int = 8) -> str:
    """file:line locations as line numbers when they are in the plan's own file, those first in
    number order, then other files' places; a long list is cut after ``most`` with its count
    (the JSON report has them all)."""
    prefix = file + ":"
    shown = [loc[len(prefix) :] if loc.startswith(prefix) else loc for loc in locations]
    shown.sort(key=lambda loc: (0, int(loc), "") if loc.isdigit() else (1, 0, loc))
    if len(shown) <= most:
        return ", ".join(shown)
    if lang == "zh":
        return "、".join(shown[:most]) + f"……（共 {len(shown)} {heading('places', lang)}）"
    return ", ".join(shown[:most]) + f", … ({len(shown)} {heading('places', lang)})"


def _identity(w: _Writer, report: PlanReport, lang: Lang) -> None:
    rows: list[list[Any]] = [
        [heading("file", lang), report.file],
        [heading("region", lang), report.region],
        [heading("level", lang), word(LEVEL, report.level, lang)],
        [heading("province", lang), report.province],
        [heading("period", lang), report.period],
        [
            heading("pack", lang),
            f"{report.pack} {report.pack_version}"
            + (f"（{report.pack_title.zh}）" if lang == "zh" else f" ({report.pack_title.en})"),
        ],
        [
            heading("result", lang),
            (summary_line(report.counts()).pick(lang), None, True),
        ],
    ]
    w.table([heading("plan", lang), zh(report.title) if lang == "zh" else report.title], rows, [3.2, 13.4])


def _layers(w: _Writer, report: PlanReport, lang: Lang) -> None:
    w.heading(heading("layers", lang), 2)
    rows: list[list[Any]] = []
    for layer in report.layers:
        status = word(LAYER_STATUS, layer.status, lang)
        rows.append(
            [
                layer.title.pick(lang),
                (status, STATUS_COLOUR.get(layer.status), layer.status in STATUS_COLOUR),
                f"{len(layer.failing)}/{layer.rules}" if layer.rules else "",
                ", ".join(layer.failing),
            ]
        )
    header = [
        heading("layer", lang),
        heading("status", lang),
        heading("failing", lang),
        heading("rules", lang),
    ]
    w.table(header, rows, [5.6, 2.2, 2.2, 6.6])
    w.paragraph(heading("layers_note", lang), "Table Text")


def _matrix(w: _Writer, report: PlanReport, lang: Lang) -> None:
    if not report.requirements:
        return
    w.heading(heading("matrix", lang), 2)
    rows: list[list[Any]] = []
    for r in report.requirements:
        status = word(REQUIREMENT_STATUS, r.status, lang)
        failed = RULE_STATUS["failed"].pick(lang)
        mark = f"（{failed}）" if lang == "zh" else f" ({failed})"
        titles = {c.rule_id: c.title.zh for c in report.checks} if lang == "zh" else {}
        rules = "\n".join(
            rule + (f" {titles[rule]}" if rule in titles else "") + (mark if rule in r.failing else "")
            for rule in r.rules
        )
        rows.append(
            [
                (r.id, None, True),
                r.title.pick(lang),
                word(FORCE, r.force, lang),
                (status, STATUS_COLOUR.get(r.status), r.status in STATUS_COLOUR),
                rules,
                _lines(r.locations, report.file, lang),
            ]
        )
    header = [
        heading("id", lang),
        heading("requirement", lang),
        heading("force", lang),
        heading("status", lang),
        heading("rules", lang),
        heading("paragraphs" if is_word(report.file) else "lines", lang),
    ]
    w.table(header, rows, [1.2, 4.4, 1.4, 1.8, 5.8, 2.0])


def _layer_title(report: PlanReport, layer_id: str, lang: Lang) -> str:
    for layer in report.layers:
        if layer.id == layer_id:
            return layer.title.pick(lang)
    return HEADINGS[layer_id].pick(lang) if layer_id in HEADINGS else layer_id


def _finding(w: _Writer, number: int, f: Finding, lang: Lang) -> None:
    head = w.doc.add_paragraph()
    head.paragraph_format.keep_with_next = True
    head.paragraph_format.space_before = w.Pt(6)
    head.add_run(f"{number}. ").bold = True
    label = word(SEVERITY, f.severity, lang)
    severity = head.add_run(f"【{label}】" if lang == "zh" else f"[{label}] ")
    severity.bold = True
    w._colour(severity, SEVERITY_COLOUR.get(f.severity) if f.counts else "7F7F7F")
    head.add_run(f.rule_id).bold = True
    if lang == "zh":  # a rule id is named by its title for a reviewer
        head.add_run(f"（{_t(f.title.zh)}）").bold = True
    for flag, key in ((f.waived_by is not None, "waived"), (f.baselined, "baselined")):
        if flag:
            text = heading(key, lang)
            head.add_run(f"（{text}）" if lang == "zh" else f" ({text})").bold = True
    head.add_run(("" if lang == "zh" else " ") + _t(f.message.pick(lang)))
    # in Chinese, and for a document, the place is told in words (the detail); the YAML path is for
    # a YAML plan's author (English, JSON)
    words_only = lang == "zh" or is_document(f.file)
    where = place(f, lang) if words_only else f"{f.file}:{f.line}:{f.column} ({f.path})"
    w.labelled(heading("location", lang), where)
    if f.implements:
        w.labelled(heading("implements", lang), ", ".join(f.implements))
    if f.detail.pick(lang):
        w.labelled(heading("detail", lang), f.detail.pick(lang))
    if lang == "zh":
        citation = f.citation_section + ("：" if f.citation_section and f.citation_text else "")
        citation = zh(citation) + (quoted(f.citation_text) if f.citation_text else "")
        if f.citation_document:
            citation += f"（{f.citation_document}）"
    else:
        citation = " ".join(part for part in (f.citation_document or "", f.citation_section) if part)
        if f.citation_text:
            citation = f"{citation}: “{f.citation_text}”" if citation else f"“{f.citation_text}”"
    if citation:
        w.labelled(heading("cite", lang), citation)
    if f.plan_source or f.plan_quote:
        if lang == "zh":
            own = zh(f.plan_source or "") + (quoted(zh(f.plan_quote)) if f.plan_quote else "")
        else:
            quote = f"“{f.plan_quote}”" if f.plan_quote else ""
            own = ": ".join(p for p in (f.plan_source or "", quote) if p)
        w.labelled(heading("plan_source", lang), own)
    if f.fix.pick(lang):
        w.labelled(heading("fix", lang), f.fix.pick(lang))
    waiver = f.waived_by
    if waiver is not None:
        parts = [
            waiver.reason,
            f"{heading('approver', lang)} {waiver.approver}",
            f"{heading('granted', lang)} {waiver.granted}",
        ]
        if waiver.expires:
            parts.append(f"{heading('expires', lang)} {waiver.expires}")
        parts.append(f"{f.file}:{waiver.line}")
        w.labelled(heading("waived", lang), "; ".join(parts))


def _findings(w: _Writer, report: PlanReport, lang: Lang) -> None:
    w.heading(heading("findings", lang), 2)
    if not report.findings:
        w.paragraph(heading("no_findings", lang))
        return
    order = [layer.id for layer in report.layers]
    groups: dict[str, list[Finding]] = {}
    for f in report.findings:
        groups.setdefault(f.layer, []).append(f)
    number = 0
    for layer_id in sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g)):
        w.heading(_layer_title(report, layer_id, lang), 3)
        for f in groups[layer_id]:
            number += 1
            _finding(w, number, f, lang)


def _waivers(w: _Writer, report: PlanReport, lang: Lang) -> None:
    if not report.waivers:
        return
    w.heading(heading("waivers", lang), 2)
    rows: list[list[Any]] = [
        [
            u.rule + (f"\n{u.path}" if u.path else ""),
            u.reason,
            u.approver,
            u.granted,
            u.expires or "",
            (word(WAIVER_STATUS, u.status, lang), STATUS_COLOUR.get(u.status), u.status in STATUS_COLOUR),
            str(u.waived),
            str(u.line),
        ]
        for u in report.waivers
    ]
    header = [
        heading("rule", lang),
        heading("reason", lang),
        heading("approver", lang),
        heading("granted", lang),
        heading("expires", lang),
        heading("status", lang),
        heading("findings_waived", lang),
        heading("line", lang),
    ]
    w.table(header, rows, [3.8, 3.0, 2.0, 1.9, 1.9, 1.4, 1.5, 1.1])


def _checks(w: _Writer, report: PlanReport, lang: Lang) -> None:
    if not report.checks:
        return
    w.heading(heading("checks", lang), 2)
    tally = {s: sum(c.status == s for c in report.checks) for s in RULE_STATUS}
    comma, colon, semicolon = ("，", "：", "；") if lang == "zh" else (", ", ": ", "; ")
    run = comma.join(
        f"{RULE_STATUS[s].pick(lang)} {tally[s]}" for s in ("failed", "waived", "passed") if tally[s]
    )
    others = comma.join(
        f"{RULE_STATUS[s].pick(lang)} {tally[s]}" for s in ("not-applicable", "not-checked") if tally[s]
    )
    w.paragraph(
        f"{report.rules_checked} {heading('rules_run', lang)}{colon}{run}"
        + (f"{semicolon}{others}" if others else "")
    )
    rows: list[list[Any]] = [
        [
            c.rule_id,
            c.title.pick(lang),
            ", ".join(c.implements),
            word(SEVERITY, c.severity, lang),
            (word(RULE_STATUS, c.status, lang), STATUS_COLOUR.get(c.status), c.status in STATUS_COLOUR),
            str(c.findings) if c.findings else "",
        ]
        for c in report.checks
    ]
    header = [
        heading("rule", lang),
        heading("title", lang),
        heading("implements", lang),
        heading("severity", lang),
        heading("status", lang),
        heading("finding_count", lang),
    ]
    w.table(header, rows, [6.0, 4.8, 1.7, 1.1, 1.5, 1.5])


def _plan(w: _Writer, report: PlanReport, lang: Lang, first: bool) -> None:
    w.heading(zh(report.title) if lang == "zh" else report.title, 1, page_break=not first)
    _identity(w, report, lang)
    _layers(w, report, lang)
    _matrix(w, report, lang)
    _findings(w, report, lang)
    _waivers(w, report, lang)
    _checks(w, report, lang)


def _errors(w: _Writer, run: RunReport, lang: Lang) -> None:
    if not run.errors:
        return
    w.heading(heading("errors", lang), 1, page_break=bool(run.reports))
    for problem in run.errors:
        w.labelled(problem.location(), problem.message.pick(lang), style="Normal")


def _baseline(w: _Writer, run: RunReport, lang: Lang) -> None:
    if run.baseline is None or not run.baseline.fixed:
        return
    w.heading(heading("baseline_fixed", lang), 1)
    if run.baseline.file:
        w.labelled(heading("baseline_file", lang), run.baseline.file, style="Normal")
    rows: list[list[Any]] = [
        [e.get("rule", ""), e.get("file", ""), e.get("path", "")] for e in run.baseline.fixed
    ]
    w.table([heading("rule", lang), heading("file", lang), heading("path", lang)], rows, [5.0, 5.0, 6.6])


def render(run: RunReport, context: RenderContext) -> bytes:
    lang = context.lang
    w = _Writer(lang)
    title = heading("report", lang)
    w.heading(title, 0)
    byline = w.paragraph(f"{heading('generated', lang)} plancheck {run.version}")
    byline.alignment = w.CENTER
    for index, report in enumerate(run.reports):
        _plan(w, report, lang, first=index == 0)
    _errors(w, run, lang)
    _baseline(w, run, lang)
    if len(run.reports) == 1:
        title = f"{title}: {run.reports[0].title}"
    return w.save(title)
