"""Safe YAML with positions: every value keeps the line and column it was written at.

Only the plain YAML types are accepted (mappings, sequences, scalars); tags such as
``!!python/object`` are refused, duplicate keys are errors, alias expansion and nesting are
bounded. Scalars are kept as the text the user wrote (``no`` stays ``no``, ``1.10`` stays
``1.10``); the schema decides what they mean. Only ``null``/``~``/empty become None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class SourceMap:
    """Where each value of a loaded document was written, by its path of keys and indexes."""

    positions: dict[PathKey, Position] = field(default_factory=dict)

    def exact(self, path: PathKey) -> Position | None:
        return self.positions.get(tuple(path))

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
    file: str
    data: Any
    source_map: SourceMap
    encoding: str = "utf-8"


def _problem(file: str, zh: str, en: str, mark: Any = None, code: str = "yaml") -> InputError:
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return InputError(Problem(file, Message(zh, en), line, column, code=code))


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.positions: dict[PathKey, Position] = {}
        self.count = 0

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _problem(
                self.file,
                f"文档过大: 展开后超过 {MAX_NODES} 个节点 (可能是别名炸弹)",
                f"document too large: more than {MAX_NODES} nodes once aliases are expanded (an alias bomb?)",
                node.start_mark,
            )
        if depth > MAX_DEPTH:
            raise _problem(
                self.file,
                f"嵌套过深: 超过 {MAX_DEPTH} 层",
                f"nesting too deep: more than {MAX_DEPTH} levels",
                node.start_mark,
            )
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                raise self._bad_tag(node)
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise self._bad_tag(node)
            items = []
            for index, item in enumerate(node.value):
                item_path = (*path, index)
                self.positions.setdefault(
                    item_path, Position(item.start_mark.line + 1, item.start_mark.column + 1)
                )
                items.append(self.build(item, item_path, depth + 1))
            return items
        if node.tag not in _SCALAR_TAGS:
            raise self._bad_tag(node)
        if node.tag == _TAG + "null":
            return None
        return node.value

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise _problem(
                    self.file,
                    "不支持合并键 <<; 请直接写出各键",
                    "merge keys (<<) are not supported; write the keys out",
                    key_node.start_mark,
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _problem(
                    self.file,
                    "键必须是简单文本",
                    "a key must be plain text, not a list or a mapping",
                    key_node.start_mark,
                )
            if key_node.tag not in _SCALAR_TAGS:
                raise self._bad_tag(key_node)
            key = key_node.value
            if key in first_seen:
                earlier = first_seen[key].line + 1
                raise _problem(
                    self.file,
                    f"重复的键 '{key}' (首次出现在第 {earlier} 行); 同一层级的键不能重复",
                    f"duplicate key '{key}' (first written at line {earlier}); "
                    "a key may appear only once in a mapping",
                    key_node.start_mark,
                    code="duplicate-key",
                )
            first_seen[key] = key_node.start_mark
            key_path = (*path, key)
            self.positions[key_path] = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, key_path, depth + 1)
        return result

    def _bad_tag(self, node: yaml.Node) -> InputError:
        tag = node.tag.replace(_TAG, "!!")
        return _problem(
            self.file,
            f"不允许的 YAML 标签 {tag}: 规划文件只能包含映射、列表和文本",
            f"YAML tag {tag} is not allowed: a plan holds only mappings, lists and plain values",
            node.start_mark,
            code="yaml-tag",
        )


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse YAML text; raises InputError with a position on any problem."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        if "expected a single document" in what:
            raise _problem(
                file,
                "一个文件只能包含一个 YAML 文档 (发现了第二个 ---)",
                "a file may hold only one YAML document (found a second ---)",
                mark,
            ) from None
        raise _problem(file, f"YAML 语法错误: {what}", f"YAML syntax error: {what}", mark) from None
    except yaml.YAMLError as exc:
        raise _problem(file, f"YAML 语法错误: {exc}", f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise _problem(
            file, f"嵌套过深: 超过 {MAX_DEPTH} 层", f"nesting too deep: more than {MAX_DEPTH} levels"
        ) from None
    if node is None:
        raise _problem(
            file,
            "文件为空: 应为一个以 plan: 开头的规划映射",
            "the file is empty: expected a plan, a mapping that starts with plan:",
            code="empty",
        )
    builder = _Builder(file)
    builder.positions[()] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    try:
        data = builder.build(node, (), 0)
    except RecursionError:
        raise _problem(
            file, f"嵌套过深: 超过 {MAX_DEPTH} 层", f"nesting too deep: more than {MAX_DEPTH} levels"
        ) from None
    return YamlDocument(file, data, SourceMap(builder.positions))


def load_yaml(path: Path | str, display: str | None = None) -> YamlDocument:
    """Read, decode and parse a YAML file."""
    shown = display if display is not None else str(path)
    text, encoding = read_text(Path(path), shown)
    document = parse_yaml(text, shown)
    document.encoding = encoding
    return document


EXTENSION_HINT = Message(" (本地扩展键请以 x- 开头)", " (local extension keys start with x-)")
