"""The document's text as the readers see it: sentences, hits in them, and the quotes cut
around a hit; the comparison key of words; run-in titles; the small name helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plancheck.read.sections import Node, Para, fold

QUOTE_MAX = 120
CLAUSE_STOPS = ",;:"
SENTENCE_STOPS = "。!?;"
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
_BULLETS = "——-–—•●■◆▪★☆·*>" + "\u2022"
# the number a heading starts with (第一章, 二、, (三), 4., (5), ⑥), in folded text
NUMBER = re.compile(
    r"^\s*(?:第\s*[一二三四五六七八九十\d]{1,4}\s*(?:章|节|部分|篇)|[一二三四五六七八九十]+\s*[、.]"
    r"|\(\s*[一二三四五六七八九十]+\s*\)|\d{1,2}\s*[.、]|\(\s*\d{1,2}\s*\)|[\u2460-\u2473])[\s、.]*"
)
_RUN_IN = re.compile(
    r"^[\s" + re.escape(_BULLETS) + r"]*(?:\d{1,2}[.、]|\(\d{1,2}\)|[\u2460-\u2473])?\s*"
    r"(?P<name>(?:“[^”。,;]{1,20}”|[^,、;。:!?\s|“]){1,30}?)\s*[。:]"
)


def key(text: str) -> str:
    """Text as terms are compared: folded, Latin in lower case, no white space."""
    return re.sub(r"\s+", "", fold(text).translate(_ASCII_LOWER))


def lower(folded: str) -> str:
    """Folded text with its Latin in lower case (the same length: positions carry over)."""
    return folded.translate(_ASCII_LOWER)


@dataclass(eq=False)
class Sent:
    """A sentence: a span of one paragraph."""

    para: Para
    start: int
    end: int
    key: str = ""

    def __post_init__(self) -> None:
        self.key = lower(self.para.folded[self.start : self.end])

    @property
    def node(self) -> Node:
        assert self.para.node is not None
        return self.para.node

    @property
    def text(self) -> str:
        return self.para.text[self.start : self.end]

    @property
    def folded(self) -> str:
        return self.para.folded[self.start : self.end]


@dataclass
class Hit:
    """Where a value was found in a sentence."""

    sent: Sent
    start: int  # the value, in the paragraph's coordinates
    end: int
    match_start: int
    match_end: int
    groups: dict[str, tuple[int, int]] = field(default_factory=dict)
    outside: bool = False  # found only outside the element's own sections

    @classmethod
    def span(cls, sent: Sent, a: int, b: int) -> Hit:
        """A hit whose value and match are both ``[a, b)``."""
        return cls(sent, a, b, a, b)

    @property
    def para(self) -> Para:
        return self.sent.para

    @property
    def value(self) -> str:
        return self.para.text[self.start : self.end].strip()

    def group(self, name: str) -> str | None:
        span = self.groups.get(name)
        return self.para.text[span[0] : span[1]] if span else None


def clauses(para: Para, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of ``[start, end)``, each with the stop that ends it."""
    out = []
    a = start
    for i in range(start, end):
        if para.folded[i] in CLAUSE_STOPS:
            out.append((a, i + 1))
            a = i + 1
    if a < end:
        out.append((a, end))
    return out


def trim(para: Para, a: int, b: int, keep_stop: bool = True) -> tuple[int, int]:
    """``[a, b)`` without white space, bullets and trailing clause stops (and, unless
    ``keep_stop``, the sentence stop)."""
    text, folded = para.text, para.folded
    while a < b and (text[a].isspace() or folded[a] in "|" + _BULLETS):
        a += 1
    while b > a and (text[b - 1].isspace() or folded[b - 1] in CLAUSE_STOPS + "、|"):
        b -= 1
    if not keep_stop:
        while b > a and folded[b - 1] in SENTENCE_STOPS:
            b -= 1
    return a, b


def quote_span(sent: Sent, a: int, b: int, tight: bool = False) -> tuple[int, int]:
    """The quote for a value at ``[a, b)``: its sentence when short enough, else the clauses
    around it, up to about QUOTE_MAX characters; ``tight``: just the clauses it spans."""
    s, e = trim(sent.para, sent.start, sent.end)
    parts = clauses(sent.para, s, e)
    if tight:
        covering = [(x, y) for x, y in parts if x < max(b, a + 1) and y > a]
        if covering and covering[-1][1] - covering[0][0] <= QUOTE_MAX:
            return trim(sent.para, covering[0][0], covering[-1][1])
    if e - s <= QUOTE_MAX:
        return s, e
    first = next((i for i, (x, y) in enumerate(parts) if y > a), 0)
    last = next((i for i, (x, y) in enumerate(parts) if y >= b), len(parts) - 1)
    lo, hi = _grow(parts, first, max(first, last))
    qa, qb = parts[lo][0], parts[hi][1]
    if qb - qa > QUOTE_MAX:
        qa = max(qa, min(a, qb - QUOTE_MAX))
        qb = min(qb, qa + QUOTE_MAX)
    return trim(sent.para, qa, qb)


def _grow(parts: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int]:
    """The clauses ``lo..hi`` widened one at a time on either side while within QUOTE_MAX."""
    grew = True
    while grew:
        grew = False
        if lo > 0 and parts[hi][1] - parts[lo - 1][0] <= QUOTE_MAX:
            lo -= 1
            grew = True
        if hi + 1 < len(parts) and parts[hi + 1][1] - parts[lo][0] <= QUOTE_MAX:
            hi += 1
            grew = True
    return lo, hi


def run_in(para: Para) -> tuple[str, int] | None:
    """A paragraph's run-in title (``智慧城管。整合……``): (title, where it starts)."""
    found = _RUN_IN.match(para.folded)
    if found is None:
        return None
    rest = para.folded[found.end() :].strip()
    if len(rest) < 6:
        return None
    name = para.text[found.start("name") : found.end("name")]
    if len(name) < 2 or re.match(r"\d{4}年|到\d{4}", fold(name)):
        return None
    return name, found.start("name")


# ----------------------------------------------------------------------------- names


def drop_prefix(text: str, folded_length: int) -> str:
    """``text`` without the characters that make up its first ``folded_length`` non-space ones."""
    count = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            count += 1
        if count == folded_length:
            return text[i + 1 :]
    return ""


def strip_verbs(text: str, verbs: list[str]) -> str:
    """The name without the verbs before it (人口 from 建设完善人口); always a slice.
    ``verbs``: keys, longest first."""
    changed = True
    while changed:
        changed = False
        folded = key(text)
        for verb in verbs:
            if folded.startswith(verb) and len(folded) > len(verb) + 1:
                text = drop_prefix(text, len(verb))
                changed = True
                break
    return text.strip()


def up_to_term(name: str, terms: list[str]) -> str:
    """A heading's name ending at the thing it names (电子政务外网 from 电子政务外网承载能力)."""
    folded = lower(fold(name))
    ends = [folded.rfind(t) + len(t) for t in terms if t and folded.rfind(t) >= 0]
    if not ends:
        return name
    end = max(ends)
    if end < len(name) and name[end] == "”":
        end += 1
    return name[:end]


def balanced(name: str) -> str:
    """A name without a quotation mark that opens or closes nothing."""
    if name.startswith("“") and "”" not in name:
        name = name[1:]
    if name.endswith("”") and "“" not in name:
        name = name[:-1]
    return name.strip()
