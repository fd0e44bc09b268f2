"""Rule packs: folders of YAML that turn a framework into checks, validated as strictly as plans.

A pack folder holds ``pack.yaml`` (name, layers, the ``plan:`` block used around rule examples,
``extends`` and ``overrides``), ``catalogue.yaml`` (the framework's requirements) and
``rules/*.yaml`` (the rules). A rule's metadata is its documentation: titles, citation,
rationale, message and fix in Chinese and English, and passing and failing examples that
``plancheck rules test`` and the test-suite run.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

from plancheck.i18n import Message, zh
from plancheck.pack.ir import Basis, Force, Severity
from plancheck.plan.model import Level

RULE_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Localized(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def message(self) -> Message:
        """The text as findings show it: its Chinese with full-width punctuation (i18n.zh)."""
        return Message(zh(self.zh.strip()), self.en.strip())


class Citation(_Strict):
    section: str = Field(min_length=1, description="section of the framework text, e.g. 三、(二)")
    text: str = Field(min_length=1, description="the sentence quoted from the framework text")
    document: str | None = Field(None, description="the cited document when not the pack's framework")


class FunctionCheck(_Strict):
    select: str = Field(min_length=1, description="RFC 9535 JSONPath: where to look")
    function: str = Field(description="one of the check functions")
    options: dict[str, Any] = Field(default_factory=dict)


class AllCheck(_Strict):
    all: list[CheckSpec] = Field(min_length=1)


class AnyCheck(_Strict):
    any: list[CheckSpec] = Field(min_length=1)


class NotCheck(_Strict):
    not_: CheckSpec = Field(alias="not")


def _check_kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return f"~{key}"
    return "~function"


CheckSpec = Annotated[
    Annotated[FunctionCheck, Tag("~function")]
    | Annotated[AllCheck, Tag("~all")]
    | Annotated[AnyCheck, Tag("~any")]
    | Annotated[NotCheck, Tag("~not")],
    Discriminator(_check_kind),
]


class Example(_Strict):
    yaml: str = Field(description="a plan fragment; a plan: block is added when it has none")
    level: Level | None = Field(None, description="the plan level; default: the rule's first level")
    note: str | None = None


class Expected(_Strict):
    line: int = Field(ge=1, description="the line of the finding within the example")
    column: int | None = Field(None, ge=1)
    detail: str | None = Field(None, description="text the English detail must contain")


class FailingExample(Example):
    expect: Expected


class Examples(_Strict):
    passing: list[Example] = Field(alias="pass", min_length=1)
    failing: list[FailingExample] = Field(alias="fail", min_length=1)


class Rule(_Strict):
    id: str = Field(pattern=RULE_ID_PATTERN)
    title: Localized
    severity: Severity
    levels: list[Level] = Field(min_length=1)
    implements: list[str] = Field(min_length=1, description="catalogue ids")
    citation: Citation
    rationale: Localized
    message: Localized
    fix: Localized
    check: CheckSpec
    examples: Examples


class RuleFile(_Strict):
    rules: list[Rule] = Field(min_length=1)


class Layer(_Strict):
    id: str
    title: Localized
    framework: bool = Field(True, description="one of the framework's own layers (else cross-cutting)")
    section: str | None = Field(None, description="the plan's top-level key for this layer, if it has one")
    gate: bool = Field(
        False, description="its rules decide whether the pack applies at all: an error there stops the rest"
    )


class Requirement(_Strict):
    id: str
    layer: str
    title: Localized
    applies_to: list[Level] = Field(min_length=1)
    force: Force
    basis: Basis = Field(
        "stated",
        description="stated (the framework says it of this level), derived (it follows by the level "
        "architecture) or practice (what good plans do; advice only)",
    )
    source: str


class Catalogue(_Strict):
    requirements: list[Requirement] = Field(min_length=1)


class Manifest(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: Localized
    framework: Localized = Field(description="the document the pack encodes")
    province: str
    levels: list[Level] = Field(min_length=1)
    extends: str | None = None
    layers: list[Layer] = Field(default_factory=list)
    overrides: dict[str, Severity | Literal["off"]] = Field(default_factory=dict)
    example_plan: dict[str, Any] = Field(description="the plan: block placed around rule examples")
    docs_url: str | None = Field(None, description="where the pack's rule pages are published (helpUri base)")
    markers: dict[str, list[str]] = Field(
        default_factory=dict,
        description="the words plan statements are read with (plan/statements.py DEFAULT_MARKER_WORDS): "
        "each list given replaces that of the pack it extends, or the defaults",
    )

    @field_validator("markers")
    @classmethod
    def _known_markers(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        from plancheck.plan.statements import Markers

        Markers.from_mapping(value)  # an unknown list is a ValueError, named
        return value
