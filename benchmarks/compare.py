"""CPU time of one plancheck command in two checkouts, interleaved round by round.

    python benchmarks/compare.py ROUNDS BEFORE_DIR AFTER_DIR -- verify DIR --jobs 1 --format json

Each round runs the command once from each checkout (``PYTHONPATH=DIR python -P -m plancheck``,
so each imports its own code, with its own pack cache), in an order rotated each round, with
``speed.py``'s ``rounds`` (CPU time of the whole process tree). Both checkouts' bytecode is
compiled first, as ``pip install`` does: under PYTHONDONTWRITEBYTECODE=1 a checkout without it
compiles every module on every run (some 50 ms a run here). Prints each checkout's median and
the median of the per-round ratios after/before.
"""

from __future__ import annotations

import compileall
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import rounds


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") != 3:
        print(__doc__)
        return 2
    count, arguments = int(argv[0]), argv[4:]
    for folder in argv[1:3]:
        compileall.compile_dir(str(Path(folder) / "plancheck"), quiet=1)
    with tempfile.TemporaryDirectory() as caches:
        commands = {
            name: ["env", f"PYTHONPATH={folder}", f"PLANCHECK_CACHE_DIR={caches}/{name}",
                   sys.executable, "-P", "-m", "plancheck", *arguments]
            for name, folder in (("before", argv[1]), ("after", argv[2]))
        }  # fmt: skip
        runs = rounds(commands, count)
    for name, done in runs.items():
        print(f"{name}: median {statistics.median(r.cpu for r in done) * 1000:.0f} ms CPU, "
              f"rounds {[round(r.cpu * 1000) for r in done]}")  # fmt: skip
    ratios = [a.cpu / b.cpu for a, b in zip(runs["after"], runs["before"], strict=True)]
    print(f"after / before, median of the rounds: {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
