"""Human-readable output with rich: one block per finding, a summary at the end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from rich.console import Console
from rich.markup import escape

from govlint.findings import FileResult, Finding, Severity
from govlint.reporters.summary import sentence

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
LABEL = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}


def render(results: Sequence[FileResult], out: IO[str], lang: str) -> None:
    """Print findings grouped by file, then a summary line."""
    console = Console(file=out, highlight=False, soft_wrap=True)
    for result in results:
        for finding in result.findings:
            _finding(console, finding, lang)
    console.print(sentence(results, lang), style="bold")


def _finding(console: Console, f: Finding, lang: str) -> None:
    style = STYLE[f.severity]
    console.print(
        f"[bold]{escape(f.path)}:{f.line}:{f.column}:[/bold] [{style}]{LABEL[lang][f.severity]}[/{style}] "
        f"[bold]{f.code}[/bold] {escape(f.message)} [dim]({f.name})[/dim]"
    )
    if f.section:
        console.print(f"    [dim]{'位置' if lang == 'zh' else 'in'}: {escape(f.section)}[/dim]")
    if f.source:
        console.print(f"    [dim]{f.line:>4} |[/dim] {escape(f.source)}")
    for rel in f.related:
        label = "另见" if lang == "zh" else "see also"
        console.print(f"    [dim]{label}: {escape(f.path)}:{rel.line}:{rel.column} {escape(rel.text or '')}[/dim]")
    if f.help:
        console.print(f"    [green]{'建议' if lang == 'zh' else 'help'}:[/green] {escape(f.help)}")
