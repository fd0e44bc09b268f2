"""Reading the quantities plans write in Chinese forms: bandwidths, percentages, years, dates.

千兆 = 1000 Mbps, 百兆 = 100 Mbps, 万兆 = 10 Gbps, 二百五十兆 = 250 Mbps, 0.5千兆 = 500 Mbps,
100M, 1G, 1 Gbps; 100%, 百分之百, 九成; 2022年底, 二〇二二年十二月, 2022-12-31. A value that
cannot be read is reported as unreadable (None), never guessed.

Two layers:

- ``read_bandwidth`` / ``read_percent`` give a :class:`Reading`: the value, its *bound* (a plan
  may write 不低于千兆, 最高500M, 达不到千兆, 90%以上) and where in the text it stands.
  ``meets_minimum`` answers "does this text guarantee at least N?" with True, False or None
  (cannot be read).
- ``bandwidth_mbps`` / ``percent`` are the scalar forms the checks have always used: the value a
  text states exactly or as a floor (千兆, 不低于100M, 90%以上), else None. A text that only caps
  the value (最高500M, 不足千兆) gives None here: the scalar cannot say "below" — use
  ``meets_minimum`` or ``read_bandwidth`` to tell that apart from "not a bandwidth".

See docs/reading-statements.md for the decisions, with examples.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@lru_cache(maxsize=8192)
def normalise(text: str, fold_case: bool = True) -> str:
    """NFKC (full-width digits and punctuation to half-width), no zero-width or control
    characters, no whitespace, lower-case Latin (unless ``fold_case`` is false). Used on both
    sides of every comparison."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    if not text.isprintable():  # a printable text has no control, format or unassigned character
        text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r"\s+", "", text)
    return text.lower() if fold_case else text


def _mapped(text: str) -> tuple[str, tuple[int, ...]]:
    """``normalise(text)`` character by character, with the index in ``text`` each output
    character comes from (so a reading can point back into the text as written)."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if c.isspace() or unicodedata.category(c)[0] == "C" or ord(c) in _INVISIBLE:
                continue
            for low in c.lower():
                out.append(low)
                origin.append(index)
    return "".join(out), tuple(origin)


_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """A Chinese numeral (一百, 九十五, 十, 两千, 二百五十, 一万, 十万) as an int, else None."""
    if not text:
        return None
    total, section, current = 0, 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            section += (current or 1) * _UNITS[ch]
            current = 0
        elif ch == "万":
            total += ((section + current) or 1) * 10_000
            section, current = 0, 0
        else:
            return None
    return total + section + current


def _chinese_decimal(text: str) -> float | None:
    """九十五 → 95.0, 九十九点五 → 99.5."""
    whole, _, fraction = text.partition("点")
    number = chinese_number(whole)
    if number is None or (fraction and not all(ch in _DIGITS for ch in fraction)):
        return None
    digits = "".join(str(_DIGITS[ch]) for ch in fraction)
    return float(f"{number}.{digits}") if digits else float(number)


# ----------------------------------------------------------------------------- readings

Bound = Literal["exact", "at_least", "at_most", "below"]


@dataclass(frozen=True)
class Reading:
    """One quantity a text states: ``value`` in ``unit`` (Mbps or %), its ``bound`` — exact
    (千兆), at_least (不低于千兆, 千兆以上), at_most (最高500M, 500M以下), below (达不到千兆, 不足千兆,
    <1000M) — and ``span``, the offsets in the text as given, which ``text`` quotes."""

    value: float
    unit: str
    bound: Bound
    span: tuple[int, int]
    text: str

    @property
    def value_mbps(self) -> float:
        return self.value

    def meets(self, minimum: float) -> bool:
        """The text guarantees at least ``minimum``: a cap (at_most, below) never does."""
        return self.bound in ("exact", "at_least") and self.value >= minimum


# The words that bound a value: written before it (不低于千兆) or after it (千兆以上). Longer
# words are tried first, so 不低于 is at_least although it ends in 低于.
QUALIFIERS_BEFORE: dict[str, Bound] = {
    **dict.fromkeys(
        ["不低于", "不少于", "不小于", "不得低于", "不应低于", "至少", "最低", "最少", "起码",
         "高于", "大于", "超过", "多于", "≥", ">="],
        "at_least",
    ),
    **dict.fromkeys(["不超过", "不高于", "不大于", "不多于", "最高", "最多", "至多", "≤", "<="], "at_most"),
    **dict.fromkeys(
        ["低于", "小于", "少于", "不足", "不到", "不满", "达不到", "未达到", "未能达到", "不能达到",
         "无法达到", "尚未达到", "<"],
        "below",
    ),
    ">": "at_least",
}  # fmt: skip
QUALIFIERS_AFTER: dict[str, Bound] = {
    **dict.fromkeys(["以上", "及以上", "或以上", "或更高", "及更高"], "at_least"),
    **dict.fromkeys(["以下", "及以下", "或以下", "以内", "之内"], "at_most"),
}
# between a qualifier and its value: 最高仅500M, 不低于为千兆 (rare), 至少达到千兆
_FILLER = re.compile(r"(?:仅|只|约|为|达到|达|提升至|提升到)$")
# what links the values of one upgrade or range: 由百兆提升至千兆, 100M-1000M, 百兆到千兆
_CONNECTOR = re.compile(
    r"(?P<verb>(?:逐步|进一步|全面|统一)?(?:提升|扩容|升级|提高|增加|扩展|扩充|拓展|提速|增|降低|下降|降|调整|改造)"
    r"(?:至|到|为)?)?(?(verb)|(?:至|到|[-~—–～〜]))"
)
_NEGATIVE = ("-", "−", "负")
_VALUE_END = set("0123456789kmgtbse%兆位特")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    value: float
    invalid: bool


def _qualifier_before(before: str) -> Bound | None:
    for text in (before, _FILLER.sub("", before)):  # 尚未达到千兆 before 最高仅500M
        for word in sorted(QUALIFIERS_BEFORE, key=len, reverse=True):
            if text.endswith(word):
                return QUALIFIERS_BEFORE[word]
    return None


def _qualifier_after(after: str) -> Bound | None:
    for word in sorted(QUALIFIERS_AFTER, key=len, reverse=True):
        if after.startswith(word):
            return QUALIFIERS_AFTER[word]
    return None


def _is_negative(norm: str, start: int) -> bool:
    """A minus sign before the value (-1000M, 带宽为-1000M) — not the dash of a range (100M-1000M)."""
    if start == 0 or norm[start - 1] not in _NEGATIVE:
        return False
    return start == 1 or norm[start - 2] not in _VALUE_END


def _readings(norm: str, origin: tuple[int, ...], text: str, tokens: list[_Token], unit: str,
              bare_range: bool) -> tuple[Reading, ...] | None:  # fmt: skip
    """Tokens grouped into readings; None when a value is invalid (negative) or a bare range
    cannot be read (``bare_range`` false)."""
    if any(t.invalid for t in tokens):
        return None
    out: list[Reading] = []
    i = 0
    while i < len(tokens):
        group = [tokens[i]]
        upgrade, inner = False, None
        while i + 1 < len(tokens):
            gap = norm[group[-1].end : tokens[i + 1].start]
            m = _CONNECTOR.match(gap)
            rest = gap[m.end() :] if m else gap
            q = _qualifier_before(rest) if rest else None
            if (
                not m
                or not m.group(0)
                or (rest and (q is None or _FILLER.sub("", rest) not in QUALIFIERS_BEFORE))
            ):
                break
            upgrade = upgrade or bool(m.group("verb"))
            inner = q or inner
            group.append(tokens[i + 1])
            i += 1
        i += 1
        first, last = group[0], group[-1]
        if len(group) == 1:
            value = first.value
        elif upgrade:
            value = last.value
        elif bare_range:
            value = max(t.value for t in group)
        else:
            return None
        before = _qualifier_before(norm[max(0, first.start - 8) : first.start])
        after = _qualifier_after(norm[last.end : last.end + 3])
        if before and after and before != after:
            return None  # 不超过……以上: contradictory
        if len(group) > 1 and upgrade:
            bound: Bound = inner or after or "exact"
        else:
            bound = before or after or "exact"
        start, end = origin[first.start], origin[last.end - 1] + 1
        out.append(Reading(value, unit, bound, (start, end), text[start:end]))
    return tuple(out)


def _one(readings: tuple[Reading, ...] | None) -> Reading | None:
    if not readings:
        return None
    distinct = {(r.value, r.bound) for r in readings}
    return readings[0] if len(distinct) == 1 else None


# ----------------------------------------------------------------------------- bandwidth

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_BANDWIDTH_TOKEN = re.compile(
    rf"(?P<num>{_NUMBER})(?P<mult>[十百千万])?兆(?:比特|位|bps|b)?"
    r"|(?P<cn>[零〇一二两三四五六七八九十百千万]+)兆(?:比特|位|bps|b)?"
    rf"|(?P<num2>{_NUMBER})(?P<unit>[kmgt])(?P<suffix>bps|bit/s|b/s|bits|b|e|比特|位)?(?![a-z])"
)
_UNIT_MBPS = {"k": 0.001, "m": 1.0, "g": 1_000.0, "t": 1_000_000.0}
_MULTIPLIER = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
# prose: 2G … 6G is a mobile-network generation unless the words before say bandwidth
_BANDWIDTH_CONTEXT = re.compile(r"(?:带宽|链路|出口|速率|扩容|提升|升级|提速)(?:至|到|为|达到|达)?$")
# a bandwidth field: nG is n Gbps unless the words around it say mobile network
_MOBILE_AFTER = re.compile(
    r"(?:网|基站|信号|通信|移动|技术|终端|手机|应用|时代|覆盖|切片|消息|专|室分|用户|/[2-6]g|\+)"
)
_MOBILE_BEFORE = re.compile(r"(?:移动|无线|第|[2-6]g/)$")


def _bandwidth_tokens(norm: str, field: bool) -> list[_Token]:
    tokens: list[_Token] = []
    for m in _BANDWIDTH_TOKEN.finditer(norm):
        if m["cn"] is not None:
            number = chinese_number(m["cn"])
            if number is None:
                continue
            value = float(number)
        elif m["num"] is not None:
            value = float(m["num"].replace(",", "")) * _MULTIPLIER.get(m["mult"] or "", 1)
        else:
            digits, unit = m["num2"], m["unit"]
            if unit == "g" and not m["suffix"] and digits in {"2", "3", "4", "5", "6"}:
                before, after = norm[max(0, m.start() - 6) : m.start()], norm[m.end() :]
                mobile = (
                    bool(_MOBILE_AFTER.match(after) or _MOBILE_BEFORE.search(before))
                    if field
                    else not _BANDWIDTH_CONTEXT.search(before)
                )
                if mobile:
                    continue
            value = float(digits.replace(",", "")) * _UNIT_MBPS[unit]
        tokens.append(_Token(m.start(), m.end(), value, _is_negative(norm, m.start())))
    return tokens


def read_bandwidths(text: str, *, field: bool = False) -> tuple[Reading, ...] | None:
    """Every bandwidth reading in ``text``, in order; an upgrade or range (由百兆提升至千兆,
    100M-1000M) is one reading of its target. None when a value is invalid (-1000M).

    ``field``: the text is the value of a bandwidth field, where 2G is 2 Gbps; in prose (the
    default) 2G … 6G are mobile-network generations unless 带宽/链路/出口/扩容至… stand before them."""
    norm, origin = _mapped(text)
    return _readings(norm, origin, text, _bandwidth_tokens(norm, field), "Mbps", bare_range=True)


def read_bandwidth(text: str, *, field: bool = False) -> Reading | None:
    """The one bandwidth ``text`` states, with its bound; None if it states none, several
    different ones, or an invalid one."""
    return _one(read_bandwidths(text, field=field))


def bandwidths_mbps(text: str, *, field: bool = False) -> list[float]:
    """Every bandwidth value written in ``text``, in Mbps, in order of appearance (both ends
    of an upgrade; no negative value). 4G and 5G are mobile-network generations in prose, not
    bandwidths, and are not read as such."""
    norm, _ = _mapped(text)
    return [t.value for t in _bandwidth_tokens(norm, field) if not t.invalid]


def bandwidth_mbps(text: str, *, field: bool = False) -> float | None:
    """The one bandwidth ``text`` states exactly or as a floor, in Mbps; None if it states
    none, several, an invalid one, or only a cap (最高500M, 达不到千兆: see ``read_bandwidth``)."""
    reading = read_bandwidth(text, field=field)
    return reading.value if reading is not None and reading.bound in ("exact", "at_least") else None


# ----------------------------------------------------------------------------- percentages

_PERCENT_TOKEN = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)%"
    r"|百分之(?P<cn>[零〇一二两三四五六七八九十百点]+)"
    r"|(?P<bai>百分百)"
    r"|(?<![零〇一二两三四五六七八九十百千万])(?P<cheng>[一二两三四五六七八九十])成(?P<tenth>[一二三四五六七八九])?"
    r"(?![员功为立果效本不熟型])"
)
# words that mean "all of it": read as 100% only when asked (``whole=True``)
WHOLE_WORDS = ("全部", "全量", "所有", "应归尽归", "应汇尽汇")


def read_percents(text: str, *, whole: bool = False) -> tuple[Reading, ...] | None:
    """Every percentage reading in ``text`` (100%, 百分之九十五, 九成, 九成五, 90%以上); an upgrade
    (由90%提升至100%) is one reading of its target; a bare range (90%到100%) cannot be read and
    gives None, as does a negative value. ``whole``: 全部/全量/所有 read as 100%."""
    norm, origin = _mapped(text)
    tokens: list[_Token] = []
    for m in _PERCENT_TOKEN.finditer(norm):
        if m["num"] is not None:
            value: float | None = float(m["num"])
        elif m["cn"] is not None:
            value = 100.0 if m["cn"] == "百" else _chinese_decimal(m["cn"])
        elif m["bai"] is not None:
            value = 100.0
        else:
            tens = chinese_number(m["cheng"])
            value = None if tens is None else tens * 10.0 + (_DIGITS[m["tenth"]] if m["tenth"] else 0)
        if value is not None:
            tokens.append(_Token(m.start(), m.end(), value, _is_negative(norm, m.start())))
    if whole:
        for word in WHOLE_WORDS:
            tokens.extend(_Token(m.start(), m.end(), 100.0, False) for m in re.finditer(word, norm))
        tokens.sort(key=lambda t: t.start)
    return _readings(norm, origin, text, tokens, "%", bare_range=False)


def read_percent(text: str, *, whole: bool = False) -> Reading | None:
    """The one percentage ``text`` states, with its bound; None if none, several or invalid."""
    return _one(read_percents(text, whole=whole))


def percent(text: str) -> float | None:
    """The one percentage ``text`` states exactly or as a floor (100%, 百分之百, 百分之九十五,
    九成, 90%以上); None if none, several, or only a cap (90%以下)."""
    reading = read_percent(text)
    return reading.value if reading is not None and reading.bound in ("exact", "at_least") else None


def meets_minimum(
    text: str,
    minimum: float,
    quantity: Literal["bandwidth", "percent"] = "bandwidth",
    *,
    field: bool = True,
    whole: bool = False,
) -> bool | None:
    """Does ``text`` guarantee at least ``minimum`` (Mbps or %)? None when it cannot be read.
    A cap never does: 最高1000M, 不超过千兆, 达不到千兆 are False against 1000. ``field`` (for a
    bandwidth, default true: the text is a bandwidth field's value, 2G = 2 Gbps) and ``whole``
    (for a percentage, 全部 = 100%) are passed to the readers."""
    reading = (
        read_bandwidth(text, field=field) if quantity == "bandwidth" else read_percent(text, whole=whole)
    )
    return None if reading is None else reading.meets(minimum)


# ----------------------------------------------------------------------------- years, dates

_ISO_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_YEAR_MONTH = re.compile(r"(\d{4})(?:年|[-/.](?=\d{1,2}(?![-/.\d])))(\d{1,2})月?")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_HALF = re.compile(r"(\d{4})年(上|下)半年")
_CHINESE_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})(?=年)")
_CHINESE_MONTH_DAY = re.compile(r"(?<=[年月])([一二三四五六七八九十]{1,3})(?=[月日号])")


def _arabic_dates(norm: str) -> str:
    """二〇二二年十二月三十一日 → 2022年12月31日."""
    norm = _CHINESE_YEAR.sub(lambda m: "".join(str(_DIGITS[c]) for c in m[1]), norm)
    return _CHINESE_MONTH_DAY.sub(lambda m: str(chinese_number(m[1])), norm)


def latest_date(value: object) -> date | None:
    """The last day a value can mean: 2022 and 2022年底 are 2022-12-31; 2022年6月 is
    2022-06-30; 2022年上半年 is 2022-06-30; a full date is itself. None when no single valid
    date can be read (year 0, month 13, 2月30日)."""
    return _date_bound(value, last=True)


def earliest_date(value: object) -> date | None:
    """The first day a value can mean: 2020 is 2020-01-01; 2022年6月 is 2022-06-01."""
    return _date_bound(value, last=False)


def _year_bound(year: int, last: bool) -> date | None:
    if not 1 <= year <= 9999:
        return None
    return date(year, 12, 31) if last else date(year, 1, 1)


def _date_bound(value: object, last: bool) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return _year_bound(value, last)
    if not isinstance(value, str):
        return None
    norm = _arabic_dates(normalise(value))
    m = _ISO_DATE.search(norm)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    m = _HALF.search(norm)
    if m and _year_bound(int(m[1]), last):
        year, first_half = int(m[1]), m[2] == "上"
        if first_half:
            return date(year, 6, 30) if last else date(year, 1, 1)
        return date(year, 12, 31) if last else date(year, 7, 1)
    m = _YEAR_MONTH.search(norm)
    if m:
        year, month = int(m[1]), int(m[2])
        if not (1 <= year <= 9999 and 1 <= month <= 12):
            return None
        return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    years = {int(y) for y in _YEAR.findall(norm)}
    if len(years) == 1:
        return _year_bound(years.pop(), last)
    return None
