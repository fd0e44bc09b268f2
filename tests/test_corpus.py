"""The test corpus (tests/documents/corpus/): every document gets its own outcome and the
readings its labels give (identity, per-layer facts); titles cited in a preface are never the
plan's own; machine rooms are read, a refused one is none; findings on documents speak of the
document's sections and paragraphs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from plancheck.errors import InputError
from plancheck.portfolio.pipeline import PackCache, extract_document
from tests.conftest import ROOT, run_cli

CORPUS = ROOT / "tests" / "documents" / "corpus"
SEED = ROOT.parent / "shared" / "seeds" / "004_3bf5f599fb61224e.txt"
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="the Fuyang seed text is not beside the project")
sys.path.insert(0, str(ROOT / "benchmarks"))


def test_the_corpus_reads_as_labelled(capsys):
    from corpus_accuracy import run

    assert run(verbose=True) == 0, capsys.readouterr().out


def _plan(tmp_path: Path, text: str, name: str = "plan.txt") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_document(path, PackCache()).plan


def _refusal(tmp_path: Path, text: str) -> tuple[str, str]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        extract_document(path, PackCache())
    problem = caught.value.problems[0]
    return problem.code, problem.message.zh


@needs_seed
def test_fuyang_without_its_notice_or_citing_the_province_is_still_fuyang(tmp_path):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    without_notice = "\n".join(lines[3:])
    citing = "本规划依据《安徽省“数字政府”建设规划(2020—2025年)》编制。\n" + without_notice
    for text in (without_notice, citing):
        info = _plan(tmp_path, text)["plan"]
        assert (info["region"], info["level"], info["province"]) == ("阜阳市", "city", "安徽省")


def test_a_district_citing_its_citys_plan_is_the_district(tmp_path):
    text = (CORPUS / "baohe-district.txt").read_text(encoding="utf-8")
    info = _plan(tmp_path, "\n".join(text.splitlines()[5:]))["plan"]  # without the notice
    assert (info["region"], info["level"], info["city"]) == ("包河区", "county", "合肥市")


def test_a_city_action_plan_citing_the_province_is_the_citys(tmp_path):
    info = _plan(tmp_path, (CORPUS / "huangshan-action-plan.txt").read_text(encoding="utf-8"))["plan"]
    assert (info["region"], info["level"]) == ("黄山市", "city")


def test_the_issue_date_is_the_notices_not_a_cited_documents(tmp_path):
    text = (
        (CORPUS / "chuzhou-city.txt")
        .read_text(encoding="utf-8")
        .replace(
            "全市电子政务外网",
            "2020年10月24日，安徽省人民政府印发《安徽省“数字政府”建设规划》。全市电子政务外网",
        )
    )
    assert _plan(tmp_path, text)["plan"]["issued"] == "2021年11月8日"


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("anhui-provincial.txt", "out-of-scope", ["安徽省", "省级规划"]),
        ("jiangsu-province.txt", "out-of-scope", ["江苏省"]),
        ("huzhou-city.txt", "out-of-scope", ["浙江省湖州市"]),
        ("maanshan-news.txt", "not-a-plan", ["新闻报道"]),
        ("luan-interpretation.txt", "not-a-plan", ["解读"]),
        ("xuancheng-notice.txt", "not-a-plan", ["印发通知"]),
    ],
)
def test_each_kind_of_document_has_its_own_outcome(tmp_path, name, code, words):
    got_code, message = _refusal(tmp_path, (CORPUS / name).read_text(encoding="utf-8"))
    assert got_code == code and all(w in message for w in words), message
    result = run_cli("verify", CORPUS / name, "--lang", "zh")
    assert result.exit_code == 2 and words[0] in result.stderr


def test_an_incomplete_plan_is_drafted_and_verify_says_so():
    result = run_cli("verify", CORPUS / "suzhou-draft.txt", "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    assert "incomplete" in result.stderr
    rules = {f["rule"] for f in result.json()["plans"][0]["findings"]}
    assert {"AH-F1-CITY-CLOUD", "AH-D1-SUB-PLATFORM", "AH-P1-CITY-PLATFORM"} <= rules


def test_machine_rooms_are_read_and_the_level_rules_fire():
    result = run_cli("verify", CORPUS / "lixin-county.txt", "--format", "json", "--lang", "en")
    rules = {f["rule"] for f in result.json()["plans"][0]["findings"]}
    assert "AH-H2-COUNTY-OWN-DATA-CENTRE" in rules
    result = run_cli("verify", CORPUS / "anqing-city.md", "--format", "json", "--lang", "en")
    rules = {f["rule"] for f in result.json()["plans"][0]["findings"]}
    assert not rules & {"AH-H3-NEW-DEPARTMENT-DATA-CENTRE", "AH-H3-EXISTING-INTERCONNECTED"}
    assert "AH-A6-ECOLOGY-ENVIRONMENT" not in rules  # covered by its own section, not by 绿色发展


def test_a_deferral_is_no_evidence_of_migration(tmp_path):
    text = (
        (CORPUS / "wuwei-county-city.txt")
        .read_text(encoding="utf-8")
        .replace("市直部门非涉密系统逐步迁移至芜湖市政务云平台。", "市直部门非涉密系统暂不迁移上云。")
    )
    cloud = _plan(tmp_path, text)["foundation"]["cloud"]
    assert "existing_systems" not in cloud.get("migration", {})


def test_an_upgrade_is_read_as_what_it_reaches(tmp_path):
    network = _plan(tmp_path, (CORPUS / "anqing-city.md").read_text(encoding="utf-8"), "a.md")["foundation"][
        "network"
    ]
    assert network["bandwidth"]["to_county"] == "千兆"


@pytest.mark.parametrize(
    ("name", "command", "expected"),
    [
        (
            "jiangsu-province.txt",
            "verify",
            "jiangsu-province.txt: this is a plan of 江苏省 (《数字政府建设“十四五”规划》), outside Anhui province "
            "(安徽省): the pack anhui-11171 checks only the digital-government plans of the cities and counties "
            "of Anhui province (安徽省)",
        ),
        (
            "anhui-provincial.txt",
            "extract",
            "the provincial plan of Anhui province (安徽省) itself, not a city or county plan",
        ),
    ],
)
def test_the_english_scope_error_names_the_province_in_english(name, command, expected):
    """The English refusal says "Anhui province (安徽省)", never a Chinese name glued to 's."""
    result = run_cli(command, CORPUS / name, "--lang", "en")
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "'s" not in result.stderr
