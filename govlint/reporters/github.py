"""GitHub Actions annotations (`::error file=…,line=…::message`). GitHub shows at most 10
annotations of each level per step; the rest are summarised in one notice, not dropped silently.
Findings suppressed by a baseline or waiver are not annotated (the summary line counts them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import IO

from govlint.findings import FileResult, Finding
from govlint.reporters import Reporter
from govlint.reporters.summary import Tally, sentence, shown

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
LIMIT = 10  # per level and step


class Github(Reporter):
    """Workflow commands, one per finding up to GitHub's limit."""

    def __init__(self, out: IO[str], lang: str, statistics: bool = False) -> None:
        super().__init__(out, lang, statistics)
        self.shown: Counter[str] = Counter()
        self.dropped = 0

    def file(self, result: FileResult) -> None:
        self.extra(result.path, result.findings)

    def extra(self, path: str, findings: Sequence[Finding]) -> None:
        for f in shown(findings):
            level = LEVEL[f.severity.label]
            if self.shown[level] >= LIMIT - (level == "notice"):  # room for the note of those dropped
                self.dropped += 1
                continue
            self.shown[level] += 1
            title = _escape(f"{f.code} {f.name}", prop=True)
            self.out.write(f"::{level} file={_escape(f.path, prop=True)},line={f.line},col={f.column},"
                           f"title={title}::{_escape(f.message)}\n")

    def finish(self, tally: Tally) -> None:
        if self.dropped:
            note = (f"另有 {self.dropped} 条问题超出 GitHub 每级 {LIMIT} 条的注释上限，未逐条显示；请查看完整输出。"
                    if self.lang == "zh" else
                    f"{self.dropped} more finding(s) were not annotated (GitHub shows {LIMIT} per level); "
                    "see the full output.")
            self.out.write(f"::notice title=govlint::{_escape(note)}\n")
        self.out.write(sentence(tally, self.lang) + "\n")


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text
