"""Member names of issue 15's first item: what fresh ranges 9595-9797 showed (the card each
case names is where a person read the expected value off the print)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import fields
from pipeline.process import initials_spaced, unprinted_parting
from pipeline.types import Box, FieldReading, OcrPage, OcrWord
from tests.fakes import read, value

BACK = """
Member Services  1-800-555-0100
Pharmacy Help Desk  1-800-555-0199
"""


@pytest.mark.parametrize(("read_as", "name"), [
    # A speck in the space before a suffix read as a stop or an apostrophe (9797's 0376,
    # 9696's 0120).
    ("DEEPA K JENSEN.SR", "DEEPA K JENSEN SR"), ("JULIAN PETERSEN'SR", "JULIAN PETERSEN SR"),
    ("NORA F VAN DYKE JR.", "NORA F VAN DYKE JR."), ("ST. JOHN, ADA", "ST. JOHN, ADA"),
    # An apostrophe read between a given name and its initial (9797's 0021); a name's own
    # apostrophe after one letter stays.
    ("ELIJAH'M RASMUSSEN", "ELIJAH M RASMUSSEN"), ("ADRIAN O'BRIEN", "ADRIAN O'BRIEN"),
    ("D'ANGELO K SMITH", "D'ANGELO K SMITH"),
    # The sex printed in the next column read on the name's row (9696's 0053, 9595's 0318);
    # a surname printed first keeps its initial, a name without a middle initial its words.
    ("REGINALD S NAVARRO M", "REGINALD S NAVARRO"), ("LATOYA G GALLAGHER F", "LATOYA G GALLAGHER"),
    ("PUBLIC, JOHN Q", "PUBLIC, JOHN Q"), ("IBRAHIM DOLORES F", "IBRAHIM DOLORES F"),
    ("JOHN Q PUBLIC", "JOHN Q PUBLIC"), ("CONNOR B BROOKS I", "CONNOR B BROOKS I"),
    # The primary care doctor printed in the next column read on the name's row (9696's
    # 0305); a name opening with a title stays for plausible_name to rule out.
    ("DOLORES E KOWALCZYK DR JACOB", "DOLORES E KOWALCZYK"),
    ("DR TOMAS NAVARRO", "DR TOMAS NAVARRO"),
    # A speck before a word read as a quote mark (11515's 0265); inner apostrophes stay.
    ("OWEN W \u2018SOLBERG", "OWEN W SOLBERG"), ("'ADA O'NEIL", "ADA O'NEIL"),
])
def test_marks_and_a_next_columns_letter_a_names_shape_rules_out(read_as: str, name: str) -> None:
    assert fields.mended_name(read_as) == name


@pytest.mark.parametrize(("value", "plausible"), [
    ("OF SPRINGFIELD", False),  # 9797's 0248: 'CITY OF SPRINGFIELD' under 'Grou Name'
    ("Pharmacy He", False),  # 9595's 0304: under 'Member' of 'Member Services'
    ("Member Services", False), ("JOHN Q MEMBER", True), ("ADA SILVER", True),
    ("Anna de la Cruz", True), ("ADA GOLD", True),
    # Fresh 11616's 0265 and 0112, 11111's 0176, 11212's 0240: a phone's label, a plan's
    # name, a carrier's under a lost name label; names that start so stay.
    ("HelpTe Desk", False), ("Heritage Signature", False), ("Behavioral Hea", False),
    ("KAISER PERMANENTE", False), ("JOHN HELPER", True), ("ADA DESKINS", True),
])
def test_a_phrase_or_a_services_line_is_no_name(value: str, plausible: bool) -> None:
    assert fields.plausible_name(value) is plausible


def test_the_carriers_plan_name_is_no_other_person_beside_the_subscriber() -> None:
    """9696's 0232: ``Cigna Connect`` (the plan) above ``Subscriber`` ``Isaac Harper
    Tran``: the card names only its subscriber, who is the member."""
    r = read("""
.
Cigna Healthcare
Cigna Connect
Subscriber
Isaac Harper Tran
Member ID  U24724554
""", BACK)
    assert value(r, "member_name") == "Isaac Harper Tran"


def test_a_misread_label_word_before_a_name_in_capitals_is_no_part_of_it() -> None:
    """9595's 0148: ``Member nome AARON E ZIMMERMAN`` (the label ``Member name`` with its
    second word misread): the name is the words in capitals."""
    r = read("""
Florida Blue
Member nome AARON E ZIMMERMAN
ID No.  CRIH76405127
""", BACK)
    assert value(r, "member_name") == "AARON E ZIMMERMAN"


def test_a_spanish_label_word_is_no_name() -> None:
    """9696's 0148: the label ``Name/Nombre`` read ``Neme Nombre`` on its own row, the
    name ``Jacob Jacob Chavez`` under it: the label's words are no one's name."""
    r = read("""
Florida Blue
BlueOptions
Neme Nombre
Jacob Jacob Chavez
WBAH99262729
""", BACK)
    assert value(r, "member_name") == "Jacob Jacob Chavez"


def test_a_label_misread_before_a_name_in_capitals_is_no_part_of_it() -> None:
    """9797's 0343: ``Subsenber ELIJAH REYES`` (its label misread, its colon lost) with
    no other person on the card: the name is the words in capitals."""
    r = read("""
Premera Blue Cross
Subsenber ELIJAH REYES
Enrollee ID  DNZ1774630510
""", BACK)
    assert value(r, "member_name") == "ELIJAH REYES"


@pytest.mark.parametrize(("name", "cut"), [
    ("ABIGAIL S ST JOHN V", True),  # 9696's 0340: IV read V
    ("CONNOR B BROOKS I", True), ("JOHN Q PUBLIC", False), ("PUBLIC, JOHN V", False),
    ("JOHN SMITH V", False),
])
def test_a_lone_v_after_a_name_with_its_initial_is_a_suffix_cut_short(name: str, cut: bool) -> None:
    assert fields.cut_suffix(name) is cut


def test_a_word_of_capitals_going_on_in_lower_case_leaves_the_name_out() -> None:
    """9797's 0097: ``Gabriel Evelyn Huynh ACMEer GrouNUFACTURING`` (an employer's line read
    on after the name): no name's word prints so, the name is left out for doubt."""
    reading = FieldReading("member_name", "Gabriel Evelyn Huynh ACMEer GrouNUFACTURING", 0.83,
                           "front", "Name", Box(50, 100, 600, 124))
    assert "member_name" not in fields.trusted_name({"member_name": reading})
    kept = replace(reading, value="Gabriel Evelyn Huynh")
    assert fields.trusted_name({"member_name": kept})["member_name"] == kept
    mc = replace(reading, value="Ada McDONALD")
    assert "member_name" in fields.trusted_name({"member_name": mc})


def test_a_subscriber_label_read_whole_keeps_its_row_apart_from_the_name_above() -> None:
    """9797's 0192: ``MAXINE DUBOIS SR`` under the plan, ``Subscriber LUNA A RASMUSSEN``
    on the row under it: the label read whole stays with its row (no second person's name
    stacked under the member's), so the unlabelled name is the member's."""
    r = read("""
Group Health Cooperative
Silver HMO 3000
MAXINE DUBOIS SR
Subscriber LUNA A RASMUSSEN
Member ID  T04471966
""", BACK)
    assert value(r, "member_name") == "MAXINE DUBOIS SR"
    assert value(r, "subscriber_name") == "LUNA A RASMUSSEN"


def test_a_member_label_with_its_m_read_rn_is_still_the_members() -> None:
    # Fresh 11515's 0016, a hand's shadow: 'Member Name:' read 'Mernber Name:' over a name
    # cut to 'NIKOLAI O!', and the policy holder's name passed as the member's.
    card = ("Florida Blue\nPlan: BlueOptions\nPolicy Holder: LUNA F LARSON\n"
            "{} Name: NIKOLAI OKONKWO\nIdentification Number: ILLH59622908\n")
    for label in ("Member", "Mernber"):
        r = read(card.format(label))
        assert value(r, "member_name") == "NIKOLAI OKONKWO"
        assert value(r, "subscriber_name") == "LUNA F LARSON"
    assert fields.normalize_label("Nurnber:") == fields.normalize_label("Number")


def _printed_name(printed: str, read_as: str) -> tuple[Any, list[Any]]:
    """A front whose pixels print ``printed`` (a surname, a comma and given names) and
    whose page read its given names as one word ``read_as``; and its interpretation."""
    font = ImageFont.truetype(
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", 28)
    image = Image.new("L", (1011, 638), 245)
    draw = ImageDraw.Draw(image)
    draw.text((60, 200), printed, fill=20, font=font)
    surname, given = printed.split(" ", 1)
    left, top, right, bottom = draw.textbbox((60, 200), surname, font=font)
    end = draw.textbbox((60, 200), printed, font=font)[2]
    words = (OcrWord(surname, Box(left, top, right, bottom), 0.9, 0),
             OcrWord(read_as, Box(end - draw.textlength(given, font=font), top, end, bottom),
                     0.9, 0))
    found = read(f"Member  {surname} {read_as}\n")
    name = replace(found.fields["member_name"], box=Box(left, top, end, bottom))
    side = SimpleNamespace(side="front", page=OcrPage(words, 1011, 638),
                           ocr_image=np.asarray(image))
    return replace(found, fields={**found.fields, "member_name": name}), [side]


def test_an_initial_glued_to_a_name_word_is_parted_where_its_print_is_spaced() -> None:
    # 10808's 0216: 'LARSON, NORA N' printed, the page read 'LARSON,' 'NORAN'.
    glued = _printed_name("LARSON, NORA N", "NORAN")
    assert value(glued[0], "member_name") == "LARSON, NORAN"
    assert initials_spaced(*glued)["member_name"].value == "LARSON, NORA N"
    # Printed as read: nothing parts.
    assert initials_spaced(*_printed_name("LARSON, NORAN", "NORAN")) == {}


def _page_read(printed: str, read: str) -> Any:
    """A front printing ``printed`` whose page read the words of ``read`` (as many
    letters, OCR's spacing), and a member's name reading of ``read`` over them."""
    font = ImageFont.truetype(
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", 28)
    image = Image.new("L", (1011, 638), 245)
    draw = ImageDraw.Draw(image)
    draw.text((60, 200), printed, fill=20, font=font)
    words, at = [], 0
    for token in read.split():
        # where the token's letters sit in the print
        start = printed.index(token[0], at)
        end = start
        for ch in token:
            end = printed.index(ch, end) + 1
        left = draw.textbbox((60, 200), printed[:start] + "|", font=font)[2] - draw.textlength(
            "|", font=font)
        box = draw.textbbox((60, 200), printed[:end], font=font)
        words.append(OcrWord(token, Box(left, box[1], box[2], box[3]), 0.9, 0))
        at = end
    whole = Box(words[0].box.left, words[0].box.top, words[-1].box.right, words[-1].box.bottom)
    reading = FieldReading("member_name", read, 0.9, "front", "Member", whole)
    return SimpleNamespace(side="front", page=OcrPage(tuple(words), 1011, 638),
                           ocr_image=np.asarray(image)), reading


def test_a_closer_reading_that_parts_a_word_the_print_holds_whole_is_not_taken() -> None:
    # 11919's 0130: the page read 'VASQUEZ,' whole; closer readings gave 'VASQ UEZ'.
    side, reading = _page_read("VASQUEZ, THANH N", "VASQUEZ, THANH N")
    assert unprinted_parting(side, reading, "VASQ UEZ, THANH N")
    # A space the print shows may part the page's word (a surname OCR ran together)...
    side, reading = _page_read("ST JOHN, LATOYA N", "STJOHN, LATOYA N")
    assert not unprinted_parting(side, reading, "ST JOHN, LATOYA N")
    # ...and an initial glued on is not judged here.
    side, reading = _page_read("LARSON, NORA N", "LARSON, NORAN")
    assert not unprinted_parting(side, reading, "LARSON, NORA N")
    # 12626's 0181: the second engine's 'OwenVan Dyke', a word the page did not read: a
    # parting there counts as unprinted only for the page's own reading.
    side, reading = _page_read("Owen Van Dyke", "Owen Van Dyke")
    joined = replace(reading, value="OwenVan Dyke")
    assert unprinted_parting(side, joined, "Owen Van Dyke")
    assert not unprinted_parting(side, joined, "Owen Van Dyke", unread=False)
