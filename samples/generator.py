"""Seeded generator of synthetic insurance-card images with ground truth (API and CLI).

    python -m samples.generator --out DIR --count N --seed S [--conditions c1,c2] [--carriers a,b]

writes DIR/<card>/front.<ext>, DIR/<card>/back.<ext> (most cards) and DIR/truth.jsonl.
Card i depends only on (seed, i, its carrier and condition), so the same arguments give
byte-identical files and a larger --count extends a smaller set.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from samples.gen_draw import draw_card
from samples.gen_photo import CONDITIONS, Capture, plan_capture, shoot
from samples.gen_spec import (
    CARRIERS,
    CardSpec,
    Portal,
    build_spec,
    expected_review,
    portal,
    truth_distractors,
    truth_fields,
)

__all__ = ["CARRIERS", "CONDITIONS", "CardPlan", "Truth", "generate", "main", "plan_card"]

TRUTH_FILE: Final = "truth.jsonl"
NO_BACK_EVERY: Final = 10
"""Cards with index % NO_BACK_EVERY == 1 get no back image (10%, spread over carriers)."""


@dataclass(frozen=True, slots=True)
class Truth:
    """Ground truth for one card, one line of truth.jsonl (see samples/README.md).

    `front`/`back` are paths relative to the output folder; `fields` and `distractors` hold
    values exactly as printed on the sides that were written.
    """

    card: str
    carrier: str | None
    condition: str
    readable: bool
    front: str
    back: str | None
    fields: tuple[tuple[str, str], ...]
    portal: Portal
    distractors: tuple[tuple[str, str], ...]
    expect_review: tuple[str, ...]

    def to_json(self) -> str:
        """The truth.jsonl line (no trailing newline); key order is fixed."""
        obj = {
            "card": self.card,
            "carrier": self.carrier,
            "condition": self.condition,
            "readable": self.readable,
            "front": self.front,
            "back": self.back,
            "fields": dict(self.fields),
            "portal": {
                "insurance_provider": self.portal.insurance_provider,
                "member_id": self.portal.member_id,
                "group_number": self.portal.group_number,
                "first_name": self.portal.first_name,
                "last_name": self.portal.last_name,
            },
            "distractors": [{"kind": k, "value": v} for k, v in self.distractors],
            "expect_review": list(self.expect_review),
        }
        return json.dumps(obj, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class CardPlan:
    """Everything decided about card `index` before any pixel is drawn."""

    index: int
    seed: int
    spec: CardSpec
    capture: Capture
    truth: Truth


def assign(index: int, carriers: Sequence[str], conditions: Sequence[str]) -> tuple[str, str]:
    """Carrier and condition of card `index`.

    Card i takes carrier a = i mod nc and condition (a + b) mod nk with b = (i div nc) mod nk,
    so each run of nc x nk consecutive cards holds every carrier x condition pair once and any
    max(nc, nk) consecutive cards hold every carrier and every condition (9 x 9 by default).
    """
    nc, nk = len(carriers), len(conditions)
    a = index % nc
    b = (index // nc) % nk
    return carriers[a], conditions[(a + b) % nk]


def _content_rng(seed: int, index: int) -> random.Random:
    """RNG for the printed content and capture choice (everything truth depends on)."""
    return random.Random(f"cardocr-samples:{seed}:{index}:content")


def _style_rng(seed: int, index: int) -> random.Random:
    """RNG for layout, fonts and colours (never affects truth)."""
    return random.Random(f"cardocr-samples:{seed}:{index}:style")


def _photo_rng(seed: int, index: int) -> np.random.Generator:
    """RNG for backgrounds, geometry, light and noise (never affects truth)."""
    return np.random.default_rng([seed, index, 3])


def card_name(index: int, count: int) -> str:
    """Zero-padded card id: at least four digits, wider when count needs it."""
    return str(index).zfill(max(4, len(str(max(count - 1, 0)))))


def plan_card(
    index: int,
    seed: int,
    count: int,
    carriers: Sequence[str] = CARRIERS,
    conditions: Sequence[str] = CONDITIONS,
) -> CardPlan:
    """Decide card `index` of a set of `count`: content, capture and ground truth."""
    carrier, condition = assign(index, carriers, conditions)
    rng = _content_rng(seed, index)
    spec = build_spec(carrier, rng)
    capture = plan_capture(condition, rng)
    has_back = index % NO_BACK_EVERY != 1
    name = card_name(index, count)
    truth = Truth(
        card=name,
        carrier=None if carrier == "generic" else carrier,
        condition=condition,
        readable=capture.readable,
        front=f"{name}/front.{capture.ext}",
        back=f"{name}/back.{capture.ext}" if has_back else None,
        fields=tuple(truth_fields(spec, has_back).items()),
        portal=portal(spec),
        distractors=truth_distractors(spec, has_back),
        expect_review=expected_review(spec, has_back, capture.readable),
    )
    return CardPlan(index, seed, spec, capture, truth)


def render_card(plan: CardPlan) -> tuple[bytes, bytes | None]:
    """Encoded front and back images of a planned card."""
    faces = draw_card(plan.spec, _style_rng(plan.seed, plan.index), plan.truth.back is not None)
    return shoot(faces, plan.capture, _photo_rng(plan.seed, plan.index))


def _checked(values: Sequence[str] | None, allowed: Sequence[str], what: str) -> tuple[str, ...]:
    if values is None:
        return tuple(allowed)
    chosen = tuple(values)
    unknown = [v for v in chosen if v not in allowed]
    if unknown or not chosen:
        raise ValueError(f"unknown {what} {unknown or chosen!r}; choose from {', '.join(allowed)}")
    return chosen


def _clear(out_dir: Path) -> None:
    """Remove what an earlier run wrote: truth.jsonl and card folders holding only images."""
    (out_dir / TRUTH_FILE).unlink(missing_ok=True)
    for child in out_dir.iterdir():
        if child.is_dir() and re.fullmatch(r"\d{4,}", child.name):
            names = [p.name for p in child.iterdir()]
            if all(re.fullmatch(r"(front|back)\.(png|jpg)", n) for n in names):
                shutil.rmtree(child)


def generate(
    out_dir: Path,
    count: int,
    seed: int,
    conditions: Sequence[str] | None = None,
    carriers: Sequence[str] | None = None,
    *,
    workers: int = 1,
    truth_only: bool = False,
) -> list[Truth]:
    """Write `count` cards and truth.jsonl into `out_dir`; return their truth in card order.

    Earlier output in `out_dir` (truth.jsonl and image-only card folders) is replaced.
    `truth_only` writes truth.jsonl without images (fast; the truth never depends on pixels).
    """
    if count < 0 or seed < 0:
        raise ValueError("count and seed must be non-negative")
    chosen_carriers = _checked(carriers, CARRIERS, "carriers")
    chosen_conditions = _checked(conditions, CONDITIONS, "conditions")
    plans = [plan_card(i, seed, count, chosen_carriers, chosen_conditions) for i in range(count)]
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear(out_dir)
    if not truth_only:
        for plan, (front, back) in zip(plans, _render_all(plans, workers), strict=True):
            (out_dir / plan.truth.card).mkdir(exist_ok=True)
            (out_dir / plan.truth.front).write_bytes(front)
            if plan.truth.back is not None and back is not None:
                (out_dir / plan.truth.back).write_bytes(back)
    lines = "".join(p.truth.to_json() + "\n" for p in plans)
    (out_dir / TRUTH_FILE).write_text(lines, encoding="utf-8")
    return [p.truth for p in plans]


def _render_all(plans: Sequence[CardPlan], workers: int) -> Iterator[tuple[bytes, bytes | None]]:
    if workers <= 1 or len(plans) < 2:
        yield from map(render_card, plans)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(render_card, plans, chunksize=4)


def _csv(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; returns the exit status (2 for bad arguments)."""
    parser = argparse.ArgumentParser(
        prog="python -m samples.generator",
        description="Write synthetic insurance-card images and truth.jsonl.",
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--count", type=int, required=True, help="number of cards")
    parser.add_argument("--seed", type=int, required=True, help="random seed (>= 0)")
    parser.add_argument("--conditions", type=_csv, help=f"subset of {','.join(CONDITIONS)}")
    parser.add_argument("--carriers", type=_csv, help=f"subset of {','.join(CARRIERS)}")
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--truth-only", action="store_true", help="write truth.jsonl only")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        truths = generate(args.out, args.count, args.seed, args.conditions, args.carriers,
                          workers=args.workers, truth_only=args.truth_only)
    except ValueError as e:
        parser.error(str(e))
    seconds = time.perf_counter() - start
    print(f"wrote {len(truths)} cards to {args.out} in {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
