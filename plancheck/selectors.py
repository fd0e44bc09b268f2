"""Selectors: where a rule looks in a plan, written in RFC 9535 JSONPath.

Parsing and evaluation are done by ``jsonpath_rfc9535``; this module adds what a linter needs
around it: the location of every match, and the static prefix of the path (the keys before the
first wildcard or filter), which is where a finding about something missing belongs. A path of
names and indexes alone, the most common selector, is followed here, without the library.
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


@dataclass
class Selector:
    """A compiled selector. A path of names and indexes alone (most selectors) is followed
    here; any other is evaluated by the library, compiled on first use (so that a cached pack
    whose selectors are all plain paths needs no JSONPath library)."""

    text: str
    prefix: PathKey
    steps: PathKey | None  # the path's keys when it has nothing else; None: the library's
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
        if self.steps is not None:
            return _follow(self.steps, data)
        return [Match(tuple(node.location), node.value) for node in self.query.finditer(data)]


def _follow(keys: PathKey, data: Any) -> list[Match]:
    """The one match of a path of names and indexes, or none, as the library finds it."""
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


def compile_selector(text: str) -> Selector:
    import jsonpath_rfc9535
    from jsonpath_rfc9535.exceptions import JSONPathError
    from jsonpath_rfc9535.segments import JSONPathChildSegment
    from jsonpath_rfc9535.selectors import IndexSelector, NameSelector

    try:
        query = jsonpath_rfc9535.compile(text)
    except JSONPathError as exc:
        raise SelectorError(str(exc)) from None
    prefix: list[str | int] = []
    for segment in query.segments:  # the names and indexes a path starts with
        if not isinstance(segment, JSONPathChildSegment) or len(segment.selectors) != 1:
            break
        selector = segment.selectors[0]
        if isinstance(selector, NameSelector):
            prefix.append(selector.name)
        elif isinstance(selector, IndexSelector):
            prefix.append(selector.index)
        else:
            break
    plain = len(prefix) == len(query.segments)
    return Selector(text, tuple(prefix), tuple(prefix) if plain else None, query)


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
