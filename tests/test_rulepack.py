"""Rule packs are validated as strictly as plans; extends and overrides work."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from plancheck.errors import RulePackError
from plancheck.pack.load import load_pack
from tests.conftest import EXAMPLES, PACK_DIR, run_cli

MANIFEST = """\
name: test-pack
version: "0.1"
title: {zh: 测试规则包, en: test pack}
framework: {zh: 测试框架, en: test framework}
province: 安徽省
levels: [city, county]
layers:
  - id: foundation
    title: {zh: 一套基础, en: foundation}
example_plan: {title: 示例, region: 示例市, level: city, province: 安徽省, period: 2021-2025}
"""
CATALOGUE = """\
requirements:
  - id: F6
    layer: foundation
    title: {zh: 千兆到县, en: 1000M to counties}
    applies_to: [city]
    force: must
    source: 三、(二)
"""
RULE = """\
  - id: {id}
    title: {{zh: 千兆到县, en: 1000M to counties}}
    severity: error
    levels: [city]
    implements: [F6]
    citation: {{section: 三、(二), text: 纵向实现千兆到市县}}
    rationale: {{zh: 理由, en: why}}
    message: {{zh: 到县带宽不足, en: too slow}}
    fix: {{zh: 提高带宽, en: raise it}}
    check:
      select: {select}
      function: {function}
      options: {options}
    examples:
      pass:
        - yaml: |
            foundation: {{network: {{built_by: self, bandwidth: {{to_county: 千兆}}}}}}
      fail:
        - yaml: |
            foundation: {{network: {{built_by: self, bandwidth: {{to_county: 10M}}}}}}
          expect: {{line: 1}}
"""


def make_pack(
    root: Path, rules: str, manifest: str = MANIFEST, catalogue: str = CATALOGUE, name: str = "pack"
) -> Path:
    pack = root / name
    (pack / "rules").mkdir(parents=True)
    (pack / "pack.yaml").write_text(manifest, encoding="utf-8")
    (pack / "catalogue.yaml").write_text(catalogue, encoding="utf-8")
    (pack / "rules" / "main.yaml").write_text("rules:\n" + rules, encoding="utf-8")
    return pack


def rule(**kw: str) -> str:
    values = {
        "id": "T-F6",
        "select": "$.foundation.network.bandwidth.to_county",
        "function": "at_least",
        "options": "{quantity: bandwidth, min: 1000}",
    }
    values.update(kw)
    return RULE.format(**values)


def load_error(pack: Path) -> str:
    with pytest.raises(RulePackError) as info:
        load_pack(pack)
    text = info.value.format("en")
    assert "Traceback" not in text
    return text


def test_a_valid_pack_loads(tmp_path):
    pack = load_pack(make_pack(tmp_path, rule()))
    assert [r.id for r in pack.rules] == ["T-F6"]


def test_unknown_function(tmp_path):
    text = load_error(make_pack(tmp_path, rule(function="at_most")))
    assert "main.yaml:13:7: rule T-F6: unknown check function 'at_most'" in text


def test_selector_that_does_not_parse(tmp_path):
    text = load_error(make_pack(tmp_path, rule(select="'$.foundation[?'")))
    assert "main.yaml:12:7: rule T-F6: selector '$.foundation[?' does not parse" in text


def test_bad_options(tmp_path):
    text = load_error(make_pack(tmp_path, rule(options="{quantity: bandwidth, minimum: 1000}")))
    assert "rule T-F6: missing required key 'min'" in text
    assert "rule T-F6: unknown key 'minimum'; did you mean 'min'?" in text


def test_catastrophic_regex_is_refused(tmp_path):
    text = load_error(make_pack(tmp_path, rule(function="matches", options="{pattern: '(a+)+$'}")))
    assert "nested quantifiers" in text


def test_a_pattern_without_a_label_is_refused_naming_the_rule(tmp_path):
    """A finding names what a pattern looks for by its label; without one, the pack is refused
    (a regular expression would otherwise reach the reader)."""
    options = "{pattern: '千兆|1000'}"
    pack = make_pack(tmp_path, rule(id="T-LABEL", function="matches", options=options))
    text = load_error(pack)
    assert "main.yaml:14:7: rule T-LABEL:" in text and "a pattern needs a label" in text
    result = run_cli("rules", "--rules", str(pack), "--lang", "en")
    assert result.exit_code == 2 and "T-LABEL" in result.stderr and "Traceback" not in result.stderr
    labelled = "{pattern: '千兆|1000', label: {zh: 千兆, en: 1000M}}"
    labelled_pack = make_pack(tmp_path, rule(function="matches", options=labelled), name="ok")
    assert [r.id for r in load_pack(labelled_pack).rules] == ["T-F6"]


def test_unknown_key_in_a_rule(tmp_path):
    text = load_error(make_pack(tmp_path, rule().replace("    severity: error", "    severty: error")))
    assert "rule T-F6: unknown key 'severty'; did you mean 'severity'?" in text
    assert "main.yaml:4:5:" in text


def test_duplicate_rule_id(tmp_path):
    pack = make_pack(tmp_path, rule())
    (pack / "rules" / "more.yaml").write_text("rules:\n" + rule(), encoding="utf-8")
    text = load_error(pack)
    assert "more.yaml:2:5: rule T-F6: duplicate rule id (already defined at" in text
    assert "main.yaml:2)" in text


def test_unknown_catalogue_id(tmp_path):
    text = load_error(make_pack(tmp_path, rule().replace("implements: [F6]", "implements: [F9]")))
    assert "rule T-F6: the catalogue has no requirement 'F9'" in text


def test_rule_without_failing_example(tmp_path):
    body = rule()
    body = body[: body.index("      fail:")]
    text = load_error(make_pack(tmp_path, body))
    assert "missing required key 'fail'" in text


def test_broken_yaml_in_a_rule_file(tmp_path):
    text = load_error(make_pack(tmp_path, rule() + "  - id: [\n"))
    assert "main.yaml:" in text and "YAML syntax error" in text


def test_cli_stops_on_a_broken_pack(tmp_path):
    pack = make_pack(tmp_path, rule(function="at_most"))
    result = run_cli("verify", EXAMPLES / "fuyang.yaml", "--rules", pack, "--lang", "en")
    assert result.exit_code == 2
    assert "unknown check function 'at_most'" in result.stderr
    assert result.stdout == ""


EXTENDS = """\
name: strict-city
version: "0.1"
title: {zh: 某市县级规划规则包, en: a city's pack for its counties}
framework: {zh: 在安徽省框架上更严格, en: "the Anhui framework, stricter"}
province: 安徽省
levels: [city, county]
extends: anhui-11171
overrides:
  AH-F3-BACKUP-COOPERATION: "off"
  AH-A2-KEY-PROJECT: error
example_plan: {title: 示例, region: 示例市, level: city, province: 安徽省, period: 2021-2025}
"""


def test_extends_and_overrides(tmp_path):
    pack_dir = tmp_path / "strict"
    (pack_dir / "rules").mkdir(parents=True)
    (pack_dir / "pack.yaml").write_text(EXTENDS, encoding="utf-8")
    pack = load_pack(pack_dir)
    assert pack.rule("AH-F3-BACKUP-COOPERATION") is None
    assert pack.rule("AH-A2-KEY-PROJECT").severity == "error"
    assert len(pack.requirements) == len(load_pack(PACK_DIR).requirements)
    result = run_cli(
        "verify", EXAMPLES / "fuyang.yaml", "--rules", pack_dir, "--format", "json", "--lang", "en"
    )
    assert result.exit_code == 1
    found = {(f["rule"], f["severity"]) for f in result.json()["plans"][0]["findings"]}
    assert found == {
        ("AH-F1-NATIONAL-STANDARD", "warning"),
        ("AH-A2-KEY-PROJECT", "error"),
        ("AH-H3-DATA-CENTRE-IN-APPLICATIONS", "info"),
    }


def test_override_of_an_unknown_rule(tmp_path):
    pack_dir = tmp_path / "strict"
    pack_dir.mkdir()
    (pack_dir / "pack.yaml").write_text(
        EXTENDS.replace("AH-A2-KEY-PROJECT: error", "AH-NOPE: error"), encoding="utf-8"
    )
    assert "overrides names no rule 'AH-NOPE'" in load_error(pack_dir)


def test_extends_cycle(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    for here, there in ((a, "../b"), (b, "../a")):
        here.mkdir()
        manifest = textwrap.dedent(MANIFEST).replace("name: test-pack", f"name: {here.name}")
        (here / "pack.yaml").write_text(manifest + f"extends: {there}\n", encoding="utf-8")
    assert "extends forms a cycle" in load_error(a)


def test_selector_naming_a_key_plans_do_not_have(tmp_path):
    text = load_error(make_pack(tmp_path, rule(select="$.foundation.netwrok.bandwidth.to_county")))
    assert (
        "main.yaml:12:7: rule T-F6: selector '$.foundation.netwrok.bandwidth.to_county' names 'netwrok'"
        in text
    )
    assert "did you mean 'network'?" in text


def test_selector_matching_nothing_in_the_examples_is_a_warning(tmp_path):
    # A filter no example satisfies: valid keys, but the rule would never fire.
    select = "'$.foundation.network.bandwidth[?@.to_county == \"10G\"]'"
    pack_dir = make_pack(
        tmp_path,
        rule(select=select, function="forbidden", options="{}").replace(
            "expect: {line: 1}", "expect: {line: 1}"
        ),
    )
    pack = load_pack(pack_dir)
    assert [w.line for w in pack.warnings] == [12]
    assert (
        "selector '$.foundation.network.bandwidth[?@.to_county == \"10G\"]' matches nothing"
        in pack.warnings[0].format("en")
    )
    result = run_cli("verify", EXAMPLES / "fuyang.yaml", "--rules", pack_dir, "--lang", "en")
    assert "main.yaml:12:7: warning: rule T-F6: selector" in result.stderr
    assert result.exit_code == 0


def test_a_pattern_that_backtracks_is_stopped_by_its_timeout():
    from plancheck.engine.functions import matches_
    from plancheck.i18n import Message
    from plancheck.pack.ir import TextSearch
    from plancheck.pack.selectors import Match, compile_selector

    options = TextSearch(pattern="(.*?,){30}z", label=Message("逗号", "commas"))
    selector = compile_selector("$.a")
    violations = matches_(selector, [Match(("a",), "a," * 40)], options)
    assert len(violations) == 1
    assert "timed out" in violations[0].detail.en


def test_a_framework_path_is_relative_to_the_plan(tmp_path, monkeypatch):
    pack_dir = make_pack(tmp_path, rule(), name="local-pack")
    plan = tmp_path / "plans" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(
        "plan:\n  title: 示例\n  region: 示例市\n  level: city\n  province: 安徽省\n"
        "  framework: ../local-pack\n  period: 2021-2025\n",
        encoding="utf-8",
    )
    monkeypatch.chdir("/")
    result = run_cli("verify", plan, "--format", "json", "--lang", "en")
    assert result.json()["plans"][0]["pack"]["name"] == "test-pack"
    assert [f["rule"] for f in result.json()["plans"][0]["findings"]] == ["T-F6"]
    assert pack_dir.is_dir()


def test_a_missing_pack_is_named_where_it_was_written(tmp_path):
    result = run_cli("verify", EXAMPLES / "fuyang.yaml", "--rules", "nope", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith("--rules: no rule pack 'nope'")
    pack_dir = tmp_path / "child"
    pack_dir.mkdir()
    (pack_dir / "pack.yaml").write_text(MANIFEST + "extends: nowhere\n", encoding="utf-8")
    text = load_error(pack_dir)
    assert f"{pack_dir / 'pack.yaml'}:11:1: no rule pack 'nowhere'" in text


def test_statement_markers_are_the_packs_data(tmp_path):
    """The words statements are read with come from pack.yaml (markers:), travel with the compiled
    pack, and a pack that extends another inherits them unless it gives its own lists."""
    from plancheck.plan.statements import DEFAULT_MARKERS, read_statement

    anhui = load_pack(PACK_DIR)
    assert "允许的情况下" in anhui.markers.condition and "允许的情况下" not in DEFAULT_MARKERS.condition
    clause = read_statement("在资金允许的情况下，建设市级政务云", anhui.markers).clauses[0]
    assert clause.polarity == "conditional"
    pack_dir = tmp_path / "strict"
    pack_dir.mkdir()
    (pack_dir / "pack.yaml").write_text(EXTENDS, encoding="utf-8")
    assert load_pack(pack_dir).markers == anhui.markers
    (pack_dir / "pack.yaml").write_text(
        EXTENDS + "markers: {tentative: [探索, 鼓励, 研究]}\n", encoding="utf-8"
    )
    child = load_pack(pack_dir)
    assert (
        child.markers.tentative == ("探索", "鼓励", "研究")
        and child.markers.condition == anhui.markers.condition
    )
    (pack_dir / "pack.yaml").write_text(EXTENDS + "markers: {tentativ: [探索]}\n", encoding="utf-8")
    assert "unknown marker lists: tentativ" in load_error(pack_dir)
