"""CSV for Excel and WPS: UTF-8 with a byte-order mark (so Chinese text opens intact), one row
per finding, streamed. Findings suppressed by a baseline or waiver are left out."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import IO

from govlint.findings import FileResult, Finding
from govlint.reporters import Reporter
from govlint.reporters.summary import Tally, shown

HEADER = {
    "zh": ["文件", "机关", "年度", "规则", "规则名称", "级别", "行", "列号", "部分", "表格", "表格行", "表格列",
           "应为", "实为", "问题", "建议"],
    "en": ["path", "organ", "year", "code", "name", "severity", "line", "column", "section", "table", "row",
           "table_column", "expected", "found", "message", "help"],
}
SEVERITY = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}}


class Csv(Reporter):
    """A row per finding, written as files complete."""

    def __init__(self, out: IO[str], lang: str, statistics: bool = False) -> None:
        super().__init__(out, lang, statistics)
        self.writer = csv.writer(out, lineterminator="\r\n")
        out.write("\ufeff")
        self.writer.writerow(HEADER[lang])
        self.meta: dict[str, tuple[str, str]] = {}

    def file(self, result: FileResult) -> None:
        self.meta[result.path] = (result.organ or "", str(result.year or ""))
        for finding in shown(result.findings):
            self.row(finding)

    def extra(self, path: str, findings: Sequence[Finding]) -> None:
        for finding in shown(findings):
            self.row(finding)

    def row(self, f: Finding) -> None:
        """One finding as a row."""
        organ, year = self.meta.get(f.path, ("", ""))
        severity = SEVERITY.get(self.lang, {}).get(f.severity.label, f.severity.label)
        self.writer.writerow([f.path, organ, year, f.code, f.name, severity, f.line, f.column, f.section or "",
                              f.table_name or "", f.row or "", f.col or "", f.expected or "", f.found or "",
                              f.message, f.help or ""])

    def finish(self, tally: Tally) -> None:
        self.out.flush()
