"""实施保障: the safeguards section's statement of each kind (organisation, funding …), from
its sub-sections and its paragraphs with run-in titles, each kind told by its terms."""

from __future__ import annotations

from plancheck.extract.context import Context
from plancheck.extract.evidence import Obj, evidence, section_evidence
from plancheck.extract.text import Hit, clauses, key, run_in, trim
from plancheck.pack.vocabulary import SafeguardWords
from plancheck.read.sections import Node, Para


def read_safeguards(ctx: Context) -> Obj | None:
    """The ``safeguards`` layer, the kinds in the vocabulary's order, or None without a
    safeguards section."""
    spec = ctx.vocabulary.safeguards
    if spec is None:
        return None
    sections = ctx.sections(spec.headings)
    if not sections:
        return None
    section = sections[0]
    head = Obj()
    section_evidence(head, section, ctx.sents)
    found: dict[str, Obj] = {}
    _from_sub_sections(ctx, spec, section, found)
    _from_paragraphs(ctx, spec, section, found)
    result = Obj()
    result.update({k: v for k, v in head.items() if k in ("source", "quote")})
    result.pos = head.pos
    for name in spec.kinds:
        if name in found:
            result[name] = found[name]
    for name in spec.kinds:
        if name not in result:
            ctx.notes.missing(
                f"safeguards.{name}", "实施保障中找不到这一项", "the safeguards do not cover this"
            )
    return result


def _from_sub_sections(ctx: Context, spec: SafeguardWords, section: Node, found: dict[str, Obj]) -> None:
    """A sub-section states the kind its title (else its first sentence) names."""
    for child in section.children:
        if child.kind == "box":
            continue
        body = [p for n in child.walk() for p in n.body()]
        name = _kind(spec, child.title) or (_kind(spec, ctx.sents[body[0].index][0].text) if body else None)
        if name is not None and name not in found:
            _statement(ctx, spec, found, name, body or list(child.paras))


def _from_paragraphs(ctx: Context, spec: SafeguardWords, section: Node, found: dict[str, Obj]) -> None:
    """A paragraph of the section itself states the kind its run-in title (else its start) names."""
    for para in section.body():
        title = run_in(para)
        if title is not None:
            name = _kind(spec, title[0])
            if name is not None and name not in found:
                _statement(ctx, spec, found, name, [para], title[1] + len(title[0]) + 1)
            continue
        # no title: each sentence or clause states the kind it opens with (加强组织领导……；
        # 加强网络安全防护。 / 加强组织领导，强化资金保障，严格考核督查。)
        for sent in ctx.sents[para.index]:
            for a, b in clauses(para, sent.start, sent.end):
                name = _kind(spec, para.text[a : min(b, a + 12)])
                if name is not None and name not in found:
                    _statement(ctx, spec, found, name, [para], sent.start)


def _kind(spec: SafeguardWords, text: str) -> str | None:
    """The kind whose terms the text uses most (the first listed on a tie), or None."""
    k = key(text)
    scores = [
        (sum(k.count(key(t)) for t in kind.terms), -i, name)
        for i, (name, kind) in enumerate(spec.kinds.items())
    ]
    best = max(scores)
    return best[2] if best[0] > 0 else None


def _statement(
    ctx: Context, spec: SafeguardWords, found: dict[str, Obj], name: str, paras: list[Para], after: int = 0
) -> None:
    """The kind's statement: the first sentence (after a run-in title ending at ``after``), or
    the first that uses the kind's preferred words."""
    every = ctx.sentences_in(paras)
    pool = [s for s in every if s.start >= after] or every
    if not pool:
        return
    prefer = [key(t) for t in spec.kinds[name].prefer]
    chosen = next((s for s in pool if any(t in s.key for t in prefer)), pool[0])
    a, b = trim(chosen.para, chosen.start, chosen.end, keep_stop=False)
    found[name] = evidence(Hit.span(chosen, a, b), Obj(text=chosen.para.text[a:b]))
