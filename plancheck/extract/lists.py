"""The generic reader of the vocabulary's ``ListSpec``: the items of a list (基础库, 主题库,
the networks …), by each strategy the spec gives, in this order: enumerations with 、, names
that end in a term, titles under headings, every match of a pattern, and fixed items."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from plancheck.extract.context import Context
from plancheck.extract.evidence import Obj, evidence, position
from plancheck.extract.find import find, find_all, finditer
from plancheck.extract.text import (
    NUMBER,
    Hit,
    Sent,
    balanced,
    clauses,
    drop_prefix,
    key,
    run_in,
    strip_verbs,
    trim,
)
from plancheck.pack.vocabulary import Find, ListSpec
from plancheck.read.sections import Node, fold

# the sentences of each enclosing object, innermost first, with whether it is the layer
Chain = list[tuple[bool, list[Sent]]]
_ENUMERATION_END = re.compile(
    r"等|(?:\d+|[一二三四五六七八九十]+)\s*(?:个|大|类|项)|(?:重点)?(?:领域|方面|行业)$"
)
_OTHER_LIST = re.compile(r"库(?:和|及|以及|与)")
_COUNTED = re.compile(r"(?:\d+|[一二三四五六七八九十两]+)\s*(?:大|个|类|项|种)$")
_NAME_STOPS = ",;:。、 和及与或|()"


@dataclass
class _Items:
    """The items found so far: each name once, none too short or too general."""

    generic: set[str]
    terms: list[str] = field(default_factory=list)  # keys of the words a name may end in
    items: list[Obj] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, name: str, hit: Hit) -> None:
        name = balanced(name.strip())
        k = key(name).strip("“”")
        if len(k) < 2 or k in self.seen or k in self.generic:
            return
        if any(k.endswith(t) and k[: -len(t)] in self.seen for t in self.terms):
            return  # 应急管理主题库 after 应急管理 from the enumeration: the same database
        self.seen.add(k)
        item = evidence(hit, Obj(name=name), tight=True)
        item.field_pos["name"] = position(hit)
        self.items.append(item)


def read_list(ctx: Context, spec: ListSpec, here: list[Sent], chain: Chain) -> list[Obj]:
    """The items of a list. ``here``: the sentence of the object the list belongs to."""
    words = [*(spec.enumeration.terms if spec.enumeration else []), *(spec.named.terms if spec.named else [])]
    found = _Items(
        {key(g) for g in spec.generic}, sorted({key(t) for t in [*words, "库"]}, key=len, reverse=True)
    )
    for name, hit in _candidates(ctx, spec, here, chain, found.generic):
        found.add(name, hit)
    return found.items


def _candidates(
    ctx: Context, spec: ListSpec, here: list[Sent], chain: Chain, generic: set[str]
) -> Iterator[tuple[str, Hit]]:
    """Every (name, hit) the spec's strategies give, in order."""
    if spec.enumeration is not None:
        yield from _by_enumeration(ctx, spec.enumeration, _scopes(ctx, spec.enumeration, here, chain))
    if spec.named is not None:
        yield from _by_name(ctx, spec.named, _scopes(ctx, spec.named, here, chain), generic)
    if spec.titles is not None:
        yield from _by_title(ctx, spec.titles)
    if spec.sequence is not None:
        yield from _by_sequence(spec.sequence, _scopes(ctx, spec.sequence, here, chain))
    if spec.items:
        within = spec.within or Find()
        yield from _fixed(
            spec, _pool(ctx, spec, [s for scope in _scopes(ctx, within, here, chain) for s in scope])
        )


def _scopes(ctx: Context, spec: Find, here: list[Sent], chain: Chain) -> list[list[Sent]]:
    """Where a strategy looks, nearest first: its headings' sections, then (by its scope) the
    enclosing objects' sentences and the whole document; scope object: just ``here``."""
    scopes = [ctx.sents_of(ctx.sections(spec.headings))] if spec.headings else []
    if spec.scope == "object":
        return [here]
    scopes += [sents for is_layer, sents in chain if spec.scope != "section" or not is_layer]
    if spec.scope == "document":
        scopes.append(ctx.document_sents)
    return scopes


# ----------------------------------------------------------------------------- enumerations


def _by_enumeration(ctx: Context, spec: Find, scopes: list[list[Sent]]) -> Iterator[tuple[str, Hit]]:
    for hit in find_all(spec, scopes):
        # the 、 of a heading's number (二、) lists nothing; what follows it may
        # ((2)共建人口、法人、电子证照基础库)
        number = NUMBER.match(hit.para.folded) if hit.para.heading else None
        if number is not None and hit.match_start < number.end():
            continue
        for name, a in _enumeration(hit, ctx.verbs, number.end() if number else 0):
            yield name, Hit(hit.sent, a, a + len(name), a, max(a + len(name), hit.match_end))


def _enumeration(hit: Hit, verbs: list[str], after: int = 0) -> list[tuple[str, int]]:
    """The items listed with 、 right before the term (人口、法人、电子证照等基础库), or in the
    clause before it (围绕政务服务、交通等领域, 推动主题数据库建设): (name, where)."""
    sent = hit.sent
    parts = clauses(sent.para, sent.start, sent.end)
    index = next((i for i, (_, y) in enumerate(parts) if y > hit.match_start), len(parts) - 1)
    for i in (index, index - 1):
        if i < 0:
            continue
        a, b = parts[i]
        a = max(a, after)
        if i == index:
            b = hit.match_start
        elif _names_its_own(sent, parts[index], hit.match_start, verbs):
            break  # 建设文化旅游主题库: the clause names its own, the list before is another's
        a, b = trim(sent.para, a, b, keep_stop=False)
        # another list ends in the clause (人口、法人基础库和工业经济、农村产权主题库): start after it
        other = [m.end() for m in _OTHER_LIST.finditer(sent.para.folded, a, b)]
        a = other[-1] if other else a
        if "、" not in sent.para.text[a:b]:
            continue
        out = _enumerated(sent.para.text, a, b, verbs)
        if len(out) >= 2:
            return out
    return []


def _names_its_own(sent: Sent, part: tuple[int, int], term_at: int, verbs: list[str]) -> bool:
    """Whether the clause names something of its own before the term (文化旅游 in
    建设文化旅游主题库), rather than only a verb (推动主题数据库建设)."""
    a, _ = trim(sent.para, part[0], term_at, keep_stop=False)
    rest = key(strip_verbs(sent.para.text[a:term_at], verbs))
    return len(rest) >= 2 and rest not in verbs


def _enumerated(text: str, a: int, b: int, verbs: list[str]) -> list[tuple[str, int]]:
    """The names of ``text[a:b]`` split at 、: the first without its verbs, the last without
    its 等 or 领域 (name, where)."""
    pieces = []
    at = a
    for piece in text[a:b].split("、"):
        pieces.append((at, at + len(piece)))
        at += len(piece) + 1
    out = []
    for n, (x, y) in enumerate(pieces):
        if n == len(pieces) - 1:
            tail = _ENUMERATION_END.search(fold(text[x:y]))
            if tail is not None:
                y = x + tail.start()
        if n == 0:
            x = y - len(strip_verbs(text[x:y], verbs))
        while x < y and text[x].isspace():
            x += 1
        name = text[x:y].strip()
        if 1 <= len(name) <= 16 and not re.search(r"[,;:。的]", fold(name)):
            out.append((name, x))
    return out


# ----------------------------------------------------------------------------- names ending in a term


def _by_name(
    ctx: Context, spec: Find, scopes: list[list[Sent]], generic: set[str]
) -> Iterator[tuple[str, Hit]]:
    # ``exclude`` is read on each name (_usable_stem), not on the whole sentence: 建设文化旅游主题库
    # stands in the same sentence as 健全人口、法人基础库
    for hit in find_all(spec.model_copy(update={"exclude": []}), scopes):
        if hit.para.heading:
            continue  # a heading names a section (完善基础库和主题库), not a database
        for name, a in _named(hit, spec, generic, ctx.verbs):
            yield name, Hit.span(hit.sent, a, a + len(name))


def _named(hit: Hit, spec: Find, generic: set[str], verbs: list[str]) -> list[tuple[str, int]]:
    """Names that end in one of the terms: 公安大数据主题库 in 推进公安大数据主题库建设."""
    sent = hit.sent
    out = []
    terms = sorted({key(t) for t in spec.terms}, key=len, reverse=True)
    pos = sent.start
    while pos < sent.end:
        found = _next_term(sent, terms, pos)
        if found is None:
            break
        at, term = found
        start = sent.start + at
        end = start + len(term)
        name, stem_start = _name_ending(sent, start, end, term, verbs)
        pos = end
        stem = key(name)[: -len(term)] if len(key(name)) > len(term) else ""
        if _usable_stem(stem, spec, generic):
            out.append((name.strip(), stem_start))
    return out


def _next_term(sent: Sent, terms: list[str], pos: int) -> tuple[int, str] | None:
    """The first of the terms at or after ``pos`` (where, in the sentence; the term)."""
    found = None
    for term in terms:
        at = sent.key.find(term, pos - sent.start)
        if at >= 0 and (found is None or at < found[0]):
            found = (at, term)
    return found


def _name_ending(sent: Sent, start: int, end: int, term: str, verbs: list[str]) -> tuple[str, int]:
    """The name that ends with the term at ``[start, end)``: back to the clause's punctuation
    or a conjunction (at most 16 characters), then after the last verb in it (name, where)."""
    text, folded = sent.para.text, sent.para.folded
    a = start
    while a > sent.start and start - a < 16 and folded[a - 1] not in _NAME_STOPS:
        a -= 1
    name = text[a:end]
    name_folded = key(name)
    stem_end = len(name_folded) - len(term)
    ends = (name_folded.rfind(v) + len(v) for v in verbs if 0 <= name_folded.rfind(v) <= stem_end - len(v))
    cut = max(ends, default=0)
    if not cut:
        return name, a
    name = drop_prefix(name, cut)
    return name, end - len(name)


def _usable_stem(stem: str, spec: Find, generic: set[str]) -> bool:
    """Whether what comes before the term makes a name: not excluded, not generic, not 的/等/各."""
    if spec.exclude and any(key(x) in stem for x in spec.exclude):
        return False
    if not stem or stem in generic:
        return False
    if any(g and stem.endswith(g) and len(stem) <= len(g) + 1 for g in generic):
        return False
    if _COUNTED.search(stem):
        return False  # 空间地理四大(基础库): the end of an enumeration, counted
    return not (any(ch in stem for ch in "的等各") or len(stem) < 2)


# ----------------------------------------------------------------------------- titles, sequences, fixed items


def _by_title(ctx: Context, spec: Find) -> Iterator[tuple[str, Hit]]:
    for node in ctx.sections(spec.headings):
        for name, hit in _titles(ctx, node):
            yield ctx.strip_verbs(name), hit


def _titles(ctx: Context, node: Node) -> list[tuple[str, Hit]]:
    """The titles of a section's children and the run-in titles of its paragraphs."""
    out = []
    for child in node.children:
        if child.kind != "box" and child.heading is not None and child.title:
            sent = ctx.sents[child.heading.index][0] if ctx.sents[child.heading.index] else None
            if sent is not None:
                at = child.heading.text.find(child.title)
                out.append((child.title, Hit.span(sent, at, at + len(child.title))))
    for para in node.body():
        found = run_in(para)
        if found is not None:
            name, a = found
            out.append((name, Hit.span(ctx.sents[para.index][0], a, a + len(name))))
    return out


def _by_sequence(spec: Find, scopes: list[list[Sent]]) -> Iterator[tuple[str, Hit]]:
    """In the first sentence of the nearest scope."""
    for sent in scopes[0][:1]:
        for name, a in _sequence(spec, sent):
            yield name, Hit.span(sent, a, a + len(name))


def _sequence(spec: Find, sent: Sent) -> list[tuple[str, int]]:
    """Every match of the patterns in the sentence, none overlapping an earlier one, in order."""
    found: list[tuple[int, int]] = []
    for pattern in spec.patterns:
        for m in finditer(pattern, sent.folded):
            a, b = sent.start + m.start(), sent.start + m.end()
            if not any(x < b and a < y for x, y in found):
                found.append((a, b))
    found.sort()
    return [(sent.para.text[a:b], a) for a, b in found]


def _pool(ctx: Context, spec: ListSpec, pool: list[Sent]) -> list[Sent]:
    """Where fixed items are looked for: the sentences ``within`` gives (with its terms), and
    (``together``) any sentence that names that many of them."""
    within = spec.within or Find()
    if within.terms:
        pool = [s for s in pool if any(key(t) in s.key for t in within.terms)]
    if spec.together:
        wordings = [[key(t) for t in item.terms] for item in spec.items]
        pool += [
            s
            for s in ctx.document_sents
            if sum(any(t in s.key for t in terms) for terms in wordings) >= spec.together
        ]
    return pool


def _fixed(spec: ListSpec, pool: list[Sent]) -> Iterator[tuple[str, Hit]]:
    """Each fixed item the pool names, in the spec's order."""
    for item in spec.items:
        wording = Find(terms=sorted(item.terms, key=len, reverse=True), patterns=item.patterns, take="match")
        hit = find(wording, [pool])
        if hit is not None:
            yield hit.value, hit
