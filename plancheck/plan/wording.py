"""A plan's places in its reader's words: a place in the plan schema
(``foundation.cloud.standard``) is named by the schema's own titles (“政务云·标准规范”), a value
of a choice (``built_by: self``) by the words its description gives (本级自建). Chinese findings
name places this way for every plan; English ones keep the paths for YAML plans (their authors
fill them in) and use the titles for plan documents, whose reader is told what the plan should
state, not which YAML key to fill. JSON reports keep ``path`` for every finding.

The titles are read from the plan model once, when the plan model is compiled
(``plan.compiled``), so that naming a place does not import pydantic."""

from __future__ import annotations

import re
import typing
from functools import lru_cache
from typing import TYPE_CHECKING

from plancheck.i18n import Message

if TYPE_CHECKING:
    from pydantic import BaseModel

_PATH = re.compile(r"(?<![\w.$])(?:plan|foundation|data_center|platform|applications|channel|milestones|safeguards)"
                   r"(?:\.[a-z_]+)+(?![\w])")  # fmt: skip
_SETTING = re.compile(r"\s*[(（]\s*[a-z_.]+\s*[:=]\s*[^)）]{1,20}[)）]")
_KEY_VALUE = re.compile(r"\b(?:built_by|owner|status)\s*:\s*[\w]+|\s*\((?:box|built_by|source|quote)\)")
_WORDS = {
    "key_project: true": ("重点项目", "a key project"),
    "key_project = true": ("重点项目", "a key project"),
}
Titles = dict[str, tuple[str, str]]  # a dotted key path → its field's (zh, en) title
Choices = dict[str, dict[str, str]]  # a dotted key path → {value: its Chinese words}


def model_of(annotation: typing.Any) -> type[BaseModel] | None:
    """The schema model a field's annotation holds (``plan.model.model_of``, imported when asked
    for: naming a place does not import pydantic)."""
    from plancheck.plan.model import model_of as found

    return found(annotation)


def _words() -> tuple[Titles, Choices]:
    from plancheck.plan.compiled import compiled_plan

    compiled = compiled_plan()
    return compiled.titles, compiled.choices


@lru_cache(maxsize=1)
def _shared_titles() -> frozenset[str]:
    """Titles that several fields have (描述, 名称, 建设内容): such a field is named with its parent."""
    titles, _ = _words()
    fields: dict[str, int] = {}
    for zh, _en in titles.values():
        fields[zh] = fields.get(zh, 0) + 1
    return frozenset(zh for zh, count in fields.items() if count > 1)


def key_path(location: typing.Iterable[str | int]) -> str:
    """A location's keys, its list indexes left out: the path of the schema field it is in."""
    return ".".join(step for step in location if isinstance(step, str))


@lru_cache(maxsize=256)
def label(path: str) -> tuple[str, str] | None:
    """The titles of a dotted plan path, joined: (“政务云·标准规范”, “government cloud · standard”);
    None for a path the schema does not have."""
    titles, _ = _words()
    steps = path.split(".")
    found = [titles.get(".".join(steps[: i + 1])) for i in range(len(steps))]
    if not steps or any(t is None for t in found):
        return None
    named = [t for t in found if t is not None]
    if len(named) > 2 or (len(named) == 2 and named[1][0] not in _shared_titles()):
        named = named[1:]  # the layer is named by what is in it: 政务云·标准规范, not 一套基础·政务云·…
    return "·".join(z for z, _ in named), " · ".join(e for _, e in named)


def place(location: typing.Iterable[str | int], dotted: str, titles: bool = False) -> Message:
    """A place in the plan: in Chinese by its titles in quotation marks (“政务云·标准规范”), in
    English by its path (``dotted``) for the YAML author, or with ``titles`` (a document's
    reader) by its titles too (“government cloud · standard”)."""
    found = label(key_path(location))
    if found is None:
        return Message(dotted, dotted)
    return Message(f"“{found[0]}”", f"“{found[1]}”" if titles else dotted)


def choice(path: str, key: str, values: tuple[str, ...]) -> Message:
    """A condition on an item's field in words: 标注为“重点项目”, “建设主体”为“本级自建”; in
    English as written (``key_project = true``)."""
    titles, choices = _words()
    field = f"{path}.{key}" if path else key
    title = titles.get(field)
    name = f"“{title[0]}”" if title else key
    en = f"{key} = {'|'.join(values)}"
    if tuple(v.lower() for v in values) == ("true",):
        return Message(f"标注为{name}", en)
    words = choices.get(field, {})
    said = "或".join(f"“{words.get(v, v)}”" for v in values)
    return Message(f"{name}为{said}", en)


def for_documents(message: Message) -> Message:
    """The message with the plan's paths as the labels of what the plan should state."""
    return Message(_reword(message.zh, 0), _reword(message.en, 1))


def _reword(text: str, lang: int) -> str:
    text = _SETTING.sub("", text)  # a setting in parentheses says again what the words said
    for raw, words in _WORDS.items():
        text = text.replace(raw, words[lang])
    text = _KEY_VALUE.sub("", text)

    def named(m: re.Match[str]) -> str:
        found = label(m.group(0))
        return f"“{found[lang]}”" if found else m.group(0)

    return re.sub(r"\s{2,}", " ", _PATH.sub(named, text)).strip()


__all__ = ["choice", "for_documents", "key_path", "label", "model_of", "place"]
