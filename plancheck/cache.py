"""Compiled artefacts kept between runs (the rule packs, the plan validator), so that a run
whose inputs have not changed skips building them and imports neither pydantic nor the
path library.

Files live in ``$PLANCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/plancheck``, else
``~/.cache/plancheck``; ``PLANCHECK_NO_CACHE=1`` turns the cache off. Each file's name holds a
hash of everything it was made from. A cache that cannot be read or written is ignored: it
can only make a run faster, never change its result.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path:
    if os.environ.get("PLANCHECK_CACHE_DIR"):
        return Path(os.environ["PLANCHECK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plancheck"


def enabled() -> bool:
    return not os.environ.get("PLANCHECK_NO_CACHE")


def code_stamp(*modules: str) -> str:
    """What a cached object is made of: its modules' sizes and times, so that a change to them
    invalidates the cache even within one release (as in a source checkout)."""
    stamps = []
    for name in modules:
        info = os.stat(PACKAGE_DIR / f"{name}.py")
        stamps.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(stamps)


def read(name: str) -> Any | None:
    """The object cached under ``name``, or None when there is none or it cannot be read."""
    try:
        with open(cache_dir() / name, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def write(name: str, payload: bytes) -> None:
    """Store pickled bytes under ``name``, atomically; a failure is ignored."""
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
    except OSError:
        pass
