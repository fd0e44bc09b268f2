"""The one plan value the engine runs on: who the plan is (its identity), what it says (plain,
JSON-like data as the schema validated it), where each value was written (the source map), and
the waivers it carries. Readers (``plan.load`` for YAML files, ``extract`` for documents) make it;
the engine, waivers and reports read only it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from plancheck.read.yamlfile import SourceMap


@dataclass(frozen=True)
class Identity:
    """What a report says the plan is."""

    title: str
    region: str
    level: str
    province: str
    period: str  # "2021-2025"
    framework: str  # the rule pack the plan names
    issued: str | None = None  # ISO date
    document_number: str | None = None
    issuer: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class Waiver:
    """A reviewer-approved exception written in the plan."""

    rule: str
    reason: str
    approver: str
    granted: date
    expires: date | None = None
    path: str | None = None


@dataclass(frozen=True)
class PlanData:
    file: str  # as shown to the user
    identity: Identity
    data: dict[str, Any]  # the plan as rules see it: set values only, dates as ISO text
    source_map: SourceMap
    waivers: tuple[Waiver, ...] = ()


def from_validated(plan: Any, data: dict[str, Any], file: str, source_map: SourceMap) -> PlanData:
    """A plan value from a validated plan (the schema model's instance, or the compiled
    validator's object with the same fields) and its dumped data."""
    info = plan.plan
    identity = Identity(
        title=info.title,
        region=info.region,
        level=info.level,
        province=info.province,
        period=f"{info.period.start}-{info.period.end}",
        framework=info.framework,
        issued=str(info.issued) if info.issued else None,
        document_number=info.document_number,
        issuer=info.issuer,
        city=info.city,
    )
    waivers = tuple(Waiver(w.rule, w.reason, w.approver, w.granted, w.expires, w.path) for w in plan.waivers)
    return PlanData(file, identity, data, source_map, waivers)
