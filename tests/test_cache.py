"""The cache trusts only what this user's plancheck wrote for the very key it looks up: a planted
or foreign file is a miss, never code run or a result changed."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading

import pytest

from plancheck import cache
from plancheck.pack.cache import load_pack_cached
from tests.conftest import PACK_DIR, ROOT

VERIFY = [sys.executable, "-m", "plancheck", "verify", "examples/fuyang.yaml", "--format", "json"]


class _Planted:
    """Unpickling this runs code: it writes a marker file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        VERIFY, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}, timeout=60
    )


def test_a_planted_pickle_never_runs(tmp_path):
    env = {"PLANCHECK_CACHE_DIR": str(tmp_path / "cache")}
    first = _run(env)
    marker = tmp_path / "ran"
    for path in (tmp_path / "cache").glob("*.pickle"):
        path.write_bytes(pickle.dumps(_Planted(str(marker))))  # no header: a plain pickle
    again = _run(env)
    assert not marker.exists()
    assert again.returncode == first.returncode == 0, again.stderr
    assert json.loads(again.stdout)["plans"] == json.loads(first.stdout)["plans"]


def test_a_pickle_with_a_forged_header_for_another_key_is_a_miss(tmp_path, monkeypatch):
    """Another pack's file (its own key in its header) copied under this pack's name is refused."""
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path))
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(str(marker)))
    cache.write("kind-abc.pickle", cache._header("other-key", payload) + payload, "kind-")
    assert cache.read("kind-abc.pickle", "abc") is None
    assert not marker.exists()
    # the same content under its own key is read (and would run): the header is what binds it
    good = pickle.dumps({"a": 1})
    cache.write("kind-abc.pickle", cache._header("abc", good) + good, "kind-")
    assert cache.read("kind-abc.pickle", "abc") == {"a": 1}


def test_a_file_others_may_write_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path))
    payload = pickle.dumps([1, 2])
    cache.write("k-x.pickle", cache._header("x", payload) + payload, "k-")
    assert cache.read("k-x.pickle", "x") == [1, 2]
    os.chmod(tmp_path / "k-x.pickle", 0o666)
    assert cache.read("k-x.pickle", "x") is None
    os.chmod(tmp_path / "k-x.pickle", 0o600)
    os.chmod(tmp_path, 0o777)
    assert cache.read("k-x.pickle", "x") is None


def test_a_damaged_file_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path))
    payload = pickle.dumps([1, 2])
    cache.write("k-x.pickle", cache._header("x", payload) + payload[:-3] + b"xyz", "k-")
    assert cache.read("k-x.pickle", "x") is None


def test_a_fifo_in_the_cache_does_not_block(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path))
    os.mkfifo(tmp_path / "k-x.pickle")
    done = []
    reader = threading.Thread(target=lambda: done.append(cache.read("k-x.pickle", "x")), daemon=True)
    reader.start()
    reader.join(5)
    assert done == [None]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PLANCHECK_CACHE_DIR": "relative/cache"}, None),
        ({"PLANCHECK_CACHE_DIR": "", "XDG_CACHE_HOME": "relative", "HOME": ""}, None),
        ({"PLANCHECK_CACHE_DIR": "", "XDG_CACHE_HOME": "", "HOME": ""}, None),
        ({"PLANCHECK_CACHE_DIR": "", "XDG_CACHE_HOME": "/somewhere"}, "/somewhere/plancheck"),
    ],
)
def test_only_an_absolute_folder_is_used(monkeypatch, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    found = cache.cache_dir()
    assert (str(found) if found is not None else None) == expected


def test_a_relative_cache_setting_writes_nothing_in_the_current_folder(tmp_path):
    env = {"PLANCHECK_CACHE_DIR": "", "XDG_CACHE_HOME": "rel", "HOME": ""}
    result = subprocess.run(
        [sys.executable, "-m", "plancheck", "verify", str(ROOT / "examples" / "fuyang.yaml")],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, **env}, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_two_installs_sharing_a_cache_keep_their_own_files(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path))
    load_pack_cached(PACK_DIR)
    other = tmp_path / "another" / "plancheck"
    other.mkdir(parents=True)
    (other / "engine.py").write_text("x = 1\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", other)
    load_pack_cached(PACK_DIR)
    assert len(list(tmp_path.glob("pack-*.pickle"))) == 2
