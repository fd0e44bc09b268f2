"""How the issue-#17 files of the hostile corpus were made (tests/hostile/, its baselines/ and
documents/ folders). Run it to write them again; the tests read the files, not this script:

    python -m tests.make_hostile

Each file is one attack, written fresh for this corpus: a deadline in year 0 or 9999, a
framework with a NUL or over 255 bytes, waiver paths that backtrack, nest filters or use
value(), a negative bandwidth, control characters, UTF-32, hostile baselines, and Word files
with bombs in parts other than the text, lying sizes, entities and 50,001 paragraphs.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.docx_parts import W_NS, XML_HEAD, Part, base_docx, body, docx_with, lie_about_sizes

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "hostile"
GAPS = (ROOT / "examples" / "city-draft-gaps.yaml").read_text(encoding="utf-8")
MiB = 1024 * 1024

WAIVER = """waivers:
  - rule: A6
    reason: 生态环保类应用依托省级平台建设
    approver: 示例市数据资源局
    granted: {granted}
{more}"""


def _plan(name: str, old: str, new: str, extra: str = "") -> None:
    assert old in GAPS, old
    (CORPUS / name).write_text(GAPS.replace(old, new, 1) + extra, encoding="utf-8")


def plans() -> None:
    _plan("deadline-year-0.yaml", "deadline: 2023年底", "deadline: 0000年底")
    _plan("deadline-year-9999.yaml", "deadline: 2023年底", "deadline: 9999年12月")
    _plan("deadline-year-10000.yaml", "deadline: 2023年底", "deadline: 10000年底")
    _plan("framework-nul.yaml", "framework: anhui-11171", 'framework: "anhui-11171\\0../x"')
    _plan("framework-258-bytes.yaml", "framework: anhui-11171", "framework: " + "规" * 86)
    _plan("framework-dev-zero.yaml", "framework: anhui-11171", "framework: /dev/zero")
    _plan("bandwidth-negative.yaml", "to_county: 千兆", 'to_county: "-1000M"')
    _plan("bandwidth-unicode-minus.yaml", "to_county: 千兆", 'to_county: "−千兆"')
    more = "    path: \"$..[?value(@.*) == 'x' || value(@) != 'y']\"\n"
    _plan("waiver-path-value.yaml", "x", "x", WAIVER.format(granted="2022-01-10", more=more))
    more = "    path: \"$.plan[?match(@, '((x)|(x))+$')]\"\n"  # not (a|a)+: a shape of its own
    _plan(
        "waiver-path-backtrack.yaml",
        "title: 示例市",
        "title: " + "x" * 40 + "!\n  x-title: 示例市",
        WAIVER.format(granted="2022-01-10", more=more),
    )
    more = '    path: "$..[?$..[?$..[?$..*]]]"\n'
    _plan("waiver-path-nested.yaml", "x", "x", WAIVER.format(granted="2022-01-10", more=more))
    more = "    expires: 2025-06-30T23:59:59+14:00\n"
    _plan("waiver-expiry-offset.yaml", "x", "x", WAIVER.format(granted="2022-01-10", more=more))
    more = "    expires: 9999-12-31\n"
    _plan("waiver-expiry-year-9999.yaml", "x", "x", WAIVER.format(granted="0001-01-01", more=more))
    _plan("control-escapes.yaml", "region: 示例市", 'region: "示例\\e]0;pwned\\a\\e[2J\\x01市"')
    _plan("lone-surrogate.yaml", "region: 示例市", 'region: "示例\\ud800市"')
    (CORPUS / "utf32-bom.yaml").write_bytes(GAPS.encode("utf-32"))
    (CORPUS / "utf32-be-no-bom.yaml").write_bytes(GAPS.encode("utf-32-be"))
    (CORPUS / "nul-in-utf8.yaml").write_bytes(GAPS.encode("utf-8").replace(b"region: ", b"region: \x00", 1))


def baselines() -> None:
    folder = CORPUS / "baselines"
    folder.mkdir(exist_ok=True)
    head = '{"tool": "plancheck", "baseline_version": 1, "entries": '
    files = {
        "file-as-list.json": head + '[{"fingerprint": "f", "file": ["plan.yaml"], "rule": "A6"}]}',
        "rule-as-number.json": head + '[{"fingerprint": "f", "rule": 5}]}',
        "low-surrogate.json": head + '[{"fingerprint": "\\udc80x"}]}',
        # 100,000 brackets deep inside an entry's field, not the entries list itself
        "nested-100k.json": head + '[{"fingerprint": "f", "file": ' + "[" * 100_000 + "]" * 100_000 + "}]}",
        "integer-5000-digits.json": head + "[" + "7" * 5000 + "]}",
        "top-level-list.json": "[]",
        "version-as-text.json": '{"tool": "plancheck", "baseline_version": "1", "entries": []}',
        "nan-entry.json": head + "[NaN]}",
        "truncated.json": head + '[{"fingerprint": "f", "rule": "AH-',
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    readable = {"tool": "plancheck", "baseline_version": 1, "entries": [
        {"fingerprint": "0000000000000000", "rule": "AH-\x1b[2J", "file": "\x1b]0;pwned\x07.yaml", "path": "$"}
    ]}  # fmt: skip
    (folder / "control-characters.json").write_text(json.dumps(readable), encoding="utf-8")
    (folder / "utf16-bom.json").write_bytes(json.dumps(readable).encode("utf-16"))


def _docx(path: Path, parts: dict[str, Part], duplicate: bool = False) -> bytes:
    """The small Word file with ``parts`` replaced or added (see tests.docx_parts), written to
    ``path``; ``duplicate`` keeps the original parts too (two parts of one name)."""
    data = docx_with(base_docx("示例市数字政府建设规划(2021-2025年)"), parts, keep_originals=duplicate)
    path.write_bytes(data)
    return data


def documents() -> None:
    folder = CORPUS / "documents"
    folder.mkdir(exist_ok=True)
    spaces = b" " * MiB
    _docx(folder / "bomb-numbering.docx", {"word/numbering.xml": (XML_HEAD, spaces, 40)})
    _docx(folder / "bomb-footnotes.docx", {"word/footnotes.xml": (XML_HEAD, spaces, 40)})
    _docx(folder / "bomb-package-rels.docx", {"_rels/.rels": (XML_HEAD, spaces, 40)})
    # five media parts of 26 MiB: each under the 32 MiB cap of a part, together over 128 MiB
    media = {f"word/media/image{i}.png": (b"\x89PNG\r\n\x1a\n", b"\x00" * MiB, 26) for i in range(1, 6)}
    _docx(folder / "bomb-media-together.docx", media)
    lying = _docx(folder / "bomb-lying-size.docx", {"word/styles.xml": (XML_HEAD, spaces, 40)})
    (folder / "bomb-lying-size.docx").write_bytes(lie_about_sizes(lying, b"word/styles.xml"))
    _docx(folder / "bomb-duplicate-part.docx", {"word/document.xml": (XML_HEAD, spaces, 40)}, duplicate=True)
    laughs = '<!ENTITY a "lollollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    tail = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>示例市数字政府建设规划&j;</w:t></w:r></w:p></w:body></w:document>'
    _docx(
        folder / "entities.docx",
        {"word/document.xml": f'<?xml version="1.0"?><!DOCTYPE w:document [{laughs}]>{tail}'.encode()},
    )
    tail = tail.replace("&j;", "&x;")
    entity = '<!ENTITY x SYSTEM "file:///etc/passwd">'
    _docx(
        folder / "external-entity.docx",
        {"word/document.xml": f'<?xml version="1.0"?><!DOCTYPE w:document [{entity}]>{tail}'.encode()},
    )
    _docx(
        folder / "paragraphs-50001.docx",
        {"word/document.xml": body([f"第{i}段：建设政务云。" for i in range(50_001)])},
    )
    depth = 100_000
    deep = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b"<w:p>" * depth + b"</w:p>" * depth
    _docx(folder / "deep-xml.docx", {"word/document.xml": XML_HEAD + deep + b"</w:body></w:document>"})
    # 50,002 lines ended by CR alone, as old Mac editors save them (and one line to git)
    lines = ["安徽省示例市数字政府建设规划（2021-2025年）", "一、总体要求"] + ["云"] * 50_000
    (folder / "lines-50002-cr.txt").write_bytes(("\r".join(lines) + "\r").encode("utf-8"))
    (folder / "escape-in-title.md").write_text(
        "# 示例市\x1b]0;pwned\x07数字政府建设规划（2021—2025年）\n\n## 一、总体要求\n\n建设市级政务云平台\x1b[2J，到县带宽千兆。\n",
        encoding="utf-8",
    )
    (folder / "nul-in-utf8.txt").write_bytes("示例市数字政府建设规划\n".encode() + b"\x00\n")


if __name__ == "__main__":
    plans()
    baselines()
    documents()
