"""The card's repeated items and its claims address, read off the OCR pages (issue 15).

``read_lists`` reads, from words already OCR'd (no new OCR), the contract's lists
``phones``, ``copays`` and ``dependents`` and the field ``claims_address``. Every box here
is in the card frame of the side the item was printed on (pixels, x right, y down);
heights and gaps are measured in word heights, so the rules hold at any scale.

The page is first cut into *segments*: lines of print (:func:`pipeline.fields._lines`)
split where a gap wider than ``MAX_WORD_GAP`` heights separates two columns. Items are then
paired by geometry, as :mod:`pipeline.fields` pairs labels and values:

* a phone number takes the text left of it on its row as its label, or the line above
  when it stands alone; the label's words give its purpose (:data:`PURPOSES`);
* an amount (``$25``, ``20%``, ``$25/$50``) takes the benefit left of it on its row, or the
  benefit right above it (a table's column head), when the benefit holds a word of
  :data:`BENEFIT_WORDS` (fine print with a ``$`` has none);
* names one per line under a ``Dependents`` label are the dependents;
* the lines after a ``Send claims to:`` label, down to the line ending in a ZIP code, are
  the claims address.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from rapidfuzz import fuzz

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
MAX_BENEFIT_WORDS = 4
"""Most words a benefit holds (``Primary Care Physician``); more is a sentence."""
MAX_LABEL_WORDS = 8
"""Most words kept of a phone's label (the end of a sentence leading to the number)."""
MAX_ADDRESS_LINES = 4
"""Most lines a claims address takes after its label (payee, street, suite, city line)."""
MAX_ADDRESS_WORDS = 10
"""Most words of one address line; more is running text."""
FUZZY_MIN = 7
"""Words of a lexicon at least this long (normalised) match OCR misreadings fuzzily."""
FUZZY_CUTOFF = 85.0
"""rapidfuzz ratio (0-100) a misread lexicon word must reach: one wrong letter in seven."""
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
    ("member_services", frozenset({"MEMBER", "MEMBERS", "CUSTOMER", "QUESTIONS"})),
)
"""A phone's purpose by the words of its label, the first purpose whose word the label
holds (``Pharmacy Member Services`` is the pharmacy's); a label with none is ``other``."""
BENEFIT_WORDS = frozenset({
    "PCP", "PRIMARY", "PRIMARYCARE", "PHYSICIAN", "OV", "OFFICE", "VISIT", "OFFICEVISIT",
    "SPECIALIST", "SPEC", "SPC", "SP", "SPCL", "ER", "EMERGENCY", "EMERGENCYROOM", "UC",
    "URGENT", "URGENTCARE", "COINSURANCE", "COINS", "DEDUCTIBLE", "DED", "COPAY", "COPAYMENT",
    "OOP", "OUTOFPOCKET", "HOSPITAL", "INPATIENT", "OUTPATIENT", "RX", "GENERIC", "BRAND",
    "PREVENTIVE", "TELEHEALTH", "VIRTUAL", "CHIROPRACTIC",
})
"""Words of a cost share's benefit (normalised: upper case, no punctuation)."""
DEPENDENTS_LABELS = frozenset({
    "DEPENDENTS", "DEPENDENT", "DEPENDANTS", "DEPENDANT", "COVEREDMEMBERS",
    "COVEREDDEPENDENTS", "OTHERMEMBERS", "FAMILYMEMBERS", "ENROLLEDDEPENDENTS",
    "OTHERCOVEREDMEMBERS",
})
"""Labels heading a list of dependents (normalised)."""
CLAIMS_LABELS = frozenset({
    "SENDCLAIMSTO", "MAILCLAIMSTO", "SUBMITCLAIMSTO", "CLAIMS", "MEDICALCLAIMS",
    "CLAIMSADDRESS", "SENDMEDICALCLAIMSTO", "MAILMEDICALCLAIMSTO", "SUBMITMEDICALCLAIMSTO",
    "CLAIMSMAILINGADDRESS", "MEDICALCLAIMSADDRESS", "SENDCLAIMS", "MAILCLAIMS",
})
"""Labels of a claims mailing address (normalised), read only at the start of a line."""

_AREA = r"[2-9]\d{2}"
_PHONE = re.compile(
    rf"""(?x)
    (?<![\d.-])
    (?:1[-.\s]?)?
    (?:
        (?:\({_AREA}\)\s?|{_AREA}[-.]\s?)\d{{3}}[-.]\s?\d{{4}}        # 800-555-0100
      | \(?8(?:00|33|44|55|66|77|88)\)?[-.]\s?                        # 1-800-MEDICARE
        (?=[A-Z0-9-]*[A-Z])[A-Z0-9]{{3}}-?[A-Z0-9]{{4,5}}(?![A-Za-z])
    )
    (?!\d|-\d)
    """
)
"""A US phone number as printed (``1-800-555-0100``, ``(800) 555-0100``, ``800.555.0100``,
``1 (800) 555-0100``, a toll-free word ``1-800-MEDICARE``); a space after a ``-`` or ``.``
is OCR splitting the number. ``TTY 711`` is no number."""
_AMOUNT_PART = r"(?:\$(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{2})?|\d{1,3}(?:\.\d+)?%)"
_AMOUNT = re.compile(rf"{_AMOUNT_PART}(?:/{_AMOUNT_PART})*")
"""A cost share as printed: ``$25``, ``$1,500``, ``20%``, ``$25/$50``."""
_SUFFIX = re.compile(r"\d{2}")
_ZIP_END = re.compile(r"(?:^|[\s,])[A-Z]{2}[.,]?\s+\d{5}(?:-\d{4})?$")
"""A city line's end: state and ZIP (``TN 37422-7223``)."""
_STREET = re.compile(r"BOX\s*\d|(?:^|,\s*)\d+[A-Z]?\s+[A-Z]")
"""A P.O. Box or a street number: what makes text after a claims label an address."""
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
    row = [s for s in segments if s is not seg and fields._same_row(s.box, seg.box)
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
    first_reach: float = ABOVE_GAP,
) -> Iterator[_Segment]:
    """Segments one under another from ``start`` down: each the nearest (:func:`_under`)
    under the last that ``column`` takes, within ``first_reach`` heights for the first and
    ``ABOVE_GAP`` after; none twice (OCR's zero-height boxes lie "under" themselves)."""
    seen = {id(start)}
    last, reach = start.box, first_reach
    while below := [s for s in _under(segments, last, reach)
                    if id(s) not in seen and column(s.box)]:
        seen.add(id(below[0]))
        yield below[0]
        last, reach = below[0].box, ABOVE_GAP


def _aligned(label: Box, box: Box) -> bool:
    """True when ``box`` starts within two label heights of ``label``'s left edge."""
    return abs(box.left - label.left) <= 2 * label.height


def _overlaps(column: Box, box: Box) -> bool:
    """True when ``box`` overlaps ``column``'s horizontal extent."""
    return box.left <= column.right and box.right >= column.left


def _above(segments: Sequence[_Segment], box: Box, used: Iterable[_Segment] = ()
           ) -> _Segment | None:
    """The nearest segment right above ``box`` (within ``ABOVE_GAP`` heights) overlapping
    its column."""
    h = max(box.height, 1.0)
    skip = set(map(id, used))
    cands = [s for s in segments if id(s) not in skip
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


def _lexicon_score(text: str, lexicon: frozenset[str]) -> float:
    """The best score (:func:`_word_score`) of a phrase's words against a lexicon."""
    return max((_word_score(t, lexicon) for t in _tokens(text)), default=0.0)


def purpose_of(label: str) -> tuple[str, float]:
    """The purpose a phone's label names (:data:`PURPOSES`) and how sure (0-1) the match
    is; ``other`` (1.0) for a label naming none.

    >>> purpose_of("Customer Service:")
    ('member_services', 1.0)
    >>> purpose_of("For Vision call CIGNA Vision")
    ('other', 1.0)
    """
    for purpose, lexicon in PURPOSES:
        score = _lexicon_score(label, lexicon)
        if score > 0:
            return purpose, score
    return "other", 1.0


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


def _numbers(words: Sequence[OcrWord], seg: _Segment) -> list[tuple[str, list[int]]]:
    """The phone numbers in a segment: each as printed and its word indices."""
    text, spans = _spans(words, seg)
    out = []
    for m in _PHONE.finditer(text):
        number = re.sub(r"(?<=[-.])\s+", "", m.group(0))
        if "XX" in number or is_placeholder(number):
            continue
        used = [i for i, (a, b) in zip(seg.indices, spans, strict=True)
                if a < m.end() and b > m.start()]
        out.append((number, used))
    return out


def _phone_label(words: Sequence[OcrWord], before: Sequence[int]) -> str:
    """A phone's label from the words printed before it: from the last sentence's start,
    at most ``MAX_LABEL_WORDS`` words, without trailing colon, dashes or leader dots."""
    kept = list(before)
    for k in range(len(kept) - 1, -1, -1):
        if _SENTENCE_END.search(words[kept[k]].text):
            kept = kept[k + 1:]
            break
    text = _text(words, kept[-MAX_LABEL_WORDS:])
    return fields.printed_label(re.sub(r"[.\s\u2013\u2014-]{2,}$", "", text))


def _phones(words: Sequence[OcrWord], segments: Sequence[_Segment], side: Side) -> list[Phone]:
    """Every phone number on a side with its label (left on its row, else the line above)
    and the purpose the label names."""
    out = []
    found = {id(s): _numbers(words, s) for s in segments}
    for seg in segments:
        done: list[int] = []
        for number, used in found[id(seg)]:
            before = [i for i in seg.indices if words[i].box.right <= words[used[0]].box.left
                      and i not in done]
            done += [i for i in seg.indices if i in before or i in used]
            label = _phone_label(words, before)
            if not label and not before:
                left = _left_neighbour(segments, seg)
                if left is not None and not found[id(left)]:
                    label = _phone_label(words, left.indices)
            if not label:
                above = _above(segments, fields._union(words, used))
                if above is not None and not found[id(above)]:
                    label = _phone_label(words, above.indices)
            purpose, score = purpose_of(label)
            out.append(Phone(purpose=purpose, label=label, number=number, side=side,
                             box=fields._union(words, used),
                             confidence=_confidence(words, used, score)))
    return out


# --- copays -----------------------------------------------------------------------------------


def _amount(text: str) -> str | None:
    """A word's cost share as printed (``$1,500,`` gives ``$1,500``), or None."""
    cleaned = text.strip().lstrip("(").rstrip(",;.*)")
    if is_placeholder(cleaned):
        return None
    return cleaned if _AMOUNT.fullmatch(cleaned) else None


def _benefit(words: Sequence[OcrWord], run: Sequence[int]) -> tuple[str, float] | None:
    """A run of words as a benefit: after a heading ending in ``:`` (``Copays: PCP``), at
    most ``MAX_BENEFIT_WORDS`` words, holding a word of :data:`BENEFIT_WORDS`; its text
    without a trailing colon and the lexicon score."""
    run = list(run)
    for k in range(len(run) - 2, -1, -1):
        if words[run[k]].text.endswith(":"):
            run = run[k + 1:]
            break
    if not run or len(run) > MAX_BENEFIT_WORDS:
        return None
    text = fields.printed_label(_text(words, run))
    score = _lexicon_score(text, BENEFIT_WORDS)
    return (text, score) if score > 0 and text else None


def _column_between(columns: Sequence[_Segment], left: Box, right: Box) -> bool:
    """True when one of ``columns`` (segments holding a benefit word) starts between a
    benefit (``left``) and an amount right of it (``right``) on nearby rows (within
    ``ROW_REACH`` heights): a table of two columns whose right column's benefit is lost on
    this row (not printed, or not read). Such an amount is not the left column's."""
    h = max(left.height, right.height, 1.0)
    return any(left.right + h <= s.box.left < right.left and abs(s.box.cy - right.cy) <= (
        ROW_REACH * h) for s in columns)


def _copays(words: Sequence[OcrWord], segments: Sequence[_Segment], side: Side) -> list[Copay]:
    """Every cost share on a side: an amount with the benefit left of it on its row (in its
    segment, else the segment before it), else the benefit right above it."""
    amounts = {i: a for i, w in enumerate(words) if (a := _amount(w.text)) is not None}
    if not amounts:
        return []
    columns = [s for s in segments
               if _lexicon_score(_text(words, s.indices), BENEFIT_WORDS) > 0]
    out: list[tuple[float, float, Copay]] = []
    stacked: list[int] = []
    used: list[_Segment] = []
    for seg in segments:
        start = 0
        for k, i in enumerate(seg.indices):
            if i not in amounts:
                continue
            run: Sequence[int] = seg.indices[start:k]
            start = k + 1
            left = None
            if not run:
                left = _left_neighbour(segments, seg)
                if left is None or k > 0 or any(j in amounts for j in left.indices):
                    stacked.append(i)
                    continue
                if _column_between(columns, left.box, words[i].box):
                    continue
                run = left.indices
            if (benefit := _benefit(words, run)) is None:
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
    return [c for *_, c in sorted(out, key=lambda t: (t[0], t[1]))]


# --- dependents -------------------------------------------------------------------------------


def _dependent(
    words: Sequence[OcrWord], run: Sequence[int], side: Side, score: float
) -> Dependent | None:
    """A printed line as a dependent: a name, with a two-digit suffix before or after it."""
    if not run:
        return None
    name = list(run)
    suffix = None
    for at in (0, -1):
        if len(name) > 2 and _SUFFIX.fullmatch(words[name[at]].text.strip("()#-")):
            suffix = words[name.pop(at)].text.strip("()#-")
            break
    if not fields._is_name_run(words, name):
        return None
    return Dependent(name=fields.clean_value(_text(words, name)), suffix=suffix, side=side,
                     box=fields._union(words, run), confidence=_confidence(words, run, score))


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
            if (item := _dependent(words, line.indices, side, score)) is None:
                break
            out.append(item)
    return out


# --- claims address ---------------------------------------------------------------------------


def _claims_address(
    words: Sequence[OcrWord], segments: Sequence[_Segment], side: Side
) -> FieldReading | None:
    """The address after the first claims label at a line's start whose lines, down to
    one ending in a ZIP code, read as a mailing address (a P.O. Box or a street number)."""
    for seg in segments:
        hit = _label_at_start(words, seg, CLAIMS_LABELS)
        if hit is None:
            continue
        n, score = hit
        label_idx, rest = seg.indices[:n], list(seg.indices[n:])
        label = fields._union(words, label_idx)
        lines = [rest] if rest else []
        column = Box(label.left - 2 * label.height, seg.box.top,
                     seg.box.right + 2 * label.height, seg.box.bottom)
        below = _lines_below(segments, seg, partial(_overlaps, column),
                             ABOVE_GAP if rest else FIRST_ADDRESS_GAP)
        while len(lines) < MAX_ADDRESS_LINES and not (
                lines and _ZIP_END.search(_line_text(words, lines[-1]).upper())):
            if (line := next(below, None)) is None:
                break
            lines.append(list(line.indices))
        texts = [_line_text(words, line) for line in lines]
        if not texts or not _ZIP_END.search(texts[-1].upper()):
            continue
        value = ", ".join(texts)
        if not _STREET.search(value.upper()) or any(
                len(line) > MAX_ADDRESS_WORDS or any(_PHONE.search(words[i].text) for i in line)
                for line in lines):
            continue
        every = [i for line in lines for i in line]
        return FieldReading(
            name="claims_address", value=value,
            confidence=_confidence(words, every, score), side=side,
            label=fields.printed_label(_text(words, label_idx)),
            box=fields._union(words, every))
    return None


def _line_text(words: Sequence[OcrWord], line: Sequence[int]) -> str:
    """An address line as printed, without the comma that ends it (the join adds one)."""
    return _text(words, line).strip().rstrip(",")
