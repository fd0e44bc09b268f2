"""What selectors select: jsonpath-rfc9535 evaluates them (with its departures from RFC 9535,
kept as they are), except the plain paths of names, indexes and wildcards that selectors.py follows itself,
which must select exactly what the library selects."""

from __future__ import annotations

import jsonpath_rfc9535
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plancheck.pack.selectors import BUDGET, SelectorTooCostly, compile_selector

DOC = {
    "status": "new",
    "a": [
        {"name": "x", "status": "existing", "goal": 1, "parts": [{"a": 1}, {"a": 2, "b": 1}]},
        {"name": "y", "status": "new", "b": 2},
        {"name": "z", "status": "existing", "goal": None},
    ],
    "b": [0, 1, 1.5, "1", True, False, None, ""],
}

SELECTS = [
    ("$.a[?@.status == 'existing'].name", [(("a", 0, "name"), "x"), (("a", 2, "name"), "z")]),
    ("$.a[?@.status == 'existing' && !@.goal]", []),  # goal: null exists
    ("$.a[?@.goal == null].name", [(("a", 2, "name"), "z")]),
    ("$.a[?@.b > 1 || @.goal == 1].name", [(("a", 0, "name"), "x"), (("a", 1, "name"), "y")]),
    ("$.a[?@.parts[?@.b]].name", [(("a", 0, "name"), "x")]),
    ("$.b[?@ == 1]", [(("b", 1), 1)]),  # true is not 1
    ("$.b[?@ == true]", [(("b", 4), True)]),
    ("$.b[?@ > 0]", [(("b", 1), 1), (("b", 2), 1.5)]),
    # the library tests a bare @ on a scalar by its value (RFC 9535: every node exists)
    ("$.b[?@]", [(("b", 1), 1), (("b", 2), 1.5), (("b", 3), "1"), (("b", 4), True), (("b", 6), None)]),
    # and $ in a filter nested in @.parts[…] is the part's parent there, not the document
    ("$.a[?@.parts[?@.a == $.b]]", []),
    ("$.a[*].name", [(("a", 0, "name"), "x"), (("a", 1, "name"), "y"), (("a", 2, "name"), "z")]),
    ("$.a[0:2].name", [(("a", 0, "name"), "x"), (("a", 1, "name"), "y")]),
    ("$..b", [(("b",), DOC["b"]), (("a", 0, "parts", 1, "b"), 1), (("a", 1, "b"), 2)]),
    (
        "$.a[?length(@.name) == 1].name",
        [(("a", 0, "name"), "x"), (("a", 1, "name"), "y"), (("a", 2, "name"), "z")],
    ),
    ("$.a[?match(@.name, '[xy]')].name", [(("a", 0, "name"), "x"), (("a", 1, "name"), "y")]),
    ("$.a[?match(@.name, 'x|')].name", [(("a", 0, "name"), "x")]),  # the whole value
    ("$.a[?search(@.status, 'xist')].name", [(("a", 0, "name"), "x"), (("a", 2, "name"), "z")]),
    ("$.a[?match(@.name, '(')]", []),  # not an I-Regexp: false
    ("$.a[?count(@.*) == 3].name", [(("a", 1, "name"), "y"), (("a", 2, "name"), "z")]),
    ("$.a[?value(@.parts[0].a) == 1].name", [(("a", 0, "name"), "x")]),
    # value(@) and count(@) on a scalar: one node (the library raised TypeError)
    ("$.b[?value(@) == 1.5]", [(("b", 2), 1.5)]),
    ("$.b[?count(@) == 1]", [(("b", i), v) for i, v in enumerate(DOC["b"])]),
    # plain paths, followed without the library
    ("$", [((), DOC)]),
    ("$['status']", [(("status",), "new")]),
    ("$.a[-1].name", [(("a", 2, "name"), "z")]),  # a negative index, normalised
    ("$.a[-4]", []),
    ("$.a[5]", []),
    ("$.missing.name", []),
    ("$.status.name", []),
]


@pytest.mark.parametrize(("text", "expected"), SELECTS, ids=[text for text, _ in SELECTS])
def test_what_a_selector_selects(text, expected):
    assert [(m.location, m.value) for m in compile_selector(text).find(DOC)] == expected


def test_the_prefix_is_the_names_and_indexes_a_path_starts_with():
    assert compile_selector("$.a[-1].name").prefix == ("a", -1, "name")
    assert compile_selector("$.a[?@.goal].name").prefix == ("a",)
    assert compile_selector("$.a[*].b").prefix == ("a",)  # a wildcard ends the prefix
    assert compile_selector("$..b").prefix == ()
    assert compile_selector("$['a','b']").prefix == ()


# --------------------------------------------------------------------------- plain paths

KEYS = ["a", "b", "status"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from(["", "a", "1"]))
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=25,
)
PLAIN = [
    "$", "$.a", "$.a.b", "$[0]", "$[-1]", "$.a[0].b", "$.b[-2].a", "$['status'][1][-1]", "$[-3][2]",
    "$[*]", "$.*", "$.a[*].b", "$.*.*", "$.*[-1].*", "$.a.*[0]", "$.*.*.*.*",
]  # fmt: skip


def test_plain_paths_are_followed_here():
    for text in PLAIN:
        assert compile_selector(text).steps is not None, text
    for text in ("$..a", "$[0:1]", "$['a','b']", "$[?@.a]", "$.*[?@.a]", "$.a[*][0:1]"):
        assert compile_selector(text).steps is None, text


@pytest.mark.parametrize("text", PLAIN)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_values)
def test_a_plain_path_selects_what_the_library_selects(text, data):
    ours = [(m.location, m.value) for m in compile_selector(text).find(data)]
    library = [(tuple(n.location), n.value) for n in jsonpath_rfc9535.compile(text).finditer(data)]
    assert ours == library


# --------------------------------------------------------------------------- the time budget

# regex counts its timeout in the process's CPU time: on a busy machine the wall time is longer
SOON = 3 * BUDGET + 2


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("$.plan[?match(@, '(a|a)+')]", "its pattern '(a|a)+' took too long"),
        ("$.plan[?search(@, '(a|a)+$')]", "its pattern '(a|a)+$' took too long"),
        ("$[?match(@.title, @.pattern)]", "its pattern '(a|a)+' took too long"),  # from the data
        ("$..*[?$..*[?$..*]]", "took too long to evaluate"),  # filters nested in filters
    ],
)
def test_a_selector_over_its_budget_is_stopped(text, said):
    import time

    data = {"plan": {"title": "a" * 40 + "!", "pattern": "(a|a)+"}, "more": [[i] for i in range(200)]}
    started = time.perf_counter()
    with pytest.raises(SelectorTooCostly) as info:
        compile_selector(text).find(data)
    assert time.perf_counter() - started < SOON
    assert said in info.value.message.en and f"over {BUDGET:g} s" in info.value.message.en
    assert "超时" in info.value.message.zh


def test_the_budget_is_for_the_whole_evaluation_not_for_each_value():
    import time

    data = {"plan": [f"{'a' * 22}!{i}" for i in range(40)]}  # each about a tenth of the budget
    started = time.perf_counter()
    with pytest.raises(SelectorTooCostly):
        compile_selector("$.plan[?match(@, '(a|a)+')]").find(data)
    assert time.perf_counter() - started < SOON


@pytest.mark.parametrize("depth", [33, 1_000, 50_000])
def test_a_pattern_nested_too_deeply_is_refused_before_it_is_run(depth):
    """regex's parser raised RecursionError at a few hundred levels, iregexp-check's crashed the
    process at some ten thousand."""
    pattern = "(" * depth + "a" + ")" * depth
    with pytest.raises(SelectorTooCostly) as info:
        compile_selector(f"$[?match(@, '{pattern}')]").find(["a"])
    assert "nests groups more than 32 deep" in info.value.message.en
    nested = "(" * 32 + "a" + ")" * 32
    assert len(compile_selector(f"$[?match(@, '{nested}')]").find(["a"])) == 1
    assert len(compile_selector("$[?match(@, '[(((]a')]").find(["(a"])) == 1  # not groups
