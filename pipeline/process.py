"""``process_card``: one card, front and optional back, from files or bytes to its result."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import carrier as carrier_stage
from pipeline import decode, enhance, fields, locate, orient, portal, quality, reread, review
from pipeline.config import Config
from pipeline.ocr import DEFAULT_ENGINE, OcrEngine, get_engine
from pipeline.templates import Template, load_templates
from pipeline.types import (
    CardResult,
    CarrierMatch,
    DecodedImage,
    Distractor,
    FieldReading,
    OcrPage,
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


def load_side(source: Source, config: Config) -> DecodedImage:
    """Decode one side; raises :class:`pipeline.errors.InputError` when it cannot be."""
    if isinstance(source, bytes):
        return decode.decode_bytes(source, "<bytes>", config.limits)
    return decode.decode_file(Path(source), config.limits)


def read_side(
    decoded: DecodedImage, side: Side, engine: OcrEngine, config: Config,
    timings: dict[str, float],
) -> SideRead:
    """Find, flatten, measure, orient, enhance and OCR one decoded side."""
    with _timed(timings, "locate"):
        card = locate.find_card(decoded.pixels)
    with _timed(timings, "quality"):
        measured = quality.measure(card)
    with _timed(timings, "ocr"):
        card, image, page = orient.read_upright(card, engine, enhance.enhance)
    return SideRead(
        side=side, decoded=decoded, card=card, quality=measured, page=page, ocr_image=image
    )


def process_card(
    front: Source,
    back: Source | None = None,
    *,
    card: str | None = None,
    engine: OcrEngine | str = DEFAULT_ENGINE,
    config: Config = Config(),
) -> CardResult:
    """Read one card. Reads like the design: decode → quality → find and flatten → orient
    → enhance → OCR → carrier → fields and distractors → portal → review.

    ``engine`` is an engine or the name of one (created once per process and kept warm).
    Raises :class:`pipeline.errors.InputError` when a side is not a decodable image and
    :class:`pipeline.errors.EngineError` when OCR fails; everything else about a bad
    photo ends up as review reasons in the result.
    """
    cpu0, wall0 = time.process_time(), time.perf_counter()
    timings: dict[str, float] = {}
    given: list[tuple[Side, Source]] = [("front", front)]
    if back is not None:
        given.append(("back", back))
    with _timed(timings, "decode"):
        decoded = [(side, load_side(src, config)) for side, src in given]
    if isinstance(engine, str):  # after decoding: a bad file is reported before the engine
        engine = get_engine(engine, config.ocr_timeout_s)
    sides = [read_side(d, side, engine, config, timings) for side, d in decoded]

    front_read = sides[0]
    quality_reasons = quality.quality_reasons(
        front_read.quality, front_read.card, config.quality
    )
    with _timed(timings, "interpret"):
        found = interpret(
            [(s.side, s.page) for s in sides], has_back=back is not None,
            quality_reasons=quality_reasons, config=config,
        )
    if needs_second_look(found):
        with _timed(timings, "reread"):
            sides = [replace(s, page=reread.reread(s.page, s.ocr_image, engine)) for s in sides]
            found = interpret(
                [(s.side, s.page) for s in sides], has_back=back is not None,
                quality_reasons=quality_reasons, config=config,
            )
    timings["cpu_s"] = time.process_time() - cpu0
    timings["wall_s"] = time.perf_counter() - wall0
    log.debug("card %s: %d fields, %d review reasons", card, len(found.fields),
              len(found.reasons))
    return CardResult(
        card=card, carrier=found.carrier, fields=found.fields, distractors=found.distractors,
        portal=found.portal, reasons=found.reasons, sides=tuple(sides), timings=timings,
    )


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
) -> Interpretation:
    """From the OCR pages of a card's sides (card frame) to carrier, fields, portal, review.

    Pure apart from the cached template load, so template rules are tested on OCR text.
    """
    generic, carriers = load_templates()
    template, match = carrier_stage.identify([p for _, p in pages], carriers, generic)
    per_side = [fields.read_side(page, template, side) for side, page in pages]
    found, distractors = fields.merge_sides(per_side)
    reasons = review.decide(
        template=template, carrier=match, fields=found, quality_reasons=quality_reasons,
        has_back=has_back, config=config,
    )
    return Interpretation(
        template=template, carrier=match, fields=found, distractors=distractors,
        portal=portal.prefill(template, found), reasons=reasons,
    )
