"""Speed and memory of plancheck on this machine, as figures (not a pass/fail test).

    python benchmarks/speed.py [--runs 20] [--sizes 1000,10000] [--repeats 3] [--formats json,text]
                               [--plancheck PATH]

Prints: the cold-start wall time of `plancheck verify examples/fuyang.yaml --format json`
(median of --runs runs) against the floor `python -c "import yaml"` measured in the same run,
and their ratio; for reference, the import of the libraries such a run needs (pydantic-core's
compiled extension and regex, on top of yaml; jsonpath-rfc9535 only when a pack is compiled);
then, for generated plans (benchmarks/generate_plans.py), throughput with --jobs 1 and --jobs 2,
for each of --formats (JSON, and text, the default format), as the median of --repeats runs,
then the range (a run of a few seconds on a shared machine is easily slowed), and the highest
peak RSS of those runs (the process and its workers).

Before measuring, the package's bytecode is compiled, as `pip install` does: an editable
install under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every run.
Targets (issue "many plans"): cold start <= 3.5 x the floor; >= 500 plans/s over 1,000 plans
with --jobs 2, linear from 1,000 to 10,000; peak RSS <= 80 MB for one plan, <= 200 MB for 10,000.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_plans import generate  # noqa: E402


def timed(command: list[str]) -> tuple[float, int]:
    """(wall seconds, exit code) of one run."""
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started, result.returncode


def peak_rss(command: list[str]) -> tuple[float, float, int]:
    """Wall time and peak RSS (MB) of a command, measured by GNU time in its own process."""
    time_binary = shutil.which("time") or "/usr/bin/time"
    if not Path(time_binary).exists():
        wall, code = timed(command)
        return wall, float("nan"), code
    with tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        result = subprocess.run(
            [time_binary, "-f", "%M", "-o", report.name, *command],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
        )  # fmt: skip
        wall = time.perf_counter() - started
        kilobytes = float(report.read().strip().splitlines()[-1] or "nan")
    return wall, kilobytes / 1024, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each batch; the median is shown, then the range"
    )
    parser.add_argument("--formats", default="json,text", help="output formats of the batch runs")
    parser.add_argument("--plancheck", default=shutil.which("plancheck") or "plancheck")
    args = parser.parse_args()
    plancheck = [args.plancheck] if Path(args.plancheck).exists() else [sys.executable, "-m", "plancheck"]
    python = sys.executable

    package = subprocess.run(
        [python, "-c", "import plancheck, os; print(os.path.dirname(plancheck.__file__))"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout.strip()  # fmt: skip
    compileall.compile_dir(package, quiet=1)
    single = [*plancheck, "verify", "examples/fuyang.yaml", "--format", "json"]
    subprocess.run(
        single, stdout=subprocess.DEVNULL, cwd=ROOT
    )  # warm the pack cache, as any second run has it
    libraries = [  # what a plain verify loads of them: pydantic-core's compiled extension alone
        python, "-c",
        "import yaml, regex; from plancheck.plan.core_library import extension; extension()",
    ]  # fmt: skip
    floor, needed, cold = [], [], []
    for _ in range(args.runs):  # interleaved, so that a noisy moment touches all three alike
        floor.append(timed([python, "-c", "import yaml"])[0])
        needed.append(timed(libraries)[0])
        cold.append(timed(single)[0])
    _, rss_one, _ = peak_rss(single)
    floor_ms, cold_ms = statistics.median(floor) * 1000, statistics.median(cold) * 1000
    needed_ms = statistics.median(needed) * 1000
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"floor   python -c 'import yaml'            median {floor_ms:6.1f} ms over {args.runs} runs")
    print(
        f"needed  + pydantic-core's extension, regex median {needed_ms:6.1f} ms "
        f"({needed_ms / floor_ms:.2f} x the floor: the libraries a verify imports)"
    )
    print(f"verify  examples/fuyang.yaml --format json  median {cold_ms:6.1f} ms over {args.runs} runs")
    print(f"ratio   {cold_ms / floor_ms:.2f} x the floor (target <= 3.5)")
    print(f"peak RSS, one plan: {rss_one:.1f} MB (target <= 80)")

    with tempfile.TemporaryDirectory() as workdir:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(workdir) / f"plans-{size}"
            generate(size, folder)
            for output_format in args.formats.split(","):
                for jobs in (1, 2):
                    command = [*plancheck, "verify", str(folder), "--format", output_format]
                    runs = [peak_rss([*command, "--jobs", str(jobs)]) for _ in range(args.repeats)]
                    walls = [wall for wall, _, _ in runs]
                    wall = statistics.median(walls)
                    rates = f"{size / max(walls):.0f}-{size / min(walls):.0f}" if args.repeats > 1 else ""
                    print(
                        f"{size:6d} plans  {output_format:4s} --jobs {jobs}: {wall:7.2f} s  "
                        f"{size / wall:7.0f} plans/s {rates:>9}  "
                        f"peak RSS {max(rss for _, rss, _ in runs):6.1f} MB  (exit {runs[0][2]})"
                    )


if __name__ == "__main__":
    main()
