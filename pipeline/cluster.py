"""Run a batch's cards on a Dask cluster (``distributed``): the same ``run_card`` as the
local pool, results yielded to the client as they arrive.

Workers read the image files themselves, from the paths (made absolute here), so every
worker must see the same file system as the client. Each worker keeps one warm engine
(:class:`WarmEngine`, a worker plugin). At most ``2 × worker threads`` cards are in flight.
A card still running past its time limit (counted from its start on a worker, which the
task reports through a Dask event) is cancelled, reported as ``unreadable_file``, and its
worker restarted by its nanny, since a hang in Tesseract's C code never returns.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import signal
import threading
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline import batch
from pipeline.batch import WorkerSetup, card_failure
from pipeline.discover import CardFiles
from pipeline.errors import CardOcrError

log = logging.getLogger(__name__)

START_TOPIC = "cardocr-card-start"
"""Dask event topic on which a task reports that it started: ``(key, worker address)``."""
IN_FLIGHT_PER_THREAD = 2
"""Cards submitted per worker thread: one running, one queued, so none waits idle."""
_POLL_S = 0.02
_RESIZE_S = 5.0
"""How often the number of worker threads (and so of cards in flight) is asked, seconds."""


class ClusterError(CardOcrError):
    """The Dask cluster cannot be reached or cannot run the pipeline."""


try:
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # the ``cluster`` extra is not installed; run_dask says so
    _PluginBase = object  # type: ignore[assignment,misc]


class WarmEngine(_PluginBase):
    """Worker plugin: sets ``OMP_THREAD_LIMIT=1`` and starts the OCR engine once per
    worker process, when the worker joins (also workers that join later, or restart).
    On a LocalCluster, whose workers share the batch's terminal, it also leaves Ctrl-C
    to the batch (which closes the cluster) instead of each worker's traceback."""

    name = "cardocr-engine"

    def __init__(self, worker_setup: WorkerSetup, *, ignore_sigint: bool = False) -> None:
        self.worker_setup = worker_setup
        self.ignore_sigint = ignore_sigint

    def setup(self, worker: Any) -> None:
        os.environ["OMP_THREAD_LIMIT"] = "1"
        if self.ignore_sigint:
            with contextlib.suppress(ValueError):  # only possible in the main thread
                signal.signal(signal.SIGINT, signal.SIG_IGN)
        batch._init_worker(self.worker_setup)


def read_card(files: CardFiles, setup: WorkerSetup) -> dict[str, Any]:
    """The Dask task: report the start, then the card's result (``run_card``)."""
    from distributed import get_worker

    worker = get_worker()
    worker.log_event(START_TOPIC, (worker.get_current_task(), worker.address))
    if batch._setup != setup:  # a worker that missed the plugin
        batch._init_worker(setup)
    return batch.run_card(files)


def _absolute(files: CardFiles) -> CardFiles:
    """Paths as the workers must see them: absolute, not relative to the client's cwd."""
    return replace(
        files,
        front=Path(os.path.abspath(files.front)) if files.front is not None else None,
        back=Path(os.path.abspath(files.back)) if files.back is not None else None,
    )


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C meanwhile (processes started now inherit it); a no-op off the main
    thread, where signals cannot be set."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    # Dask's own sampling: a stack profiler every 10 ms, a GIL monitor every 1 ms.
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    # Every scheduler, nanny and worker wakes its event loop every 20 ms to check that it
    # is responsive, and polls psutil every 0.1 s (memory) and 0.5 s (system metrics):
    # ~85 ms of CPU per second on an idle 2-worker LocalCluster, taken from the OCR.
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also turns off glibc's
    # adaptive mmap threshold: every image-sized array is then a fresh mmap, zeroed page
    # by page (10x the page faults of a pool worker). Workers keep glibc's defaults.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
"""Dask settings of a LocalCluster (``--dask local``), whose workers share the cores with
the scheduler and nannies: with Dask's defaults, 2 workers used ~20% more CPU seconds than
the pool for the same cards. Workers of an existing cluster read such settings from their
own Dask config (README)."""


def require_distributed() -> None:
    """Raise :class:`ClusterError` (with the install command) when ``distributed`` is not
    installed; checked before a batch opens its output."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ClusterError(
            "--dask needs the cluster extra: pip install 'cardocr[cluster]'"
        ) from None


def _connect(address: str, workers: int) -> tuple[Any, Any]:
    """A client on the cluster at ``address``, or on a new LocalCluster (``"local"``)."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(
            "--dask needs the cluster extra: pip install 'cardocr[cluster]'"
        ) from None
    if address == "local":
        # Started with Ctrl-C ignored, which the worker processes inherit: a Ctrl-C in the
        # terminal is the batch's to handle (it closes the cluster).
        with _sigint_ignored(), dask.config.set(LOCAL_CLUSTER_CONFIG):
            # Each nanny hands its config to every worker it starts, also a restarted
            # one; it keeps a shallow copy, which the end of this block would turn back
            # to the defaults in place: so a deep copy of the section it needs.
            worker_config = {"distributed": copy.deepcopy(dask.config.get("distributed"))}
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR,
                env={"OMP_THREAD_LIMIT": "1"}, config=worker_config,
            )
        return Client(cluster), cluster
    try:
        return Client(address, timeout=30), None
    except (OSError, TimeoutError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from None


def run_dask(
    cards: Iterable[CardFiles],
    *,
    address: str,
    workers: int,
    setup: WorkerSetup,
    card_timeout_s: float | None,
) -> Generator[dict[str, Any], None, None]:
    """Results as they complete on the cluster (not in input order), like
    :func:`pipeline.batch.run_batch`. ``workers`` sizes a LocalCluster only."""
    from distributed import as_completed

    client, cluster = _connect(address, workers)
    started: dict[str, tuple[float, str]] = {}
    """Task key → (client's monotonic time it started, worker address)."""

    def on_start(event: tuple[float, tuple[str, str]]) -> None:
        key, where = event[1]
        started[key] = (time.monotonic(), where)

    try:
        client.register_plugin(WarmEngine(setup, ignore_sigint=cluster is not None),
                               name=WarmEngine.name)
        client.subscribe_topic(START_TOPIC, on_start)
        limit = _in_flight(client)
        checked = time.monotonic()
        source = iter(cards)
        pending: dict[str, tuple[Any, CardFiles]] = {}
        done = as_completed()

        def submit() -> bool:
            files = next(source, None)
            if files is None:
                return False
            future = client.submit(read_card, _absolute(files), setup, pure=False, retries=0)
            pending[future.key] = (future, files)
            done.add(future)
            return True

        while len(pending) < limit and submit():
            pass
        while pending:
            finished = done.next_batch(block=False) if done.has_ready() else []
            for future in finished:
                entry = pending.pop(future.key, None)
                started.pop(future.key, None)
                if entry is None:  # cancelled for its time limit: already reported
                    continue
                yield _result(future, entry[1])
                submit()
            if card_timeout_s is not None:
                for result in _overdue(client, pending, started, card_timeout_s):
                    yield result
                    submit()
            if time.monotonic() - checked > _RESIZE_S:  # workers may join or leave
                limit, checked = _in_flight(client), time.monotonic()
                while len(pending) < limit and submit():
                    pass
            if not finished:
                time.sleep(_POLL_S)
    finally:
        with contextlib.suppress(Exception):
            client.unsubscribe_topic(START_TOPIC)
        client.close()
        if cluster is not None:
            cluster.close()


def _in_flight(client: Any) -> int:
    """Cards to keep submitted: ``IN_FLIGHT_PER_THREAD`` per worker thread (at least 2)."""
    threads: dict[str, int] = client.nthreads()
    return IN_FLIGHT_PER_THREAD * max(1, sum(threads.values()))


def _result(future: Any, files: CardFiles) -> dict[str, Any]:
    """A finished future's result; a task that failed on the cluster is a review reason."""
    try:
        result: dict[str, Any] = future.result()
        return result
    except Exception as e:  # KilledWorker (its worker died each time), cancelled, ...
        log.warning("card %s failed on the cluster: %s", files.card, type(e).__name__)
        return card_failure(files, f"the cluster could not read it ({type(e).__name__})")


def _overdue(
    client: Any,
    pending: dict[str, tuple[Any, CardFiles]],
    started: dict[str, tuple[float, str]],
    limit_s: float,
) -> Iterator[dict[str, Any]]:
    """Cancel each card running past its limit, restart its worker, and report it."""
    now = time.monotonic()
    late = [(key, where) for key, (t0, where) in list(started.items())
            if now - t0 > limit_s and key in pending]
    for key, where in late:
        future, files = pending.pop(key)
        started.pop(key, None)
        future.cancel()
        log.warning("a card passed the %.0f s time limit; restarting its Dask worker", limit_s)
        try:
            client.restart_workers([where], raise_for_error=False)
        except Exception as e:  # no nanny: the worker stays busy until its task returns
            log.warning("could not restart the Dask worker: %s", type(e).__name__)
        yield card_failure(
            files, f"not read within the {limit_s:g} s time limit per card "
            "(its worker was restarted)", timed_out=True,
        )
