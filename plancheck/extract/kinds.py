"""What kind of document it is, before and after its title is read: news about a plan, an
interpretation (解读), an issuing notice without the plan's text, the provincial plan itself,
another province's plan — each refused with a message that says what the document looks like
and which plans the pack checks."""

from __future__ import annotations

from plancheck.errors import InputError, Problem
from plancheck.extract.context import Context
from plancheck.extract.text import key
from plancheck.i18n import Message
from plancheck.read.sections import Para, fold

NOT_A_PLAN = "not-a-plan"
OUT_OF_SCOPE = "out-of-scope"


def refuse(ctx: Context, code: str, zh: str, en: str, line: int | None = None) -> InputError:
    return InputError(Problem(ctx.document.file, Message(zh, en), line, code=code))


def opening(ctx: Context, count: int = 6) -> list[Para]:
    """The first paragraphs that say something."""
    return [p for p in ctx.tree.paras if p.text.strip()][:count]


def is_plan_name(ctx: Context, text: str) -> bool:
    words = ctx.vocabulary.plan.title
    k = key(text)
    return any(key(w) in k for w in words.keywords) and any(key(w) in k for w in words.kinds)


def check_news(ctx: Context) -> None:
    """Refuse news about a plan and interpretations of it: a headline that names a plan and
    ends in 发布/出台, or the words of a report (近日, 记者) or of a 解读 in the opening."""
    kinds = ctx.vocabulary.plan.kinds_of_document
    first = opening(ctx)
    if not first:
        return
    for para in first[:4]:
        k = key(para.text)
        if any(key(w) in k for w in kinds.interpretation) and len(k) <= 80:
            raise refuse(
                ctx,
                NOT_A_PLAN,
                f"这像是一篇政策解读 (“{para.text.strip()[:40]}”), 不是规划文本本身: 请提供规划原文",
                f"this looks like an interpretation of a plan (“{para.text.strip()[:40]}”), not the plan "
                "itself: give the plan's own text",
                para.line,
            )
    headline = first[0]
    hk = key(headline.text).rstrip("。")
    news_word = next((w for p in first[:4] for w in kinds.news if key(w) in key(p.text[:60])), None)
    headline_like = (
        len(hk) <= 60 and is_plan_name(ctx, hk) and any(hk.endswith(key(v)) for v in kinds.headline_verbs)
    )
    if headline_like or (news_word is not None and not _own_title_before(ctx, first)):
        raise refuse(
            ctx,
            NOT_A_PLAN,
            f"这像是一篇关于规划的新闻报道 (“{headline.text.strip()[:40]}”), 不是规划文本本身: 请提供规划原文",
            f"this looks like a news report about a plan (“{headline.text.strip()[:40]}”), not the plan "
            "itself: give the plan's own text",
            headline.line,
        )


def _own_title_before(ctx: Context, first: list[Para]) -> bool:
    """Whether a short line naming a plan (a title, not a headline) opens the document."""
    verbs = [key(v) for v in ctx.vocabulary.plan.kinds_of_document.headline_verbs]
    suffixes = [key(s) for s in ctx.vocabulary.plan.title.strip_suffixes]
    for para in first[:4]:
        k = key(para.text)
        # a headline says what happened to the plan (淮南市印发……规划 到2025年……); a notice's
        # title (关于印发……的通知) is no headline
        notice = "关于" in k or any(k.endswith(s) for s in suffixes)
        headline = any(v in k for v in verbs) and not notice
        if len(k) <= 60 and is_plan_name(ctx, k) and "。" not in para.text and "," not in fold(para.text):
            return not headline
    return False


def check_notice_alone(ctx: Context, title: str, standalone: bool) -> None:
    """Refuse an issuing notice that carries no plan: the title comes only from the notice,
    and the document has no numbered section and only a few paragraphs."""
    if standalone:
        return
    sections = [n for n in ctx.tree.root.children if n.kind not in ("box",)]
    body = [p for p in ctx.tree.paras if p.text.strip()]
    if sections or len(body) > 15:
        return
    raise refuse(
        ctx,
        NOT_A_PLAN,
        f"这像是一份印发通知, 只有通知而没有《{title}》的正文: 请提供规划全文",
        f"this looks like an issuing notice without the text of 《{title}》: give the whole plan",
        body[0].line if body else None,
    )


def check_scope(ctx: Context, title: str, region: str, level: str, province: str | None) -> None:
    """Refuse the provincial plan itself and another province's plans, naming them."""
    words = ctx.vocabulary.plan.province
    home = words.name
    # English names the province in English with its Chinese name, never "安徽省's"
    home_en = f"{words.english} ({home})" if words.english else home
    checks = f"本规则包 ({ctx.framework}) 只检查{home}各市、县 (区) 的数字政府建设规划"
    checks_en = (
        f"the pack {ctx.framework} checks only the digital-government plans of the cities and counties "
        f"of {home_en}"
    )
    if level == "province" and province == home:
        raise refuse(
            ctx,
            OUT_OF_SCOPE,
            f"这是{home}的省级规划《{title}》本身, 不是市、县规划: {checks}",
            f"this is 《{title}》, the provincial plan of {home_en} itself, not a city or county plan: "
            f"{checks_en}",
        )
    if level == "province" and province is None:
        raise refuse(
            ctx,
            OUT_OF_SCOPE,
            f"这是一份省级规划《{title}》（文中自称“我省”），未写明是哪个省，不是{home}的市、县规划：{checks}",
            f"this is a provincial plan (《{title}》, it says 我省) that does not name its province, and "
            f"not a plan of one of {home}'s cities or counties: {checks_en}",
        )
    if province is not None and province != home:
        whose = province if level == "province" or region == province else f"{province}{region}"
        raise refuse(
            ctx,
            OUT_OF_SCOPE,
            f"这是{whose}的规划《{title}》, 不属于{home}: {checks}; 其他省份的规划请用该省的规则包 (--rules)",
            f"this is a plan of {whose} (《{title}》), outside {home_en}: {checks_en}; "
            "check other provinces' plans with their own pack (--rules)",
        )


__all__ = [
    "NOT_A_PLAN",
    "OUT_OF_SCOPE",
    "check_news",
    "check_notice_alone",
    "check_scope",
    "is_plan_name",
    "refuse",
]
