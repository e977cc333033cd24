"""Fix the card's orientation (0/90/180/270) and return its OCR page read upright."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import cv2

from pipeline.geometry import rotation_matrix
from pipeline.ocr import OcrEngine
from pipeline.types import CardImage, Image, OcrPage

_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


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


def page_score(page: OcrPage) -> float:
    """How much confidently read text a page holds: summed confidence of real words."""
    return sum(
        w.confidence for w in page.words
        if w.confidence >= 0.5 and len(re.sub(r"[^A-Za-z0-9]", "", w.text)) >= 3
    )


def reads_upright(page: OcrPage) -> bool:
    """True when a page clearly holds upright text: several long words read confidently."""
    long_words = [w for w in page.words if len(re.sub(r"[^A-Za-z0-9]", "", w.text)) >= 3]
    strong = [w for w in long_words if w.confidence >= 0.8]
    # Upside-down text still yields a few confident "words" (6666, NOd, 88906); upright
    # text yields mostly confident ones.
    return len(strong) >= 6 and len(strong) >= 0.6 * len(long_words)


def read_upright(
    card: CardImage, engine: OcrEngine, prepare: Callable[[Image], Image]
) -> tuple[CardImage, Image, OcrPage]:
    """OCR the card as it is; when that reads poorly, try it turned (by Tesseract's OSD when
    it sees 90° or 270°, else 180°: the card is already landscape), keeping whichever
    page reads better."""
    image = prepare(card.pixels)
    page = engine.recognize(image)
    if reads_upright(page):
        return card, image, page
    # OSD picks the turn to try (it is sometimes sure of 0° on an upside-down card, so
    # 180° is tried then too); the better-reading page decides.
    osd = engine.detect_orientation(image)
    turn = osd[0] if osd is not None and osd[0] in (90, 270) else 180
    turned = rotate_card(card, turn)
    turned_image = prepare(turned.pixels)
    turned_page = engine.recognize(turned_image)
    if page_score(turned_page) > page_score(page):
        return turned, turned_image, turned_page
    return card, image, page
