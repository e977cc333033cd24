"""``cardocr batch --dask``: a real ``distributed.LocalCluster`` gives the same results as
the local pool, and a card that hangs on a Dask worker is reported and its worker
restarted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.batch import WorkerSetup
from pipeline.discover import CardFiles
from tests.test_batch import assert_valid, reason_codes, synthetic_card
from tests.test_batch_cli import lines_of, sample_folder
from tests.test_cli import cardocr
from tests.test_pool import alive, hang_or_crash

pytest.importorskip("distributed")
pytestmark = pytest.mark.tesseract


def essentials(r: dict[str, Any]) -> dict[str, Any]:
    """What must not depend on where a card was read (timings may)."""
    return {
        "carrier": (r["carrier"] or {}).get("id"),
        "fields": {name: (f["value"], round(f["confidence"], 6), f["side"])
                   for name, f in r["fields"].items()},
        "portal": r["portal"],
        "review": [x["code"] for x in r["review"]["reasons"]],
        "files": r["files"],
    }


def test_local_cluster_gives_the_pools_results(tmp_path: Path) -> None:
    names = sample_folder(tmp_path / "cards", 5)
    pool_out, dask_out = tmp_path / "pool.jsonl", tmp_path / "dask.jsonl"
    pool = cardocr("batch", tmp_path / "cards", "--out", pool_out, "--workers", "2")
    assert pool.returncode == 0, pool.stderr
    # The Dask run also resumes: one card is already in its output.
    first = lines_of(pool_out)[0]
    dask_out.write_text(json.dumps(first) + "\n")
    dask = cardocr("batch", tmp_path / "cards", "--out", dask_out, "--workers", "2",
                   "--dask", "local", "--resume", timeout=300)
    assert dask.returncode == 0, dask.stderr
    assert "Traceback" not in dask.stderr
    assert f"resuming: 1 of {len(names)} cards already in" in dask.stderr

    by_pool = {r["card"]: r for r in lines_of(pool_out)}
    dask_lines = lines_of(dask_out)
    by_dask = {r["card"]: r for r in dask_lines}
    assert len(dask_lines) == len(names) and sorted(by_dask) == names
    for name in names:
        assert_valid(by_dask[name])
        assert essentials(by_dask[name]) == essentials(by_pool[name]), name


def test_a_card_hung_on_a_dask_worker_is_reported_and_the_worker_restarted(
    tmp_path: Path,
) -> None:
    from pipeline.cluster import run_dask

    front = synthetic_card(tmp_path / "front.png", ["ACME HEALTH", "MEMBER ID W123456789"])
    cards = [CardFiles(n, front, None) for n in ("hang1", "b", "c")]
    setup = WorkerSetup(engine="tesserocr", card_hook=hang_or_crash)
    results = list(run_dask(cards, address="local", workers=1, setup=setup,
                            card_timeout_s=4))
    by_card = {r["card"]: r for r in results}
    assert sorted(by_card) == ["b", "c", "hang1"] and len(results) == 3
    hung = by_card["hang1"]
    assert hung["timed_out"] is True
    assert "not read within the 4 s time limit" in hung["review"]["reasons"][0]["message"]
    for name in ("b", "c"):  # read by the restarted worker: the only one
        assert "unreadable_file" not in reason_codes(by_card[name])
    assert not alive(int((tmp_path / "hang1.pid").read_text()))


def _worker_settings(dask_worker: Any) -> tuple[str | None, float, bool]:
    """On a worker: its malloc trim variable, event-loop check period (ms), profiler."""
    import os

    import dask

    return (os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            dask_worker.periodic_callbacks["tick"].callback_time,
            bool(dask.config.get("distributed.worker.profile.enabled")))


def test_local_cluster_runs_without_dasks_overheads_also_after_a_restart() -> None:
    from pipeline.cluster import _connect

    client, cluster = _connect("local", 1)
    try:
        assert cluster.scheduler.periodic_callbacks["tick"].callback_time == 1000
        quiet = {(None, 1000, False)}  # glibc's own malloc, a check per second, no profiler
        assert set(client.run(_worker_settings).values()) == quiet
        client.restart_workers(list(client.nthreads()))  # as after a hung card
        assert set(client.run(_worker_settings).values()) == quiet
    finally:
        client.close()
        cluster.close()
