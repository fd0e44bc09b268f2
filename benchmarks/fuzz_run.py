"""A fuzz run against plancheck as an attacker would make one: not a test, a measurement.

    python benchmarks/fuzz_run.py --inputs 3000 --seed 1 --keep /tmp/fuzz-failures

It generates hostile plans (YAML: values from the attacks of issue #17 put at random places in
the example plans, waivers with backtracking or nested selectors, byte-level damage, odd
encodings), hostile documents (.docx with bombs, entities, broken XML, lying sizes, huge
paragraph counts; .txt/.md with control characters and deep headings) and hostile baselines
(JSON of the wrong shapes, deep brackets, lone surrogates, huge numbers). Each input is run on
its own with ``plancheck verify -f json``; plans are also run in batches (``verify DIR --jobs
2 -o json:…``, ``matrix DIR -o …csv``, ``baseline create``). Every run is its own process group
with a time limit; the memory of its whole process tree (parent and workers, summed) is
sampled from /proc.

What counts as a failure: exit 3 or any exit code outside 0/1/2, a traceback or "internal error"
on stderr, a run over the time limit, JSON that does not parse, or a batch whose report leaves
out a plan (neither checked nor reported as an error). Failing inputs are copied to --keep.
The table at the end (Markdown) is what benchmarks/README.md quotes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # plancheck and the tests' Word-part helpers of this checkout

from tests.docx_parts import W_NS, XML_HEAD, body, docx_with, lie_about_sizes  # noqa: E402

EXAMPLES = ROOT / "examples"
ENTRY_POINT = "import sys\nfrom plancheck.cli.launcher import main\nsys.argv[0] = 'plancheck'\nmain()\n"
LIMIT = 60.0  # seconds: a run longer than this is a hang
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # ESC, BEL…: never to a terminal

# ----------------------------------------------------------------------------- hostile values

DEADLINES = [
    "0000年底", "9999年12月", "9999年底", "10000年", "-1年", "0年", "2022年0月", "2022年13月32日",
    "２０２２年底", "99999999999999999999年", "2022-02-30", "公元前200年", "2022年底前后", "\x00",
    "2022年12月31日24时", "1e9年", "2022年" * 500, "9999-12-31", "0001-01-01",
]  # fmt: skip
FRAMEWORKS = [
    "anhui\x00x", "x" * 300, "目" * 100, "a/" + "b" * 256 + "/c", "../../../../../../etc", "/dev/zero",
    "/proc/self/fd/0", ".", "..", "~", "C:\\rules", "rules/anhui-11171/pack.yaml", "file:///etc/passwd",
    "anhui-11171/../anhui-11171", "\ud800", "anhui-11171\n", " anhui-11171", "ANHUI-11171", "/",
    "//", "/" * 5000, "anhui-11171" + "/." * 2000,
]  # fmt: skip
BANDWIDTHS = [
    "-1000M", "−1000M", "-千兆", "负1000M", "1e309M", "9" * 400 + "M", "NaN M", "inf M", "１０００Ｍ－",
    "-1G", "1000M" * 1000, "0M", "-0", "千兆" * 2000, "1000\u200bM", "1000M\x00", "(((1000M)))",
]  # fmt: skip
WAIVER_PATHS = [
    "$.plan[?match(@, '(a|a)+')]", "$..[?search(@, '((a+)+)+b')]", "$..*[?$..*[?$..*]]",
    "$..[?value(@) != 'x']", "$..[?value(@..*) == 1]", "$[", "$.a[99999999999999999999]",
    "$..[?length(@) > 1e309]", "$[?@ == " + "[" * 1000, "$..[?count(@.*) > 1]",
    "$.plan[-9223372036854775809]", "$..[?match(@, '" + "(" * 300 + "a" + ")" * 300 + "')]",
    "$..[?match(@, '[')]", "$..[?match(@, '\\\\p{Han}+')]", "$.plan.title", "$" + ".a" * 5000,
    "$..[?search(@, '(.*a){25}')]", "$..[?@.x == @.y]", "", "\x00", "$['\ud800']",
]  # fmt: skip
DATES = [
    "9999-12-31", "0001-01-01", "2025-06-30T23:59:59+14:00", "2025-13-01", 20250101, "明天", "0000-00-00",
    "2025-06-30", -1, 1e309, "2022-01-10",
]  # fmt: skip
TEXTS = [
    "\x1b[2J\x1b[31m红\x07", "\x01\x02\x03", "\u202e反向", "a" * 100_000, "\ud800", "]]></failure><x>",
    "</script><script>alert(1)</script>", "'; DROP TABLE plans; --", "{{7*7}}", "${HOME}", "%s%n",
    "\ufeff", "\u2028\u2029\u0085", "😀" * 1000, "\t\r", "null", "~", "- x", "&a *a", "!!python/object",
]  # fmt: skip
RULES = ["A2", "F6", "AH-F6-COUNTY-BANDWIDTH", "*", "", 5, None, ["A2"], "A2" * 1000, "\x00"]


def _seeds() -> list[dict[str, Any]]:
    from plancheck.read.yamlfile import load_yaml

    return [load_yaml(p).data for p in sorted(EXAMPLES.glob("*.yaml"))]


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, Any]]:
    """(container, key) of every value in the plan."""
    out: list[tuple[Any, Any]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.append((data, key))
            out.extend(_places(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.append((data, index))
            out.extend(_places(value, (*path, index)))
    return out


def _hostile_value(rng: random.Random) -> Any:
    pool = rng.choice([DEADLINES, FRAMEWORKS, BANDWIDTHS, TEXTS, DATES, WAIVER_PATHS])
    value = rng.choice(pool)
    roll = rng.random()
    if roll < 0.05:
        return [value] * rng.randint(0, 3)
    if roll < 0.08:
        return {value if isinstance(value, str) else "k": value}
    return value


def _waiver(rng: random.Random) -> dict[str, Any]:
    valid = rng.random() < 0.6  # a valid waiver, so that its path is evaluated
    waiver: dict[str, Any] = {
        "rule": rng.choice(["A6", "A7", "AH-D3-AGGREGATION-TARGET"] if valid else RULES),
        "reason": "依托省级平台" if valid else rng.choice(["依托省级平台", "", "\x07"]),
        "approver": "市数据资源局",
        "granted": "2022-01-10" if valid else rng.choice(DATES),
    }
    if rng.random() < 0.6:
        waiver["expires"] = rng.choice(["9999-12-31", "2022-12-31"] if valid else DATES)
    if rng.random() < 0.8:
        waiver["path"] = rng.choice(WAIVER_PATHS)
    return waiver


def _mutate(data: dict[str, Any], kind: str, rng: random.Random) -> None:
    """Put the attack ``kind`` into the plan data."""
    if kind == "framework":
        data.setdefault("plan", {})["framework"] = rng.choice(FRAMEWORKS)
    elif kind == "deadline":
        places = [(c, k) for c, k in _places(data) if k in ("deadline", "period", "issued")]
        for container, key in rng.sample(places, min(len(places), rng.randint(1, 3))):
            container[key] = rng.choice(DEADLINES)
    elif kind == "bandwidth":
        network = data.setdefault("foundation", {}).setdefault("network", {})
        bandwidth = network.setdefault("bandwidth", {}) if isinstance(network, dict) else None
        if isinstance(bandwidth, dict):
            bandwidth[rng.choice(["to_county", "to_township", "grassroots"])] = rng.choice(BANDWIDTHS)
    elif kind == "waiver":
        data["waivers"] = [_waiver(rng) for _ in range(rng.randint(1, 3))]
    elif kind == "title-backtrack":  # a title the waiver's pattern backtracks on
        data.setdefault("plan", {})["title"] = "a" * rng.randint(20, 60) + "!"
        data["waivers"] = [_waiver(rng)]
    else:
        for _ in range(rng.randint(1, 3)):
            places = _places(data)
            if places:
                container, key = rng.choice(places)
                container[key] = _hostile_value(rng)


YAML_TAILS = [
    b"x: &a [" + b"*a," * 1000 + b"]\n",
    b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    b"? [a, b]\n: c\n",
    b"1: one\nnull: none\n",
    b"x: !!python/object/apply:os.system [id]\n",
    b"<<: {plan: {}}\n",
    b"--- \nplan: {}\n",
    b'x: "\\ud800\\udc00\\ud800"\n',
    b'x: "\\e[2J\\a\\x01"\n',
]


def hostile_plan(rng: random.Random, seeds: list[dict[str, Any]]) -> tuple[str, bytes]:
    """(kind, bytes) of one hostile plan file."""
    import copy

    data = copy.deepcopy(rng.choice(seeds))
    kind = rng.choice(["value", "value", "framework", "deadline", "bandwidth", "waiver", "title-backtrack"])
    _mutate(data, kind, rng)
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    except yaml.YAMLError:
        text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False)
    raw = text.encode("utf-8", "surrogatepass")
    roll = rng.random()
    if roll < 0.08:  # the same plan in another encoding
        encoding = rng.choice(["utf-16-le", "utf-16-be", "utf-16", "utf-32", "gb18030", "utf-8-sig"])
        raw = text.encode(encoding, "replace")
        kind += "+" + encoding
    elif roll < 0.16:  # damage to the bytes
        damaged = bytearray(raw)
        for _ in range(rng.randint(1, 5)):
            if damaged:
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        raw = bytes(damaged)
        kind += "+bytes"
    elif roll < 0.2:  # YAML the dumper never writes
        raw += rng.choice(YAML_TAILS)
        kind += "+yaml"
    return kind, raw


def hostile_baseline(rng: random.Random) -> tuple[str, bytes]:
    entry = {
        "fingerprint": "0123456789abcdef",
        "rule": "AH-F6-COUNTY-BANDWIDTH",
        "file": "x.yaml",
        "path": "$.a",
    }
    kind = rng.choice(["shape", "entry", "deep", "text", "numbers"])
    if kind == "shape":
        document: Any = rng.choice(
            [[], {}, None, 5, "x", {"tool": "plancheck"}, {"entries": {}}, {"entries": None},
             {"tool": "plancheck", "baseline_version": 99, "entries": []},
             {"tool": "plancheck", "baseline_version": "1", "entries": []},
             {"tool": "plancheck", "baseline_version": True, "entries": []}]
        )  # fmt: skip
        return kind, json.dumps(document).encode()
    if kind == "entry":
        broken = dict(entry)
        key = rng.choice([*broken, "extra"])
        broken[key] = rng.choice([["x"], 5, None, {"a": 1}, "\ud800", "a" * 100_000, True, 1e308, -1])
        entries = [broken] * rng.randint(1, 3)
        doc = {"tool": "plancheck", "baseline_version": 1, "entries": entries}
        return kind, json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    head = b'{"tool": "plancheck", "baseline_version": 1, "entries": '
    if kind == "deep":
        depth = rng.choice([1000, 10_000, 100_000])
        opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
        return kind, head + opener * depth + closer * depth + b"}"
    if kind == "numbers":
        return kind, head + rng.choice(
            [b"[1e999]", b"[NaN]", b"[Infinity]", b"[" + b"9" * 5000 + b"]", b"[-0]"]
        ) + b"}"
    return kind, rng.choice(
        [
            head + b'[{"fingerprint": "\\ud800"}]}',
            head + b"[]}" + b"\x00",
            b"\xff\xfe" + (head + b"[]}").decode().encode("utf-16-le"),
            head + b'[{"fingerprint": "a", "fingerprint": "b"}]}',
            head[: rng.randrange(len(head))],
            b"\xef\xbb\xbf" + head + b"[]}",
            head + b"[]}" + b" " * 100 + b"{}",
        ]
    )


def _base_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("示例市数字政府建设规划", level=1)
    document.add_paragraph("建设市级政务云平台，到县带宽千兆。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def hostile_docx(rng: random.Random, base: bytes) -> tuple[str, bytes]:
    kind = rng.choice(
        ["bomb-document", "bomb-styles", "bomb-rels", "bomb-media", "entities", "external-entity",
         "broken-xml", "deep-xml", "many-paragraphs", "missing-part", "control-chars", "garbage", "lying-size"]
    )  # fmt: skip
    parts: dict[str, bytes | tuple[bytes, bytes, int]] = {}
    if kind.startswith("bomb-"):
        name = {
            "bomb-document": "word/document.xml",
            "bomb-styles": "word/styles.xml",
            "bomb-rels": "word/_rels/document.xml.rels",
            "bomb-media": "word/media/image1.png",
        }[kind]
        parts[name] = (XML_HEAD, b" " * 1048576, rng.choice([40, 140]) if kind == "bomb-media" else 40)
    elif kind == "entities":
        lol = '<!ENTITY a "lollollollollol">' + "".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
        )
        parts["word/document.xml"] = (
            b'<?xml version="1.0"?><!DOCTYPE w:document [' + lol.encode() + b"]>"
            + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>'.encode()
        )  # fmt: skip
    elif kind == "external-entity":
        parts["word/document.xml"] = (
            b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'.encode()
        )  # fmt: skip
    elif kind == "broken-xml":
        good = body(["建设市级政务云平台。"])
        parts["word/document.xml"] = good[: rng.randrange(len(good))]
    elif kind == "deep-xml":
        depth = rng.choice([1000, 100_000])
        parts["word/document.xml"] = (
            XML_HEAD + f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b"<w:p>" * depth + b"</w:p>" * depth
            + b"</w:body></w:document>"
        )  # fmt: skip
    elif kind == "many-paragraphs":
        count = rng.choice([20_000, 50_001, 120_000])
        parts["word/document.xml"] = body([f"第{i}段：建设政务云。" for i in range(count)])
    elif kind == "control-chars":
        parts["word/document.xml"] = body(["标题\x1b[2J", "&#7;响铃&#x1b;[31m", "\u202e反向", "a" * 200_000])
    elif kind == "missing-part":
        name = rng.choice(["word/document.xml", "[Content_Types].xml", "_rels/.rels", "word/styles.xml"])
        parts[name] = b""  # dropped below
    elif kind == "garbage":
        raw = bytearray(base)
        for _ in range(rng.randint(1, 20)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return kind, bytes(raw)
    data = docx_with(base, parts, drop={n for n, v in parts.items() if v == b""})
    if kind == "lying-size":
        data = lie_about_sizes(docx_with(base, {"word/document.xml": (XML_HEAD, b" " * 1048576, 40)}))
    return kind, data


def hostile_text_document(rng: random.Random) -> tuple[str, str, bytes]:
    """(kind, suffix, bytes) of a .txt or .md plan document."""
    suffix = rng.choice([".txt", ".md"])
    kind = rng.choice(["headings", "long-line", "many-lines", "control", "numbering", "encoding"])
    lines = ["安徽省某市数字政府建设规划", "一、总体要求", "建设市级政务云平台，到县带宽千兆。"]
    if kind == "headings":
        lines += ["#" * rng.choice([7, 100, 10_000]) + " 标题"] * 10 + ["（一）" * 1000]
    elif kind == "long-line":
        lines.append("千兆" * rng.choice([10_000, 1_000_000]))
    elif kind == "many-lines":
        lines += [f"{i}、建设一朵云。" for i in range(rng.choice([60_000, 200_000]))]
    elif kind == "control":
        lines += ["\x1b[2J清屏\x07", "\x00NUL", "\u202e反向", "\x0c换页"]
    elif kind == "numbering":
        lines += [f"（{'9' * 400}）到县带宽-1000M。", "1." * 5000 + " 标题", "第" + "九" * 1000 + "章"]
    text = "\n".join(lines) + "\n"
    if kind == "encoding":
        return kind, suffix, text.encode(rng.choice(["utf-16-le", "utf-32", "big5", "utf-16-be"]), "replace")
    return kind, suffix, text.encode("utf-8")


# ----------------------------------------------------------------------------- running


@dataclass
class Outcome:
    command: str
    kind: str
    code: int | None  # None: killed after LIMIT
    seconds: float
    tree_mb: float
    problem: str | None = None


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)
    failures: list[tuple[Outcome, list[Path]]] = field(default_factory=list)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return found


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, pending = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
        pending.extend(_children(current))
    return total


def run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int | None, str, str, float, int]:
    """(exit code or None if it hung, stdout, stderr, seconds, peak tree RSS)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", ENTRY_POINT, *args],
            stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env, start_new_session=True,
        )  # fmt: skip
        peak = 0
        code: int | None = None
        while True:
            code = process.poll()
            if code is not None:
                break
            peak = max(peak, _tree_rss(process.pid))
            if time.perf_counter() - started > LIMIT:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                code = None
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return (
            code,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            peak,
        )


def _problem(code: int | None, stdout: str, stderr: str, expect_json: bool) -> str | None:
    if code is None:
        return f"hang (over {LIMIT:.0f} s)"
    if code not in (0, 1, 2):
        return f"exit {code}"
    if "Traceback" in stderr:
        return "traceback"
    if "internal error" in stderr:
        return "internal error"
    if RAW_CONTROL.search(stderr):
        return "raw control character on stderr"
    if not expect_json and RAW_CONTROL.search(stdout):
        return "raw control character on stdout"
    if expect_json:
        try:
            doc = json.loads(stdout)
        except ValueError:
            return "JSON does not parse"
        if doc.get("exit_code") != code:
            return f"JSON exit_code {doc.get('exit_code')} != {code}"
    return None


class Runner:
    def __init__(self, work: Path, keep: Path | None) -> None:
        self.work = work
        self.keep = keep
        self.tally = Tally()
        self.env = {**os.environ, "PLANCHECK_CACHE_DIR": str(work / "cache"), "LANG": "C.UTF-8"}
        self.env.pop("PLANCHECK_DEBUG", None)

    def record(
        self, command: str, kind: str, result: tuple[Any, ...], problem: str | None, files: list[Path]
    ) -> None:
        code, _, stderr, seconds, peak = result
        outcome = Outcome(command, kind, code, seconds, peak / 1048576, problem)
        self.tally.outcomes.append(outcome)
        if problem is not None:
            self.tally.failures.append((outcome, files))
            if self.keep is not None:
                folder = self.keep / f"{len(self.tally.failures):04d}-{command.replace(' ', '_')}"
                folder.mkdir(parents=True, exist_ok=True)
                for path in files:
                    if path.is_dir():
                        shutil.copytree(path, folder / path.name, dirs_exist_ok=True)
                    else:
                        shutil.copy(path, folder / path.name)
                (folder / "stderr.txt").write_text(stderr[-20000:], encoding="utf-8")
                (folder / "problem.txt").write_text(f"{problem}\n{command} {kind}\n", encoding="utf-8")

    def single(
        self, command: str, kind: str, args: list[str], files: list[Path], expect_json: bool = True
    ) -> None:
        result = run(args, self.env, self.work)
        self.record(command, kind, result, _problem(result[0], result[1], result[2], expect_json), files)

    def batch(self, folder: Path, count: int, kind: str) -> None:
        report = self.work / "batch-report.json"
        report.unlink(missing_ok=True)
        result = run(["verify", str(folder), "--jobs", "2", "-o", f"json:{report}", "--lang", "en"],
                     self.env, self.work)  # fmt: skip
        problem = _problem(result[0], result[1], result[2], expect_json=False)
        if problem is None:
            problem = _batch_problem(_read(report), result[0], count)
        self.record("verify batch", kind, result, problem, [folder])
        result = run(
            ["matrix", str(folder), "--lang", "en"], self.env, self.work
        )  # Markdown, to the terminal
        problem = _problem(result[0], result[1], result[2], expect_json=False)
        if problem is None and result[0] in (0, 1) and "|" not in result[1]:
            problem = "no matrix"
        self.record("matrix batch", kind, result, problem, [folder])
        baseline = self.work / "batch-baseline.json"
        baseline.unlink(missing_ok=True)
        result = run(
            ["baseline", "create", str(folder), "-o", str(baseline), "--lang", "en"], self.env, self.work
        )
        self.record(
            "baseline create batch", kind, result, _problem(result[0], result[1], result[2], False), [folder]
        )


def _batch_problem(text: str, code: int | None, count: int) -> str | None:
    """What is wrong with a batch's JSON report: missing, cut off, or leaving out a plan."""
    try:
        doc = json.loads(text)
    except ValueError:
        return "the JSON report is missing or cut off"
    if doc.get("exit_code") != code:
        return f"JSON exit_code {doc.get('exit_code')} != {code}"
    seen = {p["file"] for p in doc["plans"]} | {e["file"] for e in doc["errors"]}
    if len(seen) < count:
        return f"{count - len(seen)} plan(s) neither checked nor reported"
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


# ----------------------------------------------------------------------------- the run


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=600, help="how many hostile inputs (default 600)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=50, help="plans per batch run")
    parser.add_argument("--keep", type=Path, help="copy failing inputs here")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    seeds = _seeds()
    base = _base_docx()
    good = EXAMPLES / "city-draft-gaps.yaml"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="plancheck-fuzz-") as temporary:
        work = Path(temporary)
        runner = Runner(work, options.keep)
        plans_dir = work / "plans"
        counts: Counter[str] = Counter()
        batch: list[Path] = []
        for index in range(options.inputs):
            roll = rng.random()
            if roll < 0.70:
                kind, raw = hostile_plan(rng, seeds)
                path = plans_dir / f"plan{index:05d}.yaml"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(raw)
                counts["plan"] += 1
                if index % 4:
                    args = ["verify", str(path), "-f", "json", "--lang", "en"]
                    runner.single("verify plan", kind, args, [path])
                else:  # every fourth as Markdown: what reaches a terminal is checked too
                    args = ["verify", str(path), "-f", "markdown", "--lang", "en"]
                    runner.single("verify plan (markdown)", kind, args, [path], expect_json=False)
                batch.append(path)
                if len(batch) >= options.batch:
                    _run_batch(runner, batch, work)
                    batch = []
            elif roll < 0.85:
                kind, raw = hostile_baseline(rng)
                path = work / f"baseline{index:05d}.json"
                path.write_bytes(raw)
                counts["baseline"] += 1
                runner.single("verify --baseline", kind,
                              ["verify", str(good), "--baseline", str(path), "-f", "json", "--lang", "en"], [path])  # fmt: skip
                path.unlink()
            elif roll < 0.95:
                kind, raw = hostile_docx(rng, base)
                path = work / f"doc{index:05d}.docx"
                path.write_bytes(raw)
                counts["docx"] += 1
                runner.single(
                    "verify docx", kind, ["verify", str(path), "-f", "json", "--lang", "en"], [path]
                )
                runner.single(
                    "extract docx", kind, ["extract", str(path), "--lang", "en"], [path], expect_json=False
                )
                path.unlink()
            else:
                kind, suffix, raw = hostile_text_document(rng)
                path = work / f"doc{index:05d}{suffix}"
                path.write_bytes(raw)
                counts["text document"] += 1
                runner.single(
                    "verify text doc", kind, ["verify", str(path), "-f", "json", "--lang", "en"], [path]
                )
                path.unlink()
            if (index + 1) % 100 == 0:
                print(f"{index + 1} inputs, {len(runner.tally.failures)} failures, "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)  # fmt: skip
        if batch:
            _run_batch(runner, batch, work)
        _print_table(runner.tally, counts, options, time.perf_counter() - started)
    sys.exit(1 if runner.tally.failures else 0)


def _run_batch(runner: Runner, paths: list[Path], work: Path) -> None:
    folder = work / "batch"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for path in paths:
        shutil.move(path, folder / path.name)
    runner.batch(folder, len(paths), f"{len(paths)} plans")


def _print_table(tally: Tally, counts: Counter[str], options: argparse.Namespace, seconds: float) -> None:
    by_command: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in tally.outcomes:
        by_command[outcome.command].append(outcome)
    print(
        f"\ninputs: {options.inputs} (seed {options.seed}): "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    print(f"runs: {len(tally.outcomes)} in {seconds:.0f} s\n")
    print(
        "| command | runs | exit 0 | exit 1 | exit 2 | exit 3 / other | hang | traceback / internal | max wall s | max tree MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for command, outcomes in by_command.items():
        codes = Counter(o.code for o in outcomes)
        other = sum(v for k, v in codes.items() if k not in (0, 1, 2, None))
        crashes = sum(1 for o in outcomes if o.problem in ("traceback", "internal error"))
        print(
            f"| {command} | {len(outcomes)} | {codes[0]} | {codes[1]} | {codes[2]} | {other} | {codes[None]} "
            f"| {crashes} | {max(o.seconds for o in outcomes):.2f} | {max(o.tree_mb for o in outcomes):.0f} |"
        )
    slow = sorted(tally.outcomes, key=lambda o: -o.seconds)[:5]
    print("\nslowest: " + "; ".join(f"{o.command} [{o.kind}] {o.seconds:.1f} s" for o in slow))
    big = sorted(tally.outcomes, key=lambda o: -o.tree_mb)[:5]
    print("largest: " + "; ".join(f"{o.command} [{o.kind}] {o.tree_mb:.0f} MB" for o in big))
    print(f"\nfailures: {len(tally.failures)}")
    for outcome, files in tally.failures[:50]:
        print(f"- {outcome.command} [{outcome.kind}]: {outcome.problem} ({', '.join(p.name for p in files)})")


if __name__ == "__main__":
    main()
