"""The quality gate: which photos are too dark to read (pure, on measured figures)."""

from __future__ import annotations

import numpy as np

from pipeline.config import QualityThresholds
from pipeline.quality import measure, quality_reasons
from pipeline.types import CardImage, Quality


def card() -> CardImage:
    return CardImage(pixels=np.zeros((638, 1011, 3), np.uint8), card_to_photo=np.eye(3),
                     found=True, card_width_px=1200.0)


def codes(brightness: float, contrast: float) -> set[str]:
    q = Quality(sharpness=90.0, brightness=brightness, contrast=contrast, glare=0.0,
                card_width_px=1200.0)
    return {r.code for r in quality_reasons(q, card(), QualityThresholds())}


def test_a_dark_card_design_in_dim_light_keeps_its_contrast_and_is_read() -> None:
    assert "too_dark" not in codes(brightness=13.5, contrast=8.9)  # navy card, dim photo
    assert "too_dark" not in codes(brightness=9.6, contrast=7.5)  # plum card, dimmer
    assert "too_dark" not in codes(brightness=47.0, contrast=6.6)  # white card, dim photo


def test_a_photo_too_dark_to_read_is_flagged() -> None:
    assert "too_dark" in codes(brightness=12.3, contrast=3.1)
    assert "too_dark" in codes(brightness=18.7, contrast=4.7)
    assert "too_dark" in codes(brightness=60.0, contrast=5.0)  # washed out


def test_a_washed_out_blurred_photo_is_flagged() -> None:
    q = Quality(sharpness=0.8, brightness=217.0, contrast=6.0, glare=0.0, card_width_px=1200.0)
    assert {r.code for r in quality_reasons(q, card(), QualityThresholds())} & {
        "too_dark", "blurry"}


def test_glare_is_the_saturated_share_of_a_card_with_darker_paper() -> None:
    pixels = np.full((638, 1011, 3), 200, np.uint8)
    pixels[100:200, 300:600] = 255  # a hotspot: 30,000 of 645,018 pixels
    measured = measure(CardImage(pixels=pixels, card_to_photo=np.eye(3), found=True,
                                 card_width_px=1200.0))
    assert measured.glare == round(30000 / (638 * 1011), 4)
    white = np.full((638, 1011, 3), 252, np.uint8)  # white stock: no glare at all
    assert measure(CardImage(pixels=white, card_to_photo=np.eye(3), found=True,
                             card_width_px=1200.0)).glare == 0.0
