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
