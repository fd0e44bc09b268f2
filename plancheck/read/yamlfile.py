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
from plancheck.read.inputs import shown_path
from plancheck.read.textfile import read_text

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
        found = self.positions.get(path)  # most places asked about are written in the plan
        if found is not None:
            return found, path
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


def _bad_tag(file: str, tag: str, mark: Any) -> InputError:
    shown = tag.replace(_TAG, "!!")
    return _problem(
        file,
        f"不允许的 YAML 标签 {shown}: 规划文件只能包含映射、列表和文本",
        f"YAML tag {shown} is not allowed: a plan holds only mappings, lists and plain values",
        mark,
        code="yaml-tag",
    )


def _too_large(file: str, mark: Any) -> InputError:
    return _problem(
        file,
        f"文档过大: 展开后超过 {MAX_NODES} 个节点 (可能是别名炸弹)",
        f"document too large: more than {MAX_NODES} nodes once aliases are expanded (an alias bomb?)",
        mark,
    )


def _too_deep(file: str, mark: Any) -> InputError:
    return _problem(
        file,
        f"嵌套过深：超过 {MAX_DEPTH} 层",
        f"nesting too deep: more than {MAX_DEPTH} levels",
        mark,
    )


def _not_a_key(file: str, what: str, mark: Any) -> InputError:
    return _problem(file, "键必须是简单文本", f"a key must be plain text, not {what}", mark)


def _typed_scalar(file: str, event: yaml.ScalarEvent) -> Any:
    """A scalar that is not plain text: null, a tagged or quoted value, or a merge key."""
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
        raise _problem(
            file,
            "不支持合并键 <<; 请直接写出各键",
            "merge keys (<<) are not supported; write the keys out",
            event.start_mark,
        )
    if tag not in _SCALAR_TAGS:
        raise _bad_tag(file, tag, event.start_mark)
    return None if tag == _TAG + "null" else event.value


def _scalar(file: str, event: yaml.ScalarEvent, anchors: dict[str, tuple[Any, int]]) -> Any:
    """A scalar's value when it is not plain text or carries an anchor (which is recorded)."""
    value = event.value
    if event.tag is not None or not event.implicit[0] or value in _SPECIAL:
        value = _typed_scalar(file, event)
    if event.anchor is not None:
        anchors[event.anchor] = (value, 1)
    return value


def _opened(file: str, event: Any, mapping: bool, inside_mapping_without_key: bool, depth: int) -> Any:
    """The empty collection a mapping's or a sequence's start opens, once it is allowed there."""
    expected = _TAG + ("map" if mapping else "seq")
    if event.tag not in (None, "!", expected):
        raise _bad_tag(file, event.tag, event.start_mark)
    if inside_mapping_without_key:
        raise _not_a_key(file, "a list or a mapping", event.start_mark)
    if depth >= MAX_DEPTH:
        raise _too_deep(file, event.start_mark)
    return {} if mapping else []


def _aliased(
    file: str, event: Any, anchors: dict[str, tuple[Any, int]], inside_mapping_without_key: bool
) -> tuple[Any, int]:
    """The value an alias stands for, and how many nodes it counts for."""
    if event.anchor not in anchors:
        raise _problem(
            file, f"未定义的锚点 *{event.anchor}", f"alias *{event.anchor} names no anchor", event.start_mark
        )
    if inside_mapping_without_key:
        raise _not_a_key(file, "an alias", event.start_mark)
    return anchors[event.anchor]


def _key(file: str, value: Any, seen: dict[str, Any], mark: Any) -> str:
    """A mapping's key (text: scalars are text or None here), written once in its mapping."""
    name = "" if value is None else value if value.isascii() else value.translate(_INVISIBLE_IN_KEYS)
    if name in seen:
        earlier = seen[name].line + 1
        raise _problem(
            file,
            f"重复的键 '{name}' (首次出现在第 {earlier} 行); 同一层级的键不能重复",
            f"duplicate key '{name}' (first written at line {earlier}); a key may appear only once in a mapping",
            mark,
            code="duplicate-key",
        )
    seen[name] = mark
    return name


def _starts_document(file: str, event: Any, documents: int) -> int:
    """1 for the start of the (one) document, else 0; a second document is refused."""
    if type(event) is not yaml.DocumentStartEvent:
        return 0
    if documents:
        raise _problem(
            file,
            "一个文件只能包含一个 YAML 文档 (发现了第二个 ---)",
            "a file may hold only one YAML document (found a second ---)",
            event.start_mark,
        )
    return 1


def _build(next_event: Any, file: str) -> tuple[Any, dict[PathKey, Position], int]:
    """Plain data from parser events: (the document's root, where each key and item was written,
    the number of documents). Iterative (no recursion, so no depth can crash it); nodes are
    counted through aliases; keys must be text and may appear once in a mapping.

    One loop with its state in local variables: it runs for every value of every plan. The
    collection being filled is ``container`` (None before the root), at ``path``; ``key`` is
    the key waiting for its value; ``seen`` maps the keys written so far to their marks. The
    enclosing collections' state waits on ``stack``."""
    positions: dict[PathKey, Position] = {}
    anchors: dict[str, tuple[Any, int]] = {}
    stack: list[tuple[Any, ...]] = []
    container: Any = None
    path: PathKey = ()
    is_list = False
    key: str | None = None
    seen: dict[str, Any] = {}
    start = 0  # the node count when the collection opened, for its anchor
    anchor: str | None = None
    root: Any = None
    documents = 0
    count = 0
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    while True:
        event = next_event()
        kind = type(event)
        opened = kind is mapping_start or kind is sequence_start
        nodes = 1
        if kind is scalar_event:  # most events: checked first
            value = event.value
            if (
                event.tag is not None
                or not event.implicit[0]
                or value in _SPECIAL
                or event.anchor is not None
            ):
                value = _scalar(file, event, anchors)
        elif opened:
            homeless = container is not None and not is_list and key is None
            value = _opened(file, event, kind is mapping_start, homeless, len(stack))
        elif kind in closing:
            if anchor is not None:
                anchors[anchor] = (container, count - start + 1)
            container, path, is_list, key, seen, start, anchor = stack.pop()
            continue
        elif kind is alias_event:
            value, nodes = _aliased(
                file, event, anchors, container is not None and not is_list and key is None
            )
        elif event is None or kind is yaml.StreamEndEvent:
            return root, positions, documents
        else:  # the stream's start, a document's start or end
            documents += _starts_document(file, event, documents)
            continue
        count += nodes
        if count > MAX_NODES:
            raise _too_large(file, event.start_mark)
        # the value (or key) is placed where the parser is; its path, if it is a collection
        mark = event.start_mark
        if container is None:  # the document's root
            here: PathKey = ()
            root = value
        elif is_list:
            here = (*path, len(container))
            container.append(value)
        elif key is None:
            key = _key(file, value, seen, mark)
            here = (*path, key)
            positions[here] = _new(Position, (mark.line + 1, mark.column + 1))
            continue
        else:
            here = (*path, key)
            container[key] = value
            key = None
        if here not in positions:
            positions[here] = _new(Position, (mark.line + 1, mark.column + 1))
        if opened:
            stack.append((container, path, is_list, key, seen, start, anchor))
            container, path, is_list, key, seen = value, here, kind is sequence_start, None, {}
            start, anchor = count, event.anchor


def _clamped(mark: Any, text: str) -> Any:
    """libyaml reports the end of the stream one line past the last one; point at the end."""
    if mark is None or mark.index < len(text):
        return mark
    last = text.rstrip("\n")
    line = last.count("\n")
    column = len(last) - (last.rfind("\n") + 1)
    return yaml.Mark(mark.name, len(last), line, column, None, None)  # type: ignore[arg-type]  # stubs say int; PyYAML takes None for no buffer


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
        if exc.problem and "nesting depth" in exc.problem:
            # libyaml (PyYAML >= 6.0.2's wheels) scans ahead and stops deep flow nesting at its
            # own limit before the builder reaches ours: one message whichever stops first.
            return _too_deep(file, mark)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return _problem(file, f"YAML 语法错误：{what}", f"YAML syntax error: {what}", mark)
    return _problem(file, f"YAML 语法错误：{exc}", f"YAML syntax error: {exc}")


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse YAML text; raises InputError with a position on any problem."""
    parser = _Loader(text)
    try:
        root, positions, documents = _build(parser.get_event, file)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, file) from None
    finally:
        parser.dispose()
    if documents == 0 or root is None:
        raise _problem(
            file,
            "文件为空: 应为一个以 plan: 开头的规划映射",
            "the file is empty: expected a plan, a mapping that starts with plan:",
            code="empty",
        )
    positions.setdefault((), Position(1, 1))
    return YamlDocument(file, root, SourceMap(positions))


def load_yaml(path: Path | str, display: str | None = None) -> YamlDocument:
    """Read, decode and parse a YAML file."""
    shown = display if display is not None else shown_path(path)
    text, _ = read_text(Path(path), shown)
    return parse_yaml(text, shown)


EXTENSION_HINT = Message("（本地扩展键请以 x- 开头）", " (local extension keys start with x-)")
