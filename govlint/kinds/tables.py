"""Kinds over template tables: `table_sum` (arithmetic identities), `table_cells` (blank
cells where a number is due) and `table_extraction` (tables absent or not readable)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from govlint.document import Cell, Document, Pos, Problem, Row, RowStatus, Table, TableStatus
from govlint.kinds.base import Hit, Kind, Text
from govlint.normalize import key
from govlint.numbers import CellState, Number, fmt
from govlint.schema import Where, choice, expect, str_list
from govlint.templates import CellRef, ColumnDef, TableDef, Template, cell_ref

MAX_TERMS = 8  # longer sums are shown with their non-zero terms only


def _table_def(value: Any, where: Where, template: Template) -> TableDef:
    expect(value, str, where, "a table id")
    tdef = template.table(value)
    if tdef is None:
        raise where.error(f"unknown table '{value}' (the template defines "
                          f"{', '.join(t.id for t in template.tables)})")
    return tdef


def table_text(tdef: TableDef) -> Text:
    """The table's display name in both languages."""
    return Text(tdef.name["zh"], tdef.name["en"])


def active_rows(table: Table, tdef: TableDef, ids: tuple[str, ...]) -> list[Row] | None:
    """The rows to use for `ids`: an alternative row stands in for the rows it replaces.

    Returns None when a needed row was not extracted (the extraction rules report it).
    """
    out: list[Row] = []
    for rid in ids:
        row = table.row(rid)
        rdef = tdef.row(rid)
        if row is None or row.status == RowStatus.OK:
            if row is not None:
                out.append(row)
            continue
        if rdef.optional and row.status == RowStatus.MISSING:
            continue
        alt = [a for a in tdef.rows if a.optional and rid in a.replaces]
        if any(table.row(a.id) is not None and table.row(a.id).status == RowStatus.OK for a in alt):  # type: ignore[union-attr]
            continue
        return None
    return out


@dataclass(frozen=True, slots=True)
class TableSum(Kind):
    """sum(total) == sum(parts), once per row (`for_each: row`) or per column."""

    tdef: TableDef
    axis: str
    over: tuple[str, ...]
    total: tuple[str, ...]
    parts: tuple[str, ...]

    name = "table_sum"
    fields = frozenset({"table", "row", "column", "expected", "found", "expression", "total_expr",
                        "difference"})
    params = ("table", "for_each", "over", "total", "parts")
    required = ("table", "for_each", "total", "parts")

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> TableSum:
        tdef = _table_def(params["table"], where.at("table", params), template)
        axis = choice(params["for_each"], ("row", "column"), where.at("for_each", params))
        other = "column" if axis == "row" else "row"
        over = str_list(params.get("over", []), where.at("over", params))
        total = str_list(params["total"], where.at("total", params))
        parts = str_list(params["parts"], where.at("parts", params))
        tdef.check_refs(over, axis, where.at("over", params))
        tdef.check_refs(total, other, where.at("total", params))
        tdef.check_refs(parts, other, where.at("parts", params))
        ids = tdef.expand(over, axis) if over else tuple(
            (r.id for r in tdef.rows) if axis == "row" else (c.id for c in tdef.columns))
        return cls(tdef, axis, ids, tdef.expand(total, other), tdef.expand(parts, other))

    def check(self, doc: Document) -> Iterator[Hit]:
        table = doc.tables.get(self.tdef.id)
        if table is None or table.status in (TableStatus.ABSENT, TableStatus.UNREADABLE):
            return
        blocked: list[Text] = []
        where: Pos | None = None  # the first blank cell that leaves an identity open
        for ident in self.over:
            pair = self._cells(table, ident)
            if pair is None:
                continue
            total, parts = pair
            if _undecided(total, parts):
                blocked.append(self._label(table, ident))
                where = where or next(c.pos for c in (*total, *parts) if c.value is None)
                continue
            hit = self._compare(table, ident, total, parts)
            if hit is not None:
                yield self._inferred(table, ident, hit)
        if blocked:
            yield Hit(where or table.pos or Pos(1), {"table": table_text(self.tdef), "count": len(blocked),
                                            "instances": _listing(blocked)},
                      table=self.tdef.id, table_name=table_text(self.tdef), unverifiable=True)

    def holds(self, table: Table, ident: str) -> bool | None:
        """Whether the identity holds for one row or column; None if it cannot be evaluated
        (rows not read, or blank cells)."""
        pair = self._cells(table, ident)
        if pair is None or any(c.value is None for c in (*pair[0], *pair[1])):
            return None
        return _sum(pair[0]) == _sum(pair[1])

    def _cells(self, table: Table, ident: str) -> tuple[list[Cell], list[Cell]] | None:
        """(total cells, part cells) of one instance, or None if its rows were not extracted."""
        if self.axis == "row":
            row = table.row(ident)
            if row is None or row.status != RowStatus.OK:
                return None
            total = [row.cell(c) for c in self.total]
            parts = [row.cell(c) for c in self.parts]
            if any(c is None for c in (*total, *parts)):
                return None
            return total, parts  # type: ignore[return-value]
        total_rows = active_rows(table, self.tdef, self.total)
        part_rows = active_rows(table, self.tdef, self.parts)
        if not total_rows or part_rows is None:
            return None
        cells = [r.cell(ident) for r in (*total_rows, *part_rows)]
        if any(c is None for c in cells):
            return None
        return cells[: len(total_rows)], cells[len(total_rows):]  # type: ignore[return-value]

    def _inferred(self, table: Table, ident: str, hit: Hit) -> Hit:
        """The hit, noting the rows whose numbers govlint split from digits run together."""
        ids = (ident,) if self.axis == "row" else (*self.total, *self.parts)
        rows = [r.label for r in table.rows if r.id in ids and r.inferred]
        return replace(hit, evidence={**hit.evidence, "inferred_rows": rows}) if rows else hit

    def _label(self, table: Table, ident: str) -> Text:
        if self.axis == "row":
            label = self.tdef.row(ident).label
            return Text(f"“{label}”行", f"row “{label}”")
        label = self.tdef.column(ident).display
        return Text(f"“{label}”列", f"column “{label}”")

    def _compare(self, table: Table, ident: str, total: list[Cell], parts: list[Cell]) -> Hit | None:
        found = _sum(total)
        expected = _sum(parts)
        if found == expected:
            return None
        if self.axis == "row":
            row_label = self.tdef.row(ident).label
            col_label = " + ".join(self.tdef.column(c).display for c in self.total)
        else:
            row_label = " + ".join(self.tdef.row(r).label for r in self.total)
            col_label = self.tdef.column(ident).display
        fields = {
            "table": table_text(self.tdef),
            "row": row_label,
            "column": col_label,
            "expected": fmt(expected),
            "found": fmt(found),
            "expression": _expression(parts),
            "total_expr": _expression(total),
            "difference": fmt(found - expected),
        }
        return Hit(total[0].pos, fields, table=self.tdef.id, table_name=table_text(self.tdef),
                   row=row_label, col=col_label, expected=fmt(expected), found=fmt(found),
                   evidence={"terms": [c.raw for c in parts], "total_terms": [c.raw for c in total]})


def _undecided(total: list[Cell], parts: list[Cell]) -> bool:
    """Whether blank cells leave the identity open. Counts are never negative, so blanks read
    as 0 either balance it (the only consistent reading: nothing to report) or leave a gap that
    only the side with blanks could close (unverifiable); a side without blanks that is already
    exceeded by the other side's known cells is a definite error."""
    total_open = any(c.value is None for c in total)
    parts_open = any(c.value is None for c in parts)
    if not (total_open or parts_open):
        return False
    found, expected = _sum(total), _sum(parts)
    if found == expected:
        return False
    if total_open and parts_open:
        return True
    return found < expected if total_open else expected < found


def _listing(labels: list[Text], limit: int = 5) -> Text:
    shown = labels[:limit]
    zh, en = "、".join(b.zh for b in shown), ", ".join(b.en for b in shown)
    if len(labels) > limit:
        zh, en = f"{zh}等 {len(labels)} 处", f"{en} and {len(labels) - limit} more"
    return Text(zh, en)


def _sum(cells: list[Cell]) -> Number:
    """Sum of the cells' values, blanks counting 0 (callers decide what blanks mean)."""
    total: Number = 0
    for cell in cells:
        if cell.value is not None:
            total = total + cell.value
    return total


def _expression(cells: list[Cell]) -> Text:
    if any(c.value is None for c in cells):
        return Text(" + ".join(fmt(c.value) if c.value is not None else "空白" for c in cells),
                    " + ".join(fmt(c.value) if c.value is not None else "blank" for c in cells))
    values = [fmt(c.value) for c in cells]
    if len(values) == 1:
        return Text(values[0], values[0])
    if len(values) <= MAX_TERMS:
        joined = " + ".join(values)
        return Text(joined, joined)
    nonzero = [v for v in values if v != "0"] or ["0"]
    joined = " + ".join(nonzero)
    return Text(f"{joined}（共 {len(values)} 项，其余为 0）", f"{joined} ({len(values)} terms, the others 0)")


CELL_CHECKS = ("blank", "type", "unit", "annotation")
FEE_IN_YUAN = 1_000_000  # 万元: a fee this large (100 亿元) was almost certainly written in 元


@dataclass(frozen=True, slots=True)
class TableCells(Kind):
    """Cell-level checks: `blank` (no number where one is due), `type` (a count that is not a
    non-negative integer), `unit` (a 万元 amount written in 元), `annotation` (a remark in a
    number cell). One hit per row, or per table with `per: table` (a table that leaves whole
    columns empty is one finding, not one per row)."""

    tdefs: tuple[TableDef, ...]
    aspect: str
    per_table: bool

    name = "table_cells"
    fields = frozenset({"table", "row", "columns", "count", "values", "where"})
    params = ("tables", "check", "per")

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> TableCells:
        ids = str_list(params.get("tables", [t.id for t in template.tables]), where.at("tables", params))
        aspect = choice(params.get("check", "blank"), CELL_CHECKS, where.at("check", params))
        per = choice(params.get("per", "row"), ("row", "table"), where.at("per", params))
        return cls(tuple(_table_def(i, where.at("tables", params), template) for i in ids), aspect, per == "table")

    def check(self, doc: Document) -> Iterator[Hit]:
        for tdef in self.tdefs:
            table = doc.tables.get(tdef.id)
            if table is None:
                continue
            found: list[tuple[Row, list[tuple[ColumnDef, Cell]]]] = []
            for row in table.rows:
                if row.status != RowStatus.OK:
                    continue
                bad = [(tdef.column(c), cell) for c, cell in zip(row.columns, row.cells, strict=False)
                       if self._suspect(cell) and self._bad(tdef.column(c), cell)]
                if bad:
                    found.append((row, bad))
            if self.per_table and found:
                yield _table_hit(tdef, table, found)
            else:
                yield from (self._hit(tdef, row, bad) for row, bad in found)

    def _suspect(self, cell: Cell) -> bool:
        """A cheap test before the column is looked up: most cells are plain counts."""
        if self.aspect == "blank":
            return cell.state is not CellState.NUMBER
        if self.aspect == "annotation":
            return cell.note is not None
        if cell.state is not CellState.NUMBER or cell.value is None:
            return False
        if self.aspect == "unit":
            return cell.unit == "元" or cell.value >= FEE_IN_YUAN
        return cell.value < 0 or not isinstance(cell.value, int)

    def _bad(self, col: ColumnDef, cell: Cell) -> bool:
        if self.aspect == "blank":
            return cell.state in (CellState.BLANK, CellState.DASH)
        if self.aspect == "annotation":
            return cell.note is not None
        if cell.state is not CellState.NUMBER or cell.value is None:
            return False
        if self.aspect == "unit":
            return "万元" in col.label and (cell.unit == "元" or cell.value >= FEE_IN_YUAN)
        negative = cell.value < 0 and col.type != "signed"
        fractional = col.type != "amount" and cell.value != int(cell.value)
        return negative or fractional

    def _hit(self, tdef: TableDef, row: Row, bad: list[tuple[ColumnDef, Cell]]) -> Hit:
        columns = "、".join(f"“{col.display}”" for col, _ in bad)
        values = "、".join(cell.raw or "（空白）" for _, cell in bad)
        return Hit(bad[0][1].pos, {"table": table_text(tdef), "row": row.label, "columns": columns,
                                   "count": len(bad), "values": values},
                   table=tdef.id, table_name=table_text(tdef), row=row.label,
                   col=bad[0][0].display, found=bad[0][1].raw or "")


@dataclass(frozen=True, slots=True)
class TableLabels(Kind):
    """Row labels written as an older format wrote them (e.g. 规范性文件 for 行政规范性文件)."""

    tdefs: tuple[TableDef, ...]

    name = "table_labels"
    fields = frozenset({"table", "row", "found"})
    params = ("tables",)

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> TableLabels:
        ids = str_list(params.get("tables", [t.id for t in template.tables]), where.at("tables", params))
        return cls(tuple(_table_def(i, where.at("tables", params), template) for i in ids))

    def check(self, doc: Document) -> Iterator[Hit]:
        for tdef in self.tdefs:
            table = doc.tables.get(tdef.id)
            for rdef in tdef.rows:
                row = table.row(rdef.id) if table else None
                if row is None or rdef.deprecated is None or row.status == RowStatus.MISSING:
                    continue
                if rdef.deprecated.search(key(row.found)):
                    yield Hit(row.pos or Pos(1), {"table": table_text(tdef), "row": rdef.label,
                                                  "found": row.found.strip()},
                              table=tdef.id, table_name=table_text(tdef), row=rdef.label,
                              expected=rdef.label, found=row.found.strip())


@dataclass(frozen=True, slots=True)
class TableValue(Kind):
    """A cell sum at or above a threshold where it is implausible (e.g. 规章 made by a county)."""

    template: Template
    value: CellRef
    at_least: int

    name = "table_value"
    fields = frozenset({"table", "cells", "value", "organ"})
    params = ("value", "at_least")
    required = ("value",)

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> TableValue:
        tables = {t.id: t for t in template.tables}
        at_least = expect(params.get("at_least", 1), int, where.at("at_least", params), "an integer")
        return cls(template, cell_ref(params["value"], where.at("value", params), tables), at_least)

    def check(self, doc: Document) -> Iterator[Hit]:
        from govlint.kinds.facts import cell_sum, describe_ref

        value = cell_sum(doc, self.template, self.value)
        table = doc.tables.get(self.value.table)
        tdef = self.template.table(self.value.table)
        if value is None or value < self.at_least or table is None or tdef is None:
            return
        row = table.row(self.value.rows[0])
        pos = row.cells[0].pos if row and row.cells else (table.pos or Pos(1))
        yield Hit(pos, {"table": table_text(tdef), "cells": describe_ref(self.template, self.value),
                        "value": fmt(value), "organ": doc.organ.name or ""},
                  table=tdef.id, table_name=table_text(tdef), found=fmt(value))


def _table_hit(tdef: TableDef, table: Table, found: list[tuple[Row, list[tuple[ColumnDef, Cell]]]]) -> Hit:
    """One hit for a table: whole columns left empty, then the rows with other gaps."""
    ok_rows = [r for r in table.rows if r.status == RowStatus.OK and r.cells]
    per_column: dict[str, int] = {}
    for _, bad in found:
        for col, _ in bad:
            per_column[col.id] = per_column.get(col.id, 0) + 1
    whole = [c for c in tdef.columns if per_column.get(c.id, 0) == len(ok_rows) > 1]
    whole_ids = {c.id for c in whole}
    others = [(row, [b for b in bad if b[0].id not in whole_ids]) for row, bad in found]
    others = [(row, bad) for row, bad in others if bad]
    zh, en = [], []
    if whole:
        names = "、".join(f"“{c.display}”" for c in whole)
        zh.append(f"{names}列全部空白")
        en.append(f"the column(s) {names} are empty throughout")
    if others:
        rows_zh = "、".join(f"“{row.label}”行的" + "、".join(_cell_name(c, cell) for c, cell in bad)
                           for row, bad in others[:3])
        rows_en = "; ".join(f"row “{row.label}”: " + ", ".join(_cell_name(c, cell) for c, cell in bad)
                            for row, bad in others[:3])
        more = len(others) - 3
        zh.append(rows_zh + (f"等 {len(others)} 行" if more > 0 else ""))
        en.append(rows_en + (f" and {more} more row(s)" if more > 0 else ""))
    count = sum(len(bad) for _, bad in found)
    first_row, first_bad = found[0]
    return Hit(first_bad[0][1].pos, {"table": table_text(tdef), "count": count,
                                     "where": Text("；".join(zh), "; ".join(en)), "row": first_row.label,
                                     "columns": "", "values": ""},
               table=tdef.id, table_name=table_text(tdef), row=first_row.label, col=first_bad[0][0].display,
               found=first_bad[0][1].raw or "",
               evidence={"cells": [{"row": row.label, "column": col.display, "value": cell.raw}
                                   for row, bad in found for col, cell in bad]})


def _cell_name(col: ColumnDef, cell: Cell) -> str:
    """A column name, with what the cell holds when it is not simply empty (“—”, “无”)."""
    return f"“{col.display}”（{cell.raw}）" if cell.raw else f"“{col.display}”"


EXTRACTION_CHECKS = ("absent", "unreadable", "rows", "inferred")


@dataclass(frozen=True, slots=True)
class TableExtraction(Kind):
    """Tables that are missing, or present but not readable with confidence."""

    tdefs: tuple[TableDef, ...]
    aspect: str

    name = "table_extraction"
    fields = frozenset({"table", "rows", "count", "details", "replacement"})
    params = ("tables", "check")
    required = ("check",)

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> TableExtraction:
        ids = str_list(params.get("tables", [t.id for t in template.tables]), where.at("tables", params))
        aspect = choice(params["check"], EXTRACTION_CHECKS, where.at("check", params))
        return cls(tuple(_table_def(i, where.at("tables", params), template) for i in ids), aspect)

    def check(self, doc: Document) -> Iterator[Hit]:
        for tdef in self.tdefs:
            table = doc.tables.get(tdef.id)
            if table is None:
                continue
            hit = getattr(self, f"_{self.aspect}")(doc, tdef, table)
            if hit is not None:
                yield hit

    def _absent(self, doc: Document, tdef: TableDef, table: Table) -> Hit | None:
        if table.status != TableStatus.ABSENT:
            return None
        sec = doc.section(tdef.section) if tdef.section else None
        if tdef.section and sec is None:
            return None  # the whole section is missing: GL101 says so, no cascade
        pos = sec.pos if sec else Pos(1)
        return Hit(pos, {"table": table_text(tdef)}, table=tdef.id, table_name=table_text(tdef))

    def _unreadable(self, doc: Document, tdef: TableDef, table: Table) -> Hit | None:
        rows = [r for r in table.rows if r.status == RowStatus.AMBIGUOUS]
        if not rows:
            return None
        zh = "；".join(f"“{r.label}”：{describe(r.problem, 'zh')}" for r in rows[:6])
        en = "; ".join(f"“{r.label}”: {describe(r.problem, 'en')}" for r in rows[:6])
        if len(rows) > 6:
            zh += f"；等共 {len(rows)} 行"
            en += f"; {len(rows)} rows in all"
        return Hit(rows[0].pos or table.pos or Pos(1),
                   {"table": table_text(tdef), "count": len(rows), "details": Text(zh, en),
                    "rows": "、".join(f"“{r.label}”" for r in rows)},
                   table=tdef.id, table_name=table_text(tdef), row=rows[0].label)

    def _inferred(self, doc: Document, tdef: TableDef, table: Table) -> Hit | None:
        rows = [r for r in table.rows if r.inferred and r.status == RowStatus.OK]
        if not rows:
            return None
        split = ["、".join(c.raw for c in r.cells) for r in rows[:3]]
        zh = "；".join(f"“{r.label}”：{r.inferred} → {s}" for r, s in zip(rows, split, strict=False))
        en = "; ".join(f"“{r.label}”: {r.inferred} → {s.replace('、', ', ')}"
                       for r, s in zip(rows, split, strict=False))
        if len(rows) > 3:
            zh += f"；等共 {len(rows)} 行"
            en += f"; {len(rows)} rows in all"
        return Hit(rows[0].cells[0].pos, {"table": table_text(tdef), "count": len(rows), "details": Text(zh, en),
                                          "rows": "、".join(f"“{r.label}”" for r in rows)},
                   table=tdef.id, table_name=table_text(tdef), row=rows[0].label,
                   evidence={"rows": [{"row": r.label, "written": r.inferred, "split": [c.raw for c in r.cells]}
                                      for r in rows]})

    def _rows(self, doc: Document, tdef: TableDef, table: Table) -> Hit | None:
        if table.status == TableStatus.ABSENT:
            return None
        by_id = {r.id: r for r in table.rows}
        alt = next((a for a in tdef.rows if a.optional and by_id[a.id].status == RowStatus.OK), None)
        missing = [r for r in tdef.rows if by_id[r.id].status == RowStatus.MISSING and not r.optional]
        if not missing:
            return None
        replaced = alt is not None and all(r.id in alt.replaces for r in missing)
        replacement = Text(f"（报告以单行“{alt.label}”代替，这是 2019 年试行格式的写法）",
                           f" (the report has the single row “{alt.label}” of the 2019 trial format instead)"
                           ) if alt is not None and replaced else Text("", "")
        pos = by_id[alt.id].pos if alt is not None and replaced else table.pos
        return Hit(pos or Pos(1), {"table": table_text(tdef), "count": len(missing),
                                   "rows": "、".join(f"“{r.label}”" for r in missing),
                                   "replacement": replacement},
                   table=tdef.id, table_name=table_text(tdef), row=missing[0].label)


def describe(problem: Problem | None, lang: str) -> str:
    """A reader-facing explanation of why a row was not read."""
    if problem is None:
        return "未能读取" if lang == "zh" else "not read"
    if problem.code == "glued":
        return (f"数字连在一起、无法分开：“{problem.text}”" if lang == "zh"
                else f"the numbers run together and cannot be separated: “{problem.text}”")
    if problem.code == "unmatched":
        return ("找不到与该行对应的数字（数字与行标签错位）" if lang == "zh"
                else "no numbers could be attributed to this row (numbers and labels are misaligned)")
    glued = problem.found < problem.expected and len(problem.text.replace(" ", "")) >= problem.expected
    if lang == "zh":
        note = "，数字可能连在一起" if glued else ""
        return f"有 {problem.found} 个数值，应为 {problem.expected} 个（“{problem.text}”{note}）"
    note = "; the numbers may run together" if glued else ""
    return f"{problem.found} values where {problem.expected} are expected (“{problem.text}”{note})"

