"""The verify pipeline, step by step: read the file → validate the plan → pick the pack →
run the engine. The CLI only wires these together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from plancheck.engine.check import check_plan
from plancheck.engine.findings import PlanReport
from plancheck.engine.waivers import check_waivers
from plancheck.errors import PlancheckError, Problem
from plancheck.pack.cache import load_pack_cached
from plancheck.pack.ir import Pack
from plancheck.pack.location import Origin, pack_folders, resolve_pack
from plancheck.plan.data import PlanData
from plancheck.plan.load import load_plan
from plancheck.read.inputs import is_document, shown_path

if TYPE_CHECKING:
    from plancheck.extract import Extraction

DEFAULT_FRAMEWORK = "anhui-11171"


def load_named_pack(reference: str | None) -> Pack:
    """The pack named by --rules (or the default framework), through the compiled cache; an
    unknown name is reported as --rules."""
    return load_pack_cached(resolve_pack(reference or DEFAULT_FRAMEWORK, origin=Origin("--rules")))


@dataclass
class PackCache:
    """Packs by reference, loaded once per run; ``forced`` overrides the plan's own framework."""

    forced: str | None = None
    packs: dict[str, Pack] = field(default_factory=dict)
    resolved: dict[tuple[str, Path], Path] = field(default_factory=dict)
    documents: list[Problem] = field(default_factory=list)  # what a document's reading warns of

    @classmethod
    def with_rules(cls, rules: str | None) -> PackCache:
        """The cache for a run: with ``--rules``, that pack is loaded now (so that a broken or
        unknown pack stops the run before any plan is read)."""
        packs = cls(forced=rules)
        if rules is not None:
            packs.packs[rules] = load_named_pack(rules)
        return packs

    def for_document(self) -> tuple[Pack, str, Path]:
        """The pack a document is read with (``--rules``, or the default framework), the
        framework reference the extracted plan names, and the pack's folder."""
        reference = self.forced if self.forced is not None else DEFAULT_FRAMEWORK
        directory = resolve_pack(reference, origin=Origin("--rules" if self.forced else reference))
        key = reference if self.forced is not None else str(directory)
        if key not in self.packs:
            self.packs[key] = load_pack_cached(directory)
        return self.packs[key], reference, directory

    def for_plan(self, loaded: PlanData) -> Pack:
        """The pack for a plan: ``--rules`` if given, else the framework the plan names (a
        bundled name, or a folder relative to the plan)."""
        if self.forced is not None:
            reference, directory = self.forced, None
        else:
            reference = loaded.identity.framework
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
        return [w for pack in self.packs.values() for w in pack.warnings] + self.documents

    def folders(self, errors: Iterable[Problem] = ()) -> list[Path]:
        """The folders of every pack the run read (and of the packs they extend): inputs of the
        run, whether --rules named them or a plan's ``framework:`` did, that no report may go
        into. A pack that failed to load counts too: the one resolved here, and the one around
        a file an error names (a worker process's broken pack.yaml or catalogue)."""
        directories = [pack.directory for pack in self.packs.values()] + list(self.resolved.values())
        directories += [folder for folder in map(_pack_around, errors) if folder is not None]
        found: dict[str, Path] = {}
        for directory in directories:
            for folder in pack_folders(str(directory)):
                found.setdefault(str(folder), folder)
        return list(found.values())

    def adopt(self, directories: set[str]) -> None:
        """Load the packs read elsewhere (by worker processes) that this run has not loaded,
        so that reports list their rules and their warnings are shown."""
        loaded = {str(pack.directory) for pack in self.packs.values()}
        for directory in sorted(directories - loaded):
            self.packs[directory] = load_pack_cached(directory)


def _pack_around(problem: Problem) -> Path | None:
    """The rule pack folder (holding pack.yaml) that the problem's file is in, if any."""
    try:
        folder = Path(problem.file).resolve().parent
        for candidate in (folder, *list(folder.parents)[:8]):
            if (candidate / "pack.yaml").is_file():
                return candidate
    except (OSError, ValueError, RuntimeError):
        pass
    return None


def extract_document(path: Path | str, packs: PackCache, display: str | None = None) -> Extraction:
    """A plan drafted from a document (.docx, .txt, .md) with the pack's vocabulary."""
    from plancheck.extract import extract
    from plancheck.pack.vocabulary import load_vocabulary
    from plancheck.read.documents import read_document

    shown = display if display is not None else shown_path(path)
    document = read_document(path, shown)
    pack, framework, directory = packs.for_document()
    return extract(document, load_vocabulary(pack, directory), framework)


def load_document_plan(path: Path | str, packs: PackCache, display: str | None = None) -> PlanData:
    """A document read as a plan: extracted, then validated; positions are document lines."""
    from plancheck.plan.load import plan_of_model
    from plancheck.plan.model import Plan

    shown = display if display is not None else shown_path(path)
    extraction = extract_document(path, packs, shown)
    packs.documents.extend(extraction.warnings())
    return plan_of_model(Plan.model_validate(extraction.plan), shown, extraction.source_map())


def verify_path(
    path: Path | str, packs: PackCache, display: str | None = None, use_waivers: bool = True
) -> PlanReport:
    """One plan file checked; raises PlancheckError (with positions) if it cannot be. A plan
    document (.docx, .txt, .md) is extracted first and its findings point into the document."""
    loaded = load_document_plan(path, packs, display) if is_document(path) else load_plan(path, display)
    pack = packs.for_plan(loaded)
    if use_waivers:
        check_waivers(loaded, pack)
    return check_plan(loaded, pack, use_waivers=use_waivers)


__all__ = [
    "PackCache",
    "PlancheckError",
    "extract_document",
    "load_document_plan",
    "load_plan",
    "verify_path",
]
