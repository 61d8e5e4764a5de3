"""Parser stages on the layouts seen in real reports (synthetic text modelled on them)."""

from __future__ import annotations

import pytest

from govlint.document import RowStatus, TableStatus
from govlint.parser.headings import chinese_ordinal
from govlint.parser.lines import logical_lines

T3_LABELS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
    "7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
    "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
    "四、结转下年度继续办理",
]
ROW_IDS = [f"r{i}" for i in range(1, 26)]


def values(i: int) -> list[int]:
    """Distinct, recognisable numbers per row: row i → [i, 0, 0, 0, 0, 0, i]."""
    return [i, 0, 0, 0, 0, 0, i]


def t3_lines(sep: str = " ") -> list[str]:
    return [f"{label}{sep}{sep.join(map(str, values(i)))}" for i, label in enumerate(T3_LABELS, 1)]


def cells(table, row_id):  # type: ignore[no-untyped-def]
    row = table.row(row_id)
    assert row.status == RowStatus.OK, (row_id, row.problem)
    return [c.value for c in row.cells]


@pytest.mark.parametrize(("text", "n"), [("一", 1), ("五", 5), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("", 0)])
def test_chinese_ordinals(text: str, n: int) -> None:
    assert chinese_ordinal(text) == n


def test_page_furniture_markdown_and_archive_headers_are_removed(pack) -> None:  # type: ignore[no-untyped-def]
    text = "标题: 某区2023年政府信息公开工作年度报告\n发布时间: 2024-01-20\n==== 正文 ====\n## 一、总体情况\n- 3 -\n|---|---|\n正文内容。\n第 2 页\n"
    lines = logical_lines(text, pack.template)
    assert [ll.text for ll in lines.lines] == ["一、总体情况", "正文内容。"]
    assert lines.meta["标题"] == "某区2023年政府信息公开工作年度报告"
    assert lines.lines[0].line == 4 and lines.lines[0].col == 4
    assert lines.dropped == 2


def test_one_line_web_dump_is_split_at_section_headings(parse_text) -> None:  # type: ignore[no-untyped-def]
    body = ("当前位置：首页 本报告包括总体情况、主动公开政府信息情况等六个部分。一、总体情况2023年，我区主动公开信息100条。"
            "二、主动公开政府信息情况 第二十条第（一）项 三、收到和处理政府信息公开申请情况 本年收到申请3件。"
            "四、政府信息公开行政法复议、行政诉讼情况 无。五、存在的主要问题及改进情况 一是公开不够及时。"
            "六、其他需要报告的事项 本年度未收取信息处理费。")
    doc = parse_text(body)
    assert [s.template_id for s in doc.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert doc.sections[3].title == "政府信息公开行政法复议、行政诉讼情况"  # typo kept, matched by key words
    assert doc.sections[0].pos.line == 1 and doc.sections[0].pos.col > 1


def test_table_rows_numbered_like_sections_are_not_headings(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("三、收到和处理政府信息公开申请情况\n" + "\n".join(t3_lines()) + "\n四、政府信息公开行政复议、行政诉讼情况\n无")
    assert [s.number for s in doc.sections] == ["三", "四"]


def test_numbering_restart_under_unknown_title_is_not_a_new_section(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("一、总体情况\n概述。\n二、主动公开政府信息情况\n一、加强组织领导\n内容。\n三、收到和处理政府信息公开申请情况\n")
    assert [s.number for s in doc.sections] == ["一", "二", "三"]


def test_paragraphs_rejoin_across_page_breaks_and_hard_wraps(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("一、总体情况\n2023年，我局坚持以公开为常态，把与群众关系\n\n- 1 -\n最密切的事项延伸到基层。\n第二段。\n")
    paras = list(doc.sections[0].paragraphs())
    assert [p.text for p in paras] == ["2023年，我局坚持以公开为常态，把与群众关系最密切的事项延伸到基层。", "第二段。"]
    assert paras[0].lines == (2, 5)
    assert paras[0].pos_at(paras[0].text.index("最密切")).line == 5


def test_subsections_and_enumerated_items(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("一、总体情况\n（三）完善监督保障。一是办理申请。二是发布信息。三是回应关切。\n")
    sub = next(doc.sections[0].subsections())
    assert (sub.number, sub.title) == ("（三）", "完善监督保障")
    para = next(sub.paragraphs())
    assert [i.marker for i in para.items] == ["一是", "二是", "三是"]
    assert [i.text for i in para.items] == ["办理申请。", "发布信息。", "回应关切。"]
    assert para.items[1].pos.col == para.pos.col + para.text.index("二是")


@pytest.mark.parametrize(
    ("title_lines", "title"),
    [
        (["某市人民政府", "2023 年政府信息公开工作年度报告"], "某市人民政府2023 年政府信息公开工作年度报告"),
        (["正文", "2024 年某市科委政府信息公开工作", "年度报告"], "2024 年某市科委政府信息公开工作年度报告"),
        (["# 某县人民政府 2025 年 政府信息公开工作年度报告", "某县人民政府", "(2026年1月23日)"],
         "某县人民政府 2025 年 政府信息公开工作年度报告"),
    ],
)
def test_title_and_year(parse_text, title_lines: list[str], title: str) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("\n".join(title_lines) + "\n一、总体情况\n内容。")
    assert doc.title == title
    assert doc.year == int([c for c in title.split("年")[0].split() if c][-1][-4:])


def test_year_from_statistical_period_when_title_has_none(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("某局政府信息公开工作年度报告\n本报告所列数据统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况\n")
    assert (doc.year, doc.year_source) == (2022, "period")


@pytest.mark.parametrize("sep", [" ", "\t", " | "])
def test_table3_rows_in_separated_layouts(parse_text, sep: str) -> None:  # type: ignore[no-untyped-def]
    lines = t3_lines(sep)
    if sep == " | ":
        lines = [f"| {line} |" for line in lines]
    doc = parse_text("三、收到和处理政府信息公开申请情况\n" + "\n".join(lines))
    table = doc.tables["t3"]
    assert table.status == TableStatus.OK
    for i, row_id in enumerate(ROW_IDS, 1):
        assert cells(table, row_id) == values(i)


def test_table3_numbers_beside_wrapped_labels_pdf_layout(parse_text) -> None:  # type: ignore[no-untyped-def]
    # PDF text: a long label wraps; its numbers land on their own line, above or below.
    lines = t3_lines()
    lines[3] = "（二）部分公开（区分处理的，只计这一情\n4 0 0 0 0 0 4\n形，不计其他情形）\n5 0 0 0 0 0 5"
    lines[4] = "1.属于国家秘密"
    lines[19] = "5.要求行政机关确认或重新出\n20 0 0 0 0 0 20\n具已获取信息"
    doc = parse_text("三、收到和处理政府信息公开申请情况\n" + "\n".join(lines))
    table = doc.tables["t3"]
    assert cells(table, "r4") == values(4)
    assert cells(table, "r5") == values(5)
    assert cells(table, "r20") == values(20)
    assert table.status == TableStatus.OK


def test_table3_one_cell_per_line(parse_text) -> None:  # type: ignore[no-untyped-def]
    lines = [f"{label}\n|\n" + "\n|\n".join(map(str, values(i))) for i, label in enumerate(T3_LABELS, 1)]
    doc = parse_text("三、收到和处理政府信息公开申请情况\n" + "\n".join(lines))
    assert cells(doc.tables["t3"], "r1") == values(1)
    assert cells(doc.tables["t3"], "r25") == values(25)


def test_glued_digits_are_ambiguous_never_guessed(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000")
    table = doc.tables["t3"]
    r1 = table.row("r1")
    assert r1.status == RowStatus.AMBIGUOUS and r1.cell("c1") is None
    assert [c.raw for c in r1.cells] == ["640020470"]  # kept as written, for govlint.infer
    assert r1.problem is not None and r1.problem.text == "640020470"
    assert table.row("r2").status == RowStatus.AMBIGUOUS


def test_short_row_without_separators_for_blanks_is_ambiguous(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 5 0 0 0 5")
    row = doc.tables["t3"].row("r1")
    assert row.status == RowStatus.AMBIGUOUS
    assert (row.problem.found, row.problem.expected) == (5, 7)


def test_blank_cells_stay_blank_in_tab_and_pipe_layouts(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("三、收到和处理政府信息公开申请情况\n（一）予以公开\t258\t12\t\t\t1\t1\t\n"
                     "| （七）总计 | 5 | 0 |  | 0 | 0 | 0 | 5 |")
    r3 = doc.tables["t3"].row("r3")
    assert [c.state.value for c in r3.cells] == ["number", "number", "blank", "blank", "number", "number", "blank"]
    assert r3.cells[2].value is None
    assert [c.value for c in doc.tables["t3"].row("r24").cells] == [5, 0, None, 0, 0, 0, 5]


def test_rows_moved_out_of_order_are_still_found(parse_text) -> None:  # type: ignore[no-untyped-def]
    text = ("二、主动公开政府信息情况\n第二十条第（五）项\n行政许可 97\n第二十条第（六）项\n行政处罚 3\n行政强制 1\n"
            "第二十条第（八）项\n行政事业性收费 0\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 13 | 0 | 55 |")
    table = parse_text(text).tables["t2"]
    assert table.status == TableStatus.OK
    assert cells(table, "licensing") == [97]
    assert cells(table, "normative") == [13, 0, 55]


def test_2019_single_other_row_stands_in_for_three_rows(parse_text) -> None:  # type: ignore[no-untyped-def]
    lines = t3_lines()
    lines[20:23] = ["（六）其他处理 21 0 0 0 0 0 21"]
    table = parse_text("三、收到和处理政府信息公开申请情况\n" + "\n".join(lines)).tables["t3"]
    assert table.row("r21_23").status == RowStatus.OK
    assert table.row("r21").status == RowStatus.MISSING
    assert table.status == TableStatus.OK


def test_table4_values_split_over_three_small_tables(parse_text) -> None:  # type: ignore[no-untyped-def]
    text = ("四、政府信息公开行政复议、行政诉讼情况\n### 行政复议\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
            "|---|---|---|---|---|\n| 27 | 10 | 9 | 15 | 61 |\n### 行政诉讼（未经复议直接起诉）\n| 结果维持 | 总计 |\n"
            "| 3 | 0 | 0 | 0 | 3 |\n### 行政诉讼（复议后起诉）\n| 8 | 0 | 1 | 1 | 10 |\n")
    table = parse_text(text).tables["t4"]
    assert cells(table, "v") == [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10]


def test_table4_prose_numbers_are_not_table_values(parse_text) -> None:  # type: ignore[no-untyped-def]
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n"
            "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n注：本年度共 2 件。\n")
    assert cells(parse_text(text).tables["t4"], "v") == [1, 0, 0, 0, 1] + [0] * 10


def test_absent_table(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("四、政府信息公开行政复议、行政诉讼情况\n本年度发生行政复议1件，行政诉讼1件。\n")
    assert doc.tables["t4"].status == TableStatus.ABSENT


def test_table_text_is_not_a_paragraph(parse_text) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("三、收到和处理政府信息公开申请情况\n本年度收到申请若干。\n" + "\n".join(t3_lines()) + "\n表后说明。")
    texts = [p.text for p in doc.sections[0].paragraphs()]
    assert texts == ["本年度收到申请若干。", "表后说明。"]
