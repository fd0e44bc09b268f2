"""The adversarial corpus (tests/adversarial/corpus.py): every weakening of every catalogue
requirement draws a new finding of that requirement, and every equivalent rewrite draws none.

    python -m tests.test_adversarial      # the corpus size per catalogue id, caught and false counts
    pytest tests/test_adversarial.py -s   # the same table, printed by the summary test
"""

from __future__ import annotations

import copy
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from plancheck.engine.check import check_plan
from plancheck.pack.ir import Pack
from plancheck.pack.load import load_pack
from plancheck.plan.load import load_plan
from plancheck.read.yamlfile import load_yaml
from tests.adversarial.corpus import CASES, Case, county
from tests.conftest import EXAMPLES, PACK_DIR

Key = tuple[str, str, str]  # rule, logical path, English detail


@cache
def _pack() -> Pack:
    return load_pack(PACK_DIR)


@cache
def _base(kind: str) -> dict:
    data = load_yaml(EXAMPLES / "fuyang.yaml").data
    data = copy.deepcopy(data)
    if kind == "county":
        county(data)
    return data


def _findings(data: dict) -> list[tuple[Key, tuple[str, ...]]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        report = check_plan(load_plan(path), _pack(), use_waivers=False)
    return [((f.rule_id, f.logical_path, f.detail.en), tuple(f.implements)) for f in report.findings]


@cache
def _baseline(kind: str) -> frozenset[Key]:
    return frozenset(key for key, _ in _findings(_base(kind)))


def new_findings(case: Case) -> list[tuple[Key, tuple[str, ...]]]:
    """What the changed plan draws that its base does not."""
    data = copy.deepcopy(_base(case.base))
    case.change(data)
    before = _baseline(case.base)
    if case.kind == "rewrite":  # a rewrite may change no finding's wording either
        places = {(r, p) for r, p, _ in before}
        return [(k, ids) for k, ids in _findings(data) if (k[0], k[1]) not in places]
    return [(k, ids) for k, ids in _findings(data) if k not in before]


def outcome(case: Case) -> bool:
    """A weakening is caught (a new finding of its catalogue id); a rewrite draws nothing."""
    found = new_findings(case)
    if case.kind == "weakening":
        return any(case.cid in ids for _, ids in found)
    return not found


def summary() -> tuple[str, Counter[str], Counter[str]]:
    """The table the closing note quotes: per catalogue id, weakenings (caught) and rewrites
    (false findings)."""
    ids = list(_pack().requirements)
    rows: dict[str, Counter[str]] = {cid: Counter() for cid in ids}
    for case in CASES:
        ok = outcome(case)
        row = rows[case.cid]
        row[case.kind] += 1
        row["caught" if case.kind == "weakening" else "false"] += ok if case.kind == "weakening" else not ok
    lines = ["id   weakenings caught  rewrites false"]
    totals: Counter[str] = Counter()
    for cid in ids:
        r = rows[cid]
        totals.update(r)
        lines.append(f"{cid:<4} {r['weakening']:>10} {r['caught']:>6}  {r['rewrite']:>8} {r['false']:>5}")
    lines.append(
        f"all  {totals['weakening']:>10} {totals['caught']:>6}  {totals['rewrite']:>8} {totals['false']:>5}"
    )
    return "\n".join(lines), totals, Counter({cid: rows[cid]["weakening"] for cid in ids})


def test_every_catalogue_id_has_weakenings_and_the_corpus_holds():
    table, totals, per_id = summary()
    print("\n" + table)
    missing = [cid for cid, n in per_id.items() if n == 0]
    assert missing == [], f"catalogue ids without a weakening: {missing}"
    assert totals["caught"] == totals["weakening"]
    assert totals["false"] == 0


@pytest.mark.parametrize("case", CASES, ids=[f"{c.cid}-{c.kind}-{c.what}-{i}" for i, c in enumerate(CASES)])
def test_case(case):
    found = new_findings(case)
    if case.kind == "weakening":
        assert any(case.cid in ids for _, ids in found), f"not caught; new findings: {found}"
    else:
        assert not found, f"a rewrite drew findings: {found}"


if __name__ == "__main__":
    print(summary()[0])
