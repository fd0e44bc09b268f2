"""``plancheck diff``: what changed between two versions of a plan (``engine.diff``), written
by ``report.diff``.

Both versions are verified. ``--git REV PLAN`` compares the working file with its version at a
git revision, read with ``git show REV:path`` in the plan's directory and verified under the
name ``PLAN@REV``. Exit 2 on bad input; with ``--fail-on-new``, 1 when a finding at or above
``--fail-on`` (waived findings aside) was introduced; 0 otherwise.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from plancheck.engine.diff import compare
from plancheck.engine.findings import PlanReport
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
from plancheck.report import DIFF_FORMATS, RenderContext, emit

GIT_TIMEOUT = 30  # seconds for one git command


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
    emit(DIFF_FORMATS[output_format].render(d, RenderContext(lang, code, fail_on=fail_on)))
    return code
