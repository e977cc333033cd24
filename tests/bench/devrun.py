"""Development runs over a generated range: read it fast, score it, compare two runs.

Not a bench (``make bench`` is): a tool for working on the reader. ``run`` reads every card
of a range in worker processes, optionally through an OCR cache (a page read once is not
read again: a change that leaves the images alone reruns a 400-card range in a fraction of
the time; a change to the images simply misses the cache). ``score`` prints issue 12's
figures and the name's, and with ``--base`` every card whose verdict changed.

    python -m tests.bench.devrun run /work/ranges/d3333 --out runs/a.jsonl --cache cache/d3333
    python -m tests.bench.devrun score /work/ranges/d3333 runs/b.jsonl --base runs/a.jsonl

The cache holds OCR words of card images (PHI on real cards): use it on generated ranges
only, and keep it outside the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import pickle
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.boundary import failure_result, read_card_json
from pipeline.config import Config
from pipeline.discover import CardFiles, discover
from pipeline.errors import InputError
from pipeline.ocr import DEFAULT_ENGINE, OcrEngine, get_engine, single_threaded
from pipeline.types import Image, OcrPage
from tests.bench import metrics
from tests.bench.run_bench import load_truth, read_results


class CachedEngine:
    """An engine whose pages are kept on disk, keyed by the image's bytes and the options."""

    def __init__(self, inner: OcrEngine, folder: Path) -> None:
        self.name = inner.name
        self._inner = inner
        self._folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def version(self) -> str:
        return self._inner.version()

    def _key(self, kind: str, image: Image, options: tuple[object, ...]) -> Path:
        h = hashlib.blake2b(digest_size=20)
        h.update(repr((kind, image.shape, str(image.dtype), options)).encode())
        h.update(memoryview(image.tobytes()))
        digest = h.hexdigest()
        return self._folder / digest[:2] / digest

    def _cached(self, path: Path, compute: Any) -> Any:
        try:
            return pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            value = compute()
            path.parent.mkdir(exist_ok=True)
            tmp = path.with_suffix(f".{multiprocessing.current_process().pid}")
            tmp.write_bytes(pickle.dumps(value))
            tmp.replace(path)
            return value

    def recognize(
        self, image: Image, *, psm: int = 11, whitelist: str | None = None,
        local_threshold: bool = False,
    ) -> OcrPage:
        key = self._key("page", image, (psm, whitelist, local_threshold))
        page: OcrPage = self._cached(key, lambda: self._inner.recognize(
            image, psm=psm, whitelist=whitelist, local_threshold=local_threshold))
        return page

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        key = self._key("osd", image, ())
        found: tuple[int, float] | None = self._cached(
            key, lambda: self._inner.detect_orientation(image))
        return found


_engine: OcrEngine | None = None


def _init(cache: str | None) -> None:
    global _engine
    single_threaded()
    inner = get_engine(DEFAULT_ENGINE, Config().ocr_timeout_s)
    _engine = CachedEngine(inner, Path(cache)) if cache else inner


def _read(files: CardFiles) -> dict[str, Any]:
    assert _engine is not None and files.front is not None
    try:
        return read_card_json(files.front, files.back, card=files.card, engine=_engine,
                              config=Config())
    except InputError as e:
        return failure_result(files.card, e)


def run(cards_dir: Path, out: Path, cache: Path | None, workers: int,
        only: set[str] | None) -> None:
    """Read every card of ``cards_dir`` (or those in ``only``) into ``out``, sorted by card."""
    cards = [c for c in discover(cards_dir)
             if c.front is not None and (only is None or c.card in only)]
    start = time.perf_counter()
    ctx = multiprocessing.get_context("forkserver")
    with ctx.Pool(workers, _init, (str(cache) if cache else None,)) as pool:
        results = pool.map(_read, cards, chunksize=1)
    out.parent.mkdir(parents=True, exist_ok=True)
    results.sort(key=lambda r: str(r.get("card")))
    out.write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")
    print(f"{len(results)} cards in {time.perf_counter() - start:.0f} s -> {out}",
          file=sys.stderr)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one card's result got right, for comparing two runs."""

    member: bool
    group: bool
    name: bool | None
    silent: bool
    reviewed: bool
    member_value: str
    member_conf: float | None


def _verdicts(scores: Sequence[metrics.CardScore]) -> dict[str, Verdict]:
    out: dict[str, Verdict] = {}
    for s in scores:
        name = next((f for f in s.printed_fields if f.field == "member_name"), None)
        reading = s.result.fields.get("member_id") if s.result else None
        out[s.truth.card] = Verdict(
            member=s.member_id_ok, group=s.group_ok,
            name=None if name is None or name.expected is None else name.right,
            silent=s.silent_error, reviewed=s.review_needed,
            member_value=reading.value if reading else "-",
            member_conf=reading.confidence if reading else None,
        )
    return out


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def why_reviewed(scores: Sequence[metrics.CardScore]) -> list[str]:
    """Lines counting the plain readable cards sent to review, by review code and by
    whether the member ID and group read were right (``id+ grp-``): the review* figure's
    anatomy, to see which doubts cost the most right cards."""
    plain = [s for s in scores if s.truth.readable and not s.truth.expect_review
             and s.review_needed and s.result is not None]
    tally: Counter[str] = Counter()
    for s in plain:
        assert s.result is not None
        state = f"id{'+' if s.member_id_ok else '-'} grp{'+' if s.group_ok else '-'}"
        for code in s.result.review_codes:
            tally[f"{code:28s} {state}"] += 1
    lines = [f"review* anatomy: {len(plain)} cards (a card counts under each of its codes)"]
    lines += [f"  {n:4d}  {key}" for key, n in sorted(tally.items(), key=lambda kv: -kv[1])]
    return lines


def score(cards_dir: Path, results_path: Path, base: Path | None, suite: str,
          why: bool = False, fields: bool = False) -> None:
    """Print the figures of ``results_path``; with ``base``, every card whose verdict moved;
    with ``why``, the anatomy of the review* figure (:func:`why_reviewed`); with ``fields``,
    every printed field's and list's row, not only the name's, group name's and BIN's."""
    truths = load_truth(cards_dir / "truth.jsonl")
    ev = metrics.evaluate(truths, read_results(results_path).results, suite=suite)
    if why:
        print("\n".join(why_reviewed(ev.scores)))
    for t in ev.targets:
        v = t.value
        print(f"{t.name:45s} {'-' if v is None else (_pct(v) if t.unit == '%' else f'{v:.3f}')}")
    for row in ev.printed:
        if fields or row.name in ("member_name", "portal first/last", "group_name", "rx_bin"):
            print(f"{row.name:45s} exact {_pct(row.exact)} precision {_pct(row.precision)}")
    silent = [s for s in ev.scores if s.silent_error]
    print("silent:", " ".join(s.truth.card for s in silent) or "none")
    for s in silent:
        for m in s.mismatches:
            conf = "-" if m.confidence is None else f"{m.confidence:.2f}"
            print(f"  {s.truth.card} {s.truth.condition:14s} {s.truth.carrier:18s} "
                  f"{m.field}: {m.expected} -> {m.got}@{conf}")
    if base is None:
        return
    before = _verdicts(metrics.evaluate(truths, read_results(base).results, suite=suite).scores)
    after = _verdicts(ev.scores)
    for card in sorted(after):
        a, b = before.get(card), after[card]
        if a is None or (a.member, a.group, a.name, a.silent, a.reviewed) == (
                b.member, b.group, b.name, b.silent, b.reviewed):
            continue
        moved = [f"{k} {int(getattr(a, k)) if getattr(a, k) is not None else '-'}"
                 f"->{int(getattr(b, k)) if getattr(b, k) is not None else '-'}"
                 for k in ("member", "group", "name", "silent", "reviewed")
                 if getattr(a, k) != getattr(b, k)]
        print(f"{card}: {', '.join(moved)}  id {a.member_value}@{a.member_conf} -> "
              f"{b.member_value}@{b.member_conf}")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.bench.devrun", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="read a range")
    r.add_argument("cards", type=Path)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--cache", type=Path, help="OCR cache folder (generated cards only)")
    r.add_argument("--workers", type=int, default=2)
    r.add_argument("--only", help="comma-separated card names")
    s = sub.add_parser("score", help="score a run, optionally against a base run")
    s.add_argument("cards", type=Path)
    s.add_argument("results", type=Path)
    s.add_argument("--base", type=Path)
    s.add_argument("--suite", default="unseen_dev")
    s.add_argument("--why", action="store_true", help="count review* cards by review code")
    s.add_argument("--fields", action="store_true", help="every printed field's and list's row")
    args = p.parse_args(argv)
    if args.cmd == "run":
        run(args.cards, args.out, args.cache, args.workers,
            set(args.only.split(",")) if args.only else None)
    else:
        score(args.cards, args.results, args.base, args.suite, args.why, args.fields)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
