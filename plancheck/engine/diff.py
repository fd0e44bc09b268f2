"""What changed between two versions of a plan: findings matched by ``(rule_id, logical_path)``
— not by the fingerprint, which includes the file name, and not by the line, which moves with
every edit — into fixed (only in the old version), introduced (only in the new one) and
unchanged; and the catalogue requirements whose status changed (old → new)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from plancheck.engine.findings import SEVERITY_RANK, Finding, PlanReport
from plancheck.i18n import Lang, Message


@dataclass
class RequirementChange:
    id: str
    title: Message
    layer: str
    old: str | None  # None: the requirement is not in that version's pack
    new: str | None

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.pick(lang),
            "layer": self.layer,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class PlanDiff:
    old: PlanReport
    new: PlanReport
    fixed: list[Finding]
    introduced: list[Finding]
    unchanged: list[tuple[Finding, Finding]]  # (old, new)
    requirements: list[RequirementChange]

    def failing(self, fail_on: str) -> list[Finding]:
        """Introduced findings at or above ``fail_on`` that count (not waived)."""
        rank = SEVERITY_RANK[fail_on]
        return [f for f in self.introduced if f.counts and SEVERITY_RANK[f.severity] >= rank]


def match_key(finding: Finding) -> tuple[str, str]:
    return finding.rule_id, finding.logical_path


def compare(old: PlanReport, new: PlanReport) -> PlanDiff:
    """Findings paired by (rule, logical path), in report order; requirement status changes in
    the new version's catalogue order (then any only the old one has)."""
    waiting: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in old.findings:
        waiting[match_key(finding)].append(finding)
    introduced: list[Finding] = []
    unchanged: list[tuple[Finding, Finding]] = []
    for finding in new.findings:
        same = waiting.get(match_key(finding))
        if same:
            unchanged.append((same.pop(0), finding))
        else:
            introduced.append(finding)
    paired = {id(o) for o, _ in unchanged}
    fixed = [f for f in old.findings if id(f) not in paired]
    before = {r.id: r for r in old.requirements}
    after = {r.id: r for r in new.requirements}
    changes = []
    for rid in [*after, *(r for r in before if r not in after)]:
        a, b = before.get(rid), after.get(rid)
        old_status, new_status = (a.status if a else None), (b.status if b else None)
        if old_status != new_status:
            source = b or a
            assert source is not None
            changes.append(RequirementChange(rid, source.title, source.layer, old_status, new_status))
    return PlanDiff(old, new, fixed, introduced, unchanged, changes)
