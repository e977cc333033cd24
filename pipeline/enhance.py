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
"""How much redder than green and blue (0-255) a pixel must be to belong to a mark: the
red pen explainer images draw with ((210, 30, 30): 180); grey ink and paper ~0-20, blue,
green and purple designs below 0."""
MARK_MIN_EXTENT = 110
"""Smallest width or height of a mark, pixels of the 1011 px card: wider than any letter
of a card's text (a 36 px line's letters are ≤ 40 px)."""
MARK_MAX_FILL = 0.22
"""Largest share of its box a mark's strokes cover: outlines, circles, arrows and dotted
frames cover little of their box; a coloured word, band or logo covers more."""
MARK_JOIN_PX = 16
"""Strokes this close (pixels) are one mark: the dashes of a dotted frame."""


def erase_marks(pixels: Image) -> Image:
    """The card with explainer marks painted out: the red circles, arrows and dotted
    frames drawn over sample cards to point at fields, which OCR reads as ``|``, ``L`` or
    ``@`` glued to values, or which cut letters away.

    A mark is a set of red strokes (joined within ``MARK_JOIN_PX``) spanning at least
    ``MARK_MIN_EXTENT`` pixels that covers at most ``MARK_MAX_FILL`` of its box; its pixels
    are painted paper-white. The search runs at half resolution (a few ms a side). Grey
    images and cards without such strokes are returned as they are."""
    if pixels.ndim != 3:
        return pixels
    b, g, r = cv2.split(pixels)
    chroma = cv2.subtract(r, cv2.max(b, g))  # red over the other channels: a red pen
    _, strokes = cv2.threshold(chroma[::2, ::2], MARK_MIN_CHROMA - 1, 255, cv2.THRESH_BINARY)
    if cv2.countNonZero(strokes) < MARK_MIN_EXTENT:
        return pixels
    join = MARK_JOIN_PX // 2
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (join, join))
    joined = cv2.morphologyEx(strokes, cv2.MORPH_CLOSE, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    extent = MARK_MIN_EXTENT // 2
    marks = [
        k for k in range(1, n)
        if max(stats[k, cv2.CC_STAT_WIDTH], stats[k, cv2.CC_STAT_HEIGHT]) >= extent
        and cv2.countNonZero(strokes[
            stats[k, cv2.CC_STAT_TOP]:stats[k, cv2.CC_STAT_TOP] + stats[k, cv2.CC_STAT_HEIGHT],
            stats[k, cv2.CC_STAT_LEFT]:stats[k, cv2.CC_STAT_LEFT] + stats[k, cv2.CC_STAT_WIDTH],
        ] & (labels[
            stats[k, cv2.CC_STAT_TOP]:stats[k, cv2.CC_STAT_TOP] + stats[k, cv2.CC_STAT_HEIGHT],
            stats[k, cv2.CC_STAT_LEFT]:stats[k, cv2.CC_STAT_LEFT] + stats[k, cv2.CC_STAT_WIDTH],
        ] == k).astype(np.uint8))
        <= MARK_MAX_FILL * stats[k, cv2.CC_STAT_WIDTH] * stats[k, cv2.CC_STAT_HEIGHT]
    ]
    if not marks:
        return pixels
    chosen = np.isin(labels, marks).astype(np.uint8)
    near = cv2.resize(cv2.dilate(chosen, np.ones((3, 3), np.uint8)),
                      (pixels.shape[1], pixels.shape[0]), interpolation=cv2.INTER_NEAREST)
    near = near[: pixels.shape[0], : pixels.shape[1]]
    mask = ((chroma >= MARK_MIN_CHROMA) & (near > 0)).astype(np.uint8)
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    out = pixels.copy()
    out[mask > 0] = 255  # paper: a letter the stroke crossed keeps the rest of its ink
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
