"""Running the passing and failing examples embedded in every rule of a pack.

Each example is a plan fragment (a ``plan:`` block from the pack is added when it has none);
a passing example must draw no finding from its rule, a failing one must draw a finding at
the expected line whose English detail contains the expected text.
"""

from __future__ import annotations

from dataclasses import dataclass

from plancheck.engine.check import run_rule
from plancheck.errors import PlancheckError
from plancheck.pack import ir
from plancheck.pack.examples import example_document, example_plan
from plancheck.pack.selectors import SelectorTooCostly


@dataclass
class ExampleResult:
    rule_id: str
    kind: str  # "pass" or "fail"
    index: int
    ok: bool
    reason: str = ""
    found: list[tuple[int, str]] | None = None  # (line, English detail) of each finding


def run_example(pack: ir.Pack, rule: ir.Rule, example: ir.Example, kind: str, index: int) -> ExampleResult:
    try:
        document = example_document(pack, rule, example, kind, index)
        plan = example_plan(document)
    except PlancheckError as exc:
        return ExampleResult(rule.id, kind, index, False, "example is not a valid plan: " + exc.format("en"))
    if plan.identity.level not in rule.levels:
        return ExampleResult(
            rule.id, kind, index, False, f"level {plan.identity.level} is not one the rule applies to"
        )
    try:
        violations = run_rule(rule, plan.data, pack.markers)
    except SelectorTooCostly as exc:
        return ExampleResult(rule.id, kind, index, False, exc.message.en)
    found = [(document.source_map.locate(v.location)[0].line, v.detail.en) for v in violations]
    expect = example.expect
    if expect is None:
        ok = not violations
        return ExampleResult(
            rule.id, kind, index, ok, "" if ok else f"expected no finding, got {found}", found
        )
    for v in violations:
        position = document.source_map.locate(v.location)[0]
        if position.line != expect.line:
            continue
        if expect.column is not None and position.column != expect.column:
            continue
        if expect.detail is not None and expect.detail not in v.detail.en:
            continue
        return ExampleResult(rule.id, kind, index, True, "", found)
    want = f"line {expect.line}" + (f" with '{expect.detail}'" if expect.detail else "")
    return ExampleResult(rule.id, kind, index, False, f"expected a finding at {want}, got {found}", found)


def run_pack_examples(pack: ir.Pack, rules: list[ir.Rule] | None = None) -> list[ExampleResult]:
    """Every example of ``rules`` (default: all the pack's rules), passing ones first per rule."""
    results = []
    for rule in pack.rules if rules is None else rules:
        for i, example in enumerate(rule.passing):
            results.append(run_example(pack, rule, example, "pass", i))
        for i, example in enumerate(rule.failing):
            results.append(run_example(pack, rule, example, "fail", i))
    return results
