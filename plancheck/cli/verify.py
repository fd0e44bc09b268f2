"""``plancheck verify`` itself: the options it takes and what it does with them.

``cli.py`` declares the command for typer (help, usage errors, completion) and calls ``run``.
``parse_plain`` reads the common calls (paths and the usual options, as pre-commit hooks and CI
write them) without typer, so that they start fast; anything it does not fully understand,
including every mistake, is left to typer, which reports it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

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
        targets.append((name, Path(path)))
    return targets


def run(options: VerifyOptions) -> int:
    """Check the plans and write the reports; the exit code (an input error is printed)."""
    from plancheck.portfolio.batch import default_jobs
    from plancheck.portfolio.pipeline import PackCache
    from plancheck.portfolio.runner import VerifyRun, run_verify
    from plancheck.read.inputs import expand_inputs
    from plancheck.report.write import check_target

    language: Lang = options.lang if options.lang is not None else language_from_environment()
    try:
        plans = expand_inputs(options.plans)
        inputs = [*plans, *([options.baseline] if options.baseline else [])]
        targets = output_targets(options.outputs, options.output_format)
        for _, target in targets:
            check_target(target, force=options.force, inputs=inputs)
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


# --------------------------------------------------------------------------- plain calls

# option names → the field of VerifyOptions they set (values are read by _value); flags apart
_VALUED = {
    "--format": "output_format",
    "-f": "output_format",
    "--lang": "lang",
    "--rules": "rules",
    "--fail-on": "fail_on",
    "--output": "outputs",
    "-o": "outputs",
    "--baseline": "baseline",
    "--docs-url": "docs_url",
    "--jobs": "jobs",
    "-j": "jobs",
}
_FLAGS = {"--force": "force", "--no-waivers": "no_waivers"}


def _value(name: str, text: str) -> object | None:
    """An option's value as typer would pass it, or None when typer should judge it."""
    if name == "output_format":
        return text if text in RENDERERS else None
    if name == "lang":
        return text if text in LANGUAGES else None
    if name == "fail_on":
        return text if text in SEVERITIES else None
    if name == "jobs":
        return int(text) if text.isascii() and text.isdigit() and int(text) >= 1 else None
    if name == "baseline":
        return Path(text) if text else None
    return text


def parse_plain(argv: list[str]) -> VerifyOptions | None:
    """The options of ``verify …`` when every argument is one this parser knows and every
    value is valid; None otherwise (the full command line takes over)."""
    if not argv or argv[0] != "verify":
        return None
    options = VerifyOptions(plans=[])
    rest = argv[1:]
    index = 0
    while index < len(rest):
        token = rest[index]
        index += 1
        if not token.startswith("-") or token == "-":
            if token == "-":
                return None
            options.plans.append(Path(token))
            continue
        name, equals, attached = token.partition("=")
        if name in _FLAGS and not equals:
            setattr(options, _FLAGS[name], True)
            continue
        if name not in _VALUED or (equals and not name.startswith("--")):
            return None  # --help, --, unknown or abbreviated options: typer's to answer
        if equals:
            text = attached
        elif index < len(rest):
            text = rest[index]
            index += 1
        else:
            return None
        target = _VALUED[name]
        value = _value(target, text)
        if value is None:
            return None
        if target == "outputs":
            options.outputs.append(text)
        else:
            setattr(options, target, value)
    return options if options.plans else None
