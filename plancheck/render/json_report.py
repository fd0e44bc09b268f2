"""JSON: the run as one document (shape documented in README, ``format_version`` 1)."""

from __future__ import annotations

import json

from plancheck.findings import RunReport
from plancheck.render import RenderContext


def render(run: RunReport, context: RenderContext) -> str:
    return json.dumps(run.as_dict(context.lang, context.exit_code), ensure_ascii=False, indent=2) + "\n"
