"""Selectors: where a rule looks in a plan, written in RFC 9535 JSONPath.

Parsing and evaluation are done by ``jsonpath_rfc9535``; this module adds what a linter needs
around it: the location of every match, and the static prefix of the path (the keys before the
first wildcard or filter), which is where a finding about something missing belongs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Match:
    location: PathKey
    value: Any


class SelectorError(ValueError):
    """A selector that does not parse; the message says why."""


@dataclass
class Selector:
    text: str
    query: Any
    prefix: PathKey

    def find(self, data: Any) -> list[Match]:
        return [Match(tuple(node.location), node.value) for node in self.query.finditer(data)]


def _static_prefix(query: Any) -> PathKey:
    from jsonpath_rfc9535.segments import JSONPathChildSegment
    from jsonpath_rfc9535.selectors import IndexSelector, NameSelector

    prefix: list[str | int] = []
    for segment in query.segments:
        if not isinstance(segment, JSONPathChildSegment) or len(segment.selectors) != 1:
            break
        selector = segment.selectors[0]
        if isinstance(selector, NameSelector):
            prefix.append(selector.name)
        elif isinstance(selector, IndexSelector):
            prefix.append(selector.index)
        else:
            break
    return tuple(prefix)


def compile_selector(text: str) -> Selector:
    import jsonpath_rfc9535
    from jsonpath_rfc9535.exceptions import JSONPathError

    try:
        query = jsonpath_rfc9535.compile(text)
    except JSONPathError as exc:
        raise SelectorError(str(exc)) from None
    return Selector(text, query, _static_prefix(query))


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
