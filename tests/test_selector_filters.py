"""Selectors evaluated from the library's parse (so that a cached pack needs no JSONPath library
at run time), filters and plain paths of names and indexes alike, select exactly what
jsonpath-rfc9535 selects, on any JSON value."""

from __future__ import annotations

import jsonpath_rfc9535
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plancheck.pack.ir import calls as _function_nodes
from plancheck.pack.load import load_pack
from plancheck.pack.selectors import compile_selector
from tests.conftest import PACK_DIR

KEYS = ["a", "b", "status", "goal"]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.sampled_from([0.0, 1.0, 1.5, -0.5]),
    st.sampled_from(["", "a", "b", "existing", "new", "1"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=25,
)

# every kind of test the compiled form knows: comparisons of each operator between singular
# queries (relative and absolute) and literals of each type, existence tests, !, && and ||
# with their precedence, and filters nested in filters and followed by more steps
COMPILED = [
    "$[?@.status == 'existing']",
    "$.a[?@.status == 'existing' && !@.goal]",
    "$[?@.a == @.b]",
    "$[?@.a != 1]",
    "$[?@.a < 1]",
    "$[?@.a <= 1.0]",
    "$[?@.a > 'a']",
    "$[?@.a >= 0]",
    "$[?@.a == true]",
    "$[?@.a == false]",
    "$[?@.a == null]",
    "$[?@.a != null]",
    "$[?@ == 1]",
    "$[?@ > 0]",
    "$[?@[0] == 'a']",
    "$[?@[-1] == 1]",
    "$[?@.a.b == 1]",
    "$[?@.a == $.b]",
    "$[?$.a == 1]",
    "$[?@.missing == @.other]",
    "$[?@.goal || @.b]",
    "$[?!(@.a || @.b)]",
    "$[?@.a && @.b || @.goal]",
    "$[?@.a && (@.b || @.goal)]",
    "$[?@.*]",
    "$[?@[*].a]",
    "$[?@[?@.a]]",
    "$[?$.status]",
    "$[*][?@.a == 1].b",
    "$.a[?@.goal].goal",
    "$[?@.a == 1][?@.b]",
    # $ inside a nested filter: the node the enclosing @ query starts at, as the library has it
    "$[?@[?@.a == $.b]]",
    "$[?@[?$.a]]",
    "$[?@.*[?$.status == 'new']]",
    "$[?$[?@.goal]]",
    # paths of names and indexes alone (most selectors), followed without candidate lists
    "$",
    "$.a",
    "$.a.b",
    "$[0]",
    "$[-1]",
    "$.a[0].b",
    "$.b[-2].a",
    "$['status'][1][-1]",
]

LEFT_TO_THE_LIBRARY = [
    "$[?@]",  # a bare @ on a scalar is tested by its value there
    "$[?length(@) > 1]",
    "$[?match(@.a, 'a.*')]",
    "$..a",
    "$[0:2]",
    "$['a','b']",
]


def test_the_filters_here_are_compiled():
    for text in COMPILED:
        assert compile_selector(text).steps is not None, text
    for text in LEFT_TO_THE_LIBRARY:
        assert compile_selector(text).steps is None, text


@pytest.mark.parametrize("text", COMPILED)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_values)
def test_a_compiled_filter_selects_what_the_library_selects(text, data):
    ours = [(m.location, m.value) for m in compile_selector(text).find(data)]
    library = [(tuple(n.location), n.value) for n in jsonpath_rfc9535.compile(text).finditer(data)]
    assert ours == library


def test_every_selector_of_the_anhui_pack_runs_without_the_library():
    """A plain verify with the cached pack then needs no JSONPath library (see test_fast_start)."""
    pack = load_pack(PACK_DIR)
    texts = {leaf.selector.text for rule in pack.rules for leaf in _function_nodes(rule.check)}
    assert any("[?" in text for text in texts)
    assert [t for t in texts if compile_selector(t).steps is None] == []
