"""Run many cards through a pool of workers, each with one warm OCR engine.

Streaming and bounded: cards are pulled from their (lazy) source only as workers become
free, every card has a time limit enforced by killing its worker, and every card ends as
one result, whatever happens to it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Container, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.boundary import crash_result, failure_result, read_card_json, timeout_result
from pipeline.config import Config
from pipeline.discover import CardFiles, discover
from pipeline.errors import InputError
from pipeline.manifest import check_manifest, is_manifest, read_manifest
from pipeline.ocr import DEFAULT_ENGINE, get_engine, single_threaded
from pipeline.pool import Done, Outcome, TimedOut, WorkerPool
from pipeline.result import failure_json
from pipeline.types import ReviewReason

log = logging.getLogger(__name__)

DEFAULT_CARD_TIMEOUT_S = 60.0
"""Time limit per card, seconds: a two-sided card takes about 0.4 s of CPU; a minute
means something is stuck (Tesseract on a pathological image), not slow."""


@dataclass(frozen=True, slots=True)
class WorkerSetup:
    """What each worker needs to start: the engine name and the config."""

    engine: str = DEFAULT_ENGINE
    config: Config = Config()
    card_hook: Callable[[CardFiles], None] | None = None
    """Called in the worker before each card is read; for tests (a card that hangs or
    crashes its worker) and instrumentation. Must pickle: a module-level function."""


_setup = WorkerSetup()


def _init_worker(setup: WorkerSetup) -> None:
    """Pool initializer: one engine per worker process, created once and kept warm."""
    global _setup
    single_threaded()
    _setup = setup
    get_engine(setup.engine, setup.config.ocr_timeout_s)


def files_json(files: CardFiles) -> dict[str, str | None]:
    """The ``files`` key of a batch result: absolute paths of the sides read (or None)."""
    return {
        "front": os.path.abspath(files.front) if files.front is not None else None,
        "back": os.path.abspath(files.back) if files.back is not None else None,
    }


def card_failure(files: CardFiles, message: str, **extra: Any) -> dict[str, Any]:
    """The result of a card that was not read: ``unreadable_file`` with ``message``."""
    return failure_json(
        files.card, ReviewReason("unreadable_file", message), files=files_json(files), **extra
    )


def run_card(files: CardFiles) -> dict[str, Any]:
    """One card's result as contract JSON plus ``files``; failures become review reasons,
    never raise. Sides that cannot be paired (a back without a front, two fronts) are
    reported with the extra key ``pairing`` and not read."""
    setup = _setup
    if files.conflict is not None:
        return card_failure(
            files, f"card {files.card}: {files.conflict}; which to read is not guessed",
            pairing="conflict",
        )
    if files.front is None:
        return card_failure(
            files, f"only a back image was found for card {files.card}",
            pairing="back_without_front",
        )
    if setup.card_hook is not None:
        setup.card_hook(files)
    try:
        engine = get_engine(setup.engine, setup.config.ocr_timeout_s)
        return read_card_json(files.front, files.back, card=files.card, engine=engine,
                              config=setup.config, files=files_json(files))
    except InputError as e:
        return card_failure(files, str(e))
    except Exception as e:  # the engine would not start: a batch never loses other cards
        return failure_result(files.card, e, files=files_json(files))


def outcome_json(outcome: Outcome[CardFiles, dict[str, Any]]) -> dict[str, Any]:
    """A pool outcome as the card's result: a timeout or a dead worker is a review reason."""
    if isinstance(outcome, Done):
        return outcome.value
    files = files_json(outcome.item)
    if isinstance(outcome, TimedOut):
        return timeout_result(outcome.item.card, outcome.limit_s, files=files)
    return crash_result(outcome.item.card, outcome.exitcode, files=files)


def run_batch(
    cards: Iterable[CardFiles],
    *,
    workers: int,
    setup: WorkerSetup,
    card_timeout_s: float | None = None,
) -> Generator[dict[str, Any], None, None]:
    """Results as they complete (not in input order); each carries ``card`` and ``files``.

    ``cards`` is pulled lazily, at most ``workers`` cards in flight. With a time limit
    (``card_timeout_s``, seconds) or more than one worker, cards are read in worker
    processes, and a card past its limit becomes an ``unreadable_file`` result while its
    worker is killed and replaced. One worker and no limit reads in this process.
    Close the generator (or exhaust it) to stop the workers.
    """
    if workers <= 1 and card_timeout_s is None:
        _init_worker(setup)
        for files in cards:
            yield run_card(files)
        return
    pool: WorkerPool[WorkerSetup, CardFiles, dict[str, Any]] = WorkerPool(
        workers, _init_worker, setup, run_card, item_limit_s=card_timeout_s
    )
    with contextlib.closing(pool.run(cards)) as outcomes:
        for outcome in outcomes:
            yield outcome_json(outcome)


def card_source(source: Path) -> Iterator[CardFiles]:
    """The cards of a folder (:func:`pipeline.discover.discover`) or of a manifest file
    (``.csv``/``.jsonl``, :mod:`pipeline.manifest`), lazily."""
    if source.is_dir():
        return discover(source)
    if is_manifest(source):
        return read_manifest(source)
    raise InputError(str(source), "not a folder, nor a .csv or .jsonl manifest")


def count_source(source: Path) -> int:
    """How many cards ``source`` holds, read once without keeping them; a manifest is
    checked whole (malformed rows, duplicate names) on the way."""
    if source.is_file() and is_manifest(source):
        return check_manifest(source)
    return sum(1 for _ in card_source(source))


def iter_results(
    cards: Path | str | Iterable[CardFiles],
    *,
    workers: int | None = None,
    engine: str = DEFAULT_ENGINE,
    config: Config = Config(),
    card_timeout_s: float | None = DEFAULT_CARD_TIMEOUT_S,
    skip: Container[str] = (),
    dask: str | None = None,
) -> Generator[dict[str, Any], None, None]:
    """Read a batch for a program that embeds the pipeline; yields result dicts (the
    contract's card result plus ``files``) in completion order.

    ``cards`` is a folder, a manifest file, or an iterable of
    :class:`pipeline.discover.CardFiles`. ``workers`` defaults to the number of cores;
    cards named in ``skip`` are left out (results you already have). ``dask`` is a Dask
    scheduler address, or ``"local"`` for a LocalCluster of ``workers`` processes.
    Stop early by closing the generator (``contextlib.closing``): workers are stopped.
    """
    source = card_source(Path(cards)) if isinstance(cards, str | Path) else iter(cards)
    todo = (c for c in source if c.card not in skip)
    n = workers or os.cpu_count() or 1
    setup = WorkerSetup(engine=engine, config=config)
    if dask is not None:
        from pipeline.cluster import run_dask

        yield from run_dask(todo, address=dask, workers=n, setup=setup,
                            card_timeout_s=card_timeout_s)
        return
    yield from run_batch(todo, workers=n, setup=setup, card_timeout_s=card_timeout_s)
