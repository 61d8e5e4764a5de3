"""Command-line interface: `govlint check`, `govlint rules`, `govlint rule`, through click's
CliRunner (plus a few real `python -m govlint` runs for end-to-end exit codes).

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage/config/rule error.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import EXAMPLE_CODES

from govlint import __version__
from govlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

CLEAN = "examples/2023_clean.txt"
CLEAN_GB = "examples/2023_clean_gb18030.txt"
ROW_TOTAL = "examples/2023_defect_table3_row_total.txt"  # GL301 + GL302 (errors)
BALANCE = "examples/2023_defect_table3_balance.txt"  # GL303
T4_TOTAL = "examples/2023_defect_table4_total.txt"  # GL401
FEE = "examples/2023_defect_fee_missing.txt"  # GL511 (warning only)
TITLE = "examples/2023_defect_section_title.txt"  # GL102 (warning only)
BLANK = "examples/2023_defect_blank_cell.txt"  # GL006 warning + GL009 info
DUP = "examples/2023_defect_duplicate_paragraph.txt"  # GL501

# What each checked-in example reports (codes), shared with the golden tests.
EXPECTED_CODES: dict[str, set[str]] = {f"{stem}.txt": codes for stem, codes in EXAMPLE_CODES.items()}
ARITHMETIC = {"GL301", "GL302", "GL303", "GL401", "GL402", "GL403"}
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
FAIL_ON_RANK = {"info": 1, "warning": 2, "error": 3, "never": None}

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
QUOTED = re.compile(r"“[^”]*”")
BINARY = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # decodes to nothing sensible

# Deterministic console: no forced colours, 80 columns (as in a pipe or CI log).
ENV = {"COLUMNS": "80", "LINES": "25", "FORCE_COLOR": None, "NO_COLOR": "1", "TTY_COMPATIBLE": None,
       "TTY_INTERACTIVE": None, "CLICOLOR_FORCE": None}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root so relative example paths work and appear as given."""
    monkeypatch.chdir(ROOT)


def run(*args: Any, env: dict[str, str | None] | None = None) -> Result:
    runner = CliRunner(env={**ENV, **(env or {})})
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def check_json(*args: Any) -> tuple[Result, dict[str, Any]]:
    result = run("check", "--output-format", "json", *args)
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    return result, json.loads(result.stdout)


def codes(data: dict[str, Any]) -> set[str]:
    return {f["code"] for f in data["findings"]}


def snapshot(paths: list[Path]) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}


# --------------------------------------------------------------------------- basics


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout
    assert "govlint" in result.stdout


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], ["check", "--help"], ["rules", "--help"], ["rule", "--help"]]
)
def test_help(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_check_help_lists_options() -> None:
    out = run("check", "--help").stdout
    for option in ("--output-format", "--format", "--fail-on", "--select", "--ignore", "--lang",
                   "--pack", "--output"):
        assert option in out


def test_clean_report_text() -> None:
    result = run("check", CLEAN)
    assert result.exit_code == 0
    assert "未发现问题" in result.stdout
    assert "GL" not in result.stdout
    assert result.stderr == ""


def test_clean_report_text_en() -> None:
    result = run("check", "--lang", "en", CLEAN)
    assert result.exit_code == 0
    assert "No findings in 1 file(s)." in result.stdout


def test_gb18030_report_same_as_utf8() -> None:
    result, data = check_json(CLEAN_GB)
    assert result.exit_code == 0
    assert data["findings"] == []
    [entry] = data["files"]
    assert entry["encoding"].lower().replace("-", "") == "gb18030"
    _, utf8 = check_json(CLEAN)
    assert entry["title"] == utf8["files"][0]["title"]
    assert entry["year"] == utf8["files"][0]["year"] == 2023


@pytest.mark.parametrize("name", sorted(EXPECTED_CODES))
def test_each_example_reports_its_defect(name: str) -> None:
    result, data = check_json("--fail-on", "never", f"examples/{name}")
    assert result.exit_code == 0
    assert set(data["summary"]["by_code"]) == EXPECTED_CODES[name], data["findings"]
    assert codes(data) == EXPECTED_CODES[name]


def test_examples_folder_covers_every_example() -> None:
    _, data = check_json("--fail-on", "never", "examples")
    on_disk = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".md"))
    assert [Path(f["path"]).name for f in data["files"]] == on_disk
    assert set(on_disk) == set(EXPECTED_CODES)


# --------------------------------------------------------------------------- exit codes / --fail-on


@pytest.mark.parametrize(
    ("path", "extra", "fail_on", "code"),
    [
        # warning-only report (GL511)
        (FEE, [], None, 0),
        (FEE, [], "error", 0),
        (FEE, [], "warning", 1),
        (FEE, [], "info", 1),
        (FEE, [], "never", 0),
        # warning-only report (GL102)
        (TITLE, [], None, 0),
        (TITLE, [], "warning", 1),
        # error report (GL301 + GL302)
        (ROW_TOTAL, [], None, 1),
        (ROW_TOTAL, [], "error", 1),
        (ROW_TOTAL, [], "warning", 1),
        (ROW_TOTAL, [], "info", 1),
        (ROW_TOTAL, [], "never", 0),
        # clean report
        (CLEAN, [], None, 0),
        (CLEAN, [], "error", 0),
        (CLEAN, [], "warning", 0),
        (CLEAN, [], "info", 0),
        (CLEAN, [], "never", 0),
        # info-only (GL009: checks that could not be verified; GL006 ignored)
        (BLANK, ["--ignore", "GL006"], "error", 0),
        (BLANK, ["--ignore", "GL006"], "warning", 0),
        (BLANK, ["--ignore", "GL006"], "info", 1),
        (BLANK, ["--ignore", "GL006"], "never", 0),
        # warning + info
        (BLANK, [], "error", 0),
        (BLANK, [], "warning", 1),
    ],
)
def test_fail_on_exit_codes(path: str, extra: list[str], fail_on: str | None, code: int) -> None:
    args = ["check", *extra, path] + (["--fail-on", fail_on] if fail_on else [])
    result = run(*args)
    assert result.exit_code == code, result.output
    # the same with JSON output
    result = run(*args, "--format", "json")
    assert result.exit_code == code


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_exit_code_agrees_with_findings_for_every_example(fail_on: str) -> None:
    threshold = FAIL_ON_RANK[fail_on]
    for name in sorted(EXPECTED_CODES):
        result = run("check", "--format", "json", "--fail-on", fail_on, f"examples/{name}")
        data = json.loads(result.stdout)
        failing = threshold is not None and any(SEVERITY_RANK[f["severity"]] >= threshold
                                                for f in data["findings"])
        assert result.exit_code == (1 if failing else 0), (name, fail_on)


def test_batch_exit_code_is_worst_of_all_files() -> None:
    assert run("check", CLEAN, FEE).exit_code == 0
    assert run("check", CLEAN, FEE, ROW_TOTAL).exit_code == 1
    assert run("check", "--fail-on", "warning", CLEAN, FEE).exit_code == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "does/not/exist.txt"], "does not exist"),
        (["check", CLEAN, "does/not/exist.txt"], "does not exist"),
        (["check"], "Missing argument"),
        (["check", "--fail-on", "bogus", CLEAN], "--fail-on"),
        (["check", "--format", "xml", CLEAN], "xml"),
        (["check", "--output-format", "xml", CLEAN], "xml"),
        (["check", "--lang", "fr", CLEAN], "fr"),
        (["check", "--pack", "no-such-pack", CLEAN], "no-such-pack"),
        (["rules", "--pack", "no-such-pack"], "no-such-pack"),
        (["rules", "--format", "xml"], "xml"),
        (["no-such-command"], "no-such-command"),
    ],
)
def test_usage_errors_exit_2(args: list[str], needle: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_folder_without_report_files_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("check", empty)
    assert result.exit_code == 2
    assert "no report files" in result.stderr
    # only unsupported or hidden files: still nothing to check
    (empty / "report.xlsx").write_bytes(b"PK\x03\x04")
    (empty / "scan.png").write_bytes(b"\x89PNG\r\n")
    (empty / ".hidden.txt").write_text("一、总体情况\n", encoding="utf-8")
    result = run("check", empty)
    assert result.exit_code == 2
    assert "no report files" in result.stderr


def test_explicit_pack() -> None:
    assert run("check", "--pack", "gov-2021", CLEAN).exit_code == 0
    assert run("check", "--pack", "gov-2021", ROW_TOTAL).exit_code == 1


# --------------------------------------------------------------------------- --select / --ignore


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], {"GL301", "GL302"}),
        (["--select", "GL301"], {"GL301"}),
        (["--select", "gl301"], {"GL301"}),
        (["--select", "GL302"], {"GL302"}),
        (["--select", "GL3"], {"GL301", "GL302"}),
        (["--select", "GL30"], {"GL301", "GL302"}),
        (["--select", "table3-row-total"], {"GL301"}),
        (["--select", "table3-result-total"], {"GL302"}),
        (["--select", "GL301,GL302"], {"GL301", "GL302"}),
        (["--select", " GL301 , table3-result-total "], {"GL301", "GL302"}),
        (["--select", "GL301", "--select", "table3-result-total"], {"GL301", "GL302"}),
        (["--select", "GL1,GL5"], set()),
        (["--select", "ALL"], {"GL301", "GL302"}),
        (["--ignore", "GL301"], {"GL302"}),
        (["--ignore", "table3-row-total"], {"GL302"}),
        (["--ignore", "GL3"], set()),
        (["--ignore", "GL301,GL302"], set()),
        (["--ignore", "GL301", "--ignore", "table3-result-total"], set()),
        (["--select", "GL3", "--ignore", "GL302"], {"GL301"}),
        (["--select", "GL301", "--ignore", "GL301"], set()),
        (["--select", "GL3", "--ignore", "table3-row-total"], {"GL302"}),
    ],
)
def test_select_and_ignore(args: list[str], expected: set[str]) -> None:
    result, data = check_json(*args, ROW_TOTAL)
    assert codes(data) == expected
    assert set(data["summary"]["by_code"]) == expected
    assert result.exit_code == (1 if expected else 0)


def test_select_prefix_across_folder() -> None:
    _, data = check_json("--fail-on", "never", "--select", "GL5", "examples")
    assert codes(data) == {c for found in EXAMPLE_CODES.values() for c in found if c.startswith("GL5")}
    _, data = check_json("--fail-on", "never", "--ignore", "GL5,GL0", "examples")
    assert all(not f["code"].startswith(("GL5", "GL0")) for f in data["findings"])
    assert {"GL301", "GL303", "GL401", "GL101", "GL102"} <= codes(data)


def test_select_text_output() -> None:
    result = run("check", "--select", "table3-row-total", ROW_TOTAL)
    assert result.exit_code == 1
    assert "GL301" in result.stdout
    assert "GL302" not in result.stdout


@pytest.mark.parametrize(
    ("option", "value", "bad", "hint"),
    [
        ("--select", "table3-row-totl", "table3-row-totl", "table3-row-total"),
        ("--select", "GL3O1", "GL3O1", "GL301"),
        ("--ignore", "fee-statment-missing", "fee-statment-missing", "fee-statement-missing"),
        ("--select", "GL301,table3-balanse", "table3-balanse", "table3-balance"),
        ("--ignore", "GL302,section-titel", "section-titel", "section-title"),
    ],
)
def test_unknown_selector_exits_2_with_hint(option: str, value: str, bad: str, hint: str) -> None:
    for fmt in ("text", "json"):
        result = run("check", "--format", fmt, option, value, ROW_TOTAL)
        assert result.exit_code == 2, result.output
        assert bad in result.stderr
        assert f'did you mean "{hint}"' in result.stderr
        assert result.stdout == ""  # no report at all
        assert "Traceback" not in result.output


def test_unknown_selector_without_close_match_exits_2() -> None:
    result = run("check", "--select", "zzzzzzzz", CLEAN)
    assert result.exit_code == 2
    assert "zzzzzzzz" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_selector_checked_before_any_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("check", "--select", "nope-rule", "-o", out, "examples")
    assert result.exit_code == 2
    assert "nope-rule" in result.stderr
    assert not out.exists() or out.read_text(encoding="utf-8") == ""


# --------------------------------------------------------------------------- JSON output


def test_json_document_shape() -> None:
    result, data = check_json(ROW_TOTAL)
    assert result.exit_code == 1
    assert set(data) >= {"version", "tool", "summary", "files", "findings"}
    assert data["version"] == 1
    assert data["tool"]["name"] == "govlint"
    assert data["tool"]["version"] == __version__
    summary = data["summary"]
    assert set(summary) >= {"files", "files_with_findings", "findings", "by_severity", "by_code"}
    assert summary["files"] == 1
    assert summary["files_with_findings"] == 1
    assert summary["findings"] == 2
    assert summary["by_severity"] == {"error": 2, "warning": 0, "info": 0}
    assert summary["by_code"] == {"GL301": 1, "GL302": 1}
    [entry] = data["files"]
    assert set(entry) >= {"path", "format", "year", "title", "encoding", "findings"}
    assert entry["path"] == ROW_TOTAL
    assert entry["format"] == "gov-2021"
    assert entry["year"] == 2023
    assert entry["title"].endswith("2023年政府信息公开工作年度报告")
    assert entry["encoding"] == "utf-8"
    assert entry["findings"] == 2


def test_json_finding_gl301_location_and_evidence() -> None:
    _, data = check_json(ROW_TOTAL)
    [f] = [f for f in data["findings"] if f["code"] == "GL301"]
    assert f["name"] == "table3-row-total"
    assert f["severity"] == "error"
    assert f["path"] == ROW_TOTAL
    assert "5" in f["message"] and "6" in f["message"] and "（一）予以公开" in f["message"]
    assert f["help"]
    loc = f["location"]
    assert loc["section"] == "三、收到和处理政府信息公开申请情况"
    assert loc["table"]["id"] == "t3"
    assert "表三" in loc["table"]["name"]
    assert loc["table"]["row"] == "（一）予以公开"
    assert loc["table"]["column"] == "总计"
    assert f["evidence"]["expected"] == "5"
    assert f["evidence"]["found"] == "6"
    assert f["related"] == []
    # line/column point at the wrong total cell in the source file
    lines = (ROOT / ROW_TOTAL).read_text(encoding="utf-8").splitlines()
    source = lines[loc["line"] - 1]
    assert "（一）予以公开" in source
    assert source[loc["column"] - 1] == "6"


def test_json_finding_gl302_location_and_evidence() -> None:
    _, data = check_json(ROW_TOTAL)
    [f] = [f for f in data["findings"] if f["code"] == "GL302"]
    assert f["name"] == "table3-result-total"
    assert f["location"]["table"]["row"] == "（七）总计"
    assert f["location"]["table"]["column"] == "总计"
    assert (f["evidence"]["expected"], f["evidence"]["found"]) == ("13", "12")
    source = (ROOT / ROW_TOTAL).read_text(encoding="utf-8").splitlines()[f["location"]["line"] - 1]
    assert "（七）总计" in source
    col = f["location"]["column"]
    assert source[col - 1: col + 1] == "12"


@pytest.mark.parametrize(
    ("path", "code", "table", "column", "expected", "found"),
    [
        (T4_TOTAL, "GL401", "t4", "行政复议·总计", "1", "2"),
        (BALANCE, "GL303", "t3", "总计", "14", "13"),
        (BALANCE, "GL303", "t3", "自然人", "11", "10"),
    ],
)
def test_json_arithmetic_findings(path: str, code: str, table: str, column: str, expected: str,
                                  found: str) -> None:
    _, data = check_json(path)
    matching = [f for f in data["findings"]
                if f["code"] == code and f["location"]["table"]["column"] == column]
    assert len(matching) == 1, data["findings"]
    f = matching[0]
    assert f["location"]["table"]["id"] == table
    assert f["location"]["table"]["row"]
    # which side of the balance is "expected" is the rule's choice; both numbers must be there
    assert {f["evidence"]["expected"], f["evidence"]["found"]} == {expected, found}


def test_json_non_arithmetic_finding_has_no_table() -> None:
    _, data = check_json(FEE)
    [f] = data["findings"]
    assert f["code"] == "GL511"
    assert f["name"] == "fee-statement-missing"
    assert f["severity"] == "warning"
    assert f["location"]["table"] is None
    assert f["location"]["section"] == "六、其他需要报告的事项"
    assert f["evidence"]["expected"] is None and f["evidence"]["found"] is None
    source = (ROOT / FEE).read_text(encoding="utf-8").splitlines()[f["location"]["line"] - 1]
    assert source.startswith("六、其他需要报告的事项")


def test_json_related_location() -> None:
    _, data = check_json(DUP)
    [f] = data["findings"]
    assert f["code"] == "GL501"
    [rel] = f["related"]
    assert set(rel) >= {"line", "column", "section", "text"}
    assert rel["line"] < f["location"]["line"]
    lines = (ROOT / DUP).read_text(encoding="utf-8").splitlines()
    assert rel["text"] in lines[rel["line"] - 1]


def test_json_every_finding_well_formed() -> None:
    result, data = check_json("--fail-on", "never", "examples")
    assert result.exit_code == 0
    paths = [f["path"] for f in data["files"]]
    assert len(paths) == len(set(paths))
    for f in data["findings"]:
        assert set(f) >= {"code", "name", "severity", "message", "help", "path", "location",
                          "evidence", "related"}
        assert re.fullmatch(r"GL\d{3}", f["code"])
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", f["name"])
        assert f["severity"] in SEVERITY_RANK
        assert isinstance(f["message"], str) and f["message"].strip()
        assert f["path"] in paths
        loc = f["location"]
        assert set(loc) >= {"line", "column", "section", "table"}
        assert isinstance(loc["line"], int) and loc["line"] >= 1
        assert isinstance(loc["column"], int) and loc["column"] >= 1
        assert loc["section"] is None or isinstance(loc["section"], str)
        assert set(f["evidence"]) >= {"expected", "found"}
        assert isinstance(f["related"], list)
        if f["code"] in ARITHMETIC:
            table = loc["table"]
            assert set(table) >= {"id", "name", "row", "column"}
            assert table["id"] and table["name"] and table["row"] and table["column"]
            assert re.fullmatch(r"-?\d+", f["evidence"]["expected"])
            assert re.fullmatch(r"-?\d+", f["evidence"]["found"])
            assert f["evidence"]["expected"] != f["evidence"]["found"]
            assert loc["section"]


def test_json_summary_consistent_with_findings() -> None:
    _, data = check_json("--fail-on", "never", "examples")
    findings = data["findings"]
    summary = data["summary"]
    assert summary["files"] == len(data["files"]) == len(EXPECTED_CODES)
    assert summary["findings"] == len(findings)
    assert sum(summary["by_severity"].values()) == len(findings)
    for severity in SEVERITY_RANK:
        count = sum(1 for f in findings if f["severity"] == severity)
        assert summary["by_severity"][severity] == count
    assert sum(summary["by_code"].values()) == len(findings)
    assert list(summary["by_code"]) == sorted(summary["by_code"])
    for entry in data["files"]:
        assert entry["findings"] == sum(1 for f in findings if f["path"] == entry["path"])
    assert summary["files_with_findings"] == sum(1 for e in data["files"] if e["findings"])
    # findings are grouped in file order
    order = [f["path"] for f in findings]
    file_order = [e["path"] for e in data["files"]]
    assert order == sorted(order, key=file_order.index)


def test_json_clean_report() -> None:
    result, data = check_json(CLEAN)
    assert result.exit_code == 0
    assert data["findings"] == []
    assert data["summary"]["findings"] == 0
    assert data["summary"]["by_code"] == {}
    assert data["summary"]["by_severity"] == {"error": 0, "warning": 0, "info": 0}


def test_format_alias_same_as_output_format() -> None:
    a = run("check", "--format", "json", ROW_TOTAL)
    b = run("check", "--output-format", "json", ROW_TOTAL)
    assert a.exit_code == b.exit_code == 1
    assert a.stdout == b.stdout
    assert json.loads(a.stdout)["summary"]["by_code"] == {"GL301": 1, "GL302": 1}
    t1 = run("check", "--format", "text", ROW_TOTAL)
    t2 = run("check", ROW_TOTAL)
    assert t1.stdout == t2.stdout


def test_json_output_is_deterministic() -> None:
    first = run("check", "--format", "json", "examples").stdout
    second = run("check", "--format", "json", "examples").stdout
    assert first == second


# --------------------------------------------------------------------------- text output


def test_text_output_location_lines() -> None:
    result = run("check", ROW_TOTAL)
    assert result.exit_code == 1
    _, data = check_json(ROW_TOTAL)
    for f in data["findings"]:
        head = f"{ROW_TOTAL}:{f['location']['line']}:{f['location']['column']}: 错误 {f['code']}"
        assert head in result.stdout
        assert f"({f['name']})" in result.stdout
    assert "共检查 1 个文件" in result.stdout
    assert "错误 2 个" in result.stdout
    assert "\x1b[" not in result.stdout


def test_text_output_escapes_markup_in_paths(tmp_path: Path) -> None:
    target = tmp_path / "[bold]report.txt"
    shutil.copyfile(ROOT / FEE, target)
    result = run("check", "--fail-on", "warning", target)
    assert result.exit_code == 1
    assert f"{target}:" in result.stdout
    assert "GL511" in result.stdout


# --------------------------------------------------------------------------- --lang


def test_lang_en_and_zh_messages() -> None:
    _, en = check_json("--lang", "en", ROW_TOTAL)
    _, zh = check_json("--lang", "zh", ROW_TOTAL)
    en_301 = next(f for f in en["findings"] if f["code"] == "GL301")
    zh_301 = next(f for f in zh["findings"] if f["code"] == "GL301")
    assert "should be" in en_301["message"]
    assert not CJK.search(QUOTED.sub("", en_301["message"])), en_301["message"]
    assert "应为" in zh_301["message"]
    assert "should be" not in zh_301["message"]
    # the numbers and the location do not depend on the language (the table's display name does)
    for key in ("code", "name", "severity", "path", "evidence"):
        assert en_301[key] == zh_301[key]
    for key in ("line", "column", "section"):
        assert en_301["location"][key] == zh_301["location"][key]
    en_table, zh_table = en_301["location"]["table"], zh_301["location"]["table"]
    assert (en_table["id"], en_table["row"], en_table["column"]) == ("t3", "（一）予以公开", "总计")
    assert (zh_table["id"], zh_table["row"], zh_table["column"]) == ("t3", "（一）予以公开", "总计")
    assert en_table["name"].startswith("Table 3")
    assert zh_table["name"].startswith("表三")


def test_lang_default_is_zh() -> None:
    assert run("check", ROW_TOTAL).stdout == run("check", "--lang", "zh", ROW_TOTAL).stdout


@pytest.mark.parametrize(
    ("path", "code", "en_phrase", "zh_phrase", "en_ascii"),
    [
        (FEE, "GL511", "does not state", "未说明", True),
        (T4_TOTAL, "GL401", "should be", "应为", False),  # the en message names the 表四 columns
        ("examples/2023_defect_table_missing.txt", "GL004", "was not found", "未找到", True),
        ("examples/2023_defect_placeholder.txt", "GL520", "placeholder", "占位符", True),
    ],
)
def test_lang_messages_per_rule(path: str, code: str, en_phrase: str, zh_phrase: str,
                                en_ascii: bool) -> None:
    _, en = check_json("--fail-on", "never", "--lang", "en", path)
    _, zh = check_json("--fail-on", "never", "--lang", "zh", path)
    assert code in codes(en) and code in codes(zh)
    for f in en["findings"]:
        if f["code"] == code:
            assert en_phrase in f["message"]
            assert zh_phrase not in f["message"]
            if en_ascii:
                assert not CJK.search(QUOTED.sub("", f["message"])), f["message"]
    for f in zh["findings"]:
        if f["code"] == code:
            assert zh_phrase in f["message"]


def test_lang_every_example_message_differs() -> None:
    _, en = check_json("--fail-on", "never", "--lang", "en", "examples")
    _, zh = check_json("--fail-on", "never", "--lang", "zh", "examples")
    assert len(en["findings"]) == len(zh["findings"])
    for e, z in zip(en["findings"], zh["findings"], strict=True):
        assert (e["code"], e["path"]) == (z["code"], z["path"])
        assert [e["location"][k] for k in ("line", "column", "section")] == \
            [z["location"][k] for k in ("line", "column", "section")]
        assert e["message"] != z["message"]
        assert re.search(r"[A-Za-z]{3,}", QUOTED.sub("", e["message"])), e["message"]


def test_lang_en_text_output() -> None:
    result = run("check", "--lang", "en", ROW_TOTAL)
    assert result.exit_code == 1
    assert "error GL301" in result.stdout
    assert "Found 2 error(s), 0 warning(s) and 0 notice(s) in 1 of 1 file(s)." in result.stdout
    assert "错误" not in result.stdout
    assert "共检查" not in result.stdout


# --------------------------------------------------------------------------- -o / --output


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize(("path", "code"), [(ROW_TOTAL, 1), (CLEAN, 0), (FEE, 0)])
def test_output_file_keeps_exit_code(tmp_path: Path, fmt: str, path: str, code: int) -> None:
    out = tmp_path / f"report.{fmt}"
    result = run("check", "--format", fmt, "-o", out, path)
    assert result.exit_code == code
    assert result.stdout == ""
    assert out.is_file()
    written = out.read_text(encoding="utf-8")
    direct = run("check", "--format", fmt, path)
    assert written == direct.stdout
    if fmt == "json":
        data = json.loads(written)
        assert data["summary"]["files"] == 1
        assert "年度报告" in written  # CJK written as-is (UTF-8), not as \u escapes
        assert "\\u" not in written


def test_output_long_option_and_utf8(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("check", "--format", "json", "--output", out, ROW_TOTAL)
    assert result.exit_code == 1
    raw = out.read_bytes()
    assert "（一）予以公开".encode() in raw
    assert json.loads(raw.decode("utf-8"))["summary"]["by_code"] == {"GL301": 1, "GL302": 1}


def test_output_overwrites_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old content that is much longer than needed " * 1000, encoding="utf-8")
    result = run("check", "--format", "json", "-o", out, CLEAN)
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["findings"] == []


def test_output_to_unwritable_location_is_usage_error(tmp_path: Path) -> None:
    """A report that cannot be written is not "findings found": expect exit 2, not 1."""
    out = tmp_path / "no" / "such" / "dir" / "out.json"
    result = run("check", "--format", "json", "-o", out, CLEAN)
    assert "Traceback" not in result.output
    assert result.exit_code == 2, (result.exit_code, result.output)


# --------------------------------------------------------------------------- folders and batches


def _make_tree(root: Path) -> None:
    # created in reverse of the expected order, so the result cannot depend on creation order
    (root / "c").mkdir(parents=True)
    shutil.copyfile(ROOT / CLEAN, root / "c" / "clean.TXT")  # upper-case suffix
    (root / "b" / "sub").mkdir(parents=True)
    shutil.copyfile(ROOT / ROW_TOTAL, root / "b" / "sub" / "row.txt")
    shutil.copyfile(ROOT / FEE, root / "a.md")
    (root / "notes.xlsx").write_bytes(b"PK\x03\x04")  # unsupported: skipped in folders
    (root / "data.csv").write_text("a,b\n", encoding="utf-8")
    (root / ".hidden").mkdir()
    shutil.copyfile(ROOT / ROW_TOTAL, root / ".hidden" / "x.txt")  # hidden: skipped
    shutil.copyfile(ROOT / ROW_TOTAL, root / ".y.txt")


def test_folder_recursion_and_order(tmp_path: Path) -> None:
    _make_tree(tmp_path)
    result, data = check_json(tmp_path)
    assert result.exit_code == 1
    rel = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in data["files"]]
    assert rel == ["a.md", "b/sub/row.txt", "c/clean.TXT"]
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in data["findings"]] == \
        ["a.md", "b/sub/row.txt", "b/sub/row.txt"]
    again = run("check", "--format", "json", tmp_path)
    assert again.stdout == result.stdout


def test_folder_text_output_order(tmp_path: Path) -> None:
    _make_tree(tmp_path)
    out = run("check", tmp_path).stdout
    assert out.index("a.md:") < out.index("row.txt:")
    assert "共检查 3 个文件" in out


def test_paths_checked_in_given_order() -> None:
    _, data = check_json(ROW_TOTAL, CLEAN, FEE)
    assert [f["path"] for f in data["files"]] == [ROW_TOTAL, CLEAN, FEE]
    _, data = check_json(FEE, ROW_TOTAL)
    assert next(f["path"] for f in data["findings"]) == FEE


def test_relative_folder_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, data = check_json(".")
    rel = [Path(f["path"]).as_posix() for f in data["files"]]
    assert rel == ["a.md", "b/sub/row.txt", "c/clean.TXT"]


def test_unreadable_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / CLEAN, tmp_path / "a_clean.txt")
    (tmp_path / "b_binary.txt").write_bytes(BINARY)
    shutil.copyfile(ROOT / FEE, tmp_path / "c_fee.txt")
    result, data = check_json(tmp_path)
    assert result.exit_code == 1
    names = [Path(f["path"]).name for f in data["files"]]
    assert names == ["a_clean.txt", "b_binary.txt", "c_fee.txt"]
    by_name = {Path(f["path"]).name: f for f in data["findings"]}
    assert by_name["b_binary.txt"]["code"] == "GL001"
    assert by_name["b_binary.txt"]["name"] == "document-unreadable"
    assert by_name["b_binary.txt"]["severity"] == "error"
    assert by_name["b_binary.txt"]["path"] == str(tmp_path / "b_binary.txt")
    assert by_name["b_binary.txt"]["location"]["line"] >= 1
    assert by_name["c_fee.txt"]["code"] == "GL511"
    assert data["summary"]["by_code"] == {"GL001": 1, "GL511": 1}
    assert data["summary"]["files"] == 3
    assert data["summary"]["files_with_findings"] == 2


def test_unreadable_file_text_output_and_exit_codes(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(BINARY)
    result = run("check", binary, CLEAN)
    assert result.exit_code == 1
    assert "GL001" in result.stdout
    assert "Traceback" not in result.output
    assert "共检查 2 个文件" in result.stdout
    # ignoring GL001 (or failing only on never) makes the run pass
    assert run("check", "--ignore", "GL001", binary, CLEAN).exit_code == 0
    assert run("check", "--ignore", "document-unreadable", binary).exit_code == 0
    assert run("check", "--fail-on", "never", binary).exit_code == 0


def test_unreadable_file_message_language(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(BINARY)
    _, en = check_json("--lang", "en", binary)
    _, zh = check_json("--lang", "zh", binary)
    assert en["findings"][0]["code"] == zh["findings"][0]["code"] == "GL001"
    assert "cannot be read" in en["findings"][0]["message"]
    assert "无法读取" in zh["findings"][0]["message"]


def test_explicit_unsupported_file_is_a_finding(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    result, data = check_json(pdf, CLEAN)
    assert result.exit_code == 1
    assert [f["code"] for f in data["findings"]] == ["GL001"]
    assert data["summary"]["files"] == 2


def test_empty_text_file_does_not_crash(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result, data = check_json("--fail-on", "never", empty)
    assert result.exit_code == 0
    assert data["summary"]["files"] == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
def test_other_encodings_of_clean_report(tmp_path: Path, encoding: str) -> None:
    text = (ROOT / CLEAN).read_text(encoding="utf-8")
    target = tmp_path / f"clean_{encoding}.txt"
    target.write_bytes(text.encode(encoding))
    result, data = check_json(target)
    assert result.exit_code == 0, data["findings"]
    assert data["findings"] == []


# --------------------------------------------------------------------------- inputs untouched


def test_inputs_are_never_modified(tmp_path: Path) -> None:
    work = tmp_path / "in"
    work.mkdir()
    for name in EXPECTED_CODES:
        shutil.copy2(EXAMPLES / name, work / name)
    (work / "binary.txt").write_bytes(BINARY)
    files = sorted(work.iterdir())
    before = snapshot(files)
    examples_before = snapshot(sorted(EXAMPLES.glob("*.txt")))
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ["check", work],
        ["check", "--format", "json", work],
        ["check", "--lang", "en", "--fail-on", "info", work],
        ["check", "--format", "json", "-o", out / "r.json", work],
        ["check", "-o", out / "r.txt", *files],
        ["check", "--select", "GL3", "--ignore", "GL302", work],
        ["check", "examples"],
        ["check", "--format", "json", "-o", out / "e.json", "examples"],
    ):
        assert run(*args).exit_code in (0, 1)
    assert snapshot(files) == before
    assert sorted(work.iterdir()) == files  # nothing written next to the inputs
    assert snapshot(sorted(EXAMPLES.glob("*.txt"))) == examples_before


# --------------------------------------------------------------------------- govlint rules


def test_rules_text_lists_rules() -> None:
    result = run("rules")
    assert result.exit_code == 0
    assert "GL301" in result.stdout
    assert "table3-row-total" in result.stdout
    assert "GL001" in result.stdout
    assert "error" in result.stdout


def test_rules_json() -> None:
    result = run("rules", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)
    assert isinstance(rules, list) and rules
    codes_ = [r["code"] for r in rules]
    assert len(codes_) == len(set(codes_))
    assert codes_ == sorted(codes_)
    names = [r["name"] for r in rules]
    assert len(names) == len(set(names))
    for r in rules:
        assert set(r) >= {"code", "name", "kind", "severity", "enabled", "title", "description"}
        assert re.fullmatch(r"GL\d{3}", r["code"])
        assert r["severity"] in SEVERITY_RANK
        assert r["title"]
    gl301 = next(r for r in rules if r["code"] == "GL301")
    assert gl301["name"] == "table3-row-total"
    assert gl301["severity"] == "error"
    # every code the examples report is a listed rule
    assert set().union(*EXPECTED_CODES.values()) <= set(codes_)
    # --output-format is the same as --format
    assert run("rules", "--output-format", "json").stdout == result.stdout


def test_rules_lang() -> None:
    zh = json.loads(run("rules", "--format", "json", "--lang", "zh").stdout)
    en = json.loads(run("rules", "--format", "json", "--lang", "en").stdout)
    assert [r["code"] for r in zh] == [r["code"] for r in en]
    z = next(r for r in zh if r["code"] == "GL301")
    e = next(r for r in en if r["code"] == "GL301")
    assert CJK.search(z["title"])
    assert e["title"].startswith("Table 3")
    assert run("rules", "--lang", "en").exit_code == 0


def test_rules_text_lists_every_full_name() -> None:
    """Rule names are what --select/--ignore take; `govlint rules` must show them in full,
    also in an 80-column terminal, a pipe or a CI log."""
    rules = json.loads(run("rules", "--format", "json").stdout)
    out = run("rules", env={"COLUMNS": "80"}).stdout
    missing = [r["name"] for r in rules if r["name"] not in out]
    assert not missing, f"rule names truncated or missing in `govlint rules`: {missing}"


def test_every_rule_selectable_by_code_and_name() -> None:
    rules = json.loads(run("rules", "--format", "json").stdout)
    for r in rules:
        for selector in (r["code"], r["name"]):
            result = run("check", "--select", selector, "--fail-on", "never", CLEAN)
            assert result.exit_code == 0, (selector, result.output)


# --------------------------------------------------------------------------- govlint rule


@pytest.mark.parametrize("ident", ["GL301", "gl301", "table3-row-total"])
def test_rule_explains(ident: str) -> None:
    result = run("rule", ident)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# GL301 table3-row-total")
    for heading in ("## 为什么", "## 如何修改", "## 会报告的写法", "## 不会报告的写法"):
        assert heading in out
    assert "```text" in out
    assert "一、本年新收政府信息公开申请数量" in out  # the example table row
    assert "error" in out


def test_rule_by_code_and_name_identical() -> None:
    assert run("rule", "GL301").stdout == run("rule", "table3-row-total").stdout


def test_rule_explains_en() -> None:
    result = run("rule", "GL301", "--lang", "en")
    assert result.exit_code == 0
    for heading in ("## Why", "## How to fix", "## Reported", "## Not reported"):
        assert heading in result.stdout
    assert "为什么" not in result.stdout


@pytest.mark.parametrize(("ident", "hint"), [("NOPE", None), ("GL999", None),
                                              ("table3-row-totl", "table3-row-total")])
def test_rule_unknown_exits_2(ident: str, hint: str | None) -> None:
    result = run("rule", ident)
    assert result.exit_code == 2
    assert ident in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output
    if hint:
        assert f'did you mean "{hint}"' in result.stderr


def test_rule_unknown_pack_exits_2() -> None:
    result = run("rule", "GL301", "--pack", "no-such-pack")
    assert result.exit_code == 2
    assert "no-such-pack" in result.stderr


def _doc_examples(markdown: str, heading: str) -> list[str]:
    return re.findall(r"## " + re.escape(heading) + r"\n\n```text\n(.*?)\n```", markdown, re.S)


def test_every_rule_has_an_explanation() -> None:
    rules = json.loads(run("rules", "--format", "json").stdout)
    for r in rules:
        result = run("rule", r["code"])
        assert result.exit_code == 0, r["code"]
        assert result.stdout.startswith(f"# {r['code']} {r['name']}\n")
        assert run("rule", r["name"]).stdout == result.stdout


def test_rule_examples_shown_by_rule_command_behave_as_documented(tmp_path: Path) -> None:
    """The "reported" example printed by `govlint rule CODE`, saved as a file and checked with
    --select CODE, gives CODE; the "not reported" example does not."""
    rules = json.loads(run("rules", "--format", "json").stdout)
    wrong = []
    for r in rules:
        markdown = run("rule", r["code"]).stdout
        for heading, should_report in (("会报告的写法", True), ("不会报告的写法", False)):
            for i, example in enumerate(_doc_examples(markdown, heading)):
                target = tmp_path / f"{r['code']}_{int(should_report)}_{i}.txt"
                target.write_text(example + "\n", encoding="utf-8")
                _, data = check_json("--select", r["code"], "--fail-on", "never", target)
                if (r["code"] in codes(data)) != should_report:
                    wrong.append((r["code"], heading, example))
    assert not wrong, wrong


# --------------------------------------------------------------------------- end to end


def _python_m(*args: str) -> subprocess.CompletedProcess[str]:
    drop = ("FORCE_COLOR", "CLICOLOR_FORCE", "COLUMNS")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run([sys.executable, "-m", "govlint", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=60, check=False)


def test_python_m_clean_exits_0() -> None:
    proc = _python_m("check", CLEAN)
    assert proc.returncode == 0, proc.stderr
    assert "未发现问题" in proc.stdout


def test_python_m_findings_exit_1_and_json() -> None:
    proc = _python_m("check", "--format", "json", ROW_TOTAL, FEE)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["summary"]["by_code"] == {"GL301": 1, "GL302": 1, "GL511": 1}


def test_python_m_usage_error_exits_2() -> None:
    proc = _python_m("check", "--select", "table3-row-totl", CLEAN)
    assert proc.returncode == 2
    assert 'did you mean "table3-row-total"' in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize(("flag", "value", "said"), [
    ("--ignore", "GL", "ignores every rule"), ("--ignore", "ALL", "ignores every rule"),
    ("--select", "GL", "only a code namespace"), ("--extend-select", "gl", "only a code namespace")])
def test_a_flag_selector_that_means_everything_or_nothing_is_refused(flag: str, value: str, said: str) -> None:
    result = run("check", EXAMPLES / "2023_clean.txt", flag, value)
    assert result.exit_code == 2 and f"govlint: {flag}: " in result.stderr and said in result.stderr


def test_select_all_and_prefixes_are_still_flags() -> None:
    assert run("check", EXAMPLES / "2023_clean.txt", "--select", "ALL").exit_code == 0
    assert run("check", EXAMPLES / "2023_clean.txt", "--select", "GL3", "--ignore", "GL301").exit_code == 0
