"""发展目标: the milestones (到2025年, “十四五”末 …) from the goals section first, then the whole
document, each year once and none before the plan starts; and each milestone's quantified
targets."""

from __future__ import annotations

from typing import Any

from plancheck.extract.context import Context
from plancheck.extract.evidence import Obj, evidence
from plancheck.extract.find import locate, search
from plancheck.extract.text import NUMBER, Hit, Sent, clauses, trim
from plancheck.pack.vocabulary import Find, MilestoneWords
from plancheck.read.sections import fold
from plancheck.read.yamlfile import Position

Marker = tuple[Sent, int, bool]  # the sentence, its year, whether it is in the goals section


def read_milestones(ctx: Context, plan_start: int) -> list[Obj]:
    """The milestones in year order. ``plan_start``: the first year of the plan period."""
    spec = ctx.vocabulary.milestones
    if spec is None:
        return []
    scopes = [ctx.sents_of(ctx.sections(spec.headings)), ctx.document_sents]
    years: dict[int, Obj] = {}
    markers: list[Marker] = []
    for index, scope in enumerate(scopes):
        for sent in scope:
            found = _marker(ctx, spec, sent, plan_start)
            if found is None:
                continue
            match, year, inferred = found
            markers.append((sent, year, index == 0))
            if year not in years:
                years[year] = _milestone(ctx, sent, match, year, inferred)
    if spec.targets is not None:
        _targets(ctx, years, markers, spec.targets)
    return [years[y] for y in sorted(years)]


def _marker(ctx: Context, spec: MilestoneWords, sent: Sent, plan_start: int) -> tuple[Any, int, bool] | None:
    """The first marker pattern that gives the sentence a year in the plan (the ``regex``
    match, the year, whether it is only inferred from a five-year plan's name)."""
    eras = ctx.vocabulary.plan.eras
    text = sent.folded
    number = NUMBER.match(text)
    if number is not None:  # 1.到2022年底，…: the year opens the item after its number
        text = " " * number.end() + text[number.end() :]
    for pattern in spec.markers:
        m = search(pattern, text)
        if m is None:
            continue
        groups = m.groupdict()
        if groups.get("year"):
            year, inferred = int(fold(groups["year"])), False
        elif groups.get("era") and groups["era"] in eras:
            year, inferred = eras[groups["era"]][1], True
        else:
            continue
        if year < plan_start:
            continue  # what was done before the plan, not a milestone of it
        return m, year, inferred
    return None


def _milestone(ctx: Context, sent: Sent, match: Any, year: int, inferred: bool) -> Obj:
    """A milestone from its marker's sentence: the first clause after the marker is its goal,
    the rest its description."""
    para = sent.para
    item = Obj(year=year)
    rest_a, rest_b = trim(para, sent.start + match.end(), sent.end, keep_stop=False)
    if rest_b > rest_a:
        parts = clauses(para, rest_a, rest_b)
        ga, gb = trim(para, *parts[0], keep_stop=False)
        if gb > ga:
            item["goal"] = para.text[ga:gb]
            item.field_pos["goal"] = Position(para.line, para.column + ga)
        if len(parts) > 1:
            da, db = trim(para, parts[1][0], rest_b, keep_stop=False)
            if db > da:
                item["description"] = para.text[da:db]
    evidence(Hit(sent, sent.start, sent.end, sent.start + match.start(), sent.start + match.end()), item)
    assert item.pos is not None  # evidence sets it
    item.field_pos["year"] = item.pos
    if inferred:
        ctx.notes.low(
            item,
            f"milestones[{year}]",
            "年份由“五年规划”的名称推断",
            "the year is inferred from the five-year plan it names",
        )
    return item


def _targets(ctx: Context, years: dict[int, Obj], markers: list[Marker], spec: Find) -> None:
    """Quantified targets of each milestone: in the goals section, the sentences from its
    marker to the next one; elsewhere its own sentence."""
    first: dict[int, tuple[Sent, bool]] = {}
    for sent, year, in_goals in markers:
        first.setdefault(year, (sent, in_goals))
    starts = sorted((s.para.index, s.start) for s, _ in first.values())
    for year, (sent, in_goals) in first.items():
        item = years.get(year)
        if item is None:
            continue
        pool = _until_next_marker(ctx, sent, starts) if in_goals else [sent]
        targets = _targets_in(pool, spec)
        if targets:
            item["targets"] = targets


def _until_next_marker(ctx: Context, sent: Sent, starts: list[tuple[int, int]]) -> list[Sent]:
    """The sentences of the marker's section from the marker up to the next marker."""
    at = (sent.para.index, sent.start)
    later = [x for x in starts if x > at]
    stop = later[0] if later else (10**9, 0)
    return [
        s
        for p in sent.node.paras
        for s in ctx.sents[p.index]
        if (p.index, s.start) >= at and (p.index, s.start) < stop
    ]


def _targets_in(pool: list[Sent], spec: Find) -> list[Obj]:
    """Each target the pattern finds: its clause up to the value is the metric."""
    wanted = Find(patterns=spec.patterns, take="match")
    targets = []
    for s in pool:
        hit = locate(wanted, s)
        if hit is None:
            continue
        parts = clauses(s.para, s.start, s.end)
        ca, cb = next(((x, y) for x, y in parts if y > hit.start), (s.start, s.end))
        ca, cb = trim(s.para, ca, cb, keep_stop=False)
        if ca < hit.start and s.start <= ca < cb:
            targets.append(evidence(hit, Obj(metric=s.para.text[ca:cb], value=hit.value), tight=True))
    return targets
