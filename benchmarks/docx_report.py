"""How long the Word reports take to render, in-process (the check itself not counted).

    python benchmarks/docx_report.py [PLAN] [--runs 20] [--profile] [--cli N]

Checks PLAN (default examples/fuyang.yaml) once, then renders its Word report (`-o gap.docx`)
and its formal Word report (`--formal -o gap.docx`) RUNS times each, in Chinese. Prints, per
report, the median and the range of wall time and of process CPU time per render, and the
number of paragraphs written. With --profile, prints cProfile's 15 most expensive functions
(cumulative) of one more render of each. With --cli N, also times N whole runs of
`python -m plancheck verify PLAN -o gap.docx` (wall, and the CPU time of the child process),
with the plancheck of this checkout.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plancheck.engine.findings import RunReport  # noqa: E402
from plancheck.portfolio.pipeline import PackCache, verify_path  # noqa: E402
from plancheck.report import RenderContext, Signing  # noqa: E402
from plancheck.report.docx import render  # noqa: E402
from plancheck.report.formal import render_docx  # noqa: E402


def _paragraphs(data: bytes) -> int:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = sum(len(c.paragraphs) for t in document.tables for r in t.rows for c in r.cells)
    return len(document.paragraphs) + cells


def _measure(name: str, work: Callable[[], bytes], runs: int, profile: bool) -> None:
    data = work()  # warm: python-docx imported, its template read once
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    ms = [1000 * w for w in walls]
    cpu_ms = [1000 * c for c in cpus]
    print(
        f"{name}: {_paragraphs(data)} paragraphs; wall median {statistics.median(ms):.0f} ms "
        f"({min(ms):.0f}–{max(ms):.0f}), CPU median {statistics.median(cpu_ms):.0f} ms "
        f"({min(cpu_ms):.0f}–{max(cpu_ms):.0f}) over {runs} renders"
    )
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(work)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
        print(out.getvalue())


def _cli(plan: str, runs: int) -> None:
    walls, cpus = [], []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        for index in range(runs):
            command = [sys.executable, "-m", "plancheck", "verify", plan, "-o", f"{folder}/{index}.docx"]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = time.perf_counter()
            subprocess.run([*command, "--lang", "zh"], check=True, env=env, stdout=subprocess.DEVNULL)
            walls.append(1000 * (time.perf_counter() - wall))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(1000 * (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
    print(
        f"plancheck verify PLAN -o gap.docx: wall median {statistics.median(walls):.0f} ms "
        f"({min(walls):.0f}–{max(walls):.0f}), CPU median {statistics.median(cpus):.0f} ms "
        f"({min(cpus):.0f}–{max(cpus):.0f}) over {runs} runs"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", nargs="?", default=str(ROOT / "examples" / "fuyang.yaml"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cli", type=int, default=0, metavar="N")
    args = parser.parse_args()
    run = RunReport(version="bench", reports=[verify_path(Path(args.plan), PackCache())])
    context = RenderContext(lang="zh", signing=Signing(date="2026-12-08"))
    _measure("gap report (-o gap.docx)", lambda: render(run, context), args.runs, args.profile)
    _measure(
        "formal report (--formal -o gap.docx)", lambda: render_docx(run, context), args.runs, args.profile
    )
    if args.cli:
        _cli(args.plan, args.cli)
    return 0


if __name__ == "__main__":
    sys.exit(main())
