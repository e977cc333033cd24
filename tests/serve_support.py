"""Helpers for the service tests: scripted reader tasks, the sample cards' truth, and a
live uvicorn server on a free loopback port.

The scripted task and warm-up run in the pool's worker processes, so they live in an
importable module (pickled by name, bound to their arguments with ``functools.partial``).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.service.pool import Job, PoolSetup, Reply, error_body

ROOT = Path(__file__).resolve().parents[1]
CARDS = ROOT / "samples" / "cards"
WAIT_LIMIT_S = 30.0
"""A gated task or warm-up gives up after this long (a test that forgot to release it)."""


def truth(card: str) -> dict[str, Any]:
    """The generator's ground truth of one committed sample card."""
    for line in (CARDS / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        row: dict[str, Any] = json.loads(line)
        if row["card"] == card:
            return row
    raise KeyError(card)


def card_files(card: str) -> tuple[Path, Path | None]:
    """The front and back files of a committed sample card."""
    row = truth(card)
    return CARDS / row["front"], (CARDS / row["back"] if row["back"] else None)


def _wait_for(path: Path) -> bool:
    deadline = time.monotonic() + WAIT_LIMIT_S
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def scripted_task(job: Job, setup: PoolSetup) -> Reply:
    """A reader that obeys the first line of the front upload instead of reading it:
    ``sleep S``, ``wait PATH`` (until the file exists), ``crash`` (the process dies),
    ``result`` (answers the JSON card result on the lines after it) or anything else
    (answers at once). Answers with the sizes it received and its pid."""
    first, _, rest = job.front.partition(b"\n")
    command = first.decode("latin-1")
    if command == "result":
        return Reply(200, json.loads(rest))
    if command.startswith("sleep "):
        time.sleep(float(command.split()[1]))
    elif command.startswith("wait ") and not _wait_for(Path(command[5:])):
        return Reply(500, error_body("test_gate", "never released"))
    elif command == "crash":
        os._exit(3)
    return Reply(200, {"front_bytes": len(job.front),
                       "back_bytes": len(job.back) if job.back is not None else None,
                       "pid": os.getpid()})


def quick_warm(setup: PoolSetup) -> str:
    """A warm-up with nothing to warm."""
    return "scripted"


def gated_warm(gate: str, setup: PoolSetup) -> str:
    """A warm-up that lasts until the file ``gate`` exists."""
    if not _wait_for(Path(gate)):
        raise TimeoutError("never released")
    return "scripted"


def free_socket() -> socket.socket:
    """A listening-ready TCP socket bound to a free loopback port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def live_server(app: Any, ready_timeout_s: float = 60.0, **config: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread on a free loopback port until the block ends;
    yields the base URL once every reader is warm (``/readyz`` answers 200). ``config``:
    more uvicorn settings (``http=`` a protocol class)."""
    import httpx
    import uvicorn

    sock = free_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           **config))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_timeout_s
        while True:
            if server.started:
                try:
                    if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the service did not become ready")
            time.sleep(0.1)
        yield base
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
