"""A synthetic archive of annual reports for batch benchmarks and tests (seeded, reproducible).

`python benchmarks/archive.py OUT --reports 10000` writes OUT/<city>/<organ>/<year>.<ext>:
organs reporting for consecutive years (2021…), in text (most), HTML, Word and Markdown, with
numbers that balance and years that connect — except for planted defects, listed in
OUT/MANIFEST.json: a row total off by one, a broken carry-over, a missing section, a missing
fee statement, prose copied from another organ's report.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

CITIES = ["青山市", "临川市", "江宁市", "云溪市", "白石市", "南岭市", "北湖市", "东坪市", "西岭市", "金川市", "玉泉市", "宁远市"]
DISTRICTS = ["河东区", "河西区", "城南区", "城北区", "高新区", "滨江区", "长宁县", "安平县", "永和县", "平川县",
             "清源县", "石门县", "丰乐县", "柳林县", "新城区", "开发区"]
DEPARTMENTS = ["人民政府", "发展和改革局", "教育局", "民政局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "市场监督管理局", "统计局", "医疗保障局"]
YEARS = (2021, 2022, 2023, 2024)
FORMATS = (("txt", 70), ("html", 20), ("docx", 5), ("md", 5))
DEFECTS = {"row_total": 0.04, "carry": 0.03, "missing_section": 0.02, "fee_missing": 0.03, "copied": 0.02}

# Prose is assembled from interchangeable phrases, so that two reports rarely share sentences.
OPENINGS = ["深入贯彻《条例》", "认真落实上级关于政务公开的部署", "坚持以公开为常态、不公开为例外", "围绕中心工作推进政务公开",
            "把政务公开纳入重要议事日程", "健全政务公开工作机制", "持续深化政务公开标准化规范化建设", "以群众需求为导向"]
FOCUS = ["优化营商环境", "乡村振兴", "教育公平", "生态环境保护", "城市更新", "民生保障", "安全生产", "数字政府建设",
         "医疗保障", "就业创业", "交通出行", "食品安全", "住房保障", "文化惠民", "养老服务", "防灾减灾"]
CHANNELS = ["政府门户网站", "政务新媒体", "政府公报", "新闻发布会", "政务服务大厅", "公开查阅点", "微信公众号", "便民服务热线"]
ACTIONS = ["完善公开目录", "规范发布流程", "加强保密审查", "更新公开指南", "清理历史文件", "开展业务培训", "建立协调机制",
           "强化栏目管理", "推进政策解读", "回应社会关切", "开展自查整改", "加强考核评议"]
PROBLEMS = ["政策解读形式较为单一", "部分栏目更新不够及时", "公开内容的针对性有待提高", "依申请公开答复质量有待提升",
            "基层政务公开标准化建设推进不够平衡", "信息发布审核把关需要加强", "公开平台集约化程度不高", "公众参与渠道不够丰富"]
MEASURES = ["丰富解读形式，推出图解和短视频", "建立栏目更新提醒机制", "加强业务培训，提高答复规范性", "完善信息发布三审制度",
            "推进基层公开事项标准目录落地", "整合公开平台，提升集约化水平", "拓展公众参与渠道", "健全考核评议和责任追究机制"]


@dataclass
class Report:
    """One report's content."""

    organ: str
    year: int
    t2: dict[str, list[int]]
    t3: dict[str, list[int]]
    t4: list[int]
    paragraphs: dict[str, list[str]]
    defects: list[str] = field(default_factory=list)


T3_ROWS = [f"r{k}" for k in range(1, 26)]
RESULTS = [f"r{k}" for k in range(3, 24)]
T3_LABELS = {
    "r1": ["一、本年新收政府信息公开申请数量"], "r2": ["二、上年结转政府信息公开申请数量"],
    "r3": ["三、本年度办理结果", "（一）予以公开"], "r4": ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    "r5": ["", "（三）不予公开", "1.属于国家秘密"], "r6": ["", "", "2.其他法律行政法规禁止公开"],
    "r7": ["", "", "3.危及“三安全一稳定”"], "r8": ["", "", "4.保护第三方合法权益"], "r9": ["", "", "5.属于三类内部事务信息"],
    "r10": ["", "", "6.属于四类过程性信息"], "r11": ["", "", "7.属于行政执法案卷"], "r12": ["", "", "8.属于行政查询事项"],
    "r13": ["", "（四）无法提供", "1.本机关不掌握相关政府信息"], "r14": ["", "", "2.没有现成信息需要另行制作"],
    "r15": ["", "", "3.补正后申请内容仍不明确"], "r16": ["", "（五）不予处理", "1.信访举报投诉类申请"],
    "r17": ["", "", "2.重复申请"], "r18": ["", "", "3.要求提供公开出版物"], "r19": ["", "", "4.无正当理由大量反复申请"],
    "r20": ["", "", "5.要求行政机关确认或重新出具已获取信息"],
    "r21": ["", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    "r22": ["", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"], "r23": ["", "", "3.其他"],
    "r24": ["", "（七）总计"], "r25": ["四、结转下年度继续办理"],
}
HEADINGS = {"s1": "一、总体情况", "s2": "二、主动公开政府信息情况", "s3": "三、收到和处理政府信息公开申请情况",
            "s4": "四、政府信息公开行政复议、行政诉讼情况", "s5": "五、存在的主要问题及改进情况", "s6": "六、其他需要报告的事项"}


def make_t3(rng: random.Random, carry_in: list[int]) -> dict[str, list[int]]:
    """Balanced 表三 whose 上年结转 row is `carry_in` (six applicant columns)."""
    rows = {rid: [0] * 6 for rid in RESULTS}
    for rid in rng.sample(RESULTS, rng.randint(2, 6)):
        rows[rid] = [rng.choice((0, 0, 1, 2, 3, 5, 8, 13, 40)) if c < 2 else rng.choice((0, 0, 0, 1)) for c in range(6)]
    r24 = [sum(rows[r][c] for r in RESULTS) for c in range(6)]
    r25 = [rng.choice((0, 0, 0, 1, 2)) if c < 2 else 0 for c in range(6)]
    r25 = [min(v, r24[c] + carry_in[c] + 5) for c, v in enumerate(r25)]
    r1 = [r24[c] + r25[c] - carry_in[c] for c in range(6)]
    if any(v < 0 for v in r1):  # carried-in requests exceed what was handled: handle more
        extra = [max(0, -v) for v in r1]
        rows["r3"] = [a + b for a, b in zip(rows["r3"], extra, strict=True)]
        r24 = [a + b for a, b in zip(r24, extra, strict=True)]
        r1 = [r24[c] + r25[c] - carry_in[c] for c in range(6)]
    values = {"r1": r1, "r2": list(carry_in), **rows, "r24": r24, "r25": r25}
    return {rid: [*v, sum(v)] for rid, v in values.items()}


CLAUSES = [f"{verb}{thing}" for verb in ("持续", "着力", "进一步", "扎实", "全面", "稳步", "不断", "切实")
           for thing in ACTIONS + [f"做好{f}信息公开" for f in FOCUS] + [f"用好{c}" for c in CHANNELS]]


PLACE_CHARS = "东西南北安平永兴华新丰长乐清河石桥柳溪枫林云山金沙白鹤青龙双塘"


def _clauses(rng: random.Random) -> str:
    """A run of clauses picked from a large pool, and a place or event of this report's own
    (real reports name their own villages, projects and meetings): two reports rarely share a run."""
    place = "".join(rng.sample(PLACE_CHARS, 3))
    clauses = rng.sample(CLAUSES, rng.randint(3, 5))
    clauses.insert(rng.randrange(len(clauses)), f"在{place}{rng.choice(('村', '社区', '街道', '园区'))}开展{rng.choice(FOCUS)}专题公开")
    return "，".join(clauses)


def make_report(rng: random.Random, organ: str, year: int, carry_in: list[int], valid: list[int]) -> Report:
    """One consistent report."""
    t3 = make_t3(rng, carry_in)
    made = [0, rng.randint(0, 6)]
    repealed = [0, rng.randint(0, min(2, valid[1] + made[1]))]
    t2 = {"rules": [made[0], repealed[0], valid[0]],
          "normative": [made[1], repealed[1], valid[1] + made[1] - repealed[1]]}
    t2 |= {"licensing": [rng.randint(0, 3000)], "penalty": [rng.randint(0, 400)], "coercion": [rng.randint(0, 50)],
           "fees": [0]}
    t4: list[int] = []
    for _ in range(3):
        parts = [rng.choice((0, 0, 0, 1, 2)) for _ in range(4)]
        t4 += [*parts, sum(parts)]
    received, carried = t3["r1"][6], t3["r2"][6]
    focus = rng.sample(FOCUS, 2)
    s1 = [f"{year}年，{organ}{rng.choice(OPENINGS)}，围绕{focus[0]}和{focus[1]}等重点工作，{_clauses(rng)}。",
          f"（一）主动公开。通过{rng.choice(CHANNELS)}和{rng.choice(CHANNELS)}主动公开政府信息{rng.randint(50, 900)}条，"
          f"重点公开{rng.choice(FOCUS)}、{rng.choice(FOCUS)}领域信息，{_clauses(rng)}。",
          f"（二）依申请公开。全年收到政府信息公开申请{received}件，上年结转{carried}件，均在法定期限内答复。"
          f"{_clauses(rng)}。",
          f"（三）政府信息管理。{_clauses(rng)}，落实公开属性源头认定制度。",
          f"（四）平台建设。优化{rng.choice(CHANNELS)}栏目设置，{_clauses(rng)}。",
          f"（五）监督保障。将政务公开纳入年度绩效考核，开展社会评议，落实责任追究制度，组织培训{rng.randint(1, 6)}次，"
          f"{_clauses(rng)}。"]
    problems = rng.sample(PROBLEMS, 2)
    measures = rng.sample(MEASURES, 3)
    s5 = [f"{year}年，{organ}政府信息公开工作仍存在{problems[0]}、{problems[1]}等问题。"
          f"下一步将采取以下措施：一是{measures[0]}；二是{measures[1]}；三是{measures[2]}。"]
    s6 = [f"依据《政府信息公开信息处理费管理办法》，{organ}{year}年未收取信息处理费。"]
    return Report(organ, year, t2, t3, t4, {"s1": s1, "s5": s5, "s6": s6})


def text_of(report: Report, markdown: bool = False) -> str:
    """The report as text (tab-separated tables; Markdown headings and pipe tables if asked)."""
    organ, year = report.organ, report.year
    lines = [f"{'# ' if markdown else ''}{organ}{year}年政府信息公开工作年度报告", "",
             f"本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
             f"（国办公开办函〔2021〕30号）编制。报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。", ""]
    for sid, heading in HEADINGS.items():
        if sid in report.paragraphs.get("_missing", []):
            continue
        lines += [f"{'## ' if markdown else ''}{heading}", ""]
        lines += [line for p in report.paragraphs.get(sid, []) for line in (p, "")]
        rows = table_rows(report, sid)
        if rows:
            lines += [_row(r, markdown) for r in rows] + [""]
            if markdown:
                width = max(len(r) for r in rows)
                lines.insert(len(lines) - len(rows), "|" + "---|" * width)
    return "\n".join(lines)


def _row(cells: list[str], markdown: bool) -> str:
    return ("| " + " | ".join(cells) + " |") if markdown else "\t".join(cells)


def table_rows(report: Report, sid: str) -> list[list[str]]:
    """The rows of the section's table, as cells."""
    if sid == "s2":
        t2 = report.t2
        return [["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                ["规章", *map(str, t2["rules"])], ["行政规范性文件", *map(str, t2["normative"])],
                ["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", str(t2["licensing"][0])],
                ["第二十条第（六）项"], ["信息内容", "本年处理决定数量"], ["行政处罚", str(t2["penalty"][0])],
                ["行政强制", str(t2["coercion"][0])], ["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"],
                ["行政事业性收费", str(t2["fees"][0])]]
    if sid == "s3":
        head = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
                ["", "自然人", "法人或其他组织", "", "", "", "", "总计"],
                ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
        return head + [[*T3_LABELS[rid], *map(str, report.t3[rid])] for rid in T3_ROWS]
    if sid == "s4":
        head = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        return [["行政复议", "", "", "", "", "行政诉讼"], [*head, "未经复议直接起诉", "", "", "", "", "复议后起诉"],
                ["", "", "", "", "", *head, *head], list(map(str, report.t4))]
    return []


def html_of(report: Report) -> str:
    """The report as a web page (site chrome around the article, real tables)."""
    import html

    parts = [f"<h1>{html.escape(report.organ)}{report.year}年政府信息公开工作年度报告</h1>"]
    for block in text_of(report).split("\n\n")[1:]:
        lines = [ln for ln in block.split("\n") if ln]
        if any("\t" in ln for ln in lines) or (len(lines) > 1 and lines[0].startswith("第二十条")):
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c) or '&nbsp;'}</td>" for c in ln.split("\t")) + "</tr>"
                           for ln in lines)
            parts.append(f"<table border=1>{rows}</table>")
        else:
            parts += [f"<p>{html.escape(ln)}</p>" for ln in lines]
    article = "\n".join(parts)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(report.organ)}</title></head><body>"
            f"<div class=nav><a href=/>首页</a> <a href=/zwgk>政务公开</a></div><div class=crumb>当前位置：首页 &gt; 年度报告</div>"
            f"<div class=article>{article}</div><div class=footer>主办单位：{html.escape(report.organ)} 网站标识码 0000000000"
            f"</div></body></html>")


def docx_of(report: Report) -> bytes:
    """The report as a Word document."""
    import io

    import docx

    document = docx.Document()
    for block in text_of(report).split("\n\n"):
        lines = [ln for ln in block.split("\n") if ln]
        if lines and any("\t" in ln for ln in lines):
            rows = [ln.split("\t") for ln in lines]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for i, cells in enumerate(rows):
                for j, cell in enumerate(cells):
                    table.cell(i, j).text = cell
        else:
            for ln in lines:
                document.add_paragraph(ln)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plant(rng: random.Random, report: Report, defect: str, donor: Report | None) -> None:
    """Put one defect into a report."""
    report.defects.append(defect)
    if defect == "row_total":
        report.t3["r3"][6] += 1
    elif defect == "carry":
        report.t3["r2"][0] += 1
        report.t3["r2"][6] += 1
        report.t3["r1"][0] = max(0, report.t3["r1"][0] - 1)  # keeps the row balanced…
        report.t3["r1"][6] = sum(report.t3["r1"][:6])  # …and the table, but not last year's carry-over
        if report.t3["r1"][0] + report.t3["r2"][0] != report.t3["r24"][0] + report.t3["r25"][0]:
            report.t3["r1"][0] += 1
            report.t3["r1"][6] += 1
            report.defects[-1] = "carry+balance"
    elif defect == "missing_section":
        report.paragraphs["_missing"] = ["s5"]
    elif defect == "fee_missing":
        report.paragraphs["s6"] = ["无。"]
    elif defect.startswith("copied") and donor is not None:
        report.paragraphs = {k: [p.replace(donor.organ, report.organ) for p in v] for k, v in donor.paragraphs.items()}


def generate(out: Path, reports: int, seed: int = 2026) -> dict[str, list[str]]:
    """Write the archive; returns {relative path: [planted defects]}."""
    rng = random.Random(seed)
    names = [f"{c}{d}{dept}" for c in CITIES for d in DISTRICTS for dept in DEPARTMENTS]
    rng.shuffle(names)
    needed = -(-reports // len(YEARS))
    # more organs than names: number further towns (某某市某某县第N镇人民政府)
    organs = names[:needed] + [f"{rng.choice(CITIES)}{rng.choice(DISTRICTS)}第{k}镇人民政府"
                               for k in range(1, needed - len(names) + 1)]
    formats = [f for f, weight in FORMATS for _ in range(weight)]
    manifest: dict[str, list[str]] = {}
    written = 0
    previous_year: list[tuple[Report, str]] = []
    for organ in organs:
        carry = [0] * 6
        valid = [0, rng.randint(0, 30)]
        ext = rng.choice(formats)
        for year in YEARS:
            if written >= reports:
                break
            report = make_report(rng, organ, year, carry, valid)
            carry = report.t3["r25"][:6]
            valid = [report.t2["rules"][2], report.t2["normative"][2]]
            rel = f"{organ[:3]}/{organ}/{year}.{ext}"
            for defect, p in DEFECTS.items():
                if rng.random() >= p or (defect == "carry" and year == YEARS[0]):
                    continue  # a carry-over can only break after a first year
                donors = [d for d in previous_year if d[0].year <= year and d[0].organ != organ]
                if defect == "copied" and not donors:
                    continue
                donor = rng.choice(donors) if defect == "copied" else None
                plant(rng, report, defect, donor[0] if donor else None)
                if donor:
                    report.defects[-1] = f"copied:{donor[1]}"
            previous_year.append((report, rel))
            previous_year = previous_year[-50:]
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if ext == "html":
                path.write_text(html_of(report), encoding="utf-8")
            elif ext == "docx":
                path.write_bytes(docx_of(report))
            else:
                path.write_text(text_of(report, markdown=ext == "md"), encoding="utf-8")
            manifest[rel] = report.defects
            written += 1
    (out / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    return manifest


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    manifest = generate(args.out, args.reports, args.seed)
    planted = sum(1 for d in manifest.values() if d)
    print(f"wrote {len(manifest)} reports to {args.out} ({planted} with a planted defect)")


if __name__ == "__main__":
    main()
