"""The verify pipeline, step by step: read the file → validate the plan → pick the pack →
run the engine. The CLI only wires these together."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from plancheck.engine.check import check_plan
from plancheck.engine.findings import PlanReport
from plancheck.engine.waivers import check_waivers
from plancheck.errors import InputError, PlancheckError, Problem
from plancheck.i18n import Message
from plancheck.pack.ir import RulePack, load_pack_cached
from plancheck.pack.location import Origin, resolve_pack
from plancheck.plan.compiled import compiled_plan
from plancheck.read.inputs import shown_path
from plancheck.read.yamlfile import SourceMap, load_yaml

if TYPE_CHECKING:
    from plancheck.extract import Extraction
    from plancheck.plan.compiled import PlanObject
    from plancheck.plan.model import Plan

DEFAULT_FRAMEWORK = "anhui-11171"


@dataclass
class LoadedPlan:
    """A validated plan, with the file it came from and where each of its values was written."""

    file: str
    plan: Plan | PlanObject  # the model's instance, or the compiled validator's (same fields)
    source_map: SourceMap


def load_plan(path: Path | str, display: str | None = None) -> LoadedPlan:
    shown = display if display is not None else shown_path(path)
    document = load_yaml(path, shown)
    data = document.data
    compiled = compiled_plan()
    if isinstance(data, dict) and not set(data) & compiled.keys:
        raise InputError(
            Problem(
                shown,
                Message(
                    "这不是规划文件: 没有 plan: 等规划的键 (可用 plancheck init 生成规划骨架)",
                    "this is not a plan: it has none of a plan's keys such as plan: (plancheck init makes one)",
                ),
                1,
                1,
                code="not-a-plan",
            )
        )
    from plancheck.plan.core_library import extension

    invalid = extension().ValidationError
    try:
        plan: Plan | PlanObject = compiled.validate(data)
    except invalid:  # pydantic itself says what is wrong, and where
        from plancheck.plan.model import Plan
        from plancheck.read.validation import validate

        plan = validate(document, Plan)
    return LoadedPlan(shown, plan, document.source_map)


def load_named_pack(reference: str | None) -> RulePack:
    """The pack named by --rules (or the default framework), through the compiled cache; an
    unknown name is reported as --rules."""
    return load_pack_cached(resolve_pack(reference or DEFAULT_FRAMEWORK, origin=Origin("--rules")))


@dataclass
class PackCache:
    """Packs by reference, loaded once per run; ``forced`` overrides the plan's own framework."""

    forced: str | None = None
    packs: dict[str, RulePack] = field(default_factory=dict)
    resolved: dict[tuple[str, Path], Path] = field(default_factory=dict)

    @classmethod
    def with_rules(cls, rules: str | None) -> PackCache:
        """The cache for a run: with ``--rules``, that pack is loaded now (so that a broken or
        unknown pack stops the run before any plan is read)."""
        packs = cls(forced=rules)
        if rules is not None:
            packs.packs[rules] = load_named_pack(rules)
        return packs

    def for_document(self) -> tuple[RulePack, str, Path]:
        """The pack a document is read with (``--rules``, or the default framework), the
        framework reference the extracted plan names, and the pack's folder."""
        reference = self.forced if self.forced is not None else DEFAULT_FRAMEWORK
        directory = resolve_pack(reference, origin=Origin("--rules" if self.forced else reference))
        key = reference if self.forced is not None else str(directory)
        if key not in self.packs:
            self.packs[key] = load_pack_cached(directory)
        return self.packs[key], reference, directory

    def for_plan(self, loaded: LoadedPlan) -> RulePack:
        """The pack for a plan: ``--rules`` if given, else the framework the plan names (a
        bundled name, or a folder relative to the plan)."""
        if self.forced is not None:
            reference, directory = self.forced, None
        else:
            reference = loaded.plan.plan.framework
            folder = Path(loaded.file).parent
            directory = self.resolved.get((reference, folder))
            if directory is None:  # resolved once per framework and folder, not once per plan
                position, _ = loaded.source_map.locate(("plan", "framework"))
                directory = resolve_pack(
                    reference, folder, Origin(loaded.file, position.line, position.column)
                )
                self.resolved[(reference, folder)] = directory
        key = str(directory) if directory is not None else reference
        if key not in self.packs:
            self.packs[key] = load_pack_cached(directory if directory is not None else reference)
        return self.packs[key]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings of every pack loaded (a selector that matches none of its examples)."""
        return [w for pack in self.packs.values() for w in pack.warnings]

    def adopt(self, directories: set[str]) -> None:
        """Load the packs read elsewhere (by worker processes) that this run has not loaded,
        so that reports list their rules and their warnings are shown."""
        loaded = {str(pack.directory) for pack in self.packs.values()}
        for directory in sorted(directories - loaded):
            self.packs[directory] = load_pack_cached(directory)


def extract_document(path: Path | str, packs: PackCache, display: str | None = None) -> Extraction:
    """A plan drafted from a document (.docx, .txt, .md) with the pack's vocabulary."""
    from plancheck.extract import extract
    from plancheck.pack.vocabulary import load_vocabulary
    from plancheck.read.documents import read_document

    shown = display if display is not None else shown_path(path)
    document = read_document(path, shown)
    pack, framework, directory = packs.for_document()
    return extract(document, load_vocabulary(pack, directory), framework)


def load_document_plan(path: Path | str, packs: PackCache, display: str | None = None) -> LoadedPlan:
    """A document read as a plan: extracted, then validated; positions are document lines."""
    shown = display if display is not None else shown_path(path)
    from plancheck.plan.model import Plan

    extraction = extract_document(path, packs, shown)
    plan = Plan.model_validate(extraction.plan)
    return LoadedPlan(shown, plan, extraction.source_map())


def verify_path(
    path: Path | str, packs: PackCache, display: str | None = None, use_waivers: bool = True
) -> PlanReport:
    """One plan file checked; raises PlancheckError (with positions) if it cannot be. A plan
    document (.docx, .txt, .md) is extracted first and its findings point into the document."""
    from plancheck.read.inputs import is_document

    loaded = load_document_plan(path, packs, display) if is_document(path) else load_plan(path, display)
    pack = packs.for_plan(loaded)
    if use_waivers:
        check_waivers(loaded.plan, loaded.source_map, loaded.file, pack)
    return check_plan(loaded.plan, loaded.source_map, loaded.file, pack, use_waivers=use_waivers)


__all__ = [
    "LoadedPlan",
    "PackCache",
    "PlancheckError",
    "extract_document",
    "load_document_plan",
    "load_plan",
    "verify_path",
]
