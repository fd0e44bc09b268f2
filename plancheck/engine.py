"""The rule engine: runs every applicable rule of a pack on a plan and records findings.

Check functions say what is wrong and where; the engine attaches the rule's id, severity,
texts and citation, and turns locations into file:line:col through the plan's source map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plancheck.checks import FUNCTIONS, Violation, missing_detail
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
    groups: dict[Position, list[Violation]] = {}
    for v in violations:
        position, _ = source_map.locate(v.location)
        groups.setdefault(position, []).append(v)
    out = []
    for position, group in groups.items():
        location = group[0].location
        for v in group[1:]:
            location = _common_prefix(location, v.location)
        if all(v.missing for v in group):
            detail = missing_detail([v.location for v in group])
        else:
            details = list(dict.fromkeys(v.detail for v in group))
            detail = details[0]
            for more in details[1:]:
                detail = detail.join(more, "; ", "; ")
        out.append((Violation(location, detail, all(v.missing for v in group)), position))
    return out


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


def _layer_status(failing: int, total: int, section_present: bool) -> LayerStatus:
    if total == 0:
        return "not-applicable"
    if failing == 0:
        return "covered"
    return "missing" if failing == total or not section_present else "partial"


def _finding(rule: LoadedRule, violation: Violation, position: Position, file: str, layer: str) -> Finding:
    r = rule.rule
    return Finding(
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
        citation_document=r.citation.document,
        implements=list(r.implements),
        layer=layer,
    )


def check_plan(plan: Plan, source_map: SourceMap, file: str, pack: RulePack) -> PlanReport:
    """Run the pack's rules that apply to the plan's level; a report with findings and layers.

    Rules of a ``gate`` layer (the pack's scope) run first: when one of them finds an error,
    the pack does not apply to this plan and no other rule is run."""
    data = plan_data(plan)
    level = plan.plan.level
    gates = {layer.id for layer in pack.layers if layer.gate}
    applicable = [r for r in pack.rules if level in r.rule.levels]
    ordered = [r for r in applicable if pack.layer_of(r) in gates] + [
        r for r in applicable if pack.layer_of(r) not in gates
    ]
    findings: list[Finding] = []
    per_layer: dict[str, list[tuple[str, bool]]] = {}
    checked = 0
    for rule in ordered:
        layer = pack.layer_of(rule)
        if layer not in gates and any(f.severity == "error" and f.layer in gates for f in findings):
            break  # out of the pack's scope: the other rules would only mislead
        violations = run_rule(rule, data)
        checked += 1
        if rule.severity != "info":
            per_layer.setdefault(layer, []).append((rule.id, bool(violations)))
        for violation, position in _one_per_position(violations, source_map):
            findings.append(_finding(rule, violation, position, file, layer))
    findings.sort(key=lambda f: (f.line, f.column, f.rule_id))
    stopped = checked < len(ordered)
    layers = []
    for layer in pack.layers:
        results = per_layer.get(layer.id, [])
        failing = [rule_id for rule_id, bad in results if bad]
        present = layer.section is None or bool(data.get(layer.section))
        layers.append(
            LayerSummary(
                layer.id,
                layer.title.message(),
                layer.framework,
                "not-checked"
                if stopped and not results
                else _layer_status(len(failing), len(results), present),
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
        rules_checked=checked,
    )
