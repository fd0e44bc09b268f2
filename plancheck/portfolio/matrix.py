"""``plancheck matrix``: every plan checked, then the province-wide matrix (``report.matrix``)
written as Markdown (the default, to stdout), CSV, XLSX or HTML, chosen by the suffix of ``-o``."""

from __future__ import annotations

import sys
from pathlib import Path

from plancheck.engine.findings import PlanReport
from plancheck.errors import PlancheckError, Problem, UsageError, exit_for_problems
from plancheck.i18n import Lang, Message
from plancheck.read.inputs import shown_path
from plancheck.report.matrix import Matrix, MatrixBuilder, render_csv, render_markdown

FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".xlsx": "xlsx",
}


def render(matrix: Matrix, name: str, lang: Lang) -> str | bytes:
    if name == "html":
        from plancheck.report.matrix_html import render_html

        return render_html(matrix, lang)
    if name == "xlsx":
        from plancheck.report.matrix_xlsx import render_xlsx

        return render_xlsx(matrix, lang)
    if name == "csv":
        return render_csv(matrix, lang)
    return render_markdown(matrix, lang)


# --- the command ---------------------------------------------------------------------------------


def output_format(path: Path) -> str:
    name = FORMATS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted({".html", ".md", ".csv", ".xlsx"}))
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
    return name


def matrix_command(
    plans: list[Path], *, output: Path | None, force: bool, lang: Lang, rules: str | None, version: str
) -> int:
    """Verify every plan, then write the matrix; the exit code (2 if any input was broken)."""
    from plancheck.pack.location import pack_folders
    from plancheck.portfolio.batch import verify_many
    from plancheck.portfolio.pipeline import PackCache
    from plancheck.read.inputs import expand_inputs
    from plancheck.report.write import check_target, write_atomic

    def fail(error: PlancheckError) -> int:
        sys.stderr.write(error.format(lang) + "\n")
        return 2

    try:
        paths = expand_inputs(plans)
        name = output_format(output) if output is not None else "markdown"
        if output is not None:
            check_target(output, force=force, inputs=[*paths, *pack_folders(rules)])
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
    content = render(matrix, name, lang)
    if output is None:
        sys.stdout.write(content if isinstance(content, str) else content.decode("utf-8"))
    else:
        try:
            write_atomic(output, content, force=force, inputs=paths)
        except PlancheckError as exc:
            return fail(exc)
        sys.stderr.write(
            Message(
                f"{output}: {len(matrix.rows)} 个地区 × {len(matrix.columns)} 项需求",
                f"{output}: {len(matrix.rows)} regions × {len(matrix.columns)} requirements",
            ).pick(lang)
            + "\n"
        )
    return exit_for_problems(errors) or 0
