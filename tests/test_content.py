"""Behaviour of the narrative, date and writing checks on small documents."""

from __future__ import annotations

import pytest

from govlint.api import check_text
from govlint.config import Config

T3 = ("三、收到和处理政府信息公开申请情况\n{sentence}\n一、本年新收政府信息公开申请数量 5 1 0 0 0 0 6\n"
      "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1\n")


def codes(text: str, *select: str) -> list[str]:
    return [f.code for f in check_text(text, config=Config(select=select)).findings]


@pytest.mark.parametrize(
    ("title", "sentence", "expected"),
    [
        ("某局", "全年共受理政府信息公开申请6件。", []),
        ("某局", "全年共受理政府信息公开申请9件。", ["GL601"]),
        ("某局", "全年共受理政府信息公开申请7件。", ["GL602"]),  # = new + carried over, not said
        ("某局", "全年共受理政府信息公开申请7件（含上年结转1件）。", []),
        ("某局", "全年共受理政府信息公开申请6件，答复7件（含上年结转1件）。", []),  # the parenthesis is the 答复's
        ("某局", "全市共受理政府信息公开申请90件。", ["GL602"]),  # a department speaking of the whole city
        ("某县人民政府", "县政府办受理政府信息公开申请3件。", ["GL602"]),  # the government office itself
        ("某县人民政府", "全县共受理政府信息公开申请9件。", ["GL601"]),
    ],
)
def test_received_count_against_the_table(title: str, sentence: str, expected: list[str]) -> None:
    text = f"{title}2023年政府信息公开工作年度报告\n" + T3.format(sentence=sentence)
    assert codes(text, "GL601", "GL602") == expected


def test_narrative_skips_cells_that_were_not_read() -> None:
    """1111103 cannot be split so that the row adds up: the row stays unread."""
    text = "三、收到和处理政府信息公开申请情况\n全年收到申请9件。\n一、本年新收政府信息公开申请数量1111103"
    assert codes(text, "GL601", "GL602") == []


def test_narrative_on_numbers_split_from_glued_digits_says_so() -> None:
    text = "三、收到和处理政府信息公开申请情况\n全年收到申请9件。\n一、本年新收政府信息公开申请数量640020470"
    [finding] = [f for f in check_text(text).findings if f.code == "GL601"]
    assert "70" in finding.message and "连在一起" in finding.message
    assert finding.evidence["inferred_rows"] == ["一、本年新收政府信息公开申请数量"]


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [("办结12件，予以公开3件（25%）。", False), ("办结12件，予以公开3件（25.0%）。", False),
     ("办结12件，予以公开3件（30%）。", True), ("办结12件，予以公开4件（33.3%）。", False),
     ("办结12件，予以公开4件（33.4%）。", False), ("办结12件，予以公开4件（33.5%）。", True)],
)
def test_percentages_allow_rounding_or_truncation(sentence: str, flagged: bool) -> None:
    assert bool(codes(f"三、收到和处理政府信息公开申请情况\n{sentence}", "GL603")) is flagged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("某局2023年政府信息公开工作年度报告\n统计期限为2023年1月1日至12月31日。", []),
        ("某局2023年政府信息公开工作年度报告\n统计期限为2022年1月1日至2022年12月31日。", ["GL701"]),
        ("某局2023年政府信息公开工作年度报告\n统计期限为2023年1月1日至2023年6月30日。", ["GL702"]),
        ("某局2023年政府信息公开工作年度报告\n于2023年13月1日发布。", ["GL704"]),
        ("某局2023年政府信息公开工作年度报告\n于2023年2月30日发布。", ["GL704"]),
    ],
)
def test_dates(text: str, expected: list[str]) -> None:
    assert codes(text, "GL701", "GL702", "GL704") == expected


@pytest.mark.parametrize(
    ("kind", "date", "expected"),
    [("局", "2024年1月31日", []), ("局", "2024年2月1日", ["GL705"]), ("县人民政府", "2024年3月31日", []),
     ("县人民政府", "2024年4月1日", ["GL705"]), ("镇人民政府", "2024年5月1日", []),
     ("局", "2023年12月20日", ["GL705"])],
)
def test_publication_deadline(kind: str, date: str, expected: list[str]) -> None:
    text = f"某{kind}2023年政府信息公开工作年度报告\n一、总体情况\n内容。\n某{kind}\n{date}"
    assert codes(text, "GL705") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一是甲。二是乙。三是丙。", []),
        ("一是甲。二是乙。一是丙。二是丁。", []),  # a second list
        ("一是甲。三是乙。", ["GL531"]),
        ("一是甲。二是乙。二是丙。", ["GL531"]),
        ("加强平台建设一是甲。二是乙。", []),  # 一是 glued to a sub-heading still starts the list
        ("坚持统一是关键。二是乙。", []),  # 统一是 is not a list marker, and 二是 alone starts nothing
    ],
)
def test_enumeration(text: str, expected: list[str]) -> None:
    assert codes("五、存在的主要问题及改进情况\n" + text, "GL531") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("加强资金资金管理。", ["GL530"]), ("常常开展检查，人人参与。", []), ("我县县政府高度重视。", []),
     ("公开的的信息。", ["GL530"]), ("研究研究再说。", [])],
)
def test_repeated_words(text: str, expected: list[str]) -> None:
    assert codes("一、总体情况\n" + text, "GL530") == expected
