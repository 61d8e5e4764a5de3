"""A whole run: files → results in input order (govlint.batch) → every reporter, with the
progress display; then the cross-report checks; then the tally every reporter ends with."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from govlint.batch import Options, Outcome, run
from govlint.progress import Progress
from govlint.reporters import Reporter
from govlint.reporters.summary import Tally

POOL_MIN_FILES = 8  # fewer files are checked faster than worker processes start


def check_files(files: Sequence[Path], options: Options, reporters: Sequence[Reporter],
                progress: Progress | None = None, cross: bool = True) -> Tally:
    """Check `files`, feeding every reporter; the tally of the run."""
    cross = cross and len(files) > 1
    if cross and not options.profiles:
        options = _with(options, profiles=True)
    if len(files) < POOL_MIN_FILES:
        options = _with(options, jobs=1)
    return report(run(files, options), options, reporters, progress, cross)


def report(outcomes: Iterable[Outcome], options: Options, reporters: Sequence[Reporter],
           progress: Progress | None = None, cross: bool = True) -> Tally:
    """Feed outcomes (computed here or on another engine) to every reporter, then the
    cross-report findings of their profiles; the tally of the run."""
    tally = Tally(jobs=options.jobs)
    start = time.perf_counter()
    profiles = []
    for outcome in outcomes:
        tally.add(outcome.result, outcome.cached)
        if outcome.profile is not None:
            profiles.append(outcome.profile)
        for reporter in reporters:
            reporter.file(outcome.result)
        if progress:
            progress.advance(tally)
    if cross and profiles:
        _cross(profiles, options, reporters, tally)
    tally.seconds = time.perf_counter() - start
    if progress:
        progress.stop()
    for reporter in reporters:
        reporter.finish(tally)
    return tally


def _cross(profiles: list, options: Options, reporters: Sequence[Reporter], tally: Tally) -> None:  # type: ignore[type-arg]
    from govlint.crossref import check

    found = {path: findings for path, findings in check(profiles, options.config).items() if findings}
    order = {profile.path: index for index, profile in reversed(list(enumerate(profiles)))}
    for path in sorted(found, key=order.__getitem__):
        findings = sorted(found[path], key=lambda f: (f.line, f.code))
        tally.add_findings(path, findings)
        for reporter in reporters:
            reporter.extra(path, findings)


def _with(options: Options, **changes: object) -> Options:
    from dataclasses import replace

    return replace(options, **changes)  # type: ignore[arg-type]
