"""Running the passing and failing examples embedded in every rule of a pack.

Each example is a plan fragment (a ``plan:`` block from the pack is added when it has none);
a passing example must draw no finding from its rule, a failing one must draw a finding at
the expected line whose English detail contains the expected text.
"""

from __future__ import annotations

from dataclasses import dataclass

from plancheck.engine import plan_data, run_rule
from plancheck.errors import PlancheckError, Problem, RulePackError
from plancheck.i18n import Message
from plancheck.model import Plan
from plancheck.rulepack import (
    CheckNode,
    Example,
    FunctionNode,
    LoadedRule,
    NotNode,
    RulePack,
)
from plancheck.selectors import SelectorTooCostly
from plancheck.validation import validate
from plancheck.yamlfile import YamlDocument, parse_yaml


@dataclass
class ExampleResult:
    rule_id: str
    kind: str  # "pass" or "fail"
    index: int
    ok: bool
    reason: str = ""
    found: list[tuple[int, str]] | None = None  # (line, English detail) of each finding


def example_document(
    pack: RulePack, rule: LoadedRule, example: Example, kind: str, index: int
) -> YamlDocument:
    name = f"{rule.file}#{rule.id}/{kind}[{index}]"
    document = parse_yaml(example.yaml, name)
    if isinstance(document.data, dict) and "plan" not in document.data:
        level = example.level or rule.rule.levels[0]
        document.data = {"plan": {**pack.manifest.example_plan, "level": level}, **document.data}
    return document


def run_example(pack: RulePack, rule: LoadedRule, example: Example, kind: str, index: int) -> ExampleResult:
    try:
        document = example_document(pack, rule, example, kind, index)
        plan = validate(document, Plan)
    except PlancheckError as exc:
        return ExampleResult(rule.id, kind, index, False, "example is not a valid plan: " + exc.format("en"))
    data = plan_data(plan)
    if plan.plan.level not in rule.rule.levels:
        return ExampleResult(
            rule.id, kind, index, False, f"level {plan.plan.level} is not one the rule applies to"
        )
    try:
        violations = run_rule(rule, data)
    except SelectorTooCostly as exc:
        return ExampleResult(rule.id, kind, index, False, exc.message.en)
    found = [(document.source_map.locate(v.location)[0].line, v.detail.en) for v in violations]
    if kind == "pass":
        ok = not violations
        return ExampleResult(
            rule.id, kind, index, ok, "" if ok else f"expected no finding, got {found}", found
        )
    expect = example.expect  # a failing example (a pack's model or its cached record)
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


def run_pack_examples(pack: RulePack, rules: list[LoadedRule] | None = None) -> list[ExampleResult]:
    """Every example of ``rules`` (default: all the pack's rules), passing ones first per rule."""
    results = []
    for rule in pack.rules if rules is None else rules:
        for i, example in enumerate(rule.rule.examples.passing):
            results.append(run_example(pack, rule, example, "pass", i))
        for i, example in enumerate(rule.rule.examples.failing):
            results.append(run_example(pack, rule, example, "fail", i))
    return results


def _function_nodes(node: CheckNode) -> list[FunctionNode]:
    if isinstance(node, FunctionNode):
        return [node]
    if isinstance(node, NotNode):
        return _function_nodes(node.child)
    return [leaf for child in node.children for leaf in _function_nodes(child)]


def selector_warnings(pack: RulePack, own: list[LoadedRule]) -> list[Problem]:
    """Selectors that match nothing in any of their rule's examples: such a rule may silently
    never fire, so the pack author is told at load time."""
    warnings = []
    for rule in own:
        datasets = []
        examples = [("pass", e) for e in rule.rule.examples.passing] + [
            ("fail", e) for e in rule.rule.examples.failing
        ]
        for index, (kind, example) in enumerate(examples):
            try:
                document = example_document(pack, rule, example, kind, index)
                datasets.append(plan_data(validate(document, Plan)))
            except PlancheckError:
                continue  # an invalid example is reported by the example run itself
        for leaf in _function_nodes(rule.check):
            try:
                found = any(leaf.selector.find(data) for data in datasets)
            except SelectorTooCostly as exc:  # over its time budget on an example: the pack's fault
                message = Message(f"规则 {rule.id}: {exc.message.zh}", f"rule {rule.id}: {exc.message.en}")
                raise RulePackError(
                    Problem(leaf.file, message, leaf.line, leaf.column, code="pack")
                ) from None
            if not found:
                warnings.append(
                    Problem(
                        leaf.file,
                        Message(
                            f"规则 {rule.id}: 选择器 '{leaf.selector.text}' 在本规则的任何示例中都匹配不到内容; 规则可能永远不会触发",
                            f"rule {rule.id}: selector '{leaf.selector.text}' matches nothing in any of the rule's "
                            "examples; the rule may never fire",
                        ),
                        leaf.line,
                        leaf.column,
                        code="pack",
                        warning=True,
                    )
                )
    return warnings
