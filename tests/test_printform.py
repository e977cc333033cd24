"""Issue 15's dates and employer's name held to how cards print them
(:mod:`pipeline.printform`), and the employer's name read whole (:mod:`pipeline.fields`).
Expected values are the generator's truth for the cards the OCR boxes come from."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline import printform
from pipeline.types import Box, FieldReading, OcrPage, OcrWord
from tests.fakes import page, read, value

SOMEWHERE = Box(0, 0, 10, 10)


def _reading(name: str, text: str, box: Box = SOMEWHERE,
             confidence: float = 0.9) -> FieldReading:
    return FieldReading(name=name, value=text, confidence=confidence, side="front",
                        label="", box=box)


def _word(text: str, left: float, top: float, right: float, bottom: float) -> OcrWord:
    return OcrWord(text=text, box=Box(left, top, right, bottom), confidence=0.95, line=0)


def test_a_date_that_lost_a_digit_is_left_out() -> None:
    # wide 0163 (glare): '01/01/202' of 01/01/2021; 2222 0108: '8/01/2023' of 08/01/2023.
    assert printform.cut_date("01/01/202")
    assert printform.cut_date("8/01/2023")
    assert not printform.cut_date("08/01/2023")
    assert not printform.cut_date("8/1/2023")  # printed without padding: whole
    found = {"effective_date": _reading("effective_date", "01/01/202"),
             "birth_date": _reading("birth_date", "12/15/1990")}
    out = printform.printed_checked(found, [])
    assert "effective_date" not in out
    assert out["birth_date"].value == "12/15/1990"


def test_medicare_coverage_starts_with_the_part_a_date_read_last() -> None:
    # 9292 0208: Part B 10-01-2012 read, the effective date taken from it; Part A
    # 12-01-2005 read again beside its label after: the card's effective date is Part A's.
    part_b = _reading("medicare_part_b_date", "10-01-2012", Box(689, 226, 840, 250))
    found = {"medicare_part_b_date": part_b,
             "effective_date": replace(part_b, name="effective_date"),
             "medicare_part_a_date": _reading("medicare_part_a_date", "12-01-2005",
                                              Box(369, 227, 520, 250))}
    out = printform.printed_checked(found, [])
    assert out["effective_date"].value == "12-01-2005"
    assert out["medicare_part_b_date"].value == "10-01-2012"
    # A Part B date the effective date was not taken from is left alone.
    own = {**found, "effective_date": _reading("effective_date", "10-01-2012",
                                               Box(369, 180, 520, 200))}
    assert printform.printed_checked(own, [])["effective_date"].value == "10-01-2012"


def test_a_firms_inc_read_ine_is_inc() -> None:
    # 5656 0016, 8989 0148, 9999 0248: 'Fabrikam Ine' of Fabrikam Inc.
    out = printform.employer_checked({"group_name": _reading("group_name", "Fabrikam Ine")}, [])
    assert out["group_name"].value == "Fabrikam Inc"
    alone = printform.employer_checked({"group_name": _reading("group_name", "Ine")}, [])
    assert alone["group_name"].value == "Ine"


def test_the_next_columns_code_after_an_employer_is_cut_off() -> None:
    # 2222 0375: 'BLUE RIDGE SCHOOL DISTRICT' and, 38 px on, the next column's '9XGN'.
    words = (_word("BLUE", 253, 335, 334, 359), _word("RIDGE", 346, 335, 442, 359),
             _word("SCHOOL", 452, 335, 585, 359), _word("DISTRICT", 596, 335, 742, 359),
             _word("9XGN", 780, 335, 863, 359))
    pg = OcrPage(words=words, width=1011, height=638)
    got = _reading("group_name", "BLUE RIDGE SCHOOL DISTRICT 9XGN", Box(253, 335, 863, 359))
    out = printform.employer_checked({"group_name": got}, [("front", pg)])
    assert out["group_name"].value == "BLUE RIDGE SCHOOL DISTRICT"
    # The same code a word space on is part of the name: kept.
    near = (*words[:4], _word("9XGN", 754, 335, 837, 359))
    pg = OcrPage(words=near, width=1011, height=638)
    out = printform.employer_checked({"group_name": replace(got, box=Box(253, 335, 837, 359))},
                                     [("front", pg)])
    assert out["group_name"].value == "BLUE RIDGE SCHOOL DISTRICT 9XGN"


def test_a_label_word_cut_short_is_no_employer() -> None:
    # 1111 0304: 'Employer Grou;' over NORTHWIND LOGISTICS gave the employer 'Grou'.
    out = printform.employer_checked({"group_name": _reading("group_name", "Grou")}, [])
    assert "group_name" not in out
    assert printform.label_fragment("Grou;")
    assert not printform.label_fragment("Groupon")


def test_an_employers_words_boxed_close_stay_apart() -> None:
    # 3333 0111: 'NORTHWIND' and 'LOGISTICS' 7 px apart at 30 px high (under a quarter
    # height, the glue gap of a split code): two words of the employer's name.
    text = """
PREMERA BLUE CROSS
GRP NO.                      BIN: 610014
7370783
EMPLOYER
NORTHWIND LOGISTICS
"""
    pg = page(text)
    words = list(pg.words)
    k = next(i for i, w in enumerate(words) if w.text == "LOGISTICS")
    prev = words[k - 1].box
    words[k] = replace(words[k], box=replace(words[k].box, left=prev.right + 4,
                                             right=prev.right + 4 + words[k].box.width))
    from pipeline.process import interpret
    r = interpret([("front", replace(pg, words=tuple(words)))], has_back=False)
    assert value(r, "group_name") == "NORTHWIND LOGISTICS"
    assert value(r, "group_number") == "7370783"


def test_an_employer_read_to_a_school_label_is_read_whole() -> None:
    # 3333 0073 (UnitedHealthcare StudentResources): 'BLUE RIDGE SCHOOL DISTRICT' under
    # 'Employer Group', its 'SCHOOL' the school's label, 'DISTRICT' after it.
    r = read("""
UnitedHealthcare StudentResources
Name/Nombre            Member id   Policy #
MINH G MORALES III     50377895    2026-056-4
Employer Group                     Benefit Plan
BLUE RIDGE SCHOOL DISTRICT         BP4781
""")
    assert value(r, "group_name") == "BLUE RIDGE SCHOOL DISTRICT"
    assert value(r, "member_id") == "50377895"


def test_a_pbm_misread_is_spelled_as_it_prints_its_name() -> None:
    # Generator's truth: MedImpact, CVS Caremark, Express Scripts, OptumRx, OPTUM RX;
    # readings from 1111 0087, 1111 0181, 1212 0062, 1212 0019, wide's OPTUM Rx.
    cases = {"Medimpact": "MedImpact", "cvs Caremark": "CVS Caremark",
             "Expres Scripts": "Express Scripts", "Opt umRx": "OptumRx",
             "OPTUM Rx": "OPTUM RX", "Optum Rx": "Optum Rx",
             "Prime Therapeutics.": "Prime Therapeutics"}
    for read_as, printed in cases.items():
        got = printform.printed_checked({"pbm": _reading("pbm", read_as)}, [])
        assert got["pbm"].value == printed, read_as


def test_a_pbm_cut_short_a_label_word_or_prose_is_left_out() -> None:
    # 3333 0336 'Navi' of Navitus; 'Manage' of 'Pharmacy Benefit Manager'; a sentence.
    for junk in ("Navi", "Expre", "Manage", "This card does not"):
        assert "pbm" not in printform.printed_checked({"pbm": _reading("pbm", junk)}, [])
    other = printform.printed_checked({"pbm": _reading("pbm", "Acme Rx Services")}, [])
    assert other["pbm"].value == "Acme Rx Services"  # a PBM not known: as printed


def test_an_employers_start_left_out_by_a_risen_box_is_put_back() -> None:
    # 2222 0231: 'Employer Group' over 'ACME MANUFACTURING CO', MANUFACTURING boxed up
    # into the label's row (293 against 310), so the value was read from it on.
    words = (_word("Employer", 88, 289, 183, 308), _word("Group", 190, 290, 251, 308),
             _word("ACME", 88, 310, 172, 332), _word("MANUFACTURING", 182, 293, 441, 333),
             _word("CO", 452, 310, 494, 333))
    pg = OcrPage(words=words, width=1011, height=638)
    got = _reading("group_name", "MANUFACTURING CO", Box(182, 293, 494, 333))
    out = printform.employer_checked({"group_name": got}, [("front", pg)])
    assert out["group_name"].value == "ACME MANUFACTURING CO"
    # The same words on an even row: the value started where it was read.
    flat = (*words[:3], _word("MANUFACTURING", 182, 310, 441, 333), words[4])
    pg = OcrPage(words=flat, width=1011, height=638)
    got = replace(got, box=Box(182, 310, 494, 333))
    out = printform.employer_checked({"group_name": got}, [("front", pg)])
    assert out["group_name"].value == "MANUFACTURING CO"


def test_a_firm_after_a_name_label_that_lost_its_first_word_is_the_employer() -> None:
    # wide 0269 (motion blur): 'Group Name: ACME MANUFACTURING CO' read '~ Name: ACME
    # MANUFACTURING CO', the member's name on the next row under its own 'Name'.
    words = (_word("~", 143, 135, 165, 165), _word("Name:", 179, 135, 290, 165),
             _word("ACME", 308, 135, 410, 165), _word("MANUFACTURING", 427, 135, 745, 165),
             _word("CO", 761, 135, 810, 165),
             replace(_word("Name", 55, 188, 120, 218), line=1),
             replace(_word("BARBARA", 132, 188, 300, 218), line=1),
             replace(_word("TAYLOR", 318, 188, 460, 218), line=1))
    pg = OcrPage(words=words, width=1011, height=638)
    member = _reading("member_name", "BARBARA TAYLOR", Box(132, 188, 460, 218))
    out = printform.employer_checked({"member_name": member}, [("front", pg)])
    assert out["group_name"].value == "ACME MANUFACTURING CO"
    # A person's name after 'Name:' is none.
    person = (*words[:2], _word("ACME", 308, 135, 410, 165), _word("JONES", 427, 135, 545, 165))
    pg = OcrPage(words=person, width=1011, height=638)
    assert "group_name" not in printform.employer_checked({}, [("front", pg)])


def test_an_rx_plans_name_is_spelled_as_printed() -> None:
    # Generator's truth; readings from 9191 0048 ('RX Choice'), 9393 0138 ('Value Rx
    # 3-Tler'), 7878 0181 ('Advantage Formulary.').
    cases = {"RX Choice": "Rx Choice", "Value Rx 3-Tler": "Value Rx 3-Tier",
             "Advantage Formulary.": "Advantage Formulary", "RX CHOICE": "RX CHOICE"}
    for read_as, printed in cases.items():
        got = printform.printed_checked({"rx_plan": _reading("rx_plan", read_as)}, [])
        assert got["rx_plan"].value == printed, read_as


def test_an_rx_plans_words_boxed_close_stay_apart() -> None:
    # 1212 0238: 'Standard' 'Rx' boxed closer than a quarter height: 'Standard Rx'.
    pg = page("""
UnitedHealthcare
Member ID: 912345678       Group: 98765
Rx Plan: Standard Rx
""")
    words = list(pg.words)
    k = next(i for i, w in enumerate(words) if w.text == "Rx" and words[i - 1].text == "Standard")
    prev = words[k - 1].box
    words[k] = replace(words[k], box=replace(words[k].box, left=prev.right + 3,
                                             right=prev.right + 3 + words[k].box.width))
    from pipeline.process import interpret
    r = interpret([("front", replace(pg, words=tuple(words)))], has_back=False)
    assert value(r, "rx_plan") == "Standard Rx"


@pytest.mark.tesseract
def test_a_part_a_or_effective_date_the_page_lost_is_read_beside_its_label() -> None:
    # 9292 0208 (hand shadow): 'Hospital (Part A)' read, its 12-01-2005 read '01-2005'.
    from pipeline import process
    from tests.test_unlabelled_extras import CountingEngine, _drawn_side

    def label_only(token: str, box: Box) -> list[tuple[str, Box]]:
        return [] if token[0].isdigit() else [(token, box)]

    for line, name, printed in (
            ("Medicare Number 1EG4TE5MK73 Hospital (Part A) 12-01-2005", "medicare_part_a_date",
             "12-01-2005"),
            ("Member ID 84674140203 Effective Date: 07/18/2020", "effective_date",
             "07/18/2020")):
        side, found = _drawn_side(line, label_only)
        assert name not in found.fields
        got = process.lost_dates(found, [side], CountingEngine())
        assert got[name].value == printed


def test_a_medicaid_id_read_with_a_mark_is_left_out() -> None:
    # 3434 0389 (dim): '6(0067410K' of 60067410K.
    out = printform.printed_checked({"medicaid_id": _reading("medicaid_id", "6(0067410K")}, [])
    assert "medicaid_id" not in out
    kept = printform.printed_checked({"medicaid_id": _reading("medicaid_id", "60067410K")}, [])
    assert kept["medicaid_id"].value == "60067410K"
