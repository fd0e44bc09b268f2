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
from plancheck.yamlfile import Position, SourceMap


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
        # When no alternative holds, the last one speaks for all: rule authors put the
        # alternative whose failure best explains the gap last.
        return Outcome(outcomes[-1].violations, matched)
    assert isinstance(node, NotNode)
    inner = evaluate(node.child, data)
    if inner.violations:
        return Outcome([], inner.matched)
    location = inner.matched[0] if inner.matched else ()
    where = dotted(location)
    detail = Message(f"{where} 写明了本规则不允许的内容", f"{where} states what this rule rules out")
    return Outcome([Violation(location, detail)], inner.matched)


def _one_per_position(violations: list[Violation], source_map: SourceMap) -> list[tuple[Violation, Position]]:
    """A rule says one thing per place: violations that land on the same line and column
    (several missing keys under one parent) become one, at their common path."""
    merged: dict[Position, Violation] = {}
    for v in violations:
        position, _ = source_map.locate(v.location)
        earlier = merged.get(position)
        if earlier is None:
            merged[position] = v
        else:
            common = _common_prefix(earlier.location, v.location)
            merged[position] = Violation(common, earlier.detail.join(v.detail, "; ", "; "))
    return [(v, p) for p, v in merged.items()]


def _common_prefix(a: PathKey, b: PathKey) -> PathKey:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


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
        for violation, position in _one_per_position(violations, source_map):
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
