"""CPU of two checkouts on the same cards, on this machine: ``python -m tests.bench.cpu_ab
OLD NEW [--cards N] [--rounds R] [--dir CARDS]``.

The benches compare a card's median CPU with a figure measured earlier, on a machine whose
speed drifts; this times an old checkout (a ``git worktree`` of the baseline commit) and
a new one card by card, alternately, each in its own process with ``OMP_THREAD_LIMIT=1``,
on the same readable two-sided cards of the foundation suite (``build/bench/cards``, made
by ``make bench``), and prints each round's median CPU-s per card, their ratio, and the
median of the cards' own ratios.
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
import json, sys
sys.path.insert(0, sys.argv[1])
from pipeline.ocr import get_engine, single_threaded
from pipeline.process import process_card
single_threaded()  # as every batch and service worker reads (one card per core)
engine = get_engine()
for line in sys.stdin:
    front, back = json.loads(line)
    print(process_card(front, back, engine=engine).timings["cpu_s"], flush=True)
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


class Child:
    """A process running ``checkout``'s pipeline on one card at a time (its CPU-s back)."""

    def __init__(self, checkout: Path) -> None:
        own_templates(checkout)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        self.proc = subprocess.Popen([sys.executable, "-c", CHILD, str(checkout)], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def cpu(self, card: tuple[str, str]) -> float:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(card) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("cpu_ab: a child process ended early")
        return float(line)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


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
    old, new = Child(args.old), Child(args.new)
    try:
        for child in (old, new):  # warm: templates, the payer directory, Tesseract
            child.cpu(cards[0])
        ratios = []
        for r in range(1, args.rounds + 1):
            times: dict[str, list[float]] = {"old": [], "new": []}
            for k, card in enumerate(cards):
                # Card by card, first one then the other: drift in the machine's speed
                # (minutes long) falls on both alike.
                order = [("old", old), ("new", new)][:: 1 if (k + r) % 2 else -1]
                for name, child in order:
                    times[name].append(child.cpu(card))
            a, b = statistics.median(times["old"]), statistics.median(times["new"])
            per_card = statistics.median(n / o for o, n in zip(times["old"], times["new"],
                                                                strict=True))
            ratios.append(b / a)
            print(f"round {r}: old {a:.3f} s, new {b:.3f} s, ratio {b / a:.2f}, "
                  f"median per-card ratio {per_card:.2f} ({len(cards)} cards)")
        print(f"ratio, mean of rounds: {statistics.mean(ratios):.2f}")
    finally:
        old.close()
        new.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
