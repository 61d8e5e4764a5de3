"""Format selection (2019 trial vs 2021) and the organ named in the title."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

from govlint.api import check_text
from govlint.config import Config
from govlint.formats import choose
from govlint.parser.organ import organ_of

T2_2019 = "信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n第二十条第（九）项\n政府集中采购 1 2"
T2_2021 = "信息内容 本年制发件数 本年废止件数 现行有效件数\n行政事业性收费 本年收费金额"


@pytest.mark.parametrize(
    ("text", "year", "pack", "notice"),
    [
        (T2_2021, 2023, "gov-2021", None),
        (T2_2019, 2020, "gov-2019", None),
        (T2_2019, 2019, "gov-2019", None),
        ("", 2021, "gov-2021", None),
        ("", 2020, "gov-2019", None),
        (T2_2019, 2023, "gov-2019", "GL010"),  # uses the old table: checked against it, one finding
        (T2_2021, 2020, "gov-2021", "GL010"),
        (T2_2019, None, "gov-2019", None),
        ("", None, "gov-2021", None),
        ("", 2017, "gov-2021", "GL011"),
        ("五、政府信息公开的收费及减免情况", None, "gov-2021", "GL011"),
    ],
)
def test_pack_choice(text: str, year: int | None, pack: str, notice: str | None) -> None:
    choice = choose(text, year)
    assert (choice.pack, choice.notice) == (pack, notice)


def test_one_marker_is_not_enough_to_override_the_year() -> None:
    assert choose("规章 本年新制作数量 1", 2023).pack == "gov-2021"


def test_pack_option_overrides_the_choice() -> None:
    text = (EXAMPLES / "2020_clean.txt").read_text(encoding="utf-8")
    assert check_text(text).format == "gov-2019"
    forced = check_text(text, config=Config(pack="gov-2021"))
    assert forced.format == "gov-2021"
    assert "GL010" not in {f.code for f in forced.findings}
    assert {"GL005", "GL003"} & {f.code for f in forced.findings}  # the 2021 table does not fit


def test_unsupported_year_gives_only_the_notice() -> None:
    text = (EXAMPLES / "2023_defect_unsupported_year.txt").read_text(encoding="utf-8")
    assert [f.code for f in check_text(text).findings] == ["GL011"]


@pytest.mark.parametrize(
    ("title", "name", "kind", "level"),
    [
        ("淮安市人民政府2024 年政府信息公开工作年度报告", "淮安市人民政府", "government", "prefecture"),
        ("洪泽区人民政府2023 年政府信息公开工作年度报告", "洪泽区人民政府", "government", "county"),
        ("舟山市公安局定海分局 2021年政府信息公开工作年度报告", "舟山市公安局定海分局", "department", "prefecture"),
        ("2024 年上海市科委政府信息公开工作年度报告", "上海市科委", "department", "province"),
        ("2025 年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", "department", "province"),
        ("平潭综合实验区2021年度政府信息公开工作年度报告", "平潭综合实验区", "government", "county"),
        ("青山市河东区市场监督管理局2023年政府信息公开工作年度报告", "青山市河东区市场监督管理局", "department", "county"),
        ("某镇人民政府2023年政府信息公开工作年度报告", "某镇人民政府", "government", "town"),
        ("某街道办事处2023年政府信息公开工作年度报告", "某街道办事处", "subdistrict", "town"),
        (None, None, None, None),
    ],
)
def test_organ_from_title(title: str | None, name: str | None, kind: str | None, level: str | None) -> None:
    organ = organ_of(title)
    assert (organ.name, organ.kind, organ.level) == (name, kind, level)
