"""Counts shared by the reporters, kept as results arrive."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from govlint.findings import FileResult, Finding, Severity

SUPPRESSION_KINDS = ("baseline", "waiver")


def shown(findings: Sequence[Finding]) -> list[Finding]:
    """The findings text formats show: those not suppressed by a baseline or waiver."""
    return [f for f in findings if f.suppression is None]


@dataclass
class Tally:
    """Files, findings by severity, by code and by file, and how the run went."""

    files: int = 0
    unreadable: int = 0
    cached: int = 0
    seconds: float = 0.0
    jobs: int = 1
    by_severity: Counter[str] = field(default_factory=Counter)
    by_code: Counter[str] = field(default_factory=Counter)
    by_file: dict[str, Counter[str]] = field(default_factory=dict)  # path → severity counts (files with findings)
    names: dict[str, str] = field(default_factory=dict)  # code → rule name
    suppressed: Counter[str] = field(default_factory=Counter)  # kind (baseline, waiver) → findings not counted above
    checked: set[str] = field(default_factory=set, repr=False)  # paths of the files checked (not config files)

    def add(self, result: FileResult, cached: bool = False) -> None:
        """Count one file's result."""
        self.files += 1
        self.checked.add(result.path)
        self.cached += cached
        self.unreadable += any(f.code == "GL001" and f.suppression is None for f in result.findings)
        self.add_findings(result.path, result.findings)

    def add_findings(self, path: str, findings: Sequence[Finding]) -> None:
        """Count findings of a file (also the cross-report ones, after the file); a suppressed
        finding counts only in `suppressed` (so it never sets the exit code)."""
        for finding in findings:
            if finding.suppression is not None:
                self.suppressed[finding.suppression.kind] += 1
                continue
            self.by_severity[finding.severity.label] += 1
            self.by_code[finding.code] += 1
            self.names[finding.code] = finding.name
            self.by_file.setdefault(path, Counter())[finding.severity.label] += 1

    @property
    def findings(self) -> int:
        """All findings counted."""
        return sum(self.by_severity.values())

    def fails(self, threshold: Callable[[str], Severity | None]) -> bool:
        """Whether a file has a finding at or above its own threshold (`threshold(path)`: from
        the config nearest that file; None: it never fails)."""
        for path, severities in self.by_file.items():
            limit = threshold(path)
            if limit is not None and any(n and Severity.parse(label) >= limit for label, n in severities.items()):
                return True
        return False

    def worst(self) -> Severity | None:
        """The highest severity counted."""
        present = [s for s in Severity if self.by_severity.get(s.label)]
        return max(present, default=None)

    def as_dict(self) -> dict[str, Any]:
        """The JSON summary (schema version 1); `suppressed` ({"baseline": n, "waiver": m}) only
        when a baseline or waiver suppressed something."""
        out: dict[str, Any] = {
            "files": self.files,
            "files_with_findings": len(self.by_file),
            "findings": self.findings,
            "by_severity": {s.label: self.by_severity.get(s.label, 0) for s in sorted(Severity, reverse=True)},
            "by_code": dict(sorted(self.by_code.items())),
        }
        if self.suppressed:
            out["suppressed"] = {kind: self.suppressed.get(kind, 0) for kind in sorted({*SUPPRESSION_KINDS,
                                                                                         *self.suppressed})}
        return out

    def statistics(self) -> dict[str, Any]:
        """Counts per rule and per file (for --statistics)."""
        return {
            "by_rule": [{"code": c, "name": self.names.get(c, ""), "count": n}
                        for c, n in sorted(self.by_code.items(), key=lambda x: (-x[1], x[0]))],
            "by_file": [{"path": p, **{s.label: n.get(s.label, 0) for s in sorted(Severity, reverse=True)}}
                        for p, n in sorted(self.by_file.items(), key=lambda x: (-sum(x[1].values()), x[0]))],
        }


def counts(results: Sequence[FileResult]) -> dict[str, Any]:
    """Files checked, files with findings, findings by severity and by code."""
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally.as_dict()


def sentence(tally: Tally | Sequence[FileResult], lang: str) -> str:
    """One-line summary in the user's language."""
    if not isinstance(tally, Tally):
        results, tally = tally, Tally()
        for result in results:
            tally.add(result)
    c = tally.as_dict()
    sev = c["by_severity"]
    elsewhere = 0  # findings on config or baseline files (unused suppressions), not on a checked file
    if tally.checked:
        elsewhere = sum(sum(n.values()) for path, n in tally.by_file.items() if path not in tally.checked)
        c["files_with_findings"] = sum(1 for path in tally.by_file if path in tally.checked)
    if elsewhere:
        note = (f" {elsewhere} of them concern waivers or the baseline." if lang == "en"
                else f"以上问题中有 {elsewhere} 个是关于豁免或基线的。")
        return _sentence(c, sev, lang) + note + _suppressed(tally, lang)
    return _sentence(c, sev, lang) + _suppressed(tally, lang)


def _sentence(c: dict[str, Any], sev: dict[str, int], lang: str) -> str:
    if lang == "en":
        if not c["findings"]:
            return f"No findings in {c['files']} file(s)."
        return (f"Found {sev['error']} error(s), {sev['warning']} warning(s) and {sev['info']} notice(s) "
                f"in {c['files_with_findings']} of {c['files']} file(s).")
    if not c["findings"]:
        return f"共检查 {c['files']} 个文件，未发现问题。"
    return (f"共检查 {c['files']} 个文件，其中 {c['files_with_findings']} 个有问题："
            f"错误 {sev['error']} 个，警告 {sev['warning']} 个，提示 {sev['info']} 个。")


def _suppressed(tally: Tally, lang: str) -> str:
    """' 3 more suppressed (baseline 2, waivers 1).' — '' when nothing was suppressed."""
    total = sum(tally.suppressed.values())
    if not total:
        return ""
    b, w = tally.suppressed.get("baseline", 0), tally.suppressed.get("waiver", 0)
    if lang == "en":
        kinds = ", ".join(x for x in (f"{b} by the baseline" if b else "", f"{w} by waivers" if w else "") if x)
        return f" {total} more suppressed ({kinds})."
    kinds = "，".join(x for x in (f"基线 {b} 个" if b else "", f"豁免 {w} 个" if w else "") if x)
    return f"另有 {total} 个问题已被抑制（{kinds}）。"
