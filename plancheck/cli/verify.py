"""``plancheck verify`` itself: the options it takes (``OPTIONS``, declared once in
``cli.options`` with those the other commands share) and what it does with them (``run``).

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
from typing import Any

from plancheck.cli.options import VERIFY, checked, value_of
from plancheck.errors import EXIT_INPUT, PlancheckError, Problem, UsageError
from plancheck.i18n import Lang, Message, language_from_environment
from plancheck.report import FORMAL_FORMATS, VERIFY_FORMATS, Format, output_targets


@dataclass
class VerifyOptions:
    """The options of a ``verify`` call, as typer or the plain parser read them."""

    plans: list[Path]
    output_format: str | None = None  # None: text
    lang: Lang | None = None
    rules: str | None = None
    fail_on: str = "error"
    outputs: list[str] = field(default_factory=list)
    force: bool = False
    no_waivers: bool = False
    baseline: Path | None = None
    docs_url: str | None = None
    jobs: int | None = None
    formal: bool = False
    office: str | None = None
    reference: str | None = None
    date: str | None = None
    config: Path | None = None


def show_progress(count: int) -> bool:
    """A progress bar on stderr for a large batch at a terminal; never in CI logs."""
    return count >= 50 and sys.stderr.isatty() and not os.environ.get("CI")


def run(options: VerifyOptions) -> int:
    """Check the plans and write the reports; the exit code (an input error is printed)."""
    from plancheck.pack.location import pack_folders
    from plancheck.portfolio.batch import default_jobs
    from plancheck.portfolio.pipeline import PackCache
    from plancheck.portfolio.runner import VerifyRun, run_verify
    from plancheck.read.inputs import expand_inputs
    from plancheck.report.write import check_targets

    language = options.lang if options.lang is not None else language_from_environment()
    try:
        plans = expand_inputs(options.plans)
        inputs = [*plans, *([options.baseline] if options.baseline else []), *pack_folders(options.rules)]
        output_format = VERIFY_FORMATS[options.output_format or "text"]
        targets = output_targets(options.outputs, VERIFY_FORMATS, output_format.name)
        check_targets([target for _, target in targets], force=options.force, inputs=inputs)
        if output_format.binary and not any(fmt.name == output_format.name for fmt, _ in targets):
            raise UsageError(
                Problem(
                    f"--format {output_format.name}",
                    Message(
                        f"{output_format.name} 是二进制格式：请用 -o 文件{output_format.suffixes[0]} 写入文件",
                        f"{output_format.name} is binary: write it to a file with -o PATH{output_format.suffixes[0]}",
                    ),
                )
            )
        signing = None
        if options.formal:
            targets = _formal(targets)
            from plancheck.portfolio.signing import load_signing

            signing = load_signing(
                options.plans,
                config=options.config,
                office=options.office,
                reference=options.reference,
                date=options.date,
            )
        job = VerifyRun(
            plans=plans,
            output_format=output_format,
            # the terminal shows the --format report unless -o writes it: a plain -o PATH (its
            # format from its suffix) takes the terminal's place; -o FORMAT:PATH adds a report
            terminal=not any(fmt.name == output_format.name for fmt, _ in targets)
            and all(value.partition(":")[0] in VERIFY_FORMATS for value in options.outputs),
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
            signing=signing,
        )
        return run_verify(job)
    except PlancheckError as exc:
        print(exc.format(language), file=sys.stderr)
        return EXIT_INPUT


def _formal(targets: list[tuple[Format, Path]]) -> list[tuple[Format, Path]]:
    """--formal: the html and docx reports become the signed review (the other formats stay)."""
    if not any(fmt.name in FORMAL_FORMATS for fmt, _ in targets):
        raise UsageError(
            Problem(
                "--formal",
                Message(
                    "--formal 用于 Word 或网页审核意见: 请加 -o 审核意见.docx 或 -o 审核意见.html",
                    "--formal is for the Word or HTML review: add -o review.docx or -o review.html",
                ),
                code="usage",
            )
        )
    return [(FORMAL_FORMATS.get(fmt.name, fmt), path) for fmt, path in targets]


# --------------------------------------------------------------------------- the options

OPTIONS = VERIFY  # declared in cli.options, with the other commands' options
PLANS_HELP = Message(
    "规划文件（YAML），或先提取再检查的规划文档（.docx、.txt、.md）。",
    "Plan files (YAML), or plan documents (.docx, .txt, .md) to extract first.",
)
_BY_FLAG = {flag: option for option in OPTIONS for flag in option.flags}


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
        value = value_of(option, text)
        if value is None:
            return None
        if option.kind == "list":
            options.outputs.append(text)
        else:
            setattr(options, option.field, value)
    return options if options.plans else None


def from_typer(values: dict[str, Any]) -> VerifyOptions:
    """The options of a call typer read (choices and numbers come as text, and are checked here,
    so that these messages are plancheck's own, in both languages); UsageError when one is invalid."""
    options = VerifyOptions(plans=list(values["plans"]), outputs=list(values.get("outputs") or []))
    for option in OPTIONS:
        value = values.get(option.field)
        if value is not None and option.kind != "list":
            setattr(options, option.field, checked(option, value))
    return options
