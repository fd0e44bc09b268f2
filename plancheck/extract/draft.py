"""Writing an extracted plan as YAML a reviewer can read: the schema modeline first, a header
that says where the draft came from and what was not found, the layers in the framework's
order with a rule between them, keys in the schema's order (``source`` and ``quote`` last),
and long strings folded at punctuation in double quotes. The same plan always gives the same
bytes; the text loads with plancheck's own loader and validates against the plan schema.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from plancheck.extract.results import LAYER_NAMES, Extraction
from plancheck.plan.model import Plan
from plancheck.plan.wording import model_of

MODELINE = "# yaml-language-server: $schema=plan.schema.json"
WIDTH = 100  # display columns; a CJK character takes two
_LAST = ("source", "quote")
_FIRST = ("name", "text", "year", "metric", "title")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_BREAK_AFTER = set("，、。；：,;:）)”")
_RESOLVER = yaml.resolver.Resolver()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _submodel(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    if model is None or key not in model.model_fields:
        return None
    return model_of(model.model_fields[key].annotation)


def _order(data: dict[str, Any], model: type[BaseModel] | None) -> list[str]:
    fields = list(model.model_fields) if model is not None else []
    rank = {name: i for i, name in enumerate(fields)}

    def place(name: str) -> tuple[int, int, str]:
        if name.startswith("x-"):
            return (4, 0, name)
        if name in _LAST:
            return (3, _LAST.index(name), name)
        if name in _FIRST:
            return (0, _FIRST.index(name), name)
        return (1, rank.get(name, len(rank)), name)

    return sorted(data, key=place)


def _plain(text: str) -> bool:
    """Whether a string can be written without quotes and read back as the same text."""
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if any(unicodedata.category(ch)[0] == "C" for ch in text):
        return False
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == "tag:yaml.org,2002:str"


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif unicodedata.category(ch)[0] == "C" or ch in "\u2028\u2029\ufeff":
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def _scalar(value: Any, indent: int, used: int) -> str:
    """A scalar, folded over several lines when it is too wide for the room left."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _width(text) + used <= WIDTH and _plain(text):
        return text
    if _width(text) + used + 2 <= WIDTH:
        return f'"{_escape(text)}"'
    # fold: an escaped line break joins the lines without a space
    pad = " " * (indent + 2)
    lines: list[str] = []
    room = max(20, WIDTH - used - 1)
    current: list[str] = []
    width = 0
    last_break = -1
    for ch in text:
        current.append(ch)
        width += _width(_escape(ch))
        if ch in _BREAK_AFTER:
            last_break = len(current)
        if width >= room:
            cut = last_break if last_break > len(current) // 3 else len(current)
            lines.append("".join(current[:cut]))
            current = current[cut:]
            width = _width(_escape("".join(current)))
            last_break = -1
            room = max(20, WIDTH - len(pad) - 1)
    lines.append("".join(current))
    lines = [line for line in lines if line]
    body = "\\\n".join((pad if i else "") + _escape(line) for i, line in enumerate(lines))
    # a line that starts with a space would lose it after the escaped break: protect it
    body = body.replace("\\\n" + pad + " ", "\\\n" + pad + "\\ ")
    return f'"{body}"'


def _emit(value: Any, model: type[BaseModel] | None, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for name in _order(value, model):
            item = value[name]
            sub = _submodel(model, name)
            if isinstance(item, dict):
                out.append(f"{pad}{name}:")
                _emit(item, sub, indent + 2, out)
            elif isinstance(item, list):
                out.append(f"{pad}{name}:")
                _emit_list(item, sub, indent + 2, out)
            else:
                out.append(f"{pad}{name}: {_scalar(item, indent, indent + len(name) + 2)}")
        return
    raise TypeError(f"cannot emit {type(value).__name__}")


def _emit_list(items: list[Any], model: type[BaseModel] | None, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            inner: list[str] = []
            _emit(item, model, indent + 2, inner)
            first = inner[0][indent + 2 :] if inner else "{}"
            out.append(f"{pad}- {first}")
            out.extend(inner[1:])
        else:
            out.append(f"{pad}- {_scalar(item, indent + 2, indent + 2)}")


def _comment_lines(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]


def render_draft(extraction: Extraction, source_name: str | None = None) -> str:
    """The YAML text of an extracted plan."""
    name = source_name if source_name is not None else Path(extraction.document.file).name
    header = [
        MODELINE,
        "#",
        f"# 由 plancheck extract 从规划文档 {name} 自动提取的规划草稿: 请逐项对照原文核对后使用。",
        f"# A draft plan extracted by plancheck extract from {name}: check every value against the document.",
        "# source 为原文章节号, quote 为原文句子 (逐字摘录); 标有 x-confidence: low 的内容是推断的, 须核实。",
        "# `source` is the section of the document, `quote` its own words; x-confidence: low marks guesses.",
    ]
    missing = extraction.missing
    if missing:
        header += ["#", "# 文档中找不到 · not found in the document:"]
        header += [f"#   - {note.path}: {note.message.zh} ({note.message.en})" for note in missing]
    unsure = extraction.unsure
    if unsure:
        header += ["#", "# 不确定, 须核实 · unsure, to be checked:"]
        for note in unsure:
            where = f" (line {note.line})" if note.line else ""
            header.append(f"#   - {note.path}{where}: {note.message.zh} ({note.message.en})")
    lines = [*header, ""]
    plan = extraction.plan
    for top in _order(plan, Plan):
        zh_en = LAYER_NAMES.get(top)
        if zh_en and top != "plan":
            rule = f"# {'-' * 15} {zh_en[0]} {top}"
            lines.append(rule)
        value = plan[top]
        sub = _submodel(Plan, top)
        if isinstance(value, dict):
            lines.append(f"{top}:")
            _emit(value, sub, 2, lines)
        elif isinstance(value, list):
            lines.append(f"{top}:")
            _emit_list(value, sub, 2, lines)
        else:
            lines.append(f"{top}: {_scalar(value, 0, len(top) + 2)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["MODELINE", "render_draft"]
