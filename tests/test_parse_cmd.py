"""`govlint parse` and the extraction-health summary: what govlint read, where from, and
what it could not read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CORPUS, EXAMPLES

from govlint.api import check_path, check_text
from govlint.cli import main

CLEAN = EXAMPLES / "2023_clean.txt"
GLUED = EXAMPLES / "2023_defect_glued_table.txt"


def parse_cmd(*args: Any) -> Any:
    return CliRunner().invoke(main, ["parse", *map(str, args)], catch_exceptions=False)


def parse_json(path: Path) -> dict[str, Any]:
    result = parse_cmd("--format", "json", path)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_json_has_sections_tables_and_source_lines() -> None:
    data = parse_json(CLEAN)
    lines = CLEAN.read_text(encoding="utf-8").splitlines()
    assert data["format"] == "gov-2021" and data["reader"] == "text" and data["year"] == 2023
    assert [s["number"] for s in data["sections"]] == ["一", "二", "三", "四", "五", "六"]
    for sec in data["sections"]:
        assert lines[sec["line"] - 1].startswith(f"{sec['number']}、")
    t3 = data["tables"]["t3"]
    assert t3["status"] == "ok"
    r1 = next(r for r in t3["rows"] if r["id"] == "r1")
    assert lines[r1["line"] - 1].startswith("一、本年新收政府信息公开申请数量")
    for cell in r1["cells"]:  # every cell points at its own text in the source
        line = lines[cell["line"] - 1]
        assert line[cell["col"] - 1:].startswith(cell["raw"])
    assert [c["label"] for c in r1["cells"]][-1] == "总计"


def test_cells_sit_in_their_own_columns() -> None:
    """表二 groups have different columns: 行政许可's number is 本年处理决定数量, not 本年制发件数."""
    t2 = parse_json(CLEAN)["tables"]["t2"]
    licensing = next(r for r in t2["rows"] if r["label"] == "行政许可")
    assert [c["label"] for c in licensing["cells"]] == ["本年处理决定数量"]
    text = parse_cmd(CLEAN).stdout
    assert "表二（主动公开政府信息情况）" in text and "表四" in text and "行政复议·总计" in text


def test_glued_row_is_shown_with_what_was_written() -> None:
    data = parse_json(GLUED)
    [problem] = data["extraction"]["t3"]["rows"]["ambiguous"]
    assert problem["row"] == "一、本年新收政府信息公开申请数量"
    assert problem["values_expected"] == 7 and problem["text"]
    assert problem["text"] in parse_cmd(GLUED).stdout


def test_unreadable_file_exits_1_with_the_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip file")
    result = parse_cmd(bad)
    assert result.exit_code == 1
    assert "bad.docx" in result.stderr and "Word" in result.stderr


def test_english_labels() -> None:
    out = parse_cmd("--lang", "en", CLEAN).stdout
    assert "read" in out and "line" in out


def test_check_json_carries_the_extraction_summary() -> None:
    result = check_path(GLUED)
    assert result.extraction is not None
    t3 = result.extraction["t3"]
    assert t3["status"] == "partial" and t3["rows"]["extracted"] == t3["rows"]["expected"] - 1
    assert t3["cells"]["total"] == 7 * t3["rows"]["extracted"]


def test_findings_on_a_partly_read_table_say_so() -> None:
    """A sum error next to an unreadable row may be an artefact: its evidence says the table
    was only partly read; on a fully read table the field is absent."""
    text = GLUED.read_text(encoding="utf-8").replace("二、上年结转政府信息公开申请数量\t1\t", "二、上年结转政府信息公开申请数量\t5\t")
    findings = [f for f in check_text(text).findings if f.table == "t3" and f.code.startswith("GL3")]
    assert findings and all(f.evidence.get("table_extraction") == "partial" for f in findings)
    row_total = EXAMPLES / "2023_defect_table3_row_total.txt"
    assert all("table_extraction" not in f.evidence for f in check_path(row_total).findings)


def test_a_rule_reports_at_most_200_findings_per_file() -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("推动政府信息公开工作规范开展。", "的的工作。" * 300)
    codes = [f.code for f in check_text(text).findings]
    assert codes.count("GL530") == 200
    assert codes.count("GL008") == 1


REAL = sorted(p for p in CORPUS.glob("real/*") if p.suffix in (".txt", ".html", ".pdf")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not REAL, reason="../shared/corpus is not available")
@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_every_corpus_table_is_shown_or_explained(path: Path) -> None:
    """Every table of every real report is either read, or its unread rows are named with
    what was written there."""
    pytest.importorskip("pdfplumber") if path.suffix == ".pdf" else None
    data = parse_json(path)
    for tid, health in data["extraction"].items():
        rows = health["rows"]
        unread = len(rows["ambiguous"]) + len(rows["missing"])
        assert rows["extracted"] + unread == rows["expected"], tid
        assert (health["status"] == "ok") == (unread == 0) or health["status"] == "absent", tid
        assert all(p["problem"] for p in rows["ambiguous"])
