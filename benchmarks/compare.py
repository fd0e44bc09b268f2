"""CPU time of one plancheck command in two checkouts, interleaved round by round.

    python benchmarks/compare.py ROUNDS BEFORE_DIR AFTER_DIR -- verify DIR --jobs 1 --format json

Each round runs the command once from each checkout (``PYTHONPATH=DIR python -P -m plancheck``,
so each imports its own code, with its own pack cache), in an order that alternates from round
to round; CPU time is the user + system time of the whole process tree (``os.times`` of the
children). Prints each checkout's median and the median of the per-round ratios after/before.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    before = os.times()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") != 3:
        print(__doc__)
        return 2
    rounds, before, after = int(argv[0]), argv[1], argv[2]
    arguments = argv[4:]
    arms = {"before": before, "after": after}
    times: dict[str, list[float]] = {name: [] for name in arms}
    with tempfile.TemporaryDirectory() as caches:
        for number in range(rounds):
            order = list(arms) if number % 2 == 0 else list(reversed(arms))
            for name in order:
                env = {**os.environ, "PYTHONPATH": arms[name], "PLANCHECK_CACHE_DIR": f"{caches}/{name}"}
                times[name].append(cpu_seconds([sys.executable, "-P", "-m", "plancheck", *arguments], env))
    for name, values in times.items():
        print(
            f"{name}: median {statistics.median(values) * 1000:.0f} ms CPU, rounds {[round(v * 1000) for v in values]}"
        )
    ratios = [a / b for a, b in zip(times["after"], times["before"], strict=True)]
    print(f"after / before, median of the rounds: {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
