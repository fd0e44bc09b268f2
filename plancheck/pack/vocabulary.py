"""A rule pack's vocabulary: the words ``plancheck extract`` reads a plan document with.

``vocabulary.yaml`` sits in the pack folder beside ``pack.yaml``. For each element of the plan
schema it says which headings open its section, which terms and synonyms signal it, and which
patterns pick out its value (see the comment at the top of the Anhui pack's file). It is
validated as strictly as the rules: unknown keys are errors, every key that names a part of
the plan must be a field of the plan schema at that place, every pattern must compile and may
not nest quantifiers. A pack that ``extends`` another and has no vocabulary of its own uses
its base pack's.
"""

from __future__ import annotations

import typing
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from plancheck.errors import Problem, RulePackError
from plancheck.i18n import Message
from plancheck.pack.ir import Pack
from plancheck.pack.options import pattern_problem
from plancheck.read.textfile import present
from plancheck.read.yamlfile import PathKey, YamlDocument, load_yaml

VOCABULARY_FILE = "vocabulary.yaml"
MAX_PATTERN_LENGTH = 400


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_patterns(values: list[str]) -> list[str]:
    for value in values:
        problem = pattern_problem(value, MAX_PATTERN_LENGTH, compiled)
        if problem:
            raise ValueError(f"{problem}: {value}")
    return values


class Find(_Strict):
    """Where and how one value is found (see the top of vocabulary.yaml)."""

    terms: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    near: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    headings: list[str] = Field(default_factory=list)
    take: Literal["match", "clause", "sentence", "year"] = "clause"
    scope: Literal["object", "section", "layer", "document"] = "document"

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class BuiltBy(_Strict):
    builds: Find | None = Field(None, description="the region builds it itself")
    relies: dict[Literal["city", "province"], Find] = Field(
        default_factory=dict, description="it relies on the city's or the province's"
    )


class Canonical(_Strict):
    label: str
    terms: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class ListSpec(_Strict):
    """How the items of a list are found; the strategies given are used in this order."""

    enumeration: Find | None = Field(None, description="items listed with 、 next to one of the terms")
    named: Find | None = Field(None, description="names that end in one of the terms")
    titles: Find | None = Field(None, description="run-in titles and numbered headings under the headings")
    sequence: Find | None = Field(None, description="every match of the patterns in the object's sentence")
    items: list[Canonical] = Field(default_factory=list, description="fixed items, each by its wordings")
    within: Find | None = Field(None, description="for items: the sentences to look in")
    together: int | None = Field(
        None, ge=2, description="for items: a sentence that names this many of them counts anywhere"
    )
    generic: list[str] = Field(default_factory=list, description="words too general to make a name")


class ObjectSpec(_Strict):
    """An object of the plan: its sections, the sentence that shows it, and its parts."""

    headings: list[str] = Field(default_factory=list)
    find: Find | None = None
    name: Find | None = None
    name_from_heading: bool = False
    built_by: BuiltBy | None = None
    fields: dict[str, Find] = Field(default_factory=dict)
    statements: dict[str, Find] = Field(default_factory=dict)
    objects: dict[str, ObjectSpec] = Field(default_factory=dict)
    lists: dict[str, ListSpec] = Field(default_factory=dict)


class DocumentWords(_Strict):
    box_markers: list[str] = Field(default_factory=lambda: ["专栏"])
    preface: list[str] = Field(default_factory=lambda: ["前言"])
    appendix: list[str] = Field(default_factory=lambda: ["附件"])
    front: str = "卷首"
    background: list[str] = Field(default_factory=list)
    verbs: list[str] = Field(default_factory=list)
    # the words that say what a section is about, by layer: a section whose heading names no
    # layer is read as part of the layer its sentences speak of
    layer_signals: dict[Literal["foundation", "data_center", "platform", "channel"], list[str]] = Field(
        default_factory=dict
    )


class TitleWords(_Strict):
    keywords: list[str] = Field(min_length=1)
    kinds: list[str] = Field(min_length=1)
    strip_prefixes: list[str] = Field(default_factory=list)
    strip_suffixes: list[str] = Field(default_factory=list)


class ProvinceWords(_Strict):
    name: str
    english: str | None = Field(
        None,
        description="the province's name in English messages (Anhui province), shown with its Chinese name",
    )
    terms: list[str] = Field(default_factory=list)
    indirect: list[str] = Field(default_factory=list)


class DocumentKinds(_Strict):
    """How a reader tells what kind of document it holds: news about a plan, an
    interpretation (解读), an issuing notice, and how a plan refers to its own region."""

    news: list[str] = Field(default_factory=list, description="words of a news report (近日, 记者)")
    headline_verbs: list[str] = Field(default_factory=list, description="a headline's last word (发布)")
    interpretation: list[str] = Field(default_factory=list, description="解读, 答记者问 …")
    notice: list[str] = Field(default_factory=list, description="the words that issue a document (现将)")
    own_region: dict[Literal["province", "city", "county"], list[str]] = Field(default_factory=dict)
    issuer_words: list[str] = Field(default_factory=list, description="人民政府, 办公厅 …")


class PlanWords(_Strict):
    title: TitleWords
    kinds_of_document: DocumentKinds = Field(default_factory=DocumentKinds)
    region_suffixes: dict[str, Literal["province", "city", "county"]]
    level_hints: dict[Literal["city", "county"], list[str]] = Field(default_factory=dict)
    province: ProvinceWords
    cities: list[str] = Field(default_factory=list)
    period: Find
    eras: dict[str, tuple[int, int]] = Field(default_factory=dict)
    base_year: Find | None = None
    issued: Find | None = None
    issuer: Find | None = None
    document_number: Find | None = None


class Category(_Strict):
    headings: list[str] = Field(min_length=1)
    terms: list[str] = Field(default_factory=list)


class ApplicationWords(_Strict):
    headings: list[str] = Field(default_factory=list)
    exclude_headings: list[str] = Field(default_factory=list)
    box_titles: list[str] = Field(default_factory=list)
    generic_names: list[str] = Field(default_factory=list)
    system_words: list[str] = Field(
        default_factory=list, description="what a clause builds when it names an application"
    )
    categories: dict[str, Category]


class MilestoneWords(_Strict):
    headings: list[str] = Field(default_factory=list)
    markers: list[str] = Field(min_length=1)
    targets: Find | None = None

    @field_validator("markers")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class SafeguardKind(_Strict):
    terms: list[str] = Field(min_length=1)
    prefer: list[str] = Field(default_factory=list)


class SafeguardWords(_Strict):
    headings: list[str] = Field(min_length=1)
    kinds: dict[str, SafeguardKind]


class MachineRoomWords(_Strict):
    """数据中心、机房 (``foundation.machine_rooms``): which words name a physical machine room
    or data centre, whose it is, and whether it is new, existing or linked to the cloud."""

    patterns: list[str] = Field(
        min_length=1, description="what names a room: 机房, 数据中心 (not 大数据中心)"
    )
    department: list[str] = Field(default_factory=list, description="a department's (局, 部门)")
    region: list[str] = Field(
        default_factory=list, description="the region's own whoever builds it (市级机房, 区级数据中心)"
    )
    new: list[str] = Field(default_factory=list)
    existing: list[str] = Field(default_factory=list)
    interconnection: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)


class Vocabulary(_Strict):
    version: int = Field(ge=1, le=1, description="the vocabulary format")
    document: DocumentWords = Field(default_factory=DocumentWords)
    plan: PlanWords
    foundation: ObjectSpec | None = None
    machine_rooms: MachineRoomWords | None = None
    data_center: ObjectSpec | None = None
    platform: ObjectSpec | None = None
    applications: ApplicationWords | None = None
    channel: ObjectSpec | None = None
    milestones: MilestoneWords | None = None
    safeguards: SafeguardWords | None = None


@lru_cache(maxsize=512)
def compiled(pattern: str) -> Any:
    """A vocabulary pattern, compiled once: case-insensitive, searchable with a time limit."""
    import regex

    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)


# ----------------------------------------------------------------------------- plan schema


def _model_at(model: type[BaseModel], key: str) -> tuple[str, Any] | None:
    """(kind, type) of a model field: 'object', 'list', 'statement', 'text' or 'other'."""
    from plancheck.plan.model import Statement

    info = model.model_fields.get(key)
    if info is None:
        return None
    annotation = info.annotation
    candidates = (annotation,) if typing.get_origin(annotation) is list else typing.get_args(annotation)
    candidates = candidates or (annotation,)
    for candidate in candidates:
        if typing.get_origin(candidate) is list:
            return "list", typing.get_args(candidate)[0]
        if isinstance(candidate, type) and issubclass(candidate, Statement):
            return "statement", candidate
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return "object", candidate
    if str in candidates:
        return "text", str
    return "other", annotation


def _schema_problems(
    spec: ObjectSpec, model: type[BaseModel], where: PathKey
) -> list[tuple[PathKey, Message]]:
    problems: list[tuple[PathKey, Message]] = []
    groups: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
        ("fields", spec.fields, ("text",)),
        ("statements", spec.statements, ("statement",)),
        ("objects", spec.objects, ("object",)),
        ("lists", spec.lists, ("list",)),
    ]
    for group, entries, kinds in groups:
        for key, value in entries.items():
            found = _model_at(model, key)
            if found is None or found[0] not in kinds:
                allowed = sorted(
                    name for name in model.model_fields if (_model_at(model, name) or ("",))[0] in kinds
                )
                problems.append(
                    (
                        (*where, group, key),
                        Message(
                            f"'{key}' 不是规划结构中 {model.__name__} 的{group}; 此处允许: {', '.join(allowed) or '-'}",
                            f"'{key}' is not one of the {group} of {model.__name__} in the plan schema; "
                            f"allowed here: {', '.join(allowed) or '-'}",
                        ),
                    )
                )
            elif group == "objects":
                problems.extend(_schema_problems(value, found[1], (*where, group, key)))
    if spec.built_by is not None and "built_by" not in model.model_fields:
        problems.append(
            (
                (*where, "built_by"),
                Message(f"{model.__name__} 没有 built_by", f"{model.__name__} has no built_by"),
            )
        )
    if (spec.name is not None or spec.name_from_heading) and "name" not in model.model_fields:
        problems.append(
            ((*where, "name"), Message(f"{model.__name__} 没有 name", f"{model.__name__} has no name"))
        )
    return problems


def _check_schema(vocabulary: Vocabulary) -> list[tuple[PathKey, Message]]:
    from plancheck.plan.model import Applications, Channel, DataCenter, Foundation, Platform, Safeguards

    problems: list[tuple[PathKey, Message]] = []
    layers: list[tuple[str, ObjectSpec | None, type[BaseModel]]] = [
        ("foundation", vocabulary.foundation, Foundation),
        ("data_center", vocabulary.data_center, DataCenter),
        ("platform", vocabulary.platform, Platform),
        ("channel", vocabulary.channel, Channel),
    ]
    for key, spec, model in layers:
        if spec is not None:
            problems.extend(_schema_problems(spec, model, (key,)))
    if vocabulary.applications is not None:
        for name in vocabulary.applications.categories:
            if name not in Applications.model_fields:
                problems.append(
                    (
                        ("applications", "categories", name),
                        Message(
                            f"'{name}' 不是应用类别; 允许: {', '.join(Applications.model_fields)}",
                            f"'{name}' is not an application category; allowed: {', '.join(Applications.model_fields)}",
                        ),
                    )
                )
    if vocabulary.safeguards is not None:
        for name in vocabulary.safeguards.kinds:
            if name not in Safeguards.model_fields or name in ("source", "quote"):
                problems.append(
                    (
                        ("safeguards", "kinds", name),
                        Message(
                            f"'{name}' 不是实施保障的一项",
                            f"'{name}' is not one of the safeguards of the plan schema",
                        ),
                    )
                )
    return problems


# ----------------------------------------------------------------------------- loading


def vocabulary_path(pack: Pack, directory: Path | None = None) -> Path | None:
    """The vocabulary file of a pack (in ``directory``, its folder, when given), or of the pack
    it extends (and so on)."""
    from pydantic import ValidationError

    from plancheck.errors import PlancheckError
    from plancheck.pack.location import resolve_pack
    from plancheck.pack.spec import Manifest

    directory = Path(directory if directory is not None else pack.directory).resolve()
    extends = pack.extends
    seen: set[Path] = set()
    while directory not in seen:
        seen.add(directory)
        candidate = directory / VOCABULARY_FILE
        if present(candidate):  # a pipe or device there is refused when read
            return candidate
        if not extends:
            return None
        try:
            directory = resolve_pack(extends, directory).resolve()
            extends = Manifest.model_validate(load_yaml(directory / "pack.yaml").data).extends
        except (PlancheckError, ValidationError, OSError):
            return None
    return None


def load_vocabulary(pack: Pack, directory: Path | None = None) -> Vocabulary:
    """The pack's vocabulary; RulePackError when it has none or it is broken."""
    path = vocabulary_path(pack, directory)
    if path is None:
        raise RulePackError(
            Problem(
                str(pack.directory / VOCABULARY_FILE),
                Message(
                    f"规则包 {pack.name} 没有词汇表 ({VOCABULARY_FILE}), 无法从文档中提取规划",
                    f"the rule pack {pack.name} has no vocabulary ({VOCABULARY_FILE}), so plans cannot be extracted from documents",
                ),
                code="pack",
            )
        )
    stamp = path.stat().st_mtime_ns
    return _load(str(path), stamp)


@lru_cache(maxsize=8)
def _load(path: str, _stamp: int) -> Vocabulary:
    from plancheck.errors import InputError
    from plancheck.read.validation import validate

    try:
        document = load_yaml(path)
    except InputError as exc:
        raise RulePackError(exc.problems) from None
    vocabulary = validate(document, Vocabulary, code="pack", error=RulePackError)
    problems = _check_schema(vocabulary)
    if problems:
        raise RulePackError([_problem(document, where, message) for where, message in problems])
    return vocabulary


def _problem(document: YamlDocument, where: PathKey, message: Message) -> Problem:
    position, _ = document.source_map.locate(where)
    return Problem(document.file, message, position.line, position.column, code="pack")


__all__ = ["Find", "ListSpec", "ObjectSpec", "Vocabulary", "compiled", "load_vocabulary"]
