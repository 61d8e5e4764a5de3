"""Reporters: results as files complete → an output format.

A reporter receives each file's result in input order (`file`), then the findings of the
cross-report checks and those about the suppressions (`extra`; the latter for a config or
baseline file that was never passed to `file`), then the run's tally (`finish`). Findings
suppressed by a baseline or waiver (`Finding.suppression`) stay in the results: JSON,
json-lines and SARIF show them, marked; the other formats leave them out. Streaming formats write as
results arrive (memory stays flat); document formats (json, sarif, junit, html) collect and
write once. Every format shows the same findings; the exit code never depends on the format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import import_module
from typing import IO

from govlint.findings import FileResult, Finding
from govlint.reporters.summary import Tally

FORMATS: dict[str, str] = {  # name → module:class
    "full": "text:Full",
    "text": "text:Full",  # the name used before 0.2; same as full
    "concise": "text:Concise",
    "json": "json:Json",
    "json-lines": "jsonlines:JsonLines",
    "sarif": "sarif:Sarif",
    "csv": "csv:Csv",
    "junit": "junit:Junit",
    "github": "github:Github",
    "html": "html:Html",
}


class Reporter:
    """Base: subclasses override what they need."""

    fail_on: str | None = None  # the run's --fail-on; None: every finding counts as a failure

    def __init__(self, out: IO[str], lang: str, statistics: bool = False) -> None:
        self.out, self.lang, self.statistics = out, lang, statistics

    def file(self, result: FileResult) -> None:
        """One file's result (in input order)."""

    def extra(self, path: str, findings: Sequence[Finding]) -> None:
        """Findings of the cross-report checks for a file already reported, or findings about
        the suppressions for a config or baseline file (not checked itself)."""

    def finish(self, tally: Tally) -> None:
        """The run is over."""


class Collecting(Reporter):
    """A reporter that writes one document at the end: keeps the results, merges extras."""

    def __init__(self, out: IO[str], lang: str, statistics: bool = False) -> None:
        super().__init__(out, lang, statistics)
        self.results: list[FileResult] = []
        self.index: dict[str, int] = {}
        self.added: set[str] = set()  # paths known only from `extra` (config or baseline files)

    def file(self, result: FileResult) -> None:
        self.index.setdefault(result.path, len(self.results))
        self.results.append(result)

    def extra(self, path: str, findings: Sequence[Finding]) -> None:
        k = self.index.get(path)
        if k is None:  # a file that was not checked (a config or baseline file): its own entry
            self.added.add(path)
            self.index[path] = len(self.results)
            self.results.append(FileResult(path, tuple(sorted(findings, key=Finding.sort_key))))
            return
        merged = sorted((*self.results[k].findings, *findings), key=Finding.sort_key)
        self.results[k] = replace(self.results[k], findings=tuple(merged))

    def finish(self, tally: Tally) -> None:
        self.render(self.results, tally)

    def render(self, results: Sequence[FileResult], tally: Tally) -> None:
        raise NotImplementedError


def create(name: str, out: IO[str], lang: str, statistics: bool = False, fail_on: str | None = None) -> Reporter:
    """The reporter for an output format (its module imported only when used)."""
    module, cls = FORMATS[name].split(":")
    factory: Callable[..., Reporter] = getattr(import_module(f"govlint.reporters.{module}"), cls)
    reporter = factory(out, lang, statistics)
    reporter.fail_on = fail_on
    return reporter


def render(name: str, results: Sequence[FileResult], out: IO[str], lang: str, statistics: bool = False) -> None:
    """Write finished results in one go (library use and tests)."""
    reporter = create(name, out, lang, statistics)
    tally = Tally()
    for result in results:
        tally.add(result)
        reporter.file(result)
    reporter.finish(tally)
