"""An adversarial corpus for the Anhui pack, written from the framework (《安徽省“数字政府”建设
规划》) and from how Chinese plans word things — not from one plan's sentences.

Each case changes a copy of examples/fuyang.yaml (or of a county plan made from it):

- a *weakening* says less than the framework asks — negates it, defers it, makes it conditional
  or only exploratory, writes a quantity below the bar, builds its own where the framework relies
  on the province's or the city's, or contradicts itself — and must draw a new finding of the
  right catalogue id;
- a *rewrite* says the same thing in other words (synonyms, units, word order, extra prose) and
  must draw no new finding.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Mutation = Callable[[dict], None]


@dataclass(frozen=True)
class Case:
    cid: str  # the catalogue id a weakening must draw
    kind: Literal["weakening", "rewrite"]
    what: str  # negation, deferral, condition, tentative, qualifier, numeral, unit, own-built,
    # contradiction, removal, synonym, order, prose…
    change: Mutation
    base: Literal["city", "county"] = "city"


def _get(data: Any, path: str) -> Any:
    for part in filter(None, path.split(".")):
        data = data[int(part)] if part.lstrip("-").isdigit() else data[part]
    return data


def put(path: str, value: Any) -> Mutation:
    def apply(data: dict) -> None:
        parent, _, key = path.rpartition(".")
        node = _get(data, parent)
        node[int(key) if key.isdigit() else key] = copy.deepcopy(value)

    return apply


def delete(path: str) -> Mutation:
    def apply(data: dict) -> None:
        parent, _, key = path.rpartition(".")
        del _get(data, parent)[int(key) if key.isdigit() else key]

    return apply


def both(*steps: Mutation) -> Mutation:
    def apply(data: dict) -> None:
        for step in steps:
            step(data)

    return apply


def append(path: str, text: str) -> Mutation:
    """Add a sentence to a text field (a plan that says more in the same place)."""

    def apply(data: dict) -> None:
        parent, _, key = path.rpartition(".")
        node = _get(data, parent)
        node[key] = node[key] + text

    return apply


def rename_item(path: str, old: str, new: str) -> Mutation:
    def apply(data: dict) -> None:
        items = _get(data, path)
        hits = [i for i in items if old in (i["name"] if isinstance(i, dict) else i)]
        assert hits, old
        for item in hits:
            item["name"] = new
        # the same item, in other words

    return apply


def drop_item(path: str, containing: str) -> Mutation:
    def apply(data: dict) -> None:
        items = _get(data, path)
        kept = [i for i in items if containing not in (i["name"] if isinstance(i, dict) else i)]
        assert len(kept) < len(items), containing
        items[:] = kept

    return apply


def every_description(path: str, text: str) -> Mutation:
    def apply(data: dict) -> None:
        for item in _get(data, path):
            item["description"] = text

    return apply


def move_aggregation_target(to_year: int) -> Mutation:
    """The 100% aggregation target moved from the 2022 milestone to another year's."""

    def apply(data: dict) -> None:
        source = next(m for m in data["milestones"] if int(m["year"]) == 2022)
        target = next(t for t in source["targets"] if "归集" in t["metric"])
        source["targets"].remove(target)
        holder = next((m for m in data["milestones"] if int(m["year"]) == to_year), None)
        if holder is None:
            holder = {"year": to_year, "description": "阶段目标", "source": "二、(四)"}
            data["milestones"].append(holder)
        holder.setdefault("targets", []).append(target)

    return apply


def county(data: dict) -> None:
    """The Fuyang plan rewritten as one of its counties' plans: it relies on the city's cloud,
    network and big-data sub-platform, as 二、(三)2 asks of 县级及以下."""
    data["plan"].update(
        level="county", region="临泉县", city="阜阳市", title="临泉县“数字政府”建设规划(2021-2025年)"
    )
    cloud = data["foundation"]["cloud"]
    cloud.update(built_by="city", name="依托阜阳市政务云")
    cloud["description"] = "县直部门非涉密业务系统依托阜阳市政务云部署，不再单独建设县级政务云"
    data["foundation"]["network"]["built_by"] = "city"
    sub = data["data_center"]["sub_platform"]
    sub.update(built_by="city", name="依托江淮大数据中心阜阳子平台")
    sub["responsibilities"] = "县级政务数据统一汇聚至江淮大数据中心阜阳子平台"
    data["platform"]["built_by"] = "city"


A = "applications."
CATEGORIES = {
    "A1": "administrative_office",
    "A2": "economic_regulation",
    "A3": "market_supervision",
    "A4": "social_governance",
    "A5": "public_services",
    "A6": "ecology_environment",
    "A7": "regional_collaboration",
}
CLOUD, NET, BW = "foundation.cloud.", "foundation.network.", "foundation.network.bandwidth."
SUB, AGG, PLAT = "data_center.sub_platform.", "data_center.aggregation.", "platform."


def W(cid: str, what: str, change: Mutation, base: Literal["city", "county"] = "city") -> Case:
    return Case(cid, "weakening", what, change, base)


def R(cid: str, what: str, change: Mutation, base: Literal["city", "county"] = "city") -> Case:
    return Case(cid, "rewrite", what, change, base)


CASES: list[Case] = [
    # ---- F1 a city cloud, a node of the provincial 1+16+N cloud
    W("F1", "negation", put(CLOUD + "description", "市级政务云近期不考虑建设，各部门系统维持现状")),
    W("F1", "deferral", put(CLOUD + "description", "待省级政务云扩容后再行建设市级政务云")),
    W("F1", "negation", put(CLOUD + "provincial_node", "本市政务云独立运行，暂不接入省“1+16+N”政务云体系")),
    W("F1", "condition", put(CLOUD + "provincial_node", "如条件允许，融入省“1+16+N”政务云框架体系")),
    W("F1", "tentative", put(CLOUD + "provincial_node", "探索融入省“1+16+N”政务云框架体系")),
    W("F1", "own-built", put(CLOUD + "provincial_node", "独立建设本市政务云平台，自成体系")),
    W("F1", "removal", put(CLOUD + "built_by", "province")),
    R(
        "F1",
        "synonym",
        put(CLOUD + "provincial_node", "作为省“1+16+N”布局中的市级政务云节点，与省级政务云平台对接"),
    ),
    R("F1", "prose", put(CLOUD + "provincial_node", "逐步融入全省“1+16+N”政务云体系，实现统一纳管")),
    R(
        "F1",
        "synonym",
        put(CLOUD + "description", "统筹建设全市统一的政务云平台，为市直部门提供计算、存储和安全资源"),
    ),
    R("F1", "order", put(CLOUD + "provincial_node", "与省级政务云平台实现对接，纳入省“1+16+N”体系")),
    # ---- F2 systems on the cloud
    W(
        "F2",
        "negation",
        put(CLOUD + "migration.existing_systems", "已建非涉密业务系统暂不迁移上云，维持现状"),
    ),
    W("F2", "deferral", put(CLOUD + "migration.existing_systems", "已建系统视财力情况适时迁移上云")),
    W("F2", "negation", put(CLOUD + "migration.new_systems", "新建业务系统暂不纳入政务云统一部署")),
    W("F2", "condition", put(CLOUD + "migration.existing_systems", "如确需，已建系统可迁移上云")),
    R(
        "F2",
        "synonym",
        put(CLOUD + "migration.existing_systems", "各级各部门已建非涉密系统分阶段迁移至市级政务云"),
    ),
    R("F2", "synonym", put(CLOUD + "migration.new_systems", "新建系统原则上依托市政务云集约化建设部署")),
    R(
        "F2",
        "relative",
        put(CLOUD + "migration.existing_systems", "推动尚未上云的非涉密业务系统全部迁移上云"),
    ),
    # ---- F3 disaster recovery
    W("F3", "negation", put(CLOUD + "disaster_recovery.data_sync", "主数据中心与灾备中心的数据同步暂不考虑")),
    W("F3", "deferral", put(CLOUD + "disaster_recovery.description", "政务云灾备中心待条件成熟后再行建设")),
    W("F3", "condition", put(CLOUD + "disaster_recovery.data_sync", "视情开展数据异地备份")),
    W("F3", "removal", delete(CLOUD + "disaster_recovery")),
    R("F3", "synonym", put(CLOUD + "disaster_recovery.data_sync", "主备数据中心之间每日定时同步数据")),
    R(
        "F3",
        "prose",
        put(CLOUD + "disaster_recovery.description", "建立同城灾备和异地备份相结合的政务云灾备体系"),
    ),
    R(
        "F3",
        "tentative-should",
        put(CLOUD + "disaster_recovery.data_sync", "探索建立主备数据中心数据实时同步机制"),
    ),
    # ---- F4 the city's extranet
    W("F4", "deferral", put(NET + "coverage", "横向到边、纵向到底的覆盖目标远期实现")),
    W("F4", "negation", put(NET + "coverage", "暂未实现横向到边、纵向到底")),
    W("F4", "negation", put(NET + "name", "电子政务外网维持现状，暂不升级改造")),
    W("F4", "removal", put(NET + "built_by", "province")),
    R("F4", "order", put(NET + "coverage", "纵向到底、横向到边")),
    R("F4", "synonym", put(NET + "coverage", "横向覆盖全部市直部门，纵向延伸至村（社区）")),
    # ---- F5 dual stack
    W("F5", "deferral", put(NET + "ip_stack", "支持IPv4，IPv6改造暂缓")),
    W("F5", "negation", put(NET + "ip_stack", "目前尚不具备IPv6能力，仅支持IPv4")),
    W("F5", "condition", put(NET + "ip_stack", "条件成熟时升级为IPv4/IPv6双栈")),
    W("F5", "removal", put(NET + "ip_stack", "IPv4")),
    R("F5", "synonym", put(NET + "ip_stack", "IPv4/IPv6双协议栈")),
    R("F5", "order", put(NET + "ip_stack", "全面支持IPv6和IPv4双栈运行")),
    R("F5", "unit", put(NET + "ip_stack", "支持ＩＰｖ４和ＩＰｖ６（双栈）")),
    # ---- F6 bandwidths
    W("F6", "qualifier", put(BW + "to_county", "最高500M")),
    W("F6", "qualifier", put(BW + "to_county", "不足千兆")),
    W("F6", "qualifier", put(BW + "to_county", "千兆以下")),
    W("F6", "qualifier", put(BW + "to_county", "达不到千兆")),
    W("F6", "numeral", put(BW + "to_county", "0.5千兆")),
    W("F6", "numeral", put(BW + "to_county", "五百兆")),
    W("F6", "numeral", put(BW + "to_county", "二百五十兆")),
    W("F6", "negation", put(BW + "to_county", "暂不具备千兆接入条件")),
    W("F6", "numeral", put(BW + "to_township", "十兆")),
    W("F6", "unit", put(BW + "to_township", "50Mbps")),
    W("F6", "deferral", put(BW + "grassroots", "基层全覆盖远期实现")),
    W("F6", "negation", put(BW + "grassroots", "基层暂未全覆盖")),
    R("F6", "unit", put(BW + "to_county", "1000M")),
    R("F6", "unit", put(BW + "to_county", "1Gbps")),
    R("F6", "unit", put(BW + "to_county", "10G")),
    R("F6", "unit", put(BW + "to_county", "2G")),
    R("F6", "unit", put(BW + "to_county", "万兆")),
    R("F6", "unit", put(BW + "to_county", "１０００Ｍ")),
    R("F6", "numeral", put(BW + "to_county", "一千兆")),
    R("F6", "qualifier", put(BW + "to_county", "不低于千兆")),
    R("F6", "qualifier", put(BW + "to_county", "千兆以上")),
    R("F6", "prose", put(BW + "to_county", "由百兆扩容至千兆")),
    R("F6", "unit", put(BW + "to_township", "100M")),
    R("F6", "qualifier", put(BW + "to_township", "百兆以上")),
    R("F6", "synonym", put(BW + "grassroots", "村（社区）全覆盖")),
    # ---- F7 private networks
    W("F7", "negation", put(NET + "private_network_migration.text", "业务专网暂不迁移整合，维持现状")),
    W(
        "F7",
        "deferral",
        put(NET + "private_network_migration.text", "部门非涉密业务专网待条件成熟后再行迁移整合"),
    ),
    W(
        "F7",
        "condition",
        put(NET + "private_network_migration.text", "如有需要，业务专网与电子政务外网融合互联"),
    ),
    R(
        "F7",
        "prose",
        put(
            NET + "private_network_migration.text",
            "除极少数特殊情况外，分阶段推进部门非涉密业务专网向电子政务外网迁移整合或融合互联",
        ),
    ),
    R("F7", "synonym", put(NET + "private_network_migration.text", "推动各部门业务专网整体并入电子政务外网")),
    R(
        "F7",
        "tentative-should",
        put(NET + "private_network_migration.text", "探索部门业务专网与电子政务外网融合互联"),
    ),
    # ---- F8 situational awareness (practice)
    W("F8", "negation", put(NET + "security.situational_awareness", "态势感知平台暂不建设")),
    W("F8", "removal", delete(NET + "security")),
    R("F8", "synonym", put(NET + "security.situational_awareness", "接入省级电子政务外网态势感知平台")),
    R("F8", "synonym", put(NET + "security.situational_awareness", "建设市级安全监测和态势感知能力")),
    # ---- D1 the city sub-platform
    W("D1", "deferral", put(SUB + "name", "江淮大数据中心阜阳子平台（待省级总平台建成后再行建设）")),
    W("D1", "negation", put(SUB + "responsibilities", "子平台暂不建设，本市数据由省级总平台代管")),
    W("D1", "removal", put(SUB + "built_by", "province")),
    R("D1", "synonym", put(SUB + "name", "江淮大数据中心阜阳市子平台")),
    R("D1", "prose", put(SUB + "responsibilities", "承担全市数据编目、归集、治理、共享、开放和安全管理")),
    # ---- D2 the link to the master platform
    W("D2", "negation", put(SUB + "upstream", "暂不与江淮大数据中心总平台对接")),
    W("D2", "deferral", put(SUB + "upstream", "待省级总平台建成后再与其对接")),
    W("D2", "removal", put(SUB + "upstream", "子平台独立运行")),
    W("D2", "condition", put(SUB + "upstream", "视情况与江淮大数据中心总平台级联")),
    R("D2", "synonym", put(SUB + "upstream", "与江淮大数据中心总平台级联对接")),
    R("D2", "prose", put(SUB + "upstream", "上联省级总平台，实现数据双向流动")),
    # ---- D3 100% aggregation by 2022
    W("D3", "qualifier", put(AGG + "target", "90%以上")),
    W("D3", "qualifier", put(AGG + "target", "不低于95%")),
    W("D3", "qualifier", put(AGG + "target", "不足100%")),
    W("D3", "numeral", put(AGG + "target", "百分之九十")),
    W("D3", "numeral", put(AGG + "target", "九成")),
    W("D3", "deferral", put(AGG + "target", "100%（远期实现）")),
    W("D3", "deadline", put(AGG + "deadline", "2023年底")),
    W("D3", "contradiction", put("milestones.0.targets.3.value", "90%")),
    W("D3", "contradiction", move_aggregation_target(2023)),
    R("D3", "numeral", put(AGG + "target", "百分之百")),
    R("D3", "unit", put(AGG + "target", "100 %")),
    R("D3", "synonym", put(AGG + "deadline", "2022年12月底")),
    R("D3", "numeral", put(AGG + "deadline", "二〇二二年底")),
    R("D3", "numeral", put("milestones.0.targets.3.value", "百分之百")),
    # ---- D4 basic databases
    W("D4", "deferral", rename_item("data_center.basic_databases", "电子证照", "电子证照（暂缓建设）")),
    W("D4", "negation", rename_item("data_center.basic_databases", "法人", "法人库暂不建设")),
    W("D4", "removal", drop_item("data_center.basic_databases", "人口")),
    R("D4", "synonym", rename_item("data_center.basic_databases", "人口", "人口基础信息库")),
    R("D4", "synonym", rename_item("data_center.basic_databases", "法人", "法人单位信息库")),
    R("D4", "synonym", rename_item("data_center.basic_databases", "电子证照", "电子证照库")),
    # ---- D5 thematic databases
    W(
        "D5",
        "deferral",
        put("data_center.thematic_databases", [{"name": "主题数据库（远期视需求再行建设）"}]),
    ),
    W("D5", "removal", put("data_center.thematic_databases", [])),
    R(
        "D5",
        "synonym",
        put("data_center.thematic_databases", [{"name": "医疗健康主题库"}, {"name": "交通出行专题库"}]),
    ),
    # ---- D6 sharing and opening
    W("D6", "negation", put("data_center.sharing.text", "数据共享交换暂不开展")),
    W("D6", "deferral", put("data_center.sharing.text", "待省级平台完善后再行推进数据共享交换")),
    W("D6", "negation", put("data_center.opening.text", "公共数据暂不向社会开放")),
    W("D6", "deferral", put("data_center.opening.text", "条件成熟时适时开放公共数据")),
    R("D6", "synonym", put("data_center.sharing.text", "依托市级数据共享交换平台，推进跨部门数据按需共享")),
    R("D6", "synonym", put("data_center.opening.text", "依法有序推进公共数据资源向社会开放")),
    R("D6", "tentative-should", put("data_center.opening.text", "探索公共数据授权开放")),
    # ---- P1 services on 皖事通办
    W(
        "P1",
        "negation",
        both(
            put(PLAT + "name", "市政务服务网"),
            put(PLAT + "description", "建设市政务服务网，暂不接入“皖事通办”"),
        ),
    ),
    W(
        "P1",
        "removal",
        both(put(PLAT + "name", "市政务服务网"), put(PLAT + "description", "建设市政务服务网")),
    ),
    R("P1", "synonym", put(PLAT + "name", "“皖事通办”阜阳分厅")),
    R(
        "P1",
        "synonym",
        both(put(PLAT + "built_by", "province"), put(PLAT + "name", "依托省级“皖事通办”平台")),
    ),
    # ---- P2 the provincial shared application support
    W(
        "P2",
        "own-built",
        put(PLAT + "shared_capabilities", [{"name": "自建统一身份认证系统"}, {"name": "电子证照"}]),
    ),
    W(
        "P2",
        "own-built",
        put(
            PLAT + "description",
            "独立建设本市统一身份认证、电子证照、电子印章系统，集约构建“皖事通办”市级平台",
        ),
    ),
    W(
        "P2",
        "own-built",
        put(PLAT + "description", "另行建设市级共性应用支撑平台，集约构建“皖事通办”市级平台"),
    ),
    W(
        "P2",
        "negation",
        both(
            put(PLAT + "shared_capabilities", []),
            put(PLAT + "description", "集约构建“皖事通办”市级平台，暂不接入省统一身份认证平台"),
        ),
    ),
    R(
        "P2",
        "synonym",
        put(
            PLAT + "description",
            "依托省级共性应用支撑平台，根据需要拓展市级共性应用支撑能力，集约构建“皖事通办”市级平台",
        ),
    ),
    R(
        "P2",
        "synonym",
        put(
            PLAT + "shared_capabilities",
            [{"name": "省统一身份认证"}, {"name": "电子证照"}, {"name": "电子签章"}],
        ),
    ),
    R(
        "P2",
        "prose",
        both(
            put(PLAT + "shared_capabilities", []),
            put(
                PLAT + "description",
                "基于省统一身份认证、电子证照、电子印章等共性应用平台，构建“皖事通办”市级平台",
            ),
        ),
    ),
    # ---- P3 service goals
    W("P3", "deferral", rename_item(PLAT + "service_goals", "应上尽上", "应上尽上（远期）")),
    W("P3", "negation", rename_item(PLAT + "service_goals", "全流程网上办", "全流程网上办暂不实施")),
    W("P3", "removal", drop_item(PLAT + "service_goals", "跨区域通办")),
    R("P3", "synonym", rename_item(PLAT + "service_goals", "全流程网上办", "全程网办")),
    R("P3", "synonym", rename_item(PLAT + "service_goals", "跨区域通办", "跨省通办")),
    R("P3", "tentative-should", rename_item(PLAT + "service_goals", "跨区域通办", "探索跨区域通办")),
    # ---- A8 department systems dock with 皖事通办
    W("A8", "negation", put(PLAT + "department_docking.text", "部门业务系统暂不与“皖事通办”平台对接")),
    W("A8", "deferral", put(PLAT + "department_docking.text", "待条件成熟后推进部门业务系统接入“皖事通办”")),
    R("A8", "synonym", put(PLAT + "department_docking.text", "推动部门业务系统全部接入“皖事通办”平台")),
    R(
        "A8",
        "tentative-should",
        put(PLAT + "department_docking.text", "探索部门业务系统与“皖事通办”平台深度对接"),
    ),
    # ---- C1 the single channel
    W("C1", "own-built", put("channel.description", "市政务服务平台直接对接全国一体化政务服务平台")),
    W("C1", "own-built", put("channel.description", "另建数据通道直连国家政务服务平台")),
    W("C1", "negation", put("channel.description", "“皖事通办”市级平台暂不接入全国一体化政务服务平台")),
    W("C1", "removal", delete("channel")),
    R(
        "C1",
        "synonym",
        both(
            delete("channel.route"),
            put("channel.description", "通过“皖事通办”平台统一接入全国一体化政务服务平台"),
        ),
    ),
    R("C1", "order", lambda d: d["channel"]["route"].reverse()),
    # ---- H1 a county builds no cloud
    W("H1", "own-built", put(CLOUD + "built_by", "self"), "county"),
    W("H1", "own-built", put(CLOUD + "description", "建设县级政务云平台，承载县直部门业务系统"), "county"),
    W("H1", "deferral", put(CLOUD + "description", "远期自建县级政务云"), "county"),
    W("H1", "condition", put(CLOUD + "description", "如确需，可单独建设县级政务云节点"), "county"),
    R(
        "H1",
        "synonym",
        put(CLOUD + "description", "县直部门系统统一部署在市政务云上，县级不再新建政务云"),
        "county",
    ),
    R("H1", "prose", put(CLOUD + "description", "依托市级政务云建设县级政务云节点"), "county"),
    # ---- H2 a county builds no data centre
    W("H2", "own-built", put(SUB + "built_by", "self"), "county"),
    W("H2", "own-built", put(SUB + "responsibilities", "独立建设县级大数据中心，汇聚全县数据"), "county"),
    W(
        "H2",
        "own-built",
        put("foundation.machine_rooms", [{"name": "县数据中心", "owner": "region", "status": "new"}]),
        "county",
    ),
    W("H2", "condition", put(SUB + "name", "县级大数据平台（视财力情况自建）"), "county"),
    R(
        "H2",
        "synonym",
        put(SUB + "responsibilities", "县级数据统一汇聚至江淮大数据中心阜阳子平台，不再单独建设数据中心"),
        "county",
    ),
    # ---- H3 no new departmental data centres or machine rooms
    W(
        "H3",
        "own-built",
        put(
            "foundation.machine_rooms", [{"name": "市交通局数据中心", "owner": "department", "status": "new"}]
        ),
    ),
    W("H3", "own-built", put(A + "public_services.2.description", "市卫健委新建机房，部署医疗业务系统")),
    W("H3", "condition", append(CLOUD + "description", "；各部门如确需可自建数据中心")),
    W("H3", "own-built", put(A + "social_governance.0.description", "新建市公安局数据中心机房")),
    W("H3", "own-built", put("milestones.0.targets.2.metric", "各部门新建机房")),
    W(
        "H3",
        "removal",
        put(
            "foundation.machine_rooms",
            [{"name": "市公安局机房", "owner": "department", "status": "existing"}],
        ),
    ),
    R("H3", "negation", append(CLOUD + "description", "；不再新建部门机房，已建成的机房与政务云互联互通")),
    R(
        "H3",
        "synonym",
        put(
            "foundation.machine_rooms",
            [
                {
                    "name": "市公安局机房",
                    "owner": "department",
                    "status": "existing",
                    "interconnection": "与江淮大数据中心和政务云互联互通",
                }
            ],
        ),
    ),
    R(
        "H3",
        "prose",
        append("data_center.sharing.text", "；新建部门数据中心依托江淮大数据中心总平台构建行业部门分平台"),
    ),
    # ---- T1 the framework's period
    W("T1", "removal", put("plan.period", {"start": 2021, "end": 2027})),
    W("T1", "removal", put("plan.period", "2018-2022")),
    W("T1", "deadline", put("plan.issued", "2020-06-30")),
    R("T1", "prose", delete("plan.issued")),
    R("T1", "unit", put("plan.period", "2021—2025")),
    # ---- T2 milestones for 2022 and 2025
    W("T2", "removal", lambda d: d["milestones"].pop()),
    W("T2", "deferral", put("milestones.2.goal", "智慧政府视财力情况适时推进")),
    W("T2", "negation", put("milestones.0.goal", "暂不设定2022年阶段目标")),
    R("T2", "prose", put("milestones.0.goal", "到2022年底建成“线上政府”")),
    # ---- S1 safeguards (practice)
    W("S1", "removal", delete("safeguards.supervision")),
    W("S1", "negation", put("safeguards.organization.text", "暂不成立领导小组")),
    W("S1", "removal", put("safeguards.security.text", "加强网络安全防护")),
    R("S1", "synonym", put("safeguards.security.text", "全面落实网络安全等级保护2.0制度")),
    # ---- M1 the framework's scope
    W("M1", "removal", put("plan.province", "江苏省")),
    W("M1", "removal", put("plan.level", "province")),
    R("M1", "synonym", put("plan.province", "安徽")),
]

for _cid, _field in CATEGORIES.items():
    CASES += [
        W(_cid, "removal", put(A + _field, [])),
        W(_cid, "deferral", every_description(A + _field, "视财力情况再行建设")),
        W(_cid, "deferral", put(A + _field, [{"name": "相关应用平台（暂缓建设）"}])),
        W(_cid, "negation", every_description(A + _field, "近期不考虑建设")),
        R(
            _cid,
            "prose",
            lambda d, f=_field: [
                a.update(description=a.get("description", a["name"]) + "；逐步推广应用")
                for a in d["applications"][f]
            ],
        ),
        R(
            _cid,
            "synonym",
            lambda d, f=_field: d["applications"][f].insert(
                0, {"name": "数据赋能平台", "description": "依托江淮大数据中心阜阳子平台建设"}
            ),
        ),
    ]

# ---- more forms, as other plans write them
CASES += [
    W("F1", "negation", put(CLOUD + "provincial_node", "尚未纳入省“1+16+N”政务云体系")),
    W("F1", "deferral", put(CLOUD + "provincial_node", "“十五五”期间再行融入省“1+16+N”政务云框架体系")),
    W("F2", "negation", put(CLOUD + "migration.existing_systems", "已建系统迁移上云暂无计划")),
    W("F2", "deferral", put(CLOUD + "migration.existing_systems", "已建系统迁移上云列入规划期后统筹考虑")),
    W("F4", "condition", put(NET + "coverage", "在资金允许的情况下，逐步实现横向到边、纵向到底")),
    W("F5", "negation", put(NET + "ip_stack", "IPv6改造尚未启动")),
    W("F6", "qualifier", put(BW + "to_county", "最多千兆")),
    W("F6", "unit", put(BW + "to_county", "0.1G")),
    W("F6", "numeral", put(BW + "to_township", "五十兆")),
    W("F6", "qualifier", put(BW + "to_township", "低于100M")),
    W("F6", "negation", put(BW + "grassroots", "基层覆盖不具备条件")),
    W(
        "F7",
        "negation",
        put(NET + "private_network_migration.text", "部门业务专网不纳入电子政务外网迁移整合范围"),
    ),
    W("D2", "negation", put(SUB + "upstream", "尚未与省级总平台联通")),
    W("D3", "qualifier", put(AGG + "target", "90%-100%")),
    W("D3", "qualifier", put(AGG + "target", "至多100%")),
    W("D6", "negation", put("data_center.sharing.text", "各部门数据共享交换机制尚未建立")),
    W(
        "P2",
        "own-built",
        put(PLAT + "description", "建设独立的市级统一身份认证平台，集约构建“皖事通办”市级平台"),
    ),
    W(
        "P2",
        "deferral",
        put(PLAT + "description", "远期自建市级电子证照、电子印章系统，集约构建“皖事通办”市级平台"),
    ),
    W("C1", "own-built", put("channel.description", "单独建设市级政务服务通道对接国家政务服务平台")),
    W("C1", "own-built", put("channel.description", "市级平台绕开省级平台，接入全国一体化政务服务平台")),
    W("H3", "own-built", put(A + "public_services.0.description", "扩建市政务服务中心数据中心")),
    W("H3", "own-built", put(A + "market_supervision.1.description", "为市场监管局建设独立机房")),
    W("H3", "tentative", put(A + "ecology_environment.0.description", "探索各部门自建环境监测数据中心")),
    W("H1", "own-built", put(CLOUD + "description", "打造县级政务云，满足县直部门上云需求"), "county"),
    W("H2", "own-built", put(SUB + "responsibilities", "新建县大数据中心机房，统筹全县数据"), "county"),
    W("T2", "condition", put("milestones.2.goal", "如条件具备，建成“智慧政府”")),
    W("A8", "condition", put(PLAT + "department_docking.text", "具备条件的部门业务系统与“皖事通办”平台对接")),
    R("F4", "prose", put(NET + "coverage", "横向到边、纵向到底，不留死角")),
    R("F5", "prose", put(NET + "ip_stack", "支持IPv4和IPv6双栈，不再新建独立网络")),
    R("F6", "unit", put(BW + "to_county", "3G")),
    R("F6", "prose", put(BW + "to_county", "县区千兆接入")),
    R("F6", "prose", put(BW + "grassroots", "基层全覆盖，不落一村")),
    R("F1", "prose", put(CLOUD + "provincial_node", "融入省“一朵云”，实现与省级政务云平台统一纳管")),
    R("F2", "prose", put(CLOUD + "migration.new_systems", "除涉密系统外，新建系统一律依托市政务云部署")),
    R("D2", "synonym", put(SUB + "upstream", "向上对接省级平台")),
    R("D3", "prose", put(AGG + "target", "力争100%")),
    R(
        "D6",
        "prose",
        put("data_center.sharing.text", "打破数据壁垒，推进数据共享交换，做到应享尽享、不重复采集"),
    ),
    R(
        "A8",
        "prose",
        put(
            PLAT + "department_docking.text", "推动部门业务系统与“皖事通办”平台深度对接，不再新建独立办事入口"
        ),
    ),
    R(
        "P2",
        "prose",
        put(
            PLAT + "description",
            "依托省统一身份认证、电子证照、电子印章，不再单独建设，集约构建“皖事通办”市级平台",
        ),
    ),
    R("C1", "prose", put("channel.description", "不另建通道，通过“皖事通办”平台接入全国一体化政务服务平台")),
    R("H3", "prose", append(A + "public_services.2.description", "；严禁各部门自建机房")),
    R(
        "H1",
        "prose",
        put(CLOUD + "description", "县级原则上不再单独建设政务云，县直部门系统迁入市政务云"),
        "county",
    ),
    R("T2", "prose", put("milestones.2.goal", "到2025年底，全面建成“智慧政府”")),
]
