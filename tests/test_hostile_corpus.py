"""The hostile-input corpus in tests/hostile/: every file gets either a clean run (exit 0/1) or
one clear error naming the file, line and column, exit 2 — never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, run_cli

CORPUS = Path(__file__).parent / "hostile"

# file → (line, column, what the message says) for errors; None for files that must be read.
EXPECTED: dict[str, tuple[int | None, int | None, str] | None] = {
    "alias-undefined.yaml": (8, 10, "alias *nothing names no anchor"),
    "anchors-ok.yaml": None,
    "binary.yaml": (None, None, "this is a binary file"),
    "comments-only.yaml": (None, None, "the file is empty"),
    "control-char.yaml": (9, 21, "control character U+0007 is not allowed"),
    "deep-nesting.yaml": (1, 72, "nesting too deep: more than 64 levels"),
    "duplicate-depth2.yaml": (4, 3, "duplicate key 'region' (first written at line 3)"),
    "duplicate-depth4.yaml": (11, 7, "duplicate key 'to_county' (first written at line 10)"),
    "duplicate-in-list-item.yaml": (10, 7, "duplicate key 'name' (first written at line 9)"),
    "duplicate-top.yaml": (8, 1, "duplicate key 'foundation' (first written at line 7)"),
    "empty.yaml": (None, None, "the file is empty"),
    "fullwidth.yaml": None,
    "gb18030.yaml": None,
    "gbk.yaml": None,
    "latin1-junk.yaml": (7, 9, "unknown text encoding (byte 0xe9)"),
    "list-only.yaml": (1, 1, "the top level must be a mapping"),
    "merge-key.yaml": (10, 5, "merge keys (<<) are not supported"),
    "multiple-documents.yaml": (7, 1, "only one YAML document"),
    "nel-and-ls.yaml": None,
    "null-document.yaml": (None, None, "the file is empty"),
    "scalar-only.yaml": (1, 1, "the top level must be a mapping"),
    "syntax-bad-indent.yaml": (10, 4, "YAML syntax error"),
    "syntax-colon-in-value.yaml": (8, 14, "YAML syntax error: mapping values are not allowed"),
    "syntax-first-line.yaml": (1, 7, "YAML syntax error"),
    "syntax-stray-dash.yaml": (10, 4, "YAML syntax error"),
    "syntax-unclosed-flow.yaml": (7, 37, "YAML syntax error"),
    "syntax-unclosed-quote.yaml": (6, 20, "YAML syntax error"),
    "tabs-indentation.yaml": (8, 1, "YAML does not allow tabs for indentation; use spaces"),
    "tag-custom.yaml": (7, 13, "YAML tag !cloud is not allowed"),
    "tag-python-apply.yaml": (7, 9, "YAML tag !!python/object/apply:os.system is not allowed"),
    "tag-python-name.yaml": (7, 9, "YAML tag !!python/name:os.system is not allowed"),
    "tag-set.yaml": (7, 6, "YAML tag !!set is not allowed"),
    "traditional.yaml": None,
    "utf16-be-bom.yaml": None,
    "utf16-le-bom.yaml": None,
    "utf16-le-no-bom.yaml": None,
    "utf16-le-no-bom-cjk.yaml": None,  # 一 and U+3000 put zeros on the other side: not binary
    "utf16-be-no-bom-cjk.yaml": None,
    "utf16-no-bom-chinese-only.txt": (None, None, "this looks like UTF-16 without a byte-order mark"),
    "utf8-bom.yaml": None,
    "whitespace-only.yaml": (3, 1, "tabs"),
    "word-export.docx.yaml": (None, None, "this is a binary file"),
    "yaml11-traps.yaml": None,
    "zero-width.yaml": None,
    # issue #17, written for this corpus by tests/make_hostile.py (the findings they must give
    # are in FOUND below)
    "deadline-year-0.yaml": None,
    "deadline-year-9999.yaml": None,
    "deadline-year-10000.yaml": None,
    "framework-nul.yaml": (13, 3, "no rule pack 'anhui-11171\\x00../x'"),
    "framework-258-bytes.yaml": (13, 3, "no rule pack '规规规"),
    "framework-dev-zero.yaml": (13, 3, "no rule pack '/dev/zero'"),
    "bandwidth-negative.yaml": None,
    "bandwidth-unicode-minus.yaml": None,
    "waiver-path-value.yaml": None,
    "waiver-path-backtrack.yaml": (
        66,
        5,
        "its pattern '((x)|(x))+$' took too long (over 1 s) and cannot decide",
    ),
    "waiver-path-nested.yaml": (65, 5, "took too long to evaluate (over 1 s)"),
    "waiver-expiry-offset.yaml": (65, 5, "expected a date such as 2021-12-31"),
    "waiver-expiry-year-9999.yaml": None,
    "control-escapes.yaml": None,
    "lone-surrogate.yaml": (10, 16, "found invalid Unicode character escape code"),
    "utf32-bom.yaml": (None, None, "this is a UTF-32 file, which is not read; save it as UTF-8"),
    "utf32-be-no-bom.yaml": (None, None, "this is a binary file"),
    "nul-in-utf8.yaml": (None, None, "this is a binary file"),
}

# plans that are read: (rule, line, what the finding's detail says) that must be among their
# findings, or ("waiver", line, status) for the waiver at that line
FOUND: dict[str, tuple[str, int, str]] = {
    "deadline-year-0.yaml": ("AH-D3-AGGREGATION-DEADLINE", 40, "cannot read '0000年底' as a year or date"),
    "deadline-year-9999.yaml": ("AH-D3-AGGREGATION-DEADLINE", 40, "'9999年12月' is later than 2022"),
    "deadline-year-10000.yaml": (
        "AH-D3-AGGREGATION-DEADLINE",
        40,
        "cannot read '10000年底' as a year or date",
    ),
    # never read as 1000 Mbps
    "bandwidth-negative.yaml": ("AH-F6-COUNTY-BANDWIDTH", 31, "cannot read '-1000M' as a bandwidth"),
    "bandwidth-unicode-minus.yaml": ("AH-F6-COUNTY-BANDWIDTH", 31, "cannot read '−千兆' as a bandwidth"),
    "waiver-path-value.yaml": ("waiver", 61, "used"),
    "waiver-expiry-year-9999.yaml": ("waiver", 61, "used"),
    "control-escapes.yaml": ("AH-D3-AGGREGATION-DEADLINE", 40, "'2023年底' is later than 2022"),
}
DIRECTORIES = ["baselines", "documents"]


def test_the_corpus_is_what_the_table_says():
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_file()) == sorted(EXPECTED)
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) == DIRECTORIES
    assert sorted(p.name for p in (CORPUS / "baselines").iterdir()) == sorted(BASELINES)
    assert sorted(p.name for p in (CORPUS / "documents").iterdir()) == sorted(DOCUMENTS)
    assert set(FOUND) <= {name for name, expected in EXPECTED.items() if expected is None}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(name):
    path = CORPUS / name
    result = run_cli("verify", path, "--format", "json", "--lang", "en")
    assert "Traceback" not in result.stderr
    expected = EXPECTED[name]
    if expected is None:
        assert result.exit_code in (0, 1), result.stderr
        plan = result.json()["plans"][0]
        assert plan["file"] == str(path)
        if name in FOUND:
            rule, line, text = FOUND[name]
            if rule == "waiver":
                assert [(w["line"], w["status"]) for w in plan["waivers"]] == [(line, text)]
            else:
                details = [f["detail"] for f in plan["findings"] if (f["rule"], f["line"]) == (rule, line)]
                assert any(text in detail for detail in details), (rule, line, details)
        return
    line, column, text = expected
    assert result.exit_code == 2
    errors = result.json()["errors"]
    assert len(errors) == 1
    assert (errors[0]["line"], errors[0]["column"]) == (line, column)
    assert text in errors[0]["message"]
    assert result.stderr.startswith(f"{path}:{line}:{column}: " if line else f"{path}: ")


def test_encodings_give_the_same_report():
    """UTF-8, UTF-8 with BOM, UTF-16 (LE/BE, with or without BOM, with or without characters
    whose low byte is zero), GB18030 and GBK files of the same plan give the same findings."""
    names = [
        "utf8-bom.yaml",
        "utf16-le-bom.yaml",
        "utf16-be-bom.yaml",
        "utf16-le-no-bom.yaml",
        "utf16-le-no-bom-cjk.yaml",
        "utf16-be-no-bom-cjk.yaml",
        "gb18030.yaml",
        "gbk.yaml",
    ]
    reports = []
    for name in names:
        plan = run_cli("verify", CORPUS / name, "--format", "json", "--lang", "en").json()["plans"][0]
        reports.append(([(f["rule"], f["line"]) for f in plan["findings"]], plan["plan"]["title"]))
    assert all(r == reports[0] for r in reports)
    assert reports[0][1] == "示例规划"


def test_utf16_without_a_bom_is_told_from_binary_by_its_text(tmp_path):
    """A whole example plan saved as UTF-16 without a BOM, in either byte order, gives the report
    of its UTF-8 original; the same bytes cut to an odd length, or a text with no ASCII to tell
    the byte order by, are refused with "save it as UTF-8", never read as the wrong text."""
    original = EXAMPLES / "city-draft-gaps.yaml"
    expected = run_cli("verify", original, "--format", "json", "--lang", "en").json()["plans"][0]
    text = original.read_text(encoding="utf-8")
    assert "一" in text  # 一朵云: the character whose zero byte was taken for binary
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.yaml"
        path.write_bytes(text.encode(codec))
        result = run_cli("verify", path, "--format", "json", "--lang", "en")
        assert result.exit_code == 1, result.stderr
        plan = result.json()["plans"][0]
        assert [(f["rule"], f["line"]) for f in plan["findings"]] == [
            (f["rule"], f["line"]) for f in expected["findings"]
        ]
    odd = tmp_path / "odd.yaml"
    odd.write_bytes(text.encode("utf-16-le")[:-1])
    result = run_cli("verify", odd, "--lang", "en")
    assert result.exit_code == 2 and result.stderr.startswith(f"{odd}: ")
    zh = run_cli("verify", CORPUS / "utf16-no-bom-chinese-only.txt", "--lang", "zh")
    assert zh.exit_code == 2 and "请另存为 UTF-8" in zh.stderr and "Traceback" not in zh.stderr


def test_full_width_and_zero_width_values_are_read():
    plan = run_cli("verify", CORPUS / "fullwidth.yaml", "--format", "json", "--lang", "en").json()["plans"][0]
    rules = {f["rule"] for f in plan["findings"]}
    assert plan["plan"]["period"] == "2021-2025"  # ２０２１－２０２５
    assert (
        "AH-F6-COUNTY-BANDWIDTH" not in rules and "AH-F6-TOWNSHIP-BANDWIDTH" not in rules
    )  # １０００Ｍ, １００Ｍ
    plan = run_cli("verify", CORPUS / "zero-width.yaml", "--format", "json", "--lang", "en").json()["plans"][
        0
    ]
    assert "AH-F6-COUNTY-BANDWIDTH" not in {f["rule"] for f in plan["findings"]}  # 千\u200b兆


def test_yaml_11_values_are_kept_as_written():
    from plancheck.portfolio.pipeline import load_plan

    loaded = load_plan(CORPUS / "yaml11-traps.yaml")
    names = [a["name"] for a in loaded.data["applications"]["public_services"]]
    assert names == ["yes", "off", "1.10", "2025-12-31", "0777", "0x1F", ".inf", "~x"]
    assert loaded.identity.title == "no" and loaded.identity.region == "on"
    assert loaded.data["platform"]["name"] == "1e3"


def test_alias_bomb_is_refused_fast(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev = "a" if i == 1 else f"a{i - 1}"
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = run_cli("verify", path, "--lang", "en")
    assert time.perf_counter() - started < 2
    assert result.exit_code == 2 and "alias bomb" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100 + "]" * 100 + "\n",  # past plancheck's limit, within libyaml's
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",  # past libyaml's own limit where it has one
        "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 2000)),  # block nesting
    ],
    ids=["flow-100", "flow-100000", "block-2000"],
)
def test_very_deep_nesting_is_one_clear_error(tmp_path, text):
    """However deep, and whichever stops first (plancheck at 64 levels, or the libyaml that
    PyYAML's wheels bundle, which scans ahead and has its own limit from 6.0.2 on), the user
    sees plancheck's message with the file and line, and exit 2; never a crash."""
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "plancheck", "verify", str(path), "--lang", "en"],
        capture_output=True, text=True, cwd=ROOT, timeout=30,
    )  # fmt: skip
    assert result.returncode == 2
    assert re.match(re.escape(str(path)) + r":\d+:\d+: nesting too deep: more than 64 levels$", result.stderr)


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    result = run_cli("verify", path, "--lang", "en")
    assert time.perf_counter() - started < 2
    assert result.exit_code == 2
    assert "file is too large (50.0 MiB); the limit is 8 MiB" in result.stderr


def test_symlink_loop(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop.yaml")
    result = run_cli("verify", loop, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{loop}: cannot read the file: Too many levels of symbolic links")


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_text("plan: {}\n", encoding="utf-8")
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads everything; make the open itself fail as it would for a user

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("plancheck.read.textfile.open", denied, raising=False)
    result = run_cli("verify", path, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{path}: permission denied: the file cannot be read"


def test_path_with_spaces_and_chinese(tmp_path):
    folder = tmp_path / "规划 草稿"
    folder.mkdir()
    path = folder / "阜阳 市.yaml"
    path.write_bytes((EXAMPLES / "fuyang.yaml").read_bytes())
    result = run_cli("verify", path, "--format", "json")
    assert result.exit_code == 0
    assert result.json()["plans"][0]["findings"][0]["file"] == str(path)


# ----------------------------------------------------------------------------- baselines

# baseline file → None when it is read (its entries match nothing: exit 1 for the plan's
# findings), else what the one error says
BASELINES: dict[str, str | None] = {
    "control-characters.json": None,
    "file-as-list.json": "not a plancheck baseline",
    "integer-5000-digits.json": "the baseline is not valid JSON: a number in it is too long",
    "low-surrogate.json": "not a plancheck baseline",
    "nan-entry.json": "not a plancheck baseline",
    "nested-100k.json": "the baseline is nested too deeply",
    "rule-as-number.json": "not a plancheck baseline",
    "top-level-list.json": "not a plancheck baseline",
    "truncated.json": "the baseline is not valid JSON: Unterminated string",
    "utf16-bom.json": None,
    "version-as-text.json": "not a plancheck baseline",
}
PLAN = EXAMPLES / "city-draft-gaps.yaml"


@pytest.mark.parametrize("name", sorted(BASELINES))
def test_hostile_baseline(name):
    path = CORPUS / "baselines" / name
    result = run_cli("verify", PLAN, "--baseline", path, "--format", "json", "--lang", "en")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    expected = BASELINES[name]
    if expected is None:
        assert result.exit_code == 1, result.stderr
        assert result.json()["plans"][0]["file"] == str(PLAN)
        return
    assert result.exit_code == 2
    (error,) = result.json()["errors"]
    assert error["file"] == str(path) and expected in error["message"]
    assert result.stderr.startswith(f"{path}:")


# ----------------------------------------------------------------------------- documents

# document → what the one error says; each is read in its own process with 512 MiB of address
# space and a minute: a bomb that inflated would fail with MemoryError (exit 3), not this message
DOCUMENTS: dict[str, str] = {
    "bomb-duplicate-part.docx": "the Word file's text unpacks to more than 32 MiB (a zip bomb?)",
    "bomb-footnotes.docx": "part word/footnotes.xml unpacks to more than 32 MiB (a zip bomb?)",
    "bomb-lying-size.docx": "cannot read the Word file: it is damaged",
    "bomb-media-together.docx": "the Word file's parts together unpack to more than 128 MiB (a zip bomb?)",
    "bomb-numbering.docx": "part word/numbering.xml unpacks to more than 32 MiB (a zip bomb?)",
    "bomb-package-rels.docx": "part _rels/.rels unpacks to more than 32 MiB (a zip bomb?)",
    "deep-xml.docx": "cannot read the Word file: it is damaged",
    "entities.docx": "cannot read the Word file: it is damaged",  # entities are never expanded
    "escape-in-title.md": "this does not look like a digital-government plan",
    "external-entity.docx": "no plan period was found",  # read without fetching /etc/passwd
    "lines-50002-cr.txt": "the document is too long: more than 50000 paragraphs",
    "nul-in-utf8.txt": "this is a binary file",
    "paragraphs-50001.docx": "the document is too long: more than 50000 paragraphs",
}


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (512 * 1024 * 1024, 512 * 1024 * 1024))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="limits the address space")
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
@pytest.mark.parametrize("command", ["verify", "extract"])
def test_hostile_document(name, command):
    path = CORPUS / "documents" / name
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "plancheck", command, str(path), "--lang", "en"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, preexec_fn=_limited,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{path}"), result.stderr
    assert DOCUMENTS[name] in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "root:" not in result.stdout + result.stderr  # no external entity was fetched
    assert "\x1b" not in result.stdout + result.stderr
    assert time.perf_counter() - started < 30


# ----------------------------------------------------------------------------- control characters

_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def test_control_characters_from_a_plan_reach_no_report_raw(tmp_path):
    """ESC, BEL and \\x01 written as YAML escapes in a plan's region (and a value a finding
    quotes) are shown as \\x1b in every text report, error and matrix; the Excel matrix, which
    refused them with an internal error, is written."""
    from openpyxl import load_workbook

    hostile = tmp_path / "plan.yaml"
    text = (CORPUS / "control-escapes.yaml").read_text(encoding="utf-8")
    hostile.write_text(text.replace("to_county: 千兆", 'to_county: "\\e[2J千兆"'), encoding="utf-8")
    outputs = []
    for fmt in ("text", "markdown", "html", "github", "junit", "sarif", "json"):
        result = run_cli("verify", hostile, "--format", fmt, "--lang", "en")
        assert result.exit_code == 1, (fmt, result.stderr)
        outputs.append((fmt, result.stdout + result.stderr))
    outputs.append(("matrix", run_cli("matrix", hostile, "--lang", "en").stdout))
    for fmt in ("text", "markdown"):
        outputs.append((f"diff {fmt}", run_cli("diff", PLAN, hostile, "-f", fmt, "--lang", "en").stdout))
    for suffix in ("csv", "html"):
        run_cli("matrix", hostile, "-o", tmp_path / f"m.{suffix}")
        outputs.append((suffix, (tmp_path / f"m.{suffix}").read_text(encoding="utf-8-sig")))
    for fmt, output in outputs:
        assert not _RAW_CONTROL.search(output), fmt
    shown = dict(outputs)
    for fmt in ("text", "markdown", "html", "junit", "matrix", "csv"):  # the reports showing the region
        assert "示例\\x1b" in shown[fmt], fmt
    result = run_cli("matrix", hostile, "-o", tmp_path / "m.xlsx", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    cells = [c.value for row in load_workbook(tmp_path / "m.xlsx").active.iter_rows() for c in row]
    assert any(isinstance(c, str) and "示例\\x1b]0;pwned\\x07\\x1b[2J\\x01市" in c for c in cells)
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("level: city", 'level: "\\e[2Jcity"'), encoding="utf-8")
    result = run_cli("verify", broken, "--lang", "en")
    assert result.exit_code == 2
    assert "(found '\\x1b[2Jcity')" in result.stderr and not _RAW_CONTROL.search(result.stderr)
