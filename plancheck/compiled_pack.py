"""A rule pack as the engine runs it, and kept compiled between runs.

``rulepack`` reads and validates a pack folder with pydantic; what it loads is turned here into
plain objects (``Record``: each model's fields as attributes, with the behaviour of its plain
base such as ``i18n.Bilingual``) and cached. Every run uses this plain form, read from the
cache or freshly converted, so a run whose packs are unchanged imports no pydantic (nor the
JSONPath library, if all its selectors are plain paths of names and indexes).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from plancheck import __version__, cache
from plancheck.checks import RequiredTerms, TextSearch
from plancheck.errors import Problem
from plancheck.i18n import Bilingual, Message
from plancheck.pack_location import resolve_pack
from plancheck.selectors import Selector

if TYPE_CHECKING:
    from plancheck.check_options import Options
    from plancheck.rulepack import Layer, Manifest, Requirement, Rule

Severity = Literal["error", "warning", "info"]


@dataclass
class FunctionNode:
    """A rule's call of one check function: where it looks, what it checks, with which options, and where the rule file writes it."""

    selector: Selector
    function: str
    options: Options
    file: str = ""
    line: int = 0
    column: int = 0


@dataclass
class AllNode:
    """Every child check must pass."""

    children: list[CheckNode]


@dataclass
class AnyNode:
    """At least one child check must pass."""

    children: list[CheckNode]


@dataclass
class NotNode:
    """The child check must fail."""

    child: CheckNode


CheckNode = FunctionNode | AllNode | AnyNode | NotNode


@dataclass
class LoadedRule:
    """A rule with its compiled check, the file and line it comes from, and the pack it belongs to."""

    rule: Rule
    check: CheckNode
    file: str
    line: int
    severity: Severity
    pack: str
    check_source: str = ""  # the rule's check as written in its file, for documentation

    @cached_property
    def id(self) -> str:
        return self.rule.id

    @cached_property
    def texts(self) -> tuple[Message, Message, Message]:
        """The rule's title, message and fix (read for every plan)."""
        return self.rule.title.message(), self.rule.message.message(), self.rule.fix.message()


@dataclass
class RulePack:
    """A loaded rule pack: its manifest, catalogue (requirements and layers) and rules."""

    manifest: Manifest
    directory: Path
    requirements: dict[str, Requirement]
    layers: list[Layer]
    rules: list[LoadedRule]
    disabled: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.manifest.name

    def rule(self, rule_id: str) -> LoadedRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def layer_of(self, rule: LoadedRule) -> str:
        return self.rule_layers[rule.id]

    @cached_property
    def requirement_titles(self) -> dict[str, Message]:
        """Each requirement's title, made once for every plan's report."""
        return {req.id: req.title.message() for req in self.requirements.values()}

    @cached_property
    def layer_titles(self) -> dict[str, Message]:
        """Each layer's title, made once for every plan's report."""
        return {layer.id: layer.title.message() for layer in self.layers}

    @cached_property
    def rule_layers(self) -> dict[str, str]:
        """Each rule's layer: that of the first catalogue requirement it implements."""
        layers = {}
        for rule in self.rules:
            requirements = (self.requirements.get(cid) for cid in rule.rule.implements)
            layers[rule.id] = next((req.layer for req in requirements if req is not None), "other")
        return layers


# ----------------------------------------------------------------------------- plain objects


class Record:
    """A pack object (a rule, a title, a citation, a check's options) read back as plain Python:
    its fields as attributes (set by unpickling)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"


class BilingualRecord(Record, Bilingual):
    """A title, message or fix: ``zh``, ``en`` and ``message()``."""


class RequiredTermsRecord(Record, RequiredTerms):
    """An item ``covers`` requires."""


class TextSearchRecord(Record, TextSearch):
    """The options of ``matches`` and ``forbidden``."""


# the record class for each plain base a pack model may have (its behaviour at run time)
RECORD_CLASSES: dict[type, type[Record]] = {
    Bilingual: BilingualRecord,
    RequiredTerms: RequiredTermsRecord,
    TextSearch: TextSearchRecord,
}


class _PlainPickler(pickle.Pickler):
    """Pickles a loaded pack with every pydantic model written as a record: its class, then its
    fields as the record's ``__dict__`` (which unpickling sets in one step, in C)."""

    def reducer_override(self, obj: Any) -> Any:
        from pydantic import BaseModel

        if isinstance(obj, BaseModel):
            model = type(obj)
            behaviour = next(
                (c for c in model.__mro__ if c is not object and not issubclass(c, BaseModel)), None
            )
            if behaviour is not None and behaviour not in RECORD_CLASSES:
                raise TypeError(f"{model.__name__}: no record class for its plain base {behaviour.__name__}")
            cls = RECORD_CLASSES[behaviour] if behaviour is not None else Record
            return (object.__new__, (cls,), {name: getattr(obj, name) for name in model.model_fields})
        return NotImplemented


def plain_bytes(pack: RulePack) -> bytes:
    buffer = io.BytesIO()
    _PlainPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(pack)
    return buffer.getvalue()


# ----------------------------------------------------------------------------- the cache


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


def load_pack_cached(reference: str | Path) -> RulePack:
    """The pack (as ``rulepack.load_pack`` reads it) in its plain form: from the cache when it
    is current, else loaded, converted and stored."""
    directory = resolve_pack(str(reference)).resolve()
    # one file per pack folder: a new one replaces the older ones of the same folder
    kind = f"pack-{directory.name}-{hashlib.sha256(os.fsencode(directory)).hexdigest()[:8]}-"

    def build() -> bytes:
        from plancheck.rulepack import load_pack

        return plain_bytes(load_pack(directory))

    return cache.through(kind, lambda: cache_key(directory), build, RulePack)  # type: ignore[no-any-return]
