"""JSON Lines, streamed: one object per line as each file completes, so memory stays flat on
any archive. Lines: {"type": "finding", ...finding} for each finding, {"type": "file", ...}
after a file's findings, {"type": "summary", ...} last. Schema version 1, as `json`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from govlint.findings import FileResult, Finding
from govlint.reporters import Reporter
from govlint.reporters.json import SCHEMA_VERSION, file_record
from govlint.reporters.summary import Tally


class JsonLines(Reporter):
    """A line per finding and per file, as they complete."""

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            self.line({"type": "finding", **finding.to_dict()})
        self.line({"type": "file", **file_record(result)})
        self.out.flush()

    def extra(self, path: str, findings: Sequence[Finding]) -> None:
        for finding in findings:
            self.line({"type": "finding", **finding.to_dict()})

    def finish(self, tally: Tally) -> None:
        summary: dict[str, Any] = {"type": "summary", "version": SCHEMA_VERSION, **tally.as_dict()}
        if self.statistics:
            summary["statistics"] = tally.statistics()
        self.line(summary)

    def line(self, obj: dict[str, Any]) -> None:
        """Write one JSON object on one line."""
        self.out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
