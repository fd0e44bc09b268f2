"""``plancheck rules``: the pack's rules and how they cover the requirement catalogue."""

from __future__ import annotations

import json

from plancheck.i18n import Lang, Message
from plancheck.pack.ir import Pack
from plancheck.report.labels import LEVEL, SEVERITY


def coverage(pack: Pack) -> dict[str, list[str]]:
    """Catalogue id → ids of the rules implementing it (empty when none does)."""
    out: dict[str, list[str]] = {cid: [] for cid in pack.requirements}
    for rule in pack.rules:
        for cid in rule.implements:
            out.setdefault(cid, []).append(rule.id)
    return out


def render_rules(pack: Pack, lang: Lang, output_format: str) -> str:
    covered = coverage(pack)
    if output_format == "json":
        return (
            json.dumps(
                {
                    "pack": {
                        "name": pack.name,
                        "version": pack.version,
                        "title": pack.title.pick(lang),
                    },
                    "rules": [
                        {
                            "id": r.id,
                            "severity": r.severity,
                            "levels": r.levels,
                            "implements": r.implements,
                            "title": r.title.pick(lang),
                            "citation": {"section": r.citation.section, "text": r.citation.text},
                            "file": r.file,
                            "line": r.line,
                        }
                        for r in pack.rules
                    ],
                    "catalogue": [
                        {
                            "id": req.id,
                            "layer": req.layer,
                            "title": req.title.pick(lang),
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
    title = pack.title.pick(lang)
    console.print(f"{title} — {pack.name} {pack.version}", style="bold")
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
            SEVERITY[r.severity].pick(lang),
            ("、" if lang == "zh" else ",").join(
                LEVEL[level].pick(lang) if level in LEVEL else level for level in r.levels
            ),
            ",".join(r.implements),
            r.citation.section,
            r.title.pick(lang),
        )
    console.print(table)
    missing = [cid for cid, ids in covered.items() if not ids]
    n = len(covered)
    line = Message(
        f"{len(pack.rules)} 条规则；需求目录 {n - len(missing)}/{n} 项已实现"
        + (f"；未实现：{'、'.join(missing)}" if missing else ""),
        f"{len(pack.rules)} rules; {n - len(missing)}/{n} catalogue requirements implemented"
        + (f"; not implemented: {', '.join(missing)}" if missing else ""),
    )
    console.print(line.pick(lang))
    return buffer.getvalue()
