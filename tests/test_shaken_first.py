"""Shaken photos (issue 12) deblurred before their first OCR pass, and the deblurred
reading kept only when it beats the photo's. The cards are drawn here; the values
expected are the texts drawn."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

import cv2
import numpy as np
import pytest
from PIL import Image

from pipeline import deblur, decode, locate, process, quality
from pipeline.config import Config
from pipeline.ocr import get_engine
from pipeline.process import Interpretation
from pipeline.templates import load_templates
from pipeline.types import (
    Box,
    CardImage,
    CarrierMatch,
    DecodedImage,
    FieldReading,
    OcrPage,
    ReviewReason,
    SideRead,
)
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


def _side(deblurred: bool) -> SideRead:
    blank = cast(Any, None)
    return SideRead(side="front", decoded=blank, card=blank, quality=blank,
                    page=OcrPage(words=(), width=9, height=9), ocr_image=blank,
                    deblurred=deblurred, deblur_compared=True)


def test_a_group_only_the_deblurred_reading_gives_is_uncertain() -> None:
    found = _meaning([], 0.9)  # member ID X1234567 read on the front at 0.9
    group = FieldReading("group_number", "74834Y04U", 0.9, "front", "GRP", Box(0, 20, 9, 29))
    found = replace(found, fields={**found.fields, "group_number": group})
    disputed = process.deblur_disputed
    bar = process.UNCONFIRMED_CONFIDENCE
    # The photo as taken read no group, or another one: a reconstruction's word alone.
    for photo in ({}, {"group_number": "74834YO4U", "member_id": "X1234567"}):
        out = disputed(found, [_side(deblurred=True)], photo)
        assert set(out) == {"group_number"}
        assert out["group_number"].value == "74834Y04U"
        assert out["group_number"].confidence == bar
    # Both readings agree, the photo's reading was kept, or nothing was deblurred: as read.
    assert disputed(found, [_side(deblurred=True)], {"group_number": "74834Y04U"}) == {}
    assert disputed(found, [_side(deblurred=False)], {}) == {}
    assert disputed(found, [_side(deblurred=True)], None) == {}
    # A group of digits alone too (a fresh range's 0009999 of W0009999, its letter lost).
    digits = replace(found, fields={**found.fields, "group_number": replace(
        group, value="0009999")})
    assert disputed(digits, [_side(deblurred=True)], {})["group_number"].confidence == bar


@pytest.mark.tesseract
def test_a_disputed_deblurred_group_the_photo_reads_alike_is_confirmed() -> None:
    card = np.asarray(drawn.on_table(_card("QHB880610308", "sans", 26)))[:, :, ::-1]
    shaken = cv2.filter2D(card, -1, deblur.motion_kernel(7.0, 0.0),
                          borderType=cv2.BORDER_REPLICATE)
    decoded, located = _located(drawn.encode(Image.fromarray(shaken[:, :, ::-1])))
    engine = get_engine()
    side = replace(process.read_side(decoded, located, quality.measure(located), "front",
                                     engine, {}), deblur_compared=True)
    box = next(w.box for w in side.page.words if w.text == GROUP)
    found = _meaning([])  # member ID X1234567, on the front (deblurred)
    group = FieldReading("group_number", GROUP, process.UNCONFIRMED_CONFIDENCE, "front",
                         "Group No.", box)
    photo = {"member_id": "X1234567"}  # the photo's own reading gave the member ID too

    def confirmed(reading: FieldReading, sides: list[SideRead],
                  photo_values: dict[str, str]) -> dict[str, FieldReading]:
        return process.photo_confirmed({"group_number": reading}, found, sides, engine,
                                       photo_values)

    out = confirmed(group, [side], photo)
    assert out["group_number"].confidence == process.CONFIRMED_CONFIDENCE
    # A value the photo's print does not read as (a digit the deblurring reshaped) stays.
    assert confirmed(replace(group, value="814726"), [side], photo) == {}
    # A member ID the photo does not give (deconvolution may have reshaped it): the group's
    # doubt stays, the card's review with it.
    assert confirmed(group, [side], {}) == {}
    # A side read as photographed: no other reading to ask.
    assert confirmed(group, [replace(side, deblurred=False)], photo) == {}


def test_a_deblurred_group_the_photos_words_show_in_place_keeps_its_confidence() -> None:
    # d3333's 0014: '6872684' read deblurred under 'Group'; the photo's reading lost the
    # label and took no group, but its words hold '6872684' in the same place.
    from tests.fakes import page, read

    def disputed(text: str, photo: str, value: str | None = None,
                 photo_values: dict[str, str] | None = None) -> bool:
        found = read(text)
        if value is not None:
            group = replace(found.fields["group_number"], value=value)
            found = replace(found, fields={**found.fields, "group_number": group})
        side = SideRead(side="front", decoded=cast(Any, None), card=cast(Any, None),
                        quality=cast(Any, None), page=page(text), ocr_image=cast(Any, None),
                        deblurred=True, deblur_compared=True, photo_page=page(photo))
        return "group_number" in process.deblur_disputed(found, [side], photo_values or {})

    text = "Highmark\nMember ID ABC123456789\nGroup\n6872684\n"
    assert not disputed(text, "Highmark\nMember ID ABC123456789\nGrcu\n6872684\n")
    # The photo's words read it otherwise, or elsewhere: disputed.
    assert disputed(text, "Highmark\nMember ID ABC123456789\nGrcu\n6872634\n")
    assert disputed(text, "Highmark\nMember ID ABC123456789\nGrcu\n      6872684\n")
    # The photo's reading took another group: disputed.
    assert disputed(text, "Highmark\nMember ID ABC123456789\nGrcu\n6872684\n",
                    photo_values={"group_number": "9999"})
    # Letters: a shaken O and 0 look alike on both images (wide's 748342Y04U).
    assert disputed(text, "Highmark\nMember ID ABC123456789\nGrcu\n68726Y4\n", "68726Y4")
    # Right of its stacked label's edge: both images may have lost its start (W0009999).
    shifted = "Highmark\nMember ID ABC123456789\nGroup\n   6872684\n"
    assert disputed(shifted, "Highmark\nMember ID ABC123456789\nGrcu\n   6872684\n")


def test_a_deblurred_member_id_the_photo_read_with_another_letter_is_uncertain() -> None:
    # d2222's 0046: deblurred 'AQE354123707' (an O given a Q's tail), the photo 'AOE554129707'.
    assert process.letter_disputed("AQE354123707", "AOE554129707")
    assert process.letter_disputed("FLJ190909204", "FLI190909204")
    # Digits read otherwise (a shaken 8 read 3), another length, or no reading: as read.
    assert not process.letter_disputed("DVJ753509229", "DVJ753589229")
    assert not process.letter_disputed("GWD541880623", "54771")
    assert not process.letter_disputed("GWD541880623", None)
    assert not process.letter_disputed("554457970", "S54457370")
    found = _meaning([], 0.8)
    member = replace(found.fields["member_id"], value="AQE354123707")
    found = replace(found, fields={"member_id": member})
    out = process.deblur_disputed(found, [_side(deblurred=True)],
                                  {"member_id": "AOE554129707"})
    assert out["member_id"].confidence == process.UNCONFIRMED_CONFIDENCE
    assert process.deblur_disputed(found, [_side(deblurred=True)],
                                   {"member_id": "AQE354123707"}) == {}


def test_a_reading_whose_member_id_the_other_reads_as_the_payer_id_loses() -> None:
    # d6666's 0302: the photo took 'Payes id: 39026' for the member ID; the deblurred
    # reading read 'Payer id' over it and the member ID '000099999' under its own label.
    photo = _meaning([], 0.96)
    photo = replace(photo, fields={"member_id": replace(
        photo.fields["member_id"], value="39026")})
    sharp = _meaning(["group_number_uncertain"], 0.91)
    payer = replace(sharp.fields["member_id"], name="payer_id", value="39026")
    sharp = replace(sharp, fields={
        "member_id": replace(sharp.fields["member_id"], value="000099999"), "payer_id": payer})
    assert process.deblurred_better(sharp, photo)
    assert not process.deblurred_better(photo, sharp)
    # An Rx ID may print the member ID again: no evidence.
    rx = replace(sharp, fields={**sharp.fields, "rx_id": replace(payer, name="rx_id")})
    rx = replace(rx, fields={n: r for n, r in rx.fields.items() if n != "payer_id"})
    assert not process.member_id_elsewhere(photo, rx)
