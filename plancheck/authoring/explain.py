"""``plancheck explain ID``: a rule, or a catalogue requirement and its rules, explained from
the pack's own data: title, rationale, citation, what it checks, examples and fix."""

from __future__ import annotations

from plancheck.errors import Problem, UsageError
from plancheck.i18n import Lang, Message, zh
from plancheck.pack import ir
from plancheck.pack.ir import Pack, Rule
from plancheck.plan import wording
from plancheck.report.labels import FORCE, LEVEL, SEVERITY, quoted

BASIS: dict[str, Message] = {
    "stated": Message(
        "明文规定（省规划原文对该层级的要求）", "stated (the provincial text says it of this level)"
    ),
    "derived": Message(
        "由层级架构推出（二、（三）2）", "derived (follows by the level architecture, 二、(三)2)"
    ),
    "practice": Message("良好做法（仅作建议）", "practice (advice only)"),
}


def basis_and_force(cid: str, pack: Pack, lang: Lang) -> str:
    """ "derived · must": how the provincial text supports a requirement, and its force."""
    req = pack.requirements[cid]
    basis = req.basis.split()[0] if lang == "en" else BASIS[req.basis].zh.split("（")[0]
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
    "examples_note": Message("（示例为 YAML 规划片段）", ""),
    "fix": Message("修改方法", "How to fix"),
    "force": Message("要求", "Force"),
    "basis": Message("依据类型", "Basis"),
    "source": Message("出处", "Source"),
    "rules": Message("实现它的规则", "Rules that implement it"),
    "more": Message("查看某条规则：plancheck explain 规则编号", "For one rule: plancheck explain RULE-ID"),
}

# What each check function asks of the place it looks at, in words (for a Chinese reader, who
# is not shown the rule's YAML or its patterns).
_ASKS = {
    "present": "写明",
    "non_empty": "列出",
    "matches": "写明",
    "forbidden": "不得出现",
    "covers": "涵盖",
    "at_least": "不低于",
    "not_later_than": "不晚于",
    "not_earlier_than": "不早于",
    "agrees": "前后一致",
    "builds_own": "不自行建设",
    "relies_on": "依托",
}
_LEVEL_WORDS = {"province": "省级", "city": "市级", "national": "国家"}


def _option_words(options: ir.Options, path: str) -> str:
    """What a check's options ask for, in words."""
    if isinstance(options, ir.TextSearch):
        said = [wording.choice(path, k, v).zh for k, v in options.where or ()]
        if options.textual:
            said.append(options.wanted().zh)
        return "，".join(said)
    if isinstance(options, ir.Covers):
        return "、".join(item.label for item in options.items)
    if isinstance(options, ir.AtLeast):
        return f"{options.min:g}{'Mbps' if options.quantity == 'bandwidth' else '%'}"
    if isinstance(options, ir.YearBound):
        return f"{options.bound}年" if options.bound.isdigit() else options.bound
    if isinstance(options, ir.BuildsOwn):
        return options.label.zh
    if isinstance(options, ir.ReliesOn):
        return _LEVEL_WORDS[options.level] + options.label.zh
    if isinstance(options, ir.Where) and options.where:
        return "，".join(wording.choice(path, k, v).zh for k, v in options.where) + "的条目"
    return ""


def describe_check(check: ir.Check) -> list[str]:
    """A rule's check in Chinese words, one line a call: where it looks (the schema's titles)
    and what it asks there (所有/任一 for all and any)."""
    if isinstance(check, ir.Call):
        path = wording.key_path(check.selector.written or ())
        found = wording.label(path)
        where = f"“{found[0]}”" if found else "规划"
        words = _option_words(check.options, path)
        return [zh(f"{where}：{_ASKS.get(check.function, check.function)}{words}")]
    if isinstance(check, ir.Not):
        return ["以下不得成立："] + ["  " + line for line in describe_check(check.child)]
    head = "以下各项均须满足：" if isinstance(check, ir.All) else "以下任一项满足即可："
    return [head] + ["  " + line for child in check.children for line in describe_check(child)]


def _indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line if line else line for line in text.rstrip().splitlines())


def explain_rule(rule: Rule, pack: Pack, lang: Lang) -> str:
    r = rule

    def t(key: str) -> str:
        return W[key].pick(lang)

    c = "：" if lang == "zh" else ": "  # a label and its text
    gap = "；" if lang == "zh" else "    "

    implements = ("；" if lang == "zh" else ", ").join(
        f"{cid} {pack.requirements[cid].title.pick(lang)}"
        + (
            f"（{basis_and_force(cid, pack, lang)}）"
            if lang == "zh"
            else f" ({basis_and_force(cid, pack, lang)})"
        )
        for cid in r.implements
        if cid in pack.requirements
    )
    if lang == "zh":
        cite = zh(f"{r.citation.section}：") + quoted(r.citation.text)
        cite += f"（{r.citation.document or pack.framework.zh}）"
    else:
        cite = f"{r.citation.section}: {r.citation.text}"
        cite += f" ({r.citation.document or pack.framework.en})"
    lines = [
        f"{r.id}{c}{r.title.pick(lang)}",
        "",
        f"{t('severity')}{c}{SEVERITY[rule.severity].pick(lang)}{gap}{t('levels')}{c}"
        + ("、" if lang == "zh" else ", ").join(LEVEL[level].pick(lang) for level in r.levels),
        f"{t('implements')}{c}{implements}",
        "",
        f"{t('why')}{c.strip()}",
        _indent(r.rationale.pick(lang)),
        "",
        f"{t('cites')}{c.strip()}",
        _indent(cite),
        "",
        f"{t('checks')}{c.strip()}",
        _indent("\n".join(describe_check(rule.check)) if lang == "zh" else rule.check_source),
        f"    {t('message')}{c}{r.message.pick(lang)}",
        "",
        f"{t('pass')}{t('examples_note')}{c.strip()}",
        _indent(r.passing[0].yaml),
        "",
        f"{t('fail')}{c.strip()}",
        _indent(r.failing[0].yaml),
        "    → "
        + W["finding"].pick(lang).format(line=r.failing[0].expect.line if r.failing[0].expect else "?"),
        "",
        f"{t('fix')}{c.strip()}",
        _indent(r.fix.pick(lang)),
    ]
    return "\n".join(lines) + "\n"


def explain_requirement(cid: str, pack: Pack, lang: Lang) -> str:
    req = pack.requirements[cid]
    rules = [rule for rule in pack.rules if cid in rule.implements]
    c = "：" if lang == "zh" else ": "
    gap = "；" if lang == "zh" else "    "
    source = (
        zh(f"{req.source}（{pack.framework.zh}）") if lang == "zh" else f"{req.source} ({pack.framework.en})"
    )
    lines = [
        f"{req.id}{c}{req.title.pick(lang)}",
        "",
        f"{W['basis'].pick(lang)}{c}{BASIS[req.basis].pick(lang)}",
        f"{W['force'].pick(lang)}{c}{FORCE[req.force].pick(lang)}{gap}{W['levels'].pick(lang)}{c}"
        + ("、" if lang == "zh" else ", ").join(LEVEL[level].pick(lang) for level in req.applies_to),
        f"{W['source'].pick(lang)}{c}{source}",
        "",
        f"{W['rules'].pick(lang)}{c.strip()}",
    ]
    for rule in rules:
        lines.append(f"    {rule.id}  {SEVERITY[rule.severity].pick(lang)}  {rule.title.pick(lang)}")
        if lang == "zh":
            cited = zh(f"{rule.citation.section}：") + quoted(rule.citation.text)
            lines.append(f"        {W['cites'].pick(lang)}{cited}")
        else:
            lines.append(f"        {W['cites'].pick(lang)} {rule.citation.section}: {rule.citation.text}")
        lines.append(f"        {W['fix'].pick(lang)}{c}{rule.fix.pick(lang)}")
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
        Message(f"；是否想查 {'、'.join(close)}？", f"; did you mean {', '.join(close)}?")
        if close
        else Message("；用 plancheck rules 列出全部规则", "; plancheck rules lists them all")
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
