"""GitHub Actions workflow commands: one annotation per finding that counts, on the file and
line, so that gaps show on the pull request's diff."""

from __future__ import annotations

import sys

from plancheck.engine.findings import PlanReport, RunReport
from plancheck.errors import visible
from plancheck.report import RenderContext, streamed
from plancheck.report.labels import HEADINGS as H
from plancheck.report.labels import REQUIREMENT_STATUS, summary_line

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """A command's message: its control characters (from plans) shown as escapes, line breaks
    and percent signs encoded as the workflow commands want them."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def stream_open(run: RunReport, context: RenderContext) -> str:
    return ""


SEPARATOR = ""


def stream_plan(report: PlanReport, context: RenderContext) -> str:
    lang = context.lang
    lines = []
    for f in report.findings:
        if not f.counts:
            continue
        props = ",".join(
            [
                f"file={_property(f.file)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_property(f'{f.rule_id} {f.title.pick(lang)}')}",
            ]
        )
        text = f"{f.message.pick(lang)}: {f.detail.pick(lang)}\n{f.fix.pick(lang)}"
        lines.append(f"::{COMMAND[f.severity]} {props}::{_data(text)}")
    matrix = " ".join(f"{req.id}:{REQUIREMENT_STATUS[req.status].pick(lang)}" for req in report.requirements)
    summary = f"{summary_line(report.counts()).pick(lang)}\n{H['matrix'].pick(lang)}: {matrix}"
    lines.append(f"::notice title={_property(report.file)}::{_data(summary)}")
    return "".join(line + "\n" for line in lines)


def stream_close(run: RunReport, context: RenderContext, plans: int) -> str:
    lines = []
    for problem in run.errors:
        props = [f"file={_property(problem.file)}"]
        if problem.line:
            props.append(f"line={problem.line}")
        if problem.column:
            props.append(f"col={problem.column}")
        lines.append(f"::error {','.join(props)}::{_data(problem.message.pick(context.lang))}")
    return "".join(line + "\n" for line in lines)


def render(run: RunReport, context: RenderContext) -> str:
    return streamed(sys.modules[__name__], run, context)
