from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from plancheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PACK_DIR = ROOT / "rules" / "anhui-11171"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(*args: str | Path) -> CliResult:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


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
