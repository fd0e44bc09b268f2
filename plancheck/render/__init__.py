"""Renderers: one module per output format, each with ``render(run, context) -> str``.

The table below is the only place formats are listed; it also feeds ``--format``. Modules are
imported only when their format is asked for, so that a JSON run never imports rich.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from plancheck.findings import RunReport
from plancheck.i18n import Lang


@dataclass(frozen=True)
class RenderContext:
    lang: Lang
    exit_code: int
    color: bool = False
    width: int = 100


class Renderer(Protocol):
    def __call__(self, run: RunReport, context: RenderContext) -> str: ...


RENDERERS: dict[str, str] = {
    "text": "plancheck.render.text",
    "json": "plancheck.render.json_report",
}


def renderer(name: str) -> Renderer:
    module = importlib.import_module(RENDERERS[name])
    return module.render  # type: ignore[no-any-return]
