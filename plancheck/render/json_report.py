"""JSON: the run as one document (shape documented in README, ``format_version`` 1). Written
plan by plan, so that a large batch is never held in memory as a whole."""

from __future__ import annotations

import json

from plancheck.findings import REPORT_FORMAT_VERSION, PlanReport, RunReport
from plancheck.render import RenderContext


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _indented(text: str, by: str) -> str:
    return text.replace("\n", "\n" + by)


def stream_open(run: RunReport, context: RenderContext) -> str:
    head = {
        "tool": "plancheck",
        "version": run.version,
        "format_version": REPORT_FORMAT_VERSION,
        "language": context.lang,
    }
    inner = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items())
    return "{\n" + inner + ',\n  "plans": ['


def stream_plan(report: PlanReport, context: RenderContext, index: int) -> str:
    return ("," if index else "") + "\n    " + _indented(_dump(report.as_dict(context.lang)), "    ")


def stream_close(run: RunReport, context: RenderContext, plans: int) -> str:
    tail = run.as_dict(context.lang, context.exit_code)
    keys = ["errors", "warnings", *(["baseline"] if "baseline" in tail else []), "exit_code"]
    body = ",\n".join(f"  {json.dumps(k)}: {_indented(_dump(tail[k]), '  ')}" for k in keys)
    return ("\n  ]" if plans else "]") + ",\n" + body + "\n}\n"


def render(run: RunReport, context: RenderContext) -> str:
    parts = [stream_open(run, context)]
    parts += [stream_plan(report, context, i) for i, report in enumerate(run.reports)]
    parts.append(stream_close(run, context, len(run.reports)))
    return "".join(parts)
