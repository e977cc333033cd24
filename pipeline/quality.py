"""Image-quality measures of the flattened card and the review reasons they imply."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.config import QualityThresholds
from pipeline.enhance import percentiles_u8
from pipeline.types import Box, CardImage, Image, Quality, ReviewReason

GLARE_LEVEL = 250
"""Grey level at or above which a pixel counts as blown out."""


def measure(card: CardImage) -> Quality:
    """Sharpness, brightness, contrast and glare of a flattened card (1011 px wide raster)."""
    pixels = card.pixels
    grey = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    # Judge sharpness at the size the card had in the photo: upsampling a small card
    # blurs it, and that blur is real for OCR too.
    _, deviation = cv2.meanStdDev(cv2.Laplacian(grey, cv2.CV_64F))
    sharpness = float(deviation[0, 0]) ** 2  # the Laplacian's variance
    # White card stock is near 250 too: count only saturated blobs that are large areas
    # on a card that also has darker paper around them (glare bands, hotspots).
    paper = percentiles_u8(grey, (60.0,))[0]
    mean, std = cv2.meanStdDev(grey)
    # The saturated share (np.mean's value: a whole count over the pixels), counted only
    # where it counts.
    glare = cv2.countNonZero(cv2.compare(grey, GLARE_LEVEL, cv2.CMP_GE)) / grey.size if (
        paper < GLARE_LEVEL - 15) else 0.0
    return Quality(
        sharpness=round(sharpness, 2),
        brightness=round(float(mean[0, 0]), 2),
        contrast=round(float(std[0, 0]), 2),
        glare=round(glare, 4),
        card_width_px=round(card.card_width_px, 1),
    )


def quality_reasons(q: Quality, card: CardImage, t: QualityThresholds) -> list[ReviewReason]:
    """Review reasons for a card too small, blurry, dark or glary to trust OCR on."""
    reasons: list[ReviewReason] = []
    if not card.found:
        reasons.append(ReviewReason("card_not_found", "no card outline was found in the photo"))
    if q.card_width_px < t.min_card_width_px:
        reasons.append(
            ReviewReason(
                "image_too_small",
                f"the card is {q.card_width_px:.0f} px wide in the photo; "
                f"at least {t.min_card_width_px:.0f} px is needed",
            )
        )
    # A dark card design photographed in dim light is dark but keeps its contrast.
    dark = q.brightness < t.min_brightness and q.contrast < t.dark_min_contrast
    if dark or q.contrast < t.min_contrast:
        reasons.append(ReviewReason("too_dark", "the photo is too dark or flat to read"))
    elif q.sharpness < t.min_sharpness:
        reasons.append(ReviewReason("blurry", "the photo is out of focus"))
    if q.glare > t.max_glare:
        reasons.append(ReviewReason("glare", "glare covers part of the card"))
    return reasons


GLARE_STROKE_PX = 11
"""Width (pixels, 1011 px card) of the opening that parts blown-out areas from print:
white letters on a dark card (strokes ~3-5 px) and paper between dark letters (gaps
~3-6 px) vanish under it; a glare hotspot, or a band of paper out of a shadow, stays."""
GLARE_TOUCH_SHARE = 0.1
"""Share of a value's surroundings (:func:`glare_touches`) blown out from which the glare
may have hidden part of the value."""


def blown_out(pixels: Image) -> Image:
    """1 where the card (card frame) is saturated (``GLARE_LEVEL``) over an area wider
    than print strokes (``GLARE_STROKE_PX``), else 0."""
    grey = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    saturated = (grey >= GLARE_LEVEL).astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (GLARE_STROKE_PX, GLARE_STROKE_PX))
    opened: Image = cv2.morphologyEx(saturated, cv2.MORPH_OPEN, kernel)
    return opened


def glare_touches(mask: Image, box: Box) -> bool:
    """Whether blown-out areas (``mask``: :func:`blown_out`) cover ``GLARE_TOUCH_SHARE`` of
    a value's box (card frame, pixels) widened by its height on either side and a third
    of it above and below: glare over the value, or where its lost end would be."""
    h = max(box.height, 1.0)
    top, left = max(0, int(box.top - h / 3)), max(0, int(box.left - h))
    bottom, right = int(box.bottom + h / 3) + 1, int(box.right + h) + 1
    region = mask[top:bottom, left:right]
    return region.size > 0 and float(region.mean()) >= GLARE_TOUCH_SHARE


HOPELESS = frozenset({"image_too_small", "too_dark", "blurry"})
"""Quality reasons after which OCR is not worth running at all."""


def hopeless(reasons: list[ReviewReason]) -> bool:
    """True when the photo is too small, dark or blurry for any value read from it to be
    trusted: the card goes to review without OCR."""
    return any(r.code in HOPELESS for r in reasons)
