"""Second looks: value regions around a label, agreement between readings, and a value the
first pass missed found again by real Tesseract. Expected values are the drawn text."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, cast

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import fields, ppocr, process, reread
from pipeline.config import Config
from pipeline.ocr import FakeEngine, OcrEngine, get_engine
from pipeline.process import Interpretation
from pipeline.templates import FieldRule, load_templates
from pipeline.types import (
    Box,
    CardImage,
    CarrierMatch,
    FieldReading,
    OcrPage,
    OcrWord,
    SideRead,
)
from pipeline.types import Image as Image_

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
_AETNA_GROUP = FieldRule("group_number", ("Grp#",),
                         re.compile(r"\d{6}(?:-\d{3}-\d{5}|-\d{3}|\d{0,2})"))
"""Aetna's group format (``carriers/aetna.toml``)."""


def word(text: str, box: Box, confidence: float = 0.95) -> OcrWord:
    return OcrWord(text=text, box=box, confidence=confidence, line=0)


def test_agreed_value_needs_two_readings_and_no_tie() -> None:
    assert reread.agreed_value({"W123": 2, "W128": 1}) == "W123"
    assert reread.agreed_value({"W123": 1, "W128": 1}) is None
    assert reread.agreed_value({"W123": 2, "W128": 2}) is None
    assert reread.agreed_value({}) is None


def test_region_under_a_column_head_stops_at_the_flanking_words() -> None:
    """``Prefix  ID NUMBER  Suffix`` over ``LTO  ?????????  01``: the value's band lies
    between the prefix and the suffix words of the row under the head."""
    label = Box(476, 201, 501, 218)
    words = [
        word("PREFIX", Box(345, 201, 432, 218)), word("ID", label),
        word("SUFFIX", Box(688, 201, 773, 218)),
        word("LTO", Box(346, 236, 408, 259)), word("01", Box(687, 236, 722, 259)),
    ]
    right, below = reread.value_regions(words, label, below=True, width=1011)
    assert right.left >= label.right and right.top < label.cy < right.bottom
    assert 408 <= below.left < 476 and 501 < below.right <= 687
    assert below.top <= 236 and below.bottom >= 259


def test_region_right_of_a_label_stops_at_the_next_label() -> None:
    label = Box(50, 100, 150, 120)
    words = [word("ID:", label), word("GRP:", Box(500, 100, 560, 120))]
    right = reread.value_regions(words, label, below=False, width=1011)[0]
    assert right.left >= 150 and right.right <= 500


def draw_card(lines: list[tuple[str, int, int, int]]) -> np.ndarray:
    """A white card-frame raster (1011×638 grey) with text drawn at (x, y) in px sizes."""
    img = Image.new("L", (1011, 638), 255)
    d = ImageDraw.Draw(img)
    for text, x, y, size in lines:
        d.text((x, y), text, fill=20, font=ImageFont.truetype(FONT, size))
    return np.asarray(img)


@pytest.mark.tesseract
def test_value_missing_from_the_first_read_is_found_under_its_label() -> None:
    """The first pass lost the number in a shadow: the band under ``ID NUMBER`` between
    ``LTO`` and ``01`` is read again and gives the number, and only the number."""
    image = draw_card([
        ("PREFIX", 345, 200, 18), ("ID NUMBER", 476, 200, 18), ("SUFFIX", 688, 200, 18),
        ("LTO", 346, 236, 24), ("703323297", 476, 236, 24), ("01", 687, 236, 24),
    ])
    # Shade the number as a hand's shadow does: soft-edged, darkest over the digits.
    yy, xx = np.mgrid[0:638, 0:1011]
    shade = 1.0 - 0.5 * np.exp(-(((xx - 570) / 120.0) ** 2 + ((yy - 250) / 40.0) ** 2))
    image = (image * shade).astype(np.uint8)
    label = Box(476, 201, 501, 218)
    words = [word("PREFIX", Box(345, 201, 432, 218)), word("ID", label),
             word("LTO", Box(346, 236, 408, 259)), word("01", Box(687, 236, 722, 259))]
    below = reread.value_regions(words, label, below=True, width=1011)[1]
    got = reread.find_value(
        image, below, lambda v: re.fullmatch(r"\d{9}", v) is not None, get_engine()
    )
    assert got is not None
    value, box, confidence = got
    assert value == "703323297"
    assert 0 < confidence <= reread.MAX_FOUND_CONFIDENCE
    assert 440 <= box.left <= 500 and box.right <= 690 and 220 <= box.top <= 250


@pytest.mark.tesseract
def test_a_small_label_merged_into_its_values_box_is_read_in_the_box_top() -> None:
    """``Grp#`` printed tight over ``801842``: the first pass gave one word box to both
    (its top at the label's), so the band above the box holds no label; the box's top,
    the value's ink under the gap painted out, reads ``Grp#``."""
    image = draw_card([("Grp#", 400, 200, 12), ("801842", 400, 216, 24)])
    rows = np.flatnonzero((image[:, 380:600] < 128).any(axis=1))
    value = Box(398, float(rows.min()), 505, float(rows.max() + 1))  # label and value
    above = reread.label_regions([word("801842", value)], value)[-1]
    assert above.bottom <= value.top  # the band label_regions reads misses the label
    words = reread.box_top_label(image, get_engine(), value)
    assert [w.text for w in words] == ["Grp#"]
    assert words[0].box.bottom <= 216 + 4 and words[0].box.left >= 390


def test_region_left_of_a_value_stops_at_the_previous_word() -> None:
    value = Box(400, 100, 560, 130)
    words = [word("JOSE", Box(50, 100, 120, 130)), word("5133408117", value)]
    left, above = reread.label_regions(words, value)
    assert left.left >= 120 and left.right <= 400
    assert above.bottom <= 100 and above.left < 400 < 560 < above.right


def test_specks_left_of_a_value_do_not_hide_its_label_region() -> None:
    """A blurred ``Member ID:`` leaves its colon as a tiny '»'; the label is still looked for."""
    value = Box(279, 307, 460, 332)
    words = [word("»", Box(252, 317, 255, 322)), word("668425986", value)]
    left = reread.label_regions(words, value)[0]
    assert left.left < 150 and left.right <= 279 and left.top < 307 < 332 < left.bottom


@pytest.mark.tesseract
def test_label_beside_a_dark_band_is_read_locally_thresholded() -> None:
    """A pale label whose region also holds a dark side band: the grey reading is lost to
    the band, the locally thresholded one reads the label."""
    img = Image.new("L", (600, 60), 255)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, 90, 60), fill=25)
    d.text((160, 18), "Member ID:", fill=150, font=ImageFont.truetype(FONT, 20))
    big = np.asarray(img)
    words = reread._label_words(get_engine(), big, 24.0)
    assert "".join(w.text for w in words).replace(":", "").endswith("MemberID")


@pytest.mark.tesseract
def test_lost_pale_label_above_a_value_is_read_again() -> None:
    """A small grey ``MEMBER ID:`` the first pass lost, over a bold value it kept."""
    img = Image.new("L", (1011, 638), 255)
    d = ImageDraw.Draw(img)
    d.text((359, 172), "MEMBER ID:", fill=150, font=ImageFont.truetype(FONT, 15))
    d.text((359, 198), "5133408117", fill=20, font=ImageFont.truetype(FONT, 26))
    image = np.asarray(img)
    from pipeline.types import OcrPage

    page = OcrPage(words=(word("5133408117", Box(359, 202, 540, 226)),), width=1011, height=638)
    again = reread.read_lost_labels(page, image, get_engine(), [0])
    above = [w for w in again.words[1:] if w.box.bottom <= 202]
    assert "".join(w.text for w in above).upper() == "MEMBERID:"
    assert abs(above[0].box.left - 359) < 12


def test_merge_words_adds_only_words_where_the_page_has_none() -> None:
    from pipeline.types import OcrPage

    page = OcrPage(
        words=(word("Member", Box(10, 10, 80, 30)), word("W123", Box(90, 10, 150, 30))),
        width=300, height=100,
    )
    extra = OcrPage(words=(
        replace(word("Memher", Box(11, 9, 79, 31)), line=0),  # the same word read again
        replace(word("Group:", Box(10, 50, 70, 70)), line=1),
        replace(word("253656", Box(80, 50, 150, 70)), line=1),
    ), width=300, height=100)
    merged = reread.merge_words(page, extra)
    assert [w.text for w in merged.words] == ["Member", "W123", "Group:", "253656"]
    # Words on either side of a word the page already has are not put on one line.
    row = OcrPage(words=(
        replace(word("8", Box(20, 50, 30, 70)), line=0),
        replace(word("W123", Box(90, 10, 150, 30)), line=0),
        replace(word("Gro:", Box(200, 50, 240, 70)), line=0),
    ), width=300, height=100)
    apart = reread.merge_words(page, row).words[2:]
    assert [w.text for w in apart] == ["8", "Gro:"] and apart[0].line != apart[1].line
    assert merged.words[2].line == merged.words[3].line > max(w.line for w in page.words)
    assert reread.merge_words(page, OcrPage(words=(), width=300, height=100)) is page


def test_run_box_grows_over_a_split_value_but_not_a_bracketed_one() -> None:
    from pipeline.fields import run_box

    value = Box(264, 286, 428, 308)
    split = [word("2026-765", Box(264, 286, 380, 308)), word("-4", Box(386, 286, 428, 308))]
    assert run_box(split, split[0].box) == Box(264, 286, 428, 308)
    # "2026-765-4 (20267654)": the bracketed number is another form of the value.
    beside = [word("2026-765-4", value), word("(20267654)", Box(450, 285, 605, 311))]
    assert run_box(beside, value) == value


def test_a_closer_look_gives_no_punctuation_to_a_letters_and_digits_word() -> None:
    """'HTJ' (a Blue prefix at 0.50) read again as 'HT]' at 0.69 stays 'HTJ'; a doubtful
    label read again with more confidence is taken ('Grovp:' → 'Group:')."""
    from pipeline.ocr import FakeEngine
    from pipeline.types import OcrPage

    page = OcrPage(words=(
        replace(word("HTJ", Box(10, 10, 60, 30)), confidence=0.50),
        replace(word("Grovp:", Box(10, 50, 80, 70)), confidence=0.55),
    ), width=300, height=100)
    again = FakeEngine([
        OcrPage(words=(replace(word("HT]", Box(0, 0, 50, 20)), confidence=0.69),),
                width=50, height=20),
        OcrPage(words=(replace(word("Group:", Box(0, 0, 70, 20)), confidence=0.93),),
                width=70, height=20),
    ])
    image = np.full((100, 300), 255, np.uint8)
    assert [w.text for w in reread.reread(page, image, again).words] == ["HTJ", "Group:"]


BLANK = np.full((638, 1011), 200, np.uint8)
"""A blank card (grey, card frame)."""


@pytest.mark.parametrize("box", [
    Box(2000, 10, 2100, 30),   # right of the card
    Box(10, 700, 50, 720),     # under it
    Box(-90, -60, -50, -40),   # above and left of it
    Box(300, 200, 300, 200),   # no area
], ids=["right", "below", "above_left", "empty"])
def test_boxes_outside_the_card_give_no_variants(box: Box) -> None:
    """A value box (from OCR of a rotated photo) that lies outside the card image: nothing
    to read, not an OpenCV error resizing an empty crop."""
    assert reread.value_variants(BLANK, box) == []
    assert reread.value_variants(BLANK, box, margin=False) == []
    assert reread.crop_word(BLANK, word("ID", box)) is None


class _NoEngine:
    """An engine that must not be called (there is nothing to read)."""

    name = "none"

    def recognize(self, image: Image_, *, psm: int = 0, whitelist: str | None = None,
                  local_threshold: bool = False) -> OcrPage:
        raise AssertionError("an empty crop was sent to OCR")

    def detect_orientation(self, image: Image_) -> tuple[int, float] | None:
        raise AssertionError("nothing to orient")

    def version(self) -> str:
        return "none"


def test_second_looks_outside_the_card_read_nothing() -> None:
    outside = Box(2000, 10, 2100, 30)
    engine: OcrEngine = _NoEngine()
    assert reread.find_value(BLANK, outside, lambda v: True, engine) is None
    page = OcrPage(words=(OcrWord("ID", outside, 0.1, 0),), width=1011, height=638)
    assert reread.reread(page, BLANK, engine) == page


class _TwoWords(_NoEngine):
    """An engine whose every single-line read gives 'ZNU' '99999999'."""

    def recognize(self, image: Image_, *, psm: int = 0, whitelist: str | None = None,
                  local_threshold: bool = False) -> OcrPage:
        h, w = image.shape[:2]
        words = (OcrWord("ZNU", Box(0, 0, w / 4, h), 0.9, 0),
                 OcrWord("99999999", Box(w / 3, 0, w, h), 0.9, 0))
        return OcrPage(words=words, width=w, height=h)


def test_a_value_read_as_prefix_and_number_is_not_tied_with_its_number() -> None:
    page = np.full((638, 1011), 255, np.uint8)
    region = Box(40, 280, 520, 330)
    fits = re.compile(r"[A-Z0-9]{6,14}").fullmatch
    votes = reread.region_votes(page, region, lambda v: bool(fits(v)), _TwoWords(),
                                expect="ZNU99999999")
    assert reread.agreed_value({v: len(c) for v, c in votes.items()}) == "ZNU99999999"
    # Checking the number alone, the prefix joined to it still reads as another value.
    alone = reread.region_votes(page, region, lambda v: bool(fits(v)), _TwoWords(),
                                expect="99999999")
    assert "ZNU99999999" in alone


def test_a_values_check_region_stops_short_of_its_label() -> None:
    label = word("Member#", Box(100, 250, 170, 274))
    value = Box(176, 250, 300, 274)  # a narrow gap after the label
    region = reread.verify_region([label, word("R39791626", value)], value, 1011)
    assert region.left > label.box.right  # its '#' is not read as the value's first letter
    alone = reread.verify_region([word("R39791626", value)], value, 1011)
    assert alone.left < value.left - 0.5 * value.height  # a lost first letter is still read
    # A value found by a second look (no page word of its own) whose box starts on the
    # label's last letters ('No.:' 'IGY487183957' read 'W1GY487183957').
    label = word("No.", Box(160, 298, 186, 313))
    found = Box(184, 294, 415, 316)
    region = reread.verify_region([label], found, 1011)
    assert region.left > label.box.right
    # A page word's own box starts the value: a speck read over its first digit's edge
    # ('7' at the card's edge) does not cut it.
    value = Box(45, 437, 255, 482)
    speck = word("7", Box(-8, 432, 46, 501))
    region = reread.verify_region([speck, word("40430052528", value)], value, 1011)
    assert region.left < value.left


def test_a_values_check_region_stops_short_of_a_lower_columns_word() -> None:
    # 'Health' of the next column, set 15 px lower (less than half the row in common), lies
    # half inside the region's margin: read into the value's end, so the region stops there.
    value = Box(290, 367, 483, 388)
    lower = word("Health", Box(525, 382, 600, 403))
    region = reread.verify_region([word("62923709807", value), lower], value, 1011)
    assert region.right <= lower.box.left
    far = word("Health", Box(525, 398, 600, 419))  # the next row: only its top in the margin
    region = reread.verify_region([word("62923709807", value), far], value, 1011)
    assert region.right > far.box.left


def test_ink_cut_by_a_label_bands_bottom_edge_is_painted_paper() -> None:
    """The tops of a value under a small label: cut by the band's edge, they go; the label
    stays (read in the band they made ``ID#`` read ``DDB``)."""
    img = Image.new("L", (400, 120), 235)
    d = ImageDraw.Draw(img)
    d.text((20, 20), "ID#", fill=30, font=ImageFont.truetype(FONT, 14))
    d.text((20, 44), "362183693", fill=30, font=ImageFont.truetype(FONT, 22))
    image = np.asarray(img)
    rows = np.flatnonzero((image[:, :200] < 120).any(axis=1))
    value_top = int(rows[rows > 38].min())  # the value's first row of ink
    band = Box(10, 10, 200, value_top + 3)  # its edge cuts the value's tops
    out = reread.without_cut_ink(image, band)
    assert (out[value_top:value_top + 3, :200] > 200).all()  # the cut tops are paper
    assert np.array_equal(out[:value_top - 2], image[:value_top - 2])  # the label is kept
    assert np.array_equal(out[value_top + 3:], image[value_top + 3:])  # and the rest


def test_a_label_band_with_nothing_cut_is_left_as_it_is() -> None:
    image = np.full((120, 400), 235, np.uint8)
    assert reread.without_cut_ink(image, Box(10, 10, 200, 40)) is image


def test_a_doubtful_word_over_a_value_is_a_mangled_label() -> None:
    value = Box(376, 162, 435, 175)  # '17354' under a small mono 'GRP' read 'cre' at 0.42
    assert reread.mangled_label_near([word("cre", Box(374, 148, 395, 155), 0.42)], value)
    assert not reread.mangled_label_near([word("GRP", Box(374, 148, 395, 155), 0.9)], value)
    assert not reread.mangled_label_near([word("e", Box(374, 148, 380, 155), 0.2)], value)
    far = Box(374, 60, 395, 70)  # a doubtful word far above is no label of it
    assert not reread.mangled_label_near([word("cre", far, 0.42)], value)


def test_code_region_on_the_row_ends_at_the_next_label() -> None:
    """``Bin ______  PCN PREMERA``: the BIN's lost value is looked for up to the PCN's
    label, not in the PCN's value."""
    label = Box(50, 504, 82, 515)
    pcn = Box(223, 504, 250, 515)
    words = [word("Bin", label), word("PCN", pcn), word("PREMERA", Box(271, 501, 360, 516))]
    regions = reread.code_regions(words, label, below=False, width=1011, stops=[pcn])
    assert len(regions) == 1
    assert regions[0].left >= 82 and regions[0].right <= 223


def test_code_band_under_a_label_is_left_out_over_the_next_label() -> None:
    """A stacked Rx block: under ``RxPCN:`` stands ``RxGRP:``, which would fit a PCN's
    pattern; only the row right of the label is read."""
    label = Box(56, 114, 110, 126)
    grp = Box(56, 144, 110, 156)
    words = [word("RxPCN:", label), word("RxGRP:", grp), word("LJK106", Box(180, 143, 250, 157))]
    regions = reread.code_regions(words, label, below=True, width=1011, stops=[grp])
    assert len(regions) == 1 and regions[0].top < label.cy < regions[0].bottom


def test_code_band_under_a_label_runs_to_the_next_stop() -> None:
    """``Rx ID`` over a long value wider than the label: the band runs on past the label
    (to the card's edge here), so the value is not read cut short."""
    label = Box(528, 429, 572, 441)
    words = [word("Rx", Box(528, 429, 545, 441)), word("ID", Box(550, 429, 572, 441))]
    regions = reread.code_regions(words, label, below=True, width=1011, stops=[])
    band = regions[-1]
    assert band.top >= label.bottom - 1 and band.right > 950


def test_nearest_agreed_prefers_the_value_next_to_its_label() -> None:
    near, far = Box(120, 10, 200, 30), Box(400, 10, 480, 30)
    votes = {"ADV": [(0.9, near), (0.8, near)], "RX1234": [(0.9, far)] * 3,
             "AD": [(0.9, Box(110, 10, 150, 30))]}
    got = reread.nearest_agreed(votes, 100)
    assert got is not None and got[0] == "ADV" and got[2] == pytest.approx(0.8)
    assert reread.nearest_agreed({"ADV": [(0.9, near)]}, 100) is None


@pytest.mark.tesseract
def test_lost_rx_code_is_read_again_right_of_its_label() -> None:
    """The page's reading kept ``RxBIN:`` but lost its value: the row right of the label,
    up to the ``RxPCN:`` label, is read again and gives the BIN drawn there."""
    image = draw_card([("RxBIN:", 50, 100, 16), ("610014", 130, 98, 20),
                       ("RxPCN:", 300, 100, 16), ("ADV", 380, 98, 20)])
    label = Box(50, 102, 110, 118)
    pcn = Box(300, 102, 362, 118)
    words = [word("RxBIN:", label), word("RxPCN:", pcn), word("ADV", Box(380, 100, 420, 120))]
    regions = reread.code_regions(words, label, below=False, width=1011, stops=[pcn])
    votes = reread.region_votes(image, regions[0], lambda v: re.fullmatch(r"\d{6}", v) is not None,
                                get_engine())
    got = reread.nearest_agreed(votes, regions[0].left)
    assert got is not None and got[0] == "610014"


def test_a_names_region_runs_along_its_row_between_its_neighbours() -> None:
    """``SHI F RASMUSSEN`` of ``HIROSHI F RASMUSSEN`` (OCR lost ``HIRO``): the name's line
    is read again from further left, up to the next column's word, between the lines
    above and below."""
    name = Box(122, 169, 367, 195)
    words = [word("SHI", Box(122, 169, 170, 195)), word("RASMUSSEN", Box(200, 169, 367, 195)),
             word("GROUP", Box(528, 160, 600, 185)), word("For", Box(133, 116, 160, 150)),
             word("DATE", Box(53, 204, 100, 229))]
    region = reread.name_region(words, name, 1011)
    assert region.left <= 122 - 3 * 26 and 367 < region.right < 528
    assert 150 <= region.top <= 169 and 195 <= region.bottom <= 204


def draw_name(text: str, paper: int, ink: int) -> tuple[Image_, Box]:
    """A card-frame raster with ``text`` drawn at (60, 170), 24 px, and its box."""
    img = Image.new("L", (1011, 638), paper)
    font = ImageFont.truetype(FONT, 24)
    ImageDraw.Draw(img).text((60, 170), text, fill=ink, font=font)
    left, top, right, bottom = font.getbbox(text)
    return np.asarray(img), Box(60 + left, 170 + top, 60 + right, 170 + bottom)


@pytest.mark.tesseract
@pytest.mark.parametrize(("paper", "ink"), [(255, 20), (40, 240)])
def test_a_name_read_short_is_read_whole_again(paper: int, ink: int) -> None:
    """The page read ``SHI F RASMUSSEN`` of a drawn ``HIROSHI F RASMUSSEN`` (dark print on
    light paper, or light print on a dark band): the closer readings of its line agree on
    the whole name."""
    image, box = draw_name("HIROSHI F RASMUSSEN", paper, ink)
    lost = ImageFont.truetype(FONT, 24).getlength("HIRO")
    reading = FieldReading("member_name", "SHI F RASMUSSEN", 0.5, "front", "",
                           replace(box, left=box.left + lost))
    got = reread.reread_name(image, reading, lambda v: True, get_engine(), [])
    assert got is not None
    assert got[0] == "HIROSHI F RASMUSSEN"
    assert 0 <= got[1] <= reread.MAX_REREAD_CONFIDENCE


def _name_card(confidence: float, *, dropped: bool = False) -> tuple[Any, list[SideRead]]:
    """A card's meaning with the member's name ``NIKOLAT MCALLISTER`` read on its front
    (the subscriber's too: a card naming one person), its words read at ``confidence``;
    with ``dropped``, a name left out for doubt."""
    generic, _ = load_templates()
    box = Box(218, 235, 518, 254)
    reading = FieldReading("member_name", "NIKOLAT MCALLISTER", confidence, "front", "Name", box)
    fields = {} if dropped else {"member_name": reading,
                                 "subscriber_name": replace(reading, name="subscriber_name")}
    found = Interpretation(
        template=generic, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0),
        fields=fields, distractors=(), portal={}, reasons=(),
        doubtful_name=reading if dropped else None)
    words = (word("NIKOLAT", Box(218, 235, 330, 254), confidence),
             word("MCALLISTER", Box(345, 235, 518, 254), confidence))
    side = SideRead(side="front", decoded=cast(Any, None), card=cast(Any, None),
                    quality=cast(Any, None), page=OcrPage(words=words, width=1011, height=638),
                    ocr_image=np.full((638, 1011), 255, np.uint8))
    return found, [side]


def _line(*texts: str) -> OcrPage:
    return OcrPage(words=tuple(word(t, Box(10 + 100 * i, 10, 90 + 100 * i, 40), 0.9)
                               for i, t in enumerate(texts)), width=600, height=60)


def test_a_name_read_well_is_not_read_again() -> None:
    found, sides = _name_card(0.96)
    engine = FakeEngine([_line("NIKOLAI", "MCALLISTER")] * 4)
    assert process.reread_name(found, sides, engine) == {}
    assert engine.calls == 0


def test_a_doubtful_name_takes_the_name_closer_readings_agree_on() -> None:
    found, sides = _name_card(0.6)
    engine = FakeEngine([_line("NIKOLAI", "MCALLISTER")] * 2 + [_line("NIKOLAT")] * 2)
    got = process.reread_name(found, sides, engine)
    assert {n: r.value for n, r in got.items()} == {
        "member_name": "NIKOLAI MCALLISTER", "subscriber_name": "NIKOLAI MCALLISTER"}


def test_closer_readings_that_disagree_leave_a_doubtful_name_as_it_is() -> None:
    found, sides = _name_card(0.6)
    engine = FakeEngine([_line("NIKOLAI", "MCALLISTER"), _line("NIKOLAT", "MCALLISTFR"),
                         _line("NIKOIAI", "MCALLISTER"), _line("MIKOLAI", "MCALLISTER")])
    assert process.reread_name(found, sides, engine) == {}
    assert engine.calls == 4


def test_a_name_left_out_for_doubt_comes_back_when_closer_readings_confirm_it() -> None:
    found, sides = _name_card(0.2, dropped=True)
    engine = FakeEngine([_line("NIKOLAT", "MCALLISTER")] * 4)
    got = process.reread_name(found, sides, engine)
    assert got["member_name"].value == "NIKOLAT MCALLISTER"
    assert got["member_name"].confidence >= fields.NAME_MIN_CONFIDENCE
    assert engine.calls == 2  # two agreeing readings of the value checked are enough


def test_a_name_left_out_for_doubt_is_not_replaced_by_other_letters() -> None:
    """What the page read so badly may be no name (a mangled label): closer readings that
    agree on other letters do not make it one: two letters off, or one letter off from
    only two readings, or a label's words."""
    found, sides = _name_card(0.2, dropped=True)
    engine = FakeEngine([_line("NIKOLAI", "MCALISTER")] * 4)
    assert process.reread_name(found, sides, engine) == {}
    engine = FakeEngine([_line("NIKOLAI", "MCALLISTER")] * 2 + [_line("NIKOL")] * 2)
    assert process.reread_name(found, sides, engine) == {}
    assert found.doubtful_name is not None
    label = replace(found, doubtful_name=replace(found.doubtful_name, value="MEMBFR NAME"))
    engine = FakeEngine([_line("MEMBER", "NAME")] * 4)
    assert process.reread_name(label, sides, engine) == {}


def test_a_name_left_out_for_doubt_comes_back_as_nearly_every_closer_reading_gives_it() -> None:
    """Holdout 0084: the page read ``LATOVA B HALVORSEN`` at 0.33; all four closer readings
    give ``LATOYA``: one letter misread."""
    found, sides = _name_card(0.2, dropped=True)
    engine = FakeEngine([_line("NIKOLAI", "MCALLISTER")] * 3 + [_line("NIKOL")])
    got = process.reread_name(found, sides, engine)
    assert got["member_name"].value == "NIKOLAI MCALLISTER"


def test_a_specks_reading_beside_a_name_makes_no_name() -> None:
    """The line read from further left took a speck at the card's edge (``pS``): a name's
    words start with capitals, so the page's reading stays."""
    found, sides = _name_card(0.6)
    engine = FakeEngine([_line("pS", "NIKOLAI", "MCALLISTER")] * 4)
    assert process.reread_name(found, sides, engine) == {}


def test_closer_readings_split_with_the_page_leave_the_name_out() -> None:
    """Two closer readings give ``NIKOLAI``, one gives the page's ``NIKOLAT``: with the
    page's own, as many readings give each; neither is trusted, the name is left out."""
    found, sides = _name_card(0.6)
    engine = FakeEngine([_line("NIKOLAI", "MCALLISTER")] * 2 + [_line("NIKOLAT", "MCALLISTER")]
                        + [_line("NIKOL")])
    got = process.reread_name(found, sides, engine)
    assert got["member_name"].value == "NIKOLAT MCALLISTER"
    assert got["member_name"].confidence < fields.NAME_MIN_CONFIDENCE


def test_closer_readings_spacing_the_pages_letters_otherwise_are_no_split() -> None:
    """``NIKOLAT MC ALLISTER`` twice, the page's ``NIKOLAT MCALLISTER`` once more: the
    same letters, no split; spaced as the page read them, where the print shows no space
    inside the page's word (:func:`pipeline.process.unprinted_parting`; 11919's 0130,
    ``VASQ UEZ``): the name stays as read."""
    found, sides = _name_card(0.6)
    engine = FakeEngine([_line("NIKOLAT", "MC", "ALLISTER")] * 2
                        + [_line("NIKOLAT", "MCALLISTER"), _line("NIKOL")])
    assert process.reread_name(found, sides, engine) == {}


class _SameLine(_NoEngine):
    """An engine whose every single-line read gives one word, ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def recognize(self, image: Image_, *, psm: int = 0, whitelist: str | None = None,
                  local_threshold: bool = False) -> OcrPage:
        h, w = image.shape[:2]
        return OcrPage(words=(OcrWord(self.text, Box(0, 0, w, h), 0.7, 0),), width=w, height=h)


def test_closer_reads_the_format_settles_to_the_value_count_for_it() -> None:
    from pipeline.process import closer_votes, format_settled
    from pipeline.templates import FieldRule
    from pipeline.types import FieldReading, SideRead

    # A Blue plan's NES000099999: closer reads, like the page, see the round 0 after the
    # capitals as an O; only a digit may stand there, and only one repair fits.
    rule = FieldRule("member_id", ("ID",), re.compile(r"[A-Z]{3}\d{9}"))
    assert format_settled(rule, "NESO00099999", "NES000099999")
    assert not format_settled(rule, "NESO00099998", "NES000099999")  # another value
    assert not format_settled(rule, "NES000099999", "NES000099999")  # the value itself
    reading = FieldReading(name="member_id", value="NES000099999", confidence=0.4,
                           side="front", label="Certificate #", box=Box(51, 319, 300, 343))
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank,
                    page=OcrPage(words=(), width=1011, height=638),
                    ocr_image=np.full((638, 1011), 255, np.uint8))
    votes = closer_votes(side, reading, rule, _SameLine("NESO00099999"), 96.0)
    assert set(votes) == {"NES000099999"} and len(votes["NES000099999"]) >= 2
    assert closer_votes(side, reading, rule, _SameLine("NESO00099998"), 96.0) == {}


def test_a_suffix_the_page_read_apart_is_no_part_of_a_confirmed_id() -> None:
    from pipeline.process import suffix_on_page
    from pipeline.templates import FieldRule
    from pipeline.types import FieldReading
    from tests.fakes import page

    rule = FieldRule("member_id", ("ID",), re.compile(r"[A-Z]{3}\d{8,12}"))
    words = page("Member Number\nLAU0282 149692 99\n").words
    box = Box(20, 64, 20 + 17 * 14, 88)  # the whole second row

    def reading(value: str) -> FieldReading:
        return FieldReading(name="member_id", value=value, confidence=0.0, side="front",
                            label="Member Number", box=box)

    assert suffix_on_page(words, reading("LAU028214969299"), rule)
    # An ID ending in the digits of its last word, printed whole: no suffix apart.
    whole = page("Member Number\nLAU028214969299\n").words
    assert not suffix_on_page(whole, reading("LAU028214969299"), rule)
    # Digits that the ID needs to fit its format are its own.
    short = FieldRule("member_id", ("ID",), re.compile(r"[A-Z]{3}\d{12}"))
    assert not suffix_on_page(words, reading("LAU028214969299"), short)
    # Fresh 10808's 0273: '77836762 01' read '77836762' 'O1', closer '7783676201'.
    kaiser = FieldRule("member_id", ("ID",), re.compile(r"\d{7,12}"))
    lookalike = page("Health record number\n77836762 O1\n").words
    assert suffix_on_page(lookalike, reading("7783676201"), kaiser)
    letters = page("Health record number\n77836762 OX\n").words
    assert not suffix_on_page(letters, reading("7783676201"), kaiser)


def _group_part(text: str, word: str, value: str) -> tuple[list[OcrWord], FieldReading]:
    """A fake page of ``text`` and a group reading of ``value`` boxed as its ``word``."""
    from tests.fakes import page

    words = list(page(text).words)
    first = next(w for w in words if w.text == word)
    return words, FieldReading(name="group_number", value=value, confidence=0.45,
                               side="front", label="Grp#", box=first.box)


def test_a_hyphen_word_after_a_confirmed_part_goes_on_with_the_value() -> None:
    # Fresh 10808's 0231: 'Grp#' over '775737' '-895-23353<--' (an arrow at its end);
    # closer reads of the first word's box alone gave '775737'.
    from pipeline.process import hyphen_goes_on

    words, reading = _group_part("Grp#\n775737 -895-23353<--\n", "775737", "775737")
    assert hyphen_goes_on(words, reading, _AETNA_GROUP)
    # What follows with no hyphen, or not fitting the format with it, is another word.
    for text in ("Grp#\n775737 895-23353\n", "Grp#\n775737 -AB\n"):
        assert not hyphen_goes_on(*_group_part(text, "775737", "775737"), _AETNA_GROUP)


def test_a_part_the_page_split_inside_goes_on_past_the_value_a_closer_read_took() -> None:
    # Fresh 11414's 0000: a scanned Aetna group '728211-395-65668' read '72821'
    # '1-395-65668', and the first word's box read again '728211' (0.91), which fits.
    from pipeline.process import hyphen_goes_on

    assert hyphen_goes_on(*_group_part("Group #\n72821 1-395-65668\n", "72821", "728211"),
                          _AETNA_GROUP)
    # The next word not starting with the value's end, or not fitting with it, stays apart.
    for text in ("Group #\n72821 7-395-65668\n", "Group #\n72821 1-39\n"):
        assert not hyphen_goes_on(*_group_part(text, "72821", "728211"), _AETNA_GROUP)
    # Fresh 11515's 0000: '627839-724-' '13932', the value taken without the last part.
    assert hyphen_goes_on(*_group_part("GRP\n627839-724- 13932\n", "627839-724-",
                                       "627839-724"), _AETNA_GROUP)
    assert not hyphen_goes_on(*_group_part("GRP\n627839-724 13932\n", "627839-724",
                                           "627839-724"), _AETNA_GROUP)


def test_what_ocr_read_beside_a_name_is_trimmed_from_closer_readings() -> None:
    """Holdout 0142: the line read further right took a speck (``re``): a word holding no
    capital that is no particle ends no name, so the readings confirm the page's."""
    found, sides = _name_card(0.2, dropped=True)
    engine = FakeEngine([_line("NIKOLAT", "MCALLISTER", "re")] * 4)
    got = process.reread_name(found, sides, engine)
    assert got["member_name"].value == "NIKOLAT MCALLISTER"
    assert fields.name_debris_trimmed("l THANH S KOWALCZYK III -.") == "THANH S KOWALCZYK III"
    assert fields.name_debris_trimmed("Ludwig van Beethoven") == "Ludwig van Beethoven"
    # A misread first name stays, to fail the name: never a name cut short.
    assert fields.name_debris_trimmed("cated Earl Larson") == "cated Earl Larson"
    assert fields.name_debris_trimmed("JOHN Q MEMBER jr") == "JOHN Q MEMBER jr"


def test_a_third_suffix_stroke_read_t_is_the_suffix() -> None:
    """Holdout 0318: ``IIT`` twice against the page's ``III`` split the readings."""
    assert fields.roman_suffix("THANH S KOWALCZYK IIT") == "THANH S KOWALCZYK III"
    assert fields.roman_suffix("JOHN Q MEMBER Il") == "JOHN Q MEMBER II"
    # Fresh 11717's 0242: 'IIL'; a bar read '!' (11616's 0167's page).
    assert fields.roman_suffix("NORA F DELACRUZ IIL") == "NORA F DELACRUZ III"
    assert fields.roman_suffix("DOLORES M GALLAGHER II!") == "DOLORES M GALLAGHER III"
    assert fields.roman_suffix("NORA F NEIL") == "NORA F NEIL"


def test_a_name_left_out_for_a_speck_comes_back_without_it() -> None:
    """Holdout 0387: the page read ``TAMIKA Jc OKONKWO`` (a speck by the initial, left out
    for mixed case); the closer readings agree on its letters without the speck."""
    found, sides = _name_card(0.9, dropped=True)
    assert found.doubtful_name is not None
    found = replace(found, doubtful_name=replace(found.doubtful_name,
                                                 value="TAMIKA Jc OKONKWO"))
    engine = FakeEngine([_line("TAMIKA", "J", "OKONKWO")] * 4)
    got = process.reread_name(found, sides, engine)
    assert got["member_name"].value == "TAMIKA J OKONKWO"
    other = FakeEngine([_line("TAMIKA", "JO", "OKONKWO")] * 4)
    assert process.reread_name(found, sides, other) == {}  # other letters: left out


def test_a_names_line_is_read_again_in_its_prints_band_not_a_tall_words_box() -> None:
    """Holdout 0152: ``-XIMENA`` boxed 41 px high in a line of 27 made the region read so
    tall that Tesseract read nothing in it."""
    words = [word("-XIMENA", Box(37, 171, 190, 212)), word("E", Box(205, 185, 225, 212)),
             word("LARSON", Box(236, 184, 400, 211)), word("_", Box(240, 214, 300, 216))]
    name = Box(37, 171, 400, 212)
    band = reread.print_band(words, name)
    assert (band.left, band.right) == (name.left, name.right)
    assert band.height <= reread.BAND_HEIGHT * 27 + 0.01 and band.top <= 185 and band.bottom >= 211
    assert band.top > 171
    plain = Box(205, 185, 400, 212)
    assert reread.print_band(words, plain) == plain  # a box of its print's height stays


def test_a_names_band_is_its_capitals_height_though_most_words_are_boxed_tall() -> None:
    """Range 3333's 0024 (a photocopy): specks boxed ``YAMAMOTO`` 71 px high and ``SR.``
    36 in a line of 22; and 0312: ``ESPINOZA`` boxed over the tagline under it, whose words
    are not the name's."""
    words = [word("MIA", Box(127, 200, 175, 222)), word("L", Box(185, 200, 197, 222)),
             word("YAMAMOTO", Box(212, 179, 354, 250)), word("SR.", Box(363, 200, 426, 236))]
    name = Box(127, 179, 426, 250)
    band = reread.print_band(words, name, "MIA L YAMAMOTO SR.")
    assert band.top <= 200 and band.bottom >= 222 and band.height <= reread.BAND_HEIGHT * 22 + 0.01
    words = [word("BRIDGET", Box(50, 157, 170, 181)), word("ESPINOZA", Box(180, 157, 330, 208)),
             word("Your", Box(60, 192, 100, 208)), word("health", Box(105, 192, 160, 208))]
    band = reread.print_band(words, Box(50, 157, 330, 208), "BRIDGET ESPINOZA")
    assert band.top <= 158 and band.bottom >= 181
    assert band.height <= reread.BAND_HEIGHT * 24 + 0.01


class _OneLineOnly(_NoEngine):
    """An engine that reads ``text`` in an image holding one line of print, and the two
    lines run together (as a single-line read of a label over its value gives) else."""

    def __init__(self, text: str) -> None:
        self.text = text

    def recognize(self, image: Image_, *, psm: int = 0, whitelist: str | None = None,
                  local_threshold: bool = False) -> OcrPage:
        from pipeline import glyphs

        h, w = image.shape[:2]
        lines = glyphs.text_rows(image, Box(0, 0, w - 1, h - 1))
        text = self.text if len(lines) == 1 else "1D" + self.text[:4]
        return OcrPage(words=(OcrWord(text, Box(0, 0, w, h), 0.7, 0),), width=w, height=h)


def test_closer_reads_of_a_value_boxed_with_its_label_read_the_value_line_alone() -> None:
    from pipeline.process import closer_votes
    from pipeline.templates import FieldRule
    from pipeline.types import SideRead

    # Cigna's stacked 'ID#' over 541254276, which OCR boxed as one word.
    image = Image.new("L", (1011, 638), 235)
    draw = ImageDraw.Draw(image)
    draw.text((54, 241), "ID#", fill=20, font=ImageFont.truetype(
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 12))
    big = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 26)
    draw.text((54, 262), "541254276", fill=20, font=big)
    right, bottom = draw.textbbox((54, 262), "541254276", font=big)[2:]
    rule = FieldRule("member_id", ("ID",), re.compile(r"\d{9,11}"))
    reading = FieldReading(name="member_id", value="541254276", confidence=0.4, side="front",
                           label="", box=Box(54, 241, right, bottom))
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank,
                    page=OcrPage(words=(), width=1011, height=638),
                    ocr_image=np.asarray(image))
    votes = closer_votes(side, reading, rule, _OneLineOnly("541254276"), 96.0)
    assert set(votes) == {"541254276"} and len(votes["541254276"]) >= 2


def _sides(p: OcrPage) -> list[SideRead]:
    return [SideRead(side="front", decoded=cast(Any, None), card=cast(Any, None),
                     quality=cast(Any, None), page=p,
                     ocr_image=np.full((638, 1011), 255, np.uint8))]


def test_a_doubtful_birth_date_is_kept_when_closer_readings_give_it_again() -> None:
    """Wide seed 777, 0233/0294: ``Date of Birth 07/25/1997`` read at 0.45 was left out;
    two of four closer single-line readings give the same date: kept."""
    from tests.fakes import page

    p = page("Sample Health Plan\nMember ID:   W123456789\nDate of Birth:   07/25/1997@0.45\n")
    found = process.interpret([("front", p)], has_back=False)
    assert "birth_date" not in found.fields
    assert found.doubtful_extras["birth_date"].value == "07/25/1997"
    engine = FakeEngine([_line("07/25/1997")] * 2 + [_line("07/26/1997")])
    got = process.confirmed_extras(found, _sides(p), engine)
    assert got["birth_date"].value == "07/25/1997"
    assert got["birth_date"].confidence == process.CONFIRMED_CONFIDENCE
    # closer readings that agree on another date confirm nothing
    other = FakeEngine([_line("07/26/1997")] * 2)
    assert process.confirmed_extras(found, _sides(p), other) == {}


def test_a_doubtful_rx_id_that_repeats_the_member_id_is_kept_without_ocr() -> None:
    """Wide seed 777, 0180: the Rx ID ``NIJ301980686`` read at 0.00 repeats the member ID
    read confidently from other words: two readings agree, no OCR spent."""
    from tests.fakes import page

    text = "Sample Health Plan\nMember ID:   NIJ301980686\nRx ID:   {}@0.0\n"
    for rx, kept in (("NIJ301980686", True), ("NIJ30198068601", True),
                     ("NIJ301980680", False)):
        p = page(text.format(rx))
        found = process.interpret([("front", p)], has_back=False)
        assert "rx_id" not in found.fields and "rx_id" in found.doubtful_extras
        engine = FakeEngine([])
        got = process.confirmed_extras(found, _sides(p), engine)
        assert (got.get("rx_id") is not None and got["rx_id"].value == rx) is kept
        assert engine.calls == 0


def test_closer_readings_that_lose_the_pages_initial_leave_its_name() -> None:
    """Wide card 0256: the page read ``BETTY I ABERNATHY`` (the I a bare stroke at 0.87);
    three closer readings give ``BETTY ABERNATHY``: the initial read as nothing."""
    found, sides = _name_card(0.6)
    reading = replace(found.fields["member_name"], value="NIKOLAT I MCALLISTER")
    found = replace(found, fields={**found.fields, "member_name": reading})
    engine = FakeEngine([_line("NIKOLAT", "MCALLISTER")] * 4)
    assert process.reread_name(found, sides, engine) == {}
    assert process.lost_initial("BETTY ABERNATHY", "BETTY I ABERNATHY")
    assert not process.lost_initial("BETTY ABERNATHY", "BETTY IO ABERNATHY")


def test_a_name_read_in_part_is_a_longer_closer_readings_part() -> None:
    """Range 3333's 0272: ``GUADALUPE INGTON`` in a hand's shadow, read closer four times
    ``GUADALUPE N WASHINGTON III``."""
    assert process.read_in_part("GUADALUPE INGTON", "GUADALUPE N WASHINGTON III")
    assert not process.read_in_part("Core ONE G", "O'BRIEN, SUNIL G")  # other letters
    assert not process.read_in_part("JOHN SMITH", "JOHN SMITH")  # nothing more
    assert not process.read_in_part("SMITH JOHN", "JOHN Q SMITH")  # out of turn
    assert not process.read_in_part("J SMITH", "JOHN Q SMITH")  # a lone letter proves nothing


def test_a_kept_name_stays_where_a_closer_reading_reads_it_as_the_page_did() -> None:
    """Range 3333's 0260: ``KOWALCZYK`` on the page and in one closer reading,
    ``KOWALCZVK`` in three: one letter read otherwise is no better reading."""
    found, sides = _name_card(0.6)
    engine = FakeEngine([_line("NIKOLAI", "MCALLISTER")] * 3 + [_line("NIKOLAT", "MCALLISTER")])
    assert process.reread_name(found, sides, engine) == {}
    engine = FakeEngine([_line("NIKOLAI", "MCALLISTER")] * 4)  # all four: the page misread
    assert process.reread_name(found, sides, engine)["member_name"].value == "NIKOLAI MCALLISTER"


def test_a_surname_first_name_with_one_given_name_may_hide_its_initial() -> None:
    """Range 5555's 0104 ``PHAM, CONNORR`` (``CONNOR R``), 0140 ``WASHINGTON, ADA`` (``ADA
    K``): read closer, though OCR was sure of each word. Not a name with its initial, nor
    one printed given name first, nor a suffix after the comma."""
    assert process.lone_given_name("PHAM, CONNORR")
    assert process.lone_given_name("WASHINGTON, ADA")
    assert not process.lone_given_name("PHAM, CONNOR R")
    assert not process.lone_given_name("CONNOR PHAM")
    assert not process.lone_given_name("PHAM, III")
    assert not process.lone_given_name("PHAM,")


def test_a_kept_name_is_not_replaced_by_one_ending_in_a_lone_letter() -> None:
    """Range 5555's 0152: ``STELLA R KOWALCZYK III`` read closer ``STELLAR KOWALCZYK H``."""
    found, sides = _name_card(0.6)
    engine = FakeEngine([_line("NIKOLAI", "MCALLISTER", "H")] * 4)
    assert process.reread_name(found, sides, engine) == {}
    assert process.lone_letter_end("PHAM, CONNOR R") and not process.lone_letter_end("R")


def test_closer_readings_losing_a_thin_letter_of_a_word_are_no_correction() -> None:
    """Range 5555's 0095: ``JOHN SMITH II`` read closer ``JOHN SMITH I`` three times."""
    assert process.lost_stroke("JOHN SMITH I", "JOHN SMITH II")
    assert process.lost_stroke("ELAH P BERGSTROM", "ELIJAH P BERGSTROM") is False  # two
    assert not process.lost_stroke("JOHN SMITH II", "JOHN SMITH I")  # one added
    assert not process.lost_stroke("JOHN SMIT II", "JOHN SMITH II")  # no thin letter


def test_closer_readings_split_between_spacings_take_the_one_parting_more_words() -> None:
    """Range 5555's 0104: ``PHAM, CONNOR R`` twice, ``PHAM, CONNORR`` twice."""
    counts = {"PHAM, CONNOR R": 2, "PHAM, CONNORR": 2}
    assert reread.spaced_tie(counts, "PHAM, CONNORR") == "PHAM, CONNOR R"
    assert reread.spaced_tie(counts, "PHAM, CONNOR R") is None  # the page parts as many
    assert reread.spaced_tie({**counts, "PHAM, CONNOB": 4}, "PHAM, CONNORR") is None
    assert reread.spaced_tie({"PHAM, CONNOR R": 1, "PHAM, CONNORR": 3}, "PHAM, CONNORR") is None


def test_closer_readings_tied_between_the_page_and_other_letters_dispute_it() -> None:
    """Range 3333's 0291: ``ELIJAH P BERGSTROM`` twice, ``ELUAH P BERGSTROM`` twice and on
    the page: the page's letters are disputed. No tie, a tie of spacings, a thin stroke
    lost (1111's 0334) or a page's text read sure each time (1111's 0238) disputes
    nothing."""
    votes = {"ELIJAH P BERGSTROM": [0.0, 0.0], "ELUAH P BERGSTROM": [0.92, 0.0]}
    assert reread.tied_rival(votes, "ELUAH P BERGSTROM") == "ELIJAH P BERGSTROM"
    assert reread.tied_rival({**votes, "ELUAH P BERGSTROM": [0.9, 0.5, 0.4]},
                             "ELUAH P BERGSTROM") is None
    assert reread.tied_rival({"PHAM, CONNOR R": [0.5, 0.5], "PHAM, CONNORR": [0.5, 0.5]},
                             "PHAM, CONNORR") is None
    assert reread.tied_rival({"ANA RUIZ": [0.5], "ANA RUZ": [0.5]}, "ANA RUIZ") is None
    assert reread.tied_rival(votes, "ELIAH P BERGSTROM") is None  # the page's not among them
    assert reread.tied_rival({"SUNIL N UNDERWOOD II": [0.75, 0.75], "SUNIL N UNDERWOOD I": [
        0.08, 0.0]}, "SUNIL N UNDERWOOD II") is None
    assert reread.tied_rival({"Levi A Underweed": [0.7, 0.7], "Levi A Underwood": [
        0.94, 0.95]}, "Levi A Underwood") is None


def test_a_speck_after_an_initial_in_a_capitals_name_is_dropped() -> None:
    """Range 5555's 0016: ``MACDONALD, ADA J.`` read closer ``MACDONALD, ADA Je``."""
    assert reread.initial_speckless("MACDONALD, ADA Je") == "MACDONALD, ADA J"
    assert reread.initial_speckless("pS NIKOLAI MCALLISTER") == "pS NIKOLAI MCALLISTER"
    assert reread.initial_speckless("Anna Le Cruz") == "Anna Le Cruz"  # title case


def test_a_name_starting_right_of_its_column_has_lost_its_first_letters() -> None:
    """Range 5555's 0362: glare washed ``GU`` out of ``GUADALUPE``, read ``ADALUPE`` well,
    two lines under it starting where the name should; 3333's 0136: a name after its label
    on its row, and prose above it starting near each other, are no such column."""
    name = Box(140, 200, 400, 224)
    column = [word("PLAN", Box(95, 250, 160, 270)), word("CERTIFICATE", Box(95, 274, 260, 282))]
    assert process.start_lost(column, name)
    assert not process.start_lost([*column, word("ID", Box(140, 250, 170, 270))], name)
    label = word("SUBSCRIBER:", Box(20, 200, 130, 224))
    assert not process.start_lost([*column, label], name)
    prose = [word("Liberty", Box(109, 250, 160, 270)), word("ID:", Box(106, 274, 130, 282))]
    assert not process.start_lost(prose, name)


def test_a_kept_name_is_not_replaced_by_one_starting_with_a_lone_letter() -> None:
    """A speck at the closer line's start read as a letter (``P AARON GALLAGHER``)."""
    found, sides = _name_card(0.6)
    engine = FakeEngine([_line("P", "NIKOLAT", "MCALLISTER")] * 4)
    assert process.reread_name(found, sides, engine) == {}
    assert process.lone_letter_start("P AARON GALLAGHER")
    assert not process.lone_letter_start("PHAM, CONNOR R")


def _turned(side: SideRead, rotation: int) -> SideRead:
    card = CardImage(pixels=side.ocr_image, card_to_photo=np.eye(3), found=True,
                     card_width_px=1011.0, rotation=rotation)
    return replace(side, card=card)


def test_a_name_a_second_look_lost_comes_back_as_the_earlier_reading_gave_it() -> None:
    """A second look read for a lost member ID may lose the name the first reading gave
    (a label's small print): the earlier name comes back in doubt where its side stands as
    then and its label was read whole."""
    named, sides = _name_card(0.9)
    lost, _ = _name_card(0.9, dropped=True)
    lost = replace(lost, doubtful_name=None)
    upright = [_turned(sides[0], 0)]
    seen = process.seen_name(named, upright)
    back = process.name_lost(lost, upright, seen)
    assert back is not None and back.value == named.fields["member_name"].value
    assert back.confidence < fields.NAME_MIN_CONFIDENCE  # in doubt till closer reads confirm
    assert process.name_lost(named, upright, seen) is None  # the name is read now
    assert process.name_lost(lost, [_turned(sides[0], 180)], seen) is None  # turned since
    in_part = replace(named.fields["member_name"], label="So MemberName", label_score=0.86)
    in_part_seen = [replace(seen[0], reading=in_part)]
    assert process.name_lost(lost, upright, in_part_seen) is None
    unlabelled = [replace(seen[0], reading=replace(named.fields["member_name"], label=""))]
    alone = process.name_lost(lost, upright, unlabelled)  # no other name on its side
    assert alone is not None and alone.confidence < fields.NAME_MIN_CONFIDENCE
    rival = (word("ADRIAN", Box(218, 300, 320, 319), 0.9),
             word("T", Box(330, 300, 345, 319), 0.9), word("BROOKS", Box(355, 300, 470, 319), 0.9))
    beside = [replace(upright[0], page=replace(
        upright[0].page, words=upright[0].page.words + rival))]
    assert process.name_lost(lost, beside, unlabelled) is None  # maybe one of two names


def test_a_lost_name_is_alone_only_where_no_other_name_stands_on_its_side() -> None:
    """A dependant's name read beside the member's is a rival the later reading may have
    left the member's name out for; a plan's or a label's words are none."""
    box = Box(218, 235, 518, 254)
    name = [word("CALEB", Box(218, 235, 300, 254), 0.9),
            word("REYES", Box(310, 235, 400, 254), 0.9)]
    plan = [word("Plan:", Box(218, 200, 270, 219), 0.9),
            word("PPO", Box(280, 200, 330, 219), 0.9)]
    assert process.name_alone([*name, *plan], box)
    dependant = [word("ZOEY", Box(600, 235, 670, 254), 0.9),
                 word("QUINTERO", Box(680, 235, 800, 254), 0.9)]
    assert not process.name_alone([*name, *plan, *dependant], box)


def test_a_name_in_doubt_both_engines_read_alike_comes_back() -> None:
    """Range 1111's 0085: ``LATOYA M GALLAGHER`` read well first, lost by a second look,
    read again by the second engine with the same letters: two engines agree on the print
    and its place. A second engine reading other letters, or a name read already, or a
    suffix cut short (both may misread ``III``), gives nothing."""
    lost, sides = _name_card(0.9, dropped=True)
    upright = [_turned(sides[0], 0)]
    doubtful = lost.doubtful_name
    assert doubtful is not None
    second = {"member_name": replace(doubtful, value="NIKOLAT MCALLISTER", confidence=1.0)}
    back = process.name_both_engines_read(lost, second, upright)["member_name"]
    assert back.value == "NIKOLAT MCALLISTER" and back.box == doubtful.box
    assert back.confidence >= fields.NAME_MIN_CONFIDENCE
    other = {"member_name": replace(doubtful, value="NIKOLAI MCALLISTER")}
    assert process.name_both_engines_read(lost, other, upright) == {}
    named, _ = _name_card(0.9)
    assert process.name_both_engines_read(named, second, upright) == {}
    # Only an earlier reading gave it, on the side as it stands now: it comes back too.
    gone = replace(lost, doubtful_name=None)
    seen = process.seen_name(named, upright)
    assert process.name_both_engines_read(gone, second, upright, seen)["member_name"].value == (
        "NIKOLAT MCALLISTER")
    # Turned since, its words now holding no such name: the earlier box is in another frame.
    blank = replace(sides[0], page=replace(sides[0].page, words=()))
    assert process.name_both_engines_read(gone, second, [_turned(blank, 180)], seen) == {}
    cut = replace(lost, doubtful_name=replace(doubtful, value="CONNOR B BROOKS I"))
    cut_second = {"member_name": replace(doubtful, value="CONNOR B BROOKS I")}
    assert process.name_both_engines_read(cut, cut_second, upright) == {}


def test_a_suffix_the_second_engine_read_on_is_put_on() -> None:
    """Range 1212's 0063: Tesseract left the strokes of ``III`` out as a speck (``JANE Q
    SAMPLE``); the second engine read ``JANE Q SAMPLE III``. Other letters, a name ending
    in a suffix already, or one printed surname first, get nothing."""
    kept = FieldReading("member_name", "JANE Q SAMPLE", 0.83, "front", "", Box(50, 195, 340, 223))
    assert process.suffix_read_on(kept, replace(kept, value="JANE Q SAMPLE III")) == "III"
    assert process.suffix_read_on(kept, replace(kept, value="JANE Q SAMPLEIII")) == "III"
    assert process.suffix_read_on(kept, replace(kept, value="JANE Q SAMPLES")) is None
    assert process.suffix_read_on(kept, replace(kept, value="JANE Q SAMPLE")) is None
    done = replace(kept, value="JANE Q SAMPLE II")
    assert process.suffix_read_on(done, replace(kept, value="JANE Q SAMPLE III")) is None
    first = replace(kept, value="SAMPLE, JANE")
    assert process.suffix_read_on(first, replace(kept, value="SAMPLE, JANE JR")) is None


def test_the_name_both_engines_read_replaces_other_words_tesseract_took() -> None:
    """Range 1212's 0113: Tesseract took a plan's ``Pian PPOBlue`` (its ``Plan`` label
    misread) for the member's name; the second engine names ``NIKOLAT MCALLISTER``, which
    Tesseract read alike on the side: that run is the name. A name the second engine
    reads but Tesseract nowhere does changes nothing."""
    named, sides = _name_card(0.9)
    plan = replace(named.fields["member_name"], value="Pian PPOBlue")
    found = replace(named, fields={"member_name": plan})
    second = {"member_name": replace(plan, value="NIKOLAT MCALLISTER", confidence=1.0)}
    got = process.name_both_engines_read(found, second, sides)["member_name"]
    assert got.value == "NIKOLAT MCALLISTER" and got.box == Box(218, 235, 518, 254)
    unread = {"member_name": replace(plan, value="HAZEL D OYELARAN")}
    assert process.name_both_engines_read(found, unread, sides) == {}
    # 1212's 0336: Tesseract took another person's name printed apart ('Elijah Jensen',
    # the member): either may be the member's, so the engines' disagreement changes nothing.
    person = replace(plan, value="Elijah Jensen", box=Box(218, 300, 400, 319))
    assert process.name_both_engines_read(
        replace(named, fields={"member_name": person}), second, sides) == {}
    school = replace(person, value="Lakeside County")  # a school's name is no person's
    assert process.name_both_engines_read(
        replace(named, fields={"member_name": school}), second, sides) != {}


def test_both_engines_read_a_name_alike_only_parted_as_much() -> None:
    """Range 1111's 0119: Tesseract's ``LEVID BERGSTROM`` has the letters of the second
    engine's ``LEVI D BERGSTROM`` but lost a space: no agreement on its words. A reading
    parting more words agrees (the second engine lost a space); a suffix glued on or cut
    short never does."""
    assert process.read_alike("LEVI D BERGSTROM", "LEVI D BERGSTROM")
    assert not process.read_alike("LEVID BERGSTROM", "LEVI D BERGSTROM")
    assert process.read_alike("JOHN Q MEMBER III", "JOHN Q MEMBERIII")
    assert not process.read_alike("DOLORES BENNETTJR", "DOLORES BENNETTJR")
    assert not process.read_alike("CONNOR B BROOKS I", "CONNOR B BROOKS I")


def test_a_name_only_the_words_hold_is_not_taken_beside_another_person() -> None:
    """Range 1111's 0108: the second engine, blind to a name under glare, named the other
    person printed under it; Tesseract read both. Another person's name on the side (an
    initial, a suffix or ``LAST,`` first tell one) keeps the name out, but one the second
    engine names otherwise (the subscriber)."""
    lost, sides = _name_card(0.9, dropped=True)
    gone = replace(lost, doubtful_name=None)
    reading = replace(cast(FieldReading, lost.doubtful_name), confidence=1.0)
    second = {"member_name": reading}
    assert process.name_both_engines_read(gone, second, sides)["member_name"].value == (
        "NIKOLAT MCALLISTER")
    other = (word("DELACRUZ,", Box(40, 114, 200, 150), 0.12),
             word("SIOBHAN", Box(212, 114, 360, 150), 0.92))
    both = [replace(sides[0], page=replace(sides[0].page, words=sides[0].page.words + other))]
    assert process.name_both_engines_read(gone, second, both) == {}
    named = {**second, "subscriber_name": replace(reading, name="subscriber_name",
                                                  value="DELACRUZ, SIOBHAN")}
    assert process.name_both_engines_read(gone, named, both)["member_name"].value == (
        "NIKOLAT MCALLISTER")


def test_a_dependant_under_its_list_head_is_no_rival_to_the_name_both_engines_read() -> None:
    """Range 2222's 0344: the member's name under the logo, a dependant's under
    ``Dependents`` (the generator's truth: the member MACDONALD, NIKOLAI, the dependant
    NAVARRO, ROSA). The listed person is no rival; unlisted, it still is one."""
    lost, sides = _name_card(0.9, dropped=True)
    gone = replace(lost, doubtful_name=None)
    second = {"member_name": replace(cast(FieldReading, lost.doubtful_name), confidence=1.0)}
    person = (OcrWord("NAVARRO,", Box(218, 300, 360, 319), 0.96, line=2),
              OcrWord("ROSA", Box(372, 300, 450, 319), 0.96, line=2))
    head = (OcrWord("Dependents", Box(218, 268, 380, 287), 0.96, line=1),)
    listed = [replace(sides[0], page=replace(sides[0].page,
                                             words=sides[0].page.words + head + person))]
    assert process.name_both_engines_read(gone, second, listed)["member_name"].value == (
        "NIKOLAT MCALLISTER")
    unlisted = [replace(sides[0], page=replace(sides[0].page,
                                               words=sides[0].page.words + person))]
    assert process.name_both_engines_read(gone, second, unlisted) == {}


def test_the_second_engine_mends_only_the_words_tesseract_doubted() -> None:
    """Range 4242's 0037: Tesseract read ``NORA`` at 0.93 and ``ZIMMER*AN`` at 0.03; the
    second engine read ``NORA ZIMMERMAN`` (the generator's truth) over the same print: the
    word Tesseract doubted takes the second engine's letters. A word Tesseract read surely
    with other letters, other parting, or no surely read word of the name, gives nothing."""
    lost, sides = _name_card(0.9, dropped=True)
    gone = replace(lost, doubtful_name=None)
    box = Box(218, 235, 518, 254)
    second = FieldReading("member_name", "NORA ZIMMERMAN", 0.9, "front", "", box)

    def side(first: float, last: float, text: str = "ZIMMER*AN") -> list[SideRead]:
        words = (word("NORA", Box(218, 235, 300, 254), first),
                 word(text, Box(312, 235, 518, 254), last))
        return [replace(sides[0], page=replace(sides[0].page, words=words))]

    got = process.name_both_engines_read(gone, {"member_name": second}, side(0.93, 0.03))
    assert got["member_name"].value == "NORA ZIMMERMAN"
    assert got["member_name"].box == box
    assert process.name_both_engines_read(gone, {"member_name": second}, side(0.93, 0.9)) == {}
    assert process.name_both_engines_read(gone, {"member_name": second}, side(0.3, 0.03)) == {}
    apart = replace(second, value="NORA ZIMMER MAN")
    assert process.name_both_engines_read(gone, {"member_name": apart}, side(0.93, 0.03)) == {}
    elsewhere = replace(second, box=Box(218, 400, 518, 419))
    assert process.name_both_engines_read(gone, {"member_name": elsewhere},
                                          side(0.93, 0.03)) == {}


def test_the_second_engine_agrees_with_the_name_less_its_label() -> None:
    """Range 3434's 0085 and 0382: Tesseract read the name after its label on one row
    (``Insured Tomas: Castillo``; ``FNROLLEE: TOMAS R SINGH``, the label misread), the
    second engine the name alone (the generator's truth: ``Tomas Castillo``, ``TOMAS R
    SINGH``): a label's words, or a first word ending in a colon, are no part of the
    name. The name's own first word with a speck's colon (``Tomas:``) still is one."""
    lost, sides = _name_card(0.9, dropped=True)
    gone = replace(lost, doubtful_name=None)

    def read(texts: list[tuple[str, float]], value: str) -> dict[str, FieldReading]:
        words = tuple(OcrWord(t, Box(100 + 120 * k, 235, 210 + 120 * k, 254), c, line=0)
                      for k, (t, c) in enumerate(texts))
        side = [replace(sides[0], page=replace(sides[0].page, words=words))]
        second = FieldReading("member_name", value, 1.0, "front", "",
                              Box(220, 235, 100 + 120 * len(texts) - 10, 254))
        return process.name_both_engines_read(gone, {"member_name": second}, side)

    got = read([("Insured", 0.96), ("Tomas:", 0.59), ("Castillo", 0.97)], "Tomas Castillo")
    assert got["member_name"].value == "Tomas Castillo"
    got = read([("FNROLLEE:", 0.92), ("TOMAS", 0.93), ("R", 0.93), ("SINGH", 0.96)],
               "TOMAS R SINGH")
    assert got["member_name"].value == "TOMAS R SINGH"
    assert read([("FNROLLEE", 0.92), ("TOMAS", 0.93), ("R", 0.93), ("SINGH", 0.96)],
                "TOMAS R SINGH") == {}  # no colon: a word of the name's row, maybe its own


class _SecondPage:
    """A second engine's page reader reading the given words on any side it is shown."""

    def __init__(self, words: tuple[OcrWord, ...]) -> None:
        self.words, self.calls = words, 0

    def read(self, pixels: Any) -> OcrPage:
        self.calls += 1
        return OcrPage(words=self.words, width=1011, height=638)


def test_a_name_left_out_is_read_by_the_second_engine_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """9696's 0294 and 9797's 0049: the member's name left out for doubt with its member ID
    and group read well, so no second look read the card: the second engine reads the
    name's side and names it as Tesseract read it, which brings it back. A card with its
    name kept is not read again."""
    lost, sides = _name_card(0.9, dropped=True)
    upright = [_turned(sides[0], 0)]
    reader = _SecondPage((word("Name:", Box(100, 235, 190, 254)),
                          word("NIKOLAT", Box(218, 235, 330, 254)),
                          word("MCALLISTER", Box(345, 235, 518, 254))))
    monkeypatch.setattr(ppocr, "page_reader", lambda: reader)
    got = process.name_by_second_engine(lost, upright, False, (), Config())
    assert got["member_name"].value == "NIKOLAT MCALLISTER"
    assert got["member_name"].confidence >= fields.NAME_MIN_CONFIDENCE
    named, _ = _name_card(0.9)
    calls = reader.calls
    assert process.name_by_second_engine(named, upright, False, (), Config()) == {}
    assert reader.calls == calls


def _lost_name_card(*others: tuple[str, Box]) -> tuple[Any, list[SideRead], FieldReading]:
    """A card's meaning with no member's name, trusted or in doubt: Tesseract's page of its
    front holds only ``others`` (text, box) where the second engine read the name
    ``JACOB M BERGSTROM`` (12222's 0232: the name beside a small label an ellipse crossed,
    lost by Tesseract's page)."""
    found, sides = _name_card(0.9, dropped=True)
    gone = replace(found, doubtful_name=None)
    words = tuple(word(t, b) for t, b in others)
    side = [replace(sides[0], page=replace(sides[0].page, words=words))]
    second = FieldReading("member_name", "JACOB M BERGSTROM", 0.89, "front", "",
                          Box(81, 204, 389, 238))
    return gone, side, second


def test_a_name_only_the_second_engine_read_is_taken_where_closer_reads_agree() -> None:
    """12222's 0232: the second engine read ``JACOB M BERGSTROM`` where Tesseract's page
    read nothing; two closer readings of its line give its letters: the name, confirmed.
    Closer readings that misread it (the ellipse's stroke through the J: ``TACOB``) give
    none, nor does a name Tesseract's page holds elsewhere by its evidence (another
    person the member may be), nor a second engine's name holding a card word."""
    found, sides, second = _lost_name_card(("Open", Box(83, 140, 156, 169)))
    engine = FakeEngine([_line("JACOB", "M", "BERGSTROM")] * 2)
    got = process.name_read_closer(found, second, sides, engine)
    assert got["member_name"].value == "JACOB M BERGSTROM"
    assert got["member_name"].confidence >= fields.NAME_MIN_CONFIDENCE
    misread = FakeEngine([_line("TACOB", "M", "BERGSTROM")] * 4)
    assert process.name_read_closer(found, second, sides, misread) == {}
    found, sides, second = _lost_name_card(("ZOEY", Box(81, 420, 160, 445)),
                                           ("K", Box(175, 420, 190, 445)),
                                           ("ALVAREZ", Box(205, 420, 330, 445)))
    engine = FakeEngine([_line("JACOB", "M", "BERGSTROM")] * 2)
    assert process.name_read_closer(found, second, sides, engine) == {}
    found, sides, second = _lost_name_card()
    carded = replace(second, value="JACOB M PCP")
    assert process.name_read_closer(found, carded, sides, engine) == {}


def test_a_rival_the_second_engine_reads_under_a_list_head_is_no_rival() -> None:
    """12222's 0212: Tesseract lost the small ``Covered Members`` over ``BRIDGET L
    BENNETT``, a dependant, and so took that name for a rival to the member's ``CONNOR
    REYES``; the second engine read the heading over the same print: the name is one of a
    list, no rival."""
    mine = (word("BRIDGET", Box(59, 405, 205, 455)), word("L", Box(218, 431, 236, 455)),
            word("BENNETT", Box(246, 431, 403, 455)))
    theirs = (word("Covered", Box(42, 394, 114, 427)), word("Members", Box(118, 394, 196, 427)),
              word("BRIDGET", Box(62, 424, 208, 461)), word("L", Box(217, 424, 239, 461)),
              word("BENNETT", Box(248, 424, 406, 461)))
    assert not process.listed(mine, [0, 1, 2])
    assert process.listed(mine, [0, 1, 2], theirs)
    assert process.rival_named(mine, Box(46, 125, 340, 168))
    assert not process.rival_named(mine, Box(46, 125, 340, 168), theirs)


def test_a_subscriber_taken_for_the_member_gives_way_to_the_member_the_second_engine_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """12626's 0196: Tesseract misread ``O'BRIEN, MIA`` under an explainer's ellipse, so the
    card seemed to name only its subscriber, ``SEAMUS ST JOHN``, taken as the member. The
    second engine reads the member's name apart from the subscriber's: taken where
    Tesseract's closer readings of its print agree; left out for doubt where they do not.
    Where the second engine names the subscriber too, the name stands."""
    generic, _ = load_templates()
    sub_box = Box(50, 370, 320, 400)
    subscriber = FieldReading("subscriber_name", "SEAMUS ST JOHN", 0.88, "front",
                              "SUBSCRIBER NAME", sub_box)
    found = Interpretation(
        template=generic, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0),
        fields={"subscriber_name": subscriber,
                "member_name": replace(subscriber, name="member_name")},
        distractors=(), portal={}, reasons=())
    def lined(text: str, box: Box, line: int, confidence: float = 0.95) -> OcrWord:
        return OcrWord(text=text, box=box, confidence=confidence, line=line)

    mine = (lined("OBRI", Box(50, 140, 140, 170), 0, 0.3),
            lined("SUBSCRIBER", Box(50, 340, 160, 355), 1),
            lined("NAME", Box(165, 340, 215, 355), 1),
            lined("SEAMUS", Box(50, 370, 170, 400), 2), lined("ST", Box(180, 370, 215, 400), 2),
            lined("JOHN", Box(225, 370, 320, 400), 2))
    side = SideRead(side="front", decoded=cast(Any, None), card=cast(Any, None),
                    quality=cast(Any, None), page=OcrPage(words=mine, width=1011, height=638),
                    ocr_image=np.full((638, 1011), 255, np.uint8))
    sides = [_turned(side, 0)]
    theirs = (lined("O'BRIEN,", Box(50, 140, 190, 170), 0),
              lined("MIA", Box(200, 140, 270, 170), 0), *mine[1:])
    monkeypatch.setattr(ppocr, "page_reader", lambda: _SecondPage(theirs))

    def other(engine: OcrEngine) -> dict[str, FieldReading]:
        return process.subscriber_named_otherwise(found, sides, False, (), Config(),
                                                  engine=engine)

    got = other(FakeEngine([_line("O'BRIEN,", "MIA")] * 2))
    assert got["member_name"].value == "O'BRIEN, MIA"
    assert got["member_name"].confidence >= fields.NAME_MIN_CONFIDENCE
    got = other(FakeEngine([_line("OBRIEN,", "MLA")] * 4))
    assert got["member_name"].value == "SEAMUS ST JOHN"
    assert got["member_name"].confidence < fields.NAME_MIN_CONFIDENCE
    monkeypatch.setattr(ppocr, "page_reader", lambda: _SecondPage(mine[1:]))
    assert other(FakeEngine([_line("O'BRIEN,", "MIA")] * 2)) == {}
