"""Finding a vocabulary ``Find`` (terms, patterns, near/exclude words) in sentences: where in
one sentence it matches (``locate``), and the first hit over scopes taken nearest first
(``find``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from plancheck.extract.text import Hit, Sent, clauses, key, trim
from plancheck.pack.ir import PatternTimeout, pattern_time
from plancheck.pack.vocabulary import Find, compiled

# a match in a sentence: (where, in the sentence's coordinates; named groups and the match
# itself, in the paragraph's)
_Match = tuple[int, dict[str, tuple[int, int]], tuple[int, int]]


def search(pattern: str, text: str) -> Any:
    """The pattern's first match in the text (a ``regex`` match object), or None, also when the
    search runs out of time or the pattern already has on this document (``pack.ir.pattern_time``)."""
    try:
        with pattern_time(pattern) as timeout:
            return compiled(pattern).search(text, 0, timeout=timeout)
    except PatternTimeout:
        return None


def finditer(pattern: str, text: str) -> list[Any]:
    """Every match of the pattern in the text, none when it runs out of time (or has)."""
    try:
        with pattern_time(pattern) as timeout:
            return list(compiled(pattern).finditer(text, timeout=timeout))
    except PatternTimeout:
        return []


def alternatives(spec: Find) -> list[tuple[str, ...] | str]:
    """A spec's ways of matching, in order of preference: its terms (as one), then each pattern."""
    terms: list[tuple[str, ...] | str] = [tuple(key(t) for t in spec.terms)] if spec.terms else []
    return terms + list(spec.patterns)


def locate(spec: Find, sent: Sent, only: int | None = None) -> Hit | None:
    """The first place in the sentence where the spec's terms or patterns match (``only``:
    just one alternative, see ``alternatives``)."""
    if spec.exclude and any(key(t) in sent.key for t in spec.exclude):
        return None
    if spec.near and not any(key(t) in sent.key for t in spec.near):
        return None
    best: _Match | None = None
    for match in _matches(spec, sent, only):
        if best is None or match[0] < best[0]:  # the earliest; on a tie the one listed first
            best = match
    if not spec.terms and not spec.patterns:
        best = (0, {}, (sent.start, sent.end))
    if best is None:
        return None
    _, groups, (ms, me) = best
    a, b = _taken(spec, sent, *groups.get("value", (ms, me)))
    if b <= a:
        return None
    return Hit(sent, a, b, ms, me, groups)


def _matches(spec: Find, sent: Sent, only: int | None) -> Iterator[_Match]:
    """Every alternative's match in the sentence, in the order listed."""
    for n, alternative in enumerate(alternatives(spec)):
        if only is not None and n != only:
            continue
        if isinstance(alternative, tuple):  # the terms, any of them
            for term in alternative:
                at = sent.key.find(term)
                if at >= 0:
                    yield at, {}, (sent.start + at, sent.start + at + len(term))
            continue
        found = search(alternative, sent.folded)
        if found is None:
            continue
        groups = {
            name: (sent.start + found.start(name), sent.start + found.end(name))
            for name in found.groupdict()
            if found.group(name) is not None
        }
        yield found.start(), groups, (sent.start + found.start(), sent.start + found.end())


def _taken(spec: Find, sent: Sent, a: int, b: int) -> tuple[int, int]:
    """The value a match at ``[a, b)`` gives: the sentence, the clauses or the match itself."""
    if spec.take == "sentence":
        return trim(sent.para, sent.start, sent.end)
    if spec.take == "clause":
        parts = clauses(sent.para, sent.start, sent.end)
        first = next((x for x, y in parts if y > a), sent.start)
        last = next((y for _, y in parts if y >= b), sent.end)
        return trim(sent.para, first, max(last, b), keep_stop=False)
    if spec.take == "match":
        return trim(sent.para, a, b)
    return a, b


def find(
    spec: Find,
    scopes: list[list[Sent]],
    doc_from: int | None = None,
    accept: Callable[[Hit], bool] | None = None,
) -> Hit | None:
    """The first hit: scope by scope (nearest first); within a scope the terms, then each
    pattern in the order listed; for each, body text before headings, in reading order.
    From scope ``doc_from`` on, a hit is marked ``outside`` the element's own sections."""
    count = max(1, len(alternatives(spec)))
    for index, scope in enumerate(scopes):
        for only in range(count):
            for headings in (False, True):
                hit = _first_in(spec, scope, only, headings, accept)
                if hit is not None:
                    hit.outside = doc_from is not None and index >= doc_from
                    return hit
    return None


def _first_in(
    spec: Find, scope: list[Sent], only: int, headings: bool, accept: Callable[[Hit], bool] | None = None
) -> Hit | None:
    for sent in scope:
        if sent.para.heading == headings:
            hit = locate(spec, sent, only)
            if hit is not None and accept is not None and not accept(hit):
                hit = _later(spec, sent, only, hit, accept)
            if hit is not None:
                return hit
    return None


def _later(spec: Find, sent: Sent, only: int, first: Hit, accept: Callable[[Hit], bool]) -> Hit | None:
    """A match after a withdrawn one in the same sentence (不再新建政务云, 新建系统部署在市政务云上),
    read with the whole sentence's polarity."""
    hit: Hit | None = first
    while hit is not None and not accept(hit):
        rest = Sent(sent.para, max(hit.match_end, hit.match_start + 1), sent.end)
        if rest.start >= rest.end:
            return None
        found = locate(spec, rest, only)
        hit = (
            Hit(sent, found.start, found.end, found.match_start, found.match_end, found.groups)
            if found
            else None
        )
    return hit


def stated(hit: Hit) -> bool:
    """Whether the sentence states what the hit found rather than withdrawing it: the
    statement reader's polarity of the match is affirmed or tentative (探索), not negated,
    deferred (暂不, 待…成熟) or conditional (如确需)."""
    from plancheck.plan.statements import Polarity, read_statement

    sent = hit.sent
    text = sent.para.text[sent.start : sent.end]
    a, b = hit.match_start - sent.start, max(hit.match_end - sent.start, hit.match_start - sent.start + 1)
    clause = read_statement(text).clause_at(a)
    return clause is None or clause.polarity_at(a, b) in (Polarity.AFFIRMED, Polarity.TENTATIVE)


def find_all(spec: Find, scopes: list[list[Sent]]) -> list[Hit]:
    """A hit in every sentence of the scopes where the spec matches, each sentence once."""
    seen: set[int] = set()
    out = []
    for scope in scopes:
        for sent in scope:
            if id(sent) in seen:
                continue
            seen.add(id(sent))
            hit = locate(spec, sent)
            if hit is not None:
                out.append(hit)
    return out
