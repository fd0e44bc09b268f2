"""What extraction gives back: the plan drafted, the notes for its reader, the positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plancheck.errors import Problem
from plancheck.i18n import Lang, Message
from plancheck.read.documents import Document
from plancheck.read.yamlfile import PathKey, Position, SourceMap

LAYERS = ("foundation", "data_center", "platform", "applications", "channel", "milestones", "safeguards")
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

    def warnings(self) -> list[Problem]:
        """What a check of the extracted plan should warn of: a text that looks incomplete."""
        return [
            Problem(self.document.file, n.message, n.line, code="incomplete", warning=True)
            for n in self.notes
            if n.kind == "missing" and n.path == "plan"
        ]

    @property
    def missing(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "missing"]

    @property
    def unsure(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "low"]
