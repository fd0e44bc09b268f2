"""The rule engine: runs every applicable rule of a pack on a plan and records findings.

Check functions say what is wrong and where; the engine attaches the rule's id, severity,
texts and citation, and turns locations into file:line:col through the plan's source map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plancheck.checks import FUNCTIONS, Violation
from plancheck.findings import Finding, LayerStatus, LayerSummary, PlanReport
from plancheck.i18n import Message
from plancheck.model import Plan
from plancheck.rulepack import AllNode, AnyNode, CheckNode, FunctionNode, LoadedRule, NotNode, RulePack
from plancheck.selectors import PathKey, dotted, normalized_path
from plancheck.yamlfile import SourceMap


@dataclass
class Outcome:
    violations: list[Violation]
    matched: list[PathKey]


def evaluate(node: CheckNode, data: Any) -> Outcome:
    """What is wrong with ``data`` according to one (possibly composed) check."""
    if isinstance(node, FunctionNode):
        matches = node.selector.find(data)
        _, function = FUNCTIONS[node.function]
        return Outcome(function(node.selector, matches, node.options), [m.location for m in matches])
    if isinstance(node, AllNode):
        outcomes = [evaluate(child, data) for child in node.children]
        return Outcome(
            [v for o in outcomes for v in o.violations], [loc for o in outcomes for loc in o.matched]
        )
    if isinstance(node, AnyNode):
        outcomes = [evaluate(child, data) for child in node.children]
        matched = [loc for o in outcomes for loc in o.matched]
        if any(not o.violations for o in outcomes):
            return Outcome([], matched)
        return Outcome(_merge([v for o in outcomes for v in o.violations]), matched)
    assert isinstance(node, NotNode)
    inner = evaluate(node.child, data)
    if inner.violations:
        return Outcome([], inner.matched)
    location = inner.matched[0] if inner.matched else ()
    where = dotted(location)
    detail = Message(f"{where} 写明了本规则不允许的内容", f"{where} states what this rule rules out")
    return Outcome([Violation(location, detail)], inner.matched)


def _merge(violations: list[Violation]) -> list[Violation]:
    """One violation per location; the details of alternatives joined."""
    by_location: dict[PathKey, Violation] = {}
    for v in violations:
        earlier = by_location.get(v.location)
        if earlier is None:
            by_location[v.location] = v
        elif v.detail not in (earlier.detail,):
            by_location[v.location] = Violation(v.location, earlier.detail.join(v.detail, "; ", "; "))
    return list(by_location.values())


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as rules see it: JSON-like, with unset optional values left out."""
    return plan.model_dump(mode="json", exclude_none=True)


def run_rule(rule: LoadedRule, data: Any) -> list[Violation]:
    return evaluate(rule.check, data).violations


def _layer_status(failing: int, total: int) -> LayerStatus:
    if total == 0:
        return "not-applicable"
    if failing == 0:
        return "covered"
    return "missing" if failing == total else "partial"


def check_plan(plan: Plan, source_map: SourceMap, file: str, pack: RulePack) -> PlanReport:
    """Run the pack's rules that apply to the plan's level; a report with findings and layers."""
    data = plan_data(plan)
    level = plan.plan.level
    findings: list[Finding] = []
    applicable = [r for r in pack.rules if level in r.rule.levels]
    per_layer: dict[str, list[tuple[str, bool]]] = {}
    for rule in applicable:
        violations = run_rule(rule, data)
        layer = pack.layer_of(rule)
        degrades = bool(violations) and rule.severity != "info"
        per_layer.setdefault(layer, []).append((rule.id, degrades))
        r = rule.rule
        for violation in violations:
            position, _ = source_map.locate(violation.location)
            findings.append(
                Finding(
                    rule_id=r.id,
                    severity=rule.severity,
                    file=file,
                    line=position.line,
                    column=position.column,
                    path=dotted(violation.location),
                    json_path=normalized_path(violation.location),
                    title=r.title.message(),
                    message=r.message.message(),
                    detail=violation.detail,
                    fix=r.fix.message(),
                    citation_section=r.citation.section,
                    citation_text=r.citation.text,
                    implements=list(r.implements),
                    layer=layer,
                )
            )
    findings.sort(key=lambda f: (f.line, f.column, f.rule_id))
    layers = []
    for layer in pack.layers:
        results = per_layer.get(layer.id, [])
        failing = [rule_id for rule_id, bad in results if bad]
        layers.append(
            LayerSummary(
                layer.id,
                layer.title.message(),
                layer.framework,
                _layer_status(len(failing), len(results)),
                len(results),
                failing,
            )
        )
    info = plan.plan
    return PlanReport(
        file=file,
        title=info.title,
        region=info.region,
        level=info.level,
        province=info.province,
        period=f"{info.period.start}-{info.period.end}",
        pack=pack.name,
        pack_version=pack.manifest.version,
        findings=findings,
        layers=layers,
        rules_checked=len(applicable),
    )
