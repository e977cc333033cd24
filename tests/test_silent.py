"""Silent errors (issue 12): a wrong value must not go out confident and unreviewed
(fake OCR pages: tests/fakes.py; drawn cards: tests/drawn.py)."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

import cv2
import numpy as np
import pytest

from pipeline import glyphs
from pipeline.config import Config
from pipeline.ocr import FakeEngine
from pipeline.process import (
    CONFIRMED_CONFIDENCE,
    UNCONFIRMED_CONFIDENCE,
    Interpretation,
    confirmed_doubtful,
    digit_opens_letters,
    ends_faded,
    glyph_more_read,
    goes_on,
    interpret,
    reread_values,
    start_read_apart,
    start_unread,
)
from pipeline.templates import load_templates
from pipeline.types import Box, CardImage, OcrPage, OcrWord, SideRead
from tests.fakes import page, read, value


def _side(text: str) -> SideRead:
    blank: Any = None
    return SideRead(side="front", decoded=blank, card=blank, quality=blank, page=page(text),
                    ocr_image=cast(Any, np.full((638, 1011), 255, np.uint8)))


def _closer_reads(text: str) -> FakeEngine:
    """Closer single-line reads that all give ``text`` at Tesseract's 0 score for words
    mixing letters and digits."""
    return FakeEngine([OcrPage(words=(OcrWord(text, Box(10, 10, 300, 40), 0.0, 0),),
                               width=400, height=60) for _ in range(16)])


@pytest.mark.parametrize(("id_words", "confirmed"), [
    # Premera's QQX prefix printed apart, its Q read O at 0.39 (3333's 0244): closer reads
    # of the whole line repeat the misreading, which confirms nothing of the prefix.
    ("QOX@0.39 3637498776", False),
    ("QOX 3637498776@0.39", False),
    # One word mixing letters and digits: its low score is Tesseract's habit, and the
    # closer reads agreeing make up for it.
    ("QOX3637498776@0.39", True),
    # Both parts read fairly surely.
    ("QOX@0.65 3637498776@0.62", True),
])
def test_closer_reads_do_not_confirm_past_a_weak_part(id_words: str, confirmed: bool) -> None:
    for text in (f"Premera Blue Cross\nLUNA E ESPINOZA\n{id_words}\nGROUP NO.\n5972540\n",
                 f"Premera Blue Cross\nMember ID {id_words}\nGroup 5972540\n"):
        r = read(text)
        assert value(r, "member_id") == "QOX3637498776"
        got = reread_values(r, [_side(text)], _closer_reads("QOX3637498776"), Config())
        member = got.get("member_id", r.fields["member_id"])
        assert (member.confidence >= Config().member_id_min_confidence) is confirmed, text


def test_closer_reads_confirming_a_doubtful_page_reading_leave_it_to_the_line_reader() -> None:
    # Fresh 10606's 0027 (motion blur): 'Z60090669' read '260090669' at 0.33 on the page
    # and again by the closer reads, at 0.90: one engine's habit twice. The value stays
    # under the line reader's bar, so the second engine reads its print.
    from pipeline.crosscheck import LINE_CHECK_BELOW

    text = "HealthPartners\nMember ID 260090669@0.33\nGroup ID 7077141\n"
    r = read(text)
    assert value(r, "member_id") == "260090669"
    reads = FakeEngine([OcrPage(words=(OcrWord("260090669", Box(10, 10, 300, 40), 0.97, 0),),
                                width=400, height=60) for _ in range(16)])
    got = reread_values(r, [_side(text)], reads, Config())["member_id"]
    assert got.value == "260090669"
    assert Config().member_id_min_confidence <= got.confidence < LINE_CHECK_BELOW


@pytest.mark.parametrize("id_words", ["Member ID\nQOX@0.45 3637498776",
                                      "Member ID QOX 3637498776@0.45"])
def test_reads_at_two_scales_do_not_confirm_a_labelled_value_past_a_weak_part(
        id_words: str) -> None:
    text = f"Premera Blue Cross\n{id_words}\nGroup 5972540\n"
    r = read(text)
    assert r.fields["member_id"].label == "Member ID"
    got = confirmed_doubtful(r, [_side(text)], _closer_reads("QOX3637498776"), Config())
    assert "member_id" not in got
    # The same value read as one word at that score: confirmed.
    text = "Premera Blue Cross\nMember ID\nQOX3637498776@0.45\nGroup 5972540\n"
    r = read(text)
    got = confirmed_doubtful(r, [_side(text)], _closer_reads("QOX3637498776"), Config())
    assert got["member_id"].confidence == CONFIRMED_CONFIDENCE


def _tilted_policy(value_words: list[OcrWord]) -> Interpretation:
    """A UHC Student Resources front on a tilted photo (3333's 0172, OCR's boxes): the
    policy number's first word boxed up into its label's row."""
    words = [
        OcrWord("UnitedHealthcare", Box(130, 40, 560, 80), 0.95, 0),
        OcrWord("StudentResources", Box(130, 86, 577, 126), 0.91, 1),
        OcrWord("Policy", Box(527, 217, 573, 235), 0.97, 3),
        OcrWord("Number", Box(579, 216, 642, 231), 0.96, 3),
        OcrWord("Pinecrest", Box(47, 214, 167, 235), 0.97, 4),
        OcrWord("Institute", Box(177, 215, 289, 235), 0.97, 4),
        *value_words,
        OcrWord("Member", Box(48, 333, 139, 352), 0.97, 9),
        OcrWord("ID", Box(147, 333, 168, 352), 0.9, 9),
        OcrWord("JU4375332", Box(177, 332, 322, 352), 0.9, 9),
    ]
    return interpret([("front", OcrPage(words=tuple(words), width=1011, height=638))],
                     has_back=False)


def test_a_label_word_over_a_tilted_value_does_not_cut_it_short() -> None:
    r = _tilted_policy([OcrWord("2019-", Box(527, 220, 596, 256), 0.87, 5),
                        OcrWord("205-2", Box(598, 235, 667, 256), 0.94, 5)])
    assert r.carrier.template_id == "uhc_student_resources"
    assert value(r, "group_number") == "2019-205-2"



def test_a_value_read_to_a_hyphen_is_not_trusted() -> None:
    # Its rest lost (a label word stopped the run, a glare or fold hid it).
    r = _tilted_policy([OcrWord("2019-", Box(527, 240, 596, 261), 0.87, 5)])
    assert value(r, "group_number") == "2019"
    assert r.fields["group_number"].confidence < Config().group_min_confidence


@pytest.mark.parametrize(("front", "carrier", "member"), [
    # A Blue plan's prefix that spells another carrier's name (3333's 0047), printed as
    # the ID's prefix under the member's name: the ID's, no carrier's.
    ("Highmark Blue Shield\nCommunity Blue Flex\nRafael Kwame Washington\nUMR 7343395390\n"
     "GROUP NO.\n55854420\n", "highmark", "UMR7343395390"),
    ("Highmark Blue Shield\nMember ID UMR 7343395390\nGroup 55854420\n",
     "highmark", "UMR7343395390"),
    # The carrier's own name beside a number further off, or above it, still names it.
    ("UMR\nMember ID 7343395390\nGroup 55854420\n", "umr", "7343395390"),
    ("Highmark Blue Shield\nUMR      Member ID 7343395390\nGroup 55854420\n", "umr",
     "7343395390"),
])
def test_a_member_ids_prefix_is_no_carriers_name(front: str, carrier: str, member: str) -> None:
    r = read(front)
    assert r.carrier.template_id == carrier
    assert value(r, "member_id") == member


def _veiled_card(start: str, start_grey: int, gap_chars: int = 0) -> tuple[np.ndarray, Box]:
    """A card's grey levels (paper 245) with ``start`` printed at ``start_grey`` (a glare's
    veil lifts print towards the paper) just before ``66FL3400220`` in dark print; and
    the box (card pixels) of the dark part alone, as OCR reads it when the start fades."""
    img = np.full((638, 1011), 245, np.uint8)
    font, scale, thick = cv2.FONT_HERSHEY_SIMPLEX, 0.9, 2
    x, y = 280, 260
    cv2.putText(img, start, (x, y), font, scale, start_grey, thick)
    (w, _), _ = cv2.getTextSize(start + " " * gap_chars, font, scale, thick)
    cv2.putText(img, "66FL3400220", (x + w, y), font, scale, 40, thick)
    (vw, vh), base = cv2.getTextSize("66FL3400220", font, scale, thick)
    return img, Box(x + w, y - vh - 1, x + w + vw, y + base - 3)


def _card_side(img: np.ndarray, words: tuple[OcrWord, ...]) -> SideRead:
    """A front side of card pixels ``img`` (1011 x 638) whose page read ``words``."""
    blank: Any = None
    card = CardImage(pixels=img, card_to_photo=np.eye(3), found=True, card_width_px=1011.0)
    return SideRead(side="front", decoded=blank, card=card, quality=blank,
                    page=OcrPage(words=words, width=1011, height=638), ocr_image=blank)


@pytest.mark.parametrize(("start", "grey", "gap", "doubted"), [
    ("627", 215, 0, True),     # 7777's 0091: the start veiled, the rest read
    ("627", 245, 0, False),    # nothing printed before the value
    ("ID:", 40, 2, False),     # a label a word space before it
])
def test_faint_print_just_before_a_value_may_be_its_start(
        start: str, grey: int, gap: int, doubted: bool) -> None:
    img, box = _veiled_card(start, grey, gap)
    assert (glyphs.faint_glyph_beside(img, box, before=True) is not None) is doubted
    r = read("Aetna\nMember ID W123456789\nGroup 0123456\n")
    member = r.fields["member_id"]
    assert member.confidence > UNCONFIRMED_CONFIDENCE
    r = replace(r, fields={**r.fields, "member_id": replace(member, box=box)})
    blank: Any = None
    card = CardImage(pixels=img, card_to_photo=np.eye(3), found=True, card_width_px=1011.0)
    words = (OcrWord("66FL3400220", box, 0.93, 0),)
    side = SideRead(side="front", decoded=blank, card=card, quality=blank,
                    page=OcrPage(words=words, width=1011, height=638), ocr_image=blank)
    got = ends_faded(r, [side]).get("member_id")
    assert (got is not None and got.confidence <= UNCONFIRMED_CONFIDENCE) is doubted
    # Print the page read as a word of its own there is no unread start.
    read_too = (OcrWord(start, Box(box.left - 60, box.top, box.left - 2, box.bottom), 0.9, 0),
                *words)
    side = replace(side, page=OcrPage(words=read_too, width=1011, height=638))
    assert "member_id" not in ends_faded(r, [side])


@pytest.mark.parametrize(("grey", "gap", "doubted"), [(215, 0, True), (245, 0, False),
                                                      (40, 3, False)])
def test_faint_print_just_after_a_value_may_be_its_end(grey: int, gap: int, doubted: bool) -> None:
    img = np.full((638, 1011), 245, np.uint8)
    font, scale, thick, x, y = cv2.FONT_HERSHEY_SIMPLEX, 0.9, 2, 280, 260
    cv2.putText(img, "76-73891", (x, y), font, scale, 40, thick)
    (w, h), base = cv2.getTextSize("76-73891", font, scale, thick)
    (sw, _), _ = cv2.getTextSize(" " * gap, font, scale, thick)
    cv2.putText(img, "0", (x + w + sw, y), font, scale, grey, thick)
    box = Box(x, y - h - 1, x + w, y + base - 3)
    assert (glyphs.faint_glyph_beside(img, box, before=False) is not None) is doubted


def test_print_as_dark_as_the_value_set_close_is_no_faded_part() -> None:
    # A label's or another value's print close to the value is not lifted by a veil.
    img, box = _veiled_card("627", 60)
    assert glyphs.faint_glyph_beside(img, box, before=True) is None


def test_a_closer_reading_that_swaps_a_character_of_a_doubtful_one_confirms_neither() -> None:
    # 6666's 0227: a blurred group read 0222 on the page (0.55) and 0202 closer.
    text = "Harvard Pilgrim Health Care\nMBR nr\n26837058841\nGROUP NO\n0222@0.55\n"
    r = read(text)
    assert value(r, "group_number") == "0222"
    reads = [OcrPage(words=(OcrWord("0202", Box(10, 10, 200, 40), 0.9, 0),), width=400,
                     height=60) for _ in range(16)]
    got = reread_values(r, [_side(text)], FakeEngine(reads), Config())["group_number"]
    assert got.value == "0202"
    assert got.confidence < Config().group_min_confidence


def test_a_lone_member_id_with_a_label_stacked_over_it_is_under_a_label() -> None:
    """Wellcare's ``Plan (80840)`` over the plan's ``9140461858`` (its ``(80840)`` lost to
    glare, which hid the member ID too): a label the reading gave no member ID stands over
    the code, so the card's only fitting code is not trusted as its member ID. A code with
    nothing over it, or a label over another column, is not under a label."""
    from pipeline.process import under_a_label
    from pipeline.types import Box, FieldReading, OcrPage, OcrWord

    code = FieldReading("member_id", "9140461858", 0.4, "front", "", Box(47, 304, 186, 327))

    def page(*words: tuple[str, Box, float]) -> OcrPage:
        return OcrPage(words=tuple(OcrWord(t, b, c, i) for i, (t, b, c) in enumerate(words)),
                       width=1011, height=638)

    assert under_a_label(code, page(("Plan", Box(48, 284, 84, 299), 0.9),
                                    ("(8(", Box(93, 286, 109, 298), 0.9)))
    assert not under_a_label(code, page())
    assert not under_a_label(code, page(("Visit", Box(583, 283, 623, 299), 1.0)))
    # A speck or a short word read with little confidence is no label.
    assert not under_a_label(code, page(("Plan", Box(48, 284, 84, 299), 0.2)))
    # A line far above (another block of the card) is no label of this code.
    assert not under_a_label(code, page(("Wellcare", Box(48, 136, 152, 159), 0.9)))
    # The row above's inline label, its value beside it, labels that row, not this code.
    assert not under_a_label(code, page(("Certificate", Box(48, 284, 160, 299), 0.9),
                                        ("WQY821819225", Box(200, 282, 380, 300), 0.9)))


@pytest.mark.parametrize(("page_words", "value", "differs"), [
    ("6€0593377S", "6059337758", True),  # d2222's 0158: the page read an S, not 58
    ("2T52-TT4-xXD17", "2T52-TT4-XD17", True),  # d2222's 0010: its x taken out by a repair
    ("6059337758@0.3", "6059337758", False),  # the page read the value, doubtfully
    ("60593 37758", "6059337758", False),  # in two words
    ("0SC84089858", "OSC84089858", False),  # the format's own repair of a look-alike
    ("$80210594", "S80210594", False),  # look-alikes swapped in place: closer reads settle
    ("60593377SB", "6059337758", False),
    ("6059337@0.3", "6059337758", False),  # the page cut short: closer reads read on
    ("ra@0.2", "6059337758", False),  # the page read next to nothing there
])
def test_a_value_the_page_read_otherwise_is_not_confirmed_by_closer_reads(
        page_words: str, value: str, differs: bool) -> None:
    import re

    from pipeline.process import page_differs
    from pipeline.templates import FieldRule
    from pipeline.types import FieldReading

    words = page(f"Member ID {page_words}\n").words
    inside = [w for w in words if w.box.left >= words[2].box.left]
    box = inside[0].box.union(inside[-1].box)
    rule = FieldRule("member_id", ("Member ID",),
                     re.compile(r"OSC\d{8}|\d{10}|\dT\d{2}-TT\d-XD\d{2}"))
    reading = FieldReading(name="member_id", value=value, confidence=0.34, side="front",
                           label="Member ID", box=box)
    assert page_differs(words, reading, rule) is differs


@pytest.mark.parametrize(("line", "text", "spaced"), [
    ("BC6564457159 99", "99", True),  # d2222's 0258: a suffix the page saw apart
    ("BC6564457159 99", "9", False),
    ("BC6564457159    $50", "99", False),
    ("BC6564457159", "99", False),
    ("BC6564457159 99.", "99", True),  # d9898's 0376: a stop read after the suffix
])
def test_the_pages_next_word_tells_a_run_on_read(line: str, text: str, spaced: bool) -> None:
    from pipeline.process import next_word_is

    words = page(f"Member ID No.\n{line}\n").words
    value_word = next(w for w in words if w.text == "BC6564457159")
    assert next_word_is(words, value_word.box, text) is spaced


def test_a_group_whose_row_starts_flush_with_its_label_before_it_is_doubted() -> None:
    # d9999's 0364: 'Group #' over '8836:' '6578' (OCR split the group at a stop it
    # made up); a closer read gave '46578': the row's first word is the group's start.
    from pipeline.process import start_left_out
    from pipeline.types import FieldReading

    def doubted(group_words: str, value: str) -> bool:
        text = f"Cigna Healthcare\nMember ID # U47202787\nGroup #\n{group_words}\n"
        side = _side(text)
        last = side.page.words[-1]
        reading = FieldReading(name="group_number", value=value, confidence=0.9,
                               side="front", label="Group #", box=last.box)
        found = read(text)
        found = replace(found, fields={**found.fields, "group_number": reading})
        got = start_left_out(found, [side]).get("group_number")
        return got is not None and got.confidence == UNCONFIRMED_CONFIDENCE

    assert doubted("8836: 6578", "46578")
    # The group read whole, flush with its label: nothing before it.
    assert not doubted("8836578", "8836578")


def test_a_group_the_deblurred_reading_read_otherwise_is_disputed() -> None:
    # d2222's 0014: the photo's '316224' won over the deblurred '516224' (right).
    from pipeline.process import photo_disputed

    text = "Highmark\nMember ID ABC123456789\nGroup 316224\n"
    found = read(text)
    side = replace(_side(text), deblur_compared=True)
    got = photo_disputed(found, [side], {"group_number": "516224"})
    assert got["group_number"].confidence == UNCONFIRMED_CONFIDENCE
    assert photo_disputed(found, [side], {"group_number": "316224"}) == {}
    assert photo_disputed(found, [side], {}) == {}  # the deblurred reading had none
    assert photo_disputed(found, [side], None) == {}  # no deblurred reading lost
    assert photo_disputed(found, [_side(text)], {"group_number": "516224"}) == {}


def test_a_member_id_the_deblurred_reading_read_on_past_its_end_is_disputed() -> None:
    # 8080's 0169: the photo's '10755353' (0.80) won over the deblurred '1075535317' (0.57,
    # right): the shaken print's last glyphs smeared. Another value, or one the photo read
    # longer, is no such end (the deblurred reading's own misreadings).
    from pipeline.process import photo_disputed

    text = "Oxford\nIdentification Number\n10755353\nGroup 4740018\n"
    found = read(text)
    side = replace(_side(text), deblur_compared=True)
    got = photo_disputed(found, [side], {"member_id": "1075535317", "group_number": "4740018"})
    assert got["member_id"].confidence == UNCONFIRMED_CONFIDENCE
    for sharp in ("10755358", "1075535", "20755353"):
        assert "member_id" not in photo_disputed(found, [side], {"member_id": sharp,
                                                                 "group_number": "4740018"})


def test_a_row_of_values_under_lost_heads_offers_its_other_code_as_the_group() -> None:
    # d2222's 0387: white heads in a blurred band lost ('Enrollee ID', 'Group No.'), the
    # member ID taken with no label; the row's '37404' may be the group: shown, doubted.
    from pipeline.process import LONE_GROUP_CONFIDENCE, row_group
    from pipeline.types import FieldReading

    def found_for(text: str, label: str = "") -> tuple[Interpretation, OcrPage]:
        p = page(text)
        r = read(text)
        member = next(w for w in p.words if w.text == "JM8832231")
        reading = FieldReading(name="member_id", value="JM8832231", confidence=0.8,
                               side="front", label=label, box=member.box)
        fields = {n: f for n, f in r.fields.items() if n != "group_number"}
        return replace(r, fields={**fields, "member_id": reading}), p

    row = "JM8832231    37404    Tailspin Toys LLC\n"
    found, p = found_for(f"Sanford Health Plan\nTAMIKA W REYES\n{row}")
    got = row_group(found, [("front", p)])
    assert got is not None and got.value == "37404"
    assert got.confidence == LONE_GROUP_CONFIDENCE
    # The member ID under its own label: its row is no row of lost heads.
    found, p = found_for(f"Sanford Health Plan\nTAMIKA W REYES\n{row}", label="Enrollee ID")
    assert row_group(found, [("front", p)]) is None
    # Two codes beside it: which is the group is anyone's guess.
    found, p = found_for("Sanford Health Plan\nJM8832231    37404    55120\n")
    assert row_group(found, [("front", p)]) is None
    # Nothing else in its row.
    found, p = found_for("Sanford Health Plan\nJM8832231\n37404\n")
    assert row_group(found, [("front", p)]) is None
    # A placeholder beside it (d1111's 0204, an Oscar card printing no group).
    found, p = found_for("Sanford Health Plan\nJM8832231    0000\n")
    assert row_group(found, [("front", p)]) is None


def test_a_code_with_letters_beside_a_lost_label_member_id_is_no_group() -> None:
    # d4242's 0270: an Oscar card (no group printed) whose row beside the unlabelled ID
    # holds its Rx group 'OSCRE3'.
    from pipeline.process import row_group
    from pipeline.types import FieldReading

    text = "Sanford Health Plan\nJM8832231    OSCRE3\n"
    p = page(text)
    member = next(w for w in p.words if w.text == "JM8832231")
    found = read(text)
    reading = FieldReading(name="member_id", value="JM8832231", confidence=0.8,
                           side="front", label="", box=member.box)
    found = replace(found, fields={"member_id": reading})
    assert row_group(found, [("front", p)]) is None


@pytest.mark.parametrize(("text", "parts"), [
    ("Claims: Aetna, P.O. Box 718943, Omaha, NE 68142-9819", {"718943,", "68142-9819"}),
    ("Member Services (402) 692-3077", {"(402)", "692-3077"}),
    ("Call 402 692-3077", {"402", "692-3077"}),
    ("BIN 610014 PCN 9999", set()),
    ("RxGrp 68142 PCN ADV", set()),  # five digits, no state before them: a code
])
def test_address_and_phone_parts_are_no_lost_codes(text: str, parts: set[str]) -> None:
    # The lost-code label search read round ZIP+4 codes, PO box numbers and phone pieces
    # for nothing on most cards (foundation: 386 label regions for one code found).
    from pipeline.process import address_part

    words = page(text).words
    assert {w.text for i, w in enumerate(words) if address_part(words, i)} == parts


@pytest.mark.parametrize(("printed", "doubted"), [("WZ4175570338", True),
                                                  ("W2Z4175570338", False)])
def test_a_closer_reading_with_a_glyph_more_than_the_print_confirms_nothing(
        printed: str, doubted: bool) -> None:
    # d9393 0254: a scan's WZ4175570338 (twelve glyphs) read closer as W2Z4175570338.
    text = "Security Health Plan\nMember ID\nWZ4175570338@0.23\nGroup 727068\n"
    r = read(text)
    assert value(r, "member_id") == "WZ4175570338"
    img = np.full((638, 1011), 245, np.uint8)
    font, scale, thick, x, y = cv2.FONT_HERSHEY_SIMPLEX, 0.9, 2, 200, 300
    cv2.putText(img, printed, (x, y), font, scale, 30, thick)
    (w, h), base = cv2.getTextSize(printed, font, scale, thick)
    member = replace(r.fields["member_id"], box=Box(x, y - h - 1, x + w, y + base - 3))
    r = replace(r, fields={**r.fields, "member_id": member})
    side = replace(_side(text), ocr_image=img)
    reads = [OcrPage(words=(OcrWord("W2Z4175570338", Box(10, 10, 300, 40), 0.95, 0),),
                     width=400, height=60) for _ in range(16)]
    got = reread_values(r, [side], FakeEngine(reads), Config())["member_id"]
    assert got.value == "W2Z4175570338"
    assert (got.confidence < Config().member_id_min_confidence) is doubted


def _printed(printed: str, boxed: str | None = None, right: int = 2) -> tuple[np.ndarray, Box]:
    """A card image with ``printed`` in Hershey simplex at (200, 300) and the box OCR would
    give ``boxed`` (``printed`` by default) there, ``right`` px past its end (card pixels)."""
    img = np.full((638, 1011), 245, np.uint8)
    font, scale, thick, x, y = cv2.FONT_HERSHEY_SIMPLEX, 0.9, 2, 200, 300
    cv2.putText(img, printed, (x, y), font, scale, 30, thick)
    (w, h), base = cv2.getTextSize(boxed or printed, font, scale, thick)
    return img, Box(x - 2, y - h - 2, x + w + right, y + base)


@pytest.mark.parametrize(("printed", "value", "short"), [
    ("8860222", "88602227", True),  # a character read on past the print (d9393 0017)
    ("88602227", "88602227", False),  # every glyph printed
    ("0099", "00099", True),
])
def test_a_reading_with_more_characters_than_the_print_has_glyphs(
        printed: str, value: str, short: bool) -> None:
    img, box = _printed(printed, value)
    assert glyphs.glyphs_short(img, box, value) is short


@pytest.mark.parametrize(("printed", "doubted"), [("WI7988473", True), ("W1I7988473", False)])
def test_a_trusted_value_read_with_a_character_more_than_its_glyphs_is_doubted(
        printed: str, doubted: bool) -> None:
    # 13232's 0094: a clean typewriter 'WI7988473' read 'W1I7988473' at 0.62, passed.
    r = read("UPMC Health Plan\nMember ID  W1I7988473\nGroup  G621758\n")
    img, box = _printed(printed)
    r = replace(r, fields={**r.fields, "member_id": replace(r.fields["member_id"], box=box)})
    got = glyph_more_read(r, [replace(_side("x"), ocr_image=img)])
    assert ("member_id" in got and got["member_id"].confidence < (
        Config().member_id_min_confidence)) is doubted


def test_a_value_boxed_short_of_its_print_is_no_glyph_short() -> None:
    # 12121's 0256: '00099999M' boxed without its wide M: eight glyphs in the box.
    r = read("AmeriHealth Caritas\nMember ID  00099999M\n")
    img, box = _printed("00099999M", "00099999", right=-4)
    r = replace(r, fields={**r.fields, "member_id": replace(r.fields["member_id"], box=box)})
    assert glyphs.glyphs_short(img, box, "00099999M")
    assert glyph_more_read(r, [replace(_side("x"), ocr_image=img)]) == {}


def test_glyphs_touching_in_one_wide_column_are_not_a_glyph_short() -> None:
    # A photocopy's 0099 printed so tight that its glyphs touch: fewer, wider columns.
    img = np.full((638, 1011), 245, np.uint8)
    font, scale, thick = cv2.FONT_HERSHEY_SIMPLEX, 0.9, 2
    (gw, h), base = cv2.getTextSize("0", font, scale, thick)
    for i, ch in enumerate("0099"):
        cv2.putText(img, ch, (200 + int(i * 0.85 * gw), 300), font, scale, 30, thick)
    box = Box(198, 300 - h - 2, 202 + int(3.85 * gw), 300 + base)
    assert len(glyphs.ink_columns(img, box)) < 4
    assert not glyphs.glyphs_short(img, box, "0099")


@pytest.mark.parametrize(("printed", "value", "place", "settled"), [
    ("W0123456", "W0123456", 1, True),  # a digit's width beside the other digits
    ("WO123456", "W0123456", 1, False),  # a letter's: the reading is not settled
    ("JHR129954505", "JHR129954505", 3, True),  # the 1's flag
    ("JHRI29954505", "JHR129954505", 3, False),  # a plain bar read 1
])
def test_the_print_settles_an_alike_character_only_as_it_reads(
        printed: str, value: str, place: int, settled: bool) -> None:
    img = np.full((300, 800), 245, np.uint8)
    font, scale, thick, x, y = cv2.FONT_HERSHEY_SIMPLEX, 0.9, 2, 100, 150
    cv2.putText(img, printed, (x, y), font, scale, 30, thick)
    (w, h), base = cv2.getTextSize(printed, font, scale, thick)
    box = Box(x - 2, y - h - 2, x + w + 2, y + base)
    assert glyphs.alike_settled(img, box, value, [place]) is settled
    assert not glyphs.alike_settled(img, box, value, [])


@pytest.mark.parametrize(("value", "settled"), [
    ("JHR129954505", True),  # a 1 beside a letter, its flag printed
    ("W0123456", False),  # a 0 beside a letter: its width does not settle it
])
def test_only_a_bars_shape_settles_an_alike_member_id(value: str, settled: bool) -> None:
    from pipeline.process import alike_glyph_settled, value_formats

    text = f"Sample Health Plan\nMember ID {value}\n"
    r = read(text)
    img, box = _printed(value)
    member = replace(r.fields["member_id"], box=box)
    r = replace(r, fields={**r.fields, "member_id": member})
    side = replace(_side(text), ocr_image=img)
    assert glyphs.o_zero_evidence(img, member.box, value, lambda _: True) or value[1] != "0"
    got = alike_glyph_settled(r, [side], value_formats(r))
    assert ("member_id" in got) is settled


@pytest.mark.parametrize(("group", "doubted"), [("011552", True), ("610014", True),
                                                ("B24798", False), ("011553", False)])
def test_a_group_read_as_a_known_bin_is_doubted(group: str, doubted: bool) -> None:
    # d9494 0280: a photocopy's group B24798 lost under `Group`, the `RxBIN` 011552 taken.
    from pipeline.process import group_is_a_bin

    r = read(f"Florida Blue\nMember ID DVZH23674253\nGroup {group}\n")
    assert value(r, "group_number") == group
    got = group_is_a_bin(r.fields)
    assert ("group_number" in got) is doubted
    if doubted:
        assert got["group_number"].confidence < Config().group_min_confidence


@pytest.mark.parametrize(("other", "doubted"), [
    ("U47202787", True),     # 9999's 0364: the second engine read the 7 glare hid
    ("U472027800", False),   # two more: a suffix joined (d3333 0368, d9292 0385)
    ("U47202781", False),    # a bar beside the end read 1 (d5555 0141)
    ("XU4720278", False),    # more at its start: cut_short's business
    ("U4720279", False),     # as long: a misreading, not a continuation
])
def test_a_trusted_value_another_reading_continues_is_doubted(other: str, doubted: bool) -> None:
    from pipeline.process import continued_elsewhere

    r = read("Cigna\nMember ID # U4720278\nGroup 8836578\n")
    kept = r.fields["member_id"]
    bars = {"member_id": Config().member_id_min_confidence,
            "group_number": Config().group_min_confidence}
    assert kept.value == "U4720278" and kept.confidence >= bars["member_id"]
    seen = [replace(kept, value=other, confidence=0.95), r.fields["group_number"]]
    got = continued_elsewhere(r.fields, seen, bars)
    assert ("member_id" in got) is doubted and "group_number" not in got
    if doubted:
        assert got["member_id"].value == "U4720278"
        assert got["member_id"].confidence == UNCONFIRMED_CONFIDENCE
    # Not from a reading itself in doubt, nor from one of the other side.
    assert not continued_elsewhere(r.fields, [replace(kept, value=other, confidence=0.3)], bars)
    # Nor where the page read the more as a word of its own after it (set apart).
    if doubted:
        suffix = read(f"Cigna\nMember ID # U4720278 {other[8:]}\nGroup 8836578\n")
        assert suffix.fields["member_id"].value == "U4720278"
        assert not continued_elsewhere(
            suffix.fields, [replace(kept, value=other, confidence=0.95)], bars,
            {"front": page(f"Cigna\nMember ID # U4720278 {other[8:]}\nGroup 8836578\n")})
    assert not continued_elsewhere(
        r.fields, [replace(kept, value=other, confidence=0.95, side="back")], bars)


def test_a_group_another_reading_continues_past_a_hyphen_is_doubted() -> None:
    from pipeline.process import continued_elsewhere

    # 8888's 0264 (motion blur): Aetna's 000009-999-99999 read '000009' '999', the hyphen
    # lost, where the first look read it whole.
    r = read("aetna\nID  W000099999\nGroup  000009   999\n")
    kept = r.fields["group_number"]
    bars = {"member_id": Config().member_id_min_confidence,
            "group_number": Config().group_min_confidence}
    assert kept.value == "000009" and kept.confidence >= bars["group_number"]
    got = continued_elsewhere(r.fields, [replace(kept, value="000009-999-99999")], bars)
    assert set(got) == {"group_number"} and got["group_number"].value == "000009"
    assert got["group_number"].confidence == UNCONFIRMED_CONFIDENCE
    for other in ("000009 999", "000009999"):  # no hyphen: two more, as a joined suffix
        assert not continued_elsewhere(r.fields, [replace(kept, value=other)], bars)


@pytest.mark.parametrize(("elsewhere", "doubted"), [
    ("YOM 4564482528", True),   # 9696's 0343: the ID's print, Q read O, split prefix
    ("YQM4564482528", True),
    ("YQM4564482", False),      # shorter still: no ID and suffix
    ("YQM4564400000", False),   # more than one character off
    ("GQM4564482528", False),   # a character off that is no look-alike (G000999, Y00099999)
])
def test_an_id_and_suffix_whose_id_is_printed_apart_is_doubted(
        elsewhere: str, doubted: bool) -> None:
    from types import SimpleNamespace

    from pipeline.process import id_printed_apart

    text = f"Premera Blue Cross\nMember ID  YQM456448252800\n{elsewhere}\n"
    r = read(text)
    assert r.fields["member_id"].value == "YQM456448252800"
    side = cast(SideRead, SimpleNamespace(side="front", page=page(text)))
    got = id_printed_apart(r, [side])
    assert ("member_id" in got) is doubted
    if doubted:
        assert got["member_id"].value == "YQM456448252800"
        assert got["member_id"].confidence == UNCONFIRMED_CONFIDENCE
    # The ID's own print, read alone, is no print apart from it.
    alone = "Premera Blue Cross\nMember ID  YQM456448252800\n"
    assert not id_printed_apart(read(alone), [cast(SideRead, SimpleNamespace(
        side="front", page=page(alone)))])


def test_a_suffix_is_read_apart_only_after_the_whole_value() -> None:
    from pipeline.process import read_apart

    # 9393's 0364: the page read the ID and its suffix as two words.
    assert read_apart(page("Member ID 572024683 00\n").words, "572024683", "00")
    # 9494's 0288: the page read CC1020 and the last 2 of CC1020262, its 26 lost; the
    # closer reads' CC102026 is no word of the page, so the 2 is no suffix of it.
    assert not read_apart(page("Subscriber ID\nCC1020     2\n").words, "CC102026", "2")
    # A word on another row is no suffix.
    assert not read_apart(page("Member ID 572024683\n00\n").words, "572024683", "00")


def test_a_bare_one_put_right_since_is_doubted_no_longer() -> None:
    # d5555 0356: IQ8210400 read 1Q8210400, its bar doubted, then put right to an I by the
    # shape check: the second engine may confirm it; a value still read with the 1 not.
    from pipeline.process import still_bare

    r = read("UPMC Health Plan\nMember ID IQ8210400\n")
    doubted = {"member_id": replace(r.fields["member_id"], value="1Q8210400")}
    assert still_bare(r, doubted) == set()
    kept = read("UPMC Health Plan\nMember ID 1Q8210400\n")
    assert still_bare(kept, doubted) == {"member_id"}


def _marked_sides(text: str, ellipse_round: str | None) -> tuple[Interpretation, list[SideRead]]:
    """A Kaiser front read from ``text`` and its card: white, with a red pen's ellipse
    drawn round the word ``ellipse_round`` (and the line above it), when given."""
    pixels = np.full((638, 1011, 3), 250, np.uint8)
    words = page(text).words
    if ellipse_round is not None:
        box = next(w.box for w in words if w.text == ellipse_round)
        centre = (int((box.left + box.right) / 2), int(box.top))
        axes = (int(box.width / 2 + 40), int(box.height + 22))
        cv2.ellipse(pixels, centre, axes, 0, 0, 360, (40, 30, 215), 4, cv2.LINE_AA)
    card = CardImage(pixels=pixels, card_to_photo=np.eye(3), found=True, card_width_px=1011.0)
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=card, quality=blank, page=page(text),
                    ocr_image=blank)
    return read(text), [side]


@pytest.mark.parametrize(("code", "ellipse_round", "group"), [
    ("17573", "17573", "17573"),  # 9595's 0339: the pen cut the label off the group it circles
    ("17573", None, None),  # a code with no label, and no mark: nothing to tell it is the group
    ("17573", "206453682", None),  # the member ID circled: read already
    ("Rx... 769982", "769982", None),  # 9898's 0063: the BIN under a garbled RxBIN
])
def test_a_code_an_explainer_mark_points_at_on_a_card_showing_no_group_is_doubted(
        code: str, ellipse_round: str | None, group: str | None) -> None:
    from pipeline.process import LONE_GROUP_CONFIDENCE, group_marked

    text = f"KAISER PERMANENTE\nMember ID   206453682\nMIA SINGH\n\naie@0.3\n{code}\n"
    found, sides = _marked_sides(text, ellipse_round)
    assert value(found, "member_id") == "206453682" and value(found, "group_number") is None
    got = group_marked(found, sides)
    assert (got["group_number"].value if got else None) == group
    if got:
        assert got["group_number"].confidence == LONE_GROUP_CONFIDENCE


@pytest.mark.parametrize(("code", "group"), [
    ("17573", "17573"),
    ("1-2011", None),  # 9393's 0043: a date's month and year, which the generic format fits
    ("12-01-199", None),  # wide's 0059: a date cut short by a glare
    ("94535GA2566129", None),  # 9797's 0270: a Marketplace plan ID, its label lost
])
def test_a_marked_date_on_a_card_no_template_knows_is_no_group(
        code: str, group: str | None) -> None:
    from pipeline.process import group_marked

    text = f"RIVERBEND CARE\nMember ID   206453682\nMIA SINGH\n\naie@0.3\n{code}\n"
    found, sides = _marked_sides(text, code)
    assert found.template.id == "generic" and value(found, "group_number") is None
    got = group_marked(found, sides)
    assert (got["group_number"].value if got else None) == group


@pytest.mark.parametrize(("text", "start", "doubted"), [
    ("1", -10.0, True),  # 4545's 0331: '1' read apart over the end of 'U7656255'
    ("|", -10.0, True),  # 6868's 0048: a lone stroke, what the page made of a last '1'
    ("1", 14.0, False),  # a suffix or a mark read after the value: it starts past the value
    ("|", 14.0, False),  # a rule or a mark's stroke after the value
    ("7656255l", -100.0, False),  # 4545's 0309: another reading of the value's print
    ("56255", -10.0, False),  # the value's own last word, the value boxed by its first
])
def test_a_word_straddling_a_values_end_doubts_it(text: str, start: float, doubted: bool) -> None:
    from pipeline.process import end_overlapped

    card = "Cigna\nMember ID   U7656255\nGroup   61567070\n"
    found = read(card)
    member = found.fields["member_id"]
    assert member.value == "U7656255" and member.confidence > UNCONFIRMED_CONFIDENCE
    b = member.box
    left = b.right + start
    word = OcrWord(text, Box(left, b.top - 2, max(left + 14 * len(text), b.right + 4),
                             b.bottom + 8), 0.65, line=99)
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank,
                    page=OcrPage(words=(*page(card).words, word), width=1011, height=638),
                    ocr_image=blank)
    got = end_overlapped(found, [side])
    assert ("member_id" in got) is doubted and "group_number" not in got
    if doubted:
        assert got["member_id"].confidence == UNCONFIRMED_CONFIDENCE


def test_a_group_the_next_word_continues_is_doubted() -> None:
    # Fresh 11414's 0000: a scanned Aetna group read '72821' '1-395-65668', its first
    # word's box read again '728211' (0.91, fitting the template) and passed.
    r = read("Aetna\nMember ID W123456789\nGroup # 728211\n")
    group = r.fields["group_number"]
    assert group.confidence > UNCONFIRMED_CONFIDENCE
    shown = page("Aetna\nMember ID W123456789\nGroup # 728211 1-395-65668\n")
    taken = next(w for w in shown.words if w.text == "728211")
    r = replace(r, fields={**r.fields, "group_number": replace(group, box=taken.box)})
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank, page=shown,
                    ocr_image=blank)
    assert goes_on(r, [side])["group_number"].confidence == UNCONFIRMED_CONFIDENCE
    alone = page("Aetna\nMember ID W123456789\nGroup # 728211\n")
    assert "group_number" not in goes_on(r, [replace(side, page=alone)])


@pytest.mark.parametrize(("start", "grey", "gap", "grown", "doubted"), [
    ("W", 40, 0, 0, True),       # 11313's 0264: a thin W dropped by every reading
    ("W", 40, 0, 18, True),      # ... in a box OCR grew over an explainer's dots
    ("ID:", 40, 2, 0, False),    # a label a word space before it
    ("id", 120, 0, 0, False),    # a grey label's end set close (10909's 0105)
    ("", 40, 0, 0, False),       # nothing printed before the value
])
def test_dark_print_just_before_a_value_that_the_page_left_unread_may_be_its_start(
        start: str, grey: int, gap: int, grown: int, doubted: bool) -> None:
    img, box = _veiled_card(start, grey, gap)
    box = Box(box.left, box.top - grown, box.right, box.bottom + grown)
    r = read("Aetna\nMember ID W123456789\nGroup 0123456\n")
    member = r.fields["member_id"]
    r = replace(r, fields={**r.fields, "member_id": replace(member, box=box, value="66FL3400220")})
    words = (OcrWord("66FL3400220", box, 0.93, 0),)
    side = _card_side(img, words)
    got = start_unread(r, [side]).get("member_id")
    assert (got is not None and got.confidence == UNCONFIRMED_CONFIDENCE) is doubted
    # A word the page read there of its own is another word (a prefix, a label) ...
    apart = (OcrWord(start or "X", Box(box.left - 40, box.top, box.left - 1, box.bottom), 0.9, 0),
             *words)
    side_apart = replace(side, page=OcrPage(words=apart, width=1011, height=638))
    assert "member_id" not in start_unread(r, [side_apart])
    # ... but not one running on into the value's print: the page read one more glyph at
    # its start than the value taken (11313's 0229: 'HYP' where the value read 'YP…').
    joined = (OcrWord("H66", Box(box.left - 40, box.top, box.left + 40, box.bottom), 0.9, 0),
              *words)
    side_joined = replace(side, page=OcrPage(words=joined, width=1011, height=638))
    assert "member_id" in start_unread(r, [side_joined])


def test_a_band_at_the_cards_side_is_no_glyph_before_a_value() -> None:
    # 11313's 0203: a teal stripe down the card's left side, its edge 25 px before a bold
    # member ID whose glyphs the blur ran together in pairs (ink 36 px wide): cut by the
    # measured window, it looked a glyph's width.
    img = np.full((638, 1011), 245, np.uint8)
    x, top = 120, 300
    for k in range(5):  # five pairs of glyphs run together
        cv2.rectangle(img, (x + k * 38, top), (x + k * 38 + 35, top + 23), 30, -1)
    box = Box(x, top, x + 5 * 38 - 2, top + 24)
    assert glyphs.print_beside(img, box, before=True) is None
    cv2.rectangle(img, (0, 0), (x - 25, 637), 100, -1)
    assert glyphs.print_beside(img, box, before=True) is None
    # A glyph's worth of ink there, not cut by the window, is print beside the value.
    cv2.rectangle(img, (0, 0), (x - 25, 637), 245, -1)
    cv2.rectangle(img, (x - 40, top), (x - 22, top + 23), 30, -1)
    assert glyphs.print_beside(img, box, before=True) is not None


def test_a_callout_disc_beside_a_values_start_is_no_glyph_of_it() -> None:
    # 11414's 0237: a numbered disc left of 'OSC42990628', most of it above the row (not
    # painted out), taken for an unread first glyph of a right ID.
    img, box = _veiled_card("", 40)
    r = int(box.height * 0.45)
    centre = (int(box.left) - r - 6, int(box.top - 0.2 * box.height))
    cv2.circle(img, centre, r, 60, -1)
    assert glyphs.print_beside(img, box, before=True) is None
    cv2.circle(img, centre, r, 245, -1)
    cv2.putText(img, "W", (int(box.left) - 24, int(box.bottom) - 2), cv2.FONT_HERSHEY_SIMPLEX,
                0.9, 40, 2)
    assert glyphs.print_beside(img, box, before=True) is not None


def test_a_labels_end_set_close_before_a_value_is_no_lost_glyph() -> None:
    # 11212's 0240: 'Id# 1125856103', its '#' 10 px before the value, OCR boxing the label
    # 'd#' short of it; 11212's 0277: a garbled run over two values holds the value's
    # first two digits far from its start.
    img, box = _veiled_card("#", 40)
    r = read("Aetna\nMember ID W123456789\nGroup 0123456\n")
    member = replace(r.fields["member_id"], box=box, value="66FL3400220")
    r = replace(r, fields={**r.fields, "member_id": member})
    value_word = OcrWord("66FL3400220", box, 0.93, 0)
    side = _card_side(img, (value_word,))
    assert "member_id" in start_unread(r, [side])
    label = OcrWord("\\d", Box(box.left - 60, box.top, box.left - 26, box.bottom), 0.7, 0)
    labelled = replace(side, page=OcrPage(words=(label, value_word), width=1011, height=638))
    assert "member_id" not in start_unread(r, [labelled])
    garbled = OcrWord("9966999999+--_966FL3400220", Box(box.left - 300, box.top, box.right,
                                                         box.bottom), 0.1, 0)
    assert not start_read_apart((garbled,), member)
    assert start_read_apart((OcrWord("H66", Box(box.left - 40, box.top, box.left + 40,
                                                   box.bottom), 0.9, 0),), member)


def test_a_zero_opening_letters_or_among_them_is_doubted_on_a_card_without_a_template() -> None:
    # Fresh 11616's 0129: Medi-Cal's 'OP82123533' read '0P82123533' at 0.89 by both
    # engines; nothing but a format tells such a zero from an O.
    card = "Medi-Cal\nBenefits Identification Card\nID No. {}\nIssue Date 01/01/2024\n"
    r = read(card.format("0P82123533"))
    assert r.template.id == "generic" and value(r, "member_id") == "0P82123533"
    assert digit_opens_letters(r)["member_id"].confidence == UNCONFIRMED_CONFIDENCE
    assert not digit_opens_letters(read(card.format("OP82123533")))
    assert not digit_opens_letters(read(card.format("0182123533")))
    # Fresh 12020's 0258: Wellmark's 'MOS545223889' read 'M0S…': a zero between letters.
    assert digit_opens_letters(read(card.format("M0S545223889")))
    assert not digit_opens_letters(read(card.format("MOS545223889")))
    assert not digit_opens_letters(read(card.format("M05545223889")))
    # Fresh 14545's 0089: Priority Health's 'ZV2393855246' read '2V2…' at 0.83; not an MBI.
    assert digit_opens_letters(read(card.format("2V2393855246")))
    assert not digit_opens_letters(read(card.format("ZV2393855246")))
    assert not digit_opens_letters(read(card.format("2EG4TE5MK73")))
    # A carrier's own format decides its IDs (Aetna's W and digits, no zero first).
    aetna = read("Aetna\nMember ID 0W23456789\nGroup 0123456\n")
    assert not digit_opens_letters(aetna)


@pytest.mark.parametrize(("theirs", "doubted"), [
    ("94810", True),     # 11414's 0212's kind: a character read otherwise, more surely
    ("943101", True),    # 12020's 0280: a photocopy's group, its last digit lost
    ("394310", True),    # or its first
    ("94310", False),    # the same reading
    ("9431", False),     # the second engine read less
    ("9423107", False),  # longer, and otherwise inside: not the same print's ends
    ("9431001", False),  # 11515's 0277: a suffix set close, read on by the second engine
])
def test_a_value_the_second_engine_reads_apart_more_surely_is_doubted(
        theirs: str, doubted: bool) -> None:
    from pipeline.process import engines_differ

    found = read("CareFirst BlueCross BlueShield\nMember ID  W123456789\nGroup  94310\n")
    group = replace(found.fields["group_number"], confidence=0.64)
    found = replace(found, fields={**found.fields, "group_number": group})
    second = {"group_number": replace(group, value=theirs, confidence=0.95)}
    assert ("group_number" in engines_differ(found, second, ())) is doubted
    # A reading the second engine settled is its own.
    assert engines_differ(found, second, ("group_number",)) == {}


def test_a_short_word_the_page_read_on_into_more_print_is_no_suffix_set_close() -> None:
    # Fresh 12020's 0263: the group '78686685' read '786' '8' '6685', 2-3 px apart (a
    # mark's stroke through the 8); the '8' is no suffix: the print goes on after it.
    from pipeline.process import read_on_after

    row = Box(105, 308, 151, 331)
    eight = OcrWord("8", Box(154, 293, 168, 331), 0.9, 0)
    rest = OcrWord("6685", Box(170, 308, 233, 331), 0.9, 0)
    assert read_on_after([eight, rest], eight, row)
    # A suffix set close ends the row's print; a word a space on is another word.
    assert not read_on_after([eight], eight, row)
    spaced = OcrWord("6685", Box(176, 308, 239, 331), 0.9, 0)
    assert not read_on_after([eight, spaced], eight, row)


def test_a_prefix_printed_apart_before_an_id_read_without_it_doubts_the_id() -> None:
    # Fresh 12020's 0131: 'Member ID' over 'DY  07818467', 'Member' lost: the value under
    # 'ID' was taken without its prefix.
    from types import SimpleNamespace

    from pipeline.process import prefix_left_out

    def doubted(text: str) -> bool:
        found = read(text)
        side = SimpleNamespace(side="front", page=page(text))
        return "member_id" in prefix_left_out(found, cast(Any, [side]))

    assert value(read("CareSource\n    ID\nDY  07818467\n"), "member_id") == "07818467"
    assert doubted("CareSource\n    ID\nDY  07818467\n")
    # Read with its prefix; a label's word before it; a word a column away.
    assert not doubted("CareSource\nMember ID\nDY  07818467\n")
    assert not doubted("CareSource\n\nID  07818467\n")
    assert not doubted("CareSource\n        ID\nDY      07818467\n")
    # 12727's 0031: the prefix's last letter read as a bracket ('RC)' of 'RCJ').
    assert doubted("CareSource\n    ID\nRC)  57140590\n")


def _id_and_suffix_printed(
        value: str, suffix: str, extra: int
) -> tuple[np.ndarray, tuple[float, float, float, float, float]]:
    """A 1011 × 638 card printing ``value`` and, ``extra`` pixels past its end, ``suffix``
    (Liberation Sans, 28 px); and the print's left, top, the value's right, the suffix's
    right and the bottom (pixels)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", 28)
    image = Image.new("L", (1011, 638), 245)
    draw = ImageDraw.Draw(image)
    draw.text((300, 280), value, fill=20, font=font)
    left, top, right, bottom = draw.textbbox((300, 280), value, font=font)
    draw.text((right + extra, 280), suffix, fill=20, font=font)
    end = draw.textbbox((right + extra, 280), suffix, font=font)[2]
    return np.asarray(image), (left, top, right, end, bottom)


def _on_one_side(found: Interpretation, image: np.ndarray, words: tuple[OcrWord, ...],
                 box: Box) -> tuple[Interpretation, Any]:
    """``found`` with its member ID at ``box``, and the front side printing it: ``words``
    read on ``image``."""
    from types import SimpleNamespace

    member = replace(found.fields["member_id"], box=box)
    found = replace(found, fields={**found.fields, "member_id": member})
    side = SimpleNamespace(side="front", page=OcrPage(words, 1011, 638), ocr_image=image)
    return found, cast(Any, [side])


@pytest.mark.parametrize(("extra", "doubted"), [
    (5, True),    # 12121's 0038: a suffix set close, or the ID's end: the print cannot tell
    (10, False),  # a word space: the suffix apart (suffix_spaced parts it)
    (0, False),   # letter spacing: the ID's own end
])
def test_an_id_that_took_in_two_digits_the_page_read_apart_is_doubted_when_print_cannot_tell(
        extra: int, doubted: bool) -> None:
    from pipeline.process import suffix_read_in

    image, (left, top, right, end, bottom) = _id_and_suffix_printed("961872555", "01", extra)
    words = (OcrWord("961872555", Box(left, top, right, bottom), 0.9, 0),
             OcrWord('01"', Box(right + extra, top, end, bottom), 0.9, 0))
    found = read("UMR\nMember Number  96187255501\nGroup Number  76-429704\n")
    got = suffix_read_in(*_on_one_side(found, image, words, Box(left, top, end, bottom)))
    assert ("member_id" in got) is doubted
    if doubted:
        assert got["member_id"].confidence <= UNCONFIRMED_CONFIDENCE


@pytest.mark.parametrize(("extra", "blur", "doubted"), [
    # 14949's 0165: Aetna's 'W371681511 01' in blur, read as one word: a space narrower
    # than a word's, wider than letter spacing
    (5, 0, True),
    (5, 3, True),
    (0, 0, False),   # letter spacing: the ID's own end
    (0, 3, False),
    (12, 0, False),  # a word space: the suffix apart (suffix_spaced parts it)
])
def test_an_id_read_as_one_word_with_a_narrow_space_before_two_digits_is_doubted(
        extra: int, blur: int, doubted: bool) -> None:
    from pipeline.process import suffix_read_in

    image, (left, top, _, end, bottom) = _id_and_suffix_printed("W371681511", "01", extra)
    if blur:
        image = cv2.GaussianBlur(image, (0, 0), blur / 2)
    words = (OcrWord("W37168151101", Box(left, top, end, bottom), 0.9, 0),)
    found = read("Aetna\nID  W37168151101\nGRP#  829353-104-97162\n")
    got = suffix_read_in(*_on_one_side(found, image, words, Box(left, top, end, bottom)))
    assert ("member_id" in got) is doubted
    if doubted:
        assert got["member_id"].confidence <= UNCONFIRMED_CONFIDENCE


@pytest.mark.parametrize(("extra", "doubted"), [
    (4, True),   # 15050's 0264: a suffix set close, joined by the second engine
    (0, False),  # letter spacing: the ID's own end
    (6, False),  # a word space: parted (below)
])
def test_the_second_engines_id_with_two_digits_read_on_is_doubted_where_the_print_steps(
        extra: int, doubted: bool) -> None:
    from pipeline.process import second_reading_suffixes

    image, (left, top, right, end, bottom) = _id_and_suffix_printed("W421449323", "99", extra)
    # Tesseract read the ID without its suffix; the second engine read the two as one.
    words = (OcrWord("W421449323", Box(left, top, right, bottom), 0.9, 0),)
    found, sides = _on_one_side(read("Aetna\nID  W421449323\n"), image, words,
                                Box(left, top, right, bottom))
    theirs = replace(found.fields["member_id"], value="W42144932399", confidence=0.7,
                     box=Box(left, top, end, bottom))
    got = second_reading_suffixes(found, {"member_id": theirs}, sides)
    assert (got.get("member_id", theirs).confidence <= UNCONFIRMED_CONFIDENCE) is doubted
    if extra == 6:
        assert (got["member_id"].value, got["member_id_suffix"].value) == ("W421449323", "99")


@pytest.mark.parametrize(("text", "doubted"), [
    # 11616's 0005: 'Rx GRP' small on a dark card read 'GRP', its value starting two
    # characters left of it while the card's other labels stand flush over their values.
    ("UMR\nMember Number      Payer ID           GRP\n663169214          39026            UMR569\n",
     True),
    # Flush like the others: its own label.
    ("UMR\nMember Number      Payer ID         GRP\n663169214          39026            UMR569\n",
     False),
    # A card that centres its labels over their values shows no such loss.
    ("UMR\n  Member Number       Payer ID          GRP\n663169214          39026            "
     "UMR569\n", False),
])
def test_a_value_starting_well_left_of_its_label_on_a_flush_card_is_doubted(
        text: str, doubted: bool) -> None:
    from types import SimpleNamespace

    from pipeline.process import label_start_lost

    found = read(text)
    assert value(found, "group_number") == "UMR569"
    side = SimpleNamespace(side="front", page=page(text))
    assert ("group_number" in label_start_lost(found, cast(Any, [side]))) is doubted


def test_a_label_read_without_its_first_words_may_be_another_fields() -> None:
    # 'GRP' ends 'Rx GRP'; 11818's 0106's 'ertificate #' (its C lost) ends no other label.
    from pipeline.process import label_ends_another

    umr = next(t for t in load_templates()[1] if t.id == "umr")
    assert label_ends_another(umr, "group_number", "GRP")
    assert not label_ends_another(umr, "member_id", "ertificate #")
    assert not label_ends_another(umr, "member_id", "Member Number")


def test_a_value_the_second_engine_read_apart_for_another_field_is_doubted() -> None:
    # Fresh 12323's 0011: BCBS Texas's 'OZH609745006' read 'QZH…' at 0.73 by closer reads;
    # the second engine, reading the front for the member's name, read 'OZH…' at 0.93.
    from types import SimpleNamespace

    from pipeline.process import read_apart_since

    card = "BlueCross BlueShield of Texas\nIdentification No.  {}\nGroup No.  507429\n"
    ours = read(card.format("QZH609745006"))
    member = replace(ours.fields["member_id"], confidence=0.73)
    ours = replace(ours, fields={**ours.fields, "member_id": member})
    sides: Any = [SimpleNamespace(side="front", page=page(card.format("QZH609745006")))]

    def apart(theirs: str) -> dict[str, Any]:
        pages = {"front": page(card.format(theirs))}
        return read_apart_since(ours, sides, False, (), Config(), cast(Any, pages))

    assert "member_id" in apart("OZH609745006")
    # The same reading; only a look-alike apart (its checks weigh those); no side read.
    assert apart("QZH609745006") == {}
    assert apart("QZH6O9745006") == {}
    assert read_apart_since(ours, sides, False, (), Config(), {}) == {}


def test_the_rest_of_a_phone_number_after_its_area_code_is_no_member_id() -> None:
    # Fresh 12828's 0027: glare hid the member ID; the back's 'Use the number below', its
    # 'the' misread '1e', was taken for 'ID number', and '991-2917' of '(866) 991-2917'
    # passed as the member ID.
    from pipeline.fields import phone_tail

    back = "Paramount\nID number\n(866) 991-2917\n"
    assert value(read("Paramount\n", back), "member_id") != "991-2917"
    p = page("(866) 991-2917  Group 7654321\n")
    assert phone_tail(p.words, 1)
    assert not phone_tail(p.words, 0)
    assert not phone_tail(p.words, 3)  # a group's value after its label
    assert not phone_tail(page("ID 991-2917\n").words, 1)


def test_a_value_under_a_card_issuers_prefix_is_not_the_member_id_of_a_label_on_its_row() -> None:
    """13737's 0091 (glare over the member ID): the second engine read ``Id#`` on the row
    of the next column's ``9606748958``, printed under ``Plan (80840)``, and took that for
    the member ID. A value where a card issuer's number stands is doubted, under the bar;
    the same value with no ``(80840)`` over it is not."""
    rows = [("HealthPartners", 489, 35, 968, 95), ("Insured:", 47, 202, 152, 226),
            ("XIONG,", 207, 192, 309, 226), ("EARL", 314, 192, 382, 226),
            ("Plan", 611, 295, 659, 319), ("(80840)", 671, 295, 753, 319),
            ("Id#", 48, 306, 84, 329), ("9606748958", 525, 315, 696, 351)]

    def words(skip: str = "") -> OcrPage:
        kept = [r for r in rows if r[0] != skip]
        return OcrPage(words=tuple(OcrWord(t, Box(a, b, c, d), 0.99, i)
                                   for i, (t, a, b, c, d) in enumerate(kept)),
                       width=1011, height=638)

    doubted = interpret([("front", words())], has_back=False).fields.get("member_id")
    assert doubted is None or doubted.confidence < Config().member_id_min_confidence
    plain = interpret([("front", words(skip="(80840)"))], has_back=False).fields["member_id"]
    assert plain.value == "9606748958"
    assert plain.confidence >= Config().member_id_min_confidence


def test_a_word_the_second_engine_read_surely_otherwise_unsettles_the_value() -> None:
    """13232's 0200: a pen's ring round ``ZOW 783492847`` took the Z's top bar; Tesseract
    read ``LOW`` (0.96), the second engine ``ZOW`` (0.92) and the number short, so its
    interpretation had no member ID to set against Tesseract's. Its word read apart makes
    the value uncertain; a look-alike (``L0W``), an unsure word, or a word elsewhere, not."""
    from pipeline.process import UNCONFIRMED_CONFIDENCE, page_read_apart

    def words(*items: tuple[str, float, float, float, float, float]) -> OcrPage:
        return OcrPage(words=tuple(OcrWord(t, Box(a, b, c, d), conf, 0)
                                   for t, conf, a, b, c, d in items), width=1011, height=638)

    mine = words(("Anthem", 0.96, 192, 21, 342, 52), ("ID", 0.95, 40, 192, 80, 217),
                 ("LOW", 0.96, 100, 192, 171, 217), ("783492847", 0.86, 181, 190, 341, 217))
    found = interpret([("front", mine)], has_back=False)
    assert found.fields["member_id"].value == "LOW783492847"
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank, page=mine,
                    ocr_image=cast(Any, np.full((638, 1011), 255, np.uint8)))

    def apart(first: str, confidence: float, left: float = 98) -> bool:
        theirs = words((first, confidence, left, 182, left + 65, 216),
                       ("78349284", 0.59, 183, 183, 328, 218))
        out = page_read_apart(found, {}, (), {"front": theirs}, [side])
        return out.get("member_id") is not None and (
            out["member_id"].confidence == UNCONFIRMED_CONFIDENCE)

    assert apart("ZOW", 0.92)
    assert not apart("L0W", 0.92)  # O/0 only: look-alikes are the glyph checks'
    assert not apart("ZOW", 0.6)
    assert not apart("ZOW", 0.92, left=600)
    # 13737's 0217: Tesseract's word (``000099999``) put right since (``U00099999``), as the
    # second engine read it: nothing apart.
    fixed = replace(found, fields={**found.fields, "member_id": replace(
        found.fields["member_id"], value="UOW783492847")})
    theirs = words(("UOW", 0.95, 98, 182, 163, 216))
    assert page_read_apart(fixed, {}, (), {"front": theirs}, [side]) == {}


@pytest.mark.parametrize("rows", [
    # A wide card's table: 'Issuer #:' with its number blank, '(80840)' in the values'
    # column, the ID under it with its own label across the table's gap.
    [("UnitedHealthcare", 57, 33, 505, 68), ("Issuer", 58, 304, 136, 323),
     ("#:", 145, 304, 170, 323), ("(80840)", 398, 299, 515, 327), ("ID", 57, 355, 81, 374),
     ("U22183206", 397, 351, 571, 375), ("Group", 57, 409, 130, 428),
     ("06533255", 397, 405, 540, 428)],
    # Heads over values: 'Issuer #:' 'Group Number:' over '(80840)' (blank) '585945'.
    [("UnitedHealthcare", 57, 33, 505, 68), ("Member", 394, 157, 474, 172),
     ("ID:", 481, 158, 509, 172), ("U22183206", 390, 188, 543, 209),
     ("Issuer", 63, 248, 119, 262), ("#:", 124, 247, 141, 262), ("Group", 215, 247, 275, 266),
     ("Number:", 283, 246, 365, 261), ("(80840)", 59, 277, 164, 303),
     ("06533255", 210, 277, 312, 298)],
])
def test_a_value_under_its_own_label_beside_a_blank_issuer_is_its_fields(
        rows: list[tuple[str, float, float, float, float]]) -> None:
    page = OcrPage(words=tuple(OcrWord(t, Box(a, b, c, d), 0.95, i)
                               for i, (t, a, b, c, d) in enumerate(rows)), width=1011, height=638)
    r = interpret([("front", page)], has_back=False)
    assert r.fields["member_id"].value == "U22183206"
    assert r.fields["group_number"].value == "06533255"
    assert r.fields["member_id"].confidence >= Config().member_id_min_confidence
    assert r.fields["group_number"].confidence >= Config().group_min_confidence
