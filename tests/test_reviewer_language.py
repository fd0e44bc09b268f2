"""Every Chinese output a provincial reviewer reads speaks their language: no YAML key path, no
``key = true``, no regular expression, no bare rule id, and Chinese sentences in full-width
punctuation. The paths the pack's rules look at and the patterns they search are read from the
pack, not pinned here; JSON keeps the paths (authors and tools use them)."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

from plancheck.i18n import half_width_marks
from plancheck.pack.ir import TextSearch, calls
from plancheck.pack.load import load_pack
from plancheck.pack.selectors import dotted
from plancheck.report.text import MATRIX_MARK
from tests.conftest import EXAMPLES, PACK_DIR, ROOT, run_cli

PACK = load_pack(PACK_DIR)
PLANS = [EXAMPLES / "fuyang.yaml", EXAMPLES / "city-draft-gaps.yaml", EXAMPLES / "county-own-cloud.yaml"]
DOCUMENT = ROOT / "tests" / "documents" / "bengbu-other-wording.txt"


def _paths() -> set[str]:
    """Every place the pack's rules look at, as a dotted path (foundation.cloud.standard)."""
    out = set()
    for rule in PACK.rules:
        for call in calls(rule.check):
            if call.selector.written:
                path = dotted(call.selector.written)
                if "." in path:
                    out.add(path)
    return out


def _patterns() -> set[str]:
    """The patterns the pack's rules search (a one-character pattern such as "." is left out: it
    says nothing on its own)."""
    return {
        c.options.pattern
        for r in PACK.rules
        for c in calls(r.check)
        if isinstance(c.options, TextSearch) and c.options.pattern and len(c.options.pattern) > 3
    }


PATHS = _paths()
PATTERNS = _patterns()
SECTIONS = [layer.section for layer in PACK.layers if layer.section] + ["plan", "milestones"]
KEY_PATH = re.compile(rf"\b(?:{'|'.join(SECTIONS)})\.[a-z_]+")
REGEX = re.compile(r"\\[+.dws(]|\(\?|\.\{\d|\.\*|\[\^")
LEGEND = re.compile("  ".join(re.escape(mark) + r" \S+" for mark in MATRIX_MARK.values()))


def _problems(text: str, *, table_padding: bool = False) -> list[str]:
    """What a reviewer would trip on in one Chinese output."""
    found = [p for p in PATHS if p in text]
    found += KEY_PATH.findall(text)
    found += re.findall(r"\b[a-z_]+ ?[=:] ?(?:true|false|self)\b", text)
    found += [p for p in PATTERNS if p in text]
    found += REGEX.findall(text)
    found += half_width_marks(LEGEND.sub("", text))
    if not table_padding:  # the terminal's layer table pads its columns with spaces
        found += re.findall(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", text)
    return found


def _html_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    page = re.sub(r"<title\b[^>]*>", "\n", page)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _outputs(plan: Path, tmp_path: Path) -> dict[str, str]:
    """The plan's Chinese report in every format a reviewer reads."""
    text = run_cli("verify", plan, "--lang", "zh")
    assert text.exit_code in (0, 1), text.stderr
    files = {f: tmp_path / f"{plan.stem}.{f}" for f in ("md", "html", "docx")}
    written = run_cli("verify", plan, "--lang", "zh", *[a for p in files.values() for a in ("-o", p)])
    assert written.exit_code in (0, 1), written.stderr
    formal = {f: tmp_path / f"{plan.stem}.formal.{f}" for f in ("html", "docx")}
    signed = run_cli(
        "verify", plan, "--lang", "zh", "--formal", *[a for p in formal.values() for a in ("-o", p)]
    )
    assert signed.exit_code in (0, 1), signed.stderr
    return {
        "text": text.stdout,
        "markdown": files["md"].read_text(encoding="utf-8"),
        "html": _html_text(files["html"].read_text(encoding="utf-8")),
        "docx": _docx_text(files["docx"].read_bytes()),
        "formal html": _html_text(formal["html"].read_text(encoding="utf-8")),
        "formal docx": _docx_text(formal["docx"].read_bytes()),
    }


@pytest.mark.parametrize("plan", [*PLANS, DOCUMENT], ids=lambda p: p.name)
def test_every_chinese_report_reads_as_a_reviewer_expects(plan, tmp_path):
    findings = run_cli("verify", plan, "--format", "json", "--lang", "zh").json()["plans"][0]["findings"]
    for name, text in _outputs(plan, tmp_path).items():
        assert _problems(text, table_padding=name == "text") == [], name
        for f in findings:  # every finding is there, its rule named by its title
            assert f["fix"] in text or name.startswith("formal"), (name, f["rule"])
            if not name.startswith("formal"):
                assert f["title"] in text, (name, f["rule"])


def test_the_gap_draft_findings_are_worded_for_a_reviewer():
    """The draft with gaps names its places by the schema's titles and its fixes say what to write."""
    doc = run_cli("verify", EXAMPLES / "city-draft-gaps.yaml", "--format", "json", "--lang", "zh").json()
    findings = doc["plans"][0]["findings"]
    assert findings and all(not KEY_PATH.search(f["detail"] + f["fix"] + f["message"]) for f in findings)
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["AH-F1-NATIONAL-STANDARD"]["detail"] == "规划未写明“政务云·标准规范”"
    assert by_rule["AH-F1-NATIONAL-STANDARD"]["path"] == "foundation.cloud.standard"  # JSON keeps it
    assert all(
        f["fix"].startswith(("写明", "列出", "如有", "可写明", "逐项", "为", "统一", "改为"))
        for f in findings
    )


def test_a_choice_is_said_in_words():
    """A county building its own cloud: the condition is told as the schema words it, not as YAML."""
    doc = run_cli("verify", EXAMPLES / "county-own-cloud.yaml", "--format", "json", "--lang", "zh").json()
    details = [f["detail"] for f in doc["plans"][0]["findings"]]
    assert "规划中出现了“政务云”（“建设主体”为“本级自建”）：“示例县政务云平台”" in details
    en = run_cli("verify", EXAMPLES / "county-own-cloud.yaml", "--format", "json", "--lang", "en").json()
    assert "the plan has foundation.cloud (built_by = self): '示例县政务云平台'" in [
        f["detail"] for f in en["plans"][0]["findings"]
    ]  # English keeps the path for the YAML plan's author


def test_no_rule_of_the_pack_shows_a_pattern_or_a_key_path_in_chinese():
    """The pack's own Chinese texts (messages, fixes, labels) name no key and no pattern."""
    for rule in PACK.rules:
        texts = [rule.title.zh, rule.message.zh, rule.fix.zh, rule.rationale.zh, rule.citation.text]
        texts += [c.options.wanted().zh for c in calls(rule.check) if isinstance(c.options, TextSearch)]
        for text in texts:
            assert _problems(text) == [], (rule.id, text)


def test_explain_in_chinese_says_what_a_rule_checks_in_words():
    for rule in PACK.rules:
        out = run_cli("explain", rule.id, "--lang", "zh").stdout
        head, _, _examples = out.partition("合格示例")
        assert _problems(head) == [], (rule.id, head)
        assert head.splitlines()[0] == f"{rule.id}：{rule.title.zh}"  # the id with its title


@pytest.mark.parametrize("args", [["--level", "city"], ["--level", "county", "--city", "阜阳市"]])
def test_the_skeleton_comments_are_chinese_sentences(args):
    """init's skeleton is YAML for its author, but its comments are read as Chinese text."""
    out = run_cli("init", "--region", "某地", *args, "--lang", "zh").stdout
    comments = [line.split("#", 1)[1] for line in out.splitlines() if "#" in line]
    assert comments and [c for c in comments if half_width_marks(c)] == []
    assert all(not any(p in c for p in PATTERNS) and not REGEX.search(c) for c in comments)


def test_schema_errors_in_chinese_name_the_choices_and_keys_in_words(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "plan:\n  title: x\n  region: 某市\n  level: town\n  province: 安徽省\n  period: 2021-2025\n"
        "foundation:\n  cloud: {built_by: me, standrad: 1}\nwaivers:\n  - rule: F1\n",
        encoding="utf-8",
    )
    result = run_cli("verify", plan, "--lang", "zh")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert (
        f"{plan}:4:3: 应为以下之一：province（省级）、city（市级）、county（县级及以下）（实际为“town”）"
        in lines
    )
    assert f"{plan}:8:25: 未知的键“standrad”；是否想写“standard”？（本地扩展键请以 x- 开头）" in lines
    assert f"{plan}:10:5: 缺少必填的键“reason”（理由）" in lines
    for line in lines:  # the file's place is Latin; the message after it is Chinese text
        assert half_width_marks(line.split(": ", 1)[1]) == [], line
    en = run_cli("verify", plan, "--lang", "en").stderr
    assert "expected one of: 'province', 'city' or 'county' (found 'town')" in en


def test_a_documents_findings_in_english_name_places_in_words_too(tmp_path):
    """A plan document's reader is told what the plan should state, in English as well; the
    YAML paths stay in JSON (each finding's path)."""
    doc = run_cli("verify", DOCUMENT, "--format", "json", "--lang", "en").json()
    findings = doc["plans"][0]["findings"]
    assert findings and all(f["path"] for f in findings)  # JSON keeps them
    snake = re.compile(r"\b[a-z]+_[a-z_]+\b")
    for f in findings:
        for text in (f["message"], f["detail"], f["fix"]):
            assert not KEY_PATH.search(text) and not snake.search(text), (f["rule"], text)
    html_file = tmp_path / "doc.html"
    assert run_cli("verify", DOCUMENT, "--lang", "en", "-o", html_file).exit_code in (0, 1)
    assert '<span class="path">' not in html_file.read_text(encoding="utf-8")
