"""The held-out corpora (tests/documents/heldout/ and heldout2/, issue #15): documents written
after the extractor, from the provincial text and how Chinese government plans are written.
Every document gets the kind and identity its labels give (read from labels.yaml, not repeated
here), a refused one exits 2 naming what it is, and each layer's precision and recall stay at
least at what was reached when these tests were written (benchmarks/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from plancheck.errors import InputError
from plancheck.portfolio.pipeline import PackCache, extract_document
from tests.conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_accuracy import HELDOUT, HELDOUT2, LAYERS, build_docx, identity, score


def _labelled(corpus: Path) -> list[tuple[Path, dict[str, Any]]]:
    labels = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))["documents"]
    return [(corpus / name, label) for name, label in labels.items()]


DOCUMENTS = _labelled(HELDOUT) + _labelled(HELDOUT2)


def _readable(path: Path, label: dict[str, Any], tmp: Path) -> Path:
    """The document as plancheck gets it: a Word file when the label says so."""
    if label.get("docx"):
        return build_docx(path.read_text(encoding="utf-8"), tmp / (path.stem + ".docx"))
    return path


@pytest.mark.parametrize(("path", "label"), DOCUMENTS, ids=[p.name for p, _ in DOCUMENTS])
def test_each_document_gets_its_kind_and_identity(tmp_path, path, label):
    document = _readable(path, label, tmp_path)
    if "plan" not in label:  # refused: the message names what the document is
        with pytest.raises(InputError) as caught:
            extract_document(document, PackCache(), document.name)
        problem = caught.value.problems[0]
        assert problem.code == label["kind"], problem.message.zh
        assert all(word in problem.message.zh for word in label["names"]), problem.message.zh
        return
    plan = extract_document(document, PackCache(), document.name).plan
    kind = "incomplete" if plan["plan"].get("x-incomplete") else "plan"
    assert kind == label["kind"]
    got = identity(plan)
    assert {k: str(v) for k, v in got.items()} == {k: str(v) for k, v in label["plan"].items()}


REFUSED = [(p, label) for p, label in DOCUMENTS if "plan" not in label]


@pytest.mark.parametrize(("path", "label"), REFUSED, ids=[p.name for p, _ in REFUSED])
def test_a_refused_document_exits_2_naming_what_it_is(path, label):
    result = run_cli("verify", path, "--lang", "zh")
    assert result.exit_code == 2
    assert label["names"][0] in result.stderr
    assert "Traceback" not in result.stderr


# What was reached when these tests were written (benchmarks/README.md, "Held-out document
# corpus"): the first round after the extractor was changed on it, the second as it came plus
# the two general fixes it showed. A floor, not a target: the issue asks for 0.95 everywhere.
FLOORS = {
    HELDOUT: {"precision": 0.95, "recall": 0.95},
    HELDOUT2: {"precision": 0.9, "recall": 0.85},
}


@pytest.mark.parametrize("corpus", list(FLOORS), ids=["heldout", "heldout2"])
def test_each_layer_reads_at_least_as_well_as_measured(corpus):
    got = score(corpus)
    lines = "\n".join(got.lines)
    assert got.kinds_right == got.documents, lines
    assert got.id_right == got.id_total, lines
    for layer in LAYERS:
        precision, recall = got.precision_recall(layer)
        assert precision >= FLOORS[corpus]["precision"], f"{layer} precision {precision:.2f}\n{lines}"
        assert recall >= FLOORS[corpus]["recall"], f"{layer} recall {recall:.2f}\n{lines}"


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        (HELDOUT / "huoqiu-county.txt", "AH-H2-COUNTY-OWN-DATA-CENTRE"),  # 新建霍邱县大数据中心机房
        (HELDOUT / "shushan-district.txt", "AH-H2-COUNTY-OWN-DATA-CENTRE"),  # 区数据资源局新建区级数据中心
        (HELDOUT2 / "huaiyuan-county.txt", "AH-H1-COUNTY-OWN-CLOUD"),  # 由县数据资源局建设怀远县政务云平台
    ],
    ids=["huoqiu", "shushan", "huaiyuan"],
)
def test_a_county_building_its_own_is_caught_on_the_document(path, rule):
    """A county's own new data centre or cloud, read from its text, makes the level rule fire."""
    result = run_cli("verify", path, "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    assert rule in {f["rule"] for f in result.json()["plans"][0]["findings"]}


def test_a_heading_that_starts_with_a_background_word_is_read():
    """(二)…1.建设基础数据库 is a task, not the plan's background (发展基础, 建设基础)."""
    plan = extract_document(HELDOUT / "huaibei-city.txt", PackCache(), "huaibei-city.txt").plan
    names = [d["name"] for d in plan["data_center"]["basic_databases"]]
    assert names == ["人口", "法人", "电子证照", "自然资源与空间地理"]


def test_a_provincial_plan_that_names_no_province_is_refused_as_one(tmp_path):
    """我省 throughout, no province and no city named: still not a plan the pack checks."""
    text = (HELDOUT / "jiangxi-province.txt").read_text(encoding="utf-8")
    for city in ("南昌", "赣州", "九江", "赣服通", "赣政通"):
        text = text.replace(city, "")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        extract_document(path, PackCache(), "plan.txt")
    problem = caught.value.problems[0]
    assert problem.code == "out-of-scope"
    assert "省级规划" in problem.message.zh and "未写明是哪个省" in problem.message.zh


def test_the_gazetteer_knows_every_anhui_county_and_the_municipalities_districts():
    """Anhui's 16 cities hold its 104 county-level divisions (45 districts, 9 county-level
    cities, 50 counties, GB/T 2260 of 2023); 界首市 is Fuyang's and county level; a Beijing
    district is Beijing's and county level."""
    from plancheck.extract.gazetteer import Place, gazetteer

    g = gazetteer()
    data = yaml.safe_load((ROOT / "plancheck" / "extract" / "gazetteer.yaml").read_text(encoding="utf-8"))
    assert data["cities"]["安徽省"] == g.cities_of("安徽省") and len(g.cities_of("安徽省")) == 16
    counties = [n for city in data["cities"]["安徽省"] for n in data["counties"][city]]
    assert all(g.get(n).province == "安徽省" and g.get(n).level == "county" for n in counties)
    assert sum(n.endswith("区") for n in counties) == 45
    assert sum(n.endswith("市") for n in counties) == 9
    assert sum(n.endswith("县") for n in counties) == 50
    assert g.get("界首市") == Place("界首市", "county", "安徽省", "阜阳市")
    assert [p.name for p in g.leading("北京市海淀区数字政府建设规划")] == ["北京市", "海淀区"]
    assert g.get("海淀区").level == "county" and g.get("海淀区").province == "北京市"
