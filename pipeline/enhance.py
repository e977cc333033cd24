"""Enhance a flattened card for OCR: darkest-channel grey, contrast stretch, light-on-dark
panels inverted, gentle sharpening."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.types import Image

STRETCH_PERCENTILES = (1.0, 99.5)
"""Grey levels at these percentiles are stretched to 0 and 255."""


def enhance(pixels: Image) -> Image:
    """Grey image of the card with its ink-to-paper range stretched to 0-255.

    Dim photos and washed-out JPEGs keep their text but lose range; Tesseract's Otsu
    binarisation works better after the stretch. A light unsharp mask restores edges
    softened by the perspective warp's interpolation.
    """
    # The darkest channel, not luminance: pale blue labels on white (R 170 of 255) keep
    # twice the contrast, and black ink stays black.
    grey = darkest_channel(erase_marks(pixels))
    if noise_level(grey) >= NOISY_LEVEL:  # a speckled photocopy: Tesseract reads specks
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
    out: Image = np.clip(sharp, 0, 255).astype(np.uint8)
    return out


NOISY_LEVEL = 2.0
"""Median grey difference (0-255) between a card and its 3 × 3 median from which the card
is median-filtered before OCR. Photos and scans of the benches, JPEG blocks and small web
images included, measure 0 (the paper is smooth at that scale); a speckled photocopy 3."""


def noise_level(grey: Image) -> float:
    """The median absolute difference (grey levels) between ``grey`` and its 3 × 3 median
    filter: pixel noise and speckle, not text (most pixels are paper)."""
    diff = cv2.absdiff(grey, cv2.medianBlur(grey, 3))
    return percentiles_u8(diff, [50.0])[0]


MARK_MIN_CHROMA = 60
"""Spread (0-255) between a pixel's highest and lowest colour channel from which it may
belong to a coloured mark (a red pen's (210, 30, 30) has 180, a yellow one's more; grey
ink and paper ~0-20)."""
MARK_RIM_CHROMA = 25
"""Spread from which a pixel next to a mark's strokes is painted out with them (the
soft rim of a blurred stroke)."""
MARK_MIN_EXTENT = 110
"""Smallest width or height of a mark, pixels of the 1011 px card: wider than any letter
of a card's text (a 36 px line's letters are ≤ 40 px)."""
MARK_MAX_FILL = 0.22
"""Largest share of its box a mark's strokes cover: outlines, circles, arrows and dotted
frames cover little of their box; a coloured word, band or logo covers more."""
MARK_PAD_PX = 8
"""Margin (pixels) around a mark's box within which its strokes' rims are painted out."""
MARK_LINE_PX = 8
"""Thickest a lone straight mark (a dashed frame's side) may be, pixels: text in the
smallest print is thicker once its letters are joined."""
MARK_JOIN_PX = 16
"""Strokes this close (pixels) are one mark: the dashes of a dotted frame."""


def erase_marks(pixels: Image) -> Image:
    """The card with explainer marks painted out: the red circles, arrows and dotted
    frames drawn over sample cards to point at fields, which OCR reads as ``|``, ``L`` or
    ``@`` glued to values, or which cut letters away.

    A mark is a set of coloured strokes (joined within ``MARK_JOIN_PX``) spanning at least
    ``MARK_MIN_EXTENT`` pixels that covers at most ``MARK_MAX_FILL`` of its box; its pixels
    take the colour around them (a card's outline drawings go the same way, harmlessly).
    The search runs at half resolution (a few ms a side). Grey images and cards without
    such strokes are returned as they are."""
    if pixels.ndim != 3:
        return pixels
    b, g, r = cv2.split(pixels)
    chroma = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    _, strokes = cv2.threshold(chroma[::2, ::2], MARK_MIN_CHROMA - 1, 255, cv2.THRESH_BINARY)
    if cv2.countNonZero(strokes) < MARK_MIN_EXTENT:
        return pixels
    join = MARK_JOIN_PX // 2
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (join, join))
    joined = cv2.morphologyEx(strokes, cv2.MORPH_CLOSE, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    extent = MARK_MIN_EXTENT // 2
    # Fill is measured on the joined strokes: the letters of a coloured line of text join
    # into a solid bar, a circle or a frame stays an outline.
    # A mark is drawn on the card: strokes that reach its edge are the card's own bands
    # and the table around a loosely cut outline.
    rows, cols = joined.shape
    marks = []
    for k in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[k])
        inside = x > 2 and y > 2 and x + w < cols - 2 and y + h < rows - 2
        outline = max(w, h) >= extent and area <= MARK_MAX_FILL * w * h
        # A dashed or ruled line on its own (one side of a frame): thinner than any text.
        line = max(w, h) >= extent and min(w, h) <= MARK_LINE_PX // 2
        if inside and (outline or line):
            marks.append(k)
    if not marks:
        return pixels
    out = pixels.copy()
    pad = MARK_PAD_PX // 2
    for k in marks:
        # The mark's box at half resolution, padded: its strokes' rims lie just outside.
        x0, y0 = max(0, stats[k, cv2.CC_STAT_LEFT] - pad), max(0, stats[k, cv2.CC_STAT_TOP] - pad)
        x1 = min(cols, stats[k, cv2.CC_STAT_LEFT] + stats[k, cv2.CC_STAT_WIDTH] + pad)
        y1 = min(rows, stats[k, cv2.CC_STAT_TOP] + stats[k, cv2.CC_STAT_HEIGHT] + pad)
        own = cv2.resize((labels[y0:y1, x0:x1] == k).astype(np.uint8), None, fx=2, fy=2,
                         interpolation=cv2.INTER_NEAREST)
        x, y = 2 * x0, 2 * y0
        region = out[y : y + own.shape[0], x : x + own.shape[1]]
        own = own[: region.shape[0], : region.shape[1]]
        # The stroke's blurred rim is paler but as coloured to the darkest channel.
        stroke = cv2.dilate(
            ((chroma[y : y + region.shape[0], x : x + region.shape[1]] >= MARK_RIM_CHROMA)
             & (cv2.dilate(own, np.ones((7, 7), np.uint8)) > 0)).astype(np.uint8),
            np.ones((3, 3), np.uint8))
        rest = region[stroke == 0]
        if stroke.any() and len(rest):
            # The mark's pixels take the colour of the rest of its box: paper on a white
            # card, the panel's colour on a dark one.
            region[stroke > 0] = np.median(rest[:: max(1, len(rest) // 2000)], axis=0)
    return out


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
    dark = (grey < DARK_PANEL_LEVEL).astype(np.uint8)
    _, labels = cv2.connectedComponents(dark, connectivity=8)
    out = grey.copy()
    for k, x, y, w, h, area in _panel_sized(dark, labels):
        # Invert the inside of the panel's filled outline; its edge and anti-aliased rim
        # turn to paper, so the rounded border leaves no '|' or '[' for OCR to read.
        pad = 3
        y0, x0 = max(0, y - pad), max(0, x - pad)
        y1, x1 = min(out.shape[0], y + h + pad), min(out.shape[1], x + w + pad)
        region = (labels[y0:y1, x0:x1] == k).astype(np.uint8)
        solid_rows = np.count_nonzero(np.count_nonzero(region, axis=1) >= 0.9 * w)
        if solid_rows < PANEL_MIN_SOLID_ROWS * h:
            continue
        contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        filled = np.zeros_like(region)
        cv2.drawContours(filled, contours, -1, 1, thickness=cv2.FILLED)
        # A panel holds light text: its outline encloses light pixels. A bold letter ('m')
        # is as dark and as wide, but encloses next to nothing.
        if int(filled.sum()) - area < PANEL_MIN_TEXT * int(filled.sum()):
            continue
        inner = cv2.erode(filled, np.ones((3, 3), np.uint8))
        rim = cv2.dilate(filled, np.ones((2 * pad + 1, 2 * pad + 1), np.uint8)) & (inner == 0)
        box = out[y0:y1, x0:x1]
        out[y0:y1, x0:x1] = np.where(inner > 0, 255 - box, np.where(rim > 0, 255, box))
    return out


def _panel_sized(
    dark: Image, labels: npt.NDArray[np.int32]
) -> list[tuple[int, int, int, int, int, int]]:
    """The dark regions of panel size and fill: (label, x, y, width, height, area), pixels,
    in label order. Letters and specks are most regions; their outer outlines' boxes (one
    per region, the region's own box) rule them out without counting every region's pixels
    (``connectedComponentsWithStats`` costs ~3x more here)."""
    contours, hierarchy = cv2.findContours(dark, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for contour, link in zip(contours, hierarchy[0] if hierarchy is not None else [], strict=True):
        if link[3] != -1:  # the outline of a hole
            continue
        x, y, w, h = cv2.boundingRect(contour)
        if h < PANEL_MIN_HEIGHT or w < 2 * h:
            continue
        k = int(labels[contour[0, 0, 1], contour[0, 0, 0]])
        area = int(np.count_nonzero(labels[y : y + h, x : x + w] == k))
        if area >= PANEL_MIN_FILL * w * h:
            out.append((k, x, y, w, h, area))
    return sorted(out)
