"""How well `plancheck extract` reads a plan document, measured against a hand-written plan.

    python benchmarks/extract_accuracy.py [DOCUMENT] [HAND_WRITTEN.yaml]
    python benchmarks/extract_accuracy.py --corpus [--verbose]   # tests/documents/corpus, see corpus_accuracy.py
    python benchmarks/extract_accuracy.py --heldout [--verbose]  # tests/documents/heldout, written after the extractor
    python benchmarks/extract_accuracy.py --heldout2 [--verbose] # tests/documents/heldout2, never tuned on

Defaults: ../shared/seeds/004_3bf5f599fb61224e.txt (the Fuyang plan) against
examples/fuyang.yaml (its faithful hand encoding). Prints, per layer and overall, the precision
and recall of the extracted elements; the recall of the hand-written applications; and whether
`plancheck verify` on the extracted plan gives the same findings (rule ids) as on the
hand-written one. Targets (issue "read plans from their documents"): identical findings and
>= 0.9 recall of the hand-written applications. Exit 0 when both are met, 1 otherwise.

An element is:
  - each application, matched by name within its category (same name, one name containing the
    other, or a close spelling);
  - each basic and thematic database, 智慧中枢 part, shared capability, service goal and route
    entry, matched by name the same way;
  - each milestone year; each kind of safeguard stated;
  - each scalar field of plan, foundation, data_center, platform and channel, present or absent
    (built_by and the plan's identity fields must also have the same value; bandwidths the
    same quantity).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plancheck.plan.model import Plan  # noqa: E402
from plancheck.plan.quantities import bandwidth_mbps  # noqa: E402
from plancheck.portfolio.pipeline import PackCache, load_document_plan, load_plan, verify_path  # noqa: E402

DOCUMENT = ROOT.parent / "shared" / "seeds" / "004_3bf5f599fb61224e.txt"
HAND = ROOT / "examples" / "fuyang.yaml"
LAYERS = [
    "plan",
    "foundation",
    "data_center",
    "platform",
    "applications",
    "channel",
    "milestones",
    "safeguards",
]
NAMED_LISTS = {
    "data_center.basic_databases",
    "data_center.thematic_databases",
    "data_center.intelligent_hub",
    "platform.shared_capabilities",
    "platform.service_goals",
    "channel.route",
}
SAME_VALUE = {"built_by", "region", "level", "province", "period", "base_year", "issued", "document_number"}


def norm(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s“”\"'《》「」]", "", text).lower()


def similar(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 2 and (a in b or b in a):
        return 0.9
    return difflib.SequenceMatcher(None, a, b).ratio()


def match_names(extracted: list[str], hand: list[str], threshold: float = 0.6) -> int:
    """How many hand-written names an extracted name matches (one to one, best pairs first)."""
    pairs = sorted(
        ((similar(e, h), i, j) for i, e in enumerate(extracted) for j, h in enumerate(hand)),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_e: set[int] = set()
    used_h: set[int] = set()
    for score, i, j in pairs:
        if score < threshold:
            break
        if i not in used_e and j not in used_h:
            used_e.add(i)
            used_h.add(j)
    return len(used_h)


def scalars(data: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of every scalar field, lists of named things left out."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("source", "quote") or key.startswith("x-"):
                continue
            here = f"{path}.{key}" if path else key
            if isinstance(value, dict) and key == "period":
                yield here, f"{value.get('start')}-{value.get('end')}"
            elif isinstance(value, dict) and set(value) <= {"text", "source", "quote"}:
                yield here, value.get("text")
            elif isinstance(value, dict):
                yield from scalars(value, here)
            elif not isinstance(value, list):
                yield here, value


def same_value(path: str, a: Any, b: Any) -> bool:
    last = path.rsplit(".", 1)[-1]
    if "bandwidth" in path and last in ("to_county", "to_township"):
        return bandwidth_mbps(str(a)) == bandwidth_mbps(str(b))
    if last == "issued":
        return str(a)[:10] == str(b)[:10]
    if last in SAME_VALUE:
        return norm(a) == norm(b)
    return True


class Tally:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def names(items: list[Any]) -> list[str]:
    return [i["name"] if isinstance(i, dict) else str(i) for i in items or []]


def compare(extracted: dict[str, Any], hand: dict[str, Any]) -> tuple[dict[str, Tally], tuple[int, int]]:
    tallies = {layer: Tally() for layer in LAYERS}
    for layer in ["plan", "foundation", "data_center", "platform", "channel"]:
        mine = dict(scalars(extracted.get(layer, {}), layer))
        theirs = dict(scalars(hand.get(layer, {}), layer))
        if layer == "plan":
            for skip in ("plan.title", "plan.framework", "plan.issuer", "plan.city"):
                mine.pop(skip, None)
                theirs.pop(skip, None)
        for path in set(mine) | set(theirs):
            if path in mine and path in theirs:
                if same_value(path, mine[path], theirs[path]):
                    tallies[layer].add(1, 0, 0)
                else:
                    tallies[layer].add(0, 1, 1)
            elif path in mine:
                tallies[layer].add(0, 1, 0)
            else:
                tallies[layer].add(0, 0, 1)
    for dotted in sorted(NAMED_LISTS):
        layer, key = dotted.split(".")
        mine_names = names(extracted.get(layer, {}).get(key, []))
        hand_names = names(hand.get(layer, {}).get(key, []))
        matched = match_names(mine_names, hand_names)
        tallies[layer].add(matched, len(mine_names) - matched, len(hand_names) - matched)
    apps_found = apps_total = 0
    for category in hand.get("applications", {}) | extracted.get("applications", {}):
        if category in ("source", "quote"):
            continue
        mine_names = names(extracted.get("applications", {}).get(category, []))
        hand_names = names(hand.get("applications", {}).get(category, []))
        matched = match_names(mine_names, hand_names)
        tallies["applications"].add(matched, len(mine_names) - matched, len(hand_names) - matched)
        apps_found += matched
        apps_total += len(hand_names)
    mine_years = {m["year"] for m in extracted.get("milestones", [])}
    hand_years = {m["year"] for m in hand.get("milestones", [])}
    tallies["milestones"].add(
        len(mine_years & hand_years), len(mine_years - hand_years), len(hand_years - mine_years)
    )
    kinds = ["organization", "policy_standards", "security", "funding_talent", "supervision"]
    mine_kinds = {k for k in kinds if k in extracted.get("safeguards", {})}
    hand_kinds = {k for k in kinds if k in hand.get("safeguards", {})}
    tallies["safeguards"].add(
        len(mine_kinds & hand_kinds), len(mine_kinds - hand_kinds), len(hand_kinds - mine_kinds)
    )
    return tallies, (apps_found, apps_total)


def rule_ids(path: Path) -> set[str]:
    report = verify_path(path, PackCache(), display=str(path))
    return {f.rule_id for f in report.findings if f.waived_by is None}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    corpora = {"--corpus": "CORPUS", "--heldout": "HELDOUT", "--heldout2": "HELDOUT2"}
    if argv[:1] and argv[0] in corpora:  # a corpus: identity and per-layer facts of every document
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import corpus_accuracy

        return corpus_accuracy.run("--verbose" in argv, getattr(corpus_accuracy, corpora[argv[0]]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("document", nargs="?", type=Path, default=DOCUMENT)
    parser.add_argument("hand", nargs="?", type=Path, default=HAND)
    args = parser.parse_args(argv)
    extracted = load_document_plan(args.document, PackCache()).data
    hand = load_plan(args.hand).data
    assert isinstance(Plan.model_validate(extracted), Plan)
    tallies, (apps_found, apps_total) = compare(extracted, hand)

    print(f"extracted: {args.document}")
    print(f"reference: {args.hand}")
    print()
    print(f"{'layer':<14}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}")
    total = Tally()
    for layer in LAYERS:
        t = tallies[layer]
        total.add(t.tp, t.fp, t.fn)
        print(f"{layer:<14}{t.tp:>5}{t.fp:>5}{t.fn:>5}{t.precision():>11.2f}{t.recall():>8.2f}")
    print(
        f"{'overall':<14}{total.tp:>5}{total.fp:>5}{total.fn:>5}{total.precision():>11.2f}{total.recall():>8.2f}"
    )
    app_recall = apps_found / apps_total if apps_total else 1.0
    print()
    print(f"applications recall: {apps_found}/{apps_total} = {app_recall:.2f} (target >= 0.90)")

    mine_rules, hand_rules = rule_ids(args.document), rule_ids(args.hand)
    same = mine_rules == hand_rules
    print(f"verify findings (rule ids): {'same' if same else 'different'}")
    print(f"  hand-written: {', '.join(sorted(hand_rules)) or '-'}")
    print(f"  extracted:    {', '.join(sorted(mine_rules)) or '-'}")
    if not same:
        print(f"  only hand-written: {', '.join(sorted(hand_rules - mine_rules)) or '-'}")
        print(f"  only extracted:    {', '.join(sorted(mine_rules - hand_rules)) or '-'}")
    return 0 if same and app_recall >= 0.9 else 1


if __name__ == "__main__":
    raise SystemExit(main())
