"""CPU of two checkouts on the same cards, on this machine: ``python -m tests.bench.cpu_ab
OLD NEW [--cards N] [--rounds R] [--dir CARDS]``.

The benches compare a card's median CPU with a figure measured earlier, on a machine whose
speed drifts; this times an old checkout (a ``git worktree`` of the baseline commit) and
a new one alternately, each in its own process with ``OMP_THREAD_LIMIT=1``, on the same
readable two-sided cards of the foundation suite (``build/bench/cards``, made by
``make bench``), and prints each round's median CPU-s per card and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pipeline.ocr import get_engine
from pipeline.process import process_card
cards = json.loads(sys.argv[2])
engine = get_engine()
cpu = [process_card(front, back, engine=engine).timings["cpu_s"] for front, back in cards]
print(json.dumps(cpu))
"""


def two_sided(cards_dir: Path, count: int) -> list[tuple[str, str]]:
    """The first ``count`` readable two-sided cards of a bench sample folder (paths)."""
    out = []
    for line in (cards_dir / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        if t.get("readable") and t.get("back"):
            out.append((str(cards_dir / t["front"]), str(cards_dir / t["back"])))
    return out[:count]


def own_templates(checkout: Path) -> None:
    """Make ``checkout`` load its own carrier templates: a venv's editable install maps
    ``pipeline.carriers`` to the main checkout's ``carriers/``, which an old checkout's
    template loader may not accept. In a checkout other than this one, a link
    ``pipeline/carriers`` -> ``../carriers`` is made when missing (untracked; meant for a
    scratch worktree), and said so."""
    link, target = checkout / "pipeline" / "carriers", checkout / "carriers"
    if checkout.resolve() != ROOT and target.is_dir() and not link.exists():
        link.symlink_to(Path("..") / "carriers")
        print(f"cpu_ab: linked {link} -> ../carriers", file=sys.stderr)


def median_cpu(checkout: Path, cards: list[tuple[str, str]]) -> float:
    """Median CPU-s per card of ``checkout``'s pipeline on ``cards``, in a fresh process."""
    own_templates(checkout)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    done = subprocess.run([sys.executable, "-c", CHILD, str(checkout), json.dumps(cards)],
                          env=env, capture_output=True, text=True, check=True)
    cpu: list[float] = json.loads(done.stdout.strip().splitlines()[-1])
    return statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="checkout of the baseline commit")
    parser.add_argument("new", type=Path, help="checkout to compare with it")
    parser.add_argument("--cards", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=ROOT / "build" / "bench" / "cards")
    args = parser.parse_args(argv)
    cards = two_sided(args.dir, args.cards)
    if not cards:
        print(f"cpu_ab: no readable two-sided cards in {args.dir} (run make bench first)",
              file=sys.stderr)
        return 2
    ratios = []
    for r in range(1, args.rounds + 1):
        old, new = median_cpu(args.old, cards), median_cpu(args.new, cards)
        ratios.append(new / old)
        print(f"round {r}: old {old:.3f} s, new {new:.3f} s, ratio {new / old:.2f} "
              f"({len(cards)} cards)")
    print(f"ratio, mean of rounds: {statistics.mean(ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
