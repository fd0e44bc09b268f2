"""Waivers and baselines as a reviewer and a city use them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, run_cli

WAIVER = """waivers:
  - rule: AH-A2-KEY-PROJECT
    reason: 经济调节类应用依托省“双招双引”平台, 不单列专栏
    approver: 阜阳市数据资源局
    granted: 2022-01-10
    expires: {expires}
"""


def plan_with(tmp_path, waivers: str, base: str = "fuyang.yaml"):
    path = tmp_path / base
    path.write_text((EXAMPLES / base).read_text(encoding="utf-8") + "\n" + waivers, encoding="utf-8")
    return path


def findings(result):
    return {f["rule"]: f for f in result.json()["plans"][0]["findings"]}


def test_a_waived_finding_is_shown_and_counted(tmp_path):
    path = plan_with(tmp_path, WAIVER.format(expires="2099-12-31"))
    result = run_cli("verify", path, "--format", "json", "--lang", "en", "--fail-on", "warning")
    plan = result.json()["plans"][0]
    a2 = findings(result)["AH-A2-KEY-PROJECT"]
    assert a2["waived"]["approver"] == "阜阳市数据资源局"
    assert plan["summary"]["waived"] == 1 and plan["summary"]["warning"] == 1
    assert plan["waivers"][0]["status"] == "used" and plan["waivers"][0]["findings_waived"] == 1
    # the key-project box is practice (info): A2 is covered with or without the waiver
    assert {r["id"]: r["status"] for r in plan["requirements"]}["A2"] == "covered"
    assert result.exit_code == 1  # the other warning still counts
    text = run_cli("verify", path, "--lang", "zh").stdout
    assert "提示 (已豁免) AH-A2-KEY-PROJECT" in text and "已豁免: 经济调节类应用依托省“双招双引”平台" in text


def test_an_expired_waiver_is_an_error_and_waives_nothing(tmp_path):
    path = plan_with(tmp_path, WAIVER.format(expires="2023-01-10"))
    result = run_cli("verify", path, "--format", "json", "--lang", "en")
    found = findings(result)
    assert found["AH-A2-KEY-PROJECT"]["waived"] is None
    expired = found["PLANCHECK-WAIVER-EXPIRED"]
    assert expired["severity"] == "error" and expired["path"] == "waivers[0]"
    assert result.exit_code == 1


def test_an_unused_waiver_is_a_warning(tmp_path):
    waiver = WAIVER.format(expires="2099-12-31").replace("AH-A2-KEY-PROJECT", "F6")
    result = run_cli("verify", plan_with(tmp_path, waiver), "--format", "json", "--lang", "en")
    unused = findings(result)["PLANCHECK-WAIVER-UNUSED"]
    assert unused["severity"] == "warning" and "F6" in unused["detail"]


def test_a_waiver_by_requirement_and_limited_by_path(tmp_path):
    waiver = WAIVER.format(expires="2099-12-31").replace("rule: AH-A2-KEY-PROJECT", "rule: A2")
    result = run_cli("verify", plan_with(tmp_path, waiver), "--format", "json", "--lang", "en")
    assert findings(result)["AH-A2-KEY-PROJECT"]["waived"] is not None
    elsewhere = waiver + "    path: $.applications.public_services\n"
    result = run_cli("verify", plan_with(tmp_path, elsewhere), "--format", "json", "--lang", "en")
    assert findings(result)["AH-A2-KEY-PROJECT"]["waived"] is None
    assert "PLANCHECK-WAIVER-UNUSED" in findings(result)


def test_no_waivers_for_audits(tmp_path):
    path = plan_with(tmp_path, WAIVER.format(expires="2099-12-31"))
    result = run_cli("verify", path, "--format", "json", "--lang", "en", "--no-waivers")
    plan = result.json()["plans"][0]
    assert findings(result)["AH-A2-KEY-PROJECT"]["waived"] is None
    assert plan["waivers"][0]["status"] == "ignored"
    assert plan["summary"]["waived"] == 0


def test_waived_findings_are_suppressions_in_sarif(tmp_path):
    path = plan_with(tmp_path, WAIVER.format(expires="2099-12-31"))
    target = tmp_path / "r.sarif"
    run_cli("verify", path, "-o", f"sarif:{target}")
    results = json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]
    waived = [r for r in results if r.get("suppressions")]
    assert [r["ruleId"] for r in waived] == ["AH-A2-KEY-PROJECT"]
    assert waived[0]["suppressions"][0]["status"] == "accepted"


def _open_findings(*plans: Path) -> int:
    """The findings no waiver covers, by plancheck's own JSON report of the plans."""
    document = run_cli("verify", *plans, "--format", "json").json()
    return sum(not f["waived"] for plan in document["plans"] for f in plan["findings"])


def test_baseline_create_is_sorted_and_stable(tmp_path):
    target = tmp_path / "plancheck-baseline.json"
    plans = [EXAMPLES / "city-draft-gaps.yaml", EXAMPLES / "fuyang.yaml"]
    assert run_cli("baseline", "create", *plans, "-o", target).exit_code == 0
    first = target.read_text(encoding="utf-8")
    doc = json.loads(first)
    keys = [(e["file"], e["rule"], e["path"], e["fingerprint"]) for e in doc["entries"]]
    assert keys == sorted(keys) and len(keys) == _open_findings(*plans)  # the gap draft's and Fuyang's
    assert run_cli("baseline", "create", *reversed(plans), "-o", target).exit_code == 2  # exists
    assert run_cli("baseline", "create", *reversed(plans), "-o", target, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == first


def test_verify_with_a_baseline_fails_only_on_new_findings(tmp_path):
    plan = tmp_path / "draft.yaml"
    text = (EXAMPLES / "city-draft-gaps.yaml").read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    run_cli("baseline", "create", plan, "-o", baseline)
    result = run_cli("verify", plan, "--baseline", baseline, "--format", "json")
    assert result.exit_code == 0
    assert result.json()["plans"][0]["summary"]["baselined"] == _open_findings(plan) > 0
    # fix one gap and introduce another
    edited = text.replace("target: 90%", "target: 100%").replace("ip_stack: 支持IPv4", "ip_stack: 双栈")
    edited = edited.replace(
        "  market_supervision:\n    - {name: 智慧市场监管平台, key_project: true, box: 专栏3}\n", ""
    )
    plan.write_text(edited, encoding="utf-8")
    result = run_cli("verify", plan, "--baseline", baseline, "--format", "json", "--lang", "en")
    doc = result.json()
    new = [f["rule"] for f in doc["plans"][0]["findings"] if not f["baselined"]]
    assert new == ["AH-A3-MARKET-SUPERVISION"]
    assert result.exit_code == 1
    assert sorted(e["rule"] for e in doc["baseline"]["fixed"]) == [
        "AH-D3-AGGREGATION-TARGET",
        "AH-F5-DUAL-STACK",
    ]
    text_out = run_cli("verify", plan, "--baseline", baseline, "--lang", "en").stdout
    assert "Baseline entries now fixed" in text_out and "AH-F5-DUAL-STACK" in text_out


def test_a_broken_baseline_file(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text('{"entries": [}', encoding="utf-8")
    result = run_cli("verify", EXAMPLES / "fuyang.yaml", "--baseline", bad, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:1:14: the baseline is not valid JSON")
    bad.write_text('{"entries": []}', encoding="utf-8")
    result = run_cli("verify", EXAMPLES / "fuyang.yaml", "--baseline", bad, "--lang", "en")
    assert result.exit_code == 2 and "not a plancheck baseline" in result.stderr
