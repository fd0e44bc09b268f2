"""The generic reader of the vocabulary's ``ObjectSpec``: a layer (一套基础, 一个中心, 一个平台,
一个通道) and the objects inside it, with their names, fields, statements, who builds them, and
their lists (read by ``plancheck.extract.lists``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from plancheck.extract.context import Context
from plancheck.extract.evidence import Obj, copy_evidence, evidence, position, section_evidence
from plancheck.extract.find import find, search, stated
from plancheck.extract.lists import Chain, read_list
from plancheck.extract.text import Hit, Sent, key, up_to_term
from plancheck.pack.vocabulary import BuiltBy, Find, ObjectSpec
from plancheck.read.sections import Node
from plancheck.read.yamlfile import Position

_ABOVE: dict[str, list[Literal["city", "province"]]] = {"county": ["city", "province"], "city": ["province"]}


def read_layer(ctx: Context, name: str, spec: ObjectSpec, level: str) -> Obj | None:
    """A layer read as an object; quoted from its section when nothing in it quotes.
    ``level``: the plan's (city or county), for who builds what."""
    nodes = ctx.layer_sections(name, spec.headings)
    chain: Chain = [(True, ctx.sents_of(nodes))] if nodes else []
    obj = read_object(ctx, spec, name, chain, level, layer=True)
    if obj is None:
        return None
    if nodes and "quote" not in obj:
        section_evidence(obj, nodes[0], ctx.sents)
    return obj


@dataclass
class _Scopes:
    """Where an object's parts are looked for: its own sentence (``here``), its sections
    (``own``), the section of its sentence (``around``), and the enclosing objects' (``chain``,
    innermost first, each marked whether it is the layer's)."""

    ctx: Context
    hit: Hit | None  # the object's own sentence, if it has one
    here: list[Sent]
    own: list[Sent]
    around: list[Sent]
    chain: Chain

    @classmethod
    def of(cls, ctx: Context, hit: Hit | None, own: list[Sent], chain: Chain) -> _Scopes:
        if hit is None:
            return cls(ctx, hit, [], own, [], chain)
        return cls(ctx, hit, [hit.sent], own, ctx.sents_of([hit.sent.node]), chain)

    def local(self) -> list[Sent]:
        """The object's sentence, its sections and its sentence's section (for who builds it)."""
        return self.here + self.own + self.around

    def inner(self) -> Chain:
        """The chain for the objects and lists inside this one."""
        return [(False, self.here), (False, self.own), (False, self.around), *self.chain]

    def for_find(self, spec: Find) -> list[list[Sent]]:
        """The scopes for one of the object's parts, nearest first."""
        if spec.scope == "object":
            return [self.here] if self.hit is not None else [self.own]
        scopes = [self.here, self.ctx.sents_of(self.ctx.sections(spec.headings)), self.own, self.around]
        scopes += [sents for is_layer, sents in self.chain if spec.scope != "section" or not is_layer]
        if spec.scope == "document":
            scopes.append(self.ctx.document_sents)
        return scopes


def read_object(
    ctx: Context, spec: ObjectSpec, path: str, chain: Chain, level: str, layer: bool = False
) -> Obj | None:
    """An object of the plan from its spec, or None when the document does not have it.
    ``chain`` holds the sentences of the enclosing objects (innermost first), each marked
    whether it is the layer's."""
    own_nodes = ctx.sections(spec.headings)
    own = ctx.sents_of(own_nodes)
    hit: Hit | None = None
    if spec.find is not None:
        # a part of an object (the cloud's disaster recovery) is shown only by a sentence that
        # states it, not one that defers it (适时研究建设县级容灾备份中心)
        hit = _anchor(ctx, spec.find, own_nodes, own, chain, stated if path.count(".") >= 2 else None)
        if hit is None:
            return None
    obj = Obj()
    if hit is not None:
        evidence(hit, obj)
    scopes = _Scopes.of(ctx, hit, own, chain)
    found: list[Hit] = []  # what the object's values were read from, for its evidence
    _name(ctx, spec, obj, scopes, found)
    if spec.built_by is not None:
        _built_by(ctx, spec.built_by, obj, scopes.local(), path, level)
    _fields(ctx, spec, obj, scopes, found)
    _statements(spec, obj, scopes)
    _parts(ctx, spec, obj, scopes, path, level)
    if not [k for k in obj if k != "built_by"] and hit is None:
        return None
    _own_evidence(obj, hit, found, layer)
    if hit is not None and hit.outside:
        ctx.notes.low(
            obj,
            path,
            "只在其他章节中提到, 没有专门的章节",
            "mentioned only outside the sections about it",
        )
    return obj


def _anchor(
    ctx: Context,
    spec: Find,
    own_nodes: list[Node],
    own: list[Sent],
    chain: Chain,
    accept: Callable[[Hit], bool] | None = None,
) -> Hit | None:
    """The sentence that shows the object: under its find's headings, in its own sections, in
    the enclosing objects', then (scope document) anywhere, marked as outside its sections."""
    headed = [ctx.sents_of(ctx.sections(spec.headings)), own]
    if spec.near and any(headed):
        # under its own heading (（二）电子政务外网) a sentence that names the object shows it,
        # whatever its verb (推进电子政务外网IPv4/IPv6双栈改造)
        hit = find(Find(**{**spec.model_dump(), "near": []}), headed, accept=accept)
        if hit is not None:
            return hit
    scopes = [*headed, *(sents for _, sents in chain)]
    doc_from = len(scopes)
    if spec.scope == "document":
        scopes.append(ctx.document_sents)
    return find(spec, scopes, doc_from if (own_nodes or chain) else None, accept)


def _name(ctx: Context, spec: ObjectSpec, obj: Obj, scopes: _Scopes, found: list[Hit]) -> None:
    """The object's name: from the heading its sentence is under, else by the name spec."""
    if spec.name_from_heading and scopes.hit is not None:
        named = _heading_name(ctx, scopes.hit.sent.node, spec)
        if named is not None:
            obj["name"], obj.field_pos["name"] = named
    if "name" not in obj and spec.name is not None:
        name = find(spec.name, scopes.for_find(spec.name))
        if name is not None:
            obj["name"] = ctx.strip_verbs(name.value)
            obj.field_pos["name"] = position(name)
            found.append(name)


def _heading_name(ctx: Context, node: Node, spec: ObjectSpec) -> tuple[str, Position] | None:
    """The name in the nearest heading (the node's or an ancestor's) that has one of the
    object's terms, up to that term."""
    terms = [key(t) for t in [*spec.headings, *(spec.find.terms if spec.find else [])]]
    for candidate in [node, *node.ancestors()]:
        if candidate.heading is None or not candidate.title:
            continue
        if any(t in key(candidate.title) for t in terms):
            name = up_to_term(ctx.strip_verbs(candidate.title), terms)
            para = candidate.heading
            at = para.text.find(name)
            return name, Position(para.line, para.column + max(at, 0))
    return None


def _fields(ctx: Context, spec: ObjectSpec, obj: Obj, scopes: _Scopes, found: list[Hit]) -> None:
    """The object's text values; a ``year`` is its sentence's deadline."""
    for name, spec_find in spec.fields.items():
        value: tuple[str, Position] | None
        if spec_find.take == "year":
            value = _year_of(ctx, scopes.hit) if scopes.hit is not None else None
        else:
            got = find(spec_find, scopes.for_find(spec_find), accept=stated)
            value = (got.value, position(got)) if got is not None else None
            if got is not None:
                found.append(got)
        if value is not None:
            obj[name], obj.field_pos[name] = value


def _statements(spec: ObjectSpec, obj: Obj, scopes: _Scopes) -> None:
    for name, spec_find in spec.statements.items():
        found = find(spec_find, scopes.for_find(spec_find), accept=_stated_in_body)
        if found is not None:
            obj[name] = evidence(found, Obj(text=found.value))


def _stated_in_body(hit: Hit) -> bool:
    """A statement the text makes: not withdrawn (see ``stated``), and not only a heading's
    topic over a body that says otherwise ((二)推进数据共享开放。……适时研究建设公共数据开放平台)."""
    node = hit.para.node
    if hit.para.heading and node is not None and node.body():
        return False
    return stated(hit)


def _parts(ctx: Context, spec: ObjectSpec, obj: Obj, scopes: _Scopes, path: str, level: str) -> None:
    """The objects and lists inside the object; a missing object that could be found is noted."""
    inner = scopes.inner()
    for name, sub in spec.objects.items():
        child = read_object(ctx, sub, f"{path}.{name}", inner, level)
        if child is not None:
            obj[name] = child
        elif sub.find is not None or sub.built_by is not None:
            ctx.notes.missing(f"{path}.{name}", "文档中找不到这一项", "the document does not say this")
    for name, list_spec in spec.lists.items():
        items = read_list(ctx, list_spec, scopes.here, inner)
        if items:
            obj[name] = items


def _own_evidence(obj: Obj, hit: Hit | None, found: list[Hit], layer: bool) -> None:
    """An object without a sentence of its own is quoted from its first value read, else
    (unless it is a layer) from its first part."""
    if hit is not None:
        return
    if found:
        evidence(found[0], obj)
    elif not layer:
        first = next((v for v in obj.values() if isinstance(v, Obj) and v.pos is not None), None)
        if first is not None:
            copy_evidence(obj, first)


def _year_of(ctx: Context, found: Hit) -> tuple[str, Position] | None:
    """A deadline: the year in the sentence itself, or the milestone the sentence is under."""
    m = search(r"(?:19|20)\d\d\s*年\s*(?:底|末|年底)?", found.sent.folded)
    if m is not None:
        a = found.sent.start + m.start()
        return found.para.text[a : found.sent.start + m.end()], Position(
            found.para.line, found.para.column + a
        )
    return _milestone_above(ctx, found)


def _milestone_above(ctx: Context, found: Hit) -> tuple[str, Position] | None:
    """The year of the nearest milestone marker (到2025年) before the hit in its section."""
    markers = ctx.vocabulary.milestones.markers if ctx.vocabulary.milestones else []
    node = found.sent.node
    for para in reversed([p for p in node.paras if p.index <= found.para.index]):
        for sent in reversed(ctx.sents[para.index]):
            if para is found.para and sent.start > found.sent.start:
                continue
            for pattern in markers:
                marker = search(pattern, sent.folded)
                if marker is not None and marker.groupdict().get("year"):
                    a, b = sent.start + marker.start("year"), sent.start + marker.end("year")
                    if marker.groupdict().get("end"):
                        b = sent.start + marker.end("end")
                    return para.text[a:b], Position(para.line, para.column + a)
    return None


def _built_by(ctx: Context, rules: BuiltBy, obj: Obj, local: list[Sent], path: str, level: str) -> None:
    """Who builds the object: the level above it relies on, the region itself, or (unsure)
    whoever the plan's level suggests. ``local``: the sentences that may say so."""
    value, found = _who_builds(rules, local, level)
    obj["built_by"] = value or ("self" if level == "city" else "city")
    if found is not None:
        obj.field_pos["built_by"] = position(found)
    elif obj.pos is not None:
        obj.field_pos["built_by"] = obj.pos
    if value is None:
        ctx.notes.low(
            obj,
            f"{path}.built_by",
            "文中没有说明由谁建设, 按层级推定",
            "the text does not say who builds it; assumed from the plan's level",
        )


def _who_builds(rules: BuiltBy, local: list[Sent], level: str) -> tuple[str | None, Hit | None]:
    """(city | province | self, the hit that says so), or (None, None) when the text does not say.
    A county that relies on its city's says so whatever else it builds; a city that builds its
    own cloud or network builds it, even where it docks it with the province's (接入省政务云)."""
    if level == "city" and rules.builds is not None:
        found = find(rules.builds, [local])
        if found is not None:
            return "self", found
    for above in _ABOVE.get(level, []):
        spec = rules.relies.get(above)
        if spec is not None:
            found = find(spec, [local])
            if found is not None:
                return above, found
    if rules.builds is not None:
        found = find(rules.builds, [local])
        if found is not None:
            return "self", found
    return None, None
