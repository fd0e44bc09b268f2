"""Loading a rule pack folder: read and validate its files (``pack.spec``), follow ``extends``,
apply ``overrides``, compile everything (``pack.compile``) into the pack the engine runs
(``pack.ir``), and warn of selectors that match none of their rule's examples."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from plancheck.errors import InputError, Problem, RulePackError
from plancheck.i18n import Message
from plancheck.pack import ir, spec
from plancheck.pack.compile import (
    check_source,
    compile_check,
    compile_layer,
    compile_requirement,
    compile_rule,
    pack_problem,
    rule_label,
)
from plancheck.pack.examples import selector_warnings
from plancheck.pack.location import Origin, resolve_pack
from plancheck.plan.statements import DEFAULT_MARKERS, Markers
from plancheck.read.textfile import present
from plancheck.read.validation import validate
from plancheck.read.yamlfile import PathKey, YamlDocument, load_yaml


def _read(path: Path, model: type[Any]) -> tuple[YamlDocument, Any]:
    try:
        document = load_yaml(path)
    except InputError as exc:
        raise RulePackError(exc.problems) from None
    return document, validate(
        document, model, code="pack", error=RulePackError, prefix=lambda at: rule_label(document, at)
    )


def _origin(document: YamlDocument, path: PathKey) -> Origin:
    position, _ = document.source_map.locate(path)
    return Origin(document.file, position.line, position.column)


@dataclass
class _Building:
    """A pack as it is put together: what it inherits, then its own catalogue and rules."""

    name: str
    requirements: dict[str, ir.Requirement]
    rules: list[ir.Rule]
    disabled: list[str]
    problems: list[Problem] = field(default_factory=list)

    def layer_of(self, implements: list[str]) -> str:
        found = (self.requirements.get(cid) for cid in implements)
        return next((req.layer for req in found if req is not None), "other")

    def reads(self, implements: list[str]) -> ir.ReadForce:
        """How a rule reads statements: as a *should* when its requirements are all should or
        may (a tentative 探索 clause meets them), else as a *must*."""
        forces = [self.requirements[cid].force for cid in implements if cid in self.requirements]
        return "should" if forces and all(ir.read_force(f) == "should" for f in forces) else "must"

    def add_rule_file(self, path: Path) -> None:
        document, rule_file = _read(path, spec.RuleFile)
        source_lines = path.read_text(encoding="utf-8-sig").splitlines()
        seen = {r.id: r for r in self.rules}
        for index, rule in enumerate(rule_file.rules):
            at: PathKey = ("rules", index)
            if rule.id in seen:
                other = seen[rule.id]
                self.problems.append(
                    pack_problem(
                        document,
                        (*at, "id"),
                        Message(
                            f"重复的规则 id (已在 {other.file}:{other.line} 定义)",
                            f"duplicate rule id (already defined at {other.file}:{other.line})",
                        ),
                    )
                )
                continue
            for cid in rule.implements:
                if cid not in self.requirements:
                    self.problems.append(
                        pack_problem(
                            document,
                            (*at, "implements"),
                            Message(f"目录中没有条目 '{cid}'", f"the catalogue has no requirement '{cid}'"),
                        )
                    )
            check = compile_check(rule.check, document, (*at, "check"), self.problems)
            if check is None:
                continue
            compiled = compile_rule(
                rule,
                check,
                layer=self.layer_of(rule.implements),
                file=document.file,
                line=document.source_map.locate(at)[0].line,
                pack=self.name,
                source=check_source(document, source_lines, index),
            )
            self.rules.append(compiled)
            seen[rule.id] = compiled

    def override(
        self, manifest_doc: YamlDocument, overrides: Mapping[str, ir.Severity | Literal["off"]]
    ) -> None:
        index = {r.id: i for i, r in enumerate(self.rules)}
        for rule_id, setting in overrides.items():
            if rule_id not in index:
                self.problems.append(
                    pack_problem(
                        manifest_doc,
                        ("overrides", rule_id),
                        Message(
                            f"overrides 指向不存在的规则 '{rule_id}'", f"overrides names no rule '{rule_id}'"
                        ),
                    )
                )
            elif setting == "off":
                self.disabled.append(rule_id)
            else:  # the same rule, another severity
                self.rules[index[rule_id]] = replace(self.rules[index[rule_id]], severity=setting)


def _cycle(directory: Path, chain: tuple[Path, ...]) -> RulePackError:
    cycle = " → ".join(p.name for p in (*chain, directory))
    return RulePackError(
        Problem(
            str(directory / "pack.yaml"),
            Message(f"extends 形成循环: {cycle}", f"extends forms a cycle: {cycle}"),
            code="pack",
        )
    )


def _rule_files(directory: Path) -> list[Path]:
    rule_dir = directory / "rules"
    if not rule_dir.is_dir():
        return []
    return sorted(rule_dir.glob("*.yaml")) + sorted(rule_dir.glob("*.yml"))


def _markers(words: dict[str, list[str]], base: Markers) -> Markers:
    """The pack's statement markers: its own lists over those of the pack it extends."""
    return Markers.from_mapping(words, base) if words else base


def load_pack(reference: str | Path, _chain: tuple[Path, ...] = ()) -> ir.Pack:
    """Load, validate and compile a pack (and the packs it extends)."""
    directory = resolve_pack(str(reference)).resolve()
    if directory in _chain:
        raise _cycle(directory, _chain)
    manifest_doc, manifest = _read(directory / "pack.yaml", spec.Manifest)
    base = None
    if manifest.extends:
        origin = _origin(manifest_doc, ("extends",))
        base = load_pack(resolve_pack(manifest.extends, directory, origin), (*_chain, directory))

    building = _Building(
        manifest.name,
        dict(base.requirements) if base else {},
        list(base.rules) if base else [],
        list(base.disabled) if base else [],
    )
    catalogue_path = directory / "catalogue.yaml"
    if present(catalogue_path):  # a pipe or device there is refused, not passed over
        _, catalogue = _read(catalogue_path, spec.Catalogue)
        building.requirements.update({req.id: compile_requirement(req) for req in catalogue.requirements})
    layers = tuple(compile_layer(layer) for layer in manifest.layers) or (base.layers if base else ())
    for path in _rule_files(directory):
        building.add_rule_file(path)
    building.override(manifest_doc, manifest.overrides)
    for layer_id in sorted({req.layer for req in building.requirements.values()} - {x.id for x in layers}):
        building.problems.append(
            pack_problem(
                manifest_doc,
                ("layers",),
                Message(
                    f"目录条目使用了未定义的层 '{layer_id}'",
                    f"the catalogue uses an undeclared layer '{layer_id}'",
                ),
            )
        )
    if building.problems:
        raise RulePackError(building.problems)
    pack = ir.Pack(
        name=manifest.name,
        version=manifest.version,
        title=manifest.title.message(),
        framework=manifest.framework.message(),
        province=manifest.province,
        levels=tuple(manifest.levels),
        directory=directory,
        requirements=building.requirements,
        layers=layers,
        # a rule's layer is that of its first requirement in the whole catalogue, its own and inherited
        rules=tuple(
            replace(r, layer=building.layer_of(list(r.implements)), reads=building.reads(list(r.implements)))
            for r in building.rules
            if r.id not in building.disabled
        ),
        example_plan=manifest.example_plan,
        docs_url=manifest.docs_url,
        extends=manifest.extends,
        disabled=tuple(building.disabled),
        markers=_markers(manifest.markers, base.markers if base else DEFAULT_MARKERS),
    )
    own = [r for r in pack.rules if r.pack == manifest.name]
    return replace(pack, warnings=tuple(selector_warnings(pack, own)))
