"""Every rule's embedded examples run: passing ones draw nothing, failing ones draw a finding
at the expected line with the expected detail. Plus the meta-tests on rule metadata."""

from __future__ import annotations

import pytest

from plancheck.authoring.examples import run_example
from plancheck.authoring.listing import coverage
from plancheck.pack.load import load_pack
from tests.conftest import PACK_DIR

PACK = load_pack(PACK_DIR)
CASES = [
    (rule, kind, index, example)
    for rule in PACK.rules
    for kind, examples in (("pass", rule.passing), ("fail", rule.failing))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize(
    ("rule", "kind", "index", "example"),
    CASES,
    ids=[f"{r.id}-{k}{i}" for r, k, i, _ in CASES],
)
def test_rule_example(rule, kind, index, example):
    result = run_example(PACK, rule, example, kind, index)
    assert result.ok, result.reason


def test_failing_examples_name_the_rule_line_and_message():
    """A failing example's finding is what a user sees: the engine attaches this rule's id and
    message to the violation at the expected line."""
    from plancheck.engine.check import check_plan
    from plancheck.pack.examples import example_document, example_plan

    for rule in PACK.rules:
        example = rule.failing[0]
        document = example_document(PACK, rule, example, "fail", 0)
        report = check_plan(example_plan(document), PACK)
        mine = [f for f in report.findings if f.rule_id == rule.id]
        assert mine, rule.id
        assert any(f.line == example.expect.line for f in mine), (rule.id, [f.line for f in mine])
        assert all(f.message.en == rule.message.en.strip() for f in mine)
        assert all(f.severity == rule.severity for f in mine)


def test_every_rule_documents_itself():
    for rule in PACK.rules:
        r = rule
        for text in (rule.title, rule.message, rule.fix, rule.rationale):
            assert text.zh.strip() and text.en.strip(), r.id
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh), (r.id, text.zh)
        assert rule.citation.section and rule.citation.text, r.id
        assert rule.implements, r.id
        assert rule.passing and rule.failing, r.id


def test_citations_quote_the_provincial_text():
    """A citation without a `document` quotes the provincial plan; its sentence must be there
    (ellipses mark omissions), punctuated as Chinese text is shown (full-width marks, i18n.zh)."""
    from plancheck.i18n import zh
    from tests.conftest import ROOT

    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds not beside the project")
    provincial = zh((seeds / "000_af83c7f099a51717.txt").read_text(encoding="utf-8"))
    for r in PACK.rules:
        citation = r.citation
        if citation.document:
            continue
        for part in citation.text.replace("……", "…").split("…"):
            part = part.strip()
            if part:
                assert part in provincial, (r.id, part)


def test_every_catalogue_requirement_is_implemented():
    covered = coverage(PACK)
    expected = {f"F{i}" for i in range(1, 9)} | {f"D{i}" for i in range(1, 7)} | {"P1", "P2", "P3"}
    expected |= {f"A{i}" for i in range(1, 9)} | {"C1", "H1", "H2", "H3", "T1", "T2", "S1"}
    assert expected <= set(covered)
    assert [cid for cid, rules in covered.items() if not rules] == []


def test_rule_levels_match_the_catalogue():
    """A rule applies only at levels its requirements apply to (H1/H2 counties only, etc.)."""
    for r in PACK.rules:
        allowed = set().union(*(PACK.requirements[c].applies_to for c in r.implements))
        assert set(r.levels) <= allowed, (r.id, r.levels, allowed)
    assert PACK.rule("AH-H1-COUNTY-OWN-CLOUD").levels == ("county",)
    assert PACK.rule("AH-H2-COUNTY-OWN-DATA-CENTRE").levels == ("county",)
