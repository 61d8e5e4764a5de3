"""Counts shared by the reporters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from govlint.findings import FileResult, Severity


def counts(results: Sequence[FileResult]) -> dict[str, Any]:
    """Files checked, files with findings, findings by severity and by code."""
    by_severity: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    for result in results:
        for finding in result.findings:
            by_severity[finding.severity.label] += 1
            by_code[finding.code] += 1
    return {
        "files": len(results),
        "files_with_findings": sum(1 for r in results if r.findings),
        "findings": sum(by_severity.values()),
        "by_severity": {s.label: by_severity.get(s.label, 0) for s in sorted(Severity, reverse=True)},
        "by_code": dict(sorted(by_code.items())),
    }


def sentence(results: Sequence[FileResult], lang: str) -> str:
    """One-line summary in the user's language."""
    c = counts(results)
    sev = c["by_severity"]
    if lang == "en":
        if not c["findings"]:
            return f"No findings in {c['files']} file(s)."
        return (f"Found {sev['error']} error(s), {sev['warning']} warning(s) and {sev['info']} notice(s) "
                f"in {c['files_with_findings']} of {c['files']} file(s).")
    if not c["findings"]:
        return f"共检查 {c['files']} 个文件，未发现问题。"
    return (f"共检查 {c['files']} 个文件，其中 {c['files_with_findings']} 个有问题："
            f"错误 {sev['error']} 个，警告 {sev['warning']} 个，提示 {sev['info']} 个。")
