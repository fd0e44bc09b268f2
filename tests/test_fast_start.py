"""The fast start of a plain ``plancheck verify``: the compiled plan validator agrees with the
pydantic model, the plain parser reads a call as typer does (both are made from one declaration
of verify's options), the cached pack is the loaded pack, the cache trusts only what it wrote,
and a plain run imports none of the heavy libraries."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import ValidationError as CoreValidationError
from typer.testing import CliRunner

from plancheck.cli.app import app
from plancheck.cli.verify import VerifyOptions, parse_plain
from plancheck.engine.check import check_plan
from plancheck.pack.cache import load_pack_cached
from plancheck.pack.load import load_pack
from plancheck.plan.compiled import compile_plan, compiled_plan, plan_data
from plancheck.plan.model import Plan
from plancheck.portfolio.pipeline import load_plan
from plancheck.read.yamlfile import load_yaml
from tests.conftest import ENTRY_POINT, EXAMPLES, PACK_DIR, ROOT
from tests.fuzz_strategies import PLANS, mutate

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _both(data):
    """(what the model gives, what the compiled validator gives): plan data or 'invalid'."""
    try:
        expected = Plan.model_validate(data).model_dump(mode="json", exclude_none=True, exclude_unset=True)
    except ValidationError:
        expected = "invalid"
    try:
        got = plan_data(compile_plan().validate(data))
    except CoreValidationError:
        got = "invalid"
    return expected, got


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_the_compiled_validator_reads_the_examples_as_the_model_does(path):
    expected, got = _both(load_yaml(path).data)
    assert expected != "invalid"
    assert got == expected


def test_the_compiled_validator_applies_the_models_own_rules():
    data = load_yaml(EXAMPLES / "fuyang.yaml").data
    data["plan"]["period"] = "２０２１年至2025年"
    data["plan"]["issued"] = "2021年12月31日"
    data["foundation"]["cloud"]["built_by"] = "city"  # a city plan: the same as self
    data["data_center"]["sharing"] = "  一个字符串  "  # the statement shorthand, stripped
    data["x-note"] = "a local extension"
    expected, got = _both(data)
    assert got == expected
    assert got["plan"]["period"] == {"start": 2021, "end": 2025, **_evidence(got["plan"]["period"])}
    assert got["plan"]["issued"] == "2021-12-31"
    assert got["foundation"]["cloud"]["built_by"] == "self"
    assert got["data_center"]["sharing"] == {"text": "一个字符串"}
    assert "x-note" not in got
    data["plan"]["period"] = "2025-2021"
    assert _both(data) == ("invalid", "invalid")


def test_a_plan_model_with_values_plan_data_cannot_dump_is_refused():
    """plan_data dumps compiled plans itself; a model field of another type (or with its own
    serializer) must stop the compilation rather than be dumped differently from pydantic."""
    from decimal import Decimal
    from typing import Annotated

    from pydantic import BaseModel, PlainSerializer

    from plancheck.plan.compiled import _plain

    class WithDecimal(BaseModel):
        budget: Decimal

    class WithSerializer(BaseModel):
        name: Annotated[str, PlainSerializer(lambda v: v.upper())]

    for model in (WithDecimal, WithSerializer):
        with pytest.raises(TypeError, match="cannot dump"):
            _plain(model.__pydantic_core_schema__)
    _plain(Plan.__pydantic_core_schema__)  # the real model passes


def _evidence(period):
    return {k: v for k, v in period.items() if k in ("source", "quote")}


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(PLANS)
def test_the_compiled_validator_agrees_with_the_model_on_generated_plans(data):
    expected, got = _both(data)
    assert got == expected


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10**6))
def test_the_compiled_validator_agrees_with_the_model_on_mutated_examples(seed):
    rng = random.Random(seed)
    data = load_yaml(rng.choice(EXAMPLE_FILES)).data
    for _ in range(rng.randint(1, 4)):
        data = mutate(data, rng, rng.choice(["drop", "retype", "reorder", "inject", "unknown"]))
    expected, got = _both(data)
    assert got == expected


def test_an_invalid_plan_gets_the_models_message(tmp_path):
    plan = tmp_path / "plan.yaml"
    text = (EXAMPLES / "fuyang.yaml").read_text(encoding="utf-8").replace("level: city", "level: town", 1)
    plan.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "plancheck", "verify", str(plan), "--lang", "en"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 2
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "level: town" in t)
    assert f"plan.yaml:{line}:" in result.stderr
    assert "expected one of: 'province', 'city' or 'county' (found 'town')" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_cached_pack_is_the_loaded_pack(tmp_path, monkeypatch):
    """The cache stores the compiled pack with plain pickle: what it reads back equals what a
    fresh load compiles, down to every rule's check and options, and it checks plans alike."""
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path / "cache"))
    loaded = load_pack(PACK_DIR)
    load_pack_cached(PACK_DIR)  # writes the cache
    cached = load_pack_cached(PACK_DIR)  # reads it
    assert len(list((tmp_path / "cache").glob("pack-*.pickle"))) == 1
    assert [rule.check for rule in cached.rules] == [rule.check for rule in loaded.rules]
    assert [(r.id, r.title, r.layer, r.citation) for r in cached.rules] == [
        (r.id, r.title, r.layer, r.citation) for r in loaded.rules
    ]
    for path in EXAMPLE_FILES:
        plan = load_plan(path)
        a, b = check_plan(plan, loaded), check_plan(plan, cached)
        assert [(f.rule_id, f.line, f.message, f.detail, f.fix) for f in a.findings] == [
            (f.rule_id, f.line, f.message, f.detail, f.fix) for f in b.findings
        ]


# --------------------------------------------------------------------------- the plain parser

PLAIN_CALLS = [
    ["verify", "examples/fuyang.yaml"],
    ["verify", "examples/fuyang.yaml", "examples/county-own-cloud.yaml", "--format", "json"],
    ["verify", "-f", "sarif", "examples", "--lang", "zh", "--fail-on", "warning"],
    ["verify", "--format=github", "examples/fuyang.yaml", "--rules", "anhui-11171", "--no-waivers"],
    ["verify", "examples/fuyang.yaml", "-o", "out.json", "-o", "html:out.html", "--force"],
    ["verify", "examples/fuyang.yaml", "--jobs", "2", "--baseline", "b.json", "--docs-url", "https://x"],
    ["verify", "examples/fuyang.yaml", "-j", "1", "--output=junit:r.xml", "--lang=en"],
]
NOT_PLAIN = [
    [],
    ["--version"],
    ["verify"],
    ["verify", "--help"],
    ["verify", "examples/fuyang.yaml", "--format", "yaml"],
    ["verify", "examples/fuyang.yaml", "--lang", "fr"],
    ["verify", "examples/fuyang.yaml", "--jobs", "0"],
    ["verify", "examples/fuyang.yaml", "--jobs", "-1"],
    ["verify", "examples/fuyang.yaml", "--jobs", "two"],
    ["verify", "examples/fuyang.yaml", "--fail-on"],
    ["verify", "examples/fuyang.yaml", "--unknown"],
    ["verify", "examples/fuyang.yaml", "-fjson"],
    ["verify", "--", "examples/fuyang.yaml"],
    ["matrix", "examples"],
    ["rules", "list"],
]


@pytest.mark.parametrize("argv", PLAIN_CALLS, ids=" ".join)
def test_the_plain_parser_reads_a_call_as_typer_does(argv, monkeypatch):
    seen: list[VerifyOptions] = []
    monkeypatch.setattr("plancheck.cli.app.run", lambda options: seen.append(options) or 0)
    result = CliRunner().invoke(app, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert parse_plain(argv) == seen[0]


@pytest.mark.parametrize("argv", NOT_PLAIN, ids=lambda a: " ".join(a) or "(nothing)")
def test_the_plain_parser_leaves_everything_else_to_typer(argv):
    assert parse_plain(argv) is None


# --------------------------------------------------------------------------- what a run imports


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_a_plain_verify_imports_no_heavy_library(tmp_path, output_format):
    # a plain run in one process leaves through os._exit, skipping the interpreter's teardown:
    # the probe lists the modules there
    probe = (
        "import os, sys\n"
        "leave = os._exit\n"
        "def listed(code):\n"
        "    sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n"
        "    sys.stderr.flush()\n"
        "    leave(code)\n"
        "os._exit = listed\n"
        f"sys.argv = ['plancheck', 'verify', 'examples/fuyang.yaml', '--format', '{output_format}']\n"
        "from plancheck.cli.launcher import main\n"
        "main()\n"
    )
    env = {**os.environ, "PLANCHECK_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first run fills the cache, the second reads it
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env
        )
        assert result.returncode == 0, result.stderr
    modules = set(result.stderr.split("MODULES ")[1].split())
    heavy = {
        "typer", "click", "pydantic", "rich.console", "rich.text", "docx", "openpyxl",
        "multiprocessing", "plancheck.plan.model", "plancheck.pack.spec", "uuid", "orjson",
    }  # fmt: skip
    assert not modules & heavy
    if output_format == "json":
        assert json.loads(result.stdout)["plans"][0]["file"] == "examples/fuyang.yaml"
        assert "rich" not in modules
    else:  # rich's console only for colour or a line to fold; its character widths for the table
        assert result.stdout.startswith("阜阳市“数字政府”建设规划(2021-2025年) examples/fuyang.yaml\n")
        assert "rich.cells" in modules
    assert {"pydantic_core", "plancheck.plan.compiled", "plancheck.pack.ir"} <= modules
    assert len(list(Path(tmp_path).glob("*.pickle"))) == 2  # the pack and the plan model


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_entry_point_leaves_with_all_its_output(tmp_path, jobs):
    """The installed command, which skips the interpreter's teardown, writes the same report,
    to the pipe and to a file, and exits with the same code as the full command line; with
    --jobs 2 its worker processes have finished before it leaves."""
    import shutil

    plans = tmp_path / "plans"
    plans.mkdir()
    for path in EXAMPLE_FILES:
        for copy in ("a", "b"):
            shutil.copy(path, plans / f"{copy}-{path.name}")
    report = tmp_path / "report.json"
    command = ["verify", str(plans), "--format", "json", "--jobs", jobs]
    env = {**os.environ, "PLANCHECK_CACHE_DIR": str(tmp_path / "cache")}
    expected = CliRunner().invoke(app, command)
    assert len(json.loads(expected.stdout)["plans"]) == 2 * len(EXAMPLE_FILES)
    for extra in ([], ["-o", f"json:{report}"]):  # to the pipe, then to a file
        result = subprocess.run(
            [sys.executable, "-c", ENTRY_POINT, *command, *extra],
            capture_output=True, text=True, cwd=ROOT, env=env,
        )  # fmt: skip
        assert result.returncode == expected.exit_code == 1
        written = report.read_text(encoding="utf-8") if extra else result.stdout
        assert json.loads(written) == json.loads(expected.stdout)


def test_the_compiled_plan_is_reused_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path))
    from plancheck.plan import compiled as module

    monkeypatch.setattr(module, "_LOADED", [])
    first = compiled_plan()
    monkeypatch.setattr(module, "_LOADED", [])
    monkeypatch.setattr(module, "compile_plan", lambda: pytest.fail("compiled again"))
    second = compiled_plan()
    assert second is not first and second.keys == first.keys


# --------------------------------------------------------------------------- the caches


def test_any_change_to_plancheck_code_invalidates_the_caches(tmp_path, monkeypatch):
    from plancheck import cache

    package = tmp_path / "package"
    (package / "render").mkdir(parents=True)
    (package / "engine.py").write_text("x = 1\n")
    (package / "render" / "text.py").write_text("y = 1\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    first = cache.code_stamp()
    (package / "render" / "text.py").write_text("y = 22\n")  # a module in a sub-package
    assert cache.code_stamp() != first


def test_a_pack_is_cached_apart_from_its_copies_and_follows_its_base(tmp_path, monkeypatch):
    import shutil

    from plancheck.pack.cache import cache_key

    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path / "cache"))
    base = tmp_path / "base pack"
    shutil.copytree(PACK_DIR, base)
    derived = tmp_path / "derived"
    (derived / "rules").mkdir(parents=True)
    (derived / "pack.yaml").write_text(
        'name: derived\nversion: "1"\ntitle: {zh: 派生, en: derived}\nframework: {zh: 框架, en: framework}\n'
        'province: 安徽省\nlevels: [city, county]\nextends: "../base pack"\nexample_plan: {}\n',
        encoding="utf-8",
    )
    key = cache_key(derived)
    rules = base / "rules" / "foundation.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("severity: error", "severity: info", 1), "utf-8"
    )
    assert cache_key(derived) != key  # a change to the base pack, named with a space and quotes
    copy = tmp_path / "copy"
    shutil.copytree(base, copy)
    assert cache_key(copy) != cache_key(base)  # a cached pack records its folder
    assert load_pack_cached(copy).directory == copy.resolve()
    assert load_pack_cached(base).directory == base.resolve()


def test_a_new_cache_file_replaces_the_old_one_of_its_pack(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "pack"
    shutil.copytree(PACK_DIR, pack)
    load_pack_cached(pack)
    rules = pack / "rules" / "foundation.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("severity: error", "severity: info", 1), "utf-8"
    )
    load_pack_cached(pack)
    assert len(list((tmp_path / "cache").glob("pack-pack-*.pickle"))) == 1


def test_a_damaged_cache_only_costs_time(tmp_path):
    env = {**os.environ, "PLANCHECK_CACHE_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "plancheck", "verify", "examples/fuyang.yaml", "--format", "json"]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    for path in tmp_path.glob("*.pickle"):
        path.write_bytes(b"\x80\x05\x95garbage" + os.urandom(64))
    again = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    assert again.returncode == first.returncode == 0, again.stderr
    assert json.loads(again.stdout)["plans"] == json.loads(first.stdout)["plans"]


def test_parallel_workers_report_what_one_process_reports(tmp_path):
    """Packs loaded by worker processes are known to the reports the parent writes: the SARIF
    rules are the same with --jobs 1 and --jobs 2."""
    import shutil

    plans = tmp_path / "plans"
    plans.mkdir()
    for i, example in enumerate(EXAMPLE_FILES * 2):
        shutil.copy(example, plans / f"{i:02d}-{example.name}")
    reports = {}
    for jobs in ("1", "2"):
        target = tmp_path / f"report-{jobs}.sarif"
        result = subprocess.run(
            [sys.executable, "-m", "plancheck", "verify", str(plans), "--jobs", jobs, "-o", f"sarif:{target}"],
            capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        assert result.returncode == 1, result.stderr
        reports[jobs] = json.loads(target.read_text(encoding="utf-8"))
    rules = [run["tool"]["driver"]["rules"] for run in reports["2"]["runs"]]
    assert rules == [run["tool"]["driver"]["rules"] for run in reports["1"]["runs"]]
    assert all(len(r) == len(load_pack(PACK_DIR).rules) for r in rules)
