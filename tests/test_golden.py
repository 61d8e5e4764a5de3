"""Golden JSON: the exact `govlint check --format json` output for every example report.

Rewrite after an intended change with `pytest tests/test_golden.py --regen-golden`
and review the diff.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_CODES, EXAMPLES, ROOT

from govlint.cli import main

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


@pytest.mark.parametrize(("stem", "codes"), sorted(EXAMPLE_CODES.items()))
def test_each_example_reports_exactly_its_defect(stem: str, codes: set[str]) -> None:
    data = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
    assert {f["code"] for f in data["findings"]} == codes


def test_every_example_has_expected_codes() -> None:
    assert set(EXAMPLE_CODES) == {p.stem for p in REPORTS}


def test_clean_examples_of_both_formats_have_no_error() -> None:
    for stem, fmt in (("2023_clean", "gov-2021"), ("2020_clean", "gov-2019")):
        data = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
        assert data["files"][0]["format"] == fmt
        assert data["summary"]["by_severity"]["error"] == 0
