"""Reading what a plan's sentence says about a thing: does it commit to it, refuse it, put it
off, make it conditional, or only explore it — and who builds it.

A checker must read the statement, not find a word in it (DOMAIN.md, "Reading what a plan
says"): "尚不具备IPv6能力" and "近期不考虑上云" contain the term they deny, and "自建政务云"
names the cloud a county must not build. This module splits a field's text into clauses, gives
each occurrence of a term the polarity of the clause around it, and says whether the clause
builds its own or relies on the province's (or the city's).

Every marker word is data (:class:`Markers`, built from :data:`DEFAULT_MARKER_WORDS`); a rule
pack can supply its own from its vocabulary with ``Markers.from_mapping``. Words may hold one
``…``: a gap of at most ``Markers.gap`` characters inside one clause (视…而定, 待…成熟).

Clauses. A field is cut into sentences at 。；;！？!? and line breaks, and a sentence into pieces
at ，,：: (never at 、, and never at the comma of 1,000). A piece that only frames what follows —
it opens with 到/在/如果/待/依托/通过/除… or ends with 后/时/前/的话/：— is joined to the next
one ("到2022年底，建成市级政务云节点" is one clause); a piece that only comments on the one
before — it opens with a withdrawing marker and ends without an object of its own ("IPv6改造，
目前尚不具备条件", "现有机房，维持现状") — is joined to the previous one. Every other comma
starts a new clause with its own predicate ("建成市级政务云，不再新建部门机房" is two).

Polarity of a term in a clause (strongest first): negated > deferred > conditional > tentative >
affirmed.

- negated (不/未/无/没有/尚未/不再/暂不/不具备/达不到/维持现状/有待/不得/严禁/避免/停止…): scope
  is the stretch of the clause around the negator up to a turn (而/但/同时…), both sides,
  since Chinese puts the topic first ("IPv6改造尚未完成"). Words that contain a negator
  without negating (不断, 不仅, 无缝, 无差别, 不低于, 未来, 不同…) and double negations
  (不得不, 无不, 非…不可) are masked first. A negator that only forms a relative clause
  ("推动尚未接入的系统全部接入市级政务云": 未 + at most 3 characters + 的) describes which
  things are meant and does not withdraw the commitment — except after a negator that takes
  a noun (没有/无/缺乏…: "没有统一的政务云平台" is a negation).
- deferred (适时/择机/远期/后续/暂缓/待…成熟/待…后/条件成熟/研究建设/另行研究…): the clause puts the
  thing off past what it commits to now. Scope: the whole clause.
- conditional (如果/若/如需/确需/视情/视…而定/条件允许/有条件的/具备条件的/必要时/酌情…):
  the clause commits only if a condition holds. Scope: the whole clause.
- tentative (探索/鼓励): the clause commits to exploring or encouraging, not to the thing.
- affirmed: none of these.

Against the provincial text (《安徽省“数字政府”建设规划》) these count as follows — see
:meth:`Clause.commits` and docs/reading-statements.md:

- A *must* (建成/实现/统筹建设, 原则上) is met only by an affirmed clause.
- A *should* (推进/加强/完善) is met by an affirmed or a tentative clause: the provincial text
  itself states exploration goals with 探索 ("探索融合量子通信、区块链网络等新技术", 三、(二)).
- Deferred, conditional and negated clauses meet neither; a negated one contradicts.
- Not markers, because the provincial text uses them in its own affirmed commitments:
  逐步 ("省直部门已建非涉密系统逐步迁移上云", 三、(一); "已建特色行业云，逐步实现与省级政务云
  平台对接"), 分阶段/推进 ("分阶段推进部门非涉密业务专网……迁移整合", 三、(二)), 根据需要/按需
  ("依托省级共性应用支撑平台，根据需要拓展市级共性应用支撑能力", 二、(三)2), 原则上 and
  除…外 ("除国家另有规定外，各政务部门原则上不得新建数据中心、机房", 二、(三)2), 力争/争取/拟.
  Bare 如 is not a condition marker either (如人口库、法人库 is "such as"); 如果/如需/如确需 are.

Builder. A clause *builds its own* when an own-building marker (自建/新建/独立建设/自行建设/单独
建设/重复建设…) or a building verb with the plan's own level (建设本级, 建设市级, 搭建县级…) stands
outside any negation; it *relies* on a level when a relying verb (依托/利用/接入/使用/承接/迁移至…)
is followed closely by a level word (省级/省/全省 → province, 市级/市/全市 → city, 国家/全国 →
national) or a provincial platform's name (江淮大数据中心, 皖事通办). Both at once is the
provincial pattern for a city's application support: "依托省级共性应用支撑平台，根据需要拓展市级
共性应用支撑能力" — :attr:`Builder.extends`. :attr:`Builder.own_instead` is own building with no
reliance: what a check on P2/H1/H2/H3 asks about.

The module imports nothing from plancheck but ``quantities.normalise`` (terms are compared in
normalised form: NFKC, no whitespace, lower-case Latin).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from functools import lru_cache
from typing import Any, Literal

from plancheck.plan.quantities import normalise

__all__ = [
    "DEFAULT_MARKERS",
    "DEFAULT_MARKER_WORDS",
    "Builder",
    "Clause",
    "Markers",
    "Mention",
    "Polarity",
    "Statement",
    "affirms",
    "builds_own",
    "commits",
    "denial",
    "read_statement",
    "relies_on",
]


class Polarity(str, Enum):
    AFFIRMED = "affirmed"
    NEGATED = "negated"
    DEFERRED = "deferred"
    CONDITIONAL = "conditional"
    TENTATIVE = "tentative"

    def __str__(self) -> str:
        return self.value


Force = Literal["must", "should"]
Level = Literal["province", "city", "national"]

# strongest first: the polarity a term takes when several markers reach it
_PRECEDENCE = (Polarity.NEGATED, Polarity.DEFERRED, Polarity.CONDITIONAL, Polarity.TENTATIVE)

# ----------------------------------------------------------------------------- marker words

DEFAULT_MARKER_WORDS: dict[str, tuple[str, ...]] = {
    # ---- polarity
    "negation": (
        "不", "未", "无", "没有", "尚未", "尚不", "仍未", "暂未", "暂不", "暂无", "不再", "并未",
        "不纳入", "不具备", "达不到", "未达到", "未能", "不能", "无法", "难以", "不会", "不予",
        "不考虑", "维持现状", "缺乏", "缺少", "欠缺", "有待", "不得", "不准", "不宜", "不允许",
        "严禁", "禁止", "杜绝", "避免", "防止", "停止", "取消", "撤销", "关停", "放弃", "终止",
        "暂停", "无需", "不必", "不用",
    ),
    "deferral": (
        "适时", "择机", "远期", "中远期", "长远", "后续", "后期", "暂缓", "延后", "推迟", "另行",
        "再行", "条件成熟", "时机成熟", "待…成熟", "待…后", "待…完成", "待…建成", "下一阶段",
        "规划期后", "再考虑", "尚在规划", "尚在论证", "尚在研究", "研究建设", "研究推进", "研究建立", "研究部署", "研究论证", "研究探索", "视财力",
    ),
    "condition": (
        "如果", "假如", "倘若", "若", "如需", "如有", "如遇", "如确需", "确需", "一旦", "视情",
        "视…而定", "视…情况", "条件允许", "条件具备", "具备条件的", "有条件的", "必要时", "酌情",
    ),
    "tentative": ("探索", "鼓励"),
    # contain a marker but do not carry it: masked before markers are looked for
    "not_markers": (
        "不断", "不仅", "不但", "不只", "不光", "不单", "不止", "不少", "不同", "不低于", "不少于",
        "不小于", "不晚于", "不迟于", "不超过", "不高于", "不大于", "不多于", "不见面", "不打烊",
        "不间断", "不懈", "不移", "不容", "不折不扣", "不遗余力", "不动产", "不确定性", "不稳定性",
        "不良", "不法", "不正当", "毫不", "无缝", "无差别", "无纸化", "无感", "无线", "无人", "无障碍",
        "无证明", "无接触", "无论", "无一遗漏", "无死角", "无盲区", "无偿", "不论", "不管", "未来",
        "未成年", "若干", "如期", "如下", "例如", "比如", "诸如", "如实", "如今", "待遇",
        "接待", "期待", "对待", "看待", "等待", "弥补不足", "研究院", "研究中心", "研究所",
    ),
    # double negations: they affirm, and are masked like not_markers
    "double_negation": (
        "不得不", "不能不", "不可不", "不会不", "不是不", "并非不", "未尝不", "没有不", "无不",
        "莫不", "非…不可",
    ),
    # negators that take a noun, so that X的 after them is their object, not a relative clause:
    # 没有统一的平台 is a negation, 未接入的系统 names which systems are meant
    "noun_negators": ("无", "没有", "暂无", "缺乏", "缺少", "欠缺"),
    # a negation's scope stops at these turns
    "breakers": ("而是", "而且", "但是", "然而", "同时", "并且", "而", "但"),
    # ---- clauses
    # a piece that opens with one of these frames the next piece and is joined to it
    "lead_starts": (
        "到", "至", "截至", "截止", "在", "为了", "为", "针对", "对于", "关于", "如", "若", "假如",
        "倘若", "一旦", "待", "随着", "根据", "按照", "依据", "依托", "通过", "围绕", "结合", "基于",
        "除", "借助", "面向", "作为",
    ),
    # … or ends with one of these
    "lead_ends": ("后", "时", "前", "的话", "之后", "以后", "之前", "以前", "期间", "以来", "之际", "外", "的", ":"),
    # a piece that opens (after these adverbs) with a withdrawing marker and ends with one of
    # these has no object of its own: it comments on the piece before and is joined to it
    "comment_adverbs": ("目前", "当前", "现阶段", "近期", "短期内", "暂时", "仍", "尚", "还", "均", "都", "也", "则"),
    "comment_endings": (
        "条件", "计划", "安排", "现状", "考虑", "完成", "建成", "启动", "实施", "开展", "接入", "纳入",
        "具备", "涉及", "推进", "建设", "部署", "迁移", "上云", "改造", "到位", "覆盖", "实现", "支持",
        "要求", "而定", "研究", "成熟",
    ),
    # a comment that negates one of these (…，不再单独建设) turns from the piece before to its
    # alternative: it stands as a clause of its own and does not withdraw that piece
    "alternatives": ("单独", "另行", "自行", "独立", "重复", "分散", "各自", "另建"),
    # ---- who builds
    "own": (
        "自建", "新建", "独立建设", "自行建设", "单独建设", "自主建设", "另行建设", "另建",
        "独立部署", "单独部署", "自行部署", "自行开发", "独立开发", "重新建设", "建设本级", "本级建设",
    ),
    "own_verbs": ("建设", "新建", "搭建", "构建", "打造", "建立", "建成", "拓展", "扩展", "部署"),
    "own_levels": ("本级", "本市", "本县", "本区", "本地", "市级", "县级", "区级", "县区级"),
    "rely_verbs": (
        "依托", "利用", "接入", "使用", "共用", "复用", "共享", "承接", "迁入", "迁移至", "迁移到",
        "迁至", "部署在", "部署于", "部署到", "承载于", "纳入", "融入", "基于", "借助", "依靠", "对接",
        "整合至", "整合到", "并入", "统一使用", "统一接入", "延伸",
    ),
    "province": ("省级", "省", "全省", "省统建", "总平台", "江淮大数据中心", "皖事通办", "皖事通", "1+16+n"),
    "city": ("市级", "市", "全市", "市统建"),
    "national": ("国家", "全国", "国家级"),
    # contain a level word but name no level: masked before levels are looked for
    "not_levels": ("城市", "市场", "市民", "都市", "超市", "节省", "省时", "省力", "省心", "反省"),
}  # fmt: skip


@dataclass(frozen=True)
class Markers:
    """The words statements are read with (see :data:`DEFAULT_MARKER_WORDS` for each field)."""

    negation: tuple[str, ...]
    deferral: tuple[str, ...]
    condition: tuple[str, ...]
    tentative: tuple[str, ...]
    not_markers: tuple[str, ...]
    double_negation: tuple[str, ...]
    noun_negators: tuple[str, ...]
    breakers: tuple[str, ...]
    lead_starts: tuple[str, ...]
    lead_ends: tuple[str, ...]
    comment_adverbs: tuple[str, ...]
    comment_endings: tuple[str, ...]
    alternatives: tuple[str, ...]
    own: tuple[str, ...]
    own_verbs: tuple[str, ...]
    own_levels: tuple[str, ...]
    rely_verbs: tuple[str, ...]
    province: tuple[str, ...]
    city: tuple[str, ...]
    national: tuple[str, ...]
    not_levels: tuple[str, ...]
    gap: int = 12  # the most characters one "…" stands for
    own_gap: int = 4  # the most characters between a building verb and the own level
    rely_gap: int = 6  # the most characters between a relying verb and the level

    @classmethod
    def from_mapping(cls, words: Mapping[str, Iterable[str]], base: Markers | None = None) -> Markers:
        """Markers from a plain mapping (a rule pack's vocabulary): each key given replaces that
        list of ``base`` (the defaults, when ``base`` is None); an unknown key is an error."""
        base = base or DEFAULT_MARKERS
        return _markers(words, base)

    def __hash__(self) -> int:
        """The hash of the fields, computed once per object: a statement is cached by its text
        and markers, and looked up hundreds of times a plan. Not pickled: a string's hash
        differs from one process to the next."""
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f.name) for f in fields(self)))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict[str, object]:
        return {name: value for name, value in self.__dict__.items() if name != "_hash"}


def _markers(words: Mapping[str, Iterable[str]], base: Markers | None) -> Markers:
    lists = [f.name for f in fields(Markers) if f.name not in ("gap", "own_gap", "rely_gap")]
    unknown = set(words) - set(lists)
    if unknown:
        raise ValueError(f"unknown marker lists: {', '.join(sorted(unknown))}")
    missing = [name for name in lists if name not in words and base is None]
    if missing:
        raise ValueError(f"marker lists missing: {', '.join(missing)}")
    values: dict[str, Any] = {name: getattr(base, name) for name in lists if base is not None}
    values.update({name: tuple(w for w in map(normalise, ws) if w) for name, ws in words.items()})
    if base is not None:
        values.update(gap=base.gap, own_gap=base.own_gap, rely_gap=base.rely_gap)
    return Markers(**values)


DEFAULT_MARKERS = _markers(DEFAULT_MARKER_WORDS, None)

# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Builder:
    """Who builds what a clause speaks of: ``own`` — the plan's own region builds it (自建,
    新建, 建设本级…, not negated); ``relies_on`` — the levels whose platform it relies on."""

    own: bool = False
    relies_on: frozenset[str] = frozenset()

    @property
    def relies(self) -> bool:
        return bool(self.relies_on)

    @property
    def own_instead(self) -> bool:
        """Builds its own and relies on nobody's: "自建政务云", "建设市级共性应用支撑平台"."""
        return self.own and not self.relies_on

    @property
    def extends(self) -> bool:
        """Relies on another level's platform and builds on it: "依托省级平台，拓展市级能力"."""
        return self.own and bool(self.relies_on)


NO_BUILDER = Builder()


@dataclass(frozen=True)
class Marker:
    """A marker found in a clause: its kind, the word as listed, and where it stands."""

    kind: Polarity
    word: str
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    """One clause: ``text`` is the original text's ``[start:end]`` (for quoting), ``polarity``
    the clause's strongest marker, ``builder`` who builds. ``markers`` are the live markers."""

    text: str
    start: int
    end: int
    polarity: Polarity
    builder: Builder
    markers: tuple[Marker, ...] = ()
    # internal: (start, end, polarity) stretches in original offsets each marker reaches
    scopes: tuple[tuple[int, int, Polarity], ...] = ()

    def polarity_at(self, start: int, end: int | None = None) -> Polarity:
        """The polarity of the text at original offsets [start, end) in this clause."""
        end = start + 1 if end is None else end
        reached = {p for s, e, p in self.scopes if s < end and start < e}
        return next((p for p in _PRECEDENCE if p in reached), Polarity.AFFIRMED)

    def commits(self, force: Force = "must", start: int | None = None, end: int | None = None) -> bool:
        """Does the clause (or the text at [start, end)) meet a requirement of this force?
        A must only by an affirmed statement, a should also by a tentative one (探索)."""
        polarity = self.polarity if start is None else self.polarity_at(start, end)
        return polarity is Polarity.AFFIRMED or (force == "should" and polarity is Polarity.TENTATIVE)


@dataclass(frozen=True)
class Mention:
    """One occurrence of a term: where (original offsets), its polarity, and its clause."""

    term: str
    start: int
    end: int
    polarity: Polarity
    clause: Clause


@dataclass(frozen=True)
class Statement:
    text: str
    clauses: tuple[Clause, ...]
    # the text as statements are read (normalised, line breaks kept) with each character's
    # index in the text: a pattern searched in it points back into the text as written
    normalised: tuple[str, tuple[int, ...]] = field(compare=False, repr=False)

    def mentions(self, terms: Iterable[str]) -> tuple[Mention, ...]:
        """Every occurrence of any of ``terms`` (compared normalised), in order; a longer term
        wins where two overlap."""
        norm, origin = self.normalised
        found: list[tuple[int, int, str]] = []
        for term in _longest_first(tuple(terms)):
            at = norm.find(term)
            while at >= 0:  # the occurrences re.finditer would find: left to right, not overlapping
                end = at + len(term)
                if not any(s < end and at < e for s, e, _ in found):
                    found.append((at, end, term))
                at = norm.find(term, end)
        out = []
        for s, e, term in sorted(found):
            start, end = origin[s], origin[e - 1] + 1
            clause = next((c for c in self.clauses if c.start <= start < c.end), None)
            if clause is not None:
                out.append(Mention(term, start, end, clause.polarity_at(start, end), clause))
        return tuple(out)

    def clause_at(self, offset: int) -> Clause | None:
        return next((c for c in self.clauses if c.start <= offset < c.end), None)


@lru_cache(maxsize=1024)
def _longest_first(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The terms normalised, without duplicates or empty ones, the longest first."""
    return tuple(sorted({normalise(t) for t in terms if normalise(t)}, key=len, reverse=True))


# ----------------------------------------------------------------------------- reading

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_NUMBERING = re.compile(
    r"^(?:\(?[一二三四五六七八九十\d]{1,3}[).、]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3}[,、])"
)
_SENTENCE_END = frozenset("。;!?\n")
_PIECE_END = frozenset(",:")
_TRIM = " \t\r\n\u3000,:;。!?、"


def _mapped(text: str) -> tuple[str, tuple[int, ...]]:
    """``normalise(text)`` character by character — except that line breaks stay, as sentence
    ends — with each output character's index in ``text``."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        if ch in "\n\r\u2028\u2029":
            out.append("\n")
            origin.append(index)
            continue
        for c in unicodedata.normalize("NFKC", ch):
            if c.isspace() or c in _INVISIBLE or unicodedata.category(c)[0] == "C":
                continue
            for low in c.lower():
                out.append(low)
                origin.append(index)
    return "".join(out), tuple(origin)


@lru_cache(maxsize=256)
def _word_pattern(words: tuple[str, ...], gap: int) -> re.Pattern[str] | None:
    """One pattern for a list of words, longest first; "…" is a gap inside one clause."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        pieces = [re.escape(p) for p in word.replace("…", "...").split("...")]
        if all(pieces):
            parts.append(f"[^,;。!?\n]{{0,{gap}}}?".join(pieces))
    return re.compile("|".join(parts)) if parts else None


def _mask(norm: str, words: tuple[str, ...], gap: int) -> str:
    pattern = _word_pattern(words, gap)
    if pattern is None:
        return norm
    return pattern.sub(lambda m: "\x00" * len(m.group(0)), norm)


def _find(norm: str, words: tuple[str, ...], gap: int) -> list[tuple[int, int, str]]:
    pattern = _word_pattern(words, gap)
    return [] if pattern is None else [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(norm)]


@dataclass
class _Piece:
    start: int  # normalised offsets, trimmed of punctuation
    end: int
    colon: bool = False  # ended by a colon: introduces what follows
    comment: bool = False  # joined to the piece before as a comment on it


def _is_thousands(norm: str, i: int) -> bool:
    return norm[i] == "," and 0 < i < len(norm) - 1 and norm[i - 1].isdigit() and norm[i + 1].isdigit()


def _pieces(norm: str, start: int, end: int) -> list[_Piece]:
    """The sentence norm[start:end] cut at commas and colons (not 1,000's comma)."""
    out: list[_Piece] = []
    begin = start
    for i in range(start, end + 1):
        if i < end and (norm[i] not in _PIECE_END or _is_thousands(norm, i)):
            continue
        s, e = begin, i
        while s < e and norm[s] in _TRIM:
            s += 1
        while e > s and norm[e - 1] in _TRIM:
            e -= 1
        if e > s:
            out.append(_Piece(s, e, colon=i < end and norm[i] == ":"))
        begin = i + 1
    return out


def _strip_adverbs(text: str, adverbs: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for adverb in sorted(adverbs, key=len, reverse=True):
            if adverb and text.startswith(adverb):
                text, changed = text[len(adverb) :], True
    return text


def _groups(norm: str, masked: str, markers: Markers) -> list[list[_Piece]]:
    """Pieces grouped into clauses: leads joined to the next piece, comments to the previous."""
    withdrawing = _word_pattern(markers.negation + markers.deferral + markers.condition, markers.gap)
    groups: list[list[_Piece]] = []
    i = 0
    while i < len(norm):
        j = i
        while j < len(norm) and norm[j] not in _SENTENCE_END:
            j += 1
        joined_to_next = False
        for k, piece in enumerate(_pieces(norm, i, j)):
            text = _NUMBERING.sub("", norm[piece.start : piece.end])
            head = _strip_adverbs(
                _NUMBERING.sub("", masked[piece.start : piece.end]), markers.comment_adverbs
            )
            opening = withdrawing.match(head) if withdrawing is not None else None
            rest = head[opening.end() :] if opening else ""
            # a comment has no object of its own: little or nothing follows its marker
            piece.comment = (
                k > 0
                and not joined_to_next
                and opening is not None
                and (len(rest) <= 4 or (len(rest) <= 6 and rest.endswith(markers.comment_endings)))
                and not rest.startswith(markers.alternatives)
            )
            if joined_to_next or piece.comment:
                groups[-1].append(piece)
            else:
                groups.append([piece])
            joined_to_next = (
                piece.colon or text.startswith(markers.lead_starts) or text.endswith(markers.lead_ends)
            )
        i = j + 1
    return groups


def _segments(masked: str, piece: _Piece, breakers: tuple[str, ...], gap: int) -> list[tuple[int, int]]:
    """A piece cut at the turns (而, 但, 同时…) that end a negation's scope."""
    cuts = [s for s, _, _ in _find(masked[piece.start : piece.end], breakers, gap)]
    bounds = [piece.start, *(piece.start + c for c in cuts if c > 0), piece.end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _kind_markers(masked: str, s: int, e: int, markers: Markers) -> list[tuple[int, int, str, Polarity]]:
    """Live markers in masked[s:e], longest first where they overlap."""
    found: list[tuple[int, int, str, Polarity]] = []
    for kind, words in (
        (Polarity.NEGATED, markers.negation),
        (Polarity.DEFERRED, markers.deferral),
        (Polarity.CONDITIONAL, markers.condition),
        (Polarity.TENTATIVE, markers.tentative),
    ):
        found.extend((s + a, s + b, w, kind) for a, b, w in _find(masked[s:e], words, markers.gap))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, str, Polarity]] = []
    for f in found:
        if not out or f[0] >= out[-1][1]:
            out.append(f)
        elif f[1] - f[0] > out[-1][1] - out[-1][0] and f[0] == out[-1][0]:
            out[-1] = f
    return out


def _is_relative(masked: str, end: int, limit: int) -> bool:
    """尚未完成的县区 / 未接入的系统 / 不具备条件的乡镇: a negator, at most 3 characters and 的 —
    a noun phrase naming which things are meant."""
    return "的" in masked[end : min(end + 4, limit)]


def _levels(norm: str, masked_levels: str, start: int, limit: int, markers: Markers) -> set[str]:
    window = masked_levels[start : min(limit, start + markers.rely_gap + 8)]
    found = set()
    for level in ("province", "city", "national"):
        for a, _, _ in _find(window, getattr(markers, level), markers.gap):
            if a <= markers.rely_gap:
                found.add(level)
    return found


def read_statement(text: str, markers: Markers = DEFAULT_MARKERS) -> Statement:
    """``text`` cut into clauses, each with its polarity, markers and builder."""
    norm, origin = _mapped(text)
    masked = _mask(_mask(norm, markers.not_markers, markers.gap), markers.double_negation, markers.gap)
    masked_levels = _mask(norm, markers.not_levels, markers.gap)
    clauses = []
    for group in _groups(norm, masked, markers):
        g_start, g_end = group[0].start, group[-1].end
        scopes: list[tuple[int, int, Polarity]] = []
        live: list[Marker] = []
        negated_spans: list[tuple[int, int]] = []
        for piece in group:
            segments = _segments(masked, piece, markers.breakers, markers.gap)
            for a, b, word, kind in _kind_markers(masked, piece.start, piece.end, markers):
                if kind is Polarity.NEGATED:
                    if word not in markers.noun_negators and _is_relative(masked, b, piece.end):
                        continue
                    seg = next((s for s in segments if s[0] <= a < s[1]), (piece.start, piece.end))
                    # a comment's negation reaches back over the pieces it comments on
                    reach = (g_start if piece.comment else seg[0], seg[1])
                    negated_spans.append(reach)
                else:
                    reach = (g_start, g_end)
                scopes.append((reach[0], reach[1], kind))
                live.append(Marker(kind, word, origin[a], origin[b - 1] + 1))
        builder = _builder(norm, masked, masked_levels, g_start, g_end, negated_spans, markers)
        start, end = origin[g_start], origin[g_end - 1] + 1
        orig_scopes = tuple((origin[s], origin[e - 1] + 1, p) for s, e, p in scopes if e > s)
        polarity = next((p for p in _PRECEDENCE if any(sp[2] is p for sp in orig_scopes)), Polarity.AFFIRMED)
        clauses.append(Clause(text[start:end], start, end, polarity, builder, tuple(live), orig_scopes))
    return Statement(text, tuple(clauses), (norm, origin))


def _builder(
    norm: str,
    masked: str,
    masked_levels: str,
    start: int,
    end: int,
    negated: list[tuple[int, int]],
    markers: Markers,
) -> Builder:
    def outside(at: int) -> bool:
        return not any(s <= at < e for s, e in negated)

    segment = masked[start:end]
    own = any(outside(start + a) for a, _, _ in _find(segment, markers.own, markers.gap))
    if not own:
        for a, b, _ in _find(segment, markers.own_verbs, markers.gap):
            window = segment[b : b + markers.own_gap + 4]
            hit = next(
                (x for x, _, _ in _find(window, markers.own_levels, markers.gap) if x <= markers.own_gap),
                None,
            )
            if hit is not None and outside(start + a):
                own = True
                break
    relies: set[str] = set()
    for a, b, _ in _find(segment, markers.rely_verbs, markers.gap):
        if outside(start + a):
            relies |= _levels(norm, masked_levels, start + b, end, markers)
    return Builder(own, frozenset(relies)) if own or relies else NO_BUILDER


# ----------------------------------------------------------------------------- questions


def _mentions(text: str, terms: Iterable[str], markers: Markers) -> tuple[Mention, ...]:
    return read_statement(text, markers).mentions(terms)


def affirms(text: str, terms: Iterable[str], markers: Markers = DEFAULT_MARKERS) -> Clause | None:
    """The first clause that affirms one of ``terms`` (the term itself is affirmed there)."""
    return next((m.clause for m in _mentions(text, terms, markers) if m.polarity is Polarity.AFFIRMED), None)


def commits(
    text: str, terms: Iterable[str], force: Force = "must", markers: Markers = DEFAULT_MARKERS
) -> Clause | None:
    """The first clause that meets a requirement of ``force`` about one of ``terms``."""
    return next(
        (m.clause for m in _mentions(text, terms, markers) if m.clause.commits(force, m.start, m.end)), None
    )


def denial(
    text: str, terms: Iterable[str], force: Force = "must", markers: Markers = DEFAULT_MARKERS
) -> Clause | None:
    """The first clause that names one of ``terms`` but withdraws it — negates, defers, makes
    it conditional, or (for a must) only explores it — for quoting in a finding. Negations are
    preferred: a clause that refuses the thing is the strongest quote."""
    withdrawn = [m for m in _mentions(text, terms, markers) if not m.clause.commits(force, m.start, m.end)]
    for polarity in _PRECEDENCE:
        for mention in withdrawn:
            if mention.polarity is polarity:
                return mention.clause
    return None


def builds_own(
    text: str,
    terms: Iterable[str],
    markers: Markers = DEFAULT_MARKERS,
    polarities: Collection[Polarity] = (Polarity.AFFIRMED,),
) -> Clause | None:
    """The first clause about one of ``terms`` that builds its own instead of relying on
    another level's platform ("自建政务云", "新建部门机房", "建设本级共性应用支撑平台"), with the
    term in one of ``polarities``. A check on a *must not* (H1-H3) may pass every polarity but
    negated: "如确需新建机房" and "远期自建政务云" keep the door open that the framework shuts."""
    for mention in _mentions(text, terms, markers):
        if mention.polarity in polarities and mention.clause.builder.own_instead:
            return mention.clause
    return None


def relies_on(
    text: str, terms: Iterable[str], level: Level | None = None, markers: Markers = DEFAULT_MARKERS
) -> Clause | None:
    """The first affirmed clause about one of ``terms`` that relies on ``level``'s platform (any
    level when None): "依托省级共性应用支撑平台", "接入市级电子政务外网"."""
    for mention in _mentions(text, terms, markers):
        relied = mention.clause.builder.relies_on
        if mention.polarity is Polarity.AFFIRMED and relied and (level is None or level in relied):
            return mention.clause
    return None
