"""Drafting a plan from its document: the section tree, read with the rule pack's vocabulary.

``extract(document, vocabulary)`` fills a plan (a dict in the shape of ``plancheck.model``)
with what the document says, layer by layer. Every object it emits carries ``source`` (the
section path, e.g. ``三、(二)``) and ``quote`` (an exact slice of the document, at most about
120 characters, cut at sentence or clause punctuation); every value is the document's own
words, or a normalised form of them (``built_by``, years). What it cannot find it leaves out
and says so in the notes; what it had to infer it marks ``x-confidence: low``.

The extractor knows how plans are written (numbered sections, run-in titles such as
``智慧城管。整合……``, enumerations with 、, key-project boxes), not what a particular plan says:
the words it looks for all come from the vocabulary. Given the same document and vocabulary it
returns the same plan, in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plancheck.documents import Document
from plancheck.errors import InputError, Problem
from plancheck.i18n import Lang, Message
from plancheck.model import APPLICATION_CATEGORIES
from plancheck.sections import BoxItem, Node, Para, SectionWords, Tree, build_tree, fold, sentences
from plancheck.vocabulary import Find, ListSpec, ObjectSpec, Vocabulary, compiled
from plancheck.yamlfile import PathKey, Position, SourceMap

QUOTE_MAX = 120
PATTERN_TIMEOUT = 1.0
LOW = "low"
_CLAUSE_STOPS = ",;:"
_SENTENCE_STOPS = "。!?;"
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
_BULLETS = "——-–—•●■◆▪★☆·*>" + "\u2022"
_RUN_IN = re.compile(
    r"^[\s" + re.escape(_BULLETS) + r"]*(?:\d{1,2}[.、]|\(\d{1,2}\)|[\u2460-\u2473])?\s*"
    r"(?P<name>(?:“[^”。,;]{1,20}”|[^,、;。:!?\s|“]){1,30}?)\s*[。:]"
)
_LAYERS = ("foundation", "data_center", "platform", "applications", "channel", "milestones", "safeguards")
LAYER_NAMES = {
    "plan": ("规划信息", "plan metadata"),
    "foundation": ("一套基础", "foundation"),
    "data_center": ("一个中心", "data centre"),
    "platform": ("一个平台", "platform"),
    "applications": ("七类应用", "applications"),
    "channel": ("一个通道", "channel"),
    "milestones": ("发展目标", "milestones"),
    "safeguards": ("实施保障", "safeguards"),
}


def key(text: str) -> str:
    """Text as terms are compared: folded, Latin in lower case, no white space."""
    return re.sub(r"\s+", "", fold(text).translate(_ASCII_LOWER))


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Note:
    """Something the reader of the draft should know: a layer not found, a guess."""

    kind: str  # missing | low
    path: str
    message: Message
    line: int | None = None

    def format(self, file: str, lang: Lang) -> str:
        where = f"{file}:{self.line}" if self.line else file
        label = {"missing": ("未找到", "not found"), "low": ("不确定", "unsure")}[self.kind]
        return f"{where}: {label[0] if lang == 'zh' else label[1]}: {self.path}: {self.message.pick(lang)}"


@dataclass
class Extraction:
    document: Document
    plan: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    positions: dict[PathKey, Position] = field(default_factory=dict)

    def source_map(self) -> SourceMap:
        return SourceMap(dict(self.positions))

    @property
    def missing(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "missing"]

    @property
    def unsure(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "low"]


Chain = list[tuple[bool, list["Sent"]]]


class _Obj(dict):  # type: ignore[type-arg]
    """A plan object being built: a dict that remembers where it and its values were read."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pos: Position | None = None
        self.field_pos: dict[str, Position] = {}


@dataclass(eq=False)
class Sent:
    para: Para
    start: int
    end: int
    key: str = ""

    def __post_init__(self) -> None:
        self.key = self.para.folded[self.start : self.end].translate(_ASCII_LOWER)

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
    sent: Sent
    start: int  # the value, in the paragraph's coordinates
    end: int
    match_start: int
    match_end: int
    groups: dict[str, tuple[int, int]] = field(default_factory=dict)
    outside: bool = False  # found only outside the element's own sections

    @property
    def para(self) -> Para:
        return self.sent.para

    @property
    def value(self) -> str:
        return self.para.text[self.start : self.end].strip()

    def group(self, name: str) -> str | None:
        span = self.groups.get(name)
        return self.para.text[span[0] : span[1]] if span else None


def _clauses(para: Para, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    a = start
    for i in range(start, end):
        if para.folded[i] in _CLAUSE_STOPS:
            out.append((a, i + 1))
            a = i + 1
    if a < end:
        out.append((a, end))
    return out


def _trim(para: Para, a: int, b: int, keep_stop: bool = True) -> tuple[int, int]:
    text, folded = para.text, para.folded
    while a < b and (text[a].isspace() or folded[a] in "|" + _BULLETS):
        a += 1
    while b > a and (text[b - 1].isspace() or folded[b - 1] in _CLAUSE_STOPS + "、|"):
        b -= 1
    if not keep_stop:
        while b > a and folded[b - 1] in _SENTENCE_STOPS:
            b -= 1
    return a, b


def quote_span(sent: Sent, a: int, b: int, tight: bool = False) -> tuple[int, int]:
    """The quote for a value at ``[a, b)``: its sentence when short enough, else the clauses
    around it, up to about QUOTE_MAX characters; ``tight``: just the clauses it spans."""
    s, e = _trim(sent.para, sent.start, sent.end)
    parts = _clauses(sent.para, s, e)
    if tight:
        covering = [(x, y) for x, y in parts if x < max(b, a + 1) and y > a]
        if covering and covering[-1][1] - covering[0][0] <= QUOTE_MAX:
            return _trim(sent.para, covering[0][0], covering[-1][1])
    if e - s <= QUOTE_MAX:
        return s, e
    first = next((i for i, (x, y) in enumerate(parts) if y > a), 0)
    last = next((i for i, (x, y) in enumerate(parts) if y >= b), len(parts) - 1)
    last = max(first, last)
    lo, hi = first, last
    grew = True
    while grew:
        grew = False
        if lo > 0 and parts[hi][1] - parts[lo - 1][0] <= QUOTE_MAX:
            lo -= 1
            grew = True
        if hi + 1 < len(parts) and parts[hi + 1][1] - parts[lo][0] <= QUOTE_MAX:
            hi += 1
            grew = True
    qa, qb = parts[lo][0], parts[hi][1]
    if qb - qa > QUOTE_MAX:
        qa = max(qa, min(a, qb - QUOTE_MAX))
        qb = min(qb, qa + QUOTE_MAX)
    return _trim(sent.para, qa, qb)


# ----------------------------------------------------------------------------- extractor


class _Extractor:
    def __init__(self, document: Document, vocabulary: Vocabulary, framework: str):
        self.document = document
        self.v = vocabulary
        self.framework = framework
        words = vocabulary.document
        self.tree: Tree = build_tree(
            document,
            SectionWords(tuple(words.box_markers), tuple(words.preface), tuple(words.appendix)),
            words.front,
        )
        self.notes: list[Note] = []
        self.level = "city"
        self.period = (0, 9999)
        self.verbs = sorted({key(v) for v in words.verbs}, key=len, reverse=True)
        background = {key(h) for h in words.background}
        self.background: set[int] = set()
        for node in self.tree.nodes():
            if node.kind not in ("root", "box") and any(h in key(node.title) for h in background):
                self.background.update(id(n) for n in node.walk())
        self.sents: dict[int, list[Sent]] = {}
        for para in self.tree.paras:
            self.sents[para.index] = [Sent(para, a, b) for a, b in sentences(para)]
        self.document_sents = [
            s for p in self.tree.paras if id(p.node) not in self.background for s in self.sents[p.index]
        ]
        self._sections: dict[tuple[str, ...], list[Node]] = {}
        self._sents_cache: dict[tuple[int, ...], list[Sent]] = {}

    # ------------------------------------------------------------------ scopes

    def sections(self, headings: list[str] | tuple[str, ...]) -> list[Node]:
        """The topmost nodes (outside the background) whose heading contains one of the words."""
        wanted = tuple(key(h) for h in headings if h)
        if not wanted:
            return []
        if wanted not in self._sections:
            found: list[Node] = []
            taken: set[int] = set()
            for node in self.tree.nodes():
                if node.kind == "root" or id(node) in self.background:
                    continue
                if any(id(a) in taken for a in node.ancestors()):
                    continue
                title = key(node.title)
                if any(w in title for w in wanted):
                    found.append(node)
                    taken.add(id(node))
            self._sections[wanted] = found
        return self._sections[wanted]

    def sents_of(self, nodes: list[Node]) -> list[Sent]:
        cache_key = tuple(id(n) for n in nodes)
        cached = self._sents_cache.get(cache_key)
        if cached is None:
            cached = self._sents_cache[cache_key] = self._sents_of(nodes)
        return cached

    def _sents_of(self, nodes: list[Node]) -> list[Sent]:
        seen: set[int] = set()
        paras = []
        for node in nodes:
            for para in node.all_paras():
                if para.index not in seen and id(para.node) not in self.background:
                    seen.add(para.index)
                    paras.append(para)
        paras.sort(key=lambda p: p.index)
        return [s for p in paras for s in self.sents[p.index]]

    # ------------------------------------------------------------------ matching

    def _search(self, pattern: str, text: str, pos: int = 0) -> Any:
        try:
            return compiled(pattern).search(text, pos, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            return None

    def locate(self, spec: Find, sent: Sent, only: int | None = None) -> Hit | None:
        """The first place in the sentence where the spec's terms or patterns match (``only``:
        just one alternative, see ``alternatives``)."""
        if spec.exclude and any(key(t) in sent.key for t in spec.exclude):
            return None
        if spec.near and not any(key(t) in sent.key for t in spec.near):
            return None
        best: tuple[int, dict[str, tuple[int, int]], tuple[int, int]] | None = None
        for n, alternative in enumerate(_alternatives(spec)):
            if only is not None and n != only:
                continue
            if isinstance(alternative, tuple):  # the terms, any of them
                for term in alternative:
                    at = sent.key.find(term)
                    if at >= 0 and (best is None or at < best[0]):
                        best = (at, {}, (sent.start + at, sent.start + at + len(term)))
                continue
            found = self._search(alternative, sent.folded)
            if found is None:
                continue
            groups = {
                name: (sent.start + found.start(name), sent.start + found.end(name))
                for name in found.groupdict()
                if found.group(name) is not None
            }
            if best is None or found.start() < best[0]:  # the earliest; on a tie the one listed first
                best = (found.start(), groups, (sent.start + found.start(), sent.start + found.end()))
        if not spec.terms and not spec.patterns:
            best = (0, {}, (sent.start, sent.end))
        if best is None:
            return None
        _, groups, (ms, me) = best
        a, b = groups.get("value", (ms, me))
        if spec.take == "sentence":
            a, b = _trim(sent.para, sent.start, sent.end)
        elif spec.take == "clause":
            parts = _clauses(sent.para, sent.start, sent.end)
            first = next((x for x, y in parts if y > a), sent.start)
            last = next((y for _, y in parts if y >= b), sent.end)
            a, b = _trim(sent.para, first, max(last, b), keep_stop=False)
        elif spec.take == "match":
            a, b = _trim(sent.para, a, b)
        if b <= a:
            return None
        return Hit(sent, a, b, ms, me, groups)

    def find(self, spec: Find, scopes: list[list[Sent]], doc_from: int | None = None) -> Hit | None:
        """The first hit: scope by scope (nearest first); within a scope the terms, then each
        pattern in the order listed; for each, body text before headings, in reading order."""
        count = max(1, len(_alternatives(spec)))
        for index, scope in enumerate(scopes):
            for only in range(count):
                for headings in (False, True):
                    for sent in scope:
                        if sent.para.heading != headings:
                            continue
                        hit = self.locate(spec, sent, only)
                        if hit is not None:
                            hit.outside = doc_from is not None and index >= doc_from
                            return hit
        return None

    # ------------------------------------------------------------------ evidence

    def evidence(self, hit: Hit, target: dict[str, Any] | None = None, tight: bool = False) -> _Obj:
        """``{source, quote}`` for a hit, remembering its position; ``tight``: quote only the
        clauses of the match (for the items of a list)."""
        qa, qb = quote_span(hit.sent, hit.match_start, hit.match_end, tight)
        out = _Obj() if target is None else target
        out["source"] = hit.sent.node.path
        out["quote"] = hit.para.text[qa:qb]
        if isinstance(out, _Obj):
            out.pos = Position(hit.para.line, hit.para.column + qa)
        return out

    def position(self, hit: Hit) -> Position:
        return Position(hit.para.line, hit.para.column + hit.start)

    def note(self, kind: str, path: str, zh: str, en: str, line: int | None = None) -> None:
        self.notes.append(Note(kind, path, Message(zh, en), line))

    def low(self, obj: _Obj, path: str, zh: str, en: str) -> None:
        obj["x-confidence"] = LOW
        obj["x-note"] = f"{zh} ({en})"
        self.note("low", path, zh, en, obj.pos.line if obj.pos else None)

    def strip_verbs(self, text: str) -> str:
        """The name without the verbs before it (人口 from 建设完善人口); always a slice."""
        changed = True
        while changed:
            changed = False
            folded = key(text)
            for verb in self.verbs:
                if folded.startswith(verb) and len(folded) > len(verb) + 1:
                    text = _drop_prefix(text, len(verb))
                    changed = True
                    break
        return text.strip()

    # ------------------------------------------------------------------ plan metadata

    def plan_info(self) -> _Obj:
        words = self.v.plan
        title_hit, region_parts = self._title()
        if title_hit is None:
            raise InputError(
                Problem(
                    self.document.file,
                    Message(
                        "这不像一份数字政府建设规划: 找不到“XX市(县)……数字政府……规划”这样的标题",
                        "this does not look like a digital-government plan: no title such as "
                        "XX市(县)……数字政府……规划 was found",
                    ),
                    self.tree.paras[0].line if self.tree.paras else None,
                    code="not-a-plan",
                )
            )
        hit, title = title_hit
        info = _Obj()
        info["title"] = title
        region, level = region_parts[-1]
        info["region"] = region
        level_note = None
        if level == "city":
            hints = {name: sum(self._count(t) for t in terms) for name, terms in words.level_hints.items()}
            if hints.get("county", 0) > 2 * hints.get("city", 0) and hints.get("county", 0) >= 3:
                level = "county"
                level_note = (
                    "按行文对象判断为县级 (县级市)",
                    "read as a county-level plan from whom it addresses",
                )
        self.level = level
        info["level"] = level
        province = next((r for r, kind in region_parts if kind == "province"), None)
        province_term = None
        if province is None:
            province, province_term = self._province()
        info["province"] = province if province is not None else "【待填写】"
        if level == "county":
            city = next((r for r, kind in region_parts[:-1] if kind == "city"), None) or self._city()
            if city:
                info["city"] = city
        info["framework"] = self.framework
        period, period_from_era = self._period(title)
        if period is None:
            raise InputError(
                Problem(
                    self.document.file,
                    Message(
                        "找不到规划期 (如“规划期为2021—2025年”或标题中的“(2021-2025年)”)",
                        "no plan period was found (such as 规划期为2021—2025年, or (2021-2025年) in the title)",
                    ),
                    code="not-a-plan",
                )
            )
        info["period"] = period
        if period.pos is not None:
            info.field_pos["period"] = period.pos
        for name in ("base_year", "issued", "issuer", "document_number"):
            spec = getattr(words, name)
            if spec is None:
                continue
            found = self._front_find(spec)
            if found is not None:
                value: Any = found.value
                if name == "base_year":
                    value = int(fold(value))
                info[name] = value
                info.field_pos[name] = self.position(found)
        self.evidence(hit, info)
        if province_term is not None:
            self.low(
                info,
                "plan.province",
                f"省份由文中的“{province_term}”推断",
                f"the province is inferred from '{province_term}' in the text",
            )
        if info["province"] == "【待填写】":
            self.low(info, "plan.province", "文中找不到所属省份", "the document does not name its province")
        if level_note:
            self.low(info, "plan.level", *level_note)
        if period_from_era:
            self.low(
                period,
                "plan.period",
                "规划期由“五年规划”的名称推断",
                "the period is inferred from the five-year plan it names",
            )
        self.period = (period["start"], period["end"])
        return info

    def _count(self, term: str) -> int:
        wanted = key(term)
        return sum(s.key.count(wanted) for sents in self.sents.values() for s in sents)

    def _title(self) -> tuple[tuple[Hit, str] | None, list[tuple[str, str]]]:
        words = self.v.plan.title
        keywords = [key(k) for k in words.keywords]
        kinds = [key(k) for k in words.kinds]
        front = [p for p in self.tree.paras if p.node is self.tree.root][:40] or self.tree.paras[:40]
        candidates: list[tuple[Sent, int, int]] = []
        for para in [*front, *self.tree.paras[len(front) : len(front) + 40]]:
            for sent in self.sents[para.index]:
                for m in re.finditer(r"《([^《》]{4,80})》", sent.folded):
                    candidates.append((sent, sent.start + m.start(1), sent.start + m.end(1)))
        for para in front:
            if len(para.text) <= 80:
                for sent in self.sents[para.index]:
                    candidates.append((sent, sent.start, sent.end))
        for sent, a, b in candidates:
            text = sent.para.text[a:b]
            k = key(text)
            if not any(w in k for w in keywords) or not any(w in k for w in kinds):
                continue
            text = self._strip_title(text)
            parts = self._regions(text)
            if not parts:
                continue
            if not re.search(r"\d{4}", fold(text)):
                extra = self._period_line(sent.para)
                if extra:
                    text += extra
            a = sent.para.text.find(text[: min(len(text), 8)], a) if text else a
            hit = Hit(sent, a, b, max(a, sent.start), b)
            return (hit, text.strip()), parts
        return None, []

    def _strip_title(self, text: str) -> str:
        words = self.v.plan.title
        for prefix in words.strip_prefixes:
            at = text.find(prefix)
            if at >= 0:
                text = text[at + len(prefix) :]
        for suffix in words.strip_suffixes:
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        return text.strip(" 《》")

    def _period_line(self, para: Para) -> str | None:
        """A title's period on the next line: (2021—2025年)."""
        nxt = para.index + 1
        if nxt < len(self.tree.paras):
            text = self.tree.paras[nxt].text.strip()
            if len(text) <= 20 and re.fullmatch(
                r"[(（]?\s*\d{4}\s*年?\s*[-‐‑‒–—―−~～至到]+\s*\d{4}\s*年?\s*[)）]?", text
            ):
                return text
        return None

    def _regions(self, text: str) -> list[tuple[str, str]]:
        """The administrative names a title starts with: 安徽省 阜阳市 临泉县."""
        suffixes = "".join(re.escape(s) for s in self.v.plan.region_suffixes)
        parts: list[tuple[str, str]] = []
        at = 0
        while True:
            m = re.match(rf"([\u4e00-\u9fff]{{1,10}}?[{suffixes}])(?![{suffixes}])", text[at:])
            if m is None:
                break
            name = m.group(1)
            parts.append((name, self.v.plan.region_suffixes[name[-1]]))
            at += m.end()
            if len(parts) >= 3:
                break
        while len(parts) > 1 and parts[-1][1] == "province":
            parts.pop()
        return parts

    def _province(self) -> tuple[str | None, str | None]:
        """The pack's province when the text names it (then sure), or names something only it
        has, such as its service platform (then the term it was inferred from)."""
        words = self.v.plan.province
        for terms, sure in ((words.terms, True), (words.indirect, False)):
            for term in terms:
                if any(key(term) in s.key for s in self.document_sents):
                    return words.name, None if sure else term
        return None, None

    def _city(self) -> str | None:
        counts = [(self._count(c), -i, c) for i, c in enumerate(self.v.plan.cities)]
        counts = [c for c in counts if c[0] > 0]
        return max(counts)[2] if counts else None

    def _period(self, title: str) -> tuple[_Obj | None, bool]:
        """The plan period, and whether it is only inferred from the five-year plan named."""
        spec = self.v.plan.period
        scopes = [[s for p in self.tree.paras[:60] for s in self.sents[p.index]], self.document_sents]
        for pattern in spec.patterns:
            one = Find(patterns=[pattern], take="match")
            found = self.find(one, scopes)
            if found is not None and found.group("start") and found.group("end"):
                start, end = int(fold(found.group("start") or "")), int(fold(found.group("end") or ""))
                if end >= start:
                    period = _Obj(start=start, end=end)
                    self.evidence(found, period)
                    return period, False
        folded = key(title)
        for era, (start, end) in self.v.plan.eras.items():
            if key(era) in folded:
                for sent in self.document_sents[:80] + [
                    s for p in self.tree.paras[:20] for s in self.sents[p.index]
                ]:
                    at = sent.key.find(key(era))
                    if at >= 0:
                        period = _Obj(start=start, end=end)
                        self.evidence(
                            Hit(sent, sent.start, sent.end, sent.start + at, sent.start + at + 3), period
                        )
                        return period, True
        return None, False

    def _front_find(self, spec: Find) -> Hit | None:
        front = [s for p in self.tree.paras if p.node is self.tree.root for s in self.sents[p.index]]
        tail = [s for p in self.tree.paras[-12:] for s in self.sents[p.index]]
        everything = [s for p in self.tree.paras for s in self.sents[p.index]]
        loose = Find(**{**spec.model_dump(), "near": []})
        return self.find(spec, [front, tail, everything]) or self.find(loose, [front, tail])

    # ------------------------------------------------------------------ generic objects

    def layer(self, name: str, spec: ObjectSpec) -> _Obj | None:
        nodes = self.sections(spec.headings)
        chain: Chain = [(True, self.sents_of(nodes))] if nodes else []
        obj = self.object(spec, name, chain, layer=True)
        if obj is None:
            return None
        if nodes and "quote" not in obj:
            self._section_evidence(obj, nodes[0])
        return obj

    def _section_evidence(self, obj: _Obj, node: Node) -> None:
        body = [s for p in node.paras if not p.heading for s in self.sents[p.index]]
        sent = body[0] if body else (self.sents[node.heading.index][0] if node.heading else None)
        if sent is None:
            return
        if not body and node.heading is not None:  # a heading only: quote its title
            para = node.heading
            at = para.text.find(node.title) if node.title else 0
            a, b = (at, at + len(node.title)) if node.title and at >= 0 else (sent.start, sent.end)
            obj["source"], obj["quote"] = node.path, para.text[a:b]
            obj.pos = Position(para.line, para.column + a)
            return
        self.evidence(Hit(sent, sent.start, sent.end, sent.start, sent.end), obj)

    def object(self, spec: ObjectSpec, path: str, chain: Chain, layer: bool = False) -> _Obj | None:
        """An object of the plan from its spec. ``chain`` holds the sentences of the enclosing
        objects (innermost first), each marked whether it is the layer's."""
        own_nodes = self.sections(spec.headings)
        own = self.sents_of(own_nodes)
        hit: Hit | None = None
        if spec.find is not None:
            scopes = [self.sents_of(self.sections(spec.find.headings)), own, *(sents for _, sents in chain)]
            doc_from = len(scopes)
            if spec.find.scope == "document":
                scopes.append(self.document_sents)
            hit = self.find(spec.find, scopes, doc_from if (own_nodes or chain) else None)
            if hit is None:
                return None
        obj = _Obj()
        if hit is not None:
            self.evidence(hit, obj)
        here = [hit.sent] if hit is not None else []
        around = self.sents_of([hit.sent.node]) if hit is not None else []
        inner: Chain = [(False, here), (False, own), (False, around), *chain]

        def scopes_for(find: Find) -> list[list[Sent]]:
            if find.scope == "object":
                return [here] if hit is not None else [own]
            scopes = [here, self.sents_of(self.sections(find.headings)), own, around]
            scopes += [sents for is_layer, sents in chain if find.scope != "section" or not is_layer]
            if find.scope == "document":
                scopes.append(self.document_sents)
            return scopes

        evidence: list[Hit] = []
        if spec.name_from_heading and hit is not None:
            name = self._heading_name(hit.sent.node, spec)
            if name is not None:
                obj["name"] = name[0]
                obj.field_pos["name"] = name[1]
        if "name" not in obj and spec.name is not None:
            found = self.find(spec.name, scopes_for(spec.name))
            if found is not None:
                obj["name"] = self.strip_verbs(found.value)
                obj.field_pos["name"] = self.position(found)
                evidence.append(found)
        if spec.built_by is not None:
            self._built_by(spec, obj, hit, own, path)
        for name, find in spec.fields.items():
            if find.take == "year":
                value = self._year_of(hit) if hit is not None else None
            else:
                found = self.find(find, scopes_for(find))
                value = (found.value, self.position(found)) if found is not None else None
                if found is not None:
                    evidence.append(found)
            if value is not None:
                obj[name], obj.field_pos[name] = value
        for name, find in spec.statements.items():
            found = self.find(find, scopes_for(find))
            if found is not None:
                statement = _Obj(text=found.value)
                self.evidence(found, statement)
                obj[name] = statement
        for name, sub in spec.objects.items():
            child = self.object(sub, f"{path}.{name}", inner)
            if child is not None:
                obj[name] = child
            elif sub.find is not None or sub.built_by is not None:
                self.note("missing", f"{path}.{name}", "文档中找不到这一项", "the document does not say this")
        for name, list_spec in spec.lists.items():
            items = self.list(list_spec, here, inner, f"{path}.{name}")
            if items:
                obj[name] = items
        if not [k for k in obj if k != "built_by"] and hit is None:
            return None
        if hit is None and evidence:
            self.evidence(evidence[0], obj)
        elif hit is None and not layer:
            first = next((v for v in obj.values() if isinstance(v, _Obj) and v.pos is not None), None)
            if first is not None:
                obj["source"], obj["quote"] = first["source"], first["quote"]
                obj.pos = first.pos
        if hit is not None and hit.outside:
            self.low(
                obj,
                path,
                "只在其他章节中提到, 没有专门的章节",
                "mentioned only outside the sections about it",
            )
        return obj

    def _year_of(self, found: Hit) -> tuple[str, Position] | None:
        """A deadline: the year in the sentence itself, or the milestone the sentence is under."""
        m = self._search(r"(?:19|20)\d\d\s*年\s*(?:底|末|年底)?", found.sent.folded)
        if m is not None:
            a = found.sent.start + m.start()
            return found.para.text[a : found.sent.start + m.end()], Position(
                found.para.line, found.para.column + a
            )
        node = found.sent.node
        for para in reversed([p for p in node.paras if p.index <= found.para.index]):
            for sent in reversed(self.sents[para.index]):
                if para is found.para and sent.start > found.sent.start:
                    continue
                for pattern in self.v.milestones.markers if self.v.milestones else []:
                    marker = self._search(pattern, sent.folded)
                    if marker is not None and marker.groupdict().get("year"):
                        a, b = sent.start + marker.start("year"), sent.start + marker.end("year")
                        if marker.groupdict().get("end"):
                            b = sent.start + marker.end("end")
                        return para.text[a:b], Position(para.line, para.column + a)
        return None

    def _heading_name(self, node: Node, spec: ObjectSpec) -> tuple[str, Position] | None:
        terms = [key(t) for t in [*spec.headings, *(spec.find.terms if spec.find else [])]]
        for candidate in [node, *node.ancestors()]:
            if candidate.heading is None or not candidate.title:
                continue
            if any(t in key(candidate.title) for t in terms):
                name = _up_to_term(self.strip_verbs(candidate.title), terms)
                para = candidate.heading
                at = para.text.find(name)
                return name, Position(para.line, para.column + max(at, 0))
        return None

    def _built_by(self, spec: ObjectSpec, obj: _Obj, hit: Hit | None, own: list[Sent], path: str) -> None:
        assert spec.built_by is not None
        rules = spec.built_by
        local = ([hit.sent] if hit else []) + own + (self.sents_of([hit.sent.node]) if hit else [])
        above = {"county": ["city", "province"], "city": ["province"]}.get(self.level, [])
        value, found = None, None
        for level in above:
            find = rules.relies.get(level)  # type: ignore[call-overload]
            if find is not None:
                found = self.find(find, [local])
                if found is not None:
                    value = level
                    break
        if value is None and rules.builds is not None:
            found = self.find(rules.builds, [local])
            if found is not None:
                value = "self"
        obj["built_by"] = value or ("self" if self.level == "city" else "city")
        if found is not None:
            obj.field_pos["built_by"] = self.position(found)
        elif obj.pos is not None:
            obj.field_pos["built_by"] = obj.pos
        if value is None:
            self.low(
                obj,
                f"{path}.built_by",
                "文中没有说明由谁建设, 按层级推定",
                "the text does not say who builds it; assumed from the plan's level",
            )

    # ------------------------------------------------------------------ lists

    def list(self, spec: ListSpec, here: list[Sent], chain: Chain, path: str) -> list[_Obj]:
        items: list[_Obj] = []
        seen: set[str] = set()
        generic = {key(g) for g in spec.generic}

        def add(name: str, hit: Hit) -> None:
            name = _balanced(name.strip())
            k = key(name).strip("“”")
            if len(k) < 2 or k in seen or k in generic:
                return
            seen.add(k)
            item = _Obj(name=name)
            self.evidence(hit, item, tight=True)
            item.field_pos["name"] = self.position(hit)
            items.append(item)

        def scopes_for(find: Find) -> list[list[Sent]]:
            scopes = [self.sents_of(self.sections(find.headings))] if find.headings else []
            if find.scope == "object":
                return [here]
            scopes += [sents for is_layer, sents in chain if find.scope != "section" or not is_layer]
            if find.scope == "document":
                scopes.append(self.document_sents)
            return scopes

        if spec.enumeration is not None:
            for hit in self._all_in(spec.enumeration, scopes_for(spec.enumeration)):
                for name, a in self._enumeration(hit):
                    add(name, Hit(hit.sent, a, a + len(name), a, max(a + len(name), hit.match_end)))
        if spec.named is not None:
            for hit in self._all_in(spec.named, scopes_for(spec.named)):
                for name, a in self._named(hit, spec.named, generic):
                    add(name, Hit(hit.sent, a, a + len(name), a, a + len(name)))
        if spec.titles is not None:
            for node in self.sections(spec.titles.headings):
                for name, hit in self._titles(node):
                    add(self.strip_verbs(name), hit)
        if spec.sequence is not None:
            for sent in scopes_for(spec.sequence)[0][:1]:
                for name, a in self._sequence(spec.sequence, sent):
                    add(name, Hit(sent, a, a + len(name), a, a + len(name)))
        if spec.items:
            within = spec.within or Find()
            pool = [s for scope in scopes_for(within) for s in scope]
            if within.terms:
                pool = [s for s in pool if any(key(t) in s.key for t in within.terms)]
            if spec.together:
                wordings = [[key(t) for t in item.terms] for item in spec.items]
                pool += [
                    s
                    for s in self.document_sents
                    if sum(any(t in s.key for t in terms) for terms in wordings) >= spec.together
                ]
            for item in spec.items:
                find = Find(
                    terms=sorted(item.terms, key=len, reverse=True), patterns=item.patterns, take="match"
                )
                hit = self.find(find, [pool])
                if hit is not None:
                    add(hit.value, hit)
        return items

    def _all_in(self, spec: Find, scopes: list[list[Sent]]) -> list[Hit]:
        seen: set[int] = set()
        out = []
        for scope in scopes:
            for sent in scope:
                if id(sent) in seen:
                    continue
                seen.add(id(sent))
                hit = self.locate(spec, sent)
                if hit is not None:
                    out.append(hit)
        return out

    def _enumeration(self, hit: Hit) -> list[tuple[str, int]]:
        """The items listed with 、 right before the term (人口、法人、电子证照等基础库), or in the
        clause before it (围绕政务服务、交通等领域, 推动主题数据库建设): (name, where)."""
        sent = hit.sent
        text = sent.para.text
        parts = _clauses(sent.para, sent.start, sent.end)
        index = next((i for i, (_, y) in enumerate(parts) if y > hit.match_start), len(parts) - 1)
        for i in (index, index - 1):
            if i < 0:
                continue
            a, b = parts[i]
            if i == index:
                b = hit.match_start
            a, b = _trim(sent.para, a, b, keep_stop=False)
            if "、" not in text[a:b]:
                continue
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
                    x = y - len(self.strip_verbs(text[x:y]))
                while x < y and text[x].isspace():
                    x += 1
                name = text[x:y].strip()
                if 1 <= len(name) <= 16 and not re.search(r"[,;:。的]", fold(name)):
                    out.append((name, x))
            if len(out) >= 2:
                return out
        return []

    def _named(self, hit: Hit, spec: Find, generic: set[str]) -> list[tuple[str, int]]:
        """Names that end in one of the terms: 公安大数据主题库 in 推进公安大数据主题库建设."""
        sent = hit.sent
        text, folded = sent.para.text, sent.para.folded
        out = []
        terms = sorted({key(t) for t in spec.terms}, key=len, reverse=True)
        pos = sent.start
        while pos < sent.end:
            found = None
            for term in terms:
                at = sent.key.find(term, pos - sent.start)
                if at >= 0 and (found is None or at < found[0]):
                    found = (at, term)
            if found is None:
                break
            at, term = found
            end = sent.start + at + len(term)
            start = sent.start + at
            a = start
            while a > sent.start and start - a < 16 and folded[a - 1] not in ",;:。、 和及与或|()":
                a -= 1
            name = text[a:end]
            stem_start = a
            name_folded = key(name)
            cut = max(
                (
                    name_folded.rfind(v) + len(v)
                    for v in self.verbs
                    if name_folded.rfind(v) >= 0
                    and name_folded.rfind(v) + len(v) <= len(name_folded) - len(term)
                ),
                default=0,
            )
            if cut:
                name = _drop_prefix(name, cut)
                stem_start = end - len(name)
            stem = key(name)[: -len(term)] if len(key(name)) > len(term) else ""
            pos = end
            if spec.exclude and any(key(x) in stem for x in spec.exclude):
                continue
            if (
                not stem
                or stem in generic
                or any(g and stem.endswith(g) and len(stem) <= len(g) + 1 for g in generic)
            ):
                continue
            if any(ch in stem for ch in "的等各") or len(stem) < 2:
                continue
            out.append((name.strip(), stem_start))
        return out

    def _titles(self, node: Node) -> list[tuple[str, Hit]]:
        out = []
        for child in node.children:
            if child.kind != "box" and child.heading is not None and child.title:
                sent = self.sents[child.heading.index][0] if self.sents[child.heading.index] else None
                if sent is not None:
                    at = child.heading.text.find(child.title)
                    out.append((child.title, Hit(sent, at, at + len(child.title), at, at + len(child.title))))
        for para in node.body():
            found = run_in(para)
            if found is not None:
                name, a = found
                sent = self.sents[para.index][0]
                out.append((name, Hit(sent, a, a + len(name), a, a + len(name))))
        return out

    def _sequence(self, spec: Find, sent: Sent) -> list[tuple[str, int]]:
        found: list[tuple[int, int]] = []
        for pattern in spec.patterns:
            try:
                matches = list(compiled(pattern).finditer(sent.folded, timeout=PATTERN_TIMEOUT))
            except TimeoutError:
                matches = []
            for m in matches:
                a, b = sent.start + m.start(), sent.start + m.end()
                if not any(x < b and a < y for x, y in found):
                    found.append((a, b))
        found.sort()
        return [(sent.para.text[a:b], a) for a, b in found]

    # ------------------------------------------------------------------ applications

    def applications(self) -> _Obj | None:
        spec = self.v.applications
        if spec is None:
            return None
        excluded = {key(h) for h in spec.exclude_headings}
        categories = {name: [key(h) for h in c.headings] for name, c in spec.categories.items()}
        order: list[tuple[Node, str]] = []
        skip: set[int] = set(self.background)
        for node in self.tree.nodes():
            if node.kind in ("root", "box", "preface", "appendix") or id(node) in skip:
                continue
            title = key(node.title)
            if any(x in title for x in excluded):
                skip.update(id(n) for n in node.walk())
                continue
            matched = [name for name, heads in categories.items() if any(h in title for h in heads)]
            if len(matched) == 1:
                order.append((node, matched[0]))
                skip.update(id(n) for n in node.walk())
        found: dict[str, list[_Obj]] = {name: [] for name in spec.categories}
        names: dict[str, dict[str, _Obj]] = {name: {} for name in spec.categories}
        enclosing: dict[int, str] = {}
        for node, category in order:
            for app in self._apps_in(node, category):
                self._add_app(found, names, category, app)
            enclosing.update({id(n): category for n in node.walk() if n.kind == "box"})
        app_sections = {id(n) for s in self.sections(spec.headings) for n in s.walk()}
        box_words = [key(w) for w in spec.box_titles]
        for box in self.tree.nodes():
            if box.kind != "box" or id(box) in self.background:
                continue
            title = key(box.title)
            matched = [name for name, heads in categories.items() if any(h in title for h in heads)]
            named = matched[0] if len(matched) == 1 else None
            about_apps = (
                named is not None
                or id(box) in enclosing
                or (id(box) in app_sections and any(w in title for w in box_words))
            )
            self._box_apps(box, named, enclosing.get(id(box)), about_apps, found, names)
        # applications listed under the applications heading but under no category heading
        if not order:
            for section in self.sections(spec.headings):
                for app in self._apps_in(section, None):
                    category = self._classify(app)
                    if category is not None:
                        self._add_app(found, names, category, app)
                        self.low(
                            app, f"applications.{category}", "按关键词归类", "category chosen by keywords"
                        )
        result = _Obj()
        for name in APPLICATION_CATEGORIES:
            if found.get(name):
                result[name] = found[name]
        sections = self.sections(spec.headings)
        if sections:
            self._section_evidence(result, sections[0])
        elif order:
            parent = order[0][0].parent
            if parent is not None and parent.kind != "root":
                self._section_evidence(result, parent)
        if "quote" not in result:
            first = next((apps[0] for apps in result.values() if isinstance(apps, list) and apps), None)
            if first is not None:
                result["source"], result["quote"], result.pos = first["source"], first["quote"], first.pos
        for name, (zh, en) in APPLICATION_CATEGORIES.items():
            if name in spec.categories and not found.get(name):
                self.note(
                    "missing", f"applications.{name}", f"找不到{zh}类应用", f"no {en} applications found"
                )
        return result if any(isinstance(v, list) for v in result.values()) else None

    def _add_app(
        self, found: dict[str, list[_Obj]], names: dict[str, dict[str, _Obj]], category: str, app: _Obj
    ) -> None:
        k = _app_key(app["name"])
        if k in names[category]:
            return
        names[category][k] = app
        found[category].append(app)

    def _app(self, name: str, para: Para, name_at: int, body: str, box: str | None = None) -> _Obj:
        sent = next((s for s in self.sents[para.index] if s.end > name_at), self.sents[para.index][0])
        app = _Obj(name=name)
        if body:
            app["description"] = body
        if box is not None:
            app["key_project"] = True
            app["box"] = box
        # the quote: from the name on, as far as QUOTE_MAX allows at clause ends
        end = min(len(para.text), name_at + QUOTE_MAX)
        clause_end = end
        if end < len(para.text):
            stops = [
                i + 1
                for i in range(name_at + len(name), end)
                if para.folded[i] in _CLAUSE_STOPS + _SENTENCE_STOPS
            ]
            clause_end = stops[-1] if stops else end
        a, b = _trim(para, name_at, clause_end)
        app["source"] = sent.node.path
        app["quote"] = para.text[a:b]
        app.pos = Position(para.line, para.column + a)
        app.field_pos["name"] = app.pos
        return app

    def _apps_in(self, node: Node, category: str | None) -> list[_Obj]:
        spec = self.v.applications
        assert spec is not None
        generic = {key(g) for g in spec.generic_names}
        apps: list[_Obj] = []

        def ok(name: str) -> bool:
            k = key(name)
            return 2 <= len(k) <= 30 and k not in generic and not k.endswith(("方面", "目标", "原则"))

        for para in node.body():
            found = run_in(para)
            if found is not None and ok(found[0]):
                name, at = found
                body_at = at + len(name) + 1
                apps.append(self._app(name, para, at, para.text[body_at:].strip()))
        for child in node.children:
            if child.kind == "box":
                continue
            grouped = [p for p in child.body() if run_in(p) is not None]
            if len(grouped) >= 2:
                apps.extend(self._apps_in(child, category))
                continue
            if child.heading is None or not ok(child.title):
                continue
            head = child.heading
            at = head.text.find(child.title)
            body = next((p.text for p in child.body()), "")
            apps.append(self._app(child.title, head, max(at, 0), body))
        if not apps and category is not None:
            apps = self._apps_in_sentences(node, category)
        return apps

    def _apps_in_sentences(self, node: Node, category: str) -> list[_Obj]:
        """A category section that names no application in a title: each clause that builds a
        system (平台, 系统, 应用 …) is one, named by the clause itself; failing that, the first
        clause says what the plan does there. Both are marked unsure."""
        spec = self.v.applications
        assert spec is not None
        words = [key(w) for w in spec.system_words]
        clauses = [
            (sent, a, b)
            for para in node.body()
            for sent in self.sents[para.index]
            for a, b in (_trim(para, x, y, keep_stop=False) for x, y in _clauses(para, sent.start, sent.end))
            if 4 <= len(key(para.text[a:b])) <= 40
        ]
        named = [c for c in clauses if any(w in key(c[0].para.text[c[1] : c[2]]) for w in words)]
        apps: list[_Obj] = []
        for sent, a, b in named or clauses[:1]:
            para = sent.para
            app = _Obj(name=para.text[a:b])
            if sent.end - b > 2:
                app["description"] = para.text[sent.start : sent.end]
            self.evidence(Hit(sent, a, b, a, b), app)
            app.field_pos["name"] = Position(para.line, para.column + a)
            self.low(
                app,
                f"applications.{category}",
                "名称取自句子, 原文没有单列标题",
                "named after its sentence; the text gives it no title",
            )
            apps.append(app)
        return apps

    def _box_apps(
        self,
        box: Node,
        named: str | None,
        home: str | None,
        about_apps: bool,
        found: dict[str, list[_Obj]],
        names: dict[str, dict[str, _Obj]],
    ) -> None:
        """The items of a 专栏 box as key projects: the application of the same name if the
        body has one (in the box's category, or any when the box names none), else a new one in
        the category the box names, encloses, or (unsure) its words suggest."""
        label = box.number
        for item in box.items:
            k = _app_key(item.name)
            if not k:
                continue
            homes = [named] if named is not None else list(names)
            existing = next((names[c][k] for c in homes if k in names[c]), None)
            if existing is not None:
                existing["key_project"] = True
                existing["box"] = label
                if label not in existing["source"]:
                    existing["source"] = f"{existing['source']}; {label}"
                continue
            if not about_apps:
                continue
            app = self._item_app(item, box, label)
            category = named or (home if box.title and home and self._classify(app) in (None, home) else None)
            guessed = category is None
            if category is None:
                category = self._classify(app) or home
            if category is None:
                continue
            names[category][k] = app
            found[category].append(app)
            if guessed:
                self.low(
                    app,
                    f"applications.{category}",
                    "专栏未写明类别, 按关键词归类",
                    "the box names no category; chosen by keywords",
                )

    def _item_app(self, item: BoxItem, box: Node, label: str) -> _Obj:
        app = self._app(item.name, item.para, item.para.text.find(item.name), item.description, label)
        app["source"] = box.path
        return app

    def _classify(self, app: _Obj) -> str | None:
        spec = self.v.applications
        assert spec is not None
        text = key(app["name"]) + " " + key(app.get("description", ""))
        scores = [
            (sum(text.count(key(t)) for t in c.terms), -i, name)
            for i, (name, c) in enumerate(spec.categories.items())
        ]
        best = max(scores)
        return best[2] if best[0] > 0 else None

    # ------------------------------------------------------------------ milestones

    def milestones(self) -> list[_Obj]:
        spec = self.v.milestones
        if spec is None:
            return []
        goal_nodes = self.sections(spec.headings)
        scopes = [self.sents_of(goal_nodes), self.document_sents]
        years: dict[int, _Obj] = {}
        markers: list[tuple[Sent, int, bool]] = []  # sentence, year, in the goals section
        for index, scope in enumerate(scopes):
            for sent in scope:
                for pattern in spec.markers:
                    m = self._search(pattern, sent.folded)
                    if m is None:
                        continue
                    groups = m.groupdict()
                    if groups.get("year"):
                        year, low = int(fold(groups["year"])), False
                    elif groups.get("era") and groups["era"] in self.v.plan.eras:
                        year, low = self.v.plan.eras[groups["era"]][1], True
                    else:
                        continue
                    if year < self.period[0]:
                        continue  # what was done before the plan, not a milestone of it
                    markers.append((sent, year, index == 0))
                    if year in years:
                        break
                    item = _Obj(year=year)
                    rest_a, rest_b = _trim(sent.para, sent.start + m.end(), sent.end, keep_stop=False)
                    if rest_b > rest_a:
                        parts = _clauses(sent.para, rest_a, rest_b)
                        ga, gb = _trim(sent.para, *parts[0], keep_stop=False)
                        if gb > ga:
                            item["goal"] = sent.para.text[ga:gb]
                            item.field_pos["goal"] = Position(sent.para.line, sent.para.column + ga)
                        if len(parts) > 1:
                            da, db = _trim(sent.para, parts[1][0], rest_b, keep_stop=False)
                            if db > da:
                                item["description"] = sent.para.text[da:db]
                    hit = Hit(sent, sent.start, sent.end, sent.start + m.start(), sent.start + m.end())
                    self.evidence(hit, item)
                    item.field_pos["year"] = item.pos  # type: ignore[assignment]
                    if low:
                        self.low(
                            item,
                            f"milestones[{year}]",
                            "年份由“五年规划”的名称推断",
                            "the year is inferred from the five-year plan it names",
                        )
                    years[year] = item
                    break
        if spec.targets is not None:
            self._targets(years, markers, spec.targets)
        return [years[y] for y in sorted(years)]

    def _targets(self, years: dict[int, _Obj], markers: list[tuple[Sent, int, bool]], spec: Find) -> None:
        """Quantified targets of each milestone: in the goals section, the sentences from its
        marker to the next one; elsewhere its own sentence."""
        first: dict[int, tuple[Sent, bool]] = {}
        for sent, year, in_goals in markers:
            first.setdefault(year, (sent, in_goals))
        starts = sorted((s.para.index, s.start) for s, _ in first.values())
        for year, (sent, in_goals) in first.items():
            item = years.get(year)
            if item is None:
                continue
            node = sent.node
            later = [x for x in starts if x > (sent.para.index, sent.start)]
            stop = later[0] if later else (10**9, 0)
            pool = [
                s
                for p in node.paras
                for s in self.sents[p.index]
                if (p.index, s.start) >= (sent.para.index, sent.start) and (p.index, s.start) < stop
            ]
            if not in_goals:
                pool = [sent]
            targets = []
            for s in pool:
                hit = self.locate(Find(patterns=spec.patterns, take="match"), s)
                if hit is None:
                    continue
                parts = _clauses(s.para, s.start, s.end)
                ca, cb = next(((x, y) for x, y in parts if y > hit.start), (s.start, s.end))
                ca, cb = _trim(s.para, ca, cb, keep_stop=False)
                if ca < hit.start and s.start <= ca < cb:
                    target = _Obj(metric=s.para.text[ca:cb], value=hit.value)
                    self.evidence(hit, target, tight=True)
                    targets.append(target)
            if targets:
                item["targets"] = targets

    # ------------------------------------------------------------------ safeguards

    def safeguards(self) -> _Obj | None:
        spec = self.v.safeguards
        if spec is None:
            return None
        sections = self.sections(spec.headings)
        if not sections:
            return None
        section = sections[0]
        result = _Obj()
        self._section_evidence(result, section)
        kinds = list(spec.kinds.items())

        def classify(text: str) -> str | None:
            k = key(text)
            scores = [
                (sum(k.count(key(t)) for t in kind.terms), -i, name) for i, (name, kind) in enumerate(kinds)
            ]
            best = max(scores)
            return best[2] if best[0] > 0 else None

        def statement(name: str, paras: list[Para], after: int = 0) -> None:
            """The kind's statement: the first sentence (after a run-in title), or the first
            that uses the kind's preferred words."""
            if name in result:
                return
            pool = [s for p in paras for s in self.sents[p.index] if s.start >= after] or [
                s for p in paras for s in self.sents[p.index]
            ]
            if not pool:
                return
            prefer = [key(t) for t in spec.kinds[name].prefer]
            chosen = next((s for s in pool if any(t in s.key for t in prefer)), pool[0])
            a, b = _trim(chosen.para, chosen.start, chosen.end, keep_stop=False)
            found = _Obj(text=chosen.para.text[a:b])
            self.evidence(Hit(chosen, a, b, a, b), found)
            result[name] = found

        children = [c for c in section.children if c.kind != "box"]
        for child in children:
            body = [p for n in child.walk() for p in n.body()]
            name = classify(child.title) or (classify(self.sents[body[0].index][0].text) if body else None)
            if name is not None:
                statement(name, body or list(child.paras))
        for para in section.body():
            found = run_in(para)
            name = classify(found[0] if found else para.text[:30])
            if name is not None:
                statement(name, [para], found[1] + len(found[0]) + 1 if found else 0)
        ordered = _Obj()
        ordered.update({k: v for k, v in result.items() if k in ("source", "quote")})
        ordered.pos = result.pos
        for name, _ in kinds:
            if name in result:
                ordered[name] = result[name]
        for name in spec.kinds:
            if name not in ordered:
                self.note(
                    "missing",
                    f"safeguards.{name}",
                    "实施保障中找不到这一项",
                    "the safeguards do not cover this",
                )
        return ordered

    # ------------------------------------------------------------------ all of it

    def _valid(self, plan: dict[str, Any], positions: dict[PathKey, Position]) -> dict[str, Any]:
        """The plan as the schema accepts it: a value the schema refuses (an impossible date,
        say) is left out and noted, never passed on."""
        from pydantic import ValidationError

        from plancheck.model import Plan

        for _ in range(50):
            try:
                Plan.model_validate(plan)
                return plan
            except ValidationError as exc:
                errors = exc.errors(include_url=False)
            dropped = False
            for error in errors:
                loc = tuple(
                    x for x in error["loc"] if isinstance(x, int) or not str(x).startswith(("function-", "~"))
                )
                where = ".".join(str(x) for x in loc)
                position = positions.get(loc)
                if _drop(plan, loc):
                    dropped = True
                    self.note(
                        "missing",
                        where,
                        f"原文的值不符合规划结构, 未采用 ({error.get('msg', '')})",
                        f"the document's value does not fit the plan schema and was left out ({error.get('msg', '')})",
                        position.line if position else None,
                    )
                    break
            if not dropped:
                break
        raise InputError(
            Problem(
                self.document.file,
                Message(
                    "无法从文档中得出有效的规划 (规划信息不完整)",
                    "no valid plan can be drawn from the document (its identity is incomplete)",
                ),
                code="not-a-plan",
            )
        )

    def run(self) -> Extraction:
        plan: dict[str, Any] = {"plan": self.plan_info()}
        for name in _LAYERS:
            spec = getattr(self.v, name, None)
            if spec is None:
                continue
            if name == "applications":
                value: Any = self.applications()
            elif name == "milestones":
                value = self.milestones()
            elif name == "safeguards":
                value = self.safeguards()
            else:
                value = self.layer(name, spec)
            if value:
                plan[name] = value
            else:
                zh, en = LAYER_NAMES[name]
                self.note(
                    "missing",
                    name,
                    f"文档中找不到“{zh}”这一层",
                    f"the document does not cover the {en} layer",
                )
        found = [name for name in _LAYERS if name in plan]
        if len(found) < 2:
            raise InputError(
                Problem(
                    self.document.file,
                    Message(
                        f"这不像一份数字政府建设规划: 只找到 {len(found)} 个框架层次 (一套基础、一个中心、一个平台、七类应用……)",
                        f"this does not look like a digital-government plan: only {len(found)} of the framework's "
                        "layers were found (foundation, data centre, platform, applications, …)",
                    ),
                    code="not-a-plan",
                )
            )
        positions: dict[PathKey, Position] = {}
        clean = self._valid(_finish(plan, (), positions), positions)
        title_pos = positions.get(("plan",), Position(1, 1))
        positions[()] = title_pos
        for name in _LAYERS:
            if (name,) not in positions and name in clean:
                child = min(
                    (p for k, p in positions.items() if k[:1] == (name,)),
                    default=None,
                    key=lambda p: (p.line, p.column),
                )
                if child is not None:
                    positions[(name,)] = child
        absent = {n.path for n in self.notes if n.kind == "missing" and n.path in _LAYERS}
        kept = [n for n in self.notes if n.path.split(".")[0] not in absent or n.path in absent]
        notes = sorted(kept, key=lambda n: (n.kind != "missing", n.line or 0, n.path))
        return Extraction(self.document, clean, notes, positions)


def _drop(data: Any, loc: tuple[Any, ...]) -> bool:
    """Remove the value at ``loc`` (or its nearest removable parent); False when what would
    go is part of the plan's identity, which the schema requires."""
    path = list(loc)
    while path and path != ["plan"]:
        if len(path) == 2 and path[0] == "plan" and path[1] in _REQUIRED_INFO:
            return False
        parent: Any = data
        try:
            for step in path[:-1]:
                parent = parent[step]
        except (KeyError, IndexError, TypeError):
            path.pop()
            continue
        last = path[-1]
        if isinstance(parent, dict) and last in parent:
            del parent[last]
            return True
        if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
            del parent[last]
            return True
        path.pop()
    return False


_REQUIRED_INFO = {"title", "region", "level", "province", "period"}


def _drop_prefix(text: str, folded_length: int) -> str:
    """``text`` without the characters that make up its first ``folded_length`` non-space ones."""
    count = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            count += 1
        if count == folded_length:
            return text[i + 1 :]
    return ""


_ENUMERATION_END = re.compile(
    r"等|(?:\d+|[一二三四五六七八九十]+)\s*(?:个|大|类|项)|(?:重点)?(?:领域|方面|行业)$"
)


def _alternatives(spec: Find) -> list[tuple[str, ...] | str]:
    """A spec's ways of matching, in order of preference: its terms (as one), then each pattern."""
    terms: list[tuple[str, ...] | str] = [tuple(key(t) for t in spec.terms)] if spec.terms else []
    return terms + list(spec.patterns)


def _up_to_term(name: str, terms: list[str]) -> str:
    """A heading's name ending at the thing it names (电子政务外网 from 电子政务外网承载能力)."""
    folded = fold(name).translate(_ASCII_LOWER)
    ends = [folded.rfind(t) + len(t) for t in terms if t and folded.rfind(t) >= 0]
    if not ends:
        return name
    end = max(ends)
    if end < len(name) and name[end] == "”":
        end += 1
    return name[:end]


def _balanced(name: str) -> str:
    """A name without a quotation mark that opens or closes nothing."""
    if name.startswith("“") and "”" not in name:
        name = name[1:]
    if name.endswith("”") and "“" not in name:
        name = name[:-1]
    return name.strip()


def _app_key(name: str) -> str:
    return key(name).strip("“”\"'").replace("“", "").replace("”", "")


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


def _finish(value: Any, path: PathKey, positions: dict[PathKey, Position]) -> Any:
    """Plain dicts and lists from the objects built, recording every path's position."""
    if isinstance(value, _Obj):
        if value.pos is not None:
            positions[path] = value.pos
        out = {}
        for k, v in value.items():
            out[k] = _finish(v, (*path, k), positions)
            if k in value.field_pos:
                positions[(*path, k)] = value.field_pos[k]
            elif (*path, k) not in positions and value.pos is not None:
                positions[(*path, k)] = value.pos
        return out
    if isinstance(value, dict):
        return {k: _finish(v, (*path, k), positions) for k, v in value.items()}
    if isinstance(value, list):
        return [_finish(v, (*path, i), positions) for i, v in enumerate(value)]
    return value


def extract(document: Document, vocabulary: Vocabulary, framework: str = "anhui-11171") -> Extraction:
    """A draft plan from a document. InputError when the document is not a plan."""
    return _Extractor(document, vocabulary, framework).run()


__all__ = ["Extraction", "Note", "extract", "quote_span"]
