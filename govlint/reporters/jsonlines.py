"""JSON Lines, streamed: one object per line as each file completes, so memory stays flat on
any archive. Lines: {"type": "finding", ...finding} for each finding, {"type": "file", ...}
after a file's findings, {"type": "summary", ...} last. Schema version 1, as `json` (suppressed
findings included, with their `suppression`). Findings about the suppressions for a config or
baseline file are followed by a file line for it, as the `json` document lists it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from govlint.findings import FileResult, Finding
from govlint.reporters import Reporter
from govlint.reporters.json import SCHEMA_VERSION, file_record, finding_record
from govlint.reporters.summary import Tally


class JsonLines(Reporter):
    """A line per finding and per file, as they complete."""

    def __init__(self, out: IO[str], lang: str, statistics: bool = False) -> None:
        super().__init__(out, lang, statistics)
        self.seen: set[str] = set()

    def file(self, result: FileResult) -> None:
        self.seen.add(result.path)
        for finding in result.findings:
            self.line({"type": "finding", **finding_record(finding)})
        self.line({"type": "file", **file_record(result)})
        self.out.flush()

    def extra(self, path: str, findings: Sequence[Finding]) -> None:
        for finding in findings:
            self.line({"type": "finding", **finding_record(finding)})
        if path not in self.seen:  # a config or baseline file: listed like a file, as in `json`
            self.seen.add(path)
            self.line({"type": "file", **file_record(FileResult(path, tuple(findings)))})

    def finish(self, tally: Tally) -> None:
        summary: dict[str, Any] = {"type": "summary", "version": SCHEMA_VERSION, **tally.as_dict()}
        if self.statistics:
            summary["statistics"] = tally.statistics()
        self.line(summary)

    def line(self, obj: dict[str, Any]) -> None:
        """Write one JSON object on one line."""
        self.out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
