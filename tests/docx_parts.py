"""Word files made part by part, for the hostile-input tests, the hostile corpus and the fuzz
run: a small real .docx with parts replaced, added or dropped, a part streamed from (head,
filler, count) so that a bomb never sits in memory, and a central directory that lies about
sizes."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from collections.abc import Collection, Mapping

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

Part = bytes | tuple[bytes, bytes, int]  # the bytes, or (head, filler, count): head + filler * count


def base_docx(*paragraphs: str) -> bytes:
    """A small Word file made by python-docx with these paragraphs."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with(
    base: bytes, parts: Mapping[str, Part], *, keep_originals: bool = False, drop: Collection[str] = ()
) -> bytes:
    """``base`` with ``parts`` replaced or added and the parts named in ``drop`` left out;
    ``keep_originals`` keeps the replaced parts too (two parts of one name in the zip)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile's "Duplicate name", wanted then
        with (
            zipfile.ZipFile(io.BytesIO(base)) as source,
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
        ):
            for info in source.infolist():
                if info.filename not in drop and (keep_originals or info.filename not in parts):
                    out.writestr(info.filename, source.read(info.filename))
            for name, content in parts.items():
                if name in drop:
                    continue
                if isinstance(content, bytes):
                    out.writestr(name, content)
                    continue
                head, filler, count = content
                with out.open(name, "w", force_zip64=True) as stream:
                    stream.write(head)
                    for _ in range(count):
                        stream.write(filler)
    return buffer.getvalue()


def lie_about_sizes(data: bytes, name: bytes | None = None) -> bytes:
    """The central directory says part ``name`` (every part, when None) inflates to 1 KiB."""
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        length, extra = struct.unpack_from("<HH", raw, at + 28)
        if name is None or bytes(raw[at + 46 : at + 46 + length]) == name:
            if struct.unpack_from("<I", raw, at + 24)[0] == 0xFFFFFFFF:  # the size is in zip64's field
                field, end = at + 46 + length, at + 46 + length + extra
                while field < end:
                    tag, size = struct.unpack_from("<HH", raw, field)
                    if tag == 1:
                        struct.pack_into("<Q", raw, field + 4, 1024)
                    field += 4 + size
            else:
                struct.pack_into("<I", raw, at + 24, 1024)
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def body(paragraphs: list[str]) -> bytes:
    """A document.xml with these paragraphs (not escaped: a test's markup goes in as written)."""
    text = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return XML_HEAD + f'<w:document xmlns:w="{W_NS}"><w:body>{text}</w:body></w:document>'.encode()
