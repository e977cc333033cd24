"""What a synthetic card prints: per-carrier content, values drawn from a seeded RNG, portal rules.

Nothing here draws pixels. A `CardSpec` fixes every string printed on the card (labels and
values) and which of them are ground-truth fields or distractors, so the truth file depends
only on the seed and never on fonts, OpenCV or Pillow versions.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal, Protocol

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
"""Carrier ids the generator draws by default (the foundation set, in its fixed order);
"generic" is an invented carrier (truth carrier null)."""

FOUNDATION_CARRIERS: Final = CARRIERS
"""The nine carriers of the committed sample set, in the order card i is assigned them."""

NEW_CARRIERS: Final = (
    "humana",
    "kaiser",
    "medicare",
    "bcbs_texas",
    "bcbs_illinois",
    "premera",
    "highmark",
    "regence",
    "florida_blue",
    "carefirst",
    "horizon",
    "ambetter",
    "molina",
    "tricare",
    "wellcare",
)
"""Carriers added after the foundation; drawn only when asked for (see `WIDE_CARRIERS`)."""

WIDE_CARRIERS: Final = FOUNDATION_CARRIERS + NEW_CARRIERS
"""Every carrier the generator can draw (24, generic included): the foundation nine in
their order, then the new ones."""

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
"""Contract names (CONTRACT.md) of the foundation carriers, which are also
`portal.insurance_provider`. `ALL_CARRIER_NAMES` adds the new carriers."""

ALL_CARRIER_NAMES: Final[dict[str, str]] = {
    **CARRIER_NAMES,
    "humana": "Humana",
    "kaiser": "Kaiser Permanente",
    "medicare": "Medicare",
    "bcbs_texas": "Blue Cross and Blue Shield of Texas",
    "bcbs_illinois": "Blue Cross and Blue Shield of Illinois",
    "premera": "Premera Blue Cross",
    "highmark": "Highmark Blue Cross Blue Shield",
    "regence": "Regence BlueShield",
    "florida_blue": "Florida Blue",
    "carefirst": "CareFirst BlueCross BlueShield",
    "horizon": "Horizon Blue Cross Blue Shield of New Jersey",
    "ambetter": "Ambetter",
    "molina": "Molina Healthcare",
    "tricare": "TRICARE",
    "wellcare": "WellCare",
}
"""Contract names of every carrier the generator draws (generic has none)."""

BLUE_PLANS: Final = frozenset(
    {"anthem", "bcbs_texas", "bcbs_illinois", "premera", "highmark", "regence", "florida_blue",
     "carefirst", "horizon"}
)
"""Blue Cross Blue Shield plans: member IDs with a three-letter prefix, back photo required."""

FIELD_ORDER: Final = (
    "member_id",
    "member_id_prefix",
    "member_id_suffix",
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
    "rx_id",
    "rx_plan",
    "pbm",
    "plan_number",
    "group_name",
    "birth_date",
    "gender",
    "medicare_part_a_date",
    "medicare_part_b_date",
    "medicaid_id",
    "claims_address",
)
"""Contract field names in the order the truth file lists them (issue 15's after the
foundation's)."""

PHONE_PURPOSES: Final = ("member_services", "provider_services", "pharmacy", "behavioral_health",
                         "nurse_line", "claims", "precertification", "other")
"""Contract `phones[].purpose` values."""

PLACEHOLDER_MARKS: Final = ("XXX", "MM/DD", "$XX")
"""Text that only placeholders print (`(XXX) XXX-XXXX`, `MM/DD/YYYY`, `$XX`): never truth."""

NEEDS_BACK: Final = frozenset({"cigna"}) | BLUE_PLANS
"""Carriers whose portal requires a photo of the back (Cigna and Blue Cross Blue Shield plans)."""

GENERIC_CARRIERS: Final = (
    "Summitview Health Plan",
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
"""Invented carriers; none resembles a carrier in the contract table nor names a payer of the
payer directory (``Summit Health Plan``, once here, is a real Medicare plan)."""

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
    """One piece of a printed value, usually one word; a piece whose truth value holds a space
    (the CMS contract "H5415 071") or a name in a list is one piece too.

    `text` is printed verbatim. When `field` or `distractor` is set, the piece is ground truth;
    its truth value is `text` without surrounding parentheses ("(2020451)" -> "2020451").
    """

    text: str
    field: str | None = None
    distractor: str | None = None
    also: str | None = None
    """A second field the same printed value is truth for (Medicare's Part A date is also
    the effective date; a member ID labelled `Medicaid ID` is also the Medicaid ID)."""

    @property
    def truth(self) -> str:
        """The value recorded in the truth file."""
        enclosed = self.text.startswith("(") and self.text.endswith(")")
        return self.text[1:-1] if enclosed else self.text


EntryLayout = Literal["line", "columns", "list"]


@dataclass(frozen=True, slots=True)
class Entry:
    """A printed line item: an optional label and a value made of one or more parts.

    `colon` None lets the layout style decide whether a colon follows the label; False
    forbids it (e.g. "Health Plan (80840) 911-87726-04" is printed without one).

    `layout` "line" (the default) prints label and value as the style places them. "columns"
    prints `headers` as column heads over rows of parts, `len(headers)` parts a row (Blue
    plans: "Prefix  Identification #  Suffix" over "XOF  123456789  01"; Medicare's "Entitled
    to / Coverage starts" table). "list" prints `label` with each part on its own line under
    it (dependents).
    """

    label: str
    parts: tuple[Part, ...]
    colon: bool | None = None
    layout: EntryLayout = "line"
    headers: tuple[str, ...] = ()
    role: str = ""
    """`claims` for the lines of the claims mailing address (truth `claims_address`); the
    drawing never drops them. Empty for every other line."""

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
class Dependent:
    """A dependent listed on the card (truth `dependents`): the name as printed, and the
    suffix and member ID printed for them, if any."""

    name: str
    suffix: str | None = None
    member_id: str | None = None

    def to_json(self) -> dict[str, str]:
        """The truth object: `name`, then `suffix` and `member_id` only when printed."""
        out = {"name": self.name, "suffix": self.suffix, "member_id": self.member_id}
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True, slots=True)
class Copay:
    """One benefit of a copay table as printed (truth `copays`): `PCP` / `$20`."""

    benefit: str
    amount: str

    def to_json(self) -> dict[str, str]:
        """The truth object."""
        return {"benefit": self.benefit, "amount": self.amount}


@dataclass(frozen=True, slots=True)
class Phone:
    """A labelled phone number as printed (truth `phones`); `purpose` is one of
    `PHONE_PURPOSES`, decided from the label by `phone_purpose`."""

    purpose: str
    label: str
    number: str

    def to_json(self) -> dict[str, str]:
        """The truth object."""
        return {"purpose": self.purpose, "label": self.label, "number": self.number}


class Printed(Protocol):
    """A printed line of either generator (`Entry` here, `gen_grammar_spec.Item`)."""

    @property
    def label(self) -> str: ...

    @property
    def parts(self) -> tuple[Part, ...]: ...

    @property
    def role(self) -> str: ...

    @property
    def value(self) -> str: ...


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
    dependents: tuple[Person, ...] = ()
    """People listed under the member (a family card), as printed."""
    design: frozenset[str] = frozenset()
    """Design variants (`DESIGN_VARIANTS`) this card was drawn with; empty for the plain
    design. Content variants are already in the entries; the drawing ones tell gen_draw."""


# --- small value generators -------------------------------------------------------------------


def digits(rng: random.Random, n: int) -> str:
    """`n` random decimal digits (leading zeros allowed)."""
    return "".join(rng.choice("0123456789") for _ in range(n))


def letters(rng: random.Random, n: int) -> str:
    """`n` random upper-case ASCII letters."""
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))


def plain_letters(rng: random.Random, n: int) -> str:
    """`n` random upper-case letters without I and O, as issuers print them in group numbers
    (a 0 read for an O could be O or D: no unambiguous repair)."""
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))


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
    """Field name -> value as printed, in `FIELD_ORDER`, for the sides written.

    A member ID printed in parts (a `member_id_prefix` part beside the number, Blue plans'
    column layout) is recorded as the contract wants it: prefix and number joined.
    """
    return printed_fields(all_entries(spec, with_back))


def printed_fields(lines: Sequence[Printed]) -> dict[str, str]:
    """Field name -> truth value, in `FIELD_ORDER`, of printed lines in reading order: the
    lines' parts (`fields_of`) and `claims_address`, the lines of role `claims` joined with
    ", " (the label left out)."""
    found = fields_of(line.parts for line in lines)
    claims = ", ".join(line.value for line in lines if line.role == "claims")
    if claims:
        found["claims_address"] = claims
    return {k: found[k] for k in FIELD_ORDER if k in found}


def fields_of(lines: Iterable[Sequence[Part]]) -> dict[str, str]:
    """Field name -> truth value, in `FIELD_ORDER`, of the parts of printed lines in reading
    order (the first printing of a field wins); a `member_id` part takes the line's
    `member_id_prefix` part in front of it."""
    found: dict[str, str] = {}
    for parts in lines:
        prefix = "".join(p.truth for p in parts if p.field == "member_id_prefix")
        for p in parts:
            value = prefix + p.truth if p.field == "member_id" else p.truth
            for name in (p.field, p.also):
                if name is not None:
                    found.setdefault(name, value)
    return {k: found[k] for k in FIELD_ORDER if k in found}


def truth_dependents(spec: CardSpec) -> tuple[str, ...]:
    """Names of the dependents listed under the member, as printed (front only); empty when
    the card lists none."""
    return tuple(p.printed for p in spec.dependents)


def truth_dependent_items(spec: CardSpec) -> tuple[Dependent, ...]:
    """The truth `dependents` list: one item per name listed under the member (front only;
    no suffixes or IDs are printed for them)."""
    return tuple(Dependent(name) for name in truth_dependents(spec))


def truth_copays(spec: CardSpec, shown: bool) -> tuple[Copay, ...]:
    """The truth `copays` list: the benefit table's rows as printed when the drawn front
    shows the table (`shown`; the layout leaves it off where the Rx block takes the right
    column or the table does not fit), else empty."""
    return tuple(Copay(b, a) for b, a in spec.copays) if shown else ()


def truth_phones(spec: CardSpec, with_back: bool, upper_labels: bool) -> tuple[Phone, ...]:
    """The truth `phones` list for the sides written, labels upper-cased when the drawing
    prints them so (`gen_draw.Style.upper_labels`)."""
    return phones_of(all_entries(spec, with_back), upper_labels)


def phones_of(lines: Iterable[Printed], upper_labels: bool = False) -> tuple[Phone, ...]:
    """Every labelled line printing a phone number (a part of distractor kind `phone`), in
    reading order. A line printing the number twice (`1-800-MEDICARE (1-800-633-4227)`)
    gives its last form, the digits, without parentheses."""
    found: list[Phone] = []
    for line in lines:
        numbers = [p.truth for p in line.parts if p.distractor == "phone"]
        if numbers and line.label:
            label = line.label.upper() if upper_labels else line.label
            found.append(Phone(phone_purpose(line.label), label, numbers[-1]))
    return tuple(found)


_PURPOSE_WORDS: Final = (
    ("behavioral_health", r"behavioral|mental"),
    ("nurse_line", r"nurse"),
    ("precertification", r"precert|pre-cert|prior auth|authorization|utilization"),
    ("claims", r"claim"),
    ("pharmacy", r"pharmac|\brx\b|optumrx"),
    ("provider_services", r"provider"),
    ("member_services", r"member|customer|concierge|questions|^call\b"),
)
"""Purpose -> words of a phone label that give it, tried in this order (`Pharmacy Member
Services` is the pharmacy's line, `Provider Services` no member line)."""


def phone_purpose(label: str) -> str:
    """The contract purpose (`PHONE_PURPOSES`) of a phone printed after `label`: `other`
    for lines no purpose names (TTY, vision, a PCP's office, a travel line)."""
    low = label.lower()
    return next((purpose for purpose, words in _PURPOSE_WORDS if re.search(words, low)),
                "other")


def is_placeholder(value: str) -> bool:
    """True for a placeholder value (`PLACEHOLDER_MARKS`), which is never truth."""
    return any(mark in value for mark in PLACEHOLDER_MARKS)


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
        insurance_provider=ALL_CARRIER_NAMES.get(spec.carrier),
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
    label = rng.choice(("Send claims to", "Claims", "Mail claims to"))
    lines.append(dataclasses.replace(entry(label, street), role="claims"))
    lines.append(dataclasses.replace(text_line(city), role="claims"))
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
    group_name = Entry("", (Part("Group Name:"), Part(employer, field="group_name")))
    main = [group_name] if rng.random() < 0.5 else []
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


# --- carriers added after the foundation ------------------------------------------------------


def local_phone(rng: random.Random) -> str:
    """A local (not toll-free) number, as cards print a PCP's: "(502) 555-0134"."""
    area = str(rng.randint(2, 9)) + digits(rng, 2)
    exchange = str(rng.randint(2, 9)) + digits(rng, 2)
    fmt = rng.choice(("({a}) {b}-{c}", "{a}-{b}-{c}"))
    return fmt.format(a=area, b=exchange, c=digits(rng, 4))


MBI_LETTERS: Final = "ACDEFGHJKMNPQRTUVWXY"
"""Letters a Medicare Beneficiary Identifier uses: A-Z without S, L, O, I, B, Z."""


def mbi(rng: random.Random, dashes: bool) -> str:
    """A random Medicare Beneficiary Identifier (MBI) with the CMS position rules: 1 a digit
    1-9; 2, 5, 8, 9 letters; 3, 6 letter or digit; 4, 7, 10, 11 digits. With `dashes` it is
    printed as the card prints it, 4-3-4 ("1EG4-TE5-MK73")."""
    def letter() -> str:
        return rng.choice(MBI_LETTERS)

    def either() -> str:
        return rng.choice("0123456789" + MBI_LETTERS)

    raw = (str(rng.randint(1, 9)) + letter() + either() + digits(rng, 1) + letter() + either()
           + digits(rng, 1) + letter() + letter() + digits(rng, 2))
    return f"{raw[:4]}-{raw[4:7]}-{raw[7:]}" if dashes else raw


def cms_contract(rng: random.Random) -> str:
    """A CMS contract and plan benefit package number as Medicare plan cards print it:
    H (Medicare Advantage) or R (regional PPO) + 4 digits, a space, 3 digits ("H5415 071")."""
    return f"{rng.choice('HHHR')}{digits(rng, 4)} {digits(rng, 3)}"


def _is_upper(p: Person) -> bool:
    return p.tokens[0].isupper()


def _doctor(rng: random.Random, upper: bool) -> str:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    return f"DR {first} {last}" if upper else f"Dr. {first.title()} {last.title()}"


def _pcp_entries(rng: random.Random, upper: bool, label: str = "PCP") -> list[Entry]:
    """The primary care provider's name and local phone (HMO and Medicaid cards)."""
    return [
        entry(rng.choice((label, f"{label} Name")), _doctor(rng, upper)),
        entry(f"{label} Phone", local_phone(rng), distractor="phone"),
    ]


def _plan_80840(value: str) -> Entry:
    """Medicare Advantage cards' "Plan (80840) 9140461101" (the health plan number)."""
    return Entry("Plan (80840)", (Part(value, distractor="health_plan"),), colon=False)


def _contract_entry(rng: random.Random) -> Entry:
    """The CMS contract, unlabelled in a corner or after "CMS"."""
    label = "CMS" if rng.random() < 0.4 else ""
    contract = Part(cms_contract(rng), field="plan_number", distractor="cms_contract")
    return Entry(label, (contract,), colon=False)


def _rx(bin_: str, pcn: str, group: str, labels: tuple[str, str, str]) -> tuple[Entry, ...]:
    return (
        entry(labels[0], bin_, field="rx_bin"),
        entry(labels[1], pcn, field="rx_pcn"),
        entry(labels[2], group, field="rx_group"),
    )


_RX_LABELS: Final = (("RxBIN", "RxPCN", "RxGRP"), ("Rx BIN", "Rx PCN", "Rx GRP"),
                     ("BIN", "PCN", "RxGRP"))
_RX_PREFIXED: Final = _RX_LABELS[:2]
"""Rx labels of cards that also print PCP/PCM lines (Medicare Advantage, Medicaid and
marketplace cards print "RxPCN", never a bare "PCN")."""


def _humana(rng: random.Random) -> CardSpec:
    advantage = rng.random() < 0.6
    people = _people(rng, 0.0 if advantage else 0.1)
    upper = _is_upper(people.member)
    main = _name_entries(rng, people, ("Member", "Member Name", "Name"))
    main.append(entry(rng.choice(("Member ID", "Member ID", "ID")), "H" + digits(rng, 8),
                      field="member_id"))
    footer: list[Entry] = []
    rx_labels = rng.choice(_RX_PREFIXED)
    if advantage:
        plan = rng.choice(("HumanaChoice PPO", "Humana Gold Plus HMO", "Humana Honor PPO",
                           "Humana Gold Plus SNP-DE", "HumanaChoice SNP-DE PPO"))
        headline = [
            entry("", plan, field="plan_name"),
            text_line(rng.choice(("Medicare Advantage Plan", "MedicareRx Prescription Drug "
                                  "Coverage"))),
        ]
        main.append(_plan_80840("9140461" + digits(rng, 3)))
        if rng.random() < 0.5:
            main += _pcp_entries(rng, upper)
        rx = _rx("015581", "03200000", rng.choice("WXY") + digits(rng, 4), rx_labels)
        footer.append(_contract_entry(rng))
        benefits = copays(rng)
    else:
        plan = rng.choice(("Humana ChoiceCare Network PPO", "Humana National POS",
                           "Humana HMO Premier", "Humana Open Access"))
        headline = [entry(rng.choice(("", "Network")), plan, field="plan_name")]
        main.append(entry(rng.choice(("Group #", "Group")), digits(rng, rng.choice((6, 7, 8))),
                          field="group_number"))
        main += _maybe_effective(rng, 0.3, "Effective Date")
        rx = _rx("610649", "03190000", "HUMRX" + digits(rng, 2), rx_labels)
        ov = rng.choice((20, 25, 30, 35))
        benefits = (("OV", f"${ov}"), ("S", f"${2 * ov}"), ("UCC", f"${rng.choice((50, 75))}"),
                    ("ER", f"${rng.choice((150, 250, 300))}"))
    payer = entry("Payer ID", "61101", field="payer_id")
    back_extra = _split_payer(rng, payer, footer)
    return CardSpec(
        carrier="humana",
        brand="humana",
        headline=tuple(headline),
        main=tuple(main),
        rx=rx,
        copays=benefits,
        footer=tuple(footer),
        back=_back(rng, ("Customer Care", "HumanaFirst Nurse Line", "Pharmacy Help Desk"),
                   "Humana Claims Office", "Humana.com", back_extra),
        member=people.member,
    )


def _wellcare(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.0)
    upper = _is_upper(people.member)
    main = _name_entries(rng, people, ("Member", "Member Name", "Name"))
    main.append(entry(rng.choice(("Member ID", "Member ID#", "Member #")),
                      digits(rng, rng.choice((8, 8, 9, 11))), field="member_id"))
    main.append(_plan_80840("91" + digits(rng, 8)))
    if rng.random() < 0.6:
        main += _pcp_entries(rng, upper)
    main += _maybe_effective(rng, 0.4, "Effective Date")
    plan = rng.choice(("Wellcare No Premium (HMO)", "Wellcare Giveback (HMO-POS)",
                       "Wellcare Dual Access (HMO D-SNP)", "Wellcare Assist (HMO)"))
    headline = [entry("", plan, field="plan_name")]
    if rng.random() < 0.5:
        headline.append(text_line("Medicare Advantage"))
    rx = _rx("004336", "MEDDADV", rng.choice(("RX" + digits(rng, 4), "W" + digits(rng, 4))),
             rng.choice(_RX_PREFIXED))
    footer = [_contract_entry(rng)]
    payer = entry("Payer ID", "14163", field="payer_id")
    back_extra = _split_payer(rng, payer, footer)
    return CardSpec(
        carrier="wellcare",
        brand="wellcare",
        headline=tuple(headline),
        main=tuple(main),
        rx=rx,
        copays=copays(rng),
        footer=tuple(footer),
        back=_back(rng, ("Member Services", "Pharmacy Help Desk", "24-Hour Nurse Advice Line"),
                   "Wellcare Health Plans", "wellcare.com", back_extra),
        member=people.member,
    )


_KAISER_REGIONS: Final = (
    ("Northern California", "94135"),
    ("Southern California", "94134"),
    ("Colorado", "91617"),
    ("Georgia", "21313"),
    ("Mid-Atlantic States", "52095"),
    ("Washington", "91051"),
)


def _kaiser(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.1)
    region, payer_id = rng.choice(_KAISER_REGIONS)
    main = _name_entries(rng, people, ("Member", "Name", "Member Name", ""))
    label = rng.choice(("MRN", "MRN", "Medical Record Number", "Health Record Number"))
    main.append(entry(label, digits(rng, rng.choice((8, 8, 9, 10))), field="member_id"))
    if rng.random() < 0.35:
        group = digits(rng, rng.choice((4, 5, 6)))
        if rng.random() < 0.3:
            group += "-" + digits(rng, 4)
        main.append(entry(rng.choice(("Group", "Group #")), group, field="group_number"))
    plan = rng.choice(("Signature HMO", "Gold 80 HMO", "Deductible HMO", "Silver 70 HMO",
                       "Platinum 90 HMO"))
    headline = (entry("", plan, field="plan_name"), text_line(f"{region} Region"))
    payer = entry("Payer ID", payer_id, field="payer_id")
    footer: list[Entry] = [text_line("kp.org")] if rng.random() < 0.5 else []
    back_extra = _split_payer(rng, payer, footer)
    return CardSpec(
        carrier="kaiser",
        brand="kaiser",
        headline=headline,
        main=tuple(main),
        rx=(),
        copays=copays(rng),
        footer=tuple(footer),
        back=_back(rng, ("Member Services", "Advice Nurse", "Away from Home Travel Line"),
                   "Kaiser Permanente", "kp.org", back_extra),
        member=people.member,
    )


def _medicare_date(rng: random.Random, after: int = 1990) -> tuple[str, int]:
    year = rng.randint(after, 2025)
    return f"{rng.randint(1, 12):02d}-01-{year}", year


def _medicare(rng: random.Random) -> CardSpec:
    member = person(rng, True)
    part_a, year = _medicare_date(rng)
    rows = [Part("HOSPITAL (PART A)"),
            Part(part_a, field="effective_date", also="medicare_part_a_date")]
    if rng.random() < 0.85:
        part_b = part_a if rng.random() < 0.6 else _medicare_date(rng, year)[0]
        rows += [Part("MEDICAL (PART B)"), Part(part_b, field="medicare_part_b_date")]
    main = (
        entry("Name/Nombre", member.printed, field="member_name", colon=False),
        entry("Medicare Number/Número de Medicare", mbi(rng, rng.random() < 0.75),
              field="member_id", colon=False),
        Entry("", tuple(rows), layout="columns",
              headers=("Entitled to/Con derecho a", "Coverage starts/Cobertura empieza")),
    )
    back = (
        text_line("Keep this card and show it when you get health care. Protect your Medicare "
                  "Number like you protect your credit cards."),
        Entry("Questions? Call", (Part("1-800-MEDICARE", distractor="phone"),
                                  Part("(1-800-633-4227)", distractor="phone")), colon=False),
        entry("TTY", "1-877-486-2048", distractor="phone"),
        text_line("Medicare.gov"),
        text_line("Sign here / Firme aquí: ______________________________"),
        text_line("Centers for Medicare & Medicaid Services"),
    )
    return CardSpec(
        carrier="medicare",
        brand="medicare",
        headline=(),
        main=main,
        rx=(),
        copays=(),
        footer=(),
        back=back,
        member=member,
    )


_AMBETTER_PLANS: Final = ("Sunshine Health", "Superior HealthPlan", "Peach State Health Plan",
                          "Buckeye Health Plan", "Home State Health", "Coordinated Care",
                          "Arizona Complete Health")


def _ambetter(rng: random.Random) -> CardSpec:
    people = _people(rng, 0.1)
    upper = _is_upper(people.member)
    main = _name_entries(rng, people, ("Member", "Member Name", "Name"))
    main.append(entry(rng.choice(("Member ID", "Member ID#")),
                      "U" + digits(rng, rng.choice((8, 10, 10))), field="member_id"))
    main += _maybe_effective(rng, 0.6, "Effective Date")
    if rng.random() < 0.7:
        main += _pcp_entries(rng, upper)
    tier = rng.choice(("Balanced Care 5 (Silver)", "Essential Care 1 (Bronze)",
                       "Secure Care 3 (Gold)", "Everyday Care 12 (Bronze)"))
    headline = (text_line(f"from {rng.choice(_AMBETTER_PLANS)}"),
                entry("", f"Ambetter {tier}", field="plan_name"))
    rx = _rx("004336", "ADV", "RX" + digits(rng, 4), rng.choice(_RX_PREFIXED))
    payer = entry("Payer ID", "68069", field="payer_id")
    footer: list[Entry] = []
    back_extra = _split_payer(rng, payer, footer)
    return CardSpec(
        carrier="ambetter",
        brand="ambetter",
        headline=headline,
        main=tuple(main),
        rx=rx,
        copays=copays(rng),
        footer=tuple(footer),
        back=_back(rng, ("Member Services", "24/7 Nurse Advice Line", "Pharmacy Services"),
                   "Ambetter Claims", "ambetterhealth.com", back_extra),
        member=people.member,
    )


def _molina(rng: random.Random) -> CardSpec:
    medicaid = rng.random() < 0.6
    people = _people(rng, 0.1)
    upper = _is_upper(people.member)
    main = _name_entries(rng, people, ("Member", "Member Name", "Name"))
    main.append(entry(rng.choice(("Member ID", "Member ID#", "ID")),
                      digits(rng, rng.choice((9, 10, 11))), field="member_id"))
    if medicaid and rng.random() < 0.5:
        medicaid_id = "9" + digits(rng, 7) + letters(rng, 1)
        main.append(entry("Medicaid ID", medicaid_id, field="medicaid_id",
                          distractor="medicaid_id"))
    if rng.random() < 0.4:
        main.append(entry(rng.choice(("DOB", "Date of Birth")),
                          f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/"
                          f"{rng.randint(1950, 2020)}", field="birth_date"))
    main += _maybe_effective(rng, 0.6, "Effective Date")
    if rng.random() < 0.8:
        main += _pcp_entries(rng, upper)
    if medicaid:
        plan = rng.choice(("STAR", "STAR Kids", "Apple Health (Medicaid)", "Medi-Cal",
                           "Medicaid Managed Care"))
    else:
        plan = rng.choice(("Molina Marketplace Silver 250", "Molina Marketplace Bronze",
                           "Constant Care Silver"))
    rx = _rx("004336", "MCAIDADV" if medicaid else "ADV", "RX" + digits(rng, 4),
             rng.choice(_RX_PREFIXED))
    payer = entry("Payer ID", rng.choice(("38333", "20149", "20554", "16146")),
                  field="payer_id")
    footer: list[Entry] = []
    back_extra = _split_payer(rng, payer, footer)
    return CardSpec(
        carrier="molina",
        brand="molina",
        headline=(entry("", plan, field="plan_name"),),
        main=tuple(main),
        rx=rx,
        copays=copays(rng) if not medicaid else (),
        footer=tuple(footer),
        back=_back(rng, ("Member Services", "24-Hour Nurse Advice Line", "Behavioral Health"),
                   "Molina Healthcare", "MolinaHealthcare.com", back_extra),
        member=people.member,
    )


def _tricare(rng: random.Random) -> CardSpec:
    upper = rng.random() < 0.7
    member = person(rng, upper)
    main: list[Entry] = []
    if rng.random() < 0.45:  # a family member's card names the sponsor (the policy holder)
        sponsor = person(rng, upper, last=member.tokens[-1].upper())
        main.append(entry(rng.choice(("Sponsor", "Sponsor Name")), sponsor.printed,
                          field="subscriber_name"))
    main.append(entry(rng.choice(("Beneficiary", "Beneficiary Name", "Name")), member.printed,
                      field="member_name"))
    if rng.random() < 0.6:
        main.append(entry("DoD Benefits Number", digits(rng, 11), field="member_id"))
    else:
        main.append(entry(rng.choice(("DoD ID", "DoD ID No.")), digits(rng, 10),
                          field="member_id"))
    plan = rng.choice(("TRICARE Prime", "TRICARE Select", "TRICARE Prime Remote",
                       "TRICARE Young Adult"))
    if "Prime" in plan:
        main += _pcp_entries(rng, upper, "PCM")
    main += _maybe_effective(rng, 0.5, "Effective Date")
    region, contractor = rng.choice((("East", "Humana Military"),
                                     ("West", "TriWest Healthcare Alliance"),
                                     ("West", "Health Net Federal Services")))
    rx: tuple[Entry, ...] = ()
    if rng.random() < 0.5:
        rx = _rx("003858", "TRICARE", "TRICARE", ("RxBIN", "RxPCN", "RxGRP"))
    return CardSpec(
        carrier="tricare",
        brand="tricare",
        headline=(entry("", plan, field="plan_name"), text_line(f"{region} Region")),
        main=tuple(main),
        rx=rx,
        copays=copays(rng) if "Prime" in plan else (),
        footer=(text_line(f"Administered by {contractor}"),),
        back=_back(rng, ("Customer Service", "Nurse Advice Line", "Pharmacy Home Delivery"),
                   f"TRICARE {region} Region Claims", "tricare.mil"),
        member=member,
    )


@dataclass(frozen=True, slots=True)
class _BluePlan:
    """What one Blue Cross Blue Shield plan prints, beyond the shared Blue layout."""

    carrier: str
    legal: str
    """The plan's name in running text (claims payee, licensee line on the back)."""
    id_labels: tuple[str, ...]
    group_labels: tuple[str, ...]
    number: Callable[[random.Random], str]
    """The member ID after its three-letter prefix."""
    group: Callable[[random.Random], str]
    rx_bin: str
    rx_pcn: str
    rx_group: Callable[[random.Random], str]
    payer_id: str
    plans: tuple[str, ...]
    website: str
    plan_codes: str = ""
    """BC/BS plan codes (HCSC cards print them); not an ID."""
    hcsc: bool = False


def _hcsc_group(rng: random.Random) -> str:
    return rng.choice((digits(rng, 6), digits(rng, 6), plain_letters(rng, 1) + digits(rng, 5),
                       plain_letters(rng, 1) + digits(rng, 7), digits(rng, 8)))


_BLUE_PLANS: Final[dict[str, _BluePlan]] = {
    p.carrier: p
    for p in (
        _BluePlan(
            "bcbs_texas", "Blue Cross and Blue Shield of Texas",
            ("Identification No.", "Identification #", "Member ID"),
            ("Group No.", "Group #", "Group"),
            lambda r: digits(r, 9), _hcsc_group, "011552", "TXPROD1",
            lambda r: "BCTX" + digits(r, 3), "84980",
            ("Blue Choice PPO", "Blue Advantage HMO", "Blue Essentials", "BlueCross PPO"),
            "bcbstx.com", "BC Plan 400  BS Plan 900", hcsc=True,
        ),
        _BluePlan(
            "bcbs_illinois", "Blue Cross and Blue Shield of Illinois",
            ("Identification No.", "Identification #", "Member ID"),
            ("Group No.", "Group #", "Group"),
            lambda r: digits(r, 9), _hcsc_group, "011552", "ILPROD1",
            lambda r: "BCIL" + digits(r, 3), "00621",
            ("Blue Choice PPO", "Blue Precision HMO", "BlueAdvantage HMO",
             "Blue Choice Preferred PPO"),
            "bcbsil.com", "BC Plan 621  BS Plan 121", hcsc=True,
        ),
        _BluePlan(
            "premera", "Premera Blue Cross",
            ("Identification Number", "ID No.", "Member ID"),
            ("Group Number", "Group No.", "Group"),
            lambda r: digits(r, r.choice((9, 9, 10))), lambda r: digits(r, r.choice((7, 8))),
            "610014", "PREMERA", lambda r: "PBC" + digits(r, 4), "47570",
            ("Heritage Prime", "Heritage Signature", "Personal Care", "Dimensions"),
            "premera.com",
        ),
        _BluePlan(
            "highmark", "Highmark Blue Cross Blue Shield",
            ("ID", "Member ID", "Identification No."),
            ("Group", "Group No.", "Group Number"),
            lambda r: digits(r, r.choice((9, 10))), lambda r: digits(r, r.choice((6, 7, 8))),
            "003858", "A4", lambda r: "HGM" + digits(r, 4), "54771",
            ("PPOBlue", "Community Blue Flex", "My Care Navigator", "Shared Cost EPO"),
            "highmarkbcbs.com",
        ),
        _BluePlan(
            "regence", "Regence BlueShield",
            ("Member ID", "ID", "Member #"),
            ("Group", "Group #", "Group No."),
            lambda r: digits(r, 9), lambda r: digits(r, r.choice((5, 8, 8))),
            "610014", "REGENCE", lambda r: "RGN" + digits(r, 4), "00932",
            ("Preferred", "Innova", "Regence Select", "Individual Gold"),
            "regence.com",
        ),
        _BluePlan(
            "florida_blue", "Florida Blue",
            ("Member ID", "ID", "ID Number"),
            ("Group", "Group #", "Group No."),
            lambda r: r.choice(("H" + digits(r, 8), digits(r, 9))),
            lambda r: r.choice((digits(r, 5), digits(r, 6), plain_letters(r, 1) + digits(r, 5))),
            "011552", "FLBC", lambda r: "FLB" + digits(r, 3), "00590",
            ("BlueOptions", "BlueSelect", "BlueCare HMO", "myBlue"),
            "floridablue.com",
        ),
        _BluePlan(
            "carefirst", "CareFirst BlueCross BlueShield",
            ("Member ID", "ID", "Subscriber ID"),
            ("Group", "Group #", "Group No."),
            lambda r: digits(r, 9),
            lambda r: r.choice((plain_letters(r, 1) + digits(r, 3), digits(r, 7),
                                plain_letters(r, 2) + digits(r, 4))),
            "004336", "ADV", lambda r: "RX" + digits(r, 4), "00580",
            ("BlueChoice HMO", "BluePreferred PPO", "BlueChoice Advantage", "Blue Value Plus"),
            "carefirst.com",
        ),
        _BluePlan(
            "horizon", "Horizon Blue Cross Blue Shield of New Jersey",
            ("ID", "Member ID", "ID No."),
            ("Group", "Group #", "Group No."),
            lambda r: digits(r, r.choice((9, 10))),
            lambda r: digits(r, 6) + ("-" + digits(r, 3) if r.random() < 0.3 else ""),
            "610014", "HORIZON", lambda r: "HZN" + digits(r, 4), "22099",
            ("Horizon OMNIA", "Horizon Advantage EPO", "Horizon HMO", "Horizon PPO"),
            "horizonblue.com",
        ),
    )
}


def _blue(rng: random.Random, plan: _BluePlan) -> CardSpec:
    """A Blue Cross Blue Shield card: prefixed member ID, group, Rx block, payer ID; the back
    names the plan as an independent licensee of the Blue Cross and Blue Shield Association."""
    people = _people(rng, 0.12)
    member_id = letters(rng, 3) + plan.number(rng)
    main = _name_entries(rng, people, ("Name", "Member", "Member Name", ""))
    main.append(entry(rng.choice(plan.id_labels), member_id, field="member_id"))
    main.append(entry(rng.choice(plan.group_labels), plan.group(rng), field="group_number"))
    if rng.random() < 0.3:
        main.append(Entry("Issuer", (Part("(80840)"), Part("9101" + digits(rng, 6),
                                                             distractor="issuer")), colon=False))
    main += _maybe_effective(rng, 0.3, rng.choice(("Effective Date", "Eff Date",
                                                   "Coverage Date")))
    headline = [entry(rng.choice(("", "Plan")), rng.choice(plan.plans), field="plan_name")]
    footer: list[Entry] = []
    if plan.plan_codes and rng.random() < 0.5:
        footer.append(text_line(plan.plan_codes))
    if rng.random() < 0.3:
        footer.append(_phone_entry(rng, "Customer Service"))
    payer = entry("Payer ID", plan.payer_id, field="payer_id")
    back_extra = _split_payer(rng, payer, footer)
    division = ", a Division of Health Care Service Corporation," if plan.hcsc else ","
    licensee = text_line(f"{plan.legal}{division} an Independent Licensee of the Blue Cross "
                         "and Blue Shield Association.")
    return CardSpec(
        carrier=plan.carrier,
        brand=plan.carrier,
        headline=tuple(headline),
        main=tuple(main),
        rx=_rx(plan.rx_bin, plan.rx_pcn, plan.rx_group(rng), rng.choice(_RX_LABELS)),
        copays=copays(rng),
        footer=tuple(footer),
        back=_back(rng, ("Customer Service", "Provider Services", "BlueCard Access", "Pharmacy"),
                   plan.legal, plan.website, (*back_extra, licensee)),
        member=people.member,
    )


# --- design variants --------------------------------------------------------------------------

DESIGN_VARIANTS: Final = (
    "subscriber",
    "dependents",
    "column_id",
    "issuer_blank",
    "value_style",
    "pale_labels",
    "watermark",
    "side_band",
)
"""Card designs beyond each carrier's plain card, applied in this order:

- ``subscriber``: a policy holder other than the member is printed above the member's name
  (field ``subscriber_name``; TRICARE's "Sponsor");
- ``dependents``: dependents listed under the member ("Dependents" over one name a line;
  truth ``dependents``); left out on a dependant's card;
- ``column_id``: Blue plans print the member ID in parts under column heads, ``Prefix
  Identification #  Suffix`` over ``XOF  123456789  01`` (fields ``member_id`` = prefix and
  number joined, ``member_id_prefix``, ``member_id_suffix``);
- ``issuer_blank``: ``Issuer #: (80840)`` with no digits after it (distractor ``issuer``,
  value 80840), replacing the card's issuer line or added under the member ID;
- ``value_style``: values in another font and colour than their labels;
- ``pale_labels``: pale blue labels on white;
- ``watermark``: a large pale carrier name behind the text;
- ``side_band``: vertical text in a coloured band down the left edge of the front.

The last four only change the drawing (gen_draw reads them from `CardSpec.design`)."""

DRAW_VARIANTS: Final = frozenset({"value_style", "pale_labels", "watermark", "side_band"})
"""Variants that change pixels only, never the truth."""

VARIANT_RATES: Final[dict[str, float]] = {
    "subscriber": 0.12,
    "dependents": 0.2,
    "column_id": 0.4,
    "issuer_blank": 0.15,
    "value_style": 0.25,
    "pale_labels": 0.15,
    "watermark": 0.2,
    "side_band": 0.15,
}
"""Share of a carrier's cards `pick_variants` gives each variant it supports."""

_NO_FAMILY: Final = frozenset({"medicare", "wellcare", "uhc_student_resources"})
"""Cards of one person only (Medicare and its plans, student cards): no subscriber line, no
dependents (Humana's Medicare Advantage cards are told by their CMS contract)."""

_NO_ISSUER: Final = frozenset(
    {"medicare", "tricare", "kaiser", "humana", "wellcare", "uhc_student_resources"}
)
"""Cards that print no "Issuer (80840)" line: government cards, Kaiser, and Medicare
Advantage cards, which print "Plan (80840)" instead."""


def variants_for(carrier: str) -> frozenset[str]:
    """The design variants a carrier's cards can be drawn with."""
    out = set(DRAW_VARIANTS)
    if carrier in BLUE_PLANS:
        out.add("column_id")
    if carrier not in _NO_ISSUER:
        out.add("issuer_blank")
    if carrier not in _NO_FAMILY:
        out.add("subscriber")
        if carrier != "tricare":
            out.add("dependents")
    if carrier in ("medicare", "cigna"):  # Medicare's band is on top; Cigna has its own
        out.discard("side_band")
    return frozenset(out)


def pick_variants(carrier: str, rng: random.Random) -> frozenset[str]:
    """A seeded mix of the variants `carrier` supports, each at its `VARIANT_RATES` share."""
    supported = variants_for(carrier)
    return frozenset(
        v for v in DESIGN_VARIANTS if v in supported and rng.random() < VARIANT_RATES[v]
    )


def _index(entries: tuple[Entry, ...], field: str) -> int | None:
    return next((i for i, e in enumerate(entries) if any(p.field == field for p in e.parts)),
                None)


def _has_distractor(spec: CardSpec, kind: str) -> bool:
    return any(p.distractor == kind for e in all_entries(spec, True) for p in e.parts)


def _with_subscriber(spec: CardSpec, rng: random.Random) -> CardSpec | None:
    i = _index(spec.main, "member_name")
    if i is None or _index(spec.main, "subscriber_name") is not None:
        return None
    if _has_distractor(spec, "cms_contract"):  # a Medicare Advantage card
        return None
    holder = person(rng, _is_upper(spec.member), last=spec.member.tokens[-1].upper())
    labels = ("Sponsor", "Sponsor Name") if spec.carrier == "tricare" else (
        "Subscriber", "Subscriber Name", "Policy Holder")
    member = spec.main[i]
    if not member.label:
        member = dataclasses.replace(member, label="Member")
    sub = entry(rng.choice(labels), holder.printed, field="subscriber_name")
    return dataclasses.replace(spec, main=(*spec.main[:i], sub, member, *spec.main[i + 1:]))


def _with_dependents(spec: CardSpec, rng: random.Random) -> CardSpec | None:
    i = _index(spec.main, "member_name")
    if i is None or _index(spec.main, "subscriber_name") is not None:
        return None
    if _has_distractor(spec, "cms_contract"):
        return None
    firsts = {spec.member.tokens[0].upper()}
    people: list[Person] = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        p = person(rng, _is_upper(spec.member), last=spec.member.tokens[-1].upper())
        if p.tokens[0].upper() not in firsts:
            firsts.add(p.tokens[0].upper())
            people.append(p)
    label = rng.choice(("Dependents", "Dependents", "Covered Dependents", "Other Members"))
    listing = Entry(label, tuple(Part(p.printed) for p in people), layout="list")
    return dataclasses.replace(
        spec, main=(*spec.main[: i + 1], listing, *spec.main[i + 1:]), dependents=tuple(people)
    )


def _with_column_id(spec: CardSpec, rng: random.Random) -> CardSpec | None:
    i = _index(spec.main, "member_id")
    if i is None:
        return None
    old = spec.main[i]
    value = old.parts[0].text
    if old.layout != "line" or len(old.parts) != 1 or not re.fullmatch(r"[A-Z]{3}\w{6,}", value):
        return None
    dependant = _index(spec.main, "subscriber_name") is not None
    suffix = rng.choice(("02", "03", "04")) if dependant else "01"
    heads = ("Prefix", rng.choice(("Identification #", "Identification No.", "ID Number",
                                   "Member ID")), "Suffix")
    columns = Entry(
        "",
        (Part(value[:3], field="member_id_prefix"), Part(value[3:], field="member_id"),
         Part(suffix, field="member_id_suffix")),
        layout="columns",
        headers=heads,
    )
    return dataclasses.replace(spec, main=(*spec.main[:i], columns, *spec.main[i + 1:]))


def _with_blank_issuer(spec: CardSpec, rng: random.Random) -> CardSpec | None:
    blank = (Part("(80840)", distractor="issuer"),)
    for i, e in enumerate(spec.main):
        if e.label.startswith("Issuer"):
            new = dataclasses.replace(e, parts=blank)
            return dataclasses.replace(spec, main=(*spec.main[:i], new, *spec.main[i + 1:]))
    at = _index(spec.main, "member_id")
    if at is None:
        return None
    issuer = Entry(rng.choice(("Issuer #", "Issuer")), blank)
    return dataclasses.replace(spec, main=(*spec.main[: at + 1], issuer, *spec.main[at + 1:]))


_CONTENT_VARIANTS: Final[dict[str, Callable[[CardSpec, random.Random], CardSpec | None]]] = {
    "subscriber": _with_subscriber,
    "dependents": _with_dependents,
    "column_id": _with_column_id,
    "issuer_blank": _with_blank_issuer,
}


def apply_variants(spec: CardSpec, variants: Collection[str], rng: random.Random) -> CardSpec:
    """`spec` redrawn with the design variants asked for, in `DESIGN_VARIANTS` order.

    A variant this particular card cannot show (dependents on a dependant's card, a column
    ID on a member ID without a prefix) is left out; `design` of the result lists those
    applied. Raises ValueError for a variant the carrier never supports.
    """
    _check_variants(spec.carrier, variants)
    applied: set[str] = set()
    for v in DESIGN_VARIANTS:
        if v not in variants:
            continue
        if v in _CONTENT_VARIANTS:
            changed = _CONTENT_VARIANTS[v](spec, rng)
            if changed is None:
                continue
            spec = changed
        applied.add(v)
    return dataclasses.replace(spec, design=frozenset(applied))


def _check_variants(carrier: str, variants: Collection[str]) -> None:
    unknown = sorted(set(variants) - set(DESIGN_VARIANTS))
    if unknown:
        raise ValueError(f"unknown design variants {unknown}; expected some of {DESIGN_VARIANTS}")
    unsupported = sorted(set(variants) - variants_for(carrier))
    if unsupported:
        raise ValueError(f"{carrier} cards are not drawn with {unsupported}")


# --- entry points -----------------------------------------------------------------------------


def _blue_builder(carrier: str) -> Callable[[random.Random], CardSpec]:
    plan = _BLUE_PLANS[carrier]
    return lambda rng: _blue(rng, plan)


_BUILDERS: Final[dict[str, Callable[[random.Random], CardSpec]]] = {
    "aetna": _aetna,
    "cigna": _cigna,
    "anthem": _anthem,
    "unitedhealthcare": _unitedhealthcare,
    "oxford": _oxford,
    "umr": _umr,
    "oscar": _oscar,
    "uhc_student_resources": _uhc_student_resources,
    "generic": _generic,
    "humana": _humana,
    "kaiser": _kaiser,
    "medicare": _medicare,
    **{c: _blue_builder(c) for c in _BLUE_PLANS},
    "ambetter": _ambetter,
    "molina": _molina,
    "tricare": _tricare,
    "wellcare": _wellcare,
}


def build_spec(
    carrier: str, rng: random.Random, variants: Collection[str] | None = None
) -> CardSpec:
    """Draw one card's printed content for `carrier` (an id from `WIDE_CARRIERS`).

    `variants` None draws the carrier's usual mix: a foundation carrier's plain card, exactly
    as before variants existed (same RNG calls, so the same seed gives the same card), and
    for a new carrier a seeded `pick_variants` mix. A collection of `DESIGN_VARIANTS` asks for
    exactly those (empty: the plain card); ValueError if the carrier never shows one of them.
    """
    try:
        builder = _BUILDERS[carrier]
    except KeyError:
        raise ValueError(f"unknown carrier {carrier!r}; expected one of {WIDE_CARRIERS}") from None
    if variants is None:
        if carrier in FOUNDATION_CARRIERS:
            return builder(rng)
        variants = pick_variants(carrier, rng)
    else:
        _check_variants(carrier, variants)
    return apply_variants(builder(rng), variants, rng)


def wide_spec(carrier: str, rng: random.Random) -> CardSpec:
    """A card as the wide suite draws it: any carrier (foundation ones included) with a
    seeded mix of the design variants it supports. For a new carrier this is the same card
    as `build_spec(carrier, rng)`."""
    return build_spec(carrier, rng, pick_variants(carrier, rng))


# --- issue 15's member and pharmacy details (wide suite) ---------------------------------------

RX_LINE_ENTRIES: Final = 3
"""Pharmacy entries a bottom Rx line holds; `wide_extras`' Rx ID and Rx Plan go on a second
line under it (gen_draw)."""

_RX_PLANS: Final = ("Premier Rx", "Value Rx 3-Tier", "Standard Rx", "Rx Choice",
                    "Advantage Formulary")
_MEDICARE_RX_PLANS: Final = ("MedicareRx Value Plus", "Medicare Part D Enhanced",
                             "MedicareRx Saver")
"""Pharmacy plan names as cards print them after `Rx Plan` (the grammar generator's)."""


EXTRAS_MAX_ROWS: Final = 8
"""Rows of the main column (`main_rows`) past which `wide_extras` adds nothing: a busier
front would not fit the card at any font size."""


def main_rows(entries: Sequence[Entry]) -> int:
    """Text rows the entries take in the main column at most: one a line, a list's label
    and items, a columns entry's heads and values."""
    return sum(1 + len(e.parts) if e.layout == "list" else 2 if e.layout == "columns" else 1
               for e in entries)


def wide_extras(spec: CardSpec, rng: random.Random) -> CardSpec:
    """`spec` with issue 15's member and pharmacy details that the wide suite's carriers did
    not print, each on some cards, drawn from `rng` alone (a stream of its own, so every
    other value of the card stays as it was; the layout may shift).

    In the main column, after the member's name or after the member ID (half each): a birth
    date (`DOB`, `Date of Birth`, `Birth Date`; 30% of cards that print none) and a
    `Sex`/`Gender` line (60% of those, 10% of the others). In the Rx block: `Rx ID` (35% of
    cards with one; two thirds of them the member ID itself, one sixth the member ID with a
    person code `01`/`00`, one sixth another number) and `Rx Plan` (20%; Medicare plan names
    on Medicare Advantage cards). Medicare's red-white-blue card prints none of them, nor
    does a front whose main column would pass `EXTRAS_MAX_ROWS` rows (the Rx lines: from
    `EXTRAS_MAX_ROWS` on).
    """
    if spec.carrier == "medicare":
        return spec
    fields = truth_fields(spec, with_back=True)
    main = list(spec.main)
    born: list[Entry] = []
    roll = rng.random()
    if roll < 0.3 and "birth_date" not in fields:
        born.append(entry(rng.choice(("DOB", "Date of Birth", "Birth Date")),
                          f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/"
                          f"{rng.randint(1940, 2020)}", field="birth_date"))
    if (born and rng.random() < 0.6) or 0.3 <= roll < 0.4:
        label = rng.choice(("Sex", "Gender"))
        value = rng.choice(("M", "F") if label == "Sex" else ("Male", "Female", "M", "F"))
        born.append(entry(label, value, field="gender"))
    anchor = _index(spec.main, "member_name" if rng.random() < 0.5 else "member_id")
    if born and anchor is not None and main_rows(main) + len(born) <= EXTRAS_MAX_ROWS:
        at = anchor + 1
        while at < len(main) and main[at].layout == "list":  # after the dependents' list
            at += 1
        main[at:at] = born
    rx = list(spec.rx) if main_rows(main) < EXTRAS_MAX_ROWS else []
    if rx and rng.random() < 0.35:
        member_id = fields["member_id"]
        value = rng.choice((member_id, member_id, member_id, member_id, member_id + "01",
                            member_id + "00", letters(rng, 2) + digits(rng, 9)))
        rx.append(entry(rng.choice(("Rx ID", "RxID", "Rx ID #")), value, field="rx_id"))
    if rx and rng.random() < 0.2:
        advantage = _has_distractor(spec, "cms_contract")
        rx.append(entry(rng.choice(("Rx Plan", "RxPlan")),
                        rng.choice(_MEDICARE_RX_PLANS if advantage else _RX_PLANS),
                        field="rx_plan"))
    return dataclasses.replace(spec, main=tuple(main), rx=tuple(rx) or spec.rx)
