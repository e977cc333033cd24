"""CPU cost of the payer directory: loading it, and matching a two-sided card against it.

Timings belong here, not in the test suite: on a shared two-core machine a timing assertion
fails whenever something else runs. Run: ``python -m tests.bench.payer_speed``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from pipeline import payers
from tests.test_payers import two_sided_card

LOAD_LIMIT_S = 0.3  # CPU-s to parse pipeline/data/payers.json once
MATCH_LIMIT_S = 0.005  # median CPU-s of one directory match of a two-sided card


def cpu_seconds(work: Callable[[], object], rounds: int) -> list[float]:
    """CPU seconds (this process) of each of ``rounds`` calls of ``work``."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return times


def load_once() -> None:
    payers.load_directory.cache_clear()
    payers.load_directory()


def main() -> int:
    card = two_sided_card()
    load = statistics.median(cpu_seconds(load_once, 5))
    match = statistics.median(cpu_seconds(lambda: payers.find(card), 30))
    ok = load <= LOAD_LIMIT_S and match <= MATCH_LIMIT_S
    print(f"payer directory: load {load * 1000:.0f} ms CPU (limit {LOAD_LIMIT_S * 1000:.0f}), "
          f"match of a two-sided card {match * 1000:.2f} ms CPU median of 30 "
          f"(limit {MATCH_LIMIT_S * 1000:.0f}): {'ok' if ok else 'OVER'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
