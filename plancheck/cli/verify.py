"""``plancheck verify`` itself: the options it takes (declared once, in ``OPTIONS``) and what it
does with them (``run``).

``cli.app`` makes typer's command from ``OPTIONS`` (help, usage errors, completion). The entry
point (``cli.launcher``) first tries ``parse_plain``, made from the same ``OPTIONS``: a call whose
every argument is well-formed (what pre-commit hooks and CI write) then starts without importing
typer, which costs about as much as the rest of a one-plan run; anything else, including every
mistake, goes to typer, which reports it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from plancheck.errors import EXIT_INPUT, PlancheckError, Problem, UsageError
from plancheck.i18n import Lang, Message, language_from_environment
from plancheck.report import RENDERERS

LANGUAGES = ("zh", "en")
SEVERITIES = ("error", "warning", "info")


@dataclass
class VerifyOptions:
    """The options of a ``verify`` call, as typer or the plain parser read them."""

    plans: list[Path]
    output_format: str = "text"
    lang: Lang | None = None
    rules: str | None = None
    fail_on: str = "error"
    outputs: list[str] = field(default_factory=list)
    force: bool = False
    no_waivers: bool = False
    baseline: Path | None = None
    docs_url: str | None = None
    jobs: int | None = None


def show_progress(count: int) -> bool:
    """A progress bar on stderr for a large batch at a terminal; never in CI logs."""
    return count >= 50 and sys.stderr.isatty() and not os.environ.get("CI")


def output_targets(values: list[str], default_format: str) -> list[tuple[str, Path]]:
    """Each --output value as (format, path): FORMAT:PATH, or PATH in the --format."""
    targets = []
    for value in values:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in RENDERERS:
            name, path = prefix, rest
        else:
            name, path = default_format, value
        if not path:
            known = ", ".join(RENDERERS)
            raise UsageError(
                Problem(
                    value,
                    Message(
                        f"--output 需要文件路径 (格式: {known})",
                        f"--output needs a file path (formats: {known})",
                    ),
                )
            )
        if path.endswith(("/", os.sep)):  # Path() would drop it, and write a file named so
            raise UsageError(
                Problem(
                    value,
                    Message(
                        "路径以分隔符结尾: 请给出文件名, 而不是目录",
                        "the path ends in a separator: give a file name, not a folder",
                    ),
                    code="output",
                )
            )
        targets.append((name, Path(path)))
    return targets


def run(options: VerifyOptions) -> int:
    """Check the plans and write the reports; the exit code (an input error is printed)."""
    from plancheck.pack.location import pack_folders
    from plancheck.portfolio.batch import default_jobs
    from plancheck.portfolio.pipeline import PackCache
    from plancheck.portfolio.runner import VerifyRun, run_verify
    from plancheck.read.inputs import expand_inputs
    from plancheck.report.write import check_targets

    language: Lang = options.lang if options.lang is not None else language_from_environment()
    try:
        plans = expand_inputs(options.plans)
        inputs = [*plans, *([options.baseline] if options.baseline else []), *pack_folders(options.rules)]
        targets = output_targets(options.outputs, options.output_format)
        check_targets([target for _, target in targets], force=options.force, inputs=inputs)
        if options.output_format == "docx" and not any(name == "docx" for name, _ in targets):
            raise UsageError(
                Problem(
                    "--format docx",
                    Message(
                        "docx 是二进制格式: 请用 -o docx:文件 写入文件",
                        "docx is binary: write it with -o docx:PATH",
                    ),
                )
            )
        job = VerifyRun(
            plans=plans,
            output_format=options.output_format,
            lang=language,
            packs=PackCache.with_rules(options.rules),
            fail_on=options.fail_on,
            targets=targets,
            force=options.force,
            use_waivers=not options.no_waivers,
            baseline=options.baseline,
            docs_url=options.docs_url,
            jobs=options.jobs if options.jobs is not None else default_jobs(),
            progress=show_progress(len(plans)),
            inputs=inputs,
        )
        return run_verify(job)
    except PlancheckError as exc:
        print(exc.format(language), file=sys.stderr)
        return EXIT_INPUT


# --------------------------------------------------------------------------- the options

Kind = Literal["choice", "text", "path", "int", "flag", "list"]


@dataclass(frozen=True)
class Option:
    """One option of ``verify``, declared once: typer's command (help, usage errors, completion)
    and the plain parser are both made from these."""

    field: str  # the VerifyOptions field it sets
    flags: tuple[str, ...]
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()
    metavar: str | None = None
    minimum: int | None = None


OPTIONS: tuple[Option, ...] = (
    Option("output_format", ("--format", "-f"), "choice", "Output format.", tuple(RENDERERS)),
    Option(
        "lang",
        ("--lang",),
        "choice",
        "Language of messages: zh or en (default: from the locale, zh for zh_*).",
        LANGUAGES,
    ),
    Option(
        "rules",
        ("--rules",),
        "text",
        "Rule pack: a bundled pack name or a folder (default: the plan's framework).",
        metavar="PACK",
    ),
    Option(
        "fail_on",
        ("--fail-on",),
        "choice",
        "Exit 1 when a finding at or above this severity is found.",
        SEVERITIES,
    ),
    Option(
        "outputs",
        ("--output", "-o"),
        "list",
        "Write a report to a file instead of the terminal: PATH (in --format) or FORMAT:PATH; repeatable.",
        metavar="[FORMAT:]PATH",
    ),
    Option("force", ("--force",), "flag", "Replace report files that already exist."),
    Option("no_waivers", ("--no-waivers",), "flag", "Ignore the plans' waivers (for audits)."),
    Option(
        "baseline",
        ("--baseline",),
        "path",
        "Fail only on findings not in this baseline file.",
        metavar="FILE",
    ),
    Option(
        "docs_url",
        ("--docs-url",),
        "text",
        "Where the rule pages are published (SARIF helpUri).",
        metavar="URL",
    ),
    Option(
        "jobs",
        ("--jobs", "-j"),
        "int",
        "Plans checked in parallel processes (default: the number of cores).",
        minimum=1,
    ),
)
PLANS_HELP = "Plan files (YAML), or plan documents (.docx, .txt, .md) to extract first."
_BY_FLAG = {flag: option for option in OPTIONS for flag in option.flags}


def _value(option: Option, text: str) -> object | None:
    """An option's value as typer would pass it, or None when typer should judge it."""
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


def parse_plain(argv: list[str]) -> VerifyOptions | None:
    """The options of ``verify …`` when every argument is one of ``OPTIONS`` and every value is
    valid; None otherwise: the full command line (typer) takes over, and reports any mistake.
    It lets the common calls (what pre-commit hooks and CI write) start without typer."""
    if not argv or argv[0] != "verify":
        return None
    options = VerifyOptions(plans=[])
    rest = argv[1:]
    index = 0
    while index < len(rest):
        token = rest[index]
        index += 1
        if token == "-" or not token.startswith("-"):
            if token == "-":
                return None
            options.plans.append(Path(token))
            continue
        name, equals, attached = token.partition("=")
        option = _BY_FLAG.get(name)
        if option is None or (equals and not name.startswith("--")):
            return None  # --help, --, unknown or abbreviated options: typer's to answer
        if option.kind == "flag":
            if equals:
                return None
            setattr(options, option.field, True)
            continue
        if equals:
            text = attached
        elif index < len(rest):
            text = rest[index]
            index += 1
        else:
            return None
        value = _value(option, text)
        if value is None:
            return None
        if option.kind == "list":
            options.outputs.append(text)
        else:
            setattr(options, option.field, value)
    return options if options.plans else None
