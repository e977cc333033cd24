"""O or 0 by the glyph's width (pipeline.glyphs), on values drawn in a card font: the drawn
text is the truth."""

from __future__ import annotations

import re
from collections.abc import Sequence

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import glyphs
from pipeline.types import Box

FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
]
ANTHEM_GROUP = re.compile(r"\d{6}[A-Z0-9]{4}")


def fits(value: str) -> bool:
    return ANTHEM_GROUP.fullmatch(value) is not None


def drawn(text: str, font_path: str, size: int = 28) -> tuple[np.ndarray, Box]:
    """A grey card strip with ``text`` printed on it, and the text's box."""
    font = ImageFont.truetype(font_path, size)
    image = Image.new("L", (600, 80), 245)
    draw = ImageDraw.Draw(image)
    draw.text((30, 20), text, fill=20, font=font)
    left, top, right, bottom = draw.textbbox((30, 20), text, font=font)
    return np.asarray(image), Box(float(left), float(top), float(right), float(bottom))


@pytest.mark.parametrize("font", FONTS)
def test_a_round_capital_o_read_as_zero_is_contradicted(font: str) -> None:
    image, box = drawn("820731OY8S", font)
    evidence = glyphs.o_zero_evidence(image, box, "8207310Y8S", fits)
    assert evidence[6] == "O"
    assert glyphs.contradicted(image, box, "8207310Y8S", fits)
    assert not glyphs.contradicted(image, box, "820731OY8S", fits)
    assert glyphs.corrected(image, box, "8207310Y8S", fits) == "820731OY8S"
    assert glyphs.corrected(image, box, "820731OY8S", fits) is None


@pytest.mark.parametrize("font", FONTS)
def test_a_digit_zero_is_not_taken_for_the_letter(font: str) -> None:
    image, box = drawn("100867GL0K", font)
    evidence = glyphs.o_zero_evidence(image, box, "100867GL0K", fits)
    assert evidence[8] in ("0", "?")  # never "O"
    assert not glyphs.contradicted(image, box, "100867GL0K", fits)


def test_no_evidence_where_the_format_settles_it_or_the_ink_does_not_match() -> None:
    image, box = drawn("820731OY8S", FONTS[0])
    assert glyphs.o_zero_evidence(image, box, "820731AY8S", fits) == {}  # no O or 0 open
    assert glyphs.o_zero_evidence(image, box, "8207310Y8SX", lambda v: True) == {}  # 11 chars
    assert len(glyphs.ink_columns(image, box)) == 10


# 1, I and T by the shape of the glyph's top and foot. The drawn text is the truth; the
# "readings" are the misreadings Tesseract made of such print on the unseen-design suites.
SHAPE_FONTS = [
    "/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf",  # serif I with thin serifs
    "/usr/share/fonts/opentype/urw-base35/URWGothic-Book.otf",  # geometric T
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",  # slab I
    "/usr/share/fonts/opentype/urw-base35/P052-Roman.otf",
    "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]


@pytest.mark.parametrize("font", SHAPE_FONTS)
def test_a_t_read_as_one_is_put_right(font: str) -> None:
    image, box = drawn("T56409309", font, size=32)
    assert glyphs.one_letters_corrected(image, box, "156409309") == "T56409309"
    assert glyphs.one_letters_corrected(image, box, "T56409309") is None


@pytest.mark.parametrize("font", SHAPE_FONTS)
def test_a_t_read_as_seven_is_put_right(font: str) -> None:
    # d2222's 0115: Florida Blue's group T39191 read 739191 (both fit its format).
    image, box = drawn("T39191", font, size=32)
    assert glyphs.one_letters_corrected(image, box, "739191") == "T39191"
    # A printed 7 read 7 is never taken for a T.
    image, box = drawn("739191", font, size=32)
    assert glyphs.one_letters_corrected(image, box, "739191") is None


@pytest.mark.parametrize("font", [SHAPE_FONTS[0], SHAPE_FONTS[2], SHAPE_FONTS[3]])
def test_a_serif_i_read_as_one_is_put_right(font: str) -> None:
    image, box = drawn("I40179873", font, size=32)
    # The 1 inside the value is judged too, and never found to be a letter.
    evidence = glyphs.one_letter_evidence(image, box, "140179873")
    assert evidence[0] == "I" and evidence[3] in ("1", "?")
    assert glyphs.one_letters_corrected(image, box, "140179873") == "I40179873"


@pytest.mark.parametrize("font", SHAPE_FONTS)
@pytest.mark.parametrize("size", [18, 24, 32])
def test_a_printed_one_or_seven_is_never_taken_for_a_letter(font: str, size: int) -> None:
    for printed in ("140179873", "740179873"):
        image, box = drawn(printed, font, size=size)
        evidence = glyphs.shapes_at(image, box, printed, [0])
        assert evidence.get(0, "?") in ("1", "?"), (printed, evidence)
        assert glyphs.one_letters_corrected(image, box, printed) is None, printed


@pytest.mark.parametrize("font", [SHAPE_FONTS[0], SHAPE_FONTS[2], SHAPE_FONTS[3]])
def test_a_closer_reads_one_for_a_printed_serif_i_is_settled_by_its_shape(font: str) -> None:
    image, box = drawn("DI01374104", font, size=32)
    assert glyphs.one_letters_settled(image, box, "DI01374104", "D101374104")
    assert not glyphs.one_letters_settled(image, box, "DI01374104", "DI01374104")
    assert not glyphs.one_letters_settled(image, box, "DI01374104", "D101374184")  # 8 for 0
    ones, ones_box = drawn("D101374104", font, size=32)
    # A printed 1 read as I on the page: the shape says 1 (or nothing), never the page's I.
    assert not glyphs.one_letters_settled(ones, ones_box, "DI01374104", "D101374104")


@pytest.mark.parametrize("font", SHAPE_FONTS)
def test_a_closer_reads_extra_one_is_settled_by_the_glyph_count(font: str) -> None:
    image, box = drawn("YQH9990042", font, size=32)
    assert glyphs.extra_one_settled(image, box, "YQH9990042", "YQH9I990042")
    assert not glyphs.extra_one_settled(image, box, "YQH9990042", "YQH98990042")  # not thin
    assert not glyphs.extra_one_settled(image, box, "YQH9990042", "YQH9990042")
    # The print does have the extra 1 (the page lost it): one column more, no settling.
    more, more_box = drawn("YQH91990042", font, size=32)
    assert not glyphs.extra_one_settled(more, more_box, "YQH9990042", "YQH91990042")
    # Nor when that 1 is glued to the 9 before it (one column, too wide for one digit).
    glued, glued_box = drawn_glued("YQH9", "1", "990042", font)
    assert not glyphs.extra_one_settled(glued, glued_box, "YQH9990042", "YQH91990042")


@pytest.mark.parametrize("font", SHAPE_FONTS)
def test_an_extra_one_is_settled_when_letters_before_the_digits_run_together(font: str) -> None:
    """A bold serif ``EJR939091607`` whose J and R touch (one column for two letters): the
    digits, counted from the right, still leave no room for ``EJR9I39091607``'s I."""
    image, box = drawn_glued("EJ", "R", "939091607", font)
    assert glyphs.extra_one_settled(image, box, "EJR939091607", "EJR9I39091607")
    # The print does have a 1 there: one column more among the digits, no settling.
    more, more_box = drawn_glued("EJ", "R", "9139091607", font)
    assert not glyphs.extra_one_settled(more, more_box, "EJR939091607", "EJR9139091607")
    # Nor when the digits themselves run together where the 1 would be (too wide a column).
    glued, glued_box = drawn_glued("EJR9", "1", "39091607", font)
    assert not glyphs.extra_one_settled(glued, glued_box, "EJR939091607", "EJR9139091607")


def drawn_glued(before: str, glued: str, after: str, font_path: str, size: int = 32) -> tuple[
        np.ndarray, Box]:
    """``before``, then ``glued`` with its ink 5 px into the last glyph's, then ``after``;
    and the whole text's box."""
    font = ImageFont.truetype(font_path, size)
    image = Image.new("L", (700, 90), 245)
    draw = ImageDraw.Draw(image)
    draw.text((30, 20), before, fill=20, font=font)
    left, top, ink_right, _ = draw.textbbox((30, 20), before, font=font)
    x = ink_right - 5 - draw.textbbox((0, 20), glued, font=font)[0]
    draw.text((x, 20), glued, fill=20, font=font)
    x = draw.textbbox((x, 20), glued, font=font)[2] + 3
    draw.text((x, 20), after, fill=20, font=font)
    _, _, right, bottom = draw.textbbox((x, 20), after, font=font)
    return np.asarray(image), Box(float(left), float(top), float(right), float(bottom))


def test_a_plain_bar_says_nothing() -> None:
    # A sans-serif I is a bar, like the 1 of some geometric fonts: no correction either way.
    image, box = drawn("IW4725487", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", size=32)
    assert glyphs.one_letter_evidence(image, box, "IW4725487")[0] == "?"
    assert glyphs.one_letters_corrected(image, box, "1W4725487") is None


@pytest.mark.parametrize("font", SHAPE_FONTS)
def test_sevens_read_as_ones_are_told_from_printed_ones(font: str) -> None:
    image, box = drawn("77953450L", font, size=32)
    assert glyphs.sevens_read_as_ones(image, box, "77953450L", "17953450L")
    assert not glyphs.sevens_read_as_ones(image, box, "77953450L", "77953450L")
    assert not glyphs.sevens_read_as_ones(image, box, "77953450L", "17953450I")  # more differs
    ones, ones_box = drawn("17953450L", font, size=32)
    if glyphs.shapes_at(ones, ones_box, "17953450L", [0]) == {0: "1"}:
        # A printed 1 read as 7 on the page: the closer reading's 1 is no habit.
        assert not glyphs.sevens_read_as_ones(ones, ones_box, "77953450L", "17953450L")


def drawn_touching(prefix: str, rest: str, font_path: str, size: int = 30) -> tuple[
        np.ndarray, Box]:
    """``prefix`` printed with its letters touching (kerned into one another), then
    ``rest``; and the whole text's box."""
    font = ImageFont.truetype(font_path, size)
    image = Image.new("L", (700, 90), 245)
    draw = ImageDraw.Draw(image)
    x = 30.0
    for ch in prefix:
        draw.text((x, 20), ch, fill=20, font=font)
        x += draw.textlength(ch, font=font) - 7  # the next letter's ink meets this one's
    draw.text((x + 9, 20), rest, fill=20, font=font)
    left, top, _, _ = draw.textbbox((30, 20), prefix, font=font)
    _, _, right, bottom = draw.textbbox((x + 9, 20), rest, font=font)
    return np.asarray(image), Box(float(left), float(top), float(right), float(bottom))


def test_touching_prefix_letters_leave_the_digits_judged() -> None:
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    image, box = drawn_touching("MH", "03055103", font)
    assert len(glyphs.ink_columns(image, box)) == 9  # M and H are one column
    anything = lambda v: True  # noqa: E731 - no format: O and 0 open everywhere
    assert glyphs.corrected(image, box, "MHO3055103", anything) == "MH03055103"
    assert glyphs.corrected(image, box, "MH03055103", anything) is None


# Zeros that a font marks with a dot inside (Liberation Mono, DejaVu Sans Mono): in a
# monospaced font O and 0 are as wide as each other, and only the mark tells them apart.
MARKED_ZERO_FONTS = [
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
]


@pytest.mark.parametrize("font", MARKED_ZERO_FONTS)
def test_a_marked_zero_is_a_zero_and_an_unmarked_o_beside_marked_zeros_a_letter(
        font: str) -> None:
    anything = lambda v: True  # noqa: E731 - no format: O and 0 open everywhere
    image, box = drawn("OMS00099999", font)
    assert glyphs.corrected(image, box, "0MS00099999", anything) == "OMS00099999"
    assert glyphs.corrected(image, box, "OMS00099999", anything) is None
    image, box = drawn("PV0009999", font)
    assert glyphs.corrected(image, box, "PVOOO9999", anything) == "PV0009999"


@pytest.mark.parametrize("font", MARKED_ZERO_FONTS + FONTS)
def test_no_letter_o_shows_ink_inside(font: str) -> None:
    image, box = drawn("OQDO", font)
    columns = glyphs.ink_columns(image, box)
    assert len(columns) == 4
    ink = 255 - image[int(box.top) - 2 : int(box.bottom) + 3]
    mask = ((ink > 127) * 255).astype(np.uint8)
    assert not any(glyphs.inner_ink(mask[:, left:right]) for left, right in columns)


def test_light_print_on_a_dark_band_is_measured_like_dark_print() -> None:
    image, box = drawn("PXR00099999", FONTS[1])
    columns = glyphs.ink_columns(255 - image, box)
    assert len(columns) == 11
    anything = lambda v: True  # noqa: E731
    assert glyphs.corrected(255 - image, box, "PXRO0099999", anything) == "PXR00099999"


def ring_glyphs(widths: list[int], height: int = 26, gap: int = 4) -> tuple[np.ndarray, Box]:
    """A strip of round glyphs (ellipse outlines, empty counters) of the given ink widths
    (pixels), ``gap`` apart, and their box."""
    image = Image.new("L", (40 + sum(widths) + gap * len(widths), 80), 245)
    draw = ImageDraw.Draw(image)
    x = 20
    for w in widths:
        draw.ellipse((x, 20, x + w - 1, 20 + height - 1), outline=20, width=3)
        x += w + gap
    return np.asarray(image), Box(20.0, 20.0, float(x - gap), float(20 + height))


def test_a_round_glyph_wider_than_the_values_zeros_is_an_o() -> None:
    # 13535's 0294: SO2137603 read S02137603; the O 19 px, under 1.12 of the widest digit
    # (the 2, 17 px) but 1.27 of the 0 of 603 (15 px).
    image, box = ring_glyphs([17, 19, 17, 9, 15, 16, 15, 15, 15])
    evidence = glyphs.o_zero_evidence(image, box, "S02137603", lambda v: True)
    assert evidence == {1: "O", 7: "0"}
    assert glyphs.corrected(image, box, "S02137603", lambda v: True) == "SO2137603"
    # As wide as the zero among digits: a 0 (or undecided), never the letter.
    image, box = ring_glyphs([17, 16, 17, 9, 15, 16, 15, 15, 15])
    assert glyphs.o_zero_evidence(image, box, "S02137603", lambda v: True)[1] != "O"
    # No zero among digits to measure it by: undecided, as before.
    image, box = ring_glyphs([17, 19, 17, 9, 15, 16, 15, 15, 15])
    assert glyphs.o_zero_evidence(image, box, "S02137693", lambda v: True) == {1: "?"}


def test_an_opening_round_glyph_is_measured_against_digits_touching_glyphs_leave_unplaced(
) -> None:
    # 15151's 0195: O84523685 blurred, read 084523685 at 0.97; its 84 and 68 touch, so
    # seven ink columns for nine characters: the O 20 px, its lone digits 14 px.
    image, box = ring_glyphs([20, 31, 14, 14, 14, 30, 14])
    assert glyphs.o_zero_evidence(image, box, "084523685", lambda v: True) == {0: "O"}
    # As wide as its digits: a 0.
    image, box = ring_glyphs([14, 31, 14, 14, 14, 30, 14])
    assert glyphs.o_zero_evidence(image, box, "084523685", lambda v: True) == {0: "0"}
    # Another 0 among the digits (which a Q read 0 might be): unmeasured, as before.
    image, box = ring_glyphs([20, 31, 14, 14, 14, 30, 14])
    assert glyphs.o_zero_evidence(image, box, "084523605", lambda v: True) == {0: "?"}


def test_a_zero_beside_a_letter_is_settled_by_a_run_of_zeros_of_its_width() -> None:
    # A sample card's mock WLE00099999, read alike by both engines: the 0 after the E is
    # as wide as the two zeros after it, where a proportional face's O is a sixth wider.
    digits = [15] * 8
    image, box = ring_glyphs([22, 12, 16, *digits])
    assert glyphs.zero_run_settled(image, box, "WLE00099999", [3])
    # The letter O before two zeros: wider than they are.
    image, box = ring_glyphs([22, 12, 16, 19, *digits[1:]])
    assert not glyphs.zero_run_settled(image, box, "WLE00099999", [3])
    # A monospaced print (letters at the digits' pitch): its O is a 0's width.
    image, box = ring_glyphs([15] * 11)
    assert not glyphs.zero_run_settled(image, box, "WLE00099999", [3])
    # A lone 0 after the letters: nothing of its own to measure it by.
    image, box = ring_glyphs([22, 12, 16, *digits])
    assert not glyphs.zero_run_settled(image, box, "WLE09999999", [3])


@pytest.mark.parametrize("font", FONTS)
def test_a_frames_sides_at_a_values_ends_stand_off_its_line(font: str) -> None:
    # 13636's 0177: 079646 in a dashed frame, its upright sides read as 1s at both ends,
    # one half a glyph below the digits, the other half a glyph above.
    image, box = drawn("079646", font)
    assert not glyphs.end_off_line(image, box, "079646")
    framed = Image.fromarray(image.copy())
    draw = ImageDraw.Draw(framed)
    h = box.bottom - box.top
    draw.rectangle((box.left - 10, box.top + 0.5 * h, box.left - 7, box.bottom + 0.5 * h), fill=20)
    draw.rectangle((box.right + 7, box.top - 0.5 * h, box.right + 10, box.bottom - 0.5 * h),
                   fill=20)
    wide = Box(box.left - 12, box.top, box.right + 12, box.bottom)
    assert glyphs.end_off_line(np.asarray(framed), wide, "10796461")
    # Print on its line with a descender at an end is no frame: a J's, a Q's tail.
    for value in ("28775007J", "RGQ4411Q"):
        image, box = drawn(value, font)
        assert not glyphs.end_off_line(image, box, value)


def test_wide_letters_read_as_zeros_are_no_digit_width() -> None:
    # QQ0000999999 read 000000999999: the reading's other "zeros" are no measure of a
    # digit's width when one of them is as wide as the Q in question.
    image, box = drawn("QQ0000999999", "/usr/share/fonts/truetype/freefont/FreeMono.ttf")
    evidence = glyphs.o_zero_evidence(image, box, "000000999999", lambda v: True)
    assert evidence[0] == evidence[1] == "O"
    assert all(evidence[i] != "O" for i in range(2, 6))


def test_a_serif_one_among_digits_is_not_put_to_a_letter() -> None:
    from pipeline.process import lone_letter_among_digits
    assert lone_letter_among_digits("09616158303", "09616I58303")  # a shape's I among digits
    assert not lone_letter_among_digits("156409309", "T56409309")  # a prefix letter
    assert not lone_letter_among_digits("UK1577511856", "UKI577511856")  # ends a letter run
    # 13737's 0162: two bare bars opening the ID put right together are a prefix's II.
    assert not lone_letter_among_digits("115426161587", "II5426161587")
    assert lone_letter_among_digits("115426161587", "1I5426161587")


def test_a_bold_fonts_zeros_wider_than_its_other_digits_stay_zeros() -> None:
    # (drawn in a face whose zeros are 13% wider than its 2s, 3s, 6s and 7s)
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed-Bold.ttf"
    image, box = drawn("76-226030", font, 30)
    assert glyphs.corrected(image, box, "76-226030", lambda v: True) is None


@pytest.mark.parametrize("font", FONTS + MARKED_ZERO_FONTS)
def test_a_word_space_after_a_value_is_told_from_its_lost_end_and_a_hyphen(font: str) -> None:
    # The value's box covers "813913853"; what a closer read continued it with follows.
    for text, spaced in (("813913853    30", True), ("81391385330", False),
                         ("813913853 - 30", False)):
        image, whole = drawn(text, font)
        _, value = drawn("813913853", font)
        assert glyphs.space_after(image, value, whole.right) is spaced, text


SERIF_FONTS = [
    *FONTS,
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
]


@pytest.mark.parametrize("font", FONTS)
def test_a_dashed_frames_sides_beside_a_value_are_no_glyphs_of_it(font: str) -> None:
    # Fresh 14444's 0180, a web-small Regence card: 'XTZ177854312 03' in a dashed frame,
    # its sides 3 px bars at both ends of the print; both engines read 'XTZ17785431203'.
    def framed(text: str) -> tuple[np.ndarray, Box]:
        image, box = drawn(text, font)
        image = image.copy()
        for x in (int(box.left) - 8, int(box.right) + 6):
            image[int(box.top):int(box.bottom), x:x + 2] = 20
        return image, Box(box.left - 8, box.top, box.right + 8, box.bottom)

    assert glyphs.space_before_last(*framed("XTZ177854312 03"), "XTZ17785431203", 2)
    # The same digits printed on: the frame makes no space.
    assert not glyphs.space_before_last(*framed("XTZ17785431203"), "XTZ17785431203", 2)


@pytest.mark.parametrize("font", SERIF_FONTS)
def test_a_suffix_after_a_word_space_is_told_from_the_ids_last_digits(font: str) -> None:
    # OCR read '307033220 99' as one word; the print shows the space.
    image, box = drawn("307033220 99", font)
    assert glyphs.space_before_last(image, box, "30703322099", 2)
    image, box = drawn("30703322099", font)
    assert not glyphs.space_before_last(image, box, "30703322099", 2)
    image, box = drawn("3070332 2099", font)  # a space elsewhere: no suffix
    assert not glyphs.space_before_last(image, box, "30703322099", 2)


def drawn_tabular(words: Sequence[str], font_path: str, space: float,
                  size: int = 28) -> tuple[np.ndarray, Box]:
    """``words`` printed with each digit centred in a cell as wide as a ``0`` (tabular
    figures: a 1's ink leaves wide gaps at the digits' pitch), ``space`` cells between
    words; and the whole text's box."""
    font = ImageFont.truetype(font_path, size)
    image = Image.new("L", (700, 90), 245)
    draw = ImageDraw.Draw(image)
    cell = draw.textlength("0", font=font)
    x = 30.0
    for word in words:
        for ch in word:
            width = cell if ch.isdigit() else draw.textlength(ch, font=font)
            draw.text((x + (width - draw.textlength(ch, font=font)) / 2, 20), ch, fill=20,
                      font=font)
            x += width
        x += space * cell
    ink = np.asarray(image) < 128
    rows, cols = np.nonzero(ink)
    return np.asarray(image), Box(float(cols.min()), float(rows.min()),
                                  float(cols.max() + 1), float(rows.max() + 1))


ROMAN = "/usr/share/fonts/opentype/urw-base35/NimbusRoman-Regular.otf"


NARROW_SANS = "/usr/share/fonts/opentype/urw-base35/NimbusSansNarrow-Regular.otf"


@pytest.mark.parametrize(("font", "suffixed", "apart_elsewhere", "space"), [
    # 7878's 0246: 'JAR000099999 01' read as one word; its 1's ink gaps, wide at the
    # digits' pitch, are no letter spacing to measure the space against.
    (ROMAN, ("JAR000099999", "01"), ("JAR0000999", "9901"), 0.5),
    # 8686's 0273 (a two-page PDF): 'MRN 129177910 03' read as one word. Four 1s' ink gaps
    # put the median gap near the space; the other glyphs' spacing shows it.
    (NARROW_SANS, ("129177910", "03"), ("1291779", "1003"), 0.4),
])
def test_a_suffix_beside_narrow_ones_is_told_after_a_word_space(
        font: str, suffixed: tuple[str, str], apart_elsewhere: tuple[str, str],
        space: float) -> None:
    value = "".join(suffixed)
    image, box = drawn_tabular(list(suffixed), font, space=space, size=24)
    assert glyphs.space_before_last(image, box, value, 2)
    image, box = drawn_tabular([value], font, space=0, size=24)
    assert not glyphs.space_before_last(image, box, value, 2)
    image, box = drawn_tabular(list(apart_elsewhere), font, space=space, size=24)
    assert not glyphs.space_before_last(image, box, value, 2)


def test_ones_at_the_values_pitch_are_no_space() -> None:
    image, box = drawn_tabular(["36058946113"], ROMAN, space=0, size=24)  # 4242's 0383
    assert not glyphs.space_before_last(image, box, "36058946113", 2)


def drawn_with_first(text: str, first: int, font_path: str, size: int = 28) -> tuple[
        np.ndarray, Box, float]:
    """``text`` printed as :func:`drawn` does, the box of its first ``first`` characters'
    print, and the x where the whole print ends."""
    image, whole = drawn(text, font_path, size)
    font = ImageFont.truetype(font_path, size)
    draw = ImageDraw.Draw(Image.new("L", (600, 80), 245))
    left, top, right, bottom = draw.textbbox((30, 20), text[:first], font=font)
    return image, Box(float(left), float(top), float(right), float(bottom)), whole.right


@pytest.mark.parametrize("font", SERIF_FONTS)
def test_a_suffix_past_the_ids_pitch_is_told_from_its_split_off_end(font: str) -> None:
    # 7878's 0046: 'IQK080379495 00', the second engine's 'IQK08037949500'; 3333's 0024:
    # 'XH9937299178' that Tesseract split 'XH99372991' '78', the narrow 1's gap wide.
    image, box, end = drawn_with_first("IQK080379495 00", 12, font)
    assert glyphs.spaced_past_pitch(image, box, end)
    image, box, end = drawn_with_first("XH9937299178", 10, font)
    assert not glyphs.spaced_past_pitch(image, box, end)


@pytest.mark.parametrize("font", SERIF_FONTS)
def test_an_ids_last_digits_at_its_pitch_are_no_suffix(font: str) -> None:
    # 3333's 0024: 'XH9937299178' read 'XH99372991' '78'; the 1 before the 78 is narrow,
    # its ink gap wide, but the step between centres is the value's.
    image, box = drawn("XH9937299178", font)
    assert glyphs.no_space_before_last(image, box, "XH9937299178", 2)
    image, box = drawn("XH99372991 78", font)  # a suffix after a space
    assert not glyphs.no_space_before_last(image, box, "XH9937299178", 2)


def test_a_wide_letter_beside_touching_glyphs_leaves_the_end_matched() -> None:
    # 14949's 0165: Aetna's 'W371681511 01' blurred: the W 24 px wide, '68' touching in one
    # column of 26 px, the other glyphs 9-14 px: eleven columns for twelve characters.
    columns = [(210, 234), (236, 247), (250, 262), (265, 274), (276, 302), (305, 315),
               (318, 329), (333, 343), (347, 356), (363, 377), (381, 390)]
    matched = glyphs.matched_columns(columns, range(12))
    assert matched[11] == (381, 390) and matched[9] == (347, 356) and matched[6] == (305, 315)
    assert 5 not in matched and 4 not in matched  # left of the touching pair: unknown
    # More glyphs missing than the wide columns can hold: no match.
    assert glyphs.matched_columns(columns, range(14)) == {}


def test_a_first_column_of_touching_glyphs_is_no_first_characters_width() -> None:
    # Fresh range 8888 0168: UnitedHealthcare's group 044666 in a bold serif, '044'
    # touching: one column 41 px wide, the 6s 13 px each. Its width is no O's.
    columns = [(200, 241), (243, 256), (257, 269), (271, 284)]
    matched = glyphs.matched_columns(columns, [0, 1, 2, 3, 4, 5])
    assert 0 not in matched and matched[5] == (271, 284)
    # A first glyph of its own keeps its column (a prefix's letters touching at the end).
    assert glyphs.matched_columns([(0, 12), (14, 26), (28, 60)], [0, 1, 2, 3, 4])[0] == (0, 12)


@pytest.mark.parametrize("font", [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
])
def test_a_plain_bar_beside_the_fonts_flagged_ones_is_an_i(font: str) -> None:
    # A sans-serif I is a bar; this font's 1 has a flag, shown by the value's own 1s.
    image, box = drawn("IAL8016510026", font, size=32)
    assert glyphs.one_letter_evidence(image, box, "1AL8016510026")[0] == "I"
    assert glyphs.one_letters_corrected(image, box, "1AL8016510026") == "IAL8016510026"
    # The printed 1 before the letters has its flag: never a letter.
    ones, ones_box = drawn("1AL8016510026", font, size=32)
    assert glyphs.one_letters_corrected(ones, ones_box, "1AL8016510026") is None


COUNTER_FONTS = [
    "/usr/share/fonts/truetype/roboto/unhinted/RobotoCondensed-Regular.ttf",
    "/usr/share/fonts/truetype/open-sans/OpenSans-CondLight.ttf",
    "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
]


@pytest.mark.parametrize("font", COUNTER_FONTS)
@pytest.mark.parametrize("size", [28, 34])
def test_a_g_read_as_six_is_told_by_its_open_counter(font: str, size: int) -> None:
    # Tesseract's habit on a condensed sans: G484685 read 6484685 (fresh range 6666).
    image, box = drawn("G484685", font, size)
    assert glyphs.g_six_evidence(image, box, "6484685", lambda v: True) == {0: "G"}
    assert glyphs.g_six_corrected(image, box, "6484685", lambda v: True) == "G484685"
    assert glyphs.g_six_corrected(image, box, "G484685", lambda v: True) is None
    # Printed 6s keep their closed bowls: never a letter.
    sixes, sixes_box = drawn("6484685", font, size)
    assert glyphs.g_six_corrected(sixes, sixes_box, "6484685", lambda v: True) is None
    # A G among digits read 6 after them, and a 6 read G, are put right too.
    mixed, mixed_box = drawn("68G0961", font, size)
    assert glyphs.g_six_corrected(mixed, mixed_box, "6860961", lambda v: True) == "68G0961"
    assert glyphs.g_six_corrected(mixed, mixed_box, "G8G0961", lambda v: True) == "68G0961"


def test_g_or_six_is_not_judged_where_the_format_or_the_print_cannot_tell() -> None:
    image, box = drawn("G484685", COUNTER_FONTS[0], 28)
    # The format takes only a digit there: nothing to settle.
    assert glyphs.g_six_evidence(image, box, "6484685", str.isdigit) == {}
    # Glyphs run together by a blur: no ink to match to each character.
    blurred = cv2.dilate(255 - image, np.ones((3, 3), np.uint8))
    assert glyphs.g_six_evidence(255 - blurred, box, "6484685", lambda v: True) == {}
    # A bold G's neck between bar and stem closes when its ink grows a pixel: undecided,
    # as a 6 worn open would be.
    bold, bold_box = drawn("G484685", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 28)
    assert glyphs.g_six_evidence(bold, bold_box, "6484685", lambda v: True) == {0: "?"}
    # No other 0, 6, 8 or 9 shows that this print keeps its counters open.
    plain, plain_box = drawn("G414757", COUNTER_FONTS[0], 28)
    assert glyphs.g_six_evidence(plain, plain_box, "6414757", lambda v: True) == {}


def test_a_bar_with_hairline_serifs_beside_the_fonts_flagged_one_is_an_i() -> None:
    # A bold serif I at small print: one pixel of serif beside a 4-pixel stem (fresh range
    # 6666's IH7518478, read 1H7518478 on the ID and its Rx copy alike); the value's 1
    # shows the font's flag.
    font = "/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf"
    image, box = drawn("IH7518478", font, size=20)
    assert glyphs.one_letter_evidence(image, box, "1H7518478")[0] == "I"
    assert glyphs.one_letters_corrected(image, box, "1H7518478") == "IH7518478"
    ones, ones_box = drawn("1H7518478", font, size=20)
    assert glyphs.one_letters_corrected(ones, ones_box, "1H7518478") is None


def drawn_prefix(text: str, n: int, font_path: str, size: int = 28) -> tuple[np.ndarray, Box]:
    """A strip with ``text`` printed on it, and the box of its first ``n`` characters: a
    value whose reading lost the rest."""
    font = ImageFont.truetype(font_path, size)
    image = Image.new("L", (600, 80), 245)
    draw = ImageDraw.Draw(image)
    draw.text((30, 20), text, fill=20, font=font)
    left, top, right, bottom = draw.textbbox((30, 20), text[:n], font=font)
    return np.asarray(image), Box(float(left), float(top), float(right), float(bottom))


@pytest.mark.parametrize("font", COUNTER_FONTS[:3])
def test_a_glyph_right_after_a_values_box_is_print_its_reading_lost(font: str) -> None:
    # W892674077 read W89267407: the print goes on at letter spacing.
    image, box = drawn_prefix("W892674077", 9, font)
    assert glyphs.glyph_after(image, box) is not None
    whole, whole_box = drawn_prefix("W892674077", 10, font)
    assert glyphs.glyph_after(whole, whole_box) is None
    # A suffix after a hyphen, and a word after a word space, are no lost end.
    hyphen, hyphen_box = drawn_prefix("OSC1750317-01", 10, font)
    assert glyphs.glyph_after(hyphen, hyphen_box) is None
    spaced, spaced_box = drawn_prefix("W89267407   Grp", 9, font)
    assert glyphs.glyph_after(spaced, spaced_box) is None
    # An arrow's head drawn against the value's end is wider than any glyph.
    arrow = Image.fromarray(whole.copy())
    h = whole_box.height
    ImageDraw.Draw(arrow).polygon(
        [(whole_box.right + 3, whole_box.top + h / 2), (whole_box.right + 3 + 2.5 * h,
         whole_box.top), (whole_box.right + 3 + 2.5 * h, whole_box.bottom)], fill=20)
    assert glyphs.glyph_after(np.asarray(arrow), whole_box) is None


PREMERA_ID = re.compile(r"[A-Z]{3}\d{8,12}")
TAIL_FONTS = [
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "/usr/share/fonts/opentype/urw-base35/P052-Roman.otf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
]


def premera_fits(value: str) -> bool:
    return PREMERA_ID.fullmatch(value) is not None


@pytest.mark.parametrize("font", TAIL_FONTS)
@pytest.mark.parametrize("size", [22, 32])
def test_a_q_read_as_o_is_told_by_its_tail(font: str, size: int) -> None:
    image, box = drawn("QYY0120454802", font, size=size)
    assert glyphs.q_corrected(image, box, "OYY0120454802", premera_fits) == "QYY0120454802"
    image, box = drawn("WQN6241359029", font, size=size)
    assert glyphs.q_corrected(image, box, "WON6241359029", premera_fits) == "WQN6241359029"
    # Two Qs side by side leave the baseline where the other glyphs sit (or, their tails
    # touching, make one column: no evidence, never one Q of the two).
    image, box = drawn("QQ0000999999", font, size=size)
    assert glyphs.q_corrected(image, box, "OO0000999999", lambda v: True) in (
        "QQ0000999999", None)
    assert glyphs.q_tail_doubt(image, box, "OO0000999999", lambda v: True)


@pytest.mark.parametrize("font", TAIL_FONTS)
def test_a_closer_reads_o_for_a_tailed_q_is_settled(font: str) -> None:
    image, box = drawn("QNW625247023", font, size=28)
    # Settled where the ink can be matched to the characters (a serif Q and N touch: not).
    matched = bool(glyphs.tailed(image, box, "QNW625247023"))
    assert glyphs.q_settled(image, box, "QNW625247023", "ONW625247023") == matched
    assert glyphs.q_settled(image, box, "QNW625247023", "0NW625247023") == matched
    assert not glyphs.q_settled(image, box, "QNW625247023", "ONW625247028")  # and an 8
    assert not glyphs.q_settled(image, box, "QNW625247023", "QNW625247023")
    # A printed O read Q on the page: no tail, so a closer reading's O stands as a rival.
    plain, plain_box = drawn("ONW625247023", font, size=28)
    assert not glyphs.q_settled(plain, plain_box, "QNW625247023", "ONW625247023")


@pytest.mark.parametrize("font", TAIL_FONTS)
def test_a_closer_reads_q_for_a_tailless_zero_is_settled(font: str) -> None:
    # Fresh 10909's 0255: 'T00099999' read 'TQ0099999' once, closer: no rival where no
    # glyph shows a tail.
    image, box = drawn("T00099999", font, size=28)
    matched = bool(glyphs.tailed(image, box, "T00099999"))
    assert glyphs.q_unsettled(image, box, "T00099999", "TQ0099999") == matched
    assert not glyphs.q_unsettled(image, box, "T00099999", "TQ0099998")  # and an 8
    # A printed Q the page read 0: its tail shows, the closer reading's Q stands.
    tailed, tailed_box = drawn("TQ0099999", font, size=28)
    assert not glyphs.q_unsettled(tailed, tailed_box, "T00099999", "TQ0099999")


@pytest.mark.parametrize("font", TAIL_FONTS)
def test_a_printed_o_or_a_js_tail_is_no_q(font: str) -> None:
    image, box = drawn("OYY0120454802", font, size=28)
    assert glyphs.q_corrected(image, box, "OYY0120454802", premera_fits) is None
    assert not glyphs.q_tail_doubt(image, box, "OYY0120454802", premera_fits)
    image, box = drawn("JOD0120454802", font, size=28)  # a J may drop below the line
    assert glyphs.q_corrected(image, box, "JOD0120454802", premera_fits) is None
    assert not glyphs.q_tail_doubt(image, box, "JOD0120454802", premera_fits)


def test_a_tail_that_cannot_be_matched_to_a_character_makes_an_o_doubtful() -> None:
    image, box = drawn("WQN6241359029", TAIL_FONTS[0], size=28)
    # A reading one character short: no column is matched, but the tail is seen.
    assert glyphs.tailed(image, box, "WON624135902") == {}
    assert glyphs.q_tail_doubt(image, box, "WON624135902", lambda v: True)
    assert not glyphs.q_tail_doubt(image, box, "WQN624135902", lambda v: True)


@pytest.mark.parametrize("font", [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
])
@pytest.mark.parametrize("size", [24, 32])
def test_a_j_read_as_one_or_i_is_told_by_its_hook(font: str, size: int) -> None:
    image, box = drawn("UKJ577511856", font, size=size)
    assert glyphs.one_letters_corrected(image, box, "UK1577511856") == "UKJ577511856"
    assert glyphs.one_letters_corrected(image, box, "UKI577511856") == "UKJ577511856"
    # The value's printed 1s (feet to both sides, or none) are never a J.
    ones, ones_box = drawn("UK1577511856", font, size=size)
    assert glyphs.one_letters_corrected(ones, ones_box, "UK1577511856") is None


def test_a_j_shape_counts_only_beside_the_fonts_own_one() -> None:
    # A bold italic serif 1 leans on its foot like a J's hook: every 1 of the value then
    # looks alike, and none is taken for a letter.
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed-BoldItalic.ttf"
    image, box = drawn("K17117717", font, size=24)
    assert "J" not in glyphs.one_letter_evidence(image, box, "K17117717").values()


def test_specks_under_the_line_and_the_cards_edge_are_no_tail() -> None:
    image, box = drawn("YOH523169510", TAIL_FONTS[3], size=28)
    image = image.copy()
    image[int(box.bottom) - 3 : int(box.bottom) - 1, int(box.left) + 60 : int(box.left) + 62] = 20
    image[int(box.bottom) + 2 : int(box.bottom) + 4, int(box.left) + 20 : int(box.left) + 22] = 20
    image[:, int(box.left) - 12 : int(box.left) - 4] = 20  # the card's dark edge
    wide = Box(box.left - 14, box.top, box.right, box.bottom)
    assert not any(glyphs.tail_columns(image, wide))
    assert not glyphs.q_tail_doubt(image, wide, "YOH523169510", lambda v: True)


def test_a_small_label_boxed_with_its_value_is_a_line_of_its_own() -> None:
    # A stacked card: 'ID#' in small capitals just above its value, one box for both.
    image = Image.new("L", (400, 120), 235)
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(FONTS[0], 12)
    big = ImageFont.truetype(FONTS[1], 26)
    draw.text((20, 20), "ID#", fill=20, font=small)
    draw.text((20, 40), "541254276", fill=20, font=big)
    label = draw.textbbox((20, 20), "ID#", font=small)
    value = draw.textbbox((20, 40), "541254276", font=big)
    both = Box(float(value[0]), float(label[1]), float(value[2]), float(value[3]))
    rows = glyphs.text_rows(np.asarray(image), both)
    assert len(rows) == 2
    assert abs(rows[0][0] - label[1]) <= 1 and abs(rows[0][1] - label[3]) <= 1
    assert abs(rows[1][0] - value[1]) <= 1 and abs(rows[1][1] - value[3]) <= 1
    alone = Box(float(value[0]), float(value[1]), float(value[2]), float(value[3]))
    assert len(glyphs.text_rows(np.asarray(image), alone)) == 1
    # A box grazing the line above (a pixel row of its descenders) holds one line.
    draw.line((value[0], value[1] - 6, value[2], value[1] - 6), fill=20)
    grazing = Box(float(value[0]), float(value[1] - 7), float(value[2]), float(value[3]))
    assert len(glyphs.text_rows(np.asarray(image), grazing)) == 1


@pytest.mark.parametrize("font", FONTS)
def test_a_reading_past_the_last_printed_glyph_ran_on_past_the_value(font: str) -> None:
    image, box = drawn("4273807", font)
    assert glyphs.nothing_printed_after(image, box, "4273807", box.right + 150)
    # The page lost the value's end inside its box (a glyph more than its characters).
    assert not glyphs.nothing_printed_after(image, box, "427380", box.right + 150)
    # A glyph printed after the value on its row: what a reading ran on into is print.
    more, more_box = drawn("4273807  C", font)
    cut = Box(more_box.left, more_box.top, box.right, more_box.bottom)
    assert not glyphs.nothing_printed_after(more, cut, "4273807", more_box.right + 5)


@pytest.mark.parametrize("font", FONTS)
def test_a_reading_one_printed_glyph_short_lost_it(font: str) -> None:
    image, box = drawn("023570", font)
    assert glyphs.glyph_lost(image, box, "023570", "02357")  # the last 0 lost
    assert glyphs.glyph_lost(image, box, "023570", "02570")  # one inside
    assert not glyphs.glyph_lost(image, box, "023570", "023576")  # another value
    assert not glyphs.glyph_lost(image, box, "023570", "0235")  # two short
    # The print has no glyph for the page's last character: the shorter reading may be right.
    short, short_box = drawn("02357", font)
    assert not glyphs.glyph_lost(short, short_box, "023570", "02357")


@pytest.mark.parametrize("font", FONTS)
def test_a_reading_one_glyph_more_than_printed_made_it_up(font: str) -> None:
    image, box = drawn("ZD0099", font)
    assert glyphs.glyph_added(image, box, "ZD0099", "ZDO0099")  # an O made up
    assert not glyphs.glyph_added(image, box, "ZD0099", "ZD0O99")  # another value
    assert not glyphs.glyph_added(image, box, "ZD0099", "ZD00")  # shorter
    assert not glyphs.glyph_added(image, box, "ZD0099", "1ZD0099")  # at an end: not judged
    # The print has the reading's glyph too (the page's value lost it): no made-up glyph.
    more, more_box = drawn("ZDO0099", font)
    assert not glyphs.glyph_added(more, more_box, "ZD0099", "ZDO0099")


@pytest.mark.parametrize("font", FONTS[:2])  # Liberation Sans Bold's 7s touch: no count
def test_a_reading_one_glyph_more_and_one_otherwise_made_it_up_where_asked(font: str) -> None:
    # 9595's 0020: 1768064771 read 1768064774 on the page and 17638064771 closer.
    image, box = drawn("1768064771", font)
    assert glyphs.glyph_added(image, box, "1768064774", "17638064771", misread=1)
    assert not glyphs.glyph_added(image, box, "1768064774", "17638064771")  # strict
    assert not glyphs.glyph_added(image, box, "1768064774", "17638064711", misread=1)
    # The print has eleven glyphs: the longer reading may be right.
    more, more_box = drawn("17638064771", font)
    assert not glyphs.glyph_added(more, more_box, "1768064774", "17638064771", misread=1)


def test_a_glyph_for_each_character_is_counted_on_the_print() -> None:
    image, box = drawn("70367974", FONTS[0])
    assert glyphs.glyph_each(image, box, "70367974")
    assert not glyphs.glyph_each(image, box, "7036797")
    assert not glyphs.glyph_each(image, box, "703679745")


@pytest.mark.parametrize("font", MARKED_ZERO_FONTS)
def test_a_bare_round_glyph_beside_one_marked_zero_is_doubted(font: str) -> None:
    anything = lambda v: True  # noqa: E731 - no format: O and 0 open everywhere
    image, box = drawn("O04692596", font)
    # One marked zero is too little to correct the bare glyph, enough to doubt its 0.
    assert glyphs.corrected(image, box, "004692596", anything) is None
    assert glyphs.unmarked_zero(image, box, "004692596", anything)
    # Printed zeros, all marked, are no doubt; nor where the format takes no O there.
    image, box = drawn("004692596", font)
    assert not glyphs.unmarked_zero(image, box, "004692596", anything)
    assert not glyphs.unmarked_zero(image, box, "004692596", lambda v: v.isdigit())
    # Among the digits after the prefix a bare round glyph is a zero that lost its dot.
    image, box = drawn("SV42291506O", font)
    assert not glyphs.unmarked_zero(image, box, "SV422915060", anything)
    image, box = drawn("SVO4229150", font)
    assert glyphs.unmarked_zero(image, box, "SV04229150", anything)
    # Beside a letter after the digits (9595's 0200: Anthem's group 804335OV2F, read with a
    # 0), a bare round glyph is doubted too; where it is a dotted zero, not.
    image, box = drawn("804335OV2F", font)
    assert glyphs.unmarked_zero(image, box, "8043350V2F", anything)
    image, box = drawn("8043350V2F", font)
    assert not glyphs.unmarked_zero(image, box, "8043350V2F", anything)


@pytest.mark.parametrize("font", FONTS)
def test_zeros_of_a_font_that_marks_none_are_no_doubt(font: str) -> None:
    image, box = drawn("O04692596", font)
    assert not glyphs.unmarked_zero(image, box, "004692596", lambda v: True)


@pytest.mark.parametrize("font", TAIL_FONTS)
def test_a_q_with_no_tail_is_doubted(font: str) -> None:
    image, box = drawn("7E02HQ9AA00", font, size=28)
    matched = bool(glyphs.tailed(image, box, "7EQ2HQ9AA00"))
    # The round glyph read Q shows no tail beside the printed Q's: doubted where the
    # glyphs can be matched.
    assert glyphs.q_untailed(image, box, "7EQ2HQ9AA00", lambda v: True) == matched
    # The printed Q with its tail is no doubt; nor a Q the format settles.
    assert not glyphs.q_untailed(image, box, "7E02HQ9AA00", lambda v: True)
    assert not glyphs.q_untailed(image, box, "7EQ2HQ9AA00", lambda v: "Q" in v[2])
    # Two printed Qs are no doubt, whichever of them the baseline's fit finds tailed.
    image, box = drawn("QUQ899173452", font, size=28)
    assert not glyphs.q_untailed(image, box, "QUQ899173452", lambda v: True)
    # A lone untailed Q says nothing: the font's Q may keep its tail on the line.
    image, box = drawn("7E02H09AA00", font, size=28)
    assert not glyphs.q_untailed(image, box, "7EQ2H09AA00", lambda v: True)


def test_a_suffix_after_a_word_space_is_found_when_the_prefix_letters_touch() -> None:
    # 3333's 0304: 'UU0009999 03' read 'UU000999903', its U and U one ink column.
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    image, box = drawn_touching("UU", "0009999 03", font)
    assert len(glyphs.ink_columns(image, box)) == 10
    assert glyphs.space_before_last(image, box, "UU000999903", 2)
    image, box = drawn_touching("UU", "000999903", font)
    assert not glyphs.space_before_last(image, box, "UU000999903", 2)


@pytest.mark.parametrize("font", FONTS)
def test_an_arrow_touching_a_values_end_is_no_character(font: str) -> None:
    # d1212 0234: an explainer's arrow touching '900706488', its head read as a 4.
    image, box = drawn("900706488", font)
    canvas = Image.fromarray(image.copy())
    draw = ImageDraw.Draw(canvas)
    mid = (box.top + box.bottom) / 2
    draw.line([(box.right - 2, mid), (box.right + 90, mid - 12)], fill=20, width=3)
    draw.polygon([(box.right - 2, mid), (box.right + 14, mid - 9), (box.right + 10, mid + 5)],
                 fill=20)
    marked = np.asarray(canvas)
    reading_box = Box(box.left, box.top, box.right + 60, box.bottom)
    assert glyphs.stroke_at_end(marked, reading_box, "9007064884")
    # The print alone, read whole, holds no stroke; nor two wide letters touching at its
    # start (one column, two characters).
    assert not glyphs.stroke_at_end(image, box, "900706488")
    image, box = drawn_touching("MW", "03055103", font)
    assert not glyphs.stroke_at_end(image, box, "MW03055103")
    bold = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"
    image, box = drawn_touching("WA", "2631", bold)  # d1111 0226's bold serif group
    assert not glyphs.stroke_at_end(image, box, "WA2631")


def test_remembered_columns_are_per_image_and_unshared() -> None:
    """The memo of ink columns answers for the very image it measured: another image with
    the same box is measured afresh, and a caller changing the list it got changes nothing
    later callers get."""
    box = Box(10, 10, 90, 40)
    one = np.full((50, 100), 255, np.uint8)
    cv2.rectangle(one, (20, 15), (30, 35), 0, -1)
    two = one.copy()
    cv2.rectangle(two, (50, 15), (60, 35), 0, -1)
    got = glyphs.ink_columns(one, box)
    assert got == [(20, 31)]
    got.append((0, 0))
    assert glyphs.ink_columns(one, box) == [(20, 31)]
    assert glyphs.ink_columns(two, box) == [(20, 31), (50, 61)]


@pytest.mark.parametrize("font", [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
])
def test_a_bare_bar_opening_a_value_read_as_one_is_doubted(font: str) -> None:
    # 9595's 0353: a sans I44603408 read 144603408 by both engines, no 1 beside it.
    image, box = drawn("I44603408", font, size=32)
    assert glyphs.bare_leading_one(image, box, "144603408", lambda v: True)
    # Not where the format wants a digit there.
    assert not glyphs.bare_leading_one(image, box, "144603408", str.isdigit)
    # A printed 1 keeps its flag: never doubted, alone or beside other 1s.
    for printed in ("144603408", "144613408"):
        ones, ones_box = drawn(printed, font, size=32)
        assert not glyphs.bare_leading_one(ones, ones_box, printed, lambda v: True), printed


@pytest.mark.parametrize("font", [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
])
def test_a_bare_bar_opening_the_digits_after_a_prefix_is_doubted(font: str) -> None:
    # 13939's 0096: a sans XI4923786 read X14923786, the I after the prefix's X.
    image, box = drawn("XI4923786", font, size=32)
    assert glyphs.bare_leading_one(image, box, "X14923786", lambda v: True)
    # A printed 1 there keeps its flag.
    ones, ones_box = drawn("X14923786", font, size=32)
    assert not glyphs.bare_leading_one(ones, ones_box, "X14923786", lambda v: True)
    # A bar further on is no opening digit's.
    assert not glyphs.bare_leading_one(image, box, "X41923786", lambda v: True)
    # Beside another 1 of the value, a prefix's bar is left to the 1s' shapes compared
    # (13939's 0260: a small bold G171954, its two 1s' flags a pixel apart).
    other, other_box = drawn("XI4913786", font, size=32)
    assert not glyphs.bare_leading_one(other, other_box, "X14913786", lambda v: True)


def test_a_pixel_beside_a_thin_bars_top_is_no_flag() -> None:
    # Fresh 10101's 0287: the sans I of 'I34157686' (a 3-pixel stem) read 1, with a pixel
    # the threshold took beside its top (0.33 stem widths); its 1's flag reaches 1.67.
    image, box = drawn("I34157686", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 28)
    left, right = glyphs.ink_columns(image, box)[0]
    assert right - left <= 4  # a thin stem
    rows = np.flatnonzero((image[:, left:right + 1] < 128).any(axis=1))
    image = image.copy()
    image[rows[1] : rows[1] + 3 : 2, right] = 20  # beside the top, one pixel out
    assert glyphs.plain_bars(image, box, "134157686", [0, 3]) == [0]
    assert glyphs.bare_leading_one(image, box, "134157686", lambda v: True)
    # A pixel left of the top is a small 1's flag (fresh 10404's 0128: '19597').
    image = image.copy()  # (the glyph checks remember an image's columns)
    image[rows[1] : rows[1] + 3 : 2, left - 1] = 20
    assert glyphs.plain_bars(image, box, "134157686", [0, 3]) == []


def test_a_serif_i_opening_a_value_is_no_bare_bar() -> None:
    # Its serifs are no flag, but no plain bar either: the shape test of one_letter_evidence
    # judges it (and corrects it).
    image, box = drawn("I44603408", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 32)
    assert not glyphs.bare_leading_one(image, box, "144603408", lambda v: True)


@pytest.mark.parametrize("font", FONTS)
def test_every_zero_half_again_a_nines_width_is_a_letter(font: str) -> None:
    # 8787's 0060: OO9768949 read 009768949 at 0.95; both round glyphs are wide, which in a
    # bold face may be its zeros (above), but no face's 0 is wider than its 6, 8 and 9.
    image, box = drawn("OO9768949", font)
    evidence = glyphs.o_zero_evidence(image, box, "009768949", lambda v: True)
    assert evidence == {0: "O", 1: "O"}
    image, box = drawn("009768949", font)
    assert "O" not in glyphs.o_zero_evidence(image, box, "009768949", lambda v: True).values()
    # A value read with letters O and no 0 (8686's 0027 raised on it).
    image, box = drawn("OO9768949", font)
    assert glyphs.o_zero_evidence(image, box, "OO9768949", lambda v: True) == {0: "O", 1: "O"}


COUNTER_TEST_FONTS = [
    "/usr/share/fonts/opentype/urw-base35/C059-Roman.otf",
    "/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
]


@pytest.mark.parametrize("font", COUNTER_TEST_FONTS)
@pytest.mark.parametrize("size", [22, 28])
def test_an_eight_read_for_a_glyph_with_no_counter_is_contradicted(font: str, size: int) -> None:
    # Fresh 11111's 0042: a clean serif '713594701' read '718594701' at 0.95.
    image, box = drawn("713594701", font, size)
    assert glyphs.holes_contradicted(image, box, "718594701")
    assert not glyphs.holes_contradicted(image, box, "713594701")
    # One counter off (a 6 for a 0, an 8's loop closed in small print) says nothing.
    assert not glyphs.holes_contradicted(image, box, "713594761")
    # A 3 read where the print has an 8's two counters.
    eight, eight_box = drawn("718594701", font, size)
    assert glyphs.holes_contradicted(eight, eight_box, "713594701")


NAME_FONTS = [*SERIF_FONTS, ROMAN, NARROW_SANS,
              "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"]


@pytest.mark.parametrize("font", NAME_FONTS)
def test_an_initial_ocr_glued_to_a_name_is_parted_where_the_print_leaves_a_space(
        font: str) -> None:
    # 10808's 0216 'LARSON, NORA N' read 'NORAN'; 11414's 0217 'JACOB R LARSON' read
    # 'RLARSON': the print's word space stands in the word's ink.
    image, box = drawn("NORA N", font)
    assert glyphs.spaced_initial(image, box, "NORAN") == 4
    # Not a gap wider than the row's own word spaces: a glyph's lost part (dev's 0362).
    assert glyphs.spaced_initial(image, box, "NORAN", widest=2) is None
    image, box = drawn("R LARSON", font)
    assert glyphs.spaced_initial(image, box, "RLARSON") == 1
    # Names printed whole part nowhere, whatever their letters' spacing.
    for name in ("NORAN", "LARSON", "WASHINGTON", "KOWALCZYK", "LEVIR", "TAYLOR", "WYATT",
                 "LLOYD", "FLYNN", "AVERY", "JOYCE", "Jacob", "Rafael", "Tomlinson", "Isaac",
                 "RAFAEL", "Ivan", "LEVI"):
        image, box = drawn(name, font)
        assert glyphs.spaced_initial(image, box, name) is None, name


@pytest.mark.parametrize("font", [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
])
def test_a_letter_read_on_a_stem_its_glyph_lacks_is_contradicted(font: str) -> None:
    # Fresh 12828's 0213: a photocopy's TNM203535056 read ENM203535056 at 0.76.
    image, box = drawn("TNM203535056", font)
    assert glyphs.stem_contradicted(image, box, "ENM203535056")
    assert not glyphs.stem_contradicted(image, box, "TNM203535056")
    # Printed so, each stem letter shows its stem.
    image, box = drawn("ENM203535056", font)
    assert not glyphs.stem_contradicted(image, box, "ENM203535056")
    image, box = drawn("BDEFHKLMNPR1", font)
    assert not glyphs.stem_contradicted(image, box, "BDEFHKLMNPR1")


MARKED_MONO = ["/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
               "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"]


@pytest.mark.parametrize("font", MARKED_MONO)
def test_a_bare_round_glyph_opening_the_digits_of_a_mono_print_is_unsettled(font: str) -> None:
    # 14848's 0263: 'SO6534286243' in Liberation Mono read 'S06534286243': the O as wide
    # as the digits, so its width says 0; this font's 0 would carry a dot.
    image, box = drawn("SO6534286243", font)
    assert glyphs.o_zero_evidence(image, box, "S06534286243", lambda _: True)[1] == "0"
    assert glyphs.bare_zero_at_pitch(image, box, "S06534286243")
    # The font's own 0, dotted: a 0.
    image, box = drawn("S06534286243", font)
    assert not glyphs.bare_zero_at_pitch(image, box, "S06534286243")


@pytest.mark.parametrize(("font", "value"), [
    # 14141's 0263: Harvard Pilgrim's 'P05178328' in C059, passed right; 14040's 0196:
    # 'N08673327' in DejaVu Sans. The letter steps off the digits' pitch.
    ("/usr/share/fonts/opentype/urw-base35/C059-Roman.otf", "P05178328"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "N08673327"),
])
def test_a_zero_opening_the_digits_of_a_proportional_print_is_no_mono_doubt(
        font: str, value: str) -> None:
    image, box = drawn(value, font)
    assert not glyphs.bare_zero_at_pitch(image, box, value)
