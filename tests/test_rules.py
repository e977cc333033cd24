"""Every seed rule as a template case: OCR text in, carrier, fields, portal and review out.

Expected values are the seed's (../shared/seeds/) and the contract's, not the pipeline's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

import pytest

from pipeline import carrier, fields
from pipeline.config import Config
from pipeline.process import Interpretation, PageMemo, interpret, zeros_among_digits
from pipeline.templates import load_templates
from pipeline.types import Box, FieldReading, OcrPage, OcrWord, Side, SideRead
from tests.fakes import codes, kinds, page, read, value

AETNA = """
aetna      Aetna Choice POS II
Member      JOHN Q SAMPLE
ID  W213769935
GRP#  866081-030-00001        BIN#  610502
                              PCN  ADV
Payer Number  60054           GRP  RX8834
"""

BACK = """
Member Services  1-888-555-0142
Claims: PO Box 981106 El Paso TX 79998
"""


def test_aetna_group_gives_its_first_six_digits_to_the_portal() -> None:
    r = read(AETNA, BACK)
    assert r.carrier.template_id == "aetna"
    assert value(r, "member_id") == "W213769935"
    assert value(r, "group_number") == "866081-030-00001"
    assert r.portal["group_number"] == "866081"
    assert r.portal["insurance_provider"] == "Aetna"
    assert value(r, "rx_bin") == "610502"
    assert value(r, "payer_id") == "60054"
    assert r.reasons == ()


def test_a_cards_page_memo_searches_each_page_once_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = {"identify": 0, "read_side": 0}

    def counted(name: str, f: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            calls[name] += 1
            return f(*args)
        return wrapper

    monkeypatch.setattr(carrier, "identify", counted("identify", carrier.identify))
    monkeypatch.setattr(fields, "read_side", counted("read_side", fields.read_side))
    front, back = page(AETNA), page(BACK)
    memo = PageMemo()
    first = interpret([("front", front), ("back", back)], has_back=True, memo=memo)
    override = replace(first.fields["member_id"], confidence=0.5)
    again = interpret([("front", front), ("back", back)], has_back=True, memo=memo,
                      overrides={"member_id": override})
    assert calls == {"identify": 1, "read_side": 2}
    # A side read again is a new page: searched anew, the other side's kept.
    reread = replace(back, words=back.words[:-1])
    interpret([("front", front), ("back", reread)], has_back=True, memo=memo)
    assert calls == {"identify": 2, "read_side": 3}
    plain = interpret([("front", front), ("back", back)], has_back=True,
                      overrides={"member_id": override})
    assert again == plain and again.fields["member_id"].confidence == 0.5


def test_oxford_beats_unitedhealthcare_branding() -> None:
    card = """
OXFORD Health Plans            UnitedHealthcare
Member ID:  912345678          Group Number:  654321
Health Plan (80840)  911-87726-04
"""
    r = read(card, BACK)
    assert r.carrier.template_id == "oxford"
    assert r.portal["insurance_provider"] == "Oxford"
    assert r.carrier.runner_up == "unitedhealthcare"
    assert value(r, "member_id") == "912345678"
    assert r.portal["group_number"] == "654321"


def test_unitedhealthcare_health_plan_number_is_a_distractor() -> None:
    card = """
UnitedHealthcare
Health Plan (80840)   911-87726-04
Member ID:  123456789
Group Number:  98765
Payer ID  87726      Rx Bin  610279    Rx Grp  UHEALTH
"""
    r = read(card, BACK)
    assert r.carrier.template_id == "unitedhealthcare"
    assert value(r, "member_id") == "123456789"
    assert value(r, "group_number") == "98765"
    assert r.portal["group_number"] == "XXXXXX"
    assert value(r, "rx_group") == "UHEALTH"
    assert [(d.kind, d.value) for d in r.distractors if d.kind == "health_plan"] == [
        ("health_plan", "911-87726-04")
    ]
    assert value(r, "payer_id") == "87726"


def test_umr_issuer_is_a_distractor_and_umr_beats_its_uhc_network() -> None:
    card = """
UMR        UnitedHealthcare Choice Plus
Issuer (80840)  9101003777
Member ID  123456789
Group Number  76-123456
"""
    r = read(card, BACK)
    assert r.carrier.template_id == "umr"
    assert value(r, "member_id") == "123456789"
    assert value(r, "group_number") == "76-123456"
    assert r.portal["group_number"] == "XXXXXX"
    assert ("issuer", "9101003777") in [(d.kind, d.value) for d in r.distractors]


def test_oscar_id_found_without_a_label_and_missing_group_needs_no_review() -> None:
    card = """
oscar
JANE DOE
OSC12345678
Plan: Bronze Classic
"""
    r = read(card, BACK)
    assert r.carrier.template_id == "oscar"
    assert value(r, "member_id") == "OSC12345678"
    assert "group_number" not in r.fields
    assert r.portal["group_number"] == "XXXXXX"
    assert r.reasons == ()


def test_a_blue_plans_prefix_printed_apart_is_found_without_a_label() -> None:
    # The column head over the ID read as nothing like a label ('kino,' for 'ID No.'):
    # the Texas plan's ID format (three letters, nine digits) still finds it, prefix joined.
    r = read("BlueCross BlueShield of Texas\nNome   kino,   Grp no\n"
             "ADRIAN C SINGH   ZIB 701811788   63577115\n")
    assert value(r, "member_id") == "ZIB701811788"


def test_a_letter_o_among_digits_is_a_zero() -> None:
    r = read("UnitedHealthcare\nMember ID: 038438662\nGROUP NUMBER   O7111\n")
    assert value(r, "group_number") == "O7111"  # what the page says; the check comes after
    assert zeros_among_digits(r)["group_number"].value == "07111"
    assert not zeros_among_digits(read("Aetna\nID: W123456789\nGroup: 0O\n"))


def test_a_plan_word_that_starts_a_longer_label_is_no_label() -> None:
    # 'MEDICAID' (a plan's name) is not a fuzzy 'Medicaid ID': its value is not taken.
    r = read("Sunshine Health\nMEDICAID   AMH530\nRx BIN: 004336\n")
    assert value(r, "member_id") is None


def test_student_resources_policy_is_the_group_not_the_parenthesised_digits() -> None:
    card = """
UnitedHealthcare StudentResources
University of Northern Example
SR ID#:  S12345678
Policy #:  2020-451-1 (2020451)
"""
    r = read(card, BACK)
    assert r.carrier.template_id == "uhc_student_resources"
    assert value(r, "member_id") == "S12345678"
    assert value(r, "group_number") == "2020-451-1"
    assert value(r, "school_name") == "University of Northern Example"
    assert ("policy_parenthesized", "(2020451)") in [(d.kind, d.value) for d in r.distractors]
    assert "school_name_needed" not in codes(r)


def test_student_resources_without_school_needs_review() -> None:
    card = """
UnitedHealthcare StudentResources
SR ID#:  S12345678
Policy #:  2020-451-1 (2020451)
"""
    r = read(card, BACK)
    assert r.carrier.template_id == "uhc_student_resources"
    assert codes(r) == {"school_name_needed"}


def test_student_resources_with_a_school_name_read_poorly_needs_review() -> None:
    # 13131's 0139: 'Mil y Co m Unity College' read at 0.50 is no school name found.
    card = """
UnitedHealthcare StudentResources
University@0.3 of@0.3 Northern@0.3 Example@0.3
SR ID#:  S12345678
Policy #:  2020-451-1 (2020451)
"""
    r = read(card, BACK)
    assert value(r, "school_name") == "University of Northern Example"
    assert r.fields["school_name"].confidence < Config().school_min_confidence
    assert "school_name_needed" in codes(r)


@pytest.mark.parametrize("brand", ["Anthem BlueCross BlueShield", "Empire BlueCross BlueShield"])
def test_anthem_and_its_former_name_empire(brand: str) -> None:
    card = f"""
{brand}
Member ID  ETRBJ1234567
Group No.  720902MF2A
RxBIN 020099   RxPCN IS   RxGRP WLHA
"""
    r = read(card, BACK)
    assert r.carrier.template_id == "anthem"
    assert r.portal["insurance_provider"] == "Anthem Blue Cross and Blue Shield"
    assert value(r, "member_id") == "ETRBJ1234567"
    assert value(r, "group_number") == "720902MF2A"
    assert value(r, "rx_group") == "WLHA"
    assert r.portal["group_number"] == "XXXXXX"


@pytest.mark.parametrize(
    ("card", "carrier"),
    [
        ("Cigna\nID: U6478204\nGroup: 00699999\n", "cigna"),
        ("Anthem BlueCross BlueShield\nMember ID  ETRBJ1234567\nGroup No.  720902MF2A\n",
         "anthem"),
    ],
)
def test_cigna_and_blue_cross_need_the_back(card: str, carrier: str) -> None:
    without = read(card)
    assert without.carrier.template_id == carrier
    assert "back_image_required" in codes(without)
    assert "back_image_required" not in codes(read(card, BACK))


def test_cigna_issuer_without_digits_is_not_a_member_id() -> None:
    card = """
Cigna Health and Life Insurance Co.
Group: 3332525
Issuer #: (80840)
ID: U6478204
Name: Walt Witman
"""
    r = read(card, BACK)
    assert value(r, "member_id") == "U6478204"
    assert value(r, "group_number") == "3332525"
    assert value(r, "member_name") == "Walt Witman"
    assert r.portal["first_name"] == "Walt"
    assert r.portal["last_name"] == "Witman"


@pytest.mark.parametrize(
    ("member_label", "group_label"),
    [("Member ID", "Group"), ("Identification #", "Group No."), ("Subscriber ID", "GRP#"),
     ("ID", "Group Number")],
)
def test_generic_card_reads_the_usual_labels(member_label: str, group_label: str) -> None:
    card = f"""
Summit Mutual Health Plan
{member_label}:  ZX4417729
{group_label}:  P55201
Payer ID  77013
"""
    r = read(card, BACK)
    assert r.carrier.template_id is None
    assert r.portal["insurance_provider"] is None
    assert value(r, "member_id") == "ZX4417729"
    assert value(r, "group_number") == "P55201"
    assert r.portal["group_number"] == "P55201"
    assert "carrier_unknown" in codes(r)


def test_value_below_its_label() -> None:
    card = """
UnitedHealthcare
Member ID        Group Number
123456789        98765
"""
    r = read(card, BACK)
    assert value(r, "member_id") == "123456789"
    assert value(r, "group_number") == "98765"


def test_unlabelled_id_that_fits_only_once_repaired_is_found_but_reviewed() -> None:
    """A shaken Oscar card: its label unreadable, its ID read with a letter O for a zero.
    The repair is unique (OSC then digits), but an unlabelled repaired value could as well
    be another look-alike (S for 8), so it goes to review."""
    card = """
oscar
Mason Q Nelson
vsme 10  OSCO8082119
"""
    r = read(card, BACK)
    assert value(r, "member_id") == "OSC08082119"
    assert "member_id_uncertain" in codes(r)


def test_a_blurred_colon_read_as_a_dash_still_ends_a_label() -> None:
    r = read("KAISER PERMANENTE\nMASON F NGUYEN\nMRN-  53171720\n", BACK)
    assert value(r, "member_id") == "53171720"
    assert r.fields["member_id"].label == "MRN"


def test_glued_label_and_value() -> None:
    r = read("aetna\nID:W213769935\nGRP#866081-030-00001\n", BACK)
    assert value(r, "member_id") == "W213769935"
    assert value(r, "group_number") == "866081-030-00001"


def test_a_value_glued_to_a_labels_last_word_in_lower_case() -> None:
    # The second engine boxes a label and its value on one line as one word, the space
    # lost (7171's 0102: 'Identification number747543107'). A word of capitals and digits
    # is one code, not a label and its value.
    r = read("unitedhealthcare\nIdentification number747543107\nGrp  97171\n", BACK)
    assert value(r, "member_id") == "747543107"
    r = read("unitedhealthcare\nMember ID  X12345678\nPlan2024\nGROUP12345\n", BACK)
    assert value(r, "member_id") == "X12345678"
    assert value(r, "group_number") != "12345"


def test_a_plan_id_is_never_the_member_id_nor_the_group() -> None:
    # 8080's 0059: 'Plan ID' read 'Plan !D' in motion blur over a Marketplace plan ID,
    # taken for the member ID at 0.86 while the card's own 'Enrolice ID' stood beside it.
    r = read("Zorblax Wellness\nPlan !D\n20867NY2723811\n", BACK)
    assert value(r, "member_id") is None
    r = read("Zorblax Wellness\nMember ID  20867NY2723811\nGroup  20867NY2723811\n", BACK)
    assert value(r, "member_id") is None and value(r, "group_number") is None


def test_low_confidence_member_id_goes_to_review() -> None:
    r = read("aetna\nID  W213769935@0.35\nGRP#  866081-030-00001\n", BACK)
    assert value(r, "member_id") == "W213769935"
    assert "member_id_uncertain" in codes(r)


def test_member_id_breaking_the_carrier_format_goes_to_review() -> None:
    r = read("aetna\nID  W2137!#69935\nGRP#  866081-030-00001\n", BACK)
    assert "member_id_uncertain" in codes(r) or "member_id_missing" in codes(r)


def test_no_member_id_at_all() -> None:
    r = read("aetna\nGRP#  866081-030-00001\n", BACK)
    assert "member_id_missing" in codes(r)
    assert r.portal["member_id"] is None


def test_payer_id_is_never_the_member_id() -> None:
    r = read("UnitedHealthcare\nPayer ID  87726\nGroup Number  98765\n", BACK)
    assert "member_id" not in r.fields
    assert value(r, "payer_id") == "87726"


def test_empire_plan_is_not_empire_blue_cross() -> None:
    card = """
The Empire Plan          UnitedHealthcare
Member ID  123456789
Group Number  654321
"""
    r = read(card, BACK)
    assert r.carrier.template_id == "unitedhealthcare"


def test_similar_multi_word_names_do_not_match() -> None:
    r = read("Prairie Star Health\nMember ID  G55450941\nGroup  819452\n", BACK)
    assert r.carrier.template_id is None
    assert value(r, "member_id") == "G55450941"


def test_group_split_by_ocr_at_a_hyphen_is_joined() -> None:
    r = read("UMR\nMember ID  123456789\nGroup Number  76 -123456\n", BACK)
    assert value(r, "group_number") == "76-123456"


def test_misread_label_takes_the_rule_its_value_fits() -> None:
    # "in:" is one letter from both ID and BIN; the Aetna member ID fits only ID's pattern.
    r = read("aetna\nin:  W787345395\nGRP#  835081-801-58879\n", BACK)
    assert value(r, "member_id") == "W787345395"
    assert "rx_bin" not in r.fields


def test_blue_plan_member_id_in_column_headers_is_joined_with_its_prefix() -> None:
    card = """
Anthem BlueCross BlueShield
Prefix    Identification #    Suffix
XOF       123456789           01
Group No.  720902MF2A
"""
    r = read(card, BACK)
    assert value(r, "member_id") == "XOF123456789"
    assert value(r, "member_id_prefix") == "XOF"
    assert value(r, "member_id_suffix") == "01"
    assert r.portal["member_id"] == "XOF123456789"
    assert not {x.code for x in r.reasons} & {"member_id_uncertain", "member_id_missing"}


def test_member_id_already_holding_its_prefix_is_not_doubled() -> None:
    card = """
Anthem BlueCross BlueShield
Prefix  XOF
Member ID  XOF123456789
"""
    r = read(card, BACK)
    assert value(r, "member_id") == "XOF123456789"


def test_dependant_card_names_the_policy_holder() -> None:
    card = """
UnitedHealthcare
Subscriber:  KENJI GARCIA-LOPEZ
Member:  NANCY I GARCIA-LOPEZ
Member ID:  123456789
Group Number:  98765
"""
    r = read(card, BACK)
    assert value(r, "member_name") == "NANCY I GARCIA-LOPEZ"
    assert value(r, "subscriber_name") == "KENJI GARCIA-LOPEZ"
    assert (r.portal["first_name"], r.portal["last_name"]) == ("NANCY", "GARCIA-LOPEZ")
    assert r.portal["patient_is_policy_holder"] == "no"
    assert r.portal["policy_holder_first_name"] == "KENJI"


def test_card_naming_only_its_subscriber_prefills_the_patient() -> None:
    r = read("UnitedHealthcare\nSubscriber:  ANA RUIZ\nMember ID:  123456789\n", BACK)
    assert (r.portal["first_name"], r.portal["last_name"]) == ("ANA", "RUIZ")
    assert "patient_is_policy_holder" not in r.portal
    assert value(r, "member_name") == "ANA RUIZ"  # the subscriber's own card


@pytest.mark.parametrize("other", ["Gender Male", "Grp No.\n123456"])
def test_a_label_and_its_value_are_no_other_person_beside_the_subscriber(other: str) -> None:
    """``Gender Male`` reads like a first and last name; a label's words are no one's, so
    the card still names only its subscriber, who is the member."""
    card = f"""
Oscar Health
Subscriber
NIKOLAI W GALLAGHER

{other}
Member ID No.  OSC54990257
"""
    r = read(card, BACK)
    assert value(r, "member_name") == "NIKOLAI W GALLAGHER"
    assert (r.portal["first_name"], r.portal["last_name"]) == ("NIKOLAI", "GALLAGHER")


def test_a_member_name_printed_large_under_the_logo_keeps_the_subscriber_apart() -> None:
    """Range 6666's 0309: ``CONNOR HUYNH`` under the logo at twice the body's height, and
    ``AARON NAVARRO`` under ``POLICY HOLDER``: two people are named, so the policy holder
    is not taken for the member."""
    text = """
BlueCross BlueShield of Illinois

CONNOR HUYNH
GENDER       POLICY HOLDER      CERTIFICATE #
M            AARON NAVARRO      YNJ876406797
GRP#
80358574
"""
    front = page(text)
    tall = [replace(w, box=replace(w.box, top=w.box.bottom - 2.1 * w.box.height))
            if w.text in ("CONNOR", "HUYNH") else w for w in front.words]
    r = interpret([("front", replace(front, words=tuple(tall)))], has_back=False)
    assert value(r, "subscriber_name") == "AARON NAVARRO"
    assert value(r, "member_name") is None


def test_a_name_whose_first_letter_was_read_as_a_bracket_keeps_the_subscriber_apart() -> None:
    """Range 1111's 0080: ``(SAAC A ZIMMERMAN`` under the logo (its I read ``(``) and
    ``DESHAWN M YAMAMOTO`` under ``Subscriber``: two people, the member not the subscriber.
    """
    card = """
Highmark Blue Shield
PPOBlue
{name}
Gender
Female
Subscriber
DESHAWN M YAMAMOTO
Member ID  OST3879489324
"""
    r = read(card.format(name="(SAAC A ZIMMERMAN"), BACK)
    assert value(r, "subscriber_name") == "DESHAWN M YAMAMOTO"
    assert value(r, "member_name") is None
    r = read(card.format(name="(80840) 9101"), BACK)
    assert value(r, "member_name") == "DESHAWN M YAMAMOTO"


def test_a_name_label_heading_a_list_is_not_the_members() -> None:
    """Range 6666's 0327: ``Covered Member:`` heads the dependants; the member is the name
    under the logo."""
    r = read("""
Providence Health Plan
CONNOR R ALVAREZ III
Identification No.     Group No.
619765136              G701745
Coverage Date          Covered Member:
04/01/2023             RAFAEL VASQUEZ
                       SUNIL A GALLAGHER
""", BACK)
    assert value(r, "member_name") != "RAFAEL VASQUEZ"


def test_a_list_whose_first_entry_was_misread_is_still_a_list_of_people() -> None:
    """``OWEN S H`` (its surname lost) reads as no name, yet ``OWEN J HALVORSEN`` under it
    is still one of the dependants headed ``DEPENDENTS``: no rival to the member's name."""
    r = read("""
Geisinger Health Plan
Gold PPO 1500
ELIJAH HUYNH
CERTIFICATE #
18279587192
DEPENDENTS
OWEN S H
OWEN J HALVORSEN
""", BACK)
    assert value(r, "member_name") == "ELIJAH HUYNH"


def test_a_name_under_a_dep_column_head_is_a_dependant() -> None:
    r = read("""
BlueCross BlueShield of Texas
Plan: Blue Choice PPO
John Q Member
LJR 000099999
Group      Employer           Dep
000999     CONTOSO SCHOOLS    Levi Seamus Macdonald
""", BACK)
    assert value(r, "member_id") == "LJR000099999"
    assert value(r, "member_name") == "John Q Member"
    assert (r.portal["first_name"], r.portal["last_name"]) == ("John", "Member")


def test_a_name_label_word_after_an_initial_is_the_surname_even_spaced_wide() -> None:
    """``MEMBER`` after the initial ``Q`` (a wide space between, a suffix after) is the
    surname of ``JOHN Q MEMBER SR``, not a second name label."""
    r = read("""
Cigna Healthcare
Member name   JOHN Q  MEMBER SR
Member ID  U00099999
""", BACK)
    assert value(r, "member_name") == "JOHN Q MEMBER SR"
    assert (r.portal["first_name"], r.portal["last_name"]) == ("JOHN", "MEMBER")


@pytest.mark.parametrize(("printed", "kept"), [
    ("CONNOR B BROOKS I", False),  # III cut to I: the name would be wrong
    ("SIOBHAN A ST JOHN IT", False),  # II or III
    ("BROOKS, CONNOR I", True),  # an initial after the given name
    ("JENSEN JACOB I", True),  # LAST FIRST M with its comma lost
])
def test_a_suffix_ocr_cut_short_leaves_the_name_out(printed: str, kept: bool) -> None:
    r = read(f"UnitedHealthcare\nName:  {printed}\nMember ID:  123456789\n", BACK)
    assert value(r, "member_name") == (printed if kept else None)


def test_a_surname_first_split_from_its_given_name_into_two_lines_is_one_name() -> None:
    """Tesseract put ``SVETLANA`` on a line of its own right after ``MACDONALD,`` on one
    row: the member's unlabelled name is the two together."""
    front = page("""
Anthem Blue Cross
Plan Pathway X HMO
MACDONALD,  SVETLANA
KET851871489
""")
    split = tuple(replace(w, line=99) if w.text == "SVETLANA" else w for w in front.words)
    r = interpret([("front", OcrPage(words=split, width=front.width, height=front.height)),
                   ("back", page(BACK))], has_back=True)
    assert value(r, "member_name") == "MACDONALD, SVETLANA"
    assert (r.portal["first_name"], r.portal["last_name"]) == ("SVETLANA", "MACDONALD")


def test_a_letter_after_the_suffix_is_a_speck_not_part_of_the_name() -> None:
    r = read("""
highmark BlueCross BlueShield
PPOBlue
EARL S WASHINGTON JR B
LUI 4632651884
""", BACK)
    assert value(r, "member_name") == "EARL S WASHINGTON JR"
    assert (r.portal["first_name"], r.portal["last_name"]) == ("EARL", "WASHINGTON")


def test_given_names_a_wide_space_after_the_surnames_comma_are_the_names_rest() -> None:
    """``BENNETT,`` boxed taller by its comma's tail, then ``LUNA J`` after a space wider
    than the smaller print's word space (Tesseract made it a line of its own)."""
    front = page("""
Quartz Health
Name  BENNETT,   LUNA J
Enrollee ID  B20010777
""")
    words = tuple(replace(w, box=Box(w.box.left, w.box.top, w.box.right, w.box.bottom + 6))
                  if w.text == "BENNETT," else w for w in front.words)
    r = interpret([("front", OcrPage(words=words, width=front.width, height=front.height)),
                   ("back", page(BACK))], has_back=True)
    assert value(r, "member_name") == "BENNETT, LUNA J"
    assert (r.portal["first_name"], r.portal["last_name"]) == ("LUNA", "BENNETT")


def test_card_printing_a_birth_date_and_sex_prefills_them() -> None:
    r = read("""
UnitedHealthcare
Member:  ANA RUIZ            DOB:  04/12/1986
Member ID:  912345678        Sex:  F
Group Number:  98765
""", BACK)
    assert r.portal["date_of_birth"] == "1986-04-12"
    assert r.portal["sex"] == "F"


@pytest.mark.parametrize(("printed", "sex"), [("Male", "M"), ("FEMALE", "F"), ("M", "M"),
                                              ("U", None), ("X", None)])
def test_portal_sex_is_m_or_f_from_what_the_card_prints(printed: str, sex: str | None) -> None:
    r = read(f"""
UnitedHealthcare
Member:  ANA RUIZ            Sex:  {printed}
Member ID:  912345678
""", BACK)
    assert value(r, "gender") == printed
    assert r.portal.get("sex") == sex


def test_a_two_digit_birth_year_gives_no_date_of_birth() -> None:
    r = read("""
UnitedHealthcare
Member:  ANA RUIZ            DOB:  04/12/86
Member ID:  912345678
""", BACK)
    assert value(r, "birth_date") == "04/12/86"  # read as printed, but incomplete
    assert "date_of_birth" not in r.portal
    assert "sex" not in r.portal  # not printed


@pytest.mark.parametrize("printed", ["Member:  the number below for", "Name:  Albany, NY"])
def test_a_sentence_or_a_city_after_a_name_label_is_no_name(printed: str) -> None:
    r = read(f"UnitedHealthcare\n{printed}\nMember ID:  123456789\n", BACK)
    assert "member_name" not in r.fields


@pytest.mark.parametrize(("printed", "name"), [
    ("JOHN Q SAMPLE Il", "JOHN Q SAMPLE II"), ("MINH XIONG lll", "MINH XIONG III"),
    ("Ludwig van Beethoven", "Ludwig van Beethoven"), ("SOLBERG, ADA", "SOLBERG, ADA")])
def test_names_keep_their_suffix_and_particles(printed: str, name: str) -> None:
    r = read(f"UnitedHealthcare\nMember:  {printed}\nMember ID:  123456789\n", BACK)
    assert value(r, "member_name") == name


@pytest.mark.parametrize("card", [
    "UnitedHealthcare\nName\nHAZEL J CASTILLO III\nMember ID:  123456789\n",
    "UnitedHealthcare\nName:  HAZEL J CASTILLO III\nMember ID:  123456789\n"])
def test_an_initial_boxed_inside_the_first_name_stays_a_word_of_the_name(card: str) -> None:
    """OCR drew ``HAZEL``'s box over ``HAZEL J`` (the J's own box inside it), under its
    label or right of it: the initial is neither lost nor glued to the first name."""
    front = page(card)
    words = list(front.words)
    first = next(i for i, w in enumerate(words) if w.text == "HAZEL")
    initial = words[first + 1]
    words[first] = replace(words[first], box=replace(words[first].box,
                                                     right=initial.box.right + 1))
    r = interpret([("front", replace(front, words=tuple(words))), ("back", page(BACK))],
                  has_back=True)
    assert value(r, "member_name") == "HAZEL J CASTILLO III"
    assert (r.portal["first_name"], r.portal["last_name"]) == ("HAZEL", "CASTILLO")


def test_a_label_two_lines_up_is_not_an_unlabelled_names_own() -> None:
    """OCR boxed the name's initial taller than its print: ``PLAN:`` two lines up is still
    no label of the name printed under the logo (distances in the print's height)."""
    front = page("Humana\nPLAN:  HumanaChoice PPO\n\nTAMIKA A IBRAHIM\nMEMBER ID NO.\nH44210513\n")
    words = list(front.words)
    i = next(i for i, w in enumerate(words) if w.text == "A")
    words[i] = replace(words[i], box=replace(words[i].box, top=words[i].box.top - 8,
                                             bottom=words[i].box.bottom + 30))
    r = interpret([("front", replace(front, words=tuple(words))), ("back", page(BACK))],
                  has_back=True)
    assert value(r, "member_name") == "TAMIKA A IBRAHIM"


def test_misread_column_head_still_gives_the_number_joined_to_its_prefix() -> None:
    # Motion blur: "IDENTIFICATION #" read as "DENTIFICATION =".
    card = """
Regence BlueCross BlueShield of Utah
PREFIX   DENTIFICATION =   SUFFIX
EDQ      863414114         01
GROUP NO.  04207
"""
    r = read(card, BACK)
    assert value(r, "member_id") == "EDQ863414114"
    assert "member_id_missing" not in codes(r)


def test_label_colon_misread_as_semicolon() -> None:
    r = read("OXFORD HEALTH PLANS\n10;  04691691586\nGroup Number  236764\n", BACK)
    assert value(r, "member_id") == "04691691586"


def test_blue_plan_member_id_is_found_when_its_label_is_lost() -> None:
    # The "Member ID" head over the number was not read at all; three letters and nine
    # digits are the Highmark format, distinct from every other number on the card.
    card = """
highmark BlueCross BlueShield
Subscriber Name   Name
SUSAN M TORRES    DANIEL TORRES
o                 Group Number
VEF434714262      249433           RxGRP  HGM9634
"""
    r = read(card, BACK)
    assert value(r, "member_id") == "VEF434714262"
    assert value(r, "group_number") == "249433"


def test_name_is_not_taken_from_a_copay_column_far_right() -> None:
    card = """
highmark BlueCross BlueShield
Name                                              Office Visit  $25
DANIEL TORRES
Member ID  VEF434714262
"""
    r = read(card, BACK)
    assert value(r, "member_name") == "DANIEL TORRES"


def test_end_of_a_misread_member_id_label_is_still_its_label() -> None:
    # "Member ID" read as "Mem" ... "er 1D": "er" makes no other phrase with "ID".
    r = read("Empire BlueCross BlueShield\ner 1D  BAOW72941873\n", BACK)
    assert value(r, "member_id") == "BAOW72941873"


def test_other_phrases_ending_in_id_are_not_the_member_id_label() -> None:
    r = read("Empire BlueCross BlueShield\nDental ID  BAOW72941873\n", BACK)
    assert "member_id" not in r.fields or r.fields["member_id"].label != "ID"


def test_missing_member_id_and_expected_group_are_looked_for_again() -> None:
    from pipeline.process import lost_values

    r = read("Regence BlueShield\nPLAN  Preferred\n", BACK)
    assert lost_values(r) == ["member_id", "group_number"]
    oscar = read("oscar\nMember ID  OSC12345678\n", BACK)
    assert lost_values(oscar) == []  # Oscar cards print no group


def test_group_label_without_a_readable_value_needs_review_even_where_groups_are_rare() -> None:
    # Oscar cards usually print no group (no review then); one that labels a group whose
    # value is unreadable must not pass with the portal's XXXXXX.
    r = read("oscar\nMember ID  OSC12345678\nGroup Number  %%%%\n", BACK)
    assert "group_number_uncertain" in codes(r)
    plain = read("oscar\nMember ID  OSC12345678\n", BACK)
    assert "group_number_uncertain" not in codes(plain)


def _words_page(*rows: list[tuple[str, float]]) -> OcrPage:
    """An OCR page of rows of (word, left edge px) pairs: 24 px tall words, 14 px a letter."""
    words = [
        OcrWord(text, Box(left, 40.0 + 60 * r, left + 14 * len(text), 64.0 + 60 * r), 0.95, r)
        for r, row in enumerate(rows) for text, left in row
    ]
    return OcrPage(words=tuple(words), width=1011, height=638)


def _aetna_group_then(word: str) -> Interpretation:
    """An Aetna front whose group ``990332-290`` is followed by ``word`` 16 px (0.67
    heights) to its right."""
    front = _words_page([("aetna", 40.0)], [("ID:", 40.0), ("W593211939", 100.0)],
                        [("GROUP", 40.0), ("#:", 130.0), ("990332-290", 190.0),
                         (word, 190.0 + 140 + 16)])
    return interpret([("front", front)], has_back=False)


def test_group_split_at_a_monospaced_hyphen_with_a_wide_gap_is_joined() -> None:
    # Wide bench card 456: OCR split Aetna's "990332-290-00264" before the second hyphen,
    # leaving 0.67 heights between the parts (the '-' sits in a full-width cell).
    assert value(_aetna_group_then("-00264"), "group_number") == "990332-290-00264"


def test_a_word_without_a_hyphen_that_far_is_no_part_of_the_group() -> None:
    assert value(_aetna_group_then("PPO"), "group_number") == "990332-290"


# A directory payer that sells employers' plans (Priority Health): a missing group is a lost
# one only with a trace of it; a clean card with no trace is an individual policy.
def test_employer_plan_payer_without_any_trace_of_a_group_needs_no_review() -> None:
    r = read("Priority Health\nMember ID   PH1234567\nRx Grp   NSR066\n")
    assert r.carrier.payer_id == "priority_health"
    assert "group_number_uncertain" not in codes(r)  # an Rx group's label is no trace


def test_a_misread_group_label_or_a_stray_code_is_a_trace_of_a_lost_group() -> None:
    misread = read("Priority Health\nMember ID   PH1234567\nGrou\n")
    assert "group_number_uncertain" in codes(misread)
    stray = read("Priority Health\nMember ID   PH1234567\nTp no.\nEL7862\n")
    assert "group_number_uncertain" in codes(stray)
    # An Rx PCN that reads MEDICAID is a routing code, not a Medicaid plan.
    pcn = read("Priority Health\nMember ID   PH1234567\nGrou\nRxPCN   MEDICAID\n")
    assert value(pcn, "rx_pcn") == "MEDICAID"
    assert "group_number_uncertain" in codes(pcn)
    medicaid = read("Priority Health Medicaid\nMember ID   PH1234567\nTp no.\nEL7862\n")
    assert "group_number_uncertain" not in codes(medicaid)  # Medicaid plans print none


@pytest.mark.parametrize("gap", [-17.0, 3.0, 12.0])
def test_a_suffix_after_a_narrow_space_is_no_part_of_the_member_id(gap: float) -> None:
    # Condensed print: "441124265133 01" with a space narrower than a quarter of the text's
    # height, and OCR's boxes of the two words even overlapping (gap < 0).
    id_right = 100.0 + 14 * 12
    front = _words_page([("Neighborhood", 40.0), ("Health", 230.0), ("Plan", 330.0)],
                        [("MBR#", 100.0)],
                        [("441124265133", 100.0), ("01", id_right + gap)])
    r = interpret([("front", front)], has_back=False)
    assert value(r, "member_id") == "441124265133"
    assert value(r, "member_id_suffix") == "01"


def test_a_misread_group_label_beside_an_unexplained_code_is_a_lost_group() -> None:
    # Kaiser cards often print no group; one whose GRP label OCR read as GRA, over a
    # number no reading explains, has one that was lost.
    lost = read("KAISER PERMANENTE\nHealth Record Number   GRA\n6198254246   344197\n")
    assert value(lost, "member_id") == "6198254246"
    assert "group_number_uncertain" in codes(lost)
    plain = read("KAISER PERMANENTE\nHealth Record Number   Gold 80 HMO\n6198254246   344197\n")
    assert "group_number_uncertain" not in codes(plain)  # a code without a group's label


def test_a_group_whose_label_was_lost_is_taken_uncertain_when_it_alone_fits() -> None:
    from pipeline.process import first_alternative, lone_group
    from tests.fakes import page

    assert first_alternative(r"\d{2}-\d{6}|\d{5,9}|[A-Z0-9-]{5,12}") == r"\d{2}-\d{6}"
    assert first_alternative(r"\d{6}(?:-\d{3}|\d{0,2})") == r"\d{6}(?:-\d{3}|\d{0,2})"
    # A UMR card whose Group label an explainer mark painted out: '75: are' is left of it.
    text = "UMR   Member #\nName/Nombre   628080962\n75: are\n76-738910   BP3705   9109346294\n"
    r = read(text)
    assert "group_number" not in r.fields and "group_number_uncertain" in codes(r)
    lone = lone_group(r, [("front", page(text))])
    assert lone is not None and lone.value == "76-738910"  # UMR's own form among three codes
    assert lone.confidence < 0.6  # under the review bar: a person checks it
    # Two codes of the same form: no guess.
    two = "UMR   Member #\nName/Nombre   628080962\n76-738910   76-111111\n"
    assert lone_group(read(two), [("front", page(two))]) is None


def test_a_lost_group_is_the_only_code_of_its_format_unless_another_fits_it() -> None:

    from pipeline.process import (
        LONE_GROUP_CONFIDENCE,
        lone_group,
        lone_value,
        sole_fit,
        values_read,
    )
    from pipeline.types import SideRead
    from tests.fakes import page

    def sides(text: str) -> list[SideRead]:
        blank: Any = None
        return [SideRead(side="front", decoded=blank, card=blank, quality=blank,
                         page=page(text), ocr_image=blank)]

    # A Regence card whose labels OCR lost: its group 96960 is a short number (no code),
    # the BIN 610014 beside the Rx block fits the group's format too.
    rx_block = ("Regence BlueShield\nPlan   Innova\nCertificate   WQY821819225\n"
                "96960   REGENCE\n610014   RGN0622\n")
    r = read(rx_block)
    rule = r.template.fields["group_number"]
    taken = values_read(r.fields, r.distractors)
    lone = lone_value(rule, taken, [("front", page(rx_block))], LONE_GROUP_CONFIDENCE)
    assert lone is not None and lone.value == "610014"
    assert not sole_fit(lone, rule, r, sides(rx_block))
    # The group alone beside codes of other forms, phone numbers and dates: the only one.
    alone = ("Regence BlueShield\nPlan   Innova\nCertificate   WQY821819225\n"
             "614220   01/01/2024\nCall 1-800-846-0946\n")
    r = read(alone)
    lone = lone_group(r, [("front", page(alone))])
    assert lone is not None and lone.value == "614220"
    assert sole_fit(lone, rule, r, sides(alone))


@pytest.mark.parametrize(("reads", "side", "trusted"), [
    (["614220"] * 4, "front", True),  # two reads at each scale give it: trusted
    (["614220", "614220", "814220", "614220"], "front", False),  # a read gives another
    (["614220"] * 4, "back", False),  # on the back, where a card's other codes are
])
def test_the_only_code_of_a_lost_groups_format_read_alike_at_two_scales_is_trusted(
    reads: list[str], side: str, trusted: bool
) -> None:
    from dataclasses import replace
    from typing import Any, cast

    import numpy as np

    from pipeline.ocr import FakeEngine
    from pipeline.process import DISTINCT_LONE_CONFIDENCE, confirmed_lone, lone_group
    from pipeline.types import SideRead
    from tests.fakes import page

    text = ("Regence BlueShield\nPlan   Innova\nCertificate   WQY821819225\n"
            "614220   01/01/2024\n")
    r = read(text)
    lone = lone_group(r, [("front", page(text))])
    assert lone is not None and lone.value == "614220"
    lone = replace(lone, side=side)  # type: ignore[arg-type]
    canned = [OcrPage(words=(OcrWord(v, Box(10, 10, 200, 40), 0.9, 0),), width=400,
                      height=60) for v in reads]
    blank: Any = None
    sides = [SideRead(side=side, decoded=blank, card=blank, quality=blank,  # type: ignore[arg-type]
                      page=page(text), ocr_image=cast(Any, np.full((638, 1011), 255, np.uint8)))]
    got = confirmed_lone(lone, r, sides, FakeEngine(canned))
    assert (got.confidence == DISTINCT_LONE_CONFIDENCE) is trusted


def test_an_unlabelled_id_must_be_right_under_the_name() -> None:
    under = read("Acme Health\nJOHN Q SAMPLE\nYGD 000123456789\n")
    assert value(under, "member_id") == "YGD000123456789"
    # A line between them: the number is some other one (an issuer's, its label lost).
    apart = read("Acme Health\nJOHN Q SAMPLE\nClinic East Lorne\nYGD 000123456789\n")
    assert value(apart, "member_id") is None


def test_the_end_of_a_label_joined_to_its_value_is_no_part_of_it() -> None:
    # "Member ID No." with OCR's word break lost after "No.": "No.XZ9147589652".
    r = read("Acme Health\nMember ID   No.XZ9147589652\n")
    assert value(r, "member_id") == "XZ9147589652"


def test_words_like_a_group_labels_only_in_passing_are_no_trace() -> None:
    # 'Care that counts' is no 'Account'; 'Rx Group' is the pharmacy's group.
    r = read("Priority Health\nCare that counts\nMember ID   PH1234567\nRx   Group:   AAA619\n")
    assert "group_number_uncertain" not in codes(r)


def test_stray_codes_read_with_a_small_capital_or_a_slash_are_traces_phone_parts_not() -> None:
    from pipeline.process import is_stray_code

    assert is_stray_code("QXx1509", set()) and is_stray_code("36/4-L48", set())
    assert not is_stray_code("844-848-841", set())  # a phone number cut short
    assert not is_stray_code("12/01/2023", set())  # a date
    assert not is_stray_code("QX1509", {"RX QX1509"})  # part of a value read
    # 13737's 0294: a Marketplace plan ID (its O read 0) under a misread 'Plan ID'.
    assert not is_stray_code("860440H2668108", set())
    r = read("Priority Health\nMember ID   PH1234567\nQXx1509\n")
    assert "group_number_uncertain" in codes(r)


def test_a_card_issuers_number_after_its_prefix_is_no_stray_code() -> None:
    # Fresh 14545's 0130, a Blue Shield of California card printing no group: its
    # 'Issuer #' label lost, '(80840) 9109902202' sent it to review for a lost group.
    from pipeline.process import stray_codes
    from tests.fakes import page

    assert stray_codes([page("Member ID\n(80840) 9109902202\n")], set()) == []
    assert stray_codes([page("Member ID\nPlan 9109902202\n")], set()) == ["9109902202"]
    card = "Priority Health\nMember ID   PH1234567\n{}9109902202\n"
    assert "group_number_uncertain" not in codes(read(card.format("(80840) ")))
    assert "group_number_uncertain" in codes(read(card.format("")))


def test_a_member_id_whose_label_was_lost_is_taken_uncertain_when_it_alone_fits() -> None:
    from pipeline.process import lone_member_id
    from tests.fakes import page

    # A Humana card whose pale 'ID No.' label OCR lost, with '~' before the value; on the
    # back a payer ID whose 'Payer' was lost reads as an 'ID' that breaks Humana's format.
    text = "Humana\nJACOB B ESPINOZA SR\n~H04855413   R1861 305\nID   61101\n"
    r = read(text)
    assert value(r, "member_id") == "61101" and "member_id_uncertain" in codes(r)
    lone = lone_member_id(r, [("front", page(text))], 0.5)
    assert lone is not None and lone.value == "H04855413"
    assert lone.confidence < 0.5  # under the review bar: a person checks it
    # A prefix printed apart is joined; two codes of the form: no guess.
    split = "Humana\nJACOB B ESPINOZA SR\nH 04855413\n"
    got = lone_member_id(read(split), [("front", page(split))], 0.5)
    assert got is not None and got.value == "H04855413"
    two = "Humana\nJACOB B ESPINOZA SR\nH04855413   H11112222\n"
    assert lone_member_id(read(two), [("front", page(two))], 0.5) is None
    # A card issuer's number after its (80840) is no candidate.
    umr = "UMR\nPlatinum PPO\nUrgent Care $100   362183693\nISSUER\n(80840)   9102806615\n"
    got = lone_member_id(read(umr), [("front", page(umr))], 0.5)
    assert got is not None and got.value == "362183693"
    # A reading that fits the format is kept.
    fits = "Humana\nMember ID   H04855413\nH11112222\n"
    assert lone_member_id(read(fits), [("front", page(fits))], 0.5) is None


@pytest.mark.parametrize("rx", ["x", "R", "Bx", "mx", "nx"])
def test_a_group_label_after_what_is_left_of_rx_is_the_pharmacys(rx: str) -> None:
    # 'Rx Group: RFB215' on a back, its 'R' lost to blur: 'x Group:'.
    r = read("Fidelis Care\nMember id   55159284V\n", f"{rx} Group:   RFB215\n")
    assert value(r, "group_number") is None
    assert "group_number_uncertain" not in codes(r)
    plain = read("Fidelis Care\nMember id   55159284V\n", "Group:   RFB215\n")
    assert value(plain, "group_number") == "RFB215"


def test_a_group_label_on_the_row_of_an_rx_bin_is_the_pharmacys() -> None:
    """Wide seed 777, 0021 (silent): ``Rx BIN 004336  Rx PCN ADV  Rx GRP: RX1996`` with
    the last ``Rx`` lost gave the plan's group ``RX1996`` on a card that prints none."""
    r = read("Molina Healthcare\nMember ID:   177968326\n"
             "Rx BIN   004336   PCI   ADV   GRP:   RX1996\n")
    assert value(r, "group_number") is None
    assert value(r, "rx_group") == "RX1996"  # the pharmacy's: its code is read, not stray
    assert value(r, "rx_pcn") == "ADV"  # between BIN and group: after its mangled label
    # a group label in its own row (a BIN under it, or right of it) is the plan's
    for text in ("Group:   RFB215\nRx BIN   004336\n", "Group:   RFB215   Rx BIN   004336\n"):
        plain = read(f"Molina Healthcare\nMember ID:   177968326\n{text}")
        assert value(plain, "group_number") == "RFB215"


def test_a_group_label_after_a_known_bin_or_a_mangled_rx_is_the_pharmacys() -> None:
    """Fresh range 9292's 0119 and 0023 (silent): every ``Rx`` label of a row lost but the
    BIN's digits (``004336``, a known pharmacy BIN), or ``RX GROUP:`` read ``#X GRouP,``:
    the pharmacy's group was given as the plan's on cards that print none."""
    r = read("Molina Healthcare\nMember ID:   177968326\n"
             "004336   HPO)   MCAIDADV   8   Group   RX4919\n")
    assert value(r, "group_number") is None
    assert "group_number_uncertain" not in codes(r)
    r = read(RX_CARD, "BIN:   932647\nPon,   JXJV\n#X GRouP,   TTM439\n")
    assert value(r, "group_number") is None
    assert value(r, "rx_group") == "TTM439"
    # digits that are no known BIN leave a plan's group on their row alone
    plain = read("Molina Healthcare\nMember ID:   177968326\n"
                 "123456   Group   RFB215\n")
    assert value(plain, "group_number") == "RFB215"


def test_a_group_label_stacked_under_an_rx_label_is_the_pharmacys() -> None:
    """9191's 0203 (silent): ``RxPCN`` over ``9999``, then ``Group`` (its ``Rx`` lost) over
    ``UMR365``, in the pharmacy's column right of the plan's values: ``UMR365`` was given
    as the plan's group. A ``Group`` label in the plan's own column stays the plan's."""
    card = ("UMR\nMember ID #                    RxBIN\n"
            "167708275                      610279\n"
            "Group No                       RxPCN\n"
            "76-411697                      9999\n"
            "                                 Group\n"
            "                               UMR365\n")
    r = read(card)
    assert value(r, "group_number") == "76-411697"
    assert value(r, "rx_group") == "UMR365"
    # an ID that opens with RX over the group's label is no Rx label (Florida Blue's RXB)
    blue = read("Florida Blue\nMember ID\nRXBH71264526\nGroup\n058166\n")
    assert value(blue, "group_number") == "058166"


def test_a_group_label_stacked_under_bare_bin_and_pcn_labels_is_the_pharmacys() -> None:
    """6868's 0123 (silent), motion blur: ``BIN:`` and ``PCN:`` (read ``Pon:``) over ``RX
    GROUP:`` read ``ae GROUP:``: its ``MZB402`` was given as the plan's group on a card
    that prints none. A ``Group:`` with no pharmacy label above it stays the plan's."""
    back = ("CareSource\nBIN:    686959\nPon:    ADV\nae GROUP:    MZB402\n")
    r = read("CareSource\nRECIPIENT ID\n23548155E\n", back)
    assert value(r, "group_number") is None
    assert value(r, "rx_group") == "MZB402"
    plain = read("CareSource\nRECIPIENT ID\n23548155E\nPCP\nGroup:    MZB402\n")
    assert value(plain, "group_number") == "MZB402"


def test_a_group_label_stacked_under_a_known_bins_digits_is_the_pharmacys() -> None:
    """9595's 0053 (silent), a photocopy: ``004336`` over ``MCAIDADV`` over ``Grour`` over
    ``RX0699``, every ``Rx`` label lost: ``RX0699`` was given as the plan's group on a card
    that prints none. Digits that are no known BIN leave the plan's group alone."""
    card = ("Molina Healthcare\nMember Number\n63556760637\n"
            "                              {bin}\n"
            "                              MCAIDADV\n"
            "                              Grour\n"
            "                              RX0699\n")
    r = read(card.format(bin="004336"))
    assert value(r, "group_number") is None
    assert "group_number_uncertain" not in codes(r)
    plain = read(card.format(bin="123456"))
    assert value(plain, "group_number") == "RX0699"


def test_a_misread_pharmacy_label_is_no_group_label() -> None:
    # 'RxPCN:' read 'Rxpen:' is the PCN's label read one letter off, nothing like a
    # group's label: its value is no group.
    r = read("mycigna.com\nMember id   U21983510\n"
             "Rxbin:   017010   Rxpen:   02250000   Rxgrp-   CIGNA59\n")
    assert value(r, "group_number") != "02250000"
    assert value(r, "rx_pcn") == "02250000"
    assert value(r, "rx_group") == "CIGNA59"


RX_CARD = "Fidelis Care\nMember id   55159284V\n"


@pytest.mark.parametrize(("label", "field", "printed"), [
    ("Rxpen:", "rx_pcn", "9999"),        # RxPCN, its c read e
    ("Rx pon:", "rx_pcn", "ADV"),
    ("RXxPCN:", "rx_pcn", "02250000"),   # a mark read as an x
    ("Rxgip", "rx_group", "UHEALTH"),    # RxGRP
    ("Rx Groop:", "rx_group", "RX9603"),
    ("Rabin", "rx_bin", "610014"),       # RxBIN, its x read a
    ("Axbin:", "rx_bin", "004336"),      # its R read A
])
def test_a_pharmacy_label_read_one_letter_off_takes_a_value_that_fits(
        label: str, field: str, printed: str) -> None:
    r = read(RX_CARD, f"{label}   {printed}\n")
    assert value(r, field) == printed
    assert value(r, "member_id") == "55159284V"


def test_a_misread_pharmacy_label_takes_no_value_that_breaks_its_format() -> None:
    # A BIN is six digits (or eight): a misread 'RxBIN' over a word has none.
    assert value(read(RX_CARD, "Rabin   SMITH\n"), "rx_bin") is None
    # Misreadings are the pharmacy's own, with its Rx: a doctor's 'PCP:' is no 'PCN:'.
    r = read(RX_CARD, "PCP:   DR ANA KIM\nPCN:   ADV\n")
    assert value(r, "rx_pcn") == "ADV"
    assert value(read(RX_CARD, "PCP:   DRKIM\n"), "rx_pcn") is None


@pytest.mark.parametrize(("label", "printed"), [("Pen:", "MA"), ("PON;", "03200000")])
def test_a_bare_pcn_label_with_its_middle_letter_misread_takes_a_fitting_value(
        label: str, printed: str) -> None:
    # Fresh range 6666 0105: 'Pen: MA' beside the member's name.
    assert value(read(RX_CARD, f"Bin: 003858   {label} {printed}\n"), "rx_pcn") == printed
    # Fresh range 1111 0102: a BIN's 'pin:' beside 'pen:' is no PCN label.
    assert value(read(RX_CARD, f"pin: 610279   pen: {printed}\n"), "rx_pcn") == printed
    # Without its stop the word may be prose ('Pen' of a name): no label.
    assert value(read(RX_CARD, f"Bin: 003858   Pen {printed}\n"), "rx_pcn") is None


@pytest.mark.parametrize(("word", "field", "printed"), [
    ("RXPCNADV", "rx_pcn", "ADV"),       # an exact label in capitals, then its value
    ("RXBIN610502", "rx_bin", "610502"),
    ("RxPCNMA", "rx_pcn", "MA"),         # at the change of case
    ("RxpenRX", "rx_pcn", "RX"),         # misread, at the change of case
    ("RxgrpMAN346", "rx_group", "MAN346"),
    ("Bin610014", "rx_bin", "610014"),
    ("PcnNJWZ", "rx_pcn", "NJWZ"),
    ("RxPCN.ADV", "rx_pcn", "ADV"),
    ("Rxpen:IS", "rx_pcn", "IS"),
])
def test_a_pharmacy_label_glued_to_its_value_is_split(
        word: str, field: str, printed: str) -> None:
    assert value(read(RX_CARD, f"{word}   Rx id   55159284V\n"), field) == printed


def test_a_glued_pharmacy_value_must_fit() -> None:
    assert value(read(RX_CARD, "RXBINGO\n"), "rx_bin") is None
    # A bare 'PCN' in capitals glued to capitals may be one word ('PCNS'): no cut there.
    assert value(read(RX_CARD, "PCNADV\n"), "rx_pcn") is None


def test_a_separator_between_rx_values_is_no_hyphen() -> None:
    # A bar between the BIN and the next label, read '-': not '017010-Rxpen'.
    r = read(RX_CARD, "Rxbin: 017010 - Rxpen: 02250000\n")
    assert value(r, "rx_bin") == "017010"
    assert value(r, "rx_pcn") == "02250000"


def test_a_word_read_twice_on_overlapping_lines_is_one_word() -> None:
    from dataclasses import replace

    from tests.fakes import page

    back = page("Rx pen:   ADV\n")
    adv = next(w for w in back.words if w.text == "ADV")
    again = replace(adv, line=adv.line + 100)  # Tesseract's second line over the first
    back = replace(back, words=(*back.words, again))
    r = interpret([("front", page(RX_CARD)), ("back", back)], has_back=True)
    assert value(r, "rx_pcn") == "ADV"


@pytest.mark.parametrize(("line", "field", "printed"), [
    ("Rx Group:   XNJO74", "rx_group", "XNJ074"),
    ("Rx Group:   CIGNAO3", "rx_group", "CIGNA03"),
    ("Payer ID:   OO621", "payer_id", "00621"),
    ("RxPCN:   O2250000", "rx_pcn", "02250000"),
    ("Rx Group:   OHPRX", "rx_group", "OHPRX"),   # no digits: its O's are letters
    ("RxPCN:   MEDDADV", "rx_pcn", "MEDDADV"),
    ("Rx Group:   HOSP9", "rx_group", "HOSP9"),   # an O among letters stays
    ("Rx Group:   CIGNAOO", "rx_group", "CIGNA00"),  # a number of zeros after letters
    ("Rx Group:   OSCROO", "rx_group", "OSCR00"),
    ("Rx Group:   OXFORD", "rx_group", "OXFORD"),  # letters alone
    ("Rx Group:   BCTXO", "rx_group", "BCTXO"),   # one O may be a letter
    ("Payer ID:   ABCOO", "payer_id", "ABCOO"),   # an Rx group's shape only
])
def test_the_os_of_a_routing_codes_digits_are_zeros(
        line: str, field: str, printed: str) -> None:
    r = read(RX_CARD, line + "\n")
    assert value(r, field) == printed


def test_a_routing_code_is_never_a_phone_number() -> None:
    r = read(RX_CARD, "RxPCN:   877-904-9242\n")
    assert value(r, "rx_pcn") is None


@pytest.mark.parametrize(("text", "phone"), [
    ("TTY855-584-4555", True), ("TDD:1-800-555-0100", True), ("855-584-4555", True),
    ("QTU087021772", False), ("4TT9-WP0-XG54", False), ("TTY855584", False),
])
def test_a_phone_with_its_kind_glued_before_it_is_phone_shaped(text: str, phone: bool) -> None:
    assert fields.phone_shaped(text) is phone


def test_a_member_id_is_never_a_phone_with_its_kind_glued_before_it() -> None:
    # 8282's 0223: a quarter-turned card's 'TTY 855-584-4555' read as one word by its ID label.
    r = read("Blue Shield of California\nMember ID   TTY855-584-4555\n")
    assert value(r, "member_id") is None


@pytest.mark.parametrize("carrier", ["Humana", "Ambetter", "Molina Healthcare", "WellCare"])
def test_a_bare_pcn_label_is_read_on_every_carrier(carrier: str) -> None:
    # These cards print 'PCP:' lines too; an exact 'PCN' is still the PCN, a 'PCP' never.
    r = read(f"{carrier}\nPCP:   DR ANA KIM\n", "BIN   004336\nPCN\nADV\n")
    assert value(r, "rx_pcn") == "ADV"
    assert value(r, "rx_bin") == "004336"


def test_a_card_printing_only_its_state_medicaid_id_gives_it_for_review() -> None:
    from pipeline.process import lone_member_id
    from tests.fakes import page

    only = "Molina Healthcare\nMedicaid Managed Care\nMedicaid ID:   36058946113\n"
    r = read(only)
    assert value(r, "member_id") is None  # a decoy where a member ID is printed too
    got = lone_member_id(r, [("front", page(only))], 0.5)
    assert got is not None and got.value == "36058946113" and got.confidence < 0.5
    both = "Molina Healthcare\nMember ID:   123456789\nMedicaid ID:   36058946113\n"
    r = read(both)
    assert value(r, "member_id") == "123456789"
    assert lone_member_id(r, [("front", page(both))], 0.5) is None


@pytest.mark.parametrize(("text", "trusted"), [
    # 13737's 0020, 14444's 0086: Molina cards printing only a 'Medicaid ID', over its
    # value: the card's one ID, its own label over it; closer reads give it alike.
    ("Molina Healthcare\nMedicaid Managed Care\nMedicaid ID\n268733390\n", True),
    # A member-ID label of the plan's own on its side, its value lost: the plan's ID is
    # printed there, the state's number is not the card's only one.
    ("Molina Healthcare\nMedicaid Managed Care\nMember ID\n\nMedicaid ID\n268733390\n",
     False),
])
def test_a_cards_only_state_medicaid_id_under_its_label_read_alike_is_trusted(
        text: str, trusted: bool) -> None:
    import numpy as np

    from pipeline.ocr import FakeEngine
    from pipeline.process import DISTINCT_LONE_CONFIDENCE, confirmed_lone, lone_member_id
    from tests.fakes import page

    r = read(text)
    lone = lone_member_id(r, [("front", page(text))], 0.5)
    assert lone is not None and lone.value == "268733390" and lone.confidence < 0.5
    canned = [OcrPage(words=(OcrWord("268733390", Box(10, 10, 200, 40), 0.9, 0),), width=400,
                      height=60)] * 4
    blank: Any = None
    sides = [SideRead(side="front", decoded=blank, card=blank, quality=blank, page=page(text),
                      ocr_image=cast(Any, np.full((638, 1011), 255, np.uint8)))]
    got = confirmed_lone(lone, r, sides, FakeEngine(canned))
    assert (got.confidence == DISTINCT_LONE_CONFIDENCE) is trusted


@pytest.mark.parametrize(("back", "printed"), [
    ("Claims Payer ¢  47570\n", "47570"),   # 'ID:' read as a mark after its label
    ("Payer 1D:   61101\n", "61101"),
    ("Claims Payer ID:   74227.\n", "74227"),   # a full stop after the code
    ("Payor   38333\n", "38333"),
])
def test_a_payer_id_past_what_is_left_of_its_label_or_before_a_stop(
        back: str, printed: str) -> None:
    assert value(read(RX_CARD, back), "payer_id") == printed


def test_a_group_label_after_an_rx_read_rk_is_the_pharmacys() -> None:
    r = read("mycigna.com\nMember id   U21983510\nGRP#   0455607\n",
             "Rk Group\nCIGNA32\n")
    assert value(r, "rx_group") == "CIGNA32"
    assert value(r, "group_number") == "0455607"


def test_a_group_label_after_an_rx_read_rs_is_the_pharmacys() -> None:
    # 12525's 0151: an Ambetter card printing no plan group, a small web image; 'Rx Group'
    # read 'Rs Group' over 'RX4064' read 'RASI64', passed as the plan's group.
    r = read("ambetter\nAmbetter Essential Care 1\nID   U9900483590\n",
             "Rs Group\nRASI64\n")
    assert value(r, "rx_group") == "RASI64"
    assert value(r, "group_number") is None


def test_a_group_label_after_an_rx_read_rix_is_the_pharmacys() -> None:
    # 8282's 0155: a CareSource card printing no plan group; motion blur read 'Rx' as 'Rix'.
    r = read("CareSource\nMAXINE LARSON\nMember ID   33944141W\n",
             "AxBIN;   630362\nAxPON:   RX\nRix Group;   VDX434\n")
    assert value(r, "rx_group") == "VDX434"
    assert value(r, "group_number") is None


def test_a_group_label_after_an_rx_read_fx_is_the_pharmacys() -> None:
    # 13737's 0294: a Healthfirst card printing no plan group, small in the frame; 'Rx
    # Group' read 'fx Group' over 'VPN381', passed as the plan's group.
    r = read("Healthfirst\nJACOB K XIONG\n32983171K\n",
             "RXBIN\n561638\nRecn\nADY\nfx Group\nVPN381\n")
    assert value(r, "rx_group") == "VPN381"
    assert value(r, "group_number") is None


@pytest.mark.parametrize(("label", "group"), [("groupe", "RGN7294"), ("tts", None)])
def test_an_rx_group_read_unsurely_after_its_labels_group_is_taken_by_its_place(
        label: str, group: str | None) -> None:
    # 13737's 0180, a web-small Regence card: every Rx label misread, the BIN and PCN
    # taken by their places, and the group read at 0.64 after what was left of its
    # 'Group' (too unsure for a code with nothing of its label before it).
    from pipeline.derived import rx_stacked

    rows = [("Bis;", 0.40, 46, 37, 79, 51), ("610014", 0.69, 86, 30, 167, 52),
            ("Vion;", 0.42, 47, 71, 79, 87), ("REGENCE", 0.95, 88, 66, 211, 87),
            ("tts", 0.45, 47, 105, 67, 120), (label, 0.54, 73, 109, 122, 123),
            ("RGN7294", 0.64, 134, 99, 243, 121)]
    back = OcrPage(words=tuple(OcrWord(t, Box(a, b, c, d), conf, i // 2)
                               for i, (t, conf, a, b, c, d) in enumerate(rows)),
                   width=1011, height=638)
    found = {"rx_bin": FieldReading("rx_bin", "610014", 0.55, "back", "", Box(86, 30, 167, 52)),
             "rx_pcn": FieldReading("rx_pcn", "REGENCE", 0.76, "back", "", Box(88, 66, 211, 87))}
    got = rx_stacked(found, [("back", back)]).get("rx_group")
    assert (got.value if got is not None else None) == group


def test_an_rx_group_under_a_label_naming_the_pharmacy_outranks_one_under_a_bare_grp() -> None:
    # 13838's 0297: Aetna's template takes a bare 'GRP' for the Rx group's too; on a card
    # heading its plan's columns 'GRP' and 'SPC', the head 'SPC' (0.95) was taken over the
    # Rx block's 'RX GROUP: RX5072' (0.92).
    r = read("aetna\nISAAC M BERGSTROM\nDATE OF BIRTH   GRP   SPC\n"
             "08/26/1966   670570-147-37119   $20\nMEMBER ID #:   W073036509\n"
             "RXBIN:   610502   RxPcn:   ADV   RX GROUP:   RX5072@0.92\n")
    assert value(r, "rx_group") == "RX5072"


def test_a_group_that_reads_its_bins_known_pcn_is_the_pcn() -> None:
    # 13636's 0205, soft focus: UHC Student Resources' 'Policy number' value lost, and
    # OptumRx's PCN '9999' (BIN 610279) in the next column on its row taken for the group.
    r = read("UnitedHealthcare StudentResources\nTOMAS YAMAMOTO\nMember ID   XL5530855\n"
             "Rx Bin   610279\nPolicy number   9999\n")
    assert value(r, "group_number") is None
    assert value(r, "rx_pcn") == "9999"
    assert "group_number_uncertain" in codes(r)


@pytest.mark.parametrize(("gap", "joined"), [(10, "HZN9158"), (30, None)])
def test_an_rx_group_cut_short_takes_the_digits_read_apart_right_after_it(
        gap: int, joined: str | None) -> None:
    # 13838's 0117, a photocopy: 'RX GRP: HZN9' '158', split 10 px apart before the 1's
    # stem (0.45 of the height); the shape check dropped 'HZN9' as a number cut short. A
    # word space further (30 px) is another word: the group stays dropped.
    from pipeline.derived import unlabelled_extras

    words = [("RX", 589, 567, 615, 585), ("GRP:", 624, 567, 672, 585),
             ("HZN9", 695, 563, 756, 585), ("158", 756 + gap, 563, 799 + gap, 585)]
    page = OcrPage(words=tuple(OcrWord(t, Box(a, b, c, d), 0.93, 0) for t, a, b, c, d in words),
                   width=1011, height=638)
    group = FieldReading("rx_group", "HZN9", 0.9, "front", "RX GRP", Box(695, 563, 756, 585))
    got = unlabelled_extras({"rx_group": group}, [("front", page)]).get("rx_group")
    assert (got.value if got is not None else None) == joined


def test_a_label_word_right_after_a_labels_colon_is_its_value() -> None:
    # UHC Student Resources cards label a student's name 'STUDENT'; after 'RX GRP:' the word
    # is the Rx group.
    r = read("UnitedHealthcare StudentResources\nSR ID#   GC4315588\n"
             "RX BIN:   610279   RX PCN:   9999   RX GRP:   STUDENT\n")
    assert value(r, "rx_group") == "STUDENT"
    assert value(r, "rx_pcn") == "9999"


@pytest.mark.parametrize("read_as", ["RxX6904", "Rx6904"])
def test_a_codes_rx_read_as_the_word_rx_is_its_rx(read_as: str) -> None:
    assert value(read(RX_CARD, f"RxGRP:   {read_as}\n"), "rx_group") == "RX6904"


@pytest.mark.parametrize(("lost", "field", "printed"), [
    ("PcNn:", "rx_pcn", "MCAIDADV"),   # a label mangled past reading, between the others
    ("", "rx_group", "RGN3881"),       # a label lost under the others, its value kept
    ("Bn;", "rx_bin", "004336"),       # before them
])
def test_an_rx_code_whose_label_was_lost_is_read_by_its_row(
        lost: str, field: str, printed: str) -> None:
    rows = {"rx_bin": ("RxBIN:", "004336"), "rx_pcn": ("RxPCN:", "MCAIDADV"),
            "rx_group": ("RxGRP:", "RGN3881")}
    rows[field] = (lost, printed)
    back = "".join(f"{label:<9}{code}\n" for label, code in rows.values())
    assert value(read(RX_CARD, back), field) == printed


def test_an_rx_code_whose_label_was_lost_on_one_line_is_read_by_its_place() -> None:
    r = read(RX_CARD, "Rx BIN:  011552   Rx PCN:  ILPROD1   R 'P:  BCIL614\n")
    assert value(r, "rx_group") == "BCIL614"


def test_a_word_in_an_rx_blocks_row_needs_a_digit_or_a_label_trace() -> None:
    # Two rows of the block and an unlabelled word of capitals where the third would be:
    # nothing says it is the group.
    r = read(RX_CARD, "RxBIN:   004336\nRxPCN:   ADV\n         PHARMACY\n")
    assert value(r, "rx_group") is None
    # Rows at another pitch are another block.
    far = read(RX_CARD, "RxBIN:   004336\nRxPCN:   ADV\n\n\n\n\n\n         RX1234\n")
    assert value(far, "rx_group") is None


def _drawn(*rows: tuple[str, float, float, float]) -> OcrPage:
    """A page of words at given places: (text, left, top, height), 14 px a character."""
    return OcrPage(words=tuple(
        OcrWord(text=t, box=Box(x, y, x + 14 * len(t), y + h), confidence=0.95, line=k)
        for k, (t, x, y, h) in enumerate(rows)), width=1011, height=638)


def _rx_back(*rows: tuple[str, float, float, float]) -> Interpretation:
    from tests.fakes import page

    return interpret([("front", page(RX_CARD)), ("back", _drawn(*rows))], has_back=True)


def test_a_lost_rx_label_over_its_value_is_read_by_its_row() -> None:
    # Small labels over taller values: rows at some three value heights; the PCN's label
    # lost, its value where the others' pitch puts it.
    r = _rx_back(("Bin", 547, 246, 12), ("610279", 547, 263, 21), ("9999", 547, 325, 21),
                 ("Rx", 547, 369, 12), ("group", 571, 372, 12), ("UHEALTH", 548, 386, 22))
    assert value(r, "rx_pcn") == "9999"
    assert value(r, "rx_bin") == "610279" and value(r, "rx_group") == "UHEALTH"


def test_a_lost_rx_label_in_a_block_of_mixed_rows_is_read_by_its_row() -> None:
    # The BIN's label lost over its value; the PCN's value under its label, the group's
    # beside it.
    r = _rx_back(("004336", 517, 143, 24), ("PCN", 515, 222, 17), ("ADV", 515, 246, 23),
                 ("Rx", 515, 318, 20), ("Group:", 567, 318, 20), ("RX9603", 685, 315, 23))
    assert value(r, "rx_bin") == "004336"


def test_rx_codes_under_the_one_label_read_are_read_down_its_column() -> None:
    r = _rx_back(("RXBIN", 511, 311, 11), ("610279", 514, 324, 18), ("9999", 514, 383, 18),
                 ("UMR802", 512, 442, 17))
    assert value(r, "rx_pcn") == "9999"
    assert value(r, "rx_group") == "UMR802"
    # Up the column too, from the group's label.
    up = _rx_back(("493199", 552, 424, 33), ("EQKB", 553, 475, 31), ("Rxgrp", 553, 522, 10),
                  ("FVX683", 553, 536, 19))
    assert value(up, "rx_group") == "FVX683"
    assert value(up, "rx_pcn") == "EQKB"   # no digit, but the BIN's digits follow it
    assert value(up, "rx_bin") == "493199"
    # Without the BIN after it, a row of capitals alone is no PCN.
    alone = _rx_back(("EQKB", 553, 475, 31), ("Rxgrp", 553, 522, 10), ("FVX683", 553, 536, 19))
    assert value(alone, "rx_pcn") is None


def test_a_lost_rx_code_is_read_up_the_column_of_its_neighbour_in_a_split_block() -> None:
    # The group read in the right column; the BIN, its label lost, over the PCN's label in
    # the left one: no stack of two labels gives its place, the PCN's column does.
    r = _rx_back(("RX", 528, 247, 14), ("GRP", 557, 247, 14), ("LWJ409", 528, 264, 22),
                 ("275874", 44, 326, 39), ("RX", 41, 400, 28), ("PCN", 76, 400, 28),
                 ("ADV", 44, 422, 21))
    assert value(r, "rx_bin") == "275874"


def test_an_rx_column_needs_a_digit_or_a_label_trace_and_stops_at_another_value() -> None:
    # Capitals with no digit and no label trace under the BIN: nothing says it is the PCN.
    r = _rx_back(("Rxbin", 526, 220, 14), ("723963", 526, 238, 24), ("PHARMACY", 525, 295, 24))
    assert value(r, "rx_pcn") is None
    # A value another label took stands between: the column is no longer the block's.
    r = _rx_back(("RXBIN", 511, 311, 11), ("610279", 514, 324, 18), ("Plan:", 400, 362, 18),
                 ("H1234", 514, 362, 18), ("9999", 514, 400, 18))
    assert value(r, "rx_pcn") is None
    # A row past the block's reach is none of it.
    far = _rx_back(("RXBIN", 511, 311, 11), ("610279", 514, 324, 18), ("9999", 514, 424, 18))
    assert value(far, "rx_pcn") is None


def test_an_rx_block_whose_labels_were_all_lost_is_read_by_its_column() -> None:
    # Pale small labels read as their 'Rx' at best; the values left-aligned at an even pitch.
    rows = [("610502", 173, 87, 19), ("ADV", 173, 121, 19), ("RX2483", 174, 156, 19)]
    r = _rx_back(("Rx", 58, 93, 12), *rows, ("Rx", 58, 161, 13))
    assert (value(r, "rx_bin"), value(r, "rx_pcn"), value(r, "rx_group")) == (
        "610502", "ADV", "RX2483")
    # No trace of a label: a column of numbers and capitals is nothing's.
    assert value(_rx_back(*rows), "rx_bin") is None
    # Rows at uneven pitches are no block.
    uneven = [("610502", 173, 87, 19), ("ADV", 173, 121, 19), ("RX2483", 174, 176, 19)]
    assert value(_rx_back(("Rx", 58, 93, 12), *uneven), "rx_bin") is None


@pytest.mark.parametrize(("read_as", "printed"), [
    ("RVM17Z", "RVM172"),   # a 2 read as Z after the number's digits
    ("BCIL92S", "BCIL925"),
    ("BCIL4I2", "BCIL412"), ("RGN31I1", "RGN3111"),  # a 1 read I (12323's 0276, 12929's 0279)
    ("CLS353", "CLS353"),   # an S ending the prefix stays
    ("BCIL412", "BCIL412"),  # the I of its prefix too
    ("OSCR61:-.", "OSCR61"),  # stops after it are none of it
    ("WKAA", "WKAA"),
])
def test_an_rx_groups_letters_after_its_digits_are_the_digits_they_look_like(
        read_as: str, printed: str) -> None:
    assert value(read(RX_CARD, f"RxGRP:   {read_as}\n"), "rx_group") == printed


def test_a_bracket_after_a_code_is_no_stop() -> None:
    # Range 3333 0375: 'ILPROD]' is ILPROD1 misread, not ILPROD with a stop after it.
    assert value(read(RX_CARD, "RxPCN:   ILPROD]\n"), "rx_pcn") != "ILPROD"
    assert value(read(RX_CARD, "RxPCN:   ILPROD1.\n"), "rx_pcn") == "ILPROD1"


def test_a_bin_read_with_lookalikes_is_repaired() -> None:
    # A BIN is six digits: 'OL1552' is 011552 read with an O and an L.
    assert value(read(RX_CARD, "RxBIN:   OL1552\n"), "rx_bin") == "011552"
    # R lost before it: 'XBIN'.
    assert value(read(RX_CARD, "XBIN   011552\n"), "rx_bin") == "011552"


def test_a_codes_last_character_split_off_by_a_narrow_gap_is_its_own() -> None:
    from dataclasses import replace

    from tests.fakes import page

    back = page("RX PCN:   TXPROD 1\n")
    one = next(w for w in back.words if w.text == "1")
    prod = next(w for w in back.words if w.text == "TXPROD")
    moved = replace(one, box=Box(prod.box.right + 8, one.box.top, prod.box.right + 22,
                                 one.box.bottom))
    back = replace(back, words=tuple(moved if w is one else w for w in back.words))
    r = interpret([("front", page(RX_CARD)), ("back", back)], has_back=True)
    assert value(r, "rx_pcn") == "TXPROD1"


def test_a_values_first_digit_split_off_left_of_its_heads_column_is_its_own() -> None:
    # A dotted frame's edge made the ID's first digit a word of its own, 3 px before the
    # rest and outside the `ID` head's column: the rest alone fits Molina's format too.
    front = _words_page([("MOLINA", 40.0), ("HEALTHCARE", 150.0)], [("ID", 100.0)],
                        [("2", 44.0), ("3729628040", 61.0)], [("Group:", 40.0), ("123456", 140.0)])
    r = interpret([("front", front)], has_back=False)
    assert value(r, "member_id") == "23729628040"


def test_a_value_blur_split_under_its_label_is_never_taken_from_its_second_part() -> None:
    # Motion blur split UMR's group '76-779497' into '76-7' and '79497', 6 px apart: the
    # second part alone fits the format, but the value starts at the first (reviewed).
    front = _words_page([("UMR", 40.0)], [("Member", 40.0), ("ID:", 150.0), ("374135744", 210.0)],
                        [("GRP", 40.0), ("NO.", 100.0)], [("76-7", 40.0), ("79497", 40.0 + 56 + 6)])
    r = interpret([("front", front)], has_back=False)
    assert value(r, "group_number") != "79497"
    assert "group_number_uncertain" in codes(r)


def test_a_glyph_ocr_gave_to_two_overlapping_words_is_read_once() -> None:
    # 'RIV192258257': OCR returned 'RIV1' and '192258257', the second box starting 9 px
    # inside the first (the same 1 read twice). Words merely touching keep both letters.
    def card(second_left: float) -> Interpretation:
        front = _words_page([("Horizon", 40.0), ("BCBSNJ", 160.0)], [("ID:", 40.0)],
                            [("RIV1", 40.0), ("192258257", second_left)],
                            [("Group:", 40.0), ("285397", 140.0)])
        return interpret([("front", front)], has_back=False)

    assert value(card(40.0 + 56 - 9), "member_id") == "RIV192258257"
    assert value(card(40.0 + 56 + 2), "member_id") == "RIV1192258257"


def test_a_value_whose_box_ocr_grew_over_its_labels_row_is_under_it() -> None:
    from dataclasses import replace

    from tests.fakes import page

    # 'UHEALTH' printed under 'Rx Group', its box grown up into the label's row.
    back = page("Rx Group\nUHEALTH\n")
    label = next(w for w in back.words if w.text == "Group")
    word = next(w for w in back.words if w.text == "UHEALTH")
    grown = replace(word, box=Box(word.box.left, label.box.top + 8, word.box.right,
                                  label.box.bottom + 16))
    back = replace(back, words=tuple(grown if w is word else w for w in back.words))
    r = interpret([("front", page(RX_CARD)), ("back", back)], has_back=True)
    assert value(r, "rx_group") == "UHEALTH"


def test_every_one_letter_misread_of_a_label_passes_the_similarity_prefilter() -> None:
    """The label matcher compares a window only with labels at least this alike
    (``fields._similarity_floor``): each inexact rule allows one edit or a fuzzy score,
    so a label read with any one letter changed, lost or added must pass."""
    from rapidfuzz import fuzz

    from pipeline.fields import _similarity_floor, normalize_label
    from pipeline.templates import load_templates

    generic, _ = load_templates()
    norms = {normalize_label(label) for rule in generic.fields.values() for label in rule.labels}
    assert len(norms) > 50
    for norm in norms:
        for i in range(len(norm) + 1):
            for edited in (norm[:i] + "X" + norm[i + 1:], norm[:i] + norm[i + 1:],
                           norm[:i] + "X" + norm[i:]):
                assert fuzz.ratio(edited, norm) >= _similarity_floor(len(edited)), (norm, edited)


def test_alike_readings_differ_only_by_look_alike_characters() -> None:
    from pipeline.fields import alike
    assert alike("J8DW49272344", "JSDW49272344")
    assert alike("226516072", "Z26516072")
    assert not alike("A4", "AS")
    assert not alike("47970", "4797")


@pytest.mark.parametrize("rx", ["Pe", "Ax"])
def test_a_bare_pharmacy_label_after_a_misread_rx_is_still_its_label(rx: str) -> None:
    # 'Rx BIN' with its 'Rx' read as some other two letters is no longer unknown label
    # ('Dental ID'): the BIN's label.
    assert value(read(RX_CARD, f"{rx} BIN   011552\nRx PCN   ADV\n"), "rx_bin") == "011552"


def test_a_lost_member_id_the_rx_id_repeats_is_no_value_the_rx_id_explains() -> None:
    from pipeline.process import lone_member_id
    from tests.fakes import page

    # Anthem prints the member ID again as the Rx ID; the ID's label was read 'roe'.
    text = ("Anthem Blue Cross\nHARPER E ZIMMERMAN\nroe   NAP W40266617\n"
            "RxID:   NAPW40266617\n")
    r = read(text)
    assert value(r, "member_id") is None and value(r, "rx_id") == "NAPW40266617"
    got = lone_member_id(r, [("front", page(text))], 0.5)
    assert got is not None and got.value == "NAPW40266617" and got.confidence < 0.5
    # The Rx ID's own words are no candidate: with no other printing, no guess.
    only = "Anthem Blue Cross\nHARPER E ZIMMERMAN\nRxID:   NAPW40266617\n"
    assert lone_member_id(read(only), [("front", page(only))], 0.5) is None


@pytest.mark.parametrize(("printed", "rx_id", "member_id"), [
    ("QOL 30818359", "QOL30818359", "QOL30818359"),  # the Rx ID is the member ID
    ("15497631 87", "154976318700", "1549763187"),  # ... with a person code; split by OCR
    ("UNDY200665606_", "NDY20066560600", "NDY200665606"),  # a mark's debris around it
    ("QDL30818359", "QOL30818359", "QOL30818359"),  # one character misread
])
def test_a_member_id_the_rx_id_repeats_is_taken_uncertain_from_the_rx_id(
    printed: str, rx_id: str, member_id: str
) -> None:
    from pipeline.process import lone_member_id
    from tests.fakes import page

    # A card of no template, its name under a mark (no name run for the unlabelled ID).
    text = f"Sample Health Plan\n<xbigail Earl Xiong>\n{printed}\nRx ID #   {rx_id}\n"
    r = read(text)
    assert value(r, "member_id") is None
    got = lone_member_id(r, [("front", page(text))], 0.5)
    assert got is not None and got.value == member_id and got.confidence < 0.5


@pytest.mark.parametrize(("printed", "rx_id", "member_id", "confirmed"), [
    ("QOL 30818359", "QOL30818359", "QOL30818359", True),  # the Rx ID is the member ID
    ("15497631 87", "154976318700", "1549763187", True),  # ... with a person code
    ("UNDY200665606_", "NDY20066560600", "NDY200665606", True),  # a mark's debris
    ("QDL30818359", "QOL30818359", "QOL30818359", False),  # the Rx ID's value, not its own
])
def test_a_member_id_under_the_bar_that_the_rx_id_prints_again_is_confirmed(
    printed: str, rx_id: str, member_id: str, confirmed: bool
) -> None:
    from dataclasses import replace

    from pipeline.config import Config
    from pipeline.process import CONFIRMED_CONFIDENCE, lone_member_id, rx_copy_confirmed
    from pipeline.types import SideRead
    from tests.fakes import page

    text = f"Sample Health Plan\n<xbigail Earl Xiong>\n{printed}\nRx ID #   {rx_id}\n"
    pages: list[tuple[Side, OcrPage]] = [("front", page(text))]
    r = read(text)
    lone = lone_member_id(r, pages, 0.5)
    assert lone is not None and lone.value == member_id and lone.confidence < 0.5
    r = replace(r, fields={**r.fields, "member_id": lone})
    blank: Any = None
    sides = [SideRead(side="front", decoded=blank, card=blank, quality=blank,
                      page=pages[0][1], ocr_image=blank)]
    got = rx_copy_confirmed(r, sides, Config()).get("member_id")
    assert (got is not None and got.value == member_id
            and got.confidence == CONFIRMED_CONFIDENCE) is confirmed
    # An Rx ID with no label of its own (a code read as one) vouches for nothing.
    unlabelled = replace(r, fields={**r.fields, "rx_id": replace(r.fields["rx_id"], label="")})
    assert rx_copy_confirmed(unlabelled, sides, Config()) == {}
    # Nor one that is another number.
    other = replace(r, fields={**r.fields, "rx_id": replace(r.fields["rx_id"],
                                                            value="ZZZ12345678")})
    assert rx_copy_confirmed(other, sides, Config()) == {}
    # Nor one whose O or 0 the member ID's glyphs doubt: both prints read alike.
    assert rx_copy_confirmed(r, sides, Config(), round_doubts={"member_id"}) == {}


@pytest.mark.parametrize(("rx_line", "differs"), [
    ("Rx ID #   939287017401", True),  # the Rx ID prints another number: the member's own
    ("Rx ID #   12882115628600", False),  # the lone code with a person code
    ("Rx ID #   128821156286", False),  # the lone code itself
    ("939287017401", False),  # no Rx ID read (a code with no label is none)
])
def test_a_lone_member_id_the_labelled_rx_id_does_not_repeat_is_not_trusted(
    rx_line: str, differs: bool
) -> None:
    from pipeline.process import rx_id_differs
    from pipeline.types import FieldReading

    r = read(f"Molina Healthcare\nELIJAH S BERGSTROM\n{rx_line}\n")
    lone = FieldReading(name="member_id", value="128821156286", confidence=0.4,
                        side="front", label="", box=Box(47, 346, 204, 382))
    assert rx_id_differs(lone, r) is differs


def test_no_member_id_is_taken_from_an_rx_id_nothing_else_repeats() -> None:
    from pipeline.process import lone_member_id
    from tests.fakes import page

    text = "Sample Health Plan\n<xbigail Earl Xiong>\nRx ID #   QOL30818359\n"
    assert lone_member_id(read(text), [("front", page(text))], 0.5) is None
    # A code far from the Rx ID's form is no reading of it: on a card of no template it is
    # the card's one unexplained code, offered in doubt, never the Rx ID's.
    text = "Sample Health Plan\n<xbigail Earl Xiong>\nZZZ99999999\nRx ID #   QOL30818359\n"
    got = lone_member_id(read(text), [("front", page(text))], 0.5)
    assert got is not None and got.value == "ZZZ99999999" and got.confidence < 0.5


def test_a_medicare_number_is_the_member_id_of_a_card_of_no_template() -> None:
    from pipeline.process import lone_member_id
    from tests.fakes import page

    # A Medicare card whose header OCR did not name; its MBI split after a dash, 6 read
    # G and 0 read O: the CMS format (digits at 4 and 7) undoes both.
    text = "Medicare\nEarl S Mcallister\n2TAG-JDO- KA19|   06-01-2012\n"
    r = read(text)
    assert r.carrier.template_id is None and value(r, "member_id") is None
    got = lone_member_id(r, [("front", page(text))], 0.5)
    assert got is not None and got.value == "2TA6-JD0-KA19" and got.confidence < 0.5
    # No Medicare number, and the member ID is read already (under the member's name).
    other = "Sample Health Plan\nEarl S Mcallister\nABC123456789\n"
    assert lone_member_id(read(other), [("front", page(other))], 0.5) is None


def test_a_card_of_no_template_offers_its_one_unexplained_code_in_doubt() -> None:
    """A directory payer's card whose member ID label OCR garbled (d2222 0329's
    ``ENROITEE in``): the one code no other reading explains, in doubt; none when two
    remain; the plan's name read apart (``PPO`` ``1500``) and an address's state and ZIP
    (``KY`` ``32274``) are no codes."""
    from pipeline.process import lone_member_id
    from tests.fakes import page

    text = ("Quartz\nGold PPO 1500\nELIJAH R IBRAHIM IV\nENROITEE in\n20709417107\n"
            "Send claims to: Quartz, P.O. Box 92140\nLexington, KY 32274\n")
    r = read(text)
    assert value(r, "member_id") is None
    got = lone_member_id(r, [("front", page(text))], 0.5)
    assert got is not None and got.value == "20709417107" and got.confidence < 0.5
    two = text.replace("ENROITEE in\n", "ENROITEE in\nXQ1234567\n")
    assert lone_member_id(read(two), [("front", page(two))], 0.5) is None


@pytest.mark.parametrize(("text", "member_id"), [
    # Medicare's MBI with its G read 6, its label lost to small print.
    ("MEDICARE HEALTH INSURANCE\nNemerhesnbre\nReginald F Yamamoto   96D7-XT2-RM42\n",
     "9GD7-XT2-RM42"),
    # A speck read between a Blue plan's prefix and its number.
    ("BlueCross BlueShield of Illinois\nDOLORES J PHAM'\nUNL.427890454\n", "UNL427890454"),
    # VV read as one W in a monospaced font.
    ("Horizon BlueCross BlueShield\nMAXINE C TRAN SR\nWZ 3872308307\n", "VVZ3872308307"),
])
def test_a_lost_member_id_misread_is_mended_to_its_carriers_format(
    text: str, member_id: str
) -> None:
    from pipeline.process import lone_member_id
    from tests.fakes import page

    r = read(text)
    assert value(r, "member_id") is None
    got = lone_member_id(r, [("front", page(text))], 0.5)
    assert got is not None and got.value == member_id and got.confidence < 0.5


def _label_search(text: str, read_as: str) -> tuple[Any, Any]:
    """A blank front whose page read ``text`` (a label, its value lost), and an engine
    whose every closer read of a region gives ``read_as``."""
    import numpy as np

    from pipeline.ocr import FakeEngine

    reads = [OcrPage(words=(OcrWord(read_as, Box(10, 10, 300, 40), 0.9, 0),),
                     width=400, height=60) for _ in range(8)]
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank, page=page(text),
                    ocr_image=cast(Any, np.full((638, 1011), 255, np.uint8)))
    return side, FakeEngine(reads)


@pytest.mark.parametrize(("read_as", "capped"), [("1GY487183957", True),
                                                 ("IGY487183957", False)])
def test_a_value_near_its_label_read_one_look_alike_off_its_format_is_taken_for_review(
    read_as: str, capped: bool
) -> None:


    from pipeline.process import REPAIRED_SEARCH_CAP, search_near_labels
    from pipeline.templates import load_templates

    # CareFirst's pale ID beside its label, lost by the page's read; every closer read
    # gives its I as 1: the format's reading, under the review bar.
    template = next(t for t in load_templates()[1] if t.id == "carefirst")
    side, engine = _label_search("CareFirst BlueCross BlueShield\nMember ID No.\n", read_as)
    got = search_near_labels([side], template, template.fields["member_id"], set(), engine,
                             repair=True)
    assert got is not None and got.value == "IGY487183957"
    assert (got.confidence <= REPAIRED_SEARCH_CAP) is capped


@pytest.mark.parametrize(("read_as", "taken"), [("46545FL9996789", False),
                                                ("7366761134", True)])
def test_a_plan_id_under_a_misread_plan_label_is_no_member_id_looked_for(
    read_as: str, taken: bool
) -> None:


    from pipeline.process import search_near_labels
    from pipeline.templates import load_templates

    # Fresh 12020's 0023: 'Plan id' read 'Puan id', its bare 'id' taken for a member-ID
    # label; the Marketplace plan ID under such a label, read again, is a plan's number,
    # never the member ID.
    generic = load_templates()[0]
    side, engine = _label_search("Harvard Pilgrim Health Care\nMember id\n", read_as)
    got = search_near_labels([side], generic, generic.fields["member_id"], set(), engine)
    assert (got is not None and got.value == read_as) is taken


def test_a_lost_member_id_split_into_several_words_by_ocr_is_joined() -> None:
    from pipeline.process import lone_member_id
    from tests.fakes import page

    # Ambetter's 'Certificate #' misread, its value split at narrow gaps, with a mark's
    # edge read after it.
    text = "Ambetter\nName/Nombre   Eattificate se\nDESHAWN DELACRUZ   ;U204 1 3009}\n"
    r = read(text)
    assert r.carrier.template_id == "ambetter" and value(r, "member_id") is None
    got = lone_member_id(r, [("front", page(text))], 0.5)
    assert got is not None and got.value == "U20413009" and got.confidence < 0.5
    # Words a column's gap apart are no split code.
    apart = "Ambetter\nName/Nombre   Eattificate se\nDESHAWN DELACRUZ   U204   13009\n"
    assert lone_member_id(read(apart), [("front", page(apart))], 0.5) is None


_KAISER_STACK = """KAISER PERMANENTE
Medical Record Number
4959726916
{between}
1403
Effective date
01/01/2026
"""


def test_a_code_stacked_under_a_value_with_its_label_lost_is_a_group_to_review() -> None:
    # Holdout 0108: Kaiser cards need print no group, but this one's pale 'Grp' over 1403
    # was lost in glare; the code under the ID, with room for a label, is one to check.
    r = read(_KAISER_STACK.format(between=""))
    assert value(r, "member_id") == "4959726916"
    assert "group_number" not in r.fields
    assert "group_number_uncertain" in codes(r)


def test_a_code_with_a_word_between_it_and_the_value_above_needs_no_group_review() -> None:
    # A label read above the code (one no field takes), or the next line of a list.
    assert "group_number_uncertain" not in codes(read(_KAISER_STACK.format(between="Region")))
    listed = _KAISER_STACK.replace("4959726916\n{between}\n", "4959726916\n")
    assert "group_number_uncertain" not in codes(read(listed))


def _highmark_pair(group_left: float) -> tuple[Interpretation, list[SideRead]]:
    """A Highmark front with the ID and group stacked under their labels side by side;
    the group's word read from ``group_left`` (its label starts at 400)."""
    import numpy as np

    front = _words_page([("highmark", 40.0)],
                        [("Identification", 40.0), ("No.", 250.0), ("Group", 400.0),
                         ("ID", 480.0)],
                        [("CPU", 130.0), ("991542099", 190.0), ("98503745", group_left)])
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank, page=front,
                    ocr_image=np.full((638, 1011), 255, np.uint8))
    return interpret([("front", front)], has_back=False), [side]


def _reads(text: str) -> list[OcrPage]:
    """Four closer reads of one region, each giving ``text``."""
    return [OcrPage(words=(OcrWord(text, Box(12, 12, 300, 60), 0.9, 0),), width=400,
                    height=80) for _ in range(4)]


def test_values_joined_across_a_column_gap_are_split_at_the_label_and_reviewed() -> None:
    from pipeline.ocr import FakeEngine
    from pipeline.process import JOINED_CONFIDENCE, joined_values

    # Holdout 0080: an arrow drawn from the ID to the group joined the ID's last 9 to the
    # group's word, which so starts 4 heights left of its label, right after the ID.
    found, sides = _highmark_pair(330.0)
    assert value(found, "member_id") == "CPU991542099"
    assert value(found, "group_number") == "98503745"
    # Read again apart at the group label's edge: the 9 moves back to the ID.
    got = joined_values(found, sides, FakeEngine(_reads("8503745") + _reads("CPU9915420999")))
    assert {n: (r.value, r.confidence) for n, r in got.items()} == {
        "member_id": ("CPU9915420999", JOINED_CONFIDENCE),
        "group_number": ("8503745", JOINED_CONFIDENCE)}
    # Closer reads that do not move characters from one to the other: both as read.
    got = joined_values(found, sides, FakeEngine(_reads("8503745") + _reads("CPU991542099")))
    assert {n: (r.value, r.confidence) for n, r in got.items()} == {
        "member_id": ("CPU991542099", JOINED_CONFIDENCE),
        "group_number": ("98503745", JOINED_CONFIDENCE)}
    # The group under its label with a column's gap before it: nothing joined, no OCR.
    found, sides = _highmark_pair(400.0)
    assert value(found, "group_number") == "98503745"
    engine = FakeEngine(_reads("8503745"))
    assert joined_values(found, sides, engine) == {} and engine.calls == 0


def test_small_look_alike_letters_next_to_capitals_read_small_are_upper_cased() -> None:
    from pipeline.fields import fold_case

    # Holdout 0277: NCU1354151876 read 'Ncu1354151876': the u is beside the c folded.
    assert fold_case("Ncu1354151876") == "NCU1354151876"
    assert fold_case("Xw0480611685") == "XW0480611685"
    assert fold_case("Ewo009999") == "EWo009999"  # holdout 0024: the o is a 0 (EW0009999)
    assert fold_case("o7111") == "o7111"  # among digits: a 0 read small
    assert fold_case("Nca1234") == "Nca1234"  # another small letter: a word
    assert fold_case("48073043s") == "48073043S"  # 8282's 0291: its last letter read small
    assert fold_case("4807s") == "4807S"
    assert fold_case("480s") == "480s"  # a short word ('480s'), not an identifier


def test_a_closer_read_never_makes_a_misread_group_label_sure() -> None:
    """A value under a mangled label (``Gr +o:``) read again closely is surely what is
    printed there, not surely the group: its confidence stays under its label's score
    (fresh range 8888 0135: the claims address's ZIP code taken at 0.9)."""
    card = "UnitedHealthcare\nMember ID  912345678\nGr +o:  26955\n"
    first = read(card, BACK)
    group = first.fields["group_number"]
    assert group.value == "26955" and group.label_score < 0.6
    closer = replace(group, confidence=0.9)  # what a closer read of the value gives
    r = interpret([("front", page(card)), ("back", page(BACK))], has_back=True,
                  overrides={"group_number": closer})
    assert r.fields["group_number"].confidence <= group.label_score
    assert "group_number_uncertain" in codes(r)
    exact = read("UnitedHealthcare\nMember ID  912345678\nGroup:  26955\n", BACK)
    assert exact.fields["group_number"].label_score == 1.0


def test_a_value_part_whose_box_reached_the_labels_row_is_not_the_value_alone() -> None:
    # Fresh range 8888 0136: Oxford's 'Group ID' read 'Grou)', its value 8942035 under it
    # read '894)' '3' '035', the '3' boxed tall enough to stand on the label's row: '3035'
    # was taken right of the label at 0.6. The rest of a value split closer than a word
    # space is never a value alone (reviewed).
    words = (
        OcrWord("OXFORD", Box(40, 20, 160, 44), 0.95, 0),
        OcrWord("Member", Box(40, 80, 130, 96), 0.95, 1),
        OcrWord("ID:", Box(140, 80, 175, 96), 0.95, 1),
        OcrWord("3860773181", Box(190, 78, 330, 100), 0.95, 1),
        OcrWord("Grou)", Box(48, 285, 95, 300), 0.79, 2),
        OcrWord("894)", Box(49, 303, 93, 325), 0.63, 3),
        OcrWord("3", Box(94, 289, 108, 325), 0.76, 4),
        OcrWord("035", Box(108, 285, 151, 325), 0.91, 5),
    )
    r = interpret([("front", OcrPage(words=words, width=1011, height=638))], has_back=False)
    assert value(r, "group_number") != "3035"
    assert "group_number_uncertain" in codes(r)


def test_a_group_label_after_a_stub_in_a_column_of_rx_labels_is_the_rx_group() -> None:
    # Fresh range 8888 0052: an Ambetter back's Rx block 'Rxbin:', 'Rxpcn:', 'Rx group:',
    # 'Rxplan:' with 'Rx' of the group's line read '&': 'group;' took RX9490 for the plan's
    # group at 0.84. A stub left-aligned with the Rx labels above or below it is 'Rx'.
    back = _words_page([("Rxbin;", 44.0), ("004336", 131.0)], [("Rxpcn:", 45.0), ("ADV", 130.0)],
                       [("&", 46.0), ("group;", 82.0), ("RX9490", 180.0)],
                       [("Rxplan;", 44.0), ("Value", 150.0)])
    front = page("Ambetter\nMember ID  U63704167\n")
    r = interpret([("front", front), ("back", back)], has_back=True)
    assert value(r, "group_number") != "RX9490"
    # Nor is its label a trace of a plan's group whose value was lost.
    assert "group_number_uncertain" not in codes(r)


def test_a_group_word_after_an_rx_stub_is_no_trace_of_a_lost_group() -> None:
    from pipeline.process import group_trace

    back = _words_page([("Rxpcn:", 45.0), ("ADV", 130.0)], [("&", 46.0), ("group;", 82.0)],
                       [("Rxplan;", 44.0), ("Value", 150.0)])
    assert not group_trace([back])
    assert group_trace([_words_page([("group;", 82.0)])])


def test_a_group_letter_o_the_print_does_not_show_is_uncertain() -> None:
    # Fresh range 8888 0200: Anthem's group 517526RS0K read 517526RSOK at 0.68 (closer
    # reads too); its S and 0 touch, so no width settles the O: a person looks. A printed
    # letter O, as wide as one, stays as it was read.
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from pipeline.process import UNSETTLED_O_CONFIDENCE, group_o_unsettled

    def strip(text: str) -> tuple[Any, Box]:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 28)
        image = Image.new("L", (1011, 638), 245)
        draw = ImageDraw.Draw(image)
        draw.text((300, 300), text, fill=20, font=font)
        return np.asarray(image), Box(*map(float, draw.textbbox((300, 300), text, font=font)))

    def checked(printed: str, read_as: str) -> float:
        image, box = strip(printed)
        r = read(f"Anthem\nMember ID  QOE528701574\nGroup No.  {read_as}\n", BACK)
        r = replace(r, fields={**r.fields, "group_number": replace(
            r.fields["group_number"], box=box, confidence=0.68)})
        blank: Any = None
        sides = [SideRead(side="front", decoded=blank, card=blank, quality=blank,
                          page=page("Anthem\n"), ocr_image=image)]
        got = group_o_unsettled(r, sides).get("group_number")
        return got.confidence if got is not None else 0.68

    assert checked("517526RS0K", "517526RSOK") == UNSETTLED_O_CONFIDENCE
    assert checked("517526RSOK", "517526RSOK") == 0.68


def test_a_lone_colon_before_a_value_is_a_lost_labels_remnant() -> None:
    # Fresh range 8888 0108: glare washed out Kaiser's 'GROUP ID:' but its colon; read
    # again, the label region gave 'GR¢ Lis', a group's trace (the card is reviewed).
    from pipeline.process import group_trace
    from pipeline.reread import mangled_label_near

    value_box = Box(242, 324, 341, 348)
    colon = OcrWord(":", Box(207, 335, 211, 346), 0.87, 1)
    code = OcrWord("967599", value_box, 0.96, 2)
    assert mangled_label_near([colon, code], value_box)
    # A label read before its colon is no remnant: its value has its label.
    label = OcrWord("Plan", Box(120, 324, 200, 348), 0.96, 1)
    assert not mangled_label_near([label, colon, code], value_box)
    assert group_trace([OcrPage(words=(OcrWord("GR¢", Box(49, 330, 91, 347), 0.84, 3),),
                                width=1011, height=638)])


def test_an_explainers_numbered_circle_before_a_value_is_no_part_of_it() -> None:
    # Holdout 0050: a circled '3' printed over CareFirst's 'Grp No.' was read as a tall,
    # doubtful word before the group 9099062, which then went unread ('3', reviewed).
    words = (
        OcrWord("CareFirst", Box(560, 20, 760, 50), 0.95, 0),
        OcrWord("LHT036065540", Box(47, 231, 239, 255), 0.9, 1),
        OcrWord("Grp", Box(46, 280, 81, 304), 0.94, 2),
        OcrWord("3", Box(86, 255, 120, 299), 0.24, 2),
        OcrWord("9099062", Box(127, 278, 225, 299), 0.97, 2),
    )
    r = interpret([("front", OcrPage(words=words, width=1011, height=638))], has_back=False)
    assert value(r, "group_number") == "9099062"
    # A digit of the value's own height is read as part of it, however doubtful.
    same = (*words[:3], OcrWord("3", Box(86, 278, 100, 299), 0.24, 2), words[4])
    r = interpret([("front", OcrPage(words=same, width=1011, height=638))], has_back=False)
    assert value(r, "group_number") != "9099062"


def test_closer_reads_give_back_a_first_character_the_page_lost_inside_its_box() -> None:
    # Fresh range 8888 0057: AultCare's group G000999 read 000999 by the page, its box
    # holding the G's ink; closer reads all gave G000999. Taken, under the review bar.
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from pipeline.process import lost_start

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 28)
    image = Image.new("L", (1011, 638), 245)
    draw = ImageDraw.Draw(image)
    draw.text((400, 300), "G000999", fill=20, font=font)
    whole = Box(*map(float, draw.textbbox((400, 300), "G000999", font=font)))
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank,
                    page=page("AultCare\n"), ocr_image=np.asarray(image))
    r = read("AultCare\nGROUP ID  000999\n", BACK).fields["group_number"]
    assert lost_start(side, replace(r, box=whole), "G000999")
    # A box round the digits only: the G is another word's (or nothing the page boxed).
    digits = replace(whole, left=whole.left + 0.2 * whole.width)
    assert not lost_start(side, replace(r, box=digits), "G000999")
    assert not lost_start(side, replace(r, box=whole), "G000998")


@pytest.mark.parametrize(("reads", "expected"), [
    (["68043548"] * 4, "68043548"),  # closer reads agree on a lost last character
    (["16804354"] * 4, "16804354"),  # or first
    (["6804384"] * 4, "6804384"),  # or a look-alike of the page's (5 and 8)
    (["6804364"] * 4, "6804354"),  # a digit no look-alike of the page's: their misreading
    (["68043548", "6804354", "6804384", "6804354"], "6804354"),  # no agreement: as read
    (["G804354"] * 4, "6804354"),  # a look-alike, but none of Regence's format
    (["WQY821819225"] * 4, "6804354"),  # another field's value: not the group's
])
def test_a_lone_groups_misreading_is_put_right_by_agreeing_closer_reads(
    reads: list[str], expected: str
) -> None:
    # Holdout 0192: Health Net's group G804354 under a lost label, read 6804354 by the
    # page; closer reads all gave G804354. The card stays reviewed (lone group).
    from typing import cast

    import numpy as np

    from pipeline.ocr import FakeEngine
    from pipeline.process import LONE_GROUP_CONFIDENCE, lone_group, reread_lone

    text = "Regence BlueShield\nCertificate   WQY821819225\n6804354   01/01/2024\n"
    r = read(text)
    lone = lone_group(r, [("front", page(text))])
    assert lone is not None and lone.value == "6804354"
    canned = [OcrPage(words=(OcrWord(v, Box(10, 10, 200, 40), 0.9, 0),), width=400,
                      height=60) for v in reads]
    blank: Any = None
    sides = [SideRead(side="front", decoded=blank, card=blank, quality=blank,
                      page=page(text), ocr_image=cast(Any, np.full((638, 1011), 255, np.uint8)))]
    got = reread_lone(lone, r, sides, FakeEngine(canned))
    assert got.value == expected and got.confidence == LONE_GROUP_CONFIDENCE


class _PrefixReads:
    """An engine whose every reading is one word: the next of ``texts``, in turn."""

    name = "fake"

    def __init__(self, *texts: str) -> None:
        self.texts = list(texts)
        self.calls: list[dict[str, Any]] = []

    def recognize(self, image: Any, **kwargs: Any) -> OcrPage:
        self.calls.append(kwargs)
        text = self.texts[(len(self.calls) - 1) % len(self.texts)]
        return OcrPage(words=(OcrWord(text, Box(12, 12, 60, 40), 0.9, 0),), width=100,
                       height=60)

    def detect_orientation(self, image: Any) -> None:
        return None

    def version(self) -> str:
        return "fake"


def _drawn_member_id(printed: str, read_as: str, confidence: float) -> tuple[
        Any, list[SideRead]]:
    """A Horizon card read ``read_as`` (at ``confidence``) where ``printed`` is printed."""
    from dataclasses import replace

    import numpy as np
    from PIL import Image as PilImage
    from PIL import ImageDraw, ImageFont

    from pipeline.process import replace_readings
    from tests.fakes import page

    text = f"Horizon BlueCross BlueShield\nID Number:  {read_as}@{confidence}\n"
    r = read(text)
    img = PilImage.new("L", (1011, 638), 245)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 24)
    draw.text((200, 300), printed, fill=20, font=font)
    box = Box(*map(float, draw.textbbox((200, 300), printed, font=font)))
    r = replace_readings(r, {"member_id": replace(r.fields["member_id"], box=box)})
    blank: Any = None
    return r, [SideRead(side="front", decoded=blank, card=blank, quality=blank,
                        page=page(text), ocr_image=np.asarray(img))]


def test_a_doubtful_member_ids_prefix_read_alone_alike_three_times_is_put_right() -> None:
    from pipeline.process import prefix_reread

    found, sides = _drawn_member_id("XOE104670697", "KOE104670697", 0.3)
    engine = _PrefixReads("XOE")
    fixed = prefix_reread(found, sides, engine, 0.5)["member_id"]
    assert fixed.value == "XOE104670697"
    assert fixed.confidence < 0.5  # still a person's to check
    assert len(engine.calls) == 3 and all(c["whitelist"].isalpha() for c in engine.calls)
    # Closer reads that disagree, or say the reading's prefix, or two letters off: kept.
    assert prefix_reread(found, sides, _PrefixReads("XOE", "KOE", "XOE"), 0.5) == {}
    assert prefix_reread(found, sides, _PrefixReads("KOE"), 0.5) == {}
    assert prefix_reread(found, sides, _PrefixReads("XQE"), 0.5) == {}
    # A confident reading is not read again.
    found, sides = _drawn_member_id("XOE104670697", "KOE104670697", 0.9)
    engine = _PrefixReads("XOE")
    assert prefix_reread(found, sides, engine, 0.5) == {} and not engine.calls


def test_a_prefix_read_closer_never_trades_one_round_letter_for_another() -> None:
    from pipeline.process import prefix_reread

    # Closer reads lose a Q's tail (QLW read OLW at every scale): the glyph test judges it.
    found, sides = _drawn_member_id("QLW356672329", "QLW356672329", 0.4)
    assert prefix_reread(found, sides, _PrefixReads("OLW"), 0.5) == {}


def test_a_name_label_gives_no_value_to_a_code_beside_it() -> None:
    from pipeline.fields import others_values
    from pipeline.templates import load_templates

    aetna = next(t for t in load_templates()[1] if t.id == "aetna")
    names = {"member_id", "member_id_prefix", "member_id_suffix"}
    # 'MEMBER ID' with its 'ID' misread 'wW': 'MEMBER' is the name's label, but a name is
    # no code of digits, so the ID beside it may be the member ID whose label was lost.
    p = page("MEMBER NAME   NORA LARSON\nMEMBER wW W199451463\n")
    code = next(w.box for w in p.words if w.text == "W199451463")
    assert code not in others_values(p, aetna, "front", names)
    # A label whose format holds digits keeps the code beside it as its value.
    p = page("MEMBER NAME   NORA LARSON\nRX GROUP W199451463\n")
    code = next(w.box for w in p.words if w.text == "W199451463")
    assert code in others_values(p, aetna, "front", names)


def test_a_group_is_never_the_member_id_printed_again() -> None:
    """Fresh range 6666: an ``EMPLOYER GROUP`` head beside the Rx ID (the member ID printed
    again under its own label) gave the group ``220554846`` at 0.96; the card's ``GROUP ID``
    reading is the group. With no other reading, the group goes to review."""
    from pipeline.fields import not_member_id
    from pipeline.types import FieldReading

    def reading(name: str, text: str, confidence: float, label: str) -> FieldReading:
        return FieldReading(name=name, value=text, confidence=confidence, side="front",
                            label=label, box=Box(0, 0, 10, 10))

    member = reading("member_id", "220554846", 0.95, "ID")
    copied = reading("group_number", "220554846", 0.96, "EMPLOYER GROUP")
    own = reading("group_number", "76-581586", 0.92, "GROUP ID")
    assert not_member_id(copied, member, [member, copied, own]) == own
    assert not_member_id(copied, member, [member, copied]) is None
    assert not_member_id(own, member, [member, copied, own]) is None

    r = read("""
ACME HEALTH PLAN
Member ID: 220554846
Group: 220554846
""")
    group = r.fields["group_number"]
    assert group.value == "220554846" and group.confidence <= 0.45
    assert "group_number_uncertain" in {x.code for x in r.reasons}


@pytest.mark.parametrize(("text", "expected"), [
    # Regence, every small label lost: the BIN 610014 fits the group's \d{5,8}, and the
    # group 96960 (a short number no BIN's format fits) too: the group is that one.
    ("Regence BlueShield\nPlan   Innova\nCertificate   WQY821819225\n"
     "96960   REGENCE\n610014   RGN0622\n", "96960"),
    # Two such words: no guess.
    ("Regence BlueShield\nPlan   Innova\nCertificate   WQY821819225\n"
     "96960   REGENCE\n610014   RGN0622\n55123\n", None),
    # A four-digit number (a PCN like 4321, fitting UHC Student Resources' \d{4,10}) is no
    # group taken in the BIN's place.
    ("UnitedHealthcare StudentResources\nMember #   DP0009999\n4321\n610279\n", None),
    # A card issuer's (80840) and its number are no group.
    ("UMR\nMember #   628080962\n(80840) 910937505\n610014\n", "610014"),
    # BCBS of Texas: the BIN (read 911552) fits the group's first form \d{6}, the group
    # 20931595 its \d{8}: no guess.
    ("BlueCross BlueShield of Texas\nYMD 932146250\n20931595   $20\n"
     "TXPROD1\nBCTX921\n911552\n", None),
    # A six-digit group, no other word of its side fitting: taken.
    ("Regence BlueShield\nPlan   Innova\nCertificate   WQY821819225\n"
     "614220   01/01/2024\nCall 1-800-846-0946\n", "614220"),
    # A group in a form no BIN has stays taken beside a short number (a Florida Blue
    # group with a letter beside a five-digit one).
    ("Florida Blue\nBlueSelect\nROA H18763105\nA97461   XXXXXXX\n12345\n", "A97461"),
])
def test_a_lost_group_that_could_be_the_rx_bin_gives_way_to_another_fit(
    text: str, expected: str | None
) -> None:
    from pipeline.process import lone_group
    from tests.fakes import page

    lone = lone_group(read(text), [("front", page(text))])
    assert (lone.value if lone is not None else None) == expected


def test_group_ending_an_employers_name_is_no_group_label() -> None:
    """Fresh range 6666 0324: the employer ``Riverbend Medical Group`` under its ``EMPLOYER
    GROUP`` head ended in a word read as the group's label, which took the ``BENEFIT PLAN``
    code beside it (BP9006 at 0.92, not reviewed) over ``GRP``'s NQ0647."""
    card = """
BLUE CROSS BLUE SHIELD OF ARIZONA
DOB            GRP
05/18/2009     NQ0647

EMPLOYER GROUP                   BENEFIT PLAN
Riverbend Medical Group          BP9006
"""
    r = read(card)
    assert value(r, "group_number") == "NQ0647"
    # A label with its colon after a word stays a label ('PREMERA Rx GRP: PBC8159').
    rx = read("PREMERA BLUE CROSS\nRx PCN: PREMERA Rx GRP: PBC8159\n")
    assert value(rx, "rx_group") == "PBC8159"


def test_an_employers_name_ending_in_a_label_word_is_read_whole() -> None:
    # Fresh range 6666 0211: 'Riverbend Medical Group' stacked under 'EMPLOYER', its last
    # word a group label with nothing to label.
    card = """
PREMERA BLUE CROSS
GRP NO.                      BIN: 610014
7370783
EMPLOYER                     PCN: PREMERA
Riverbend Medical Group      RX GROUP: PBC6367
"""
    r = read(card)
    assert value(r, "group_name") == "Riverbend Medical Group"
    assert value(r, "group_number") == "7370783"


def test_an_employer_group_head_over_a_name_gives_the_employer() -> None:
    # Fresh range 6666 0137: 'EMPLOYER GROUP' (a label of both the group and the employer)
    # over the employer's name, the Rx ID's number right of it: the group's label took
    # nothing there; the name under it is the employer.
    card = """
UMR
GROUP ID:  76-581586
                                      RX ID #
EMPLOYER GROUP                        220554846
Riverbend Medical
"""
    r = read(card)
    assert value(r, "group_name") == "Riverbend Medical"
    assert value(r, "group_number") == "76-581586"


def test_a_card_issuers_number_is_no_rival_of_a_lone_member_id() -> None:
    from pipeline.process import LONE_MEMBER_CONFIDENCE, lone_value, sole_fit, values_read

    def sides(text: str) -> list[SideRead]:
        blank: Any = None
        return [SideRead(side="front", decoded=blank, card=blank, quality=blank,
                         page=page(text), ocr_image=blank)]

    # A Cigna card whose ID# label OCR lost: its issuer's number fits the ID's \d{9,11}.
    card = ("Cigna\nDOLORES VAN DYKE      ISSUER #\n"
            "DATE OF BIRTH          (80840)  9107536078\n11/05/1998\n541254276\n")
    r = read(card)
    rule = r.template.fields["member_id"]
    lone = lone_value(rule, values_read(r.fields, r.distractors), [("front", page(card))],
                      LONE_MEMBER_CONFIDENCE)
    assert lone is not None and lone.value == "541254276"
    assert sole_fit(lone, rule, r, sides(card))
    # Another code of the ID's form, with no issuer before it, is a rival.
    other = card.replace("(80840)", "Plan   ")
    assert not sole_fit(lone, rule, read(other), sides(other))


def test_a_lone_code_run_on_into_its_person_code_is_the_code() -> None:
    """d1111 0323: ``JJE7766321592 03`` with its label lost; the joined run
    ``JJE776632159203`` fits the format too, but it is the same print with the person code."""
    import re

    from pipeline.process import LONE_MEMBER_CONFIDENCE, lone_value
    from pipeline.templates import FieldRule

    rule = FieldRule("member_id", ("ID",), re.compile(r"[A-Z0-9]{6,15}"))
    card = "Sample Health Plan\nJACOB R SMITH\nJJE7766321592 03\n"
    lone = lone_value(rule, set(), [("front", page(card))], LONE_MEMBER_CONFIDENCE, pairs=True)
    assert lone is not None and lone.value == "JJE7766321592"
    # Two codes of their own remain two.
    two = card.replace(" 03", "  XQ1234567")
    assert lone_value(rule, set(), [("front", page(two))], LONE_MEMBER_CONFIDENCE,
                      pairs=True) is None


@pytest.mark.parametrize(("label", "reads", "trusted"), [
    ("Grp#", ["801842"] * 4, True),  # its label over it, the closer reads agree: trusted
    ("Plan", ["801842"] * 4, False),  # another field's word over it: still lone
    ("Grp#", ["301842", "801842", "801842", "801842"], False),  # a read gives another
])
def test_a_lost_group_whose_label_is_read_in_its_own_box_top_is_trusted(
    label: str, reads: list[str], trusted: bool
) -> None:
    """A small label tight over its value that the first pass merged into the value's box
    (Priority Health's ``Grp#`` over ``801842``): read in the box's top, it names the lone
    code the group on a card with no template, and closer reads check its characters."""
    from typing import cast

    import numpy as np

    from pipeline.ocr import FakeEngine
    from pipeline.process import DISTINCT_LONE_CONFIDENCE, confirmed_lone, lone_group
    from tests.fakes import page

    text = "Priority Health\nMember id #:   D34960242\nPlan id   89307IL0655529\n801842\n"
    r = read(text)
    assert r.template.id == "generic"
    lone = lone_group(r, [("front", page(text))])
    assert lone is not None and lone.value == "801842"
    canned = [OcrPage(words=(OcrWord(label, Box(10, 5, 80, 30), 0.92, 0),), width=400,
                      height=60)]
    canned += [OcrPage(words=(OcrWord(v, Box(10, 10, 200, 40), 0.9, 0),), width=400,
                       height=60) for v in reads]
    blank: Any = None
    sides = [SideRead(side="front", decoded=blank, card=blank, quality=blank,
                      page=page(text), ocr_image=cast(Any, np.full((638, 1011), 255, np.uint8)))]
    got = confirmed_lone(lone, r, sides, FakeEngine(canned))
    assert (got.confidence == DISTINCT_LONE_CONFIDENCE) is trusted


def test_a_code_under_an_rx_line_is_not_the_lines_lost_code() -> None:
    """Wide seed 777, 0016: ``Rx BIN 610014  Rx PCN REGENCE  Rx GRP RGN1569`` on one line,
    its PCN and group labels lost (``CN``), an Rx ID under the BIN: the Rx ID is no PCN."""
    line = "Rx BIN   610014   CN   REGENCE   RGN1569\n"
    r = read("Regence BlueShield\nMember ID:   WZL190524696\n" + line
             + "RX       AD708899597\n")
    assert value(r, "rx_bin") == "610014"
    assert value(r, "rx_pcn") != "AD708899597"
    # a stacked block reads its lost code under the BIN still
    stacked = read("Regence BlueShield\nMember ID:   WZL190524696\n"
                   "Rx BIN   610014\n         RG4001\n")
    assert value(stacked, "rx_pcn") == "RG4001"


def test_a_name_tabbed_to_the_forms_value_column_is_its_labels_value() -> None:
    """A form prints its labels in one column and their values tabbed to another: the
    name far right of a short ``Name:`` starts where the values over and under it do, so
    it is that label's value, and the card names a member beside its policy holder."""
    r = read("""
BlueCross BlueShield of Texas
Policy Holder:      DOLORES LARSON
Name:               RASMUSSEN, ROSA J
ID No.:             FCR226830855
""", BACK)
    assert value(r, "member_name") == "RASMUSSEN, ROSA J"
    assert value(r, "subscriber_name") == "DOLORES LARSON"


def test_a_name_far_right_of_a_name_label_with_no_form_around_it_is_not_its_value() -> None:
    generic, _ = load_templates()
    r = fields.locate(page("""
Name:               RASMUSSEN, ROSA J
""").words, [generic.fields["member_name"]])
    assert [f.value for f in r if f.label] == []


def test_a_name_under_a_column_head_ends_where_the_next_heads_column_starts() -> None:
    """Two names under two heads read as one line: each head's value is its own column's."""
    r = read("""
Empire BlueCross BlueShield
Policy holder  Member name        Id#
LUNA KAY PHAM  SVETLANA DUBOIS    VBXW61475518
""", BACK)
    assert value(r, "subscriber_name") == "LUNA KAY PHAM"
    assert value(r, "member_name") == "SVETLANA DUBOIS"


def test_a_name_under_its_label_starts_at_the_word_its_first_words_box_starts_inside() -> None:
    """OCR boxed the initial tall over the given name's end, so by its top it came first
    under the label: the name starts at the given name, not at the initial (``VAN DYKE``
    alone would be a wrong name)."""
    generic, _ = load_templates()

    def w(text: str, box: Box, line: int) -> OcrWord:
        return OcrWord(text=text, box=box, confidence=0.0 if text in ("STELLA", "J") else 0.96,
                       line=line)

    words = [w("ENROLLEE", Box(45, 208, 133, 226), 0), w("STELLA", Box(45, 228, 151, 252), 1),
             w("J", Box(142, 217, 153, 259), 1), w("VAN", Box(160, 224, 214, 247), 1),
             w("DYKE", Box(220, 224, 290, 247), 1)]
    got = fields.locate(words, [generic.fields["member_name"]])
    assert [f.value for f in got] == ["STELLA J VAN DYKE"]


def test_a_second_readings_double_of_a_names_first_word_is_not_put_before_it() -> None:
    """Words merged from a second reading lie over the first reading's: a double of the
    given name boxed a little left of it is no word before it (``ROSAROSA``); a word the
    first word's box starts inside the right half of is (``STELLA`` under a tall ``J``)."""
    words = [OcrWord("ROSA", Box(105, 203, 177, 226), 0.91, 1),
             OcrWord("ROSA", Box(105.33, 183.67, 176, 226.33), 0.93, 2),
             OcrWord("OYELARAN", Box(184, 203, 325, 226), 0.91, 1)]
    assert fields._overlapped_start(words, [1, 2], {0, 1, 2}) == [1, 2]
    words = [OcrWord("STELLA", Box(45, 228, 151, 252), 0.0, 1),
             OcrWord("J", Box(142, 217, 153, 259), 0.0, 1),
             OcrWord("VAN", Box(160, 224, 214, 247), 0.96, 1)]
    assert fields._overlapped_start(words, [1, 2], {0, 1, 2}) == [0, 1, 2]


@pytest.mark.parametrize("prefix", ["(80840)", "¢£0840)", "(20340)", "(20840)"])
def test_a_card_issuers_number_under_its_misread_prefix_is_no_lone_member_id(
        prefix: str) -> None:
    from pipeline.process import issuer_prefix, lone_member_id, replace_readings, row_group

    # d3333 0055, a 430 px web image: 'Member id no.' read 'Merrdet i pe.' over the ID,
    # 'Plan (80840)' read 'Pia ¢£0840)' over the plan's number; both fit Wellcare's format.
    text = ("Wellcare\nStella F Kowalczyk\n"
            f"Merrdet i pe.            Pia {prefix}\n"
            "026847373                9140461942\n")
    assert issuer_prefix(prefix)
    got = lone_member_id(read(text), [("front", page(text))], 0.5)
    assert got is not None and got.value == "026847373"
    # Nor is it the group of the lost-label ID's row.
    found = replace_readings(read(text), {"member_id": got})
    assert row_group(found, [("front", page(text))]) is None
    # Another bracketed code, or a prefix many edits off, is no issuer's.
    assert not any(issuer_prefix(t) for t in ("(800)", "(12345)", "BHF)", "80B)", "(0840"))


def test_a_member_id_label_is_no_names_label_giving_the_ids_prefix_away() -> None:
    from pipeline.process import MEMBER_ID_PARTS

    # d1111 0308, a 430 px web image: 'Member ID #:' read 'Member ID 2 #:' before the ID
    # 'BNQ 000099999', the '2' taken for the ID. The label is the member ID's: no name's
    # 'Member' gives the prefix 'BNQ' to the name, so a lost-label search may take it.
    text = "BlueCross BlueShield of Texas\nMember ID 2 #: BNQ 000099999\n"
    r = read(text)
    assert value(r, "member_id") == "2"
    assert fields.others_values(page(text), r.template, "front", MEMBER_ID_PARTS) == []
    # Another field's label still gives its value away.
    rx = "BlueCross BlueShield of Texas\nRx ID   XOE1 0467069700\n"
    assert fields.others_values(page(rx), read(rx).template, "front", MEMBER_ID_PARTS)


def _shifted(text: str, word: str, by: float) -> OcrPage:
    """``text``'s fake page with ``word`` (and every word after it on its row) moved
    right by ``by`` pixels: a gap OCR boxed wider than the text's spaces."""
    p = page(text)
    w0 = next(w for w in p.words if w.text == word)
    moved = tuple(replace(w, box=Box(w.box.left + by, w.box.top, w.box.right + by,
                                     w.box.bottom))
                  if w.box.top == w0.box.top and w.box.left >= w0.box.left else w
                  for w in p.words)
    return OcrPage(words=moved, width=p.width, height=p.height)


@pytest.mark.parametrize(("more", "gap", "trusted"), [
    ("19099", 0.62, False),      # 9797's 0355: the rest of OIN90919099, split by blur
    ("19099", 1.0, True),        # a column's gap: another value
    ("99", 0.62, True),          # a two-digit suffix
    ("(20253702)", 0.62, True),  # the value again in brackets, no code
    ("DOE", 0.62, True),         # a word, no code
])
def test_a_value_with_a_code_close_after_it_is_not_trusted(
        more: str, gap: float, trusted: bool) -> None:
    text = f"Arkansas Blue Cross\nIdentification No.\nOIN909 {more}\n"
    # one space is 14 px of 24 px words: move the word to the gap asked for
    pg = _shifted(text, more, gap * 24.0 - 14.0)
    found = interpret([("front", pg)], has_back=False)
    member = found.fields["member_id"]
    assert member.value == "OIN909"
    assert (member.confidence >= 0.5) is trusted


def test_a_pages_lines_are_remembered_and_the_same_as_computed() -> None:
    words = page("Member ID  W213769935\nGROUP  866081\n").words
    first = fields._lines(words)
    assert fields._lines(words) is first  # the same tuple of words: remembered
    assert first == fields._lines(list(words))  # a list is computed afresh, alike
    assert first == {0: [0, 1, 2], 1: [3, 4]}


def test_a_list_head_of_members_is_no_member_id_label() -> None:
    """Fresh range 6767's 0260: ``Covered Members:`` heads the dependants, so its
    ``Members`` is no member ID label; read as one, the ID search under it took the
    dependant ``RAFAEL K NAVARRO`` as ``KNAVARR0``. Without the list's opener it stays."""
    generic, _ = load_templates()
    heads = page("""
Health Net
Birth Date: 02/18/1965         Covered Members:
Gender: F                      RAFAEL K NAVARRO
""")
    assert fields.label_hits(heads, generic, "front", "member_id") == []
    column = page("""
Health Net
Birth Date: 02/18/1965         Members:
Gender: F                      H47320425
""")
    assert [h.label for h in fields.label_hits(column, generic, "front", "member_id")] != []


def test_a_group_word_ending_a_name_in_wide_word_spaces_is_no_label() -> None:
    """Fresh range 7070's 0103 (silent): ``Riverbend Medical Group`` in Courier, whose word
    spaces are wider than a proportional font's, ended in a ``Group`` taken as the group's
    label, and the PCN's ``9999`` right of it as the plan's group (its own ``GRP`` label
    lost in a dim photo). The phrase's own word spaces make it one phrase."""
    card = ("Oxford Health Plans\nIdentification Number\n061526844\n\n"
            "Riverbend  Medical  Group   9999\n")
    assert value(read(card), "group_number") is None
    # a label a column away from the words before it is a label still
    assert value(read(card.replace("Group   ", "      Group  ")), "group_number") == "9999"


def test_an_id_label_after_what_is_left_of_rx_is_the_pharmacys() -> None:
    """Fresh range 7070's 0324 (silent): ``Rx ID:`` read ``rx 1p:`` on the back, its
    ``GH608408152`` taken for the member ID of a Medi-Cal card whose own ID was read
    poorly. The ID after an ``Rx`` is no member ID's."""
    back = "Medi-Cal\nRx Group:  WUX443\nrx  1p:  GH608408152\n"
    r = read("Medi-Cal\nMEMBER NAME\nFOSTER, SVETLANA B\n", back)
    assert value(r, "member_id") is None
    plain = read("Medi-Cal\nMEMBER NAME\nFOSTER, SVETLANA B\n", "Medi-Cal\n1p:  GH608408152\n")
    assert value(plain, "member_id") == "GH608408152"


def test_a_values_misreading_under_its_closer_reading_is_no_stray_code() -> None:
    """9393's 0389: the Rx group ``IPQ131`` mended to ``TPQ131`` by the second engine; the
    page's ``IPQ131`` under it is the value's own misreading, not a code whose label was
    lost (which raised ``group_number_uncertain`` on a card that prints no group)."""
    from pipeline.process import overridden_words

    back = page("Priority Health\nRx Group   IPQ131\nRx BIN   610014\n")
    code = next(w for w in back.words if w.text == "IPQ131")
    mended = FieldReading(name="rx_group", value="TPQ131", confidence=0.85, side="back",
                          label="Rx Group", box=code.box)
    assert overridden_words({"rx_group": mended}, [("back", back)]) == {"IPQ131"}
    assert overridden_words({"rx_group": mended}, [("front", back)]) == set()


def front_side(text: str) -> list[SideRead]:
    """A front whose page is ``text`` laid out by :func:`tests.fakes.page`, on a blank
    1011 x 638 OCR image; no decoded photo, card or quality."""
    import numpy as np

    blank: Any = None
    return [SideRead(side="front", decoded=blank, card=blank, quality=blank,
                     page=page(text), ocr_image=np.zeros((638, 1011), np.uint8))]


def test_a_group_the_second_engine_reads_under_tesseracts_rx_group_label_is_dropped() -> None:
    """8383's 0286, motion blur: a WellCare card printing no plan group; the second engine
    read ``Group`` over ``RX8659`` (its ``Rx`` lost), Tesseract ``Rx Gro`` over ``RX86``."""
    from pipeline.process import pharmacy_group_dropped
    from tests.fakes import CHAR_W, LINE_H

    text = "Wellcare\nMBR #   01189046\n\nRx Gro\nRX86\n"
    found = read(text)
    sides = front_side(text)
    value_word = next(w for w in sides[0].page.words if w.text == "RX86")
    theirs = FieldReading(name="group_number", value="RX8659", confidence=0.95,
                          side="front", label="Group",
                          box=replace(value_word.box, right=value_word.box.left + 6 * CHAR_W))
    member = found.fields["member_id"]
    assert pharmacy_group_dropped({"group_number": theirs, "member_id": member},
                                  found, sides) == {"member_id": member}
    elsewhere = replace(theirs, box=Box(600, 20, 600 + 6 * CHAR_W, 20 + LINE_H))
    assert "group_number" in pharmacy_group_dropped({"group_number": elsewhere}, found, sides)


def test_the_second_engines_group_beside_tesseracts_rx_group_stays() -> None:
    """7070's 0320: ``Rx Group FWL954`` and ``Group # G224810`` on one row; Tesseract read
    the Rx group, the second engine the group: not the same print, so the group stays. With
    no Rx group read, a group in the Rx label's place is dropped."""
    from pipeline.process import pharmacy_group_dropped

    row = "Priority Health\nMember ID   ZC9046817\nRx Group FWL954   Group # G224810\n"
    found = read(row)
    assert value(found, "rx_group") == "FWL954"
    group_word = next(w for w in page(row).words if w.text == "G224810")
    theirs = FieldReading(name="group_number", value="G224810", confidence=0.95,
                          side="front", label="Group #", box=group_word.box)
    assert "group_number" in pharmacy_group_dropped({"group_number": theirs}, found,
                                                    front_side(row))
    lost = "Priority Health\nMember ID   ZC9046817\nRx Group   ~\n"
    found = read(lost)
    assert "rx_group" not in found.fields
    place = next(w for w in page(lost).words if w.text == "~").box
    theirs = replace(theirs, value="RX8659", box=place)
    assert pharmacy_group_dropped({"group_number": theirs}, found, front_side(lost)) == {}


def test_a_value_under_a_decoys_label_is_not_taken_by_a_label_above_it() -> None:
    # Fresh 11414's 0222: 'GROUP ID.' read 'GROUP lL.' with a box grown over the row under
    # it; the group's own value, split on its row, fit no format, and the number under
    # 'Health Plan (80840)' passed as the group.
    shown = page("Blue Shield of California\nMEMBER ID NO.\nSVU 527600583\n"
                 "GROUP lL. 4973- 140\nHealth Plan (80840)\n9181314816\n")
    words = list(shown.words)
    k = next(k for k, w in enumerate(words) if w.text == "GROUP")
    b = words[k].box
    words[k] = replace(words[k], box=Box(b.left, b.top, b.right, b.bottom + 34))
    r = interpret([("front", replace(shown, words=tuple(words)))], has_back=False)
    assert value(r, "group_number") != "9181314816"
    assert ("health_plan", "9181314816") in kinds(r)


@pytest.mark.parametrize("back", [
    # Fresh 11313's 0020, a Molina card saved small from a web page (it prints no group):
    # every 'Rx' read 'Fx' ...
    "Fxbw: 004336\nfxpen: MCAIDADV\nfoc group: RX1128\n",
    # ... or, read again, labels no pattern knows, the group's value under a known BIN's.
    "Fab:       004336\nfoxpon: MCAIDADV\nftx group: RX1128\n",
])
def test_a_group_label_in_the_pharmacys_block_with_its_rx_misread_is_the_rx_groups(
        back: str) -> None:
    r = read("Molina Healthcare\nMedicaid Managed Care\nMember ID\n81602379430\n", back)
    assert value(r, "group_number") is None
    assert value(r, "rx_group") == "RX1128"


def test_an_rx_cut_at_the_photos_edge_read_as_a_quote_still_opens_the_rx_group() -> None:
    # Fresh 14444's 0030, a scan whose back's Rx block the frame cut at its left: 'Rx
    # Group:' read '‘x Group:', and its 'JVZ947' given as the plan's group on an L.A. Care
    # card that prints none.
    back = "ADV\n‘x Group: JVZ947\nXID: 499395171\n"
    r = read("L.A. Care Health Plan\nRecipient ID\n499395171\n", back)
    assert value(r, "group_number") is None
    assert value(r, "rx_group") == "JVZ947"


def test_a_stub_before_a_group_label_in_a_known_bins_rows_is_the_rx_groups() -> None:
    # Fresh 14343's 0055, a WellCare card saved small from a web page (it prints no group):
    # a column of labels, the values apart to their right (each its own OCR line); the
    # 'BIN:' and 'PCN:' read 'gine' and 'rch', 'Rx Group:' read 'fo Group.', and its
    # 'RX1780' was given as the plan's group at 0.89.
    card = ("wellcare\nMember ID No.:      30303975\ngine      004336\n"
            "rch      MEDDADV\n{stub}Group.      RX1780\n")
    r = read(card.format(stub="fo "))
    assert value(r, "group_number") is None
    assert value(r, "rx_group") == "RX1780"
    assert "group_number_uncertain" not in codes(r)
    # No stub before the label: the label column's own 'Group.' stays the plan's.
    plain = read(card.format(stub=""))
    assert value(plain, "group_number") == "RX1780"


def test_a_bare_id_labels_value_beside_another_member_labels_value_is_doubted() -> None:
    # Fresh 11717's 0073: 'Member #' over a faint 'JAB2520466', and the Rx column's
    # 'Rx ID' read 'aT ID' over 'AD600571419', which passed as the member ID at 0.85.
    card = ("UnitedHealthcare StudentResources\nGranite Valley Community College\n"
            "Member # JAB2520466@0.3\n{} AD600571419\nPolicy # 2025-279-0\n")
    r = read(card.format("ID"))
    assert value(r, "member_id") == "AD600571419"
    assert "member_id_uncertain" in codes(r)
    # One label, or the same value under both, is no dispute.
    alone = read("UnitedHealthcare StudentResources\nGranite Valley Community College\n"
                 "ID AD600571419\nPolicy # 2025-279-0\n")
    assert "member_id_uncertain" not in codes(alone)
    both = read(card.replace("JAB2520466@0.3", "AD600571419@0.3").format("ID"))
    assert "member_id_uncertain" not in codes(both)
