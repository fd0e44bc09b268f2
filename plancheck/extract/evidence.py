"""Plan objects as they are built, and the evidence they carry: ``source`` (the section path)
and ``quote`` (the document's words), with the positions the source map is made from."""

from __future__ import annotations

from typing import Any

from plancheck.extract.text import Hit, Sent, quote_span
from plancheck.read.sections import Node
from plancheck.read.yamlfile import Position


class Obj(dict[str, Any]):
    """A plan object being built: a dict that remembers where it and its values were read."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pos: Position | None = None
        self.field_pos: dict[str, Position] = {}


def evidence(hit: Hit, target: Obj | None = None, tight: bool = False) -> Obj:
    """``{source, quote}`` for a hit (set on ``target``, or a new object), remembering its
    position; ``tight``: quote only the clauses of the match (for the items of a list)."""
    qa, qb = quote_span(hit.sent, hit.match_start, hit.match_end, tight)
    out = Obj() if target is None else target
    out["source"] = hit.sent.node.path
    out["quote"] = hit.para.text[qa:qb]
    out.pos = Position(hit.para.line, hit.para.column + qa)
    return out


def position(hit: Hit) -> Position:
    """Where the hit's value starts."""
    return Position(hit.para.line, hit.para.column + hit.start)


def section_evidence(obj: Obj, node: Node, sents: dict[int, list[Sent]]) -> None:
    """A section's evidence on ``obj``: its first body sentence, or failing that its title.
    ``sents``: the sentences of each paragraph, by index."""
    body = [s for p in node.paras if not p.heading for s in sents[p.index]]
    sent = body[0] if body else (sents[node.heading.index][0] if node.heading else None)
    if sent is None:
        return
    if not body and node.heading is not None:  # a heading only: quote its title
        para = node.heading
        at = para.text.find(node.title) if node.title else 0
        a, b = (at, at + len(node.title)) if node.title and at >= 0 else (sent.start, sent.end)
        obj["source"], obj["quote"] = node.path, para.text[a:b]
        obj.pos = Position(para.line, para.column + a)
        return
    evidence(Hit.span(sent, sent.start, sent.end), obj)


def copy_evidence(obj: Obj, source: Obj) -> None:
    """``source``'s evidence and position, on ``obj``."""
    obj["source"], obj["quote"] = source["source"], source["quote"]
    obj.pos = source.pos
