"""Generate N valid, varied plans from the examples, with the mutations real drafts have.

    python benchmarks/generate_plans.py 1000 /tmp/plans

Each plan starts from one of the example plans and gets a different region and some of:
dropped applications, a weaker bandwidth or aggregation target, a missing safeguard, a later
deadline, shuffled lists, an extra waiver. The same N and seed give the same files.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plancheck.read.yamlfile import load_yaml  # noqa: E402

CITIES = ["合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "淮北市", "铜陵市", "安庆市", "黄山市", "滁州市",
          "阜阳市", "宿州市", "六安市", "亳州市", "池州市", "宣城市"]  # fmt: skip
BANDWIDTHS = ["千兆", "1000M", "1Gbps", "万兆", "百兆", "100M", "500M", "１０００Ｍ"]
TARGETS = ["100%", "百分之百", "95%", "90%"]
DEADLINES = ["2022年底", "2022-12-31", "2023年底", "2022年6月"]


def _seeds() -> list[dict]:
    return [load_yaml(path).data for path in sorted((ROOT / "examples").glob("*.yaml"))]


def mutate(plan: dict, rng: random.Random, index: int) -> dict:
    region = f"{rng.choice(CITIES)[:-1]}{index}{'县' if plan['plan']['level'] == 'county' else '市'}"
    plan["plan"]["region"] = region
    plan["plan"]["title"] = f"{region}“数字政府”建设规划(2021-2025年)"
    bandwidth = plan.get("foundation", {}).get("network", {}).get("bandwidth")
    if isinstance(bandwidth, dict) and rng.random() < 0.5:
        bandwidth["to_county"] = rng.choice(BANDWIDTHS)
    aggregation = plan.get("data_center", {}).get("aggregation")
    if isinstance(aggregation, dict):
        if rng.random() < 0.3:
            aggregation["target"] = rng.choice(TARGETS)
        if rng.random() < 0.3:
            aggregation["deadline"] = rng.choice(DEADLINES)
    applications = plan.get("applications")
    if isinstance(applications, dict):
        for category, items in list(applications.items()):
            if isinstance(items, list):
                rng.shuffle(items)
                if items and rng.random() < 0.1:
                    applications[category] = items[: rng.randrange(len(items))]
    safeguards = plan.get("safeguards")
    if isinstance(safeguards, dict) and rng.random() < 0.2:
        safeguards.pop(rng.choice(sorted(k for k in safeguards if k not in ("source", "quote"))), None)
    if rng.random() < 0.1:
        plan["waivers"] = [
            {
                "rule": "F6",
                "reason": "山区县光缆建设滞后",
                "approver": "省数据资源局",
                "granted": "2022-01-10",
                "expires": "2099-12-31",
            }
        ]
    return plan


def generate(count: int, directory: Path, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    seeds = _seeds()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        import copy

        plan = mutate(copy.deepcopy(seeds[index % len(seeds)]), rng, index)
        path = directory / f"plan-{index:05d}.yaml"
        path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.count, args.directory, args.seed)
    print(f"{len(paths)} plans in {args.directory}")


if __name__ == "__main__":
    main()
