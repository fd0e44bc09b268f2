"""User errors: bad input that stops one file (or the run) with a clear message and exit 2.

They are raised anywhere below the CLI and turned into messages only at the CLI boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plancheck.i18n import Lang, Message

# the exit codes: no finding at or above --fail-on, findings, bad input or usage, a bug
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


# Control characters (ESC, BEL, \x01, DEL, C1 codes) come from plans through YAML escapes;
# printed as they are, ESC would drive the terminal (clear it, set its title) and they break
# the file formats that cannot carry them. They are shown as escapes (\x1b) instead. Tab, line
# feed and carriage return stay: a report's own layout uses them.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(text: str, hidden: re.Pattern[str] = _HIDDEN) -> str:
    """A value from a plan (or a whole report), its control characters (``hidden``) shown as
    escapes."""
    return hidden.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if hidden.search(text) else text


@dataclass
class Problem:
    """One thing wrong with an input file, at a place in it (line and column are 1-based)."""

    file: str
    message: Message
    line: int | None = None
    column: int | None = None
    code: str = "input"
    warning: bool = False  # a problem worth knowing that stops nothing

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def format(self, lang: Lang) -> str:
        label = ("警告: " if lang == "zh" else "warning: ") if self.warning else ""
        return visible(f"{self.location()}: {label}{self.message.pick(lang)}")

    def as_dict(self, lang: Lang) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message.pick(lang),
        }


class PlancheckError(Exception):
    """Base of every error a user can cause; carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("; ".join(p.format("en") for p in self.problems))

    def format(self, lang: Lang) -> str:
        return "\n".join(p.format(lang) for p in self.problems)


class InputError(PlancheckError):
    """A plan (or other input) file that cannot be read or does not fit the schema."""


class RulePackError(PlancheckError):
    """A rule pack that is broken: the run cannot go on without it."""


class UsageError(PlancheckError):
    """Command-line arguments that do not make sense together."""


INTERNAL = "internal"  # the code of a problem that is a bug in plancheck, not the user's fault


def internal_problem(file: str, exc: BaseException) -> Problem:
    """A bug met while checking one file: that file's error, so that the rest are still checked
    (the run then exits 3)."""
    reason = f"{type(exc).__name__}: {exc}"
    if len(reason) > 300:
        reason = reason[:300] + "…"
    return Problem(
        file,
        Message(
            f"检查该规划时发生内部错误: {reason} (这是 plancheck 的缺陷; 请用 PLANCHECK_DEBUG=1 重新运行并报告)",
            f"internal error while checking this plan: {reason} "
            "(a bug in plancheck; run with PLANCHECK_DEBUG=1 for details and report it)",
        ),
        code=INTERNAL,
    )


def exit_for_problems(problems: list[Problem]) -> int | None:
    """3 when any problem is a bug in plancheck, 2 for any other problem, None for none."""
    if any(p.code == INTERNAL for p in problems):
        return EXIT_INTERNAL
    return EXIT_INPUT if problems else None


def debug_enabled() -> bool:
    """PLANCHECK_DEBUG=1 (or true, yes): bugs raise their traceback instead of a message. Any
    other value (0, false, no, empty) leaves it off."""
    import os

    return os.environ.get("PLANCHECK_DEBUG", "").strip().lower() in ("1", "true", "yes")
