"""Enhancement: light-on-dark panels are inverted, blurred dark words are left alone."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from pipeline.enhance import (
    NOISY_LEVEL,
    enhance,
    erase_marks,
    erase_rules,
    find_painted_marks,
    invert_dark_panels,
    line_opening,
    mark_covers,
    noise_level,
    noisy,
    painted_marks,
    pen_across,
)
from pipeline.types import Box, Image


def _page(width: int = 600, height: int = 200) -> Image:
    return np.full((height, width), 245, np.uint8)


def test_a_white_on_dark_chip_is_turned_dark_on_light() -> None:
    page = _page()
    cv2.rectangle(page, (40, 60), (300, 110), 40, thickness=cv2.FILLED)
    cv2.putText(page, "MEMBER ID", (55, 97), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 250, 2)
    out = invert_dark_panels(page)
    chip = out[66:104, 46:294]
    assert np.median(chip) > 180  # the panel is paper now
    assert chip.min() < 60  # and its letters are ink


def test_dark_text_without_a_panel_is_left_as_it_is() -> None:
    page = _page()
    cv2.putText(page, "GROUP 123456", (30, 110), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 2)
    assert np.array_equal(invert_dark_panels(page), page)


def test_a_top_band_holding_a_small_wordmark_joined_to_a_dark_edge_is_turned() -> None:
    # 14949's 0071, a dim UMR card: 'UMR' white on a black band across the top, 5% of the
    # band; the flattened card's left edge a 2 px dark line joining the band to the bottom.
    card = np.full((638, 1011), 225, np.uint8)
    card[:120] = 20
    cv2.rectangle(card, (60, 30), (120, 95), 250, cv2.FILLED)  # the logo
    cv2.putText(card, "UMR", (150, 85), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 250, 5)
    card[:, :2] = 15
    out = invert_dark_panels(card)
    band = out[10:110, 10:1000]
    assert np.median(band) > 180  # the band is paper now
    assert out[40:85, 150:300].min() < 60  # and its wordmark ink
    # A bold dark word blurred into one blob is no band: left as it is.
    blob = np.full((638, 1011), 225, np.uint8)
    cv2.putText(blob, "GROUP 123456", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 20, 12)
    blob = cv2.GaussianBlur(blob, (0, 0), 3)
    assert np.array_equal(invert_dark_panels(blob), blob)


def test_enhance_keeps_the_ink_dark_and_the_paper_light() -> None:
    page = cv2.cvtColor(_page(), cv2.COLOR_GRAY2BGR)
    page[:] = (200, 190, 180)  # a dim, tinted photo
    cv2.putText(page, "GROUP 123456", (30, 110), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (90, 80, 70), 2)
    out = enhance(page)
    assert out.dtype == np.uint8 and out.shape == page.shape[:2]
    assert np.percentile(out, 50) > 230 and out.min() < 30


# --- explainer marks ------------------------------------------------------------------------
# Cards drawn here in BGR, 1011 × 638 like a flattened card; each test checks pixels where it
# drew something.

RED, ORANGE, BLUE, PURPLE = (40, 30, 215), (0, 120, 235), (160, 70, 20), (140, 40, 92)
"""BGR: a red and an orange pen, a card's blue print and a purple label ink."""


def _card(paper: tuple[int, int, int] = (250, 250, 250)) -> Image:
    card = np.zeros((638, 1011, 3), np.uint8)
    card[:] = paper
    return card


def _text(card: Image, text: str, x: int, y: int, colour: tuple[int, int, int],
          scale: float = 1.0) -> None:
    cv2.putText(card, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, colour, 2, cv2.LINE_AA)


def _callout(card: Image, x: int, y: int, digit: str, colour: tuple[int, int, int],
             r: int = 16) -> None:
    cv2.circle(card, (x, y), r, colour, thickness=cv2.FILLED, lineType=cv2.LINE_AA)
    cv2.putText(card, digit, (x - 8, y + 9), cv2.FONT_HERSHEY_SIMPLEX, 0.75, (255, 255, 255), 2,
                cv2.LINE_AA)


def _coloured(image: Image, box: tuple[int, int, int, int]) -> int:
    """Pixels in ``box`` (x0, y0, x1, y1) whose channels spread 60 or more."""
    x0, y0, x1, y1 = box
    region = image[y0:y1, x0:x1].astype(np.int16)
    return int(np.count_nonzero(region.max(axis=2) - region.min(axis=2) >= 60))


def _dark(image: Image, box: tuple[int, int, int, int], level: int = 100) -> int:
    """Pixels in ``box`` whose darkest channel is below ``level`` (what OCR sees as ink)."""
    x0, y0, x1, y1 = box
    return int(np.count_nonzero(image[y0:y1, x0:x1].min(axis=2) < level))


def test_a_numbered_callout_disc_is_painted_out_and_the_value_beside_it_kept() -> None:
    card = _card()
    _text(card, "ID 123456789", 300, 300, (20, 20, 20))
    _text(card, "GROUP 4455", 300, 400, (20, 20, 20))
    _callout(card, 270, 275, "1", RED)
    _callout(card, 270, 375, "2", RED)  # callouts of one pen are not the card's own ink
    out = erase_marks(card)
    for y in (255, 355):
        assert _coloured(out, (250, y, 290, y + 40)) == 0 and _dark(out, (250, y, 290, y + 40)) == 0
    assert _dark(out, (298, 270, 520, 305)) == _dark(card, (298, 270, 520, 305))


def test_a_callout_disc_joined_to_a_label_of_another_colour_is_painted_out() -> None:
    card = _card()
    # A blue label the red disc touches (joined within MARK_JOIN_PX), and the value beside.
    _text(card, "ID No.", 140, 300, BLUE, 0.8)
    _text(card, "W246403544", 250, 300, (20, 20, 20))
    _callout(card, 222, 282, "1", RED)
    out = erase_marks(card)
    assert _coloured(out, (204, 264, 240, 300)) <= 5  # the disc is gone
    label = (138, 280, 204, 305)  # the disc's painted rim may graze its last letter
    assert _coloured(out, label) >= 0.97 * _coloured(card, label)
    assert _dark(out, (248, 270, 480, 305)) == _dark(card, (248, 270, 480, 305))


def _grey_dotted(card: Image, box: tuple[int, int, int, int], level: int, width: int) -> None:
    """A dotted frame as the generator draws one (12 px steps, every other one inked)."""
    x0, y0, x1, y1 = box
    for a, b, c, e in ((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0)):
        n = max(1, int(np.hypot(c - a, e - b) / 12.0))
        for i in range(0, n, 2):
            t0, t1 = i / n, min(1.0, (i + 1) / n)
            cv2.line(card, (round(a + (c - a) * t0), round(b + (e - b) * t0)),
                     (round(a + (c - a) * t1), round(b + (e - b) * t1)),
                     (level, level, level), width, cv2.LINE_AA)


def test_a_grey_dotted_frame_on_a_photocopy_is_painted_out_and_the_print_kept() -> None:
    for paper, ink, pen in ((245, 25, 120), (30, 235, 150)):  # a light and a dark card
        card = _card((paper, paper, paper))
        _text(card, "ENROLLEE ID", 60, 300, (ink, ink, ink), 0.6)
        _text(card, "FSL089632879", 230, 300, (ink, ink, ink))
        _text(card, "1-800-555-0100  09-01-2023", 60, 400, (ink, ink, ink), 0.8)
        clean = card.copy()
        _grey_dotted(card, (222, 268, 440, 312), pen, 3)
        out, mask = find_painted_marks(card)
        assert mask is not None
        off = np.abs(out.astype(np.int16) - clean.astype(np.int16)).max(axis=2) > 40
        for y in (268, 312):  # the level sides' dashes are gone
            assert np.count_nonzero(off[y - 3 : y + 4, 250:420]) <= 10
        # The print (the value inside, the label and the hyphens outside) is as it was.
        for x0, y0, x1, y1 in ((58, 280, 215, 305), (228, 278, 436, 305), (58, 380, 500, 405)):
            assert np.array_equal(out[y0:y1, x0:x1], card[y0:y1, x0:x1])
        assert np.array_equal(erase_marks(clean), clean)  # no frame, nothing painted


def test_a_round_logo_in_the_cards_own_ink_is_kept() -> None:
    card = _card()
    _callout(card, 80, 60, "B", BLUE, r=20)  # a small round logo, in the wordmark's blue
    _text(card, "BlueShield of Somewhere", 110, 75, BLUE, 1.3)
    _text(card, "Member Services", 60, 560, BLUE)
    out = erase_marks(card)
    assert np.array_equal(out, card)


def test_coloured_text_is_not_erased() -> None:
    card = _card()
    _text(card, "Member ID", 60, 200, BLUE, 0.8)
    _text(card, "$25 copay", 60, 300, RED, 1.2)
    _text(card, "Specialist $50", 400, 300, ORANGE, 1.2)
    _text(card, "GROUP 123456", 60, 420, (30, 90, 220), 1.6)
    assert np.array_equal(erase_marks(card), card)


def test_small_coloured_labels_over_values_are_no_dashed_lines() -> None:
    # Labels 6-8 px tall: their coloured pixels fit a box as thin as a dashed frame's side.
    for colour in ((60, 30, 150), (160, 70, 20), (30, 140, 60)):  # maroon, blue, green
        for scale in (0.3, 0.35, 0.4):
            card = _card()
            for i, label in enumerate(("Identification no.", "Health Plan (80840)",
                                       "Member Services", "Group number")):
                x, y = 100 + 300 * (i % 2), 200 + 60 * (i // 2)
                cv2.putText(card, label, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, colour, 1,
                            cv2.LINE_AA)
                _text(card, "W123456789", x, y + 25, (20, 20, 20), 0.8)
            assert np.array_equal(erase_marks(card), card)


def test_an_arrow_touching_a_value_is_painted_out_and_the_value_kept() -> None:
    card = _card()
    _text(card, "W123456789", 100, 300, (20, 20, 20))
    # A short hand-drawn arrow (90 px) whose head touches the value's last digit.
    cv2.arrowedLine(card, (365, 240), (285, 285), RED, 4, cv2.LINE_AA, tipLength=0.25)
    out = erase_marks(card)
    # A few pixels where the pen blends into the black digit are darker than the pen: print.
    assert _coloured(out, (270, 230, 380, 300)) <= 0.02 * _coloured(card, (270, 230, 380, 300))
    value = (98, 270, 272, 305)  # left of the arrow's head
    assert _dark(out, value) >= 0.95 * _dark(card, value)


def _orange(region: npt.NDArray[np.int16]) -> int:
    """Pixels of ``region`` (BGR, int16) of the orange pen's colour."""
    return int(np.count_nonzero((region[:, :, 2] - region[:, :, 0] > 100) & (region[:, :, 1] > 80)))


def test_a_label_touched_by_a_circle_keeps_its_letters() -> None:
    card = _card()
    _text(card, "Member ID No.", 60, 300, PURPLE, 0.7)
    _text(card, "W123456789", 250, 300, (20, 20, 20))
    # The circle's left end runs into the label's last letters.
    cv2.ellipse(card, (322, 290), (132, 28), 0, 0, 360, ORANGE, 4, cv2.LINE_AA)
    out = erase_marks(card)
    ring = out[255:325, 180:460].astype(np.int16)
    # The orange ring is gone (but for a few blends with the black value's strokes where it
    # crosses them), the purple label touching it stays.
    assert _orange(ring) <= 0.02 * _orange(card[255:325, 180:460].astype(np.int16))
    label = (58, 280, 185, 305)
    assert _coloured(out, label) >= 0.9 * _coloured(card, label)


def test_a_dotted_frame_on_a_coloured_card_is_painted_out_and_the_card_kept() -> None:
    plum = (60, 0, 90)
    card = _card(plum)
    cv2.rectangle(card, (0, 100), (1010, 140), (150, 80, 200), cv2.FILLED)  # its pink band
    _text(card, "MEMBER NAME", 420, 130, (255, 255, 255), 0.8)
    _text(card, "DOLORES E PHAM", 420, 180, (255, 255, 255))
    for x in range(410, 690, 24):  # a yellow dotted frame round the name, across the band
        for y in (118, 196):
            cv2.line(card, (x, y), (x + 12, y), (0, 200, 255), 3)
    for y in range(118, 196, 24):
        for x in (410, 690):
            cv2.line(card, (x, y), (x, y + 12), (0, 200, 255), 3)
    out = erase_marks(card)
    yellow = (np.abs(out.astype(np.int16) - (0, 200, 255)).sum(axis=2) < 120)
    assert np.count_nonzero(yellow) == 0
    assert np.array_equal(out[100:112, :400], card[100:112, :400])  # the band is untouched
    assert _dark(out, (415, 150, 700, 185), 140) == _dark(card, (415, 150, 700, 185), 140)


def test_marks_in_a_dim_photo_are_painted_out() -> None:
    card = _card()
    _text(card, "W123456789", 100, 300, (20, 20, 20))
    cv2.ellipse(card, (190, 290), (120, 30), 0, 0, 360, RED, 4, cv2.LINE_AA)
    _callout(card, 60, 260, "2", RED)
    dim = (card.astype(np.float32) * 0.3).astype(np.uint8)  # a photo in a dim room
    out = erase_marks(dim)
    reddish = out[:, :, 2].astype(np.int16) - out[:, :, 0] > 20
    assert np.count_nonzero(reddish) == 0


def _dashed_frame(card: Image, box: tuple[int, int, int, int], colour: tuple[int, int, int],
                  dash: int = 10, gap: int = 6) -> None:
    x0, y0, x1, y1 = box
    for x in range(x0, x1, dash + gap):
        for y in (y0, y1):
            cv2.line(card, (x, y), (min(x + dash, x1), y), colour, 3)
    for y in range(y0, y1, dash + gap):
        for x in (x0, x1):
            cv2.line(card, (x, y), (x, min(y + dash, y1)), colour, 3)


def test_navy_digits_in_a_tight_blue_frame_are_kept() -> None:
    card = _card()
    navy = (70, 30, 15)  # the card's print: the blue pen's hue, much darker
    _text(card, "6744725150", 100, 300, navy)
    _dashed_frame(card, (94, 274, 286, 306), (200, 110, 40))  # touches the digits
    out = erase_marks(card)
    assert _coloured(out, (85, 265, 300, 315)) < 0.2 * _coloured(card, (85, 265, 300, 315))
    digits = (100, 280, 280, 300)  # inside the frame
    assert _dark(out, digits) >= 0.95 * _dark(card, digits)


ASKEW_FRAME = """
.####........#####..........###.....#######..........##.....#######.....#######.....###.....
#.######......#######........####......###.#.......######.....######........######.......###
#########.....#######.....########.....#######.....#######.....########....########.....####
#########.....#######.....#######......#######.....#######.....########....########....#####
#..................#...................................................................#####
#.......................................................................................####
........................................................................................###.
........................................................................................##..
........................................................................................##..
###.....................................................................................##..
###.........................................................................................
###.........................................................................................
###.......................................................................................##
###.......................................................................................##
###.....................................................................................#.##
###.....#######.....########....########.....#######.....#######......#######....########.##
###.....#######.....########....########.....#######.....#######......#######....########.##
######......######......######......######......######......#######......#####.......#######
#######....########....########.....#######.....#######.....#######.....#######.....########
"""
"""4545's 0036: the strokes (half resolution) of a red dashed frame drawn tight round
``000099999`` on a card photographed askew; its long sides run over four rows each."""


def test_a_tight_dashed_frame_a_little_askew_is_a_frame() -> None:
    # Its sides, unpainted, were read '1' and ')' round the member ID by both engines.
    from pipeline.enhance import _framed

    rows = ASKEW_FRAME.strip().splitlines()
    strokes = np.array([[c == "#" for c in row] for row in rows])
    assert _framed(strokes)
    letters = strokes.copy()
    letters[6:13, 10:80] = True  # print of the frame's colour inside it: no frame
    assert not _framed(letters)


def test_a_brown_label_beside_a_red_frame_keeps_its_letters() -> None:
    card = _card()
    brown = (30, 60, 120)  # a maroon-brown label ink, near a red pen's hue
    _text(card, "ID", 60, 300, brown)
    _text(card, "383685410", 110, 300, (20, 20, 20))
    _dashed_frame(card, (100, 272, 270, 308), RED)  # its left side grazes the D
    out = erase_marks(card)
    label = (58, 276, 98, 302)
    assert _dark(out, label, 140) >= 0.9 * _dark(card, label, 140)


def test_a_frame_round_a_value_does_not_cover_it_an_arrow_on_it_does() -> None:
    card = _card()
    _text(card, "6744725150", 100, 300, (70, 30, 15))
    value = Box(100.0, 278.0, 282.0, 301.0)  # the value's print, as OCR boxes it
    framed = card.copy()
    _dashed_frame(framed, (96, 276, 286, 304), (200, 110, 40))  # grazes the print
    _, mask = painted_marks(framed)
    assert mask is not None and int(mask[278:302, 100:283].sum()) >= 25
    assert not mark_covers(mask, value, 25)
    pointed = card.copy()
    cv2.arrowedLine(pointed, (380, 230), (275, 292), RED, 4, cv2.LINE_AA, tipLength=0.3)
    _, mask = painted_marks(pointed)
    assert mask is not None and mark_covers(mask, value, 25)


def test_dashes_too_far_apart_to_join_along_a_values_rim_do_not_cover_it() -> None:
    # A dotted frame drawn tight round the value, its dashes 14 px apart (no one mark
    # encloses the value): the dashes run along the glyphs' tops and feet, the band between
    # is clear. An arrow's head in that band does cover it.
    card = _card()
    _text(card, "6744725150", 100, 300, (70, 30, 15))
    value = Box(100.0, 278.0, 282.0, 301.0)
    framed = card.copy()
    _dashed_frame(framed, (96, 278, 286, 301), (200, 110, 40), dash=10, gap=14)
    _, mask = painted_marks(framed)
    assert mask is not None and int(mask[278:302, 100:283].sum()) >= 25
    assert not mark_covers(mask, value, 25)
    pointed = card.copy()
    cv2.arrowedLine(pointed, (380, 289), (275, 289), RED, 4, cv2.LINE_AA, tipLength=0.3)
    _, mask = painted_marks(pointed)
    assert mask is not None and mark_covers(mask, value, 25)


def test_a_rule_under_column_heads_is_painted_out_and_the_print_kept() -> None:
    page = _page(1011, 300)
    cv2.putText(page, "Identification No.", (40, 95), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 120, 1)
    cv2.line(page, (30, 100), (980, 100), 90, 1)  # the rule the heads stand on
    cv2.putText(page, "H29398313 03", (40, 135), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 2)
    cv2.rectangle(page, (0, 250), (1010, 299), 30, cv2.FILLED)  # a band: no rule
    shadow = page.astype(np.int16)
    shadow[:, 600:800] -= 80  # a hand's shadow across the rule and the band
    page = np.clip(shadow, 0, 255).astype(np.uint8)
    out = erase_rules(page)
    assert out[99:102, 30:980].min() > page[99:102, 30:980].min() + 40  # the rule is gone
    value = (slice(110, 140), slice(38, 260))
    assert np.array_equal(out[value], page[value])  # the value under it is untouched
    assert np.array_equal(out[250:, :], page[250:, :])  # so is the band
    assert np.array_equal(out[150:240, 600:800], page[150:240, 600:800])  # and the shadow


def test_light_print_on_a_dark_card_is_left_alone_by_the_rule_eraser() -> None:
    # The dark gaps under a line of light letters run as long as a rule: no rule.
    page = np.full((638, 1011), 15, np.uint8)
    for y in (120, 300, 540):
        cv2.putText(page, "Rxbin 464499  Rxpcn UPQQ  Rxgrp DJB502", (40, y),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.1, 235, 2)
    assert np.array_equal(erase_rules(page), page)


def test_a_light_rule_under_column_heads_on_a_dark_card_is_painted_out() -> None:
    page = np.full((638, 1011), 20, np.uint8)
    cv2.putText(page, "Enrollee ID", (700, 90), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 230, 2)
    cv2.line(page, (40, 100), (980, 100), 200, 1)  # the rule under the heads
    cv2.putText(page, "260116208", (700, 135), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 235, 2)
    out = erase_rules(page)
    assert out[99:102, 30:680].max() < page[99:102, 30:680].max() - 100  # the rule is gone
    value = (slice(110, 140), slice(698, 900))
    assert np.array_equal(out[value], page[value])  # the value under it is untouched



def test_painted_marks_are_found_once_per_card_image_and_anew_for_another() -> None:
    card = _card()
    _text(card, "6744725150", 100, 300, (70, 30, 15))
    cv2.arrowedLine(card, (380, 230), (275, 292), RED, 4, cv2.LINE_AA, tipLength=0.3)
    first = painted_marks(card)
    assert painted_marks(card) is first  # the enhancement's answer, asked again
    copy = card.copy()  # another image (same pixels): found again, alike
    again = painted_marks(copy)
    assert again is not first
    expected = find_painted_marks(card)
    for got in (first, again):
        assert np.array_equal(got[0], expected[0])
        assert got[1] is not None and expected[1] is not None
        assert np.array_equal(got[1], expected[1])


def test_line_opening_is_opencvs_opening_by_a_line() -> None:
    # Rows with long runs, rows with short ones, runs against either edge (OpenCV's
    # erosion takes the outside as ink), on random ink.
    rng = np.random.default_rng(7)
    ink = (rng.random((90, 400)) > 0.5).astype(np.uint8)
    ink[10, 29:201] = 0
    ink[10, 30:200] = 1  # 170 px
    ink[20, :70] = 1  # 70 px from the left edge: a line with the outside
    ink[30, -65:] = 1
    ink[40, 100:215] = 1  # 115 px: too short
    ink[:, 50] = 1
    ink[:60, 300] = 1
    for shape in ((1, 120), (100, 1), (1, 9), (9, 1)):
        kernel = np.ones(shape, np.uint8)
        expected = cv2.dilate(cv2.erode(ink, kernel), kernel)
        assert np.array_equal(line_opening(ink, shape), expected), shape
    assert line_opening(ink, (1, 120))[10].sum() == 170  # the run, its length kept
    assert not line_opening(ink, (1, 120))[40].any()



def _web_sized(card: Image, width: int = 600, quality: int = 60) -> Image:
    """``card`` as saved from a web page: shrunk to ``width`` pixels, JPEG-compressed and
    enlarged back (as a flattened card is), so a pen's thin strokes blur into the paper
    and into the print they cross."""
    height = round(card.shape[0] * width / card.shape[1])
    small = cv2.resize(card, (width, height), interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    out: Image = cv2.resize(cv2.imdecode(jpeg, cv2.IMREAD_COLOR), (card.shape[1], card.shape[0]),
                            interpolation=cv2.INTER_CUBIC)
    return out


def _red(image: Image) -> int:
    """Pixels of a red pen's colour (red over blue by more than 60)."""
    return int(np.count_nonzero(image[:, :, 2].astype(np.int16) - image[:, :, 0] > 60))



def _value_card(value: str, x: int) -> Image:
    card = _card()
    _text(card, value, x, 300, (20, 20, 20))
    return card


def _web_marks_erased(card: Image, clean: Image, value: tuple[int, int, int, int]) -> float:
    """``card`` (a value with marks drawn on it) saved small as a web page would and its
    marks erased: the share of its red left, after asserting the value's ink in ``value``
    (web pixels) is within 5% of the same card's without marks (``clean``)."""
    web, plain = _web_sized(card), _web_sized(clean)
    out = erase_marks(web)
    assert abs(_dark(out, value) - _dark(plain, value)) <= 0.05 * _dark(plain, value)
    return _red(out) / _red(web)


def test_a_circle_drawn_twice_round_a_value_on_a_web_image_is_painted_out() -> None:
    card = _value_card("686064035", 150)
    # A hand's circle goes round twice: its two loops join into one thick band that the
    # stroke test takes for solid, but it encloses the value's paper.
    cv2.ellipse(card, (222, 290), (100, 30), 0, 0, 360, RED, 3, cv2.LINE_AA)
    cv2.ellipse(card, (224, 291), (106, 36), 3, 0, 360, RED, 3, cv2.LINE_AA)
    assert _web_marks_erased(card, _value_card("686064035", 150), (148, 275, 300, 302)) <= 0.02


def test_a_flat_thin_circle_on_a_web_image_is_painted_out_and_the_value_kept() -> None:
    card = _value_card("2544168149 01", 60)
    # Blurred into the digits it touches, the circle loses its colour there and falls
    # into two arcs, each too flat to be an outline and too curved to be a line.
    cv2.ellipse(card, (180, 289), (132, 18), 0, 0, 360, RED, 3, cv2.LINE_AA)
    clean = _value_card("2544168149 01", 60)
    assert _web_marks_erased(card, clean, (58, 278, 300, 302)) <= 0.05


def test_small_coloured_print_is_no_mark_on_a_clean_or_a_web_image() -> None:
    card = _card()
    for i, line in enumerate(("Here for every step", "Member Services 1-800-555-0100",
                              "oxhp.com  optumrx.com", "Benefit Plan  Office Visit")):
        _text(card, line, 60 + 30 * i, 120 + 40 * i, BLUE, 0.42)
        _text(card, line, 560, 120 + 40 * i, RED, 0.5)
    for image in (card, _web_sized(card)):
        assert np.array_equal(erase_marks(image), image)


def test_white_print_a_circle_crosses_on_a_dark_card_keeps_its_letters() -> None:
    card = _card((45, 40, 40))  # a charcoal card
    _text(card, "DELACRUZ, BRIDGET", 60, 300, (255, 255, 255))
    # A red circle round the name, tight: it crosses the tops and feet of its letters.
    cv2.ellipse(card, (205, 288), (160, 16), 0, 0, 360, RED, 3, cv2.LINE_AA)
    out = erase_marks(card)
    assert _red(out) <= 0.05 * _red(card)
    # The letters' pixels the pen left white, and their pink blends with it, stay light.
    light = [int(np.count_nonzero(image[276:302, 58:350].min(axis=2) > 120))
             for image in (out, card)]
    assert light[0] >= 0.97 * light[1]


def test_a_flat_circle_drawn_three_times_round_a_value_is_painted_out() -> None:
    card = _value_card("GKA906979820 00", 180)
    # Three loops, 4-10 px apart: joined, a thick band whose ends fill in (no stroke, no
    # ring), but all of it on one ellipse.
    for dx, dy in ((0, 0), (6, 4), (12, 8)):
        cv2.ellipse(card, (318, 287), (160 + dx, 26 + dy), 0, 0, 360, ORANGE, 3, cv2.LINE_AA)
    out = erase_marks(card)
    box = (150, 245, 500, 330)
    assert _coloured(out, box) <= 0.02 * _coloured(card, box)
    value = (178, 272, 458, 302)  # inside the innermost loop
    clean = _value_card("GKA906979820 00", 180)
    assert _dark(out, value) >= 0.95 * _dark(clean, value)


def test_circles_joined_to_labels_of_the_pens_colour_are_painted_out_and_the_labels_kept() -> None:
    card = _card()
    blue_pen = (200, 90, 20)  # the card's labels are printed in the pen's blue
    _text(card, "Member name", 60, 215, blue_pen, 0.6)
    _text(card, "DOLORES R DUBOIS", 60, 250, (20, 20, 20))
    _text(card, "Certificate #", 60, 310, blue_pen, 0.8)
    _text(card, "45285054707", 250, 310, (20, 20, 20))
    # A circle round the name (its label inside, touching it), and one drawn twice round
    # the number that runs into its label and into the first circle.
    cv2.ellipse(card, (198, 228), (170, 40), 0, 0, 360, blue_pen, 4, cv2.LINE_AA)
    cv2.ellipse(card, (345, 297), (140, 24), 0, 0, 360, blue_pen, 4, cv2.LINE_AA)
    cv2.ellipse(card, (348, 298), (146, 29), 0, 0, 360, blue_pen, 4, cv2.LINE_AA)
    out = erase_marks(card)
    ring = (470, 265, 500, 335)  # the right end of the number's circles
    assert _coloured(out, ring) <= 0.05 * _coloured(card, ring)
    top = (150, 180, 260, 198)  # the top of the name's circle
    assert _coloured(out, top) <= 0.05 * _coloured(card, top)
    label = (58, 286, 190, 312)  # "Certificate", left of the circles
    assert _coloured(out, label) >= 0.8 * _coloured(card, label)
    number = (250, 282, 460, 312)
    assert _dark(out, number) >= 0.95 * _dark(card, number)


def test_rows_of_coloured_labels_are_no_circle() -> None:
    card = _card()
    for i, label in enumerate(("Pharmacy Help Desk:", "Provider Services:", "Member Services:",
                               "Send claims to:")):
        _text(card, label, 50, 140 + 30 * i, ORANGE, 0.7)
        _text(card, "1-800-555-0100", 330, 140 + 30 * i, (20, 20, 20), 0.7)
    assert np.array_equal(erase_marks(card), card)




def test_a_tight_dashed_frame_touching_a_label_of_another_colour_is_painted_out() -> None:
    clean = _card()
    _text(clean, "IDENTIFICATION NO.:", 50, 300, BLUE, 0.7)
    _text(clean, "U5950139767", 330, 300, (20, 20, 20), 0.7)
    card = clean.copy()
    # Dashes drawn tight round the value (18 px tall), the frame's left side on the colon.
    _dashed_frame(card, (318, 284, 500, 302), ORANGE, dash=8, gap=6)
    out = erase_marks(card)
    frame = (310, 270, 510, 315)
    assert _orange(out[270:315, 310:510].astype(np.int16)) <= 0.05 * _orange(
        card[270:315, 310:510].astype(np.int16))
    label = (48, 280, 300, 306)
    assert _coloured(out, label) >= 0.95 * _coloured(clean, label)
    # The value inside keeps its print, but where the dashes were drawn over it.
    assert _dark(out, frame) >= 0.9 * _dark(clean, frame)


def test_noisy_is_the_noise_level_at_its_bar() -> None:
    # Odd and even pixel counts, the middle differences under, at and over the bar, and
    # straddling it (where the histogram decides).
    rng = np.random.default_rng(7)
    for _ in range(500):
        rows, cols = (int(v) for v in rng.integers(2, 14, size=2))
        levels = np.array([100, 101, 102, 103, 105, 110], np.uint8)
        grey = rng.choice(levels[: int(rng.integers(1, 7))], size=(rows, cols))
        assert noisy(grey) == (noise_level(grey) >= NOISY_LEVEL)


def _printed(card: Image, lines: list[tuple[str, str, int, tuple[int, int, int]]], x: int,
             y: int, pitch: int) -> Image:
    """``card`` with ``lines`` (text, font file, size px, BGR colour) printed one under
    another from (``x``, ``y``), ``pitch`` pixels apart, in TrueType faces as the
    generator prints them."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    image = PILImage.fromarray(np.ascontiguousarray(card[:, :, ::-1]))
    draw = ImageDraw.Draw(image)
    for i, (text, font, size, (b, g, r)) in enumerate(lines):
        face = ImageFont.truetype(f"/usr/share/fonts/opentype/urw-base35/{font}", size)
        draw.text((x, y + i * pitch), text, fill=(r, g, b), font=face)
    out: Image = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
    return out


def test_columns_of_navy_labels_and_small_print_are_no_mark() -> None:
    # Fresh 10909's 0137, 0032 and 0076: coloured labels over lines of small print of their
    # colour joined, at half resolution, into a sparse region taken for a pen's outline,
    # and painted out ('Bin:', 'Pcn:', 'Rx group:' lost).
    for colour, face, small, sizes in (
            ((130, 81, 44), "C059-Bold.otf", "C059-Roman.otf", (18, 13)),  # navy serif
            ((130, 81, 44), "C059-Bold.otf", "C059-Roman.otf", (16, 12)),
            ((170, 90, 30), "URWGothic-Book.otf", "URWGothic-Book.otf", (18, 13)),  # blue
            ((150, 40, 200), "URWGothic-Book.otf", "URWGothic-Book.otf", (18, 13)),  # magenta
            ((40, 30, 215), "NimbusSans-Bold.otf", "NimbusSans-Regular.otf", (16, 12))):  # red
        label, line = sizes
        lines = [(text, face, label, colour) for text in ("Bin:", "Pcn:", "Rx group:", "Rx id #")]
        lines += [(text, small, line, colour) for text in (
            "In an emergency go to the nearest emergency room or call 911.",
            "This card does not guarantee coverage. Present it whenever you receive care.")]
        lines += [(text, face, label, colour) for text in (
            "Pharmacy Help Desk:", "Nurse Line:", "TTY:", "Send claims to:")]
        card = _printed(_card(), lines, 76, 90, 26)
        card = _printed(card, [(v, "NimbusSans-Regular.otf", 21, (20, 20, 20)) for v in (
            "610279", "9999", "UMR374", "254544433")], 240, 88, 26)
        card = cv2.GaussianBlur(card, (0, 0), 0.7)  # a print's soft edges
        assert np.array_equal(erase_marks(card), card)
        if colour[2] < 150:
            # A red pen's circle round a value among them is still a mark.
            circled = card.copy()
            cv2.ellipse(circled, (300, 165), (90, 22), 0, 0, 360, RED, 3, cv2.LINE_AA)
            box = (200, 135, 400, 195)
            assert _coloured(erase_marks(circled), box) <= 0.05 * _coloured(circled, box)


@pytest.mark.parametrize(("text", "at", "width", "corner", "ink"), [
    # Fresh 10909's 0094: a red dashed frame round a navy 'F00099999 99', the numbered
    # disc on its top right corner, drawn as the generator draws them; the disc was
    # painted out, the frame left (its left side read '1' before the ID).
    ("F00099999 99", 56, 2, "right", (30, 50, 110)),
    # Fresh 11313's 0146: the disc on the top left corner against the card's edge, the
    # frame's dashes the card's only other red ink; both were left, and a dash under
    # the 'F' of 'FUS 336876666' made it an 'E'.
    ("FUS 336876666", 22, 3, "left", (76, 80, 94)),
])
def test_a_dashed_frame_with_its_callout_on_a_corner_is_painted_out(
        text: str, at: int, width: int, corner: str, ink: tuple[int, int, int]) -> None:
    import math

    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    image = PILImage.new("RGB", (1011, 638), (246, 246, 244))
    draw = ImageDraw.Draw(image)
    mono = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
                              30)
    draw.text((at, 300), text, fill=ink, font=mono)
    left, top, right, bottom = (int(v) for v in draw.textbbox((at, 300), text, font=mono))
    x0, y0, x1, y1 = left - 5, top - 5, right + 5, bottom + 5
    pen = (220, 30, 40)
    for a, b, c, e in ((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0)):
        n = max(1, int(math.hypot(c - a, e - b) / 12.0))  # dashes 12 px apart
        for i in range(0, n, 2):
            t0, t1 = i / n, min(1.0, (i + 1) / n)
            draw.line((a + (c - a) * t0, b + (e - b) * t0, a + (c - a) * t1, b + (e - b) * t1),
                      fill=pen, width=width)
    cx, cy, r = (x1 + 4 if corner == "right" else x0 - 4), y0 - 5.6, 14
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=pen)
    digit = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 18)
    draw.text((cx - 6, cy - 11), "2", fill=(255, 255, 255), font=digit)
    card = cv2.GaussianBlur(np.ascontiguousarray(np.asarray(image)[:, :, ::-1]), (0, 0), 0.7)
    out = erase_marks(card)
    around = (max(0, x0 - 30), y0 - 30, x1 + 40, y1 + 10)
    assert _red(out[around[1]:around[3], around[0]:around[2]]) <= 0.02 * _red(
        card[around[1]:around[3], around[0]:around[2]])
    value = (left, top, right, bottom)
    assert _dark(out, value, 160) >= 0.95 * _dark(card, value, 160)


def test_a_pen_crossing_a_value_unpainted_is_seen_a_coloured_print_or_band_is_not() -> None:
    # 13636's 0104: an orange ring drawn tight round a value, which the search for marks
    # left unpainted: its arcs cross the value's box.
    value = Box(100.0, 278.0, 282.0, 301.0)
    ringed = _card()
    _text(ringed, "6744725150", 100, 300, (20, 20, 20))
    cv2.ellipse(ringed, (191, 290), (95, 14), 0, 0, 360, ORANGE, 3, cv2.LINE_AA)
    assert pen_across(ringed, value)
    plain = _card()
    _text(plain, "6744725150", 100, 300, (20, 20, 20))
    assert not pen_across(plain, value)
    bright = _card()  # a value printed in a bright blue: its own colour, no pen
    _text(bright, "6744725150", 100, 300, (230, 140, 30))
    assert not pen_across(bright, value)
    band = _card()  # black print on a light teal band
    band[270:310, 90:300] = (200, 190, 120)
    _text(band, "6744725150", 100, 300, (20, 20, 20))
    assert not pen_across(band, value)
    maroon = _card((60, 0, 90))  # 13232's 0128: white print on maroon, its rims pink
    _text(maroon, "6744725150", 100, 300, (235, 225, 240))
    assert not pen_across(maroon, value)
