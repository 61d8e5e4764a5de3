"""Write the defect examples: each is 2023_clean.txt with one defect planted.

Run `python examples/derive.py` after editing 2023_clean.txt; the outputs are
checked in, and tests/golden/ holds govlint's JSON output for each of them.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
CLEAN = (HERE / "2023_clean.txt").read_text(encoding="utf-8")

# name → (old text, new text): one planted defect per example.
DEFECTS: dict[str, tuple[str, str]] = {
    # 表三 row total wrong: 4 + 1 = 5, report says 6.
    "defect_table3_row_total": ("（一）予以公开\t4\t1\t0\t0\t0\t0\t5", "（一）予以公开\t4\t1\t0\t0\t0\t0\t6"),
    # 表三 勾稽关系: carry-over changed, so 一 + 二 ≠ （七） + 四.
    "defect_table3_balance": ("四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1", "四、结转下年度继续办理\t2\t0\t0\t0\t0\t0\t2"),
    # 表四 复议总计 wrong.
    "defect_table4_total": ("1\t0\t0\t0\t1\t0\t0\t0\t1\t1", "1\t0\t0\t0\t2\t0\t0\t0\t1\t1"),
    # A blank 总计 cell (blank is not 0).
    "defect_blank_cell": ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t1\t0\t0\t0\t0\t0\t1",
                          "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t1\t0\t0\t0\t0\t0\t"),
    # Section 三 heading deleted.
    "defect_missing_section": ("三、收到和处理政府信息公开申请情况\n\n", ""),
    # Section 五 with a reworded title.
    "defect_section_title": ("五、存在的主要问题及改进情况", "五、存在问题及改进情况"),
    # Section 五 says nothing.
    "defect_section5_empty": (CLEAN[CLEAN.index("2023年，我局政府信息公开工作取得一定成效"):CLEAN.index("六、其他需要报告的事项")],
                              "无。\n\n"),
    # Section 六 is just 无 (no information-processing-fee statement).
    "defect_fee_missing": ("依据《政府信息公开信息处理费管理办法》，我局2023年未收取信息处理费。", "无。"),
    # A paragraph pasted twice.
    "defect_duplicate_paragraph": ("（四）平台建设。优化区政府门户网站本局栏目设置，新增“食品安全抽检”专栏，及时更新办事指南。\n",
                                   "（四）平台建设。优化区政府门户网站本局栏目设置，新增“食品安全抽检”专栏，及时更新办事指南。\n\n"
                                   "优化区政府门户网站本局栏目设置，新增“食品安全抽检”专栏，及时更新办事指南。\n"),
    # An item repeated with small edits (一是 … 四是 …).
    "defect_near_duplicate_item": ("三是加强业务培训，提高工作人员依法答复申请的能力。",
                                   "三是加强业务培训，提高工作人员依法答复申请的能力；"
                                   "四是丰富政策解读的形式，推出图解和短视频等解读。"),
    # Template residue.
    "defect_placeholder": ("如对本报告有疑问，请与青山市河东区市场监督管理局办公室联系。",
                           "如对本报告有疑问，请与XX区市场监督管理局办公室联系（具体网址）。"),
    # 表四 left out (only a sentence).
    "defect_table_missing": (CLEAN[CLEAN.index("行政复议\t\t\t\t\t行政诉讼"):CLEAN.index("五、存在的主要问题及改进情况")],
                             "本年度发生行政复议1件，行政诉讼1件。\n\n"),
    # 表三 cells run together (as in web-page text dumps): not readable, no arithmetic.
    "defect_glued_table": ("一、本年新收政府信息公开申请数量\t9\t2\t0\t0\t1\t0\t12", "一、本年新收政府信息公开申请数量9200101 2"),
    # The text contradicts 表三 (15 received, the table says 12).
    "defect_narrative_mismatch": ("全年收到政府信息公开申请12件", "全年收到政府信息公开申请15件"),
    # A share that 4 / 12 does not give.
    "defect_percentage": ("无法提供4件（33.3%）", "无法提供4件（35.3%）"),
    # "All handled" while one request is carried forward.
    "defect_all_handled": ("均在法定期限内答复。", "所有申请均已办结。"),
    # The opening year of 总体情况 is last year's (copied text).
    "defect_stale_year": ("2023年，我局深入贯彻《条例》", "2022年，我局深入贯彻《条例》"),
    # A year glued to the month.
    "defect_malformed_date": ("自2023年1月1日起", "自20231月1日起"),
    # A department's report dated after 31 January.
    "defect_late_publication": ("2024年1月18日", "2024年3月5日"),
    # The format notice cited with the wrong brackets.
    "defect_citation": ("国办公开办函〔2021〕30号", "国办公开办函【2021】30号"),
    # A count word without its number.
    "defect_missing_number": ("主动公开政府信息326条", "主动公开政府信息  条"),
    # The format's instruction copied into the report.
    "defect_instructions": ("（一）主动公开。", "这一项报告本机关政府信息公开工作总体情况。\n\n（一）主动公开。"),
    # A word typed twice.
    "defect_repeated_word": ("规范依申请公开受理、审查、答复流程", "规范依申请公开受理、审查审查、答复流程"),
    # 一是, 二是, 四是.
    "defect_enumeration": ("三是加强业务培训", "四是加强业务培训"),
    # 总体情况's sub-topics numbered with top-level numerals.
    "defect_renumbered": ("（一）主动公开。", "一、主动公开\n"),
    # "five parts" in the opening.
    "defect_declared_count": ("其他需要报告的事项六个部分", "其他需要报告的事项五个部分"),
    # "工作报告" instead of "工作年度报告".
    "defect_title": ("2023年政府信息公开工作年度报告", "2023年政府信息公开工作报告"),
    # The 2019 row label in the 2021 table.
    "defect_old_label": ("行政规范性文件\t2\t1\t9", "规范性文件\t2\t1\t9"),
    # A count with a decimal.
    "defect_count_decimal": ("行政处罚\t97", "行政处罚\t97.5"),
    # The fee entered in 元 in the 万元 column.
    "defect_fee_in_yuan": ("行政事业性收费\t0", "行政事业性收费\t125000元"),
    # A remark written into a number cell.
    "defect_cell_remark": ("行政规范性文件\t2\t1\t9", "行政规范性文件\t2（其中修订1件）\t1\t9"),
    # A 2023 report that still uses the 2019 trial format's 表二.
    "defect_format_mismatch": (CLEAN[CLEAN.index("第二十条第（一）项"):CLEAN.index("三、收到和处理政府信息公开申请情况")],
                               "第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n"
                               "规范性文件\t2\t2\t9\n第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
                               "行政许可\t40\t1\t1862\n其他对外管理服务事项\t5\t0\t120\n第二十条第（六）项\n"
                               "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政处罚\t110\t2\t97\n行政强制\t10\t0\t15\n"
                               "第二十条第（八）项\n信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t0\t0\n"
                               "第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t2\t30.5\n\n"),
    # A report for 2018 (before the national format): one notice, nothing else checked.
    "defect_unsupported_year": ("2023年政府信息公开工作年度报告", "2018年政府信息公开工作年度报告"),
}

# The same report as a county people's government: the government-only requirements apply.
GOVERNMENT = (CLEAN.replace("青山市河东区市场监督管理局", "青山市河东区人民政府").replace("我局", "我区")
              .replace("（五）监督保障。将政府信息公开工作纳入年度绩效考核，组织业务培训2次，接受社会监督。",
                       "（五）监督保障。将政府信息公开工作纳入年度绩效考核，开展社会评议，全年未发生责任追究情形。")
              .replace("2024年1月18日", "2024年3月20日"))
GOVERNMENT_DEFECTS: dict[str, tuple[str, str]] = {
    # 工作考核、社会评议和责任追究 not reported (条例 第五十条（四）).
    "government_defect_accountability": ("将政府信息公开工作纳入年度绩效考核，开展社会评议，全年未发生责任追究情形。",
                                         "组织业务培训2次，接受社会监督。"),
    # A county government reporting regulations (only provinces and cities make 规章).
    "government_defect_regulation": ("规章\t0\t0\t0", "规章\t1\t0\t1"),
}


def main() -> None:
    """Write every defect example next to the clean report."""
    for base, defects in ((CLEAN, DEFECTS), (GOVERNMENT, GOVERNMENT_DEFECTS)):
        for name, (old, new) in defects.items():
            assert base.count(old) == 1, name
            (HERE / f"2023_{name}.txt").write_text(base.replace(old, new, 1), encoding="utf-8")
    (HERE / "2023_clean_government.txt").write_text(GOVERNMENT, encoding="utf-8")
    # The clean report saved as GB18030 (Chinese Windows): same findings as UTF-8.
    (HERE / "2023_clean_gb18030.txt").write_bytes(CLEAN.encode("gb18030"))


if __name__ == "__main__":
    main()
