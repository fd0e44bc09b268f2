"""Selectors: where a rule looks in a plan, written in RFC 9535 JSONPath.

Parsing and evaluation are done by ``jsonpath_rfc9535``; this module adds what a linter needs
around it: the location of every match, and the static prefix of the path (the keys before the
first wildcard or filter), which is where a finding about something missing belongs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

PathKey = tuple[str | int, ...]


class Match(NamedTuple):  # made for every value a selector finds: a NamedTuple, cheap
    location: PathKey
    value: Any


class SelectorError(ValueError):
    """A selector that does not parse; the message says why."""


Step = tuple[str, Any]  # ("name", key) | ("index", i) | ("wild", None)


@dataclass
class Selector:
    """A compiled selector. Paths made only of names, indexes and wildcards (most of them) are
    evaluated here from their parsed steps, so that a run with a cached pack need not import the
    JSONPath library; any other path (filters, slices, descendants) is evaluated by it."""

    text: str
    prefix: PathKey
    steps: tuple[Step, ...] | None  # None: the library evaluates this selector
    _query: Any = None
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
        if self.steps is None:
            return [Match(tuple(node.location), node.value) for node in self.query.finditer(data)]
        current: list[tuple[PathKey, Any]] = [((), data)]
        for kind, arg in self.steps:
            following: list[tuple[PathKey, Any]] = []
            for location, value in current:
                if kind == "name":
                    if isinstance(value, dict) and arg in value:
                        following.append(((*location, arg), value[arg]))
                elif kind == "index":
                    if isinstance(value, list) and -len(value) <= arg < len(value):
                        index = arg % len(value)
                        following.append(((*location, index), value[index]))
                elif isinstance(value, dict):
                    following.extend(((*location, k), v) for k, v in value.items())
                elif isinstance(value, list):
                    following.extend(((*location, i), v) for i, v in enumerate(value))
            current = following
        return [Match(location, value) for location, value in current]


def _analyse(query: Any) -> tuple[PathKey, tuple[Step, ...] | None]:
    """The query's static prefix (the names and indexes before anything else) and, when it is
    made only of names, indexes and wildcards in child segments, its steps (else None)."""
    from jsonpath_rfc9535.segments import JSONPathChildSegment
    from jsonpath_rfc9535.selectors import IndexSelector, NameSelector, WildcardSelector

    prefix: list[str | int] = []
    steps: list[Step] = []
    fixed = True  # still in the prefix
    for segment in query.segments:
        selector = segment.selectors[0] if len(segment.selectors) == 1 else None
        step: Step | None = None
        if isinstance(segment, JSONPathChildSegment):
            if isinstance(selector, NameSelector):
                step = ("name", selector.name)
            elif isinstance(selector, IndexSelector):
                step = ("index", selector.index)
            elif isinstance(selector, WildcardSelector):
                step = ("wild", None)
        if step is None:
            return tuple(prefix), None
        fixed = fixed and step[0] != "wild"
        if fixed:
            prefix.append(step[1])
        steps.append(step)
    return tuple(prefix), tuple(steps)


def compile_selector(text: str) -> Selector:
    import jsonpath_rfc9535
    from jsonpath_rfc9535.exceptions import JSONPathError

    try:
        query = jsonpath_rfc9535.compile(text)
    except JSONPathError as exc:
        raise SelectorError(str(exc)) from None
    prefix, steps = _analyse(query)
    return Selector(text, prefix, steps, query)


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
