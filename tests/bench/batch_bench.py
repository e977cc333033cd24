"""``make bench-batch``: the batch at scale (issue 4). Prints cards/s with 1 and 2 workers
and the scaling, a Dask LocalCluster's cards/s with 2 workers and its ratio to the pool's,
peak memory (RSS of the batch and all its processes, sampled) at ``--cards`` and at
``--big-cards`` cards and whether it stays flat within 20%, and a kill-and-resume run.

Run from the repository root::

    python -m tests.bench.batch_bench [--cards 1000] [--big-cards 10000] [--seed 20261127]
                                      [--skip-10k] [--skip-dask] [--resume-cards 100]

Cards are generated (foundation suite, seeded, two generator processes) into
``build/bench-batch/cards-<count>-<seed>`` once and reused. The big run reuses those
images under other card names through a CSV manifest (``r<k>_<card>``). Every figure is
the wall clock of a whole ``cardocr batch`` command, start-up included, on whatever else
the machine is doing (the load average is printed before and after). The report also goes
to ``build/bench-batch/report.txt``. Exit status 0 when the report was written (targets
met or not), 1 when a batch failed or lost or repeated a card.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "bench-batch"
CLI = [sys.executable, "-m", "pipeline.cli"]
SCALING_TARGET = 1.8
DASK_TARGET = 0.9
RSS_FLAT = 0.2


class BenchError(Exception):
    """A failed batch or a broken guarantee; one line on stderr, exit status 1."""


@dataclass(frozen=True, slots=True)
class Run:
    """One timed ``cardocr batch`` command."""

    label: str
    cards: int
    wall_s: float
    """Wall-clock seconds of the whole command."""
    peak_rss: int
    """Largest sum of resident memory over the batch and all its child processes, bytes,
    sampled every 0.25 s."""
    steady_s: float
    """Seconds from the first result line to the end: the run without its start-up
    (workers, engines, a LocalCluster), to within the 0.25 s sampling."""

    @property
    def rate(self) -> float:
        """Cards per second, whole command."""
        return self.cards / self.wall_s

    @property
    def steady_rate(self) -> float:
        """Cards per second once the first card was written."""
        return (self.cards - 1) / self.steady_s if self.steady_s > 0 else float("nan")

    def figures(self) -> str:
        return (f"{self.rate:.2f} cards/s ({self.wall_s:.0f} s; {self.steady_rate:.2f} "
                "cards/s after start-up)")


def env() -> dict[str, str]:
    e = dict(os.environ, OMP_THREAD_LIMIT="1")
    e["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), e.get("PYTHONPATH")) if p)
    return e


def generate(count: int, seed: int) -> Path:
    """The cached folder of ``count`` generated cards (made when missing or different)."""
    folder = OUT / f"cards-{count}-{seed}"
    params = {"suite": "foundation", "count": count, "seed": seed}
    marker = folder / "params.json"
    if marker.is_file() and json.loads(marker.read_text()) == params:
        return folder
    if folder.exists():
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    print(f"generating {count} cards (seed {seed}) into {folder} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "samples.generator", "--out", str(folder),
                    "--count", str(count), "--seed", str(seed), "--workers", "2"],
                   cwd=ROOT, env=env(), check=True)
    marker.write_text(json.dumps(params) + "\n")
    return folder


def tree_rss(proc: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (0 for those gone meanwhile)."""
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def run(label: str, args: Sequence[str | Path], cards: int, out: Path) -> Run:
    """Run ``cardocr batch`` to completion, sampling its memory; check its output."""
    out.unlink(missing_ok=True)
    print(f"{label}: cardocr batch {' '.join(map(str, args))}", file=sys.stderr)
    start = time.perf_counter()
    proc = subprocess.Popen([*CLI, "batch", *map(str, args), "--out", str(out)], cwd=ROOT,
                            env=env(), stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    first: float | None = None
    while proc.poll() is None:
        peak = max(peak, tree_rss(ps))
        if first is None and out.exists() and out.stat().st_size > 0:
            first = time.perf_counter()
        time.sleep(0.25)
    end = time.perf_counter()
    wall = end - start
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise BenchError(f"{label}: exit status {proc.returncode}: {stderr.strip()[-300:]}")
    check_once(out, cards, label)
    return Run(label, cards, wall, peak, end - (first if first is not None else start))


def check_once(out: Path, cards: int, label: str) -> None:
    """Every line parses and every card appears exactly once."""
    seen: set[str] = set()
    with out.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            card = json.loads(line)["card"]
            if card in seen:
                raise BenchError(f"{label}: card {card} twice (line {number})")
            seen.add(card)
    if len(seen) != cards:
        raise BenchError(f"{label}: {len(seen)} cards in {out}, expected {cards}")


def big_manifest(folder: Path, total: int) -> Path:
    """A CSV manifest of ``total`` cards reusing ``folder``'s images under new names."""
    truth = [json.loads(line) for line in (folder / "truth.jsonl").open()]
    path = OUT / f"manifest-{total}-{folder.name}.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["card", "front", "back"])
        for i in range(total):
            t = truth[i % len(truth)]
            w.writerow([f"r{i // len(truth)}_{t['card']}", folder / t["front"],
                        folder / t["back"] if t["back"] else ""])
    return path


def kill_and_resume(folder: Path, cards: int) -> list[str]:
    """Start a batch of ``cards`` cards, SIGKILL it once a quarter are written, resume it,
    and check every card appears exactly once."""
    manifest = big_manifest(folder, cards)
    out = OUT / "kill-resume.jsonl"
    out.unlink(missing_ok=True)
    args = ["batch", "--manifest", str(manifest), "--out", str(out), "--workers", "2"]
    proc = subprocess.Popen([*CLI, *args], cwd=ROOT, env=env(), stderr=subprocess.DEVNULL)
    while proc.poll() is None and (out.read_bytes().count(b"\n") if out.exists() else 0) < max(
            1, cards // 4):
        time.sleep(0.05)
    if proc.poll() is not None:
        raise BenchError("kill-and-resume: the batch ended before it was killed")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    data = out.read_bytes()
    whole = data.count(b"\n")
    torn = len(data) - (data.rfind(b"\n") + 1)
    start = time.perf_counter()
    again = subprocess.run([*CLI, *args, "--resume"], cwd=ROOT, env=env(),
                           capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if again.returncode != 0:
        raise BenchError(f"kill-and-resume: resume failed: {again.stderr.strip()[-300:]}")
    check_once(out, cards, "kill-and-resume")
    return [
        f"killed (SIGKILL) with {whole} whole lines written"
        f"{f' and a torn tail of {torn} bytes' if torn else ''}; "
        f"resumed in {wall:.1f} s: {cards} cards, each exactly once, every line parses: PASS",
    ]


def mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def bench(args: argparse.Namespace) -> list[str]:
    load0 = os.getloadavg()
    folder = generate(args.cards, args.seed)
    n = args.cards
    lines = [f"cardocr batch bench: {n} generated cards (seed {args.seed}), "
             f"{os.cpu_count()} cores, load average at start {load0[0]:.2f}"]
    w1 = run("pool, 1 worker", [folder, "--workers", "1"], n, OUT / "w1.jsonl")
    w2 = run("pool, 2 workers", [folder, "--workers", "2"], n, OUT / "w2.jsonl")
    scaling = w2.rate / w1.rate
    lines += [
        f"pool, 1 worker:  {w1.figures()}",
        f"pool, 2 workers: {w2.figures()}",
        f"scaling 1 -> 2 workers: {scaling:.2f}x (target >= {SCALING_TARGET}x: "
        f"{verdict(scaling >= SCALING_TARGET)}; after start-up "
        f"{w2.steady_rate / w1.steady_rate:.2f}x)",
    ]
    if not args.skip_dask:
        dk = run("dask LocalCluster, 2 workers",
                 [folder, "--workers", "2", "--dask", "local"], n, OUT / "dask.jsonl")
        ratio = dk.rate / w2.rate
        lines += [
            f"Dask LocalCluster, 2 workers: {dk.figures()}",
            f"  {ratio:.0%} of the pool's (target >= {DASK_TARGET:.0%}: "
            f"{verdict(ratio >= DASK_TARGET)}; after start-up "
            f"{dk.steady_rate / w2.steady_rate:.0%})",
        ]
    lines.append(f"peak RSS, batch + workers, 2 workers, {n} cards: {mib(w2.peak_rss)}")
    if not args.skip_10k:
        big = args.big_cards
        manifest = big_manifest(folder, big)
        bg = run(f"pool, 2 workers, {big} cards", ["--manifest", manifest, "--workers", "2"],
                 big, OUT / "big.jsonl")
        growth = bg.peak_rss / w2.peak_rss - 1
        lines += [
            f"peak RSS, batch + workers, 2 workers, {big} cards (images reused via a "
            f"manifest): {mib(bg.peak_rss)} at {bg.figures()}",
            f"RSS growth {n} -> {big} cards: {growth:+.1%} (flat within {RSS_FLAT:.0%}: "
            f"{verdict(abs(growth) <= RSS_FLAT)})",
        ]
    if args.resume_cards:
        lines += kill_and_resume(folder, args.resume_cards)
    lines.append(f"load average at end {os.getloadavg()[0]:.2f} (other work on this machine "
                 "slows every figure)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="batch_bench", description=__doc__.splitlines()[0])
    p.add_argument("--cards", type=int, default=1000, help="generated cards (default 1000)")
    p.add_argument("--big-cards", type=int, default=10_000,
                   help="cards of the memory run that reuses the images (default 10000)")
    p.add_argument("--seed", type=int, default=20261127)
    p.add_argument("--skip-10k", action="store_true", help="no big memory run")
    p.add_argument("--skip-dask", action="store_true", help="no Dask LocalCluster run")
    p.add_argument("--resume-cards", type=int, default=100,
                   help="cards of the kill-and-resume run (0: skip; default 100)")
    args = p.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        lines = bench(args)
    except (BenchError, subprocess.CalledProcessError) as e:
        print(f"batch_bench: {e}", file=sys.stderr)
        return 1
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    (OUT / "report.txt").write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
