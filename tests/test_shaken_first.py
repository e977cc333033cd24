"""Shaken photos (issue 12) deblurred before their first OCR pass, and the deblurred
reading kept only when it beats the photo's. The cards are drawn here; the values
expected are the texts drawn."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from pipeline import deblur, decode, locate, process, quality
from pipeline.config import Config
from pipeline.ocr import get_engine
from pipeline.process import Interpretation
from pipeline.templates import load_templates
from pipeline.types import Box, CardImage, CarrierMatch, DecodedImage, FieldReading, ReviewReason
from tests import drawn
from tests.drawn import Ink

GROUP = "814720"


def _card(member_id: str, font: str, size: int) -> Image.Image:
    return drawn.draw((
        Ink(60, 50, "Health Plan of Somewhere", 40, "sans-bold"),
        Ink(60, 170, "Member ID", 22, font), Ink(60, 200, member_id, size, font),
        Ink(60, 280, "Group No.", 22, font), Ink(60, 310, GROUP, size, font),
        Ink(500, 170, "Member Name", 22, font), Ink(500, 200, "LEVI M HUYNH", size, font),
    ), background=(250, 250, 250))


def _located(data: bytes) -> tuple[DecodedImage, CardImage]:
    decoded = decode.decode_pages(data, "<test>", Config().limits)[0]
    return decoded, locate.find_card(decoded.pixels)


def test_a_sharp_photo_is_read_as_it_is() -> None:
    _, photo = _located(drawn.encode(drawn.on_table(_card("QHB880610308", "sans", 22))))
    assert process.restoration(photo, quality.measure(photo)) == (None, False)


def test_a_shaken_photo_is_deblurred_first() -> None:
    card = np.asarray(drawn.on_table(_card("QHB880610308", "sans", 26)))[:, :, ::-1]
    shaken = cv2.filter2D(card, -1, deblur.motion_kernel(8.0, 30.0),
                          borderType=cv2.BORDER_REPLICATE)
    _, located = _located(drawn.encode(Image.fromarray(shaken[:, :, ::-1])))
    restore, deblurred = process.restoration(located, quality.measure(located))
    assert deblurred and restore is not None


@pytest.mark.tesseract
@pytest.mark.parametrize(("length", "angle"), [(8.0, 30.0), (7.0, 0.0), (6.0, 120.0)])
def test_a_shaken_photos_first_reading_reads_its_member_id(length: float, angle: float) -> None:
    """Read as photographed, the ID comes out 'QHBS880610308', 'OHEZZ06102028'."""
    card = np.asarray(drawn.on_table(_card("QHB880610308", "sans", 26)))[:, :, ::-1]
    shaken = cv2.filter2D(card, -1, deblur.motion_kernel(length, angle),
                          borderType=cv2.BORDER_REPLICATE)
    decoded, located = _located(drawn.encode(Image.fromarray(shaken[:, :, ::-1])))
    side = process.read_side(decoded, located, quality.measure(located), "front",
                             get_engine(), {})
    assert side.deblurred
    assert {"QHB880610308", GROUP} <= {w.text for w in side.page.words}


def _meaning(reasons: list[str], confidence: float = 0.9) -> Interpretation:
    """A card's meaning: its member ID read at ``confidence``, these review reasons."""
    generic, _ = load_templates()
    reading = FieldReading("member_id", "X1234567", confidence, "front", "ID", Box(0, 0, 9, 9))
    return Interpretation(
        template=generic, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0),
        fields={"member_id": reading}, distractors=(), portal={},
        reasons=tuple(ReviewReason(code, code) for code in reasons),
    )


def test_a_deblurred_reading_is_kept_only_when_it_is_better() -> None:
    better = process.deblurred_better
    # fewer doubts
    assert better(_meaning([]), _meaning(["member_id_uncertain"]))
    assert not better(_meaning(["member_id_uncertain"]), _meaning([]))
    assert not better(_meaning(["member_id_uncertain"]), _meaning(["group_number_uncertain"]))
    # as many: the carrier named, then the values read more confidently
    assert better(_meaning([]), _meaning(["carrier_unknown"]))
    assert not better(_meaning(["carrier_unknown"], 0.95), _meaning([], 0.6))
    assert better(_meaning([], 0.87), _meaning([], 0.73))
    # a full tie goes to the photo
    assert not better(_meaning([], 0.8), _meaning([], 0.8))
