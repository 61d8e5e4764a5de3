"""Generated annual reports for the tests: a model of the numbers (`Report`), hypothesis
strategies for it, and renderers of the same report as text (tab / space / Markdown pipe
layouts), as an HTML page, as a Word document and as a PDF file.

The renderers write our own content in the shape of real reports: HTML tables with the
rowspan/colspan structure of the published format, Word tables with merged cells (and the
section numbers 一、… optionally produced by Word's list numbering), PDF pages with a text
layer of positioned lines (a minimal PDF writer: Type0 font, Identity-H, /ToUnicode).
"""

from __future__ import annotations

import io
import random
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from pathlib import Path

from hypothesis import strategies as st

from govlint.findings import FileResult
from govlint.rulepack import load_pack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CLEAN = EXAMPLES / "2023_clean.txt"
CORPUS = ROOT.parent / "shared" / "corpus"

PACK = load_pack("gov-2021")
TEMPLATE = PACK.template
RULE_CODES = frozenset(r.code for r in PACK.rules)
T2 = TEMPLATE.table("t2")
T3 = TEMPLATE.table("t3")
T4 = TEMPLATE.table("t4")

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
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_PARTS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")

T2_GROUPS = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("rules", "normative")),
    ("第二十条第（五）项", ("本年处理决定数量",), ("licensing",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("penalty", "coercion")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("fees",)),
)
T2_ROW_TEXT = {r.id: r.label for r in T2.rows}
T4_GROUPS = (("v1", "v2", "v3", "v4", "v5"), ("v6", "v7", "v8", "v9", "v10"),
             ("v11", "v12", "v13", "v14", "v15"))
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


def sample_report(seed: int = 0, high: int = 60) -> Report:
    """A balanced report with pseudo-random numbers (for tests that need one fixed report)."""
    rnd = random.Random(seed)
    num = lambda: rnd.randint(0, high)  # noqa: E731
    rows = {rid: [num() for _ in range(6)] for rid in RESULT_ROWS}
    r24 = [sum(rows[r][c] for r in RESULT_ROWS) for c in range(6)]
    r25 = [num() for _ in range(6)]
    r2 = [rnd.randint(0, r24[c] + r25[c]) for c in range(6)]
    r1 = [r24[c] + r25[c] - r2[c] for c in range(6)]
    t3 = {"r1": r1, "r2": r2, **rows, "r24": r24, "r25": r25}
    t4: list[int | None] = []
    for _ in T4_GROUPS:
        parts = [num() for _ in range(4)]
        t4 += [*parts, sum(parts)]
    t2: dict[str, list[int | Decimal | None]] = {
        r.id: [Decimal("1.25")] if r.id == "fees" else [0 if r.id == "rules" else num() for _ in r.columns]
        for r in T2.rows}
    return Report(t2, {rid: [*vals, sum(vals)] for rid, vals in t3.items()}, t4)


@st.composite
def layouts(draw: st.DrawFn, kinds: tuple[str, ...] = LAYOUTS) -> Layout:
    kind = draw(st.sampled_from(kinds))
    return Layout(kind, label_cells=draw(st.booleans()), trailing=draw(st.booleans()),
                  sep=draw(st.sampled_from((" ", "  ", "\u3000"))),
                  thousands=draw(st.booleans()))


# --------------------------------------------------------------------------- text rendering


def fmt_value(value: int | Decimal | str | None, layout: Layout) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # a written "nothing" such as —
        return value
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if layout.thousands else f"{value:.2f}"
    return f"{value:,}" if layout.thousands else str(value)


def render_row(labels: list[str], values: Sequence[int | Decimal | str | None], layout: Layout,
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
    parts = list(T3_PARTS)
    if layout.kind == "tab":
        out += [f"{T3_NOTE}\t申请人情况",
                "\t自然人\t法人或其他组织\t\t\t\t\t总计",
                "\t\t" + "\t".join(parts)]
    elif layout.kind == "space":
        out += [f"{T3_NOTE} 申请人情况",
                "自然人 法人或其他组织 总计", " ".join(parts)]
    else:
        n_labels = 3 if layout.label_cells else 1
        out += [T3_NOTE,
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


def default_prose() -> dict[str, list[str]]:
    return {"pre": [PREAMBLE], "s1": [S1_TEXT], "s2": [], "s3": [], "s4": [],
            "s5": [S5_TEXT], "s6": [S6_TEXT]}


def render(report: Report, layout: Layout, paragraphs: dict[str, list[str]] | None = None) -> str:
    """A whole report: title, preamble, six sections with the three tables."""
    prose = paragraphs or default_prose()
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


# --------------------------------------------------------------------------- document model
#
# The rich formats are rendered from one block list: ("title" | "heading" | "p", text) and
# ("table", grid), a grid being rows of cells in HTML terms: cells covered by a rowspan or
# colspan from an earlier cell are not listed.


@dataclass(frozen=True)
class TCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


Grid = list[list[TCell]]
Block = tuple[str, "str | Grid"]


def cell_text(value: int | Decimal | str | None, thousands: bool = False) -> str:
    return fmt_value(value, Layout("tab", thousands=thousands))


def grid_t2(t2: dict[str, list[int | Decimal | None]], thousands: bool = False) -> Grid:
    """表二 as one 4-column table: caption rows across the table, single-value rows spanning
    the three value columns."""
    grid: Grid = []
    for caption, heads, rows in T2_GROUPS:
        grid.append([TCell(caption, colspan=4, header=True)])
        span = 4 - len(heads)
        grid.append([TCell("信息内容", header=True),
                     *(TCell(h, colspan=span if len(heads) == 1 else 1, header=True) for h in heads)])
        for rid in rows:
            values = t2[rid]
            span = 4 - len(values)
            grid.append([TCell(T2_ROW_TEXT[rid]),
                         *(TCell(cell_text(v, thousands), colspan=span if len(values) == 1 else 1)
                           for v in values)])
    return grid


def grid_t3(t3: dict[str, list[int | str | None]], thousands: bool = False) -> Grid:
    """表三 with the published structure: a 3×3 note cell, 申请人情况 over seven columns,
    法人或其他组织 over five, the group labels 三、本年度办理结果 / （三）不予公开 … merged down."""
    grid: Grid = [
        [TCell(T3_NOTE, rowspan=3, colspan=3, header=True), TCell("申请人情况", colspan=7, header=True)],
        [TCell("自然人", rowspan=2, header=True), TCell("法人或其他组织", colspan=5, header=True),
         TCell("总计", rowspan=2, header=True)],
        [TCell(p, header=True) for p in T3_PARTS],
    ]
    for k, rid in enumerate(T3_ROWS):
        labels = T3_LABEL_CELLS[rid]
        row: list[TCell] = []
        for i, text in enumerate(labels):
            if not text:
                continue  # covered by the merged cell above
            rowspan = 1
            for below in T3_ROWS[k + 1:]:
                later = T3_LABEL_CELLS[below]
                if len(later) > i and not later[i]:
                    rowspan += 1
                else:
                    break
            colspan = 3 - i if i == len(labels) - 1 else 1
            row.append(TCell(text, rowspan=rowspan, colspan=colspan))
        row += [TCell(cell_text(v, thousands)) for v in t3[rid]]
        grid.append(row)
    return grid


def grid_t4(t4: list[int | None], thousands: bool = False) -> Grid:
    """表四 with its three header rows."""
    return [
        [TCell("行政复议", colspan=5, header=True), TCell("行政诉讼", colspan=10, header=True)],
        [*(TCell(h, rowspan=2, header=True) for h in T4_HEAD),
         TCell("未经复议直接起诉", colspan=5, header=True), TCell("复议后起诉", colspan=5, header=True)],
        [TCell(h, header=True) for h in T4_HEAD * 2],
        [TCell(cell_text(v, thousands)) for v in t4],
    ]


def blocks(report: Report, paragraphs: dict[str, list[str]] | None = None, thousands: bool = False) -> list[Block]:
    """The report as blocks, in the order of `render`."""
    prose = paragraphs or default_prose()
    out: list[Block] = [("title", TITLE), *(("p", p) for p in prose["pre"])]
    tables = {"s2": grid_t2(report.t2, thousands), "s3": grid_t3(report.t3, thousands),
              "s4": grid_t4(report.t4, thousands)}
    for sdef in TEMPLATE.sections:
        out.append(("heading", sdef.heading))
        out += [("p", p) for p in prose[sdef.id]]
        if sdef.id in tables:
            out.append(("table", tables[sdef.id]))
    return out


def text_blocks(text: str, pad: bool = False) -> list[Block]:
    """Blocks of a text report: runs of tab-separated lines become tables (one row per line,
    one cell per field), other non-empty lines paragraphs (the first one the title).
    With `pad`, short rows are filled up with empty cells to the table's width (as the
    tables of Word and of most web pages are)."""
    out: list[Block] = []
    run: Grid = []

    def end_run() -> None:
        width = max(len(row) for row in run)
        out.append(("table", [[*row, *(TCell("") for _ in range(width - len(row)))] if pad else row
                              for row in run]))
        run.clear()

    for line in text.split("\n"):
        if "\t" in line:
            run.append([TCell(f) for f in line.split("\t")])
            continue
        if run:
            end_run()
        if line.strip():
            out.append(("title" if not out else "p", line))
    if run:
        end_run()
    return out


def positions(grid: Grid) -> list[list[tuple[int, TCell]]]:
    """(grid column, cell) of each listed cell, resolving rowspans and colspans like a browser."""
    taken: set[tuple[int, int]] = set()
    out: list[list[tuple[int, TCell]]] = []
    for r, row in enumerate(grid):
        c = 0
        placed = []
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
        out.append(placed)
    return out


# --------------------------------------------------------------------------- HTML

_CHROME_TOP = """<div class="top-bar"><span>无障碍浏览</span> | <span>长者模式</span> | <a href="/login">登录</a></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="青山市河东区人民政府"></div>
<div class="search"><form action="/search"><input type="text" name="q" value="请输入关键词"><button>搜索</button></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjhd/">走进河东</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>
"""
_CHROME_BOTTOM = """<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="print-bar">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a/1.html">关于公布2022年度政府信息公开工作年度报告的通知</a></li>
<li><a href="/a/2.html">河东区人民政府办公室关于做好2024年政务公开工作的通知</a></li></ul></div>
"""
_FOOTER = """<div class="footer"><p>主办单位：青山市河东区人民政府办公室　承办单位：青山市河东区大数据中心</p>
<p>地址：青山市河东区政府路1号　联系电话：0000-12345678　网站标识码：0000000001</p>
<p>备案号：某ICP备00000000号　公安机关备案号：00000000000001</p></div>
"""
_SCRIPT = """<script type="text/javascript">
var total = "一、总体情况 二、主动公开政府信息情况 表三 总计 999";
document.write("<p>" + total + "</p>");
</script>"""
_STYLE = """<style type="text/css">
.article-content p { text-indent: 2em; line-height: 2; } /* 一、总体情况 总计 12 */
td { border: 1px solid #000; }
</style>"""


@dataclass(frozen=True)
class HtmlStyle:
    """Variations of how a site's editor writes a report page."""

    chrome: bool = True  # site navigation, 当前位置, share links, footer, script and style
    blank: str = "&nbsp;"  # how a blank cell is written: "&nbsp;", "" or " "
    wrap: bool = False  # cell and heading text wrapped in <p>/<span>/<strong>, as from Word
    headings: str = "p"  # "p" | "h3" | "strong"
    thead: bool = False  # header rows in <thead> with <th>
    date: str | None = "2024-01-18"  # 发布日期 in the page's info line


def _td(cell: TCell, style: HtmlStyle, th: bool) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.text == "":
        body = style.blank
    elif style.wrap:
        text = escape(cell.text, quote=False)
        body = f'<p style="text-align:center"><span style="font-size:12px">{text}</span></p>'
    else:
        body = escape(cell.text, quote=False)
    tag = "th" if th else "td"
    return f'<{tag}{attrs} valign="middle">{body}</{tag}>'


def html_table(grid: Grid, style: HtmlStyle) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">']
    n_head = 0
    if style.thead:
        while n_head < len(grid) and all(c.header for c in grid[n_head]):
            n_head += 1
    if n_head:
        out.append("<thead>")
    for r, row in enumerate(grid):
        if n_head and r == n_head:
            out.append("</thead>")
        if r == n_head:
            out.append("<tbody>")
        out.append("<tr>" + "".join(_td(c, style, r < n_head) for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _html_block(kind: str, value: str | Grid, style: HtmlStyle) -> str:
    if kind == "table":
        assert isinstance(value, list)
        return html_table(value, style)
    assert isinstance(value, str)
    text = escape(value, quote=False)
    if kind == "title":
        return ""  # written as the page's <h1> above the article body
    if kind == "heading":
        if style.headings == "h3":
            return f"<h3>{text}</h3>"
        if style.headings == "strong":
            return f'<p style="text-indent:2em"><strong>{text}</strong></p>'
    if style.wrap:
        return f'<p style="text-indent:2em"><span style="font-family:仿宋;font-size:16px">{text}</span></p>'
    return f'<p style="text-indent:2em">{text}</p>'


def html_page(body_blocks: Iterable[Block], title: str = TITLE, style: HtmlStyle | None = None,
              encoding: str = "utf-8") -> bytes:
    """A whole web page around an article body, encoded in `encoding` (declared in a meta tag)."""
    style = style or HtmlStyle()
    body = "\n".join(h for kind, value in body_blocks if (h := _html_block(kind, value, style)))
    info = f'<span>发布日期：{style.date}</span>　' if style.date else ""
    page = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head>',
        f'<meta charset="{encoding}">' if encoding != "utf-8" else '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}_青山市河东区人民政府</title>",
        _STYLE if style.chrome else "",
        _SCRIPT if style.chrome else "",
        "</head><body>",
        _CHROME_TOP if style.chrome else "",
        '<div class="main-wrap"><div class="article">',
        f'<h1 class="article-title">{escape(title, quote=False)}</h1>',
        f'<div class="article-info">{info}<span>来源：河东区市场监督管理局</span></div>',
        '<div class="article-content" id="zoom">',
        body,
        "</div>",
        _CHROME_BOTTOM if style.chrome else "",
        "</div></div>",
        _FOOTER if style.chrome else "",
        "</body></html>",
    ]
    text = "\n".join(p for p in page if p)
    return text.encode("gb18030" if encoding.lower() in ("gbk", "gb2312", "gb18030") else encoding)


def render_html(report: Report, style: HtmlStyle | None = None, encoding: str = "utf-8",
                paragraphs: dict[str, list[str]] | None = None, thousands: bool = False) -> bytes:
    """The report as a web page (bytes)."""
    return html_page(blocks(report, paragraphs, thousands), TITLE, style, encoding)


def text_to_html(text: str, style: HtmlStyle | None = None, encoding: str = "utf-8", pad: bool = True) -> bytes:
    """A text report (tab-separated tables) as a web page; `pad`: every table row has the
    table's number of cells."""
    body = text_blocks(text, pad)
    title = next((v for k, v in body if k == "title"), "")
    assert isinstance(title, str)
    return html_page(body, title, style, encoding)


@st.composite
def html_styles(draw: st.DrawFn) -> HtmlStyle:
    return HtmlStyle(chrome=draw(st.booleans()), blank=draw(st.sampled_from(("&nbsp;", "", " "))),
                     wrap=draw(st.booleans()), headings=draw(st.sampled_from(("p", "h3", "strong"))),
                     thead=draw(st.booleans()), date=draw(st.sampled_from(("2024-01-18", None))))


# --------------------------------------------------------------------------- DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class DocxStyle:
    numbering: str = "typed"  # "typed": 一、 written as text; "list": Word list numbering (chineseCounting)
    split_runs: bool = True  # paragraphs written in several runs, as Word saves them
    blank: str = ""  # text of a blank cell


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def add_chinese_numbering(document: object, lvl_text: str = "%1、", fmt: str = "chineseCounting",
                          start: int = 1) -> str:
    """Add a one-level list (abstractNum + num) to the document's numbering part; its numId."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    abstract_ids = [int(a.get(_w("abstractNumId"))) for a in numbering.iterchildren(_w("abstractNum"))]
    num_ids = [int(n.get(_w("numId"))) for n in numbering.iterchildren(_w("num"))]
    abstract_id, num_id = max(abstract_ids, default=-1) + 1, max(num_ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>'
        "</w:abstractNum>")
    num = parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    # Schema order: every abstractNum before the first num.
    first_num = numbering.find(_w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return str(num_id)


def set_numbering(paragraph: object, num_id: str, level: int = 0) -> None:
    """Give a paragraph list numbering (w:numPr in its w:pPr)."""
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr.insert(0, parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/>'
                            f'<w:numId w:val="{num_id}"/></w:numPr>'))


def _add_runs(paragraph: object, text: str, split: bool) -> None:
    if split and len(text) > 6:
        cut = len(text) // 3
        paragraph.add_run(text[:cut])  # type: ignore[attr-defined]
        paragraph.add_run(text[cut:])  # type: ignore[attr-defined]
    else:
        paragraph.add_run(text)  # type: ignore[attr-defined]


def docx_table(document: object, grid: Grid, style: DocxStyle) -> None:
    from docx.oxml import parse_xml
    from docx.table import _Cell

    placed = positions(grid)
    width = max(c + cell.colspan for row in placed for c, cell in row)
    table = document.add_table(rows=len(grid), cols=width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    # Merged cells as Word writes them: a cell merged across columns is one w:tc with
    # w:gridSpan; a cell merged down has w:vMerge="restart", the cells below it an empty
    # w:vMerge (continue). (python-docx's _Cell.merge does the same, but slowly.)
    tcs = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
    for r, row in enumerate(placed):
        for c, cell in row:
            for dr in range(cell.rowspan):
                tc = tcs[r + dr][c]
                props = tc.get_or_add_tcPr()
                if cell.colspan > 1:
                    props.append(parse_xml(f'<w:gridSpan xmlns:w="{W_NS}" w:val="{cell.colspan}"/>'))
                    for dc in range(1, cell.colspan):
                        tcs[r + dr][c + dc].getparent().remove(tcs[r + dr][c + dc])
                if cell.rowspan > 1:
                    props.append(parse_xml(f'<w:vMerge xmlns:w="{W_NS}" w:val="restart"/>' if dr == 0
                                           else f'<w:vMerge xmlns:w="{W_NS}"/>'))
            _Cell(tcs[r][c], table).text = cell.text or style.blank


def docx_document(body_blocks: Iterable[Block], style: DocxStyle | None = None) -> bytes:
    import docx

    style = style or DocxStyle()
    document = docx.Document()
    num_id = add_chinese_numbering(document) if style.numbering == "list" else None
    for kind, value in body_blocks:
        if kind == "table":
            assert isinstance(value, list)
            docx_table(document, value, style)
            continue
        assert isinstance(value, str)
        if kind == "title":
            paragraph = document.add_paragraph(style="Title")
            _add_runs(paragraph, value, style.split_runs)
        elif kind == "heading" and num_id is not None and _HEADING_NUMBER.match(value):
            paragraph = document.add_paragraph(style="Heading 2")
            set_numbering(paragraph, num_id)
            _add_runs(paragraph, _HEADING_NUMBER.sub("", value), style.split_runs)
        else:
            paragraph = document.add_paragraph(style="Heading 2" if kind == "heading" else None)
            _add_runs(paragraph, value, style.split_runs)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(report: Report, style: DocxStyle | None = None,
                paragraphs: dict[str, list[str]] | None = None, thousands: bool = False) -> bytes:
    """The report as a Word document (bytes)."""
    return docx_document(blocks(report, paragraphs, thousands), style)


def text_to_docx(text: str, style: DocxStyle | None = None) -> bytes:
    """A text report as a Word document: tab-separated lines become table rows (padded to the
    table's width with empty cells, as a Word table always is)."""
    return docx_document(text_blocks(text, pad=True), style)


@st.composite
def docx_styles(draw: st.DrawFn) -> DocxStyle:
    return DocxStyle(numbering=draw(st.sampled_from(("typed", "list"))), split_runs=draw(st.booleans()))


# --------------------------------------------------------------------------- PDF
#
# A minimal PDF writer. Text is shown with a Type0 font (Identity-H, so each character is a
# 2-byte CID equal to its Unicode code point), a CIDFontType2 descendant with /DW 1000 (every
# glyph one em wide) and a non-embedded BaseFont; /ToUnicode maps every CID to itself, so
# the text layer extracts as written.

A4 = (595.0, 842.0)


@dataclass
class PdfText:
    x: float
    y: float
    text: str
    size: float = 10.0


@dataclass
class PdfPage:
    items: list[PdfText] = field(default_factory=list)
    drawing: str = ""  # extra content-stream operators (lines, rectangles)


def _hex(text: str) -> str:
    assert all(ord(ch) < 0x10000 and not 0xD800 <= ord(ch) < 0xE000 for ch in text), text
    return text.encode("utf-16-be").hex().upper()


def _tounicode(used: set[int]) -> bytes:
    highs = sorted({cp >> 8 for cp in used})
    chunks = [highs[i:i + 100] for i in range(0, len(highs), 100)]
    ranges = "\n".join(
        f"{len(chunk)} beginbfrange\n" + "\n".join(f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in chunk)
        + "\nendbfrange" for chunk in chunks)
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{ranges}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")


def pdf_bytes(pages: Sequence[PdfPage], size: tuple[float, float] = A4, compress: bool = False,
              base_font: str = "SimSun", tounicode: bool = True) -> bytes:
    """A PDF file with the given pages of positioned text (without `tounicode`, the font has
    no /ToUnicode map, so the text layer cannot be extracted as text)."""
    objects: dict[int, bytes] = {}

    def stream(data: bytes, extra: str = "") -> bytes:
        if compress:
            data = zlib.compress(data)
            extra += " /Filter /FlateDecode"
        return f"<< /Length {len(data)}{extra} >>\nstream\n".encode("ascii") + data + b"\nendstream"

    used = {ord(ch) for page in pages for item in page.items for ch in item.text} or {0x20}
    objects[3] = (f"<< /Type /Font /Subtype /Type0 /BaseFont /{base_font} /Encoding /Identity-H "
                  f"/DescendantFonts [4 0 R]{' /ToUnicode 6 0 R' if tounicode else ''} >>").encode("ascii")
    objects[4] = (f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{base_font} "
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  "/FontDescriptor 5 0 R /DW 1000 /CIDToGIDMap /Identity >>").encode("ascii")
    objects[5] = (f"<< /Type /FontDescriptor /FontName /{base_font} /Flags 6 /FontBBox [0 -141 1000 859] "
                  "/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>").encode("ascii")
    objects[6] = stream(_tounicode(used))
    kids = []
    for k, page in enumerate(pages):
        page_id, content_id = 7 + 2 * k, 8 + 2 * k
        kids.append(f"{page_id} 0 R")
        ops = [page.drawing] if page.drawing else []
        for item in page.items:
            ops.append(f"BT /F1 {item.size:g} Tf {item.x:.2f} {item.y:.2f} Td <{_hex(item.text)}> Tj ET")
        objects[content_id] = stream("\n".join(ops).encode("ascii"))
        objects[page_id] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]:g} {size[1]:g}] "
                            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>").encode("ascii")
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode("ascii")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode("ascii") + objects[number] + b"\nendobj\n"
    xref = len(out)
    count = max(objects) + 1
    out += f"xref\n0 {count}\n0000000000 65535 f \n".encode("ascii")
    for number in range(1, count):
        out += f"{offsets[number]:010d} 00000 n \n".encode("ascii")
    out += f"trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)


@dataclass(frozen=True)
class PdfStyle:
    """How the report is typeset."""

    size: float = 10.0  # body text
    table_size: float = 6.0  # table text
    wrap: int = 38  # characters per body line
    leading: float = 18.0  # body line distance
    table_leading: float = 11.0
    gap: float = 8.0  # points between table cells
    page_numbers: bool = True  # "- 1 -" at the bottom of each page
    header: str | None = None  # a running header at the top of each page
    top: float = 790.0
    bottom: float = 80.0
    margin: float = 56.0
    numbered_starts: bool = False  # let a wrapped line start with 一、 / （二） / 3. (see wrap_line)
    centred_labels: bool = False  # a label merged down several rows printed beside the middle one


_NUMBERED_START = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．]")


def wrap_line(text: str, width: int, numbered_starts: bool = False) -> list[str]:
    """Break running text into printed lines of about `width` characters, never inside a run
    of ASCII letters or digits (as a word processor does); unless `numbered_starts`, never so
    that a continuation line starts like a heading or list item (“一、”, “（二）”, “3.”): the
    parser takes such a line for one (test_roundtrip.py::test_wrapped_line_starting_with_a_heading_number_is_not_a_heading)."""
    lines: list[str] = []
    while len(text) > width:
        cut = width
        while 0 < cut < len(text) and (
                (text[cut - 1].isascii() and text[cut].isascii() and text[cut - 1].isalnum() and text[cut].isalnum())
                or (not numbered_starts and _NUMBERED_START.match(text, cut))):
            cut -= 1
        if cut == 0:
            cut = width
        lines.append(text[:cut])
        text = text[cut:]
    return [*lines, text] if text else lines


def _table_lines(grid: Grid, style: PdfStyle) -> list[list[tuple[float, str]]]:
    """Each table row as one printed line: its non-empty cells at increasing x (with
    `centred_labels`, a cell merged down several rows on the line of the middle row, as a
    vertically centred cell prints)."""
    placed = positions(grid)
    lines: list[list[tuple[int, str]]] = [[] for _ in grid]
    for r, row in enumerate(placed):
        for c, cell in row:
            if cell.text.strip():
                at = r + (cell.rowspan - 1) // 2 if style.centred_labels else r
                lines[at].append((c, cell.text))
    out = []
    for cells in lines:
        x = style.margin
        printed = []
        for _, text in sorted(cells):
            printed.append((x, text))
            x += len(text) * style.table_size + style.gap
        out.append(printed)
    return out


def layout_pdf(body_blocks: Iterable[Block], style: PdfStyle | None = None) -> list[PdfPage]:
    """Typeset blocks into pages: wrapped paragraphs, one line per table row."""
    style = style or PdfStyle()
    # (leading, [(x, text)], size) per printed line
    printed: list[tuple[float, list[tuple[float, str]], float]] = []
    for kind, value in body_blocks:
        if kind == "table":
            assert isinstance(value, list)
            for cells in _table_lines(value, style):
                if cells:
                    printed.append((style.table_leading, cells, style.table_size))
            continue
        assert isinstance(value, str)
        if kind == "title":
            for line in wrap_line(value, style.wrap - 4, style.numbered_starts):
                x = max(style.margin, (A4[0] - len(line) * (style.size + 4)) / 2)
                printed.append((style.leading + 10, [(x, line)], style.size + 4))
        else:
            for k, line in enumerate(wrap_line(value, style.wrap, style.numbered_starts)):
                x = style.margin + (2 * style.size if k == 0 and kind == "p" else 0)
                printed.append((style.leading, [(x, line)], style.size))
    pages: list[PdfPage] = [PdfPage()]
    y = style.top
    for leading, cells, size in printed:
        if y - leading < style.bottom:
            pages.append(PdfPage())
            y = style.top
        y -= leading
        pages[-1].items += [PdfText(x, y, text, size) for x, text in cells]
    for n, page in enumerate(pages, 1):
        if style.header:
            page.items.insert(0, PdfText(style.margin, style.top + 12, style.header, 9))
        if style.page_numbers:
            label = f"- {n} -"
            page.items.append(PdfText((A4[0] - len(label) * 10) / 2, 40, label, 10))
    return pages


def render_pdf(report: Report, style: PdfStyle | None = None,
               paragraphs: dict[str, list[str]] | None = None, thousands: bool = False,
               compress: bool = False) -> bytes:
    """The report as a PDF file (bytes)."""
    return pdf_bytes(layout_pdf(blocks(report, paragraphs, thousands), style), compress=compress)


def text_to_pdf(text: str, style: PdfStyle | None = None) -> bytes:
    """A text report as a PDF: tab-separated fields become cells of a printed line."""
    return pdf_bytes(layout_pdf(text_blocks(text), style))


@st.composite
def pdf_styles(draw: st.DrawFn) -> PdfStyle:
    return PdfStyle(wrap=draw(st.integers(24, 44)), gap=draw(st.sampled_from((5.0, 8.0, 14.0))),
                    leading=draw(st.sampled_from((16.0, 18.0, 22.0))), centred_labels=draw(st.booleans()))
