"""Bilingual text: every user-facing message exists in Chinese and English."""

from __future__ import annotations

import os
from typing import Literal, NamedTuple

Lang = Literal["zh", "en"]


class Message(NamedTuple):
    """One message in both languages."""

    zh: str
    en: str

    def pick(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def join(self, other: Message, zh_sep: str = "", en_sep: str = " ") -> Message:
        return Message(self.zh + zh_sep + other.zh, self.en + en_sep + other.en)


class Bilingual:
    """Text held as ``zh`` and ``en`` fields (a pack's titles, messages and fixes)."""

    __slots__ = ()
    zh: str
    en: str

    def message(self) -> Message:
        return Message(self.zh.strip(), self.en.strip())


def language_from_environment(environ: dict[str, str] | None = None) -> Lang:
    """zh when the locale is Chinese (zh_*), en otherwise; LANGUAGE, LC_ALL, LC_MESSAGES, LANG."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            first = value.split(":")[0].lower()
            if first in ("c", "posix") or first.startswith("c."):
                return "en"
            return "zh" if first.startswith("zh") else "en"
    return "en"
