"""The progress bar of a batch: on stderr, only in an interactive terminal, never under CI or
pre-commit (their logs are not terminals that redraw).

One writer to the terminal: when standard output is a terminal too, the bar and the findings
share one console — the bar is drawn on standard output and, while it is live, whatever is
written to standard output (the reporters write through `Stdout`) is printed above it, so a
stale bar line is never glued into a finding. Output to a pipe or a file never sees the bar."""

from __future__ import annotations

import os
import sys
from typing import Any

from govlint.reporters.summary import Tally

QUIET_ENV = ("CI", "PRE_COMMIT", "GITHUB_ACTIONS", "GOVLINT_NO_PROGRESS")


def wanted(enabled: bool, files: int) -> bool:
    """Whether to show a progress bar for a run of `files` files."""
    if not enabled or files < 2 or any(os.environ.get(k) for k in QUIET_ENV):
        return False
    return sys.stderr.isatty()


class Progress:
    """files done/total, findings, unreadable files, rate and time left."""

    def __init__(self, total: int, lang: str, force: bool = False, file: Any = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        shared = file is None and _same_terminal()
        console = Console(file=file or (sys.stdout if shared else sys.stderr), force_terminal=force or None,
                          soft_wrap=True)
        zh = lang == "zh"
        self.bar = Bar(TextColumn("检查" if zh else "checking"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[status]}"), TextColumn("{task.fields[rate]}"),
                       TimeRemainingColumn(), console=console, transient=False,
                       redirect_stdout=shared, redirect_stderr=shared)
        self.task = self.bar.add_task("", total=total, status="", rate="")
        self.zh = zh
        self.bar.start()

    def advance(self, tally: Tally) -> None:
        """One more file done."""
        task = self.bar.tasks[0]
        rate = f"{task.speed:.0f}/s" if task.speed else ""
        status = (f"问题 {tally.findings} · 无法读取 {tally.unreadable}" if self.zh
                  else f"{tally.findings} findings · {tally.unreadable} unreadable")
        self.bar.update(self.task, advance=1, status=status, rate=rate)

    def stop(self) -> None:
        """Leave the finished bar on screen."""
        self.bar.stop()


def _same_terminal() -> bool:
    """Whether standard output is a terminal as well as standard error (where the bar goes)."""
    try:
        return sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class Stdout:
    """Standard output as it is at each write: the reporters keep this, so that while the bar
    is live (and has put its proxy in sys.stdout) their lines are printed above it."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()

    def fileno(self) -> int:
        return sys.stdout.fileno()

    @property
    def encoding(self) -> str:
        return getattr(sys.stdout, "encoding", None) or "utf-8"
