"""The rule kinds: generic checks that YAML rules configure."""

from __future__ import annotations

from govlint.kinds.base import Hit, Kind, Text
from govlint.kinds.dates import Dates
from govlint.kinds.facts import Claim, Narrative, Percentages
from govlint.kinds.sections import Sections
from govlint.kinds.tables import TableCells, TableExtraction, TableLabels, TableSum, TableValue
from govlint.kinds.text import Duplicates, Pattern, SectionContent
from govlint.kinds.writing import Enumeration

KINDS: dict[str, type[Kind]] = {
    k.name: k
    for k in (Sections, TableSum, TableCells, TableExtraction, TableLabels, TableValue, Duplicates, Pattern,
              SectionContent, Narrative, Percentages, Claim, Dates, Enumeration)
}

__all__ = ["KINDS", "Hit", "Kind", "Text"]
