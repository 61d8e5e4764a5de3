"""The report govlint started from (a real 2021 report): the issue's acceptance checks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SEED, needs_corpus

from govlint.api import check_text
from govlint.config import Config
from govlint.document import RowStatus, TableStatus

pytestmark = needs_corpus
ARITHMETIC = {"GL301", "GL302", "GL303", "GL401", "GL402", "GL403"}


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_seed_findings(seed_text: str) -> None:
    findings = check_text(seed_text, "seed.txt").findings
    assert [f.code for f in findings] == ["GL502", "GL511"]
    dup, fee = findings
    assert (dup.line, dup.section) == (15, "一、总体情况 › （三）不断完善监督保障情况")
    assert "“四是”项" in dup.message and "“一是”项" in dup.message and "第 15 行" in dup.message
    assert dup.related[0].line == 15 and dup.related[0].column < dup.column
    assert fee.section == "六、其他需要报告的事项"


def test_seed_tables_are_extracted_completely(seed_text: str, parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text(seed_text)
    for table in doc.tables.values():
        assert table.status == TableStatus.OK, table.id
    t2 = doc.tables["t2"]
    values = {r.id: [c.value for c in r.cells] for r in t2.rows}
    assert values == {"rules": [0, 0, 0], "normative": [0, 0, 0], "licensing": [1850], "penalty": [1593],
                      "coercion": [979], "fees": [Decimal("70.81")]}
    t3 = doc.tables["t3"]
    assert [c.value for c in t3.row("r1").cells] == [5, 0, 0, 0, 0, 0, 5]
    assert [c.value for c in t3.row("r23").cells] == [4, 0, 0, 0, 0, 0, 4]
    assert [c.value for c in t3.row("r24").cells] == [5, 0, 0, 0, 0, 0, 5]
    assert sum(r.status == RowStatus.OK for r in t3.rows) == 25
    assert [c.value for c in doc.tables["t4"].row("v").cells] == [0] * 15


def _edit(text: str, line: int, col: int, old: str, new: str) -> str:
    lines = text.split("\n")
    target = lines[line - 1]
    assert target[col - 1 : col - 1 + len(old)] == old
    lines[line - 1] = target[: col - 1] + new + target[col - 1 + len(old):]
    return "\n".join(lines)


def test_changing_any_number_of_table3_or_4_names_the_broken_identity(seed_text: str, parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text(seed_text)
    config = Config(select=tuple(sorted(ARITHMETIC)))
    checked = 0
    for tid in ("t3", "t4"):
        table = doc.tables[tid]
        for row in table.rows:
            for cell in row.cells:
                changed = _edit(seed_text, cell.pos.line, cell.pos.col, cell.raw, str(cell.value + 1))
                findings = check_text(changed, config=config).findings
                assert findings, f"no finding after changing {tid} {row.label} at {cell.pos}"
                assert any((f.line == cell.pos.line and f.column == cell.pos.col) or
                           (f.row and row.label in f.row) or f.col for f in findings)
                named = {f.row for f in findings} | {f.col for f in findings}
                assert named - {None}
                checked += 1
    assert checked == 25 * 7 + 15


@pytest.mark.parametrize(
    "heading",
    ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
     "五、存在的主要问题及改进情况", "六、其他需要报告的事项"],
)
def test_deleting_a_section_heading_is_reported_by_name(seed_text: str, heading: str) -> None:
    assert seed_text.count(f"\n{heading}\n") == 1
    findings = check_text(seed_text.replace(f"\n{heading}\n", "\n"), config=Config(select=("GL101",))).findings
    assert [f.code for f in findings] == ["GL101"]
    assert heading in findings[0].message


def test_a_paragraph_duplicated_with_small_edits_is_reported(seed_text: str) -> None:
    para = next(line for line in seed_text.split("\n") if line.startswith("本年度政府信息公开虽然取得了一定成效"))
    edited = para.replace("主动公开信息更新不及时", "部分信息更新较慢").replace("今后我局将", "下一步将")
    text = seed_text.replace(para, para + "\n\n" + edited)
    findings = check_text(text, config=Config(select=("GL501", "GL502"))).findings
    assert any(f.code == "GL502" and f.section == "五、存在的主要问题及改进情况" for f in findings)
