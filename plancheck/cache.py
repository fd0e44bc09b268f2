"""Compiled artefacts kept between runs (the rule packs, the plan validator), so that a run
whose inputs have not changed skips building them and imports neither pydantic nor the
path library.

Files live in ``$PLANCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/plancheck``, else
``~/.cache/plancheck``; a relative path there is ignored (as the XDG specification says), and
with no usable folder the cache is off. ``PLANCHECK_NO_CACHE=1`` turns it off too.

A cache file is read only when it is what it claims to be: a regular file in a folder owned by
this user that no one else may write to, owned by this user and writable by no one else, whose
header names the very key it was looked up by and the SHA-256 of its content. Anything else (a
planted pickle, another pack's file under this name, a damaged or truncated one, a FIFO) is a
cache miss: the cache can only make a run faster, never change its result or run foreign code.

Each file's name holds a hash of everything it was made from, including every module of
plancheck; writing a new file removes the older ones of the same kind, and the kind includes
where plancheck is installed, so that two installs sharing one cache keep their own files.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

PACKAGE_DIR = Path(__file__).resolve().parent
MAGIC = b"plancheck-cache 2\n"
MAX_SIZE = 64 * 1024 * 1024
T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when no absolute one is configured."""
    explicit = os.environ.get("PLANCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit) if os.path.isabs(explicit) else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "plancheck"
    home = os.path.expanduser("~")
    if not os.path.isabs(home) or home == "/":
        return None
    return Path(home) / ".cache" / "plancheck"


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


def install_tag() -> str:
    """A short hash of where this plancheck is installed, part of every kind of file."""
    return hashlib.sha256(os.fsencode(PACKAGE_DIR)).hexdigest()[:8]


def _trusted(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _header(key: str, payload: bytes) -> bytes:
    return MAGIC + key.encode("ascii") + b"\n" + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n"


def read(name: str, key: str) -> Any | None:
    """The object stored under ``name`` for ``key``, or None when there is none or it is not
    what it claims to be (see the module's description)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        if not _trusted(os.stat(directory)):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        descriptor = os.open(directory / name, flags)
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _trusted(info) or info.st_size > MAX_SIZE:
                return None
            content = handle.read()
    except (OSError, ValueError):
        return None
    expected_header = _header(key, b"")[: len(MAGIC) + len(key) + 1]
    if not content.startswith(expected_header):
        return None
    digest_end = content.find(b"\n", len(expected_header))
    payload = content[digest_end + 1 :]
    if digest_end < 0 or content[: digest_end + 1] != _header(key, payload):
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a file pickled by other code (an older plancheck) is a miss
        return None


def through(kind: str, key: Callable[[], str], build: Callable[[], T], expected: type[T]) -> T:
    """The object cached as ``kind`` + ``key()`` when it is there and of the ``expected`` type;
    else the one ``build`` makes, stored for the next run. Either way the object is read from
    a pickle, so that a run behaves alike with and without the cache."""
    kind = f"{kind}{install_tag()}-"
    name = found_key = None
    if enabled():
        try:
            found_key = key()
            name = f"{kind}{found_key}.pickle"
        except OSError:
            name = None
    if name is not None and found_key is not None:
        found = read(name, found_key)
        if isinstance(found, expected):
            return found
    payload = pickle.dumps(build(), protocol=pickle.HIGHEST_PROTOCOL)
    if name is not None and found_key is not None:
        write(name, _header(found_key, payload) + payload, kind)
    loaded: T = pickle.loads(payload)
    return loaded


def write(name: str, content: bytes, kind: str) -> None:
    """Store ``content`` under ``name`` (which starts with ``kind``), atomically, in a folder only
    this user may write to, and remove the older files of that kind; a failure is ignored."""
    import tempfile

    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(directory)):
            return
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".cache-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, directory / name)
        except OSError:
            os.unlink(temporary)
            raise
        for older in directory.glob(f"{kind}*.pickle"):
            if older.name != name:
                older.unlink(missing_ok=True)
    except OSError:
        pass
