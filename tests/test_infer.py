"""Digits run together (govlint.infer): a split is used only when it is determined, and a
determined split is always the true one."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govlint.api import check_text
from govlint.config import Config
from govlint.document import RowStatus
from govlint.rulepack import load_pack

PACK = load_pack("gov-2021")
T3 = PACK.template.table("t3")
ROWS = tuple(r for r in T3.rows if not r.optional)
RESULTS = tuple(f"r{k}" for k in range(3, 24))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = st.one_of(st.integers(0, 3), st.integers(0, 120))


@st.composite
def balanced(draw: st.DrawFn) -> dict[str, list[int]]:
    """表三 values (six applicant columns and the total) that satisfy every identity."""
    rows = {rid: [draw(SMALL) if c < 2 else draw(st.integers(0, 2)) for c in range(6)] for rid in RESULTS}
    r24 = [sum(rows[r][c] for r in RESULTS) for c in range(6)]
    r25 = [draw(st.integers(0, 20)) for _ in range(6)]
    r2 = [draw(st.integers(0, r24[c] + r25[c])) for c in range(6)]
    r1 = [r24[c] + r25[c] - r2[c] for c in range(6)]
    values = {"r1": r1, "r2": r2, **rows, "r24": r24, "r25": r25}
    return {rid: [*v, sum(v)] for rid, v in values.items()}


def one_line_dump(values: dict[str, list[int]], glued: set[str]) -> str:
    """A web page flattened to one line: labels and numbers run together; rows in `glued`
    lose the separators between their numbers too."""
    parts = ["某局2023年政府信息公开工作年度报告 三、收到和处理政府信息公开申请情况"]
    for rdef in ROWS:
        numbers = values[rdef.id]
        joined = "".join(map(str, numbers)) if rdef.id in glued else " ".join(map(str, numbers))
        parts.append(f"{rdef.label.replace(' ', '')}{joined}")
    return "".join(parts) + "四、政府信息公开行政复议、行政诉讼情况"


def t3_of(text: str):  # type: ignore[no-untyped-def]
    from govlint.api import parse_text

    doc, _, _ = parse_text(text, "<t>", Config(pack="gov-2021"))
    return doc.tables["t3"]


@SETTINGS
@given(balanced(), st.sets(st.sampled_from([r.id for r in ROWS]), min_size=1))
def test_a_determined_split_is_the_true_one(values: dict[str, list[int]], glued: set[str]) -> None:
    table = t3_of(one_line_dump(values, glued))
    for row in table.rows:
        if row.id in values and row.status == RowStatus.OK:
            assert [c.value for c in row.cells] == values[row.id], (row.id, row.inferred)
            assert not row.inferred or row.id in glued  # rows written with separators are read, not inferred


def _single_digits(numbers: list[int]) -> bool:
    return all(n < 10 for n in numbers)


@SETTINGS
@given(balanced(), st.sets(st.sampled_from([r.id for r in ROWS]), min_size=1))
def test_balanced_glued_table_has_no_sum_finding(values: dict[str, list[int]], glued: set[str]) -> None:
    result = check_text(one_line_dump(values, glued), config=Config(pack="gov-2021"))
    assert not [f for f in result.findings if f.code in ("GL301", "GL302", "GL303")]
    codes = {f.code for f in result.findings}
    inferred = [r for r in t3_of(one_line_dump(values, glued)).rows if r.inferred]
    assert ("GL007" in codes) == bool(inferred)


@SETTINGS
@given(balanced())
def test_rows_of_single_digits_are_always_determined(values: dict[str, list[int]]) -> None:
    small = {rid for rid, v in values.items() if _single_digits(v)}
    table = t3_of(one_line_dump(values, small))
    for rid in small:
        row = table.row(rid)
        assert row is not None and row.status == RowStatus.OK and row.inferred


def test_a_row_that_cannot_add_up_stays_unread() -> None:
    text = "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量1111103"
    row = t3_of(text).row("r1")
    assert row is not None and row.status == RowStatus.AMBIGUOUS and not row.inferred
    assert "GL003" in {f.code for f in check_text(text).findings}


def test_several_fitting_splits_are_not_guessed() -> None:
    # “11000011” adds up as 11 0 0 0 0 0 11 and as 1 10 0 0 0 0 11: not determined.
    text = "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量11000011"
    row = t3_of(text).row("r1")
    assert row is not None and row.status == RowStatus.AMBIGUOUS


def test_cells_point_into_the_glued_digits() -> None:
    text = "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量801000081二、"
    row = t3_of(text).row("r1")
    assert row is not None and row.inferred == "801000081"
    start = text.index("801000081") + 1
    assert [c.pos.col for c in row.cells] == [start, start + 2, start + 3, start + 4, start + 5, start + 6,
                                              start + 7]
