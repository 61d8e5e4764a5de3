"""`govlint parse` as text: the document tree and each table as a grid (rich), drawn from
the same data as the JSON form (govlint.health.tree)."""

from __future__ import annotations

from typing import IO, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

STATUS_STYLE = {"ok": "green", "partial": "yellow", "unreadable": "red", "absent": "red",
                "ambiguous": "yellow", "missing": "red"}
WORDS = {
    "zh": {"ok": "已读取", "partial": "部分读取", "unreadable": "无法读取", "absent": "未找到",
           "ambiguous": "数字无法确定", "missing": "未找到", "row": "行", "line": "行号",
           "paragraphs": "段", "preamble": "标题与导语", "title": "标题", "year": "年度",
           "organ": "机关", "published": "发布日期", "format": "格式", "encoding": "读取方式",
           "wrapped": "行名跨行", "other_line": "数字与行名不在同一行", "cells": "单元格", "column": "列",
           "unknown": "不是格式规定的部分"},
    "en": {"ok": "read", "partial": "partly read", "unreadable": "unreadable", "absent": "not found",
           "ambiguous": "numbers unclear", "missing": "not found", "row": "row", "line": "line",
           "paragraphs": "paragraph(s)", "preamble": "title and preamble", "title": "title", "year": "year",
           "organ": "organ", "published": "published", "format": "format", "encoding": "read as",
           "wrapped": "label wrapped over lines", "other_line": "numbers on another line than the label",
           "cells": "cells", "column": "column", "unknown": "not a section of the format"},
}


def render(data: dict[str, Any], out: IO[str], lang: str) -> None:
    """Print the tree and the tables of one parsed document."""
    console = Console(file=out, highlight=False, soft_wrap=False, width=max(120, Console(file=out).width))
    w = WORDS[lang]
    console.print(f"[bold]{escape(data['path'])}[/bold]")
    for key in ("title", "year", "organ", "published", "format", "encoding"):
        value = data[key]["name"] if key == "organ" else data[key]
        if key == "year" and data["year_source"]:
            value = f"{value} ({data['year_source']})"
        console.print(f"  {w[key]}: {escape(str(value)) if value is not None else '—'}")
    console.print(_tree(data, w))
    for tid, table in data["tables"].items():
        console.print(_grid(tid, table, w))
        _table_notes(console, data["extraction"][tid], w)


def _tree(data: dict[str, Any], w: dict[str, str]) -> Tree:
    root = Tree(f"{w['preamble']}: {len(data['preamble'])} {w['paragraphs']}")
    for sec in data["sections"]:
        _branch(root, sec, w)
    return root


def _branch(parent: Tree, sec: dict[str, Any], w: dict[str, str], top: bool = True) -> None:
    paras = sum(1 for c in sec["children"] if "paragraph" in c)
    tag = ""  # the template section a top-level heading was matched to
    if top:
        tag = f" [dim]\\[{sec['template_id']}][/dim]" if sec["template_id"] else f" [yellow]({w['unknown']})[/yellow]"
    node = parent.add(f"{escape(sec['number'])} {escape(sec['title'])}{tag} "
                      f"[dim]{w['line']} {sec['line']} · {paras} {w['paragraphs']}[/dim]")
    for child in sec["children"]:
        if "children" in child:
            _branch(node, child, w, top=False)


WIDE = 9  # tables with more columns (表四: 15) are drawn transposed, one line per column


def _grid(tid: str, table: dict[str, Any], w: dict[str, str]) -> Table:
    status = table["status"]
    where = f" · {w['line']} {table['line']}" if table["line"] else ""
    grid = Table(title=f"{escape(table['name'])} [{STATUS_STYLE[status]}]{w[status]}[/]{where}",
                 title_justify="left", show_lines=False)
    if len(table["columns"]) > WIDE:
        return _transposed(grid, table, w)
    grid.add_column(w["line"], justify="right", style="dim", no_wrap=True)
    grid.add_column(w["row"], overflow="fold", min_width=16, max_width=40)
    columns = [c["id"] for c in table["columns"]]
    for col in table["columns"]:
        grid.add_column(escape(col["short"]), justify="right", overflow="fold", max_width=12)
    for row in table["rows"]:
        line = str(row["line"] or "")
        label = escape(row["label"])
        if row["status"] != "ok":
            style = STATUS_STYLE[row["status"]]
            detail = (row.get("problem") or {}).get("text") or ""
            note = f"[{style}]{w[row['status']]}[/] {escape(detail)}".strip()
            grid.add_row(line, f"{label}\n{note}", *[""] * len(columns))
            continue
        by_column = {c["column"]: _cell(c) for c in row["cells"]}
        grid.add_row(line, label, *[by_column.get(cid, "") for cid in columns])
    return grid


def _transposed(grid: Table, table: dict[str, Any], w: dict[str, str]) -> Table:
    grid.add_column(w["column"], overflow="fold")
    cells: list[dict[str, str]] = []
    for row in table["rows"]:
        note = (row.get("problem") or {}).get("text") or ""
        if row["status"] != "ok":
            note = f"[{STATUS_STYLE[row['status']]}]{w[row['status']]}[/] {escape(note)}".strip()
        line = f" [dim]{w['line']} {row['line']}[/dim]" if row["line"] else ""
        grid.add_column(f"{escape(row['label'])}{line}\n{note}".strip(), justify="right", overflow="fold")
        cells.append({c["column"]: _cell(c) for c in row.get("cells", [])})
    for col in table["columns"]:
        grid.add_row(escape(col["label"]), *[by_column.get(col["id"], "") for by_column in cells])
    return grid


def _cell(cell: dict[str, Any]) -> str:
    if cell["state"] == "number":
        return escape(cell["raw"]) + (f" [dim]({escape(cell['note'])})[/dim]" if cell["note"] else "")
    return f"[yellow]{escape(cell['raw']) or '∅'}[/yellow]"


def _table_notes(console: Console, health: dict[str, Any], w: dict[str, str]) -> None:
    cells = health["cells"]
    console.print(f"  [dim]{w['cells']}: " + ", ".join(f"{k} {v}" for k, v in cells.items()) + "[/dim]")
    for key, word in (("wrapped_labels", "wrapped"), ("values_on_other_line", "other_line")):
        if health[key]:
            console.print(f"  [dim]{w[word]}: {escape('、'.join(health[key]))}[/dim]")
