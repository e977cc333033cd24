"""Member IDs whose label lost its last word, and prefixes whose J was read as a bracket
(fake OCR pages: tests/fakes.py)."""
from __future__ import annotations

import pytest

from pipeline.fields import HOOK_J_CAP, LOST_ID_WORD_CAP, find_labels, lost_word_after
from pipeline.templates import load_templates
from tests.fakes import codes, page, read, value

BACK = """
Providers: verify eligibility before rendering services.
Customer Service 1-800-555-0100
"""


def _member(card: str) -> tuple[str | None, float, set[str]]:
    r = read(card, BACK)
    got = r.fields.get("member_id")
    return value(r, "member_id"), got.confidence if got else 0.0, codes(r)


@pytest.mark.parametrize("debris", ["._", "...", "="])
def test_an_id_right_of_a_label_whose_id_word_was_lost_is_taken_for_review(debris: str) -> None:
    # 'Enrollee ID' read 'Enrollee ._': the name label's head, then the ID word's debris.
    got, confidence, reasons = _member(f"""
Harvard Pilgrim Health Care
Member name
ELIJAH K UNDERWOOD
Gender F
Enrollee {debris} 37473827209
Group CV7883
""")
    assert got == "37473827209"
    assert confidence <= LOST_ID_WORD_CAP
    assert "member_id_uncertain" in reasons


def test_an_id_under_a_label_whose_id_word_was_lost_is_taken_for_review() -> None:
    got, confidence, reasons = _member("""
Medi-Cal
Enrollee
VASQUEZ, THANH
Member =
666993989
Eff. Date
11/01/2026
""")
    assert got == "666993989"
    assert confidence <= LOST_ID_WORD_CAP
    assert "member_id_uncertain" in reasons


def test_a_name_label_with_no_trace_of_a_lost_word_gives_no_member_id() -> None:
    # 'Enrollee' right before the number, no debris: no sign its label was 'Enrollee ID'.
    got, _, reasons = _member("""
Harvard Pilgrim Health Care
Member name
ELIJAH K UNDERWOOD
Gender F
Enrollee 37473827209
Group CV7883
""")
    assert got is None
    assert "member_id_missing" in reasons


def test_a_label_that_heads_no_member_id_label_gives_no_member_id() -> None:
    # 'Patient' starts no member-ID label ('Patient ID' is none).
    got, _, _ = _member("""
Harvard Pilgrim Health Care
Member name
ELIJAH K UNDERWOOD
Gender F
Patient ._ 37473827209
Group CV7883
""")
    assert got is None


@pytest.mark.parametrize(("prefix", "expected"), [("SJ)", "SJJ93685005"),
                                                  ("DA}", "DAJ93685005")])
def test_a_j_read_as_a_bracket_under_the_name_is_taken_for_review(
        prefix: str, expected: str) -> None:
    got, confidence, reasons = _member(f"""
Wellmark Blue Cross Blue Shield
OWEN ST JOHN SR
{prefix} 93685005
Group ID G372612
""")
    assert got == expected
    assert confidence <= HOOK_J_CAP
    assert "member_id_uncertain" in reasons


def test_a_square_bracket_may_be_an_i_and_is_not_read_as_j() -> None:
    got, _, _ = _member("""
Wellmark Blue Cross Blue Shield
OWEN ST JOHN SR
SJ] 93685005
Group ID G372612
""")
    assert got != "SJJ93685005"


@pytest.mark.parametrize(("row", "lost"), [("Enrollee oe@0.3", True), ("Enrollee oe@0.9", False),
                                          ("Enrollee", False)])
def test_a_lost_words_debris_is_a_mark_or_a_short_word_read_poorly(row: str, lost: bool) -> None:
    generic, _ = load_templates()
    words = page(row).words
    hit = next(h for h in find_labels(words, list(generic.fields.values()))
               if h.label == "Enrollee")
    assert (lost_word_after(words, hit) is not None) is lost


def test_a_date_under_the_name_is_no_member_id() -> None:
    # A Part B date printed under the name, its label lost ('Medica Fat)').
    r = read("""
Wellmark Blue Cross Blue Shield
Levi T Xiong
10-01-2023
""", BACK)
    assert value(r, "member_id") != "10-01-2023"
    assert "member_id_missing" in codes(r)


def test_a_date_whose_slashes_blur_lost_under_the_name_is_no_member_id() -> None:
    # 8282's 0070: an Oxford card's '12/27/1951' read '12271951' in motion blur, its 'Dob'
    # lost; Oxford's member IDs are 8 to 12 digits.
    r = read("""
OXFORD
HARPER S NAVARRO
12271951
""", BACK)
    assert value(r, "member_id") is None
    assert "member_id_missing" in codes(r)


def test_closer_reads_agreeing_on_a_value_that_breaks_its_format_do_not_confirm_it() -> None:
    from typing import Any, cast

    import numpy as np

    from pipeline.config import Config
    from pipeline.ocr import FakeEngine
    from pipeline.process import reread_values
    from pipeline.types import Box, OcrPage, OcrWord, SideRead

    # A payer ID under a 'Payer ID;' whose head was lost: 'ID;' is the SR ID's label too,
    # and five digits break the SR ID's format. Every closer read gives the same digits.
    text = "UnitedHealthcare\nStudentResources\nJOHN Q PUBLIC\nPolicy # 2025-710-1\nID; 74227\n"
    r = read(text)
    assert r.carrier.template_id == "uhc_student_resources"
    assert value(r, "member_id") == "74227"
    reads = [OcrPage(words=(OcrWord("74227", Box(10, 10, 200, 40), 0.9, 0),),
                     width=400, height=60) for _ in range(16)]
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank, page=page(text),
                    ocr_image=cast(Any, np.full((638, 1011), 255, np.uint8)))
    got = reread_values(r, [side], FakeEngine(reads), Config()).get("member_id")
    assert got is None or got.confidence < Config().member_id_min_confidence


@pytest.mark.parametrize(("pattern", "read_as", "expected"), [
    # A C's open arc read as a bracket after a capital.
    (r"OSC\d{8}", "0S(53413516", "OSC53413516"),
    # A bracket with no letter before it is a mark's or a 0's edge ('(1' of a 0): no C.
    (r"[A-Z0-9]{9}", "(12345678", None),
])
def test_a_c_read_as_a_bracket_after_a_capital_is_repaired(
        pattern: str, read_as: str, expected: str | None) -> None:
    import re

    from pipeline.fields import repair
    from pipeline.templates import FieldRule

    rule = FieldRule("member_id", ("ID",), re.compile(pattern))
    assert repair(rule, read_as) == expected


def test_a_suffix_after_an_id_ocr_split_in_two_is_no_part_of_a_confirmed_id() -> None:
    import re

    from pipeline.process import suffix_on_page
    from pipeline.templates import FieldRule
    from pipeline.types import Box, FieldReading

    # 'QKU258888111 00' read 'QKU2588881' '1' '00'; closer reads of the run join all three.
    rule = FieldRule("member_id", ("ID",), re.compile(r"(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,19}"))
    words = page("Member #\nQKU2588881 1 00\n").words
    box = Box(20, 64, 20 + 15 * 14, 88)  # the whole second row
    reading = FieldReading(name="member_id", value="QKU25888811100", confidence=0.0,
                           side="front", label="Member #", box=box)
    assert suffix_on_page(words, reading, rule)
