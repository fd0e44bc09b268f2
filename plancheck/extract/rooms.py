"""数据中心、机房 (``foundation.machine_rooms``): the machine rooms and data centres a plan
names, whose they are (the region's or a department's), new or existing, and whether it links
them to the big-data centre and the cloud. A room the plan refuses ("原则上不得新建机房") is
none: the statement reader gives each mention its polarity, and a new room counts only when
the clause does not negate it; an existing room exists whatever the clause does with it
("现有机房暂不上云的系统")."""

from __future__ import annotations

import re

from plancheck.extract.context import Context
from plancheck.extract.evidence import Obj, evidence
from plancheck.extract.find import search
from plancheck.extract.text import Hit, Sent, clauses, key, trim
from plancheck.pack.vocabulary import MachineRoomWords
from plancheck.plan.statements import Polarity, read_statement
from plancheck.read.yamlfile import Position


def read_machine_rooms(ctx: Context) -> list[Obj]:
    """The rooms, in reading order, each name once."""
    words = ctx.vocabulary.machine_rooms
    if words is None:
        return []
    rooms: list[Obj] = []
    seen: set[str] = set()
    for sent in ctx.document_sents:
        # a numbered item that is all heading (③新建……数据中心) is read; a heading over a body
        # that says it in full (①建设县大数据中心。新建霍邱县大数据中心机房……) is not
        node = sent.para.node
        if sent.para.heading and node is not None and node.body():
            continue
        for a, b in clauses(sent.para, sent.start, sent.end):
            room = _room(sent, a, b, words)
            if room is not None and key(room["name"]) not in seen:
                seen.add(key(room["name"]))
                rooms.append(room)
    return rooms


def _room(sent: Sent, a: int, b: int, words: MachineRoomWords) -> Obj | None:
    """The room a clause names, or None when it names none (or refuses it)."""
    para = sent.para
    clause = para.folded[a:b]
    for pattern in words.patterns:
        m = search(pattern, clause)
        if m is not None:
            break
    else:
        return None
    k = key(clause)
    status = _status(k, words)
    if status is None:
        return None
    if status == "new" and _negated(para.text[sent.start : sent.end], para.text[a + m.start() : a + m.end()]):
        return None
    na, nb = trim(para, a + m.start(), a + m.end(), keep_stop=False)
    name = para.text[na:nb]
    for word in [*words.new, *words.existing]:
        at = name.rfind(word)
        if at >= 0 and len(name) - at - len(word) > 3:
            name = name[at + len(word) :]
            na = nb - len(name)
    room = Obj(name=name.strip(), owner=_owner(key(para.folded[sent.start : a + m.end()]), key(name), words))
    room["status"] = status
    linked = next(
        (
            (x, y)
            for n, (x, y) in enumerate(clauses(para, a, sent.end))
            if (n == 0 or key(para.folded[x:y]).startswith(_GOES_ON))
            and any(key(w) in key(para.folded[x:y]) for w in words.interconnection)
        ),
        None,
    )
    if linked is not None:  # in its clause or one that goes on about it (已建机房逐步整合，并与……互联互通)
        ca, cb = trim(para, linked[0], linked[1], keep_stop=False)
        room["interconnection"] = para.text[ca:cb]
    evidence(Hit(sent, na, nb, na, nb), room, tight=True)
    room.field_pos["name"] = Position(para.line, para.column + na)
    return room


# a clause that goes on about the room before it: (并)与……互联互通, 实现……
_GOES_ON = ("并", "与", "实现", "须与", "均与", "同时")
# a room named as the region's own: 区数据中心机房, 利辛县大数据中心机房, 市机房
_REGION_ROOM = re.compile(r"[市县区]级?大?(?:数据中心|机房)")


def _owner(before: str, name: str, words: MachineRoomWords) -> str:
    """The region's when the room's name says so (市级机房, 区数据中心机房), a department's when
    the sentence names one up to the room (市直部门不再新建机房，现有机房……), else the region's."""
    if any(key(w) in name for w in words.region) or _REGION_ROOM.search(name):
        return "region"
    return "department" if any(key(w) in before for w in words.department) else "region"


def _status(k: str, words: MachineRoomWords) -> str | None:
    if any(key(w) in k for w in words.existing):
        return "existing"
    if any(key(w) in k for w in words.new):
        return "new"
    if any(key(w) in k for w in words.interconnection):
        return "existing"  # a room linked to the cloud is one that stands
    return None


def _negated(sentence: str, term: str) -> bool:
    """Whether the sentence negates the room (不得新建机房, 不再新建数据中心)."""
    mentions = read_statement(sentence).mentions([term[-2:]])
    return any(m.polarity is Polarity.NEGATED for m in mentions)


__all__ = ["read_machine_rooms"]
