"""What a grammar-designed card prints (issue 12): payer, label/value items, design, truth.

The second, independent sample generator (`samples.gen_grammar`) draws cards from a design
grammar instead of per-carrier layouts. This module decides, from a seeded RNG, every string
printed on both sides, which of them are ground truth, and the design choices that are
recorded in truth (`Design`); `gen_grammar_draw` paints them. Nothing here draws pixels, so
the truth depends only on the seed, never on fonts or library versions.

What the labels mean on these cards (the truth follows the label, never a guess):

- Member ID labels (`MEMBER_ID_LABELS` and a carrier's own such as Kaiser's `MRN`,
  Medicare's `Medicare Number`): the value is the truth `member_id`. `Recipient ID` and
  `Medicaid ID` are used only on Medicaid cards, where they are the member ID.
  `Certificate #` is an older name of the member ID on some employer plans.
- A member ID printed with a space between a letter prefix and the number (`XZ 9147589652`
  under a label, `YGD 000000000000` unlabelled under the name) is recorded as the contract
  asks for IDs printed in parts: `member_id` = prefix and number joined (`XZ9147589652`)
  and `member_id_prefix` = `XZ`. A suffix after a space (`YBC99999999 99`) gives
  `member_id` = `YBC99999999` and `member_id_suffix` = `99`.
- Group labels (`GROUP_LABELS`): the truth `group_number`. UHC Student Resources prints its
  group as `Policy #` / `Policy Number` (`2020-451-1 (20204511)`; the parenthesised digits
  are distractor `policy_parenthesized`).
- `Contract Code` (a 4-character code, distractor `contract_code`) and `Benefit Plan` (a
  plan code such as `BP0427`, distractor `benefit_plan`) are **not** the group number on
  any card here; `Plan` labels the plan's name (truth `plan_name`).
- `Plan ID` (a 14-character HIOS plan ID, `51297NY5800105`) is distractor `plan_id`; it is
  often printed right of the member ID at the same height and is never the member ID.
- `Health Plan (80840)` / `Plan (80840)` numbers are `health_plan`, `Issuer (80840)`
  numbers `issuer`, CMS contract numbers (`H5415 071`) `cms_contract` and the field
  `plan_number` (the contract-PBP), phones `phone`.
- Issue 15's truth: a member ID labelled `Medicaid ID` is also `medicaid_id`; Medicare's
  `Hospital (Part A)` date is `effective_date` and `medicare_part_a_date`; pairs of role
  `copay` are truth `copays`, labelled phone numbers `phones` (purpose from the label),
  the back's claims lines (role `claims`) `claims_address`, listed dependents
  `dependents`.
- Rx labels (`RxBIN`/`BIN`, `RxPCN`/`PCN`, `RxGRP`/`Rx Group`) give the fields `rx_bin`,
  `rx_pcn`, `rx_group`; `Payer ID` and its variants `payer_id`; `Effective Date` and its
  variants `effective_date` (only when a real date is printed).
- Placeholders (`PLACEHOLDERS`: `XXXXXXX`, `MM/DD/YYYY`, `(XXX) XXX-XXXX`, `$XX`, `0000`)
  are printed in fields that are never truth (DOB, PCP, copays, clinic). Mock values that
  sample cards print in truth fields (`00000999999999`, `JOHN Q MEMBER`) are valid values
  and are truth.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from samples.gen_directory import PBMS, directory_id, directory_names, directory_payers
from samples.gen_grammar_payers import OTHER_PAYERS, PROFILES, Profile, other_profile
from samples.gen_spec import (
    ALL_CARRIER_NAMES,
    BLUE_PLANS,
    NEEDS_BACK,
    Copay,
    Dependent,
    Part,
    Phone,
    Portal,
    cms_contract,
    digits,
    letters,
    local_phone,
    phone,
    phones_of,
    plain_letters,
    portal_group,
    printed_fields,
)

TEMPLATE_CARRIERS: Final = (
    "aetna", "cigna", "anthem", "unitedhealthcare", "oxford", "umr", "oscar",
    "uhc_student_resources", "humana", "kaiser", "medicare", "bcbs_texas", "bcbs_illinois",
    "premera", "highmark", "regence", "florida_blue", "carefirst", "horizon", "ambetter",
    "molina", "tricare", "wellcare",
)
"""The 23 carriers of the contract table (every template but `generic`)."""

OTHER: Final = "other"
DIRECTORY: Final = "directory"
"""Slot of the `directory` suite: a payer of the payer directory (`gen_directory`)."""
"""Carrier slot of a payer with no template (truth `carrier` null)."""

OTHER_SLOTS: Final = 10
"""Non-template slots per cycle of `GRAMMAR_CARRIERS`: 10 of 33 cards (30%)."""

GRAMMAR_CARRIERS: Final = TEMPLATE_CARRIERS + (OTHER,) * OTHER_SLOTS
"""The carrier cycle of the grammar suites (card i takes slot i mod 33, see
`generator.assign`)."""

MEMBER_ID_LABELS: Final = (
    "Member ID", "Member ID #:", "Member id", "MBR #", "Enrollee ID", "ID No.",
    "Identification Number", "Subscriber ID", "ID#", "Member Number", "ID", "Member #",
    "Identification No.", "Member ID No.", "Certificate #",
)
MEDICAID_ID_LABELS: Final = ("Recipient ID", "Medicaid ID", "Member ID", "Client ID")
GROUP_LABELS: Final = (
    "Group No.", "Group #", "GRP", "Group Number", "Group", "GRP#", "Group ID", "Grp No.",
)
NAME_LABELS: Final = ("Name", "Member", "Member Name", "Subscriber", "Name/Nombre", "Enrollee",
                      "Insured", "Member name")
RX_LABELS: Final = (("RxBIN", "RxPCN", "RxGRP"), ("BIN", "PCN", "Rx Group"),
                    ("Rx BIN", "Rx PCN", "Rx GRP"), ("RxBIN", "RxPCN", "Rx Group"))
PAYER_LABELS: Final = ("Payer ID", "Payer #", "Payor ID", "EDI Payer ID", "Claims Payer ID")
DATE_LABELS: Final = ("Effective Date", "Effective", "Eff. Date", "Coverage Date", "Start Date")
PLACEHOLDERS: Final = frozenset({"XXXXXXX", "MM/DD/YYYY", "(XXX) XXX-XXXX", "$XX", "0000"})
"""Placeholder values printed in non-truth fields (never a truth value)."""

COLUMN_STRUCTURES: Final = (1, 2, 3)
PLACEMENTS: Final = ("inline", "tab", "stacked", "heads", "pairs", "mixed")
"""How label/value pairs are placed: `inline` "Label: value" on a line; `tab` the same with
values aligned; `stacked` label in small type above the value; `heads` column heads (in a
coloured band or plain) over a row of values; `pairs` two or three stacked pairs side by
side at the same height; `mixed` inline or stacked per pair."""
ID_STYLES: Final = ("labelled", "unlabelled", "split_prefix", "suffix")
FONT_FAMILIES: Final = (
    "dejavu_sans", "dejavu_condensed", "liberation_sans", "liberation_serif", "liberation_mono",
    "nimbus_sans", "nimbus_narrow", "nimbus_roman", "nimbus_mono", "urw_gothic", "c059",
    "p052", "urw_bookman", "free_sans", "free_serif", "free_mono", "roboto",
    "roboto_condensed", "open_sans", "open_sans_condensed", "lato", "carlito",
)
"""Font family keys (files in `gen_grammar_draw.FONT_PATHS`)."""
MONO_FAMILIES: Final = ("liberation_mono", "nimbus_mono", "free_mono", "dejavu_mono")
BACKGROUNDS: Final = ("white", "pastel", "gradient", "dark")
LOGOS: Final = ("circle", "shield", "swoosh", "initials", "cross")
MARK_KINDS: Final = ("ellipse", "arrow", "callout", "dotted")

_FIRST: Final = (
    "JACOB", "MIA", "ELIJAH", "HARPER", "OWEN", "EVELYN", "CALEB", "ABIGAIL", "ISAAC", "LUNA",
    "GABRIEL", "NORA", "JULIAN", "ZOEY", "LEVI", "STELLA", "AARON", "HAZEL", "ADRIAN", "VIOLET",
    "ROSA", "TOMAS", "GUADALUPE", "RAFAEL", "XIMENA", "MINH", "THANH", "SUNIL", "DEEPA",
    "KWAME", "ADA", "NIKOLAI", "SVETLANA", "HIROSHI", "EMIKO", "BRIDGET", "SEAMUS", "DOLORES",
    "EARL", "MAXINE", "REGINALD", "TAMIKA", "DESHAWN", "LATOYA", "CONNOR", "SIOBHAN",
)
_LAST: Final = (
    "ALVAREZ", "BENNETT", "CHAVEZ", "DELACRUZ", "ESPINOZA", "FOSTER", "GALLAGHER", "HUYNH",
    "IBRAHIM", "JENSEN", "KOWALCZYK", "LARSON", "MCALLISTER", "NAVARRO", "OYELARAN", "PETERSEN",
    "QUINTERO", "RASMUSSEN", "SOLBERG", "TRAN", "UNDERWOOD", "VASQUEZ", "WASHINGTON", "XIONG",
    "YAMAMOTO", "ZIMMERMAN", "O'BRIEN", "ST JOHN", "VAN DYKE", "DUBOIS", "MORALES", "PHAM",
    "OKONKWO", "BERGSTROM", "HALVORSEN", "MACDONALD", "SINGH", "CASTILLO", "REYES", "BROOKS",
)
_MOCK_NAMES: Final = (("JOHN", "Q", "MEMBER"), ("JANE", "Q", "SAMPLE"), ("JOHN", "Q", "PUBLIC"),
                      ("JANE", "", "DOE"), ("JOHN", "", "SMITH"))
_SUFFIXES: Final = ("JR", "SR", "II", "III", "IV")

_TAGLINES: Final = ("Your health, our priority", "Health in your hands", "Care that counts",
                    "For a healthier you", "Here for every step", "Better health together",
                    "Caring for our community")

# --- content model ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One label/value pair as printed. `label` "" prints the value alone. The value is the
    `parts` joined by single spaces; parts carrying `field` or `distractor` are truth."""

    label: str
    parts: tuple[Part, ...]
    role: str
    """What the pair is, for the layout, marks and truth lists: member_id, group, name,
    subscriber, rx, payer, plan, date, distractor, placeholder, copay (truth `copays`),
    copay_grid (a copay table in two columns: parts are benefit, amount, benefit, ... in
    reading order), phone (`phones`), dependents (`dependents`), claims (a line of the
    claims address, `claims_address`), other."""
    stacked: bool = False
    """On the back: the label on the line above the value (a phone)."""

    @property
    def value(self) -> str:
        """The value text exactly as printed."""
        return " ".join(p.text for p in self.parts)


def item(label: str, value: str, role: str, field: str | None = None,
         distractor: str | None = None) -> Item:
    """A pair whose value is one part."""
    return Item(label, (Part(value, field, distractor),), role)


@dataclass(frozen=True, slots=True)
class Design:
    """Design choices of one card, decided before drawing; recorded in truth `design`.

    Sizes and colours are left to the drawer; everything here is what the bench groups
    accuracy by.
    """

    columns: int
    """Columns of the label/value body (1-3)."""
    placement: str
    """One of `PLACEMENTS`."""
    heads_band: bool
    """Column heads (placement `heads`) on a coloured band rather than plain."""
    id_style: str
    """One of `ID_STYLES`: how the member ID is printed."""
    name_style: str
    """`under_logo` (no label), `labelled` or `heads` (in the heads row)."""
    name_format: str
    """`first_last`, `last_first`, `title` (mixed case) or `suffix` (JR, III)."""
    marks: tuple[tuple[str, str], ...]
    """Explainer marks: (kind of `MARK_KINDS`, role of the pair it points at)."""
    placeholders: bool
    mock_values: bool
    """Truth values printed as sample-card mock values (`00000999999999`)."""
    label_font: str
    value_font: str
    id_font: str
    """Font of the member ID value (sometimes monospaced)."""
    wordmark_font: str
    wordmark_bold: bool
    background: str
    """One of `BACKGROUNDS`."""
    band: str
    """Brand band: `top`, `bottom`, `side` or `none`."""
    logo: str
    """One of `LOGOS`."""
    label_case: str
    """`as_is`, `upper` or `lower` (first letter kept)."""
    colon: bool
    """Labels end with a colon (inline placements)."""
    rx_place: str
    """Where the Rx block is: `body`, `line` (one line near the bottom), `back` or `none`."""
    conflict: bool
    """A tiny web address of another carrier in a corner (truth carrier is the big one)."""

    def facts(self) -> tuple[tuple[str, str | bool | int], ...]:
        """The truth `design` entries, in a fixed order."""
        return (
            ("columns", self.columns),
            ("placement", self.placement),
            ("heads_band", self.heads_band),
            ("id_style", self.id_style),
            ("name_style", self.name_style),
            ("name_format", self.name_format),
            ("marks", bool(self.marks)),
            ("mark_kinds", ",".join(sorted({k for k, _ in self.marks}))),
            ("placeholders", self.placeholders),
            ("mock_values", self.mock_values),
            ("label_font", self.label_font),
            ("value_font", self.value_font),
            ("id_font", self.id_font),
            ("background", self.background),
            ("band", self.band),
            ("logo", self.logo),
            ("label_case", self.label_case),
            ("rx_place", self.rx_place),
            ("conflict", self.conflict),
        )


@dataclass(frozen=True, slots=True)
class Name:
    """A person: given name, middle initial ("" none), surname, suffix ("" none), and the
    name as printed."""

    first: str
    middle: str
    last: str
    suffix: str
    printed: str


@dataclass(frozen=True, slots=True)
class GrammarCard:
    """Everything printed on both sides of one grammar card, in reading order per region.

    Front: logo and `wordmark` lines (with `tagline`, `plan`), `under_logo` lines (the
    member's name and an unlabelled ID, Blue-plan style), the `body` pairs, the `rx` pairs
    (where `design.rx_place` says), `footer` pairs, the `web` address in small print and
    the `corner_web` of another carrier ("" none). Back: `back` pairs top to bottom
    (unlabelled ones without truth are paragraphs).
    """

    carrier: str | None
    """Contract id of a template carrier, None for a payer without a template."""
    payer_name: str
    wordmark: tuple[str, ...]
    tagline: str
    web: str
    corner_web: str
    plan: Item | None
    under_logo: tuple[Item, ...]
    body: tuple[Item, ...]
    rx: tuple[Item, ...]
    footer: tuple[Item, ...]
    back: tuple[Item, ...]
    member: Name
    dependents: tuple[str, ...]
    design: Design
    payer: str | None = None
    """The payer directory's id of a payer without a template (`gen_directory`), None when
    the directory does not list it (or a template carrier)."""
    kind: str = "commercial"
    """The payer's kind (`Profile.kind`): commercial, blue, medicaid, medicare_advantage or
    medicare."""

    def front_items(self) -> tuple[Item, ...]:
        """Every pair printed on the front, in reading order."""
        plan = (self.plan,) if self.plan is not None else ()
        rx = self.rx if self.design.rx_place in ("body", "line") else ()
        return plan + self.under_logo + self.body + rx + self.footer

    def back_items(self) -> tuple[Item, ...]:
        """Every pair printed on the back."""
        rx = self.rx if self.design.rx_place == "back" else ()
        return rx + self.back


# --- truth --------------------------------------------------------------------------------------


def _items(card: GrammarCard, with_back: bool) -> tuple[Item, ...]:
    return card.front_items() + (card.back_items() if with_back else ())


def truth_fields(card: GrammarCard, with_back: bool) -> dict[str, str]:
    """Field name -> value as printed, in `FIELD_ORDER`, for the sides written; a member ID
    in parts is prefix and number joined (see the module docstring), the claims address
    its lines joined with ", " (`gen_spec.printed_fields`)."""
    return printed_fields(_items(card, with_back))


def truth_dependents(card: GrammarCard) -> tuple[Dependent, ...]:
    """The truth `dependents` list: the names listed under the member (front only)."""
    return tuple(Dependent(name) for name in card.dependents)


def truth_copays(card: GrammarCard, with_back: bool) -> tuple[Copay, ...]:
    """The truth `copays` list: copay pairs (role `copay`) and the cells of two-column copay
    tables (role `copay_grid`, row by row) on the sides written, in reading order;
    placeholders (`$XX`) are never among them."""
    found: list[Copay] = []
    for it in _items(card, with_back):
        if it.role == "copay":
            found.append(Copay(it.label, it.value))
        elif it.role == "copay_grid":
            cells = it.parts
            found += [Copay(cells[i].text, cells[i + 1].text) for i in range(0, len(cells), 2)]
    return tuple(found)


def truth_phones(card: GrammarCard, with_back: bool) -> tuple[Phone, ...]:
    """The truth `phones` list: labelled phone numbers on the sides written, in reading
    order (placeholders such as `(XXX) XXX-XXXX` are no phone)."""
    return phones_of(_items(card, with_back))


def truth_distractors(card: GrammarCard, with_back: bool) -> tuple[tuple[str, str], ...]:
    """(kind, value) of every distractor on the sides written, in reading order."""
    return tuple((p.distractor, p.truth) for it in _items(card, with_back) for p in it.parts
                 if p.distractor is not None)


def truth_portal(card: GrammarCard) -> Portal:
    """The portal prefill: the contract name, printed member ID, six-character group rule
    (`gen_spec.portal_group`), and the member's given name and surname (without a suffix
    such as JR, and in that order also on a `LAST, FIRST` card)."""
    fields = truth_fields(card, with_back=True)
    provider = ALL_CARRIER_NAMES.get(card.carrier) if card.carrier else None
    if card.carrier is None and card.payer is not None:  # named from the payer directory
        provider = directory_names()[card.payer]
    return Portal(
        insurance_provider=provider,
        member_id=fields["member_id"],
        group_number=portal_group(card.carrier or "generic", fields.get("group_number")),
        first_name=card.member.first,
        last_name=card.member.last,
    )


def expected_review(card: GrammarCard, has_back: bool, readable: bool) -> tuple[str, ...]:
    """Review codes a perfect reading must still raise (as `gen_spec.expected_review`)."""
    if not readable:
        return ("unreadable",)
    codes: list[str] = []
    if card.carrier is None and card.payer is None:
        codes.append("carrier_unknown")
    if card.carrier in NEEDS_BACK and not has_back:
        codes.append("back_image_required")
    if card.carrier == "uhc_student_resources" and "school_name" not in truth_fields(
            card, has_back):
        codes.append("school_name_needed")
    if card.design.conflict:  # another carrier's web address in a corner: issue 12 asks
        codes.append("carrier_uncertain")  # for carrier_uncertain where evidence conflicts
    return tuple(codes)


# --- small choices ------------------------------------------------------------------------------


def _name(rng: random.Random, fmt: str, mock: bool) -> Name:
    """A person and how the card prints the name in format `fmt`."""
    if mock:
        first, middle, last = rng.choice(_MOCK_NAMES)
    else:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        middle = rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.6 else ""
    suffix = rng.choice(_SUFFIXES) if fmt == "suffix" else ""
    if fmt == "title":
        first, middle, last = first.title(), middle, last.title()
        if rng.random() < 0.4 and not mock:  # a second given name: "Jacob Michael"
            middle = rng.choice(_FIRST).title()
    if fmt == "last_first":
        printed = f"{last}, {first}" + (f" {middle}" if middle else "")
    else:
        printed = " ".join(t for t in (first, middle, last, suffix) if t)
    return Name(first, middle, last, suffix, printed)


def _case(label: str, case: str) -> str:
    if case == "upper":
        return label.upper()
    if case == "lower":
        return label[:1] + label[1:].lower()
    return label


def _mock(value: str) -> str:
    """A sample card's mock value of the same shape: digits become 0s then 9s."""
    n = sum(c.isdigit() for c in value)
    zeros = n // 3 + 1
    out, seen = [], 0
    for c in value:
        if c.isdigit():
            out.append("0" if seen < zeros else "9")
            seen += 1
        else:
            out.append(c)
    return "".join(out)


def _plan_id(rng: random.Random) -> str:
    """An ACA (HIOS) plan ID: 5 digits, state, 7 digits ("51297NY5800105")."""
    return digits(rng, 5) + rng.choice(("NY", "TX", "FL", "GA", "IL", "CA", "OH", "AZ")) \
        + digits(rng, 7)


def _placeholders(rng: random.Random) -> list[Item]:
    pool = [
        item(rng.choice(("DOB", "Date of Birth")), "MM/DD/YYYY", "placeholder"),
        item("PCP", "XXXXXXX", "placeholder"),
        item(rng.choice(("PCP Phone", "Clinic Phone")), "(XXX) XXX-XXXX", "placeholder"),
        item(rng.choice(("Copay", "Office Visit", "Specialist", "ER")), "$XX", "placeholder"),
        item(rng.choice(("PIN", "Plan Code")), "0000", "placeholder"),
        item("Clinic Location", "Clinic East, (XXX) XXX-XXXX", "placeholder"),
    ]
    return rng.sample(pool, rng.randint(1, 3))


def _copays(rng: random.Random) -> list[Item]:
    pcp = rng.choice((10, 15, 20, 25, 30, 40))
    pool = [item(rng.choice(("PCP", "Office Visit")), f"${pcp}", "copay"),
            item(rng.choice(("Specialist", "SPC")), f"${2 * pcp}", "copay"),
            item("Urgent Care", f"${rng.choice((50, 75, 100))}", "copay"),
            item(rng.choice(("ER", "Emergency")), f"${rng.choice((150, 250, 300))}", "copay")]
    return pool[: rng.randint(2, 4)]


_FINE: Final = (
    "This card does not guarantee coverage. Present it whenever you receive care.",
    "Members: call the number below for benefits, claims and finding a provider.",
    "Providers: verify eligibility before rendering services. Payment is subject to the "
    "terms of the member's plan.",
    "In an emergency go to the nearest emergency room or call 911.",
    "Pharmacists: for claims processing questions call the pharmacy help desk.",
    "Misuse of this card may be considered fraud. Coverage is subject to plan terms.",
    "Precertification is required for inpatient admissions and some outpatient services.",
)


def _back(rng: random.Random, profile: Profile, payer_name: str, web: str,
          payer_on_back: bool) -> tuple[Item, ...]:
    """The back: fine print, service phones, claims address, payer ID, web address."""
    fine = rng.sample(_FINE, 3)
    out = [item("", fine[0], "other")]
    if rng.random() < 0.6:
        out.append(item("", fine[1], "other"))
    labels = rng.sample(("Member Services", "Customer Service", "Provider Services",
                         "Pharmacy Help Desk", "Nurse Line", "Behavioral Health",
                         "Precertification", "TTY"), rng.randint(2, 4))
    out += [item(lb, phone(rng), "phone", distractor="phone") for lb in labels]
    city = rng.choice(("Lexington, KY", "Albany, NY", "Dayton, OH", "Phoenix, AZ",
                       "Omaha, NE", "Tampa, FL", "Fresno, CA"))
    out.append(item(rng.choice(("Send claims to", "Claims", "Mail claims to", "Submit claims to")),
                    f"{payer_name}, P.O. Box {rng.randint(1000, 98999)}", "claims"))
    out.append(item("", f"{city} {digits(rng, 5)}", "claims"))
    if payer_on_back and profile.payer_id is not None:
        out.append(item(rng.choice(PAYER_LABELS), profile.payer_id, "payer", field="payer_id"))
    out.append(item("", web, "other"))
    if rng.random() < 0.5:
        out.append(item("", fine[2], "other"))
    return tuple(out)


# --- the card -----------------------------------------------------------------------------------


def _member_id_item(rng: random.Random, profile: Profile, style: str, label: str,
                    mock: bool, dependant: bool) -> Item:
    """The member ID pair in `style` (see `ID_STYLES`)."""
    prefix, rest = profile.member_id(rng)
    if mock:
        rest = _mock(rest)
    label = label if style != "unlabelled" else ""
    # a member ID labelled "Medicaid ID" is the Medicaid ID too
    also = "medicaid_id" if label.lower().rstrip(" #:") == "medicaid id" else None
    parts: tuple[Part, ...]
    if style in ("unlabelled", "split_prefix") and prefix:
        parts = (Part(prefix, field="member_id_prefix"),
                 Part(rest, field="member_id", also=also))
    elif style == "suffix":
        suffix = rng.choice(("02", "03")) if dependant else rng.choice(("01", "00", "99"))
        parts = (Part(prefix + rest, field="member_id", also=also),
                 Part(suffix, field="member_id_suffix"))
    else:
        parts = (Part(prefix + rest, field="member_id", also=also),)
    return Item(label, parts, "member_id")


def _design(rng: random.Random, profile: Profile) -> Design:
    columns = rng.choice((1, 2, 2, 3))
    placement = rng.choice(PLACEMENTS)
    if columns == 3 and placement in ("inline", "tab", "mixed"):
        placement = "stacked"
    prefixed = profile.blue or (profile.kind == "medicaid" and rng.random() < 0.5)
    id_style = "labelled"
    if prefixed:
        id_style = rng.choice(("labelled", "unlabelled", "unlabelled", "split_prefix", "suffix"))
    elif rng.random() < 0.15:
        id_style = "suffix" if profile.carrier not in ("medicare", "oscar") else "labelled"
    if profile.carrier == "medicare":
        id_style = "labelled"
    name_style = "under_logo" if id_style == "unlabelled" else rng.choice(
        ("under_logo", "labelled", "labelled"))
    if placement == "heads" and name_style == "labelled" and rng.random() < 0.6:
        name_style = "heads"
    family = rng.choice(FONT_FAMILIES)
    value_font = family if rng.random() < 0.6 else rng.choice(FONT_FAMILIES)
    id_font = rng.choice(MONO_FAMILIES) if rng.random() < 0.2 else value_font
    marks: list[tuple[str, str]] = []
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 3)):
            target = rng.choice(("member_id", "member_id", "group", "name", "rx", "plan"))
            marks.append((rng.choice(MARK_KINDS), target))
    return Design(
        columns=columns,
        placement=placement,
        heads_band=rng.random() < 0.6,
        id_style=id_style,
        name_style=name_style,
        name_format=rng.choice(("first_last", "first_last", "last_first", "title", "suffix")),
        marks=tuple(marks),
        placeholders=rng.random() < 0.3,
        mock_values=rng.random() < 0.08,
        label_font=family,
        value_font=value_font,
        id_font=id_font,
        wordmark_font=rng.choice(FONT_FAMILIES),
        wordmark_bold=rng.random() < 0.6,
        background=rng.choice(("white", "white", "pastel", "gradient", "dark")),
        band=rng.choice(("top", "bottom", "side", "none", "none")),
        logo=rng.choice(LOGOS),
        label_case=rng.choice(("as_is", "as_is", "upper", "lower")),
        colon=rng.random() < 0.6,
        rx_place=rng.choice(("body", "line", "back")),
        conflict=False,
    )


def grammar_card(slot: str, rng: random.Random, dependant_rate: float = 0.12) -> GrammarCard:
    """Decide one card's content and design for a carrier slot (`GRAMMAR_CARRIERS`: a
    template id, or `OTHER` for a payer without a template, picked here)."""
    payer: str | None = None
    if slot == OTHER:
        name, web, kind = rng.choice(OTHER_PAYERS)
        profile = other_profile(name, web, kind)
        payer = directory_id(name)
    elif slot == DIRECTORY:
        name, web, kind, payer = rng.choice(directory_payers(OTHER_PAYERS))
        profile = other_profile(name, web, kind)
    elif slot in PROFILES:
        profile = PROFILES[slot]
    else:
        raise ValueError(f"unknown carrier slot {slot!r}; expected one of {TEMPLATE_CARRIERS} "
                         f"or {OTHER!r}")
    design = _design(rng, profile)
    mock = design.mock_values
    payer_name = rng.choice(profile.names)
    wordmark = _wordmark_lines(payer_name)
    corner_web = ""
    if (profile.carrier == "unitedhealthcare" and rng.random() < 0.35) or (
            profile.carrier in ("aetna", "cigna", "humana") and rng.random() < 0.06):
        corner_web = rng.choice(("umr.com", "oxhp.com"))
    design = replace(design, conflict=bool(corner_web))
    member = _name(rng, design.name_format, mock)
    dependant = rng.random() < dependant_rate and profile.kind not in ("medicare",)
    case = design.label_case

    def lab(text: str) -> str:
        return _case(text, case)

    if profile.kind == "medicaid" and rng.random() < 0.5:
        id_label = rng.choice(MEDICAID_ID_LABELS)
    elif profile.id_labels and (profile.carrier == "medicare" or rng.random() < 0.5):
        id_label = rng.choice(profile.id_labels)
    else:
        id_label = rng.choice(MEMBER_ID_LABELS)
    id_item = _member_id_item(rng, profile, design.id_style, lab(id_label), mock, dependant)

    name_label = "Name/Nombre" if profile.carrier == "medicare" else rng.choice(NAME_LABELS)
    holder_listed = dependant and profile.kind != "medicare_advantage"
    if holder_listed and name_label == "Subscriber":  # the policy holder's label is taken
        name_label = "Member"
    name_item = item(lab(name_label) if design.name_style != "under_logo" else "",
                     member.printed, "name", field="member_name")
    under_logo: list[Item] = []
    body: list[Item] = []
    if design.name_style == "under_logo":
        under_logo.append(name_item)
        if design.id_style == "unlabelled":
            under_logo.append(id_item)
        else:
            body.append(id_item)
    else:
        body += [name_item, id_item]
    # a dependant's card names the policy holder
    if holder_listed:
        holder = _name(rng, "first_last" if design.name_format != "title" else "title", False)
        body.insert(0, item(lab(rng.choice(("Subscriber", "Policy Holder", "Subscriber Name"))),
                            holder.printed, "subscriber", field="subscriber_name"))

    group = profile.group(rng)
    if group == "policy":  # UHC Student Resources
        year, a, b = rng.randint(2019, 2026), digits(rng, 3), digits(rng, 1)
        body.append(Item(lab(rng.choice(profile.group_labels)),
                         (Part(f"{year}-{a}-{b}", field="group_number"),
                          Part(f"({year}{a}{b})", distractor="policy_parenthesized")), "group"))
    elif group is not None:
        glabel = rng.choice(profile.group_labels or GROUP_LABELS)
        body.append(item(lab(glabel), _mock(group) if mock else group, "group",
                         field="group_number"))

    extras: list[Item] = []
    plan_id_card = profile.kind in ("commercial", "medicaid") and profile.carrier in (
        None, "oscar", "ambetter")
    if plan_id_card and rng.random() < 0.45:
            extras.append(item(lab("Plan ID"), _plan_id(rng), "distractor", distractor="plan_id"))
    if profile.carrier in ("unitedhealthcare", "oxford") or (profile.carrier is None
                                                             and rng.random() < 0.2):
        extras.append(Item(rng.choice(("Health Plan (80840)", "Health Plan (80840)")),
                           (Part(rng.choice((f"911-{digits(rng, 5)}-{digits(rng, 2)}",
                                             "9" + digits(rng, 9))), distractor="health_plan"),),
                           "distractor"))
    if profile.carrier in ("umr", "cigna") or (profile.blue and rng.random() < 0.3):
        extras.append(Item(lab(rng.choice(("Issuer", "Issuer #"))),
                           (Part("(80840)"), Part("910" + digits(rng, 7), distractor="issuer")),
                           "distractor"))
    if profile.kind == "medicare_advantage" and group is None:
        extras.append(Item("Plan (80840)", (Part("9140461" + digits(rng, 3),
                                                 distractor="health_plan"),), "distractor"))
        extras.append(Item(rng.choice(("", "CMS")), (Part(cms_contract(rng), field="plan_number",
                                                          distractor="cms_contract"),),
                           "distractor"))
    if profile.blue and rng.random() < 0.35:
        extras.append(item(lab("Contract Code"), rng.choice("0123456789") + plain_letters(rng, 3),
                           "distractor", distractor="contract_code"))
    if rng.random() < 0.15:
        extras.append(item(lab("Benefit Plan"), "BP" + digits(rng, 4), "distractor",
                           distractor="benefit_plan"))
    if profile.carrier == "medicare":
        part_a = f"{rng.randint(1, 12):02d}-01-{rng.randint(1995, 2025)}"
        extras.append(Item("Hospital (Part A)", (Part(part_a, field="effective_date",
                                                      also="medicare_part_a_date"),), "date"))
    elif rng.random() < 0.3:
        extras.append(item(lab(rng.choice(DATE_LABELS)),
                           f"{rng.randint(1, 12):02d}/01/{rng.randint(2020, 2026)}", "date",
                           field="effective_date"))
    if profile.kind in ("medicaid", "medicare_advantage") and rng.random() < 0.5:
        extras.append(item(lab("PCP"), f"DR {rng.choice(_FIRST)} {rng.choice(_LAST)}", "other"))
        extras.append(item(lab("PCP Phone"), local_phone(rng), "phone", distractor="phone"))
    if design.placeholders:
        extras += _placeholders(rng)
    elif rng.random() < 0.35 and profile.kind != "medicare":
        extras += _copays(rng)
    rng.shuffle(extras)
    if design.placement == "pairs":  # the Plan ID right of the member ID, at its height
        extras.sort(key=lambda it: not any(p.distractor == "plan_id" for p in it.parts))
        at = body.index(id_item) + 1 if id_item in body else len(body)
        body[at:at] = extras
    else:
        body += extras

    dependents: tuple[str, ...] = ()
    if not dependant and profile.kind == "commercial" and rng.random() < 0.15:
        names = tuple(_name(rng, design.name_format if design.name_format != "suffix"
                            else "first_last", False).printed for _ in range(rng.randint(1, 2)))
        dependents = names
        body.append(Item(lab(rng.choice(("Dependents", "Covered Members"))),
                         tuple(Part(n) for n in names), "dependents"))

    rx_items: tuple[Item, ...] = ()
    spec_rx = profile.rx(rng)
    rx_place = design.rx_place
    if spec_rx is None:
        rx_place = "none"
    else:
        labels = rng.choice(RX_LABELS)
        rx_items = tuple(item(lab(lb), v, "rx", field=f)
                         for lb, v, f in zip(labels, spec_rx, ("rx_bin", "rx_pcn", "rx_group"),
                                             strict=True))
    design = replace(design, rx_place=rx_place)
    design = _fit_columns(design, body + (list(rx_items) if rx_place == "body" else []))

    payer_on_back = rng.random() < 0.5
    footer: list[Item] = []
    if profile.payer_id is not None and not payer_on_back:
        footer.append(item(lab(rng.choice(PAYER_LABELS)), profile.payer_id, "payer",
                           field="payer_id"))
    if rng.random() < 0.4:
        footer.append(item(rng.choice(("Member Services", "Customer Service", "Questions?")),
                           phone(rng), "phone", distractor="phone"))
    plan: Item | None = None
    if profile.plans and rng.random() < 0.7:
        plan = item(lab("Plan") if rng.random() < 0.3 else "", rng.choice(profile.plans),
                    "plan", field="plan_name")
    if profile.carrier == "uhc_student_resources" and rng.random() < 0.8:
        school = rng.choice(("Lakeshore State University", "Pinecrest Institute of Technology",
                             "Granite Valley Community College", "Coastal Plains University"))
        body.insert(0, item("", school, "other", field="school_name"))
    return GrammarCard(
        carrier=profile.carrier,
        payer_name=payer_name,
        wordmark=wordmark,
        tagline=rng.choice(_TAGLINES) if rng.random() < 0.3 else "",
        web=profile.web,
        corner_web=corner_web,
        plan=plan,
        under_logo=tuple(under_logo),
        body=tuple(body),
        rx=rx_items,
        footer=tuple(footer),
        back=_back(rng, profile, payer_name, profile.web, payer_on_back),
        member=member,
        dependents=dependents,
        design=design,
        payer=payer,
        kind=profile.kind,
    )


# --- issue 15: what else a card prints ----------------------------------------------------------

FRONT_ROWS: Final = 10.0
"""Text rows a front may hold, as `_front_rows` counts them, for issue 15's extras to go on
it: an extra that would take the front past it is left off (or goes on the back), so the
extras seldom make the member ID and group smaller. Counted from pairs, never from fonts,
so the truth stays font-independent."""

_EMPLOYERS: Final = ("ACME MANUFACTURING CO", "CITY OF SPRINGFIELD", "NORTHWIND LOGISTICS",
                     "CONTOSO SCHOOLS", "Fabrikam Inc", "Tailspin Toys LLC",
                     "Lakeside County Schools", "Riverbend Medical Group",
                     "BLUE RIDGE SCHOOL DISTRICT", "Pinecrest Credit Union")
_RX_PLANS: Final = ("Premier Rx", "Value Rx 3-Tier", "Standard Rx", "Rx Choice",
                    "Advantage Formulary")
_MEDICARE_RX_PLANS: Final = ("MedicareRx Value Plus", "Medicare Part D Enhanced",
                             "MedicareRx Saver")
_MEDICARE_PLANS: Final = ("Medicare Advantage Plus (HMO)", "MedicareComplete Choice (PPO)",
                          "Medicare Value (HMO-POS)", "Medicare Advantage Essential (PPO)")
"""Plan names with the word Medicare in them, on Medicare Advantage cards: the carrier is
still the payer, never Medicare."""
_CARRIER_PBMS: Final = {"aetna": "CVS Caremark", "cigna": "Express Scripts",
                        "unitedhealthcare": "OptumRx", "oxford": "OptumRx", "umr": "OptumRx",
                        "uhc_student_resources": "OptumRx"}
_STACKED_PHONES: Final = ("Behavioral Health", "Prior Authorization", "Claims Inquiries",
                          "Pharmacy Help Desk", "24/7 Nurse Line", "Provider Services",
                          "Member Services")


def issue15_extras(card: GrammarCard, rng: random.Random) -> GrammarCard:
    """The card with what issue 15 asks a reader to return and the grammar did not print
    yet, each on some cards, from `rng` alone (a stream of its own, so every value the card
    printed before stays as it was; the layout may shift).

    On the front, while it has room (`FRONT_ROWS`): an employer (`Employer`/`Group Name`,
    35% of cards with a group), `DOB` (30%) and `Sex`/`Gender` (with the date 60%, alone
    10%), a Medicaid ID beside another member ID (40% of Medicaid cards), a Medicare
    Advantage contract-PBP `H5415-071` after the member ID (60% of those cards that print
    none), Medicare's `Medical (Part B)` date after Part A's (70%) under a `Coverage starts`
    line (half of them), a plan name with the word Medicare (half the Medicare Advantage
    cards that print no plan), Rx pairs `Rx ID` (35% of cards with an Rx block; 60% of
    them the member ID itself) and `Rx Plan` (20%). On the front or else the back: a copay
    table in two columns across the card (30% of cards without copays), a pharmacy benefit
    manager (30% of Rx cards that name none). On the back: a phone whose label stands on
    the line above the number (35%) and a `TTY 711` line (20%, no phone).
    """
    d = card.design

    def lab(text: str) -> str:
        return _case(text, d.label_case)

    fields = truth_fields(card, True)
    front = card

    def fits(candidate: GrammarCard) -> bool:
        nonlocal front
        if _front_rows(candidate) > FRONT_ROWS:
            return False
        front = candidate
        return True

    def after(role: str, new: Sequence[Item]) -> bool:
        body = list(front.body)
        at = next((i + 1 for i, it in enumerate(body) if it.role == role), 0)
        body[at:at] = new
        return fits(replace(front, body=tuple(body)))

    if any(it.role == "group" for it in card.body) and card.kind in ("commercial", "blue") \
            and rng.random() < 0.35:
        after("group", [item(lab(rng.choice(("Employer", "Group Name", "Employer Group"))),
                             rng.choice(_EMPLOYERS), "other", field="group_name")])
    born: list[Item] = []
    roll = rng.random()
    if roll < 0.3 and not any(it.label.lower() in ("dob", "date of birth") for it in card.body):
        born.append(item(lab(rng.choice(("DOB", "Date of Birth", "Birth Date"))),
                         f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/"
                         f"{rng.randint(1940, 2020)}", "other", field="birth_date"))
    if (born and rng.random() < 0.6) or 0.3 <= roll < 0.4:
        label = rng.choice(("Sex", "Gender"))
        value = rng.choice(("M", "F") if label == "Sex" else ("Male", "Female", "M", "F"))
        born.append(item(lab(label), value, "other", field="gender"))
    if born:
        after("name", born)
    if card.kind == "medicaid" and "medicaid_id" not in fields and rng.random() < 0.4:
        number = rng.choice(("9" + digits(rng, 7) + plain_letters(rng, 1),
                             digits(rng, 8) + plain_letters(rng, 1), digits(rng, 12)))
        after("member_id", [item(lab(rng.choice(("Medicaid ID", "Medicaid #", "Medicaid No."))),
                                 number, "other", field="medicaid_id")])
    if card.kind == "medicare_advantage":
        if "plan_number" not in fields and rng.random() < 0.6:
            taken = card.plan is not None and card.plan.label.lower() == "plan"
            label = rng.choice(("Contract-PBP", "CMS Contract-PBP", "PBP") if taken else
                               ("Plan", "Contract-PBP", "CMS Contract-PBP", "PBP"))
            number = f"{rng.choice('HHHR')}{digits(rng, 4)}-{digits(rng, 3)}"
            after("member_id", [Item(lab(label), (Part(number, field="plan_number",
                                                       distractor="cms_contract"),),
                                     "distractor")])
        if card.plan is None and rng.random() < 0.5:
            fits(replace(front, plan=item("", rng.choice(_MEDICARE_PLANS), "plan",
                                          field="plan_name")))
    part_a = next((it for it in card.body if it.label == "Hospital (Part A)"), None)
    if part_a is not None and rng.random() < 0.7:
        part_b = part_a.value  # the same date, or one in a later year
        if rng.random() < 0.5:
            year = int(part_b[-4:])
            part_b = f"{rng.randint(1, 12):02d}-01-{rng.randint(year + 1, max(year + 1, 2026))}"
        medical = Item("Medical (Part B)", (Part(part_b, field="medicare_part_b_date"),), "date")
        body = list(front.body)
        at = body.index(part_a)
        body[at + 1:at + 1] = [medical]
        if rng.random() < 0.5:
            body[at:at] = [item("", "Coverage starts", "other")]
        fits(replace(front, body=tuple(body)))
    grid: Item | None = None
    if not any(it.role in ("copay", "placeholder") for it in card.body) \
            and card.kind != "medicare" and rng.random() < 0.3:
        grid = _copay_grid(rng)
    back = list(card.back)
    if card.rx:
        rx: list[Item] = []
        if rng.random() < 0.35:
            member_id = fields["member_id"]
            value = rng.choice((member_id, member_id, member_id, member_id + "01",
                                member_id + "00", letters(rng, 2) + digits(rng, 9)))
            rx.append(item(lab(rng.choice(("Rx ID", "RxID", "Rx ID #"))), value, "rx",
                           field="rx_id"))
        if rng.random() < 0.2:
            plans = _MEDICARE_RX_PLANS if card.kind == "medicare_advantage" else _RX_PLANS
            rx.append(item(lab(rng.choice(("Rx Plan", "RxPlan"))), rng.choice(plans), "rx",
                           field="rx_plan"))
        grown = replace(front, rx=(*front.rx, *rx))
        if d.rx_place == "back":  # the back has room
            front = grown
        else:
            fits(grown)
        if "pbm" not in fields and rng.random() < 0.3:
            name = _CARRIER_PBMS.get(card.carrier or "") or rng.choice(PBMS)
            label = rng.choice(("PBM", "Pharmacy Benefit Manager", "Pharmacy Benefits Manager"))
            pbm = item(lab(label), name, "other", field="pbm")
            if not (rng.random() < 0.4 and fits(replace(front, footer=(*front.footer, pbm)))):
                back.insert(0, item(label, name, "other", field="pbm"))
    last_phone = max((i for i, it in enumerate(back) if it.role == "phone"), default=0)
    if rng.random() < 0.35:
        used = {it.label for it in back}
        label = rng.choice([lb for lb in _STACKED_PHONES if lb not in used])
        back.insert(last_phone + 1, Item(label, (Part(phone(rng), distractor="phone"),),
                                         "phone", stacked=True))
    if rng.random() < 0.2:
        back.insert(last_phone + 1, item("TTY", "711", "other"))
    if grid is not None and not (rng.random() < 0.7 and fits(
            replace(front, body=(*front.body, grid)))):
        back.insert(last_phone + 1, grid)
    flowing = list(front.body) + (list(front.rx) if d.rx_place == "body" else [])
    return replace(front, back=tuple(back), design=_fit_columns(d, flowing))


def _front_rows(card: GrammarCard) -> float:
    """About how many text rows the front's content takes, from counts alone (as
    `_fit_columns` decides columns): stacked pairs take two, inline ones one, a heads or
    pairs row two; then dependents' names, a two-column copay table's rows, the Rx line,
    footer pairs two a line, the plan and the lines under the logo."""
    d = card.design
    flowing = [it for it in card.body if it.role != "copay_grid"] + (
        list(card.rx) if d.rx_place == "body" else [])
    d = _fit_columns(d, flowing)
    stacked = d.placement == "stacked" or d.columns == 3 or (
        d.placement in ("heads", "pairs") and d.columns > 1)
    per = 2.0 if stacked else 1.5 if d.placement == "mixed" else 1.0
    rows = per * math.ceil(len(flowing) / d.columns)
    rows += 1.0 if d.placement in ("heads", "pairs") else 0.0
    rows += sum(len(it.parts) for it in flowing if it.role == "dependents")
    rows += sum(math.ceil(len(it.parts) / 4) + bool(it.label) for it in card.body
                if it.role == "copay_grid")
    if d.rx_place == "line":
        rows += math.ceil(len(card.rx) / 3)
    rows += math.ceil(len(card.footer) / 2) + (card.plan is not None) + len(card.under_logo)
    return rows


def _copay_grid(rng: random.Random) -> Item:
    """A copay table in two columns (4 or 6 cells): `PCP $20  Specialist $40` over `Urgent
    Care $75  ER $250`, sometimes `OV/SP $25/$50`, a deductible and a coinsurance."""
    pcp = rng.choice((10, 15, 20, 25, 30, 40))
    cells = [(rng.choice(("PCP", "Office Visit", "OV")), f"${pcp}"),
             (rng.choice(("Specialist", "SPC")), f"${2 * pcp}"),
             ("Urgent Care", f"${rng.choice((50, 75, 100))}"),
             (rng.choice(("ER", "Emergency Room")), f"${rng.choice((150, 250, 300))}")]
    if rng.random() < 0.25:
        cells[:2] = [("OV/SP", f"${pcp}/${2 * pcp}")]
    if rng.random() < 0.5:
        cells += [("Deductible", rng.choice(("$500", "$1,500", "$3,000"))),
                  ("Coinsurance", rng.choice(("20%", "30%")))]
    if len(cells) % 2:
        cells.pop(rng.randrange(len(cells)))
    label = rng.choice(("Copays", "Your Copays", "Copay", ""))
    return Item(label, tuple(Part(t) for cell in cells for t in cell), "copay_grid")


def _fit_columns(design: Design, flowing: Sequence[Item]) -> Design:
    """Columns the body's pairs fit in, from their count and lengths alone (never from
    fonts, so the truth stays font-independent): more than five stacked pairs need two
    columns, and a value over 20 characters does not fit a third of the card."""
    longest = max((len(it.value) for it in flowing), default=0)
    stacked = design.placement in ("stacked", "mixed", "heads", "pairs")
    columns = design.columns
    if columns == 1 and stacked and len(flowing) > 5:
        columns = 2
    if columns == 3 and (longest > 20 or len(flowing) > 10):
        columns = 2
    if columns == 2 and len(flowing) > 12:
        columns = 3 if longest <= 20 else 2
    return replace(design, columns=columns)


def _wordmark_lines(name: str) -> tuple[str, ...]:
    """The payer's name as a wordmark: one line, or two when longer than 24 characters
    (split at the space nearest the middle)."""
    if len(name) <= 24:
        return (name,)
    spaces = [m.start() for m in re.finditer(" ", name)]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return (name[:cut], name[cut + 1:])


def is_template(slot: str) -> bool:
    """True for a template carrier's slot."""
    return slot in PROFILES


__all__ = [
    "BLUE_PLANS",
    "DIRECTORY",
    "GRAMMAR_CARRIERS",
    "OTHER",
    "OTHER_PAYERS",
    "PLACEHOLDERS",
    "PROFILES",
    "TEMPLATE_CARRIERS",
    "Design",
    "GrammarCard",
    "Item",
    "Name",
    "expected_review",
    "grammar_card",
    "issue15_extras",
    "truth_copays",
    "truth_dependents",
    "truth_distractors",
    "truth_fields",
    "truth_phones",
    "truth_portal",
]
