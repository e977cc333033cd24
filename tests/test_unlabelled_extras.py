"""Issue 15's fields whose label OCR lost or whose print OCR misread, read from the card's
structure (:mod:`pipeline.derived`, :mod:`pipeline.dates`) and the claims address's
mended payee and misread label (:mod:`pipeline.lists`).

Expected values are what a person reads in the card text each test gives, never the
pipeline's output.
"""

from __future__ import annotations

import doctest
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from PIL import Image as PilImage
from PIL import ImageDraw, ImageFont

from pipeline import dates, derived, lists, process
from pipeline.ocr import get_engine
from pipeline.process import Interpretation, interpret
from pipeline.types import Box, FieldReading, Image, OcrPage, OcrWord, Side, SideRead
from tests.fakes import page, read
from tests.test_lists import claims_address


def extras(front: str) -> dict[str, FieldReading]:
    """The readings of a fake front with the unlabelled extras added."""
    pages: list[tuple[Side, OcrPage]] = [("front", page(front))]
    return derived.unlabelled_extras(read(front).fields, pages)


def test_doctests() -> None:
    for module in (dates, process):
        failures, _ = doctest.testmod(module)
        assert failures == 0


# --- the Rx ID as the member ID printed again in the Rx block ----------------------------


RX_BLOCK = """
Member ID  NVS403283155
Group  448470

RxBIN  011552
RxPCN  FLBC
RxGRP  FLB584
       {below}
"""


@pytest.mark.parametrize("below", ["NVS40328315500", "NVS403283155"])
def test_rx_id_whose_label_was_lost_under_the_rx_block(below: str) -> None:
    got = extras(RX_BLOCK.format(below=below))
    assert got["rx_id"].value == below
    assert got["member_id"].value == "NVS403283155"


@pytest.mark.parametrize("below", ["XZA830370401", "NVS4032831557"])
def test_another_number_under_the_rx_block_is_no_rx_id(below: str) -> None:
    assert "rx_id" not in extras(RX_BLOCK.format(below=below))


def test_the_member_id_far_from_the_rx_block_is_no_rx_id() -> None:
    text = """
RxBIN  011552
RxPCN  FLBC
RxGRP  FLB584




Member ID  NVS403283155
NVS403283155
"""
    assert "rx_id" not in extras(text)


# --- the sex as a lone M or F in the value grid -------------------------------------------


def test_sex_whose_label_was_lost_beside_the_member_id() -> None:
    text = """
Member Name  CHLOE K MILLER
Member ID  FFF879834653      F
Group  L753
"""
    assert extras(text)["gender"].value == "F"


def test_sex_under_the_name_in_its_column() -> None:
    text = """
Name           STEPHANIE I KOWALSKI
Date of Birth  05/17/2002
               F
Group #        109109
"""
    assert extras(text)["gender"].value == "F"


@pytest.mark.parametrize("text", [
    # a middle initial: words beside it
    "Member ID  FFF879834653\nGroup  L753\nPCP  DR M SMITH",
    # a capital glare tore off its word
    "Member ID  FFF879834653      M    arcia-Lopez\nGroup  L753",
    # two lone letters: which is the sex?
    "Member ID  FFF879834653      F\nGroup  L753      M",
    # off the value grid
    "Member ID  FFF879834653\nGroup  L753\n\n\n                                        F",
])
def test_no_lone_sex(text: str) -> None:
    assert "gender" not in extras(text)


# --- the plan number whose H OCR read as digits ------------------------------------------


@pytest.mark.parametrize(("line", "number"), [
    ("CMS  48319 729", "H8319 729"),
    ("CMS  149387 643", "H9387 643"),
    ("Contract-PBP  45415-071", "H5415-071"),
])
def test_contract_whose_h_was_read_as_digits(line: str, number: str) -> None:
    got = extras(f"Member ID  84674140203\n{line}")
    assert got["plan_number"].value == number


@pytest.mark.parametrize("line", ["CMS  28319 729", "Group  48319 729", "CMS  48319"])
def test_no_contract_misread(line: str) -> None:
    assert "plan_number" not in extras(f"Member ID  84674140203\n{line}")


# --- a date whose month's 0 OCR read as 9 --------------------------------------------------


def _date(name: str, value: str, confidence: float) -> FieldReading:
    return FieldReading(name, value, confidence, "front", "DOB", Box(0, 0, 9, 9))


def test_birth_date_with_a_nine_for_the_months_zero_is_left_to_a_closer_read() -> None:
    got = derived.derived_fields({"birth_date": _date("birth_date", "93/01/1951", 0.9)},
                                 [], [], keep_doubtful=True)
    assert got["birth_date"].value == "03/01/1951"
    assert got["birth_date"].confidence < derived.MIN_EXTRA_CONFIDENCE
    assert "birth_date" not in derived.derived_fields(
        {"birth_date": _date("birth_date", "93/01/1951", 0.9)}, [], [])


@pytest.mark.parametrize("printed", ["92/30/1952", "13/01/1951", "90/01/1951"])
def test_an_impossible_date_no_nine_explains_is_left_out(printed: str) -> None:
    got = derived.derived_fields({"birth_date": _date("birth_date", printed, 0.9)},
                                 [], [], keep_doubtful=True)
    assert "birth_date" not in got


# --- the claims address's payee and its misread label ------------------------------------


def _address(value: str) -> lists.CardLists:
    return lists.CardLists(claims_address=FieldReading(
        "claims_address", value, 0.9, "back", "Claims", Box(0, 0, 9, 9)))


@pytest.mark.parametrize(("read_as", "printed", "names"), [
    ("Blue Cross and Blue Shield of ilfinois, P.O. Box 771701, Lexington, KY 40574",
     "Blue Cross and Blue Shield of Illinois, P.O. Box 771701, Lexington, KY 40574",
     ["Blue Cross and Blue Shield of Illinois"]),
    ("iser Permanente, P.O. Box 614515, Green Bay, WI 54394",
     "Kaiser Permanente, P.O. Box 614515, Green Bay, WI 54394", ["Kaiser Permanente"]),
    ("BLUE CROSS AND BLUE SHIALD OF TEXAS, P.O. Box 854507, El Paso, TX 79938",
     "BLUE CROSS AND BLUE SHIELD OF TEXAS, P.O. Box 854507, El Paso, TX 79938",
     ["Blue Cross and Blue Shield of Texas"]),
    # printed another way than the template's name: its words kept
    ("Anthem Blue Cross Blue Shield, P.O. Box 929671, Lexington, KY 40598",
     "Anthem Blue Cross Blue Shield, P.O. Box 929671, Lexington, KY 40598",
     ["Anthem Blue Cross and Blue Shield", "Empire BlueCross"]),
    # another payee: as read
    ("Humana Claims Office, P.O. Box 471620, El Paso, TX 79939",
     "Humana Claims Office, P.O. Box 471620, El Paso, TX 79939", ["Humana"]),
])
def test_payee_spelled_as_its_carrier(read_as: str, printed: str, names: list[str]) -> None:
    got = lists.payee_spelled(_address(read_as), names).claims_address
    assert got is not None and got.value == printed


def test_claims_label_misread_with_no_mark_after_it() -> None:
    text = "Clalms Oxford Health Plans, P.O. Box 915465\nSalt Lake City, UT 84147-9744"
    assert claims_address(text) == (
        "Oxford Health Plans, P.O. Box 915465, Salt Lake City, UT 84147-9744")


@pytest.mark.parametrize("first", ["Claire", "Class"])
def test_a_word_like_claims_is_no_label(first: str) -> None:
    text = f"{first} Oxford Health Plans, P.O. Box 915465\nSalt Lake City, UT 84147-9744"
    got = claims_address(text)
    assert got is None or not got.startswith("Oxford")


# --- closer reads where the page lost a date or tore a name (Tesseract) ------------------


def _drawn_side(line: str, kept: Callable[[str, Box], list[tuple[str, Box]]]) -> tuple[
        SideRead, Interpretation]:
    """A drawn front printing ``line`` at (50, 100), its page holding the words ``kept``
    makes of each printed word and its box (what the first pass read), and its meaning."""
    img = PilImage.new("L", (1011, 638), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 20)
    draw.text((50, 100), line, fill=20, font=font)
    words: list[tuple[str, Box]] = []
    x = 50.0
    for token in line.split(" "):
        left, top, right, bottom = draw.textbbox((x, 100), token, font=font)
        words += kept(token, Box(left, top, right, bottom))
        x = draw.textbbox((x, 100), token + " ", font=font)[2]
    page = OcrPage(words=tuple(OcrWord(t, b, 0.95, 0) for t, b in words), width=1011,
                   height=638)
    blank: Any = None
    side = SideRead("front", blank, blank, blank, page, np.asarray(img))
    return side, interpret([("front", page)], has_back=False)


class CountingEngine:
    """Tesseract, counting its reads."""

    def __init__(self) -> None:
        self.engine = get_engine("tesserocr")
        self.name = self.engine.name
        self.reads = 0

    def version(self) -> str:
        return self.engine.version()

    def recognize(self, image: Image, **kwargs: Any) -> OcrPage:
        self.reads += 1
        return self.engine.recognize(image, **kwargs)

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        return self.engine.detect_orientation(image)


@pytest.mark.tesseract
def test_a_birth_date_the_page_lost_is_read_beside_its_label() -> None:
    def label_only(token: str, box: Box) -> list[tuple[str, Box]]:
        return [] if token[0].isdigit() else [(token, box)]

    side, found = _drawn_side("Member ID 84674140203 Date of Birth: 03/11/1991", label_only)
    assert "birth_date" not in found.fields
    engine = CountingEngine()
    got = process.lost_dates(found, [side], engine)
    assert got["birth_date"].value == "03/11/1991" and set(got) == {"birth_date"}
    side, found = _drawn_side("Member ID 84674140203 Date of Birth: 03/11/1991",
                              lambda t, b: [(t, b)])
    engine = CountingEngine()
    assert process.lost_dates(found, [side], engine) == {}
    assert engine.reads == 0


@pytest.mark.tesseract
def test_a_group_name_glare_tore_is_read_again_whole() -> None:
    def torn(token: str, box: Box) -> list[tuple[str, Box]]:
        if token != "MANUFACTURING":
            return [(token, box)]
        w = box.width / len(token)  # glare took "TUR"
        return [("MANUFAC", replace(box, right=box.left + 7 * w)),
                ("ING", replace(box, left=box.left + 10 * w))]

    side, found = _drawn_side("Group Name: ACME MANUFACTURING CO", torn)
    assert found.fields["group_name"].value == "ACME MANUFAC"
    got = process.torn_mended(found, [side], CountingEngine())
    assert got["group_name"].value == "ACME MANUFACTURING CO"
    side, found = _drawn_side("Group Name: ACME MANUFACTURING CO", lambda t, b: [(t, b)])
    engine = CountingEngine()
    assert process.torn_mended(found, [side], engine) == found.fields
    assert engine.reads == 0


def test_a_speck_at_a_torn_values_edge_ends_its_rest() -> None:
    """A speck read inside the right edge of the rest so far (``i`` in glare: d9999, where
    the search took it again and again and the card's worker never returned) is no more of
    the value's rest: each word taken reaches further right."""
    def torn(token: str, box: Box) -> list[tuple[str, Box]]:
        if token == "CO":
            return [(token, box), ("i", replace(box, left=box.right - 0.1 * box.height))]
        if token != "MANUFACTURING":
            return [(token, box)]
        w = box.width / len(token)
        return [("MANUFAC", replace(box, right=box.left + 7 * w)),
                ("ING", replace(box, left=box.left + 10 * w))]

    side, found = _drawn_side("Group Name: ACME MANUFACTURING CO", torn)
    got = process.torn_rest(found, [side], "group_name")
    assert got is not None and got[1] == ["ING", "CO"]


@pytest.mark.parametrize(("value", "rest", "whole", "mends"), [
    ("ACME MANUFAC", ["ING", "CO"], "ACME MANUFACTURING CO", True),
    ("BLUE RIDGE", ["SCHOOL", "DISTRICT", "BP4781"], "BLUE RIDGE SCHOOL DISTRICT BP4781", False),
    ("ACME MANUFAC", ["ING", "CO"], "ACME MANUFACING CO", False),  # no letters between
    ("ACME MANUFAC", ["ING", "CO"], "ACME MANUFACTURING", False),
])
def test_what_mends_a_tear(value: str, rest: list[str], whole: str, mends: bool) -> None:
    assert process.mends_tear(value, rest, whole) is mends


def test_a_known_pbms_bin_is_the_bin_where_its_label_was_lost() -> None:
    # 'RxBIN' mangled past reading: Caremark's BIN, printed alone, is the BIN.
    card = "Fidelis Care\nMember id   55159284V\nmem:     004336@0.6\nRxPCN:   ADV\n"
    got = extras(card)
    assert got["rx_bin"].value == "004336"
    assert got["rx_bin"].confidence <= 0.8 * 0.6  # no label vouches for the reading
    assert got["member_id"].value == "55159284V"
    # Six digits no PBM is known by are no BIN without a label.
    assert "rx_bin" not in extras(card.replace("004336", "123456"))
    # Part of a longer number ('610279 4411'), or two known BINs: no BIN.
    assert "rx_bin" not in extras("Fidelis Care\nRef 610279 4411\n")
    assert "rx_bin" not in extras("Fidelis Care\nmem:  004336\n\nxx   003858\n")
    # A BIN read by its label stays as read.
    labelled = extras("Fidelis Care\nRxBIN:   610591\nxx   003858\n")
    assert labelled["rx_bin"].value == "610591" and labelled["rx_bin"].label


# --- the Rx block's PCN and group whose labels OCR lost -----------------------------------


def test_pcn_and_group_stacked_under_a_known_bin() -> None:
    # d9292 0003's back: the labels lost, the codes in a column under OptumRx's BIN.
    got = extras("Member ID  175454094\n\n\n\n  610279\n  9999\n  UHEALTH\n  17545409401\n")
    assert got["rx_bin"].value == "610279"
    assert got["rx_pcn"].value == "9999" and got["rx_group"].value == "UHEALTH"
    assert got["rx_group"].confidence < 0.8  # no label vouches for it
    assert got["member_id"].value == "175454094"


def test_a_stack_with_its_labels_over_the_values() -> None:
    # d9292 0247: 'Reber' over 011552, 'Regen' over FLBC, 'Re poup' over FLB002 (lower case,
    # smaller than the codes: labels, skipped).
    card = ("Florida Blue\nMember ID  QIJH23785474\n\n\n   Reber\n   011552\n   Regen\n"
            "   FLBC\n   Re poup\n   FLB002\n")
    words = [replace(w, box=Box(w.box.left, w.box.top + 6, w.box.right, w.box.bottom))
             if any(c.islower() for c in w.text) else w for w in page(card).words]
    pages: list[tuple[Side, OcrPage]] = [("front", OcrPage(tuple(words), 1011, 638))]
    got = derived.unlabelled_extras(read(card).fields, pages)
    assert got["rx_pcn"].value == "FLBC" and got["rx_group"].value == "FLB002"


def test_a_stack_whose_last_box_ocr_grew() -> None:
    # d1111 0167: the group's box grown up over a smudge (its centre off the pitch, its
    # bottom on it).
    card = "Member ID  175454094\n\n\n\n  610279\n  9999\n  UHEALTH\n"
    words = [replace(w, box=Box(w.box.left, w.box.top - w.box.height, w.box.right,
                                w.box.bottom)) if w.text == "UHEALTH" else w
             for w in page(card).words]
    pages: list[tuple[Side, OcrPage]] = [("front", OcrPage(tuple(words), 1011, 638))]
    got = derived.unlabelled_extras(read(card).fields, pages)
    assert got["rx_pcn"].value == "9999" and got["rx_group"].value == "UHEALTH"


@pytest.mark.parametrize(("card", "printed"), [
    # d1212 0308, d2222 0014, d2222 0180, d2222 0183: the label's Rx and Group misread.
    ("RxBIN  011552\nRxPCN  TXPROD1\nRx wp  BCTX914@0.59\n", "BCTX914"),
    ("RxBIN  003858\n\n\nRx ap  HGM8225@0.67\n", "HGM8225"),
    ("RxBIN  610014\nRxPCN  REGENCE\nRe Group:  RGN2082\n", "RGN2082"),
    ("RxBIN  610014\nRxPCN  HORIZON\nfx group:  HZN7317@0.61\n", "HZN7317"),
    # d1111 0375: the label over its value.
    ("RxBIN  011552\nRxPCN  ILPROD1\nRx Gipup\nBCIL672\n", "BCIL672"),
])
def test_the_group_after_its_misread_rx_label(card: str, printed: str) -> None:
    got = extras("Member ID  HFJ000099999\n\n" + card)
    assert got["rx_group"].value == printed


@pytest.mark.parametrize("card", [
    "RxBIN  003858\n\n\nRx ID  HGM8225\n",  # another label
    "RxBIN  003858\n\n\nRx ap  HGM8225@0.4\n",  # doubtful
    "RxBIN  003858\n\n\n\n\n\n\n\n\nRx ap  HGM8225\n",  # far from the block
    "Member  Rx ap  HGM8225\n",  # no block
])
def test_no_group_after_an_rx_of_another_label(card: str) -> None:
    assert "rx_group" not in extras("Member ID  HFJ000099999\n\n" + card)


def _misread_group(card: str, grow: str = "") -> FieldReading | None:
    """:func:`derived.rx_group_misread_label` on a fake front's readings less its group
    (``grow``: the word whose box OCR grew down by one and a half heights)."""
    words = [replace(w, box=Box(w.box.left, w.box.top, w.box.right, w.box.bottom
                                + 1.5 * w.box.height)) if w.text == grow else w
             for w in page(card).words]
    found = {n: f for n, f in read(card).fields.items() if n != "rx_group"}
    return derived.rx_group_misread_label(found, [("front", OcrPage(tuple(words), 1011, 638))])


def test_no_misread_label_group_cut_short_or_from_the_row_under_it() -> None:
    card = "Member ID  HFJ000099999\n\nRxBIN  011552\nRxPCN  FLBC\nRx Grow  {}\n"
    got = _misread_group(card.format("FLB475"))
    assert got is not None and got.value == "FLB475"
    # d3434 0280: FLB475 cut short to FLB4 (a one-digit number is none).
    assert _misread_group(card.format("FLB4")) is None
    # d3434 0046: 'B74', part of the value under 'Rx Grow', its box grown up beside it.
    assert _misread_group(card.format("B74"), grow="B74") is None


@pytest.mark.parametrize(("read_as", "pcn", "printed"), [
    # d1111 0148, 0139, 0167 (the generator's truth the BIN).
    ("071552", "FLBC", "011552"), ("310279", "9999", "610279"), ("620099", "IS", "020099"),
])
def test_a_bin_misread_mended_by_its_pcn(read_as: str, pcn: str, printed: str) -> None:
    got = extras(f"Member ID  HFJ000099999\n\nRxBIN  {read_as}\nRxPCN  {pcn}\n")
    assert got["rx_bin"].value == printed


@pytest.mark.parametrize(("read_as", "pcn"), [
    ("071552", "HORIZON"),  # no known BIN's PCN
    ("071559", "FLBC"),  # two digits off
    ("891581", "MEDICAID"),  # another BIN
])
def test_no_bin_mended_without_its_pcn(read_as: str, pcn: str) -> None:
    got = extras(f"Member ID  HFJ000099999\n\nRxBIN  {read_as}\nRxPCN  {pcn}\n")
    assert got["rx_bin"].value == read_as


@pytest.mark.parametrize(("line", "printed"), [
    ("FCN:  HORIZON", "HORIZON"), ("PN:  PREMERA@0.74", "PREMERA"),  # d1111 0183, 0343
])
def test_a_pcn_after_its_misread_label(line: str, printed: str) -> None:
    got = extras(f"Member ID  HFJ000099999\n\nRxBIN  610014\n{line}\nRxGRP  HZN9028\n")
    assert got["rx_pcn"].value == printed


@pytest.mark.parametrize("card", [
    "RxBIN  610014\n\n\n\n\n\n\n\n\nFCN:  HORIZON\n",  # far from the block
    "FCN:  HORIZON\n",  # no block
    "RxBIN  610014\nFCN:  HORIZON@0.6\n",  # doubtful (d9292 0023: IXIV for JXJV at 0.54)
])
def test_no_pcn_after_a_word_like_its_label(card: str) -> None:
    assert "rx_pcn" not in extras("Member ID  HFJ000099999\n\n" + card)


def test_a_stack_whose_values_follow_labels_lost() -> None:
    # d2222 0119: 'RxBIN:', 'RxPCN:', 'RxGRP:' lost, each value as far right as its label
    # was long; the rows at an even pitch.
    got = extras("Member ID  175454094\n\n  004336\n   MCAIDADV\n     RX7035\n")
    assert got["rx_pcn"].value == "MCAIDADV" and got["rx_group"].value == "RX7035"


@pytest.mark.parametrize("rows", [
    "   MCAIDADV\n\n     RX7035\n",  # off the pitch
    "   MCAIDADV\n              RX7035\n",  # too far right
    "   MCAIDADV\n     RXI5\n",  # a number cut short to one digit
])
def test_no_loosely_aligned_group_off_the_stack(rows: str) -> None:
    got = extras("Member ID  175454094\n\n  004336\n" + rows)
    assert got["rx_pcn"].value == "MCAIDADV" and "rx_group" not in got


@pytest.mark.parametrize(("card", "want"), [
    # d3434 0051, d3333 0321: the codes whose labels were lost under the labels' column.
    ("Rxbin  610014\nRxpcn  HORIZON\nHZN9123\n", {"rx_pcn": "HORIZON", "rx_group": "HZN9123"}),
    ("BIN:  957876\nWDSK\n", {"rx_pcn": "WDSK"}),
])
def test_codes_under_the_labels_column(card: str, want: dict[str, str]) -> None:
    got = extras("Member ID  UTI6625503834\n\n" + card)
    assert {n: got[n].value for n in want if n in got} == want


def test_no_code_under_the_labels_column_past_another_field() -> None:
    got = extras("Member ID  UTI6625503834\n\nBIN:  957876\nPayer ID  87726\nWDSK\n")
    assert "rx_pcn" not in got


@pytest.mark.parametrize(("line", "printed"), [
    # d2222 0362, 0322, 0052, 0023, d1111 0183 (the generator's truth the BIN).
    ("RxBES  558099", "558099"), ("Bm:  388810", "388810"), ("Axbin:  0043236", "004336"),
    ("RXBIN:  1336463", "336463"), ("BN  G10014", "610014"),
])
def test_a_bin_after_its_misread_label(line: str, printed: str) -> None:
    got = extras(f"Member ID  HFJ000099999\n\n{line}\n")
    assert got["rx_bin"].value == printed


@pytest.mark.parametrize("line", [
    "RxID  558099", "Bm:  558099@0.5", "Bm:  5580", "Bm:  2336463", "Benefits  558099",
    "P.O.  Box  974036", "Box  974036",  # wide's claims addresses
])
def test_no_bin_after_another_word(line: str) -> None:
    assert "rx_bin" not in extras(f"Member ID  HFJ000099999\n\n{line}\n")


def test_pcn_and_group_along_the_bins_row() -> None:
    # d9292 0281: every label mangled ('napun:', 'narun:', 'naunr:').
    got = extras("Member ID  TVV171531595\n\nnapun:  004336   narun:  ADV   naunr:  RX5880\n")
    assert got["rx_pcn"].value == "ADV" and got["rx_group"].value == "RX5880"


def test_the_group_under_a_labelled_bin_and_pcn() -> None:
    got = extras("Member ID  HFJ000099999\n\nRxBIN  610014\nRxPCN  HORIZON\n"
                 "wep@0.4  HZN3205\n")
    assert got["rx_pcn"].value == "HORIZON" and got["rx_group"].value == "HZN3205"


@pytest.mark.parametrize(("rows", "why"), [
    ("  9999\n  UHEALTH@0.5\n", "a doubtful group"),
    ("  9999\n  (800) 555-1234\n", "a phone"),
    ("  9999\n  175454094\n", "the member ID"),
    ("\n\n\n\n  UHCRX\n  UHEALTH\n", "rows far from the BIN"),
    ("  UHCRX\n\n  UHEALTH\n", "an uneven pitch"),
])
def test_no_group_where_the_stack_gives_none(rows: str, why: str) -> None:
    assert "rx_group" not in extras("Member ID  175454094\n\n\n\n  610279\n" + rows), why


def test_no_code_under_a_bin_of_another_field() -> None:
    # The row under the BIN is the payer ID's, labelled: the block ended.
    card = "Member ID  175454094\n\n\n\nBIN       610279\nPayer ID  87726\n          UHEALTH\n"
    assert read(card).fields["payer_id"].value == "87726"
    got = extras(card)
    assert "rx_pcn" not in got and "rx_group" not in got


def test_a_group_under_a_pcn_read_without_its_bin() -> None:
    # 8282's 0030 (motion blur): the Rx block's labels and BIN lost; the PCN's label read
    # again later (``lost_code_labels``), the group under it unlabelled.
    card = "Member ID  OVP22676059\nGroup  197390\n\nRxPCN  MEDICAID\n       KSH441\n"
    found = {n: f for n, f in read(card).fields.items() if n != "rx_group"}
    assert "rx_bin" not in found and found["rx_pcn"].value == "MEDICAID"
    got = derived.rx_stacked(found, [("front", page(card))])
    assert got["rx_group"].value == "KSH441"
    # The row under the PCN is another field's: the block ended.
    card = "Member ID  OVP22676059\nGroup  197390\n\nRxPCN  MEDICAID\nPayer ID  87726\n"
    assert "rx_group" not in derived.rx_stacked(read(card).fields, [("front", page(card))])


def test_a_known_pcn_printed_apart_from_its_bin() -> None:
    # d3333 0055: Caremark's BIN at the foot, its PCN over the group in another column.
    card = ("Member ID  026847373\n\n                      MEDDADV\n                      "
            "RX7503\n\n\n\n004336\n")
    got = extras(card)
    assert got["rx_pcn"].value == "MEDDADV" and got["rx_group"].value == "RX7503"
    # No known BIN: a word like a PCN is none.
    assert "rx_pcn" not in extras(card.replace("004336", "Bin 123456"))


@pytest.mark.parametrize(("read_as", "printed"), [
    ("ILPRODI", "ILPROD1"), ("MEBDADYV", "MEDDADV"), ("ADV5", "ADV"), ("999", "9999"),
    ("PCNILPROD1", "ILPROD1"), ("TRIGARE", "TRICARE"),
])
def test_a_pcn_misread_as_its_bins_known_pcn(read_as: str, printed: str) -> None:
    assert any(derived.pcn_known_as(read_as, known) == printed
               for known in derived.PCNS_BY_BIN.values())


@pytest.mark.parametrize("read_as", ["REGENCE", "A", "MEDICAID", "ADVANTAGE"])
def test_no_known_pcn_for_another_code(read_as: str) -> None:
    assert derived.pcn_known_as(read_as, derived.PCNS_BY_BIN["004336"]) is None


def test_a_pcn_split_in_two_is_mended_by_its_bin() -> None:
    # d9292 0041: Humana's 03200000 read '03' and '00000' (its 2 lost).
    got = extras("Member ID  H42627799\n\nRxBIN   015581\nRxPCN   03 00000\nRxGRP   X5672\n")
    assert got["rx_pcn"].value == "03200000"


@pytest.mark.parametrize("line", [
    "Payor  1p:  60054", "Claims  Mayer  10:  47570", "Claims  payer  ich:  00590",
    "PAYOR  Ip:  06111",
])
def test_payer_id_after_a_misread_label(line: str) -> None:
    got = extras(f"Member ID  W123456789\n\n{line}\n")
    assert got["payer_id"].value == line.split()[-1]


@pytest.mark.parametrize(("line", "printed"), [
    # Read so on d1111 0236, d1212 0367, d2222 0249, d3434 0344, d5555 0110, d5555 0247,
    # d5555 0308, d5656 0244, d1111 0375 (the generator's truth the payer ID).
    ("Pay  vr  id  39026", "39026"), ("Claims  payer  alo  lf  06111", "06111"),
    ("yer  ID:  22099", "22099"), ("Payei  #  54771.", "54771"), ("Faye  D:  84980", "84980"),
    ("Clams  Paget  ily.  00590", "00590"), ("Pays  0  84980", "84980"),
    ("Pay  10  47570", "47570"), ("EDI  Haver  IDs  00621", "00621"),
    ("Pays  #39026", "39026"), ("EDI  Payer  1:  $4771", "54771"),  # d1111 0302, d2222 0014
])
def test_payer_id_after_a_label_read_further_off(line: str, printed: str) -> None:
    got = extras(f"Member ID  W123456789\n\n{line}\n")
    assert got["payer_id"].value == printed


@pytest.mark.parametrize("line", [
    "Payer  Address:  60054", "Paper  towels  60054", "Payor  1p:  60054@0.5",
    "Payer  1p:  ABCDE", "Pay  60054", "Pa  ID  60054", "Pay  vr  id  xx  60054",
    "Pay  1D  toward  60054", "Dyer  1s  29026@0.84",
])
def test_no_payer_id_after_another_word(line: str) -> None:
    assert "payer_id" not in extras(f"Member ID  W123456789\n\n{line}\n")


@pytest.mark.parametrize(("read_as", "printed"), [
    ("UMRO090", "UMR090"), ("UMR5S11", "UMR511"), ("RGNS5269", "RGN5269"),
    ("HGMB8619", "HGM8619"), ("CIGNA5S4", "CIGNA54"), ("RGN0O431", "RGN0431"),
    ("CIGNA5S7@0.55", "CIGNA57"), ("HZ2N1122", "HZN1122"),
])
def test_a_doubtful_group_with_a_glyph_read_twice(read_as: str, printed: str) -> None:
    # Tesseract, unsure of a glyph, emitted both its letter and its digit (d9292 0071,
    # 0302, 0213; d6666 0212, 0100; d3333 0312).
    # Inside the number (d1111 0397) even read with more confidence: no letter stands there.
    word = read_as if "@" in read_as else f"{read_as}@0.37"
    got = extras(f"Member ID  283299394\n\nRxBIN  610279\nRxPCN  9999\nRxGRP  {word}\n")
    assert got["rx_group"].value == printed


@pytest.mark.parametrize("read_as", [
    "FLB893@0.5", "BWEO09@0.5", "UMRS575@0.55", "UMR5S11@0.65", "UMRO0O90@0.3"])
def test_no_glyph_read_twice_in_a_code(read_as: str) -> None:
    # Read with some confidence, or two pairs (no telling which glyph was doubled): as read.
    got = extras(f"Member ID  283299394\n\nRxBIN  610279\nRxPCN  9999\nRxGRP  {read_as}\n")
    assert len(got["rx_group"].value) == len(read_as.partition("@")[0])


def test_the_column_under_the_bin_before_a_code_beside_it() -> None:
    # d5555 0335: another column's group stands on the BIN's row; the PCN is under the BIN.
    got = extras("Member ID  641446585\n\nBin      610279           UMR702\nPen\n         9999\n")
    assert got["rx_pcn"].value == "9999"


def test_no_unknown_pcn_under_a_bin_of_known_pcns() -> None:
    # d4242 0177: 'TLPROD1' (ILPROD1) under Prime's BIN, as near TXPROD1: no PCN.
    got = extras("Member ID  ALQ408681488\n\n\n\n  011552\n  TLPROD1\n")
    assert "rx_pcn" not in got
    got = extras("Member ID  ALQ408681488\n\n\n\n  011552\n  ILPRODI\n")
    assert got["rx_pcn"].value == "ILPROD1"


# --- the Rx group held to its shape; PCNs from what OCR kept ------------------------------


@pytest.mark.parametrize(("read_as", "printed"), [
    ("CIGNAS1", "CIGNA51"), ("OSCRT9", "OSCR79"), ("BCILOG1", "BCIL061"),
    ("FLBOS7", "FLB057"), ("CIGNAI5", "CIGNA15"),
])
def test_a_groups_number_read_as_letters(read_as: str, printed: str) -> None:
    # d1111 0067, d5555 0270, d8989 0375, d9999 0082, 0100: a number left one digit long,
    # the letters before it drawn like digits.
    got = extras(f"Member ID  283299394\n\nRxBIN  017010\nRxPCN  02250000\nRxGRP  {read_as}\n")
    assert got["rx_group"].value == printed


@pytest.mark.parametrize("read_as", ["HGM1", "RGN8", "BC", "PBC", "UHC"])
def test_no_group_cut_short(read_as: str) -> None:
    # d5656 0179 (HGM1919), d6666 0081 (RGN8239), d1111 0308 (BCTX517), d3434 0013
    # (PBC3820), d1111 0172 (UHCSR): glare or a fold left a prefix, or one digit of its number.
    got = extras(f"Member ID  283299394\n\nRxBIN  610279\nRxPCN  9999\nRxGRP  {read_as}\n")
    assert "rx_group" not in got


@pytest.mark.parametrize("printed", ["WLHA", "UHCSR", "OHPRX", "RX0566", "BCTX517", "OSCR10"])
def test_a_group_of_its_shape_as_read(printed: str) -> None:
    got = extras(f"Member ID  283299394\n\nRxBIN  610279\nRxPCN  9999\nRxGRP  {printed}\n")
    assert got["rx_group"].value == printed


def test_anthems_pcn_read_in_small_letters() -> None:
    # d1111 0134: CarelonRx's IS read 'Is' beside its label (the labelled reading wants
    # capitals); the BIN known, the word alone on its row is its PCN.
    got = extras("Member ID  FUSBA3841288\n\nRXBIN:   020099\nRXPCN:   Is\nRX GROUP:   WLHA\n")
    assert got["rx_pcn"].value == "IS"


@pytest.mark.parametrize(("read_as", "bin_", "printed"), [
    ("MCAI", "004336", "MCAIDADV"), ("022500", "017010", "02250000"), ("AS", "003858", "A4"),
    ("AG", "003858", "A4"),
])
def test_a_pcn_of_which_ocr_kept_a_part(read_as: str, bin_: str, printed: str) -> None:
    # d3333 0053, d5555 0364: the rest lost to glare; d1212 0014, d3434 0014: A4's 4
    # read as a letter.
    got = extras(f"Member ID  W123456789\n\nRxBIN  {bin_}\nRxPCN  {read_as}\nRxGRP  RX4072\n")
    assert got["rx_pcn"].value == printed


@pytest.mark.parametrize(("read_as", "bin_"), [("AA", "003858"), ("DADV", "004336")])
def test_no_pcn_of_which_ocr_kept_a_part_of_two(read_as: str, bin_: str) -> None:
    # AA is as near MA as A4; DADV ends both MEDDADV and MCAIDADV.
    assert derived.pcn_part_of(read_as, derived.PCNS_BY_BIN[bin_]) is None


def test_a_pcn_mended_with_no_bin_read() -> None:
    # d1111 0308: the BIN lost, TXPROD1 read TXPRODI.
    card = "Member ID  QBU037611511\n\nRxPCN  {}\nRxGRP  BCTX517\n"
    assert extras(card.format("TXPRODI"))["rx_pcn"].value == "TXPROD1"
    # A short code is as near a known PCN by chance; an unknown BIN's PCNs are not known.
    assert extras(card.format("FLBX"))["rx_pcn"].value == "FLBX"
    got = extras("Member ID  QBU037611511\n\nRxBIN  123456\nRxPCN  TXPRODI\nRxGRP  BCTX517\n")
    assert got["rx_pcn"].value == "TXPRODI"


@pytest.mark.parametrize(("read_as", "printed"), [
    ("00580.", "00580"), ("38333.", "38333"), ("00580", "00580"), ("SX009", "SX009"),
    ("0580.", "0580."),
])
def test_a_payer_id_without_the_stop_read_after_it(read_as: str, printed: str) -> None:
    # d1111 0149 ('Payer #00580.': the label's # glued on), d9999 0152: 00580 and 38333
    # read with a stop after them.
    reading = FieldReading(name="payer_id", value=read_as, confidence=0.34, side="back",
                           label="Payer ID", box=Box(0, 0, 70, 20))
    assert derived.payer_stop_dropped(reading).value == printed


@pytest.mark.parametrize(("rx_read", "member_read", "kept"), [
    ("IASW574", "IASW57417061", False), ("OQE6906399", "OQE690639913", False),
    ("4259729", "42597291503", False),
    # One short: the member ID may hold a mark read as a last character.
    ("GYD486234561", "GYD4862345612", True),
    ("IASW5741706100", "IASW57417061", True), ("W123456789", "W123456789", True),
])
def test_no_rx_id_cut_short(rx_read: str, member_read: str, kept: bool) -> None:
    # d6666 0332, d9999 0209, d9191 0392: glare cut the Rx ID's print, which repeats the
    # member ID (IASW5741706100, OQE690639913, 42597291503).
    def reading(name: str, value: str) -> FieldReading:
        return FieldReading(name=name, value=value, confidence=0.9, side="front", label="ID",
                            box=Box(0, 0, 14 * len(value), 24))

    got = derived.rx_id_spelled({"member_id": reading("member_id", member_read),
                                 "rx_id": reading("rx_id", rx_read)})
    assert ("rx_id" in got) == kept


@pytest.mark.parametrize(("pcn", "shaped"), [
    ("297-8249", False), ("9106871249", False), ("ILS301110703401", False),
    ("800-555-0100", False), ("03200000", True), ("IS", True), ("MCAIDADV", True),
])
def test_a_pcn_of_a_pcns_shape(pcn: str, shaped: bool) -> None:
    # d3333 0332, d9292 0148: a phone's print read beside a PCN label whose value OCR
    # lost; d8989 0244: a longer number than NCPDP's ten characters.
    assert derived.pcn_shaped(pcn) == shaped


def test_a_code_a_later_reading_lost_is_kept_from_the_first() -> None:
    # Fresh 14343's 0135, dim: a second look found UHC's group and lost the 'Rx group:
    # UHEALTH' the first reading gave at 0.91; the card passed without its Rx group.
    from pipeline.process import codes_kept
    from pipeline.types import Box, FieldReading

    box = Box(556, 533, 678, 554)
    rx_group = FieldReading("rx_group", "UHEALTH", 0.91, "front", "Rx group", box)
    group = FieldReading("group_number", "523113", 0.92, "front", "Grp", box)
    kept = codes_kept({"group_number": group}, {"rx_group": rx_group})
    assert kept["rx_group"] == rx_group and kept["group_number"] == group
    # A later reading's own code stands; an unlabelled one, or one another field now
    # gives, is not brought back.
    later = replace(rx_group, value="UHEALTH1")
    assert codes_kept({"rx_group": later}, {"rx_group": rx_group})["rx_group"] == later
    assert "rx_group" not in codes_kept({}, {"rx_group": replace(rx_group, label="")})
    assert "rx_group" not in codes_kept({}, {"rx_group": replace(rx_group, confidence=0.72)})
    assert "rx_group" not in codes_kept({"group_number": replace(group, value="UHEALTH")},
                                        {"rx_group": rx_group})
