"""七类应用: the applications of each category. Read from the sections whose headings name a
category (run-in titles, numbered sub-headings, or failing those the clauses that build a
system), then from the 专栏 boxes (key projects), then, when no section names a category,
from the applications section with categories chosen by keywords."""

from __future__ import annotations

from dataclasses import dataclass

from plancheck.extract.context import Context
from plancheck.extract.evidence import Obj, copy_evidence, evidence, section_evidence
from plancheck.extract.text import (
    CLAUSE_STOPS,
    NUMBER,
    QUOTE_MAX,
    SENTENCE_STOPS,
    Hit,
    clauses,
    key,
    run_in,
    trim,
)
from plancheck.pack.vocabulary import ApplicationWords
from plancheck.plan.model import APPLICATION_CATEGORIES
from plancheck.read.sections import BoxItem, Node, Para
from plancheck.read.yamlfile import Position

Headings = dict[str, list[str]]  # category → keys of its headings
_NOT_NAMES = ("方面", "目标", "原则")


@dataclass
class _Apps:
    """The applications found, by category, each name once in its category."""

    found: dict[str, list[Obj]]
    names: dict[str, dict[str, Obj]]  # category → name key → application

    @classmethod
    def of(cls, spec: ApplicationWords) -> _Apps:
        return cls({name: [] for name in spec.categories}, {name: {} for name in spec.categories})

    def add(self, category: str, app: Obj) -> None:
        k = _app_key(app["name"])
        if k in self.names[category]:
            return
        self.names[category][k] = app
        self.found[category].append(app)

    def existing(self, k: str, categories: list[str]) -> Obj | None:
        """The application of that name key in the first of the categories that has one."""
        return next((self.names[c][k] for c in categories if k in self.names[c]), None)


def read_applications(ctx: Context) -> Obj | None:
    """The ``applications`` layer: a list for each category found, or None when none is."""
    spec = ctx.vocabulary.applications
    if spec is None:
        return None
    categories = {name: [key(h) for h in c.headings] for name, c in spec.categories.items()}
    order = _category_sections(ctx, spec, categories)
    apps = _Apps.of(spec)
    enclosing: dict[int, str] = {}  # the boxes inside a category's section: their category
    for node, category in order:
        for app in _apps_in(ctx, spec, node, category):
            apps.add(category, app)
        enclosing.update({id(n): category for n in node.walk() if n.kind == "box"})
    _read_boxes(ctx, spec, categories, enclosing, apps)
    _read_unsorted(ctx, spec, apps, {id(n) for node, _ in order for n in node.walk()})
    result = Obj()
    for name in APPLICATION_CATEGORIES:
        if apps.found.get(name):
            result[name] = apps.found[name]
    _layer_evidence(ctx, spec, result, order)
    _note_missing(ctx, spec, apps)
    return result if any(isinstance(v, list) for v in result.values()) else None


def _note_missing(ctx: Context, spec: ApplicationWords, apps: _Apps) -> None:
    for name, (zh, en) in APPLICATION_CATEGORIES.items():
        if name in spec.categories and not apps.found.get(name):
            ctx.notes.missing(f"applications.{name}", f"找不到{zh}类应用", f"no {en} applications found")


def _matched(title: str, categories: Headings) -> str | None:
    """The category a heading names, when it names exactly one."""
    matched = [name for name, heads in categories.items() if any(h in title for h in heads)]
    return matched[0] if len(matched) == 1 else None


def _category_sections(ctx: Context, spec: ApplicationWords, categories: Headings) -> list[tuple[Node, str]]:
    """The topmost sections whose heading names one category (none under an excluded one,
    the background, the preface or an appendix), in reading order."""
    excluded = {key(h) for h in spec.exclude_headings}
    # a heading about another layer (完善……宏观经济五大基础数据库) is no category's, whatever word it shares
    signals = [key(w) for name, ws in ctx.vocabulary.document.layer_signals.items() for w in ws]
    order: list[tuple[Node, str]] = []
    skip: set[int] = set(ctx.background)
    for node in ctx.tree.nodes():
        if node.kind in ("root", "box", "preface", "appendix") or id(node) in skip:
            continue
        title = key(node.title)
        if any(x in title for x in excluded):
            skip.update(id(n) for n in node.walk())
            continue
        category = _matched(title, categories)
        if category is not None and any(w in title for w in signals):
            continue
        if category is not None and not _about_else(ctx, node, spec, category):
            order.append((node, category))
            skip.update(id(n) for n in node.walk())
    return order


def _about_else(ctx: Context, node: Node, spec: ApplicationWords, category: str) -> bool:
    """Whether a section whose heading names a category (坚持集约建设, 推动绿色发展) speaks of
    another layer (the cloud, the network …) more than of that category's applications."""
    text = "".join(s.key for s in ctx.sents_of([node]))
    own = sum(text.count(key(t)) for t in spec.categories[category].terms)
    other = max((v for k, v in ctx.scores(node).items() if k != "applications"), default=0)
    return other >= 3 and other > own


def _read_unsorted(ctx: Context, spec: ApplicationWords, apps: _Apps, covered: set[int]) -> None:
    """Applications listed under the applications heading but under no category heading,
    each in the category its words suggest (unsure)."""
    generic = {key(g) for g in spec.generic_names}
    for section in ctx.sections(spec.headings):
        if id(section) in covered:
            continue
        found = [a for a in _apps_in(ctx, spec, section, None, covered)]
        if not found and not section.children:  # (四)应用建设。建设……平台，建设……系统，推广……
            found = _apps_in_sentences(ctx, spec, section, None)
        for app in found:
            category = _classify(spec, app)
            if category is not None and _app_key(app["name"]) not in generic:
                apps.add(category, app)
                ctx.notes.low(app, f"applications.{category}", "按关键词归类", "category chosen by keywords")


def _layer_evidence(ctx: Context, spec: ApplicationWords, result: Obj, order: list[tuple[Node, str]]) -> None:
    """The layer's quote: its section, else the section holding the first category's, else its
    first application's."""
    sections = ctx.sections(spec.headings)
    if sections:
        section_evidence(result, sections[0], ctx.sents)
    elif order:
        parent = order[0][0].parent
        if parent is not None and parent.kind != "root":
            section_evidence(result, parent, ctx.sents)
    if "quote" not in result:
        first = next((apps[0] for apps in result.values() if isinstance(apps, list) and apps), None)
        if first is not None:
            copy_evidence(result, first)


# ----------------------------------------------------------------------------- in a section


def _app(ctx: Context, name: str, para: Para, name_at: int, body: str, box: str | None = None) -> Obj:
    """An application named at ``name_at`` in the paragraph, quoted from its name on, as far as
    QUOTE_MAX allows at clause ends."""
    sent = next((s for s in ctx.sents[para.index] if s.end > name_at), ctx.sents[para.index][0])
    app = Obj(name=name)
    if body:
        app["description"] = body
    if box is not None:
        app["key_project"] = True
        app["box"] = box
    end = min(len(para.text), name_at + QUOTE_MAX)
    clause_end = end
    if end < len(para.text):
        stops = [
            i + 1 for i in range(name_at + len(name), end) if para.folded[i] in CLAUSE_STOPS + SENTENCE_STOPS
        ]
        clause_end = stops[-1] if stops else end
    a, b = trim(para, name_at, clause_end)
    app["source"] = sent.node.path
    app["quote"] = para.text[a:b]
    app.pos = Position(para.line, para.column + a)
    app.field_pos["name"] = app.pos
    return app


def _apps_in(
    ctx: Context, spec: ApplicationWords, node: Node, category: str | None, covered: set[int] | None = None
) -> list[Obj]:
    """The applications of a section: its paragraphs' run-in titles, then its sub-sections
    (each an application, or a group of them with run-in titles); failing those (in a
    category's section), its clauses."""
    generic = {key(g) for g in spec.generic_names}
    apps: list[Obj] = []
    for para in node.body():
        found = run_in(para)
        if found is not None and _is_name(found[0], generic):
            name, at = found
            body_at = at + len(name) + 1
            apps.append(_app(ctx, name, para, at, para.text[body_at:].strip()))
    for child in node.children:
        if child.kind != "box" and id(child) not in (covered or ()):
            apps.extend(_apps_of_child(ctx, spec, child, category, generic))
    if not apps and category is not None:
        apps = _apps_in_sentences(ctx, spec, node, category)
    return apps


def _apps_of_child(
    ctx: Context, spec: ApplicationWords, child: Node, category: str | None, generic: set[str]
) -> list[Obj]:
    """A sub-section: a group of applications when two or more of its paragraphs have run-in
    titles, else one application named by its title (none when the title is no name)."""
    grouped = [p for p in child.body() if run_in(p) is not None]
    if len(grouped) >= 2:
        return _apps_in(ctx, spec, child, category)
    if child.heading is None or not _is_name(child.title, generic):
        return []
    body_text = "".join(p.text for p in child.body())
    if body_text and _topic_only(child.title, spec):  # ④生态保护：建设城西湖湿地生态监测系统
        topic = category or _classify(spec, Obj(name=child.title, description=body_text))
        found = _apps_in_sentences(ctx, spec, child, topic)
        for app in found:  # the field it is listed under says what kind it is
            app["description"] = f"{child.title}：{body_text.strip()}"
        return found
    at = child.heading.text.find(child.title)
    body = next((p.text for p in child.body()), "")
    return [_app(ctx, child.title, child.heading, max(at, 0), body)]


def _topic_only(title: str, spec: ApplicationWords) -> bool:
    """Whether a short title names a field (生态保护, 乡村治理), not a system or a branded
    application (智慧医疗, 数字乡村, “皖政通”): its body names the applications."""
    k = key(title)
    if k.startswith(_BRANDS) or len(k) > 6:
        return False
    return not any(key(w) in k for w in spec.system_words)


_BRANDS = ("智慧", "数字", "“", "互联网", "一网", "掌上", "云上")


def _is_name(name: str, generic: set[str]) -> bool:
    k = key(name)
    return 2 <= len(k) <= 30 and k not in generic and not k.endswith(_NOT_NAMES)


def _apps_in_sentences(ctx: Context, spec: ApplicationWords, node: Node, category: str | None) -> list[Obj]:
    """A category section that names no application in a title: each clause that builds a
    system (平台, 系统, 应用 …) or speaks the category's own words (移动办公) names one or, when
    it enumerates them (智慧医疗、智慧教育), several; failing that, the first clause says what
    the plan does there. All are marked unsure."""
    words = [key(w) for w in spec.system_words]
    chosen = [spec.categories[category]] if category is not None else list(spec.categories.values())
    terms = [key(t) for c in chosen for t in c.terms]
    # an item that is all heading ((一)建设“芜湖数字机关”协同办公平台) names its application there
    paras = node.body() or ([node.heading] if node.heading is not None and not node.children else [])
    candidates = [
        (sent, max(a, _after_number(para)), b)
        for para in paras
        for sent in ctx.sents[para.index]
        for a, b in (trim(para, x, y, keep_stop=False) for x, y in clauses(para, sent.start, sent.end))
        if 4 <= len(key(para.text[max(a, _after_number(para)) : b])) <= 40
    ]
    named = [c for c in candidates if _builds_one(key(c[0].para.text[c[1] : c[2]]), words, terms)]
    apps: list[Obj] = []
    for sent, a, b in named or candidates[:1]:
        para = sent.para
        for x, y in _named_parts(ctx, para, a, b, words):
            app = Obj(name=para.text[x:y])
            if sent.end - b > 2 or (x, y) != (a, b):
                app["description"] = para.text[sent.start : sent.end]
            evidence(Hit.span(sent, x, y), app)
            app.field_pos["name"] = Position(para.line, para.column + x)
            ctx.notes.low(
                app,
                f"applications.{category}" if category else "applications",
                "名称取自句子, 原文没有单列标题",
                "named after its sentence; the text gives it no title",
            )
            apps.append(app)
    return apps


def _after_number(para: Para) -> int:
    """Where a heading's text starts after its number (0 for a body paragraph)."""
    number = NUMBER.match(para.folded) if para.heading else None
    return number.end() if number is not None else 0


def _quoted(text: str, start: int, at: int) -> bool:
    """Whether ``at`` lies inside “…” opened after ``start`` (“双随机、一公开”监管 is one name)."""
    return text.count("“", start, at) > text.count("”", start, at)


_PREPOSITIONS = ("与", "同", "和", "向", "对", "在", "为")
_TAIL_WORDS = ("建设", "等", "工作", "应用")
# the verbs with which a plan builds or rolls out an application (推广“皖政通”移动办公), unlike
# those that describe what one does (整合网格、应急资源)
_BUILDS = ("建设", "建成", "推广", "打造", "上线", "搭建", "构建", "开发")
# weaker verbs build only what they name as built or branded (推进智慧医疗、智慧教育建设), not
# what they improve (推进县域医共体数据互通, 推进网格化服务管理)
_PUSHES = ("推进", "完善", "加快")


def _builds_one(clause: str, system_words: list[str], terms: list[str]) -> bool:
    """Whether a clause names an application: it builds a system (平台, 系统 …), or it builds or
    rolls out something in the category's own words (推进智慧医疗、智慧教育建设)."""
    if any(w in clause for w in system_words):
        return True
    if not any(t in clause for t in terms):
        return False
    if clause.startswith(_BUILDS):
        return True
    rest = clause[2:]
    return clause.startswith(_PUSHES) and (rest.endswith("建设") or rest.startswith(_BRANDS))


_JOINERS = ("和", "及", "与", "以及")


def _named_parts(ctx: Context, para: Para, a: int, b: int, system_words: list[str]) -> list[tuple[int, int]]:
    """The names a clause gives: without the verbs before them (建设, 推进) and a closing 建设,
    split at 、 (智慧医疗、智慧教育建设), between quoted names, and at 和 when the part before it names a system
    (城市大脑和应急指挥信息平台); the whole clause when a part would be too short to be a name."""
    text = para.text
    x = b - len(ctx.strip_verbs(text[a:b]))
    y = b
    for tail in _TAIL_WORDS:
        if text[x:y].endswith(tail) and y - x - len(tail) >= 4:
            y -= len(tail)
            break
    cuts = [(i, 1) for i in range(x, y) if text[i] == "、" and not _quoted(text, x, i)]  # (where, skip)
    cuts += [(i + 1, 0) for i in range(x, y - 1) if text[i : i + 2] == "”“"]  # “智慧医保”“智慧教育”
    if text[x:y].startswith(_PREPOSITIONS):  # 与南京都市圈、淮河生态经济带城市……协同: one
        cuts = []
    for joiner in _JOINERS:
        at = text.find(joiner, x, y)
        if at > x and any(w in key(text[x:at]) for w in system_words) and y - at - len(joiner) >= 4:
            cuts.append((at, len(joiner)))
            break
    parts: list[tuple[int, int]] = []
    start = x
    for cut, skip in sorted(cuts):
        parts.append((start, cut))
        start = cut + skip
    parts.append((start, y))
    if any(len(key(text[p:q])) < 2 for p, q in parts):
        return [(x, y)]
    return parts


# ----------------------------------------------------------------------------- 专栏 boxes


@dataclass(frozen=True)
class _Box:
    """A 专栏 box and what it is about."""

    node: Node
    named: str | None  # the category its title names
    home: str | None  # the category of the section it sits in
    about_apps: bool  # its items are applications even when the body does not name them


def _read_boxes(
    ctx: Context, spec: ApplicationWords, categories: Headings, enclosing: dict[int, str], apps: _Apps
) -> None:
    """The items of every box outside the background: about applications when the box names a
    category, sits in a category's section, or is in the applications section with a title
    such as 重点应用."""
    app_sections = {id(n) for s in ctx.sections(spec.headings) for n in s.walk()}
    box_words = [key(w) for w in spec.box_titles]
    for node in ctx.tree.nodes():
        if node.kind != "box" or id(node) in ctx.background:
            continue
        title = key(node.title)
        named = _matched(title, categories)
        about_apps = (
            named is not None
            or id(node) in enclosing
            or (id(node) in app_sections and any(w in title for w in box_words))
        )
        _box_apps(ctx, spec, _Box(node, named, enclosing.get(id(node)), about_apps), apps)


def _box_apps(ctx: Context, spec: ApplicationWords, box: _Box, apps: _Apps) -> None:
    """The items of a 专栏 box as key projects: the application of the same name if the
    body has one (in the box's category, or any when the box names none), else a new one in
    the category the box names, encloses, or (unsure) its words suggest."""
    label = box.node.number
    categories = {name: [key(h) for h in c.headings] for name, c in spec.categories.items()}
    for item in box.node.items:
        row = _category_row(item, categories)
        if row is not None:  # | 社会治理 | 城市大脑 | …: the row's category, then its project
            category, named = row
            _new_box_app(ctx, spec, named, _Box(box.node, category, box.home, True), apps)
            continue
        k = _app_key(item.name)
        if not k:
            continue
        existing = apps.existing(k, [box.named] if box.named is not None else list(apps.names))
        if existing is not None:
            existing["key_project"] = True
            existing["box"] = label
            if label not in existing["source"]:
                existing["source"] = f"{existing['source']}; {label}"
        elif box.about_apps:
            _new_box_app(ctx, spec, item, box, apps)


def _category_row(item: BoxItem, categories: Headings) -> tuple[str, BoxItem] | None:
    """A table row whose first cell is a category (| 行政办公 | 协同办公系统 | 建设内容 |): the
    category and the row from its second cell on, as an item of its own."""
    k = key(item.name)
    category = _matched(k, categories)
    if category is None or len(k) > 6:
        return None
    rest = item.para.text[item.body_start :]
    cells = [c for c in rest.split("|")]
    name = cells[0].strip()
    if len(key(name)) < 2:
        return None
    start = item.body_start + rest.find(name)
    body = rest.find("|")
    body_start = start + len(name) if body < 0 else item.body_start + body + 1
    return category, BoxItem(name, item.para.piece(start, len(item.para.text)), body_start - start)


def _new_box_app(ctx: Context, spec: ApplicationWords, item: BoxItem, box: _Box, apps: _Apps) -> None:
    """A box item the body does not name, as a key project of its own."""
    app = _app(ctx, item.name, item.para, item.para.text.find(item.name), item.description, box.node.number)
    app["source"] = box.node.path
    home = box.home
    category = box.named or (
        home if box.node.title and home and _classify(spec, app) in (None, home) else None
    )
    guessed = category is None
    if category is None:
        category = _classify(spec, app) or home
    if category is None:
        return
    apps.add(category, app)
    if guessed:
        ctx.notes.low(
            app,
            f"applications.{category}",
            "专栏未写明类别, 按关键词归类",
            "the box names no category; chosen by keywords",
        )


def _classify(spec: ApplicationWords, app: Obj) -> str | None:
    """The category whose terms the application's name (else its name and description) uses
    most (the first listed on a tie), or None when they use none."""
    for text in (key(app["name"]), key(app["name"]) + " " + key(app.get("description", ""))):
        scores = [
            (sum(text.count(key(t)) for t in c.terms), -i, name)
            for i, (name, c) in enumerate(spec.categories.items())
        ]
        best = max(scores)
        if best[0] > 0:  # its own name first: a sentence may build several of several kinds
            return best[2]
    return None


def _app_key(name: str) -> str:
    return key(name).strip("“”\"'").replace("“", "").replace("”", "")
