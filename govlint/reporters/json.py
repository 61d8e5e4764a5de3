"""Machine-readable output (schema version 1: fields are only ever added)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from govlint import __version__
from govlint.findings import FileResult
from govlint.reporters import Collecting
from govlint.reporters.summary import Tally, counts

SCHEMA_VERSION = 1


def file_record(r: FileResult) -> dict[str, Any]:
    """What JSON outputs say about one file."""
    return {"path": r.path, "format": r.format, "year": r.year, "title": r.title, "encoding": r.encoding,
            "organ": r.organ, "findings": len(r.findings), "extraction": r.extraction}


def document(results: Sequence[FileResult], tally: Tally | None = None, statistics: bool = False) -> dict[str, Any]:
    """The JSON document for a run."""
    doc: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "govlint", "version": __version__},
        "summary": tally.as_dict() if tally else counts(results),
        "files": [file_record(r) for r in results],
        "findings": [f.to_dict() for r in results for f in r.findings],
    }
    if statistics and tally:
        doc["statistics"] = tally.statistics()
    return doc


class Json(Collecting):
    """One JSON document."""

    def render(self, results: Sequence[FileResult], tally: Tally) -> None:
        json.dump(document(results, tally, self.statistics), self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
