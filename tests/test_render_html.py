"""The HTML report: one self-contained file that reviewers hand around.

Produced by the CLI in-process (with the JSON report of the same run to check it against), in
Chinese and in English. Parse-level checks need nothing else; the browser checks open the file in
Chromium through Playwright (skipped when either is missing): no console or page errors, no
request but the file itself, the chart and the matrix visible, nothing wider than the page, and
full-page screenshots on screen and in print."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pytest

from plancheck import __version__
from plancheck.i18n import zh
from tests.conftest import EXAMPLES, catalogue, run_cli, watched_page

FUYANG = EXAMPLES / "fuyang.yaml"
DRAFT = EXAMPLES / "city-draft-gaps.yaml"
CATALOGUE = catalogue()
# Anything that would make a browser fetch: remote src/href/action, CSS imports and remote url(),
# and the elements that load things at all.
REMOTE = [
    re.compile(r"""\b(?:src|href|action|poster|srcset|data|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"<(?:script|link|img|iframe|object|embed|base)\b", re.I),
]
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def produce(directory: Path, lang: str, *plans: Path) -> tuple[str, dict]:
    """The HTML text and the JSON document of one run."""
    page, document = directory / "r.html", directory / "r.json"
    result = run_cli(
        "verify", *plans, "-o", f"html:{page}", "-o", f"json:{document}", "--lang", lang, "--force"
    )  # fmt: skip
    assert result.exit_code == 1, result.stderr  # the draft has errors
    return page.read_text(encoding="utf-8"), json.loads(document.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple[Path, str, dict]]:
    """Per language: the report file, its text and the JSON of the same run."""
    out = {}
    for lang in ("zh", "en"):
        directory = tmp_path_factory.mktemp(f"html-{lang}")
        text, document = produce(directory, lang, FUYANG, DRAFT)
        out[lang] = (directory / "r.html", text, document)
    return out


# --- parse level -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_is_complete(reports, lang):
    _, text, document = reports[lang]
    assert text.startswith("<!DOCTYPE html>")
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in text
    assert '<meta charset="utf-8">' in text
    plans = document["plans"]
    assert text.count("<svg") == len(plans)  # one layer chart per plan
    assert text.count('<table class="matrix">') == len(plans)
    for plan in plans:
        assert escape(zh(plan["plan"]["title"]) if lang == "zh" else plan["plan"]["title"]) in text
        assert f"<code>{escape(plan['file'])}</code>" in text
        assert [r["id"] for r in plan["requirements"]] == CATALOGUE
        for layer in plan["layers"]:
            assert escape(layer["title"]) in text
    for requirement in CATALOGUE:
        assert text.count(f'<td class="id">{requirement}</td>') == len(plans)
    findings = [f for plan in plans for f in plan["findings"]]
    assert findings  # the draft has gaps: each is in the page, once
    for f in findings:
        assert f'<span class="rule">{f["rule"]}</span>' in text
        assert f'<span class="loc">{escape(f["file"])}:{f["line"]}:{f["column"]}</span>' in text
        assert escape(f["message"]) in text
        assert escape(f["fix"]) in text
        assert escape(f["citation"]["text"]) in text
        if f["plan_quote"]:  # in Chinese with full-width punctuation, as Chinese text is shown
            assert escape(zh(f["plan_quote"]) if lang == "zh" else f["plan_quote"]) in text
        if lang == "zh":  # the place is named in words; the path stays in JSON
            assert f'<span class="path">{escape(f["path"])}</span>' not in text
            assert f'<span class="rule-title">{escape(f["title"])}</span>' in text
    assert text.count('<article class="finding') == len(findings)
    assert text.count('<details class="checks">') == len(plans)
    assert f"plancheck {__version__}</footer>" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_is_self_contained(reports, lang):
    _, text, _ = reports[lang]
    for pattern in REMOTE:
        assert not pattern.search(text), pattern.pattern
    assert "<style>" in text and "@media print" in text and "size: A4" in text
    assert re.findall(r"""\bhref\s*=\s*["']?([^"'\s>]*)""", text), "no in-page links at all"
    assert all(target.startswith("#") for target in re.findall(r"""\bhref\s*=\s*["']([^"']*)""", text))
    assert "Noto Sans CJK SC" in text and "Microsoft YaHei" in text


def test_plan_text_is_escaped(tmp_path):
    plan = FUYANG.read_text(encoding="utf-8")
    title = "  title: 阜阳市“数字政府”建设规划(2021-2025年)\n"
    assert title in plan
    plan = plan.replace(title, f"  title: '{HOSTILE}'\n", 1)
    plan += f"waivers:\n  - {{rule: AH-A2-KEY-PROJECT, reason: '{HOSTILE}', approver: 市数据资源局, granted: 2022-01-10}}\n"
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(plan, encoding="utf-8")
    text, document = produce(tmp_path, "zh", hostile, DRAFT)
    assert document["plans"][0]["plan"]["title"] == HOSTILE
    waived = [f for f in document["plans"][0]["findings"] if f["waived"]]
    assert [f["waived"]["reason"] for f in waived] == [HOSTILE]
    assert text.count(escape(HOSTILE)) >= 4  # overview, heading, chart title, waiver (twice)
    for pattern in REMOTE:
        assert not pattern.search(text), pattern.pattern
    assert "<script" not in text and "<img" not in text


# --- in a browser ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_in_browser(browser, reports, lang, tmp_path):
    path, _, document = reports[lang]
    url = path.resolve().as_uri()
    page, errors, requests = watched_page(browser)
    try:
        page.goto(url, wait_until="load")
        charts, matrices = page.locator("figure.chart svg"), page.locator("table.matrix")
        assert charts.count() == matrices.count() == len(document["plans"])
        for index in range(charts.count()):
            assert charts.nth(index).is_visible()
            assert charts.nth(index).bounding_box()["height"] > 200
            assert matrices.nth(index).is_visible()
        assert page.locator("article.finding").count() == sum(len(p["findings"]) for p in document["plans"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # nothing overflows
        page.screenshot(path=str(tmp_path / f"{lang}.png"), full_page=True)

        page.emulate_media(media="print")
        page.set_viewport_size({"width": 680, "height": 1010})  # A4 less 15 mm margins, at 96 dpi
        assert page.evaluate("document.documentElement.scrollWidth") <= 680
        assert page.locator("details.checks table").first.is_visible()  # the checks print opened
        page.screenshot(path=str(tmp_path / f"{lang}-print.png"), full_page=True)
    finally:
        page.close()
    assert errors == []
    assert requests == [url]
    for name in (f"{lang}.png", f"{lang}-print.png"):
        assert (tmp_path / name).stat().st_size > 50_000


@pytest.mark.parametrize(("suffix", "unit"), [(".docx", "段"), (".txt", "行")])
def test_a_document_plans_matrix_counts_paragraphs_or_lines(tmp_path, suffix, unit):
    """The matrix's places of a Word plan are paragraphs (段), of a text plan lines (行), as the
    findings' places are."""
    pytest.importorskip("docx")
    from tests.test_extract import build_docx

    text = (Path(__file__).parent / "documents" / "bengbu-other-wording.txt").read_text(encoding="utf-8")
    plan = tmp_path / f"plan{suffix}"
    if suffix == ".docx":
        build_docx(text, plan)
    else:
        plan.write_text(text, encoding="utf-8")
    out = tmp_path / "report.html"
    run_cli("verify", plan, "-o", f"html:{out}", "--lang", "zh")
    page = out.read_text(encoding="utf-8")
    labels = set(re.findall(r'<span class="lines" title="[^"]*">(\S+) ', page))
    assert labels == {unit}, labels
