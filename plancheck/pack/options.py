"""The options of each check function: pydantic models that validate a rule's ``options:``
when its pack is read. Their behaviour at run time is in ``checks`` (``RequiredTerms``,
``TextSearch``), so that a pack read from the cache needs no pydantic."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from plancheck.engine.functions import (
    MAX_PATTERN_LENGTH,
    RequiredTerms,
    TextSearch,
    _compiled,
    pattern_problem,
)
from plancheck.plan import quantities


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # see rulepack._Strict


class WhereOptions(Options):
    where: dict[str, list[str]] | None = Field(
        None, description="only items whose fields equal one of these values count"
    )

    @field_validator("where", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v if isinstance(v, list) else [v] for k, v in value.items()}
        return value


class Required(BaseModel, RequiredTerms):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    label: str = Field(description="what is required, as the framework names it")
    terms: list[str] = Field(min_length=1, description="wordings that count as this item")
    exclude: list[str] = Field(default_factory=list, description="wordings that disqualify a value")


class CoversOptions(Options):
    items: list[Required] = Field(min_length=1)
    in_order: bool = Field(False, description="the items must appear in this order, each in a later value")


class AtLeastOptions(Options):
    quantity: Literal["bandwidth", "percent"]
    min: float = Field(description="the least acceptable value, in Mbps or percent")


class YearBoundOptions(Options):
    bound: str = Field(description="a year (2025) or a date (2020-10-24)")

    @field_validator("bound", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, date)) else value

    @field_validator("bound")
    @classmethod
    def _readable(cls, value: str) -> str:
        if quantities.latest_date(value) is None:
            raise ValueError("expected a year such as 2025 or a date such as 2020-10-24")
        return value


class Label(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class TextOptions(Options, TextSearch):
    """What text must (``matches``) or must not (``forbidden``) contain: a regular expression or
    plain wordings."""

    pattern: str | None = Field(None, description="a regular expression, searched in the normalised text")
    terms: list[str] | None = Field(None, description="plain wordings, any of which counts")
    label: Label | None = Field(None, description="how to name what is looked for in messages")

    @field_validator("pattern")
    @classmethod
    def _safe_regex(cls, value: str | None) -> str | None:
        problem = None if value is None else pattern_problem(value, MAX_PATTERN_LENGTH, _compiled)
        if problem:
            raise ValueError(problem)
        return value


class MatchesOptions(TextOptions):
    def model_post_init(self, __context: Any) -> None:
        if (self.pattern is None) == (self.terms is None):
            raise ValueError("give exactly one of pattern or terms")


class ForbiddenOptions(WhereOptions, TextOptions):
    """Nothing found may meet ``where`` and (if given) contain the pattern or terms."""


OPTIONS: dict[str, type[Options]] = {
    "present": Options,
    "non_empty": WhereOptions,
    "covers": CoversOptions,
    "at_least": AtLeastOptions,
    "not_later_than": YearBoundOptions,
    "not_earlier_than": YearBoundOptions,
    "matches": MatchesOptions,
    "forbidden": ForbiddenOptions,
}
