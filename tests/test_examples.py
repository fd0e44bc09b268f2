"""The example plans and their pinned findings (rule ids and lines), as a user runs them."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, findings_of, run_cli

PINNED = {
    "fuyang.yaml": (
        0,
        [
            ("AH-F1-NATIONAL-STANDARD", 36),
            ("AH-F3-BACKUP-COOPERATION", 48),
            ("AH-A2-KEY-PROJECT", 240),
            ("AH-H3-DATA-CENTRE-IN-APPLICATIONS", 290),
            ("AH-H3-DATA-CENTRE-IN-APPLICATIONS", 375),
        ],
    ),
    "county-own-cloud.yaml": (
        1,
        [
            ("AH-H1-COUNTY-OWN-CLOUD", 18),
            ("AH-H1-COUNTY-OWN-CLOUD", 21),
            ("AH-H2-COUNTY-OWN-DATA-CENTRE", 29),
            ("AH-H2-COUNTY-OWN-DATA-CENTRE", 33),
        ],
    ),
    "city-bandwidth-shortfall.yaml": (0, [("AH-F6-COUNTY-BANDWIDTH", 37)]),
    "city-draft-gaps.yaml": (
        1,
        [
            ("AH-C1-CHANNEL-ROUTE", 8),
            ("AH-S1-SAFEGUARDS", 8),
            ("AH-F1-NATIONAL-STANDARD", 17),
            ("AH-F3-BACKUP-COOPERATION", 24),
            ("AH-F7-PRIVATE-NETWORKS", 27),
            ("AH-F8-SITUATIONAL-AWARENESS", 27),
            ("AH-F5-DUAL-STACK", 30),
            ("AH-D5-THEMATIC-DATABASES", 32),
            ("AH-D6-OPENING", 32),
            ("AH-D6-SHARING", 32),
            ("AH-D3-AGGREGATION-TARGET", 39),
            ("AH-D3-AGGREGATION-DEADLINE", 40),
            ("AH-D4-FURTHER-DATABASES", 41),
            ("AH-A8-DEPARTMENT-DOCKING", 42),
            ("AH-P3-SERVICE-GOALS", 42),
            ("AH-A6-ECOLOGY-ENVIRONMENT", 46),
            ("AH-A7-REGIONAL-COLLABORATION", 46),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_example_findings_are_pinned(name):
    exit_code, expected = PINNED[name]
    result = run_cli("verify", EXAMPLES / name, "--format", "json", "--lang", "en")
    assert result.exit_code == exit_code, result.stderr
    assert findings_of(result) == expected


def test_every_example_is_listed_here():
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(PINNED)


def test_fuyang_has_no_errors_and_true_warnings():
    result = run_cli("verify", EXAMPLES / "fuyang.yaml", "--format", "json", "--lang", "en")
    plan = result.json()["plans"][0]
    assert plan["summary"]["error"] == 0
    by_rule = {f["rule"]: f for f in plan["findings"]}
    # 经济调节 is the one category without a 专栏 key-project box in the Fuyang plan.
    assert by_rule["AH-A2-KEY-PROJECT"]["path"] == "applications.economic_regulation"
    # The plan never states the national 政务云 standard; it only joins the 1+16+N cloud.
    assert by_rule["AH-F1-NATIONAL-STANDARD"]["path"] == "foundation.cloud.standard"
    assert by_rule["AH-F3-BACKUP-COOPERATION"]["severity"] == "info"
    statuses = {layer["id"]: layer["status"] for layer in plan["layers"]}
    # the key-project boxes are practice (info): they leave the applications layer covered
    assert statuses["data_center"] == statuses["platform"] == statuses["channel"] == "covered"
    assert statuses["applications"] == "covered"
    assert statuses["foundation"] == "partial"
    assert {f["severity"] for f in plan["findings"] if f["severity"] == "warning"} == {"warning"}
    assert [f["rule"] for f in plan["findings"] if f["severity"] == "warning"] == ["AH-F1-NATIONAL-STANDARD"]


def test_county_example_is_checked_with_county_rules():
    result = run_cli("verify", EXAMPLES / "county-own-cloud.yaml", "--format", "json", "--lang", "en")
    plan = result.json()["plans"][0]
    statuses = {layer["id"]: layer["status"] for layer in plan["layers"]}
    assert statuses["levels"] == "partial"
    assert statuses["data_center"] == "not-applicable"  # D1-D6 are city duties
    h2 = [f for f in plan["findings"] if f["rule"] == "AH-H2-COUNTY-OWN-DATA-CENTRE"]
    assert {f["path"] for f in h2} == {"foundation.machine_rooms[0]", "data_center.sub_platform"}


def test_gap_draft_reports_the_quantitative_shortfalls():
    result = run_cli("verify", EXAMPLES / "city-draft-gaps.yaml", "--format", "json", "--lang", "en")
    details = {f["rule"]: f["detail"] for f in result.json()["plans"][0]["findings"]}
    assert details["AH-D3-AGGREGATION-TARGET"] == "'90%' is 90%, below the required 100%"
    assert details["AH-D3-AGGREGATION-DEADLINE"] == "'2023年底' is later than 2022"
    assert "AH-P2-SHARED-CAPABILITIES" not in details  # the text asks no city to name the e-seal


def test_examples_have_the_schema_modeline_and_sources():
    for path in EXAMPLES.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/plan.schema.json", path


def test_fuyang_quotes_are_verbatim_and_every_object_has_a_source():
    from plancheck.read.yamlfile import load_yaml
    from tests.conftest import ROOT

    seed = ROOT.parent / "shared" / "seeds" / "004_3bf5f599fb61224e.txt"
    if not seed.is_file():
        pytest.skip("shared/seeds not beside the project")
    text = seed.read_text(encoding="utf-8")
    data = load_yaml(EXAMPLES / "fuyang.yaml").data
    problems = []

    def walk(node, path):
        if isinstance(node, dict):
            if path and "source" not in node:
                problems.append(f"no source at {path}")
            quote = node.get("quote")
            if quote is not None and quote not in text:
                problems.append(f"quote not in the plan text at {path}: {quote}")
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(data, "")
    assert problems == []
    counts = {k: len(v) for k, v in data["applications"].items() if isinstance(v, list)}
    assert all(counts[k] >= 2 for k in counts), counts
    assert sum(counts.values()) == 44


def test_built_by_the_plans_own_level_means_self(tmp_path):
    text = (
        (EXAMPLES / "city-bandwidth-shortfall.yaml")
        .read_text(encoding="utf-8")
        .replace("built_by: self", "built_by: city")
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert findings_of(run_cli("verify", path, "--format", "json")) == [("AH-F6-COUNTY-BANDWIDTH", 37)]
