"""``plancheck rules``: the pack's rules and how they cover the requirement catalogue."""

from __future__ import annotations

import json

from plancheck.i18n import Lang, Message
from plancheck.pack.spec import RulePack


def coverage(pack: RulePack) -> dict[str, list[str]]:
    """Catalogue id → ids of the rules implementing it (empty when none does)."""
    out: dict[str, list[str]] = {cid: [] for cid in pack.requirements}
    for rule in pack.rules:
        for cid in rule.rule.implements:
            out.setdefault(cid, []).append(rule.id)
    return out


def render_rules(pack: RulePack, lang: Lang, output_format: str) -> str:
    covered = coverage(pack)
    if output_format == "json":
        return (
            json.dumps(
                {
                    "pack": {
                        "name": pack.name,
                        "version": pack.manifest.version,
                        "title": pack.manifest.title.message().pick(lang),
                    },
                    "rules": [
                        {
                            "id": r.id,
                            "severity": r.severity,
                            "levels": r.rule.levels,
                            "implements": r.rule.implements,
                            "title": r.rule.title.message().pick(lang),
                            "citation": {"section": r.rule.citation.section, "text": r.rule.citation.text},
                            "file": r.file,
                            "line": r.line,
                        }
                        for r in pack.rules
                    ],
                    "catalogue": [
                        {
                            "id": req.id,
                            "layer": req.layer,
                            "title": req.title.message().pick(lang),
                            "applies_to": req.applies_to,
                            "force": req.force,
                            "rules": covered[req.id],
                        }
                        for req in pack.requirements.values()
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    buffer = StringIO()
    console = Console(file=buffer, width=160, no_color=True, highlight=False)
    title = pack.manifest.title.message().pick(lang)
    console.print(f"{title} — {pack.name} {pack.manifest.version}", style="bold")
    table = Table(box=None, header_style="bold", pad_edge=False)
    heads = [
        Message("规则", "rule"),
        Message("级别", "severity"),
        Message("适用", "levels"),
        Message("条目", "implements"),
        Message("依据", "cites"),
        Message("标题", "title"),
    ]
    for head in heads:
        table.add_column(head.pick(lang))
    for r in pack.rules:
        table.add_row(
            r.id,
            r.severity,
            ",".join(r.rule.levels),
            ",".join(r.rule.implements),
            r.rule.citation.section,
            r.rule.title.message().pick(lang),
        )
    console.print(table)
    missing = [cid for cid, ids in covered.items() if not ids]
    n = len(covered)
    line = Message(
        f"{len(pack.rules)} 条规则; 需求目录 {n - len(missing)}/{n} 项已实现"
        + (f"; 未实现: {', '.join(missing)}" if missing else ""),
        f"{len(pack.rules)} rules; {n - len(missing)}/{n} catalogue requirements implemented"
        + (f"; not implemented: {', '.join(missing)}" if missing else ""),
    )
    console.print(line.pick(lang))
    return buffer.getvalue()
