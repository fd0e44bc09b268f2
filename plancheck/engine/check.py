"""The rule engine: runs every applicable rule of a pack on a plan and records findings.

Check functions say what is wrong and where; the engine attaches the rule's id, severity,
texts and citation, and turns locations into file:line:col through the plan's source map.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from plancheck.engine.findings import (
    Finding,
    LayerStatus,
    LayerSummary,
    PlanReport,
    RequirementResult,
    RequirementStatus,
    RuleResult,
    RuleStatus,
)
from plancheck.engine.functions import FUNCTIONS, Violation, missing_detail, place
from plancheck.engine.waivers import apply_waivers, china_today, waiver_findings
from plancheck.errors import InputError, Problem
from plancheck.i18n import Message, zh
from plancheck.pack.ir import DEFAULT_CONTEXT, All, AnyOf, Call, Check, Context, Pack, Rule, pattern_budget
from plancheck.pack.selectors import Match, PathKey, Selector, SelectorTooCostly
from plancheck.plan.data import PlanData
from plancheck.plan.statements import DEFAULT_MARKERS, Markers
from plancheck.read.inputs import is_document
from plancheck.read.yamlfile import Position, SourceMap


@dataclass
class Outcome:
    """What one check found: its violations, and the places it matched."""

    violations: list[Violation]
    matched: list[PathKey]


Found = dict[str, list[Match]]  # selector text -> what it selects in one plan's data


def evaluate(
    node: Check, data: Any, context: Context = DEFAULT_CONTEXT, found: Found | None = None
) -> Outcome:
    """What is wrong with ``data`` according to one (possibly composed) check, reading the
    plan's statements as ``context`` says (the pack's markers, the requirement's force).
    ``found``: what selectors already evaluated on this same ``data`` selected (see ``_find``)."""
    if isinstance(node, Call):
        matches = _find(node.selector, data, found)
        function = FUNCTIONS[node.function]
        if context.root is not data:
            context = Context(context.markers, context.force, data)
        return Outcome(function(node.selector, matches, node.options, context), [m.location for m in matches])
    if isinstance(node, All):
        outcomes = [evaluate(child, data, context, found) for child in node.children]
        return Outcome(
            [v for o in outcomes for v in o.violations], [loc for o in outcomes for loc in o.matched]
        )
    if isinstance(node, AnyOf):
        outcomes = [evaluate(child, data, context, found) for child in node.children]
        matched = [loc for o in outcomes for loc in o.matched]
        if any(not o.violations for o in outcomes):
            return Outcome([], matched)
        # When no alternative holds, the last one speaks for all: rule authors put the
        # alternative whose failure best explains the gap last.
        return Outcome(outcomes[-1].violations, matched)
    inner = evaluate(node.child, data, context, found)
    if inner.violations:
        return Outcome([], inner.matched)
    location = inner.matched[0] if inner.matched else ()
    where = place(location, context.titles)
    detail = Message(f"{where.zh}写明了本规则不允许的内容", f"{where.en} states what this rule rules out")
    return Outcome([Violation(location, detail)], inner.matched)


def _find(selector: Selector, data: Any, found: Found | None) -> list[Match]:
    """What the selector selects in ``data``, evaluated once per plan: several rules select the
    same (the rules on who builds what each read every value at depths 3 to 5: ``$.*.*.*`` …).
    A copy, so that no check function can change what the next one is given."""
    if found is None:
        return selector.find(data)
    if selector.text not in found:
        found[selector.text] = selector.find(data)
    return list(found[selector.text])


def _one_per_position(
    violations: list[Violation], source_map: SourceMap, titles: bool = False
) -> list[tuple[Violation, Position]]:
    """A rule says one thing per place: violations that land on the same line and column
    (several missing keys under one parent) become one, at their common path."""
    if not violations:  # most rules on most plans
        return []
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
            _, present = source_map.locate(location)
            if len(group) > 1 and len(present) < len(location):
                location = location[: len(present) + 1]  # the first key the plan lacks says it all
                detail = missing_detail([location], titles)
            else:
                detail = missing_detail([v.location for v in group], titles)
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


def rule_context(
    rule: Rule, markers: Markers = DEFAULT_MARKERS, data: Any = None, titles: bool = False
) -> Context:
    """How a rule reads statements: the pack's markers and the force of its requirements (and,
    with ``titles``, that places are named by the schema's titles in English too)."""
    return Context(markers, rule.reads, data, titles)


def run_rule(rule: Rule, data: Any, markers: Markers = DEFAULT_MARKERS) -> list[Violation]:
    return evaluate(rule.check, data, rule_context(rule, markers, data)).violations


def _layer_status(failing: int, total: int, section_present: bool, ran: bool) -> LayerStatus:
    if total == 0:  # only practice (info) rules ran: they never count, as in the matrix
        return "covered" if ran else "not-applicable"
    if failing == 0:
        return "covered"
    return "missing" if failing == total or not section_present else "partial"


def logical_path(location: PathKey, data: Any) -> str:
    """A location that survives reordering: list items are named by their ``name`` where they
    have one (``applications.public_services[智慧医院]``), by index otherwise."""
    parts: list[str] = []
    node = data
    for step in location:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            name = item.get("name") if isinstance(item, dict) else None
            parts.append(f"[{name}]" if isinstance(name, str) else f"[{step}]")
            node = item
        else:
            parts.append(("." if parts else "") + step)
            node = node.get(step) if isinstance(node, dict) else None
    return "".join(parts)


def fingerprint(rule_id: str, logical: str, posix_file: str) -> str:
    """What identifies a finding across versions: the rule, the logical path of its place and
    the file (with / separators)."""
    key = f"{rule_id}|{logical}|{posix_file}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _evidence(location: PathKey, data: Any) -> tuple[str | None, str | None]:
    """The plan's own source and quote nearest to a location (the element it rests on)."""
    chain = [data]
    node = data
    for step in location:
        if (isinstance(node, dict) and isinstance(step, str) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and step < len(node)
        ):
            node = node[step]  # type: ignore[index]  # a key of a dict, an index of a list (tested above)
        else:
            break
        chain.append(node)
    for node in reversed(chain):
        if isinstance(node, dict) and (node.get("source") or node.get("quote")):
            return node.get("source"), node.get("quote")
    return None, None


def _finding(
    rule: Rule,
    violation: Violation,
    position: Position,
    file: str,
    layer: str,
    data: Any,
    posix_file: str,
) -> Finding:
    r = rule
    source, quote = _evidence(violation.location, data)
    logical = logical_path(violation.location, data)
    message, detail, fix = rule.message, violation.detail, rule.fix
    if is_document(file):  # a document's reader is told what to state, not which key to fill
        from plancheck.plan.wording import for_documents

        message, detail, fix = for_documents(message), for_documents(detail), for_documents(fix)
    detail = Message(zh(detail.zh), detail.en)  # it quotes the plan, often typed half-width
    return Finding(
        rule_id=r.id,
        severity=rule.severity,
        file=file,
        line=position.line,
        column=position.column,
        fingerprint=fingerprint(r.id, logical, posix_file),
        logical_path=logical,
        title=rule.title,
        message=message,
        detail=detail,
        fix=fix,
        citation_section=r.citation.section,
        citation_text=r.citation.text,
        citation_document=r.citation.document,
        implements=list(r.implements),
        layer=layer,
        plan_source=source,
        plan_quote=quote,
        missing=violation.missing,
        location=violation.location,
    )


def _where(locations: list[PathKey], source_map: SourceMap, file: str) -> list[str]:
    lines = sorted({source_map.locate(loc)[0].line for loc in locations})
    return [f"{file}:{line}" for line in lines]


def check_plan(
    plan: PlanData,
    pack: Pack,
    *,
    use_waivers: bool = True,
    today: date | None = None,
) -> PlanReport:
    """Run the pack's rules that apply to the plan's level; a report with findings, the result
    of every rule, the requirement matrix and the layer summary.

    Rules of a ``gate`` layer (the pack's scope) run first: when one of them finds an error,
    the pack does not apply to this plan and no other rule is run."""
    data, source_map, file = plan.data, plan.source_map, plan.file
    document = is_document(file)  # its reader is told places by the schema's titles, in English too
    posix_file = Path(file).as_posix()
    level = plan.identity.level
    gates = {layer.id for layer in pack.layers if layer.gate}
    applicable = [r for r in pack.rules if level in r.levels]
    ordered = [r for r in applicable if r.layer in gates] + [r for r in applicable if r.layer not in gates]
    findings: list[Finding] = []
    checks: dict[str, RuleResult] = {}
    by_rule: dict[str, list[Finding]] = {}
    stopped = False
    out_of_scope = False  # a gate rule found an error
    found: Found = {}  # what each selector selects in this plan
    with pattern_budget():  # a pattern that times out on this plan once is not run again on it
        for rule in ordered:
            layer = rule.layer
            if layer not in gates and out_of_scope:
                stopped = True
                break  # out of the pack's scope: the other rules would only mislead
            try:
                outcome = evaluate(rule.check, data, rule_context(rule, pack.markers, data, document), found)
            except SelectorTooCostly as exc:  # over its time budget on this plan: a message, not a hang
                message = Message(f"规则 {rule.id}: {exc.message.zh}", f"rule {rule.id}: {exc.message.en}")
                raise InputError(Problem(file, message, code="selector")) from None
            mine = [
                _finding(rule, violation, position, file, layer, data, posix_file)
                for violation, position in _one_per_position(outcome.violations, source_map, document)
            ]
            findings.extend(mine)
            out_of_scope = out_of_scope or (layer in gates and any(f.severity == "error" for f in mine))
            by_rule[rule.id] = mine
            checks[rule.id] = RuleResult(
                rule.id,
                rule.severity,
                layer,
                list(rule.implements),
                rule.title,
                # a rule that found nothing in the plan to look at has not passed: it did not apply
                "failed" if mine else ("passed" if outcome.matched else "not-applicable"),
                _where(outcome.matched, source_map, file),
                len(mine),
            )
    applicable_ids = {r.id for r in applicable}
    for rule in pack.rules:
        if rule.id not in checks:
            status: RuleStatus = "not-applicable" if rule.id not in applicable_ids else "not-checked"
            checks[rule.id] = RuleResult(
                rule.id, rule.severity, rule.layer, list(rule.implements), rule.title, status, [],
            )  # fmt: skip
    waivers = apply_waivers(plan, findings, use_waivers, today or china_today())
    for rule_id, mine in by_rule.items():
        if mine and all(f.waived_by is not None for f in mine):
            checks[rule_id].status = "waived"
    findings.extend(waiver_findings(waivers, file))
    findings.sort(key=lambda f: (f.line, f.column, f.rule_id))

    results = [checks[r.id] for r in pack.rules]
    info = plan.identity
    return PlanReport(
        file=file,
        title=info.title,
        region=info.region,
        level=info.level,
        province=info.province,
        period=info.period,
        pack=pack.name,
        pack_version=pack.version,
        pack_title=pack.title,
        findings=findings,
        layers=_layers(pack, results, data, stopped),
        rules_checked=sum(1 for c in results if c.status not in ("not-applicable", "not-checked")),
        checks=results,
        requirements=_matrix(pack, level, results, by_rule, stopped),
        waivers=waivers,
        pack_framework=pack.framework,
        issued=info.issued,
        pack_directory=str(pack.directory),
        document_number=info.document_number,
        issuer=info.issuer,
    )


def _failing(result: RuleResult) -> bool:
    """A rule result that makes its layer or requirement fall short (info never does)."""
    return result.status == "failed" and result.severity != "info"


def _layers(pack: Pack, results: list[RuleResult], data: Any, stopped: bool) -> list[LayerSummary]:
    ran_in: dict[str, list[RuleResult]] = {layer.id: [] for layer in pack.layers}
    for result in results:
        if result.status in ("passed", "failed", "waived") and result.layer in ran_in:
            ran_in[result.layer].append(result)
    out = []
    for layer in pack.layers:
        ran = ran_in[layer.id]
        counted = [r for r in ran if r.severity != "info"]
        failing = [r.rule_id for r in counted if _failing(r)]
        present = layer.section is None or bool(data.get(layer.section))
        if stopped and not ran:
            status: LayerStatus = "not-checked"
        else:
            status = _layer_status(len(failing), len(counted), present, bool(ran))
        out.append(LayerSummary(layer.id, layer.title, layer.framework, status, len(counted), failing))
    return out


def _place_order(place: str) -> tuple[str, int]:
    """``file:line`` in reading order: line 94 before line 100."""
    file, _, line = place.rpartition(":")
    return (file, int(line)) if line.isdigit() else (place, 0)


def _matrix(
    pack: Pack,
    level: str,
    results: list[RuleResult],
    by_rule: dict[str, list[Finding]],
    stopped: bool,
) -> list[RequirementResult]:
    """Each catalogue requirement's status for this plan, and the rules and places behind it."""
    by_requirement: dict[str, list[RuleResult]] = {}
    for result in results:
        for cid in result.implements:
            by_requirement.setdefault(cid, []).append(result)
    out = []
    for req in pack.requirements.values():
        mine = by_requirement.get(req.id, [])
        ran = [r for r in mine if r.status in ("passed", "failed", "waived")]
        counted = [r for r in ran if r.severity != "info"]
        failing = [r for r in counted if _failing(r)]
        places: set[str] = set()
        for r in ran:
            places.update(r.checked)
            places.update([f"{f.file}:{f.line}" for f in by_rule.get(r.rule_id, ())])
        locations = sorted(places, key=_place_order)
        if level not in req.applies_to or (not ran and not stopped):
            status: RequirementStatus = "not-applicable"
        elif not ran:
            status = "not-checked"
        elif failing:
            # missing: nothing the plan states bears on it (the rules that pass, pass vacuously)
            nothing_stated = all(f.missing for r in failing for f in by_rule.get(r.rule_id, [])) and all(
                not r.checked for r in counted if r not in failing
            )
            status = "missing" if nothing_stated else "partial"
        elif any(r.status == "waived" for r in counted):
            status = "waived"
        else:
            status = "covered"
        out.append(
            RequirementResult(
                req.id,
                req.title,
                req.layer,
                req.force,
                status,
                [r.rule_id for r in mine],
                [r.rule_id for r in failing],
                locations,
            )
        )
    return out
