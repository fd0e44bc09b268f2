"""The whole plan: its identity and each layer read in the framework's order, checked against
the plan schema (a value it refuses is left out and noted), turned into plain data with the
position of every path, and the notes sorted for the reader."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plancheck.errors import InputError, Problem
from plancheck.extract.applications import read_applications
from plancheck.extract.context import Context, Notes
from plancheck.extract.evidence import Obj, copy_evidence
from plancheck.extract.identity import read_plan_info
from plancheck.extract.milestones import read_milestones
from plancheck.extract.objects import read_layer
from plancheck.extract.results import LAYER_NAMES, LAYERS, Extraction, Note
from plancheck.extract.rooms import read_machine_rooms
from plancheck.extract.safeguards import read_safeguards
from plancheck.i18n import Message
from plancheck.pack.vocabulary import ObjectSpec
from plancheck.read.yamlfile import PathKey, Position

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

_REQUIRED_INFO = {"title", "region", "level", "province", "period"}


def assemble(ctx: Context) -> Extraction:
    """The plan drafted from the document. InputError when the document is not a plan."""
    plan = _read(ctx)
    positions: dict[PathKey, Position] = {}
    clean = _valid(_finish(plan, (), positions), positions, ctx.notes, ctx.document.file)
    _whole_positions(clean, positions)
    return Extraction(ctx.document, clean, _sorted_notes(ctx.notes.items), positions)


def _read(ctx: Context) -> dict[str, Any]:
    """The identity and every layer found; a layer not found is noted, and a document with
    fewer than two is not a plan."""
    info = read_plan_info(ctx)
    plan: dict[str, Any] = {"plan": info}
    for name in LAYERS:
        spec = getattr(ctx.vocabulary, name, None)
        if spec is None:
            continue
        value = _read_layer(ctx, name, spec, info)
        if value:
            plan[name] = value
        else:
            zh, en = LAYER_NAMES[name]
            ctx.notes.missing(
                name, f"文档中找不到“{zh}”这一层", f"the document does not cover the {en} layer"
            )
    rooms = read_machine_rooms(ctx)
    if rooms:
        foundation = plan.setdefault("foundation", Obj())
        foundation["machine_rooms"] = rooms
        if foundation.pos is None:
            copy_evidence(foundation, rooms[0])
    found = [name for name in LAYERS if name in plan]

    if len(found) < 2:
        ctx.notes.note(
            "missing",
            "plan",
            f"文本看起来不完整: 标题是一份规划, 但只找到 {len(found)} 个框架层次 (一套基础、一个中心、一个平台、七类应用……)",
            f"the text looks incomplete: its title names a plan, but only {len(found)} of the framework's "
            "layers were found (foundation, data centre, platform, applications, …)",
        )
        plan["plan"]["x-incomplete"] = True
    return plan


def _read_layer(ctx: Context, name: str, spec: Any, info: Obj) -> Obj | list[Obj] | None:
    """One layer, by its own reader; the plan's identity gives the level and the first year."""
    if name == "applications":
        return read_applications(ctx)
    if name == "milestones":
        return read_milestones(ctx, info["period"]["start"])
    if name == "safeguards":
        return read_safeguards(ctx)
    assert isinstance(spec, ObjectSpec)
    return read_layer(ctx, name, spec, info["level"])


def _whole_positions(plan: dict[str, Any], positions: dict[PathKey, Position]) -> None:
    """The plan's position is its title's; a layer without one of its own takes its first part's."""
    positions[()] = positions.get(("plan",), Position(1, 1))
    for name in LAYERS:
        if (name,) not in positions and name in plan:
            child = min(
                (p for k, p in positions.items() if k[:1] == (name,)),
                default=None,
                key=lambda p: (p.line, p.column),
            )
            if child is not None:
                positions[(name,)] = child


def _sorted_notes(notes: list[Note]) -> list[Note]:
    """The notes without those under a layer noted as absent; what is missing first, then by line."""
    absent = {n.path for n in notes if n.kind == "missing" and n.path in LAYERS}
    kept = [n for n in notes if n.path.split(".")[0] not in absent or n.path in absent]
    return sorted(kept, key=lambda n: (n.kind != "missing", n.line or 0, n.path))


# ----------------------------------------------------------------------------- schema, plain data


def _valid(
    plan: dict[str, Any], positions: dict[PathKey, Position], notes: Notes, file: str
) -> dict[str, Any]:
    """The plan as the schema accepts it: a value the schema refuses (an impossible date,
    say) is left out and noted, never passed on."""
    from pydantic import ValidationError

    from plancheck.plan.model import Plan

    for _ in range(50):
        try:
            Plan.model_validate(plan)
            return plan
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        if not _drop_first(plan, errors, positions, notes):
            break
    raise InputError(
        Problem(
            file,
            Message(
                "无法从文档中得出有效的规划 (规划信息不完整)",
                "no valid plan can be drawn from the document (its identity is incomplete)",
            ),
            code="not-a-plan",
        )
    )


def _drop_first(
    plan: dict[str, Any], errors: list[ErrorDetails], positions: dict[PathKey, Position], notes: Notes
) -> bool:
    """Leave out the value of the first error that can go, and note it; False when none can."""
    for error in errors:
        loc = tuple(
            x for x in error["loc"] if isinstance(x, int) or not str(x).startswith(("function-", "~"))
        )
        position = positions.get(loc)
        if _drop(plan, loc):
            notes.note(
                "missing",
                ".".join(str(x) for x in loc),
                f"原文的值不符合规划结构, 未采用 ({error.get('msg', '')})",
                f"the document's value does not fit the plan schema and was left out ({error.get('msg', '')})",
                position.line if position else None,
            )
            return True
    return False


def _drop(data: Any, loc: tuple[Any, ...]) -> bool:
    """Remove the value at ``loc`` (or its nearest removable parent); False when what would
    go is part of the plan's identity, which the schema requires."""
    path = list(loc)
    while path and path != ["plan"]:
        if len(path) == 2 and path[0] == "plan" and path[1] in _REQUIRED_INFO:
            return False
        parent = _at(data, path[:-1])
        if parent is not None and _remove(parent, path[-1]):
            return True
        path.pop()
    return False


def _at(data: Any, path: list[Any]) -> Any:
    """The value at ``path``, or None when there is none."""
    try:
        for step in path:
            data = data[step]
    except (KeyError, IndexError, TypeError):
        return None
    return data


def _remove(parent: Any, last: Any) -> bool:
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]
        return True
    return False


def _finish(value: Any, path: PathKey, positions: dict[PathKey, Position]) -> Any:
    """Plain dicts and lists from the objects built, recording every path's position."""
    if isinstance(value, Obj):
        if value.pos is not None:
            positions[path] = value.pos
        out = {}
        for k, v in value.items():
            here = (*path, k)
            out[k] = _finish(v, here, positions)
            if k in value.field_pos:
                positions[here] = value.field_pos[k]
            elif here not in positions and value.pos is not None:
                positions[here] = value.pos
        return out
    if isinstance(value, dict):
        return {k: _finish(v, (*path, k), positions) for k, v in value.items()}
    if isinstance(value, list):
        return [_finish(v, (*path, i), positions) for i, v in enumerate(value)]
    return value
