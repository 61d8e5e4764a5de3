"""What was extracted from a document: a per-table health summary (for JSON output, so an
arithmetic finding on a damaged table can be told from a real error) and the full tree as
data (for `govlint parse`)."""

from __future__ import annotations

from typing import Any

from govlint.document import Cell, Document, Paragraph, Row, RowStatus, Section, Table
from govlint.numbers import CellState, fmt
from govlint.templates import Template


def extraction(doc: Document, template: Template) -> dict[str, Any]:
    """Per table: status, rows expected/extracted/ambiguous/missing, cells by state, rows whose
    label was wrapped over lines or whose numbers stood on another line than the label."""
    return {tid: _table_health(table, template) for tid, table in doc.tables.items()}


def _table_health(table: Table, template: Template) -> dict[str, Any]:
    rows = _counted(table, template)
    cells = [c for r in rows if r.status == RowStatus.OK for c in r.cells]
    states = {s.value: sum(1 for c in cells if c.state is s) for s in CellState}
    return {
        "status": table.status,
        "line": table.pos.line if table.pos else None,
        "rows": {
            "expected": len(rows),
            "extracted": sum(1 for r in rows if r.status == RowStatus.OK),
            "ambiguous": [_problem(r) for r in rows if r.status == RowStatus.AMBIGUOUS],
            "missing": [r.label for r in rows if r.status == RowStatus.MISSING],
        },
        "cells": {"total": len(cells), **{k: v for k, v in states.items() if v}},
        "wrapped_labels": [r.label for r in rows if _wrapped(r)],
        "values_on_other_line": [r.label for r in rows if _detached(r)],
    }


def _counted(table: Table, template: Template) -> tuple[Row, ...]:
    """The rows the report should have: an optional row (the 2019 wording “（六）其他处理”)
    counts only when present, and then instead of the rows it replaces."""
    tdef = template.table(table.id)
    if tdef is None:
        return table.rows
    present = {r.id for r in table.rows if r.status != RowStatus.MISSING}
    optional = {r.id for r in tdef.rows if r.optional}
    replaced = {rid for r in tdef.rows if r.optional and r.id in present for rid in r.replaces}
    return tuple(r for r in table.rows
                 if (r.id in present or r.id not in optional) and r.id not in replaced)


def _problem(row: Row) -> dict[str, Any]:
    problem = row.problem
    return {"row": row.label, "line": row.pos.line if row.pos else None,
            "problem": problem.code if problem else None,
            "values_found": problem.found if problem else None,
            "values_expected": problem.expected if problem else None,
            "text": problem.text if problem else None}


def _wrapped(row: Row) -> bool:
    return row.status != RowStatus.MISSING and "\n" in row.found


def _detached(row: Row) -> bool:
    """Numbers read from a line other than the one the label starts on (PDF-style layouts)."""
    if row.status != RowStatus.OK or not row.cells or row.pos is None or not row.found:
        return False
    return row.cells[0].pos.line not in range(row.pos.line, row.pos.line + row.found.count("\n") + 1)


def tree(doc: Document, template: Template) -> dict[str, Any]:
    """The whole parsed document as JSON-able data."""
    return {
        "path": doc.path,
        "encoding": doc.encoding,
        "format": doc.format,
        "title": doc.title,
        "title_line": doc.title_pos.line if doc.title_pos else None,
        "year": doc.year,
        "year_source": doc.year_source,
        "organ": {"name": doc.organ.name, "kind": doc.organ.kind, "level": doc.organ.level},
        "published": doc.published.isoformat() if doc.published else None,
        "preamble": [_paragraph(p) for p in doc.preamble],
        "sections": [_section(s) for s in doc.sections],
        "tables": {tid: _table(t, template) for tid, t in doc.tables.items()},
        "extraction": extraction(doc, template),
    }


def _section(sec: Section) -> dict[str, Any]:
    return {
        "number": sec.number,
        "title": sec.title,
        "template_id": sec.template_id,
        "line": sec.pos.line,
        "children": [_section(c) if isinstance(c, Section) else _paragraph(c) for c in sec.children],
    }


def _paragraph(para: Paragraph) -> dict[str, Any]:
    return {"paragraph": para.text, "line": para.pos.line}


def _table(table: Table, template: Template) -> dict[str, Any]:
    tdef = template.table(table.id)
    labels = {c.id: c.display for c in tdef.columns} if tdef else {}
    return {
        "name": table.name,
        "status": table.status,
        "line": table.pos.line if table.pos else None,
        "section": table.section,
        "columns": [{"id": c.id, "label": c.display, "short": c.label} for c in (tdef.columns if tdef else ())],
        "rows": [_row(r, labels) for r in table.rows],
    }


def _row(row: Row, labels: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id, "label": row.label, "status": row.status,
                           "line": row.pos.line if row.pos else None, "as_written": row.found or None}
    if row.status == RowStatus.OK:
        out["cells"] = [_cell(cid, labels.get(cid, cid), c) for cid, c in zip(row.columns, row.cells, strict=False)]
    if row.problem:
        out["problem"] = _problem(row)
    return out


def _cell(cid: str, label: str, cell: Cell) -> dict[str, Any]:
    return {"column": cid, "label": label, "raw": cell.raw, "state": cell.state.value,
            "value": fmt(cell.value) if cell.value is not None else None,
            "line": cell.pos.line, "col": cell.pos.col, "unit": cell.unit, "note": cell.note}
