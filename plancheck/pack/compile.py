"""From a pack's validated specification (``pack.spec``) to what the engine runs (``pack.ir``):
one explicit step per kind of thing, each problem reported at its file, line and column."""

from __future__ import annotations

import difflib

from pydantic import ValidationError

from plancheck.errors import Problem
from plancheck.i18n import Message, zh
from plancheck.pack import ir, spec
from plancheck.pack.options import (
    OPTIONS,
    AgreesOptions,
    AtLeastOptions,
    BuildsOwnOptions,
    CoversOptions,
    ForbiddenOptions,
    MatchesOptions,
    Options,
    ReliesOnOptions,
    TextOptions,
    WhereOptions,
    YearBoundOptions,
)
from plancheck.pack.selectors import Selector, SelectorError, compile_selector
from plancheck.plan.model import EXTENSION_PREFIX, Plan
from plancheck.plan.statements import Polarity
from plancheck.read.validation import allowed_keys, describe, written_path
from plancheck.read.yamlfile import PathKey, YamlDocument


def rule_label(document: YamlDocument, path: PathKey) -> Message:
    """``rule ID: `` for a problem inside a rule of a rule file, else nothing."""
    data = document.data
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        try:
            rule_id = data["rules"][path[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            rule_id = None
        if rule_id:
            return Message(f"规则 {rule_id}: ", f"rule {rule_id}: ")
    return Message("", "")


def pack_problem(document: YamlDocument, path: PathKey, message: Message) -> Problem:
    position, _ = document.source_map.locate(path)
    return Problem(
        document.file,
        rule_label(document, path).join(message, "", ""),
        position.line,
        position.column,
        code="pack",
    )


def _where(where: dict[str, list[str]] | None) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    return None if where is None else tuple((k, tuple(v)) for k, v in where.items())


def compile_options(model: Options) -> ir.Options:
    """A check function's validated options as the engine runs them."""
    if isinstance(model, CoversOptions):
        items = tuple(ir.RequiredTerms(i.label, tuple(i.terms), tuple(i.exclude)) for i in model.items)
        return ir.Covers(items, model.in_order)
    if isinstance(model, TextOptions):
        label = None if model.label is None else Message(zh(model.label.zh), model.label.en)
        where = _where(model.where) if isinstance(model, ForbiddenOptions) else None
        terms = None if model.terms is None else tuple(model.terms)
        denied_only = isinstance(model, MatchesOptions) and model.denied_only
        return ir.TextSearch(model.pattern, terms, label, where, denied_only)
    if isinstance(model, WhereOptions):
        return ir.Where(_where(model.where))
    if isinstance(model, AtLeastOptions):
        return ir.AtLeast(model.quantity, model.min, model.whole)
    if isinstance(model, YearBoundOptions):
        return ir.YearBound(model.bound)
    return _compile_reading(model)


def _compile_reading(model: Options) -> ir.Options:
    """The options of the functions that read who builds and what agrees."""
    if isinstance(model, AgreesOptions):
        other = compile_selector(model.other)
        other.written = written_path(Plan, other.prefix)
        return ir.Agrees(other, model.quantity, tuple(model.about), model.agree_with)
    if isinstance(model, BuildsOwnOptions):
        return ir.BuildsOwn(
            tuple(model.terms),
            Message(model.label.zh, model.label.en),
            tuple(model.exclude),
            tuple(model.verbs),
            tuple(Polarity(p) for p in model.polarities),
        )
    if isinstance(model, ReliesOnOptions):
        return ir.ReliesOn(model.level, Message(model.label.zh, model.label.en), tuple(model.terms))
    return ir.NoOptions()


def compile_check(
    check: spec.CheckSpec, document: YamlDocument, path: PathKey, problems: list[Problem]
) -> ir.Check | None:
    """A rule's check as the engine runs it; None (with the problems recorded) when it cannot be."""
    if isinstance(check, spec.AllCheck):
        kids = [compile_check(c, document, (*path, "all", i), problems) for i, c in enumerate(check.all)]
        return ir.All(tuple(k for k in kids if k is not None))
    if isinstance(check, spec.AnyCheck):
        kids = [compile_check(c, document, (*path, "any", i), problems) for i, c in enumerate(check.any)]
        return ir.AnyOf(tuple(k for k in kids if k is not None))
    if isinstance(check, spec.NotCheck):
        child = compile_check(check.not_, document, (*path, "not"), problems)
        return ir.Not(child) if child is not None else None
    return _compile_call(check, document, path, problems)


def _compile_call(
    check: spec.FunctionCheck, document: YamlDocument, path: PathKey, problems: list[Problem]
) -> ir.Call | None:
    selector: Selector | None = None
    try:
        selector = compile_selector(check.select)
        selector.written = written_path(Plan, selector.prefix)
    except SelectorError as exc:
        problems.append(
            pack_problem(
                document,
                (*path, "select"),
                Message(
                    f"选择器 '{check.select}' 无法解析: {exc}",
                    f"selector '{check.select}' does not parse: {exc}",
                ),
            )
        )
    options_model = OPTIONS.get(check.function)
    if options_model is None:
        known = ", ".join(sorted(OPTIONS))
        problems.append(
            pack_problem(
                document,
                (*path, "function"),
                Message(
                    f"未知的检查函数 '{check.function}'; 可用: {known}",
                    f"unknown check function '{check.function}'; known: {known}",
                ),
            )
        )
        return None
    try:
        options = options_model.model_validate(check.options)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, message = describe(error, options_model)
            problems.append(pack_problem(document, (*path, "options", *loc), message))
        return None
    if selector is None:
        return None
    unknown = _unknown_selector_key(selector)
    if unknown is not None:
        problems.append(pack_problem(document, (*path, "select"), unknown))
        return None
    if isinstance(options, AgreesOptions):
        other = _unknown_selector_key(compile_selector(options.other))
        if other is not None:
            problems.append(pack_problem(document, (*path, "options", "other"), other))
            return None
    position, _ = document.source_map.locate((*path, "select"))
    return ir.Call(
        selector, check.function, compile_options(options), document.file, position.line, position.column
    )


def _unknown_selector_key(selector: Selector) -> Message | None:
    """A selector whose fixed keys (before any wildcard or filter) are not in the plan schema
    can never match; say which key and what was probably meant."""
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


def check_source(document: YamlDocument, lines: list[str], index: int) -> str:
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


def _example(example: spec.Example) -> ir.Example:
    expect = None
    if isinstance(example, spec.FailingExample):
        e = example.expect
        expect = ir.Expected(e.line, e.column, e.detail)
    return ir.Example(example.yaml, example.level, example.note, expect)


def compile_rule(
    rule: spec.Rule,
    check: ir.Check,
    *,
    layer: str,
    file: str,
    line: int,
    pack: str,
    source: str,
) -> ir.Rule:
    """A validated rule, with its compiled check, as the engine runs it."""
    return ir.Rule(
        id=rule.id,
        title=rule.title.message(),
        severity=rule.severity,
        levels=tuple(rule.levels),
        implements=tuple(rule.implements),
        layer=layer,
        citation=ir.Citation(rule.citation.section, zh(rule.citation.text), rule.citation.document),
        rationale=rule.rationale.message(),
        message=rule.message.message(),
        fix=rule.fix.message(),
        check=check,
        passing=tuple(_example(e) for e in rule.examples.passing),
        failing=tuple(_example(e) for e in rule.examples.failing),
        file=file,
        line=line,
        pack=pack,
        check_source=source,
    )


def compile_requirement(req: spec.Requirement) -> ir.Requirement:
    return ir.Requirement(
        req.id, req.layer, req.title.message(), tuple(req.applies_to), req.force, req.source, req.basis
    )


def compile_layer(layer: spec.Layer) -> ir.Layer:
    return ir.Layer(layer.id, layer.title.message(), layer.framework, layer.section, layer.gate)
