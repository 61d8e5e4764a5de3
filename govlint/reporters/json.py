"""Machine-readable output (schema version 1: fields are only ever added). Findings suppressed
by a baseline or waiver are included with a `suppression` object (kind, reason, source); they
are not counted in `summary.findings` nor in a file's `findings`, which count what is reported
(the summary's `suppressed` and the file's `suppressed` count them, when there are any)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from govlint import __version__
from govlint.findings import FileResult, Finding
from govlint.reporters import Collecting
from govlint.reporters.summary import Tally, counts

SCHEMA_VERSION = 1


def file_record(r: FileResult) -> dict[str, Any]:
    """What JSON outputs say about one file."""
    suppressed = sum(f.suppression is not None for f in r.findings)
    record = {"path": r.path, "format": r.format, "year": r.year, "title": r.title, "encoding": r.encoding,
              "organ": r.organ, "findings": len(r.findings) - suppressed, "extraction": r.extraction}
    return {**record, "suppressed": suppressed} if suppressed else record


def finding_record(f: Finding) -> dict[str, Any]:
    """What JSON outputs say about one finding: its JSON form, plus `suppression` if suppressed."""
    out = f.to_dict()
    if f.suppression is not None:
        s = f.suppression
        out["suppression"] = {"kind": s.kind, "reason": s.reason, "source": s.source}
    return out


def document(results: Sequence[FileResult], tally: Tally | None = None, statistics: bool = False) -> dict[str, Any]:
    """The JSON document for a run."""
    doc: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "govlint", "version": __version__},
        "summary": tally.as_dict() if tally else counts(results),
        "files": [file_record(r) for r in results],
        "findings": [finding_record(f) for r in results for f in r.findings],
    }
    if statistics and tally:
        doc["statistics"] = tally.statistics()
    return doc


class Json(Collecting):
    """One JSON document."""

    def render(self, results: Sequence[FileResult], tally: Tally) -> None:
        json.dump(document(results, tally, self.statistics), self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
