"""Cell parsing: numbers, units, thousands separators, blanks and placeholders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govlint.numbers import CellState, fmt, parse_cell


@pytest.mark.parametrize(
    ("raw", "state", "value"),
    [
        ("5", CellState.NUMBER, 5),
        ("0", CellState.NUMBER, 0),
        ("13,612", CellState.NUMBER, 13612),
        ("１２", CellState.NUMBER, 12),
        ("70.81", CellState.NUMBER, Decimal("70.81")),
        ("251000元", CellState.NUMBER, 251000),
        ("3件", CellState.NUMBER, 3),
        ("", CellState.BLANK, None),
        ("   ", CellState.BLANK, None),
        ("\u00a0", CellState.BLANK, None),
        ("—", CellState.DASH, None),
        ("-", CellState.DASH, None),
        ("/", CellState.DASH, None),
        ("无", CellState.DASH, None),
        ("——", CellState.DASH, None),
        ("规章", CellState.TEXT, None),
        ("1,2,3", CellState.TEXT, None),
        ("22（其中修订16件）", CellState.NUMBER, 22),
        ("（其中修订16件）", CellState.TEXT, None),
        ("-3", CellState.NUMBER, -3),
    ],
)
def test_cells_are_classified(raw: str, state: CellState, value: object) -> None:
    parsed = parse_cell(raw)
    assert parsed.state is state
    assert parsed.value == value


@given(st.integers(min_value=0, max_value=10**9))
def test_integers_round_trip_with_and_without_separators(n: int) -> None:
    assert parse_cell(str(n)).value == n
    assert parse_cell(f"{n:,}").value == n
    full_width = str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    assert parse_cell(full_width).value == n


@given(st.text(alphabet="规章件数合计总", min_size=1, max_size=10))
def test_chinese_words_never_parse_as_numbers(text: str) -> None:
    assert parse_cell(text).state is not CellState.NUMBER


def test_fmt_renders_decimals_without_exponent() -> None:
    assert fmt(Decimal("70.810")) == "70.810"
    assert fmt(Decimal("1E+2")) == "100"
    assert fmt(None) == "—"
