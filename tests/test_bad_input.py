"""Bad input gets one clear message naming file, line and column, exit 2, never a traceback;
when several files are given, the broken one is reported and the others are still checked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ENTRY_POINT, EXAMPLES, ROOT, run_cli

MINIMAL = """plan:
  title: 示例规划
  region: 示例市
  level: city
  province: 安徽省
  period: 2021-2025
"""


def verify_text(tmp_path, text: str | bytes, name: str = "plan.yaml"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path, run_cli("verify", path, "--lang", "en")


def assert_one_error(result, path, line, column, *fragments):
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    location = f"{path}:{line}:{column}: " if line else f"{path}: "
    assert lines[0].startswith(location), (lines[0], location)
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_malformed_yaml(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL + "foundation:\n  cloud: [built_by: self\n")
    assert_one_error(result, path, 8, 25, "YAML syntax error")


def test_wrong_type(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL + "applications:\n  public_services: 智慧医院\n")
    assert_one_error(result, path, 8, 3, "expected a list", "'智慧医院'")


def test_wrong_enum_value(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL + "foundation:\n  cloud: {built_by: myself}\n")
    assert_one_error(result, path, 8, 11, "expected one of: 'self', 'city' or 'province'", "'myself'")


def test_unknown_key_suggests_the_right_one(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL + "fundation:\n  cloud: {built_by: self}\n")
    assert_one_error(result, path, 7, 1, "unknown key 'fundation'; did you mean 'foundation'?")


def test_unknown_key_deep_inside(tmp_path):
    text = MINIMAL + "foundation:\n  network:\n    built_by: self\n    bandwith: {to_county: 千兆}\n"
    path, result = verify_text(tmp_path, text)
    assert_one_error(result, path, 10, 5, "unknown key 'bandwith'; did you mean 'bandwidth'?")


def test_extension_keys_are_allowed(tmp_path):
    text = MINIMAL + "x-reviewer: 张三\nfoundation:\n  x-note: 草稿\n  cloud: {built_by: self, x-id: 7}\n"
    _path, result = verify_text(tmp_path, text)
    assert result.exit_code in (0, 1), result.stderr


def test_missing_required_key_points_at_the_parent(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL.replace("  level: city\n", ""))
    assert_one_error(result, path, 1, 1, "missing required key 'level'")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("plan:\n  title: a\n  title: b\n", 3, 3),
        (MINIMAL + "foundation:\n  cloud: {built_by: self}\n  cloud: {built_by: city}\n", 9, 3),
        (MINIMAL + "applications:\n  public_services:\n    - {name: a, name: b}\n", 9, 17),
    ],
    ids=["top", "nested", "flow"],
)
def test_duplicate_keys(tmp_path, text, line, column):
    path, result = verify_text(tmp_path, text)
    assert_one_error(result, path, line, column, "duplicate key")


def test_empty_file(tmp_path):
    path, result = verify_text(tmp_path, "")
    assert_one_error(result, path, None, None, "the file is empty")


def test_comment_only_file(tmp_path):
    path, result = verify_text(tmp_path, "# nothing yet\n")
    assert_one_error(result, path, None, None, "the file is empty")


def test_not_a_mapping(tmp_path):
    path, result = verify_text(tmp_path, "- a\n- b\n")
    assert_one_error(result, path, 1, 1, "the top level must be a mapping")


def test_directory_without_plans(tmp_path):
    result = run_cli("verify", tmp_path, "--lang", "en")
    assert_one_error(result, tmp_path, None, None, "the directory holds no plan files")


def test_missing_path(tmp_path):
    result = run_cli("verify", tmp_path / "nope.yaml", "--lang", "en")
    assert_one_error(result, tmp_path / "nope.yaml", None, None, "no such file")


def test_non_utf8_file(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL.encode("utf-8") + b"x: \xff\xfe\xfa\n")
    assert_one_error(result, path, 7, 4, "unknown text encoding", "save the file as UTF-8")


def test_gbk_file_is_read(tmp_path):
    _path, result = verify_text(
        tmp_path, (MINIMAL + "foundation:\n  cloud: {built_by: self, name: 政务云}\n").encode("gbk")
    )
    assert result.exit_code in (0, 1), result.stderr
    assert "示例规划" in result.stdout


def test_utf8_bom_is_read(tmp_path):
    _path, result = verify_text(tmp_path, b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert result.exit_code in (0, 1), result.stderr


def test_binary_file(tmp_path):
    path, result = verify_text(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_error(result, path, None, None, "binary file")


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/object:builtins.dict {}",
        "!custom 1",
        "!!binary aGk=",
    ],
)
def test_unsafe_and_unknown_tags_are_refused(tmp_path, tag):
    path, result = verify_text(tmp_path, MINIMAL + f"x-evil: {tag}\n")
    assert_one_error(result, path, 7, 9, "is not allowed")
    assert "hacked" not in result.stdout


def test_two_documents(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL + "---\n" + MINIMAL)
    assert_one_error(result, path, 7, 1, "only one YAML document")


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    path, result = verify_text(tmp_path, "\n".join(lines) + "\n")
    assert_one_error(result, path, 6, 14, "alias")


def test_yaml_11_traps_stay_strings(tmp_path):
    """`no`, `on`, `1.10` and dates where the schema expects text are kept as written."""
    text = (
        MINIMAL.replace("示例规划", "no") + "applications:\n  public_services: [on, 1.10, 2025-12-31, 0777]\n"
    )
    _path, result = verify_text(tmp_path, text)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout.startswith("no ")


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan: [\n", encoding="utf-8")
    result = run_cli(
        "verify",
        broken,
        EXAMPLES / "fuyang.yaml",
        tmp_path / "missing.yaml",
        "--format",
        "json",
        "--lang",
        "en",
    )
    assert result.exit_code == 2
    doc = result.json()
    assert [p["file"] for p in doc["plans"]] == [str(EXAMPLES / "fuyang.yaml")]
    assert [(e["file"], e["line"]) for e in doc["errors"]] == [
        (str(broken), 1),
        (str(tmp_path / "missing.yaml"), None),
    ]
    assert doc["exit_code"] == 2
    assert len(result.stderr.strip().splitlines()) == 2


def test_messages_in_chinese(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(MINIMAL + "fundation: {}\n", encoding="utf-8")
    result = run_cli("verify", path, "--lang", "zh")
    assert result.exit_code == 2
    assert "未知的键“fundation”；是否想写“foundation”？" in result.stderr


def test_unknown_framework_names_the_pack(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL.replace("  period:", "  framework: jiangsu-x\n  period:"))
    assert_one_error(result, path, 6, 3, "no rule pack 'jiangsu-x': the bundled packs are anhui-11171")


def test_no_traceback_from_the_installed_entry_point(tmp_path):
    """Run as a user would (a subprocess), with several broken inputs at once."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("plan: {title: [}\n", encoding="utf-8")
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    out = subprocess.run(
        [sys.executable, "-m", "plancheck", "verify", str(bad), str(folder), str(tmp_path / "nope.yaml")],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )  # fmt: skip
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 3


def test_waivers_are_validated(tmp_path):
    waiver = "waivers:\n  - {rule: AH-F6-COUNTY-BANDWIDTH, approver: 省数据资源局, granted: 2022-01-10}\n"
    path, result = verify_text(tmp_path, MINIMAL + waiver)
    assert_one_error(result, path, 8, 5, "missing required key 'reason'")
    blank = waiver.replace("approver: 省数据资源局", "approver: ' ', reason: 山区县")
    path, result = verify_text(tmp_path, MINIMAL + blank)
    assert_one_error(result, path, 8, 36, "must not be empty")
    good = waiver.replace("approver:", "reason: 山区县光缆未通, approver:").replace(
        "granted: 2022-01-10", "granted: 2022年1月10日"
    )
    path, result = verify_text(tmp_path, MINIMAL + good)
    assert result.exit_code in (0, 1), result.stderr


def test_period_that_ends_before_it_starts(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL.replace("2021-2025", "{start: 2025, end: 2021}"))
    assert_one_error(result, path, 6, 3, "the period ends (2021) before it starts (2025)")


def test_big5_is_refused_not_garbled(tmp_path):
    text = MINIMAL.replace("示例规划", "數字政府建設規劃").replace("示例市", "臺北")
    path, result = verify_text(tmp_path, text.encode("big5"))
    assert_one_error(result, path, None, None, "perhaps Big5")


def test_dates_as_plans_write_them(tmp_path):
    for written in ("20211231", "2021年12月31日", "２０２１-１２-３１"):
        text = MINIMAL.replace("  period: 2021-2025\n", f"  period: 2021-2025\n  issued: {written}\n")
        path, result = verify_text(tmp_path, text)
        assert result.exit_code in (0, 1), (written, result.stderr)
    path, result = verify_text(
        tmp_path, MINIMAL.replace("  period: 2021-2025\n", "  period: 2021-2025\n  issued: 明年\n")
    )
    assert_one_error(
        result, path, 7, 3, "expected a date such as 2021-12-31 or 2021年12月31日 (found '明年')"
    )
    result = run_cli("verify", path, "--lang", "zh")
    assert "应为日期，如 2021-12-31 或 2021年12月31日（实际为“明年”）" in result.stderr


def test_period_with_other_dashes(tmp_path):
    for dash in ("―", "—", "–", "－", "至"):
        path, result = verify_text(tmp_path, MINIMAL.replace("2021-2025", f"2021{dash}2025"))
        assert result.exit_code in (0, 1), (dash, result.stderr)
    path, result = verify_text(tmp_path, MINIMAL.replace("2021-2025", "二〇二一到二〇二五"))
    assert_one_error(result, path, 6, 3, "expected a period such as 2021-2025")
    assert "应为规划期" in run_cli("verify", path, "--lang", "zh").stderr


def test_a_typo_is_one_message(tmp_path):
    path, result = verify_text(
        tmp_path, MINIMAL + "applications:\n  public_services:\n    - {nmae: 智慧医院}\n"
    )
    assert_one_error(result, path, 9, 8, "unknown key 'nmae'; did you mean 'name'?")


def test_null_where_text_or_mapping_is_expected(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL.replace("  period: 2021-2025", "  period:"))
    assert_one_error(result, path, 6, 3, "expected text or a mapping (key: value) (found nothing)")
    path, result = verify_text(tmp_path, MINIMAL + "data_center:\n  sharing: [a, b]\n")
    assert_one_error(result, path, 8, 3, 'expected text or a mapping (key: value) (found ["a", "b"])')


def test_blank_names_are_errors(tmp_path):
    path, result = verify_text(tmp_path, MINIMAL + "applications:\n  public_services: ['  ']\n")
    assert_one_error(result, path, 8, 21, "must not be empty")


def test_waiver_that_expires_before_it_is_granted(tmp_path):
    waiver = "waivers:\n  - {rule: F6, reason: 山区, approver: 省数据资源局, granted: 2022-01-10, expires: 2021-01-10}\n"
    path, result = verify_text(tmp_path, MINIMAL + waiver)
    assert_one_error(result, path, 8, 5, "the waiver expires (2021-01-10) before it was granted (2022-01-10)")


def test_waivers_must_mean_something_for_the_pack(tmp_path):
    waiver = "waivers:\n  - {rule: AH-NOPE, reason: 山区, approver: 省数据资源局, granted: 2022-01-10, path: '$$['}\n"
    path, result = verify_text(tmp_path, MINIMAL + waiver)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(
        f"{path}:8:6: the waiver names 'AH-NOPE', which is neither a rule nor a requirement"
    )
    assert lines[1].startswith(f"{path}:8:") and "the waiver's path is not a valid JSONPath" in lines[1]
    ok = waiver.replace("AH-NOPE", "F6").replace("'$$['", "$.foundation.network")
    path, result = verify_text(tmp_path, MINIMAL + ok)
    assert result.exit_code in (0, 1), result.stderr


def test_a_file_behind_an_unsearchable_folder_is_a_permission_error(monkeypatch, tmp_path):
    """Opening fails with PermissionError, and so does asking whether the path is a folder (a
    folder on the way cannot be searched): still a message, never a traceback."""
    from pathlib import Path

    from plancheck.errors import InputError
    from plancheck.read.textfile import read_bytes

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refused)
    monkeypatch.setattr(Path, "is_dir", refused)
    with pytest.raises(InputError) as caught:
        read_bytes(tmp_path / "locked" / "plan.yaml", "locked/plan.yaml")
    assert "permission denied" in caught.value.format("en")


def test_a_passing_verify_exits_0_with_stderr_closed():
    """The installed command (which leaves without the interpreter's teardown) when the caller
    closed stderr (2>&-): the report is written and the exit code is that of the check."""
    result = subprocess.run(
        [sys.executable, "-c", ENTRY_POINT, "verify", "examples/fuyang.yaml", "--format", "json"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, preexec_fn=lambda: os.close(2),
    )  # fmt: skip
    assert result.returncode == 0
    assert '"exit_code": 0' in result.stdout


def test_a_named_pipe_is_refused_at_once(tmp_path):
    """A named pipe where a plan is expected (nobody writing to it) would block the run forever:
    it is refused at once, and the other plans are still checked. (This replaced reading
    `<(git show HEAD:plan.yaml)`; `plancheck diff --git` reads a plan's old version.)"""
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    result = run_cli("verify", fifo, EXAMPLES / "fuyang.yaml", "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    assert "plan.yaml: this is a named pipe (FIFO), not a regular file" in result.stderr
    assert len(result.json()["plans"]) == 1


def test_a_file_name_that_is_not_utf8(tmp_path):
    """A GBK file name (from a zip made on Windows) is read, and shown with its bytes escaped:
    UTF-8 output cannot carry it as it is."""
    folder = tmp_path / "plans"
    folder.mkdir()
    name = os.fsdecode("阜阳".encode("gbk") + b".yaml")  # no byte of it makes UTF-8
    shutil.copy(EXAMPLES / "fuyang.yaml", folder / name)
    shutil.copy(EXAMPLES / "city-draft-gaps.yaml", folder / "draft.yaml")
    shown = "\\xb8\\xb7\\xd1\\xf4.yaml"

    def plancheck(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", ENTRY_POINT, *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=folder)

    for jobs in ("1", "2"):
        text = plancheck("verify", ".", "--jobs", jobs, "--lang", "en")
        assert text.returncode == 1, text.stderr
        assert f"{shown}: 0 error(s), 1 warning(s), 4 info" in text.stdout
        document = json.loads(plancheck("verify", ".", "--jobs", jobs, "--format", "json").stdout)
        assert [plan["file"] for plan in document["plans"]] == ["draft.yaml", shown]
    assert "→" in plancheck("diff", "draft.yaml", name).stdout
    matrix = plancheck("matrix", ".", "-o", str(tmp_path / "m.csv"))
    assert matrix.returncode == 0, matrix.stderr
    assert "\n阜阳市," in (tmp_path / "m.csv").read_text(encoding="utf-8-sig")


def test_a_pipe_that_is_written_to_is_read(tmp_path):
    """verify <(git show HEAD:plan.yaml): the shell hands plancheck a pipe; what its writer
    sends is read and checked like the file itself."""
    import threading

    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    content = (EXAMPLES / "fuyang.yaml").read_bytes()

    def write() -> None:
        with open(fifo, "wb") as pipe:
            pipe.write(content)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = run_cli("verify", fifo, "--format", "json", "--lang", "en")
    writer.join(5)
    direct = run_cli("verify", EXAMPLES / "fuyang.yaml", "--format", "json", "--lang", "en")
    assert result.exit_code == direct.exit_code
    assert result.json()["plans"][0]["summary"] == direct.json()["plans"][0]["summary"]
