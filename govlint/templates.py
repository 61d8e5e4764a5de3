"""Format templates: the required sections and the tables, loaded from YAML data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from govlint import yamlio
from govlint.errors import RuleError
from govlint.normalize import key
from govlint.schema import Where, check_keys, choice, each, expect, localized, regex, str_list

COLUMN_TYPES = ("count", "amount", "signed")
# Any row label may be preceded by its enumerator: 一、 (三) 1. 2、
ENUMERATOR = r"(?:[一二三四五六七八九十]{1,2}、|\([一二三四五六七八九十]{1,2}\)|\d[.、])?"


@dataclass(frozen=True, slots=True)
class SectionDef:
    """A required top-level section."""

    id: str
    number: str
    title: str
    variants: tuple[str, ...]
    match: re.Pattern[str]  # key words that identify the section under another title

    @property
    def heading(self) -> str:
        """The exact heading, e.g. 三、收到和处理政府信息公开申请情况."""
        return f"{self.number}、{self.title}"


@dataclass(frozen=True, slots=True)
class ColumnDef:
    """A numeric column of a table."""

    id: str
    label: str
    group: str | None = None
    type: str = "count"

    @property
    def display(self) -> str:
        """Label with its group, e.g. 行政复议·总计."""
        return f"{self.group}·{self.label}" if self.group else self.label


@dataclass(frozen=True, slots=True)
class RowDef:
    """A labelled row (or the unlabelled value row of 表四)."""

    id: str
    label: str
    match: re.Pattern[str] | None
    columns: tuple[str, ...]
    optional: bool = False
    replaces: tuple[str, ...] = ()
    find: re.Pattern[str] | None = None  # `match` with an optional enumerator in front
    deprecated: re.Pattern[str] | None = None  # the label as an older format wrote it


_INDEXES: dict[int, tuple[TableDef, dict[str, ColumnDef | RowDef]]] = {}  # id lookups, built once per table


@dataclass(frozen=True, slots=True)
class TableDef:
    """A table of the format."""

    id: str
    name: dict[str, str]
    section: str | None
    start: tuple[re.Pattern[str], ...]  # anchors tried in order
    columns: tuple[ColumnDef, ...]
    rows: tuple[RowDef, ...]
    groups: dict[str, tuple[str, ...]]
    not_headings: tuple[re.Pattern[str], ...]

    def column(self, column_id: str) -> ColumnDef:
        """The column with id `column_id`."""
        return self._by_id[column_id]  # type: ignore[return-value]

    def row(self, row_id: str) -> RowDef:
        """The row with id `row_id`."""
        return self._by_id[row_id]  # type: ignore[return-value]

    @property
    def _by_id(self) -> dict[str, ColumnDef | RowDef]:
        index = _INDEXES.get(id(self))
        if index is None or index[0] is not self:
            index = _INDEXES[id(self)] = (self, {**{c.id: c for c in self.columns}, **{r.id: r for r in self.rows}})
        return index[1]

    def expand(self, refs: tuple[str, ...], axis: str) -> tuple[str, ...]:
        """Resolve ids, groups and ranges (`r3..r20`) of rows or columns to ids."""
        ids = [r.id for r in self.rows] if axis == "row" else [c.id for c in self.columns]
        out: list[str] = []
        for ref in refs:
            if ref in self.groups:
                out.extend(self.groups[ref])
            elif ".." in ref:
                first, last = ref.split("..", 1)
                out.extend(ids[ids.index(first) : ids.index(last) + 1])
            else:
                out.append(ref)
        return tuple(out)

    def check_refs(self, refs: tuple[str, ...], axis: str, where: Where) -> None:
        """Raise a RuleError naming the first reference that this table does not define."""
        ids = {r.id for r in self.rows} if axis == "row" else {c.id for c in self.columns}
        for ref in refs:
            parts = ref.split("..", 1) if ".." in ref else [ref]
            for part in parts:
                if part not in ids and not (len(parts) == 1 and part in self.groups):
                    raise where.error(f"table {self.id} has no {axis} or group '{part}'")


@dataclass(frozen=True, slots=True)
class CellRef:
    """A sum of table cells: every listed row × every listed column."""

    table: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactDef:
    """A number the prose states about a table: where it is said, and which cells it is."""

    id: str
    label: dict[str, str]
    sections: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]  # each with a group `n`, applied to each sentence
    value: CellRef
    with_carry: CellRef | None = None  # the same count including 上年结转 (ambiguous wording)


@dataclass(frozen=True)
class Template:
    """A report format: its sections and tables (derived lookups are computed once)."""

    id: str
    name: dict[str, str]
    sections: tuple[SectionDef, ...]
    tables: tuple[TableDef, ...]
    path: str
    facts: tuple[FactDef, ...] = ()

    def table(self, table_id: str) -> TableDef | None:
        """The table with id `table_id`."""
        return next((t for t in self.tables if t.id == table_id), None)

    def section(self, section_id: str) -> SectionDef | None:
        """The section with id `section_id`."""
        return next((s for s in self.sections if s.id == section_id), None)

    @cached_property
    def title_keys(self) -> dict[str, SectionDef]:
        """Normalised exact titles and variants → section."""
        out: dict[str, SectionDef] = {}
        for sec in self.sections:
            for title in (sec.title, *sec.variants):
                out[key(title)] = sec
        return out

    @cached_property
    def heading_veto(self) -> re.Pattern[str]:
        """Text that marks a table row or caption, never a section heading."""
        parts = [r.match.pattern for t in self.tables for r in t.rows if r.match is not None]
        parts += [p.pattern for t in self.tables for p in t.not_headings]
        return re.compile("|".join(f"(?:{p})" for p in parts) or r"(?!)")


def load_template(path: Path) -> Template:
    """Load and validate a template YAML file (and the base template it includes)."""
    data = _read(path)
    where = Where(str(path), None, "", data)
    check_keys(data, where, ("id",), ("name", "include", "facts", "sections", "tables"))
    if "include" in data:
        data = _merge(_read((path.parent / str(data["include"])).resolve()), data)
    check_keys(data, where, ("id", "sections", "tables"), ("name", "include", "facts"))
    sections = tuple(each(data["sections"], where.at("sections", data), _section))
    order = [s.id for s in sections]
    tables = tuple(sorted(each(data["tables"], where.at("tables", data), _table),
                          key=lambda t: order.index(t.section) if t.section in order else len(order)))
    _unique([s.id for s in sections] + [t.id for t in tables], where)
    by_id = {t.id: t for t in tables}
    facts = tuple(each(data.get("facts", []), where.at("facts", data),
                       lambda item, w: _fact(item, w, by_id, set(order))))
    return Template(str(data["id"]), localized(data.get("name", data["id"]), where.at("name", data)),
                    sections, tables, str(path), facts)


def _read(path: Path) -> Any:
    try:
        return yamlio.load(path)
    except yamlio.YamlError as exc:
        raise RuleError(f"{path}:{exc.line}" if exc.line else str(path), None, None, str(exc)) from None
    except OSError as exc:
        raise RuleError(str(path), None, None, f"cannot read: {exc.strerror}") from None


def _merge(base: Any, own: dict[str, Any]) -> dict[str, Any]:
    """The template's lists override the base's entries with the same id and add the rest;
    a table entry with `modify:` changes the base table instead of replacing it."""
    check_keys(base, Where("base template"), (), ("sections", "tables", "facts", "name"))
    merged = dict(own)
    for key_name in ("sections", "tables", "facts"):
        mine = {item["id"]: item for item in own.get(key_name, []) if isinstance(item, dict) and "id" in item}
        theirs = []
        for item in base.get(key_name, []):
            override = mine.pop(item["id"], item)
            theirs.append(_modify(item, override["modify"]) if "modify" in override else override)
        merged[key_name] = theirs + list(mine.values())
    return merged


def _modify(table: dict[str, Any], change: Any) -> dict[str, Any]:
    """A copy of a base table with rows dropped, row fields and groups replaced."""
    where = Where("template", None, f"tables[{table.get('id')}].modify", change)
    check_keys(change, where, (), ("drop_rows", "rows", "groups"))
    drop = set(str_list(change.get("drop_rows", []), where.at("drop_rows", change)))
    updates = change.get("rows", {})
    rows = [{**row, **updates.get(row["id"], {})} for row in table["rows"] if row["id"] not in drop]
    groups = {k: [m for m in v if m not in drop] for k, v in table.get("groups", {}).items()}
    return {**table, "rows": rows, "groups": {**groups, **change.get("groups", {})}}


def _fact(data: Any, where: Where, tables: dict[str, TableDef], section_ids: set[str]) -> FactDef:
    check_keys(data, where, ("id", "label", "sections", "pattern", "value"), ("with_carry",))
    patterns = tuple(regex(p, where.at("pattern", data)) for p in str_list(data["pattern"], where.at("pattern", data)))
    for pattern in patterns:
        if "n" not in pattern.groupindex:
            raise where.error(f"pattern {pattern.pattern!r} needs a named group (?P<n>…) for the number", "pattern")
    sections = str_list(data["sections"], where.at("sections", data))
    for sid in sections:
        if sid not in section_ids and sid != "other":
            raise where.error(f"unknown section '{sid}'", "sections")
    carry = data.get("with_carry")
    return FactDef(str(data["id"]), localized(data["label"], where.at("label", data)), sections, patterns,
                   cell_ref(data["value"], where.at("value", data), tables),
                   cell_ref(carry, where.at("with_carry", data), tables) if carry else None)


def cell_ref(data: Any, where: Where, tables: dict[str, TableDef]) -> CellRef:
    """Validate {table, rows, columns} against the template's tables."""
    check_keys(data, where, ("table", "rows", "columns"), ())
    tdef = tables.get(str(data["table"]))
    if tdef is None:
        raise where.error(f"unknown table '{data['table']}'", "table")
    rows = str_list(data["rows"], where.at("rows", data))
    cols = str_list(data["columns"], where.at("columns", data))
    tdef.check_refs(rows, "row", where.at("rows", data))
    tdef.check_refs(cols, "column", where.at("columns", data))
    return CellRef(tdef.id, tdef.expand(rows, "row"), tdef.expand(cols, "column"))


def _section(data: Any, where: Where) -> SectionDef:
    check_keys(data, where, ("id", "number", "title", "match"), ("variants",))
    return SectionDef(
        id=expect(data["id"], str, where.at("id", data), "a string"),
        number=expect(data["number"], str, where.at("number", data), "a string"),
        title=expect(data["title"], str, where.at("title", data), "a string"),
        variants=str_list(data.get("variants", []), where.at("variants", data)),
        match=regex(data["match"], where.at("match", data)),
    )


def _column(data: Any, where: Where) -> ColumnDef:
    check_keys(data, where, ("id", "label"), ("group", "type"))
    kind = choice(data.get("type", "count"), COLUMN_TYPES, where.at("type", data))
    return ColumnDef(str(data["id"]), str(data["label"]), data.get("group"), kind)


def _table(data: Any, where: Where) -> TableDef:
    check_keys(data, where, ("id", "name", "start", "columns", "rows"),
               ("section", "row_columns", "groups", "not_headings"))
    columns = tuple(each(data["columns"], where.at("columns", data), _column))
    col_ids = {c.id for c in columns}
    default_cols = str_list(data.get("row_columns", []), where.at("row_columns", data))
    rows = tuple(
        _row(item, where.at("rows", data).at(i, item), default_cols, col_ids)
        for i, item in enumerate(expect(data["rows"], list, where.at("rows", data), "a list"))
    )
    _unique([c.id for c in columns], where.at("columns", data))
    _unique([r.id for r in rows], where.at("rows", data))
    groups_raw = data.get("groups", {})
    expect(groups_raw, dict, where.at("groups", data), "a mapping")
    groups = {str(k): str_list(v, where.at("groups", data).at(str(k))) for k, v in groups_raw.items()}
    table = TableDef(
        id=str(data["id"]),
        name=localized(data["name"], where.at("name", data)),
        section=data.get("section"),
        start=tuple(regex(p, where.at("start", data)) for p in str_list(data["start"], where.at("start", data))),
        columns=columns,
        rows=rows,
        groups=groups,
        not_headings=tuple(regex(p, where.at("not_headings", data))
                           for p in str_list(data.get("not_headings", []), where.at("not_headings", data))),
    )
    for name, members in groups.items():
        axis = "row" if members and members[0] in {r.id for r in rows} else "column"
        table.check_refs(members, axis, where.at("groups", data).at(name))
    return table


def _row(data: Any, where: Where, default_cols: tuple[str, ...], col_ids: set[str]) -> RowDef:
    check_keys(data, where, ("id", "label"), ("match", "columns", "optional", "replaces", "deprecated"))
    cols = str_list(data["columns"], where.at("columns", data)) if "columns" in data else default_cols
    if not cols:
        raise where.error("row has no columns (give 'columns' or the table's 'row_columns')")
    for col in cols:
        if col not in col_ids:
            raise where.error(f"unknown column '{col}'", "columns")
    match = regex(data["match"], where.at("match", data)) if data.get("match") is not None else None
    return RowDef(
        id=str(data["id"]),
        label=str(data["label"]),
        match=match,
        columns=cols,
        optional=bool(data.get("optional", False)),
        replaces=str_list(data.get("replaces", []), where.at("replaces", data)),
        find=re.compile(f"{ENUMERATOR}(?:{match.pattern})") if match else None,
        deprecated=regex(data["deprecated"], where.at("deprecated", data)) if "deprecated" in data else None,
    )


def _unique(ids: list[str], where: Where) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise where.error(f"duplicate id '{ident}'")
        seen.add(ident)
