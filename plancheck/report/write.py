"""Writing reports to files without ever losing what is there.

A write goes to a temporary file beside the target and is renamed over it only when complete,
so a failed write leaves the previous file intact. An existing file is replaced only with
``--force``; a file that is one of the run's inputs is never replaced.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from plancheck.errors import PlancheckError, Problem
from plancheck.i18n import Message
from plancheck.read.inputs import shown_path


class OutputError(PlancheckError):
    """A report that cannot be written where the user asked."""


def _refuse(path: Path, zh: str, en: str) -> OutputError:
    return OutputError(Problem(shown_path(path), Message(zh, en), code="output"))


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


class AtomicFile:
    """A file written in pieces and put in place only when complete (``with AtomicFile(...) as
    out: out.write(...)``); if anything fails, the previous file is left as it was."""

    def __init__(self, path: Path, *, force: bool, inputs: Iterable[Path] = ()):
        self.path = path
        self.force = force
        check_target(path, force=force, inputs=list(inputs))
        import tempfile  # only a run that writes a file needs it

        parent = path.parent if str(path.parent) else Path(".")
        handle, self.temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
        os.chmod(self.temporary, _mode_for(path))
        self.stream = os.fdopen(handle, "wb")

    def write(self, content: str | bytes) -> None:
        try:
            self.stream.write(content.encode("utf-8") if isinstance(content, str) else content)
        except OSError as exc:
            self.abandon()
            raise self._failed(exc) from None

    def _failed(self, exc: OSError) -> OutputError:
        reason = exc.strerror or type(exc).__name__
        return _refuse(
            self.path,
            f"写入失败: {reason}; 原文件未改动",
            f"could not write: {reason}; any existing file is untouched",
        )

    def commit(self) -> None:
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            if self.path.exists() and not self.force:  # appeared while we were writing
                raise _refuse(
                    self.path,
                    "文件已存在; 如需覆盖请加 --force",
                    "the file exists; add --force to replace it",
                )
            os.replace(self.temporary, self.path)
        except OSError as exc:
            self.abandon()
            raise self._failed(exc) from None
        except OutputError:
            self.abandon()
            raise

    def abandon(self) -> None:
        if not self.stream.closed:
            self.stream.close()
        if os.path.exists(self.temporary):
            os.unlink(self.temporary)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.abandon()


def write_atomic(path: Path, content: str | bytes, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` all at once, or not at all."""
    with AtomicFile(path, force=force, inputs=inputs) as out:
        out.write(content)
