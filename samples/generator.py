"""Seeded generator of synthetic insurance-card images with ground truth (API and CLI).

    python -m samples.generator --out DIR --count N --seed S
                                [--suite foundation|wide|unseen|unseen_dev|directory]
                                [--conditions c1,c2] [--carriers a,b]

writes DIR/<card>/front.<ext>, DIR/<card>/back.<ext> (most cards) and DIR/truth.jsonl.
Card i depends only on (seed, i, suite, its carrier and condition), so the same arguments
give byte-identical files and a larger --count extends a smaller set.

The `foundation` suite (the default) is the committed set's: nine carriers, nine
conditions, exactly as before suites existed. The `wide` suite draws every carrier
(`WIDE_CARRIERS`, with design variants) in every condition (`WIDE_CONDITIONS`). The
`unseen` (frozen test range, default seed 912000) and `unseen_dev` (development range,
default seed 20261202) suites are drawn by the second, independent generator
(`samples.gen_grammar`, issue 12).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

import numpy as np

from samples import gen_spec
from samples.gen_draw import TextOp, draw_card, draw_style, front_layout, layout_front
from samples.gen_photo import (
    CONDITIONS,
    GLARE_CONDITIONS,
    LAYOUTS,
    WIDE_CONDITIONS,
    Box,
    Capture,
    ValueBoxes,
    plan_capture,
    shoot,
)
from samples.gen_spec import (
    CARRIERS,
    CardSpec,
    Copay,
    Dependent,
    Phone,
    Portal,
    build_spec,
    expected_review,
    portal,
    truth_copays,
    truth_dependent_items,
    truth_distractors,
    truth_fields,
    truth_phones,
)

__all__ = [
    "CARRIERS",
    "CONDITIONS",
    "LAYOUTS",
    "SUITES",
    "WIDE_CARRIERS",
    "WIDE_CONDITIONS",
    "CardPlan",
    "Truth",
    "generate",
    "main",
    "plan_card",
]

TRUTH_FILE: Final = "truth.jsonl"
NO_BACK_EVERY: Final = 10
"""Cards with index % NO_BACK_EVERY == 1 get no back image (10%, spread over carriers);
side-by-side and PDF layouts always show the back."""

SUITES: Final = ("foundation", "wide", "unseen", "unseen_dev", "directory")
"""Sample suites: which carriers and conditions cards cycle through by default. The last
two are drawn by the design grammar (`samples.gen_grammar`)."""

GRAMMAR_SUITES: Final = ("unseen", "unseen_dev", "directory")
"""Suites of the grammar generator (`gen_grammar.GRAMMAR_SUITES`)."""

WIDE_CARRIERS: Final[tuple[str, ...]] = getattr(gen_spec, "WIDE_CARRIERS", CARRIERS)
"""Every carrier gen_spec can draw (the foundation nine first)."""

SUITE_DEFAULTS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "foundation": (CARRIERS, CONDITIONS),
    "wide": (WIDE_CARRIERS, WIDE_CONDITIONS),
}
"""Suite -> (carriers, conditions) its cards cycle through unless restricted."""


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
    layout: str | None = None
    """One of `LAYOUTS`; None leaves the key out (one file per side, as in the foundation
    suite). The wide suite always writes it."""
    dependents: tuple[Dependent, ...] = ()
    """Dependents listed on the uploaded sides, as printed (always written, [] for none)."""
    copays: tuple[Copay, ...] = ()
    """The copay table's rows as printed on the uploaded sides (always written)."""
    phones: tuple[Phone, ...] = ()
    """Labelled phone numbers on the uploaded sides, in reading order (always written)."""
    payer_name: str | None = None
    """The payer's name as the card's wordmark prints it (grammar suites); None leaves the
    key out."""
    design: tuple[tuple[str, str | bool | int], ...] | None = None
    """The grammar's design choices for the card, written as the `design` object (grammar
    suites); None leaves the key out."""

    def to_json(self) -> str:
        """The truth.jsonl line (no trailing newline); key order is fixed: `layout` (when
        set), the lists `dependents`, `copays` and `phones` (always), then `payer_name` and
        `design` (when set)."""
        obj: dict[str, object] = {
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
        if self.layout is not None:
            obj["layout"] = self.layout
        obj["dependents"] = [d.to_json() for d in self.dependents]
        obj["copays"] = [c.to_json() for c in self.copays]
        obj["phones"] = [p.to_json() for p in self.phones]
        if self.payer_name is not None:
            obj["payer_name"] = self.payer_name
        if self.design is not None:
            obj["design"] = dict(self.design)
        return json.dumps(obj, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class CardPlan:
    """Everything decided about card `index` before any pixel is drawn."""

    index: int
    seed: int
    spec: CardSpec
    capture: Capture
    truth: Truth

    @property
    def has_back(self) -> bool:
        """True when the back is drawn: a back image, or both sides in the front file."""
        return self.truth.back is not None or self.capture.layout != "separate"


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


def _extras_rng(seed: int, index: int) -> random.Random:
    """RNG for the wide suite's issue-15 details (`gen_spec.wide_extras`): a stream of its
    own, so the rest of the card's content and capture stay as they were drawn before."""
    return random.Random(f"cardocr-samples:{seed}:{index}:extras")


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
    suite: str = "foundation",
) -> CardPlan:
    """Decide card `index` of a set of `count`: content, capture and ground truth.

    The foundation suite draws each carrier's usual card (`build_spec`); the wide suite
    gives every carrier a seeded mix of design variants (`wide_spec`), issue 15's birth
    date, sex, Rx ID and Rx Plan on some cards (`wide_extras`), and writes `layout` into
    every truth line. The front is laid out (not painted) to learn whether it shows
    the copay table and in which case labels are printed (truth `copays`, `phones`).
    """
    if suite not in SUITES:
        raise ValueError(f"unknown suite {suite!r}; choose from {', '.join(SUITES)}")
    if suite in GRAMMAR_SUITES:
        raise ValueError(f"the {suite} suite is planned by gen_grammar.plan_grammar_card")
    wide = suite == "wide"
    carrier, condition = assign(index, carriers, conditions)
    rng = _content_rng(seed, index)
    spec = gen_spec.wide_spec(carrier, rng) if wide else build_spec(carrier, rng)
    capture = plan_capture(condition, rng)
    if wide:
        spec = gen_spec.wide_extras(spec, _extras_rng(seed, index))
    combined = capture.layout != "separate"
    has_back = combined or index % NO_BACK_EVERY != 1
    name = card_name(index, count)
    style_rng = _style_rng(seed, index)
    style = draw_style(spec, style_rng)
    front = front_layout(spec, style, style_rng.randrange(2**31))
    phones = truth_phones(spec, has_back, style.upper_labels)
    truth = Truth(
        card=name,
        carrier=None if carrier == "generic" else carrier,
        condition=condition,
        readable=capture.readable,
        front=f"{name}/front.{capture.ext}",
        back=f"{name}/back.{capture.ext}" if has_back and not combined else None,
        fields=tuple(with_pbm_phone(truth_fields(spec, has_back), phones).items()),
        portal=portal(spec),
        distractors=truth_distractors(spec, has_back),
        expect_review=expected_review(spec, has_back, capture.readable),
        layout=capture.layout if wide or combined else None,
        dependents=truth_dependent_items(spec),
        copays=truth_copays(spec, front.copays),
        phones=phones,
    )
    return CardPlan(index, seed, spec, capture, truth)


PBM_PHONE_LABELS: Final = ("OPTUM RX",)
"""Phone labels (upper case) that are a pharmacy benefit manager's name: UHC Student
Resources' back prints ``Optum Rx`` before the pharmacy's number."""


def with_pbm_phone(fields: dict[str, str], phones: Sequence[Phone]) -> dict[str, str]:
    """``fields`` with ``pbm`` as printed when a phone's label names the pharmacy benefit
    manager, and the fields name none; the truth's field order kept."""
    label = next((ph.label for ph in phones if ph.label.upper() in PBM_PHONE_LABELS), None)
    if label is None or "pbm" in fields:
        return fields
    merged = {**fields, "pbm": label}
    return {k: merged[k] for k in gen_spec.FIELD_ORDER if k in merged}


def value_boxes(spec: CardSpec, ops: Sequence[object]) -> ValueBoxes:
    """Ink boxes (card px) of the front's member ID runs (prefix included) and group runs
    among the drawing ops of the front."""

    def printed(fields: set[str]) -> set[str]:
        found: set[str] = set()
        for e in spec.headline + spec.main + spec.rx + spec.footer:
            if any(p.field in fields for p in e.parts):
                found.add(e.value)
                found.update(p.text for p in e.parts if p.field in fields)
        return found

    def boxes(texts: set[str]) -> tuple[Box, ...]:
        return tuple(op.box() for op in ops
                     if isinstance(op, TextOp) and not op.decor and op.text.strip() in texts)

    return ValueBoxes(boxes(printed({"member_id", "member_id_prefix"})),
                      boxes(printed({"group_number"})))


def front_value_boxes(plan: CardPlan) -> ValueBoxes:
    """Where the planned card's front prints its member ID and group.

    Lays the front out again the way `draw_card` does (same style RNG, same calls), without
    painting it; tests check that the two stay in step.
    """
    rng = _style_rng(plan.seed, plan.index)
    style = draw_style(plan.spec, rng)
    found = value_boxes(plan.spec, layout_front(plan.spec, style, rng.randrange(2**31)))
    if not found.member_id:
        raise ValueError(f"card {plan.truth.card}: member ID not found on the drawn front")
    return found


def render_card(plan: CardPlan) -> tuple[bytes, bytes | None]:
    """Encoded front and back files of a planned card (back None when it has no back file)."""
    values = front_value_boxes(plan) if plan.capture.condition in GLARE_CONDITIONS else None
    faces = draw_card(plan.spec, _style_rng(plan.seed, plan.index), plan.has_back)
    return shoot(faces, plan.capture, _photo_rng(plan.seed, plan.index), values)


def _checked(
    values: Sequence[str] | None, default: Sequence[str], allowed: Sequence[str], what: str
) -> tuple[str, ...]:
    if values is None:
        return tuple(default)
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
            if all(re.fullmatch(r"(front|back)\.(png|jpg|jpeg|pdf|heic)", n) for n in names):
                shutil.rmtree(child)


class _Planned(Protocol):
    """A planned card of any suite: its truth is known before its pixels."""

    @property
    def truth(self) -> Truth: ...


P = TypeVar("P", bound=_Planned)

if TYPE_CHECKING:
    from samples.gen_grammar import GrammarPlan


def generate(
    out_dir: Path,
    count: int,
    seed: int,
    conditions: Sequence[str] | None = None,
    carriers: Sequence[str] | None = None,
    *,
    suite: str = "foundation",
    workers: int = 1,
    truth_only: bool = False,
) -> list[Truth]:
    """Write `count` cards and truth.jsonl into `out_dir`; return their truth in card order.

    `suite` picks the default carriers and conditions (`SUITE_DEFAULTS`) and how cards are
    drawn (see `plan_card`); `conditions` and `carriers` restrict the mix to any of
    `WIDE_CONDITIONS` and `WIDE_CARRIERS` in either suite. The grammar suites (`unseen`,
    `unseen_dev`) are planned by `gen_grammar.plan_grammar_card`; they take any of
    `gen_grammar.ALL_CONDITIONS` and carrier slots `gen_grammar.ALL_SLOTS`, and
    `unseen_dev` refuses the frozen test range's seeds.
    Earlier output in `out_dir` (truth.jsonl and image-only card folders) is replaced.
    `truth_only` writes truth.jsonl without images (fast; the truth never depends on pixels).
    """
    if count < 0 or seed < 0:
        raise ValueError("count and seed must be non-negative")
    if suite not in SUITES:
        raise ValueError(f"unknown suite {suite!r}; choose from {', '.join(SUITES)}")
    if suite in GRAMMAR_SUITES:
        grammar_plans = _grammar_plans(count, seed, conditions, carriers, suite)
        from samples.gen_grammar import render_grammar_card

        return _write(out_dir, grammar_plans, render_grammar_card, workers, truth_only)
    default_carriers, default_conditions = SUITE_DEFAULTS[suite]
    chosen_carriers = _checked(carriers, default_carriers, WIDE_CARRIERS, "carriers")
    chosen_conditions = _checked(conditions, default_conditions, WIDE_CONDITIONS, "conditions")
    plans = [plan_card(i, seed, count, chosen_carriers, chosen_conditions, suite)
             for i in range(count)]
    return _write(out_dir, plans, render_card, workers, truth_only)


def _grammar_plans(count: int, seed: int, conditions: Sequence[str] | None,
                   carriers: Sequence[str] | None, suite: str) -> list[GrammarPlan]:
    from samples import gen_grammar

    gen_grammar.check_seed(suite, seed)
    chosen_carriers = _checked(carriers, gen_grammar.SUITE_SLOTS[suite], gen_grammar.ALL_SLOTS,
                               "carriers")
    chosen_conditions = _checked(conditions, gen_grammar.UNSEEN_CONDITIONS,
                                 gen_grammar.ALL_CONDITIONS, "conditions")
    return [gen_grammar.plan_grammar_card(i, seed, count, chosen_carriers, chosen_conditions)
            for i in range(count)]


def _write(out_dir: Path, plans: Sequence[P], render: Callable[[P], tuple[bytes, bytes | None]],
           workers: int, truth_only: bool) -> list[Truth]:
    """Write the planned cards' files (unless `truth_only`) and truth.jsonl."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear(out_dir)
    if not truth_only:
        for plan, (front, back) in zip(plans, _render_all(plans, render, workers), strict=True):
            (out_dir / plan.truth.card).mkdir(exist_ok=True)
            (out_dir / plan.truth.front).write_bytes(front)
            if plan.truth.back is not None and back is not None:
                (out_dir / plan.truth.back).write_bytes(back)
    lines = "".join(p.truth.to_json() + "\n" for p in plans)
    (out_dir / TRUTH_FILE).write_text(lines, encoding="utf-8")
    return [p.truth for p in plans]


def _render_all(plans: Sequence[P], render: Callable[[P], tuple[bytes, bytes | None]],
                workers: int) -> Iterator[tuple[bytes, bytes | None]]:
    if workers <= 1 or len(plans) < 2:
        yield from map(render, plans)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(render, plans, chunksize=4)


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
    parser.add_argument("--seed", type=int,
                        help="random seed (>= 0); required except for the grammar suites "
                             "(unseen: 912000, the frozen test range; unseen_dev: 20261202; "
                             "directory: 20261313)")
    parser.add_argument("--suite", choices=SUITES, default="foundation",
                        help="foundation (default: the committed set's 9 carriers x 9 "
                             "conditions), wide (every carrier x every condition), unseen "
                             "(grammar designs, frozen test range), unseen_dev (grammar "
                             "designs, development range) or directory (grammar designs, "
                             "payers of the payer directory)")
    parser.add_argument("--conditions", type=_csv,
                        help=f"restrict to some of {','.join(WIDE_CONDITIONS)} (grammar "
                             "suites also web_small, photocopy, webp_misnamed)")
    parser.add_argument("--carriers", type=_csv,
                        help=f"restrict to some of {','.join(WIDE_CARRIERS)} (grammar suites: "
                             "the template carriers and 'other')")
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--truth-only", action="store_true", help="write truth.jsonl only")
    args = parser.parse_args(argv)
    if args.seed is None:
        if args.suite not in GRAMMAR_SUITES:
            parser.error(f"--seed is required for the {args.suite} suite")
        from samples.gen_grammar import SUITE_SEEDS

        args.seed = SUITE_SEEDS[args.suite]
    start = time.perf_counter()
    try:
        truths = generate(args.out, args.count, args.seed, args.conditions, args.carriers,
                          suite=args.suite, workers=args.workers, truth_only=args.truth_only)
    except ValueError as e:
        parser.error(str(e))
    seconds = time.perf_counter() - start
    print(f"wrote {len(truths)} cards to {args.out} in {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
