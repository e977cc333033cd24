"""A warm pool of reader processes for the service: bounded, with a time limit per card.

Each worker is a process of its own (forkserver) holding one warm OCR engine and reading
one card at a time over a pipe. The pool admits at most ``queue_limit`` requests at once
(reading or waiting for a worker); one more is refused at once with :class:`QueueFull`,
never queued. A card past its time limit gets :class:`CardTimeout` and its worker is
killed and replaced, so a hung worker never blocks the service.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from typing import Any

from pipeline.boundary import failure_result, read_card_json
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.ocr import get_engine, single_threaded
from pipeline.process import load_pages

log = logging.getLogger(__name__)

WARM_UP_LIMIT_S = 120.0
"""A worker that has not warmed its engine within this many seconds is reported failed."""
STOP_GRACE_S = 2.0
"""Seconds a worker gets to exit after being asked to, before it is killed."""
MIN_READ_S = 0.05
"""A card whose request has less time left than this when a worker frees up is not started
(it could only time out and cost the worker a restart)."""


@dataclass(frozen=True, slots=True)
class Job:
    """One card to read: the uploaded bytes of its sides (never written to disk)."""

    front: bytes
    back: bytes | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """A worker's answer: the HTTP status and the JSON body to send."""

    status: int
    body: dict[str, Any]


def error_body(code: str, message: str) -> dict[str, Any]:
    """The service's JSON error object."""
    return {"error": {"code": code, "message": message}}


Task = Callable[[Job, "PoolSetup"], Reply]
"""What a worker runs per card (module-level, so it pickles by name)."""
Warm = Callable[["PoolSetup"], str]
"""What a worker runs once at start; returns a description of what it warmed."""


def warm_engine(setup: PoolSetup) -> str:
    """Create the worker's engine once (kept warm by :func:`pipeline.ocr.get_engine`)."""
    return get_engine(setup.engine, setup.config.ocr_timeout_s).version()


def input_status(problem: str) -> tuple[int, str]:
    """HTTP status and error code for a decoder's :class:`InputError` problem text.

    >>> input_status("image is 9000x9000 pixels, over the 50 megapixel limit")
    (413, 'image_too_large')
    >>> input_status("unsupported image format GIF")
    (415, 'unsupported_format')
    >>> input_status("not an image (unrecognised file format)")
    (422, 'unreadable_image')
    """
    if "limit" in problem or "too large" in problem:
        return 413, "image_too_large"
    if problem.startswith("unsupported image format"):
        return 415, "unsupported_format"
    return 422, "unreadable_image"


def _failing_side(job: Job, config: Config) -> str:
    """Which upload the decoder refused (only called once decoding has failed)."""
    try:
        load_pages(job.front, config)
    except InputError:
        return "front"
    return "back"


def read_card(job: Job, setup: PoolSetup) -> Reply:
    """The default task: the contract's card result, or a 4xx error for a bad upload.

    Any other failure (OCR, a stage's bug) is a card result with review reason
    ``unreadable_file``, as in a batch (:mod:`pipeline.boundary`).
    """
    try:
        engine = get_engine(setup.engine, setup.config.ocr_timeout_s)
        return Reply(200, read_card_json(job.front, job.back, engine=engine,
                                         config=setup.config))
    except InputError as e:
        status, code = input_status(e.problem)
        return Reply(status, error_body(code, f"{_failing_side(job, setup.config)}: {e.problem}"))
    except Exception as e:  # the engine would not start: no card values logged
        return Reply(200, failure_result(None, e))


@dataclass(frozen=True, slots=True)
class PoolSetup:
    """What each worker process starts with."""

    engine: str
    config: Config
    task: Task = read_card
    warm: Warm = warm_engine


def _worker_main(conn: Connection, setup: PoolSetup) -> None:
    """A worker process: warm up, say so, then answer one job at a time until told to stop."""
    single_threaded()  # OpenCV's threads cost ~4% more CPU per card here
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        what = setup.warm(setup)
    except Exception as e:
        conn.send(("failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", what))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(setup.task(job, setup))


class CardTimeout(Exception):
    """The card was not read within the time limit."""


class QueueFull(Exception):
    """As many requests as the bound allows are reading or waiting already."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"busy; retry after {retry_after_s} s")
        self.retry_after_s = retry_after_s


class WorkerFailed(Exception):
    """A worker process died while reading a card (it has been replaced)."""

    def __init__(self, message: str, exitcode: int | None = None) -> None:
        super().__init__(message)
        self.exitcode = exitcode
        """The dead process's exit status (negative: the signal that ended it)."""


@dataclass(slots=True)
class _Process:
    """One started worker process and its state; replaced wholesale on restart."""

    process: BaseProcess
    conn: Connection
    ready: threading.Event = field(default_factory=threading.Event)
    failure: str | None = None


class Worker:
    """One reader process with its pipe; :meth:`call` is used by one thread at a time."""

    def __init__(self, ctx: ForkServerContext, setup: PoolSetup, index: int) -> None:
        self._ctx = ctx
        self._setup = setup
        self.index = index
        self._lock = threading.Lock()
        self._stopped = False
        self._proc = self._start()

    def _start(self) -> _Process:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main, args=(child, self._setup), daemon=True,
            name=f"cardocr-reader-{self.index}",
        )
        process.start()
        child.close()
        proc = _Process(process=process, conn=parent)
        threading.Thread(target=self._await_ready, args=(proc,), daemon=True).start()
        return proc

    @staticmethod
    def _await_ready(proc: _Process) -> None:
        """Wait (in a thread) for the worker's first message: warm, or failed to start."""
        try:
            if not proc.conn.poll(WARM_UP_LIMIT_S):
                proc.failure = f"not warm after {WARM_UP_LIMIT_S:.0f} s"
                return
            kind, detail = proc.conn.recv()
        except (EOFError, OSError):
            proc.failure = "exited while starting"
            return
        if kind == "ready":
            proc.ready.set()
        else:
            proc.failure = str(detail)
            log.error("reader %s failed to start: %s", proc.process.name, detail)

    @property
    def ready(self) -> bool:
        return self._proc.ready.is_set()

    @property
    def failure(self) -> str | None:
        return self._proc.failure

    def call(self, job: Job, timeout_s: float) -> Reply:
        """Read one card; kills and replaces the process when it takes over ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        with self._lock:
            proc = self._proc
            while not proc.ready.wait(0.05):
                if proc.failure is not None:
                    raise WorkerFailed(f"the reader failed to start: {proc.failure}")
                if time.monotonic() > deadline:
                    raise CardTimeout("the reader was not ready in time")
            try:
                proc.conn.send(job)
                if not proc.conn.poll(max(0.0, deadline - time.monotonic())):
                    self._restart("over the time limit")
                    raise CardTimeout("the card was not read in time")
                reply: Reply = proc.conn.recv()
            except (EOFError, OSError) as e:
                proc.process.join(STOP_GRACE_S)
                code = proc.process.exitcode
                self._restart(f"died ({type(e).__name__})")
                raise WorkerFailed("the reader process died", code) from None
            return reply

    def _restart(self, why: str) -> None:
        self._kill(self._proc)
        if self._stopped:  # the pool is closing: no new process
            return
        log.warning("reader %d %s; restarting it", self.index, why)
        self._proc = self._start()

    @staticmethod
    def _kill(proc: _Process) -> None:
        proc.process.kill()
        proc.process.join(STOP_GRACE_S)
        proc.conn.close()

    def stop(self) -> None:
        """Ask the process to exit, then kill it if it does not."""
        self._stopped = True
        proc = self._proc
        with contextlib.suppress(OSError, ValueError):
            proc.conn.send(None)
        proc.process.join(STOP_GRACE_S)
        if proc.process.is_alive():
            proc.process.kill()
            proc.process.join(STOP_GRACE_S)
        proc.conn.close()


@dataclass(frozen=True, slots=True)
class PoolStatus:
    """What ``/readyz`` reports."""

    workers: int
    warm: int
    in_flight: int
    queue_limit: int
    failures: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return self.warm == self.workers


class CardPool:
    """``workers`` warm reader processes behind a bounded admission counter.

    Used from one asyncio event loop: :meth:`read` runs each card on an idle worker through
    a helper thread, so the loop never blocks on OCR.
    """

    def __init__(
        self, setup: PoolSetup, *, workers: int, queue_limit: int, timeout_s: float
    ) -> None:
        if workers < 1 or queue_limit < 1 or timeout_s <= 0:
            raise ValueError("workers and queue_limit must be at least 1, timeout_s positive")
        self.setup = setup
        self.workers = workers
        self.queue_limit = queue_limit
        self.timeout_s = timeout_s
        self._workers: list[Worker] = []
        self._idle: asyncio.Queue[Worker] | None = None
        self._threads: ThreadPoolExecutor | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.in_flight = 0
        self._mean_s = 1.0
        """Moving average of a card's reading time, seconds (for ``Retry-After``)."""

    def start(self) -> None:
        """Start the worker processes (they warm up in the background; see :attr:`ready`)."""
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["__main__", "pipeline.service.pool"])
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        self._threads = ThreadPoolExecutor(self.workers, thread_name_prefix="cardocr-pool")
        for i in range(self.workers):
            worker = Worker(ctx, self.setup, i)
            self._workers.append(worker)
            self._idle.put_nowait(worker)

    def close(self) -> None:
        """Stop every worker process."""
        for worker in self._workers:
            worker.stop()
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
        self._workers.clear()

    def status(self) -> PoolStatus:
        return PoolStatus(
            workers=self.workers,
            warm=sum(w.ready for w in self._workers),
            in_flight=self.in_flight,
            queue_limit=self.queue_limit,
            failures=tuple(f for w in self._workers if (f := w.failure)),
        )

    def retry_after_s(self) -> int:
        """Seconds until a place is likely free: the admitted cards' share of the workers."""
        return max(1, min(60, math.ceil(self._mean_s * self.queue_limit / self.workers)))

    @contextlib.contextmanager
    def admitted(self) -> Iterator[None]:
        """Hold one of the ``queue_limit`` places for a request: the service takes it when
        the request's first byte arrives, so bodies being received count too. Raises
        :class:`QueueFull` at once when every place is taken."""
        if self.in_flight >= self.queue_limit:
            raise QueueFull(self.retry_after_s())
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    async def read(self, job: Job, *, admitted: bool = False,
                   timeout_s: float | None = None) -> Reply:
        """Read one card on an idle worker within the time limit (``timeout_s``, seconds,
        waiting included; the pool's own limit when None).

        Takes a place (:meth:`admitted`) unless the caller holds one already. Raises
        :class:`QueueFull` at once when the bound is reached, :class:`CardTimeout` past the
        limit, :class:`WorkerFailed` when the worker died.
        """
        if self._idle is None or self._threads is None or self._loop is None:
            raise RuntimeError("the pool is not started")
        with contextlib.nullcontext() if admitted else self.admitted():
            return await self._read(job, self.timeout_s if timeout_s is None else timeout_s)

    async def _read(self, job: Job, limit_s: float) -> Reply:
        """Read ``job`` on the next idle worker within ``limit_s`` seconds, waiting included."""
        assert self._idle is not None and self._threads is not None and self._loop is not None
        if limit_s < MIN_READ_S:
            raise CardTimeout("no time left to read the card")
        start = time.monotonic()
        worker = await self._acquire(self._idle, limit_s)
        remaining = limit_s - (time.monotonic() - start)
        if remaining < MIN_READ_S:  # too late to start: keep the worker rather than kill it
            self._idle.put_nowait(worker)
            raise CardTimeout("no reader became free in time")
        began = time.monotonic()
        future: Future[Reply] = self._threads.submit(worker.call, job, remaining)
        # The worker goes back to the idle queue when its thread is done with it, even
        # if this request was cancelled meanwhile.
        loop = self._loop
        idle = self._idle
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(idle.put_nowait, worker))
        reply = await asyncio.wrap_future(future)
        self._mean_s = 0.8 * self._mean_s + 0.2 * (time.monotonic() - began)
        return reply

    async def _acquire(self, idle: asyncio.Queue[Worker], limit_s: float) -> Worker:
        """An idle worker within ``limit_s`` seconds; never loses one on timeout or cancel."""
        getter = asyncio.ensure_future(idle.get())
        try:
            await asyncio.wait({getter}, timeout=limit_s)
        except BaseException:
            if getter.done() and not getter.cancelled():
                idle.put_nowait(getter.result())
            getter.cancel()
            raise
        if not getter.done():
            getter.cancel()  # an item is only taken when get() resumes, so none is lost
            raise CardTimeout("no reader became free in time")
        return getter.result()


def pool_setup(engine: str, config: Config, task: Task | None, warm: Warm | None) -> PoolSetup:
    """A :class:`PoolSetup`, keeping the defaults where ``task``/``warm`` are None."""
    setup = PoolSetup(engine=engine, config=config)
    if task is not None:
        setup = replace(setup, task=task)
    if warm is not None:
        setup = replace(setup, warm=warm)
    return setup
