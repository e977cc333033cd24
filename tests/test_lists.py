"""Issue 15's lists (phones, copays, dependents) and the claims address.

Expected values are what a person reads on the card text or drawing each test gives (or,
for the real Cigna card, what ``../shared/real-samples/README.md`` says a person reads),
never the pipeline's output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.lists import CardLists, Phone, better_lists, lost_sides, purpose_of, read_lists
from pipeline.process import interpret, process_card
from pipeline.process import read_lists as process_read_lists
from pipeline.result import to_json
from pipeline.types import Box, CardResult, OcrPage, OcrWord, Side, SideRead
from tests import fakes
from tests.drawn import Ink, card_png
from tests.test_schema import errors

REAL_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "real-samples"
CIGNA_FRONT = REAL_SAMPLES / "cigna_front.png"
CIGNA_BACK = REAL_SAMPLES / "cigna_back.png"


def lists_of(front: str, back: str | None = None) -> CardLists:
    pages: list[tuple[Side, OcrPage]] = [("front", fakes.page(front))]
    if back is not None:
        pages.append(("back", fakes.page(back)))
    return read_lists(pages)


def phones(text: str) -> list[tuple[str, str, str]]:
    return [(p.purpose, p.label, p.number) for p in lists_of(text).phones]


def copays(text: str) -> list[tuple[str, str]]:
    return [(c.benefit, c.amount) for c in lists_of(text).copays]


def dependents(text: str) -> list[tuple[str, str | None]]:
    return [(d.name, d.suffix) for d in lists_of(text).dependents]


def claims_address(text: str) -> str | None:
    found = lists_of("Front", text).claims_address
    return None if found is None else found.value


# --- phones ---------------------------------------------------------------------------------


def test_phone_with_its_label_left_of_it() -> None:
    assert phones("Member Services: 1-800-555-0100") == [
        ("member_services", "Member Services", "1-800-555-0100")]


def test_phone_whose_label_stands_across_a_gap_on_its_row() -> None:
    assert phones("Provider Services          (800) 555-0111") == [
        ("provider_services", "Provider Services", "(800) 555-0111")]


def test_phone_whose_label_is_on_the_line_above() -> None:
    text = """
Pharmacy Help Desk          Customer Service
1 (800) 555-0123            800.555.0100
"""
    assert phones(text) == [
        ("pharmacy", "Pharmacy Help Desk", "1 (800) 555-0123"),
        ("member_services", "Customer Service", "800.555.0100"),
    ]


def test_a_number_under_another_phone_line_takes_no_label_from_it() -> None:
    # Nothing names the second number's purpose (its label lost, or never printed):
    # ``other`` would be a guess, so it is left out.
    assert phones("Member Services 1-800-555-0100\n1-800-555-0200") == [
        ("member_services", "Member Services", "1-800-555-0100"),
    ]


def test_tty_711_is_no_phone() -> None:
    assert phones("Member Services 1-800-555-0100 TTY 711") == [
        ("member_services", "Member Services", "1-800-555-0100")]
    assert phones("Hearing impaired: TTY 711") == []


def test_placeholder_phones_are_none() -> None:
    assert phones("Member Services (XXX) XXX-XXXX\nNurse Line 1-800-XXX-XXXX") == []


def test_two_phones_on_one_row_each_take_their_own_label() -> None:
    assert phones("Member Services 1-800-555-0100   Pharmacy 1-800-555-0199") == [
        ("member_services", "Member Services", "1-800-555-0100"),
        ("pharmacy", "Pharmacy", "1-800-555-0199"),
    ]


@pytest.mark.parametrize(("label", "purpose"), [
    ("Member Services", "member_services"),
    ("Customer Service", "member_services"),
    ("Member Care", "member_services"),
    ("Customer Care", "member_services"),
    ("Questions? Call", "member_services"),
    ("Provider Services", "provider_services"),
    ("Providers", "provider_services"),
    ("Provider Line", "provider_services"),
    ("Eligibility & Benefits", "provider_services"),
    ("Pharmacy Help Desk", "pharmacy"),
    ("Pharmacist Use Only", "pharmacy"),
    ("Pharmacists", "pharmacy"),
    ("Rx", "pharmacy"),
    ("Pharmacy Services", "pharmacy"),
    ("Pharmacy Member Services", "pharmacy"),
    ("Behavioral Health", "behavioral_health"),
    ("Mental Health", "behavioral_health"),
    ("Substance Use", "behavioral_health"),
    ("24/7 Nurse Line", "nurse_line"),
    ("Nurse Line", "nurse_line"),
    ("NurseLine", "nurse_line"),
    ("24-Hour Nurse", "nurse_line"),
    ("Claims", "claims"),
    ("Precertification", "precertification"),
    ("Precert", "precertification"),
    ("Pre-cert", "precertification"),
    ("Prior Authorization", "precertification"),
    ("Utilization Review", "precertification"),
    ("Doctor on Call", "other"),
    ("Behavoral Health", "behavioral_health"),  # misread: one letter lost
])
def test_purpose_from_each_label_family(label: str, purpose: str) -> None:
    assert phones(f"{label}: 1-800-555-0100") == [(purpose, label, "1-800-555-0100")]


def test_a_misread_label_gives_a_lower_confidence() -> None:
    exact, misread = purpose_of("Behavioral Health"), purpose_of("Behavoral Health")
    assert exact == ("behavioral_health", 1.0)
    assert misread[0] == "behavioral_health" and misread[1] < 1.0


def test_a_vision_line_of_another_company_is_other() -> None:
    assert phones("For Vision call EyeMed Vision 1-866-555-0101 (not a Cigna Company)") == [
        ("other", "For Vision call EyeMed Vision", "1-866-555-0101")]
    assert phones("Vision Member Services 1-866-555-0102") == [
        ("other", "Vision Member Services", "1-866-555-0102")]


def test_a_toll_free_word_is_a_phone_and_a_sentence_before_is_no_label() -> None:
    # The digits in parentheses are the same number: one phone, given in digits.
    text = "Keep this card. Questions? Call 1-800-MEDICARE (1-800-633-4227)"
    assert phones(text) == [("member_services", "Questions? Call", "1-800-633-4227")]
    assert phones("Questions? Call 1-800-MEDICARE") == [
        ("member_services", "Questions? Call", "1-800-MEDICARE")]


@pytest.mark.parametrize(("printed", "number"), [
    ("Customer Service: (833) 821 -6102", "(833) 821-6102"),  # a space before the dash
    ("Customer Service: 1-866 - 533-3751", "1-866-533-3751"),
    ("Customer Service: 866) 397-0082", "(866) 397-0082"),  # a parenthesis lost
    ("Customer Service: (855 609-7696", "(855) 609-7696"),
    ("Customer Service: -844-241-8191", "1-844-241-8191"),  # the 1 lost before its dash
    ("Customer Service: |-833-624-7839", "1-833-624-7839"),  # the 1 read |
    ("Customer Service: 1-855 \u201c525-9959", "1-855-525-9959"),  # a stray quote
    ("Customer Service: (855) 922-21 42", "(855) 922-2142"),  # the last four split
    ("Customer Service: (877) 837 2360", "(877) 837 2360"),
    ("Customer Service: 855-54 7-0379", "855-547-0379"),  # the middle three split
    ("Customer Service: 4-844-650-0241", "1-844-650-0241"),  # the 1 read 4
])
def test_a_number_as_ocr_splits_or_mars_it(printed: str, number: str) -> None:
    assert phones(printed) == [("member_services", "Customer Service", number)]


def test_ten_digits_with_spaces_only_are_no_phone() -> None:
    assert phones("Member Services: 234 567 8901") == []


def test_a_label_ending_in_a_misread_colon_is_no_sentence() -> None:
    text = """
In an emergency go to the nearest emergency room or call 911.
Pharmacy Help Desk; 1-866-352-3307
Nurse Line; (855) 686-4626
"""
    assert phones(text) == [("pharmacy", "Pharmacy Help Desk", "1-866-352-3307"),
                            ("nurse_line", "Nurse Line", "(855) 686-4626")]


def test_a_label_starts_after_another_labels_value() -> None:
    assert phones("Claims Payer ID 74227 Member Services 1-833-620-4791") == [
        ("member_services", "Member Services", "1-833-620-4791")]


@pytest.mark.parametrize(("label", "purpose"), [
    ("vioral Health", "behavioral_health"),  # the label's start cut by OCR
    ("Precer tification", "precertification"),  # one word read as two
    ("rmacy Help Desk", "pharmacy"),
    ("mber Services", "member_services"),
    ("Custoiner Service", "member_services"),  # two letters misread
    ("CONCIERGE", "member_services"),
    ("TIY", "other"),  # TTY misread
    ("TITY", "other"),
    ("Pcp", "other"),
    ("AWAY FROM HOME TRAVEL LINE", "other"),  # LINE alone is no nurse line's
])
def test_purpose_from_a_label_ocr_cut_or_misread(label: str, purpose: str) -> None:
    assert [p[0] for p in phones(f"{label}: 1-800-555-0100")] == [purpose]


@pytest.mark.parametrize("label", ["Services", "vices", "Help", "\u00a9", "287 Mee", "CES"])
def test_a_number_whose_label_ocr_lost_is_left_out(label: str) -> None:
    # What is left names no purpose: the number's purpose is unknown.
    assert phones(f"{label} 1-800-555-0100") == []


def test_a_number_under_a_column_head_with_a_value_left_of_it() -> None:
    text = """
Name/Nombre        Identification No.     PCP Phone
Tamika H Bennett   087752414              201-574-7148
"""
    assert phones(text) == [("other", "PCP Phone", "201-574-7148")]


def test_running_text_above_a_number_is_no_label() -> None:
    text = """
Providers: verify eligibility before rendering services
1-800-555-0100
This card does not guarantee coverage of any kind
1-800-555-0200
"""
    assert phones(text) == []

def test_phone_confidence_is_its_least_word_confidence() -> None:
    [phone] = lists_of("Member Services 1 (800) 555-0100@0.5").phones
    assert (phone.number, phone.confidence) == ("1 (800) 555-0100", 0.5)


# --- copays ---------------------------------------------------------------------------------


def test_copays_printed_inline() -> None:
    text = """
PCP $25
Specialist $50
ER $150
"""
    assert copays(text) == [("PCP", "$25"), ("Specialist", "$50"), ("ER", "$150")]


def test_copays_in_a_right_aligned_table() -> None:
    text = """
Primary Care          $25
Urgent Care          $100
Emergency Room       $250
"""
    assert copays(text) == [("Primary Care", "$25"), ("Urgent Care", "$100"),
                            ("Emergency Room", "$250")]


def test_copays_stacked_under_their_benefits() -> None:
    text = """
Office Visit      SPC      Urgent Care
$25               $60      $100
"""
    assert copays(text) == [("Office Visit", "$25"), ("SPC", "$60"), ("Urgent Care", "$100")]


def test_copays_in_two_columns_side_by_side() -> None:
    text = """
PCP $25                Specialist $50
Urgent Care $100       Emergency $250
"""
    assert copays(text) == [("PCP", "$25"), ("Specialist", "$50"),
                            ("Urgent Care", "$100"), ("Emergency", "$250")]


def test_a_left_column_benefit_does_not_take_the_right_column_amount() -> None:
    # The right column's benefit on the second row is not there (lost): $150 is no
    # Urgent Care's.
    text = """
PCP $25                Specialist $50
Urgent Care               $150
"""
    assert copays(text) == [("PCP", "$25"), ("Specialist", "$50")]


def test_amounts_as_printed() -> None:
    text = """
OV/SP $25/$50
Coinsurance 20%
Deductible $1,500
"""
    assert copays(text) == [("OV/SP", "$25/$50"), ("Coinsurance", "20%"),
                            ("Deductible", "$1,500")]


def test_a_misread_benefit_is_still_one_spelled_as_printed() -> None:
    [copay] = lists_of("Specia1ist: $50").copays
    assert (copay.benefit, copay.amount) == ("Specialist", "$50")


def test_placeholder_amounts_are_no_copays() -> None:
    assert copays("PCP $XX   Specialist $XX\nER $X,XXX") == []


def test_a_dollar_amount_in_fine_print_is_no_copay() -> None:
    text = """
Payment is subject to a $500 fee.
You pay your deductible first, then 20% of the cost.
Copays: PCP $20
"""
    assert copays(text) == [("PCP", "$20")]


def test_an_amount_after_specks_under_its_head() -> None:
    text = """
DoD Benefits Number     Specialist
5780527940            . $60
"""
    assert copays(text) == [("Specialist", "$60")]


def test_an_amount_under_its_head_with_an_id_left_of_it() -> None:
    text = """
Subscriber ID      PCP
135971373          $10
"""
    assert copays(text) == [("PCP", "$10")]


def test_a_head_with_its_own_amount_takes_none_beside_it() -> None:
    # $40's head (SPC) was not read; Emergency is the head of $300 under it.
    text = """
Member ID           PCP
1332326955          $20
Emergency                  $40
$300
"""
    assert copays(text) == [("PCP", "$20"), ("Emergency", "$300")]


def test_two_columns_ocr_joined_on_one_line() -> None:
    text = """
OV/SP $30/$60 - Urgent Care   $75
Deductible $500 - Coinsurance   20%
"""
    assert copays(text) == [("OV/SP", "$30/$60"), ("Urgent Care", "$75"),
                            ("Deductible", "$500"), ("Coinsurance", "20%")]


def test_a_value_with_a_benefit_word_is_no_column_between() -> None:
    # ``Pcp: DR MAXINE MORALES`` (the PCP's name) is no benefit heading a column.
    text = """
                        Pcp: DR MAXINE MORALES
OV/SP $30/$60   Urgent Care   $50
"""
    assert copays(text) == [("OV/SP", "$30/$60"), ("Urgent Care", "$50")]


@pytest.mark.parametrize(("read", "printed"), [
    ("Deductblo", "Deductible"), ("Emergency Roam", "Emergency Room"),
    ("OFFICE VISI", "OFFICE VISIT"), ("Conwrance", "Coinsurance"), ("Urgent Care", "Urgent Care"),
])
def test_a_benefit_misread_is_spelled_as_printed(read: str, printed: str) -> None:
    assert copays(f"{read} $500") == [(printed, "$500")]


def test_a_copay_whose_dollar_sign_ocr_lost_or_misread() -> None:
    text = """
Office Visit      Specialist     Coinsurance
40                \u201c$80          20
PCP S25
"""
    got = lists_of(text).copays
    assert [(c.benefit, c.amount) for c in got] == [
        ("Office Visit", "$40"), ("Specialist", "$80"), ("PCP", "$25")]
    assert got[0].confidence < got[1].confidence  # the $ of $40 was not seen


def test_a_speck_over_an_amount_is_no_head() -> None:
    def word(text: str, left: float, top: float, right: float, bottom: float) -> OcrWord:
        return OcrWord(text, Box(left, top, right, bottom), 0.95, line=int(top))
    page = OcrPage((word("PCP", 524, 323, 560, 334), word("7", 522, 335, 527, 337),
                    word("$10", 526, 342, 571, 364)), 1011, 638)
    got = read_lists([("front", page)]).copays
    assert [(c.benefit, c.amount) for c in got] == [("PCP", "$10")]

# --- dependents -----------------------------------------------------------------------------


def test_dependents_with_suffixes_ordered_by_suffix() -> None:
    text = """
Member: JOHN Q SAMPLE 01
Dependents:
03 JIM SAMPLE
02 JANE Q SAMPLE
Group: 123456
"""
    assert dependents(text) == [("JANE Q SAMPLE", "02"), ("JIM SAMPLE", "03")]


def test_dependents_with_the_suffix_after_the_name() -> None:
    text = """
Dependents
JANE Q SAMPLE 02
JIM SAMPLE 03
"""
    assert dependents(text) == [("JANE Q SAMPLE", "02"), ("JIM SAMPLE", "03")]


def test_dependents_without_suffixes_and_not_the_member_above() -> None:
    text = """
JOHN Q SAMPLE
Covered Members
Jane Sample
Jim Sample
ID: W123456789
"""
    assert dependents(text) == [("Jane Sample", None), ("Jim Sample", None)]


def test_no_dependents_label_no_dependents() -> None:
    assert dependents("Member\nJOHN Q SAMPLE\nJANE Q SAMPLE") == []


def test_a_dependent_after_a_speck_and_a_dashed_label() -> None:
    assert dependents("Dependents -\n. LUNA B TRAN") == [("LUNA B TRAN", None)]


def test_a_dependent_ocr_cut_in_two_and_a_dot_for_a_space() -> None:
    text = """
COVERED MEMBERS.
OKONKWO,   EARL S
MINH.S REYES
"""
    assert dependents(text) == [("OKONKWO, EARL S", None), ("MINH S REYES", None)]

# --- claims address -------------------------------------------------------------------------


def test_claims_address_across_two_lines_not_the_vision_plans_above() -> None:
    text = """
For Vision call EyeMed Vision 1-866-555-0101
EyeMed Vision P.O. Box 8504, Mason, OH 45040-7111
Send claims to:
Aetna, P.O. Box 981106
El Paso, TX 79998-1106
Member Services 1-800-555-0100
"""
    assert claims_address(text) == "Aetna, P.O. Box 981106, El Paso, TX 79998-1106"


def test_claims_address_with_the_payee_after_the_label() -> None:
    text = """
Claims: UMR,
P.O. Box 30541
Salt Lake City, UT 84130-0541
"""
    assert claims_address(text) == "UMR, P.O. Box 30541, Salt Lake City, UT 84130-0541"


def test_claims_address_under_a_blank_line() -> None:
    text = """
Medical Claims:

PO Box 182223, Chattanooga, TN 37422-7223
"""
    got = lists_of("Front", text).claims_address
    assert got is not None and got.value == "PO Box 182223, Chattanooga, TN 37422-7223"
    assert (got.name, got.label, got.side) == ("claims_address", "Medical Claims", "back")


def test_a_city_line_with_no_box_or_street_is_no_address() -> None:
    assert claims_address("Claims:\nProcessed by Acme Benefits\nAustin, TX 78701") is None


def test_claims_in_running_text_or_with_a_phone_is_no_address() -> None:
    text = """
Pharmacists: for claims processing questions call the pharmacy help desk.
Claims: 1-800-555-0100
"""
    assert claims_address(text) is None
    assert phones(text) == [("claims", "Claims", "1-800-555-0100")]


@pytest.mark.parametrize("label", [
    "Clalms:", "Claime:", "Send daims to:", "Mail calms ta:", "Submit dais to:",
    "Send claims to.", "Mail claims to!", "CLAIMS", "Claims;",
])
def test_claims_label_as_ocr_misreads_it(label: str) -> None:
    text = f"{label} Humana, P.O. Box 14601\nLexington, KY 40512-4601"
    assert claims_address(text) == "Humana, P.O. Box 14601, Lexington, KY 40512-4601"


@pytest.mark.parametrize("label", [
    "Vision claims:", "Pharmacy claims:", "Send correspondence to:", "Claims Payer ID:",
])
def test_an_address_of_another_matter_is_no_claims_address(label: str) -> None:
    assert claims_address(f"{label} Acme, P.O. Box 14601\nLexington, KY 40512") is None


def test_claims_inquiries_phone_then_the_claims_address() -> None:
    text = """
Claims Inquiri
800-38} 5-0558
Submit claims to: oscar, P.O. Box 82088
Omaha, NE 73554
"""
    assert claims_address(text) == "oscar, P.O. Box 82088, Omaha, NE 73554"


def test_claims_label_alone_in_its_column_beside_the_address() -> None:
    text = """
Claim:     oscar, P.O. Box 44392
Fresno, CA 92430
"""
    assert claims_address(text) == "oscar, P.O. Box 44392, Fresno, CA 92430"


def test_a_long_payee_name() -> None:
    text = """
Claims: Blue Cross and Blue Shield of North Carolina, P.O. Box 73466
Omaha, NE 87983
"""
    assert claims_address(text) == (
        "Blue Cross and Blue Shield of North Carolina, P.O. Box 73466, Omaha, NE 87983")


@pytest.mark.parametrize(("read", "printed"), [
    ("Humana, RO. Box 6416\nAlbany, NY 12205.", "Humana, P.O. Box 6416, Albany, NY 12205"),
    ("Humana, P.0. Box:6416\nAlbany, NY- 12205", "Humana, P.O. Box 6416, Albany, NY- 12205"),
    ("Humana, PD. Box S4876\nAlbany, NY 12205 -", "Humana, P.O. Box 54876, Albany, NY 12205"),
    ("Humana, P.O, Bax 69538\nFresno, CA.79252", "Humana, P.O. Box 69538, Fresno, CA.79252"),
    ("Humana, PO Box 6416\nAlbany, NY 12205", "Humana, PO Box 6416, Albany, NY 12205"),
    # wide seed 777, 0268/0270: the first dot read as an R
    ("Humana, PRO. Box 311914\nAtlanta, GA 30331", "Humana, P.O. Box 311914, Atlanta, GA 30331"),
])
def test_claims_address_as_ocr_mars_it(read: str, printed: str) -> None:
    assert claims_address(f"Claims: {read}") == printed


def test_claims_address_lines_set_loosely() -> None:
    # Lines 2.65 heights apart (a gap of 1.65 heights), the box after a slash.
    words = [OcrWord(t, Box(55 + 110 * k, top, 150 + 110 * k, top + 20), 0.95, line=line)
             for line, (top, texts) in enumerate([
                 (282, ["Mail", "claims", "to:", "Oxford,", "P.O.", "Box/213645"]),
                 (335, ["Atlanta,", "GA", "30307-9554"])])
             for k, t in enumerate(texts)]
    got = read_lists([("back", OcrPage(tuple(words), 1011, 638))]).claims_address
    assert got is not None and got.value == "Oxford, P.O. Box 213645, Atlanta, GA 30307-9554"


def test_claims_address_lines_ocr_cut_at_wide_gaps() -> None:
    text = """
Mail claims to: ambetter, P.0.   Box. 77333
Phoenix,.   AZ. 08982
"""
    assert claims_address(text) == "ambetter, P.O. Box 77333, Phoenix,. AZ. 08982"


def test_the_one_address_whose_label_ocr_lost() -> None:
    remnant = "ms: UnitedHealthcare, P.O. Box 18828\nTampa, FL 51892"
    got = lists_of("Front", remnant).claims_address
    assert got is not None and got.value == "UnitedHealthcare, P.O. Box 18828, Tampa, FL 51892"
    assert got.confidence <= 0.5 and got.label == ""
    indented = "      UMR, P.O. Box 94877\nDayton, OH 54246"
    assert claims_address(indented) == "UMR, P.O. Box 94877, Dayton, OH 54246"
    remnant_marks = "      s Florida Blue, P.O. Box 699590\nLexington, KY 40589"
    assert claims_address(remnant_marks) == "Florida Blue, P.O. Box 699590, Lexington, KY 40589"


def test_an_unlabelled_address_that_may_be_no_claims_address() -> None:
    # Printed as it is (no room for a label), another plan's, or one of two.
    assert claims_address("Acme Health, 200 Oceangate\nLong Beach, CA 90802") is None
    assert claims_address("ms: EyeMed Vision, P.O. Box 8504\nMason, OH 45040") is None
    two = "ms: Acme, P.O. Box 1\nMason, OH 45040\n\nms: Acme, P.O. Box 2\nMason, OH 45040"
    assert claims_address(two) is None

def test_zero_height_boxes_give_no_items_and_end() -> None:
    """OCR's degenerate boxes lie 'under' themselves and each other: no walk down a list
    revisits one."""
    texts = ["Dependents", "JANE", "SAMPLE", "Send", "claims", "to:"]
    words = tuple(OcrWord(t, Box(20 + 100 * k, 50, 90 + 100 * k, 50), 0.9, line=k)
                  for k, t in enumerate(texts))
    got = read_lists([("back", OcrPage(words, 1011, 638))])
    assert got.dependents == () and got.claims_address is None


# --- the JSON result ------------------------------------------------------------------------


def result_json(front: str, back: str) -> dict[str, Any]:
    pages: list[tuple[Side, OcrPage]] = [("front", fakes.page(front)), ("back", fakes.page(back))]
    r = interpret(pages, has_back=True)
    return to_json(CardResult(
        card="lists", carrier=r.carrier, fields=r.fields, distractors=r.distractors,
        portal=r.portal, reasons=r.reasons, lists=read_lists(pages)))


FRONT = """
aetna
Member: JOHN Q SAMPLE
ID: W123456789
Group: 866081-030-00001
Dependents:
JANE Q SAMPLE 02
PCP $25          Specialist $50
"""
BACK = """
Member Services 1-800-555-0100
Send claims to: Aetna, P.O. Box 981106
El Paso, TX 79998-1106
"""


def test_a_result_with_lists_validates_against_the_schema() -> None:
    out = result_json(FRONT, BACK)
    assert errors(out) == []
    assert [(d["name"], d["suffix"]) for d in out["dependents"]] == [("JANE Q SAMPLE", "02")]
    assert [(c["benefit"], c["amount"]) for c in out["copays"]] == [
        ("PCP", "$25"), ("Specialist", "$50")]
    assert [(p["purpose"], p["number"]) for p in out["phones"]] == [
        ("member_services", "1-800-555-0100")]
    address = out["fields"]["claims_address"]
    assert address["value"] == "Aetna, P.O. Box 981106, El Paso, TX 79998-1106"
    assert address["side"] == "back" and len(address["polygon"]) == 4
    for item in out["dependents"] + out["copays"] + out["phones"]:
        assert {"side", "polygon", "confidence"} <= set(item)
        assert 0 < item["confidence"] <= 1


def test_lists_a_card_does_not_print_are_absent() -> None:
    out = result_json("aetna\nID: W123456789", "Visit aetna.com")
    assert not {"dependents", "copays", "phones"} & set(out)
    assert "claims_address" not in out["fields"]
    assert errors(out) == []


# --- drawn cards, real Tesseract ------------------------------------------------------------

DRAWN_FRONT = [
    Ink(50, 40, "Summit Health Plan", 48, "sans-bold", (0, 90, 60)),
    Ink(50, 150, "Member: JOHN Q SAMPLE", 30),
    Ink(50, 200, "ID: SHP123456789", 30),
    Ink(50, 290, "Dependents:", 28, "sans-bold"),
    Ink(50, 330, "02 JANE Q SAMPLE", 28),
    Ink(50, 370, "03 JIM SAMPLE", 28),
    # A table of two columns, each a benefit with its amount in a column of its own.
    Ink(50, 470, "PCP", 28), Ink(270, 470, "$25", 28),
    Ink(480, 470, "Specialist", 28), Ink(740, 470, "$50", 28),
    Ink(50, 520, "Urgent Care", 28), Ink(270, 520, "$75", 28),
    Ink(480, 520, "ER", 28), Ink(740, 520, "$250", 28),
]
DRAWN_BACK = [
    Ink(40, 40, "Members: call the number below with questions about your coverage.", 22),
    Ink(40, 110, "Member Services: 1-800-555-0142", 28),
    Ink(40, 160, "Behavioral Health: (877) 555-0199", 28),
    Ink(40, 210, "24/7 Nurse Line", 28),
    Ink(40, 250, "1-866-555-0177", 28),
    Ink(40, 340, "Send claims to:", 28, "sans-bold"),
    Ink(40, 380, "Summit Health, P.O. Box 30541", 28),
    Ink(40, 420, "Salt Lake City, UT 84130-0541", 28),
]


@pytest.mark.tesseract
def test_drawn_card_lists_read_by_tesseract() -> None:
    result = process_card(card_png(DRAWN_FRONT), card_png(DRAWN_BACK))
    assert result.lists is not None
    got = result.lists
    assert [(c.benefit, c.amount, c.side) for c in got.copays] == [
        ("PCP", "$25", "front"), ("Specialist", "$50", "front"),
        ("Urgent Care", "$75", "front"), ("ER", "$250", "front")]
    assert [(d.name, d.suffix) for d in got.dependents] == [
        ("JANE Q SAMPLE", "02"), ("JIM SAMPLE", "03")]
    assert [(p.purpose, p.label, p.number, p.side) for p in got.phones] == [
        ("member_services", "Member Services", "1-800-555-0142", "back"),
        ("behavioral_health", "Behavioral Health", "(877) 555-0199", "back"),
        ("nurse_line", "24/7 Nurse Line", "1-866-555-0177", "back"),
    ]
    assert got.claims_address is not None
    assert got.claims_address.value == (
        "Summit Health, P.O. Box 30541, Salt Lake City, UT 84130-0541")
    assert errors(to_json(result)) == []


# --- the real Cigna card --------------------------------------------------------------------


@pytest.mark.tesseract
@pytest.mark.skipif(
    not CIGNA_FRONT.is_file() or not CIGNA_BACK.is_file(),
    reason=f"real sample cards not found at {REAL_SAMPLES} (../shared/real-samples)")
def test_real_cigna_card_lists() -> None:
    out = to_json(process_card(CIGNA_FRONT, CIGNA_BACK))
    assert errors(out) == []
    assert [(c["benefit"], c["amount"], c["side"]) for c in out["copays"]] == [
        ("Primary Care", "$25", "front"), ("Specialist", "$50", "front"),
        ("Urgent Care", "$15", "front"), ("ER", "$150", "front")]
    assert [(p["purpose"], p["number"], p["side"]) for p in out["phones"]] == [
        ("other", "1-877-478-7557", "back"),
        ("member_services", "1-800-244-6224", "back")]
    assert out["phones"][1]["label"] == "Customer Service"
    address = out["fields"]["claims_address"]
    assert address["value"] == "P.O. Box 182223, Chattanooga, TN 37422-7223"
    assert address["side"] == "back"
    assert "dependents" not in out


# --- print lost and a second reading ----------------------------------------------------------


def test_a_generic_label_joins_its_first_word_set_wide_apart() -> None:
    # Spaced capitals: OCR cuts 'PROVIDER   LINE:' at the gap; 'LINE' alone names nothing.
    assert phones("PROVIDER   LINE: 1-855-352-7475") == [
        ("provider_services", "PROVIDER LINE", "1-855-352-7475")]
    # A word a column away is no part of it: the number's purpose stays unknown.
    assert phones("Group 12345              Services: 1-800-555-0100") == []


def test_a_speck_before_a_number_is_no_label() -> None:
    assert phones("PCP Phone\n_@0.3 (726) 366-4348") == [
        ("other", "PCP Phone", "(726) 366-4348")]


def test_an_address_whose_city_was_lost_is_none() -> None:
    assert claims_address(
        "Send claims to: Acme Health, P.O. Box 902201\nPhoenix, AZ 85000-3922") == (
        "Acme Health, P.O. Box 902201, Phoenix, AZ 85000-3922")
    assert claims_address("Send claims to: Acme Health, P.O. Box 902201\nAZ 85000-3922") is None


@pytest.mark.parametrize(("text", "lost"), [
    ("Member Services: 1-8", True),  # a number cut short
    ("Advice Nurse: (87", True),
    ("Member Services: 1-800-555-0100\nPharmacy Help Desk:", True),  # its number gone
    ("Primary Care  $25\nCara  $75", True),  # an amount whose benefit was lost
    ("Claims: Acme Health, P.O. Box 12345", True),  # an address cut short
    ("Member Services: 1-800-555-0100\nClaims: Acme, P.O. Box 12345\nAlbany, NY 12205", False),
    ("Member ID:\n912345678", False),  # a field's label over its value
    ("Pharmacy Help Desk:\n1-800-555-0199", False),  # the number under its label
    ("Effective 01/01/2024", False),
])
def test_print_lost(text: str, lost: bool) -> None:
    assert (lost_sides([("back", fakes.page(text))]) == {"back"}) is lost


def _phone(number: str, confidence: float) -> Phone:
    return Phone("member_services", "Member Services", number, "back", Box(0, 0, 9, 9),
                 confidence)


def test_each_list_from_the_reading_with_more_of_it() -> None:
    one = _phone("1-800-555-0100", 0.9)
    first = CardLists(phones=(one,))
    again = CardLists(phones=(one, _phone("1-800-555-0199", 0.9)))
    assert better_lists(first, again).phones == again.phones
    assert better_lists(again, first).phones == again.phones  # fewer items: kept
    # An item read unsure (blurred print) counts for nothing.
    unsure = CardLists(phones=(one, _phone("1-300-555-0199", 0.3)))
    assert better_lists(first, unsure).phones == first.phones


def test_a_side_is_read_again_only_where_print_was_lost() -> None:
    class Engine:
        def __init__(self, text: str) -> None:
            self.text, self.reads = text, 0

        def recognize(self, image: Any, **kwargs: Any) -> OcrPage:
            self.reads += 1
            assert kwargs.get("local_threshold") is True
            return fakes.page(self.text)

    def side(text: str) -> SideRead:
        return SideRead("back", None, None, None, fakes.page(text), None)  # type: ignore[arg-type]

    engine = Engine("Member Services: 1-800-555-0100\nNurse Line: 1-800-555-0177")
    got = process_read_lists([side("Member Services: 1-800-555-0100\nNurse Line: 1-8")],
                             engine)  # type: ignore[arg-type]
    assert [p.number for p in got.phones] == ["1-800-555-0100", "1-800-555-0177"]
    assert engine.reads == 1
    engine.reads = 0
    process_read_lists([side("Member Services: 1-800-555-0100")], engine)  # type: ignore[arg-type]
    assert engine.reads == 0


def test_humanas_one_letter_benefits() -> None:
    # Humana's column 'OV / S / UCC / ER': OCR reads the lone bold S twice ('Ss').
    assert copays("OV  $25\nSs  $50\nUCC  $75\nER  $300") == [
        ("OV", "$25"), ("S", "$50"), ("UCC", "$75"), ("ER", "$300")]


def test_a_dependents_middle_initial_read_as_a_stroke_or_glued() -> None:
    text = "Dependents:\nJOSHUA | ROBERTS\nANDREW E\\NAKAMURA"
    assert dependents(text) == [("JOSHUA I ROBERTS", None), ("ANDREW E NAKAMURA", None)]


def test_an_addresss_capital_i_and_small_l_swapped_in_mixed_case() -> None:
    assert claims_address(
        "Send claims to: lronwood Mutual, P.O. Box 5520\nEI Paso, TX 79903-8685") == (
        "Ironwood Mutual, P.O. Box 5520, El Paso, TX 79903-8685")
    assert claims_address("Send claims to: Aetna, P.O. Box 5520\nDetroit, MI 48201") == (
        "Aetna, P.O. Box 5520, Detroit, MI 48201")


def test_a_second_readings_phone_adds_only_a_new_number_with_a_named_purpose() -> None:
    one = _phone("1-800-555-0100", 0.9)
    guess = Phone("other", "J Line", "1-888-555-0166", "back", Box(0, 0, 9, 9), 0.95)
    tty = Phone("other", "TTY", "1-844-555-0127", "back", Box(0, 0, 9, 9), 0.95)
    again = CardLists(phones=(_phone("1-800-555-0100", 0.95), guess, tty))
    assert better_lists(CardLists(phones=(one,)), again).phones == (one, tty)


def test_a_generic_label_joins_no_remnant_that_names_no_purpose() -> None:
    # What OCR left of 'Nurse Line' and 'Pharmacy Help Desk': no purpose, no phone.
    assert phones("J   Line: 1-888-876-9460\nAC   Help Desk: 1-844-298-4108") == []
