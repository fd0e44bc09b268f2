"""The command line (typer): parses arguments and wires the pipeline steps; each command turns
user errors into messages and exit codes (0 clean, 1 findings at or above --fail-on, 2 bad input
or usage). ``verify`` itself is in verify_command; the entry point is launcher.main. Heavy
modules are imported inside the commands that need them."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, cast

import typer

from plancheck import __version__
from plancheck.cli.verify import (
    LANGUAGES,
    OPTIONS,
    PLANS_HELP,
    SEVERITIES,
    Option,
    from_typer,
    language_of,
    run,
)
from plancheck.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, PlancheckError, Problem, UsageError
from plancheck.i18n import Lang, Message, language_from_environment
from plancheck.read.inputs import shown_path
from plancheck.report import DIFF_FORMATS

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


FailOn = Enum("FailOn", {name: name for name in SEVERITIES}, type=str)  # type: ignore[misc]
FAIL_ON_ERROR = FailOn("error")


class ListFormat(str, Enum):
    text = "text"
    json = "json"


Language = Enum("Language", {name: name for name in LANGUAGES}, type=str)  # type: ignore[misc]


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


def _lang(option: Language | None) -> Lang:
    return cast(Lang, option.value) if option is not None else language_from_environment()


def _fail(error: PlancheckError, lang: Lang) -> NoReturn:
    typer.echo(error.format(lang), err=True)
    raise typer.Exit(EXIT_INPUT)


LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help=_h(
            "消息语言：zh 或 en（默认按系统语言环境，zh_* 为中文）。",
            "Language of messages: zh or en (default: from the locale, zh for zh_*).",
        ),
    ),
]
RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="PACK",
        help=_h(
            "规则包：内置规则包名称或文件夹（默认：规划所依据的框架）。",
            "Rule pack: a bundled pack name or a folder (default: the plan's framework).",
        ),
    ),
]


def _option_type(option: Option) -> Any:
    """The type and typer declaration of one of verify's options. Choices and numbers are taken
    as text and checked by ``cli.verify.run``, whose messages are plancheck's, in both languages."""
    flags, help_text = option.flags, option.help.pick(_LANG)
    if option.kind == "flag":
        return Annotated[bool, typer.Option(*flags, help=help_text)]
    if option.kind == "list":
        declared = typer.Option(*flags, metavar=option.metavar, help=help_text, show_default=False)
        return Annotated[list[str] | None, declared]
    metavar = "[" + "|".join(option.choices) + "]" if option.kind == "choice" else option.metavar
    kind = Path if option.kind == "path" else str
    return Annotated[kind | None, typer.Option(*flags, metavar=metavar, help=help_text, show_default=False)]


def _verify_command() -> Callable[..., None]:
    """The ``verify`` command, its parameters made from ``cli.verify.OPTIONS``."""
    plans = Annotated[
        list[Path], typer.Argument(help=PLANS_HELP.pick(_LANG), show_default=False, metavar="PLAN")
    ]
    parameters = [inspect.Parameter("plans", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=plans)]
    for option in OPTIONS:
        default = False if option.kind == "flag" else None
        parameters.append(
            inspect.Parameter(
                option.field, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=_option_type(option)
            )
        )

    def verify(**values: Any) -> None:
        try:
            options = from_typer(values)
        except UsageError as exc:
            _fail(exc, language_of(values))
        raise typer.Exit(run(options))

    verify.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    verify.__annotations__ = {p.name: p.annotation for p in parameters}
    return verify


app.command(
    name="verify",
    help=_h("对照规划所依据框架的规则包检查规划。", "Check plans against their framework's rule pack."),
)(_verify_command())


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
    force: Annotated[
        bool, typer.Option("--force", help=_h("文件已存在时替换它。", "Replace the file if it exists."))
    ] = False,
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
    force: Annotated[
        bool, typer.Option("--force", help=_h("文件已存在时替换它。", "Replace the file if it exists."))
    ] = False,
    lang: LangOption = None,
) -> None:
    """Print the JSON Schema of plan files, for editors (规划文件的 JSON Schema)."""
    import json

    from plancheck.plan.model import json_schema
    from plancheck.report import file_target
    from plancheck.report.write import write_atomic

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output_text is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(file_target(output_text), text, force=force)
    except PlancheckError as exc:
        _fail(exc, _lang(lang))


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
        str, typer.Option("--region", help=_h("市或县，如 宿州市。", "The city or county, e.g. 宿州市."))
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
        str | None, typer.Option("--city", help=_h("县级规划：所属的市。", "For a county: its city."))
    ] = None,
    rules: RulesOption = None,
    force: Annotated[
        bool, typer.Option("--force", help=_h("文件已存在时替换它。", "Replace the file if it exists."))
    ] = False,
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
                    f"{output}: 已生成规划骨架; 填写后运行 plancheck verify {output}",
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
    force: Annotated[
        bool, typer.Option("--force", help=_h("替换已存在的页面。", "Replace pages that already exist."))
    ] = False,
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
    typer.echo(f"{output}: {len(pages)} pages ({len(pages) - 1} rules + index.md)")


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
    force: Annotated[
        bool, typer.Option("--force", help=_h("文件已存在时替换它。", "Replace the file if it exists."))
    ] = False,
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
            typer.echo(f"{output}: {count} findings recorded", err=True)
    except PlancheckError as exc:
        _fail(exc, language)
    raise typer.Exit(exit_for_problems(errors) or EXIT_OK)


@app.command(
    help=_h(
        "覆盖矩阵：各地区规划逐项对照需求。", "Regions × requirements: every plan's coverage side by side."
    )
)
def matrix(
    plans: Annotated[
        list[Path],
        typer.Argument(
            help=_h("规划文件、文件夹或通配符。", "Plan files, directories or glob patterns."),
            show_default=False,
            metavar="PLAN_OR_DIR",
        ),
    ],
    output_text: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=_h(
                "matrix.html、.md、.csv 或 .xlsx（默认：以 Markdown 输出到终端）。",
                "matrix.html, .md, .csv or .xlsx (default: Markdown to stdout).",
            ),
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_h("文件已存在时替换它。", "Replace the file if it exists."))
    ] = False,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Regions × requirements: every plan's coverage side by side (覆盖矩阵)."""
    from plancheck.portfolio.matrix import matrix_command

    code = matrix_command(
        plans, output=output_text, force=force, lang=_lang(lang), rules=rules, version=__version__
    )
    raise typer.Exit(code)


DiffFormat = Enum("DiffFormat", {name: name for name in DIFF_FORMATS}, type=str)  # type: ignore[misc]
DIFF_TEXT = DiffFormat("text")


@app.command(
    "diff",
    help=_h(
        "比较规划两个版本：已解决、新出现和未变的问题。",
        "Findings fixed, introduced and unchanged between two versions of a plan.",
    ),
)
def diff_command(
    plans: Annotated[
        list[Path],
        typer.Argument(
            help=_h("旧版 新版（或配合 --git：规划文件）。", "OLD NEW (or, with --git, PLAN)."),
            show_default=False,
            metavar="OLD NEW",
        ),
    ],
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="REV",
            help=_h(
                "将规划文件与它在此 git 版本中的内容比较。",
                "Compare PLAN with its version at this git revision.",
            ),
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help=_h("输出格式。", "Output format."))
    ] = DIFF_TEXT,
    fail_on_new: Annotated[
        bool,
        typer.Option(
            "--fail-on-new",
            help=_h(
                "新出现不低于 --fail-on 级别的问题时以 1 退出。",
                "Exit 1 when a finding at or above --fail-on was introduced.",
            ),
        ),
    ] = False,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help=_h("--fail-on-new 计算的起始严重程度。", "The severity --fail-on-new counts from."),
        ),
    ] = FAIL_ON_ERROR,
    lang: LangOption = None,
    rules: RulesOption = None,
) -> None:
    """Findings fixed, introduced and unchanged between two versions of a plan (比较两个版本)."""
    from plancheck.portfolio.diff import diff_command as run_diff

    code = run_diff(
        plans,
        git=git,
        output_format=output_format.value,
        fail_on=fail_on.value if fail_on_new else None,
        lang=_lang(lang),
        rules=rules,
    )
    raise typer.Exit(code)


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


OfficeOption = Annotated[
    str | None,
    typer.Option(
        "--office",
        metavar="NAME",
        help="The reviewing office: comment author and signature (default: plancheck.toml, else 省数据资源局).",
    ),
]
ReferenceOption = Annotated[
    str | None, typer.Option("--reference", metavar="NO", help="The review's reference number (审核文号).")
]
DateOption = Annotated[
    str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="The review's date (default: today).")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Settings file (default: plancheck.toml in the plan's folder or a folder above it).",
    ),
]


@app.command("review")
def review_command(
    plan: Annotated[
        Path, typer.Argument(help="The plan's Word file (.docx).", show_default=False, metavar="PLAN.docx")
    ],
    output_text: Annotated[
        str,
        typer.Option("--output", "-o", metavar="OUT.docx", help="The copy with the comments (a new file)."),
    ],
    office: OfficeOption = None,
    initials: Annotated[
        str | None, typer.Option("--initials", metavar="TEXT", help="The office's initials on the comments.")
    ] = None,
    reference: ReferenceOption = None,
    date: DateOption = None,
    config: ConfigOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT.docx if it exists.")] = False,
    no_waivers: Annotated[bool, typer.Option("--no-waivers", help="Ignore waivers (for audits).")] = False,
    rules: RulesOption = None,
    lang: Annotated[
        Language | None,
        typer.Option("--lang", help="Language of the comments: zh (default, as the document) or en."),
    ] = None,
) -> None:
    """Write the findings as Word comments (批注) into a copy of the plan's .docx (审核批注)."""
    from plancheck.portfolio.pipeline import PackCache
    from plancheck.portfolio.review import refuse_non_word, review_document
    from plancheck.portfolio.signing import load_signing
    from plancheck.report import emit, file_target
    from plancheck.report.review import annotate
    from plancheck.report.write import check_target

    language: Lang = cast(Lang, lang.value) if lang is not None else "zh"
    try:
        output = file_target(output_text)
        refuse_non_word(plan)
        if output.suffix.lower() != ".docx":
            raise UsageError(
                Problem(
                    shown_path(output),
                    Message(
                        "批注写入 Word 文件: -o 应以 .docx 结尾",
                        "comments go into a Word file: -o must end in .docx",
                    ),
                    code="usage",
                )
            )
        check_target(output, force=force, inputs=[plan])
        signing = load_signing(
            [plan], config=config, office=office, initials=initials, reference=reference, date=date
        )
        packs = PackCache.with_rules(rules)
        review = review_document(plan, packs, use_waivers=not no_waivers)
        content = annotate(plan, review, signing, language, signing.date)
        emit(content, output, force=force, inputs=[plan, *packs.folders()])
    except PlancheckError as exc:
        _fail(exc, language)
    counts = review.report.counts()
    typer.echo(
        Message(
            f"{output}: {len(review.anchors)} 条批注 (错误 {counts['error']}, 警告 {counts['warning']}, "
            f"提示 {counts['info']}) 和 1 条汇总, 作者 {signing.office}",
            f"{output}: {len(review.anchors)} comments (errors {counts['error']}, warnings {counts['warning']}, "
            f"info {counts['info']}) and a summary, by {signing.office}",
        ).pick(language),
        err=True,
    )
