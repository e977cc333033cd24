"""``process_card``: one card, front and optional back, from files or bytes to its result."""

from __future__ import annotations

import functools
import logging
import math
import re
import string
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import accumulate, pairwise
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline import carrier as carrier_stage
from pipeline import (
    crosscheck,
    dates,
    deblur,
    decode,
    derived,
    enhance,
    fields,
    glyphs,
    lists,
    locate,
    orient,
    payers,
    portal,
    ppocr,
    printform,
    quality,
    reread,
    review,
)
from pipeline.config import Config
from pipeline.errors import CardOcrError, InputError, StageError
from pipeline.fields import plan_id_shaped
from pipeline.ocr import DEFAULT_ENGINE, PSM_SINGLE_LINE, OcrEngine, get_engine, memoised
from pipeline.placeholders import is_placeholder
from pipeline.templates import FieldRule, Template, load_templates
from pipeline.types import (
    Box,
    CardImage,
    CardResult,
    CarrierMatch,
    DecodedImage,
    Distractor,
    FieldReading,
    Image,
    OcrPage,
    OcrWord,
    Quality,
    ReviewReason,
    Side,
    SideRead,
)

log = logging.getLogger(__name__)

Source = Path | str | bytes
"""A side as a file path or the file's bytes."""


@contextmanager
def _stage(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Time a stage (seconds, added to ``timings[stage]``) and turn any exception it lets
    escape, other than the project's own, into a :class:`StageError` naming it."""
    start = time.perf_counter()
    try:
        yield
    except CardOcrError:
        raise
    except Exception as e:
        raise StageError(stage, e) from e
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
    engine: OcrEngine, timings: dict[str, float], upside_down_first: bool = False,
    as_photographed: bool = False,
) -> SideRead:
    """Orient, enhance and OCR one located side (``upside_down_first``: see
    :func:`pipeline.orient.read_upright`). A shaken photo is deblurred first unless
    ``as_photographed`` (:func:`restoration`)."""
    with _stage(timings, "ocr"):
        restore, deblurred = (None, False) if as_photographed else restoration(card, measured)
        card, image, page = orient.read_upright(
            card, engine, partial(enhance.enhance, restore=restore),
            upside_down_first=upside_down_first,
        )
        page = reread.recover_lost_lines(page, image, engine)
    return SideRead(
        side=side, decoded=decoded, card=card, quality=measured, page=page, ocr_image=image,
        deblurred=deblurred,
    )


def restoration(
    card: CardImage, measured: Quality
) -> tuple[Callable[[Image], Image] | None, bool]:
    """What a side's grey card needs before its first reading, and whether that deblurs:
    a shaken photo's motion undone (:func:`pipeline.deblur.shaken`); else nothing."""
    if measured.sharpness >= deblur.SHAKEN_MAX_SHARPNESS:  # most photos: no work at all
        return None, False
    grey = enhance.darkest_channel(card.pixels)
    motion = deblur.shaken(grey, measured.sharpness)
    if motion is None:
        return None, False
    return partial(deblur.undo, motion, grey.shape), True


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
    → enhance → OCR → carrier → fields and distractors → portal → review → lists.

    ``front`` may also hold both sides: a PDF of two pages, or one image (or one-page PDF)
    with the two cards side by side.

    ``engine`` is an engine or the name of one (created once per process and kept warm).
    Raises :class:`pipeline.errors.InputError` when a side is not a decodable image,
    :class:`pipeline.errors.EngineError` when OCR fails, and
    :class:`pipeline.errors.StageError` (naming the stage) for any other exception a stage
    lets escape; everything else about a bad photo ends up as review reasons in the result.
    """
    cpu0, wall0 = time.process_time(), time.perf_counter()
    timings: dict[str, float] = {}
    with _stage(timings, "decode"):
        front_pages = load_pages(front, config)
        back_pages = load_pages(back, config) if back is not None else []
    if isinstance(engine, str):  # after decoding: a bad file is reported before the engine
        engine = get_engine(engine, config.ocr_timeout_s)
    engine = memoised(engine)  # the card's steps read some crops twice: once each
    with _stage(timings, "locate"):
        located = locate_sides(front_pages, back_pages, front_pages[0].source)
    has_back = len(located) == 2
    with _stage(timings, "quality"):
        measured = [quality.measure(c) for _, _, c in located]
        quality_reasons = quality.quality_reasons(measured[0], located[0][2], config.quality)
    if quality.hopeless(quality_reasons):  # flagged before any OCR pass is spent on it
        return unread_card(card, located, measured, quality_reasons, timings, cpu0, wall0)
    sides: list[SideRead] = []
    for (side, d, c), q in zip(located, measured, strict=True):
        # A card turned upside down for its front was likely photographed so for its back.
        flipped = bool(sides) and sides[0].card.rotation == (located[0][2].rotation + 180) % 360
        with _stage(timings, "ocr"):  # the print's own guess first (it orders tries only)
            guess = orient.looks_upside_down(c.pixels)
        sides.append(read_side(d, c, q, side, engine, timings,
                               upside_down_first=flipped if guess is None else guess))

    memo = PageMemo()
    names_seen: list[SeenName] = []  # each reading's member name, for one a later reading lost
    values_seen: list[FieldReading] = []  # each reading's member ID and group

    def meaning(
        read: Sequence[SideRead], overrides: Mapping[str, FieldReading] | None = None
    ) -> Interpretation:
        found = interpret(
            [(s.side, s.page) for s in read], has_back=has_back,
            quality_reasons=quality_reasons, config=config, overrides=overrides, memo=memo,
        )
        names_seen.extend(seen_name(found, read))
        values_seen.extend(r for n, r in found.fields.items() if n in reread.VALUE_FIELDS)
        return found

    with _stage(timings, "interpret"):
        found = meaning(sides)
    first_codes = found.fields  # the first reading's, whose codes a later one may lose
    photo_values: dict[str, str] | None = None  # the photo's values, when deblurring won
    sharp_values: dict[str, str] | None = None  # the deblurred values, when the photo won
    if any(s.deblurred for s in sides):
        with _stage(timings, "reread"):
            sharp = found
            sides, found, photographed = deblurred_or_plain(sides, found, engine, meaning)
            if any(s.deblurred for s in sides):
                photo_values = {n: r.value for n, r in photographed.fields.items()}
            else:
                sharp_values = {n: r.value for n, r in sharp.fields.items()}
    overrides: dict[str, FieldReading] = {}
    read_whole: set[Side] = set()
    if optional_group_unseen(found):
        with _stage(timings, "reread"):
            sides, read_whole = read_whole_again(sides, engine, {"front"}), {"front"}
            found = meaning(sides)
        if optional_group_unseen(found):
            with _stage(timings, "reread"):
                # A code under a mangled small label ('cre' for 'GRP'): read the label again.
                sides = [find_lost_labels(s, found, engine, "group_number", mangled_only=True)
                         for s in sides]
                found = meaning(sides)
    first_sure = sure_groups(found)  # what a second look must agree with to keep it sure
    for alternative in (read_locally_thresholded, read_deblurred):
        if needs_second_look(found):
            with _stage(timings, "reread"):
                sides, found = alternative(sides, found, engine, meaning)
    if needs_second_look(found):
        with _stage(timings, "reread"):
            sides = [replace(s, page=reread.reread(s.page, s.ocr_image, engine)) for s in sides]
            if lost_values(found):  # a small label and its value read as one word
                sides = [replace(s, page=reread.split_stacked(s.page, s.ocr_image, engine))
                         for s in sides]
            for name in lost_values(found):
                sides = [find_lost_labels(s, found, engine, name) for s in sides]
            found = meaning(sides)
            if lost_values(found):
                known = {s.side: len(s.page.words) for s in sides}
                sides = read_whole_again(sides, engine, {s.side for s in sides} - read_whole)
                # The labels of values only the whole reading found may be lost too.
                for name in lost_values(found):
                    sides = [find_lost_labels(s, found, engine, name, known[s.side])
                             for s in sides]
                found = meaning(sides)
            overrides = reread_values(found, sides, engine, config)
            if overrides:
                found = meaning(sides, overrides)
    # The sure group a second look read otherwise (closer reads may still change it).
    second_read = {n: r.value for n, r in found.fields.items()
                   if n in first_sure and first_sure[n] != r.value}
    if (lost := name_lost(found, sides, names_seen)) is not None:
        # A second look's reading of the sides lost the name an earlier reading gave.
        overrides = {**overrides, "member_name": lost}
        found = meaning(sides, overrides)
    pages = [(s.side, s.page) for s in sides]
    lone_names: set[str] = set()  # values taken with no label of their own
    if (member := lone_member_id(found, pages, config.member_id_min_confidence)) is not None:
        with _stage(timings, "verify"):
            member = confirmed_lone(member, found, sides, engine)
        found = meaning(sides, {**overrides, "member_id": member})
        overrides["member_id"] = member
        lone_names.add("member_id")
    if lone_group_wanted(found) and (lone := lone_group(found, pages)) is not None:
        with _stage(timings, "verify"):
            lone = confirmed_lone(lone, found, sides, engine)
            if lone.confidence < review_bars(config)["group_number"]:
                lone = reread_lone(lone, found, sides, engine)
        found = meaning(sides, {**overrides, "group_number": lone})
        overrides["group_number"] = lone
        lone_names.add("group_number")
    elif (row := row_group(found, pages)) is not None:
        # The member ID's row of values lost its heads: its other code may be the group.
        found = meaning(sides, {**overrides, "group_number": row})
        overrides["group_number"] = row
    with _stage(timings, "verify"):
        checked = verify_values(found, sides, engine, config)
        checked.update(confirmed_doubtful(found, sides, engine, config, lone_names))
        checked.update(zeros_among_digits(replace_readings(found, checked)))
        before_o = replace_readings(found, checked)
        o_checked = check_o_zero(before_o, sides)
        checked.update(o_checked)
        checked.update(zeros_alike(before_o, o_checked, sides))
        # Values whose round letters (O, 0, Q) the print's glyph shapes put in doubt.
        round_doubts = set(o_checked)
        for check, of_rounds in ((zero_marks_differ, True), (stroke_touches, False),
                                 (check_q_tail, True), (group_o_unsettled, True),
                                 (counters_differ, False), (glyph_more_read, False),
                                 (stems_differ, False)):
            glyph_doubted = check(replace_readings(found, checked), sides)
            checked.update(glyph_doubted)
            if of_rounds:
                round_doubts.update(glyph_doubted)
        # A bare bar opening a value read 1: both engines read a sans I so, and no reading
        # of the second engine clears it.
        bare_ones = bare_one_opens(replace_readings(found, checked), sides)
        checked.update(bare_ones)
        round_doubts.update(bare_ones)
        before = replace_readings(found, checked)
        letters_fixed = check_one_letters(before, sides)
        letters_fixed.update(check_g_six(replace_readings(before, letters_fixed), sides))
        checked.update(letters_fixed)
        checked.update(glyph_confirmed({
            n: r for n, r in letters_fixed.items() if r.value != before.fields[n].value
        }, sides, engine))
        checked.update(marked_values(replace_readings(found, checked), sides))
        checked.update(end_unread(replace_readings(found, checked), sides))
        checked.update(end_overlapped(replace_readings(found, checked), sides))
        checked.update(ends_faded(replace_readings(found, checked), sides))
        checked.update(start_unread(replace_readings(found, checked), sides))
        checked.update(goes_on(replace_readings(found, checked), sides))
        checked.update(digit_opens_letters(replace_readings(found, checked)))
        checked.update(zero_opens_mono(replace_readings(found, checked), sides))
        checked.update(start_left_out(replace_readings(found, checked), sides))
        checked.update(prefix_left_out(replace_readings(found, checked), sides))
        checked.update(label_start_lost(replace_readings(found, checked), sides))
        checked.update(joined_values(replace_readings(found, checked), sides, engine))
        checked.update(suffix_spaced(replace_readings(found, checked), sides))
        checked.update(suffix_unspaced(replace_readings(found, checked), sides))
        # The second engine joins an ID and a suffix set close alike: no reading clears it.
        read_in = suffix_read_in(replace_readings(found, checked), sides)
        checked.update(read_in)
        checked.update(bare_id_beside_full(replace_readings(found, checked), sides))
        checked.update(prefix_reread(replace_readings(found, checked), sides, engine,
                                     config.member_id_min_confidence))
        disputed = deblur_disputed(replace_readings(found, checked), sides, photo_values)
        checked.update(disputed)
        checked.update(photo_confirmed(disputed, replace_readings(found, checked), sides,
                                       engine, photo_values))
        checked.update(photo_disputed(replace_readings(found, checked), sides, sharp_values))
        checked.update(second_look_disputed(replace_readings(found, checked), sides,
                                            second_read))
        if checked:
            found = meaning(sides, {**overrides, **checked})
        if codes := reread_codes(found, sides, engine):
            checked.update(codes)
            found = meaning(sides, {**overrides, **checked})
        if codes := lost_code_labels(found, sides, engine, meaning):
            checked.update(codes)
            found = meaning(sides, {**overrides, **checked})
        # No OCR: the Rx ID prints the member ID again (confirmed), or nearly (doubted).
        if joined := rx_id_joined(found, sides):
            checked.update(joined)
            found = meaning(sides, {**overrides, **checked})
        # A disagreeing copy is doubted even under the review bar, and kept so (below)
        # where the copies still part on other than an O/0 or I/1: no later reading of one
        # print settles which copy is misread (11717's 0012, Q and O); a look-alike the
        # second engine may (11616's 0279, the Rx ID's 'QC0…' of 'QCO…'), and a cross-check
        # that reads the member ID as its copy ends it (12121's 0249).
        doubted = copy_disagrees(found)
        if doubted and copy_settled(found, sides, engine):
            doubted = {}  # the Rx ID read again, or the member ID's print, settles it
        copies = {**rx_copy_confirmed(found, sides, config, round_doubts), **doubted}
        if copies:
            checked.update(copies)
            found = meaning(sides, {**overrides, **checked})
        # A name the line reader reads otherwise is doubted; closer reads judge it, and
        # the line reader their reading.
        line = name_line_read(found, sides)
        if disputed_name := name_disputed(found, line):
            checked.update(disputed_name)
            found = meaning(sides, {**overrides, **checked})
        if names := line_agrees(reread_name(found, sides, engine), line):
            checked.update(names)
            found = meaning(sides, {**overrides, **checked})
        if spaced := initials_spaced(found, sides):
            checked.update(spaced)
            found = meaning(sides, {**overrides, **checked})
        if extras := confirmed_extras(found, sides, engine):
            found = meaning(sides, {**overrides, **checked, **extras})
    with _stage(timings, "crosscheck"):
        checked.update(extras or {})
        bars = review_bars(config)
        crossed = cross_checked(found, sides, config)
        # Doubts no second reading clears: a trusted value the second engine's reading of
        # its print disputed, or a value whose round letters the print's glyph shapes
        # contradict (a bare 0 among dotted zeros, an O with a Q's tail: both engines read
        # those alike; d1212 0254, d9999 0084), or a bare bar opening it read 1 (a sans
        # I). Another 1/I/T or G/6 the glyphs doubted, the second engine tells apart.
        kept_doubts = {n for n in crossed if found.fields[n].confidence >= bars[n]} | {
            n for n in round_doubts if n in found.fields and found.fields[n].confidence < bars[n]}
        # A doubted value the line reader mended is its reading: the second engine's page
        # (a recogniser of its kind) reading it so again confirms it only surely.
        mended = line_mended(found.fields, crossed, bars, lone_names)
        if crossed:
            checked.update(crossed)
            found = meaning(sides, {**overrides, **checked})
        if copy_disagrees(found) and not copies_alike(found):
            kept_doubts.add("member_id")  # the copies still part, the cross-check read
        second_pages: dict[Side, OcrPage] = {}  # each side the second engine read, once
        if settled := read_by_second_engine(found, sides, engine, has_back, quality_reasons,
                                            config, lone_names, kept_doubts, names_seen,
                                            values_seen,
                                            still_bare(found, {**bare_ones, **read_in}),
                                            second_pages, mended):
            settled.update(second_reading_suffixes(found, settled, sides))
            # Its words part what Tesseract read as one: a first glyph split off.
            settled.update({n: r for n, r in start_unread(
                replace_readings(found, settled), sides).items() if n in settled})
            found = meaning(sides, {**overrides, **checked, **settled})
        if group_fix := group_is_a_bin(found.fields) or group_marked(found, sides):
            found = meaning(sides, {**overrides, **checked, **settled, **group_fix})
        continued = continued_elsewhere(found.fields, values_seen, bars,
                                        {s.side: s.page for s in sides})
        continued.update(id_printed_apart(replace_readings(found, continued), sides))
        if continued:
            found = meaning(sides, {**overrides, **checked, **settled, **group_fix,
                                    **continued})
        if other := subscriber_named_otherwise(found, sides, has_back, quality_reasons, config,
                                               second_pages, engine):
            checked.update(other)
            found = meaning(sides, {**overrides, **checked, **settled, **group_fix,
                                    **continued})
        if second_name := name_by_second_engine(found, sides, has_back, quality_reasons, config,
                                                names_seen, second_pages, engine):
            found = meaning(sides, {**overrides, **checked, **settled, **group_fix,
                                    **continued, **second_name})
        if codes := codes_by_second_engine(found, sides, has_back, quality_reasons, config,
                                           second_pages, memo):
            found = meaning(sides, {**overrides, **checked, **settled, **group_fix,
                                    **continued, **second_name, **codes})
        if late := group_unread_late(found, sides, has_back, quality_reasons, config,
                                     second_pages, memo):
            found = meaning(sides, {**overrides, **checked, **settled, **group_fix,
                                    **continued, **second_name, **codes, **late})
        if late_id := id_labelled_there(found, sides, has_back, quality_reasons, config,
                                        second_pages, memo):
            found = meaning(sides, {**overrides, **checked, **settled, **group_fix,
                                    **continued, **second_name, **codes, **late, **late_id})
        if other_group := group_labelled_otherwise(found, sides, has_back, quality_reasons,
                                                   config, second_pages, memo):
            found = meaning(sides, {**overrides, **checked, **settled, **group_fix,
                                    **continued, **second_name, **codes, **late, **late_id,
                                    **other_group})
        if apart := read_apart_since(found, sides, has_back, quality_reasons, config,
                                     second_pages, memo):
            found = meaning(sides, {**overrides, **checked, **settled, **group_fix,
                                    **continued, **second_name, **codes, **late, **late_id,
                                    **other_group, **apart})
    found = glare_cleared(found, sides)
    found = suffix_counted(name_respaced(found, sides), sides)
    with _stage(timings, "verify"):  # OCR only where a name's print runs on past its end
        found = name_read_on(found, sides, engine)
    with _stage(timings, "verify"):  # OCR only where a text's rest stands beside it unread
        found = replace(found, fields=torn_mended(found, sides, engine))
        found = replace(found, fields={**found.fields, **lost_dates(found, sides, engine)})
    found = replace(found, fields=derived.unlabelled_extras(derived.rx_id_spelled(
        codes_kept(found.fields, first_codes)), [(s.side, s.page) for s in sides]))
    found = replace(found, fields=printform.printed_checked(
        found.fields, [(s.side, s.page) for s in sides]))
    with _stage(timings, "lists"):  # the words read already: OCR only where print was lost
        printed = read_lists(sides, engine)
        if found.template.name is not None:
            printed = lists.payee_spelled(
                printed, [found.template.name, *found.template.keywords])
    timings["cpu_s"] = time.process_time() - cpu0
    timings["wall_s"] = time.perf_counter() - wall0
    log.debug("card %s: %d fields, %d review reasons", card, len(found.fields),
              len(found.reasons))
    return CardResult(
        card=card, carrier=found.carrier, fields=found.fields, distractors=found.distractors,
        portal=found.portal, reasons=found.reasons, sides=tuple(sides), timings=timings,
        lists=printed,
    )


def read_lists(sides: Sequence[SideRead], engine: OcrEngine) -> lists.CardLists:
    """The card's lists (:func:`pipeline.lists.read_lists`) from the words read; where a
    side shows list print lost (:func:`pipeline.lists.lost_sides`: a number cut short,
    a label whose number or address is gone), that side read again with a local
    threshold, which keeps text in a hand's shadow that one Otsu threshold turns black,
    and each list taken from the reading that recovered more of it
    (:func:`pipeline.lists.better_lists`)."""
    pages = [(s.side, s.page) for s in sides]
    printed = lists.read_lists(pages)
    lost = lists.lost_sides(pages)
    if not lost:
        return printed
    again = [(s.side, engine.recognize(s.ocr_image, local_threshold=True))
             if s.side in lost else (s.side, s.page) for s in sides]
    return lists.better_lists(printed, lists.read_lists(again))


STRAY_BARS = frozenset("1Il|")
"""What a reader makes of a bar beside a value's end (a frame's edge, a mark's stroke):
another reading's one character more that is one of these continues nothing."""


def continued_elsewhere(
    fields: Mapping[str, FieldReading], seen: Sequence[FieldReading], bars: Mapping[str, float],
    pages: Mapping[Side, OcrPage] | None = None,
) -> dict[str, FieldReading]:
    """The member ID and group readings at their review bar (``bars``) or over it that
    another reading of the card (``seen``: every reading's, Tesseract's interpretations at
    each look and the second engine's) gave, as surely, on the same side with one
    character more at its end, no bar (``STRAY_BARS``): made uncertain
    (``UNCONFIRMED_CONFIDENCE``), a person looks. Where the readings part, the shorter is
    the one cut short more often than the longer carries a stray: 9494's 0288
    (``CC1020262``, the first look's reading; the closer reads of the kept one gave
    ``CC102026``) and 9999's 0364 (``U4720278``, its 7 under glare; the second engine read
    ``U47202787``). A suffix printed after a space is no such character: two more (``00``,
    ``01``: on sixteen ranges four right values had such rivals, a joined suffix, and no
    wrong one), or one the side's page (``pages``) read as a word after the value
    (:func:`read_apart`). A group's longer reading may have more than one more: its print
    going on after a hyphen (8888's 0264, motion blur: ``000009`` ``999`` of
    ``000009-999-99999``, a hyphen lost, where the first look read it whole; a member ID's
    ``-01`` may be its suffix)."""
    out: dict[str, FieldReading] = {}
    for name, bar in bars.items():
        reading = fields.get(name)
        if reading is None or reading.confidence < bar:
            continue
        words = pages[reading.side].words if pages and reading.side in pages else ()
        if any(other.name == name and other.side == reading.side and other.confidence >= bar
               and other.value.startswith(reading.value) and (
                   (len(other.value) == len(reading.value) + 1
                    and other.value[-1] not in STRAY_BARS
                    and not read_apart(words, reading.value, other.value[-1]))
                   or (name == "group_number"
                       and _HYPHENED_ON.fullmatch(other.value[len(reading.value):]) is not None))
               for other in seen):
            out[name] = replace(reading, confidence=min(reading.confidence,
                                                        UNCONFIRMED_CONFIDENCE))
    return out


_HYPHENED_ON = re.compile(r"-[A-Z0-9][A-Z0-9-]*")
"""What a value's print has after it when it goes on past a hyphen (``-999-99999``)."""


def id_printed_apart(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID reading, not doubted yet, that ends in two digits where its side
    prints, apart from it, the rest of it (one or two words of one OCR line, joined, of
    its length less two, one look-alike off at most, :func:`pipeline.fields.alike`:
    ``YOM`` ``4564482528`` for ``YQM4564482528``; not a mock group's ``G000999`` beside
    ``Y00099999``), made uncertain (``UNCONFIRMED_CONFIDENCE``): the Rx ID, printed as
    the member ID and its suffix, taken for the ID whose own label OCR lost (9696's 0343:
    ``YQM456448252800`` under a lost ``RxID`` label). Boxes card frame, pixels."""
    out: dict[str, FieldReading] = {}
    for name, reading, side in undoubted_values(found, sides):
        value = reading.value
        if name != "member_id" or len(value) < fields.MIN_ID_BEFORE_SUFFIX + 2 or not (
                value[-2:].isdigit()):
            continue
        lines: dict[int, list[OcrWord]] = {}
        for w in side.page.words:
            if fields.overlap_share(w.box, reading.box) == 0:
                lines.setdefault(w.line, []).append(w)
        for words in lines.values():
            words.sort(key=lambda w: w.box.left)
            texts = [fields.clean_value(w.text) for w in words]
            runs = texts + ["".join(p) for p in pairwise(texts)]
            if any(fields.alike(t, value[:-2]) and sum(
                    a != b for a, b in zip(t, value[:-2], strict=True)) <= 1 for t in runs):
                out[name] = replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
    return out


def read_apart(words: Sequence[OcrWord], value: str, more: str) -> bool:
    """True when the page (``words``) read ``value`` as a word and ``more`` as its next
    word (:func:`next_word_is`): the page saw a space between them (a suffix: 9393's 0364,
    ``572024683`` ``00``). Not where the page read only part of the value (9494's 0288:
    ``CC1020`` and ``2`` of ``CC1020262``)."""
    return any(fields.clean_value(w.text) == value and next_word_is(words, w.box, more)
               for w in words)


def glare_cleared(found: Interpretation, sides: Sequence[SideRead]) -> Interpretation:
    """``found`` without its ``glare`` reason when the glare measured on the front
    touches neither the member ID nor the group, both read (:func:`pipeline.quality.
    glare_touches`; a value on the back is out of the front's glare): what the glare
    covers then is print the result does not rely on (white letters on a dark card,
    paper out of a hand's shadow, a margin). A value missing may be under the glare: the
    reason stays."""
    if not any(r.code == "glare" for r in found.reasons) or not all(
            n in found.fields for n in reread.VALUE_FIELDS):
        return found
    front = next((s for s in sides if s.side == "front"), None)
    if front is None:
        return found
    mask = quality.blown_out(front.card.pixels)
    if any(quality.glare_touches(mask, r.box) for n in reread.VALUE_FIELDS
           if (r := found.fields[n]).side == "front"):
        return found
    return replace(found, reasons=tuple(r for r in found.reasons if r.code != "glare"))


CONFIRMED_CONFIDENCE = 0.75
"""Confidence of a doubtful reading that the closer second read gives again."""
VERIFY_BELOW = {"member_id": 0.9, "group_number": 0.95}
"""Accepted readings of a carrier with a template less confident than this are read again
to check them: the unseen-design suites' silent errors were single letters misread at
0.80-0.92 (IER read TER, VQF read VOF, a 5 read 9), and group numbers' OCR confidence
separates right from wrong poorly (O/0 and 0/6 in blurred digits)."""
UNANIMOUS_READS = 3
"""Closer reads that, all agreeing on a value continued past the page's reading and on
nothing else, make it as likely as an unconfirmed reading (``UNCONFIRMED_CONFIDENCE``),
not more: on six dev ranges no value was so continued right, and four wrongly (an arrow's
tip read ``4`` after ``9766``, 9898's 0190; a suffix after a narrow space)."""
CONTRADICT_BELOW = 0.85
"""A template carrier's reading less confident than this is made uncertain by any closer
reading that disagrees; a more confident one only by a disagreeing reading at least as
confident (enlarged, thresholded reads have habits of their own: 7 read 1 in clean print)."""
DISAGREEMENT_FACTOR = 0.5
"""A reading that a closer read contradicts keeps this share of its confidence."""
VERIFY_TEXT_PX = 96.0
"""Height (pixels) a checked value's region is enlarged to (at most 3 times): small print
(a card photographed beside another, ~18 px letters) read at 64 px repeats the page's
misreading (UJIN for UJN); at 3 times it does not."""
UNCONFIRMED_CONFIDENCE = 0.45
"""Top confidence of a value on a card with no carrier template (a payer named from the
directory, or none) that no closer reading confirms: under the review thresholds. With
no format to check a value against, two readings agreeing are the evidence."""


def cross_checked(
    found: Interpretation, sides: Sequence[SideRead], config: Config
) -> dict[str, FieldReading]:
    """The member ID and group readings the second reader's reading of their print changes
    (:func:`pipeline.crosscheck.cross_checked`); none when it is not installed."""
    reader = ppocr.line_reader()
    if reader is None:
        return {}
    try:
        return crosscheck.cross_checked(found.fields, sides, review_bars(config),
                                        value_formats(found), reader)
    except Exception as e:  # a second opinion: its failure never costs a card its result
        log.warning("second engine failed on a value: %s", type(e).__name__)
        return {}


def read_by_second_engine(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine, has_back: bool,
    quality_reasons: Sequence[ReviewReason], config: Config, lone: Collection[str] = (),
    disputed: Collection[str] = (), seen: Sequence[SeenName] = (),
    heard: list[FieldReading] | None = None, unclearable: Collection[str] = (),
    read_pages: dict[Side, OcrPage] | None = None, mended: Collection[str] = (),
) -> dict[str, FieldReading]:
    """For a card whose member ID or group is still missing or in doubt: the sides a second
    look would read (:func:`doubtful_sides`) read by the second engine
    (:class:`pipeline.ppocr.PageReader`), interpreted like Tesseract's words (with
    Tesseract's of the other side), and the values that reading settles
    (:func:`pipeline.crosscheck.second_reading`; ``lone``: the fields taken with no label of
    their own; ``disputed``: those whose doubt only a sure, labelled reading clears;
    ``unclearable``: those whose doubt no reading of it clears; ``mended``: those the line
    reader mended, :func:`line_mended`). Only values the second
    engine read count. A value it takes in place of Tesseract's is trusted when Tesseract's
    closer readings of its print give it too (:func:`both_engines_read`). The member's
    name left out that the second engine reads as Tesseract did once (``seen``: each
    reading's name) comes back (:func:`name_both_engines_read`). The second engine's member
    ID and group are appended to ``heard`` when given (for :func:`continued_elsewhere`);
    its pages are kept in ``read_pages`` when given (:func:`second_engine_pages`).

    A card of a carrier that need not print a group, showing none
    (:func:`lost_group_unflagged`), has its front read too: Tesseract loses a group with
    its small label in a shadow, a glare or a mark's stroke, and the card passed with no
    group (on twelve ranges, 7 of the 19 silent errors at s31's end; this reading finds 6
    of them, at the cost of a front's reading on about one card in five more). Where that
    reading finds no group but a code only it read (:func:`group_code_unread`), that code
    is given, doubted."""
    doubted = any(r.code in crosscheck.SECOND_READING_CODES for r in found.reasons)
    group_unseen = lost_group_unflagged(found) and any(s.side == "front" for s in sides)
    if not doubted and not group_unseen:
        return {}
    reader = ppocr.page_reader()
    if reader is None:
        return {}
    if not doubted and not group_may_be_printed(found, sides, reader):
        return {}
    front: set[Side] = {"front"} if group_unseen else set()
    which = doubtful_sides(found, {s.side for s in sides}) | front
    if (pages := second_engine_pages(sides, which, reader, read_pages)) is None:
        return {}
    theirs = interpret(pages, has_back=has_back, quality_reasons=quality_reasons,
                       config=config)
    read = pharmacy_group_dropped(suffix_left_out(
        {n: r for n, r in theirs.fields.items() if r.side in which}, found, sides), found, sides)
    unread = group_code_unread(found, theirs, dict(pages), sides) if group_unseen and (
        "group_number" not in read) else None
    if heard is not None:
        heard.extend(r for n, r in read.items() if n in reread.VALUE_FIELDS)
    bars = review_bars(config)
    formats = value_formats(found)
    settled = crosscheck.second_reading(found.fields, read, bars,
                                        theirs.template.id == found.template.id, lone,
                                        disputed, formats, alike_glyph_settled(found, sides,
                                                                               formats),
                                        unclearable, mended)
    lost = {} if unread is None or "group_number" in settled else {"group_number": unread}
    return {**engines_differ(found, read, settled),
            **page_read_apart(found, read, settled, dict(pages), sides),
            **{n: both_engines_read(r, found, sides, engine, read.get(n), bars[n])
               for n, r in settled.items()}, **name_both_engines_read(found, read, sides, seen),
            **lost}


def line_mended(
    readings: Mapping[str, FieldReading], crossed: Mapping[str, FieldReading],
    bars: Mapping[str, float], lone: Collection[str] = (),
) -> set[str]:
    """The fields whose doubted reading (under its review bar in ``bars``) the line reader's
    cross-check (``crossed``, :func:`pipeline.crosscheck.cross_checked`) mended to another
    value of its length, glyphs read otherwise: the second engine's reading, not
    Tesseract's, which the second engine's own reading of the card (a recogniser of its
    kind, with its habits) confirms only surely (:func:`pipeline.crosscheck.second_reading`:
    14444's 0050, an EXIF-turned CareFirst card, ``JDZ181356507`` read right by Tesseract
    at 0.79, its closer reads split, the line reader's ``IDZ…`` put in its place and the
    page reader's ``IDZ…`` at 0.61 taken as confirming it; 14545's 0055 and 0207, mends
    right and read so at 0.95 and more). A mend that drops a character Tesseract made up is
    not that habit (14444's 0212: ``QLL16363755599`` mended to ``QLL6363755599``), nor one
    of a reading Tesseract could not read (``MENDED_FROM_MIN``), nor of one taken for want
    of a labelled one (``lone``), doubted for its place, not its glyphs (14646's 0119,
    Molina's ``0545244162`` mended to ``0545244102``, read so at 0.76)."""
    return {n for n, r in crossed.items() if n in readings and n in bars and n not in lone
            and MENDED_FROM_MIN <= readings[n].confidence < bars[n]
            and r.value != readings[n].value and len(r.value) == len(readings[n].value)}


MENDED_FROM_MIN = 0.3
"""Least confidence of Tesseract's doubted reading for the line reader's mend of it to be
one engine's reading put for the other's (:func:`line_mended`); under it Tesseract read
garble, and the mend is the reading there is (14141's 0170, ``16-16460%`` at 0.00 mended
to UMR's ``76-164602``, which the page reader reads so at 0.60)."""


def glyph_set_apart(mine: str, theirs: str) -> bool:
    """True when Tesseract's checked reading ``mine`` differs from the second engine's
    ``theirs`` only by look-alikes (``O``/``0``, ``I``/``1``): both engines read the print
    alike, and ``mine`` holds what the glyph checks put there from the print's shapes
    (11414's 0065: ``O10345174``'s wide O, read ``0`` by both engines and by every closer
    read). Readings that cannot tell such glyphs apart do not settle them."""
    places = glyphs.swapped_places(mine, theirs)
    return bool(places) and all(
        frozenset((mine[i].upper(), theirs[i].upper())) in crosscheck.ALIKE for i in places)


def engines_differ(
    found: Interpretation, read: Mapping[str, FieldReading], settled: Collection[str]
) -> dict[str, FieldReading]:
    """Tesseract's member ID and group readings over the review bars that the second
    engine (``read``, its interpretation's readings; none it ``settled``) read otherwise
    from the same print (holding half of its box, card frame) with more confidence, as
    many characters with one or two read otherwise, or more characters at an end
    (:func:`shortened`; not a two-digit suffix after it, :func:`rx_repeats`: 11515's 0277,
    ``AWN000099999901`` of ``AWN0000999999 01``): made uncertain
    (``UNCONFIRMED_CONFIDENCE``). Two engines reading one print apart leave it unsettled
    (11414's 0212: a web-small ``FWF000099999`` read ``FWE…`` at 0.67 by Tesseract and
    right at 0.89 by the second engine, whose reading no rule asked for; 12020's 0280: a
    photocopy's group ``943101`` read ``94310`` at 0.64, and whole at 0.95 by the second
    engine)."""
    out: dict[str, FieldReading] = {}
    for name in reread.VALUE_FIELDS:
        mine, theirs = found.fields.get(name), read.get(name)
        if mine is None or theirs is None or name in settled or (
                mine.confidence <= UNCONFIRMED_CONFIDENCE) or theirs.side != mine.side:
            continue
        places = glyphs.swapped_places(mine.value, theirs.value)
        apart = (len(mine.value) == len(theirs.value) and 0 < len(places) <= 2) or (
            shortened(theirs.value, mine.value) and not rx_repeats(theirs.value, mine.value))
        if apart and theirs.confidence > mine.confidence and (
                fields.overlap_share(mine.box, theirs.box) >= HALF):
            out[name] = replace(mine, confidence=UNCONFIRMED_CONFIDENCE)
    return out


def page_read_apart(
    found: Interpretation, read: Mapping[str, FieldReading], settled: Collection[str],
    pages: Mapping[Side, OcrPage], sides: Sequence[SideRead],
) -> dict[str, FieldReading]:
    """Tesseract's member ID and group readings over ``UNCONFIRMED_CONFIDENCE`` that the
    second engine's interpretation gave nothing for (none in ``read``, none ``settled``),
    where a word of its page reads a word of the value's print otherwise (the two boxes
    each holding half of the other; card frame; Tesseract's word a part of the value as it
    stands, the second engine's none): as many characters, one or two read otherwise, not
    look-alikes only (:func:`glyph_set_apart`), the second engine's read at
    ``SURE_SECOND_READING``: made uncertain, as in :func:`engines_differ`. 13232's 0200:
    a pen's ring round ``ZOW 783492847`` took the Z's top bar, Tesseract read ``LOW`` at
    0.96, the second engine ``ZOW`` at 0.92 and (its 7 lost too) no member ID."""
    out: dict[str, FieldReading] = {}
    by_side = {s.side: s for s in sides}
    for name in reread.VALUE_FIELDS:
        mine = found.fields.get(name)
        page = pages.get(mine.side) if mine is not None else None
        if mine is None or page is None or mine.side not in by_side or name in read or (
                name in settled) or mine.confidence <= UNCONFIRMED_CONFIDENCE:
            continue
        own = [w for w in by_side[mine.side].page.words
               if fields.overlap_share(w.box, mine.box) >= HALF]
        for w in (w for w in page.words if w.confidence >= SURE_SECOND_READING):
            if (a := fields.clean_value(w.text)) in mine.value:
                continue  # the value as it stands (Tesseract's word put right since)
            if any(fields.overlap_share(w.box, o.box) >= HALF
                   and (b := fields.clean_value(o.text)) in mine.value
                   and fields.overlap_share(o.box, w.box) >= HALF
                   and 0 < len(glyphs.swapped_places(b, a)) <= 2
                   and not glyph_set_apart(b, a) for o in own):
                out[name] = replace(mine, confidence=UNCONFIRMED_CONFIDENCE)
                break
    return out


def pharmacy_group_dropped(
    read: Mapping[str, FieldReading], found: Interpretation, sides: Sequence[SideRead]
) -> dict[str, FieldReading]:
    """The second engine's readings ``read`` without its group when that value's print
    (its box's centre, card frame) lies where Tesseract's words show an Rx group's label's
    value (:func:`pipeline.reread.value_regions` of each ``rx_group`` label hit), or,
    where Tesseract read an Rx group, holds at least half of that reading's box: the second
    engine lost the label's ``Rx`` (8383's 0286, motion blur: ``Group`` over ``RX8659`` on a
    WellCare card printing no plan group, where Tesseract read ``Rx Gro`` over ``RX86``).
    An Rx group read elsewhere leaves the group be (7070's 0320: ``Rx Group FWL954`` and
    ``Group # G224810`` on one row, the label's region running on to the group)."""
    group = read.get("group_number")
    rule = found.template.fields.get("rx_group")
    side = next((s for s in sides if group is not None and s.side == group.side), None)
    if group is None or rule is None or side is None:
        return dict(read)
    rx = found.fields.get("rx_group")
    if rx is not None:  # read: the group is dropped only where it is that print
        if rx.side == group.side and fields.overlap_share(rx.box, group.box) >= HALF:
            return {n: r for n, r in read.items() if n != "group_number"}
        return dict(read)
    x, y = (group.box.left + group.box.right) / 2, (group.box.top + group.box.bottom) / 2
    for hit in fields.label_hits(side.page, found.template, side.side, "rx_group"):
        for region in reread.value_regions(side.page.words, hit.box, rule.below,
                                           side.ocr_image.shape[1]):
            if region.left <= x <= region.right and region.top <= y <= region.bottom:
                return {n: r for n, r in read.items() if n != "group_number"}
    return dict(read)


HALF = 0.5
"""Share of a reading's box another box must hold to be the same print."""
UNREAD_CODE_CONFIDENCE = 0.45
"""Confidence of a code the second engine read on a front that passed with no group, that
no reading explains and Tesseract did not read (:func:`group_code_unread`): under the
review bars, so a person sees it."""


def group_code_unread(
    found: Interpretation, theirs: Interpretation, pages: Mapping[Side, OcrPage],
    sides: Sequence[SideRead],
) -> FieldReading | None:
    """On a front that passed with no group (:func:`lost_group_unflagged`), a code of the
    second engine's reading (``theirs``, its ``pages``) that fits the group's format with
    a digit, that neither reading's values explain (nor hold as a part, :func:`part_of`),
    and that Tesseract read only a part of there (:func:`code_read_short`; 7171's 0225:
    ``909242`` under a ``Group Number`` an explainer's ring crossed, Tesseract's ``Somber``
    over ``42``) or, the member ID read (else the code is as likely its), read as a garble
    (:func:`code_garbled`) or otherwise where a pen crossed it (:func:`code_marked`): the
    group lost with its label, doubted
    (:data:`UNREAD_CODE_CONFIDENCE`), unlabelled. One such code only, not a placeholder
    (``0000``) or one misread (``X00000``), a phone's part (``643-7825``), a plan ID
    (:func:`plan_id_shaped`: 7070's 0138, Oscar's) nor holding a value read (``L004336``:
    a BIN); None otherwise. Without the part read (or a garble), the second engine's codes
    were as often fragments of print Tesseract read whole (on 7171, 5 cards with no group
    given a phone's ``643-7825``, a plan's ``H3767``, ...)."""
    rule = found.template.fields.get("group_number")
    face = next((s for s in sides if s.side == "front"), None)
    page = pages.get("front")
    if rule is None or face is None or page is None or page is face.page:
        return None
    explained = values_read(found.fields, found.distractors) | values_read(
        theirs.fields, theirs.distractors)
    taken = explained | {fields.clean_value(w.text) for w in face.page.words}
    alike_read = {v.upper().translate(_ALIKE) for v in explained}
    codes = [page.words[i] for i in unlabelled_fits(
        page.words, rule, taken, lambda _i, w: re.search(r"\d", w.text) is not None)
        if not part_of(value := fields.clean_value(page.words[i].text), explained)
        and not _MASK_MISREAD.fullmatch(value) and not is_placeholder(value)
        # nor a value read, its look-alikes read otherwise (10606's 0138: 0SC84204870)
        and value.upper().translate(_ALIKE) not in alike_read]
    if len(codes) != 1 or not (code_read_short(codes[0], face.page.words) or (
            "member_id" in found.fields and (code_garbled(codes[0], face.page.words)
                                             or code_marked(codes[0], face)))) or (
            _PHONE_PART.search(codes[0].text)) or plan_id_shaped(
            fields.clean_value(codes[0].text)) or any(
            len(v) >= PART_MIN_CHARS * 2 and v in codes[0].text for v in explained if v):
        return None
    word = codes[0]
    return FieldReading(name="group_number", value=fields.clean_value(word.text),
                        confidence=min(UNREAD_CODE_CONFIDENCE, word.confidence), side="front",
                        label="", box=word.box)


_PHONE_PART = re.compile(r"\d{3}-\d{4}")
"""A phone number's exchange and line (``643-7825``): no group."""
PART_MIN_CHARS = 2
"""Fewest characters of a code Tesseract must have read in its place
(:func:`code_read_short`)."""


_MASK_MISREAD = re.compile(r"X[XO0]+|[XO0]+X")
"""A placeholder's ``XXXXXX`` with Xs misread as rounds (8787's 0021: ``X00000`` under
``PCP:``, Tesseract's ``XOXO`` at 0.00): no code."""


def part_of(code: str, values: Collection[str]) -> bool:
    """True when ``code``, of ``2 * PART_MIN_CHARS`` characters or more, is printed inside
    one of ``values`` (``75271889`` of ``DBP75271889``: the second engine parted the
    prefix)."""
    return len(code) >= 2 * PART_MIN_CHARS and any(code in v for v in values if v != code)


GARBLED_BELOW = 0.5
"""Confidence under which Tesseract's reading of a code's print is a garble of it."""


GARBLE_SIMILARITY = 60.0
"""rapidfuzz ratio (0-100, upper case) under which Tesseract's word is no reading of a code."""


def code_garbled(code: OcrWord, words: Sequence[OcrWord]) -> bool:
    """True when the words of ``words`` (Tesseract's, the same side) more than half inside
    ``code``'s box (card frame) were all read under :data:`GARBLED_BELOW` and unlike it
    (:data:`GARBLE_SIMILARITY`), and there is one: its print is there, and Tesseract could
    not read it (8787's 0257: ``VX8308`` under a label motion blur took, read ``\\S30S`` at
    0.40). Read alike, the print was Tesseract's to place, and it placed it elsewhere
    (8888's 0072: ``OscRI9`` at 0.42 under ``Rx GRP``, an Rx group)."""
    value = fields.clean_value(code.text).upper()
    there = [w for w in words if fields.overlap_share(w.box, code.box) > HALF]
    return bool(there) and all(
        w.confidence < GARBLED_BELOW
        and fuzz.ratio(fields.clean_value(w.text).upper(), value) < GARBLE_SIMILARITY
        for w in there)


_ALIKE = str.maketrans("OQDILSBZG", "000115826")
"""Letters OCR confuses with digits, as those digits: two readings equal through it are
one print read two ways."""


def code_marked(code: OcrWord, side: SideRead) -> bool:
    """True when an explainer mark painted out of ``side`` (:func:`pipeline.enhance.
    painted_marks`) crosses or rings ``code``'s box, padded by half its height (card
    frame), and Tesseract read the print there otherwise: its reading of print a pen
    crossed is no reading of it (fresh 11010's 0125: an ellipse round ``122757`` through
    its ``Group no.`` label, read ``(33757``, the card passed with no group)."""
    mask = enhance.painted_marks(side.card.pixels)[1]
    if mask is None:
        return False
    b, pad = code.box, code.box.height / 2
    top, left = max(0, int(b.top - pad)), max(0, int(b.left - pad))
    if int(mask[top : int(b.bottom + pad) + 1, left : int(b.right + pad) + 1].sum()) < (
            MARK_TOUCH_PX):
        return False
    value = fields.clean_value(code.text).upper()
    there = [w for w in side.page.words if fields.overlap_share(w.box, b) > HALF]
    return bool(there) and all(fields.clean_value(w.text).upper() != value for w in there)


def code_read_short(code: OcrWord, words: Sequence[OcrWord]) -> bool:
    """True when a word of ``words`` (Tesseract's, the same side) inside ``code``'s box
    (card frame) reads a part of it, of :data:`PART_MIN_CHARS` characters or more but not
    the whole: its print is there, and was read short (``42`` of ``909242``, a ring's
    stroke across the rest)."""
    value = fields.clean_value(code.text)
    return any(PART_MIN_CHARS <= len(part := fields.clean_value(w.text)) < len(value)
               and part in value and fields.overlap_share(w.box, code.box) > 0.5
               for w in words)


def codes_by_second_engine(
    found: Interpretation, sides: Sequence[SideRead], has_back: bool,
    quality_reasons: Sequence[ReviewReason], config: Config,
    read_pages: dict[Side, OcrPage], memo: PageMemo | None = None,
) -> dict[str, FieldReading]:
    """The routing codes (Rx BIN, PCN, group; payer ID) the second engine reads where
    Tesseract lost or doubted them (:func:`pipeline.crosscheck.second_engine_codes`), from
    its readings of the sides it read already (``read_pages``, kept there) and of the
    sides that show a code missing (:func:`codes_missing_sides`), read now. Empty without
    the second engine, or where no side was or need be read."""
    mended = codes_line_mended(found, sides)
    which = set(read_pages) | codes_missing_sides(found, sides)
    if not which:
        return mended
    reader = ppocr.page_reader()
    if reader is None or (pages := second_engine_pages(sides, which, reader,
                                                       read_pages)) is None:
        return mended
    theirs = interpret(pages, has_back=has_back, quality_reasons=quality_reasons,
                       config=config, memo=memo)
    return {**mended, **crosscheck.second_engine_codes({**found.fields, **mended},
                                                       theirs.fields, which)}


def group_unread_late(
    found: Interpretation, sides: Sequence[SideRead], has_back: bool,
    quality_reasons: Sequence[ReviewReason], config: Config,
    read_pages: Mapping[Side, OcrPage], memo: PageMemo | None = None,
) -> dict[str, FieldReading]:
    """The group lost with its label (:func:`group_code_unread`) on a card that passes with
    no group only now (:func:`lost_group_unflagged`), its front read by the second engine
    already (``read_pages``): a code that flagged the group's loss was since taken for
    another field's (8888's 0126, motion blur: ``NDW328``, the Rx group the second engine
    read under its label, while Tesseract read ``9443`` of the group ``DR9443``). Or the
    group the second engine's reading finds under its label (:func:`group_labelled_there`).
    Empty otherwise; no OCR."""
    if not lost_group_unflagged(found) or "front" not in read_pages:
        return {}
    pages, theirs = meaning_read_already(sides, read_pages, has_back, quality_reasons,
                                         config, memo)
    unread = group_code_unread(found, theirs, dict(pages), sides) or group_labelled_there(
        found, theirs)
    return {} if unread is None else {"group_number": unread}


def meaning_read_already(
    sides: Sequence[SideRead], read_pages: Mapping[Side, OcrPage], has_back: bool,
    quality_reasons: Sequence[ReviewReason], config: Config, memo: PageMemo | None = None,
) -> tuple[list[tuple[Side, OcrPage]], Interpretation]:
    """The sides' pages, the second engine's where it read the side already
    (``read_pages``) and Tesseract's elsewhere, and what they mean; no OCR."""
    pages = [(s.side, read_pages.get(s.side, s.page)) for s in sides]
    return pages, interpret(pages, has_back=has_back, quality_reasons=quality_reasons,
                            config=config, memo=memo)


def read_apart_since(
    found: Interpretation, sides: Sequence[SideRead], has_back: bool,
    quality_reasons: Sequence[ReviewReason], config: Config,
    read_pages: Mapping[Side, OcrPage], memo: PageMemo | None = None,
) -> dict[str, FieldReading]:
    """The member ID and group the second engine read otherwise, more surely
    (:func:`engines_differ`), on a side it read for another field (``read_pages``: the
    name's, the codes'), where the two differ in more than look-alikes (``O``/``0``,
    ``I``/``1``, which its own checks weigh): made uncertain. 12323's 0011: BCBS Texas's
    ``OZH609745006`` read ``QZH…`` at 0.73 by closer reads, ``OZH…`` at 0.93 by the second
    engine reading the front for the name. Also where its interpretation gave nothing for
    the field but its page's words there read the value otherwise (:func:`page_read_apart`).
    Empty when it read no side; no OCR."""
    if not read_pages:
        return {}
    _, theirs = meaning_read_already(sides, read_pages, has_back, quality_reasons, config,
                                     memo)
    read = {n: r for n, r in theirs.fields.items() if r.side in read_pages}
    return {**page_read_apart(found, read, (), read_pages, sides),
            **{n: r for n, r in engines_differ(found, read, ()).items()
               if not glyph_set_apart(found.fields[n].value, read[n].value)}}


def id_labelled_there(
    found: Interpretation, sides: Sequence[SideRead], has_back: bool,
    quality_reasons: Sequence[ReviewReason], config: Config,
    read_pages: Mapping[Side, OcrPage], memo: PageMemo | None = None,
) -> dict[str, FieldReading]:
    """A member ID taken with no label, passing, on a card whose side the second engine read
    already (``read_pages``) and found, under a member-ID label, another value that no
    field or decoy of ours holds: theirs, doubted (``crosscheck.DISPUTED_CONFIDENCE``), for
    a person to check (fresh 10404's 0267, a UnitedHealthcare card whose first reading lost
    its labels: the Issuer's ``9654366070`` under a lost ``Health Plan (80840)`` taken at
    0.68, the ``015958110`` printed under ``Identification Number`` left). Not where theirs
    is ours read otherwise (``GARBLE_SIMILARITY`` or more alike: ``1QSC505391591`` for
    ``OSC50539159``, an ID with its suffix ``01``), nor where the two readings name other
    carriers. Empty otherwise; no OCR."""
    member = found.fields.get("member_id")
    if member is None or member.label or member.side not in read_pages or (
            any(r.code == "member_id_uncertain" for r in found.reasons)):
        return {}
    _, theirs = meaning_read_already(sides, read_pages, has_back, quality_reasons, config,
                                     memo)
    other = theirs.fields.get("member_id")
    if other is None or not other.label or theirs.carrier.id != found.carrier.id or (
            fuzz.ratio(other.value, member.value) >= GARBLE_SIMILARITY) or (
            other.value in values_read(found.fields, found.distractors)):
        return {}
    return {"member_id": replace(other, confidence=min(
        other.confidence, crosscheck.DISPUTED_CONFIDENCE))}


SURE_OTHER_GROUP = 0.9
"""Least confidence of the second engine's labelled group that puts a passing group of
ours of another value in doubt (:func:`group_labelled_otherwise`)."""


def group_labelled_otherwise(
    found: Interpretation, sides: Sequence[SideRead], has_back: bool,
    quality_reasons: Sequence[ReviewReason], config: Config,
    read_pages: Mapping[Side, OcrPage], memo: PageMemo | None = None,
) -> dict[str, FieldReading]:
    """Our group, passing, doubted (``crosscheck.DISPUTED_CONFIDENCE``) where the second
    engine read its side already (``read_pages``) and found, surely
    (:data:`SURE_OTHER_GROUP`) under a group label, another value that is not ours read
    otherwise (``GARBLE_SIMILARITY``) and that no field or decoy of ours holds: two labels
    read over two values (fresh 11111's 0160: a tiny ``Rx Group`` read ``Pr Group`` over
    ``LJQ782``, taken as the group at 0.85; the second engine read ``GRP`` over
    ``1911-432``). Not where the two readings name other carriers. Empty otherwise; no OCR."""
    group = found.fields.get("group_number")
    if group is None or group.side not in read_pages or group.confidence < review_bars(
            config)["group_number"] or any(
            r.code == "group_number_uncertain" for r in found.reasons):
        return {}
    _, theirs = meaning_read_already(sides, read_pages, has_back, quality_reasons, config,
                                     memo)
    other = theirs.fields.get("group_number")
    if other is None or not other.label or other.confidence < SURE_OTHER_GROUP or (
            theirs.carrier.id != found.carrier.id) or (
            fuzz.ratio(other.value, group.value) >= GARBLE_SIMILARITY) or (
            other.value in values_read(found.fields, found.distractors)):
        return {}
    return {"group_number": replace(group, confidence=min(
        group.confidence, crosscheck.DISPUTED_CONFIDENCE))}


def group_labelled_there(found: Interpretation, theirs: Interpretation) -> FieldReading | None:
    """The group of the second engine's reading (``theirs``), found under a label, on a card
    that passed with no group (:func:`lost_group_unflagged`), doubted
    (:data:`UNREAD_CODE_CONFIDENCE`): the card prints a group label Tesseract misread
    (the dev range's 0372, a Kaiser card saved small from a web page: ``GRP#`` read
    ``GRPa``, its ``344197`` read right and left unlabelled). Not a value ours gives
    another field (the member ID under a second label)."""
    group = theirs.fields.get("group_number")
    if group is None or not group.label or group.value in values_read(
            found.fields, found.distractors):
        return None
    return replace(group, confidence=min(UNREAD_CODE_CONFIDENCE, group.confidence))


def codes_line_mended(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The routing codes read in doubt (under :data:`pipeline.crosscheck.CODE_DOUBTED`)
    that the second engine's recogniser, reading their print's line again, mends where it
    is sure of every character that differs (:func:`pipeline.crosscheck.verdict`: 9898's
    0205 ``VHCSR`` of ``UHCSR``); the format still fitting, its look-alikes read as the
    format reads them (:func:`pipeline.fields.zeros_for_os`: ``BCILAI2`` mended to
    ``BCIL4I2`` is ``BCIL412``, 12323's 0276). Not an O or 0 mended to a Q where the
    print shows no tail (:func:`pipeline.glyphs.q_unsettled`: 14343's 0235, Oxford's
    ``OXFORD`` mended to ``QXFORD``). None without the recogniser."""
    bars = {n: crosscheck.CODE_DOUBTED for n in crosscheck.ROUTING_CODES
            if (r := found.fields.get(n)) is not None and r.confidence < crosscheck.CODE_DOUBTED}
    reader = ppocr.line_reader() if bars else None
    if reader is None:
        return {}
    formats: dict[str, Callable[[str], bool]] = {
        n: partial(fields.fits_pattern, rule) for n in bars
        if (rule := found.template.fields.get(n)) is not None}
    try:
        mended = crosscheck.cross_checked(found.fields, sides, bars, formats, reader)
    except Exception as e:  # a second opinion: its failure never costs a card its result
        log.warning("second engine failed on a code: %s", type(e).__name__)
        return {}
    images = {s.side: s.ocr_image for s in sides}
    return {n: replace(r, value=fields.zeros_for_os(found.template.fields[n], r.value))
            if n in found.template.fields else r for n, r in mended.items()
            if not glyphs.q_unsettled(images[r.side], found.fields[n].box,
                                      found.fields[n].value, r.value)}


def codes_missing_sides(found: Interpretation, sides: Sequence[SideRead]) -> set[Side]:
    """The sides that show a routing code Tesseract gave no value: a label of it was read
    there, or (an Rx code) another code of the Rx block was (9898's 0012: its group's
    label and value lost in a glare beside the BIN and PCN read)."""
    template = found.template
    missing = [n for n in crosscheck.ROUTING_CODES
               if n in template.fields and n not in found.fields]
    if not missing:
        return set()
    rx_lost = [n for n in missing if n in fields.RX_ORDER]
    block = {r.side for n, r in found.fields.items() if n in fields.RX_ORDER}
    return {s.side for s in sides if (rx_lost and s.side in block and (
        rx_lost != ["rx_group"] or rx_group_in_line(found, s))) or any(
        fields.label_hits(s.page, template, s.side, n) for n in missing)}


RX_LINE_HEIGHTS = 4.0
"""How far below a read Rx code's value, in its heights, a word in its column may be to
stand as the Rx group lost under it (:func:`rx_group_in_line`): two lines of label over
value. Right of it on its row, three times as far."""

RX_COLUMN_SLACK = 1.5
"""How far a word's left edge may stray from a read Rx code value's, in the value's
heights, to be in its column (:func:`rx_group_in_line`)."""


def rx_group_in_line(found: Interpretation, side: SideRead) -> bool:
    """Whether ``side`` shows a word that may be the Rx group Tesseract gave no value: a
    word no value read explains, no label, fitting the group's pattern once upper-cased and
    stripped of what is no identifier character (``BNQg``, ``Y¥7262``), that is in line
    after a read Rx code's value (its label lost: 9898's 0007, ``UHCSR`` under the PCN's
    value in a dim photo) or shows letters and digits anywhere on the side (a group printed
    apart, 9898's 0014 ``HGM7034``). In line: its left edge within
    :data:`RX_COLUMN_SLACK` of the value's heights of the value's and below it by at most
    :data:`RX_LINE_HEIGHTS` (its column), or its top within a height of the value's and
    right of it (its row). Card frame of ``side``, pixels.

    A card whose Rx block prints its BIN and PCN only (Cigna's) shows none, and is not read
    by the second engine for a group it never printed."""
    rule = found.template.fields.get("rx_group")
    codes = [r.box for n, r in found.fields.items()
             if n in fields.RX_ORDER and r.side == side.side]
    if rule is None or not codes:
        return False
    taken = values_read(found.fields, found.distractors)
    boxes = [r.box for r in found.fields.values() if r.side == side.side]
    labels = {i for h in fields.side_labels(side.page, found.template, side.side)
              for i in h.indices}

    def in_line(code: Box, w: Box) -> bool:
        h = code.height
        below = (abs(w.left - code.left) <= RX_COLUMN_SLACK * h
                 and 0 < w.top - code.top <= RX_LINE_HEIGHTS * h)
        right = abs(w.top - code.top) <= h and 0 < w.left - code.right <= (
            3 * RX_LINE_HEIGHTS * h)
        return below or right

    def may_be_group(i: int, w: OcrWord) -> bool:
        v = re.sub(r"[^A-Z0-9-]", "", w.text.upper())
        if i in labels or fields.clean_value(w.text) in taken or not fields.fits_pattern(
                rule, v) or any(fields.overlap_share(w.box, b) > 0.5 for b in boxes):
            return False
        mixed = re.search(r"[A-Z]", v) is not None and re.search(r"\d", v) is not None
        return mixed or any(in_line(c, w.box) for c in codes)

    return any(may_be_group(i, w) for i, w in enumerate(side.page.words))


def second_engine_pages(
    sides: Sequence[SideRead], which: Collection[Side], reader: ppocr.PageReader,
    read_pages: dict[Side, OcrPage] | None = None,
) -> list[tuple[Side, OcrPage]] | None:
    """The sides' pages, those in ``which`` read by the second engine (each once per card:
    a side in ``read_pages`` is not read again, and one read is kept there), the others
    Tesseract's; None, logged, when the second engine fails (a second opinion: its failure
    never costs a card its result)."""
    kept = {} if read_pages is None else read_pages
    try:
        for s in sides:
            if s.side in which and s.side not in kept:
                kept[s.side] = reader.read(s.card.pixels)
    except Exception as e:
        log.warning("second engine failed on a card: %s", type(e).__name__)
        return None
    return [(s.side, kept[s.side] if s.side in which else s.page) for s in sides]


def name_by_second_engine(
    found: Interpretation, sides: Sequence[SideRead], has_back: bool,
    quality_reasons: Sequence[ReviewReason], config: Config, seen: Sequence[SeenName] = (),
    read_pages: dict[Side, OcrPage] | None = None, engine: OcrEngine | None = None,
) -> dict[str, FieldReading]:
    """For a card whose member's name is still left out (none read, or one left out for
    doubt): the name's side (the doubtful reading's, else the front) read by the second
    engine and interpreted like Tesseract's words, and the name both engines read there
    (:func:`name_both_engines_read`). Only the member's name: its member ID and group
    stand as they are. Tesseract's print of a name it read whole may lose its label
    (``Enrolice:``, 9696's 0311) or another line may stand as a rival; a word it misread
    under :data:`NAME_SURE_OCR` (``ITI`` of ``III``, 9696's 0294) the second engine's
    letters settle. Empty where a name was kept, or without the second engine. A side
    :func:`read_by_second_engine` read already (``read_pages``) is not read again. Given
    Tesseract's ``engine``, a name Tesseract's page read too poorly to match (or not at
    all) is read again closer (:func:`name_read_closer`)."""
    if "member_name" in found.fields:
        return {}
    doubtful = found.doubtful_name
    side = doubtful.side if doubtful is not None else "front"
    if not any(s.side == side for s in sides):
        return {}
    reader = ppocr.page_reader()
    if reader is None or (pages := second_engine_pages(sides, {side}, reader,
                                                       read_pages)) is None:
        return {}
    theirs = interpret(pages, has_back=has_back, quality_reasons=quality_reasons,
                       config=config)
    read = {n: r for n, r in theirs.fields.items() if r.side == side}
    their_words = next(p.words for s, p in pages if s == side)
    both = name_both_engines_read(found, read, sides, seen, their_words)
    second = read.get("member_name")
    if both or engine is None or second is None or (doubtful is not None and (
            fields.overlap_share(doubtful.box, second.box) > 0)):
        return both  # a name Tesseract read there in doubt: its closer reading judged it
    return name_read_closer(found, second, sides, engine, their_words)


def subscriber_named_otherwise(
    found: Interpretation, sides: Sequence[SideRead], has_back: bool,
    quality_reasons: Sequence[ReviewReason], config: Config,
    read_pages: dict[Side, OcrPage] | None = None, engine: OcrEngine | None = None,
) -> dict[str, FieldReading]:
    """The member's name taken from the subscriber's
    (:func:`pipeline.fields.member_from_subscriber`: a card naming one person) where the
    second engine's reading of its side names another member, elsewhere on the side:
    Tesseract misread the member's own name, so that the card seemed to name one person
    (``O'BRIEN, MIA`` under an explainer's ellipse, the subscriber ``SEAMUS ST JOHN`` taken:
    12626's 0196; 12929's 0149, 12020's 0068, 11818's 0194). That other name where
    Tesseract's closer readings of its print agree (:func:`name_read_closer`; the
    subscriber no rival); else the name left out for doubt (confidence 0). Empty where the
    member's name is no subscriber's, where the second engine names the subscriber too, or
    no one, or without it. A side read by the second engine already (``read_pages``) is
    not read again."""
    name, subscriber = found.fields.get("member_name"), found.fields.get("subscriber_name")
    if name is None or subscriber is None or (name.box, name.value) != (
            subscriber.box, subscriber.value):
        return {}
    reader = ppocr.page_reader()
    if reader is None or (pages := second_engine_pages(sides, {name.side}, reader,
                                                       read_pages)) is None:
        return {}
    theirs = interpret(pages, has_back=has_back, quality_reasons=quality_reasons,
                       config=config)
    other = theirs.fields.get("member_name")
    if other is None or other.side != name.side or reread.letters(other.value) == (
            reread.letters(name.value)) or fields.overlap_share(other.box, name.box) > 0:
        return {}
    their_words = next(p.words for s, p in pages if s == name.side)
    unnamed = replace(found, fields={n: r for n, r in found.fields.items()
                                     if n != "member_name"})
    if engine is not None and (taken := name_read_closer(
            unnamed, other, sides, engine, their_words, besides=(name.box,))):
        return taken
    return {"member_name": replace(name, confidence=0.0)}


def name_read_closer(
    found: Interpretation, second: FieldReading, sides: Sequence[SideRead], engine: OcrEngine,
    theirs: Sequence[OcrWord] = (), besides: Sequence[Box] = (),
) -> dict[str, FieldReading]:
    """The member's name as the second engine read it (``second``) where Tesseract's page
    gave none, its print misread or lost there (``JACOB M BERGSTROM`` beside a small label
    an ellipse crossed, 12222's 0232): its line read again closer by Tesseract
    (:func:`pipeline.reread.reread_name`), and taken, spaced as the closer readings space
    it, where two of them give the second engine's letters: two engines agree on the
    print (an initial glued on is parted where the print spaces it,
    :func:`initials_spaced`; a word they part where the print shows no space,
    :func:`unprinted_parting`, stays as the second engine read it). Only a capitalised,
    plausible name holding no card word, and not where Tesseract's page names another
    person (:func:`rival_named`: the second engine may have lost the member's name and
    taken another's, a policyholder's, 12121's 0101; a name over one of ``besides`` is no
    rival: the subscriber's, whom the card names apart). Confidence
    :data:`CONFIRMED_CONFIDENCE`. Empty otherwise (callers leave out a name Tesseract read
    there in doubt: its own closer reading judged it)."""
    rule = found.template.fields.get("member_name")
    side = next((s for s in sides if s.side == second.side), None)
    if rule is None or side is None or "member_name" in found.fields or not (
            fields.plausible_name(second.value) and fields.capitalised(second.value)) or (
            fields.card_words(second.value)):
        return {}
    if rival_named(side.page.words, second.box, theirs, besides):
        return {}

    def fits(value: str) -> bool:
        return fields.fits_pattern(rule, value) and fields.plausible_name(
            value) and fields.capitalised(value)

    got = reread.reread_name(side.ocr_image, second, fits, engine, side.page.words)
    if got is None or got.value == reread.SPLIT or reread.letters(got.value) != (
            reread.letters(second.value)):
        return {}
    value = got.value
    if len(value.split()) > len(second.value.split()) and unprinted_parting(
            side, second, value, unread=False):
        value = second.value  # the closer readings part a word the print holds whole
    out = {"member_name": replace(second, value=value, confidence=CONFIRMED_CONFIDENCE)}
    # An initial the closer readings glued on where the print spaces it ('NIKOLAI
    # NOKONKWO', 11515's 0224; the second engine's 'N OKONKW O' parts too much).
    return {**out, **initials_spaced(replace_readings(found, out), sides)}


def rival_named(
    words: Sequence[OcrWord], box: Box, theirs: Sequence[OcrWord] = (),
    besides: Sequence[Box] = (),
) -> bool:
    """True when Tesseract's ``words`` on a side hold, apart from a name's ``box`` and from
    ``besides`` (card frame: people named apart), a run that reads as a person's name by
    its evidence (:func:`pipeline.fields._name_evidence`: an initial, a suffix, ``LAST,``),
    not one of a list of people by Tesseract's words or the second engine's (``theirs``:
    :func:`listed`): another person the member may be."""
    runs = [run for run in map(partial(fields.name_part, words), fields.name_rows(
        words, range(len(words)))) if fields._is_name_run(words, run)]
    return any(fields.plausible_name(fields.name_value(words, run)) and fields._name_evidence(
        words, run) and all(fields.overlap_share(fields._union(words, run), b) == 0
                            for b in (box, *besides)) and not (
        listed(words, run, theirs)) for run in runs)


def listed(words: Sequence[OcrWord], run: Sequence[int], theirs: Sequence[OcrWord] = ()) -> bool:
    """True when a name run of Tesseract's ``words`` (indices) is one of a list of people
    (:func:`pipeline.fields.under_list_head`): by Tesseract's words, or by the second
    engine's reading of the same side (``theirs``, card frame), whose words of the run's
    letters over its print stand under a list heading Tesseract lost (``Covered Members``
    in small print over ``BRIDGET L BENNETT``, 12222's 0212)."""
    if fields.under_list_head(words, run):
        return True
    box = fields._union(words, run)
    texts = {reread.letters(words[i].text) for i in run}
    over = [i for i, w in enumerate(theirs)
            if fields.overlap_share(w.box, box) > 0.5 and reread.letters(w.text) in texts]
    return bool(over) and fields.under_list_head(theirs, over)


def name_both_engines_read(
    found: Interpretation, read: Mapping[str, FieldReading], sides: Sequence[SideRead],
    seen: Sequence[SeenName] = (), theirs: Sequence[OcrWord] = (),
) -> dict[str, FieldReading]:
    """The member's name as the second engine's reading of its side (``read``: its
    fields on the sides it read) names the member, where Tesseract read the same letters
    (:func:`pipeline.reread.letters`; its spacing, which the second engine's is not):
    two engines agree on the print, as closer readings confirm a name
    (:func:`reread_name`). A name the card's readings left out (in doubt, or read by an
    earlier reading only, :func:`name_lost`: 1111's 0085, ``LATOYA M GALLAGHER`` read
    well first, then lost by a second look) comes back as Tesseract read it; else, or
    where Tesseract's interpretation named other words, the run of Tesseract's words on
    the side that reads so (:func:`pipeline.fields.name_value`), at
    :data:`CONFIRMED_CONFIDENCE`; a suffix Tesseract left out is put on
    (:func:`suffix_read_on`). Not a suffix cut short (``BROOKS I``: both may misread
    ``III``), nor a reading whose side stands otherwise now (its box in another frame).
    Empty otherwise."""
    second = read.get("member_name")
    side = next((s for s in sides if second is not None and s.side == second.side), None)
    if second is None or side is None:
        return {}
    letters = reread.letters(second.value)
    kept = found.fields.get("member_name")
    if kept is not None and (suffix := suffix_read_on(kept, second)) is not None:
        return {"member_name": replace(kept, value=f"{kept.value} {suffix}")}
    if kept is not None and (reread.letters(kept.value) == letters or kept.side != second.side):
        return {}
    earlier: list[FieldReading | None] = [] if kept is not None else [found.doubtful_name, *(
        n.reading for n in reversed(seen)
        if (n.rotation, n.shape) == (side.card.rotation, tuple(side.ocr_image.shape)))]
    for reading in earlier:
        if reading is not None and reading.side == second.side and read_alike(
                reading.value, second.value):
            return {"member_name": replace(reading, confidence=max(
                reading.confidence, CONFIRMED_CONFIDENCE))}
    # No reading gave it, but Tesseract read its print alike: its interpretation took
    # none, or other words for the member's name: a school's (1212's 0180, 'Lakeside
    # County' over 'ESPINOZA, EMIKO K'), the name with debris after it ('RAFAEL J
    # CASTILLO CONTOSO'); not another person's (0336: either may be the member). Only where
    # no other person's name stands on the side (the second engine may have lost one
    # that Tesseract read: 1111's 0108, a name under glare over another person's).
    words = side.page.words
    runs = [run for run in map(partial(fields.name_part, words), fields.name_rows(
        words, range(len(words)))) if fields._is_name_run(words, run)]
    values = [fields.name_value(words, run) for run in runs]
    same = [k for k, v in enumerate(values) if v and read_alike(v, second.value)]
    if not same and kept is None:
        # Tesseract misread a word its confidence doubts ('NORA ZIMMER*AN' at 0.03):
        # the one row at the second reading's place whose every word read surely has its
        # letters takes the second engine's words.
        # A label's words are no part of the name ('Insured Tomas: Castillo'), nor, it
        # may be, a first word ending in a colon: a label OCR misread ('FNROLLEE: TOMAS R
        # SINGH'), or the name's with a speck ('Tomas:').
        labels = {i for h in fields.side_labels(side.page, found.template, side.side)
                  for i in h.indices}
        rows = [cut for run in map(partial(fields.name_part, words), fields.name_rows(
                    words, set(range(len(words))) - labels))
                for cut in (run, run[1:] if run and words[run[0]].text.endswith(":") else [])]
        agreed = [run for run in rows if sure_words_agree(words, run, second)]
        if len(agreed) == 1:
            if agreed[0] not in runs:
                runs, values = [*runs, agreed[0]], [*values, ""]
            same = [runs.index(agreed[0])]
            values[same[0]] = second.value
    if len(same) != 1:
        return {}
    box = fields._union(words, runs[same[0]])
    if kept is not None and fields.overlap_share(box, kept.box) == 0 and fields.plausible_name(
            kept.value) and not fields.card_words(kept.value):
        return {}  # two people's names: the engines disagree on which is the member's
    # A rival holds a person's name's evidence (an initial, a suffix, 'LAST,': not a
    # plan's 'Pon Preferede'); none are the words Tesseract took for the name, nor a
    # person the second engine names otherwise (the subscriber), nor one of a list of
    # people (under 'Dependents', by either engine's words: ``theirs``) where the name
    # read alike is none (d2222 0344), nor the name's own print read with its label
    # ('Insured Tomas: Castillo').
    others = {reread.letters(r.value) for n, r in read.items() if n != "member_name"}
    in_list = partial(listed, words, theirs=theirs)
    if any(k != same[0] and fields.plausible_name(v) and fields._name_evidence(
            words, runs[k]) and reread.letters(v) not in others and not (
            kept is not None and fields.overlap_share(fields._union(words, runs[k]), kept.box) > 0)
           and not (in_list(runs[k]) and not in_list(runs[same[0]]))
           and fields.overlap_share(fields._union(words, runs[k]), box) == 0
           for k, v in enumerate(values)):
        return {}
    return {"member_name": replace(second, value=values[same[0]], box=box,
                                   confidence=CONFIRMED_CONFIDENCE)}


NAME_SURE_OCR = 0.85
"""Least Tesseract confidence (0-1) of a name's word whose letters stand against the
second engine's (:func:`sure_words_agree`)."""


def sure_words_agree(words: Sequence[OcrWord], run: Sequence[int], second: FieldReading) -> bool:
    """True when a run of Tesseract's words (indices, the card frame of ``second``'s box)
    is the print the second engine read as the member's name ``second``: the second
    reading's box lies mostly (half or more) in the run's; both part it into as many
    words; every word Tesseract read at :data:`NAME_SURE_OCR` or more has the second
    engine's letters, a name's word of three or more letters among them; only words
    Tesseract read under that may differ (``ZIMMER*AN`` at 0.03 for ``ZIMMERMAN``,
    ``~DRIAN`` for ``ADRIAN``)."""
    if not run or fields.overlap_share(second.box, fields._union(words, run)) < 0.5:
        return False
    texts = fields._name_texts(words, run)
    theirs = second.value.split()
    if len(texts) != len(run) or len(theirs) != len(texts):
        return False
    sure = [words[i].confidence >= NAME_SURE_OCR for i in run]
    agree = [reread.letters(a) == reread.letters(b) for a, b in zip(texts, theirs, strict=True)]
    anchored = any(s and a and len(reread.letters(t)) >= 3
                   for s, a, t in zip(sure, agree, theirs, strict=True))
    return anchored and all(a or not s for s, a in zip(sure, agree, strict=True))


def read_alike(mine: str, theirs: str) -> bool:
    """True when Tesseract's reading of a name (``mine``) has the second engine's letters
    (``theirs``: :func:`pipeline.reread.letters`) parted into as many words or more, and
    ends in no suffix cut short (``BROOKS I``: both may misread ``III``) nor glued on
    (``BENNETTJR``). Parted into fewer, either may have lost a space, or the second
    engine put one in: Tesseract's ``LEVID BERGSTROM`` of ``LEVI D BERGSTROM`` (1111's
    0119), the second engine's ``OKONK W O`` of ``OKONKWO``: no agreement."""
    return reread.letters(mine) == reread.letters(theirs) and len(mine.split()) >= len(
        theirs.split()) and not fields.cut_suffix(mine) and not fields.suffix_glued(mine)


def suffix_read_on(kept: FieldReading, second: FieldReading) -> str | None:
    """The generational suffix (``JR``, ``III``) the second engine read after the member's
    name where Tesseract's reading of its side ends before it (``JANE Q SAMPLE`` of ``JANE
    Q SAMPLE III``, the suffix's strokes read as a speck and left out: 1212's 0063); None
    where its letters are other than Tesseract's and a suffix's, or Tesseract's name ends
    in a suffix already, or prints its surname first (no suffix ends it)."""
    mine, theirs = reread.letters(kept.value), reread.letters(second.value)
    tokens = kept.value.split()
    if "," in kept.value or not tokens or tokens[-1].upper().strip(".") in fields.NAME_SUFFIXES:
        return None
    suffix = theirs[len(mine):] if theirs.startswith(mine) else ""
    if suffix not in fields.NAME_SUFFIXES or not second.value.endswith(suffix):
        return None
    return suffix if kept.value.isupper() else suffix.title() if suffix in ("JR", "SR") else suffix


def alike_glyph_settled(
    found: Interpretation, sides: Sequence[SideRead],
    formats: Mapping[str, Callable[[str], bool]],
) -> set[str]:
    """The member ID and group readings whose every ``O``/``0`` or ``I``/``1`` that the
    engines cannot tell apart (:func:`pipeline.crosscheck.alike_places`) is an ``I`` or
    ``1`` the print's glyph reads as the value has it (:func:`pipeline.glyphs.alike_settled`:
    a 1's flag, an I's plain bar), or a 0 in a run of zeros one width with it
    (:func:`alike_settled_by_print`). On two development ranges' trusted member IDs the
    bar's shape agreed with the truth at 69 of 69 such places. A round glyph's width
    against the value's other digits does not settle an ``O`` or ``0`` well enough: right at
    134 of 135 places there, it called ``JO5746502371``'s O a zero on a doubted reading
    (d1111 0230); against zeros of its own run, in a proportional face, it does."""
    by_side = {s.side: s for s in sides}
    out: set[str] = set()
    for name, fits in formats.items():
        reading = found.fields.get(name)
        if reading is None or reading.side not in by_side:
            continue
        if alike_settled_by_print(by_side[reading.side], reading, fits):
            out.add(name)
    return out


def alike_settled_by_print(
    side: SideRead, reading: FieldReading, fits: Callable[[str], bool]
) -> bool:
    """True when every ``O``/``0`` or ``I``/``1`` of ``reading`` that the engines cannot
    tell apart (:func:`pipeline.crosscheck.alike_places`) is read as the print says: each
    an ``I`` or ``1`` whose bar's shape reads so (:func:`pipeline.glyphs.alike_settled`), or
    each a 0 in a run of zeros one width with it in a proportional print
    (:func:`pipeline.glyphs.zero_run_settled`: ``WLE00099999``, where an O is wider)."""
    places = crosscheck.alike_places(reading.value, fits)
    if not places:
        return False
    image, box, value = side.ocr_image, reading.box, reading.value
    if all(value[i] in "I1" for i in places):
        return glyphs.alike_settled(image, box, value, places)
    return glyphs.zero_run_settled(image, box, value, places)


def group_may_be_printed(
    found: Interpretation, sides: Sequence[SideRead], reader: ppocr.PageReader
) -> bool:
    """True when the front of a card showing no group may print one all the same: a code
    no reading explains fits the group's format (its label lost: ``53018`` under a blurred
    ``Group ID``), or the second engine's detector finds a line of print Tesseract did not
    read surely (:func:`unread_lines`: a ``GRP`` label in a hand's shadow). False when
    the detector fails."""
    face = next(s for s in sides if s.side == "front")
    rule = found.template.fields["group_number"]
    taken = values_read(found.fields, found.distractors)
    if any(re.search(r"\d", face.page.words[i].text) for i in unlabelled_fits(
            face.page.words, rule, taken, lambda _i, _w: True)):
        return True
    try:
        lines = reader.detect(face.card.pixels)
    except Exception as e:  # a second opinion: its failure never costs a card its result
        log.warning("second engine failed on a card: %s", type(e).__name__)
        return False
    return bool(unread_lines(lines, face.page.words))


READ_SHARE = 0.3
"""Least share of a detected text line's box that Tesseract's sure words cover for the line
to count as read (:func:`unread_lines`)."""
READ_CONFIDENCE = 0.75
"""Least OCR confidence (0-1) of a word that counts as read: a label Tesseract garbled in a
shadow or a glare (``GRP`` read ``ID`` at 0.15) is print it did not read."""


def unread_lines(lines: Sequence[Box], words: Sequence[OcrWord]) -> list[Box]:
    """The text lines (boxes, card frame) of which Tesseract's words read at
    ``READ_CONFIDENCE`` or more cover less than ``READ_SHARE``: print it did not read."""
    sure = [w.box for w in words if w.confidence >= READ_CONFIDENCE]
    return [line for line in lines
            if sum(fields.overlap_share(line, b) for b in sure) < READ_SHARE]


def suffix_left_out(read: dict[str, FieldReading], found: Interpretation,
                    sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """``read`` with the member ID's suffix cut off its member ID where the second engine
    read the two as one word (its words join what a narrow space parts: 7878's 0046,
    ``IQK080379495 00`` read ``IQK08037949500``): the suffix Tesseract read on the ID's
    side, whose box the reading's box reaches past its middle on the same row, after a
    space in the print past Tesseract's ID (:func:`pipeline.glyphs.spaced_past_pitch`:
    Tesseract splits an ID's last digits off too, 3333's 0024, ``XH99372991`` ``78``)."""
    member, suffix = read.get("member_id"), found.fields.get("member_id_suffix")
    mine = found.fields.get("member_id")
    if member is None or suffix is None or mine is None or suffix.side != member.side or len(
            member.value) < len(suffix.value) + SUFFIX_DIGITS or not (
            member.value.endswith(suffix.value)):
        return read
    a, b = member.box, suffix.box
    if not fields.same_row(a, b) or not a.left < b.left or (b.left + b.right) / 2 > a.right:
        return read
    side = next(s for s in sides if s.side == member.side)
    if mine.side != member.side or not glyphs.spaced_past_pitch(side.ocr_image, mine.box,
                                                                b.right):
        return read
    cut = replace(a, right=min(a.right, b.left))
    return {**read, "member_id": replace(member, value=member.value[:-len(suffix.value)],
                                         box=cut)}


def value_formats(found: Interpretation) -> dict[str, Callable[[str], bool]]:
    """The member ID's and group's format tests of the card's template (the fields it has)."""
    return {name: partial(fields.fits_pattern, rule)
            for name in reread.VALUE_FIELDS
            if (rule := found.template.fields.get(name)) is not None}


TWO_ENGINES_CONFIDENCE = 0.7
"""Confidence of a value the second engine's search took in place of Tesseract's (or where
Tesseract had none) that Tesseract's closer readings of its print give too: both engines
read the print alike, and the second's clean words named the field."""
CORROBORATED_CONFIDENCE = 0.6
"""Confidence of a value the second engine read surely (``SURE_SECOND_READING``) under a
label, where Tesseract's doubted reading holds it or is held in it, or one closer reading
gives it (:func:`corroborated`): over the review bars, under values both engines read
whole. On fourteen development ranges, 86 such values were right and 1 wrong (a dotted
frame's side read as a last ``1``, which :func:`mark_beside` leaves in doubt)."""
SURE_SECOND_READING = 0.9
"""Lowest confidence of the second engine's own reading of a value for a Tesseract reading
in part to corroborate it."""
SURE_PLACED_READING = 0.85
"""Lowest confidence of the second engine's own reading of a value it placed by the card's
layout, with no label (an ID under the member's name: the interpretation's position
factor holds such readings under 0.9), for it to stand alone where Tesseract read none
(:func:`both_engines_read`). On twenty development ranges (6,000 cards) 14 such member
IDs, each sent to a person, were right and none wrong once those with an explainer mark
beside them or Tesseract's closer reads against them were left out (those held three
wrong ones: a frame's side or a ring read as a last ``1``, a ``W`` read ``N``); one of the
14 cards then passed without its lost group (:func:`group_may_be_lost`)."""
CORROBORATING_MIN = 3
"""Fewest characters of Tesseract's doubted reading that may corroborate the second
engine's value by being part of it (or it part of them)."""


def both_engines_read(
    taken: FieldReading, found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine,
    raw: FieldReading | None = None, bar: float = 0.5,
) -> FieldReading:
    """``taken`` (:func:`pipeline.crosscheck.second_reading`) trusted
    (``TWO_ENGINES_CONFIDENCE``) when Tesseract had no value or another one, read under a
    label; it holds no ``O``/``0`` or ``I``/``1`` the engines cannot tell apart
    (:func:`pipeline.crosscheck.alike_ambiguous`) that the print does not settle
    (:func:`alike_settled_by_print`); and Tesseract's closer readings of its
    box (:func:`closer_votes`) agree on it with no dissent. Else, with ``raw`` (the second
    engine's own reading, before the dispute set its confidence), over the review ``bar``
    where Tesseract's readings corroborate it (:func:`corroborated`), or it is labelled and
    needs no backing (:func:`sure_alone`) with no character more than its print has glyphs
    (:func:`pipeline.glyphs.glyphs_short`), or, unlabelled where Tesseract read none, it
    needs no backing, read at ``SURE_PLACED_READING``, Tesseract's closer readings do not
    dissent (:func:`dissent`) and the card's group is not lost (:func:`group_may_be_lost`);
    and no explainer mark lies beside it where its format leaves its ends open
    (:func:`mark_beside`, :func:`ends_open`: a dotted frame's side read as a last ``1``),
    or crosses it unpainted (:func:`pipeline.enhance.pen_across`), nor a
    glyph off its line at an end (:func:`pipeline.glyphs.end_off_line`). Never where it
    holds its label's end (:func:`swallows_label`). As it was otherwise.
    Both engines read an unlabelled value's print alike whichever field it is: against a
    value Tesseract took, nothing tells which is the field's (5656's 0055: a health plan's
    number under a misread ``(00840)`` taken over the member's own unlabelled ID)."""
    mine = found.fields.get(taken.name)
    rule = found.template.fields.get(taken.name)
    if rule is None or taken.confidence >= TWO_ENGINES_CONFIDENCE or (mine is not None and (
            mine.value == taken.value or not taken.label
            or glyph_set_apart(mine.value, taken.value))):
        return taken
    side = next(s for s in sides if s.side == taken.side)
    fits = value_formats(found)[taken.name]
    if crosscheck.alike_ambiguous(taken.value, fits) and not alike_settled_by_print(
            side, taken, fits):
        return taken
    if swallows_label(side, found, taken):
        return taken  # closer reads of its box read the label's end as it did
    votes = closer_votes(side, taken, rule, engine, VERIFY_TEXT_PX)
    got = reread.agreed_reading(votes)
    if got is not None and got[0] == taken.value and not dissent(votes, taken):
        return replace(taken, confidence=TWO_ENGINES_CONFIDENCE)
    sure = raw is not None and raw.confidence >= SURE_SECOND_READING and (
        mine is None or mine.confidence < bar)
    alone = sure_alone(taken, mine) and not glyphs.glyphs_short(
        side.ocr_image, taken.box, taken.value)
    backed = corroborated(taken, mine, votes) or (bool(taken.label) and alone)
    # Placed by the card's layout, not a label (under the member's name), where Tesseract
    # read nothing: its own such reading is taken so too, on a card with its group read or
    # no code a lost group's (labels too small for either engine: the card passes on it).
    placed = (not taken.label and mine is None and raw is not None and alone
              and raw.confidence >= SURE_PLACED_READING and not dissent(votes, taken)
              and not group_may_be_lost(found, sides, taken))
    if ((sure and backed) or placed) and not (
            mark_beside(side, taken.box) and ends_open(rule, taken.value)) and not (
            enhance.pen_across(side.card.pixels, taken.box)) and (
            not glyphs.end_off_line(side.ocr_image, taken.box, taken.value)):
        return replace(taken, confidence=max(taken.confidence, CORROBORATED_CONFIDENCE))
    return taken


def group_may_be_lost(
    found: Interpretation, sides: Sequence[SideRead], taken: FieldReading
) -> bool:
    """True when ``found`` has no group and a code no reading explains (:func:`stray_codes`,
    ``taken`` explained) stands on the card: a group whose label was lost with the member
    ID's (dev's 0206, motion blur: Humana's ``ID`` and ``GRP#`` too small for either
    engine, the group ``23437711`` read but taken for nothing)."""
    if "group_number" in found.fields:
        return False
    known = values_read(found.fields, found.distractors) | {taken.value}
    return bool(stray_codes([s.page for s in sides], known))


LABEL_SWALLOWED = 0.5
"""Reach (value heights) into a label of its field that the second engine's value box
must have for :func:`swallows_label`: a glyph's width or so."""


def swallows_label(side: SideRead, found: Interpretation, taken: FieldReading) -> bool:
    """True when the second engine's value ``taken`` is boxed ``LABEL_SWALLOWED`` heights or
    more into a label of its field that Tesseract read on its row: its reading holds the
    label's end (fresh 10707's 0146, motion blur: ``Group ID 862536`` read ``Group``
    ``10862536``, the ``ID`` read as ``10``), so its characters before Tesseract's reading
    (which it ends with) are no backing of it. A label read as printed only: a misread one
    may hold the value's first glyph (``Grou 5`` of ``Group ID`` over
    ``305875-422-87699``, 10707's 0264)."""
    mine = found.fields.get(taken.name)
    if mine is None or mine.value == taken.value or not taken.value.endswith(mine.value):
        return False  # theirs holds nothing before Tesseract's reading
    box = taken.box
    return any(
        h.score >= 1.0 and fields.same_row(h.box, box)
        and min(h.box.right, box.right) - max(h.box.left, box.left) >= LABEL_SWALLOWED * box.height
        for h in fields.label_hits(side.page, found.template, side.side, taken.name))


ROUND_GLYPHS = frozenset("0OQ")
"""Characters both engines confuse with each other among letters (``RS4Q`` read ``RS40``)."""


def sure_alone(taken: FieldReading, mine: FieldReading | None) -> bool:
    """True when the second engine's labelled value ``taken``, read surely, needs no
    Tesseract reading to back it: a group holding no round glyph (``ROUND_GLYPHS``) beside
    letters (all digits, or ``JM1431``), where Tesseract read none or a doubted other; a
    member ID where Tesseract's doubted reading ``mine`` is another garbling of the same
    print (``SIT97TB580610T`` of ``09785806101``), not one that the second engine's
    continues (a suffix joined after a narrow space: ``2544168149`` read on as
    ``254416814901``), and not opening with ``O`` or ``0`` (the engines read a leading O as
    the digit, and the digit as O, alike). On fourteen development ranges: 37 groups and
    16 member IDs right, none wrong; with no Tesseract reading, member IDs were 13 right
    and 3 wrong (joined suffixes, a leading O). A member ID where Tesseract read none
    stands alone too, its label read surely: on 6767, 7070 and 7171, 5 such right and
    none wrong (the one wrong labelled and sure, 6767's 0222, a plan ID, is no member ID
    now); a suffix the second engine joined is split again after (:func:`suffix_spaced`)."""
    value = taken.value
    if taken.name == "group_number":
        return not (any(c.isalpha() and c not in ROUND_GLYPHS for c in value)
                    and any(c in ROUND_GLYPHS for c in value))
    return taken.name == "member_id" and bool(value) and value[0] not in "0O" and (
        mine is None or not value.startswith(mine.value))


def corroborated(
    taken: FieldReading, mine: FieldReading | None, votes: Mapping[str, Sequence[object]]
) -> bool:
    """True when Tesseract backs the second engine's labelled value ``taken``: one of its
    closer readings (``votes``) gives it, or its own doubted reading ``mine`` is part of it
    or holds it (``28209`` of ``54128209``, ``W08001`` of ``W0800114``) with at least
    ``CORROBORATING_MIN`` characters. Not a member ID that ``mine`` starts and ``taken``
    continues (the second engine joins a suffix printed after a narrow space:
    ``XIV3908470300`` for ``XIV390847030``)."""
    value = taken.value
    backed = value in votes or (mine is not None and len(mine.value) >= CORROBORATING_MIN
                                and (mine.value in value or value in mine.value))
    joined = (taken.name == "member_id" and mine is not None and value != mine.value
              and value.startswith(mine.value))
    return backed and not joined


def mark_beside(side: SideRead, box: Box) -> bool:
    """True when an explainer mark (:func:`pipeline.enhance.painted_marks`) was painted
    within a box height of ``box`` (card frame, pixels): its strokes may have been read as
    the value's characters."""
    mask = enhance.painted_marks(side.card.pixels)[1]
    if mask is None:
        return False
    reach = max(box.height, 1.0)
    top, left = max(0, int(box.top - reach)), max(0, int(box.left - reach))
    bottom, right = int(box.bottom + reach) + 1, int(box.right + reach) + 1
    return bool(mask[top:bottom, left:right].any())


def ends_open(rule: FieldRule, value: str) -> bool:
    """True when ``value`` less its first or its last character still fits ``rule``'s
    format: a stroke beside its print read as a character there would go unnoticed. An
    MBI's eleven characters, or a group of exactly five digits, close their ends: a mark
    beside them read as one more breaks the format (on fifteen ranges, 8 values the
    second engine read surely beside a mark with closed ends, all right; with open ends
    10 right, 1 wrong: ``GLJ7334498867`` with its suffix ``01`` read on)."""
    return fields.fits_pattern(rule, value[:-1]) or fields.fits_pattern(rule, value[1:])


def review_bars(config: Config) -> dict[str, float]:
    """The confidence under which the member ID and the group send a card to review."""
    return {"member_id": config.member_id_min_confidence,
            "group_number": config.group_min_confidence}


def verify_values(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine, config: Config
) -> dict[str, FieldReading]:
    """Accepted readings, read again four ways around their box
    (:func:`pipeline.reread.region_votes`): those of a carrier with a template when not
    certain (``VERIFY_BELOW``), every one on a card without a template. Also on a card
    going to review for another reason: a reviewer trusts a value's confidence, which
    must mean the same whatever else the card lacks.

    A closer reading that is the value with 7s read as 1s, where the print shows no 1
    (:func:`pipeline.glyphs.sevens_read_as_ones`), or with an O or 0 swapped where the
    glyph's width says the value's (:func:`pipeline.glyphs.o_zero_settled`), counts as the
    value.
    On a card without a template, readings split with no rival are asked again at
    ``reread.REGION_TEXT_PX`` (each scale has misreadings of its own) and the votes pooled
    (a template's unconfirmed value is kept anyway).
    Confirmed: kept. The same value continued (OCR lost its end): taken whole; with its
    first character back (:func:`lost_start`): taken, under the review bar. Two
    readings agreeing on another value (:func:`pipeline.reread.rival`, see
    ``CONTRADICT_BELOW``), or, below that, one reading of the same length giving another
    value: made uncertain, so the card goes to review instead of passing a wrong value.
    Nothing agreed on: kept on a template's card (its format was checked), made uncertain
    on a card without one (``UNCONFIRMED_CONFIDENCE``), as is one whose closer reads agree
    on another value of any length."""
    by_side = {s.side: s for s in sides}
    minimum = review_bars(config)
    templated = found.carrier.source == "template"
    out: dict[str, FieldReading] = {}
    for name, below in VERIFY_BELOW.items():
        reading = found.fields.get(name)
        rule = found.template.fields.get(name)
        if rule is None or reading is None or reading.confidence < minimum[name] or (
                templated and reading.confidence >= below
                and not holds_round_letter(reading, rule)):
            continue
        side = by_side[reading.side]
        stop = suffix_start(found, reading) if name == "member_id" else None
        votes = closer_votes(side, reading, rule, engine, VERIFY_TEXT_PX, stop)
        got = reread.agreed_reading(votes)
        contradicted = dissent(votes, reading)
        if got is None and not contradicted and not templated:  # split: ask at another scale
            for value, more in closer_votes(
                    side, reading, rule, engine, reread.REGION_TEXT_PX, stop).items():
                votes.setdefault(value, []).extend(more)
            got = reread.agreed_reading(votes)
            contradicted = dissent(votes, reading)
        if got is not None and got[0] != reading.value and got[0].startswith(reading.value) and (
                not spaced_on(side, reading, got)):
            value, box, confidence = got  # the same value continued: OCR lost its end
            if len(votes[value]) >= UNANIMOUS_READS and len(votes) == 1:
                # Every closer read gives it (their own scores are often 0 for letters
                # and digits mixed): a value for a person to check, shown.
                confidence = max(confidence, UNCONFIRMED_CONFIDENCE)
            out[name] = replace(reading, value=value, box=reading.box.union(box),
                                confidence=round(min(reading.confidence, confidence), 3))
        elif got is not None and lost_start(side, reading, got[0]):
            # OCR dropped the value's first character, whose ink its box holds: the closer
            # reads' value, for a person to check (the dropped glyph was a hard one).
            out[name] = replace(reading, value=got[0], confidence=round(
                min(reading.confidence, UNCONFIRMED_CONFIDENCE), 3))
        elif contradicted and (not templated or reading.confidence < CONTRADICT_BELOW or (
                got is not None and (got[2] >= reading.confidence
                                     or round_letter_swapped(reading.value, got[0])))):
            out[name] = replace(reading, confidence=round(min(
                reading.confidence * DISAGREEMENT_FACTOR, UNCONFIRMED_CONFIDENCE), 3))
        elif not templated and (got is None or got[0] != reading.value):
            # Nothing agreed on, or something else (of another length: no rival).
            out[name] = replace(reading, confidence=round(
                min(reading.confidence, UNCONFIRMED_CONFIDENCE), 3))
    return out


def lost_start(side: SideRead, reading: FieldReading, got: str) -> bool:
    """True when closer reads' value ``got`` is ``reading``'s with one character more in
    front and the page's box of the reading holds as many glyphs as ``got``
    (:func:`pipeline.glyphs.ink_columns`): the page lost the first character it boxed
    (aultcare's ``G000999`` read ``000999``, the G inside the word's box)."""
    if len(got) != len(reading.value) + 1 or not got.endswith(reading.value):
        return False
    alnum = [c for c in got if c.isalnum()]
    return len(glyphs.ink_columns(side.ocr_image, reading.box)) == len(alnum)


def spaced_on(side: SideRead, reading: FieldReading, got: tuple[str, Box, float]) -> bool:
    """True when a closer reading ``got`` that continues ``reading`` takes in print past a
    word space after it (:func:`pipeline.glyphs.space_after`; not across a hyphen, which
    continues an ID: ``OSC17503177-01``): another word (a copay's ``$30``) joined on, not
    the value's lost end."""
    rest = got[0][len(reading.value):]
    if rest.startswith("-") or reading.value.endswith("-"):
        return False
    return next_word_is(side.page.words, reading.box, rest) or glyphs.space_after(
        side.ocr_image, reading.box, got[1].right)


def next_word_is(words: Sequence[OcrWord], box: Box, text: str) -> bool:
    """True when the page's next word after ``box`` on its line (card frame: the nearest
    other word starting right of its middle, ending at or past its end and sharing half
    its height; a merged page's box may take in the next word) reads ``text``: the page
    saw a word space where a closer read ran on (``BC6564457159`` ``99``; a stop after the
    word is not read: ``YGE130858367`` ``01.``, 9898's 0376)."""
    middle = (box.left + box.right) / 2
    after = [w for w in words if w.box.left >= middle and w.box.right >= box.right - 2
             and w.box != box
             and min(w.box.bottom, box.bottom) - max(w.box.top, box.top) > box.height / 2]
    nearest = min(after, key=lambda w: w.box.left, default=None)
    return nearest is not None and fields.code_text(nearest.text) == text


def confirmed_doubtful(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine, config: Config,
    lone: Collection[str] = (),
) -> dict[str, FieldReading]:
    """The labelled member ID and group readings under the review bars (which
    :func:`verify_values` leaves alone) that closer reads at two scales
    (``VERIFY_TEXT_PX`` and ``reread.REGION_TEXT_PX``) each give, at least twice and with
    nothing else read there, and that fit their rule's format: confident
    (``CONFIRMED_CONFIDENCE``). A page's low score is often that of a label or value font
    Tesseract scores poorly (mixed letters and digits score 0 in single-line reads), not
    of a misreading; two scales, each with misreadings of their own, agreeing with the
    page on every reading are independent evidence; not where the page read more after
    the value than a stop (:func:`page_read_more`) or read more or fewer characters
    (:func:`page_differs`) than the print shows glyphs for the value's
    (:func:`pipeline.glyphs.glyph_each`). Values taken with no label of their
    own (``lone``: :func:`lone_member_id`, :func:`lone_group`, a state Medicaid ID taken
    for the member ID), or under a Medicaid label (the state's number, which the plan's
    own may be printed beside unlabelled), whose identity no reading settles, are left as
    they are."""
    by_side = {s.side: s for s in sides}
    minimum = review_bars(config)
    out: dict[str, FieldReading] = {}
    for name in reread.VALUE_FIELDS:
        reading = found.fields.get(name)
        rule = found.template.fields.get(name)
        if rule is None or reading is None or not reading.label or name in lone or (
                reading.confidence >= minimum[name]) or not fields.fits_pattern(
                rule, reading.value) or fields.is_medicaid_label(
                reading.label):
            continue
        side = by_side[reading.side]
        if page_read_more(side.page.words, reading) or hyphen_goes_on(
                side.page.words, reading, rule) or suffix_on_page(
                side.page.words, reading, rule) or weak_part(side.page.words, reading) or (
                page_differs(side.page.words, reading, rule)
                and not glyphs.glyph_each(side.ocr_image, reading.box, reading.value)):
            continue
        stop = suffix_start(found, reading) if name == "member_id" else None
        for text_px in (VERIFY_TEXT_PX, reread.REGION_TEXT_PX):
            votes = closer_votes(side, reading, rule, engine, text_px, stop)
            if set(votes) != {reading.value} or len(votes[reading.value]) < reread.MIN_AGREEING:
                break
        else:
            out[name] = replace(reading, confidence=max(reading.confidence,
                                                        CONFIRMED_CONFIDENCE))
    return out


def page_differs(words: Sequence[OcrWord], reading: FieldReading, rule: FieldRule) -> bool:
    """True when the page's letters and digits at ``reading``'s box (its words over half
    inside it, card frame, in reading order) are more or fewer than the reading's: a value
    a closer read or a repair gave (``6059337758`` where the page read ``6€0593377S``,
    ``2T52-TT4-XD17`` of ``2T52-TT4-xXD17``), unless the format's own repair of
    look-alikes makes the page's the value (``0SC84089858``, an Oscar ID). Closer reads
    agreeing on another length agree with the reading that made it, not with the page: no
    independent evidence. A page cut short (its reading a start of the value) or that
    read next to nothing there (``ra``) is left to the closer reads, as are look-alikes
    swapped in place (``WVO0099999``, ``6DQ9IV2XJ65``)
    are what closer reads settle (on three ranges, nine right values to one wrong)."""
    inside = sorted((w for w in words if fields.overlap_share(w.box, reading.box) > 0.5),
                    key=lambda w: w.box.left)
    page = "".join(c for w in inside for c in w.text.translate(_SYMBOL_LETTERS)
                   if c.isalnum()).upper()
    value = "".join(c for c in reading.value if c.isalnum())
    return 2 * len(page) >= len(value) and len(page) != len(value) and (
        not value.startswith(page)) and fields.repair(rule, page) != reading.value


_SYMBOL_LETTERS = str.maketrans({"$": "S", "%": "X"})
"""Symbols the page reads for a letter (``$80210594`` of ``S80210594``): one glyph each."""


WEAK_PART_OCR = 0.6
"""OCR confidence under which a word of letters only or digits only that is a part of a
value (a prefix printed apart from its number: ``QOX`` at 0.39 of ``QQX``) is doubtful in
itself. Tesseract scores words mixing letters and digits low whatever they read, which
closer reads agreeing make up for; a word of one kind it scores low where it misread."""


def weak_part(words: Sequence[OcrWord], reading: FieldReading) -> bool:
    """True when ``reading`` joins two or more page words (inside its box, card frame)
    and one of them, letters only or digits only, was read under ``WEAK_PART_OCR``. Closer
    reads of the whole value as one line (whose scores are 0 for mixed letters and
    digits) then repeat the page's misreading of that part rather than confirm it: the
    value is no surer than its weakest part."""
    parts = [w for w in words if fields.overlap_share(w.box, reading.box) > 0.5
             and (text := fields.clean_value(w.text)) and text in reading.value]
    return len(parts) >= 2 and any(
        w.confidence < WEAK_PART_OCR and (t := fields.clean_value(w.text)).isalnum()
        and (t.isalpha() or t.isdigit()) for w in parts)


def page_read_more(words: Sequence[OcrWord], reading: FieldReading) -> bool:
    """True when a page word at ``reading``'s box is its value with more after it than a
    stop (``463996]``: a letter the page misread as a bracket, which closer reads of
    identifier characters leave out, so their agreeing is no confirmation)."""
    for w in words:
        b = w.box
        if min(b.right, reading.box.right) <= max(b.left, reading.box.left) or min(
                b.bottom, reading.box.bottom) <= max(b.top, reading.box.top):
            continue
        text = _TRAILING_MARKS.sub("", fields.clean_value(w.text))
        if text != reading.value and text.startswith(reading.value):
            return True
    return False


def hyphen_goes_on(words: Sequence[OcrWord], reading: FieldReading, rule: FieldRule) -> bool:
    """True when the page read a word with a hyphen right after ``reading`` on its row
    (less than a text height on, card frame), starting with the hyphen or with the
    reading's last characters (the page split the print inside a part that a closer read
    of the box completed: 11414's 0000, ``72821`` ``1-395-65668`` and the box read
    ``728211``), or any word there after the page's word at the value's end ended in a
    hyphen (11515's 0000, ``627839-724-`` ``13932``), and the two together fit the
    value's format: the printed value goes on (fresh 10808's 0231, ``775737``
    ``-895-23353`` under ``Grp#``), and closer reads of the reading's box alone confirm a
    part of it."""
    b = reading.box
    # The page's word at the value's end may end in the hyphen (11515's 0000:
    # '627839-724-' '13932', the value taken '627839-724').
    hyphen = "-" if any(
        w.text.rstrip().endswith("-") and w.box.left < b.right and w.box.right > b.right - 2
        and min(w.box.bottom, b.bottom) > max(w.box.top, b.top) for w in words) else ""
    for w in words:
        text = w.text.strip()
        if not (hyphen or "-" in text) or not 0 <= w.box.left - b.right < b.height or min(
                w.box.bottom, b.bottom) <= max(w.box.top, b.top):
            continue
        head = text.find("-") if "-" in text else 0
        for k in range(head + 1):
            if k and not reading.value.endswith(text[:k]):
                continue
            joiner = "" if text.startswith("-") else hyphen
            whole = fields.clean_value(reading.value[:len(reading.value) - k] + joiner + text)
            if len(whole) > len(reading.value) and fields.fits_pattern(rule, whole):
                return True
    return False


def digit_opens_letters(found: Interpretation) -> dict[str, FieldReading]:
    """The member ID, on a card with no carrier template of its own (the generic one), that
    opens with a digit shaped like a letter (``0`` O, ``1`` I, ``2`` Z, ``5`` S, ``6`` G,
    ``8`` B) before a letter, or holds a ``0`` between two letters, made uncertain
    (``UNCONFIRMED_CONFIDENCE``): with no format to ask, nothing tells that digit from the
    letter, which IDs open letters with (``OSC``, ``OQF``, ``ZV``) and hold among them
    (``DTOW…``), and both engines read such a glyph as its neighbours suggest (11616's
    0129: Medi-Cal's ``OP82123533`` read ``0P82123533`` at 0.89; 12020's 0258: Wellmark's
    ``MOS545223889`` read ``M0S…``; 14545's 0089: Priority Health's ``ZV2393855246`` read
    ``2V2…`` at 0.83). On twenty ranges' truths only Medicare's MBIs (:data:`pipeline.
    derived.MBI`), whose template knows them, opened with a digit before a letter."""
    member = generic_member(found)
    if member is None or not LOOKALIKE_OPENS_LETTERS.search(member.value):
        return {}
    return {"member_id": replace(member, confidence=UNCONFIRMED_CONFIDENCE)}


def generic_member(found: Interpretation) -> FieldReading | None:
    """The member ID read over ``UNCONFIRMED_CONFIDENCE`` on a card with no carrier template
    of its own (the generic one), no Medicare number (:data:`pipeline.derived.MBI`, whose
    template knows its letters and digits); None otherwise."""
    member = found.fields.get("member_id")
    if member is None or member.confidence <= UNCONFIRMED_CONFIDENCE or (
            found.template.id != load_templates()[0].id) or derived.MBI.fullmatch(member.value):
        return None
    return member


LOOKALIKE_OPENS_LETTERS = re.compile(r"^[012568][A-Z]|[A-Z]0[A-Z]")
"""A digit shaped like a letter opening an ID's letters, or a zero among letters."""


def zero_opens_mono(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID, on a card with no carrier template of its own (the generic one),
    whose only 0 opens its digits right after its letters, printed bare in a monospaced
    print (:func:`pipeline.glyphs.bare_zero_at_pitch`), made uncertain
    (``UNCONFIRMED_CONFIDENCE``): there an O is a 0's width, nothing else tells them apart,
    and IDs open with letters (14848's 0263: ``SO6534286243`` read ``S06534286243`` at
    0.75; 14141's 0224: ``SO7294917`` read ``S07294917``, both passed)."""
    member = generic_member(found)
    if member is None:
        return {}
    side = next(s for s in sides if s.side == member.side)
    if not glyphs.bare_zero_at_pitch(side.ocr_image, member.box, member.value):
        return {}
    return {"member_id": replace(member, confidence=UNCONFIRMED_CONFIDENCE)}


def goes_on(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings the page's next word on their row continues
    (:func:`hyphen_goes_on`: together they fit the value's format and hold more), made
    uncertain (``UNCONFIRMED_CONFIDENCE``): the value taken is a part of the printed one
    (11414's 0000, ``728211`` of ``728211-395-65668`` passed at 0.91)."""
    out: dict[str, FieldReading] = {}
    for name, reading, side in undoubted_values(found, sides):
        rule = found.template.fields.get(name)
        if rule is not None and hyphen_goes_on(side.page.words, reading, rule):
            out[name] = replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
    return out


def suffix_on_page(words: Sequence[OcrWord], reading: FieldReading, rule: FieldRule) -> bool:
    """True when ``reading`` is a member ID whose last two digits the page read as a word
    of their own after a space (:func:`pipeline.fields.suffix_follows`) and which fits its
    format without them: the member's suffix joined to the ID by a closer reading of the
    run (``LAU0282`` ``149692`` ``99`` read ``LAU028214969299``; the words before the
    suffix are taken together: ``QKU2588881`` ``1`` ``00``). Reads that agree on its
    characters do not tell where the ID ends."""
    b = reading.box
    inside = sorted((w for w in words if b.left <= (w.box.left + w.box.right) / 2 <= b.right
                     and b.top <= w.box.cy <= b.bottom), key=lambda w: w.box.left)
    if reading.name != "member_id" or len(inside) < 2:
        return False
    # The ID before the suffix may itself be split by OCR ('QKU2588881' '1' '00').
    before = "".join(fields.clean_value(w.text) for w in inside[:-1])
    # A suffix's digits read as look-alike letters (fresh 10808's 0273: '77836762 01' read
    # '77836762' 'O1', joined by closer reads into '7783676201').
    last = fields.clean_value(inside[-1].text).upper().translate(_ALIKE)
    n = len(last)
    return fields.suffix_follows(before, last) and reading.value.endswith(last) and (
        fields.fits_pattern(rule, reading.value[:-n]))


ROUND_LETTERS = frozenset("OQD")
"""Letters a page's reading confuses with one another and with 0 at any confidence
(YQH9990042 read YOH9990042 at 0.92)."""


def holds_round_letter(reading: FieldReading, rule: FieldRule) -> bool:
    """Whether a reading holds an O, Q or D where ``rule``'s format would take another of
    them or a 0 (not Oscar's pinned ``OSC``): checked by closer reads however confident."""
    value = reading.value
    return any(
        c in ROUND_LETTERS and fields.fits_pattern(rule, value[:i] + other + value[i + 1:])
        for i, c in enumerate(value) for other in (ROUND_LETTERS | {"0"}) - {c})


def round_letter_swapped(value: str, other: str) -> bool:
    """Whether ``other`` is ``value`` with only round letters (or 0s) swapped at the
    positions of ``value``'s round letters: closer reads agreeing on that outweigh the
    page's score (theirs are often 0 for letters and digits mixed)."""
    return len(other) == len(value) and other != value and all(
        a == b or (a in ROUND_LETTERS and b in ROUND_LETTERS | {"0"})
        for a, b in zip(value, other, strict=True))


def closer_votes(
    side: SideRead, reading: FieldReading, rule: FieldRule, engine: OcrEngine, text_px: float,
    stop: float | None = None,
) -> reread.Votes:
    """The values read around ``reading``'s box four ways, enlarged so a line is about
    ``text_px`` pixels tall (:func:`pipeline.reread.region_votes`), up to ``stop`` (card
    frame x, pixels: where a member ID's suffix starts); readings that are the value with
    a habit's confusion the print settles (7s read as 1s, an O or 0 its width decides, a
    1, I or T its shape decides, a 1, I or T more than the print has glyphs for, a Q whose
    tail the print shows read O or 0, an O or 0 read Q where no glyph shows a tail:
    :mod:`pipeline.glyphs`) count for the value, as do readings of the value with more
    after it where nothing is printed after it (:func:`pipeline.glyphs.
    nothing_printed_after`) or where the more is the page's next word (:func:`next_word_is`),
    and readings that break the format only where the format
    itself settles them to the value (:func:`format_settled`). Readings of the value with
    one character left out where the print has a glyph for each of its characters
    (:func:`pipeline.glyphs.glyph_lost`), or with one more inside it where the print, as
    far as those readings reach, has no more glyphs than those (:func:`pipeline.glyphs.
    glyph_added`), are dropped: no other value."""
    fits = partial(fields.fits_pattern, rule)
    region = reread.verify_region(side.page.words, reading.box, side.ocr_image.shape[1])
    rows = glyphs.text_rows(side.ocr_image, reading.box)
    if len(rows) > 1:
        # A small label boxed with the value under it: read the value's line alone, cut
        # from the lines above and below it half-way across the gaps between them (the
        # box's own margin past its last line: OCR's box may reach below the print).
        i = max(range(len(rows)), key=lambda k: rows[k][1] - rows[k][0])
        region = replace(
            region,
            top=(rows[i - 1][1] + rows[i][0]) / 2 if i > 0 else region.top,
            bottom=(rows[i][1] + rows[i + 1][0]) / 2 if i + 1 < len(rows) else min(
                region.bottom, rows[i][1] + 0.3 * reading.box.height))
    box = reading.box
    if stop is not None and stop > (box.left + box.right) / 2:
        # OCR's box of the ID may run over its suffix (441124265133 over 01).
        region = replace(region, right=min(region.right, stop - SUFFIX_MARGIN * box.height))
    votes = reread.region_votes(
        side.ocr_image, region, lambda v: fits(v) or format_settled(rule, v, reading.value),
        engine, expect=reading.value, whitelist=rule.chars or reread.ID_WHITELIST,
        text_px=text_px,
    )
    for other in [v for v in votes if not fits(v)]:
        votes.setdefault(reading.value, []).extend(votes.pop(other))
    for other in [v for v in votes if len(v) > len(reading.value) and v.startswith(
            reading.value) and glyphs.nothing_printed_after(
            side.ocr_image, reading.box, reading.value, max(b.right for _, b in votes[v]))]:
        # The value and more, where the print ends with it: the more is no print.
        votes.setdefault(reading.value, []).extend(votes.pop(other))
    for other in [v for v in votes if len(v) > len(reading.value) and v.startswith(
            reading.value) and next_word_is(side.page.words, box, v[len(reading.value):])]:
        # The value and the page's next word, run on over the space the page saw.
        votes.setdefault(reading.value, []).extend(votes.pop(other))
    for other in [v for v in votes if glyphs.sevens_read_as_ones(
            side.ocr_image, reading.box, reading.value, v) or glyphs.o_zero_settled(
            side.ocr_image, reading.box, reading.value, v, fits) or glyphs.one_letters_settled(
            side.ocr_image, reading.box, reading.value, v) or glyphs.extra_one_settled(
            side.ocr_image, reading.box, reading.value, v) or glyphs.q_settled(
            side.ocr_image, reading.box, reading.value, v) or glyphs.q_unsettled(
            side.ocr_image, reading.box, reading.value, v)]:
        votes.setdefault(reading.value, []).extend(votes.pop(other))
    for other in [v for v in votes if glyphs.glyph_lost(
            side.ocr_image, box, reading.value, v) or glyphs.glyph_added(
            side.ocr_image, replace(box, left=min(box.left, *(b.left for _, b in votes[v])),
                                    right=max(box.right, *(b.right for _, b in votes[v]))),
            reading.value, v)]:
        del votes[other]  # a glyph of the print lost, or one made up: no other value
    return votes


def format_settled(rule: FieldRule, read: str, value: str) -> bool:
    """True when ``read``, which breaks ``rule``'s format, is ``value`` once the format's
    one repair of look-alikes is made (:func:`pipeline.fields.repair`: a letter O where the
    format takes only a digit, ``NESO00099999`` of ``NES000099999``): the glyphs read are
    the value's, and the format, not the reading, settles the look-alike. Closer reads
    keep the page's habit there (a round 0 after capitals read O), so only the format can
    count them for the value; a repair to another value, or to several, is no vote."""
    return read != value and not fields.fits_pattern(rule, read) and (
        fields.repair(rule, read) == value)


SUFFIX_MARGIN = 0.25
"""Share of the ID's height left clear before its suffix's box when the ID is read
again: OCR's boxes overlap the print by a few pixels."""


def suffix_start(found: Interpretation, member: FieldReading) -> float | None:
    """Where (card frame x, pixels) the member ID's suffix starts when it is printed on
    the ID's row right after it (``441124265133 01``), else None: a closer look at the ID
    stops there, or it reads the two as one."""
    suffix = found.fields.get("member_id_suffix")
    if suffix is None or suffix.side != member.side:
        return None
    a, b = member.box, suffix.box
    same_row = abs((a.top + a.bottom) - (b.top + b.bottom)) <= max(a.height, b.height)
    return b.left if same_row and b.left > a.left else None


def dissent(votes: reread.Votes, reading: FieldReading) -> bool:
    """True when closer readings contradict ``reading``: two agree on another value
    (:func:`pipeline.reread.rival`), or, below ``CONTRADICT_BELOW``, one of the same length
    gives another value (VQF read VOF twice and VQF once: the page's VOF was wrong; even
    against three readings of the value: ``FA5137973`` read ``FAS137973`` three times and
    right once, a fresh range's card)."""
    return reread.rival(votes, reading.value) or (
        reading.confidence < CONTRADICT_BELOW and any(
            v != reading.value and len(v) == len(reading.value) for v in votes))


MARKED_CONFIDENCE = 0.45
"""Top confidence of a member ID or group that an explainer mark (painted out before OCR,
:func:`pipeline.enhance.painted_marks`) touches: the pen hid part of the print, and what
the reading made of it is a guess (an arrow's tip read as a 5, a circle's stroke cutting
off the last digit). Under the review thresholds."""
MARK_TOUCH_PX = 25
"""Painted pixels inside a value's box from which a mark touches it (a circle or frame
drawn round a value passes outside its box, or grazes a corner). On the dev range's 95
readable marked cards: 3 of the 4 silently wrong values touched, 8 right ones (a padded
box or fewer pixels flagged more right values and no more wrong ones)."""


def marked_values(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings which an explainer mark touches, made uncertain
    (``MARKED_CONFIDENCE``): the reviewer is told which values to check. A frame or circle
    drawn round the value (its painted pixels enclose the value's box) does not count: it
    grazes the print rather than covering it. On the dev range's marked cards, the values
    only enclosing marks touched were all read right (14), while arrows' heads and discs
    hid digits (a 9 read 5)."""
    by_side = {s.side: s for s in sides}
    masks: dict[Side, Image | None] = {}
    out: dict[str, FieldReading] = {}
    for name in reread.VALUE_FIELDS:
        reading = found.fields.get(name)
        if reading is None or reading.confidence <= MARKED_CONFIDENCE:
            continue
        if reading.side not in masks:
            masks[reading.side] = enhance.painted_marks(by_side[reading.side].card.pixels)[1]
        mask = masks[reading.side]
        if mask is not None and enhance.mark_covers(mask, reading.box, MARK_TOUCH_PX):
            out[name] = replace(reading, confidence=MARKED_CONFIDENCE)
    return out


SPECK_HEIGHT = 0.4
"""Height, a share of a value's, under which a word the page read beside it is a speck's
reading (a ``+`` at the foot of a glyph it could not read), no reading of a glyph there."""
FADED_STROKES = frozenset({"/", "\\", "|", "!", "(", ")", "[", "]", "{", "}"})
"""What the page makes of a glyph faded to its stem: nothing else it reads right after a
value (a suffix set close, an explainer arrow's ``<--``) is a lost end."""


def undoubted_values(
    found: Interpretation, sides: Sequence[SideRead]
) -> Iterator[tuple[str, FieldReading, SideRead]]:
    """The member ID and group readings above ``UNCONFIRMED_CONFIDENCE`` (not doubted
    yet), each with its name and the side it was read on."""
    by_side = {s.side: s for s in sides}
    for name in reread.VALUE_FIELDS:
        reading = found.fields.get(name)
        if reading is not None and reading.confidence > UNCONFIRMED_CONFIDENCE:
            yield name, reading, by_side[reading.side]


CLOSE_SUFFIX_CHARS = 2
"""Most letters and digits of a word read just after a value, closer than a word space,
that may be a suffix set close (``01``) or a mark (``>``) rather than the value's end."""


def end_unread(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings whose print goes on right after their box, closer
    than a word space (:func:`pipeline.glyphs.glyph_after`), where the page read nothing
    or a lone stroke (``FADED_STROKES``: ``W89267407`` ``/`` of ``W892674077``, its last 7
    faded) or a speck's word (under ``SPECK_HEIGHT`` of the value's height: 9494's 0332,
    ``W4283814`` read ``W42838`` and a ``+`` 2 px tall under its 1, in a glare), or a word
    of more than ``CLOSE_SUFFIX_CHARS`` letters and digits that opens with one (9797's
    0266: ``36548`` read again under a lost ``Group #`` label, ``6MO3B`` of ``365486MQ3B``
    read apart; not a bracket's ``(20226746)``, the value printed again), made
    uncertain (``UNCONFIRMED_CONFIDENCE``): a glyph OCR could not read, or read apart, may
    be the value's end, which closer reads of faded or shadowed print lose alike. A suffix
    set close or an arrow's head, read as a word of its own, is not doubted; a short word
    the page read on into more print closer than a word space (:func:`read_on_after`) is
    no suffix (12020's 0263: ``786`` ``8`` ``6685`` of the group ``78686685``)."""
    out: dict[str, FieldReading] = {}
    for name, reading, side in undoubted_values(found, sides):
        span = glyphs.glyph_after(side.ocr_image, reading.box)
        if span is None or any(
                min(w.box.right, span[1]) > max(w.box.left, span[0])
                and fields.clean_value(w.text) != reading.value
                and min(w.box.bottom, reading.box.bottom) > max(w.box.top, reading.box.top)
                and w.box.height >= SPECK_HEIGHT * reading.box.height
                and (sum(c.isalnum() for c in w.text) <= CLOSE_SUFFIX_CHARS
                     or not w.text[:1].isalnum())
                and not read_on_after(side.page.words, w, reading.box)
                and w.text.strip(".,") not in FADED_STROKES for w in side.page.words):
            continue
        out[name] = replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
    return out


READ_ON_GAP = 0.25
"""Widest gap (value heights) between two words read on a row for the second to run on
from the first: letter spacing, under a word space."""


def read_on_after(words: Sequence[OcrWord], word: OcrWord, row: Box) -> bool:
    """True when the page read a word of letters or digits starting right after ``word``
    (under ``READ_ON_GAP`` of ``row``'s height on, card frame) on ``row``."""
    return any(
        v is not word and -1 <= v.box.left - word.box.right < READ_ON_GAP * row.height
        and min(v.box.bottom, row.bottom) > max(v.box.top, row.top)
        and any(c.isalnum() for c in v.text) for v in words)


def end_overlapped(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings whose box's right edge another word the page read
    straddles (starting inside the box, ending past it, on its row; letters or digits in
    it), made uncertain (``UNCONFIRMED_CONFIDENCE``): the page read the value's last glyph
    twice, once in the value's box and once apart, and the value's text may have lost it
    (4545's 0331: ``U7656255`` boxed over all of ``U76562551``, and ``1`` read apart over
    its end; 6868's 0048: ``7926999`` boxed over ``79269991``, its ``1`` read ``|``
    apart, a lone stroke as ``FADED_STROKES``). The word starts in the value's last glyph
    (its box's width over its characters): one starting further left is another reading
    of the value's print (a closer read's box, ``JHO0099`` over ``JH0099``). A word read
    after a value starts past its box: a suffix, a mark. Nor the value's own last word
    (``YFV`` ``ZS0526889``, joined, boxed as its first word), nor another field's (the
    ID's suffix ``01``, which condensed print's ID box runs into)."""
    out: dict[str, FieldReading] = {}
    for name, reading, side in undoubted_values(found, sides):
        box = reading.box
        last_glyph = box.right - box.width / max(len(reading.value), 1)
        others = [r.box for n, r in found.fields.items() if n != name and r.side == side.side]
        if any(last_glyph <= w.box.left < box.right - 1 < w.box.right
               and min(w.box.bottom, box.bottom) - max(w.box.top, box.top) > box.height / 2
               and (any(c.isalnum() for c in w.text) or w.text.strip(".,") in FADED_STROKES)
               and (not (text := fields.clean_value(w.text))
                    or not reading.value.endswith(text))
               and not any(fields.overlap_share(w.box, b) > 0.5 for b in others)
               for w in side.page.words):
            out[name] = replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
    return out


def ends_faded(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings with faint print just before or after them,
    closer than a word space, that the page read as no word (:func:`pipeline.glyphs.
    faint_glyph_beside`, on the card's grey levels with explainer marks painted out:
    enhancement flattens a glare's veil to paper), made uncertain
    (``UNCONFIRMED_CONFIDENCE``): the value's start or end may be under the glare (range
    7777's 0091: ``66FL3400220`` of ``62766FL3400220``, its ``627`` veiled)."""
    out: dict[str, FieldReading] = {}
    for name, reading, side in undoubted_values(found, sides):
        # The card before enhancement, but with explainer marks painted out (a circle's
        # arc beside a value is no print of it).
        unmarked = enhance.painted_marks(side.card.pixels)[0]
        for before in (True, False):
            span = glyphs.faint_glyph_beside(unmarked, reading.box, before=before)
            if span is not None and not any(
                    min(w.box.right, span[1]) > max(w.box.left, span[0])
                    and min(w.box.bottom, reading.box.bottom) > max(w.box.top, reading.box.top)
                    for w in side.page.words):
                out[name] = replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
    return out


DARK_SHARE = 0.25
"""Most share of the way from a value's darkest print to the paper by which print just
before it may be lifted to be as dark as the value's (11313's 0264: a W at -0.04), not a
lighter label's set close (10909's 0105: the grey ``d`` of ``Group id`` 8 px before a bold
navy ``09183824``, 0.34)."""


def start_unread(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings with print as dark as theirs (``DARK_SHARE``) just
    before their first glyph, closer than a word space
    (:func:`pipeline.glyphs.print_beside`, on the card's grey levels with explainer marks
    painted out), where the page read nothing, a lone stroke (``FADED_STROKES``) or a
    speck's word (under ``SPECK_HEIGHT`` of the value's height), and no word ends just
    before it (:func:`word_ends_before`: a label's ``#``), made uncertain
    (``UNCONFIRMED_CONFIDENCE``): a first glyph that enhancement broke into strokes
    (11313's 0264, a thin typewriter ``W`` of ``W408440846``, read ``y`` 10 px tall and
    dropped by every reading) is the value's own start, which the closer reads lose alike.
    A word the page read there that runs on into the value's print is no other word
    (:func:`start_read_apart`). Faded print there is :func:`ends_faded`'s."""
    out: dict[str, FieldReading] = {}
    for name, reading, side in undoubted_values(found, sides):
        if start_read_apart(side.page.words, reading):
            out[name] = replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
            continue
        unmarked = enhance.painted_marks(side.card.pixels)[0]
        span = glyphs.print_beside(unmarked, reading.box, before=True)
        if span is None or span[2] >= DARK_SHARE or any(
                min(w.box.right, span[1]) > max(w.box.left, span[0])
                and min(w.box.bottom, reading.box.bottom) > max(w.box.top, reading.box.top)
                and w.box.height >= SPECK_HEIGHT * reading.box.height
                and w.text.strip(".,") not in FADED_STROKES for w in side.page.words) or (
                word_ends_before(side.page.words, reading.box, span[0])):
            continue
        out[name] = replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
    return out


LABEL_END_REACH = 1.5
"""Farthest (value heights) a word of letters may end before print just left of a value for
that print to be the word's own end: a label's ``#`` or ``:`` set close (``Id#
1125856103``, ``MEMBER # 0000999999``, ``Group id: 1860895``; 11212's 0240, 0254, 10808's
0145), which OCR boxed short or read as a speck."""


def word_ends_before(words: Sequence[OcrWord], box: Box, left: float) -> bool:
    """True when a word of two characters or more, a letter among them (``\\d#`` of
    ``Id#``), the page read on the row of a value's ``box`` (card frame) ends at or before
    x ``left`` and less than ``LABEL_END_REACH`` of its heights before it."""
    return any(
        w.box.right <= left + 1 and left - w.box.right < LABEL_END_REACH * box.height
        and min(w.box.bottom, box.bottom) > max(w.box.top, box.top)
        and any(c.isalpha() for c in w.text) and len(w.text.strip()) >= 2 for w in words)


MAX_LOST_HEAD = 3
"""Most letters and digits a page word may hold before a value's first two characters for
the value to have lost them (``H`` of ``HYP`` before ``YP8193254531``)."""


def start_read_apart(words: Sequence[OcrWord], reading: FieldReading) -> bool:
    """True when a word the page read (``words``, card pixels) straddles the left edge of
    ``reading``'s box by half a glyph each way on its row (a glyph: the box's width over
    the value's characters), and its text holds the value's first two characters after one
    to ``MAX_LOST_HEAD`` letters or digits, with no punctuation between (no label's
    ``ID:``): the page read one more glyph at the value's start than the reading, which
    another engine split off (11313's 0229: the second engine read ``H`` ``YP``
    ``8193254531`` and the value was taken as ``YP8193254531``; Tesseract read ``HYP``)."""
    box, value = reading.box, reading.value
    half = box.width / max(len(value), 1) / 2
    head = value[:2]
    for w in words:
        if not (w.box.left < box.left - half and box.left + half < w.box.right) or (
                min(w.box.bottom, box.bottom) - max(w.box.top, box.top) < box.height / 2):
            continue
        text = w.text.strip(".,;'\"()[]")
        k = text.find(head) if len(head) == 2 else -1
        # Where the value's start falls in the word, in its characters: there (not a
        # garbled run's same two digits further off, 11212's 0277).
        at = (box.left - w.box.left) / max(w.box.width, 1.0) * len(text)
        if 1 <= k <= MAX_LOST_HEAD and text[:k].isalnum() and abs(k - at) <= 1:
            return True
    return False


def start_left_out(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group read under their labels whose row holds, just before it (within
    ``fields.MAX_WORD_GAP`` heights), a word of letters or digits that starts at the
    label's left edge (within half a label height) while the value starts further right:
    stacked values are printed flush with their labels, so that word is likely the
    value's own start, set apart by a wide font (``BC2`` ``3508464`` of ``BC23508464``
    under ``Recipient ID``; ``8836:`` ``6578`` of ``8836578`` under ``Group #``), and the
    reading made uncertain (``UNCONFIRMED_CONFIDENCE``). Boxes card frame, pixels."""
    out: dict[str, FieldReading] = {}
    for name in reread.VALUE_FIELDS:
        reading = found.fields.get(name)
        if reading is None or not reading.label or (
                reading.confidence <= UNCONFIRMED_CONFIDENCE):
            continue
        side = next(s for s in sides if s.side == reading.side)
        if _start_apart(side.page, found.template, name, reading):
            out[name] = replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
    return out


FLUSH_SLACK = 0.5
"""Most (label heights) a value under its label may start left or right of the label's
left edge and still be printed flush with it (:func:`label_start_lost`)."""
FLUSH_PAIRS = 2
"""Other labels over their values, printed flush, that show a card's stacked pairs align
at the left."""


def label_start_lost(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group read under a label they start well left of (more than
    ``FLUSH_SLACK`` of its height), on a side where ``FLUSH_PAIRS`` other labels stand
    flush over their values: the card aligns its stacked pairs at the left, so that label
    lost its first word to OCR, and may be another field's: one another field's or decoy's
    label ends with (:func:`label_ends_another`; 11616's 0005: ``Rx GRP`` small on a dark
    card read ``GRP``, its ``UMR569`` passed as the group at 0.64; not ``ertificate #``,
    11818's 0106, whatever its lost ``C``). Made uncertain (``UNCONFIRMED_CONFIDENCE``).
    Card frame, pixels. No OCR."""
    out: dict[str, FieldReading] = {}
    for name, reading, side in undoubted_values(found, sides):
        hits = fields.side_labels(side.page, found.template, side.side)
        mine = label_over(hits, reading) if reading.label else None
        if mine is None or reading.box.left >= mine.box.left - FLUSH_SLACK * mine.box.height or (
                not label_ends_another(found.template, name, reading.label)):
            continue
        flush = sum(
            1 for other in found.fields.values()
            if other is not reading and other.side == reading.side and other.label
            and (hit := label_over(hits, other)) is not None
            and abs(other.box.left - hit.box.left) <= FLUSH_SLACK * hit.box.height)
        if flush >= FLUSH_PAIRS:
            out[name] = replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
    return out


def label_ends_another(template: Template, name: str, label: str) -> bool:
    """True when a label of another of ``template``'s fields or decoys ends with the words
    of ``label`` (field ``name``'s, as read) after words of its own (``Rx GRP`` of ``GRP``,
    ``Rx ID`` of ``ID``): its first words lost, the label may be that one."""
    words = label.upper().split()
    tail = fields.normalize_label(label)
    others = [r.labels for r in template.fields.values() if r.name != name] + [
        d.labels for d in template.distractors]
    return bool(tail) and any(
        len(text.split()) > len(words)
        and fields.normalize_label(" ".join(text.split()[-len(words):])) == tail
        for labels in others for text in labels)


def label_over(hits: Sequence[fields.LabelHit], value: FieldReading) -> fields.LabelHit | None:
    """The label hit (``hits``, one side's) of ``value``'s field and label text standing
    over it (ending above its middle, a box grown up by a tall glyph allowed; overlapping
    it across; under ``fields.MAX_BELOW_GAP`` label heights up), else None."""
    b = value.box
    return next((h for h in hits if h.label == value.label and isinstance(h.rule, FieldRule)
                 and h.rule.name == value.name and h.box.bottom <= b.cy
                 and b.top - h.box.bottom < fields.MAX_BELOW_GAP * h.box.height
                 and min(h.box.right, b.right) > max(h.box.left, b.left)), None)


PREFIX_GAP = 1.5
"""Widest gap (the ID's heights) between a prefix printed apart and its member ID's
number (:func:`prefix_left_out`); columns stand further apart."""


_MISREAD_CLOSERS = ")]}|"
"""What OCR makes of a letter ending a word with a bar or a hook (``J``, ``I``): a closing
bracket or a bar (``RC)`` of ``RCJ``, 12727's 0031)."""


def prefix_left_out(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID whose row holds, just before it (under ``PREFIX_GAP`` of its height,
    no word between), a word shaped as a prefix printed apart (two to four capitals,
    :data:`pipeline.fields.PREFIX`) that is no label's word, where prefix and ID together
    fit the ID's format: made uncertain (``UNCONFIRMED_CONFIDENCE``), the prefix may be
    the ID's own (12020's 0131: ``DY`` ``07818467`` under ``Member ID``, whose
    ``Member`` OCR lost, so the value under ``ID`` was taken without it), its last letter
    maybe misread as a bracket or a bar (:data:`_MISREAD_CLOSERS`: ``RC)`` ``57140590``,
    12727's 0031, read at 0). Card frame."""
    member = found.fields.get("member_id")
    rule = found.template.fields.get("member_id")
    if member is None or rule is None or member.confidence <= UNCONFIRMED_CONFIDENCE:
        return {}
    side = next(s for s in sides if s.side == member.side)
    words, b = side.page.words, member.box
    labels = {i for h in fields.side_labels(side.page, found.template, side.side)
              for i in h.indices}
    row = [(i, w) for i, w in enumerate(words)
           if min(w.box.bottom, b.bottom) - max(w.box.top, b.top) >= 0.5 * b.height]
    before = [(i, w) for i, w in row if w.box.right <= b.left + 1]
    if not before:
        return {}
    i, word = max(before, key=lambda iw: iw[1].box.right)
    # A closing bracket or bar ending it is a letter misread (``RC)`` of ``RCJ``).
    prefix = fields.fold_case(word.text.strip().rstrip(_MISREAD_CLOSERS))
    if i in labels or b.left - word.box.right >= PREFIX_GAP * b.height or (
            fields.PREFIX.fullmatch(prefix) is None) or member.value.startswith(prefix) or (
            not fields.fits_pattern(rule, prefix + member.value)):
        return {}
    return {"member_id": replace(member, confidence=UNCONFIRMED_CONFIDENCE)}


def _start_apart(page: OcrPage, template: Template, name: str, reading: FieldReading) -> bool:
    """True when a word of letters or digits (a stop after it allowed: ``8836:``) starts
    at the left edge of ``reading``'s label over it and ends within
    ``fields.MAX_WORD_GAP`` label heights before the value, which starts further right
    (:func:`start_left_out`)."""
    v = reading.box
    for hit in fields.label_hits(page, template, reading.side, name):
        h = max(hit.box.height, 1.0)
        if hit.label != reading.label or v.cy <= hit.box.bottom or (
                v.left - hit.box.left <= 0.5 * h):
            continue
        if any(abs(w.box.left - hit.box.left) <= 0.5 * h and w.box.right <= v.left
               and v.left - w.box.right <= fields.MAX_WORD_GAP * h
               and min(w.box.bottom, v.bottom) - max(w.box.top, v.top) >= 0.5 * min(
                   w.box.height, v.height)
               and re.fullmatch(r"[A-Za-z0-9]+[.:,]?", w.text.strip()) is not None
               for w in page.words):
            return True
    return False


JOINED_SHIFT = 1.5
"""Label heights by which a value read under its label starts left of the label's left
edge from which its word may hold print of the column before it (stacked values start
at their label's edge, within a fraction of a height)."""
JOINED_GAP = 1.0
"""Greatest gap (label heights) between the word before such a value on its row and the
value, for the two to have been one run of print to OCR (columns' values sit 3 and more
apart)."""
JOINED_CONFIDENCE = 0.45
"""Top confidence of a member ID or group joined to the column before it
(:func:`joined_values`): under the review bars."""


def joined_values(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine
) -> dict[str, FieldReading]:
    """The member ID and group readings whose word OCR may have joined to print of the
    column before it, made uncertain (``JOINED_CONFIDENCE``): a value read under its label
    that starts well left of the label (``JOINED_SHIFT``) right after another word of its
    row (``JOINED_GAP``), and the reading that word belongs to. An arrow drawn from one
    column's value to the next carried the ID's last digit into the group's word
    (``CPU991542099`` and ``98503745`` for ``CPU9915420999`` and ``8503745``); closer
    reads of either box repeat the split, so the two are read again split at the label's
    edge (:func:`split_joined`). Boxes card frame, pixels."""
    by_side = {s.side: s for s in sides}
    out: dict[str, FieldReading] = {}
    for name in reread.VALUE_FIELDS:
        reading = found.fields.get(name)
        if reading is None or not reading.label or name in out:
            continue
        page, b = by_side[reading.side].page, reading.box
        over = [h.box for h in fields.label_hits(page, found.template, reading.side, name)
                if h.box.bottom <= b.top + 0.5 * h.box.height
                and min(h.box.right, b.right) > max(h.box.left, b.left)]
        if not over:
            continue
        label = max(over, key=lambda x: x.bottom)
        h = max(label.height, 1.0)
        if b.left >= label.left - JOINED_SHIFT * h:
            continue
        before = [w.box for w in page.words if re.search("[A-Za-z0-9]", w.text)
                  and w.box.right <= b.left + 0.2 * h and b.left - w.box.right <= JOINED_GAP * h
                  and min(w.box.bottom, b.bottom) - max(w.box.top, b.top)
                  >= 0.5 * min(w.box.height, b.height)]
        if not before:
            continue
        joined = [r for n in reread.VALUE_FIELDS if n != name
                  and (r := found.fields.get(n)) is not None and r.side == reading.side
                  and any(fields.overlap_share(x, r.box) > 0.5 for x in before)]
        readings = {r.name: r for r in (reading, *joined)}
        if len(joined) == 1:
            readings.update(split_joined(by_side[reading.side], found.template, reading,
                                         joined[0], label, engine))
        out.update({n: replace(r, confidence=min(r.confidence, JOINED_CONFIDENCE))
                    for n, r in readings.items()})
    return out


def split_joined(
    side: SideRead, template: Template, reading: FieldReading, before: FieldReading,
    label: Box, engine: OcrEngine,
) -> dict[str, FieldReading]:
    """``reading`` (whose word took in print of ``before``, the value left of it on its
    row: :func:`joined_values`) and ``before``, read again apart at the left edge of
    ``reading``'s ``label`` (less ``SUFFIX_MARGIN``), when closer reads agree on a value of
    each (:func:`pipeline.reread.find_value`) that moves characters from the start of
    ``reading`` to the end of ``before`` and nothing else (``98503745`` and
    ``CPU991542099`` to ``8503745`` and ``CPU9915420999``); empty otherwise."""
    rule, before_rule = template.fields.get(reading.name), template.fields.get(before.name)
    if rule is None or before_rule is None:
        return {}
    edge = label.left - SUFFIX_MARGIN * label.height

    def read(rule: FieldRule, region: Box) -> tuple[str, Box, float] | None:
        return reread.find_value(side.ocr_image, region, partial(fields.fits_pattern, rule),
                                 engine, whitelist=rule.chars or reread.ID_WHITELIST,
                                 text_px=VERIFY_TEXT_PX)

    own = read(rule, replace(reading.box, left=edge))
    if own is None or own[0] == reading.value or not reading.value.endswith(own[0]):
        return {}
    carried = reading.value[:-len(own[0])]
    got = read(before_rule, replace(before.box, right=edge))
    if got is None or got[0] != before.value + carried:
        return {}
    return {reading.name: replace(reading, value=own[0], box=own[1]),
            before.name: replace(before, value=got[0], box=before.box.union(got[1]))}


SUFFIX_DIGITS = 2
"""Digits of a member ID's suffix (the member's number on the subscriber's contract)."""


def suffix_held(
    found: Interpretation, sides: Sequence[SideRead]
) -> tuple[FieldReading, SideRead] | None:
    """The member ID and its side when no suffix was read apart and the ID ends in
    ``SUFFIX_DIGITS`` digits it fits its format without: a suffix it may hold."""
    member = found.fields.get("member_id")
    rule = found.template.fields.get("member_id")
    n = SUFFIX_DIGITS
    if member is None or rule is None or "member_id_suffix" in found.fields or not (
            member.value[-n:].isdigit()) or not fields.fits_pattern(rule, member.value[:-n]):
        return None
    return member, next(s for s in sides if s.side == member.side)


def suffix_spaced(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and its suffix apart, when OCR read the two as one word though the
    print leaves a word space before the last two digits
    (:func:`pipeline.glyphs.space_before_last`: ``30703322099`` for ``307033220 99``) and
    the ID without them still fits its format; empty otherwise. No OCR."""
    n = SUFFIX_DIGITS
    if (held := suffix_held(found, sides)) is None:
        return {}
    member, side = held
    if not glyphs.space_before_last(side.ocr_image, member.box, member.value, n):
        return {}
    b = member.box
    cut = b.left + b.width * (len(member.value) - n) / len(member.value)
    return {"member_id": replace(member, value=member.value[:-n], box=replace(b, right=cut)),
            "member_id_suffix": replace(member, name="member_id_suffix",
                                        value=member.value[-n:], box=replace(b, left=cut))}


def suffix_read_in(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID made uncertain (``UNCONFIRMED_CONFIDENCE`` at most; a doubt no later
    reading clears) when it ends in two digits the page read as a word of their own after
    the rest (marks after them aside: ``01"``), the ID without them fits its format too,
    and the print's spacing tells neither a word space before them
    (:func:`pipeline.glyphs.space_before_last`: :func:`suffix_spaced` parts those) nor
    letter spacing (:func:`pipeline.glyphs.no_space_before_last`): a suffix set close, or
    the ID's end, which closer reads and the second engine join alike (12121's 0038:
    UMR's ``961872555`` ``01`` in a dashed frame, passed as ``96187255501``); or, read as
    one word, when the print steps wider than its pitch before them
    (:func:`pipeline.glyphs.step_before_last`, :data:`pipeline.glyphs.LETTER_PITCH`) with
    no word space there: a suffix's space narrowed by blur (14949's 0165: Aetna's
    ``W371681511 01`` passed as ``W37168151101`` at 0.87). Card frame, pixels. No OCR."""
    n = SUFFIX_DIGITS
    if (held := suffix_held(found, sides)) is None:
        return {}
    member, side = held
    inside = sorted((w for w in side.page.words
                     if fields.overlap_share(w.box, member.box) > 0.5), key=lambda w: w.box.left)
    texts = [t for w in inside if (t := "".join(c for c in w.text if c.isalnum()))]
    read_apart = len(texts) >= 2 and texts[-1] == member.value[-n:] and (
        "".join(texts[:-1]) == member.value[:-n])
    image, b, v = side.ocr_image, member.box, member.value
    excess = glyphs.step_before_last(image, b, v, n)
    widened = excess is not None and excess >= glyphs.LETTER_PITCH
    if not (read_apart or widened) or glyphs.space_before_last(image, b, v, n) or (
            not widened and glyphs.no_space_before_last(image, b, v, n)):
        return {}
    return {"member_id": replace(member, confidence=min(member.confidence,
                                                        UNCONFIRMED_CONFIDENCE))}


def second_reading_suffixes(
    found: Interpretation, settled: Mapping[str, FieldReading], sides: Sequence[SideRead]
) -> dict[str, FieldReading]:
    """The second engine's readings (``settled``, over ``found``'s) of a member ID with a
    suffix read on, as its words join what a narrow space parts: the suffix parted where
    the print leaves a word space before it (:func:`suffix_spaced`), and a taken ID doubted
    where the print steps wider than its pitch there (:func:`suffix_read_in`: 15050's 0264,
    Aetna's ``W421449323 99`` which Tesseract read without its suffix and the second engine
    as ``W42144932399``, passed at 0.70). No OCR."""
    out = suffix_spaced(replace_readings(found, settled), sides)
    out.update({n: r for n, r in suffix_read_in(
        replace_readings(found, {**settled, **out}), sides).items() if n in settled})
    return out


SUFFIX_UNSPACED_CONFIDENCE = 0.45
"""Top confidence of a member ID whose suffix, read as a word of its own right after it,
follows its last glyph at letter spacing (review): the two digits may be the ID's end."""


def suffix_unspaced(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID capped (:data:`SUFFIX_UNSPACED_CONFIDENCE`) when the suffix taken after
    it on its row is printed with no word space before it
    (:func:`pipeline.glyphs.no_space_before_last` over both boxes): OCR split the ID's last
    digits into a word of their own (``XH99372991`` ``78``); empty otherwise. No OCR."""
    member = found.fields.get("member_id")
    suffix = found.fields.get("member_id_suffix")
    if member is None or suffix is None or member.confidence <= SUFFIX_UNSPACED_CONFIDENCE or (
            suffix_start(found, member) is None):
        return {}
    side = next(s for s in sides if s.side == member.side)
    value = member.value + suffix.value
    if not glyphs.no_space_before_last(side.ocr_image, member.box.union(suffix.box), value,
                                       len(suffix.value)):
        return {}
    return {"member_id": replace(member, confidence=SUFFIX_UNSPACED_CONFIDENCE)}


BARE_ID_CONFIDENCE = 0.45
"""Top confidence of a member ID read under a bare ``ID`` label while its side shows a
fuller member-ID label too (review)."""


def _label_letters(label: str) -> str:
    """The letters of a label, lower case (``ID #:`` -> ``id``)."""
    return re.sub(r"[^a-z]", "", label.lower())


def bare_id_beside_full(
    found: Interpretation, sides: Sequence[SideRead]
) -> dict[str, FieldReading]:
    """The member ID capped (:data:`BARE_ID_CONFIDENCE`) when it was read under a bare
    ``ID`` label and its side also shows a fuller member-ID label (``Member ID #:``): a bare
    ``ID`` is what is left of another ID's label when OCR loses its first word (``Rx ID``
    in a shadow, 3333's 0368: the Rx ID ``92127536000`` taken over the member's
    ``921275360``), and nothing says which of the two values is the member's. No OCR."""
    member = found.fields.get("member_id")
    if member is None or member.confidence <= BARE_ID_CONFIDENCE or (
            _label_letters(member.label) != "id"):
        return {}
    page = next(s.page for s in sides if s.side == member.side)
    hits = fields.label_hits(page, found.template, member.side, "member_id")
    if not any(_label_letters(h.label) != "id" and "id" in _label_letters(h.label)
               for h in hits):
        return {}
    return {"member_id": replace(member, confidence=BARE_ID_CONFIDENCE)}


GLYPH_CONTRADICTED_CONFIDENCE = 0.3
"""Confidence of a reading whose O or 0 (or 1, I or T) the glyph's shape contradicts
(review)."""


GROUP_IS_MEMBER_CONFIDENCE = 0.45
"""Top confidence of a group number whose value is the member ID's (review): a card's
only group reading took the ID printed again (an Rx ID) or the ID took the group's."""
COPY_DISAGREES_CONFIDENCE = 0.45
"""Confidence of a member ID that the card's Rx ID repeats but for one character: one of
the two copies is misread, and nothing says which (review)."""


_LETTER_PREFIX = re.compile(r"[A-Z]{2,4}(?=\d)")
"""A member ID's prefix of letters, before its digits (``KOE`` of ``KOE104670697``)."""
PREFIX_SCALES = (2.0, 3.0, 4.0)
"""Enlargements at which a doubtful member ID's letter prefix is read again, letters only."""


def prefix_reread(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine, bar: float
) -> dict[str, FieldReading]:
    """The member ID under its review ``bar`` with one letter of its prefix put right, when
    the prefix alone (cut at the space between the ink of its last letter and the first
    digit, :func:`pipeline.glyphs.ink_columns`), read at each of :data:`PREFIX_SCALES` with
    only capital letters allowed, is the same prefix every time, one letter off the
    reading (``XOE`` three times for ``KOE104670697``; not one round letter for another,
    :data:`ROUND_LETTERS`: closer reads lose a Q's tail, holdout 0144's QLW read OLW at
    every scale, and :func:`pipeline.glyphs.q_corrected` judges those), and the value then
    fits its format. Still uncertain: a person
    looks. Three small OCR calls, on doubtful IDs only."""
    member, rule = found.fields.get("member_id"), found.template.fields.get("member_id")
    if member is None or rule is None or member.confidence >= bar:
        return {}
    if (match := _LETTER_PREFIX.match(member.value)) is None:
        return {}
    prefix, k = match.group(), match.end()
    side = next(s for s in sides if s.side == member.side)
    columns = glyphs.ink_columns(side.ocr_image, member.box)
    if len(columns) <= k:
        return {}
    box = Box(member.box.left, member.box.top, (columns[k - 1][1] + columns[k][0]) / 2,
              member.box.bottom)
    reads = set()
    for scale in PREFIX_SCALES:
        crop = reread.enlarged_crop(side.ocr_image, box, scale, reread.VARIANT_BORDER)
        if crop is None:
            return {}
        page = engine.recognize(crop, psm=PSM_SINGLE_LINE, whitelist=string.ascii_uppercase)
        reads.add("".join(w.text for w in page.words))
    if len(reads) != 1:
        return {}
    got = reads.pop()
    diff = [(a, b) for a, b in zip(got, prefix, strict=True) if a != b] if len(got) == k else []
    if len(diff) != 1 or set(diff[0]) <= ROUND_LETTERS:
        return {}
    fixed = got + member.value[k:]
    if not fields.fits_pattern(rule, fixed):
        return {}
    return {"member_id": replace(member, value=fixed)}


def rx_id_run_on(
    words: Sequence[OcrWord], rx: FieldReading, member_id: str
) -> FieldReading | None:
    """``rx`` (the card's Rx ID) joined to the page's next word on its row, when the page
    split one printed code in two (a kerned ``1 7``: 11717's 0012, ``QVR881`` ``726390``
    of ``QVR881726390``) and only the two together are the member ID printed again, or it
    but for one character (with or without a two-digit person code): what follows a
    code closer than a text height is its own print if it completes the member ID's copy.
    The join's box is both words' (card frame); None when nothing joins."""
    if _copy_distance(rx.value, member_id) <= 1:
        return None
    b = rx.box
    after = [w for w in words if 0 <= w.box.left - b.right < b.height
             and min(w.box.bottom, b.bottom) - max(w.box.top, b.top)
             >= 0.5 * min(w.box.height, b.height)]
    if not after:
        return None
    nearest = min(after, key=lambda w: w.box.left)
    text = fields.clean_value(nearest.text)
    if not text.isalnum() or _copy_distance(rx.value + text, member_id) > 1:
        return None
    return replace(rx, value=rx.value + text, box=b.union(nearest.box),
                   confidence=min(rx.confidence, nearest.confidence))


def _copy_distance(copy: str, member_id: str) -> int:
    """Edits between a printed copy of a member ID and the ID, a two-digit person code
    after the copy not counted."""
    plain = Levenshtein.distance(copy, member_id)
    if PERSON_CODE.fullmatch(copy[-2:]) is None:
        return plain
    return min(plain, Levenshtein.distance(copy[:-2], member_id))


def rx_id_joined(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The Rx ID reading the page's next word completes (:func:`rx_id_run_on`), so that
    the copy is compared with the member ID whole. No OCR."""
    member, rx = found.fields.get("member_id"), found.fields.get("rx_id")
    if member is None or rx is None or len(member.value) < RX_ID_AGREE_MIN:
        return {}
    page = next(s.page for s in sides if s.side == rx.side)
    joined = rx_id_run_on(page.words, rx, member.value)
    return {} if joined is None else {"rx_id": joined}


def copy_disagrees(found: Interpretation) -> dict[str, FieldReading]:
    """The member ID made uncertain (:data:`COPY_DISAGREES_CONFIDENCE`) when the Rx ID
    printed on the card is one edit from it (``1855603379`` against
    ``18556033793``: a photocopy lost the member ID's last digit), or prints it before a
    two-digit person code with one or two characters swapped (:func:`copy_swapped`:
    ``AZJ26099683800`` of ``AZT260896838``). An Rx ID that only adds a person code is the
    ID's agreeing copy; so is one whose only difference the member ID's format settles in
    the ID's favour (:func:`format_settled`: the Rx ID ``1UR434857125`` of a Blue plan's
    ``IUR434857125``, whose format takes a letter there). Either copy may be the misread
    one (d5555 0040: the Rx ID's 0 read 6): a right ID is reviewed then."""
    member, rx = found.fields.get("member_id"), found.fields.get("rx_id")
    if member is None or rx is None:
        return {}
    copy = rx.value
    if Levenshtein.distance(member.value, copy) != 1:
        copy = rx.value[:-2]  # the ID printed again before its person code: as long
        if PERSON_CODE.fullmatch(rx.value[-2:]) is None or not copy_swapped(member.value, copy):
            return {}
    rule = found.template.fields.get("member_id")
    if rule is not None and fields.fits_pattern(rule, member.value) and format_settled(
            rule, copy, member.value):
        return {}
    return {"member_id": replace(member, confidence=min(member.confidence,
                                                        COPY_DISAGREES_CONFIDENCE))}


def rx_copy(member_id: str, rx_id: str) -> str:
    """The Rx ID's copy of the member ID: the Rx ID, less its last two characters (a person
    code) where it is longer or shorter than the ID."""
    return rx_id if len(rx_id) == len(member_id) else rx_id[:-2]


def copies_alike(found: Interpretation) -> bool:
    """True when the member ID and the card's Rx ID (the ID again, a person code after it
    aside) differ only where one reads an ``O``/``0`` or ``I``/``1`` the other reads as
    its look-alike (:data:`pipeline.crosscheck.ALIKE`)."""
    member, rx = found.fields.get("member_id"), found.fields.get("rx_id")
    if member is None or rx is None:
        return False
    copy = rx_copy(member.value, rx.value)
    places = glyphs.swapped_places(member.value, copy)
    return bool(places) and all(
        frozenset((member.value[i], copy[i])) in crosscheck.ALIKE for i in places)


COPY_AGREEING = 3
"""Closer readings (of four) of the Rx ID's box that must give the member ID again (or it
and a person code) to settle a copy that disagreed with it (:func:`copy_settled`)."""


def copy_settled(found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine) -> bool:
    """True when the Rx ID that :func:`copy_disagrees` found to differ from the member ID
    is settled in the member ID's favour by evidence of its own: the Rx ID's box read again
    four ways (:func:`pipeline.reread.value_variants`, identifier characters) gives the
    member ID, or it and a person code (:func:`rx_repeats`), ``COPY_AGREEING`` times (the
    page misread the copy: d5555 0040's ``06625711700`` of ``05625711700``); or the two
    differ only in an O for a 0 that the member ID's own print settles
    (:func:`round_glyphs_agree`: its O wider than its zeros, ``TOD764220180`` against the
    Rx ID's ``T0D76422018001``). A misread member ID (``140386905`` of the Rx ID's
    ``740386905``) is read otherwise in its copy: it stays doubted. Card frame, pixels."""
    member, rx = found.fields.get("member_id"), found.fields.get("rx_id")
    if member is None or rx is None:
        return False
    by_side = {s.side: s for s in sides}
    copy = rx_copy(member.value, rx.value)
    if len(copy) == len(member.value) and all(
            a == b or {a, b} == {"O", "0"} for a, b in zip(copy, member.value, strict=True)):
        image = by_side[member.side].ocr_image
        if round_glyphs_agree(copy, member.value, glyphs.round_glyphs(image, member.box, copy)):
            return True
    votes: Counter[str] = Counter()
    for variant in reread.value_variants(by_side[rx.side].ocr_image, rx.box):
        page = engine.recognize(variant, psm=PSM_SINGLE_LINE, whitelist=reread.ID_WHITELIST)
        votes[fields.clean_value("".join(w.text for w in page.words))] += 1
    return sum(n for v, n in votes.items() if rx_repeats(v, member.value)) >= COPY_AGREEING


COPY_MAX_SWAPS = 2
"""Most characters in which a member ID and the Rx ID's copy of it before a person code
may differ and still be one code, one copy misread (a small web image's ``AZT260896838``
of the Rx ID's ``AZJ26099683800``)."""


def copy_swapped(member_id: str, copy: str) -> bool:
    """True when ``copy`` is as long as ``member_id`` (``RX_ID_AGREE_MIN`` characters or
    more) and differs from it in one to ``COPY_MAX_SWAPS`` places."""
    if len(copy) != len(member_id) or len(copy) < RX_ID_AGREE_MIN:
        return False
    return 0 < sum(a != b for a, b in zip(member_id, copy, strict=True)) <= COPY_MAX_SWAPS


def replace_readings(found: Interpretation, readings: Mapping[str, FieldReading]) -> Interpretation:
    """``found`` with some field readings replaced (nothing else re-derived)."""
    return replace(found, fields={**found.fields, **readings}) if readings else found


_DIGITS_AND_O = re.compile(r"(?=(?:O*\d){3})[\dO]*O[\dO]*")
"""A value of digits (three at least) with a letter O among them: ``O7111``."""


def zeros_among_digits(found: Interpretation) -> dict[str, FieldReading]:
    """The member ID and group readings made of digits and the letter O, with each O a
    zero where the format allows: an identifier of digits holds no letter O (OCR reads a
    round zero so, ``o7111``); the glyph check that follows (:func:`check_o_zero`) still
    weighs each zero against the print."""
    out: dict[str, FieldReading] = {}
    for name in reread.VALUE_FIELDS:
        reading = found.fields.get(name)
        rule = found.template.fields.get(name)
        if reading is None or rule is None or not _DIGITS_AND_O.fullmatch(reading.value):
            continue
        fixed = reading.value.replace("O", "0")
        if fields.fits_pattern(rule, fixed):
            out[name] = replace(reading, value=fixed)
    return out


def check_o_zero(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings whose O or 0, at a place their format leaves open,
    the printed glyph's width contradicts (:mod:`pipeline.glyphs`): the other character
    put in its place where the format allows, and made uncertain all the same (the
    reading and the print disagree: a person looks)."""
    return _glyph_checked(found, sides, glyphs.corrected)


def _glyph_doubted(
    found: Interpretation, sides: Sequence[SideRead],
    test: Callable[[Image, Box, str, Callable[[str], bool]], bool],
) -> dict[str, FieldReading]:
    """The member ID and group readings whose print ``test`` (image, box, value, the
    format's test) finds contradicts them: kept, uncertain (:func:`_glyph_checked`)."""
    return _glyph_checked(found, sides, lambda image, box, value, fits: (
        value if test(image, box, value, fits) else None))


def zero_marks_differ(
    found: Interpretation, sides: Sequence[SideRead]
) -> dict[str, FieldReading]:
    """The member ID and group readings holding a 0 the format would take as O, printed
    bare where the value's other zeros carry their font's dot or slash
    (:func:`pipeline.glyphs.unmarked_zero`): kept, uncertain (a person looks)."""
    return _glyph_doubted(found, sides, glyphs.unmarked_zero)


def counters_differ(
    found: Interpretation, sides: Sequence[SideRead]
) -> dict[str, FieldReading]:
    """The member ID and group readings with a character whose glyph has two counters more
    or fewer than it should, where the value's other glyphs show theirs
    (:func:`pipeline.glyphs.holes_contradicted`: fresh 11111's 0042, a clean serif ``3``
    read ``8`` at 0.95): kept, uncertain (a person looks)."""
    return _glyph_doubted(found, sides, lambda image, box, value, _: glyphs.holes_contradicted(
        image, box, value))


def still_bare(found: Interpretation, bare: Mapping[str, FieldReading]) -> set[str]:
    """The fields doubted for good (``bare``: :func:`bare_one_opens`'s,
    :func:`suffix_read_in`'s) that ``found`` still reads as doubted (not a 1 put right to
    an I by the bar's shape since: d5555 0356's ``IQ8210400``, which the second engine may
    then confirm)."""
    return {n for n, r in bare.items()
            if n in found.fields and found.fields[n].value == r.value}


def bare_one_opens(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings opening with a 1 printed as a plain bar where the
    format takes an I (:func:`pipeline.glyphs.bare_leading_one`): kept, uncertain. Both
    engines read a sans I so; the second engine's agreement does not clear it."""
    return _glyph_doubted(found, sides, glyphs.bare_leading_one)


def stroke_touches(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings whose print runs at an end into a stroke wider than
    the characters there (:func:`pipeline.glyphs.stroke_at_end`: an explainer's arrow
    touching the value): kept, uncertain (OCR may have read the stroke as a character)."""
    return _glyph_doubted(found, sides, lambda image, box, value, _: glyphs.stroke_at_end(
        image, box, value))


def stems_differ(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings with a letter that stands on a stem whose glyph
    shows none, where another such letter of the value shows its own
    (:func:`pipeline.glyphs.stem_contradicted`: fresh 12828's 0213, a photocopy's ``T``
    read ``E`` at 0.76): kept, uncertain (a person looks)."""
    return _glyph_doubted(found, sides, lambda image, box, value, _: glyphs.stem_contradicted(
        image, box, value))


def glyph_more_read(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings with more letters and digits than their print has
    glyphs, none wide enough to be two touching (:func:`pipeline.glyphs.glyphs_short`:
    13232's 0094, a clean typewriter ``WI7988473`` read ``W1I7988473`` at 0.62), where
    their box holds all their print (:func:`pipeline.glyphs.print_goes_on`: 12121's 0256,
    ``00099999M`` boxed without its M): kept, uncertain (the second engine may read it
    right)."""
    return _glyph_doubted(found, sides, lambda image, box, value, _: glyphs.glyphs_short(
        image, box, value) and not glyphs.print_goes_on(image, box))


def zeros_alike(
    before: Interpretation, o_checked: Mapping[str, FieldReading], sides: Sequence[SideRead]
) -> dict[str, FieldReading]:
    """The member ID and group readings :func:`check_o_zero` changed (``o_checked``; of the
    readings in ``before``) whose print the value's other zeros settle
    (:func:`round_glyphs_agree`): confident again, at the reading's confidence before the
    check, at most ``GLYPH_CONFIRMED_CONFIDENCE``. A card prints all its zeros alike, so a
    glyph set beside the value's own zeros is surer evidence than one set beside its other
    digits (a 0 in glare measured wide beside 9s, ``O00099999``, its zeros touching)."""
    by_side = {s.side: s for s in sides}
    out: dict[str, FieldReading] = {}
    for name, reading in o_checked.items():
        read = before.fields.get(name)
        if read is None or read.value == reading.value or len(read.value) != len(reading.value):
            continue
        glyph = glyphs.round_glyphs(by_side[reading.side].ocr_image, reading.box, read.value)
        if round_glyphs_agree(read.value, reading.value, glyph):
            out[name] = replace(reading, confidence=min(read.confidence,
                                                        GLYPH_CONFIRMED_CONFIDENCE))
    return out


PIXEL_SLACK = 1
"""Pixels a glyph's ink width may be off by (a column of edge pixels the threshold takes
or leaves): an O's width over the value's zeros must hold with theirs this much wider."""


def round_glyphs_agree(read: str, fixed: str, glyph: Mapping[int, tuple[int, bool]]) -> bool:
    """True when each O or 0 that ``fixed`` (the glyph check's value) puts in place of
    ``read``'s (the OCR's) is settled by the zeros ``read`` holds elsewhere, left as read
    (``glyph``: position to ink width in pixels and dotted counter,
    :func:`pipeline.glyphs.round_glyphs`; one such zero at least): a 0 as narrow as they
    are (at most ``glyphs.NARROW_0`` times the widest) and marked as they are; an O wider
    than each by ``glyphs.WIDE_O`` times with the widest measured ``PIXEL_SLACK`` wider (a
    printed O is 1.2-1.7 times its font's 0 in upright card fonts; a range's ``00099999``
    in Carlito measured its first 0 17 px to its other zeros' 15, a column's edge pixel
    each side: no O), or unmarked where they are all marked
    (``glyphs.MIN_MARKED_ZEROS`` at least, dotted), and among the letters that start the
    value (a prefix's ``VO0160259``; a lone letter among digits, ``00O999``, is no O).

    >>> round_glyphs_agree("020230850", "O20230850", {0: (18, False), 2: (14, False),
    ...                    5: (14, False), 8: (14, False)})
    True
    >>> round_glyphs_agree("000999", "00O999", {0: (11, False), 1: (10, False), 2: (18, False)})
    False
    """
    changed = [i for i, (a, b) in enumerate(zip(read, fixed, strict=True)) if a != b]
    zeros = [v for i, v in glyph.items() if i not in changed and read[i] == fixed[i] == "0"]
    if not changed or not zeros or any(i not in glyph for i in changed):
        return False
    widest = max(w for w, _ in zeros)
    marked = all(d for _, d in zeros)
    for i in changed:
        width, dotted = glyph[i]
        if fixed[i] == "0":
            if dotted != marked or width > glyphs.NARROW_0 * widest:
                return False
        elif fixed[i] != "O" or not fixed[: i + 1].isalpha() or dotted or not (
                width >= glyphs.WIDE_O * (widest + PIXEL_SLACK)
                or (marked and len(zeros) >= glyphs.MIN_MARKED_ZEROS)):
            return False
    return True


UNSETTLED_O_CONFIDENCE = 0.45
"""Top confidence of a group read with a letter O where its format takes a 0 too and the
glyph's width does not say O (under the group's review bar)."""


def group_o_unsettled(
    found: Interpretation, sides: Sequence[SideRead]
) -> dict[str, FieldReading]:
    """The group reading made uncertain (``UNSETTLED_O_CONFIDENCE``) when it holds a letter
    O where its format would take a 0 and the print does not show a letter's width there
    (:func:`pipeline.glyphs.o_zero_evidence`: a 0, undecided, or glyphs touching so no
    width is known): OCR's language model reads a round zero among letters as O
    (``517526RSOK`` of Anthem's ``517526RS0K``, the S and 0 touching), and closer reads
    have the same habit, so only the print can settle it; group numbers rarely hold an O."""
    reading = found.fields.get("group_number")
    rule = found.template.fields.get("group_number")
    if reading is None or rule is None or reading.confidence <= UNSETTLED_O_CONFIDENCE:
        return {}
    fits = partial(fields.fits_pattern, rule)
    value = reading.value
    open_os = [i for i, c in enumerate(value) if c == "O" and fits(value[:i] + "0" + value[i + 1:])]
    if not open_os:
        return {}
    side = next(s for s in sides if s.side == reading.side)
    said = glyphs.o_zero_evidence(side.ocr_image, reading.box, value, fits)
    if all(said.get(i) == "O" for i in open_os):
        return {}
    return {"group_number": replace(reading, confidence=UNSETTLED_O_CONFIDENCE)}


def check_q_tail(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings with an O or 0 whose printed glyph shows a Q's tail
    below the line (:func:`pipeline.glyphs.q_corrected`): a Q put in its place where the
    format allows; or whose print shows a tail the reading has no Q for
    (:func:`pipeline.glyphs.q_tail_doubt`), or a Q with no tail
    (:func:`pipeline.glyphs.q_untailed`): kept. Uncertain either way (the reading and the
    print disagree: a person looks)."""
    def correct(image: Image, box: Box, value: str, fits: Callable[[str], bool]) -> str | None:
        fixed = glyphs.q_corrected(image, box, value, fits)
        if fixed is None and (glyphs.q_tail_doubt(image, box, value, fits)
                              or glyphs.q_untailed(image, box, value, fits)):
            return value
        return fixed

    return _glyph_checked(found, sides, correct)


def check_one_letters(
    found: Interpretation, sides: Sequence[SideRead]
) -> dict[str, FieldReading]:
    """The member ID and group readings with a 1, I or T whose printed shape says another
    of the three (:func:`pipeline.glyphs.one_letters_corrected`): the shape's character put
    in its place where the format allows (else the reading is kept), and made uncertain all
    the same, so a person looks."""
    def correct(image: Image, box: Box, value: str, fits: Callable[[str], bool]) -> str | None:
        fixed = glyphs.one_letters_corrected(image, box, value)
        if fixed is not None and fits(value) and lone_letter_among_digits(value, fixed):
            return None  # the ID's structure outweighs one glyph's shape (09616158303)
        return None if fixed is None else fixed if fits(fixed) else value

    return _glyph_checked(found, sides, correct)


def check_g_six(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member ID and group readings with a G or 6, at a place their format leaves
    open, whose printed glyph's counter says the other one
    (:func:`pipeline.glyphs.g_six_corrected`: a 6's bowl is closed, a G's open): the
    print's character put in its place where the format allows, and made uncertain all
    the same (the reading and the print disagree: a person looks)."""
    return _glyph_checked(found, sides, glyphs.g_six_corrected)


def lone_letter_among_digits(value: str, fixed: str) -> bool:
    """True when ``fixed`` puts a letter where ``value`` has a digit between two digits: an
    identifier is runs of letters and of digits (``09616158303``), and a shape test that
    reads a serif 1 as an I there is wrong rather than the ID. (An MBI's lone letters have
    their places in its format, which the reading then does not fit.) Neighbours as put
    right: two bare bars opening ``115426161587`` beside its flagged 1s are a prefix's
    ``II`` (13737's 0162, both engines' reading), no lone letter."""
    return any(
        a != b and a.isdigit() and b.isalpha() and 0 < i < len(value) - 1
        and fixed[i - 1].isdigit() and fixed[i + 1].isdigit()
        for i, (a, b) in enumerate(zip(value, fixed, strict=True)))


def _glyph_checked(
    found: Interpretation, sides: Sequence[SideRead],
    correct: Callable[[Image, Box, str, Callable[[str], bool]], str | None],
) -> dict[str, FieldReading]:
    """The member ID and group readings that ``correct`` (image, box, value, the format's
    test) finds the print contradicts, with the value it gives, uncertain (a reading less
    sure already keeps its confidence, and takes the print's value all the same)."""
    by_side = {s.side: s for s in sides}
    out: dict[str, FieldReading] = {}
    for name in reread.VALUE_FIELDS:
        reading = found.fields.get(name)
        rule = found.template.fields.get(name)
        if reading is None or rule is None:
            continue
        fixed = correct(by_side[reading.side].ocr_image, reading.box, reading.value,
                        partial(fields.fits_pattern, rule))
        if fixed is not None and (
                fixed != reading.value or reading.confidence > GLYPH_CONTRADICTED_CONFIDENCE):
            out[name] = replace(reading, value=fixed, confidence=min(
                reading.confidence, GLYPH_CONTRADICTED_CONFIDENCE))
    return out


GLYPH_CONFIRMED_CONFIDENCE = 0.7
"""Confidence of a value the 1/I/T or G/6 glyph check put right that two readings at
another scale give too: two independent kinds of evidence against the page's one. Not for O/0:
closer readings prefer 0 among digits whatever the print (a wide suite card's YO4U, put
to Y04U by a width, was read Y04U again: a silent error)."""


def glyph_confirmed(
    fixed: Mapping[str, FieldReading], sides: Sequence[SideRead], engine: OcrEngine
) -> dict[str, FieldReading]:
    """The values the 1/I/T or G/6 glyph check changed (``fixed``; a contradicted reading it
    kept is not among them) that two closer readings at ``reread.REGION_TEXT_PX`` (not the
    verify's scale) give as well: confident again (``GLYPH_CONFIRMED_CONFIDENCE``)."""
    by_side = {s.side: s for s in sides}
    out: dict[str, FieldReading] = {}
    for name, reading in fixed.items():
        side = by_side[reading.side]
        region = reread.verify_region(side.page.words, reading.box, side.ocr_image.shape[1])
        votes = reread.region_votes(side.ocr_image, region, lambda v: True, engine,
                                    expect=reading.value)
        if len(votes.get(reading.value, ())) >= reread.MIN_AGREEING:
            out[name] = replace(reading, confidence=GLYPH_CONFIRMED_CONFIDENCE)
    return out


_TRAILING_MARKS = re.compile(r"[.,]+$")
"""What ends a page's reading but no identifier: ``463996.``'s stop (an arrow's head).
Not a bracket or a bar: those are letters misread (``79461726]`` of ``79461726J``)."""


def reread_values(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine, config: Config
) -> dict[str, FieldReading]:
    """Better readings of the member ID and group where the first was doubtful."""
    by_side = {s.side: s for s in sides}
    minimum = review_bars(config)
    out: dict[str, FieldReading] = {}
    for name in reread.VALUE_FIELDS:
        reading = found.fields.get(name)
        rule = found.template.fields.get(name)
        if rule is None or (reading is not None and reading.confidence >= minimum[name]):
            continue
        better = None
        if reading is not None:
            side = by_side[reading.side]
            # Read the whole run of words the value may be part of: OCR may have cut it short;
            # but not on into a member ID's suffix printed after it (read as one line, the
            # two join: YLC7653399104 99 read YLC765339910499).
            box = fields.run_box(side.page.words, reading.box)
            stop = suffix_start(found, reading) if name == "member_id" else None
            if stop is not None and stop > (box.left + box.right) / 2:
                # Halfway across the space (a blurred suffix's ink reaches into it).
                end = reading.box.right
                stop = (end + stop) / 2 if end < stop else stop - SUFFIX_MARGIN * reading.box.height
                box = replace(box, right=min(box.right, stop))
            else:
                stop = None
            better = reread.reread_value(side.ocr_image, replace(reading, box=box), rule, engine,
                                         stop)
        if better is None:
            taken = {d.value for d in found.distractors} | {
                f.value for n, f in found.fields.items() if n != name}
            # The format's guess at a misread only where the page read nothing: it never
            # confirms a doubtful reading.
            better = search_near_labels(sides, found.template, rule, taken, engine,
                                        repair=reading is None)
        if better is not None and reading is not None and (
                better.value == _TRAILING_MARKS.sub("", reading.value)) and (
                fields.fits_pattern(rule, better.value)):
            # Two ways of reading agree (the page pass, and enlarged single-line reads
            # whose own scores are often 0 for mixed letters and digits); a stop the
            # page read after the value (an arrow's head) is none of it. Agreeing on how
            # the print reads says nothing of whether it is the field: a value that breaks
            # its format (a payer ID's '74227' under a lost 'Payer ID;' read 'ID;') stays
            # in doubt.
            # Not past what the value's weakest word supports (:func:`weak_part`).
            floor = 0.0 if weak_part(by_side[reading.side].page.words, reading) else (
                CONFIRMED_CONFIDENCE)
            # One engine agreeing with itself, from a page reading in doubt: kept under
            # the line reader's bar, so the second engine checks the print (fresh
            # 10606's 0027, motion blur: 'Z60090669' read '260090669' at 0.33, then
            # 0.90 by closer reads).
            better = replace(better, confidence=min(max(
                reading.confidence, better.confidence, floor), SELF_CONFIRMED_CAP))
        if better is not None and reading is not None and end_lost(
                by_side[reading.side].ocr_image, reading, better.value, rule):
            better = replace(better, confidence=min(better.confidence, UNCONFIRMED_CONFIDENCE))
        if better is not None and reading is not None and start_dropped(
                by_side[reading.side].ocr_image, reading, better.value):
            better = replace(better, confidence=min(better.confidence, UNCONFIRMED_CONFIDENCE))
        if better is not None and reading is not None and swapped_characters(
                reading.value, better.value, rule):
            # The page and the closer reads each fit the format and disagree on a
            # character: neither reading is confirmed (6666's 0227: JE4937 blurred, read
            # 0222 on the page and 0202 closer).
            better = replace(better, confidence=min(better.confidence, UNCONFIRMED_CONFIDENCE))
        if better is not None and reading is not None and glyphs.glyph_added(
                by_side[reading.side].ocr_image, reading.box, fields.clean_value(reading.value),
                better.value, misread=1):
            # The closer read holds a character more than the print has glyphs, where the
            # page's reading has one for each (d9393 0254: WZ4175570338 read W2Z…), be the
            # page's wrong in another (9595's 0020): neither is confirmed.
            better = replace(better, confidence=min(better.confidence, UNCONFIRMED_CONFIDENCE))
        if better is not None:
            out[name] = better
    return out


def swapped_characters(page_value: str, closer: str, rule: FieldRule) -> bool:
    """True when a doubtful page reading that fits its format and a closer reading of it
    are as long and differ in some characters: two readings of the print that disagree."""
    value = fields.clean_value(page_value)
    return value != closer and len(value) == len(closer) and fields.fits_pattern(
        rule, value) and fields.fits_pattern(rule, closer)


SELF_CONFIRMED_CAP = 0.89
"""Top confidence of a doubtful page reading that Tesseract's closer reads give again
(:func:`reread_values`): under :data:`pipeline.crosscheck.LINE_CHECK_BELOW`, so that the
second engine, whose errors are not Tesseract's, reads its print too."""
START_DROPPED_MAX = 2
"""Most characters of a page reading's start that a closer read may lack for
:func:`start_dropped`."""


def start_dropped(image: Image, reading: FieldReading, value: str) -> bool:
    """True when a closer read's ``value`` goes on from the page's ``reading`` less its
    first one or two characters (``START_DROPPED_MAX``), while the print in the reading's box
    (card pixels) holds a glyph for each of the page's characters
    (:func:`glyphs.ink_columns`): the closer read lost a start the print shows, whatever
    it read past the page's end (the dev range's 0091: ``46101`` under a ``Plan ID``
    whose ``Plan`` a glare washed out, read closer as ``6101FL4331351``, and passed as
    the member ID). Neither reading is confirmed."""
    page_value = fields.clean_value(reading.value)
    if value.startswith(page_value) or not any(
            len(page_value) - k >= PART_MIN_CHARS + 1 and value.startswith(page_value[k:])
            for k in range(1, START_DROPPED_MAX + 1)):
        return False
    return len(glyphs.ink_columns(image, reading.box)) == sum(c.isalnum() for c in page_value)


def end_lost(image: Image, reading: FieldReading, value: str, rule: FieldRule) -> bool:
    """True when a closer read's ``value`` is the page's ``reading`` short of characters at
    its start or end, while the page's reading fits its format and the print in its box
    (card pixels) holds a glyph for each of its characters (:func:`glyphs.ink_columns`):
    the closer read lost the ends the print shows (3333's 0213: ``319597`` of
    ``71319597``; 10808's 0231, ``775737`` of ``775737-895-23353`` with an arrow against
    its end, :func:`glyphs.glyphs_in`), so it is no better reading."""
    page_value = fields.clean_value(reading.value)
    if not value or len(value) >= len(page_value) or not (
            page_value.endswith(value) or page_value.startswith(value)):
        return False
    count = sum(c.isalnum() for c in page_value)
    return fields.fits_pattern(rule, page_value) and (
        glyphs.glyphs_in(image, reading.box) == count)


NAME_REREAD_BELOW = 0.9
"""Least OCR confidence of a member's name's words under which its line is read again
(:func:`pipeline.reread.reread_name`): a lost or misread part scores lower (``SHI`` of
``HIROSHI`` 0.73, ``II`` after ``TAMIKAG`` 0.85). At 0.93 two thirds of the holdout's
cards paid ~40 ms for it, and those between 0.9 and 0.93 gained nothing."""


def one_letter_other(a: str, b: str) -> bool:
    """True when two names' letters (:func:`pipeline.reread.letters`) are as many and
    differ in one: one letter misread, none lost or added."""
    x, y = reread.letters(a), reread.letters(b)
    return len(x) == len(y) and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def lost_initial(closer: str, page: str) -> bool:
    """True when a closer reading of a name is the page's reading without one of its
    one-letter words (``BETTY ABERNATHY`` of ``BETTY I ABERNATHY``): read as one line, a
    thin initial (an I's bare stroke) is read as nothing."""
    words = page.split()
    return any(len(reread.letters(w)) == 1 and (
        " ".join(words[:k] + words[k + 1:]) == closer) for k, w in enumerate(words))


def read_in_part(page: str, closer: str) -> bool:
    """True when each word of the page's reading of a name (its letters, two or more) is
    part of a word of a longer closer reading, in turn, a word each (``GUADALUPE INGTON``
    of ``GUADALUPE N WASHINGTON III``): the page lost letters, misread none."""
    parts = [reread.letters(w) for w in page.split()]
    if any(len(p) < 2 for p in parts) or not parts:
        return False
    whole = [reread.letters(w) for w in closer.split()]
    if len("".join(whole)) <= len("".join(parts)):
        return False
    k = 0
    for p in parts:
        while k < len(whole) and p not in whole[k]:
            k += 1
        if k == len(whole):
            return False
        k += 1
    return True


COLUMN_ALIGNED = 0.3
"""Farthest a line's left edge is from a column's, in the line's heights, to stand in it."""
COLUMN_REACH = 2.5
"""Farthest (in a name's heights) a column's edge left of a name, or its lines above or
below it, are looked for (:func:`start_lost`)."""


def start_lost(words: Sequence[OcrWord], box: Box) -> bool:
    """True when a name's box (card frame) starts right of a column's left edge, by
    ``COLUMN_ALIGNED`` to ``COLUMN_REACH`` of its heights, that two words of the lines
    over or under it (within ``COLUMN_REACH`` heights) start at, and no such word starts
    at its own left edge: the name's first letters are lost (glare washed ``GU`` out of
    ``GUADALUPE``, a hand's shadow the ``M`` of ``MORALES``), as a name stands in its
    column. Not a name right of a word on its row (a label's value, placed by the label),
    nor where the words over or under it only start near each other (prose): a column's
    lines start within ``COLUMN_ALIGNED / 4`` heights of each other."""
    h = max(box.height, 1.0)
    if any(abs(w.box.cy - box.cy) < h / 2 and 0 <= box.left - w.box.right <= 3 * h
           for w in words):
        return False
    offsets = [(box.left - w.box.left) / h for w in words
               if (0 < box.top - w.box.bottom < COLUMN_REACH * h
                   or 0 < w.box.top - box.bottom < COLUMN_REACH * h)
               and abs(box.left - w.box.left) <= COLUMN_REACH * h]
    if any(abs(x) <= COLUMN_ALIGNED for x in offsets):
        return False
    right = sorted(x for x in offsets if x > COLUMN_ALIGNED)
    return any(b - a <= COLUMN_ALIGNED / 4 for a, b in pairwise(right))


def lone_given_name(name: str) -> bool:
    """True for a name printed surname first with one word after the comma, no suffix
    (``PHAM, CONNORR``, ``WASHINGTON, ADA``): OCR may have glued the middle initial to the
    given name (``CONNOR R``) or lost it (``ADA K``), which no word's shape tells and
    closer readings may (:func:`reread_name`)."""
    head, comma, rest = name.partition(",")
    tokens = rest.split()
    return bool(comma) and len(head.split()) >= 1 and len(tokens) == 1 and (
        re.sub(r"[^A-Z]", "", tokens[0].upper()) not in ("JR", "SR", "II", "III", "IV"))


def lone_letter_end(name: str) -> bool:
    """True for a name ending in a word of one letter: an initial (``PHAM, CONNOR R``),
    or what a closer reading made of a suffix (``STELLAR KOWALCZYK H``)."""
    tokens = name.split()
    return len(tokens) >= 2 and len(reread.letters(tokens[-1])) == 1


def lone_letter_start(name: str) -> bool:
    """True for a name starting with a word of one letter: no name's given name or
    surname is one, but a speck at the line's start read as a letter (``P AARON
    GALLAGHER``)."""
    tokens = name.split()
    return len(tokens) >= 2 and len(reread.letters(tokens[0])) == 1


def lost_stroke(closer: str, page: str) -> bool:
    """True when a closer reading of a name is the page's reading with one ``I`` or ``J``
    left out of a word (``JOHN SMITH I`` of ``JOHN SMITH II``): read as one line, a thin
    letter's bare stroke is read as nothing; no closer reading reads one that is not."""
    a, b = closer.split(), page.split()
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1 and any(
        x != y and any(y[:k] + y[k + 1:] == x for k, c in enumerate(y) if c in "IJ")
        for x, y in zip(a, b, strict=True))


NAME_MOST_READINGS = 3
"""Closer readings (of four) that give a name one letter from a doubtful page reading's
for it to come back as they read it (:func:`reread_name`)."""


@dataclass(frozen=True, slots=True)
class SeenName:
    """A member's name one reading of a card gave (trusted or left out for doubt), with
    how its side stood when read."""

    reading: FieldReading
    """The name as read (box in the card frame of its side's ``ocr_image``)."""
    rotation: int
    """Clockwise rotation (degrees) the side was turned by to read it upright."""
    shape: tuple[int, ...]
    """The shape (pixels) of the side's ``ocr_image``: the frame the box is in."""


def seen_name(found: Interpretation, read: Sequence[SideRead]) -> list[SeenName]:
    """The member's name an interpretation of the sides ``read`` gave, trusted or left out
    for doubt, with its side's rotation and image shape; empty when it gave none."""
    name = found.fields.get("member_name") or found.doubtful_name
    side = next((s for s in read if name is not None and s.side == name.side), None)
    if name is None or side is None:
        return []
    return [SeenName(name, side.card.rotation, tuple(side.ocr_image.shape))]


LOST_NAME_CONFIDENCE = 0.45
"""Most confidence of a name only an earlier reading gave (:func:`name_lost`): under
:data:`pipeline.fields.NAME_MIN_CONFIDENCE`, so it is left out for doubt until closer
readings confirm it (:func:`reread_name`)."""


def name_lost(
    found: Interpretation, sides: Sequence[SideRead], seen: Sequence[SeenName]
) -> FieldReading | None:
    """The member's name the latest earlier reading gave (``seen``, in reading order) when
    the sides as now read give none, neither trusted nor in doubt: a second look read for
    a lost member ID or group (a local threshold, a deblurred image, the whole side again)
    may lose a name the first reading read well (a label's small print). Only a name whose
    side stands as it did then (rotation, image shape: its box is in the same frame), and
    under a label read whole: a label OCR read in part may be two heads run together
    (``Subscriber Name`` and ``Member Name`` read ``So MemberName``), the name under it
    the other column's; an unlabelled name the later reading left out may be one of two
    it read (a dependant's: a fresh range's ``GUADALUPE W O'BRIEN``), so one is taken
    only where no other name stands on its side (:func:`name_alone`). It is judged again
    as any name read (its confidence, the closer read of a doubtful one). None
    otherwise. Only that reading gave it: it comes in doubt (:data:`LOST_NAME_CONFIDENCE`),
    back only as closer readings confirm it (a fresh range's ``YAMAMO OSHI H`` under
    glare, read once, at 0.53)."""
    if "member_name" in found.fields or found.doubtful_name is not None:
        return None
    for earlier in reversed(seen):
        side = next((s for s in sides if s.side == earlier.reading.side), None)
        if side is not None and side.card.rotation == earlier.rotation and tuple(
                side.ocr_image.shape) == earlier.shape:
            if earlier.reading.label_score < 1.0 or not (
                    earlier.reading.label or name_alone(side.page.words, earlier.reading.box)):
                return None
            return replace(earlier.reading, confidence=min(
                earlier.reading.confidence, LOST_NAME_CONFIDENCE))
    return None


def name_alone(words: Sequence[OcrWord], box: Box) -> bool:
    """True when no run of words on a side outside a name's box (card frame) reads as a
    person's name (:func:`pipeline.fields._is_name_run`): no rival, a dependant's or a
    policyholder's, the side's reading may have left the name out for."""
    outside = [i for i, w in enumerate(words)
               if not (box.left <= (w.box.left + w.box.right) / 2 <= box.right
                       and box.top <= w.box.cy <= box.bottom)]
    return not any(fields._is_name_run(words, fields.name_part(words, run))
                   for run in fields.name_rows(words, outside))


def initials_spaced(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """The member's name with an initial parted from the word OCR glued it to, where the
    print leaves a word space there (:func:`pipeline.glyphs.spaced_initial`: ``LARSON,
    NORAN`` of ``LARSON, NORA N``, ``JACOB RLARSON`` of ``JACOB R LARSON``; 10808's 0216,
    11414's 0217). Not the name's first letter, nor in a name that already holds an
    initial, nor where the gap is wider than the row's own word spaces. Empty when nothing
    parts. No OCR."""
    reading = found.fields.get("member_name")
    if reading is None:
        return {}
    tokens = reading.value.split()
    if any(len(t.strip(".,")) == 1 for t in tokens):
        return {}
    side = next(s for s in sides if s.side == reading.side)
    words = sorted((w for w in side.page.words if fields.overlap_share(w.box, reading.box) > 0.5),
                   key=lambda w: (w.line, w.box.left))
    inks = [glyphs.ink_columns(side.ocr_image, w.box) for w in words]
    spaces = [b[0][0] - a[-1][1] for (u, a), (v, b) in pairwise(zip(words, inks, strict=True))
              if u.line == v.line and a and b]
    for k, token in enumerate(tokens):
        letters = token.strip(".,")
        word = next((w for w in words if w.text.strip(".,") == letters), None)
        if word is None:
            continue
        place = glyphs.spaced_initial(side.ocr_image, word.box, letters,
                                      max(spaces, default=math.inf))
        if place is None or (k == 0 and place == 1):
            continue
        parted = token.replace(letters, f"{letters[:place]} {letters[place:]}", 1)
        value = " ".join([*tokens[:k], parted, *tokens[k + 1:]])
        return {"member_name": replace(reading, value=value)}
    return {}


def renamed(found: Interpretation, name: FieldReading | None) -> Interpretation:
    """``found`` with the member's name ``name`` (None: the name it read left out for
    doubt, as :attr:`Interpretation.doubtful_name`), its portal names split again. For the
    rules that settle the name after the card's last interpretation (no review reason
    rests on a name)."""
    named = {n: r for n, r in found.fields.items() if n != "member_name"}
    if name is not None:
        named["member_name"] = name
    return replace(found, fields=named,
                   doubtful_name=found.fields.get("member_name") if name is None else (
                       found.doubtful_name),
                   portal=portal.prefill(found.template, named, found.carrier.name))


def name_respaced(found: Interpretation, sides: Sequence[SideRead]) -> Interpretation:
    """``found`` with the member's name spaced as its print spaces it
    (:func:`pipeline.glyphs.respaced`: a word space OCR read through, ``LEVI FMACDONALD``
    of ``LEVI F MACDONALD``, or one it read in a word, ``R AFAEL``) and two words in
    mixed case it read as one parted (:func:`pipeline.fields.run_together_parted`), its
    portal names split again; ``found`` itself where nothing changes. No OCR."""
    reading = found.fields.get("member_name")
    if reading is None:
        return found
    side = next(s for s in sides if s.side == reading.side)
    parted = fields.run_together_parted(reading.value)
    spaced = glyphs.respaced(side.ocr_image, reading.box, parted) or parted
    if spaced == reading.value or not fields.plausible_name(spaced):
        return found
    return renamed(found, replace(reading, value=spaced))


NAME_CHARS = string.ascii_letters + " '.,-"
"""What a name's closer reading may read (:func:`name_read_on`)."""


def name_read_on(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine
) -> Interpretation:
    """``found`` with the member's name read again whole where its print goes on past the
    end OCR gave it: at letter spacing (:func:`pipeline.glyphs.name_runs_on`: ``BERGSTRO``
    of ``BERGSTROM``, ``Kowa`` of ``Kowalczyk`` in a hand's shadow), or after a word space
    (:func:`pipeline.glyphs.word_after`: ``Sunil Earl`` of ``Sunil Earl Okonkwo``, a
    suffix read ``lil``). Its line to where the print stops is read four ways as one line
    of letters (:func:`line_read_whole`). A name two readings agree on that goes on from
    the one read (:func:`reads_on`; after a space, :func:`words_on`) is taken, at most at
    ``CONFIRMED_CONFIDENCE``; else a name cut in a word is left out for doubt (it is
    someone else's), one a word may follow is kept. ``found`` itself where nothing goes
    on. OCR only then."""
    reading = found.fields.get("member_name")
    rule = found.template.fields.get("member_name")
    if reading is None or rule is None:
        return found
    side = next(s for s in sides if s.side == reading.side)
    cut = glyphs.name_runs_on(side.ocr_image, reading.box, reading.value)
    whole = cut or glyphs.word_after(side.ocr_image, reading.box, reading.value)
    if whole is None:
        return found
    agreed = line_read_whole(side, whole, engine)
    if agreed is not None and cut is None:
        agreed = _STROKES_READ.sub(lambda m: "I" * len(m.group()), agreed)
    goes_on = reads_on if cut is not None else words_on
    if agreed is not None and goes_on(reading.value, agreed) and fields.fits_pattern(
            rule, agreed) and fields.plausible_name(agreed):
        return renamed(found, replace(reading, value=agreed, box=whole, confidence=min(
            reading.confidence, CONFIRMED_CONFIDENCE)))
    return renamed(found, None) if cut is not None else found


_STROKES_READ = re.compile(r"(?<= )[Ili]{2,3}$")
"""A suffix of strokes (``III``) a closer reading of :data:`NAME_CHARS` read as other
strokes (``lil``)."""


def line_read_whole(side: SideRead, box: Box, engine: OcrEngine) -> str | None:
    """The name two of four closer readings of ``box`` (card pixels) agree on, each read as
    one line of :data:`NAME_CHARS` (:func:`pipeline.fields.mended_name`), or None."""
    votes: Counter[str] = Counter()
    for variant in reread.value_variants(side.ocr_image, box):
        page = engine.recognize(variant, psm=PSM_SINGLE_LINE, whitelist=NAME_CHARS)
        votes[fields.mended_name(" ".join(w.text for w in page.words).strip(" .,-'"))] += 1
    return reread.agreed_value(dict(votes))


def reads_on(name: str, again: str) -> bool:
    """True when ``again`` is ``name`` with its last word read on, words after it or not
    (``Violet Stella Mc`` → ``Violet Stella Mcallister``), its other words the same.

    >>> reads_on("HARPER BERGSTRO", "HARPER BERGSTROM"), reads_on("Nora Levi", "Nora Levi")
    (True, False)
    >>> reads_on("HARPER BERGSTRO", "HARPER BERGSTRO M")  # the glyph read as a word
    False
    """
    old, new = name.split(), again.split()
    return len(new) >= len(old) > 0 and new[:len(old) - 1] == old[:-1] and (
        new[len(old) - 1].startswith(old[-1])) and len(new[len(old) - 1]) > len(old[-1])


def words_on(name: str, again: str) -> bool:
    """True when ``again`` is ``name``'s words and one or two more after them, each a
    suffix, an initial or a word in the name's case (capitals or not).

    >>> words_on("Nora Levi", "Nora Levi Espinoza"), words_on("NORA A UNDERWOOD", "NORA A")
    (True, False)
    >>> words_on("JENSEN, TAMIKA", "JENSEN, TAMIKA S"), words_on("Nora Levi", "Nora Levis")
    (True, False)
    >>> words_on("KWAME R OYELARAN", "KWAME R OYELARAN Vv")  # a suffix misread
    False
    """
    old, new = name.split(), again.split()
    capitals = all(w.isupper() for w in old if w.isalpha())
    return 0 < len(old) < len(new) <= len(old) + 2 and new[:len(old)] == old and all(
        (w.isupper() and (len(w) == 1 or w in fields.NAME_SUFFIXES or capitals))
        or (not capitals and w[:1].isupper() and not w.isupper() and w.isalpha())
        for w in new[len(old):])


_ROMAN_BARS = re.compile(r"(?<= )I{1,3}$")
"""A name's generational suffix of bare strokes (``I``, ``II``, ``III``) at its end."""


def suffix_counted(found: Interpretation, sides: Sequence[SideRead]) -> Interpretation:
    """``found`` with the member's name's suffix of strokes (``II``, ``III``) as many as
    its print shows where OCR read fewer (:func:`pipeline.glyphs.suffix_bars`: ``O'BRIEN
    II`` of ``O'BRIEN III``, 13030's 0236; ``TRAN I`` of ``TRAN II``, 12424's 0216), its
    portal names split again; ``found`` itself where the name holds no such suffix, or the
    print does not tell, agrees or shows fewer (strokes touching make one column). No
    OCR."""
    reading = found.fields.get("member_name")
    if reading is None or (m := _ROMAN_BARS.search(reading.value)) is None:
        return found
    side = next(s for s in sides if s.side == reading.side)
    box = reading.box
    after = [w.box.left for w in side.page.words if w.box.left > box.right
             and fields.same_row(w.box, box) and any(c.isalnum() for c in w.text)]
    bars = glyphs.suffix_bars(side.ocr_image, box, min(after, default=math.inf))
    if bars is None or bars <= len(m.group()):
        return found  # (fewer columns may be strokes run together: 13131's 0050, III)
    return renamed(found, replace(reading, value=reading.value[:m.start()] + "I" * bars))


def reread_name(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine
) -> dict[str, FieldReading]:
    """The member's name read again closer where the page read it with a word under
    ``NAME_REREAD_BELOW``, or with a suffix glued to its surname
    (:func:`pipeline.fields.suffix_glued`: closer readings may space it), or surname first
    with one given name (:func:`lone_given_name`: its initial glued on or lost; then only
    closer readings parting more words change it), or starting
    right of the column it stands in (:func:`start_lost`), or read it and
    left it out for doubt; the subscriber's name
    too where the member's is the subscriber's (a card naming only one person). Empty
    when the name read well, or when the closer readings agree on no name. A name left
    out for doubt comes back only when the closer readings confirm the page's letters, or
    when three of the four give a name one letter other than the page's capitalised one
    (:func:`one_letter_other`) that holds no card word (:func:`pipeline.fields.card_words`):
    what the page read so badly may be no name at
    all (a mangled label); or when three give a longer name the page read in part
    (:func:`read_in_part`). Closer readings split between the page's name and another leave
    the name out (confidence 0). A name kept stays as the page read it where the closer
    readings lost a thin letter (:func:`lost_initial`, :func:`lost_stroke`), end or start
    it with a lone letter it does not (:func:`lone_letter_end`, :func:`lone_letter_start`),
    or read one letter otherwise while
    one of them reads it as the page did."""
    reading = found.fields.get("member_name") or found.doubtful_name
    rule = found.template.fields.get("member_name")
    if reading is None or rule is None:
        return {}
    side = next(s for s in sides if s.side == reading.side)
    box = reading.box
    inside = [w.confidence for w in side.page.words
              if box.left <= (w.box.left + w.box.right) / 2 <= box.right
              and box.top <= w.box.cy <= box.bottom]
    sure = "member_name" in found.fields and bool(inside) and min(
        inside) >= NAME_REREAD_BELOW and not fields.suffix_glued(reading.value) and not (
        start_lost(side.page.words, box))
    if sure and not lone_given_name(reading.value):
        return {}

    def fits(value: str) -> bool:
        return fields.fits_pattern(rule, value) and fields.plausible_name(
            value) and fields.capitalised(value)

    got = reread.reread_name(side.ocr_image, reading, fits, engine, side.page.words)
    kept = "member_name" in found.fields
    if got is None:
        return {}
    value, confidence, readings, page_readings, rival = got
    if sure and len((rival or value).split()) <= len(reading.value.split()):
        return {}  # read again for an initial glued on or lost: only one found tells
    if value == reread.SPLIT:
        if not kept:
            return {}
        name = replace(reading, confidence=0.0)  # split readings: a name in doubt is left out
    elif reread.letters(value) == reread.letters(reading.value):
        # The page and two closer readings agree on its letters: the name is confirmed,
        # spaced as the reading that parts more words ('SVETLANAL': an initial glued on;
        # 'ADAHPHAM': a closer reading's spaces lost).
        more = len(value.split()) > len(reading.value.split()) and not unprinted_parting(
            side, reading, value)
        if not more and kept:
            return {}
        name = replace(reading, value=value if more else reading.value,
                       confidence=max(reading.confidence, confidence, CONFIRMED_CONFIDENCE))
    elif kept and (lost_initial(value, reading.value) or lost_stroke(value, reading.value)):
        return {}  # the closer readings lost a thin initial the page read ('BETTY I ...')
    elif kept and ((lone_letter_end(value) and not lone_letter_end(reading.value)) or (
            lone_letter_start(value) and not lone_letter_start(reading.value))):
        return {}  # 'STELLAR KOWALCZYK H' for 'STELLA R KOWALCZYK III': a suffix misread
    elif kept and page_readings and one_letter_other(value, reading.value):
        return {}  # one letter read otherwise, and as the page read it too (KOWALCZVK)
    elif kept:
        name = replace(reading, value=value, confidence=confidence)
    elif reread.letters(value) == reread.letters(fields.speckless(reading.value)):
        # Left out for a speck read as a letter ('TAMIKA Jc OKONKWO'): the closer readings
        # agree on the page's letters without it.
        name = replace(reading, value=value, confidence=confidence)
    elif readings >= NAME_MOST_READINGS and one_letter_other(value, reading.value) and (
            fields.capitalised(reading.value)) and not fields.card_words(value):
        # Left out for doubt, but nearly every closer reading gives a name one letter from
        # the page's ('LATOVA' read 'LATOYA' four times): a letter misread, not a mangled
        # label's words nor a speck read beside a letter ('Jc').
        name = replace(reading, value=value, confidence=confidence)
    elif readings >= NAME_MOST_READINGS and read_in_part(reading.value, value) and (
            not fields.card_words(value)):
        # Left out for doubt, read in part ('GUADALUPE INGTON' in a hand's shadow): nearly
        # every closer reading gives a name holding each of the page's words in turn.
        name = replace(reading, value=value, confidence=confidence)
    else:
        return {}  # a name left out for doubt comes back only as the page read it
    out = {"member_name": name}
    subscriber = found.fields.get("subscriber_name")
    if subscriber is not None and subscriber.box == reading.box:
        out["subscriber_name"] = replace(name, name="subscriber_name")
    return out


LINE_DISPUTED_NAME = 0.45
"""Most confidence of a member's name the line reader read otherwise (:func:`name_disputed`):
under :data:`pipeline.fields.NAME_MIN_CONFIDENCE`, so it is left out for doubt until
closer readings confirm or correct its letters (:func:`reread_name`)."""


def name_line_read(found: Interpretation, sides: Sequence[SideRead]) -> str | None:
    """The line reader's (the second engine's recogniser) reading of the print of the
    member's name (kept or left out for doubt), where Tesseract read a word of it under
    :data:`pipeline.crosscheck.NAME_CHECK_BELOW` and the line reader reads every character
    at :data:`pipeline.crosscheck.NAME_DISPUTE_MIN_PROB` or more; None otherwise, or
    without the line reader. One line read, on a card in six or so."""
    reading = found.fields.get("member_name") or found.doubtful_name
    side = next((s for s in sides if reading is not None and s.side == reading.side), None)
    if reading is None or side is None:
        return None
    inside = [w.confidence for w in side.page.words
              if fields.overlap_share(w.box, reading.box) > 0.5]
    if not inside or min(inside) >= crosscheck.NAME_CHECK_BELOW:
        return None
    reader = ppocr.line_reader()
    if reader is None:
        return None
    try:
        line = reader.read(crosscheck.line_crop(side.card.pixels, reading.box))
    except Exception as e:  # a second opinion: its failure never costs a card its result
        log.warning("second engine failed on a name: %s", type(e).__name__)
        return None
    if not line.chars or min(c.prob for c in line.chars) < crosscheck.NAME_DISPUTE_MIN_PROB:
        return None
    return line.text


def name_disputed(found: Interpretation, line: str | None) -> dict[str, FieldReading]:
    """The member's name whose print the line reader read otherwise (``line``:
    :func:`name_line_read`; :func:`pipeline.crosscheck.name_read_alike`: ``… Fspinoza``
    read ``… Espinoza``, 11818's 0271; ``SIOBHAN G FOSTE`` read ``… FOSTER``, 12020's
    0085), made doubtful (:data:`LINE_DISPUTED_NAME`): closer readings judge it
    (:func:`reread_name`, :func:`line_agrees`). Empty otherwise."""
    reading = found.fields.get("member_name")
    if reading is None or line is None or crosscheck.name_read_alike(reading.value, line):
        return {}
    return {"member_name": replace(reading, confidence=min(reading.confidence,
                                                            LINE_DISPUTED_NAME))}


def line_agrees(names: dict[str, FieldReading], line: str | None) -> dict[str, FieldReading]:
    """The closer readings' name (``names``: :func:`reread_name`) where the line reader's
    reading of its print (``line``, :func:`name_line_read`) agrees with it, or where the
    line reader did not read it; empty otherwise: Tesseract's closer readings repeat its
    own misreadings (``Fspinoza``, 11818's 0271), or misread what its page read right
    (``NIKOLAL`` of ``NIKOLAI``, 11818's 0050, as the line reader read it), and a split
    of them leaves out a name the line reader confirms."""
    name = names.get("member_name")
    if name is None or line is None or (
            name.confidence > 0 and crosscheck.name_read_alike(name.value, line)):
        return names
    return {}


def unprinted_parting(
    side: SideRead, reading: FieldReading, value: str, unread: bool = True
) -> bool:
    """True when ``value``, the page's name ``reading`` with more spaces, parts one of the
    page's words into two of two letters or more where its print leaves no word space
    (:func:`pipeline.glyphs.space_inside`: ``VASQ UEZ`` of the page's ``VASQUEZ,``,
    11919's 0130; ``CASTI LLO``, 10808's 0277). An initial or a generational suffix
    parted off (``SVETLANA L``, ``SAMPLE JR``) is not judged here: the page glues those
    on. A word the page did not read so counts as printed whole, but with ``unread``
    False (the reading not the page's: the print is judged only where the page read the
    word). Card frame, pixels."""
    words = [w for w in side.page.words if fields.overlap_share(w.box, reading.box) > 0.5]
    starts = list(accumulate(len(reread.letters(t)) for t in value.split()))
    new = set(starts[:-1])  # letter offsets at which the value starts a word
    at = 0
    for token in reading.value.split():
        own = reread.letters(token)
        word = next((w for w in words if reread.letters(w.text) == own and own), None)
        inside = sorted(k - at for k in new if at < k < at + len(own))
        ends = [0, *inside, len(own)]
        for i, k in enumerate(inside):
            if k - ends[i] >= 2 and ends[i + 2] - k >= 2 and (
                    own[k:ends[i + 2]] not in fields.NAME_SUFFIXES) and (
                    (word is None and unread) or (word is not None and not glyphs.space_inside(
                        side.ocr_image, word.box, own, k))):
                return True
        at += len(own)
    return False


def deblurred_or_plain(
    sides: Sequence[SideRead], found: Interpretation, engine: OcrEngine, meaning: Meaning
) -> tuple[list[SideRead], Interpretation, Interpretation]:
    """The sides deblurred before their first reading (:func:`restoration`), or those
    sides read again as photographed when the deblurred reading is no better
    (:func:`deblurred_better`), with what they mean, and what the photo as taken means.
    Either way no side is deblurred again in the second look."""
    plain = [
        replace(read_side(s.decoded, s.card, s.quality, s.side, engine, {},
                          as_photographed=True), deblur_compared=True)
        if s.deblurred else s for s in sides
    ]
    as_photographed = meaning(plain)
    if deblurred_better(found, as_photographed):
        kept = [replace(s, deblur_compared=True, photo_page=p.page) if s.deblurred else s
                for s, p in zip(sides, plain, strict=True)]
        return kept, found, as_photographed
    return plain, as_photographed, as_photographed


def deblur_disputed(
    found: Interpretation, sides: Sequence[SideRead], photo_values: Mapping[str, str] | None
) -> dict[str, FieldReading]:
    """The group reading taken from a side deblurred before its first reading that the
    photo as taken read otherwise, or not at all (``photo_values``, name to value; None
    when no deblurred reading was kept), made uncertain (``UNCONFIRMED_CONFIDENCE``):
    deconvolution can shape a glyph the print does not hold (an O sharpened into a 0: the
    wide suite's card 0338), and closer reads of the same deblurred image share its shapes.
    Groups mix letters and digits at any place (``748342YO4U``), so no format catches it;
    so does a group of digits alone (``0009999`` of ``W0009999``, its letter lost, on a
    fresh range), though 11 such groups on three development ranges were right. Member IDs
    read so stay as read (right on every card of the development ranges and the wide
    suite, 24) unless the photo read a letter otherwise (:func:`letter_disputed`). A value
    both readings agree on keeps its confidence, and so does a group the photo's words
    show as read where the photo's reading took none (:func:`photo_shows`)."""
    if photo_values is None:
        return {}
    kept = {s.side: s for s in sides if s.deblurred and s.deblur_compared}
    return {name: replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
            for name, reading, _ in undoubted_values(found, sides)
            if reading.side in kept and photo_values.get(name) != reading.value and (
                (name == "group_number" and not (
                    name not in photo_values
                    and photo_shows(kept[reading.side], found.template, reading)))
                or (name == "member_id"
                    and letter_disputed(reading.value, photo_values.get(name))))}


def letter_disputed(deblurred: str, photo: str | None) -> bool:
    """True when a member ID read deblurred and the photo's reading of it, as long, read
    one letter as another: deconvolution shapes strokes the print may not hold (an O given
    a Q's tail: ``AQE354123707`` of ``AOE354123707``, which the photo read ``AOE55412…``).
    A digit read otherwise, or as a letter, is the shaken photo's usual misreading (3 for
    8, S for 5), which the deblurred reading undoes (the wide suite's 0477)."""
    return photo is not None and len(photo) == len(deblurred) and any(
        a != b and a.isalpha() and b.isalpha() for a, b in zip(deblurred, photo, strict=True))


PHOTO_SHOWS_SHIFT = 0.5
"""Value heights within which the photo's word and a deblurred value's box share their
left and right edges (:func:`photo_shows`)."""


def photo_shows(side: SideRead, template: Template, reading: FieldReading) -> bool:
    """True when ``side``'s words as photographed (its deblurred reading kept) hold
    ``reading``'s value (deblurred) as one word in its place (edges within
    ``PHOTO_SHOWS_SHIFT`` heights), the value digits alone (hyphens allowed) and, under a
    stacked label, flush with it: two images of the print read alike where the photo's
    reading lost the label (19 groups of eight ranges, all right). Letters stay
    disputed (``748342Y04U`` of ``748342YO4U`` read so on both images: a shaken O and 0
    look alike), and so does a value starting right of its label's edge (``0009999`` of
    ``W0009999`` under ``Grp No.``: both lost the W). Boxes card frame, pixels."""
    page = side.photo_page
    if page is None or re.fullmatch(r"\d+(?:-\d+)*", reading.value) is None:
        return False
    v = reading.box
    tol = PHOTO_SHOWS_SHIFT * max(v.height, 1.0)
    if not any(w.text == reading.value and abs(w.box.left - v.left) <= tol
               and abs(w.box.right - v.right) <= tol and v.top <= w.box.cy <= v.bottom
               for w in page.words):
        return False
    return not any(hit.label == reading.label and v.cy > hit.box.bottom
                   and v.left - hit.box.left > 0.5 * max(hit.box.height, 1.0)
                   for hit in fields.label_hits(side.page, template, reading.side,
                                                reading.name))


PHOTO_AGREEING = 3
"""Closer readings of the photo as taken (of :func:`pipeline.reread.value_variants`' four)
that must give a deblurred group's value to confirm it (:func:`photo_confirmed`)."""


def photo_votes(
    image: Image, reading: FieldReading, rule: FieldRule, engine: OcrEngine
) -> Counter[str]:
    """The texts that ``reading``'s box (card frame) of ``image`` reads as, four ways
    (:func:`pipeline.reread.value_variants`) as one line of the rule's characters, each
    with the number of readings that gave it."""
    votes: Counter[str] = Counter()
    for variant in reread.value_variants(image, reading.box):
        page = engine.recognize(variant, psm=PSM_SINGLE_LINE,
                                whitelist=rule.chars or reread.ID_WHITELIST)
        votes[fields.clean_value("".join(w.text for w in page.words))] += 1
    return votes


def photo_confirmed(
    disputed: Mapping[str, FieldReading], found: Interpretation, sides: Sequence[SideRead],
    engine: OcrEngine, photo_values: Mapping[str, str] | None,
) -> dict[str, FieldReading]:
    """The deblurred group readings :func:`deblur_disputed` doubted (``disputed``) whose
    box in the photo as taken (the side's oriented card enhanced without the deblurring:
    the same card frame) reads as the value ``PHOTO_AGREEING`` times of four
    (:func:`photo_agrees`), confident again (``CONFIRMED_CONFIDENCE``): the photo's blurred
    print holds none of the shapes deconvolution makes, so its closer readings are
    evidence of their own. Only when the member ID, where read on a deblurred side, is the
    photo's too (the photo's reading, ``photo_values``, or its closer readings give it):
    the group's doubt is the card's only review for a member ID deconvolution reshaped
    (``AQE354123707`` of ``AOE354123707``, a Q's tail made). On the seven development
    ranges 17 right groups and no wrong one: a letter the deblurring lost (``0009999`` of
    ``W0009999``), a 7 sharpened into a T, read otherwise. Only cards with such a
    disputed group pay for the OCR."""
    by_side = {s.side: s for s in sides}
    member = found.fields.get("member_id")
    out: dict[str, FieldReading] = {}
    for name, reading in disputed.items():
        side = by_side.get(reading.side)
        if name != "group_number" or side is None or not side.deblurred or not photo_agrees(
                found, side, reading, engine):
            continue
        if member is not None and (photo_values or {}).get("member_id") != member.value and (
                by_side[member.side].deblurred
                and not photo_agrees(found, by_side[member.side], member, engine)):
            continue
        out[name] = replace(reading, confidence=CONFIRMED_CONFIDENCE)
    return out


def photo_agrees(
    found: Interpretation, side: SideRead, reading: FieldReading, engine: OcrEngine
) -> bool:
    """True when ``reading``'s box on the photo of ``side`` as taken (its oriented card
    enhanced without deblurring) reads as the value ``PHOTO_AGREEING`` times of four
    (:func:`photo_votes`) with the characters of the value's rule."""
    rule = found.template.fields.get(reading.name)
    if rule is None:
        return False
    photo = enhance.enhance(side.card.pixels)
    return photo_votes(photo, reading, rule, engine)[reading.value] >= PHOTO_AGREEING


def photo_disputed(
    found: Interpretation, sides: Sequence[SideRead], sharp_values: Mapping[str, str] | None
) -> dict[str, FieldReading]:
    """The group reading of a side read as photographed after its deblurred reading lost
    (:func:`deblurred_or_plain`) that the deblurred reading read as another value
    (``sharp_values``, name to value; None when the deblurred reading won or none was
    made), made uncertain (``UNCONFIRMED_CONFIDENCE``): a shaken photo's 5 read 3
    (``316224`` of ``516224``, which the deblurred side read right) is a misreading no
    closer read of the same shaken print settles. The mirror of :func:`deblur_disputed`.
    So is the member ID that the deblurred reading read on past its end
    (:func:`end_read_on`)."""
    if sharp_values is None:
        return {}
    compared = {s.side for s in sides if s.deblur_compared and not s.deblurred}
    return {name: replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
            for name, reading, _ in undoubted_values(found, sides)
            if reading.side in compared and (
                (name == "group_number" and sharp_values.get(name) not in (None, reading.value))
                or (name == "member_id" and end_read_on(reading.value, sharp_values.get(name))))}


def end_read_on(photo: str, sharp: str | None) -> bool:
    """True when the deblurred reading of a member ID the photo as taken read is that
    value and more after it (8080's 0169: ``1075535317`` deblurred at 0.57, ``10755353`` as
    photographed at 0.80 in motion blur): the shaken print's last glyphs smeared into the
    margin, which closer reads of the same photo share."""
    return sharp is not None and len(sharp) > len(photo) and sharp.startswith(photo)


def sure_groups(found: Interpretation) -> dict[str, str]:
    """The group read with no doubt (no review reason of its own), name to value."""
    group = found.fields.get("group_number")
    if group is None or any(r.code == "group_number_uncertain" for r in found.reasons):
        return {}
    return {"group_number": group.value}


def second_look_disputed(
    found: Interpretation, sides: Sequence[SideRead], disputed: Mapping[str, str]
) -> dict[str, FieldReading]:
    """The group reading that a second look at the card (taken for another field's doubt)
    read otherwise than the first reading read it with no doubt (:func:`sure_groups`),
    still as the second look read it (``disputed``, name to value), made uncertain
    (``UNCONFIRMED_CONFIDENCE``): two sure readings of one print that disagree leave one of
    them wrong (a photocopy's ``23932554`` read ``29932554`` by the second look that settled
    the member ID), and closer reads of the same print share the second's shapes. A value
    closer reads changed since is theirs to judge. The mirror of :func:`deblur_disputed`
    for the second look."""
    return {name: replace(reading, confidence=UNCONFIRMED_CONFIDENCE)
            for name, reading, _ in undoubted_values(found, sides)
            if disputed.get(name) == reading.value}


def deblurred_better(deblurred: Interpretation, as_photographed: Interpretation) -> bool:
    """True when a card's deblurred reading beats its photo's: fewer doubts about the
    member ID and group (:func:`_doubts`, none more, one less), or as many and it names a
    carrier the photo's reading does not, or (both naming one or neither) it reads the
    member ID and group more confidently (summed confidences, 0-2: a shaken 0 read as 8
    reads weaker). Deconvolution rings on some print that the photo keeps legible: a full
    tie goes to the photo. First of all, a reading whose member ID the other reads as
    another of the card's values (:func:`member_id_elsewhere`) loses."""
    if member_id_elsewhere(as_photographed, deblurred):
        return True
    if member_id_elsewhere(deblurred, as_photographed):
        return False
    after, before = _doubts(deblurred), _doubts(as_photographed)
    if after != before:
        return all(a <= b for a, b in zip(after, before, strict=True))
    known = _carrier_known(deblurred)
    if known != _carrier_known(as_photographed):
        return known
    return _value_confidence(deblurred) > _value_confidence(as_photographed)


NEVER_MEMBER_ID = ("payer_id", "rx_bin", "rx_pcn", "rx_group")
"""Fields whose value is never the member ID's (an Rx ID or a subscriber ID may be)."""


def member_id_elsewhere(found: Interpretation, other: Interpretation) -> bool:
    """True when ``found``'s member ID is, in ``other`` (a reading of the same card), the
    value of a field that is never the member ID (``NEVER_MEMBER_ID``) while ``other``
    reads a member ID of its own: one reading took a shaken label for the member ID's
    (``Payes id:`` over ``39026`` where the deblurred reading saw ``Payer id``)."""
    member, own = found.fields.get("member_id"), other.fields.get("member_id")
    return member is not None and own is not None and own.value != member.value and any(
        (r := other.fields.get(n)) is not None and r.value == member.value
        for n in NEVER_MEMBER_ID)


def _carrier_known(found: Interpretation) -> bool:
    return not any(r.code == "carrier_unknown" for r in found.reasons)


def _value_confidence(found: Interpretation) -> float:
    """The member ID's and group's confidences summed (0-2; a value not read adds 0)."""
    return sum(found.fields[n].confidence for n in reread.VALUE_FIELDS if n in found.fields)


def optional_group_unseen(found: Interpretation) -> bool:
    """True when a card of a carrier that often prints no group number (Humana, Oscar, an
    unknown carrier) shows none: Tesseract may have dropped its line."""
    return "group_number" in found.template.fields and "group_number" not in found.fields and (
        not found.template.group_expected)


def lost_group_unflagged(found: Interpretation) -> bool:
    """True when ``found`` has no group and the review does not ask for one: its carrier
    need not print one (Humana, Kaiser; a payer no template knows, unless the directory
    says it prints one). Its loss would pass unseen."""
    return "group_number" in found.template.fields and "group_number" not in found.fields and (
        not (found.template.group_expected and found.carrier.template_id is not None)) and not (
        any(r.code == "group_number_uncertain" for r in found.reasons))


def read_whole_again(
    sides: Sequence[SideRead], engine: OcrEngine, which: set[Side]
) -> list[SideRead]:
    """The sides, those named in ``which`` with the words a second whole-page reading
    adds (:func:`pipeline.reread.read_whole_again`)."""
    return [
        replace(s, page=reread.read_whole_again(s.page, s.ocr_image, engine))
        if s.side in which else s
        for s in sides
    ]


Meaning = Callable[[Sequence[SideRead]], "Interpretation"]
"""What the pages of a card's sides mean (:func:`interpret` with the card's settings)."""


def read_locally_thresholded(
    sides: Sequence[SideRead], found: Interpretation, engine: OcrEngine, meaning: Meaning
) -> tuple[list[SideRead], Interpretation]:
    """The doubtful sides (:func:`doubtful_sides`) read again whole with a local (Sauvola)
    threshold, and what the card then means, when that reading is better
    (:func:`better_reading`); else those given.

    One Otsu threshold per page turns the text in a hand's shadow or a dim corner to
    black blobs; a local threshold keeps it. It is the second choice only: on evenly lit
    cards it loses a word here and there that Otsu keeps."""
    which = doubtful_sides(found, {s.side for s in sides})
    local = [replace(s, page=engine.recognize(s.ocr_image, local_threshold=True))
             if s.side in which else s for s in sides]
    return better_reading(sides, found, local, meaning)


def read_deblurred(
    sides: Sequence[SideRead], found: Interpretation, engine: OcrEngine, meaning: Meaning
) -> tuple[list[SideRead], Interpretation]:
    """The doubtful sides (:func:`doubtful_sides`) whose photo shows motion blur deblurred
    (:mod:`pipeline.deblur`), enhanced and read again, and what the card then means, when
    that reading is better (:func:`better_reading`); else those given. A shaken photo
    smears small labels beyond what a threshold can recover. A side read both ways at
    the first pass (:func:`deblurred_or_plain`) is not read again."""
    which = doubtful_sides(found, {s.side for s in sides})
    again = []
    for s in sides:
        sharp = deblur.deblurred(enhance.darkest_channel(s.card.pixels)) if (
            s.side in which and not s.deblur_compared) else None
        if sharp is None:
            again.append(s)
            continue
        image = enhance.enhance(sharp)
        again.append(replace(s, page=engine.recognize(image), ocr_image=image, deblurred=True))
    if all(a is s for a, s in zip(again, sides, strict=True)):
        return list(sides), found
    return better_reading(sides, found, again, meaning)


def doubtful_sides(found: Interpretation, sides: Collection[Side]) -> set[Side]:
    """Of ``sides``, those a second look reads again: the side of a doubtful member ID or
    group that was read (an uncertain value; the other side was read fine), and every
    side for a missing one."""
    which: set[Side] = set()
    for name, level in zip(reread.VALUE_FIELDS, _doubts(found), strict=True):
        reading = found.fields.get(name)
        if level and reading is not None:
            which.add(reading.side)
        elif level:
            which.update(sides)
    return which


def better_reading(
    sides: Sequence[SideRead], found: Interpretation, again: list[SideRead], meaning: Meaning
) -> tuple[list[SideRead], Interpretation]:
    """``again`` and what it means when it leaves fewer doubts than ``found`` (no field
    more doubtful, one less: a member ID uncertain rather than missing), or as many and
    reads a value ``found`` lacks (losing none), or none at all
    where it reads a member ID or group other than the first's (a value it loses keeps
    its doubt), never one that reads a value with the first's characters lost at an end
    (:func:`shortened`) where the print holds a glyph for each of the first's characters
    (:func:`printed_whole`; dev's 0363, ``WW000099999`` read first over ten glyphs, is
    ``W000099999`` as the second look read it); else the sides and interpretation
    given."""
    meant = meaning(again)
    contradicted = any(
        name in found.fields and name in meant.fields
        and found.fields[name].value != meant.fields[name].value
        for name in reread.VALUE_FIELDS
    )
    if any(name in found.fields and name in meant.fields and shortened(
            (first := found.fields[name]).value, meant.fields[name].value)
           and printed_whole(next(s.ocr_image for s in sides if s.side == first.side), first)
           for name in reread.VALUE_FIELDS):
        return list(sides), found
    before = _doubts(found)
    # A value lost, or still missing, keeps its doubt, even where its absence raises none
    # (a group a carrier may leave out: '161/725' read doubtfully, then not at all, is no
    # doubt cleared; nor is a lost group's trace that the new reading lost too).
    left = tuple(
        max(level, was) if name not in meant.fields else level
        for name, level, was in zip(reread.VALUE_FIELDS, _doubts(meant), before, strict=True)
    )
    fewer = all(a <= b for a, b in zip(left, before, strict=True)) and left != before
    # As doubtful, but reading a value the first reading missed, undoubted, and losing
    # none (a group in a hand's shadow, while the member ID stays as uncertain): better.
    gained = left == before and all(
        n in meant.fields for n in reread.VALUE_FIELDS if n in found.fields) and any(
        n in meant.fields and n not in found.fields and not level
        for n, level in zip(reread.VALUE_FIELDS, _doubts(meant), strict=True))
    better = not any(left) if contradicted else fewer or gained
    return (again, meant) if better else (list(sides), found)


def printed_whole(image: Image, reading: FieldReading) -> bool:
    """True when the print in ``reading``'s box of ``image`` (card pixels) holds as many
    glyphs as its value has letters and digits (three at least; an arrow's head against
    its end not counted: :func:`pipeline.glyphs.glyphs_in`)."""
    count = sum(c.isalnum() for c in reading.value)
    return count >= glyphs.MIN_DIGITS and glyphs.glyphs_in(image, reading.box) == count


def shortened(first: str, again: str) -> bool:
    """True when a second look's value ``again`` is ``first`` with characters lost at its
    start or end: the print ``first`` read them from is still there, and a second look
    that misses a glyph (11919's 0070, Oxford's ``2195318091`` read ``219531809`` after a
    local threshold) is no better reading of it."""
    return len(again) < len(first) and (first.startswith(again) or first.endswith(again))


_DOUBT_LEVELS = (
    {"member_id_missing": 2, "member_id_uncertain": 1},
    {"group_number_uncertain": 1},
)
"""Per field, how far each second-look reason leaves it from read (0: no doubt)."""


def _doubts(found: Interpretation) -> tuple[int, ...]:
    """Per field (member ID, group), how doubtful ``found`` leaves it: a missing member ID
    more than an uncertain one."""
    codes = {r.code for r in found.reasons}
    return tuple(max((v for c, v in levels.items() if c in codes), default=0)
                 for levels in _DOUBT_LEVELS)


def lost_values(found: Interpretation) -> list[str]:
    """The member ID and group, when missing though the card should show them (a group: by
    its carrier's template, or the review asks for one: its label was seen, or the
    directory's payer prints one)."""
    names = [] if "member_id" in found.fields else ["member_id"]
    if "group_number" not in found.fields and (found.template.group_expected or any(
            r.code == "group_number_uncertain" for r in found.reasons)):
        names.append("group_number")
    return names


def lone_group_wanted(found: Interpretation) -> bool:
    """True when a group missing from ``found`` may be taken with no label
    (:func:`lone_group`): its carrier's template expects one, or the review asks for one (a
    group label or its trace was seen, the directory's payer prints one). A card no
    template knows (``generic``'s default expectation) prints a group as often as not:
    an unexplained code there is its plan's, network's or issuer's number as often as its
    group, so none is taken for the group unless the card shows it has one."""
    if "group_number" in found.fields:
        return False
    return (found.template.group_expected and found.carrier.template_id is not None) or any(
        r.code == "group_number_uncertain" for r in found.reasons)


def values_read(
    readings: Mapping[str, FieldReading], distractors: Collection[Distractor]
) -> set[str]:
    """The values a card's fields and decoys already explain."""
    return {f.value for f in readings.values()} | {d.value for d in distractors}


def overridden_words(
    overrides: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]]
) -> set[str]:
    """The page words (cleaned) over half inside the box of a value read again more closely
    (``overrides``, card frame): the page's misreading of that value (9393's 0389, an Rx
    group ``IPQ131`` mended to ``TPQ131``), no code a lost label left unexplained."""
    return {fields.clean_value(w.text) for r in overrides.values() for side, page in pages
            if side == r.side for w in page.words if fields.overlap_share(w.box, r.box) > 0.5}


def find_lost_labels(
    side: SideRead, found: Interpretation, engine: OcrEngine, name: str, first_word: int = 0,
    mangled_only: bool = False,
) -> SideRead:
    """The side with the labels of its unlabelled values that fit field ``name`` read
    again: a blurred first pass keeps large bold values but loses small pale labels.
    Only the page's words from index ``first_word`` on are taken as such values; with
    ``mangled_only``, only values where a label's remnant was read
    (:func:`pipeline.reread.mangled_label_near`)."""
    rule = found.template.fields.get(name)
    if rule is None:
        return side
    words = side.page.words
    values = unlabelled_fits(words, rule, values_read(found.fields, found.distractors),
                             lambda i, w: i >= first_word and (
                                 not mangled_only or reread.mangled_label_near(words, w.box)))
    if not values:
        return side
    return replace(side, page=reread.read_lost_labels(side.page, side.ocr_image, engine, values))


MAX_LOST_LABELS = 4
"""Unlabelled values per side whose lost labels are looked for."""


def unlabelled_fits(
    words: Sequence[OcrWord], rule: FieldRule, taken: Collection[str],
    keep: Callable[[int, OcrWord], bool],
) -> list[int]:
    """Indices of the words no value in ``taken`` explains that fit ``rule`` (as a whole or
    as a number's part) and that ``keep`` (index, word) keeps: those with digits first (a
    pattern such as [A-Z0-9]{4,9} also fits OXFORD or PLANS), at most ``MAX_LOST_LABELS``."""
    values = [i for i, w in enumerate(words)
              if (v := fields.clean_value(w.text)) not in taken
              and fields.fits_or_number_part(rule, v) and keep(i, w)]
    values.sort(key=lambda i: not re.search(r"\d", words[i].text))
    return values[:MAX_LOST_LABELS]


def search_near_labels(
    sides: Sequence[SideRead], template: Template, rule: FieldRule, taken: set[str],
    engine: OcrEngine, repair: bool = False,
) -> FieldReading | None:
    """A value missing from the first read (words in a hand's shadow, a blurred digit run)
    looked for right of and under its label, read again as one line of identifier
    characters. Values the card already gave another field or a decoy are not taken, nor
    phone numbers and plan IDs (:func:`pipeline.fields.plan_id_shaped`: 12020's 0023,
    ``46545FL9996789`` under ``Plan id`` read ``Puan id``). With ``repair``, when no
    reading fits but agreeing ones do once OCR look-alikes are swapped
    (:func:`pipeline.fields.repair`), that value, uncertain (``REPAIRED_SEARCH_CAP``)."""
    def fits(value: str) -> bool:
        return value not in taken and fields.fits_or_number_part(rule, value) and not (
            fields.phone_shaped(value) or plan_id_shaped(value))

    def repaired(value: str) -> str | None:
        fixed = fields.repair(rule, value) if repair else None
        return fixed if fixed is not None and fixed not in taken and not (
            fields.phone_shaped(fixed) or plan_id_shaped(fixed)) else None

    for s in sides:
        for hit in fields.label_hits(s.page, template, s.side, rule.name):
            regions = reread.value_regions(
                s.page.words, hit.box, rule.below, s.ocr_image.shape[1])
            for region in regions:
                votes = reread.region_votes(
                    s.ocr_image, region, lambda v: fits(v) or repaired(v) is not None,
                    engine, whitelist=rule.chars or reread.ID_WHITELIST)
                got = reread.agreed_reading({v: c for v, c in votes.items() if fits(v)})
                if got is None:
                    # Read alike each time but one look-alike off its format ('1GY487183957'
                    # for CareFirst's IGY487183957): the format's reading, for review.
                    merged: reread.Votes = {}
                    for v, c in votes.items():
                        if (fixed := repaired(v)) is not None:
                            merged.setdefault(fixed, []).extend(c)
                    got = reread.agreed_reading(merged)
                    if got is not None:
                        got = (got[0], got[1], min(got[2], REPAIRED_SEARCH_CAP))
                if got is None:
                    continue
                value, box, confidence = got
                if not fields.fits_pattern(rule, value):  # a number part, joined to its prefix
                    confidence *= fields.PATTERN_MISS_FACTOR
                return FieldReading(
                    name=rule.name, value=value, confidence=round(confidence * hit.score, 3),
                    side=s.side, label=hit.label, box=box, label_score=hit.score,
                )
    return None


def codes_kept(
    readings: Mapping[str, FieldReading], first: Mapping[str, FieldReading]
) -> dict[str, FieldReading]:
    """``readings`` with the labelled codes (:data:`CODE_FIELDS`) the card's first reading
    gave (``first``) surely (:data:`CODE_KEPT_MIN`) that a later one lost: a second look is
    taken for its member ID or group, read over the whole side, and may lose a code the
    first read under its label (14343's 0135, dim: a re-read found UHC's group and lost the
    ``Rx group: UHEALTH`` read at 0.91). Not a value the readings give another field, nor
    one read less surely (13939's 0110, motion blur: the photo's ``611552`` at 0.72, of
    Prime's ``011552``, which the deblurred reading left to be known by its digits)."""
    out = dict(readings)
    taken = {r.value for r in readings.values()}
    for name in CODE_FIELDS:
        code = first.get(name)
        if name not in out and code is not None and code.label and (
                code.confidence >= CODE_KEPT_MIN) and code.value not in taken:
            out[name] = code
    return out


CODE_KEPT_MIN = 0.85
"""Least confidence of a code of the first reading kept where a later one lost it
(:func:`codes_kept`)."""


CODE_FIELDS = (*fields.RX_ORDER, "payer_id", "rx_id")
"""Codes whose value is read again beside their label when the page gave none
(:func:`reread_codes`)."""


def lost_code_labels(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine, meaning: Meaning
) -> dict[str, FieldReading]:
    """The pharmacy's codes and the payer ID (:data:`LOST_LABEL_CODES`) the card gave no
    reading, read under labels looked for again left of and above the unlabelled values
    that fit them (:func:`find_lost_labels`): small pale labels (``RxBIN:`` in light grey
    beside a bold ``011552``) that the first pass lost while keeping the values. Only
    those codes are taken from the new reading; every other field keeps the first pages'
    reading. No OCR on a card that read them all or shows no value fitting one."""
    missing = [n for n in LOST_LABEL_CODES
               if n not in found.fields and n in found.template.fields]
    if not missing:
        return {}
    again = []
    for s in sides:
        page, values = stacked_codes_split(s, found, missing, engine)
        again.append(replace(s, page=reread.read_lost_labels(page, s.ocr_image, engine, values))
                     if values else s)
    if all(a is s for a, s in zip(again, sides, strict=True)):
        return {}
    read = meaning(again).fields
    return {n: read[n] for n in missing if n in read}


def stacked_codes_split(
    side: SideRead, found: Interpretation, missing: Sequence[str], engine: OcrEngine
) -> tuple[OcrPage, list[int]]:
    """``side``'s page with the unlabelled words that fit the ``missing`` codes
    (:func:`lost_code_values`) and hold a small label tight above them in their box split
    into the label's words and the value read alone (:func:`pipeline.reread.split_stacked`):
    a code under its label in small print, the two read as one word (14444's 0279, a
    web-small Regence card: ``Rx grp`` over ``RGN4999`` read ``GN4999``, ``Rx pcn`` over
    ``REGENCE`` read ``EGENCE``); the page as it was where none does. With the indices of
    those words on the page returned."""
    values = lost_code_values(side.side, side.page, found, missing)
    if not values:
        return side.page, values
    page = reread.split_stacked(side.page, side.ocr_image, engine, only=set(values))
    if page is side.page:
        return page, values
    return page, lost_code_values(side.side, page, found, missing)


def lost_code_values(
    side: Side, page: OcrPage, found: Interpretation, missing: Sequence[str]
) -> list[int]:
    """Indices of the words of ``side``'s page whose lost labels :func:`lost_code_labels`
    reads: words no reading explains that fit one of the ``missing`` codes (as
    :func:`find_lost_labels` takes them, digits first, at most ``MAX_LOST_LABELS`` per
    code), each once however many codes it fits; no label (a word ending in a colon), word
    of a card's headings (:func:`pipeline.fields.card_word`: ``MEMBER``, ``CUSTOMER``) or
    word inside a field's box (the member's name: ``AISHA``), which a loose PCN format
    fits too; no part of an address or phone number (:func:`address_part`)."""
    taken = values_read(found.fields, found.distractors)
    read = [f.box for f in found.fields.values() if f.side == side]

    def keep(i: int, w: OcrWord) -> bool:
        return not w.text.rstrip().endswith(":") and not fields.card_word(
            fields.clean_value(w.text)) and not any(
            b.left <= (w.box.left + w.box.right) / 2 <= b.right and b.top <= w.box.cy <= b.bottom
            for b in read) and not address_part(page.words, i)

    out: list[int] = []
    for name in missing:
        out += [i for i in unlabelled_fits(page.words, found.template.fields[name], taken, keep)
                if i not in out]
    return out


def wanted_labels(
    sides: Sequence[SideRead], template: Template, names: Collection[str],
    done: Collection[str],
) -> Iterator[tuple[SideRead, list[fields.LabelHit], fields.LabelHit, FieldRule]]:
    """Each side's field labels (over no placeholder) of the fields ``names`` not yet in
    ``done`` (checked as each is given: a caller fills it as it goes), with the side, all
    of that side's such labels, the label and its rule."""
    for s in sides:
        hits = [h for h in fields.side_labels(s.page, template, s.side)
                if not fields.shows_placeholder(s.page.words, h)]
        for hit in hits:
            rule = hit.rule
            if isinstance(rule, FieldRule) and rule.name in names and rule.name not in done:
                yield s, hits, hit, rule


_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
"""A ZIP code, or ZIP+4 (``68142-9819``)."""
_STATE = re.compile(r"[A-Z]{2},?")
"""A state's two letters before its ZIP code (``NE``)."""
_LOCAL_PHONE = re.compile(r"\(?\d{3}\)?|\d{3}-\d{4}")
"""A phone number's area code or its last seven digits, read as words of their own."""


def address_part(words: Sequence[OcrWord], i: int) -> bool:
    """True when page word ``i`` is a part of a mailing address or a phone number, no
    code of the pharmacy's or payer's: a PO box's number (after ``Box``), a ZIP code after
    a state's two letters, a phone number's pieces (``(402)``, ``692-3077``). The lost-code
    label search read round these for nothing on most cards (foundation: 386 label
    regions on 53 of 217 cards for one code found)."""
    own = words[i].text.strip()
    text = fields.clean_value(own)
    prev = words[i - 1].text.strip() if i > 0 and words[i - 1].line == words[i].line else ""
    after = words[i + 1].text.strip() if i + 1 < len(words) and (
        words[i + 1].line == words[i].line) else ""
    return (prev.rstrip(".").lower() == "box" and text.isdigit()) or (
        _ZIP.fullmatch(text) is not None and _STATE.fullmatch(prev) is not None) or (
        _LOCAL_PHONE.fullmatch(own) is not None and (
            fields.is_phone(f"{prev} {own}") or fields.is_phone(f"{own} {after}"))) or (
        fields.is_phone(text))


LOST_LABEL_CODES = (*fields.RX_ORDER, "payer_id")
"""Codes whose lost labels are looked for (:func:`lost_code_labels`)."""


CODE_AGREEING = 3
"""Readings (of four) that must agree on a code read again beside its label: two agreed
on wrong payer IDs (47970 for 47570) as often as on right ones."""


CODE_REREAD_BELOW = 0.5
"""Confidence under which a code's reading counts as none for :func:`reread_codes`: the
page's guess at print it could not read (the dev range's 0178: ``PBC`` at 0.07 of
``PBC1208``, its digits read apart at 0.0; 0296: ``RH`` at 0.38 of a serif ``RHY492``),
which closer reads may read whole. As :data:`pipeline.derived.MIN_EXTRA_CONFIDENCE`."""


def reread_codes(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine
) -> dict[str, FieldReading]:
    """Values of the pharmacy's codes, the payer ID and the Rx ID (:data:`CODE_FIELDS`)
    whose label was read but whose value was not, or does not fit its format (a small
    value lost to blur, ``OO%`` for ``003858``), or barely (``CODE_REREAD_BELOW``; the
    closer reading replaces it only at that confidence at least): the label's row up to
    the next label or value, and the band under it, read again as identifier characters
    (:func:`pipeline.reread.code_regions`), three of four readings agreeing
    (:data:`CODE_AGREEING`) and none reading a look-alike of it. No OCR on a
    card whose codes all read, or whose missing codes show no label. An Rx ID may equal
    the member ID; no other code takes a value the card gave another field or a decoy."""
    template = found.template
    names = {n for n in CODE_FIELDS if (code := template.fields.get(n)) is not None and (
        (r := found.fields.get(n)) is None or not fields.fits_pattern(code, r.value))}
    barely = {n for n in CODE_FIELDS if n in template.fields and n not in names
              and found.fields[n].confidence < CODE_REREAD_BELOW}
    names |= barely
    if not any(n in found.fields for n in fields.RX_ORDER):
        names.discard("rx_id")  # no Rx block read: most cards print no Rx ID (no search)
    if not names:
        return {}
    out: dict[str, FieldReading] = {}
    for s, hits, hit, rule in wanted_labels(sides, template, names, out):
        others = {n: f for n, f in found.fields.items() if n != rule.name}
        taken = values_read(
            {n: f for n, f in others.items() if not (
                rule.name == "rx_id" and n == "member_id")}, found.distractors)
        stops = [h.box for h in hits if h.indices != hit.indices] + [
            f.box for f in others.values() if f.side == s.side]

        def fits(value: str, rule: FieldRule = rule, taken: set[str] = taken) -> bool:
            # (a phone number beside a mangled label is none of its code: 377-904-9242)
            return value not in taken and fields.fits_pattern(rule, value) and not (
                fields.is_phone(value))

        for region in reread.code_regions(
                s.page.words, hit.box, rule.below, s.ocr_image.shape[1], stops):
            votes = reread.region_votes(s.ocr_image, region, fits, engine,
                                        whitelist=rule.chars or reread.ID_WHITELIST)
            # Nearest the label's end on its row, nearest its left edge under it.
            got = reread.nearest_agreed(
                votes, region.left if region.top < hit.box.bottom else hit.box.left)
            # A reading holding a character more than its print's glyphs (``OSCR004`` over
            # the six of ``OSCR04``: a closer reading's doubled 0; 12929's 0039) is not
            # taken, nor then a farther region's (dev's 0149: a phone's digits beyond).
            if got is not None and glyphs.glyphs_short(s.ocr_image, got[1], got[0]):
                break
            # No other field checks a code: most readings agree on it, and none read a
            # look-alike of it (an Rx ID's Z read 2 once: 21933952143 or Z1933952143).
            if got is not None and len(votes[got[0]]) >= CODE_AGREEING and not any(
                    v != got[0] and fields.alike(v, got[0]) for v in votes):
                value, box, confidence = got
                out[rule.name] = FieldReading(
                    name=rule.name, value=fields.zeros_for_os(rule, value),
                    confidence=round(confidence * hit.score, 3), side=s.side,
                    label=hit.label, box=box)
                break
    return {n: r for n, r in out.items() if n not in barely or r.confidence >= CODE_REREAD_BELOW}


REPAIRED_SEARCH_CAP = 0.45
"""Top confidence of a value found near its label (:func:`search_near_labels`) whose
agreeing readings fit the format only once an OCR look-alike is swapped: under the review
bars of the member ID and group, since the swap is the format's guess, not the print's."""


SECOND_LOOK_CODES = frozenset(code for levels in _DOUBT_LEVELS for code in levels)
"""Review reasons that a second, harder read of doubtful words may clear."""


def needs_second_look(found: Interpretation) -> bool:
    """True when the member ID or group is missing or doubtful after the first read."""
    return any(r.code in SECOND_LOOK_CODES for r in found.reasons)


LONE_GROUP_CONFIDENCE = 0.4
"""Confidence of a group taken with no label (:func:`lone_group`): under the review bar,
so a person checks it; shown rather than left out."""


def first_alternative(pattern: str) -> str:
    r"""The first top-level alternative of a regular expression (``\d{2}-\d{6}`` of
    ``\d{2}-\d{6}|\d{5,9}``); the whole pattern when it has one."""
    depth, escaped = 0, False
    for i, c in enumerate(pattern):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "|" and depth == 0:
            return pattern[:i]
    return pattern


def lone_group(
    found: Interpretation, pages: Sequence[tuple[Side, OcrPage]]
) -> FieldReading | None:
    """The group a card should show but whose label was lost (painted over by a mark,
    blurred away), when exactly one code on the card that no reading explains fits the
    group's format (or, of several, the format's first form: UMR's ``76-738910``); None
    otherwise. When that code could be an Rx BIN (it fits the BIN's format) and other words
    of its side fit the group's (:func:`rival_fits`): the one such word that no BIN's
    format fits (the group ``96960`` above the BIN ``610014``), else None. A code after
    what OCR left of another field's label (:func:`after_other_label`: ``BN, 011552``) is
    that field's, never the group: the one code left is taken, or that code's rival as
    above, else None. Uncertain (``LONE_GROUP_CONFIDENCE``)."""
    rule = found.template.fields.get("group_number")
    if rule is None:
        return None
    taken = values_read(found.fields, found.distractors)
    lone = lone_value(rule, taken, pages, LONE_GROUP_CONFIDENCE, lookalikes=True)
    # Another field's code, its label's remnant before it ('BN, 011552'), is no candidate:
    # the one code left, if any; else that code stands only as the BIN whose rival below
    # is the group.
    others = [(side, box) for side, page in pages
              for box in after_other_label(page, found.template, rule.name)]
    def after_label(reading: FieldReading) -> bool:
        return any(s == reading.side and fields.overlap_share(reading.box, b) > 0.5
                   for s, b in others)

    labelled = lone is not None and after_label(lone)
    if lone is not None and labelled:
        lone = lone_value(rule, taken, pages, LONE_GROUP_CONFIDENCE, lookalikes=True,
                          exclude=others) or lone
        labelled = after_label(lone)
    bin_rule = found.template.fields.get("rx_bin")
    if lone is None or bin_rule is None or not fields.fits_pattern(bin_rule, lone.value):
        return None if labelled else lone
    page = next(p for s, p in pages if s == lone.side)
    rivals = rival_fits(lone, rule, taken, page)
    if not rivals:
        return None if labelled else lone
    if len(rivals) == 1 and len(rivals[0][0]) >= RIVAL_GROUP_MIN and not fields.fits_pattern(
            bin_rule, rivals[0][0]):
        # The BIN and one word that cannot be one: that word is the group.
        value, box = rivals[0]
        return FieldReading(name=rule.name, value=value, confidence=LONE_GROUP_CONFIDENCE,
                            side=lone.side, label="", box=box)
    return None


OTHER_LABEL_SIMILARITY = 80.0
"""rapidfuzz ratio (0-100) from which a word's letters read as the last word of a label
(``BN,`` of ``Rx BIN``: 80; ``GRP`` and ``RXGRP`` 75), when nearer it than any of the
field's own labels' last words."""


def _label_words(labels: Iterable[str], at: int) -> set[str]:
    """The first (``at`` 0) or last (``at`` -1) words of ``labels``, capitals only."""
    return {re.sub("[^A-Z]", "", label.split()[at].upper()) for label in labels
            if label.split()}


def own_labels(template: Template, name: str) -> list[str]:
    """Field ``name``'s labels on ``template`` and on the generic template (an Aetna card's
    group printed under ``GRP:``, which Aetna's own labels lack)."""
    generic, _ = load_templates()
    return [label for t in (template, generic) if name in t.fields
            for label in t.fields[name].labels]


def label_tails(template: Template, name: str) -> frozenset[str]:
    """The last words (capitals only) of the labels of the template's fields and decoys
    other than field ``name``, save those that end one of ``name``'s own labels
    (:func:`own_labels`; ``GRP`` ends ``Rx GRP`` and a group's ``GRP``, ``ID`` ends
    ``Member ID`` and ``Group ID``)."""
    other = set().union(
        *(_label_words(r.labels, -1) for n, r in template.fields.items() if n != name),
        *(_label_words(d.labels, -1) for d in template.distractors))
    return frozenset(t for t in other - _label_words(own_labels(template, name), -1)
                     if len(t) >= 2)


def after_other_label(page: OcrPage, template: Template, name: str) -> list[Box]:
    """The boxes (card frame) of the words printed right after what OCR left of another
    field's label (:func:`label_tails`, within ``OTHER_LABEL_SIMILARITY``): ``011552``
    after ``BN,`` of ``Rx BIN`` is the card's BIN, however small its label, never a lost
    value of field ``name``; unless the word before that one starts one of ``name``'s own
    labels (``Group`` ``In.`` ``JF6511``: the group's label misread)."""
    own = own_labels(template, name)
    tails, own_tails, heads = (label_tails(template, name), _label_words(own, -1),
                               _label_words(own, 0))
    words = page.words

    def likeness(text: str, options: Collection[str]) -> float:
        letters = re.sub("[^A-Z]", "", text.upper())
        return max((fuzz.ratio(letters, t) for t in options), default=0.0) if len(
            letters) >= 2 else 0.0

    out = []
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        if prev.line != word.line or not _just_left_of(prev.box, word.box):
            continue
        other = likeness(prev.text, tails)
        if other < OTHER_LABEL_SIMILARITY or likeness(prev.text, own_tails) >= other:
            continue
        if i >= 2 and words[i - 2].line == prev.line and likeness(
                words[i - 2].text, heads) >= OTHER_LABEL_SIMILARITY:
            continue
        out.append(word.box)
    return out


def row_group(
    found: Interpretation, pages: Sequence[tuple[Side, OcrPage]]
) -> FieldReading | None:
    """With no group read and the member ID taken with no label (its heads lost: white
    labels in a blurred band, a web image's small type), the one other code in the member
    ID's row (words sharing half its height, card frame) that no reading explains and
    that fits the group's format, uncertain (``LONE_GROUP_CONFIDENCE``): a row of values
    under lost column heads (``JM8832231`` ``37404`` ``Tailspin Toys LLC`` under
    ``Enrollee ID`` ``Group No.`` ``Group Name``) holds the group as often as not, even on
    a carrier's card that may print none, and a person should see it. Digits only: a
    code with letters beside a lost-label member ID is a plan's or pharmacy's as often
    (Oscar's ``OSCRE3``, a Medicare plan's ``BP6837``); no placeholder (``0000``), no card
    issuer's number (:func:`after_issuer`), no known pharmacy BIN (``004336`` in the row of
    an Rx block whose labels were lost). None when there is none or several."""
    member = found.fields.get("member_id")
    rule = found.template.fields.get("group_number")
    if member is None or member.label or rule is None or "group_number" in found.fields:
        return None
    page = next(p for s, p in pages if s == member.side)
    taken = values_read(found.fields, found.distractors)
    b = member.box
    issuers = issuer_boxes(page)  # a card issuer's number heads no group's column
    row = [w for w in page.words
           if fields.same_row(w.box, b) and fields.overlap_share(w.box, b) < 0.5
           and not after_issuer(issuers, w.box)]
    codes = [(text, w.box) for w in row if (text := fields.clean_value(w.text)).isdigit()
             and not is_placeholder(text) and text not in taken
             and text not in fields.KNOWN_BINS and fields.fits_pattern(rule, text)]
    if len(codes) != 1:
        return None
    value, box = codes[0]
    return FieldReading(name="group_number", value=value, confidence=LONE_GROUP_CONFIDENCE,
                        side=member.side, label="", box=box)


RIVAL_GROUP_MIN = 5
"""Fewest characters of a word taken for a lost group in place of a BIN-like code
(:func:`lone_group`): shorter numbers fitting a loose format are a card's PCN (``9999``),
a street number or a plan code as often as its group."""


def rival_fits(
    lone: FieldReading, rule: FieldRule, taken: Collection[str], page: OcrPage
) -> list[tuple[str, Box]]:
    r"""The words (cleaned value, box) of ``lone``'s side other than its own that fit
    ``rule``'s format, short numbers included (which :func:`lone_value` passes over as no
    codes), save phone numbers, dates, a card issuer's ``(80840)`` and its number, and
    parts of the values in ``taken`` or those values read again (:func:`read_again`). A
    card whose group label was lost most often lost its other small labels too: its Rx
    BIN (``610014``, fitting a group's ``\d{5,8}``) then passes for the group while the
    group itself is a short number (``96960``) or another fit (``20931595`` beside a BIN
    read ``911552``)."""
    out: list[tuple[str, Box]] = []
    issuers = issuer_boxes(page)
    for w in page.words:
        if fields.overlap_share(w.box, lone.box) > 0 or issuer_prefix(w.text) or (
                after_issuer(issuers, w.box)):
            continue
        v = fields.clean_value(w.text)
        if v and v != lone.value and fields.fits_pattern(rule, v) and not (
                fields.is_phone(v) or _PHONE_PART.fullmatch(v) or _DATE.fullmatch(v)
                or any(v in t for t in taken) or read_again(v, taken)) and v not in (
                    r for r, _ in out):
            out.append((v, w.box))
    return out


LONE_MEMBER_CONFIDENCE = 0.4
"""Confidence of a member ID taken with no label (:func:`lone_member_id`): under the
review bar."""


def lone_member_id(
    found: Interpretation, pages: Sequence[tuple[Side, OcrPage]], minimum: float
) -> FieldReading | None:
    """The member ID of a card whose label was lost (a pale typewriter font, a mark) or
    whose value OCR misread, uncertain (``LONE_MEMBER_CONFIDENCE``); None when none or
    several candidates remain. In order:

    1. on a card whose carrier's template gives its format, when none was read or the one
       read breaks that format at a doubtful confidence (under ``minimum``: a payer ID whose
       ``Payer`` was lost, read as the ``ID``): the one code on the card that no other
       reading explains and that fits the format, as read or with OCR look-alikes swapped
       (:func:`lone_value`). The Rx ID explains none: it is the member ID printed again;
    2. with none read: the one state Medicaid ID (a decoy where the card prints a member ID
       too) that fits;
    3. with none read: the member ID the card's Rx ID repeats (:func:`rx_id_member`);
    4. with none read, on a card of no carrier template: the one Medicare number
       (:data:`MBI`) on it, as read or with look-alikes swapped; else the one code no
       other reading explains that fits the generic format, as read, of at least
       :data:`GENERIC_LONE_MIN` characters (always reviewed: nothing but its being the
       only one names it)."""
    rule = found.template.fields.get("member_id")
    if rule is None:
        return None
    current = found.fields.get("member_id")
    if current is not None and (
            current.confidence >= minimum or fields.fits_pattern(rule, current.value)):
        return None
    rx = found.fields.get("rx_id")
    others = {n: f for n, f in found.fields.items() if n not in ("member_id", "rx_id")}
    taken = values_read(others, found.distractors)
    # The Rx ID's own words are no candidate (another reading of it would pass for a lost
    # member ID), but its value explains none; nor are the words another label gives a
    # value to, read or not.
    rx_words = [(rx.side, rx.box)] if rx is not None else []
    rx_words += [(side, box) for side, page in pages for box in fields.others_values(
        page, found.template, side, MEMBER_ID_PARTS)]
    lone = None
    if found.carrier.source == "template":
        lone = lone_value(rule, taken, pages, LONE_MEMBER_CONFIDENCE, pairs=True,
                          exclude=rx_words, repaired=True)
    if lone is not None or current is not None:
        return lone
    state_ids = [d for d in found.distractors
                 if d.kind == "medicaid_id" and fields.fits_pattern(rule, d.value)]
    if found.carrier.source == "template" and len(state_ids) == 1:
        # A card printing only the state's Medicaid ID: the only ID it has, for a person.
        d = state_ids[0]
        return FieldReading(name="member_id", value=d.value, confidence=LONE_MEMBER_CONFIDENCE,
                            side=d.side, label=d.label, box=d.box)
    if rx is not None and (got := rx_id_member(rule, rx, taken, pages, rx_words)) is not None:
        return got
    if found.carrier.source == "template":
        return None
    if (mbi := _mbi_rule()) is not None and (got := lone_value(
            mbi, taken, pages, LONE_MEMBER_CONFIDENCE, pairs=True, exclude=rx_words,
            repaired=True)) is not None:
        return got
    # No template gives the format: the card's one unexplained code of a member ID's
    # length (a group's is most often shorter), as read, in doubt.
    got = lone_value(rule, taken, pages, LONE_MEMBER_CONFIDENCE, pairs=True,
                     exclude=rx_words)
    return got if got is not None and len(got.value) >= GENERIC_LONE_MIN else None


GENERIC_LONE_MIN = 9
"""Fewest characters of a lone member ID taken on a card of no template: shorter unlabelled
codes are as often the group (PacificSource's ``G940147`` whose member ID glare hid)."""


MEMBER_ID_PARTS = frozenset({"member_id", "member_id_prefix", "member_id_suffix"})
"""The fields of a member ID printed whole or in parts: the words their labels give a
value to may be a lost member ID's."""


MBI_TEMPLATE = "medicare"
"""The template whose member-ID rule is the Medicare Beneficiary Identifier's CMS format
(11 characters, letters and digits at fixed places, never S, L, O, I, B or Z): a code of
that form is a Medicare number on any card."""


@functools.cache
def _mbi_rule() -> FieldRule | None:
    """The member-ID rule of :data:`MBI_TEMPLATE`; None when no such template ships."""
    _, carriers = load_templates()
    return next((t.fields.get("member_id") for t in carriers if t.id == MBI_TEMPLATE), None)


PERSON_CODE = re.compile(r"\d{2}")
"""The two-digit person code (``00``, ``01``) an Rx ID may add after the member ID."""
RX_ID_AGREE_MIN = 8
"""Shortest member ID that a card's code one character off may still confirm."""


def rx_id_member(
    rule: FieldRule, rx: FieldReading, taken: Collection[str],
    pages: Sequence[tuple[Side, OcrPage]], exclude: Sequence[tuple[Side, Box]] = (),
) -> FieldReading | None:
    """The member ID that a card's Rx ID repeats, when the member ID itself was not read.
    Cards print the pharmacy's ID as the member ID, or it followed by a two-digit person
    code (``NDY20066560600`` of ``NDY200665606``). The forms of ``rx`` that fit ``rule``
    are candidates; one is taken when a code elsewhere on the card (a word, or two words
    of a line joined; not the Rx ID's own words nor a value in ``taken``) agrees with it:
    equal, holding it with at most two characters of debris (``UNDY200665606_``), or one
    character off (``KOE104670697``); words inside a box of ``exclude`` (side, box) are no
    such code. The Rx ID's reading is the value (it fits the
    format), uncertain (``LONE_MEMBER_CONFIDENCE``): the two printings agreeing is the
    evidence, and a card may give its pharmacy another number."""
    forms = [rx.value]
    if PERSON_CODE.fullmatch(rx.value[-2:]):
        forms.append(rx.value[:-2])
    forms = [f for f in forms if fields.fits_pattern(rule, f)]
    best: dict[str, tuple[int, Side, Box]] = {}
    for side, page in pages:
        words = [w for w in page.words
                 if not any(s == side and fields.overlap_share(w.box, b) > 0.5
                            for s, b in [(rx.side, rx.box), *exclude])]
        runs = [(fields.clean_value(w.text).upper(), w.box) for w in words]
        runs += [(fields.clean_value(a.text + b.text).upper(), a.box.union(b.box))
                 for a, b in pairwise(words) if a.line == b.line]
        for code, box in runs:
            if not code or any(code in t for t in taken):
                continue
            for form in forms:
                rank = _agreement(code, form)
                if rank is not None and (form not in best or rank < best[form][0]):
                    best[form] = (rank, side, box)
    if not best:
        return None
    top = min(r for r, _, _ in best.values())
    picks = [f for f, (r, _, _) in best.items() if r == top]
    if len(picks) != 1:
        return None
    _, side, box = best[picks[0]]
    return FieldReading(name=rule.name, value=picks[0], confidence=LONE_MEMBER_CONFIDENCE,
                        side=side, label="", box=box)


_MONTH_YEAR = re.compile(r"\d{1,2}[/.-](?:19|20)\d{2}")
"""A date's month and year (``1-2011``), as a code no field's format excludes; a whole date,
or one cut short (``12-01-199`` in a glare), is :data:`_DATE`'s."""
MARK_NEAR_HEIGHTS = 1.0
"""Margin round a code, in its box heights, within which an explainer mark's painted pixels
point at it (:func:`group_marked`): an ellipse drawn round a label and its value passes
above and below the value's box, an arrow's head stops short of it."""


def group_marked(found: Interpretation, sides: Sequence[SideRead]) -> dict[str, FieldReading]:
    """A card showing no group whose loss would pass unseen (:func:`lost_group_unflagged`)
    where an explainer mark points at one code (``MARK_NEAR_HEIGHTS``, ``MARK_TOUCH_PX``
    painted pixels) that no reading explains and that fits the group's format, a digit in
    it: that code as the group, uncertain (``LONE_GROUP_CONFIDENCE``), so a person checks
    it. An explainer card marks the fields it explains, and the pen's stroke cuts off a
    small label (9898's 0032: ``Group`` under a red ellipse read ``aie``, ``06857`` left
    with no label by both engines). Not a word of a value read (the member ID's print,
    misread by the page and mended since: 9898's 0042), nor a code after an ``Rx`` (the
    BIN under a garbled ``RxBIN``: 9898's 0063), nor a date or its end (``1-2011``: 9393's
    0043; ``12-01-199``, wide's 0059). The front only: a back's marked code is its phones'
    (``711``, 9393's 0287). Not on a card with no member ID either: the marked code is as
    likely its misreading (9494's 0326), and the card goes to a person anyway. Empty
    otherwise."""
    if not lost_group_unflagged(found) or "member_id" not in found.fields:
        return {}
    front = next((s for s in sides if s.side == "front"), None)
    mask = None if front is None else enhance.painted_marks(front.card.pixels)[1]
    if front is None or mask is None:
        return {}
    words = front.page.words
    boxes = [r.box for r in found.fields.values() if r.side == "front"]
    hits = unlabelled_fits(words, found.template.fields["group_number"],
                           values_read(found.fields, found.distractors),
                           lambda i, _w: _marked_code(words, i, mask, boxes))
    if len(hits) != 1:
        return {}
    word = words[hits[0]]
    return {"group_number": FieldReading(
        name="group_number", value=fields.clean_value(word.text),
        confidence=LONE_GROUP_CONFIDENCE, side="front", label="", box=word.box)}


def _marked_code(words: Sequence[OcrWord], i: int, mask: Image, boxes: Sequence[Box]) -> bool:
    """True when word ``i`` is a code with a digit, no date, no Marketplace plan ID (9797's
    0270: Oscar's ``94535GA2566129``), no part of a value read (in ``boxes``), not after an
    ``Rx``, that an explainer mark (``mask``: card frame, 1 where
    painted out) points at: ``MARK_TOUCH_PX`` painted pixels within ``MARK_NEAR_HEIGHTS``
    of its box (:func:`group_marked`)."""
    word = words[i]
    code = fields.code_text(word.text)
    if not re.search(r"\d", code) or _MONTH_YEAR.fullmatch(code) or _DATE.fullmatch(code) or (
            plan_id_shaped(code)):
        return False
    if any(fields.overlap_share(word.box, b) > 0.5 for b in boxes):
        return False
    before = words[i - 1] if i > 0 and words[i - 1].line == word.line else None
    if before is not None and _just_left_of(before.box, word.box) and (
            fields.is_rx_fragment(before.text) or fields.opens_with_rx(before.text)):
        return False
    pad = MARK_NEAR_HEIGHTS * word.box.height
    near = mask[max(0, int(word.box.top - pad)) : int(word.box.bottom + pad) + 1,
                max(0, int(word.box.left - pad)) : int(word.box.right + pad) + 1]
    return int(near.sum()) >= MARK_TOUCH_PX


def group_is_a_bin(readings: Mapping[str, FieldReading]) -> dict[str, FieldReading]:
    """The group reading made uncertain (``UNCONFIRMED_CONFIDENCE`` at most) when it is a
    known pharmacy BIN's digits (:data:`pipeline.fields.KNOWN_BINS`): the plan's group is
    not the pharmacy's routing number, so the group's own value was lost and another
    label's taken (d9494 0280: ``Group`` over a photocopy's ``B24798,``, then ``RxBIN``
    over ``011552``). No group of 4,991 on the generated ranges is one. Empty otherwise."""
    group = readings.get("group_number")
    if group is None or group.value not in fields.KNOWN_BINS or (
            group.confidence <= UNCONFIRMED_CONFIDENCE):
        return {}
    return {"group_number": replace(group, confidence=UNCONFIRMED_CONFIDENCE)}


def rx_copy_confirmed(
    found: Interpretation, sides: Sequence[SideRead], config: Config,
    round_doubts: Collection[str] = (),
) -> dict[str, FieldReading]:
    """The member ID under its review bar made confident (``CONFIRMED_CONFIDENCE``) when
    the card prints it twice: the labelled Rx ID, read from other words, is the member ID
    or it followed by a two-digit person code (``154976318700`` of ``1549763187``), and
    the ID fits its format (the carrier's template's, or any card's). The two prints are
    read apart, so a misreading or another code (a plan ID, a state's Medicaid ID taken
    for a member ID with no label) agrees with the Rx ID only by chance.
    The member ID must be what a word of its own (or two of a line) reads, with at most
    two characters of debris (``UNDY200665606_``; :func:`_agreement`), not a value copied
    from the Rx ID where the card's code is one character off (:func:`rx_id_member`);
    nor one whose O or 0 its own glyphs put in doubt (``round_doubts``, field names): the
    Rx ID's print is read with the same habits (d9393 0386, ``O42640534`` read ``0…``
    twice). Empty when nothing changes. No OCR."""
    if "member_id" in round_doubts:
        return {}
    member, rx = found.fields.get("member_id"), found.fields.get("rx_id")
    rule = found.template.fields.get("member_id")
    if member is None or rx is None or rule is None or not rx.label or (
            member.confidence >= config.member_id_min_confidence) or (
            not fields.fits_pattern(rule, member.value)):
        return {}
    if not rx_repeats(rx.value, member.value) or (
            rx.side == member.side and fields.overlap_share(member.box, rx.box) > 0):
        return {}
    page = next(s.page for s in sides if s.side == member.side)
    words = [w for w in page.words if fields.overlap_share(w.box, member.box) > 0.5]
    runs = [w.text for w in words] + [a.text + b.text for a, b in pairwise(words)
                                      if a.line == b.line]
    if not any((rank := _agreement(_TRAILING_MARKS.sub("", fields.clean_value(r)).upper(),
                                   member.value)) is not None and rank <= 1 for r in runs):
        return {}
    return {"member_id": replace(member, confidence=max(member.confidence,
                                                        CONFIRMED_CONFIDENCE))}


def _agreement(code: str, form: str) -> int | None:
    """How closely a code read on a card agrees with a member ID ``form``: 0 equal, 1
    holding it with at most two characters of debris, 2 one character off (as long,
    ``RX_ID_AGREE_MIN`` characters or more); None otherwise."""
    if code == form:
        return 0
    if form in code and len(code) - len(form) <= 2:
        return 1
    if len(code) == len(form) >= RX_ID_AGREE_MIN and sum(
            a != b for a, b in zip(code, form, strict=True)) == 1:
        return 2
    return None


ISSUER_PREFIX = "80840"
"""The prefix of a card issuer's number (its Health Plan or Issuer ID), printed before it."""
ISSUER_MISREAD_EDITS = (1, 2)
"""Most edits from ``ISSUER_PREFIX`` at which a bracketed word is still a misread
``(80840)``: with its closing bracket read, and with both brackets read."""


def issuer_prefix(text: str) -> bool:
    """True when an OCR word is a card issuer's ``(80840)``: holding it, or, in small or
    soft print, a bracketed word of 4-6 letters and digits a few edits from it
    (:data:`ISSUER_MISREAD_EDITS`: ``¢£0840)``, ``(20340)`` on 430 px web images)."""
    if ISSUER_PREFIX in text:
        return True
    core = re.sub(r"[^0-9A-Za-z]", "", text)
    if ")" not in text or not 4 <= len(core) <= 6:
        return False
    most = ISSUER_MISREAD_EDITS[1] if "(" in text else ISSUER_MISREAD_EDITS[0]
    return Levenshtein.distance(core, ISSUER_PREFIX) <= most


ISSUER_TAKEN_FIELDS = ("member_id", "group_number")
"""Fields whose value, read where a card issuer's number stands (:func:`issuer_number`), is
doubted."""
ISSUER_NUMBER_CONFIDENCE = 0.4
"""Top confidence of a member ID or group whose value stands where a card issuer's number
does: under the review bars."""


def known_pcn_as_group(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]]
) -> FieldReading | None:
    """The group reading as the Rx PCN, where its value is a PCN the card's Rx BIN (read,
    or known by its digits: :func:`pipeline.derived.known_bin`) is known to print
    (:data:`pipeline.derived.PCNS_BY_BIN`) on the BIN's side: the pharmacy's code, no
    plan's group (13636's 0205, soft focus: UHC Student Resources' ``Policy number`` lost,
    and OptumRx's ``9999`` in the next column on its row taken at 0.93). Unlabelled, at
    its own confidence; None otherwise."""
    group = found.get("group_number")
    rx_bin = found.get("rx_bin") or (derived.known_bin(found, pages) if group else None)
    if group is None or rx_bin is None or group.side != rx_bin.side or (
            group.value not in derived.PCNS_BY_BIN.get(rx_bin.value, frozenset())):
        return None
    return replace(group, name="rx_pcn", label="", label_score=1.0)


def issuer_number(reading: FieldReading, pages: Sequence[tuple[Side, OcrPage]]) -> bool:
    """True when ``reading`` (a member ID or group) stands where its side's page shows a
    card issuer's number (:func:`after_issuer`: right of a ``(80840)``, or under one
    heading a column) and its label is not its own there: no word of the label just
    before it on its row or just over it (:func:`label_beside`). The label is then another
    column's, its own value lost (13737's 0091: glare washed out the ID right of ``Id#``,
    and the second engine took the ``9606748958`` under ``Plan (80840)`` in the next
    column, on the label's row). A value under its own head beside a blank issuer's
    ``(80840)`` (``Issuer #:`` ``Group Number:`` over ``(80840)`` ``585945``, a wide
    card's) or after its label under one (``Member ID: QOX820839483``) is its field's."""
    page = next((p for side, p in pages if side == reading.side), None)
    if page is None:
        return False
    # Under a prefix only where it heads a column, a word of its label just before it
    # (``Plan (80840)``), not where it is a blank issuer's value across a table's gap
    # (``Issuer #:`` ... ``(80840)`` over ``U22183206``, a wide card's).
    issuers = [(b, beside) for b, beside in issuer_boxes(page)
               if beside or any(_just_left_of(w.box, b) for w in page.words)]
    return after_issuer(issuers, reading.box) and not label_beside(reading, page)


def label_beside(reading: FieldReading, page: OcrPage) -> bool:
    """True when a word of ``reading``'s label (as normalised) stands just before its box
    on its row (within four heights) or just over it (its foot within 1.5 heights above
    the box's top, the two overlapping across). Card frame, pixels."""
    label = {fields.normalize_label(w) for w in reading.label.split()} - {""}
    box, h = reading.box, max(reading.box.height, 1.0)
    return any(
        fields.normalize_label(w.text) in label and (
            _just_left_of(w.box, box, reach=4.0) or (
                w.box.bottom <= box.top + 0.5 * h and box.top - w.box.bottom <= 1.5 * h
                and min(w.box.right, box.right) > max(w.box.left, box.left)))
        for w in page.words)


def issuer_boxes(page: OcrPage) -> list[tuple[Box, bool]]:
    """The boxes (card frame) of a page's card issuer prefixes (:func:`issuer_prefix`),
    each with whether a word follows it on its row (its number printed beside it)."""
    return [(w.box, any(_just_left_of(w.box, x.box, reach=4.0) for x in page.words))
            for w in page.words if issuer_prefix(w.text)]


def after_issuer(issuers: Sequence[tuple[Box, bool]], box: Box) -> bool:
    """True when the word at ``box`` is a card issuer's number: just right of one of its
    ``(80840)`` prefixes (``issuers``: :func:`issuer_boxes`) on its row, or just under a
    prefix with nothing beside it, heading a column (``Health Plan (80840)`` over
    ``9140461942``: within the word's height, overlapping it)."""
    h = max(box.height, 1.0)
    return any(
        _just_left_of(b, box, reach=4.0) or (
            not beside and b.cy < box.top and box.top - b.bottom <= h
            and min(b.right, box.right) > max(b.left, box.left))
        for b, beside in issuers)


SPLIT_TOKEN_WORDS = 3
"""Most words OCR may split one printed code into at narrow gaps (``U204`` ``1``
``3009``)."""


def _split_token_runs(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """Runs of two to ``SPLIT_TOKEN_WORDS`` consecutive words of a line, each closer to the
    next than ``fields.SPLIT_GAP`` of the smaller height: one printed code split by OCR."""
    out: list[list[OcrWord]] = []
    for i in range(len(words)):
        run = [words[i]]
        for w in words[i + 1:i + SPLIT_TOKEN_WORDS]:
            last = run[-1]
            h = max(min(last.box.height, w.box.height), 1.0)
            if w.line != last.line or not 0 <= w.box.left - last.box.right < (
                    fields.SPLIT_GAP * h):
                break
            run.append(w)
            out.append(list(run))
    return out


def lone_value(
    rule: FieldRule, taken: Collection[str], pages: Sequence[tuple[Side, OcrPage]],
    confidence: float, pairs: bool = False, exclude: Sequence[tuple[Side, Box]] = (),
    repaired: bool = False, lookalikes: bool = False,
) -> FieldReading | None:
    """The one code on the pages that no value in ``taken`` explains and that fits
    ``rule`` (of several, the one fitting its format's first form), at ``confidence``;
    None when none or several do. With ``pairs``, two words of a line are also joined (a
    prefix printed apart: ``YEI 702738559``; a code OCR split after a hyphen). Words
    inside a box of ``exclude`` (side, box) are no candidates. With ``repaired``, when no
    code fits as read, the one that fits once its misreading is undone
    (:func:`pipeline.fields.mend`: ``96D7-XT2-RM42`` is Medicare's ``9GD7-XT2-RM42``).
    With ``lookalikes``, a code that another reading explains as read more fully or
    misread (:func:`read_again`) is no candidate either. Parts of a mailing address or a
    phone number (:func:`address_part`) never are; a code with a person code joined on is
    the code."""
    picks: dict[str, tuple[Side, Box]] = {}
    fixed: dict[str, tuple[Side, Box]] = {}
    for side, page in pages:
        # A card issuer's number after its '(80840)' is no lost value, labelled or not.
        issuers = issuer_boxes(page)
        # Nor a mailing address's or phone number's parts (``KY`` ``32274`` joined).
        addresses = {i for i in range(len(page.words)) if address_part(page.words, i)}
        words = [w for i, w in enumerate(page.words)
                 if i not in addresses
                 and not after_issuer(issuers, w.box)
                 and not any(s == side and fields.overlap_share(w.box, b) > 0.5
                             for s, b in exclude)]
        runs: list[tuple[str, Box]] = [(fields.clean_value(w.text), w.box) for w in words]
        if pairs:
            runs += [(fields.clean_value(a.text + b.text), a.box.union(b.box))
                     for a, b in pairwise(words)
                     if a.line == b.line and (a.text.isalpha() or a.text.endswith("-"))]
            runs += [(fields.clean_value("".join(w.text for w in run)),
                      run[0].box.union(run[-1].box)) for run in _split_token_runs(words)]
        for value, box in runs:
            if lookalikes and (read_again(value, taken) or plan_id_shaped(value)):
                continue
            if is_stray_code(value, taken) and fields.fits_pattern(rule, value):
                picks.setdefault(value, (side, box))
            elif repaired and (mended := fields.mend(rule, value)) is not None and (
                    is_stray_code(mended, taken)):
                fixed.setdefault(mended, (side, box))
    if not picks:
        picks = fixed
    # A code and the same code run on into the two-digit person code printed after it
    # (``JJE7766321592`` ``03``): one print, the code alone its value.
    picks = {v: p for v, p in picks.items()
             if not (PERSON_CODE.fullmatch(v[-2:]) and v[:-2] in picks)}
    if len(picks) > 1:  # several fit: the one fitting the format's first, most telling form
        first = re.compile(first_alternative(rule.pattern.pattern))
        picks = {v: p for v, p in picks.items() if first.fullmatch(v)}
    if len(picks) != 1:
        return None
    (value, (side, box)), = picks.items()
    return FieldReading(name=rule.name, value=value, confidence=confidence, side=side,
                        label="", box=box)


READ_AGAIN_MIN = 6
"""Fewest characters of a value read on a card for a longer code holding it to be that
value read more fully (:func:`read_again`)."""


def read_again(code: str, taken: Collection[str]) -> bool:
    """True when ``code`` (a cleaned word) is a value in ``taken`` read again: holding it
    whole (``DUG06479114``, a member ID the page's reading cut to ``DUG0647``), at least
    :data:`READ_AGAIN_MIN` characters of it, or one of OCR's look-alikes of it
    (:func:`pipeline.fields.alike`: ``00O858`` of ``003858``). No other field's code, and
    no group whose label was lost: a card prints its group apart from its other codes."""
    return any(t != code and ((len(t) >= READ_AGAIN_MIN and t in code) or fields.alike(code, t))
               for t in taken)


DISTINCT_LONE_CONFIDENCE = 0.7
"""Confidence of a lone member ID or group in a form only its carrier's have that closer
readings confirm (:func:`confirmed_lone`): over the review bars."""


def distinct_form(rule: FieldRule, value: str) -> bool:
    """Whether ``value`` has a form of ``rule`` that a stray code rarely fits by chance:
    a group in its format's first form holding a hyphen (UMR's ``76-738910``, UHC Student
    Resources' ``2024-533-0``); a member ID whose letters the format requires (Humana's
    ``H04855413``, a Blue plan's ``QLW356672329``, a Medicare number), not one of a format
    that takes any letters and digits."""
    if rule.name == "group_number":
        first = first_alternative(rule.pattern.pattern)
        return "-" in value and "-" in first and re.fullmatch(first, value) is not None
    digits = re.sub("[A-Z]", "0", value)
    return digits != value and not fields.fits_pattern(rule, digits)


def confirmed_lone(
    lone: FieldReading, found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine
) -> FieldReading:
    """``lone`` (:func:`lone_group`, :func:`lone_member_id`) trusted
    (``DISTINCT_LONE_CONFIDENCE``) when closer readings give it again with no dissent and
    it has, on a card whose carrier has a template, a :func:`distinct_form`, or, a group
    on any card, its label read in the top of its own word box (:func:`label_in_box`: the
    label then names it); or, on a card whose carrier has a template, in a form
    any code may have, when it is on the front, the card's only code that fits the format
    (:func:`sole_fit`), no labelled Rx ID gives the member another number
    (:func:`rx_id_differs`), and closer readings at two scales (``VERIFY_TEXT_PX``,
    ``reread.REGION_TEXT_PX``) each give it and nothing else (:func:`unanimous_reads`),
    and no label is stacked over it (:func:`under_a_label`; a state's Medicaid ID taken as
    the card's one ID stands under its own, and is left as it was where its side shows
    another member-ID label, :func:`plan_id_label`): the format and the card then name it,
    and the reads check its characters (13737's 0020, 14444's 0086: Molina cards printing
    only a ``Medicaid ID``, over its value, reviewed for it). As it was otherwise."""
    rule = found.template.fields.get(lone.name)
    if rule is None:
        return lone
    side = next(s for s in sides if s.side == lone.side)
    templated = found.carrier.source == "template"
    distinct = templated and distinct_form(rule, lone.value)
    # A state's Medicaid ID taken as the card's one ID stands under its own label; any
    # other member-ID label on its side is the plan's own ID's, whose value was lost.
    state_id = bool(lone.label) and fields.is_medicaid_label(lone.label)
    if state_id and plan_id_label(lone, found.template, [(s.side, s.page) for s in sides]):
        return lone
    if not distinct and templated and lone.side == "front" and not rx_id_differs(
            lone, found) and (state_id or not under_a_label(lone, side.page)) and sole_fit(
            lone, rule, found, sides) and unanimous_reads(side, lone, rule, engine):
        return replace(lone, confidence=DISTINCT_LONE_CONFIDENCE)
    if distinct or (lone.name == "group_number" and label_in_box(lone, found, side, engine)):
        votes = closer_votes(side, lone, rule, engine, VERIFY_TEXT_PX)
        got = reread.agreed_reading(votes)
        if got is not None and got[0] == lone.value and not dissent(votes, lone):
            return replace(lone, confidence=DISTINCT_LONE_CONFIDENCE)
    return lone


def under_a_label(lone: FieldReading, page: OcrPage) -> bool:
    """True when a word of three letters or more, read with some confidence
    (``reread.MIN_BLOCKING_CONFIDENCE``), is stacked right over the start of ``lone`` (its
    bottom at most one value height above the value's top, its span reaching the value's
    first half): a label the reading gave no member ID to, whose value it is (Wellcare's
    ``Plan (80840)`` over the plan's ``9140461858``, the ``(80840)`` lost to glare, where
    glare hid the member ID itself), or a member ID label too garbled to be sure of; not an
    inline label with a value of four characters or more beside it on its own row (the row
    above's ``Certificate   WQY821819225``). Card frame, pixels."""
    b, h = lone.box, max(lone.box.height, 1.0)

    def has_value(label: OcrWord) -> bool:  # an inline label: its value beside it
        return any(x.box.left > label.box.right and x.box.left - label.box.right <= 10 * h
                   and min(x.box.bottom, label.box.bottom) > max(x.box.top, label.box.top)
                   and re.search(r"\d", x.text) and len(re.sub(r"\W", "", x.text)) >= 4
                   for x in page.words)

    return any(
        len(re.sub("[^A-Za-z]", "", w.text)) >= 3
        and w.confidence >= reread.MIN_BLOCKING_CONFIDENCE
        and b.top - h <= w.box.bottom <= b.top + 0.2 * h
        and w.box.left < b.left + 0.5 * b.width and w.box.right > b.left - 0.5 * h
        and not has_value(w)
        for w in page.words)


BOX_LABEL_MIN_SCORE = 0.8
"""Least label score (:attr:`pipeline.fields.LabelHit.score`) of a group label read in a
lone group's box (:func:`label_in_box`)."""


def label_in_box(
    lone: FieldReading, found: Interpretation, side: SideRead, engine: OcrEngine
) -> bool:
    """True when the label of ``lone``'s field is read in the top of its own word box
    (:func:`pipeline.reread.box_top_label`: a small label tight above its value that the
    first pass merged into the value's box): the side's rules give those words to that
    field at ``BOX_LABEL_MIN_SCORE`` or more."""
    words = reread.box_top_label(side.ocr_image, engine, lone.box)
    if not words:
        return False
    rules: list[fields.Rule] = [
        r for r in found.template.fields.values() if r.side in ("any", side.side)]
    rules += [d for d in found.template.distractors if d.side in ("any", side.side)]
    return any(isinstance(h.rule, FieldRule) and h.rule.name == lone.name
               and h.score >= BOX_LABEL_MIN_SCORE for h in fields.find_labels(words, rules))


def reread_lone(
    lone: FieldReading, found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine
) -> FieldReading:
    """An untrusted lone group (:func:`lone_group`; the card is reviewed) with the value
    closer readings of its print agree on (:func:`closer_votes`, :func:`pipeline.reread.
    agreed_reading`) when that fits the format, is no other field's, and differs from
    the page's as a page's habit does: look-alikes swapped (:func:`pipeline.fields.alike`:
    Health Net's ``G804354`` read ``6804354``), or one character more at an end (Cigna's
    ``19079419`` whose 1 the page joined to the label above). Any other difference is
    the closer reads' own misreading as likely. Its confidence stays as it was."""
    rule = found.template.fields.get(lone.name)
    if rule is None:
        return lone
    side = next(s for s in sides if s.side == lone.side)
    got = reread.agreed_reading(closer_votes(side, lone, rule, engine, VERIFY_TEXT_PX))
    taken = {f.value for n, f in found.fields.items() if n != lone.name}
    if got is None or got[0] == lone.value or got[0] in taken or not fields.fits_pattern(
            rule, got[0]):
        return lone
    value = got[0]
    habit = fields.alike(value, lone.value) or (len(value) == len(lone.value) + 1 and (
        value.startswith(lone.value) or value.endswith(lone.value)))
    return replace(lone, value=value) if habit else lone


def rx_id_differs(lone: FieldReading, found: Interpretation) -> bool:
    """True when ``lone`` is a member ID and the card's labelled Rx ID is neither it nor it
    followed by a two-digit person code: the Rx ID most often prints the member ID again,
    so a lone code it does not repeat is as likely another number (a state's Medicaid ID
    whose label OCR garbled, the member ID's own print unread)."""
    rx = found.fields.get("rx_id")
    if lone.name != "member_id" or rx is None or not rx.label:
        return False
    return not rx_repeats(rx.value, lone.value)


DATE_CHARS = "0123456789/-"
"""Characters a printed date may hold; Tesseract is told to see no others."""
EXTRA_REREAD_CHARS: Mapping[str, str] = {
    "birth_date": DATE_CHARS, "medicare_part_a_date": DATE_CHARS,
    "medicare_part_b_date": DATE_CHARS, "rx_id": reread.ID_WHITELIST,
}
"""Issue 15's fields of one token whose doubtful reading is read again closer
(:func:`confirmed_extras`), and the characters each may hold."""


def confirmed_extras(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine
) -> dict[str, FieldReading]:
    """Issue 15's doubtful readings (``found.doubtful_extras``, left out) that a second,
    independent reading gives again, at ``CONFIRMED_CONFIDENCE``: an Rx ID that repeats
    the member ID (:func:`rx_repeats`) read confidently from other words, no OCR; a date
    or an Rx ID (:data:`EXTRA_REREAD_CHARS`) that two of four closer single-line readings
    of its box (:func:`pipeline.reread.reread_value`) give exactly as the page did. A
    closer reading that differs from the page's confirms nothing. Only cards with such a
    reading pay for the OCR."""
    out: dict[str, FieldReading] = {}
    member = found.fields.get("member_id")
    by_side = {s.side: s for s in sides}
    for name, reading in found.doubtful_extras.items():
        if name in found.fields:
            continue
        confirmed = reading if (
            name == "rx_id" and member is not None
            and member.confidence >= derived.MIN_EXTRA_CONFIDENCE
            and not (member.side == reading.side
                     and fields.overlap_share(member.box, reading.box) > 0)
            and rx_repeats(reading.value, member.value)) else None
        rule = found.template.fields.get(name)
        if confirmed is None and name in EXTRA_REREAD_CHARS and rule is not None:
            again = reread.reread_value(by_side[reading.side].ocr_image, reading, rule, engine,
                                        whitelist=EXTRA_REREAD_CHARS[name])
            confirmed = reading if again is not None and again.value == reading.value else None
        if confirmed is not None:
            out[name] = replace(confirmed, confidence=CONFIRMED_CONFIDENCE)
    return out


TORN_FIELDS = ("group_name",)
"""Issue 15's text fields whose value glare may tear in two on its row (``ACME MANUFAC``
... ``ING CO``): read again whole by :func:`torn_mended`."""
TORN_REACH = 4.0
"""Widest gap (value heights) from a text value to the next word on its row that may be
its own rest, torn off by glare; a column beside it stands further off."""
TEXT_CHARS = string.ascii_letters + string.digits + " &'.,-"
"""Characters an employer's name is read again with."""


def torn_rest(
    found: Interpretation, sides: Sequence[SideRead], name: str
) -> tuple[Box, list[str]] | None:
    """The box (card frame) of ``name``'s value and the words right of it on its row, each
    within ``TORN_REACH`` heights of the last and of no other reading, up to a label (a
    word ending in ``:`` or ``#``), and those words' texts: the value's rest that OCR read
    apart (glare took the letters between). None when no such word follows."""
    reading = found.fields.get(name)
    if reading is None:
        return None
    words = next(s.page.words for s in sides if s.side == reading.side)
    others = [f.box for n, f in found.fields.items() if n != name and f.side == reading.side]
    box, h, rest = reading.box, reading.box.height, []
    # Each step takes a word reaching further right: a speck inside the box so far (``i``
    # read in glare at its right edge) would otherwise be taken again and again.
    while nxt := min((w for w in words if fields.same_row(w.box, box)
                      and box.right - 0.2 * h <= w.box.left <= box.right + TORN_REACH * h
                      and w.box.right > box.right
                      and not any(fields.overlap_share(w.box, o) > 0 for o in others)),
                     key=lambda w: w.box.left, default=None):
        if nxt.text.endswith((":", "#")):
            break  # the next column's label (``Name:``): no rest of the value
        box = box.union(nxt.box)
        rest.append(nxt.text)
    return (box, rest) if rest else None


def mends_tear(value: str, rest: Sequence[str], whole: str) -> bool:
    """True when ``whole`` (the row read again) is ``value`` and ``rest`` (the words OCR
    read apart after it) joined by the word glare tore: the value's last word and the
    rest's first, letters between them (``ACME MANUFAC`` + ``ING CO`` →
    ``ACME MANUFACTURING CO``). A rest that is words of their own (the next column's
    ``BIN``, a placeholder) joins nothing.

    >>> mends_tear("ACME MANUFAC", ["ING", "CO"], "ACME MANUFACTURING CO")
    True
    >>> mends_tear("Fabrikam Inc", ["BIN"], "Fabrikam Inc BIN")
    False
    """
    head, got = value.split(" "), whole.split(" ")
    if len(got) != len(head) + len(rest) - 1 or got[:len(head) - 1] != head[:-1] or (
            got[len(head):] != list(rest[1:])):
        return False
    torn = got[len(head) - 1]
    return (torn.startswith(head[-1]) and torn.endswith(rest[0])
            and len(torn) > len(head[-1]) + len(rest[0]))


def torn_mended(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine
) -> dict[str, FieldReading]:
    """``found``'s readings with each :data:`TORN_FIELDS` value whose rest OCR read apart
    (:func:`torn_rest`) read again whole: its row from the value's start to the rest's end,
    four ways (:func:`pipeline.reread.value_variants`) as one line of :data:`TEXT_CHARS`.
    A text that two readings agree on (:func:`pipeline.reread.agreed_value`), that mends
    the tear (:func:`mends_tear`) and fits the field's pattern replaces the value, at the
    lower of its confidence and ``CONFIRMED_CONFIDENCE``; else the value stays as read.
    Only cards with such a rest pay for the OCR."""
    out = dict(found.fields)
    by_side = {s.side: s for s in sides}
    for name in TORN_FIELDS:
        rule = found.template.fields.get(name)
        if rule is None or (torn := torn_rest(found, sides, name)) is None:
            continue
        box, rest = torn
        reading = out[name]
        votes: Counter[str] = Counter()
        for variant in reread.value_variants(by_side[reading.side].ocr_image, box):
            page = engine.recognize(variant, psm=PSM_SINGLE_LINE, whitelist=TEXT_CHARS)
            votes[fields.clean_value(" ".join(w.text for w in page.words))] += 1
        agreed = reread.agreed_value(dict(votes))
        if agreed is not None and mends_tear(reading.value, rest, agreed) and (
                fields.fits_pattern(rule, agreed)):
            out[name] = replace(reading, value=agreed, box=box, confidence=min(
                reading.confidence, CONFIRMED_CONFIDENCE))
    return out


LOST_DATE_FIELDS = ("birth_date", "medicare_part_a_date", "medicare_part_b_date", "effective_date")
"""Dates looked for beside their label when the page read none (:func:`lost_dates`)."""


def lost_dates(
    found: Interpretation, sides: Sequence[SideRead], engine: OcrEngine
) -> dict[str, FieldReading]:
    """:data:`LOST_DATE_FIELDS` whose label was read (over no placeholder) but whose value
    was not, or not confidently (``07/1°".vi6``): the label's row up to the next label or
    value, and the band under it (:func:`pipeline.reread.code_regions`), read again as
    date characters; the one nearest the label that three of four readings give
    (:data:`CODE_AGREEING`) and that names a calendar date, at most at
    ``CONFIRMED_CONFIDENCE``. No OCR on a card that printed no such label or whose date
    was read."""
    template = found.template
    names = {n for n in LOST_DATE_FIELDS if n not in found.fields and n in template.fields}
    if not names:
        return {}
    out: dict[str, FieldReading] = {}
    for s, hits, hit, rule in wanted_labels(sides, template, names, out):
        stops = [h.box for h in hits if h.indices != hit.indices] + [
            f.box for f in found.fields.values() if f.side == s.side]

        def fits(value: str, rule: FieldRule = rule) -> bool:
            return fields.fits_pattern(rule, value) and not dates.impossible_date(value)

        for region in reread.code_regions(
                s.page.words, hit.box, rule.below, s.ocr_image.shape[1], stops):
            votes = reread.region_votes(s.ocr_image, region, fits, engine,
                                        whitelist=DATE_CHARS)
            got = reread.nearest_agreed(
                votes, region.left if region.top < hit.box.bottom else hit.box.left)
            if got is not None and len(votes[got[0]]) >= CODE_AGREEING:
                value, box, confidence = got
                out[rule.name] = FieldReading(
                    name=rule.name, value=value, side=s.side, label=hit.label, box=box,
                    confidence=round(min(confidence * hit.score, CONFIRMED_CONFIDENCE), 3))
                break
    return out


def rx_repeats(rx_id: str, member_id: str) -> bool:
    """True when an Rx ID is the member ID printed again: equal, or it followed by a
    two-digit person code (``154976318700`` of ``1549763187``)."""
    return rx_id == member_id or (
        rx_id[:-2] == member_id and PERSON_CODE.fullmatch(rx_id[-2:]) is not None)


def unanimous_reads(
    side: SideRead, reading: FieldReading, rule: FieldRule, engine: OcrEngine
) -> bool:
    """True when closer reads at ``VERIFY_TEXT_PX`` and at ``reread.REGION_TEXT_PX`` each
    give ``reading``'s value at least ``reread.MIN_AGREEING`` times and nothing else that
    fits ``rule``: two scales, each with misreadings of its own, agreeing with the page."""
    for text_px in (VERIFY_TEXT_PX, reread.REGION_TEXT_PX):
        votes = closer_votes(side, reading, rule, engine, text_px)
        if set(votes) != {reading.value} or len(votes[reading.value]) < reread.MIN_AGREEING:
            return False
    return True


def sole_fit(
    lone: FieldReading, rule: FieldRule, found: Interpretation, sides: Sequence[SideRead]
) -> bool:
    r"""True when no word on the card's sides but ``lone``'s own (nor a prefix and the word
    after it on a line: ``YEI 702738559``) fits ``rule``'s format, short numbers included
    (which :func:`lone_value` passes over as no codes), save phone numbers, dates and the
    values other fields and decoys explain (the Rx ID aside: the member ID printed
    again). A lone group beside an unlabelled Rx block (a BIN ``610014`` fitting a group's
    ``\d{5,8}``, the group ``96960`` itself left as a short number) is not the only one.
    A card issuer's ``(80840)`` and its number (as in :func:`rival_fits`) are no rivals."""
    return sole_fit_on_pages(lone, rule, found.fields, found.distractors,
                             [(s.side, s.page) for s in sides])


def sole_fit_on_pages(
    lone: FieldReading, rule: FieldRule, readings: Mapping[str, FieldReading],
    distractors: Collection[Distractor], pages: Sequence[tuple[Side, OcrPage]],
) -> bool:
    """:func:`sole_fit` on the OCR pages of a card's sides (card frame), with the card's
    ``readings`` and ``distractors`` for the values already explained."""
    others = {n: f for n, f in readings.items() if n not in (lone.name, "rx_id")}
    taken = values_read(others, distractors)
    for side, page in pages:
        issuers = issuer_boxes(page)
        words = [w for w in page.words if not (
            (side == lone.side and fields.overlap_share(w.box, lone.box) > 0)
            or issuer_prefix(w.text) or after_issuer(issuers, w.box))]
        runs = [fields.clean_value(w.text) for w in words] + [
            fields.clean_value(a.text + b.text) for a, b in pairwise(words)
            if a.line == b.line and a.text.isalpha()]
        if any(v and v != lone.value and fields.fits_pattern(rule, v) and not (
                fields.is_phone(v) or _PHONE_PART.fullmatch(v) or _DATE.fullmatch(v)
                or any(v in t for t in taken)) for v in runs):
            return False
    return True


MEDICAID_ONLY_CONFIDENCE = 0.45
"""Top confidence of a member ID read under a Medicaid label (no label of its own read):
under the review bar, like a card's lone state Medicaid ID (``LONE_MEMBER_CONFIDENCE``)."""


def medicaid_sole(
    member: FieldReading, rule: FieldRule | None, readings: Mapping[str, FieldReading],
    distractors: Collection[Distractor], pages: Sequence[tuple[Side, OcrPage]],
) -> bool:
    """True when the member ID read under a Medicaid label is the only code on its side of
    the card that fits the member ID's format (:func:`sole_fit_on_pages`): no number is
    left there for a plan's own ID whose label OCR lost (a Fidelis card's ``927971980792``
    under a label read ``!D``, beside its ``Medicaid *`` number), so the state's number is
    the card's member ID and :data:`MEDICAID_ONLY_CONFIDENCE` does not apply. The other
    side is not searched: IDs are printed together on one side, while a back's addresses
    hold ZIP codes (``KY86260``) that fit a broad member-ID format. The caller passes
    only labelled ``readings``: a code taken with no label (a lone group, 3333's ID under
    the name ``555119706333`` on a card printing none) explains nothing."""
    return rule is not None and sole_fit_on_pages(
        member, rule, readings, distractors, [(s, p) for s, p in pages if s == member.side])


def plan_id_label(
    member: FieldReading, template: Template, pages: Sequence[tuple[Side, OcrPage]]
) -> bool:
    """True when the side of ``member`` (read under a Medicaid label) also shows a member-ID
    label that is no Medicaid label (``Membor ID #:`` over a value OCR mangled past its
    format, ``$8282430V``): the plan's own ID is printed there, whatever was read of it,
    so the state's number is not the card's only ID."""
    return any(not fields.is_medicaid_label(h.label)
               for side, page in pages if side == member.side
               for h in fields.label_hits(page, template, side, "member_id"))


GROUP_KINDS = frozenset({"commercial", "tpa", "employer"})
"""Plan kinds whose cards print a group number: employers' plans (commercial insurers and
the TPAs that administer self-funded plans). Medicare, Medicaid and Marketplace cards
are individual policies and often print none."""


def payer_prints_group(
    payer_id: str | None, pages: Sequence[OcrPage], found: Mapping[str, FieldReading],
    taken: Collection[str], photo_doubtful: bool = False,
) -> bool:
    """True when the directory's payer ``payer_id`` sells employers' plans
    (:data:`GROUP_KINDS`), the card names no Medicare, Medicaid or Marketplace plan (an Rx
    PCN value in ``found`` aside), and there is a trace of a group: a word like a group
    label's (:func:`group_trace`), a code on the front that no reading in ``taken`` (the
    values of fields and decoys) explains (:func:`stray_codes`), or a doubtful photo
    (``photo_doubtful``: quality reasons, where a label may be lost unseen). Such a card is
    an employer plan's, and a missing group is one the reading lost; a clean read with no
    trace of a group is an individual policy, which prints none."""
    payer = payers.load_directory().by_id.get(payer_id or "")
    pcn = found.get("rx_pcn")
    return payer is not None and bool(payer.kinds & GROUP_KINDS) and not (
        payers.card_kinds(pages, [pcn.value] if pcn else [])) and (
        photo_doubtful or group_trace(pages) or bool(stray_codes(pages[:1], taken)))


GROUP_WORDS = ("group", "grp", "account", "acct", "employer")
"""Words a group number's label is made of (``Group No.``, ``GRP#``, ``Account``,
``Employer Group``), compared by letters only, lower case."""
GROUP_WORD_SIMILARITY = 75.0
"""rapidfuzz ratio (0-100) from which a word with the same first letter counts as one of
:data:`GROUP_WORDS` (``Groug``, ``Gruop`` and ``GRP`` do; ``Grape`` does not)."""


_CODE = re.compile(r"(?=.*\d.*\d.*\d)[A-Z0-9/-]{4,}")
"""A printed code: four or more letters, digits, hyphens (or a hyphen misread as a slash:
``36/4-L48``), three of them digits."""


def stray_codes(pages: Sequence[OcrPage], taken: Collection[str]) -> list[str]:
    """The words of the pages that are stray codes (:func:`is_stray_code`), cleaned. A card
    issuer's number after its ``(80840)`` (:func:`after_issuer`) is none, its label lost
    or not (14545's 0130, a Blue Shield of California card printing no group: ``(80840)
    9109902202`` under a lost ``Issuer #`` sent it to review for a group)."""
    out = []
    for page in pages:
        issuers = issuer_boxes(page)
        # A stop or bracket OCR read after the code's last digit ('9814-45).') is no part
        # of it.
        out += [v for w in page.words
                if is_stray_code(v := fields.clean_value(w.text).rstrip(".)"), taken)
                and not after_issuer(issuers, w.box)]
    return out


def is_stray_code(value: str, taken: Collection[str]) -> bool:
    """True when ``value`` (a cleaned word) is a code (letters with digits, or six or more
    characters) that is no phone number, no Marketplace plan ID
    (:func:`pipeline.fields.plan_id_shaped`: 13737's 0294, ``86044OH2668108`` under a
    misread ``Plan ID``, a group lost on a card that prints none) and no part of a value in
    ``taken`` (its spaces aside: ``PPO`` ``1500`` of the plan's ``Gold PPO 1500``): a value
    whose label was lost."""
    code = value.upper()  # a capital read small: 'QXx1509'
    return bool(code and _CODE.fullmatch(code)) and (
        bool(re.search("[A-Z]", code)) or len(code) >= 6) and not (
        fields.is_phone(value) or _PHONE_PART.fullmatch(value) or _DATE.fullmatch(value)
        or fields.plan_id_shaped(code)
        or any(value in t or value in t.replace(" ", "") for t in taken))


_PHONE_PART = re.compile(r"(?:1-)?\d{3}-\d{3}-?\d{0,4}")
"""A phone number cut short by OCR (``844-848-841``): no code."""
_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")
"""A date as cards print it (``12/01/2023``): no code."""


INLINE_LABEL_REACH = 8.0
"""Farthest a value's inline label ends before it (``Enrollee id 000099999``), in their
heights: a list of labelled values follows its labels' column (:func:`stacked_unlabelled`)."""


def _just_left_of(a: Box, b: Box, reach: float = 1.5) -> bool:
    """True when box ``a`` ends just left of box ``b`` on the same row, at most ``reach``
    of their height before it (a word before it; a label before its value, a column's
    gap between them, at 4)."""
    h = max(a.height, b.height, 1.0)
    return -0.2 * h <= b.left - a.right <= reach * h and abs(
        (a.top + a.bottom) - (b.top + b.bottom)) <= h


def group_trace(pages: Sequence[OcrPage]) -> bool:
    """True when some word on the pages looks like a group label's word, however misread
    (``Grou``, ``GRA``, ``GR¢``; a short ``Gr`` word before ``Number``, :func:`number_word`:
    ``Grow Number``), that is not an Rx group's (``RxGRP``, ``Rx Group``: ``Rx``, or
    what OCR left of it, just left of it on its row, :func:`pipeline.fields.stub_in_rx_column`
    included; or a known BIN left of it on its row, :func:`pipeline.fields.after_known_bin`,
    or above it in its column, :func:`pipeline.fields.under_known_bin`; or a stub before it
    in a known BIN's rows, :func:`pipeline.fields.stub_before_in_bin_rows`)."""
    for page in pages:
        # The page's words alike first; the Rx block, over every word, only for those.
        alike = [w for w in page.words if _group_word(w, page.words)]
        if not alike:
            continue
        rx = [w.box for w in page.words if fields.is_rx_fragment(w.text)
              or fields.stub_in_rx_column(page.words, w)]
        for w in alike:
            if not (any(_just_left_of(b, w.box) for b in rx) or fields.after_known_bin(
                    page.words, w) or fields.under_known_bin(page.words, w)
                    or fields.stub_before_in_bin_rows(page.words, w)):
                return True
    return False


def _group_word(w: OcrWord, words: Sequence[OcrWord]) -> bool:
    """True when word ``w`` of ``words`` looks like a group label's word for
    :func:`group_trace`, whatever stands in the Rx block around it."""
    letters = re.sub(r"[^a-z]", "", w.text.lower())
    # 'GR¢': a GRP whose last letter glare made a mark.
    gr_mark = re.fullmatch(r"gr[^a-z0-9\s]", w.text.strip(":;.,#").lower()) is not None
    if (len(letters) < 3 and not gr_mark) or letters.startswith("rx"):
        return False
    # 'GRA': GRP misread; 'counts' is no 'account'.
    return gr_mark or (letters.startswith("gr") and len(letters) == 3) or any(
        letters[0] == g[0] and fuzz.ratio(letters, g) >= GROUP_WORD_SIMILARITY
        for g in GROUP_WORDS) or (
        letters.startswith("gr") and len(letters) <= 5 and any(
            _just_left_of(w.box, x.box, reach=3.0) and number_word(x.text) for x in words))


NUMBER_WORDS = frozenset({"number", "no", "num", "nbr", "id"})
"""Words that end a group label after its ``Group`` (``Group Number``, ``Group No.``,
``Group ID``), compared by letters only, lower case."""


def number_word(text: str) -> bool:
    """True when ``text`` is a word of :data:`NUMBER_WORDS` (a stop or colon aside) or a
    ``#``: the tail of a label whose head (``Grow`` of ``Group Number``) OCR misread."""
    return text.strip(":.") == "#" or re.sub(r"[^a-z]", "", text.lower()) in NUMBER_WORDS


STACK_GAP_MIN = 1.1
"""Least gap between a value and the code stacked under it, in the value's heights, from
which there is room for a label line between them (lines of one list sit ~0.7 apart;
a stacked label and its value take ~1.4 and more)."""
STACK_GAP_MAX = 4.0
"""Greatest such gap (value heights): further down is another block of the card."""
STACK_ALIGN = 1.0
"""Greatest shift (value heights) between the left edges of a value and the code under
it for the two to share a column."""


def stacked_unlabelled(
    pages: Sequence[tuple[Side, OcrPage]], found: Mapping[str, FieldReading],
    taken: Collection[str], rule: FieldRule, read_boxes: Sequence[tuple[Side, Box]] = (),
) -> bool:
    """True when a code on the front that fits ``rule`` and that no value in ``taken``
    explains (:func:`explained`: fields' and ``read_boxes``' decoys; :func:`is_stray_code`'s
    codes, digits alone too) stands alone at the head of
    its row, stacked in a column under a field's value read in ``found`` or its inline label
    (just left of it on its row, :data:`INLINE_LABEL_REACH`; left edges
    within ``STACK_ALIGN``) with room for a label line between them
    (``STACK_GAP_MIN``-``STACK_GAP_MAX``) and no word read there: a value in a stack of
    labelled values whose own label the reading lost (a pale ``Grp`` in glare or blur).
    Boxes card frame, pixels."""
    for side, page in pages:
        if side != "front":
            continue
        values = [f.box for f in found.values() if f.side == side]
        for w in page.words:
            v = fields.clean_value(w.text)
            b = w.box
            if not (_CODE.fullmatch(v.upper()) and fields.fits_pattern(rule, v)) or (
                    fields.is_phone(v) or _PHONE_PART.fullmatch(v) or _DATE.fullmatch(v)
                    or explained(v, b, side, taken, [*read_boxes, *(
                        (f.side, f.box) for f in found.values())])):
                continue
            if any(_just_left_of(x.box, b, reach=4.0) for x in page.words
                   if x is not w and re.search("[A-Za-z0-9]", x.text)):
                continue  # a word before it on its row: an inline label, or a longer value
            column = [x for x in page.words if x is not w and re.search("[A-Za-z0-9]", x.text)
                      and min(x.box.right, b.right) > max(x.box.left, b.left)]
            above = [x for x in column if x.box.bottom <= b.top + 0.2 * x.box.height]
            if not above:
                continue
            u = max(above, key=lambda x: x.box.bottom).box
            h = max(u.height, 1.0)
            # A word read in between, even inside the code's box (a label's remnant the
            # code's box swallowed: 'Phan' of 'Health Plan'): no lost label, or not only.
            if any(u.bottom < x.box.cy < b.cy for x in column if x.box is not u):
                continue
            if abs(u.left - b.left) <= STACK_ALIGN * h and (
                    STACK_GAP_MIN * h <= b.top - u.bottom <= STACK_GAP_MAX * h) and any(
                    fields.overlap_share(u, f) > 0.5
                    or _just_left_of(u, f, reach=INLINE_LABEL_REACH) for f in values):
                return True
    return False


def explained(
    value: str, box: Box, side: Side, taken: Collection[str],
    read_boxes: Sequence[tuple[Side, Box]],
) -> bool:
    """True when ``value`` (a word at ``box`` on ``side``) is a value in ``taken``, or a
    part of one where it lies within a value read there (``read_boxes``: fields' and
    decoys' boxes): a code printed apart that only repeats digits of another value
    (``00999`` under a member ID ``000099999``) is unexplained. Card frame, pixels."""
    return value in taken or (any(value in t for t in taken) and any(
        s == side and fields.overlap_share(box, r) > 0 for s, r in read_boxes))


def rx_row_group(
    group: FieldReading, member: FieldReading, pages: Sequence[tuple[Side, OcrPage]]
) -> bool:
    """True when ``group`` was read under a misread label (``croup:`` of ``RX GROUP:``,
    its small ``RX`` lost) on a row that prints the member ID again apart from
    ``member``'s own reading: the pharmacy's row (its Rx ID repeats the member ID), whose
    group is the Rx group, not the plan's. Boxes card frame, pixels."""
    if group.label_score >= 1.0:
        return False
    g = group.box
    for side, page in pages:
        if side != group.side:
            continue
        for w in page.words:
            b = w.box
            if fields.clean_value(w.text) == member.value and not (
                    side == member.side and fields.overlap_share(b, member.box) > 0) and (
                    min(b.bottom, g.bottom) - max(b.top, g.top) >= 0.5 * min(b.height, g.height)):
                return True
    return False


@dataclass(frozen=True, slots=True)
class Interpretation:
    """What the OCR text of a card means: carrier, fields, prefill and review reasons."""

    template: Template
    carrier: CarrierMatch
    fields: dict[str, FieldReading]
    distractors: tuple[Distractor, ...]
    portal: dict[str, str | None]
    reasons: tuple[ReviewReason, ...]
    doubtful_name: FieldReading | None = None
    """The member's name read but left out for doubt (:func:`fields.trusted_name`): a
    closer read (:func:`reread_name`) may confirm or correct it."""
    doubtful_extras: Mapping[str, FieldReading] = field(default_factory=dict)
    """Issue 15's fields read under ``derived.MIN_EXTRA_CONFIDENCE`` and left out:
    :func:`confirmed_extras` may confirm them."""


@functools.lru_cache(maxsize=64)
def other_brands(template_id: str | None) -> frozenset[str]:
    """The words of the other template carriers' names, not their keywords
    (:func:`pipeline.fields.brand_words`), less those of the carrier ``template_id`` (None:
    a card without a template): a UMR card's ``UnitedHealthcare Choice Plus`` names the
    network it rents."""
    _, carriers = load_templates()
    own = next((fields.brand_words([c.name or "", *c.keywords])
                for c in carriers if c.id == template_id), frozenset())
    # Their names only: keywords hold plans' names too ('TRICARE Prime').
    return frozenset().union(*(fields.brand_words([c.name or ""])
                               for c in carriers if c.id != template_id)) - own


@dataclass
class PageMemo:
    """What :func:`interpret` derives from the pages alone (the carrier; each side's
    fields and distractors), kept per card for the pages it was derived from, by
    identity: a card is interpreted again after each closer read, most often with pages
    it has interpreted already (pages are frozen, and a side read again gets a new one).
    Small and mutable, private to one card's reading (not shared across threads)."""

    carriers: list[tuple[tuple[OcrPage, ...], tuple[Template, CarrierMatch]]] = field(
        default_factory=list)
    sides: list[tuple[OcrPage, Template, Side, fields.SideFields]] = field(
        default_factory=list)

    def identify(
        self, pages: Sequence[OcrPage], carriers: Sequence[Template], generic: Template
    ) -> tuple[Template, CarrierMatch]:
        """:func:`pipeline.carrier.identify` of ``pages`` (the templates never change)."""
        for known, got in self.carriers:
            if len(known) == len(pages) and all(
                    a is b for a, b in zip(known, pages, strict=True)):
                return got
        got = carrier_stage.identify(pages, carriers, generic)
        self.carriers.append((tuple(pages), got))
        return got

    def read_side(self, page: OcrPage, template: Template, side: Side) -> fields.SideFields:
        """:func:`pipeline.fields.read_side` of ``page`` (its result is never changed)."""
        for known, t, s, got in self.sides:
            if known is page and t is template and s == side:
                return got
        got = fields.read_side(page, template, side)
        self.sides.append((page, template, side, got))
        return got


def interpret(
    pages: Sequence[tuple[Side, OcrPage]],
    *,
    has_back: bool,
    quality_reasons: Sequence[ReviewReason] = (),
    config: Config = Config(),
    overrides: Mapping[str, FieldReading] | None = None,
    memo: PageMemo | None = None,
) -> Interpretation:
    """From the OCR pages of a card's sides (card frame) to carrier, fields, portal, review.

    ``overrides`` replace fields read on the pages (values read again more closely).
    ``memo``: one card's :class:`PageMemo`, so that pages interpreted before are not
    searched again (the same result either way).
    Pure apart from the cached template load, so template rules are tested on OCR text.
    """
    generic, carriers = load_templates()
    ocr_pages = [p for _, p in pages]
    memo = PageMemo() if memo is None else memo
    template, match = memo.identify(ocr_pages, carriers, generic)
    per_side = [memo.read_side(page, template, side) for side, page in pages]
    found, distractors = fields.merge_sides(per_side)
    found.update(overrides or {})
    found = fields.label_capped(found)
    found = fields.join_member_id_parts(found, template.fields.get("member_id"))
    named = fields.member_from_subscriber(found, pages, template)
    found = fields.trusted_name(named)
    doubtful_name = named.get("member_name") if "member_name" not in found else None
    every = derived.derived_fields(found, distractors, pages, other_brands(template.id),
                                   keep_doubtful=True)
    found = derived.confident(every)
    doubtful_extras = {n: f for n, f in every.items() if n not in found}
    member = found.get("member_id")
    if member is not None and fields.is_medicaid_label(member.label) and (
            plan_id_label(member, template, pages) or not medicaid_sole(
                member, template.fields.get("member_id"),
                {n: f for n, f in found.items() if f.label}, distractors, pages)):
        # The state's number is the member ID only where the card prints no other, which a
        # reading that lost the plan's own ID line cannot tell: a person checks.
        found["member_id"] = replace(member, confidence=min(member.confidence,
                                                            MEDICAID_ONLY_CONFIDENCE))
    for name in ISSUER_TAKEN_FIELDS:
        if (got := found.get(name)) is not None and issuer_number(got, pages):
            found[name] = replace(got, confidence=min(got.confidence, ISSUER_NUMBER_CONFIDENCE))
    if (pcn := known_pcn_as_group(found, pages)) is not None:
        del found["group_number"]
        found.setdefault("rx_pcn", pcn)
    member = found.get("member_id")
    group = found.get("group_number")
    if group is not None and member is not None and group.value == member.value:
        # No plan's group number is its member's ID: one of the two took the other's value.
        found["group_number"] = replace(group, confidence=min(group.confidence,
                                                              GROUP_IS_MEMBER_CONFIDENCE))
    group = found.get("group_number")
    if group is not None and member is not None and rx_row_group(group, member, pages):
        del found["group_number"]
    # A group label read exactly, with no value: the card shows a group we could not read.
    group_label_seen = "group_number" not in found and any(
        hit.score >= 1.0
        for side, page in pages
        for hit in fields.label_hits(page, template, side, "group_number")
    )
    taken = values_read(found, distractors) | overridden_words(overrides or {}, pages)
    # Or a misread group label ('GRA') and a code no reading explains: a lost group.
    group_label_seen = group_label_seen or ("group_number" not in found and group_trace(
        ocr_pages) and bool(stray_codes(ocr_pages, taken)))
    # Or a code stacked under a value with its label line lost: a group a carrier that may
    # print none printed after all.
    group_rule = template.fields.get("group_number")
    # (With the member ID read: else that code is likelier the member ID's.)
    group_label_seen = group_label_seen or (
        "group_number" not in found and "member_id" in found and group_rule is not None
        and stacked_unlabelled(pages, found, taken, group_rule,
                               [(d.side, d.box) for d in distractors]))
    # A group label followed by a placeholder (XXXXXXX): the card prints no group.
    group_blank = "group_number" not in found and any(
        fields.label_hits(page, template, side, "group_number", blank=True)
        for side, page in pages
    )
    reasons = review.decide(
        template=template, carrier=match, fields=found, quality_reasons=quality_reasons,
        has_back=has_back, config=config, group_label_seen=group_label_seen,
        group_blank=group_blank,
        payer_prints_group=match.source == "directory" and payer_prints_group(
            match.payer_id, ocr_pages, found, taken,
            photo_doubtful=bool(quality_reasons)),
    )
    return Interpretation(
        template=template, carrier=match, fields=found, distractors=distractors,
        portal=portal.prefill(template, found, match.name), reasons=reasons,
        doubtful_name=doubtful_name, doubtful_extras=doubtful_extras,
    )
