"""Reports: one module per output format, one small interface for all of them.

A ``Format`` says where a format's renderer is (imported only when the format is asked for, so
that a JSON run never imports rich), which file suffixes choose it, whether it writes bytes
(docx, xlsx) and whether it can be written plan by plan (streamed). Every renderer is
``render(report, context) -> str | bytes``; a streamed format's module also has
``stream_open``, ``stream_plan``, ``SEPARATOR`` and ``stream_close``, and its ``render`` is
``streamed`` from them. The three tables below (verify's run report, the province matrix, a
diff) are the only places formats are listed; they feed ``--format``, ``-o`` and the help.
``emit`` writes a rendered report to the terminal or, atomically, to a file: verify, matrix and
diff all write through it.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from plancheck.engine.findings import RunReport
from plancheck.errors import Problem, UsageError, visible
from plancheck.i18n import Lang, Message

DEFAULT_OFFICE = "省数据资源局"
DEFAULT_INITIALS = "数据局"


@dataclass(frozen=True)
class Signing:
    """Who signs a review and when: the reviewing office (and its initials, for Word comments),
    the review's reference number and date. From --office, --initials, --reference and --date,
    or the ``[review]`` table of ``plancheck.toml``."""

    office: str = DEFAULT_OFFICE
    initials: str = DEFAULT_INITIALS
    reference: str | None = None
    date: str | None = None  # ISO date (2024-05-20); None: the day of the run


@dataclass(frozen=True)
class RenderContext:
    """What every renderer is told besides the report: language, exit code and layout."""

    lang: Lang
    exit_code: int = 0
    color: bool = False
    width: int = 100
    docs_url: str | None = None  # where rule pages are published (SARIF helpUri)
    plans: int = 1  # how many plans the run checks: a large run may be written another way
    fail_on: str | None = None  # the severity the exit code counts from (diff's JSON says it)
    signing: Signing | None = None  # the formal report's office, reference and date


@dataclass(frozen=True)
class Format:
    """One output format of one kind of report."""

    name: str
    module: str
    function: str = "render"
    suffixes: tuple[str, ...] = ()
    binary: bool = False
    streams: bool = False  # written plan by plan (verify's text, JSON and GitHub formats)
    # text with no control characters of its own (Markdown, HTML, CSV, the diff's text): those
    # that plans bring are shown as escapes in the whole report. The text report escapes each
    # value itself (its colours are control sequences); JSON, SARIF and JUnit escape their own.
    plain: bool = False

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)

    def render(self, report: Any, context: RenderContext) -> str | bytes:
        rendered: str | bytes = getattr(self.load(), self.function)(report, context)
        if self.plain and isinstance(rendered, str):
            return visible(rendered)
        return rendered


def _table(*formats: Format) -> dict[str, Format]:
    return {f.name: f for f in formats}


VERIFY_FORMATS = _table(
    Format("text", "plancheck.report.text", suffixes=(".txt",), streams=True),
    Format("json", "plancheck.report.json_report", suffixes=(".json",), streams=True),
    Format("sarif", "plancheck.report.sarif", suffixes=(".sarif",)),
    Format("junit", "plancheck.report.junit", suffixes=(".xml",)),
    Format("github", "plancheck.report.github", streams=True),
    Format("markdown", "plancheck.report.markdown", suffixes=(".md", ".markdown"), plain=True),
    Format("html", "plancheck.report.html", suffixes=(".html", ".htm"), plain=True),
    Format("docx", "plancheck.report.docx", suffixes=(".docx",), binary=True),
)
MATRIX_FORMATS = _table(
    Format("markdown", "plancheck.report.matrix", "render_markdown", (".md", ".markdown"), plain=True),
    Format("csv", "plancheck.report.matrix", "render_csv", (".csv",), plain=True),
    Format("html", "plancheck.report.matrix_html", "render_html", (".html", ".htm"), plain=True),
    Format("xlsx", "plancheck.report.matrix_xlsx", "render_xlsx", (".xlsx",), binary=True),
)
FORMAL_FORMATS = _table(  # --formal: html and docx as the signed review an office sends
    Format("html", "plancheck.report.formal", "render_html", (".html", ".htm"), plain=True),
    Format("docx", "plancheck.report.formal", "render_docx", (".docx",), binary=True),
)
DIFF_FORMATS = _table(
    Format("text", "plancheck.report.diff", "render_text", (".txt",), plain=True),
    Format("json", "plancheck.report.diff", "render_json", (".json",)),
    Format("markdown", "plancheck.report.diff", "render_markdown", (".md", ".markdown"), plain=True),
)


def streamed(module: Any, run: RunReport, context: RenderContext) -> str:
    """A streamed format's whole report, from its parts."""
    plans = module.SEPARATOR.join(module.stream_plan(report, context) for report in run.reports)
    text: str = module.stream_open(run, context) + plans + module.stream_close(run, context, len(run.reports))
    return text


def _usage(where: str, zh: str, en: str) -> UsageError:
    return UsageError(Problem(where, Message(zh, en), code="usage"))


def file_target(text: str) -> Path:
    """An ``-o`` value as a file path. One ending in a separator names a folder and is refused:
    made a ``Path`` first, it would lose the separator and become a file of the folder's name."""
    if text.endswith(("/", "\\")):
        raise _usage(text, "--output 需要文件路径，而不是文件夹", "--output needs a file path, not a folder")
    return Path(text)


def by_suffix(path: Path, formats: dict[str, Format]) -> Format | None:
    """The format a file name's suffix chooses, if any."""
    suffix = path.suffix.lower()
    return next((f for f in formats.values() if suffix in f.suffixes), None)


def output_targets(values: list[str], formats: dict[str, Format], default: str) -> list[tuple[Format, Path]]:
    """Each ``-o`` value as (format, path): ``FORMAT:PATH``, or ``PATH`` in the format its suffix
    names (else ``default``). A format that disagrees with the suffix, a path given twice or a
    path that names a folder is refused before anything is written."""
    known = ", ".join(formats)
    targets: list[tuple[Format, Path]] = []
    for value in values:
        prefix, sep, rest = value.partition(":")
        named = formats.get(prefix) if sep else None
        text = rest if named is not None else value
        if not text:
            raise _usage(
                value,
                f"--output 需要文件路径（格式：{known}）",
                f"--output needs a file path (formats: {known})",
            )
        path = file_target(text)
        implied = by_suffix(path, formats)
        if named is not None and implied is not None and implied.name != named.name:
            raise _usage(
                value,
                f"格式 {named.name} 与文件后缀 {path.suffix} 不符（{path.suffix} 是 {implied.name}）",
                f"format {named.name} does not match the suffix {path.suffix} (which is {implied.name})",
            )
        chosen = named or implied or formats[default]
        if any(str(other) == str(path) for _, other in targets):
            raise _usage(text, "同一文件被指定了两次", "the same file is given twice")
        targets.append((chosen, path))
    return targets


def emit(
    content: str | bytes, target: Path | None = None, *, force: bool = False, inputs: list[Path] | None = None
) -> None:
    """A rendered report to the terminal, or atomically to ``target`` (refusing to replace an
    existing file without ``force``, or any input)."""
    if target is None:
        sys.stdout.write(content if isinstance(content, str) else content.decode("utf-8"))
        return
    from plancheck.report.write import write_atomic

    write_atomic(target, content, force=force, inputs=inputs or [])
