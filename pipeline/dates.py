"""Printed dates as ISO dates, for the result's ``iso`` and the portal's date of birth."""

from __future__ import annotations

import datetime as dt
import re


def iso_date(printed: str) -> str | None:
    """A US date as printed (``04/12/1986``, ``3-1-2016``: month first, a four-digit year)
    as ``YYYY-MM-DD``; None when incomplete (a two-digit year) or no calendar date.

    >>> iso_date("04/12/1986")
    '1986-04-12'
    >>> iso_date("04/12/86") is None
    True
    """
    m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})", printed.strip())
    if m is None:
        return None
    month, day, year = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def impossible_date(printed: str) -> bool:
    """True when a printed US date (month first) names no month or day: a misread digit
    (``93/01/1951`` of ``03/01/1951``, ``69/19/2023``). Incomplete dates (a two-digit
    year) may be possible; text that is no date at all is not judged here.

    >>> impossible_date("93/01/1951"), impossible_date("02/30/86"), impossible_date("12/31/99")
    (True, True, False)
    """
    m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})", printed.strip())
    if m is None:
        return False
    month, day, year = (int(g) for g in m.groups())
    try:
        dt.date(year if year >= 100 else 2000 + year, month, day)
    except ValueError:
        return True
    return False


_NINE_MONTH = re.compile(r"9(\d)([/-]\d{1,2}[/-](?:\d{4}|\d{2}))")
"""A date whose month starts with a 9: no month does; a 0 read as a 9 (``93/01/1951``)."""


def nine_month_mended(printed: str) -> str | None:
    """An impossible date whose month starts with ``9`` with that digit read as ``0``, the
    only first digit a one-to-nine month has and the one a 9 is misread for (a 1 never
    looks like it), when that names a calendar date; else None. The mended date is a
    guess: the caller has it read again before it is returned.

    >>> nine_month_mended("93/01/1951"), nine_month_mended("92/30/1952")
    ('03/01/1951', None)
    >>> nine_month_mended("12/01/1951") is None
    True
    """
    text = printed.strip()
    m = _NINE_MONTH.fullmatch(text)
    if m is None or not impossible_date(text):
        return None
    mended = f"0{m.group(1)}{m.group(2)}"
    return None if impossible_date(mended) or m.group(1) == "0" else mended


DATE_YEARS = (1900, 2099)
"""Years (inclusive) a card's dates fall in: births and coverage."""


def run_together_date(value: str) -> bool:
    """True when ``value`` is a US date whose separators OCR lost (``12271951`` of
    ``12/27/1951`` in motion blur): eight digits, month, day and a four-digit year of
    :data:`DATE_YEARS` naming a calendar date: about one eight-digit number in 1,400.

    >>> run_together_date("12271951"), run_together_date("13271951"), run_together_date("1227195")
    (True, False, False)
    """
    if not re.fullmatch(r"\d{8}", value):
        return False
    month, day, year = int(value[:2]), int(value[2:4]), int(value[4:])
    if not DATE_YEARS[0] <= year <= DATE_YEARS[1]:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
