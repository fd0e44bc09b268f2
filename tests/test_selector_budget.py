"""A selector that would run (almost) forever, written in a plan's waiver or in a rule pack, is a
clear error for the plan or the pack at fault, soon; the other plans of a batch are still checked.
Each run is a separate process with a timeout, so that a hang fails the test instead of the suite."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.test_rulepack import MANIFEST, make_pack, rule

HOSTILE_TITLE = "a" * 40 + "!"  # (a|a)+ takes about 2^40 steps to give up on it
HOSTILE_PATH = "$.plan[?match(@, '(a|a)+')]"
WAIVER = """
waivers:
  - rule: A2
    reason: 经济调节类应用依托省级平台
    approver: 阜阳市数据资源局
    granted: 2022-01-10
    path: "{path}"
"""
SOON = 15  # seconds: the budget is 1 s of CPU time, and a busy machine stretches it


def plancheck(tmp_path, *args):
    """(exit code, stdout, stderr, seconds) of ``plancheck verify ARGS`` in its own process."""
    env = {**os.environ, "PLANCHECK_CACHE_DIR": str(tmp_path / "cache")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "plancheck", "verify", *map(str, args), "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
        start_new_session=True,  # its own process group: a hang's workers are ended with it
    )  # fmt: skip
    try:
        stdout, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"plancheck verify {' '.join(map(str, args))} still ran after 60 s")
    return process.returncode, stdout, stderr, time.perf_counter() - started


def plans(tmp_path, hostile: str, count: int = 3):
    """``count`` copies of the Fuyang plan in a folder; the second with ``hostile`` appended and a
    title its pattern backtracks on; the line and column of its waiver's path."""
    folder = tmp_path / "plans"
    folder.mkdir()
    text = (EXAMPLES / "fuyang.yaml").read_text(encoding="utf-8")
    for index in range(count):
        body = text
        if index == 1:
            body = text.replace("\n  title: ", f"\n  title: {HOSTILE_TITLE}\n  x-title: ", 1) + hostile
        (folder / f"plan-{index}.yaml").write_text(body, encoding="utf-8")
    lines = (folder / "plan-1.yaml").read_text(encoding="utf-8").splitlines()
    return folder, next((n for n, t in enumerate(lines, 1) if t.startswith("    path: ")), None)


def test_a_waiver_path_whose_pattern_backtracks_is_an_error_for_its_plan(tmp_path):
    folder, line = plans(tmp_path, WAIVER.format(path=HOSTILE_PATH))
    code, _, stderr, seconds = plancheck(tmp_path, folder / "plan-1.yaml")
    assert code == 2 and seconds < SOON, stderr
    assert stderr.strip() == (
        f"{folder / 'plan-1.yaml'}:{line}:5: the waiver's path cannot be evaluated: selector "
        f"'{HOSTILE_PATH}': its pattern '(a|a)+' took too long (over 1 s) and cannot decide"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_in_a_batch_the_other_plans_are_still_reported(tmp_path, jobs):
    folder, line = plans(tmp_path, WAIVER.format(path=HOSTILE_PATH), count=3 if jobs == "1" else 4)
    code, stdout, stderr, seconds = plancheck(tmp_path, folder, "--format", "json", "--jobs", jobs)
    assert code == 2 and seconds < SOON, stderr
    report = json.loads(stdout)
    others = sorted(str(folder / f"plan-{i}.yaml") for i in (0, 2, 3) if (folder / f"plan-{i}.yaml").exists())
    assert sorted(plan["file"] for plan in report["plans"]) == others
    [error] = report["errors"]
    assert (error["file"], error["line"], error["column"], error["code"]) == (
        str(folder / "plan-1.yaml"),
        line,
        5,
        "waiver",
    )
    assert "its pattern '(a|a)+' took too long" in error["message"]


def test_a_waiver_path_nesting_filters_is_stopped_too(tmp_path):
    """No pattern at all: three nested descents cost the cube of the plan's size (hours)."""
    folder, line = plans(tmp_path, WAIVER.format(path="$..*[?$..*[?$..*]]"), count=2)
    code, stdout, stderr, seconds = plancheck(tmp_path, folder, "--format", "json")
    assert code == 2 and seconds < SOON, stderr
    report = json.loads(stdout)
    assert [plan["file"] for plan in report["plans"]] == [str(folder / "plan-0.yaml")]
    assert report["errors"][0]["line"] == line
    assert "selector '$..*[?$..*[?$..*]]' took too long to evaluate" in report["errors"][0]["message"]


def test_a_waiver_path_with_value_works_in_a_batch(tmp_path):
    """value(@) on a scalar made the library raise TypeError: exit 3 for the whole batch."""
    folder, _ = plans(tmp_path, WAIVER.format(path="$..[?value(@) != 'no such value']"))
    code, stdout, stderr, _ = plancheck(tmp_path, folder, "--format", "json")
    assert code in (0, 1) and "internal error" not in stderr, stderr
    report = json.loads(stdout)
    assert len(report["plans"]) == 3 and report["errors"] == []
    [waiver] = report["plans"][1]["waivers"]
    assert waiver["status"] == "used"  # the path selects every node: it covers the A2 finding


def test_a_pack_selector_whose_pattern_backtracks_on_an_example_stops_the_pack(tmp_path):
    manifest = MANIFEST.replace("{title: 示例,", "{title: " + HOSTILE_TITLE + ",")
    pack = make_pack(tmp_path, rule(select=f'"{HOSTILE_PATH}"', function="present", options="{}"), manifest)
    code, _, stderr, seconds = plancheck(tmp_path, EXAMPLES / "fuyang.yaml", "--rules", pack)
    assert code == 2 and seconds < SOON, stderr
    assert stderr.strip() == (
        f"{pack / 'rules' / 'main.yaml'}:12:7: rule T-F6: selector '{HOSTILE_PATH}': "
        "its pattern '(a|a)+' took too long (over 1 s) and cannot decide"
    )


def test_a_pack_selector_whose_pattern_backtracks_on_a_plan_stops_that_plan(tmp_path):
    pack = make_pack(tmp_path, rule(select=f'"{HOSTILE_PATH}"', function="present", options="{}"))
    folder, _ = plans(tmp_path, "")
    code, stdout, stderr, seconds = plancheck(tmp_path, folder, "--rules", pack, "--format", "json")
    assert code == 2 and seconds < SOON, stderr
    report = json.loads(stdout)
    assert [plan["file"] for plan in report["plans"]] == [str(folder / f"plan-{i}.yaml") for i in (0, 2)]
    [error] = report["errors"]
    assert error["file"] == str(folder / "plan-1.yaml") and error["line"] is None
    assert error["message"] == (
        f"rule T-F6: selector '{HOSTILE_PATH}': its pattern '(a|a)+' took too long (over 1 s) and cannot decide"
    )


def test_a_pack_pattern_that_backtracks_costs_a_plan_one_timeout_not_one_per_value(tmp_path):
    """A rule's ``pattern`` had 1 s per value: on a plan with 300 values it backtracks on, that
    was 300 s. Now a pattern that has timed out once on a plan is not run again on it: every
    value still gets its finding (the rule cannot decide), in about one timeout."""
    pattern = "((x)|(x))+$"  # passes the nested-quantifier check; exponential on x…x!
    pack = make_pack(
        tmp_path,
        rule(
            select='"$.applications.public_services[*].name"',
            function="matches",
            options="{pattern: '" + pattern + "', label: {zh: 叉号, en: crosses}}",
        ),
    )
    text = (EXAMPLES / "fuyang.yaml").read_text(encoding="utf-8")
    items = "".join(f"    - {{name: {'x' * 40}{i}!, source: self}}\n" for i in range(300))
    at = text.index("\napplications:\n") + 1  # the plan's own applications become x-applications
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        text[:at] + "applications:\n  public_services:\n" + items + "x-" + text[at:], encoding="utf-8"
    )
    code, stdout, stderr, seconds = plancheck(tmp_path, plan, "--rules", pack, "--format", "json")
    assert code == 1 and seconds < SOON, (code, seconds, stderr)
    findings = [f for p in json.loads(stdout)["plans"] for f in p["findings"] if f["rule"] == "T-F6"]
    assert len(findings) == 300
    assert all(
        "the rule's pattern timed out (1 s) on this plan and cannot decide" in f["detail"] for f in findings
    )


def test_a_vocabulary_pattern_that_backtracks_is_tried_once_per_document():
    from plancheck.extract.find import search
    from plancheck.pack.ir import pattern_budget

    started = time.process_time()
    with pattern_budget():
        found = [search("((x)|(x))+$", "x" * 40 + "!") for _ in range(30)]
    assert found == [None] * 30
    assert time.process_time() - started < 5  # one timeout of 1 s, not thirty
