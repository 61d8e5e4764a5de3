"""Golden JSON: the exact `govlint check --format json` output for every example report.

Rewrite after an intended change with `pytest tests/test_golden.py --regen-golden`
and review the diff.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from govlint.cli import main

from conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden"
REPORTS = sorted(EXAMPLES.glob("*.txt"))


@pytest.mark.parametrize("report", REPORTS, ids=[p.stem for p in REPORTS])
def test_example_output_matches_golden(report, request, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check", "--format", "json", f"examples/{report.name}"])
    assert result.exit_code in (0, 1), result.output
    actual = json.loads(result.output)
    actual["tool"]["version"] = "*"
    golden = GOLDEN / f"{report.stem}.json"
    if request.config.getoption("--regen-golden"):
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_every_golden_file_has_an_example() -> None:
    assert {p.stem for p in GOLDEN.glob("*.json")} == {p.stem for p in REPORTS}


def test_clean_examples_have_no_findings() -> None:
    for name in ("2023_clean", "2023_clean_gb18030"):
        assert json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))["findings"] == []


@pytest.mark.parametrize(
    ("stem", "codes"),
    [
        ("2023_defect_table3_row_total", {"GL301", "GL302"}),
        ("2023_defect_table3_balance", {"GL303"}),
        ("2023_defect_table4_total", {"GL401"}),
        ("2023_defect_blank_cell", {"GL006", "GL009"}),
        ("2023_defect_missing_section", {"GL101"}),
        ("2023_defect_section_title", {"GL102"}),
        ("2023_defect_section5_empty", {"GL510"}),
        ("2023_defect_fee_missing", {"GL511"}),
        ("2023_defect_duplicate_paragraph", {"GL501"}),
        ("2023_defect_near_duplicate_item", {"GL502"}),
        ("2023_defect_placeholder", {"GL520"}),
        ("2023_defect_table_missing", {"GL004"}),
        ("2023_defect_glued_table", {"GL003"}),
    ],
)
def test_each_defect_example_reports_exactly_its_defect(stem: str, codes: set[str]) -> None:
    data = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
    assert {f["code"] for f in data["findings"]} == codes
