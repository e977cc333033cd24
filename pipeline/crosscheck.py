"""The cross-check: Tesseract's member ID and group checked by the second engine
(:mod:`pipeline.ppocr`), whose errors are not Tesseract's.

- Every card (:func:`cross_checked`, :func:`verdict`): each value read under
  :data:`LINE_CHECK_BELOW` has its print read again by the second engine's recogniser and
  compared with Tesseract's reading character by character. A value the pipeline trusts
  that it surely reads otherwise is doubted (sent to review): the two engines rarely make
  the same mistake, so a difference is where the silent errors are. A value the pipeline
  already doubts is mended where the second engine is sure of the characters that differ;
  it stays doubted. Agreement changes nothing here: a value both read alike may still be
  the wrong field, or cut short on both readings.
- A card still in doubt (:func:`second_reading`): the second engine's reading of the whole
  card, searched by the same rules, confirms a doubted value it finds alike, and gives a
  missing or other one in doubt.

The comparison aligns the value with the line (the line may hold more: the label, a
neighbour, a mark's stroke), so characters outside the value cost nothing. ``O``/``0`` and
``I``/``1`` differences count for nothing either way: the second engine tells them apart no
better than the glyph checks (:mod:`pipeline.glyphs`), which settle them.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.fields import KNOWN_BINS
from pipeline.ppocr import LineRead, LineReader
from pipeline.types import Box, FieldReading, Image, SideRead

log = logging.getLogger(__name__)

EditKind = Literal["same", "alike", "swap", "extra", "missing"]

ALIKE = frozenset({frozenset("O0"), frozenset("I1")})
"""Pairs of characters the comparison does not hold against each other."""
MARGIN_X = 1.0
"""Crop margin left and right of a value's box, in box heights: the line reader reads a
character better with some of what surrounds it, and sees an end character the box lost."""
MARGIN_Y = 0.25
"""Crop margin above and below a value's box, in box heights."""


@dataclass(frozen=True)
class Edit:
    """One step of the alignment: a character of the value (``ours``, '' for a character only
    the line has) against one of the line (``theirs``, '' for one the line lacks), with the
    line reader's probability for its character (1.0 where it has none)."""

    kind: EditKind
    ours: str
    theirs: str
    prob: float


@dataclass(frozen=True)
class Comparison:
    """How the line read a value: the alignment of the value's letters and digits, in order."""

    value: str
    edits: tuple[Edit, ...]

    @property
    def differences(self) -> tuple[Edit, ...]:
        """The edits that count: swapped, extra and missing characters."""
        return tuple(e for e in self.edits if e.kind in ("swap", "extra", "missing"))

    @property
    def weakest(self) -> float:
        """The line reader's lowest probability over the characters that differ (1.0 if none)."""
        return min((e.prob for e in self.differences), default=1.0)

    def mended(self) -> str:
        """The value with the line's characters where they differ; the value's other
        characters (``O``/``0`` as read, hyphens, spaces) kept where they are."""
        out: list[str] = []
        steps = iter(self.edits)
        pending = next(steps, None)
        for ch in self.value:
            if not _counted(ch):
                out.append(ch)
                continue
            while pending is not None and pending.kind == "extra":
                out.append(pending.theirs)
                pending = next(steps, None)
            if pending is None:  # cannot happen: every counted character has its edit
                out.append(ch)
                continue
            out.append({"swap": pending.theirs, "missing": ""}.get(pending.kind, ch))
            pending = next(steps, None)
        while pending is not None:
            if pending.kind == "extra":
                out.append(pending.theirs)
            pending = next(steps, None)
        return "".join(out)

    def repeat_lost(self) -> bool:
        """True when a character the line lacks repeats its neighbour in the value (``000``):
        greedy CTC decoding merges a repeat that its time steps do not separate."""
        counted = [c.upper() for c in self.value if _counted(c)]
        i = 0
        for e in self.edits:
            if e.kind == "extra":
                continue
            if e.kind == "missing" and (
                    (i > 0 and counted[i - 1] == e.ours) or
                    (i + 1 < len(counted) and counted[i + 1] == e.ours)):
                return True
            i += 1
        return False


def _counted(ch: str) -> bool:
    """Letters and digits count; punctuation and spaces are layout."""
    return ch.isascii() and ch.isalnum()


def plain(ch: str) -> str:
    """A line character as the value's alphabet spells it: accents dropped (``Ü`` → ``U``),
    upper case."""
    return unicodedata.normalize("NFKD", ch)[:1].upper()


def compare(value: str, line: LineRead) -> Comparison:
    """Align all of ``value``'s letters and digits with the best-matching run of ``line``'s
    (the line's characters before and after that run are free): a semi-global edit distance
    where an alike pair (``O``/``0``) costs a quarter and any other edit one."""
    ours = [c.upper() for c in value if _counted(c)]
    chars = [c for c in line.chars if _counted(plain(c.text))]
    theirs = [plain(c.text) for c in chars]
    rows, cols = len(ours), len(theirs)
    cost = np.zeros((rows + 1, cols + 1))
    cost[1:, 0] = np.arange(1, rows + 1)
    step = np.zeros((rows + 1, cols + 1), np.int8)  # 0 match, 1 missing, 2 extra
    step[1:, 0] = 1
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            a, b = ours[i - 1], theirs[j - 1]
            diagonal = cost[i - 1, j - 1] + _substitution(a, b)
            up, left = cost[i - 1, j] + 1, cost[i, j - 1] + 1
            best = min(diagonal, up, left)
            cost[i, j] = best
            step[i, j] = 0 if best == diagonal else (1 if best == up else 2)
    # The run ends where the whole value costs least (the longest run among equals).
    j = int(max(range(cols + 1), key=lambda c: (-cost[rows, c], c)))
    i = rows
    edits: list[Edit] = []
    while i > 0:
        move = step[i, j]
        if move == 0 and j > 0:
            a, b, prob = ours[i - 1], theirs[j - 1], chars[j - 1].prob
            kind: EditKind = "same" if a == b else (
                "alike" if frozenset((a, b)) in ALIKE else "swap")
            edits.append(Edit(kind, a, b, prob))
            i, j = i - 1, j - 1
        elif move == 1 or j == 0:
            edits.append(Edit("missing", ours[i - 1], "", 1.0))
            i -= 1
        else:
            edits.append(Edit("extra", "", theirs[j - 1], chars[j - 1].prob))
            j -= 1
    return Comparison(value, tuple(reversed(edits)))


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return 0.25 if frozenset((a, b)) in ALIKE else 1.0


def line_crop(pixels: Image, box: Box) -> Image:
    """The part of a card image (card frame) around a value's box: ``MARGIN_X`` box heights
    left and right, ``MARGIN_Y`` above and below, cut at the image's edges."""
    height = box.height
    rows, cols = pixels.shape[:2]
    left = max(0, int(box.left - MARGIN_X * height))
    right = min(cols, int(np.ceil(box.right + MARGIN_X * height)))
    top = max(0, int(box.top - MARGIN_Y * height))
    bottom = min(rows, int(np.ceil(box.bottom + MARGIN_Y * height)))
    return pixels[top:bottom, left:right]


NAME_CHECK_BELOW = 0.9
"""Tesseract word confidence (0-1) under which a word of a member's name has the name's
print read by the line reader (:func:`name_read_alike`): on six fresh ranges, 12 of the 31
wrong names returned had such a word (``NIKOLAL``, ``SFAMUS``, ``FOSTE``), and 21 of a
sample of 143 right ones."""
NAME_DISPUTE_MIN_PROB = 0.5
"""Lowest probability of every character of the line reader's reading of a name's print
for it to dispute the name: a lower one is its own misreading of a label beside the name
(``ombre J LAADELACRU SR`` at 0.32 beside ``Name/Nombre``)."""


def name_read_alike(name: str, line: str) -> bool:
    """True unless the line reader's reading of a name's print (``line``, the crop's text)
    reads a letter of it otherwise (``NIKOLAL`` read ``NIKOLAI``: Tesseract's misreading)
    or reads a word of it on (``FOSTE`` read ``FOSTER``: Tesseract's reading cut short).
    The name's letters are aligned with the line's best-matching stretch
    (:func:`rapidfuzz.fuzz.partial_ratio_alignment`; spacing, punctuation and case aside),
    taken out to the line's word ends; what the line reader lacks is its own skipping
    (``ZEY`` of ``ZOEY``), and a stray bar it reads beside or inside the name
    (:data:`NAME_STRAY_LETTERS`: ``CALEBI``, a frame's edge) or other words before or after
    it (a label's, a neighbour's) cost nothing."""
    ours = "".join(c for c in name.upper() if "A" <= c <= "Z")
    up = line.upper()
    at = [i for i, c in enumerate(up) if "A" <= c <= "Z"]
    theirs = "".join(up[i] for i in at)
    if not ours or not theirs:
        return False
    start, end = 0, len(theirs)
    if len(ours) <= len(theirs):
        aligned = fuzz.partial_ratio_alignment(ours, theirs)
        if aligned is None:
            return False
        start, end = aligned.dest_start, aligned.dest_end
        while start > 0 and at[start] - at[start - 1] == 1:  # out to the line's word ends
            start -= 1
        while end < len(theirs) and at[end] - at[end - 1] == 1:
            end += 1
    for op in Levenshtein.editops(ours, theirs[start:end]):
        if op.tag == "replace" or (
                op.tag == "insert" and theirs[start + op.dest_pos] not in NAME_STRAY_LETTERS):
            return False
    return True


NAME_STRAY_LETTERS = frozenset("IL")
"""What the line reader makes of a bar beside a name's letters (a frame's edge, a mark's
stroke, the card's edge): a letter more of these reads nothing on."""


DISPUTED_CONFIDENCE = 0.45
"""Confidence of a trusted value the line reader reads otherwise: under the review bars."""
DISPUTE_MIN_PROB = 0.9
"""Lowest probability of a character the line reader reads in place of a trusted value's, or
beside them, for it to dispute the value. Its weaker readings of a value the pipeline trusts
are its own mistakes (a Q read 9 at 0.44, an F read E at 0.25), as is a character it lacks
(greedy decoding merges repeats; a small character is skipped)."""
MARGINAL_CONFIDENCE = 0.7
"""Confidence under which a trusted value is a marginal one: the line reader's surer
readings of another character (``MARGINAL_DISPUTE_PROB``) dispute it too."""
MARGINAL_DISPUTE_PROB = 0.8
"""Lowest probability of a character the line reader reads in place of a marginal value's
(``MARGINAL_CONFIDENCE``) for it to dispute the value: 6767's 0098 (``6929745`` at 0.66,
the line's ``G`` at 0.83 of ``G929745`` in a dashed frame) and 7070's 0373 (an MBI's ``Q``
read ``D`` at 0.66 in a photocopy, the line's ``Q`` at 0.85)."""
UNREAD_MIN = 2
"""Characters of a trusted value, none a repeat of its neighbour, that the line reader must
all lack to dispute it: print Tesseract made into characters where the second engine, on
the same crop, sees none (7878's 0113: an arrow's head read ``47`` after
``VES0170554237``). On eleven ranges' trusted values, one lacked two such characters, and
it was wrong; one lacked one, and two values lacking one were right."""
MEND_MIN_PROB = 0.8
"""Lowest probability the line reader may give a character it would put into a doubted value."""


def verdict(
    reading: FieldReading, comparison: Comparison, bar: float, fits: Callable[[str], bool],
) -> FieldReading | None:
    """What the line's reading does to a value read with ``bar`` as its review bar, or None
    (nothing changes).

    A trusted value is disputed by characters the line reads surely in place of its own or
    beside them (``DISPUTE_MIN_PROB``; ``MARGINAL_DISPUTE_PROB`` for a marginal one), or by
    ``UNREAD_MIN`` of its own the line lacks, none a lost repeat: it is doubted, and takes
    the line's characters when those are all the differences. A doubted value is mended
    where the line is sure of every character that differs (``MEND_MIN_PROB``) and lost no
    repeat. A mended value must still fit the format (``fits``) if the value did."""
    differences = comparison.differences
    if not differences:
        return None
    mended = comparison.mended()
    keeps_format = bool(mended) and (fits(mended) or not fits(reading.value))
    if reading.confidence >= bar:
        sure = DISPUTE_MIN_PROB if reading.confidence >= MARGINAL_CONFIDENCE else (
            MARGINAL_DISPUTE_PROB)
        strong = [e for e in differences if e.kind != "missing" and e.prob >= sure]
        unread = [e for e in differences if e.kind == "missing"]
        if len(unread) >= UNREAD_MIN and not comparison.repeat_lost():
            strong += unread
        if not strong:
            return None
        value = mended if len(strong) == len(differences) and keeps_format else reading.value
        return replace(reading, value=value, confidence=DISPUTED_CONFIDENCE)
    if comparison.weakest < MEND_MIN_PROB or comparison.repeat_lost() or not keeps_format:
        return None
    return replace(reading, value=mended)


LINE_CHECK_BELOW = 0.9
"""Confidence from which a value's print is not read again by the line reader
(:func:`cross_checked`). On 1,010 cards spied at s41 (ranges 8282, 8383, 7070 and part of
the wide suite) its verdict changed none of the 1,105 member IDs and groups read at 0.85 or
more, and on fresh range 8686 the one it changed was right (``20079707306`` at 0.97, its
7s read ``Z``); such values are most of a clean card's (seven in ten on the foundation
suite), and each line read costs ~30 ms of CPU. Not 0.85 (tried at s42): fresh range
8989's 0233, ``694000HU9W`` read ``694000HUSW`` inside an explainer's ring and confirmed
by closer reads at 0.898, is sent to a person only by the line reader."""


def cross_checked(
    readings: Mapping[str, FieldReading], sides: Sequence[SideRead],
    bars: Mapping[str, float], fits: Mapping[str, Callable[[str], bool]], reader: LineReader,
) -> dict[str, FieldReading]:
    """The readings of the fields in ``bars`` read under :data:`LINE_CHECK_BELOW` that the
    line reader's reading of their print (on the side's flattened colour card) changes
    (:func:`verdict`)."""
    by_side = {s.side: s for s in sides}
    out: dict[str, FieldReading] = {}
    for name, bar in bars.items():
        reading = readings.get(name)
        if reading is None or not reading.value or reading.side not in by_side or (
                reading.confidence >= LINE_CHECK_BELOW):
            continue
        crop = line_crop(by_side[reading.side].card.pixels, reading.box)
        comparison = compare(reading.value, reader.read(crop))
        got = verdict(reading, comparison, bar, fits.get(name, _anything))
        if got is not None:
            log.debug("cross-check %s: %d differences", name, len(comparison.differences))
            out[name] = got
    return out


def _anything(_: str) -> bool:
    return True


CONFIRMED_CONFIDENCE = 0.85
"""Highest confidence of a doubted value that the second engine's own reading of the card
finds too: two engines and two searches of the card agree."""
DISPUTE_CLEARED_CONFIDENCE = 0.6
"""Confidence of a value the line reader disputed that the second engine's labelled
reading of the card finds too, surely (``DISPUTE_CLEARED_MIN``): over the review bars,
under values no reader disputed. On fourteen development ranges, 19 such values were right
and none wrong, save those opening with an ``O`` or ``0`` (3 of 6 wrong: both engines read
a printed ``O`` before digits as ``0``), which stay in doubt."""
DISPUTE_CLEARED_MIN = 0.9
"""Lowest confidence of the second engine's reading of the card that clears a dispute."""
MENDED_CONFIRMED_MIN = 0.8
"""Lowest confidence of the second engine's reading of the card that confirms a value its
line reader put in place of Tesseract's (:func:`second_reading`): on thirteen ranges such
mends read so at 0.95 and more were right (14545's 0055 and 0207), one read so at 0.61
wrong (14444's 0050, ``IDZ…`` of ``JDZ…``)."""
SECOND_READING_CODES = frozenset({"member_id_missing", "member_id_uncertain",
                                  "group_number_uncertain"})
"""Review reasons for which the second engine reads the whole card (:func:`second_reading`)."""


def second_reading(
    ours: Mapping[str, FieldReading], theirs: Mapping[str, FieldReading],
    bars: Mapping[str, float], same_carrier: bool, lone: Collection[str] = (),
    disputed: Collection[str] = (), fits: Mapping[str, Callable[[str], bool]] | None = None,
    glyph_settled: Collection[str] = (), unclearable: Collection[str] = (),
    mended: Collection[str] = (),
) -> dict[str, FieldReading]:
    """The fields in ``bars`` that the second engine's reading of the whole card
    (``theirs``: its words searched like Tesseract's) settles. A value ours missed or
    doubts, that theirs reads surely (at its bar at least):

    - the same value: confirmed (theirs' confidence, ``CONFIRMED_CONFIDENCE`` at most);
    - another, or ours has none, on a card both named alike: theirs is taken, doubted
      (``DISPUTED_CONFIDENCE``): a person still looks, at the likelier value.

    Not confirmed: a value ours took for want of a labelled one (``lone``) unless theirs
    found its label (by the same rules on the same card, theirs may take the same wrong
    value: a Medicaid card's Medicaid ID for its unlabelled member ID); and one with an
    ``O``/``0`` or ``I``/``1`` neither engine tells apart (:func:`alike_ambiguous`, with
    the format ``fits``), unless the print's glyphs read each such character as ours does
    (``glyph_settled``: field names). One the second engine's closer reading of its print
    disputed (``disputed``, :func:`verdict`) is cleared only by a labelled, sure reading of
    theirs (``DISPUTE_CLEARED_CONFIDENCE``), and never when it opens with an ``O`` or ``0``.
    One in ``unclearable`` (a glyph doubt both engines share: a bare bar opening it read
    ``1``) is neither confirmed nor cleared. One the line reader put in place of
    Tesseract's (``mended``) is confirmed only by a surer reading of theirs
    (``MENDED_CONFIRMED_MIN``): the two readers share their habits.

    A value ours reads surely is left to the cross-check of its print, unless theirs,
    labelled, is that value with one or two characters more at its start
    (:func:`cut_short`), or ours with a look-alike read otherwise, surely
    (:func:`alike_read_otherwise`), or another value while theirs gives ours to another
    field under that field's label (:func:`other_fields_value`; not where theirs reads ours
    for the field too: an Rx ID printing the member ID again), or, labelled or not, ours
    then a character or two then the suffix ours read apart (:func:`lost_before_suffix`):
    theirs is taken, doubted."""
    out: dict[str, FieldReading] = {}
    for name, bar in bars.items():
        mine, other = ours.get(name), theirs.get(name)
        if other is None or other.confidence < bar:
            continue
        if mine is not None and mine.confidence >= bar:
            labelled_dispute = bool(other.label) and (
                cut_short(mine.value, other.value) or alike_read_otherwise(mine, other) or (
                    other.value != mine.value and other_fields_value(theirs, name, mine.value)))
            suffix = ours.get(f"{name}_suffix")
            end_lost = suffix is not None and lost_before_suffix(mine.value, other.value,
                                                                 suffix.value)
            if same_carrier and (labelled_dispute or end_lost):
                out[name] = replace(other, confidence=DISPUTED_CONFIDENCE)
            continue
        if mine is not None and mine.value == other.value:
            fit = (fits or {}).get(name, _anything)
            labelled = name not in lone or bool(other.label)
            if not labelled or name in unclearable or (
                    name not in glyph_settled and alike_ambiguous(mine.value, fit)) or (
                    name in mended and other.confidence < MENDED_CONFIRMED_MIN):
                continue
            if name not in disputed:
                out[name] = replace(mine, confidence=min(other.confidence,
                                                         CONFIRMED_CONFIDENCE),
                                    label_score=label_settled(mine, other))
            elif other.label and other.confidence >= DISPUTE_CLEARED_MIN and (
                    mine.value[:1] not in "0O"):
                out[name] = replace(mine, confidence=max(mine.confidence,
                                                         DISPUTE_CLEARED_CONFIDENCE),
                                    label_score=label_settled(mine, other))
            continue
        value = other.value if mine is None else alike_kept(other.value, mine.value)
        if same_carrier and (mine is None or value != mine.value):
            out[name] = replace(other, value=value,
                                confidence=min(other.confidence, DISPUTED_CONFIDENCE))
    return out


def label_settled(mine: FieldReading, other: FieldReading) -> float:
    """How surely the field's label is ``mine``'s (:attr:`FieldReading.label_score`) once the
    second engine's reading ``other`` gives the same value under a label of the field: the
    surer of the two. A label Tesseract misread (``Gro``, ``GrpF`` for ``GRP#``, 0.5: the
    value may be another field's) that the second engine read exactly over the same value
    names the field as surely as a label read right (on twenty development ranges, 14
    right groups held under their bar by such a label alone now pass; none wrong)."""
    return max(mine.label_score, other.label_score) if other.label else mine.label_score


ALIKE_DISPUTE_MIN = 0.8
"""Least confidence of the second engine's labelled reading of a value, the same but for
look-alikes (``O``/``0``, ``I``/``1``), that disputes a trusted value read under
:data:`CONFIRMED_CONFIDENCE` (:func:`alike_read_otherwise`). 0.99 at first; 8484's 0295
(motion blur) was read right at 0.83 under a label read ``Subseriber id``. In 8282's,
8383's and 8484's spied second readings (blur, quarter turns, two-page PDFs) no other
trusted value was read so otherwise."""


def alike_read_otherwise(mine: FieldReading, other: FieldReading) -> bool:
    """True when the second engine's reading ``other`` (labelled, at
    :data:`ALIKE_DISPUTE_MIN` or more) is a trusted value ``mine`` read under
    :data:`CONFIRMED_CONFIDENCE` with an ``O``/``0`` or ``I``/``1`` read as the other
    (8080's 0126, motion blur: Tesseract's closer reads agreed on ``010815709013`` at 0.75,
    the second engine read ``0I0815709013`` at 0.999; printed ``OI0815709013``; 8484's 0295:
    ``U18326478419`` at 0.75 for ``UI8326478419``, read so at 0.83). Each engine reads its
    own look-alikes alike on every try; where they differ, a person looks."""
    a, b = mine.value, other.value
    return (mine.confidence < CONFIRMED_CONFIDENCE and other.confidence >= ALIKE_DISPUTE_MIN
            and a != b and len(a) == len(b)
            and all(x == y or frozenset((x, y)) in ALIKE for x, y in zip(a, b, strict=True)))


CUT_SHORT_MAX = 2
"""Most characters a trusted value may lack at its start, against the second engine's
labelled reading of the card, for that reading to dispute it (:func:`cut_short`)."""


def other_fields_value(theirs: Mapping[str, FieldReading], name: str, value: str) -> bool:
    """True when ``theirs`` gives ``value`` to a field other than ``name``, under that
    field's label: Tesseract took another field's value (7070's 0323, blurred: ``RX GROUP``
    read ``Np GROUP``, its ``HPF777`` taken as the plan's group at 0.84, where the second
    engine read ``RX GROUP`` over it and the plan's ``5331-388`` under ``GRP#``)."""
    return any(n != name and r.label and r.value == value for n, r in theirs.items())


def cut_short(mine: str, other: str) -> bool:
    """True when ``mine`` is ``other`` with one or two characters lost at its start
    (9191's 0055: ``7700890606`` read at 0.95 under its label where the second engine read
    ``67700890606``): a trusted value cut short, not a different value. Not at its end:
    the second engine's words join a suffix printed after a narrow space (3434's 0296,
    ``00009999999 00``), and Tesseract's closer reads look for a lost end already."""
    extra = len(other) - len(mine)
    return 0 < extra <= CUT_SHORT_MAX and bool(mine) and other.endswith(mine)


def lost_before_suffix(mine: str, other: str, suffix: str) -> bool:
    """True when ``other`` is ``mine``, one or two characters (:data:`CUT_SHORT_MAX`), then
    ``suffix``, the suffix Tesseract read apart after ``mine``: a character lost in the
    gap made the value's end pass for a suffix (8383's 0035, motion blur: ``XKN 002172``
    and ``95`` of ``XKN 002172695``, the second engine's ``XKN002172695``). Not ``mine``
    and the suffix joined (``0000999999900``): the second engine joins a suffix so."""
    extra = len(other) - len(mine) - len(suffix)
    return bool(mine) and bool(suffix) and 0 < extra <= CUT_SHORT_MAX and (
        other.startswith(mine) and other.endswith(suffix))


def alike_ambiguous(value: str, fits: Callable[[str], bool]) -> bool:
    """True when ``value`` holds an ``O``/``0`` or ``I``/``1`` beside a character of the
    other kind (a zero beside a letter, a letter O beside a digit) and the value with it
    swapped still fits the format: both engines read such a pair as the neighbours
    suggest, and only the glyph checks tell (``J05746502371`` for ``JO5746502371``, read
    alike by both). ``OSC00099999`` is not ambiguous where the format wants digits after
    ``OSC``."""
    return bool(alike_places(value, fits))


def alike_places(value: str, fits: Callable[[str], bool]) -> list[int]:
    """The positions in ``value`` that make it :func:`alike_ambiguous`."""
    places: list[int] = []
    for i, ch in enumerate(value):
        swap = _SWAPPED.get(ch)
        if swap is None:
            continue
        beside = [value[j] for j in (i - 1, i + 1) if 0 <= j < len(value)]
        other_kind = any(
            c.isascii() and c.isalnum() and c not in _SWAPPED and c.isalpha() != ch.isalpha()
            for c in beside)
        if other_kind and fits(value[:i] + swap + value[i + 1:]):
            places.append(i)
    return places


_SWAPPED = {"O": "0", "0": "O", "I": "1", "1": "I"}


def alike_kept(theirs: str, mine: str) -> str:
    """``theirs`` with ``mine``'s character wherever the two differ by an alike pair
    (``O``/``0``, ``I``/``1``), where they differ by nothing else: there the second engine
    is no better judge than the glyph checks that chose ``mine``'s (d4242 0266:
    ``280760OR2L`` is no ``2807600R2L``). A ``mine`` that differs otherwise too (a
    character more or lost, ``$`` for ``S``) is a misreading whose glyph choices count for
    nothing: ``XFHOOO0099999`` leaves ``XFH000099999`` as the second engine read it (eleven
    of eleven such mixes on fourteen ranges were wrong where ``theirs`` was right)."""
    if len(theirs) != len(mine) or any(
            a != b and frozenset((a.upper(), b.upper())) not in ALIKE
            for a, b in zip(theirs, mine, strict=True)):
        return theirs
    return "".join(b if a != b else a for a, b in zip(theirs, mine, strict=True))


ROUTING_CODES = ("rx_bin", "rx_pcn", "rx_group", "payer_id")
"""The codes that route a claim (the pharmacy's BIN, PCN and group; the payer ID), which
the second engine's reading of a side may give (:func:`second_engine_codes`)."""
CODE_FILL_MIN = 0.6
"""Lowest confidence of the second engine's labelled reading of a code that Tesseract's
words gave no value, for it to be taken: on 9898's development range its 29 such
readings at 0.6 or more were all right (small, blurred or glared print that Tesseract
lost: 9898's 0063 ``Rx... 769982``)."""
KNOWN_BIN_FILL_MIN = 0.3
"""Lowest confidence of the second engine's labelled reading of a BIN Tesseract gave none
that is a known BIN (:data:`pipeline.fields.KNOWN_BINS`), whose digits vouch for the
reading (9898's 0206: ``015581`` under a blurred ``RxBIN:`` at 0.4)."""
CODE_MEND_MIN = 0.9
"""Lowest confidence of the second engine's labelled reading of a code that replaces a
doubtful one of Tesseract's (:data:`CODE_DOUBTED`)."""
CODE_DOUBTED = 0.9
"""Confidence under which Tesseract's reading of a code gives way to the second engine's
sure one: on 9898, the six it read otherwise under it were misread (``RXB101`` for
``RX8101``, ``619014`` for ``610014``), the three over it right (``VWX570``, where the
second engine read ``VW``)."""
CODE_TAKEN_CAP = 0.85
"""Highest confidence of a code taken from the second engine's reading: one engine's word
under its label, no closer read of Tesseract's agreeing."""


_ALIKE_FOLD = str.maketrans({"O": "0", "I": "1"})
_ALIKE_CHARS = frozenset("OI01")


def alike_against_run(mine: str, theirs: str) -> bool:
    """True when ``theirs`` differs from ``mine`` only by ``O``/``0`` or ``I``/``1``
    (:data:`ALIKE`) and puts, at such a place, a digit where the nearest other characters
    on both sides (one side at a code's end) are letters, or a letter among digits: the
    run the glyph stands in tells what it is better than either engine (4545's 0204:
    ``OSCR89`` read ``0SCR89``; its 0116's ``OO580`` read ``00580`` and its 0056's
    ``AKCI57`` read ``AKC157`` are not against theirs)."""
    if len(mine) != len(theirs) or mine.translate(_ALIKE_FOLD) != theirs.translate(_ALIKE_FOLD):
        return False
    for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        if a == b:
            continue
        near = [c for c in (next((c for c in reversed(theirs[:i]) if c not in _ALIKE_CHARS), ""),
                            next((c for c in theirs[i + 1:] if c not in _ALIKE_CHARS), ""))
                if c]
        if near and ((all(c.isalpha() for c in near) and b.isdigit())
                     or (all(c.isdigit() for c in near) and b.isalpha())):
            return True
    return False


def doubled(longer: str, shorter: str) -> bool:
    """True when ``longer`` is ``shorter`` with one of its characters read twice
    (``HGM55017`` of ``HGM5017``, a blurred 5; 12424's 0278): a misreading Tesseract makes
    of one glyph, where an engine that stops short loses a value's end instead.

    >>> doubled("HGM55017", "HGM5017"), doubled("VWX570", "VW"), doubled("AB12", "AB2")
    (True, False, False)
    """
    return len(longer) == len(shorter) + 1 and any(
        longer[i] == longer[i + 1] and longer[:i] + longer[i + 1:] == shorter
        for i in range(len(longer) - 1))


READ_ON_MIN = 3
"""Fewest characters a code's reading holds for a longer reading that starts with it to be
the same print read on (:func:`read_on`)."""


def read_on(mine: str, theirs: str) -> bool:
    """True when ``theirs`` is ``mine`` (:data:`READ_ON_MIN` characters or more) with more
    characters after or before it: Tesseract stopped inside a code the second engine read
    whole (12525's 0116, a web-sized card: ``RX4`` at 0.66 under ``Rx Group:``, the second
    engine's ``RX4404`` at 0.80), or lost its start (13636's 0206, motion blur: ``X9491``
    read ``NAOT`` on the deblurred card, mended to ``9491`` by the line reader; the second
    engine's ``X9491`` at 0.88)."""
    return len(mine) >= READ_ON_MIN and len(theirs) > len(mine) and (
        theirs.startswith(mine) or theirs.endswith(mine))


def second_engine_codes(
    mine: Mapping[str, FieldReading], theirs: Mapping[str, FieldReading],
    read: Collection[str],
) -> dict[str, FieldReading]:
    """The routing codes (:data:`ROUTING_CODES`) the second engine's interpretation of the
    sides it ``read`` gives in place of Tesseract's (``mine``): each read under its label,
    on such a side, where Tesseract gave none (at :data:`CODE_FILL_MIN` or more), or gave
    another value in doubt (under :data:`CODE_DOUBTED`; the second engine's at
    :data:`CODE_MEND_MIN` or more and no shorter: it may stop at a glyph it cannot read,
    ``VW`` of ``VWX570``; not an ``O``/``0`` or ``I``/``1`` against the run it stands
    in, :func:`alike_against_run`), unless Tesseract's is the second engine's with a
    character doubled (:func:`doubled`); at :data:`CODE_FILL_MIN` where Tesseract's is the
    second engine's cut short at either end (:func:`read_on`). Never a value another field
    of ``mine`` holds.
    Confidence at most :data:`CODE_TAKEN_CAP`."""
    held = {r.value for n, r in mine.items() if n not in ROUTING_CODES}
    out: dict[str, FieldReading] = {}
    for name in ROUTING_CODES:
        other, own = theirs.get(name), mine.get(name)
        if other is None or other.side not in read or not other.label or other.value in held:
            continue
        if own is None:
            sure = other.confidence >= (
                KNOWN_BIN_FILL_MIN if name == "rx_bin" and other.value in KNOWN_BINS
                else CODE_FILL_MIN)
        else:
            sure = (own.value != other.value and not alike_against_run(own.value, other.value)
                    and own.confidence < CODE_DOUBTED and (
                        other.confidence >= CODE_MEND_MIN or (
                            other.confidence >= CODE_FILL_MIN and read_on(own.value,
                                                                          other.value)))
                    and (len(other.value) >= len(own.value) or doubled(own.value, other.value)))
        if sure:
            out[name] = replace(other, confidence=round(min(other.confidence,
                                                            CODE_TAKEN_CAP), 3))
    return out
