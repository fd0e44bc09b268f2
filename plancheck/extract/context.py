"""What every reader shares: the document read once into its section tree and sentences
(``Context``), and the notes for the reader of the draft (``Notes``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from plancheck.extract.evidence import Obj
from plancheck.extract.results import Note
from plancheck.extract.text import Sent, key, strip_verbs
from plancheck.i18n import Message
from plancheck.pack.vocabulary import Vocabulary
from plancheck.read.documents import Document
from plancheck.read.sections import Node, Para, SectionWords, Tree, build_tree, sentences

LOW = "low"


@dataclass
class Notes:
    """The notes gathered while reading, in the order they were made."""

    items: list[Note] = field(default_factory=list)

    def note(self, kind: str, path: str, zh: str, en: str, line: int | None = None) -> None:
        self.items.append(Note(kind, path, Message(zh, en), line))

    def missing(self, path: str, zh: str, en: str) -> None:
        self.note("missing", path, zh, en)

    def low(self, obj: Obj, path: str, zh: str, en: str) -> None:
        """Mark ``obj`` as a guess, and note it."""
        obj["x-confidence"] = LOW
        obj["x-note"] = f"{zh} ({en})"
        self.note("low", path, zh, en, obj.pos.line if obj.pos else None)


@dataclass(eq=False)
class Context:
    """The document as the readers see it. Built once by ``read``; only its caches and notes
    change afterwards."""

    document: Document
    vocabulary: Vocabulary
    framework: str
    tree: Tree
    sents: dict[int, list[Sent]]  # the sentences of each paragraph, by paragraph index
    background: frozenset[int]  # ids of the nodes under a background heading (发展现状 …)
    document_sents: list[Sent]  # every sentence outside the background
    verbs: list[str]  # keys of the vocabulary's verbs, longest first
    notes: Notes = field(default_factory=Notes)
    _sections: dict[tuple[str, ...], list[Node]] = field(default_factory=dict, init=False, repr=False)
    _sents_of: dict[tuple[int, ...], list[Sent]] = field(default_factory=dict, init=False, repr=False)
    _scores: dict[int, dict[str, int]] = field(default_factory=dict, init=False, repr=False)
    _layers: dict[str, list[Node]] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def read(cls, document: Document, vocabulary: Vocabulary, framework: str) -> Context:
        words = vocabulary.document
        tree = build_tree(
            document,
            SectionWords(tuple(words.box_markers), tuple(words.preface), tuple(words.appendix)),
            words.front,
        )
        # a background heading names the past on its own, joined to another (发展基础和面临形势)
        # or reviewed (现状分析), not as the start of something else (建设基础数据库)
        past = re.compile(
            "(?:"
            + "|".join(re.escape(key(h)) for h in words.background)
            + r")(?:$|[和与及、,;]|分析|情况|回顾|综述|概况)"
        )
        background: set[int] = set()
        for node in tree.nodes():
            if node.kind not in ("root", "box") and words.background and past.search(key(node.title)):
                background.update(id(n) for n in node.walk())
        sents = {para.index: [Sent(para, a, b) for a, b in sentences(para)] for para in tree.paras}
        outside = [s for p in tree.paras if id(p.node) not in background for s in sents[p.index]]
        verbs = sorted({key(v) for v in words.verbs}, key=len, reverse=True)
        return cls(document, vocabulary, framework, tree, sents, frozenset(background), outside, verbs)

    def scores(self, node: Node) -> dict[str, int]:
        """How much the node's sentences (outside the background) speak of each layer: the
        vocabulary's layer signals, and for ``applications`` the terms of its categories."""
        if id(node) not in self._scores:
            text = "".join(s.key for s in self.sents_of([node]))
            words: dict[str, list[str]] = {
                str(k): v for k, v in self.vocabulary.document.layer_signals.items()
            }
            apps = self.vocabulary.applications
            if apps is not None:
                words["applications"] = [t for c in apps.categories.values() for t in c.terms]
            self._scores[id(node)] = {
                layer: sum(text.count(key(t)) for t in terms) for layer, terms in words.items()
            }
        return self._scores[id(node)]

    def about(self, node: Node) -> str | None:
        """The layer a section's sentences speak of, when they clearly speak of one: at least
        two signals, and at least twice as many as of any other layer."""
        ranked = sorted(self.scores(node).items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 2:
            return None
        if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
            return None
        return ranked[0][0]

    def layer_sections(self, name: str, headings: list[str] | tuple[str, ...]) -> list[Node]:
        """A layer's sections: those its headings name, then the topmost sections whose
        headings name no layer but whose sentences speak of this one."""
        if name not in self._layers:
            named = self.sections(headings)
            self._layers[name] = named + [
                n for n in self._unnamed() if self.about(n) == name and n not in named
            ]
        return self._layers[name]

    def _unnamed(self) -> list[Node]:
        """The topmost sections (outside the background, the preface and appendices) whose
        headings name no layer and that speak of one layer."""
        headings = [key(h) for h in self._layer_headings()]
        out: list[Node] = []
        taken: set[int] = set(self.background)
        for node in self.tree.nodes():
            if node.kind in ("root", "box", "preface", "appendix") or id(node) in taken:
                continue
            if any(h in key(node.title) for h in headings) or self.about(node) is not None:
                taken.update(id(n) for n in node.walk())
                if not any(h in key(node.title) for h in headings):
                    out.append(node)
        return out

    def _layer_headings(self) -> list[str]:
        v = self.vocabulary
        out: list[str] = []
        for spec in (v.foundation, v.data_center, v.platform, v.channel, v.applications):
            out += list(spec.headings) if spec is not None else []
        if v.applications is not None:
            out += [h for c in v.applications.categories.values() for h in c.headings]
        out += list(v.milestones.headings) if v.milestones is not None else []
        out += list(v.safeguards.headings) if v.safeguards is not None else []
        return out

    def sentences_in(self, paras: Iterable[Para]) -> list[Sent]:
        """The sentences of the paragraphs, in the order given."""
        return [s for p in paras for s in self.sents[p.index]]

    def sections(self, headings: list[str] | tuple[str, ...]) -> list[Node]:
        """The topmost nodes (outside the background) whose heading contains one of the words."""
        wanted = tuple(key(h) for h in headings if h)
        if not wanted:
            return []
        if wanted not in self._sections:
            self._sections[wanted] = self._topmost(wanted)
        return self._sections[wanted]

    def _topmost(self, wanted: tuple[str, ...]) -> list[Node]:
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
        return found

    def sents_of(self, nodes: list[Node]) -> list[Sent]:
        """The sentences of the nodes and everything under them, outside the background, in
        reading order, each once."""
        cache_key = tuple(id(n) for n in nodes)
        cached = self._sents_of.get(cache_key)
        if cached is None:
            cached = self._sents_of[cache_key] = self.sentences_in(self._paras_of(nodes))
        return cached

    def _paras_of(self, nodes: list[Node]) -> list[Para]:
        seen: set[int] = set()
        paras = []
        for node in nodes:
            for para in node.all_paras():
                if para.index not in seen and id(para.node) not in self.background:
                    seen.add(para.index)
                    paras.append(para)
        paras.sort(key=lambda p: p.index)
        return paras

    def count(self, term: str) -> int:
        """How often the term occurs in the whole document."""
        wanted = key(term)
        return sum(s.key.count(wanted) for sents in self.sents.values() for s in sents)

    def strip_verbs(self, text: str) -> str:
        """The name without the vocabulary's verbs before it (人口 from 建设完善人口)."""
        return strip_verbs(text, self.verbs)
