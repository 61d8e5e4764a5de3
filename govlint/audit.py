"""Audits on another engine (Dask, Spark, Ray, a job queue): pure, picklable steps.

    files = audit.discover(["archive/"])                  # on the driver
    outcomes = [audit.check_file(f, config) for f in files]  # anywhere: each call is independent
    audit.write(outcomes, "sarif", open("audit.sarif", "w"), config)  # on the driver

`check_file` / `check` return an Outcome (the file's FileResult and the small profile the
cross-report checks need); `write` runs those checks over the profiles and writes any output
format, exactly as `govlint check` would for the same files. Every argument and result pickles,
so the functions can be shipped to workers as they are. See the README's Dask recipe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from govlint.batch import Options, Outcome, check_one
from govlint.config import Config
from govlint.reporters.summary import Tally


def discover(paths: Sequence[str | Path], include: Sequence[str] = (), exclude: Sequence[str] = (),
             gitignore: bool = True) -> list[str]:
    """The report files under `paths`, in the order `govlint check` checks them."""
    from govlint.discover import Selection
    from govlint.discover import discover as walk

    return [str(p) for p in walk(paths, Selection(tuple(include), tuple(exclude), gitignore))]


def check_file(path: str, config: Config | None = None, timeout: float | None = 60.0) -> Outcome:
    """Check one file (read where this runs); never raises for anything the file holds."""
    return check_one(path, _options(config, timeout))


def check(name: str, data: bytes, config: Config | None = None, timeout: float | None = 60.0) -> Outcome:
    """Check a file given as bytes (from an object store, say) under the name `name`."""
    from govlint.batch import check_data

    return check_data(name, data, _options(config, timeout))


def write(outcomes: Iterable[Outcome], fmt: str, out: IO[str], config: Config | None = None,
          cross: bool = True, statistics: bool = False) -> Tally:
    """Write the outcomes (in the order given) in format `fmt`, with the cross-report findings;
    the tally (its worst severity gives the exit code `govlint check` would have)."""
    from govlint.reporters import create
    from govlint.runner import report

    options = _options(config, None)
    return report(outcomes, options, [create(fmt, out, options.config.lang, statistics)], None, cross)


def _options(config: Config | None, timeout: float | None) -> Options:
    return Options(config=config or Config(), jobs=1, time_limit=timeout, cache=False, profiles=True)
