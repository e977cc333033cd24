"""Read harder only where needed: doubtful labels and doubtful values, enlarged, again.

Two second looks, both only for cards whose member ID or group is missing or uncertain:

* labels: small grey labels next to large bold values are where Tesseract's page pass
  fails most (``ID:`` read as ``ww:``). Short low-confidence words are cut out, enlarged
  and read again as single lines; a more confident reading replaces the first.
* values: a value that broke its format or was read with low confidence is cut out,
  enlarged, read four ways (grey and three binarisations) as one line of identifier
  characters; a reading that fits the format and that two of the four agree on (and no
  other fitting reading does) replaces it.
* missing values: a member ID or group whose label was found but whose value was not (a
  hand's shadow over the digits) is looked for right of and under the label, the same way.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import NamedTuple

import cv2
import numpy as np

from pipeline import glyphs
from pipeline.enhance import percentiles_u8
from pipeline.fields import (
    clean_value,
    mended_name,
    name_debris_trimmed,
    print_height,
    speckless,
    suffix_follows,
)
from pipeline.ocr import PSM_AUTO, PSM_SINGLE_LINE, OcrEngine
from pipeline.templates import FieldRule
from pipeline.types import Box, FieldReading, Image, OcrPage, OcrWord

SUSPECT_CONFIDENCE = 0.8
"""Words read with less confidence than this are suspects."""
SUSPECT_MAX_CHARS = 6
"""Only short words are re-read: labels like ``ID:``, ``GRP#``, ``Group``."""
MAX_REREADS = 8
"""Re-read at most this many words per side (the least confident first)."""
SCALE = 2.0
"""Enlargement of the cut-out word before it is read again."""


def suspects(page: OcrPage) -> list[int]:
    """Indices of the words worth a second look, least confident first."""
    found = [
        i for i, w in enumerate(page.words)
        if w.confidence < SUSPECT_CONFIDENCE and len(w.text) <= SUSPECT_MAX_CHARS
    ]
    return sorted(found, key=lambda i: page.words[i].confidence)[:MAX_REREADS]


def enlarged_crop(image: Image, box: Box, scale: float, border: int) -> Image | None:
    """``box`` (pixels of ``image``) cut out, enlarged ``scale`` times and framed by a
    replicated edge ``border`` pixels wide; None when the box holds no whole pixel of the
    image (a box from OCR of a turned photo may lie off the card)."""
    height, width = image.shape[:2]
    c = _clip(box, width, height)
    crop = image[int(c.top):max(int(c.top), int(c.bottom)),
                 int(c.left):max(int(c.left), int(c.right))]
    if crop.size == 0:
        return None
    big = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    out: Image = cv2.copyMakeBorder(big, border, border, border, border, cv2.BORDER_REPLICATE)
    return out


def crop_word(image: Image, word: OcrWord) -> Image | None:
    """The word's box with a margin, enlarged by ``SCALE`` and framed by a replicated edge;
    None when it lies off the image."""
    h = max(word.box.height, 1.0)
    b = word.box
    if b.width <= 0 or b.height <= 0:
        return None
    margin = Box(b.left - 0.2 * h, b.top - 0.25 * h, b.right + 0.2 * h, b.bottom + 0.25 * h)
    return enlarged_crop(image, margin, SCALE, 10)


_ALNUM = re.compile(r"[A-Za-z0-9]+")


def reread(page: OcrPage, image: Image, engine: OcrEngine) -> OcrPage:
    """The page with its doubtful short words replaced by more confident second readings."""
    words = list(page.words)
    changed = False
    for i in suspects(page):
        word = words[i]
        crop = crop_word(image, word)
        if crop is None:
            continue
        again = engine.recognize(crop, psm=PSM_SINGLE_LINE).words
        if len(again) != 1 or again[0].confidence <= word.confidence:
            continue
        if _ALNUM.fullmatch(word.text) and not _ALNUM.fullmatch(again[0].text):
            continue  # a letters-and-digits word gains no ']' on a closer look: 'HTJ', 'HT]'
        words[i] = replace(word, text=again[0].text, confidence=again[0].confidence)
        changed = True
    return replace(page, words=tuple(words)) if changed else page


def merge_words(page: OcrPage, extra: OcrPage) -> OcrPage:
    """The page plus the words of another reading of the same image (same frame) that lie
    where the page has none (no overlap with any of its words). Each run of such words
    on one line of the other reading becomes a line of its own, numbered after the page's:
    words on either side of a dropped word are not neighbours."""
    next_line = max((w.line for w in page.words), default=-1) + 1
    new: list[OcrWord] = []
    run_of: tuple[int, int] | None = None  # (extra line, index of its last word kept)
    for i, w in enumerate(extra.words):
        if any(_overlaps(w.box, old.box) for old in page.words):
            continue
        if run_of is None or run_of != (w.line, i - 1):
            next_line += 1 if new else 0
        new.append(replace(w, line=next_line))
        run_of = (w.line, i)
    return replace(page, words=page.words + tuple(new)) if new else page


def read_whole_again(page: OcrPage, image: Image, engine: OcrEngine) -> OcrPage:
    """The page with the words a second whole-page reading finds where the first found none.
    Tesseract's sparse-text layout now and then drops a whole clear line (``Group:
    253656``); its automatic layout, which groups lines into blocks first, keeps it."""
    return merge_words(page, engine.recognize(image, psm=PSM_AUTO))


LOST_LETTER_PX = (8, 60)
"""Heights (pixels) of the ink blobs taken for letters when looking for lost lines."""
LOST_JOIN_PX = 15
"""Letters this close (pixels, side by side) are one line of print."""
LOST_MIN_LETTERS = 4
"""Letters a lost line must hold: a logo's shapes are not text."""
LOST_MAX_LINES = 4
"""Most lost lines read again per side."""
LOST_MARGIN_PX = 8
MERGED_MAX_CONFIDENCE = 0.5
"""A word read with less confidence than this may be two lines read as one."""
MERGED_HEIGHT_FACTOR = 2.5
"""A doubtful word taller than this many times a line's letters covers no line: two
lines read as one (``SSCuOpeasbE.S3`` for a label on a band over ``OSC00009999-99``)."""


def lost_lines(page: OcrPage, image: Image) -> list[Box]:
    """Lines of print on the OCR image (grey, card frame) that no word of the page
    covers: Tesseract's sparse-text layout sometimes drops a whole clear line (a name
    under a dark header band). Letters are ink blobs of text height; letters side by side
    are joined into lines; lines with at least ``LOST_MIN_LETTERS`` letters and no word
    over them are returned, largest first."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    # At half resolution (a few ms a side); boxes are doubled back at the end. Ink is
    # the minority: light print on a dark card is the ink there.
    half = grey[::2, ::2]
    polarity = cv2.THRESH_BINARY if light_on_dark(half) else cv2.THRESH_BINARY_INV
    _, ink = cv2.threshold(half, 0, 255, polarity + cv2.THRESH_OTSU)
    ltype = _label_type(ink)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=ltype)
    lo, hi = LOST_LETTER_PX[0] // 2, LOST_LETTER_PX[1] // 2
    h_ = stats[:, cv2.CC_STAT_HEIGHT]
    w_ = stats[:, cv2.CC_STAT_WIDTH]
    letter = (h_ >= lo) & (h_ <= hi) & (w_ <= 2 * h_)
    letter[0] = False
    if not letter.any():
        return []
    letters = (letter.astype(np.uint8) * 255)[labels]
    # Hyphens and dots join the letters of a line too ("OSC17503177-01").
    marks = (h_ <= hi) & (w_ <= 2 * hi)
    marks[0] = False
    joined = cv2.dilate((marks.astype(np.uint8) * 255)[labels], cv2.getStructuringElement(
        cv2.MORPH_RECT, (LOST_JOIN_PX // 2 + 1, 1)))
    _, line_labels, line_stats, _ = cv2.connectedComponentsWithStats(
        joined, connectivity=8, ltype=ltype)
    # Lines of text height over no word, all at once (half-resolution boxes doubled: the
    # comparisons of :func:`_overlaps`).
    x, y, w, h = (line_stats[:, c].astype(np.float64) for c in (
        cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    boxes = np.stack([2.0 * x, 2.0 * y, 2.0 * (x + w), 2.0 * (y + h)], axis=1)
    free = h >= lo
    free[0] = False
    covers = np.zeros((len(boxes), 0), dtype=bool)
    heights = np.zeros(0)
    if page.words:
        words = np.array([(wd.box.left, wd.box.top, wd.box.right, wd.box.bottom)
                          for wd in page.words])
        covers = ((np.minimum(boxes[:, None, 2], words[None, :, 2])
                   > np.maximum(boxes[:, None, 0], words[None, :, 0]))
                  & (np.minimum(boxes[:, None, 3], words[None, :, 3])
                     > np.maximum(boxes[:, None, 1], words[None, :, 1])))
        doubtful = np.array([wd.confidence < MERGED_MAX_CONFIDENCE for wd in page.words])
        heights = words[:, 3] - words[:, 1]
        # Lines under a confident word are read; under doubtful ones only, maybe not.
        free &= ~(covers & ~doubtful[None, :]).any(axis=1)
    found: list[tuple[int, Box]] = []
    for k in np.flatnonzero(free).tolist():
        x0, y0, w0, h0 = (int(v) for v in line_stats[k][:4])
        sub = (slice(y0, y0 + h0), slice(x0, x0 + w0))
        ids = sorted(set(labels[sub][(line_labels[sub] == k) & (letters[sub] > 0)].tolist()))
        if len(ids) < LOST_MIN_LETTERS:
            continue
        # A doubtful word over the line covers it unless it is two lines read as one.
        text_px = 2.0 * float(np.median(h_[ids]))
        if (covers[k] & (heights <= MERGED_HEIGHT_FACTOR * text_px)).any():
            continue
        found.append((w0, Box(*(float(v) for v in boxes[k]))))  # width: the order only
    found.sort(key=lambda t: -t[0])
    return [b for _, b in found[:LOST_MAX_LINES]]


DARK_PAPER_LEVEL = 96
"""Paper darker than this grey level (0-255) carries light print."""


def light_on_dark(grey: Image, level: float = DARK_PAPER_LEVEL) -> bool:
    """Whether the print of a card, or of a part of it, is lighter than its paper: its
    median grey level (0-255), the paper's, is under ``level``. False when empty. An 8-bit
    grey image's median comes from its histogram (:func:`pipeline.enhance.percentiles_u8`:
    np.median's value, without sorting a side's pixels)."""
    if grey.size == 0:
        return False
    if grey.ndim == 2 and grey.dtype == np.uint8:
        return percentiles_u8(grey, (50.0,))[0] < level
    return float(np.median(grey)) < level


def _label_type(binary: Image) -> int:
    """OpenCV's label type for the connected components of ``binary``: 16-bit (faster)
    when the image cannot hold 65535 components (8-connected ones are 2 pixels apart at
    the least), else 32-bit."""
    rows, cols = binary.shape[:2]
    return int(cv2.CV_16U) if ((rows + 1) // 2) * ((cols + 1) // 2) < 65535 else int(cv2.CV_32S)


def recover_lost_lines(page: OcrPage, image: Image, engine: OcrEngine) -> OcrPage:
    """The page with the words of its lost lines (:func:`lost_lines`), each read alone
    with a margin of paper; boxes in the page's frame."""
    boxes = lost_lines(page, image)
    if not boxes:
        return page
    height, width = image.shape[:2]
    extra: list[OcrWord] = []
    line = max((w.line for w in page.words), default=-1) + 1
    for box in boxes:
        # The whole row up to the words either side: a part of the line the blobs left
        # out must not be cut off (a value read short is a wrong value).
        row = [w.box for w in page.words if _overlaps_row(w.box, box)]
        left = max((b.right for b in row if b.right <= box.left), default=0.0)
        right = min((b.left for b in row if b.left >= box.right), default=float(width))
        crop = _clip(Box(left, box.top - LOST_MARGIN_PX, right, box.bottom + LOST_MARGIN_PX),
                     width, height)
        part = image[int(crop.top) : int(crop.bottom), int(crop.left) : int(crop.right)]
        if part.size == 0:
            continue
        read = [replace(w, line=line, box=Box(
            b.left + crop.left, b.top + crop.top, b.right + crop.left, b.bottom + crop.top))
            for w in engine.recognize(part, psm=PSM_SINGLE_LINE).words for b in [w.box]]
        # Under a word already (two lines read as one): only a word read clearly there
        # replaces it, not a stray mark read at the crop's edge.
        if any(_overlaps(w.box, box) for w in page.words):
            read = [w for w in read if w.confidence >= MERGED_MAX_CONFIDENCE]
            if not any(sum(c.isalnum() for c in w.text) >= LOST_MIN_LETTERS for w in read):
                continue
        extra.extend(read)
        line += 1
    # Two lines read as one doubtful word give way to the line read alone under it.
    kept = tuple(w for w in page.words if not any(
        merged_over(w, e) for e in extra if e.confidence >= MERGED_MAX_CONFIDENCE))
    if len(kept) < len(page.words):
        page = replace(page, words=kept)
    return merge_words(page, OcrPage(words=tuple(extra), width=page.width,
                                     height=page.height))


def merged_over(word: OcrWord, read: OcrWord) -> bool:
    """Whether ``word`` is a doubtful reading of two lines as one over the word ``read``
    (same frame): less confident than ``MERGED_MAX_CONFIDENCE``, overlapping it and
    more than ``MERGED_HEIGHT_FACTOR`` times as tall."""
    return (word.confidence < MERGED_MAX_CONFIDENCE and _overlaps(word.box, read.box)
            and word.box.height > MERGED_HEIGHT_FACTOR * read.box.height)


VALUE_FIELDS = ("member_id", "group_number")
"""Fields whose doubtful values are read again."""
ID_WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
"""Characters an identifier may hold; Tesseract is told to see no others."""
VALUE_SCALE = 3.0
"""Enlargement of a value's box before it is read again."""
VARIANT_BORDER = 12
"""Replicated border (pixels) framing an enlarged value."""
MIN_AGREEING = 2
"""Readings (of the four variants) that must agree on a value to keep it."""
MAX_REREAD_CONFIDENCE = 0.9
"""A value read again is never more certain than this: it was doubtful once."""


def value_variants(
    image: Image, box: Box, *, margin: bool = True, scale: float = VALUE_SCALE,
    stop: float | None = None,
) -> list[Image]:
    """A value's box (card frame), with a margin unless told not (never past ``stop``,
    card frame x, pixels: where something else starts on the row), enlarged, binarised
    three ways and as it is: Otsu's threshold after dividing by the background (shadows
    flattened), a local (adaptive) threshold, Otsu's threshold, and the enlarged grey.
    Empty when the box lies off the image (nothing to read)."""
    h = max(box.height, 1.0)
    if box.width <= 0 or box.height <= 0:
        return []
    height, width = image.shape[:2]
    c = _margin_box(box, width, height) if margin else _clip(box, width, height)
    if stop is not None and c.left < stop < c.right:
        c = replace(c, right=float(int(stop)))
    big = enlarged_crop(image, c, scale, VARIANT_BORDER)
    if big is None:
        return []
    _, otsu = cv2.threshold(big, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    block = max(15, int(1.5 * h * scale) | 1)
    adaptive = cv2.adaptiveThreshold(
        big, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15
    )
    # Divided by its own background (a wide closing), a shadowed stretch reads like the rest.
    size = max(15, int(2.0 * h * scale) | 1)
    flat = cv2.divide(big, paper_level(big, size), scale=255)
    _, flat_otsu = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return [flat_otsu, adaptive, otsu, big]


BACKGROUND_POOL = 4
"""Pixels per side pooled (by their maximum) before the background's closing is taken:
a closing with a 180-pixel ellipse costs ~80 ms at full size, under 1 ms pooled, and
gives the same background within a grey level."""


def paper_level(grey: Image, size: int) -> Image:
    """The paper's grey level around each pixel of ``grey``: a morphological closing with an
    ellipse ``size`` pixels across (text darker than the paper closed over), taken on the
    image max-pooled ``BACKGROUND_POOL`` times and enlarged back."""
    f = BACKGROUND_POOL
    if min(grey.shape[:2]) < 2 * f:
        whole: Image = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, cv2.getStructuringElement(
            cv2.MORPH_ELLIPSE, (size, size)))
        return whole
    pooled = cv2.dilate(grey, cv2.getStructuringElement(cv2.MORPH_RECT, (f, f)))[::f, ::f]
    k = max(3, (size // f) | 1)
    closed = cv2.morphologyEx(pooled, cv2.MORPH_CLOSE, cv2.getStructuringElement(
        cv2.MORPH_ELLIPSE, (k, k)))
    out: Image = cv2.resize(closed, (grey.shape[1], grey.shape[0]),
                            interpolation=cv2.INTER_LINEAR)
    return out


def agreed_value(votes: dict[str, int]) -> str | None:
    """The value with the most readings, when at least ``MIN_AGREEING`` agree on it and no
    other value has as many."""
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < MIN_AGREEING:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def reread_value(
    image: Image, reading: FieldReading, rule: FieldRule, engine: OcrEngine,
    stop: float | None = None, whitelist: str | None = None,
) -> FieldReading | None:
    """Read a doubtful value's box again, four ways, as one line of identifier characters
    (the rule's, else ``whitelist``, else :data:`ID_WHITELIST`), up to ``stop`` (card
    frame x, pixels) when given: where a member ID's suffix starts.

    Returns the reading that fits the rule's pattern and that at least two of the four
    agree on (and no other fitting reading as many), or None. Its confidence is the mean
    of the two best of them, capped at ``MAX_REREAD_CONFIDENCE``.
    """
    votes: dict[str, list[float]] = {}
    for variant in value_variants(image, reading.box, stop=stop):
        page = engine.recognize(variant, psm=PSM_SINGLE_LINE,
                                whitelist=rule.chars or whitelist or ID_WHITELIST)
        if not page.words:
            continue
        value = clean_value("".join(w.text for w in page.words))
        if value and rule.pattern.fullmatch(value):
            votes.setdefault(value, []).append(min(w.confidence for w in page.words))
    agreed = agreed_value({v: len(c) for v, c in votes.items()})
    if agreed is None:
        return None
    best = sorted(votes[agreed], reverse=True)[:MIN_AGREEING]
    confidence = min(MAX_REREAD_CONFIDENCE, sum(best) / len(best))
    return replace(reading, value=agreed, confidence=round(confidence, 3))


NAME_WHITELIST = string.ascii_letters + "'.,- "
"""Characters a person's name may hold, and the space between its words (without it
Tesseract reads none); Tesseract is told to see no others."""
DARK_PAPER = 128
"""Median grey level (0-255) of a name's box under which its print is light on a dark
band: it is inverted before it is read again (Tesseract reads dark print best)."""
NAME_TEXT_PX = 64.0
"""Height (pixels) a name's line is enlarged to (at most ``VALUE_SCALE`` times)."""


def name_votes(
    image: Image, box: Box, engine: OcrEngine, expect: str | None = None
) -> dict[str, list[float]]:
    """The line of print in ``box`` (card frame, no margin) read four ways
    (:func:`value_variants`) as one line of name characters (a suffix's I's read ``l``
    mended, :func:`pipeline.fields.mended_name`; a speck read after an initial dropped,
    :func:`initial_speckless`): per text read, the least word
    confidence of each reading that gives it. When the first two readings both give
    ``expect`` (the value being checked) and nothing else, the other two are not made."""
    votes: dict[str, list[float]] = {}
    scale = min(VALUE_SCALE, max(1.0, NAME_TEXT_PX / max(box.height, 1.0)))
    c = _clip(box, image.shape[1], image.shape[0])
    spot = image[int(c.top):int(c.bottom), int(c.left):int(c.right)]
    if light_on_dark(spot, DARK_PAPER):
        image = cv2.bitwise_not(image)  # light print on a dark band: dark on light
    for variant in value_variants(image, box, margin=False, scale=scale):
        if expect is not None and len(votes.get(expect, ())) >= MIN_AGREEING and len(votes) == 1:
            break
        page = engine.recognize(variant, psm=PSM_SINGLE_LINE, whitelist=NAME_WHITELIST)
        text = initial_speckless(mended_name(name_debris_trimmed(clean_value(" ".join(
            w.text for w in page.words)))))
        if text:
            votes.setdefault(text, []).append(min(w.confidence for w in page.words))
    return votes


_SPECKED_INITIAL = re.compile(r"(?<!\S)([A-Z])[a-z](?!\S)")


def initial_speckless(name: str) -> str:
    """A name printed in capitals with an initial read with a speck after it as a
    lower-case letter (``MACDONALD, ADA Je``) as the initial alone
    (:func:`pipeline.fields.speckless`, for such words only); other names as they are."""
    if speckless(name) == name:
        return name
    return _SPECKED_INITIAL.sub(r"\1", name)


NAME_REACH = 4.0
"""How far past a name's box, left and right (in its heights), its line is read again:
OCR may have lost a word or part of one (``SHI`` of ``HIROSHI``)."""


def name_region(words: Sequence[OcrWord], box: Box, width: int) -> Box:
    """Where a name read at ``box`` (card frame) is read again: its row from the nearest
    word left of it to the nearest right of it (at most ``NAME_REACH`` heights either
    way), between the nearest words above and below it that overlap it, ``box`` itself
    always."""
    h = max(box.height, 1.0)
    row = [w.box for w in words if _overlaps_row(w.box, box)]
    left = max([0.0, box.left - NAME_REACH * h,
                *(b.right + 0.15 * h for b in row if b.right <= box.left)])
    right = min([float(width), box.right + NAME_REACH * h,
                 *(b.left - 0.15 * h for b in row if b.left >= box.right)])
    over = [w.box for w in words if w.box.right > left and w.box.left < right
            and not _overlaps_row(w.box, box)]
    top = max([box.top - 0.35 * h, *(b.bottom for b in over if b.bottom <= box.cy)])
    bottom = min([box.bottom + 0.35 * h, *(b.top for b in over if b.top >= box.cy)])
    return Box(min(left, box.left), min(top, box.top), max(right, box.right),
               max(bottom, box.bottom))


TALL_BOX = 1.5
"""A name's box taller than this many times its print's height holds a word OCR boxed
tall (a mark, a frame's dashes, a neighbour's ascender, a photocopy's specks)."""
BAND_HEIGHT = 1.3
"""Height of the band a name's tall box is cut to, in its print's heights (capitals
and what hangs below them: a comma, a J's tail)."""


def print_band(words: Sequence[OcrWord], box: Box, value: str = "") -> Box:
    """A name's box (card frame) cut to the band its print takes (:data:`BAND_HEIGHT` times
    its print's height, :func:`pipeline.fields.print_height`, about the median centre of
    the words boxed no taller than :data:`TALL_BOX` times that height) where a word boxed
    tall made it taller (``-XIMENA`` boxed 41 px high in a line of 27; a photocopy's
    specks boxed with ``YAMAMOTO`` 71 px high in a line of 22): read so tall, the line
    reads as nothing.
    ``box`` itself otherwise. Given the name's ``value``, the words inside that print one
    of its words are its own, where any is: a tall box reaches over other lines' words.
    """
    # (Not a rule's or a speck's sliver: boxes under a fifth of the box's height.)
    inside = [w for w in words
              if box.left <= (w.box.left + w.box.right) / 2 <= box.right
              and box.top <= w.box.cy <= box.bottom and w.box.height >= box.height / 5]
    own = {letters(t) for t in value.split()} - {""}
    inside = [w for w in inside if letters(w.text) in own] or inside
    if not inside:
        return box
    h = print_height(inside)
    centres = sorted(w.box.cy for w in inside if w.box.height <= TALL_BOX * h)
    if box.height <= TALL_BOX * h or not centres:
        return box
    cy, half = centres[(len(centres) - 1) // 2], BAND_HEIGHT * h / 2
    return replace(box, top=max(box.top, cy - half), bottom=min(box.bottom, cy + half))


def letters(name: str) -> str:
    """A name's letters, upper case: its spacing and punctuation left out."""
    return re.sub(r"[^A-Z]", "", name.upper())


SPLIT = ""
"""What :func:`reread_name` agrees on when the closer readings split between the page's
reading and another text."""


def spaced_tie(counts: dict[str, int], page: str) -> str | None:
    """Of closer readings of a name split between spacings of the page's letters and no
    other text as often (``PHAM, CONNOR R`` twice, ``PHAM, CONNORR`` twice), the one
    parting more words than the page, read ``MIN_AGREEING`` times: a space OCR lost on
    the page and in some readings, read by none where there is none. None otherwise."""
    same = {v: n for v, n in counts.items() if letters(v) == letters(page)}
    if not same or sum(same.values()) <= sum(counts.values()) - sum(same.values()):
        return None
    spaced = max(same, key=lambda v: (len(v.split()), same[v]))
    if same[spaced] < MIN_AGREEING or len(spaced.split()) <= len(page.split()):
        return None
    return spaced


SURE_READING = 0.9
"""Least confidence of every closer reading giving the page's name for a tie with another
text not to dispute it (:func:`tied_rival`): ``Levi A Underwood`` read at 0.94 and 0.95,
``Levi A Underweed`` at 0.7 twice."""


def thin_stroke_lost(closer: str, page: str) -> bool:
    """True when a closer text's letters are the page's with one ``I`` or ``J`` left out
    (``SUNIL N UNDERWOOD I`` of ``... II``): a thin letter's bare stroke read as nothing."""
    a, b = letters(closer), letters(page)
    return len(b) == len(a) + 1 and any(
        b[:k] + b[k + 1:] == a for k, c in enumerate(b) if c in "IJ")


def tied_rival(votes: dict[str, list[float]], page: str) -> str | None:
    """Of closer readings of a name (text to the confidence of each reading giving it)
    that tie, ``MIN_AGREEING`` each or more, between the page's text and another with
    other letters (``ELIJAH P BERGSTROM`` twice, ``ELUAH P BERGSTROM`` twice and on the
    page), that other text: the closer readings dispute the page's letters. None
    otherwise: no tie, a tie of spacings or of a thin stroke lost
    (:func:`thin_stroke_lost`), or every reading of the page's text sure
    (:data:`SURE_READING`)."""
    counts = {v: len(c) for v, c in votes.items()}
    most = max(counts.values(), default=0)
    if most < MIN_AGREEING or counts.get(page, 0) != most or min(votes[page]) >= SURE_READING:
        return None
    return next((v for v, n in counts.items() if n == most and letters(v) != letters(page)
                 and not thin_stroke_lost(v, page)), None)


class NameReread(NamedTuple):
    """What the closer readings of a name agree on: its text, the mean confidence of its
    two best readings, how many of the readings gave it, and how many gave the page's;
    for :data:`SPLIT`, the text the readings split the page's with."""

    value: str
    confidence: float
    readings: int
    page_readings: int = 0
    rival: str = ""


def reread_name(
    image: Image, reading: FieldReading, fits: Callable[[str], bool], engine: OcrEngine,
    words: Sequence[OcrWord] = (),
) -> NameReread | None:
    """A doubtful name's line (:func:`name_region` of the side's ``words``) read again,
    four ways, as one line of name characters (:func:`name_votes`): the text that
    ``fits`` (a name's pattern) and that two of the four readings agree on, no other as
    many, with the mean confidence of its two best readings (at most
    ``MAX_REREAD_CONFIDENCE``); None when there is none. The page's reading counts as one
    for its own text: when it and the closer readings that give it are as many as those
    agreeing on another (``KOWALCZYK IIT`` twice, ``KOWALCZYK III`` once and on the
    page), the readings split: :data:`SPLIT` at confidence 0 (not where the two differ
    only in spacing, :func:`letters`); so do closer readings tied between the page's text
    and another (:func:`tied_rival`)."""
    region = name_region(words, print_band(words, reading.box, reading.value), image.shape[1])
    votes = {v: c for v, c in name_votes(image, region, engine, reading.value).items()
             if fits(v)}
    counts = {v: len(c) for v, c in votes.items()}
    agreed = agreed_value(counts) or spaced_tie(counts, reading.value)
    if agreed is None:
        rival = tied_rival(votes, reading.value)
        return None if rival is None else NameReread(SPLIT, 0.0, counts[rival], rival=rival)
    if letters(agreed) != letters(reading.value) and (
            counts.get(reading.value, 0) + 1 >= counts[agreed]):
        return NameReread(SPLIT, 0.0, counts[agreed], rival=agreed)
    best = sorted(votes[agreed], reverse=True)[:MIN_AGREEING]
    return NameReread(agreed, round(min(MAX_REREAD_CONFIDENCE, sum(best) / len(best)), 3),
                      counts[agreed], counts.get(reading.value, 0))


REGION_RIGHT_HEIGHTS = 16.0
"""How far right of its label (in label heights) a missing value is looked for."""
REGION_BELOW_HEIGHTS = 2.5
"""How far under its label (in label heights) a missing value is looked for."""
MAX_FOUND_CONFIDENCE = 0.8
"""A value found only by reading the label's surroundings again is at most this certain."""
REGION_TEXT_PX = 64.0
"""Height (pixels) a searched region is enlarged to; its text is about 60% of it."""
VERIFY_RIGHT_HEIGHTS = 9.0
"""How far right of a value (in its heights) a check reads, for an end OCR lost."""


def value_regions(words: Sequence[OcrWord], label: Box, below: bool, width: int) -> list[Box]:
    """Where a label's missing value may be printed (card frame): the rest of its row up
    to the next label-like word, and (when ``below``) the band under it, between the
    words that flank the label's column there."""
    h = max(label.height, 1.0)
    out = []
    ahead = [w.box.left for w in words
             if w.box.left > label.right + 2 * h and abs(w.box.cy - label.cy) < 0.5 * h
             and w.text.endswith(":")]
    right = min([label.right + REGION_RIGHT_HEIGHTS * h, width, *ahead])
    out.append(Box(label.right + 0.2 * h, label.top - 0.3 * h, right, label.bottom + 0.3 * h))
    if below:
        # The nearest row of words under the label gives the value's height and the words
        # that flank the label's column there (a prefix, a suffix).
        under = [w.box for w in words
                 if label.bottom - 0.25 * h <= w.box.top <= label.bottom + REGION_BELOW_HEIGHTS * h]
        top, bottom = label.bottom + 0.15 * h, label.bottom + REGION_BELOW_HEIGHTS * h
        row: list[Box] = []
        if under:
            nearest = min(under, key=lambda b: b.top)
            row = [b for b in under if abs(b.cy - nearest.cy) < 0.5 * nearest.height]
            rh = max(b.height for b in row)
            top = max(label.bottom, min(b.top for b in row) - 0.25 * rh)
            bottom = max(b.bottom for b in row) + 0.25 * rh
        left = max([b.right for b in row if b.right < label.left], default=label.left - 3 * h)
        right = min([b.left for b in row if b.left > label.right + 0.5 * h],
                    default=label.left + 14 * h)
        out.append(Box(max(0.0, left + 0.3 * h), top, min(float(width), right - 0.3 * h), bottom))
    return out


def code_regions(
    words: Sequence[OcrWord], label: Box, below: bool, width: int, stops: Sequence[Box]
) -> list[Box]:
    """Where a code's missing value may be printed beside its label (card frame), as
    :func:`value_regions`, but bounded by ``stops`` (other labels, other fields' values)
    rather than by a fixed width: the row right of the label up to the first stop on it;
    and the band under the label from its left edge up to the first stop there, or the
    card's edge (an Rx ID under its label runs far past it). The band is left out where
    a stop stands over the label's own column in it (the next row of an Rx block:
    ``RxGRP`` would fit a PCN's pattern)."""
    h = max(label.height, 1.0)
    regions = value_regions(words, label, below, width)
    out = []
    right = regions[0]
    ends = [b.left for b in stops if b.left > label.right and _overlaps_row(b, label)]
    right = replace(right, right=min([right.right, *ends]))
    if right.width >= 1.5 * h:
        out.append(right)
    if below and len(regions) > 1:
        band = regions[1]
        ends = [b.left for b in stops if b.left > label.right and _overlaps_row(b, band)]
        band = replace(band, right=min([float(width), *ends]) - 0.3 * h)
        column = replace(band, right=label.right + 0.5 * h)
        if band.width >= 1.5 * h and band.height > 0 and not any(
                _overlaps(s, column) for s in stops):
            out.append(band)
    return out


def nearest_agreed(votes: Votes, x: float) -> tuple[str, Box, float] | None:
    """Of the values at least ``MIN_AGREEING`` readings give, the one whose best reading
    starts nearest ``x`` (card frame: its label's left edge or end), with its box and the
    mean confidence of its two best readings (at most ``MAX_FOUND_CONFIDENCE``); None
    when none is agreed on. A code's value is the one nearest its label, not the row's
    most repeated word."""
    agreed = [(v, sorted(r, key=lambda c: c[0], reverse=True)) for v, r in votes.items()
              if len(r) >= MIN_AGREEING]
    if not agreed:
        return None
    value, readings = min(agreed, key=lambda a: (abs(a[1][0][1].left - x), -len(a[1])))
    best = [c for c, _ in readings[:MIN_AGREEING]]
    return value, readings[0][1], round(min(MAX_FOUND_CONFIDENCE, sum(best) / len(best)), 3)


Votes = dict[str, list[tuple[float, Box]]]
"""Per value read in a region, one (confidence, box in the card frame) per reading of it."""


def region_votes(
    image: Image, region: Box, fits: Callable[[str], bool], engine: OcrEngine,
    expect: str | None = None, whitelist: str = ID_WHITELIST, text_px: float = REGION_TEXT_PX,
) -> Votes:
    """The values that ``fits`` in ``region`` (card frame), read four ways as one line of
    identifier characters: each word, and each two adjacent words joined, with one vote per
    reading that gives it (a word is no vote of its own where it and the next one make
    ``expect``). When the first two readings both give ``expect`` (a value being
    checked) and nothing else, the other two are not made. ``text_px``: the height
    (pixels) the region is enlarged to, at most ``VALUE_SCALE`` times."""
    votes: Votes = {}
    crop_box = _clip(region, image.shape[1], image.shape[0])
    # Enlarged so that a line filling the region is ~text_px tall: enough for Tesseract,
    # and no larger (the cost of a read grows with its pixels).
    scale = min(VALUE_SCALE, max(1.0, text_px / max(region.height, 1.0)))
    for variant in value_variants(image, region, margin=False, scale=scale):
        if expect is not None and len(votes.get(expect, ())) >= MIN_AGREEING and len(votes) == 1:
            break
        page = engine.recognize(variant, psm=PSM_SINGLE_LINE, whitelist=whitelist)
        words = list(page.words)
        seen: set[str] = set()
        # The parts of the expected value read as two words ('ZNU' '99999999') are no
        # values of their own: they would tie with it in every reading.
        parts = {j for i in range(len(words) - 1) for j in (i, i + 1)
                 if expect is not None
                 and clean_value(words[i].text + words[i + 1].text) == expect}
        for i in range(len(words)):
            for group in (words[i:i + 1], words[i:i + 2]):
                value = clean_value("".join(w.text for w in group))
                if len(group) == 0 or value in seen or not value or not fits(value) or (
                        len(group) == 2 and suffix_follows(group[0].text, group[1].text)) or (
                        len(group) == 1 and i in parts):
                    continue
                seen.add(value)
                box = group[0].box
                for w in group[1:]:
                    box = box.union(w.box)
                votes.setdefault(value, []).append(
                    (min(w.confidence for w in group), _to_card(box, crop_box, scale))
                )
    return votes


def agreed_reading(votes: Votes) -> tuple[str, Box, float] | None:
    """The value two readings agree on, and no other as many (:func:`agreed_value`), with
    the box of its best reading and the mean confidence of its two best readings (at most
    ``MAX_FOUND_CONFIDENCE``); None when there is none."""
    agreed = agreed_value({v: len(c) for v, c in votes.items()})
    if agreed is None:
        return None
    readings = sorted(votes[agreed], key=lambda r: r[0], reverse=True)
    # The agreement is the evidence: the best agreeing readings' mean (one more reading of
    # the same value with a low score does not make it less likely).
    best = [c for c, _ in readings[:MIN_AGREEING]]
    confidence = min(MAX_FOUND_CONFIDENCE, sum(best) / len(best))
    return agreed, readings[0][1], round(confidence, 3)


def find_value(
    image: Image, region: Box, fits: Callable[[str], bool], engine: OcrEngine,
    expect: str | None = None, whitelist: str = ID_WHITELIST, text_px: float = REGION_TEXT_PX,
) -> tuple[str, Box, float] | None:
    """A value that ``fits`` somewhere in ``region`` (card frame) that two of four
    readings agree on (:func:`region_votes`, :func:`agreed_reading`), or None."""
    return agreed_reading(region_votes(image, region, fits, engine, expect, whitelist, text_px))


def rival(votes: Votes, value: str) -> bool:
    """True when at least ``MIN_AGREEING`` readings agree on another value about as long as
    ``value`` (one character more or less, not ``value`` continued): the closer readings
    disagree with it, even when as many of them give ``value`` itself (VQF and VOF)."""
    return any(
        len(got) >= MIN_AGREEING and v != value and abs(len(v) - len(value)) <= 1
        and not v.startswith(value)
        for v, got in votes.items()
    )


def verify_region(words: Sequence[OcrWord], box: Box, width: int) -> Box:
    """Where a value read at ``box`` is checked: its box, and on to its right up to the
    next word (OCR may have lost the end of the value, as in a hand's shadow); to its
    left a little, but not into the word before it (its label's last letter read as the
    value's first), nor, for a box no page word starts (a value a second look found),
    into a word the box starts inside of (its label's end: ``No.:`` read into
    ``IGY487183957`` as ``W1GY``)."""
    h = max(box.height, 1.0)
    top, bottom = box.top - 0.3 * h, box.bottom + 0.3 * h
    ahead = [w.box.left for w in words
             if w.box.left >= box.right + 0.3 * h and (_overlaps_row(w.box, box) or (
                 min(w.box.bottom, bottom) - max(w.box.top, top)
                 >= INTRUDING_SHARE * w.box.height))]
    right = min([box.right + VERIFY_RIGHT_HEIGHTS * h, float(width), *ahead])
    # A box no page word starts (a second look's) may have taken in the label's end.
    found = not any(abs(w.box.left - box.left) <= 0.2 * h and _overlaps_row(w.box, box)
                    for w in words)
    behind = [w.box.right + 0.15 * h for w in words
              if (w.box.right <= box.left - 0.2 * h or (found and (
                  w.box.left + w.box.right) / 2 < box.left < w.box.right))
              and _overlaps_row(w.box, box)]
    left = max([0.0, box.left - 0.8 * h, *behind])
    return Box(left, top, right - 0.2 * h, bottom)


INTRUDING_SHARE = 0.33
"""Share of a word's height inside a checked value's region (its row and a margin) from
which the region stops short of it: a word of a column set a little lower (``Health Plan``
beside an ID, half inside the margin) is read into the value's end (``62923709807HP``)
and ties with it in every reading."""


def _overlaps_row(a: Box, b: Box) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) >= 0.5 * min(a.height, b.height)


def _margin_box(box: Box, width: int, height: int) -> Box:
    """The crop :func:`value_variants` takes around ``box`` (card frame)."""
    h = max(box.height, 1.0)
    return Box(
        max(0, int(box.left - 0.6 * h)), max(0, int(box.top - 0.35 * h)),
        min(width, int(box.right + 0.6 * h) + 1), min(height, int(box.bottom + 0.35 * h) + 1),
    )


def _clip(box: Box, width: int, height: int) -> Box:
    """``box`` in whole pixels inside a ``width``×``height`` image."""
    return Box(max(0, int(box.left)), max(0, int(box.top)),
               min(width, int(box.right) + 1), min(height, int(box.bottom) + 1))


def _to_card(box: Box, crop: Box, scale: float) -> Box:
    """A box in a variant (``crop`` enlarged by ``scale``, framed) back in the card frame."""
    def x(v: float) -> float:
        return crop.left + (v - VARIANT_BORDER) / scale

    def y(v: float) -> float:
        return crop.top + (v - VARIANT_BORDER) / scale

    return Box(x(box.left), y(box.top), x(box.right), y(box.bottom))


LABEL_LEFT_HEIGHTS = 14.0
"""How far left of an unlabelled value (in its heights) its lost label is looked for."""
LABEL_SCALE_PX = 60.0
"""Label regions are enlarged as if their value were this tall (pixels): labels are often
half a value's height, and Tesseract reads best at x-heights of 20 px and more."""


MIN_LABEL_CONFIDENCE = 0.3
"""Words read in a label region with less confidence are noise (an empty stretch read)."""


MIN_BLOCKING_CONFIDENCE = 0.5
"""A word read less confidently than this may be the mangled label itself."""


def label_regions(words: Sequence[OcrWord], value: Box) -> list[Box]:
    """Where the label of an unlabelled value may be printed (card frame): the free stretch
    of its row to its left, and the band just above it; none where a word already is
    (a word: two letters or digits at least 0.4 of the value's height, read with at least
    ``MIN_BLOCKING_CONFIDENCE``)."""
    h = max(value.height, 1.0)
    out = []
    # What a blurred label leaves behind ('»' for its colon, 'N' or a doubtful 'Up' for
    # its words) blocks nothing: only confident words of two letters or digits do.
    words = [
        w for w in words
        if w.box.height >= 0.4 * h and w.confidence >= MIN_BLOCKING_CONFIDENCE
        and len(re.findall(r"[A-Za-z0-9]", w.text)) >= 2
    ]
    left_words = [w.box.right for w in words
                  if _overlaps_row(w.box, value) and w.box.right <= value.left - 0.1 * h]
    left = max([value.left - LABEL_LEFT_HEIGHTS * h, *left_words]) + 0.2 * h
    if value.left - 0.2 * h - left >= 1.5 * h:
        out.append(Box(max(0.0, left), value.top - 0.2 * h, value.left - 0.2 * h,
                       value.bottom + 0.2 * h))
    above = Box(value.left - 0.5 * h, value.top - 1.6 * h, value.right + 0.5 * h,
                value.top - 0.1 * h)
    if above.top > 0 and not any(_overlaps(w.box, above) for w in words):
        out.append(above)
    return out


def mangled_label_near(words: Sequence[OcrWord], value: Box) -> bool:
    """True when a doubtful word (under ``MIN_BLOCKING_CONFIDENCE``, two letters at least)
    stands where the label of the value at ``value`` (card frame) would: in the band just
    above it (1.6 of its heights) or on its row just left of it (6 heights). A small label
    in a pale or mono font is often read as such a remnant (``cre`` for ``GRP``); glare
    may leave only its colon (``:`` just before the value, no word before it)."""
    h = max(value.height, 1.0)
    above = Box(value.left - 0.5 * h, value.top - 1.6 * h, value.right + 0.5 * h, value.top)
    left = Box(value.left - 6.0 * h, value.top, value.left, value.bottom)
    colon = Box(value.left - 1.5 * h, value.top, value.left, value.bottom)
    return any(
        (w.confidence < MIN_BLOCKING_CONFIDENCE and len(re.findall(r"[A-Za-z]", w.text)) >= 2
         and (_overlaps(w.box, above) or _overlaps(w.box, left)))
        # A label's colon alone just before the value: its words lost to glare or pallor.
        or (w.text.strip() in (":", ";") and _overlaps(w.box, colon)
            and not any(x.box.right <= w.box.left and _overlaps(x.box, left) for x in words))
        for w in words)


def _overlaps(a: Box, b: Box) -> bool:
    return min(a.right, b.right) > max(a.left, b.left) and min(a.bottom, b.bottom) > max(
        a.top, b.top)


def _label_words(engine: OcrEngine, big: Image, text_px: float) -> list[OcrWord]:
    """The words of an enlarged label region read as one line, in grey and, when that gives
    no confident word of letters, locally thresholded (a coloured band or a shadow beside
    the label breaks a global reading); words below ``MIN_LABEL_CONFIDENCE`` dropped."""

    def confident(image: Image) -> list[OcrWord]:
        page = engine.recognize(image, psm=PSM_SINGLE_LINE)
        return [w for w in page.words if w.confidence >= MIN_LABEL_CONFIDENCE]

    def lettered(words: list[OcrWord]) -> float:
        return sum(w.confidence for w in words if re.search(r"[A-Za-z]{2}", w.text))

    words = confident(big)
    if lettered(words) >= LABEL_GOOD_CONFIDENCE:
        return words
    block = max(15, int(1.5 * text_px) | 1)
    adaptive = cv2.adaptiveThreshold(
        big, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15
    )
    again = confident(adaptive)
    return again if lettered(again) > lettered(words) else words


LABEL_GOOD_CONFIDENCE = 0.6
"""Summed confidence of lettered words at which a grey label reading is kept as it is."""


def box_top_label(image: Image, engine: OcrEngine, value: Box) -> list[OcrWord]:
    """The words (card frame) of a small label printed tight above a value that the first
    pass merged into the value's own word box (its box then reaches up over the label,
    so :func:`label_regions`' band above it misses the label): the band from a little
    above the box down to the row of least ink in the box's upper part (the gap between
    label and value), the value's ink that edge still cuts painted out, enlarged on a
    frame of paper and read as one line (:func:`_label_words`)."""
    h = max(value.height, 1.0)
    region = _clip(Box(value.left - 0.5 * h, value.top - BOX_TOP_ABOVE * h,
                       value.right + 0.5 * h, value.bottom), image.shape[1], image.shape[0])
    crop = image[int(region.top):int(region.bottom), int(region.left):int(region.right)]
    if crop.shape[0] < 4 or crop.shape[1] < 3:
        return []
    paper = int(np.median(crop))
    depth = cv2.absdiff(crop, np.full_like(crop, paper))
    # Ink at half the print's contrast: soft halos join a label to its value's tops.
    mask = (depth >= max(CUT_INK_DEPTH, int(depth.max()) // 2)).astype(np.uint8)
    ink = mask.sum(axis=1)
    first = int(value.top + BOX_TOP_GAP[0] * h - region.top)
    last = max(first + 1, int(value.top + BOX_TOP_GAP[1] * h - region.top))
    gap = first + int(np.argmin(ink[first:last]))
    # The value's ink: what reaches below the gap row, with its halo; painted the paper.
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    below = [k for k in range(1, count)
             if stats[k, cv2.CC_STAT_TOP] + stats[k, cv2.CC_STAT_HEIGHT] > gap + 1]
    value_ink = cv2.dilate(np.isin(labels, below).astype(np.uint8), np.ones((3, 3), np.uint8))
    part = crop[:gap].copy()
    part[value_ink[:gap] > 0] = paper
    if part.shape[0] < 4:
        return []
    band = replace(region, bottom=region.top + gap)
    scale = min(BOX_TOP_MAX_SCALE, max(1.5, LABEL_SCALE_PX / max(band.height, 1.0)))
    big = cv2.resize(part, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    framed: Image = cv2.copyMakeBorder(big, VARIANT_BORDER, VARIANT_BORDER, VARIANT_BORDER,
                                       VARIANT_BORDER, cv2.BORDER_CONSTANT, value=paper)
    return [replace(w, box=_to_card(w.box, band, scale))
            for w in _label_words(engine, framed, band.height * scale)]


BOX_TOP_ABOVE = 0.2
"""How far above a value's box (in its heights) :func:`box_top_label` reads."""
BOX_TOP_GAP = (0.3, 0.65)
"""Where in a value's box (shares of its height from the top) :func:`box_top_label` looks
for the gap between a merged label and its value: a box holding both is about twice the
value's height."""
BOX_TOP_MAX_SCALE = 4.0
"""Most a merged label's band is enlarged: labels are small, half a value's height."""


CUT_INK_DEPTH = 25
"""Grey levels from the paper at which a pixel is ink for :func:`without_cut_ink`: the
soft tops of a value's letters too."""


def split_stacked(
    page: OcrPage, image: Image, engine: OcrEngine, only: Collection[int] | None = None
) -> OcrPage:
    """The page with each word that holds digits and a small label tight above them in one
    box (:func:`stacked_word`: UMR's ``ID`` over ``092529383`` read as one word
    ``92529383``, the value's first digit lost with the label) replaced by the label's
    words (:func:`box_top_label`) and the value's line read alone, enlarged, when that
    gives one word holding the page's text (characters the label's box took recovered);
    the word as it was otherwise. ``only``: the indices of the words looked at (then
    letters alone will do: a code, ``EGENCE`` of ``REGENCE`` under ``Rx pcn``), else
    every word. Card frame throughout."""
    heights = sorted(w.box.height for w in page.words if _ALNUM.search(w.text))
    if not heights:
        return page
    median = heights[len(heights) // 2]
    line = max(w.line for w in page.words) + 1
    out: list[OcrWord] = []
    changed = False
    # (the box of a code merged with its label may leave out the code's first glyph, read
    # into the label: 'EGENCE' of 'REGENCE')
    margin = STACKED_MARGIN if only is None else CODE_MARGIN
    for k, word in enumerate(page.words):
        rows = None if only is not None and k not in only else stacked_word(
            image, word, median, digits=only is None)
        if rows is None and only is not None and k in only and (
                word.box.height >= STACKED_MIN_HEIGHT * median):
            rows = touching_rows(image, word.box, median)
        if rows is None:
            out.append(word)
            continue
        value = replace(word.box, top=(rows[0][1] + rows[1][0]) / 2)
        h = max(rows[1][1] - rows[1][0], 1.0)
        crop = _clip(Box(value.left - margin * h, value.top, value.right + STACKED_MARGIN * h,
                         value.bottom + 0.2 * h), image.shape[1], image.shape[0])
        scale = min(VALUE_SCALE, max(1.5, REGION_TEXT_PX * 0.6 / h))
        big = enlarged_crop(image, crop, scale, VARIANT_BORDER)
        read = [] if big is None else engine.recognize(big, psm=PSM_SINGLE_LINE).words
        values = [replace(w, box=_to_card(w.box, crop, scale), line=line + 1)
                  for w in read if _ALNUM.search(w.text)]
        if not values:
            out.append(word)
            continue
        if len(values) > 1 or clean_value(word.text) not in clean_value(values[0].text):
            # Read otherwise alone (a closer read has habits of its own: KX9F read KK9F):
            # no evidence of a label's box taking the value's first characters.
            out.append(word)
            continue
        labels = [replace(w, line=line) for w in box_top_label(image, engine, word.box)]
        out += [*labels, *values]
        line += 2
        changed = True
    return replace(page, words=tuple(out)) if changed else page


STACKED_MIN_HEIGHT = 1.6
"""Least height of a word box holding a label and its value, in the page's median word
heights (a label and its value stacked take about twice a line)."""
STACKED_MARGIN = 0.4
"""Room (value line heights) left and right of a stacked word's box in the value's crop."""
CODE_MARGIN = 1.2
"""Room (value line heights) left of the box of a stacked code's word (``only``)."""
TOUCHING_VALUE_MIN = 0.8
"""Least height (page median word heights) of the value line at the foot of a word box
holding a small label whose descenders touch the value (:func:`touching_rows`)."""
TOUCHING_LABEL_MIN = 0.25
"""Least share of such a box's height the label's line takes at its top."""
TOUCHING_BAND = 1.5
"""Most ink of a row (times the least row's, plus one pixel) of the thin band of stems
between the two lines."""


def touching_rows(image: Image, box: Box, median: float) -> tuple[
        tuple[int, int], tuple[int, int]] | None:
    """A word box's label line and value line where the label's descenders touch the value
    (one run of ink, :func:`pipeline.glyphs.text_rows` sees one line): parted under the
    band of thin rows (``TOUCHING_BAND``: descenders' stems, no letter's body) between
    ``TOUCHING_LABEL_MIN`` of the box from its top and ``TOUCHING_VALUE_MIN`` page
    ``median`` word heights from its foot. Card-frame y runs; None when the box leaves no
    such band or its crop is empty."""
    top, bottom = int(box.top), int(box.bottom)
    lo = round(top + TOUCHING_LABEL_MIN * box.height)
    hi = round(bottom - TOUCHING_VALUE_MIN * median)
    crop = image[top:bottom, max(0, int(box.left)):max(0, int(box.right))]
    if hi <= lo or crop.size == 0:
        return None
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    counts = ink.sum(axis=1)[lo - top:hi - top]
    least = int(counts.min())
    # The last row of the thin band (the descenders' stems) before the value's tops.
    cut = lo + int(np.flatnonzero(counts <= TOUCHING_BAND * least + 1)[-1]) + 1
    return (top, cut), (cut, bottom)


STACKED_LABEL_SHARE = 0.85
"""Tallest the upper of a stacked word's two lines may be, in the lower's heights: a label
is printed smaller than its value (~0.6)."""


def stacked_word(image: Image, word: OcrWord, median: float, digits: bool = True) -> tuple[
        tuple[int, int], tuple[int, int]] | None:
    """The two lines of print (card-frame y runs, :func:`pipeline.glyphs.text_rows`) of a
    word holding digits (any word: ``digits`` False) whose box, at least
    ``STACKED_MIN_HEIGHT`` page ``median`` word heights tall, holds a small line (under
    ``STACKED_LABEL_SHARE`` of the other) above another: a label and the value under it
    read as one word; None for any other word."""
    if (digits and not re.search(r"\d", word.text)) or (
            word.box.height < STACKED_MIN_HEIGHT * median):
        return None
    rows = glyphs.text_rows(image, word.box)
    if len(rows) != 2:
        return None
    (a0, a1), (b0, b1) = rows
    return (rows[0], rows[1]) if a1 - a0 <= STACKED_LABEL_SHARE * (b1 - b0) else None


def without_cut_ink(image: Image, box: Box) -> Image:
    """A copy of ``image`` (grey) in which the ink inside ``box`` (pixels) that its bottom
    edge cuts is painted the paper: the tops of the value just under a label band, which
    Tesseract reads into the label (``ID#`` read ``DDB``) and which the enlarged crop's
    replicated edge draws out into stripes (read ``Ss``). The paper is the median of the
    box's bottom rows, dark or light; ink is any pixel ``CUT_INK_DEPTH`` from it."""
    top, bottom = int(box.top), max(int(box.top), int(box.bottom))
    left, right = int(box.left), max(int(box.left), int(box.right))
    crop = image[top:bottom, left:right]
    if crop.shape[0] < 4 or crop.shape[1] < 3:
        return image
    paper = int(np.median(crop[-3:]))
    ink = (cv2.absdiff(crop, np.full_like(crop, paper)) >= CUT_INK_DEPTH).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    cut = [k for k in range(1, count)
           if stats[k, cv2.CC_STAT_TOP] + stats[k, cv2.CC_STAT_HEIGHT] >= crop.shape[0]]
    if not cut:
        return image
    out = image.copy()
    out[top:bottom, left:right][np.isin(labels, cut)] = paper
    return out


def read_lost_labels(
    page: OcrPage, image: Image, engine: OcrEngine, values: Sequence[int]
) -> OcrPage:
    """The page with the words found left of and above the given unlabelled values (pale
    small labels a blurred first pass lost), read one region at a time as one line."""
    added: list[OcrWord] = []
    line = max((w.line for w in page.words), default=0) + 1
    for i in values:
        value = page.words[i].box
        scale = min(VALUE_SCALE, max(1.5, LABEL_SCALE_PX / max(value.height, 1.0)))
        for region in label_regions([*page.words, *added], value):
            crop_box = _clip(region, image.shape[1], image.shape[0])
            source = image
            if crop_box.bottom <= value.top:  # the band above: the value's tops cut off
                source = without_cut_ink(image, crop_box)
            big = enlarged_crop(source, crop_box, scale, VARIANT_BORDER)
            if big is None:
                continue
            words = _label_words(engine, big, value.height * scale)
            placed = [replace(w, box=_to_card(w.box, crop_box, scale), line=line) for w in words]
            # Words read in the replicated frame (stripes of ink the edge cut) are no label.
            added += [w for w in placed if crop_box.top <= w.box.cy <= crop_box.bottom]
            line += 1
    if not added:
        return page
    return replace(page, words=(*page.words, *added))
