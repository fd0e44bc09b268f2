"""The command line as users run it: exit codes, formats, languages, listings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from plancheck import __version__
from plancheck.pack.load import load_pack
from tests.conftest import EXAMPLES, PACK_DIR, ROOT, run_cli

FUYANG = EXAMPLES / "fuyang.yaml"
GAPS = EXAMPLES / "city-draft-gaps.yaml"


def test_clean_plan_exits_0_and_prints_the_layer_summary():
    result = run_cli("verify", FUYANG, "--lang", "zh")
    assert result.exit_code == 0
    out = result.stdout
    for layer in ("一套基础", "一个中心", "一个平台", "七类应用", "一个通道"):
        assert layer in out
    assert "部分覆盖" in out and "已覆盖" in out
    assert (
        f"{FUYANG}:240:3 提示 AH-A2-KEY-PROJECT（经济调节类应用有建设重点（专栏））[A2] 建议为经济调节类应用列出专栏建设重点"
        in out
    )
    assert "依据二、（三）1：“构建服务行政办公、经济调节" in out and "修改：" in out
    assert "阜阳市“数字政府”建设规划(2021-2025年)》)" not in out  # no rule cites a city's plan
    assert out.rstrip().endswith("0 个错误，1 个警告，4 个提示")


def test_english_text_output():
    result = run_cli("verify", FUYANG, "--lang", "en")
    assert "one foundation (cloud, network)" in result.stdout
    assert "warning AH-F1-NATIONAL-STANDARD [F1] The plan does not say its cloud follows" in result.stdout
    assert "0 error(s), 1 warning(s), 4 info" in result.stdout


def test_findings_exit_1():
    result = run_cli("verify", EXAMPLES / "county-own-cloud.yaml", "--lang", "en")
    assert result.exit_code == 1
    assert "county-own-cloud.yaml:18:3 error AH-H1-COUNTY-OWN-CLOUD" in result.stdout
    # a derived must (千兆到县 reaches cities through 二、(三)2) is a warning
    result = run_cli("verify", EXAMPLES / "city-bandwidth-shortfall.yaml", "--lang", "en")
    assert result.exit_code == 0
    assert "city-bandwidth-shortfall.yaml:37:7 warning AH-F6-COUNTY-BANDWIDTH" in result.stdout
    assert "'100M' is 100 Mbps, below the required 1000 Mbps" in result.stdout


def test_fail_on_warning_and_info():
    assert run_cli("verify", FUYANG, "--fail-on", "warning").exit_code == 1
    assert run_cli("verify", FUYANG, "--fail-on", "info").exit_code == 1
    assert run_cli("verify", FUYANG, "--fail-on", "error").exit_code == 0


def test_bad_option_exits_2():
    assert run_cli("verify", FUYANG, "--format", "xml").exit_code == 2
    assert run_cli("verify", FUYANG, "--fail-on", "fatal").exit_code == 2
    assert run_cli("verify").exit_code == 2


def test_json_output_parses_and_carries_everything():
    result = run_cli("verify", FUYANG, GAPS, "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["format_version"] == 1 and doc["tool"] == "plancheck" and doc["version"] == __version__
    assert doc["exit_code"] == 1 and doc["language"] == "en" and doc["errors"] == []
    assert [p["file"] for p in doc["plans"]] == [str(FUYANG), str(GAPS)]
    fuyang = doc["plans"][0]
    assert fuyang["plan"]["region"] == "阜阳市" and fuyang["pack"]["name"] == "anhui-11171"
    assert fuyang["summary"] == {
        "error": 0,
        "warning": 1,
        "info": 4,
        "waived": 0,
        "baselined": 0,
        "rules_checked": sum(1 for c in fuyang["checks"] if c["status"] in ("passed", "failed", "waived")),
    }
    assert fuyang["summary"]["rules_checked"] < len(fuyang["checks"])  # exempt and n/a rules are not counted
    finding = fuyang["findings"][0]
    assert set(finding) == {
        "rule", "severity", "file", "line", "column", "path", "json_path", "fingerprint", "logical_path", "layer",
        "implements", "title", "message", "detail", "fix", "citation", "plan_source", "plan_quote",
        "waived", "baselined",
    }  # fmt: skip
    assert finding["json_path"] == "$['foundation']['cloud']['standard']"
    assert finding["citation"]["section"] == "三、(一)"
    layer_ids = [layer["id"] for layer in fuyang["layers"]]
    assert layer_ids[:5] == ["foundation", "data_center", "platform", "applications", "channel"]


def test_json_in_chinese():
    doc = run_cli("verify", FUYANG, "--format", "json", "--lang", "zh").json()
    assert doc["plans"][0]["layers"][0]["title"] == "一套基础（一朵云、一张网）"
    messages = [f["message"] for f in doc["plans"][0]["findings"]]
    assert "建议为经济调节类应用列出专栏建设重点" in messages


def test_language_defaults_to_the_locale():
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    zh = subprocess.run(
        [sys.executable, "-m", "plancheck", "verify", str(FUYANG)],
        capture_output=True, text=True, env={**env, "LANG": "zh_CN.UTF-8"}, cwd=ROOT,
    )  # fmt: skip
    en = subprocess.run(
        [sys.executable, "-m", "plancheck", "verify", str(FUYANG)],
        capture_output=True, text=True, env={**env, "LANG": "en_US.UTF-8"}, cwd=ROOT,
    )  # fmt: skip
    assert "个警告" in zh.stdout and "warning(s)" in en.stdout
    assert zh.returncode == en.returncode == 0


def test_python_dash_m_and_version():
    out = subprocess.run([sys.executable, "-m", "plancheck", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == f"plancheck {__version__}"
    assert run_cli("--version").stdout.strip() == f"plancheck {__version__}"


def test_help_lists_the_commands():
    out = run_cli("--help").stdout
    for command in ("verify", "schema", "rules"):
        assert command in out


def test_rules_listing():
    result = run_cli("rules", "--lang", "en")
    assert result.exit_code == 0
    assert "AH-F6-COUNTY-BANDWIDTH" in result.stdout and "三、(二)" in result.stdout
    pack = load_pack(PACK_DIR)
    n = len(pack.requirements)
    assert f"{len(pack.rules)} rules; {n}/{n} catalogue requirements implemented" in result.stdout
    doc = run_cli("rules", "--format", "json", "--lang", "zh").json()
    assert len(doc["rules"]) == len(load_pack(PACK_DIR).rules)
    f6 = next(r for r in doc["rules"] if r["id"] == "AH-F6-COUNTY-BANDWIDTH")
    assert f6["implements"] == ["F6"] and f6["title"] == "千兆到县"
    assert all(entry["rules"] for entry in doc["catalogue"])


def test_rules_for_a_missing_pack_exits_2():
    result = run_cli("rules", "--rules", "no-such-pack")
    assert result.exit_code == 2
    assert "no-such-pack" in result.stderr


def test_schema_command_prints_the_committed_schema():
    result = run_cli("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    committed = json.loads((ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    assert printed == committed, (
        "schema/plan.schema.json is stale: run plancheck schema > schema/plan.schema.json"
    )
    assert printed["properties"]["foundation"]["title"] == "一套基础 · foundation: cloud and network"


def test_a_plan_from_another_province_is_checked_no_further(tmp_path):
    plan = tmp_path / "jiangsu.yaml"
    plan.write_text(
        "plan:\n  title: 南京市规划\n  region: 南京市\n  level: city\n  province: 江苏省\n  period: 2021-2025\n",
        encoding="utf-8",
    )
    result = run_cli("verify", plan, "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    report = result.json()["plans"][0]
    assert [(f["rule"], f["line"], f["detail"]) for f in report["findings"]] == [
        ("AH-M1-PROVINCE", 5, "'江苏省' does not state Anhui (安徽省)")
    ]
    statuses = {layer["id"]: layer["status"] for layer in report["layers"]}
    assert statuses.pop("scope") == "partial"
    assert set(statuses.values()) == {"not-checked"}


def test_layers_a_plan_leaves_out_are_missing(tmp_path):
    plan = tmp_path / "bare.yaml"
    plan.write_text(
        "plan:\n  title: 示例\n  region: 示例市\n  level: city\n  province: 安徽省\n  period: 2021-2025\n"
        "  issued: 2021-10-01\n",
        encoding="utf-8",
    )
    report = run_cli("verify", plan, "--format", "json", "--lang", "en").json()["plans"][0]
    statuses = {layer["id"]: layer["status"] for layer in report["layers"]}
    for layer in ("foundation", "data_center", "platform", "applications", "channel"):
        assert statuses[layer] == "missing", layer
    # practice only (info): nothing falls short, so covered, as S1 is in the matrix
    assert statuses["safeguards"] == "covered"
    assert next(r["status"] for r in report["requirements"] if r["id"] == "S1") == "covered"
    assert statuses["scope"] == "covered"
    d1 = next(f for f in report["findings"] if f["rule"] == "AH-D1-SUB-PLATFORM")
    assert d1["detail"] == "the plan does not state data_center"  # the first missing key, not each below it


def test_rules_docs_and_baseline_create_say_what_they_wrote_in_the_language_asked(tmp_path):
    rules = len(load_pack(PACK_DIR).rules)
    zh = run_cli("rules", "docs", "-o", tmp_path / "zh", "--lang", "zh")
    assert zh.exit_code == 0 and f"{rules + 1} 页（{rules} 条规则 + index.md）" in zh.stdout
    en = run_cli("rules", "docs", "-o", tmp_path / "en", "--lang", "en")
    assert en.exit_code == 0 and f"{rules + 1} pages ({rules} rules + index.md)" in en.stdout
    assert len(list((tmp_path / "en").glob("*.md"))) == rules + 1
    plan = EXAMPLES / "city-draft-gaps.yaml"
    findings = len(run_cli("verify", plan, "--format", "json").json()["plans"][0]["findings"])
    zh = run_cli("baseline", "create", plan, "-o", tmp_path / "b.json", "--lang", "zh")
    assert f"已记录 {findings} 个问题" in zh.stderr
    en = run_cli("baseline", "create", plan, "-o", tmp_path / "b.json", "--lang", "en", "--force")
    assert f"{findings} findings recorded" in en.stderr
