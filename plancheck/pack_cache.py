"""A compiled rule pack kept between runs, so that a run whose pack has not changed skips
parsing, validating and compiling it (and running its examples for the selector check).

The cache is keyed by plancheck's version, Python's, the modules whose classes it pickles, and a
hash of every file of the pack and of the packs it extends; it lives in ``$PLANCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/plancheck``,
else ``~/.cache/plancheck``. ``PLANCHECK_NO_CACHE=1`` turns it off. A cache that cannot be
read or written is ignored: it can only make a run faster, never change its result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path

from plancheck import __version__
from plancheck.rulepack import RulePack, load_pack, resolve_pack

_EXTENDS = re.compile(r"^extends:\s*(\S+)", re.M)


def cache_dir() -> Path:
    if os.environ.get("PLANCHECK_CACHE_DIR"):
        return Path(os.environ["PLANCHECK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plancheck"


def _fingerprint(directory: Path, digest: hashlib._Hash, seen: set[Path]) -> None:
    directory = directory.resolve()
    if directory in seen:
        return
    seen.add(directory)
    files = [directory / "pack.yaml", directory / "catalogue.yaml"]
    rules = directory / "rules"
    if rules.is_dir():
        files += sorted(rules.glob("*.y*ml"))
    manifest_text = ""
    for path in files:
        if path.is_file():
            content = path.read_bytes()
            digest.update(str(path.relative_to(directory)).encode())
            digest.update(content)
            if path.name == "pack.yaml":
                manifest_text = content.decode("utf-8-sig", errors="replace")
    match = _EXTENDS.search(manifest_text)
    if match:
        reference = match.group(1).strip("'\"")
        try:
            _fingerprint(resolve_pack(reference, directory), digest, seen)
        except Exception:  # the real load reports it
            digest.update(reference.encode())


def _code_stamp() -> str:
    """What the pickled classes are made of: a change to their modules invalidates the cache
    even within one release (as in a source checkout)."""
    from plancheck import checks, rulepack, selectors

    stamps = []
    for module in (rulepack, checks, selectors):
        info = os.stat(module.__file__)  # type: ignore[arg-type]
        stamps.append(f"{info.st_size}:{info.st_mtime_ns}")
    return "|".join(stamps)


def cache_key(directory: Path) -> str:
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{_code_stamp()}".encode())
    _fingerprint(directory, digest, set())
    return digest.hexdigest()[:32]


def load_pack_cached(reference: str | Path) -> RulePack:
    """Like rulepack.load_pack, through the cache when it may be used."""
    directory = resolve_pack(str(reference)).resolve()
    if os.environ.get("PLANCHECK_NO_CACHE"):
        return load_pack(directory)
    try:
        path = cache_dir() / f"pack-{directory.name}-{cache_key(directory)}.pickle"
    except OSError:
        return load_pack(directory)
    try:
        with open(path, "rb") as handle:
            pack = pickle.load(handle)
        if isinstance(pack, RulePack):
            return pack
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    pack = load_pack(directory)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".pack-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(pack, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass
    return pack
