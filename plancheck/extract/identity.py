"""The plan's identity (``plan:``): its title, and from the title the region, its level and
province (the city of a county), the plan period, and the front matter's issue date, issuer,
document number and base year. A document without a title or a period is not a plan."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plancheck.errors import InputError
from plancheck.extract.context import Context, Notes
from plancheck.extract.evidence import Obj, evidence, position
from plancheck.extract.find import find
from plancheck.extract.gazetteer import Place, gazetteer
from plancheck.extract.kinds import (
    NOT_A_PLAN,
    check_news,
    check_notice_alone,
    check_scope,
    is_plan_name,
    refuse,
)
from plancheck.extract.text import Hit, Sent, key
from plancheck.pack.vocabulary import Find
from plancheck.read.sections import Para, fold

UNKNOWN = "【待填写】"
_FRONT_MATTER = ("base_year", "issued", "issuer", "document_number")
_PERIOD_LINE = re.compile(r"[(（]?\s*\d{4}\s*年?\s*[-‐‑‒–—―−~～至到]+\s*\d{4}\s*年?\s*[)）]?")

Regions = list[tuple[str, str]]  # (name, province | city | county), outermost first


def read_plan_info(ctx: Context) -> Obj:
    """The ``plan:`` object. InputError when the document is not a plan (news, a notice
    alone, no title or period) or is a plan the pack does not check (the provincial plan,
    another province's)."""
    check_news(ctx)
    found = _title(ctx)
    if found is None:
        raise _not_a_plan(
            ctx,
            "这不像一份数字政府建设规划: 找不到“XX市(县)……数字政府……规划”这样的标题",
            "this does not look like a digital-government plan: no title such as "
            "XX市(县)……数字政府……规划 was found",
            ctx.tree.paras[0].line if ctx.tree.paras else None,
        )
    hit, title, places, standalone = found
    check_notice_alone(ctx, title, standalone)
    who = _who(ctx, title, places)
    check_scope(ctx, title, who.region, who.level, who.province)
    info = Obj()
    info["title"] = title
    info["region"] = who.region
    info["level"] = who.level
    info["province"] = who.province if who.province is not None else UNKNOWN
    if who.level == "county" and who.city:
        info["city"] = who.city
    info["framework"] = ctx.framework
    period, period_from_era = _period(ctx, title, hit)
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
    _guesses(ctx.notes, info, who.province_term, who.level_note, period_from_era)
    if who.region_term is not None:
        ctx.notes.low(
            info,
            "plan.region",
            f"标题未写地区, 由“{who.region_term}”推断",
            f"the title names no region; inferred from '{who.region_term}'",
        )
    return info


def _not_a_plan(ctx: Context, zh: str, en: str, line: int | None = None) -> InputError:
    return refuse(ctx, NOT_A_PLAN, zh, en, line)


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


def _title(ctx: Context) -> tuple[Hit, str, list[Place], bool] | None:
    """The plan's own title as a clerk reads it: a standalone title line of the front matter,
    else the 《…》 the issuing notice issues, else the notice's own title line; never a
    document the preface cites. With the places it starts with, and whether it stood alone."""
    for rank, (sent, a, b) in _title_candidates(ctx):
        if not is_plan_name(ctx, sent.para.text[a:b]):
            continue
        found = _title_at(ctx, sent, a, b)
        if found is not None:
            return (*found, rank == 0)
    return None


def _front(ctx: Context) -> list[Para]:
    """The front matter: what comes before the first section (the notice, the title), or the
    first paragraphs when a styled title opened a section of its own."""
    paras = ctx.tree.paras
    front = [p for p in paras if p.node is ctx.tree.root][:40]
    return front + [p for p in paras[:3] if p not in front]


def _title_candidates(ctx: Context) -> list[tuple[int, tuple[Sent, int, int]]]:
    """(rank, candidate): 0 a standalone title line, 1 the 《…》 a notice issues, 2 a notice's
    title line (关于印发……的通知)."""
    notice = [key(w) for w in ctx.vocabulary.plan.kinds_of_document.notice]
    prefixes = ctx.vocabulary.plan.title.strip_prefixes
    out: list[tuple[int, tuple[Sent, int, int]]] = []
    for para in _front(ctx):
        text = fold(para.text).strip()
        if not text or len(text) > 80 or not ctx.sents[para.index]:
            continue
        sent = ctx.sents[para.index][0]
        whole = re.fullmatch(r"\s*《([^《》]{4,80})》\s*", para.folded)
        if whole:
            out.append((0, (sent, whole.start(1), whole.end(1))))
        elif any(p in text for p in prefixes) and "《" not in text:
            out.append((2, (sent, 0, len(para.text))))
        elif not re.search(r"[,。;:《》]", text):
            out.append((0, (sent, 0, len(para.text))))
    for sent in ctx.sentences_in(_front(ctx)):
        if not any(w in sent.key for w in notice):
            continue
        for m in re.finditer(r"《([^《》]{4,80})》", sent.folded):
            out.append((1, (sent, sent.start + m.start(1), sent.start + m.end(1))))
    out.sort(key=lambda c: c[0])
    return out


def _title_at(ctx: Context, sent: Sent, a: int, b: int) -> tuple[Hit, str, list[Place]] | None:
    text = _strip_title(ctx, sent.para.text[a:b])
    if not re.search(r"\d{4}", fold(text)):
        extra = _period_line(ctx, sent.para)
        if extra:
            text += extra
    at = sent.para.text.find(text[: min(len(text), 8)], a) if text else a
    a = at if at >= 0 else a
    return Hit(sent, a, b, max(a, sent.start), b), text.strip(), gazetteer().leading(fold(text).strip(" “"))


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


@dataclass
class _Who:
    """Whose plan it is: the region, its level, province and city, and what was inferred."""

    region: str
    level: str
    province: str | None
    city: str | None = None
    province_term: str | None = None  # the term the province was inferred from
    level_note: tuple[str, str] | None = None
    region_term: str | None = None  # the words the region was inferred from (no region in the title)


def _who(ctx: Context, title: str, places: list[Place]) -> _Who:
    """The region from the title's places (the gazetteer), else its administrative suffixes,
    else the issuer and how the text names its own region (我省, 全市)."""
    if places:
        place = places[-1]
        return _Who(place.name, place.level, place.province, place.city)
    regions = _regions(ctx, fold(title))
    if regions:
        region, stated = regions[-1]
        level, note = _level(ctx, stated)
        province, term = _province_of(ctx, regions)
        city = _city_of(ctx, regions) if level == "county" else None
        return _Who(region, level, province, city, term, note)
    return _inferred(ctx)


def _inferred(ctx: Context) -> _Who:
    """A title without a region: the place that signs or issues the document, else the place
    the text names most at the level it calls its own (我省 → a province)."""
    issuer = _issuer_place(ctx)
    if issuer is not None:
        place, words = issuer
        return _Who(place.name, place.level, place.province, place.city, region_term=words)
    kinds = ctx.vocabulary.plan.kinds_of_document.own_region
    counts = {level: sum(ctx.count(w) for w in words) for level, words in kinds.items()}
    level = max(counts, key=lambda k: (counts[k], k == "city")) if any(counts.values()) else "city"
    named = _most_named(ctx, level)
    if named is None and level == "province":
        named = _province_of_cities(ctx)
    if named is not None:
        return _Who(named.name, named.level, named.province, named.city, region_term=named.name)
    province, term = _province(ctx)
    return _Who(UNKNOWN, level, province, None, term, region_term=next(iter(kinds.get(level, [])), None))


def _issuer_place(ctx: Context) -> tuple[Place, str] | None:
    """The place of an issuer line (江苏省人民政府, XX市人民政府办公室关于印发……) in the front
    matter or the signature block."""
    words = [key(w) for w in ctx.vocabulary.plan.kinds_of_document.issuer_words]
    paras = ctx.tree.paras
    for para in [*_front(ctx), *paras[-12:]]:
        k = key(para.text)
        if len(k) > 80 or not any(w in k for w in words):
            continue
        places = gazetteer().leading(k)
        if places:
            return places[-1], para.text.strip()[:30]
    return None


def _most_named(ctx: Context, level: str, everywhere: bool = False) -> Place | None:
    """The place of that level the text names most (full names; a province also by its short
    name), at least twice; outside the background unless ``everywhere``."""
    g = gazetteer()
    if everywhere:
        text = "".join(key(p.text) for p in ctx.tree.paras)
    else:
        text = "".join(s.key for s in ctx.document_sents)
    best: tuple[int, str] | None = None
    for place in g.places.values():
        if place.level != level:
            continue
        n = text.count(place.name)
        if level == "province":
            n += sum(text.count(s) for s, full in g.shorts.items() if full == place.name and len(s) >= 2)
        if n >= 2 and (best is None or n > best[0]):
            best = (n, place.name)
    return g.places[best[1]] if best else None


def _province_of_cities(ctx: Context) -> Place | None:
    """A plan that calls itself 我省 without naming its province: the province whose cities it
    names (南昌、赣州、九江 → 江西省), when it names at least two of one province and more of it
    than of any other."""
    g = gazetteer()
    text = "".join(key(p.text) for p in ctx.tree.paras)
    counts: dict[str, int] = {}
    for place in g.places.values():
        stem = place.name[:-1] if place.name.endswith("市") else place.name
        if place.level == "city" and len(stem) >= 2 and stem in text:
            counts[place.province] = counts.get(place.province, 0) + 1
    ranked = sorted(counts.items(), key=lambda c: -c[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return g.places[ranked[0][0]]


def _regions(ctx: Context, text: str) -> Regions:
    """The administrative names a title starts with, by their suffixes (安徽省 阜阳市 临泉县),
    for a place the gazetteer does not know."""
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
    province, term = _province(ctx)
    if province is None:  # a county the gazetteer does not know (泗洪县): the city it names (宿迁市)
        city = _most_named(ctx, "city", everywhere=True)
        if city is not None:
            return city.province, city.name
    return province, term


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


def _period(ctx: Context, title: str, hit: Hit) -> tuple[Obj | None, bool]:
    """The plan period: the title's years, else as the text states it, else the five-year
    plan the title names (and whether it is only inferred from that)."""
    titled = _title_period(ctx, hit)
    if titled is not None:
        return titled, False
    stated = _stated_period(ctx)
    if stated is not None:
        return stated, False
    inferred = _era_period(ctx, title)
    return inferred, inferred is not None


def _title_period(ctx: Context, hit: Hit) -> Obj | None:
    """The years in the title (阜阳市“数字政府”建设规划(2021-2025年)), or on the line below it."""
    para = hit.para
    scopes = [[hit.sent]]
    # the line below counts only when it is the period alone ((2021—2025年)), never a preface
    # sentence that cites another plan's years
    if _period_line(ctx, para) is not None:
        scopes.append(ctx.sents[para.index + 1][:1])
    for pattern in ctx.vocabulary.plan.period.patterns[1:]:
        found = find(Find(patterns=[pattern], take="match"), scopes)
        if found is None or not (found.group("start") and found.group("end")):
            continue
        if found.sent is hit.sent and not (hit.start <= found.match_start < hit.end + 16):
            continue
        start, end = int(fold(found.group("start") or "")), int(fold(found.group("end") or ""))
        if end >= start:
            return evidence(found, Obj(start=start, end=end))
    return None


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
    """The base year, and from the notice or the signature block (落款) the issue date, the
    issuer and the document number; never from a sentence that cites another document."""
    words = ctx.vocabulary.plan
    if words.base_year is not None:
        found = find(words.base_year, [ctx.sentences_in(ctx.tree.paras[:80]), ctx.document_sents])
        if found is not None:
            info["base_year"] = int(fold(found.value))
            info.field_pos["base_year"] = position(found)
    lines = _notice_lines(ctx)
    for name in ("issued", "issuer", "document_number"):
        spec = getattr(words, name)
        if spec is None:
            continue
        found = find(Find(**{**spec.model_dump(), "near": []}), [lines])
        if found is not None:
            info[name] = found.value
            info.field_pos[name] = position(found)


def _notice_lines(ctx: Context) -> list[Sent]:
    """The short lines of the front matter and of the document's end (the notice's title, its
    文号, the signature and date), and the notice's own title line: no sentence of prose."""
    paras = ctx.tree.paras
    prefixes = ctx.vocabulary.plan.title.strip_prefixes
    out: list[Sent] = []
    for para in [*_front(ctx), *[p for p in paras[-12:] if p.index >= 3]]:
        text = fold(para.text).strip()
        short = len(text) <= 40 and not re.search(r"[,。;《]", text)
        notice_title = any(p in text for p in prefixes) and len(text) <= 100 and "。" not in text
        if short or notice_title:
            out.extend(ctx.sents[para.index])
    return out
