"""Enhance a flattened card for OCR: darkest-channel grey, contrast stretch, light-on-dark
panels inverted, gentle sharpening."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.types import Box, Image

STRETCH_PERCENTILES = (1.0, 99.5)
"""Grey levels at these percentiles are stretched to 0 and 255."""


def enhance(pixels: Image, restore: Callable[[Image], Image] | None = None) -> Image:
    """Grey image of the card with its ink-to-paper range stretched to 0-255.

    Dim photos and washed-out JPEGs keep their text but lose range; Tesseract's Otsu
    binarisation works better after the stretch. A light unsharp mask restores edges
    softened by the perspective warp's interpolation. ``restore``, when given, is applied
    to the grey card (card frame) once explainer marks are painted out, before the rest
    (a shaken photo's deblurring, :func:`pipeline.deblur.undo`).
    """
    # The darkest channel, not luminance: pale blue labels on white (R 170 of 255) keep
    # twice the contrast, and black ink stays black.
    unmarked, darkest = _unmarked(pixels)
    grey = darkest_channel(unmarked) if darkest is None else darkest
    if restore is not None:
        grey = restore(grey)
    if noisy(grey):  # a speckled photocopy: Tesseract reads specks
        grey = cv2.medianBlur(grey, 3)
    lo, hi = percentiles_u8(grey, STRETCH_PERCENTILES)
    if hi - lo < 8:
        return grey
    # The stretch of each of the 256 levels, looked up: the same float32 arithmetic as
    # on every pixel, done once per level.
    levels = np.clip((np.arange(256, dtype=np.float32) - lo) * (255.0 / (hi - lo)), 0, 255)
    stretched = invert_dark_panels(cv2.LUT(grey, levels.astype(np.uint8))).astype(np.float32)
    blurred = cv2.GaussianBlur(stretched, (0, 0), 1.2)
    sharp = cv2.addWeighted(stretched, 1.5, blurred, -0.5, 0)
    out: Image = erase_rules(np.clip(sharp, 0, 255, out=sharp).astype(np.uint8))
    return out


RULE_MIN_PX = (120, 100)
"""Shortest horizontal and vertical rule (pixels of the 1011 × 638 card) that is painted
out: no letter's stroke is that long."""
RULE_MAX_PX = 3
"""Thickest such rule (pixels): a band, a bar or a wordmark's letter is thicker."""
RULE_MIN_DEPTH = 40
"""How much darker (grey levels, after the stretch) than the paper around it a pixel
must be to be a rule's: a hand's shadow darkens paper and print alike."""
RULE_EDGE_PX = 12
"""Margin (pixels) of the card image in which no rule is painted out: the card's edge and
the table past it, which Tesseract's page layout is used to."""
RULE_PAPER_CELLS = 5
"""Side (in cells of 4 × 4 pixels) of the square whose median level is the paper's around
a pixel: print is the minority there, on light paper and on a dark band alike."""
RULE_PAPER_LEVEL = 128
"""Paper at least this light (0-255) is where dark rules are looked for: dark-on-light print
(on a dark card or band, the dark gaps beside light letters would pass for lines)."""
RULE_DARK_PAPER_LEVEL = 100
"""On a card whose median level is at most this dark (0-255), light rules are looked for
where the paper is this dark too: the white line under the column heads of a black card.
Not on light cards, where a thin light line on dark is a gap of paper between dark shapes
(two bands, a band and a frame)."""


def erase_rules(grey: Image) -> Image:
    """``grey`` with its long thin rules painted the paper's level: the line under a row
    of column heads, a table's borders. Tesseract reads a rule that touches letters as part
    of them (``H29398313`` under a rule read ``29398313``) or as ``=`` and ``_``, and a rule
    between a label and its value joins their boxes. Only lines ``RULE_MIN_PX`` long and at
    most ``RULE_MAX_PX`` thick, ``RULE_MIN_DEPTH`` darker than light paper around them (or
    as much lighter than dark paper), go, with the pixel each side of them (their soft
    edges)."""
    rows, cols = grey.shape
    small = cv2.resize(grey, (max(1, cols // 4), max(1, rows // 4)), interpolation=cv2.INTER_AREA)
    paper = cv2.resize(cv2.medianBlur(small, RULE_PAPER_CELLS), (cols, rows),
                       interpolation=cv2.INTER_LINEAR)
    dark_rules = cv2.bitwise_and(
        cv2.compare(cv2.subtract(paper, grey), RULE_MIN_DEPTH, cv2.CMP_GE),
        cv2.compare(paper, RULE_PAPER_LEVEL, cv2.CMP_GE))
    ink = dark_rules // 255
    if percentiles_u8(small, (50.0,))[0] <= RULE_DARK_PAPER_LEVEL:  # np.median, faster
        ink |= cv2.bitwise_and(
            cv2.compare(cv2.subtract(grey, paper), RULE_MIN_DEPTH, cv2.CMP_GE),
            cv2.compare(paper, RULE_DARK_PAPER_LEVEL, cv2.CMP_LE)) // 255
    thin = np.zeros_like(ink)
    long_x, long_y = RULE_MIN_PX
    for line, across in (((1, long_x), (RULE_MAX_PX + 1, 1)),
                         ((long_y, 1), (1, RULE_MAX_PX + 1))):
        lines = line_opening(ink, line)
        x, y, w, h = cv2.boundingRect(lines)
        if not w:
            continue
        # A line is thin where its lines are not stacked RULE_MAX_PX + 1 deep (a bar), nor
        # touch such a stack (a bar's soft edge is no rule of its own). Within the lines'
        # box and a margin past the opening's and the dilation's reach (2 px and 1 px),
        # where the erosion's outside is the image's as it was: there is nothing beyond.
        pad = RULE_MAX_PX + 1
        box = (slice(max(0, y - pad), y + h + pad), slice(max(0, x - pad), x + w + pad))
        near = lines[box]
        thick = cv2.morphologyEx(near, cv2.MORPH_OPEN, np.ones(across, np.uint8))
        thin[box] |= near & (cv2.dilate(thick, np.ones((3, 3), np.uint8)) == 0)
    m = RULE_EDGE_PX  # the card's own edge, and the table showing past it, stay
    thin[:m], thin[-m:], thin[:, :m], thin[:, -m:] = 0, 0, 0, 0
    if not thin.any():
        return grey
    rules = cv2.dilate(thin, np.ones((3, 3), np.uint8)) > 0
    out = grey.copy()
    out[rules] = paper[rules]
    return out


def line_opening(ink: Image, shape: tuple[int, int]) -> Image:
    """``cv2.dilate(cv2.erode(ink, kernel), kernel)`` for a kernel of ones of ``shape``
    (rows, columns) one row or one column thick: where ``ink`` (0 or 1) holds lines that
    long. The kernel is applied only to the rows (columns, for a column kernel) with ink
    enough for one line, gathered (a window holds at least as many of the image's pixels
    as the kernel reaches on the shorter side of its anchor, and OpenCV's erosion takes
    the outside as ink): most rows and columns of a card hold less, and a whole-image
    erosion costs ~1-2 ms. Nothing is dilated when nothing is left of the erosion."""
    kernel = np.ones(shape, np.uint8)
    along = 1 if shape[0] == 1 else 0  # the axis the kernel runs along
    length = shape[along]
    anchor = length // 2  # OpenCV's default anchor: the kernel's middle
    need = min(length - anchor, anchor + 1, ink.shape[along])
    counts = cv2.reduce(ink, along, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel()
    keep = np.flatnonzero(counts >= need)
    out = np.zeros_like(ink)
    if not keep.size:
        return out
    lines = ink[keep] if along == 1 else ink[:, keep]
    core = cv2.erode(lines, kernel)
    if not core.any():
        return out
    if along == 1:
        out[keep] = cv2.dilate(core, kernel)
    else:
        out[:, keep] = cv2.dilate(core, kernel)
    return out


NOISY_LEVEL = 2.0
"""Median grey difference (0-255) between a card and its 3 × 3 median from which the card
is median-filtered before OCR. Photos and scans of the benches, JPEG blocks and small web
images included, measure 0 (the paper is smooth at that scale); a speckled photocopy 3."""


def noise_level(grey: Image) -> float:
    """The median absolute difference (grey levels) between ``grey`` and its 3 × 3 median
    filter: pixel noise and speckle, not text (most pixels are paper)."""
    return percentiles_u8(_median_difference(grey), [50.0])[0]


def noisy(grey: Image) -> bool:
    """``noise_level(grey) >= NOISY_LEVEL``, mostly from one count of the differences at
    the level or over it instead of their histogram (~0.5 ms a side spared): the median
    (:func:`percentiles_u8`: the middle difference, or the mean of the middle two) is at
    the level when the differences under it do not reach the middle, and under it when
    they pass it; only a median between an odd count's two middles straddling the level
    needs the histogram."""
    diff = _median_difference(grey)
    n = diff.size
    under = n - cv2.countNonZero(cv2.compare(diff, NOISY_LEVEL, cv2.CMP_GE))
    middle = (n - 1) // 2  # the lower middle difference's rank (0-based, ascending)
    if under <= middle:
        return True  # the middle one or two are at the level or over it
    if n % 2 == 1 or under >= middle + 2:
        return False  # the middle one or two are under it
    return percentiles_u8(diff, [50.0])[0] >= NOISY_LEVEL


def _median_difference(grey: Image) -> Image:
    """Per pixel, the absolute difference (grey levels) between ``grey`` and its 3 × 3
    median filter."""
    diff: Image = cv2.absdiff(grey, cv2.medianBlur(grey, 3))
    return diff


MARK_MIN_CHROMA = 60
"""Spread (0-255) between a pixel's highest and lowest colour channel from which it may
belong to a coloured mark (a red pen's (210, 30, 30) has 180, a yellow one's more; grey
ink and paper ~0-20)."""
MARK_MIN_LEVEL = 110
"""Level (0-255) of its brightest channel from which a coloured pixel may belong to a mark:
marks are drawn in bright pens; navy or maroon print ((10, 30, 70) spreads 60) is darker.
This and ``MARK_MIN_CHROMA`` scale with the paper's level in dim photos (to half)."""
MARK_RIM_CHROMA = 25
"""Spread from which a pixel next to a mark's strokes is painted out with them (the
soft rim of a blurred stroke)."""
MARK_MIN_EXTENT = 64
"""Smallest width or height of an outline mark, pixels of the 1011 px card: a short arrow
(its shaft and head) is ~60 px and more; a coloured word's letters join into a solid bar,
which the fill rules out whatever its length."""
MARK_MAX_FILL = 0.3
"""Largest share of its box a mark's strokes cover at half resolution (where a 4 px stroke
is 3 px thick): outlines, circles and dotted frames cover little of their box (a 4 px
circle round a value 0.25); a coloured word, band or logo covers more (≥ 0.5)."""
MARK_SOLID_PX = 8
"""Side (pixels) of the square a pen stroke is too thin to hold (pens draw 3-6 px) and
the joined letters of a word of 9 px and more fill."""
MARK_MAX_SOLID = 0.7
"""Largest share of a mark's joined strokes that holds a ``MARK_SOLID_PX`` square: an
arrow's head and a circle's narrow ends (0.3-0.5 on the dev cards, a short arrow with a
wide head more), not the letters of a word or a row of labels (≥ 0.8)."""
MARK_MIN_BREADTH = 24
"""Smallest height and width (pixels) of an outline mark: a circle or frame round a value
is taller than its text, an arrow rises or falls to it; a row of small coloured labels
over a rule is thinner (a level arrow is missed)."""
MARK_PAD_PX = 8
"""Margin (pixels) around a mark's box within which its strokes' rims are painted out."""
MARK_LINE_PX = 8
"""Thickest a lone straight mark (a dashed frame's side) may be, pixels: text in the
smallest print is thicker once its letters are joined."""
MARK_JOIN_PX = 16
"""Strokes this close (pixels) are one mark: the dashes of a dotted frame."""
MARK_HUE_TOLERANCE = 12
"""Largest hue difference (OpenCV units: degrees / 2) between a pixel and its mark's
colour for the pixel to be painted out: a purple label touched by an orange circle keeps
its letters (the two hues are ~150 units apart; a stroke's pale or darkened rim stays
within ~5)."""
PAPER_MIN_CHROMA = 40
"""Spread from which the paper itself (a dark teal or plum card) is coloured: strokes of
the paper's hue are then its own shading and letter rims, not marks."""
PAPER_MIN_CELLS = 3
"""Fewest joined cells of coloured paper (:func:`paper_cells`): a card's coloured panel or
band spans many; a double circle crossing a word of its colour colours one or two."""
PEN_SHADE = 0.75
"""Share of the darker of a mark's pen and the paper around it below which a pixel near
the mark is print, not the pen's rim (a rim blends the two, so lies between them)."""
LIGHT_PRINT_MARGIN = 40
"""How much lighter (grey levels of the darkest channel) than both the pen and the paper
around it a pixel near a mark must be to be light print (white letters on a dark card
that the pen crosses), which stays. On light paper nothing is."""
DISC_SIZE_PX = (18, 50)
"""Smallest and largest diameter (pixels) of a numbered callout disc: about the height of
a card's text (a card's round logos are larger, 58 px and up on the benches' designs)."""
DISC_MIN_FILL = 0.6
"""Smallest share of its box a callout disc covers once joined (a disc covers π/4)."""
DISC_HOLE_SHARE = (0.03, 0.45)
"""Share of a disc's inner circle that is not of its colour: its number (a plain dot has
none, a ring is mostly hole)."""
OWN_INK_PX = 150
"""Coloured pixels (half resolution) of a disc's hue outside any mark from which the disc
is the card's own ink (a round logo or icon beside words printed in its colour), kept."""


@dataclass(frozen=True, slots=True)
class _Ellipse:
    """An ellipse fitted to a mark's strokes, half-resolution card pixels: its ``centre``
    (x, y), semi-axes (along ``angle``, degrees clockwise from the x axis, and across it)
    and the half-width of the ``band`` its strokes lie in (a circle drawn twice is a band
    as wide as the loops are apart)."""

    centre: tuple[float, float]
    axes: tuple[float, float]
    angle: float
    band: float


@dataclass(frozen=True, slots=True)
class _Mark:
    """A mark found at half resolution: ``label`` in the joined strokes' labels, its box
    (x, y, width, height; half-resolution pixels), its hue (OpenCV units, 0-179),
    whether it is a filled ``disc`` (painted out whole, number and all) and the
    ``ellipses`` its strokes follow, if any (:func:`_fitted_ellipses`)."""

    label: int
    box: tuple[int, int, int, int]
    hue: int
    disc: bool
    ellipses: tuple[_Ellipse, ...] = ()


def erase_marks(pixels: Image) -> Image:
    """The card with explainer marks painted out (:func:`painted_marks`)."""
    return painted_marks(pixels)[0]


MARKS_MEMO_SIZE = 4
"""Card images whose marks :func:`painted_marks` remembers: a card's two sides, each
perhaps turned for orientation. The enhancement finds the marks, and the check of the
values they touch (:func:`pipeline.process.marked_values`) asks again."""
_marks_memo: list[tuple[weakref.ref[Image], tuple[Image, Image | None]]] = []
_marks_lock = threading.Lock()


def painted_marks(pixels: Image) -> tuple[Image, Image | None]:
    """The card with explainer marks painted out, and the mask (card frame, 1 where a mark
    was painted out, else 0) or None when there was none (:func:`find_painted_marks`).
    Remembered for the last ``MARKS_MEMO_SIZE`` images while they are alive, by identity
    (card images are never changed in place): the results are shared, read them only."""
    return _painted_marks(pixels)[0]


def _unmarked(pixels: Image) -> tuple[Image, Image | None]:
    """The card with explainer marks painted out (:func:`painted_marks`), and its darkest
    channel (:func:`darkest_channel`, a new image) when the search for marks already took
    it (a colour card left as it was), else None."""
    (out, _), lowest = _painted_marks(pixels)
    return out, lowest


def _painted_marks(pixels: Image) -> tuple[tuple[Image, Image | None], Image | None]:
    """:func:`painted_marks`' answer, and the darkest channel of the card it returns when
    found anew and left as it was (:func:`_found_marks`), else None."""
    with _marks_lock:
        _marks_memo[:] = [(ref, got) for ref, got in _marks_memo if ref() is not None]
        for ref, got in _marks_memo:
            if ref() is pixels:
                return got, None
    out, mask, lowest = _found_marks(pixels)
    got = (out, mask)
    with _marks_lock:
        _marks_memo.append((weakref.ref(pixels), got))
        del _marks_memo[:-MARKS_MEMO_SIZE]
    return got, lowest


def find_painted_marks(pixels: Image) -> tuple[Image, Image | None]:
    """:func:`_found_marks` without the darkest channel."""
    out, mask, _ = _found_marks(pixels)
    return out, mask


def _found_marks(pixels: Image) -> tuple[Image, Image | None, Image | None]:
    """The card with explainer marks painted out, the mask (card frame, 1 where a mark was
    painted out, else 0) or None when there was none, and the darkest channel
    (:func:`darkest_channel`, a new image) of the card returned when it is a colour card
    (else None; taken on the way): the circles, arrows, numbered callout
    discs and dotted frames drawn over sample cards to point at fields, which OCR reads
    as ``|``, ``L``, ``@`` or digits glued to values, or which cut letters away.

    Marks are bright coloured strokes, not of a coloured paper's own hue, joined within
    ``MARK_JOIN_PX`` and found at half resolution (a few ms a side). An outline (circle,
    arrow, frame) spans ``MARK_MIN_EXTENT`` and ``MARK_MIN_BREADTH``, and its strokes of
    its own hue are pen-thin (``MARK_MAX_SOLID``) and sparse or thin (``MARK_MAX_FILL``,
    :func:`_thin`), or form a ring round a hole (a circle drawn twice, :func:`_ring`); a
    flat circle's arc (:func:`_arc`) and a lone thin inked line (a dashed frame's side) are
    ones too; so is a small filled disc holding a number, in a hue the card does not print
    in. A region that is none of these is judged again by its thin parts (a circle joined
    to a label of its colour, :func:`_thin_parts`). An outline's pixels
    of its hue take the colour around them (letters of another colour it crosses stay);
    a disc goes whole. On a colourless card (a photocopy) only dotted frames' level sides
    are found (:func:`grey_frame_dashes`); grey images and other cards without such strokes
    are returned as they are."""
    if pixels.ndim != 3:
        return pixels, None, None
    b, g, r = cv2.split(pixels)
    brightest = cv2.max(cv2.max(b, g), r)
    lowest = cv2.min(cv2.min(b, g), r)  # darkest_channel(pixels)
    chroma = cv2.subtract(brightest, lowest)
    # A dim photo's marks are as dim as its paper: the levels scale with the paper's.
    scale = min(1.0, max(0.5, percentiles_u8(brightest[::4, ::4], [95.0])[0] / 255.0))
    vivid = cv2.bitwise_and(
        cv2.compare(chroma, MARK_MIN_CHROMA * scale, cv2.CMP_GE),
        cv2.compare(brightest, MARK_MIN_LEVEL * scale, cv2.CMP_GE))
    rows, cols = chroma.shape[0] // 2, chroma.shape[1] // 2
    # Max-pooled, not subsampled: a 2 px dash stays whole at half resolution.
    pooled = cv2.dilate(vivid, np.ones((2, 2), np.uint8), anchor=(0, 0))
    pooled = pooled[: 2 * rows : 2, : 2 * cols : 2]
    if cv2.countNonZero(pooled) < MARK_MIN_EXTENT:
        unmarked, mask = _grey_marks_painted(pixels)
        return unmarked, mask, lowest if unmarked is pixels else None
    half = cv2.resize(pixels, (cols, rows), interpolation=cv2.INTER_LINEAR)
    hue = hue_of(half)
    paper = paper_cells(half)
    strokes = (pooled > 0).astype(np.uint8)
    if paper is not None:
        strokes &= 1 - _paper_hued(hue, paper, 8)  # strokes of the paper's hue out
    join = MARK_JOIN_PX // 2
    joined = cv2.morphologyEx(strokes, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (join, join)))
    # 16-bit labels: a third of the time of 32-bit ones (fewer than 65536 regions).
    _, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8,
                                                          ltype=cv2.CV_16U)
    marks = find_marks(pixels, vivid, strokes, labels, stats, hue, paper)
    if not marks:
        return pixels, None, lowest
    out = pixels.copy()
    painted = np.zeros(pixels.shape[:2], np.uint8)
    for mark in marks:
        if mark.ellipses:
            _spare_print(labels, mark)
        _paint(out, painted, chroma, brightest, labels, mark, MARK_RIM_CHROMA * scale,
               MARK_MIN_CHROMA * scale)
    # Only painted pixels changed (all in their box): the darkest channel elsewhere stays.
    x, y, w, h = cv2.boundingRect(painted)
    if w and h:
        lowest[y : y + h, x : x + w] = darkest_channel(out[y : y + h, x : x + w])
    return out, painted, lowest


GREY_INK_DEPTH = 40
"""Grey levels by which a pixel of a colourless card (a photocopy) differs from its paper,
darker on a light card, lighter on a dark one, to be ink: print or a pen's grey stroke."""
DASH_SIZE_PX = (4, 10)
"""Shortest and longest (half-resolution pixels) of a dash of a dotted frame: a pen's
12 px dashes, and two of them run together at a corner; a letter's stem is one."""
DASH_MAX_THICK = 3
"""Thickest (half-resolution pixels) such a dash is across."""
DASH_MIN_FILL = 0.6
"""Smallest share of its box a dash covers."""
DASH_ROW_SLACK = 1.5
"""Farthest (half-resolution pixels) the dashes of one side of a frame lie off its line."""
DASH_MAX_STEP = 16
"""Farthest apart (half-resolution pixels, centre to centre) two dashes of one side are:
a pen's dashes repeat every ~24 px."""
DASH_MIN_RUN = 3
"""Fewest dashes in a row that make a dotted frame's side: hyphens in print come alone or
in pairs, apart by digits."""


GREY_MAX_CHROMA = 24
"""Largest spread of any pixel (sampled) of a colourless card: a photocopy's, whose marks
are grey; a colour card's print or pens spread more."""
GREY_FILL_PX = 7
"""Reach (pixels) of the neighbourhood a painted-out grey dash takes its paper from."""


def _grey_marks_painted(pixels: Image) -> tuple[Image, Image | None]:
    """A card without mark-coloured strokes: if colourless (``GREY_MAX_CHROMA``, a
    photocopy), with the dashes of its dotted frames (:func:`grey_frame_dashes`)
    painted out from the paper around them, and their mask; else as it is, and None."""
    sample = pixels[::4, ::4]
    if int(channel_spread(sample).max()) > GREY_MAX_CHROMA:
        return pixels, None
    darkest = darkest_channel(pixels)
    mask = grey_frame_dashes(darkest)
    if mask is None:
        return pixels, None
    # Each dash takes the median of the paper around it (``GREY_FILL_PX``), which a dash
    # 3-6 px across does not fill.
    x, y, w, h = cv2.boundingRect(mask)
    pad = GREY_FILL_PX
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(mask.shape[1], x + w + pad), min(mask.shape[0], y + h + pad)
    paper = cv2.medianBlur(pixels[y0:y1, x0:x1], 2 * pad + 1)
    out = pixels.copy()
    sub = mask[y0:y1, x0:x1] > 0
    out[y0:y1, x0:x1][sub] = paper[sub]
    return out, mask


def grey_frame_dashes(darkest: Image) -> Image | None:
    """The dashes of dotted frames on a colourless card (``darkest``, its darkest channel;
    a photocopy, where the pen's strokes are as grey as print), as a mask (card frame, 1
    on a dash) or None when there are none. A frame's level side is ``DASH_MIN_RUN`` or
    more dash-shaped pieces of ink (``DASH_SIZE_PX`` long, ``DASH_MAX_THICK`` across) in a
    line, each within ``DASH_MAX_STEP`` of the next; dashes touching print are pieces of
    it and stay, and so do the frame's short upright sides and corners (as thin as the
    stems of the letters beside them)."""
    rows, cols = darkest.shape[0] // 2, darkest.shape[1] // 2
    half = cv2.resize(darkest, (cols, rows), interpolation=cv2.INTER_AREA)
    paper = percentiles_u8(half, [50.0])[0]
    if paper >= 128:
        ink = cv2.compare(half, paper - GREY_INK_DEPTH, cv2.CMP_LE)
    else:  # a dark card: its print and pens are lighter
        ink = cv2.compare(half, paper + GREY_INK_DEPTH, cv2.CMP_GE)
    _, labels, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    area = stats[:, cv2.CC_STAT_AREA]
    lo, hi = DASH_SIZE_PX
    level = (w >= lo) & (w <= hi) & (h <= DASH_MAX_THICK) & (area >= DASH_MIN_FILL * w * h)
    level[0] = False
    # Level sides only: upright ones are a dash or two round a line of print, and a
    # column of dashes is as likely the stems of letters set one under another.
    keep = [j for run in _dash_rows(centres[level], np.flatnonzero(level), 0) for j in run]
    if not keep:
        return None
    mask = np.isin(labels, keep).astype(np.uint8)
    full = cv2.resize(mask, (darkest.shape[1], darkest.shape[0]), interpolation=cv2.INTER_NEAREST)
    out: Image = cv2.dilate(full, np.ones((5, 5), np.uint8))
    return out


def _dash_rows(
    centres: npt.NDArray[np.float64], ids: npt.NDArray[np.intp], along: int,
) -> list[list[int]]:
    """The rows of the ``ids`` of dashes (their ``centres``, half resolution):
    ``DASH_MIN_RUN`` or more along axis ``along`` (0: x, a level side; 1: y, an upright
    one): on one line within ``DASH_ROW_SLACK``, each within ``DASH_MAX_STEP`` of the next."""
    across = 1 - along
    out: list[list[int]] = []
    used = np.zeros(len(ids), bool)
    for i in np.argsort(centres[:, across]):
        if used[i]:
            continue
        same = np.flatnonzero(
            ~used & (np.abs(centres[:, across] - centres[i, across]) <= DASH_ROW_SLACK))
        same = same[np.argsort(centres[same, along])]
        used[same] = True
        steps = np.diff(centres[same, along])
        for run in np.split(same, np.flatnonzero(steps > DASH_MAX_STEP) + 1):
            if len(run) >= DASH_MIN_RUN:
                out.append([int(ids[j]) for j in run])
    return out


def channel_spread(pixels: Image) -> Image:
    """Per pixel, the highest minus the lowest of its B, G and R levels (0-255): how
    coloured it is, whatever its brightness."""
    b, g, r = cv2.split(pixels)
    spread: Image = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    return spread


def hue_of(pixels: Image) -> Image:
    """Per pixel of a BGR image, its hue in OpenCV units (0-179, degrees / 2)."""
    hue: Image = cv2.cvtColor(pixels, cv2.COLOR_BGR2HSV)[:, :, 0]
    return hue


def hue_distance(hue: npt.NDArray[np.integer], ref: int) -> npt.NDArray[np.int16]:
    """Circular distance (OpenCV hue units, 0-90) of each hue from ``ref``."""
    d = np.abs(hue.astype(np.int16) - np.int16(ref))
    out: npt.NDArray[np.int16] = np.minimum(d, 180 - d)
    return out


def dominant_hue(hues: npt.NDArray[np.integer]) -> int:
    """The most common hue (OpenCV units) of a set of pixels, smoothed over ±3 units
    around the circle: red strokes straddle 0/179."""
    counts = np.bincount(hues.ravel(), minlength=180)[:180]
    smooth = np.convolve(np.concatenate([counts[-3:], counts, counts[:3]]), np.ones(7), "valid")
    return int(np.argmax(smooth))


def paper_cells(half: Image) -> Image | None:
    """The paper's hue (OpenCV units) in each 16 × 16 cell of the card (8 × 8 of ``half``),
    255 where it is not coloured, padded with one cell of 255 all round; None when the
    paper is nowhere coloured (a white or pastel card).

    A cell is coloured when most of its pixels are (a line of bold navy digits or a pen's
    stroke crossing it is not paper), and its paper is then its mean colour when at least
    6 of the 3 × 3 cells around it are coloured alike: a plum or teal card and its broad
    bands, not a callout disc, a word or a stroke crossing the cell. A cell without
    coloured paper next to one with it takes that one's hue."""
    size = (max(1, half.shape[1] // 8), max(1, half.shape[0] // 8))
    share = cv2.resize((channel_spread(half) >= PAPER_MIN_CHROMA).astype(np.float32), size,
                       interpolation=cv2.INTER_AREA)
    coloured = share > 0.5
    if not coloured.any():
        return None
    # A cell's alike neighbours (below) are coloured ones: where no coloured cell has 6
    # coloured cells round it (itself counted) in groups of PAPER_MIN_CELLS, no cell is
    # paper, and the cells' colours are not needed (~0.8 ms a card spared).
    around = cv2.boxFilter(coloured.astype(np.uint8), -1, (3, 3), normalize=False,
                           borderType=cv2.BORDER_CONSTANT)
    _, _, groups, _ = cv2.connectedComponentsWithStats(
        (coloured & (around >= 6)).astype(np.uint8), connectivity=8)
    if not (groups[1:, cv2.CC_STAT_AREA] >= PAPER_MIN_CELLS).any():
        return None
    coarse = cv2.resize(half, size, interpolation=cv2.INTER_AREA)
    hue = np.pad(np.where(coloured, hue_of(coarse), 255).astype(np.int16), 1,
                 constant_values=255)
    rows, cols = coarse.shape[:2]
    centre = hue[1:-1, 1:-1]
    alike = np.zeros((rows, cols), np.int16)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            d = np.abs(hue[dy : dy + rows, dx : dx + cols] - centre)
            alike += (hue[dy : dy + rows, dx : dx + cols] != 255) & (
                np.minimum(d, 180 - d) <= MARK_HUE_TOLERANCE)
    core = (coloured & (alike >= 6)).astype(np.uint8)
    # A pen's strokes crossing a word of its colour may colour a cell or two: paper is broader.
    _, parts, stats, _ = cv2.connectedComponentsWithStats(core, connectivity=8)
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < PAPER_MIN_CELLS)
    core[np.isin(parts, small[small > 0])] = 0
    if not core.any():
        return None
    paper = np.pad(np.where(core > 0, centre, 255).astype(np.uint8), 1, constant_values=255)
    # A cell next to the paper's takes its hue: a pixel is then checked against one cell.
    cells = paper.copy()
    for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1)):
        shifted = np.roll(paper, (dy, dx), axis=(0, 1))
        cells = np.where(cells == 255, shifted, cells)
    out: Image = cells
    return out


def of_paper_hue(
    hues: npt.NDArray[np.uint8], ys: npt.NDArray[np.intp], xs: npt.NDArray[np.intp],
    cells: Image | None, step: int,
) -> npt.NDArray[np.bool_]:
    """Which pixels (hue ``hues`` at rows ``ys``, columns ``xs``) are within
    ``MARK_HUE_TOLERANCE`` of the coloured paper's hue in their cell (``cells`` of
    :func:`paper_cells`, ``step`` pixels of the pixels' frame a cell): on a
    plum or teal card, the paper's shading and its letters' rims, not marks."""
    if cells is None:
        return np.zeros(len(hues), bool)
    cell = cells[np.minimum(ys // step + 1, cells.shape[0] - 1),
                 np.minimum(xs // step + 1, cells.shape[1] - 1)].astype(np.int16)
    d = np.abs(hues.astype(np.int16) - cell)
    near: npt.NDArray[np.bool_] = (cell != 255) & (np.minimum(d, 180 - d) <= MARK_HUE_TOLERANCE)
    return near


def _paper_hued(hue: Image, cells: Image, step: int) -> Image:
    """:func:`of_paper_hue` of every pixel of ``hue`` (an image of hues, OpenCV units, in
    the frame of ``cells``, ``step`` pixels a cell), as 1 (else 0), by whole-image
    operations: each pixel's cell's hue looked up, and the hues' circular distance
    (both 0-179 where the cell is coloured) within ``MARK_HUE_TOLERANCE``."""
    rows = np.minimum(np.arange(hue.shape[0]) // step + 1, cells.shape[0] - 1)
    cols = np.minimum(np.arange(hue.shape[1]) // step + 1, cells.shape[1] - 1)
    cell = np.take(np.take(cells, rows, axis=0), cols, axis=1)
    d = cv2.absdiff(hue, cell)
    near = cv2.bitwise_or(cv2.compare(d, MARK_HUE_TOLERANCE, cv2.CMP_LE),
                          cv2.compare(d, 180 - MARK_HUE_TOLERANCE, cv2.CMP_GE))
    out: Image = cv2.bitwise_and(near, cv2.compare(cell, 255, cv2.CMP_NE)) // 255
    return out


def find_marks(
    pixels: Image, vivid: Image, strokes: Image, labels: npt.NDArray[np.uint16],
    stats: npt.NDArray[np.int32], hue: Image, paper: Image | None,
) -> list[_Mark]:
    """The marks among the joined strokes' regions: ``pixels`` and ``vivid`` (the mask of
    mark-coloured pixels) at full resolution; ``strokes``, ``labels``, ``stats``, ``hue``
    and the ``paper``'s hue (:func:`paper_cells`) at half.

    A mark is drawn on the card: regions that reach its edge are the card's own bands and
    the table around a loosely cut outline. Shape is judged on the joined strokes: the
    letters of a coloured line of text join into a solid bar, a circle or a frame stays
    an outline, an arrow a thin shaft. A disc is kept when the card prints
    ``OWN_INK_PX`` of its hue outside marks."""
    rows, cols = labels.shape
    marks: list[_Mark] = []
    discs: list[tuple[_Mark, npt.NDArray[np.intp]]] = []
    # Regions a callout disc was taken out of, with the hues of what is left of them.
    rests: list[tuple[int, tuple[int, int, int, int], list[_Mark], npt.NDArray[np.intp]]] = []
    # Strokes in regions: a closing by an even square shifts a pixel, leaving a rim out.
    ink = np.bincount(hue[(strokes > 0) & (labels > 0)], minlength=180)[:180]
    next_label = len(stats)
    for k in range(1, len(stats)):
        x, y, w, h, area = (int(v) for v in stats[k])
        inside = x > 2 and y > 2 and x + w < cols - 2 and y + h < rows - 2
        if not inside and area > 2 * MARK_MAX_FILL * w * h:
            continue  # a band or panel at the edge
        found = _judged(pixels, vivid, strokes, labels, hue, paper, k, (x, y, w, h), area,
                        edge=not inside)
        parts = [found] if found else []
        unmarked: list[int] = []  # thin parts judged no mark
        if not parts and inside and max(w, h) >= MARK_MIN_EXTENT // 2 and next_label < LABEL_LIMIT:
            # A pen's stroke joined to letters or a disc of its colour (a circle round a
            # value under a label printed in the pen's hue): its thin strokes, judged alone.
            for box, part_area, mask in _thin_parts(labels, k, (x, y, w, h))[
                    : LABEL_LIMIT - next_label]:
                labels[box[1] : box[1] + box[3], box[0] : box[0] + box[2]][mask] = next_label
                got = _judged(pixels, vivid, strokes, labels, hue, paper, next_label, box,
                              part_area, part=True)
                if got and not got[0].disc:
                    parts.append(got)
                else:
                    unmarked.append(next_label)
                next_label += 1
        if not found and max(w, h) > DISC_SIZE_PX[1] // 2:
            # A callout disc joined to print of another colour (the label beside the value
            # it numbers) or to a frame, at the card's edge too (fresh 11313's 0146, its
            # disc against the edge on a dashed frame's corner): its own strokes, judged
            # alone.
            discs_here = []
            for box, part_area, mask in _disc_parts(labels, strokes, k, (x, y, w, h))[
                    : LABEL_LIMIT - next_label]:
                labels[box[1] : box[1] + box[3], box[0] : box[0] + box[2]][mask] = next_label
                got = _judged(pixels, vivid, strokes, labels, hue, paper, next_label, box,
                              part_area)
                next_label += 1
                if got and got[0].disc:
                    parts.append(got)
                    discs_here.append(got[0])
            if discs_here and not any(not m.disc for m, _ in parts):
                # The rest without its discs, thin parts and all, judged once the discs
                # are known for callouts: a frame or circle the callout touched.
                own = labels[y : y + h, x : x + w]
                own[np.isin(own, unmarked)] = k
                left = (own == k) & (strokes[y : y + h, x : x + w] > 0)
                rests.append((k, (x, y, w, h), discs_here,
                              np.bincount(hue[y : y + h, x : x + w][left], minlength=180)[:180]))
        for mark, drawn_hues in parts:
            if mark.disc:
                discs.append((mark, drawn_hues))
            else:
                ink -= drawn_hues
                marks.append(mark)
    # Other callouts of the same pen are not the card's ink either.
    ink -= sum((own for _, own in discs), np.zeros(180, np.intp))
    # A disc whose hue the card prints only in the rest of its own region (the frame it
    # touches, fresh 11313's 0146) is a callout if that rest is a mark.
    pending: list[_Mark] = []
    for disc, _ in discs:
        same = hue_distance(np.arange(180), disc.hue) <= MARK_HUE_TOLERANCE // 2
        if int(ink[same].sum()) < OWN_INK_PX:
            marks.append(disc)
        elif any(disc in its and int((ink - hues)[same].sum()) < OWN_INK_PX
                 for _, _, its, hues in rests):
            pending.append(disc)
    for k, box, its_discs, _ in rests:
        # A frame or circle a callout touched (fresh 10909's 0094, a dashed frame with its
        # disc on a corner), where the disc is a callout (not a round letter of a logo).
        if any(d in marks or d in pending for d in its_discs) and (
                rest := _rest_judged(pixels, vivid, strokes, labels, hue, paper, k, box)):
            marks.append(rest[0])
            marks.extend(d for d in its_discs if d in pending and d not in marks)
    return marks


def _rest_judged(
    pixels: Image, vivid: Image, strokes: Image, labels: npt.NDArray[np.uint16], hue: Image,
    paper: Image | None, k: int, box: tuple[int, int, int, int],
) -> tuple[_Mark, npt.NDArray[np.intp]] | None:
    """What is left of region ``k`` (``box``: x, y, width, height at half resolution) once
    its callout discs were taken out of it, judged as a mark (:func:`_judged`): a frame or
    circle the disc touched (fresh 10909's 0094, a dashed frame with its disc on a
    corner). None when it is none (or nothing is left)."""
    x, y, w, h = box
    rest = labels[y : y + h, x : x + w] == k
    ys, xs = np.nonzero(rest)
    if not len(ys):
        return None
    left, top = int(xs.min()), int(ys.min())
    got = _judged(pixels, vivid, strokes, labels, hue, paper, k,
                  (x + left, y + top, int(xs.max()) - left + 1, int(ys.max()) - top + 1),
                  len(ys))
    return got if got and not got[0].disc else None


def _judged(
    pixels: Image, vivid: Image, strokes: Image, labels: npt.NDArray[np.uint16], hue: Image,
    paper: Image | None, k: int, box: tuple[int, int, int, int], area: int,
    part: bool = False, edge: bool = False,
) -> tuple[_Mark, npt.NDArray[np.intp]] | None:
    """Region ``k`` of ``labels`` (its ``box`` and ``area``, half-resolution pixels) judged
    as a mark (:func:`find_marks`): the mark and the histogram of its strokes' hues (180
    OpenCV hue units); None when it is none. A ``part`` (:func:`_thin_parts`) is a mark
    only as an outline or an arc: a straight remnant of joined letters is no line. A
    region at the card's ``edge`` only as circles (:func:`_fitted_ellipses`): a callout
    disc at the edge joined to one, not the card's bands and rules."""
    x, y, w, h = box
    extent, lo, hi = MARK_MIN_EXTENT // 2, DISC_SIZE_PX[0] // 2, DISC_SIZE_PX[1] // 2
    round_ = lo <= min(w, h) and max(w, h) <= hi and max(w, h) <= 1.3 * min(w, h)
    line = max(w, h) >= extent and min(w, h) <= MARK_LINE_PX // 2 and not part
    # Outlines are broad and, even touching letters of another colour, far from solid; a
    # flat circle's arc, cut where it crossed print, is thin across its course.
    broad = max(w, h) >= extent and min(w, h) >= MARK_MIN_BREADTH // 2 and area <= (
        2 * MARK_MAX_FILL * w * h)
    arc = (max(w, h) >= ARC_MIN_LENGTH // 2
           and MARK_LINE_PX // 2 < min(w, h) < MARK_MIN_BREADTH // 2
           and area <= 2 * MARK_MAX_FILL * w * h)
    # Or a circle round a value, however flat, thick or joined to print: an ellipse; or a
    # frame drawn tight round it.
    wide = max(w, h) >= extent and min(w, h) >= MARK_MIN_BREADTH // 2
    tight = max(w, h) >= extent and min(w, h) > MARK_LINE_PX // 2
    if edge:
        line = broad = arc = round_ = tight = False
    if not (line or broad or arc or wide or tight
            or (round_ and area >= DISC_MIN_FILL * w * h)):
        return None
    sub = (slice(y, y + h), slice(x, x + w))
    drawn = (labels[sub] == k) & (strokes[sub] > 0)
    hues = _stroke_hues(pixels, vivid, drawn, x, y, paper)
    if len(hues) == 0:
        return None
    main = dominant_hue(hues)
    # Letters of another colour a mark touches are not the mark's: its shape is that
    # of its strokes of its own hue (twice the tolerance: at half resolution a thin
    # stroke's hue is mixed with the paper's).
    own = drawn & (hue_distance(hue[sub], main) <= 2 * MARK_HUE_TOLERANCE)
    outline = (broad and (_stroked(own) or _ring(own))) or (arc and _arc(own))
    line = line and _inked(drawn) and _dashed(vivid[2 * y : 2 * (y + h), 2 * x : 2 * (x + w)])
    ellipses = _fitted_ellipses(own, x, y) if wide and not line else ()
    drawn_hues = np.bincount(hue[sub][drawn], minlength=180)[:180]
    framed = tight and not part and _framed(own)
    # Rows of coloured print (navy labels over small print) are no pen's strokes; a
    # frame's four sides are no rows. (Measured only for a region that looks drawn.)
    region = labels[sub] == k
    printed = (outline or line or bool(ellipses)) and not framed and _lettered(
        pixels, region, x, y, main)
    if not printed and (outline or line or ellipses or framed):
        return _Mark(k, box, main, disc=False, ellipses=ellipses), drawn_hues
    if tight and not part:
        # A pen's frame or circle joined to print of another colour (a label it touches):
        # its strokes are of the region's second hue.
        other = drawn & (hue_distance(hue[sub], main) > 2 * MARK_HUE_TOLERANCE)
        if np.count_nonzero(other) >= ELLIPSE_MIN_PX:
            second = dominant_hue(hue[sub][other])
            pen = other & (hue_distance(hue[sub], second) <= 2 * MARK_HUE_TOLERANCE)
            ellipses = _fitted_ellipses(pen, x, y) if wide else ()
            # A pen of its own stroke joined to coloured print (the print's ink measured
            # now if not yet).
            if (ellipses or _framed(pen) or (broad and _stroked(pen) and (
                    printed or _lettered(pixels, region, x, y, main)))) and not (
                    _lettered(pixels, region, x, y, second)):
                return _Mark(k, box, second, disc=False, ellipses=ellipses), drawn_hues
    if round_ and area >= DISC_MIN_FILL * w * h and _holds_number(vivid, box):
        return _Mark(k, box, main, disc=True), drawn_hues
    return None


LETTER_PX = (5, 32)
"""Least and most height (pixels of the 1011 px card) of a coloured glyph's ink
(:func:`_lettered`): a card's small print to its large labels."""
LETTER_MIN_THICK = 4
"""Least width and height (pixels) of a glyph's ink."""
LETTER_MAX_LONG = 48
"""Widest (pixels) a glyph's ink is, two or three touching letters at most; a wider piece
is a word only when its rows cross ``WORD_MIN_RUNS`` stems (a pen's arc cut apart by
print is as wide)."""
WORD_MIN_RUNS = 3
"""Fewest runs of ink the median row of a piece wider than ``LETTER_MAX_LONG`` crosses
for the piece to be a word's letters run together; a pen's arc or shaft is crossed once
or twice. A shorter piece twice as long as thick needs two (two touching letters of small
print), which a frame's dash has not."""
DOT_MAX_PX = 7
"""Longest (pixels) a solid dot (``DASH_MIN_FILL``) of a dotted frame is; a small bold
letter is longer."""
LETTER_MIN_COUNT = 8
"""Fewest glyphs for a region to be print: a callout's number or a short label a circle
touches are fewer."""
LETTER_MIN_SHARE = 0.7
"""Share of a region's ink in glyphs from which it is print (rows of coloured labels and
small print on fresh 10909's cards: ~0.9), not a pen's strokes (a circle joined to a label
of its colour: ~0.2)."""


def _lettered(
    pixels: Image, region: npt.NDArray[np.bool_], x: int, y: int, main: int
) -> bool:
    """Whether a region's ink of its hue ``main`` is print rather than a pen's strokes:
    at full resolution (``pixels``; ``region``, its half-resolution mask, top-left corner
    (``x``, ``y``)) its coloured pixels (``MARK_RIM_CHROMA``) of that hue are mostly
    (``LETTER_MIN_SHARE``) glyphs, ``LETTER_MIN_COUNT`` of them or more: pieces of a
    glyph's size (``LETTER_PX``, ``LETTER_MIN_THICK``), not a frame's dots (``DOT_MAX_PX``)
    or dashes, nor long strokes (:data:`WORD_MIN_RUNS`). Coloured labels and lines of small
    print in a column join, at half resolution, into a sparse region that passes for a
    pen's outline (fresh 10909's 0137: ``Bin:``, ``Pcn:``, ``Rx group:`` painted out)."""
    h, w = region.shape
    crop = pixels[2 * y : 2 * (y + h), 2 * x : 2 * (x + w)]
    inside = cv2.resize(region.astype(np.uint8), (crop.shape[1], crop.shape[0]),
                        interpolation=cv2.INTER_NEAREST) > 0
    ink = (inside & (channel_spread(crop) >= MARK_RIM_CHROMA)
           & (hue_distance(hue_of(crop), main) <= 2 * MARK_HUE_TOLERANCE)).astype(np.uint8)
    n, pieces, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n - 1 < LETTER_MIN_COUNT:
        return False
    cx, cy = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    cw, ch = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    area = stats[1:, cv2.CC_STAT_AREA]
    sized = (ch >= LETTER_PX[0]) & (ch <= LETTER_PX[1]) & (
        np.minimum(cw, ch) >= LETTER_MIN_THICK)
    dot = (np.maximum(cw, ch) <= DOT_MAX_PX) & (area >= DASH_MIN_FILL * cw * ch)
    long = (cw > LETTER_MAX_LONG) | (np.maximum(cw, ch) >= 2 * np.minimum(cw, ch))
    glyph = sized & ~dot & ~long
    for k in np.flatnonzero(sized & long):
        # A word's letters run together (their stems: many runs of ink across a row), or
        # a frame's dash or a pen's stroke (one or two).
        piece = pieces[cy[k] : cy[k] + ch[k], cx[k] : cx[k] + cw[k]] == k + 1
        starts = np.count_nonzero(piece[:, 1:] & ~piece[:, :-1], axis=1) + piece[:, 0]
        glyph[k] = np.median(starts) >= (WORD_MIN_RUNS if cw[k] > LETTER_MAX_LONG else 2)
    return int(np.count_nonzero(glyph)) >= LETTER_MIN_COUNT and (
        int(area[glyph].sum()) >= LETTER_MIN_SHARE * int(area.sum()))


FRAME_BORDER_PX = 4
"""Width (half-resolution pixels) of the border of its box a frame's strokes lie in: a
tight frame photographed askew runs each long side over four rows (4545's 0036)."""
FRAME_MIN_INSIDE_PX = 3
"""Fewest rows and columns (half resolution) inside a frame's border: it encloses print;
a small word's letters, all border, enclose nothing."""
FRAME_MIN_BORDER = 0.85
"""Smallest share of a frame's strokes in that border: a frame round a value is its four
sides; letters fill their box."""


def _framed(own: npt.NDArray[np.bool_]) -> bool:
    """Whether strokes (a half-resolution mask) form a rectangular frame, solid or dashed,
    however tight round a value: ``FRAME_MIN_BORDER`` of them in the ``FRAME_BORDER_PX``
    border of their box round ``FRAME_MIN_INSIDE_PX`` or more, each of its four sides
    inked along ``LINE_MIN_INK`` of it."""
    ys, xs = np.nonzero(own)
    if len(xs) < ELLIPSE_MIN_PX:
        return False
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()), int(xs.min()), int(xs.max())
    h, w = y1 - y0 + 1, x1 - x0 + 1
    b = FRAME_BORDER_PX
    if max(w, h) < MARK_MIN_EXTENT // 2 or min(w, h) < 2 * b + FRAME_MIN_INSIDE_PX:
        return False
    box = own[y0 : y1 + 1, x0 : x1 + 1]
    inner = np.count_nonzero(box[b:-b, b:-b])
    if inner > (1.0 - FRAME_MIN_BORDER) * len(xs):
        return False
    inked = (np.count_nonzero(box[:b].any(axis=0)), np.count_nonzero(box[-b:].any(axis=0)),
             np.count_nonzero(box[:, :b].any(axis=1)), np.count_nonzero(box[:, -b:].any(axis=1)))
    return all(n >= LINE_MIN_INK * side for n, side in zip(inked, (w, w, h, h), strict=True))


LINE_MIN_INK = 0.3
"""Smallest share of a lone line's length (its long side) where it has strokes: a dashed
frame's side is inked about half its length; a row of coloured specks along a word's edge
in a JPEG, joined, is a line inked at a few points."""


def _inked(drawn: npt.NDArray[np.bool_]) -> bool:
    """Whether a line's strokes (a half-resolution mask) are there along ``LINE_MIN_INK``
    of its long side."""
    axis = 0 if drawn.shape[1] >= drawn.shape[0] else 1
    return bool(int(np.count_nonzero(drawn.any(axis=axis))) >= LINE_MIN_INK * drawn.shape[1 - axis])


LINE_MIN_RUN_PX = 6
"""Shortest run (pixels, full resolution) of a lone line's inked columns along it that is
a pen's dash: a dashed frame's dashes are ~12 px long; the coloured parts of a small
label's letters, which a thin box may hold too, are 1-4 px wide apart."""
LINE_RUN_SHARE = 0.5
"""Smallest share of a lone line's inked columns in runs of ``LINE_MIN_RUN_PX``."""


def _dashed(vivid: Image) -> bool:
    """Whether a lone line's mark-coloured pixels (``vivid``, full resolution, its box) are
    drawn in dashes or one stroke along its long side: ``LINE_RUN_SHARE`` of its inked
    columns (rows, for an upright line) in runs of ``LINE_MIN_RUN_PX`` and more, and
    ``ARC_ONE_RUN_SHARE`` of them crossed once, not the scattered coloured parts of a row
    of small letters, nor tiny letters set close (an e's three bars)."""
    grid = (vivid if vivid.shape[1] >= vivid.shape[0] else vivid.T) > 0
    on = grid.any(axis=0)
    edges = np.diff(np.concatenate([[0], on.astype(np.int8), [0]]))
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    total = int(runs.sum())
    if total == 0 or int(runs[runs >= LINE_MIN_RUN_PX].sum()) < LINE_RUN_SHARE * total:
        return False
    # A pen's dash is solid across: each column crossed once (tiny letters' bars twice).
    g = grid[:, on].astype(np.int8)
    crossings = np.count_nonzero(np.diff(np.pad(g, ((1, 0), (0, 0))), axis=0) == 1, axis=0)
    return bool(np.count_nonzero(crossings == 1) >= ARC_ONE_RUN_SHARE * total)


LABEL_LIMIT = 65535
"""Labels a 16-bit label image holds: thin parts of regions (:func:`_thin_parts`) are
numbered after the regions, up to it."""
SOLID_MARGIN_PX = 3
"""Margin (half-resolution pixels) round the solid parts of a region (joined letters, a
disc) that :func:`_thin_parts` takes off with them: a pen's stroke touching a letter keeps
its course past the letter, not the letter's rim."""


def _thin_parts(
    labels: npt.NDArray[np.uint16], k: int, box: tuple[int, int, int, int],
) -> list[tuple[tuple[int, int, int, int], int, npt.NDArray[np.bool_]]]:
    """The thin parts of region ``k`` of ``labels`` (half resolution, ``box`` its x, y,
    width, height): the region without what holds a ``MARK_SOLID_PX`` square (letters
    joined into bars, a callout disc) and ``SOLID_MARGIN_PX`` round it, as connected
    regions spanning ``MARK_MIN_EXTENT``: each as its box (half-resolution frame), area
    and mask within the box."""
    x, y, w, h = box
    region = (labels[y : y + h, x : x + w] == k).astype(np.uint8)
    side = MARK_SOLID_PX // 2
    solid = cv2.morphologyEx(region, cv2.MORPH_OPEN, np.ones((side, side), np.uint8))
    if not solid.any():
        return []
    reach = 2 * SOLID_MARGIN_PX + 1
    thin = region & (cv2.dilate(solid, np.ones((reach, reach), np.uint8)) == 0)
    n, parts, stats, _ = cv2.connectedComponentsWithStats(thin, connectivity=8)
    out = []
    for j in range(1, n):
        px, py, pw, ph, area = (int(v) for v in stats[j])
        if max(pw, ph) < MARK_MIN_EXTENT // 2:
            continue
        mask = parts[py : py + ph, px : px + pw] == j
        out.append(((x + px, y + py, pw, ph), area, mask))
    return out


def _disc_parts(
    labels: npt.NDArray[np.uint16], strokes: Image, k: int, box: tuple[int, int, int, int],
) -> list[tuple[tuple[int, int, int, int], int, npt.NDArray[np.bool_]]]:
    """The pieces of region ``k`` of ``labels`` (half resolution, ``box`` its x, y, width,
    height) that may be callout discs: its strokes' connected pieces (before joining) of a
    disc's size (``DISC_SIZE_PX``, about round) whose joined region fills
    ``DISC_MIN_FILL`` of their box; each as its box (half-resolution frame), area and mask
    (the joined region within the box). A label's letters are pieces of a letter's size."""
    x, y, w, h = box
    region = labels[y : y + h, x : x + w] == k
    drawn = (region & (strokes[y : y + h, x : x + w] > 0)).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(drawn, connectivity=8)
    lo, hi = DISC_SIZE_PX[0] // 2, DISC_SIZE_PX[1] // 2
    out = []
    for j in range(1, n):
        px, py, pw, ph = (int(v) for v in stats[j][:4])
        if not (lo <= min(pw, ph) and max(pw, ph) <= hi and max(pw, ph) <= 1.3 * min(pw, ph)):
            continue
        mask = region[py : py + ph, px : px + pw]
        area = int(np.count_nonzero(mask))
        if area >= DISC_MIN_FILL * pw * ph:
            out.append(((x + px, y + py, pw, ph), area, mask))
    return out


def _stroke_hues(
    pixels: Image, vivid: Image, region: npt.NDArray[np.bool_], x: int, y: int,
    paper: Image | None,
) -> npt.NDArray[np.uint8]:
    """Hues (OpenCV units) of the mark-coloured full-resolution pixels under ``region``, a
    half-resolution mask whose top-left corner is (``x``, ``y``), leaving out those of the
    ``paper``'s hue (:func:`paper_cells`): at half resolution a thin stroke's colour is
    mixed with the paper's."""
    h, w = region.shape
    box = pixels[2 * y : 2 * (y + h), 2 * x : 2 * (x + w)]
    size = (box.shape[1], box.shape[0])
    own = cv2.resize(region.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0
    own &= vivid[2 * y : 2 * (y + h), 2 * x : 2 * (x + w)] > 0
    ys, xs = np.nonzero(own)
    # Only the strokes' hues: a pixel's hue is its colour's alone, whichever pixels are
    # converted with it (OpenCV's conversion, vectorised or not, checked on all 2^24).
    hues: npt.NDArray[np.uint8] = (hue_of(box[ys, xs][None])[0] if len(ys)
                                   else np.zeros(0, np.uint8))
    if paper is not None:
        hues = hues[~of_paper_hue(hues, ys + 2 * y, xs + 2 * x, paper, 16)]
    return hues


def _stroked(own: npt.NDArray[np.bool_]) -> bool:
    """Whether strokes (a half-resolution mask), joined, are drawn with a pen: few of
    their pixels are solid at ``MARK_SOLID_PX`` (letters of a word joined are a solid
    bar, a rule under a row of labels does not make them a mark), and they cover at most
    ``MARK_MAX_FILL`` of their box or are mostly thin (an arrow)."""
    pad = MARK_JOIN_PX // 2
    joined = cv2.morphologyEx(np.pad(own.astype(np.uint8), pad), cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (pad, pad)))
    area = cv2.countNonZero(joined)
    if area == 0:
        return False
    solid = cv2.countNonZero(cv2.morphologyEx(
        joined, cv2.MORPH_OPEN, np.ones((MARK_SOLID_PX // 2, MARK_SOLID_PX // 2), np.uint8)))
    h, w = own.shape
    return solid <= MARK_MAX_SOLID * area and (
        area <= MARK_MAX_FILL * w * h or _thin(joined[pad:-pad, pad:-pad] > 0))


RING_MIN_HOLE = 0.4
"""Smallest share of the area inside a ring's outer outline that is not its strokes: a
circle drawn twice round a value (its two loops join into one thick band) encloses the
value's paper (0.47 and more on the dev cards); a word's letters joined into a bar, or a
thick round logo (0.2), enclose little."""
RING_MIN_ASPECT = 1.5
"""Smallest width over height of such a ring: a circle drawn round a value or a word is
wide; a round logo is not."""
RING_MIN_PIECE = 0.15
"""Smallest share of a ring's stroke pixels (half resolution) in its largest connected
piece: a pen's loop is long even where print broke it; letters are small pieces."""
RING_MAX_BAND = 8
"""Thickest band (half-resolution pixels: the ring's area over its outer outline's length)
of such a ring: a pen's loops, not a coloured panel's frame."""


def _ring(own: npt.NDArray[np.bool_]) -> bool:
    """Whether strokes (a half-resolution mask) joined within ``MARK_JOIN_PX`` form a ring:
    a closed band at most ``RING_MAX_BAND`` thick round a hole of ``RING_MIN_HOLE`` of the
    area it encloses, as a circle drawn twice round a value does: wider than tall
    (``RING_MIN_ASPECT``) and drawn in long strokes (``RING_MIN_PIECE``), not two rows of
    small coloured print joined at their ends round the gap between them, nor a logo."""
    h, w = own.shape
    if w < RING_MIN_ASPECT * h:
        return False
    stats = cv2.connectedComponentsWithStats(own.astype(np.uint8), connectivity=8)[2]
    total = int(stats[1:, cv2.CC_STAT_AREA].sum()) if len(stats) > 1 else 0
    if total == 0 or int(stats[1:, cv2.CC_STAT_AREA].max()) < RING_MIN_PIECE * total:
        return False
    pad = MARK_JOIN_PX // 2
    joined = cv2.morphologyEx(np.pad(own.astype(np.uint8), pad), cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (pad, pad)))
    contours, _ = cv2.findContours(joined, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return False
    outer = max(contours, key=cv2.contourArea)
    filled = np.zeros_like(joined)
    cv2.drawContours(filled, [outer], -1, 1, thickness=cv2.FILLED)
    inside = cv2.countNonZero(filled)
    band = cv2.countNonZero(joined & filled)
    if inside == 0 or band > (1.0 - RING_MIN_HOLE) * inside:
        return False
    return bool(band <= RING_MAX_BAND * cv2.arcLength(outer, closed=True))

ARC_MIN_LENGTH = 128
"""Shortest arc (its long side, pixels of the 1011 px card): half a flat circle round a
value (200 px and more on the dev cards); a word of small coloured print is shorter."""
ARC_ONE_RUN_SHARE = 0.85
"""Smallest share of an arc's columns (across its long side) crossed by one run of its
pixels: a pen's stroke is crossed once, letters (an ``o``, an ``e``, a stem beside a bowl)
often twice or more."""
ARC_MAX_WOBBLE = 0.8
"""Largest root-mean-square distance (half-resolution pixels) of an arc's middle from the
parabola fitted through it: a pen's circle is smooth (0.3-0.4 on the dev cards), letters'
middles jump (1.3 and more)."""
ARC_MIN_SAG = 3.0
"""Smallest rise (half-resolution pixels) of an arc's middle across it: a flat circle's
half curves; a remnant of joined letters or a rule is straight."""


def _arc(own: npt.NDArray[np.bool_]) -> bool:
    """Whether strokes (a half-resolution mask, its box ``MARK_LINE_PX`` to
    ``MARK_MIN_BREADTH`` across) are a pen's arc, as a flat circle's half is where print it
    crossed cut it: nothing of them holds a ``MARK_SOLID_PX`` square, they are thin across
    their course (:func:`_thin`), crossed once by most columns (``ARC_ONE_RUN_SHARE``) and
    their middle follows a parabola (``ARC_MAX_WOBBLE``) that rises ``ARC_MIN_SAG``. A line
    of small coloured letters is crossed twice where a bowl is and its middle jumps."""
    side = MARK_SOLID_PX // 2  # padded: OpenCV's erosion takes the outside as ink
    region = np.pad(own.astype(np.uint8), side)
    if cv2.morphologyEx(region, cv2.MORPH_OPEN, np.ones((side, side), np.uint8)).any():
        return False
    if not _thin(own):
        return False
    grid = own if own.shape[1] >= own.shape[0] else own.T  # columns across the long side
    cols = np.flatnonzero(grid.any(axis=0))
    if len(cols) < 8:
        return False
    g = grid[:, cols].astype(np.int8)
    runs = np.count_nonzero(np.diff(np.pad(g, ((1, 0), (0, 0))), axis=0) == 1, axis=0)
    if np.count_nonzero(runs == 1) < ARC_ONE_RUN_SHARE * len(cols):
        return False
    rows = np.arange(grid.shape[0])[:, None]
    middle = (g * rows).sum(axis=0) / np.maximum(1, g.sum(axis=0))
    fit = np.polyval(np.polyfit(cols, middle, 2), cols)
    wobble = float(np.sqrt(np.mean((middle - fit) ** 2)))
    return wobble <= ARC_MAX_WOBBLE and float(fit.max() - fit.min()) >= ARC_MIN_SAG

ELLIPSE_MIN_ON = 0.5
"""Smallest share of a region's strokes of its hue on its fitted ellipse: a circle round
a value (the rest a dotted frame or a label it touches); a word's letters scatter."""
ELLIPSE_MIN_AXIS = 24
"""Shortest semi-major axis (half-resolution pixels) of a circle round a value: 96 px
across at least (a value and the pen's margins either side); a round letter or a logo's
arc is smaller."""
ELLIPSE_MIN_SHARE = 0.33
"""Smallest share of all a region's strokes of its hue on one of its ellipses: labels of
the pen's colour joined to a circle are fewer than its strokes; a word's letters round a
gap are more."""
ELLIPSE_MIN_COVER = 0.75
"""Smallest share of the ellipse's ``ELLIPSE_SECTORS`` its strokes reach: a circle goes
round (where print broke it, most of the way); letters, a frame's corners or an arrow
fit an ellipse in a few sectors."""
ELLIPSE_SECTORS = 36
"""Angular sectors (around the ellipse, equal in its own parameter) counted for cover."""
ELLIPSE_MAX_INSIDE = 0.1
"""Largest share of the strokes well inside the ellipse (under 0.6 of the way out): a
circle round a value leaves it clear; a word or a logo fills its ellipse."""
ELLIPSE_MAX_SOLID = 0.55
"""Largest share of the strokes on an ellipse that holds a ``MARK_SOLID_PX`` square: a
pen's loops are thin (0-0.4 on the dev cards, three loops touching the most); the
strokes of large letters round a bowl are thick (0.7)."""
ELLIPSE_MIN_RUN = 0.4
"""Smallest share of the ``ELLIPSE_SECTORS`` one connected piece of the strokes on the
ellipse reaches: a pen's circle is one long stroke (a circle drawn twice, two); letters
round a gap between rows of coloured print are many short pieces."""
ELLIPSE_TOLERANCE = 0.25
"""Farthest a stroke pixel lies from the ellipse and is on it, as a share of its
semi-minor axis (3 half-resolution pixels at least): a circle drawn twice or three times
round a value (loops up to 8 apart) is on it."""
ELLIPSE_BAND_PERCENTILE = 80
"""Percentile of the on-strokes' distances from the ellipse (plus a pixel) taken as its
band's half-width, what is painted out: the pen's loops, not all of a label of its colour
that the circle crosses."""
ELLIPSE_MIN_PX = 40
"""Fewest stroke pixels (half resolution) an ellipse is fitted to."""
ELLIPSE_FIT_PX = 800
"""Most stroke pixels an ellipse is fitted to (more are subsampled)."""


def _ellipse_offsets(
    xs: npt.NDArray[np.floating], ys: npt.NDArray[np.floating], centre: tuple[float, float],
    axes: tuple[float, float], angle: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """For points (``xs``, ``ys``), their distance from the ellipse (pixels, about; outside
    positive), how far out they are (1 on it) and their angle in its parameter (radians)."""
    t = np.deg2rad(angle)
    dx, dy = xs - centre[0], ys - centre[1]
    u = dx * np.cos(t) + dy * np.sin(t)
    v = dy * np.cos(t) - dx * np.sin(t)
    out = np.sqrt((u / axes[0]) ** 2 + (v / axes[1]) ** 2)
    dist = np.hypot(u, v) * (1.0 - 1.0 / np.maximum(out, 1e-6))
    return dist, out, np.arctan2(v / axes[1], u / axes[0])


def _fitted_ellipses(own: npt.NDArray[np.bool_], x: int, y: int) -> tuple[_Ellipse, ...]:
    """The ellipses the strokes ``own`` (a half-resolution mask whose top-left corner is
    (``x``, ``y``)) follow: one fitted to them all, one to their thin strokes (without a
    disc or letters joined to a circle) and one round each hole they enclose (circles
    joined to each other or to labels of their colour), each fitted again to the strokes
    near it (:func:`_ellipse_near`)."""
    ys, xs = np.nonzero(own)
    if len(xs) < ELLIPSE_MIN_PX:
        return ()
    step = max(1, len(xs) // ELLIPSE_FIT_PX)
    px, py = xs[::step].astype(np.float64), ys[::step].astype(np.float64)
    seeds: list[npt.NDArray[np.float32]] = [np.column_stack([px, py]).astype(np.float32)]
    solid = _solid_part(own)[SOLID_PAD:-SOLID_PAD, SOLID_PAD:-SOLID_PAD]
    if solid.any():  # a disc or letters joined to a circle pull the fit: the thin strokes
        reach = 2 * SOLID_MARGIN_PX + 1
        ty, tx = np.nonzero(own & (cv2.dilate(solid, np.ones((reach, reach), np.uint8)) == 0))
        if len(tx) >= ELLIPSE_MIN_PX:
            seeds.append(np.column_stack([tx, ty]).astype(np.float32))
    pad = MARK_JOIN_PX // 2
    joined = cv2.morphologyEx(np.pad(own.astype(np.uint8), pad), cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (pad, pad)))
    contours, tree = cv2.findContours(joined, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    for contour, (_, _, _, parent) in zip(contours, tree[0] if tree is not None else [],
                                          strict=False):
        _, _, hw, hh = cv2.boundingRect(contour)
        if parent >= 0 and len(contour) >= 5 and hw >= MARK_MIN_BREADTH and hh >= 3:
            seeds.append((contour.reshape(-1, 2) - pad).astype(np.float32))
    found: list[_Ellipse] = []
    for seed in seeds:
        got = _ellipse_near(own, px, py, seed, whole=len(found) == 0 and seed is seeds[0])
        if got is not None and not any(
                abs(got.centre[0] - e.centre[0]) + abs(got.centre[1] - e.centre[1]) < 4
                for e in found):
            found.append(got)
    return tuple(_Ellipse((e.centre[0] + x, e.centre[1] + y), e.axes, e.angle, e.band)
                 for e in found)


def _ellipse_near(
    own: npt.NDArray[np.bool_], px: npt.NDArray[np.float64], py: npt.NDArray[np.float64],
    seed: npt.NDArray[np.float32], whole: bool,
) -> _Ellipse | None:
    """The ellipse fitted to ``seed`` points, then (twice) to the stroke pixels (``px``,
    ``py``; half resolution, the mask ``own``'s frame) near it; None unless those on it
    (``ELLIPSE_TOLERANCE``) go round it (``ELLIPSE_MIN_COVER``) with little inside
    (``ELLIPSE_MAX_INSIDE``), it spans ``MARK_MIN_EXTENT`` and ``MARK_MIN_BREADTH``, is wide
    (``RING_MIN_ASPECT``) as a circle round a value is, and (fitted to the ``whole``
    region) holds ``ELLIPSE_MIN_ON`` of its strokes."""
    pts = seed
    for _ in range(3):
        if len(pts) < 5:
            return None
        (cx, cy), (d1, d2), angle = cv2.fitEllipse(pts)
        if not (np.isfinite(d1) and np.isfinite(d2)) or min(d1, d2) < 2.0:
            return None
        axes = (d1 / 2.0, d2 / 2.0)
        dist, out, theta = _ellipse_offsets(px, py, (cx, cy), axes, angle)
        tol = max(3.0, ELLIPSE_TOLERANCE * min(axes))
        near = np.abs(dist) <= 2.0 * tol
        pts = np.column_stack([px[near], py[near]]).astype(np.float32)
    on = np.abs(dist) <= tol
    h, w = own.shape
    big, small = max(axes), min(axes)
    if not (2 * big >= MARK_MIN_EXTENT // 2 and 2 * small >= MARK_MIN_BREADTH // 2
            and big >= RING_MIN_ASPECT * small
            and 2 * big <= max(w, h) + 2 * tol and 2 * small <= min(w, h) + 2 * tol):
        return None
    if big < ELLIPSE_MIN_AXIS or np.count_nonzero(on) < ELLIPSE_MIN_SHARE * len(px):
        return None
    count = len(px) if whole else np.count_nonzero(near)
    if np.count_nonzero(on) < ELLIPSE_MIN_ON * count or (
            np.count_nonzero(out < 0.6) > ELLIPSE_MAX_INSIDE * count):
        return None
    if _sectors(theta[on]) < ELLIPSE_MIN_COVER * ELLIPSE_SECTORS:
        return None
    # A pen's circle is drawn in thin strokes, in one go (or two loops); letters are
    # thick or in pieces.
    ys, xs = np.nonzero(own)
    dist_all, _, theta_all = _ellipse_offsets(xs.astype(np.float64), ys.astype(np.float64),
                                              (cx, cy), axes, angle)
    on_all = np.abs(dist_all) <= tol
    curve = np.zeros(own.shape, np.uint8)
    curve[ys[on_all], xs[on_all]] = 1
    if cv2.countNonZero(_solid_part(curve)) > ELLIPSE_MAX_SOLID * np.count_nonzero(on_all):
        return None
    n, parts = cv2.connectedComponents(curve, connectivity=8)
    piece = parts[ys[on_all], xs[on_all]]
    if n < 2 or max(_sectors(theta_all[on_all][piece == j]) for j in range(1, n)) < (
            ELLIPSE_MIN_RUN * ELLIPSE_SECTORS):
        return None
    band = float(np.percentile(np.abs(dist[on]), ELLIPSE_BAND_PERCENTILE)) + 1.0
    return _Ellipse((float(cx), float(cy)), axes, float(angle), band)


SOLID_PAD = MARK_SOLID_PX // 2
"""Side (pixels) of the square :func:`_solid_part` fits in a mask, and the margin it pads
the mask with."""


def _solid_part(mask: npt.NDArray[np.bool_] | Image) -> Image:
    """The pixels of ``mask`` (a binary image) inside a ``SOLID_PAD`` square of it: thick
    strokes and filled shapes, not a pen's line; in the mask padded by ``SOLID_PAD`` all
    round (OpenCV's erosion takes the outside of an image as ink, and an even square's
    opening may reach a pixel past the mask)."""
    padded = np.pad(np.asarray(mask).astype(np.uint8), SOLID_PAD)
    solid: Image = cv2.morphologyEx(padded, cv2.MORPH_OPEN,
                                    np.ones((SOLID_PAD, SOLID_PAD), np.uint8))
    return solid


def _sectors(theta: npt.NDArray[np.float64]) -> int:
    """How many of ``ELLIPSE_SECTORS`` equal sectors of an ellipse's parameter the angles
    ``theta`` (radians, -π to π) fall in."""
    sectors = ((theta + np.pi) * (ELLIPSE_SECTORS / (2 * np.pi))).astype(np.intp)
    return len(np.unique(sectors % ELLIPSE_SECTORS))


def _ellipses_band(shape: tuple[int, int], ellipses: Sequence[_Ellipse],
                   origin: tuple[int, int], scale: int, margin: float) -> npt.NDArray[np.bool_]:
    """Mask (``shape``, its top-left corner at ``origin`` of a frame ``scale`` times the
    half-resolution one) of the pixels within the ellipses' bands widened by ``margin``
    pixels of that frame."""
    band = np.zeros(shape, np.uint8)
    for e in ellipses:
        centre = (round(scale * e.centre[0] - origin[0]), round(scale * e.centre[1] - origin[1]))
        axes = (max(1, round(scale * e.axes[0])), max(1, round(scale * e.axes[1])))
        thick = max(1, round(2 * (scale * e.band + margin)))
        cv2.ellipse(band, centre, axes, e.angle, 0, 360, 1, thickness=thick)
    return band > 0


WORD_MIN_ASPECT = 1.8
"""Smallest length over height of the solid part of a word's letters joined: a label is
a bar; an arrow's head or a disc is about as long as wide."""


def _spare_print(labels: npt.NDArray[np.uint16], mark: _Mark) -> None:
    """Take out of ``mark``'s region in ``labels`` (half resolution, in place) the print its
    ellipses touch: the pieces off their bands that are mostly solid (``MARK_MAX_SOLID`` of
    them holds a ``MARK_SOLID_PX`` square: letters joined), a bar (``WORD_MIN_ASPECT``) and
    no disc: a label of the pen's colour a circle crosses. An arrow (solid at its head
    only, and that no bar) or a frame's side joined to a circle, and a callout disc, go
    with it."""
    x, y, w, h = mark.box
    region = (labels[y : y + h, x : x + w] == mark.label).astype(np.uint8)
    band = _ellipses_band(region.shape, mark.ellipses, (x, y), 1, 1.0)
    off = region & ~band
    n, parts, stats, _ = cv2.connectedComponentsWithStats(off.astype(np.uint8), connectivity=8)
    lo, hi = DISC_SIZE_PX[0] // 2, DISC_SIZE_PX[1] // 2
    for j in range(1, n):
        px, py, pw, ph, area = (int(v) for v in stats[j])
        if lo <= min(pw, ph) and max(pw, ph) <= hi and max(pw, ph) <= 1.3 * min(pw, ph) \
                and area >= DISC_MIN_FILL * pw * ph:
            continue
        solid = _solid_part(parts[py : py + ph, px : px + pw] == j)
        if cv2.countNonZero(solid) <= MARK_MAX_SOLID * area:
            continue
        _, _, sw, sh = cv2.boundingRect(solid)
        if max(sw, sh) < WORD_MIN_ASPECT * min(sw, sh):
            continue  # an arrow's head, not a word
        sub = labels[y + py : y + py + ph, x + px : x + px + pw]
        sub[parts[py : py + ph, px : px + pw] == j] = 0


def _thin(region: npt.NDArray[np.bool_]) -> bool:
    """Whether a joined region (half resolution) is mostly a thin stroke across its long
    side, as an arrow's shaft is (its head, a few columns, does not move the median):
    a word's letters join into a bar as thick as the word is high."""
    h, w = region.shape
    across = np.count_nonzero(region, axis=0 if w >= h else 1)
    across = across[across > 0]
    t = float(np.median(across)) if len(across) else 0.0
    return t <= MARK_LINE_PX // 2 + 1 and t <= 0.4 * min(w, h)


def _holds_number(vivid: Image, box: tuple[int, int, int, int]) -> bool:
    """Whether the round region at ``box`` (half-resolution pixels) holds a number: a share
    ``DISC_HOLE_SHARE`` of its inner circle is not mark-coloured (``vivid``, the
    full-resolution mask)."""
    x, y, w, h = (2 * v for v in box)
    inner = vivid[y : y + h, x : x + w]
    yy, xx = np.ogrid[: inner.shape[0], : inner.shape[1]]
    circle = ((yy - h / 2) / (0.35 * h)) ** 2 + ((xx - w / 2) / (0.35 * w)) ** 2 <= 1.0
    if not circle.any():
        return False
    share = np.count_nonzero(inner[circle] == 0) / np.count_nonzero(circle)
    return bool(DISC_HOLE_SHARE[0] <= share <= DISC_HOLE_SHARE[1])


def _paint(out: Image, painted: Image, chroma: Image, brightest: Image,
           labels: npt.NDArray[np.uint16], mark: _Mark, rim_chroma: float,
           pen_chroma: float) -> None:
    """Paint ``mark``'s pixels in ``out`` (full resolution, in place) the colour of the
    rest of its box: paper on a white card, the panel's colour on a dark one; set them to 1
    in ``painted``. An outline loses its pixels of its hue from ``rim_chroma`` near its
    strokes (their soft rims), but not those darker than ``PEN_SHADE`` of both the pen
    (its pixels from ``pen_chroma``) and the paper around it: a rim blends the pen with
    the paper, while print of a hue near the pen's that a tight frame touches (navy digits
    under a blue frame, a brown label beside a red one) is darker than either, and stays;
    so does print ``LIGHT_PRINT_MARGIN`` lighter than both in its darkest channel (white
    letters on a dark card). A disc loses its whole round region."""
    rows, cols = labels.shape
    pad = MARK_PAD_PX // 2
    bx, by, bw, bh = mark.box
    x0, y0 = max(0, bx - pad), max(0, by - pad)
    x1, y1 = min(cols, bx + bw + pad), min(rows, by + bh + pad)
    own = cv2.resize((labels[y0:y1, x0:x1] == mark.label).astype(np.uint8), None, fx=2, fy=2,
                     interpolation=cv2.INTER_NEAREST)
    x, y = 2 * x0, 2 * y0
    region = out[y : y + own.shape[0], x : x + own.shape[1]]
    own = own[: region.shape[0], : region.shape[1]]
    near = cv2.dilate(own, np.ones((7, 7), np.uint8)) > 0
    if mark.disc:  # the whole disc, its number too
        stroke = near.astype(np.uint8)
        centre = (2 * (bx - x0) + bw, 2 * (by - y0) + bh)
        cv2.ellipse(stroke, centre, (bw + 3, bh + 3), 0, 0, 360, 1, thickness=cv2.FILLED)
    else:
        # The stroke's blurred rim is paler but as coloured to the darkest channel, and
        # of the stroke's hue; letters of another colour it crosses are not its own.
        rim = chroma[y : y + region.shape[0], x : x + region.shape[1]] >= rim_chroma
        hued = hue_distance(hue_of(region), mark.hue) <= MARK_HUE_TOLERANCE
        levels = brightest[y : y + region.shape[0], x : x + region.shape[1]]
        drawn = rim & near & hued
        pen = levels[drawn & (chroma[y : y + region.shape[0], x : x + region.shape[1]]
                              >= pen_chroma)]
        floor = PEN_SHADE * min(float(np.median(levels[::2, ::2])),
                                float(np.median(pen)) if len(pen) else 255.0)
        # On a dark card, light print the pen crosses is lighter than both in its darkest
        # channel (white letters; their blend with a red pen is pink): it stays too.
        lows = darkest_channel(region)
        pen_low = lows[drawn & (chroma[y : y + region.shape[0], x : x + region.shape[1]]
                                >= pen_chroma)]
        ceiling = LIGHT_PRINT_MARGIN + max(float(np.median(lows[::2, ::2])),
                                           float(np.median(pen_low)) if len(pen_low) else 0.0)
        stroke = cv2.dilate(drawn.astype(np.uint8), np.ones((3, 3), np.uint8))
        stroke &= ((levels >= floor) & (lows <= ceiling)).astype(np.uint8)
    rest = region[stroke == 0]
    if stroke.any() and len(rest):
        region[stroke > 0] = np.median(rest[:: max(1, len(rest) // 2000)], axis=0)
        painted[y : y + region.shape[0], x : x + region.shape[1]] |= stroke > 0


def darkest_channel(pixels: Image) -> Image:
    """Per pixel, the lowest of the B, G and R levels (a grey image stays as it is)."""
    if pixels.ndim == 2:
        return pixels
    b, g, r = cv2.split(pixels)
    darkest: Image = cv2.min(cv2.min(b, g), r)
    return darkest


def percentiles_u8(grey: Image, percents: Sequence[float]) -> list[float]:
    """``np.percentile(grey, percents)`` (linear interpolation) of an 8-bit image, from its
    histogram: the same values, ~20x faster on a card."""
    counts = cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel()
    cumulative = np.cumsum(counts)
    n = float(cumulative[-1])
    out = []
    for q in percents:
        rank = q / 100.0 * (n - 1)  # 0-based rank of the wanted order statistic
        below = int(np.floor(rank))
        level_lo = int(np.searchsorted(cumulative, below, side="right"))
        level_hi = int(np.searchsorted(cumulative, min(below + 1, n - 1), side="right"))
        out.append(level_lo + (rank - below) * (level_hi - level_lo))
    return out


DARK_PANEL_LEVEL = 110
"""Grey level (after stretching) below which a pixel may belong to a dark panel."""
PANEL_MIN_HEIGHT = 14
"""Smallest panel height, pixels of the 1011 px card: a label chip holds text ≥ 10 px."""
PANEL_MIN_FILL = 0.55
"""Share of a panel's bounding box that is dark; merged letters of dark text fill less."""
PANEL_MIN_TEXT = 0.08
"""Share of a panel's filled outline that is light (its text)."""
PANEL_BAND_ROWS = 0.5
"""Share of a panel's rows that are solid from which a panel along the card's top or bottom
edge is a band (a bold word blurred into one blob shows at most 16%): less light text marks
it as a panel (``PANEL_BAND_TEXT``)."""
PANEL_BAND_TEXT = 0.02
"""Share of an edge band's filled outline that is light (its text): a wordmark alone on a
band across the card's top (14949's 0071: UMR's, 5% of its black band, not read). Bands
inside the card hold rows of small labels, which Tesseract reads white on black; turned,
their rows may join the values' under them (14444's 0053)."""
PANEL_EDGE_PX = 3
"""Margin (pixels) of the card image left out of the dark panels' search."""
PANEL_MIN_SOLID_ROWS = 0.2
"""Share of a panel's rows that are dark across ≥ 90% of its width: its margins above and
below the text. Blurred bold words merge into one dark blob too, but only their middle
rows are solid (≤ 16% of rows in the benches' blurred and shaken photos, ≥ 27% for real
chips and bands but a glare-crossed logo at 14%)."""


def invert_dark_panels(grey: Image) -> Image:
    """Turn light-on-dark text (white labels on coloured chips and bands) dark-on-light.

    Tesseract reads dark text on a light page; a card's white-on-blue labels otherwise
    vanish. A panel is one connected dark region, wider than tall, mostly dark: dark
    text never is (its letters are separate, thin regions). Each panel's box is inverted.
    """
    # 1 where grey < DARK_PANEL_LEVEL (grey levels are whole: at most one under it).
    dark = cv2.threshold(grey, DARK_PANEL_LEVEL - 1, 1, cv2.THRESH_BINARY_INV)[1]
    # Not the image's outermost pixels: a thin dark line along a side (the card's edge, or
    # the table past it) joins a band at the top to the bottom, and no panel is that tall
    # (14949's 0071: UMR's wordmark on a black top band, a 2 px line down the left side).
    m = PANEL_EDGE_PX
    dark[:m], dark[-m:], dark[:, :m], dark[:, -m:] = 0, 0, 0, 0
    panels = _panel_sized(dark)
    out = grey.copy()
    for x, y, w, h, area, own in panels:
        # Invert the inside of the panel's filled outline; its edge and anti-aliased rim
        # turn to paper, so the rounded border leaves no '|' or '[' for OCR to read.
        pad = 3
        y0, x0 = max(0, y - pad), max(0, x - pad)
        y1, x1 = min(out.shape[0], y + h + pad), min(out.shape[1], x + w + pad)
        region = np.zeros((y1 - y0, x1 - x0), np.uint8)
        region[y - y0 : y - y0 + h, x - x0 : x - x0 + w] = own
        solid_rows = np.count_nonzero(np.count_nonzero(region, axis=1) >= 0.9 * w)
        if solid_rows < PANEL_MIN_SOLID_ROWS * h:
            continue
        contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        filled = np.zeros_like(region)
        cv2.drawContours(filled, contours, -1, 1, thickness=cv2.FILLED)
        # A panel holds light text: its outline encloses light pixels. A bold letter ('m')
        # is as dark and as wide, but encloses next to nothing; a band along the card's top
        # or bottom edge, solid above and below its text, may hold a small wordmark alone.
        edge = y <= 2 * PANEL_EDGE_PX or y + h >= grey.shape[0] - 2 * PANEL_EDGE_PX
        text = PANEL_BAND_TEXT if edge and solid_rows >= PANEL_BAND_ROWS * h else (
            PANEL_MIN_TEXT)
        if int(filled.sum()) - area < text * int(filled.sum()):
            continue
        inner = cv2.erode(filled, np.ones((3, 3), np.uint8))
        rim = cv2.dilate(filled, np.ones((2 * pad + 1, 2 * pad + 1), np.uint8)) & (inner == 0)
        box = out[y0:y1, x0:x1]
        out[y0:y1, x0:x1] = np.where(inner > 0, 255 - box, np.where(rim > 0, 255, box))
    return out


def _panel_sized(
    dark: Image,
) -> list[tuple[int, int, int, int, int, npt.NDArray[np.bool_]]]:
    """The 8-connected regions of ``dark`` (0 or 1) of panel size and fill: (x, y, width,
    height, area, the region's mask within that box), pixels, in the order of
    ``cv2.connectedComponents``' labels. Letters and specks are most regions; their outer
    outlines' boxes (one per region, the region's own box, taken at once from the
    outlines' points' extremes as ``cv2.boundingRect`` takes them) rule them out without
    counting every region's pixels (``connectedComponentsWithStats`` costs ~3x more
    here), and on most sides all of them. A region left is labelled within its box alone
    (it lies there whole, joined there: the box's part holding its outline's first point
    is the region), and the whole of ``dark`` only to order two panels or more (~0.5 ms
    a side spared)."""
    contours, hierarchy = cv2.findContours(dark, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None or not contours:
        return []
    points = np.concatenate(contours).reshape(-1, 2)
    lengths = np.fromiter(map(len, contours), np.intp, len(contours))
    starts = np.cumsum(lengths) - lengths
    left = np.minimum.reduceat(points[:, 0], starts)
    top = np.minimum.reduceat(points[:, 1], starts)
    widths = np.maximum.reduceat(points[:, 0], starts) - left + 1
    heights = np.maximum.reduceat(points[:, 1], starts) - top + 1
    # Outer outlines (a hole's has a parent) of a panel's height and breadth.
    sized = (hierarchy[0][:, 3] == -1) & (heights >= PANEL_MIN_HEIGHT) & (widths >= 2 * heights)
    out = []
    seeds = []
    for i in np.flatnonzero(sized):
        x, y, w, h = int(left[i]), int(top[i]), int(widths[i]), int(heights[i])
        sx, sy = (int(v) for v in contours[i][0, 0])
        parts = cv2.connectedComponents(dark[y : y + h, x : x + w], connectivity=8)[1]
        own = parts == parts[sy - y, sx - x]
        area = int(np.count_nonzero(own))
        if area >= PANEL_MIN_FILL * w * h:
            out.append((x, y, w, h, area, own))
            seeds.append((sy, sx))
    if len(out) < 2:
        return out
    labels = cv2.connectedComponents(dark, connectivity=8)[1]
    order = np.argsort([labels[sy, sx] for sy, sx in seeds], kind="stable")
    return [out[j] for j in order]


MARK_PIECE_JOIN_PX = 9
"""Gap (pixels) within which painted pixels are one mark: a dotted frame's dashes."""
ENCLOSE_SLACK_PX = 3
"""How far (pixels) a value's box may stick out of a mark that still encloses it."""
MARK_RIM_SHARE = 0.25
"""Share of a value's box height, at its top and at its bottom, where a mark's painted
pixels running along the print (``MARK_RIM_SPAN``) only graze it: a dotted frame drawn
tight round a value (its dashes too far apart to join into one enclosing mark) or an
underline runs along the glyphs' tops or feet, while an arrow's head, a disc or a stroke
crossing a character lies on a few glyphs or in the band between."""
MARK_RIM_SPAN = 0.5
"""Share of a value's box width that a rim's painted pixels must span (first to last
painted column) to run along the print, as a frame's side does; an arrow's head on a
glyph's top spans a glyph or two."""


def mark_covers(mask: Image, box: Box, touch_px: int) -> bool:
    """Whether a painted-out mark (``mask``: 1 where painted, card frame) covers part of
    the value in ``box`` (card frame, pixels): ``touch_px`` painted pixels inside the box,
    of some mark (painted pixels joined within ``MARK_PIECE_JOIN_PX``) that does not
    enclose it; a rim of the box (its top or bottom ``MARK_RIM_SHARE``) whose painted
    pixels run along the print (``MARK_RIM_SPAN``) left out. A frame or circle drawn round
    a value, or a dotted frame's dashes along its rim, graze its print; an arrow's head
    or a disc lies on it."""
    top, left = max(0, int(box.top)), max(0, int(box.left))
    bottom, right = max(top, int(box.bottom) + 1), max(left, int(box.right) + 1)
    rim = int(MARK_RIM_SHARE * (bottom - top))
    region = mask[top:bottom, left:right].copy()
    for rows in (slice(0, rim), slice(max(rim, region.shape[0] - rim), region.shape[0])):
        columns = np.flatnonzero(region[rows].any(axis=0))
        if columns.size and columns[-1] - columns[0] >= MARK_RIM_SPAN * region.shape[1]:
            region[rows] = 0  # a frame's side or an underline along the print
    if int(region.sum()) < touch_px:
        return False
    joined = cv2.dilate(mask, np.ones((MARK_PIECE_JOIN_PX, MARK_PIECE_JOIN_PX), np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    inside = labels[top:bottom, left:right][region > 0]
    slack = ENCLOSE_SLACK_PX
    for k in np.unique(inside):
        x, y, w, h = (int(v) for v in stats[k][:4])
        if not (x <= left + slack and y <= top + slack and x + w >= right - slack
                and y + h >= bottom - slack):
            return True
    return False


PEN_ACROSS_PX = 40
"""Pixels of a pen's colour inside a value's box from which a mark left unpainted crosses
its print (:func:`pen_across`): a ring's arc through a glyph row holds some hundred."""
DARK_PRINT_SHARE = 0.05
"""Least share of a value's box in dark print (every channel under ``MARK_MIN_LEVEL``) for
:func:`pen_across` to tell a pen from it: less, and the value prints in a bright colour."""
WHITE_PAPER_SHARE = 0.2
"""Least share of a value's box's other pixels that must be neither dark nor coloured
(white paper) for :func:`pen_across` to tell a pen from coloured paper."""


def pen_across(pixels: Image, box: Box) -> bool:
    """Whether a mark the search for marks left unpainted (:func:`painted_marks`) crosses
    the value at ``box`` (card frame, pixels) of the card ``pixels`` (BGR): at least
    ``PEN_ACROSS_PX`` bright, coloured pixels (``MARK_MIN_CHROMA``, ``MARK_MIN_LEVEL``)
    beside dark print (``DARK_PRINT_SHARE``) on white paper (``WHITE_PAPER_SHARE``), in
    the box's middle rows (its top and bottom ``MARK_RIM_SHARE`` left out: 13838's 0179,
    the foot of a blue ``Member ID No.`` inside the box of the ID under it). 13636's 0104:
    an orange ring drawn tight round UMR's ``957420764 02``, not found as a mark, over
    which the second engine read ``95742076402``. A value printed in a bright colour, on
    coloured or dark paper (most of the box dark: 13232's 0128, white print on maroon, its
    pink rims), or on a grey card: False (nothing tells)."""
    if pixels.ndim != 3:
        return False
    top, left = max(0, int(box.top)), max(0, int(box.left))
    whole = pixels[top : max(top, int(box.bottom) + 1), left : max(left, int(box.right) + 1)]
    if whole.size == 0 or np.count_nonzero(whole.max(axis=2) < MARK_MIN_LEVEL) > (
            whole.shape[0] * whole.shape[1] / 2):
        return False  # a dark card (over half the box dark): light print's rims are vivid
    # The box's middle rows: OCR's box may reach into a coloured label over the value.
    rim = round(MARK_RIM_SHARE * whole.shape[0])
    crop = whole[rim : whole.shape[0] - rim]
    if crop.size == 0:
        return False
    brightest = crop.max(axis=2)
    vivid = (channel_spread(crop) >= MARK_MIN_CHROMA) & (brightest >= MARK_MIN_LEVEL)
    dark = brightest < MARK_MIN_LEVEL
    rest = int(np.count_nonzero(~dark))
    white = rest - int(np.count_nonzero(vivid))
    return (int(np.count_nonzero(vivid)) >= PEN_ACROSS_PX
            and int(np.count_nonzero(dark)) >= DARK_PRINT_SHARE * dark.size
            and white >= WHITE_PAPER_SHARE * rest)
