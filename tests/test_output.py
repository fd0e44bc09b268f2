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


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("gap.html", lambda data: data.startswith(b"<!DOCTYPE html>")),
        ("gap.docx", lambda data: data.startswith(b"PK")),
        ("gap.json", lambda data: json.loads(data)["tool"] == "plancheck"),
        ("gap.sarif", lambda data: json.loads(data)["version"] == "2.1.0"),
        ("gap.xml", lambda data: data.startswith(b"<?xml")),
        ("gap.md", lambda data: data.startswith(b"#")),
        ("gap.txt", lambda data: "阜阳市".encode() in data and not data.startswith(b"{")),
    ],
)
def test_the_format_of_a_plain_output_path_is_its_suffix(tmp_path, name, check):
    target = tmp_path / name
    result = run_cli("verify", FUYANG, "-o", target, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert check(target.read_bytes())
    assert result.stdout == ""  # a plain -o PATH takes the terminal's place


def test_a_format_that_disagrees_with_the_suffix_is_refused(tmp_path):
    target = tmp_path / "gap.html"
    result = run_cli("verify", FUYANG, "-o", f"json:{target}", "--lang", "en")
    assert result.exit_code == 2
    assert "format json does not match the suffix .html (which is html)" in result.stderr
    assert not target.exists()


def test_one_file_given_twice_is_refused_before_anything_is_written(tmp_path):
    target = tmp_path / "report.out"
    result = run_cli("verify", FUYANG, "-o", f"json:{target}", "-o", f"sarif:{target}", "--lang", "en")
    assert result.exit_code == 2 and "the same file is given twice" in result.stderr
    assert not target.exists()


def test_an_output_path_ending_in_a_separator_is_a_folder_not_a_file(tmp_path):
    result = run_cli("verify", FUYANG, "-o", f"{tmp_path / 'missing'}/", "--lang", "en")
    assert result.exit_code == 2 and "needs a file path, not a folder" in result.stderr
    assert not (tmp_path / "missing").exists()
