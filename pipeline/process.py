"""``process_card``: one card, front and optional back, from files or bytes to its result."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import carrier as carrier_stage
from pipeline import decode, enhance, fields, locate, orient, portal, quality, reread, review
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.ocr import DEFAULT_ENGINE, OcrEngine, get_engine
from pipeline.templates import Template, load_templates
from pipeline.types import (
    CardImage,
    CardResult,
    CarrierMatch,
    DecodedImage,
    Distractor,
    FieldReading,
    OcrPage,
    Quality,
    ReviewReason,
    Side,
    SideRead,
)

log = logging.getLogger(__name__)

Source = Path | str | bytes
"""A side as a file path or the file's bytes."""


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def load_pages(source: Source, config: Config) -> list[DecodedImage]:
    """Decode an upload: one image, or a PDF's one or two pages. Raises
    :class:`pipeline.errors.InputError` when it cannot be decoded."""
    if isinstance(source, bytes):
        return decode.decode_pages(source, "<bytes>", config.limits)
    return decode.decode_file_pages(Path(source), config.limits)


def load_side(source: Source, config: Config) -> DecodedImage:
    """Decode one side (the first page of a PDF)."""
    return load_pages(source, config)[0]


def locate_sides(
    front: list[DecodedImage], back: list[DecodedImage], source: str
) -> list[tuple[Side, DecodedImage, CardImage]]:
    """Each side's image and card outline: the front and back uploads; or a two-page
    front PDF; or two cards side by side in the one front image (front left or on top)."""
    if back:
        if len(front) > 1:
            raise InputError(source, "the front PDF has two pages and a back was given too")
        return [
            ("front", front[0], locate.find_card(front[0].pixels)),
            ("back", back[0], locate.find_card(back[0].pixels)),
        ]
    if len(front) == 2:
        return [
            ("front", front[0], locate.find_card(front[0].pixels)),
            ("back", front[1], locate.find_card(front[1].pixels)),
        ]
    cards = locate.find_cards(front[0].pixels, max_cards=2)
    sides: list[Side] = ["front", "back"]
    return [(side, front[0], card) for side, card in zip(sides, cards, strict=False)]


def read_side(
    decoded: DecodedImage, card: CardImage, measured: Quality, side: Side,
    engine: OcrEngine, timings: dict[str, float],
) -> SideRead:
    """Orient, enhance and OCR one located side."""
    with _timed(timings, "ocr"):
        card, image, page = orient.read_upright(card, engine, enhance.enhance)
    return SideRead(
        side=side, decoded=decoded, card=card, quality=measured, page=page, ocr_image=image
    )


def unread_card(
    card: str | None,
    located: Sequence[tuple[Side, DecodedImage, CardImage]],
    measured: Sequence[Quality],
    reasons: Sequence[ReviewReason],
    timings: dict[str, float],
    cpu0: float,
    wall0: float,
) -> CardResult:
    """The result of a card whose photo is too poor to read: its quality reasons only."""
    sides = tuple(
        SideRead(
            side=side, decoded=d, card=c, quality=q,
            page=OcrPage(words=(), width=c.pixels.shape[1], height=c.pixels.shape[0]),
            ocr_image=c.pixels,
        )
        for (side, d, c), q in zip(located, measured, strict=True)
    )
    generic, _ = load_templates()
    timings["cpu_s"] = time.process_time() - cpu0
    timings["wall_s"] = time.perf_counter() - wall0
    return CardResult(
        card=card, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0), fields={},
        distractors=(), portal=portal.prefill(generic, {}), reasons=review.order(reasons),
        sides=sides, timings=timings,
    )


def process_card(
    front: Source,
    back: Source | None = None,
    *,
    card: str | None = None,
    engine: OcrEngine | str = DEFAULT_ENGINE,
    config: Config = Config(),
) -> CardResult:
    """Read one card. Reads like the design: decode → find and flatten → quality → orient
    → enhance → OCR → carrier → fields and distractors → portal → review.

    ``front`` may also hold both sides: a PDF of two pages, or one image (or one-page PDF)
    with the two cards side by side.

    ``engine`` is an engine or the name of one (created once per process and kept warm).
    Raises :class:`pipeline.errors.InputError` when a side is not a decodable image and
    :class:`pipeline.errors.EngineError` when OCR fails; everything else about a bad
    photo ends up as review reasons in the result.
    """
    cpu0, wall0 = time.process_time(), time.perf_counter()
    timings: dict[str, float] = {}
    with _timed(timings, "decode"):
        front_pages = load_pages(front, config)
        back_pages = load_pages(back, config) if back is not None else []
    if isinstance(engine, str):  # after decoding: a bad file is reported before the engine
        engine = get_engine(engine, config.ocr_timeout_s)
    with _timed(timings, "locate"):
        located = locate_sides(front_pages, back_pages, front_pages[0].source)
    has_back = len(located) == 2
    with _timed(timings, "quality"):
        measured = [quality.measure(c) for _, _, c in located]
        quality_reasons = quality.quality_reasons(measured[0], located[0][2], config.quality)
    if quality.hopeless(quality_reasons):  # flagged before any OCR pass is spent on it
        return unread_card(card, located, measured, quality_reasons, timings, cpu0, wall0)
    sides = [
        read_side(d, c, q, side, engine, timings)
        for (side, d, c), q in zip(located, measured, strict=True)
    ]
    with _timed(timings, "interpret"):
        found = interpret(
            [(s.side, s.page) for s in sides], has_back=has_back,
            quality_reasons=quality_reasons, config=config,
        )
    if needs_second_look(found):
        with _timed(timings, "reread"):
            sides = [replace(s, page=reread.reread(s.page, s.ocr_image, engine)) for s in sides]
            found = interpret(
                [(s.side, s.page) for s in sides], has_back=has_back,
                quality_reasons=quality_reasons, config=config,
            )
            overrides = reread_values(found, sides, engine, config)
            if overrides:
                found = interpret(
                    [(s.side, s.page) for s in sides], has_back=has_back,
                    quality_reasons=quality_reasons, config=config, overrides=overrides,
                )
    timings["cpu_s"] = time.process_time() - cpu0
    timings["wall_s"] = time.perf_counter() - wall0
    log.debug("card %s: %d fields, %d review reasons", card, len(found.fields),
              len(found.reasons))
    return CardResult(
        card=card, carrier=found.carrier, fields=found.fields, distractors=found.distractors,
        portal=found.portal, reasons=found.reasons, sides=tuple(sides), timings=timings,
    )


def reread_values(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine, config: Config
) -> dict[str, FieldReading]:
    """Better readings of the member ID and group where the first was doubtful."""
    by_side = {s.side: s for s in sides}
    minimum = {"member_id": config.member_id_min_confidence,
               "group_number": config.group_min_confidence}
    out: dict[str, FieldReading] = {}
    for name in reread.VALUE_FIELDS:
        reading = found.fields.get(name)
        rule = found.template.fields.get(name)
        if reading is None or rule is None or reading.confidence >= minimum[name]:
            continue
        side = by_side[reading.side]
        # Read the whole run of words the value may be part of: OCR may have cut it short.
        box = fields.run_box(side.page.words, reading.box)
        better = reread.reread_value(side.ocr_image, replace(reading, box=box), rule, engine)
        if better is not None:
            out[name] = better
    return out


SECOND_LOOK_CODES = frozenset(
    {"member_id_missing", "member_id_uncertain", "group_number_uncertain"}
)
"""Review reasons that a second, harder read of doubtful words may clear."""


def needs_second_look(found: Interpretation) -> bool:
    """True when the member ID or group is missing or doubtful after the first read."""
    return any(r.code in SECOND_LOOK_CODES for r in found.reasons)


@dataclass(frozen=True, slots=True)
class Interpretation:
    """What the OCR text of a card means: carrier, fields, prefill and review reasons."""

    template: Template
    carrier: CarrierMatch
    fields: dict[str, FieldReading]
    distractors: tuple[Distractor, ...]
    portal: dict[str, str | None]
    reasons: tuple[ReviewReason, ...]


def interpret(
    pages: Sequence[tuple[Side, OcrPage]],
    *,
    has_back: bool,
    quality_reasons: Sequence[ReviewReason] = (),
    config: Config = Config(),
    overrides: Mapping[str, FieldReading] | None = None,
) -> Interpretation:
    """From the OCR pages of a card's sides (card frame) to carrier, fields, portal, review.

    ``overrides`` replace fields read on the pages (values read again more closely).
    Pure apart from the cached template load, so template rules are tested on OCR text.
    """
    generic, carriers = load_templates()
    template, match = carrier_stage.identify([p for _, p in pages], carriers, generic)
    per_side = [fields.read_side(page, template, side) for side, page in pages]
    found, distractors = fields.merge_sides(per_side)
    found.update(overrides or {})
    found = fields.join_member_id_parts(found, template.fields.get("member_id"))
    reasons = review.decide(
        template=template, carrier=match, fields=found, quality_reasons=quality_reasons,
        has_back=has_back, config=config,
    )
    return Interpretation(
        template=template, carrier=match, fields=found, distractors=distractors,
        portal=portal.prefill(template, found), reasons=reasons,
    )
