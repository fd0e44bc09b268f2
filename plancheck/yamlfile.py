"""Safe YAML with positions: every value keeps the line and column it was written at.

Only the plain YAML types are accepted (mappings, sequences, scalars); tags such as
``!!python/object`` are refused, duplicate keys are errors, alias expansion and nesting are
bounded. Scalars are kept as the text the user wrote (``no`` stays ``no``, ``1.10`` stays
``1.10``); the schema decides what they mean. Only ``null``/``~``/empty become None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from plancheck.errors import InputError, Problem
from plancheck.i18n import Message
from plancheck.textfile import read_text

try:  # the C composer when libyaml is present
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PathKey = tuple[str | int, ...]

MAX_NODES = 200_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "timestamp", "null")}


class Position(NamedTuple):  # a NamedTuple: made for every value of every plan, it must be cheap
    line: int
    column: int


# Positions are made for every key and item of every plan: through tuple.__new__, a C call,
# rather than the NamedTuple's own __new__, which is Python code.
_new = tuple.__new__


@dataclass
class SourceMap:
    """Where each value of a loaded document was written, by its path of keys and indexes."""

    positions: dict[PathKey, Position] = field(default_factory=dict)

    def locate(self, path: PathKey) -> tuple[Position, PathKey]:
        """The position of ``path`` or, when it is not in the file, of its nearest ancestor."""
        path = tuple(path)
        while path:
            found = self.positions.get(path)
            if found is not None:
                return found, path
            path = path[:-1]
        return self.positions.get((), Position(1, 1)), ()


@dataclass
class YamlDocument:
    """A parsed YAML file: its data and where each value was written."""

    file: str
    data: Any
    source_map: SourceMap


def _problem(file: str, zh: str, en: str, mark: Any = None, code: str = "yaml") -> InputError:
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return InputError(Problem(file, Message(zh, en), line, column, code=code))


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_SPECIAL = _NULLS | {"<<"}  # plain scalars that are not simply text
_INVISIBLE_IN_KEYS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


@dataclass
class _Frame:
    """A mapping or sequence being built, with the key waiting for its value."""

    container: dict[str, Any] | list[Any]
    path: PathKey
    start_count: int
    anchor: str | None
    key: str | None = None
    key_marks: dict[str, Any] = field(default_factory=dict)


class _Builder:
    """Builds plain data from parser events, iteratively (no recursion, so no depth can crash
    it), counting nodes through aliases and recording where every key and item was written."""

    def __init__(self, file: str):
        self.file = file
        self.positions: dict[PathKey, Position] = {}
        self.count = 0
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0

    def _error(self, zh: str, en: str, mark: Any, code: str = "yaml") -> InputError:
        return _problem(self.file, zh, en, mark, code)

    def _bad_tag(self, tag: str, mark: Any) -> InputError:
        shown = tag.replace(_TAG, "!!")
        return self._error(
            f"不允许的 YAML 标签 {shown}: 规划文件只能包含映射、列表和文本",
            f"YAML tag {shown} is not allowed: a plan holds only mappings, lists and plain values",
            mark,
            code="yaml-tag",
        )

    def _grow(self, nodes: int, mark: Any) -> None:
        self.count += nodes
        if self.count > MAX_NODES:
            raise self._error(
                f"文档过大: 展开后超过 {MAX_NODES} 个节点 (可能是别名炸弹)",
                f"document too large: more than {MAX_NODES} nodes once aliases are expanded (an alias bomb?)",
                mark,
            )

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None and event.implicit[0]:
            # a plain scalar: only null and the merge key matter, every other value stays text
            value = event.value
            if value in _NULLS:
                return None
            if value != "<<":
                return value
            tag = _TAG + "merge"
        elif tag in (None, "!"):
            tag = _TAG + "str"
        if tag == _TAG + "merge":
            raise self._error(
                "不支持合并键 <<; 请直接写出各键",
                "merge keys (<<) are not supported; write the keys out",
                event.start_mark,
            )
        if tag not in _SCALAR_TAGS:
            raise self._bad_tag(tag, event.start_mark)
        return None if tag == _TAG + "null" else event.value

    def _here(self) -> PathKey:
        """The path of the value the parser is at, before it is placed."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        return (*frame.path, frame.key)  # type: ignore[misc]

    def _place(self, value: Any, mark: Any) -> None:
        """Put a value (or a key) where the parser is, and record where it was written."""
        if not self.stack:
            self.root = value
            self.positions[()] = _new(Position, (mark.line + 1, mark.column + 1))
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            path = (*frame.path, len(container))
            container.append(value)
            self.positions.setdefault(path, _new(Position, (mark.line + 1, mark.column + 1)))
            return
        if frame.key is None:
            if not isinstance(value, str) and value is not None:
                raise self._error(
                    "键必须是简单文本", "a key must be plain text, not a list or a mapping", mark
                )
            key = "" if value is None else value if value.isascii() else value.translate(_INVISIBLE_IN_KEYS)
            if key in frame.key_marks:
                earlier = frame.key_marks[key].line + 1
                raise self._error(
                    f"重复的键 '{key}' (首次出现在第 {earlier} 行); 同一层级的键不能重复",
                    f"duplicate key '{key}' (first written at line {earlier}); "
                    "a key may appear only once in a mapping",
                    mark,
                    code="duplicate-key",
                )
            frame.key_marks[key] = mark
            frame.key = key
            self.positions[(*frame.path, key)] = _new(Position, (mark.line + 1, mark.column + 1))
            return
        container[frame.key] = value
        frame.key = None

    def _open(self, event: yaml.CollectionStartEvent, container: dict[str, Any] | list[Any]) -> None:
        expected = _TAG + ("map" if isinstance(container, dict) else "seq")
        if event.tag not in (None, "!", expected):
            raise self._bad_tag(event.tag, event.start_mark)
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            raise self._error(
                "键必须是简单文本", "a key must be plain text, not a list or a mapping", event.start_mark
            )
        if len(self.stack) >= MAX_DEPTH:
            raise self._error(
                f"嵌套过深: 超过 {MAX_DEPTH} 层",
                f"nesting too deep: more than {MAX_DEPTH} levels",
                event.start_mark,
            )
        self._grow(1, event.start_mark)
        path = self._here()
        self._place(container, event.start_mark)
        self.stack.append(_Frame(container, path, self.count, event.anchor))

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:  # most events: checked first
            self.count += 1
            if self.count > MAX_NODES:
                self._grow(0, event.start_mark)
            if event.tag is None and event.implicit[0] and event.value not in _SPECIAL:
                value = event.value  # a plain scalar, kept as text (the usual case, inlined)
            else:
                value = self._scalar(event)
            self._place(value, event.start_mark)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1)
        elif kind is yaml.MappingStartEvent:
            self._open(event, {})
        elif kind is yaml.SequenceStartEvent:
            self._open(event, [])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, self.count - frame.start_count + 1)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self._error(
                    "一个文件只能包含一个 YAML 文档 (发现了第二个 ---)",
                    "a file may hold only one YAML document (found a second ---)",
                    event.start_mark,
                )
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise self._error(
                    f"未定义的锚点 *{event.anchor}",
                    f"alias *{event.anchor} names no anchor",
                    event.start_mark,
                )
            value, nodes = self.anchors[event.anchor]
            self._grow(nodes, event.start_mark)
            if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
                raise self._error(
                    "键必须是简单文本", "a key must be plain text, not an alias", event.start_mark
                )
            self._place(value, event.start_mark)


def _clamped(mark: Any, text: str) -> Any:
    """libyaml reports the end of the stream one line past the last one; point at the end."""
    if mark is None or mark.index < len(text):
        return mark
    last = text.rstrip("\n")
    line = last.count("\n")
    column = len(last) - (last.rfind("\n") + 1)
    return yaml.Mark(mark.name, len(last), line, column, None, None)


def _syntax_error(exc: yaml.YAMLError, text: str, file: str) -> InputError:
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return InputError(
            Problem(
                file,
                Message(
                    f"不允许的控制字符 {char}: 请删除它 (常见于从 Word 复制的文本)",
                    f"control character {char} is not allowed: remove it (it often comes from text copied out of Word)",
                ),
                line,
                column,
                code="yaml",
            )
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = _clamped(exc.problem_mark or exc.context_mark, text)
        if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            return _problem(
                file,
                "YAML 不允许用制表符 (Tab) 缩进; 请改用空格",
                "YAML does not allow tabs for indentation; use spaces",
                mark,
            )
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return _problem(file, f"YAML 语法错误: {what}", f"YAML syntax error: {what}", mark)
    return _problem(file, f"YAML 语法错误: {exc}", f"YAML syntax error: {exc}")


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse YAML text; raises InputError with a position on any problem."""
    builder = _Builder(file)
    parser = _Loader(text)
    try:
        while parser.check_event():
            builder.feed(parser.get_event())
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, file) from None
    finally:
        parser.dispose()
    if builder.documents == 0 or builder.root is None:
        raise _problem(
            file,
            "文件为空: 应为一个以 plan: 开头的规划映射",
            "the file is empty: expected a plan, a mapping that starts with plan:",
            code="empty",
        )
    builder.positions.setdefault((), Position(1, 1))
    return YamlDocument(file, builder.root, SourceMap(builder.positions))


def load_yaml(path: Path | str, display: str | None = None) -> YamlDocument:
    """Read, decode and parse a YAML file."""
    shown = display if display is not None else str(path)
    text, _ = read_text(Path(path), shown)
    return parse_yaml(text, shown)


EXTENSION_HINT = Message(" (本地扩展键请以 x- 开头)", " (local extension keys start with x-)")
