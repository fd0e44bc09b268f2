"""SARIF 2.1.0, as GitHub code scanning accepts it: one run per rule pack, the pack's rules
with their help inline (text and Markdown) and a helpUri only when the rule pages are published
at an http(s) URL (--docs-url or the pack's docs_url), results with file regions, fingerprints, and waived findings as
suppressions."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from plancheck import __version__
from plancheck.engine.findings import Finding, RunReport
from plancheck.i18n import Lang
from plancheck.pack.ir import Pack, Rule
from plancheck.report import RenderContext

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://pypi.org/project/plancheck/"


def published_docs_url(pack: Pack, docs_url: str | None = None) -> str | None:
    """Where the pack's rule pages are published: --docs-url, else the pack's docs_url, when it
    is an http(s) URL; None otherwise (a page on this machine is no help to a reader elsewhere)."""
    base = (docs_url or pack.docs_url or "").strip()
    return base if _web_address(base) else None


_NOT_IN_A_URL = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`]")


def _web_address(text: str) -> bool:
    """An http(s) address with a host, and nothing a link could be broken out of with (quotes,
    angle brackets, spaces, control characters): javascript:, data: and the like never pass."""
    from urllib.parse import urlsplit

    if not text.lower().startswith(("http://", "https://")) or _NOT_IN_A_URL.search(text):
        return False
    try:
        return bool(urlsplit(text).hostname)
    except ValueError:  # a malformed port or IPv6 address
        return False


def rule_help_uri(rule: Rule, pack: Pack, docs_url: str | None = None) -> str | None:
    """The rule's published page (``published_docs_url`` + ``ID.md``), or None when the pages
    are not published: the help is then only inline."""
    base = published_docs_url(pack, docs_url)
    return base.rstrip("/") + f"/{rule.id}.md" if base else None


def rule_help_markdown(rule: Rule, pack: Pack, lang: Lang) -> str:
    """The help text shown beside a finding (SARIF help.markdown): rationale, citation, fix."""
    r = rule
    cite = f"> {r.citation.text}\n>\n> — {r.citation.section}"
    if r.citation.document:
        cite += f", {r.citation.document}"
    heading = ("依据", "修改") if lang == "zh" else ("Cites", "Fix")
    return (
        f"**{r.title.pick(lang)}** (`{r.id}`, {', '.join(r.implements)})\n\n"
        f"{r.rationale.pick(lang)}\n\n"
        f"**{heading[0]}**\n\n{cite}\n\n"
        f"**{heading[1]}**: {r.fix.pick(lang)}\n"
    )


def _uri(file: str) -> str:
    """A file as SARIF wants it: a relative URI reference when the path is relative."""
    path = Path(file)
    return path.as_posix() if not path.is_absolute() else path.as_uri()


def _help_text(rule: Any, lang: Lang) -> str:
    """The rule's help as plain text: what it asks, why, the clause it rests on, the fix."""
    r = rule
    labels = ("依据", "修改") if lang == "zh" else ("Cites", "Fix")
    cite = f"{r.citation.section}: {r.citation.text}"
    if r.citation.document:
        cite += f" ({r.citation.document})"
    return (
        f"{r.title.pick(lang)} ({r.id}, {', '.join(r.implements)})\n\n{r.rationale.pick(lang)}\n\n"
        f"{labels[0]}: {cite}\n\n{labels[1]}: {r.fix.pick(lang)}"
    )


def _rule(rule: Any, pack: Any, context: RenderContext) -> dict[str, Any]:
    r = rule
    lang = context.lang
    described: dict[str, Any] = {
        "id": r.id,
        "name": "".join(part.capitalize() for part in r.id.lower().split("-")),
        "shortDescription": {"text": r.title.pick(lang)},
        "fullDescription": {"text": r.rationale.pick(lang)},
        "help": {
            "text": _help_text(rule, lang),
            "markdown": rule_help_markdown(rule, pack, lang),
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": ["plancheck", pack.name, *r.implements],
            "catalogue": r.implements,
            "force": [pack.requirements[c].force for c in r.implements if c in pack.requirements],
            "citation": {"section": r.citation.section, "text": r.citation.text},
        },
    }
    uri = rule_help_uri(rule, pack, context.docs_url)
    if uri is not None:  # only a published page: a file on this machine helps no one elsewhere
        described["helpUri"] = uri
    return described


def _result(
    finding: Finding, index: dict[str, int], context: RenderContext, baseline: bool
) -> dict[str, Any]:
    lang = context.lang
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": LEVEL[finding.severity],
        "message": {"text": f"{finding.message.pick(lang)}: {finding.detail.pick(lang)}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.file)},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                },
                "logicalLocations": [{"fullyQualifiedName": finding.path, "kind": "member"}],
            }
        ],
        "partialFingerprints": {"plancheck/v1": finding.fingerprint},
        "properties": {"layer": finding.layer, "catalogue": finding.implements},
    }
    if finding.rule_id in index:
        result["ruleIndex"] = index[finding.rule_id]
    if finding.waived_by is not None:
        waiver = finding.waived_by
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{waiver.reason} ({waiver.approver}, {waiver.granted}"
                + (f" – {waiver.expires}" if waiver.expires else "")
                + ")",
            }
        ]
    if baseline:
        result["baselineState"] = "unchanged" if finding.baselined else "new"
    return result


def _help_uri(rule: Any, pack: Any, docs_url: str | None) -> str:
    """The rule page's address. A base given by --docs-url or the pack's ``docs_url`` is used
    only if it is a web address (http, https): ``javascript:…`` or another scheme never reaches
    a SARIF viewer; the page shipped with the pack (a file: URI) is given instead."""
    base = docs_url or pack.docs_url
    if base and base.split(":", 1)[0].strip().lower() not in ("http", "https"):
        page: Path = (pack.directory / "docs" / f"{rule.id}.md").resolve()
        return page.as_uri()
    return str(rule_help_uri(rule, pack, docs_url))


def render(run: RunReport, context: RenderContext) -> str:
    runs = []
    for pack_name, pack in run.packs.items():
        reports = [r for r in run.reports if r.pack == pack_name]
        index = {rule.id: i for i, rule in enumerate(pack.rules)}
        runs.append(
            {
                "tool": {
                    "driver": {
                        "name": "plancheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule, pack, context) for rule in pack.rules],
                        "properties": {"pack": pack.name, "packVersion": pack.version},
                    }
                },
                "automationDetails": {"id": f"plancheck/{pack.name}/"},
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(f, index, context, run.baseline is not None) for r in reports for f in r.findings
                ],
                "invocations": [{"executionSuccessful": not run.errors}],
                "properties": {
                    "requirementMatrix": [
                        {
                            "file": r.file,
                            "region": r.region,
                            "requirements": {req.id: req.status for req in r.requirements},
                        }
                        for r in reports
                    ]
                },
            }
        )
    if not runs or run.errors:
        runs.append(
            {
                "tool": {
                    "driver": {"name": "plancheck", "version": __version__, "informationUri": INFORMATION_URI}
                },
                "results": [],
                "invocations": [
                    {
                        "executionSuccessful": not run.errors,
                        "toolExecutionNotifications": [
                            {
                                "level": "error",
                                "message": {"text": p.message.pick(context.lang)},
                                "locations": [
                                    {
                                        "physicalLocation": {
                                            "artifactLocation": {"uri": _uri(p.file)},
                                            **(
                                                {
                                                    "region": {
                                                        "startLine": p.line,
                                                        "startColumn": p.column or 1,
                                                    }
                                                }
                                                if p.line
                                                else {}
                                            ),
                                        }
                                    }
                                ],
                            }
                            for p in run.errors
                        ],
                    }
                ],
            }
        )
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": runs}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
