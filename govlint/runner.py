"""A whole run: files → results in input order (govlint.batch) → every reporter, with the
progress display; then the cross-report checks; then the tally every reporter ends with."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from govlint.batch import Options, Outcome, run
from govlint.config import Config
from govlint.findings import Finding
from govlint.progress import Progress
from govlint.reporters import Reporter
from govlint.reporters.summary import Tally

POOL_MIN_FILES = 8  # fewer files are checked faster than worker processes start


def check_files(files: Sequence[Path], options: Options, reporters: Sequence[Reporter],
                progress: Progress | None = None, cross: bool = True, post: Post | None = None,
                configs: Mapping[Path, Config] | None = None) -> Tally:
    """Check `files`, feeding every reporter; the tally of the run. `configs`: the engine options
    of each file where config files give folders their own rule selection."""
    cross = cross and len(files) > 1
    if cross and not options.profiles:
        options = _with(options, profiles=True)
    if len(files) < POOL_MIN_FILES:
        options = _with(options, jobs=1)
    groups = set((configs or {}).values())
    if len(groups) > 1:
        return report(_mixed(files, options, configs or {}), options, reporters, progress, cross, post)
    if groups:
        options = _with(options, config=groups.pop())
    return report(run(files, options), options, reporters, progress, cross, post)


def _mixed(files: Sequence[Path], options: Options, configs: Mapping[Path, Config]) -> Iterator[Outcome]:
    """Outcomes in file order when files have different rule selections: each group is run
    with its own options (a pool per group), then the outcomes are put back in order."""
    groups: dict[Config, list[int]] = {}
    for index, path in enumerate(files):
        groups.setdefault(configs[path], []).append(index)
    outcomes: list[Outcome | None] = [None] * len(files)
    for config, indices in groups.items():
        group = _with(options, config=config, jobs=options.jobs if len(indices) >= POOL_MIN_FILES else 1)
        for index, outcome in zip(indices, run([files[i] for i in indices], group), strict=True):
            outcomes[index] = outcome
    yield from (o for o in outcomes if o is not None)


Post = Callable[[str, tuple[Finding, ...]], tuple[Finding, ...]]  # a file's findings → what is reported


def report(outcomes: Iterable[Outcome], options: Options, reporters: Sequence[Reporter],
           progress: Progress | None = None, cross: bool = True, post: Post | None = None) -> Tally:
    """Feed outcomes (computed here or on another engine) to every reporter, then the
    cross-report findings of their profiles; the tally of the run. `post` maps each file's
    findings before they are counted and reported (severity overrides, waivers, baseline)."""
    tally = Tally(jobs=options.jobs)
    start = time.perf_counter()
    profiles = []
    for outcome in outcomes:
        if post is not None:
            outcome = replace(outcome, result=replace(outcome.result,
                                                      findings=post(outcome.result.path, outcome.result.findings)))
        tally.add(outcome.result, outcome.cached)
        if outcome.profile is not None:
            profiles.append(outcome.profile)
        for reporter in reporters:
            reporter.file(outcome.result)
        if progress:
            progress.advance(tally)
    if cross and profiles:
        _cross(profiles, options, reporters, tally, post)
    for path, findings in getattr(post, "leftovers", lambda: [])():
        tally.add_findings(path, findings)  # about the suppressions themselves (unused, …)
        for reporter in reporters:
            reporter.extra(path, findings)
    tally.seconds = time.perf_counter() - start
    if progress:
        progress.stop()
    for reporter in reporters:
        reporter.finish(tally)
    return tally


def _cross(profiles: list, options: Options, reporters: Sequence[Reporter], tally: Tally,  # type: ignore[type-arg]
           post: Post | None) -> None:
    from govlint.crossref import check

    order = {profile.path: index for index, profile in reversed(list(enumerate(profiles)))}
    for path, found in sorted(check(profiles, options.config).items(), key=lambda item: order[item[0]]):
        findings = sorted(post(path, tuple(found)) if post else found, key=lambda f: (f.line, f.code))
        if not findings:
            continue
        tally.add_findings(path, findings)
        for reporter in reporters:
            reporter.extra(path, findings)


def _with(options: Options, **changes: object) -> Options:
    return replace(options, **changes)  # type: ignore[arg-type]
