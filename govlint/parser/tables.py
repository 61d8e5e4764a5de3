"""Locate the format's tables in logical lines and read their cells.

Rows are found by their labels, in template order, in the table's text with all
whitespace removed (so labels broken over lines still match). The numbers of a row
are the run of numeric cells that follows its label on the same line. PDF and OCR
dumps often put a row's numbers on a line of their own, above or below a label that
wraps: such free runs are matched to the rows still lacking numbers, in order, only
when the two counts agree between rows that are certain. Anything else leaves the
row ambiguous (never a guessed value).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from govlint.document import Cell, Pos, Problem, Row, RowStatus, Table, TableStatus
from govlint.normalize import strip_ws
from govlint.numbers import CellState, parse_cell
from govlint.parser.headings import Heading
from govlint.parser.lines import LLine
from govlint.templates import RowDef, SectionDef, TableDef, Template

_WS = re.compile(r"\s+")
_HAS_DIGIT = re.compile(r"\d")
_TEXT = Cell("", CellState.TEXT, None, Pos(0, 0))  # stands for any word token
_VALUE_CHAR = re.compile(r"[\d０-９—–\-－/无]")
_WORD_CHAR = re.compile(r"[^\s|]")
_SPLIT_TAB = re.compile(r"\t")
_SPLIT_PIPE = re.compile(r"\|")
_TOKEN_OR_NOTE = re.compile(r"(?P<note>[（(][^（）()\n]{1,40}[）)])|\S+")
_NUMBER_END = re.compile(r"^\d[\d,.]*$")
_GLUED = re.compile(r"\d{4,}")
_NUMERIC_LINE = re.compile(r"^[^\S\n]*[|]?[\d.,|—–/\s-]*\d[\d.,|—–/\s-]*$", re.MULTILINE)
_DIGIT_RUN = re.compile(r"(?:(?<![\w.])-)?\d+(?:[.,]\d+)*")
_UNIT_TAIL = re.compile(r"(?:万元|亿元|元|件|个|次|项|条)$")
_ENUM_AFTER = re.compile(r"[.、．][^\d]")


@dataclass(slots=True)
class _Run:
    """Consecutive numeric/blank cells on one line (or single-number lines in a column)."""

    cells: list[Cell]
    offset: int
    end: int
    line_no: int  # line within the segment; 0 = the label's own line
    numeric_line: bool  # the line holds no text at all
    tabbed: bool = False  # split at tabs (a trailing tab leaves an empty last field)
    separated: bool = False  # split at tabs or |: empty fields are real (blank) cells

    def fit(self, n: int) -> list[Cell] | None:
        """The run's cells as exactly `n` values, or None.

        Extra blanks at the ends are layout, removed only while there are more than `n`
        cells: empty cells under a label that spans several columns (leading), and the empty
        field after a trailing tab — so a genuinely blank first or last cell is kept.
        """
        cells = list(self.cells)
        if self.tabbed:
            while len(cells) > n and cells[-1].state is CellState.BLANK:
                cells.pop()
        while len(cells) > n and cells[0].state is CellState.BLANK:
            cells.pop(0)
        while len(cells) > n and cells[-1].state is CellState.BLANK:
            cells.pop()
        if len(cells) != n or (not self.separated and all(c.state is CellState.BLANK for c in cells)):
            return None
        return cells

    def core(self) -> list[Cell]:
        """The cells without leading blanks (remnants of label cells)."""
        k = 0
        while k < len(self.cells) and self.cells[k].state is CellState.BLANK:
            k += 1
        return self.cells[k:]

    def plausible(self) -> bool:
        """Could be a table row (not a lone number inside a sentence)."""
        return self.numeric_line or sum(c.state is not CellState.BLANK for c in self.cells) >= 2


@dataclass(slots=True)
class _Region:
    """The text of a table, from its anchor to the next heading, with a position map."""

    text: str
    starts: list[int]  # region offset of each piece
    pieces: list[tuple[int, int, int]]  # (logical line index, physical line, column of piece start)

    def pos(self, offset: int) -> Pos:
        k = bisect_right(self.starts, offset) - 1
        _, line, col = self.pieces[k]
        return Pos(line, col + offset - self.starts[k])

    def lline_span(self, offset: int) -> tuple[int, int]:
        """(logical line index, offset within that logical line's text) of a region offset."""
        k = bisect_right(self.starts, offset) - 1
        return self.pieces[k][0], offset - self.starts[k]


@dataclass(slots=True)
class Extracted:
    """Tables found and the spans of logical lines they occupy (not paragraphs)."""

    tables: dict[str, Table] = field(default_factory=dict)
    consumed: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


def extract_tables(lines: Sequence[LLine], headings: list[Heading], assigned: dict[int, SectionDef],
                   template: Template) -> Extracted:
    """Find every template table (see module docstring)."""
    out = Extracted()
    floor = 0
    for tdef in template.tables:
        lo, hi = _search_bounds(tdef, headings, assigned, template, floor, len(lines))
        anchor = _find_anchor(tdef, lines, lo, hi)
        if anchor is None:
            out.tables[tdef.id] = _absent(tdef)
            continue
        region = _region(lines, headings, anchor, hi)
        table, used_end = _read_table(tdef, region)
        out.tables[tdef.id] = table
        _consume(out.consumed, region, used_end, lines)
        floor = region.lline_span(max(used_end, 1))[0]
    return out


def _search_bounds(tdef: TableDef, headings: list[Heading], assigned: dict[int, SectionDef],
                   template: Template, floor: int, n: int) -> tuple[int, int]:
    """Logical-line range to look for a table: its section, up to the next required section."""
    order = [s.id for s in template.sections]
    lo, sec_rank = floor, -1
    for pos, sec in assigned.items():
        if sec.id == tdef.section:
            lo, sec_rank = max(floor, headings[pos].index + 1), order.index(sec.id)
    hi = n
    for pos, sec in sorted(assigned.items()):
        if order.index(sec.id) > sec_rank and headings[pos].index > lo:
            hi = min(hi, headings[pos].index)
    return lo, hi


def _find_anchor(tdef: TableDef, lines: Sequence[LLine], lo: int, hi: int) -> tuple[int, int] | None:
    """(logical line, offset) of the table's start: the first `start` pattern found, tried in
    order; failing those, the earliest row label. A match inside a sentence (a full stop
    follows closely) is prose mentioning the label, not the table."""
    compact = [_WS.sub("", lines[i].norm) for i in range(lo, hi)]  # cheap test before mapping offsets
    for pattern in tdef.start:
        for i, text in enumerate(compact):
            if pattern.search(text):
                st = strip_ws(lines[lo + i].norm, folded=True)
                for m in pattern.finditer(st.text):
                    if not _in_sentence(st.text, m.start()):
                        return lo + i, st.origin(m.start())
    finders = [r.find for r in tdef.rows if r.find is not None]
    for i, text in enumerate(compact):
        if any(f.search(text) for f in finders):
            st = strip_ws(lines[lo + i].norm, folded=True)
            hits = [m.start() for f in finders for m in f.finditer(st.text) if not _in_sentence(st.text, m.start())]
            if hits:
                return lo + i, st.origin(min(hits))
    return None


def _in_sentence(text: str, start: int) -> bool:
    return "。" in text[start:start + 30]


def _region(lines: Sequence[LLine], headings: list[Heading], anchor: tuple[int, int], hi: int) -> _Region:
    first, offset = anchor
    end = next((h.index for h in headings if h.index > first), hi)
    end = min(end, hi) if hi > first else end
    texts: list[str] = []
    starts: list[int] = []
    pieces: list[tuple[int, int, int]] = []
    pos = 0
    for i in range(first, max(end, first + 1)):
        ll = lines[i]
        text = ll.text[offset:] if i == first else ll.text
        col = ll.col + (offset if i == first else 0)
        starts.append(pos)
        pieces.append((i, ll.line, col))
        texts.append(text)
        pos += len(text) + 1
    return _Region("\n".join(texts), starts, pieces)


def _read_table(tdef: TableDef, region: _Region) -> tuple[Table, int]:
    labelled = [r for r in tdef.rows if r.find is not None]
    rows: dict[str, Row] = {}
    used_end = 0
    if labelled:
        used_end = _read_labelled(tdef, labelled, region, rows)
    for rdef in tdef.rows:
        if rdef.find is None:
            rows[rdef.id], end = _read_unlabelled(rdef, region)
            used_end = max(used_end, end)
    ordered = tuple(rows.get(r.id) or Row(r.id, r.label, RowStatus.MISSING, columns=r.columns)
                    for r in tdef.rows)
    status = table_status(tdef, ordered)
    return Table(tdef.id, tdef.name["zh"], status, region.pos(0), ordered, tdef.section), used_end


def table_status(tdef: TableDef, rows: tuple[Row, ...]) -> str:
    """ok / partial / unreadable / absent, from the rows' outcomes."""
    if all(r.status == RowStatus.MISSING or (r.problem is not None and r.problem.code == "count"
                                             and r.problem.found == 0) for r in rows):
        return TableStatus.ABSENT  # a header word in prose, nothing table-like after it
    by_id = {r.id: r for r in rows}
    required = [r for r in tdef.rows if not r.optional and not _replaced(r, tdef, by_id)]
    ok = [r for r in required if by_id[r.id].status == RowStatus.OK]
    if len(ok) == len(required):
        return TableStatus.OK
    return TableStatus.PARTIAL if ok else TableStatus.UNREADABLE


def _replaced(rdef: RowDef, tdef: TableDef, by_id: dict[str, Row]) -> bool:
    """True if an optional alternative row that replaces `rdef` was extracted."""
    return any(rdef.id in alt.replaces and by_id[alt.id].status == RowStatus.OK
               for alt in tdef.rows if alt.optional)


def _read_labelled(tdef: TableDef, labelled: list[RowDef], region: _Region, rows: dict[str, Row]) -> int:
    found = _find_labels(labelled, region)
    all_runs = _runs(region, 0, len(region.text))
    line_end = _line_ends(region.text)
    runs_by_row: dict[int, _Run] = {}
    claimed: set[int] = set()
    for i, (_, _, end) in enumerate(found):
        stop = min(found[i + 1][1] if i + 1 < len(found) else len(region.text), line_end(end))
        mine = [k for k, r in enumerate(all_runs) if end <= r.offset < stop]
        if mine:
            runs_by_row[i] = all_runs[mine[0]] if len(mine) == 1 else _merge([all_runs[k] for k in mine])
            claimed.update(mine)
    events: list[tuple[int, int, object]] = [(start, 0, i) for i, (_, start, _) in enumerate(found)]
    first = found[0][1] if found else 0  # numbers above the first label belong to no row
    events += [(r.offset, 1, r) for k, r in enumerate(all_runs)
               if k not in claimed and r.plausible() and r.offset > first]
    pending: list[int] = []
    free: list[_Run] = []
    for _, kind, payload in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == 1:
            free.append(payload)  # type: ignore[arg-type]
        elif payload in runs_by_row:
            _settle(pending, free, found, runs_by_row)
            pending, free = [], []
        else:
            pending.append(payload)  # type: ignore[arg-type]
    _settle(pending, free, found, runs_by_row)
    used_end = max((e for _, _, e in found), default=0)
    for i, (rdef, start, end) in enumerate(found):
        row, last = _make_row(rdef, region, start, end, runs_by_row.get(i))
        rows[rdef.id] = row
        used_end = max(used_end, last)
    return used_end


def _line_ends(text: str) -> Callable[[int], int]:
    """A function giving the offset of the end of the line that holds an offset."""
    ends = [m.start() for m in re.finditer("\n", text)] + [len(text)]

    def end_of(offset: int) -> int:
        return ends[bisect_left(ends, offset)] if offset <= len(text) else len(text)

    return end_of


def _find_labels(labelled: list[RowDef], region: _Region) -> list[tuple[RowDef, int, int]]:
    """Row labels in template order; then, for rows not found, anywhere they do not overlap
    a found label (PDF and OCR dumps sometimes move a block of rows)."""
    # Lines holding only numbers are blanked (same length), so a label wrapped around
    # its own numbers ("确认或重新出 / 1 0 0 0 0 0 1 / 具已获取信息") still matches.
    stream = strip_ws(_NUMERIC_LINE.sub(lambda m: " " * len(m.group()), region.text))
    cursor = 0
    spans: dict[str, tuple[int, int]] = {}
    for rdef in labelled:
        assert rdef.find is not None
        m = rdef.find.search(stream.text, cursor)
        if m:
            spans[rdef.id] = m.span()
            if not rdef.optional:
                cursor = m.end()
    for rdef in labelled:
        if rdef.id not in spans and not rdef.optional:
            assert rdef.find is not None
            for m in rdef.find.finditer(stream.text):
                if not any(a < m.end() and m.start() < b for a, b in spans.values()):
                    spans[rdef.id] = m.span()
                    break
    found = [(r, stream.origin(spans[r.id][0]), stream.origin(spans[r.id][1] - 1) + 1)
             for r in labelled if r.id in spans]
    ids = {r.id for r, _, _ in found}
    found = [f for f in found if not (f[0].optional and ids & set(f[0].replaces))]
    return sorted(found, key=lambda f: f[1])


def _settle(pending: list[int], free: list[_Run], found: list[tuple[RowDef, int, int]],
            runs_by_row: dict[int, _Run]) -> None:
    """Give free runs to rows without numbers when the counts agree and every run fits."""
    if not pending or len(pending) != len(free):
        return
    fits = [free[k].fit(len(found[i][0].columns)) for k, i in enumerate(pending)]
    if all(f is not None for f in fits):
        for k, i in enumerate(pending):
            runs_by_row[i] = free[k]


def _merge(runs: list[_Run]) -> _Run:
    cells = [c for r in runs for c in r.cells]
    return _Run(cells, runs[0].offset, runs[-1].end, 0, all(r.numeric_line for r in runs), runs[0].tabbed,
                runs[0].separated)


def _make_row(rdef: RowDef, region: _Region, start: int, end: int, run: _Run | None) -> tuple[Row, int]:
    n = len(rdef.columns)
    found_label = region.text[start:end]
    pos = region.pos(start)
    if run is None:
        return Row(rdef.id, rdef.label, RowStatus.AMBIGUOUS, pos, columns=rdef.columns,
                   problem=Problem("unmatched", 0, n), found=found_label), end
    cells = run.fit(n)
    if cells is None:
        raw = " ".join(c.raw for c in run.cells)
        return Row(rdef.id, rdef.label, RowStatus.AMBIGUOUS, pos, tuple(run.cells), rdef.columns,
                   problem=Problem("count", sum(c.state is not CellState.BLANK for c in run.cells), n, raw),
                   found=found_label), run.end
    return Row(rdef.id, rdef.label, RowStatus.OK, pos, tuple(cells), rdef.columns, found=found_label), run.end


def _read_unlabelled(rdef: RowDef, region: _Region) -> tuple[Row, int]:
    """表四: the first numeric runs after the header, up to the expected count."""
    n = len(rdef.columns)
    cells: list[Cell] = []
    end = 0
    for run in _runs(region, 0, len(region.text)):
        if not run.plausible():
            continue
        cells.extend(run.core())
        end = run.end
        if len(cells) >= n:
            while len(cells) > n and cells[-1].state is CellState.BLANK:
                cells.pop()  # a trailing tab after the last value
            break
    pos = cells[0].pos if cells else region.pos(0)
    if len(cells) == n:
        return Row(rdef.id, rdef.label, RowStatus.OK, pos, tuple(cells), rdef.columns), end
    glued = _GLUED.search(region.text)
    if not cells and glued:  # the digits run into the words around them
        problem = Problem("glued", 1, n, glued.group())
        cells = [Cell(glued.group(), CellState.TEXT, None, region.pos(glued.start()))]
        pos = cells[0].pos
    else:
        problem = Problem("count", len(cells), n, " ".join(c.raw for c in cells))
    return Row(rdef.id, rdef.label, RowStatus.AMBIGUOUS, pos, tuple(cells), rdef.columns, problem=problem), end


def _runs(region: _Region, start: int, end: int) -> list[_Run]:
    """Numeric runs in region.text[start:end], line by line."""
    runs: list[_Run] = []
    offset = start
    prev_single: _Run | None = None
    for line_no, line in enumerate(region.text[start:end].split("\n")):
        separated = "\t" in line or "|" in line
        if not separated and not _VALUE_CHAR.search(line):  # words only: no cells to read
            if _WORD_CHAR.search(line):
                prev_single = None
            offset += len(line) + 1
            continue
        cells = _cells(line, offset, region)
        numeric_line = bool(cells) and all(c.state is not CellState.TEXT for c, _ in cells)
        filled = [(c, o) for c, o in cells if c.state is not CellState.BLANK]
        if numeric_line and len(filled) == 1 and prev_single is not None:
            prev_single.cells.append(filled[0][0])  # one cell per line: keep the column together
            prev_single.end = filled[0][1] + len(filled[0][0].raw)
        elif filled or (separated and len(cells) >= 2):
            line_runs = _line_runs(cells, line_no, numeric_line, "\t" in line, separated)
            runs.extend(line_runs)
            # a lone number may be the first of a column printed one cell per line
            prev_single = line_runs[-1] if numeric_line and len(filled) == 1 else None
        if not numeric_line and cells:
            prev_single = None
        offset += len(line) + 1
    return runs


def _line_runs(cells: list[tuple[Cell, int]], line_no: int, numeric_line: bool, tabbed: bool,
               separated: bool) -> list[_Run]:
    """Runs of non-text cells; in a tab or | separated row a run of empty fields is a row of
    blank cells (HTML and Word tables leave zero cells empty)."""
    runs: list[_Run] = []
    current: list[tuple[Cell, int]] = []
    for item in [*cells, None]:
        if item is not None and item[0].state is not CellState.TEXT:
            current.append(item)
            continue
        if any(c.state is not CellState.BLANK for c, _ in current) or (separated and len(current) >= 2):
            last_cell, last_off = current[-1]
            runs.append(_Run([c for c, _ in current], current[0][1], last_off + len(last_cell.raw),
                             line_no, numeric_line, tabbed, separated))
        current = []
    return runs


def _cells(line: str, offset: int, region: _Region) -> list[tuple[Cell, int]]:
    """Split one line into cells (by tabs, else by |, else by whitespace), with region offsets."""
    if "\t" in line:
        spans = _field_spans(line, _SPLIT_TAB)
    elif "|" in line:
        spans = _field_spans(line, _SPLIT_PIPE)
        if line.lstrip().startswith("|") and not line[spans[0][0]:spans[0][1]].strip():
            spans = spans[1:]  # the empty "field" before a leading | is not a cell
        if spans and line.rstrip().endswith("|") and not line[spans[-1][0]:spans[-1][1]].strip():
            spans = spans[:-1]
    else:
        spans = _space_spans(line)
    cells = []
    for a, b in spans:
        field_text = line[a:b]
        raw = field_text.strip()
        parsed = parse_cell(raw)
        if parsed.state is CellState.TEXT:
            cells.append((_TEXT, 0))  # words only break runs: no cell, no position needed
            continue
        at = offset + a + len(field_text) - len(field_text.lstrip())
        cells.append((Cell(raw, parsed.state, parsed.value, region.pos(at), parsed.unit, parsed.note), at))
    return cells


_NUMBER_WITH_NOTE = re.compile(r"\d[\d,.]*[（(][^（）()\s]{1,40}[)）]")


def _space_spans(line: str) -> list[tuple[int, int]]:
    """Whitespace-separated tokens; a parenthesised remark right after a number stays with it
    ("22 （其中修订 16 件）" is one cell), and digits glued to text are cut out."""
    spans: list[tuple[int, int]] = []
    for m in _TOKEN_OR_NOTE.finditer(line):
        if m.group("note") and spans and _NUMBER_END.search(line[spans[-1][0]:spans[-1][1]]):
            spans[-1] = (spans[-1][0], m.end())
        elif m.group("note") or _NUMBER_WITH_NOTE.fullmatch(m.group()):
            spans.append(m.span())  # "2（其中修订1件）": a number with its remark, one cell
        else:
            spans.extend(_split_glued(m.group(), m.start()))
    return spans


def _split_glued(token: str, start: int) -> list[tuple[int, int]]:
    """Separate digits glued to text ("申请数量640020470二、" → text, digits, text).

    An enumerator such as "2." or "3、" before a label stays part of the text.
    """
    if not _HAS_DIGIT.search(token):
        return [(start, start + len(token))]
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _DIGIT_RUN.finditer(token):
        if m.start() == 0 and (m.end() == len(token) or _UNIT_TAIL.fullmatch(token, m.end())):
            break  # a number, or a number with its unit ("708100元")
        if _ENUM_AFTER.match(token, m.end()):
            if m.end() - m.start() < 2:
                continue  # "2." before a label is its enumerator
            shorter = _DIGIT_RUN.match(token, m.start(), m.end() - 1)  # "00000002." → 0000000 + 2.
            if shorter is None:
                continue
            m = shorter
        if m.start() > pos:
            spans.append((start + pos, start + m.start()))
        spans.append((start + m.start(), start + m.end()))
        pos = m.end()
    if pos < len(token):
        spans.append((start + pos, start + len(token)))
    return spans


def _field_spans(line: str, sep: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in sep.finditer(line):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(line)))
    return spans


def _absent(tdef: TableDef) -> Table:
    rows = tuple(Row(r.id, r.label, RowStatus.MISSING, columns=r.columns) for r in tdef.rows)
    return Table(tdef.id, tdef.name["zh"], TableStatus.ABSENT, None, rows, tdef.section)


def _consume(consumed: dict[int, list[tuple[int, int]]], region: _Region, used_end: int,
             lines: Sequence[LLine]) -> None:
    """Mark the logical-line text from the anchor to the last used cell as table text."""
    first_line, first_off = region.lline_span(0)
    last_line, last_off = region.lline_span(max(used_end, 1))
    for i in range(first_line, last_line + 1):
        a = first_off if i == first_line else 0
        b = last_off if i == last_line else len(lines[i].text)
        consumed.setdefault(i, []).append((a, max(a, b)))
