"""Compiled packs kept between runs: a pack whose files (and those of the packs it extends) and
plancheck's code are unchanged is read back from the cache (``plancheck.cache``) instead of being
validated and compiled again, which would import pydantic and the path library."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from plancheck import __version__, cache
from plancheck.pack.ir import Pack
from plancheck.pack.location import resolve_pack


def _extends(manifest: bytes) -> str | None:
    """The pack a pack.yaml extends, read as YAML (None when it extends none or does not parse:
    the real load reports that)."""
    import yaml

    try:
        data = yaml.load(manifest.decode("utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:
        return None
    extends = data.get("extends") if isinstance(data, dict) else None
    return extends if isinstance(extends, str) else None


def _fingerprint(directory: Path, digest: Any, seen: set[Path]) -> None:
    """Every file of the pack, with its folder (a cached pack records where it was read), and
    of the packs it extends."""
    directory = directory.resolve()
    if directory in seen:
        return
    seen.add(directory)
    digest.update(os.fsencode(directory))
    files = [directory / "pack.yaml", directory / "catalogue.yaml"]
    rules = directory / "rules"
    if rules.is_dir():
        files += sorted(rules.glob("*.y*ml"))
    reference = None
    for path in files:
        if path.is_file():
            content = path.read_bytes()
            digest.update(str(path.relative_to(directory)).encode())
            digest.update(content)
            if path.name == "pack.yaml":
                reference = _extends(content)
    if reference:
        try:
            _fingerprint(resolve_pack(reference, directory), digest, seen)
        except Exception:  # the real load reports it
            digest.update(reference.encode())


def cache_key(directory: Path) -> str:
    """A hash of plancheck's version and code, Python's version, and every file of the pack and
    of the packs it extends."""
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{cache.code_stamp()}".encode())
    _fingerprint(directory, digest, set())
    return digest.hexdigest()[:32]


def load_pack_cached(reference: str | Path) -> Pack:
    """The compiled pack (as ``pack.load.load_pack`` makes it): from the cache when it is
    current, else loaded, compiled and stored."""
    directory = resolve_pack(str(reference)).resolve()
    # one file per pack folder: a new one replaces the older ones of the same folder
    kind = f"pack-{directory.name}-{hashlib.sha256(os.fsencode(directory)).hexdigest()[:8]}-"

    def build() -> Pack:
        from plancheck.pack.load import load_pack  # pydantic and the spec models, only on a miss

        return load_pack(directory)

    return cache.through(kind, lambda: cache_key(directory), build, Pack)
