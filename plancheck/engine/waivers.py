"""Waivers: reviewer-approved exceptions written in the plan.

A waiver names a rule or a catalogue requirement, optionally a JSONPath it is limited to, who
approved it and until when. A waived finding is shown as waived and counted, never hidden; an
expired waiver is an error and waives nothing; a waiver that matches nothing is a warning.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

from plancheck.engine.findings import Finding, WaiverStatus, WaiverUse
from plancheck.errors import InputError, Problem
from plancheck.i18n import Message
from plancheck.pack.ir import Pack
from plancheck.pack.selectors import PathKey, SelectorError, SelectorTooCostly, compile_selector
from plancheck.plan.data import PlanData


def check_waivers(plan: PlanData, pack: Pack) -> None:
    """An InputError naming every waiver that cannot mean anything for this pack."""
    problems = []
    source_map, file = plan.source_map, plan.file
    known = {rule.id for rule in pack.rules} | set(pack.disabled) | set(pack.requirements)
    for index, waiver in enumerate(plan.waivers):
        if waiver.rule not in known:
            position, _ = source_map.locate(("waivers", index, "rule"))
            problems.append(
                Problem(
                    file,
                    Message(
                        f"豁免指向的规则或条目 '{waiver.rule}' 不在规则包 {pack.name} 中",
                        f"the waiver names '{waiver.rule}', which is neither a rule nor a requirement of {pack.name}",
                    ),
                    position.line,
                    position.column,
                    code="waiver",
                )
            )
        if waiver.path is not None:
            try:
                compile_selector(waiver.path)
            except SelectorError as exc:
                position, _ = source_map.locate(("waivers", index, "path"))
                problems.append(
                    Problem(
                        file,
                        Message(
                            f"豁免的 path 不是有效的 JSONPath: {exc}",
                            f"the waiver's path is not a valid JSONPath: {exc}",
                        ),
                        position.line,
                        position.column,
                        code="waiver",
                    )
                )
    if problems:
        raise InputError(problems)


WAIVER_TEXTS = {
    "expired": (
        "PLANCHECK-WAIVER-EXPIRED",
        "error",
        Message("豁免已过期", "Expired waiver"),
        Message("豁免已过期, 不再生效; 它所针对的问题重新计入", "The waiver has expired and no longer applies; what it covered counts again"),
        Message("续批豁免 (更新 expires) 或修改规划, 并删除过期的豁免", "Renew the waiver (a new expires date) or fix the plan, and remove the expired waiver"),
    ),
    "unused": (
        "PLANCHECK-WAIVER-UNUSED",
        "warning",
        Message("豁免没有对应的问题", "Waiver that matches nothing"),
        Message("豁免没有对应任何问题, 可能已无必要, 或写错了规则或位置", "The waiver matches no finding: it may no longer be needed, or its rule or path is wrong"),
        Message("核对 rule 和 path; 如问题已解决, 删除该豁免", "Check its rule and path; if the gap is fixed, remove the waiver"),
    ),
}  # fmt: skip


def _within(finding: PathKey, covered: list[PathKey]) -> bool:
    """A finding lies within a waiver's path when one location contains the other."""
    return any(finding[: len(c)] == c or c[: len(finding)] == finding for c in covered)


CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


def china_today() -> date:
    """Today's date in China Standard Time (UTC+8): a waiver's ``expires`` date is compared with
    it, so a waiver lasts to the end of that day in China whatever the machine's time zone."""
    return datetime.now(CHINA_STANDARD_TIME).date()


def apply_waivers(plan: PlanData, findings: list[Finding], use: bool, today: date) -> list[WaiverUse]:
    """Mark the findings each active waiver covers; say which waivers were used, unused,
    expired, or ignored (``--no-waivers``). A waived finding stays in the report."""
    uses = []
    for index, waiver in enumerate(plan.waivers):
        line = plan.source_map.locate(("waivers", index))[0].line
        status: WaiverStatus
        if not use:
            status = "ignored"
        elif waiver.expires is not None and waiver.expires < today:
            status = "expired"
        else:
            status = "unused"
        entry = WaiverUse(
            index, waiver.rule, waiver.reason, waiver.approver, str(waiver.granted),
            str(waiver.expires) if waiver.expires else None, waiver.path, line, status,
        )  # fmt: skip
        uses.append(entry)
        if status != "unused":
            continue
        try:
            covered = (
                [m.location for m in compile_selector(waiver.path).find(plan.data)] if waiver.path else None
            )
        except SelectorTooCostly as exc:  # a path whose evaluation ran over its time budget
            position, _ = plan.source_map.locate(("waivers", index, "path"))
            zh, en = exc.message
            message = Message(f"豁免的 path 无法求值: {zh}", f"the waiver's path cannot be evaluated: {en}")
            raise InputError(
                Problem(plan.file, message, position.line, position.column, code="waiver")
            ) from None
        for finding in findings:
            if finding.waived_by is not None:
                continue
            if waiver.rule != finding.rule_id and waiver.rule not in finding.implements:
                continue
            if covered is not None and not _within(finding.location, covered):
                continue
            finding.waived_by = entry
            entry.waived += 1
        if entry.waived:
            entry.status = "used"
    return uses


def waiver_findings(uses: list[WaiverUse], file: str) -> list[Finding]:
    """Findings about the waivers themselves: an expired one is an error, an unused one a
    warning."""
    out = []
    for use in uses:
        if use.status not in WAIVER_TEXTS:
            continue
        rule_id, severity, title, message, fix = WAIVER_TEXTS[use.status]
        detail = Message(
            f"豁免 {use.rule} (批准人 {use.approver}, {use.granted}"
            + (f" 至 {use.expires}" if use.expires else "")
            + ")",
            f"waiver for {use.rule} (approved by {use.approver}, {use.granted}"
            + (f" to {use.expires}" if use.expires else "")
            + ")",
        )
        location: PathKey = ("waivers", use.index)
        out.append(
            Finding(
                rule_id=rule_id,
                severity=severity,
                file=file,
                line=use.line,
                column=3,
                fingerprint=hashlib.sha256(f"{rule_id}|{use.rule}|{use.path}|{file}".encode()).hexdigest()[
                    :20
                ],
                logical_path=f"waivers[{use.rule}]",
                title=title,
                message=message,
                detail=detail,
                fix=fix,
                citation_section="",
                citation_text="",
                citation_document=None,
                implements=[],
                layer="waivers",
                location=location,
            )
        )
    return out
