"""The section tree of a plan document, from its Chinese numbering.

Official documents number their sections 第一章 → 第一节 → 一、 → (一)/（一） → 1./1．/1、 →
(1)/（1） → ①; a node's path joins the numbers from the top, with half-width parentheses and
without the dot of ``1.``: ``三、(二)1(3)``. Key-project boxes (``专栏3 …``) become nodes of their
own under the section they sit in (``六、(四) 专栏3``); their items arrive as table rows, as
``|``-separated text or as one line of ``名称。描述……`` items, and are split into ``BoxItem``\\ s.
Text before the first heading belongs to the root (the title and the issuing notice); a 前言
line opens a preface; an 附件 line an appendix.

Every paragraph is a ``Para``: an exact slice of one block of the document (so quotes cut from
it are the document's own words), with its line and column, and a ``folded`` copy of the same
length in which full-width ASCII is half-width, for matching.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from plancheck.read.documents import Block, Document

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0xFF5F: 0x28, 0xFF60: 0x29})


def fold(text: str) -> str:
    """Full-width ASCII (（一） ，１０００Ｍ) as half-width, ideographic spaces as spaces; the
    result has exactly the length of the input, so positions carry over."""
    return text.translate(_FOLD)


_CN = "一二三四五六七八九十百零〇两"
_NUMBERINGS: list[tuple[str, re.Pattern[str]]] = [
    # 第一章, and the parts some plans use instead (第一部分, 第一篇): the word stays in the number
    ("chapter", re.compile(rf"^第\s*([{_CN}\d]+(?=\s*章)|[{_CN}\d]+\s*(?:部分|篇))\s*章?[\s:、.]*")),
    ("part", re.compile(rf"^第\s*([{_CN}\d]+)\s*节[\s:、.]*")),
    ("l1", re.compile(rf"^([{_CN}]+)\s*[、.]\s*")),
    ("l2", re.compile(rf"^\(\s*([{_CN}]+)\s*\)[\s、.]*")),
    ("l3", re.compile(r"^(\d{1,2})\s*[.、](?![\d.])\s*")),
    ("l4", re.compile(r"^\(\s*(\d{1,2})\s*\)[\s、.]*")),
    ("l5", re.compile(r"^([\u2460-\u2473])\s*")),
]
RANK = {kind: rank for rank, (kind, _) in enumerate(_NUMBERINGS)}
_TITLE_END = "。:!?;"  # folded: ：！？； are half-width here
_SENTENCE_END = set("。!?;")
_HEADING_MAX = 60
_RUN_IN_MAX = 40
_ITEM_NAME = re.compile(
    r"(?:\d{1,2}[.、]|\(\d{1,2}\)|[\u2460-\u2473])?\s*((?:“[^”。,;]{1,20}”|[^,、;。:\s|“]){1,40}?)\s*[。:]",
)
_TABLE_HEADER_WORDS = ("序号", "名称", "内容", "单位", "时间", "备注", "项目")


@dataclass(eq=False)
class Para:
    """A paragraph (or the part of one) as an exact slice of a document block."""

    line: int
    column: int
    text: str
    index: int = 0  # reading order in the whole document
    heading: bool = False  # the numbered heading (number and title) of its node
    node: Node | None = None
    folded: str = ""

    def __post_init__(self) -> None:
        self.folded = fold(self.text)

    def piece(self, start: int, end: int) -> Para:
        """Part of this paragraph, as a paragraph of its own at the right column."""
        return Para(self.line, self.column + start, self.text[start:end], heading=self.heading)


@dataclass(eq=False)
class BoxItem:
    """One item of a key-project box: a short name and its description."""

    name: str
    para: Para  # the item's text, from its name to the end of its description
    body_start: int  # where the description starts in para.text

    @property
    def description(self) -> str:
        return self.para.text[self.body_start :].strip()


@dataclass(eq=False)
class Node:
    kind: str  # root | preface | appendix | chapter | part | l1 … l5 | box
    number: str  # as displayed in paths: 三、 (二) 1 (1) ① 专栏3
    title: str
    line: int
    path: str
    parent: Node | None = None
    heading: Para | None = None
    paras: list[Para] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    items: list[BoxItem] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all_paras(self) -> list[Para]:
        """This node's paragraphs and its descendants', in reading order."""
        return sorted((p for node in self.walk() for p in node.paras), key=lambda p: p.index)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def body(self) -> list[Para]:
        return [p for p in self.paras if not p.heading]


@dataclass
class SectionWords:
    """The few words the tree itself needs: box markers, preface and appendix headings."""

    box_markers: tuple[str, ...] = ("专栏",)
    preface: tuple[str, ...] = ("前言", "引言", "序言")
    appendix: tuple[str, ...] = ("附件",)


@dataclass
class Tree:
    root: Node
    paras: list[Para]  # every paragraph, in reading order
    file: str

    def nodes(self) -> Iterator[Node]:
        return self.root.walk()


def _number_text(kind: str, number: str) -> str:
    number = number.strip()
    return {
        "chapter": f"第{number} " if number.endswith(("部分", "篇")) else f"第{number}章 ",
        "part": f"第{number}节 ",
        "l1": f"{number}、",
        "l2": f"({number})",
        "l3": number,
        "l4": f"({number})",
    }.get(kind, number)


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _split_title(text: str, folded: str, start: int) -> tuple[int, int | None]:
    """(end of the title, start of the body or None) for a numbered paragraph whose number
    ends at ``start``: a short run-in title ending in 。 or ：, or the whole line when short."""
    for i in range(start, min(len(folded), start + _RUN_IN_MAX + 1)):
        if folded[i] in _TITLE_END:
            rest = i + 1
            while rest < len(text) and text[rest].isspace():
                rest += 1
            if rest < len(text):
                return i, rest
            return i, None
        if folded[i] in ",、":
            break
    if len(text) - start <= _HEADING_MAX:
        end = len(text)
        while end > start and folded[end - 1] in _TITLE_END + " |":
            end -= 1
        return end, None
    return start, start  # a numbered paragraph: no title of its own, all of it is body


class _Builder:
    def __init__(self, document: Document, words: SectionWords, front: str):
        self.document = document
        self.words = words
        self.root = Node("root", "", "", 1, front)
        self.stack: list[Node] = [self.root]
        self.paras: list[Para] = []
        self.literal_numbering = any(
            _numbering(fold(b.text))[0] in ("l1", "l2", "chapter") for b in document.blocks if not b.cells
        )
        self.synthetic: list[int] = [0, 0, 0, 0]
        markers = "|".join(re.escape(m) for m in words.box_markers if m) or r"(?!)"  # none: never
        self.box_re = re.compile(rf"^\s*({markers})\s*([\d{_CN}]+)")

    def add(self, node: Node, para: Para) -> None:
        para.index = len(self.paras)
        para.node = node
        self.paras.append(para)
        node.paras.append(para)

    def top(self) -> Node:
        return self.stack[-1]

    def open(self, kind: str, number: str, title: str, block: Block) -> Node:
        if kind in RANK:
            while len(self.stack) > 1 and (
                self.top().kind in ("preface", "appendix") or RANK.get(self.top().kind, -1) >= RANK[kind]
            ):
                self.stack.pop()
        else:  # preface, appendix: top level
            del self.stack[1:]
        parent = self.top()
        shown = _number_text(kind, number)
        base = parent.path if parent.kind in RANK else ""
        path = (base + shown).strip() if kind in RANK else title
        node = Node(kind, shown.strip(), title, block.line, path, parent)
        parent.children.append(node)
        self.stack.append(node)
        return node

    def build(self) -> Tree:
        blocks = self.document.blocks
        i = 0
        while i < len(blocks):
            block = blocks[i]
            folded = fold(block.text)
            box = self.box_re.match(folded)
            if box:
                i = self.box(i, box)
                continue
            if not block.cells and self.heading(block, folded):
                i += 1
                continue
            self.add(self.top(), Para(block.line, block.column, block.text))
            i += 1
        return Tree(self.root, self.paras, self.document.file)

    def heading(self, block: Block, folded: str) -> bool:
        squeezed = re.sub(r"\s+", "", folded).rstrip(":")
        if squeezed in self.words.preface:
            node = self.open("preface", "", squeezed, block)
            para = Para(block.line, block.column, block.text, heading=True)
            node.heading = para
            self.add(node, para)
            return True
        appendix = next(
            (w for w in self.words.appendix if re.match(rf"{re.escape(w)}\s*(?:[:\d({_CN}]|$)", folded)),
            None,
        )
        if appendix is not None:
            node = self.open("appendix", "", appendix, block)
            node.heading = Para(block.line, block.column, block.text, heading=True)
            self.add(node, node.heading)
            return True
        kind, match = _numbering(folded)
        if kind is None and block.heading and not self.literal_numbering and len(block.text) <= _HEADING_MAX:
            level = min(block.heading, 4)
            self.synthetic[level - 1] += 1
            for deeper in range(level, 4):
                self.synthetic[deeper] = 0
            n = self.synthetic[level - 1]
            kind = f"l{level}"
            number = _cn(n) if level <= 2 else str(n)
            node = self.open(kind, number, block.text.strip(), block)
            node.heading = Para(block.line, block.column, block.text, heading=True)
            self.add(node, node.heading)
            return True
        if kind is None or match is None:
            return False
        start = match.end()
        title_end, body_start = _split_title(block.text, folded, start)
        title = block.text[start:title_end].strip()
        node = self.open(kind, match.group(1), title, block)
        head_end = title_end if body_start is not None else len(block.text)
        if body_start == start:  # a numbered paragraph: the number heads it, all of it is text
            head_end = len(block.text)
            node.title = _first_clause(block.text[start:])
        head = Para(block.line, block.column, block.text[:head_end], heading=body_start != start)
        node.heading = head
        self.add(node, head)
        if body_start is not None and body_start != start:
            body = Para(block.line, block.column + body_start, block.text[body_start:])
            self.add(node, body)
        return True

    # ------------------------------------------------------------------------- boxes

    def box(self, i: int, match: re.Match[str]) -> int:
        """A 专栏 box from block ``i``: its header and every block that belongs to it; returns
        the index of the first block after it."""
        blocks = self.document.blocks
        block = blocks[i]
        parent = self.top()
        number = re.sub(r"\s+", "", block.text[match.start(1) : match.end(2)])
        number = fold(number)
        rest_start = match.end()
        text = block.text
        header_end = len(text)
        for stop in ("|", "\n"):
            at = text.find(stop, rest_start)
            if 0 <= at < header_end:
                header_end = at
        title = text[rest_start:header_end].strip(" :：|")
        base = parent.path if parent.kind in RANK else ""
        node = Node("box", number, title, block.line, f"{base} {number}".strip(), parent)
        parent.children.append(node)
        head = Para(block.line, block.column, text[:header_end].rstrip(" |"), heading=True)
        node.heading = head
        self.add(node, head)
        if header_end < len(text):  # items in the same block, after the title
            self.items(node, Para(block.line, block.column, text), header_end + 1, block)
        j = i + 1
        if block.table is not None:
            while j < len(blocks) and blocks[j].table == block.table:
                self.items(node, Para(blocks[j].line, blocks[j].column, blocks[j].text), 0, blocks[j])
                j += 1
            return j
        if j < len(blocks) and blocks[j].table is not None:
            table = blocks[j].table
            while j < len(blocks) and blocks[j].table == table:
                self.items(node, Para(blocks[j].line, blocks[j].column, blocks[j].text), 0, blocks[j])
                j += 1
            return j
        piped = "|" in text
        while j < len(blocks):
            nxt = blocks[j]
            folded = fold(nxt.text)
            if nxt.table is not None or self.box_re.match(folded):
                break
            if piped and "|" not in nxt.text:
                break
            if not piped and (_numbering(folded)[0] is not None or nxt.heading):
                break
            self.items(node, Para(nxt.line, nxt.column, nxt.text), 0, nxt)
            j += 1
        return j

    def items(self, node: Node, para: Para, start: int, block: Block) -> None:
        """The items in ``para.text[start:]`` (a row, or a run of ``名称。描述`` items)."""
        piped = _piped_cells(para.folded) if not block.cells and start == 0 else []
        if (len(block.cells) >= 2 or len(piped) >= 2) and start == 0:
            cells = list(block.cells) or [para.text[a:b].strip() for a, b in piped]
            if all(re.fullmatch(r"[-:\s]*", c) for c in cells):
                return  # a Markdown table's separator row
            offsets = []
            at = 0
            for cell in cells:
                at = para.text.find(cell, at)
                offsets.append(at)
                at += len(cell)
            k = 0
            while k < len(cells) - 1 and re.fullmatch(r"[\d.\s]+", cells[k]):
                k += 1
            first = cells[k]
            if all(len(c) <= 8 for c in cells) and any(w in c for c in cells for w in _TABLE_HEADER_WORDS):
                return  # the table's own header row
            if len(first) <= _RUN_IN_MAX and "。" not in first and k < len(cells) - 1:
                piece = para.piece(offsets[k], len(para.text))
                body = offsets[k + 1] - offsets[k]
                self.add_item(node, BoxItem(first.strip(), piece, body))
                return
            start = offsets[k]
        for a, b in _item_spans(para, start):
            piece = para.piece(a, b)
            found = _ITEM_NAME.match(piece.folded)
            if found and len(found.group(1)) >= 2 and piece.folded[found.end() :].strip():
                self.add_item(node, BoxItem(piece.text[found.start(1) : found.end(1)], piece, found.end()))
            elif len(piece.text) <= _RUN_IN_MAX and not re.search(r"[,。;]", piece.folded.rstrip("。")):
                name = piece.text.rstrip("。 ")
                self.add_item(node, BoxItem(name, piece, len(piece.text)))
            else:
                self.add(node, piece)

    def add_item(self, node: Node, item: BoxItem) -> None:
        node.items.append(item)
        self.add(node, item.para)


def _piped_cells(folded: str) -> list[tuple[int, int]]:
    """The cells of a table row written as text, ``| 1 | 名称 | 内容 |``: (start, end) each."""
    stripped = folded.strip()
    if not stripped.startswith("|") or stripped.count("|") < 3:
        return []
    bars = [i for i, ch in enumerate(folded) if ch == "|"]
    return [(a + 1, b) for a, b in itertools.pairwise(bars) if folded[a + 1 : b].strip()]


def _item_spans(para: Para, start: int) -> list[tuple[int, int]]:
    """Where items start in a run of text: at ``start``, and after white space or ``|`` that
    follows the end of a sentence, where a short name ending in 。 begins."""
    text, folded = para.text, para.folded
    starts = [start]
    for m in re.finditer(r"(?:[。!?;]\s*\|?\s+|\|\s*|\n\s*)(?=\S)", folded[start:]):
        at = start + m.end()
        named = _ITEM_NAME.match(folded, at)
        if (named and len(named.group(1)) >= 2) or folded[start + m.start()] == "\n":
            starts.append(at)
    spans = []
    for n, a in enumerate(starts):
        b = starts[n + 1] if n + 1 < len(starts) else len(text)
        while b > a and (text[b - 1].isspace() or folded[b - 1] == "|"):
            b -= 1
        while a < b and (text[a].isspace() or folded[a] == "|"):
            a += 1
        if b > a:
            spans.append((a, b))
    return spans


def _numbering(folded: str) -> tuple[str | None, re.Match[str] | None]:
    for kind, pattern in _NUMBERINGS:
        found = pattern.match(folded)
        if found:
            return kind, found
    return None, None


def _first_clause(text: str) -> str:
    found = re.search(r"[,，。;；:：]", text)
    return (text[: found.start()] if found else text).strip()[:_RUN_IN_MAX]


def build_tree(document: Document, words: SectionWords | None = None, front: str = "卷首") -> Tree:
    """The section tree of a document; every block ends up in exactly one node."""
    return _Builder(document, words or SectionWords(), front).build()


def sentences(para: Para) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph: up to and including 。！？；, or a table
    cell's end; leading spaces left out."""
    out = []
    start = 0
    text, folded = para.text, para.folded
    n = len(text)
    i = 0
    while i < n:
        ch = folded[i]
        if ch in _SENTENCE_END or ch in "|\n":
            end = i + 1 if ch in _SENTENCE_END else i
            while end < n and folded[end] in '”’")）':
                end += 1
            out.append((start, end))
            start = end + (1 if ch in "|\n" else 0)
            i = max(i + 1, start)
            continue
        i += 1
    if start < n:
        out.append((start, n))
    cleaned = []
    for a, b in out:
        while a < b and (text[a].isspace() or folded[a] == "|"):
            a += 1
        while b > a and (text[b - 1].isspace() or folded[b - 1] == "|"):
            b -= 1
        if b > a:
            cleaned.append((a, b))
    return cleaned or [(0, n)]


__all__ = ["BoxItem", "Node", "Para", "SectionWords", "Tree", "build_tree", "fold", "sentences"]
