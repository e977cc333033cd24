"""Read harder only where needed: re-OCR doubtful short words, upscaled, one line each.

Small grey labels next to large bold values are where Tesseract's page pass fails most
(``ID:`` read as ``ww:``). When a card's member ID or group is missing, the short
low-confidence words of each side are cut out of the enhanced card, enlarged and read
again as single lines; a reading more confident than the first replaces it.
"""

from __future__ import annotations

from dataclasses import replace

import cv2

from pipeline.ocr import PSM_SINGLE_LINE, OcrEngine
from pipeline.types import Image, OcrPage, OcrWord

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


def crop_word(image: Image, word: OcrWord) -> Image:
    """The word's box with a margin, enlarged by ``SCALE`` and framed by a replicated edge."""
    h = max(word.box.height, 1.0)
    height, width = image.shape[:2]
    top = max(0, int(word.box.top - 0.25 * h))
    bottom = min(height, int(word.box.bottom + 0.25 * h) + 1)
    left = max(0, int(word.box.left - 0.2 * h))
    right = min(width, int(word.box.right + 0.2 * h) + 1)
    crop = image[top:bottom, left:right]
    big = cv2.resize(crop, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_CUBIC)
    out: Image = cv2.copyMakeBorder(big, 10, 10, 10, 10, cv2.BORDER_REPLICATE)
    return out


def reread(page: OcrPage, image: Image, engine: OcrEngine) -> OcrPage:
    """The page with its doubtful short words replaced by more confident second readings."""
    words = list(page.words)
    changed = False
    for i in suspects(page):
        word = words[i]
        again = engine.recognize(crop_word(image, word), psm=PSM_SINGLE_LINE).words
        if len(again) != 1 or again[0].confidence <= word.confidence:
            continue
        words[i] = replace(word, text=again[0].text, confidence=again[0].confidence)
        changed = True
    return replace(page, words=tuple(words)) if changed else page
