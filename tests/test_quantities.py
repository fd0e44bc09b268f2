from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.plan.quantities import bandwidth_mbps, earliest_date, latest_date, normalise, percent


@pytest.mark.parametrize(
    ("text", "mbps"),
    [
        ("千兆", 1000), ("百兆", 100), ("万兆", 10000), ("100M", 100), ("1G", 1000), ("1 Gbps", 1000),
        ("１０００Ｍ", 1000), ("1000Mbps", 1000), ("1000 Mb/s", 1000), ("10GE", 10000), ("1000兆", 1000),
        ("不低于100M", 100), ("2.5G", 2500), ("1,000M", 1000), ("5Gbps", 5000),
        ("5G", None), ("4G专网", None), ("5G网络千兆", 1000),
        ("千兆到县区、百兆到乡镇", None), ("基层全覆盖", None), ("高速", None),
    ],
)  # fmt: skip
def test_bandwidth(text, mbps):
    assert bandwidth_mbps(text) == mbps


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("100%", 100),
        ("１００％", 100),
        ("百分之百", 100),
        ("百分之九十五", 95),
        ("90%以上", 90),
        ("全部", None),
        ("90%到100%", None),
    ],
)
def test_percent(text, value):
    assert percent(text) == value


@pytest.mark.parametrize(
    ("value", "latest", "earliest"),
    [
        ("2022年底", date(2022, 12, 31), date(2022, 1, 1)),
        ("2022", date(2022, 12, 31), date(2022, 1, 1)),
        (2025, date(2025, 12, 31), date(2025, 1, 1)),
        ("2022-12-31", date(2022, 12, 31), date(2022, 12, 31)),
        ("2023年6月", date(2023, 6, 30), date(2023, 6, 1)),
        ("2020年10月24日", date(2020, 10, 24), date(2020, 10, 24)),
        ("２０２２年底", date(2022, 12, 31), date(2022, 1, 1)),
        ("近期", None, None),
    ],
)
def test_dates(value, latest, earliest):
    assert latest_date(value) == latest
    assert earliest_date(value) == earliest


def test_normalise_folds_width_spaces_and_invisible_characters():
    assert normalise("（一）　ＩＰｖ６\u200b 双栈") == "(一)ipv6双栈"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=40))
def test_normalised_text_has_no_control_format_or_blank_character(text):
    normalise.cache_clear()
    out = normalise(text, fold_case=False)
    assert not any(unicodedata.category(ch)[0] == "C" or ch.isspace() for ch in out)
    expected = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch)[0] != "C")
    assert out == "".join(expected.split()).replace("\u00ad", "")
