"""The plan model compiled to pydantic-core's own validator.

``model.Plan`` is the one definition of a plan. Its core schema (what pydantic hands to
pydantic-core) is kept in the cache with each model class replaced by a plain class of the same
name and the validators pointing at ``plan.values``; a run then validates plans with
pydantic-core alone and dumps them here, with the same results, without importing pydantic or
building the model (which would cost about three times Python's own start). Private to
``plan.load``: a plan that does not validate is handed to ``read.validation`` (full pydantic)
for the message.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic_core import SchemaValidator

from plancheck import __version__, cache

_DUMP = {"mode": "json", "exclude_none": True, "exclude_unset": True}


class PlanObject:
    """An object of a plan as the compiled validator builds it: fields as attributes, like the
    model's instance (the slots are those pydantic-core fills in)."""

    __slots__ = ("__dict__", "__pydantic_extra__", "__pydantic_fields_set__", "__pydantic_private__")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!r})"


_CLASSES: dict[str, type[PlanObject]] = {}


def plan_class(name: str) -> type[PlanObject]:
    """The plain class standing for the model class ``name``."""
    if name not in _CLASSES:
        _CLASSES[name] = type(name, (PlanObject,), {"__slots__": (), "__module__": __name__})
    return _CLASSES[name]


def __getattr__(name: str) -> type[PlanObject]:
    """The plain classes are this module's attributes, made when first asked for, so that plain
    ``pickle`` stores and finds them by name like any class."""
    if name[:1].isupper() and name.isidentifier():
        return plan_class(name)
    raise AttributeError(name)


class CompiledPlan:
    """The plan model's core schema, ready to validate plans (which ``plan_data`` dumps as rules
    see them); pickled as its schema, and rebuilt (in a millisecond) when read."""

    def __init__(
        self,
        schema: dict[str, Any],
        keys: frozenset[str],
        titles: dict[str, tuple[str, str]] | None = None,
        choices: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.schema = schema
        self.keys = keys  # a plan's top-level keys
        self.titles = titles or {}  # every key path's field title (zh, en): plan.wording names places
        self.choices = choices or {}  # the words of a choice's values (built_by: self → 本级自建)
        self.validator = SchemaValidator(schema)

    def __reduce__(self) -> tuple[Any, ...]:
        return (CompiledPlan, (self.schema, self.keys, self.titles, self.choices))

    def validate(self, data: Any) -> PlanObject:
        """The plan object; raises pydantic_core.ValidationError where the model would."""
        plan: PlanObject = self.validator.validate_python(data)
        return plan


def plan_data(plan: Any) -> dict[str, Any]:
    """A plan (the model's instance or the compiled one) as rules see it: JSON-like, with
    unset optional values left out."""
    if isinstance(plan, PlanObject):
        return _dumped(plan)  # type: ignore[no-any-return]
    return type(plan).__pydantic_serializer__.to_python(plan, **_DUMP)  # type: ignore[no-any-return]


def _dumped(value: Any) -> Any:
    """A compiled plan's value as the model dumps it (``_DUMP``): the fields the plan set, None
    left out, dates as ISO text. Done here rather than by pydantic-core's serializer, which
    imports the whole pydantic_core package (as long again as Python's own start) for a
    sentinel; the tests hold the two to the same data on examples, generated and mutated plans.
    A plan's values are only these: objects, lists, text, numbers, booleans and dates."""
    if type(value) is str:  # most values: checked first
        return value
    if isinstance(value, PlanObject):
        chosen = value.__pydantic_fields_set__  # type: ignore[attr-defined]  # a slot pydantic-core fills
        return {k: _dumped(v) for k, v in value.__dict__.items() if v is not None and k in chosen}
    if isinstance(value, list):
        return [_dumped(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# The core-schema types of values ``_dumped`` writes as the serializer would (and the schemas
# around them); a plan model with any other, or with a serializer of its own, is refused.
_DUMPED_TYPES = {
    "definitions", "definition-ref", "model", "model-fields", "model-field", "default", "nullable",
    "function-before", "function-after", "no-info", "with-info", "union", "list", "literal",
    "str", "int", "float", "bool", "date",
}  # fmt: skip


def _plain(node: Any) -> Any:
    """The core schema with model classes swapped for plain ones and JSON-Schema metadata left
    out; any function but plan_values' or a builtin would need pydantic, and is refused, as is
    a value ``_dumped`` would not dump as pydantic does."""
    from pydantic import BaseModel

    if isinstance(node, dict):  # a schema's own metadata, not a field that happens to be so named
        kind = node.get("type")
        if isinstance(kind, str) and (kind not in _DUMPED_TYPES or "serialization" in node):
            raise TypeError(f"the plan model's core schema has a '{kind}' that plan_data cannot dump")
        return {k: _plain(v) for k, v in node.items() if not (k == "metadata" and "type" in node)}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, type) and issubclass(node, BaseModel):
        return plan_class(node.__name__)
    if callable(node) and not isinstance(node, type):
        module = getattr(node, "__module__", None)
        if module not in ("plancheck.plan.values", "builtins", None):
            raise TypeError(f"the plan model's core schema calls {node!r}, which needs pydantic")
    return node


def compile_plan() -> CompiledPlan:
    from plancheck.plan.model import Plan, schema_words

    titles, choices = schema_words(Plan)
    return CompiledPlan(_plain(Plan.__pydantic_core_schema__), frozenset(Plan.model_fields), titles, choices)


_KIND = "plan-model-"


def _cache_key() -> str:
    """A hash of what the compiled model is made of: plancheck's version and code, Python's
    version, and pydantic's and pydantic-core's (found without importing pydantic)."""
    import hashlib
    from importlib.util import find_spec

    spec = find_spec("pydantic")
    origin = spec.origin if spec is not None and spec.origin else ""
    pydantic_version = Path(origin).with_name("version.py")
    stamp = os.stat(pydantic_version) if pydantic_version.is_file() else None
    key = "|".join(
        [
            __version__,
            sys.version,
            pydantic_core.__version__,
            f"{origin}:{stamp.st_size}:{stamp.st_mtime_ns}" if stamp else origin,
            cache.code_stamp(),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:24]


_LOADED: list[CompiledPlan] = []


def compiled_plan() -> CompiledPlan:
    """The compiled plan model: from the cache when it is current, else compiled (and stored)."""
    if _LOADED:
        return _LOADED[0]
    compiled = cache.through(_KIND, _cache_key, compile_plan, CompiledPlan)
    _LOADED.append(compiled)
    return compiled
