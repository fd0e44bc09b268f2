"""``plancheck rules test``: what a rule author runs in CI. Every rule's passing and failing
examples are run, and the pack's coverage is checked: catalogue requirements with no rule,
rules without a failing example, selectors that match nothing in any example."""

from __future__ import annotations

from dataclasses import dataclass, field

from plancheck.authoring.examples import ExampleResult, run_pack_examples
from plancheck.authoring.listing import coverage
from plancheck.errors import Problem
from plancheck.i18n import Lang, Message
from plancheck.pack.ir import Pack


@dataclass
class PackTest:
    pack: Pack
    results: list[ExampleResult]
    uncovered: list[str] = field(default_factory=list)
    without_failing_example: list[str] = field(default_factory=list)
    selector_warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            all(r.ok for r in self.results)
            and not self.uncovered
            and not self.without_failing_example
            and not self.selector_warnings
        )


def test_pack(pack: Pack) -> PackTest:
    """Run the examples of the pack's own rules (not those it extends) and check coverage."""
    own = [rule for rule in pack.rules if rule.pack == pack.name]
    return PackTest(
        pack,
        run_pack_examples(pack, own),
        uncovered=[cid for cid, rules in coverage(pack).items() if not rules],
        without_failing_example=[r.id for r in own if not r.failing],
        selector_warnings=list(pack.warnings),
    )


def render_pack_test(outcome: PackTest, lang: Lang) -> str:
    lines = []
    by_rule: dict[str, list[ExampleResult]] = {}
    for result in outcome.results:
        by_rule.setdefault(result.rule_id, []).append(result)
    for rule_id, results in by_rule.items():
        wrong = [r for r in results if not r.ok]
        mark = "ok  " if not wrong else "FAIL"
        counts = Message(
            f"{sum(r.kind == 'pass' for r in results)} 个合格示例，{sum(r.kind == 'fail' for r in results)} 个不合格示例",
            f"{sum(r.kind == 'pass' for r in results)} passing, {sum(r.kind == 'fail' for r in results)} failing examples",
        )
        lines.append(
            f"{mark} {rule_id}  （{counts.zh}）" if lang == "zh" else f"{mark} {rule_id}  ({counts.en})"
        )
        for r in wrong:
            lines.append(f"       {r.kind}[{r.index}]: {r.reason}")
    if outcome.uncovered:
        label = Message("没有规则实现的需求", "requirements no rule implements")
        lines.append(f"FAIL {label.pick(lang)}: {', '.join(outcome.uncovered)}")
    if outcome.without_failing_example:
        label = Message("没有不合格示例的规则", "rules without a failing example")
        lines.append(f"FAIL {label.pick(lang)}: {', '.join(outcome.without_failing_example)}")
    for warning in outcome.selector_warnings:
        lines.append(f"FAIL {warning.format(lang)}")
    passed = sum(r.ok for r in outcome.results)
    failed = len(outcome.results) - passed
    n_rules = len(by_rule)
    covered = len(coverage(outcome.pack)) - len(outcome.uncovered)
    total = len(coverage(outcome.pack))
    lines.append(
        Message(
            f"{outcome.pack.name}：{n_rules} 条规则，需求目录 {covered}/{total} 项已实现",
            f"{outcome.pack.name}: {n_rules} rules, {covered}/{total} catalogue requirements implemented",
        ).pick(lang)
    )
    # the plain closing line CI reads
    lines.append(f"examples: {passed} passed, {failed} failed")
    return "\n".join(lines) + "\n"
