"""Fuzzing: seeded hostile inputs (tests/fuzzgen.py) of every report type through govlint.

The reliability contract, for every input: no exception escapes `check_data`, the result is a
FileResult for that file and holds no GL002 (internal error); anything else is allowed (GL001
unreadable, GL012 time-out, GL013 not a report, any rule finding). Run as a folder through the
CLI, every file is reported and every output line is a well-formed JSON object.

Work is bounded, not timed: each case has the check's own time limit (a time-out is an allowed
outcome) and a CPU-time guard far beyond it that only fires when the limit failed to stop the
check. `GOVLINT_FUZZ_CASES=N` runs N cases per category, `GOVLINT_FUZZ_SEED=S` another seed
(the known failures below are those of seed 0). The big inputs (MBs) are marked slow.
"""

from __future__ import annotations

import json
import os
import signal
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fuzzgen import BIG, CATEGORIES, DEFAULT_N, case, cases, entity_cases

from govlint.batch import Options, check_data
from govlint.cli import main
from govlint.config import Config
from govlint.findings import FileResult
from govlint.readers import SUPPORTED
from govlint.reporters.json import file_record, finding_record

SEED = int(os.environ.get("GOVLINT_FUZZ_SEED", "0"))
CASES = os.environ.get("GOVLINT_FUZZ_CASES")
LIMIT = 20.0  # the check's own limit per case, in seconds (far above what any case needs)
GUARD = 5 * LIMIT  # CPU seconds: a check still running then was not stopped by its limit
FOLDER_N = 20  # cases per category in the folder runs
BIG_N = 3  # big cases per category (slow)

# Failures of seed 0 not fixed yet: case name → what fails. Each is a strict xfail, so the fix
# turns it into an XPASS failure: then delete its line.
KNOWN: dict[str, str] = {}  # none: the HTML reader's XML-forbidden characters (\x0c after a dropped nav) are fixed


def count(category: str) -> int:
    return int(CASES) if CASES else DEFAULT_N[category]


def param(name: str, data: bytes | None, key: str) -> Any:
    reason = KNOWN.get(key) if SEED == 0 else None
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, data, id=name, marks=marks)


class RanPastLimit(BaseException):
    """The check used GUARD seconds of CPU: its time limit did not stop it."""


@contextmanager
def cpu_guard(seconds: float) -> Iterator[list[str]]:
    """Raise RanPastLimit after `seconds` of this process's CPU time (not wall time, so a busy
    machine cannot set it off sooner), and again every second of CPU after that (a bare
    `except:` in a library may swallow one); the list yielded records that it fired."""
    fired: list[str] = []

    def fire(signum: int, frame: Any) -> None:
        fired.append(f"still running after {seconds:g} s of CPU time: the time limit did not stop it")
        raise RanPastLimit(fired[0])

    previous = signal.signal(signal.SIGPROF, fire)
    signal.setitimer(signal.ITIMER_PROF, seconds, 1.0)
    try:
        yield fired
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


# Each case runs with one of these (chosen by its name): both languages, a forced pack, every rule.
CONFIGS = (Config(), Config(lang="en"), Config(extend_select=("ALL",)), Config(pack="gov-2019", lang="en"),
           Config(pack="gov-2021", extend_select=("ALL",)))


def assert_contract(name: str, data: bytes) -> FileResult:
    config = CONFIGS[zlib.crc32(name.encode()) % len(CONFIGS)]
    with cpu_guard(GUARD) as fired:
        outcome = check_data(name, data, Options(config=config, time_limit=LIMIT, cache=False))
    assert not fired, fired[0]
    result = outcome.result
    assert isinstance(result, FileResult)
    assert result.path == name
    internal = [f.message for f in result.findings if f.code == "GL002"]
    assert not internal, f"GL002 for {name}: {internal[0]}"
    # a time-out is GL012, never a reader's GL001 nor a rule's GL002 that swallowed it
    swallowed = [f.message for f in result.findings if "CheckTimeout" in f.message or "RanPastLimit" in f.message]
    assert not swallowed, swallowed[0]
    for record in (file_record(result), *map(finding_record, result.findings)):  # as json-lines writes them
        json.loads(json.dumps(record, ensure_ascii=False))
    return result


# --------------------------------------------------------------------------- the generator


@pytest.mark.parametrize("category", CATEGORIES)
def test_cases_are_deterministic_and_a_larger_n_only_adds(category: str) -> None:
    few, more = cases(category, 7, 3), cases(category, 7, 6)
    assert few == more[:3] == cases(category, 7, 3)
    assert len({name for name, _ in more}) == len(more)
    assert all(Path(name).suffix in SUPPORTED for name, _ in more)  # the folder walk takes them all


def test_every_category_stays_small_by_default() -> None:
    for category in CATEGORIES:
        sizes = [len(data) for _, data in cases(category, SEED, 20)]
        assert max(sizes) < 1_000_000, category


# --------------------------------------------------------------------------- single files


def default_params() -> list[Any]:
    return [param(name, data, name) for category in CATEGORIES for name, data in cases(category, SEED, count(category))]


@pytest.mark.parametrize(("name", "data"), default_params())
def test_hostile_input_ends_in_a_result_without_internal_error(name: str, data: bytes) -> None:
    assert_contract(name, data)


def big_params() -> list[Any]:
    # generated in the test: MBs each, and only when the slow tests run
    return [param(f"{category}-{SEED}-{i:04d}-big", None, f"{category}-{SEED}-{i:04d}-big")
            for category in BIG for i in range(int(CASES) if CASES else BIG_N)]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "data"), big_params())
def test_big_hostile_input_ends_in_a_result_without_internal_error(name: str, data: None) -> None:
    category, _, index, _ = name.split("-")
    assert_contract(*case(category, SEED, int(index), big=True))


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY-" + "政府信息公开" * 30, encoding="utf-8")
    for name, data in entity_cases(str(canary)):
        result = assert_contract(name, data)
        seen = json.dumps([result.title, *(f.message for f in result.findings)], ensure_ascii=False)
        assert "CANARY" not in seen, name


# --------------------------------------------------------------------------- folders through the CLI


@pytest.mark.parametrize("category", CATEGORIES)
def test_folder_of_hostile_inputs_reports_every_file_in_json_lines(category: str, tmp_path: Path) -> None:
    names = []
    for name, data in cases(category, SEED, min(FOLDER_N, count(category))):
        (tmp_path / name).write_bytes(data)
        names.append(name)
    args = ["check", "--format", "json-lines", "--no-cache", "--fail-on", "never", "-j", "1", "--no-progress",
            "--no-config", "--timeout", f"{LIMIT:g}", str(tmp_path)]
    with cpu_guard(GUARD * len(names)) as fired:
        run = CliRunner().invoke(main, args)
    assert not fired, fired[0]
    assert run.exception is None or isinstance(run.exception, SystemExit), repr(run.exception)
    assert run.exit_code == 0, run.output[-2000:]
    assert "Traceback" not in run.stderr
    records = []
    for line in run.stdout.splitlines():
        record = json.loads(line)
        assert isinstance(record, dict) and record.get("type") in ("finding", "file", "summary"), line[:200]
        records.append(record)
    reported = [Path(r["path"]).name for r in records if r["type"] == "file"]
    assert sorted(reported) == sorted(names)
    assert records[-1]["type"] == "summary" and records[-1]["files"] == len(names)
    assert [r for r in records if r["type"] == "summary"] == records[-1:]
    findings = [r for r in records if r["type"] == "finding"]
    assert all(Path(f["path"]).name in names for f in findings)
