"""Speed and memory of plancheck on this machine, as figures (not a pass/fail test).

    python benchmarks/speed.py [--runs 20] [--sizes 1000,10000] [--repeats 3] [--formats json,text]
                               [--plancheck PATH] [--breakdown]

Measures, and prints as the median and the range [lowest-highest] of its runs:

- cold start: `plancheck verify examples/fuyang.yaml` (text, the default) and with
  `--format json`, against the floor `python -c "import yaml"`, each --runs times; the ratio to
  the floor by wall time and by CPU time (the median of each round's ratio);
- batches of plans made by benchmarks/generate_plans.py, for each of --sizes: `verify DIR` with
  --jobs 1 and --jobs 2, for each of --formats, and `plancheck matrix DIR`, each --repeats times:
  plans per second of wall time, plans per CPU-second (the honest "per core" figure), and peak
  memory; then how the CPU time per plan grows from the smallest size to the largest.

How it measures, and the limits of that:

- Interleaved rounds. The commands of one table run round by round: each round runs every
  command once, in an order rotated by one each round, so that a busy moment of this shared
  machine falls on all of them alike, and no command always runs first (cold disk caches) or
  after the same neighbour.
- CPU time is user + system time of the process and of every descendant it waited for, as
  os.wait4 reports it for the child (Linux fills it as getrusage(RUSAGE_BOTH)): plancheck's
  worker processes are joined, so they are counted. A descendant left running or never waited
  for would not be. CPU time does not grow when the machine is busy (wall time does), but it
  does include time lost to cache misses caused by the neighbours.
- Memory is the peak of the whole process tree: the resident set (RSS) of the command and all
  its descendants (found through /proc/PID/task/TID/children), summed, read from
  /proc/PID/smaps_rollup every 5 ms by a thread of this script; the figure is that sampled peak,
  or the largest single process's exact peak (ru_maxrss from wait4) when that is higher. Beside
  it, the peak of the summed PSS (each shared page divided among the processes sharing it).
  Limits: a peak shorter than 5 ms can fall between samples; RSS counts the pages a forked
  worker still shares with its parent once in each process, so the RSS sum is an upper bound of
  the memory used and the PSS sum is closer to it; without /proc (not Linux) the tree is not
  sampled and only ru_maxrss is shown. The sampling thread costs this script some CPU time, not
  the command measured.
- --breakdown: where a cold verify's CPU time goes. The modules a one-plan verify imports are
  listed by running it once in-process; then, in interleaved rounds, Python importing the
  floor, + pydantic-core, + the other libraries, + plancheck's own modules, + jsonpath-rfc9535,
  each row importing what the row above did and more, and last the verify itself (the run).

Before measuring, the package's bytecode is compiled, as `pip install` does (an editable
install under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every run),
and one verify fills the pack cache, as any second run finds it. --plancheck names the
`plancheck` executable to measure (e.g. a non-editable install in another virtualenv); the
floor then runs the `python` beside it.
Targets: cold start <= 3.5 x the floor; >= 500 plans per CPU-second; throughput linear from
1,000 to 10,000 plans; peak memory <= 80 MB for one plan, <= 200 MB for 10,000 with --jobs 2,
and flat for `plancheck matrix` as plans grow.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_plans import generate  # noqa: E402

SAMPLE_EVERY = 0.005  # seconds between two samples of the process tree's memory


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system, of the whole process tree
    peak_mb: float  # peak of the tree's summed RSS
    peak_pss_mb: float  # peak of the tree's summed PSS (shared pages divided among their sharers)
    code: int  # exit code


# ----------------------------------------------------------------------------- one run


def descendants(pid: int) -> list[int]:
    """The process and all its descendants alive now (children as /proc lists them per thread)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            threads = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                with open(f"/proc/{current}/task/{thread}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
            except OSError:
                pass
    return found


def tree_memory(pid: int) -> tuple[int, int]:
    """Bytes resident (RSS) and proportional (PSS) in the process and its descendants, now."""
    rss = pss = 0
    for member in descendants(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                fields = dict(line.split(":", 1) for line in rollup.read().splitlines()[1:])
            rss += int(fields["Rss"].split()[0]) * 1024
            pss += int(fields["Pss"].split()[0]) * 1024
        except (OSError, KeyError, ValueError):
            pass  # gone between the listing and the read (or a kernel without smaps_rollup)
    return rss, pss


def run(command: Sequence[str]) -> Run:
    """Run a command once (output discarded): its wall time, CPU time and peak memory."""
    peak = [0, 0]  # RSS, PSS
    done = threading.Event()

    def sample(pid: int) -> None:
        while not done.is_set():
            rss, pss = tree_memory(pid)
            peak[:] = max(peak[0], rss), max(peak[1], pss)
            done.wait(SAMPLE_EVERY)

    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    sampler = threading.Thread(target=sample, args=(process.pid,), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    # the largest single process's peak: kilobytes on Linux, bytes on macOS
    largest = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, max(peak[0], largest) / 2**20, peak[1] / 2**20, process.returncode)


def rounds(commands: dict[str, list[str]], count: int) -> dict[str, list[Run]]:
    """Each command run ``count`` times, round by round, the order rotated by one each round."""
    names = list(commands)
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for number in range(count):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            runs[name].append(run(commands[name]))
    return runs


# ----------------------------------------------------------------------------- figures


def spread(values: Sequence[float], scale: float = 1.0, digits: int = 0) -> str:
    """'median [lowest-highest]' of values times scale."""
    low, mid, high = (scale * v for v in (min(values), statistics.median(values), max(values)))
    return f"{mid:.{digits}f} [{low:.{digits}f}-{high:.{digits}f}]"


def exits(runs: Sequence[Run]) -> str:
    return ",".join(sorted({str(r.code) for r in runs}))


def memory(runs: Sequence[Run]) -> str:
    """The highest peak of the runs: summed RSS / summed PSS, in MB."""
    return f"{max(r.peak_mb for r in runs):.1f} / {max(r.peak_pss_mb for r in runs):.1f}"


def cold_start(plancheck: list[str], python: str, count: int) -> None:
    single = [*plancheck, "verify", "examples/fuyang.yaml"]
    commands = {
        "floor: python -c 'import yaml'": [python, "-c", "import yaml"],
        "verify examples/fuyang.yaml": single,
        "verify examples/fuyang.yaml --format json": [*single, "--format", "json"],
    }
    runs = rounds(commands, count)
    print(f"\n## Cold start ({count} interleaved rounds)\n")
    print(f"{'command':42s} {'wall ms':>19s} {'CPU ms':>19s} {'peak MB RSS / PSS':>18s}  exit")
    for name, results in runs.items():
        wall, cpu = spread([r.wall for r in results], 1000, 1), spread([r.cpu for r in results], 1000, 1)
        print(f"{name:42s} {wall:>19s} {cpu:>19s} {memory(results):>18s}  {exits(results)}")
    floor = runs[next(iter(commands))]
    for name in list(commands)[1:]:
        by_wall = [r.wall / f.wall for r, f in zip(runs[name], floor, strict=True)]
        by_cpu = [r.cpu / f.cpu for r, f in zip(runs[name], floor, strict=True)]
        print(f"ratio to the floor, {name}: {spread(by_wall, digits=2)} x by wall, "
              f"{spread(by_cpu, digits=2)} x by CPU (target <= 3.5)")  # fmt: skip


# A verify run in-process that writes, as it leaves, the modules it imported and whether each is
# plancheck's, a library's (site-packages) or the standard library's.
_LIST_MODULES = """
import os, sys
def leave(code):
    raise SystemExit(code)
os._exit = leave
sys.argv = ["plancheck", "verify", "examples/fuyang.yaml"]
try:
    from plancheck.cli.launcher import main
    main()
finally:
    with open(os.environ["MODULES_OUT"], "w") as out:
        for name, module in list(sys.modules.items()):
            if getattr(module, "__spec__", None) is None:
                continue  # not importable by name (cython_runtime, __main__)
            where = getattr(module, "__file__", None) or ""
            kind = "plancheck" if name.split(".")[0] == "plancheck" else (
                "library" if "-packages" in where else "stdlib")
            out.write(f"{name} {kind}\\n")
"""


def imported_by_verify(python: str) -> list[tuple[str, str]]:
    """(module, kind) for every module a plain one-plan verify imports, in the order imported.
    Run with -I (here, in the breakdown and in ``prepare``), so that ``python -c`` in this
    repository imports the plancheck installed beside that python, not the folder ./plancheck."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as listing:
        env = {**os.environ, "MODULES_OUT": listing.name}
        subprocess.run([python, "-I", "-c", _LIST_MODULES], stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
        rows = [line.split() for line in listing.read().splitlines()]
    if not any(kind == "plancheck" for _, kind in rows):
        raise SystemExit(f"could not list what verify imports ({python} -c ...)")
    return [(name, kind) for name, kind in rows if name not in ("__main__", "plancheck.__main__")]


def breakdown(plancheck: list[str], python: str, count: int) -> None:
    """Where a cold verify's CPU time goes: importing what it imports, step by step, then the run."""
    modules = imported_by_verify(python)
    jsonpath = ("jsonpath_rfc9535", "iregexp_check")

    def importing(*kinds: str, but: tuple[str, ...] = jsonpath) -> list[str]:
        names = [name for name, kind in modules if kind in kinds and not name.startswith(but)]
        return [python, "-I", "-c", f"import importlib\nfor name in {names!r}: importlib.import_module(name)"]

    commands = {  # each row imports what the row above did, and more
        "floor: python -c 'import yaml'": [python, "-c", "import yaml"],
        "+ pydantic-core": [python, "-c", "import yaml, pydantic_core"],
        "+ the other libraries but jsonpath-rfc9535": importing("library"),
        "+ plancheck's modules (and stdlib ones)": importing("library", "plancheck", "stdlib"),
        "+ jsonpath-rfc9535": importing("library", "plancheck", "stdlib", but=()),
        "+ the run: verify examples/fuyang.yaml": [*plancheck, "verify", "examples/fuyang.yaml"],
    }
    runs = rounds(commands, count)
    floor = statistics.median(r.cpu for r in runs[next(iter(commands))])
    print(f"\n## Where a cold verify's CPU time goes ({count} interleaved rounds; {len(modules)} modules)\n")
    print(f"{'imports, cumulative':42s} {'CPU ms':>19s} {'x floor':>8s} {'added ms':>9s}")
    before = 0.0
    for name, results in runs.items():
        cpu = statistics.median(r.cpu for r in results)
        added = f"{(cpu - before) * 1000:+9.1f}" if before else ""
        print(f"{name:42s} {spread([r.cpu for r in results], 1000, 1):>19s} {cpu / floor:8.2f} {added:>9s}  "
              f"exit {exits(results)}")  # fmt: skip
        before = cpu


def batch_commands(plancheck: list[str], folder: Path, formats: list[str]) -> dict[str, list[str]]:
    commands = {}
    for output_format in formats:
        for jobs in (1, 2):
            commands[f"verify --format {output_format} --jobs {jobs}"] = [
                *plancheck, "verify", str(folder), "--format", output_format, "--jobs", str(jobs),
            ]  # fmt: skip
    commands["matrix"] = [*plancheck, "matrix", str(folder)]
    return commands


def batches(plancheck: list[str], sizes: list[int], formats: list[str], count: int) -> None:
    per_size: dict[int, dict[str, list[Run]]] = {}
    print(f"\n## Batches of generated plans ({count} interleaved rounds per size)\n")
    print(f"{'plans':>6s} {'command':28s} {'plans/s (wall)':>17s} {'plans per CPU-s':>17s} "
          f"{'peak MB RSS / PSS':>18s}  exit")  # fmt: skip
    with tempfile.TemporaryDirectory() as workdir:
        for size in sizes:
            folder = Path(workdir) / f"plans-{size}"
            generate(size, folder)
            per_size[size] = runs = rounds(batch_commands(plancheck, folder, formats), count)
            for name, results in runs.items():
                rate = spread([size / r.wall for r in results])
                per_cpu = spread([size / r.cpu for r in results])
                print(
                    f"{size:6d} {name:28s} {rate:>17s} {per_cpu:>17s} {memory(results):>18s}  {exits(results)}"
                )
    linearity(per_size)


def linearity(per_size: dict[int, dict[str, list[Run]]]) -> None:
    """Time per plan and peak memory at the largest size over the smallest (1.00: linear, flat)."""
    if len(per_size) < 2:
        return
    small, large = min(per_size), max(per_size)
    print(f"\n## From {small} to {large} plans: time per plan and peak RSS, ratio (1.00: linear, flat)\n")
    for name, results in per_size[small].items():
        bigger = per_size[large][name]
        cpu = statistics.median(r.cpu for r in bigger) / statistics.median(r.cpu for r in results)
        wall = statistics.median(r.wall for r in bigger) / statistics.median(r.wall for r in results)
        rss = max(r.peak_mb for r in bigger) / max(r.peak_mb for r in results)
        scale = large / small
        print(
            f"{name:28s} CPU per plan {cpu / scale:.2f}  wall per plan {wall / scale:.2f}  peak RSS {rss:.2f}"
        )


# ----------------------------------------------------------------------------- main


def prepare(plancheck: list[str], python: str) -> None:
    """Compile the package's bytecode, as pip install does, and fill the pack cache."""
    package = subprocess.run(
        [python, "-I", "-c", "import plancheck, os; print(os.path.dirname(plancheck.__file__))"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout.strip()  # fmt: skip
    compileall.compile_dir(package, quiet=1)
    subprocess.run([*plancheck, "verify", "examples/fuyang.yaml"], stdout=subprocess.DEVNULL, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="rounds of the cold-start commands")
    parser.add_argument("--sizes", default="1000,10000", help="sizes of the generated batches ('': none)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of the batch commands per size")
    parser.add_argument("--formats", default="json,text", help="output formats of the batch runs")
    parser.add_argument("--plancheck", default=shutil.which("plancheck") or "plancheck")
    parser.add_argument(
        "--breakdown", action="store_true", help="also: where a cold verify's CPU time goes, import by import"
    )
    args = parser.parse_args()
    beside = Path(args.plancheck).parent / "python"
    if Path(args.plancheck).exists():
        plancheck, python = [args.plancheck], str(beside) if beside.exists() else sys.executable
    else:
        plancheck, python = [sys.executable, "-m", "plancheck"], sys.executable
    prepare(plancheck, python)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"# plancheck speed, {now}: {os.cpu_count()} cores, load average {load}, "
          f"Python {platform.python_version()}, {' '.join(plancheck)}")  # fmt: skip
    print("figures: median [lowest-highest]; CPU = user + system time of the whole process tree")
    cold_start(plancheck, python, args.runs)
    if args.breakdown:
        breakdown(plancheck, python, args.runs)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if sizes:
        batches(plancheck, sizes, args.formats.split(","), args.repeats)


if __name__ == "__main__":
    main()
