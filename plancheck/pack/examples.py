"""A rule's examples as plans: each example is a plan fragment, placed in the pack's ``plan:``
block when it has none. Used when a pack is loaded (a selector that matches none of its rule's
examples is warned of) and when the examples are run (``authoring.examples``)."""

from __future__ import annotations

from plancheck.errors import PlancheckError, Problem, RulePackError
from plancheck.i18n import Message
from plancheck.pack import ir
from plancheck.pack.selectors import SelectorTooCostly
from plancheck.plan.data import PlanData
from plancheck.plan.load import plan_of_model
from plancheck.plan.model import Plan
from plancheck.read.validation import validate
from plancheck.read.yamlfile import YamlDocument, parse_yaml


def example_document(
    pack: ir.Pack, rule: ir.Rule, example: ir.Example, kind: str, index: int
) -> YamlDocument:
    name = f"{rule.file}#{rule.id}/{kind}[{index}]"
    document = parse_yaml(example.yaml, name)
    if isinstance(document.data, dict) and "plan" not in document.data:
        level = example.level or rule.levels[0]
        document.data = {"plan": {**pack.example_plan, "level": level}, **document.data}
    return document


def example_plan(document: YamlDocument) -> PlanData:
    """The example as a plan; PlancheckError when it is not a valid one."""
    return plan_of_model(validate(document, Plan), document.file, document.source_map)


def examples_of(rule: ir.Rule) -> list[tuple[str, ir.Example]]:
    """The rule's examples, passing ones first, each with its kind ("pass" or "fail")."""
    return [("pass", e) for e in rule.passing] + [("fail", e) for e in rule.failing]


def selector_warnings(pack: ir.Pack, own: list[ir.Rule]) -> list[Problem]:
    """Selectors that match nothing in any of their rule's examples: such a rule may silently
    never fire, so the pack author is told at load time."""
    warnings = []
    for rule in own:
        datasets = []
        for index, (kind, example) in enumerate(examples_of(rule)):
            try:
                datasets.append(example_plan(example_document(pack, rule, example, kind, index)).data)
            except PlancheckError:
                continue  # an invalid example is reported by the example run itself
        for leaf in ir.calls(rule.check):
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
