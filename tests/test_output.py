"""Reports written to files: atomic, never over an input, never over a file without --force."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.conftest import EXAMPLES, run_cli

FUYANG = EXAMPLES / "fuyang.yaml"


def test_report_to_a_new_file(tmp_path):
    target = tmp_path / "report.json"
    result = run_cli("verify", FUYANG, "--format", "json", "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""  # the --format output went to the file
    assert json.loads(target.read_text(encoding="utf-8"))["plans"][0]["plan"]["region"] == "阜阳市"
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # not the temp file's private mode


def test_format_prefix_keeps_the_terminal_output(tmp_path):
    target = tmp_path / "report.json"
    result = run_cli("verify", FUYANG, "-o", f"json:{target}", "--lang", "en")
    assert "0 error(s), 1 warning(s), 4 info" in result.stdout
    assert json.loads(target.read_text(encoding="utf-8"))["exit_code"] == 0


def test_existing_file_needs_force(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")
    result = run_cli("verify", FUYANG, "--format", "json", "-o", target, "--lang", "en")
    assert result.exit_code == 2
    assert f"{target}: the file exists; add --force to replace it" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous"
    assert run_cli("verify", FUYANG, "--format", "json", "-o", target, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("{")


def test_never_over_an_input_even_with_force(tmp_path):
    plan = tmp_path / "plan.yaml"
    shutil.copy(FUYANG, plan)
    before = plan.read_bytes()
    result = run_cli("verify", plan, "-o", plan, "--force", "--lang", "en")
    assert result.exit_code == 2
    assert "this is one of the inputs" in result.stderr
    assert plan.read_bytes() == before
    link = tmp_path / "link.txt"
    link.symlink_to(plan)
    assert run_cli("verify", plan, "-o", link, "--force").exit_code == 2
    assert plan.read_bytes() == before


def test_missing_directory_and_directory_target(tmp_path):
    result = run_cli("verify", FUYANG, "-o", tmp_path / "no" / "r.txt", "--lang", "en")
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = run_cli("verify", FUYANG, "-o", tmp_path, "--lang", "en")
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_a_failed_write_leaves_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    target.write_text("previous", encoding="utf-8")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("plancheck.report.write.os.fsync", broken_fsync)
    result = run_cli("verify", FUYANG, "-o", target, "--force", "--lang", "en")
    assert result.exit_code == 2
    assert "could not write: No space left on device; any existing file is untouched" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]  # no temp file left


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_directory(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    result = run_cli("verify", FUYANG, "-o", locked / "r.txt", "--lang", "en")
    assert result.exit_code == 2 and "no permission" in result.stderr


def test_unwritable_directory_as_seen_by_the_check(tmp_path, monkeypatch):
    monkeypatch.setattr("plancheck.report.write._writable", lambda directory: False)
    result = run_cli("verify", FUYANG, "-o", tmp_path / "r.txt", "--lang", "en")
    assert result.exit_code == 2 and "no permission to write" in result.stderr


def test_bad_output_value():
    result = run_cli("verify", FUYANG, "-o", "json:", "--lang", "en")
    assert result.exit_code == 2 and "--output needs a file path" in result.stderr


def test_schema_to_a_file(tmp_path):
    target = tmp_path / "plan.schema.json"
    assert run_cli("schema", "-o", target).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "plancheck plan"
    assert run_cli("schema", "-o", target).exit_code == 2
    assert run_cli("schema", "-o", target, "--force").exit_code == 0
