"""Machine formats parse back and mean what they say: JSON (matrix, fingerprints), SARIF 2.1.0
(validated against the official schema), JUnit XML, GitHub workflow commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import orjson
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plancheck.engine.check import check_plan
from plancheck.pack.load import load_pack
from plancheck.portfolio.pipeline import load_named_pack
from plancheck.report import VERIFY_FORMATS as RENDERERS
from plancheck.report import RenderContext
from tests.conftest import EXAMPLES, PACK_DIR, catalogue, run_cli
from tests.fuzz_strategies import mutated_report

SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
PLANS = sorted(EXAMPLES.glob("*.yaml"))
CATALOGUE = catalogue()


def report(tmp_path, fmt, *plans, extra=()):
    target = tmp_path / f"out.{fmt}"
    result = run_cli("verify", *plans, "-o", f"{fmt}:{target}", "--lang", "en", *extra)
    return result, target


def test_every_format_is_produced_for_every_example(tmp_path):
    for fmt in RENDERERS:
        for plan in PLANS:
            target = tmp_path / f"{plan.stem}.{fmt}"
            result = run_cli("verify", plan, "-o", f"{fmt}:{target}", "--lang", "zh")
            assert result.exit_code in (0, 1), (fmt, plan, result.stderr)
            assert target.stat().st_size > 200, (fmt, plan)


def test_json_has_the_matrix_with_every_requirement():
    doc = run_cli("verify", EXAMPLES / "fuyang.yaml", "--format", "json", "--lang", "en").json()
    plan = doc["plans"][0]
    matrix = {r["id"]: r for r in plan["requirements"]}
    assert list(matrix) == CATALOGUE
    assert matrix["F6"]["status"] == "covered" and matrix["F6"]["locations"]
    # the key-project box is practice (info): it never makes a requirement fall short
    assert matrix["A2"]["status"] == "covered" and matrix["A2"]["failing_rules"] == []
    assert matrix["F1"]["status"] == "partial" and matrix["F1"]["failing_rules"] == [
        "AH-F1-NATIONAL-STANDARD"
    ]
    assert matrix["H1"]["status"] == "not-applicable"  # a county rule, on a city plan
    passed = [c for c in plan["checks"] if c["status"] == "passed"]
    assert passed and all(c["checked"] for c in passed)  # a rule with nothing to check is n/a
    f6 = next(c for c in plan["checks"] if c["rule"] == "AH-F6-COUNTY-BANDWIDTH")
    assert f6["checked"] == [f"{EXAMPLES / 'fuyang.yaml'}:65"]


def test_matrix_statuses_on_the_gap_draft():
    doc = run_cli("verify", EXAMPLES / "city-draft-gaps.yaml", "--format", "json", "--lang", "en").json()
    matrix = {r["id"]: r["status"] for r in doc["plans"][0]["requirements"]}
    assert matrix["C1"] == "missing"  # no channel at all
    assert matrix["D3"] == "partial"  # stated, but 90% by 2023
    assert matrix["F6"] == "covered"
    assert matrix["S1"] == "covered"  # practice (info) only: advice, never a shortfall


def test_fingerprints_survive_moved_lines(tmp_path):
    """Lines move when a plan is edited; a finding's fingerprint (rule + logical path + file)
    does not, and list items are named, not numbered."""
    original = (EXAMPLES / "city-draft-gaps.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(original, encoding="utf-8")
    first = run_cli("verify", plan, "--format", "json").json()["plans"][0]["findings"]
    edited = original.replace("plan:\n", "# 修订稿\n# revised\nplan:\n", 1).replace(
        "  public_services:\n", "  public_services:\n    - {name: 新增应用}\n", 1
    )
    plan.write_text(edited, encoding="utf-8")
    second = run_cli("verify", plan, "--format", "json").json()["plans"][0]["findings"]
    assert [f["fingerprint"] for f in first] == [f["fingerprint"] for f in second]
    assert [f["line"] + 2 for f in first][:5] == [f["line"] for f in second][:5]
    assert len({f["fingerprint"] for f in first}) == len(first)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_sarif_is_valid_for_every_example(tmp_path, plan):
    _result, target = report(tmp_path, "sarif", plan)
    sarif = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) == len(load_pack(PACK_DIR).rules) and not any(
        "helpUri" in r for r in rules
    )  # no pages published
    assert all(r["help"]["text"] and r["help"]["markdown"] for r in rules)
    cli_findings = run_cli("verify", plan, "--format", "json", "--lang", "en").json()["plans"][0]["findings"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]
    ] == [(f["rule"], f["line"]) for f in cli_findings]
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["partialFingerprints"]["plancheck/v1"]


def test_sarif_help_is_inline_and_help_uri_only_for_published_pages(tmp_path):
    """Without a published docs URL no rule has a helpUri (a file: URI on the machine that
    wrote the report helps no one who reads it elsewhere); the help is in the rule itself."""
    _, target = report(tmp_path, "sarif", EXAMPLES / "fuyang.yaml", extra=("--lang", "zh"))
    sarif = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert not any("helpUri" in r for r in rules.values())
    bandwidth = rules["AH-F6-COUNTY-BANDWIDTH"]
    for part in ("三、(二)", "纵向实现千兆到市县", "修改"):
        assert part in bandwidth["help"]["text"] and part in bandwidth["help"]["markdown"]
    for not_published in ("file:///srv/rules/", "rules/anhui-11171/docs", "ftp://example.org/rules/"):
        where = tmp_path / f"local-{len(not_published)}"
        where.mkdir()
        _, target = report(where, "sarif", EXAMPLES / "fuyang.yaml", extra=("--docs-url", not_published))
        rules_out = json.loads(target.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]["rules"]
        assert not any("helpUri" in r for r in rules_out), not_published
    published = tmp_path / "published"
    published.mkdir()
    _, target = report(
        published, "sarif", EXAMPLES / "fuyang.yaml", extra=("--docs-url", "https://example.org/rules/")
    )
    sarif = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    rules_out = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["helpUri"] == f"https://example.org/rules/{r['id']}.md" for r in rules_out)


def test_sarif_with_input_errors_is_valid(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan: [\n", encoding="utf-8")
    result, target = report(tmp_path, "sarif", broken, EXAMPLES / "fuyang.yaml")
    assert result.exit_code == 2
    sarif = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    notes = [
        n
        for run in sarif["runs"]
        for inv in run["invocations"]
        for n in inv.get("toolExecutionNotifications", [])
    ]
    assert notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_junit_has_one_case_per_requirement(tmp_path):
    _result, target = report(tmp_path, "junit", EXAMPLES / "fuyang.yaml", EXAMPLES / "city-draft-gaps.yaml")
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == 2
    for suite in suites:
        cases = suite.findall("testcase")
        assert [c.get("name").split()[0] for c in cases] == CATALOGUE
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
    gaps = {c.get("name").split()[0]: c for c in suites[1].findall("testcase")}
    assert "AH-C1-CHANNEL-ROUTE" in gaps["C1"].find("failure").text
    assert gaps["H1"].find("skipped") is not None
    assert int(root.get("tests")) == 2 * len(CATALOGUE)


def test_github_annotations(tmp_path):
    result = run_cli(
        "verify", EXAMPLES / "city-bandwidth-shortfall.yaml", "--format", "github", "--lang", "en"
    )
    lines = result.stdout.splitlines()
    shown = str(EXAMPLES / "city-bandwidth-shortfall.yaml").replace(":", "%3A")
    assert lines[0].startswith(
        f"::warning file={shown},line=37,col=7,title=AH-F6-COUNTY-BANDWIDTH At least 1000 Mbps to counties::"
    )
    assert "%0A" in lines[0] and "\n" not in lines[0]
    assert lines[-1].startswith(f"::notice title={shown}::0 error(s), 1 warning(s)")
    assert result.exit_code == 0


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10**6))
def test_json_lines_are_the_same_bytes_from_both_encoders(seed):
    """A batch's plan lines are written by orjson, a single plan's by the json module (see
    render/json_report.py): on reports of mutated examples (hostile text injected: control
    characters, quotes, backslashes, emoji, bidi marks), in both languages, the bytes agree."""
    report = mutated_report(seed, PLANS)
    assume(report is not None)
    _both_encoders_agree(report)


def _only_plain_json(value) -> bool:
    """Text, integers that fit 64 bits, booleans, null, lists and objects keyed by text: what
    orjson and the json module write alike (a float, a date or a non-text key would not be)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _only_plain_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_only_plain_json(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return -(2**63) <= value < 2**63
    return value is None or type(value) in (str, bool)


def _both_encoders_agree(report) -> None:
    from plancheck.report.json_report import _line

    for lang in ("en", "zh"):
        value = report.as_dict(lang)
        assert _only_plain_json(value)
        alone = _line(value, RenderContext(lang=lang, exit_code=0, plans=1))
        in_a_batch = _line(value, RenderContext(lang=lang, exit_code=0, plans=2))
        assert alone == in_a_batch
        assert orjson.dumps(value) == in_a_batch.encode()  # the batch's line is orjson's


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_json_lines_of_the_examples_are_the_same_from_both_encoders(plan):
    from plancheck.portfolio.pipeline import load_plan

    loaded = load_plan(plan)
    _both_encoders_agree(check_plan(loaded, load_named_pack(None)))


def test_both_encoders_escape_every_character_alike():
    """Every ASCII character (controls, quotes, backslash, DEL) and the non-ASCII ones that
    encoders treat specially (line and paragraph separators, BOM, bidi marks, emoji, CJK)."""
    special = "\u2028\u2029\ufeff\u202e\u200b😀数字政府\u00a0\u0085"
    value = {
        "every": "".join(map(chr, range(128))) + special,
        chr(1) + special: [chr(c) for c in range(128)],
        "numbers": [0, -1, 2**63 - 1, True, False, None],
        "nested": {"list": [], "object": {}, "text": ""},
    }
    assert orjson.dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
