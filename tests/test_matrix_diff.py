"""``plancheck matrix`` (regions × requirements over many plans, in Markdown, CSV, XLSX and HTML)
and ``plancheck diff`` (two versions of a plan, or a plan and its version at a git revision).

The matrix is made over examples/ (four plans; two of them share the region 示例市, so those two
are told apart by file name). The HTML is opened in Chromium through Playwright when both are
there: no console errors, no request but the file, and the sort controls reorder the table."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from plancheck.i18n import Message
from tests.conftest import EXAMPLES, run_cli, watched_page

FUYANG = EXAMPLES / "fuyang.yaml"
DRAFT = EXAMPLES / "city-draft-gaps.yaml"
COUNTY = EXAMPLES / "county-own-cloud.yaml"
SHORTFALL = EXAMPLES / "city-bandwidth-shortfall.yaml"
# Rows in input order: a directory gives its plans sorted by path.
REGIONS = ["示例市 (city-bandwidth-shortfall.yaml)", "示例市 (city-draft-gaps.yaml)", "示例县", "阜阳市"]
APPLICABLE = ("covered", "partial", "missing", "waived")

# What the pack defines (its catalogue, each example's statuses) is read from plancheck's own JSON
# report of the same plans, so that a rule or requirement added to the pack breaks no test here.
REPORTS = {
    region: plan
    for region, plan in zip(
        REGIONS,
        sorted(
            run_cli("verify", EXAMPLES, "--format", "json", "--lang", "en").json()["plans"],
            key=lambda p: p["file"],
        ),
        strict=True,
    )
}
CATALOGUE = [requirement["id"] for requirement in REPORTS["阜阳市"]["requirements"]]
N = len(CATALOGUE)


def _statuses(region: str, layer: str | None = None) -> list[str]:
    return [r["status"] for r in REPORTS[region]["requirements"] if layer is None or r["layer"] == layer]


def _covered_of(region: str, layer: str | None = None) -> tuple[int, int]:
    """(covered, applicable) of an example, in all or in one layer."""
    statuses = _statuses(region, layer)
    return statuses.count("covered"), sum(s in APPLICABLE for s in statuses)


def _regions_covering(requirement: str) -> int:
    return sum(
        r["status"] == "covered"
        for plan in REPORTS.values()
        for r in plan["requirements"]
        if r["id"] == requirement
    )


TOTALS = {region: _covered_of(region) for region in REGIONS}
WORST_FIRST = ["missing", "partial", "waived", "covered", "not-applicable", "not-checked"]


def _least_covered(requirement: str) -> float:
    """The share of the regions it applies to that cover a requirement (2: it applies to none)."""
    statuses = [
        r["status"] for plan in REPORTS.values() for r in plan["requirements"] if r["id"] == requirement
    ]
    applicable = sum(s in APPLICABLE for s in statuses)
    return statuses.count("covered") / applicable if applicable else 2


WORDS = {
    "en": {"covered": "covered", "partial": "partial", "missing": "missing", "not-applicable": "n/a"},
    "zh": {"covered": "已覆盖", "partial": "部分覆盖", "missing": "缺失", "not-applicable": "不适用"},
}
REMOTE = [
    re.compile(r"""\b(?:src|href|action|poster|srcset|data|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"<(?:link|img|iframe|object|embed|base)\b", re.I),
    re.compile(r"<script\b[^>]*\bsrc\s*=", re.I),
]


def matrix_file(directory: Path, suffix: str, lang: str = "en", *inputs: Path) -> Path:
    target = directory / f"matrix{suffix}"
    result = run_cli("matrix", *(inputs or (EXAMPLES,)), "-o", target, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    regions = len(inputs) if inputs else len(REGIONS)
    assert (
        f"{regions} regions × {N} requirements" in result.stderr
        or f"{regions} 个地区 × {N} 项需求" in result.stderr
    )
    return target


@pytest.fixture(scope="module")
def csv_rows(tmp_path_factory) -> list[dict[str, str]]:
    path = matrix_file(tmp_path_factory.mktemp("csv"), ".csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the matrix ----------------------------------------------------------------------------------


def test_csv_cells_regions_and_totals(csv_rows):
    *regions, totals = csv_rows
    assert [r["region"] for r in regions] == REGIONS
    by_region = {r["region"]: r for r in regions}
    assert by_region["阜阳市"]["F1"] == "partial"  # the national cloud standard is not stated
    assert by_region["阜阳市"]["H1"] == "n/a"  # a city plan: the county rule does not apply
    assert by_region["示例县"]["H1"] in ("partial", "missing")
    assert by_region["示例市 (city-draft-gaps.yaml)"]["C1"] == "missing"
    assert by_region["示例市 (city-bandwidth-shortfall.yaml)"]["F6"] == "partial"
    for region, (covered, applicable) in TOTALS.items():
        row = by_region[region]
        assert (int(row["covered"]), int(row["applicable"])) == (covered, applicable)
        assert (
            sum(int(row[s]) for s in ("covered", "partial", "missing", "waived", "n/a", "not checked")) == N
        )
        assert float(row["coverage"]) == pytest.approx(covered / applicable, abs=1e-4)
        assert [row[i] for i in CATALOGUE].count("covered") == covered
    assert by_region["示例县"]["file"].endswith("county-own-cloud.yaml")
    assert by_region["示例县"]["level"] == "county"
    # Per layer: a county plan has nothing of the data centre to cover.
    county = by_region["示例县"]
    assert county["one data centre (Jianghuai sub-platform): applicable"] == "0"
    draft = by_region["示例市 (city-draft-gaps.yaml)"]
    covered, applicable = _covered_of("示例市 (city-draft-gaps.yaml)", "foundation")
    assert 0 < covered < applicable
    assert draft["one foundation (cloud, network): covered"] == str(covered)
    assert draft["one foundation (cloud, network): applicable"] == str(applicable)
    # The totals row: how many regions cover each requirement.
    assert totals["region"].startswith("total")
    assert {i: int(totals[i]) for i in CATALOGUE} == {i: _regions_covering(i) for i in CATALOGUE}
    assert (int(totals["F1"]), int(totals["H1"])) == (1, 0)  # Fuyang's F1 is partial; H1 is a county's
    assert int(totals["covered"]) == sum(c for c, _ in TOTALS.values())
    assert int(totals["applicable"]) == sum(a for _, a in TOTALS.values())


def test_markdown_is_the_default_on_stdout():
    result = run_cli("matrix", EXAMPLES, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| 地区 | F1 |"))
    assert [c.strip() for c in header.strip("|").split("|")][1 : N + 1] == CATALOGUE
    rows = {
        cells[0]: cells
        for line in lines
        if line.startswith("| ") and len(cells := [c.strip() for c in line.strip("|").split("|")]) == N + 3
    }
    fuyang = rows["阜阳市"]
    assert fuyang[1 + CATALOGUE.index("F1")] == "◐" and fuyang[1 + CATALOGUE.index("H1")] == "–"
    assert rows["示例市（city-draft-gaps.yaml）"][1 + CATALOGUE.index("C1")] == "✗"  # full-width in Chinese
    covered, applicable = TOTALS["阜阳市"]
    assert fuyang[N + 1 :] == [f"{covered}/{applicable}", f"{round(100 * covered / applicable)}%"]
    totals = rows["**覆盖该需求的地区**"]
    all_covered = sum(c for c, _ in TOTALS.values())
    all_applicable = sum(a for _, a in TOTALS.values())
    fuyang_applicable = sum(
        r["status"] in APPLICABLE
        for plan in REPORTS.values()
        for r in plan["requirements"]
        if r["id"] == "F1"
    )
    assert totals[1 + CATALOGUE.index("F1")] == f"1/{fuyang_applicable}"
    assert totals[N + 1] == f"{all_covered}/{all_applicable}"
    assert any(line.startswith("| 示例县 | ") and line.count("|") == 11 for line in lines)  # per layer
    assert "✓ 已覆盖 · ◐ 部分覆盖 · ✗ 缺失 · ○ 已豁免 · – 不适用 · ? 未检查" in result.stdout


def test_markdown_file(tmp_path):
    text = matrix_file(tmp_path, ".md").read_text(encoding="utf-8")
    assert "| 阜阳市 | ◐ |" in text and "Subtotals by layer" in text


def test_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(matrix_file(tmp_path, ".xlsx", "zh"))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "B2"
    header = [c.value for c in sheet[1]]
    assert header[0] == "地区" and header[1 : N + 1] == CATALOGUE
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert [r for r in rows if r and not r.startswith("合计")] == REGIONS
    a2 = rows["阜阳市"][CATALOGUE.index("F1") + 1]
    assert a2.value == "◐ 部分覆盖"
    assert a2.fill.fgColor.rgb.endswith("FDF1D6")
    c1 = rows["示例市 (city-draft-gaps.yaml)"][CATALOGUE.index("C1") + 1]
    assert c1.value == "✗ 缺失" and c1.fill.fgColor.rgb.endswith("FBE9E7")
    assert rows["阜阳市"][CATALOGUE.index("H1") + 1].value == "– 不适用"
    totals = next(row for name, row in rows.items() if name and name.startswith("合计"))
    assert totals[CATALOGUE.index("F2") + 1].value == _regions_covering("F2")
    assert totals[0].font.bold
    covered_column = header.index("已覆盖")
    assert rows["示例县"][covered_column].value == TOTALS["示例县"][0]
    assert sheet.cell(row=1, column=2).comment.text.startswith("F1 ")
    assert book.worksheets[1]["A2"].value == "F1"


def test_html_holds_every_region_and_requirement(tmp_path):
    text = matrix_file(tmp_path, ".html", "zh").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in text
    for region in REGIONS:
        assert f'data-name="{region}"' in text
    for requirement in CATALOGUE:
        assert f'<th class="req" scope="col" data-req="{requirement}"' in text
        assert f'<td class="id">{requirement}</td>' in text  # the key with its title
    assert "@page { size: A3 landscape" in text and "@media print" in text
    for pattern in REMOTE:
        assert not pattern.search(text), pattern.pattern
    # Status by glyph and word as well as colour.
    assert 'class="c st-partial"' in text and '<span class="vh">部分覆盖</span>' in text
    assert text.count('<td class="c st-') == len(REGIONS) * N


def test_html_escapes_plan_text(tmp_path):
    hostile = '<script>alert("x")</script>&'
    plan = FUYANG.read_text(encoding="utf-8").replace("  region: 阜阳市\n", f"  region: '{hostile}'\n", 1)
    (tmp_path / "hostile.yaml").write_text(plan, encoding="utf-8")
    target = tmp_path / "m.html"
    assert run_cli("matrix", tmp_path / "hostile.yaml", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert hostile not in text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in text
    assert text.count("<script") == 2  # the words (JSON) and the sorting code, nothing else


def test_region_named_with_a_formula_stays_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    plan = FUYANG.read_text(encoding="utf-8").replace("  region: 阜阳市\n", "  region: '=1+1'\n", 1)
    (tmp_path / "f.yaml").write_text(plan, encoding="utf-8")
    for suffix in (".csv", ".xlsx"):
        assert run_cli("matrix", tmp_path / "f.yaml", "-o", tmp_path / f"m{suffix}").exit_code == 0
    assert "\n'=1+1," in (tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    cell = openpyxl.load_workbook(tmp_path / "m.xlsx").worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.value == "=1+1"  # a string, not a formula


def test_broken_plan_is_left_out_and_exit_2(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan:\n  title: [unclosed\n", encoding="utf-8")
    target = tmp_path / "m.csv"
    result = run_cli("matrix", FUYANG, broken, COUNTY, "-o", target, "--lang", "en")
    assert result.exit_code == 2
    assert str(broken) in result.stderr
    assert "Traceback" not in result.stderr
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:-1]] == ["阜阳市", "示例县"]
    markdown = run_cli("matrix", FUYANG, broken, "--lang", "en")
    assert markdown.exit_code == 2 and "| 阜阳市 |" in markdown.stdout
    assert "### Files that could not be checked" in markdown.stdout and f"- `{broken}:" in markdown.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["matrix", "{tmp}/empty"], "the directory holds no plan files"),
        (["matrix", "{tmp}/*.nothing.yaml"], "no file matches this pattern"),
        (["matrix", "{tmp}/missing.yaml"], "no such file"),
        (["matrix", str(FUYANG), "-o", "{tmp}/m.txt"], "unknown file type .txt"),
        (["matrix", str(FUYANG), "-o", "{tmp}/exists.csv"], "the file exists; add --force"),
        (["matrix", str(FUYANG), "--rules", "{tmp}/no-such-pack"], "no-such-pack"),
    ],
)
def test_matrix_bad_input(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "exists.csv").write_text("keep", encoding="utf-8")
    result = run_cli(*(a.format(tmp=tmp_path) for a in args), "--lang", "en")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "exists.csv").read_text(encoding="utf-8") == "keep"


def test_matrix_bad_input_in_chinese(tmp_path):
    result = run_cli("matrix", tmp_path, "--lang", "zh")
    assert result.exit_code == 2 and "目录中没有规划文件" in result.stderr


def test_force_replaces(tmp_path):
    target = tmp_path / "m.md"
    target.write_text("old", encoding="utf-8")
    assert run_cli("matrix", FUYANG, "-o", target, "--force").exit_code == 0
    assert "阜阳市" in target.read_text(encoding="utf-8")


# --- the matrix in a browser ---------------------------------------------------------------------


def _order(page) -> list[str]:
    return page.eval_on_selector_all("#heat tbody tr", "rows => rows.map(r => r.dataset.name)")


def _columns(page) -> list[str]:
    return page.eval_on_selector_all("#heat thead th.req", "ths => ths.map(t => t.dataset.req)")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_matrix_in_browser(browser, tmp_path, lang):
    path = matrix_file(tmp_path, ".html", lang)
    url = path.resolve().as_uri()
    page, errors, requests = watched_page(browser)
    try:
        page.goto(url, wait_until="load")
        assert _order(page) == REGIONS
        assert _columns(page) == CATALOGUE
        assert page.locator("#heat td.c").count() == len(REGIONS) * N
        # At 1280 px the whole table fits: no column is hidden behind a scroll bar.
        assert page.evaluate("document.querySelector('.scroll').scrollWidth") <= page.evaluate(
            "document.querySelector('.scroll').clientWidth"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        page.screenshot(path=str(tmp_path / f"{lang}.png"), full_page=True)

        # A requirement column: worst first (partial before covered before n/a), ties in input order.
        page.click('#heat th.req[data-req="F1"] button')
        assert _order(page) == [
            REGIONS[1],
            REGIONS[3],
            REGIONS[0],
            REGIONS[2],
        ]  # partial, partial, covered, n/a
        assert page.get_attribute('#heat th.req[data-req="F1"]', "aria-sort") == "ascending"
        page.click('#heat th.req[data-req="F1"] button')  # again: the other way
        assert _order(page) == [REGIONS[2], REGIONS[0], REGIONS[1], REGIONS[3]]
        page.click('#heat th.req[data-req="C1"] button')  # missing first
        assert _order(page)[0] == REGIONS[1]
        assert "C1" in page.inner_text("#sorted")
        # The region total: lowest coverage first.
        page.click('button[data-sort-rows="total"]')
        by_coverage = sorted(REGIONS, key=lambda r: TOTALS[r][0] / TOTALS[r][1])  # ties: input order
        assert _order(page) == by_coverage
        # The region name, in the page's language: pinyin order in Chinese (阜 fù before 示 shì).
        page.click("#heat th.corner button")
        names = _order(page)
        if lang == "zh":
            assert names == [REGIONS[3], REGIONS[0], REGIONS[1], REGIONS[2]]
        else:
            assert sorted(names) == sorted(REGIONS) and names[1:3] == REGIONS[:2]  # the two 示例市 together
        page.click("#heat th.corner button")
        assert _order(page) == names[::-1]

        # Columns by one region's statuses: the draft's missing requirements come first.
        page.click(f'#heat tr[data-name="{REGIONS[1]}"] th.region button')
        columns = _columns(page)
        draft = dict(zip(CATALOGUE, _statuses(REGIONS[1]), strict=True))
        # worst first, ties in catalogue order
        assert columns == sorted(CATALOGUE, key=lambda i: WORST_FIRST.index(draft[i]))
        assert draft[columns[0]] == "missing" and "C1" in columns[: _statuses(REGIONS[1]).count("missing")]
        for row in page.eval_on_selector_all(
            "#heat tbody tr, #heat tfoot tr",
            "rows => rows.map(r => [...r.querySelectorAll('[data-req]')].map(c => c.dataset.req))",
        ):
            assert row == columns  # every row's cells moved with their header
        page.screenshot(path=str(tmp_path / f"{lang}-sorted.png"), full_page=True)
        page.click('button[data-sort-cols="coverage"]')
        assert _columns(page) == sorted(CATALOGUE, key=_least_covered)
        assert _columns(page)[:2] == ["H1", "H2"]  # covered by 0 of 1 region (the county)
        page.click('button[data-sort-cols="catalogue"]')
        assert _columns(page) == CATALOGUE

        page.emulate_media(media="print")
        page.set_viewport_size({"width": 1512, "height": 1050})  # A3 landscape less 10 mm margins
        assert page.evaluate("document.documentElement.scrollWidth") <= 1512
        assert not page.locator(".controls").is_visible()
        page.screenshot(path=str(tmp_path / f"{lang}-print.png"), full_page=True)
    finally:
        page.close()
    assert errors == []
    assert requests == [url]
    for name in (f"{lang}.png", f"{lang}-sorted.png", f"{lang}-print.png"):
        assert (tmp_path / name).stat().st_size > 30_000


# --- diff ----------------------------------------------------------------------------------------

FIXED = ("AH-F5-DUAL-STACK", "foundation.network.ip_stack")
INTRODUCED = ("AH-F6-COUNTY-BANDWIDTH", "foundation.network.bandwidth.to_county")


def edited_draft(text: str) -> str:
    """The draft with one gap fixed (dual stack), another introduced (100M to the counties) and
    two lines added at the top, so that every other finding moves."""
    assert "    ip_stack: 支持IPv4\n" in text and "to_county: 千兆" in text
    text = text.replace("    ip_stack: 支持IPv4\n", "    ip_stack: 支持IPv4和IPv6的双栈\n")
    text = text.replace("to_county: 千兆", "to_county: 100M")
    return "# 修订稿\n# 第二稿\n" + text


@pytest.fixture
def versions(tmp_path) -> tuple[Path, Path]:
    new = tmp_path / "city-draft-gaps.yaml"
    new.write_text(edited_draft(DRAFT.read_text(encoding="utf-8")), encoding="utf-8")
    return DRAFT, new


def keys(findings: list[dict]) -> list[tuple[str, str]]:
    return [(f["rule"], f["logical_path"]) for f in findings]


def test_diff_json(versions):
    old, new = versions
    result = run_cli("diff", old, new, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["format_version"] == 1 and document["tool"] == "plancheck"
    assert document["old"]["file"] == str(old) and document["new"]["file"] == str(new)
    assert keys(document["fixed"]) == [FIXED]
    assert keys(document["introduced"]) == [INTRODUCED]
    unchanged = len(REPORTS["示例市 (city-draft-gaps.yaml)"]["findings"]) - 1  # the draft's findings but F5
    assert document["summary"] == {
        "fixed": 1,
        "introduced": 1,
        "unchanged": unchanged,
        "requirements_changed": 2,
    }
    assert len(document["unchanged"]) == unchanged
    for entry in document["unchanged"]:
        assert entry["line"] == entry["old"]["line"] + 2  # matched although every line moved
        assert entry["file"] == str(new) and entry["old"]["file"] == str(old)
    assert document["requirements"] == [
        {"id": "F5", "title": "the extranet is IPv4/IPv6 dual-stack", "layer": "foundation",
         "old": "partial", "new": "covered"},
        {"id": "F6", "title": "at least 1000 Mbps to counties and 100 Mbps to townships, full grassroots coverage",
         "layer": "foundation", "old": "covered", "new": "partial"},
    ]  # fmt: skip
    assert document["fixed"][0]["file"] == str(old)  # a fixed finding is where it was


def test_diff_text_and_markdown(versions):
    old, new = versions
    text = run_cli("diff", old, new, "--lang", "zh")
    assert text.exit_code == 0
    unchanged = len(REPORTS["示例市 (city-draft-gaps.yaml)"]["findings"]) - 1
    assert f"已修复 1 · 新增 1 · 未变 {unchanged} · 需求状态变化 2" in text.stdout
    assert "+ 警告 AH-F6-COUNTY-BANDWIDTH（千兆到县）[F6]" in text.stdout  # the rule with its title
    assert "- 警告 AH-F5-DUAL-STACK（外网支持 IPv4/IPv6 双栈）[F5]" in text.stdout
    assert f"{new}:33:17  “电子政务外网·带宽·到县带宽”" in text.stdout  # where it is now, in words
    assert "F5 外网支持 IPv4/IPv6 双栈：部分覆盖 → 已覆盖" in text.stdout
    assert "F6 千兆到县、百兆到乡镇、基层全覆盖：已覆盖 → 部分覆盖" in text.stdout
    assert "（原第 30 行）" not in text.stdout and "（原第 8 行）" in text.stdout
    assert "foundation." not in text.stdout
    markdown = run_cli("diff", old, new, "--format", "markdown", "--lang", "en").stdout
    assert markdown.startswith(f"### plancheck diff: `{old}` → `{new}`")
    assert "#### Introduced (1)" in markdown and "#### Fixed (1)" in markdown
    assert "| warning | `AH-F6-COUNTY-BANDWIDTH` | F6 |" in markdown
    assert "| F5 | the extranet is IPv4/IPv6 dual-stack | partial | **covered** |" in markdown
    assert f"<details><summary>Unchanged ({unchanged})</summary>" in markdown


def test_diff_fail_on_new(versions, tmp_path):
    old, new = versions
    # 100M to the counties and IPv4 only break derived requirements: warnings
    assert run_cli("diff", old, new, "--fail-on-new").exit_code == 0
    assert run_cli("diff", old, new, "--fail-on-new", "--fail-on", "warning").exit_code == 1
    assert run_cli("diff", new, old, "--fail-on-new", "--fail-on", "warning").exit_code == 1  # F5 is new
    assert run_cli("diff", old, old, "--fail-on-new").exit_code == 0
    result = run_cli("diff", old, old, "--format", "json")
    assert result.json()["summary"] == {
        "fixed": 0,
        "introduced": 0,
        "unchanged": len(REPORTS["示例市 (city-draft-gaps.yaml)"]["findings"]),
        "requirements_changed": 0,
    }
    # Only a warning introduced: fails from --fail-on warning, not at the default (error).
    warn = tmp_path / "warn.yaml"
    text = SHORTFALL.read_text(encoding="utf-8")
    private = "    private_network_migration: 非涉密业务专网分阶段向电子政务外网迁移整合\n"
    warn.write_text(text.replace(private, ""), encoding="utf-8")
    result = run_cli("diff", SHORTFALL, warn, "--fail-on-new", "--format", "json")
    assert keys(result.json()["introduced"]) == [
        ("AH-F7-PRIVATE-NETWORKS", "foundation.network.private_network_migration")
    ]
    assert result.exit_code == 0 and result.json()["exit_code"] == 0
    assert run_cli("diff", SHORTFALL, warn, "--fail-on-new", "--fail-on", "warning").exit_code == 1
    # A waived introduction does not fail.
    waived = tmp_path / "waived.yaml"
    waiver = (
        "waivers:\n  - {rule: AH-F6-COUNTY-BANDWIDTH, reason: 县级带宽另行升级, approver: 市数据资源局,"
        " granted: 2022-01-10}\n"
    )
    waived.write_text(new.read_text(encoding="utf-8") + waiver, encoding="utf-8")
    result = run_cli("diff", old, waived, "--fail-on-new", "--format", "json")
    assert keys(result.json()["introduced"]) == [INTRODUCED]
    assert result.json()["introduced"][0]["waived"] is not None
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{draft}"], "give two plan files (got 1)"),
        (["{draft}", "{tmp}/missing.yaml"], "no such file"),
        (["{tmp}", "{draft}"], "is a directory; diff compares two plan files"),
        (["--git", "HEAD", "{draft}", "{draft}"], "--git takes one plan file (got 2)"),
        (["{draft}", "{tmp}/broken.yaml"], "broken.yaml:2"),
    ],
)
def test_diff_bad_input(tmp_path, args, message):
    (tmp_path / "broken.yaml").write_text("plan:\n  title: [unclosed\n", encoding="utf-8")
    result = run_cli("diff", *(a.format(tmp=tmp_path, draft=DRAFT) for a in args), "--lang", "en")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


# --- diff --git ----------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(directory: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=plancheck", "-c", "user.email=plancheck@example.invalid", *args],
        cwd=directory,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repository(tmp_path) -> Path:
    """A git repository with the draft committed in plans/, then edited in the working tree."""
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    plan = root / "plans" / "plan.yaml"
    plan.write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "draft")
    plan.write_text(edited_draft(DRAFT.read_text(encoding="utf-8")), encoding="utf-8")
    return plan


@needs_git
def test_diff_git(repository):
    result = run_cli("diff", "--git", "HEAD", repository, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    assert document["old"]["file"] == f"{repository}@HEAD"
    assert keys(document["fixed"]) == [FIXED] and keys(document["introduced"]) == [INTRODUCED]
    assert document["fixed"][0]["file"] == f"{repository}@HEAD"
    assert [c["id"] for c in document["requirements"]] == ["F5", "F6"]
    text = run_cli(
        "diff", "--git", "HEAD", repository, "--lang", "en", "--fail-on-new", "--fail-on", "warning"
    )
    assert text.exit_code == 1
    assert f"{repository}@HEAD:30:5" in text.stdout  # the old version's messages read naturally


@needs_git
def test_diff_git_relative_path_from_elsewhere(repository, monkeypatch):
    monkeypatch.chdir(repository.parent.parent)  # the repository root; the plan is plans/plan.yaml
    result = run_cli("diff", "--git", "HEAD", "plans/plan.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["old"]["file"] == "plans/plan.yaml@HEAD"


@needs_git
@pytest.mark.parametrize(
    ("revision", "plan", "message"),
    [
        ("no-such-rev", "plans/plan.yaml", "unknown revision no-such-rev"),
        ("HEAD~5", "plans/plan.yaml", "unknown revision HEAD~5"),
        ("HEAD", "plans/new.yaml", "the file plans/new.yaml does not exist at revision HEAD"),
        ("--output=x", "plans/plan.yaml", "not a valid git revision"),
    ],
)
def test_diff_git_bad_revision_or_file(repository, revision, plan, message):
    root = repository.parent.parent
    (root / "plans" / "new.yaml").write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("diff", f"--git={revision}", root / plan, "--lang", "en")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


@needs_git
def test_diff_git_outside_a_repository(tmp_path, monkeypatch):
    plan = tmp_path / "plan.yaml"
    shutil.copy(DRAFT, plan)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # git looks no higher
    result = run_cli("diff", "--git", "HEAD", plan, "--lang", "en")
    assert result.exit_code == 2
    assert f"{tmp_path} is not in a git repository: cannot read the version at HEAD" in result.stderr
    zh = run_cli("diff", "--git", "HEAD", plan, "--lang", "zh")
    assert zh.exit_code == 2 and "不在 git 仓库中" in zh.stderr


def test_labels_are_bilingual():
    from plancheck.report.labels import MATRIX_DIFF

    for message in MATRIX_DIFF.values():
        assert isinstance(message, Message) and message.zh and message.en
    assert json.dumps(MATRIX_DIFF, ensure_ascii=False)  # plain text only


def test_the_matrix_keeps_no_plan_report(tmp_path):
    """A matrix over thousands of plans keeps of each only its identity and statuses: the report
    itself (findings, rule results, texts) is freed once it is added."""
    import gc
    import weakref

    from plancheck.portfolio.pipeline import PackCache, verify_path
    from plancheck.report.matrix import MatrixBuilder

    builder = MatrixBuilder()
    report = verify_path(EXAMPLES / "fuyang.yaml", PackCache())
    builder.add(report)
    watched = weakref.ref(report)
    statuses = {req.id: req.status for req in report.requirements}
    del report
    gc.collect()
    assert watched() is None
    matrix = builder.build("test")
    assert {cid: matrix.rows[0].status(cid) for cid in statuses} == statuses
    assert matrix.rows[0].label == "阜阳市"


def test_rows_of_one_catalogue_share_its_columns_and_keep_a_byte_a_status():
    """A row keeps its statuses as one byte each against the catalogue's columns, which rows of
    the same catalogue share: a dict per row was most of a 10,000-plan matrix's memory."""
    from plancheck.portfolio.pipeline import PackCache, verify_path
    from plancheck.report.matrix import MatrixBuilder

    builder, packs = MatrixBuilder(), PackCache()
    reports = [verify_path(EXAMPLES / name, packs) for name in ("fuyang.yaml", "city-draft-gaps.yaml")]
    for report in reports:
        builder.add(report)
    first, second = builder.build("test").rows
    assert first.columns is second.columns
    assert len(first.codes) == len(reports[0].requirements)
    for row, report in zip((first, second), reports, strict=True):
        assert [row.status(r.id) for r in report.requirements] == [r.status for r in report.requirements]
    assert first.status("NO-SUCH-REQUIREMENT") == "not-checked"
