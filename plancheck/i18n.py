"""Bilingual text: every user-facing message exists in Chinese and English."""

from __future__ import annotations

import os
import re
from typing import Literal, NamedTuple

Lang = Literal["zh", "en"]


class Message(NamedTuple):
    """One message in both languages."""

    zh: str
    en: str

    def pick(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def join(self, other: Message, zh_sep: str = "", en_sep: str = " ") -> Message:
        return Message(self.zh + zh_sep + other.zh, self.en + en_sep + other.en)


class Bilingual:
    """Text held as ``zh`` and ``en`` fields (a pack's titles, messages and fixes)."""

    __slots__ = ()
    zh: str
    en: str

    def message(self) -> Message:
        return Message(self.zh.strip(), self.en.strip())


def language_from_environment(environ: dict[str, str] | None = None) -> Lang:
    """zh when the locale is Chinese (zh_*), en otherwise; LANGUAGE, LC_ALL, LC_MESSAGES, LANG."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            first = value.split(":")[0].lower()
            if first in ("c", "posix") or first.startswith("c."):
                return "en"
            return "zh" if first.startswith("zh") else "en"
    return "en"


# ----------------------------------------------------------------------------- Chinese typography
# Much of what plancheck shows was typed or folded half-width (``三、(一): 各市已建设的政务云平台,
# 按照…``): Chinese text is shown with full-width punctuation and no half-width mixing.


_CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…]")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_PAIR = re.compile(r"\(([^()]*)\)")
_SPACE_BETWEEN = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’])[ \t]+(?=[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’])"
)


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def _neighbour(text: str, index: int, step: int) -> str:
    index += step
    while 0 <= index < len(text) and text[index] in " \t":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _parentheses(text: str) -> str:
    def full(match: re.Match[str]) -> str:
        before = _neighbour(match.string, match.start(), -1)
        inner = match.group(1)
        if any(is_cjk(c) for c in inner) or (before and is_cjk(before)):
            return f"（{inner.strip()}）"
        return match.group(0)

    previous = None
    while previous != text:  # nested pairs, innermost first
        previous, text = text, _PAIR.sub(full, text)
    return text


_QUOTES = ((re.compile(r"'([^'\n]*)'"), "‘{}’"), (re.compile(r'"([^"\n]*)"'), "“{}”"))


def _quotes(text: str) -> str:
    """Quotation marks around Chinese, or next to it, as Chinese quotation marks."""

    def chinese(match: re.Match[str]) -> bool:
        before = _neighbour(match.string, match.start(), -1)
        after = _neighbour(match.string, match.end() - 1, 1)
        return any(is_cjk(c) for c in (*match.group(1), before, after) if c)

    for pattern, form in _QUOTES:

        def swap(match: re.Match[str], form: str = form) -> str:
            return form.format(match.group(1)) if chinese(match) else match.group(0)

        text = pattern.sub(swap, text)
    return text


def zh(text: str | None) -> str:
    """``text`` with full-width punctuation wherever a half-width mark touches Chinese, and no
    spaces between Chinese characters (Latin text, numbers and paths are left alone:
    ``12:30``, ``AH-F1, AH-F2``, ``100M``)."""
    if not text:
        return ""
    text = _quotes(_parentheses(text))
    out: list[str] = []
    for index, ch in enumerate(text):
        if ch in _FULL:
            left, right = _neighbour(text, index, -1), _neighbour(text, index, 1)
            if (left and is_cjk(left)) or (right and is_cjk(right)):
                while out and out[-1] in " \t":
                    out.pop()
                out.append(_FULL[ch])
                continue
        if ch in " \t" and out and out[-1] in _FULL.values():
            continue  # no space after a full-width mark
        out.append(ch)
    return _SPACE_BETWEEN.sub("", "".join(out))


def half_width_marks(text: str) -> list[str]:
    """The half-width marks of ``text`` that touch Chinese (what ``zh`` would change): for tests
    and for checking a rendered report."""
    found = []
    for index, ch in enumerate(text):
        if ch in _FULL or ch in "()'\"":
            left, right = _neighbour(text, index, -1), _neighbour(text, index, 1)
            if (left and is_cjk(left)) or (right and is_cjk(right)):
                found.append(text[max(0, index - 6) : index + 7])
    return found
