"""Checking many files: in this process or a process pool, results in input order whatever
the number of jobs, each file bounded in size and time, results cached by content.

A file never stops the batch: unreadable → GL001, a check that crashes → GL002, one that
runs over the time limit → GL012, each a finding for that file. The time limit is soft (SIGALRM,
between two Python instructions) in the process that checks; with `isolate` (and always with
several jobs) files are checked in worker processes (govlint.pool) that are killed past a hard
deadline and run under a memory budget, so no file can hang the run or exhaust the machine."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Any

from govlint.config import Config
from govlint.errors import CheckTimeout, InputError
from govlint.findings import FileResult

INTERNAL, TIMEOUT = "GL002", "GL012"
FORKS_MAX = 8  # up to this many files, one forked child each; more share long-lived workers
MEMORY_MB = 2048  # address space a worker may add to its start size (reports need < 100 MB; 18 MB of digits 500 MB)


@dataclass(frozen=True, slots=True)
class Options:
    """How to run a batch (picklable: it goes to the worker processes)."""

    config: Config = field(default_factory=Config)
    jobs: int = 1
    time_limit: float | None = 60.0  # seconds per file; None: no limit
    cache: bool = True
    profiles: bool = False  # keep what the cross-report checks need of each report
    isolate: bool = False  # check in worker processes even with one job (hard time limit, memory budget)
    memory_mb: int | None = MEMORY_MB  # per worker process; None: no budget


@dataclass(frozen=True, slots=True)
class Outcome:
    """One file's result, with its profile for the cross-report checks."""

    result: FileResult
    profile: Any = None  # govlint.crossref.Profile
    cached: bool = False


def jobs_for(value: str) -> int:
    """`-j auto` → the CPUs this process may use; otherwise a positive number."""
    if value == "auto":
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # pragma: no cover - not on Linux
            return max(1, os.cpu_count() or 1)
    jobs = int(value)
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    return jobs


def run(files: Sequence[Path], options: Options) -> Iterator[Outcome]:
    """Outcomes in the order of `files`."""
    names = [str(f) for f in files]
    from govlint import pool

    work, lost, deadline = partial(check_one, options=options), partial(_lost, options), pool.hard_deadline(
        options.time_limit)
    pooled = options.jobs > 1 or (options.isolate and len(names) > FORKS_MAX)
    if pooled and len(names) > 1:
        yield from pool.imap(work, names, options.jobs, lost, deadline, options.memory_mb, tune_gc)
    elif options.isolate and pool.can_fork():
        yield from (pool.call_forked(work, name, lost, deadline, options.memory_mb) for name in names)
    else:
        yield from map(check_one, names, repeat(options))


def _lost(options: Options, name: str, why: Any) -> Outcome:
    """The outcome of a file whose worker process was killed at the hard deadline or died."""
    from govlint import api

    if why.reason == "timeout":
        return _timed_out(name, options)
    # over the budget while sending its result, or killed by the kernel's out-of-memory killer
    if why.exitcode == -signal.SIGKILL or why.detail.startswith("MemoryError"):
        return _over_memory(name, options)
    error = why.detail or f"the worker process ended with exit code {why.exitcode}"
    return Outcome(api.file_notice(name, INTERNAL, {"rule": "parser", "error": error}, options.config))


def _timed_out(name: str, options: Options) -> Outcome:
    from govlint import api

    return Outcome(api.file_notice(name, TIMEOUT, {"limit": f"{options.time_limit:g}"}, options.config))


def _over_memory(name: str, options: Options) -> Outcome:
    from govlint import api

    budget = f"{options.memory_mb} MB" if options.memory_mb else ""
    if options.config.lang == "zh":
        reason = f"读取和检查该文件所需的内存超过上限{f'（{budget}）' if budget else ''}，不像是年度报告"
    else:
        reason = f"reading and checking the file needs more memory than allowed{f' ({budget})' if budget else ''}"
    return Outcome(api.unreadable(name, reason, options.config))


def tune_gc() -> None:
    """Checking allocates many short-lived objects per file and keeps few: move what exists
    (imports, rule packs) out of the collector's sight and collect young objects less often
    (~4% faster). For worker processes and the command line, not for library callers."""
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


def check_one(name: str, options: Options) -> Outcome:
    """Check one file; never raises for anything the file holds."""
    from govlint import api

    config = options.config
    try:
        from govlint.readers import read_bytes

        source_bytes = read_bytes(name)
    except InputError as exc:
        return Outcome(api.unreadable(name, exc.text(config.lang), config))
    cache = _cache(options) if options.cache else None
    key = cache.key(source_bytes, os.path.splitext(name)[1].lower()) if cache else ""
    if cache:
        hit = cache.get(key, name)
        if hit is not None:
            return Outcome(hit[0], hit[1], cached=True)
    outcome = check_data(name, source_bytes, options)
    if cache and not _transient(outcome.result):
        cache.put(key, outcome.result, outcome.profile)
    return outcome


def check_data(name: str, data: bytes, options: Options) -> Outcome:
    """Check a file's bytes (no cache); never raises for anything the file holds."""
    from govlint import api
    from govlint.readers import read

    config = options.config
    try:
        with time_limit(options.time_limit):
            source = read(name, data)
            result, doc = api.check_document(source.text, name, config, source.encoding)
            profile = None
            if options.profiles:
                from govlint.crossref import profile_of

                profile = profile_of(doc, result)
    except InputError as exc:
        return Outcome(api.unreadable(name, exc.text(config.lang), config))
    except CheckTimeout:
        return _timed_out(name, options)
    except MemoryError:  # over the worker's memory budget (govlint.pool): what the file holds is too much
        return _over_memory(name, options)
    except Exception as exc:  # a govlint bug: reported for this file, the batch goes on
        return Outcome(api.file_notice(name, INTERNAL, {"rule": "parser", "error": f"{type(exc).__name__}: {exc}"},
                                       config))
    return Outcome(result, profile)


def _transient(result: FileResult) -> bool:
    """Results not worth caching: time-outs and crashes may not happen next time."""
    return any(f.code in (TIMEOUT, INTERNAL) for f in result.findings)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise CheckTimeout in this thread after `seconds` (Unix main thread only; else no limit)."""
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise CheckTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_CACHES: dict[tuple[Options, str], Any] = {}


def _cache(options: Options) -> Any:
    from govlint.cachedir import cache_dir

    where = (options, str(cache_dir()))  # the folder may change between runs in one process
    if where not in _CACHES:
        from govlint.resultcache import ResultCache

        _CACHES[where] = ResultCache.for_run(options.config, options.profiles)
    return _CACHES[where]


def timed(outcomes: Iterator[Outcome]) -> Iterator[tuple[Outcome, float]]:
    """Outcomes with the wall time since the previous one (for progress rates)."""
    last = time.perf_counter()
    for outcome in outcomes:
        now = time.perf_counter()
        yield outcome, now - last
        last = now
