"""plancheck review: the findings as Word comments (批注) in a copy of the plan's own .docx,
anchored on the paragraphs they concern, the plan's paragraphs untouched."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from plancheck.report.typography import half_width_marks, zh
from tests.conftest import EXAMPLES, run_cli
from tests.test_extract import SEED, build_docx, needs_seed

docx = pytest.importorskip("docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COMMENT_MARKUP = (W + "commentRangeStart", W + "commentRangeEnd")

# A short city draft with gaps: IPv4 only, 90% by 2023, no e-seal, no ecology or regional
# applications, no channel and no safeguards chapter.
DRAFT = """示例市“数字政府”建设规划(2021-2025年)
(征求意见稿)
一、总体要求
(一)发展目标
到2022年,初步建成线上政府;到2025年,基本建成智慧政府。
二、一套基础
(一)一朵云
建设示例市政务云,融入省“1+16+N”政务云框架体系。已建非涉密业务系统逐步迁移上云,新建业务系统依托市级云平台部署。构建政务云灾备服务体系,定时同步主数据中心和灾备中心数据。
(二)一张网
建设全市电子政务外网,实现横向到边、纵向到底,支持IPv4。市到县(区)带宽达到千兆,到乡镇达到百兆,基层全覆盖。
三、一个中心
建设江淮大数据中心示例市子平台,向上连接江淮大数据中心总平台。到2023年底,政务数据归集率达到90%。建设人口库、法人库、电子证照库。
四、一个平台
建设“皖事通办”示例市平台,提供统一身份认证、电子证照等共性支撑能力。
五、七类应用
(一)行政办公
建设一体化协同办公平台。
专栏1 行政办公类应用建设重点
一体化协同办公平台。建设全市统一的协同办公平台。
(二)经济调节
建设经济运行监测分析平台。
专栏2 经济调节类应用建设重点
经济运行监测分析平台。汇聚经济运行数据,开展监测分析。
(三)市场监管
建设智慧市场监管平台。
专栏3 市场监管类应用建设重点
智慧市场监管平台。建设市场主体信用监管系统。
(四)社会治理
建设智慧城管。
专栏4 社会治理类应用建设重点
智慧城管。整合城市管理资源。
(五)公共服务
建设智慧医院。
专栏5 公共服务类应用建设重点
智慧医院。推进医疗服务线上办理。
"""
TITLE = "示例市“数字政府”建设规划(2021-2025年)"
NETWORK = "建设全市电子政务外网"


def draft_docx(tmp_path: Path) -> Path:
    """The draft as Word writes it, with some formatting to keep: a heading style, bold and
    coloured runs in the network paragraph."""
    path = build_docx(DRAFT, tmp_path / "示例市规划.docx")
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        if paragraph.text == TITLE:
            paragraph.style = document.styles["Title"]
        if paragraph.text.startswith(NETWORK):
            text = paragraph.text
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            paragraph.add_run(text[:11]).bold = True
            coloured = paragraph.add_run(text[11:])
            coloured.font.color.rgb = docx.shared.RGBColor(0x1F, 0x4E, 0x79)
    document.save(str(path))
    return path


def anchored(path: Path) -> dict[int, tuple[str, object]]:
    """Each comment's id → (the text of the paragraph or table row its range starts in, the
    comment)."""
    document = docx.Document(str(path))
    comments = {c.comment_id: c for c in document.comments}
    out: dict[int, tuple[str, object]] = {}
    for start in document.element.body.iter(W + "commentRangeStart"):
        block = next(a for a in start.iterancestors() if a.tag == W + "p")
        row = next((a for a in block.iterancestors() if a.tag == W + "tr"), None)
        holder = row if row is not None else block
        text = "".join(t.text or "" for t in holder.iter(W + "t"))
        cid = int(start.get(W + "id"))
        out[cid] = (text, comments[cid])
    assert set(out) == set(comments)
    return out


def blocks_without_comments(path: Path) -> list[bytes]:
    """Every body paragraph and table, as XML, with the comment markup taken out."""
    from lxml import etree

    document = docx.Document(str(path))
    out = []
    for element in document.element.body.iterchildren():
        if element.tag not in (W + "p", W + "tbl"):
            continue
        element = copy.deepcopy(element)
        for node in list(element.iter(*COMMENT_MARKUP)):
            node.getparent().remove(node)
        for ref in list(element.iter(W + "commentReference")):
            run = ref.getparent()
            run.getparent().remove(run)
        out.append(etree.tostring(element, encoding="utf-8"))
    return out


def by_rule(comments: dict[int, tuple[str, object]]) -> dict[str, list[tuple[str, object]]]:
    out: dict[str, list[tuple[str, object]]] = {}
    for text, comment in comments.values():
        found = re.search(r"^(?:规则：|Rule: )(\S+)$", comment.text, re.MULTILINE)
        out.setdefault(found.group(1) if found else "summary", []).append((text, comment))
    return out


def test_each_finding_is_a_comment_on_its_paragraph(tmp_path):
    plan = draft_docx(tmp_path)
    out = tmp_path / "审核批注.docx"
    result = run_cli("review", plan, "-o", out, "--office", "安徽省数据资源管理局", "--initials", "省数局")
    assert result.exit_code == 0, result.stderr
    findings = run_cli("verify", plan, "--format", "json", "--lang", "zh").json()["plans"][0]["findings"]
    comments = anchored(out)
    assert len(comments) == len(findings) + 1  # one per finding and the summary
    rules = by_rule(comments)
    for finding in findings:
        [(_anchor, comment)] = [c for c in rules[finding["rule"]] if finding["implements"][0] in c[1].text]
        assert comment.author == "安徽省数据资源管理局" and comment.initials == "省数局"
        for part in (finding["rule"], finding["implements"][0], finding["citation"]["section"][:2], "修改："):
            assert part in comment.text, (part, comment.text)
        cited = zh(finding["citation"]["text"]).replace("“", "‘").replace("”", "’")  # quoted inside “…”
        assert cited[:12] in comment.text  # in full-width punctuation
        assert not half_width_marks(comment.text), comment.text
        head = comment.text.splitlines()[0]  # the requirement first, as a reviewer reads it
        assert head.startswith("【") and finding["implements"][0] in head and finding["rule"] not in head
    dual_stack = rules["AH-F5-DUAL-STACK"][0]
    assert dual_stack[0].startswith(NETWORK)  # on the network's own paragraph
    assert "IPv4 和 IPv6" in dual_stack[1].text and "依据：《安徽省“数字政府”建设规划" in dual_stack[1].text
    target = rules["AH-D3-AGGREGATION-TARGET"][0]
    assert "归集率达到90%" in target[0] and "100%" in target[1].text
    channel = rules["AH-C1-CHANNEL-ROUTE"][0]  # nothing of the channel in the draft: on the title
    assert channel[0] == TITLE and "批注在标题上" in channel[1].text
    [(summary_anchor, summary)] = rules["summary"]
    assert summary_anchor == TITLE
    for part in (
        "安徽省数据资源管理局审核意见汇总",
        *(f"{word} {count}" for word, count in _counts_of(plan).items()),
        "F5✗",
        "C1✗",
        "H1–",
        "anhui-11171 1.0",
    ):
        assert part in summary.text, part


def test_the_plan_itself_is_untouched(tmp_path):
    plan = draft_docx(tmp_path)
    out = tmp_path / "out.docx"
    assert run_cli("review", plan, "-o", out).exit_code == 0
    before, after = blocks_without_comments(plan), blocks_without_comments(out)
    assert len(before) == len(after)
    for index, (old, new) in enumerate(zip(before, after, strict=True)):
        assert old == new, index
    assert any(b"<w:b/>" in block for block in after)  # the formatting is there to compare
    assert b"commentRangeStart" not in b"".join(before) and len(anchored(out)) > 1


def test_comment_markup_is_all_that_is_added(tmp_path):
    """The comparison above must be able to fail: a changed character is seen."""
    plan = draft_docx(tmp_path)
    out = tmp_path / "out.docx"
    assert run_cli("review", plan, "-o", out).exit_code == 0
    changed = docx.Document(str(out))
    changed.paragraphs[5].runs[0].text += "。"
    changed.save(str(tmp_path / "changed.docx"))
    assert blocks_without_comments(plan) != blocks_without_comments(tmp_path / "changed.docx")


def _counts_of(plan):
    """错误/警告/提示 as plancheck's JSON report of the same document counts them."""
    summary = run_cli("verify", plan, "--format", "json", "--lang", "zh").json()["plans"][0]["summary"]
    return {"错误": summary["error"], "警告": summary["warning"], "提示": summary["info"]}


@needs_seed
def test_fuyang_document(tmp_path):
    plan = build_docx(SEED.read_text(encoding="utf-8"), tmp_path / "fuyang.docx")
    out = tmp_path / "fuyang-review.docx"
    assert run_cli("review", plan, "-o", out, "--date", "2024-05-20").exit_code == 0
    rules = by_rule(anchored(out))
    [(anchor, comment)] = rules["AH-A2-KEY-PROJECT"]
    assert "经济调节" in anchor and "A2" in comment.text and comment.author == "省数据资源局"
    [(anchor, summary)] = rules["summary"]
    assert anchor == "阜阳市“数字政府”建设规划"  # the title, not the notice that quotes it
    report = run_cli("verify", plan, "--format", "json", "--lang", "zh").json()["plans"][0]
    a2 = next(r["status"] for r in report["requirements"] if r["id"] == "A2")
    glyph = {"covered": "✓", "partial": "◐", "missing": "✗", "waived": "W", "not-applicable": "–"}[a2]
    assert "审核日期 2024-05-20" in summary.text and f"A2{glyph}" in summary.text
    assert blocks_without_comments(plan) == blocks_without_comments(out)


def test_refusals(tmp_path):
    plan = draft_docx(tmp_path)
    yaml_plan = run_cli("review", EXAMPLES / "fuyang.yaml", "-o", tmp_path / "x.docx")
    assert yaml_plan.exit_code == 2 and "YAML" in yaml_plan.stderr and "verify" in yaml_plan.stderr
    assert not (tmp_path / "x.docx").exists()
    text = tmp_path / "plan.txt"
    text.write_text(DRAFT, encoding="utf-8")
    assert run_cli("review", text, "-o", tmp_path / "x.docx").exit_code == 2
    original = plan.read_bytes()
    assert run_cli("review", plan, "-o", plan).exit_code == 2
    assert run_cli("review", plan, "-o", plan, "--force").exit_code == 2  # never the input
    assert plan.read_bytes() == original
    existing = tmp_path / "existing.docx"
    existing.write_bytes(b"keep me")
    refused = run_cli("review", plan, "-o", existing)
    assert refused.exit_code == 2 and "--force" in refused.stderr and existing.read_bytes() == b"keep me"
    assert run_cli("review", plan, "-o", tmp_path / "out.pdf").exit_code == 2
    assert run_cli("review", plan, "-o", existing, "--force").exit_code == 0
    assert existing.read_bytes()[:2] == b"PK"


def test_settings_from_plancheck_toml(tmp_path):
    plan = draft_docx(tmp_path)
    (tmp_path / "plancheck.toml").write_text(
        '[review]\noffice = "安徽省数据资源管理局"\ninitials = "数管局"\nreference = "皖数资审〔2024〕12号"\n'
        "date = 2024-05-20\n",
        encoding="utf-8",
    )
    out = tmp_path / "a.docx"
    assert run_cli("review", plan, "-o", out).exit_code == 0
    comments = [c for _, c in anchored(out).values()]
    assert {c.author for c in comments} == {"安徽省数据资源管理局"} and {c.initials for c in comments} == {
        "数管局"
    }
    summary = by_rule(anchored(out))["summary"][0][1]
    assert "皖数资审〔2024〕12号" in summary.text and "2024-05-20" in summary.text
    assert run_cli("review", plan, "-o", tmp_path / "b.docx", "--office", "阜阳市数据资源局").exit_code == 0
    assert {c.author for _, c in anchored(tmp_path / "b.docx").values()} == {"阜阳市数据资源局"}
    (tmp_path / "plancheck.toml").write_text('[review]\nofice = "x"\n', encoding="utf-8")
    bad = run_cli("review", plan, "-o", tmp_path / "c.docx")
    assert bad.exit_code == 2 and "ofice" in bad.stderr


def test_default_date_is_the_offices_day_in_china_whatever_the_machines_time_zone(tmp_path):
    """Without --date, comments are dated with today's date in China (UTC+8): a machine kept on
    UTC-12 (or any zone) must not date an Anhui office's review yesterday."""
    import datetime as dt
    import os
    import subprocess
    import sys

    plan = draft_docx(tmp_path)
    out = tmp_path / "out.docx"
    china = dt.timezone(dt.timedelta(hours=8))
    before = dt.datetime.now(china).date()
    env = {**os.environ, "TZ": "Etc/GMT+12"}  # UTC-12: a day behind China for 20 hours of each day
    done = subprocess.run(
        [sys.executable, "-m", "plancheck", "review", str(plan), "-o", str(out)], env=env, capture_output=True
    )
    after = dt.datetime.now(china).date()
    assert done.returncode == 0, done.stderr
    dates = {c.timestamp.date() for c in docx.Document(str(out)).comments if c.timestamp is not None}
    assert dates and dates <= {before, after}, dates
