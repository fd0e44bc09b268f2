"""``plancheck diff``: what changed between two versions of a plan.

Both versions are verified; findings are matched by ``(rule_id, logical_path)`` — not by the
fingerprint, which includes the file name, and not by the line, which moves with every edit —
into fixed (only in the old version), introduced (only in the new one) and unchanged; and the
catalogue requirements whose status changed are listed (old → new).

``--git REV PLAN`` compares the working file with its version at a git revision, read with
``git show REV:path`` in the plan's directory and verified under the name ``PLAN@REV``.

Output: text for the terminal, JSON (``format_version`` 1) and Markdown for a pull-request
comment. Exit 2 on bad input; with ``--fail-on-new``, 1 when a finding at or above ``--fail-on``
(waived findings aside) was introduced; 0 otherwise.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from plancheck.engine.findings import REPORT_FORMAT_VERSION, SEVERITY_RANK, Finding, PlanReport
from plancheck.errors import (
    InputError,
    PlancheckError,
    Problem,
    UsageError,
    debug_enabled,
    exit_for_problems,
    internal_problem,
)
from plancheck.i18n import Lang, Message
from plancheck.read.inputs import shown_path
from plancheck.report.labels import HEADINGS, MATRIX_DIFF, REQUIREMENT_STATUS, SEVERITY

GIT_TIMEOUT = 30  # seconds for one git command


@dataclass
class RequirementChange:
    id: str
    title: Message
    layer: str
    old: str | None  # None: the requirement is not in that version's pack
    new: str | None

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.pick(lang),
            "layer": self.layer,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class PlanDiff:
    old: PlanReport
    new: PlanReport
    fixed: list[Finding]
    introduced: list[Finding]
    unchanged: list[tuple[Finding, Finding]]  # (old, new)
    requirements: list[RequirementChange]

    def failing(self, fail_on: str) -> list[Finding]:
        """Introduced findings at or above ``fail_on`` that count (not waived)."""
        rank = SEVERITY_RANK[fail_on]
        return [f for f in self.introduced if f.counts and SEVERITY_RANK[f.severity] >= rank]


def match_key(finding: Finding) -> tuple[str, str]:
    return finding.rule_id, finding.logical_path


def compare(old: PlanReport, new: PlanReport) -> PlanDiff:
    """Findings paired by (rule, logical path), in report order; requirement status changes in
    the new version's catalogue order (then any only the old one has)."""
    waiting: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in old.findings:
        waiting[match_key(finding)].append(finding)
    introduced: list[Finding] = []
    unchanged: list[tuple[Finding, Finding]] = []
    for finding in new.findings:
        same = waiting.get(match_key(finding))
        if same:
            unchanged.append((same.pop(0), finding))
        else:
            introduced.append(finding)
    paired = {id(o) for o, _ in unchanged}
    fixed = [f for f in old.findings if id(f) not in paired]
    before = {r.id: r for r in old.requirements}
    after = {r.id: r for r in new.requirements}
    changes = []
    for rid in [*after, *(r for r in before if r not in after)]:
        a, b = before.get(rid), after.get(rid)
        old_status, new_status = (a.status if a else None), (b.status if b else None)
        if old_status != new_status:
            source = b or a
            assert source is not None
            changes.append(RequirementChange(rid, source.title, source.layer, old_status, new_status))
    return PlanDiff(old, new, fixed, introduced, unchanged, changes)


# --- words ---------------------------------------------------------------------------------------


def _w(key: str, lang: Lang) -> str:
    return (MATRIX_DIFF[key] if key in MATRIX_DIFF else HEADINGS[key]).pick(lang)


def _status(status: str | None, lang: Lang) -> str:
    if status is None:
        return "—"
    return REQUIREMENT_STATUS.get(status, Message(status, status)).pick(lang)


def _severity(finding: Finding, lang: Lang) -> str:
    return SEVERITY.get(finding.severity, Message(finding.severity, finding.severity)).pick(lang)


def _counts_line(d: PlanDiff, lang: Lang) -> str:
    parts = [
        (_w("fixed", lang), len(d.fixed)),
        (_w("introduced", lang), len(d.introduced)),
        (_w("unchanged", lang), len(d.unchanged)),
        (_w("requirement_changes", lang), len(d.requirements)),
    ]
    return " · ".join(f"{name} {n}" for name, n in parts)


# --- text ----------------------------------------------------------------------------------------


def _text_finding(mark: str, f: Finding, lang: Lang, moved_from: int | None = None) -> list[str]:
    implements = f" [{', '.join(f.implements)}]" if f.implements else ""
    waived = f" ({HEADINGS['waived'].pick(lang)})" if f.waived_by is not None else ""
    out = [f"  {mark} {_severity(f, lang)} {f.rule_id}{implements} {f.message.pick(lang)}{waived}"]
    where = f"{f.file}:{f.line}:{f.column}  {f.path}"
    if moved_from is not None and moved_from != f.line:
        where += f"  ({MATRIX_DIFF['moved_from'].pick(lang).format(moved_from)})"
    out.append(f"      {where}")
    return out


def render_text(d: PlanDiff, lang: Lang) -> str:
    out = [f"plancheck diff: {d.old.file} → {d.new.file}", d.new.title, _counts_line(d, lang), ""]

    def section(key: str, count: int, lines: list[str]) -> None:
        out.append(f"{_w(key, lang)} ({count})")
        out.extend(lines if lines else [f"  {_w('no_changes', lang)}"])
        out.append("")

    section("introduced", len(d.introduced), [x for f in d.introduced for x in _text_finding("+", f, lang)])
    section("fixed", len(d.fixed), [x for f in d.fixed for x in _text_finding("-", f, lang)])
    changes = [
        f"  {c.id} {c.title.pick(lang)}: {_status(c.old, lang)} → {_status(c.new, lang)}"
        for c in d.requirements
    ]
    section("requirement_changes", len(d.requirements), changes)
    unchanged = [x for o, n in d.unchanged for x in _text_finding("=", n, lang, o.line)]
    section("unchanged", len(d.unchanged), unchanged)
    return "\n".join(out).rstrip() + "\n"


# --- JSON ----------------------------------------------------------------------------------------


def _side(report: PlanReport) -> dict[str, Any]:
    return {
        "file": report.file,
        "title": report.title,
        "region": report.region,
        "level": report.level,
        "pack": {"name": report.pack, "version": report.pack_version},
        "summary": {**report.counts(), "rules_checked": report.rules_checked},
    }


def render_json(d: PlanDiff, lang: Lang, exit_code: int, version: str, fail_on: str | None) -> str:
    unchanged = []
    for old, new in d.unchanged:
        entry = new.as_dict(lang)
        entry["old"] = {"file": old.file, "line": old.line, "column": old.column}
        unchanged.append(entry)
    document = {
        "tool": "plancheck",
        "version": version,
        "format_version": REPORT_FORMAT_VERSION,
        "language": lang,
        "exit_code": exit_code,
        "fail_on": fail_on,
        "old": _side(d.old),
        "new": _side(d.new),
        "summary": {
            "fixed": len(d.fixed),
            "introduced": len(d.introduced),
            "unchanged": len(d.unchanged),
            "requirements_changed": len(d.requirements),
        },
        "fixed": [f.as_dict(lang) for f in d.fixed],
        "introduced": [f.as_dict(lang) for f in d.introduced],
        "unchanged": unchanged,
        "requirements": [c.as_dict(lang) for c in d.requirements],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- Markdown ------------------------------------------------------------------------------------


def _md(text: str) -> str:
    from plancheck.report.matrix import escape_markdown

    return escape_markdown(text)


def _code(text: str) -> str:
    text = text.replace("`", "'").replace("|", "\\|").replace("\n", " ")
    return f"`{text}`"


def _md_findings(findings: list[Finding], lang: Lang, old_lines: list[int] | None = None) -> list[str]:
    head = [_w(k, lang) for k in ("severity", "rule", "implements")]
    head += [_w("finding", lang), _w("location", lang)]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for index, f in enumerate(findings):
        where = _code(f"{f.file}:{f.line}")
        if old_lines is not None and old_lines[index] != f.line:
            where += " " + _md(MATRIX_DIFF["moved_from"].pick(lang).format(old_lines[index]))
        waived = f" *({HEADINGS['waived'].pick(lang)})*" if f.waived_by is not None else ""
        cells = [
            _severity(f, lang),
            _code(f.rule_id),
            ", ".join(f.implements),
            _md(f.message.pick(lang)) + waived,
            where,
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def render_markdown(d: PlanDiff, lang: Lang) -> str:
    out = [
        f"### plancheck diff: {_code(d.old.file)} → {_code(d.new.file)}",
        "",
        f"**{_md(d.new.title)}**",
        "",
        _md(_counts_line(d, lang)),
        "",
    ]
    for key, findings in (("introduced", d.introduced), ("fixed", d.fixed)):
        out.append(f"#### {_w(key, lang)} ({len(findings)})")
        out.append("")
        out.extend(_md_findings(findings, lang) if findings else [_w("no_changes", lang)])
        out.append("")
    out.append(f"#### {_w('requirement_changes', lang)} ({len(d.requirements)})")
    out.append("")
    if d.requirements:
        head = [_w("id", lang), _w("requirement", lang), _w("old", lang), _w("new", lang)]
        out += ["| " + " | ".join(head) + " |", "|---|---|---|---|"]
        out += [
            f"| {c.id} | {_md(c.title.pick(lang))} | {_status(c.old, lang)} | **{_status(c.new, lang)}** |"
            for c in d.requirements
        ]
    else:
        out.append(_w("no_changes", lang))
    out.append("")
    if d.unchanged:
        out += [
            f"<details><summary>{_w('unchanged', lang)} ({len(d.unchanged)})</summary>",
            "",
            *_md_findings([n for _, n in d.unchanged], lang, [o.line for o, _ in d.unchanged]),
            "",
            "</details>",
            "",
        ]
    return "\n".join(out)


# --- reading the two versions --------------------------------------------------------------------


def _git_error(plan: Path, zh: str, en: str) -> InputError:
    return InputError(Problem(shown_path(plan), Message(zh, en), code="git"))


def _git(directory: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(directory), *args],
        capture_output=True,
        timeout=GIT_TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def git_version(plan: Path, revision: str) -> bytes:
    """The bytes of PLAN at REV (``git show REV:path``, path from the repository root)."""
    directory = (plan.parent if str(plan.parent) else Path(".")).resolve()
    if not directory.is_dir():
        raise _git_error(plan, f"目录 {plan.parent} 不存在", f"the directory {plan.parent} does not exist")
    if not revision or revision.startswith("-") or ":" in revision:
        raise _git_error(plan, f"无效的 git 版本: {revision!r}", f"not a valid git revision: {revision!r}")
    try:
        top = _git(directory, "rev-parse", "--show-toplevel")
        if top.returncode != 0:
            raise _git_error(
                plan,
                f"{plan.parent or '.'} 不在 git 仓库中, 无法读取 {revision} 版本",
                f"{plan.parent or '.'} is not in a git repository: cannot read the version at {revision}",
            )
        root = Path(top.stdout.decode("utf-8", "replace").strip()).resolve()
        try:
            relative = (directory / plan.name).relative_to(root).as_posix()
        except ValueError:
            raise _git_error(
                plan, f"文件不在 git 仓库 {root} 中", f"the file is outside the git repository {root}"
            ) from None
        if _git(directory, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
            raise _git_error(
                plan,
                f"git 仓库中没有版本 {revision}",
                f"unknown revision {revision}: the git repository has no such commit",
            )
        if _git(directory, "cat-file", "-e", f"{revision}:{relative}").returncode != 0:
            raise _git_error(
                plan,
                f"版本 {revision} 中没有文件 {relative}",
                f"the file {relative} does not exist at revision {revision}",
            )
        shown = _git(directory, "show", f"{revision}:{relative}")
    except FileNotFoundError:
        raise _git_error(
            plan, "找不到 git 命令 (请安装 git)", "git is not installed (the git command is not found)"
        ) from None
    except subprocess.TimeoutExpired:
        raise _git_error(plan, "git 命令超时", "git did not answer in time") from None
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[0] if reason else ""
        raise _git_error(plan, f"git show 失败: {detail}", f"git show failed: {detail}")
    return shown.stdout


def _verify_git(plan: Path, revision: str, packs) -> PlanReport:  # type: ignore[no-untyped-def]
    """The version at REV, verified under the name ``PLAN@REV``; its pack is looked up beside
    the working file (a revision may contain '/', which must not move the plan's folder)."""
    from plancheck.engine.check import check_plan
    from plancheck.engine.waivers import check_waivers
    from plancheck.portfolio.pipeline import load_plan

    data = git_version(plan, revision)
    display = f"{plan}@{revision}"
    with tempfile.TemporaryDirectory(prefix="plancheck-diff-") as folder:
        copy = Path(folder) / (plan.name or "plan.yaml")
        copy.write_bytes(data)
        loaded = load_plan(copy, display)
    pack = packs.for_plan(replace(loaded, file=shown_path(plan)))
    check_waivers(loaded, pack)
    return check_plan(loaded, pack)


def _usage(zh: str, en: str, where: str = "plancheck diff") -> UsageError:
    return UsageError(Problem(where, Message(zh, en), code="usage"))


def diff_command(
    plans: list[Path],
    *,
    git: str | None,
    output_format: str,
    fail_on: str | None,
    lang: Lang,
    rules: str | None,
    version: str,
) -> int:
    """Verify both versions and print the difference; the exit code."""
    from plancheck.portfolio.batch import check_guarded
    from plancheck.portfolio.pipeline import PackCache

    def fail(error: PlancheckError) -> int:
        sys.stderr.write(error.format(lang) + "\n")
        return 2

    try:
        if git is not None and len(plans) != 1:
            raise _usage(
                f"--git 只需要一个规划文件 (收到 {len(plans)} 个): plancheck diff --git REV PLAN",
                f"--git takes one plan file (got {len(plans)}): plancheck diff --git REV PLAN",
            )
        if git is None and len(plans) != 2:
            raise _usage(
                f"需要两个规划文件 (收到 {len(plans)} 个): plancheck diff OLD NEW, 或 plancheck diff --git REV PLAN",
                f"give two plan files (got {len(plans)}): plancheck diff OLD NEW, or plancheck diff --git REV PLAN",
            )
        for path in plans:
            if path.is_dir():
                raise _usage(
                    "这是一个目录; diff 比较两个规划文件",
                    "is a directory; diff compares two plan files",
                    shown_path(path),
                )
        packs = PackCache.with_rules(rules)
    except PlancheckError as exc:
        return fail(exc)
    errors: list[Problem] = []
    sides: list[PlanReport] = []
    jobs = [("git", plans[0]), ("file", plans[0])] if git is not None else [("file", p) for p in plans]
    for kind, path in jobs:
        if kind == "git":
            assert git is not None
            try:
                sides.append(_verify_git(path, git, packs))
            except PlancheckError as exc:
                errors.extend(exc.problems)
            except Exception as exc:  # a bug: reported as this side's error, exit 3
                if debug_enabled():
                    raise
                errors.append(internal_problem(f"{shown_path(path)}@{git}", exc))
            continue
        result = check_guarded(path, packs)
        if isinstance(result, PlanReport):
            sides.append(result)
        else:
            errors.extend(result)
    for problem in packs.warnings + errors:
        sys.stderr.write(problem.format(lang) + "\n")
    failed = exit_for_problems(errors)
    if failed is not None:
        return failed
    d = compare(sides[0], sides[1])
    code = 1 if fail_on is not None and d.failing(fail_on) else 0
    if output_format == "json":
        sys.stdout.write(render_json(d, lang, code, version, fail_on))
    elif output_format == "markdown":
        sys.stdout.write(render_markdown(d, lang))
    else:
        sys.stdout.write(render_text(d, lang))
    return code
