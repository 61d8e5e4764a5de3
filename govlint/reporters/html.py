"""One self-contained HTML audit page (no network): totals; findings per rule, per organ and
per year; a chart of the most common defects (inline SVG, shown without scripts); and every
finding in a table that can be sorted and filtered (a small inline script over embedded JSON,
paged so that archives with 100,000 findings stay responsive). Style and script live in
`assets/` and are inlined into the page. Findings suppressed by a baseline or waiver are left
out; a totals tile says how many there were (only when there were any)."""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from govlint import __version__
from govlint.findings import FileResult
from govlint.reporters import Collecting
from govlint.reporters.summary import Tally, shown

TOP = 12  # rules in the chart
W = {
    "zh": {"title": "政府信息公开工作年度报告检查结果", "files": "报告", "with": "有问题的报告", "error": "错误",
           "warning": "警告", "info": "提示", "unreadable": "无法读取", "rules": "各规则问题数",
           "organs": "各机关问题数", "years": "各年度问题数", "chart": "最常见的问题", "all": "全部问题",
           "code": "规则", "name": "名称", "count": "问题数", "reports": "报告数", "organ": "机关",
           "year": "年度", "path": "文件", "severity": "级别", "where": "位置", "message": "问题",
           "expected": "应为", "found": "实为", "filter": "筛选（文件、机关、规则或文字）", "any": "全部级别",
           "anyrule": "全部规则", "prev": "上一页", "next": "下一页", "page": "第 {p} / {n} 页，共 {c} 条",
           "noscript": "启用脚本后可排序、筛选全部问题。", "generated": "生成时间", "unknown": "（未识别）",
           "suppressed": "已抑制（基线、豁免）"},
    "en": {"title": "Annual report audit", "files": "reports", "with": "reports with findings", "error": "errors",
           "warning": "warnings", "info": "notices", "unreadable": "unreadable", "rules": "Findings per rule",
           "organs": "Findings per organ", "years": "Findings per year", "chart": "Most common defects",
           "all": "All findings", "code": "code", "name": "name", "count": "findings", "reports": "reports",
           "organ": "organ", "year": "year", "path": "file", "severity": "severity", "where": "where",
           "message": "message", "expected": "expected", "found": "found",
           "filter": "filter (file, organ, rule or text)", "any": "any severity", "anyrule": "any rule",
           "prev": "previous", "next": "next", "page": "page {p} of {n}, {c} findings",
           "noscript": "Enable scripts to sort and filter all findings.", "generated": "generated",
           "unknown": "(not identified)", "suppressed": "suppressed (baseline, waivers)"},
}


class Html(Collecting):
    """The audit page."""

    def render(self, results: Sequence[FileResult], tally: Tally) -> None:
        self.out.write(page(results, tally, self.lang, self.added))


def page(results: Sequence[FileResult], tally: Tally, lang: str, config_files: Collection[str] = ()) -> str:
    """The whole page (`config_files`: config or baseline files with findings about the
    suppressions, listed with the findings but not counted as reports)."""
    w = W[lang]
    rows = _rows(results)
    results = [r for r in results if r.path not in config_files]
    body = "\n".join([
        f"<h1>{_e(w['title'])}</h1>",
        f"<p class=meta>govlint {__version__} · {_e(w['generated'])} {datetime.now():%Y-%m-%d %H:%M}</p>",
        _totals(tally, w),
        f"<h2>{_e(w['chart'])}</h2>", _chart(tally, w),
        f"<h2>{_e(w['rules'])}</h2>", _rule_table(tally, rows, w),
        f"<h2>{_e(w['organs'])}</h2>", _group_table(results, "organ", w),
        f"<h2>{_e(w['years'])}</h2>", _group_table(results, "year", w),
        f"<h2>{_e(w['all'])}</h2>", _findings_block(rows, w),
    ])
    data = json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")
    head = (f"<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_e(w['title'])}</title>\n<style>\n{_asset('report.css')}</style>")
    return (f"<!DOCTYPE html>\n<html lang=\"{'zh-CN' if lang == 'zh' else 'en'}\">\n<head>\n{head}\n</head>\n"
            f"<body>\n{body}\n<script id=findings-data type=\"application/json\">{data}</script>\n"
            f"<script>const W={json.dumps(w, ensure_ascii=False)};\n{_asset('report.js')}</script>\n</body>\n</html>\n")


def _rows(results: Sequence[FileResult]) -> list[dict[str, Any]]:
    return [{"path": r.path, "organ": r.organ or "", "year": r.year or "", "code": f.code, "name": f.name,
             "severity": f.severity.label, "line": f.line,
             "where": " · ".join(x for x in (f.section, f.row, f.col) if x),
             "expected": f.expected or "", "found": f.found or "", "message": f.message}
            for r in results for f in shown(r.findings)]


def _totals(tally: Tally, w: dict[str, str]) -> str:
    c = tally.as_dict()
    items = [(w["files"], c["files"], ""), (w["with"], c["files_with_findings"], ""),
             (w["error"], c["by_severity"]["error"], "error"), (w["warning"], c["by_severity"]["warning"], "warning"),
             (w["info"], c["by_severity"]["info"], "info"), (w["unreadable"], tally.unreadable, "")]
    if tally.suppressed:
        items.append((w["suppressed"], sum(tally.suppressed.values()), ""))
    cells = "".join(f"<div class=\"total {cls}\"><b id=\"total-{k}\">{n}</b><span>{_e(label)}</span></div>"
                    for k, (label, n, cls) in enumerate(items))
    return f"<div class=totals>{cells}</div>"


def _chart(tally: Tally, w: dict[str, str]) -> str:
    top = sorted(tally.by_code.items(), key=lambda x: (-x[1], x[0]))[:TOP]
    if not top:
        return "<p>—</p>"
    most = top[0][1]
    bar_h, gap, left, width = 22, 6, 330, 360
    height = len(top) * (bar_h + gap)
    bars = []
    for k, (code, n) in enumerate(top):
        y = k * (bar_h + gap)
        length = max(2, round(width * n / most))
        label = f"{code} {tally.names.get(code, '')}"
        bars.append(f"<text x=\"{left - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{_e(label)}</text>"
                    f"<rect x=\"{left}\" y=\"{y}\" width=\"{length}\" height=\"{bar_h}\" rx=\"3\">"
                    f"<title>{_e(label)}: {n}</title></rect><text x=\"{left + length + 6}\" y=\"{y + 16}\">{n}</text>")
    return (f"<svg id=chart role=img aria-label=\"{_e(w['chart'])}\" width=\"{left + width + 60}\" height=\"{height}\" "
            f"viewBox=\"0 0 {left + width + 60} {height}\">{''.join(bars)}</svg>")


def _rule_table(tally: Tally, rows: list[dict[str, Any]], w: dict[str, str]) -> str:
    files: dict[str, set[str]] = defaultdict(set)
    severity: dict[str, str] = {}
    for row in rows:
        files[row["code"]].add(row["path"])
        severity[row["code"]] = row["severity"]
    body = "".join(f"<tr><td>{_e(code)}</td><td>{_e(tally.names.get(code, ''))}</td>"
                   f"<td class={severity.get(code, '')}>{_e(w.get(severity.get(code, ''), ''))}</td>"
                   f"<td class=n>{n}</td><td class=n>{len(files[code])}</td></tr>"
                   for code, n in sorted(tally.by_code.items(), key=lambda x: (-x[1], x[0])))
    head = "".join(f"<th>{_e(w[k])}</th>" for k in ("code", "name", "severity", "count", "reports"))
    return f"<table id=rules><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _group_table(results: Sequence[FileResult], key: str, w: dict[str, str]) -> str:
    reports: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        group = str(getattr(r, key) or w["unknown"])
        reports[group] += 1
        for f in shown(r.findings):
            counts[group][f.severity.label] += 1
    order = sorted(reports, key=lambda g: (-sum(counts[g].values()), g)) if key == "organ" else sorted(reports)
    body = "".join(f"<tr><td>{_e(g)}</td><td class=n>{reports[g]}</td>"
                   + "".join(f"<td class=n>{counts[g][s]}</td>" for s in ("error", "warning", "info")) + "</tr>"
                   for g in order)
    head = "".join(f"<th>{_e(w[k])}</th>" for k in (key, "reports", "error", "warning", "info"))
    return f"<table id={key}s><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _findings_block(rows: list[dict[str, Any]], w: dict[str, str]) -> str:
    codes = sorted({r["code"] for r in rows})
    options = "".join(f"<option value=\"{_e(c)}\">{_e(c)}</option>" for c in codes)
    heads = "".join(f"<th data-key=\"{k}\">{_e(w[k])}</th>"
                    for k in ("path", "organ", "year", "code", "severity", "where", "expected", "found", "message"))
    return (f"<div class=controls><input id=filter type=search placeholder=\"{_e(w['filter'])}\">"
            f"<select id=severity><option value=\"\">{_e(w['any'])}</option>"
            + "".join(f"<option value=\"{s}\">{_e(w[s])}</option>" for s in ("error", "warning", "info"))
            + f"</select><select id=rule><option value=\"\">{_e(w['anyrule'])}</option>{options}</select></div>"
            f"<noscript><p>{_e(w['noscript'])}</p></noscript>"
            f"<table id=findings><thead><tr>{heads}</tr></thead><tbody></tbody></table>"
            f"<div class=pager><button id=prev>{_e(w['prev'])}</button><span id=pageinfo></span>"
            f"<button id=next>{_e(w['next'])}</button></div>")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _asset(name: str) -> str:
    from importlib.resources import files

    return (files("govlint.reporters") / "assets" / name).read_text(encoding="utf-8")
