"""Every option of the command line, declared once: its flags, kind, help in both languages,
choices and metavar. ``cli.app`` makes typer's options from these (help, usage errors,
completion) and ``cli.verify``'s plain parser reads well-formed ``verify`` calls with them.

An option that several commands take (``--lang``, ``--rules``, ``--force``, ``--office`` …) is
one declaration used by each. A command whose default, meaning or choices differ says so with a
``variant`` of the declaration (same flags and kind): ``review`` writes comments in Chinese
unless told otherwise, ``diff``'s ``--fail-on`` only counts with ``--fail-on-new``, ``diff``
has fewer formats.

Choices and numbers are taken as text and checked by ``checked``, so that a wrong value gets
plancheck's own message, in both languages, whichever command it was given to. This module
imports nothing heavy: the entry point reads it before deciding whether typer is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, cast

from plancheck.errors import Problem, UsageError
from plancheck.i18n import Lang, Message, language_from_environment
from plancheck.report import DIFF_FORMATS, VERIFY_FORMATS

LANGUAGES = ("zh", "en")
SEVERITIES = ("error", "warning", "info")

Kind = Literal["choice", "text", "path", "int", "flag", "list"]


@dataclass(frozen=True)
class Option:
    """One option: typer's declaration and the plain parser are both made from it."""

    field: str  # the name of the value the command receives
    flags: tuple[str, ...]
    kind: Kind
    help: Message
    choices: tuple[str, ...] = ()
    metavar: str | None = None
    minimum: int | None = None
    required: bool = False

    def variant(self, *, help: Message | None = None, choices: tuple[str, ...] | None = None) -> Option:
        """The same option as another command takes it: that command's help (its default or
        meaning differs) or choices (its formats); flags and kind stay the declaration's."""
        return replace(self, help=help or self.help, choices=self.choices if choices is None else choices)


def value_of(option: Option, text: str) -> object | None:
    """An option's value from its text, or None when the text is not a valid value."""
    if option.kind == "choice":
        return text if text in option.choices else None
    if option.kind == "int":
        if not (text.isascii() and text.isdigit()):
            return None
        number = int(text)
        return number if option.minimum is None or number >= option.minimum else None
    if option.kind == "path":
        return Path(text) if text else None
    return text


def invalid(option: Option, value: object) -> UsageError:
    """The usage error for a value an option does not take, in both languages."""
    if option.kind == "int":
        wanted = Message(
            f"应为不小于 {option.minimum} 的整数", f"expected a whole number of at least {option.minimum}"
        )
    else:
        wanted = Message(
            "应为以下之一：" + "、".join(option.choices), "expected one of: " + ", ".join(option.choices)
        )
    problem = Message(f"{option.flags[0]} 的值无效，", f"invalid value for {option.flags[0]}: ").join(
        wanted, "", ""
    )
    return UsageError(Problem(f"{option.flags[0]} {value}", problem, code="usage"))


def checked(option: Option, value: object) -> object:
    """A choice or number as typer passed it (text), checked; other values as they are.
    UsageError when it is not one the option takes."""
    if value is None or option.kind not in ("choice", "int"):
        return value
    parsed = value_of(option, str(value))
    if parsed is None:
        raise invalid(option, value)
    return parsed


def language_of(values: dict[str, Any]) -> Lang:
    """The language a call asks for (when it is a valid one), or the locale's."""
    lang = values.get("lang")
    return cast(Lang, lang) if lang in LANGUAGES else language_from_environment()


# --------------------------------------------------------------------------- shared declarations

LANG = Option(
    "lang",
    ("--lang",),
    "choice",
    Message(
        "消息语言：zh 或 en（默认按系统语言环境，zh_* 为中文）。",
        "Language of messages: zh or en (default: from the locale, zh for zh_*).",
    ),
    LANGUAGES,
)
RULES = Option(
    "rules",
    ("--rules",),
    "text",
    Message(
        "规则包：内置规则包名称或文件夹（默认：规划所依据的框架）。",
        "Rule pack: a bundled pack name or a folder (default: the plan's framework).",
    ),
    metavar="PACK",
)
FAIL_ON = Option(
    "fail_on",
    ("--fail-on",),
    "choice",
    Message(
        "发现不低于此严重程度的问题时以 1 退出（默认：error）。",
        "Exit 1 when a finding at or above this severity is found (default: error).",
    ),
    SEVERITIES,
)
FORCE = Option(
    "force",
    ("--force",),
    "flag",
    Message("替换已存在的输出文件。", "Replace output files that already exist."),
)
NO_WAIVERS = Option(
    "no_waivers",
    ("--no-waivers",),
    "flag",
    Message("忽略规划中的豁免（用于审计）。", "Ignore the plans' waivers (for audits)."),
)
OFFICE = Option(
    "office",
    ("--office",),
    "text",
    Message(
        "审核单位：批注作者和审核意见落款（默认：plancheck.toml 中的设置，否则为 省数据资源局）。",
        "The reviewing office: comment author and signature (default: plancheck.toml, else 省数据资源局).",
    ),
    metavar="NAME",
)
REFERENCE = Option(
    "reference",
    ("--reference",),
    "text",
    Message("审核文号。", "The review's reference number (审核文号)."),
    metavar="NO",
)
DATE = Option(
    "date",
    ("--date",),
    "text",
    Message("审核日期（默认：北京时间今天）。", "The review's date (default: today in China, UTC+8)."),
    metavar="YYYY-MM-DD",
)
CONFIG = Option(
    "config",
    ("--config",),
    "path",
    Message(
        "设置文件（默认：第一个规划所在文件夹或其上级文件夹中的 plancheck.toml）。",
        "Settings file (default: plancheck.toml beside the first plan or in a folder above it).",
    ),
    metavar="FILE",
)

# --------------------------------------------------------------------------- verify's own

VERIFY_FORMAT = Option(  # diff's is a variant: its own formats
    "output_format",
    ("--format", "-f"),
    "choice",
    Message("输出格式（默认：text）。", "Output format (default: text)."),
    tuple(VERIFY_FORMATS),
)
OUTPUTS = Option(
    "outputs",
    ("--output", "-o"),
    "list",
    Message(
        "报告写入文件：PATH（格式由后缀决定，如 .html .docx .json .sarif）或 FORMAT:PATH；可重复。",
        "Write a report to a file: PATH (its format from the suffix, e.g. .html .docx .json .sarif) "
        "or FORMAT:PATH; repeatable.",
    ),
    metavar="[FORMAT:]PATH",
)
BASELINE = Option(
    "baseline",
    ("--baseline",),
    "path",
    Message("只对不在此基线文件中的问题判为失败。", "Fail only on findings not in this baseline file."),
    metavar="FILE",
)
DOCS_URL = Option(
    "docs_url",
    ("--docs-url",),
    "text",
    Message(
        "规则文档的发布地址（SARIF 的 helpUri）。", "Where the rule pages are published (SARIF helpUri)."
    ),
    metavar="URL",
)
FORMAL = Option(
    "formal",
    ("--formal",),
    "flag",
    Message(
        "将 html 和 docx 报告写成审核单位签发的正式审核意见。",
        "Write the html and docx reports as the formal review an office signs and sends.",
    ),
)
JOBS = Option(
    "jobs",
    ("--jobs", "-j"),
    "int",
    Message(
        "并行检查的进程数（默认：CPU 核数）。",
        "Plans checked in parallel processes (default: the number of cores).",
    ),
    metavar="N",
    minimum=1,
)

# --------------------------------------------------------------------------- review's own

REVIEW_OUTPUT = Option(
    "output",
    ("--output", "-o"),
    "text",  # text, not a path: a trailing separator (out/) must reach file_target to be refused
    Message("写入批注的副本（新文件，.docx）。", "The copy with the comments (a new .docx file)."),
    metavar="OUT.docx",
    required=True,
)
INITIALS = Option(
    "initials",
    ("--initials",),
    "text",
    Message("批注上的审核单位简称。", "The office's initials on the comments."),
    metavar="TEXT",
)
REVIEW_LANG = LANG.variant(
    help=Message(
        "批注语言：zh（默认，与文档一致）或 en。",
        "Language of the comments: zh (default, as the document) or en.",
    )
)

# --------------------------------------------------------------------------- matrix's and diff's own

MATRIX_OUTPUT = Option(
    "output",
    ("--output", "-o"),
    "text",  # text, not a path: a trailing separator (out/) must reach file_target to be refused
    Message(
        "矩阵写入 .html、.md、.csv 或 .xlsx 文件（默认：以 Markdown 输出到终端）。",
        "Write the matrix to a .html, .md, .csv or .xlsx file (default: Markdown to the terminal).",
    ),
    metavar="FILE",
)
DIFF_FORMAT = VERIFY_FORMAT.variant(choices=tuple(DIFF_FORMATS))
GIT = Option(
    "git",
    ("--git",),
    "text",
    Message(
        "将规划文件与它在此 git 版本中的内容比较。", "Compare PLAN with its version at this git revision."
    ),
    metavar="REV",
)
FAIL_ON_NEW = Option(
    "fail_on_new",
    ("--fail-on-new",),
    "flag",
    Message(
        "新出现不低于 --fail-on 级别的问题时以 1 退出。",
        "Exit 1 when a finding at or above --fail-on was introduced.",
    ),
)
DIFF_FAIL_ON = FAIL_ON.variant(
    help=Message(
        "--fail-on-new 计算的起始严重程度（默认：error）。",
        "The severity --fail-on-new counts from (default: error).",
    )
)

# --------------------------------------------------------------------------- the commands

VERIFY = (
    VERIFY_FORMAT,
    LANG,
    RULES,
    FAIL_ON,
    OUTPUTS,
    FORCE,
    NO_WAIVERS,
    BASELINE,
    DOCS_URL,
    FORMAL,
    OFFICE,
    REFERENCE,
    DATE,
    CONFIG,
    JOBS,
)
REVIEW = (REVIEW_OUTPUT, OFFICE, INITIALS, REFERENCE, DATE, CONFIG, FORCE, NO_WAIVERS, RULES, REVIEW_LANG)
MATRIX = (MATRIX_OUTPUT, FORCE, LANG, RULES)
DIFF = (GIT, DIFF_FORMAT, FAIL_ON_NEW, DIFF_FAIL_ON, LANG, RULES)
COMMANDS: dict[str, tuple[Option, ...]] = {"verify": VERIFY, "review": REVIEW, "matrix": MATRIX, "diff": DIFF}
