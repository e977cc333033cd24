"""Size and speed of ``cardocr report`` on a large batch: prints figures, checks nothing.

Run from the repository root::

    python -m tests.bench.report_size [--cards 1000] [--flagged 0.2] [--source 72]
                                      [--seed 20261127] [--workers 2]

Generates ``--source`` cards of the wide suite (every photo condition: large frames,
PDFs, HEIC, side by side...) into ``build/bench/report-cards`` (only when missing), reads
them once with the pipeline (results with the ``files`` key ``cardocr batch`` writes), then
builds a JSONL of ``--cards`` results of which ``--flagged`` need review, by reusing the real
results (flagged ones for the flagged share, the others for the rest; each under a new
card name), and writes its review queue with ``pipeline.report.write_report``. Prints the
HTML size, bytes per flagged card, time and peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.batch import WorkerSetup, run_batch
from pipeline.discover import discover
from pipeline.report import read_results, write_report

OUT = Path("build/bench")


def source_results(cards_dir: Path, count: int, seed: int, workers: int) -> list[dict[str, Any]]:
    """Real results of ``count`` generated wide-suite cards, each with ``files``."""
    params = {"count": count, "seed": seed, "suite": "wide"}
    stamp = cards_dir / "params.json"
    if not stamp.is_file() or json.loads(stamp.read_text()) != params:
        subprocess.run(
            [sys.executable, "-m", "samples.generator", "--out", str(cards_dir),
             "--count", str(count), "--seed", str(seed), "--suite", "wide",
             "--workers", str(workers)],
            check=True,
        )
        stamp.write_text(json.dumps(params))
    cached = cards_dir / "results.jsonl"
    if cached.is_file() and stamp.stat().st_mtime <= cached.stat().st_mtime:
        return [json.loads(x) for x in cached.read_text().splitlines()]
    files = {c.card: c for c in discover(cards_dir)}
    results = []
    for r in run_batch(files.values(), workers=workers, setup=WorkerSetup()):
        f = files[r["card"]]
        r["files"] = {"front": str(f.front.resolve()) if f.front else None,
                      "back": str(f.back.resolve()) if f.back else None}
        results.append(r)
    cached.write_text("".join(json.dumps(r) + "\n" for r in results))
    return results


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cards", type=int, default=1000)
    p.add_argument("--flagged", type=float, default=0.2, help="share needing review")
    p.add_argument("--source", type=int, default=72, help="real cards to read and reuse")
    p.add_argument("--seed", type=int, default=20261127)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()

    results = source_results(OUT / "report-cards", args.source, args.seed, args.workers)
    flagged = sorted((r for r in results if r["review"]["needed"]), key=lambda r: r["card"])
    fine = sorted((r for r in results if not r["review"]["needed"]), key=lambda r: r["card"])
    if not flagged or not fine:
        print("need both flagged and unflagged source cards; raise --source", file=sys.stderr)
        return 2
    n_flagged = round(args.cards * args.flagged)
    lines = [{**flagged[i % len(flagged)], "card": f"{i:06d}-{flagged[i % len(flagged)]['card']}"}
             for i in range(n_flagged)]
    lines += [{**fine[i % len(fine)], "card": f"{n_flagged + i:06d}-{fine[i % len(fine)]['card']}"}
              for i in range(args.cards - n_flagged)]
    random.Random(args.seed).shuffle(lines)
    jsonl = OUT / f"report-{args.cards}.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in lines))

    start, cpu0 = time.perf_counter(), time.process_time()
    loaded = read_results(jsonl)
    out = jsonl.with_suffix(".html")
    size = write_report(loaded, jsonl, out)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"source: {len(results)} real results ({len(flagged)} flagged) of the wide suite, "
          f"seed {args.seed}")
    print(f"report: {args.cards} cards, {n_flagged} flagged ({args.flagged:.0%}) -> {out}")
    print(f"  HTML size        {size / 1e6:.1f} MB")
    print(f"  per flagged card {size / max(n_flagged, 1) / 1e3:.0f} kB (photos of both sides)")
    print(f"  time             {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"({1e3 * wall / max(n_flagged, 1):.0f} ms per flagged card)")
    print(f"  peak RSS         {rss_mb:.0f} MB (this process, including the source batch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
