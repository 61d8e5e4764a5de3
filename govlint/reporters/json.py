"""Machine-readable output (schema version 1: fields are only ever added)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from govlint import __version__
from govlint.findings import FileResult
from govlint.reporters.summary import counts

SCHEMA_VERSION = 1


def document(results: Sequence[FileResult]) -> dict[str, Any]:
    """The JSON document for a run."""
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "govlint", "version": __version__},
        "summary": counts(results),
        "files": [
            {"path": r.path, "format": r.format, "year": r.year, "title": r.title, "encoding": r.encoding,
             "findings": len(r.findings), "extraction": r.extraction}
            for r in results
        ],
        "findings": [f.to_dict() for r in results for f in r.findings],
    }


def render(results: Sequence[FileResult], out: IO[str], lang: str) -> None:
    """Write the run as one JSON document."""
    json.dump(document(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
