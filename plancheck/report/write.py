"""Writing reports to files without ever losing what is there.

A write goes to a temporary file beside the target and is renamed over it only when complete,
so a failed write leaves the previous file intact. An existing file is replaced only with
``--force``; a file that is one of the run's inputs is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
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
    except (OSError, ValueError):
        return False


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is in ``folder`` or below it (a rule pack's folder is an input whole)."""
    try:
        if not folder.is_dir():
            return False
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))
    except (OSError, ValueError):
        return False


def _writable(directory: Path) -> bool:
    return os.access(directory, os.W_OK)


_KINDS = {
    stat.S_IFIFO: ("命名管道 (FIFO)", "a named pipe (FIFO)"),
    stat.S_IFCHR: ("字符设备", "a character device"),
    stat.S_IFBLK: ("块设备", "a block device"),
    stat.S_IFSOCK: ("套接字", "a socket"),
}


def final_path(path: Path) -> Path:
    """Where a report to ``path`` goes: the file a symbolic link points to (the link stays a
    link), else the path itself."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except (OSError, ValueError):
        return path


def check_target(path: Path, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work is done, a target that cannot or must not be written: one of the
    inputs (a plan, a baseline, a file of a rule pack), a folder, a path ending in a separator,
    anything but a regular file (a named pipe, a device, /dev/stdout, a link to nothing), or an
    existing file without ``force``."""
    text = os.fspath(path)
    if text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep)):
        raise _refuse(
            path,
            "路径以分隔符结尾: 请给出文件名, 而不是目录",
            "the path ends in a separator: give a file name, not a folder",
        )
    refuse_inputs([path], inputs)
    try:
        link = path.is_symlink()
        info = os.stat(path) if os.path.lexists(path) else None
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as exc:
        reason = (exc.strerror if isinstance(exc, OSError) else None) or type(exc).__name__
        raise _refuse(path, f"无法写入: {reason}", f"cannot be written: {reason}") from None
    if link and info is None:
        raise _refuse(
            path,
            "这是指向不存在文件的符号链接; 报告不会顺着它写入",
            "is a symbolic link to nothing; a report is not written through it",
        )
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "这是一个目录; 请给出文件名", "is a directory; give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        zh, en = _KINDS.get(stat.S_IFMT(info.st_mode), ("特殊文件", "a special file"))
        raise _refuse(
            path,
            f"这是{zh}, 不是普通文件; 报告只写入普通文件 (--force 也不会替换它)",
            f"is {en}, not a regular file; reports are written only to regular files (even with --force)",
        )
    target = final_path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise _refuse(path, f"目录 {parent} 不存在", f"the directory {parent} does not exist")
    if info is not None and not force:
        raise _refuse(path, "文件已存在; 如需覆盖请加 --force", "the file exists; add --force to replace it")
    if not _writable(parent):
        raise _refuse(path, f"没有写入目录 {parent} 的权限", f"no permission to write in {parent}")


def refuse_inputs(paths: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Refuse a target that is one of the inputs or inside an input folder (a rule pack's). Also
    called once a run knows every pack it read: a plan's own ``framework:`` may name one."""
    inputs = list(inputs)
    for path in paths:
        if any(_same_file(path, source) or _inside(path, source) for source in inputs):
            raise _refuse(
                path,
                "这是输入文件之一, 不能用报告覆盖它",
                "this is one of the inputs; a report never replaces it",
            )


def check_targets(paths: Iterable[Path], *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Every target checked, and no two the same file, before anything is written."""
    inputs = list(inputs)
    seen: dict[str, Path] = {}
    for path in paths:
        check_target(path, force=force, inputs=inputs)
        key = os.path.normcase(os.path.realpath(path))
        if key in seen:
            raise _refuse(
                path,
                f"同一个文件被指定了两次 (也作为 {shown_path(seen[key])})",
                f"the same file is given twice (also as {shown_path(seen[key])})",
            )
        seen[key] = path


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# the temporary files being written, removed if the run is stopped (SIGTERM, SIGHUP)
_PENDING: set[str] = set()


def remove_pending() -> None:
    """Remove the temporary files of reports not yet in place (a run being stopped)."""
    for name in list(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(name)
        _PENDING.discard(name)


class AtomicFile:
    """A file written in pieces and put in place only when complete (``with AtomicFile(...) as
    out: out.write(...)``); if anything fails, the previous file is left as it was."""

    def __init__(self, path: Path, *, force: bool, inputs: Iterable[Path] = ()):
        self.path = path
        self.force = force
        check_target(path, force=force, inputs=list(inputs))
        self.target = final_path(path)
        import tempfile  # only a run that writes a file needs it

        parent = self.target.parent if str(self.target.parent) else Path(".")
        try:  # a short name: the target's own may already be at the system's limit
            handle, self.temporary = tempfile.mkstemp(prefix=".plancheck-", suffix=".tmp", dir=parent)
        except OSError as exc:
            raise self._failed(exc) from None
        _PENDING.add(self.temporary)
        self.stream = os.fdopen(handle, "wb")
        try:
            os.chmod(self.temporary, _mode_for(self.target))
        except OSError as exc:
            self.abandon()
            raise self._failed(exc) from None

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

    def _exists(self) -> OutputError:
        return _refuse(
            self.path, "文件已存在; 如需覆盖请加 --force", "the file exists; add --force to replace it"
        )

    def commit(self) -> None:
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            if self.force:
                check_target(self.path, force=True)  # became a pipe or a device meanwhile
                os.replace(self.temporary, self.target)
            else:
                # the final name is created only if nothing has it (a hard link fails on an
                # existing name): of two runs writing the same new file, one succeeds
                try:
                    os.link(self.temporary, self.target)
                except FileExistsError:
                    raise self._exists() from None
                except OSError:  # a file system without hard links: check, then rename
                    if os.path.lexists(self.target):
                        raise self._exists() from None
                    os.replace(self.temporary, self.target)
                else:
                    os.unlink(self.temporary)
            _PENDING.discard(self.temporary)
        except OSError as exc:
            self.abandon()
            raise self._failed(exc) from None
        except OutputError:
            self.abandon()
            raise

    def abandon(self) -> None:
        try:
            if not self.stream.closed:
                self.stream.close()  # flushing a full disk fails again here
        except OSError:
            pass
        try:
            os.unlink(self.temporary)
        except FileNotFoundError:
            pass
        except OSError:
            pass
        _PENDING.discard(self.temporary)

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
