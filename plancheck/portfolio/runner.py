"""Running ``plancheck verify``: check the plans (in parallel with --jobs), then write every
requested report. Formats that can be written plan by plan (text, JSON, GitHub) are streamed,
so that a batch of thousands of plans is never held in memory; the others (and --baseline,
which needs every finding) collect the run first."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from plancheck import __version__
from plancheck.engine.findings import SEVERITY_RANK, PlanReport, RunReport
from plancheck.errors import EXIT_FINDINGS, EXIT_OK, PlancheckError, Problem, exit_for_problems
from plancheck.i18n import Lang
from plancheck.portfolio.batch import verify_many
from plancheck.portfolio.pipeline import PackCache
from plancheck.read.inputs import shown_path
from plancheck.report import Format, RenderContext, Signing, emit
from plancheck.report.write import AtomicFile, refuse_inputs


@dataclass
class VerifyRun:
    """One ``verify`` run: the plans, the packs, and where and how to report."""

    plans: list[Path]
    output_format: Format
    lang: Lang
    packs: PackCache
    fail_on: str = "error"
    targets: list[tuple[Format, Path]] = field(default_factory=list)
    force: bool = False
    use_waivers: bool = True
    baseline: Path | None = None
    docs_url: str | None = None
    jobs: int = 1
    progress: bool = False
    inputs: list[Path] = field(default_factory=list)
    terminal: bool = True  # the output_format report goes to the terminal
    signing: Signing | None = None  # --formal: who signs the review


class _Stdout:
    def write(self, text: str | bytes) -> None:
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
        sys.stdout.flush()

    def commit(self) -> None:
        pass

    def abandon(self) -> None:
        pass


def _exit_code(errors: list[Problem], worst: int, fail_on: str) -> int:
    failed = exit_for_problems(errors)  # 3 if a plan met a bug in plancheck, else 2
    if failed is not None:
        return failed
    return EXIT_FINDINGS if worst >= SEVERITY_RANK[fail_on] else EXIT_OK


def _contexts(job: VerifyRun, code: int) -> tuple[RenderContext, RenderContext]:
    color = job.output_format.name == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    files = RenderContext(
        lang=job.lang, exit_code=code, docs_url=job.docs_url, plans=len(job.plans), signing=job.signing
    )
    return files, replace(files, color=color)


def _outputs(job: VerifyRun) -> list[tuple[Format, Any, bool]]:
    """(format, sink, is the terminal) for every report to write."""
    sinks: list[tuple[Format, Any, bool]] = [
        (fmt, AtomicFile(target, force=job.force, inputs=job.inputs), False) for fmt, target in job.targets
    ]
    if job.terminal:
        sinks.append((job.output_format, _Stdout(), True))
    return sinks


def _progress(job: VerifyRun) -> Any:
    if not job.progress:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("plancheck"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    )  # fmt: skip
    bar.start()
    bar.add_task("verify", total=len(job.plans))
    return bar


def _finish(job: VerifyRun, run: RunReport, pack_directories: set[str]) -> None:
    job.packs.adopt(pack_directories)  # the packs that parallel workers loaded
    run.packs = {pack.name: pack for pack in job.packs.packs.values()}
    run.warnings = job.packs.warnings
    for problem in run.warnings + run.errors:
        print(problem.format(job.lang), file=sys.stderr)


@dataclass
class RenderedPlan:
    """One plan's part of every streamed report, rendered where the plan was checked."""

    worst: int
    parts: list[str]
    pack_directory: str


def _stream(job: VerifyRun, run: RunReport, bar: Any) -> int:
    """Check the plans and write each one's part of every report as it comes; the exit code."""
    sinks = _outputs(job)
    files, terminal = _contexts(job, EXIT_OK)
    views = [(fmt.load(), terminal if is_terminal else files) for fmt, _, is_terminal in sinks]

    def render_plan(report: PlanReport) -> RenderedPlan:
        parts = [module.stream_plan(report, view) for module, view in views]
        return RenderedPlan(report.worst(), parts, report.pack_directory)

    results = verify_many(
        job.plans, job.packs, use_waivers=job.use_waivers, jobs=job.jobs, prepare=render_plan
    )
    try:
        for (module, view), (_, sink, _) in zip(views, sinks, strict=True):
            sink.write(module.stream_open(run, view))
        count, worst, pack_directories = 0, -1, set()
        for result in results:
            _advance(bar)
            if not isinstance(result, RenderedPlan):
                run.errors.extend(cast(list[Problem], result))
                continue
            for (module, _), (_, sink, _), part in zip(views, sinks, result.parts, strict=True):
                sink.write((module.SEPARATOR if count else "") + part)
            worst = max(worst, result.worst)
            pack_directories.add(result.pack_directory)
            count += 1
        code = _exit_code(run.errors, worst, job.fail_on)
        _stop(bar)
        _finish(job, run, pack_directories)
        files, terminal = _contexts(job, code)
        refuse_inputs(
            (sink.path for _, sink, _ in sinks if isinstance(sink, AtomicFile)), job.packs.folders(run.errors)
        )
        for (module, _), (_, sink, is_terminal) in zip(views, sinks, strict=True):
            sink.write(module.stream_close(run, terminal if is_terminal else files, count))
            sink.commit()
    except BaseException:
        for _, sink, _ in sinks:
            sink.abandon()
        raise
    return code


def _whole(job: VerifyRun, run: RunReport, bar: Any) -> int:
    """Check every plan, then write every report; the exit code."""
    for result in verify_many(job.plans, job.packs, use_waivers=job.use_waivers, jobs=job.jobs):
        _advance(bar)
        if isinstance(result, PlanReport):
            run.reports.append(result)
        else:
            run.errors.extend(result)
    _stop(bar)
    if job.baseline is not None:
        from plancheck.engine.baseline import apply_baseline, load_baseline

        try:
            run.baseline = apply_baseline(run.reports, load_baseline(job.baseline), shown_path(job.baseline))
        except PlancheckError as exc:
            run.errors.extend(exc.problems)
    code = _exit_code(run.errors, max((r.worst() for r in run.reports), default=-1), job.fail_on)
    _finish(job, run, {r.pack_directory for r in run.reports})
    files, terminal = _contexts(job, code)
    refuse_inputs((target for _, target in job.targets), job.packs.folders(run.errors))
    for fmt, target in job.targets:
        emit(fmt.render(run, files), target, force=job.force, inputs=job.inputs)
    if job.terminal:
        emit(job.output_format.render(run, terminal))
    return code


def _advance(bar: Any) -> None:
    if bar is not None:
        bar.advance(bar.task_ids[0])


def _stop(bar: Any) -> None:
    if bar is not None:
        bar.stop()


def run_verify(job: VerifyRun) -> int:
    """Check every plan and write every report; the exit code. Formats that can be written plan
    by plan are streamed when every requested one can (and no baseline needs every finding)."""
    formats = [*([job.output_format] if job.terminal else []), *(fmt for fmt, _ in job.targets)]
    run = RunReport(version=__version__)
    bar = _progress(job)
    if job.baseline is None and all(fmt.streams for fmt in formats):
        return _stream(job, run, bar)
    return _whole(job, run, bar)
