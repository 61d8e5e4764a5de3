"""Hostile text for the parser and the rule kinds (from the fuzz campaign's reproducers, rebuilt
here): each ends in findings, never GL002. How long each takes is measured in
benchmarks/bench_hostile.py, not asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.api import check_bytes
from govlint.findings import FileResult

ROOT = Path(__file__).resolve().parent.parent
PERCENT = (ROOT / "examples" / "2023_defect_percentage.txt").read_text(encoding="utf-8")
N = 20_000
HOSTILE = {
    "blank line of spaces": " " * (5 * N),
    "spaces then text": " " * (5 * N) + "正文",
    "body marker after spaces": " " * N + "== 正 文 ==",
    "markdown rule after spaces": " " * N + "x",
    "dashes then spaces": "---" + " " * N + "x",
    "headings on one line": "一、总体情况" * (N // 6),
    "headings with tails": "一、总体情况" + "说明文字" * 5 + "二、主动公开政府信息情况" * (N // 12),
    "digits and spaces": "1 " * N,
    "tabs of zeros": "\t0" * N,
    "ideographic spaces": "\u3000" * N + "一、总体情况",
    "open brackets": "（" * N,
    "percent fragments": "1件（" * (N // 3),
}


def no_internal_error(result: FileResult) -> None:
    assert isinstance(result, FileResult)
    assert not [f for f in result.findings if f.code == "GL002"], [f.message for f in result.findings]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_is_checked(name: str) -> None:
    no_internal_error(check_bytes("report.txt", HOSTILE[name].encode("utf-8")))


def test_a_percentage_with_thirty_decimals_is_compared_not_a_crash() -> None:
    text = PERCENT.replace("35.3%", "35.3" + "0" * 30 + "1%")
    assert text != PERCENT
    result = check_bytes("report.txt", text.encode("utf-8"))
    no_internal_error(result)
    share = [f for f in result.findings if f.code == "GL603"]
    assert len(share) == 1 and share[0].expected == "33.333333%"


def test_a_percentage_with_a_few_decimals_keeps_its_precision() -> None:
    result = check_bytes("report.txt", PERCENT.encode("utf-8"))
    assert [f.expected for f in result.findings if f.code == "GL603"] == ["33.3%"]
