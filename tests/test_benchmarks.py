"""benchmarks/speed.py runs end to end on a tiny batch: every table is printed, and every command
it measured ran to a verdict (exit 0 or 1), not to an error that would make its figures
meaningless. No timing is asserted: the figures depend on the machine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_speed_smoke_run_prints_every_table_and_measures_only_successful_runs() -> None:
    command = [sys.executable, "benchmarks/speed.py", "--runs", "1", "--sizes", "6,12", "--repeats", "1"]
    result = subprocess.run(
        [*command, "--formats", "json", "--breakdown"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for heading in (
        "## Cold start (1 interleaved rounds)",
        "## Where a cold verify's CPU time goes",
        "## Batches of generated plans",
        "## From 6 to 12 plans",
    ):
        assert heading in out
    rows = {
        "verify examples/fuyang.yaml": 2,  # the text run, and the --format json run
        "+ the run: verify examples/fuyang.yaml": 1,
        "6 verify --format json --jobs 1": 1,
        "12 verify --format json --jobs 2": 1,
        "12 matrix": 1,
    }
    for row, count in rows.items():
        found = [line for line in out.splitlines() if line.strip().startswith(row)]
        assert len(found) == count, (row, out)
        for line in found:  # the exit codes the run gave, last on the row
            assert re.search(r"\s(0|1|0,1)$", line), line
    assert re.search(r"ratio to the floor, verify examples/fuyang.yaml: .* x by wall, .* x by CPU", out)


def test_speed_help() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/speed.py", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    for option in ("--runs", "--sizes", "--repeats", "--formats", "--plancheck", "--breakdown"):
        assert option in result.stdout
