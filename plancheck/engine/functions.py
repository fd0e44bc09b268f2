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

from plancheck.i18n import Message
from plancheck.pack.ir import (
    PATTERN_TIMEOUT,
    AtLeast,
    Covers,
    NoOptions,
    PatternTimeout,
    TextSearch,
    Where,
    YearBound,
)
from plancheck.pack.selectors import Match, PathKey, Selector, dotted
from plancheck.plan import quantities


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


def _missing(selector: Selector) -> Violation:
    """Nothing found: the violation names the key the plan should have written (``sharing``,
    not ``sharing.text``, since a plain string there is enough)."""
    prefix = selector.written
    if prefix is None:  # a selector compiled outside a pack
        from plancheck.plan.model import Plan
        from plancheck.read.validation import written_path

        prefix = written_path(Plan, selector.prefix)
    return Violation(prefix, missing_detail([prefix]), missing=True)


def missing_detail(paths: list[PathKey]) -> Message:
    """ "The plan does not state a, b": the shortest paths, a path inside another one left out."""
    return _missing_detail(tuple(paths))


@lru_cache(maxsize=1024)  # the same few paths are missing from plan after plan
def _missing_detail(paths: tuple[PathKey, ...]) -> Message:
    kept = [p for p in paths if not any(q != p and p[: len(q)] == q for q in paths)]
    names = list(dict.fromkeys(dotted(p) for p in kept))
    return Message(f"规划中未写明 {'、'.join(names)}", f"the plan does not state {', '.join(names)}")


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


def _where_text(where: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    return ", ".join(f"{k} = {'|'.join(v)}" for k, v in where)


# ----------------------------------------------------------------------------- functions


def present(selector: Selector, matches: list[Match], options: NoOptions) -> list[Violation]:
    """At least one value is found at the selector."""
    if not any(m.value is not None for m in matches):
        return [_missing(selector)]
    return []


def non_empty(selector: Selector, matches: list[Match], options: Where) -> list[Violation]:
    """Something is found, and every value found is non-empty (with ``where``: every list found
    has at least one item meeting it)."""
    if not matches:
        return [_missing(selector)]
    out = []
    for m in matches:
        if options.where is None:
            if _is_empty(m.value):
                out.append(
                    Violation(
                        m.location, Message(f"{dotted(m.location)} 为空", f"{dotted(m.location)} is empty")
                    )
                )
        else:
            items = m.value if isinstance(m.value, list) else [m.value]
            if not any(_where_holds(item, options.where) for item in items):
                cond = _where_text(options.where)
                out.append(
                    Violation(
                        m.location,
                        Message(
                            f"{dotted(m.location)} 中没有满足 {cond} 的条目",
                            f"{dotted(m.location)} has no item with {cond}",
                        ),
                    )
                )
    return out


def covers(selector: Selector, matches: list[Match], options: Covers) -> list[Violation]:
    """The values found, together, name every required item (by any of its wordings)."""
    texts = [quantities.normalise(_text(m.value)) for m in matches if m.value is not None]
    if not texts:
        return [_missing(selector)]
    location = _common_parent([m.location for m in matches])
    missing = [item.label for item in options.items if item.position_in(texts) is None]
    if missing:
        names = "、".join(missing)
        return [Violation(location, Message(f"缺少: {names}", f"missing: {', '.join(missing)}"))]
    if options.in_order:
        after = -1
        for item in options.items:
            found = item.position_in(texts, after)
            if found is None:
                order = " → ".join(i.label for i in options.items)
                return [Violation(location, Message(f"顺序应为: {order}", f"the order should be: {order}"))]
            after = found
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
    "bandwidth": ("Mbps", Message("带宽", "bandwidth"), "千兆, 1000M, 1Gbps"),
    "percent": ("%", Message("百分比", "percentage"), "100%, 百分之百"),
}


def at_least(selector: Selector, matches: list[Match], options: AtLeast) -> list[Violation]:
    """Every value found states a quantity no smaller than ``min`` (units normalised)."""
    if not any(m.value is not None for m in matches):
        return [_missing(selector)]
    unit, kind, examples = _UNITS[options.quantity]
    read = quantities.bandwidth_mbps if options.quantity == "bandwidth" else quantities.percent
    least = f"{options.min:g} {unit}".replace(" %", "%")
    out = []
    for m in matches:
        text = _text(m.value)
        value = read(text)
        if value is None:
            out.append(
                Violation(
                    m.location,
                    Message(
                        f"无法将 '{_shown(text)}' 读作{kind.zh} (应写明一个值, 如 {examples})",
                        f"cannot read '{_shown(text)}' as a {kind.en} (write one value, such as {examples})",
                    ),
                )
            )
        elif value < options.min:
            got = f"{value:g} {unit}".replace(" %", "%")
            out.append(
                Violation(
                    m.location,
                    Message(
                        f"'{_shown(text)}' 即 {got}, 低于要求的 {least}",
                        f"'{_shown(text)}' is {got}, below the required {least}",
                    ),
                )
            )
    return out


def _date_check(selector: Selector, matches: list[Match], options: YearBound, later: bool) -> list[Violation]:
    if not any(m.value is not None for m in matches):
        return [_missing(selector)]
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
                        f"无法将 '{_shown(text)}' 读作日期或年份",
                        f"cannot read '{_shown(text)}' as a year or date",
                    ),
                )
            )
        elif (later and value > bound) or (not later and value < bound):  # type: ignore[operator]
            zh, en = ("晚于", "later than") if later else ("早于", "earlier than")
            out.append(
                Violation(
                    m.location,
                    Message(
                        f"'{_shown(text)}' {zh} {options.bound}",
                        f"'{_shown(text)}' is {en} {options.bound}",
                    ),
                )
            )
    return out


def not_later_than(selector: Selector, matches: list[Match], options: YearBound) -> list[Violation]:
    """Every date or year found falls on or before ``bound`` (2022年底 ≤ 2022)."""
    return _date_check(selector, matches, options, later=True)


def not_earlier_than(selector: Selector, matches: list[Match], options: YearBound) -> list[Violation]:
    """Every date or year found falls on or after ``bound``."""
    return _date_check(selector, matches, options, later=False)


def _timed_out(location: PathKey, text: str) -> Violation:
    return Violation(
        location,
        Message(
            f"规则的正则表达式在 '{_shown(text)}' 上超时 ({PATTERN_TIMEOUT:g} 秒), 无法判断; 请修改规则",
            f"the rule's pattern timed out ({PATTERN_TIMEOUT:g} s) on '{_shown(text)}' and cannot decide; "
            "the rule needs fixing",
        ),
    )


def matches_(selector: Selector, matches: list[Match], options: TextSearch) -> list[Violation]:
    """Every value found contains the pattern (or one of the terms)."""
    if not any(m.value is not None for m in matches):
        return [_missing(selector)]
    wanted = options.wanted()
    out = []
    for m in matches:
        text = _text(m.value)
        try:
            holds = options.find(text) is not None
        except PatternTimeout:
            out.append(_timed_out(m.location, text))
            continue
        if not holds:
            out.append(
                Violation(
                    m.location,
                    Message(
                        f"'{_shown(text)}' 未写明 {wanted.zh}", f"'{_shown(text)}' does not state {wanted.en}"
                    ),
                )
            )
    return out


def forbidden(selector: Selector, matches: list[Match], options: TextSearch) -> list[Violation]:
    """Nothing found at the selector (that meets ``where``, and states the pattern or terms)."""
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
                passage = options.find(_text(m.value))
            except PatternTimeout:
                out.append(_timed_out(m.location, _text(m.value)))
                continue
            if passage is None:
                continue
            shown = passage
        conditions = [_where_text(options.where)] if options.where else []
        wanted = options.wanted() if textual else Message("", "")
        cond_zh = "; ".join([*conditions, wanted.zh] if textual else conditions)
        cond_en = "; ".join([*conditions, wanted.en] if textual else conditions)
        out.append(
            Violation(
                m.location,
                Message(
                    f"规划中出现了 {dotted(m.location)}{f' ({cond_zh})' if cond_zh else ''}: '{shown}'",
                    f"the plan has {dotted(m.location)}{f' ({cond_en})' if cond_en else ''}: '{shown}'",
                ),
            )
        )
    return out


CheckFunction = Callable[[Selector, list[Match], Any], list[Violation]]

FUNCTIONS: dict[str, CheckFunction] = {
    "present": present,
    "non_empty": non_empty,
    "covers": covers,
    "at_least": at_least,
    "not_later_than": not_later_than,
    "not_earlier_than": not_earlier_than,
    "matches": matches_,
    "forbidden": forbidden,
}
