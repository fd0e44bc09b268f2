"""JSON: the run as one document (shape documented in docs/outputs.md, ``format_version`` 1). Written
plan by plan, so that a large batch is never held in memory as a whole; each plan is one
compact line (indented output is some three times slower to write), the rest indented.
``jq .`` shows it all indented.

A plan's line is encoded by orjson when the run has several plans (some five times faster than
the json module: in a batch, encoding took a tenth of the time a plan takes), and by the json
module for a single plan, where orjson's import (it brings the uuid and platform modules) would
cost more than it saves. For a report's values (text, integers, booleans, null, lists and
objects) the two write the same bytes; a test holds them to it."""

from __future__ import annotations

import json
import sys

from plancheck.engine.findings import REPORT_FORMAT_VERSION, PlanReport, RunReport
from plancheck.report import RenderContext, streamed


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _indented(text: str, by: str) -> str:
    return text.replace("\n", "\n" + by)


def _line(value: object, context: RenderContext) -> str:
    if context.plans > 1:
        from orjson import dumps

        return dumps(value).decode("utf-8")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def stream_open(run: RunReport, context: RenderContext) -> str:
    if context.plans > 1:
        import orjson  # noqa: F401  (imported before parallel workers fork, so that they inherit it)

    head = {
        "tool": "plancheck",
        "version": run.version,
        "format_version": REPORT_FORMAT_VERSION,
        "language": context.lang,
    }
    inner = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items())
    return "{\n" + inner + ',\n  "plans": ['


SEPARATOR = ","  # between two plans


def stream_plan(report: PlanReport, context: RenderContext) -> str:
    return "\n    " + _line(report.as_dict(context.lang), context)


def stream_close(run: RunReport, context: RenderContext, plans: int) -> str:
    tail = run.as_dict(context.lang, context.exit_code)
    keys = ["errors", "warnings", *(["baseline"] if "baseline" in tail else []), "exit_code"]
    body = ",\n".join(f"  {json.dumps(k)}: {_indented(_dump(tail[k]), '  ')}" for k in keys)
    return ("\n  ]" if plans else "]") + ",\n" + body + "\n}\n"


def render(run: RunReport, context: RenderContext) -> str:
    return streamed(sys.modules[__name__], run, context)
