"""The text report: the same words with and without colour, columns that line up in Chinese,
long lines folded at the width, and plan text printed as written (never read as rich markup)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from plancheck.engine.check import check_plan
from plancheck.engine.findings import BaselineNote, RunReport
from plancheck.i18n import Message
from plancheck.portfolio.pipeline import PackCache, load_plan
from plancheck.report import RenderContext
from plancheck.report.labels import LAYER_STATUS
from plancheck.report.text import Lines, _plan, _rich, _rich_table, stream_close, stream_plan
from tests.conftest import EXAMPLES, run_cli
from tests.fuzz_strategies import mutated_report

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _report(path):
    loaded = load_plan(path)
    return check_plan(loaded, PackCache().for_plan(loaded))


def _as_rich_prints_it(report, context) -> str:
    """The report's lines, every one printed by rich and its table drawn by rich's Table: what
    the text report was before plancheck laid its lines out itself."""
    lines = Lines()
    _plan(lines, report, context.lang)
    entries = [(p, w, _rich_table(*t) if t is not None else None) for p, w, t in lines.lines]
    return _rich(context, entries)


def _plain_is_richs(report) -> None:
    for lang in ("en", "zh"):
        context = RenderContext(lang=lang, exit_code=0)
        assert stream_plan(report, context) == _as_rich_prints_it(report, context)


@pytest.mark.parametrize("plan", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_plain_text_is_what_rich_prints(plan):
    _plain_is_richs(_report(plan))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10**6))
def test_plain_text_is_what_rich_prints_on_mutated_plans(seed):
    """Hostile text injected into plans (tabs, line breaks, control characters, wide and
    zero-width characters, brackets) reaches titles, regions and findings."""
    report = mutated_report(seed, sorted(EXAMPLES.glob("*.yaml")))
    assume(report is not None)
    _plain_is_richs(report)


def test_a_tab_is_expanded_as_rich_expands_it(tmp_path):
    plan = tmp_path / "p.yaml"
    original = (EXAMPLES / "fuyang.yaml").read_text(encoding="utf-8")
    plan.write_text(original.replace("region: 阜阳市", 'region: "阜阳\t市"', 1), encoding="utf-8")
    report = _report(plan)
    plain = stream_plan(report, RenderContext(lang="en", exit_code=0))
    assert "\t" not in plain
    assert "阜阳    市 · city" in plain  # 阜阳 takes four cells: the tab stop is at eight
    _plain_is_richs(report)


def test_a_table_too_wide_is_folded_by_rich():
    report = _report(EXAMPLES / "fuyang.yaml")
    long = "一个很长的层级名称" * 8
    report.layers[0] = dataclasses.replace(report.layers[0], title=Message(long, "a long layer title " * 8))
    for lang in ("en", "zh"):
        lines = stream_plan(report, RenderContext(lang=lang, exit_code=0)).splitlines()
        table = lines[3 : next(i for i, line in enumerate(lines) if line.startswith(("Requirement", "需求")))]
        assert len(table) >= 10  # the header and nine layers (English folds the long title)
        assert "partial" in table[1] or "部分覆盖" in table[1]
        assert all(cell_len(line) <= 100 for line in table)
    _plain_is_richs(report)


@pytest.mark.parametrize("plan", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_coloured_text_says_what_plain_text_says(plan, lang):
    report = _report(plan)
    plain = stream_plan(report, RenderContext(lang=lang, exit_code=0))
    coloured = stream_plan(report, RenderContext(lang=lang, exit_code=0, color=True))
    assert "\x1b[" not in plain
    assert "\x1b[1;31m" in coloured or "\x1b[33m" in coloured  # errors in bold red, warnings yellow
    assert ANSI.sub("", coloured) == plain


def test_layer_table_columns_line_up_in_chinese():
    text = stream_plan(_report(EXAMPLES / "fuyang.yaml"), RenderContext(lang="zh", exit_code=0))
    lines = text.splitlines()
    start = lines.index("") + 1  # the table follows the blank line after the plan's heading
    header, rows = lines[start], lines[start + 1 : start + 10]
    statuses = sorted((s.pick("zh") for s in LAYER_STATUS.values()), key=len, reverse=True)

    def status_column(line: str) -> int:
        at = min(i for i in (line.find(s) for s in statuses) if i >= 0)
        return cell_len(line[:at])  # a Chinese character takes two cells

    assert header.startswith("层 ") and header.endswith("未通过/规则")
    assert {status_column(row) for row in rows} == {cell_len(header[: header.index("状态")])}
    assert len({cell_len(row) for row in rows if row.rstrip() == row}) == 1  # counts right-aligned


def test_long_lines_fold_at_the_width_others_do_not(tmp_path):
    plan = tmp_path / "p.yaml"
    long_title = "某某市" + "数字政府建设" * 20 + "规划"
    original = (EXAMPLES / "fuyang.yaml").read_text(encoding="utf-8")
    plan.write_text(
        original.replace("  title: 阜阳市“数字政府”建设规划", f"  title: {long_title}", 1), encoding="utf-8"
    )
    text = stream_plan(_report(plan), RenderContext(lang="zh", exit_code=0))
    heading = text.split("\n\n")[0].splitlines()
    assert all(cell_len(line) <= 100 for line in heading)
    assert "".join(heading).replace(" ", "").startswith(long_title)
    assert any(cell_len(line) > 100 for line in text.splitlines())  # a citation is never folded


def test_brackets_in_a_plan_are_printed_as_written(tmp_path):
    plan = tmp_path / "p.yaml"
    original = (EXAMPLES / "fuyang.yaml").read_text(encoding="utf-8")
    region = "[red]阜阳[/red]市 [smart hospital]"
    plan.write_text(original.replace("region: 阜阳市", f'region: "{region}"', 1), encoding="utf-8")
    result = run_cli("verify", plan, "--format", "text")
    assert result.exit_code == 0
    assert f"{region} · city" in result.stdout
    coloured = stream_plan(_report(plan), RenderContext(lang="en", exit_code=0, color=True))
    assert f"{region} · city" in ANSI.sub("", coloured)


def test_fixed_baseline_entries_keep_their_brackets():
    run = RunReport(version="test")
    path = "applications.public_services[smart hospital]"
    run.baseline = BaselineNote(
        fixed=[{"file": "a.yaml", "rule": "AH-A4-PUBLIC-SERVICES", "path": path}], file="b.json"
    )
    text = stream_close(run, RenderContext(lang="en", exit_code=0), 1)
    assert f"  a.yaml AH-A4-PUBLIC-SERVICES {path}\n" in text


def test_the_control_characters_left_out_are_richs():
    from rich.control import STRIP_CONTROL_CODES

    from plancheck.report.text import STRIPPED_CONTROLS

    assert sorted(STRIPPED_CONTROLS) == sorted(STRIP_CONTROL_CODES)


def test_control_characters_in_a_plan_are_left_out(tmp_path):
    plan = tmp_path / "p.yaml"
    original = (EXAMPLES / "fuyang.yaml").read_text(encoding="utf-8")
    plan.write_text(original.replace("region: 阜阳市", 'region: "阜阳\\a\\b市\\r"', 1), encoding="utf-8")
    for color in (False, True):
        text = stream_plan(_report(plan), RenderContext(lang="en", exit_code=0, color=color))
        assert "阜阳市 · city" in ANSI.sub("", text)
        assert not {"\a", "\b", "\r"} & set(text)
