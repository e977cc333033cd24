"""Why a card's member ID or group ended where it did: every rule that moved it.

A development tool beside :mod:`tests.bench.devrun`. It reads the named cards of a generated
range with every value rule of :mod:`pipeline.process` wrapped, and prints, in order, each
interpretation's and each rule's member ID and group (value and confidence) where they
changed, then the truth::

    python -m tests.bench.devtrace /work/ranges/d3333 0140 0276 --cache /work/cache/d3333

With ``--ledger``, every card of the range is read (in worker processes) and each rule's
moves are tallied against the truth: how often a rule made a right value uncertain (a
card sent to a person for nothing) and how often it doubted or changed a wrong one::

    python -m tests.bench.devtrace /work/ranges/d3333 --ledger --cache /work/cache/d3333

It prints card values: use it on generated cards only.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import multiprocessing
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import process
from pipeline.config import Config
from pipeline.discover import CardFiles, discover
from pipeline.errors import CardOcrError
from pipeline.ocr import DEFAULT_ENGINE, get_engine, single_threaded
from pipeline.types import FieldReading
from tests.bench.devrun import CachedEngine

WATCHED = ("member_id", "group_number", "member_name")
"""The fields whose every move is printed."""


def _show(reading: FieldReading | None) -> str:
    return "-" if reading is None else f"{reading.value!r}@{reading.confidence:.2f}"


@dataclass(frozen=True, slots=True)
class Move:
    """One rule's change to one watched field: value and confidence before and after
    (None: no reading)."""

    rule: str
    field: str
    before: tuple[str, float] | None
    after: tuple[str, float] | None


class Tracer:
    """Wraps :mod:`pipeline.process`'s rules; remembers the last value seen per field."""

    def __init__(self) -> None:
        self.last: dict[str, str] = {}
        self.state: dict[str, tuple[str, float] | None] = {}
        self.lines: list[str] = []
        self.moves: list[Move] = []

    def reset(self) -> None:
        self.last, self.state, self.lines, self.moves = {}, {}, [], []

    def note(self, where: str, fields: dict[str, FieldReading], every: bool) -> None:
        for name in WATCHED:
            if name not in fields and not every:
                continue
            shown = _show(fields.get(name))
            if self.last.get(name) != shown:
                self.lines.append(f"  {where:28s} {name:13s} {self.last.get(name, '-')} -> {shown}")
                self.last[name] = shown
                r = fields.get(name)
                now = None if r is None else (r.value, r.confidence)
                self.moves.append(Move(where, name, self.state.get(name), now))
                self.state[name] = now

    def wrap(self, fn: Callable[..., Any], every: bool) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            out = fn(*args, **kwargs)
            fields = getattr(out, "fields", out)
            if isinstance(fields, dict):  # interpret: named by its caller's line
                where = fn.__name__
                if every:
                    caller = inspect.stack(0)[2]
                    where = f"{fn.__name__}@{caller.function}:{caller.lineno}"
                self.note(where, fields, every)
            elif isinstance(out, FieldReading) and out.name in WATCHED:
                self.note(fn.__name__, {out.name: out}, False)
            return out
        return wrapped


def install(tracer: Tracer) -> None:
    """Wrap ``interpret`` (every field: a value may vanish) and every rule returning readings."""
    for name, fn in list(vars(process).items()):
        if not inspect.isfunction(fn) or fn.__module__ != process.__name__:
            continue
        ret = str(inspect.signature(fn).return_annotation)
        if name == "interpret":
            setattr(process, name, tracer.wrap(fn, every=True))
        elif "FieldReading" in ret and name != "replace_readings":
            setattr(process, name, tracer.wrap(fn, every=False))


_tracer = Tracer()
_engine: Any = None


def _init(cache: str | None) -> None:
    global _engine
    single_threaded()
    inner = get_engine(DEFAULT_ENGINE, Config().ocr_timeout_s)
    _engine = CachedEngine(inner, Path(cache)) if cache else inner
    install(_tracer)


def _moves(files: CardFiles) -> tuple[str, list[Move], tuple[str, ...]]:
    _tracer.reset()
    assert files.front is not None
    try:
        result = process.process_card(files.front, files.back, card=files.card,
                                      engine=_engine, config=Config())
    except CardOcrError:
        return files.card, [], ("error",)
    return files.card, list(_tracer.moves), tuple(r.code for r in result.reasons)


def ledger(cards_dir: Path, cache: Path | None, workers: int) -> list[str]:
    """Every rule's part in the final readings of a range's plain readable cards (truth
    expects no review). Each field's final reading is put to the rule that last took it
    under its review bar (or last moved it, when it ends over the bar) and counted as
    right under the bar (a card sent to a person for nothing: the cost), right over it,
    wrong under it (an error caught), wrong over it (silent); ``fix``/``break``: the rule
    last changed the value, from wrong to right or right to wrong."""
    truth = _truth(cards_dir)
    cards = [c for c in discover(cards_dir) if c.front is not None]
    ctx = multiprocessing.get_context("forkserver")
    with ctx.Pool(workers, _init, (str(cache) if cache else None,)) as pool:
        done = pool.map(_moves, cards, chunksize=1)
    bars = {"member_id": Config().member_id_min_confidence,
            "group_number": Config().group_min_confidence, "member_name": 0.0}
    tally: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for card, moves, _codes in done:
        t = truth.get(card, {})
        if not t.get("readable", True) or t.get("expect_review"):
            continue
        want = t.get("fields") or {}
        for name in WATCHED:
            mine = [m for m in moves if m.field == name]
            if not mine or mine[-1].after is None:
                continue
            value, conf = mine[-1].after
            under = conf < bars[name]
            blame = mine[-1]
            if under:  # the last move that took it from over the bar (or none) to under
                for m in reversed(mine):
                    if m.after is not None and m.after[1] < bars[name] and (
                            m.before is None or m.before[1] >= bars[name]
                            or m.before[0] != m.after[0]):
                        blame = m
                        break
            right = value == want.get(name)
            kind = ("right" if right else ("wrong" if under else "WRONG")) + (
                "<bar" if under else ">=bar")
            tally[(blame.rule, name)][kind] += 1
            if kind in ("right<bar", "wrong<bar", "WRONG>=bar"):
                examples[(blame.rule, name, kind)].append(card)
            changer = next((m for m in reversed(mine) if m.before is None
                            or m.before[0] != (m.after or ("", 0))[0]), None)
            if changer is not None and changer.before is not None:
                was = changer.before[0] == want.get(name)
                if right and not was:
                    tally[(changer.rule, name)]["fix"] += 1
                elif was and not right:
                    tally[(changer.rule, name)]["break"] += 1
    cols = ("right<bar", "right>=bar", "wrong<bar", "WRONG>=bar", "fix", "break")
    lines = [f"{'rule':28s} {'field':13s} " + " ".join(f"{c:>10s}" for c in cols)]
    for (rule, name), c in sorted(tally.items(), key=lambda kv: -kv[1]["right<bar"]):
        lines.append(f"{rule:28s} {name:13s} " + " ".join(f"{c[k]:10d}" for k in cols))
    for (rule, name, kind), found in sorted(examples.items()):
        lines.append(f"  {kind} {rule} {name}: {' '.join(found)}")
    return lines


def _truth(cards_dir: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for line in (cards_dir / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        out[obj["card"]] = obj
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.bench.devtrace", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cards_dir", type=Path)
    p.add_argument("cards", nargs="*")
    p.add_argument("--cache", type=Path)
    p.add_argument("--ledger", action="store_true", help="tally every rule over the range")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    if args.ledger:
        print("\n".join(ledger(args.cards_dir, args.cache, args.workers)))
        return 0
    single_threaded()
    inner = get_engine(DEFAULT_ENGINE, Config().ocr_timeout_s)
    engine = CachedEngine(inner, args.cache) if args.cache else inner
    truth = _truth(args.cards_dir)
    files = {c.card: c for c in discover(args.cards_dir)}
    tracer = Tracer()
    install(tracer)
    for card in args.cards:
        tracer.reset()
        f = files[card]
        assert f.front is not None
        result = process.process_card(f.front, f.back, card=card, engine=engine, config=Config())
        t = truth.get(card, {})
        want = {k: (t.get("fields") or {}).get(k) for k in WATCHED}
        print(f"{card}: truth {want}  carrier {t.get('carrier')} "
              f"conditions {t.get('condition') or t.get('conditions')}")
        print("\n".join(tracer.lines))
        print(f"  => carrier {result.carrier.id}@{result.carrier.confidence:.2f} review "
              f"{[r.code for r in result.reasons]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
