"""Property tests (hypothesis) for govlint: table arithmetic, parsing round trips,
robustness, blank cells, duplicates, required sections and placeholders.

Reports are generated from scratch: numbers that satisfy (or, after one change, violate)
the identities of 表三 and 表四, rendered in the layouts found in real reports — tab
separated (Word/HTML copies), space separated (PDF dumps) and Markdown pipe tables.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govlint.api import check_text
from govlint.config import Config
from govlint.findings import FileResult
from govlint.parser import parse
from govlint.rulepack import load_pack

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "examples" / "2023_clean.txt"
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "2021_zhoushan_dinghai_police.txt"

PACK = load_pack("gov-2021")
TEMPLATE = PACK.template
RULE_CODES = frozenset(r.code for r in PACK.rules)
T2 = TEMPLATE.table("t2")
T3 = TEMPLATE.table("t3")
T4 = TEMPLATE.table("t4")

ARITH3 = ("GL301", "GL302", "GL303")
ARITH4 = ("GL401", "GL402", "GL403")
NO_FINDING_WHEN_BALANCED = frozenset(
    {*ARITH3, *ARITH4, "GL003", "GL004", "GL005", "GL006", "GL009"})

# 表三: template rows in report order (the 2019 alternative row r21_23 is not generated).
T3_ROWS = tuple(r.id for r in T3.rows if not r.optional)
RESULT_ROWS = tuple(f"r{k}" for k in range(3, 24))
T3_COLS = ("c1", "c2", "c3", "c4", "c5", "c6", "c7")
assert ("r1", "r2", *RESULT_ROWS, "r24", "r25") == T3_ROWS

# Group label cells (the merged cells at the left of 表三 in Word/HTML copies), per row.
T3_LABEL_CELLS: dict[str, tuple[str, ...]] = {
    "r1": ("一、本年新收政府信息公开申请数量",),
    "r2": ("二、上年结转政府信息公开申请数量",),
    "r3": ("三、本年度办理结果", "（一）予以公开"),
    "r4": ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    "r5": ("", "（三）不予公开", "1.属于国家秘密"),
    "r6": ("", "", "2.其他法律行政法规禁止公开"),
    "r7": ("", "", "3.危及“三安全一稳定”"),
    "r8": ("", "", "4.保护第三方合法权益"),
    "r9": ("", "", "5.属于三类内部事务信息"),
    "r10": ("", "", "6.属于四类过程性信息"),
    "r11": ("", "", "7.属于行政执法案卷"),
    "r12": ("", "", "8.属于行政查询事项"),
    "r13": ("", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    "r14": ("", "", "2.没有现成信息需要另行制作"),
    "r15": ("", "", "3.补正后申请内容仍不明确"),
    "r16": ("", "（五）不予处理", "1.信访举报投诉类申请"),
    "r17": ("", "", "2.重复申请"),
    "r18": ("", "", "3.要求提供公开出版物"),
    "r19": ("", "", "4.无正当理由大量反复申请"),
    "r20": ("", "", "5.要求行政机关确认或重新出具已获取信息"),
    "r21": ("", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    "r22": ("", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    "r23": ("", "", "3.其他"),
    "r24": ("", "（七）总计"),
    "r25": ("四、结转下年度继续办理",),
}
assert set(T3_LABEL_CELLS) == set(T3_ROWS)

T2_GROUPS = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("rules", "normative")),
    ("第二十条第（五）项", ("本年处理决定数量",), ("licensing",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("penalty", "coercion")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("fees",)),
)
T2_ROW_TEXT = {r.id: r.label for r in T2.rows}
T4_GROUPS = (("v1", "v2", "v3", "v4", "v5"), ("v6", "v7", "v8", "v9", "v10"),
             ("v11", "v12", "v13", "v14", "v15"))
T4_RULE_OF_GROUP = dict(zip((g[-1] for g in T4_GROUPS), ARITH4, strict=True))
T4_HEAD = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

# Running text of the sections (from examples/2023_clean.txt).
TITLE = "青山市河东区市场监督管理局2023年政府信息公开工作年度报告"
PREAMBLE = ("本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
            "（国办公开办函〔2021〕30号）编制。报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。")
S1_TEXT = ("2023年，我局深入贯彻《条例》，坚持以公开为常态、不公开为例外，围绕优化营商环境和食品安全监管等"
           "重点工作，推动政府信息公开工作规范开展。")
S5_TEXT = ("2023年，我局政府信息公开工作取得一定成效，但仍存在政策解读形式较为单一、部分栏目更新不够及时等问题。"
           "针对上述问题，我局将丰富政策解读形式，建立栏目更新提醒机制。")
S6_TEXT = "依据《政府信息公开信息处理费管理办法》，我局2023年未收取信息处理费。"
HEADINGS = tuple(s.heading for s in TEMPLATE.sections)

LAYOUTS = ("tab", "space", "pipe")
SECTION_TITLES = {s.id: s.title for s in TEMPLATE.sections}


# --------------------------------------------------------------------------- data


@dataclass
class Report:
    """The numbers of one report: 表二 by row id, 表三 by row id (7 values), 表四 (15 values).

    A value of None is rendered as a blank cell, a string as written (e.g. “—”).
    """

    t2: dict[str, list[int | Decimal | None]]
    t3: dict[str, list[int | str | None]]
    t4: list[int | None]

    def copy(self) -> Report:
        return Report({k: list(v) for k, v in self.t2.items()},
                      {k: list(v) for k, v in self.t3.items()}, list(self.t4))


@dataclass(frozen=True)
class Layout:
    """How a report's tables are written."""

    kind: str  # tab | space | pipe
    label_cells: bool = True  # group label cells in leading columns, else one label cell (tab / pipe)
    trailing: bool = False  # tab rows of 表二/表三 end with a tab (an empty last field), as in many dumps
    t4_trailing: bool = False  # the same for the value row of 表四 (see test_table4_row_with_trailing_tab)
    sep: str = " "  # the space layout's separator
    thousands: bool = False  # 1,862 instead of 1862


small = st.one_of(st.integers(0, 9), st.integers(0, 60), st.integers(0, 5000))


@st.composite
def balanced_t3(draw: st.DrawFn) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for rid in RESULT_ROWS:
        rows[rid] = [draw(small) for _ in range(6)]
    r24 = [sum(rows[r][c] for r in RESULT_ROWS) for c in range(6)]
    r25 = [draw(small) for _ in range(6)]
    # r1 + r2 = r24 + r25, both non-negative: split the right-hand side.
    r2 = [draw(st.integers(0, r24[c] + r25[c])) for c in range(6)]
    r1 = [r24[c] + r25[c] - r2[c] for c in range(6)]
    out = {"r1": r1, "r2": r2, **rows, "r24": r24, "r25": r25}
    return {rid: [*vals, sum(vals)] for rid, vals in ((r, out[r]) for r in T3_ROWS)}


@st.composite
def balanced_t4(draw: st.DrawFn) -> list[int]:
    values: list[int] = []
    for _ in T4_GROUPS:
        parts = [draw(small) for _ in range(4)]
        values += [*parts, sum(parts)]
    return values


fee = st.one_of(st.integers(0, 500),
                st.integers(1, 99999).map(lambda n: Decimal(n).scaleb(-2)))


@st.composite
def t2_values(draw: st.DrawFn) -> dict[str, list[int | Decimal | None]]:
    return {r.id: ([draw(fee)] if r.id == "fees" else [draw(small) for _ in r.columns])
            for r in T2.rows}


@st.composite
def reports(draw: st.DrawFn) -> Report:
    return Report(draw(t2_values()), draw(balanced_t3()), draw(balanced_t4()))


@st.composite
def layouts(draw: st.DrawFn, kinds: tuple[str, ...] = LAYOUTS) -> Layout:
    kind = draw(st.sampled_from(kinds))
    return Layout(kind, label_cells=draw(st.booleans()), trailing=draw(st.booleans()),
                  sep=draw(st.sampled_from((" ", "  ", "\u3000"))),
                  thousands=draw(st.booleans()))


# --------------------------------------------------------------------------- rendering


def fmt_value(value: int | Decimal | str | None, layout: Layout) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # a written "nothing" such as —
        return value
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if layout.thousands else f"{value:.2f}"
    return f"{value:,}" if layout.thousands else str(value)


def render_row(labels: list[str], values: list[int | Decimal | str | None], layout: Layout,
               trailing: bool | None = None) -> str:
    cells = [*labels, *(fmt_value(v, layout) for v in values)]
    trailing = layout.trailing if trailing is None else trailing
    if layout.kind == "tab":
        return "\t".join(cells) + ("\t" if trailing and values else "")
    if layout.kind == "pipe":
        return "| " + " | ".join(cells) + " |"
    assert all(c for c in cells), "the space layout cannot show a blank cell"
    return layout.sep.join(cells)


def md_rule(n: int) -> str:
    return "|" + "---|" * n


def t3_labels(rid: str, layout: Layout) -> list[str]:
    cells = list(T3_LABEL_CELLS[rid])
    if layout.kind == "space":
        return [c for c in cells if c]  # "（三）不予公开 1.属于国家秘密 0 0 …"
    if not layout.label_cells:
        return ["".join(cells)]  # one label cell per row
    if layout.kind == "pipe":
        return cells + [""] * (3 - len(cells))  # a fixed number of label columns
    return cells  # tab: as copied from Word, ragged label cells


def render_t2(t2: dict[str, list[int | Decimal | None]], layout: Layout) -> list[str]:
    out: list[str] = []
    for caption, heads, rows in T2_GROUPS:
        out.append(caption)
        out.append(render_row(["信息内容", *heads], [], layout))
        if layout.kind == "pipe":
            out.append(md_rule(1 + len(heads)))
        for rid in rows:
            out.append(render_row([T2_ROW_TEXT[rid]], t2[rid], layout))
    return out


def render_t3(t3: dict[str, list[int | str | None]], layout: Layout) -> list[str]:
    out: list[str] = []
    parts = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    if layout.kind == "tab":
        out += ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
                "\t自然人\t法人或其他组织\t\t\t\t\t总计",
                "\t\t" + "\t".join(parts)]
    elif layout.kind == "space":
        out += ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况",
                "自然人 法人或其他组织 总计", " ".join(parts)]
    else:
        n_labels = 3 if layout.label_cells else 1
        out += ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                "| 申请人情况 |" + " |" * (n_labels - 1) + " 自然人 | " + " | ".join(parts) + " | 总计 |",
                md_rule(n_labels + 7)]
    for rid in T3_ROWS:
        out.append(render_row(t3_labels(rid, layout), t3[rid], layout))
    return out


def render_t4(t4: list[int | None], layout: Layout) -> list[str]:
    if layout.kind == "tab":
        return ["行政复议\t\t\t\t\t行政诉讼",
                "\t".join(T4_HEAD) + "\t未经复议直接起诉\t\t\t\t\t复议后起诉",
                "\t" * 5 + "\t".join(T4_HEAD * 2),
                render_row([], t4, layout, trailing=layout.t4_trailing)]
    if layout.kind == "space":
        return ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉", " ".join(T4_HEAD * 3),
                render_row([], t4, layout)]
    return ["行政复议、行政诉讼情况",
            "| " + " | ".join(T4_HEAD * 3) + " |", md_rule(15), render_row([], t4, layout)]


def render(report: Report, layout: Layout, paragraphs: dict[str, list[str]] | None = None) -> str:
    """A whole report: title, preamble, six sections with the three tables."""
    prose = paragraphs or {"pre": [PREAMBLE], "s1": [S1_TEXT], "s2": [], "s3": [], "s4": [],
                           "s5": [S5_TEXT], "s6": [S6_TEXT]}
    lines = [TITLE, "", *prose["pre"], ""]
    tables = {"s2": render_t2(report.t2, layout), "s3": render_t3(report.t3, layout),
              "s4": render_t4(report.t4, layout)}
    for sdef in TEMPLATE.sections:
        lines += [sdef.heading, "", *prose[sdef.id]]
        if sdef.id in tables:
            lines += ["", *tables[sdef.id]]
        lines.append("")
    return "\n".join(lines)


def codes(result: FileResult) -> list[str]:
    return [f.code for f in result.findings]


def show(result: FileResult) -> str:
    return "\n".join(f"{f.code} {f.line}:{f.column} {f.message}" for f in result.findings)


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
