"""Look-alike characters settled by the printed glyph, where a value's format allows both.

O or 0: Tesseract reads the round capital O of ``820731OY8S`` as a zero with 99% confidence,
and a format such as six digits then four letters-or-digits cannot tell them apart. The
print can: in card fonts the capital O is clearly wider than any digit, while the digit 0 is
as wide as the widest digits (0, 4, 8). This module measures each character's ink in the
value's box (card pixels) and compares an O or 0 with the value's other digits.

1, I or T (and a 7 an enlarged reading calls 1): by the shape of the glyph's top and foot
beside its upright stem (:func:`one_like_shape`).
"""

from __future__ import annotations

import itertools
import math
import string
import threading
import weakref
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.types import Box, Image

WIDE_O = 1.12
"""An O/0 glyph this much wider than the value's widest other digit is the letter O."""
NARROW_0 = 1.04
"""An O/0 glyph at most this much wider than the widest other digit is the digit 0."""
MIN_DIGITS = 3
"""Other digits (not 1, which is narrow) needed to know the digit width."""
ROUND_WIDE_O = 1.15
"""Glyphs read 0 at least this much wider than the value's widest 6, 8 or 9 are letters O
even when every 0 is as wide. Of the 150 text faces installed, none has a 0 wider than
its widest 6, 8 or 9 (at 16, 20 and 28 px), and most an O 1.2-1.3 times as wide; a bold
face's 0s may be 13% wider than its 2s and 3s (:func:`o_zero_evidence`)."""
MIN_ROUND_DIGITS = 2
"""6s, 8s and 9s a value needs for their width to judge its 0s (:data:`ROUND_WIDE_O`)."""


MEMO_SIZE = 64
"""Measurements of :func:`ink_columns` and :func:`baseline_drops` remembered, by image
identity and box: a card's glyph checks measure the same value's print again and again
(~6 times each on the bench cards)."""
_memo: dict[tuple[str, int, Box], tuple[weakref.ref[Image], object]] = {}
_memo_lock = threading.Lock()
_T = TypeVar("_T")


def _remembered(kind: str, image: Image, box: Box, measure: Callable[[], _T]) -> _T:
    """``measure()``, or what it gave for this ``kind``, ``image`` (the same object, still
    alive: card images are never changed in place) and ``box``. Results are shared: hand
    out immutable ones only."""
    key = (kind, id(image), box)
    with _memo_lock:
        got = _memo.get(key)
        if got is not None and got[0]() is image:
            return cast(_T, got[1])
    value = measure()
    with _memo_lock:
        _memo[key] = (weakref.ref(image), value)
        while len(_memo) > MEMO_SIZE:
            del _memo[next(iter(_memo))]
    return value


def ink_columns(image: Image, box: Box) -> list[tuple[int, int]]:
    """Left and right x (card pixels) of each character's ink in ``box``, left to right:
    Otsu-dark connected components, those stacked above each other merged."""
    return list(_remembered("columns", image, box, lambda: tuple(_ink_columns(image, box))))


def _ink_columns(image: Image, box: Box) -> list[tuple[int, int]]:
    h, w = image.shape[:2]
    x0, y0 = max(0, int(box.left) - 2), max(0, int(box.top) - 2)
    x1, y1 = min(w, int(box.right) + 3), min(h, int(box.bottom) + 3)
    crop = image[y0:y1, x0:x1]
    if crop.size == 0:
        return []
    ink = _otsu_ink(crop)
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


STROKE_SLACK = 1.5
"""Glyph widths beyond the characters an end ink column must hold from which it holds a
stroke too (an explainer's arrow or a rule touching the value)."""


def stroke_at_end(image: Image, box: Box, value: str) -> bool:
    """True when the first or last ink column (:func:`ink_columns`) of ``value`` printed in
    ``box`` (card pixels) is wider than the characters it must hold (those the other
    columns leave it; :data:`LETTER_ROOM` for a letter) by :data:`STROKE_SLACK` median
    glyph widths: a stroke touches the print there, and OCR may have read part of it as a
    character (an arrow's head as the ``4`` of ``9007064884``, printed ``900706488``).
    Needs three columns or more."""
    columns = ink_columns(image, box)
    chars = [c for c in value if c.isalnum()]
    if len(columns) < 3 or len(chars) < len(columns):
        return False
    widths = [right - left for left, right in columns]
    glyph = max(1.0, float(np.median(widths)))
    held = len(chars) - (len(columns) - 1)  # the most characters either end column holds

    def room(part: Sequence[str]) -> float:
        """Glyph widths the characters may fill: a letter two (a bold serif W is)."""
        return sum(LETTER_ROOM if c.isalpha() else 1.0 for c in part) + STROKE_SLACK

    return widths[0] > room(chars[:held]) * glyph or widths[-1] > room(chars[-held:]) * glyph


LETTER_ROOM = 2.0
"""Glyph widths (the value's median) a letter's ink may span (a bold serif W beside digits:
~1.9)."""


SPACE_WIDTH = 0.8
"""A gap between two glyphs' ink this many median glyph widths wider than the median gap
between the glyphs of a value is a word space (a prefix's or suffix's), not letter
spacing. On the holdout's member IDs read whole: letter gaps at most 0.7 beyond the
median, the spaces after a prefix or before a suffix 1.1-1.5."""


def _columns_about(
    image: Image, box: Box, whole: Box
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]] | None:
    """The ink columns (:func:`ink_columns`) of ``whole`` (card pixels) split at the right
    edge of the value's ``box`` by their middles: the value's glyphs and what follows.
    None when the value has fewer than three or nothing follows."""
    columns = ink_columns(image, whole)
    inside = [c for c in columns if (c[0] + c[1]) / 2 < box.right]
    after = [c for c in columns if (c[0] + c[1]) / 2 >= box.right]
    return None if len(inside) < 3 or not after else (inside, after)


def space_after(image: Image, box: Box, until: float) -> bool:
    """True when the print leaves a word space (``SPACE_WIDTH``) between the last glyph of
    the value printed in ``box`` (card pixels) and the next ink on its row before x
    ``until``: what follows is another word (a suffix, an amount), not the value's lost end.
    False when it cannot be told (fewer than three glyphs, no ink after the value)."""
    whole = Box(box.left, box.top, max(until, box.right), box.bottom)
    split = _columns_about(image, box, whole)
    if split is None:
        return False
    inside, after = split
    widths = sorted(right - left for left, right in inside)
    gaps = sorted(b[0] - a[1] for a, b in itertools.pairwise(inside))
    width, gap = widths[len(widths) // 2], gaps[len(gaps) // 2]
    if after[0][0] - inside[-1][1] - gap <= SPACE_WIDTH * max(1, width):
        return False
    # Nothing printed in the gap: a hyphen (too short for a column) joins, not a space.
    ink = _ink_strip(image, whole)
    x0 = max(0, int(whole.left) - 2)
    return not ink[:, inside[-1][1] + 1 - x0 : after[0][0] - 1 - x0].any()


def spaced_past_pitch(image: Image, box: Box, until: float) -> bool:
    """True when the first ink after the value printed in ``box`` (card pixels), before x
    ``until``, starts at least a suffix's space (:data:`SUFFIX_SPACE` median glyph widths)
    past where the value's next glyph would start at its pitch (the median step between its
    glyphs' centres): a suffix set after a narrow space (7878's 0046, ``IQK080379495 00``
    blurred, the ``00`` one ink column), not the value's end that OCR split off
    (``XH99372991`` ``78``, the narrow 1's wide ink gap at the value's pitch). False when it
    cannot be told (fewer than three glyphs, no ink after the value)."""
    split = _columns_about(image, box, Box(box.left, box.top, max(until, box.right),
                                           box.bottom))
    if split is None:
        return False
    inside, after = split
    widths = sorted(right - left for left, right in inside)
    centres = [(left + right) / 2 for left, right in inside]
    steps = sorted(b - a for a, b in itertools.pairwise(centres))
    width, step = widths[len(widths) // 2], steps[len(steps) // 2]
    return after[0][0] - (centres[-1] + step - width / 2) >= SUFFIX_SPACE * max(1, width)


def print_goes_on(image: Image, box: Box) -> bool:
    """True when ink follows the last glyph of the value printed in ``box`` (card pixels)
    within two box heights and closer than a word space (:func:`space_after`): the box
    left out the value's last glyph (12121's 0256, ``00099999M`` boxed without its wide
    ``M``), however wide that glyph."""
    until = box.right + 2 * box.height
    return _columns_about(image, box, Box(box.left, box.top, until, box.bottom)) is not None and (
        not space_after(image, box, until))


def glyph_after(image: Image, box: Box) -> tuple[int, int] | None:
    """The left and right x (card pixels) of a glyph (:func:`ink_columns`) that follows
    the last one of the value printed in ``box`` closer than a word space
    (``SPACE_WIDTH``), past the box's right edge and with no short ink (a hyphen, a stop)
    between them: print that may be the value's lost end (fresh range 5555's
    ``W892674077`` read ``W89267407``, its last 7 faded to a stroke), or a suffix set
    close; not ink wider than a glyph (an arrow pointing at the value). None when there is
    none or it cannot be told (fewer than three glyphs, glyphs
    run together past the edge)."""
    h = max(box.height, 1.0)
    whole = Box(box.left, box.top, box.right + 2 * h, box.bottom)
    columns = ink_columns(image, whole)
    inside = [c for c in columns if (c[0] + c[1]) / 2 < box.right]
    after = [c for c in columns if (c[0] + c[1]) / 2 >= box.right]
    if len(inside) < 3 or not after or inside[-1][1] > box.right + 0.25 * h:
        return None
    widths = sorted(right - left for left, right in inside)
    gaps = sorted(b[0] - a[1] for a, b in itertools.pairwise(inside))
    width, gap = widths[len(widths) // 2], gaps[len(gaps) // 2]
    if after[0][0] - inside[-1][1] - gap > SPACE_WIDTH * max(1, width) or (
            after[0][1] - after[0][0] > MERGED_WIDTH * max(1, width)):
        return None  # a word space, or ink wider than a glyph (an arrow's head, a rule)
    between = _ink_strip(image, whole)
    x0 = max(0, int(whole.left) - 2)
    if between[:, inside[-1][1] - x0 + 1 : after[0][0] - x0].any():
        return None
    return after[0]


MARK_WIDTH = 3.0
"""An ink column wider than this many times the median column at the end of a value's
box is a mark drawn against it (an arrow's shaft and head), no glyph of the value."""


def glyphs_in(image: Image, box: Box) -> int:
    """How many glyphs (:func:`ink_columns`) the print in ``box`` (card pixels) holds, not
    counting ink at its end wider than ``MARK_WIDTH`` glyphs: an arrow drawn against the
    value's last glyph, which the page's box took in (fresh 10808's 0231)."""
    columns = ink_columns(image, box)
    if len(columns) >= MIN_DIGITS:
        widths = sorted(right - left for left, right in columns)
        if columns[-1][1] - columns[-1][0] > MARK_WIDTH * max(1, widths[len(widths) // 2]):
            return len(columns) - 1
    return len(columns)


def nothing_printed_after(image: Image, box: Box, value: str, until: float) -> bool:
    """True when the print of ``value`` in ``box`` (card pixels) holds a glyph for each of
    its letters and digits (three at least) and no glyph after them on its row before x
    ``until``: a closer reading that runs on past the value to there read something that
    is no print of it (a photocopy's grey, a stroke of the row under it), not a lost end.
    False when it cannot be told (glyphs touching, fewer than three)."""
    columns = ink_columns(image, Box(box.left, box.top, max(until, box.right), box.bottom))
    inside = [c for c in columns if (c[0] + c[1]) / 2 < box.right]
    count = sum(c.isalnum() for c in value)
    return count >= MIN_DIGITS and len(inside) == count == len(columns)


def glyph_each(image: Image, box: Box, value: str) -> bool:
    """True when the print in ``box`` (card pixels) holds exactly one glyph for each of
    ``value``'s letters and digits (three at least; :func:`ink_columns`): a page reading
    of another length (``703679`` ``d`` of ``70367974``) misread the print, not the
    value."""
    count = sum(c.isalnum() for c in value)
    return count >= MIN_DIGITS and len(ink_columns(image, box)) == count


MERGED_PITCH = 1.5
"""Width, in the value's character pitch (its box's width over its characters), from which
one ink column may hold two touching glyphs."""


def glyphs_short(image: Image, box: Box, value: str) -> bool:
    """True when the print in ``box`` (card pixels) holds fewer glyphs than ``value`` has
    letters and digits, and no ink column is wide enough to be two touching glyphs
    (``MERGED_PITCH``, of the pitch of all its characters, hyphens too): the reading holds
    a character the print does not (d9393 0017: ``8860222`` and a quote mark read
    ``88602227``)."""
    count = sum(c.isalnum() for c in value)
    columns = ink_columns(image, box)
    if count < MIN_DIGITS or not columns or len(columns) >= count:
        return False
    pitch = box.width / sum(not c.isspace() for c in value)
    return all(right - left < MERGED_PITCH * pitch for left, right in columns)


def glyph_lost(image: Image, box: Box, value: str, reading: str) -> bool:
    """True when ``reading`` is ``value`` with one of its characters left out and the print
    of ``value`` in ``box`` (card pixels) holds a glyph for each of its letters and digits
    (three at least): the reading lost a printed glyph (a photocopy's faint 0), so it says
    nothing against the value."""
    if len(reading) != len(value) - 1 or not any(
            value[:i] + value[i + 1:] == reading for i in range(len(value))):
        return False
    count = sum(c.isalnum() for c in value)
    return count >= MIN_DIGITS and len(ink_columns(image, box)) == count


def glyph_added(image: Image, box: Box, value: str, reading: str, misread: int = 0) -> bool:
    """True when ``reading`` is ``value`` with one character more between two of its own
    (and at most ``misread`` others read otherwise: 9595's 0020, ``17638064771`` closer
    for the page's ``1768064774`` of ``1768064771``, small print from a web page) and the
    print in ``box`` (card pixels) holds exactly a glyph for each of ``value``'s letters
    and digits (three at least): the reading made up a glyph the print does not have
    (``ZDO0099`` of ``ZD0099``). A character more at either end may be a glyph printed
    past the box (``150242`` of ``L50242``'s ``50242``, the L outside the page's box): not
    judged."""
    if len(reading) != len(value) + 1 or not any(
            sum(a != b for a, b in zip(reading[:i] + reading[i + 1:], value, strict=True))
            <= misread for i in range(1, len(value))):
        return False
    count = sum(c.isalnum() for c in value)
    return count >= MIN_DIGITS and len(ink_columns(image, box)) == count


SUFFIX_SPACE = 0.4
"""Least width, in median glyph widths beyond the median letter gap, of the space before a
suffix that OCR read into the ID's word; it must also be twice every other gap (0320 of
fresh range 7777: letter gaps 2-4 px, the space 10 px, glyphs 14 px wide)."""


def space_before_last(image: Image, box: Box, value: str, count: int) -> bool:
    """True when the print of ``value`` in ``box`` (card pixels) leaves a word space
    (:data:`SUFFIX_SPACE`) before its last ``count`` characters, and nowhere else: a suffix
    OCR read as one word with the ID (``30703322099`` for ``307033220 99``). Only when
    the glyph before those characters and each of them have an ink column of their own
    (:func:`matched_columns`: a prefix's letters may touch, ``UU000999903`` of
    ``UU0009999 03``); else False."""
    columns = without_end_bars(ink_columns(image, box), value)
    if len(value) < count + MIN_DIGITS or not value.isalnum():
        return False
    k = len(value) - count - 1
    matched = matched_columns(columns, range(len(value)))
    if any(i not in matched for i in range(k, len(value))):
        return False
    widths = sorted(right - left for left, right in columns)
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(columns)]
    width = widths[len(widths) // 2]
    j = columns.index(matched[k])  # the space before the suffix follows column j
    # A narrow glyph (a 1) leaves wide ink gaps at the value's pitch: those gaps are no
    # measure of its letter spacing (7878's 0246: ``JAR000099999 01``, the 1's gap 6 px;
    # 8686's 0273: ``129177910 03``, four 1s' gaps of 4-7 px put the median gap at 5 px
    # where the other glyphs stand 1-3 px apart), and the space beside one is measured
    # between glyph centres (4242's 0383: ``36058946113``, its 1s at the value's pitch).
    narrow = [right - left < NARROW_GLYPH * width for left, right in columns]
    spacing = sorted(g for i, g in enumerate(gaps) if not narrow[i] and not narrow[i + 1]) or (
        sorted(gaps))
    gap = spacing[len(spacing) // 2]
    if narrow[j] or narrow[j + 1]:
        centres = [(left + right) / 2 for left, right in columns]
        steps = sorted(b - a for a, b in itertools.pairwise(centres))
        step = steps[len(steps) // 2]
        if centres[j + 1] - centres[j] - step < SUFFIX_SPACE * max(1, width):
            return False
    elif gaps[j] - gap < SUFFIX_SPACE * max(1, width):
        return False
    others = [g for i, g in enumerate(gaps)
              if i != j and not narrow[i] and not narrow[i + 1]]
    return gaps[j] >= 2 * max(others, default=0)


INITIAL_SPACE = 2.0
"""Least ratio of the ink gap that parts a name's initial from the word OCR glued it to
over every other gap between that word's glyphs (:func:`spaced_initial`: ``NORAN`` of
``NORA N``, gaps 3, 3, 3 and 8 px)."""
INITIAL_SPACE_HEIGHT = 0.35
"""Least width of that gap, in the word's heights: a word space (0.38-0.53 on the fresh
ranges' glued initials), not a tight font's letter spacing (``RAFAEL``'s E to L, 0.19;
a serif ``I``'s bearing before the ``S`` of ``DUBOIS``, 0.30)."""


def spaced_initial(image: Image, box: Box, word: str, widest: float = math.inf) -> int | None:
    """Where a name's word of letters printed in ``box`` (card pixels) holds a word space
    OCR read through: 1 when its first glyph stands apart, ``len(word) - 1`` when its
    last does (``RLARSON`` of ``R LARSON``, ``LEVIR`` of ``LEVI R``), else None. Only when
    the word (four letters or more) shows three ink columns or more, none more than its
    letters, the glyph parted is a column of its own no wider than one glyph
    (``MERGED_WIDTH``: other letters may touch, ``RA`` kerned) nor narrow
    (``NARROW_GLYPH``: an ``I``'s bearings leave wide gaps, ``Isaac``), and its gap is a
    word space (:func:`_spaced_after`) no wider than ``widest`` (pixels: the row's own
    word spaces; a wider gap is a glyph's lost part, ``HALVORSE N`` of a faded E, dev's
    0362): a font's even spacing tells nothing."""
    if len(word) < 4 or not word.isalpha():
        return None
    columns = ink_columns(image, box)
    if not 3 <= len(columns) <= len(word):
        return None
    widths = sorted(right - left for left, right in columns)
    width = widths[len(widths) // 2]
    for j, end, place in ((0, 0, 1), (len(columns) - 2, -1, len(word) - 1)):
        glyph = columns[end][1] - columns[end][0]
        gap = columns[j + 1][0] - columns[j][1]
        if NARROW_GLYPH * width <= glyph <= MERGED_WIDTH * width and gap <= widest and (
                _spaced_after(columns, j, box.height)):
            return place
    return None


def space_inside(image: Image, box: Box, word: str, place: int) -> bool:
    """True when the print of a name's ``word`` in ``box`` (card pixels) leaves a word
    space before its character at ``place`` (:func:`_spaced_after`), with an ink column
    for each of its letters; False when it does not or cannot tell (touching glyphs): a
    closer reading that parts ``VASQUEZ`` as ``VASQ UEZ`` (11919's 0130) parts no print."""
    if not word.isalpha() or not 0 < place < len(word):
        return False
    columns = ink_columns(image, box)
    return len(columns) == len(word) >= 3 and _spaced_after(columns, place - 1, box.height)


SPACE_KEPT = 0.5
"""Least ink gap, as a share of the widest word space a name's own spaces leave, at which
a gap between two of its glyphs is a word space too (:func:`respaced`)."""
SPACE_OVER_LETTERS = 2.2
"""Least ratio of such a gap over the widest other gap between the glyphs of the name's
words (:func:`respaced`): an initial's space of 12 px among gaps of 3, 9 among 4 or 5
among 2; not an M's and an E's 6 among 3 (dev's 0040, ``KWAME``), nor a U's round foot
before an E, 5 among 3."""
SPACE_LOST = 0.35
"""Most ink gap, as a share of the name's narrowest other word space, at which a space OCR
read is no word space (:func:`respaced`), and no wider than its letters' widest gap."""
UNTALL_MARKS = ",.'"
"""Characters whose ink may be too short for a column of their own (:func:`ink_columns`)."""
NARROW_LETTERS = "I1il!|"
"""Characters whose glyph is at most :data:`NARROW_SHARE` of a text's median glyph width."""
NARROW_SHARE = 0.75
WIDE_LETTERS = "MWmw"
"""Letters whose glyph is at least as wide as a text's median glyph, at most
:data:`WIDE_SHARE` of it."""
WIDE_SHARE = 2.2
GLYPH_SHARES = (0.6, 1.5)
"""Least and most width of any other capital's glyph (but J), as shares of the text's
median glyph width: a column wider or narrower holds two characters or part of one, and
the columns do not pair with the characters OCR read."""
FREE_WIDTH = "fjrtJ"
"""Letters whose glyph width varies too much between fonts to check."""


def columns_fit(columns: Sequence[tuple[int, int]], chars: Sequence[str]) -> bool:
    """True when each ink column (left, right x) is as wide as the character paired with
    it may be (:data:`NARROW_LETTERS`, :data:`WIDE_LETTERS`, :data:`GLYPH_SHARES`)."""
    widths = sorted(right - left for left, right in columns)
    median = widths[len(widths) // 2]
    low, high = GLYPH_SHARES
    for (left, right), c in zip(columns, chars, strict=True):
        w = right - left
        if c in NARROW_LETTERS:
            if w > NARROW_SHARE * median:
                return False
        elif c in WIDE_LETTERS:
            if not median <= w <= WIDE_SHARE * median:
                return False
        elif c.isalpha() and c not in FREE_WIDTH and not low * median <= w <= high * median:
            return False
    return True


def respaced(image: Image, box: Box, text: str) -> str | None:
    """``text`` (a name: letters, spaces, ``,.'-``) spaced as its print in ``box`` (card
    pixels) spaces it, or None when that is ``text`` itself or cannot be told. The print's
    own word spaces are the measure. A gap inside a word at least :data:`SPACE_KEPT` of
    the widest space OCR read and :data:`SPACE_OVER_LETTERS` times every other gap inside
    the words is a space where it parts an initial (``LEVI FMACDONALD`` of ``LEVI F
    MACDONALD``, ``SOLBERG, ROSAA``): one only, in a name holding none, never its first
    letter, its last only after a comma (``LAST, FIRST M``), not before a small letter nor
    beside a narrow one (:func:`_parts_an_initial`). A space OCR read where the glyphs
    stand no further apart than inside words and under :data:`SPACE_LOST` of the other
    spaces (a comma's gap halved) is none (``WASHINGTON, R AFAEL``). Only
    where the box holds one ink column per character (or per character less its commas,
    stops and apostrophes, too short to count), each as wide as its character may be
    (:func:`columns_fit`), so that each gap is known to lie between the two characters
    OCR read there."""
    return spaced_by(ink_columns(image, box), text)


def spaced_by(columns: Sequence[tuple[int, int]], text: str) -> str | None:
    """:func:`respaced` given the ink columns (left, right x; pixels) of ``text``'s print."""
    chars = [c for c in text if not c.isspace()]
    kept = list(range(len(chars)))
    if len(columns) != len(chars):
        kept = [i for i, c in enumerate(chars) if c not in UNTALL_MARKS]
    if len(columns) != len(kept) or len(kept) < 3 or not columns_fit(
            columns, [chars[i] for i in kept]):
        return None
    spaced_after = _followed_by_space(text)  # indices (of chars) a space follows
    # Each gap between two kept characters' columns: the index of the character before it,
    # its width (pixels), the space OCR read in it (its index, None) and whether a
    # character too short to count stands in it.
    gaps = [(kept[k], b[0] - a[1],
             next((s for s in spaced_after if kept[k] <= s < kept[k + 1]), None),
             kept[k + 1] > kept[k] + 1)
            for k, (a, b) in enumerate(itertools.pairwise(columns))]
    # A space's width: its gap's, half that where a comma stands in it (a comma and a
    # space make about twice a space), as the measure of a space OCR read in a word.
    spaces = [(s, g) for _, g, s, _ in gaps if s is not None]
    plain = {s: g / 2 if marked else g for _, g, s, marked in gaps if s is not None}
    inner = [(i, g) for i, g, s, marked in gaps if s is None and not marked]
    if not spaces or len(inner) < 2:
        return None
    lost = {s for s, g in spaces if len(spaces) >= 2 and g <= max(g for _, g in inner)
            and g < SPACE_LOST * min(v for j, v in plain.items() if j != s)}
    widest = max(g for s, g in spaces if s not in lost)
    wide = {i for i, g in inner if g >= SPACE_KEPT * widest}
    letters = max([g for i, g in inner if i not in wide], default=0)
    found = [i for i, g in inner if i in wide and g >= SPACE_OVER_LETTERS * max(letters, 1)
             and _parts_an_initial(text, chars, spaced_after, i)]
    if len(found) != 1:
        found = []
    if not found and not lost:
        return None
    out, n = "", 0
    for c in text:
        if c.isspace():
            if n - 1 not in lost and not out.endswith(" "):
                out += " "
            continue
        out += c
        if n in found:
            out += " "
        n += 1
    return out.strip()


def _followed_by_space(text: Iterable[str]) -> set[int]:
    """The indices, among ``text``'s characters that are no space, of those a space
    follows.

    >>> sorted(_followed_by_space("LEVI F MAC"))
    [3, 4]
    """
    out, n = set(), 0
    for c in text:
        if c.isspace():
            out.add(n - 1)
        else:
            n += 1
    return out


def _parts_an_initial(text: str, chars: Sequence[str], spaced_after: Collection[int],
                      i: int) -> bool:
    """True when a space after character ``i`` of ``text`` (``chars``: its characters less
    spaces; ``spaced_after``: those a space follows) parts a lone letter, an initial, off
    a word, in a name holding none yet: not its first letter, its last only after a comma
    (``LAST, FIRST M``), not before a small letter, nor beside a narrow one."""
    if any(len(t.strip(".,")) == 1 for t in text.split()) or i + 1 >= len(chars) or (
            chars[i + 1].islower()) or {chars[i], chars[i + 1]} & set(NARROW_LETTERS):
        return False  # (a narrow letter's bearings leave a wide gap: 'N IKOLAI')
    alone_before = i == 0 or (i - 1) in spaced_after
    alone_after = i + 1 == len(chars) - 1 or (i + 1) in spaced_after
    if alone_before:
        return i > 0
    return alone_after and (i + 1 < len(chars) - 1 or "," in text)


BAR_SHARE = 0.45
"""Widest a bare stroke (a suffix's ``I``) may be, as a share of the name's median glyph."""
BAR_REACH = 2.5
"""How far past a name's box (in its heights) the strokes of a suffix OCR read in part or
left out may stand (its words' boxes may stop short of them)."""
BAR_OVERHANG = 0.25
"""Most ink a stroke may have above or below the name's box, in its heights: a rule
crossing the row is no letter."""


def suffix_bars(image: Image, box: Box, until: float) -> int | None:
    """How many bare strokes (capital ``I``s of a generational suffix) end the print of a
    name in ``box`` (card pixels): the glyphs after its last word space, each at most
    :data:`BAR_SHARE` of the name's median glyph wide, none reaching beyond the name's
    line (:data:`BAR_OVERHANG`), looked for up to :data:`BAR_REACH` heights past the box
    and before x ``until`` (the row's next word). None when the name does not end so or
    it cannot be told (fewer than four glyphs before the strokes)."""
    h = max(box.height, 1.0)
    wide = Box(box.left, box.top, max(box.right, min(until, box.right + BAR_REACH * h,
                                                     image.shape[1] - 3)), box.bottom)
    columns = ink_columns(image, wide)
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(columns)]
    space = max(range(len(gaps)), key=lambda k: (gaps[k] >= INITIAL_SPACE_HEIGHT * h, k),
                default=None)
    if space is None or gaps[space] < INITIAL_SPACE_HEIGHT * h or space < 3:
        return None
    name, bars = columns[:space + 1], columns[space + 1:]
    widths = sorted(right - left for left, right in name)
    median = widths[len(widths) // 2]
    if not 1 <= len(bars) <= 3 or any(r - left > BAR_SHARE * median for left, r in bars) or any(
            g >= INITIAL_SPACE_HEIGHT * h for g in gaps[space + 1:]):
        return None
    # Each stroke's ink stays on the name's line: a rule or a frame's side runs on.
    return len(bars) if on_line(image, box, bars[0][0], bars[-1][1]) else None


def on_line(image: Image, box: Box, left: int, right: int) -> bool:
    """True when the ink between x ``left`` and ``right`` (card pixels) that meets the
    line of print in ``box`` stays within it (:data:`BAR_OVERHANG` of its height above
    and below): a letter, not a rule, a frame's side or a mark's arc crossing the row."""
    h = max(box.height, 1.0)
    rows, cols = image.shape[:2]
    y0, y1 = max(0, int(box.top - h)), min(rows, int(box.bottom + h) + 1)
    x0, x1 = max(0, left - 2), min(cols, right + 3)
    if y1 <= y0 or x1 <= x0:
        return False
    _, _, stats, _ = cv2.connectedComponentsWithStats(_otsu_ink(image[y0:y1, x0:x1]),
                                                      connectivity=8)
    for top, height in stats[1:, [cv2.CC_STAT_TOP, cv2.CC_STAT_HEIGHT]]:
        if y0 + top < box.bottom and y0 + top + height > box.top and (
                y0 + top < box.top - BAR_OVERHANG * h
                or y0 + top + height > box.bottom + BAR_OVERHANG * h):
            return False
    return True


RUN_ON_WIDTH = 2.5
"""Widest the first ink column a name runs on into may be, in its median glyph widths:
two or three glyphs touching (``wi`` of ``Lewis``), not an arrow pointing at the name."""
RUN_ON_STOP = 1.0
"""Ink gap (in the name's heights) that ends the print a cut name runs on into: wider
than a word space, the row's next column."""
NAME_RUNS_ON = 1.5
"""Most ink gap after a name's box, in the widest gap between its words' glyphs, at which
the ink after it is its word's lost end (``BERGSTRO`` of ``BERGSTROM``)."""


@dataclass(frozen=True, slots=True)
class NameColumns:
    """A name's ink columns (card pixels' x, left to right), told apart by its reading:
    ``inside`` its box (one per letter, and per mark or none), ``after`` it on its row (up
    to six heights on); the ink gaps between its letters (``inner``) and between its words
    (``spaces``), and its glyphs' median width, all in pixels."""

    inside: tuple[tuple[int, int], ...]
    after: tuple[tuple[int, int], ...]
    inner: tuple[int, ...]
    spaces: tuple[int, ...]
    median_width: int


def name_columns(image: Image, box: Box, text: str) -> NameColumns | None:
    """The ink columns of a name OCR read as ``text`` in ``box`` (card pixels) and of what
    follows it on its row (:class:`NameColumns`), or None when the box holds not one ink
    column per letter (and per mark, or none), fewer than three letters or none between
    its words' glyphs: its letter gaps cannot be told from its spaces."""
    h = max(box.height, 1.0)
    columns = ink_columns(image, Box(box.left, box.top, min(box.right + 6 * h,
                                                            image.shape[1] - 3), box.bottom))
    inside = [c for c in columns if (c[0] + c[1]) / 2 <= box.right]
    letters = sum(c.isalpha() for c in text)
    marks = sum(c in UNTALL_MARKS for c in text)
    if len(inside) not in (letters, letters + marks) or letters < 3:
        return None
    # Gap j lies between columns j and j + 1: a space after column j's character.
    spaced = _followed_by_space(c for c in text if c.isalpha() or c.isspace() or (
        c in UNTALL_MARKS and len(inside) > letters))
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(inside)]
    inner = tuple(g for j, g in enumerate(gaps) if j not in spaced)
    if not inner:
        return None
    return NameColumns(tuple(inside), tuple(c for c in columns if (c[0] + c[1]) / 2 > box.right),
                       inner, tuple(g for j, g in enumerate(gaps) if j in spaced),
                       sorted(right - left for left, right in inside)[len(inside) // 2])


def _print_from(image: Image, box: Box, after: Sequence[tuple[int, int]],
                width: int) -> Box | None:
    """The box from ``box``'s left to the end of the print that starts at ``after``'s
    first ink column (up to a gap of :data:`RUN_ON_STOP` heights: the row's next column),
    or None when that column is wider than ``RUN_ON_WIDTH`` glyphs of median ``width``
    (an explainer's arrow, 11818's 0170) or is no letter on the line (:func:`on_line`)."""
    if after[0][1] - after[0][0] > RUN_ON_WIDTH * width or not on_line(
            image, box, after[0][0], after[0][1]):
        return None
    end = after[0][1]
    for a, b in itertools.pairwise(after):
        if b[0] - a[1] > RUN_ON_STOP * max(box.height, 1.0):
            break
        end = b[1]
    return Box(box.left, box.top, end, box.bottom)


def name_runs_on(image: Image, box: Box, text: str) -> Box | None:
    """Where the print of a name OCR read as ``text`` in ``box`` (card pixels) runs on past
    the box at letter spacing (:data:`NAME_RUNS_ON`): a glyph on the name's line
    (:func:`on_line`) after the last one as close as its letters stand, its last word
    cut short (``BERGSTRO``, ``Kowa``, ``Violet Stella Mc``). The box from the name's
    start to the end of the print that runs on (:func:`_print_from`), or None when nothing
    runs on or its columns cannot be told (:func:`name_columns`)."""
    cols = name_columns(image, box, text)
    if cols is None or not cols.after or (
            cols.after[0][0] - cols.inside[-1][1] > NAME_RUNS_ON * max(max(cols.inner), 1)):
        return None
    return _print_from(image, box, cols.after, cols.median_width)


WORD_AFTER = 1.5
"""Most ink gap after a name's box, in the widest space between its words, at which the
print after it is a word of the name OCR lost (``Sunil Earl`` of ``Sunil Earl Okonkwo``,
``NORA A UNDERWOOD`` of ``… III``): a space, not the gap to the row's next column."""


def word_after(image: Image, box: Box, text: str) -> Box | None:
    """Where the print of a name OCR read as ``text`` in ``box`` (card pixels) goes on
    past the box after a word space: a glyph on its line more than letter spacing
    (:data:`NAME_RUNS_ON`) and at most :data:`WORD_AFTER` of its widest space away. The
    box from the name's start to the end of that print (:func:`_print_from`), or None
    (none there, a name of one word, or its columns cannot be told)."""
    cols = name_columns(image, box, text)
    if cols is None or not cols.after or not cols.spaces:
        return None
    gap = cols.after[0][0] - cols.inside[-1][1]
    if gap <= NAME_RUNS_ON * max(max(cols.inner), 1) or gap > WORD_AFTER * max(cols.spaces):
        return None
    return _print_from(image, box, cols.after, cols.median_width)


def _spaced_after(columns: Sequence[tuple[int, int]], j: int, height: float) -> bool:
    """True when the ink gap after column ``j`` is ``INITIAL_SPACE`` times every other gap
    between ``columns`` and ``INITIAL_SPACE_HEIGHT`` of the print's ``height`` wide."""
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(columns)]
    others = gaps[:j] + gaps[j + 1:]
    return gaps[j] >= INITIAL_SPACE * max(max(others, default=0), 1) and (
        gaps[j] >= INITIAL_SPACE_HEIGHT * height)


NARROW_GLYPH = 0.6
"""Share of the median glyph width under which a glyph is narrow (a 1, an I): the ink gaps
beside it are wider than the value's letter spacing."""


LETTER_PITCH = 0.25
"""Most excess, in median glyph widths, of the step between two glyphs' centres over the
median step, at which the two are printed on at letter spacing, no word space between.
Centres, not ink gaps: a narrow 1 leaves a wide ink gap at the same pitch (3333's 0024:
``1`` ``7`` steps 17.5 px against a median 16, glyphs 14 px; a suffix's space 0.55
widths beyond the step, 0327)."""


def no_space_before_last(image: Image, box: Box, value: str, count: int) -> bool:
    """True when the print of ``value`` in ``box`` (card pixels) has an ink column for each
    of its characters and steps from the glyph before its last ``count`` characters to
    the next at the value's pitch (:data:`LETTER_PITCH`): those characters are the ID's
    end printed on, not a suffix after a space (``XH99372991`` ``78`` of
    ``XH9937299178``)."""
    columns = without_end_bars(ink_columns(image, box), value)
    if len(columns) != len(value) or len(value) < count + MIN_DIGITS:
        return False
    widths = sorted(right - left for left, right in columns)
    centres = [(left + right) / 2 for left, right in columns]
    steps = [b - a for a, b in itertools.pairwise(centres)]
    width, step = widths[len(widths) // 2], sorted(steps)[len(steps) // 2]
    return steps[len(value) - count - 1] - step < LETTER_PITCH * max(1, width)


def step_before_last(image: Image, box: Box, value: str, count: int) -> float | None:
    """How much longer than the print's pitch, in median glyph widths, the step is from the
    centre of the glyph before ``value``'s last ``count`` characters (printed in ``box``,
    card pixels) to the next: the pitch is the median step between neighbouring glyphs of
    one ink column each (touching glyphs' columns left out). Near 0 when those characters
    are printed on at letter spacing; :data:`LETTER_PITCH` or more when a space of some
    width parts them (a suffix set close: ``W371681511 01`` blurred, its space 0.36 glyph
    widths beyond the pitch and under :func:`space_before_last`'s word space). None when the
    ink cannot be matched to those characters (:func:`matched_columns`)."""
    columns = without_end_bars(ink_columns(image, box), value)
    k = len(value) - count - 1
    if k < 1 or len(columns) < MIN_DIGITS:
        return None
    matched = matched_columns(columns, range(len(value)))
    if any(i not in matched for i in range(k, len(value))):
        return None
    width = median_width(columns)
    single = [right - left <= MERGED_WIDTH * width for left, right in columns]
    centres = [(left + right) / 2 for left, right in columns]
    steps = sorted(b - a for i, (a, b) in enumerate(itertools.pairwise(centres))
                   if single[i] and single[i + 1])
    if not steps:
        return None
    j = columns.index(matched[k])
    return (centres[j + 1] - centres[j] - steps[len(steps) // 2]) / width


END_BAR_WIDTH = 0.3
"""Widest ink column, in median column widths, at an end of a value's print that is no
glyph of it where its end character is no narrow one: a dashed frame's side."""
_NARROW_CHARS = frozenset("1Il|!ijJ")
"""Characters whose glyph may be a bar of a few pixels."""


def without_end_bars(columns: Sequence[tuple[int, int]], value: str) -> list[tuple[int, int]]:
    """``columns`` (:func:`ink_columns` of ``value``'s print) without a bar at either end
    narrower than ``END_BAR_WIDTH`` median columns where ``value``'s character at that end
    is no narrow one (:data:`_NARROW_CHARS`): a dashed frame's side standing by the value
    (14444's 0180: ``|XTZ177854312 03|``, its 3 px sides at columns 15 px wide)."""
    out = list(columns)
    if len(out) < 3 or not value:
        return out
    median = sorted(right - left for left, right in out)[len(out) // 2]
    if value[-1] not in _NARROW_CHARS and out[-1][1] - out[-1][0] < END_BAR_WIDTH * median:
        out.pop()
    if value[0] not in _NARROW_CHARS and out[0][1] - out[0][0] < END_BAR_WIDTH * median:
        out.pop(0)
    return out


def matched_columns(
    columns: Sequence[tuple[int, int]], chars: Sequence[int]
) -> dict[int, tuple[int, int]]:
    """The ink columns (:func:`ink_columns`) of the characters at positions ``chars``: all
    of them when there are as many columns as characters; where touching glyphs made fewer
    columns, the first character's (when its column is one glyph wide) and the run of
    characters from the end back to the first column too wide for one glyph (letters of a
    prefix touching: ``MH03055103``), when the wide columns' widths account for the
    missing ones."""
    if len(columns) == len(chars):
        return dict(zip(chars, columns, strict=True))
    if len(columns) < 2 or len(columns) > len(chars):
        return {}
    median = median_width(columns)
    single = MERGED_WIDTH * median
    # The missing columns must be glyphs inside wide ones, not a character OCR made up; a
    # wide letter (W, M) is a wide column of one glyph, so wide columns may outnumber them
    # (14949's 0165: ``W371681511 01`` blurred, its W and a touching ``68`` wide).
    wide = [right - left for left, right in columns if right - left > single]
    most = sum(max(1, round(w / median) - 1) for w in wide)  # letters are wider than digits
    if len(chars) - len(columns) > most:
        return {}
    # (the first column only when it is one glyph: '044' touching in a bold serif is one
    # wide column, whose width says nothing of its first character's)
    first = columns[0][1] - columns[0][0] <= single
    out = {chars[0]: columns[0]} if first else {}
    for k in range(1, len(columns)):
        left, right = columns[-k]
        if right - left > single:
            break
        out[chars[-k]] = columns[-k]
    return out


MERGED_WIDTH = 1.5
"""An ink column wider than this many times the median column holds touching glyphs."""


def median_width(columns: Sequence[tuple[int, int]]) -> int:
    """The median width (pixels, one at least) of ink ``columns`` (a non-empty list): a
    glyph's, :data:`MERGED_WIDTH` times which a column holds touching glyphs."""
    widths = sorted(right - left for left, right in columns)
    return max(1, widths[len(widths) // 2])


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
    column_of = matched_columns(columns, [i for i, _ in chars])
    width = {i: right - left for i, (left, right) in column_of.items()}
    chars = [(i, c) for i, c in chars if i in width]
    if not any(pos in width for pos in open_positions):
        return {}
    ink = _ink_strip(image, box)
    x0 = max(0, int(box.left) - 2)
    dotted = {i: inner_ink(ink[:, column_of[i][0] - x0 : column_of[i][1] - x0])
              for i, c in chars if c in "O0"}
    out: dict[int, str] = {}
    for pos in [p for p in open_positions if p in width]:
        others = [d for i, d in dotted.items() if i != pos]
        if dotted[pos]:  # a dotted or slashed zero: no letter holds ink in its counter
            out[pos] = "0"
            continue
        if len(others) >= MIN_MARKED_ZEROS and all(others):
            out[pos] = "O"  # the font marks its zeros, and this round glyph is unmarked
            continue
        # The other digits' widths; of those read 0, not the ones as wide as an O beside
        # the rest when others read 0 are not (000000999999 of QQ0000999999: a Q read 0
        # is no digit's width; a bold font's zeros all wider than its 3s are, unless wider
        # than its 6s, 8s and 9s too: OO9768949's Os, half again a 9's width).
        plain = [width[i] for i, c in chars if c.isdigit() and c not in "01"]
        wide = WIDE_O * max(plain) if len(plain) >= MIN_DIGITS else float("inf")
        zeros = [width[i] for i, c in chars if c == "0"]
        rounds = [width[i] for i, c in chars if c in "689"]
        if all(w >= wide for w in zeros) and not (zeros and len(rounds) >= MIN_ROUND_DIGITS
                                                  and min(zeros) >= ROUND_WIDE_O * max(rounds)):
            wide = float("inf")
        digits = [width[i] for i, c in chars if c.isdigit() and c != "1" and i != pos
                  and (c != "0" or width[i] < wide)]
        if len(digits) < MIN_DIGITS and pos == 0:
            digits = opening_peers(columns, value)
        if len(digits) < MIN_DIGITS:
            out[pos] = "?"
            continue
        ratio = width[pos] / max(1.0, float(max(digits)))
        out[pos] = "O" if ratio >= WIDE_O else "0" if ratio <= NARROW_0 else "?"
        if out[pos] == "?" and wider_than_zeros(width[pos], [
                width[i] for i, c in chars if c == "0" and i != pos and among_digits(value, i)]):
            out[pos] = "O"
    return out


def opening_peers(columns: Sequence[tuple[int, int]], value: str) -> list[int]:
    """The widths (pixels) of the one-glyph ink columns (:data:`MERGED_WIDTH`) after the
    first of ``value``'s print, when all its characters after the first are digits other
    than 0: the digits an opening round glyph is measured against where touching glyphs
    leave them unplaced (15151's 0195: ``O84523685`` blurred, its ``84`` and ``68``
    touching, the O 20 px, its lone digits 14 px; read ``084523685`` at 0.97 and passed).
    Empty otherwise."""
    rest = value[1:]
    if not rest.isdigit() or "0" in rest or len(columns) < 2:
        return []
    single = MERGED_WIDTH * median_width(columns)
    return [right - left for left, right in columns[1:] if right - left <= single]


ZERO_PAIR_O = 1.2
"""An undecided round glyph (:func:`o_zero_evidence`) this many times as wide as every 0
of the same value printed among digits is the letter O: a font's zeros are one width, its
O a fifth to a third wider (13535's 0294, ``SO2137603``: the O 19 px, the 0 of ``603``
15 px, the 2 17 px; read ``S02137603`` at 0.64 and passed)."""
ZERO_PAIR_MIN_PX = 10
"""Narrowest 0 (pixels, card frame) whose width :data:`ZERO_PAIR_O` is judged by: a pixel
is a tenth of it."""


def wider_than_zeros(width: float, zeros: Sequence[float]) -> bool:
    """True when a glyph ``width`` pixels wide is :data:`ZERO_PAIR_O` times as wide as
    each of ``zeros`` (the widths of a value's 0s among digits, at least
    :data:`ZERO_PAIR_MIN_PX`), and there is one at least."""
    return bool(zeros) and min(zeros) >= ZERO_PAIR_MIN_PX and (
        width >= ZERO_PAIR_O * max(zeros))


def among_digits(value: str, i: int) -> bool:
    """True when ``value[i]``'s neighbours (one or two) are digits: no letter beside it."""
    beside = _beside(value, i)
    return bool(beside) and all(c.isdigit() for c in beside)


def _beside(value: str, i: int) -> list[str]:
    """The characters right before and after ``value[i]`` (one at either end)."""
    return [value[j] for j in (i - 1, i + 1) if 0 <= j < len(value)]


def alike_settled(image: Image, box: Box, value: str, places: Sequence[int]) -> bool:
    """True when the print in ``box`` (card pixels) says, at each of ``places`` (positions
    of an ``O``/``0`` or ``I``/``1`` in ``value``), the character ``value`` has there: the
    round glyph's width or marks (:func:`o_zero_evidence`), the bar's shape
    (:func:`one_letter_evidence`). False with no places, or any undecided."""
    if not places:
        return False
    rounds = o_zero_evidence(image, box, value, lambda _: True) if any(
        value[i] in "O0" for i in places) else {}
    bars = one_letter_evidence(image, box, value) if any(
        value[i] in "I1" for i in places) else {}
    return all((rounds if value[i] in "O0" else bars).get(i) == value[i] for i in places)


def unmarked_zero(image: Image, box: Box, value: str, fits: Callable[[str], bool]) -> bool:
    """True when ``value`` (printed at ``box``) holds a 0 the format would take as O too
    whose glyph has no ink in its counter while every other 0 of the value (one at least)
    has: the font marks its zeros (Liberation or DejaVu Mono's dot or slash), so the bare
    round glyph is an O as often as a zero that lost its dot to blur (``004692596`` of
    ``O04692596``). Too little to correct it (:data:`MIN_MARKED_ZEROS` marked zeros do),
    enough to doubt it, where a letter would stand: in the value's leading run of letters,
    or beside a letter (9595's 0200: Anthem's group ``804335OV2F`` read ``…0V2F``, its
    ``0`` dotted; a blurred zero among digits lost its dot as often). False when the ink
    cannot be matched to the characters."""
    lead = len(value) - len(value.lstrip("0OABCDEFGHIJKLMNPQRSTUVWXYZ"))
    opens = [i for i, c in enumerate(value)
             if c == "0" and (i < lead or _beside_letter(value, i))
             and fits(value[:i] + "O" + value[i + 1:])]
    if not opens:
        return False
    zeros = [i for i, c in enumerate(value) if c == "0"]
    inks = _glyph_inks(image, box, value, zeros)
    if len(inks) != len(zeros) or len(zeros) < 2:
        return False
    marked = {i: inner_ink(glyph) for i, glyph in inks.items()}
    return any(not marked[i] and all(marked[j] for j in zeros if j != i) for i in opens)


def _beside_letter(value: str, i: int) -> bool:
    """True when a letter stands right before or after ``value[i]``."""
    return any(c.isalpha() for c in _beside(value, i))


def round_glyphs(image: Image, box: Box, value: str) -> dict[int, tuple[int, bool]]:
    """For each O or 0 of ``value`` (read in ``box``, card frame) whose ink column is
    matched to it (:func:`matched_columns`): the glyph's width (pixels) and whether ink
    lies inside its counter (:func:`inner_ink`: a dotted or slashed zero). Empty when the
    ink cannot be matched to the characters."""
    chars = [i for i, c in enumerate(value) if c.isalnum()]
    column_of = matched_columns(ink_columns(image, box), chars)
    ink = _ink_strip(image, box)
    x0 = max(0, int(box.left) - 2)
    return {i: (right - left, inner_ink(ink[:, left - x0 : right - x0]))
            for i, (left, right) in column_of.items() if value[i] in "O0"}


MIN_MARKED_ZEROS = 2
"""Other round glyphs of a value, all with ink in their counters (the font's dotted or
slashed zeros), from which an unmarked one is the letter O. A blurred dot may be lost
(11 of the holdout's 54 Liberation Mono zeros showed none); two marked zeros and no
unmarked one besides say the font marks them all."""
INNER_INK = 0.02
"""Least share of a glyph's box (and at least ``MIN_INNER_PX`` pixels) that ink inside
its counter, apart from the outline, covers for a dotted or slashed zero."""
MIN_INNER_PX = 4


def _ink_strip(image: Image, box: Box) -> Image:
    """Otsu ink mask (255 = ink) of ``box`` (card pixels) with the margin
    :func:`ink_columns` takes: x from ``int(box.left) - 2``."""
    h, w = image.shape[:2]
    y0, y1 = max(0, int(box.top) - 2), min(h, int(box.bottom) + 3)
    x0 = max(0, int(box.left) - 2)
    return _otsu_ink(image[y0:y1, x0 : min(w, int(box.right) + 3)])


def _otsu_ink(crop: Image) -> Image:
    """Otsu's ink mask (255 = ink) of a crop of a value's print: the darker class, or the
    lighter one where that is the fewer pixels (light print on a dark band)."""
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.size and np.count_nonzero(ink) > ink.size // 2:
        ink = cv2.bitwise_not(ink)
    out: Image = ink
    return out


GLYPH_HOLES = {"0": 1, "6": 1, "8": 2, "9": 1, "A": 1, "B": 2, "D": 1, "O": 1, "P": 1, "Q": 1,
               "R": 1}
"""Counters (enclosed holes) of a character's glyph in card fonts; other capitals and digits
have none, save ``4``, open in some faces, which :func:`holes_contradicted` leaves out."""
HOLES_OFF = 2
"""Counters a glyph must have more or fewer than its character's for
:func:`holes_contradicted`: one closed by blur or small print (a 6's, an 8's upper loop)
or opened by a speck is common on right readings (9 of 356 on fresh 11111), none of
them two."""
HOLE_MIN_SHARE = 0.03
"""Least area of a counter, a share of its glyph's box: a pinhole of threshold noise in a
stroke is none."""


def glyph_holes(ink: Image) -> int:
    """Counters in one glyph's ink mask (255 = ink): background regions its ink encloses,
    of ``HOLE_MIN_SHARE`` of its box or more."""
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return 0
    least = HOLE_MIN_SHARE * ink.shape[0] * ink.shape[1]
    return sum(1 for c, h in zip(contours, hierarchy[0], strict=True)
               if h[3] >= 0 and cv2.contourArea(c) >= least)


def holes_contradicted(image: Image, box: Box, value: str) -> bool:
    """True when one character of ``value`` (printed in ``box``, card pixels; a glyph of its
    own for each character, :func:`ink_columns`) has two counters more or fewer in its
    glyph (:func:`glyph_holes`, :data:`HOLES_OFF`) than it should (:data:`GLYPH_HOLES`),
    while another with counters shows exactly its own: print whose counters stay open, and
    a glyph that is not the character read (fresh 11111's 0042, a clean
    serif ``713594701`` read ``718594701`` at 0.95, its 3 no 8). Letters in lower case
    and ``4`` tell nothing."""
    chars = [c for c in value if c.isalnum()]
    columns = ink_columns(image, box)
    if len(chars) < MIN_DIGITS or len(columns) != len(chars) or any(c.islower() for c in chars):
        return False
    x0, y0 = max(0, int(box.left) - 2), max(0, int(box.top) - 2)
    ink = _otsu_ink(image[y0 : int(box.bottom) + 3, x0 : int(box.right) + 3])
    holes = [glyph_holes(ink[:, left - x0 : right - x0]) for left, right in columns]
    known = [i for i, c in enumerate(chars) if c != "4"]
    off = {i: abs(holes[i] - GLYPH_HOLES.get(chars[i], 0)) for i in known}
    wrong = [i for i in known if off[i] >= HOLES_OFF]
    shown = [i for i in known if not off[i] and GLYPH_HOLES.get(chars[i], 0)]
    return len(wrong) == 1 and bool(shown)


STEM_LETTERS = frozenset("BDEFHKLMNPR")
"""Capitals drawn on a full-height stem at their left."""
STEM_AT = 0.35
"""Share of a glyph's width, from its left, in which a stem letter's stem stands (a serif
font's feet reach left of it)."""
STEM_SHOWN, STEM_LACKING = 0.7, 0.35
"""Share of a glyph's ink rows that reach its left part (:data:`STEM_AT`) in a stem letter
drawn whole, and under which a glyph has no stem there."""


def _stem_share(glyph: Image) -> float:
    """Share of one glyph's ink rows (its column of the value's Otsu strip) that hold ink
    in its left :data:`STEM_AT` (0-1)."""
    rows = np.flatnonzero(glyph.any(axis=1))
    cols = np.flatnonzero(glyph.any(axis=0))
    if len(rows) < 6 or len(cols) < 3:
        return 1.0  # too small to tell: no contradiction
    g = glyph[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1] > 0
    left = g[:, : max(1, round(STEM_AT * g.shape[1]))]
    return float(left.any(axis=1).mean())


def stem_contradicted(image: Image, box: Box, value: str) -> bool:
    """True when one letter of ``value`` (printed in ``box``, card pixels; a glyph of its
    own for each character, :func:`ink_columns`) that stands on a stem at its left
    (:data:`STEM_LETTERS`) shows none there (:data:`STEM_LACKING`), while another such
    letter shows its own (:data:`STEM_SHOWN`): a glyph that is not the letter read (fresh
    12828's 0213, a photocopy's ``TNM203535056`` read ``ENM…``, a speck at the T's foot).
    Letters in lower case tell nothing."""
    chars = [c for c in value if c.isalnum()]
    stems = [i for i, c in enumerate(chars) if c in STEM_LETTERS]
    if len(stems) < 2 or any(c.islower() for c in chars):
        return False
    columns = ink_columns(image, box)
    if len(chars) < MIN_DIGITS or len(columns) != len(chars):
        return False
    ink = _ink_strip(image, box)
    x0 = max(0, int(box.left) - 2)
    share = {i: _stem_share(ink[:, columns[i][0] - x0 : columns[i][1] - x0 + 1])
             for i in stems}
    lacking = [i for i in stems if share[i] < STEM_LACKING]
    return len(lacking) == 1 and any(share[i] >= STEM_SHOWN for i in stems)


def inner_ink(glyph: Image) -> bool:
    """True when one glyph's ink mask (its column of the value's strip) holds ink inside
    the counter of its outline, apart from it: the dot or bar of a zero that fonts such as
    Liberation Mono or DejaVu Sans Mono mark; never an O, Q or D (none of the holdout's
    letters showed any, 43 of its 54 Liberation Mono zeros did)."""
    rows = np.flatnonzero(glyph.any(axis=1))
    cols = np.flatnonzero(glyph.any(axis=0))
    if len(rows) < 6 or len(cols) < 3:
        return False
    g = (glyph[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1] > 0).astype(np.uint8)
    n, label, stats, _ = cv2.connectedComponentsWithStats(g, connectivity=8)
    if n < 3:
        return False
    outline = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    # The outline's counters: background not reaching the glyph box's edge.
    k, holes, hstats, _ = cv2.connectedComponentsWithStats(
        (label != outline).astype(np.uint8), connectivity=4)
    h, w = g.shape
    inside = np.zeros(g.shape, bool)
    for j in range(1, k):
        x, y, ww, hh = hstats[j, :4]
        if x > 0 and y > 0 and x + ww < w and y + hh < h:
            inside |= holes == j
    area = int(((label > 0) & (label != outline) & inside).sum())
    return bool(area >= max(MIN_INNER_PX, INNER_INK * h * w))


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


# The digit 1 and the letters I and T: settled by the shape of the glyph's top and foot.
#
# Tesseract reads ``I40179873`` as ``140179873`` and ``T56409309`` as ``156409309`` at 0.7-0.9
# confidence, and a card with no template has no format to object. The glyphs differ where
# the ink leaves the stem: a T's bar reaches far to both sides at the top and its foot is
# the stem (or a small serif); a 1's flag leaves the stem to the left only; a serif I has
# matching serifs on both sides at top and foot. A plain bar (a sans-serif I, or the 1 of a
# geometric font) says nothing.

ONE_LIKE = "1IT"
"""The characters :func:`one_letter_evidence` tells apart."""
SLANT = 1.0
"""Most an upright stroke's middle moves between a glyph's rows, in stem widths."""
BAND = 0.2
"""Share of a glyph's height (top or foot) whose ink's reach beside the stem is measured."""
REACH = 0.6
"""Reach beside the stem, in stem widths, from which the ink leaves the stem on that side."""
SERIF_REACH = 0.35
"""Reach beside the stem, in stem widths, of the least serif a serif I shows on each side
(a bold serif I's serifs reach 2 pixels beside a 5-pixel stem)."""
T_BAR = 1.6
"""A T's top is at least this many times as wide as its foot."""
I_SERIFS = (0.7, 1.45)
"""A serif I's top is between these many times as wide as its foot."""
J_HOOK = 1.2
"""Least reach left of the stem, in stem widths, of a J's hook at its foot (holdout 0391's
bold mono J: 2.0, its 1s' feet 1.0-1.7 to both sides, its 7s' 0.75 to the left)."""
MAX_WIDTH = 0.9
"""Widest a 1, I or T glyph is, in glyph heights (a T of a wide font: ~0.65)."""


def stroke_reach(ink: Image) -> tuple[float, float, float, float, float] | None:
    """Of one glyph's ink mask (rows top to bottom, cropped to the glyph's columns): the
    stem's width (pixels) and the ink's reach left and right of the stem at the top band
    and at the foot band, in stem widths: ``(stem, top_left, top_right, foot_left,
    foot_right)``. None when the mask holds no upright stroke."""
    rows = np.flatnonzero(ink.any(axis=1))
    if len(rows) < 6:
        return None
    glyph = ink[rows[0] : rows[-1] + 1] > 0
    height = glyph.shape[0]
    filled = glyph.sum(axis=0)
    stem_cols = np.flatnonzero(filled >= 0.6 * height)
    if len(stem_cols) == 0:
        return None
    left, right = int(stem_cols[0]), int(stem_cols[-1])
    stem = float(right - left + 1)
    # An upright stroke's middle stays put; a 7's slanting stroke moves across the rows.
    middle = glyph[round(0.25 * height) : round(0.85 * height)]
    centres = [float(np.flatnonzero(row).mean()) for row in middle if row.any()]
    if not centres or max(centres) - min(centres) > SLANT * stem:
        return None
    band = max(1, round(BAND * height))

    def reach(part: npt.NDArray[np.bool_]) -> tuple[float, float]:
        cols = np.flatnonzero(part.any(axis=0))
        if len(cols) == 0:
            return 0.0, 0.0
        return max(0, left - int(cols[0])) / stem, max(0, int(cols[-1]) - right) / stem

    return (stem, *reach(glyph[:band]), *reach(glyph[height - band :]))


def one_like_shape(ink: Image) -> str:
    """``"1"``, ``"I"`` or ``"T"`` as the glyph's ink mask shows it (:func:`stroke_reach`),
    ``"J"`` for a J (read as one of them: ``UK1577511856`` of ``UKJ577511856``), or ``"?"``
    when its shape does not settle which."""
    measured = stroke_reach(ink)
    if measured is None:
        return "?"
    _, top_left, top_right, foot_left, foot_right = measured
    top = 1 + top_left + top_right
    foot = 1 + foot_left + foot_right
    if top_left >= 2 * REACH and top_right >= 2 * REACH and top >= T_BAR * foot and _even(
            top_left, top_right):  # a 7's bar leaves its slanting stroke to the right
        return "T"
    if foot_left >= J_HOOK and foot_right <= 0.25 * foot_left and top_right < 0.5 * REACH:
        return "J"  # a hook to the left at the foot only: no 1's foot, no 7
    if top_left >= REACH and top_right <= 0.5 * top_left and top_right < REACH:
        return "1"
    if min(top_left, top_right, foot_left, foot_right) >= SERIF_REACH and (
            I_SERIFS[0] <= top / foot <= I_SERIFS[1]) and _even(top_left, top_right) and (
            _even(foot_left, foot_right)):
        return "I"
    return "?"


def _even(left: float, right: float) -> bool:
    """True when reaches left and right of a stem are alike (within a factor of 2)."""
    return max(left, right) <= 2 * min(left, right)


def one_letter_evidence(image: Image, box: Box, value: str) -> dict[int, str]:
    """For each 1, I or T of ``value``, and each 7 printed as a T, what its printed shape
    says (:func:`one_like_shape`),
    keyed by position in ``value``, for those whose ink can be told apart
    (:func:`matched_columns`). A plain bar read 1 where another glyph read 1 shows the 1's
    flag is the letter I (:func:`plain_bars`): one font prints both. A J's shape counts
    only beside such a 1 too (a bold italic serif 1 leans on a foot like a J's hook)."""
    positions = [i for i, c in enumerate(value) if c in ONE_LIKE or c == "7"]
    shapes = shapes_at(image, box, value, positions)
    # A 7's slanting stroke settles nothing of the three, but a T's even bar over an
    # upright stem read 7 (``739191`` of ``T39191``) is a T.
    shapes = {i: said for i, said in shapes.items() if value[i] != "7" or said == "T"}
    flagged = [i for i, said in shapes.items() if said == "1" and value[i] == "1"]
    if not flagged:
        shapes = {i: "?" if said == "J" else said for i, said in shapes.items()}
    else:
        bars = plain_bars(image, box, value,
                          [i for i in positions if value[i] == "1" and shapes.get(i) == "?"])
        shapes.update(dict.fromkeys(bars, "I"))
    return shapes


PLAIN_REACH = 0.3
"""Most reach beside the stem (stem widths) at a plain bar's top and foot: no flag, at
most a hairline serif (holdout 0295's I of ``IAL8016510026``: 0 on a 3-pixel stem, its 1s'
flags 1.0; fresh range 6666's serif I of ``IH7518478``: 0.25, one pixel beside a 4-pixel
stem, its 1's flag 0.67)."""
PLAIN_JITTER_PX = 1.0
"""Reach (pixels) beside a thin stem that is a plain bar's edge, not a flag: a pixel the
threshold takes here and there beside a 3-pixel stem (fresh range 10101's 0287, the sans
I of ``I34157686``: 0.33 stem widths right of its top, its 1's flag 1.67), under
``PLAIN_REACH`` of a stem 4 pixels wide or more. Not left of the top, where a small 1's
flag may be a pixel too (fresh 10404's 0128: ``19597``'s 1, 1 px left of a 3-pixel stem)."""


def plain_bars(image: Image, box: Box, value: str, positions: Sequence[int]) -> list[int]:
    """Of ``positions`` in ``value`` (printed at ``box``, card pixels), those whose glyph
    is a plain upright bar (:func:`stroke_reach`: nothing beside the stem at top or foot
    beyond :data:`PLAIN_REACH`, or :data:`PLAIN_JITTER_PX` but left of its top)."""
    inks = _glyph_inks(image, box, value, positions)
    out = []
    for i, glyph in inks.items():
        measured = stroke_reach(glyph)
        if measured is None:
            continue
        stem, top_left, *rest = measured
        # A 1's flag leaves the top to the left: there even a pixel counts.
        if top_left <= PLAIN_REACH and max(rest) * stem <= max(PLAIN_REACH * stem,
                                                               PLAIN_JITTER_PX):
            out.append(i)
    return out


MONO_STEP = 0.04
"""Most difference, as a share of a value's pitch between its digits (glyph centre to
centre), of the step from its last opening letter to the glyph after it, for the two to
stand at the digits' pitch: a monospaced print. Ink centres move with a glyph's shape by a
few per cent (a P's bowl); a proportional face's letter steps 5-11% off its digits'
pitch (fresh ranges' ``P05178328``, ``N08673327``, ``B03160319``). Not always: DejaVu
Sans' P and S have a digit's advance, and Courier's 0 is bare like its O; such a value is
doubted (a person looks), never misread."""


def bare_zero_at_pitch(image: Image, box: Box, value: str) -> bool:
    """True when ``value`` (printed at ``box``, card pixels) opens its digits, right after
    its opening letters, with its only 0, printed bare (no dot or slash in its counter:
    :func:`inner_ink`), at the digits' pitch from the letter before it
    (:data:`MONO_STEP`): a monospaced print, whose O is as wide as its 0, so the glyph's
    width cannot tell the two (:func:`o_zero_evidence` takes it for a 0), and Liberation
    and DejaVu Mono mark their zeros (14848's 0263: ``SO6534286243`` in Liberation Mono,
    the O 15 px beside digits of 15-17, read ``S0…``; 14141's 0224: DejaVu Mono's
    ``SO7294917``). Both engines read such a glyph as the digits after it suggest. False
    when the ink cannot be matched to the characters."""
    at = len(value) - len(value.lstrip(string.ascii_uppercase))
    if not at or value[at : at + 1] != "0" or value.count("0") != 1 or not (
            value[at:].isdigit()):
        return False
    matched = matched_columns(ink_columns(image, box), range(len(value)))
    glyphs_at = range(at - 1, len(value))
    if any(i not in matched for i in glyphs_at):
        return False
    centres = {i: (matched[i][0] + matched[i][1]) / 2 for i in glyphs_at}
    steps = sorted(centres[i + 1] - centres[i] for i in range(at, len(value) - 1))
    if len(steps) < MIN_DIGITS:
        return False
    pitch = steps[len(steps) // 2]
    if abs(centres[at] - centres[at - 1] - pitch) > MONO_STEP * pitch:
        return False
    ink = _ink_strip(image, box)
    x0 = max(0, int(box.left) - 2)
    left, right = matched[at]
    return not inner_ink(ink[:, left - x0 : right - x0])


ZERO_RUN_SPREAD = 0.06
"""Most difference in width, as a share of the widest, among a run of round glyphs read 0
for them to be one glyph printed again (a pixel at least): a proportional face's letter O
is a sixth to a half wider than its 0."""
ZERO_RUN_MIN = 2
"""Fewest 0s in a run, a letter's neighbour among them, for :func:`zero_run_settled` to
measure one against the others (a sample card's mock ``WLE00099999``, ``XH0099``)."""


def zero_run_settled(image: Image, box: Box, value: str, places: Sequence[int]) -> bool:
    """True when each of ``places`` (positions in ``value``, printed at ``box``, card
    pixels, of a 0 beside a letter the engines cannot tell from an O) stands in a run of
    at least ``ZERO_RUN_MIN`` 0s whose glyphs are one width (``ZERO_RUN_SPREAD``), in a
    proportional print (a step from a letter to its neighbour off the digits' pitch by
    more than :data:`MONO_STEP`): the glyph is the zeros' own, where an O would be wider.
    A monospaced face's O is a 0's width, so nothing is settled there. False with no
    places, or where the ink cannot be matched to the characters."""
    if not places or any(value[i] != "0" for i in places):
        return False
    matched = matched_columns(ink_columns(image, box), range(len(value)))
    centre = {i: (left + right) / 2 for i, (left, right) in matched.items()}
    pairs = [i for i in range(len(value) - 1) if i in centre and i + 1 in centre]
    steps = sorted(centre[i + 1] - centre[i] for i in pairs
                   if value[i].isdigit() and value[i + 1].isdigit())
    if len(steps) < MIN_DIGITS:
        return False
    pitch = steps[len(steps) // 2]
    if not any(abs(centre[i + 1] - centre[i] - pitch) > MONO_STEP * pitch for i in pairs
               if value[i].isalpha() or value[i + 1].isalpha()):
        return False  # every letter at the digits' pitch: a monospaced print
    for place in places:
        start = len(value[:place]) - len(value[:place].rstrip("0"))
        run = range(place - start, place + len(value[place:]) - len(value[place:].lstrip("0")))
        widths = [matched[i][1] - matched[i][0] for i in run if i in matched]
        if len(run) < ZERO_RUN_MIN or len(widths) < len(run) or (
                max(widths) - min(widths) > max(1.0, ZERO_RUN_SPREAD * max(widths))):
            return False
    return True


def bare_leading_one(image: Image, box: Box, value: str, fits: Callable[[str], bool]) -> bool:
    """True when ``value`` (printed at ``box``, card pixels) opens its digits (at its start,
    or right after its opening letters) with a 1 printed as a plain bar
    (:func:`plain_bars`), where the format takes an I too, and no other 1 of the value is
    a plain bar: a font's 1 carries a flag, a sans I is a bar (9595's 0353,
    ``I44603408`` read ``144603408`` by both engines; on sixteen ranges no trusted value
    opening with a printed 1 had a bare bar there, 17 opening with an I had; 13939's 0096,
    ``XI4923786`` read ``X14923786``, a prefix's second letter, where it is the value's
    only 1: a small bold font's flags differ by a pixel, 13939's 0260). Too little to
    correct (one glyph, no flagged 1 beside it: :func:`one_letter_evidence` corrects where
    there is), enough to doubt. False when the ink cannot be matched."""
    at = len(value) - len(value.lstrip(string.ascii_uppercase))
    if value[at : at + 1] != "1" or not fits(value[:at] + "I" + value[at + 1 :]):
        return False
    ones = [i for i, c in enumerate(value) if c == "1"]
    if at and ones != [at]:
        return False  # after a prefix, only a lone 1 (13939's 0260: G171954's small flags)
    return plain_bars(image, box, value, ones) == [at]


def _glyph_inks(
    image: Image, box: Box, value: str, positions: Sequence[int]
) -> dict[int, Image]:
    """The ink mask (:func:`_ink_strip`'s rows, the glyph's columns) of each character of
    ``value`` at ``positions`` the ink can be matched to (:func:`matched_columns`)."""
    if not positions:
        return {}
    column_of = matched_columns(ink_columns(image, box),
                                [i for i, c in enumerate(value) if c.isalnum()])
    if not column_of:
        return {}
    ink = _ink_strip(image, box)
    x0 = max(0, int(box.left) - 2)
    return {i: ink[:, column_of[i][0] - x0 : column_of[i][1] - x0]
            for i in positions if i in column_of}


def shapes_at(image: Image, box: Box, value: str, positions: Sequence[int]) -> dict[int, str]:
    """What the printed shape (:func:`one_like_shape`: ``1``, ``I``, ``T`` or ``?``) of the
    characters of ``value`` at ``positions`` says, for those the ink can be matched to."""
    out: dict[int, str] = {}
    for i, glyph in _glyph_inks(image, box, value, positions).items():
        tall = glyph.any(axis=1).sum()
        # Too wide for one of these glyphs: two glyphs that touch.
        out[i] = one_like_shape(glyph) if glyph.shape[1] <= MAX_WIDTH * tall else "?"
    return out


def swapped_places(value: str, other: str) -> list[int]:
    """The places where ``other``, as long as ``value``, reads another character; empty
    when the two are alike or of other lengths (no reading of the same glyphs)."""
    if len(other) != len(value):
        return []
    return [i for i, (a, b) in enumerate(zip(value, other, strict=True)) if a != b]


def o_zero_settled(
    image: Image, box: Box, value: str, other: str, fits: Callable[[str], bool]
) -> bool:
    """True when ``other`` differs from ``value`` (printed at ``box``) only by O for 0 or 0
    for O, and the printed width of each such glyph says ``value``'s character
    (:func:`o_zero_evidence`): a closer reading's ``396333UY00`` for a wide O is no rival."""
    diff = swapped_places(value, other)
    if not diff:
        return False
    if any({value[i], other[i]} != {"O", "0"} for i in diff):
        return False
    evidence = o_zero_evidence(image, box, value, fits)
    return all(evidence.get(i) == value[i] for i in diff)


def sevens_read_as_ones(image: Image, box: Box, value: str, other: str) -> bool:
    """True when ``other`` is ``value`` (printed at ``box``) with some 7s read as 1s, and
    none of those glyphs has a 1's shape. Enlarged readings of clean print have that habit
    (``77953450L`` read ``17953450L`` at 50-pixel letters, right at 35)."""
    diff = swapped_places(value, other)
    if not diff:
        return False
    if any((value[i], other[i]) != ("7", "1") for i in diff):
        return False
    return "1" not in shapes_at(image, box, value, diff).values()


def one_letters_settled(image: Image, box: Box, value: str, other: str) -> bool:
    """True when ``other`` differs from ``value`` (printed at ``box``) only by a 1, I or T
    read as another of the three, and the printed shape of each such glyph
    (:func:`one_like_shape`) says ``value``'s character: a closer reading's ``D101374104``
    for the print's ``DI01374104`` is no rival."""
    diff = swapped_places(value, other)
    if not diff:
        return False
    if any(value[i] not in ONE_LIKE or other[i] not in ONE_LIKE for i in diff):
        return False
    shapes = shapes_at(image, box, value, diff)
    return all(shapes.get(i) == value[i] for i in diff)


def extra_one_settled(image: Image, box: Box, value: str, other: str) -> bool:
    """True when ``other`` is ``value`` (printed at ``box``) with one 1, I or T more between
    two digits (a thin stroke made up in the gap between them: ``YQH9I990042``), and the
    print has no room for it: one ink column per character of ``value`` (or, where glyphs
    before the two digits run together, a bold serif ``JR``, no more columns than
    characters, and one per digit from the first of the two to the end, counted from the
    right); each of those digits' columns no wider than ``LONE_DIGIT_WIDTH`` times the
    digits' median (no extra character glued to a neighbour, no two digits run together)
    and, but for a 1, no narrower than ``THIN_DIGIT_WIDTH`` times it; the two digits not
    of a 1's shape (:func:`one_like_shape`): a printed 1 there would be counted in a
    digit's place."""
    if len(other) != len(value) + 1:
        return False
    at = [i for i in range(1, len(value)) if other[i] in ONE_LIKE
          and other[:i] + other[i + 1:] == value and value[i - 1].isdigit() and value[i].isdigit()]
    chars = [i for i, c in enumerate(value) if c.isalnum()]
    columns = ink_columns(image, box)
    if not at or not columns or len(columns) > len(chars):
        return False
    column_of = dict(zip(chars[len(chars) - len(columns):], columns, strict=True))
    width = {i: right - left for i, (left, right) in column_of.items()}
    digits = sorted(w for i, w in width.items() if value[i].isdigit())
    median = max(1, digits[len(digits) // 2]) if digits else 1
    ink = _ink_strip(image, box)
    x0 = max(0, int(box.left) - 2)
    for i in at:
        near = [k for k in chars if k >= i - 1] if len(columns) < len(chars) else [i - 1, i]
        if any(k not in width or not value[k].isdigit() for k in near):
            return False
        if any(width[k] > LONE_DIGIT_WIDTH * median or (
                value[k] != "1" and width[k] < THIN_DIGIT_WIDTH * median) for k in near):
            return False
        if any(value[k] != "1" and one_like_shape(
                ink[:, column_of[k][0] - x0:column_of[k][1] - x0]) in ONE_LIKE
               for k in (i - 1, i)):  # a 7's bar may pass for a T's: only where it matters
            return False
    return True


THIN_DIGIT_WIDTH = 0.75
"""Narrowest a digit other than 1 prints, in the digits' median widths (a 1 is ~0.7; most
digits of a font share one width)."""
LONE_DIGIT_WIDTH = 1.25
"""Widest a digit's ink column may be, in the digits' median widths, to hold one glyph: a
thin 1 glued to a digit makes a column of ~1.4 (digits' ink varies within ~1.15)."""


def one_letters_corrected(image: Image, box: Box, value: str) -> str | None:
    """``value`` with each 1, I or T whose printed shape says another of the three put
    right; None when no shape contradicts the reading."""
    evidence = one_letter_evidence(image, box, value)
    wrong = {i: said for i, said in evidence.items() if said != "?" and said != value[i]}
    if not wrong:
        return None
    return "".join(wrong.get(i, c) for i, c in enumerate(value))


# G or 6: by the glyph's closed counter. Tesseract reads a condensed sans G as 6
# (``6484685`` for ``G484685``, ``6804354`` for ``G804354``) at 0.75-0.8 confidence, and
# closer reads have the habit too; a card with no template has no format to object. The
# 6's bowl closes a counter; the G's opens to the right between its arm and its bar.

COUNTER_DIGITS = "0689"
"""Digits whose print closes a counter (a 4's is open in some fonts)."""
MIN_COUNTER = 0.03
"""Least share of a glyph's box (and at least ``MIN_COUNTER_PX`` pixels) that a closed
counter covers: smaller enclosed specks are noise (condensed sans 6 at 21 px: 0.14)."""
MIN_COUNTER_PX = 4
MIN_COUNTERED = 2
"""Other glyphs of the value read as digits with a counter, all showing one, from which
the print is known to keep its counters open to the eye (not filled by blur)."""


def counters(glyph: Image) -> int:
    """Closed counters of one glyph's ink mask (:func:`_glyph_inks`): background regions,
    4-connected, that the ink encloses (not reaching the glyph box's edge), of at least
    ``MIN_COUNTER`` of the box. 0 for a mask with too little ink to tell."""
    rows = np.flatnonzero(glyph.any(axis=1))
    cols = np.flatnonzero(glyph.any(axis=0))
    if len(rows) < 6 or len(cols) < 3:
        return 0
    g = glyph[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1] == 0
    k, _, stats, _ = cv2.connectedComponentsWithStats(g.astype(np.uint8), connectivity=4)
    h, w = g.shape
    least = max(MIN_COUNTER_PX, MIN_COUNTER * h * w)
    return sum(
        1 for j in range(1, k)
        if stats[j, 0] > 0 and stats[j, 1] > 0 and stats[j, 0] + stats[j, 2] < w
        and stats[j, 1] + stats[j, 3] < h and stats[j, cv2.CC_STAT_AREA] >= least)


BOWL_ROW = 0.75
"""Height (share of the glyph's, from its top) of the row through a 6's bowl and a G's
lower counter."""
MOUTH_ROW = 0.6
"""Lowest reach (share of the glyph's height) of a G's mouth on its right side: the
counter of a 6 worn open lower down (a thin stroke's foot broken by glare or JPEG) says
nothing."""


def bowl_shape(glyph: Image) -> str:
    """``"6"`` when the counter through the lower part of one glyph's ink mask is closed,
    ``"G"`` when it opens to the right over a G's bar (:func:`_bowl_shape`), also with the
    ink grown a pixel each way (a G's neck between its bar and its stem is wide; a 6's bowl
    worn open a pixel or two, into its hook and out of it, is not), ``"?"`` otherwise."""
    said = _bowl_shape(glyph)
    if said != "G":
        return said
    grown = cv2.dilate((glyph > 0).astype(np.uint8), np.ones((3, 3), np.uint8))
    return "G" if _bowl_shape(grown) == "G" else "?"


def _bowl_shape(glyph: Image) -> str:
    """``"6"`` when the counter through the lower part of one glyph's ink mask (at
    ``BOWL_ROW``) is closed (:func:`counters`' rule), ``"G"`` when it opens only out of the
    glyph's right side above ``MOUTH_ROW`` of its height or out of its top (a G's mouth over
    its bar), ``"?"`` otherwise (no counter there, or one leaking lower down or left)."""
    rows = np.flatnonzero(glyph.any(axis=1))
    cols = np.flatnonzero(glyph.any(axis=0))
    if len(rows) < 6 or len(cols) < 3:
        return "?"
    ink = glyph[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1] > 0
    h, w = ink.shape
    y = min(h - 1, round(BOWL_ROW * (h - 1)))
    inked = np.flatnonzero(ink[y])
    if len(inked) < 2:
        return "?"
    gaps = [x for x in range(int(inked[0]) + 1, int(inked[-1])) if not ink[y, x]]
    if not gaps:
        return "?"
    _, labels = cv2.connectedComponents((~ink).astype(np.uint8), connectivity=4)
    part = labels == labels[y, gaps[len(gaps) // 2]]
    if int(part.sum()) < max(MIN_COUNTER_PX, MIN_COUNTER * h * w):
        return "?"
    ys_left, ys_right = np.flatnonzero(part[:, 0]), np.flatnonzero(part[:, -1])
    if not (part[-1].any() or len(ys_left) or len(ys_right) or part[0].any()):
        return "6"
    if part[-1].any() or len(ys_left) or not (len(ys_right) or part[0].any()) or (
            len(ys_right) and ys_right.max() > MOUTH_ROW * h):
        return "?"
    return "G"


def g_six_evidence(
    image: Image, box: Box, value: str, fits: Callable[[str], bool]
) -> dict[int, str]:
    """For each G or 6 of ``value`` (printed in ``box``, card pixels) where the format
    fits either (``fits``), what its counters say (:func:`counters`): ``"6"`` for one,
    ``"G"`` for none, ``"?"`` otherwise; only where at least ``MIN_COUNTERED`` other
    glyphs read 0, 6, 8 or 9 can be matched to their ink and every one of them shows a
    counter (a blurred print fills a 6's bowl). Empty when nothing can be told."""
    swap = {"G": "6", "6": "G"}
    open_positions = [i for i, c in enumerate(value)
                      if c in swap and fits(value[:i] + swap[c] + value[i + 1 :])]
    if not open_positions:
        return {}
    countered = [i for i, c in enumerate(value) if c in COUNTER_DIGITS]
    inks = _glyph_inks(image, box, value, sorted(set(open_positions) | set(countered)))
    shown = {i: counters(glyph) for i, glyph in inks.items()}
    out: dict[int, str] = {}
    for pos in [p for p in open_positions if p in shown]:
        others = [shown[i] for i in countered if i != pos and i in shown]
        if len(others) < MIN_COUNTERED or min(others) < 1:
            continue
        out[pos] = bowl_shape(inks[pos])
    return out


def g_six_corrected(
    image: Image, box: Box, value: str, fits: Callable[[str], bool]
) -> str | None:
    """``value`` with each G or 6 whose counters (:func:`g_six_evidence`) say the other
    one swapped, when the result fits the format (``fits``); the value unchanged when it
    does not; None when no glyph contradicts the reading."""
    evidence = g_six_evidence(image, box, value, fits)
    wrong = {i: said for i, said in evidence.items() if said != "?" and said != value[i]}
    if not wrong:
        return None
    fixed = "".join(wrong.get(i, c) for i, c in enumerate(value))
    return fixed if fits(fixed) else value


# Q or O (or 0): by the Q's tail. Tesseract reads a serif Q as O (``OYY0120454802`` for
# ``QYY0120454802``, ``WON…`` for ``WQN…``) with 0.6-0.85 confidence, and a format with
# letters there cannot object. The tail reaches below the line's baseline, where no other
# capital or digit of an identifier does.

TAIL_DROP = 0.12
"""Least drop, in the value's median glyph heights, of a glyph's lowest ink below the
baseline its neighbours share, for a tail (a Q's; holdout-like serif Qs: 0.2-0.25)."""
def glyph_bottoms(image: Image, box: Box) -> list[tuple[int, int, int]]:
    """Of each ink column of the value printed in ``box`` (card pixels;
    :func:`ink_columns`): the top and bottom row (card pixels) of the ink connected to its
    glyph, a descender followed below the box's foot (at most half the box's height), and
    the column's left x. Specks (components shorter than :func:`ink_columns`' letters)
    are no part of a glyph."""
    columns = ink_columns(image, box)
    if not columns:
        return []
    h, w = image.shape[:2]
    y0, x0 = max(0, int(box.top) - 2), max(0, int(box.left) - 2)
    y1 = min(h, int(box.bottom) + 3 + int(0.5 * box.height))
    tall = 0.3 * (min(h, int(box.bottom) + 3) - y0)  # as ink_columns counts a glyph
    strip = _otsu_ink(image[y0:y1, x0 : min(w, int(box.right) + 3)])
    n, _, stats, _ = cv2.connectedComponentsWithStats(strip, connectivity=8)
    parts = [(x0 + int(stats[k, 0]), x0 + int(stats[k, 0] + stats[k, 2]), y0 + int(stats[k, 1]),
              y0 + int(stats[k, 1] + stats[k, 3]) - 1)
             for k in range(1, n) if stats[k, 3] >= tall]
    out = []
    for left, right in columns:
        mine = [(top, bottom) for a, b, top, bottom in parts
                if min(b, right) - max(a, left) > 0.5 * (b - a)]
        if mine:
            out.append((min(t for t, _ in mine), max(bt for _, bt in mine), left))
    return out


END_OFF_LINE = 0.3
"""Shift, in glyph heights, of both the top and the foot of a value's first or last glyph
the same way off the line its other glyphs share, from which that glyph is no print of the
value (:func:`end_off_line`)."""


def end_off_line(image: Image, box: Box, value: str) -> bool:
    """True when the first or last glyph of ``value`` printed in ``box`` (card pixels;
    :func:`glyph_bottoms`) stands :data:`END_OFF_LINE` glyph heights above or below the
    line of the others, top and foot alike: a dashed frame's upright side or a mark, not a
    character (13636's 0177: ``079646`` in a dashed frame read ``10796461`` by the second
    engine, the frame's left side half a glyph below the digits, its right side half a
    glyph above). A capital's descender (a J's, a Q's) drops only the foot; an end read as
    a small letter (a g's, a j's x-height and tail) is not judged. Nothing for fewer than
    four glyphs."""
    spans = glyph_bottoms(image, box)
    if len(spans) < 4:
        return False
    top = float(np.median([t for t, _, _ in spans[1:-1]]))
    foot = float(np.median([b for _, b, _ in spans[1:-1]]))
    reach = END_OFF_LINE * max(foot - top, 1.0)
    ends = [span for span, ch in ((spans[0], value[:1]), (spans[-1], value[-1:]))
            if not ch.islower()]
    return any(min(t - top, b - foot) > reach or max(t - top, b - foot) < -reach
               for t, b, _ in ends)


MAX_TAIL = 0.6
"""Most a tail drops below the baseline, in glyph heights: lower ink is a rule or the
card's edge, not a letter's."""


def tail_columns(image: Image, box: Box) -> list[bool]:
    """For each ink column of the value printed in ``box`` (card pixels;
    :func:`ink_columns`), whether its glyph drops below the value's baseline by
    :data:`TAIL_DROP` glyph heights (:func:`baseline_drops`): a Q's tail. A glyph whose top
    is off the line of the others' tops, or that drops over :data:`MAX_TAIL`, is no letter
    with a tail (the card's edge, a rule). Empty for fewer than five glyphs."""
    measured = baseline_drops(image, box)
    if measured is None:
        return []
    drops, tops, height = measured
    top_line = float(np.median(tops))
    return [TAIL_DROP * height <= drop <= MAX_TAIL * height
            and abs(top - top_line) <= TAIL_DROP * height
            for drop, top in zip(drops, tops, strict=True)]


def baseline_drops(image: Image, box: Box) -> tuple[list[float], list[int], float] | None:
    """For each ink column of the value printed in ``box`` (card pixels), how far (pixels)
    its glyph's lowest ink drops below the value's baseline, and its top row; with the
    median glyph height (pixels). The baseline is the line through the glyphs' lowest ink
    that most of them sit on (Theil-Sen: the median of the slopes between pairs, a tilted
    line's included; two Qs side by side do not move it). None for fewer than
    :data:`MIN_BASELINE_GLYPHS` glyphs or glyphs not one per ink column."""
    got = _remembered("drops", image, box, lambda: _baseline_drops(image, box))
    return None if got is None else (list(got[0]), list(got[1]), got[2])


def _baseline_drops(
    image: Image, box: Box
) -> tuple[tuple[float, ...], tuple[int, ...], float] | None:
    spans = glyph_bottoms(image, box)
    if len(spans) < MIN_BASELINE_GLYPHS or len(spans) != len(ink_columns(image, box)):
        return None
    xs = [float(left) for _, _, left in spans]
    ys = [float(bottom) for _, bottom, _ in spans]
    slope = float(np.median([(ys[b] - ys[a]) / (xs[b] - xs[a])
                             for a, b in itertools.combinations(range(len(xs)), 2)
                             if xs[b] != xs[a]]))
    offset = float(np.median([y - slope * x for x, y in zip(xs, ys, strict=True)]))
    height = max(1.0, float(np.median([bottom - top for top, bottom, _ in spans])))
    drops = tuple(y - (slope * x + offset) for x, y in zip(xs, ys, strict=True))
    return drops, tuple(top for top, _, _ in spans), height


MIN_BASELINE_GLYPHS = 5
"""Glyphs a value needs for its baseline to be known."""


def tailed(image: Image, box: Box, value: str) -> dict[int, bool]:
    """For each character of ``value`` (printed in ``box``, card pixels), whether its glyph
    shows a tail (:func:`tail_columns`), when each character has an ink column of its own;
    else empty."""
    chars = [i for i, c in enumerate(value) if c.isalnum()]
    tails = tail_columns(image, box)
    if len(tails) != len(chars):
        return {}
    return dict(zip(chars, tails, strict=True))


def q_corrected(image: Image, box: Box, value: str, fits: Callable[[str], bool]) -> str | None:
    """``value`` with each O or 0 whose glyph shows a Q's tail (:func:`tailed`) a Q, when
    no other character of the value shows one (a tail under every glyph is a slanted or
    smeared line, not a Q) and the result fits the format (``fits``); the value unchanged
    when it does not fit; None when no O or 0 shows a tail."""
    tails = tailed(image, box, value)
    marked = [i for i, t in tails.items() if t]
    if not marked or any(value[i] not in "O0" for i in marked):
        return None
    fixed = "".join("Q" if i in marked else c for i, c in enumerate(value))
    return fixed if fits(fixed) else value


def q_settled(image: Image, box: Box, value: str, other: str) -> bool:
    """True when ``other`` differs from ``value`` (printed at ``box``) only by an O or 0 for
    a Q of ``value``, and the print shows a tail (:func:`tailed`) under each of those Qs
    and under no other glyph: a closer reading's ``ONW625247023`` for a tailed ``Q`` is no
    rival."""
    diff = swapped_places(value, other)
    if not diff:
        return False
    if any(value[i] != "Q" or other[i] not in "O0" for i in diff):
        return False
    tails = tailed(image, box, value)
    return bool(tails) and {i for i, t in tails.items() if t} == {
        i for i, c in enumerate(value) if c == "Q"}


def q_unsettled(image: Image, box: Box, value: str, other: str) -> bool:
    """True when ``other`` differs from ``value`` (printed at ``box``) only by a Q for an
    O or 0 of ``value``, and the print shows a tail (:func:`tailed`) under none of its
    glyphs: a closer reading's ``TQ0099999`` of a tailless ``T00099999`` is no rival
    (fresh 10909's 0255)."""
    diff = swapped_places(value, other)
    if not diff:
        return False
    if any(other[i] != "Q" or value[i] not in "O0" for i in diff):
        return False
    tails = tailed(image, box, value)
    return bool(tails) and not any(tails.values())


def q_tail_doubt(image: Image, box: Box, value: str, fits: Callable[[str], bool]) -> bool:
    """True when the print of ``value`` (in ``box``, card pixels) shows a tail
    (:func:`tail_columns`) though the reading holds no Q (nor a J, which some fonts drop
    below the line), and an O or 0 of it could be a Q (``fits``): a Q read O whose ink
    cannot be matched to the characters (``WON…`` of ``WQN…`` in bold serif print, its W
    split in two columns, digits run together)."""
    if "Q" in value or "J" in value or not any(tail_columns(image, box)):
        return False
    return any(c in "O0" and fits(value[:i] + "Q" + value[i + 1 :]) for i, c in enumerate(value))


def q_untailed(image: Image, box: Box, value: str, fits: Callable[[str], bool]) -> bool:
    """True when a Q of ``value`` (printed at ``box``, card pixels), at a place the format
    would take an O or 0 too, shows no tail below the line (:func:`tailed`, each glyph
    matched to its character) while another Q of it does, its foot clearly lower: a round
    glyph OCR took for a Q (Medicare's ``7E02HQ…`` read ``7EQ2HQ…``). A font's Q whose
    tail stays on the line shows none anywhere, so a lone untailed Q says nothing. False
    when the glyphs cannot be matched."""
    opens = [i for i, c in enumerate(value) if c == "Q" and any(
        fits(value[:i] + o + value[i + 1:]) for o in "O0")]
    tails = tailed(image, box, value)
    measured = baseline_drops(image, box)
    if not opens or not tails or measured is None:
        return False
    drops = dict(zip(sorted(tails), measured[0], strict=True))
    tailed_qs = [drops[i] for i, c in enumerate(value) if c == "Q" and tails[i]]
    # Clearly above the tailed Q's foot: a Q of the same print whose tail the baseline's
    # fit only half caught (two Qs dropping alike) is no round glyph.
    return bool(tailed_qs) and any(
        not tails[i] and max(tailed_qs) - drops[i] >= TAIL_DROP * measured[2] for i in opens)


ROW_GAP_PX = 2
"""Fewest ink-free pixel rows between two lines of print in one OCR box (a small label
stacked on its value, which Tesseract may box with it) for them to count as two."""
ROW_MIN_SHARE = 0.3
"""Least height of a line of print, as a share of the box's tallest: thinner runs of ink
are the descenders of the line above or the tops of the one below that the box grazes
(one or two pixels), no line of their own. A small label is ~0.4 of its value's."""


def text_rows(image: Image, box: Box) -> list[tuple[int, int]]:
    """The lines of print inside ``box`` (card pixels): (top, bottom) card-frame y of each
    run of pixel rows holding ink, runs closer than ``ROW_GAP_PX`` joined, top to bottom,
    save runs under ``ROW_MIN_SHARE`` of the tallest's height.
    A box OCR gave a small label and the value under it (``ID#`` over ``541254276``)
    holds two."""
    h, w = image.shape[:2]
    y0, y1 = max(0, int(box.top)), min(h, int(box.bottom) + 1)
    x0, x1 = max(0, int(box.left)), min(w, int(box.right) + 1)
    if y1 - y0 < 2 or x1 - x0 < 2:
        return []
    ink = _otsu_ink(image[y0:y1, x0:x1])
    inked = np.flatnonzero(np.count_nonzero(ink, axis=1) >= max(2, (x1 - x0) // 100))
    rows: list[tuple[int, int]] = []
    for y in inked.tolist():
        if rows and y - rows[-1][1] < ROW_GAP_PX:
            rows[-1] = (rows[-1][0], y + 1)
        else:
            rows.append((y, y + 1))
    tallest = max((b - a for a, b in rows), default=0)
    return [(y0 + a, y0 + b) for a, b in rows if b - a >= ROW_MIN_SHARE * tallest]


FAINT_INK = 14
"""Grey levels (0-255) under the paper around a value from which a pixel is print: a
glare's veil lifts print towards the paper (a value's start at 205-230 on 249 paper), which
Otsu's split between the value's dark print and the paper leaves out."""
GLYPH_HEIGHT = 0.4
"""Least height of a glyph's ink, a share of the value's row."""
MIN_GLYPH_WIDTH = 0.25
"""Least width of faint print taken for a glyph, a share of the value's median glyph width
(a one-pixel column is a card's edge or a shadow's)."""
FADED_SHARE = 0.5
"""Least share of the way from the value's darkest print to the paper by which faint
print's darkest is lifted: veiled print (7777's 0091: 0.7), not print as dark as the
value's (labels and values set close: 0.0-0.4)."""
PAPER_PERCENTILE = 90.0
"""Percentile of the grey levels around a value taken for its paper."""


ROW_MARGIN = 0.25
"""Share of a value's box height measured over and under it for print beside it
(:func:`print_beside`)."""
TALLEST_BESIDE = 1.3
"""Tallest print beside a value taken for a glyph, in the value's tallest glyph's heights
(a callout's disc, a stripe, a rule run on over and under the row)."""
GLYPH_SHARE = 0.6
"""Least height of a glyph's ink, a share of the tallest glyph of the value: a row OCR
boxed taller than its print (an explainer's circle's dots above and under it: 11313's
0264, a 60 px box over 23 px digits) leaves its first glyph under ``GLYPH_HEIGHT``."""


def print_beside(image: Image, box: Box, *, before: bool) -> tuple[int, int, float] | None:
    """The left and right x (card pixels) of print (``FAINT_INK`` under the paper around
    it, measured there: no fixed level) just before the first glyph (``before``) or after
    the last of the value printed in ``box`` of ``image`` (the card before enhancement,
    grey or BGR), closer than a word space (``SPACE_WIDTH``) and no wider than a glyph
    (``MERGED_WIDTH``), with how far its darkest is lifted towards the paper from the
    value's darkest (0 as dark as the value, 1 paper). None when there is none or it cannot
    be told (fewer than three glyphs)."""
    h = max(box.height, 1.0)
    height, width = image.shape[:2]
    x0 = max(0, int(box.left - 2 * h) if before else int(box.left))
    x1 = min(width, int(box.right) + 1 if before else int(box.right + 2 * h) + 1)
    # Rows a little over and under the box's: ink that runs on past them is taller than
    # the value's glyphs.
    y0 = max(0, int(box.top - ROW_MARGIN * h))
    y1 = min(height, int(box.bottom + ROW_MARGIN * h) + 1)
    crop = image[y0:y1, x0:x1]
    if crop.size == 0 or x1 - x0 < 2:
        return None
    if crop.ndim == 3:
        crop = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    paper = float(np.percentile(crop, PAPER_PERCENTILE))
    ink = (crop < paper - FAINT_INK).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tallest = max((int(stats[k, 3]) for k in range(1, n)
                   if box.left <= stats[k, 0] + x0 + stats[k, 2] / 2 < box.right), default=0)
    tall = min(GLYPH_HEIGHT * h, GLYPH_SHARE * tallest)
    # Ink cut by the crop's outer end runs on past it: a coloured band at the card's
    # side, a rule (11313's 0203, a teal stripe 2 heights before its member ID), no glyph;
    # nor is ink taller than the value's glyphs, or running on over or under its row
    # (11414's 0237, a callout's disc beside the value, most of it above).
    outer = 0 if before else x1 - x0

    def within(k: int) -> bool:
        """Component ``k`` is glyph-tall and ends inside the measured rows and columns."""
        left, top, wide, high = (int(v) for v in stats[k, :4])
        return tall <= high <= TALLEST_BESIDE * max(tallest, 1) and (
            outer not in (left, left + wide)) and top > 0 and top + high < y1 - y0

    spans = sorted((int(stats[k, 0]) + x0, int(stats[k, 0] + stats[k, 2]) + x0)
                   for k in range(1, n) if within(k))
    merged: list[tuple[int, int]] = []
    for left, right in spans:
        if merged and left < merged[-1][1] - 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], right))
        else:
            merged.append((left, right))
    inside = [c for c in merged if box.left <= (c[0] + c[1]) / 2 < box.right]
    outside = [c for c in merged if ((c[0] + c[1]) / 2 < box.left) is before
               and not box.left <= (c[0] + c[1]) / 2 < box.right]
    if len(inside) < 3 or not outside:
        return None
    widths = sorted(right - left for left, right in inside)
    gaps = sorted(b[0] - a[1] for a, b in itertools.pairwise(inside))
    glyph, gap = widths[len(widths) // 2], gaps[len(gaps) // 2]
    near = outside[-1] if before else outside[0]
    space = inside[0][0] - near[1] if before else near[0] - inside[-1][1]
    if space - gap > SPACE_WIDTH * max(1, glyph) or not (
            MIN_GLYPH_WIDTH * glyph <= near[1] - near[0] <= MERGED_WIDTH * max(1, glyph)):
        return None
    left, right = near[0] - x0, near[1] - x0 + 1
    value_ink = float(crop[:, max(0, int(box.left) - x0):int(box.right) - x0 + 1].min())
    lifted = float(crop[:, left:right].min()) - value_ink
    return near[0], near[1], lifted / max(paper - value_ink, 1.0)


def faint_glyph_beside(image: Image, box: Box, *, before: bool) -> tuple[int, int] | None:
    """The left and right x (card pixels) of faint print just before or after the value
    printed in ``box`` (:func:`print_beside`), lifted at least ``FADED_SHARE`` towards the
    paper: print that may be the value's own start or end faded under glare (``627`` of
    ``62766FL3400220``), not print as dark as the value's (a label's or another value's,
    set close). None when there is none or it cannot be told."""
    found = print_beside(image, box, before=before)
    return None if found is None or found[2] < FADED_SHARE else (found[0], found[1])
