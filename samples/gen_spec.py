"""What a synthetic card prints: per-carrier content, values drawn from a seeded RNG, portal rules.

Nothing here draws pixels. A `CardSpec` fixes every string printed on the card (labels and
values) and which of them are ground-truth fields or distractors, so the truth file depends
only on the seed and never on fonts, OpenCV or Pillow versions.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Final

CARRIERS: Final = (
    "aetna",
    "cigna",
    "anthem",
    "unitedhealthcare",
    "oxford",
    "umr",
    "oscar",
    "uhc_student_resources",
    "generic",
)
"""Carrier ids the generator draws; "generic" is an invented carrier (truth carrier null)."""

CARRIER_NAMES: Final[dict[str, str]] = {
    "aetna": "Aetna",
    "cigna": "Cigna",
    "anthem": "Anthem Blue Cross and Blue Shield",
    "unitedhealthcare": "UnitedHealthcare",
    "oxford": "Oxford",
    "umr": "UMR",
    "oscar": "Oscar",
    "uhc_student_resources": "UHC Student Resources",
}
"""Contract names (CONTRACT.md), which are also `portal.insurance_provider`."""

FIELD_ORDER: Final = (
    "member_id",
    "group_number",
    "member_name",
    "subscriber_name",
    "rx_bin",
    "rx_pcn",
    "rx_group",
    "payer_id",
    "plan_name",
    "effective_date",
    "school_name",
)
"""Contract field names in the order the truth file lists them."""

NEEDS_BACK: Final = frozenset({"cigna", "anthem"})
"""Carriers whose portal requires a photo of the back (Cigna and Blue Cross Blue Shield plans)."""

GENERIC_CARRIERS: Final = (
    "Summit Health Plan",
    "Lakeview Mutual",
    "Prairie Star Health",
    "Harborline Health Plan",
    "Redwood Valley Health Alliance",
    "Northgate Benefit Trust",
    "Cedar Ridge Health Cooperative",
    "Silverlake Community Health",
    "Ironwood Mutual Benefit",
    "Meadowbrook Health Plan",
)
"""Invented carriers; none resembles a carrier in the contract table."""

SCHOOLS: Final = (
    "University of Northern Example",
    "Lakeshore State University",
    "Westfield College",
    "Pinecrest Institute of Technology",
    "Eastbrook University",
    "Granite Valley Community College",
    "Riverside Polytechnic University",
    "Saint Alder College",
    "Maple Hollow State University",
    "Coastal Plains University",
)

_FIRST: Final = (
    "JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA", "DAVID",
    "ELIZABETH", "WILLIAM", "BARBARA", "RICHARD", "SUSAN", "JOSEPH", "JESSICA", "THOMAS", "SARAH",
    "CHRISTOPHER", "KAREN", "DANIEL", "LISA", "MATTHEW", "NANCY", "ANTHONY", "BETTY", "MARK",
    "SANDRA", "DONALD", "ASHLEY", "STEVEN", "EMILY", "ANDREW", "MICHELLE", "JOSHUA", "AMANDA",
    "KEVIN", "MELISSA", "BRIAN", "STEPHANIE", "MARIA", "JOSE", "LUIS", "CARLOS", "ANA", "PRIYA",
    "WEI", "MEI", "AISHA", "OMAR", "HANNAH", "ETHAN", "OLIVIA", "NOAH", "SOPHIA", "LIAM", "AVA",
    "MASON", "ISABELLA", "LUCAS", "CHLOE", "GRACE", "DMITRI", "KENJI", "YUKI", "FATIMA", "WALT",
)
_LAST: Final = (
    "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ",
    "MARTINEZ", "HERNANDEZ", "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR",
    "MOORE", "JACKSON", "MARTIN", "LEE", "PEREZ", "THOMPSON", "WHITE", "HARRIS", "SANCHEZ",
    "CLARK", "RAMIREZ", "LEWIS", "ROBINSON", "WALKER", "YOUNG", "ALLEN", "KING", "WRIGHT", "SCOTT",
    "TORRES", "NGUYEN", "HILL", "FLORES", "GREEN", "ADAMS", "NELSON", "BAKER", "HALL", "RIVERA",
    "CAMPBELL", "MITCHELL", "CARTER", "ROBERTS", "PATEL", "KIM", "CHEN", "WANG", "OKAFOR",
    "KOWALSKI", "MULLER", "FITZGERALD", "NAKAMURA", "ABERNATHY", "SCHWARTZ", "LINDQUIST",
    "GARCIA-LOPEZ", "WITMAN", "SAMPLE",
)
_CITIES: Final = (
    ("Lexington", "KY", "405"),
    ("El Paso", "TX", "799"),
    ("Salt Lake City", "UT", "841"),
    ("Atlanta", "GA", "303"),
    ("Green Bay", "WI", "543"),
    ("Chattanooga", "TN", "374"),
    ("Dayton", "OH", "454"),
    ("Albany", "NY", "122"),
    ("Phoenix", "AZ", "850"),
    ("Omaha", "NE", "681"),
)
_TOLL_FREE: Final = ("800", "833", "844", "855", "866", "877", "888")


@dataclass(frozen=True, slots=True)
class Part:
    """One whitespace-separated piece of a printed value.

    `text` is printed verbatim. When `field` or `distractor` is set, the piece is ground truth;
    its truth value is `text` without surrounding parentheses ("(2020451)" -> "2020451").
    """

    text: str
    field: str | None = None
    distractor: str | None = None

    @property
    def truth(self) -> str:
        """The value recorded in the truth file."""
        enclosed = self.text.startswith("(") and self.text.endswith(")")
        return self.text[1:-1] if enclosed else self.text


@dataclass(frozen=True, slots=True)
class Entry:
    """A printed line item: an optional label and a value made of one or more parts.

    `colon` None lets the layout style decide whether a colon follows the label; False
    forbids it (e.g. "Health Plan (80840) 911-87726-04" is printed without one).
    """

    label: str
    parts: tuple[Part, ...]
    colon: bool | None = None

    @property
    def value(self) -> str:
        """The value text exactly as printed."""
        return " ".join(p.text for p in self.parts)


def entry(
    label: str,
    value: str,
    field: str | None = None,
    distractor: str | None = None,
    colon: bool | None = None,
) -> Entry:
    """An entry whose whole value is one part."""
    return Entry(label, (Part(value, field, distractor),), colon)


def text_line(text: str) -> Entry:
    """An unlabelled line of text that is neither a field nor a distractor."""
    return entry("", text)


@dataclass(frozen=True, slots=True)
class Person:
    """A person's name as printed: `tokens` joined by single spaces."""

    tokens: tuple[str, ...]

    @property
    def printed(self) -> str:
        """The name as printed on the card."""
        return " ".join(self.tokens)


@dataclass(frozen=True, slots=True)
class Portal:
    """The patient-portal prefill the card's content implies (CONTRACT.md `portal`)."""

    insurance_provider: str | None
    member_id: str
    group_number: str
    first_name: str
    last_name: str


@dataclass(frozen=True, slots=True)
class CardSpec:
    """Everything printed on both sides of one card, in reading order per region.

    Regions of the front: `brand` is a key for the logo painter; `headline` lines run full
    width under the logo; `main` is the labelled left column; `rx` the pharmacy block;
    `copays` the right-hand benefit table (never truth); `footer` the bottom lines. `back`
    lines are printed top to bottom on the back (unlabelled, non-truth lines are paragraphs).
    """

    carrier: str
    brand: str
    headline: tuple[Entry, ...]
    main: tuple[Entry, ...]
    rx: tuple[Entry, ...]
    copays: tuple[tuple[str, str], ...]
    footer: tuple[Entry, ...]
    back: tuple[Entry, ...]
    member: Person


# --- small value generators -------------------------------------------------------------------


def digits(rng: random.Random, n: int) -> str:
    """`n` random decimal digits (leading zeros allowed)."""
    return "".join(rng.choice("0123456789") for _ in range(n))


def letters(rng: random.Random, n: int) -> str:
    """`n` random upper-case ASCII letters."""
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))


def phone(rng: random.Random) -> str:
    """A US toll-free number in one of the formats cards print."""
    area = rng.choice(_TOLL_FREE)
    exchange = str(rng.randint(2, 9)) + digits(rng, 2)
    line = digits(rng, 4)
    fmt = rng.choice(("1-{a}-{b}-{c}", "1-{a}-{b}-{c}", "{a}-{b}-{c}", "({a}) {b}-{c}"))
    return fmt.format(a=area, b=exchange, c=line)


def date(rng: random.Random) -> str:
    """A coverage date MM/DD/YYYY, mostly the first of a month."""
    month = rng.randint(1, 12)
    day = 1 if rng.random() < 0.7 else rng.randint(2, 28)
    return f"{month:02d}/{day:02d}/{rng.randint(2019, 2026)}"


def person(rng: random.Random, upper: bool, last: str | None = None) -> Person:
    """A random first name, optional middle initial and last name, upper- or title-case."""
    first = rng.choice(_FIRST)
    surname = last if last is not None else rng.choice(_LAST)
    tokens = [first]
    if rng.random() < 0.65:
        tokens.append(letters(rng, 1))
    tokens.append(surname)
    return Person(tuple(t if upper else t.title() for t in tokens))


def claims_address(rng: random.Random, payee: str) -> tuple[str, str]:
    """Two lines of a claims mailing address: payee and P.O. Box, then city line."""
    city, state, zip3 = rng.choice(_CITIES)
    return (
        f"{payee}, P.O. Box {rng.randint(10000, 989999)}",
        f"{city}, {state} {zip3}{digits(rng, 2)}-{digits(rng, 4)}",
    )


def copays(rng: random.Random) -> tuple[tuple[str, str], ...]:
    """A benefit table: (service, amount) pairs such as ("Specialist", "$50")."""
    pcp = rng.choice((10, 15, 20, 25, 30, 35, 40))
    rows = [
        (rng.choice(("PCP", "Primary Care", "Office Visit")), f"${pcp}"),
        (rng.choice(("Specialist", "Spec")), f"${pcp * 2}"),
        ("Urgent Care", f"${rng.choice((50, 75, 100))}"),
        (rng.choice(("ER", "Emergency Room")), f"${rng.choice((150, 200, 250, 300))}"),
    ]
    if rng.random() < 0.4:
        rows.insert(2, ("Deductible", f"${rng.choice((500, 1000, 1500, 2500, 3000))}"))
    return tuple(rows[: rng.randint(3, len(rows))])


# --- portal and review rules ------------------------------------------------------------------


def portal_group(carrier: str, group: str | None) -> str:
    """The six characters the portal takes for a printed group number.

    Aetna: the first six digits ("866081-030-00001" -> "866081"). Others: a group of exactly
    six characters as printed, anything else (or no group) "XXXXXX".
    """
    if group is None:
        return "XXXXXX"
    if carrier == "aetna":
        found = re.sub(r"\D", "", group)
        return found[:6] if len(found) >= 6 else "XXXXXX"
    return group if len(group) == 6 else "XXXXXX"


def all_entries(spec: CardSpec, with_back: bool) -> tuple[Entry, ...]:
    """Every entry printed on the front, plus the back's when `with_back`."""
    front = spec.headline + spec.main + spec.rx + spec.footer
    return front + spec.back if with_back else front


def truth_fields(spec: CardSpec, with_back: bool) -> dict[str, str]:
    """Field name -> value as printed, in `FIELD_ORDER`, for the sides written."""
    found: dict[str, str] = {}
    for e in all_entries(spec, with_back):
        for p in e.parts:
            if p.field is not None:
                found.setdefault(p.field, p.truth)
    return {k: found[k] for k in FIELD_ORDER if k in found}


def truth_distractors(spec: CardSpec, with_back: bool) -> tuple[tuple[str, str], ...]:
    """(kind, value) of every distractor printed on the sides written, in reading order."""
    return tuple(
        (p.distractor, p.truth)
        for e in all_entries(spec, with_back)
        for p in e.parts
        if p.distractor is not None
    )


def portal(spec: CardSpec) -> Portal:
    """Portal prefill implied by the card's printed content."""
    fields = truth_fields(spec, with_back=True)
    return Portal(
        insurance_provider=CARRIER_NAMES.get(spec.carrier),
        member_id=fields["member_id"],
        group_number=portal_group(spec.carrier, fields.get("group_number")),
        first_name=spec.member.tokens[0],
        last_name=spec.member.tokens[-1],
    )


def expected_review(spec: CardSpec, has_back: bool, readable: bool) -> tuple[str, ...]:
    """Review codes the card must raise even when read perfectly."""
    if not readable:
        return ("unreadable",)
    codes: list[str] = []
    if spec.carrier == "generic":
        codes.append("carrier_unknown")
    if spec.carrier in NEEDS_BACK and not has_back:
        codes.append("back_image_required")
    fields = truth_fields(spec, with_back=has_back)
    if spec.carrier == "uhc_student_resources" and "school_name" not in fields:
        codes.append("school_name_needed")
    return tuple(codes)


# --- shared building blocks -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _People:
    """The member and, for a dependant, the subscriber (policy holder)."""

    member: Person
    subscriber: Person | None


def _people(rng: random.Random, dependant_rate: float) -> _People:
    upper = rng.random() < 0.7
    member = person(rng, upper)
    if rng.random() >= dependant_rate:
        return _People(member, None)
    return _People(member, person(rng, upper, last=member.tokens[-1].upper()))


def _name_entries(rng: random.Random, people: _People, labels: tuple[str, ...]) -> list[Entry]:
    """Member name (and subscriber name first, when the member is a dependant)."""
    out: list[Entry] = []
    if people.subscriber is not None:
        sub_label = rng.choice(("Subscriber", "Subscriber Name", "Policy Holder"))
        out.append(entry(sub_label, people.subscriber.printed, field="subscriber_name"))
        labels = tuple(lb for lb in labels if lb) or ("Member",)
    out.append(entry(rng.choice(labels), people.member.printed, field="member_name"))
    return out


def _phone_entry(rng: random.Random, label: str) -> Entry:
    return entry(label, phone(rng), distractor="phone")


_FINE_PRINT: Final = (
    "You may be asked to present this card when you receive care. The card does not guarantee "
    "coverage.",
    "You must comply with all terms and conditions of the plan. Willful misuse of this card is "
    "considered fraud.",
    "In an emergency, seek care immediately, then call your primary care doctor as soon as "
    "possible for further assistance and directions on follow-up care.",
    "Your network provider must call the toll-free number listed below to pre-certify inpatient "
    "admissions and outpatient procedures.",
    "Providers: verify eligibility and benefits before providing services. Payment is subject "
    "to the terms of the plan.",
    "Pharmacists: for claims processing questions call the pharmacy help desk.",
    "This card is for identification only and does not prove eligibility for benefits.",
)


def _back(
    rng: random.Random,
    phones: tuple[str, ...],
    payee: str,
    website: str,
    extra: tuple[Entry, ...] = (),
) -> tuple[Entry, ...]:
    """A typical back: fine print, service phones, claims address, extra lines, website.

    Unlabelled text lines may be dropped by the layout when they do not fit; labelled and
    ground-truth entries never are.
    """
    prints = rng.sample(_FINE_PRINT, 3)
    lines: list[Entry] = [text_line(prints[0])]
    if rng.random() < 0.5:
        lines.append(text_line(prints[1]))
    lines += [_phone_entry(rng, lb) for lb in phones[: rng.randint(2, len(phones))]]
    street, city = claims_address(rng, payee)
    lines.append(entry(rng.choice(("Send claims to", "Claims", "Mail claims to")), street))
    lines.append(text_line(city))
    lines += extra
    lines.append(text_line(website))
    lines.append(text_line(prints[2]))
    return tuple(lines)


def _split_payer(
    rng: random.Random, payer: Entry, front: list[Entry]
) -> tuple[Entry, ...]:
    """Put the payer entry on the front (appended to `front`) or return it for the back."""
    if rng.random() < 0.5:
        front.append(payer)
        return ()
    return (payer,)


def _maybe_effective(rng: random.Random, rate: float, label: str) -> list[Entry]:
    return [entry(label, date(rng), field="effective_date")] if rng.random() < rate else []


# --- carriers ---------------------------------------------------------------------------------


def _aetna(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.12)
    group = f"{digits(rng, 6)}-{digits(rng, 3)}-{digits(rng, 5)}"
    main = _name_entries(rng, people, ("Name", "Member", "Member Name"))
    main.append(entry(rng.choice(("ID", "Member ID")), "W" + digits(rng, 9), field="member_id"))
    main.append(entry(rng.choice(("GRP#", "Group #")), group, field="group_number"))
    main += _maybe_effective(rng, 0.3, "Effective")
    rx = (
        entry("BIN#", "610502", field="rx_bin"),
        entry("PCN", rng.choice(("ADV", "AETNA")), field="rx_pcn"),
        entry("GRP", rng.choice(("RX8834", "RXAETD", "RX" + digits(rng, 4))), field="rx_group"),
    )
    plan = rng.choice(
        ("Aetna Choice POS II", "Open Access Aetna Select", "Aetna Open Access Managed Choice",
         "Aetna HMO", "Aetna Open Access Elect Choice EPO")
    )
    payer = entry("Payer Number", "60054", field="payer_id")
    footer: list[Entry] = []
    back_extra = _split_payer(rng, payer, footer)
    if rng.random() < 0.5:
        footer.append(_phone_entry(rng, "Member Services"))
    return CardSpec(
        carrier="aetna",
        brand="aetna",
        headline=(entry("", plan, field="plan_name"),),
        main=tuple(main),
        rx=rx,
        copays=copays(rng),
        footer=tuple(footer),
        back=_back(rng, ("Member Services", "Aetna Pharmacy", "24-Hour Nurse Line"), "Aetna",
                   "www.aetna.com", back_extra),
        member=people.member,
    )


def _cigna(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.0)
    member_id = rng.choice(
        ("U" + digits(rng, 7), "U" + digits(rng, 8), str(rng.randint(1, 9)) + digits(rng, 8))
    )
    group = rng.choice(("00" + digits(rng, 6), digits(rng, 7), digits(rng, 8), digits(rng, 6)))
    issuer: tuple[Part, ...] = (Part("(80840)", distractor="issuer"),)
    if rng.random() < 0.5:
        issuer = (Part("(80840)"), Part(digits(rng, 10), distractor="issuer"))
    main = _maybe_effective(rng, 0.6, "Coverage effective date")
    main.append(entry("Group", group, field="group_number"))
    main.append(Entry("Issuer #", issuer))
    main.append(entry("ID", member_id, field="member_id"))
    main += _name_entries(rng, people, ("Name",))
    headline = [text_line("Cigna Health and Life Insurance Co.")]
    if rng.random() < 0.5:
        plan = rng.choice(("Open Access Plus", "LocalPlus", "Cigna PPO", "Cigna Connect"))
        headline.append(entry("", plan, field="plan_name"))
    rx = (
        entry("RxBin", rng.choice(("017010", "017010", "017760")), field="rx_bin"),
        entry("RxPCN", "02250000", field="rx_pcn"),
    )
    return CardSpec(
        carrier="cigna",
        brand="cigna",
        headline=tuple(headline),
        main=tuple(main),
        rx=rx,
        copays=copays(rng),
        footer=(),
        back=_back(rng, ("Customer Service", "Cigna Vision", "Pharmacy Services"), "Cigna",
                   "myCigna.com"),
        member=people.member,
    )


def _anthem(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.12)
    prefix = letters(rng, 3)
    member_id = rng.choice(
        (prefix + letters(rng, 2) + digits(rng, 7), prefix + digits(rng, 9),
         prefix + "W" + digits(rng, 8))
    )
    roll = rng.random()
    if roll < 0.7:
        group = digits(rng, 6) + letters(rng, 2) + digits(rng, 1) + letters(rng, 1)
    elif roll < 0.85:
        group = "W" + digits(rng, 7)
    else:
        group = digits(rng, 6)
    main = _name_entries(rng, people, ("Member", "Member Name", ""))
    main.append(entry("Member ID", member_id, field="member_id"))
    main.append(entry(rng.choice(("Group No.", "Group No", "Group Number")), group,
                      field="group_number"))
    main += _maybe_effective(rng, 0.25, "Effective Date")
    rx = (
        entry("RxBIN", "020099", field="rx_bin"),
        entry("RxPCN", "IS", field="rx_pcn"),
        entry("RxGRP", rng.choice(("WLHA", "WLHA", "WKAA")), field="rx_group"),
    )
    plan = rng.choice(
        ("Blue Access PPO", "Pathway X HMO", "Blue Priority EPO", "Blue Access Choice")
    )
    name = "Anthem" if rng.random() < 0.6 else "Empire"
    return CardSpec(
        carrier="anthem",
        brand=name.lower(),
        headline=(entry(rng.choice(("", "Plan")), plan, field="plan_name"),),
        main=tuple(main),
        rx=rx,
        copays=copays(rng),
        footer=(_phone_entry(rng, "Member Services"),) if rng.random() < 0.4 else (),
        back=_back(rng, ("Member Services", "Provider Services", "Pharmacy Member Services"),
                   f"{name} Blue Cross Blue Shield", "anthem.com"),
        member=people.member,
    )


def _health_plan_entry(rng: random.Random) -> Entry:
    value = rng.choice(
        (f"911-{digits(rng, 5)}-{digits(rng, 2)}", "9" + digits(rng, 9))
    )
    return Entry("Health Plan (80840)", (Part(value, distractor="health_plan"),), colon=False)


def _optum_rx(rng: random.Random, rx_group: str) -> tuple[Entry, ...]:
    return (
        entry("Rx Bin", "610279", field="rx_bin"),
        entry("Rx PCN", "9999", field="rx_pcn"),
        entry("Rx Grp", rx_group, field="rx_group"),
    )


def _unitedhealthcare(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.12)
    group = digits(rng, rng.choice((5, 5, 6, 7)))
    plan_first = rng.random() < 0.5
    main = [_health_plan_entry(rng)] if plan_first else []
    main += _name_entries(rng, people, ("Member", "Member Name"))
    main.append(entry("Member ID", digits(rng, 9), field="member_id"))
    main.append(entry("Group Number", group, field="group_number"))
    if not plan_first:
        main.append(_health_plan_entry(rng))
    payer = entry("Payer ID", "87726", field="payer_id")
    footer: list[Entry] = []
    back_extra = _split_payer(rng, payer, footer)
    plan = rng.choice(("Choice Plus", "Navigate", "Options PPO", "Charter", "Core Choice Plus"))
    return CardSpec(
        carrier="unitedhealthcare",
        brand="unitedhealthcare",
        headline=(entry("", plan, field="plan_name"),),
        main=tuple(main),
        rx=_optum_rx(rng, "UHEALTH"),
        copays=copays(rng),
        footer=tuple(footer),
        back=_back(rng, ("Member Services", "Mental Health", "Pharmacy"), "UnitedHealthcare",
                   "myuhc.com", back_extra),
        member=people.member,
    )


def _oxford(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.12)
    main = _name_entries(rng, people, ("Member", "Member Name"))
    main.append(entry("Member ID", digits(rng, rng.randint(9, 11)), field="member_id"))
    main.append(entry("Group Number", digits(rng, rng.choice((6, 7))), field="group_number"))
    main.append(_health_plan_entry(rng))
    payer = entry("Payer ID", "06111", field="payer_id")
    footer: list[Entry] = []
    back_extra = _split_payer(rng, payer, footer)
    network = rng.choice(
        ("Oxford Freedom Network", "Oxford Liberty Network", "Oxford Metro Network")
    )
    return CardSpec(
        carrier="oxford",
        brand="oxford",
        headline=(entry("", network, field="plan_name"),),
        main=tuple(main),
        rx=_optum_rx(rng, rng.choice(("OXFORD", "OHPRX"))),
        copays=copays(rng),
        footer=tuple(footer),
        back=_back(rng, ("Member Services", "Behavioral Health", "Pharmacy"), "Oxford Health Plans",
                   "oxfordhealth.com", back_extra),
        member=people.member,
    )


def _umr(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.12)
    employer = rng.choice(
        ("ACME MANUFACTURING CO", "CITY OF SPRINGFIELD", "NORTHWIND LOGISTICS", "CONTOSO SCHOOLS")
    )
    main = [text_line(f"Group Name: {employer}")] if rng.random() < 0.5 else []
    main += _name_entries(rng, people, ("Member", "Name"))
    main.append(entry("Member ID", digits(rng, 9), field="member_id"))
    main.append(entry("Group Number", f"76-{digits(rng, 6)}", field="group_number"))
    main.append(
        Entry("Issuer", (Part("(80840)"), Part("910" + digits(rng, 7), distractor="issuer")),
              colon=False)
    )
    payer = entry("Payer ID", "39026", field="payer_id")
    footer: list[Entry] = []
    back_extra = _split_payer(rng, payer, footer)
    headline = (text_line("UnitedHealthcare Choice Plus"),) if rng.random() < 0.7 else ()
    return CardSpec(
        carrier="umr",
        brand="umr",
        headline=headline,
        main=tuple(main),
        rx=_optum_rx(rng, "UMR" + digits(rng, 3)) if rng.random() < 0.6 else (),
        copays=copays(rng),
        footer=tuple(footer),
        back=_back(rng, ("Customer Service", "Provider Services", "Nurse Line"), "UMR",
                   "umr.com", back_extra),
        member=people.member,
    )


def _oscar(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.0)
    member_id = "OSC" + digits(rng, 8) + ("-01" if rng.random() < 0.3 else "")
    main = _name_entries(rng, people, ("Member", "Name", ""))
    main.append(entry(rng.choice(("Member ID", "Member ID #")), member_id, field="member_id"))
    if rng.random() < 0.1:
        main.append(entry("Group", digits(rng, rng.choice((6, 7, 8))), field="group_number"))
    main += _maybe_effective(rng, 0.4, "Effective")
    plan = rng.choice(
        ("Oscar Silver Simple", "Oscar Bronze Classic", "Oscar Gold", "Silver Saver EPO")
    )
    return CardSpec(
        carrier="oscar",
        brand="oscar",
        headline=(entry("", plan, field="plan_name"),),
        main=tuple(main),
        rx=(
            entry("RxBIN", "003858", field="rx_bin"),
            entry("RxPCN", "MA", field="rx_pcn"),
            entry("RxGRP", "OSCR" + digits(rng, 2), field="rx_group"),
        ),
        copays=copays(rng),
        footer=(text_line("hioscar.com"),),
        back=_back(rng, ("Concierge", "Pharmacy Help Desk", "Doctor on Call"), "Oscar Health",
                   "hioscar.com"),
        member=people.member,
    )


def _uhc_student_resources(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.0)
    member_id = rng.choice(
        (digits(rng, 8), digits(rng, 9), letters(rng, rng.choice((2, 3))) + digits(rng, 7))
    )
    year = rng.randint(2019, 2026)
    a, b = digits(rng, 3), digits(rng, 1)
    policy = Entry(
        "Policy #",
        (Part(f"{year}-{a}-{b}", field="group_number"),
         Part(f"({year}{a}{b})", distractor="policy_parenthesized")),
    )
    headline: list[Entry] = []
    if rng.random() >= 0.2:
        headline.append(entry(rng.choice(("", "", "School")), rng.choice(SCHOOLS),
                              field="school_name"))
    main = _name_entries(rng, people, ("Name", "Insured", "Student"))
    main.append(entry("SR ID#", member_id, field="member_id"))
    main.append(policy)
    main += _maybe_effective(rng, 0.4, "Coverage Begins")
    return CardSpec(
        carrier="uhc_student_resources",
        brand="uhc_student_resources",
        headline=tuple(headline),
        main=tuple(main),
        rx=_optum_rx(rng, rng.choice(("STUDENT", "UHCSR"))),
        copays=copays(rng),
        footer=(),
        back=_back(rng, ("Customer Service", "Student Assistance", "Optum Rx"),
                   "UnitedHealthcare StudentResources", "uhcsr.com",
                   (entry("Payer ID", "74227", field="payer_id"),)),
        member=people.member,
    )


def _generic(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.15)
    company = rng.choice(GENERIC_CARRIERS)
    member_id = rng.choice(
        (letters(rng, 3) + digits(rng, 9), digits(rng, rng.randint(9, 12)),
         letters(rng, 1) + digits(rng, 8), letters(rng, 2) + digits(rng, 7) + "-0" + digits(rng, 1))
    )
    group = rng.choice(
        (digits(rng, 6), digits(rng, rng.randint(4, 9)), letters(rng, 2) + digits(rng, 4),
         f"{digits(rng, 4)}-{digits(rng, 3)}")
    )
    main = _name_entries(rng, people, ("Member", "Name", "Member Name", ""))
    main.append(entry(rng.choice(("Member ID", "ID", "Identification #", "Subscriber ID")),
                      member_id, field="member_id"))
    main.append(entry(rng.choice(("Group", "GRP#", "Group No.")), group, field="group_number"))
    main += _maybe_effective(rng, 0.3, "Effective Date")
    rx: tuple[Entry, ...] = ()
    if rng.random() < 0.6:
        rx = (
            entry("RxBIN", digits(rng, 6), field="rx_bin"),
            entry("RxPCN", rng.choice(("ADV", "RX", letters(rng, 4))), field="rx_pcn"),
            entry("RxGRP", letters(rng, 3) + digits(rng, 3), field="rx_group"),
        )
    payer = entry("Payer ID", digits(rng, 5), field="payer_id")
    footer: list[Entry] = []
    back_extra = _split_payer(rng, payer, footer)
    plan = rng.choice(("Gold PPO", "Silver HMO", "Bronze HDHP", "Select EPO", "Choice POS"))
    domain = re.sub(r"[^a-z]", "", company.lower()) + ".com"
    return CardSpec(
        carrier="generic",
        brand=company,
        headline=(entry(rng.choice(("", "Plan")), plan, field="plan_name"),),
        main=tuple(main),
        rx=rx,
        copays=copays(rng),
        footer=tuple(footer),
        back=_back(rng, ("Member Services", "Provider Line"), company, domain, back_extra),
        member=people.member,
    )


_BUILDERS: Final = {
    "aetna": _aetna,
    "cigna": _cigna,
    "anthem": _anthem,
    "unitedhealthcare": _unitedhealthcare,
    "oxford": _oxford,
    "umr": _umr,
    "oscar": _oscar,
    "uhc_student_resources": _uhc_student_resources,
    "generic": _generic,
}


def build_spec(carrier: str, rng: random.Random) -> CardSpec:
    """Draw one card's printed content for `carrier` (an id from `CARRIERS`)."""
    try:
        builder = _BUILDERS[carrier]
    except KeyError:
        raise ValueError(f"unknown carrier {carrier!r}; expected one of {CARRIERS}") from None
    return builder(rng)
