"""User errors: bad input that stops one file (or the run) with a clear message and exit 2.

They are raised anywhere below the CLI and turned into messages only at the CLI boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

from plancheck.i18n import Lang, Message

# the exit codes: no finding at or above --fail-on, findings, bad input or usage
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


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
        return f"{self.location()}: {label}{self.message.pick(lang)}"

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
