"""The gap reports people read: Markdown for a pull-request comment, Word for circulation.

Each is produced by the CLI in-process together with the JSON report of the same run, and
checked against it: every layer, every finding (rule and file:line), every requirement."""

from __future__ import annotations

import io
import itertools
import json
import re
import sys

import pytest

from plancheck import __version__
from plancheck.i18n import zh
from plancheck.report.labels import HEADINGS, LAYER_STATUS, REQUIREMENT_STATUS
from tests.conftest import EXAMPLES, catalogue, run_cli

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm  # noqa: E402

FUYANG = EXAMPLES / "fuyang.yaml"
DRAFT = EXAMPLES / "city-draft-gaps.yaml"
CATALOGUE = catalogue()
LAYER_HEADER = {"zh": ["层", "状态", "未通过/规则"], "en": ["layer", "status", "failing/rules"]}
WAIVER = (
    "waivers: [{rule: AH-A2-KEY-PROJECT, reason: 经济调节依托省级平台, approver: 市数据资源局,"
    " granted: 2022-01-10, expires: 2099-12-31}]\n"
)
_PIPE = re.compile(r"(?<!\\)\|")


def produce(tmp_path, lang, *plans, extra=()):
    """Markdown text, docx bytes and the JSON document of one run."""
    md, word, js = tmp_path / "r.md", tmp_path / "r.docx", tmp_path / "r.json"
    result = run_cli(
        "verify", *plans, "-o", f"markdown:{md}", "-o", f"docx:{word}", "-o", f"json:{js}",
        "--lang", lang, "--force", *extra,
    )  # fmt: skip
    assert result.exit_code in (0, 1, 2), result.stderr
    return md.read_text(encoding="utf-8"), word.read_bytes(), json.loads(js.read_text(encoding="utf-8"))


def cells(line: str) -> list[str]:
    """The cells of a GFM table row, split on unescaped pipes."""
    return [c.strip() for c in _PIPE.split(line.strip())[1:-1]]


def tables(markdown: str) -> list[list[list[str]]]:
    """Every table: its rows (header first, the delimiter row dropped) as lists of cells."""
    found, current = [], None
    for line in markdown.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                found.append(current)
            row = cells(line)
            if not all(re.fullmatch(r":?-{3,}:?", c) for c in row):
                current.append(row)
        else:
            current = None
    return found


def plain(cell: str) -> str:
    """A cell without emphasis, code fences and escapes."""
    return re.sub(r"\\(.)", r"\1", cell.replace("**", "").replace("`", ""))


def sections(markdown: str) -> list[str]:
    """The text of each plan (from its `## ` heading to the next)."""
    return re.split(r"^## ", markdown, flags=re.M)[1:]


# -- Markdown ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_layers_findings_and_matrix(tmp_path, lang):
    text, _, doc = produce(tmp_path, lang, FUYANG, DRAFT)
    assert text.startswith(f"# {HEADINGS['report'].pick(lang)}\n")
    plans = [s for s in sections(text) if not s.startswith(HEADINGS["errors"].pick(lang))]
    assert len(plans) == len(doc["plans"]) == 2
    for section, plan in zip(plans, doc["plans"], strict=True):
        assert section.startswith(zh(plan["plan"]["title"]) if lang == "zh" else plan["plan"]["title"])
        assert f"`{plan['file']}`" in section and plan["plan"]["period"] in section
        layer_table = next(t for t in tables(section) if t[0] == LAYER_HEADER[lang])
        expected = [
            [
                layer["title"],
                LAYER_STATUS[layer["status"]].pick(lang),
                f"{len(layer['failing_rules'])}/{layer['rules_checked']}" if layer["rules_checked"] else "",
            ]
            for layer in plan["layers"]
        ]
        assert [[plain(c) for c in row] for row in layer_table[1:]] == expected
        items = [line for line in section.splitlines() if line.startswith("- **")]
        assert len(items) == len(plan["findings"])
        for finding in plan["findings"]:
            rule, where = f"`{finding['rule']}`", f"`{finding['file']}:{finding['line']}`"
            assert any(rule in item and where in item for item in items), finding["rule"]
        details = re.search(r"<details><summary>(.*?)</summary>\n(.*?)</details>", section, re.S)
        assert details and details.group(1).startswith(HEADINGS["matrix"].pick(lang))
        matrix = tables(details.group(2))[0]
        assert [plain(row[0]) for row in matrix[1:]] == CATALOGUE
        statuses = {plain(row[0]): plain(row[3]) for row in matrix[1:]}
        for requirement in plan["requirements"]:
            assert statuses[requirement["id"]] == REQUIREMENT_STATUS[requirement["status"]].pick(lang)
    draft = plans[1]
    assert "**" + LAYER_STATUS["missing"].pick(lang) + "**" in draft  # channel, safeguards
    assert text.endswith(f"plancheck {__version__}\n")


def test_markdown_findings_are_grouped_by_layer_in_layer_order(tmp_path):
    text, _, doc = produce(tmp_path, "en", DRAFT)
    plan = doc["plans"][0]
    titles = {layer["id"]: layer["title"] for layer in plan["layers"]}
    headings = re.findall(r"^#### (.+)$", text, re.M)
    layers_with_findings = [
        layer["id"] for layer in plan["layers"] if any(f["layer"] == layer["id"] for f in plan["findings"])
    ]
    assert headings == [titles[i] for i in layers_with_findings]


def test_a_pipe_or_markup_in_plan_values_does_not_break_the_tables(tmp_path):
    source = FUYANG.read_text(encoding="utf-8")
    edited = source.replace(
        "  title: 阜阳市“数字政府”", "  title: 阜阳市|测试 `规划` <b>粗</b> *星*“数字政府”", 1
    )
    edited = edited.replace("  region: 阜阳市\n", "  region: 阜阳|市\n", 1)
    assert edited.count("|") >= source.count("|") + 2
    plan = tmp_path / "plan|pipe.yaml"
    plan.write_text(edited, encoding="utf-8")
    text, _, _ = produce(tmp_path, "zh", plan, DRAFT)
    for table in tables(text):
        assert len({len(row) for row in table}) == 1, table  # every row as wide as the header
    overview = tables(text)[0]
    assert overview[0] == ["规划", "文件", "地区", "检查结果"]
    assert plain(overview[1][0]).startswith("阜阳市|测试 规划 <b>粗</b> *星*")
    assert overview[1][1] == f"`{tmp_path}/plan\\|pipe.yaml`"
    assert plain(overview[1][2]) == "阜阳|市"
    assert "<b>" not in text and "\\<b\\>" in text
    # and a GFM parser reads the same tables (markdown-it-py comes with rich)
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert rows and all(len(re.findall(r"<t[hd][ >]", row)) in (3, 4, 5) for row in rows)
    assert "<b>" not in html and "&lt;b&gt;粗" in html
    assert html.count("<details>") == 2 and html.count("<summary>") == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_shows_a_waived_finding_as_waived(tmp_path, lang):
    plan = tmp_path / "fuyang.yaml"
    plan.write_text(FUYANG.read_text(encoding="utf-8") + WAIVER, encoding="utf-8")
    text, _, _ = produce(tmp_path, lang, plan)
    waived = HEADINGS["waived"].pick(lang)
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if "`AH-A2-KEY-PROJECT`" in line and line.startswith("- "))
    assert f"*({waived})*" in lines[index]
    note = next(line for line in lines[index + 1 :] if line.startswith(f"  - **{waived}**"))
    assert "经济调节依托省级平台" in note and "市数据资源局" in note and "2099-12-31" in note
    matrix_a2 = next(line for line in lines if line.startswith("| **A2** |"))
    # the key-project box is practice (info): A2 is covered whether or not its advice is waived
    assert plain(cells(matrix_a2)[3]) == REQUIREMENT_STATUS["covered"].pick(lang)
    others = [line for line in lines if line.startswith("- ") and "AH-A2-KEY-PROJECT" not in line]
    assert others and not any(f"({waived})" in line for line in others)


def test_markdown_lists_input_errors_and_fixed_baseline_entries(tmp_path):
    plan = tmp_path / "draft.yaml"
    draft = DRAFT.read_text(encoding="utf-8")
    plan.write_text(draft, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert run_cli("baseline", "create", plan, "-o", baseline).exit_code == 0
    plan.write_text(draft.replace("target: 90%", "target: 100%"), encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan: [unclosed\n", encoding="utf-8")
    text, data, doc = produce(tmp_path, "en", plan, broken, extra=("--baseline", baseline))
    assert doc["errors"] and doc["baseline"]["fixed"]
    assert "## Files that could not be checked" in text
    assert f"`{doc['errors'][0]['file']}:{doc['errors'][0]['line']}" in text
    assert "## Baseline entries now fixed" in text and "`AH-D3-AGGREGATION-TARGET`" in text
    assert text.count("*(in baseline)*") == len(doc["plans"][0]["findings"])
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "Files that could not be checked" in paragraphs and "Baseline entries now fixed" in paragraphs


# -- Word ---------------------------------------------------------------------------------------


def table_with(document, first_cell: str):
    return [t for t in document.tables if t.rows[0].cells[0].text == first_cell]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_title_tables_and_findings(tmp_path, lang):
    _, data, doc = produce(tmp_path, lang, FUYANG, DRAFT)
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == HEADINGS["report"].pick(lang)
    assert document.paragraphs[0].style.name == "Title"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [zh(p["plan"]["title"]) if lang == "zh" else p["plan"]["title"] for p in doc["plans"]]

    h = {key: HEADINGS[key].pick(lang) for key in HEADINGS}
    identity = table_with(document, h["plan"])
    assert [t.rows[0].cells[1].text for t in identity] == headings
    assert [t.rows[1].cells[1].text for t in identity] == [plan["file"] for plan in doc["plans"]]
    layers = table_with(document, h["layer"])
    matrices = table_with(document, h["id"])
    checks = table_with(document, h["rule"])
    assert len(layers) == len(matrices) == len(checks) == 2
    for plan, layer_table, matrix, check_table in zip(doc["plans"], layers, matrices, checks, strict=True):
        assert [c.text for c in layer_table.rows[0].cells] == [
            h["layer"],
            h["status"],
            h["failing"],
            h["rules"],
        ]
        assert [r.cells[0].text for r in layer_table.rows[1:]] == [layer["title"] for layer in plan["layers"]]
        header = [c.text for c in matrix.rows[0].cells]
        assert header == [h["id"], h["requirement"], h["force"], h["status"], h["rules"], h["lines"]]
        assert [r.cells[0].text for r in matrix.rows[1:]] == CATALOGUE
        assert [r.cells[3].text for r in matrix.rows[1:]] == [
            REQUIREMENT_STATUS[r["status"]].pick(lang) for r in plan["requirements"]
        ]
        assert [r.cells[0].text for r in check_table.rows[1:]] == [c["rule"] for c in plan["checks"]]

    paragraphs = [p.text for p in document.paragraphs]
    heads = [p for p in paragraphs if re.match(r"\d+\. [\[【]", p)]
    assert len(heads) == sum(len(plan["findings"]) for plan in doc["plans"])
    for plan in doc["plans"]:
        for finding in plan["findings"]:
            assert any(finding["rule"] in p for p in heads), finding["rule"]
            colon = "：" if lang == "zh" else ": "
            where = f"{h['location']}{colon}{finding['file']}:{finding['line']}:{finding['column']}"
            assert any(p.startswith(where) for p in paragraphs), where
            assert any(p == f"{h['fix']}{colon}{finding['fix']}" for p in paragraphs)


def test_docx_matrix_lists_a_requirements_places_in_number_order(tmp_path):
    _, data, doc = produce(tmp_path, "zh", FUYANG)
    matrix = table_with(docx.Document(io.BytesIO(data)), HEADINGS["id"].pick("zh"))[0]
    requirements = doc["plans"][0]["requirements"]
    assert len(matrix.rows) == 1 + len(requirements)
    for row, requirement in zip(matrix.rows[1:], requirements, strict=True):
        shown = [int(n) for n in re.findall(r"\d+", row.cells[5].text.split("…")[0])]
        lines = sorted(int(place.rsplit(":", 1)[1]) for place in requirement["locations"])
        assert shown == lines[:8], requirement["id"]  # 94, 97, 100, not 100, 103, 94


def test_docx_fonts_page_and_properties(tmp_path):
    _, data, _ = produce(tmp_path, "zh", FUYANG)
    document = docx.Document(io.BytesIO(data))
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体" and normal.get(qn("w:ascii")) == "Times New Roman"
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "黑体", name
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:eastAsiaTheme")) is None
    section = document.sections[0]
    assert abs(section.page_width - Cm(21.0)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert section.left_margin >= Cm(2) and section.top_margin >= Cm(2)
    assert all(t.style.name == "Table Grid" for t in document.tables)
    core = document.core_properties
    assert core.created.year == 2000 and core.modified.year == 2000 and core.author == "plancheck"
    assert "阜阳市" in core.title


def test_docx_is_deterministic(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = produce(tmp_path / "a", "zh", FUYANG, DRAFT)[1]
    second = produce(tmp_path / "b", "zh", FUYANG, DRAFT)[1]
    assert first == second  # document dates and zip timestamps are fixed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_shows_a_waived_finding_as_waived(tmp_path, lang):
    plan = tmp_path / "fuyang.yaml"
    plan.write_text(FUYANG.read_text(encoding="utf-8") + WAIVER, encoding="utf-8")
    _, data, _ = produce(tmp_path, lang, plan)
    document = docx.Document(io.BytesIO(data))
    waived = HEADINGS["waived"].pick(lang)
    paragraphs = [p.text for p in document.paragraphs]
    heads = [p for p in paragraphs if re.match(r"\d+\. [\[【]", p)]
    flag = f"（{waived}）" if lang == "zh" else f"({waived})"
    assert [p for p in heads if flag in p] == [next(p for p in heads if "AH-A2-KEY-PROJECT" in p)]
    note = next(p for p in paragraphs if p.startswith(waived + ("：" if lang == "zh" else ": ")))
    assert "经济调节依托省级平台" in note and "市数据资源局" in note and "2099-12-31" in note
    waivers = table_with(document, HEADINGS["rule"].pick(lang))[0]  # before the checks table
    assert [c.text for c in waivers.rows[1].cells][:5] == [
        "AH-A2-KEY-PROJECT",
        "经济调节依托省级平台",
        "市数据资源局",
        "2022-01-10",
        "2099-12-31",
    ]
    matrix = table_with(document, HEADINGS["id"].pick(lang))[0]
    a2 = next(r for r in matrix.rows if r.cells[0].text == "A2")
    assert a2.cells[3].text == REQUIREMENT_STATUS["covered"].pick(lang)  # practice (info) never counts


def test_docx_without_python_docx_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    result = run_cli("verify", FUYANG, "-o", f"docx:{tmp_path / 'r.docx'}", "--lang", "en")
    assert result.exit_code == 2
    assert "a docx report needs python-docx" in result.stderr
    assert not (tmp_path / "r.docx").exists()


def test_docx_paragraph_styles(tmp_path):
    """Each paragraph has its style: table cells 'Table Text', finding details 'Finding
    Detail', headings 'Heading 1–3', body text the default style (no style written, as Word
    does for Normal)."""
    _, data, doc = produce(tmp_path, "zh", FUYANG, DRAFT)
    document = docx.Document(io.BytesIO(data))
    in_cells = [p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert in_cells and {p.style.name for p in in_cells} == {"Table Text"}
    by_style: dict[str, list[str]] = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    h = {key: HEADINGS[key].pick("zh") for key in HEADINGS}
    assert by_style["Heading 1"] == [zh(plan["plan"]["title"]) for plan in doc["plans"]]
    assert by_style["Heading 2"].count(h["findings"]) == by_style["Heading 2"].count(h["layers"]) == 2
    details = by_style["Finding Detail"]
    findings = sum(len(plan["findings"]) for plan in doc["plans"])
    assert sum(t.startswith(f"{h['location']}：") for t in details) == findings
    assert sum(t.startswith(f"{h['fix']}：") for t in details) == findings
    heads = [p for p in document.paragraphs if re.match(r"\d+\. 【", p.text)]
    assert len(heads) == findings and {p.style.name for p in heads} == {"Normal"}
    assert all(p._p.pPr is None or p._p.pPr.pStyle is None for p in heads)  # the default: no w:pStyle
    small = by_style["Table Text"]  # an empty paragraph after each table, and each layer table's note
    assert small.count("") == len(document.tables)
    assert [t for t in small if t] == [h["layers_note"]] * len(doc["plans"])


# -- a plan read from a document ------------------------------------------------------------------

LIXIN = EXAMPLES.parent / "tests" / "documents" / "corpus" / "lixin-county.txt"
SENTENCE = "县级不单独建设政务云，县直部门业务系统迁移至亳州市政务云平台部署。"  # in 三、(一)1 of the text
UNIT = {
    ("zh", ".docx"): "第{}段",
    ("zh", ".txt"): "第{}行",
    ("en", ".docx"): "paragraph {}",
    ("en", ".txt"): "line {}",
}


def _finding_lines(paragraphs: list[str], rule: str, head: str) -> list[str]:
    """The lines of the one finding whose lines name ``rule``: from its head to the next head."""
    heads = [i for i, p in enumerate(paragraphs) if re.match(head, p)] + [len(paragraphs)]
    found = [
        paragraphs[start:end]
        for start, end in itertools.pairwise(heads)
        if any(rule in p for p in paragraphs[start:end])
    ]
    assert len(found) == 1, (rule, found)
    return found[0]


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_word_reports_of_a_document_name_its_section_paragraph_and_sentence(tmp_path, lang, suffix):
    """On a plan read from a Word or text file, the Word report and the formal one place a
    finding by section and paragraph (or line), as the document is read, and quote its sentence;
    neither gives a YAML path."""
    from tests.test_extract import build_docx

    text = LIXIN.read_text(encoding="utf-8")
    if suffix == ".docx":
        plan = build_docx(text, tmp_path / "利辛县规划.docx")
        number = next(i for i, p in enumerate(docx.Document(str(plan)).paragraphs, 1) if SENTENCE in p.text)
    else:
        plan = tmp_path / "利辛县规划.txt"
        plan.write_text(text, encoding="utf-8")
        number = next(i for i, line in enumerate(text.splitlines(), 1) if SENTENCE in line)
    where = UNIT[(lang, suffix)].format(number)
    gap, formal, js = tmp_path / "gap.docx", tmp_path / "formal.docx", tmp_path / "r.json"
    result = run_cli("verify", plan, "-o", f"docx:{gap}", "-o", f"json:{js}", "--lang", lang)
    assert result.exit_code == 1, result.stderr
    finding = next(
        f
        for f in json.loads(js.read_text(encoding="utf-8"))["plans"][0]["findings"]
        if f["rule"] == "AH-F2-MIGRATION"
    )
    assert (finding["line"], finding["plan_source"], finding["plan_quote"]) == (number, "三、(一)1", SENTENCE)

    h = {key: HEADINGS[key].pick(lang) for key in HEADINGS}
    lines = _finding_lines(
        [p.text for p in docx.Document(str(gap)).paragraphs], "AH-F2-MIGRATION", r"\d+\. [\[【]"
    )
    if lang == "zh":  # full-width punctuation in Chinese
        assert f"{h['location']}：{finding['file']} {where}（三、（一）1）" in lines
        assert f"{h['plan_source']}：三、（一）1“{SENTENCE}”" in lines
    else:
        assert f"{h['location']}: {finding['file']} {where} (三、(一)1)" in lines
        assert f"{h['plan_source']}: 三、(一)1: “{SENTENCE}”" in lines
    assert not [line for line in lines if "foundation." in line]  # no YAML path

    result = run_cli("verify", plan, "--formal", "-o", formal, "--lang", lang)
    assert result.exit_code == 1, result.stderr
    lines = _finding_lines(
        [p.text for p in docx.Document(str(formal)).paragraphs], "AH-F2-MIGRATION", r"\d+\. 【"
    )
    if lang == "zh":
        assert f"位置：三、（一）1（{where}）" in lines and f"规划原文：“{SENTENCE}”" in lines
    else:
        assert f"Where: 三、(一)1 ({where})" in lines and f"Plan text: “{SENTENCE}”" in lines
    assert not [line for line in lines if "foundation." in line]


def test_the_formal_report_of_a_yaml_plan_gives_its_lines(tmp_path):
    """A YAML plan's places are lines of the file, not paragraphs."""
    formal, js = tmp_path / "formal.docx", tmp_path / "r.json"
    assert run_cli("verify", FUYANG, "-o", f"json:{js}", "--lang", "zh").exit_code == 0
    findings = json.loads(js.read_text(encoding="utf-8"))["plans"][0]["findings"]
    assert run_cli("verify", FUYANG, "--formal", "-o", formal, "--lang", "zh").exit_code == 0
    places = [p.text for p in docx.Document(str(formal)).paragraphs if p.text.startswith("位置：")]
    assert len(places) == len(findings) > 0
    for place, finding in zip(places, findings, strict=True):
        assert place.endswith(f"（第{finding['line']}行）"), place
