"""The JSON reports of the examples, the test documents and 300 generated plans, held byte for
byte against tests/golden/. A change that moves code must leave them as they are; a change that
means to alter what plancheck reports rewrites them, and the diff of tests/golden/ shows what moved:

    python -m tests.test_golden --write
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
GENERATED_COUNT = 300


def _verify(cwd: Path, files: list[str], lang: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "plancheck", "verify", *files, "--format", "json", "--lang", lang],
        capture_output=True, text=True, cwd=cwd, timeout=300,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def _sources() -> list[str]:
    examples = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").glob("*.yaml"))
    documents = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "documents").iterdir() if p.is_file()
    )
    return examples + documents


def _generated_digests(directory: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate_plans import generate

    paths = generate(GENERATED_COUNT, directory)
    report = json.loads(_verify(directory, [p.name for p in paths], "en"))
    return {
        plan["file"]: hashlib.sha256(
            json.dumps(plan, ensure_ascii=False, sort_keys=True).encode()
        ).hexdigest()
        for plan in report["plans"]
    }


def current(tmp: Path) -> dict[str, str]:
    """File name in tests/golden → what plancheck writes today."""
    out = {f"sources.{lang}.json": _verify(ROOT, _sources(), lang) for lang in ("en", "zh")}
    out["generated.sha256.json"] = json.dumps(_generated_digests(tmp), indent=1, sort_keys=True) + "\n"
    return out


def test_reports_are_as_recorded(tmp_path):
    for name, text in current(tmp_path).items():
        recorded = (GOLDEN / name).read_text(encoding="utf-8")
        if name.startswith("generated"):
            want, got = json.loads(recorded), json.loads(text)
            changed = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
            assert not changed, f"{len(changed)} generated plans report differently: {changed[:10]}"
        else:
            assert text == recorded, f"{name} differs from tests/golden/{name}"


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in current(Path(tmp)).items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
            print(f"wrote tests/golden/{name}")
