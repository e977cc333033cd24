"""Issue 15's text and date fields held to how cards print them, on a card's final readings.

* No doubtful reading of issue 15 (:func:`pipeline.derived.confident`).
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
  left out.

Pure functions over the readings and the OCR pages (card frame, pixels).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from pipeline.derived import confident
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
        return out
    if label_fragment(reading.value):
        del out["group_name"]
        return out
    texts = reading.value.split()
    if len(texts) >= 2 and texts[-1] in FIRM_SUFFIX_MISREADS:
        texts[-1] = FIRM_SUFFIX_MISREADS[texts[-1]]
    value = " ".join(texts)
    page = next((p for s, p in pages if s == reading.side), None)
    if page is not None:
        value = set_off_end(_words_in(page, reading.box), value)
    if value != reading.value:
        out["group_name"] = replace(reading, value=value)
    return out


def printed_checked(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> dict[str, FieldReading]:
    """``found`` with its dates and employer's name held to how cards print them (see the
    module's docstring). Applied to a card's final readings only."""
    out = confident(found)  # a date read again beside its label may be doubtful
    for name in DATE_NAMES & out.keys():
        if cut_date(out[name].value):
            del out[name]
    return employer_checked(part_a_start(out), pages)
