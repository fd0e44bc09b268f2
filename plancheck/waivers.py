"""Waivers: reviewer-approved exceptions written in the plan. Here they are checked against the
pack (a waiver must name a rule or requirement the pack has, and a path that parses)."""

from __future__ import annotations

from plancheck.errors import InputError, Problem
from plancheck.i18n import Message
from plancheck.model import Plan
from plancheck.rulepack import RulePack
from plancheck.selectors import SelectorError, compile_selector
from plancheck.yamlfile import SourceMap


def check_waivers(plan: Plan, source_map: SourceMap, file: str, pack: RulePack) -> None:
    """An InputError naming every waiver that cannot mean anything for this pack."""
    problems = []
    known = {rule.id for rule in pack.rules} | set(pack.disabled) | set(pack.requirements)
    for index, waiver in enumerate(plan.waivers):
        if waiver.rule not in known:
            position, _ = source_map.locate(("waivers", index, "rule"))
            problems.append(
                Problem(
                    file,
                    Message(
                        f"豁免指向的规则或条目 '{waiver.rule}' 不在规则包 {pack.name} 中",
                        f"the waiver names '{waiver.rule}', which is neither a rule nor a requirement of {pack.name}",
                    ),
                    position.line,
                    position.column,
                    code="waiver",
                )
            )
        if waiver.path is not None:
            try:
                compile_selector(waiver.path)
            except SelectorError as exc:
                position, _ = source_map.locate(("waivers", index, "path"))
                problems.append(
                    Problem(
                        file,
                        Message(
                            f"豁免的 path 不是有效的 JSONPath: {exc}",
                            f"the waiver's path is not a valid JSONPath: {exc}",
                        ),
                        position.line,
                        position.column,
                        code="waiver",
                    )
                )
    if problems:
        raise InputError(problems)
