"""The verify pipeline, step by step: read the file → validate the plan → pick the pack →
run the engine. The CLI only wires these together."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plancheck.engine import check_plan
from plancheck.errors import InputError, PlancheckError, Problem
from plancheck.findings import PlanReport
from plancheck.i18n import Message
from plancheck.model import Plan
from plancheck.rulepack import RulePack, bundled_pack_names, load_pack
from plancheck.validation import validate
from plancheck.yamlfile import SourceMap, load_yaml


@dataclass
class LoadedPlan:
    file: str
    plan: Plan
    source_map: SourceMap


def load_plan(path: Path | str, display: str | None = None) -> LoadedPlan:
    shown = display if display is not None else str(path)
    document = load_yaml(path, shown)
    return LoadedPlan(shown, validate(document, Plan), document.source_map)


@dataclass
class PackCache:
    """Packs by reference, loaded once per run; ``forced`` overrides the plan's own framework."""

    forced: str | None = None
    packs: dict[str, RulePack] = field(default_factory=dict)

    def for_plan(self, loaded: LoadedPlan) -> RulePack:
        reference = self.forced or loaded.plan.plan.framework
        if reference not in self.packs:
            if self.forced is None and "/" not in reference and reference not in bundled_pack_names():
                position, _ = loaded.source_map.locate(("plan", "framework"))
                known = ", ".join(bundled_pack_names())
                raise InputError(
                    Problem(
                        loaded.file,
                        Message(
                            f"未知的框架 '{reference}': 内置规则包有 {known}; 其他规则包请用 --rules 指定",
                            f"unknown framework '{reference}': the bundled packs are {known}; "
                            "give any other pack with --rules",
                        ),
                        position.line,
                        position.column,
                        code="framework",
                    )
                )
            self.packs[reference] = load_pack(reference)
        return self.packs[reference]


def verify_path(path: Path | str, packs: PackCache, display: str | None = None) -> PlanReport:
    """One plan file checked; raises PlancheckError (with positions) if it cannot be."""
    loaded = load_plan(path, display)
    pack = packs.for_plan(loaded)
    return check_plan(loaded.plan, loaded.source_map, loaded.file, pack)


__all__ = ["LoadedPlan", "PackCache", "PlancheckError", "load_plan", "verify_path"]
