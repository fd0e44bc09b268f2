"""Issue #17, under attack and at scale: one hostile plan never stops a batch, FIFOs never
block, zip bombs are refused while they stream, report targets are checked before anything is
written, and values from plans or baselines never break a report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ENTRY_POINT, EXAMPLES, run_cli
from tests.docx_parts import W_NS, XML_HEAD, Part, base_docx, docx_with, lie_about_sizes

GOOD = EXAMPLES / "city-draft-gaps.yaml"
OTHER = EXAMPLES / "fuyang.yaml"


def run_plancheck(
    *args: str | Path, cwd: Path | None = None, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess:
    """The installed command in its own process (the entry point, not typer's test runner)."""
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-c", ENTRY_POINT, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=environment,
    )


def _hostile_framework(tmp_path: Path, value: str, name: str = "hostile.yaml") -> Path:
    text = GOOD.read_text(encoding="utf-8").replace("framework: anhui-11171", f"framework: {value}")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- 1. one hostile plan


@pytest.mark.parametrize("value", ['"anhui\\0x"', "x" * 300, '"' + "目" * 100 + '"', "a/" + "b" * 256 + "/c"])
def test_a_hostile_framework_is_that_plans_error(tmp_path, value):
    hostile = _hostile_framework(tmp_path, value)
    result = run_plancheck("verify", GOOD, hostile, OTHER, "--format", "json", "--jobs", "1")
    assert result.returncode == 2, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["plans"]) == 2
    assert [e["file"] for e in doc["errors"]] == [str(hostile)]
    assert "internal error" not in result.stderr


@pytest.fixture
def one_plan_crashes(monkeypatch):
    """A bug that only one plan meets: the engine raises for the plan named boom.yaml."""
    import plancheck.portfolio.pipeline as pipeline

    real = pipeline.check_plan

    def check_plan(loaded, pack, **kwargs):
        if loaded.file.endswith("boom.yaml"):
            raise ZeroDivisionError("a hostile value")
        return real(loaded, pack, **kwargs)

    monkeypatch.setattr(pipeline, "check_plan", check_plan)
    monkeypatch.delenv("PLANCHECK_DEBUG", raising=False)


def _batch(tmp_path: Path) -> list[Path]:
    boom = tmp_path / "boom.yaml"
    boom.write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    return [GOOD, boom, OTHER]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_in_one_plan_is_that_plans_error_in_text_and_json(tmp_path, one_plan_crashes, jobs):
    plans = _batch(tmp_path)
    plans += [tmp_path / f"more{i}.yaml" for i in range(2)]  # enough plans for two processes
    for extra in plans[3:]:
        extra.write_text(OTHER.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "report.json"
    result = run_cli("verify", *plans, "--format", "json", "-o", out, "--jobs", jobs)
    assert result.exit_code == 3
    doc = json.loads(out.read_text(encoding="utf-8"))  # whole, not cut off
    assert len(doc["plans"]) == 4 and doc["exit_code"] == 3
    (error,) = doc["errors"]
    assert error["file"].endswith("boom.yaml") and error["code"] == "internal"
    assert "internal error while checking this plan: ZeroDivisionError: a hostile value" in error["message"]
    text = run_cli("verify", *plans, "--jobs", jobs, "--lang", "en")
    assert text.exit_code == 3
    assert "boom.yaml: internal error while checking this plan" in text.stderr
    assert "city-draft-gaps.yaml" in text.stdout and "more1.yaml" in text.stdout


def test_a_bug_in_one_plan_still_writes_the_matrix(tmp_path, one_plan_crashes):
    out = tmp_path / "matrix.csv"
    result = run_cli("matrix", *_batch(tmp_path), "-o", out, "--lang", "en")
    assert result.exit_code == 3
    assert "boom.yaml: internal error while checking this plan" in result.stderr
    assert out.exists() and len(out.read_text(encoding="utf-8-sig").splitlines()) >= 3


def test_a_bug_in_one_plan_still_writes_the_baseline(tmp_path, one_plan_crashes):
    out = tmp_path / "baseline.json"
    result = run_cli("baseline", "create", *_batch(tmp_path), "-o", out, "--lang", "en")
    assert result.exit_code == 3
    assert "boom.yaml: internal error while checking this plan" in result.stderr
    files = {e["file"] for e in json.loads(out.read_text(encoding="utf-8"))["entries"]}
    assert files == {str(GOOD), str(OTHER)}


def test_a_broken_plan_is_left_out_of_the_baseline(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan: [\n", encoding="utf-8")
    out = tmp_path / "baseline.json"
    result = run_cli("baseline", "create", GOOD, broken, OTHER, "-o", out)
    assert result.exit_code == 2 and "broken.yaml" in result.stderr
    assert {e["file"] for e in json.loads(out.read_text(encoding="utf-8"))["entries"]} == {
        str(GOOD),
        str(OTHER),
    }


def test_a_bug_in_one_side_of_a_diff_exits_3(tmp_path, one_plan_crashes):
    _, boom, _ = _batch(tmp_path)
    result = run_cli("diff", GOOD, boom, "--lang", "en")
    assert result.exit_code == 3
    assert "boom.yaml: internal error while checking this plan" in result.stderr


@pytest.mark.parametrize("value", ["0", "false", "no", ""])
def test_only_1_true_or_yes_turn_debug_on(value):
    from plancheck.errors import debug_enabled

    os.environ["PLANCHECK_DEBUG"] = value
    try:
        assert not debug_enabled()
        for on in ("1", "true", "YES"):
            os.environ["PLANCHECK_DEBUG"] = on
            assert debug_enabled()
    finally:
        del os.environ["PLANCHECK_DEBUG"]


# ----------------------------------------------------------------------------- 2. FIFOs


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def test_a_fifo_plan_is_refused_without_blocking(tmp_path):
    fifo = _fifo(tmp_path / "plan.yaml")
    result = run_plancheck("verify", fifo, GOOD, "--lang", "en", timeout=20)
    assert result.returncode == 2
    assert f"{fifo}: this is a named pipe (FIFO), not a regular file" in result.stderr


def test_a_fifo_document_is_refused_without_blocking(tmp_path):
    fifo = _fifo(tmp_path / "plan.docx")
    result = run_plancheck("extract", fifo, "--lang", "en", timeout=20)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr


def test_a_fifo_baseline_is_refused_without_blocking(tmp_path):
    fifo = _fifo(tmp_path / "baseline.json")
    result = run_plancheck("verify", GOOD, "--baseline", fifo, "--lang", "en", timeout=20)
    assert result.returncode == 2
    assert f"{fifo}: this is a named pipe (FIFO), not a regular file" in result.stderr


def test_a_fifo_rule_file_is_refused_without_blocking(tmp_path):
    import shutil

    from tests.conftest import PACK_DIR

    pack = tmp_path / "pack"
    shutil.copytree(PACK_DIR, pack, ignore=shutil.ignore_patterns("docs"))
    rule = sorted((pack / "rules").glob("*.yaml"))[0]
    rule.unlink()
    _fifo(rule)
    result = run_plancheck("verify", GOOD, "--rules", pack, "--lang", "en", timeout=20)
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr


def test_a_device_is_refused(tmp_path):
    result = run_plancheck("verify", "/dev/zero", "--lang", "en", timeout=20)
    assert result.returncode == 2
    assert "/dev/zero: this is a character device, not a regular file" in result.stderr


# ----------------------------------------------------------------------------- 3. .docx bombs


MiB = 1024 * 1024


def _base_docx() -> bytes:
    return base_docx("示例市数字政府建设规划: 建设市级政务云平台。")


def _docx_with(path: Path, parts: dict[str, Part]) -> Path:
    """A copy of a small Word file with ``parts`` replaced or added (see tests.docx_parts)."""
    path.write_bytes(docx_with(_base_docx(), parts))
    return path


def _read_measured(path: Path, memory: bool = True) -> tuple[Exception | None, float, int]:
    """read_document's error (or None), its time, and the peak of Python's allocations (traced
    only when ``memory``: tracing slows a large read several times)."""
    import time
    import tracemalloc

    from plancheck.errors import PlancheckError
    from plancheck.read.documents import read_document

    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    error: Exception | None = None
    try:
        read_document(path)
    except PlancheckError as exc:
        error = exc
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if memory else 0
    tracemalloc.stop()
    return error, elapsed, peak


_ZEROS = b" " * MiB


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("word/styles.xml", "part word/styles.xml unpacks to more than 32 MiB"),
        ("word/_rels/document.xml.rels", "part word/_rels/document.xml.rels unpacks to more than 32 MiB"),
        ("word/document.xml", "text unpacks to more than 32 MiB"),
        ("word/media/image1.png", "parts together unpack to more than 128 MiB"),
    ],
)
def test_a_zip_bomb_in_any_part_is_refused_quickly_in_little_memory(tmp_path, part, expected):
    count = 140 if part.startswith("word/media") else 40  # MiB: over the limits
    path = _docx_with(tmp_path / "bomb.docx", {part: (XML_HEAD, _ZEROS, count)})
    assert path.stat().st_size < 2 * MiB
    error, elapsed, peak = _read_measured(path)
    assert error is not None and expected in str(error)
    assert elapsed < 5, elapsed
    assert peak < 40 * MiB, peak


def test_a_part_whose_header_lies_about_its_size(tmp_path):
    """The sizes a zip declares are not trusted: document.xml declared 1 KiB but holding 40 MiB
    is read no further than its declared size and refused as damaged."""
    import zipfile

    path = _docx_with(tmp_path / "liar.docx", {"word/document.xml": (XML_HEAD, _ZEROS, 40)})
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    # every central-directory record of the part: its sizes (or their ZIP64 extra) say 1 KiB
    path.write_bytes(lie_about_sizes(path.read_bytes(), b"word/document.xml"))
    assert info.file_size > 32 * MiB
    error, elapsed, peak = _read_measured(path)
    assert error is not None and "Word" in str(error)
    assert elapsed < 5 and peak < 40 * MiB


def _long_docx(path: Path, paragraphs: int) -> Path:
    body = "".join(
        f"<w:p><w:r><w:t>第{i}段: 建设市级政务云平台。</w:t></w:r></w:p>" for i in range(paragraphs)
    )
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    return _docx_with(path, {"word/document.xml": XML_HEAD + xml.encode("utf-8")})


def test_a_long_document_is_read_fast(tmp_path):
    path = _long_docx(tmp_path / "long.docx", 45_000)
    error, elapsed, _ = _read_measured(path, memory=False)
    assert error is None
    assert elapsed < 8, elapsed  # 25 s before (a style looked up by scanning every style, per paragraph)


def test_a_too_long_document_is_refused_while_it_is_read(tmp_path):
    path = _long_docx(tmp_path / "long.docx", 120_000)
    error, elapsed, _ = _read_measured(path, memory=False)
    assert error is not None and "more than 50000 paragraphs" in str(error)
    assert elapsed < 8, elapsed


# ----------------------------------------------------------------------------- 4. writing reports


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_report_never_replaces_a_fifo_or_a_device(tmp_path, force):
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    result = run_plancheck("verify", GOOD, "-f", "json", "-o", fifo, *force, "--lang", "en", timeout=30)
    assert result.returncode == 2
    assert "is a named pipe (FIFO), not a regular file" in result.stderr
    assert fifo.is_fifo()
    for device in ("/dev/null", "/dev/stdout"):
        result = run_plancheck("verify", GOOD, "-o", device, *force, "--lang", "en", timeout=30)
        assert result.returncode == 2, result.stderr
        assert "not a regular file" in result.stderr or "symbolic link to nothing" in result.stderr
    assert Path("/dev/null").is_char_device()


def test_a_dangling_symlink_is_refused(tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "nowhere" / "x.json")
    for force in ([], ["--force"]):
        result = run_cli("verify", GOOD, "-f", "json", "-o", link, *force, "--lang", "en")
        assert result.exit_code == 2
        assert "is a symbolic link to nothing" in result.stderr
    assert link.is_symlink() and not link.exists()


def test_a_link_to_a_file_is_written_through_with_force(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(real)
    assert run_cli("verify", GOOD, "-f", "json", "-o", link).exit_code == 2  # exists
    assert run_cli("verify", GOOD, "-f", "json", "-o", link, "--force").exit_code == 1
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["plans"]


def test_a_report_never_replaces_a_file_of_the_rule_pack(tmp_path):
    import shutil

    from tests.conftest import PACK_DIR

    pack = tmp_path / "pack"
    shutil.copytree(PACK_DIR, pack, ignore=shutil.ignore_patterns("docs"))
    before = (pack / "pack.yaml").read_bytes()
    for target in ("sarif:" + str(pack / "pack.yaml"), str(pack / "rules" / "new.json")):
        result = run_cli("verify", GOOD, "--rules", pack, "-o", target, "--force", "--lang", "en")
        assert result.exit_code == 2
        assert "this is one of the inputs; a report never replaces it" in result.stderr
    assert (pack / "pack.yaml").read_bytes() == before
    matrix = run_cli("matrix", GOOD, "--rules", pack, "-o", pack / "m.md", "--lang", "en")
    assert matrix.exit_code == 2 and "one of the inputs" in matrix.stderr
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"tool": "plancheck", "baseline_version": 1, "entries": []}\n', encoding="utf-8")
    result = run_cli("verify", GOOD, "--baseline", baseline, "-o", baseline, "--force", "--lang", "en")
    assert result.exit_code == 2 and "one of the inputs" in result.stderr


def test_the_same_file_twice_is_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "x"
    result = run_cli(
        "verify", GOOD, "-o", f"json:{out}", "-o", f"sarif:{tmp_path}/../{tmp_path.name}/x", "--lang", "en"
    )
    assert result.exit_code == 2
    assert "the same file is given twice" in result.stderr
    assert not out.exists()


def test_a_path_ending_in_a_separator_is_refused(tmp_path):
    result = run_cli("verify", GOOD, "-o", f"{tmp_path}/missing/", "--lang", "en")
    assert result.exit_code == 2
    assert "needs a file path, not a folder" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_two_runs_writing_the_same_new_file_one_wins(tmp_path):
    """The final name is made with a hard link, which fails if anything has it: of two runs
    writing the same new file without --force, exactly one succeeds."""
    from plancheck.report.write import AtomicFile, OutputError

    target = tmp_path / "out.txt"
    first = AtomicFile(target, force=False)
    second = AtomicFile(target, force=False)  # both checked before either is in place
    first.write("first")
    second.write("second")
    first.commit()
    with pytest.raises(OutputError, match="the file exists"):
        second.commit()
    assert target.read_text(encoding="utf-8") == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_long_output_name_is_written(tmp_path):
    target = tmp_path / ("报" * 80 + ".json")  # 240 bytes: the old temporary name was too long
    result = run_cli("verify", GOOD, "-f", "json", "-o", target)
    assert result.exit_code == 1, result.stderr
    assert target.exists()
    too_long = tmp_path / ("x" * 300 + ".json")
    result = run_plancheck("verify", GOOD, "-f", "json", "-o", too_long, "--lang", "en")
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "File name too long" in result.stderr


def test_a_full_stdout_is_a_clear_error():
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-c", ENTRY_POINT, "verify", str(GOOD), "--lang", "en"],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "cannot write the output: No space left on device" in result.stderr
    assert "internal error" not in result.stderr


def test_a_full_disk_leaves_no_temporary_file(tmp_path, monkeypatch):
    from plancheck.report.write import AtomicFile, OutputError

    out = AtomicFile(tmp_path / "report.json", force=False)
    real_fsync = os.fsync

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out.write("x" * 100)
    with pytest.raises(OutputError, match="No space left on device"):
        out.commit()
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert list(tmp_path.iterdir()) == []


def _slow_plans(tmp_path: Path, count: int) -> list[Path]:
    plans = []
    for index in range(count):
        path = tmp_path / f"plan{index:03d}.yaml"
        path.write_text(OTHER.read_text(encoding="utf-8"), encoding="utf-8")
        plans.append(path)
    return plans


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "SIGKILL"])
def test_a_stopped_run_leaves_no_temporary_file_and_no_worker(tmp_path, how):
    import signal
    import time

    plans = _slow_plans(tmp_path, 300)
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", ENTRY_POINT, "verify", *map(str, plans), "-f", "json", "-o", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while time.monotonic() < deadline and not (len(workers) >= 2 and list(out.parent.iterdir())):
        workers = _children(process.pid)
        time.sleep(0.05)
    assert workers and list(out.parent.iterdir()), "the run never started writing"
    process.send_signal(getattr(signal, how))
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)
    if how != "SIGKILL":  # kill -9 leaves no chance to clean up; the workers still die
        assert list(out.parent.iterdir()) == []
        assert process.returncode == 128 + getattr(signal, how)


# ----------------------------------------------------------------------------- 5. bad values


def _with(tmp_path: Path, old: str, new: str, name: str = "plan.yaml") -> Path:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_control_characters_from_a_plan_never_reach_the_terminal_or_break_junit(tmp_path):
    import xml.etree.ElementTree as ET

    plan = _with(tmp_path, "region: 示例市", 'region: "示例\\e[2J\\a\\x01市"')
    text = run_cli("verify", plan, "--lang", "en")
    assert "\x1b" not in text.stdout and "\x01" not in text.stdout and "\x07" not in text.stdout
    assert "\\x1b" in text.stdout
    junit = run_cli("verify", plan, "-f", "junit")
    ET.fromstring(junit.stdout.encode("utf-8"))  # well-formed
    assert "\\x1b" in junit.stdout


@pytest.mark.parametrize(
    "entries",
    [
        '[{"fingerprint": "a", "file": ["x"]}]',
        '[{"fingerprint": "a", "rule": 5}]',
        '[{"fingerprint": "\\ud800"}]',
        "[" * 100_000 + "]" * 100_000,
        "[" + "9" * 5000 + "]",  # past Python's 4,300-digit limit: ValueError, not JSONDecodeError
    ],
)
def test_a_hostile_baseline_is_a_clear_error(tmp_path, entries):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(
        '{"tool": "plancheck", "baseline_version": 1, "entries": ' + entries + "}", encoding="utf-8"
    )
    result = run_plancheck("verify", GOOD, "--baseline", baseline, "--lang", "en")
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "baseline" in result.stderr


def test_a_large_baseline_is_read(tmp_path):
    """baseline create writes up to 64 MiB, and --baseline reads what it writes (it refused
    anything over 8 MiB, ~6,300 plans)."""
    from plancheck.engine.baseline import load_baseline

    entry = {"fingerprint": "f" * 16, "rule": "AH-F6-COUNTY-BANDWIDTH", "file": "plans/x.yaml", "path": "$.a"}
    document = {"tool": "plancheck", "baseline_version": 1, "entries": [entry] * 60_000}
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(document, indent=2), encoding="utf-8")
    assert baseline.stat().st_size > 8 * MiB
    assert len(load_baseline(baseline)) == 60_000


def test_a_utf32_file_is_named_as_such(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(GOOD.read_text(encoding="utf-8").encode("utf-32"))
    result = run_cli("verify", path, "--lang", "en")
    assert result.exit_code == 2
    assert "this is a UTF-32 file" in result.stderr


def test_only_web_addresses_go_into_sarif():
    for url in ("javascript:alert(1)//", "JavaScript:alert(1)", "data:text/html,x"):
        result = run_cli("verify", GOOD, "-f", "sarif", "--docs-url", url)
        rules = [r for run in result.json()["runs"] for r in run["tool"]["driver"]["rules"]]
        assert rules and not any("helpUri" in r for r in rules)  # the help is inline instead
        assert all(r["help"]["text"] for r in rules)
    result = run_cli("verify", GOOD, "-f", "sarif", "--docs-url", "https://example.org/rules")
    assert "https://example.org/rules/" in result.stdout


def test_waivers_expire_by_the_date_in_china(monkeypatch):
    import datetime as dt

    from plancheck.engine import waivers

    class Late(dt.datetime):
        @classmethod
        def now(cls, tz=None):  # 2025-06-30 20:00 UTC is 2025-07-01 04:00 in Beijing
            return dt.datetime(2025, 6, 30, 20, 0, tzinfo=dt.timezone.utc).astimezone(tz)

    monkeypatch.setattr(waivers, "datetime", Late)
    assert waivers.china_today() == dt.date(2025, 7, 1)


# ----------------------------------------------------------------------------- 6. packs plans name


def _county_pack(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the example county pack (it extends the bundled Anhui pack) and its plan, which
    names the pack by a relative ``framework:`` path; no --rules anywhere."""
    import shutil

    pack = tmp_path / "fuyang-county"
    shutil.copytree(EXAMPLES / "packs" / "fuyang-county", pack)
    return pack, pack / "plans" / "county-draft.yaml"


@pytest.mark.parametrize(
    "target",
    [
        "sarif:{pack}/pack.yaml",  # whole: sarif collects the run first
        "json:{pack}/pack.yaml",  # streamed, plan by plan
        "{pack}/rules/county.yaml",
        "html:{pack}/report.html",  # a new file inside the pack's folder
        "json:{bundled}/plancheck-test-report.json",  # inside the pack it extends
    ],
)
def test_a_report_never_replaces_a_pack_that_a_plan_names(tmp_path, target):
    from plancheck.pack.location import bundled_packs_root

    pack, plan = _county_pack(tmp_path)
    before = {p: p.read_bytes() for p in pack.rglob("*") if p.is_file()}
    bundled = bundled_packs_root() / "anhui-11171"
    value = target.format(pack=pack, bundled=bundled)
    try:
        for jobs in ("1", "2"):
            result = run_cli("verify", plan, plan, "-o", value, "--force", "--jobs", jobs, "--lang", "en")
            assert result.exit_code == 2, result.stderr
            shown = value.partition(":")[2] if ":" in value.split("/")[0] else value
            assert f"{shown}: this is one of the inputs; a report never replaces it" in result.stderr
        assert {p: p.read_bytes() for p in pack.rglob("*") if p.is_file()} == before
    finally:
        (bundled / "plancheck-test-report.json").unlink(missing_ok=True)
    assert not (bundled / "plancheck-test-report.json").exists()


def test_matrix_and_baseline_never_write_into_a_pack_that_a_plan_names(tmp_path):
    pack, plan = _county_pack(tmp_path)
    before = (pack / "pack.yaml").read_bytes()
    matrix = run_cli("matrix", plan, "-o", pack / "pack.md", "--lang", "en")
    assert matrix.exit_code == 2
    assert f"{pack / 'pack.md'}: this is one of the inputs" in matrix.stderr
    baseline = run_cli("baseline", "create", plan, "-o", pack / "pack.yaml", "--force", "--lang", "en")
    assert baseline.exit_code == 2
    assert f"{pack / 'pack.yaml'}: this is one of the inputs" in baseline.stderr
    assert (pack / "pack.yaml").read_bytes() == before
    assert sorted(p.name for p in pack.iterdir()) == ["catalogue.yaml", "pack.yaml", "plans", "rules"]


@pytest.mark.parametrize(
    "command",
    [
        ["matrix", GOOD, "-o", "{out}/matrix.md/"],
        ["baseline", "create", GOOD, "-o", "{out}/baseline.json/"],
        ["review", "{docx}", "-o", "{out}/review.docx/"],
        ["extract", "{docx}", "-o", "{out}/draft.yaml/"],
        ["init", "--region", "宿州市", "--level", "city", "-o", "{out}/plan.yaml/"],
        ["schema", "-o", "{out}/plan.schema.json/"],
    ],
    ids=["matrix", "baseline", "review", "extract", "init", "schema"],
)
def test_every_command_refuses_a_path_ending_in_a_separator(tmp_path, command):
    """typer made the value a Path, which drops the separator: -o missing.md/ wrote a file
    named missing.md (matrix, baseline create, review...) where verify refused it."""
    out = tmp_path / "out"
    out.mkdir()
    docx = tmp_path / "plan.docx"
    docx.write_bytes(_base_docx())
    args = [str(a).format(out=out, docx=docx) for a in command]
    result = run_cli(*args, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert f"{args[-1]}: --output needs a file path, not a folder" in result.stderr
    assert list(out.iterdir()) == []


def test_diff_has_no_output_file_to_refuse(tmp_path):
    """diff prints to the terminal only: -o (with or without a separator) is an unknown option,
    exit 2, and nothing is written."""
    result = run_cli("diff", GOOD, OTHER, "-o", f"{tmp_path}/missing/")
    assert result.exit_code == 2
    assert "No such option" in result.stderr
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- 7. paths that break the parser


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("$..[?length(@) > 1e309]", "a number in it is too large"),  # infinity: OverflowError
        ("$[?@ > -1e309]", "a number in it is too large"),
        ("$[" + "9" * 5000 + "]", "a number in it is too large"),  # past Python's 4,300 digits
        ("$[?" + "(" * 5000 + "@" + ")" * 5000 + "]", "nested too deeply"),  # RecursionError
        ("$[?" + "!" * 5000 + "@]", "nested too deeply"),
    ],
    ids=["1e309", "-1e309", "5000-digits", "5000-parentheses", "5000-nots"],
)
def test_a_waiver_path_the_parser_cannot_take_is_that_plans_error(tmp_path, path, reason):
    """Found by the fuzz tests: these made the JSONPath library raise OverflowError, ValueError
    or RecursionError, an internal error (exit 3) for the batch."""
    text = GOOD.read_text(encoding="utf-8") + (
        "waivers:\n  - rule: A6\n    reason: 依托省级平台\n    approver: 示例市数据资源局\n"
        f"    granted: 2022-01-10\n    path: {json.dumps(path)}\n"
    )
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    result = run_cli("verify", GOOD, hostile, OTHER, "--format", "json", "--lang", "en")
    assert result.exit_code == 2, result.stderr
    doc = result.json()
    assert [p["file"] for p in doc["plans"]] == [str(GOOD), str(OTHER)]
    [error] = doc["errors"]
    assert (error["file"], error["line"], error["column"]) == (str(hostile), line, 5)
    assert error["message"] == f"the waiver's path is not a valid JSONPath: {reason}"


# ----------------------------------------------------------------------------- 8. time zones, debug


def test_a_waiver_expires_on_the_same_day_in_every_time_zone(tmp_path):
    """A waiver expiring today in China is in force, one that expired yesterday in China is
    not, whether the machine runs on UTC-12, UTC or UTC+14. Whatever the hour, one of those
    zones has another date than China's, so a run that took the machine's date would differ."""
    import datetime as dt

    from plancheck.engine.waivers import china_today

    today = china_today()
    waivers = "".join(
        f"  - rule: {rule}\n    reason: 依托省级平台\n    approver: 示例市数据资源局\n"
        f"    granted: 2022-01-10\n    expires: {expires.isoformat()}\n"
        for rule, expires in (("A6", today), ("A7", today - dt.timedelta(days=1)))
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.read_text(encoding="utf-8") + "waivers:\n" + waivers, encoding="utf-8")
    statuses = {}
    for zone in ("Etc/GMT+12", "UTC", "Pacific/Kiritimati"):
        result = run_plancheck("verify", plan, "-f", "json", "--lang", "en", TZ=zone)
        assert result.returncode == 1, result.stderr
        statuses[zone] = [(w["rule"], w["status"]) for w in json.loads(result.stdout)["plans"][0]["waivers"]]
    assert all(found == [("A6", "used"), ("A7", "expired")] for found in statuses.values()), statuses


@pytest.mark.parametrize("value", ["0", "false", "", "no"])
def test_plancheck_debug_off_still_reports_a_bug_as_exit_3(tmp_path, one_plan_crashes, monkeypatch, value):
    """PLANCHECK_DEBUG=0 turned a crash into exit 1; any value but 1/true/yes is off: the plan's
    internal error, exit 3, no traceback, and the other plans checked."""
    monkeypatch.setenv("PLANCHECK_DEBUG", value)
    result = run_cli("verify", *_batch(tmp_path), "--format", "json", "--lang", "en")
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    doc = result.json()
    assert len(doc["plans"]) == 2 and doc["exit_code"] == 3
    assert [e["code"] for e in doc["errors"]] == ["internal"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("pack.yaml", "no rule pack"),  # no pack.yaml that is a file: no pack there
        ("catalogue.yaml", "catalogue.yaml: this is a named pipe (FIFO), not a regular file"),
    ],
)
@pytest.mark.parametrize("named_by", ["--rules", "framework"])
def test_a_fifo_in_a_pack_is_refused_without_blocking(tmp_path, name, expected, named_by):
    """A named pipe nobody writes to, where a pack's own files are, named by --rules or by the
    plan's framework: refused within seconds, exit 2, never waited on. A catalogue that is a
    pipe was passed over as if absent, and every rule then 'implemented' nothing."""
    import time

    pack, plan = _county_pack(tmp_path)
    (pack / name).unlink()
    _fifo(pack / name)
    args = ["--rules", pack] if named_by == "--rules" else []
    started = time.monotonic()
    result = run_plancheck("verify", plan, *args, "--lang", "en", timeout=30)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr, result.stderr
    assert "internal error" not in result.stderr and "has no requirement" not in result.stderr
    assert time.monotonic() - started < 20


def test_a_fifo_vocabulary_is_refused_without_blocking(tmp_path):
    pack, _ = _county_pack(tmp_path)
    _fifo(pack / "vocabulary.yaml")
    document = tmp_path / "plan.docx"
    document.write_bytes(_base_docx())
    result = run_plancheck("extract", document, "--rules", pack, "--lang", "en", timeout=30)
    assert result.returncode == 2, result.stderr
    assert "vocabulary.yaml: this is a named pipe (FIFO), not a regular file" in result.stderr


def test_a_fifo_as_the_settings_file_is_refused_without_blocking(tmp_path):
    """plancheck.toml beside the plan (who signs the formal review) that is a pipe: refused, not
    passed over (the review would have gone out under the default office's name)."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    settings = _fifo(tmp_path / "plancheck.toml")
    for config in ([], ["--config", settings]):
        review = tmp_path / "review.html"
        result = run_plancheck("verify", plan, "--formal", "-o", review, *config, "--lang", "en", timeout=30)
        assert result.returncode == 2, result.stderr
        assert f"{settings}: this is a named pipe (FIFO), not a regular file" in result.stderr
        assert not review.exists()


@pytest.mark.parametrize(
    "url",
    [
        "JaVaScRiPt:alert(document.domain)//",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/rules",
        'https://example.org/x" onmouseover="alert(1)',
        "https://exa mple.org/rules",
        "https:///no-host",
        "http://[::1/rules",
    ],
)
def test_a_packs_own_docs_url_is_used_only_when_it_is_a_web_address(tmp_path, url):
    """The pack's docs_url (not only --docs-url) goes into SARIF's helpUri only when it is a
    plain http(s) address with a host; otherwise the help is inline."""
    pack, plan = _county_pack(tmp_path)
    manifest = (pack / "pack.yaml").read_text(encoding="utf-8")
    (pack / "pack.yaml").write_text(manifest + f"docs_url: {json.dumps(url)}\n", encoding="utf-8")
    result = run_cli("verify", plan, "-f", "sarif", "--lang", "en")
    assert result.exit_code == 1, result.stderr
    rules = [r for run in result.json()["runs"] for r in run["tool"]["driver"]["rules"]]
    assert rules and not any("helpUri" in r for r in rules)
    assert all(r["help"]["text"] for r in rules)
    (pack / "pack.yaml").write_text(manifest + 'docs_url: "https://example.org/rules"\n', encoding="utf-8")
    result = run_cli("verify", plan, "-f", "sarif", "--lang", "en")
    uris = [r.get("helpUri") for run in result.json()["runs"] for r in run["tool"]["driver"]["rules"]]
    assert uris and all(u and u.startswith("https://example.org/rules/") for u in uris)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_report_never_replaces_a_file_of_a_broken_pack_that_a_plan_names(tmp_path, jobs):
    """The pack a plan names fails to load (a YAML error in its catalogue): the run reports it,
    and -o json:THAT-CATALOGUE --force is still refused; it replaced the catalogue before."""
    pack, plan = _county_pack(tmp_path)
    catalogue = pack / "catalogue.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "bogus: [\n", encoding="utf-8")
    before = catalogue.read_bytes()
    plans = [plan, GOOD, OTHER, GOOD, OTHER]  # enough for two worker processes
    for target in (f"json:{catalogue}", f"sarif:{catalogue}", f"json:{pack}/report.json"):
        result = run_cli("verify", *plans, "-o", target, "--force", "--jobs", jobs, "--lang", "en")
        assert result.exit_code == 2
        assert "catalogue.yaml:" in result.stderr and "YAML syntax error" in result.stderr
        assert f"{target.partition(':')[2]}: this is one of the inputs" in result.stderr
    assert catalogue.read_bytes() == before and not (pack / "report.json").exists()
