"""Validating loaded YAML against a pydantic model, with every error placed at file:line:col.

Pydantic's errors are turned into bilingual problems: an unknown key names the key and the
closest allowed one; a missing key points at the mapping that should contain it.
"""

from __future__ import annotations

import difflib
import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from plancheck.errors import InputError, PlancheckError, Problem
from plancheck.i18n import Message, zh
from plancheck.read.yamlfile import EXTENSION_HINT, YamlDocument

M = TypeVar("M", bound=BaseModel)


def _unwrap(annotation: Any) -> list[Any]:
    """The model or container types an annotation may hold (Optional and unions opened)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return [annotation]


def types_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[Any]:
    """The types the schema allows at the place found by following ``loc`` from ``model``."""
    current: list[Any] = [model]
    for step in loc:
        following: list[Any] = []
        for candidate in current:
            if isinstance(step, int):
                if typing.get_origin(candidate) in (list, tuple):
                    following.extend(_unwrap(typing.get_args(candidate)[0]))
            elif isinstance(candidate, type) and issubclass(candidate, BaseModel):
                field = candidate.model_fields.get(step)
                if field is not None:
                    following.extend(_unwrap(field.annotation))
            elif typing.get_origin(candidate) is dict:
                following.extend(_unwrap(typing.get_args(candidate)[1]))
        current = following
    return current


def written_path(model: type[BaseModel], path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The place an author writes for a selector's path: a trailing ``text`` or ``name`` of an
    object that may be written as a plain string (and a list index before it) is dropped."""
    path = tuple(path)
    while path and path[-1] in ("text", "name"):
        parent = path[:-1]
        if not any(hasattr(t, "shorthand_json_schema") for t in types_at(model, parent)):
            break
        path = parent
    return path


def allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the schema accepts at the mapping found by following ``loc`` from ``model``."""
    keys: list[str] = []
    for candidate in types_at(model, loc):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            keys.extend(f.alias or name for name, f in candidate.model_fields.items())
    return keys


def _short(value: Any) -> Message:
    """A value as the user wrote it, briefly."""
    if value is None:
        return Message("空值", "nothing")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = text if len(text) <= 60 else text[:57] + "..."
    return Message(f"“{text}”", f"'{text}'" if isinstance(value, str) else text)


def _field(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The schema field at ``loc`` (its title and description), if the schema has one there."""
    key = loc[-1] if loc else None
    for candidate in types_at(model, tuple(x for x in loc[:-1] if not str(x).startswith("function"))):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel) and key in candidate.model_fields:
            return candidate.model_fields[key]
    return None


def _key(model: type[BaseModel], loc: tuple[Any, ...]) -> Message:
    """A key as a reader names it: “reason”（理由） in Chinese, with its schema title."""
    key = str(loc[-1])
    field = _field(model, loc)
    title = (field.title or "").partition(" · ")[0] if field is not None else ""
    return Message(f"“{key}”（{title}）" if title else f"“{key}”", f"'{key}'")


def _choices(model: type[BaseModel], loc: tuple[Any, ...], expected: str) -> Message:
    """The values a choice allows, each with the words its description gives (city（市级）)."""
    values = re.findall(r"'([^']*)'", expected)
    field = _field(model, loc)
    words: dict[str, str] = {}
    for part in (field.description or "").split("|") if field is not None else []:
        value, _, said = part.strip().partition(" ")
        words[value] = said.strip()
    zh = "、".join(f"{v}（{words[v]}）" if words.get(v) else v for v in values) if values else expected
    return Message(zh, expected)


def describe(error: Mapping[str, Any], model: type[BaseModel]) -> tuple[tuple[Any, ...], Message]:
    """Where an error belongs (a path into the data) and what to say about it, the Chinese in
    full-width punctuation."""
    loc, message = _describe(error, model)
    return loc, Message(zh(message.zh), message.en)


def _describe(error: Mapping[str, Any], model: type[BaseModel]) -> tuple[tuple[Any, ...], Message]:
    kind = error["type"]
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = _short(value)
    found = Message(f"（实际为{shown.zh}）", f" (found {shown.en})")
    if kind == "plancheck":
        return loc, Message(ctx["zh"], ctx["en"])
    if kind == "missing":
        named = _key(model, loc)
        return loc[:-1], Message(f"缺少必填的键{named.zh}", f"missing required key {named.en}")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        options = allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
        hint = (
            Message(f"；是否想写“{close[0]}”？", f"; did you mean '{close[0]}'?")
            if close
            else Message("；允许的键：" + "、".join(options), "; allowed keys: " + ", ".join(options))
        )
        msg = Message(f"未知的键“{key}”", f"unknown key '{key}'").join(hint, "", "")
        extra = model.model_config.get("json_schema_extra")
        extensible = isinstance(extra, dict) and "patternProperties" in extra
        return loc, msg.join(EXTENSION_HINT, "", "") if extensible else msg
    simple = {
        "string_type": ("应为文本", "expected text"),
        "int_parsing": ("应为整数", "expected a whole number"),
        "int_type": ("应为整数", "expected a whole number"),
        "int_from_float": ("应为整数", "expected a whole number"),
        "bool_parsing": ("应为 true 或 false", "expected true or false"),
        "bool_type": ("应为 true 或 false", "expected true or false"),
        "date_from_datetime_parsing": ("应为日期，如 2021-12-31", "expected a date such as 2021-12-31"),
        "date_parsing": ("应为日期，如 2021-12-31", "expected a date such as 2021-12-31"),
        "date_type": ("应为日期，如 2021-12-31", "expected a date such as 2021-12-31"),
        "model_type": ("应为映射 (键: 值)", "expected a mapping (key: value)"),
        "model_attributes_type": ("应为映射 (键: 值)", "expected a mapping (key: value)"),
        "dict_type": ("应为映射 (键: 值)", "expected a mapping (key: value)"),
        "list_type": ("应为列表", "expected a list"),
        "string_too_short": ("不能为空", "must not be empty"),
        "too_short": ("不能为空", "must not be empty"),
    }
    if kind in ("model_type", "model_attributes_type") and any(
        hasattr(t, "shorthand_json_schema")
        for t in types_at(model, tuple(x for x in loc if not str(x).startswith("function")))
    ):
        return loc, Message("应为文本或映射 (键: 值)", "expected text or a mapping (key: value)").join(
            found, "", ""
        )
    if kind in simple:
        zh, en = simple[kind]
        return loc, Message(zh, en).join(found, "", "")
    if kind in ("literal_error", "enum"):
        choices = _choices(model, loc, str(ctx.get("expected", "")))
        return loc, Message(f"应为以下之一：{choices.zh}", f"expected one of: {choices.en}").join(
            found, "", ""
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        words = {
            "greater_than_equal": ("不小于", "at least"),
            "less_than_equal": ("不大于", "at most"),
            "greater_than": ("大于", "more than"),
            "less_than": ("小于", "less than"),
        }[kind]
        limit = next(iter(ctx.values()), "")
        return loc, Message(f"应{words[0]} {limit}", f"must be {words[1]} {limit}").join(found, "", "")
    text = str(error.get("msg", kind)).removeprefix("Value error, ")
    return loc, Message(f"取值无效：{text}", f"invalid value: {text}")


def _misspelt(loc: tuple[Any, ...], unknown: set[tuple[tuple[Any, ...], str]]) -> bool:
    """Whether a missing key has a near-spelling among the unknown keys of the same mapping."""
    parent, key = tuple(loc[:-1]), str(loc[-1])
    return any(p == parent and difflib.SequenceMatcher(None, key, k).ratio() >= 0.6 for p, k in unknown)


def validate(
    document: YamlDocument,
    model: type[M],
    code: str = "schema",
    error: type[PlancheckError] = InputError,
    prefix: Callable[[tuple[Any, ...]], Message] | None = None,
) -> M:
    """The document as ``model``, or an error listing every problem with its position.

    ``prefix`` may name what a location belongs to (a rule pack names the rule)."""
    if not isinstance(document.data, dict):
        position, _ = document.source_map.locate(())
        raise error(
            Problem(
                document.file,
                Message("顶层应为映射 (键: 值)", "the top level must be a mapping (key: value)"),
                position.line,
                position.column,
                code=code,
            )
        )
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        problems: list[Problem] = []
        seen: set[tuple[Any, ...]] = set()
        errors = exc.errors(include_url=False)
        unknown = {
            (tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"
        }
        for item in errors:
            if item["type"] == "missing" and _misspelt(item["loc"], unknown):
                continue  # the unknown key beside it is the same mistake, and says so
            loc, message = describe(item, model)
            path = tuple(x for x in loc if isinstance(x, int) or not str(x).startswith(("~", "function-")))
            position, _ = document.source_map.locate(path)
            if prefix is not None:
                message = prefix(path).join(message, "", "")
            marker = (position.line, position.column, message.en)
            if marker in seen:
                continue
            seen.add(marker)
            problems.append(Problem(document.file, message, position.line, position.column, code=code))
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise error(problems) from None
