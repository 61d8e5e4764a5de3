"""Round trips through every input format: the same generated report saved as text (tab,
space and Markdown layouts), as a web page, as a Word document and as a PDF reads back to
the same table cells and gives the same findings; and the checked-in examples give the same
findings in every encoding and file format they can be saved in.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportgen import (
    EXAMPLES,
    S5_TEXT,
    T2,
    T3,
    T3_COLS,
    T3_ROWS,
    TEMPLATE,
    DocxStyle,
    HtmlStyle,
    Layout,
    PdfStyle,
    Report,
    codes,
    docx_styles,
    html_styles,
    layouts,
    pdf_styles,
    render,
    render_docx,
    render_html,
    render_pdf,
    reports,
    sample_report,
    show,
    text_to_docx,
    text_to_html,
    text_to_pdf,
    wrap_line,
)

from govlint.api import check_bytes
from govlint.decoder import decode
from govlint.document import Document
from govlint.findings import FileResult, Finding
from govlint.parser import parse
from govlint.readers import read

ARITH = ("GL301", "GL302", "GL303", "GL401", "GL402", "GL403")
HEAVY = settings(max_examples=30, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --------------------------------------------------------------------------- formats

Saved = tuple[str, bytes]  # (file name, bytes)


def as_text(kind: str) -> Callable[[Report, st.DataObject], Saved]:
    def save(report: Report, data: st.DataObject) -> Saved:
        layout = data.draw(layouts((kind,)), label="layout")
        name = "report.md" if kind == "pipe" else "report.txt"
        return name, render(report, layout).encode("utf-8")
    return save


def as_html(report: Report, data: st.DataObject) -> Saved:
    style = data.draw(html_styles(), label="html style")
    encoding = data.draw(st.sampled_from(("utf-8", "gbk")), label="encoding")
    thousands = data.draw(st.booleans(), label="thousands")
    return "report.html", render_html(report, style, encoding, thousands=thousands)


def as_docx(report: Report, data: st.DataObject) -> Saved:
    style = data.draw(docx_styles(), label="docx style")
    return "report.docx", render_docx(report, style, thousands=data.draw(st.booleans(), label="thousands"))


def as_pdf(report: Report, data: st.DataObject) -> Saved:
    style = data.draw(pdf_styles(), label="pdf style")
    return "report.pdf", render_pdf(report, style, compress=data.draw(st.booleans(), label="compress"))


FORMATS: dict[str, Callable[[Report, st.DataObject], Saved]] = {
    "tab": as_text("tab"), "space": as_text("space"), "markdown": as_text("pipe"),
    "html": as_html, "docx": as_docx, "pdf": as_pdf,
}


def reference(report: Report) -> FileResult:
    """The findings of the report as UTF-8 text in the tab layout."""
    return check_bytes("report.txt", render(report, Layout("tab")).encode("utf-8"))


def assert_cells(doc: Document, report: Report) -> None:
    """Every row of 表二, 表三 and 表四 read with the generated values."""
    t2 = doc.tables["t2"]
    assert t2.status == "ok", [(r.id, r.status, r.problem) for r in t2.rows]
    for rdef in T2.rows:
        row = t2.row(rdef.id)
        assert row is not None and row.status == "ok", (rdef.id, row)
        assert [c.value for c in row.cells] == report.t2[rdef.id], rdef.id
    t3 = doc.tables["t3"]
    assert t3.status == "ok", [(r.id, r.status, r.problem) for r in t3.rows]
    for rid in T3_ROWS:
        row = t3.row(rid)
        assert row is not None and row.status == "ok", (rid, row)
        assert row.columns == T3_COLS
        assert [c.value for c in row.cells] == report.t3[rid], rid
    t4 = doc.tables["t4"]
    assert t4.status == "ok"
    (row,) = t4.rows
    assert row.status == "ok" and [c.value for c in row.cells] == report.t4


# --------------------------------------------------------------------------- 1. generated reports


@pytest.mark.parametrize("fmt", FORMATS)
@HEAVY
@given(report=reports(), data=st.data())
def test_every_format_reads_back_the_generated_cells_and_findings(
        fmt: str, report: Report, data: st.DataObject) -> None:
    name, saved = FORMATS[fmt](report, data)
    source = read(name, saved)
    assert_cells(parse(source.text, TEMPLATE, name), report)
    result = check_bytes(name, saved)
    assert sorted(f.code for f in result.findings) == sorted(f.code for f in reference(report).findings), \
        show(result)


def _arith(result: FileResult) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    return sorted((f.code, f.row, f.col, f.expected, f.found) for f in result.findings if f.code in ARITH)


@settings(HEAVY, max_examples=25)
@given(reports(), st.sampled_from(T3_ROWS), st.sampled_from(T3_COLS), st.data())
def test_changed_table3_cell_gives_the_same_finding_in_every_format(
        report: Report, rid: str, cid: str, data: st.DataObject) -> None:
    k = T3_COLS.index(cid)
    old = report.t3[rid][k]
    assert isinstance(old, int)
    delta = data.draw(st.integers(-old, 50).filter(lambda d: d != 0), label="delta")
    changed = report.copy()
    changed.t3[rid][k] = old + delta
    expected = _arith(reference(changed))
    assert expected and any(row == T3.row(rid).label for _, row, *_ in expected), expected
    for fmt, save in FORMATS.items():
        name, saved = save(changed, data)
        result = check_bytes(name, saved)
        assert _arith(result) == expected, (fmt, show(result))


# --------------------------------------------------------------------------- 2. encodings and file types

SOURCES = sorted(EXAMPLES.glob("2023_clean*.txt")) + sorted(EXAMPLES.glob("2023_*defect_*.txt"))
assert len(SOURCES) > 30


def _source_text(path: Path) -> str:
    return decode(path.read_bytes()).text  # 2023_clean_gb18030.txt is not UTF-8


ENCODINGS = {"utf-8-bom": "utf-8-sig", "gb18030": "gb18030", "utf-16-le-bom": "utf-16", "utf-16-be": "utf-16-be",
             "html-utf-8": "utf-8", "html-gbk": "gb18030", "docx": "docx", "docx-list-numbering": "docx", "pdf": "pdf"}
SAVERS: dict[str, Callable[[str], Saved]] = {
    "utf-8-bom": lambda t: ("report.txt", codecs.BOM_UTF8 + t.encode("utf-8")),
    "gb18030": lambda t: ("report.txt", t.encode("gb18030")),
    "utf-16-le-bom": lambda t: ("report.txt", codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
    "utf-16-be": lambda t: ("report.txt", t.encode("utf-16-be")),
    "html-utf-8": lambda t: ("report.html", text_to_html(t, HtmlStyle(date=None))),
    "html-gbk": lambda t: ("report.htm", text_to_html(t, HtmlStyle(date=None, blank=""), encoding="gbk")),
    "docx": lambda t: ("report.docx", text_to_docx(t)),
    "docx-list-numbering": lambda t: ("report.docx", text_to_docx(t, DocxStyle(numbering="list"))),
    "pdf": lambda t: ("report.pdf", text_to_pdf(t, PdfStyle(header=None))),
}
_LINE_REF = re.compile(r"第\s*\d+\s*行")
_WS = re.compile(r"\s+")


def comparable(finding: Finding, fmt: str) -> tuple[str, str]:
    """A finding's code and message, without what cannot survive a change of file format:
    line numbers of other places (“与第 15 行…”; an HTML page has no blank lines) and runs
    of spaces (HTML and Word collapse them); for PDF also the quoted context at the end of a
    message, which is cut at the printed line (a paragraph is wrapped on the page)."""
    message = _WS.sub(" ", _LINE_REF.sub("第#行", finding.message))
    if fmt == "pdf" and message.endswith("”）"):
        message = message[:message.rfind("（“")]
    return finding.code, message


def _case(path: Path, fmt: str) -> object:
    return pytest.param(path, fmt, id=f"{path.stem}-{fmt}")


@pytest.mark.parametrize(("path", "fmt"), [_case(p, f) for p in SOURCES for f in SAVERS])
def test_saved_forms_give_the_findings_of_the_utf8_text(path: Path, fmt: str) -> None:
    text = _source_text(path)
    expected = check_bytes("report.txt", text.encode("utf-8"))
    name, saved = SAVERS[fmt](text)
    result = check_bytes(name, saved)
    assert (result.encoding, result.format, result.year) == (ENCODINGS[fmt], expected.format, expected.year)
    if (path.stem, fmt) == ("2023_defect_blank_cell", "pdf"):
        # A PDF text layer has no empty cells: the row shows one value too few, which is
        # reported as unreadable (never computed with the blank as 0).
        assert "GL006" in {f.code for f in expected.findings}
        assert {f.code for f in result.findings} == {"GL003"}, show(result)
        return
    assert sorted(comparable(f, fmt) for f in result.findings) == \
        sorted(comparable(f, fmt) for f in expected.findings), show(result)
    if fmt.startswith(("utf", "gb")):  # the same text: the same places too
        assert [(f.line, f.column) for f in result.findings] == [(f.line, f.column) for f in expected.findings]


# --------------------------------------------------------------------------- 3. wrapped lines

# S5_TEXT printed 36 characters to a line: the second line starts with “一、” (…较为单|一、部分栏目…).
_WRAPPED_S5 = "\n".join(wrap_line(S5_TEXT, 36, numbered_starts=True))
assert _WRAPPED_S5.split("\n")[1].startswith("一、部分栏目")


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
def test_wrapped_line_starting_with_a_heading_number_is_not_a_heading(fmt: str) -> None:
    report = sample_report()
    if fmt == "txt":
        name, saved = "report.txt", render(report, Layout("tab")).replace(S5_TEXT, _WRAPPED_S5).encode("utf-8")
    else:
        name, saved = "report.pdf", render_pdf(report, PdfStyle(wrap=36, numbered_starts=True))
    assert "\n一、部分栏目" in read(name, saved).text
    result = check_bytes(name, saved)
    assert sorted(codes(result)) == sorted(codes(reference(report))), show(result)
