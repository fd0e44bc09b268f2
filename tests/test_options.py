"""The command line's options, declared once (``plancheck.cli.options``): every command's
options and help are its declarations', the options verify, review, matrix and diff share show
the same help wherever they appear, a wrong choice gets plancheck's own message (file-free, exit
2) from every command, and the shell completes every choice. Everything here is read from the
declarations, so that adding or rewording an option changes no test."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from plancheck.cli.app import command
from plancheck.cli.options import COMMANDS, LANG, Option
from tests.conftest import ENTRY_POINT, ROOT, run_cli

# the arguments each command needs before its options are looked at
ARGUMENTS = {
    "verify": ["plan.yaml"],
    "review": ["plan.docx", "-o", "out.docx"],
    "matrix": ["x"],
    "diff": ["a", "b"],
}


def _typer_options(name: str) -> dict[str, object]:
    """The options typer's command for ``name`` takes, by their first flag."""
    params = command().commands[name].params  # type: ignore[attr-defined]
    return {
        param.opts[0]: param for param in params if param.param_type_name == "option" and param.name != "help"
    }


def _squeezed(text: str) -> str:
    """Text with every space and line break removed: help is wrapped where the terminal wants."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_takes_exactly_its_declared_options(name):
    declared = COMMANDS[name]
    typer_options = _typer_options(name)
    assert set(typer_options) == {option.flags[0] for option in declared}
    for option in declared:
        param = typer_options[option.flags[0]]
        assert tuple(param.opts + param.secondary_opts) == option.flags
        assert param.required == option.required
        assert param.is_flag == (option.kind == "flag")
        assert param.multiple == (option.kind == "list")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_shows_every_declared_option_in_the_locales_language(name, lang):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "zh_CN.UTF-8" if lang == "zh" else "en_US.UTF-8"
    env["COLUMNS"] = "100"
    result = subprocess.run(
        [sys.executable, "-c", ENTRY_POINT, name, "--help"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    shown = _squeezed(result.stdout)
    for option in COMMANDS[name]:
        assert _squeezed(option.help.pick(lang)) in shown, option.flags
        if option.choices:
            assert "[" + "|".join(option.choices) + "]" in result.stdout


def _shared(first: str, second: str) -> list[tuple[Option, Option]]:
    by_flag = {option.flags[0]: option for option in COMMANDS[second]}
    return [(option, by_flag[option.flags[0]]) for option in COMMANDS[first] if option.flags[0] in by_flag]


@pytest.mark.parametrize("other", ["review", "matrix", "diff"])
def test_options_shared_with_verify_show_the_same_help(other):
    """Where verify and another command take the same option, its help is the same in both
    commands' --help, unless that command declares its own default or meaning (a variant, e.g.
    review's comments in Chinese) or an option of its own under the same flag (diff's formats)."""
    shared = _shared("verify", other)
    assert shared, f"verify and {other} share no option"
    verify_help, other_help = _typer_options("verify"), _typer_options(other)
    for mine, theirs in shared:
        flag = mine.flags[0]
        if mine is theirs:
            assert verify_help[flag].help == other_help[flag].help, flag  # type: ignore[attr-defined]
        else:
            assert mine != theirs, f"{flag} is declared twice alike"


def test_no_option_is_declared_twice():
    """Two declarations of one option (the same flags, help and choices) would drift apart: each
    command's option that means the same is the one declaration."""
    declarations = {id(option): option for options in COMMANDS.values() for option in options}
    seen: dict[tuple[object, ...], Option] = {}
    for option in declarations.values():
        key = (option.flags, option.help.en, option.choices)
        assert key not in seen, f"{option.flags[0]} is declared twice"
        seen[key] = option


def test_review_and_verify_share_the_signing_options():
    """The signature of a review (who, which reference, when, which settings) is asked for alike
    by verify --formal and review: one declaration each, one help."""
    shared = {mine.flags[0] for mine, theirs in _shared("verify", "review") if mine is theirs}
    assert {"--office", "--reference", "--date", "--config"} <= shared


@pytest.mark.parametrize(
    ("name", "option"),
    [(name, option) for name, options in sorted(COMMANDS.items()) for option in options if option.choices],
    ids=lambda x: x if isinstance(x, str) else x.flags[0],
)
def test_a_wrong_choice_gets_plancheck_s_message_from_every_command(name, option, monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = run_cli(name, *ARGUMENTS[name], option.flags[0], "nonsense")
    assert result.exit_code == 2
    assert (
        f"invalid value for {option.flags[0]}: expected one of: {', '.join(option.choices)}" in result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "option"),
    [(name, option) for name, options in sorted(COMMANDS.items()) for option in options if option.choices],
    ids=lambda x: x if isinstance(x, str) else x.flags[0],
)
def test_the_shell_completes_every_choice(name, option):
    words = f"plancheck {name} {option.flags[0]} "
    env = {**os.environ, "_PLANCHECK_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "3"}
    result = subprocess.run(
        [sys.executable, "-c", ENTRY_POINT], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert result.stdout.split() == list(option.choices)


@pytest.mark.parametrize(
    "argv", [["explain", "F6"], ["rules"], ["schema"], ["init", "--region", "宿州市", "--level", "city"]]
)
def test_the_other_commands_take_lang_from_the_same_declaration(argv, monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = run_cli(*argv, "--lang", "fr")
    assert result.exit_code == 2
    assert f"invalid value for --lang: expected one of: {', '.join(LANG.choices)}" in result.stderr
    assert run_cli(*argv, "--lang", "en").exit_code == 0
