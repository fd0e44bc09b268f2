"""The statement reader: clauses, the polarity of a term in its clause, and who builds.

The sentences are written from the provincial plan's vocabulary (《安徽省“数字政府”建设规划》)
and the way city and county plans phrase it; each table row is one reading that must hold.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.plan.statements import (
    DEFAULT_MARKER_WORDS,
    DEFAULT_MARKERS,
    Markers,
    Polarity,
    affirms,
    builds_own,
    commits,
    denial,
    read_statement,
    relies_on,
)

A, N, D, C, T = (
    Polarity.AFFIRMED,
    Polarity.NEGATED,
    Polarity.DEFERRED,
    Polarity.CONDITIONAL,
    Polarity.TENTATIVE,
)


def polarity_of(text: str, term: str) -> Polarity:
    mentions = read_statement(text).mentions([term])
    assert mentions, f"{term} not found in {text}"
    return mentions[0].polarity


AFFIRMED = [
    # the provincial text's own affirmed commitments
    ("省直部门已建非涉密系统逐步迁移上云", "迁移上云"),
    ("已建特色行业云，逐步实现与省级政务云平台对接", "省级政务云"),
    ("分阶段推进部门非涉密业务专网向电子政务外网迁移整合", "电子政务外网"),
    ("依托省级共性应用支撑平台，根据需要拓展市级共性应用支撑能力", "共性应用支撑平台"),
    ("除极少数特殊情况外，分阶段推进部门非涉密业务专网向电子政务外网迁移整合", "业务专网"),
    ("纵向实现千兆到市县、百兆到乡镇、基层全覆盖", "千兆"),
    ("建成“横向到边、纵向到底”，支持IPv4和IPv6的双栈型电子政务外网", "双栈"),
    ("依托江淮大数据中心，实现政务数据100%归集", "归集"),
    ("为市场主体和群众提供无差别、全覆盖、高质量、高效便利的政务服务", "政务服务"),
    ("加快部门业务系统与“皖事通办”平台深度对接", "皖事通办"),
    # how city and county plans write the same commitments
    ("到2022年底，建成市级政务云节点，全面融入全省“1+16+N”政务云体系", "政务云"),
    ("不断完善市级政务云平台，提升云资源服务能力", "政务云"),
    ("不仅建设市级电子政务外网，而且推进IPv6改造", "电子政务外网"),
    ("不仅建设市级电子政务外网，而且推进IPv6改造", "IPv6"),
    ("实现与省级大数据平台无缝对接", "省级大数据平台"),
    ("不得不依托省级平台开展数据共享", "数据共享"),
    ("推行“不见面审批”，政务服务“不打烊”", "审批"),
    ("新建非涉密系统原则上统一部署在市政务云，不再单独建设", "政务云"),
    ("全市政务服务事项如期实现全流程网上办理", "网上办理"),
    ("力争2022年底前实现政务数据100%归集", "归集"),
    ("电子政务外网全面支持IPv4/IPv6双栈", "双栈"),
    ("原则上依托市级政务云部署各部门非涉密信息系统", "政务云"),
    ("建设人口、法人、电子证照等基础数据库，如人口库、法人库，实现共享", "人口库"),
    ("建成政务云而不新建部门机房", "政务云"),
    ("按需扩展计算存储资源，推进政务云灾备建设", "灾备"),
    ("各县区不同部门的业务系统统一迁移上云", "上云"),
    ("坚持不懈推进“一网通办”，实现不少于90%的事项网上可办", "一网通办"),
    ("未来三年建成覆盖全市的电子政务外网", "电子政务外网"),
    ("若干重点领域率先建成主题数据库", "主题数据库"),
    ("建设全市统一的数据共享交换平台，无一遗漏接入各部门系统", "数据共享交换平台"),
    ("全省统一身份认证体系无缝衔接，不低于千兆接入各县区", "千兆"),
    ("ＩＰｖ６改造全面完成", "ipv6"),
    # a negator that only names which things are meant (未接入的系统) leaves the commitment
    ("推动尚未接入的系统全部接入市级政务云", "政务云"),
    ("不具备条件的乡镇依托县级政务外网接入", "政务外网"),
]

NEGATED = [
    ("尚不具备IPv6能力", "IPv6"),
    ("IPv6改造，目前尚不具备条件", "IPv6"),
    ("近期不考虑上云", "上云"),
    ("现有机房维持现状，不再接入政务云", "政务云"),
    ("现有机房维持现状", "机房"),
    ("政务外网尚未实现IPv6双栈", "双栈"),
    ("市级政务云节点建设工作目前尚未启动", "政务云"),
    ("暂不纳入政务云统一管理", "政务云"),
    ("本市电子政务外网到县带宽达不到千兆", "千兆"),
    ("没有建设数据共享交换平台", "数据共享交换平台"),
    ("县级不再单独建设政务云，依托市级政务云", "政务云"),
    ("各政务部门原则上不得新建数据中心、机房", "数据中心"),
    ("部分系统无法迁移上云", "上云"),
    ("基础数据库建设有待加强", "基础数据库"),
    ("缺乏统一的政府数据融合机制和平台", "数据融合"),
    ("严禁各部门自建机房", "机房"),
    ("避免重复建设政务云", "政务云"),
    ("停止建设部门独立机房", "机房"),
    ("全市政务数据暂未归集", "归集"),
    ("尚未接入“皖事通办”平台", "皖事通办"),
    ("数据资源开放利用程度不够", "开放利用"),
    ("政务服务事项不能全流程网上办理", "网上办理"),
    ("政务外网未覆盖乡镇", "乡镇"),
    ("不是新建政务云，而是依托省级平台", "政务云"),
    ("政务云与省级平台的对接，暂无计划", "对接"),
    ("全市无统一的数据共享交换平台", "数据共享交换平台"),
    ("没有统一的政务云平台", "政务云"),
]

DEFERRED = [
    ("适时建设城市大脑", "城市大脑"),
    ("远期建设市级灾备中心", "灾备"),
    ("待省级平台建成后，接入省级数据共享交换平台", "数据共享交换平台"),
    ("条件成熟时，推进政务云异地灾备", "灾备"),
    ("待条件成熟后，逐步推进IPv6改造", "IPv6"),
    ("后续再考虑接入省级政务云", "政务云"),
    ("研究建设市级大数据中心", "大数据中心"),
    ("IPv6改造，适时推进", "IPv6"),
    ("择机启动主题数据库建设", "主题数据库"),
    ("政务云灾备暂缓实施", "灾备"),
    ("电子证照库建设另行研究", "电子证照"),
    ("市级子平台尚在规划", "子平台"),
]

CONDITIONAL = [
    ("如条件允许，建设本级灾备中心", "灾备"),
    ("视财力情况建设政务云灾备", "灾备"),
    ("政务云扩容视业务需求而定", "政务云"),
    ("有条件的县区可建设本级政务云", "政务云"),
    ("各部门如确需新建机房，须报市数据资源局审批", "机房"),
    ("若省平台已具备能力，则接入省级统一身份认证系统", "身份认证"),
    ("必要时建设异地灾备中心", "灾备"),
    ("IPv6改造视情推进", "IPv6"),
    ("具备条件的乡镇延伸部署电子政务外网", "电子政务外网"),
]

TENTATIVE = [
    ("探索融合量子通信、区块链网络等新技术", "量子通信"),
    ("鼓励各县区建设特色应用", "特色应用"),
    ("鼓励各市政务云节点之间形成备份合作机制", "备份合作"),
    ("探索建设市级政务云", "政务云"),
]


@pytest.mark.parametrize(("text", "term"), AFFIRMED)
def test_affirmed(text, term):
    assert polarity_of(text, term) is A
    assert affirms(text, [term]) is not None
    assert commits(text, [term], "must") is not None
    assert denial(text, [term]) is None


@pytest.mark.parametrize(("text", "term"), NEGATED)
def test_negated(text, term):
    assert polarity_of(text, term) is N
    clause = denial(text, [term])
    assert clause is not None and clause.polarity is N
    assert normalise_in(term, clause.text)


@pytest.mark.parametrize(
    ("text", "term", "polarity"),
    [(t, term, D) for t, term in DEFERRED] + [(t, term, C) for t, term in CONDITIONAL],
)
def test_deferred_and_conditional_meet_neither_must_nor_should(text, term, polarity):
    assert polarity_of(text, term) is polarity
    assert affirms(text, [term]) is None
    assert commits(text, [term], "must") is None
    assert commits(text, [term], "should") is None
    assert denial(text, [term], "should") is not None


@pytest.mark.parametrize(("text", "term"), TENTATIVE)
def test_tentative_meets_a_should_but_not_a_must(text, term):
    assert polarity_of(text, term) is T
    assert commits(text, [term], "must") is None
    assert commits(text, [term], "should") is not None
    assert denial(text, [term], "must") is not None
    assert denial(text, [term], "should") is None


def normalise_in(term: str, text: str) -> bool:
    from plancheck.plan.quantities import normalise

    return normalise(term) in normalise(text)


# ----------------------------------------------------------------------------- weakenings

# an affirmed sentence and its weakened rewrites: the rewrite must no longer affirm the term
WEAKENINGS = [
    ("建成市级政务云节点", "政务云", ["暂不建设市级政务云节点", "远期建设市级政务云节点", "如条件允许，建成市级政务云节点",
                              "市级政务云节点，近期不考虑", "探索建设市级政务云节点", "尚未建成市级政务云节点",
                              "市级政务云节点建设，视情推进"]),
    ("电子政务外网支持IPv6双栈", "双栈", ["电子政务外网尚不支持IPv6双栈", "电子政务外网适时支持IPv6双栈",
                                  "电子政务外网IPv6双栈改造，目前尚不具备条件", "待省级改造完成后，支持IPv6双栈"]),
    ("全面接入“皖事通办”平台", "皖事通办", ["不再接入“皖事通办”平台", "后续接入“皖事通办”平台",
                                     "视情况接入“皖事通办”平台", "没有接入“皖事通办”平台"]),
    ("实现政务数据100%归集", "归集", ["政务数据归集，维持现状", "政务数据归集有待推进", "待条件成熟后实现政务数据100%归集"]),
]  # fmt: skip


@pytest.mark.parametrize(("affirmed", "term", "weakened"), [(a, t, w) for a, t, ws in WEAKENINGS for w in ws])
def test_a_weakened_rewrite_no_longer_affirms(affirmed, term, weakened):
    assert affirms(affirmed, [term]) is not None
    assert affirms(weakened, [term]) is None
    assert denial(weakened, [term]) is not None


# equivalent rewrites that must still read as affirmed
@pytest.mark.parametrize(
    "text",
    [
        "建成市级政务云节点",
        "到2022年底，建成市级政务云节点",
        "逐步建成市级政务云节点",
        "加快推进市级政务云节点建设",
        "稳步推进市级政务云节点建设，不断提升服务能力",
        "依托省级政务云平台，建设市级政务云节点",
        "原则上统一建设市级政务云节点",
        "建成市级政务云节点，不再新建部门机房",
        "不仅建成市级政务云节点，还推动部门系统迁移上云",
        "全市非涉密系统无一遗漏迁移至市级政务云节点",
        "建设市级政务云节点，避免各部门重复建设",
        "根据需要扩容市级政务云节点",
    ],
)
def test_equivalent_rewrites_stay_affirmed(text):
    clause = affirms(text, ["政务云"])
    assert clause is not None
    assert denial(text, ["政务云"]) is None


# ----------------------------------------------------------------------------- clauses


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("建成市级政务云。推进部门系统迁移上云；", ["建成市级政务云", "推进部门系统迁移上云"]),
        ("到2022年底，建成市级政务云节点，不再新建部门机房。", ["到2022年底，建成市级政务云节点", "不再新建部门机房"]),
        ("IPv6改造，目前尚不具备条件！", ["IPv6改造，目前尚不具备条件"]),
        # a negated alternative turns from the piece before instead of withdrawing it
        ("新建系统统一部署在市政务云，不再单独建设。", ["新建系统统一部署在市政务云", "不再单独建设"]),
        ("数据共享统一依托省级平台，不另行建设", ["数据共享统一依托省级平台", "不另行建设"]),
        ("如条件允许，建设本级灾备中心？", ["如条件允许，建设本级灾备中心"]),
        ("一套基础：统筹建设政务云和电子政务外网", ["一套基础：统筹建设政务云和电子政务外网"]),
        ("带宽1,000M，覆盖全市", ["带宽1,000M", "覆盖全市"]),
        ("第一行建设政务云\n第二行建设外网", ["第一行建设政务云", "第二行建设外网"]),
        ("人口库、法人库、电子证照库", ["人口库、法人库、电子证照库"]),
        ("省平台建成后，全面接入", ["省平台建成后，全面接入"]),
        ("已经建成的，应当与江淮大数据中心互联互通", ["已经建成的，应当与江淮大数据中心互联互通"]),
        ("", []),
        ("。；，", []),
    ],
)  # fmt: skip
def test_clauses(text, clauses):
    statement = read_statement(text)
    assert [c.text for c in statement.clauses] == clauses
    for clause in statement.clauses:
        assert text[clause.start : clause.end] == clause.text


def test_offsets_point_into_the_text_as_written():
    text = "  （一）到２０２２年底，　建成市级政务云；\u200b近期不考虑上云。"
    statement = read_statement(text)
    assert [c.text for c in statement.clauses] == ["（一）到２０２２年底，　建成市级政务云", "近期不考虑上云"]
    (mention,) = statement.mentions(["上云"])
    assert text[mention.start : mention.end] == "上云"
    assert mention.polarity is N
    assert statement.clause_at(mention.start) is mention.clause


def test_the_markers_found_are_reported_with_their_place():
    text = "IPv6改造，适时推进"
    (clause,) = read_statement(text).clauses
    assert [(m.kind, m.word, text[m.start : m.end]) for m in clause.markers] == [(D, "适时", "适时")]


def test_a_term_takes_the_polarity_of_its_own_stretch():
    text = "建成政务云而不新建机房"
    statement = read_statement(text)
    assert {m.term: m.polarity for m in statement.mentions(["政务云", "机房"])} == {"政务云": A, "机房": N}
    assert statement.clauses[0].polarity is N  # the clause's strongest marker


def test_the_first_affirmed_clause_is_returned_and_denial_prefers_a_negation():
    text = "远期建设灾备中心；不建设灾备中心；如条件允许建设灾备中心；建成灾备中心"
    assert affirms(text, ["灾备"]).text == "建成灾备中心"
    assert denial(text, ["灾备"]).text == "不建设灾备中心"
    assert denial("远期建设灾备中心；如条件允许建设灾备中心", ["灾备"]).text == "远期建设灾备中心"


def test_terms_are_compared_normalised_and_the_longer_term_wins():
    statement = read_statement("推进ＩＰｖ６改造，电子政务外网暂不改造")
    assert [m.term for m in statement.mentions(["IPv6", "政务外网", "电子政务外网"])] == [
        "ipv6",
        "电子政务外网",
    ]
    assert affirms("推进ＩＰｖ６改造", ["ipv6"]) is not None
    assert affirms("推进IPv6改造", []) is None
    assert affirms("", ["IPv6"]) is None


# ----------------------------------------------------------------------------- who builds


@pytest.mark.parametrize(
    ("text", "own", "relies", "own_instead", "extends"),
    [
        ("自建政务云平台", True, set(), True, False),
        ("新建部门数据中心", True, set(), True, False),
        ("独立建设县级政务云", True, set(), True, False),
        ("建设市级共性应用支撑平台", True, set(), True, False),
        ("建设本级统一身份认证系统", True, set(), True, False),
        ("依托省级共性应用支撑平台，根据需要拓展市级共性应用支撑能力", True, {"province"}, False, True),
        ("新建业务系统依托省级云平台进行集约化建设部署", True, {"province"}, False, True),
        ("依托省级共性应用支撑平台", False, {"province"}, False, False),
        ("利用省政务云资源部署业务系统", False, {"province"}, False, False),
        ("接入省统建的电子证照系统", False, {"province"}, False, False),
        ("使用市级统一身份认证平台", False, {"city"}, False, False),
        ("承接使用省市部署的各类应用系统", False, {"province", "city"}, False, False),
        ("依托江淮大数据中心开展数据共享", False, {"province"}, False, False),
        ("通过国家数据共享交换平台实现数据共享", False, set(), False, False),
        ("依托国家数据共享交换平台实现数据共享", False, {"national"}, False, False),
        # negated building is not building; negated relying is not relying
        ("县级不再单独建设政务云", False, set(), False, False),
        ("严禁各部门自建机房", False, set(), False, False),
        ("不再接入省级政务云", False, set(), False, False),
        # a level word inside another word is no level
        ("依托城市大脑开展治理", False, set(), False, False),
        ("利用市场化方式建设运营", False, set(), False, False),
        ("建设政务云", False, set(), False, False),
    ],
)  # fmt: skip
def test_builder(text, own, relies, own_instead, extends):
    builders = [c.builder for c in read_statement(text).clauses]
    assert any(b.own for b in builders) is own
    assert set().union(*(b.relies_on for b in builders)) == relies
    assert any(b.own_instead for b in builders) is own_instead
    assert any(b.extends for b in builders) is extends


@pytest.mark.parametrize(
    ("text", "builds"),
    [
        ("建设市级共性应用支撑平台", True),
        ("自行建设统一身份认证系统", True),
        ("依托省级共性应用支撑平台，根据需要拓展市级共性应用支撑能力", False),
        ("依托省级共性应用支撑平台", False),
        ("不再单独建设共性应用支撑平台", False),
        ("远期自建共性应用支撑平台", False),
    ],
)
def test_builds_own_instead_of_relying(text, builds):
    assert (builds_own(text, ["共性应用支撑", "身份认证"]) is not None) is builds


def test_a_must_not_check_can_count_an_open_door_as_building():
    withdrawn = (A, D, C, T)
    assert builds_own("各部门如确需新建机房，须报批", ["机房"]) is None
    assert builds_own("各部门如确需新建机房，须报批", ["机房"], polarities=withdrawn) is not None
    assert builds_own("远期自建政务云", ["政务云"], polarities=withdrawn) is not None
    assert builds_own("严禁各部门自建机房", ["机房"], polarities=withdrawn) is None


def test_relies_on_a_level():
    text = "依托省级共性应用支撑平台；使用市级统一身份认证平台"
    assert relies_on(text, ["共性应用支撑"], "province") is not None
    assert relies_on(text, ["共性应用支撑"], "city") is None
    assert relies_on(text, ["身份认证"], "city") is not None
    assert relies_on(text, ["身份认证"]) is not None
    assert relies_on("暂不依托省级共性应用支撑平台", ["共性应用支撑"]) is None


# ----------------------------------------------------------------------------- markers are data


def test_markers_come_from_a_plain_mapping():
    assert set(DEFAULT_MARKER_WORDS) == {
        f for f in Markers.__dataclass_fields__ if f not in ("gap", "own_gap", "rely_gap")
    }
    assert all(
        isinstance(v, tuple) and all(isinstance(w, str) for w in v) for v in DEFAULT_MARKER_WORDS.values()
    )


def test_a_pack_can_supply_its_own_markers():
    text = "政务云建设缓议"
    assert polarity_of(text, "政务云") is A
    markers = Markers.from_mapping({"deferral": (*DEFAULT_MARKER_WORDS["deferral"], "缓议")})
    assert read_statement(text, markers).mentions(["政务云"])[0].polarity is D
    assert denial(text, ["政务云"], markers=markers) is not None
    # a list given replaces the default one
    no_tentative = Markers.from_mapping({"tentative": ()})
    assert affirms("探索建设市级政务云", ["政务云"], no_tentative) is not None
    assert DEFAULT_MARKERS.tentative  # the defaults are untouched


def test_marker_words_with_a_gap():
    markers = Markers.from_mapping({"condition": ("看…再说",)})
    assert read_statement("政务云灾备看财政情况再说", markers).clauses[0].polarity is C
    assert read_statement("政务云灾备看财政情况再说").clauses[0].polarity is A


def test_an_unknown_marker_list_is_an_error():
    with pytest.raises(ValueError, match="unknown marker lists: negations"):
        Markers.from_mapping({"negations": ("不",)})


# ----------------------------------------------------------------------------- properties

_PLAN_WORDS = st.sampled_from(
    ["建成", "推进", "市级", "政务云", "电子政务外网", "依托", "省级", "平台", "不", "未", "尚未", "适时", "如果",
     "探索", "，", "。", "；", "、", "：", "1,000M", "千兆", "\n", " ", "的", "而", "待", "后", "ＩＰｖ６", "\u200b"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PLAN_WORDS, max_size=30).map("".join))
def test_clauses_are_in_order_do_not_overlap_and_quote_the_text(text):
    statement = read_statement(text)
    last = 0
    for clause in statement.clauses:
        assert last <= clause.start < clause.end <= len(text)
        assert text[clause.start : clause.end] == clause.text
        assert clause.text.strip()
        last = clause.end
    for mention in statement.mentions(["政务云", "千兆", "ipv6"]):
        assert mention.clause.start <= mention.start < mention.end <= mention.clause.end


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_can_be_read(text):
    statement = read_statement(text)
    for clause in statement.clauses:
        assert text[clause.start : clause.end] == clause.text


_BUILD = st.sampled_from(["建成市级政务云节点", "建设电子政务外网", "推进IPv6双栈改造", "接入“皖事通办”平台"])
_NEGATE = st.sampled_from(["不再", "暂不", "尚未", "没有", "近期不", "不考虑"])
_DEFER = st.sampled_from(["适时", "远期", "后续", "择机"])


@settings(max_examples=100, deadline=None)
@given(_BUILD, _NEGATE, _DEFER, st.sampled_from(["", "到2022年底，", "在全市范围内，"]))
def test_a_withdrawing_marker_before_the_verb_withdraws(sentence, negator, deferral, lead):
    term = sentence[2:6]
    assert affirms(lead + sentence, [term]) is not None
    assert polarity_of(lead + negator + sentence, term) is N
    assert polarity_of(lead + deferral + sentence, term) is D
