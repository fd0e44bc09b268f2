"""Reading the quantities plans write in Chinese forms: bandwidths, percentages, years, dates.

千兆 = 1000 Mbps, 百兆 = 100 Mbps, 万兆 = 10 Gbps, 100M, 1G, 1 Gbps; 100%, 百分之百;
2022年底, 2022-12-31. A value that cannot be read is reported as unreadable, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

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


def chinese_number(text: str) -> int | None:
    """A Chinese numeral below ten thousand (一百, 九十五, 十, 两千) as an int, else None."""
    if not text:
        return None
    total, current = 0, 0
    units = {"十": 10, "百": 100, "千": 1000}
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            return None
    return total + current


# ----------------------------------------------------------------------------- bandwidth

_WORD_BANDWIDTH = {"万兆": 10_000.0, "千兆": 1_000.0, "百兆": 100.0, "十兆": 10.0}
_UNIT_MBPS = {"k": 0.001, "m": 1.0, "g": 1_000.0, "t": 1_000_000.0, "兆": 1.0}
_NUMBER_BANDWIDTH = re.compile(r"(\d+(?:\.\d+)?)(k|m|g|t|兆)(?:bps|bit/s|b/s|bits|b|e|比特|位)?(?![a-z])")


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_MOBILE_GENERATION = re.compile(r"(?<![\d.])[2-6]g(?!b|e|\d)")


def bandwidths_mbps(text: str) -> list[float]:
    """Every bandwidth written in ``text``, in Mbps, in order of appearance. 4G and 5G are
    mobile-network generations, not bandwidths, and are not read as such."""
    norm = _MOBILE_GENERATION.sub("", _THOUSANDS.sub("", normalise(text)))
    found: list[tuple[int, float]] = []
    for word, mbps in _WORD_BANDWIDTH.items():
        for m in re.finditer(word, norm):
            found.append((m.start(), mbps))
    for m in _NUMBER_BANDWIDTH.finditer(norm):
        found.append((m.start(), float(m.group(1)) * _UNIT_MBPS[m.group(2)]))
    return [value for _, value in sorted(found)]


def bandwidth_mbps(text: str) -> float | None:
    """The one bandwidth ``text`` states, in Mbps; None if it states none or several."""
    values = set(bandwidths_mbps(text))
    return values.pop() if len(values) == 1 else None


# ----------------------------------------------------------------------------- percentages

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")
_PERCENT_WORDS = re.compile(r"百分之([零〇一二两三四五六七八九十百]+)")


def percent(text: str) -> float | None:
    """The one percentage ``text`` states (100%, 百分之百, 百分之九十五); None if none or several."""
    norm = normalise(text)
    values = {float(m.group(1)) for m in _PERCENT.finditer(norm)}
    for m in _PERCENT_WORDS.finditer(norm):
        word = m.group(1)
        number = 100 if word == "百" else chinese_number(word)
        if number is not None:
            values.add(float(number))
    return values.pop() if len(values) == 1 else None


# ----------------------------------------------------------------------------- years, dates

_ISO_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_YEAR_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def latest_date(value: object) -> date | None:
    """The last day a value can mean: 2022 and 2022年底 are 2022-12-31; 2022年6月 is
    2022-06-30; a full date is itself. None when no single date can be read."""
    return _date_bound(value, last=True)


def earliest_date(value: object) -> date | None:
    """The first day a value can mean: 2020 is 2020-01-01; 2022年6月 is 2022-06-01."""
    return _date_bound(value, last=False)


def _date_bound(value: object, last: bool) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, int) and 1000 <= value <= 9999:
        return date(value, 12, 31) if last else date(value, 1, 1)
    if not isinstance(value, str):
        return None
    norm = normalise(value)
    m = _ISO_DATE.search(norm)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    m = _YEAR_MONTH.search(norm)
    if m and 1 <= int(m[2]) <= 12:
        year, month = int(m[1]), int(m[2])
        if not last:
            return date(year, month, 1)
        following = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    years = {int(y) for y in _YEAR.findall(norm)}
    if len(years) == 1:
        year = years.pop()
        return date(year, 12, 31) if last else date(year, 1, 1)
    return None
