"""Turn a reviewed .docx into a PDF with its comments (批注) drawn in the right margin, to look at
the pages as a reviewer would, without Word.

    xvfb-run -a /usr/bin/python3 tools/review_pdf.py 审核批注.docx 审核批注.pdf

Why a script: LibreOffice draws comments in the margin only from a document that has a view
(`soffice --convert-to` loads documents hidden and then fails to write the PDF), so this opens
the document in a LibreOffice window (under Xvfb) and exports it with the PDF filter's
``ExportNotesInMargin``. Needs LibreOffice ≥ 7.6 with its GUI (Debian: libreoffice-writer,
python3-uno, xvfb); it uses the system Python, which has the ``uno`` module. Not part of plancheck.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: Any) -> Any:
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def connect(port: int) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            return resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        except Exception:  # the office is still starting
            time.sleep(0.5)
    raise SystemExit("LibreOffice did not start")


def export(desktop: Any, source: Path, target: Path) -> None:
    document = None
    for _ in range(60):  # the desktop may refuse loads for a moment after it answers
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(str(source)), "_blank", 0, (prop("Hidden", False),)
        )
        if document is not None:
            break
        time.sleep(0.5)
    if document is None:
        raise SystemExit(f"LibreOffice could not open {source}")
    settings = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("ExportNotesInMargin", True),))
    document.storeToURL(
        uno.systemPathToFileUrl(str(target)),
        (prop("FilterName", "writer_pdf_Export"), prop("FilterData", settings)),
    )
    document.close(True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    source, target = (Path(name).resolve() for name in argv)
    port = free_port()
    with tempfile.TemporaryDirectory() as profile:
        office = subprocess.Popen(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--norestore", "--nologo",
             "--nofirststartwizard", f"--accept=socket,host=127.0.0.1,port={port};urp;"],
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            context = connect(port)
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            export(desktop, source, target)
            desktop.terminate()
        finally:
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                office.kill()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
