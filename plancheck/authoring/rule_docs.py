"""Rule documentation made from the rules themselves: one page per rule (title, rationale,
citation, what it checks, passing and failing examples, fix), and the ``helpUri`` that points
into it. ``plancheck rules docs -o DIR`` writes the pages; each pack ships its own in docs/."""

from __future__ import annotations

import re
from pathlib import Path

from plancheck.i18n import Lang
from plancheck.pack.ir import Pack, Rule

SEVERITY_WORDS = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
BASIS_WORDS = {"stated": "明文规定 stated", "derived": "推出 derived", "practice": "良好做法 practice"}
FORCE_WORDS = {"must": "必须 must", "should": "应当 should", "must not": "不得 must not", "may": "鼓励 may"}


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


def rule_page(rule: Rule, pack: Pack) -> str:
    """The full page of one rule, in Chinese and English."""
    r = rule
    implements = "\n".join(
        f"- `{cid}` {pack.requirements[cid].title.zh} · {pack.requirements[cid].title.en} "
        f"— {BASIS_WORDS[pack.requirements[cid].basis]} · {FORCE_WORDS[pack.requirements[cid].force]}"
        for cid in r.implements
        if cid in pack.requirements
    )
    lines = [
        f"# {r.id}: {r.title.zh}",
        "",
        f"*{r.title.en}*",
        "",
        "| | |",
        "|---|---|",
        f"| 级别 severity | {SEVERITY_WORDS[rule.severity]} |",
        f"| 适用 levels | {', '.join(r.levels)} |",
        "| 依据类型 basis · 要求 force | "
        + "; ".join(
            f"{cid}: {BASIS_WORDS[pack.requirements[cid].basis]} · {FORCE_WORDS[pack.requirements[cid].force]}"
            for cid in r.implements
            if cid in pack.requirements
        )
        + " |",
        f"| 规则包 pack | {pack.name} {pack.version} |",
        f"| 定义 defined in | `{Path(rule.file).name}` |",
        "",
        "## 实现的需求 · Requirements implemented",
        "",
        implements,
        "",
        "## 理由 · Rationale",
        "",
        r.rationale.zh,
        "",
        r.rationale.en,
        "",
        "## 依据 · Citation",
        "",
        f"> {r.citation.text}",
        ">",
        f"> — {r.citation.section}"
        + (f", {r.citation.document}" if r.citation.document else f", {pack.framework.zh}"),
        "",
        "## 检查内容 · What it checks",
        "",
        f"问题提示 message: {r.message.zh} · {r.message.en}",
        "",
        "```yaml",
        rule.check_source,
        "```",
        "",
    ]
    for title, examples in (
        ("## 合格示例 · Passing examples", r.passing),
        ("## 不合格示例 · Failing examples", r.failing),
    ):
        lines += [title, ""]
        for example in examples:
            if example.note:
                lines += [example.note, ""]
            if example.level:
                lines += [f"level: `{example.level}`", ""]
            lines += ["```yaml", example.yaml.rstrip(), "```", ""]
            expect = getattr(example, "expect", None)
            if expect is not None:
                what = f" — “{expect.detail}”" if expect.detail else ""
                lines += [f"→ 第 {expect.line} 行出现问题 · a finding at line {expect.line}{what}", ""]
    lines += ["## 修改 · Fix", "", r.fix.zh, "", r.fix.en, ""]
    return "\n".join(lines)


def index_page(pack: Pack) -> str:
    lines = [
        f"# {pack.title.zh} · {pack.title.en}",
        "",
        f"{pack.framework.zh}",
        "",
        f"规则包 pack `{pack.name}` {pack.version}: {len(pack.rules)} 条规则 rules.",
        "",
        "| 规则 rule | 级别 severity | 适用 levels | 需求 requirements | 标题 title |",
        "|---|---|---|---|---|",
    ]
    for rule in pack.rules:
        r = rule
        lines.append(
            f"| [{r.id}]({r.id}.md) | {rule.severity} | {', '.join(r.levels)} | {', '.join(r.implements)} | {r.title.zh} · {r.title.en} |"
        )
    lines.append("")
    return "\n".join(lines)


def rule_docs(pack: Pack) -> dict[str, str]:
    """File name → page text for every page of the pack's documentation."""
    pages = {f"{rule.id}.md": rule_page(rule, pack) for rule in pack.rules}
    pages["index.md"] = index_page(pack)
    return pages
