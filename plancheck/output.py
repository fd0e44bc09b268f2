"""Writing reports to files without ever losing what is there.

A write goes to a temporary file beside the target and is renamed over it only when complete,
so a failed write leaves the previous file intact. An existing file is replaced only with
``--force``; a file that is one of the run's inputs is never replaced.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from plancheck.errors import PlancheckError, Problem
from plancheck.i18n import Message


class OutputError(PlancheckError):
    """A report that cannot be written where the user asked."""


def _refuse(path: Path, zh: str, en: str) -> OutputError:
    return OutputError(Problem(str(path), Message(zh, en), code="output"))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _writable(directory: Path) -> bool:
    return os.access(directory, os.W_OK)


def check_target(path: Path, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work is done, a target that cannot or must not be written."""
    if any(_same_file(path, source) for source in inputs):
        raise _refuse(
            path,
            "这是输入文件之一, 不能用报告覆盖它",
            "this is one of the inputs; a report never replaces it",
        )
    if path.is_dir():
        raise _refuse(path, "这是一个目录; 请给出文件名", "is a directory; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise _refuse(path, f"目录 {parent} 不存在", f"the directory {parent} does not exist")
    if path.exists() and not force:
        raise _refuse(path, "文件已存在; 如需覆盖请加 --force", "the file exists; add --force to replace it")
    if not _writable(parent):
        raise _refuse(path, f"没有写入目录 {parent} 的权限", f"no permission to write in {parent}")


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, content: str | bytes, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` all at once, or not at all."""
    inputs = list(inputs)
    check_target(path, force=force, inputs=inputs)
    parent = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        os.chmod(temporary, _mode_for(path))
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists() and not force:  # appeared while we were writing
            raise _refuse(
                path, "文件已存在; 如需覆盖请加 --force", "the file exists; add --force to replace it"
            )
        os.replace(temporary, path)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _refuse(
            path,
            f"写入失败: {reason}; 原文件未改动",
            f"could not write: {reason}; any existing file is untouched",
        ) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
