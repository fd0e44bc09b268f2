"""The plan model: a city or county digital-government plan, described against the framework.

Keys are English snake_case; values are what the plan itself says, usually in Chinese.
Every object may carry ``source`` (the section of the original document, e.g. ``三、(一)``)
and ``quote`` (the sentence it rests on). Keys starting with ``x-`` are local extensions and
are accepted anywhere an object is; any other unknown key is an error.

Field titles carry the Chinese term and an English gloss; they become the JSON Schema that
``plancheck schema`` prints, so editors show them as hover documentation.
"""

from __future__ import annotations

import re
import typing
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue, WithJsonSchema
from pydantic_core import CoreSchema

from plancheck.plan import values as plan_values

Level = Literal["province", "city", "county"]
BuiltBy = Literal["self", "city", "province"]

EXTENSION_PREFIX = plan_values.EXTENSION_PREFIX

APPLICATION_CATEGORIES: dict[str, tuple[str, str]] = {
    "administrative_office": ("行政办公", "administrative office"),
    "economic_regulation": ("经济调节", "economic regulation"),
    "market_supervision": ("市场监管", "market supervision"),
    "social_governance": ("社会治理", "social governance"),
    "public_services": ("公共服务", "public services"),
    "ecology_environment": ("生态环保", "ecology and environment"),
    "regional_collaboration": ("区域协同", "regional collaboration"),
}

_CHOICE = re.compile(r"^\s*([a-z_]+)\s+(\S.*?)\s*$")  # a choice's value and its words: "city 依托市级"

# the bounds sit on the int itself, so that the compiled validator checks them without pydantic
Year = Annotated[Annotated[int, Field(ge=1949, le=2100)], BeforeValidator(plan_values.fold_digits)]


def _f(zh: str, en: str, description: str = "", *, required: bool = False, **kwargs: Any) -> Any:
    """A field whose title is the Chinese term and its English gloss; optional unless required."""
    if not required and "default" not in kwargs and "default_factory" not in kwargs:
        kwargs["default"] = None
    return Field(title=f"{zh} · {en}", description=description or None, **kwargs)


class Element(BaseModel):
    """Base of every object in a plan: strict keys, ``x-`` extensions, source and quote."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"patternProperties": {"^x-": {}}},
    )

    source: str | None = _f(
        "出处",
        "source section",
        "原文章节号, 如 三、(一) · section of the original document",
    )
    quote: str | None = _f(
        "原文",
        "quoted sentence",
        "所依据的原文句子 · the sentence this element rests on",
    )

    _drop_extensions = model_validator(mode="before")(staticmethod(plan_values.drop_extensions))


def _or_string(schema: JsonSchemaValue, string: dict[str, Any]) -> JsonSchemaValue:
    """The object's schema, or a plain string (the shorthand its validator accepts)."""
    title, description = schema.pop("title", None), schema.pop("description", None)
    combined: JsonSchemaValue = {"anyOf": [{**string}, schema]}
    if title:
        combined["title"] = title
    if description:
        combined["description"] = description
    return combined


class _StringShorthand(Element):
    """An object that may also be written as a single string."""

    shorthand_json_schema: ClassVar[dict[str, Any]] = {"type": "string"}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler.resolve_ref_schema(handler(core_schema))
        return _or_string(dict(schema), cls.shorthand_json_schema)


class Named(_StringShorthand):
    """Something the plan names; a bare string is accepted as its name."""

    name: str = _f("名称", "name", required=True, min_length=1)

    _name_shorthand = model_validator(mode="before")(staticmethod(plan_values.name_shorthand))


class Statement(_StringShorthand):
    """A commitment the plan states in words; a bare string is accepted as its text."""

    text: str = _f("内容", "what the plan states", required=True, min_length=1)

    _text_shorthand = model_validator(mode="before")(staticmethod(plan_values.text_shorthand))


PlanDate = Annotated[
    date,
    BeforeValidator(plan_values.parse_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"},
            ]
        }
    ),
]


# --------------------------------------------------------------------------- plan metadata


class Period(_StringShorthand):
    shorthand_json_schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": plan_values.YEAR_RANGE.pattern,
    }

    start: Year = _f("起始年", "first year", required=True)
    end: Year = _f("终止年", "last year", required=True)

    _from_text = model_validator(mode="before")(staticmethod(plan_values.period_from_text))
    _ordered = model_validator(mode="after")(plan_values.period_ordered)


class PlanInfo(Element):
    """规划基本信息 · what the plan is, for whom and when."""

    title: str = _f("规划名称", "plan title", required=True)
    region: str = _f(
        "地区",
        "region",
        "编制规划的市或县, 如 阜阳市 · the city or county",
        required=True,
    )
    level: Level = _f("层级", "level", "province 省级 | city 市级 | county 县级及以下", required=True)
    province: str = _f("所属省份", "province", "如 安徽省 · e.g. 安徽省", required=True)
    city: str | None = _f("所属市", "parent city", "县级规划所属的市 · for a county plan, its city")
    framework: str = _f(
        "依据框架",
        "framework pack",
        "规则包名称, 如 anhui-11171 · the rule pack the plan is written against",
        default="anhui-11171",
    )
    period: Period = _f("规划期", "plan period", "如 2021-2025 · e.g. 2021-2025", required=True)
    base_year: Year | None = _f("规划基期", "base year")
    issued: PlanDate | None = _f("印发日期", "date issued", "如 2021-12-31 或 2021年12月31日")
    issuer: str | None = _f("印发机关", "issuing authority")
    document_number: str | None = _f("文号", "document number", "如 阜政发〔2021〕59号")


# --------------------------------------------------------------------------- 一套基础 foundation


class Migration(Element):
    existing_systems: str | None = _f(
        "已建系统迁移上云",
        "existing systems migrate",
        "非涉密系统迁移上云 · non-classified systems move to the cloud",
    )
    new_systems: str | None = _f(
        "新建系统依托云部署", "new systems on the cloud", "新建系统依托政务云建设部署"
    )


class DisasterRecovery(Element):
    description: str | None = _f("灾备体系", "disaster recovery")
    data_sync: str | None = _f("数据同步", "data synchronisation", "主数据中心与灾备中心数据同步")
    cross_region: str | None = _f(
        "异地备份与备份合作",
        "off-site backup, cooperation",
        "异地数据备份、各市节点间备份合作机制",
    )


class Cloud(Element):
    """政务“一朵云” · the government cloud."""

    name: str | None = _f("名称", "name")
    built_by: BuiltBy = _f(
        "建设主体",
        "built by",
        "self 本级自建 | city 依托市级 | province 依托省级",
        required=True,
    )
    description: str | None = _f("建设内容", "what is built")
    provincial_node: str | None = _f(
        "融入省级云",
        "provincial cloud node",
        "作为省“1+16+N”政务云的节点, 与省级平台对接",
    )
    standard: str | None = _f("标准规范", "standard", "按国家政务云统一标准规范体系建设")
    migration: Migration | None = _f("系统上云", "migration to the cloud")
    disaster_recovery: DisasterRecovery | None = _f("灾备", "disaster recovery")


class Bandwidth(Element):
    to_county: str | None = _f("到县带宽", "bandwidth to counties", "如 千兆, 1000M, 1G")
    to_township: str | None = _f("到乡镇带宽", "bandwidth to townships", "如 百兆, 100M")
    grassroots: str | None = _f("基层覆盖", "grassroots coverage", "如 基层全覆盖")


class NetworkSecurity(Element):
    situational_awareness: str | None = _f("态势感知", "situational awareness")
    description: str | None = _f("安全防护", "security measures")


class Network(Element):
    """电子政务外网“一张网” · the e-government extranet."""

    name: str | None = _f("名称", "name")
    built_by: BuiltBy = _f(
        "建设主体",
        "built by",
        "self 本级建设 | city 依托市级 | province 依托省级",
        required=True,
    )
    coverage: str | None = _f("覆盖范围", "coverage", "如 横向到边、纵向到底")
    ip_stack: str | None = _f("协议栈", "IP stack", "如 支持IPv4和IPv6的双栈")
    bandwidth: Bandwidth | None = _f("带宽", "bandwidth")
    private_network_migration: Statement | None = _f(
        "业务专网迁移整合",
        "private networks migrate",
        "非涉密业务专网向电子政务外网迁移整合或融合互联",
    )
    security: NetworkSecurity | None = _f("网络安全", "network security")


class MachineRoom(Named):
    """数据中心、机房 · a physical data centre or machine room named by the plan."""

    owner: Literal["region", "department"] = _f(
        "所有者",
        "owner",
        "region 本级政府 | department 政务部门",
        required=True,
    )
    status: Literal["new", "existing"] = _f("状态", "status", "new 新建 | existing 已建", required=True)
    interconnection: str | None = _f(
        "互联互通", "interconnection", "与江淮大数据中心及政务云互联互通、数据共享"
    )


class Foundation(Element):
    """一套基础 · one foundation: cloud and network."""

    cloud: Cloud | None = _f("政务云", "government cloud")
    network: Network | None = _f("电子政务外网", "e-government extranet")
    machine_rooms: list[MachineRoom] = _f(
        "数据中心与机房", "data centres and machine rooms", default_factory=list
    )


# --------------------------------------------------------------------------- 一个中心 data centre


class SubPlatform(Element):
    name: str | None = _f("名称", "name", "如 江淮大数据中心阜阳子平台")
    built_by: BuiltBy = _f(
        "建设主体",
        "built by",
        "self 本级建设 | city 依托市级 | province 依托省级",
        required=True,
    )
    upstream: str | None = _f("上联", "upstream link", "如 向上连接江淮大数据中心总平台")
    responsibilities: str | None = _f("职责", "responsibilities")


class Aggregation(Element):
    scope: str | None = _f("归集范围", "what is aggregated", "如 政务数据")
    target: str | None = _f("归集目标", "target", "如 100%")
    deadline: str | None = _f("完成时间", "deadline", "如 2022年底")


class DataCenter(Element):
    """一个中心: 江淮大数据中心 · the Jianghuai big-data centre (city sub-platform)."""

    sub_platform: SubPlatform | None = _f("子平台", "sub-platform")
    aggregation: Aggregation | None = _f("数据归集", "data aggregation")
    basic_databases: list[Named] = _f("基础数据库", "basic databases", default_factory=list)
    thematic_databases: list[Named] = _f("主题数据库", "thematic databases", default_factory=list)
    sharing: Statement | None = _f("共享交换", "data sharing and exchange")
    opening: Statement | None = _f("开放利用", "opening of public data")
    intelligent_hub: list[Named] = _f(
        "智慧中枢",
        "intelligent hub",
        "如 人工智能中台、业务中台、城市综合运营中心 · AI and business middle platforms, city operations centre",
        default_factory=list,
    )


# --------------------------------------------------------------------------- 一个平台 platform


class Platform(Element):
    """一个平台: “皖事通办” · the government-service platform."""

    name: str | None = _f("名称", "name", "如 “皖事通办”市级平台")
    built_by: BuiltBy = _f(
        "建设主体",
        "built by",
        "self 本级建设 | city 依托市级 | province 依托省级",
        required=True,
    )
    description: str | None = _f("建设内容", "what is built")
    shared_capabilities: list[Named] = _f(
        "共性应用支撑",
        "shared capabilities",
        "如 统一身份认证、电子证照、电子印章",
        default_factory=list,
    )
    service_goals: list[Named] = _f(
        "服务目标",
        "service goals",
        "如 应接尽接、应上尽上、全流程网上办",
        default_factory=list,
    )
    department_docking: Statement | None = _f(
        "部门系统对接",
        "department systems dock",
        "部门业务系统与“皖事通办”平台深度对接",
    )


# --------------------------------------------------------------------------- 七类应用 applications


class Application(Named):
    description: str | None = _f("建设内容", "what is built")
    key_project: bool = _f(
        "重点项目",
        "key project",
        "列入专栏的建设重点 · listed in a 专栏 box",
        default=False,
    )
    box: str | None = _f("专栏", "key-project box", "如 专栏1")


class Applications(Element):
    """七类应用 · the seven application categories."""

    administrative_office: list[Application] = _f("行政办公", "administrative office", default_factory=list)
    economic_regulation: list[Application] = _f("经济调节", "economic regulation", default_factory=list)
    market_supervision: list[Application] = _f("市场监管", "market supervision", default_factory=list)
    social_governance: list[Application] = _f("社会治理", "social governance", default_factory=list)
    public_services: list[Application] = _f("公共服务", "public services", default_factory=list)
    ecology_environment: list[Application] = _f("生态环保", "ecology and environment", default_factory=list)
    regional_collaboration: list[Application] = _f("区域协同", "regional collaboration", default_factory=list)


# --------------------------------------------------------------------------- 一个通道 channel


class Channel(Element):
    """一个通道 · the single channel to the national platform."""

    description: str | None = _f("描述", "description")
    route: list[Named] = _f(
        "接入路径",
        "route",
        "从本级平台到国家平台的各级平台, 依次列出 · platforms in order",
        default_factory=list,
    )


# --------------------------------------------------------------------------- timeline, safeguards


class Target(Element):
    metric: str = _f("指标", "metric", required=True)
    value: str = _f("目标值", "value", "如 100%, 千兆", required=True)


class Milestone(Element):
    year: Year = _f("年份", "year", required=True)
    goal: str | None = _f("阶段目标", "goal", "如 线上政府, 智慧政府")
    description: str | None = _f("描述", "description")
    targets: list[Target] = _f("量化指标", "quantitative targets", default_factory=list)


class Safeguards(Element):
    """实施保障 · safeguards."""

    organization: Statement | None = _f("组织领导", "organisation and leadership")
    policy_standards: Statement | None = _f("政策制度与标准规范", "policies and standards")
    security: Statement | None = _f(
        "安全体系", "security system", "含网络安全等级保护 · incl. graded protection"
    )
    funding_talent: Statement | None = _f("资金与人才", "funding and talent")
    supervision: Statement | None = _f("监督考核", "supervision and assessment")


class Waiver(Element):
    """豁免 · a reviewer-approved exception to a rule."""

    rule: str = _f(
        "规则或条目",
        "rule or requirement id",
        "如 AH-F6-COUNTY-BANDWIDTH 或 F6",
        required=True,
    )
    reason: str = _f("理由", "reason", min_length=1, required=True)
    approver: str = _f("批准人", "approver", min_length=1, required=True)
    granted: PlanDate = _f("批准日期", "date granted", required=True)
    expires: PlanDate | None = _f("到期日期", "expiry date")
    path: str | None = _f("适用位置", "path", "JSONPath, 限定豁免的位置 · limits the waiver to a location")

    _expires_after_granted = model_validator(mode="after")(plan_values.waiver_dates_ordered)


class Plan(Element):
    """数字政府建设规划 · a digital-government construction plan."""

    model_config = ConfigDict(
        title="plancheck plan",
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"patternProperties": {"^x-": {}}},
    )

    plan: PlanInfo = _f("规划信息", "plan metadata", required=True)
    foundation: Foundation | None = _f("一套基础", "foundation: cloud and network")
    data_center: DataCenter | None = _f("一个中心", "data centre: 江淮大数据中心 sub-platform")
    platform: Platform | None = _f("一个平台", "service platform: 皖事通办")
    applications: Applications | None = _f("七类应用", "the seven application categories")
    channel: Channel | None = _f("一个通道", "the channel to the national platform")
    milestones: list[Milestone] = _f("发展目标", "milestones", default_factory=list)
    safeguards: Safeguards | None = _f("实施保障", "safeguards")
    waivers: list[Waiver] = _f("豁免", "waivers", default_factory=list)

    _own_level_is_self = model_validator(mode="after")(plan_values.own_level_is_self)


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The schema model a field's annotation holds (through Optional, lists and unions), if any."""
    stack = [annotation]
    while stack:
        candidate = stack.pop(0)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        stack.extend(typing.get_args(candidate))
    return None


def schema_words(
    model: type[BaseModel] | None = None,
) -> tuple[dict[str, tuple[str, str]], dict[str, dict[str, str]]]:
    """Every key path of the plan schema with its field's title, and the words of each choice
    a field's description spells out (``self 本级自建 | city 依托市级``); read from the model
    (pydantic) when the plan model is compiled."""
    titles: dict[str, tuple[str, str]] = {}
    choices: dict[str, dict[str, str]] = {}
    stack: list[tuple[str, Any]] = [("", model or Plan)]
    while stack:
        prefix, current = stack.pop()
        for name, field in current.model_fields.items():
            path = f"{prefix}.{name}" if prefix else name
            z, _, e = (field.title or name).partition(" · ")
            titles[path] = (z, e or z)
            if typing.get_origin(field.annotation) is Literal and field.description:
                pairs = [_CHOICE.match(part) for part in field.description.split("|")]
                choices[path] = {m.group(1): m.group(2) for m in pairs if m}
            inner = model_of(field.annotation)
            if inner is not None:
                stack.append((path, inner))
    return titles, choices


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file, for editors (``plancheck schema``)."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://plancheck.invalid/plan.schema.json"
    return schema
