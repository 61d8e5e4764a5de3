"""JUnit XML (CI dashboards): one test case per file; a file fails with one <failure> per
finding at or above the run's --fail-on (so the dashboard agrees with the exit code); findings
below it are listed in the case's <system-out>. Findings suppressed by a baseline or waiver are
left out."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from govlint.findings import FileResult, Finding, Severity
from govlint.reporters import Collecting
from govlint.reporters.summary import Tally, shown


class Junit(Collecting):
    """One test suite, a test case per file."""

    def failing(self, f: Finding) -> bool:
        if self.fail_on is None:
            return True
        return self.fail_on != "never" and f.severity >= Severity.parse(self.fail_on)

    def render(self, results: Sequence[FileResult], tally: Tally) -> None:
        failed = sum(1 for r in results if any(self.failing(f) for f in shown(r.findings)))
        suite = ET.Element("testsuite", name="govlint", tests=str(len(results)), failures=str(failed),
                           errors="0", time=f"{tally.seconds:.3f}")
        for result in results:
            case = ET.SubElement(suite, "testcase", name=result.path, classname=result.organ or "govlint",
                                 file=result.path)
            below = []
            for f in shown(result.findings):
                if not self.failing(f):
                    below.append(f"{f.path}:{f.line}:{f.column}: {f.severity.label} {f.code} {f.message}")
                    continue
                failure = ET.SubElement(case, "failure", type=f"{f.code} {f.name}",
                                        message=f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}")
                failure.text = "\n".join(x for x in (f.message, f.section or "", f.help or "") if x)
            if below:
                ET.SubElement(case, "system-out").text = "\n".join(below)
        suites = ET.Element("testsuites", name="govlint", tests=str(len(results)), failures=str(failed))
        suites.append(suite)
        ET.indent(suites)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(suites, encoding="unicode"))
        self.out.write("\n")
