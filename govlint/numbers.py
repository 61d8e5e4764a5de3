"""Table cell values: numbers, blanks and the placeholders used for "nothing" (—, /, 无).

A blank cell is never 0: it is kept as blank so that a rule can say the value is
missing instead of computing with a guessed zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

from govlint.normalize import fold


class CellState(StrEnum):
    """What a cell holds."""

    NUMBER = "number"
    BLANK = "blank"  # empty cell (e.g. HTML &nbsp;, an empty field between tabs)
    DASH = "dash"  # —, -, /, 无: "nothing" written instead of a number
    TEXT = "text"  # something that is not a number


Number = int | Decimal

MAX_DASH = 6  # “——”, “/”, “无”, “- -”: anything longer without a digit is words
MAX_CELL = 100  # longer is text, not a number (int() refuses > 4300 digits anyway)
_NUM = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_DASHES = frozenset({"无", "\\", "/"})
# A unit written into the cell ("251000元", "70.81万元", "5件"): accepted, value kept.
_ANY_DIGIT = re.compile(r"\d")
_DASH_CHARS = frozenset({"—", "–", "-", "/"})
_NOTE = re.compile(r"^(?P<cell>[^()]+?)\((?P<note>[^()]{1,40})\)$")
_UNIT = re.compile(r"^(?P<num>.+?)(?P<unit>万元|亿元|元|件|个|次|项|条)$")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed cell token."""

    state: CellState
    value: Number | None = None
    unit: str | None = None
    note: str | None = None  # a remark written into the cell: 22（其中修订16件）


@lru_cache(maxsize=8192)
def parse_cell(raw: str) -> Parsed:
    """Classify one cell's text and parse its number (cached: tables repeat their labels and
    small numbers, report after report; Parsed is immutable)."""
    if len(raw) > MAX_CELL:
        return Parsed(CellState.TEXT)
    if raw.isascii() and raw.isdigit():  # the common case, fast
        return Parsed(CellState.NUMBER, int(raw))
    if not _ANY_DIGIT.search(raw):  # no digit: blank, a dash, or words
        stripped = raw.strip()
        if not stripped or stripped in ("\u00a0", "\u3000"):
            return Parsed(CellState.BLANK)
        if len(stripped) > MAX_DASH:
            return Parsed(CellState.TEXT)  # a label: dashes are short
        if stripped not in _DASHES and not set(fold(stripped).replace(" ", "")) <= _DASH_CHARS:
            return Parsed(CellState.TEXT)
    text = fold(raw).strip().replace(" ", "")
    if not text:
        return Parsed(CellState.BLANK)
    annotated = _NOTE.match(text)
    if annotated:
        inner = parse_cell(annotated.group("cell"))
        if inner.state is CellState.NUMBER:
            return Parsed(CellState.NUMBER, inner.value, inner.unit, annotated.group("note"))
    if text in _DASHES or set(text) <= _DASH_CHARS:
        return Parsed(CellState.DASH)
    unit = None
    m = _UNIT.match(text)
    if m and _NUM.fullmatch(m.group("num")):
        text, unit = m.group("num"), m.group("unit")
    if not _NUM.fullmatch(text):
        return Parsed(CellState.TEXT)
    return Parsed(CellState.NUMBER, to_number(text), unit)


def to_number(text: str) -> Number:
    """Parse a validated numeric string: int when integral in form, else Decimal."""
    text = text.replace(",", "")
    if "." not in text:
        return int(text)
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - guarded by _NUM
        raise ValueError(text) from None


def fmt(value: Number | None) -> str:
    """Render a number for messages (no exponent, no trailing noise)."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)
