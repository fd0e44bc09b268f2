"""Reading a plan file (YAML) into the plan value the engine runs on (``plan.data.PlanData``).

Valid plans are validated by the compiled plan model (``plan.compiled``, no pydantic import); a
plan that does not validate is validated again by the pydantic model, which says what is wrong
and where. Both give the same data (a test holds them to it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from plancheck.errors import InputError, Problem
from plancheck.i18n import Message
from plancheck.plan.compiled import compiled_plan, plan_data
from plancheck.plan.data import PlanData, from_validated
from plancheck.read.inputs import shown_path
from plancheck.read.yamlfile import SourceMap, YamlDocument, load_yaml


def _not_a_plan(shown: str) -> InputError:
    return InputError(
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


def plan_of_document(document: YamlDocument) -> PlanData:
    """A loaded YAML document as a plan; InputError (with positions) when it is not a valid one."""
    data = document.data
    compiled = compiled_plan()
    if isinstance(data, dict) and not set(data) & compiled.keys:
        raise _not_a_plan(document.file)
    try:
        plan: Any = compiled.validate(data)
    except ValidationError:  # pydantic itself says what is wrong, and where
        from plancheck.plan.model import Plan
        from plancheck.read.validation import validate

        plan = validate(document, Plan)
    return from_validated(plan, plan_data(plan), document.file, document.source_map)


def plan_of_model(plan: Any, file: str, source_map: SourceMap) -> PlanData:
    """A plan already validated by the schema model (a document's extraction, a rule example)."""
    return from_validated(plan, plan_data(plan), file, source_map)


def load_plan(path: Path | str, display: str | None = None) -> PlanData:
    """Read, parse and validate a plan file."""
    shown = display if display is not None else shown_path(path)
    return plan_of_document(load_yaml(path, shown))
