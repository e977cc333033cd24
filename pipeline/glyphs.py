"""Letter O or digit 0: settled by the glyph's width where a value's format allows both.

Tesseract reads the round capital O of ``820731OY8S`` as a zero with 99% confidence, and a
format such as six digits then four letters-or-digits cannot tell them apart. The print
can: in card fonts the capital O is clearly wider than any digit, while the digit 0 is as
wide as the widest digits (0, 4, 8). This module measures each character's ink in the
value's box (card pixels) and compares an O or 0 with the value's other digits.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2

from pipeline.types import Box, Image

WIDE_O = 1.12
"""An O/0 glyph this much wider than the value's widest other digit is the letter O."""
NARROW_0 = 1.04
"""An O/0 glyph at most this much wider than the widest other digit is the digit 0."""
MIN_DIGITS = 3
"""Other digits (not 1, which is narrow) needed to know the digit width."""


def ink_columns(image: Image, box: Box) -> list[tuple[int, int]]:
    """Left and right x (card pixels) of each character's ink in ``box``, left to right:
    Otsu-dark connected components, those stacked above each other merged."""
    h, w = image.shape[:2]
    x0, y0 = max(0, int(box.left) - 2), max(0, int(box.top) - 2)
    x1, y1 = min(w, int(box.right) + 3), min(h, int(box.bottom) + 3)
    crop = image[y0:y1, x0:x1]
    if crop.size == 0:
        return []
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tall = 0.3 * (y1 - y0)
    spans = sorted(
        (int(stats[k, 0]), int(stats[k, 0] + stats[k, 2]))
        for k in range(1, n)
        if stats[k, 3] >= tall  # letters and digits, not specks or a hyphen
    )
    merged: list[tuple[int, int]] = []
    for left, right in spans:
        if merged and left < merged[-1][1] - 1:  # overlapping in x: one character
            merged[-1] = (merged[-1][0], max(merged[-1][1], right))
        else:
            merged.append((left, right))
    return [(x0 + left, x0 + right) for left, right in merged]


def o_zero_evidence(
    image: Image, box: Box, value: str, fits: Callable[[str], bool]
) -> dict[int, str]:
    """For each O or 0 of ``value`` where the format fits either (``fits``), what its width
    says: ``"O"``, ``"0"`` or ``"?"``. Empty when there is no such position or the ink
    cannot be matched to the characters one for one."""
    swap = {"O": "0", "0": "O"}
    open_positions = [
        i for i, c in enumerate(value)
        if c in swap and fits(value[:i] + swap[c] + value[i + 1 :])
    ]
    if not open_positions:
        return {}
    chars = [(i, c) for i, c in enumerate(value) if c.isalnum()]
    columns = ink_columns(image, box)
    if len(columns) != len(chars):
        return {}
    width = {i: right - left for (i, _), (left, right) in zip(chars, columns, strict=True)}
    out: dict[int, str] = {}
    for pos in open_positions:
        digits = [width[i] for i, c in chars if c.isdigit() and c != "1" and i != pos]
        if len(digits) < MIN_DIGITS:
            out[pos] = "?"
            continue
        ratio = width[pos] / max(1.0, float(max(digits)))
        out[pos] = "O" if ratio >= WIDE_O else "0" if ratio <= NARROW_0 else "?"
    return out


def contradicted(image: Image, box: Box, value: str, fits: Callable[[str], bool]) -> bool:
    """True when the width of an O or 0 the format cannot settle says the other one."""
    return corrected(image, box, value, fits) is not None


def corrected(
    image: Image, box: Box, value: str, fits: Callable[[str], bool]
) -> str | None:
    """``value`` with each O or 0 that its printed width contradicts swapped for the other
    one, when the result fits the format (``fits``); None when nothing is contradicted.
    A contradicted value whose correction does not fit comes back unchanged."""
    evidence = o_zero_evidence(image, box, value, fits)
    wrong = [pos for pos, said in evidence.items() if said != "?" and said != value[pos]]
    if not wrong:
        return None
    chars = list(value)
    for pos in wrong:
        chars[pos] = evidence[pos]
    fixed = "".join(chars)
    return fixed if fits(fixed) else value
