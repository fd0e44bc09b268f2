"""JUnit XML, as Jenkins and GitLab read it: one test suite per plan, one test case per
catalogue requirement; a requirement that falls short fails with its findings as the text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from plancheck.engine.findings import Finding, RunReport
from plancheck.report import RenderContext
from plancheck.report.labels import REQUIREMENT_STATUS, SEVERITY

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(element: ET.Element) -> None:
    """Every text and attribute of the tree without the characters XML 1.0 cannot carry
    (control characters from plans, through YAML escapes): shown as escapes (\\x1b)."""

    def clean(text: str) -> str:
        return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)

    for node in element.iter():
        if node.text and _NOT_XML.search(node.text):
            node.text = clean(node.text)
        for key, value in node.attrib.items():
            if _NOT_XML.search(value):
                node.set(key, clean(value))


def render(run: RunReport, context: RenderContext) -> str:
    lang = context.lang
    suites = ET.Element("testsuites", name="plancheck")
    total = failures = errors = skipped = 0
    for report in run.reports:
        suite = ET.SubElement(suites, "testsuite", name=f"{report.region} ({report.file})")
        by_requirement: dict[str, list[Finding]] = {req.id: [] for req in report.requirements}
        for finding in report.findings:
            for cid in finding.implements:
                by_requirement.setdefault(cid, []).append(finding)
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for req in report.requirements:
            counts["tests"] += 1
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"plancheck.{report.pack}.{report.file}",
                name=f"{req.id} {req.title.pick(lang)}",
            )
            word = REQUIREMENT_STATUS[req.status].pick(lang)
            mine = by_requirement.get(req.id, [])
            if req.status in ("partial", "missing"):
                counts["failures"] += 1
                text = "\n".join(
                    f"{f.file}:{f.line}:{f.column} {SEVERITY[f.severity].pick(lang)} {f.rule_id}: "
                    f"{f.message.pick(lang)} ({f.detail.pick(lang)})"
                    for f in mine
                    if f.counts
                )
                failure = ET.SubElement(case, "failure", message=f"{req.id}: {word}", type=req.status)
                failure.text = text
            elif req.status in ("not-applicable", "not-checked"):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=word)
            else:
                notes = [f"{req.id}: {word}"] + [
                    f"{f.file}:{f.line} {f.rule_id} ({SEVERITY[f.severity].pick(lang)}"
                    + (f", {word}: {f.waived_by.reason}" if f.waived_by else "")
                    + ")"
                    for f in mine
                ]
                ET.SubElement(case, "system-out").text = "\n".join(notes + req.locations)
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        total += counts["tests"]
        failures += counts["failures"]
        skipped += counts["skipped"]
    if run.errors:
        suite = ET.SubElement(suites, "testsuite", name="plancheck input", tests=str(len(run.errors)))
        suite.set("failures", "0")
        suite.set("errors", str(len(run.errors)))
        suite.set("skipped", "0")
        for problem in run.errors:
            case = ET.SubElement(suite, "testcase", classname="plancheck.input", name=problem.file)
            ET.SubElement(case, "error", message=problem.format(lang), type=problem.code)
        total += len(run.errors)
        errors += len(run.errors)
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    suites.set("skipped", str(skipped))
    _xml_safe(suites)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
