"""A pool of worker processes with a time limit per item: a hung worker is killed and
replaced, a crashed one too, and the input is pulled only as workers become free.

``multiprocessing.Pool`` cannot do this: its feeder thread drains the whole input
iterator, and a task stuck in C code (Tesseract) can only be stopped by killing its
process, which breaks the pool. Here each worker has its own pipe and holds at most one
item, so at most ``workers`` items are in flight and the parent can SIGKILL any one worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import signal
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from pipeline.errors import EngineError

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

MAX_START_FAILURES = 3
"""Workers that die (or hang) before they are ready, in a row, before the pool gives up."""
DEFAULT_START_LIMIT_S = 120.0
"""How long a worker may take to start (import, warm its engine), seconds."""
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Done(Generic[T, R]):
    """An item the worker finished, and what it returned."""

    item: T
    value: R


@dataclass(frozen=True, slots=True)
class TimedOut(Generic[T]):
    """An item its worker had not finished within the limit; the worker was killed."""

    item: T
    limit_s: float
    """The time limit it broke, seconds."""


@dataclass(frozen=True, slots=True)
class Crashed(Generic[T]):
    """An item whose worker died while on it (a crash in C code, the kernel's OOM killer)."""

    item: T
    exitcode: int | None
    """The worker's exit status; negative is the signal that ended it."""


Outcome = Done[T, R] | TimedOut[T] | Crashed[T]


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when its parent (the forkserver, which
    exits with the batch) goes, so a worker hung in C code never outlives a killed batch."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _worker_main(
    conn: Connection, init: Callable[[S], None], init_arg: S, task: Callable[[T], R]
) -> None:
    """A worker: set up once, say ready, then run each item received until ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    init(init_arg)
    conn.send(("ready", None))
    while True:
        try:
            item = conn.recv()
        except EOFError:  # the parent is gone
            return
        if item is None:
            return
        conn.send(("done", task(item)))


@dataclass(slots=True, eq=False)
class _Worker(Generic[T]):
    process: BaseProcess
    conn: Connection
    started: float
    """When it was started (monotonic seconds)."""
    ready: bool = False
    item: T | None = None
    deadline: float = 0.0
    """When its current item's time is up (monotonic seconds)."""


class WorkerPool(Generic[S, T, R]):
    """``workers`` processes, each set up once by ``init(init_arg)`` and then running
    ``task`` on one item at a time. ``init``, ``init_arg`` and ``task`` must pickle
    (module-level functions, frozen dataclasses): workers start by forkserver."""

    def __init__(
        self,
        workers: int,
        init: Callable[[S], None],
        init_arg: S,
        task: Callable[[T], R],
        *,
        item_limit_s: float | None,
        start_limit_s: float = DEFAULT_START_LIMIT_S,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._n = workers
        self._init = init
        self._init_arg = init_arg
        self._task = task
        self._limit = item_limit_s
        self._start_limit = start_limit_s
        self._ctx = multiprocessing.get_context("forkserver")
        self._workers: list[_Worker[T]] = []
        self._start_failures = 0
        self.replaced = 0
        """Workers killed or lost and replaced so far."""

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def _start(self) -> _Worker[T]:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main, args=(child, self._init, self._init_arg, self._task),
            daemon=True, name="cardocr-worker",
        )
        process.start()
        child.close()  # only the worker holds it now: its death shows as EOF here
        return _Worker(process=process, conn=parent, started=time.monotonic())

    def _stop(self, w: _Worker[T]) -> None:
        """Kill a worker (SIGKILL: a hang in C code ignores anything gentler)."""
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        w.conn.close()
        with contextlib.suppress(ValueError):
            w.process.close()

    def _replace(self, w: _Worker[T]) -> None:
        self._stop(w)
        self._workers[self._workers.index(w)] = self._start()
        self.replaced += 1

    def _lost_before_ready(self, w: _Worker[T], why: str) -> None:
        self._start_failures += 1
        log.warning("a worker %s before it was ready", why)
        if self._start_failures >= MAX_START_FAILURES:
            raise EngineError(f"workers fail to start: {MAX_START_FAILURES} in a row {why}")
        self._replace(w)

    def run(self, items: Iterable[T]) -> Generator[Outcome[T, R], None, None]:
        """Outcomes in completion order. Pulls the next item only when a worker is free
        (at most ``workers`` in flight); the workers are killed when this generator ends,
        also when it is closed early or interrupted (Ctrl-C)."""
        source = iter(items)
        waiting: T | None = None  # pulled from the source, not yet given to a worker
        exhausted = False
        self._workers = [self._start() for _ in range(self._n)]
        try:
            while True:
                now = time.monotonic()
                for w in self._workers:
                    if not w.ready or w.item is not None:
                        continue
                    if waiting is None and not exhausted:
                        try:
                            waiting = next(source)
                        except StopIteration:
                            exhausted = True
                    if waiting is None:
                        break
                    try:
                        w.conn.send(waiting)
                    except (BrokenPipeError, OSError):
                        continue  # it died idle: noticed below, the item goes to another
                    w.item, waiting = waiting, None
                    w.deadline = now + self._limit if self._limit is not None else float("inf")
                if exhausted and waiting is None and all(w.item is None for w in self._workers):
                    return
                yield from self._collect(self._wait_time())
        finally:
            for w in self._workers:
                if w.item is None and w.ready:
                    with contextlib.suppress(OSError):
                        w.conn.send(None)
            for w in self._workers:
                w.process.join(0.5 if w.item is None else 0)
                self._stop(w)
            self._workers = []

    def _wait_time(self) -> float:
        """Seconds until the next deadline (an item's or a start's), at most 1."""
        now = time.monotonic()
        ends = [w.deadline if w.ready else w.started + self._start_limit for w in self._workers
                if w.item is not None or not w.ready]
        return max(0.0, min([1.0, *(end - now for end in ends)]))

    def _collect(self, timeout: float) -> Iterator[Outcome[T, R]]:
        """Wait up to ``timeout`` seconds; then every finished, dead or late worker's outcome."""
        by_handle: dict[Any, _Worker[T]] = {}
        for w in self._workers:
            by_handle[w.conn] = w
            by_handle[w.process.sentinel] = w
        ready = wait(list(by_handle), timeout)
        seen: set[int] = set()
        for handle in ready:
            w = by_handle[handle]
            if id(w) in seen:
                continue
            seen.add(id(w))
            outcome = self._receive(w)
            if outcome is not None:
                yield outcome
        now = time.monotonic()
        for w in list(self._workers):
            if w.item is not None and now > w.deadline:
                item, limit = w.item, self._limit
                assert limit is not None
                log.warning("a card passed the %.0f s time limit; its worker is replaced", limit)
                self._replace(w)
                yield TimedOut(item, limit)
            elif not w.ready and now > w.started + self._start_limit:
                self._lost_before_ready(w, f"took over {self._start_limit:.0f} s to start")

    def _receive(self, w: _Worker[T]) -> Outcome[T, R] | None:
        """What a worker whose pipe or sentinel is ready has to say (None: nothing yet)."""
        message: tuple[str, Any] | None = None
        if w.conn.poll():
            try:
                message = w.conn.recv()
            except (EOFError, OSError):
                message = None
        if message is not None:
            kind, value = message
            if kind == "ready":
                w.ready = True
                self._start_failures = 0
                return None
            item = w.item
            w.item = None
            assert item is not None
            return Done(item, value)
        if w.process.is_alive():
            return None
        # It died. Give its item (if any) as crashed, and replace it.
        w.process.join(1)
        code = w.process.exitcode
        item = w.item
        if not w.ready:
            self._lost_before_ready(w, f"exited with status {code}")
            return None
        log.warning("a worker died (exit status %s); it is replaced", code)
        self._replace(w)
        return Crashed(item, code) if item is not None else None


def _child_main(conn: Connection, task: Callable[[T], R], item: T) -> None:
    """A forked child: run one item, send back what it returned, exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    conn.send(task(item))
    conn.close()


def call_with_time_limit(task: Callable[[T], R], item: T, limit_s: float) -> Outcome[T, R]:
    """Run ``task(item)`` in a forked child process within ``limit_s`` seconds: what it
    returned, or :class:`TimedOut` (the child SIGKILLed: a hang in C code, such as
    rendering a PDF of 200,000 fills, ignores anything gentler), or :class:`Crashed`.

    Fork, not forkserver: the caller (``cardocr extract``) has imported what the task
    needs, so the child starts in a millisecond. ``task`` must not raise."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_main, args=(child, task, item), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(limit_s):
            return TimedOut(item, limit_s)
        try:
            value: R = parent.recv()
        except (EOFError, OSError):  # it died before sending
            process.join(5)
            return Crashed(item, process.exitcode)
        return Done(item, value)
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()

