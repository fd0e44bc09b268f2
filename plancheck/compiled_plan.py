"""The plan model compiled to pydantic-core's own validator and serializer.

``model.Plan`` is the one definition of a plan. Its core schema (what pydantic hands to
pydantic-core) is kept in the cache with each model class replaced by a plain class of the same
name and the validators pointing at ``plan_values``; a run then validates and dumps plans with
pydantic-core alone, with the same results, without importing pydantic or building the model.
A plan that does not validate is handed to ``validation`` (full pydantic) for the message.
"""

from __future__ import annotations

import io
import pickle
import sys
from typing import Any

from plancheck import __version__, cache

_MODULES = ("model", "plan_values", "compiled_plan")
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


class CompiledPlan:
    def __init__(self, schema: dict[str, Any], keys: frozenset[str]) -> None:
        from pydantic_core import SchemaSerializer, SchemaValidator

        self.schema = schema
        self.keys = keys  # a plan's top-level keys
        self.validator = SchemaValidator(schema)
        self.serializer = SchemaSerializer(schema)
        plan_class("Plan").__pydantic_serializer__ = self.serializer  # type: ignore[attr-defined]

    def __reduce__(self) -> tuple[Any, ...]:
        return (CompiledPlan, (self.schema, self.keys))

    def validate(self, data: Any) -> PlanObject:
        """The plan object; raises pydantic_core.ValidationError where the model would."""
        return self.validator.validate_python(data)


def plan_data(plan: Any) -> dict[str, Any]:
    """A plan (the model's instance or the compiled one) as rules see it: JSON-like, with
    unset optional values left out."""
    return type(plan).__pydantic_serializer__.to_python(plan, **_DUMP)


def _plain(node: Any) -> Any:
    """The core schema with model classes swapped for plain ones and JSON-Schema metadata left
    out; any function but plan_values' or a builtin would need pydantic, and is refused."""
    from pydantic import BaseModel

    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items() if k != "metadata"}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, type) and issubclass(node, BaseModel):
        return plan_class(node.__name__)
    if callable(node) and not isinstance(node, type):
        module = getattr(node, "__module__", None)
        if module not in ("plancheck.plan_values", "builtins", None):
            raise TypeError(f"the plan model's core schema calls {node!r}, which needs pydantic")
    return node


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, type) and issubclass(obj, PlanObject) and obj is not PlanObject:
            return (plan_class, (obj.__name__,))
        return NotImplemented


def compile_plan() -> CompiledPlan:
    from plancheck.model import Plan

    return CompiledPlan(_plain(Plan.__pydantic_core_schema__), frozenset(Plan.model_fields))


def _cache_name() -> str:
    import hashlib

    import pydantic_core

    key = f"{__version__}|{sys.version}|{pydantic_core.__version__}|{cache.code_stamp(*_MODULES)}"
    return f"plan-model-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pickle"


_LOADED: list[CompiledPlan] = []


def compiled_plan() -> CompiledPlan:
    """The compiled plan model: from the cache when it is current, else compiled (and stored)."""
    if _LOADED:
        return _LOADED[0]
    name = _cache_name() if cache.enabled() else None
    compiled = cache.read(name) if name else None
    if not isinstance(compiled, CompiledPlan):
        compiled = compile_plan()
        if name:
            buffer = io.BytesIO()
            _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(compiled)
            cache.write(name, buffer.getvalue())
    _LOADED.append(compiled)
    return compiled
