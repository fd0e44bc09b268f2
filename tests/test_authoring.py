"""For plan and rule authors: init, explain, rules test, the second pack built with extends,
the authoring guide's own example, and messages in both languages."""

from __future__ import annotations

import re

import yaml

from plancheck.pack.examples import example_document
from plancheck.pack.load import load_pack
from tests.conftest import EXAMPLES, PACK_DIR, ROOT, run_cli

SECOND_PACK = EXAMPLES / "packs" / "fuyang-county"


def test_init_city_skeleton_fails_until_filled(tmp_path):
    target = tmp_path / "宿州市.yaml"
    result = run_cli("init", "--region", "宿州市", "--level", "city", "-o", target)
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# F6 千兆到县、百兆到乡镇、基层全覆盖" in text and "依据三、（二）：“纵向实现千兆到市县" in text
    report = run_cli("verify", target, "--format", "json", "--lang", "en")
    assert report.exit_code == 1 and report.json()["errors"] == []
    statuses = {r["id"]: r["status"] for r in report.json()["plans"][0]["requirements"]}
    assert statuses.pop("M1") == "covered" and statuses.pop("H3") in ("covered", "not-applicable")
    assert statuses.pop("H1") == statuses.pop("H2") == "not-applicable"
    # practice (info) never makes a requirement fall short; a plan without an issue date is not flagged
    practice = [cid for cid, r in load_pack(PACK_DIR).requirements.items() if r.basis == "practice"]
    assert practice and all(statuses.pop(cid) == "covered" for cid in practice)
    assert statuses.pop("T1") == "covered"
    assert all(status in ("partial", "missing") for status in statuses.values()), statuses
    assert run_cli("init", "--region", "宿州市", "--level", "city", "-o", target).exit_code == 2
    assert run_cli("init", "--region", "宿州市", "--level", "city", "-o", target, "--force").exit_code == 0


FILLED = {
    "provincial_node: 【待填写】": "provincial_node: 融入省“1+16+N”政务云框架体系",
    "standard: 【待填写】": "standard: 按照国家政务云统一标准规范体系建设",
    "existing_systems: 【待填写】": "existing_systems: 已建非涉密系统迁移上云",
    "new_systems: 【待填写】": "new_systems: 新建系统依托市级政务云部署",
    "data_sync: 【待填写】": "data_sync: 定时同步主数据中心和灾备中心数据",
    "cross_region: 【待填写】": "cross_region: 与相邻市建立异地备份合作机制",
    "coverage: 【待填写】": "coverage: 横向到边、纵向到底",
    "ip_stack: 【待填写】": "ip_stack: 支持IPv4和IPv6的双栈",
    "to_county: 【待填写】": "to_county: 千兆",
    "to_township: 【待填写】": "to_township: 百兆",
    "grassroots: 【待填写】": "grassroots: 基层全覆盖",
    "private_network_migration: 【待填写】": "private_network_migration: 业务专网向电子政务外网迁移整合",
    "situational_awareness: 【待填写】": "situational_awareness: 建设外网态势感知平台",
    "upstream: 【待填写】": "upstream: 向上连接江淮大数据中心总平台",
    "scope: 【待填写】": "scope: 政务数据",
    "target: 【待填写】": "target: 100%",
    "deadline: 【待填写】": "deadline: 2022年底",
    "basic_databases: []": "basic_databases: [人口库, 法人库, 电子证照库, 宏观经济库, 自然资源和空间地理库, 视频库]",
    "thematic_databases: []": "thematic_databases: [政务服务主题库]",
    "sharing: 【待填写】": "sharing: 建立数据共享交换机制",
    "opening: 【待填写】": "opening: 依法有序开放公共数据",
    "shared_capabilities: []": "shared_capabilities: [统一身份认证, 电子证照, 电子印章]",
    "service_goals: []": "service_goals: [应接尽接, 应上尽上, 全流程网上办, 跨区域通办, 跨部门联办]",
    "department_docking: 【待填写】": "department_docking: 部门业务系统与“皖事通办”平台对接",
    "route: []": "route: [“皖事通办”宿州市平台, “皖事通办”省级平台, 全国一体化政务服务平台]",
    "milestones: []": "milestones: [{year: 2022, goal: 线上政府}, {year: 2025, goal: 智慧政府}]",
    "organization: 【待填写】": "organization: 成立领导小组",
    "policy_standards: 【待填写】": "policy_standards: 制定标准规范",
    "security: 【待填写】": "security: 落实网络安全等级保护",
    "funding_talent: 【待填写】": "funding_talent: 设立专项资金",
    "supervision: 【待填写】": "supervision: 纳入绩效考核",
    "  # issued: 2021-12-31": "  issued: 2021-12-31",
}


def test_a_skeleton_filled_in_as_its_comments_say_verifies(tmp_path):
    """What an official does: replace each placeholder as the comment above it says."""
    text = run_cli("init", "--region", "宿州市", "--level", "city").stdout
    for before, after in FILLED.items():
        assert before in text, before
        text = text.replace(before, after, 1)
    for category in ("administrative_office", "economic_regulation", "market_supervision", "social_governance",
                     "public_services", "ecology_environment", "regional_collaboration"):  # fmt: skip
        text = text.replace(
            f"  {category}: []", f"  {category}: [{{name: 示例应用, key_project: true, box: 专栏1}}]"
        )
    # the two names, in the framework's order: the data centre's sub-platform, then the platform
    text = text.replace("name: 【待填写】", "name: 江淮大数据中心宿州子平台", 1)
    text = text.replace("name: 【待填写】", "name: “皖事通办”宿州市平台", 1)
    text = text.replace(
        "description: 【待填写】",
        "description: 依托省级共性应用支撑平台，通过“皖事通办”平台作为统一通道接入全国一体化政务服务平台",
    )
    plan = tmp_path / "filled.yaml"
    plan.write_text(text, encoding="utf-8")
    result = run_cli("verify", plan, "--format", "json", "--lang", "en")
    assert ": 【待填写】" not in text
    assert result.exit_code == 0, [(f["rule"], f["detail"]) for f in result.json()["plans"][0]["findings"]]


def test_init_county_skeleton(tmp_path):
    text = run_cli("init", "--region", "临泉县", "--level", "county", "--city", "阜阳市").stdout
    data = yaml.safe_load(text)
    assert data["plan"]["level"] == "county" and data["plan"]["city"] == "阜阳市"
    assert data["foundation"]["cloud"]["built_by"] == "city"  # a county builds no cloud of its own
    assert "bandwidth" not in data["foundation"]["network"]  # F6 is a city duty
    plan = tmp_path / "county.yaml"
    plan.write_text(text, encoding="utf-8")
    report = run_cli("verify", plan, "--format", "json", "--lang", "en")
    assert report.exit_code == 1 and report.json()["errors"] == []


def test_explain_a_rule_and_a_requirement():
    zh = run_cli("explain", "AH-F6-COUNTY-BANDWIDTH", "--lang", "zh").stdout
    for part in (
        "千兆到县",
        "理由",
        "依据",
        "三、（二）：“纵向实现千兆到市县",
        "“电子政务外网·带宽·到县带宽”：不低于1000Mbps",  # what it checks, in words
        "合格示例",
        "to_county: 100M",
        "第 5 行出现问题",
        "修改方法：",
    ):
        assert part in zh, part
    assert "select:" not in zh and "$." not in zh  # no rule YAML, no selector, for a Chinese reader
    assert (
        "select: $.foundation.network.bandwidth.to_county"
        in run_cli("explain", "AH-F6-COUNTY-BANDWIDTH", "--lang", "en").stdout
    )
    en = run_cli("explain", "f6", "--lang", "en").stdout
    assert en.startswith("F6: at least 1000 Mbps to counties")
    assert "AH-F6-TOWNSHIP-BANDWIDTH" in en and "AH-F6-GRASSROOTS" in en
    missing = run_cli("explain", "AH-F6-COUNTY-BANDWITH", "--lang", "en")
    assert missing.exit_code == 2 and "did you mean AH-F6-COUNTY-BANDWIDTH" in missing.stderr


def test_rules_test_passes_on_the_anhui_pack():
    result = run_cli("rules", "test", "--lang", "en")
    assert result.exit_code == 0
    pack = load_pack(PACK_DIR)
    n, ids = len(pack.rules), len(pack.requirements)
    assert f"anhui-11171: {n} rules, {ids}/{ids} catalogue requirements implemented" in result.stdout
    assert re.search(r"^examples: \d+ passed, 0 failed$", result.stdout, re.M)


def test_rules_test_fails_on_a_broken_example_and_on_a_gap(tmp_path):
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(SECOND_PACK, pack)
    rules = pack / "rules" / "county.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("to_township: 20M}", "to_township: 200M}"), encoding="utf-8"
    )
    catalogue = pack / "catalogue.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8")
        + "  - id: FY5\n    layer: foundation\n    title: {zh: 未实现的需求, en: not implemented}\n"
        "    applies_to: [county]\n    force: should\n    source: x\n",
        encoding="utf-8",
    )
    (pack / "plans").rename(tmp_path / "plans")
    result = run_cli("rules", "test", pack, "--lang", "en")
    assert result.exit_code == 1
    assert "FAIL FY-COUNTY-TOWNSHIP-BANDWIDTH" in result.stdout
    assert "FAIL requirements no rule implements: FY5" in result.stdout
    assert "examples: 7 passed, 1 failed" in result.stdout


def test_the_second_pack_extends_the_anhui_pack():
    pack = load_pack(SECOND_PACK)
    assert {"FY1", "FY2", "FY3", "FY4", "F6", "H1"} <= set(pack.requirements)
    assert pack.rule("AH-F7-PRIVATE-NETWORKS").severity == "error"  # stricter than the base
    assert pack.rule("AH-F6-COUNTY-BANDWIDTH") is not None  # the base rules come along
    assert run_cli("rules", "test", SECOND_PACK).exit_code == 0
    plan = SECOND_PACK / "plans" / "county-draft.yaml"
    result = run_cli("verify", plan, "--format", "json", "--lang", "en")
    found = [(f["rule"], f["line"], f["severity"]) for f in result.json()["plans"][0]["findings"]]
    assert found == [
        ("AH-F7-PRIVATE-NETWORKS", 21, "error"),
        ("FY-COUNTY-TOWNSHIP-BANDWIDTH", 23, "error"),
        ("FY-COUNTY-DATA-TO-CITY", 26, "warning"),
        ("AH-S1-SAFEGUARDS", 38, "error"),
    ]
    assert result.json()["plans"][0]["pack"]["name"] == "fuyang-county"


def test_the_guide_s_example_is_a_working_pack(tmp_path):
    """docs/writing-a-rule-pack.md: its pack.yaml, catalogue.yaml and rule make a pack that
    `plancheck rules test` passes."""
    guide = (ROOT / "docs" / "writing-a-rule-pack.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.S)
    manifest = next(b for b in blocks if b.startswith("name: jiangsu-example"))
    catalogue = next(b for b in blocks if b.startswith("requirements:"))
    rules = next(b for b in blocks if b.startswith("rules:"))
    pack = tmp_path / "jiangsu-example"
    (pack / "rules").mkdir(parents=True)
    (pack / "pack.yaml").write_text(manifest, encoding="utf-8")
    (pack / "catalogue.yaml").write_text(catalogue, encoding="utf-8")
    (pack / "rules" / "foundation.yaml").write_text(rules, encoding="utf-8")
    result = run_cli("rules", "test", pack, "--lang", "en")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "examples: 2 passed, 0 failed" in result.stdout


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_text_exists_in_both_languages():
    from plancheck.i18n import Message
    from plancheck.report import labels

    for table in (labels.SEVERITY, labels.LAYER_STATUS, labels.REQUIREMENT_STATUS, labels.RULE_STATUS,
                  labels.LEVEL, labels.FORCE, labels.HEADINGS):  # fmt: skip
        for key, message in table.items():
            assert isinstance(message, Message) and message.zh.strip() and message.en.strip(), key
            assert _cjk(message.zh), (key, message.zh)
    for pack_dir in (PACK_DIR, SECOND_PACK):
        pack = load_pack(pack_dir)
        for req in pack.requirements.values():
            assert _cjk(req.title.zh) and req.title.en.strip(), req.id
        for layer in pack.layers:
            assert _cjk(layer.title.zh) and layer.title.en.strip(), layer.id
        for rule in pack.rules:
            for text in (rule.title, rule.message, rule.fix, rule.rationale):
                assert _cjk(text.zh) and text.en.strip(), rule.id


def test_every_check_detail_exists_in_both_languages():
    """The details check functions write, for every failing example of the pack."""
    from plancheck.engine.check import run_rule
    from plancheck.pack.examples import example_plan

    pack = load_pack(PACK_DIR)
    for rule in pack.rules:
        for index, example in enumerate(rule.failing):
            document = example_document(pack, rule, example, "fail", index)
            for violation in run_rule(rule, example_plan(document).data):
                assert violation.detail.zh.strip() and violation.detail.en.strip(), rule.id
                assert violation.detail.zh != violation.detail.en or not _cjk(violation.detail.zh), rule.id
