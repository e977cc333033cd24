"""Member names of issue 15's first item: what fresh ranges 9595-9797 showed (the card each
case names is where a person read the expected value off the print)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline import fields
from pipeline.types import Box, FieldReading
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
