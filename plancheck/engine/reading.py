"""Reading what a value of a plan says, for the check functions: where a term or pattern is
stated, whether the clause around it commits to it (plan/statements.py), and the words a
finding uses to quote a clause that withdraws it.

A term found only in a negated, deferred or conditional clause (or, against a *must*, a
tentative one) does not satisfy a requirement; the finding quotes that clause. Which clauses
commit follows the force of the rule's requirement (``Context.force``), as documented in
plan/statements.py and docs/reading-statements.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from plancheck.i18n import Message
from plancheck.pack.ir import Context, compiled_pattern, pattern_time
from plancheck.plan.quantities import normalise
from plancheck.plan.statements import (
    Clause,
    Markers,
    Polarity,
    Statement,
    read_statement,
)

# strongest first, as plan/statements.py ranks them
WITHDRAWING = (Polarity.NEGATED, Polarity.DEFERRED, Polarity.CONDITIONAL, Polarity.TENTATIVE)
_PRECEDENCE = WITHDRAWING
POLARITY_WORDS: dict[Polarity, Message] = {
    Polarity.NEGATED: Message("否定", "negates"),
    Polarity.DEFERRED: Message("推迟", "defers"),
    Polarity.CONDITIONAL: Message("附带条件", "only conditionally states"),
    Polarity.TENTATIVE: Message("仅作探索", "only explores"),
}


@lru_cache(maxsize=4096)
def statement(text: str, markers: Markers) -> Statement:
    """The statement a value makes (cached: the same values are read by several rules)."""
    return read_statement(text, markers)


@dataclass(frozen=True)
class Found:
    """What a search found: ``committed`` — a clause that states the thing with the force
    asked; else ``withdrawn`` — the strongest clause that names it but withdraws it."""

    committed: Clause | None = None
    withdrawn: Clause | None = None
    polarity: Polarity | None = None

    @property
    def holds(self) -> bool:
        return self.committed is not None


def _strongest(withdrawn: list[tuple[Clause, Polarity]]) -> Found:
    for polarity in _PRECEDENCE:
        for clause, p in withdrawn:
            if p is polarity:
                return Found(None, clause, p)
    return Found()


def span_polarity(st: Statement, start: int, end: int) -> tuple[Clause | None, Polarity]:
    """The strongest polarity over [start, end) of the text, and the clause that carries it
    (a span may cross clauses: a pattern such as IPv4.*IPv6)."""
    worst: tuple[Clause | None, Polarity] = (None, Polarity.AFFIRMED)
    rank = {p: i for i, p in enumerate((*_PRECEDENCE, Polarity.AFFIRMED))}
    for clause in st.clauses:
        if clause.start < end and start < clause.end:
            p = clause.polarity_at(max(start, clause.start), min(end, clause.end))
            if worst[0] is None or rank[p] < rank[worst[1]]:
                worst = (clause, p)
    return worst


def commits_polarity(polarity: Polarity, context: Context) -> bool:
    return polarity is Polarity.AFFIRMED or (context.force == "should" and polarity is Polarity.TENTATIVE)


Accept = Callable[[Polarity], bool]


def not_negated(polarity: Polarity) -> bool:
    """What a *must not* counts: every clause that does not refuse the thing (an open door —
    如确需新建、远期自建 — counts as much as a plain statement)."""
    return polarity is not Polarity.NEGATED


def find_terms(
    text: str,
    terms: Iterable[str],
    context: Context,
    exclude: Iterable[str] = (),
    accept: Accept | None = None,
) -> Found:
    """Where ``text`` states one of ``terms`` (not inside one of ``exclude``, longer wordings
    that are something else); ``accept`` says which polarities count (default: those that
    meet the context's force)."""
    excluded = set(exclude)
    st = statement(text, context.markers)
    withdrawn: list[tuple[Clause, Polarity]] = []
    skip = {normalise(x) for x in excluded}
    for mention in st.mentions([*terms, *excluded]):
        if mention.term in skip:
            continue
        if (accept or (lambda p: commits_polarity(p, context)))(mention.polarity):
            return Found(mention.clause, None, mention.polarity)
        withdrawn.append((mention.clause, mention.polarity))
    return _strongest(withdrawn)


def find_pattern(text: str, pattern: str, context: Context, accept: Accept | None = None) -> Found:
    """Where ``text`` states what the (case-insensitive) regular expression matches;
    PatternTimeout when it cannot decide in time."""
    st = statement(text, context.markers)
    norm, origin = st.normalised
    withdrawn: list[tuple[Clause, Polarity]] = []
    with pattern_time(pattern) as timeout:
        for m in compiled_pattern(pattern).finditer(norm, timeout=timeout):
            if m.end() <= m.start():
                continue
            clause, polarity = span_polarity(st, origin[m.start()], origin[m.end() - 1] + 1)
            if clause is None:
                continue
            if (accept or (lambda p: commits_polarity(p, context)))(polarity):
                return Found(clause, None, polarity)
            withdrawn.append((clause, polarity))
    return _strongest(withdrawn)


def quoted(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def withdrawn_detail(found: Found, what: Message) -> Message:
    """ "the clause '…' negates 数据共享": the words a finding quotes a withdrawing clause with."""
    assert found.withdrawn is not None and found.polarity is not None
    word = POLARITY_WORDS[found.polarity]
    clause = quoted(found.withdrawn.text)
    return Message(
        f"分句“{clause}”对{what.zh}是{word.zh}表述，不算写明",
        f"the clause '{clause}' {word.en} {what.en}",
    )


# ----------------------------------------------------------------------------- who builds

_EXISTING = ("已", "已经", "现有", "原有", "既有", "存量")


def _verb_before(text: str, clause: Clause, start: int, verbs: Iterable[str]) -> bool:
    """A building verb shortly before the term in its clause (新建部门机房, 建设数据中心机房), not
    about what exists (已建成的机房, 现有机房)."""
    before = normalise(text[max(clause.start, start - 10) : start])
    for verb in verbs:
        at = before.rfind(normalise(verb))
        if at >= 0 and not before[:at].endswith(_EXISTING):
            return True
    return False


def own_clause(
    text: str,
    terms: Iterable[str],
    context: Context,
    polarities: Iterable[Polarity] = (Polarity.AFFIRMED,),
    exclude: Iterable[str] = (),
    verbs: Iterable[str] = (),
) -> Clause | None:
    """The first clause that builds its own ``terms`` instead of relying on another level's
    platform (statements.Builder.own_instead), or with one of ``verbs`` before the term; the
    term in one of ``polarities``."""
    wanted, skip, verbs = set(polarities), {normalise(x) for x in exclude}, tuple(verbs)
    st = statement(text, context.markers)
    for mention in st.mentions([*terms, *exclude]):
        if mention.term in skip or mention.polarity not in wanted:
            continue
        clause = mention.clause
        if clause.builder.own_instead:
            return clause
        if verbs and not clause.builder.relies and _verb_before(text, clause, mention.start, verbs):
            return clause
    return None


def relying_clause(text: str, terms: Iterable[str], level: str, context: Context) -> Clause | None:
    """The first affirmed clause (about one of ``terms``, if any) that relies on ``level``'s
    platform (依托省级共性应用支撑平台)."""
    st = statement(text, context.markers)
    terms = tuple(terms)
    if terms:
        candidates = [m.clause for m in st.mentions(terms) if m.polarity is Polarity.AFFIRMED]
    else:
        candidates = [c for c in st.clauses if c.polarity is Polarity.AFFIRMED]
    return next((c for c in candidates if level in c.builder.relies_on), None)
