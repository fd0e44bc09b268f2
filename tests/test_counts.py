"""Honest counts: a rule with nothing in the plan to check is not applicable, not passed, and
every report says the same number of rules checked."""

from __future__ import annotations

import re

import pytest

from tests.conftest import EXAMPLES, run_cli

docx = pytest.importorskip("docx")
GAPS = EXAMPLES / "city-draft-gaps.yaml"


def test_a_rule_with_nothing_to_check_is_not_applicable_and_not_counted():
    plan = run_cli("verify", GAPS, "--format", "json", "--lang", "en").json()["plans"][0]
    checks = {c["rule"]: c for c in plan["checks"]}
    # the draft has no ecology applications: their key-project rule has nothing to look at
    assert (
        checks["AH-A6-KEY-PROJECT"]["status"] == "not-applicable"
        and checks["AH-A6-KEY-PROJECT"]["checked"] == []
    )
    assert checks["AH-A6-ECOLOGY-ENVIRONMENT"]["status"] == "failed"  # the gap itself is still reported
    assert all(c["checked"] for c in plan["checks"] if c["status"] == "passed")
    run = [c for c in plan["checks"] if c["status"] in ("passed", "failed", "waived")]
    assert plan["summary"]["rules_checked"] == len(run) < len(plan["checks"])
    requirements = {r["id"]: r["status"] for r in plan["requirements"]}
    assert requirements["A6"] == "missing"


def test_every_report_gives_the_same_rule_count(tmp_path):
    plan = run_cli("verify", GAPS, "--format", "json", "--lang", "zh").json()["plans"][0]
    checked = plan["summary"]["rules_checked"]
    not_applicable = sum(c["status"] == "not-applicable" for c in plan["checks"])
    html, word, formal = tmp_path / "r.html", tmp_path / "r.docx", tmp_path / "f.html"
    run_cli("verify", GAPS, "-o", html, "-o", word, "--lang", "zh")
    run_cli("verify", GAPS, "--formal", "-o", formal, "--lang", "zh")
    page = html.read_text(encoding="utf-8")
    card = re.search(r'<li class="s-rules[^"]*"><span class="n">(\d+)</span>', page)
    summary = re.search(r'<span class="count">(\d+) 条规则已检查：?:? ?([^<]*)</span>', page)
    assert card and summary, "the rule counts are not where they were"
    assert int(card.group(1)) == int(summary.group(1)) == checked
    assert f"不适用 {not_applicable}" in summary.group(2)
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert any(
        p.startswith(f"{checked} 条规则已检查") and f"不适用 {not_applicable}" in p for p in paragraphs
    )
    text = run_cli("verify", GAPS, "--lang", "zh").stdout
    assert f"· {checked} 条规则" in text
    assert f"共执行检查规则{checked}条" in formal.read_text(encoding="utf-8")


def test_a_requirements_places_are_in_reading_order():
    """A requirement's places are listed as the plan reads, line 94 before line 100 (they were
    sorted as text: 100, 103, 94)."""
    report = run_cli("verify", EXAMPLES / "fuyang.yaml", "--format", "json").json()
    spread = 0
    for requirement in report["plans"][0]["requirements"]:
        lines = [int(place.rpartition(":")[2]) for place in requirement["locations"]]
        assert lines == sorted(lines), (requirement["id"], lines)
        spread += len({len(str(line)) for line in lines}) > 1
    assert spread, "no requirement has places on lines of different lengths: the test shows nothing"


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_a_layers_status_agrees_with_its_requirements(example):
    """A layer is not applicable only when none of its requirements applies; a layer whose
    requirements are all covered (practice rules that ran never count) is covered, as the
    matrix shows them — the safeguards layer was 不适用 beside S1✓."""
    plan = run_cli("verify", EXAMPLES / example, "--format", "json").json()["plans"][0]
    for layer in plan["layers"]:
        statuses = {r["status"] for r in plan["requirements"] if r["layer"] == layer["id"]}
        applicable = statuses - {"not-applicable"}
        if not applicable:
            assert layer["status"] == "not-applicable", layer
        elif applicable <= {"covered", "waived"} and not layer["failing_rules"]:
            assert layer["status"] == "covered", (layer, statuses)
