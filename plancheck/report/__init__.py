"""Renderers: one module per output format, each with ``render(run, context) -> str | bytes``.

The table below is the only place formats are listed; it also feeds ``--format``. Modules are
imported only when their format is asked for, so that a JSON run never imports rich.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Protocol

from plancheck.engine.findings import RunReport
from plancheck.i18n import Lang


@dataclass(frozen=True)
class RenderContext:
    """What every renderer is told besides the report: language, exit code and layout."""

    lang: Lang
    exit_code: int
    color: bool = False
    width: int = 100
    docs_url: str | None = None  # where rule pages are published (SARIF helpUri)
    plans: int = 1  # how many plans the run checks: a large run may be written another way


class Renderer(Protocol):
    """A report format: text formats return str, binary ones (docx) bytes."""

    def __call__(self, run: RunReport, context: RenderContext) -> str | bytes: ...


RENDERERS: dict[str, str] = {
    "text": "plancheck.report.text",
    "json": "plancheck.report.json_report",
    "sarif": "plancheck.report.sarif",
    "junit": "plancheck.report.junit",
    "github": "plancheck.report.github",
    "markdown": "plancheck.report.markdown",
    "html": "plancheck.report.html",
    "docx": "plancheck.report.docx",
}


STREAMING = ("text", "json", "github")  # formats that can be written plan by plan


def streamer(name: str) -> Any:
    """The module of a streaming format: stream_open, stream_plan (one plan, whatever its
    place), SEPARATOR (between two plans) and stream_close."""
    return importlib.import_module(RENDERERS[name])


def streamed(module: Any, run: RunReport, context: RenderContext) -> str:
    """A streaming format's whole report, from its parts."""
    plans = module.SEPARATOR.join(module.stream_plan(report, context) for report in run.reports)
    return module.stream_open(run, context) + plans + module.stream_close(run, context, len(run.reports))


def renderer(name: str) -> Renderer:
    module = importlib.import_module(RENDERERS[name])
    return module.render  # type: ignore[no-any-return]
