"""The command line (typer): parses arguments and wires the pipeline steps; each command turns
user errors into messages and exit codes (0 clean, 1 findings at or above --fail-on, 2 bad input
or usage). Options are declared once, in ``cli.options``: verify, review, matrix and diff are
made from their tables there, the other commands take the shared ``--lang``, ``--rules`` and
``--force`` from the same declarations. ``verify`` itself is in ``cli.verify``; the entry point
is ``cli.launcher.main``. Heavy modules are imported inside the commands that need them."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, cast

import typer

from plancheck import __version__
from plancheck.cli import options as declared
from plancheck.cli.options import LANG, RULES, Option, checked, language_of
from plancheck.cli.verify import PLANS_HELP, from_typer, run
from plancheck.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, PlancheckError, Problem, UsageError
from plancheck.i18n import Lang, Message, language_from_environment
from plancheck.read.inputs import shown_path

_LANG = language_from_environment()


def _h(zh: str, en: str) -> str:
    """A help text in the language of the locale (zh_* → Chinese), as the messages are."""
    return zh if _LANG == "zh" else en


app = typer.Typer(
    name="plancheck",
    help=_h(
        "检查数字政府建设规划是否符合省级框架，并报告差距。",
        "Check digital-government plans against their province's framework and report the gaps.",
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rules_app = typer.Typer(
    help=_h(
        "规则包：列出、测试规则，生成规则文档。",
        "The rule pack: list its rules, test them, write their pages (规则包).",
    ),
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(rules_app, name="rules")


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class Level(str, Enum):
    city = "city"
    county = "county"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"plancheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help=_h("显示版本并退出。", "Show the version and exit."),
        ),
    ] = False,
) -> None:
    """plancheck: check plans against the "11171" framework and report the gaps."""


def _fail(error: PlancheckError, lang: Lang) -> NoReturn:
    typer.echo(error.format(lang), err=True)
    raise typer.Exit(EXIT_INPUT)


def _lang(text: str | None) -> Lang:
    """The language a command was asked for (``--lang``, checked), or the locale's."""
    try:
        lang = checked(LANG, text)
    except UsageError as exc:
        _fail(exc, language_from_environment())
    return cast(Lang, lang) if lang is not None else language_from_environment()


def _completion(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete)]

    return complete


def _declared(option: Option) -> Any:
    """typer's declaration of an option (``cli.options``): flags, help in the locale's language,
    metavar, completion of its choices. Choices and numbers are taken as text and checked by
    ``cli.options.checked``, whose messages are plancheck's, in both languages."""
    metavar = "[" + "|".join(option.choices) + "]" if option.kind == "choice" else option.metavar
    return typer.Option(
        *option.flags,
        help=option.help.pick(_LANG),
        metavar=None if option.kind == "flag" else metavar,
        show_default=False,
        autocompletion=_completion(option.choices) if option.choices else None,
    )


def _option_type(option: Option) -> Any:
    """The annotated type of an option's parameter."""
    if option.kind == "flag":
        return Annotated[bool, _declared(option)]
    if option.kind == "list":
        return Annotated[list[str] | None, _declared(option)]
    kind = Path if option.kind == "path" else str
    return Annotated[kind if option.required else kind | None, _declared(option)]


LangOption = Annotated[str | None, _declared(LANG)]
RulesOption = Annotated[str | None, _declared(RULES)]
ForceOption = Annotated[bool, _declared(declared.FORCE)]


def _command(
    arguments: list[inspect.Parameter],
    options: tuple[Option, ...],
    body: Callable[[dict[str, Any]], int],
) -> Callable[..., None]:
    """A command whose options are made from their declarations (``cli.options``); ``body``
    gets every value, choices and numbers checked, and returns the exit code."""
    parameters = list(arguments)
    for option in options:
        if option.required:
            default: Any = inspect.Parameter.empty
        else:
            default = False if option.kind == "flag" else None
        parameters.append(
            inspect.Parameter(
                option.field, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=_option_type(option)
            )
        )

    def command(**values: Any) -> None:
        try:
            for option in options:
                values[option.field] = checked(option, values.get(option.field))
        except UsageError as exc:
            _fail(exc, language_of(values))
        raise typer.Exit(body(values))

    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    return command


def _argument(name: str, kind: Any, help_text: Message, metavar: str) -> inspect.Parameter:
    declared_argument = typer.Argument(help=help_text.pick(_LANG), show_default=False, metavar=metavar)
    return inspect.Parameter(
        name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Annotated[kind, declared_argument]
    )


def _verify(values: dict[str, Any]) -> int:
    try:
        options = from_typer(values)
    except UsageError as exc:
        _fail(exc, language_of(values))
    return run(options)


app.command(
    name="verify",
    help=_h("对照规划所依据框架的规则包检查规划。", "Check plans against their framework's rule pack."),
)(_command([_argument("plans", list[Path], PLANS_HELP, "PLAN")], declared.VERIFY, _verify))


@app.command(
    "extract",
    help=_h(
        "从规划文档提取规划草稿（YAML，附原文依据）。",
        "Draft a plan (YAML, with evidence) from its document.",
    ),
)
def extract_command(
    document: Annotated[
        Path,
        typer.Argument(
            help=_h("规划文档：.docx、.txt 或 .md。", "The plan document: .docx, .txt or .md."),
            show_default=False,
            metavar="DOC",
        ),
    ],
    output_text: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=_h("草稿写入此文件（默认：输出到终端）。", "Write the draft here (default: print it)."),
        ),
    ] = None,
    force: ForceOption = False,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules",
            metavar="PACK",
            help=_h(
                "用其词表读取文档的规则包：内置名称或文件夹（默认：anhui-11171）。",
                "Rule pack whose vocabulary reads the document: a bundled name or a folder (default: anhui-11171).",
            ),
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Draft a plan (YAML, with evidence) from its document (从规划文档提取规划草稿)."""
    from plancheck.extract.draft import render_draft
    from plancheck.portfolio.pipeline import PackCache, extract_document
    from plancheck.report import file_target
    from plancheck.report.write import check_target, write_atomic

    language = _lang(lang)
    output: Path | None = None
    try:
        output = file_target(output_text) if output_text is not None else None
        if output is not None:
            check_target(output, force=force, inputs=[document])
        packs = PackCache.with_rules(rules)
        extraction = extract_document(document, packs, display=shown_path(document))
        text = render_draft(extraction)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text, force=force, inputs=[document, *packs.folders()])
    except PlancheckError as exc:
        _fail(exc, language)
    for note in extraction.notes:
        typer.echo(note.format(shown_path(document), language), err=True)
    found = Message(
        f"{len(extraction.missing)} 项未找到, {len(extraction.unsure)} 项不确定",
        f"{len(extraction.missing)} not found, {len(extraction.unsure)} unsure",
    )
    where = Message(f"已写入 {output}", f"written to {output}") if output is not None else Message("", "")
    typer.echo(f"{document}: {where.join(found, '; ', '; ').pick(language).lstrip('; ')}", err=True)


def _load_pack(reference: str | None):  # type: ignore[no-untyped-def]
    from plancheck.portfolio.pipeline import load_named_pack

    return load_named_pack(reference)


@app.command(
    help=_h("输出规划文件的 JSON Schema，供编辑器使用。", "Print the JSON Schema of plan files, for editors.")
)
def schema(
    output_text: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=_h("写入此文件，而不是输出到终端。", "Write to this file instead of the terminal."),
        ),
    ] = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Print the JSON Schema of plan files, for editors (规划文件的 JSON Schema)."""
    import json

    from plancheck.plan.model import json_schema
    from plancheck.report import file_target
    from plancheck.report.write import write_atomic

    language = _lang(lang)
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output_text is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(file_target(output_text), text, force=force)
    except PlancheckError as exc:
        _fail(exc, language)


@rules_app.callback(
    help=_h(
        "列出规则包的规则及其严重程度、适用层级和需求编号。",
        "List the rules of a pack with their severity, levels and catalogue ids.",
    )
)
def rules_list(
    ctx: typer.Context,
    rules: RulesOption = None,
    lang: LangOption = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help=_h("输出格式。", "Output format."))
    ] = ListFormat.text,
) -> None:
    """List the rules of a pack with their severity, levels and catalogue ids (列出规则)."""
    if ctx.invoked_subcommand is not None:
        return
    from plancheck.authoring.listing import render_rules

    language = _lang(lang)
    try:
        pack = _load_pack(rules)
    except PlancheckError as exc:
        _fail(exc, language)
    sys.stdout.write(render_rules(pack, language, output_format.value))
    for warning in pack.warnings:
        typer.echo(warning.format(language), err=True)


@app.command(
    help=_h(
        "生成规划骨架，包含该层级须写明的每一部分。",
        "Write a plan skeleton with every layer the pack requires at that level.",
    )
)
def init(
    region: Annotated[
        str,
        typer.Option(
            "--region", metavar="NAME", help=_h("市或县，如 宿州市。", "The city or county, e.g. 宿州市.")
        ),
    ],
    level: Annotated[
        Level, typer.Option("--level", help=_h("市级（city）或县级（county）。", "city or county."))
    ],
    output_text: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=_h("骨架写入此文件（默认：输出到终端）。", "Write the skeleton here (default: print it)."),
        ),
    ] = None,
    city: Annotated[
        str | None,
        typer.Option("--city", metavar="CITY", help=_h("县级规划：所属的市。", "For a county: its city.")),
    ] = None,
    rules: RulesOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Write a plan skeleton with every layer the pack requires at that level (新建规划骨架)."""
    from plancheck.authoring.skeleton import skeleton
    from plancheck.report import file_target
    from plancheck.report.write import write_atomic

    language = _lang(lang)
    try:
        output = file_target(output_text) if output_text is not None else None
        pack = _load_pack(rules)
        text = skeleton(pack, region, level.value, city)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text, force=force)
            typer.echo(
                Message(
                    f"{output}：已生成规划骨架；填写后运行 plancheck verify {output}",
                    f"{output}: skeleton written; fill it in, then run plancheck verify {output}",
                ).pick(language),
                err=True,
            )
    except PlancheckError as exc:
        _fail(exc, language)


@rules_app.command(
    "test",
    help=_h(
        "运行每条规则的示例并检查规则包的覆盖；有缺口时以 1 退出。",
        "Run every rule's examples and check the pack's coverage; exit 1 on any gap.",
    ),
)
def rules_test(
    pack_dir: Annotated[
        str | None,
        typer.Argument(
            help=_h(
                "规则包：文件夹或内置名称（默认：anhui-11171）。",
                "The pack: a folder or a bundled name (default: anhui-11171).",
            ),
            metavar="PACK",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Run every rule's examples and check the pack's coverage; exit 1 on any gap (测试规则包)."""
    from plancheck.authoring.pack_testing import render_pack_test, test_pack

    language = _lang(lang)
    try:
        pack = _load_pack(pack_dir)
    except PlancheckError as exc:
        _fail(exc, language)
    outcome = test_pack(pack)
    sys.stdout.write(render_pack_test(outcome, language))
    raise typer.Exit(EXIT_OK if outcome.ok else EXIT_FINDINGS)


@app.command(
    help=_h(
        "解释规则或需求：依据、引文、检查方式、示例和修改建议。",
        "Explain a rule or a requirement: why, citation, check, examples, fix.",
    )
)
def explain(
    identifier: Annotated[
        str,
        typer.Argument(
            help=_h(
                "规则编号（如 AH-F6-COUNTY-BANDWIDTH）或需求编号（如 F6）。",
                "A rule id (AH-F6-COUNTY-BANDWIDTH) or catalogue id (F6).",
            ),
            metavar="ID",
        ),
    ],
    rules: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Explain a rule or a requirement: why, citation, check, examples, fix (解释规则)."""
    from plancheck.authoring.explain import explain as explain_text

    language = _lang(lang)
    try:
        pack = _load_pack(rules)
        sys.stdout.write(explain_text(identifier, pack, language))
    except PlancheckError as exc:
        _fail(exc, language)


@rules_app.command(
    "docs",
    help=_h(
        "根据规则元数据为每条规则生成一页文档及索引。",
        "Write one page per rule from its metadata, and an index.",
    ),
)
def rules_docs(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", help=_h("规则文档所在的文件夹。", "Folder for the pages.")
        ),
    ],
    rules: RulesOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Write one page per rule from its metadata, and an index (规则文档)."""
    from plancheck.authoring.rule_docs import rule_docs
    from plancheck.report.write import check_target, write_atomic

    language = _lang(lang)
    try:
        pack = _load_pack(rules)
        if output.exists() and not output.is_dir():
            raise UsageError(Problem(shown_path(output), Message("不是目录", "is not a directory")))
        output.mkdir(parents=True, exist_ok=True)
        pages = rule_docs(pack)
        for name in pages:
            check_target(output / name, force=force)
        for name, text in pages.items():
            write_atomic(output / name, text, force=force)
    except PlancheckError as exc:
        _fail(exc, language)
    typer.echo(
        Message(
            f"{output}: {len(pages)} 页（{len(pages) - 1} 条规则 + index.md）",
            f"{output}: {len(pages)} pages ({len(pages) - 1} rules + index.md)",
        ).pick(language)
    )


baseline_app = typer.Typer(
    help=_h(
        "基线：记录当前的问题，此后只有新问题才会失败。",
        "Baselines: record today's findings so that only new gaps fail (基线).",
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command(
    "create",
    help=_h(
        "按指纹记录规划当前的问题（排序、稳定）。",
        "Record the plans' current findings by fingerprint (sorted, stable).",
    ),
)
def baseline_create(
    plans: Annotated[
        list[Path],
        typer.Argument(
            help=_h("规划文件（YAML）。", "Plan files (YAML)."), show_default=False, metavar="PLAN"
        ),
    ],
    output_text: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=_h("基线文件（默认：输出到终端）。", "Baseline file (default: print it)."),
        ),
    ] = None,
    rules: RulesOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Record the plans' current findings by fingerprint (sorted, stable) (创建基线)."""
    from plancheck.engine.baseline import baseline_document
    from plancheck.engine.findings import PlanReport
    from plancheck.errors import exit_for_problems
    from plancheck.pack.location import pack_folders
    from plancheck.portfolio.batch import verify_many
    from plancheck.portfolio.pipeline import PackCache
    from plancheck.report import file_target
    from plancheck.report.write import check_target, write_atomic

    language = _lang(lang)
    try:
        output = file_target(output_text) if output_text is not None else None
        if output is not None:
            check_target(output, force=force, inputs=[*plans, *pack_folders(rules)])
        packs = PackCache.with_rules(rules)
        reports: list[PlanReport] = []
        errors: list[Problem] = []
        for result in verify_many(plans, packs, jobs=1):  # a broken plan is reported, left out
            if isinstance(result, PlanReport):
                reports.append(result)
            else:
                errors.extend(result)
        for problem in errors:
            typer.echo(problem.format(language), err=True)
        text = baseline_document(reports)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text, force=force, inputs=[*plans, *packs.folders(errors)])
            count = sum(1 for r in reports for f in r.findings if f.waived_by is None)
            typer.echo(
                Message(f"{output}: 已记录 {count} 个问题", f"{output}: {count} findings recorded").pick(
                    language
                ),
                err=True,
            )
    except PlancheckError as exc:
        _fail(exc, language)
    raise typer.Exit(exit_for_problems(errors) or EXIT_OK)


def _matrix(values: dict[str, Any]) -> int:
    from plancheck.portfolio.matrix import matrix_command

    return matrix_command(
        values["plans"],
        output=values["output"],
        force=values["force"],
        lang=_lang(values["lang"]),
        rules=values["rules"],
        version=__version__,
    )


app.command(
    "matrix",
    help=_h(
        "覆盖矩阵：各地区规划逐项对照需求。", "Regions × requirements: every plan's coverage side by side."
    ),
)(
    _command(
        [
            _argument(
                "plans",
                list[Path],
                Message("规划文件、文件夹或通配符。", "Plan files, directories or glob patterns."),
                "PLAN_OR_DIR",
            )
        ],
        declared.MATRIX,
        _matrix,
    )
)


def _diff(values: dict[str, Any]) -> int:
    from plancheck.portfolio.diff import diff_command

    return diff_command(
        values["plans"],
        git=values["git"],
        output_format=values["output_format"] or "text",
        fail_on=(values["fail_on"] or "error") if values["fail_on_new"] else None,
        lang=_lang(values["lang"]),
        rules=values["rules"],
    )


app.command(
    "diff",
    help=_h(
        "比较规划两个版本：已解决、新出现和未变的问题。",
        "Findings fixed, introduced and unchanged between two versions of a plan.",
    ),
)(
    _command(
        [
            _argument(
                "plans",
                list[Path],
                Message("旧版 新版（或配合 --git：规划文件）。", "OLD NEW (or, with --git, PLAN)."),
                "OLD NEW",
            )
        ],
        declared.DIFF,
        _diff,
    )
)


def command() -> Any:
    """The command line as the entry point runs it: typer's command for the app, its arguments
    shown in the help by their names alone, not by their Python types (``<list[Path]>``)."""
    built = typer.main.get_command(app)
    pending = [built]
    while pending:
        current = pending.pop()
        pending.extend(getattr(current, "commands", {}).values())
        for param in current.params:
            if param.param_type_name == "argument":
                param.display_type_rich = lambda ctx: None  # type: ignore[attr-defined]
    return built


def _review(values: dict[str, Any]) -> int:
    """Write the findings as Word comments (批注) into a copy of the plan's .docx (审核批注)."""
    from plancheck.portfolio.pipeline import PackCache
    from plancheck.portfolio.review import refuse_non_word, review_document
    from plancheck.portfolio.signing import load_signing
    from plancheck.report import emit, file_target
    from plancheck.report.review import annotate
    from plancheck.report.write import check_target

    plan: Path = values["plan"]
    output: Path
    force: bool = values["force"]
    language: Lang = values["lang"] or "zh"  # the comments go into a Chinese document
    try:
        output = file_target(values["output"])
        refuse_non_word(plan)
        if output.suffix.lower() != ".docx":
            raise UsageError(
                Problem(
                    shown_path(output),
                    Message(
                        "批注写入 Word 文件：-o 应以 .docx 结尾",
                        "comments go into a Word file: -o must end in .docx",
                    ),
                    code="usage",
                )
            )
        check_target(output, force=force, inputs=[plan])
        signing = load_signing(
            [plan],
            config=values["config"],
            office=values["office"],
            initials=values["initials"],
            reference=values["reference"],
            date=values["date"],
        )
        packs = PackCache.with_rules(values["rules"])
        review = review_document(plan, packs, use_waivers=not values["no_waivers"])
        content = annotate(plan, review, signing, language, signing.date)
        emit(content, output, force=force, inputs=[plan, *packs.folders()])
    except PlancheckError as exc:
        _fail(exc, language)
    counts = review.report.counts()
    typer.echo(
        Message(
            f"{output}：{len(review.anchors)} 条批注（错误 {counts['error']}，警告 {counts['warning']}，"
            f"提示 {counts['info']}）和 1 条汇总，作者 {signing.office}",
            f"{output}: {len(review.anchors)} comments (errors {counts['error']}, warnings {counts['warning']}, "
            f"info {counts['info']}) and a summary, by {signing.office}",
        ).pick(language),
        err=True,
    )
    return EXIT_OK


app.command(
    "review",
    help=_h(
        "将问题作为 Word 批注写入规划 .docx 文件的副本。",
        "Write the findings as Word comments (批注) into a copy of the plan's .docx.",
    ),
)(
    _command(
        [
            _argument(
                "plan",
                Path,
                Message("规划的 Word 文件（.docx）。", "The plan's Word file (.docx)."),
                "PLAN.docx",
            )
        ],
        declared.REVIEW,
        _review,
    )
)
