"""Reading a text file the way Chinese government documents arrive: UTF-8 (with or without
BOM), UTF-16 with BOM (or without one when its ASCII shows the byte order), or GB18030/GBK.
Anything else is refused with a clear message."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from plancheck.errors import InputError, Problem
from plancheck.i18n import Message
from plancheck.read.inputs import shown_path

MAX_INPUT_BYTES = 8 * 1024 * 1024


def _refuse(path: str, zh: str, en: str, line: int | None = None, column: int | None = None) -> InputError:
    return InputError(Problem(path, Message(zh, en), line, column, code="read"))


def _too_large(display: str, size: str | None, max_bytes: int) -> InputError:
    """Over the limit: by how much when the size is known, else (a pipe) only that it is."""
    limit = f"{max_bytes // 1048576} MiB"
    if size is None:
        return _refuse(display, f"文件过大 (超过 {limit})", f"file is too large (more than {limit})")
    return _refuse(
        display, f"文件过大 ({size}), 上限为 {limit}", f"file is too large ({size}); the limit is {limit}"
    )


def present(path: Path) -> bool:
    """Whether ``path`` names something other than a folder: a file, or a named pipe or device
    that reading then refuses by name. An optional input (a pack's catalogue, plancheck.toml)
    that is a pipe is an error to report, not a file to pass over in silence."""
    try:
        return path.exists() and not path.is_dir()
    except (OSError, ValueError):
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a folder on the way that cannot be searched
        return False


_KINDS = {
    stat.S_IFIFO: ("命名管道 (FIFO)", "a named pipe (FIFO)"),
    stat.S_IFCHR: ("字符设备", "a character device"),
    stat.S_IFBLK: ("块设备", "a block device"),
    stat.S_IFSOCK: ("套接字", "a socket"),
}


def _not_regular(display: str, mode: int) -> InputError:
    zh, en = _KINDS.get(stat.S_IFMT(mode), ("特殊文件", "a special file"))
    return _refuse(
        display,
        f"这是{zh}, 不是普通文件; 请先把内容保存为文件",
        f"this is {en}, not a regular file; save its content to a file first",
    )


def _nonblocking(path: str, flags: int) -> int:
    """How input files are opened: without waiting, so that a named pipe with no writer (or a
    device) answers at once and can be refused, instead of hanging the run."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))


PIPE_WAIT = 2.0  # seconds a pipe may stay silent before it is taken for one nobody writes to


def _read_pipe(descriptor: int, display: str, mode: int, max_bytes: int) -> bytes:
    """What a pipe's writer sends, to its end (a process substitution such as ``<(git show …)``);
    a pipe silent for PIPE_WAIT seconds (a named pipe nobody writes to) is refused, never waited
    on for ever."""
    import select

    chunks: list[bytes] = []
    total = 0
    while True:
        ready, _, _ = select.select([descriptor], [], [], PIPE_WAIT)
        if not ready:
            raise _not_regular(display, mode)
        try:
            chunk = os.read(descriptor, 65536)
        except BlockingIOError:
            continue
        if not chunk:
            if not chunks:  # a writer came and went without a word
                raise _not_regular(display, mode)
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(display, None, max_bytes)


def read_bytes(path: Path, display: str, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The file's bytes, or an InputError saying why it cannot be read. Regular files are read,
    and pipes that are written to; a silent named pipe, a device or a socket is refused."""
    try:
        with open(path, "rb", opener=_nonblocking) as handle:  # a directory fails here
            info = os.fstat(handle.fileno())
            if stat.S_ISFIFO(info.st_mode):  # verify <(git show HEAD:plan.yaml): read what is written
                return _read_pipe(handle.fileno(), display, info.st_mode, max_bytes)
            if not stat.S_ISREG(info.st_mode):
                raise _not_regular(display, info.st_mode)
            if hasattr(os, "set_blocking"):
                os.set_blocking(handle.fileno(), True)
            size = info.st_size
            if size > max_bytes:
                raise _too_large(display, f"{size / 1048576:.1f} MiB", max_bytes)
            # as many bytes as the file has: asking for the limit would make Python allocate
            # (and free) 8 MiB for every file read, a tenth of a millisecond each time
            data = handle.read(size + 1)
            if len(data) > size:  # it grew while being read
                data += handle.read(max_bytes + 1 - len(data))
                if len(data) > max_bytes:
                    raise _too_large(display, None, max_bytes)
            return data
    except FileNotFoundError:
        raise _refuse(display, "文件不存在", "no such file") from None
    except PermissionError:
        if _is_dir(path):  # what opening a directory raises on Windows
            raise _refuse(display, "这是一个目录, 不是文件", "is a directory, not a file") from None
        raise _refuse(display, "没有读取权限", "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise _refuse(display, "这是一个目录, 不是文件", "is a directory, not a file") from None
    except (OSError, ValueError) as exc:  # a name too long or with a NUL, a loop of links
        reason = (exc.strerror if isinstance(exc, OSError) else None) or type(exc).__name__
        raise _refuse(display, f"无法读取文件: {reason}", f"cannot read the file: {reason}") from None


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _plausible_text(text: str) -> bool:
    """No control characters but line breaks and tabs (a NUL among them means binary)."""
    return _CONTROL.search(text) is None


def _ascii_units(body: bytes, codec: str) -> int:
    """How many code units of ``body`` read in ``codec`` are ASCII characters other than NUL."""
    text = body.decode(codec, "replace")
    return len(text.encode("ascii", "ignore")) - text.count("\x00")


def _utf16_reading(body: bytes) -> str | None:
    """The byte order whose code units hold the file's ASCII (its YAML keys, indentation and
    line breaks: a high byte of zero), when that is clear: at least a fifth of the code units
    are ASCII read that way and over four times as many as the other way round. A CJK
    character whose low byte is zero (一 U+4E00, the ideographic space U+3000) adds a zero on the
    other side, which is why the other side need not be free of zeros."""
    little, big = _ascii_units(body, "utf-16-le"), _ascii_units(body, "utf-16-be")
    for codec, ascii_units, reversed_units in (("utf-16-le", little, big), ("utf-16-be", big, little)):
        if ascii_units * 10 >= len(body) and ascii_units > 4 * reversed_units:
            try:
                text = body.decode(codec)
            except UnicodeDecodeError:
                return None
            return text if _plausible_text(text) else None
    return None


def _bomless_utf16(body: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by the zero bytes of its ASCII (YAML keys are ASCII)."""
    if len(body) % 2:
        return None
    return _utf16_reading(body)


def _looks_like_utf16(body: bytes) -> bool:
    """Text in UTF-16 without a BOM whose byte order cannot be told (too little ASCII, as in a
    text file all in Chinese): either reading is clean text, where binary data would not be, and
    the bytes without their zeros are not UTF-8 (a UTF-8 text with a stray NUL is not UTF-16)."""
    if len(body) % 2:
        return False
    try:
        body.replace(b"\x00", b"").decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            if _plausible_text(body.decode(codec)):
                return True
        except UnicodeDecodeError:
            continue
    return False


def decode(raw: bytes, display: str) -> tuple[str, str]:
    """(text, encoding name). Refuses binary files and undecodable bytes."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's: FF FE 00 00
        raise _refuse(
            display,
            "这是 UTF-32 文件, 无法读取; 请另存为 UTF-8",
            "this is a UTF-32 file, which is not read; save it as UTF-8",
        )
    if raw.startswith(codecs.BOM_UTF8):
        body, encoding = raw[len(codecs.BOM_UTF8) :], "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _refuse(display, "UTF-16 文件已损坏", "the UTF-16 file is damaged") from None
    else:
        body, encoding = raw, "utf-8"
    if b"\x00" in body:
        utf16 = _bomless_utf16(body)
        if utf16 is not None:
            return utf16, "utf-16"
        if _looks_like_utf16(body):
            raise _refuse(
                display,
                "这似乎是没有字节顺序标记（BOM）的 UTF-16 文件，无法确定字节顺序；请另存为 UTF-8",
                "this looks like UTF-16 without a byte-order mark (BOM), whose byte order cannot be told; "
                "save it as UTF-8",
            )
        raise _refuse(
            display,
            "这是二进制文件, 不是文本 (含 NUL 字节)",
            "this is a binary file, not text (it contains NUL bytes)",
        )
    try:
        return body.decode("utf-8"), encoding
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError:
        line = body.count(b"\n", 0, first_bad) + 1
        column = first_bad - (body.rfind(b"\n", 0, first_bad) + 1) + 1
        byte = body[first_bad]
        raise _refuse(
            display,
            f"无法识别的文本编码 (字节 0x{byte:02x}): 既不是 UTF-8 也不是 GB18030; 请另存为 UTF-8",
            f"unknown text encoding (byte 0x{byte:02x}): neither UTF-8 nor GB18030; save the file as UTF-8",
            line,
            column,
        ) from None
    if any("\ue000" <= ch <= "\uf8ff" for ch in text):  # Big5 and others decode to private use
        raise _refuse(
            display,
            "文件既不是 UTF-8 也不是 GB18030/GBK (可能是 Big5 繁体编码); 请另存为 UTF-8",
            "the file is neither UTF-8 nor GB18030/GBK (perhaps Big5); save it as UTF-8",
        )
    return text, "gb18030"


_LINE_SEPARATORS = str.maketrans({"\u2028": " ", "\u2029": " ", "\u0085": " "})


def clean(text: str) -> str:
    """Unicode line and paragraph separators (pasted from Word) become spaces: YAML would break
    lines there while editors do not, and every position after them would be wrong."""
    if "\u2028" in text or "\u2029" in text or "\u0085" in text:  # rare; translate is slow
        return text.translate(_LINE_SEPARATORS)
    return text


def read_text(
    path: Path | str, display: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> tuple[str, str]:
    """Read and decode a text file: (text, encoding)."""
    path = Path(path)
    shown = display if display is not None else shown_path(path)
    text, encoding = decode(read_bytes(path, shown, max_bytes), shown)
    return clean(text), encoding
