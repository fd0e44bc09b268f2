"""Many plans at once: directories and patterns, parallel processes with deterministic output,
a broken plan among good ones, plans from different provinces, and the speed machinery's
correctness (pack cache, plain selector paths followed without the library)."""

from __future__ import annotations

import json
import shutil

import pytest

from plancheck.pack.load import load_pack
from plancheck.pack.selectors import compile_selector
from plancheck.read.yamlfile import load_yaml
from tests.conftest import EXAMPLES, PACK_DIR, run_cli


@pytest.fixture
def folder(tmp_path):
    plans = tmp_path / "plans"
    (plans / "counties").mkdir(parents=True)
    for path in EXAMPLES.glob("*.yaml"):
        shutil.copy(path, plans / path.name)
    shutil.copy(EXAMPLES / "county-own-cloud.yaml", plans / "counties" / "another-county.yml")
    return plans


def test_a_directory_is_searched_recursively_in_order(folder):
    doc = run_cli("verify", folder, "--format", "json").json()
    files = [p["file"] for p in doc["plans"]]
    assert files == sorted(files) and len(files) == 5
    assert files[-1].endswith("fuyang.yaml") and any(f.endswith("counties/another-county.yml") for f in files)


def test_a_pattern_is_expanded(folder):
    doc = run_cli("verify", str(folder / "city-*.yaml"), "--format", "json").json()
    assert [p["file"].rsplit("/", 1)[-1] for p in doc["plans"]] == [
        "city-bandwidth-shortfall.yaml",
        "city-draft-gaps.yaml",
    ]


def test_parallel_output_is_the_same_as_sequential(folder):
    for extra in ("plan-a", "plan-b", "plan-c"):
        shutil.copy(EXAMPLES / "fuyang.yaml", folder / f"{extra}.yaml")
    one = run_cli("verify", folder, "--format", "json", "--jobs", "1")
    two = run_cli("verify", folder, "--format", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    text_one = run_cli("verify", folder, "--jobs", "1", "--lang", "en").stdout
    text_two = run_cli("verify", folder, "--jobs", "2", "--lang", "en").stdout
    assert text_one == text_two


def test_jobs_must_be_positive():
    for value in ("0", "-1"):
        result = run_cli("verify", EXAMPLES / "fuyang.yaml", "--jobs", value)
        assert result.exit_code == 2 and "--jobs" in result.stderr


def test_no_plans_and_no_matches_are_usage_errors(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("verify", empty, "--lang", "en")
    assert result.exit_code == 2 and "the directory holds no plan files" in result.stderr
    result = run_cli("verify", str(tmp_path / "*.yaml"), "--lang", "en")
    assert result.exit_code == 2 and "no file matches this pattern" in result.stderr


def test_a_broken_plan_in_a_batch(folder):
    (folder / "broken.yaml").write_text("plan: [\n", encoding="utf-8")
    result = run_cli("verify", folder, "--format", "json", "--jobs", "2", "--lang", "en")
    doc = result.json()
    assert result.exit_code == 2 == doc["exit_code"]
    assert len(doc["plans"]) == 5 and [e["file"].rsplit("/", 1)[-1] for e in doc["errors"]] == ["broken.yaml"]


def test_plans_from_different_provinces(folder):
    other = folder / "jiangsu.yaml"
    other.write_text(
        "plan:\n  title: 南京市规划\n  region: 南京市\n  level: city\n  province: 江苏省\n  period: 2021-2025\n",
        encoding="utf-8",
    )
    unknown = folder / "zhejiang.yaml"
    unknown.write_text(
        "plan:\n  title: 杭州市规划\n  region: 杭州市\n  level: city\n  province: 浙江省\n"
        "  framework: zhejiang-x\n  period: 2021-2025\n",
        encoding="utf-8",
    )
    doc = run_cli("verify", folder, "--format", "json", "--lang", "en").json()
    by_file = {p["file"].rsplit("/", 1)[-1]: p for p in doc["plans"]}
    assert [f["rule"] for f in by_file["jiangsu.yaml"]["findings"]] == ["AH-M1-PROVINCE"]
    assert [e["file"].rsplit("/", 1)[-1] for e in doc["errors"]] == ["zhejiang.yaml"]
    assert "no rule pack 'zhejiang-x'" in doc["errors"][0]["message"]


def test_streamed_json_equals_the_whole_document(folder, tmp_path):
    """Text/JSON/GitHub are written plan by plan; the document is the same as a collected run
    (--baseline forces the collected path)."""
    baseline = tmp_path / "empty-baseline.json"
    baseline.write_text(
        json.dumps({"tool": "plancheck", "baseline_version": 1, "entries": []}), encoding="utf-8"
    )
    streamed = run_cli("verify", folder, "--format", "json").json()
    collected = run_cli("verify", folder, "--format", "json", "--baseline", baseline).json()
    collected.pop("baseline")
    assert streamed == collected


def test_the_progress_bar_stays_out_of_ci_and_pipes(folder, monkeypatch):
    from plancheck.cli.verify import show_progress

    monkeypatch.setenv("CI", "true")
    assert not show_progress(1000)
    monkeypatch.delenv("CI")
    assert not show_progress(10)  # a small batch


def test_plain_selectors_match_the_library_everywhere():
    """Paths of names and indexes, followed without the library, give exactly what it gives."""
    import jsonpath_rfc9535

    from plancheck.portfolio.pipeline import load_plan

    pack = load_pack(PACK_DIR)
    datasets = [load_plan(path).data for path in EXAMPLES.glob("*.yaml")]
    datasets.append(load_yaml(EXAMPLES / "fuyang.yaml").data)
    from plancheck.pack.ir import calls as _function_nodes

    simple = 0
    for rule in pack.rules:
        for leaf in _function_nodes(rule.check):
            selector = compile_selector(leaf.selector.text)
            if selector.steps is None:
                continue
            simple += 1
            for data in datasets:
                ours = [(m.location, m.value) for m in selector.find(data)]
                library = [
                    (tuple(n.location), n.value)
                    for n in jsonpath_rfc9535.compile(selector.text).finditer(data)
                ]
                assert ours == library, selector.text
    assert simple > 50


def test_the_pack_cache_follows_changes(tmp_path, monkeypatch):
    from plancheck.pack.cache import cache_key, load_pack_cached

    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path / "cache"))
    pack_dir = tmp_path / "pack"
    shutil.copytree(PACK_DIR, pack_dir)
    first = load_pack_cached(pack_dir)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    again = load_pack_cached(pack_dir)
    assert [r.id for r in again.rules] == [r.id for r in first.rules]
    key = cache_key(pack_dir)
    rules = pack_dir / "rules" / "foundation.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("severity: warning", "severity: info", 1), encoding="utf-8"
    )
    assert cache_key(pack_dir) != key
    changed = load_pack_cached(pack_dir)
    assert any(r.severity != s.severity for r, s in zip(changed.rules, first.rules, strict=True))
    (tmp_path / "cache").chmod(0o500)  # an unwritable cache only costs time
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path / "cache" / "sub"))
    assert load_pack_cached(pack_dir).name == "anhui-11171"


def test_a_plan_is_written_alike_alone_and_in_a_batch(folder):
    """A batch's plan lines are encoded by orjson, a single plan's by the json module: the
    bytes must be the same, so that a plan's line does not depend on what it was checked with."""
    batch = run_cli("verify", folder, "--format", "json", "--lang", "zh").stdout
    lines = [line.strip().rstrip(",") for line in batch.splitlines() if line.startswith('    {"file"')]
    assert len(lines) == 5
    for path in sorted(folder.rglob("*.y*ml")):
        alone = run_cli("verify", path, "--format", "json", "--lang", "zh").stdout
        line = next(line.strip() for line in alone.splitlines() if line.startswith('    {"file"'))
        assert line in lines, path


DOCUMENTS = EXAMPLES.parent / "tests" / "documents" / "corpus"


@pytest.mark.parametrize("formats", ["streamed", "all"])
def test_an_incomplete_document_is_noted_with_jobs_as_without(tmp_path, formats):
    """A text that looks incomplete is noted (stderr and the JSON report's warnings) the same
    with --jobs 2, where workers read the documents, as with --jobs 1; every report is the same."""
    from plancheck.report import VERIFY_FORMATS

    plans = []
    for name in ("baohe-district.txt", "chuzhou-city.txt", "lixin-county.txt", "suzhou-draft.txt"):
        plans.append(shutil.copy(DOCUMENTS / name, tmp_path / name))
    outputs = {}
    for jobs in ("1", "2"):
        folder = tmp_path / f"jobs{jobs}"
        folder.mkdir()
        names = [f for f in VERIFY_FORMATS if f != "json"] if formats == "all" else ["github"]
        targets = [arg for f in names for arg in ("-o", f"{f}:{folder / f}")]
        result = run_cli("verify", *plans, "--format", "json", "--jobs", jobs, "--lang", "en", *targets)
        assert result.exit_code == 1, result.stderr
        doc = result.json()
        assert len(doc["plans"]) == 4
        notes = [w for w in doc["warnings"] if w["code"] == "incomplete"]
        assert [(w["file"].rsplit("/", 1)[-1], w["message"][:26]) for w in notes] == [
            ("suzhou-draft.txt", "the text looks incomplete:")
        ]
        assert (
            sum(
                "suzhou-draft.txt: warning: the text looks incomplete" in line
                for line in result.stderr.splitlines()
            )
            == 1
        )
        outputs[jobs] = (result.stdout, result.stderr, {f: (folder / f).read_bytes() for f in names})
    assert outputs["1"] == outputs["2"]
