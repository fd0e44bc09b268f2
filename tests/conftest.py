from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from plancheck.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PACK_DIR = ROOT / "rules" / "anhui-11171"


def catalogue() -> list[str]:
    """The catalogue ids of the bundled Anhui pack, in its order: what tests compare reports
    with, read from the pack rather than pinned, so that a requirement added to the pack breaks
    no test that is not about it."""
    from plancheck.pack.load import load_pack

    return list(load_pack(PACK_DIR).requirements)


# the installed command's entry point, run as `python -c ENTRY_POINT ARGS…`
ENTRY_POINT = "import sys\nfrom plancheck.cli.launcher import main\nsys.argv[0] = 'plancheck'\nmain()\n"
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory):
    """The tests (and the commands they start) keep their cache in a temporary folder, never in
    the user's own ~/.cache/plancheck."""
    import os

    os.environ["PLANCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("plancheck-cache"))


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class _Runner(CliRunner):
    """Typer's test runner, with stderr kept apart from stdout and all of it read, as Click 8.2+
    (and the Click that newer Typer bundles) does by itself. Click 8.0-8.1 mixes the two unless
    told not to, and reads stderr without flushing it, losing what ``print(file=sys.stderr)``
    left in the buffer: there, stderr is written through."""

    def __init__(self) -> None:
        try:
            super().__init__(mix_stderr=False)  # type: ignore[call-arg]
        except TypeError:  # Click 8.2+: always apart, no such argument
            super().__init__()

    @contextlib.contextmanager
    def isolation(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        with super().isolation(*args, **kwargs) as streams:
            sys.stderr.reconfigure(write_through=True)  # type: ignore[union-attr]
            yield streams


def run_cli(*args: str | Path) -> CliResult:
    result = _Runner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by playwright (skipped where either is missing)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()


def watched_page(browser) -> tuple[Any, list[str], list[str]]:
    """A new page, with the lists its console errors and its requests are collected into."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    return page, errors, requests


@pytest.fixture
def cli():
    return run_cli


def findings_of(result: CliResult) -> list[tuple[str, int]]:
    """(rule id, line) of every finding of a JSON run, in report order."""
    return [(f["rule"], f["line"]) for plan in result.json()["plans"] for f in plan["findings"]]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    figures = getattr(config, "_plancheck_fuzz", None)
    if figures:
        terminalreporter.write_line(
            "fuzz: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in figures.items())
        )
