"""Selectors: where a rule looks in a plan, written in RFC 9535 JSONPath.

Parsing and evaluation are done by ``jsonpath_rfc9535``; this module adds what a linter needs
around it: the location of every match, the static prefix of the path (the keys before the
first wildcard or filter), which is where a finding about something missing belongs, and a time
budget for every evaluation.

A waiver's path is written by the plan's author, and a pack's selector runs on what plan authors
write, so an evaluation must end whatever the selector and the data: filters nested in filters
can cost the square of the plan's size or more, and the pattern of ``match()`` or ``search()``
(an I-Regexp, RFC 9485, run by the backtracking ``regex`` module, as the library runs it) can
take exponential time, as ``(a|a)+`` does on forty a's and a full stop. So one evaluation of a
selector (one ``find``) has ``BUDGET`` seconds in all, not per value: the patterns run with what
is left of it as ``regex``'s timeout, and every filter test checks the clock first. Over the
budget, ``find`` raises ``SelectorTooCostly``, which the callers turn into a message for the plan
or pack at fault. Limits: ``regex`` counts its timeout in the process's CPU time, so on a busy
machine a pattern may run longer than the budget in wall time; a filter test under way runs to
its end (its nested filters check the clock, and a pattern has its timeout, but a query without
filters such as ``count($..*)`` is not interrupted: on a plan's data it takes milliseconds); a
selector over the budget is refused, not evaluated some faster way.
"""

from __future__ import annotations

import itertools
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple, cast

from plancheck.i18n import Message

PathKey = tuple[str | int, ...]

BUDGET = 1.0  # seconds one evaluation of a selector may take, its patterns included
MAX_GROUP_DEPTH = 32  # groups nested in a pattern (far deeper ones overflow the parsers' stacks)


class Match(NamedTuple):  # made for every value a selector finds: a NamedTuple, cheap
    location: PathKey
    value: Any


class SelectorError(ValueError):
    """A selector that does not parse; the message says why."""


class SelectorTooCostly(SelectorError):
    """A selector whose evaluation ran over its time budget (or whose pattern nests groups too
    deeply to be run): it cannot decide, on this data. ``message`` says so in both languages."""

    def __init__(self, text: str, pattern: str | None, deep: bool = False):
        shown = _shown(text)
        if pattern is None:
            message = Message(
                f"选择器 '{shown}' 求值超时 (超过 {BUDGET:g} 秒), 无法判断",
                f"selector '{shown}' took too long to evaluate (over {BUDGET:g} s) and cannot decide",
            )
        elif deep:
            message = Message(
                f"选择器 '{shown}' 的正则表达式 '{_shown(pattern)}' 嵌套超过 {MAX_GROUP_DEPTH} 层括号, 无法运行",
                f"selector '{shown}': its pattern '{_shown(pattern)}' nests groups more than "
                f"{MAX_GROUP_DEPTH} deep and cannot be run",
            )
        else:
            message = Message(
                f"选择器 '{shown}' 的正则表达式 '{_shown(pattern)}' 运行超时 (超过 {BUDGET:g} 秒), 无法判断",
                f"selector '{shown}': its pattern '{_shown(pattern)}' took too long (over {BUDGET:g} s) "
                "and cannot decide",
            )
        self.message = message
        super().__init__(message.en)


def _shown(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _OverBudget(Exception):
    """Raised inside the library's evaluation; ``find`` names the selector."""

    def __init__(self, pattern: str | None = None, deep: bool = False):
        super().__init__(pattern)
        self.pattern, self.deep = pattern, deep


# when the evaluation under way must end (time.perf_counter); none outside ``find``
_DEADLINE: ContextVar[float] = ContextVar("_DEADLINE", default=float("inf"))


Step = str | int | None  # a name, an index, or None: every child (``*``, ``[*]``)


@dataclass
class Selector:
    """A compiled selector. A path of names, indexes and wildcards alone (most selectors) is
    followed here; any other is evaluated by the library, compiled on first use (so that a
    cached pack whose selectors are all such paths needs no JSONPath library)."""

    text: str
    prefix: PathKey
    steps: tuple[Step, ...] | None  # the path's steps when it has nothing else; None: the library's
    _query: Any = field(default=None, compare=False, repr=False)
    # the prefix as a plan writes it (a shorthand's key, not its inner field): where a finding
    # about something missing points; set when a pack compiles the selector
    written: PathKey | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {
            "text": self.text, "prefix": self.prefix, "steps": self.steps, "_query": None,
            "written": self.written,
        }  # fmt: skip

    @property
    def query(self) -> Any:
        if self._query is None:
            self._query = _environment().compile(self.text)
        return self._query

    def find(self, data: Any) -> list[Match]:
        """What the selector selects in ``data``; SelectorTooCostly when that takes more than
        ``BUDGET`` seconds."""
        if self.steps is not None:
            return _follow(self.steps, data)
        query = self.query
        token = _DEADLINE.set(time.perf_counter() + BUDGET)
        try:
            return [Match(tuple(node.location), node.value) for node in query.finditer(data)]
        except _OverBudget as exc:
            raise SelectorTooCostly(self.text, exc.pattern, exc.deep) from None
        finally:
            _DEADLINE.reset(token)


def _follow(steps: tuple[Step, ...], data: Any) -> list[Match]:
    """The matches of a path of names, indexes and wildcards, as the library finds them: a
    wildcard gives an object's members in their order and an array's items, a scalar nothing; a
    negative index is normalised in the location."""
    nodes: list[tuple[PathKey, Any]] = [((), data)]
    for step in steps:
        found: list[tuple[PathKey, Any]] = []
        for location, value in nodes:
            if step is None:
                if isinstance(value, dict):
                    found.extend(((*location, key), child) for key, child in value.items())
                elif isinstance(value, list):
                    found.extend(((*location, index), child) for index, child in enumerate(value))
            elif isinstance(step, str):
                if isinstance(value, dict) and step in value:
                    found.append(((*location, step), value[step]))
            elif isinstance(value, list) and -len(value) <= step < len(value):
                found.append(((*location, step % len(value)), value[step]))
        nodes = found
    return [Match(location, value) for location, value in nodes]


# ----------------------------------------------------------------------------- the library

_ENVIRONMENT: list[Any] = []  # the one environment, made on first use


def _environment() -> Any:
    """The library's environment with a clock in every filter test, and match(), search(),
    value() and count() of its own (see ``_functions``)."""
    if not _ENVIRONMENT:
        from jsonpath_rfc9535 import JSONPathEnvironment, Parser
        from jsonpath_rfc9535.filter_expressions import FilterExpression

        class TimedTest(FilterExpression):
            __slots__ = ()

            def evaluate(self, context: Any) -> bool:
                if time.perf_counter() > _DEADLINE.get():
                    raise _OverBudget()
                return super().evaluate(context)

        class TimedParser(Parser):
            def parse_filter_selector(self, stream: Any) -> Any:
                selector = super().parse_filter_selector(stream)
                selector.expression.__class__ = TimedTest  # the same object, timed
                return selector

        class Environment(JSONPathEnvironment):
            parser_class = TimedParser

            def setup_function_extensions(self) -> None:
                super().setup_function_extensions()
                self.function_extensions.update(_functions())

        _ENVIRONMENT.append(Environment())
    return _ENVIRONMENT[0]


def _functions() -> dict[str, Any]:
    """The library's match(), search(), value() and count(), with two differences. The patterns
    run with the time left to the evaluation (``regex``'s timeout), and a pattern that nests
    groups too deeply is refused before it reaches the parsers (iregexp-check's overflows its
    stack at a few thousand levels, crashing the process; ``regex``'s raises RecursionError at a
    few hundred). And value(@) and count(@) on a scalar are the scalar and 1, where the library,
    which gives them the scalar itself instead of a one-node list, raised TypeError."""
    from jsonpath_rfc9535 import JSONPathNodeList
    from jsonpath_rfc9535.function_extensions import Count, Value
    from jsonpath_rfc9535.function_extensions import Match as MatchFunction

    class Pattern(MatchFunction):
        def __init__(self, search: bool):
            self.search = search

        def __call__(self, string: object, pattern: object) -> bool:
            if not isinstance(pattern, str) or not isinstance(string, str):
                return False
            compiled = _compiled(pattern, self.search)
            if compiled is None:
                return False
            left = _DEADLINE.get() - time.perf_counter()
            if left <= 0:
                raise _OverBudget(pattern)
            timeout = None if left == float("inf") else left
            try:
                if self.search:
                    return compiled.search(string, timeout=timeout) is not None
                return compiled.fullmatch(string, timeout=timeout) is not None
            except TimeoutError:
                raise _OverBudget(pattern) from None

    class OneNodeValue(Value):
        def __call__(self, nodes: object) -> object:
            return super().__call__(nodes) if isinstance(nodes, JSONPathNodeList) else nodes

    class OneNodeCount(Count):
        def __call__(self, nodes: object) -> int:
            return super().__call__(nodes) if isinstance(nodes, JSONPathNodeList) else 1

    return {
        "match": Pattern(search=False),
        "search": Pattern(search=True),
        "value": OneNodeValue(),
        "count": OneNodeCount(),
    }


@lru_cache(maxsize=256)
def _compiled(pattern: str, search: bool) -> Any:
    """The pattern compiled as the library compiles it, or None where the library's match() and
    search() are false whatever the value (not an I-Regexp, or refused by ``regex``)."""
    import regex
    from iregexp_check import check
    from jsonpath_rfc9535.function_extensions._pattern import map_re

    if _group_depth(pattern) > MAX_GROUP_DEPTH:
        raise _OverBudget(pattern, deep=True)
    if not check(pattern):
        return None
    try:
        return regex.compile(map_re(pattern), regex.VERSION1 if search else 0)
    except regex.error:
        return None


def _group_depth(pattern: str) -> int:
    """How deeply the pattern's groups nest (brackets in a class or escaped do not count)."""
    depth = deepest = 0
    escaped = in_class = False
    for character in pattern:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif in_class:
            in_class = character != "]"
        elif character == "[":
            in_class = True
        elif character == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif character == ")":
            depth -= 1
    return deepest


def compile_selector(text: str) -> Selector:
    from jsonpath_rfc9535.exceptions import JSONPathError
    from jsonpath_rfc9535.segments import JSONPathChildSegment
    from jsonpath_rfc9535.selectors import IndexSelector, NameSelector, WildcardSelector

    try:
        query = _environment().compile(text)
    except JSONPathError as exc:
        raise SelectorError(str(exc)) from None
    except RecursionError:  # $[?((((…@)))) or !!!!…@: the library's parser recurses per level
        raise SelectorError("nested too deeply") from None
    except (
        OverflowError,
        ValueError,
    ):  # 1e309 (infinity) or a 5,000-digit number, which Python will not convert
        raise SelectorError("a number in it is too large") from None
    steps: list[Step] = []
    for segment in query.segments:  # the names, indexes and wildcards a path starts with
        if not isinstance(segment, JSONPathChildSegment) or len(segment.selectors) != 1:
            break
        selector = segment.selectors[0]
        if isinstance(selector, NameSelector):
            steps.append(selector.name)
        elif isinstance(selector, IndexSelector):
            steps.append(selector.index)
        elif isinstance(selector, WildcardSelector):
            steps.append(None)
        else:
            break
    plain = len(steps) == len(query.segments)
    prefix = tuple(itertools.takewhile(lambda step: step is not None, steps))
    return Selector(text, cast(PathKey, prefix), tuple(steps) if plain else None, query)


def dotted(path: PathKey) -> str:
    """A location as users read it: ``applications.public_services[2].name``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "$"


def normalized_path(path: PathKey) -> str:
    """A location as an RFC 9535 normalized path: ``$['applications'][2]``."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out += f"['{escaped}']"
    return out
