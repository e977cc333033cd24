"""Why a card's member ID or group ended where it did: every rule that moved it.

A development tool beside :mod:`tests.bench.devrun`. It reads the named cards of a generated
range with every value rule of :mod:`pipeline.process` wrapped, and prints, in order, each
interpretation's and each rule's member ID and group (value and confidence) where they
changed, then the truth::

    python -m tests.bench.devtrace /work/ranges/d3333 0140 0276 --cache /work/cache/d3333

It prints card values: use it on generated cards only.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline import process
from pipeline.config import Config
from pipeline.discover import discover
from pipeline.ocr import DEFAULT_ENGINE, get_engine, single_threaded
from pipeline.types import FieldReading
from tests.bench.devrun import CachedEngine

WATCHED = ("member_id", "group_number", "member_name")
"""The fields whose every move is printed."""


def _show(reading: FieldReading | None) -> str:
    return "-" if reading is None else f"{reading.value!r}@{reading.confidence:.2f}"


class Tracer:
    """Wraps :mod:`pipeline.process`'s rules; remembers the last value seen per field."""

    def __init__(self) -> None:
        self.last: dict[str, str] = {}
        self.lines: list[str] = []

    def note(self, where: str, fields: dict[str, FieldReading], every: bool) -> None:
        for name in WATCHED:
            if name not in fields and not every:
                continue
            shown = _show(fields.get(name))
            if self.last.get(name) != shown:
                self.lines.append(f"  {where:28s} {name:13s} {self.last.get(name, '-')} -> {shown}")
                self.last[name] = shown

    def wrap(self, fn: Callable[..., Any], every: bool) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            out = fn(*args, **kwargs)
            fields = getattr(out, "fields", out)
            if isinstance(fields, dict):
                self.note(fn.__name__, fields, every)
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


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.bench.devtrace", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cards_dir", type=Path)
    p.add_argument("cards", nargs="+")
    p.add_argument("--cache", type=Path)
    args = p.parse_args(argv)
    single_threaded()
    inner = get_engine(DEFAULT_ENGINE, Config().ocr_timeout_s)
    engine = CachedEngine(inner, args.cache) if args.cache else inner
    truth = {}
    for line in (args.cards_dir / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        truth[obj["card"]] = obj
    files = {c.card: c for c in discover(args.cards_dir)}
    tracer = Tracer()
    install(tracer)
    for card in args.cards:
        tracer.last, tracer.lines = {}, []
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
