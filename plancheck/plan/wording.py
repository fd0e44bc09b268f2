"""A rule's words for a plan document's reader: where a message, detail or fix names a place
in the plan schema (``foundation.cloud.standard``, ``built_by: self``), a reviewer of a Word
file is told what the plan should state, in the schema's own labels (“政务云 · 国家标准”),
not which YAML key to fill. YAML plans keep their paths; JSON reports keep ``path`` for
every finding."""

from __future__ import annotations

import re
import typing
from functools import lru_cache

from pydantic import BaseModel

from plancheck.i18n import Message

_PATH = re.compile(r"(?<![\w.$])(?:plan|foundation|data_center|platform|applications|channel|milestones|safeguards)"
                   r"(?:\.[a-z_]+)+(?![\w])")  # fmt: skip
_SETTING = re.compile(r"\s*[(（]\s*[a-z_.]+\s*[:=]\s*[^)）]{1,20}[)）]")
_KEY_VALUE = re.compile(r"\b(?:built_by|owner|status)\s*:\s*[\w]+|\s*\((?:box|built_by|source|quote)\)")
_WORDS = {
    "key_project: true": ("重点项目", "a key project"),
    "key_project = true": ("重点项目", "a key project"),
}


def model_of(annotation: typing.Any) -> type[BaseModel] | None:
    """The schema model a field's annotation holds (through Optional, lists and unions), if any."""
    stack = [annotation]
    while stack:
        candidate = stack.pop(0)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        stack.extend(typing.get_args(candidate))
    return None


@lru_cache(maxsize=256)
def label(path: str) -> tuple[str, str] | None:
    """The labels of a dotted plan path, joined: (“政务云 · 国家标准”, “government cloud · …”)."""
    from plancheck.plan.model import Plan

    model: type[BaseModel] | None = Plan
    zh: list[str] = []
    en: list[str] = []
    for step in path.split("."):
        if model is None or step not in model.model_fields:
            return None
        field = model.model_fields[step]
        title = field.title or step
        z, _, e = title.partition(" · ")
        zh.append(z)
        en.append(e or z)
        model = model_of(field.annotation)
    if len(zh) > 1:  # the layer is named by what is in it: 政务云·标准规范, not 一套基础·政务云·…
        zh, en = zh[1:], en[1:]
    return "·".join(zh), " · ".join(en)


def for_documents(message: Message) -> Message:
    """The message with the plan's paths as the labels of what the plan should state."""
    return Message(_reword(message.zh, 0), _reword(message.en, 1))


def _reword(text: str, lang: int) -> str:
    for raw, words in _WORDS.items():
        text = text.replace(raw, words[lang])
    text = _SETTING.sub("", text)
    text = _KEY_VALUE.sub("", text)

    def named(m: re.Match[str]) -> str:
        found = label(m.group(0))
        return f"“{found[lang]}”" if found else m.group(0)

    return re.sub(r"\s{2,}", " ", _PATH.sub(named, text)).strip()


__all__ = ["for_documents", "label"]
