"""Find the card in a photo and flatten its perspective to the canonical ID-1 raster."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.config import CARD_ASPECT, CARD_HEIGHT_PX, CARD_WIDTH_PX
from pipeline.enhance import percentiles_u8
from pipeline.geometry import landscape_corners, order_corners, quad_to_rect, side_lengths
from pipeline.types import CardImage, Image

DETECT_MAX_SIDE = 720
"""Photos are searched for the card at this size (pixels of the long side)."""
MIN_AREA_FRACTION = 0.008
"""A card smaller than this share of the photo is not looked for by outline (a 180 px
card in a 1600 px frame is 1%: found, so that it can be called too small)."""
FULL_FRAME_FRACTION = 0.88
"""An outline covering more than this share of the photo means the photo is the card."""
FULL_FRAME_MIN_SHAPE = 0.9
"""Shape quality (:func:`_candidates`) from which such an outline, touching no edge of the
frame, is the card's own edge (0.99 for a scan's), not a backdrop merged with it."""
SMALL_CARD_FRACTION = 0.04
"""Outlines under this share of the photo count only when nothing larger was found."""
SMALL_CARD_MIN_SHAPE = 0.75
"""Shape quality a small outline needs to be taken for a (tiny) card."""
SCAN_MIN_CARD_FRACTION = 0.5
"""In a card-shaped photo, an outline covering less than this share is not the card."""
PAPER_MIN_LEVEL = 200.0
"""Grey level at or above which a border pixel may be card paper."""
PAPER_MIN_SHARE = 0.6
"""Share of the border that must be that light for the photo to be a scan."""
ASPECT_TOLERANCE = (1.2, 2.1)
"""Long/short side ratios accepted for a card outline seen in perspective."""
PAIR_MIN_SCORE_SHARE = 0.6
"""Both cards of a side-by-side image score at least this share of the best outline."""
PAIR_MIN_SHAPE = 0.75
"""Both outlines of a pair are clean card shapes (blobs of a card's text blocks are not)."""
PAIR_MAX_AREA_RATIO = 1.5
"""Front and back of one card are about the same size in one image."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible card outline in detection pixels."""

    quad: npt.NDArray[np.float64]
    score: float
    """Shape quality times a weak preference for size; higher is more card-like."""
    shape: float
    """Shape quality alone (0-1): solid, filling its quad, with a card's aspect."""
    touches: int
    """Edges of the photo the outline runs into (0-4)."""


def find_card(pixels: Image) -> CardImage:
    """Locate the card in a BGR photo and warp it to a landscape ``CARD_WIDTH_PX`` raster.

    The returned card may still be upside down; :mod:`pipeline.orient` fixes that. When no
    outline is found the whole photo is taken as the card (``found`` is then False unless
    the photo itself has a card's proportions, as a scan does).
    """
    return find_cards(pixels, max_cards=1)[0]


def find_cards(pixels: Image, max_cards: int = 2) -> list[CardImage]:
    """The card, or with ``max_cards=2`` both sides when one image shows two cards side by
    side (front left or on top, as scanners and portal PDF exports place them)."""
    h, w = pixels.shape[:2]
    size = detection_size(w, h)
    small = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    scale = np.array([size[0] / w, size[1] / h])  # x and y: a 1 px side is not scaled alike
    candidates = card_candidates(small)
    pair = two_cards(candidates) if max_cards >= 2 else None
    if pair is not None:
        return [flatten(pixels, c.quad / scale, found=True) for c in pair]
    on_paper = not is_card_shaped(w, h) and border_is_paper(small)
    if max_cards >= 2 and on_paper:
        halves = split_on_paper(small)
        if halves is not None:
            return [flatten(pixels, quad / scale, found=True) for quad in halves]
    best = max(candidates, key=lambda c: c.score) if candidates else None
    if on_paper:
        page = card_on_paper(small)
        if page is not None and (
                best is None or _area(best.quad) < ON_PAPER_MIN_SHARE * _area(page)):
            return [flatten(pixels, page / scale, found=True)]
    if best is None:
        return [flatten(pixels, frame_quad(w, h), found=is_card_shaped(w, h))]
    return [flatten(pixels, best.quad / scale, found=True)]


ON_PAPER_MIN_SHARE = 0.35
"""On a plain page, an outline covering less than this share of the one card's ink block
is a part of the card (a logo's box, a header: 0.16 on holdout 0139), not the card; a
card's outline, inside its grown block, covers about 0.8."""
ON_PAPER_MIN_FRACTION = 0.02
"""Smallest share of the page a card's ink block found on it covers."""
ON_PAPER_MARGIN_PX = 4
"""Least page (detection pixels) between a card's ink block and the frame."""


def card_on_paper(small: Image) -> npt.NDArray[np.float64] | None:
    """The card on a plain page (a PDF export, a scan of a letter page) whose outline is too
    faint to find (a cream or grey card on white): the page's ink, when it is one block of
    a card's proportions, its outline or the block itself grown a little
    (``SPLIT_GROWTH``). Quad in detection pixels (TL/TR/BR/BL); None otherwise."""
    ink = _ink_mask(small)
    cols = np.flatnonzero(ink.sum(axis=0) >= 2)
    rows = np.flatnonzero(ink.sum(axis=1) >= 2)
    if len(cols) == 0 or len(rows) == 0:
        return None
    box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    width, height = box[2] - box[0], box[3] - box[1]
    if not is_card_shaped(width, height) or width * height < ON_PAPER_MIN_FRACTION * ink.size:
        return None
    # A page has margins round the card: ink reaching the frame is a desk's, not a page's.
    rows_all, cols_all = ink.shape
    if min(box[0], box[1], cols_all - box[2], rows_all - box[3]) < ON_PAPER_MARGIN_PX:
        return None
    return _grown(_card_in(small, box), SPLIT_GROWTH)


def detection_size(width: int, height: int) -> tuple[int, int]:
    """(width, height) in pixels at which a ``width``×``height`` photo is searched: the long
    side at most ``DETECT_MAX_SIDE``, neither side under 1 px (a 16×50000 strip)."""
    scale = min(1.0, DETECT_MAX_SIDE / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def frame_quad(width: float, height: float) -> npt.NDArray[np.float64]:
    """The whole photo as a quad (TL/TR/BR/BL, photo pixels)."""
    return np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)


MIN_QUAD_SIDE_PX = 1.0
"""A quad with a side shorter than this (photo pixels) is degenerate: no card to warp."""


def is_degenerate(quad: npt.NDArray[np.float64]) -> bool:
    """True when a quad (TL/TR/BR/BL) cannot be warped: a non-finite corner, a side under
    ``MIN_QUAD_SIDE_PX``, or (nearly) no area."""
    if not np.all(np.isfinite(quad)):
        return True
    return min(side_lengths(quad)) < MIN_QUAD_SIDE_PX or _area(quad) < MIN_QUAD_SIDE_PX


def flatten(pixels: Image, quad: npt.NDArray[np.float64], *, found: bool) -> CardImage:
    """Warp the quad (photo pixels, TL/TR/BR/BL) to the landscape canonical card; a
    degenerate quad (:func:`is_degenerate`) gives the whole photo, not found."""
    if is_degenerate(quad):
        h, w = pixels.shape[:2]
        quad, found = frame_quad(w, h), False
    quad, _ = landscape_corners(quad)
    to_photo = quad_to_rect(quad, CARD_WIDTH_PX, CARD_HEIGHT_PX)
    flat = cv2.warpPerspective(
        pixels,
        np.linalg.inv(to_photo),
        (CARD_WIDTH_PX, CARD_HEIGHT_PX),
        flags=cv2.INTER_CUBIC if side_lengths(quad)[0] < CARD_WIDTH_PX else cv2.INTER_AREA,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return CardImage(
        pixels=flat, card_to_photo=to_photo, found=found, card_width_px=max(side_lengths(quad))
    )


def two_cards(candidates: list[Candidate]) -> tuple[Candidate, Candidate] | None:
    """Two distinct, similar-sized, well-scored card outlines, in reading order (left one
    first, or the upper one when stacked); None when the image shows one card."""
    if len(candidates) < 2:
        return None
    ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
    top = ranked[0].score
    for i, a in enumerate(ranked[:10]):
        for b in ranked[i + 1 : 10]:
            if min(a.score, b.score) < PAIR_MIN_SCORE_SHARE * top:
                continue
            if min(a.shape, b.shape) < PAIR_MIN_SHAPE:
                continue
            area_a, area_b = _area(a.quad), _area(b.quad)
            if not 1 / PAIR_MAX_AREA_RATIO <= area_a / max(area_b, 1.0) <= PAIR_MAX_AREA_RATIO:
                continue
            if not _disjoint(a.quad, b.quad):
                continue
            ca, cb = a.quad.mean(axis=0), b.quad.mean(axis=0)
            horizontal = abs(ca[0] - cb[0]) >= abs(ca[1] - cb[1])
            key = 0 if horizontal else 1
            return (a, b) if ca[key] <= cb[key] else (b, a)
    return None


SPLIT_INK_LEVEL = 24.0
"""Colour distance (max over BGR channels, 0-255) from the page at which a pixel is ink."""
SPLIT_MIN_GAP = 0.008
"""Narrowest empty gap between two cards on a page, as a share of the ink's extent."""
SPLIT_GROWTH = 0.05
"""A card found by its ink is taken this share larger (ink at its edge fades when the page
is shrunk for the search)."""
SPLIT_MIN_SPAN = 0.75
"""Two cards' ink along their row spans at least this share of two card lengths (card
lengths measured by the ink's extent across the row)."""


def split_on_paper(small: Image) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None:
    """Two cards on a plain page (a scan, a portal's PDF export) whose outlines are too faint
    to find: the page's ink is cropped and split at the empty gap between the cards.

    Returns the two cards' quads (detection pixels, TL/TR/BR/BL) in reading order, or None
    when the ink is not two similar card-sized blocks side by side or stacked.
    """
    ink = _ink_mask(small)
    for axis in (1, 0):  # side by side (split columns), then stacked (split rows)
        parts = _split_ink(ink, axis)
        if parts is None:
            continue
        quads = tuple(_grown(_card_in(small, box), SPLIT_GROWTH) for box in parts)
        return quads[0], quads[1]
    return None


def _ink_mask(small: Image) -> npt.NDArray[np.bool_]:
    """Pixels that differ from the page colour (the median of the outer strip)."""
    k = max(2, round(0.02 * min(small.shape[:2])))
    border = np.concatenate([
        small[:k].reshape(-1, 3), small[-k:].reshape(-1, 3),
        small[:, :k].reshape(-1, 3), small[:, -k:].reshape(-1, 3),
    ])
    page = np.median(border, axis=0).astype(np.int16)  # whole levels, rounded down
    # The largest channel's difference, 0-255: cv2's per-channel absdiff is exact on uint8.
    offsets = cv2.split(cv2.absdiff(small, tuple(float(v) for v in page)))
    diff = cv2.max(cv2.max(offsets[0], offsets[1]), offsets[2])
    ink = (diff > SPLIT_INK_LEVEL).astype(np.uint8)
    opened: npt.NDArray[np.uint8] = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return opened.astype(bool)


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True values."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _split_ink(
    ink: npt.NDArray[np.bool_], axis: int
) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]] | None:
    """Two ink boxes (x0, y0, x1, y1) either side of the widest empty gap across ``axis``
    (1: a vertical gap between cards side by side; 0: a horizontal gap between stacked cards)."""
    along = ink.sum(axis=0 if axis == 1 else 1)  # ink per column (axis 1) or per row
    filled = np.flatnonzero(along >= 2)
    if len(filled) == 0:
        return None
    lo, hi = int(filled[0]), int(filled[-1]) + 1
    extent = hi - lo
    gaps = [
        (a, b) for a, b in _runs(along[lo:hi] < 2)
        if b - a >= max(3, SPLIT_MIN_GAP * extent) and 0.3 * extent <= (a + b) / 2 <= 0.7 * extent
    ]
    if not gaps:
        return None
    for a, b in sorted(gaps, key=lambda g: g[0] - g[1]):  # the widest gap first
        boxes = _boxes_beside(ink, axis, (lo, lo + a), (lo + b, hi))
        if boxes is not None:
            return boxes
    return None


def _boxes_beside(
    ink: npt.NDArray[np.bool_], axis: int, first: tuple[int, int], second: tuple[int, int]
) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]] | None:
    """Boxes (x0, y0, x1, y1) of two cards whose ink spans ``first`` and ``second`` along
    ``axis``, when they are two similar blocks (front and back are the same size). Each box
    reaches the middle of the gap, and across the axis covers both cards' ink: a white card
    on white paper shows no rim, so its blank margins are not seen as ink."""
    across = []
    for start, end in (first, second):
        part = ink[:, start:end] if axis == 1 else ink[start:end, :]
        rows = np.flatnonzero(part.sum(axis=1 if axis == 1 else 0) >= 2)
        if len(rows) == 0:
            return None
        across.append((int(rows[0]), int(rows[-1]) + 1))
    length_a, length_b = first[1] - first[0], second[1] - second[0]
    size_a, size_b = (c1 - c0 for c0, c1 in across)
    if not (0.6 <= length_a / max(length_b, 1) <= 1.6 and 0.6 <= size_a / max(size_b, 1) <= 1.6):
        return None
    if min(length_a, length_b, size_a, size_b) < 20:
        return None
    c0, c1 = min(a for a, _ in across), max(b for _, b in across)
    # Two cards in a row are about twice a card's length along the row (a single card's
    # own blank column or row between text blocks is not a gap between two cards).
    card_ratio = CARD_ASPECT if axis == 1 else 1 / CARD_ASPECT
    if (second[1] - first[0]) / max(c1 - c0, 1) < SPLIT_MIN_SPAN * 2 * card_ratio:
        return None
    middle = (first[1] + second[0]) // 2
    spans = ((first[0], middle), (middle, second[1]))
    if axis == 1:
        return (spans[0][0], c0, spans[0][1], c1), (spans[1][0], c0, spans[1][1], c1)
    return (c0, spans[0][0], c1, spans[0][1]), (c0, spans[1][0], c1, spans[1][1])


def _card_in(small: Image, box: tuple[int, int, int, int]) -> npt.NDArray[np.float64]:
    """The card around an ink box: its outline when one is found in the box's surroundings,
    else the box itself with a small margin (a white card on white paper shows no rim)."""
    x0, y0, x1, y1 = box
    h, w = small.shape[:2]
    pad = round(0.02 * max(x1 - x0, y1 - y0))
    x0, y0, x1, y1 = max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)
    crop = small[y0:y1, x0:x1]
    offset = np.array([x0, y0], dtype=np.float64)
    # An outline counts when it holds all the card's ink (not a blob of its text).
    inside = [
        q for q in (c.quad + offset for c in card_candidates(crop) if c.shape >= 0.6)
        if _holds(q, box, slack=pad)
    ]
    if inside:
        return max(inside, key=_area)
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)


def _grown(quad: npt.NDArray[np.float64], share: float) -> npt.NDArray[np.float64]:
    """The quad scaled about its centre by ``1 + share``."""
    centre = quad.mean(axis=0)
    grown: npt.NDArray[np.float64] = centre + (quad - centre) * (1.0 + share)
    return grown


def _holds(quad: npt.NDArray[np.float64], box: tuple[int, int, int, int], slack: float) -> bool:
    """True when the quad's bounding box holds ``box`` (x0, y0, x1, y1), give or take."""
    x0, y0, x1, y1 = box
    return bool(
        quad[:, 0].min() <= x0 + slack and quad[:, 1].min() <= y0 + slack
        and quad[:, 0].max() >= x1 - slack and quad[:, 1].max() >= y1 - slack
    )


def _disjoint(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> bool:
    """True when two quads' bounding boxes do not overlap."""
    return bool(
        a[:, 0].max() <= b[:, 0].min() or b[:, 0].max() <= a[:, 0].min()
        or a[:, 1].max() <= b[:, 1].min() or b[:, 1].max() <= a[:, 1].min()
    )


def is_card_shaped(width: float, height: float) -> bool:
    """True when a width×height rectangle has about the ID-1 aspect, either way up."""
    ratio = max(width, height) / max(1.0, min(width, height))
    return abs(ratio - CARD_ASPECT) / CARD_ASPECT < 0.15


def card_candidates(small: Image) -> list[Candidate]:
    """Card-like outlines among edge- and colour-based segmentations (detection pixels);
    empty when the photo is the card (no outline inside it, or a scan)."""
    h, w = small.shape[:2]
    frame = w * h
    candidates = [c for mask in _masks(small) for c in _candidates(mask, frame)]
    # A blob covering nearly the whole frame is the card filling the photo, or a noisy
    # backdrop merged into one: either way it is not an outline to flatten.
    inner = [c for c in candidates if _area(c.quad) <= FULL_FRAME_FRACTION * frame]
    # A clean outline filling the frame, touching no edge of it, is the card filling the
    # photo: only as clean an outline inside it may be the card (the same edge, a little
    # smaller: a tilted page of a PDF); a lopsided blob is its print (a text block that an
    # arrow and a circle drawn on the card close into a quad: d3333 0286).
    if any(_area(c.quad) > FULL_FRAME_FRACTION * frame and c.touches == 0
           and c.shape >= FULL_FRAME_MIN_SHAPE for c in candidates):
        inner = [c for c in inner if c.shape >= FULL_FRAME_MIN_SHAPE]
    # A scan (card proportions, plain paper at the border) is the card: a smaller blob in
    # it is a design element (a pale swoosh), not the card.
    # So is an image with a card's proportions smaller than the search size (a card saved
    # from a web page, ~430 px; a phone photo is larger), whatever its border's colour.
    if is_card_shaped(w, h) and (border_is_paper(small) or max(w, h) < DETECT_MAX_SIDE):
        inner = [c for c in inner if _area(c.quad) >= SCAN_MIN_CARD_FRACTION * frame]
    # Small outlines are looked for so that a tiny card can be called too small; beside a
    # card-sized one they are parts of the card (a header band, a logo box).
    # A small one must be a clean card shape lying wholly inside the photo.
    large = [c for c in inner if _area(c.quad) >= SMALL_CARD_FRACTION * frame]
    if large:
        return large
    return [c for c in inner if c.shape >= SMALL_CARD_MIN_SHAPE and c.touches == 0]


def best_candidate(small: Image) -> Candidate | None:
    """The most card-like outline, or None when the photo is the card."""
    candidates = card_candidates(small)
    return max(candidates, key=lambda c: c.score) if candidates else None


def border_is_paper(small: Image, strip: float = 0.03) -> bool:
    """True when most of the photo's outer strip is light, as the edge of a scanned card
    is (a header band may touch it; a desk, a hand or a backdrop is darker)."""
    k = max(2, round(strip * min(small.shape[:2])))
    # Only the strips are made grey (cvtColor's grey of a pixel does not depend on its
    # neighbours); the corners are counted twice, as in one strip per side.
    strips = [small[:k], small[-k:], small[:, :k], small[:, -k:]]
    light = sum(int(np.count_nonzero(_grey(part) >= PAPER_MIN_LEVEL)) for part in strips)
    total = sum(int(part.shape[0] * part.shape[1]) for part in strips)
    return light / total >= PAPER_MIN_SHARE


def _grey(pixels: Image) -> Image:
    """A BGR image in grey (a grey one as it is)."""
    grey: Image = cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY) if pixels.ndim == 3 else pixels
    return grey


def _masks(small: Image) -> list[npt.NDArray[np.uint8]]:
    """Binary masks whose blobs may be the card: edges, and difference from the backdrop."""
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    blurred = cv2.GaussianBlur(grey, (5, 5), 0)
    median = percentiles_u8(blurred, [50.0])[0]  # np.median's value, from a histogram
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    # Canny at the image's own level, and low (a white card on a pale table has faint edges).
    edge_masks = []
    for low, high in ((max(10.0, 0.5 * median), max(30.0, 1.2 * median)), (8.0, 24.0)):
        edges = cv2.Canny(cv2.GaussianBlur(grey, (7, 7), 0) if low < 10 else blurred, low, high)
        edges = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, kernel, iterations=2)
        edge_masks.append(_fill_holes(edges))

    lab = cv2.cvtColor(cv2.GaussianBlur(small, (7, 7), 0), cv2.COLOR_BGR2LAB)
    border = np.concatenate(
        [lab[:4].reshape(-1, 3), lab[-4:].reshape(-1, 3), lab[:, :4].reshape(-1, 3),
         lab[:, -4:].reshape(-1, 3)]
    ).astype(np.float32)
    backdrop = np.median(border, axis=0)
    spread = float(np.median(np.abs(border - backdrop))) + 1.0
    channels = cv2.split(lab)
    distance = _distance_from(channels, backdrop)  # Euclidean Lab distance, per pixel
    # Scaled to at most 255 (one float32 rounding over at the maximum, which the cast's
    # truncation takes back to 255; no clip needed: distances are not negative).
    distance_u8 = (distance * (255.0 / max(1.0, float(distance.max())))).astype(np.uint8)
    _, otsu = cv2.threshold(distance_u8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Opening with a kernel ~3% of the frame cuts thin bright streaks (wood grain, cables)
    # that touch the card, while the card, far larger, keeps its shape.
    size = max(5, round(0.03 * max(small.shape[:2])) | 1)
    masks = []
    thresholds = [max(12.0, 4 * spread) * k for k in (1.0, 1.6, 2.5, 4.0)]
    # A white card on a pale table differs from it mostly in lightness: masks of pixels
    # lighter (or darker) than the backdrop by a few levels catch it.
    # Each mask's 0/255 per lightness level (cv2.compare on the 256 levels), looked up
    # per pixel: the same as comparing each pixel's float32 offset.
    lightness = _LEVELS - backdrop[0]
    lighter = [cv2.LUT(channels[0], cv2.compare(lightness, k, cv2.CMP_GT)) for k in (8.0, 15.0)]
    darker = cv2.LUT(channels[0], cv2.compare(lightness, -15.0, cv2.CMP_LT))
    distance_masks = [cv2.compare(distance, t, cv2.CMP_GT) for t in thresholds]
    for m in (otsu, *distance_masks, *lighter, darker):
        masks.append(_blobs(m, kernel, size) if cv2.countNonZero(m) else np.zeros_like(m))
    return [*edge_masks, *masks]


def _blobs(
    mask: npt.NDArray[np.uint8], kernel: npt.NDArray[np.uint8], size: int
) -> npt.NDArray[np.uint8]:
    """A colour mask's blobs: gaps closed (3 rounds of ``kernel``), holes filled, thin parts
    opened away (:func:`open_round`, a disc ``size`` pixels across). An empty mask stays
    empty, so :func:`_masks` skips this for one."""
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=3)
    return open_round(_fill_holes(closed), size)


_LEVELS = np.arange(256, dtype=np.float32)
"""The 8-bit levels as floats: per-level tables stand in for per-pixel float arithmetic."""


def _distance_from(
    channels: Sequence[npt.NDArray[np.uint8]], backdrop: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Euclidean distance of each pixel of an 8-bit Lab image (its three ``channels``) from
    the ``backdrop`` colour, float32: the squared offsets come from one table of 256 levels
    per channel, the same float32 values as computed pixel by pixel, summed L + a, then + b
    (``cv2.transform``'s order)."""
    levels = np.repeat(_LEVELS[:, None], 3, axis=1)  # 256 pixels of 3 channels
    offsets = cv2.subtract(levels[None], tuple(float(v) for v in backdrop))
    squares = cv2.multiply(offsets, offsets)[0]
    total = cv2.LUT(channels[0], squares[:, 0].copy())
    for c in (1, 2):
        total = cv2.add(total, cv2.LUT(channels[c], squares[:, c].copy()))
    distance: npt.NDArray[np.float32] = cv2.sqrt(total)
    return distance


def open_round(mask: npt.NDArray[np.uint8], size: int) -> npt.NDArray[np.uint8]:
    """The mask opened with a disc ``size`` pixels across, computed at half resolution (a
    large elliptic kernel costs ~10x more at full size); edges move by at most a pixel."""
    h, w = mask.shape[:2]
    half = cv2.resize(mask, ((w + 1) // 2, (h + 1) // 2), interpolation=cv2.INTER_AREA)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size // 2 | 1, size // 2 | 1))
    opened = cv2.morphologyEx(half, cv2.MORPH_OPEN, disc)
    kept = cv2.resize(opened, (w, h), interpolation=cv2.INTER_LINEAR)
    binary: npt.NDArray[np.uint8] = cv2.threshold(kept, 127, 255, cv2.THRESH_BINARY)[1]
    return binary  # kept >= 128 → 255, else 0


def _fill_holes(mask: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = np.zeros_like(mask)
    cv2.drawContours(out, contours, -1, 255, thickness=cv2.FILLED)
    return out


def _borders_touched(contour: npt.NDArray[np.int32], shape: tuple[int, ...]) -> int:
    """How many edges of the frame a blob runs into (within 2 px)."""
    x, y, w, h = (int(v) for v in cv2.boundingRect(contour))
    height, width = shape[:2]
    return sum([x <= 2, y <= 2, x + w >= width - 2, y + h >= height - 2])


def _candidates(mask: npt.NDArray[np.uint8], frame_area: float) -> list[Candidate]:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    out = []
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        area = float(cv2.contourArea(contour))
        if area < MIN_AREA_FRACTION * frame_area:
            break
        touches = _borders_touched(contour, mask.shape)
        if area < FULL_FRAME_FRACTION * frame_area and touches >= 2:
            continue  # a design element of a scanned card or the backdrop
        hull = cv2.convexHull(contour)
        quad = _quad_of(hull)
        if quad is None:
            continue
        quad = refine_corners(quad, contour.reshape(-1, 2).astype(np.float64))
        quad_area = _area(quad)
        long_side, short_side = sorted(side_lengths(quad), reverse=True)
        ratio = long_side / max(1.0, short_side)
        if not ASPECT_TOLERANCE[0] <= ratio <= ASPECT_TOLERANCE[1] or not sides_alike(quad):
            continue
        fill = area / max(1.0, quad_area)
        aspect_fit = 1.0 - min(1.0, abs(ratio - CARD_ASPECT) / CARD_ASPECT)
        if fill < RING_MAX_FILL:
            # The card's edge traced but for a gap too wide to close (a pale card on a pale
            # table: d11818 0130): a thin ring, no blob to fill; its outline is the card's
            # when the edges run along nearly all of the quad's sides.
            shape = outline_support(mask, quad) ** RING_SUPPORT_POWER * aspect_fit
            if shape >= RING_MIN_SHAPE:
                score = shape * (quad_area / frame_area) ** 0.25
                out.append(Candidate(quad=quad, score=score, shape=shape, touches=touches))
            continue
        if fill < 0.85 or fill > 1.15:
            continue
        # Blobs that leaked into the backdrop are not convex: penalise low solidity hard.
        solidity = area / max(1.0, float(cv2.contourArea(hull)))
        shape = solidity**4 * (1 - abs(1 - fill)) * aspect_fit
        score = shape * (quad_area / frame_area) ** 0.25
        out.append(Candidate(quad=quad, score=score, shape=shape, touches=touches))
    return out


RING_MAX_FILL = 0.2
"""Under this share of its quad filled, a contour is a traced outline, not a blob."""
RING_SUPPORT_POWER = 2
"""Power of an outline's edge support in its shape quality: a rounded corner and a gap or
two in a faint edge leave a card's traced outline about 0.8 supported."""
RING_MIN_SHAPE = 0.6
"""Shape quality a traced outline needs to be a candidate."""
RING_REACH_PX = 2
"""Farthest (detection pixels) a mask pixel may lie from a quad's side to support it."""


def outline_support(mask: npt.NDArray[np.uint8], quad: npt.NDArray[np.float64]) -> float:
    """Share of the pixels along ``quad``'s four sides (detection pixels, TL/TR/BR/BL)
    that ``mask`` has ink within ``RING_REACH_PX`` of: 1 for an outline traced all round."""
    line = np.zeros_like(mask)
    cv2.polylines(line, [np.round(quad).astype(np.int32)], True, 255, 1)
    reach = 2 * RING_REACH_PX + 1
    near = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach)))
    total = int(cv2.countNonZero(line))
    return int(cv2.countNonZero(cv2.bitwise_and(line, near))) / max(1, total)


OPPOSITE_MAX_RATIO = 3.0
"""Most a card outline's side may be longer than the side opposite it: perspective
shortens the far side of a card by less (a strong perspective's 2.05 on holdout 0399);
a shading's wedge across a card (sides of 20 and 195 px) is no card."""


def sides_alike(quad: npt.NDArray[np.float64]) -> bool:
    """Whether each side of a quad (TL/TR/BR/BL) is at most ``OPPOSITE_MAX_RATIO`` times
    as long as the side opposite it."""
    tl, tr, br, bl = quad
    for a, b in (((tl, tr), (bl, br)), ((tl, bl), (tr, br))):
        la, lb = float(np.linalg.norm(a[1] - a[0])), float(np.linalg.norm(b[1] - b[0]))
        if max(la, lb) > OPPOSITE_MAX_RATIO * max(min(la, lb), 1e-9):
            return False
    return True


def _quad_of(hull: npt.NDArray[np.int32]) -> npt.NDArray[np.float64] | None:
    """Four corners of a card-like contour, given its convex hull: a polygon approximation,
    else its min-area box."""
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.045, 0.06):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return order_corners(approx.reshape(4, 2))
    box = cv2.boxPoints(cv2.minAreaRect(hull))
    return order_corners(box)


def refine_corners(
    quad: npt.NDArray[np.float64], outline: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Corners re-made as intersections of lines fitted to each side's outline points.

    Rounded card corners pull a polygon approximation's corners inwards; the straight
    middle of each side does not. Only points in the middle 70% of a side and within 4%
    of its length from it are used. Falls back to ``quad`` when a side has too few points.
    """
    lines = []
    for k in range(4):
        a, b = quad[k], quad[(k + 1) % 4]
        d = b - a
        length = float(np.hypot(*d))
        if length < 1:
            return quad
        u = d / length
        rel = outline - a
        t = rel @ u
        dist = np.abs(rel @ np.array([-u[1], u[0]]))
        near = outline[(t > 0.15 * length) & (t < 0.85 * length) & (dist < 0.04 * length)]
        if len(near) < 5:
            return quad
        lines.append(fit_line(near))
    corners = []
    for k in range(4):
        p = _intersect(lines[k - 1], lines[k])
        if p is None:
            return quad
        corners.append(p)
    refined = np.array(corners, dtype=np.float64)
    if np.max(np.linalg.norm(refined - quad, axis=1)) > 0.1 * max(side_lengths(quad)):
        return quad
    return refined


LINE_OUTLIER_PX = 2.0
"""Outline points further than this from a side's first line fit (detection pixels), and
three robust deviations, are left out of its second fit (a shadow or a finger)."""


def fit_line(points: npt.NDArray[np.float64]) -> tuple[float, float, float, float]:
    """A line through outline points (detection pixels): least squares, then again without
    the outliers. Returns a point on it and its unit direction (x0, y0, vx, vy).

    OpenCV's robust (Huber) fit gives about the same line at ~30x the cost: it restarts
    from random subsets; the card search makes ~35 fits per side."""
    pts = points.astype(np.float32)
    vx, vy, x0, y0 = (float(v[0]) for v in cv2.fitLine(pts, cv2.DIST_L2, 0, 0.01, 0.01))
    off = np.abs((pts[:, 0] - x0) * -vy + (pts[:, 1] - y0) * vx)
    keep = off <= max(LINE_OUTLIER_PX, 3.0 * 1.4826 * median_of(off))
    if 5 <= np.count_nonzero(keep) < len(pts):
        vx, vy, x0, y0 = (
            float(v[0]) for v in cv2.fitLine(pts[keep], cv2.DIST_L2, 0, 0.01, 0.01)
        )
    return x0, y0, vx, vy


def median_of(values: npt.NDArray[np.floating]) -> float:
    """``float(np.median(values))`` of a 1-D array, by one partition (np.median's own
    steps, without its ~20 µs of checks: the card search takes ~70 per side)."""
    n = len(values)
    if n == 0 or not np.isfinite(values).all():
        return float(np.median(values))
    k = n // 2
    if n % 2:
        return float(np.partition(values, k)[k])
    part = np.partition(values, (k - 1, k))
    return float((part[k - 1] + part[k]) / 2)


def _intersect(
    l1: tuple[float, float, float, float], l2: tuple[float, float, float, float]
) -> tuple[float, float] | None:
    x1, y1, dx1, dy1 = l1
    x2, y2, dx2, dy2 = l2
    det = dx1 * dy2 - dy1 * dx2
    if abs(det) < 1e-6:
        return None
    t = ((x2 - x1) * dy2 - (y2 - y1) * dx2) / det
    return x1 + t * dx1, y1 + t * dy1


def _area(quad: npt.NDArray[np.float64]) -> float:
    return float(cv2.contourArea(quad.astype(np.float32)))
