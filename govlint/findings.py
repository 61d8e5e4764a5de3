"""Findings: what a rule reports, where, and with which numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """Finding severity; higher is worse."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        """`"warning"` → Severity.WARNING."""
        return cls[text.upper()]

    @property
    def label(self) -> str:
        """Lower-case name, as used in files and output."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Related:
    """A second place a finding refers to (e.g. the first copy of a duplicated paragraph)."""

    line: int
    column: int
    section: str | None = None
    text: str | None = None
    path: str | None = None  # another file (cross-report checks); None: the finding's own file

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out = {"line": self.line, "column": self.column, "section": self.section, "text": self.text}
        return {**out, "path": self.path} if self.path else out


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding is suppressed: kind "baseline" (known before) or "waiver" (accepted, with a
    reason and maybe an expiry date)."""

    kind: str
    reason: str = ""
    source: str = ""  # the baseline or config file that suppressed it


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one document."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int = 1
    column: int = 1
    section: str | None = None  # heading of the section, e.g. 三、收到和处理政府信息公开申请情况
    table: str | None = None  # table id (t3)
    table_name: str | None = None  # 表三（收到和处理政府信息公开申请情况）
    row: str | None = None  # row label
    col: str | None = None  # column label
    expected: str | None = None
    found: str | None = None
    help: str | None = None
    source: str | None = None  # the source line, for display
    related: tuple[Related, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    suppression: Suppression | None = None  # set by a baseline or waiver: shown in JSON/SARIF, not counted

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order: file, position, code (a stable sort keeps a rule's own order after that)."""
        return (self.path, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of a finding (schema version 1; fields are only ever added)."""
        table = None
        if self.table or self.row or self.col:
            table = {"id": self.table, "name": self.table_name, "row": self.row, "column": self.col}
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "help": self.help,
            "path": self.path,
            "location": {
                "line": self.line,
                "column": self.column,
                "section": self.section,
                "table": table,
            },
            "evidence": {"expected": self.expected, "found": self.found, **self.evidence},
            "related": [r.to_dict() for r in self.related],
        }


@dataclass(frozen=True, slots=True)
class FileResult:
    """All findings for one input, plus what was learnt about it."""

    path: str
    findings: tuple[Finding, ...]
    format: str | None = None
    year: int | None = None
    title: str | None = None
    encoding: str | None = None
    extraction: dict[str, Any] | None = field(default=None, compare=False)  # see govlint.health
    organ: str | None = None  # the reporting organ, from the title

    @property
    def worst(self) -> Severity | None:
        """The highest severity among the findings."""
        return max((f.severity for f in self.findings), default=None)
