"""Reporters: render file results for people (text) or programs (json)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO

from govlint.findings import FileResult

Reporter = Callable[[Sequence[FileResult], IO[str], str], None]


def get(name: str) -> Reporter:
    """The reporter for an output format (imported lazily: rich is only needed for text)."""
    if name == "json":
        from govlint.reporters.json import render
    else:
        from govlint.reporters.text import render
    return render

