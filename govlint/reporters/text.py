"""Human-readable output with rich: `full` (one block per finding: location, source line,
help) and `concise` (one line per finding), each ending with a summary sentence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from rich.console import Console
from rich.markup import escape

from govlint.findings import FileResult, Finding, Severity
from govlint.reporters import Reporter
from govlint.reporters.summary import Tally, sentence, shown

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
LABEL = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}
CROSS = {"zh": "跨报告检查", "en": "Checks across reports"}
SUPPRESSIONS = {"zh": "豁免与基线", "en": "Waivers and baseline"}


class Full(Reporter):
    """One block per finding."""

    def __init__(self, out: IO[str], lang: str, statistics: bool = False) -> None:
        super().__init__(out, lang, statistics)
        self.console = Console(file=out, highlight=False, soft_wrap=True)
        self.extras = 0
        self.headed: set[str] = set()
        self.seen: set[str] = set()

    def file(self, result: FileResult) -> None:
        self.seen.add(result.path)
        for finding in shown(result.findings):
            self.finding(finding)

    def extra(self, path: str, findings: Sequence[Finding]) -> None:
        visible = shown(findings)
        if not visible:
            return
        # findings about a config or baseline file (not checked itself) come after the cross-report ones
        heading = CROSS if path in self.seen else SUPPRESSIONS
        if heading[self.lang] not in self.headed:
            self.headed.add(heading[self.lang])
            self.console.print(f"[bold]{heading[self.lang]}[/bold]")
        self.extras += len(visible)
        for finding in visible:
            self.finding(finding)

    def finish(self, tally: Tally) -> None:
        if self.statistics:
            print_statistics(self.console, tally, self.lang)
        self.console.print(sentence(tally, self.lang), style="bold")

    def finding(self, f: Finding) -> None:
        """Print one finding with its context."""
        console, lang = self.console, self.lang
        console.print(headline(f, lang))
        if f.section:
            console.print(f"    [dim]{'位置' if lang == 'zh' else 'in'}: {escape(f.section)}[/dim]")
        if f.source:
            console.print(f"    [dim]{f.line:>4} |[/dim] {escape(f.source)}")
        for rel in f.related:
            label = "另见" if lang == "zh" else "see also"
            where = f"{rel.path or f.path}:{rel.line}:{rel.column} {rel.text or ''}".rstrip()
            console.print(f"    [dim]{label}: {escape(where)}[/dim]")
        if f.help:
            console.print(f"    [green]{'建议' if lang == 'zh' else 'help'}:[/green] {escape(f.help)}")


class Concise(Full):
    """One line per finding."""

    def finding(self, f: Finding) -> None:
        self.console.print(headline(f, self.lang))


def headline(f: Finding, lang: str) -> str:
    """path:line:col: severity CODE message (name)."""
    style = STYLE[f.severity]
    return (f"[bold]{escape(f.path)}:{f.line}:{f.column}:[/bold] [{style}]{LABEL[lang][f.severity]}[/{style}] "
            f"[bold]{f.code}[/bold] {escape(f.message)} [dim]({f.name})[/dim]")


def print_statistics(console: Console, tally: Tally, lang: str) -> None:
    """Counts per rule and per file, as two tables."""
    from rich.table import Table

    stats = tally.statistics()
    zh = lang == "zh"
    rules = Table(title="按规则统计" if zh else "Findings per rule", title_justify="left")
    for head in (("次数", "count"), ("规则", "code"), ("名称", "name")):
        rules.add_column(head[0] if zh else head[1], justify="right" if head[1] == "count" else "left")
    for row in stats["by_rule"]:
        rules.add_row(str(row["count"]), row["code"], row["name"])
    files = Table(title="按文件统计" if zh else "Findings per file", title_justify="left")
    for head in (("错误", "errors"), ("警告", "warnings"), ("提示", "notices"), ("文件", "file")):
        files.add_column(head[0] if zh else head[1], justify="left" if head[1] == "file" else "right")
    for row in stats["by_file"]:
        files.add_row(str(row["error"]), str(row["warning"]), str(row["info"]), escape(row["path"]))
    console.print(rules)
    console.print(files)
