"""Every report of ../shared/corpus: no crash, every table read or reported, known findings.

The expected codes per file were read and confirmed against the reports (see README).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS

from govlint.api import check_path
from govlint.document import TableStatus
from govlint.parser import parse
from govlint.readers import read
from govlint.rulepack import load_pack

try:
    import pdfplumber  # noqa: F401
    READABLE = (".txt", ".html", ".pdf")
except ImportError:  # the optional extra govlint[pdf]
    READABLE = (".txt", ".html")
# The complete reports (seed/, real/); excerpts/ are cut-off web pages scored by
# ../shared/tools/excerpt_score.py, not reviewed finding by finding here.
FILES = sorted(p for d in ("seed", "real") for p in (CORPUS / d).glob("*") if p.suffix in READABLE) \
    if CORPUS.is_dir() else []
IDS = [p.name for p in FILES]
pytestmark = pytest.mark.skipif(not FILES, reason="../shared/corpus is not available")

# Findings per report (code → count), each read against the report; see README. The pingtan
# reports are one-line web dumps whose table digits run together: 表三 and 表四 are read by the
# only split that fits (GL007); 表二 rows such as “77132470” have no sums to decide by (GL003).
EXPECTED: dict[str, dict[str, int]] = {
    "2019_pingtan": {"GL003": 1, "GL007": 3, "GL514": 1},
    "2020_pingtan": {"GL003": 1, "GL006": 1, "GL007": 3, "GL302": 2, "GL514": 1},
    "2021_pingtan": {"GL003": 1, "GL007": 3, "GL514": 1, "GL530": 1},
    "2022_pingtan": {"GL003": 1, "GL007": 2, "GL102": 1, "GL530": 1, "GL602": 1},
    "2023_hongze": {"GL005": 1, "GL401": 1, "GL403": 1, "GL513": 1},
    "2023_pingtan": {"GL003": 1, "GL007": 3, "GL514": 1, "GL531": 2},
    "2024_hongze": {"GL005": 1, "GL514": 1, "GL602": 1},
    "2024_huaian": {"GL513": 1},
    "2024_pingtan": {"GL003": 1, "GL007": 3, "GL514": 1},
    "2024_shanghai_kewei": {"GL003": 1, "GL006": 1, "GL009": 2, "GL101": 1, "GL103": 4, "GL105": 1, "GL201": 1,
                            "GL530": 1, "GL604": 1},
    "2025_pingtan": {"GL003": 1, "GL007": 3, "GL513": 1},
    "2025_shanghai_bgt": {"GL003": 2, "GL101": 1},
    "2025_shuyang": {"GL102": 1, "GL514": 1, "GL602": 1},
    "2021_zhoushan_dinghai_police": {"GL502": 1, "GL511": 1},
    # HTML: blank cells (where 0 was meant) and a share that does not match the table
    "2019_shanghai_bgt": {"GL006": 2, "GL009": 2, "GL102": 1, "GL603": 1},
    "2023_shuyang_fgj": {"GL006": 1, "GL102": 1, "GL201": 1, "GL540": 1},
}
FORMATS = {"2019_pingtan": "gov-2019", "2020_pingtan": "gov-2019", "2019_shanghai_bgt": "gov-2019"}


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_report_runs_and_matches_the_reviewed_findings(path: Path) -> None:
    result = check_path(path)
    counts = Counter(f.code for f in result.findings)
    assert "GL002" not in counts and "GL001" not in counts
    assert dict(counts) == EXPECTED[path.stem]
    assert result.format == FORMATS.get(path.stem, "gov-2021")


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_each_table_is_extracted_or_reported(path: Path) -> None:
    result = check_path(path)
    template = load_pack(result.format or "gov-2021").template
    doc = parse(read(path.name, path.read_bytes()).text, template, str(path))
    codes = {f.code for f in result.findings}
    for table in doc.tables.values():
        if table.status != TableStatus.OK:
            assert codes & {"GL003", "GL004", "GL005"}, (table.id, table.status)


def test_hongze_2023_table4_totals_are_real_defects() -> None:
    path = CORPUS / "real" / "2023_hongze.txt"
    findings = {f.code: f for f in check_path(path).findings}
    assert (findings["GL401"].expected, findings["GL401"].found) == ("11", "0")
    assert findings["GL401"].col == "行政复议·总计"
    assert (findings["GL403"].expected, findings["GL403"].found) == ("5", "0")


def test_real_defects_found_by_the_text_rules() -> None:
    """Defects confirmed by reading the reports: repeated words, a skipped and a repeated
    list number, “all handled” with a request carried forward, and a typo in a heading."""
    def messages(stem: str, code: str) -> list[str]:
        return [f.message for f in check_path(CORPUS / "real" / f"{stem}.txt").findings if f.code == code]

    assert "资金资金" in messages("2024_shanghai_kewei", "GL530")[0]
    assert "审核审核" in messages("2021_pingtan", "GL530")[0]
    assert "的的" in messages("2022_pingtan", "GL530")[0]
    assert [m[:15] for m in messages("2023_pingtan", "GL531")] == ["序号“三是”紧接在“一是”之后", "序号“三是”紧接在“三是”之后"]
    assert "所有申请均已按要求办理完成" in messages("2024_shanghai_kewei", "GL604")[0]
    assert "行政法复议" in messages("2022_pingtan", "GL102")[0]
    assert "749" in messages("2025_shuyang", "GL602")[0] and "713" in messages("2025_shuyang", "GL602")[0]


PDFS = [p for p in FILES if p.suffix == ".pdf" and p.with_suffix(".txt").exists()]


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_pdf_gives_the_findings_of_its_text_version(path: Path) -> None:
    """The corpus's .txt files are the PDFs' text layers: same findings, same lines."""
    def key(p: Path) -> list[tuple[str, int, str]]:
        return [(f.code, f.line, f.message) for f in check_path(p).findings]

    assert key(path) == key(path.with_suffix(".txt"))


def test_share_in_the_text_contradicting_the_html_table() -> None:
    path = CORPUS / "real" / "2019_shanghai_bgt.html"
    [finding] = [f for f in check_path(path).findings if f.code == "GL603"]
    assert "33.9%" in finding.message and "32.0%" in finding.message and "805" in finding.message


def test_glued_tables_are_split_only_where_the_split_is_determined() -> None:
    doc_2023 = check_path(CORPUS / "real" / "2023_pingtan.txt")
    [t3] = [f for f in doc_2023.findings if f.code == "GL007" and f.table == "t3"]
    assert "801000081 → 80、1、0、0、0、0、81" in t3.message
    [t2] = [f for f in doc_2023.findings if f.code == "GL003"]
    assert t2.table == "t2" and "77132470" in t2.message


def test_real_sum_error_in_a_glued_table_is_found_and_marked_inferred() -> None:
    """2020 pingtan: the result rows add up to 26 natural-person requests (27 in all), the
    （七）总计 row says 20 (21) — the digits were run together, so the finding says so."""
    findings = [f for f in check_path(CORPUS / "real" / "2020_pingtan.txt").findings if f.code == "GL302"]
    assert [(f.col, f.expected, f.found) for f in findings] == [("自然人", "26", "20"), ("总计", "27", "21")]
    assert all("连在一起" in f.message and f.evidence["inferred_rows"] for f in findings)
