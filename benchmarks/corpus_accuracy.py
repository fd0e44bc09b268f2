"""How well `plancheck extract` reads the test corpus (tests/documents/corpus/): the identity and
kind of every document, and per layer the precision and recall of the facts it draws.

    python benchmarks/extract_accuracy.py --corpus [--verbose]
    python benchmarks/extract_accuracy.py --heldout [--verbose]   # tests/documents/heldout
    python benchmarks/extract_accuracy.py --heldout2 [--verbose]  # tests/documents/heldout2

The corpus holds plans of Anhui cities, districts, counties and county-level cities written for
these tests in several styles (notices with 文号, 第X章 chapters, Markdown, Word files with 专栏
tables, a preface citing the provincial plan, a partial draft), and documents that are not
plans the pack checks (the provincial plan, another province's plans, news, an interpretation,
a notice alone). Their expected readings are in tests/documents/corpus/labels.yaml.

The held-out corpus (tests/documents/heldout/, same label schema) was written after the
extractor, from the provincial text and other cities' and counties' styles, and is scored the
same way: its figures are the honest ones, the tuned corpus's overstate.

A fact is one thing a plan says that the checks rest on, for example ``cloud.built_by=city``,
``network.bandwidth.to_county=1000``, ``machine_room=department/existing/linked``,
``basic_databases[人口]``, ``social_governance[城市运行管理中心]``, ``milestone=2025``; names in
``[...]`` are matched as the Fuyang benchmark matches them (same, contained, or close).
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "documents" / "corpus"
HELDOUT = ROOT / "tests" / "documents" / "heldout"
HELDOUT2 = ROOT / "tests" / "documents" / "heldout2"  # written after the extractor was changed on HELDOUT
LAYERS = ["foundation", "data_center", "platform", "applications", "channel", "milestones", "safeguards"]
IDENTITY = ["region", "level", "province", "city", "period", "base_year", "issued", "document_number"]


def build_docx(text: str, path: Path) -> Path:
    """A Word file from corpus text: one paragraph a line; a 专栏 line followed by ``|`` rows
    becomes a table (its title a row of one cell, each row its cells)."""
    import docx

    document = docx.Document()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if re.match(r"^专栏\s*\d", line) and i + 1 < len(lines) and lines[i + 1].strip().startswith("|"):
            rows = []
            i += 1
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            width = max(len(r) for r in rows)
            table = document.add_table(rows=0, cols=width)
            title = table.add_row().cells
            title[0].text = line
            if width > 1:
                title[0].merge(title[width - 1])
            for row in rows:
                cells = table.add_row().cells
                for n, value in enumerate(row):
                    cells[n].text = value
            continue
        document.add_paragraph(lines[i])
        i += 1
    document.save(str(path))
    return path


def _bandwidth(value: Any) -> str:
    from plancheck.plan.quantities import bandwidth_mbps

    mbps = bandwidth_mbps(str(value), field=True)
    return str(int(mbps)) if mbps is not None else "?"


def _has(obj: Any, *path: str) -> bool:
    for step in path:
        if not isinstance(obj, dict) or step not in obj:
            return False
        obj = obj[step]
    return obj is not None


def _foundation(f: dict[str, Any]) -> Iterator[str]:
    cloud = f.get("cloud")
    if cloud:
        yield "cloud"
        yield f"cloud.built_by={cloud.get('built_by')}"
        for path in (("provincial_node",), ("standard",), ("migration", "existing_systems"),
                     ("migration", "new_systems"), ("disaster_recovery",),
                     ("disaster_recovery", "cross_region")):  # fmt: skip
            if _has(cloud, *path):
                yield "cloud." + ".".join(path)
    network = f.get("network")
    if network:
        yield "network"
        yield f"network.built_by={network.get('built_by')}"
        stack = str(network.get("ip_stack") or "")
        if stack:
            yield "network.ip_stack=" + ("dual" if "双" in stack or "IPv4" in stack else "ipv6")
        for name in ("to_county", "to_township"):
            if _has(network, "bandwidth", name):
                yield f"network.bandwidth.{name}={_bandwidth(network['bandwidth'][name])}"
        for path in (("coverage",), ("bandwidth", "grassroots"), ("security", "situational_awareness"),
                     ("private_network_migration",)):  # fmt: skip
            if _has(network, *path):
                yield "network." + ".".join(path)
    for room in f.get("machine_rooms") or []:
        linked = "/linked" if room.get("interconnection") else ""
        yield f"machine_room={room.get('owner')}/{room.get('status')}{linked}"


def _data_center(d: dict[str, Any]) -> Iterator[str]:
    sub = d.get("sub_platform")
    if sub:
        yield "sub_platform"
        yield f"sub_platform.built_by={sub.get('built_by')}"
        if sub.get("upstream"):
            yield "sub_platform.upstream"
    agg = d.get("aggregation")
    if agg and agg.get("target"):
        yield f"aggregation.target={agg['target']}"
    for name in ("basic_databases", "thematic_databases"):
        for item in d.get(name) or []:
            yield f"{name}[{item['name']}]"
    for name in ("sharing", "opening"):
        if d.get(name):
            yield name


def _platform(p: dict[str, Any]) -> Iterator[str]:
    yield "platform"
    yield f"platform.built_by={p.get('built_by')}"
    for name in ("shared_capabilities", "service_goals"):
        for item in p.get(name) or []:
            yield f"{name}[{item['name']}]"
    if p.get("department_docking"):
        yield "department_docking"


def facts(plan: dict[str, Any]) -> dict[str, list[str]]:
    """The facts of each layer of an extracted plan."""
    out: dict[str, list[str]] = {layer: [] for layer in LAYERS}
    if plan.get("foundation"):
        out["foundation"] = list(_foundation(plan["foundation"]))
    if plan.get("data_center"):
        out["data_center"] = list(_data_center(plan["data_center"]))
    if plan.get("platform"):
        out["platform"] = list(_platform(plan["platform"]))
    for category, apps in (plan.get("applications") or {}).items():
        if isinstance(apps, list):
            out["applications"] += [f"{category}[{a['name']}]" for a in apps]
    if plan.get("channel"):
        out["channel"] = ["channel"]
    out["milestones"] = [f"milestone={m['year']}" for m in plan.get("milestones") or []]
    kinds = ["organization", "policy_standards", "security", "funding_talent", "supervision"]
    out["safeguards"] = [f"safeguard={k}" for k in kinds if k in (plan.get("safeguards") or {})]
    return out


def identity(plan: dict[str, Any]) -> dict[str, Any]:
    info = plan["plan"]
    out = {name: info.get(name) for name in IDENTITY}
    out["period"] = f"{info['period']['start']}-{info['period']['end']}"
    if out["issued"] is not None:
        out["issued"] = re.sub(r"\D+", "-", str(out["issued"])).strip("-")
        out["issued"] = "-".join(f"{int(x):02d}" if i else x for i, x in enumerate(out["issued"].split("-")))
    return out


def _split(fact: str) -> tuple[str, str | None]:
    m = re.fullmatch(r"(.*)\[(.*)\]", fact)
    return (m.group(1), m.group(2)) if m else (fact, None)


def matched(mine: list[str], wanted: list[str]) -> int:
    """How many wanted facts an extracted one matches, one to one (names fuzzily)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from extract_accuracy import match_names

    count = 0
    plain_mine = [f for f in mine if _split(f)[1] is None]
    plain_wanted = [f for f in wanted if _split(f)[1] is None]
    left = list(plain_mine)
    for fact in plain_wanted:
        if fact in left:
            left.remove(fact)
            count += 1
    prefixes = {_split(f)[0] for f in mine + wanted if _split(f)[1] is not None}
    for prefix in sorted(prefixes):
        a = [n for p, n in map(_split, mine) if p == prefix and n is not None]
        b = [n for p, n in map(_split, wanted) if p == prefix and n is not None]
        count += match_names(a, b)
    return count


def read(path: Path, docx: bool, workdir: Path) -> tuple[str, dict[str, Any] | str]:
    """(kind, plan) for a plan, (kind, message) for a document refused."""
    from plancheck.errors import InputError
    from plancheck.portfolio.pipeline import PackCache, extract_document

    if docx:
        path = build_docx(path.read_text(encoding="utf-8"), workdir / (path.stem + ".docx"))
    try:
        extraction = extract_document(path, PackCache(), path.name)
    except InputError as exc:
        problem = exc.problems[0]
        return problem.code, problem.message.zh
    kind = "incomplete" if extraction.plan["plan"].get("x-incomplete") else "plan"
    return kind, extraction.plan


def _unmatched(mine: list[str], wanted: list[str]) -> tuple[list[str], list[str]]:
    """The extracted facts no wanted one matches, and the wanted ones left (names fuzzily)."""
    from extract_accuracy import similar

    extra, lost = list(mine), list(wanted)
    for fact in list(extra):
        prefix, name = _split(fact)
        scores = [
            (similar(name, n) if name is not None and n is not None else float(fact == w), w)
            for w, (p, n) in ((w, _split(w)) for w in lost)
            if p == prefix
        ]
        best = max(scores, default=(0.0, ""))
        if best[0] >= 0.6:
            extra.remove(fact)
            lost.remove(best[1])
    return extra, lost


def _score(
    label: dict[str, Any], got: dict[str, Any] | str, tallies: dict[str, list[int]], verbose: bool
) -> tuple[int, int, list[str]]:
    """(identity fields right, identity fields, problems) of one document; its layers' facts are
    added to ``tallies``. A document refused where a plan was expected loses every field and fact;
    one read as a plan where a refusal was expected names none of the refusal's words."""
    if "plan" not in label:
        message = got if isinstance(got, str) else ""
        names = label.get("names", [])
        lost = [w for w in names if w not in message]
        return len(names) - len(lost), len(names), [f"message does not name {w}: {message}" for w in lost]
    problems: list[str] = []
    mine_id = identity(got) if isinstance(got, dict) else dict.fromkeys(IDENTITY, "(refused)")
    right = 0
    for name in IDENTITY:
        want = label["plan"].get(name)
        if str(mine_id[name]) == str(want) or mine_id[name] == want:
            right += 1
        else:
            problems.append(f"plan.{name}: {mine_id[name]!r} != {want!r}")
    mine = facts(got) if isinstance(got, dict) else {layer: [] for layer in LAYERS}
    for layer in LAYERS:
        wanted = label.get(layer) or []
        n = matched(mine[layer], wanted)
        t = tallies[layer]
        t[0], t[1], t[2] = t[0] + n, t[1] + len(mine[layer]) - n, t[2] + len(wanted) - n
        if verbose and (n != len(wanted) or n != len(mine[layer])):
            extra, lost = _unmatched(mine[layer], wanted)
            problems.append(f"{layer}: extra {extra} missing {lost}")
    return right, len(IDENTITY), problems


@dataclass
class Score:
    """What a corpus run measured: kinds right (per kind), identity fields right, and per
    layer [true positives, false positives, false negatives]; one report line a document."""

    kinds_right: int = 0
    documents: int = 0
    per_kind: dict[str, list[int]] = field(default_factory=dict)
    id_right: int = 0
    id_total: int = 0
    tallies: dict[str, list[int]] = field(default_factory=lambda: {layer: [0, 0, 0] for layer in LAYERS})
    lines: list[str] = field(default_factory=list)

    def precision_recall(self, layer: str) -> tuple[float, float]:
        tp, fp, fn = self.tallies[layer]
        return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def score(corpus: Path = CORPUS, verbose: bool = False) -> Score:
    """Read and score every labelled document of ``corpus``."""
    sys.path.insert(0, str(ROOT))
    labels = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))["documents"]
    out = Score(documents=len(labels))
    with tempfile.TemporaryDirectory() as tmp:
        for name, label in labels.items():
            kind, got = read(corpus / name, bool(label.get("docx")), Path(tmp))
            right_kind = kind == label["kind"]
            out.kinds_right += right_kind
            tally = out.per_kind.setdefault(label["kind"], [0, 0])
            tally[0], tally[1] = tally[0] + right_kind, tally[1] + 1
            problems: list[str] = [] if right_kind else [f"kind {kind} != {label['kind']}"]
            right, total, found = _score(label, got, out.tallies, verbose)
            out.id_right, out.id_total = out.id_right + right, out.id_total + total
            problems += found
            status = "ok" if not problems else "; ".join(problems)
            out.lines.append(f"{name:<34}{label['kind']:<16}{status}")
    return out


def run(verbose: bool = False, corpus: Path = CORPUS) -> int:
    """Score every labelled document of ``corpus`` and print it; 0 when the issue's targets
    (every kind right, identity >= 98%, each layer's precision and recall >= 95%) are met."""
    got = score(corpus, verbose)
    print("\n".join(got.lines))
    print()
    print(f"kinds right: {got.kinds_right}/{got.documents}")
    print("  per kind: " + ", ".join(f"{k} {r}/{n}" for k, (r, n) in got.per_kind.items()))
    print(f"identity fields right: {got.id_right}/{got.id_total} = {got.id_right / max(got.id_total, 1):.3f}")
    print(f"{'layer':<14}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}")
    ok = got.kinds_right == got.documents and got.id_right >= 0.98 * got.id_total
    for layer in LAYERS:
        tp, fp, fn = got.tallies[layer]
        p, r = got.precision_recall(layer)
        ok = ok and p >= 0.95 and r >= 0.95
        print(f"{layer:<14}{tp:>5}{fp:>5}{fn:>5}{p:>11.2f}{r:>8.2f}")
    return 0 if ok else 1


def dump(name: str) -> None:
    """The facts drawn from one corpus document, as a start for its labels."""
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        kind, got = read(CORPUS / name, name.endswith(".docx.txt"), Path(tmp))
    print(kind)
    if isinstance(got, str):
        print(got)
        return
    print(yaml.safe_dump({"plan": identity(got), **facts(got)}, allow_unicode=True, sort_keys=False))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--dump"]:
        dump(sys.argv[2])
    else:
        corpus = HELDOUT2 if "--heldout2" in sys.argv else HELDOUT if "--heldout" in sys.argv else CORPUS
        raise SystemExit(run("--verbose" in sys.argv, corpus))
