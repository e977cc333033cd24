"""The batch's worker pool: bounded in flight, a time limit per card enforced by killing
the worker, a dead worker replaced; every card ends as exactly one result.

The workers are real forkserver processes with a real warm tesserocr engine. Cards that
hang or crash do so through ``WorkerSetup.card_hook`` (a module-level function, so the
workers can import it): the hang ignores SIGTERM and never returns, as a hang inside
Tesseract's C code would not.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.batch import WorkerSetup, run_batch
from pipeline.discover import CardFiles
from pipeline.errors import EngineError
from tests.test_batch import assert_valid, reason_codes, synthetic_card

pytestmark = pytest.mark.tesseract


def hang_or_crash(files: CardFiles) -> None:
    """Card hook: ``hang*`` cards never return (SIGTERM ignored), ``boom*`` cards kill
    their worker with SIGSEGV; the worker's pid goes to ``<card>.pid`` beside the front."""
    if files.front is None or not files.card.startswith(("hang", "boom")):
        return
    (files.front.parent / f"{files.card}.pid").write_text(str(os.getpid()))
    if files.card.startswith("boom"):
        os.kill(os.getpid(), signal.SIGSEGV)
    with contextlib.suppress(ValueError):  # not in a Dask worker's task thread
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        time.sleep(60)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child not yet reaped is a zombie: not alive for our purpose.
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    return True


@pytest.fixture(scope="module")
def card_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pool")
    return synthetic_card(folder / "card.png", ["ACME HEALTH", "MEMBER ID W123456789"])


def test_a_hung_card_times_out_and_its_worker_is_replaced(tmp_path: Path,
                                                          card_image: Path) -> None:
    front = tmp_path / "front.png"
    front.symlink_to(card_image)
    cards = [CardFiles(name, front, None) for name in ("a", "hang1", "b", "c")]
    setup = WorkerSetup(engine="tesserocr", card_hook=hang_or_crash)
    start = time.monotonic()
    results = list(run_batch(cards, workers=1, setup=setup, card_timeout_s=3))
    elapsed = time.monotonic() - start

    assert sorted(r["card"] for r in results) == ["a", "b", "c", "hang1"]
    by_card = {r["card"]: r for r in results}
    hung = by_card["hang1"]
    assert reason_codes(hung) == ["unreadable_file"]
    assert "not read within the 3 s time limit" in hung["review"]["reasons"][0]["message"]
    assert hung["timed_out"] is True
    assert hung["files"] == {"front": str(front), "back": None}
    assert_valid(hung)
    # One worker: b and c after the hang were read by its replacement.
    for name in ("a", "b", "c"):
        assert "unreadable_file" not in reason_codes(by_card[name])
        assert_valid(by_card[name])
    pid = int((tmp_path / "hang1.pid").read_text())
    assert not alive(pid), "the hung worker was left running"
    assert elapsed < 60  # not hung for good (the generous bound is for a busy machine)


def test_a_worker_that_dies_is_replaced_and_its_card_reported(tmp_path: Path,
                                                              card_image: Path) -> None:
    front = tmp_path / "front.png"
    front.symlink_to(card_image)
    cards = [CardFiles(name, front, None) for name in ("boom", "x", "y")]
    setup = WorkerSetup(engine="tesserocr", card_hook=hang_or_crash)
    results = list(run_batch(cards, workers=2, setup=setup, card_timeout_s=30))
    by_card = {r["card"]: r for r in results}
    assert sorted(by_card) == ["boom", "x", "y"] and len(results) == 3
    message = by_card["boom"]["review"]["reasons"][0]["message"]
    assert "worker reading it died" in message and str(-signal.SIGSEGV) in message
    for name in ("x", "y"):
        assert "unreadable_file" not in reason_codes(by_card[name])


def test_input_is_pulled_only_as_workers_free_up(tmp_path: Path) -> None:
    """An endless card source: the pool takes what it can hold, never drains it
    (``multiprocessing.Pool.imap`` would, and never return)."""
    pulled = 0
    back = tmp_path / "back.png"  # back-only cards: reported at once, no OCR needed
    back.write_bytes(b"x")

    def endless() -> Iterator[CardFiles]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield CardFiles(f"c{i}", None, back)

    workers = 2
    results = run_batch(endless(), workers=workers, setup=WorkerSetup(engine="tesserocr"),
                        card_timeout_s=30)
    with contextlib.closing(results):
        for seen, result in enumerate(itertools.islice(results, 20)):
            assert result["pairing"] == "back_without_front"
            assert pulled - seen <= workers, "more cards in flight than workers"
    assert pulled <= 20 + workers


def test_workers_that_cannot_start_stop_the_batch() -> None:
    cards = [CardFiles("a", None, None)]
    with pytest.raises(EngineError, match="workers fail to start"):
        list(run_batch(cards, workers=1, setup=WorkerSetup(engine="no-such-engine"),
                       card_timeout_s=5))
