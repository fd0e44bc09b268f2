"""The result model: findings, rule results, the requirement matrix, layer summaries, per-plan
reports and the run.

Built once by the engine and the CLI, serialised once (``as_dict``), consumed by every renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from plancheck.errors import Problem
from plancheck.i18n import Lang, Message
from plancheck.pack.selectors import dotted, normalized_path

LayerStatus = Literal["covered", "partial", "missing", "not-applicable", "not-checked"]
RequirementStatus = Literal["covered", "partial", "missing", "waived", "not-applicable", "not-checked"]
RuleStatus = Literal["passed", "failed", "waived", "not-applicable", "not-checked"]
REPORT_FORMAT_VERSION = 1
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


WaiverStatus = Literal["used", "unused", "expired", "ignored"]


@dataclass
class WaiverUse:
    """A waiver of the plan, and what became of it in this run."""

    index: int
    rule: str
    reason: str
    approver: str
    granted: str
    expires: str | None
    path: str | None
    line: int
    status: WaiverStatus
    waived: int = 0  # findings it waived

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "reason": self.reason,
            "approver": self.approver,
            "granted": self.granted,
            "expires": self.expires,
            "path": self.path,
            "line": self.line,
            "status": self.status,
            "findings_waived": self.waived,
        }


@dataclass
class Finding:
    """One gap in one plan: a rule that fails at a place, with what to tell the reader."""

    rule_id: str
    severity: str
    file: str
    line: int
    column: int
    fingerprint: str  # rule + logical path + file: survives edits that move lines
    logical_path: str  # the place with list items named, not numbered: matches across versions
    title: Message
    message: Message
    detail: Message
    fix: Message
    citation_section: str
    citation_text: str
    citation_document: str | None
    implements: list[str]
    layer: str
    plan_source: str | None = None  # the section of the plan's own document the place rests on
    plan_quote: str | None = None
    missing: bool = False  # about something the plan does not state at all
    waived_by: WaiverUse | None = None
    baselined: bool = False
    location: tuple[str | int, ...] = ()  # where in the plan, as keys and indexes

    @property
    def path(self) -> str:
        """The location as users read it, e.g. foundation.network.bandwidth.to_county."""
        return dotted(self.location)

    @property
    def json_path(self) -> str:
        """The same location as an RFC 9535 normalized path."""
        return normalized_path(self.location)

    @property
    def counts(self) -> bool:
        """Whether the finding can fail a run: not waived and not in the baseline."""
        return self.waived_by is None and not self.baselined

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "rule": self.rule_id,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "json_path": self.json_path,
            "fingerprint": self.fingerprint,
            "logical_path": self.logical_path,
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
            "plan_source": self.plan_source,
            "plan_quote": self.plan_quote,
            "waived": None
            if self.waived_by is None
            else {
                "reason": self.waived_by.reason,
                "approver": self.waived_by.approver,
                "line": self.waived_by.line,
            },
            "baselined": self.baselined,
        }


@dataclass
class RuleResult:
    """One rule on one plan: passed or not, and where it looked (so that an auditor sees what
    was checked, not only what failed)."""

    rule_id: str
    severity: str
    layer: str
    implements: list[str]
    title: Message
    status: RuleStatus
    checked: list[str]  # file:line of the plan values the rule looked at
    findings: int = 0

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "rule": self.rule_id,
            "severity": self.severity,
            "layer": self.layer,
            "implements": self.implements,
            "title": self.title.pick(lang),
            "status": self.status,
            "checked": self.checked,
            "findings": self.findings,
        }


@dataclass
class RequirementResult:
    """One catalogue requirement on one plan: the coverage matrix's row."""

    id: str
    title: Message
    layer: str
    force: str
    status: RequirementStatus
    rules: list[str]
    failing: list[str]
    locations: list[str]  # file:line of the plan values behind the status

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.pick(lang),
            "layer": self.layer,
            "force": self.force,
            "status": self.status,
            "rules": self.rules,
            "failing_rules": self.failing,
            "locations": self.locations,
        }


@dataclass
class LayerSummary:
    """One layer of the framework in one plan: its status and its rules' counts."""

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
    """Everything a run found about one plan: its findings, rules, requirements and layers."""

    file: str
    title: str
    region: str
    level: str
    province: str
    period: str
    pack: str
    pack_version: str
    pack_title: Message
    findings: list[Finding]
    layers: list[LayerSummary]
    rules_checked: int
    checks: list[RuleResult] = field(default_factory=list)
    requirements: list[RequirementResult] = field(default_factory=list)
    waivers: list[WaiverUse] = field(default_factory=list)
    pack_framework: Message | None = None  # the document the pack encodes, cited by default
    issued: str | None = None
    pack_directory: str = ""  # where the pack was read (not reported: for loading it again)
    document_number: str | None = None  # 文号 (shown in the formal report; not in JSON)
    issuer: str | None = None  # 印发机关

    def counts(self) -> dict[str, int]:
        """Findings by severity (waived and baselined ones apart)."""
        out = {"error": 0, "warning": 0, "info": 0, "waived": 0, "baselined": 0}
        for f in self.findings:
            if f.waived_by is not None:
                out["waived"] += 1
            elif f.baselined:
                out["baselined"] += 1
            else:
                out[f.severity] += 1
        return out

    def worst(self) -> int:
        """The rank of the worst finding that counts, -1 when none does."""
        return max((SEVERITY_RANK[f.severity] for f in self.findings if f.counts), default=-1)

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "file": self.file,
            "plan": {
                "title": self.title,
                "region": self.region,
                "level": self.level,
                "province": self.province,
                "period": self.period,
                "issued": self.issued,
            },
            "pack": {
                "name": self.pack,
                "version": self.pack_version,
                "title": self.pack_title.pick(lang),
                "framework": self.pack_framework.pick(lang) if self.pack_framework else None,
            },
            "summary": {**self.counts(), "rules_checked": self.rules_checked},
            "layers": [layer.as_dict(lang) for layer in self.layers],
            "requirements": [r.as_dict(lang) for r in self.requirements],
            "findings": [f.as_dict(lang) for f in self.findings],
            "checks": [c.as_dict(lang) for c in self.checks],
            "waivers": [w.as_dict() for w in self.waivers],
        }


@dataclass
class BaselineNote:
    """Baseline entries that no longer match a finding: gaps that have been fixed."""

    fixed: list[dict[str, str]] = field(default_factory=list)
    file: str | None = None


@dataclass
class RunReport:
    """Everything one ``plancheck verify`` produced: plan reports and input errors."""

    version: str
    reports: list[PlanReport] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    baseline: BaselineNote | None = None
    packs: dict[str, Any] = field(default_factory=dict)  # pack name → Pack, for rule metadata
    warnings: list[Problem] = field(default_factory=list)  # about the packs: worth knowing, stop nothing

    def as_dict(self, lang: Lang, exit_code: int) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tool": "plancheck",
            "version": self.version,
            "format_version": REPORT_FORMAT_VERSION,
            "language": lang,
            "plans": [r.as_dict(lang) for r in self.reports],
            "errors": [p.as_dict(lang) for p in self.errors],
            "warnings": [p.as_dict(lang) for p in self.warnings],
        }
        if self.baseline is not None:
            out["baseline"] = {"file": self.baseline.file, "fixed": self.baseline.fixed}
        out["exit_code"] = exit_code
        return out
