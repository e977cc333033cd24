"""Enhance a flattened card for OCR: grey, contrast stretch, gentle sharpening."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.types import Image

STRETCH_PERCENTILES = (1.0, 99.5)
"""Grey levels at these percentiles are stretched to 0 and 255."""


def enhance(pixels: Image) -> Image:
    """Grey image of the card with its ink-to-paper range stretched to 0-255.

    Dim photos and washed-out JPEGs keep their text but lose range; Tesseract's Otsu
    binarisation works better after the stretch. A light unsharp mask restores edges
    softened by the perspective warp's interpolation.
    """
    grey: Image = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    lo, hi = np.percentile(grey, STRETCH_PERCENTILES)
    if hi - lo < 8:
        return grey
    stretched = np.clip((grey.astype(np.float32) - lo) * (255.0 / (hi - lo)), 0, 255)
    blurred = cv2.GaussianBlur(stretched, (0, 0), 1.2)
    sharp = cv2.addWeighted(stretched, 1.5, blurred, -0.5, 0)
    out: Image = np.clip(sharp, 0, 255).astype(np.uint8)
    return out
