"""A rule pack as the engine runs it: plain frozen dataclasses, compiled from the validated
specification models (``pack.spec``) by ``pack.compile``. This is what the engine runs, what the
cache stores with plain ``pickle`` and what tests exercise; pydantic stays in ``pack.spec``.

Texts are ``Message`` (Chinese and English, stripped). A check is a tree of ``Call`` (one check
function, where it looks and its options) under ``All``/``AnyOf``/``Not``. The options of each
check function are a dataclass here too; ``RequiredTerms`` and ``TextSearch`` carry the little
behaviour those options have (how a wording is found in a value).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from plancheck.errors import Problem
from plancheck.i18n import Message
from plancheck.pack.selectors import Selector
from plancheck.plan.quantities import normalise
from plancheck.plan.statements import DEFAULT_MARKERS, Markers, Polarity

Severity = Literal["error", "warning", "info"]
Force = Literal["must", "should", "must not", "may"]
Basis = Literal["stated", "derived", "practice"]
ReadForce = Literal["must", "should"]  # how a rule reads a plan's statements (statements.Force)
Level = Literal["province", "city", "national"]

MAX_PATTERN_LENGTH = 200
PATTERN_TIMEOUT = 1.0  # seconds one search may take; a pattern that takes them is not run again


class PatternTimeout(Exception):
    """A rule's regular expression took too long on a value (catastrophic backtracking)."""


# the patterns that have run out of time in the check under way (None: outside one)
_TIMED_OUT: ContextVar[set[str] | None] = ContextVar("plancheck_patterns_timed_out", default=None)


@contextmanager
def pattern_budget() -> Iterator[None]:
    """Within it (one plan's check, one document's reading), a pattern that has once run out of
    time (PATTERN_TIMEOUT on one value: it backtracks without end) is not run again: every later
    search with it is PatternTimeout at once. A pattern that backtracks costs a plan of
    thousands of values one timeout, not one per value; a pattern that never runs out of time
    is never stopped, however many values it searches."""
    token = _TIMED_OUT.set(set())
    try:
        yield
    finally:
        _TIMED_OUT.reset(token)


@contextmanager
def pattern_time(pattern: str) -> Iterator[float]:
    """The timeout of one search with ``pattern`` (``with pattern_time(p) as timeout:``);
    PatternTimeout when the search runs out of it, or when the pattern already has."""
    timed_out = _TIMED_OUT.get()
    if timed_out is not None and pattern in timed_out:
        raise PatternTimeout(pattern)
    try:
        yield PATTERN_TIMEOUT
    except TimeoutError:
        if timed_out is not None:
            timed_out.add(pattern)
        raise PatternTimeout(pattern) from None


@lru_cache(maxsize=256)
def compiled_pattern(pattern: str) -> Any:
    """A pack's pattern, compiled by the ``regex`` module (which has a time limit per search)."""
    import regex

    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)


# ----------------------------------------------------------------------------- reading context


@dataclass(frozen=True)
class Context:
    """How a check reads a plan's text: the pack's statement markers, and the force of the
    requirement the rule implements (a *must* is met only by an affirmed clause, a *should*
    also by a tentative one; see plan/statements.py)."""

    markers: Markers = DEFAULT_MARKERS
    force: ReadForce = "must"
    root: Any = field(default=None, compare=False, repr=False)  # the whole plan, for ``agrees``
    titles: bool = False  # name places by the schema's titles in English too (a document's reader)


DEFAULT_CONTEXT = Context()


def read_force(force: str) -> ReadForce:
    """The reading of a catalogue force: must and must not read as must, should and may as should."""
    return "should" if force in ("should", "may") else "must"


# ----------------------------------------------------------------------------- check options


@dataclass(frozen=True)
class NoOptions:
    """``present`` takes no options."""


@dataclass(frozen=True)
class Where:
    """``non_empty``: with ``where``, only items whose fields equal one of the values count."""

    where: tuple[tuple[str, tuple[str, ...]], ...] | None = None


@dataclass(frozen=True)
class RequiredTerms:
    """One item ``covers`` requires: its label, the wordings that count, those that disqualify."""

    label: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    def position_in(self, texts: list[str], after: int = -1) -> int | None:
        """The first of the (normalised) values, after index ``after``, that names this item."""
        terms = [normalise(t) for t in self.terms]
        excluded = [normalise(t) for t in self.exclude]
        for index, text in enumerate(texts):
            if index > after and any(t in text for t in terms) and not any(x in text for x in excluded):
                return index
        return None


@dataclass(frozen=True)
class Covers:
    """``covers``: the values together name every item (in this order, with ``in_order``)."""

    items: tuple[RequiredTerms, ...]
    in_order: bool = False


@dataclass(frozen=True)
class AtLeast:
    """``at_least``: a quantity no smaller than ``min`` (Mbps or percent)."""

    quantity: Literal["bandwidth", "percent"]
    min: float
    whole: bool = False  # a percentage: 全部/全量/所有 read as 100%


@dataclass(frozen=True)
class YearBound:
    """``not_later_than`` and ``not_earlier_than``: a year (2025) or a date (2020-10-24)."""

    bound: str


@dataclass(frozen=True)
class TextSearch:
    """What ``matches`` and ``forbidden`` look for: a regular expression or plain wordings, and how
    to name it in messages. Both are compared with normalised text (NFKC, no whitespace, any case)."""

    pattern: str | None = None
    terms: tuple[str, ...] | None = None
    label: Message | None = None
    where: tuple[tuple[str, tuple[str, ...]], ...] | None = None  # forbidden only
    denied_only: bool = False  # matches only: a value that does not name it at all passes

    def __post_init__(self) -> None:
        if self.pattern is not None and self.label is None:  # pack.options refuses such a pack
            raise ValueError("a pattern needs a label: a regular expression is never shown to a reader")

    @property
    def textual(self) -> bool:
        return self.pattern is not None or self.terms is not None

    def wanted(self) -> Message:
        """What is looked for, in words: the label, or the terms themselves (never a pattern)."""
        if self.label is not None:
            return self.label
        terms = self.terms or ()
        return Message("、".join(terms), " or ".join(terms))

    def find(self, text: str) -> str | None:
        """The passage of the (normalised) text that contains what is looked for, or None;
        PatternTimeout if the pattern cannot decide within its time limit."""
        shown = normalise(text, fold_case=False)
        folded = shown.lower()
        if len(folded) != len(shown):
            shown = folded
        if self.terms is not None:
            for term in self.terms:
                wanted = normalise(term)
                at = folded.find(wanted)
                if at >= 0:
                    return _passage(shown, at, at + len(wanted))
            return None
        if self.pattern is None:
            return shown
        with pattern_time(self.pattern) as timeout:
            match = compiled_pattern(self.pattern).search(shown, timeout=timeout)
        return _passage(shown, match.start(), match.end()) if match else None


def _passage(text: str, start: int, end: int, around: int = 12) -> str:
    left = max(0, start - around)
    right = min(len(text), end + around)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


@dataclass(frozen=True)
class Agrees:
    """``agrees``: the quantity stated where the rule selects and at ``other`` is the same — a
    figure or deadline given in two places of a plan (a layer and its milestones)."""

    other: Selector
    quantity: Literal["bandwidth", "percent", "date"]
    about: tuple[str, ...] = ()  # the object holding a value at ``other`` must name one of these
    agree_with: Literal["every", "some"] = "every"  # which values at ``other`` must agree


@dataclass(frozen=True)
class BuildsOwn:
    """``builds_own``: no clause builds its own ``terms`` instead of relying on another level's
    platform (自建/新建/独立建设…, or one of ``verbs`` before the term), in one of
    ``polarities`` (a must-not also counts deferred, conditional and tentative clauses)."""

    terms: tuple[str, ...]
    label: Message
    exclude: tuple[str, ...] = ()  # longer wordings that are not the thing (江淮大数据中心)
    verbs: tuple[str, ...] = ()  # building verbs that make any clause build its own term (机房)
    polarities: tuple[Polarity, ...] = (Polarity.AFFIRMED,)


@dataclass(frozen=True)
class ReliesOn:
    """``relies_on``: some value found relies on ``level``'s platform (依托省级…), in an affirmed
    clause about one of ``terms`` (any, when empty)."""

    level: Level
    label: Message
    terms: tuple[str, ...] = ()


Options = NoOptions | Where | Covers | AtLeast | YearBound | TextSearch | Agrees | BuildsOwn | ReliesOn


# ----------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Call:
    """A rule's call of one check function: where it looks, what it checks, with which options,
    and where the rule file writes it."""

    selector: Selector
    function: str
    options: Options
    file: str = ""
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class All:
    """Every child check must pass."""

    children: tuple[Check, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one child check must pass."""

    children: tuple[Check, ...]


@dataclass(frozen=True)
class Not:
    """The child check must fail."""

    child: Check


Check = Call | All | AnyOf | Not


def calls(check: Check) -> list[Call]:
    """The function calls of a check, in the order written."""
    if isinstance(check, Call):
        return [check]
    if isinstance(check, Not):
        return calls(check.child)
    return [leaf for child in check.children for leaf in calls(child)]


# ----------------------------------------------------------------------------- rules and packs


@dataclass(frozen=True)
class Citation:
    section: str
    text: str
    document: str | None = None  # the cited document when not the pack's framework


@dataclass(frozen=True)
class Expected:
    """Where a failing example's finding must be, and what its English detail must contain."""

    line: int
    column: int | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Example:
    """A plan fragment a rule must pass (``expect`` None) or fail (at ``expect``)."""

    yaml: str
    level: str | None = None
    note: str | None = None
    expect: Expected | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    title: Message
    severity: Severity
    levels: tuple[str, ...]
    implements: tuple[str, ...]
    layer: str  # that of the first catalogue requirement it implements ("other" for none)
    citation: Citation
    rationale: Message
    message: Message
    fix: Message
    check: Check
    passing: tuple[Example, ...]
    failing: tuple[Example, ...]
    file: str
    line: int
    pack: str  # the name of the pack that defines it
    check_source: str = ""  # the rule's check as written in its file, for documentation
    reads: ReadForce = "must"  # the force its requirements give: how it reads statements


@dataclass(frozen=True)
class Requirement:
    id: str
    layer: str
    title: Message
    applies_to: tuple[str, ...]
    force: Force
    source: str
    basis: Basis = "stated"


@dataclass(frozen=True)
class Layer:
    id: str
    title: Message
    framework: bool = True  # one of the framework's own layers (else cross-cutting)
    section: str | None = None  # the plan's top-level key for this layer, if it has one
    gate: bool = False  # its rules decide whether the pack applies at all


@dataclass(frozen=True)
class Pack:
    """A compiled rule pack: its identity, catalogue (requirements and layers) and active rules."""

    name: str
    version: str
    title: Message
    framework: Message  # the document the pack encodes
    province: str
    levels: tuple[str, ...]
    directory: Path
    requirements: Mapping[str, Requirement]
    layers: tuple[Layer, ...]
    rules: tuple[Rule, ...]
    example_plan: Mapping[str, Any] = field(default_factory=dict)  # the plan: block around examples
    docs_url: str | None = None
    extends: str | None = None  # the pack this one extends, as its pack.yaml names it
    disabled: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    markers: Markers = DEFAULT_MARKERS  # the words statements are read with (pack.yaml markers:)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
