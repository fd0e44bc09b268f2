"""``plancheck explain ID``: a rule, or a catalogue requirement and its rules, explained from
the pack's own data: title, rationale, citation, what it checks, examples and fix."""

from __future__ import annotations

from plancheck.errors import Problem, UsageError
from plancheck.i18n import Lang, Message
from plancheck.pack.ir import Pack, Rule
from plancheck.report.labels import FORCE, LEVEL, SEVERITY

BASIS: dict[str, Message] = {
    "stated": Message(
        "明文规定 (省规划原文对该层级的要求)", "stated (the provincial text says it of this level)"
    ),
    "derived": Message(
        "由层级架构推出 (二、(三)2)", "derived (follows by the level architecture, 二、(三)2)"
    ),
    "practice": Message("良好做法 (仅作建议)", "practice (advice only)"),
}


def basis_and_force(cid: str, pack: Pack, lang: Lang) -> str:
    """ "derived · must": how the provincial text supports a requirement, and its force."""
    req = pack.requirements[cid]
    basis = req.basis.split()[0] if lang == "en" else BASIS[req.basis].zh.split()[0]
    return f"{basis} · {FORCE[req.force].pick(lang)}"


W = {
    "severity": Message("级别", "Severity"),
    "levels": Message("适用层级", "Applies to"),
    "implements": Message("实现的需求", "Implements"),
    "why": Message("理由", "Why"),
    "cites": Message("依据", "Cites"),
    "checks": Message("检查内容", "What it checks"),
    "message": Message("问题提示", "Message"),
    "pass": Message("合格示例", "Passing example"),
    "fail": Message("不合格示例", "Failing example"),
    "finding": Message("第 {line} 行出现问题", "a finding at line {line}"),
    "fix": Message("修改方法", "How to fix"),
    "force": Message("要求", "Force"),
    "basis": Message("依据类型", "Basis"),
    "source": Message("出处", "Source"),
    "rules": Message("实现它的规则", "Rules that implement it"),
    "more": Message("查看某条规则: plancheck explain 规则编号", "For one rule: plancheck explain RULE-ID"),
}


def _indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line if line else line for line in text.rstrip().splitlines())


def explain_rule(rule: Rule, pack: Pack, lang: Lang) -> str:
    r = rule

    def t(key: str) -> str:
        return W[key].pick(lang)

    implements = ", ".join(
        f"{cid} {pack.requirements[cid].title.pick(lang)} ({basis_and_force(cid, pack, lang)})"
        for cid in r.implements
        if cid in pack.requirements
    )
    cite = f"{r.citation.section}: {r.citation.text}"
    cite += f" ({r.citation.document or pack.framework.pick(lang)})"
    lines = [
        f"{r.id}: {r.title.pick(lang)}",
        "",
        f"{t('severity')}: {SEVERITY[rule.severity].pick(lang)}    {t('levels')}: "
        + ", ".join(LEVEL[level].pick(lang) for level in r.levels),
        f"{t('implements')}: {implements}",
        "",
        f"{t('why')}:",
        _indent(r.rationale.pick(lang)),
        "",
        f"{t('cites')}:",
        _indent(cite),
        "",
        f"{t('checks')}:",
        _indent(rule.check_source),
        f"    {t('message')}: {r.message.pick(lang)}",
        "",
        f"{t('pass')}:",
        _indent(r.passing[0].yaml),
        "",
        f"{t('fail')}:",
        _indent(r.failing[0].yaml),
        "    → "
        + W["finding"].pick(lang).format(line=r.failing[0].expect.line if r.failing[0].expect else "?"),
        "",
        f"{t('fix')}:",
        _indent(r.fix.pick(lang)),
    ]
    return "\n".join(lines) + "\n"


def explain_requirement(cid: str, pack: Pack, lang: Lang) -> str:
    req = pack.requirements[cid]
    rules = [rule for rule in pack.rules if cid in rule.implements]
    lines = [
        f"{req.id}: {req.title.pick(lang)}",
        "",
        f"{W['basis'].pick(lang)}: {BASIS[req.basis].pick(lang)}",
        f"{W['force'].pick(lang)}: {FORCE[req.force].pick(lang)}    {W['levels'].pick(lang)}: "
        + ", ".join(LEVEL[level].pick(lang) for level in req.applies_to),
        f"{W['source'].pick(lang)}: {req.source} ({pack.framework.pick(lang)})",
        "",
        f"{W['rules'].pick(lang)}:",
    ]
    for rule in rules:
        lines.append(f"    {rule.id}  {SEVERITY[rule.severity].pick(lang)}  {rule.title.pick(lang)}")
        lines.append(f"        {W['cites'].pick(lang)} {rule.citation.section}: {rule.citation.text}")
        lines.append(f"        {W['fix'].pick(lang)}: {rule.fix.pick(lang)}")
    lines += ["", W["more"].pick(lang)]
    return "\n".join(lines) + "\n"


def explain(identifier: str, pack: Pack, lang: Lang) -> str:
    """The explanation of a rule id or catalogue id (case-insensitive)."""
    wanted = identifier.strip().upper()
    for rule in pack.rules:
        if rule.id.upper() == wanted:
            return explain_rule(rule, pack, lang)
    for cid in pack.requirements:
        if cid.upper() == wanted:
            return explain_requirement(cid, pack, lang)
    import difflib

    known = [r.id for r in pack.rules] + list(pack.requirements)
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
    hint = (
        Message(f"; 是否想查 {', '.join(close)}?", f"; did you mean {', '.join(close)}?")
        if close
        else Message("; 用 plancheck rules 列出全部规则", "; plancheck rules lists them all")
    )
    raise UsageError(
        Problem(
            identifier,
            Message(
                f"规则包 {pack.name} 中没有规则或需求 '{identifier}'",
                f"no rule or requirement '{identifier}' in the pack {pack.name}",
            ).join(hint, "", ""),
            code="usage",
        )
    )
