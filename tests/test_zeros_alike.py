"""An O or 0 the glyph check put in place settled by the value's own zeros
(pipeline.process.zeros_alike, round_glyphs_agree): values drawn in card fonts, the drawn
text the truth."""

from __future__ import annotations

import pytest

from pipeline import glyphs
from pipeline.process import round_glyphs_agree
from tests.test_glyphs import drawn

PLAIN_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
]
MARKED_ZERO_FONTS = [
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
]


def agree(printed: str, read: str, fixed: str, font: str) -> bool:
    image, box = drawn(printed, font)
    return round_glyphs_agree(read, fixed, glyphs.round_glyphs(image, box, read))


@pytest.mark.parametrize("font", PLAIN_FONTS)
def test_a_prefix_o_wider_than_the_values_zeros_is_settled(font: str) -> None:
    assert agree("O20230850", "020230850", "O20230850", font)
    assert agree("VO0160259", "V00160259", "VO0160259", font)


@pytest.mark.parametrize("font", PLAIN_FONTS)
def test_a_zero_as_wide_as_the_values_zeros_is_settled(font: str) -> None:
    assert agree("TR0045482759", "TRO045482759", "TR0045482759", font)
    assert agree("LB0970", "LBO970", "LB0970", font)


@pytest.mark.parametrize("font", PLAIN_FONTS)
def test_the_print_contradicting_the_check_settles_nothing(font: str) -> None:
    # A printed zero the check took for an O; a printed O the check took for a zero.
    assert not agree("020230850", "020230850", "O20230850", font)
    assert not agree("TRO045482759", "TRO045482759", "TR0045482759", font)


@pytest.mark.parametrize("font", MARKED_ZERO_FONTS)
def test_an_unmarked_prefix_o_beside_marked_zeros_is_settled(font: str) -> None:
    assert agree("OZ1550419032", "0Z1550419032", "OZ1550419032", font)
    assert not agree("0Z1550419032", "0Z1550419032", "OZ1550419032", font)


def test_no_zero_of_its_own_or_a_lone_letter_among_digits_settles_nothing() -> None:
    font = PLAIN_FONTS[0]
    assert not agree("O88945179", "088945179", "O88945179", font)  # no other zero
    image, box = drawn("00O999", font)  # an O printed among digits: no identifier's O
    assert not round_glyphs_agree("000999", "00O999", glyphs.round_glyphs(image, box, "000999"))
    assert not round_glyphs_agree("000999", "000999", {0: (10, False), 1: (10, False)})


def test_an_o_wider_than_the_zeros_by_a_pixels_slack_only_settles_nothing() -> None:
    # A range's 00099999 in Carlito: its first 0 measured 17 px, its other zeros 15.
    assert not round_glyphs_agree("00099999", "O0099999",
                                  {0: (17, False), 1: (15, False), 2: (15, False)})
    assert round_glyphs_agree("00099999", "O0099999",
                              {0: (18, False), 1: (14, False), 2: (14, False)})
