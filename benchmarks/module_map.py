"""The package's shape, for the before-and-after in docs/architecture.md.

    python benchmarks/module_map.py [TREE]

TREE is a checkout of plancheck (default: this one; an older commit with
``git worktree add /tmp/before COMMIT``). Prints the modules, the modules flat at the top of the
package, the imports made inside functions, the production lines, and one plan's walk through
``verify``: ``plancheck verify examples/fuyang.yaml`` run from TREE with a warm cache and traced
with ``sys.setprofile``, every call from one plancheck module into another counted. (Import
cycles: ``python3 ../shared/tools/import_cycles.py TREE/plancheck``.)
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# stage folders in pipeline order; a call into a later stage climbs back up
STAGES = ["read", "plan", "pack", "extract", "engine", "report", "portfolio", "authoring", "cli"]

TRACE = r"""
import json, os, sys
STAGES = json.loads(sys.argv[1])
calls = []
def stage(module):
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 2 and parts[1] in STAGES else -1
def profile(frame, event, arg):
    if event == "call" and frame.f_back is not None:
        callee = frame.f_globals.get("__name__", "")
        caller = frame.f_back.f_globals.get("__name__", "")
        if callee != caller and callee.startswith("plancheck") and caller.startswith("plancheck"):
            calls.append((caller, callee))
leave = os._exit
def report(code):
    sys.setprofile(None)
    climbing = [c for c in calls if stage(c[0]) >= 0 and stage(c[1]) > stage(c[0])]
    sys.stderr.write("WALK " + json.dumps({
        "modules": len({m for pair in calls for m in pair}),
        "transitions": len(set(calls)),
        "calls": len(calls),
        "climbing_calls": len(climbing),
    }) + "\n")
    sys.stderr.flush()
    leave(code)
os._exit = report
sys.argv = ["plancheck", "verify", "examples/fuyang.yaml"]
sys.stdout = open(os.devnull, "w")
try:
    from plancheck.cli.launcher import main
except ImportError:
    from plancheck.launcher import main  # before the stage folders
sys.setprofile(profile)
main()
report(0)
"""


def static(tree: Path) -> dict[str, int]:
    package = tree / "plancheck"
    modules = flat = lines = 0
    inside: set[tuple[Path, int]] = set()
    own: set[tuple[Path, int]] = set()
    for path in sorted(package.rglob("*.py")):
        modules += 1
        flat += path.parent == package and path.name not in ("__init__.py", "__main__.py")
        text = path.read_text(encoding="utf-8")
        lines += text.count("\n")
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    inside.add((path, sub.lineno))  # nested functions: each import once
                    names = (
                        [sub.module or ""] if isinstance(sub, ast.ImportFrom) else [a.name for a in sub.names]
                    )
                    if (isinstance(sub, ast.ImportFrom) and sub.level) or any(
                        n.startswith("plancheck") for n in names
                    ):
                        own.add((path, sub.lineno))
    return {
        "modules": modules,
        "flat_modules": flat,
        "imports_inside_functions": len(inside),
        "of_plancheck_modules": len(own),
        "production_lines": lines,
    }


def walk(tree: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONPATH": str(tree), "PLANCHECK_CACHE_DIR": cache}
        command = [sys.executable, "-m", "plancheck", "verify", "examples/fuyang.yaml"]
        subprocess.run(command, cwd=tree, env=env, capture_output=True, check=False)  # warms the cache
        traced = subprocess.run(
            [sys.executable, "-c", TRACE, json.dumps(STAGES)],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
        )
    line = next(line for line in traced.stderr.splitlines() if line.startswith("WALK "))
    result: dict[str, int] = json.loads(line.removeprefix("WALK "))
    return result


def main() -> None:
    tree = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent).resolve()
    print(json.dumps({"tree": str(tree), **static(tree), "walk": walk(tree)}, indent=1))


if __name__ == "__main__":
    main()
