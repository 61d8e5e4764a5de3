"""`fail_on` (and the other per-folder settings) come from the config nearest each report, not
from the folder the command is run in; the command-line flag wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from govlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
ERROR = (ROOT / "examples" / "2023_defect_table3_row_total.txt").read_text(encoding="utf-8")  # errors
WARNING = (ROOT / "examples" / "2023_defect_repeated_word.txt").read_text(encoding="utf-8")  # one warning


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """lenient/ (fail_on: never) with an error report, strict/ (fail_on: warning) with a warning
    report, elsewhere/ (fail_on: info) with no report."""
    for name, fail_on in (("lenient", "never"), ("strict", "warning"), ("elsewhere", "info")):
        (tmp_path / name).mkdir()
        (tmp_path / name / ".govlint.yaml").write_text(f"fail_on: {fail_on}\n", encoding="utf-8")
    (tmp_path / "lenient" / "report.txt").write_text(ERROR, encoding="utf-8")
    (tmp_path / "strict" / "report.txt").write_text(WARNING, encoding="utf-8")
    return tmp_path


def status(cwd: Path, *args: str | Path) -> int:
    import os

    here = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", "--no-progress", "--format", "concise", *map(str, args)],
                                    catch_exceptions=False)
    finally:
        os.chdir(here)
    return result.exit_code


@pytest.mark.parametrize("where", [".", "lenient", "strict", "elsewhere"])
def test_fail_on_never_holds_from_any_working_folder(tree: Path, where: str) -> None:
    assert status(tree / where, tree / "lenient" / "report.txt") == 0


@pytest.mark.parametrize("where", [".", "lenient", "elsewhere"])
def test_fail_on_warning_holds_from_any_working_folder(tree: Path, where: str) -> None:
    assert status(tree / where, tree / "strict" / "report.txt") == 1


def test_each_report_fails_by_its_own_config(tree: Path) -> None:
    assert status(tree / "lenient", tree / "lenient" / "report.txt", tree / "strict" / "report.txt") == 1
    (tree / "strict" / "report.txt").unlink()
    assert status(tree / "strict", tree) == 0  # the error report's folder says never


def test_the_flag_wins_over_every_config(tree: Path) -> None:
    assert status(tree / "elsewhere", tree / "lenient" / "report.txt", "--fail-on", "error") == 1
    assert status(tree / "lenient", tree / "strict" / "report.txt", "--fail-on", "never") == 0
    assert status(tree / "lenient", tree / "strict" / "report.txt", "--fail-on", "error") == 0


def test_the_pack_comes_from_the_nearest_config_too(tree: Path) -> None:
    (tree / "lenient" / ".govlint.yaml").write_text("fail_on: error\npack: gov-2019\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-progress", "--format", "json", str(tree / "lenient")],
                                catch_exceptions=False)
    import json

    assert json.loads(result.stdout)["files"][0]["format"] == "gov-2019"
