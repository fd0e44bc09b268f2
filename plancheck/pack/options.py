"""The options of each check function as a pack writes them: pydantic models that validate a
rule's ``options:`` when its pack is read. ``pack.compile`` turns them into ``pack.ir``'s
plain options, which is what the engine runs."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from plancheck.pack.ir import MAX_PATTERN_LENGTH, compiled_pattern
from plancheck.plan import quantities

_NESTED_QUANTIFIER = re.compile(r"\([^)]*[+*][^)]*\)\s*[+*{]")


def pattern_problem(
    pattern: str,
    max_length: int = MAX_PATTERN_LENGTH,
    compile_pattern: Callable[[str], Any] = compiled_pattern,
) -> str | None:
    """Why a pattern written in a pack (a rule's or the extraction vocabulary's) is refused: too
    long, nested quantifiers that can backtrack without end, or not a valid expression."""
    if len(pattern) > max_length:
        return f"a pattern may be at most {max_length} characters"
    if _NESTED_QUANTIFIER.search(pattern):
        return "nested quantifiers such as (a+)+ can backtrack without end; simplify the pattern"
    try:
        compile_pattern(pattern)
    except Exception as exc:  # regex.error
        return f"not a valid regular expression: {exc}"
    return None


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


class Required(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(description="what is required, as the framework names it")
    terms: list[str] = Field(min_length=1, description="wordings that count as this item")
    exclude: list[str] = Field(default_factory=list, description="wordings that disqualify a value")


class CoversOptions(Options):
    items: list[Required] = Field(min_length=1)
    in_order: bool = Field(False, description="the items must appear in this order, each in a later value")


class AtLeastOptions(Options):
    quantity: Literal["bandwidth", "percent"]
    min: float = Field(description="the least acceptable value, in Mbps or percent")
    whole: bool = Field(False, description="a percentage: read 全部/全量/所有 as 100%")


class AgreesOptions(Options):
    """The same figure or deadline, stated at the rule's selector and at ``other``."""

    other: str = Field(min_length=1, description="RFC 9535 JSONPath: the second place that states it")
    quantity: Literal["bandwidth", "percent", "date"]
    about: list[str] = Field(
        default_factory=list,
        description="a value at other counts only when the object holding it names one of these "
        "(a milestone target whose metric is 归集)",
    )
    agree_with: Literal["every", "some"] = Field(
        "every",
        description="every value at other must agree, or some (a progression of yearly figures: "
        "the deadline agrees when one milestone year does)",
    )

    @field_validator("other")
    @classmethod
    def _parses(cls, value: str) -> str:
        from plancheck.pack.selectors import SelectorError, compile_selector

        try:
            compile_selector(value)
        except SelectorError as exc:
            raise ValueError(f"selector '{value}' does not parse: {exc}") from None
        return value


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
    model_config = ConfigDict(extra="forbid")
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class TextOptions(Options):
    """What text must (``matches``) or must not (``forbidden``) contain: a regular expression or
    plain wordings."""

    pattern: str | None = Field(None, description="a regular expression, searched in the normalised text")
    terms: list[str] | None = Field(None, description="plain wordings, any of which counts")
    label: Label | None = Field(
        None,
        description="how to name what is looked for in messages; required with a pattern, "
        "which is never shown to a reader",
    )

    @field_validator("pattern")
    @classmethod
    def _safe_regex(cls, value: str | None) -> str | None:
        problem = None if value is None else pattern_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    def model_post_init(self, __context: Any) -> None:
        if self.pattern is not None and self.label is None:
            raise ValueError(
                "a pattern needs a label: {zh: …, en: …} naming in words what it looks for "
                "(findings name it; a regular expression is never shown to a reader)"
            )


Polarity = Literal["affirmed", "deferred", "conditional", "tentative", "negated"]


class BuildsOwnOptions(Options):
    """What a plan must not build on its own where the framework relies on another level."""

    terms: list[str] = Field(min_length=1, description="what is built: 政务云, 机房, 数据中心…")
    label: Label = Field(description="how to name it in messages")
    exclude: list[str] = Field(default_factory=list, description="longer wordings that are something else")
    verbs: list[str] = Field(
        default_factory=list, description="building verbs that make a clause build its own term (新建, 建设…)"
    )
    polarities: list[Polarity] = Field(
        default_factory=lambda: list[Polarity](["affirmed"]),
        description="the clauses that count: a must-not also counts deferred, conditional and tentative ones",
    )


class ReliesOnOptions(Options):
    """A plan states that it relies on another level's platform."""

    level: Literal["province", "city", "national"]
    label: Label = Field(description="what is relied on, for messages")
    terms: list[str] = Field(default_factory=list, description="the clause must be about one of these")


class MatchesOptions(TextOptions):
    denied_only: bool = Field(
        False,
        description="flag only a value that names it and withdraws it (近期不考虑建设…); "
        "a value that does not name it, or no value, passes",
    )

    def model_post_init(self, __context: Any) -> None:
        if (self.pattern is None) == (self.terms is None):
            raise ValueError("give exactly one of pattern or terms")
        super().model_post_init(__context)


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
    "agrees": AgreesOptions,
    "builds_own": BuildsOwnOptions,
    "relies_on": ReliesOnOptions,
}
