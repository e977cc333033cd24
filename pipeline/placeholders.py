"""Placeholders: what sample and template cards print where a value would go.

``XXXXXXX``, ``(XXX) XXX-XXXX``, ``MM/DD/YYYY``, ``$XX``, ``0000``, ``N/A``: a label followed
by one of these shows that the card has no value there. A placeholder is never returned as
a value, and the label it follows is not a value the pipeline failed to read.
"""

from __future__ import annotations

import re

_MASK = re.compile(
    r"""(?ix)
    [(\[]?\$?X{2,}[)\]]?(?:[ ./,-]?[(\[]?X+[)\]]?)*   # XXXXXXX, (XXX) XXX-XXXX, $XX, $X,XXX
    | (?:MM|DD|YY|YYYY)(?:[/.-](?:MM|DD|YY|YYYY)){1,2}  # MM/DD/YYYY
    | 0{4,}                                            # 0000
    | N/A | NONE | -{2,} | [\u2013\u2014]+
    """
)


def is_placeholder(text: str) -> bool:
    """True when ``text`` (one token or a few, as printed) is a placeholder, not a value.

    >>> [is_placeholder(t) for t in ("XXXXXXX", "(XXX) XXX-XXXX", "MM/DD/YYYY", "$XX", "0000")]
    [True, True, True, True, True]
    >>> [is_placeholder(t) for t in ("W123456789", "00000999999999", "$0", "X12345", "MA")]
    [False, False, False, False, False]
    """
    cleaned = text.strip().strip(":;,.").strip()
    return bool(cleaned) and _MASK.fullmatch(cleaned) is not None
