"""How plan values are read, apart from their types: dates and years as plans write them,
string shorthands, ``x-`` extensions, and the checks across fields (a period's order, a
waiver's dates, ``built_by`` naming the plan's own level).

These functions are the plan model's validators. They live here, without pydantic, so that the
compiled plan validator (``compiled_plan``) can call the very same code without importing it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic_core import PydanticCustomError

EXTENSION_PREFIX = "x-"

_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CHINESE_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*年?\s*[-‐‑‒–—―−~～至到]+\s*(\d{4})\s*年?\s*$")


def invalid(zh: str, en: str) -> PydanticCustomError:
    """A validation error that carries its message in both languages."""
    return PydanticCustomError("plancheck", "{en}", {"zh": zh, "en": en})


def fold_digits(value: Any) -> Any:
    """Full-width digits and punctuation (２０２５, －) read as their ASCII forms."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def parse_date(value: Any) -> Any:
    """Dates as plans write them: 2021-12-31, 2021年12月31日, 20211231, full-width digits."""
    if isinstance(value, str):
        value = fold_digits(value)
        m = _CHINESE_DATE.match(value) or _COMPACT_DATE.match(value)
        if m:
            return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        if not _ISO_DATE.match(value):
            raise invalid(
                f"应为日期，如 2021-12-31 或 2021年12月31日（实际为“{value}”）",
                f"expected a date such as 2021-12-31 or 2021年12月31日 (found '{value}')",
            )
    return value


def drop_extensions(data: Any) -> Any:
    """``x-`` keys are local extensions: accepted anywhere an object is, and left out."""
    if isinstance(data, dict):
        for k in data:  # a plain loop: this runs on every object of every plan
            if isinstance(k, str) and k.startswith(EXTENSION_PREFIX):
                return {
                    k: v
                    for k, v in data.items()
                    if not (isinstance(k, str) and k.startswith(EXTENSION_PREFIX))
                }
    return data


def name_shorthand(data: Any) -> Any:
    """A bare string is a named thing's name."""
    return {"name": data} if isinstance(data, str) else data


def text_shorthand(data: Any) -> Any:
    """A bare string is a statement's text."""
    return {"text": data} if isinstance(data, str) else data


def period_from_text(data: Any) -> Any:
    """A period written as text: 2021-2025, 2021年至2025年, full-width digits."""
    if isinstance(data, str):
        m = YEAR_RANGE.match(fold_digits(data))
        if m:
            return {"start": m[1], "end": m[2]}
        raise invalid(
            "应为规划期, 如 2021-2025 或 {start: 2021, end: 2025}",
            "expected a period such as 2021-2025 or {start: 2021, end: 2025}",
        )
    return data


def period_ordered(period: Any) -> Any:
    if period.end < period.start:
        raise invalid(
            f"规划期的终止年（{period.end}）早于起始年（{period.start}）",
            f"the period ends ({period.end}) before it starts ({period.start})",
        )
    return period


def waiver_dates_ordered(waiver: Any) -> Any:
    if waiver.expires is not None and waiver.expires < waiver.granted:
        raise invalid(
            f"到期日期（{waiver.expires}）早于批准日期（{waiver.granted}）",
            f"the waiver expires ({waiver.expires}) before it was granted ({waiver.granted})",
        )
    return waiver


def own_level_is_self(plan: Any) -> Any:
    """``built_by: city`` in a city plan means the city itself builds it: the same as self."""
    level = plan.plan.level
    foundation, data_center = plan.foundation, plan.data_center
    holders = [
        foundation.cloud if foundation else None,
        foundation.network if foundation else None,
        data_center.sub_platform if data_center else None,
        plan.platform,
    ]
    for holder in holders:
        if holder is not None and holder.built_by == level:
            holder.built_by = "self"
    return plan
