"""Hypothesis strategies for plancheck's fuzz tests: plans generated from the pydantic model,
mutated the ways hand-edited files go wrong, and the text cases of hostile input."""

from __future__ import annotations

import random
import types
import typing
from datetime import date
from typing import Any

import yaml
from hypothesis import strategies as st
from pydantic import BaseModel

from plancheck.plan.model import Plan

HOSTILE_TEXT = [
    "千兆", "百兆", "１０００Ｍ", "100M", "1G", "100%", "百分之百", "2022年底", "２０２２年底",
    "（一）", "三、(二)", "皖事通办", "“皖事通辦”市級平臺", "數字政府", "电子\u200b证照", "人口\ufeff库",
    "a\u202eb", "😀", "", " ", "\t", "no", "on", "yes", "~", "null", "1.10", "0777", "2025-12-31",
    "- x", ": y", "#", "&a", "*a", "!!python/object", "{", "[", "'", '"', "\\", "%", "@",
    "x" * 500, "横向到边、纵向到底", "支持IPv4和IPv6的双栈", "self", "city", "province", "county",
    # issue #17: years 0 and 9999, negative bandwidths, control and bidi characters, a NUL
    "0000年底", "9999年12月", "10000年", "-1000M", "−千兆", "负1000M", "\x1b]0;t\x07\x1b[2J", "\x01\x7f\x9b",
    "\x00", "\u202e\u2066", "9" * 5000, "1e309",
]  # fmt: skip

# issue #17: what a plan's framework, a waiver's path and its dates can hold
HOSTILE_FRAMEWORKS = [
    "anhui-11171\x00x", "x" * 300, "规" * 86, "/dev/zero", "/", "..", "~", "file:///etc/passwd",
    "anhui-11171/" + "." * 300, "anhui-11171\n", "C:\\rules", "\x1b[2J",
]  # fmt: skip
HOSTILE_WAIVER_PATHS = [
    "$.plan[?match(@, '(a|a)+')]", "$..[?search(@, '((x)|(x))+$')]", "$..*[?$..*[?$..*]]",
    "$..[?value(@) != 'x']", "$..[?value(@.*) == 1]", "$[", "$.a[99999999999999999999]",
    "$..[?length(@) > 1e309]", "$..[?count(@.*) > 1]", "$" + ".a" * 2000, "\x00", "$['\x1b']",
]  # fmt: skip
HOSTILE_DATES = ["0000-00-00", "0001-01-01", "9999-12-31", "2025-06-30T23:59:59+14:00", "2025-13-01", "明天"]

TEXT = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30))


def _strategy(annotation: Any, depth: int) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _strategy(typing.get_args(annotation)[0], depth)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_strategy(a, depth) for a in typing.get_args(annotation) if a is not type(None)])
    if origin is typing.Literal:
        return st.one_of(st.sampled_from(typing.get_args(annotation)), TEXT)
    if origin is list:
        if depth > 5:
            return st.just([])
        return st.lists(_strategy(typing.get_args(annotation)[0], depth + 1), max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_data(annotation, depth + 1)
    if annotation is int:
        return st.one_of(
            st.integers(1900, 2200), st.integers(), st.sampled_from(["２０２５", "2025年", "二〇二五"])
        )
    if annotation is bool:
        return st.one_of(st.booleans(), st.sampled_from(["yes", "否", "1"]))
    if annotation is date:
        return st.one_of(st.dates().map(str), st.sampled_from(["2021年12月31日", "2021-02-30", "明年"]))
    return TEXT


def model_data(model: type[BaseModel], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Data shaped like ``model``: required keys always, optional keys sometimes."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, field in model.model_fields.items():
        target = required if field.is_required() else optional
        if depth > 6 and not field.is_required():
            continue
        target[name] = _strategy(field.annotation, depth)
    return st.fixed_dictionaries(required, optional=optional)


PLANS = model_data(Plan)


# ----------------------------------------------------------------------------- mutations


def _containers(data: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    out = [(path, data)] if isinstance(data, (dict, list)) and data else []
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_containers(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(_containers(value, (*path, index)))
    return out


def mutate(data: Any, rng: random.Random, how: str) -> Any:
    """One mutation of loaded plan data: drop, retype, reorder or inject."""
    places = _containers(data)
    if not places:
        return data
    _, container = rng.choice(places)
    keys = list(container.keys()) if isinstance(container, dict) else list(range(len(container)))
    key = rng.choice(keys)
    if how == "drop":
        del container[key]
    elif how == "retype":
        container[key] = rng.choice([0, 3.5, True, None, [], {}, ["a"], {"x": 1}, "文本", "2025"])
    elif how == "reorder" and isinstance(container, dict):
        items = list(container.items())
        rng.shuffle(items)
        container.clear()
        container.update(items)
    elif how == "inject":
        container[key] = rng.choice(HOSTILE_TEXT) + str(container[key])[:20]
    elif how == "unknown-key" and isinstance(container, dict):
        container[rng.choice(["fundation", "x-note", "plan ", "名称", "level"])] = "值"
    elif how == "framework" and isinstance(data, dict) and isinstance(data.get("plan"), dict):
        data["plan"]["framework"] = rng.choice(HOSTILE_FRAMEWORKS)
    elif how == "waiver" and isinstance(data, dict):
        waiver = {"rule": rng.choice(["A6", "F6", 5, ""]), "reason": "理由", "approver": "局"}
        waiver["granted"] = rng.choice(HOSTILE_DATES)
        if rng.random() < 0.5:
            waiver["expires"] = rng.choice(HOSTILE_DATES)
        waiver["path"] = rng.choice(HOSTILE_WAIVER_PATHS)
        data["waivers"] = [waiver]
    return data


def text_mutation(text: str, rng: random.Random, how: str) -> str | bytes:
    """Mutations of the file's text itself: what a YAML loader sees."""
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    i = rng.randrange(len(lines))
    if how == "duplicate-line":
        lines.insert(i, lines[i])
    elif how == "delete-line":
        del lines[i]
    elif how == "tab":
        lines[i] = "\t" + lines[i].lstrip(" ")
    elif how == "truncate":
        return text[: rng.randrange(len(text) + 1)]
    elif how == "insert-char":
        pos = rng.randrange(len(text) + 1)
        return (
            text[:pos]
            + rng.choice(["\x00", "\x07", ":", "-", "[", "{", '"', "'", "\ufeff", "\u2028", "&x", "*x", "!"])
            + text[pos:]
        )
    elif how == "encode":
        codec = rng.choice(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "utf-8"])
        return text.encode(codec, errors="replace")
    elif how == "bytes":
        raw = bytearray(text.encode("utf-8"))
        if raw:
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    return "".join(lines)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def mutated_report(seed: int, examples: list[Any]) -> Any:
    """The report of an example plan mutated one to four times (hostile text injected, keys
    dropped, values retyped, lists reordered), or None when the mutated plan does not validate."""
    from plancheck.engine.check import check_plan
    from plancheck.errors import InputError
    from plancheck.plan.load import plan_of_document
    from plancheck.portfolio.pipeline import load_named_pack
    from plancheck.read.yamlfile import load_yaml

    rng = random.Random(seed)
    document = load_yaml(rng.choice(examples))
    data = document.data
    for _ in range(rng.randint(1, 4)):
        data = mutate(data, rng, rng.choice(["drop", "retype", "reorder", "inject", "unknown"]))
    document.data = data
    try:
        plan = plan_of_document(document)
    except InputError:
        return None
    return check_plan(plan, load_named_pack(None))
