"""Remove or weaken each requirement in a copy of the Fuyang plan: the rule pack must notice.

This is how the pack is measured on plans it has not seen: every catalogue requirement has at
least one mutation here, in the framework's terms rather than Fuyang's wording.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from plancheck.read.yamlfile import load_yaml
from tests.conftest import EXAMPLES, run_cli

BASE = load_yaml(EXAMPLES / "fuyang.yaml").data


def _get(data: Any, path: str) -> Any:
    for part in filter(None, path.split(".")):
        data = data[int(part)] if part.isdigit() else data[part]
    return data


def delete(path: str) -> Callable[[dict], None]:
    def apply(data: dict) -> None:
        parent, _, key = path.rpartition(".")
        del _get(data, parent)[key]

    return apply


def put(path: str, value: Any) -> Callable[[dict], None]:
    def apply(data: dict) -> None:
        parent, _, key = path.rpartition(".")
        _get(data, parent)[key] = value

    return apply


def drop_item(path: str, containing: str) -> Callable[[dict], None]:
    def apply(data: dict) -> None:
        items = _get(data, path)
        kept = [i for i in items if containing not in (i["name"] if isinstance(i, dict) else i)]
        assert len(kept) < len(items), containing
        items[:] = kept

    return apply


def both(*steps: Callable[[dict], None]) -> Callable[[dict], None]:
    def apply(data: dict) -> None:
        for step in steps:
            step(data)

    return apply


MUTATIONS: list[tuple[str, str, Callable[[dict], None], str]] = [
    ("F1", "no cloud", delete("foundation.cloud"), "AH-F1-CITY-CLOUD"),
    ("F1", "cloud on the province", put("foundation.cloud.built_by", "province"), "AH-F1-CITY-CLOUD"),
    (
        "F1",
        "not a provincial node",
        put("foundation.cloud.provincial_node", "建设本市独立的政务云"),
        "AH-F1-PROVINCIAL-NODE",
    ),
    (
        "F2",
        "new systems not on the cloud",
        delete("foundation.cloud.migration.new_systems"),
        "AH-F2-MIGRATION",
    ),
    ("F2", "no migration", delete("foundation.cloud.migration"), "AH-F2-MIGRATION"),
    ("F3", "no disaster recovery", delete("foundation.cloud.disaster_recovery"), "AH-F3-DISASTER-RECOVERY"),
    ("F4", "no extranet", delete("foundation.network"), "AH-F4-CITY-NETWORK"),
    ("F4", "partial coverage", put("foundation.network.coverage", "覆盖市直部门"), "AH-F4-COVERAGE"),
    ("F5", "IPv4 only", put("foundation.network.ip_stack", "支持IPv4"), "AH-F5-DUAL-STACK"),
    ("F5", "no stack stated", delete("foundation.network.ip_stack"), "AH-F5-DUAL-STACK"),
    (
        "F6",
        "100M to counties",
        put("foundation.network.bandwidth.to_county", "100M"),
        "AH-F6-COUNTY-BANDWIDTH",
    ),
    (
        "F6",
        "百兆 to counties",
        put("foundation.network.bandwidth.to_county", "百兆"),
        "AH-F6-COUNTY-BANDWIDTH",
    ),
    (
        "F6",
        "full-width 500Ｍ",
        put("foundation.network.bandwidth.to_county", "５００Ｍ"),
        "AH-F6-COUNTY-BANDWIDTH",
    ),
    (
        "F6",
        "10M to townships",
        put("foundation.network.bandwidth.to_township", "10Mbps"),
        "AH-F6-TOWNSHIP-BANDWIDTH",
    ),
    (
        "F6",
        "unreadable bandwidth",
        put("foundation.network.bandwidth.to_township", "高速"),
        "AH-F6-TOWNSHIP-BANDWIDTH",
    ),
    (
        "F6",
        "partial grassroots",
        put("foundation.network.bandwidth.grassroots", "逐步覆盖部分村"),
        "AH-F6-GRASSROOTS",
    ),
    (
        "F7",
        "no private-network plan",
        delete("foundation.network.private_network_migration"),
        "AH-F7-PRIVATE-NETWORKS",
    ),
    ("F8", "no situational awareness", delete("foundation.network.security"), "AH-F8-SITUATIONAL-AWARENESS"),
    ("D1", "no sub-platform", delete("data_center.sub_platform"), "AH-D1-SUB-PLATFORM"),
    (
        "D1",
        "sub-platform left to the province",
        put("data_center.sub_platform.built_by", "province"),
        "AH-D1-SUB-PLATFORM",
    ),
    ("D2", "no upstream link", delete("data_center.sub_platform.upstream"), "AH-D2-UPSTREAM-LINK"),
    ("D3", "90% aggregation", put("data_center.aggregation.target", "90%"), "AH-D3-AGGREGATION-TARGET"),
    ("D3", "百分之九十", put("data_center.aggregation.target", "百分之九十"), "AH-D3-AGGREGATION-TARGET"),
    (
        "D3",
        "aggregation by 2023",
        put("data_center.aggregation.deadline", "2023年底"),
        "AH-D3-AGGREGATION-DEADLINE",
    ),
    ("D3", "no aggregation", delete("data_center.aggregation"), "AH-D3-AGGREGATION-TARGET"),
    (
        "D4",
        "no e-licence database",
        drop_item("data_center.basic_databases", "电子证照"),
        "AH-D4-BASIC-DATABASES",
    ),
    (
        "D4",
        "no population database",
        drop_item("data_center.basic_databases", "人口"),
        "AH-D4-BASIC-DATABASES",
    ),
    ("D5", "no thematic databases", put("data_center.thematic_databases", []), "AH-D5-THEMATIC-DATABASES"),
    ("D6", "no sharing", delete("data_center.sharing"), "AH-D6-SHARING"),
    ("D6", "no opening", delete("data_center.opening"), "AH-D6-OPENING"),
    ("P1", "no platform", delete("platform"), "AH-P1-CITY-PLATFORM"),
    (
        "P1",
        "not 皖事通办",
        both(put("platform.name", "市政务服务网"), put("platform.description", "建设市政务服务网")),
        "AH-P1-CITY-PLATFORM",
    ),
    (
        "P2",
        "own identity system",
        put("platform.shared_capabilities", ["自建本市统一身份认证平台", "电子证照"]),
        "AH-P2-SHARED-CAPABILITIES",
    ),
    (
        "P2",
        "relies on nobody",
        both(put("platform.shared_capabilities", []), put("platform.description", "集约构建市级平台")),
        "AH-P2-SHARED-CAPABILITIES",
    ),
    ("P3", "no 应上尽上", drop_item("platform.service_goals", "应上尽上"), "AH-P3-SERVICE-GOALS"),
    ("A1", "no office apps", put("applications.administrative_office", []), "AH-A1-ADMINISTRATIVE-OFFICE"),
    ("A2", "no economic apps", delete("applications.economic_regulation"), "AH-A2-ECONOMIC-REGULATION"),
    ("A3", "no market apps", put("applications.market_supervision", []), "AH-A3-MARKET-SUPERVISION"),
    ("A4", "no governance apps", put("applications.social_governance", []), "AH-A4-SOCIAL-GOVERNANCE"),
    ("A5", "no public-service apps", put("applications.public_services", []), "AH-A5-PUBLIC-SERVICES"),
    ("A6", "no ecology apps", delete("applications.ecology_environment"), "AH-A6-ECOLOGY-ENVIRONMENT"),
    (
        "A7",
        "no regional apps",
        put("applications.regional_collaboration", []),
        "AH-A7-REGIONAL-COLLABORATION",
    ),
    (
        "A5",
        "no key project in public services",
        lambda d: [a.pop("key_project", None) for a in d["applications"]["public_services"]],
        "AH-A5-KEY-PROJECT",
    ),
    ("A8", "no docking", delete("platform.department_docking"), "AH-A8-DEPARTMENT-DOCKING"),
    ("C1", "no channel", delete("channel"), "AH-C1-CHANNEL-ROUTE"),
    (
        "C1",
        "a channel of its own",
        put("channel.description", "市政务服务平台直接对接全国一体化政务服务平台"),
        "AH-C1-CHANNEL-ROUTE",
    ),
    ("H1", "a county with its own cloud", put("plan.level", "county"), "AH-H1-COUNTY-OWN-CLOUD"),
    ("H2", "a county with its own sub-platform", put("plan.level", "county"), "AH-H2-COUNTY-OWN-DATA-CENTRE"),
    (
        "H3",
        "a new departmental data centre",
        put(
            "foundation.machine_rooms", [{"name": "市交通局数据中心", "owner": "department", "status": "new"}]
        ),
        "AH-H3-NEW-DEPARTMENT-DATA-CENTRE",
    ),
    ("T1", "ends in 2027", put("plan.period", {"start": "2021", "end": "2027"}), "AH-T1-PERIOD-END"),
    ("T1", "starts in 2018", put("plan.period", "2018-2022"), "AH-T1-PERIOD-START"),
    ("T1", "issued before the framework", put("plan.issued", "2020-06-30"), "AH-T1-AFTER-FRAMEWORK"),
    ("T2", "no 2025 milestone", lambda d: d["milestones"].pop(), "AH-T2-MILESTONES"),
    ("S1", "no supervision", delete("safeguards.supervision"), "AH-S1-SAFEGUARDS"),
    ("S1", "no graded protection", put("safeguards.security", "加强网络安全防护"), "AH-S1-GRADED-PROTECTION"),
    ("M1", "another province", put("plan.province", "江苏省"), "AH-M1-PROVINCE"),
    ("M1", "a provincial plan", put("plan.level", "province"), "AH-M1-LEVEL"),
]


@pytest.mark.parametrize(
    ("requirement", "what", "mutate", "rule"),
    MUTATIONS,
    ids=[f"{req}-{what}" for req, what, _, _ in MUTATIONS],
)
def test_mutation_is_noticed(tmp_path, requirement, what, mutate, rule):
    data = copy.deepcopy(BASE)
    mutate(data)
    path = tmp_path / "mutant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("verify", path, "--format", "json", "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    findings = result.json()["plans"][0]["findings"]
    hits = [f for f in findings if f["rule"] == rule]
    assert hits, f"{rule} did not fire; found {[f['rule'] for f in findings]}"
    assert all(requirement in f["implements"] for f in hits)
    if any(f["severity"] == "error" for f in hits):
        assert result.exit_code == 1


def test_every_catalogue_requirement_has_a_mutation():
    from plancheck.pack.load import load_pack
    from tests.conftest import PACK_DIR

    assert {m[0] for m in MUTATIONS} == set(load_pack(PACK_DIR).requirements)


def test_the_unmutated_copy_is_clean(tmp_path):
    path = tmp_path / "copy.yaml"
    path.write_text(yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("verify", path, "--format", "json", "--lang", "en")
    assert result.exit_code == 0
    assert {f["rule"] for f in result.json()["plans"][0]["findings"]} == {
        "AH-F1-NATIONAL-STANDARD",
        "AH-F3-BACKUP-COOPERATION",
        "AH-A2-KEY-PROJECT",
        "AH-H3-DATA-CENTRE-IN-APPLICATIONS",
    }
