"""Every report of ../shared/corpus: no crash, every table read or reported, known findings.

The expected codes per file were read and confirmed against the reports (see README).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.api import check_path
from govlint.decoder import decode
from govlint.document import TableStatus
from govlint.parser import parse

from conftest import CORPUS

FILES = sorted(CORPUS.glob("*/*.txt")) if CORPUS.is_dir() else []
pytestmark = pytest.mark.skipif(not FILES, reason="../shared/corpus is not available")

EXPECTED = {
    "2019_pingtan": {"GL003", "GL005", "GL511"},
    "2020_pingtan": {"GL003", "GL005", "GL511"},
    "2021_pingtan": {"GL003"},
    "2022_pingtan": {"GL003", "GL102"},
    "2023_pingtan": {"GL003"},
    "2024_pingtan": {"GL003"},
    "2025_pingtan": {"GL003"},
    "2023_hongze": {"GL005", "GL401", "GL403"},
    "2024_hongze": {"GL005"},
    "2024_huaian": set(),
    "2024_shanghai_kewei": {"GL003", "GL006", "GL009", "GL101", "GL103"},
    "2025_shanghai_bgt": {"GL003", "GL101"},
    "2025_shuyang": {"GL102"},
    "2021_zhoushan_dinghai_police": {"GL502", "GL511"},
}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_report_runs_and_matches_the_reviewed_findings(path: Path) -> None:
    result = check_path(path)
    codes = {f.code for f in result.findings}
    assert "GL002" not in codes and "GL001" not in codes
    assert codes == EXPECTED[path.stem]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_table_is_extracted_or_reported(path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    doc = parse(decode(path.read_bytes()).text, pack.template, str(path))
    codes = {f.code for f in check_path(path).findings}
    for table in doc.tables.values():
        if table.status != TableStatus.OK:
            assert codes & {"GL003", "GL004", "GL005"}, (table.id, table.status)


def test_hongze_2023_table4_totals_are_real_defects() -> None:
    path = CORPUS / "real" / "2023_hongze.txt"
    findings = {f.code: f for f in check_path(path).findings}
    assert (findings["GL401"].expected, findings["GL401"].found) == ("11", "0")
    assert findings["GL401"].col == "行政复议·总计"
    assert (findings["GL403"].expected, findings["GL403"].found) == ("5", "0")
