"""The JSON Schema editors use agrees with the model: the examples validate against it, and it
rejects what the model rejects."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT

SCHEMA = json.loads((ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8"))


def _as_editors_see_it(path):
    """The file as a YAML editor types it (integers, booleans), dates as JSON strings."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_validate_against_the_json_schema(path):
    jsonschema.Draft202012Validator(SCHEMA).validate(_as_editors_see_it(path))


def test_schema_rejects_unknown_keys_but_allows_extensions():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    base = {
        "plan": {"title": "t", "region": "r", "level": "city", "province": "安徽省", "period": "2021-2025"}
    }
    assert validator.is_valid({**base, "x-note": "local"})
    assert not validator.is_valid({**base, "fundation": {}})


def test_every_field_has_a_bilingual_title():
    def walk(node):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                title = prop.get("title", "")
                assert " · " in title, (name, title)
                assert any("\u4e00" <= ch <= "\u9fff" for ch in title), (name, title)
            for value in node.values():
                walk(value)

    walk(SCHEMA)
