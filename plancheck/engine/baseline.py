"""Baselines: the findings a plan already had, recorded by fingerprint, so that a city can adopt
plancheck on an old draft and forbid only new gaps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from plancheck.engine.findings import BaselineNote, PlanReport
from plancheck.errors import InputError, Problem
from plancheck.i18n import Message
from plancheck.read.inputs import shown_path
from plancheck.read.textfile import read_text

BASELINE_VERSION = 1


def baseline_document(reports: list[PlanReport]) -> str:
    """The baseline file: every finding that counts, sorted, one stable JSON text."""
    entries = sorted(
        (
            {"fingerprint": f.fingerprint, "rule": f.rule_id, "file": f.file, "path": f.path}
            for report in reports
            for f in report.findings
            if f.waived_by is None
        ),
        key=lambda e: (e["file"], e["rule"], e["path"], e["fingerprint"]),
    )
    document = {"tool": "plancheck", "baseline_version": BASELINE_VERSION, "entries": entries}
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if len(text) > MAX_BASELINE_BYTES // 4 and len(text.encode("utf-8")) > MAX_BASELINE_BYTES:
        raise InputError(
            Problem(
                "baseline",
                Message(
                    f"基线过大 (超过 {MAX_BASELINE_BYTES // 1048576} MiB, 读取时会被拒绝); 请按目录分别建立基线",
                    f"the baseline would be over {MAX_BASELINE_BYTES // 1048576} MiB, which --baseline "
                    "refuses; make one baseline per folder",
                ),
                code="baseline",
            )
        )
    return text


def _bad(path: str, zh: str, en: str, line: int | None = None, column: int | None = None) -> InputError:
    return InputError(Problem(path, Message(zh, en), line, column, code="baseline"))


MAX_BASELINE_BYTES = 64 * 1024 * 1024  # what baseline create writes for ~50,000 plans


def _text(value: object) -> bool:
    """A string that can be written out (a lone surrogate from a \\ud800 escape cannot)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _valid_entry(entry: object) -> bool:
    """An entry as baseline create writes it: a fingerprint, and file, rule and path (when
    given) as text."""
    return (
        isinstance(entry, dict)
        and _text(entry.get("fingerprint"))
        and all(_text(entry[key]) for key in ("file", "rule", "path") if key in entry)
    )


def load_baseline(path: Path) -> list[dict[str, str]]:
    shown = shown_path(path)
    text, _ = read_text(path, shown, max_bytes=MAX_BASELINE_BYTES)
    try:
        document: Any = json.loads(text)
    except RecursionError:
        raise _bad(shown, "基线文件嵌套过深", "the baseline is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise _bad(
            shown,
            f"基线文件不是有效的 JSON: {exc.msg}",
            f"the baseline is not valid JSON: {exc.msg}",
            exc.lineno,
            exc.colno,
        ) from None
    except ValueError:  # an integer past Python's 4,300-digit limit for converting text
        raise _bad(
            shown,
            "基线文件不是有效的 JSON：其中的数字过长",
            "the baseline is not valid JSON: a number in it is too long",
        ) from None
    entries = document.get("entries") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or document.get("baseline_version") != BASELINE_VERSION
        or not isinstance(entries, list)
        or not all(_valid_entry(e) for e in entries)
    ):
        raise _bad(
            shown,
            f"不是 plancheck 基线文件 (应由 plancheck baseline create 生成, 版本 {BASELINE_VERSION})",
            f"not a plancheck baseline (made by plancheck baseline create, version {BASELINE_VERSION})",
        )
    return entries


def apply_baseline(reports: list[PlanReport], entries: list[dict[str, str]], file: str) -> BaselineNote:
    """Mark findings the baseline knows; list its entries for the checked files that no finding
    matches any more (fixed)."""
    known = {e["fingerprint"] for e in entries}
    seen: set[str] = set()
    for report in reports:
        for finding in report.findings:
            if finding.fingerprint in known:
                finding.baselined = True
                seen.add(finding.fingerprint)
    checked = {report.file for report in reports}
    fixed = [e for e in entries if e["fingerprint"] not in seen and e.get("file") in checked]
    return BaselineNote(fixed=fixed, file=file)
