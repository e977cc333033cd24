"""The card's repeated items and its claims address, read off the OCR pages (issue 15).

``read_lists`` reads, from words already OCR'd (no new OCR), the contract's lists
``phones``, ``copays`` and ``dependents`` and the field ``claims_address``. Every box here
is in the card frame of the side the item was printed on (pixels, x right, y down);
heights and gaps are measured in word heights, so the rules hold at any scale.

The page is first cut into *segments*: lines of print (:func:`pipeline.fields._lines`)
split where a gap wider than ``MAX_WORD_GAP`` heights separates two columns. Items are then
paired by geometry, as :mod:`pipeline.fields` pairs labels and values:

* a phone number takes the text left of it on its row as its label, or the line above
  when nothing precedes it; the label's words give its purpose (:data:`PURPOSES`), and a
  number whose label OCR lost or cut to noise is left out (its purpose is unknown);
* an amount (``$25``, ``20%``, ``$25/$50``) takes the benefit left of it on its row, or the
  benefit right above it (a table's column head: one with an amount under it takes none
  beside it), when the benefit holds a word of :data:`BENEFIT_WORDS` (fine print with a
  ``$`` has none);
* names one per line under a ``Dependents`` label are the dependents;
* the lines after a ``Send claims to:`` label (or one OCR misread), down to the line
  ending in a ZIP code, are the claims address; a card's one address whose label OCR
  lost is taken, less sure.

OCR's misreadings of fixed words are undone where the word is known: a benefit's words
(``Deductblo``), ``P.O. Box`` (``RO. Box``), a phone's separators and lost ``1``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import pairwise
from typing import TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline import fields
from pipeline.placeholders import is_placeholder
from pipeline.types import Box, FieldReading, OcrPage, OcrWord, Side

MAX_WORD_GAP = fields.MAX_WORD_GAP
"""Widest gap between two words of one phrase, in word heights; wider starts a column."""
PAIR_REACH = 16.0
"""Widest gap (word heights) from a benefit or a phone's label to the amount or number
right of it on its row: a right-aligned table's amounts stand ~7 heights from their
benefits (Cigna's ``Primary Care ... $25``)."""
ROW_REACH = 3.0
"""Rows (in word heights) above and below a pair searched for a column between its two
halves (see :func:`_column_between`)."""
ABOVE_GAP = 1.6
"""Widest gap (word heights) from a line to the line under it that continues it: a
stacked benefit over its amount, a phone's label over it, the next dependent or address
line."""
FIRST_ADDRESS_GAP = 4.0
"""Widest gap (label heights) from a claims label to the first address line under it:
Cigna leaves about three lines blank there."""
SPECK_HEIGHT = 0.3
"""A segment lower than this share of a line's height is a speck, not a line over it: a
head's small print is half its value's height or more."""
LOST_DOLLAR_SCORE = 0.7
"""Score (0-1) of a copay read as a bare number under its benefit, its ``$`` lost: no
other value stands alone under a copay's head, but the glyph was not seen."""
MAX_BENEFIT_WORDS = 4
"""Most words a benefit holds (``Primary Care Physician``); more is a sentence."""
MAX_LABEL_WORDS = 8
"""Most words kept of a phone's label (the end of a sentence leading to the number)."""
MAX_ABOVE_LABEL_WORDS = 5
"""Most words of a label printed over its number (``For Vision call CIGNA Vision``); a
longer line is running text."""
MAX_ADDRESS_LINES = 4
"""Most lines a claims address takes after its label (payee, street, suite, city line)."""
MAX_ADDRESS_WORDS = 14
"""Most words of one address line; more is running text. A payee's name and its box take
eleven (``Claims: Blue Cross and Blue Shield of North Carolina, P.O. Box 73466``)."""
MAX_CLAIMS_LABEL_WORDS = 5
"""Most words of a claims label (``Send medical claims to:``)."""
CLAIMS_CUTOFF = 72.0
"""rapidfuzz ratio (0-100) of a label's word to ``CLAIMS`` that names claims: one letter
lost or two misread (``Clalms``, ``daims``, ``calms``); a label names no other matter."""
VERB_LABEL_SCORE = 0.7
"""Score (0-1) of a label ``Send/Mail/Submit ... to:`` whose object was misread."""
UNLABELLED_SCORE = 0.5
"""Score (0-1) of the card's one address whose label OCR lost: most likely its claims
address (an address a card prints is), unsure."""
ADDRESS_LINE_GAP = 2.0
"""Widest gap (word heights) from an address line to the next: addresses are often set
more loosely than ``ABOVE_GAP`` (a gap of 1.65 heights)."""
ADDRESS_JOIN_GAP = 3.0
"""Widest gap (word heights) inside one address line: OCR cuts a line at a gap of more
than ``MAX_WORD_GAP``; a column beside it stands further off."""
LOST_LABEL_INDENT = 2.0
"""Heights an address's first line starts right of its next: the room of a label lost."""
FUZZY_MIN = 7
"""Words of a lexicon at least this long (normalised) match OCR misreadings fuzzily."""
FUZZY_CUTOFF = 80.0
"""rapidfuzz ratio (0-100) a misread lexicon word must reach: about one wrong letter in
five (``Custoiner`` for ``Customer``, ``Behaviore!`` for ``Behavioral``)."""
FRAGMENT_MIN = 4
"""Fewest letters of a cut label word matched as a lexicon word's start or end."""
FRAGMENT_SHARE = 0.4
"""Least share of the lexicon word such a fragment holds (``MACY`` of ``PHARMACY``)."""
FRAGMENT_SCORE = 0.7
"""Score (0-1) of a purpose read from a fragment: the rest of the label was not read."""
LABEL_MIN_CONFIDENCE = 0.5
"""Least OCR confidence (0-1) of a label naming no purpose that is still taken as read
(``other``); below it the words are likely noise and the number's purpose unknown."""
READABLE_LETTERS = 0.6
"""Least share of letters among a readable label's characters."""
LABEL_JOIN_GAP = 3.0
"""Widest gap (word heights) from a phone label's first word to the rest of it, when the
rest is only :data:`GENERIC_LABEL_WORDS` (``PROVIDER   LINE:`` set in spaced capitals)
and the whole names a purpose (``J  Line`` names none: what OCR left of ``Nurse Line``);
wider than ``MAX_WORD_GAP``, which cuts such a label in two segments."""
GENERIC_LABEL_WORDS = frozenset({"SERVICE", "SERVICES", "HELP", "DESK", "LINE", "HEALTH"})
"""Words that name no purpose alone: a label of only these lost its first word."""
LABEL_CUTOFF = 88.0
"""rapidfuzz ratio a misread dependents or claims label must reach (as
:data:`pipeline.fields.FUZZY_LABEL_CUTOFF`), for labels of nine letters or more."""

PURPOSES: tuple[tuple[str, frozenset[str]], ...] = (
    # A vision, dental or hearing line belongs to another company's plan.
    ("other", frozenset({"VISION", "DENTAL", "HEARING"})),
    ("precertification", frozenset({
        "PRECERTIFICATION", "PRECERT", "PRECERTIFY", "PREAUTHORIZATION", "PREAUTH",
        "AUTHORIZATION", "AUTHORIZATIONS", "UTILIZATION"})),
    ("behavioral_health", frozenset({"BEHAVIORAL", "BEHAVIOURAL", "MENTAL", "SUBSTANCE"})),
    ("nurse_line", frozenset({"NURSE", "NURSES", "NURSELINE"})),
    ("pharmacy", frozenset({
        "PHARMACY", "PHARMACIST", "PHARMACISTS", "RX", "PRESCRIPTION", "PRESCRIPTIONS"})),
    ("provider_services", frozenset({"PROVIDER", "PROVIDERS", "ELIGIBILITY"})),
    ("claims", frozenset({"CLAIMS", "CLAIM"})),
    ("member_services", frozenset({"MEMBER", "MEMBERS", "CUSTOMER", "QUESTIONS", "CONCIERGE"})),
)
"""A phone's purpose by the words of its label, the first purpose whose word the label
holds (``Pharmacy Member Services`` is the pharmacy's); a label with none is ``other``."""
BENEFIT_WORDS = frozenset({
    "PCP", "PRIMARY", "PRIMARYCARE", "PHYSICIAN", "OV", "OFFICE", "VISIT", "OFFICEVISIT",
    "SPECIALIST", "SPEC", "SPC", "SP", "S", "SPCL", "ER", "EMERGENCY", "EMERGENCYROOM", "UC", "UCC",
    "URGENT", "URGENTCARE", "COINSURANCE", "COINS", "DEDUCTIBLE", "DED", "COPAY", "COPAYMENT",
    "OOP", "OUTOFPOCKET", "HOSPITAL", "INPATIENT", "OUTPATIENT", "RX", "GENERIC", "BRAND",
    "PREVENTIVE", "TELEHEALTH", "VIRTUAL", "CHIROPRACTIC",
})
"""Words of a cost share's benefit (normalised: upper case, no punctuation)."""
BENEFIT_SPELLINGS = frozenset({
    "PRIMARY", "CARE", "PHYSICIAN", "OFFICE", "VISIT", "VISITS", "SPECIALIST", "SPECIALTY",
    "EMERGENCY", "ROOM", "URGENT", "COINSURANCE", "DEDUCTIBLE", "COPAY", "COPAYMENT",
    "HOSPITAL", "INPATIENT", "OUTPATIENT", "GENERIC", "BRAND", "PREVENTIVE", "TELEHEALTH",
    "VIRTUAL", "CHIROPRACTIC", "POCKET", "MAXIMUM", "SERVICES",
})
"""The words of benefits as cards spell them (upper case), to undo OCR's misreadings."""
DEPENDENTS_LABELS = frozenset({
    "DEPENDENTS", "DEPENDENT", "DEPENDANTS", "DEPENDANT", "COVEREDMEMBERS",
    "COVEREDDEPENDENTS", "OTHERMEMBERS", "FAMILYMEMBERS", "ENROLLEDDEPENDENTS",
    "OTHERCOVEREDMEMBERS",
})
"""Labels heading a list of dependents (normalised)."""
OTHER_MATTERS = frozenset({
    "VISION", "DENTAL", "HEARING", "PHARMACY", "RX", "PRESCRIPTION", "CORRESPONDENCE",
    "APPEALS", "APPEAL", "GRIEVANCES", "GRIEVANCE", "PAYMENTS", "PAYMENT", "PREMIUM",
    "PREMIUMS", "INQUIRIES", "INQUIRY", "QUESTIONS", "PHONE", "CALL", "PAYER", "PAYOR",
    "ID", "PROCESSING", "STATUS",
})
"""Words of a label or payee naming another matter than where medical claims are mailed:
another plan's or the pharmacy's claims, letters, appeals, premiums, a claims phone or
payer ID."""
MAILING_VERBS = frozenset({"SEND", "MAIL", "SUBMIT", "FILE"})
"""First words of a label ``Send ... to:``."""
CLAIMS_LABELS = frozenset({
    "SENDCLAIMSTO", "MAILCLAIMSTO", "SUBMITCLAIMSTO", "CLAIMS", "MEDICALCLAIMS",
    "CLAIMSADDRESS", "SENDMEDICALCLAIMSTO", "MAILMEDICALCLAIMSTO", "SUBMITMEDICALCLAIMSTO",
    "CLAIMSMAILINGADDRESS", "MEDICALCLAIMSADDRESS", "SENDCLAIMS", "MAILCLAIMS",
})
"""Labels of a claims mailing address (normalised), read only at the start of a line."""

_AREA = r"[2-9]\d{2}"
_SEP = r"\s?[-.\u2013\u2014]\s?"
_FREE = r"8(?:00|33|44|55|66|77|88)"
"""A toll-free area code."""
_QUOTE = r"[\"'\u2018\u2019\u201c\u201d]?"
_LINE = r"(?:\d{4}|\d{2}\s\d{2}|\d\s\d{3}|\d{3}\s\d)"
_PREFIX = r"(?:\d{3}|\d{2}\s\d|\d\s\d{2})"
_PHONE = re.compile(
    rf"""(?x)
    (?<![\w.\-/$])
    (?:1\s?[-.+\u2013]?\s?|[l|!]\s?[-.\u2013]\s?|[-\u2013](?=\(?{_AREA})|[2-9]-(?={_FREE}-))?
    (?:
        (?:\(\s?{_AREA}\s?\)?|{_AREA}\s?\))\s?{_QUOTE}\s?{_PREFIX}(?:{_SEP}|\s){_QUOTE}{_LINE}
      | {_AREA}{_SEP}{_QUOTE}{_PREFIX}(?:{_SEP}|\s){_QUOTE}{_LINE}        # 800-555-0100
      | {_AREA}\s{_QUOTE}{_PREFIX}{_SEP}{_QUOTE}{_LINE}                   # 800 555-0100
      | \(?{_FREE}\)?[-.]\s?                                           # 1-800-MEDICARE
        (?=[A-Z0-9-]*[A-Z])[A-Z0-9]{{3}}-?[A-Z0-9]{{4,5}}(?![A-Za-z])
    )
    (?!\d|-\d)
    """
)
"""A US phone number as printed (``1-800-555-0100``, ``(800) 555-0100``, ``800.555.0100``,
``1 (800) 555-0100``, a toll-free word ``1-800-MEDICARE``), and as OCR splits or mars one:
spaces around a separator, a stray quote, one parenthesis lost (``866) 555-0100``), the
last four or the middle three digits split in two, the leading ``1`` read ``l``, ``|``,
another digit before a toll-free code (``4-844-555-0100``) or lost before its dash
(``-800-555-0100``). At least one separator or parenthesis: ten digits with spaces only
may be any number. ``TTY 711`` is no number."""
_AMOUNT_PART = r"(?:\$(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{2})?|\d{1,3}(?:\.\d+)?%)"
_AMOUNT = re.compile(rf"{_AMOUNT_PART}(?:/{_AMOUNT_PART})*")
"""A cost share as printed: ``$25``, ``$1,500``, ``20%``, ``$25/$50``."""
_ALNUM = re.compile(r"[A-Za-z0-9]")
"""A word that holds none of these is a speck or a mark, no text."""
_GLUED_INITIAL = re.compile(r"[A-Z]\\[A-Z][A-Za-z'-]+")
"""An initial and a surname OCR glued with a backslash for the space (``E\\NAKAMURA``)."""
_DOUBLED_CAPITAL = re.compile(r"[A-Z][a-z]")
"""A one-letter benefit (``S``) as OCR reads a lone bold capital: twice, the second in
lower case (``Ss``)."""
_BARE_AMOUNT = re.compile(r"[1-9]\d{1,2}(?:,\d{3})?")
"""A copay whose ``$`` OCR lost, alone under its benefit: ``40``, ``1,500``."""
_SUFFIX = re.compile(r"\d{2}")
_ZIP_END = re.compile(r"(?:^|[\s,.])[A-Z]{2}[.,-]?\s*\d{5}(?:-\d{4})?[\s.,;:|\u2013-]*$")
"""A city line's end: state and ZIP (``TN 37422-7223``), with OCR's marks (``CA.79252``,
``NY- 10890``, ``OH 07764 -``)."""
_CITY_END = re.compile(r"[A-Za-z]{2,}[.,]*\s*$")
"""The end of a city's name before its state (``Phoenix,``), in a city line."""
_STREET = re.compile(r"BOX \d|(?:^|,\s*)\d+[A-Z]?\s+[A-Z]")
"""A P.O. Box or a street number (in an address's text, :func:`_address_text`)."""
"""A P.O. Box or a street number: what makes text after a claims label an address."""
_TTY = re.compile(r"T[TIYLRHV]{1,3}|ITY|TDD|TTD|TRS|PCP|PCM")
"""A text telephone's label (``TTY``, ``TDD``) as OCR reads its three capitals (``TIY``,
``TI``, ``Try``, ``TITY``), or a primary care doctor's (``PCP``): short labels naming no
purpose (upper-cased, letters only, after :data:`_TTY_CONFUSIONS`)."""
_TTY_CONFUSIONS = str.maketrans({"1": "I", "|": "I", "!": "I", "\u00a5": "Y"})
_PO_BOX = re.compile(
    r"(?i)(?<![A-Z0-9])(?:[PR8B2][PpRr]?\s?[-.,]*\s?[O0QD\u00a9][.,:]*\s*B[A-Z0-9]{1,2}|B[O0]X)"
    r"[\s:.(/\"'\u201c\u201d]*([0-9SOIl]{3,6})\b")
"""``P.O. Box 123`` as OCR reads it: ``P.0.``, ``RO.``, ``8.0.``, ``Pp ©.``, ``PRO.`` (the
first dot read as an R) for ``P.O.``;
``Bax``, ``Boe`` for ``Box`` after them; marks and letters in the number (``Box:54949``,
``Box "52760``, ``Box S4876``)."""
_DIGIT_CONFUSIONS = str.maketrans({"S": "5", "O": "0", "I": "1", "l": "1"})
"""Letters OCR reads for digits in a box number."""
_I = TypeVar("_I", "Phone", "Copay", "Dependent")
"""A list's item."""

_SENTENCE_END = re.compile(r"[a-z]{3,}[.;]$")
"""A word ending a sentence (``care.``); ``P.O.`` and ``Co.`` end none."""


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number the card prints (contract ``phones`` item)."""

    purpose: str
    """One of the contract's purposes (:data:`PURPOSES`, else ``other``)."""
    label: str
    """The label printed beside it (left, or on the line above), empty when none."""
    number: str
    """The number as printed."""
    side: Side
    box: Box
    """Where the number is, card frame of ``side``."""
    confidence: float
    """0-1: the least OCR confidence of the number's words, times the label's fuzzy score."""


@dataclass(frozen=True, slots=True)
class Copay:
    """A cost share the card prints (contract ``copays`` item)."""

    benefit: str
    """The benefit as printed, without a trailing colon (``Primary Care``, ``OV/SP``)."""
    amount: str
    """As printed: ``$50``, ``20%``, ``$25/$50``."""
    side: Side
    box: Box
    """Benefit and amount together, card frame of ``side``."""
    confidence: float
    """0-1: the least OCR confidence of the words, times the benefit's fuzzy score."""


@dataclass(frozen=True, slots=True)
class Dependent:
    """A dependent listed under a ``Dependents`` label (contract ``dependents`` item)."""

    name: str
    suffix: str | None
    """The member-ID suffix printed beside the name (``02``), None where none is."""
    side: Side
    box: Box
    """The whole printed line, card frame of ``side``."""
    confidence: float
    """0-1: the least OCR confidence of the line's words, times the label's fuzzy score."""


@dataclass(frozen=True, slots=True)
class CardLists:
    """What :func:`read_lists` found on a card's sides; each list in reading order (front
    then back, top to bottom), dependents by suffix when every one prints one."""

    dependents: tuple[Dependent, ...] = ()
    copays: tuple[Copay, ...] = ()
    phones: tuple[Phone, ...] = ()
    claims_address: FieldReading | None = None
    """Field ``claims_address``: the address lines joined with ``", "``."""


@dataclass(frozen=True, slots=True)
class _Segment:
    """A run of words on one line of print, no gap in it wider than ``MAX_WORD_GAP``."""

    indices: tuple[int, ...]
    """Word indices, left to right."""
    box: Box

    @property
    def h(self) -> float:
        return max(self.box.height, 1.0)


def read_lists(pages: Sequence[tuple[Side, OcrPage]]) -> CardLists:
    """Phones, copays, dependents and the claims address of a card, from the OCR pages of
    its sides (card frame). Pure; a few milliseconds for a card of a few hundred words."""
    dependents: list[Dependent] = []
    copays: list[Copay] = []
    phones: list[Phone] = []
    address: FieldReading | None = None
    unlabelled: list[FieldReading] = []
    for side, page in pages:
        words = page.words
        segments = _segments(words)
        found = _dependents(words, segments, side)
        if found and all(d.suffix is not None for d in found):
            found = sorted(found, key=lambda d: d.suffix or "")
        dependents += found
        copays += _copays(words, segments, side)
        phones += _phones(words, segments, side)
        if address is None:
            address = _claims_address(words, segments, side)
        unlabelled += _unlabelled_addresses(words, segments, side)
    if address is None and len(unlabelled) == 1:
        address = unlabelled[0]
    return CardLists(tuple(dependents), tuple(copays), tuple(phones), address)


# --- geometry ---------------------------------------------------------------------------------


def _segments(words: Sequence[OcrWord]) -> list[_Segment]:
    """The page's lines of print cut at column gaps, top to bottom, then left to right."""
    out: list[_Segment] = []
    for line in fields._lines(words).values():
        run = [line[0]]
        for i in line[1:]:
            prev, box = words[run[-1]].box, words[i].box
            if box.left - prev.right > MAX_WORD_GAP * max(prev.height, box.height, 1.0):
                out.append(_segment(words, run))
                run = []
            run.append(i)
        out.append(_segment(words, run))
    out.sort(key=lambda s: (round(s.box.top / s.h), s.box.left))
    return out


def _segment(words: Sequence[OcrWord], run: Sequence[int]) -> _Segment:
    return _Segment(tuple(run), fields._union(words, run))


def _left_neighbour(segments: Sequence[_Segment], seg: _Segment) -> _Segment | None:
    """The nearest segment left of ``seg`` on its row, within ``PAIR_REACH`` heights."""
    row = [s for s in segments if s is not seg and fields.same_row(s.box, seg.box)
           and s.box.right <= seg.box.left + 0.2 * seg.h
           and seg.box.left - s.box.right <= PAIR_REACH * seg.h]
    return max(row, key=lambda s: s.box.right, default=None)


def _under(segments: Sequence[_Segment], box: Box, reach: float = ABOVE_GAP) -> list[_Segment]:
    """Segments starting under ``box`` within ``reach`` of its heights, nearest first."""
    h = max(box.height, 1.0)
    return sorted(
        (s for s in segments if s.box.top >= box.bottom - 0.3 * h
         and s.box.top - box.bottom <= reach * h),
        key=lambda s: s.box.top)


def _lines_below(
    segments: Sequence[_Segment], start: _Segment, column: Callable[[Box], bool],
    first_reach: float = ABOVE_GAP, reach: float = ABOVE_GAP,
) -> Iterator[_Segment]:
    """Segments one under another from ``start`` down: each the nearest (:func:`_under`)
    under the last that ``column`` takes, within ``first_reach`` heights for the first and
    ``reach`` after; none twice (OCR's zero-height boxes lie "under" themselves)."""
    seen = {id(start)}
    last, gap = start.box, first_reach
    while below := [s for s in _under(segments, last, gap)
                    if id(s) not in seen and column(s.box)]:
        seen.add(id(below[0]))
        yield below[0]
        last, gap = below[0].box, reach


def _aligned(label: Box, box: Box) -> bool:
    """True when ``box`` starts within two label heights of ``label``'s left edge."""
    return abs(box.left - label.left) <= 2 * label.height


def _overlaps(column: Box, box: Box) -> bool:
    """True when ``box`` overlaps ``column``'s horizontal extent."""
    return box.left <= column.right and box.right >= column.left


def _above(segments: Sequence[_Segment], box: Box, used: Iterable[_Segment] = ()
           ) -> _Segment | None:
    """The nearest segment right above ``box`` (within ``ABOVE_GAP`` heights) overlapping
    its column; specks (lower than ``SPECK_HEIGHT`` of ``box``) are no line."""
    h = max(box.height, 1.0)
    skip = set(map(id, used))
    cands = [s for s in segments if id(s) not in skip and s.box.height >= SPECK_HEIGHT * h
             and s.box.bottom <= box.top + 0.3 * h and box.top - s.box.bottom <= ABOVE_GAP * h
             and s.box.left <= box.right + h and s.box.right >= box.left - h]
    return max(cands, key=lambda s: s.box.bottom, default=None)


def _confidence(words: Sequence[OcrWord], indices: Iterable[int], score: float = 1.0) -> float:
    return round(max(0.0, min(1.0, min(words[i].confidence for i in indices) * score)), 3)


def _text(words: Sequence[OcrWord], indices: Iterable[int]) -> str:
    return " ".join(words[i].text for i in indices)


# --- lexicons ---------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """A phrase's words normalised (:func:`pipeline.fields.normalize_label`), each also
    without its hyphens and cut at ``/`` and ``-`` (``Pre-cert`` gives ``PRECERT``,
    ``PRE``, ``CERT``; ``OV/SP`` gives ``OV``, ``SP``)."""
    out: list[str] = []
    for raw in text.split():
        word = re.sub(r"[^A-Z0-9/&-]", "", fields.normalize_label(raw))
        parts = [p for p in re.split(r"[/&-]", word) if p]
        out += [word.replace("-", "").replace("/", "")] + (parts if len(parts) > 1 else [])
    return [t for t in out if t]


def _word_score(token: str, lexicon: frozenset[str]) -> float:
    """1.0 for a lexicon word, the fuzzy ratio (0-1) for a misread long one (its first
    letter right: OCR's look-alikes are folded by :func:`pipeline.fields.normalize_label`),
    else 0."""
    if token in lexicon:
        return 1.0
    if len(token) < FUZZY_MIN:
        return 0.0
    best = max((fuzz.ratio(token, w, score_cutoff=FUZZY_CUTOFF) for w in lexicon
                if w[0] == token[0] and len(w) >= FUZZY_MIN and abs(len(w) - len(token)) <= 2),
               default=0.0)
    return best / 100.0


def _fragment_score(token: str, lexicon: frozenset[str]) -> float:
    """``FRAGMENT_SCORE`` when ``token`` is the start or the end of a lexicon word, at
    least ``FRAGMENT_MIN`` letters and ``FRAGMENT_SHARE`` of it: a label OCR cut
    (``vioral`` of ``Behavioral``, ``Precer`` of ``Precertification``), or an abbreviation
    (``Pharm``); else 0. A generic word is no fragment (``Line`` of ``NurseLine``)."""
    if len(token) < FRAGMENT_MIN or not token.isalpha() or token in GENERIC_LABEL_WORDS:
        return 0.0
    return FRAGMENT_SCORE if any(
        len(w) > len(token) >= FRAGMENT_SHARE * len(w)
        and (w.startswith(token) or w.endswith(token)) for w in lexicon) else 0.0


def _lexicon_score(text: str, lexicon: frozenset[str]) -> float:
    """The best score (:func:`_word_score`) of a phrase's words against a lexicon."""
    return max((_word_score(t, lexicon) for t in _tokens(text)), default=0.0)


def purpose_of(label: str, confidence: float = 1.0) -> tuple[str, float]:
    """The purpose a phone's label names (:data:`PURPOSES`) and how sure (0-1) the match
    is. A label naming none is ``other`` (1.0) when it reads as a label (a ``TTY``, or
    words that are no fragment, noise or lone generic word, read with at least
    ``LABEL_MIN_CONFIDENCE``), else ``other`` with 0.0: a label lost or cut by OCR, which
    gives the number no purpose at all. ``confidence`` is the label words' least OCR
    confidence.

    >>> purpose_of("Customer Service:")
    ('member_services', 1.0)
    >>> purpose_of("For Vision call CIGNA Vision")
    ('other', 1.0)
    >>> purpose_of("vioral Health"), purpose_of("ervices"), purpose_of("")
    (('behavioral_health', 0.7), ('other', 0.0), ('other', 0.0))
    """
    tokens = _tokens(label)
    tokens += [a + b for a, b in pairwise(tokens)]  # ``Precer tification``
    for score_of in (_word_score, _fragment_score):
        for purpose, lexicon in PURPOSES:
            score = max((score_of(t, lexicon) for t in tokens), default=0.0)
            if score > 0:
                return purpose, score
    if _is_tty(label):
        return "other", 1.0
    return "other", 1.0 if _readable(label) and confidence >= LABEL_MIN_CONFIDENCE else 0.0


def _generic(label: str) -> bool:
    """True when a label's words are all :data:`GENERIC_LABEL_WORDS` (``SERVICES:``)."""
    words = re.findall(r"[A-Za-z]+", label)
    return bool(words) and all(w.upper() in GENERIC_LABEL_WORDS for w in words)


def _is_tty(label: str) -> bool:
    """True for a text telephone's or a primary care doctor's short label (:data:`_TTY`)."""
    return _TTY.fullmatch(re.sub(r"[^A-Z]", "", label.lstrip("|!_=~-* ").upper().translate(
        _TTY_CONFUSIONS))) is not None


def _worded(label: str) -> bool:
    """True when a label is words of three letters or more (``BlueCard Access``)."""
    words = label.split()
    return bool(words) and all(len(w) >= 3 and w.isalpha() for w in words)


def _readable(label: str) -> bool:
    """True when a label naming no purpose still reads as one: mostly letters, a word of
    four letters or more (``CES`` is what OCR left of ``SERVICES``), its first word not
    starting in lower case (a word OCR cut: ``vices``), and not only generic words
    (``Services``, ``Help``: the rest was lost)."""
    chars = re.sub(r"\s", "", label)
    words = re.findall(r"[A-Za-z]+", label)
    if not chars or sum(c.isalpha() for c in chars) < READABLE_LETTERS * len(chars):
        return False
    if not words or words[0][0].islower() or max(map(len, words)) < 4:
        return False
    return not all(w.upper() in GENERIC_LABEL_WORDS for w in words)


def _label_at_start(
    words: Sequence[OcrWord], seg: _Segment, labels: frozenset[str]
) -> tuple[int, float] | None:
    """How many of a segment's first words (up to four) are one of ``labels`` and the
    match's score (1.0 exact; fuzzy for nine letters or more, the first one right); the
    longest wins."""
    best: tuple[int, float] | None = None
    for n in range(1, min(4, len(seg.indices)) + 1):
        norm = re.sub(r"[^A-Z0-9]", "", fields.normalize_label(_text(words, seg.indices[:n])))
        score = 1.0 if norm in labels else 0.0
        if not score and len(norm) >= fields.FUZZY_LABEL_MIN:
            score = max((fuzz.ratio(norm, lb, score_cutoff=LABEL_CUTOFF) for lb in labels
                         if lb[0] == norm[0] and abs(len(lb) - len(norm)) <= 2),
                        default=0.0) / 100.0
        if score:
            best = (n, score)
    return best


# --- phones -----------------------------------------------------------------------------------


def _spans(words: Sequence[OcrWord], seg: _Segment) -> tuple[str, list[tuple[int, int]]]:
    """A segment's text (words joined by single spaces) and each word's character span."""
    spans = []
    at = 0
    for i in seg.indices:
        spans.append((at, at + len(words[i].text)))
        at += len(words[i].text) + 1
    return _text(words, seg.indices), spans


def _clean_number(raw: str) -> str:
    """A matched number as printed, OCR's marks undone: spaces around its separators and
    stray quotes dropped, a lost parenthesis restored, split last digits joined, and a
    ``1`` read ``l``/``|``/``!``/``+``-joined or lost before its dash put back.

    >>> [_clean_number(n) for n in ("1-866 - 533-3751", "866) 397-0082", "-844-241-8191")]
    ['1-866-533-3751', '(866) 397-0082', '1-844-241-8191']
    """
    quote = r"[\"'\u2018\u2019\u201c\u201d]"
    n = re.sub(rf"(?<=\d)\s?{quote}\s?(?=\d)", "-" if "-" in raw else " ", raw)
    n = re.sub(quote, "", n)
    n = re.sub(r"\s*([-.\u2013\u2014])\s*", r"\1", n)
    n = _SPLIT_GROUP.sub(_joined_group, n)
    n = re.sub(r"^(?:[l|!2-9][-.\u2013](?=\(?\d{3}\D)|1\+|[-\u2013](?=\(?\d))", "1-", n)
    if "(" in n and ")" not in n:
        n = re.sub(r"\((\d{3})\s?", r"(\1) ", n)
    elif ")" in n and "(" not in n:
        n = re.sub(r"(\d{3})\)", r"(\1)", n)
    return n


_SPLIT_GROUP = re.compile(r"(?<!\d)(\d{1,3})\s(\d{1,3})(?!\d)(\D*$)?")
"""Two runs of digits a space apart: one group OCR split, when they make its length."""


def _joined_group(m: re.Match[str]) -> str:
    """A :data:`_SPLIT_GROUP` match joined when it makes the last four digits or a group of
    three before them (``922-21 42``, ``54 7-0379``); else as it is (``(877) 837 2360``)."""
    digits = m.group(1) + m.group(2)
    last = m.group(3) is not None
    return digits + (m.group(3) or "") if len(digits) == (4 if last else 3) else m.group(0)


def _numbers(words: Sequence[OcrWord], seg: _Segment) -> list[tuple[str, list[int], bool]]:
    """The phone numbers in a segment: each as printed, its word indices, and whether it
    is an alias: printed in parentheses right after a number it spells in digits
    (``1-800-MEDICARE (1-800-633-4227)``)."""
    text, spans = _spans(words, seg)
    out = []
    last_end = None
    for m in _PHONE.finditer(text):
        number = _clean_number(m.group(0))
        if "XX" in number or is_placeholder(number):
            continue
        used = [i for i, (a, b) in zip(seg.indices, spans, strict=True)
                if a < m.end() and b > m.start()]
        alias = last_end is not None and re.fullmatch(
            r"\s*\(", text[last_end:m.start()]) is not None
        out.append((number, used, alias))
        last_end = m.end()
    return out


def _phone_label(
    words: Sequence[OcrWord], before: Sequence[int], above: bool = False
) -> tuple[str, float]:
    """A phone's label from the words printed before it (or, ``above``, on the line over
    it) and its least OCR confidence (1.0 when empty): from the last sentence's start and
    after the last value (a word of four digits or more: ``Payer ID 74227 Member
    Services``), at most ``MAX_LABEL_WORDS`` words, without trailing colon, dashes or
    leader dots. The word right before a number ends no sentence (``Nurse Line;`` is a
    colon misread). A line above is a label only when short (``MAX_ABOVE_LABEL_WORDS``)
    with no sentence end or colon in it: else it is running text or a label with its own
    value (``Providers: verify eligibility ...``)."""
    kept = list(before)
    if above and (len(kept) > MAX_ABOVE_LABEL_WORDS or any(
            _SENTENCE_END.search(words[i].text) or words[i].text.endswith(":")
            for i in kept[:-1]) or (kept and _SENTENCE_END.search(words[kept[-1]].text))):
        return "", 1.0
    for k in range(len(kept) - 2, -1, -1):
        if _SENTENCE_END.search(words[kept[k]].text):
            kept = kept[k + 1:]
            break
    for k in range(len(kept) - 1, -1, -1):
        if len(re.sub(r"\D", "", words[kept[k]].text)) >= 4:
            kept = kept[k + 1:]
            break
    kept = kept[-MAX_LABEL_WORDS:]
    text = fields.printed_label(
        re.sub(r"[.\s\u2013\u2014-]{2,}$|;$", "", _text(words, kept)))
    return text, min((words[i].confidence for i in kept), default=1.0)


def _phones(words: Sequence[OcrWord], segments: Sequence[_Segment], side: Side) -> list[Phone]:
    """Every phone number on a side with a readable label (left on its row, else, when no
    word precedes it in its segment, the line above) and the purpose the label names; a
    number spelled in words and then in digits (an alias) is one phone, in digits. A
    number whose label was not read (none, a cut word, OCR noise) is left out: its purpose
    is unknown, and ``other`` would be a wrong value."""
    out: list[Phone] = []
    found = {id(s): _numbers(words, s) for s in segments}
    for seg in segments:
        done: list[int] = []
        last: Phone | None = None
        for number, used, alias in found[id(seg)]:
            box = fields._union(words, used)
            if alias and last is not None:  # one phone, in digits
                out[-1] = replace(last, number=number, box=last.box.union(box),
                                  confidence=min(last.confidence, _confidence(words, used)))
                continue
            before = [i for i in seg.indices if words[i].box.right <= words[used[0]].box.left
                      and i not in done]
            done += [i for i in seg.indices if i in before or i in used]
            while before and not _ALNUM.search(words[before[-1]].text):
                before.pop()  # a speck or a mark right before the number ('_'): no label
            if before and before[0] == seg.indices[0] and _generic(_text(words, before)) and (
                    left := _left_neighbour(segments, seg)) is not None and not found[id(left)] \
                    and seg.box.left - left.box.right <= LABEL_JOIN_GAP * seg.h and (
                    purpose_of(_text(words, [*left.indices, *before]))[0] != "other"):
                before = [*left.indices, *before]  # 'PROVIDER  SERVICES:', set wide apart
            label, conf = _phone_label(words, before)
            if not label and not before:
                left = _left_neighbour(segments, seg)
                if left is not None and not found[id(left)]:
                    label, conf = _phone_label(words, left.indices)
            purpose, score = purpose_of(label, conf)
            if not score and not before:
                above = _above(segments, box)
                if above is not None and not found[id(above)]:
                    label, conf = _phone_label(words, above.indices, above=True)
                    purpose, score = purpose_of(label, conf)
            last = None
            if not score:
                continue
            last = Phone(purpose=purpose, label=label, number=number, side=side, box=box,
                         confidence=_confidence(words, used, score))
            out.append(last)
    return out


# --- copays -----------------------------------------------------------------------------------


def _amount(text: str) -> str | None:
    """A word's cost share as printed (``$1,500,`` gives ``$1,500``; OCR's marks before it
    dropped, its ``$`` read ``S`` put back), or None."""
    cleaned = re.sub(r"^[S\u00a7](?=\d)", "$", text.strip().lstrip("(\"'\u2018\u201c~_-"))
    cleaned = cleaned.rstrip(",;.*)")
    if is_placeholder(cleaned):
        return None
    return cleaned if _AMOUNT.fullmatch(cleaned) else None


def _benefit(words: Sequence[OcrWord], run: Sequence[int]) -> tuple[str, float] | None:
    """A run of words as a benefit: after a heading ending in ``:`` (``Copays: PCP``) and
    without marks that hold no letter or digit (OCR's specks), at most
    ``MAX_BENEFIT_WORDS`` words, holding a word of :data:`BENEFIT_WORDS`; its text
    (:func:`_spelled`, without a trailing colon) and the lexicon score."""
    run = [i for i in run if _ALNUM.search(words[i].text)]
    for k in range(len(run) - 2, -1, -1):
        if words[run[k]].text.endswith(":"):
            run = run[k + 1:]
            break
    if not run or len(run) > MAX_BENEFIT_WORDS:
        return None
    text = fields.printed_label(_text(words, run))
    if _DOUBLED_CAPITAL.fullmatch(text) and text[0] == text[1].upper():
        text = text[0]  # a lone capital read twice ('Ss' for Humana's 'S')
    score = _lexicon_score(text, BENEFIT_WORDS)
    return (_spelled(text), score) if score > 0 and text else None


def _spelled(benefit: str) -> str:
    """A benefit with each misread word (one no word of :data:`BENEFIT_SPELLINGS`, a
    letter or two off one of them) spelled as the card prints it, in the printed word's
    case: ``Deductblo`` gives ``Deductible``, ``Emergency Roam`` ``Emergency Room``.
    Words of six letters or fewer may be one edit off; longer ones a ratio of
    ``FUZZY_CUTOFF``.

    >>> _spelled("Specia1ist"), _spelled("OFFICE VISI"), _spelled("OV/SP")
    ('Specialist', 'OFFICE VISIT', 'OV/SP')
    """
    out = []
    for word in benefit.split(" "):
        norm = re.sub(r"[^A-Z]", "", fields.normalize_label(word))
        best = None
        if len(norm) >= 4 and norm not in BENEFIT_SPELLINGS and norm not in BENEFIT_WORDS:
            if len(norm) <= 6:
                best = next((w for w in BENEFIT_SPELLINGS if abs(len(w) - len(norm)) <= 1
                             and Levenshtein.distance(norm, w, score_cutoff=1) <= 1), None)
            else:
                found = process.extractOne(norm, BENEFIT_SPELLINGS, scorer=fuzz.ratio,
                                           score_cutoff=FUZZY_CUTOFF)
                best = found[0] if found else None
        if best is None:
            out.append(word)
        else:
            out.append(best if word.isupper() else best.lower() if word.islower()
                       else best.capitalize())
    return " ".join(out)


def _after_amounts(run: Sequence[int], amounts: Mapping[int, str]) -> list[int]:
    """The words of ``run`` after its last amount: in a table of two columns that OCR
    joins (``$30/$60 - Urgent Care``), the benefit of the amount right of it."""
    last = max((k for k, i in enumerate(run) if i in amounts), default=-1)
    return list(run[last + 1:])


def _between(seg: _Segment, amounts: Mapping[int, str]) -> list[list[int]]:
    """A segment's runs of words between its amounts (``Specialist``, ``Urgent Care`` of
    ``Specialist $50 - Urgent Care``)."""
    runs: list[list[int]] = [[]]
    for i in seg.indices:
        if i in amounts:
            runs.append([])
        else:
            runs[-1].append(i)
    return [r for r in runs if r]


def _value_under(segments: Sequence[_Segment], benefit: Box, amounts: Iterable[int]) -> bool:
    """True when an amount starts a segment right under a benefit (``benefit``, its words'
    box) in its column: the benefit is a column's head (``Urgent Care`` over ``$50``), not
    the label of an amount right of it on its row."""
    firsts = set(amounts)
    return any(s.indices[0] in firsts and _overlaps(benefit, s.box)
               for s in _under(segments, benefit))


def _column_between(columns: Sequence[Box], left: Box, right: Box) -> bool:
    """True when one of ``columns`` (benefits' boxes) starts between a benefit (``left``)
    and an amount right of it (``right``) on nearby rows (within ``ROW_REACH`` heights): a
    table of two columns whose right column's benefit is lost on this row (not printed, or
    not read). Such an amount is not the left column's."""
    h = max(left.height, right.height, 1.0)
    return any(left.right + h <= b.left < right.left and abs(b.cy - right.cy) <= (
        ROW_REACH * h) for b in columns)


def _copays(words: Sequence[OcrWord], segments: Sequence[_Segment], side: Side) -> list[Copay]:
    """Every cost share on a side: an amount with the benefit left of it on its row (in its
    segment, else the segment before it), else the benefit right above it; and a bare
    number alone under a benefit (not a coinsurance's) as a dollar amount whose ``$`` OCR
    lost."""
    amounts = {i: a for i, w in enumerate(words) if (a := _amount(w.text)) is not None}
    bare = [s.indices[0] for s in segments
            if len(s.indices) == 1 and _BARE_AMOUNT.fullmatch(words[s.indices[0]].text)]
    if not amounts and not bare:
        return []
    columns = [fields._union(words, run) for s in segments for run in _between(s, amounts)
               if _benefit(words, run) is not None]
    out: list[tuple[float, float, Copay]] = []
    stacked: list[int] = []
    used: list[_Segment] = []
    for seg in segments:
        start = 0
        for k, i in enumerate(seg.indices):
            if i not in amounts:
                continue
            run = [j for j in seg.indices[start:k] if _ALNUM.search(words[j].text)]
            start = k + 1
            left = None
            if not run:
                left = _left_neighbour(segments, seg)
                after = [] if left is None else _after_amounts(left.indices, amounts)
                if (left is None or k > 0 or not after
                        or _column_between(columns, fields._union(words, after), words[i].box)
                        or _value_under(segments, fields._union(words, after), amounts)
                        or _benefit(words, after) is None):
                    stacked.append(i)
                    continue
                run = after
            if (benefit := _benefit(words, run)) is None:
                if left is None:  # an ID or a word before it on its row: a head over it?
                    stacked.append(i)
                continue
            if left is not None:
                used.append(left)
            box = fields._union(words, [*run, i])
            out.append((box.top, box.left, Copay(
                benefit=benefit[0], amount=amounts[i], side=side, box=box,
                confidence=_confidence(words, [*run, i], benefit[1]))))
    for i in stacked:
        head = _above(segments, words[i].box, used)
        if head is None or any(j in amounts for j in head.indices):
            continue
        if (benefit := _benefit(words, head.indices)) is None:
            continue
        used.append(head)
        box = head.box.union(words[i].box)
        out.append((words[i].box.top, words[i].box.left, Copay(
            benefit=benefit[0], amount=amounts[i], side=side, box=box,
            confidence=_confidence(words, [*head.indices, i], benefit[1]))))
    for i in bare:  # ``Office Visit`` over ``40``: the $ lost
        head = _above(segments, words[i].box, used)
        if head is None or any(j in amounts for j in head.indices) or (
                benefit := _benefit(words, head.indices)) is None or _lexicon_score(
                benefit[0], frozenset({"COINSURANCE", "COINS"})):
            continue
        used.append(head)
        out.append((words[i].box.top, words[i].box.left, Copay(
            benefit=benefit[0], amount="$" + words[i].text, side=side,
            box=head.box.union(words[i].box), confidence=_confidence(
                words, [*head.indices, i], benefit[1] * LOST_DOLLAR_SCORE))))
    return [c for *_, c in sorted(out, key=lambda t: (t[0], t[1]))]


# --- dependents -------------------------------------------------------------------------------


def _dependent(
    words: Sequence[OcrWord], run: Sequence[int], side: Side, score: float
) -> Dependent | None:
    """A printed line as a dependent: a name, with a two-digit suffix before or after it;
    marks holding no letter or digit (OCR's specks) are no part of it, but a lone stroke
    between two words, the middle initial ``I`` (:func:`pipeline.fields.name_words`), and
    an initial glued to the next word by a backslash (``E\\NAKAMURA``) is two words."""
    run = [i for k, i in enumerate(run) if _ALNUM.search(words[i].text) or (
        0 < k < len(run) - 1 and words[i].text in fields._BAR_READINGS)]
    if not run:
        return None
    if any(_GLUED_INITIAL.fullmatch(words[i].text) for i in run):
        words, run = _unglued(words, run)
    name = list(run)
    suffix = None
    for at in (0, -1):
        if len(name) > 2 and _SUFFIX.fullmatch(words[name[at]].text.strip("()#-")):
            suffix = words[name.pop(at)].text.strip("()#-")
            break
    if not fields._is_name_run(words, name):
        return None
    text = re.sub(r"(?<=[A-Za-z]{2})\.(?=[A-Za-z]\b)", " ",  # MINH.S
                  " ".join(fields.name_words([words[i].text for i in name])))
    return Dependent(name=fields.clean_value(text), suffix=suffix, side=side,
                     box=fields._union(words, run), confidence=_confidence(words, run, score))


def _unglued(
    words: Sequence[OcrWord], run: Sequence[int]
) -> tuple[list[OcrWord], list[int]]:
    """``words`` with each word of ``run`` that glues an initial to a surname
    (:data:`_GLUED_INITIAL`) added again as its two words (boxes split by characters), and
    ``run`` holding those in its place."""
    out, new_run = list(words), []
    for i in run:
        w = words[i]
        if not _GLUED_INITIAL.fullmatch(w.text):
            new_run.append(i)
            continue
        step = w.box.width / len(w.text)
        for text, left, right in ((w.text[0], w.box.left, w.box.left + step),
                                  (w.text[2:], w.box.left + 2 * step, w.box.right)):
            out.append(replace(w, text=text, box=replace(w.box, left=left, right=right)))
            new_run.append(len(out) - 1)
    return out, new_run


def _dependents(
    words: Sequence[OcrWord], segments: Sequence[_Segment], side: Side
) -> list[Dependent]:
    """Names one per line under a dependents label (and one right of it), left-aligned
    with it; the list ends at the first line that is no name."""
    out: list[Dependent] = []
    for seg in segments:
        hit = _label_at_start(words, seg, DEPENDENTS_LABELS)
        if hit is None:
            continue
        n, score = hit
        label = fields._union(words, seg.indices[:n])
        if (first := _dependent(words, seg.indices[n:], side, score)) is not None:
            out.append(first)
        for line in _lines_below(segments, seg, partial(_aligned, label)):
            joined = [*line.indices, *_row_rest(segments, line)]  # a name OCR cut in two
            if (item := _dependent(words, joined, side, score)
                    or _dependent(words, line.indices, side, score)) is None:
                break
            out.append(item)
    return out


# --- claims address ---------------------------------------------------------------------------


def _claims_label(words: Sequence[OcrWord], seg: _Segment) -> tuple[int, float] | None:
    """How many of a segment's first words are a claims label and how sure (0-1) that is.

    The label is the words up to the first that ends in ``:`` or ``;`` or is ``to``
    (``Send claims to:``, ``Claims:``), or the whole segment when it is short and holds no
    digit (a label on its own line); at most ``MAX_CLAIMS_LABEL_WORDS`` words. It is a
    claims label when it names no other matter (a word of :data:`OTHER_MATTERS` or the
    start of one: vision, pharmacy, correspondence, appeals, a payer ID, ``Inquiri``...)
    and is one of :data:`CLAIMS_LABELS` (1.0), holds a word within ``CLAIMS_CUTOFF`` of
    ``CLAIMS`` (``Clalms``, ``daims``, ``Clain ms``: its ratio), or starts with a mailing
    verb (``VERB_LABEL_SCORE``: ``Submit dais to:``, ``Mail chime im:``). A label with no
    mark after it is one of :data:`CLAIMS_LABELS` at the segment's start
    (:func:`_label_at_start`)."""
    texts = [words[i].text for i in seg.indices[:MAX_CLAIMS_LABEL_WORDS]]
    ends = [k + 1 for k, t in enumerate(texts)
            if t.endswith((":", ";")) or (k and re.fullmatch(r"(?i)t[oa0][:;.!]?", t))]
    alone = len(seg.indices) < len(texts) and not any(c.isdigit() for t in texts for c in t)
    n = ends[0] if ends else len(seg.indices) if alone else 0
    if not n:  # a label and its value set apart by type alone: ``CLAIMS UMR, P.O. Box``
        return _label_at_start(words, seg, CLAIMS_LABELS) or _misread_claims_start(words, seg)
    tokens = [re.sub(r"[^A-Z]", "", fields.normalize_label(t)) for t in texts[:n]]
    tokens = [t for t in tokens if t]
    if not tokens or any(t in OTHER_MATTERS or (len(t) > FRAGMENT_MIN and any(
            w.startswith(t) for w in OTHER_MATTERS)) for t in tokens):
        return None
    if "".join(tokens) in CLAIMS_LABELS:
        return n, 1.0
    inner = [t for t in tokens if t not in MAILING_VERBS and t not in ("TO", "TA")]
    best = max((fuzz.ratio(t, c) for t in [*inner, "".join(inner)] if len(t) >= 4
                for c in ("CLAIMS", "CLAIM")), default=0.0)
    if best >= CLAIMS_CUTOFF:
        return n, best / 100.0
    verb = tokens[0] in MAILING_VERBS or any(
        Levenshtein.distance(tokens[0], v, score_cutoff=1) <= 1 for v in MAILING_VERBS)
    if verb and ends and len(tokens) <= 4:
        return n, VERB_LABEL_SCORE
    return None


BARE_CLAIMS_CUTOFF = 80.0
"""rapidfuzz ratio (0-100) to ``CLAIMS`` of a line's first word with no mark after it that
names claims: one letter misread (``Clalms``), no more; the address after it must follow."""


def _misread_claims_start(words: Sequence[OcrWord], seg: _Segment) -> tuple[int, float] | None:
    """``(1, score)`` when a segment of several words starts with ``Claims`` misread by a
    letter (:data:`BARE_CLAIMS_CUTOFF`) and no mark after it (``Clalms Oxford Health
    Plans, P.O. Box 915465``); else None. Whether an address follows is the caller's."""
    if len(seg.indices) < 2:
        return None
    first = re.sub(r"[^A-Z]", "", fields.normalize_label(words[seg.indices[0]].text))
    score = fuzz.ratio(first, "CLAIMS") if len(first) in (5, 6, 7) else 0.0
    return (1, score / 100.0) if score >= BARE_CLAIMS_CUTOFF else None


def _right_of(segments: Sequence[_Segment], seg: _Segment) -> _Segment | None:
    """The nearest segment right of ``seg`` on its row, within ``PAIR_REACH`` heights: the
    value of a label standing alone in its column."""
    row = [s for s in segments if s is not seg and fields.same_row(s.box, seg.box)
           and s.box.left >= seg.box.right - 0.2 * seg.h
           and s.box.left - seg.box.right <= PAIR_REACH * seg.h]
    return min(row, key=lambda s: s.box.left, default=None)


def _address_lines(
    words: Sequence[OcrWord], segments: Sequence[_Segment], seg: _Segment,
    first: Sequence[int], column: Box, first_reach: float,
) -> list[list[int]] | None:
    """The lines of an address from ``first`` (words, maybe none) and the lines under
    ``seg`` in ``column`` down to one ending in a ZIP code, stopping at another claims
    label; None unless they read as a mailing address (:func:`_is_address`)."""
    lines = [[*first, *_row_rest(segments, seg)]] if first else []
    below = _lines_below(segments, seg, partial(_overlaps, column), first_reach,
                         ADDRESS_LINE_GAP)
    while len(lines) < MAX_ADDRESS_LINES and not (
            lines and _ZIP_END.search(_line_text(words, lines[-1]).upper())):
        if (line := next(below, None)) is None or _claims_label(words, line) is not None:
            break
        lines.append([*line.indices, *_row_rest(segments, line)])
    return lines if _is_address(words, lines) else None


def _row_rest(segments: Sequence[_Segment], seg: _Segment) -> list[int]:
    """The words of the segments continuing ``seg`` on its row, each within
    ``ADDRESS_JOIN_GAP`` heights of the last: an address line OCR cut at a wide gap
    (``P.0.  Box. 77333``, ``Phoenix,.  AZ. 08982``)."""
    out: list[int] = []
    last = seg
    while nxt := min((s for s in segments if s is not last and fields.same_row(s.box, last.box)
                      and last.box.right - 0.2 * last.h <= s.box.left
                      <= last.box.right + ADDRESS_JOIN_GAP * last.h),
                     key=lambda s: s.box.left, default=None):
        out += nxt.indices
        last = nxt
    return out


def _is_address(words: Sequence[OcrWord], lines: Sequence[Sequence[int]]) -> bool:
    """True when lines read as a mailing address: the last ends in a city, state and ZIP
    code (a city OCR lost, ``AZ 85000-3922`` under ``P.O. Box 902201``, is an address cut
    short), one holds a P.O. Box or a street number, none is running text (over
    ``MAX_ADDRESS_WORDS`` words) or holds a phone number."""
    texts = [_line_text(words, line) for line in lines]
    zip_end = _ZIP_END.search(texts[-1].upper()) if texts else None
    city = zip_end is not None and _CITY_END.search(texts[-1][:zip_end.start() + 1]) is not None
    return city and (
        _STREET.search(_address_text(texts).upper()) is not None) and not any(
        len(line) > MAX_ADDRESS_WORDS or _PHONE.search(t)
        for line, t in zip(lines, texts, strict=True))


def _address_reading(
    words: Sequence[OcrWord], lines: Sequence[Sequence[int]], side: Side, label: str,
    score: float,
) -> FieldReading:
    """Field ``claims_address`` from an address's lines (:func:`_address_text`)."""
    every = [i for line in lines for i in line]
    return FieldReading(
        name="claims_address", value=_address_text([_line_text(words, x) for x in lines]),
        confidence=_confidence(words, every, score), side=side, label=label,
        box=fields._union(words, every))


def _address_text(lines: Sequence[str]) -> str:
    """An address's lines joined with ``", "``, OCR's marks on its fixed words undone: the
    ``to`` of a label split over two lines, ``P.O.`` read ``P.0.``, ``RO.`` or ``8.0.``,
    letters read in a box number (``Box S4876``, ``Box:54949``), and in mixed case the
    capital I and the small l OCR swaps (``lronwood``, ``EI Paso``).

    >>> _address_text(["to: Aetna, P.0. Box 6416", "Albany, NY 12205."])
    'Aetna, P.O. Box 6416, Albany, NY 12205'
    """
    value = re.sub(r"(?i)^t[oa0][:;.!]?\s+", "", ", ".join(lines))
    if re.search(r"[a-z]{3}", value):  # mixed case: an I among small letters is an l
        value = re.sub(r"\bl(?=[a-z]{2,}\b)", "I", value)  # lronwood
        value = re.sub(r"\b([A-Z])I(?=[a-z]+\b|\s+[A-Z][a-z])", r"\1l", value)  # EI Paso, BIue
    value = _PO_BOX.sub(_po_box, value)
    value = re.sub(r"(\d{5}(?:-\d{4})?)[\s.,;:|\u2013-]+$", r"\1", value)
    return value.rstrip(" .,;:|-")


def _po_box(m: re.Match[str]) -> str:
    """A :data:`_PO_BOX` match as printed: ``P.O.`` and ``Box`` kept where read right
    (``PO Box``, ``P. O. Box``), else spelled ``P.O. Box``; the number's letters read as
    digits."""
    head = m.group(0)[:m.start(1) - m.start(0)].rstrip(" :.(/\"'\u201c\u201d")
    if re.sub(r"[\W_]", "", head).upper() not in ("POBOX", "BOX"):
        head = "Box" if head[:1] in "Bb" else "P.O. Box"
    return f"{head} {m.group(1).translate(_DIGIT_CONFUSIONS)}"


def _claims_address(
    words: Sequence[OcrWord], segments: Sequence[_Segment], side: Side
) -> FieldReading | None:
    """The address after the first claims label (:func:`_claims_label`) at a line's start
    whose lines, from the label's line (or the segment right of it) down to one ending in a
    ZIP code, read as a mailing address."""
    for seg in segments:
        hit = _claims_label(words, seg)
        if hit is None:
            continue
        n, score = hit
        label_idx, rest = seg.indices[:n], list(seg.indices[n:])
        label = fields._union(words, label_idx)
        start = seg
        if not rest and (right := _right_of(segments, seg)) is not None:
            start, rest = right, list(right.indices)
        column = Box(label.left - 2 * label.height, seg.box.top,
                     start.box.right + 2 * label.height, seg.box.bottom)
        lines = _address_lines(words, segments, start, rest, column,
                               ADDRESS_LINE_GAP if rest else FIRST_ADDRESS_GAP)
        if lines is not None:
            return _address_reading(words, lines, side,
                                    fields.printed_label(_text(words, label_idx)), score)
    return None


def _unlabelled_addresses(
    words: Sequence[OcrWord], segments: Sequence[_Segment], side: Side
) -> list[FieldReading]:
    """Addresses on a side whose label OCR lost: a line holding a P.O. Box or a street
    number (and the lines under it down to a ZIP code) that starts after a label's remnant
    (``ms:``, ``:``: a cut word, no label read; the marks and short lower-case words after
    it are dropped) or right of
    the line under it (the label's room, ``LOST_LABEL_INDENT`` heights or more), naming no
    other matter (:data:`OTHER_MATTERS`: ``EyeMed Vision``). Confidence
    ``UNLABELLED_SCORE`` times the words'."""
    out = []
    for seg in segments:
        texts = [words[i].text for i in seg.indices]
        if not re.search(r"\d{3}", line := " ".join(texts)) or not _STREET.search(
                _address_text([line]).upper()):
            continue
        cut = next((k + 1 for k, t in enumerate(texts[:2]) if t.endswith((":", ";"))), 0)
        if any(len(re.sub(r"[^A-Za-z]", "", t)) > 3 and not t[0].islower() for t in texts[:cut]):
            continue  # a label read, and no claims label (``Vision claims:``)
        while cut < len(texts) - 1 and (not _ALNUM.search(texts[cut]) or (
                len(texts[cut]) <= 2 and texts[cut].islower())):
            cut += 1  # the label's last marks (``s`` of ``to:``)
        first = list(seg.indices[cut:])
        column = Box(seg.box.left - 2 * seg.h, seg.box.top, seg.box.right, seg.box.bottom)
        lines = _address_lines(words, segments, seg, first, column, ADDRESS_LINE_GAP)
        if lines is None or any(re.sub(r"[^A-Z]", "", fields.normalize_label(words[i].text))
                                in OTHER_MATTERS for line in lines for i in line):
            continue
        indented = len(lines) > 1 and words[lines[1][0]].box.left <= (
            words[first[0]].box.left - LOST_LABEL_INDENT * seg.h)
        if cut or indented:
            out.append(_address_reading(words, lines, side, "", UNLABELLED_SCORE))
    return out


def _line_text(words: Sequence[OcrWord], line: Sequence[int]) -> str:
    """An address line as printed, without the comma that ends it (the join adds one)."""
    return _text(words, line).strip().rstrip(",")


# --- print lost -------------------------------------------------------------------------------

SECOND_READ_MIN_CONFIDENCE = 0.75
"""Least confidence (0-1) of an item a second reading adds (:func:`better_lists`): its
misread numbers came at 0.68-0.77 on the development ranges, its right ones mostly over
0.9."""
_CUT_NUMBER = re.compile(r"(?:1[-.]|\()?\(?[2-9]\d{0,2}\)?(?:[-.]\d{0,4}){0,2}[-.:;,]*")
"""A word that starts a phone number and ends short of it (``1-8``, ``(87``,
``866-519-4``, ``1-833-6:``): the rest of the number lost to OCR."""


def _cut_number(text: str) -> bool:
    """True for a word that starts a phone number OCR cut short (:data:`_CUT_NUMBER`):
    a dash or an opening parenthesis in it and fewer than ten digits.

    >>> [_cut_number(t) for t in ("1-8", "(87", "888-529-.", "12/01/2020", "3825", "$25")]
    [True, True, True, False, False, False]
    """
    digits = sum(c.isdigit() for c in text)
    return ("-" in text or "(" in text) and 0 < digits < 10 and (
        _CUT_NUMBER.fullmatch(text) is not None)


FIELD_LABEL_WORDS = frozenset({"ID", "NAME", "NUMBER", "NO", "NBR", "#"})
"""Words of a field's label (``Member ID:``, ``MEMBER NAME:``): its value is no phone."""


def _bare_phone_label(
    words: Sequence[OcrWord], segments: Sequence[_Segment], seg: _Segment
) -> bool:
    """True for a segment that is only a phone's label (two to ``MAX_ABOVE_LABEL_WORDS``
    words naming a purpose and no :data:`FIELD_LABEL_WORDS`, the last ending in ``:``, no
    other colon) with no number
    right of it on its row nor under it: its number lost (``Member Services:``)."""
    texts = [words[i].text for i in seg.indices]
    if not 2 <= len(texts) <= MAX_ABOVE_LABEL_WORDS or not texts[-1].endswith(":") or any(
            t.endswith(":") for t in texts[:-1]):
        return False
    label = _text(words, seg.indices)
    if _label_at_start(words, seg, DEPENDENTS_LABELS) is not None or (
            not FIELD_LABEL_WORDS.isdisjoint(_tokens(label))):
        return False
    purpose, score = purpose_of(label)
    if not score or purpose == "other":
        return False
    if _right_of(segments, seg) is not None:
        return False
    return not any(_numbers(words, s) for s in _under(segments, seg.box)[:1])


def print_lost(words: Sequence[OcrWord]) -> bool:
    """True when a side's page shows that OCR lost part of a list's print, as one Otsu
    threshold does to text in a hand's shadow: a phone number cut short at its segment's
    end (:func:`_cut_number`), a phone's label whose number is gone
    (:func:`_bare_phone_label`), an amount in the copays' column with no benefit read
    (:func:`_orphan_amount`), or a claims label with no address read after it."""
    segments = _segments(words)
    for seg in segments:
        if not _numbers(words, seg) and _cut_number(words[seg.indices[-1]].text) and (
                len(seg.indices) > 1 or _left_neighbour(segments, seg) is not None
                or words[seg.indices[-1]].text[:2] in ("1-", "1.", "(")):
            return True
        if _bare_phone_label(words, segments, seg):
            return True
    if _orphan_amount(words, segments):
        return True
    return any(_claims_label(words, s) is not None for s in segments) and (
        _claims_address(words, segments, "front") is None)


def _orphan_amount(words: Sequence[OcrWord], segments: Sequence[_Segment]) -> bool:
    """True when a side's copays were read but an amount beside them was not: its benefit
    lost to OCR (``Cara`` left of ``$75`` under ``Specialist $70``). An amount counts as
    beside them when it stands in the copays' column (overlapping one's extent across)."""
    copays = _copays(words, segments, "front")
    if not copays:
        return False
    taken = [c.box for c in copays]
    return any(
        _amount(w.text) is not None
        and not any(b.left <= w.box.left and w.box.right <= b.right + 1
                    and b.top <= w.box.bottom and w.box.top <= b.bottom for b in taken)
        and any(_overlaps(b, w.box) for b in taken)
        for w in words)


def lost_sides(pages: Sequence[tuple[Side, OcrPage]]) -> set[Side]:
    """The sides whose page shows list print lost (:func:`print_lost`)."""
    return {side for side, page in pages if print_lost(page.words)}


def better_lists(first: CardLists, second: CardLists) -> CardLists:
    """The lists of a card read twice: ``second`` reads the same sides again (a local
    threshold where :func:`lost_sides` saw print lost), so it holds print the first lost,
    and misreadings of its own. Of ``second`` only items read with
    ``SECOND_READ_MIN_CONFIDENCE`` count. Phones: ``first``'s, and ``second``'s whose
    number ``first`` lacks and whose label names a purpose, a text telephone or is words
    of three letters or more (``CIGNA VISION``, ``BlueCard Access``; an ``other`` from
    what blurred print left, ``J Line``, ``AC Help Desk``, is a guess). Copays and
    dependents: from the reading that gives more of them, ``first`` on a tie. The claims
    address: ``first``'s, else ``second``'s read with ``UNLABELLED_SCORE`` (its lines
    down to a city and ZIP are checks of their own)."""
    def sure(items: tuple[_I, ...]) -> tuple[_I, ...]:
        return tuple(x for x in items if x.confidence >= SECOND_READ_MIN_CONFIDENCE)

    def more(a: tuple[_I, ...], b: tuple[_I, ...]) -> tuple[_I, ...]:
        return sure(b) if len(sure(b)) > len(a) else a

    have = {re.sub(r"\D", "", p.number) for p in first.phones}
    added = tuple(p for p in sure(second.phones) if re.sub(r"\D", "", p.number) not in have
                  and (p.purpose != "other" or _is_tty(p.label) or _worded(p.label)))
    address = second.claims_address
    if address is not None and address.confidence < UNLABELLED_SCORE:
        address = None
    return CardLists(
        dependents=more(first.dependents, second.dependents),
        copays=more(first.copays, second.copays),
        phones=first.phones + added,
        claims_address=first.claims_address or address,
    )


PAYEE_WORD_CUTOFF = 80.0
"""rapidfuzz ratio (0-100, upper case) of a payee's word to a word of its carrier's names
at which it is that word misread: a letter in five (``ilfinois``, ``Shiald``, ``iser`` for
``Kaiser`` with its first letters lost)."""
PAYEE_WORD_MIN = 4
"""Fewest letters of a payee's word that is mended: shorter words (``of``, ``and``) are too
alike to tell apart."""


def payee_spelled(lists: CardLists, names: Sequence[str]) -> CardLists:
    """``lists`` with the words of its claims address's payee (the text before its first
    comma) that are no word of ``names`` (the card's carrier as its template names it)
    but read as one (:data:`PAYEE_WORD_CUTOFF`, one such word only) spelled as that word,
    in the payee's case; the words read right and the rest of the address as read. A
    payee printed another way than the template's name (``Anthem Blue Cross Blue
    Shield``) keeps its words."""
    address = lists.claims_address
    if address is None or ", " not in address.value:
        return lists
    payee, rest = address.value.split(", ", 1)
    vocabulary = sorted({w for n in names for w in n.split() if len(w) >= PAYEE_WORD_MIN})
    known = {w.upper() for w in vocabulary}
    words = payee.split(" ")
    for k, word in enumerate(words):
        if len(word) < PAYEE_WORD_MIN or word.upper() in known:
            continue
        near = [v for v in vocabulary
                if fuzz.ratio(word.upper(), v.upper()) >= PAYEE_WORD_CUTOFF]
        if len({v.upper() for v in near}) == 1:
            words[k] = near[0].upper() if word.isupper() else near[0]
    mended = " ".join(words)
    if mended == payee:
        return lists
    return replace(lists, claims_address=replace(address, value=f"{mended}, {rest}"))
