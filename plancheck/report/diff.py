"""A diff between two versions of a plan (``engine.diff``) as text for the terminal, JSON
(``format_version`` 1) and Markdown for a pull-request comment."""

from __future__ import annotations

import json
from typing import Any

from plancheck import __version__
from plancheck.engine.diff import PlanDiff
from plancheck.engine.findings import REPORT_FORMAT_VERSION, Finding, PlanReport
from plancheck.i18n import Lang, Message, zh
from plancheck.plan import wording
from plancheck.read.inputs import is_document
from plancheck.report import RenderContext
from plancheck.report.labels import HEADINGS, MATRIX_DIFF, REQUIREMENT_STATUS, SEVERITY
from plancheck.report.matrix import escape_markdown

# --- words ---------------------------------------------------------------------------------------


def _w(key: str, lang: Lang) -> str:
    return (MATRIX_DIFF[key] if key in MATRIX_DIFF else HEADINGS[key]).pick(lang)


def _status(status: str | None, lang: Lang) -> str:
    if status is None:
        return "—"
    return REQUIREMENT_STATUS.get(status, Message(status, status)).pick(lang)


def _severity(finding: Finding, lang: Lang) -> str:
    return SEVERITY.get(finding.severity, Message(finding.severity, finding.severity)).pick(lang)


def _counts_line(d: PlanDiff, lang: Lang) -> str:
    parts = [
        (_w("fixed", lang), len(d.fixed)),
        (_w("introduced", lang), len(d.introduced)),
        (_w("unchanged", lang), len(d.unchanged)),
        (_w("requirement_changes", lang), len(d.requirements)),
    ]
    return " · ".join(f"{name} {n}" for name, n in parts)


# --- text ----------------------------------------------------------------------------------------


def _counted(heading: str, count: int, lang: Lang) -> str:
    """A section's heading with its count: 已修复（3）, Fixed (3)."""
    return f"{heading}（{count}）" if lang == "zh" else f"{heading} ({count})"


def _text_finding(mark: str, f: Finding, lang: Lang, moved_from: int | None = None) -> list[str]:
    implements = f" [{', '.join(f.implements)}]" if f.implements else ""
    if lang == "zh":  # a reviewer: the rule named by its title, the place in the schema's words
        waived = f"（{HEADINGS['waived'].zh}）" if f.waived_by is not None else ""
        named = f"（{f.title.zh}）"
        place = wording.place(f.location, f.path).zh
    else:  # a YAML plan's author reads its path; a document's reader its titles
        waived = f" ({HEADINGS['waived'].en})" if f.waived_by is not None else ""
        named, place = "", wording.place(f.location, f.path, is_document(f.file)).en
    out = [
        f"  {mark} {_severity(f, lang)} {f.rule_id}{named}{implements.strip() if named else implements} "
        f"{f.message.pick(lang)}{waived}"
    ]
    where = f"{f.file}:{f.line}:{f.column}  {place}"
    if moved_from is not None and moved_from != f.line:
        moved = MATRIX_DIFF["moved_from"].pick(lang).format(moved_from)
        where += f"（{moved}）" if lang == "zh" else f"  ({moved})"
    out.append(f"      {where}")
    return out


def render_text(d: PlanDiff, context: RenderContext) -> str:
    lang = context.lang
    title = zh(d.new.title) if lang == "zh" else d.new.title
    out = [f"plancheck diff: {d.old.file} → {d.new.file}", title, _counts_line(d, lang), ""]

    def section(key: str, count: int, lines: list[str]) -> None:
        out.append(_counted(_w(key, lang), count, lang))
        out.extend(lines if lines else [f"  {_w('no_changes', lang)}"])
        out.append("")

    section("introduced", len(d.introduced), [x for f in d.introduced for x in _text_finding("+", f, lang)])
    section("fixed", len(d.fixed), [x for f in d.fixed for x in _text_finding("-", f, lang)])
    changes = [
        f"  {c.id} {c.title.pick(lang)}{'：' if lang == 'zh' else ': '}{_status(c.old, lang)} → {_status(c.new, lang)}"
        for c in d.requirements
    ]
    section("requirement_changes", len(d.requirements), changes)
    unchanged = [x for o, n in d.unchanged for x in _text_finding("=", n, lang, o.line)]
    section("unchanged", len(d.unchanged), unchanged)
    return "\n".join(out).rstrip() + "\n"


# --- JSON ----------------------------------------------------------------------------------------


def _side(report: PlanReport) -> dict[str, Any]:
    return {
        "file": report.file,
        "title": report.title,
        "region": report.region,
        "level": report.level,
        "pack": {"name": report.pack, "version": report.pack_version},
        "summary": {**report.counts(), "rules_checked": report.rules_checked},
    }


def render_json(d: PlanDiff, context: RenderContext) -> str:
    lang, exit_code, version, fail_on = context.lang, context.exit_code, __version__, context.fail_on
    unchanged = []
    for old, new in d.unchanged:
        entry = new.as_dict(lang)
        entry["old"] = {"file": old.file, "line": old.line, "column": old.column}
        unchanged.append(entry)
    document = {
        "tool": "plancheck",
        "version": version,
        "format_version": REPORT_FORMAT_VERSION,
        "language": lang,
        "exit_code": exit_code,
        "fail_on": fail_on,
        "old": _side(d.old),
        "new": _side(d.new),
        "summary": {
            "fixed": len(d.fixed),
            "introduced": len(d.introduced),
            "unchanged": len(d.unchanged),
            "requirements_changed": len(d.requirements),
        },
        "fixed": [f.as_dict(lang) for f in d.fixed],
        "introduced": [f.as_dict(lang) for f in d.introduced],
        "unchanged": unchanged,
        "requirements": [c.as_dict(lang) for c in d.requirements],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- Markdown ------------------------------------------------------------------------------------


def _md(text: str) -> str:
    return escape_markdown(text)


def _code(text: str) -> str:
    text = text.replace("`", "'").replace("|", "\\|").replace("\n", " ")
    return f"`{text}`"


def _md_findings(findings: list[Finding], lang: Lang, old_lines: list[int] | None = None) -> list[str]:
    head = [_w(k, lang) for k in ("severity", "rule", "implements")]
    head += [_w("finding", lang), _w("location", lang)]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for index, f in enumerate(findings):
        where = _code(f"{f.file}:{f.line}")
        if old_lines is not None and old_lines[index] != f.line:
            where += " " + _md(MATRIX_DIFF["moved_from"].pick(lang).format(old_lines[index]))
        waived = f" *({HEADINGS['waived'].pick(lang)})*" if f.waived_by is not None else ""
        cells = [
            _severity(f, lang),
            _code(f.rule_id) + (f"（{_md(f.title.zh)}）" if lang == "zh" else ""),
            ", ".join(f.implements),
            _md(f.message.pick(lang)) + waived,
            where,
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def render_markdown(d: PlanDiff, context: RenderContext) -> str:
    lang = context.lang
    out = [
        f"### plancheck diff: {_code(d.old.file)} → {_code(d.new.file)}",
        "",
        f"**{_md(zh(d.new.title) if lang == 'zh' else d.new.title)}**",
        "",
        _md(_counts_line(d, lang)),
        "",
    ]
    for key, findings in (("introduced", d.introduced), ("fixed", d.fixed)):
        out.append(f"#### {_counted(_w(key, lang), len(findings), lang)}")
        out.append("")
        out.extend(_md_findings(findings, lang) if findings else [_w("no_changes", lang)])
        out.append("")
    out.append(f"#### {_counted(_w('requirement_changes', lang), len(d.requirements), lang)}")
    out.append("")
    if d.requirements:
        head = [_w("id", lang), _w("requirement", lang), _w("old", lang), _w("new", lang)]
        out += ["| " + " | ".join(head) + " |", "|---|---|---|---|"]
        out += [
            f"| {c.id} | {_md(c.title.pick(lang))} | {_status(c.old, lang)} | **{_status(c.new, lang)}** |"
            for c in d.requirements
        ]
    else:
        out.append(_w("no_changes", lang))
    out.append("")
    if d.unchanged:
        out += [
            f"<details><summary>{_counted(_w('unchanged', lang), len(d.unchanged), lang)}</summary>",
            "",
            *_md_findings([n for _, n in d.unchanged], lang, [o.line for o, _ in d.unchanged]),
            "",
            "</details>",
            "",
        ]
    return "\n".join(out)
