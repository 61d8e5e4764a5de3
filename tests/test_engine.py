"""Engine and API: crash isolation, selection, languages, unreadable input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import EXAMPLES

from govlint import api
from govlint.config import Config, active_codes
from govlint.engine import run
from govlint.errors import UsageError
from govlint.kinds.base import Kind
from govlint.rulepack import Pack

ROW_TOTAL = (EXAMPLES / "2023_defect_table3_row_total.txt").read_text(encoding="utf-8")


class Boom(Kind):
    name = "boom"

    def check(self, doc):  # type: ignore[no-untyped-def]
        raise RuntimeError("kaput")


def test_a_crashing_rule_becomes_one_internal_error_and_others_still_run(pack: Pack, parse_text) -> None:  # type: ignore[no-untyped-def]
    rules = tuple(dataclasses.replace(r, kind=Boom()) if r.code == "GL301" else r for r in pack.rules)
    broken = dataclasses.replace(pack, rules=rules)
    findings = run(parse_text(ROW_TOTAL), broken, active_codes(broken, Config()), "zh")
    codes = [f.code for f in findings]
    assert codes.count("GL002") == 1
    assert "GL302" in codes and "GL301" not in codes
    internal = next(f for f in findings if f.code == "GL002")
    assert "GL301" in internal.message and "kaput" in internal.message


@pytest.mark.parametrize(
    ("select", "ignore", "present", "absent"),
    [
        ((), (), {"GL301", "GL302"}, set()),
        (("GL301",), (), {"GL301"}, {"GL302"}),
        (("GL3",), ("GL302",), {"GL301"}, {"GL302"}),
        (("table3-row-total",), (), {"GL301"}, {"GL302"}),
        ((), ("GL30",), set(), {"GL301", "GL302"}),
        ((), ("table3-result-total",), {"GL301"}, {"GL302"}),
    ],
)
def test_select_and_ignore(select, ignore, present, absent) -> None:  # type: ignore[no-untyped-def]
    codes = {f.code for f in api.check_text(ROW_TOTAL, config=Config(select=select, ignore=ignore)).findings}
    assert present <= codes
    assert not (absent & codes)


def test_unknown_selector_is_a_usage_error_with_suggestion(pack: Pack) -> None:
    with pytest.raises(UsageError, match='did you mean "table3-row-total"'):
        active_codes(pack, Config(select=("table3-row-totl",)))


def test_messages_in_both_languages() -> None:
    zh = api.check_text(ROW_TOTAL, config=Config(select=("GL301",))).findings[0]
    en = api.check_text(ROW_TOTAL, config=Config(select=("GL301",), lang="en")).findings[0]
    assert "应为 5" in zh.message and "报告为 6" in zh.message
    assert "should be 5" in en.message and "gives 6" in en.message
    assert (zh.row, zh.col, zh.expected, zh.found) == ("（一）予以公开", "总计", "5", "6")
    assert zh.section == "三、收到和处理政府信息公开申请情况"
    assert zh.source and "予以公开" in zh.source


def test_findings_are_sorted_and_deterministic() -> None:
    text = (EXAMPLES / "2023_defect_placeholder.txt").read_text(encoding="utf-8")
    first = api.check_text(text).findings
    assert first == api.check_text(text).findings
    assert list(first) == sorted(first, key=lambda f: f.sort_key())


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03" * 300, bytes(range(256)) * 8])
def test_unreadable_bytes_give_one_gl001_finding(data: bytes) -> None:
    result = api.check_bytes("broken.txt", data)
    assert [f.code for f in result.findings] == ["GL001"]
    assert result.findings[0].path == "broken.txt"


def test_unsupported_format_is_a_finding_not_a_crash() -> None:
    result = api.check_bytes("report.pdf", b"%PDF-1.7 ...")
    assert [f.code for f in result.findings] == ["GL001"]


def test_missing_file_is_a_finding(tmp_path: Path) -> None:
    result = api.check_path(tmp_path / "gone.txt")
    assert [f.code for f in result.findings] == ["GL001"]


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "skip.xlsx").write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "3.txt").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in api.iter_files([tmp_path])] == ["a.md", "b/2.txt"]


def test_gb18030_and_utf8_give_the_same_findings() -> None:
    utf8 = api.check_path(EXAMPLES / "2023_clean.txt")
    gbk = api.check_path(EXAMPLES / "2023_clean_gb18030.txt")
    assert [f.code for f in utf8.findings] == [f.code for f in gbk.findings] == []
    assert gbk.encoding == "gb18030"
