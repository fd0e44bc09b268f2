"""Many plans at once: each plan checked on its own (in parallel processes with ``--jobs``),
results handed on one at a time in the order the plans were given, whatever the number of
processes, so that a province-wide run need not hold every report in memory. ``prepare`` turns
a report into what the caller needs (its rendered text) in the worker, in parallel too, so
that only that crosses between processes. What reading a document warned of (a text that looks
incomplete) is noted in the worker's copy of the pack cache; it travels back with the plan's
result and is added to the run's cache in the plans' order, as a run without workers adds it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from plancheck.engine.findings import PlanReport
from plancheck.errors import PlancheckError, Problem, debug_enabled, internal_problem
from plancheck.portfolio.pipeline import PackCache, verify_path
from plancheck.read.inputs import shown_path

Result = PlanReport | list[Problem] | Any  # a report (or what prepare made of it), or problems

# The worker processes' state, set before they fork (inherited, not pickled per task).
_PACKS: PackCache | None = None
_USE_WAIVERS = True
_PREPARE: Callable[[PlanReport], Any] | None = None
_PARENT = 0  # the process that started the workers
_IN_WORKER = False


def check_guarded(
    path: Path,
    packs: PackCache,
    *,
    use_waivers: bool = True,
    prepare: Callable[[PlanReport], Any] | None = None,
) -> Result:
    """One plan's report (or ``prepare(report)``), or the problems that stopped it. A bug met
    while checking it (an unexpected exception) becomes that plan's error, so that one hostile
    plan never stops a batch; the run exits 3 at the end (``errors.exit_for_problems``)."""
    shown = shown_path(path)
    try:
        report = verify_path(path, packs, display=shown, use_waivers=use_waivers)
        return prepare(report) if prepare is not None else report
    except PlancheckError as exc:
        return exc.problems
    except Exception as exc:
        if debug_enabled():
            raise
        return [internal_problem(shown, exc)]


def _check_one(path: Path) -> Result:
    assert _PACKS is not None
    if _IN_WORKER and os.getppid() != _PARENT:  # the run that asked is gone (no PR_SET_PDEATHSIG)
        os._exit(1)
    return check_guarded(path, _PACKS, use_waivers=_USE_WAIVERS, prepare=_PREPARE)


def _check_in_worker(path: Path) -> tuple[Result, list[Problem]]:
    """A plan's result in a worker process, with what reading it warned of (taken out of the
    worker's own pack cache, which the run never sees)."""
    assert _PACKS is not None
    result = _check_one(path)
    notes = list(_PACKS.documents)
    _PACKS.documents.clear()
    return result, notes


def _worker_start() -> None:
    """A worker dies with the run that started it, even one killed outright (kill -9): on
    Linux the kernel sends it SIGKILL when its parent dies (PR_SET_PDEATHSIG); elsewhere it
    stops at its next plan once its parent is gone. SIGTERM and SIGHUP stop it plainly."""
    import signal

    global _IN_WORKER
    _IN_WORKER = True
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != _PARENT:  # the parent died before prctl took effect
        os._exit(1)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def verify_many(
    paths: list[Path],
    packs: PackCache,
    *,
    use_waivers: bool = True,
    jobs: int = 1,
    prepare: Callable[[PlanReport], Any] | None = None,
) -> Iterator[Result]:
    """Each plan's report (or ``prepare(report)``), or the problems that stopped it, in the
    order of ``paths``."""
    global _PACKS, _USE_WAIVERS, _PREPARE, _PARENT
    _PACKS, _USE_WAIVERS, _PREPARE, _PARENT = packs, use_waivers, prepare, os.getpid()
    if jobs <= 1 or len(paths) < 2 * jobs or not hasattr(os, "fork"):
        for path in paths:
            yield _check_one(path)
        return
    import multiprocessing  # only a parallel run pays for these imports
    from concurrent.futures import ProcessPoolExecutor

    from plancheck.plan.compiled import compiled_plan

    compiled_plan()  # loaded once before forking, so that every worker inherits it
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start) as pool:
        for result, notes in pool.map(_check_in_worker, paths, chunksize=chunk):
            packs.documents.extend(notes)
            yield result
