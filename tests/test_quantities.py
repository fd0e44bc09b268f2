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


# ----------------------------------------------------------------------------- structured readings

from plancheck.plan.quantities import (  # noqa: E402
    bandwidths_mbps,
    chinese_number,
    meets_minimum,
    read_bandwidth,
    read_bandwidths,
    read_percent,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [("十", 10), ("二百五十", 250), ("一千", 1000), ("两千", 2000), ("一万", 10000), ("十万", 100000),
     ("一万二千", 12000), ("九十五", 95), ("", None), ("十a", None)],
)  # fmt: skip
def test_chinese_number(text, number):
    assert chinese_number(text) == number


@pytest.mark.parametrize(
    ("text", "mbps", "bound"),
    [
        # Chinese numerals with multipliers
        ("二百五十兆", 250, "exact"), ("一千兆", 1000, "exact"), ("五百兆", 500, "exact"),
        ("三百兆带宽", 300, "exact"), ("一百兆", 100, "exact"), ("两千兆", 2000, "exact"),
        ("0.5千兆", 500, "exact"), ("1.5万兆", 15000, "exact"), ("5百兆", 500, "exact"),
        ("十兆", 10, "exact"), ("两个千兆", 1000, "exact"), ("双千兆", 1000, "exact"),
        ("一万兆", 10000, "exact"), ("十万兆", 100000, "exact"),
        # qualifiers: floors
        ("不低于1000M", 1000, "at_least"), ("至少千兆", 1000, "at_least"), ("千兆及以上", 1000, "at_least"),
        ("1000M以上", 1000, "at_least"), ("≥1000Mbps", 1000, "at_least"), (">=1G", 1000, "at_least"),
        ("超过1G", 1000, "at_least"), ("不少于千兆", 1000, "at_least"), ("最低千兆", 1000, "at_least"),
        # qualifiers: caps
        ("最高500M", 500, "at_most"), ("最高仅500M", 500, "at_most"), ("不超过千兆", 1000, "at_most"),
        ("500M以下", 500, "at_most"), ("至多百兆", 100, "at_most"), ("≤1000M", 1000, "at_most"),
        ("千兆以内", 1000, "at_most"),
        ("达不到千兆", 1000, "below"), ("不足千兆", 1000, "below"), ("带宽低于1G", 1000, "below"),
        ("<1000M", 1000, "below"), ("小于1000M", 1000, "below"), ("尚未达到千兆", 1000, "below"),
        ("不到千兆", 1000, "below"),
        # upgrades and ranges: the target
        ("由百兆提升至千兆", 1000, "exact"), ("从100M扩容到1G", 1000, "exact"), ("百兆到千兆", 1000, "exact"),
        ("100M-1000M", 1000, "exact"), ("100M～1000M", 1000, "exact"), ("由百兆逐步升级为千兆", 1000, "exact"),
        ("由百兆提升至不低于千兆", 1000, "at_least"), ("从千兆扩容至万兆", 10000, "exact"),
        ("由千兆降至百兆", 100, "exact"),
        # G in prose
        ("10G", 10000, "exact"), ("带宽提升至2G", 2000, "exact"), ("出口带宽2G", 2000, "exact"),
        ("千兆（1000M）", 1000, "exact"),
    ],
)  # fmt: skip
def test_read_bandwidth(text, mbps, bound):
    reading = read_bandwidth(text)
    assert reading is not None
    assert (reading.value, reading.bound) == (mbps, bound)
    assert reading.text == text[reading.span[0] : reading.span[1]]
    assert reading.meets(mbps) is (bound in ("exact", "at_least"))


@pytest.mark.parametrize(
    "text",
    ["-1000M", "带宽为-1000M", "−千兆", "5G网络", "4G/5G", "千兆到县区、百兆到乡镇", "高速", "",
     "不超过100M以上", "千兆，另有百兆备用链路"],
)  # fmt: skip
def test_bandwidth_unreadable(text):
    assert read_bandwidth(text) is None
    assert bandwidth_mbps(text) is None
    assert meets_minimum(text, 1000) is None


def test_negative_value_is_never_its_absolute_value():
    assert 1000 not in bandwidths_mbps("-1000M")
    assert read_bandwidths("千兆到县, -100M到乡镇") is None


@pytest.mark.parametrize(
    ("text", "prose", "field"),
    [
        ("2G", None, 2000), ("5G", None, 5000), ("3G", None, 3000), ("10G", 10000, 10000),
        ("5G网络", None, None), ("5G专网", None, None), ("4G/5G", None, None), ("移动5G", None, None),
        ("5Gbps", 5000, 5000), ("2GE", 2000, 2000), ("2.5G", 2500, 2500),
    ],
)  # fmt: skip
def test_g_in_a_bandwidth_field_is_gbps(text, prose, field):
    assert bandwidth_mbps(text) == prose
    assert bandwidth_mbps(text, field=True) == field


@pytest.mark.parametrize(
    ("text", "minimum", "meets"),
    [
        ("千兆", 1000, True), ("1G", 1000, True), ("万兆", 1000, True), ("1000M", 1000, True),
        ("不低于千兆", 1000, True), ("由百兆提升至千兆", 1000, True), ("2G", 1000, True),
        ("千兆到县", 1000, True), ("千兆光纤接入各县区", 1000, True),
        # weakenings: a cap, a lower number, a lower unit, a numeral that only looks like 千兆
        ("最高1000M", 1000, False), ("不超过千兆", 1000, False), ("达不到千兆", 1000, False),
        ("二百五十兆", 1000, False), ("五百兆", 1000, False), ("0.5千兆", 1000, False), ("100M", 1000, False),
        ("百兆", 1000, False), ("1000K", 1000, False), ("不低于500M", 1000, False), ("千兆以下", 1000, False),
        ("由千兆降至百兆", 1000, False),
        ("-1000M", 1000, None), ("高速", 1000, None),
    ],
)  # fmt: skip
def test_meets_minimum_bandwidth(text, minimum, meets):
    assert meets_minimum(text, minimum) is meets


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=100_000),
    st.sampled_from(["M", "Mbps", "兆", "m"]),
    st.sampled_from(["以上", "及以上"]),
)
def test_any_value_with_yishang_reads_at_least(number, unit, suffix):
    reading = read_bandwidth(f"{number}{unit}{suffix}")
    assert reading is not None
    assert (reading.value, reading.bound) == (number, "at_least")
    assert meets_minimum(f"{number}{unit}{suffix}", number) is True


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=100_000),
    st.sampled_from(["最高", "不超过", "达不到", "低于", "不足", "<", "至多"]),
    st.integers(min_value=0, max_value=100_000),
)
def test_a_capped_value_never_meets_a_minimum(number, qualifier, minimum):
    assert meets_minimum(f"{qualifier}{number}M", minimum) is False
    assert bandwidth_mbps(f"{qualifier}{number}M") is None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**6))
def test_a_negative_value_is_unreadable(number):
    assert read_bandwidth(f"-{number}M") is None
    assert read_percent(f"-{number}%") is None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999))
def test_an_upgrade_reads_its_target(low, high):
    reading = read_bandwidth(f"由{low}M提升至{high}M")
    assert reading is not None
    assert reading.value == high


@pytest.mark.parametrize(
    ("text", "value", "bound"),
    [
        ("百分之百", 100, "exact"), ("100%", 100, "exact"), ("百分百", 100, "exact"), ("九成", 90, "exact"),
        ("九成五", 95, "exact"), ("九成以上", 90, "at_least"), ("百分之九十九点五", 99.5, "exact"),
        ("不低于95%", 95, "at_least"), ("90%以下", 90, "at_most"), ("不足80%", 80, "below"),
        ("由90%提升至100%", 100, "exact"), ("政务数据100%归集", 100, "exact"), ("归集率达到百分之百", 100, "exact"),
    ],
)  # fmt: skip
def test_read_percent(text, value, bound):
    reading = read_percent(text)
    assert reading is not None
    assert (reading.value, reading.bound) == (value, bound)


@pytest.mark.parametrize(
    "text", ["全部", "全量归集", "90%到100%", "-5%", "建成", "一成不变", "形成", "基本完成"]
)
def test_percent_unreadable(text):
    assert read_percent(text) is None


@pytest.mark.parametrize(("text", "value"), [("全部", 100), ("全量归集", 100), ("政务数据应归尽归", 100)])
def test_whole_words_read_as_100_percent_when_asked(text, value):
    assert read_percent(text) is None
    reading = read_percent(text, whole=True)
    assert reading is not None and reading.value == value


@pytest.mark.parametrize(
    ("text", "meets"),
    [("100%", True), ("百分之百", True), ("99%", False), ("九成", False), ("90%以上", False),
     ("不超过100%", False), ("全部", None), ("数据汇聚", None)],
)  # fmt: skip
def test_meets_minimum_percent(text, meets):
    assert meets_minimum(text, 100, "percent") is meets


def test_meets_minimum_percent_whole():
    assert meets_minimum("全部归集", 100, "percent", whole=True) is True


@pytest.mark.parametrize(
    ("value", "latest", "earliest"),
    [
        ("2022年12月", date(2022, 12, 31), date(2022, 12, 1)),
        ("二〇二二年底", date(2022, 12, 31), date(2022, 1, 1)),
        ("二〇二二年十二月", date(2022, 12, 31), date(2022, 12, 1)),
        ("二〇二五年十二月三十一日", date(2025, 12, 31), date(2025, 12, 31)),
        ("2022年上半年", date(2022, 6, 30), date(2022, 1, 1)),
        ("2022年下半年", date(2022, 12, 31), date(2022, 7, 1)),
        ("2022-06", date(2022, 6, 30), date(2022, 6, 1)),
        ("2024年2月", date(2024, 2, 29), date(2024, 2, 1)),
        ("9999年12月", date(9999, 12, 31), date(9999, 12, 1)),
        ("9999年底", date(9999, 12, 31), date(9999, 1, 1)),
        (9999, date(9999, 12, 31), date(9999, 1, 1)),
        ("0000年", None, None), ("0000-01-01", None, None), ("2022年13月", None, None),
        ("2022年2月30日", None, None), (0, None, None), (True, None, None), (None, None, None),
        ("2021—2025年", None, None),
    ],
)  # fmt: skip
def test_more_dates(value, latest, earliest):
    assert latest_date(value) == latest
    assert earliest_date(value) == earliest


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789年月日底-/.上下半二〇一十", max_size=16))
def test_dates_never_crash(text):
    for read in (latest_date, earliest_date):
        value = read(text)
        assert value is None or isinstance(value, date)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,-~兆千百万十二五MGbps%以上下最高不低于至提升由到成九分之", max_size=20))
def test_readers_never_crash_and_spans_quote_the_text(text):
    for reading in (read_bandwidth(text), read_bandwidth(text, field=True), read_percent(text)):
        if reading is not None:
            assert reading.text == text[reading.span[0] : reading.span[1]]
            assert reading.value >= 0
