"""Worker processes the parent can stop: the hard half of the per-file limits.

Two ways, one contract: `imap` keeps `jobs` workers (multiprocessing) for large batches;
`call_forked` forks one child per item with nothing but os.fork and a pipe, for the common small
runs (one report, a pre-commit batch), where importing multiprocessing would cost more than the
check itself.

Each worker checks one item at a time, sent over its own pipe, so the parent always knows which
file a worker holds and since when. The soft limit (SIGALRM inside the worker, govlint.batch)
ends most slow checks between two Python instructions; a worker still busy at the hard deadline
is stuck in C code (a parser, a decompressor) and is killed. A worker that dies — killed here,
by the kernel for memory, or by a crash — is replaced and its item is reported through `lost`;
every other item goes on. Results come back in the order of the items, whatever the jobs.

The memory budget is an address-space limit (RLIMIT_AS) set in each worker, where the platform
has one: an allocation past it raises MemoryError in the worker instead of growing the machine's
memory; the parent never runs a check, so what one file holds never reaches it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no memory budget
    resource = None  # type: ignore[assignment]

Item = TypeVar("Item")
Result = TypeVar("Result")

GRACE_FACTOR, GRACE_SECONDS = 0.25, 2.0  # the hard deadline: the soft limit plus a quarter, plus 2 s
POLL = 0.5  # longest wait between two looks at the clock (an injected clock is not a timer)


def hard_deadline(soft: float | None) -> float | None:
    """Seconds after which a worker is killed: later than the soft limit, so that a check the
    soft limit can stop ends by itself (GL012 from the worker) and the kill is for stuck C code."""
    return None if soft is None else soft * (1 + GRACE_FACTOR) + GRACE_SECONDS


@dataclass(frozen=True, slots=True)
class Lost:
    """Why a worker gave no result for an item: `timeout` (killed at the hard deadline), `died`
    (it ended by itself: `exitcode` is its code, negative for a signal) or `error` (fn raised:
    `detail` names the exception)."""

    reason: str
    exitcode: int | None = None
    detail: str = ""


@dataclass(slots=True)
class _Task(Generic[Item]):
    index: int
    item: Item
    started: float


class _Worker:
    """A worker process with the tasks sent to it, oldest first: it works on the first, whose
    clock started when it reached the head; the next one waits in the pipe, so the worker never
    idles through a round trip."""

    def __init__(self, context: Any, target: Callable[..., None], args: tuple[Any, ...]) -> None:
        self.conn, child = context.Pipe()
        self.proc = context.Process(target=target, args=(child, *args), daemon=True)
        self.proc.start()
        child.close()
        self.tasks: deque[_Task[Any]] = deque()

    def send(self, index: int, item: Any, now: float) -> None:
        self.tasks.append(_Task(index, item, now))
        # a worker that died since its last result: the task stays queued, and is sent again
        # once collect() has seen the death and replaced the worker
        with contextlib.suppress(OSError):
            self.conn.send((index, item))

    def stop(self, kill: bool) -> None:
        if kill and self.proc.is_alive():
            self.proc.kill()
        else:
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():  # pragma: no cover - a worker that ignores its stop message
            self.proc.kill()
            self.proc.join()
        self.conn.close()


DEPTH = 2  # tasks in flight per worker


def imap(fn: Callable[[Item], Result], items: Iterable[Item], jobs: int, lost: Callable[[Item, Lost], Result],
         limit: float | None = None, memory_mb: int | None = None, initializer: Callable[[], None] | None = None,
         clock: Callable[[], float] = time.monotonic) -> Iterator[Result]:
    """fn(item) for every item in `jobs` worker processes, in the order of `items`; an item whose
    worker is killed after `limit` seconds (or dies) gives lost(item, why) instead."""
    pending = deque(enumerate(items))
    if not pending:
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if can_fork() else "spawn")
    pool = _Pool(context, (fn, initializer, memory_mb), lost, limit, clock)
    workers = pool.workers
    workers.extend(pool.start() for _ in range(max(1, min(jobs, len(pending)))))
    done: dict[int, Result] = {}
    next_out = 0
    try:
        while pending or any(w.tasks for w in workers):
            for worker in workers:
                while len(worker.tasks) < DEPTH and pending:
                    worker.send(*pending.popleft(), clock())
            for index, result in pool.collect(pending):
                done[index] = result
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for worker in workers:
            worker.stop(kill=bool(worker.tasks))


@dataclass(slots=True)
class _Pool:
    context: Any
    args: tuple[Any, ...]
    lost: Callable[[Any, Lost], Any]
    limit: float | None
    clock: Callable[[], float]
    workers: list[_Worker] = field(default_factory=list)

    def start(self) -> _Worker:
        return _Worker(self.context, _serve, self.args)

    def collect(self, pending: deque[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
        """Wait for a result, a dead worker or the next deadline; what finished. A lost worker
        is replaced, and the tasks queued behind the one it held go back to `pending`."""
        workers = self.workers
        busy = [w for w in workers if w.tasks]
        wait = None
        if self.limit is not None:
            now = self.clock()
            wait = min(POLL, max(0.0, min(w.tasks[0].started + self.limit - now for w in busy)))
        ready = _wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], wait)
        for slot, worker in enumerate(workers):
            if not worker.tasks:
                continue
            head = worker.tasks[0]
            if worker.conn in ready or (worker.proc.sentinel in ready and worker.conn.poll()):
                try:
                    while worker.tasks and worker.conn.poll():  # every result already there
                        head = worker.tasks[0]
                        _, result = worker.conn.recv()
                        worker.tasks.popleft()
                        if worker.tasks:
                            worker.tasks[0].started = self.clock()  # the next task's turn starts now
                        yield head.index, (self.lost(head.item, result) if isinstance(result, Lost) else result)
                except (EOFError, OSError):  # died while sending
                    yield head.index, self._replace(slot, pending, Lost("died", worker.proc.exitcode))
            elif worker.proc.sentinel in ready:
                worker.proc.join()
                yield head.index, self._replace(slot, pending, Lost("died", worker.proc.exitcode))
            elif self.limit is not None and self.clock() - head.started >= self.limit:
                yield head.index, self._replace(slot, pending, Lost("timeout"))

    def _replace(self, slot: int, pending: deque[tuple[int, Any]], why: Lost) -> Any:
        """Stop the worker in `slot` and start a fresh one there; the result for the task it was
        on (the tasks behind it are sent again)."""
        workers = self.workers
        worker = workers[slot]
        head, *queued = worker.tasks
        worker.tasks.clear()
        worker.stop(kill=True)
        if why.reason == "died" and why.exitcode is None:
            why = Lost("died", worker.proc.exitcode)
        pending.extendleft((t.index, t.item) for t in reversed(queued))
        workers[slot] = self.start()
        return self.lost(head.item, why)


def _wait(objects: list[Any], timeout: float | None) -> set[Any]:
    """Which of the pipes and process sentinels are ready: select() on POSIX (one system call),
    multiprocessing's wait elsewhere (Windows pipes cannot be selected)."""
    if os.name != "posix":  # pragma: no cover - Windows
        from multiprocessing import connection

        return set(connection.wait(objects, timeout))
    by_fd = {(o if isinstance(o, int) else o.fileno()): o for o in objects}
    return {by_fd[fd] for fd in select.select(list(by_fd), [], [], timeout)[0]}


def can_fork() -> bool:
    """Whether children can be forked here (POSIX); looked up at each call."""
    return hasattr(os, "fork")


def call_forked(fn: Callable[[Item], Result], item: Item, lost: Callable[[Item, Lost], Result],
                limit: float | None = None, memory_mb: int | None = None,
                clock: Callable[[], float] = time.monotonic) -> Result:
    """fn(item) in a forked child (POSIX only: see can_fork), with imap's contract: the child
    is killed after `limit` seconds, and lost(item, why) is the result of one that gave none."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
        try:
            os.close(read_end)
            _child(fn, item, memory_mb, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    data, why = _read_child(read_end, pid, limit, clock)
    if why is not None:
        return lost(item, why)
    result = pickle.loads(data)
    return lost(item, result) if isinstance(result, Lost) else result


def _child(fn: Callable[[Any], Any], item: Any, memory_mb: int | None, out: int) -> None:
    # nothing is imported here: a lock another thread of the parent held at the fork (an import
    # under way) would never be released in the child
    _start_child(memory_mb)
    result = _attempt(fn, item)
    try:
        data = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # too big for the memory budget, or unpicklable
        data = pickle.dumps(_error(exc))
    with os.fdopen(out, "wb") as pipe:
        pipe.write(data)


def _read_child(fd: int, pid: int, limit: float | None, clock: Callable[[], float]) -> tuple[bytes, Lost | None]:
    """Everything the child writes, or why there is nothing (killed at `limit`, or died)."""
    chunks: list[bytes] = []
    started = clock()
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while True:
            wait = None if limit is None else min(POLL, max(0.0, started + limit - clock()))
            if select.select([pipe], [], [], wait)[0]:
                chunk = pipe.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            elif limit is not None and clock() - started >= limit:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return b"", Lost("timeout")
    status = os.waitpid(pid, 0)[1]
    if not chunks:
        return b"", Lost("died", os.waitstatus_to_exitcode(status))
    return b"".join(chunks), None


def _serve(conn: Any, fn: Callable[[Any], Any], initializer: Callable[[], None] | None,
           memory_mb: int | None) -> None:
    """A worker: set the memory budget, then answer (index, item) messages until None."""
    _start_child(memory_mb)
    if initializer is not None:
        initializer()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        index, item = message
        result = _attempt(fn, item)
        try:
            conn.send((index, result))
        except Exception as exc:  # a result that cannot be sent (too big for the memory budget, unpicklable)
            conn.send((index, _error(exc)))


def _start_child(memory_mb: int | None) -> None:
    """What every child does first: leave Ctrl-C to the parent (which stops the children) and
    take on the memory budget."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_mb:
        limit_memory(memory_mb)


def _attempt(fn: Callable[[Any], Any], item: Any) -> Any:
    """fn(item), or the Lost that reports fn's own exception for this item (the child goes on)."""
    try:
        return fn(item)
    except Exception as exc:
        return _error(exc)


def _error(exc: Exception) -> Lost:
    return Lost("error", detail=f"{type(exc).__name__}: {exc}")


def limit_memory(megabytes: int) -> bool:
    """Cap this process's address space at its present size plus `megabytes`; False where the
    platform has no such limit (then only the readers' own size limits bound memory)."""
    if resource is None or not hasattr(resource, "RLIMIT_AS"):  # pragma: no cover - Windows, some BSDs
        return False
    cap = _address_space() + megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):  # pragma: no cover - not allowed here
        return False
    return True


def _address_space() -> int:
    """This process's virtual size in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")
