"""Compiled artefacts kept between runs (the rule packs, the plan validator), so that a run
whose inputs have not changed skips building them and imports neither pydantic nor the
path library.

Files live in ``$PLANCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/plancheck``, else
``~/.cache/plancheck``; ``PLANCHECK_NO_CACHE=1`` turns the cache off. Each file's name holds a
hash of everything it was made from, including every module of plancheck; writing a new file
removes the older ones of the same kind. A cache that cannot be read or written is ignored: it
can only make a run faster, never change its result.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path:
    if os.environ.get("PLANCHECK_CACHE_DIR"):
        return Path(os.environ["PLANCHECK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plancheck"


def enabled() -> bool:
    return os.environ.get("PLANCHECK_NO_CACHE", "") in ("", "0")


def code_stamp() -> str:
    """What plancheck's code is: every module's path, size and time, so that any change to it
    invalidates the cache even within one release (as in a source checkout). Raises OSError
    when the package cannot be listed."""
    stamps = []
    folders = [str(PACKAGE_DIR)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir() and entry.name != "__pycache__":
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    stamps.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(sorted(stamps))


def read(name: str) -> Any | None:
    """The object cached under ``name``, or None when there is none or it cannot be read."""
    try:
        with open(cache_dir() / name, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # a missing, damaged or foreign file is only a cache miss
        return None


def through(kind: str, key: Callable[[], str], build: Callable[[], bytes], expected: type) -> Any:
    """The object cached as ``kind`` + ``key()`` when it is there and of the ``expected`` type;
    else the one ``build`` pickles, stored for the next run. Either way the object is read from
    a pickle, so that a run behaves alike with and without the cache."""
    name = None
    if enabled():
        try:
            name = f"{kind}{key()}.pickle"
        except OSError:
            name = None
    found = read(name) if name else None
    if isinstance(found, expected):
        return found
    payload = build()
    if name:
        write(name, payload, kind)
    return pickle.loads(payload)


def write(name: str, payload: bytes, kind: str) -> None:
    """Store pickled bytes under ``name`` (which starts with ``kind``), atomically, and remove
    the older files of that kind; a failure is ignored."""
    import tempfile

    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".cache-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
            os.replace(temporary, directory / name)
        except OSError:
            os.unlink(temporary)
            raise
        for older in directory.glob(f"{kind}*.pickle"):
            if older.name != name:
                older.unlink(missing_ok=True)
    except OSError:
        pass
