"""Digits run together: split them by the table's own identities, or leave them alone.

Text dumps of web pages often lose the separators between cells (“801000081” for the row
80 1 0 0 0 0 81). A row whose values are only digit runs can be split into its columns in
few ways once parts have no leading zeros; the table's sums (the pack's `table_sum` rules)
rule out nearly all of them. A split is accepted only when it is determined: the ONLY split
under which the row's own sums hold, or (for rows with several) the same split in every
choice under which the column sums hold. Accepted rows are marked `inferred`: GL007 lists
them, and a sum error on their numbers says they were inferred. The rest stays unread (GL003).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import product
from math import comb

from govlint.document import Cell, Document, Pos, Row, RowStatus, Table
from govlint.kinds.tables import TableSum
from govlint.numbers import CellState
from govlint.parser.tables import table_status
from govlint.rulepack import Pack

MAX_PART = 7  # digits in one cell: counts beyond 9,999,999 are not plausible
MAX_SPLITS = 20_000  # splits of one row worth enumerating
MAX_COMBINATIONS = 5_000  # joint choices over the glued rows of a table


def infer(doc: Document, pack: Pack) -> Document:
    """`doc` with the glued rows of each table split where exactly one split fits."""
    sums = [r.kind for r in pack.rules if isinstance(r.kind, TableSum) and r.when.applies(doc)]
    tables = dict(doc.tables)
    changed = False
    for tid, table in doc.tables.items():
        tdef = pack.template.table(tid)
        solved = _solve(table, [k for k in sums if k.tdef.id == tid]) if tdef else None
        if solved is not None:
            tables[tid] = replace(solved, status=table_status(tdef, solved.rows))  # type: ignore[arg-type]
            changed = True
    return replace(doc, tables=tables) if changed else doc


def _solve(table: Table, sums: Sequence[TableSum]) -> Table | None:
    """The table with its glued rows split where the split is determined: the only one that
    satisfies the row's own sums, or the same one in every choice that satisfies the sums
    across rows (columns). A row with no fitting split stays unread."""
    settled: list[Row] = []
    open_rows: list[list[Row]] = []
    for row in table.rows:
        if _digits(row) is None:
            continue
        rows = [r for r in _candidates(row) if _holds(_with(table, [r]), sums, {row.id}, "row")]
        if len(rows) == 1:
            settled.append(rows[0])
        elif rows:
            open_rows.append(rows)
    table = _with(table, settled)
    if open_rows and _product(len(o) for o in open_rows) <= MAX_COMBINATIONS:
        ids = {o[0].id for o in open_rows}
        fitting = [c for c in product(*open_rows) if _holds(_with(table, list(c)), sums, ids, "column")]
        agreed = [fitting[0][k] for k in range(len(open_rows))
                  if fitting and all(c[k].cells == fitting[0][k].cells for c in fitting)]
        settled += agreed
        table = _with(table, agreed)
    return table if settled else None


def _digits(row: Row) -> list[Cell] | None:
    """The cells of an ambiguous row if they are all plain digit runs (the glued case)."""
    if row.status != RowStatus.AMBIGUOUS or not row.cells or not row.columns:
        return None
    cells = [c for c in row.cells if c.state is not CellState.BLANK]
    if not cells or not all(c.raw.isascii() and c.raw.isdigit() for c in cells):
        return None
    if sum(len(c.raw) for c in cells) < len(row.columns) or len(cells) > len(row.columns):
        return None
    return cells


def _candidates(row: Row) -> Iterator[Row]:
    """Every split of the row's digit runs into its columns (no leading zeros)."""
    tokens = _digits(row)
    assert tokens is not None
    if _count(tokens, len(row.columns)) > MAX_SPLITS:
        return
    for parts in _splits(tokens, len(row.columns)):
        written = " ".join(c.raw for c in tokens)
        yield replace(row, status=RowStatus.OK, cells=tuple(parts), problem=None, inferred=written)


def _splits(tokens: Sequence[Cell], n: int) -> Iterator[list[Cell]]:
    if not tokens:
        if n == 0:
            yield []
        return
    first, rest = tokens[0], tokens[1:]
    remaining = sum(len(t.raw) for t in rest)
    for k in range(1, n - len(rest) + 1):  # parts taken by the first run
        if n - k > remaining:
            continue
        for head in _cut(first.raw, k):
            cells = _cells(first, head)
            for tail in _splits(rest, n - k):
                yield cells + tail


def _cut(digits: str, k: int) -> Iterator[list[str]]:
    """`digits` cut into `k` numbers without leading zeros, each at most MAX_PART long."""
    if k == 1:
        if len(digits) <= MAX_PART and (digits == "0" or not digits.startswith("0")):
            yield [digits]
        return
    first_max = 1 if digits.startswith("0") else MAX_PART
    for size in range(1, min(first_max, len(digits) - k + 1) + 1):
        for rest in _cut(digits[size:], k - 1):
            yield [digits[:size], *rest]


def _cells(token: Cell, parts: list[str]) -> list[Cell]:
    out, at = [], 0
    for part in parts:
        pos = Pos(token.pos.line, token.pos.col + at)
        out.append(Cell(part, CellState.NUMBER, int(part), pos))
        at += len(part)
    return out


def _count(tokens: Sequence[Cell], n: int) -> int:
    """An upper bound of the splits: ways to place n - len(tokens) extra cuts."""
    gaps = sum(len(t.raw) - 1 for t in tokens)
    extra = n - len(tokens)
    return comb(gaps, extra) if 0 <= extra <= gaps else 0


def _with(table: Table, rows: list[Row]) -> Table:
    by_id = {r.id: r for r in rows}
    return replace(table, rows=tuple(by_id.get(r.id, r) for r in table.rows))


def _holds(table: Table, sums: Sequence[TableSum], ids: set[str], axis: str) -> bool:
    """Every identity along `axis` that involves the rows `ids` and can be evaluated holds."""
    for kind in sums:
        if kind.axis != axis:
            continue
        for ident in kind.over:
            touches = ident in ids if axis == "row" else bool(ids & {*kind.total, *kind.parts})
            if touches and kind.holds(table, ident) is False:
                return False
    return True


def _product(sizes: Iterator[int]) -> int:
    total = 1
    for size in sizes:
        total *= size
    return total

