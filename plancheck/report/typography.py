"""Chinese typography for reports that are signed and sent: full-width punctuation in Chinese
text, no half-width mixing.

Much of what a report quotes was typed or folded half-width (``三、(一): 各市已建设的政务云平台,
按照…``). ``zh`` turns the half-width marks that sit in Chinese text into their full-width forms
and drops the spaces around them, and leaves Latin text, numbers and paths alone
(``foundation.cloud.standard``, ``12:30``, ``AH-F1, AH-F2``, ``100M``)."""

from __future__ import annotations

import re

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
    """``text`` with full-width punctuation wherever a half-width mark touches Chinese."""
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


def clause(section: str, text: str) -> str:
    """A cited clause: its section and its words in quotation marks (三、(一)：“……”); no colon
    after a section number that ends in 、 (六、“……”)."""
    if not text:
        return section
    if not section:
        return f"“{text}”"
    return f"{section}“{text}”" if section.endswith(("、", "．")) else f"{section}: “{text}”"


__all__ = ["clause", "half_width_marks", "is_cjk", "zh"]
