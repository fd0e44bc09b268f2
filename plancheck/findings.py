"""The result model: findings, per-layer summaries, per-plan reports and the run.

Built once by the engine and the CLI, serialised once (``as_dict``), consumed by every renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from plancheck.errors import Problem
from plancheck.i18n import Lang, Message

LayerStatus = Literal["covered", "partial", "missing", "not-applicable", "not-checked"]
REPORT_FORMAT_VERSION = 1


@dataclass
class Finding:
    rule_id: str
    severity: str
    file: str
    line: int
    column: int
    path: str  # dotted location in the plan, e.g. foundation.network.bandwidth.to_county
    json_path: str  # RFC 9535 normalized path of the same location
    title: Message
    message: Message
    detail: Message
    fix: Message
    citation_section: str
    citation_text: str
    citation_document: str | None
    implements: list[str]
    layer: str

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "rule": self.rule_id,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "json_path": self.json_path,
            "layer": self.layer,
            "implements": self.implements,
            "title": self.title.pick(lang),
            "message": self.message.pick(lang),
            "detail": self.detail.pick(lang),
            "fix": self.fix.pick(lang),
            "citation": {
                "section": self.citation_section,
                "text": self.citation_text,
                "document": self.citation_document,
            },
        }


@dataclass
class LayerSummary:
    id: str
    title: Message
    framework: bool
    status: LayerStatus
    rules: int
    failing: list[str]

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.pick(lang),
            "framework_layer": self.framework,
            "status": self.status,
            "rules_checked": self.rules,
            "failing_rules": self.failing,
        }


@dataclass
class PlanReport:
    file: str
    title: str
    region: str
    level: str
    province: str
    period: str
    pack: str
    pack_version: str
    findings: list[Finding]
    layers: list[LayerSummary]
    rules_checked: int

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "file": self.file,
            "plan": {
                "title": self.title,
                "region": self.region,
                "level": self.level,
                "province": self.province,
                "period": self.period,
            },
            "pack": {"name": self.pack, "version": self.pack_version},
            "summary": {**self.counts(), "rules_checked": self.rules_checked},
            "layers": [layer.as_dict(lang) for layer in self.layers],
            "findings": [f.as_dict(lang) for f in self.findings],
        }


@dataclass
class RunReport:
    """Everything one ``plancheck verify`` produced: plan reports and input errors."""

    version: str
    reports: list[PlanReport] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def as_dict(self, lang: Lang, exit_code: int) -> dict[str, Any]:
        return {
            "tool": "plancheck",
            "version": self.version,
            "format_version": REPORT_FORMAT_VERSION,
            "language": lang,
            "exit_code": exit_code,
            "plans": [r.as_dict(lang) for r in self.reports],
            "errors": [p.as_dict(lang) for p in self.errors],
        }
