"""The formal gap report (``verify --formal -o gap.docx`` or ``-o gap.html``): the review an
office signs and sends, laid out as government documents are (GB/T 9704 as far as practical).

Per plan: the reference number over a red rule, the title (关于《…》的审核意见), the plan's
identity (title, document number, region and level, period, issuer), the rule pack and its
version, the review's date and office, a short conclusion, the gaps by layer (each with the
clause it rests on and the fix), the requirement matrix, and the signature block
(审核单位（盖章）and date). A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right;
仿宋_GB2312 三号 body, 小标宋 二号 title, 黑体 and 楷体 headings; page numbers “— 1 —”. Chinese
text has full-width punctuation throughout (``typography.zh``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from plancheck.engine.findings import Finding, PlanReport, RunReport
from plancheck.i18n import Lang
from plancheck.read.inputs import WORD_SUFFIXES
from plancheck.report import RenderContext, Signing
from plancheck.report.labels import FORCE, LEVEL, REQUIREMENT_STATUS, SEVERITY, word
from plancheck.report.typography import clause, zh

BODY = ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong")
TITLE = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "SimSun")
HEI = ("黑体", "SimHei", "STHeiti")
KAI = ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti")
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
RED = "C00000"


# --------------------------------------------------------------------------- the content


@dataclass
class Item:
    number: int
    head: str  # 【错误】message
    lines: list[tuple[str, str]]  # (label, text): 问题, 依据, 修改, 位置


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class FormalPlan:
    """What one plan's formal report says, in one language, punctuation already set."""

    title: str
    reference: str | None
    identity: list[tuple[str, str]]
    conclusion: list[str]
    sections: list[Section]
    matrix_head: list[str]
    matrix: list[list[str]]
    office: str
    date: str


def _words(lang: Lang) -> dict[str, str]:
    zh_words = {
        "title": "关于《{}》的审核意见",
        "plan": "规划名称",
        "number": "文号",
        "issuer": "印发机关",
        "region": "地区及层级",
        "period": "规划期",
        "file": "审核文件",
        "pack": "审核依据",
        "office": "审核单位",
        "date": "审核日期",
        "reference": "审核文号",
        "none_stated": "未写明",
        "h_basic": "一、基本情况",
        "h_conclusion": "二、审核结论",
        "h_gaps": "三、主要问题及修改意见",
        "h_matrix": "需求覆盖矩阵",
        "annex": "附件",
        "no_gaps": "未发现问题。",
        "problem": "问题",
        "cite": "依据",
        "clause": "条款",
        "fix": "修改意见",
        "where": "位置",
        "waived": "已豁免",
        "seal": "审核单位（盖章）",
        "id": "编号",
        "requirement": "需求",
        "force": "要求",
        "status": "覆盖情况",
        "rules": "未通过的规则",
        "line": "第{}段",
        "text_line": "第{}行",
    }
    en_words = {
        "title": "Review of “{}”",
        "plan": "Plan",
        "number": "Document number",
        "issuer": "Issued by",
        "region": "Region and level",
        "period": "Period",
        "file": "File reviewed",
        "pack": "Checked against",
        "office": "Reviewing office",
        "date": "Date of review",
        "reference": "Reference",
        "none_stated": "not stated",
        "h_basic": "1. The plan",
        "h_conclusion": "2. Conclusion",
        "h_gaps": "3. Gaps and how to fix them",
        "h_matrix": "Requirement matrix",
        "annex": "Annex",
        "no_gaps": "No gaps found.",
        "problem": "Problem",
        "cite": "Cites",
        "clause": "Clause",
        "fix": "Fix",
        "where": "Where",
        "waived": "waived",
        "seal": "Reviewing office (seal)",
        "id": "ID",
        "requirement": "Requirement",
        "force": "Force",
        "status": "Coverage",
        "rules": "Failing rules",
        "line": "paragraph {}",
        "text_line": "line {}",
    }
    return zh_words if lang == "zh" else en_words


def _date(iso: str | None, lang: Lang) -> str:
    day = dt.date.fromisoformat(iso) if iso else dt.date.today()
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.strftime("%d %B %Y").lstrip("0")


_CN_NUMBERS = "一二三四五六七八九十"


def _conclusion(report: PlanReport, lang: Lang) -> list[str]:
    statuses = [r.status for r in report.requirements]
    applicable = [s for s in statuses if s not in ("not-applicable", "not-checked")]
    n = {s: statuses.count(s) for s in ("covered", "partial", "missing", "waived", "not-applicable")}
    counts = report.counts()
    rules = {
        s: sum(c.status == s for c in report.checks) for s in ("passed", "failed", "waived", "not-applicable")
    }
    if lang == "zh":
        first = (
            f"经审核，该规划适用省级框架要求{len(applicable)}项，其中已覆盖{n['covered']}项、部分覆盖{n['partial']}项、"
            f"缺失{n['missing']}项" + (f"、已豁免{n['waived']}项" if n["waived"] else "") + "；"
            f"另有{n['not-applicable']}项按规划层级不适用。共执行检查规则{report.rules_checked}条"
            f"（通过{rules['passed']}条、未通过{rules['failed']}条"
            + (f"、已豁免{rules['waived']}条" if rules["waived"] else "")
            + f"），另有{rules['not-applicable']}条规则无可检查内容或不适用；"
            f"发现错误{counts['error']}项、警告{counts['warning']}项、提示{counts['info']}项。"
        )
        if counts["error"]:
            verdict = "该规划存在不符合省级框架要求的问题，请按本意见修改完善后重新报送。"
        elif counts["warning"]:
            verdict = "该规划基本符合省级框架要求，请按本意见进一步完善。"
        else:
            verdict = "该规划符合省级框架要求。"
        return [first, verdict]
    first = (
        f"Of the {len(applicable)} framework requirements that apply, the plan covers {n['covered']}, "
        f"covers {n['partial']} in part and misses {n['missing']}"
        + (f" ({n['waived']} waived)" if n["waived"] else "")
        + f"; {n['not-applicable']} do not apply at its level. {report.rules_checked} rules were checked "
        f"({rules['passed']} passed, {rules['failed']} failed); {rules['not-applicable']} had nothing to check "
        f"or do not apply. Errors: {counts['error']}, warnings: {counts['warning']}, info: {counts['info']}."
    )
    if counts["error"]:
        verdict = (
            "The plan falls short of the provincial framework: revise it as set out below and resubmit it."
        )
    elif counts["warning"]:
        verdict = "The plan broadly meets the provincial framework; improve it as set out below."
    else:
        verdict = "The plan meets the provincial framework."
    return [first, verdict]


def _item(number: int, f: Finding, report: PlanReport, lang: Lang, w: dict[str, str]) -> Item:
    head = f"【{SEVERITY[f.severity].pick(lang)}】{f.message.pick(lang)}"
    if f.waived_by is not None:
        head += f"（{w['waived']}）" if lang == "zh" else f" ({w['waived']})"
    detail = f.detail.pick(lang)
    ids = "、".join(f.implements) if lang == "zh" else ", ".join(f.implements)
    lines = [
        (
            w["problem"],
            f"{detail}（{ids}，{f.rule_id}）" if lang == "zh" else f"{detail} ({ids}, {f.rule_id})",
        )
    ]
    document = f.citation_document or (report.pack_framework.pick(lang) if report.pack_framework else "")
    if document:
        lines.append((w["cite"], document))
    if f.citation_section or f.citation_text:
        lines.append((w["clause"], clause(f.citation_section, f.citation_text)))
    if f.fix.pick(lang):
        lines.append((w["fix"], f.fix.pick(lang)))
    where = w["line" if Path(f.file).suffix.lower() in WORD_SUFFIXES else "text_line"].format(f.line)
    if f.plan_source:
        where = f"{f.plan_source}（{where}）" if lang == "zh" else f"{f.plan_source} ({where})"
    lines.append((w["where"], where))
    if lang == "zh":
        head = zh(head)
        lines = [(label, zh(text)) for label, text in lines]
    return Item(number, head, lines)


def formal_plan(report: PlanReport, signing: Signing, lang: Lang) -> FormalPlan:
    """The formal report's content for one plan."""
    w = _words(lang)
    t = zh if lang == "zh" else (lambda text: text or "")
    paren = "（{}）" if lang == "zh" else " ({})"
    identity = [
        (w["plan"], report.title),
        (w["number"], report.document_number or w["none_stated"]),
        (w["issuer"], report.issuer or w["none_stated"]),
        (w["region"], f"{report.province}{report.region}" + paren.format(word(LEVEL, report.level, lang))),
        (w["period"], report.period),
        (
            w["pack"],
            (report.pack_framework.pick(lang) if report.pack_framework else report.pack_title.pick(lang))
            + paren.format(f"{report.pack} {report.pack_version}"),
        ),
        (w["file"], report.file),
        (w["office"], signing.office),
        (w["date"], _date(signing.date, lang)),
    ]
    if signing.reference:
        identity.insert(7, (w["reference"], signing.reference))
    sections: list[Section] = []
    titles = {layer.id: layer.title.pick(lang) for layer in report.layers}
    number = 0
    for layer in [*report.layers]:
        mine = [f for f in report.findings if f.layer == layer.id]
        if not mine:
            continue
        status = word(REQUIREMENT_STATUS, layer.status, lang)
        section = Section(t(titles[layer.id] + paren.format(status)))
        for f in mine:
            number += 1
            section.items.append(_item(number, f, report, lang, w))
        sections.append(section)
    others = [f for f in report.findings if f.layer not in titles]
    if others:
        section = Section("—")
        for f in others:
            number += 1
            section.items.append(_item(number, f, report, lang, w))
        sections.append(section)
    matrix = [
        [
            r.id,
            t(r.title.pick(lang)),
            word(FORCE, r.force, lang),
            word(REQUIREMENT_STATUS, r.status, lang),
            "\n".join(r.failing),
        ]
        for r in report.requirements
    ]
    title = w["title"].format(report.title)
    return FormalPlan(
        title=t(title),
        reference=signing.reference,
        identity=[(label, t(value)) for label, value in identity],
        conclusion=[t(c) for c in _conclusion(report, lang)],
        sections=sections,
        matrix_head=[w["id"], w["requirement"], w["force"], w["status"], w["rules"]],
        matrix=matrix,
        office=t(signing.office),
        date=_date(signing.date, lang),
    )


def _signing(context: RenderContext) -> Signing:
    return context.signing or Signing()


# --------------------------------------------------------------------------- HTML

CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #e9ecef; }
body { margin: 0; color: #000; font-family: @BODY@, "Noto Serif CJK SC", serif; font-size: 16pt;
  line-height: 28.95pt; }
.page { width: 156mm; min-height: 225mm; margin: 16px auto; background: #fff; padding: 37mm 26mm 35mm 28mm;
  box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.page + .page { break-before: page; }
.reference { text-align: center; margin: 0 0 6pt; }
hr.red { border: 0; border-top: 2px solid #c00000; margin: 0 0 22pt; }
h1 { font-family: @TITLE@, "Noto Serif CJK SC", serif; font-size: 22pt; font-weight: normal; line-height: 1.45;
  text-align: center; margin: 0 0 22pt; }
h2 { font-family: @HEI@, "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 14pt 0 0; }
h3 { font-family: @KAI@, "Noto Serif CJK SC", serif; font-size: 16pt; font-weight: normal; margin: 8pt 0 0;
  text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table.identity { border-collapse: collapse; width: 100%; margin: 4pt 0; font-size: 14pt; line-height: 1.5; }
table.identity th { font-weight: normal; text-align: left; white-space: nowrap; width: 6.5em; vertical-align: top;
  padding: 1pt 6pt 1pt 0; }
table.identity td { padding: 1pt 0; }
.item { margin: 4pt 0 0; }
.item .head { text-indent: 2em; font-weight: bold; }
.item .line { text-indent: 2em; text-align: left; overflow-wrap: anywhere; }
.item .label { font-family: @HEI@, "Noto Sans CJK SC", sans-serif; }
table.matrix { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.4; margin-top: 6pt; }
table.matrix th, table.matrix td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
table.matrix th { font-family: @HEI@, "Noto Sans CJK SC", sans-serif; font-weight: normal; }
table.matrix td.rules { font-size: 10pt; }
table.matrix td.id, table.matrix td.st, table.matrix td.force { white-space: nowrap; text-align: center; }
table.matrix thead { display: table-header-group; }
table.matrix tr { break-inside: avoid; }
.annex-note { margin-top: 14pt; }
.annex { break-before: page; margin-top: 28pt; }
h1.annex-title { font-size: 18pt; margin: 6pt 0 10pt; }
.signature { margin-top: 36pt; text-align: right; padding-right: 4em; break-inside: avoid; }
.signature p { text-indent: 0; text-align: right; }
@media print { html { background: none; } .page { width: auto; min-height: 0; margin: 0; padding: 0;
  box-shadow: none; } }
"""


def _fonts(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{name}"' for name in names)


for _token, _names in (("@BODY@", BODY), ("@TITLE@", TITLE), ("@HEI@", HEI), ("@KAI@", KAI)):
    CSS = CSS.replace(_token, _fonts(_names))


def _html_plan(plan: FormalPlan, lang: Lang) -> str:
    e = escape
    w = _words(lang)
    parts = ['<section class="page">']
    if plan.reference:
        parts.append(f'<p class="reference">{e(plan.reference)}</p><hr class="red">')
    parts.append(f"<h1>{e(plan.title)}</h1>")
    parts.append(f'<h2>{e(w["h_basic"])}</h2><table class="identity">')
    parts.extend(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in plan.identity)
    parts.append(f"</table><h2>{e(w['h_conclusion'])}</h2>")
    parts.extend(f"<p>{e(c)}</p>" for c in plan.conclusion)
    parts.append(f"<h2>{e(w['h_gaps'])}</h2>")
    if not plan.sections:
        parts.append(f"<p>{e(w['no_gaps'])}</p>")
    for index, section in enumerate(plan.sections):
        number = f"（{_CN_NUMBERS[index]}）" if lang == "zh" and index < 10 else f"({index + 1}) "
        parts.append(f"<h3>{e(number + section.title)}</h3>")
        for item in section.items:
            lines = "".join(
                f'<p class="line"><span class="label">{e(label)}{"：" if lang == "zh" else ": "}</span>{e(text)}</p>'
                for label, text in item.lines
            )
            parts.append(f'<div class="item"><p class="head">{item.number}. {e(item.head)}</p>{lines}</div>')
    colon = "：" if lang == "zh" else ": "
    parts.append(f'<p class="annex-note">{e(w["annex"])}{colon}{e(w["h_matrix"])}</p>')
    parts.append(
        f'<div class="signature"><p>{e(w["seal"])}{colon}{e(plan.office)}</p><p>{e(plan.date)}</p></div>'
    )
    parts.append(
        f'<div class="annex"><h2>{e(w["annex"])}</h2><h1 class="annex-title">{e(w["h_matrix"])}</h1>'
    )
    parts.append('<table class="matrix"><thead><tr>')
    parts.extend(f"<th>{e(h)}</th>" for h in plan.matrix_head)
    parts.append("</tr></thead><tbody>")
    for row in plan.matrix:
        cells = zip(row, ("id", "req", "force", "st", "rules"), strict=True)
        parts.append(
            "<tr>"
            + "".join(f'<td class="{c}">{e(v).replace(chr(10), "<br>")}</td>' for v, c in cells)
            + "</tr>"
        )
    parts.append("</tbody></table></div></section>")
    return "".join(parts)


def render_html(run: RunReport, context: RenderContext) -> str:
    lang = context.lang
    signing = _signing(context)
    plans = [formal_plan(report, signing, lang) for report in run.reports]
    title = plans[0].title if len(plans) == 1 else _words(lang)["h_gaps"]
    body = "".join(_html_plan(plan, lang) for plan in plans)
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="plancheck {escape(run.version)}">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- Word


class _Word:
    def __init__(self) -> None:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt, RGBColor

        self.qn, self.OxmlElement, self.Mm, self.Pt, self.RGBColor = qn, OxmlElement, Mm, Pt, RGBColor
        self.align = WD_ALIGN_PARAGRAPH
        self.exact = WD_LINE_SPACING.EXACTLY
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.footer_distance = Mm(28) - Mm(7)  # the page number 7 mm below the text block
        normal = self.doc.styles["Normal"]
        self.font(normal.element, BODY[0], "Times New Roman")
        normal.font.size = Pt(16)
        normal.paragraph_format.line_spacing_rule = self.exact
        normal.paragraph_format.line_spacing = Pt(28.95)  # 22 lines in the 225 mm text block
        normal.paragraph_format.space_after = Pt(0)
        self.page_number(section.footer.paragraphs[0])

    def font(self, element: object, east_asian: str, latin: str = "Times New Roman") -> None:
        rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
        fonts = rpr.find(self.qn("w:rFonts"))
        if fonts is None:
            fonts = self.OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(self.qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(self.qn(attr), latin)
        fonts.set(self.qn("w:eastAsia"), east_asian)

    def page_number(self, paragraph: object) -> None:
        p = paragraph
        p.alignment = self.align.CENTER  # type: ignore[attr-defined]
        self.run(p, "— ", "宋体", 14)
        run = self.run(p, "", "宋体", 14)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            if kind is not None:
                element = self.OxmlElement("w:fldChar")
                element.set(self.qn("w:fldCharType"), kind)
            elif text and text.startswith(" "):
                element = self.OxmlElement("w:instrText")
                element.set(self.qn("xml:space"), "preserve")
                element.text = text
            else:
                element = self.OxmlElement("w:t")
                element.text = text
            run._r.append(element)
        self.run(p, " —", "宋体", 14)

    def run(self, paragraph: object, text: str, font: str | None = None, size: float | None = None) -> Any:
        from plancheck.report.docx import _t

        run = paragraph.add_run(_t(text))  # type: ignore[attr-defined]
        if font is not None:
            self.font(run._r, font)
        if size is not None:
            run.font.size = self.Pt(size)
        return run

    def paragraph(
        self, text: str = "", font: str | None = None, size: float | None = None, indent: bool = True
    ) -> object:
        p = self.doc.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = self.Pt(32)
        if text:
            self.run(p, text, font, size)
        return p

    def red_rule(self) -> None:
        p = self.doc.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        border = self.OxmlElement("w:pBdr")
        bottom = self.OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", RED)):
            bottom.set(self.qn(key), value)
        border.append(bottom)
        ppr.append(border)
        p.paragraph_format.line_spacing = self.Pt(8)
        p.paragraph_format.space_after = self.Pt(22)


def _docx_plan(word: _Word, plan: FormalPlan, lang: Lang, first: bool) -> None:
    w = _words(lang)
    colon = "：" if lang == "zh" else ": "
    if plan.reference:
        p = word.paragraph(plan.reference, indent=False)
        p.alignment = word.align.CENTER  # type: ignore[attr-defined]
        if not first:
            p.paragraph_format.page_break_before = True  # type: ignore[attr-defined]
        word.red_rule()
    title = word.paragraph(plan.title, TITLE[0], 22, indent=False)
    title.alignment = word.align.CENTER  # type: ignore[attr-defined]
    title.paragraph_format.line_spacing = word.Pt(35)  # type: ignore[attr-defined]
    title.paragraph_format.space_after = word.Pt(22)  # type: ignore[attr-defined]
    if not first and not plan.reference:
        title.paragraph_format.page_break_before = True  # type: ignore[attr-defined]
    word.paragraph(w["h_basic"], HEI[0])
    for label, value in plan.identity:
        p = word.paragraph()
        word.run(p, f"{label}{colon}", HEI[0])
        word.run(p, value)
    word.paragraph(w["h_conclusion"], HEI[0])
    for text in plan.conclusion:
        word.paragraph(text)
    word.paragraph(w["h_gaps"], HEI[0])
    if not plan.sections:
        word.paragraph(w["no_gaps"])
    for index, section in enumerate(plan.sections):
        number = f"（{_CN_NUMBERS[index]}）" if lang == "zh" and index < 10 else f"({index + 1}) "
        word.paragraph(number + section.title, KAI[0])
        for item in section.items:
            head = word.paragraph()
            head.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
            word.run(head, f"{item.number}. {item.head}").bold = True
            for label, text in item.lines:
                p = word.paragraph()
                word.run(p, f"{label}{colon}", HEI[0])
                word.run(p, text)
    note = word.paragraph(f"{w['annex']}{colon}{w['h_matrix']}")
    note.paragraph_format.space_before = word.Pt(14)  # type: ignore[attr-defined]
    note.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    for index, text in enumerate((f"{w['seal']}{colon}{plan.office}", plan.date)):
        p = word.paragraph(text, indent=False)
        p.alignment = word.align.RIGHT  # type: ignore[attr-defined]
        p.paragraph_format.right_indent = word.Pt(64)  # type: ignore[attr-defined]
        if index == 0:
            p.paragraph_format.space_before = word.Pt(42)  # type: ignore[attr-defined]
            p.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    annex = word.paragraph(w["annex"], HEI[0], indent=False)
    annex.paragraph_format.page_break_before = True  # type: ignore[attr-defined]
    heading = word.paragraph(w["h_matrix"], TITLE[0], 18, indent=False)
    heading.alignment = word.align.CENTER  # type: ignore[attr-defined]
    heading.paragraph_format.space_after = word.Pt(12)  # type: ignore[attr-defined]
    _matrix_table(word, plan)


def _matrix_table(word: _Word, plan: FormalPlan) -> None:
    widths_mm = (12, 62, 14, 20, 48)
    table = word.doc.add_table(rows=1 + len(plan.matrix), cols=len(plan.matrix_head))
    table.style = word.doc.styles["Table Grid"]
    table.autofit = False
    for index, row in enumerate(table.rows):
        values = plan.matrix_head if index == 0 else plan.matrix[index - 1]
        for cell, value, width in zip(row.cells, values, widths_mm, strict=True):
            cell.width = word.Mm(width)
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing = word.Pt(18)
            p.paragraph_format.first_line_indent = 0
            if index == 0 or width <= 22:
                p.alignment = word.align.CENTER
            word.run(p, value, HEI[0] if index == 0 else None, 12 if width != 48 or index == 0 else 10)
        if index == 0:
            row._tr.get_or_add_trPr().append(word.OxmlElement("w:tblHeader"))
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = word.Mm(width)


def render_docx(run: RunReport, context: RenderContext) -> bytes:
    import io

    from plancheck.report.docx import FIXED_TIME, _fixed_zip, _t

    lang = context.lang
    signing = _signing(context)
    word = _Word()
    plans = [formal_plan(report, signing, lang) for report in run.reports]
    for index, plan in enumerate(plans):
        _docx_plan(word, plan, lang, first=index == 0)
    core = word.doc.core_properties
    core.title = _t(plans[0].title if plans else "")
    core.author = core.last_modified_by = _t(signing.office)
    core.created = core.modified = FIXED_TIME
    core.revision = 1
    core.language = "zh-CN" if lang == "zh" else "en-US"
    buffer = io.BytesIO()
    word.doc.save(buffer)
    return _fixed_zip(buffer.getvalue())


__all__ = ["FormalPlan", "formal_plan", "render_docx", "render_html"]
