"""Property-based fuzzing: generated and mutated plans never crash plancheck, never hang, never
lose a file; every finding and error points into the file; the JSON output always parses.

The default run stays well within a minute; PLANCHECK_FUZZ=long tries many more inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plancheck.read.yamlfile import load_yaml
from tests.conftest import EXAMPLES, run_cli
from tests.fuzz_strategies import PLANS, dump, mutate, text_mutation

LONG = os.environ.get("PLANCHECK_FUZZ") == "long"
SETTINGS = settings(
    max_examples=2000 if LONG else 120,
    deadline=5000,  # a single check slower than 5 s counts as a hang
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    derandomize=not LONG,
)
SEEDS = {p.name: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))}
SEED_DATA = {name: load_yaml(EXAMPLES / name).data for name in SEEDS}

RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STATS = {"inputs": 0, "tracebacks": 0, "hangs": 0, "lost_files": 0, "messages": set()}


def _check(path: Path) -> None:
    """One input through `plancheck verify`: the properties every input must keep."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    existing = path.with_suffix(".report.json")
    existing.write_text("keep me", encoding="utf-8")
    started = time.perf_counter()
    result = run_cli("verify", path, "--format", "json", "--lang", "en", "-o", existing)  # no --force
    elapsed = time.perf_counter() - started
    STATS["inputs"] += 1
    if elapsed > 5:
        STATS["hangs"] += 1
    assert result.exit_code == 2 and "the file exists" in result.stderr  # refused: nothing lost
    if (
        existing.read_text(encoding="utf-8") != "keep me"
        or hashlib.sha256(path.read_bytes()).hexdigest() != before
    ):
        STATS["lost_files"] += 1
    existing.unlink()

    result = run_cli("verify", path, "--format", "json", "--lang", "en")
    if "Traceback" in result.stderr:
        STATS["tracebacks"] += 1
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    assert not RAW_CONTROL.search(result.stderr), result.stderr  # ESC never reaches the terminal
    doc = json.loads(result.stdout)
    assert doc["exit_code"] == result.exit_code
    raw = path.read_bytes()
    lines = max(1, raw.count(b"\n") + 1, raw.count(b"\n\x00") + 1)
    for plan in doc["plans"]:
        for finding in plan["findings"]:
            assert finding["file"] == str(path)
            assert 1 <= finding["line"] <= lines, finding
            assert finding["column"] >= 1
    for error in doc["errors"]:
        assert error["file"] == str(path)
        assert error["line"] is None or 1 <= error["line"] <= lines, error
        STATS["messages"].add(re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", error["message"])))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@SETTINGS
@given(data=PLANS)
def test_generated_plans(tmp_path, data):
    path = tmp_path / "generated.yaml"
    path.write_text(dump(data), encoding="utf-8")
    _check(path)


@SETTINGS
@given(
    seed=st.sampled_from(sorted(SEEDS)),
    how=st.sampled_from(["drop", "retype", "reorder", "inject", "unknown-key", "framework", "waiver"]),
    rng=st.randoms(use_true_random=False),
    times=st.integers(1, 4),
)
def test_mutated_plans(tmp_path, seed, how, rng, times):
    import copy

    data = copy.deepcopy(SEED_DATA[seed])
    for _ in range(times):
        data = mutate(data, rng, how)
    path = tmp_path / "mutated.yaml"
    path.write_text(dump(data), encoding="utf-8")
    _check(path)


@SETTINGS
@given(
    seed=st.sampled_from(sorted(SEEDS)),
    how=st.sampled_from(
        ["duplicate-line", "delete-line", "tab", "truncate", "insert-char", "encode", "bytes"]
    ),
    rng=st.randoms(use_true_random=False),
)
def test_mutated_text(tmp_path, seed, how, rng):
    text = text_mutation(SEEDS[seed], rng, how)
    path = tmp_path / "text.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    _check(path)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
    | st.sampled_from(["\ud800", "\x1b[2J", "9" * 5000, "AH-F6-COUNTY-BANDWIDTH", "$.a"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["fingerprint", "rule", "file", "path", "tool", "baseline_version", "entries", "x"]),
        inner, max_size=4,
    ),
    max_leaves=12,
)  # fmt: skip
BASELINE_TAILS = ["", "]", "}", "\x00", "[" * 3000, "NaN", "1e999", '"\\ud800"', "9" * 5000]


@SETTINGS
@given(
    entries=JSON, shape=st.sampled_from(["entries", "document", "text"]), tail=st.sampled_from(BASELINE_TAILS)
)
def test_hostile_baselines(tmp_path, entries, shape, tail):
    """Whatever a baseline holds, --baseline reads it or says why it cannot, exit 1 or 2."""
    if shape == "entries":
        document = {"tool": "plancheck", "baseline_version": 1, "entries": entries}
    else:
        document = entries
    text = json.dumps(document, allow_nan=True)
    if shape == "text":
        text = text[: len(text) // 2] + tail
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = run_cli("verify", EXAMPLES / "city-draft-gaps.yaml", "--baseline", baseline, "--format", "json")
    STATS["inputs"] += 1
    assert result.exit_code in (1, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not RAW_CONTROL.search(result.stderr)
    if result.exit_code == 2:
        assert result.stderr.startswith(f"{baseline}"), result.stderr
    json.loads(result.stdout)


@pytest.fixture(scope="module", autouse=True)
def _report_figures(request):
    yield
    request.config._plancheck_fuzz = {  # read by conftest's terminal summary
        "inputs": STATS["inputs"],
        "distinct_error_messages": len(STATS["messages"]),
        "tracebacks": STATS["tracebacks"],
        "hangs_over_5s": STATS["hangs"],
        "lost_files": STATS["lost_files"],
    }
