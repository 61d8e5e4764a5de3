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
}


def main() -> None:
    """Write every defect example next to the clean report."""
    for name, (old, new) in DEFECTS.items():
        assert CLEAN.count(old) == 1, name
        (HERE / f"2023_{name}.txt").write_text(CLEAN.replace(old, new), encoding="utf-8")
    # The clean report saved as GB18030 (Chinese Windows): same findings as UTF-8.
    (HERE / "2023_clean_gb18030.txt").write_bytes(CLEAN.encode("gb18030"))


if __name__ == "__main__":
    main()
