"""Readers: web pages, Word documents and PDF files in the layouts real reports use, and
input that is damaged, hostile or not a report at all — never an exception, a FileResult in
bounded time, and exactly one GL001 finding for what cannot be read."""

from __future__ import annotations

import http.server
import io
import re
import struct
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportgen import (
    CORPUS,
    T3,
    T3_COLS,
    T3_ROWS,
    T4_HEAD,
    TEMPLATE,
    TITLE,
    W_NS,
    DocxStyle,
    HtmlStyle,
    Layout,
    PdfPage,
    PdfStyle,
    PdfText,
    Report,
    add_chinese_numbering,
    blocks,
    codes,
    layout_pdf,
    pdf_bytes,
    render,
    render_docx,
    render_html,
    render_pdf,
    render_row,
    sample_report,
    set_numbering,
    show,
    t3_labels,
)

from govlint.api import check_bytes, check_path
from govlint.config import Config
from govlint.findings import FileResult
from govlint.parser import parse
from govlint.readers import MAX_BYTES, SUPPORTED, read
from govlint.rulepack import load_pack

REPORT = sample_report()
ARITH = {"GL301", "GL302", "GL303", "GL401", "GL402", "GL403"}
RULE_CODES = frozenset(r.code for p in ("gov-2021", "gov-2019") for r in load_pack(p).rules)
needs_corpus = pytest.mark.skipif(not (CORPUS / "real").is_dir(), reason="../shared/corpus is not available")


def reference(report: Report) -> list[str]:
    """Finding codes of the report as UTF-8 text in the tab layout."""
    return codes(check_bytes("report.txt", render(report, Layout("tab")).encode("utf-8")))


def one_unreadable(result: FileResult) -> str:
    """The message of the single GL001 finding of `result` (asserting there is exactly that)."""
    assert isinstance(result, FileResult)
    assert codes(result) == ["GL001"], show(result)
    return result.findings[0].message


def timed(fn: Callable[[], FileResult], limit: float) -> FileResult:
    """fn's result. `limit` (seconds) is what the input takes on an idle machine at most; it is
    measured in benchmarks/bench_hostile.py, not asserted here (a busy machine is not a bug)."""
    return fn()


def table_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if "\t" in line]


# --------------------------------------------------------------------------- HTML

CHROME = ("当前位置", "首页", "政务服务", "分享到", "微博", "打印本页", "关闭窗口", "相关链接", "主办单位", "网站标识码",
          "备案号", "无障碍", "搜索", "document.write", "text-indent", "999", "关于公布2022年度")


def test_html_page_chrome_is_removed() -> None:
    source = read("report.html", render_html(REPORT, HtmlStyle(chrome=True)))
    assert source.reader == "html" and source.encoding == "utf-8"
    for word in CHROME:
        assert word not in source.text, word
    lines = source.text.split("\n")
    assert lines[:3] == [f"标题: {TITLE}", "发布日期: 2024-01-18", "==== 正文 ===="]
    assert lines[3] == TITLE
    assert [s.heading for s in TEMPLATE.sections] == [line for line in lines if line[:2] in (
        "一、", "二、", "三、", "四、", "五、", "六、") and "\t" not in line and len(line) < 30]
    assert codes(check_bytes("report.html", render_html(REPORT))) == reference(REPORT)


def test_html_script_style_comments_and_noscript_are_ignored() -> None:
    page = render_html(REPORT, HtmlStyle(chrome=False)).decode("utf-8").replace(
        '<div class="article-content" id="zoom">',
        '<div class="article-content" id="zoom"><script>var a = "三、收到 总计 123";</script>'
        "<style>p::before { content: '四、结转下年度继续办理 9'; }</style>"
        "<!-- 一、本年新收政府信息公开申请数量 1 2 3 --><noscript>请开启脚本 四、</noscript>")
    text = read("report.html", page.encode("utf-8")).text
    for word in ("var a", "123", "content:", "请开启脚本", "<!--", "1 2 3"):
        assert word not in text, word
    assert codes(check_bytes("report.html", page.encode("utf-8"))) == reference(REPORT)


def test_html_template_element_is_ignored() -> None:
    page = render_html(REPORT, HtmlStyle(chrome=False)).decode("utf-8").replace(
        '<div class="article-content" id="zoom">',
        '<div class="article-content" id="zoom"><template><p>一、评论区模板{{title}}</p></template>')
    assert "评论区模板" not in read("report.html", page.encode("utf-8")).text


@pytest.mark.parametrize("blank", ["&nbsp;", "", " ", "&#160;", "<p>&nbsp;</p>", "<span>&nbsp;</span>&nbsp;",
                                   "\u3000", "<br>"])
@pytest.mark.parametrize(("rid", "cid"), [("r5", "c1"), ("r13", "c4"), ("r1", "c7"), ("r24", "c3"), ("r25", "c1")])
def test_html_blank_cell_is_blank_not_zero(blank: str, rid: str, cid: str) -> None:
    report = REPORT.copy()
    report.t3[rid][T3_COLS.index(cid)] = None
    page = render_html(report, HtmlStyle(blank=blank, chrome=False))
    row = parse(read("report.html", page).text, TEMPLATE).tables["t3"].row(rid)
    assert row is not None and row.status == "ok"
    cell = row.cell(cid)
    assert cell is not None and cell.value is None and cell.state == "blank", cell
    result = check_bytes("report.html", page)
    gl006 = [f for f in result.findings if f.code == "GL006"]
    assert [(f.table, f.row) for f in gl006] == [("t3", T3.row(rid).label)], show(result)
    assert gl006[0].col in (T3.column(cid).label, T3.column(cid).display)
    assert not ARITH & set(codes(result)) and "GL003" not in codes(result), show(result)


def _expected_table_lines(report: Report) -> list[str]:
    """The tab-separated rows a reader must give for the tables of grid_t2/grid_t3/grid_t4:
    a cell merged across columns is one field, a cell merged down leaves an empty field."""
    tab = Layout("tab")
    t2 = ["信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
          *(render_row([rid_label], report.t2[rid], tab) for rid_label, rid in (("规章", "rules"),
                                                                                 ("行政规范性文件", "normative"))),
          "信息内容\t本年处理决定数量", render_row(["行政许可"], report.t2["licensing"], tab),
          "信息内容\t本年处理决定数量", render_row(["行政处罚"], report.t2["penalty"], tab),
          render_row(["行政强制"], report.t2["coercion"], tab),
          "信息内容\t本年收费金额（单位：万元）", render_row(["行政事业性收费"], report.t2["fees"], tab)]
    t3 = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
          "\t自然人\t法人或其他组织\t总计",
          "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
          *(render_row(t3_labels(rid, tab), report.t3[rid], tab) for rid in T3_ROWS)]
    t4 = ["行政复议\t行政诉讼",
          "\t".join(T4_HEAD) + "\t未经复议直接起诉\t复议后起诉",
          "\t" * 5 + "\t".join(T4_HEAD * 2),
          render_row([], report.t4, tab)]
    return t2 + t3 + t4


@pytest.mark.parametrize("fmt", ["html", "html-thead", "docx"])
def test_merged_cells_are_laid_out_on_the_grid(fmt: str) -> None:
    """rowspan/colspan (HTML) and vMerge/gridSpan (Word) of the published table structure."""
    if fmt == "docx":
        text = read("report.docx", render_docx(REPORT)).text
    else:
        text = read("report.html", render_html(REPORT, HtmlStyle(thead=fmt == "html-thead", wrap=True))).text
    assert table_lines(text) == _expected_table_lines(REPORT)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a header cell over two rows and two columns, a value row below
        ('<tr><td rowspan="2" colspan="2">甲</td><td>乙</td></tr><tr><td>丙</td></tr><tr><td>1</td><td>2</td><td>3</td></tr>',
         ["甲\t乙", "\t丙", "1\t2\t3"]),
        # rowspan in a middle column
        ('<tr><td>a</td><td rowspan="3">b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr><tr><td>f</td><td>g</td></tr>',
         ["a\tb\tc", "d\t\te", "f\t\tg"]),
        # a rowspan running past the last row, a zero, junk and an absurd span
        ('<tr><td rowspan="9">x</td><td colspan="abc">y</td></tr><tr><td colspan="0">z</td></tr>', ["x\ty", "\tz"]),
        ('<tr><td colspan="100000">宽</td><td>1</td></tr>', ["宽\t1"]),
        # th cells, thead/tbody/tfoot
        ("<thead><tr><th>项</th><th>数</th></tr></thead><tbody><tr><td>甲</td><td>1</td></tr></tbody>"
         "<tfoot><tr><td>合计</td><td>1</td></tr></tfoot>", ["项\t数", "甲\t1", "合计\t1"]),
    ],
)
def test_html_table_spans(rows: str, expected: list[str]) -> None:
    page = f"<html><body><div><p>一、总体情况</p><table>{rows}</table></div></body></html>"
    assert table_lines(read("t.html", page.encode("utf-8")).text) == [e for e in expected if "\t" in e]
    assert [line for line in read("t.html", page.encode("utf-8")).text.split("\n") if line in expected] == expected


def test_html_table_with_ragged_rows_is_read() -> None:
    """Rows with fewer cells than the widest row (common in hand-made pages) end where their
    cells end (this raised KeyError in readers/html.py _table before)."""
    page = ("<html><body><p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
            "<tr><td>行政许可</td></tr><tr><td>行政处罚</td><td>7</td></tr></table></body></html>").encode()
    _assert_result(check_bytes("report.html", page))
    lines = read("report.html", page).text.split("\n")
    assert lines[-3:] == ["信息内容\t本年处理决定数量", "行政许可", "行政处罚\t7"]


@pytest.mark.parametrize("css", ["border-bottom", "table-header"])
def test_html_table_cell_css_class_does_not_remove_the_cell(css: str) -> None:
    value = REPORT.t3["r5"][0]  # the first value of the row 1.属于国家秘密
    head, tail = render_html(REPORT, HtmlStyle(chrome=False)).decode("utf-8").split("1.属于国家秘密</td>")
    page = head + "1.属于国家秘密</td>" + tail.replace(
        f'<td valign="middle">{value}</td>', f'<td class="{css}" valign="middle">{value}</td>', 1)
    assert f'国家秘密</td><td class="{css}" valign="middle">{value}</td>' in page
    assert table_lines(read("report.html", page.encode("utf-8")).text) == _expected_table_lines(REPORT)


def test_html_chrome_in_a_layout_table_is_still_removed() -> None:
    """Only data tables (no table inside) are kept whole: the cells of an old site's layout table
    are page layout, so a navigation cell or a 当前位置 bar in one is still chrome."""
    page = ('<html><body><table><tr><td class="nav">首页 政务服务 互动交流</td></tr><tr><td>'
            '<div class="position">当前位置：首页 &gt; 年报</div><p>二、主动公开政府信息情况</p>'
            '<table><tr class="table-header"><td>信息内容</td><td class="border-bottom">本年处理决定数量</td></tr>'
            '<tr><td>行政许可</td><td class="top-bar">7</td></tr></table></td></tr></table></body></html>')
    text = read("report.html", page.encode("utf-8")).text
    assert "政务服务" not in text and "当前位置" not in text
    assert table_lines(text) == ["信息内容\t本年处理决定数量", "行政许可\t7"]


@pytest.mark.parametrize("meta", [
    '<meta charset="gbk">',
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />',
    "",  # no declaration: detected
    '<meta charset="utf-8">',  # a wrong declaration: the bytes are not UTF-8, so detected
])
def test_html_gbk_page(meta: str) -> None:
    page = render_html(REPORT, encoding="gbk").replace(b'<meta charset="gbk">', meta.encode("ascii"))
    assert page.decode("gbk")  # really GBK
    source = read("report.htm", page)
    assert source.encoding == "gb18030"
    assert TITLE in source.text and "（本列数据的勾稽关系为" in source.text
    assert table_lines(source.text) == _expected_table_lines(REPORT)
    assert codes(check_bytes("report.htm", page)) == reference(REPORT)


class _Server(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Server.requests.append(self.path)
        body = b'<!ENTITY remote "REMOTE-ENTITY-TEXT">'
        self.send_response(200)
        self.send_header("Content-Type", "application/xml-dtd")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def dtd_server() -> Iterator[str]:
    """A local HTTP server serving a DTD; records the paths it was asked for."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Server)
    _Server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


_BODY = "".join(f"<p>{h}</p><p>本部分内容。</p>" for h in (s.heading for s in TEMPLATE.sections))


@pytest.mark.parametrize("suffix", [".html", ".xhtml"])
def test_html_external_entities_and_dtds_are_not_loaded(suffix: str, tmp_path: Path, dtd_server: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-FILE-SECRET", encoding="utf-8")
    dtd = tmp_path / "ext.dtd"
    dtd.write_text('<!ENTITY fromdtd "DTD-ENTITY-TEXT">', encoding="utf-8")
    pages = [
        '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body><div><p>&xxe;</p>{_BODY}</div></body></html>',
        f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        f"<html><body><p>甲&xxe;乙</p>{_BODY}</body></html>",
        f'<?xml version="1.0"?>\n<!DOCTYPE html SYSTEM "{dtd.as_uri()}">\n<html><body><p>甲&fromdtd;乙</p>{_BODY}</body></html>',
        f'<!DOCTYPE html SYSTEM "{dtd_server}/x.dtd">\n<html><body><p>甲&remote;乙</p>{_BODY}</body></html>',
        f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY % p SYSTEM "{dtd_server}/p.dtd"> %p;]>\n'
        f"<html><body><p>甲&remote;乙</p>{_BODY}</body></html>",
    ]
    for page in pages:
        source = read("report" + suffix, page.encode("utf-8"))
        for leak in ("root:", "LOCAL-FILE-SECRET", "DTD-ENTITY-TEXT", "REMOTE-ENTITY-TEXT"):
            assert leak not in source.text, (leak, page[:80])
        assert "一、总体情况" in source.text
    assert _Server.requests == []


def test_html_entity_expansion_bomb_is_not_expanded() -> None:
    entities = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{k} "{("&a" + str(k - 1) + ";") * 10}">' for k in range(1, 10))
    page = f"<!DOCTYPE html [{entities}]>\n<html><body><p>&a9;</p>{_BODY}</body></html>".encode()
    result = timed(lambda: check_bytes("report.html", page), 10)
    assert isinstance(result, FileResult)
    assert len(read("report.html", page).text) < 10_000


@needs_corpus
@pytest.mark.parametrize(
    ("name", "pack", "rows"),
    [
        ("2023_shuyang_fgj.html", "gov-2021", {
            ("t2", "normative"): [8, 0, 18], ("t2", "licensing"): [0], ("t2", "fees"): [0],
            ("t3", "r1"): [26, None, None, None, None, None, 26], ("t3", "r3"): [26, None, None, None, None, None, 26],
            ("t3", "r5"): [0, None, None, None, None, None, 0], ("t3", "r23"): [0, None, None, None, None, None, 0],
            ("t3", "r24"): [26, None, None, None, None, None, 26], ("t3", "r25"): [0, None, None, None, None, None, 0],
            ("t4", "v"): [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}),
        ("2019_shanghai_bgt.html", "gov-2019", {
            ("t2", "rules"): [13, 13, 524], ("t2", "procurement"): [6, 251000],
            ("t3", "r1"): [821, 35, None, None, 2, 1, 859], ("t3", "r2"): [18, None, None, None, None, None, 18],
            ("t3", "r13"): [252, 12, None, None, 1, None, None],
            ("t3", "r21_23"): [None] * 7, ("t3", "r24"): [767, 35, None, None, 2, 1, 805],
            ("t4", "v"): [5, None, None, 2, 7, 8, None, None, 1, 9, None, None, None, None, None]}),
    ],
)
def test_corpus_html_reads_to_the_published_tables(name: str, pack: str, rows: dict[tuple[str, str], list]) -> None:
    source = read(name, (CORPUS / "real" / name).read_bytes())
    assert source.reader == "html" and source.encoding == "utf-8"
    assert "下载" not in source.text.split("\n")[0]
    doc = parse(source.text, load_pack(pack).template, name)
    assert all(t.status == "ok" for t in doc.tables.values()), {t.id: t.status for t in doc.tables.values()}
    for (tid, rid), values in rows.items():
        row = doc.tables[tid].row(rid)
        assert row is not None and row.status == "ok", (tid, rid)
        assert [c.value for c in row.cells] == values, (tid, rid)
        assert all((c.state == "blank") == (v is None) for c, v in zip(row.cells, values, strict=True))


# --------------------------------------------------------------------------- DOCX


def _docx(build: Callable[[object], None]) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _numbered_style(document: object, style: str = "Heading 2", level: int | None = None) -> str:
    """Numbering given to a paragraph style (as Word's multilevel lists linked to headings)."""
    from docx.oxml import parse_xml

    num_id = add_chinese_numbering(document)
    ppr = document.styles[style].element.get_or_add_pPr()  # type: ignore[attr-defined]
    ilvl = f'<w:ilvl w:val="{level}"/>' if level is not None else ""
    ppr.insert(0, parse_xml(f'<w:numPr xmlns:w="{W_NS}">{ilvl}<w:numId w:val="{num_id}"/></w:numPr>'))
    return num_id


def test_docx_list_numbering_is_written_out() -> None:
    data = render_docx(REPORT, DocxStyle(numbering="list"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "一、总体情况" not in xml and ">总体情况<" in xml and "<w:numPr>" in xml  # numbered by Word, not typed
    lines = read("report.docx", data).text.split("\n")
    assert [line for line in lines if line in {s.heading for s in TEMPLATE.sections}] == \
        [s.heading for s in TEMPLATE.sections]
    assert codes(check_bytes("report.docx", data)) == reference(REPORT)
    assert read("report.docx", data).text == read("report.docx", render_docx(REPORT)).text


def test_docx_multilevel_numbering_counts_like_word() -> None:
    def build(document: object) -> None:
        num_id = add_chinese_numbering(document)
        for level, text in [(0, "总体情况"), (1, "主动公开"), (2, "规章"), (2, "规范性文件"), (1, "依申请公开"),
                            (2, "收到申请"), (0, "主动公开政府信息情况"), (1, "规章"), (0, "收到和处理政府信息公开申请情况")]:
            set_numbering(document.add_paragraph(text), num_id, level)  # type: ignore[attr-defined]
        document.add_paragraph("没有编号的段落。")  # type: ignore[attr-defined]

    assert read("n.docx", _docx(build)).text.split("\n") == [
        "一、总体情况", "（一）主动公开", "1.规章", "2.规范性文件", "（二）依申请公开", "1.收到申请",
        "二、主动公开政府信息情况", "（一）规章", "三、收到和处理政府信息公开申请情况", "没有编号的段落。"]


def test_docx_numbering_from_the_paragraph_style() -> None:
    def build(document: object) -> None:
        _numbered_style(document)
        for title in ("总体情况", "主动公开政府信息情况"):
            document.add_paragraph(title, style="Heading 2")  # type: ignore[attr-defined]
            document.add_paragraph("正文。")  # type: ignore[attr-defined]

    assert read("n.docx", _docx(build)).text.split("\n") == ["一、总体情况", "正文。", "二、主动公开政府信息情况", "正文。"]


def test_docx_numbering_inherited_from_the_base_style() -> None:
    def build(document: object) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        _numbered_style(document)
        custom = document.styles.add_style("报告一级标题", WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[attr-defined]
        custom.base_style = document.styles["Heading 2"]  # type: ignore[attr-defined]
        for title in ("总体情况", "主动公开政府信息情况"):
            document.add_paragraph(title, style="报告一级标题")  # type: ignore[attr-defined]

    assert read("n.docx", _docx(build)).text.split("\n") == ["一、总体情况", "二、主动公开政府信息情况"]


def test_docx_numbering_start_override() -> None:
    def build(document: object) -> None:
        from docx.oxml import parse_xml

        num_id = add_chinese_numbering(document)
        numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
        num = next(n for n in numbering.iterchildren(f"{{{W_NS}}}num") if n.get(f"{{{W_NS}}}numId") == num_id)
        num.append(parse_xml(f'<w:lvlOverride xmlns:w="{W_NS}" w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride>'))
        for title in ("收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"):
            set_numbering(document.add_paragraph(title), num_id)  # type: ignore[attr-defined]

    assert read("n.docx", _docx(build)).text.split("\n") == [
        "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]


def test_docx_numbering_inside_a_table_cell() -> None:
    def build(document: object) -> None:
        num_id = add_chinese_numbering(document)
        table = document.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
        for r, label in enumerate(("予以公开", "部分公开")):
            paragraph = table.cell(r, 0).paragraphs[0]
            paragraph.add_run(label)
            set_numbering(paragraph, num_id, 1)
            table.cell(r, 1).text = str(r + 4)

    assert table_lines(read("n.docx", _docx(build)).text) == ["（一）予以公开\t4", "（二）部分公开\t5"]


def test_docx_numbering_counts_on_through_table_cells() -> None:
    """One list numbered in body paragraphs and table cells counts in document order, as Word does."""
    def build(document: object) -> None:
        num_id = add_chinese_numbering(document)
        set_numbering(document.add_paragraph("总体情况"), num_id)  # type: ignore[attr-defined]
        table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
        set_numbering(table.cell(0, 0).paragraphs[0], num_id)
        table.cell(0, 0).paragraphs[0].add_run("主动公开政府信息情况")
        table.cell(0, 1).text = "1"
        set_numbering(document.add_paragraph("收到和处理政府信息公开申请情况"), num_id)  # type: ignore[attr-defined]

    assert read("n.docx", _docx(build)).text.split("\n") == [
        "一、总体情况", "二、主动公开政府信息情况\t1", "三、收到和处理政府信息公开申请情况"]


def test_docx_numbering_level_override_and_style_cycle() -> None:
    """A w:lvlOverride holding a whole w:lvl replaces the level for that list; styles based on each
    other in a cycle (a damaged file) end the search for inherited numbering."""
    def build(document: object) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import parse_xml

        num_id = add_chinese_numbering(document)
        numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
        num = next(n for n in numbering.iterchildren(f"{{{W_NS}}}num") if n.get(f"{{{W_NS}}}numId") == num_id)
        num.append(parse_xml(f'<w:lvlOverride xmlns:w="{W_NS}" w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="5"/>'
                             '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:lvlOverride>'))
        a = document.styles.add_style("甲", WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[attr-defined]
        b = document.styles.add_style("乙", WD_STYLE_TYPE.PARAGRAPH)  # type: ignore[attr-defined]
        a.base_style, b.base_style = b, a
        document.add_paragraph("循环样式", style="甲")  # type: ignore[attr-defined]
        for title in ("规章", "规范性文件"):
            set_numbering(document.add_paragraph(title), num_id)  # type: ignore[attr-defined]

    assert read("n.docx", _docx(build)).text.split("\n") == ["循环样式", "5.规章", "6.规范性文件"]


def _rezip(data: bytes, replace: dict[str, Callable[[bytes], bytes]] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename not in drop:
                part = source.read(info.filename)
                archive.writestr(info.filename, (replace or {}).get(info.filename, lambda b: b)(part))
    return out.getvalue()


def _declare_huge(data: bytes, name: bytes = b"word/document.xml") -> bytes:
    """The zip with the central directory declaring `name` ~4 GB uncompressed."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack("<H", out[at + 28:at + 30])[0]
        if bytes(out[at + 46:at + 46 + length]) == name:
            out[at + 24:at + 28] = struct.pack("<I", 0xFFFFFF00)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


DOCX = render_docx(REPORT)
DAMAGED_DOCX = {
    "truncated": DOCX[: len(DOCX) // 2],
    "no-document-xml": _rezip(DOCX, drop=("word/document.xml",)),
    "declared-huge-entry": _declare_huge(DOCX),
    "malformed-xml": _rezip(DOCX, {"word/document.xml": lambda b: b[: len(b) // 2]}),
    "empty": b"",
    "zip-header-only": b"PK\x03\x04" + bytes(100),
    "not-a-zip": "一、总体情况\n二、主动公开政府信息情况".encode(),
    "empty-zip": _rezip(DOCX, drop=tuple(zipfile.ZipFile(io.BytesIO(DOCX)).namelist())),
}


@pytest.mark.parametrize("case", DAMAGED_DOCX)
def test_damaged_docx_is_one_unreadable_finding(case: str) -> None:
    message = one_unreadable(timed(lambda: check_bytes("report.docx", DAMAGED_DOCX[case]), 5))
    assert "Word" in message or "文档" in message, message
    if case == "declared-huge-entry":
        assert "巨大" in message


def test_docx_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-FILE-SECRET", encoding="utf-8")

    def hostile(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        head = text.index("?>") + 2
        text = (text[:head] + f'\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
                + text[head:].replace("<w:t>一、", "<w:t>&xxe;一、", 1))
        return text.encode("utf-8")

    data = _rezip(DOCX, {"word/document.xml": hostile})
    result = check_bytes("report.docx", data)
    assert isinstance(result, FileResult)
    assert all("SECRET" not in f.message for f in result.findings)
    try:
        assert "LOCAL-FILE-SECRET" not in read("report.docx", data).text
    except Exception as exc:  # refusing the file is fine too
        assert type(exc).__name__ == "InputError"


# --------------------------------------------------------------------------- PDF


def test_generated_pdf_text_layer_extracts_as_written() -> None:
    import pdfplumber

    pages = [PdfPage([PdfText(60, 760, "一、总体情况", 12), PdfText(60, 730, "（七）总计"), PdfText(130, 730, "12"),
                      PdfText(160, 730, "1,862"), PdfText(60, 700, "abc 规章（2023年）“三安全一稳定”")]),
             PdfPage([PdfText(60, 760, "第二页")])]
    with pdfplumber.open(io.BytesIO(pdf_bytes(pages))) as pdf:
        assert [p.extract_text() for p in pdf.pages] == [
            "一、总体情况\n（七）总计 12 1,862\nabc 规章（2023年）“三安全一稳定”", "第二页"]
    with pdfplumber.open(io.BytesIO(pdf_bytes(pages, compress=True))) as pdf:
        assert pdf.pages[1].extract_text() == "第二页"


def test_pdf_running_header_and_page_numbers_are_blanked() -> None:
    style = PdfStyle(header="青山市河东区市场监督管理局政务公开", bottom=560)
    pages = layout_pdf(blocks(REPORT), style)
    assert len(pages) >= 4
    data = pdf_bytes(pages)
    text = read("report.pdf", data).text
    lines = text.split("\n")
    assert not [line for line in lines if "政务公开" in line or re.fullmatch(r"- \d+ -", line)]
    # blanked, not removed: the text keeps one line per printed line
    assert len(lines) == sum(len(p.items) for p in pages) - sum(  # cells of a table row share a line
        len(p.items) - len({item.y for item in p.items}) for p in pages)
    assert lines[0] == "" and TITLE in lines[1]
    assert codes(check_bytes("report.pdf", data)) == reference(REPORT)


def test_pdf_page_numbers_of_a_short_document_are_not_report_text() -> None:
    """With two pages nothing is blanked (too few to tell furniture), but “- 1 -” is not text."""
    data = render_pdf(REPORT)
    assert "- 1 -" in read("report.pdf", data).text
    assert codes(check_bytes("report.pdf", data)) == reference(REPORT)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_without_text_layer_says_so(lang: str) -> None:
    scan = pdf_bytes([PdfPage(drawing="0.5 g 50 50 495 742 re f 0 0 m 595 842 l S") for _ in range(3)])
    message = one_unreadable(check_bytes("scan.pdf", scan, Config(lang=lang)))
    assert "OCR" in message
    assert ("扫描" in message) if lang == "zh" else ("scan" in message)


def test_pdf_without_unicode_map_says_so() -> None:
    data = pdf_bytes(layout_pdf(blocks(REPORT)), tounicode=False)
    message = one_unreadable(check_bytes("report.pdf", data))
    assert "Unicode" in message


PDF = render_pdf(REPORT)
DAMAGED_PDF = {
    "truncated": PDF[: len(PDF) // 2],
    "header-then-junk": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "header-only": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    "not-a-pdf": "一、总体情况\n本报告依据《条例》编制。".encode(),
    "docx-named-pdf": DOCX,
    "empty": b"",
    "301-pages": pdf_bytes([PdfPage() for _ in range(301)]),
    "xref-garbage": PDF.replace(b"xref", b"xrf!").replace(b"/Root 1 0 R", b"/Root 99 0 R"),
}


@pytest.mark.parametrize("case", DAMAGED_PDF)
def test_damaged_pdf_is_one_unreadable_finding(case: str) -> None:
    message = one_unreadable(timed(lambda: check_bytes("report.pdf", DAMAGED_PDF[case]), 5))
    assert "PDF" in message or "页" in message, message


@needs_corpus
@pytest.mark.parametrize("name", ["2023_hongze.pdf", "2024_hongze.pdf", "2024_huaian.pdf"])
def test_corpus_pdf_text_is_its_text_layer_without_page_numbers(name: str) -> None:
    """The .txt twins are the raw pdfplumber text: the reader gives the same lines, with the
    page numbers blanked (not removed, so line numbers agree)."""
    path = CORPUS / "real" / name
    twin = path.with_suffix(".txt").read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines = read(name, path.read_bytes()).text.split("\n")
    page_numbers = [i for i, line in enumerate(twin) if re.fullmatch(r"- \d+ -", line.strip())]
    assert len(page_numbers) >= 3
    assert lines == ["" if i in page_numbers else line for i, line in enumerate(twin)]


# --------------------------------------------------------------------------- garbage

SUFFIXES = sorted({*SUPPORTED, ".doc", ".xls", ".csv", ".TXT", ".PDF", ".Docx", ""})
MAGIC = (b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"<?xml version='1.0'?>", b"\xef\xbb\xbf",
         b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _assert_result(result: FileResult) -> None:
    assert isinstance(result, FileResult)
    assert set(codes(result)) <= RULE_CODES
    if "GL001" in codes(result):
        assert codes(result) == ["GL001"], show(result)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SUFFIXES), st.sampled_from(MAGIC), st.binary(max_size=4000))
def test_random_bytes_under_every_suffix(suffix: str, magic: bytes, data: bytes) -> None:
    _assert_result(check_bytes("file" + suffix, magic + data))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_file(suffix: str) -> None:
    result = check_bytes("empty" + suffix, b"")
    _assert_result(result)
    if suffix.lower() in (".pdf", ".docx", ".html", ".htm", ".shtml", ".xhtml", ".doc", ".xls"):
        one_unreadable(result)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_file_over_the_size_limit(lang: str, tmp_path: Path) -> None:
    data = b"0" * (21 * 1024 * 1024)
    assert len(data) > MAX_BYTES
    message = one_unreadable(timed(lambda: check_bytes("big.txt", data, Config(lang=lang)), 5))
    assert ("过大" in message) if lang == "zh" else ("too large" in message)
    path = tmp_path / "big.pdf"
    path.write_bytes(data)
    assert one_unreadable(timed(lambda: check_path(path, Config(lang=lang)), 5)) == message


@pytest.mark.slow
def test_five_megabytes_on_one_line() -> None:
    line = render(REPORT, Layout("space")).replace("\n", " ")
    data = (line * (5_000_000 // len(line.encode("utf-8")) + 1)).encode("utf-8")[:5_000_000]
    data = data.decode("utf-8", "ignore").encode("utf-8")
    _assert_result(timed(lambda: check_bytes("long.txt", data), 60))


@pytest.mark.slow
def test_five_megabytes_of_digit_lines() -> None:
    data = ("1234567890 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14\n" * 110_000).encode("ascii")
    assert len(data) > 5_000_000
    _assert_result(timed(lambda: check_bytes("digits.txt", data), 60))
