"""Motion deblurring: the blur's length and direction found from the cepstrum, and the
deconvolved card read again by real Tesseract. The blur is drawn here with a known
kernel; the text is what was drawn."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from pipeline import deblur
from pipeline.ocr import get_engine
from pipeline.types import Image
from samples.gen_draw import FONT_DIR


def _card() -> Image:
    """A 1011 x 638 grey card with a few rows of labels and values."""
    font = ImageFont.truetype(str(FONT_DIR / "dejavu/DejaVuSans.ttf"), 26)
    page = PILImage.new("L", (1011, 638), 240)
    draw = ImageDraw.Draw(page)
    rows = ["BlueCross BlueShield of Texas", "IDENTIFICATION NO. QHB880610308",
            "GROUP NO. 286245", "RXBIN 011552  RXPCN TXPROD1", "Member WILLIAM X RIVERA"]
    for k, text in enumerate(rows):
        draw.text((50, 60 + 100 * k), text, font=font, fill=30)
    card: Image = np.asarray(page, np.uint8)
    return card


def _shaken(card: Image, length: float, angle: float) -> Image:
    blurred = cv2.filter2D(card.astype(np.float32), -1, deblur.motion_kernel(length, angle),
                           borderType=cv2.BORDER_REPLICATE)
    shaken: Image = np.clip(blurred, 0, 255).astype(np.uint8)
    return shaken


def test_kernel_is_a_normalised_line_in_its_direction() -> None:
    k = deblur.motion_kernel(7.0, 0.0)
    assert k.shape[0] == k.shape[1] and k.shape[0] % 2 == 1
    assert abs(float(k.sum()) - 1.0) < 1e-5
    rows = np.nonzero(k.sum(axis=1) > 1e-6)[0]
    assert len(rows) <= 2  # horizontal: one row (two where bilinear weights split)


@pytest.mark.parametrize(("length", "angle"), [(6.0, 0.0), (8.0, 60.0), (5.0, 135.0)])
def test_estimate_finds_the_length_and_direction_of_a_drawn_blur(
    length: float, angle: float
) -> None:
    motion = deblur.estimate(_shaken(_card(), length, angle))
    assert motion is not None
    assert abs(motion.length_px - length) <= 1.0
    gap = abs(motion.angle_deg - angle) % 180
    assert min(gap, 180 - gap) <= 6


def test_a_sharp_card_shows_no_motion_blur() -> None:
    assert deblur.estimate(_card()) is None


@pytest.mark.tesseract
def test_deblurred_card_reads_what_the_shaken_one_loses() -> None:
    shaken = _shaken(_card(), 8.0, 30.0)
    engine = get_engine()
    before = {w.text for w in engine.recognize(shaken).words}
    sharp = deblur.deblurred(shaken)
    assert sharp is not None
    after = {w.text for w in engine.recognize(sharp).words}
    assert "QHB880610308" not in before
    assert {"QHB880610308", "286245", "011552"} <= after


def _soft(card: Image, sigma: float) -> Image:
    soft: Image = cv2.GaussianBlur(card, (0, 0), sigma)
    return soft


@pytest.mark.parametrize(("length", "angle"), [(6.0, 0.0), (8.0, 60.0), (5.0, 135.0)])
def test_a_shaken_card_is_smeared_along_its_motion(length: float, angle: float) -> None:
    shaken = _shaken(_card(), length, angle)
    motion = deblur.shaken(shaken, sharpness=150.0)
    assert motion is not None
    assert deblur.anisotropy(shaken) < deblur.SHAKEN_MAX_ANISOTROPY
    assert deblur.along_ratio(shaken, motion) < deblur.SHAKEN_MAX_ALONG
    across = deblur.Motion(motion.length_px, (motion.angle_deg + 90) % 180, motion.peak)
    assert deblur.along_ratio(shaken, across) > 1 / deblur.SHAKEN_MAX_ALONG


def test_a_sharp_or_evenly_soft_card_is_not_taken_for_shaken() -> None:
    card = _card()
    assert deblur.shaken(card, sharpness=150.0) is None  # no cepstral peak
    assert deblur.shaken(_soft(card, 2.0), sharpness=150.0) is None  # out of focus
    # A card as sharp as a photo in focus is never deblurred, whatever its spectrum.
    assert deblur.shaken(_shaken(card, 8.0, 60.0), sharpness=deblur.SHAKEN_MAX_SHARPNESS) is None


def test_undo_turns_the_motion_with_a_quarter_turned_card() -> None:
    shaken = _shaken(_card(), 8.0, 30.0)
    motion = deblur.shaken(shaken, sharpness=150.0)
    assert motion is not None
    upright = deblur.undo(motion, shaken.shape, shaken)
    for turn in (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE):
        turned = deblur.undo(motion, shaken.shape, cv2.rotate(shaken, turn))
        gap = np.abs(turned.astype(np.int16) - cv2.rotate(upright, turn).astype(np.int16))
        assert float(np.mean(gap)) < 2.0
