"""A member ID its Rx ID copy disagrees with, settled by evidence of its own
(pipeline.process.copy_settled): the copy read again, or the member ID's print. Values
drawn in a card font; the drawn text is the truth."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline import process
from pipeline.process import Interpretation
from pipeline.templates import load_templates
from pipeline.types import Box, CarrierMatch, FieldReading, OcrPage, OcrWord, SideRead

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def card(member: str, rx: str) -> tuple[np.ndarray, Box, Box]:
    """A grey card strip with the member ID and, under it, the Rx ID printed; their boxes."""
    font = ImageFont.truetype(FONT, 28)
    image = Image.new("L", (700, 160), 245)
    draw = ImageDraw.Draw(image)
    boxes = []
    for y, text in ((20, member), (90, rx)):
        draw.text((30, y), text, fill=20, font=font)
        left, top, right, bottom = draw.textbbox((30, y), text, font=font)
        boxes.append(Box(float(left), float(top), float(right), float(bottom)))
    return np.asarray(image), boxes[0], boxes[1]


class Reads:
    """An OCR engine that reads every crop as ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def recognize(self, image: Any, **kwargs: Any) -> OcrPage:
        word = OcrWord(self.text, Box(0, 0, 10, 10), 0.9, 0)
        return OcrPage(words=(word,) if self.text else (), width=10, height=10)


def settled(member: str, rx_read: str, printed: tuple[str, str], engine: Reads) -> bool:
    image, member_box, rx_box = card(*printed)
    generic, _ = load_templates()
    found = Interpretation(
        template=generic, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0),
        fields={"member_id": FieldReading("member_id", member, 0.87, "front", "ID", member_box),
                "rx_id": FieldReading("rx_id", rx_read, 0.65, "front", "RxID", rx_box)},
        distractors=(), portal={}, reasons=())
    blank = cast(Any, None)
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank,
                    page=OcrPage(words=(), width=700, height=160), ocr_image=image)
    return process.copy_settled(found, [side], cast(Any, engine))


def test_an_o_the_member_ids_own_zeros_settle_outweighs_the_copys_zero() -> None:
    printed = ("TOD764220180", "TOD76422018001")
    assert settled("TOD764220180", "T0D76422018001", printed, Reads(""))


def test_the_copy_read_again_as_the_member_id_settles_it() -> None:
    printed = ("056257117", "05625711700")
    assert settled("056257117", "06625711700", printed, Reads("05625711700"))
    assert not settled("056257117", "06625711700", printed, Reads("06625711700"))


def test_a_misread_member_id_stays_doubted() -> None:
    printed = ("740386905", "740386905")
    assert not settled("140386905", "740386905", printed, Reads("740386905"))
    # A zero printed where the member ID reads an O: the print does not take its side.
    printed = ("T0D764220180", "T0D76422018001")
    assert not settled("TOD764220180", "T0D76422018001", printed, Reads(""))
