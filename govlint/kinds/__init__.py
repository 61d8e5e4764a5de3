"""The rule kinds: generic checks that YAML rules configure."""

from __future__ import annotations

from govlint.kinds.base import Hit, Kind, Text
from govlint.kinds.sections import Sections
from govlint.kinds.tables import TableCells, TableExtraction, TableSum
from govlint.kinds.text import Duplicates, Pattern, SectionContent

KINDS: dict[str, type[Kind]] = {
    k.name: k for k in (Sections, TableSum, TableCells, TableExtraction, Duplicates, Pattern, SectionContent)
}

__all__ = ["KINDS", "Hit", "Kind", "Text"]
