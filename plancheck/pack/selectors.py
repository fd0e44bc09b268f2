"""Selectors: where a rule looks in a plan, written in RFC 9535 JSONPath.

Parsing is done by ``jsonpath_rfc9535``, and so is the evaluation of anything this module does
not evaluate itself from the parse (see ``Selector``); this module adds what a linter needs
around it: the location of every match, and the static prefix of the path (the keys before the
first wildcard or filter), which is where a finding about something missing belongs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

PathKey = tuple[str | int, ...]


class Match(NamedTuple):  # made for every value a selector finds: a NamedTuple, cheap
    location: PathKey
    value: Any


class SelectorError(ValueError):
    """A selector that does not parse; the message says why."""


Step = tuple[str, Any]  # ("name", key) | ("index", i) | ("wild", None) | ("filter", Test)

# A filter's test, compiled from the library's parse into plain tuples (picklable, and evaluated
# without the library):
#   ("or", Test, Test)  ("and", Test, Test)  ("not", Test)
#   ("exists", relative, steps)              a query that selects at least one node
#   ("compare", operator, Operand, Operand)  ==, !=, <, <=, >, >=
# Operand: ("literal", value) | ("query", relative, steps), a singular query (names and indexes)
Test = tuple[Any, ...]


class _Nothing:
    """RFC 9535's Nothing: the value of a singular query that selects no node."""

    __slots__ = ()


NOTHING = _Nothing()


@dataclass
class Selector:
    """A compiled selector. Paths made of names, indexes, wildcards and filters whose tests are
    comparisons with literals, existence tests and their !, && and || (all the Anhui pack
    uses) are evaluated here from the library's parse, so that a run with a cached pack need not
    import the JSONPath library; any other path (function extensions, slices, descendants,
    unions) is evaluated by it. A test holds the two to the same result."""

    text: str
    prefix: PathKey
    steps: tuple[Step, ...] | None  # None: the library evaluates this selector
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
            import jsonpath_rfc9535

            self._query = jsonpath_rfc9535.compile(self.text)
        return self._query

    def find(self, data: Any) -> list[Match]:
        steps = self.steps
        if steps is None:
            return [Match(tuple(node.location), node.value) for node in self.query.finditer(data)]
        if len(steps) == len(self.prefix):  # names and indexes alone
            return _follow(self.prefix, data)
        return [Match(location, value) for location, value in _walk(steps, data)]


def _follow(keys: PathKey, data: Any) -> list[Match]:
    """The one match of a path of names and indexes (the most common selector), or none: what
    ``_walk`` finds, without its lists of candidates."""
    value = data
    location: list[str | int] | None = None  # made only when a negative index is normalised
    for position, key in enumerate(keys):
        if isinstance(key, str):
            if not isinstance(value, dict) or key not in value:
                return []
            value = value[key]
        elif isinstance(value, list) and -len(value) <= key < len(value):
            if key < 0:
                location = location or list(keys)
                location[position] = key % len(value)
            value = value[key]
        else:
            return []
    return [Match(keys if location is None else tuple(location), value)]


def _walk(steps: tuple[Step, ...], start: Any) -> list[tuple[PathKey, Any]]:
    """The (location, value) of every node the steps select from ``start``, in document order;
    locations are relative to ``start``.

    ``$`` in the steps' filters stands for ``start``, as in jsonpath-rfc9535 (1.0), which
    evaluates every query, a filter's ``@…`` query included, from the node it starts at. So
    inside a filter nested in ``@.parts[?…]``, ``$`` is the part's parent, not the document
    (RFC 9535 says the document). Both evaluators must agree, so this follows the library."""
    root = start
    current: list[tuple[PathKey, Any]] = [((), start)]
    for kind, arg in steps:
        following: list[tuple[PathKey, Any]] = []
        for location, value in current:
            if kind == "name":
                if isinstance(value, dict) and arg in value:
                    following.append(((*location, arg), value[arg]))
            elif kind == "index":
                if isinstance(value, list) and -len(value) <= arg < len(value):
                    index = arg % len(value)
                    following.append(((*location, index), value[index]))
            else:
                if isinstance(value, dict):
                    children: Any = value.items()
                elif isinstance(value, list):
                    children = enumerate(value)
                else:
                    continue
                if kind == "wild":
                    following.extend(((*location, k), v) for k, v in children)
                else:
                    following.extend(((*location, k), v) for k, v in children if _passes(arg, v, root))
        current = following
    return current


def _passes(test: Test, current: Any, root: Any) -> bool:
    kind = test[0]
    if kind == "and":
        return _passes(test[1], current, root) and _passes(test[2], current, root)
    if kind == "or":
        return _passes(test[1], current, root) or _passes(test[2], current, root)
    if kind == "not":
        return not _passes(test[1], current, root)
    if kind == "exists":
        return bool(_walk(test[2], current if test[1] else root))
    _, operator, left, right = test
    return _compare(_operand(left, current, root), operator, _operand(right, current, root))


def _operand(operand: tuple[Any, ...], current: Any, root: Any) -> Any:
    if operand[0] == "literal":
        return operand[1]
    found = _walk(operand[2], current if operand[1] else root)
    return found[0][1] if len(found) == 1 else NOTHING


def _compare(left: Any, operator: str, right: Any) -> bool:
    if operator == "==":
        return _equal(left, right)
    if operator == "!=":
        return not _equal(left, right)
    if operator == "<":
        return _less(left, right)
    if operator == ">":
        return _less(right, left)
    if operator == "<=":
        return _less(left, right) or _equal(left, right)
    return _less(right, left) or _equal(left, right)  # >=


def _equal(left: Any, right: Any) -> bool:
    if left is NOTHING or right is NOTHING:
        return left is right
    if isinstance(left, bool) or isinstance(right, bool):  # true is not 1
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    return bool(left == right)


def _less(left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left < right
    if isinstance(left, bool) or isinstance(right, bool):
        return False
    return isinstance(left, int | float) and isinstance(right, int | float) and left < right


# ----------------------------------------------------------------------------- from the parse


def _step(segment: Any) -> Step | None:
    """A child segment with one name, index, wildcard or (compilable) filter, as a step."""
    from jsonpath_rfc9535.segments import JSONPathChildSegment
    from jsonpath_rfc9535.selectors import (
        FilterSelector,
        IndexSelector,
        NameSelector,
        WildcardSelector,
    )

    if not isinstance(segment, JSONPathChildSegment) or len(segment.selectors) != 1:
        return None
    selector = segment.selectors[0]
    if isinstance(selector, NameSelector):
        return ("name", selector.name)
    if isinstance(selector, IndexSelector):
        return ("index", selector.index)
    if isinstance(selector, WildcardSelector):
        return ("wild", None)
    if isinstance(selector, FilterSelector):
        test = _test(selector.expression)
        return ("filter", test) if test is not None else None
    return None


def _steps(query: Any) -> tuple[Step, ...] | None:
    steps = tuple(_step(segment) for segment in query.segments)
    return None if None in steps else steps


def _test(expression: Any) -> Test | None:
    """A filter expression as a Test, or None when it is outside what ``_passes`` evaluates."""
    from jsonpath_rfc9535 import filter_expressions as parsed

    if isinstance(expression, parsed.FilterExpression):
        return _test(expression.expression)
    if isinstance(expression, parsed.LogicalExpression) and expression.operator in ("&&", "||"):
        left, right = _test(expression.left), _test(expression.right)
        if left is None or right is None:
            return None
        return ("and" if expression.operator == "&&" else "or", left, right)
    if isinstance(expression, parsed.PrefixExpression) and expression.operator == "!":
        inner = _test(expression.right)
        return None if inner is None else ("not", inner)
    if isinstance(expression, parsed.ComparisonExpression):
        left, right = _comparand(expression.left), _comparand(expression.right)
        if left is None or right is None:
            return None
        return ("compare", expression.operator, left, right)
    if isinstance(expression, parsed.FilterQuery):
        relative = isinstance(expression, parsed.RelativeFilterQuery)
        steps = _steps(expression.query)
        # a bare @ on a scalar is tested by its value in the library: leave that case to it
        if steps is None or (relative and not steps):
            return None
        return ("exists", relative, steps)
    return None


def _comparand(expression: Any) -> tuple[Any, ...] | None:
    from jsonpath_rfc9535 import filter_expressions as parsed

    if isinstance(expression, parsed.FilterExpressionLiteral):
        return ("literal", expression.value)
    if isinstance(expression, parsed.FilterQuery):
        steps = _steps(expression.query)
        if steps is None or any(kind not in ("name", "index") for kind, _ in steps):
            return None
        return ("query", isinstance(expression, parsed.RelativeFilterQuery), steps)
    return None


def _prefix(steps: tuple[Step | None, ...]) -> PathKey:
    """The names and indexes a path starts with: where all its matches lie."""
    prefix: list[str | int] = []
    for step in steps:
        if step is None or step[0] not in ("name", "index"):
            break
        prefix.append(step[1])
    return tuple(prefix)


def compile_selector(text: str) -> Selector:
    import jsonpath_rfc9535
    from jsonpath_rfc9535.exceptions import JSONPathError

    try:
        query = jsonpath_rfc9535.compile(text)
    except JSONPathError as exc:
        raise SelectorError(str(exc)) from None
    steps = tuple(_step(segment) for segment in query.segments)
    return Selector(text, _prefix(steps), None if None in steps else steps, query)


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
