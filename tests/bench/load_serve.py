"""``make bench-serve``: latency and throughput of ``cardocr serve`` under load, then overload.

Run from the repository root::

    python -m tests.bench.load_serve [--workers 2] [--clients 4] [--requests 200]
                                     [--overload-clients 16] [--overload-requests 320]
                                     [--queue N]

Starts ``cardocr serve`` on a free loopback port with warm workers, then:

1. **Alone**: one client sends ``--alone-requests`` cards: the time of a card without
   queueing, and the server's time per stage.
2. **Load**: ``--clients`` closed-loop clients send ``--requests`` two-sided cards (the
   committed samples that have a back), one after the other each; prints p50/p95 latency,
   throughput and the server's CPU per card, against issue 5's target (p50 ≤ 0.7 s,
   p95 ≤ 1.5 s).
3. **Overload**: ``--overload-clients`` clients send without pause; prints how many were
   answered 503 with ``Retry-After``, how fast those came back, the latency of the accepted
   ones, and the most requests ever in flight (sampled from ``/readyz``), which stays at
   the queue bound instead of growing.

Figures depend on what else the machine runs; they are printed, never asserted.
Exit status 0 when the run completed, 1 when the service failed (a 5xx or no answer).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
CARDS = ROOT / "samples" / "cards"
TARGET_P50_S = 0.7
TARGET_P95_S = 1.5
READY_LIMIT_S = 180.0


@dataclass(frozen=True, slots=True)
class Card:
    front: bytes
    back: bytes


@dataclass(slots=True)
class Outcome:
    """What the clients of one phase saw."""

    latencies_s: list[float] = field(default_factory=list)
    """Client-side seconds per answered request with status 200."""
    refused_s: list[float] = field(default_factory=list)
    """Client-side seconds per 503 answer."""
    statuses: Counter[int] = field(default_factory=Counter)
    retry_after: Counter[str] = field(default_factory=Counter)
    timings: list[dict[str, float]] = field(default_factory=list)
    """The card results' own ``timings`` (seconds per stage, ``cpu_s``, ``wall_s``)."""
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def two_sided_cards() -> list[Card]:
    """The committed sample cards that have a back photo and are readable."""
    cards = []
    for line in (CARDS / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["back"] and row["readable"]:
            cards.append(Card((CARDS / row["front"]).read_bytes(),
                              (CARDS / row["back"]).read_bytes()))
    return cards


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_service(args: argparse.Namespace, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port),
               "--workers", str(args.workers)]
    if args.queue is not None:
        command += ["--queue", str(args.queue)]
    env = {k: v for k, v in os.environ.items() if k != "CARDOCR_API_TOKEN"}
    env["OMP_THREAD_LIMIT"] = "1"
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def wait_ready(base: str, service: subprocess.Popen[bytes]) -> dict[str, int]:
    deadline = time.monotonic() + READY_LIMIT_S
    while time.monotonic() < deadline:
        if service.poll() is not None:
            raise SystemExit(f"cardocr serve exited with status {service.returncode}")
        try:
            r = httpx.get(f"{base}/readyz", timeout=5)
            if r.status_code == 200:
                status: dict[str, int] = r.json()
                return status
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("cardocr serve did not become ready")


def post(client: httpx.Client, base: str, card: Card, outcome: Outcome) -> None:
    start = time.perf_counter()
    try:
        r = client.post(f"{base}/v1/cards", files={"front": ("front", card.front),
                                                   "back": ("back", card.back)})
    except httpx.HTTPError as e:
        with outcome.lock:
            outcome.errors.append(type(e).__name__)
        return
    took = time.perf_counter() - start
    with outcome.lock:
        outcome.statuses[r.status_code] += 1
        if r.status_code == 200:
            outcome.latencies_s.append(took)
            outcome.timings.append(r.json().get("timings", {}))
        elif r.status_code == 503:
            outcome.refused_s.append(took)
            outcome.retry_after[r.headers.get("retry-after", "missing")] += 1


def run_phase(base: str, cards: list[Card], clients: int, requests: int,
              pause_on_503_s: float = 0.0) -> Outcome:
    """``clients`` threads send ``requests`` cards in all, each waiting for its answer."""
    outcome = Outcome()
    counter = iter(range(requests))
    counter_lock = threading.Lock()

    def client_loop() -> None:
        with httpx.Client(timeout=60) as client:
            while True:
                with counter_lock:
                    i = next(counter, None)
                if i is None:
                    return
                before = outcome.statuses[503]
                post(client, base, cards[i % len(cards)], outcome)
                if pause_on_503_s and outcome.statuses[503] > before:
                    time.sleep(pause_on_503_s)

    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcome.wall_s = time.perf_counter() - start
    return outcome


def process_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used itself, children not included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0-1) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def monitor_in_flight(base: str, stop: threading.Event, seen: list[int]) -> None:
    with httpx.Client(timeout=5) as client:
        while not stop.is_set():
            with contextlib.suppress(httpx.HTTPError, ValueError, KeyError):
                seen.append(int(client.get(f"{base}/readyz").json()["in_flight"]))
            time.sleep(0.05)


def median_timing(o: Outcome, key: str) -> float:
    values = [float(t[key]) for t in o.timings if key in t]
    return statistics.median(values) if values else float("nan")


def mean_timing(o: Outcome, key: str) -> float:
    values = [float(t[key]) for t in o.timings if key in t]
    return statistics.fmean(values) if values else float("nan")


def report_alone(o: Outcome) -> list[str]:
    lat = o.latencies_s
    stages = ("decode", "locate", "quality", "ocr", "interpret", "reread")
    return [
        f"one client alone: {len(lat)} two-sided cards, no queueing",
        f"  latency p50 / p95   {percentile(lat, 0.5):.3f} s / {percentile(lat, 0.95):.3f} s",
        f"  server per card     wall {median_timing(o, 'wall_s'):.3f} s, "
        f"CPU {median_timing(o, 'cpu_s'):.3f} s (medians of the results' timings)",
        "  stages (median s)   " + ", ".join(
            f"{k} {median_timing(o, k):.3f}" for k in stages if any(k in t for t in o.timings)),
    ]


def report_load(o: Outcome, clients: int, workers: int) -> list[str]:
    lat = o.latencies_s
    p50, p95 = percentile(lat, 0.5), percentile(lat, 0.95)
    cpu = median_timing(o, "cpu_s")
    ok = "met" if p50 <= TARGET_P50_S and p95 <= TARGET_P95_S else "NOT met"
    return [
        f"load: {sum(o.statuses.values())} two-sided cards from {clients} clients, "
        f"{workers} workers",
        f"  statuses            {dict(sorted(o.statuses.items()))}"
        + (f", transport errors {len(o.errors)}" if o.errors else ""),
        f"  latency p50 / p95   {p50:.3f} s / {p95:.3f} s   (max {max(lat, default=0):.3f} s)",
        f"  target (issue 5)    p50 <= {TARGET_P50_S} s, p95 <= {TARGET_P95_S} s: {ok}",
        f"  throughput          {len(lat) / o.wall_s:.2f} cards/s over {o.wall_s:.1f} s",
        f"  server CPU per card median {cpu:.3f} s, mean {mean_timing(o, 'cpu_s'):.3f} s "
        "(the results' timings.cpu_s)",
        f"  2 cores at that mean {2 / mean_timing(o, 'cpu_s'):.2f} cards/s at most",
        f"  Little's law        {clients} clients / {len(lat) / o.wall_s:.2f} cards/s = "
        f"{clients / (len(lat) / o.wall_s):.3f} s mean latency",
    ]


def report_overload(o: Outcome, clients: int, in_flight: list[int], limit: int) -> list[str]:
    lat, refused = o.latencies_s, o.refused_s
    return [
        f"overload: {sum(o.statuses.values())} requests from {clients} clients, no pause",
        f"  statuses            {dict(sorted(o.statuses.items()))}"
        + (f", transport errors {len(o.errors)}" if o.errors else ""),
        f"  503 Retry-After     {dict(o.retry_after)}",
        f"  503 answered in     p50 {percentile(refused, 0.5) * 1000:.1f} ms, "
        f"max {max(refused, default=0) * 1000:.1f} ms",
        f"  accepted latency    p50 {percentile(lat, 0.5):.3f} s, "
        f"p95 {percentile(lat, 0.95):.3f} s, max {max(lat, default=0):.3f} s",
        f"  in flight (sampled) max {max(in_flight, default=0)} of the queue bound {limit}; "
        f"{len(in_flight)} samples",
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--overload-clients", type=int, default=16)
    p.add_argument("--overload-requests", type=int, default=320)
    p.add_argument("--alone-requests", type=int, default=20,
                   help="cards sent by one client first, to see the time without queueing")
    p.add_argument("--queue", type=int, default=None, help="server queue bound (its default)")
    args = p.parse_args(argv)

    cards = two_sided_cards()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    service = start_service(args, port)
    lines = [f"cardocr serve load bench, {len(cards)} two-sided sample cards, "
             f"load average before {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"]
    try:
        status = wait_ready(base, service)
        run_phase(base, cards, args.clients, 2 * args.clients)  # warm caches, not measured
        alone = run_phase(base, cards, 1, args.alone_requests)
        lines += report_alone(alone)
        service0, client0 = process_cpu_s(service.pid), time.process_time()
        load = run_phase(base, cards, args.clients, args.requests)
        lines += report_load(load, args.clients, args.workers)
        n = max(1, sum(load.statuses.values()))
        service_ms = 1000 * (process_cpu_s(service.pid) - service0) / n
        client_ms = 1000 * (time.process_time() - client0) / n
        lines.append(f"  HTTP side CPU       service process {service_ms:.1f} ms, bench clients "
                     f"{client_ms:.1f} ms per request (readers not included)")
        stop = threading.Event()
        in_flight: list[int] = []
        watcher = threading.Thread(target=monitor_in_flight, args=(base, stop, in_flight))
        watcher.start()
        over = run_phase(base, cards, args.overload_clients, args.overload_requests,
                         pause_on_503_s=0.02)
        stop.set()
        watcher.join()
        lines += report_overload(over, args.overload_clients, in_flight,
                                 int(status["queue_limit"]))
        lines.append(f"load average after {os.getloadavg()[0]:.2f}")
    finally:
        service.terminate()  # SIGTERM: uvicorn shuts down and stops its readers
        try:
            service.wait(30)
        except subprocess.TimeoutExpired:
            service.kill()
    print("\n".join(lines))
    phases = (alone, load, over)
    failed = any(s >= 500 and s != 503 for o in phases for s in o.statuses) or any(
        o.errors for o in phases)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
