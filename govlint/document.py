"""The document tree: sections, paragraphs, enumerated items and template tables.

Every node records its source position (1-based line and column of the text the
reader produced), so each finding can point at `path:line:col`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from govlint.numbers import CellState, Number


class Pos(NamedTuple):
    """A source position (1-based); a tuple, so positions compare in reading order."""

    line: int
    col: int = 1


@dataclass(frozen=True, slots=True)
class Item:
    """An enumerated item inside a paragraph (一是…, （二）…, 3.…)."""

    marker: str
    text: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text, re-joined across hard line breaks and page breaks."""

    text: str
    pos: Pos
    items: tuple[Item, ...] = ()
    lines: tuple[int, ...] = ()  # source lines the paragraph was joined from
    anchors: tuple[tuple[int, int, int], ...] = ()  # (offset in text, line, col) of each joined piece
    norm: str = ""  # fold(text), computed once: what patterns are matched against

    def pos_at(self, offset: int) -> Pos:
        """Source position of character `offset` of the paragraph text."""
        best = (0, self.pos.line, self.pos.col)
        for anchor in self.anchors:
            if anchor[0] > offset:
                break
            best = anchor
        return Pos(best[1], best[2] + offset - best[0])


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and what follows it until the next heading of the same or higher level."""

    number: str  # "三", "（一）"
    title: str  # heading text after the number
    level: int  # 1 = 一、… ; 2 = （一）…
    pos: Pos
    children: tuple[Section | Paragraph, ...] = ()
    template_id: str | None = None  # e.g. "s3" when matched to a required section
    heading: str = ""  # the heading as written

    def paragraphs(self) -> Iterator[Paragraph]:
        """All paragraphs in this section, depth first."""
        for child in self.children:
            if isinstance(child, Paragraph):
                yield child
            else:
                yield from child.paragraphs()

    def subsections(self) -> Iterator[Section]:
        """Direct sub-sections."""
        return (c for c in self.children if isinstance(c, Section))

    def text(self) -> str:
        """The section body as one string (headings of sub-sections included)."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, Paragraph):
                parts.append(child.text)
            else:
                parts.append(child.heading)
                parts.append(child.text())
        return "\n".join(p for p in parts if p)


class Cell(NamedTuple):
    """One table cell: its value (None unless a number), what it held, and where."""

    raw: str
    state: CellState
    value: Number | None
    pos: Pos
    unit: str | None = None
    note: str | None = None  # a remark in the cell, e.g. 其中修订16件


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a row's numbers could not be read with confidence."""

    code: str  # "count": wrong number of values; "unmatched": numbers not attributable; "glued"
    found: int = 0
    expected: int = 0
    text: str = ""


class RowStatus:
    """Extraction outcome of a template row."""

    OK = "ok"
    AMBIGUOUS = "ambiguous"  # label found, numbers could not be assigned with confidence
    MISSING = "missing"  # label not found


@dataclass(frozen=True, slots=True)
class Row:
    """A template row as found in the document."""

    id: str
    label: str  # canonical label from the template
    status: str
    pos: Pos | None = None
    cells: tuple[Cell, ...] = ()
    columns: tuple[str, ...] = ()  # column ids, parallel to cells
    problem: Problem | None = None  # why the row is ambiguous
    found: str = ""  # the label text as written
    inferred: str = ""  # digits run together that govlint split by the table's identities

    def cell(self, column: str) -> Cell | None:
        """The cell of column id `column`, if extracted (ambiguous rows keep the cells they had
        in `cells`, but have none by column)."""
        if self.status != RowStatus.OK or column not in self.columns:
            return None
        return self.cells[self.columns.index(column)]


class TableStatus:
    """Extraction outcome of a template table."""

    OK = "ok"  # every required row extracted
    PARTIAL = "partial"  # some rows missing or ambiguous
    UNREADABLE = "unreadable"  # found, but no row could be extracted
    ABSENT = "absent"  # no trace of the table


@dataclass(frozen=True, slots=True)
class Table:
    """A template table (表二/表三/表四) located in the document."""

    id: str
    name: str
    status: str
    pos: Pos | None
    rows: tuple[Row, ...]
    section: str | None = None  # template section id
    _index: dict[str, Row] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {r.id: r for r in reversed(self.rows)})  # first row wins

    def row(self, row_id: str) -> Row | None:
        """The row with template id `row_id`."""
        return self._index.get(row_id)


@dataclass(frozen=True, slots=True)
class Organ:
    """The reporting organ as far as the title tells."""

    name: str | None = None
    kind: str | None = None  # "government" | "department" | "subdistrict"
    level: str | None = None  # "province" | "prefecture" | "county" | "town"


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed annual report."""

    path: str
    lines: tuple[str, ...]  # source text lines, for showing context
    title: str | None = None
    title_pos: Pos | None = None
    year: int | None = None
    year_source: str | None = None  # "title" | "period" | "body"
    preamble: tuple[Paragraph, ...] = ()
    sections: tuple[Section, ...] = ()
    tables: Mapping[str, Table] = field(default_factory=dict)
    meta: Mapping[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    format: str | None = None  # template id the document was parsed with
    organ: Organ = field(default_factory=Organ)
    published: date | None = None  # publication/issue date stated in the document
    renumbered: tuple[tuple[Pos, str], ...] = ()  # 一、… headings that restart the numbering

    def section(self, template_id: str) -> Section | None:
        """The top-level section matched to a template section id (first one)."""
        for sec in self.sections:
            if sec.template_id == template_id:
                return sec
        return None

    def paragraphs(self) -> Iterator[tuple[Section | None, Paragraph]]:
        """All paragraphs with their top-level section (None for the preamble)."""
        for para in self.preamble:
            yield None, para
        for sec in self.sections:
            for para in sec.paragraphs():
                yield sec, para

    def section_path(self, pos: Pos) -> str | None:
        """Headings of the section and sub-section holding `pos`, joined with › ."""
        top = _last_before(self.sections, pos)  # bisect: a huge document stays fast
        if top is None:
            return None
        sub = _last_before(_subsections(top), pos)
        head = top.heading or f"{top.number}、{top.title}"
        return f"{head} › {sub.heading or sub.title}" if sub else head

    def line_text(self, line: int) -> str:
        """The source line `line` (1-based), or '' if out of range."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


def _last_before(sections: Sequence[Section], pos: Pos) -> Section | None:
    """The last of `sections` (in document order) that starts at or before `pos`."""
    index = bisect_right(sections, pos, key=lambda sec: sec.pos)
    return sections[index - 1] if index else None


_SUBS: dict[str, object] = {"section": None, "subs": ()}


def _subsections(section: Section) -> tuple[Section, ...]:
    """`section.subsections()` as a tuple, kept for the section last asked about (findings
    come in runs from the same section)."""
    if _SUBS["section"] is not section:
        _SUBS["section"], _SUBS["subs"] = section, tuple(section.subsections())
    return _SUBS["subs"]  # type: ignore[return-value]
