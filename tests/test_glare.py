"""Glare: blown-out areas apart from print, and the glare reason kept only where glare may
hide a value the result relies on (card frame pixels, fake OCR pages)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import cv2
import numpy as np

from pipeline.process import Interpretation, glare_cleared
from pipeline.quality import blown_out, glare_touches
from pipeline.types import Box, CardImage, ReviewReason, SideRead
from tests.fakes import codes, page, read

TEXT = "Sample Health Plan\nMember ID   ZZX123456789\nGroup   7654321\n"
GLARE = ReviewReason("glare", "glare covers part of the card")


def dark_card_with_white_print() -> np.ndarray:
    img = np.full((638, 1011), 40, np.uint8)
    cv2.putText(img, "128771471", (60, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 3)
    return img


def test_white_print_on_a_dark_card_is_not_blown_out_but_a_hotspot_is() -> None:
    img = dark_card_with_white_print()
    assert (img >= 250).mean() > 0.002  # the letters are saturated
    assert blown_out(img).sum() == 0
    cv2.ellipse(img, (600, 400), (150, 60), 0, 0, 360, 255, -1)
    mask = blown_out(img)
    assert glare_touches(mask, Box(500, 380, 700, 420))
    assert not glare_touches(mask, Box(60, 170, 260, 205))


def test_paper_between_dark_letters_is_no_glare_over_them() -> None:
    img = np.full((638, 1011), 255, np.uint8)  # paper out of a shadow, saturated
    img[:, 700:] = 150  # the shadowed part
    cv2.putText(img, "76-367702", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    mask = blown_out(img)
    assert glare_touches(mask, Box(100, 275, 290, 305))  # blank paper around: conservative
    assert not glare_touches(mask, Box(760, 275, 950, 305))


def glared(front: str = TEXT) -> Interpretation:
    r = read(front)
    return replace(r, reasons=(GLARE, *r.reasons))


def sides_with(pixels: np.ndarray) -> list[SideRead]:
    blank: Any = None
    card = CardImage(pixels=pixels, card_to_photo=np.eye(3), found=True, card_width_px=1011.0)
    return [SideRead(side="front", decoded=blank, card=card, quality=blank, page=page(TEXT),
                     ocr_image=blank)]


def test_glare_touching_no_value_read_is_no_reason_for_review() -> None:
    r = glared()
    assert {"member_id", "group_number"} <= set(r.fields) and "glare" in codes(r)
    img = np.full((638, 1011), 120, np.uint8)
    cv2.ellipse(img, (800, 500), (150, 80), 0, 0, 360, 255, -1)  # far from both values
    assert "glare" not in codes(glare_cleared(r, sides_with(img)))


def test_glare_over_a_value_keeps_the_reason() -> None:
    r = glared()
    b = r.fields["group_number"].box
    img = np.full((638, 1011), 120, np.uint8)
    cv2.rectangle(img, (int(b.right) + 4, int(b.top) - 6), (int(b.right) + 120,
                  int(b.bottom) + 6), 255, -1)  # just past the value: its lost end
    assert "glare" in codes(glare_cleared(r, sides_with(img)))


def test_glare_with_a_value_missing_keeps_the_reason() -> None:
    r = glared("Sample Health Plan\nMember ID   ZZX123456789\n")
    assert "group_number" not in r.fields
    img = np.full((638, 1011), 120, np.uint8)
    assert "glare" in codes(glare_cleared(r, sides_with(img)))
