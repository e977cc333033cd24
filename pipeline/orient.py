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
OSD_SURE = 3.0
"""Tesseract OSD orientation confidence above which its 'already upright' is believed."""


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
    strong = [
        w for w in page.words
        if w.confidence >= 0.8 and len(re.sub(r"[^A-Za-z0-9]", "", w.text)) >= 3
    ]
    return len(strong) >= 6


def read_upright(
    card: CardImage, engine: OcrEngine, prepare: Callable[[Image], Image]
) -> tuple[CardImage, Image, OcrPage]:
    """OCR the card as it is; when that reads poorly, ask Tesseract's OSD and try it turned
    180° (the card is already landscape), keeping whichever reads better."""
    image = prepare(card.pixels)
    page = engine.recognize(image)
    if reads_upright(page):
        return card, image, page
    osd = engine.detect_orientation(image)
    if osd is not None and osd[0] == 0 and osd[1] >= OSD_SURE:
        return card, image, page
    turn = osd[0] if osd is not None and osd[0] in (90, 270) else 180
    turned = rotate_card(card, turn)
    turned_image = prepare(turned.pixels)
    turned_page = engine.recognize(turned_image)
    if page_score(turned_page) > page_score(page):
        return turned, turned_image, turned_page
    return card, image, page
