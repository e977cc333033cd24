"""Issue 15's text and date fields held to how cards print them, on a card's final readings.

* Dates: a date with a three-digit year, or a one-digit month before a day printed with
  its leading zero (``8/01/2023``), lost a digit to glare or the card's edge: no card
  prints either. It is left out (issue 15: no value rather than a wrong one).
* ``effective_date`` of a red-white-blue Medicare card: its Part A date; where the Part A
  date was found only after the effective date was taken from the Part B date
  (:func:`pipeline.process.lost_dates`), the Part A date.
* ``group_name`` (an employer's name): the firm's ``Inc`` whose ``c`` OCR read as ``e``
  (``Fabrikam Ine``); a last word set off from the name by more than its own word spaces
  and holding a digit (the next column's code, ``BLUE RIDGE SCHOOL DISTRICT 9XGN``) cut
  off; a value that is a label's own word cut short (``Grou`` of ``Employer Grou;``)
  left out; the words before a name whose first word OCR boxed up over the row above
  (``ACME`` of ``ACME MANUFACTURING CO``, the value read from ``MANUFACTURING`` on: its
  box grew into the label's row, so it sorted first) put back (:func:`start_put_back`);
  where none was read, a firm's name (ending ``Inc``, ``LLC``, ``CO``) after a ``Name:``
  whose first word OCR lost (``Group Name:`` read ``~ Name:`` or ``oup name:``): no
  person's name ends so (:func:`firm_after_name`).
* ``rx_plan`` (a formulary's name): ``RX`` among words in small letters is ``Rx`` (OCR
  tells a small ``x`` from a capital by its size only), a ``Tler`` after a hyphen is
  ``Tier`` (``3-Tier``), and a stop after the name is none of it (:func:`rx_plan_spelled`).
* ``medicaid_id``: a state's Medicaid ID holds letters, digits and hyphens only; one read
  with another mark (``6(0067410K``) is left out.
* ``pbm``: a pharmacy benefit manager OCR misspelled (``Medimpact``, ``Express Scripis``,
  ``cvs Caremark``) spelled as it prints its name (:data:`pipeline.derived.PBMS`), in
  capitals where the card prints it so; the start of one (``Expre``), a label's word
  (``Manage``) or prose (``This card does not``) left out.

Pure functions over the readings and the OCR pages (card frame, pixels).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from pipeline.derived import PBMS
from pipeline.fields import MAX_WORD_GAP
from pipeline.types import Box, FieldReading, OcrPage, OcrWord, Side

DATE_NAMES = frozenset({"effective_date", "birth_date", "medicare_part_a_date",
                        "medicare_part_b_date"})
"""Fields whose value is a printed date."""

_CUT_YEAR = re.compile(r"\d{1,2}[/-]\d{1,2}[/-]\d{3}")
"""A date whose year kept three of its four digits (``12/01/202``)."""
_LOST_MONTH_DIGIT = re.compile(r"\d[/-]0\d[/-]\d{2,4}")
"""A one-digit month before a zero-padded day (``8/01/2023``, ``1/01/2021``): a printer
pads both or neither, so the month lost its first digit (``08``, ``11``)."""


def cut_date(value: str) -> bool:
    """True when a printed date lost a digit: a three-digit year, or a one-digit month
    before a day printed with its leading zero.

    >>> cut_date("12/01/202"), cut_date("8/01/2023"), cut_date("08/01/2023")
    (True, True, False)
    >>> cut_date("3-1-2016"), cut_date("8/15/2023")
    (False, False)
    """
    text = value.strip()
    return bool(_CUT_YEAR.fullmatch(text) or _LOST_MONTH_DIGIT.fullmatch(text))


def part_a_start(found: Mapping[str, FieldReading]) -> dict[str, FieldReading]:
    """``found`` with the effective date the Part A date where it was the Part B date's
    reading (same value and box) and a Part A date of another value was read since, or
    where there was none: a Medicare card's coverage starts with Part A (hospital), the
    first column."""
    out = dict(found)
    eff, part_a = out.get("effective_date"), out.get("medicare_part_a_date")
    part_b = out.get("medicare_part_b_date")
    if eff is None and part_a is not None:
        out["effective_date"] = replace(part_a, name="effective_date")
        return out
    if eff is None or part_a is None or part_b is None:
        return out
    if eff.value == part_b.value and eff.box == part_b.box and part_a.value != eff.value:
        out["effective_date"] = replace(part_a, name="effective_date")
    return out


FIRM_SUFFIX_MISREADS: Mapping[str, str] = {"Ine": "Inc", "INE": "INC", "lnc": "Inc"}
"""A firm's last word as OCR misreads it (the ``c`` read as ``e``, the ``I`` as ``l``)
and the suffix printed: ``Ine`` is no English word that ends a name."""
SET_OFF_FACTOR = 2.5
"""A last word whose gap before it exceeds this many times the value's widest other word
space, and at least :data:`SET_OFF_MIN` heights, stands in another column."""
SET_OFF_MIN = 1.0
"""Least gap (word heights) before a last word set off from a name."""
LABEL_WORDS = ("GROUP", "EMPLOYER", "NAME", "SPONSOR", "ACCOUNT")
"""Words of the employer's labels (``Employer Group``, ``Group Name``): never its name."""


def _words_in(page: OcrPage, box: Box) -> list[OcrWord]:
    """The page's words whose centre lies inside ``box``, left to right."""
    inside = [w for w in page.words
              if box.left <= (w.box.left + w.box.right) / 2 <= box.right
              and box.top <= w.box.cy <= box.bottom]
    return sorted(inside, key=lambda w: w.box.left)


def set_off_end(words: Sequence[OcrWord], value: str) -> str:
    """``value`` (its ``words`` on the page, left to right) without a last word that
    holds a digit and is set off from the rest by more than :data:`SET_OFF_FACTOR` times
    their widest word space (:data:`SET_OFF_MIN` heights at least); else ``value``."""
    texts = value.split()
    if len(texts) < 3 or len(words) != len(texts) or not re.search(r"\d", texts[-1]):
        return value
    if any(re.search(r"\d", t) for t in texts[:-1]):
        return value
    gaps = [b.box.left - a.box.right for a, b in itertools.pairwise(words)]
    h = max(min(w.box.height for w in words), 1.0)
    if gaps[-1] >= max(SET_OFF_MIN * h, SET_OFF_FACTOR * max(max(gaps[:-1]), 1.0)):
        return " ".join(texts[:-1])
    return value


RISEN_SHARE = 0.3
"""Share of a word's height by which the first word of a name must stand above the
words left of it for those to be taken as its start (its box grew up)."""
BASELINE_SHARE = 0.3
"""Most difference between two words' bottoms, in the smaller height, on one baseline."""
MAX_START_WORDS = 3
"""Most words put back before a name."""
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z&'.,-]*")
"""A word of an organisation's name: letters, ``&``, stops, apostrophes, hyphens."""


def start_put_back(
    page: OcrPage, value_words: Sequence[OcrWord], others: Sequence[Box],
) -> list[OcrWord]:
    """The words (left to right) just before ``value_words`` (a name's words on ``page``,
    left to right) that OCR's taller box of the first of them left out: each on the first
    word's baseline (:data:`BASELINE_SHARE`), within a word's gap of the next, a word of
    a name (:data:`_NAME_WORD`) and no label's (:data:`LABEL_WORDS`, ``:``) nor another
    reading's (``others``: boxes, card frame), where the first word stands above them by
    :data:`RISEN_SHARE` of their height. Empty where none is."""
    if not value_words:
        return []
    first = value_words[0]
    out: list[OcrWord] = []
    nxt = first
    while len(out) < MAX_START_WORDS:
        h = nxt.box.height
        left = [w for w in page.words
                if w is not first and w not in out and w not in value_words
                and 0 <= nxt.box.left - w.box.right <= MAX_WORD_GAP * min(w.box.height, h)
                and abs(w.box.bottom - first.box.bottom) <= BASELINE_SHARE * min(
                    w.box.height, first.box.height)
                and first.box.top <= w.box.top - RISEN_SHARE * w.box.height]
        if not left:
            break
        w = max(left, key=lambda x: x.box.right)
        if (not _NAME_WORD.fullmatch(w.text) or w.text.endswith(":")
                or w.text.upper().strip(".,") in LABEL_WORDS
                or any(_inside(w.box, o) for o in others)):
            break
        out.insert(0, w)
        nxt = w
    return out


def _inside(a: Box, b: Box) -> bool:
    """True when ``a``'s centre lies inside ``b``."""
    return b.left <= (a.left + a.right) / 2 <= b.right and b.top <= a.cy <= b.bottom


FIRM_ENDS = frozenset({"INC", "LLC", "CO", "CORP", "CORPORATION", "COMPANY", "LTD", "LLP",
                       "PLLC", "INCORPORATED"})
"""Last words of a firm's name (``Tailspin Toys LLC``), upper case, stops aside."""
FIRM_MAX_WORDS = 6
"""Most words of an employer's name."""


def firm_after_name(
    page: OcrPage, side: Side, others: Sequence[Box],
) -> FieldReading | None:
    """The first run of name words (:data:`_NAME_WORD`) right of a ``Name:`` word on its
    OCR line, each within a word's gap of the last, ending in a firm's word
    (:data:`FIRM_ENDS`) and no other reading's (``others``: boxes, card frame), as the
    employer's name; its confidence the least of its words'. None where no such run is."""
    for i, w in enumerate(page.words):
        if w.text.lower() != "name:":
            continue
        run: list[OcrWord] = []
        last = w
        while len(run) < FIRM_MAX_WORDS:
            h = last.box.height
            nxt = min((x for j, x in enumerate(page.words) if j != i and x not in run
                       and x.line == w.line and 0 <= x.box.left - last.box.right
                       <= MAX_WORD_GAP * h), key=lambda x: x.box.left, default=None)
            if nxt is None or not _NAME_WORD.fullmatch(nxt.text):
                break
            run.append(nxt)
            last = nxt
        while run and run[-1].text.upper().strip(".,") not in FIRM_ENDS:
            run.pop()
        if len(run) < 2 or any(_inside(x.box, o) for x in run for o in others):
            continue
        box = run[0].box
        for x in run[1:]:
            box = box.union(x.box)
        return FieldReading(name="group_name", value=" ".join(x.text for x in run),
                            confidence=min(x.confidence for x in run), side=side,
                            label=w.text.rstrip(":"), box=box)
    return None


def label_fragment(value: str) -> bool:
    """True when ``value`` is one word that starts one of :data:`LABEL_WORDS`, cut short
    or read whole (``Grou`` of ``Employer Grou;``), stops aside.

    >>> label_fragment("Grou;"), label_fragment("GROUP"), label_fragment("Fabrikam Inc")
    (True, True, False)
    """
    word = value.strip(" .,;:#").upper()
    return " " not in word and len(word) >= 3 and any(w.startswith(word) for w in LABEL_WORDS)


def employer_checked(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> dict[str, FieldReading]:
    """``found`` with its ``group_name`` held to how an employer's name prints
    (:data:`FIRM_SUFFIX_MISREADS`, :func:`set_off_end`, :func:`label_fragment`)."""
    out = dict(found)
    reading = out.get("group_name")
    if reading is None:
        for side, page in pages:
            taken = [f.box for f in out.values() if f.side == side]
            if (firm := firm_after_name(page, side, taken)) is not None:
                out["group_name"] = firm
                break
        return out
    if label_fragment(reading.value):
        del out["group_name"]
        return out
    texts = reading.value.split()
    if len(texts) >= 2 and texts[-1] in FIRM_SUFFIX_MISREADS:
        texts[-1] = FIRM_SUFFIX_MISREADS[texts[-1]]
    value = " ".join(texts)
    on_side = next((p for s, p in pages if s == reading.side), None)
    box = reading.box
    if on_side is not None:
        page = on_side
        # (A label boxed into the value's rows is inside its box: its words are the ones.)
        inside = [w for w in _words_in(page, reading.box) if w.text in reading.value.split()]
        value = set_off_end(inside, value)
        if len(inside) == len(texts):
            others = [f.box for n, f in out.items() if n != "group_name" and f.side == reading.side]
            start = start_put_back(page, inside, others)
            if start:
                value = " ".join([*(w.text for w in start), value])
                for w in start:
                    box = box.union(w.box)
    if value != reading.value:
        out["group_name"] = replace(reading, value=value, box=box)
    return out


PBM_LIKENESS = 85.0
"""Least ``fuzz.ratio`` (0-100) of a reading's letters to a known PBM's for the reading to
be that PBM misread (``MEDIMPACT`` of ``MEDIMPAC``: 94; ``CAREMARK`` of ``CVSCAREMARK``: 84)."""
PBM_LABEL_WORDS = ("MANAGER", "PHARMACY", "BENEFIT", "BENEFITS", "ADMINISTERED",
                   "ADMINISTRATOR")
"""Words of the PBM's labels (``Pharmacy Benefit Manager``): never its name."""


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", text.upper())


def pbm_spelled(value: str) -> str | None:
    """The PBM ``value`` names, spelled as the PBM spells itself (:data:`PBMS`, the one
    nearest as printed, spaces kept), in capitals where more of ``value``'s letters are;
    None where ``value`` is a known PBM's start only, a PBM label's word cut short, or prose
    (two lower-case words after the first); else ``value`` (a PBM not known).

    >>> pbm_spelled("Medimpact"), pbm_spelled("OPTUM Rx"), pbm_spelled("Expres Scripts")
    ('MedImpact', 'OPTUM RX', 'Express Scripts')
    >>> pbm_spelled("Expre") is None, pbm_spelled("Manage") is None, pbm_spelled("Acme Rx")
    (True, True, 'Acme Rx')
    """
    text = value.strip(" .,;:")
    best = max(PBMS, key=lambda p: fuzz.ratio(text.upper(), p.upper()))
    if fuzz.ratio(_letters(text), _letters(best)) >= PBM_LIKENESS:
        caps = sum(c.isupper() for c in text) > sum(c.islower() for c in text)
        return best.upper() if caps else best
    letters = _letters(text)
    words = text.split()
    if len(letters) >= 2 and any(_letters(p).startswith(letters) for p in PBMS):
        return None  # 'Expre', 'CVS C': cut short
    if sum(w.isalpha() and w.islower() for w in words[1:]) >= 2:
        return None  # 'This card does not': the card's prose
    if len(words) == 1 and len(letters) >= 4 and any(
            w.startswith(letters) for w in PBM_LABEL_WORDS):
        return None  # 'Manage' of 'Pharmacy Benefit Manager'
    return value


def rx_plan_spelled(value: str) -> str:
    """An Rx plan's name as printed: no stop after it, ``RX`` as ``Rx`` where another word
    holds small letters, ``-Tler`` as ``-Tier``.

    >>> rx_plan_spelled("RX Choice"), rx_plan_spelled("Value Rx 3-Tler.")
    ('Rx Choice', 'Value Rx 3-Tier')
    >>> rx_plan_spelled("RX CHOICE"), rx_plan_spelled("Premier RX")
    ('RX CHOICE', 'Premier Rx')
    """
    words = value.rstrip(".").split()
    if any(re.search(r"[a-z]", w) for w in words):
        words = ["Rx" if w == "RX" else w for w in words]
    return re.sub(r"(?<=-)Tler\b", "Tier", " ".join(words))


_ID_CHARS = re.compile(r"[A-Za-z0-9-]+")
"""The characters of a state's Medicaid ID."""


def printed_checked(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> dict[str, FieldReading]:
    """``found`` with its dates, employer's name, Rx plan and PBM held to how cards print
    them (see the module's docstring). Applied to a card's final readings only."""
    out = dict(found)
    for name in DATE_NAMES & out.keys():
        if cut_date(out[name].value):
            del out[name]
    if (medicaid := out.get("medicaid_id")) is not None and not _ID_CHARS.fullmatch(
            medicaid.value):
        del out["medicaid_id"]  # a mark read into it: a character is wrong or lost
    if (plan := out.get("rx_plan")) is not None and (
            spelled_plan := rx_plan_spelled(plan.value)) != plan.value and spelled_plan:
        out["rx_plan"] = replace(plan, value=spelled_plan)
    if (pbm := out.get("pbm")) is not None:
        spelled = pbm_spelled(pbm.value)
        if spelled is None:
            del out["pbm"]
        elif spelled != pbm.value:
            out["pbm"] = replace(pbm, value=spelled)
    return employer_checked(part_a_start(out), pages)
