"""Reading plan documents as reviewers receive them: plain text (.txt), Markdown (.md) and Word
(.docx). Each becomes a ``Document``: its blocks in reading order (paragraphs, and table rows
with their cells), each with the 1-based line it came from — the line of the file for text and
Markdown, the index of the paragraph or table row for Word.

Text is decoded as plancheck decodes plans (UTF-8 with or without BOM, UTF-16, GB18030/GBK);
python-docx is imported only when a Word file is read. A file that cannot be read, is empty,
or is not a document plancheck knows is an ``InputError`` with a message in both languages.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plancheck.errors import InputError, Problem
from plancheck.i18n import Message
from plancheck.read.inputs import (
    DOCUMENT_SUFFIXES,
    MARKDOWN_SUFFIXES,
    REFUSED_SUFFIXES,
    TEXT_SUFFIXES,
    WORD_SUFFIXES,
    is_document,
    shown_path,
)
from plancheck.read.textfile import MAX_INPUT_BYTES, clean, decode, read_bytes

MAX_DOCX_BYTES = 64 * 1024 * 1024  # Word files carry pictures; the text inside is bounded below
MAX_DOCX_XML_BYTES = 32 * 1024 * 1024  # any XML part once unzipped (a zip bomb stops here)
MAX_DOCX_INFLATED_BYTES = 128 * 1024 * 1024  # every part together once unzipped (pictures too)
MAX_DOCX_PARTS = 10_000
_CHUNK = 1024 * 1024
MAX_BLOCKS = 50_000


@dataclass(frozen=True)
class Block:
    """One paragraph or table row, in reading order.

    ``text`` is the paragraph, or the row's cells joined by `` | ``; ``column`` is the 1-based
    column of ``text[0]`` in its source line (text files), 1 otherwise. ``heading`` is the
    outline level a Word style gives the paragraph (Heading 1 → 1), when it has one."""

    line: int
    text: str
    column: int = 1
    cells: tuple[str, ...] = ()
    table: int | None = None
    heading: int | None = None


@dataclass
class Document:
    file: str
    kind: str  # "text" | "markdown" | "docx"
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None

    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def _problem(file: str, zh: str, en: str, code: str = "document", line: int | None = None) -> InputError:
    return InputError(Problem(file, Message(zh, en), line, None, code=code))


def read_document(path: Path | str, display: str | None = None) -> Document:
    """The document's blocks; InputError for an unknown extension, an unreadable, damaged or
    empty file."""
    path = Path(path)
    shown = display if display is not None else shown_path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix in MARKDOWN_SUFFIXES:
        raw = _complete(read_bytes(path, shown))
        text, encoding = decode(raw, shown)
        kind = "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
        blocks = _markdown_blocks(clean(text)) if kind == "markdown" else _text_blocks(clean(text))
        document = Document(shown, kind, blocks, encoding)
    elif suffix in WORD_SUFFIXES:
        document = Document(shown, "docx", _docx_blocks(path, shown))
    elif suffix == ".doc":
        raise _problem(
            shown,
            "这是旧版 Word 文件 (.doc), 无法读取; 请在 Word 中另存为 .docx",
            "this is an old Word file (.doc), which cannot be read; save it as .docx in Word",
            code="unknown-format",
        )
    elif suffix in REFUSED_SUFFIXES:
        raise _problem(
            shown,
            f"无法读取 {suffix} 文件; 请另存为 .docx 或 .txt",
            f"{suffix} files cannot be read; save the document as .docx or .txt",
            code="unknown-format",
        )
    else:
        known = ", ".join(DOCUMENT_SUFFIXES)
        raise _problem(
            shown,
            f"不认识的文件类型 '{suffix or '(无扩展名)'}': 规划文档应为 {known}, 规划文件应为 .yaml",
            f"unknown file type '{suffix or '(no extension)'}': plan documents are {known}, plans are .yaml",
            code="unknown-format",
        )
    if not any(_has_words(b.text) for b in document.blocks):
        if document.kind == "docx":
            raise _problem(
                shown,
                "Word 文件中没有文字 (可能是扫描件或图片); 请提供含文字的文档, 或先做文字识别",
                "the Word file holds no text (a scan or pictures?); give a document with text, or run OCR first",
                code="empty",
            )
        raise _problem(
            shown, "文档为空: 没有任何文字", "the document is empty: it holds no text", code="empty"
        )
    if len(document.blocks) > MAX_BLOCKS:
        raise _problem(
            shown,
            f"文档过长: 超过 {MAX_BLOCKS} 个段落",
            f"the document is too long: more than {MAX_BLOCKS} paragraphs",
        )
    return document


def _complete(raw: bytes) -> bytes:
    """A UTF-8 file cut off inside its last character (a truncated download) loses that
    character rather than being refused as another encoding."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end == len(raw) and exc.reason == "unexpected end of data" and len(raw) - exc.start < 4:
            return raw[: exc.start]
    return raw


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# ----------------------------------------------------------------------------- text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _stripped(line: str) -> tuple[str, int]:
    """The line without surrounding white space and control characters, and the column of its
    first character."""
    line = _CONTROL.sub(" ", line)
    body = line.lstrip()
    column = len(line) - len(body) + 1
    return body.rstrip(), column


def _text_blocks(text: str) -> list[Block]:
    blocks = []
    for number, line in enumerate(text.splitlines(), start=1):
        body, column = _stripped(line)
        if body:
            blocks.append(Block(number, body, column))
    return blocks


_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_MD_BULLET = re.compile(r"^[-*+]\s+")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def _markdown_blocks(text: str) -> list[Block]:
    """Markdown: headings, quotes and bullets lose their markers, emphasis its asterisks;
    ``| a | b |`` lines are table rows (one table per run of such lines)."""
    blocks: list[Block] = []
    table = 0
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        body, column = _stripped(line)
        if not body or (_MD_RULE.match(body) and "|" not in body):
            in_table = False
            continue
        if body.startswith("|") and body.count("|") >= 2:
            if _MD_TABLE_RULE.match(body):
                continue
            if not in_table:
                table += 1
                in_table = True
            cells = tuple(_MD_EMPHASIS.sub(r"\2", c.strip()) for c in body.strip("|").split("|"))
            cells = tuple(c for c in cells if c)
            if cells:
                blocks.append(Block(number, " | ".join(cells), 1, cells, table))
            continue
        in_table = False
        for marker in (_MD_HEADING, _MD_QUOTE, _MD_BULLET):
            found = marker.match(body)
            if found:
                column += found.end()
                body = body[found.end() :]
        if _MD_EMPHASIS.search(body):
            body, column = _MD_EMPHASIS.sub(r"\2", body).strip(), 1
        if body:
            blocks.append(Block(number, body, column))
    return blocks


# ----------------------------------------------------------------------------- Word

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _damaged(shown: str, reason: str) -> InputError:
    return _problem(
        shown,
        f"无法读取 Word 文件: 文件已损坏、不完整或不是 .docx ({reason})",
        f"cannot read the Word file: it is damaged, truncated or not a .docx ({reason})",
        code="damaged",
    )


def _too_big(shown: str, what_zh: str, what_en: str, limit: int) -> InputError:
    return _problem(
        shown,
        f"Word 文件{what_zh}解压后超过 {limit // 1048576} MiB (可能是压缩炸弹), 拒绝读取",
        f"the Word file's {what_en} to more than {limit // 1048576} MiB (a zip bomb?); it is not read",
    )


def _check_zip(data: bytes, shown: str) -> None:
    """Refuse, before python-docx unpacks it, a file that is not a Word zip, or whose parts
    unpack to more than the limits. Every part is inflated as a stream, in chunks, and its real
    size counted as it comes (each part against its limit, all of them against the total): the
    sizes the zip declares are never trusted, so a bomb costs at most the limit in time and one
    chunk in memory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_DOCX_PARTS:
                raise _problem(
                    shown,
                    f"Word 文件的部件过多 ({len(infos)} 个, 上限 {MAX_DOCX_PARTS})",
                    f"the Word file has too many parts ({len(infos)}; the limit is {MAX_DOCX_PARTS})",
                )
            if "word/document.xml" not in {info.filename for info in infos}:
                raise _damaged(shown, "no word/document.xml")
            total = 0
            for info in infos:
                xml = info.filename.endswith((".xml", ".rels"))
                limit = MAX_DOCX_XML_BYTES if xml else MAX_DOCX_INFLATED_BYTES
                size = 0
                with archive.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limit:
                            if info.filename == "word/document.xml":
                                raise _too_big(shown, "的正文", "text unpacks", limit)
                            raise _too_big(
                                shown, f"的部件 {info.filename} ", f"part {info.filename} unpacks", limit
                            )
                        if total > MAX_DOCX_INFLATED_BYTES:
                            raise _too_big(
                                shown, "的全部部件", "parts together unpack", MAX_DOCX_INFLATED_BYTES
                            )
    except zipfile.BadZipFile as exc:
        raise _damaged(shown, str(exc) or "not a zip archive") from None
    except (OSError, ValueError, EOFError, NotImplementedError, RuntimeError, zlib.error) as exc:
        raise _damaged(shown, type(exc).__name__) from None


def _docx_blocks(path: Path, shown: str) -> list[Block]:
    data = read_bytes(path, shown, max_bytes=MAX_DOCX_BYTES)  # a regular file, not too large
    _check_zip(data, shown)
    try:
        import docx  # python-docx, only when a Word file is read

        document = docx.Document(io.BytesIO(data))  # the bytes checked, not the file again
        body = document.element.body
        reader = _WordReader(document, shown)
        reader.walk(body)
    except InputError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged files
        raise _damaged(shown, type(exc).__name__) from None
    return reader.blocks


_RUN_TEXT = frozenset(_W + name for name in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))


def _run_text(run: Any) -> str:
    """A run's text as python-docx gives it (``CT_R.text``: each of its text elements by its own
    ``__str__``), without an XPath compiled for every run: the children are filtered by tag."""
    return "".join(str(child) for child in run.iterchildren() if child.tag in _RUN_TEXT)


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as python-docx's ``Paragraph.text`` gives it: its runs and its
    hyperlinks' runs, in order (an XPath per paragraph and per run made it the cost of a large
    document)."""
    parts = []
    for child in paragraph.iterchildren():
        if child.tag == _W + "r":
            parts.append(_run_text(child))
        elif child.tag == _W + "hyperlink":
            parts.extend(_run_text(run) for run in child.iterchildren(_W + "r"))
    return "".join(parts)


class _WordReader:
    """Paragraphs and table rows of a Word body in order; text boxes follow their paragraph."""

    def __init__(self, document: Any, shown: str = ""):
        from docx.text.paragraph import Paragraph

        self.document = document
        self.shown = shown
        self.paragraph = Paragraph
        self.blocks: list[Block] = []
        self.index = 0  # paragraphs and rows counted so far: the "line" of a Word document
        self.tables = 0
        self.elements: dict[int, Any] = {}  # line → its w:p or w:tr (where review comments go)
        # heading level by paragraph style id: python-docx looks a style up by scanning every
        # style (and the default one again for each paragraph without a style), which made a
        # 20,000-paragraph document take 11 s; each id is looked up once
        self.levels: dict[str | None, int | None] = {}

    def _add(self, block: Block) -> None:
        """A block, or the error as soon as there are more than the limit (not after all)."""
        if len(self.blocks) >= MAX_BLOCKS:
            raise _problem(
                self.shown,
                f"文档过长: 超过 {MAX_BLOCKS} 个段落",
                f"the document is too long: more than {MAX_BLOCKS} paragraphs",
            )
        self.blocks.append(block)

    def walk(self, parent: Any) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                self._paragraph(child)
            elif tag == _W + "tbl":
                self._table(child)
            elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins"):
                self.walk(child)

    def _text(self, element: Any) -> str:
        try:
            text = _paragraph_text(element)
        except Exception:  # a run python-docx cannot read: take the raw text nodes
            text = "".join(t.text or "" for t in element.iter(_W + "t"))
        return clean(text).replace("\t", " ")

    def _heading_level(self, element: Any) -> int | None:
        try:
            style_id = element.style  # the pStyle of the paragraph, or None
        except Exception:
            return None
        if style_id not in self.levels:
            self.levels[style_id] = self._style_level(element)
        return self.levels[style_id]

    def _style_level(self, element: Any) -> int | None:
        try:
            style = self.paragraph(element, self.document).style
            name = style.name if style is not None else ""
        except Exception:
            return None
        found = _HEADING_STYLE.match((name or "").strip())
        return int(found.group(1)) if found else None

    def _paragraph(self, element: Any) -> None:
        self.index += 1
        line = self.index
        self.elements[line] = element
        text = self._text(element)
        heading = self._heading_level(element)
        for piece in text.split("\n"):
            body, column = _stripped(piece)
            if body:
                self._add(Block(line, body, column, (), None, heading))
        for box in element.iter(_W + "txbxContent"):
            if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                continue  # the same text box again, for old readers
            self.walk(box)

    def _table(self, element: Any) -> None:
        self.tables += 1
        table = self.tables
        for row in element.iterchildren(_W + "tr"):
            self.index += 1
            self.elements[self.index] = row
            cells: list[str] = []
            for cell in row.iterchildren(_W + "tc"):
                parts = [self._text(p) for p in cell.iter(_W + "p")]
                text = "\n".join(_stripped(p)[0] for p in parts if p.strip())
                if text:  # a merged cell's continuation is empty
                    cells.append(text)
            if cells:
                joined = " | ".join(cells)
                self._add(Block(self.index, joined, 1, tuple(cells), table))


def word_elements(document: Any) -> dict[int, Any]:
    """The body elements of an open python-docx document by the line ``read_document`` gives
    them (a paragraph's ``w:p``, a table row's ``w:tr``): where a finding's line is in the file."""
    reader = _WordReader(document)
    reader.walk(document.element.body)
    return reader.elements


__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_INPUT_BYTES",
    "Block",
    "Document",
    "is_document",
    "read_document",
    "word_elements",
]
