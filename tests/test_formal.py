"""verify --formal: the gap report an office signs and sends (HTML and Word)."""

from __future__ import annotations

import re

import pytest

from plancheck.report.typography import half_width_marks
from tests.conftest import EXAMPLES, run_cli

docx = pytest.importorskip("docx")
SIGNED = ("--office", "安徽省数据资源管理局", "--reference", "皖数资审〔2024〕12号", "--date", "2024-05-20")


def _text_of_html(html: str) -> str:
    from html import unescape

    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "\n", body))


def test_formal_html_and_word_carry_the_signing(tmp_path):
    html, word = tmp_path / "审核意见.html", tmp_path / "审核意见.docx"
    result = run_cli(
        "verify",
        EXAMPLES / "city-draft-gaps.yaml",
        "--formal",
        "-o",
        html,
        "-o",
        word,
        "--lang",
        "zh",
        *SIGNED,
    )
    assert result.exit_code == 1, result.stderr  # the draft has errors
    page = _text_of_html(html.read_text(encoding="utf-8"))
    document = docx.Document(str(word))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    for text in (page, paragraphs):
        for part in (
            "关于《示例市“数字政府”建设规划（2021-2025年）（征求意见稿）》的审核意见",
            "皖数资审〔2024〕12号",
            "审核单位（盖章）：安徽省数据资源管理局",
            "2024年5月20日",
            "审核结论",
            "请按本意见修改完善后重新报送",
            "anhui-11171 1.0",
            "一个通道",  # the gaps by layer
            "附件：需求覆盖矩阵",
        ):
            assert part in text, part
        chinese = [line for line in text.splitlines() if re.search(r"[\u4e00-\u9fff]", line)]
        assert not [m for line in chinese for m in half_width_marks(line)]
    assert "<th>编号</th>" in html.read_text(encoding="utf-8")
    matrix = document.tables[-1]
    assert [c.text for c in matrix.rows[0].cells] == ["编号", "需求", "要求", "覆盖情况", "未通过的规则"]
    assert {row.cells[0].text for row in matrix.rows[1:]} >= {"F1", "C1", "S1"}
    section = document.sections[0]
    mm = [
        round(v / 36000)
        for v in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert mm == [37, 35, 28, 26] and round(section.page_width / 36000) == 210
    assert document.styles["Normal"].element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia")) == "仿宋_GB2312"


def test_formal_settings_from_plancheck_toml_and_document_number(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    plan = plans / "fuyang.yaml"
    plan.write_bytes((EXAMPLES / "fuyang.yaml").read_bytes())  # its document_number: 阜政发〔2021〕59号
    (tmp_path / "plancheck.toml").write_text(
        '[review]\noffice = "阜阳市数据资源局"\nreference = "阜数审〔2024〕3号"\ndate = 2024-06-01\n',
        encoding="utf-8",
    )
    html = tmp_path / "r.html"
    assert run_cli("verify", plan, "--formal", "-o", html, "--lang", "zh").exit_code == 0
    page = _text_of_html(html.read_text(encoding="utf-8"))
    for part in ("阜阳市数据资源局", "阜数审〔2024〕3号", "2024年6月1日", "阜政发〔2021〕59号", "基本符合"):
        assert part in page, part
    assert (
        run_cli(
            "verify", plan, "--formal", "-o", tmp_path / "s.html", "--lang", "zh", "--date", "2024-07-02"
        ).exit_code
        == 0
    )
    assert "2024年7月2日" in (tmp_path / "s.html").read_text(encoding="utf-8")


def test_formal_needs_a_word_or_html_report_and_a_real_date(tmp_path):
    assert run_cli("verify", EXAMPLES / "fuyang.yaml", "--formal").exit_code == 2
    assert run_cli("verify", EXAMPLES / "fuyang.yaml", "--formal", "-o", tmp_path / "a.json").exit_code == 2
    bad = run_cli(
        "verify", EXAMPLES / "fuyang.yaml", "--formal", "-o", tmp_path / "a.html", "--date", "2024-13-01"
    )
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr
