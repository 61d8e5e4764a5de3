"""Property tests (hypothesis) for govlint: table arithmetic, parsing round trips,
robustness, blank cells, duplicates, required sections and placeholders.

Reports are generated from scratch: numbers that satisfy (or, after one change, violate)
the identities of 表三 and 表四, rendered in the layouts found in real reports — tab
separated (Word/HTML copies), space separated (PDF dumps) and Markdown pipe tables.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportgen import (
    CLEAN,
    CORPUS,
    RESULT_ROWS,
    RULE_CODES,
    SECTION_TITLES,
    T3,
    T3_COLS,
    T3_ROWS,
    T4,
    T4_GROUPS,
    TEMPLATE,
    Layout,
    Report,
    codes,
    layouts,
    render,
    reports,
    show,
)

from govlint.api import check_text
from govlint.config import Config
from govlint.findings import FileResult
from govlint.parser import parse

SEED = CORPUS / "seed" / "2021_zhoushan_dinghai_police.txt"

ARITH3 = ("GL301", "GL302", "GL303")
ARITH4 = ("GL401", "GL402", "GL403")
NO_FINDING_WHEN_BALANCED = frozenset(
    {*ARITH3, *ARITH4, "GL003", "GL004", "GL005", "GL006", "GL009"})
T4_RULE_OF_GROUP = dict(zip((g[-1] for g in T4_GROUPS), ARITH4, strict=True))


def t3_col_matches(col: str | None, cid: str) -> bool:
    """A finding's column names column `cid` of 表三 (by its label, with or without group)."""
    cdef = T3.column(cid)
    return col is not None and col in (cdef.label, cdef.display)


def check(text: str, *select: str) -> FileResult:
    return check_text(text, config=Config(select=select) if select else None)


SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------- 1. balanced


@SETTINGS
@given(reports(), layouts())
def test_balanced_report_has_no_arithmetic_or_extraction_finding(report: Report, layout: Layout) -> None:
    result = check_text(render(report, layout))
    bad = [f for f in result.findings if f.code in NO_FINDING_WHEN_BALANCED]
    assert not bad, show(result)


# --------------------------------------------------------------------------- 2. one 表三 cell changed


@SETTINGS
@given(reports(), layouts(), st.sampled_from(T3_ROWS), st.sampled_from(T3_COLS), st.data())
def test_changed_table3_cell_is_reported_at_its_row_and_column(
        report: Report, layout: Layout, rid: str, cid: str, data: st.DataObject) -> None:
    k = T3_COLS.index(cid)
    old = report.t3[rid][k]
    assert old is not None
    delta = data.draw(st.integers(-old, 50).filter(lambda d: d != 0), label="delta")
    changed = report.copy()
    changed.t3[rid][k] = old + delta
    result = check(render(changed, layout), *ARITH3, "GL003", "GL005")
    arith = [f for f in result.findings if f.code in ARITH3]
    row_label = T3.row(rid).label
    assert arith, show(result)
    assert any(f.row == row_label or t3_col_matches(f.col, cid) for f in arith), show(result)
    assert not [f for f in result.findings if f.code in ("GL003", "GL005") and f.table == "t3"], show(result)

    # Exactly the identities that hold this cell are broken.
    gl301 = [f.row for f in arith if f.code == "GL301"]
    assert gl301 == [row_label], show(result)
    gl302 = [f for f in arith if f.code == "GL302"]
    gl303 = [f for f in arith if f.code == "GL303"]
    in_302 = rid in RESULT_ROWS or rid == "r24"
    in_303 = rid in ("r1", "r2", "r24", "r25")
    assert len(gl302) == int(in_302), show(result)
    assert len(gl303) == int(in_303), show(result)
    assert all(t3_col_matches(f.col, cid) for f in (*gl302, *gl303)), show(result)


# --------------------------------------------------------------------------- 3. 表四


@SETTINGS
@given(reports(), layouts(), st.integers(0, 14), st.data())
def test_changed_table4_value_breaks_exactly_its_group(
        report: Report, layout: Layout, index: int, data: st.DataObject) -> None:
    assert not [f for f in check(render(report, layout), *ARITH4).findings]
    old = report.t4[index]
    assert old is not None
    delta = data.draw(st.integers(-old, 50).filter(lambda d: d != 0), label="delta")
    changed = report.copy()
    changed.t4[index] = old + delta
    result = check(render(changed, layout), *ARITH4, "GL003")
    group = next(g for g in T4_GROUPS if f"v{index + 1}" in g)
    total = T4.column(group[-1])
    arith = [f for f in result.findings if f.code in ARITH4]
    assert [f.code for f in arith] == [T4_RULE_OF_GROUP[group[-1]]], show(result)
    finding = arith[0]
    assert finding.col == total.display, finding.col  # e.g. 行政复议·总计
    assert finding.table == "t4"
    new_values = changed.t4
    assert finding.found == str(new_values[int(group[-1][1:]) - 1])
    assert finding.expected == str(sum(new_values[int(v[1:]) - 1] for v in group[:-1]))  # type: ignore[misc]


# --------------------------------------------------------------------------- 4. round trip


@SETTINGS
@given(reports(), layouts())
def test_parsed_cells_equal_generated_cells(report: Report, layout: Layout) -> None:
    doc = parse(render(report, layout), TEMPLATE, "<generated>")
    assert [(s.number, s.template_id) for s in doc.sections] == [
        (s.number, s.id) for s in TEMPLATE.sections]
    t3 = doc.tables["t3"]
    assert t3.status == "ok"
    for rid in T3_ROWS:
        row = t3.row(rid)
        assert row is not None and row.status == "ok", (rid, row)
        assert row.columns == T3_COLS
        assert [c.value for c in row.cells] == report.t3[rid], rid
        assert all(c.state == "number" for c in row.cells)
    assert t3.row("r21_23").status == "missing"
    t4 = doc.tables["t4"]
    assert t4.status == "ok"
    (row,) = t4.rows
    assert row.status == "ok" and [c.value for c in row.cells] == report.t4
    t2 = doc.tables["t2"]
    assert t2.status == "ok"
    for rid, values in report.t2.items():
        row = t2.row(rid)
        assert row is not None and row.status == "ok", (rid, row)
        assert [c.value for c in row.cells] == values, rid


@settings(max_examples=40, deadline=None)
@given(reports(), layouts(("tab",)))
def test_table4_row_with_trailing_tab(report: Report, layout: Layout) -> None:
    """A trailing tab after the last value of 表四 is an empty field, not a 16th value
    (the rows of 表三 and 表二 already read such rows)."""
    text = render(report, replace(layout, trailing=True, t4_trailing=True))
    (row,) = parse(text, TEMPLATE).tables["t4"].rows
    assert row.status == "ok" and [c.value for c in row.cells] == report.t4, (row.status, row.problem)
    result = check(text, *ARITH4, "GL003", "GL006")
    assert not result.findings, show(result)


# --------------------------------------------------------------------------- 5. robustness


def _assert_sane(result: FileResult) -> None:
    assert isinstance(result, FileResult)
    found = set(codes(result))
    assert found <= RULE_CODES, found - RULE_CODES
    assert "GL002" not in found, show(result)
    for f in result.findings:
        assert f.line >= 1 and f.column >= 1


_REPORTISH = st.text(alphabet=st.sampled_from(list(
    "一二三四五六七八九十、（）()0123456789\t\n |-—./,。：总计本年新收上结转下行政复议诉讼情况公开申请XX某第条项")))


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(), _REPORTISH))
def test_arbitrary_text_never_crashes(text: str) -> None:
    _assert_sane(check_text(text))


_REAL_LINES = CLEAN.read_text(encoding="utf-8").split("\n") + (
    SEED.read_text(encoding="utf-8").split("\n") if SEED.exists() else [])
_NOISE = st.sampled_from(["", "\t", " ", "|", "| --- |", "—", "无", "/", "0", "1,2", "12 3",
                          "640020470", "XX", "（七）总计", "四、", "一、总体情况", "\u3000", "- 3 -"])


@st.composite
def mangled_line(draw: st.DrawFn) -> str:
    line = draw(st.sampled_from(_REAL_LINES))
    action = draw(st.sampled_from(["keep", "truncate", "cut", "splice", "retab", "glue"]))
    if action == "truncate" and line:
        line = line[: draw(st.integers(0, len(line)))]
    elif action == "cut" and line:
        line = line[draw(st.integers(0, len(line))):]
    elif action == "splice":
        at = draw(st.integers(0, len(line)))
        line = line[:at] + draw(_NOISE) + line[at:]
    elif action == "retab":
        line = line.replace("\t", draw(st.sampled_from([" ", "", "|", "\t\t", "  "])))
    elif action == "glue":
        line = line + draw(st.sampled_from(_REAL_LINES))
    return line


@settings(max_examples=120, deadline=None)
@given(st.lists(mangled_line(), max_size=120), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_mixtures_of_report_lines_never_crash(lines: list[str], newline: str) -> None:
    _assert_sane(check_text(newline.join(lines)))


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffled_real_report_never_crashes(rnd: random.Random) -> None:
    lines = list(_REAL_LINES)
    rnd.shuffle(lines)
    keep = rnd.randint(0, len(lines))
    _assert_sane(check_text("\n".join(lines[:keep])))


# --------------------------------------------------------------------------- 6. blank cells

# What stands in a cell where a number is due: an empty cell (not representable in the
# space layout) or a written "nothing".
_DASH_TOKENS = ("—", "-", "/", "无")


@st.composite
def blanked(draw: st.DrawFn, columns: tuple[str, ...] = T3_COLS
            ) -> tuple[Report, Layout, str, str, str, str]:
    """A balanced report with one 表三 cell emptied: (original report, layout, row, column, raw, text)."""
    report, layout = draw(reports()), draw(layouts())
    rid, cid = draw(st.sampled_from(T3_ROWS)), draw(st.sampled_from(columns))
    choices = _DASH_TOKENS if layout.kind == "space" else ("", *_DASH_TOKENS)
    raw = draw(st.sampled_from(choices))
    blank = report.copy()
    blank.t3[rid][T3_COLS.index(cid)] = None if raw == "" else raw
    return report, layout, rid, cid, raw, render(blank, layout)


@SETTINGS
@given(blanked())
def test_blank_table3_cell_is_never_zero(case: tuple[Report, Layout, str, str, str, str]) -> None:
    """An identity is never computed with a blank or “—” cell taken as 0."""
    _, _, rid, cid, _, text = case
    result = check(text, *ARITH3, "GL006", "GL009", "GL003")
    # The other identities all hold, so any arithmetic finding used the blank as a number.
    assert not [f for f in result.findings if f.code in ARITH3], show(result)
    row = parse(text, TEMPLATE).tables["t3"].row(rid)
    assert row is not None
    cell = row.cell(cid)
    assert cell is None or (cell.value is None and cell.state in ("blank", "dash"))
    # The gap is reported one way or another (GL006 blank cell, or GL003 unreadable row).
    assert {"GL006", "GL003"} & set(codes(result)), show(result)


@SETTINGS
@given(blanked())
def test_blank_table3_cell_is_reported_as_blank(case: tuple[Report, Layout, str, str, str, str]) -> None:
    """A blank cell is reported as such (GL006, at its row and column) — in every column, the
    first one included — and the identities that involve it as not verifiable (GL009) exactly
    when the blank could not be 0 (the table balanced with the cell's original non-zero value)."""
    report, _, rid, cid, raw, text = case
    result = check(text, *ARITH3, "GL006", "GL009", "GL003")
    assert "GL003" not in codes(result), show(result)
    gl006 = [f for f in result.findings if f.code == "GL006"]
    assert [f.row for f in gl006] == [T3.row(rid).label], show(result)
    assert t3_col_matches(gl006[0].col, cid) and gl006[0].found == raw, show(result)
    assert ("GL009" in codes(result)) == (report.t3[rid][T3_COLS.index(cid)] != 0), show(result)
    assert not [f for f in result.findings if f.code in ARITH3], show(result)
    cell = parse(text, TEMPLATE).tables["t3"].row(rid).cell(cid)  # type: ignore[union-attr]
    assert cell is not None and cell.value is None and cell.raw == raw


@SETTINGS
@given(reports(), layouts(("tab", "pipe")), st.sampled_from(T3_ROWS), st.sampled_from(T3_COLS[:6]),
       st.integers(1, 5))
def test_filled_parts_exceeding_the_total_are_an_error_despite_a_blank(
        report: Report, layout: Layout, rid: str, cid: str, excess: int) -> None:
    """Counts are never negative: when a row's filled-in parts already exceed its total, a
    blank part cannot repair it, so the row-total error is reported (not GL009)."""
    bad = report.copy()
    row = bad.t3[rid]
    row[T3_COLS.index(cid)] = None
    known = sum(v for v in row[:6] if isinstance(v, int))
    row[6] = known + excess  # total larger than the parts: the blank could be `excess`
    open_result = check(render(bad, layout), "GL301")
    assert "GL301" not in codes(open_result), show(open_result)
    if known == 0:
        return
    row[6] = known - 1  # parts already exceed the total
    result = check(render(bad, layout), "GL301", "GL009")
    gl301 = [f for f in result.findings if f.code == "GL301"]
    assert [f.row for f in gl301] == [T3.row(rid).label], show(result)
    assert gl301[0].found == str(known - 1) and gl301[0].expected == str(known), show(result)


# --------------------------------------------------------------------------- 7. duplicates

# Common characters without numerals, 是, 某, X: no enumerators, headings or placeholders.
_POOL = ("的国在了人有中年大为上个以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
         "而方后多定行学法所民得经三之进着等部度家电力里如水化高自理起小物现实加量都两体制机当使点从业本"
         "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又"
         "么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员"
         "革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指")
_POOL_CHARS = tuple(dict.fromkeys(c for c in _POOL if c not in "一二三四五六七八九十是某"))
N_GROUPS = 12  # at most 4 * 2 + 3 paragraphs per report
_GROUP_SIZE = len(_POOL_CHARS) // N_GROUPS


@st.composite
def distinct_paragraphs(draw: st.DrawFn, n: int) -> list[str]:
    """`n` CJK sentences of 25–60 characters over disjoint character sets (no shared bigram)."""
    order = draw(st.permutations(range(N_GROUPS)))
    out = []
    for g in order[:n]:
        chars = _POOL_CHARS[g * _GROUP_SIZE:(g + 1) * _GROUP_SIZE]
        size = draw(st.integers(25, 59))
        body = "".join(draw(st.lists(st.sampled_from(chars), min_size=size, max_size=size)))
        out.append(body + "。")
    assert len(set(out)) == len(out)
    return out


@st.composite
def prose_reports(draw: st.DrawFn) -> tuple[dict[str, list[str]], Report, Layout]:
    counts = [draw(st.integers(1, 2)) for _ in range(4)]  # pre, s1, s5, s6
    extra = [draw(st.integers(0, 1)) for _ in range(3)]  # s2, s3, s4
    paras = draw(distinct_paragraphs(sum(counts) + sum(extra)))
    it = iter(paras)
    take = lambda k: [next(it) for _ in range(k)]  # noqa: E731
    prose = {"pre": take(counts[0]), "s1": take(counts[1]), "s2": take(extra[0]), "s3": take(extra[1]),
             "s4": take(extra[2]), "s5": take(counts[2]), "s6": take(counts[3])}
    return prose, draw(reports()), draw(layouts())


@SETTINGS
@given(prose_reports(), st.data())
def test_duplicate_paragraph_is_reported_once_at_the_later_copy(
        generated: tuple[dict[str, list[str]], Report, Layout], data: st.DataObject) -> None:
    prose, report, layout = generated
    text = render(report, layout, prose)
    result = check(text, "GL501", "GL502")
    assert not result.findings, show(result)

    lines = text.split("\n")
    para_lines = [i for i, line in enumerate(lines) if line in {p for ps in prose.values() for p in ps}]
    source = data.draw(st.sampled_from(para_lines), label="copied line")
    after = data.draw(st.sampled_from([i for i in para_lines if i != source]), label="insert after")
    copied = [*lines[: after + 1], lines[source], *lines[after + 1:]]
    copy_line = after + 2  # 1-based number of the inserted line
    orig_line = source + 1 + (1 if source > after else 0)
    result = check("\n".join(copied), "GL501", "GL502")
    assert [f.code for f in result.findings] == ["GL501"], show(result)
    (finding,) = result.findings
    first, later = sorted((copy_line, orig_line))
    assert finding.line == later, show(result)
    assert [r.line for r in finding.related] == [first]


# --------------------------------------------------------------------------- 8. required sections

_CLEAN_LINES = CLEAN.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("sid", [s.id for s in TEMPLATE.sections])
def test_removed_section_heading_is_reported(sid: str) -> None:
    heading = TEMPLATE.section(sid).heading  # type: ignore[union-attr]
    assert heading in _CLEAN_LINES
    text = "\n".join(line for line in _CLEAN_LINES if line != heading)
    result = check(text, "GL101")
    assert len(result.findings) == 1, show(result)
    assert SECTION_TITLES[sid] in result.findings[0].message


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from([s.id for s in TEMPLATE.sections]), min_size=1))
def test_removed_section_headings_are_each_reported(removed: set[str]) -> None:
    headings = {TEMPLATE.section(s).heading for s in removed}  # type: ignore[union-attr]
    text = "\n".join(line for line in _CLEAN_LINES if line not in headings)
    result = check(text, "GL101")
    reported = sorted(s for s in SECTION_TITLES
                      for f in result.findings if SECTION_TITLES[s] in f.message)
    assert reported == sorted(removed), show(result)


# --------------------------------------------------------------------------- 9. placeholders

_WORDISH = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _free_spots(line: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Offsets in line[lo:hi] where “XX” is not glued to an ASCII word or number."""
    hi = len(line) if hi is None else hi
    return [k for k in range(lo, hi + 1)
            if (k == 0 or line[k - 1] not in _WORDISH | set("@._"))
            and (k == len(line) or line[k] not in _WORDISH)]


def _paragraph_spans() -> list[tuple[int, int]]:
    """(0-based line, start offset) of the one-line paragraphs of the clean example."""
    doc = parse(CLEAN.read_text(encoding="utf-8"), TEMPLATE)
    return [(p.pos.line - 1, p.pos.col - 1) for _, p in doc.paragraphs() if len(p.lines) == 1]


_PARAGRAPHS = _paragraph_spans()
assert len(_PARAGRAPHS) >= 8


def _placeholder_findings(lines: list[str]) -> list[tuple[int, int, str | None]]:
    result = check("\n".join(lines), "GL520")
    return [(f.line, f.column, f.found) for f in result.findings if f.code == "GL520"]


@SETTINGS
@given(st.sampled_from(_PARAGRAPHS), st.data())
def test_inserted_placeholder_is_reported(paragraph: tuple[int, int], data: st.DataObject) -> None:
    index, start = paragraph
    line = _CLEAN_LINES[index]
    at = data.draw(st.sampled_from(_free_spots(line, start)), label="offset")
    lines = list(_CLEAN_LINES)
    lines[index] = line[:at] + "XX" + line[at:]
    assert _placeholder_findings(lines) == [(index + 1, at + 1, "XX")]


# Lines of the clean example that open with a sub-section heading: （一）主动公开。全年…
_SUB_HEADED = [(i, line.index("）") + 1, line.index("。")) for i, line in enumerate(_CLEAN_LINES)
               if line.startswith("（") and "。" in line and "\t" not in line]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(_SUB_HEADED), st.data())
def test_placeholder_in_subsection_heading_is_reported(
        spot: tuple[int, int, int], data: st.DataObject) -> None:
    """“（一）XX主动公开。…” is running text of the report like the sentence after it."""
    index, lo, hi = spot
    line = _CLEAN_LINES[index]
    at = data.draw(st.sampled_from(_free_spots(line, lo, hi)), label="offset")
    lines = list(_CLEAN_LINES)
    lines[index] = line[:at] + "XX" + line[at:]
    assert _placeholder_findings(lines) == [(index + 1, at + 1, "XX")]


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_placeholder_in_report_title_is_reported(data: st.DataObject) -> None:
    """“XX市XX区…年度报告”: the title is the commonest place of template residue."""
    title = _CLEAN_LINES[0]
    assert title.endswith("年度报告")
    at = data.draw(st.sampled_from(_free_spots(title)), label="offset")
    lines = [title[:at] + "XX" + title[at:], *_CLEAN_LINES[1:]]
    assert [(line, col) for line, col, _ in _placeholder_findings(lines)] == [(1, at + 1)]
