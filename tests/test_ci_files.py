"""The CI integration files parse and point at real entry points; the shipped rule pages are
current."""

from __future__ import annotations

import shlex

import pytest
import yaml

from plancheck.authoring.rule_docs import rule_docs
from plancheck.pack.load import load_pack
from tests.conftest import PACK_DIR, ROOT, run_cli


def test_pre_commit_hooks_point_at_the_entry_point():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert {h["id"] for h in hooks} == {"plancheck", "plancheck-strict"}
    for hook in hooks:
        assert {"id", "name", "entry", "language", "files"} <= set(hook)
        command = shlex.split(hook["entry"])
        assert command[0] in scripts
        assert run_cli(*command[1:], "--help").exit_code == 0
        import re

        files = re.compile(hook["files"])
        plans = ("plans/fuyang.yaml", "cities/plans/2022/bozhou.yml", "drafts/fuyang.plan.yaml")
        others = (
            "README.md",
            ".pre-commit-config.yaml",
            ".github/workflows/plancheck.yml",
            ".gitlab-ci.yml",
            "docker-compose.yml",
            "rules/anhui-11171/pack.yaml",
            "config/settings.yaml",
            "plans/README.md",
            "plansfuyang.yaml",
        )
        assert all(files.search(p) for p in plans), [p for p in plans if not files.search(p)]
        assert not any(files.search(p) for p in others), [p for p in others if files.search(p)]


def test_ci_doc_says_how_to_point_the_hook_at_your_plans():
    """docs/ci.md shows a `files:` override, and its pattern is a valid regex that picks plans
    the default does not."""
    import re

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    override = re.search(r"^\s*files: (\S+)", text, re.MULTILINE)
    assert override is not None
    pattern = re.compile(override.group(1))
    assert pattern.search("规划/市级/阜阳市.yaml") and not pattern.search("README.md")
    default = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]["files"]
    assert not re.search(default, "规划/市级/阜阳市.yaml")


def test_ci_examples_parse_and_use_real_options():
    actions = yaml.safe_load((ROOT / "docs" / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = actions["jobs"]["plancheck"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    gitlab = yaml.safe_load((ROOT / "docs" / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["plancheck"]["artifacts"]["reports"]["junit"] == "plancheck-junit.xml"
    commands = [s["run"] for s in steps if "plancheck verify" in s.get("run", "")] + [
        c for c in gitlab["plancheck"]["script"] if "plancheck verify" in c
    ]
    assert len(commands) == 2
    for command in commands:
        words = shlex.split(command.replace("plans/*.yaml", "examples/fuyang.yaml"))
        options = [w for w in words if w.startswith("-")]
        help_text = run_cli("verify", "--help").stdout
        assert all(o in help_text for o in options), options


def test_shipped_rule_pages_are_current():
    pages = rule_docs(load_pack(PACK_DIR))
    shipped = {p.name: p.read_text(encoding="utf-8") for p in (PACK_DIR / "docs").glob("*.md")}
    assert shipped == pages, "run: plancheck rules docs -o rules/anhui-11171/docs --force"


def test_rules_docs_command(tmp_path):
    result = run_cli("rules", "docs", "-o", tmp_path / "docs")
    assert result.exit_code == 0
    page = (tmp_path / "docs" / "AH-F6-COUNTY-BANDWIDTH.md").read_text(encoding="utf-8")
    for part in (
        "千兆到县",
        "三、(二)",
        "纵向实现千兆到市县",
        "function: at_least",
        "to_county: 100M",
        "line 5",
        "Fix",
    ):
        assert part in page
    assert run_cli("rules", "docs", "-o", tmp_path / "docs").exit_code == 2  # no clobbering
    assert run_cli("rules", "docs", "-o", tmp_path / "docs", "--force").exit_code == 0
