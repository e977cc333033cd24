"""Issue 15's fields: what a card prints beside the member ID and group, under its own label
(the generic template's rules) or derived from what was read (``pipeline.derived``), and
the member's name where no label gives it. Expected values are what the cards print."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline import derived, fields
from pipeline.dates import iso_date
from pipeline.process import Interpretation, interpret
from pipeline.types import Box, FieldReading, OcrPage, OcrWord
from tests.fakes import codes, page, read, value

BACK = """
Member Services  1-888-555-0142
Claims: PO Box 981106 El Paso TX 79998
"""


def test_labelled_fields_a_card_prints_beside_the_member_id() -> None:
    r = read("""
UnitedHealthcare
Member:  ANA RUIZ            DOB:  04/12/1986
Member ID:  912345678        Sex:  F
Group Number:  98765         Employer:  Acme Tool Works
Rx ID:  912345678            Rx Plan:  Premier Rx
PBM:  CVS Caremark
""", BACK)
    assert value(r, "member_id") == "912345678"
    assert value(r, "group_number") == "98765"
    assert value(r, "rx_id") == "912345678"  # the trap: it equals the member ID
    assert value(r, "rx_plan") == "Premier Rx"
    assert value(r, "pbm") == "CVS Caremark"
    assert value(r, "group_name") == "Acme Tool Works"
    assert value(r, "birth_date") == "04/12/1986"
    assert value(r, "gender") == "F"


def test_placeholders_under_new_labels_give_nothing() -> None:
    r = read("""
UnitedHealthcare
Member:  ANA RUIZ        DOB:  MM/DD/YYYY
Member ID:  912345678    Group Number:  98765
""", BACK)
    assert "birth_date" not in r.fields
    assert value(r, "member_id") == "912345678"


def test_medicare_parts_and_their_dates() -> None:
    r = read("""
MEDICARE HEALTH INSURANCE
Name/Nombre   JOHN L SMITH
Medicare Number   1EG4-TE5-MK73
Entitled to              Coverage starts
HOSPITAL (PART A)        03-01-2016
MEDICAL (PART B)         03-01-2017
""")
    assert value(r, "member_id") == "1EG4TE5MK73" or value(r, "member_id") == "1EG4-TE5-MK73"
    assert value(r, "medicare_part_a_date") == "03-01-2016"
    assert value(r, "medicare_part_b_date") == "03-01-2017"


def test_a_medicare_part_whose_bracket_ocr_tore_keeps_its_date() -> None:
    # Wide 0059: glare over "(PART" read "*'..'T", the date a column away from what is left.
    r = read("""
MEDICARE HEALTH INSURANCE
Name/Nombre   JOHN L SMITH
Medicare Number   1EG4-TE5-MK73
Entitled to                 Coverage starts
HOSPITAL *'..'T A)          03-01-2016
MEDICAL (PART B)            03-01-2017
""")
    assert value(r, "medicare_part_a_date") == "03-01-2016"
    assert value(r, "medicare_part_b_date") == "03-01-2017"


def test_a_contract_pbp_number_is_the_plan_number_never_the_member_id() -> None:
    r = read("""
Humana   HumanaChoice PPO
Member:  ANA RUIZ
Member ID:  H04855413
Contract-PBP:  H5415-071
""")
    assert value(r, "member_id") == "H04855413"
    assert value(r, "plan_number") == "H5415-071"


def test_a_member_id_labelled_medicaid_id_is_the_medicaid_id_too() -> None:
    r = read("""
Molina Healthcare
Member:  ANA RUIZ
Medicaid ID:  00000999999999
""")
    assert value(r, "medicaid_id") == "00000999999999"


def test_molinas_state_medicaid_id_beside_its_member_id() -> None:
    r = read("""
Molina Healthcare
Member:  ANA RUIZ
Member ID:  123456789
Medicaid ID:  98765432A
""")
    assert value(r, "member_id") == "123456789"
    assert value(r, "medicaid_id") == "98765432A"


def test_a_pharmacy_benefit_manager_named_without_a_label() -> None:
    r = read("""
UnitedHealthcare
Member:  ANA RUIZ          RxBIN  610014
Member ID:  912345678      Pharmacy claims: Express Scripts
""", BACK)
    assert value(r, "pbm") == "Express Scripts"


def test_the_one_unlabelled_name_on_the_card_is_the_members() -> None:
    r = read("""
oscar
Violet Svetlana Singh
Policy Holder               BIN
Isaac Sunil Singh           003858
ID                          PCN
OSC30492244                 MA
""")
    assert value(r, "member_name") == "Violet Svetlana Singh"
    assert value(r, "subscriber_name") == "Isaac Sunil Singh"


def test_a_subscriber_is_not_the_member_where_another_name_is_printed() -> None:
    # The member's name under the logo, misread: the card is a dependant's, not the
    # subscriber's own.
    r = read("""
Providence Health Plan
porores SOLBERG III
Subscriber name   ROSA G IBRAHIM
Member ID   26368473904
""")
    assert value(r, "subscriber_name") == "ROSA G IBRAHIM"
    assert "member_name" not in r.fields
    assert "first_name" not in r.portal  # nor the patient's, in the portal
    assert "last_name" not in r.portal


def test_two_unlabelled_names_give_no_member_name() -> None:
    r = read("""
Keystone Mutual
JANE Q SAMPLE
JOHN Q SAMPLE        Member ID   W123456789
""")
    assert "member_name" not in r.fields


@pytest.mark.parametrize(("printed", "iso"), [
    ("04/12/1986", "1986-04-12"), ("3-1-2016", "2016-03-01"), ("03-01-2016", "2016-03-01"),
    ("04/12/86", None), ("13/01/2020", None), ("02/30/2020", None), ("MM/DD/YYYY", None)])
def test_iso_dates_only_when_complete(printed: str, iso: str | None) -> None:
    assert iso_date(printed) == iso


def test_a_mangled_rx_id_is_left_out() -> None:
    r = read("""
UnitedHealthcare
Member:  ANA RUIZ
Member ID:  912345678      Group Number:  98765
Rx ID:  XOE1XOE1@0.3
""", BACK)
    assert "rx_id" not in r.fields
    assert value(r, "member_id") == "912345678"


def test_the_primary_care_doctor_is_never_the_member() -> None:
    r = read("""
Humana   HumanaChoice PPO
Member ID:  H04855413
PCP Phone           PCP
(224) 551-2536      DR TOMAS NAVARRO
""")
    assert "member_name" not in r.fields


def test_an_employers_name_under_its_label_is_no_lone_name() -> None:
    r = read("""
KAISER PERMANENTE
Signature HMO
MRN                Employer Group
0000999999         Tailspin Toys LLC
""")
    assert value(r, "member_id") == "0000999999"
    assert "member_name" not in r.fields


@pytest.mark.parametrize(("printed", "field"), [
    ("Fabrikam Inc", "group_name"), ("123456", "group_number")])
def test_employer_group_labels_the_value_that_fits(printed: str, field: str) -> None:
    r = read(f"""
UnitedHealthcare
Member:  ANA RUIZ
Member ID:  912345678
Employer Group:  {printed}
""", BACK)
    assert value(r, field) == printed


def test_a_lone_name_under_a_plans_name_beside_a_list_of_dependents() -> None:
    r = read("""
ambetter
Ambetter Essential Care 1
ELIJAH K O'BRIEN                  Covered Members
Certificate #                     ABIGAIL R HUYNH
U5105432778                       LEVI K BENNETT
""")
    assert value(r, "member_id") == "U5105432778"
    assert value(r, "member_name") == "ELIJAH K O'BRIEN"


def test_a_subscribers_own_card_whatever_its_back_names() -> None:
    r = read("""
StudentResources
Subscriber   Julian H Pham
Certificate #   HV0210334
""", """
UnitedHealthcare StudentResources
Member Services  1-888-555-0142
""")
    assert value(r, "member_name") == "Julian H Pham"


def test_marks_clinging_before_a_value_or_a_name_are_not_kept() -> None:
    # An arrow's tail read '<' before the group, a pen's stroke read '\' before the name.
    r = read("""
UnitedHealthcare
Member:  \\Violet A Huynh
Member ID:  912345678
Grp#:  <3188633
""", BACK)
    assert value(r, "group_number") == "3188633"
    assert value(r, "member_name") == "Violet A Huynh"


def test_a_rules_underscore_before_a_label_is_no_part_of_it() -> None:
    r = read("""
Anthem
Member:  ANA RUIZ
Member ID:  BZLW45863737      Group:  466893
_Rxid:  BZLW45863737
""", BACK)
    assert value(r, "rx_id") == "BZLW45863737"
    assert value(r, "member_id") == "BZLW45863737"


def test_a_group_label_never_takes_the_next_label_as_its_value() -> None:
    # The group's digits lost (a dim photo): the issuer's label after it is no group.
    r = read("""
UMR
Member ID:  362183693
GROUP NUMBER:   ISSUER
76-897329       9102806615
""", BACK)
    assert value(r, "group_number") == "76-897329"


def test_the_plans_name_under_its_label_or_on_a_line_of_its_own() -> None:
    labelled = read("""
Priority Health
Member ID:  PH1234567     Plan:  Gold PPO 1500
Group:  98765
""", BACK)
    assert value(labelled, "plan_name") == "Gold PPO 1500"
    unlabelled = read("""
BlueCross BlueShield of Texas
Blue Choice PPO
Member ID:  XOF123456789
Group:  98765
""", BACK)
    assert value(unlabelled, "plan_name") == "Blue Choice PPO"
    assert value(unlabelled, "member_id") == "XOF123456789"


def test_no_plan_name_from_a_code_a_copay_head_or_prose() -> None:
    r = read("""
Humana
Member ID:  H12345678     Plan:  H5415-071
In Network     Out of Network
Coverage is subject to plan terms and conditions of your employer.
""", BACK)
    assert "plan_name" not in r.fields
    assert value(r, "member_id") == "H12345678"


@pytest.mark.parametrize("label", ["Effective Date:", "Start Date:", "Coverage Start:"])
def test_the_effective_date_under_its_wordings(label: str) -> None:
    r = read(f"""
Aetna
Member ID:  W123456789     {label}  01-01-2026
""", BACK)
    assert value(r, "effective_date") == "01-01-2026"


def _interpret_front(p: OcrPage) -> Interpretation:
    return interpret([("front", p)], has_back=False)


def test_a_label_never_spans_the_gap_to_the_next_column() -> None:
    # Tesseract's line runs on from the name's head to the ID's: 'ENROLLEE' ... 'ID NO.'
    p = page("""
TRICARE
TRICARE Select
ENROLLEE                         ID NO.
EARL W FOSTER                    6370689738
""")
    head = p.words[2].line
    words = tuple(replace(w, line=head) if w.text in ("ID", "NO.") else w for w in p.words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") == "EARL W FOSTER"
    assert r.fields["member_name"].label == "ENROLLEE"  # the name's head, not a lone name


def test_a_band_edge_read_before_the_name_is_no_part_of_it() -> None:
    r = read("""
Highmark Blue Shield
| CONNOR TRAN
VGW 3374722602
Group ID   0827052
""")
    assert value(r, "member_name") == "CONNOR TRAN"


@pytest.mark.parametrize(("printed", "name"), [
    ("HAZEL N PETERSEN 11", "HAZEL N PETERSEN II"), ("JOHN Q MEMBER", "JOHN Q MEMBER")])
def test_a_lone_name_with_a_misread_suffix_or_the_sample_member(printed: str, name: str) -> None:
    r = read(f"""
Florida Blue
{printed}
Member ID:  AJK100168556
""")
    assert value(r, "member_name") == name


def test_a_plans_name_holding_the_carriers_is_no_persons() -> None:
    r = read("""
TRICARE
TRICARE Prime
MACDONALD, HARPER A
DATE OF BIRTH   09/19/1977
DoD Benefits Number   40430052528
""")
    assert value(r, "member_name") == "MACDONALD, HARPER A"


def test_two_stacked_unlabelled_names_give_none() -> None:
    r = read("""
Premera Blue Cross
HAZEL N PETERSEN
GALLAGHER, CONNOR R
Member ID:  XPL303710010
""")
    assert "member_name" not in r.fields


@pytest.mark.parametrize("plan", ["Heritage Signature", "Heritage Prime"])
def test_a_plans_name_over_the_member_is_no_second_person(plan: str) -> None:
    # Holdout 0112: the plan's line (a word plans are named with) above the member's name.
    r = read(f"""
Premera Blue Cross
{plan}
GALLAGHER, CONNOR R
Member ID:  XPL303710010
""")
    assert value(r, "member_name") == "GALLAGHER, CONNOR R"


def test_a_labelled_value_is_no_rival_to_the_lone_name() -> None:
    # Holdout 0013: the pharmacy's name under its head is that head's value.
    r = read("""
PREMERA BLUE CROSS
SVETLANA A ZIMMERMAN
04/20/1973       8533904
ANF 005040316

BIN       Rx Group
610014    Cvs Caremark
""")
    assert value(r, "member_name") == "SVETLANA A ZIMMERMAN"


def test_a_misread_line_over_the_id_is_neither_a_name_nor_a_second_person() -> None:
    # Holdout 0055: a stamp read 'Wort Rapa' between the name and the unlabelled ID.
    p = page("""
wellcare
Wellcare No Premium (HMO)
VAN DYKE, LUNA H
Wort Rapa
998657727
""")
    read_as = {"Wort": 0.6, "Rapa": 0.0}
    words = tuple(replace(w, confidence=read_as.get(w.text, w.confidence)) for w in p.words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") == "VAN DYKE, LUNA H"


def test_a_name_head_takes_the_name_under_it_beside_a_tall_id() -> None:
    # Holdout 0277: the ID's box, grown tall, reaches the row of 'Name/nombre'.
    p = page("""
PREMERA BLUE CROSS
Name/nombre        Id no.
ADA OYELARAN       NCU1354151876
""")
    words = tuple(replace(w, box=replace(w.box, left=w.box.left - 30, top=w.box.top - 40))
                  if w.text == "NCU1354151876" else w for w in p.words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") == "ADA OYELARAN"


def test_a_name_whose_first_word_ocr_boxed_over_the_row() -> None:
    # Holdout 0388: 'VIOLET' boxed from its left edge to the end of 'III'.
    p = page("""
Blue Shield of California
Name                              RxBIN
VIOLET F WASHINGTON III           411143
Member ID No.                     RxPCN
HNC73763403                       PBGK
""")
    last = next(w for w in p.words if w.text == "III").box
    words = tuple(replace(w, box=replace(w.box, right=last.right - 4))
                  if w.text == "VIOLET" else w for w in p.words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") == "VIOLET F WASHINGTON III"
    assert r.fields["member_name"].label == "Name"  # its head's value, not a lone name


def test_a_name_on_the_first_line_when_only_a_person_prints_so() -> None:
    r = read("""
JOHN Q MEMBER SR
BIRTH DATE   10/16/1991
ID NO.   000099999
""")
    assert value(r, "member_name") == "JOHN Q MEMBER SR"


def test_a_lone_name_measured_by_its_words_not_a_tall_initials_box() -> None:
    p = page("""
Humana
TAMIKA A IBRAHIM
MEMBER ID NO.   H44210513
Group   2580822
""")
    words = tuple(replace(w, box=Box(w.box.left, w.box.top - 20, w.box.right, w.box.bottom))
                  if w.text == "A" else w for w in p.words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") == "TAMIKA A IBRAHIM"


@pytest.mark.parametrize("printed", ["EMIKO CASTIIO@0.35", "TAMIKA Jc OKONKWO",
                                     "GRACE Specialist"])
def test_a_doubtful_or_mixed_case_name_is_left_out(printed: str) -> None:
    r = read(f"""
UnitedHealthcare
Member:  {printed}
Member ID:  912345678
""", BACK)
    assert value(r, "member_id") == "912345678"
    assert "member_name" not in r.fields


def test_the_subscriber_is_the_member_beside_an_employers_name() -> None:
    r = read("""
UMR
Subscriber                 Coverage Date
MINH XIONG III             10/01/2024
Member ID:  769434951
Employer
Tailspin Toys LLC
""")
    assert value(r, "member_name") == "MINH XIONG III"


@pytest.mark.parametrize(("printed", "first", "last"), [
    ("AARON P ST JOHN IV", "AARON", "ST JOHN"), ("LEVI VAN DYKE", "LEVI", "VAN DYKE"),
    ("JENSEN JACOB H", "JACOB", "JENSEN"), ("JANE-Q SAMPLE III", "JANE", "SAMPLE")])
def test_the_portals_first_and_last_name(printed: str, first: str, last: str) -> None:
    r = read(f"""
UnitedHealthcare
Member:  {printed}
Member ID:  912345678
""", BACK)
    assert (r.portal.get("first_name"), r.portal.get("last_name")) == (first, last)


def test_a_title_case_first_name_with_its_initial_glued_on_is_parted() -> None:
    r = read("""
UnitedHealthcare
Member:  ThomasE Rivera
Member ID:  912345678
""", BACK)
    assert value(r, "member_name") == "Thomas E Rivera"


def test_a_date_whose_label_was_lost_is_the_effective_date_when_it_starts_a_month() -> None:
    lost = read("""
Aetna
Member ID:  W123456789     Group:  98765
08/01/2020
""", BACK)
    assert value(lost, "effective_date") == "08/01/2020"
    birthday = read("""
Aetna
Member ID:  W123456789     Group:  98765
04/12/1986
""", BACK)
    assert "effective_date" not in birthday.fields
    two = read("""
Aetna
Member ID:  W123456789     Group:  98765
08/01/2020      09/01/1961
""", BACK)
    assert "effective_date" not in two.fields


def test_a_member_number_beside_a_medicaid_number_is_the_member_id() -> None:
    r = read("""
Medi-Cal
PETERSEN, SUNIL E
Member number  46389248H       Rxbin  367542
Medicaid #  907293176897
""", BACK)
    assert value(r, "member_id") == "46389248H"
    assert value(r, "medicaid_id") == "907293176897"


@pytest.mark.parametrize("label", ["Medicaid ID:", "Medicaid +", "MEDICAUD NO."])
def test_a_member_id_read_only_under_a_medicaid_label_goes_to_review(label: str) -> None:
    # The plan's own ID line whose label OCR lost ('Ph' of 'ID'): the state's number is
    # the member ID only where the card prints no other, which a person must tell.
    r = read(f"""
Fidelis Care
NORA S OKONKWO
Ph   927971980792
{label}   220814843947
""", BACK)
    assert value(r, "member_id") == "220814843947"
    assert "member_id_uncertain" in codes(r)


@pytest.mark.parametrize("label", ["Medicaid ID:", "Medicaid +", "MEDICAUD NO."])
def test_a_medicaid_number_with_no_other_code_beside_it_is_the_member_id(label: str) -> None:
    # A Medicaid plan's card printing only the state's number: no other code on the front
    # fits a member ID (the back's box number and ZIP code, TX79998, are not searched).
    r = read(f"""
Fidelis Care
NORA S OKONKWO
{label}   220814843947
Eff. Date   01/01/2024
""", "Member Services  1-888-555-0142\nClaims: PO Box 981106 El Paso TX79998\n")
    assert value(r, "member_id") == "220814843947"
    assert "member_id_uncertain" not in codes(r)


def test_a_medicaid_number_beside_a_mangled_member_id_under_its_label_goes_to_review() -> None:
    # Fresh range 3333's Medi-Cal card: 'Membor ID #:' over '$8282430V' (its 5 read '$',
    # past the format), the state's number under its own label: no other code fits, but
    # the plan's ID is printed there all the same, so the state's number is in doubt.
    text = """
Medi-Cal
RASMUSSEN, ZOEY
Membor ID #:
$8282430V
Medicaid No.
92520400E
"""
    r = read(text, BACK)
    assert value(r, "member_id") == "92520400E"
    assert "member_id_uncertain" in codes(r)
    # Without the plan's member-ID label the state's number is the card's only ID.
    alone = read(text.replace("Membor ID #:\n$8282430V\n", ""), BACK)
    assert value(alone, "member_id") == "92520400E"
    assert "member_id_uncertain" not in codes(alone)


def test_a_code_taken_with_no_label_leaves_a_medicaid_number_in_doubt() -> None:
    # Fresh range 3333's L.A. Care card: the plan's ID under a name OCR garbled, taken
    # as a lone group (no label) on a card that prints none; it explains nothing, so the
    # state's number is not the only ID on the front.
    from pipeline.types import FieldReading

    text = """
L.A. Care Health Plan
utLACRUZ,  BRIDGE?
555119706333
Medicaid No.         DOB
93437957U            02/10/2009
"""
    front = page(text)
    code = next(w for w in front.words if w.text == "555119706333")
    lone = FieldReading(name="group_number", value="555119706333", confidence=0.4,
                        side="front", label="", box=code.box)
    r = interpret([("front", front), ("back", page(BACK))], has_back=True,
                  overrides={"group_number": lone})
    assert value(r, "member_id") == "93437957U"
    assert "member_id_uncertain" in codes(r)


def test_an_unlabelled_id_under_the_name_outranks_a_labelled_medicaid_number() -> None:
    # The plan prints its own ID under the member's name, with no label; the state's
    # number has the only label.
    r = read("""
AmeriHealth Caritas
EARL GALLAGHER II
157665670
Medicaid #          Plan ID
96852851W           489780H3987263
""", BACK)
    assert value(r, "member_id") == "157665670"
    assert value(r, "medicaid_id") == "96852851W"


def test_an_id_under_the_name_ending_in_a_letter_read_small_outranks_a_medicaid_number() -> None:
    # 8282's 0291: MetroPlus prints its ID '48073043S' under the name, read '48073043s'.
    r = read("""
MetroPlus Health
Emiko Elijah Morales
48073043s
Medicaid #
274477003058
""", BACK)
    assert value(r, "member_id") == "48073043S"
    assert value(r, "medicaid_id") == "274477003058"


def test_a_stacked_label_takes_its_value_below_whatever_the_next_column_prints() -> None:
    r = read("""
TRICARE
Member ID:  40430052528
SEX                    $30
F                      Urgent Care
""", BACK)
    assert value(r, "gender") == "F"


def test_another_carriers_network_is_no_plan_name() -> None:
    umr = read("""
UMR
UnitedHealthcare Choice Plus
Member ID:  024420885      Group Number:  76-412345
""", BACK)
    assert "plan_name" not in umr.fields
    own = read("""
UnitedHealthcare
UnitedHealthcare Choice Plus
Member ID:  024420885      Group Number:  412345
""", BACK)
    assert value(own, "plan_name") == "UnitedHealthcare Choice Plus"
    # Another carrier's keywords name its plans ('TRICARE Prime'): no network.
    premera = read("""
PREMERA BLUE CROSS
Heritage Prime
Member:  CONNOR KOWALCZYK
Member ID:  JUM582826279      Group:  5000525
""", BACK)
    assert value(premera, "plan_name") == "Heritage Prime"


def test_a_surname_first_on_the_first_line_is_another_person_than_the_subscriber() -> None:
    # Fresh range 8888's 0049: 'RASMUSSEN,' proves a person's name though it leads the side.
    r = read("""
RASMUSSEN, EARL G
Subscriber
RAFAEL UNDERWOOD
Member ID
OCT227362260
floridablue.com
""")
    assert value(r, "subscriber_name") == "RAFAEL UNDERWOOD"
    assert value(r, "member_name") == "RASMUSSEN, EARL G"


def test_the_sample_surname_member_is_no_label() -> None:
    # Fresh range 8888's 0056, 0236: 'MEMBER,' read as the 'Member' label left 'JOHN Q'.
    r = read("""
Florida Blue
MEMBER, JOHN Q
Member ID
AJK100168556
""")
    assert value(r, "member_name") == "MEMBER, JOHN Q"


def test_a_pin_over_zeros_is_no_name() -> None:
    # Fresh range 8888's 0053: 'PIN. OOOO' (zeros read as letters) under a mangled name.
    r = read("""
MOLINA HEALTHCARE
Medicaid Managed Care
MEMBER ID 688988058
PCP DR CALEB MACDONALD
PIN. OOOO
""")
    assert value(r, "member_name") is None


def test_a_name_over_the_id_is_not_the_member_beside_another_unlabelled_name() -> None:
    # Fresh range 8888's 0343: the policyholder's label mangled, two people unlabelled.
    r = read("""
PREMERA BLUE CROSS
EARL K PETERSEN
Pobcy moked
NIKOLAI S BENNETT
Member id
WQN6241359029
""")
    assert value(r, "member_name") != "NIKOLAI S BENNETT"


def test_the_one_name_shaped_run_read_poorly_is_left_out_for_doubt() -> None:
    # Holdout 0021: kept aside for a closer reading to confirm, never returned as read.
    p = page("""
TRICARE
\\Violet A Huynh
DATE OF BIRTH   09/19/1977
DoD Benefits Number  5780527940
""")
    words = tuple(replace(w, confidence=0.23) if w.text == "\\Violet" else w for w in p.words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") is None
    assert r.doubtful_name is not None and r.doubtful_name.value == "Violet A Huynh"


def test_a_lone_names_suffix_of_repeated_letters_is_kept() -> None:
    r = read("""
AultCare
HARPER VASQUEZ III
Member ID:  AJK100168556
""")
    assert value(r, "member_name") == "HARPER VASQUEZ III"


def test_a_dependant_under_a_list_head_is_listed_whatever_a_tall_initials_box() -> None:
    # Fresh range 8888's 0149: 'M' boxed taller reached up beside 'Covered Members'.
    p = page("""
CareFirst BlueCross BlueShield
BluePreferred PPO
KOWALCZYK, STELLA
BYX 024514028
Covered Members:
DELACRUZ, LUNA M
""")
    words = tuple(replace(w, box=replace(w.box, top=w.box.top - 30)) if w.text == "M" else w
                  for w in p.words)
    run = [i for i, w in enumerate(words) if w.text in ("DELACRUZ,", "LUNA", "M")]
    assert fields._in_a_list(words, run)


def test_a_line_of_dependants_is_no_rival_to_the_name_over_the_id() -> None:
    # Fresh range 8888's 0375: two surnames first on one line are a list, no member.
    r = read("""
Blue Cross Blue Shield of Illinois
Blue Choice PPO
PUBLIC, JOHN Q
PDK 800099999
EFFECTIVE DATE     OEFENDENTS
09/01/2021         LARSON, HIROSHI DUBOIS, DESHAWN J
""")
    assert value(r, "member_name") == "PUBLIC, JOHN Q"


def test_a_person_read_poorly_leaves_the_one_run_read_well_in_doubt() -> None:
    # Fresh range 8888's 0244: the member's line read at 0.18, the employer's under a
    # mangled head read well.
    p = page("""
Premera Blue Cross
~TOMAS A MCALLISTER,             Einployes
                                 Fabrikam Ine
WLR 673929584
""")
    words = tuple(replace(w, confidence=0.18) if w.text == "MCALLISTER," else w
                  for w in p.words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") != "Fabrikam Ine"


def test_an_initial_ocr_boxed_tall_over_the_space_is_no_part_of_the_first_name() -> None:
    # Wide card 0116: 'LISA' boxed over the space, its 'C' a word of its own boxed tall
    # and starting inside LISA's box: three words, not 'LISAC HALL'.
    p = page("""
UnitedHealthcare
Member Name:  LISA C HALL
Member ID:  912345678
""")
    lisa = next(w for w in p.words if w.text == "LISA").box
    words = tuple(
        replace(w, box=replace(w.box, right=w.box.left + 14 * 1.2)) if w.text == "LISA" else
        replace(w, box=Box(lisa.left + 14 * 4 - 8, w.box.top - 6, lisa.left + 14 * 5 + 2,
                           w.box.bottom + 8)) if w.text == "C" else w
        for w in p.words)
    words = tuple(replace(w, box=replace(w.box, right=lisa.left + 14 * 4 - 4))
                  if w.text == "LISA" else w for w in words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") == "LISA C HALL"


@pytest.mark.parametrize(("printed", "name"), [
    ("Yuki J Thomas", "Yuki J Thomas"), ("BETTY | ABERNATHY", "BETTY I ABERNATHY"),
    ("AARON YAMAMOTO J JR", "AARON YAMAMOTO JR")])
def test_an_initial_close_before_the_surname_is_no_part_of_it(printed: str, name: str) -> None:
    # Wide cards 0036 ('JThomas') and 0256 (the '|' lost to 'ABERNATHY'): the initial's
    # box ends closer than a quarter of a height before the surname's. Holdout 0198: the
    # J of JR read as a word of its own too, the word 'JR' boxed from its R.
    p = page(f"""
UnitedHealthcare
Member Name:  {printed}
Member ID:  912345678
""")
    initial = next(w for w in p.words if w.text in ("J", "|"))
    words = tuple(replace(w, box=replace(w.box, left=w.box.left - 14 + 4)) if (
        w.box.left > initial.box.left and w.box.cy == initial.box.cy) else w for w in p.words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") == name


@pytest.mark.parametrize(("printed", "name"), [
    ("Wei | Green", "Wei I Green"), ("BETTY l ABERNATHY", "BETTY I ABERNATHY"),
    ("Patricia 0 Campbell", "Patricia O Campbell"),
    ("BRIDGET N SINGH”", "BRIDGET N SINGH"), ("ST JOHN, AARON D*---.", "ST JOHN, AARON D"),
    ("AARON YAMAMOTO JJR", "AARON YAMAMOTO JR"), ("JOHN SMITH IR", "JOHN SMITH JR")])
def test_a_name_read_with_a_stroke_for_its_initial_marks_after_a_word_or_its_jr_misread(
        printed: str, name: str) -> None:
    # Wide cards 0212, 0256, 0278 (a sans-serif I read '|', the member left unnamed and the
    # subscriber taken); range 8888's 0088 and the holdout's 0168 (marks after the last
    # word cut it off); 0198 and 8888's 0184 (JR read JJR, IR).
    r = read(f"""
UnitedHealthcare
Subscriber:  MARY ABERNATHY
Member Name:  {printed}
Member ID:  912345678
""", BACK)
    assert value(r, "member_name") == name


@pytest.mark.parametrize("printed", ["BRIDGET N", "N SCHWARTZ", "BRIDGET N ~~~"])
def test_what_is_left_of_a_name_read_in_part_is_no_name(printed: str) -> None:
    r = read(f"""
UnitedHealthcare
Member Name:  {printed}
Member ID:  912345678
""", BACK)
    assert "member_name" not in r.fields


def test_a_surname_printed_first_without_its_given_names_is_no_name() -> None:
    # Range 8888's 0270: 'VAN DYKE,' and 'XIMENA K' read as two lines apart.
    r = read("""
Oscar Gold
                      VAN DYKE,      XIMENA K
Member ID:  OSC12345678
""", BACK)
    assert value(r, "member_name") not in ("VAN DYKE", "VAN DYKE,")


def test_the_next_labels_words_are_no_name() -> None:
    # Wide card 0007: the back's 'Student Assistance:' over 'Optum Rx:' (a phone's label).
    r = read("""
UnitedHealthcare StudentResources
Eastbrook University
                 WEI A MULLER
Insured:
SR ID#:          198367125
""", """
Customer Service:  1-888-747-7849
Student Assistance:  866-632-7820
Optum Rx:  844-963-3846
Payer ID:  74227
""")
    assert value(r, "member_name") == "WEI A MULLER"


def test_marks_are_dropped_after_a_names_word_but_not_a_code_or_a_labels_colon() -> None:
    assert fields.name_words(["BRIDGET", "N", "SINGH”"]) == ["BRIDGET", "N", "SINGH"]
    assert fields.name_words(["ST", "JOHN,", "AARON", "D*---."]) == ["ST", "JOHN,", "AARON", "D"]
    assert fields.name_words(["JOHN", "Q.", "PUBLIC"]) == ["JOHN", "Q.", "PUBLIC"]
    # Holdout 0148: a Blue plan's ID under the name stays a code, no name 'AJK HSO'.
    assert fields.name_words(["AJK", "HSO0168556"]) == ["AJK", "HSO0168556"]
    # Range 8888's 0076: a label's colon stays ('Member Se...' over 'Claims: Mc').
    assert fields.name_words(["Claims:", "Mc"]) == ["Claims:", "Mc"]
    r = read("""
Florida Blue
HAZEL N PETERSEN 11
AJK HSO0168556
""")
    assert value(r, "member_name") == "HAZEL N PETERSEN II"


def test_a_stray_comma_after_a_whole_name_keeps_it() -> None:
    # Holdout 0138: 'REYES,' boxed tall with a mark read as a comma.
    r = read("""
Oscar
Member Name  GABRIEL C REYES,
Member ID:  OSC12345678
""", BACK)
    assert value(r, "member_name") == "GABRIEL C REYES"


def test_a_lone_name_whose_surname_a_photocopy_boxed_tall() -> None:
    """Range 3333's 0312: specks boxed ``ESPINOZA`` 51 px high beside ``BRIDGET``'s 24,
    the median of two: the name measured as a wordmark's height was no name."""
    p = page("""
Providence Health Plan
BRIDGET ESPINOZA
ID NO.   VNX252495039
""")
    words = tuple(replace(w, box=Box(w.box.left, w.box.top - 27, w.box.right, w.box.bottom))
                  if w.text == "ESPINOZA" else w for w in p.words)
    r = _interpret_front(replace(p, words=words))
    assert value(r, "member_name") == "BRIDGET ESPINOZA"


def test_print_height_is_the_least_capital_words_box() -> None:
    p = page("MIA L YAMAMOTO SR.")
    tall = {"YAMAMOTO": 50, "SR.": 14}
    words = [replace(w, box=Box(w.box.left, w.box.top, w.box.right,
                                w.box.bottom + tall.get(w.text, 0))) for w in p.words]
    assert fields.print_height(words) == p.words[0].box.height
    speck = [replace(words[1], confidence=0.3, box=replace(words[1].box, top=words[1].box.top + 5))]
    assert fields.print_height(speck + words[2:]) == words[3].box.height  # SR., not a speck's L
    assert fields.print_height([]) == 0.0


def test_a_label_with_its_value_beside_it_or_a_wordmark_labels_no_name_under_it() -> None:
    """Range 3333's 0277: ``Plan: Heritage Prime`` over the member's unlabelled name; 0373:
    a Medicare card's wordmark, read as an ID's label, over it."""
    r = read("""
Premera Blue Cross
Plan:  Heritage Prime
Abigail Rosa Espinoza
Grp no.   87587114
ID NO.   VYW7934702130
""")
    assert value(r, "member_name") == "Abigail Rosa Espinoza"
    r = read("""
Premera Blue Cross
Employer Group
Tailspin Toys
ID NO.   VYW7934702130
""")
    assert "member_name" not in r.fields  # a label over its value: no one's name


@pytest.mark.parametrize(("read_as", "name"), [
    ("ELIJAH PST JOHN", "ELIJAH P ST JOHN"), ("Ximena K lbrahim", "Ximena K Ibrahim"),
    ("lsaac Pham", "Isaac Pham"), ("Ana lopez", "Ana lopez"),
    ("Anna de la Cruz", "Anna de la Cruz"),
    ("PST JOHN", "PST JOHN"), ("JOHN Q MEMBER Il", "JOHN Q MEMBER II"),
    # An initial read twice (5555's 0047, 1111's 0099); a suffix, a first word, two strokes
    # stay.
    ("NORA LL MCALLISTER", "NORA L MCALLISTER"), ("OWEN M M SINGH IV", "OWEN M SINGH IV"),
    ("JOHN SMITH II", "JOHN SMITH II"), ("JOHN II SMITH", "JOHN II SMITH"),
    ("LL CASTRO", "LL CASTRO"), ("A A SMITH", "A A SMITH"),
    # Or a capital then its small letter of the same shape (13333's 0053, a photocopy).
    ("Deshawn Ss Mcallister", "Deshawn S Mcallister"), ("Ana Oo Pham", "Ana O Pham"),
    ("Ana Ed Pham", "Ana Ed Pham"),
])
def test_misreadings_a_names_shape_tells_are_mended(read_as: str, name: str) -> None:
    assert fields.mended_name(read_as) == name


@pytest.mark.parametrize(("read_as", "name"), [
    # A speck read as a full stop after a word that prints none (photocopies: 5555's 0088,
    # 3333's 0117, 9191's 0066); an initial's or an abbreviation's stop stays.
    ("AARON PHAM.", "AARON PHAM"), ("ZOEY. REYES", "ZOEY REYES"),
    ("EVELYN DUBOIS III.", "EVELYN DUBOIS III"), ("PHAM., ADA", "PHAM, ADA"),
    ("Earl Stella Rasmussen.", "Earl Stella Rasmussen"),
    ("SEAMUS T. MACDONALD", "SEAMUS T. MACDONALD"), ("NORA F VAN DYKE JR.", "NORA F VAN DYKE JR."),
    ("ST. JOHN, ADA", "ST. JOHN, ADA"), ("JOHN Q. PUBLIC", "JOHN Q. PUBLIC"),
])
def test_a_speck_read_as_a_full_stop_after_a_names_word_is_dropped(read_as: str, name: str) -> None:
    assert fields.mended_name(read_as) == name


def test_a_suffix_glued_to_the_surname_is_doubted() -> None:
    assert fields.suffix_glued("ROSA P IBRAHIMIV") and fields.suffix_glued("JOHN SMITHJR")
    assert not fields.suffix_glued("ROSA P IBRAHIM IV") and not fields.suffix_glued("IBRAHIMIV")
    assert not fields.suffix_glued("ROSA P LEVI")


def test_card_words_misread_or_cut_are_no_name() -> None:
    """Range 5555's 0008: ``MENBER NUMBER`` over the ID was taken for the member's name;
    3333's 0106: ``Coastal Plains Unive``, a school's name cut short."""
    assert fields.card_word("MENBER") and fields.card_word("Unive") and fields.card_word("CO")
    assert fields.card_word("University")
    for name in ("SHIELDS", "CARTER", "MEDINA", "BARNES", "PAYNE", "Bennett"):
        assert not fields.card_word(name)
    r = read("""
Oxford Health Plans
MENBER NUMBER
H97568812
SEAMUS B DUBOIS
""")
    assert value(r, "member_name") != "MENBER NUMBER"


def test_a_name_ending_in_a_particle_is_cut() -> None:
    """Range 5555's 0195: ``Svetlana Isaac St john``: no name ends with ``St``, nor is its
    shorter start the name."""
    assert not fields.plausible_name("Svetlana Isaac St")
    assert fields.plausible_name("MINH LE") and fields.plausible_name("Svetlana Isaac St John")
    r = read("""
Premera Blue Cross
Member:  Svetlana Isaac St john
Member ID:  912345678
""")
    assert "member_name" not in r.fields


def test_a_firms_last_word_is_not_dropped_to_make_a_name() -> None:
    """Range 5555's 0050: ``Tailspin Toys LLC`` lost its ``LLC`` and rivalled the name."""
    r = read("""
Oxford Health Plans
WASHINGTON, GUADALUPE E
KVG 711403872
Tailspin Toys LLC
""")
    assert value(r, "member_name") == "WASHINGTON, GUADALUPE E"


def test_the_body_height_is_the_words_read_with_some_confidence() -> None:
    """Range 5555's 0046: a shaken photo's specks read as words a pixel high made the
    member's name taller than body text."""
    p = page("Member ID  912345678  Group  4455")
    junk = [replace(w, text="ee", confidence=0.2, box=replace(w.box, bottom=w.box.top + 1))
            for w in page("a b c d e f g h i j k l").words]
    assert fields._body_height([*p.words, *junk]) == p.words[0].box.height


def test_two_card_words_or_a_suffix_read_with_a_t_are_no_name() -> None:
    """Range 6666's 0139: ``Health Insurance`` under ``Student`` (a student plan's head
    read as a name label); 0264: ``MINH YAMAMOTO ITI`` (II or III, no reading says)."""
    assert not fields.plausible_name("Health Insurance")
    assert fields.plausible_name("ROSA CROSS")  # one card word may be a surname
    r = read("""
UnitedHealthcare
Member:  MINH YAMAMOTO ITI
Member ID:  912345678
""")
    assert "member_name" not in r.fields


@pytest.mark.parametrize("label", ["DOB:", "pos:", "Dos:", "vos:", "pos"])
def test_a_birth_date_under_its_dob_label_as_ocr_misreads_it(label: str) -> None:
    r = read(f"""
UnitedHealthcare
Member:  ANA RUIZ
Member ID:  912345678
{label}  08/14/2018
""", BACK)
    assert value(r, "birth_date") == "08/14/2018"


def test_a_plans_pos_is_no_birth_date_label() -> None:
    r = read("""
UnitedHealthcare
Choice POS II
Member ID:  912345678
POS  12345
""", BACK)
    assert value(r, "birth_date") is None


def _reading(name: str, value: str, confidence: float = 0.9) -> FieldReading:
    return FieldReading(name, value, confidence, "front", "", Box(0, 0, 9, 9))


@pytest.mark.parametrize(("rx", "member", "spelled"), [
    ("TGAO72783287", "TGA072783287", "TGA072783287"),  # O read for 0
    ("FAHO5212895101", "FAH052128951", "FAH05212895101"),  # and a person code after it
    ("HL139879700", "H11398797", "H1139879700"),
    ("XY4528184200", "038438662", "XY4528184200"),  # another number: as read
    ("TGA072783287", "TGA072783287", "TGA072783287"),
])
def test_an_rx_id_is_spelled_as_the_member_id_it_repeats(rx: str, member: str, spelled: str
                                                         ) -> None:
    got = derived.rx_id_spelled({"rx_id": _reading("rx_id", rx, 0.8),
                                 "member_id": _reading("member_id", member, 0.6)})
    assert got["rx_id"].value == spelled
    assert got["rx_id"].confidence == (0.8 if spelled == rx else 0.6)


def test_an_rx_id_beside_an_unsure_member_id_stays_as_read() -> None:
    got = derived.rx_id_spelled({"rx_id": _reading("rx_id", "TGAO72783287"),
                                 "member_id": _reading("member_id", "TGA072783287", 0.3)})
    assert got["rx_id"].value == "TGAO72783287"
    # (Wide 0079: the member ID PIS741668 doubted at 0.26, its Rx ID copy PI8741668 right.)


@pytest.mark.parametrize(("rx", "spelled"), [
    ("0G051782911", "OG051782911"),  # the O of a two-letter prefix read as a zero
    ("1T493098180", "IT493098180"),  # an I read as a one
    ("0SC99906076-01", "OSC99906076-01"),
    ("1EG4TE5MK73", "1EG4TE5MK73"),  # an MBI starts with a digit
    ("10122564366", "10122564366"),  # digits only: nothing says which was a letter
    ("W000099999", "W000099999"),
])
def test_an_rx_ids_first_digit_before_letters_is_the_letter_it_looks_like(
        rx: str, spelled: str) -> None:
    got = derived.rx_id_spelled({"rx_id": _reading("rx_id", rx, 0.8),
                                 "member_id": _reading("member_id", "CFI784663947", 0.9)})
    assert got["rx_id"].value == spelled
    # The member ID printed again, as it was read: as read.
    same = derived.rx_id_spelled({"rx_id": _reading("rx_id", rx, 0.8),
                                  "member_id": _reading("member_id", rx, 0.9)})
    assert same["rx_id"].value == rx


def test_a_date_naming_no_month_is_left_out() -> None:
    r = read("""
UnitedHealthcare
Member:  ANA RUIZ        DOB:  93/01/1951
Member ID:  912345678    Effective Date:  01/01/2024
""", BACK)
    assert value(r, "birth_date") is None
    assert value(r, "effective_date") == "01/01/2024"


@pytest.mark.parametrize("label", ["ayer ID", "yer ID:"])
def test_a_payer_id_whose_labels_start_was_cut(label: str) -> None:
    r = read("UnitedHealthcare\nMember ID:  912345678", f"{label}  84980")
    assert value(r, "payer_id") == "84980"


def test_a_cut_label_takes_only_a_value_that_fits() -> None:
    r = read("UnitedHealthcare\nMember ID:  912345678", "ayer ID  pending")
    assert value(r, "payer_id") is None


def test_marks_before_a_names_word_are_dropped_but_not_a_stroke() -> None:
    """A speck read before a word's first capital (``.IV``) is no part of the name; a
    stroke may be a letter (``|SAAC``), a quote a mark's remnant: they stay to fail it."""
    assert fields.name_words(["SUNIL", "B.", "UNDERWOOD", ".IV"]) == [
        "SUNIL", "B.", "UNDERWOOD", "IV"]
    assert fields.name_words(["-Abigail", "Espinoza"]) == ["Abigail", "Espinoza"]
    assert fields.name_words(["‘Dolores", "Stella"]) == ["‘Dolores", "Stella"]
    assert fields.name_words(["|SAAC", "LARSON"]) == ["|SAAC", "LARSON"]
    assert fields.name_words(["O'BRIEN,", "SUNIL"]) == ["O'BRIEN,", "SUNIL"]


def test_an_initial_j_read_as_a_bracket_glued_to_the_given_name_is_the_initial() -> None:
    """The J's hook reads as a closing bracket (``STELLA]``, ``MIA)``): before another word
    it is the middle initial J; a bracketed word or a last word stays as read."""
    assert fields.name_words(["STELLA]", "GALLAGHER"]) == ["STELLA J", "GALLAGHER"]
    assert fields.name_words(["MIA)", "BENNETT", "SR"]) == ["MIA J", "BENNETT", "SR"]
    assert fields.name_words(["(MIA)", "BENNETT"]) == ["(MIA)", "BENNETT"]
    assert fields.name_words(["MIA", "BENNETT)"]) == ["MIA", "BENNETT)"]
    r = read("""
Florida Blue
Member:  STELLA]  GALLAGHER
ID:  AJK168556
""")
    assert value(r, "member_name") == "STELLA J GALLAGHER"


def test_a_word_of_marks_alone_stays_a_word_of_a_names_texts() -> None:
    """The texts of a run stand for its words (an initial glued to its hook parted in
    two); a speck read as a mark alone is an empty text, never none (a run of one such
    word is judged, not lost)."""
    words = [OcrWord(t, Box(10 + 100 * k, 10, 90 + 100 * k, 40), 0.9, 0)
             for k, t in enumerate(["“", "STELLA]", "GALLAGHER"])]
    assert fields._name_texts(words, [0]) == [""]
    assert fields._name_texts(words, [1, 2]) == ["STELLA", "J", "GALLAGHER"]
    assert not fields._name_evidence(words, [0])


def test_of_several_lone_runs_the_one_with_a_persons_evidence_comes_in_doubt() -> None:
    # d3333 0212: 'Plan: PPOBlue' read 'Pilar PPOBlue', the name's head lost: of the two
    # runs shaped as names, only the one with a middle initial is a person's.
    r = read("""
Highmark Blue Shield
Pilar@0.2  PPOBlue@0.3
Jacob A Kowalczyk@0.49    LLK218710005 00
""")
    assert "member_name" not in r.fields  # in doubt till closer readings confirm it
    assert r.doubtful_name is not None and r.doubtful_name.value == "Jacob A Kowalczyk"
    # Two people's names, each with its evidence: neither is picked.
    words = [OcrWord(t, Box(20 + 120 * k, top, 110 + 120 * k, top + 20), 0.9, line=top)
             for top, names in ((60, ("ADRIAN", "T", "BROOKS")), (200, ("Jacob", "A", "Kowalczyk")))
             for k, t in enumerate(names)]
    assert fields._evident_name(words, [[0, 1, 2], [3, 4, 5]]) == []
    assert fields._evident_name(words, [[3, 4, 5]]) == []  # one run: no pick to make


def test_one_name_read_twice_over_the_same_boxes_counts_once() -> None:
    # d6666 0209: a line read again merged in twice; with a plan's line shaped as a name.
    words = [OcrWord(t, Box(x, 213, x + w, 237), 0.9, line=n)
             for n in (24, 25) for t, x, w in (("KOWALCZYK,", 49, 173), ("VIOLET", 232, 97),
                                              ("W", 337, 23))]
    runs = [[0, 1, 2], [3, 4, 5]]
    assert fields._evident_name(words, runs) == [[0, 1, 2]]
    moved = [*words[:3], *(replace(w, box=Box(w.box.left, 300, w.box.right, 324))
                           for w in words[3:])]
    assert fields._evident_name(moved, runs) == []  # two lines: two people


def test_a_logos_tall_glyphs_over_a_name_are_no_person_above_it() -> None:
    # d5555 0392: Health Net's 'HN |' mark boxed 98 px tall over 'OWEN B WASHINGTON'.
    def w(text: str, left: float, top: float, right: float, bottom: float) -> OcrWord:
        return OcrWord(text, Box(left, top, right, bottom), 0.9, line=int(top))
    logo = [w("HN", 47, 27, 113, 125), w("|", 128, 27, 145, 125),
            w("Health", 159, 59, 285, 92), w("Net", 304, 60, 372, 92)]
    name = [w("OWEN", 53, 146, 148, 169), w("B", 161, 146, 178, 169),
            w("WASHINGTON", 188, 146, 406, 169)]
    assert not fields._in_a_list([*logo, *name], [4, 5, 6])
    # The same line printed at the name's height is a person above it.
    person = [w("ADA", 53, 110, 110, 133), w("K", 120, 110, 135, 133),
              w("BENNETT", 145, 110, 300, 133)]
    assert fields._in_a_list([*person, *name], [3, 4, 5])


@pytest.mark.parametrize("suffix", ["II", "IV"])
def test_no_label_follows_a_middle_initial(suffix: str) -> None:
    # d6666 0224, 0390: the sample 'JOHN Q MEMBER II' read as a name and the label
    # 'Member ID' ('MEMBER II', 'MEMBER IV' one letter off).
    r = read(f"""
Neighborhood Health
Bronze HDHP
JOHN Q MEMBER {suffix}
Member ID
YJ00099999
""")
    assert value(r, "member_name") == f"JOHN Q MEMBER {suffix}"
    assert value(r, "member_id") == "YJ00099999"


def test_a_lone_name_beside_a_name_whose_label_was_misread_is_left_out() -> None:
    # d6666 0151: 'Subscriber Name' lost, 'Name/Nombre:' read 'NemalNombre;' at 0.37: the
    # one unlabelled name is the subscriber's, the member's right of the misread label.
    from pipeline.templates import load_templates

    def w(text: str, left: float, top: float, right: float, bottom: float,
          confidence: float = 0.95) -> OcrWord:
        return OcrWord(text, Box(left, top, right, bottom), confidence, line=int(top // 60))
    subscriber = [w("ADRIAN", 46, 205, 143, 229), w("J", 152, 205, 163, 228),
                  w("IBRAHIM", 173, 205, 279, 229)]
    member = [w("NemalNombre;", 45, 273, 173, 292, 0.37), w("JENSEN,", 181, 266, 291, 294),
              w("GUADALUPE", 299, 266, 457, 291), w("A", 464, 266, 482, 291)]
    rule = load_templates()[0].fields["member_name"]
    words = [*subscriber, *member]
    assert fields._names_after_misread_heads(words, set(range(7))) == [[4, 5, 6]]
    assert fields.lone_name(words, set(range(7)), rule, set()) == []
    found = fields.lone_name(subscriber, set(range(3)), rule, set())
    assert [f.value for f in found] == ["ADRIAN J IBRAHIM"]
    read_well = [replace(member[0], text="Name:", confidence=0.95), *member[1:]]
    # A first word read well is no misread head (a label read so is a label hit).
    assert fields._names_after_misread_heads([*subscriber, *read_well], set(range(7))) == []


def test_the_one_name_after_a_misread_word_comes_in_doubt() -> None:
    # d6666 0344: a photocopy's 'Subscriber:' read '‘gabeouiner' at 0.0 before the card's
    # one name: no run is shaped as a name, the name after the misread word comes in doubt.
    from pipeline.templates import load_templates

    def w(text: str, left: float, top: float, right: float, bottom: float,
          confidence: float = 0.95) -> OcrWord:
        return OcrWord(text, Box(left, top, right, bottom), confidence, line=int(top // 50))
    words = [w("Community", 112, 177, 246, 202), w("Blue", 254, 177, 300, 202),
             w("Flex", 312, 177, 360, 202),
             w("‘gabeouiner", 47, 215, 169, 254, 0.0), w("Latoya", 181, 233, 254, 256),
             w("Rafael", 263, 224, 333, 259), w("Larson", 342, 230, 421, 268, 0.53),
             w("Date", 50, 300, 98, 315), w("of", 107, 300, 125, 315),
             w("Birth:", 134, 300, 190, 315), w("12/12/2000", 208, 300, 330, 315)]
    rule = load_templates()[0].fields["member_name"]
    free = set(range(len(words)))
    found = fields.lone_name(words, free, rule, set())
    assert [f.value for f in found] == ["Latoya Rafael Larson"]
    assert found[0].confidence < fields.NAME_MIN_CONFIDENCE  # till closer readings confirm
    # A second such name: either may be the member's, neither is taken.
    other = [w("sbscrbr", 47, 350, 80, 370, 0.1), w("Owen", 90, 350, 150, 370),
             w("Tran", 160, 350, 220, 370)]
    assert fields.lone_name([*words, *other], set(range(len(words) + 3)), rule, set()) == []


def test_a_lower_case_name_label_after_a_misread_word_is_a_longer_label() -> None:
    # d1111 0087: 'Subscriber name' read 'Subsertber name'; 'name' (no ascender) boxed
    # 12 px high, 11 px after the word before it: the member's label it is not.
    from pipeline.templates import load_templates

    rules = list(load_templates()[0].fields.values())
    words = [OcrWord("Subsertber", Box(46, 266, 160, 283), 0.49, line=4),
             OcrWord("name", Box(171, 271, 228, 283), 0.69, line=4)]
    assert not any(getattr(h.rule, "name", "") == "member_name"
                   for h in fields.find_labels(words, rules))
    alone = [OcrWord("name", Box(46, 271, 103, 283), 0.69, line=4)]
    assert any(getattr(h.rule, "name", "") == "member_name"
               for h in fields.find_labels(alone, rules))


def test_a_person_read_well_beside_the_evident_name_leaves_no_pick() -> None:
    # d5656 0262: 'DOLORES VAN DYKE' (the member) read well beside 'NIKOLAI A O'BRIEN':
    # an initial tells no member; a poorly read rival ('Pilar PPOBlue') is no person.
    def w(text: str, left: float, top: float, confidence: float) -> OcrWord:
        return OcrWord(text, Box(left, top, left + 20 * len(text), top + 20), confidence,
                       line=int(top))
    words = [w("DOLORES", 20, 60, 0.96), w("VAN", 190, 60, 0.96), w("DYKE", 270, 60, 0.96),
             w("NIKOLAI", 20, 200, 0.92), w("A", 190, 200, 0.92), w("O'BRIEN", 220, 200, 0.92)]
    assert fields._evident_name(words, [[0, 1, 2], [3, 4, 5]]) == []
    poor = [replace(x, confidence=0.3) for x in words[:3]] + words[3:]
    assert fields._evident_name(poor, [[0, 1, 2], [3, 4, 5]]) == [[3, 4, 5]]


def test_a_firms_name_under_a_name_label_is_no_persons() -> None:
    """Wide 0269: ``Group Name:`` read ``( ~ Name:``, its ``ACME MANUFACTURING CO`` taken for
    the member's name over the ``Name  BARBARA TAYLOR`` below it."""
    assert not fields.plausible_name("ACME MANUFACTURING CO")
    assert not fields.plausible_name("ACME MANUFACTURING")  # its CO unread
    assert not fields.plausible_name("Tailspin Toys LLC")
    # A school's or an employer's words (13232's 0190: 'RIDGE SCHOOL' of 'BLUE RIDGE SCHOOL
    # DISTRICT'; 'Coastal Plains Univ'), in any case.
    assert not fields.plausible_name("RIDGE SCHOOL")
    assert not fields.plausible_name("Coastal Plains Univ")
    assert fields.plausible_name("BARBARA TAYLOR") and fields.plausible_name("JOHN Q COX")
    r = read("""
UMR
( ~ Name:  ACME MANUFACTURING CO
Name  BARBARA TAYLOR
Member ID  344231898
""")
    assert r.fields["member_name"].value == "BARBARA TAYLOR"
    # No first words of an institution's or a firm's name are a person's either: 'BLUE
    # RIDGE' (13232's 0190), 'Tailspin Toys' (13333's 0064).
    for employer in ("BLUE RIDGE SCHOOL DISTRICT", "Tailspin Toys LLC"):
        school = read(f"""
UMR
Name  {employer}
Member  BARBARA TAYLOR
Member ID  344231898
""")
        assert school.fields["member_name"].value == "BARBARA TAYLOR"


def test_a_value_stacked_under_its_label_beats_the_next_columns_on_its_row() -> None:
    """d7878 0133: Cigna's ``Group #`` over ``00547965``; on its row, a column away, the
    PCN ``02250000`` whose small ``Rxpcn`` label was lost on a dark card."""
    stacked = read("""
Cigna Healthcare
Member #  371069503
Group #                          02250000
00547965
""")
    assert stacked.fields["group_number"].value == "00547965"
    # With nothing stacked under it, a value on the label's row is its value, near or far.
    tabbed = read("""
Cigna Healthcare
Member #  371069503
Group #                          00547965
""")
    assert tabbed.fields["group_number"].value == "00547965"


def test_a_list_head_read_with_a_semicolon_still_heads_the_dependants() -> None:
    # Range 2222's 0343: OCR read 'DEPENDENTS:' as 'DEPENDENTS;'; the dependant under it
    # is no rival to the member's unlabelled name under the logo (the generator's truth:
    # IBRAHIM, HAZEL L).
    r = read("""
Premera BLUE CROSS
IBRAHIM, HAZEL L
MBR # BCO859004168
GRP# 24992592
Office Visit: $XX
PCP: XXXXXXX
DEPENDENTS;
YAMAMOTO, TAMIKA S
PAYER ID: 47570
""")
    assert value(r, "member_name") == "IBRAHIM, HAZEL L"
    p = page("""
DEPENDENTS;
YAMAMOTO, TAMIKA S
""")
    assert fields.under_list_head(p.words, [1, 2, 3])
    assert not fields.under_list_head(p.words, [0])
