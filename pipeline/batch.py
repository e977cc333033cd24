"""Run many cards through a pool of workers, each with one warm OCR engine."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from pipeline.config import Config
from pipeline.discover import CardFiles
from pipeline.errors import CardOcrError, EngineError, InputError
from pipeline.ocr import DEFAULT_ENGINE, get_engine
from pipeline.process import process_card
from pipeline.result import failure_json, to_json
from pipeline.types import ReviewReason

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkerSetup:
    """What each worker needs to start: the engine name and the config."""

    engine: str = DEFAULT_ENGINE
    config: Config = Config()


_setup = WorkerSetup()


def _init_worker(setup: WorkerSetup) -> None:
    """Pool initializer: one engine per worker process, created once and kept warm."""
    global _setup
    os.environ["OMP_THREAD_LIMIT"] = "1"
    _setup = setup
    get_engine(setup.engine, setup.config.ocr_timeout_s)


def run_card(files: CardFiles) -> dict[str, Any]:
    """One card's result as contract JSON; failures become review reasons, never raise."""
    setup = _setup
    if files.front is None:
        return failure_json(
            files.card,
            ReviewReason("unreadable_file", f"only a back image was found for card {files.card}"),
        )
    try:
        engine = get_engine(setup.engine, setup.config.ocr_timeout_s)
        result = process_card(
            files.front, files.back, card=files.card, engine=engine, config=setup.config
        )
        return to_json(result)
    except InputError as e:
        return failure_json(files.card, ReviewReason("unreadable_file", str(e)))
    except EngineError as e:
        return failure_json(files.card, ReviewReason("unreadable_file", f"OCR failed: {e}"))
    except CardOcrError as e:
        return failure_json(files.card, ReviewReason("unreadable_file", str(e)))
    except Exception as e:  # a batch never loses other cards' results
        log.error(
            "card %s failed: %s",
            files.card,
            type(e).__name__,
            exc_info=log.isEnabledFor(logging.DEBUG),
        )
        return failure_json(
            files.card, ReviewReason("unreadable_file", f"internal error ({type(e).__name__})")
        )


def run_batch(
    cards: Iterable[CardFiles], *, workers: int, setup: WorkerSetup
) -> Iterator[dict[str, Any]]:
    """Results as they complete (not in input order); each carries ``card``."""
    if workers <= 1:
        _init_worker(setup)
        for files in cards:
            yield run_card(files)
        return
    ctx = multiprocessing.get_context("forkserver")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(setup,)) as pool:
        yield from pool.imap_unordered(run_card, cards, chunksize=1)


class Progress:
    """A one-line progress bar on a terminal stream (plain lines when not a terminal)."""

    def __init__(self, total: int, stream: IO[str] = sys.stderr) -> None:
        self.total = total
        self.done = 0
        self.flagged = 0
        self.stream = stream
        self.start = time.perf_counter()
        self.tty = stream.isatty()
        self._last = 0.0

    def update(self, needs_review: bool) -> None:
        self.done += 1
        self.flagged += needs_review
        now = time.perf_counter()
        if self.tty or now - self._last > 5 or self.done == self.total:
            self._last = now
            self._draw(now)

    def rate(self) -> float:
        """Cards per second so far."""
        return self.done / max(time.perf_counter() - self.start, 1e-9)

    def _draw(self, now: float) -> None:
        rate = self.done / max(now - self.start, 1e-9)
        frac = self.done / self.total if self.total else 1.0
        bar = "#" * int(frac * 30)
        line = (
            f"[{bar:<30}] {self.done}/{self.total} cards  {rate:.1f} cards/s  "
            f"{self.flagged} need review"
        )
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        if self.tty and self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def write_results(results: Iterable[dict[str, Any]], out: IO[str], progress: Progress) -> int:
    """Append each result as one JSON line, flushed; returns the number written."""
    n = 0
    for r in results:
        out.write(json.dumps(r, separators=(",", ":")) + "\n")
        out.flush()
        progress.update(bool(r["review"]["needed"]))
        n += 1
    return n
