"""Output any console takes: under a GBK locale (redirected output on Chinese Windows) every
command and format writes GBK bytes, and the exit code is the one for the findings."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.cli import FORMAT_NAMES
from govlint.console import FALLBACKS, make_safe

pytestmark = pytest.mark.slow  # real tools in subprocesses: left out of `pytest -m "not slow"`

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DEFECT = EXAMPLES / "2023_defect_duplicate_paragraph.txt"  # a finding whose section path has ›
CLEAN = EXAMPLES / "2023_clean.txt"


def run_under(encoding: str, *args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUTF8", "CI", "GOVLINT_NO_PROGRESS")}
    env.update(PYTHONIOENCODING=encoding, GOVLINT_NO_PROGRESS="1")
    return subprocess.run([sys.executable, "-m", "govlint", *map(str, args)], capture_output=True, env=env,
                          cwd=cwd, timeout=600, check=False)


def gbk_text(data: bytes) -> str:
    return data.decode("gbk")  # raises if a byte sequence is not GBK


@pytest.mark.parametrize("fmt", [f for f in FORMAT_NAMES if f != "text"])
def test_check_writes_gbk_in_every_format_with_the_findings_exit_code(fmt: str) -> None:
    found = run_under("gbk", "check", DEFECT, "--format", fmt, "--fail-on", "warning")
    assert found.returncode == 1 and b"Traceback" not in found.stderr, found.stderr[-500:]
    text = gbk_text(found.stdout)
    assert "GL501" in text
    clean = run_under("gbk", "check", CLEAN, "--format", fmt, "--fail-on", "error")
    assert clean.returncode == 0 and b"Traceback" not in clean.stderr, clean.stderr[-500:]
    gbk_text(clean.stdout)


def test_govlints_own_symbols_get_a_plain_form() -> None:
    out = gbk_text(run_under("gbk", "check", DEFECT).stdout)
    assert "一、总体情况 > （四）平台建设" in out  # › in the section path


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_parse_writes_gbk(fmt: str) -> None:
    result = run_under("gbk", "parse", EXAMPLES / "2023_defect_blank_cell.txt", "--format", fmt)
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr[-500:]
    text = gbk_text(result.stdout)
    if fmt == "text":
        assert "（空）" in text  # ∅ marks the blank cell


def test_report_characters_gbk_lacks_are_replaced_not_fatal(tmp_path: Path) -> None:
    # a Kangxi-radical look-alike (as PDF text layers have) in the duplicated paragraph
    lines = DEFECT.read_text(encoding="utf-8").split("\n")
    lines[14] = lines[16] = lines[16].replace("优化", "优⼀化")
    report = tmp_path / "report.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    result = run_under("gbk", "check", report, "--fail-on", "warning")
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert "优?化" in gbk_text(result.stdout)


def test_ascii_console_still_gets_the_whole_output() -> None:
    result = run_under("ascii", "check", DEFECT, "--format", "concise", "--fail-on", "warning")
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert b"GL501" in result.stdout and result.stdout.isascii()


def test_utf8_streams_are_left_as_they_are() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    make_safe(stream)
    assert stream.errors == "strict"


def test_gbk_stream_replacements() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk")
    make_safe(stream)
    stream.write("三、收到 › （一） ∅ − һ 中")
    stream.flush()
    assert raw.getvalue().decode("gbk") == "三、收到 > （一） （空） - ? 中"
    for symbol, plain in FALLBACKS.items():
        plain.encode("gbk")  # every plain form is itself GBK
        assert symbol != plain
