"""Read harder only where needed: doubtful labels and doubtful values, enlarged, again.

Two second looks, both only for cards whose member ID or group is missing or uncertain:

* labels: small grey labels next to large bold values are where Tesseract's page pass
  fails most (``ID:`` read as ``ww:``). Short low-confidence words are cut out, enlarged
  and read again as single lines; a more confident reading replaces the first.
* values: a value that broke its format or was read with low confidence is cut out,
  enlarged, binarised three ways and read as one line of identifier characters; a reading
  that fits the format and that two of the three agree on replaces it.
"""

from __future__ import annotations

from dataclasses import replace

import cv2

from pipeline.fields import clean_value
from pipeline.ocr import PSM_SINGLE_LINE, OcrEngine
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


VALUE_FIELDS = ("member_id", "group_number")
"""Fields whose doubtful values are read again."""
ID_WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
"""Characters an identifier may hold; Tesseract is told to see no others."""
VALUE_SCALE = 3.0
"""Enlargement of a value's box before it is read again."""
MIN_AGREEING = 2
"""Readings (of the three binarisations) that must agree on a value to keep it."""
MAX_REREAD_CONFIDENCE = 0.9
"""A value read again is never more certain than this: it was doubtful once."""


def value_variants(image: Image, box: Box) -> list[Image]:
    """A value's box (card frame) with a margin, enlarged and binarised three ways: the
    enlarged grey, Otsu's threshold, and a local (adaptive) threshold."""
    h = max(box.height, 1.0)
    height, width = image.shape[:2]
    top = max(0, int(box.top - 0.35 * h))
    bottom = min(height, int(box.bottom + 0.35 * h) + 1)
    left = max(0, int(box.left - 0.6 * h))
    right = min(width, int(box.right + 0.6 * h) + 1)
    crop = image[top:bottom, left:right]
    big = cv2.resize(crop, None, fx=VALUE_SCALE, fy=VALUE_SCALE, interpolation=cv2.INTER_CUBIC)
    big = cv2.copyMakeBorder(big, 12, 12, 12, 12, cv2.BORDER_REPLICATE)
    _, otsu = cv2.threshold(big, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    block = max(15, int(1.5 * h * VALUE_SCALE) | 1)
    adaptive = cv2.adaptiveThreshold(
        big, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15
    )
    return [big, otsu, adaptive]


def reread_value(
    image: Image, reading: FieldReading, rule: FieldRule, engine: OcrEngine
) -> FieldReading | None:
    """Read a doubtful value's box again, three ways, as one line of identifier characters.

    Returns the reading that fits the rule's pattern and that at least two of the three
    agree on, or None. Its confidence is their mean, capped at ``MAX_REREAD_CONFIDENCE``.
    """
    votes: dict[str, list[float]] = {}
    for variant in value_variants(image, reading.box):
        page = engine.recognize(variant, psm=PSM_SINGLE_LINE, whitelist=ID_WHITELIST)
        if not page.words:
            continue
        value = clean_value("".join(w.text for w in page.words))
        if value and rule.pattern.fullmatch(value):
            votes.setdefault(value, []).append(min(w.confidence for w in page.words))
    if not votes:
        return None
    value, confidences = max(votes.items(), key=lambda kv: (len(kv[1]), sum(kv[1])))
    if len(confidences) < MIN_AGREEING:
        return None
    confidence = min(MAX_REREAD_CONFIDENCE, sum(confidences) / len(confidences))
    return replace(reading, value=value, confidence=round(confidence, 3))
