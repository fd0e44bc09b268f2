"""``plancheck init``: a plan skeleton with every place the pack checks at the plan's level,
each under a Chinese comment that quotes the requirement and its citation. Placeholders fail
verification until they are filled in; nothing here is specific to one framework: the places
come from the pack's own rules."""

from __future__ import annotations

import json
import re
import typing
from typing import Any

from plancheck.i18n import zh
from plancheck.pack.ir import Call, Check, Not, Pack, Rule
from plancheck.pack.selectors import PathKey
from plancheck.plan.model import Plan
from plancheck.read.validation import types_at, written_path
from plancheck.report.typography import clause

PLACEHOLDER = "【待填写】"
MODELINE = "# yaml-language-server: $schema=plan.schema.json"


def _leaves(node: Check, negated: bool = False) -> list[Call]:
    """The checks that ask the plan to state something (not the ones that forbid it)."""
    if isinstance(node, Call):
        # forbidding, own-building and agreement checks, and a search that only flags a denial,
        # ask the plan to state nothing
        asks = node.function not in ("forbidden", "builds_own", "agrees") and not getattr(
            node.options, "denied_only", False
        )
        return [node] if asks and not negated else []
    if isinstance(node, Not):
        return _leaves(node.child, not negated)
    return [leaf for child in node.children for leaf in _leaves(child, negated)]


def _wanted_path(prefix: PathKey) -> tuple[str, ...]:
    """The keys a plan author writes for a selector (see validation.written_path), no indexes."""
    return tuple(k for k in written_path(Plan, prefix) if isinstance(k, str))


def _is_list(path: tuple[str, ...]) -> bool:
    return any(typing.get_origin(t) is list for t in types_at(Plan, path))


def _required_fields(path: tuple[str, ...]) -> list[str]:
    for t in types_at(Plan, path):
        if isinstance(t, type) and hasattr(t, "model_fields"):
            return [name for name, f in t.model_fields.items() if f.is_required()]
    return []


def skeleton(pack: Pack, region: str, level: str, city: str | None = None) -> str:
    """The YAML text of a new plan for ``region`` at ``level``, ready to be filled in."""
    rules = [r for r in pack.rules if level in r.levels and r.layer not in _gates(pack)]
    wanted: dict[tuple[str, ...], list[Rule]] = {}
    for rule in rules:
        for leaf in _leaves(rule.check):
            path = _wanted_path(leaf.selector.prefix)
            if path and path[0] != "plan":
                wanted.setdefault(path, [])
                if rule not in wanted[path]:
                    wanted[path].append(rule)
    tree: dict[str, Any] = {}
    built_by = "self" if level != "county" else "city"
    for path in sorted(wanted, key=lambda p: _order(pack, p)):
        node = tree
        for depth, key in enumerate(path):
            here = path[: depth + 1]
            last = depth == len(path) - 1
            if last:
                node.setdefault(key, [] if _is_list(here) else PLACEHOLDER)
            else:
                child = node.setdefault(key, {})
                if not isinstance(child, dict):
                    break
                for required in _required_fields(here):
                    if required == "built_by":
                        child.setdefault("built_by", built_by)
                node = child
    return _emit(pack, region, level, city, tree, wanted)


def _gates(pack: Pack) -> set[str]:
    return {layer.id for layer in pack.layers if layer.gate}


def _order(pack: Pack, path: tuple[str, ...]) -> tuple[int, ...]:
    """Keys in the order the schema declares them (the framework's order)."""
    positions = []
    for depth, key in enumerate(path):
        fields: list[str] = []
        for t in types_at(Plan, path[:depth]):
            if isinstance(t, type) and hasattr(t, "model_fields"):
                fields = list(t.model_fields)
        positions.append(fields.index(key) if key in fields else len(fields))
    return tuple(positions)


def _scalar(value: Any) -> str:
    text = str(value)
    if re.fullmatch(r"[\w\u3000-\u9fff【】“”·、()（）-]+", text) and not re.fullmatch(
        r"[\d.-]+|true|false|null|yes|no|on|off", text, re.I
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _comments(rules: list[Rule], pack: Pack, indent: str, told: set[str]) -> list[str]:
    """The requirement, its citation and how to fill the key in; a rule already explained at an
    earlier key is only named."""
    lines = []
    for rule in rules:
        cids = [cid for cid in rule.implements if cid in pack.requirements]
        title = "；".join(f"{cid} {pack.requirements[cid].title.zh}" for cid in cids)
        if rule.id in told:
            lines.append(f"{indent}# {title}（见上 {rule.id}）")
            continue
        told.add(rule.id)
        r = rule
        quote = r.citation.text if len(r.citation.text) <= 60 else r.citation.text[:58] + "…"
        lines.append(f"{indent}# {title}")
        lines.append(f"{indent}#   " + zh("依据" + clause(r.citation.section, quote)))
        lines.append(f"{indent}#   填写：{r.fix.zh}")
    return lines


def _emit(
    pack: Pack,
    region: str,
    level: str,
    city: str | None,
    tree: dict[str, Any],
    wanted: dict[tuple[str, ...], list[Rule]],
) -> str:
    lines = [
        MODELINE,
        f"# {region}“数字政府”建设规划 — 由 plancheck init 生成的骨架。",
        f"# 依据：{pack.framework.zh}",
        f"# 每个“{PLACEHOLDER}”和空列表 [] 都要按原文填写，并尽量为每个对象写明 source（章节号）和 quote（原文句子）；",
        "# 填写完成前，plancheck verify 会逐项报告缺口。运行 plancheck explain <需求编号> 查看要求详情；",
        "# 运行 plancheck schema -o plan.schema.json 可让编辑器提示各个键。",
        "# A plan skeleton made by plancheck init: fill in every placeholder and empty list [];",
        "# plancheck verify reports each gap until then. plancheck explain <id> explains a requirement.",
        "",
        "plan:",
        f"  title: {_scalar(region + '“数字政府”建设规划(2021-2025年)')}",
        f"  region: {_scalar(region)}",
        f"  level: {level}",
        f"  province: {_scalar(pack.province)}",
    ]
    if city:
        lines.append(f"  city: {_scalar(city)}")
    lines += [
        f"  framework: {pack.name}",
        "  period: 2021-2025        # 规划期，须在省规划期之内",
        "  # issued: 2021-12-31     # 印发日期（规划印发后填写）",
        "  # issuer: ",
        "  # document_number: ",
    ]
    titles = {layer.id: layer.title.zh for layer in pack.layers}
    told: set[str] = set()

    def walk(node: dict[str, Any], path: tuple[str, ...], indent: str) -> None:
        for key, value in node.items():
            here = (*path, key)
            if not path and key in titles:
                lines.append("")
                lines.append(f"# ---- {titles[key]}")
            elif not path:
                lines.append("")
            lines.extend(_comments(wanted.get(here, []), pack, indent, told))
            if isinstance(value, dict):
                lines.append(f"{indent}{key}:")
                walk(value, here, indent + "  ")
            elif isinstance(value, list):
                lines.append(f"{indent}{key}: []")
            else:
                lines.append(f"{indent}{key}: {_scalar(value)}")

    walk(tree, (), "")
    return "\n".join(lines) + "\n"
