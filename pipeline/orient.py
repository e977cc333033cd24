"""Fix the card's orientation (0/90/180/270) and return its OCR page read upright.

A side is read in two bands split at an empty row: the top band first, which tells
whether the card is upright before the rest is read. An upside-down card then costs the
top band of its wrong reading, not a whole page and an orientation detection pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.geometry import rotation_matrix
from pipeline.ocr import OcrEngine
from pipeline.types import Box, CardImage, Image, OcrPage, OcrWord

_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}

CUT_RANGE = (0.3, 0.5)
"""Where the top band may end, as shares of the card's height (top edge = 0)."""
CUT_MAX_INK = 0.01
"""Most ink a row may hold to be cut along, as a share of its pixels (a vertical side band
or a stray mark may cross it; a text line may not)."""
TOP_MIN_STRONG = 3
"""Confident long words the top band needs to be taken as upright (a whole page needs 6)."""


def rotate_card(card: CardImage, degrees: int) -> CardImage:
    """The card turned clockwise by ``degrees``, its card-to-photo mapping updated."""
    d = degrees % 360
    if d == 0:
        return card
    h, w = card.pixels.shape[:2]
    return replace(
        card,
        pixels=cv2.rotate(card.pixels, _ROTATE[d]),
        card_to_photo=card.card_to_photo @ rotation_matrix(d, w, h),
        rotation=(card.rotation + d) % 360,
    )


def _long_words(page: OcrPage) -> list[OcrWord]:
    return [w for w in page.words if len(re.sub(r"[^A-Za-z0-9]", "", w.text)) >= 3]


def page_score(page: OcrPage) -> float:
    """How much confidently read text a page holds: summed confidence of real words."""
    return sum(w.confidence for w in _long_words(page) if w.confidence >= 0.5)


def reads_upright(page: OcrPage, min_strong: int = 6) -> bool:
    """True when a page clearly holds upright text: several long words read confidently."""
    long_words = _long_words(page)
    strong = [w for w in long_words if w.confidence >= 0.8]
    # Upside-down text still yields a few confident "words" (6666, NOd, 88906); upright
    # text yields mostly confident ones.
    return len(strong) >= min_strong and len(strong) >= 0.6 * len(long_words)


def band_cut(image: Image) -> int | None:
    """The middle row (card pixels from the top) of the widest empty gap between text
    lines within ``CUT_RANGE`` of the height, or None when every row there crosses text."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h = grey.shape[0]
    lo, hi = round(CUT_RANGE[0] * h), round(CUT_RANGE[1] * h)
    if hi - lo < 3:
        return None
    _, ink = cv2.threshold(grey[lo:hi], 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    empty = ink.sum(axis=1, dtype=np.int64) <= CUT_MAX_INK * grey.shape[1]
    best_start, best_length, start = 0, 0, None
    for row, is_empty in enumerate([*empty.tolist(), False]):
        if is_empty and start is None:
            start = row
        elif not is_empty and start is not None:
            if row - start > best_length:
                best_start, best_length = start, row - start
            start = None
    if best_length < 3:  # rows beside a letter hold its anti-aliased edge
        return None
    return int(lo + best_start + best_length // 2)


def join_bands(top: OcrPage, rest: OcrPage, cut: int) -> OcrPage:
    """One page from a top band and the band below ``cut``: boxes moved into the whole
    image's frame, line numbers of the lower band after the top band's."""
    first_line = max((w.line for w in top.words), default=-1) + 1
    lower = tuple(
        replace(
            w,
            box=Box(w.box.left, w.box.top + cut, w.box.right, w.box.bottom + cut),
            line=w.line + first_line,
        )
        for w in rest.words
    )
    return OcrPage(words=top.words + lower, width=top.width, height=top.height + rest.height)


@dataclass
class _Reading:
    """One orientation of a side, read band by band as needed: a small mutable cache,
    private to :func:`read_upright`, so that no band is read twice."""

    card: CardImage
    image: Image
    engine: OcrEngine
    cut: int | None
    top: OcrPage | None = None
    page: OcrPage | None = None

    @classmethod
    def start(
        cls, card: CardImage, engine: OcrEngine, prepare: Callable[[Image], Image]
    ) -> _Reading:
        image = prepare(card.pixels)
        return cls(card=card, image=image, engine=engine, cut=band_cut(image))

    def top_band(self) -> OcrPage:
        """The top band's words (the whole page when it could not be cut)."""
        if self.cut is None:
            return self.whole()
        if self.top is None:
            self.top = self.engine.recognize(self.image[: self.cut])
        return self.top

    def whole(self) -> OcrPage:
        if self.page is None:
            if self.cut is None:
                self.page = self.engine.recognize(self.image)
            else:
                rest = self.engine.recognize(self.image[self.cut :])
                self.page = join_bands(self.top_band(), rest, self.cut)
        return self.page

    def promising(self) -> bool:
        """True when the top band reads upright (the whole page when it was not cut)."""
        if self.cut is None:
            return reads_upright(self.whole())
        return reads_upright(self.top_band(), TOP_MIN_STRONG)

    def result(self) -> tuple[CardImage, Image, OcrPage]:
        return self.card, self.image, self.whole()


GUESS_LETTER_PX = (8, 40)
"""Heights (pixels of the card frame) of the ink blobs :func:`looks_upside_down` takes for
letters (measured at half resolution)."""
GUESS_JOIN_PX = 14
"""Gap (pixels of the card frame) across which letters are joined into one line."""
GUESS_MIN_LINE = 4
"""Letters a line needs for its middle band (median top and foot) to mean anything."""
GUESS_MIN_SIGNS = 10
"""Letters standing out of their line's middle band that a guess needs."""
GUESS_ODDS = 2.0
"""How many times more letters must stand out on one side of the middle band than on the
other for a guess."""


def looks_upside_down(pixels: Image) -> bool | None:
    """A guess, from the ink alone (no OCR), whether the card is upside down: True or False,
    or None when the print does not tell. In upright Latin print many letters rise above a
    line's middle band (capitals, digits, b d f h k l t) and few hang below it (g j p q y);
    turned over, the reverse. Lines of capitals and digits only tell nothing.

    Only the order in which :func:`read_upright` tries the two turns follows it, never
    its result (upside-down text never reads upright): a right guess spares reading the
    top band of the wrong turn, a wrong one costs that. ``pixels``: the card (card
    frame, BGR or grey), dark print on light paper mostly."""
    half = np.ascontiguousarray(pixels[::2, ::2])  # letters stay whole at half size
    if half.ndim == 3:  # the darkest channel: coloured print stays dark
        b, g, r = cv2.split(half)
        half = cv2.min(cv2.min(b, g), r)
    _, ink = cv2.threshold(half, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows, cols = ink.shape
    # 16-bit labels where they cannot run out (8-connected blobs are 2 pixels apart).
    ltype = cv2.CV_16U if ((rows + 1) // 2) * ((cols + 1) // 2) < 65535 else cv2.CV_32S
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=ltype)
    x, y, w, h = (stats[:, c] for c in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP,
                                         cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    lo, hi = GUESS_LETTER_PX[0] // 2, GUESS_LETTER_PX[1] // 2
    letter = (h >= lo) & (h <= hi) & (w <= 2 * h)
    letter[0] = False  # the background
    if np.count_nonzero(letter) < GUESS_MIN_SIGNS:
        return None
    joined = cv2.dilate((letter.astype(np.uint8) * 255)[labels], cv2.getStructuringElement(
        cv2.MORPH_RECT, (GUESS_JOIN_PX // 2, 1)))
    _, lines = cv2.connectedComponents(joined, connectivity=8, ltype=ltype)
    idx = np.flatnonzero(letter)
    # Each letter's line: the label under the middle of its box (joined covers the box's
    # middle row from its left to its right edge).
    line_of = lines[y[idx] + h[idx] // 2, x[idx] + w[idx] // 2]
    idx, line_of = idx[line_of > 0], line_of[line_of > 0]  # a middle in a wide hole: none
    if not idx.size:
        return None
    _, line, counts = np.unique(line_of, return_inverse=True, return_counts=True)
    tops, feet = y[idx], y[idx] + h[idx]
    slack = np.maximum(1.0, 0.2 * _line_medians(h[idx], line, counts))
    counted = (counts >= GUESS_MIN_LINE)[line]
    rising = int(np.count_nonzero(
        counted & (tops < (_line_medians(tops, line, counts) - slack)[line])))
    hanging = int(np.count_nonzero(
        counted & (feet > (_line_medians(feet, line, counts) + slack)[line])))
    if rising + hanging < GUESS_MIN_SIGNS:
        return None
    if hanging >= GUESS_ODDS * rising:
        return True
    if rising >= GUESS_ODDS * hanging:
        return False
    return None


def _line_medians(
    values: npt.NDArray[np.integer], line: npt.NDArray[np.intp], counts: npt.NDArray[np.intp]
) -> npt.NDArray[np.float64]:
    """Per line (``line``: each value's line, 0 to len(counts) - 1; ``counts``: values per
    line), the median of its values, as np.median gives it, all lines at once."""
    ordered = values[np.lexsort((values, line))].astype(np.float64)
    starts = np.cumsum(counts) - counts
    medians: npt.NDArray[np.float64] = (
        ordered[starts + (counts - 1) // 2] + ordered[starts + counts // 2]) / 2
    return medians


def read_upright(
    card: CardImage, engine: OcrEngine, prepare: Callable[[Image], Image],
    upside_down_first: bool = False,
) -> tuple[CardImage, Image, OcrPage]:
    """OCR the card upright: as it is, or turned 180° (the card is already landscape), or,
    when neither reads well, turned 90° or 270° if Tesseract's OSD sees that; whichever
    page reads best.

    ``upside_down_first`` tries the 180° turn first (the back of a card whose front was
    photographed upside down): the same reading, without a wrong top band when the guess
    is right. Upside-down text never reads upright, so the order changes no result."""
    turns = (180, 0) if upside_down_first else (0, 180)
    tried: dict[int, _Reading] = {}
    for turn in turns:
        reading = _Reading.start(rotate_card(card, turn) if turn else card, engine, prepare)
        tried[turn] = reading
        if reading.promising() and reads_upright(reading.whole()):
            return reading.result()
    osd = engine.detect_orientation(tried[0].image)
    if osd is not None and osd[0] in (90, 270):
        tried[osd[0]] = _Reading.start(rotate_card(card, osd[0]), engine, prepare)
    in_order = [tried[turn] for turn in (0, 180, 90, 270) if turn in tried]
    return max(in_order, key=lambda r: page_score(r.whole())).result()
