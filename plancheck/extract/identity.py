"""The plan's identity (``plan:``): its title, and from the title the region, its level and
province (the city of a county), the plan period, and the front matter's issue date, issuer,
document number and base year. A document without a title or a period is not a plan."""

from __future__ import annotations

import re
from typing import Any

from plancheck.errors import InputError, Problem
from plancheck.extract.context import Context, Notes
from plancheck.extract.evidence import Obj, evidence, position
from plancheck.extract.find import find
from plancheck.extract.text import Hit, Sent, key
from plancheck.i18n import Message
from plancheck.pack.vocabulary import Find
from plancheck.read.sections import Para, fold

UNKNOWN = "【待填写】"
_FRONT_MATTER = ("base_year", "issued", "issuer", "document_number")
_PERIOD_LINE = re.compile(r"[(（]?\s*\d{4}\s*年?\s*[-‐‑‒–—―−~～至到]+\s*\d{4}\s*年?\s*[)）]?")

Regions = list[tuple[str, str]]  # (name, province | city | county), outermost first


def read_plan_info(ctx: Context) -> Obj:
    """The ``plan:`` object. InputError when the document has no plan title or period."""
    found = _title(ctx)
    if found is None:
        raise _not_a_plan(
            ctx,
            "这不像一份数字政府建设规划: 找不到“XX市(县)……数字政府……规划”这样的标题",
            "this does not look like a digital-government plan: no title such as "
            "XX市(县)……数字政府……规划 was found",
            ctx.tree.paras[0].line if ctx.tree.paras else None,
        )
    hit, title, regions = found
    info = Obj()
    info["title"] = title
    region, stated_level = regions[-1]
    info["region"] = region
    level, level_note = _level(ctx, stated_level)
    info["level"] = level
    province, province_term = _province_of(ctx, regions)
    info["province"] = province if province is not None else UNKNOWN
    if level == "county":
        city = _city_of(ctx, regions)
        if city:
            info["city"] = city
    info["framework"] = ctx.framework
    period, period_from_era = _period(ctx, title)
    if period is None:
        raise _not_a_plan(
            ctx,
            "找不到规划期 (如“规划期为2021—2025年”或标题中的“(2021-2025年)”)",
            "no plan period was found (such as 规划期为2021—2025年, or (2021-2025年) in the title)",
        )
    info["period"] = period
    if period.pos is not None:
        info.field_pos["period"] = period.pos
    _front_matter(ctx, info)
    evidence(hit, info)
    _guesses(ctx.notes, info, province_term, level_note, period_from_era)
    return info


def _not_a_plan(ctx: Context, zh: str, en: str, line: int | None = None) -> InputError:
    return InputError(Problem(ctx.document.file, Message(zh, en), line, code="not-a-plan"))


def _guesses(
    notes: Notes, info: Obj, province_term: str | None, level_note: tuple[str, str] | None, from_era: bool
) -> None:
    """The notes on what the identity only infers."""
    if province_term is not None:
        notes.low(
            info,
            "plan.province",
            f"省份由文中的“{province_term}”推断",
            f"the province is inferred from '{province_term}' in the text",
        )
    if info["province"] == UNKNOWN:
        notes.low(info, "plan.province", "文中找不到所属省份", "the document does not name its province")
    if level_note:
        notes.low(info, "plan.level", *level_note)
    if from_era:
        notes.low(
            info["period"],
            "plan.period",
            "规划期由“五年规划”的名称推断",
            "the period is inferred from the five-year plan it names",
        )


# ----------------------------------------------------------------------------- title, region


def _title(ctx: Context) -> tuple[Hit, str, Regions] | None:
    """The plan's title (《…》 in the first paragraphs, or a short line of the front matter
    with the vocabulary's keywords), and the regions it starts with."""
    words = ctx.vocabulary.plan.title
    keywords = [key(k) for k in words.keywords]
    kinds = [key(k) for k in words.kinds]
    for sent, a, b in _title_candidates(ctx):
        k = key(sent.para.text[a:b])
        if not any(w in k for w in keywords) or not any(w in k for w in kinds):
            continue
        found = _title_at(ctx, sent, a, b)
        if found is not None:
            return found
    return None


def _title_candidates(ctx: Context) -> list[tuple[Sent, int, int]]:
    paras = ctx.tree.paras
    front = [p for p in paras if p.node is ctx.tree.root][:40] or paras[:40]
    candidates: list[tuple[Sent, int, int]] = []
    for sent in ctx.sentences_in([*front, *paras[len(front) : len(front) + 40]]):
        for m in re.finditer(r"《([^《》]{4,80})》", sent.folded):
            candidates.append((sent, sent.start + m.start(1), sent.start + m.end(1)))
    for sent in ctx.sentences_in(p for p in front if len(p.text) <= 80):
        candidates.append((sent, sent.start, sent.end))
    return candidates


def _title_at(ctx: Context, sent: Sent, a: int, b: int) -> tuple[Hit, str, Regions] | None:
    text = _strip_title(ctx, sent.para.text[a:b])
    regions = _regions(ctx, text)
    if not regions:
        return None
    if not re.search(r"\d{4}", fold(text)):
        extra = _period_line(ctx, sent.para)
        if extra:
            text += extra
    a = sent.para.text.find(text[: min(len(text), 8)], a) if text else a
    return Hit(sent, a, b, max(a, sent.start), b), text.strip(), regions


def _strip_title(ctx: Context, text: str) -> str:
    words = ctx.vocabulary.plan.title
    for prefix in words.strip_prefixes:
        at = text.find(prefix)
        if at >= 0:
            text = text[at + len(prefix) :]
    for suffix in words.strip_suffixes:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip(" 《》")


def _period_line(ctx: Context, para: Para) -> str | None:
    """A title's period on the next line: (2021—2025年)."""
    nxt = para.index + 1
    if nxt < len(ctx.tree.paras):
        text = ctx.tree.paras[nxt].text.strip()
        if len(text) <= 20 and _PERIOD_LINE.fullmatch(text):
            return text
    return None


def _regions(ctx: Context, text: str) -> Regions:
    """The administrative names a title starts with: 安徽省 阜阳市 临泉县."""
    suffix_kinds = ctx.vocabulary.plan.region_suffixes
    suffixes = "".join(re.escape(s) for s in suffix_kinds)
    parts: Regions = []
    at = 0
    while True:
        m = re.match(rf"([\u4e00-\u9fff]{{1,10}}?[{suffixes}])(?![{suffixes}])", text[at:])
        if m is None:
            break
        name = m.group(1)
        parts.append((name, suffix_kinds[name[-1]]))
        at += m.end()
        if len(parts) >= 3:
            break
    while len(parts) > 1 and parts[-1][1] == "province":
        parts.pop()
    return parts


def _level(ctx: Context, level: str) -> tuple[str, tuple[str, str] | None]:
    """The plan's level, and a note when a city-level title reads as a county's (县级市)."""
    if level != "city":
        return level, None
    hints = {
        name: sum(ctx.count(t) for t in terms) for name, terms in ctx.vocabulary.plan.level_hints.items()
    }
    if hints.get("county", 0) > 2 * hints.get("city", 0) and hints.get("county", 0) >= 3:
        return "county", (
            "按行文对象判断为县级 (县级市)",
            "read as a county-level plan from whom it addresses",
        )
    return level, None


def _province_of(ctx: Context, regions: Regions) -> tuple[str | None, str | None]:
    """The province the title names, else the one the text suggests (and the term it was
    inferred from, when only indirectly)."""
    province = next((r for r, kind in regions if kind == "province"), None)
    if province is not None:
        return province, None
    return _province(ctx)


def _province(ctx: Context) -> tuple[str | None, str | None]:
    """The pack's province when the text names it (then sure), or names something only it
    has, such as its service platform (then the term it was inferred from)."""
    words = ctx.vocabulary.plan.province
    for terms, sure in ((words.terms, True), (words.indirect, False)):
        for term in terms:
            if any(key(term) in s.key for s in ctx.document_sents):
                return words.name, None if sure else term
    return None, None


def _city_of(ctx: Context, regions: Regions) -> str | None:
    """A county's city: named in the title, else the pack's city the text names most."""
    named = next((r for r, kind in regions[:-1] if kind == "city"), None)
    if named:
        return named
    counts = [(ctx.count(c), -i, c) for i, c in enumerate(ctx.vocabulary.plan.cities)]
    counts = [c for c in counts if c[0] > 0]
    return max(counts)[2] if counts else None


# ----------------------------------------------------------------------------- period, front matter


def _period(ctx: Context, title: str) -> tuple[Obj | None, bool]:
    """The plan period, and whether it is only inferred from the five-year plan named."""
    stated = _stated_period(ctx)
    if stated is not None:
        return stated, False
    inferred = _era_period(ctx, title)
    return inferred, inferred is not None


def _stated_period(ctx: Context) -> Obj | None:
    """The period as the text gives it (规划期为2021—2025年), in the first paragraphs first."""
    scopes = [ctx.sentences_in(ctx.tree.paras[:60]), ctx.document_sents]
    for pattern in ctx.vocabulary.plan.period.patterns:
        found = find(Find(patterns=[pattern], take="match"), scopes)
        if found is not None and found.group("start") and found.group("end"):
            start, end = int(fold(found.group("start") or "")), int(fold(found.group("end") or ""))
            if end >= start:
                return evidence(found, Obj(start=start, end=end))
    return None


def _era_period(ctx: Context, title: str) -> Obj | None:
    """The period of the five-year plan the title names (“十四五”), quoted where the text
    first names it."""
    folded = key(title)
    for era, (start, end) in ctx.vocabulary.plan.eras.items():
        if key(era) not in folded:
            continue
        for sent in ctx.document_sents[:80] + ctx.sentences_in(ctx.tree.paras[:20]):
            at = sent.key.find(key(era))
            if at >= 0:
                hit = Hit(sent, sent.start, sent.end, sent.start + at, sent.start + at + 3)
                return evidence(hit, Obj(start=start, end=end))
    return None


def _front_matter(ctx: Context, info: Obj) -> None:
    """The base year, issue date, issuer and document number, where the text gives them."""
    words = ctx.vocabulary.plan
    for name in _FRONT_MATTER:
        spec = getattr(words, name)
        if spec is None:
            continue
        found = _front_find(ctx, spec)
        if found is not None:
            value: Any = found.value
            if name == "base_year":
                value = int(fold(value))
            info[name] = value
            info.field_pos[name] = position(found)


def _front_find(ctx: Context, spec: Find) -> Hit | None:
    """In the front matter, then the last paragraphs, then anywhere; failing that, the front
    matter and the end again without the spec's ``near`` words."""
    paras = ctx.tree.paras
    front = ctx.sentences_in(p for p in paras if p.node is ctx.tree.root)
    tail = ctx.sentences_in(paras[-12:])
    everything = ctx.sentences_in(paras)
    loose = Find(**{**spec.model_dump(), "near": []})
    return find(spec, [front, tail, everything]) or find(loose, [front, tail])
