"""Per-file limits that cannot be swallowed: the time limit (soft in the checking process, hard
in govlint.pool's workers), the memory budget, and what a file that hits them reports.

No assertion here depends on how fast the machine is: the hard deadline is driven by an injected
clock, and the slow checks are made endless (or far over the limit) rather than timed."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from govlint import api, batch, pool
from govlint.cli import main
from govlint.errors import CheckTimeout

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FORK = pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked here")
REDOS_RULE = """rules:
  - code: XX001
    name: catastrophic-backtracking
    kind: pattern
    forbid: ['(a+)+$']
    severity: warning
    title: {zh: 回溯, en: backtracking}
    message: {zh: "“{match}”", en: "“{match}”"}
    description: {zh: 说明, en: description}
"""


def run_json(*args: Any) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-progress", *map(str, args)],
                                catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def codes(data: dict[str, Any]) -> list[str]:
    return sorted(f["code"] for f in data["findings"])


# --------------------------------------------------------------------------- the exception


def test_a_timeout_is_not_an_exception_that_isolation_catches() -> None:
    assert issubclass(CheckTimeout, BaseException) and not issubclass(CheckTimeout, Exception)
    assert batch.CheckTimeout is CheckTimeout


def test_soft_limit_interrupts_a_regex_and_a_python_loop() -> None:
    import re

    with pytest.raises(CheckTimeout), batch.time_limit(0.05):
        re.search(r"(a+)+$", "a" * 40 + "!")  # ~2**40 steps: only the limit ends it
    with pytest.raises(CheckTimeout), batch.time_limit(0.05):
        while True:
            pass


# --------------------------------------------------------------------------- the pool


def double(x: int) -> int:
    return 2 * x


def lost_as_text(item: int, why: pool.Lost) -> str:
    return f"{item}:{why.reason}:{why.exitcode}:{why.detail}"


def behave(item: int) -> Any:
    """An item's behaviour in a worker: 1 exits, 2 raises, 3 hangs with signals blocked (stuck in C
    code as far as SIGALRM is concerned), 4 allocates past any budget; the rest double."""
    if item == 1:
        os._exit(3)
    if item == 2:
        raise ValueError("bad item")
    if item == 3:
        if STUCK_FLAG is not None:
            STUCK_FLAG.touch()  # tells JumpClock that this worker is stuck now
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            time.sleep(1)
    if item == 4:
        return len(bytearray(64 * 1024**3))
    return 2 * item


STUCK_FLAG: Path | None = None


class JumpClock:
    """A clock that stands still until a worker says it is stuck (STUCK_FLAG), then jumps far
    past any deadline once: only the stuck item can time out, however slow the machine is."""

    def __init__(self) -> None:
        self.now = 0.0
        self.guard = time.monotonic() + 300  # a hang guard only: never reached unless a child hangs

    def __call__(self) -> float:
        # the read that sees the flag still gives the old time (it may be the one that starts
        # the stuck item's clock); every later read is past the deadline
        value = self.now
        if STUCK_FLAG is not None and STUCK_FLAG.exists():
            STUCK_FLAG.unlink()
            self.now += 1000.0
        elif time.monotonic() > self.guard:
            self.guard = float("inf")
            self.now += 1000.0  # a child that never answers: end the test (its assertion then fails)
        return value


@pytest.fixture
def stuck_flag(tmp_path: Path) -> Iterator[Path]:
    flag = tmp_path / "stuck"
    globals()["STUCK_FLAG"] = flag
    yield flag
    globals()["STUCK_FLAG"] = None


def through(mechanism: str, fn: Any, items: list[int], **kw: Any) -> list[Any]:
    """fn over items through the pool (`imap`) or one forked child per item (`call_forked`)."""
    if mechanism == "imap":
        return list(pool.imap(fn, items, kw.pop("jobs", 1), lost_as_text, **kw))
    return [pool.call_forked(fn, item, lost_as_text, **kw) for item in items]


MECHANISMS = pytest.mark.parametrize("mechanism", ["imap", "call_forked"])


@FORK
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_pool_keeps_the_order_of_the_items(jobs: int) -> None:
    items = list(range(5, 40))
    assert list(pool.imap(double, items, jobs, lost_as_text)) == [2 * i for i in items]


@FORK
def test_pool_with_no_items_starts_nothing() -> None:
    assert list(pool.imap(double, [], 2, lost_as_text)) == []


@FORK
@MECHANISMS
def test_a_worker_that_dies_or_raises_loses_only_its_item(mechanism: str) -> None:
    out = through(mechanism, behave, [5, 1, 6, 2, 7], **({"jobs": 2} if mechanism == "imap" else {}))
    assert out == [10, "1:died:3:", 12, "2:error:None:ValueError: bad item", 14]


@FORK
@MECHANISMS
def test_a_stuck_worker_is_killed_at_the_deadline_and_replaced(mechanism: str, stuck_flag: Path) -> None:
    # the clock passes the 25 s deadline only once the stuck worker has said so; the items
    # after it still get a worker, and no other item can time out
    out = through(mechanism, behave, [3, 5, 6], limit=25.0, clock=JumpClock())
    assert out == ["3:timeout:None:", 10, 12]


@FORK
@MECHANISMS
def test_the_memory_budget_turns_a_huge_allocation_into_an_error(mechanism: str) -> None:
    resource = pytest.importorskip("resource")
    if not hasattr(resource, "RLIMIT_AS"):
        pytest.skip("no address-space limit on this platform")
    out = through(mechanism, behave, [4, 5], memory_mb=256)
    assert out == ["4:error:None:MemoryError: ", 10]


@FORK
def test_a_result_that_cannot_be_sent_is_an_error() -> None:
    assert pool.call_forked(lambda item: (lambda: item), 1, lost_as_text).startswith("1:error:None:")
    [out] = pool.imap(unpicklable, [1], 1, lost_as_text)
    assert out.startswith("1:error:None:")


def unpicklable(item: int) -> Any:
    return lambda: item


def test_hard_deadline_is_after_the_soft_limit() -> None:
    assert pool.hard_deadline(None) is None
    for soft in (0.1, 1.0, 60.0):
        deadline = pool.hard_deadline(soft)
        assert deadline is not None and deadline > soft


# --------------------------------------------------------------------------- files that hit a limit


@pytest.fixture
def redos_folder(tmp_path: Path) -> Path:
    """A clean report with a line on which a custom rule backtracks for ~2**24 steps."""
    (tmp_path / "rules.yaml").write_text(REDOS_RULE, encoding="utf-8")
    (tmp_path / ".govlint.yaml").write_text("rule_paths: [rules.yaml]\n", encoding="utf-8")
    text = (EXAMPLES / "2023_clean.txt").read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n")
    (tmp_path / "report.txt").write_text(head + sep + "a" * 24 + "!\n" + rest, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("isolate", [False, True], ids=["in-process", "worker"])
def test_a_rule_past_the_limit_gives_gl012_and_nothing_else(redos_folder: Path, own_cache: Path, isolate: bool,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    if isolate and not hasattr(os, "fork"):
        pytest.skip("worker processes are forked here")
    if not isolate:
        monkeypatch.delattr(os, "fork")  # the command line then checks in its own process
    status, data = run_json(redos_folder / "report.txt", "--timeout", "0.1")
    assert codes(data) == ["GL012"] and status == 1
    assert "0.1" in data["findings"][0]["message"]


@pytest.mark.slow
def test_after_a_timeout_a_run_with_the_default_limit_checks_normally(redos_folder: Path, own_cache: Path) -> None:
    run_json(redos_folder / "report.txt", "--timeout", "0.1")
    status, data = run_json(redos_folder / "report.txt")
    assert "GL012" not in codes(data) and "GL002" not in codes(data)
    assert data["summary"]["files"] == 1 and status == 0


@pytest.fixture
def endless_pdf_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """pdfminer interprets every page for ever (inside its own `except Exception` blocks)."""
    pdfinterp = pytest.importorskip("pdfminer.pdfinterp")

    def execute(self: Any, streams: Any) -> None:
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(pdfinterp.PDFPageInterpreter, "execute", execute)
    yield


def minimal_pdf() -> bytes:
    """A one-page PDF with a text layer (written by hand: a page, a font, a content stream)."""
    content = b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_past_the_limit_gives_gl012_not_unreadable_and_is_not_cached(
        tmp_path: Path, own_cache: Path, endless_pdf_pages: None, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(minimal_pdf())
    status, data = run_json(path, "--timeout", "0.1")
    assert codes(data) == ["GL012"] and status == 1
    monkeypatch.undo()  # the PDF reads normally again; the time-out was not kept in the cache
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(own_cache))
    _, again = run_json(path)
    assert "GL012" not in codes(again) and codes(again)  # read: a one-line text is not a report


@FORK
def test_a_reader_stuck_in_c_code_is_killed_and_the_file_is_gl012(tmp_path: Path, own_cache: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGALRM cannot reach code that never returns to Python: the worker is killed at the hard
    deadline (the deadline's arithmetic is shortened here; how long the wait is is not asserted)."""
    from govlint import readers

    real = readers.read

    def stuck(name: str, data: bytes) -> Any:
        if name.endswith("stuck.txt"):
            behave(3)
        return real(name, data)

    monkeypatch.setattr(readers, "read", stuck)
    monkeypatch.setattr(pool, "GRACE_SECONDS", 0.2)
    (tmp_path / "a.txt").write_text((EXAMPLES / "2023_defect_table3_row_total.txt").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    (tmp_path / "stuck.txt").write_text("x", encoding="utf-8")
    status, data = run_json(tmp_path, "--timeout", "1")
    assert [(Path(f["path"]).name, f["code"]) for f in data["findings"]] == [
        ("a.txt", "GL301"), ("a.txt", "GL302"), ("stuck.txt", "GL012")]
    assert data["summary"]["files"] == 2 and status == 1


@FORK
def test_a_file_over_the_memory_budget_is_unreadable_not_a_crash(tmp_path: Path, own_cache: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = api.check_document

    def greedy(text: str, name: str, *args: Any, **kwargs: Any) -> Any:
        if name.endswith("huge.txt"):
            bytearray(64 * 1024**3)
        return real(text, name, *args, **kwargs)

    monkeypatch.setattr(api, "check_document", greedy)
    (tmp_path / "huge.txt").write_text("x", encoding="utf-8")
    (tmp_path / "ok.txt").write_text((EXAMPLES / "2023_clean.txt").read_text(encoding="utf-8"), encoding="utf-8")
    status, data = run_json(tmp_path)
    found = [(Path(f["path"]).name, f["code"]) for f in data["findings"]]
    assert found == [("huge.txt", "GL001")]
    assert "内存" in data["findings"][0]["message"] and status == 1


def test_outcome_of_a_lost_worker() -> None:
    options = batch.Options()
    timeout = batch._lost(options, "a.txt", pool.Lost("timeout")).result.findings
    oom = batch._lost(options, "a.txt", pool.Lost("died", -signal.SIGKILL)).result.findings
    crash = batch._lost(options, "a.txt", pool.Lost("died", -signal.SIGSEGV)).result.findings
    assert [f.code for f in (*timeout, *oom, *crash)] == ["GL012", "GL001", "GL002"]
    assert "内存" in oom[0].message and str(-signal.SIGSEGV) in crash[0].message
