"""The closed set of check functions a rule may use; their options are ``pack.ir``'s (as
``pack.options`` validates them when a pack is read).

A check function receives the matches of the rule's selector and its options, and returns
what is wrong and where (``Violation``); it knows nothing of rule ids or severities, which the
engine attaches. Every detail is written in Chinese and English. This module does not import
pydantic: a run that reads its packs from the cache checks plans without it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from plancheck.engine import reading
from plancheck.engine.reading import Found, find_pattern, find_terms, not_negated, withdrawn_detail
from plancheck.i18n import Message
from plancheck.pack.ir import (
    DEFAULT_CONTEXT,
    PATTERN_TIMEOUT,
    Agrees,
    AtLeast,
    BuildsOwn,
    Context,
    Covers,
    NoOptions,
    PatternTimeout,
    ReliesOn,
    RequiredTerms,
    TextSearch,
    Where,
    YearBound,
)
from plancheck.pack.selectors import Match, PathKey, Selector, dotted
from plancheck.plan import quantities, wording


class Violation(NamedTuple):
    location: PathKey
    detail: Message
    missing: bool = False  # nothing was found: ``location`` is what the plan should state


def _text(value: Any) -> str:
    """The text a value states: a string itself, a named object its name, a list its items."""
    if value is None:
        return ""
    if isinstance(value, dict):
        for key in ("name", "text", "description", "value"):
            text = value.get(key)
            if isinstance(text, str):
                return text
        return " ".join(_text(v) for k, v in value.items() if k not in ("source", "quote"))
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return str(value)


def _shown(value: Any, limit: int = 40) -> str:
    text = _text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _missing(selector: Selector, context: Context = DEFAULT_CONTEXT) -> Violation:
    """Nothing found: the violation names the key the plan should have written (``sharing``,
    not ``sharing.text``, since a plain string there is enough)."""
    prefix = selector.written
    if prefix is None:  # a selector compiled outside a pack
        from plancheck.plan.model import Plan
        from plancheck.read.validation import written_path

        prefix = written_path(Plan, selector.prefix)
    return Violation(prefix, missing_detail([prefix], context.titles), missing=True)


def missing_detail(paths: list[PathKey], titles: bool = False) -> Message:
    """ "The plan does not state a, b": the shortest paths, a path inside another one left out."""
    return _missing_detail(tuple(paths), titles)


@lru_cache(maxsize=1024)  # the same few paths are missing from plan after plan
def _missing_detail(paths: tuple[PathKey, ...], titles: bool) -> Message:
    kept = [p for p in paths if not any(q != p and p[: len(q)] == q for q in paths)]
    places = list(dict.fromkeys(place(p, titles) for p in kept))
    zh = "、".join(dict.fromkeys(p.zh for p in places))
    return Message(f"规划未写明{zh}", f"the plan does not state {', '.join(p.en for p in places)}")


def place(location: PathKey, titles: bool = False) -> Message:
    """A place in the plan: its schema titles in Chinese (“政务云·标准规范”); in English its path,
    or with ``titles`` (a document's reader) its titles too."""
    return wording.place(location, dotted(location), titles)


def _place(location: PathKey, context: Context = DEFAULT_CONTEXT) -> Message:
    return place(location, context.titles)


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, list, dict)):
        return not (value.strip() if isinstance(value, str) else value)
    return False


def _where_holds(item: Any, where: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    if not isinstance(item, dict):
        return False
    return all(
        quantities.normalise(_text(item.get(key))) in {quantities.normalise(v) for v in values}
        for key, values in where
    )


def _where_text(where: tuple[tuple[str, tuple[str, ...]], ...], location: PathKey) -> Message:
    """The conditions of ``where`` in words (标注为“重点项目”; in English key_project = true)."""
    path = wording.key_path(location)
    said = [wording.choice(path, key, values) for key, values in where]
    return Message("，".join(m.zh for m in said), ", ".join(m.en for m in said))


# ----------------------------------------------------------------------------- functions


def present(
    selector: Selector, matches: list[Match], options: NoOptions, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """At least one value is found at the selector."""
    if not any(m.value is not None for m in matches):
        return [_missing(selector, context)]
    return []


def _withdrawn_item(item: Any, context: Context) -> Found | None:
    """An item that says it is not (yet) done — its name, or every clause of its description,
    negated, deferred or conditional (``协同办公平台（暂缓建设）``, ``远期视财力再行建设``)."""
    if isinstance(item, dict):
        texts = [item.get("name") or item.get("text"), item.get("description")]
    else:
        texts = [item]
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        st = reading.statement(text, context.markers)
        clauses = [c for c in st.clauses if c.text.strip()]
        if clauses and not any(reading.commits_polarity(c.polarity, context) for c in clauses):
            worst = min(clauses, key=lambda c: reading.WITHDRAWING.index(c.polarity))
            return Found(None, worst, worst.polarity)
    return None


def _empty_violation(m: Match, withdrawn: Found | None, context: Context) -> Violation:
    where = _place(m.location, context)
    if withdrawn is None:
        return Violation(m.location, Message(f"{where.zh}为空", f"{where.en} is empty"))
    quote = withdrawn_detail(withdrawn, Message("其内容", "it"))
    return Violation(
        m.location,
        Message(f"{where.zh}实际为空：{quote.zh}", f"{where.en} is empty in effect: {quote.en}"),
    )


def non_empty(
    selector: Selector, matches: list[Match], options: Where, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """Something is found, and every value found is non-empty (with ``where``: every list found
    has at least one item meeting it). An item that says it is not done does not count."""
    if not matches:
        return [_missing(selector, context)]
    out = []
    for m in matches:
        if _is_empty(m.value):
            out.append(_empty_violation(m, None, context))
            continue
        items = m.value if isinstance(m.value, list) else [m.value]
        read = [(item, _withdrawn_item(item, context)) for item in items]
        withdrawn = [w for _, w in read if w is not None]
        kept = [item for item, w in read if w is None]
        if options.where is None:
            if not kept:
                out.append(_empty_violation(m, withdrawn[0] if withdrawn else None, context))
        elif not any(_where_holds(item, options.where) for item in kept):
            cond = _where_text(options.where, m.location)
            where = _place(m.location, context)
            out.append(
                Violation(
                    m.location,
                    Message(f"{where.zh}中没有{cond.zh}的条目", f"{where.en} has no item with {cond.en}"),
                )
            )
    return out


def _position(
    item: RequiredTerms, texts: list[str], context: Context, after: int = -1
) -> tuple[int | None, Found]:
    """The first value, after index ``after``, that states the item (and a clause that names it
    but withdraws it, when none does)."""
    withdrawn = Found()
    excluded = [quantities.normalise(x) for x in item.exclude]
    for index, text in enumerate(texts):
        if index <= after or any(x in quantities.normalise(text) for x in excluded):
            continue
        found = find_terms(text, item.terms, context)
        if found.holds:
            return index, found
        if found.withdrawn is not None and withdrawn.withdrawn is None:
            withdrawn = found
    return None, withdrawn


def covers(
    selector: Selector, matches: list[Match], options: Covers, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """The values found, together, name every required item (by any of its wordings), each in
    a clause that states it (not one that negates, defers or makes it conditional)."""
    texts = [_text(m.value) for m in matches if m.value is not None]
    if not texts:
        return [_missing(selector, context)]
    location = _common_parent([m.location for m in matches])
    positions = [(item, *_position(item, texts, context)) for item in options.items]
    missing = [item.label for item, index, _ in positions if index is None]
    if missing:
        names = "、".join(missing)
        quotes = [
            withdrawn_detail(found, Message(item.label, item.label))
            for item, index, found in positions
            if index is None and found.withdrawn is not None
        ]
        zh = f"缺少：{names}" + (f"（{'；'.join(q.zh for q in quotes)}）" if quotes else "")
        en = f"missing: {', '.join(missing)}" + (f" ({'; '.join(q.en for q in quotes)})" if quotes else "")
        return [Violation(location, Message(zh, en))]
    if options.in_order:
        after = -1
        for item in options.items:
            found_at, _ = _position(item, texts, context, after)
            if found_at is None:
                order = " → ".join(i.label for i in options.items)
                return [Violation(location, Message(f"顺序应为：{order}", f"the order should be: {order}"))]
            after = found_at
    return []


def _common_parent(locations: list[PathKey]) -> PathKey:
    """Where a finding about several values belongs: the list (or mapping) that holds them."""
    if not locations:
        return ()
    first = locations[0]
    n = 0
    while all(len(loc) > n and loc[n] == first[n] for loc in locations):
        n += 1
    prefix = first[:n]
    if (
        len(locations) == 1
        and prefix
        and isinstance(prefix[-1], str)
        and len(prefix) > 1
        and isinstance(prefix[-2], int)
    ):
        prefix = prefix[:-1]  # the field of a list item: name the item
    while prefix and isinstance(prefix[-1], int):
        prefix = prefix[:-1]  # a list item: name the list
    return prefix


_UNITS = {
    "bandwidth": ("Mbps", Message("带宽", "bandwidth"), Message("千兆、1000M、1Gbps", "千兆, 1000M, 1Gbps")),
    "percent": ("%", Message("百分比", "percentage"), Message("100%、百分之百", "100%, 百分之百")),
}
_BOUND_WORDS = {"at_most": Message("至多", "at most "), "below": Message("低于", "below ")}


def _amount(value: float, unit: str) -> str:
    return f"{value:g} {unit}".replace(" %", "%")


def _read(text: str, options: AtLeast) -> quantities.Reading | None:
    if options.quantity == "bandwidth":
        return quantities.read_bandwidth(text, field=True)
    return quantities.read_percent(text, whole=options.whole)


def _short_of(m: Match, text: str, options: AtLeast, context: Context) -> Violation | None:
    """What is wrong with one value against the minimum: unreadable, capped, below, or stated
    in a clause that withdraws it (暂不具备千兆条件)."""
    unit, kind, examples = _UNITS[options.quantity]
    least = _amount(options.min, unit)
    shown = _shown(text)
    found = _read(text, options)
    if found is None:
        return Violation(
            m.location,
            Message(
                f"无法将“{shown}”读作{kind.zh}（应写明一个值，如{examples.zh}）",
                f"cannot read '{shown}' as a {kind.en} (write one value, such as {examples.en})",
            ),
        )
    if not found.meets(options.min):
        bound = _BOUND_WORDS.get(found.bound, Message("", ""))
        got = _amount(found.value, unit)
        return Violation(
            m.location,
            Message(
                f"“{shown}”即{bound.zh}{got}，低于要求的{least}",
                f"'{shown}' is {bound.en}{got}, below the required {least}",
            ),
        )
    st = reading.statement(text, context.markers)
    clause, polarity = reading.span_polarity(st, *found.span)
    if clause is not None and not reading.commits_polarity(polarity, context):
        what = Message(
            f"{kind.zh}{_amount(found.value, unit)}", f"the {kind.en} of {_amount(found.value, unit)}"
        )
        detail = withdrawn_detail(Found(None, clause, polarity), what)
        return Violation(
            m.location,
            Message(
                f"“{shown}”未承诺达到{least}：{detail.zh}",
                f"'{shown}' does not commit to {least}: {detail.en}",
            ),
        )
    return None


def at_least(
    selector: Selector, matches: list[Match], options: AtLeast, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """Every value found states a quantity no smaller than ``min`` (units normalised), as a
    reviewer reads it: 不低于千兆 meets 1000 Mbps, 最高1000M and 达不到千兆 do not, a value that
    cannot be read is said to be unreadable, and a clause that withdraws it does not count."""
    if not any(m.value is not None for m in matches):
        return [_missing(selector, context)]
    out = []
    for m in matches:
        violation = _short_of(m, _text(m.value), options, context)
        if violation is not None:
            out.append(violation)
    return out


def _date_check(
    selector: Selector, matches: list[Match], options: YearBound, later: bool, context: Context
) -> list[Violation]:
    if not any(m.value is not None for m in matches):
        return [_missing(selector, context)]
    out = []
    for m in matches:
        text = _text(m.value)
        if later:
            value, bound = quantities.latest_date(m.value), quantities.latest_date(options.bound)
        else:
            value, bound = quantities.earliest_date(m.value), quantities.earliest_date(options.bound)
        if value is None:
            out.append(
                Violation(
                    m.location,
                    Message(
                        f"无法将“{_shown(text)}”读作日期或年份",
                        f"cannot read '{_shown(text)}' as a year or date",
                    ),
                )
            )
        elif (later and value > bound) or (not later and value < bound):  # type: ignore[operator]
            zh, en = ("晚于", "later than") if later else ("早于", "earlier than")
            bound_zh = f"{options.bound}年" if options.bound.isdigit() else options.bound
            out.append(
                Violation(
                    m.location,
                    Message(
                        f"“{_shown(text)}”{zh}{bound_zh}",
                        f"'{_shown(text)}' is {en} {options.bound}",
                    ),
                )
            )
    return out


def not_later_than(
    selector: Selector, matches: list[Match], options: YearBound, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """Every date or year found falls on or before ``bound`` (2022年底 ≤ 2022)."""
    return _date_check(selector, matches, options, True, context)


def not_earlier_than(
    selector: Selector, matches: list[Match], options: YearBound, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """Every date or year found falls on or after ``bound``."""
    return _date_check(selector, matches, options, False, context)


def _timed_out(location: PathKey, text: str) -> Violation:
    return Violation(
        location,
        Message(
            f"规则的正则表达式在本规划上超时（{PATTERN_TIMEOUT:g} 秒），对“{_shown(text)}”无法判断；请修改规则",
            f"the rule's pattern timed out ({PATTERN_TIMEOUT:g} s) on this plan and cannot decide on "
            f"'{_shown(text)}'; the rule needs fixing",
        ),
    )


def search(text: str, options: TextSearch, context: Context, accept: reading.Accept | None = None) -> Found:
    """Where a value states what ``matches``/``forbidden`` look for, read as statements;
    PatternTimeout if the pattern cannot decide within its time limit."""
    if options.terms is not None:
        return find_terms(text, options.terms, context, accept=accept)
    if options.pattern is None:
        return Found()
    return find_pattern(text, options.pattern, context, accept=accept)


def matches_(
    selector: Selector, matches: list[Match], options: TextSearch, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """Every value found states the pattern (or one of the terms) in a clause that commits to
    it; a clause that negates, defers or makes it conditional is quoted in the finding."""
    if not any(m.value is not None for m in matches):
        return [] if options.denied_only else [_missing(selector, context)]
    wanted = options.wanted()
    out = []
    for m in matches:
        text = _text(m.value)
        try:
            found = search(text, options, context)
        except PatternTimeout:
            out.append(_timed_out(m.location, text))
            continue
        if found.holds or (options.denied_only and found.withdrawn is None):
            continue
        detail = Message(
            f"“{_shown(text)}”未写明 {wanted.zh}", f"'{_shown(text)}' does not state {wanted.en}"
        )
        if found.withdrawn is not None:
            quote = withdrawn_detail(found, wanted)
            detail = Message(f"{detail.zh}：{quote.zh}", f"{detail.en}: {quote.en}")
        out.append(Violation(m.location, detail))
    return out


def forbidden(
    selector: Selector, matches: list[Match], options: TextSearch, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """Nothing found at the selector (that meets ``where``, and states the pattern or terms in
    a clause that does not refuse it: 不再新建机房 is no finding, 如确需新建机房 is one)."""
    out = []
    textual = options.textual
    for m in matches:
        if m.value is None:
            continue
        if options.where is not None and not _where_holds(m.value, options.where):
            continue
        shown = _shown(m.value)
        if textual:
            try:
                found = search(_text(m.value), options, context, accept=not_negated)
            except PatternTimeout:
                out.append(_timed_out(m.location, _text(m.value)))
                continue
            if found.committed is None:
                continue
            shown = reading.quoted(found.committed.text)
        conditions = [_where_text(options.where, m.location)] if options.where else []
        if textual:
            wanted = options.wanted()
            conditions.append(
                Message(wanted.zh if wanted.zh.startswith("“") else f"“{wanted.zh}”", wanted.en)
            )
        cond_zh = "；".join(c.zh for c in conditions)
        cond_en = "; ".join(c.en for c in conditions)
        where = _place(m.location, context)
        out.append(
            Violation(
                m.location,
                Message(
                    f"规划中出现了{where.zh}{f'（{cond_zh}）' if cond_zh else ''}：“{shown}”",
                    f"the plan has {where.en}{f' ({cond_en})' if cond_en else ''}: '{shown}'",
                ),
            )
        )
    return out


# ----------------------------------------------------------------------------- two places agree


def _quantity_of(value: Any, quantity: str) -> tuple[float, str] | None:
    """A comparable form of a figure or deadline: (value, floor|cap), or (year, exact)."""
    if quantity == "date":
        day = quantities.latest_date(value if isinstance(value, int) else _text(value))
        return None if day is None else (float(day.year), "exact")
    text = _text(value)
    found = (
        quantities.read_bandwidth(text, field=True)
        if quantity == "bandwidth"
        else quantities.read_percent(text)
    )
    if found is None:
        return None
    return found.value, "floor" if found.bound in ("exact", "at_least") else "cap"


def _all_text(value: Any) -> str:
    """Every string an object holds (not its source and quote): what it is about."""
    if isinstance(value, dict):
        return " ".join(_all_text(v) for k, v in value.items() if k not in ("source", "quote"))
    if isinstance(value, list):
        return " ".join(_all_text(v) for v in value)
    return "" if value is None else str(value)


def _holder(root: Any, location: PathKey) -> Any:
    """The object that holds the value at ``location`` (a target's metric beside its value)."""
    node = root
    for step in location[:-1]:
        node = node[step]
    return node


def _others(options: Agrees, root: Any) -> list[Match]:
    """The values at ``other`` that are about the same thing (``about``)."""
    if root is None:
        return []
    found = [o for o in options.other.find(root) if o.value is not None]
    if not options.about:
        return found
    about = [quantities.normalise(t) for t in options.about]
    return [
        o
        for o in found
        if any(t in quantities.normalise(_all_text(_holder(root, o.location))) for t in about)
    ]


def _contradiction(m: Match, o: Match, context: Context) -> Violation:
    a, b = _shown(m.value), _shown(o.value)
    here, there = _place(m.location, context), _place(o.location, context)
    return Violation(
        m.location,
        Message(
            f"{here.zh}写作“{a}”，而{there.zh}写作“{b}”，前后矛盾",
            f"{here.en} says '{a}' but {there.en} says '{b}': the plan contradicts itself",
        ),
    )


def agrees(
    selector: Selector, matches: list[Match], options: Agrees, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """The figure or deadline found at the selector is the one stated at ``other`` (a layer and
    the milestones): a contradiction cites both places. Values that cannot be read, and a
    quantity stated in one place only, are left to the rules about that place."""
    others = [(o, _quantity_of(o.value, options.quantity)) for o in _others(options, context.root)]
    others = [(o, q) for o, q in others if q is not None]
    out = []
    for m in matches:
        mine = None if m.value is None else _quantity_of(m.value, options.quantity)
        if mine is None or not others:
            continue
        differ = [o for o, q in others if q != mine]
        if differ and (options.agree_with == "every" or len(differ) == len(others)):
            out.append(_contradiction(m, differ[0], context))
    return out


# ----------------------------------------------------------------------------- who builds


def _strings(matches: list[Match]) -> list[tuple[Match, str]]:
    """The texts found, without the plan's own source and quote fields (a quote repeats its
    value)."""
    out = []
    for m in matches:
        if m.value is None or isinstance(m.value, bool):
            continue
        if isinstance(m.value, dict) and not (m.location and isinstance(m.location[-1], int)):
            continue  # an object: its fields are read where selected (a list item by its name)
        if m.location and m.location[-1] in ("source", "quote"):
            continue
        out.append((m, _text(m.value)))
    return out


def builds_own(
    selector: Selector, matches: list[Match], options: BuildsOwn, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """No value found builds its own ``terms`` where the framework relies on the province's or
    the city's platform (自建, 新建, 独立建设, 建设本级…), in a clause of one of ``polarities``."""
    out = []
    for m, text in _strings(matches):
        clause = reading.own_clause(
            text, options.terms, context, options.polarities, options.exclude, options.verbs
        )
        if clause is None:
            continue
        quote = reading.quoted(clause.text)
        out.append(
            Violation(
                m.location,
                Message(
                    f"分句“{quote}”写明自行建设{options.label.zh}，而非依托上级平台",
                    f"the clause '{quote}' builds its own {options.label.en} instead of relying on the higher level's",
                ),
            )
        )
    return out


_LEVEL_WORDS = {
    "province": Message("省级", "the province's"),
    "city": Message("市级", "the city's"),
    "national": Message("国家", "the national"),
}


def relies_on(
    selector: Selector, matches: list[Match], options: ReliesOn, context: Context = DEFAULT_CONTEXT
) -> list[Violation]:
    """Some value found relies on ``level``'s platform (依托省级共性应用支撑平台…) in an affirmed
    clause (about one of ``terms``, if given)."""
    found = _strings(matches)
    if not found:
        return [_missing(selector, context)]
    for _, text in found:
        if reading.relying_clause(text, options.terms, options.level, context) is not None:
            return []
    level = _LEVEL_WORDS[options.level]
    location = _common_parent([m.location for m, _ in found])
    return [
        Violation(
            location,
            Message(
                f"未写明依托{level.zh}{options.label.zh}",
                f"the plan does not say it relies on {level.en} {options.label.en}",
            ),
        )
    ]


CheckFunction = Callable[[Selector, list[Match], Any, Context], list[Violation]]

FUNCTIONS: dict[str, CheckFunction] = {
    "present": present,
    "non_empty": non_empty,
    "covers": covers,
    "at_least": at_least,
    "not_later_than": not_later_than,
    "not_earlier_than": not_earlier_than,
    "matches": matches_,
    "forbidden": forbidden,
    "agrees": agrees,
    "builds_own": builds_own,
    "relies_on": relies_on,
}
