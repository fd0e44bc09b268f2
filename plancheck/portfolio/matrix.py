"""``plancheck matrix``: every plan checked, then the province-wide matrix (``report.matrix``)
written as Markdown (the default, to stdout), CSV, XLSX or HTML, chosen by the suffix of ``-o``."""

from __future__ import annotations

import sys
from pathlib import Path

from plancheck.engine.findings import PlanReport
from plancheck.errors import PlancheckError, Problem, UsageError, exit_for_problems
from plancheck.i18n import Lang, Message
from plancheck.read.inputs import shown_path
from plancheck.report import MATRIX_FORMATS, Format, RenderContext, by_suffix, emit, file_target
from plancheck.report.matrix import MatrixBuilder

# --- the command ---------------------------------------------------------------------------------


def output_format(path: Path) -> Format:
    chosen = by_suffix(path, MATRIX_FORMATS)
    if chosen is None:
        known = ", ".join(sorted({f.suffixes[0] for f in MATRIX_FORMATS.values()}))
        raise UsageError(
            Problem(
                shown_path(path),
                Message(
                    f"不认识的文件类型 {path.suffix or '(无后缀)'}: 矩阵可写为 {known}",
                    f"unknown file type {path.suffix or '(no suffix)'}: the matrix is written as {known}",
                ),
                code="usage",
            )
        )
    return chosen


def matrix_command(
    plans: list[Path], *, output: str | None, force: bool, lang: Lang, rules: str | None, version: str
) -> int:
    """Verify every plan, then write the matrix; the exit code (2 if any input was broken)."""
    from plancheck.pack.location import pack_folders
    from plancheck.portfolio.batch import verify_many
    from plancheck.portfolio.pipeline import PackCache
    from plancheck.read.inputs import expand_inputs
    from plancheck.report.write import check_target

    def fail(error: PlancheckError) -> int:
        sys.stderr.write(error.format(lang) + "\n")
        return 2

    target: Path | None = None
    try:
        paths = expand_inputs(plans)
        target = file_target(output) if output is not None else None
        chosen = output_format(target) if target is not None else MATRIX_FORMATS["markdown"]
        if target is not None:
            check_target(target, force=force, inputs=[*paths, *pack_folders(rules)])
        packs = PackCache.with_rules(rules)
    except PlancheckError as exc:
        return fail(exc)
    builder = MatrixBuilder()
    errors: list[Problem] = []
    for result in verify_many(paths, packs):
        if isinstance(result, PlanReport):
            builder.add(result)  # the report itself is not kept: memory stays flat
        else:
            errors.extend(result)
    for problem in packs.warnings + errors:
        sys.stderr.write(problem.format(lang) + "\n")
    if not builder.rows:
        sys.stderr.write(
            Message("没有可以列入矩阵的规划", "no plan could be checked: there is no matrix to write").pick(
                lang
            )
            + "\n"
        )
        return exit_for_problems(errors) or 2
    matrix = builder.build(version, errors)
    content = chosen.render(matrix, RenderContext(lang))
    try:
        emit(content, target, force=force, inputs=[*paths, *packs.folders(errors)])
    except PlancheckError as exc:
        return fail(exc)
    if output is not None:
        sys.stderr.write(
            Message(
                f"{output}: {len(matrix.rows)} 个地区 × {len(matrix.columns)} 项需求",
                f"{output}: {len(matrix.rows)} regions × {len(matrix.columns)} requirements",
            ).pick(lang)
            + "\n"
        )
    return exit_for_problems(errors) or 0
