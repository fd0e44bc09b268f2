"""Rule packs: folders of YAML that turn a framework into checks, validated as strictly as plans.

A pack folder holds ``pack.yaml`` (name, layers, the ``plan:`` block used around rule examples,
``extends`` and ``overrides``), ``catalogue.yaml`` (the framework's requirements) and
``rules/*.yaml`` (the rules). A rule's metadata is its documentation: titles, citation,
rationale, message and fix in Chinese and English, and passing and failing examples that
``plancheck rules test`` and the test-suite run.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError

from plancheck.errors import InputError, Problem, RulePackError
from plancheck.i18n import Bilingual, Message
from plancheck.pack.ir import (
    AllNode,
    AnyNode,
    CheckNode,
    FunctionNode,
    LoadedRule,
    NotNode,
    RulePack,
    Severity,
)
from plancheck.pack.location import Origin, resolve_pack
from plancheck.pack.options import OPTIONS
from plancheck.pack.selectors import Selector, SelectorError, compile_selector
from plancheck.plan.model import Level, Plan
from plancheck.read.validation import describe, validate, written_path
from plancheck.read.yamlfile import PathKey, YamlDocument, load_yaml

RULE_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"


class _Strict(BaseModel):
    # defer_build: a pack read from the cache is unpickled, never validated, so these models'
    # validators need not be built on that path (it saves most of their import cost)
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Localized(_Strict, Bilingual):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Citation(_Strict):
    section: str = Field(min_length=1, description="section of the framework text, e.g. 三、(二)")
    text: str = Field(min_length=1, description="the sentence quoted from the framework text")
    document: str | None = Field(None, description="the cited document when not the pack's framework")


class FunctionCheck(_Strict):
    select: str = Field(min_length=1, description="RFC 9535 JSONPath: where to look")
    function: str = Field(description="one of the check functions")
    options: dict[str, Any] = Field(default_factory=dict)


class AllCheck(_Strict):
    all: list[CheckSpec] = Field(min_length=1)


class AnyCheck(_Strict):
    any: list[CheckSpec] = Field(min_length=1)


class NotCheck(_Strict):
    not_: CheckSpec = Field(alias="not")


def _check_kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return f"~{key}"
    return "~function"


CheckSpec = Annotated[
    Annotated[FunctionCheck, Tag("~function")]
    | Annotated[AllCheck, Tag("~all")]
    | Annotated[AnyCheck, Tag("~any")]
    | Annotated[NotCheck, Tag("~not")],
    Discriminator(_check_kind),
]


class Example(_Strict):
    yaml: str = Field(description="a plan fragment; a plan: block is added when it has none")
    level: Level | None = Field(None, description="the plan level; default: the rule's first level")
    note: str | None = None


class Expected(_Strict):
    line: int = Field(ge=1, description="the line of the finding within the example")
    column: int | None = Field(None, ge=1)
    detail: str | None = Field(None, description="text the English detail must contain")


class FailingExample(Example):
    expect: Expected


class Examples(_Strict):
    passing: list[Example] = Field(alias="pass", min_length=1)
    failing: list[FailingExample] = Field(alias="fail", min_length=1)


class Rule(_Strict):
    id: str = Field(pattern=RULE_ID_PATTERN)
    title: Localized
    severity: Severity
    levels: list[Level] = Field(min_length=1)
    implements: list[str] = Field(min_length=1, description="catalogue ids")
    citation: Citation
    rationale: Localized
    message: Localized
    fix: Localized
    check: CheckSpec
    examples: Examples


class RuleFile(_Strict):
    rules: list[Rule] = Field(min_length=1)


class Layer(_Strict):
    id: str
    title: Localized
    framework: bool = Field(True, description="one of the framework's own layers (else cross-cutting)")
    section: str | None = Field(None, description="the plan's top-level key for this layer, if it has one")
    gate: bool = Field(
        False, description="its rules decide whether the pack applies at all: an error there stops the rest"
    )


class Requirement(_Strict):
    id: str
    layer: str
    title: Localized
    applies_to: list[Level] = Field(min_length=1)
    force: Literal["must", "should", "must not", "may"]
    source: str


class Catalogue(_Strict):
    requirements: list[Requirement] = Field(min_length=1)


class Manifest(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: Localized
    framework: Localized = Field(description="the document the pack encodes")
    province: str
    levels: list[Level] = Field(min_length=1)
    extends: str | None = None
    layers: list[Layer] = Field(default_factory=list)
    overrides: dict[str, Severity | Literal["off"]] = Field(default_factory=dict)
    example_plan: dict[str, Any] = Field(description="the plan: block placed around rule examples")
    docs_url: str | None = Field(None, description="where the pack's rule pages are published (helpUri base)")


# ----------------------------------------------------------------------------- loading


def _rule_label(document: YamlDocument, path: PathKey) -> Message:
    data = document.data
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        try:
            rule_id = data["rules"][path[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            rule_id = None
        if rule_id:
            return Message(f"规则 {rule_id}: ", f"rule {rule_id}: ")
    return Message("", "")


def _pack_problem(document: YamlDocument, path: PathKey, message: Message) -> Problem:
    position, _ = document.source_map.locate(path)
    return Problem(
        document.file,
        _rule_label(document, path).join(message, "", ""),
        position.line,
        position.column,
        code="pack",
    )


def _compile_check(
    spec: Any, document: YamlDocument, path: PathKey, problems: list[Problem]
) -> CheckNode | None:
    if isinstance(spec, AllCheck):
        kids = [_compile_check(c, document, (*path, "all", i), problems) for i, c in enumerate(spec.all)]
        return AllNode([k for k in kids if k is not None])
    if isinstance(spec, AnyCheck):
        kids = [_compile_check(c, document, (*path, "any", i), problems) for i, c in enumerate(spec.any)]
        return AnyNode([k for k in kids if k is not None])
    if isinstance(spec, NotCheck):
        child = _compile_check(spec.not_, document, (*path, "not"), problems)
        return NotNode(child) if child is not None else None
    assert isinstance(spec, FunctionCheck)
    ok = True
    try:
        selector = compile_selector(spec.select)
        selector.written = written_path(Plan, selector.prefix)
    except SelectorError as exc:
        problems.append(
            _pack_problem(
                document,
                (*path, "select"),
                Message(
                    f"选择器 '{spec.select}' 无法解析: {exc}",
                    f"selector '{spec.select}' does not parse: {exc}",
                ),
            )
        )
        ok = False
    options_model = OPTIONS.get(spec.function)
    if options_model is None:
        known = ", ".join(sorted(OPTIONS))
        problems.append(
            _pack_problem(
                document,
                (*path, "function"),
                Message(
                    f"未知的检查函数 '{spec.function}'; 可用: {known}",
                    f"unknown check function '{spec.function}'; known: {known}",
                ),
            )
        )
        return None
    try:
        options = options_model.model_validate(spec.options)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, message = describe(error, options_model)
            problems.append(_pack_problem(document, (*path, "options", *loc), message))
        return None
    if not ok:
        return None
    unknown = _unknown_selector_key(selector)
    if unknown is not None:
        problems.append(_pack_problem(document, (*path, "select"), unknown))
        return None
    position, _ = document.source_map.locate((*path, "select"))
    return FunctionNode(selector, spec.function, options, document.file, position.line, position.column)


def _unknown_selector_key(selector: Selector) -> Message | None:
    """A selector whose fixed keys (before any wildcard or filter) are not in the plan schema
    can never match; say which key and what was probably meant."""
    import difflib

    from plancheck.plan.model import EXTENSION_PREFIX, Plan
    from plancheck.read.validation import allowed_keys

    for depth, key in enumerate(selector.prefix):
        if isinstance(key, int) or key.startswith(EXTENSION_PREFIX):
            continue
        allowed = allowed_keys(Plan, selector.prefix[:depth])
        if allowed and key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint_zh = f"; 是否想写 '{close[0]}'?" if close else f"; 此处允许: {', '.join(allowed)}"
            hint_en = f"; did you mean '{close[0]}'?" if close else f"; allowed here: {', '.join(allowed)}"
            return Message(
                f"选择器 '{selector.text}' 中的键 '{key}' 不在规划结构中, 永远不会匹配{hint_zh}",
                f"selector '{selector.text}' names '{key}', which plans do not have, so it can never match{hint_en}",
            )
    return None


def _origin(document: YamlDocument, path: PathKey) -> Origin:
    position, _ = document.source_map.locate(path)
    return Origin(document.file, position.line, position.column)


def _check_source(document: YamlDocument, lines: list[str], index: int) -> str:
    """The lines of a rule's ``check:`` block as its author wrote them."""
    rule_data = document.data["rules"][index]
    keys = list(rule_data)
    start = document.source_map.locate(("rules", index, "check"))[0].line
    following = keys[keys.index("check") + 1 :]
    if following:
        end = document.source_map.locate(("rules", index, following[0]))[0].line - 1
    elif index + 1 < len(document.data["rules"]):
        end = document.source_map.locate(("rules", index + 1))[0].line - 1
    else:
        end = None
    lines = lines[start - 1 : end]
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    return "\n".join(x[indent:] for x in lines).rstrip()


def _read(path: Path, model: type[Any]) -> tuple[YamlDocument, Any]:
    try:
        document = load_yaml(path)
    except InputError as exc:
        raise RulePackError(exc.problems) from None
    return document, validate(
        document, model, code="pack", error=RulePackError, prefix=lambda path: _rule_label(document, path)
    )


def load_pack(reference: str | Path, _chain: tuple[Path, ...] = ()) -> RulePack:
    """Load, validate and compile a pack (and the packs it extends)."""
    directory = resolve_pack(str(reference)).resolve()
    if directory in _chain:
        cycle = " → ".join(p.name for p in (*_chain, directory))
        raise RulePackError(
            Problem(
                str(directory / "pack.yaml"),
                Message(f"extends 形成循环: {cycle}", f"extends forms a cycle: {cycle}"),
                code="pack",
            )
        )
    manifest_doc, manifest = _read(directory / "pack.yaml", Manifest)
    base = (
        load_pack(
            resolve_pack(manifest.extends, directory, _origin(manifest_doc, ("extends",))),
            (*_chain, directory),
        )
        if manifest.extends
        else None
    )

    requirements: dict[str, Requirement] = dict(base.requirements) if base else {}
    catalogue_path = directory / "catalogue.yaml"
    if catalogue_path.is_file():
        _, catalogue = _read(catalogue_path, Catalogue)
        for req in catalogue.requirements:
            requirements[req.id] = req
    layers = manifest.layers or (base.layers if base else [])

    problems: list[Problem] = []
    rules: list[LoadedRule] = list(base.rules) if base else []
    seen = {r.id: r for r in rules}
    rule_dir = directory / "rules"
    files = sorted(rule_dir.glob("*.yaml")) + sorted(rule_dir.glob("*.yml")) if rule_dir.is_dir() else []
    for path in files:
        document, rule_file = _read(path, RuleFile)
        source_lines = path.read_text(encoding="utf-8-sig").splitlines()
        for index, rule in enumerate(rule_file.rules):
            rule_path: PathKey = ("rules", index)
            line = document.source_map.locate(rule_path)[0].line
            if rule.id in seen:
                other = seen[rule.id]
                problems.append(
                    _pack_problem(
                        document,
                        (*rule_path, "id"),
                        Message(
                            f"重复的规则 id (已在 {other.file}:{other.line} 定义)",
                            f"duplicate rule id (already defined at {other.file}:{other.line})",
                        ),
                    )
                )
                continue
            for cid in rule.implements:
                if cid not in requirements:
                    problems.append(
                        _pack_problem(
                            document,
                            (*rule_path, "implements"),
                            Message(f"目录中没有条目 '{cid}'", f"the catalogue has no requirement '{cid}'"),
                        )
                    )
            check = _compile_check(rule.check, document, (*rule_path, "check"), problems)
            if check is None:
                continue
            loaded = LoadedRule(
                rule,
                check,
                document.file,
                line,
                rule.severity,
                manifest.name,
                _check_source(document, source_lines, index),
            )
            rules.append(loaded)
            seen[rule.id] = loaded
    disabled = list(base.disabled) if base else []
    for rule_id, setting in manifest.overrides.items():
        target = seen.get(rule_id)
        if target is None:
            problems.append(
                _pack_problem(
                    manifest_doc,
                    ("overrides", rule_id),
                    Message(
                        f"overrides 指向不存在的规则 '{rule_id}'", f"overrides names no rule '{rule_id}'"
                    ),
                )
            )
        elif setting == "off":
            disabled.append(rule_id)
        else:
            target_copy = dataclasses.replace(target, severity=setting)  # the same rule, another severity
            rules[rules.index(target)] = target_copy
            seen[rule_id] = target_copy
    for layer_id in {req.layer for req in requirements.values()} - {layer.id for layer in layers}:
        problems.append(
            _pack_problem(
                manifest_doc,
                ("layers",),
                Message(
                    f"目录条目使用了未定义的层 '{layer_id}'",
                    f"the catalogue uses an undeclared layer '{layer_id}'",
                ),
            )
        )
    if problems:
        raise RulePackError(problems)
    active = [r for r in rules if r.id not in disabled]
    pack = RulePack(manifest, directory, requirements, layers, active, disabled)
    from plancheck.authoring.examples import selector_warnings

    pack.warnings = selector_warnings(pack, own=[r for r in active if r.pack == manifest.name])
    return pack
