"""Locate fields and distractors on one side by their labels (value right of or below).

All boxes here are in the card frame of the side being read. The steps:

1. find every label of every rule in the OCR words (the longest label wins words that
   several labels could claim, so ``Payer ID`` is never read as ``ID``);
2. give each label the value to its right on the same row (or glued to it, ``ID:W123``),
   then, for labels still without one, the value just below it;
3. find values that need no label (Oscar's ``OSC…`` ids, phone numbers) among the words
   left over.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline.dates import iso_date, run_together_date
from pipeline.placeholders import is_placeholder
from pipeline.templates import DistractorRule, FieldRule, Template
from pipeline.types import Box, Distractor, FieldReading, OcrPage, OcrWord, Side

Rule = FieldRule | DistractorRule

MAX_RIGHT_GAP = 24.0
MAX_PHRASE_RIGHT_GAP = 6.0
"""Widest gap (label heights) from a label to a value of several words (a name, a plan):
further right is another column (a copay table's ``Office Visit``)."""
"""Largest gap between a label and its value on the same row, in label heights."""
MAX_WORD_GAP = 1.6
"""Largest gap between two words of one multi-word value, in word heights."""
MAX_BELOW_GAP = 1.6
"""Largest vertical gap between a label and a value under it, in label heights."""
GLUE_GAP = 0.25
"""Words closer than this (in heights) are one printed token split by OCR."""
SPLIT_GAP = 0.6
"""Words closer than this (in heights) continue one another; a member ID or group followed
this closely may be cut short."""
SPLIT_START_GAP = 0.3
"""A free word ending closer than this (in heights) before a value under a label starts
that value: print OCR split, not a prefix printed apart after a word space."""
HYPHEN_GAP = 1.0
"""Words a hyphen meets ("76" "-123456") are one token up to this gap (in heights): a
monospaced '-' sits in a full-width cell, so OCR's split there leaves a wide gap (Aetna's
``990332-290`` ``-00264``, 0.67 heights apart)."""
PHRASE_GAP = 0.8
"""A word this close before a short label (in heights) makes it part of a longer label."""
PHRASE_LABEL_MAX = 5
"""Longest label (normalised) that a word just before it can make part of a longer one:
``ID`` of ``Dental ID``; at this length only a member ID's or group's label, one word
without a colon after a word of three letters or more: ``GROUP`` of an employer's
``Riverbend Medical Group``."""
FUZZY_LABEL_MIN = 9
"""Labels at least this long (normalised) may match fuzzily; shorter ones must be exact."""
FUZZY_LABEL_CUTOFF = 88.0
WEAK_LABEL_SCORE = 0.8
"""Top score of a label-shaped word (ends in ':' or '#') that is a misread label, such as
``1p:`` for ``ID:`` or ``srip¢:`` for ``SR ID#:``; its value must fit the pattern."""
MISREAD_LABEL_MIN = 5
"""Labels of a member ID or group this long (normalised) or longer may be read one letter
off (``Groug``); like any misread label, they take only a value that fits."""
WEAK_LABEL_CUTOFF = 60.0
"""Fuzzy score (0-100) above which a label-shaped word may be a misread longer label."""
REPAIR_FACTOR = 0.85
"""Confidence factor for a value repaired by swapping OCR look-alikes (0SC → OSC)."""
_LOOKALIKES = {
    "O": "0", "0": "OD", "D": "0", "Q": "0", "I": "1", "1": "I", "L": "1", "|": "1",
    "S": "5", "5": "S", "B": "8", "8": "B", "Z": "2", "2": "Z", "G": "6", "6": "G",
}
_GLYPH_CLASSES = tuple(frozenset(c) for c in ("O0DQ", "I1L|", "S58B", "Z2", "G6"))
"""Characters card fonts draw alike enough for OCR to read one for another."""


def alike(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` have the same length and differ only by characters of
    one class of :data:`_GLYPH_CLASSES` (``J8DW49272344`` and ``JSDW49272344``): readings
    of the same print that no reading can tell apart."""
    return len(a) == len(b) and all(
        x == y or any(x in c and y in c for c in _GLYPH_CLASSES) for x, y in zip(a, b, strict=True))


WEAK_LOOKALIKES = {"A": "4", "4": "A"}
"""Look-alikes of some fonts only (an open-topped 4 read as an A: ``AMV6-EW0-NV54`` of the
MBI ``4MV6-EW0-NV54``). A value that only they make fit its format is taken, uncertain
(:data:`WEAK_REPAIR_CAP`): the format forces the character, the print does not show it."""
WEAK_REPAIR_CAP = 0.4
"""Top confidence of a labelled value that fits its format only once a weak look-alike
(:data:`WEAK_LOOKALIKES`) is swapped: under the review thresholds."""
MAX_REPAIR_SWAPS = 2
"""More swapped characters than this and the value is not repaired but sent to review."""
UNLABELLED_REPAIR_CAP = 0.4
"""Top confidence of an unlabelled value that fits its format only once repaired: below
the review thresholds, since a shaken photo's S may be an 8 as well as a 5."""
PATTERN_MISS_FACTOR = 0.4
"""Confidence factor for a labelled value that breaks the template's pattern."""
POSITION_FACTOR = {"inline": 1.0, "right": 1.0, "below": 0.95, "anywhere": 0.9}
"""Confidence factor by where the value sat relative to its label."""
REVIEWED_FIELDS = frozenset({"member_id", "group_number"})
"""Fields whose low confidence sends the card to review (member_id_uncertain, ...)."""
_STRIP_LEAD = ":#-.,;|*_=<>»«~'\"‘’“”\\"
_STRIP_TRAIL = ":,;|*_=<>-~\u2014\u2013'\u2019"


def printed_label(text: str) -> str:
    """A label as printed, without the colon that ends it: ``Group No.:`` → ``Group No.``."""
    return text.strip().rstrip(":-").strip()


_LABEL_CONFUSIONS = str.maketrans({"0": "O", "1": "I", "|": "I", "!": "I", "5": "S"})
"""OCR confusions folded away in labels (``1D:`` is ``ID:``); applied to both sides."""


@functools.lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """Upper-case, OCR look-alikes folded, without spaces, colons, full stops, commas, a
    rule's ``_`` and a trailing dash (a blurred colon): ``Group No.:`` →
    ``GROUPNO``, ``1D:`` → ``ID``, ``MRN-`` → ``MRN``, ``_Rxid:`` → ``RXID``,
    ``Mernber`` → ``MEMBER``."""
    folded = re.sub(r"[\s:.,;='\"‘’“”`~_]", "", text.upper().translate(_LABEL_CONFUSIONS))
    # An m read 'rn' before its b (11515's 0016: 'Mernber Name:'; 'Nurnber'), which no
    # label spells.
    return folded.replace("RNB", "MB").rstrip("-")


@dataclass(frozen=True, slots=True)
class LabelHit:
    """A label of a rule found in the words of one side."""

    rule: Rule
    label: str
    """The label as printed (the OCR words joined with spaces)."""
    indices: tuple[int, ...]
    """Indices of the label's words in the page's word list."""
    box: Box
    score: float
    """1.0 for an exact label match, lower for a fuzzy one."""
    inline: str | None
    """A value glued to the label's last word (``ID:W123`` → ``W123``)."""
    norm_length: int


@dataclass(frozen=True, slots=True)
class Found:
    """A value given to a rule."""

    rule: Rule
    label: str
    value: str
    box: Box
    confidence: float
    indices: tuple[int, ...]
    label_score: float = 1.0
    """The score of the label it was given by (:attr:`LabelHit.score`); 1.0 with none."""


@dataclass(frozen=True, slots=True)
class SideFields:
    """What one side yielded: the best reading per field, and the distractors."""

    fields: dict[str, FieldReading]
    distractors: tuple[Distractor, ...]


@functools.lru_cache(maxsize=8192)
def clean_value(text: str) -> str:
    """Strip the punctuation that clings to values (``:W123,`` → ``W123``), and the end of
    a label that OCR joined to its value (``No.MSIH4026`` of ``Member ID No.``)."""
    value = text.strip().lstrip(_STRIP_LEAD).rstrip(_STRIP_TRAIL).strip()
    return _LABEL_END.sub("", value)


def code_text(text: str) -> str:
    """A word read as a code: :func:`clean_value` without the stops after it (``01.`` of
    ``YGE130858367 01.``, ``74227.``)."""
    return _CODE_STOPS.sub("", clean_value(text))


_CODE_STOPS = re.compile(r"[.,:;_~-]+$")
"""Stops after a routing code (``74227.``, ``OSCR61:-.``); not a bracket or bar, which may be
its last character misread (``ILPROD]`` of ``ILPROD1``)."""
_LABEL_END = re.compile(r"^(?:No|NO|Nbr|NBR|Num|NUM)[.:#](?=[A-Za-z0-9]{4})")
"""A label's last word and its stop joined to a value: ``No.``, ``Nbr:``, ``NO#``."""


LINE_JOIN_GAP = 1.5
"""Two OCR lines on one row, this close (in word heights), are one line of print:
Tesseract splits a widely spaced label (monospaced ``Rx`` ``Group:``) into two."""


LINES_MEMO_SIZE = 8
"""Pages' words whose lines :func:`_lines` remembers: a card's sides and their closer
readings, each asked for its lines by the label search, the unlabelled-value search and
the lists."""
_lines_memo: list[tuple[tuple[OcrWord, ...], dict[int, list[int]]]] = []
_lines_lock = threading.Lock()


def _lines(words: Sequence[OcrWord]) -> dict[int, list[int]]:
    """Word indices per line of print, left to right: Tesseract's lines, those that
    continue one another on the same row (within ``LINE_JOIN_GAP``) joined. Remembered
    for the last ``LINES_MEMO_SIZE`` tuples of words (a page's; never changed), by
    identity: the result is shared, read it only."""
    if not isinstance(words, tuple):
        return _page_lines(words)
    with _lines_lock:
        for known, got in _lines_memo:
            if known is words:
                return got
    got = _page_lines(words)
    with _lines_lock:  # the tuple is held here, so its identity is not reused meanwhile
        _lines_memo.append((words, got))
        del _lines_memo[:-LINES_MEMO_SIZE]
    return got


def _page_lines(words: Sequence[OcrWord]) -> dict[int, list[int]]:
    """:func:`_lines`, computed."""
    by_line: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        by_line.setdefault(w.line, []).append(i)
    for idx in by_line.values():
        idx.sort(key=lambda i: words[i].box.left)
    merged: list[list[int]] = []
    for idx in sorted(by_line.values(), key=lambda idx: words[idx[0]].box.left):
        first = words[idx[0]].box
        for line in merged:
            last = words[line[-1]].box
            h = max(last.height, first.height, 1.0)
            if same_row(last, first) and -0.2 * h <= first.left - last.right <= (
                LINE_JOIN_GAP * h
            ):
                line.extend(idx)
                break
        else:
            merged.append(list(idx))
    return dict(enumerate(merged))


def _union(words: Sequence[OcrWord], indices: Iterable[int]) -> Box:
    boxes = [words[i].box for i in indices]
    box = boxes[0]
    for b in boxes[1:]:
        box = box.union(b)
    return box


def same_row(a: Box, b: Box) -> bool:
    """Whether two boxes overlap vertically by half the lower one's height (called
    ~5,000 times per card: the heights are taken without :attr:`Box.height`)."""
    a_top, a_bottom, b_top, b_bottom = a.top, a.bottom, b.top, b.bottom
    overlap = min(a_bottom, b_bottom) - max(a_top, b_top)
    return overlap >= 0.5 * min(a_bottom - a_top, b_bottom - b_top)


@dataclass(frozen=True, slots=True)
class _Label:
    """One label of a rule, normalised (:func:`normalize_label`)."""

    rule: Rule
    norm: str
    reviewed: bool
    """Whether the rule's doubt goes to review (:func:`_reviewed`)."""
    tokens: int
    """Words the label prints (``Member Number``: 2)."""


@dataclass(frozen=True, slots=True, eq=False)
class _LabelIndex:
    """The labels of a set of rules, in the rules' order, indexed by what a window of
    words can match: its exact normalised text, or a normalised length near its own.
    Hashed by identity (one per set of rules, :func:`_label_index`)."""

    labels: tuple[_Label, ...]
    exact: dict[str, tuple[int, ...]]
    """Normalised label → positions in ``labels``."""
    by_length: dict[int, tuple[int, ...]]
    """Normalised length → positions in ``labels``."""
    norms_by_length: dict[int, tuple[str, ...]]
    """Normalised length → the normalised labels at ``by_length``'s positions."""
    max_tokens: int
    """Most words a label window may hold (a label's words and a glued value)."""
    rx: tuple[int, ...]
    """Positions in ``labels`` of the pharmacy's labels (:data:`RX_FIELDS`)."""
    short_group: tuple[int, ...]
    """Positions in ``labels`` of the group's short labels (:func:`short_group_misread`)."""
    routing_by_length: dict[int, tuple[int, ...]]
    """Normalised length → positions in ``labels`` of the routing codes' labels of two words
    or more (:func:`_start_cut_labels`), in ``by_length``'s order."""


@functools.lru_cache(maxsize=256)
def _label_index(rules: tuple[Rule, ...]) -> _LabelIndex:
    labels = tuple(
        _Label(rule=r, norm=normalize_label(label), reviewed=_reviewed(r),
               tokens=len(label.split()))
        for r in rules for label in r.labels
    )
    exact: dict[str, list[int]] = {}
    by_length: dict[int, list[int]] = {}
    for k, label in enumerate(labels):
        exact.setdefault(label.norm, []).append(k)
        by_length.setdefault(len(label.norm), []).append(k)
    words = max((len(label.split()) for r in rules for label in r.labels), default=1)
    return _LabelIndex(
        labels=labels,
        exact={k: tuple(v) for k, v in exact.items()},
        by_length={k: tuple(v) for k, v in by_length.items()},
        norms_by_length={k: tuple(labels[i].norm for i in v) for k, v in by_length.items()},
        max_tokens=words + 1,
        rx=tuple(k for k, label in enumerate(labels)
                 if getattr(label.rule, "name", None) in RX_FIELDS),
        short_group=tuple(k for k, label in enumerate(labels)
                          if getattr(label.rule, "name", None) == "group_number"
                          and len(label.norm.rstrip("#")) < MISREAD_LABEL_MIN),
        routing_by_length={
            n: routed for n, v in by_length.items()
            if (routed := tuple(k for k in v if labels[k].tokens >= 2 and getattr(
                labels[k].rule, "name", None) in ROUTING_FIELDS))},
    )


LABELS_MEMO_SIZE = 32
"""Pages whose labels :func:`find_labels` keeps (a card's sides, each read again)."""
_labels_memo: list[tuple[tuple[OcrWord, ...], tuple[Rule, ...], tuple[LabelHit, ...]]] = []
_labels_lock = threading.Lock()


def find_labels(words: Sequence[OcrWord], rules: Sequence[Rule]) -> list[LabelHit]:
    """Every label occurrence, overlaps resolved in favour of the longest label. A card's
    sides are interpreted several times (after each closer read), so the answers for the
    last ``LABELS_MEMO_SIZE`` tuples of words (a page's; never changed) are kept, by
    identity of the words and of each rule: hashing a page's words cost ~0.1 ms a call."""
    key = tuple(words)  # a page's tuple itself
    with _labels_lock:
        for known, known_rules, got in _labels_memo:
            if known is key and _same_rules(known_rules, rules):
                return list(got)
    got = tuple(_find_labels(key, rules))
    with _labels_lock:  # the tuple is held here, so its identity is not reused meanwhile
        _labels_memo.append((key, tuple(rules), got))
        del _labels_memo[:-LABELS_MEMO_SIZE]
    return list(got)


def _same_rules(known: tuple[Rule, ...], rules: Sequence[Rule]) -> bool:
    """Whether ``rules`` are the very rules ``known``, in order."""
    return len(known) == len(rules) and all(a is b for a, b in zip(known, rules, strict=True))


def _find_labels(words: Sequence[OcrWord], rules: Sequence[Rule]) -> list[LabelHit]:
    index = _label_index(tuple(rules))
    hits: list[LabelHit] = []
    for idx in _lines(words).values():
        for start in range(len(idx)):
            for end in range(start, min(len(idx), start + index.max_tokens)):
                window = idx[start : end + 1]
                if end > start and _column_gap(words[idx[end - 1]], words[idx[end]]):
                    break  # the next column's head ('ENROLLEE' ... 'ID NO.'): no one label
                hits.extend(_match_window(words, window, index))
    # Exact labels first; then misread labels whose neighbouring value fits their pattern
    # ("in:" before W787345395 is ID:, not BIN:); then the longest, discounted by fuzziness.
    # Two rules' labels read alike ('Employer Group': the group's, the employer's): the one
    # whose value beside it fits its pattern.
    windows = Counter(h.indices for h in hits if h.score >= 1.0)
    hits.sort(
        key=lambda h: (
            h.score >= 1.0,
            h.score >= 1.0 or _neighbourfits_pattern(words, h),
            h.norm_length * h.score**2,
            h.score,
            windows[h.indices] > 1 and _neighbourfits_pattern(words, h),
        ),
        reverse=True,
    )
    hits = [h for h in hits if not _swallowed(h, hits)]
    rx_group = next((r for r in rules if isinstance(r, FieldRule) and r.name == "rx_group"),
                    None)
    rx_id = next((r for r in rules if isinstance(r, FieldRule) and r.name == "rx_id"), None)
    taken: set[int] = set()
    accepted: list[LabelHit] = []
    for h in hits:
        if taken.isdisjoint(h.indices) and not _inside_longer_phrase(words, h) and (
                not _starts_a_name(words, h)) and not _surname_first(words, h):
            if _after_rx(words, h):
                # The pharmacy's group: its label, where no label of its own was read.
                if rx_group is None or any(a.rule is rx_group for a in hits):
                    continue
                h = replace(h, rule=rx_group)
            elif _id_after_rx(words, h):
                # The pharmacy's ID: its label, where no label of its own was read.
                if rx_id is None or any(a.rule is rx_id for a in hits):
                    continue
                h = replace(h, rule=rx_id)
            accepted.append(h)
            taken.update(h.indices)
    return [h for h in accepted if not _label_as_value(words, h, accepted)]


def _surname_first(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True for a name label read in a word ending in a comma (``MEMBER,`` of the sample
    ``MEMBER, JOHN Q``): a surname printed first, never a label."""
    return isinstance(hit.rule, FieldRule) and hit.rule.name in NAME_FIELDS and (
        hit.inline is None and words[hit.indices[-1]].text.endswith(","))


LABEL_WORD_GAP = 4.0
"""Widest gap (in word heights or character widths, the larger) between two words of one
label: past it Tesseract's line runs on into the next column (``ENROLLEE`` over the name,
``ID NO.`` over the ID, a name's width apart)."""


def _column_gap(a: OcrWord, b: OcrWord) -> bool:
    """True when word ``b`` starts further right of word ``a`` than a label's words are
    apart (a squashed box, 3 px high, is measured by its characters' width)."""
    size = max(a.box.height, b.box.height, a.box.width / max(len(a.text), 1),
               b.box.width / max(len(b.text), 1), 1.0)
    return b.box.left - a.box.right > LABEL_WORD_GAP * size


def _label_as_value(words: Sequence[OcrWord], hit: LabelHit, hits: Sequence[LabelHit]) -> bool:
    """True for a label without a colon printed right after another label's colon on its
    line, whose pattern its words fit: that label's value (``RX GRP: STUDENT``, though
    ``STUDENT`` labels a student's name on some cards)."""
    first = words[hit.indices[0]]
    if hit.inline is not None or words[hit.indices[-1]].text.endswith((":", ";")):
        return False
    for h in hits:
        last = words[h.indices[-1]]
        if h is hit or h.inline is not None or not last.text.endswith(":") or not (
                same_row(last.box, first.box)) or _reviewed(h.rule):
            # A member ID's or group's label never takes another label as its value
            # ('GROUP NUMBER: ISSUER' where the group's digits were lost).
            continue
        gap = first.box.left - last.box.right
        if 0 <= gap <= 3 * max(last.box.height, 1.0) and fits_pattern(
                h.rule, clean_value(" ".join(words[i].text for i in hit.indices))) and not any(
                same_row(w.box, first.box) and last.box.right <= w.box.left < first.box.left
                for w in words):
            return True
    return False


SWALLOWING_SCORE = 0.9
"""A misread label this close to one of its labels (and 4 characters longer) beats an
exact shorter label inside it: ``Member numbe~`` is ``Member Number``, not the name label
``Member`` and a stray word."""


def _swallowed(hit: LabelHit, hits: Sequence[LabelHit]) -> bool:
    """True for an exact label whose words begin a longer, nearly exact label of another
    field (:data:`SWALLOWING_SCORE`)."""
    return hit.score >= 1.0 and any(
        h.rule is not hit.rule and h.score >= SWALLOWING_SCORE
        and h.norm_length >= hit.norm_length + 4
        and h.indices[:len(hit.indices)] == hit.indices and len(h.indices) > len(hit.indices)
        for h in hits)


def _neighbourfits_pattern(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True when the nearest word right of the label, or else under it, fits its pattern."""
    last = words[hit.indices[-1]].box
    others = set(range(len(words))) - set(hit.indices)
    start = Box(last.left, hit.box.top, last.right, hit.box.bottom)
    right = _run_right_of(words, start, others, set())
    if right and _first_fits(words, right[0], hit.rule):
        return True
    # Only the first word of the run under it counts: the word :func:`_run_below` starts at.
    below = next(_run_starts(words, hit.box, others), None)
    return below is not None and _first_fits(words, below, hit.rule)


def _first_fits(words: Sequence[OcrWord], i: int, rule: Rule) -> bool:
    """Whether word ``i`` alone gives a value that fits the rule (:func:`_value_from`)."""
    value = _value_from(words, [i], rule)
    return value is not None and value[2]


_GLUED_VALUE = re.compile(r"^(.*[a-z])(\d[A-Z0-9-]{3,})$")
"""A word in lower case with a code of four characters or more glued on, opening with a
digit (``number747543107``): a label's last word and its value, the space lost."""


@dataclass(frozen=True, slots=True)
class _WindowLabel:
    """A label a window of words reads as, told by the words' texts alone
    (:func:`_window_labels`): a :class:`LabelHit` without the words' places."""

    rule: Rule
    label: str
    score: float
    inline: str | None
    norm_length: int
    alone: bool = False
    """Only when no word follows the window on its row (:func:`_word_follows`)."""


def _match_window(
    words: Sequence[OcrWord], window: list[int], index: _LabelIndex
) -> list[LabelHit]:
    """The labels a window of words reads, boxed over its words. None for a window opening
    with a word of no letter or digit: the window after it reads the same label, boxed
    over the label alone (14040's 0259: a band's edge read ``=`` before ``Membernumber``
    stretched the label's column over the name's suffix ``SR``, taken as the ID's
    prefix)."""
    if not any(c.isalnum() for c in words[window[0]].text):
        return []
    labels = _window_labels(tuple(words[i].text for i in window), index)
    if not labels:
        return []
    box = _union(words, window)
    return [LabelHit(rule=w.rule, label=w.label, indices=tuple(window), box=box,
                     score=w.score, inline=w.inline, norm_length=w.norm_length)
            for w in labels if not (w.alone and _word_follows(words, window[-1]))]


_DIGIT_WORD = re.compile(r"\d*[3479]\d*[:#;.]?")
"""A word of digits, a label's stop after it at most (``7:``), one of them at least a digit
OCR reads for no letter: ``10`` is a label's ``ID`` misread (``Client 10``), ``7:`` none."""


@functools.lru_cache(maxsize=8192)
def _window_labels(texts: tuple[str, ...], index: _LabelIndex) -> tuple[_WindowLabel, ...]:
    """The labels a window of words with these texts may be (:func:`_match_window`):
    common windows recur on every card, and on each closer read of a side."""
    whole = normalize_label("".join(texts))
    # A value glued to the last word after ':' or '#': "ID:W123", "GRP#866081"; or to a
    # label's last word in lower case, the space lost ("number747543107": the second
    # engine boxes a label and its value on one line as one word, 7171's 0102).
    glued = re.match(r"^(.*?[:#])(.+)$", texts[-1]) or _GLUED_VALUE.match(texts[-1])
    head = normalize_label("".join(texts[:-1]) + glued.group(1)) if glued else None
    label_shaped = texts[-1][-1:] in (":", "#", ";")  # ";" is a common misread of ":"
    # Only labels equal to the window (or its head) can score below, or labels at most 2
    # characters longer or shorter: long ones (fuzzy), and any when the window ends like a
    # label (misread).
    near = set(index.exact.get(whole, ()))
    if head is not None:
        near.update(index.exact.get(head, ()))
    shortest = len(whole) - 2 if label_shaped else max(len(whole) - 2, FUZZY_LABEL_MIN)
    if len(whole) >= MISREAD_LABEL_MIN:
        shortest = min(shortest, len(whole) - 1)
    if len(texts) == 1 and whole[:2] == "GR":
        near.update(index.short_group)  # (few; a misread of one may fall under the floor)
    floor = _similarity_floor(len(whole))
    for length in range(shortest, len(whole) + 3):
        if length in index.by_length:
            # Only labels this alike can score below (in C: most windows are no label).
            near.update(index.by_length[length][j] for _, _, j in process.extract(
                whole, index.norms_by_length[length], scorer=fuzz.ratio,
                score_cutoff=floor, limit=None))
    out = []
    for k in sorted(near):
        rule, norm = index.labels[k].rule, index.labels[k].norm
        score = 0.0
        inline = None
        alone = False
        if whole == norm:
            score = 1.0
        elif head == norm and glued is not None and clean_value(glued.group(2)):
            score, inline = 1.0, clean_value(glued.group(2))
        elif len(norm) >= FUZZY_LABEL_MIN and abs(len(whole) - len(norm)) <= 2 and (
                not (len(whole) < len(norm) and (norm.startswith(whole) or norm.endswith(whole)))
                or _last_word_clipped(texts, index.labels[k])):
            # A misread, not a cut: a plan's word 'MEDICAID' is no 'Medicaid ID'; but a
            # label whose last word lost its end letter to a mark is ('Member numbe~').
            ratio = fuzz.ratio(whole, norm, score_cutoff=FUZZY_LABEL_CUTOFF)
            score = ratio / 100.0 * 0.95
        elif label_shaped and norm in _BARE_RX and len(whole) == len(norm) and (
                whole[0] + whole[-1] == norm[0] + norm[-1]) and (
                whole[1] in _MIDDLE_MISREADS[norm]):
            # "Pen:" for "PCN:": a bare Rx label, its stop read; its middle letter alone
            # misread (a doctor's "PCP:" is none)
            score = WEAK_LABEL_SCORE
        elif not index.labels[k].reviewed or (whole.startswith("RX") and not norm.startswith("RX")):
            # Misread labels only for fields whose doubt goes to review ("PCP:" is no PCN),
            # and a pharmacy's label is none of theirs ("Rxpen:" of "RxPCN:" is no GRP NO).
            pass
        elif (
            # (a window that is another label exactly is that label: MEMBER, not MEMBER#)
            whole not in index.exact
            and MISREAD_LABEL_MIN <= len(norm) < FUZZY_LABEL_MIN and whole[:1] == norm[:1]
            and abs(len(whole) - len(norm)) <= 1
            and Levenshtein.distance(whole, norm, score_cutoff=1) == 1
        ):
            score = WEAK_LABEL_SCORE  # "Groug" for "Group" in small print
        elif not label_shaped and short_group_misread(whole, norm, rule, len(texts)) and (
                whole not in index.exact):
            # "GRE" or "Grpe" for "GRP" over its value: no word follows it on its row.
            score, alone = SHORT_GROUP_MISREAD_SCORE, True
        elif label_shaped and len(norm) <= 4:
            if Levenshtein.distance(whole, norm, score_cutoff=1) == 1:
                score = WEAK_LABEL_SCORE  # "1p:" for "ID:": label-shaped, one letter off
        elif label_shaped and abs(len(whole) - len(norm)) <= 1:
            # A misread keeps the label's length; a cut-off end ("Gro:" of "Rx Grp:")
            # is not the label it starts like.
            ratio = fuzz.ratio(whole, norm, score_cutoff=WEAK_LABEL_CUTOFF)
            score = WEAK_LABEL_SCORE * ratio / 100.0  # "srip¢:" for "SR ID#:"
        if 0 < score < 1.0 and len(texts) > 1 and not any(c.isdigit() for c in norm) and any(
                _DIGIT_WORD.fullmatch(t) for t in texts):
            # A word of digits is a value's, not a misread label's: 'Grou' '7:' is no
            # 'Group' (fresh 11111's 0259, blur: 'G073130' read 'GO' '7:' '31' '30'); but
            # 'Client 10' is 'Client ID' (10707's 0221).
            score = 0.0
        if score > 0:
            out.append(
                _WindowLabel(
                    rule=rule,
                    label=printed_label(
                        " ".join(texts)
                        if glued is None or inline is None
                        else " ".join([*texts[:-1], glued.group(1)])
                    ),
                    score=score,
                    inline=inline,
                    norm_length=len(norm),
                    alone=alone,
                )
            )
    if 2 <= len(texts) <= 3 and _CUT_START.fullmatch(texts[0]):
        out += _start_cut_labels(texts, index)
    if len(texts) == 1 and whole != "DOB" and _DOB_MISREAD.fullmatch(whole):
        out += [_WindowLabel(rule=index.labels[k].rule, label=printed_label(texts[0]),
                             score=WEAK_LABEL_SCORE, inline=None, norm_length=3)
                for k in index.exact.get("DOB", ())]
    if index.rx and len(texts) <= 2 and (
            whole[:1] in ("R", "X") or whole[1:2] == "X" or whole[:3] in _BARE_RX):
        out += _rx_window(texts, whole, index)
    return tuple(out)


_CUT_START = re.compile(r"[a-z]{3,}")
"""A label's first word whose start OCR lost (``ayer`` of ``Payer``): small letters only."""


def _start_cut_labels(texts: Sequence[str], index: _LabelIndex) -> list[_WindowLabel]:
    """Weak hits (``WEAK_LABEL_SCORE``: a value must fit) of the routing codes' labels of
    two words or more (:data:`ROUTING_FIELDS`: ``Payer ID``) whose first word OCR cut at
    its start (``ayer ID``, ``yer ID:`` where glare or the card's edge took the ``P``),
    the rest read exactly. Only those codes: the member ID's and the group's labels are
    read as their own rules say."""
    rest = normalize_label("".join(texts[1:]))
    cut = texts[0].upper()
    out = []
    for k in index.routing_by_length.get(len(rest) + len(cut) + 1, ()) + (
            index.routing_by_length.get(len(rest) + len(cut) + 2, ())):
        label = index.labels[k]
        head = label.norm[:len(label.norm) - len(rest)]
        if label.norm.endswith(rest) and head.endswith(cut):
            out.append(_WindowLabel(rule=label.rule, label=printed_label(" ".join(texts)),
                                    score=WEAK_LABEL_SCORE, inline=None,
                                    norm_length=len(label.norm)))
    return out


_DOB_MISREAD = re.compile(r"[DPV]O[BS8]")
"""A birth date's ``DOB`` as OCR misreads its small capitals (``pos:``, ``Dos:``,
``vos:``, normalised): a weak label, so only a date that fits its pattern is taken."""

SHORT_GROUP_MISREAD_SCORE = 0.5
"""Score of a short group label (``GRP``) read one letter off with no colon after it
(``GRE``, ``Grpe``): its value (which must fit) goes to review, under the group's bar."""
SHORT_GROUP_MISREAD_LENGTHS = (3, 4)
"""Normalised lengths of a one-word window that may be a misread short group label."""


def short_group_misread(whole: str, norm: str, rule: Rule, words: int) -> bool:
    """True when ``whole`` (one word, normalised, 3 or 4 characters) is the group's short
    label ``norm`` (``GRP`` or ``GRP#``, under :data:`MISREAD_LABEL_MIN` characters without
    its ``#``) one letter off and beginning as it does (``GRE``, ``GRPE``): small print
    misread. ``GAP`` or ``ORP`` begin otherwise; a one-edit word like ``GRIP`` takes only a
    value fitting the group's format, uncertain. Letters only: a mark for a letter
    (``GR™``, ``GR¢``) is a trace of a lost label (:func:`pipeline.process.group_trace`),
    whose code closer reads may confirm."""
    short, letters = norm.rstrip("#"), whole.rstrip("#")
    return (
        getattr(rule, "name", None) == "group_number" and words == 1
        and letters.isascii() and letters.isalpha()
        and len(short) < MISREAD_LABEL_MIN and whole[:2] == short[:2]
        and SHORT_GROUP_MISREAD_LENGTHS[0] <= len(whole) <= SHORT_GROUP_MISREAD_LENGTHS[1]
        and letters != short
        and Levenshtein.distance(letters, short, score_cutoff=1) == 1
    )


PREFIX_GAP = 1.0
"""Widest gap (in the word's height) after a short word that makes it the start of what
follows on its row: a member ID's prefix (``GRZ 699481340``), a word of a phrase."""


def _word_follows(words: Sequence[OcrWord], i: int) -> bool:
    """True when a word starts on word ``i``'s row within :data:`PREFIX_GAP` of its height
    after it: ``i`` begins a code or a phrase (a Blue plan's ``GRZ`` before its number),
    no misread label standing alone. Card frame, pixels."""
    b = words[i].box
    h = max(b.height, 1.0)
    return any(j != i and same_row(w.box, b) and 0 <= w.box.left - b.right <= PREFIX_GAP * h
               for j, w in enumerate(words))


RX_FIELDS = frozenset({"rx_bin", "rx_pcn", "rx_group"})
"""The pharmacy's routing fields, whose labels may be read misread or glued to their value
(:func:`_rx_window`)."""
_BARE_RX = frozenset({"BIN", "PCN"})
_MIDDLE_MISREADS = {"PCN": "EOG", "BIN": "LT"}
"""Letters OCR reads for the middle letter of a bare pharmacy label (``Pen:``, ``Pon:``;
``BlN``): a misread label is only one read so (``pin:`` is a BIN's, ``PCP:`` a doctor's)."""
"""Pharmacy labels printed without their ``Rx`` that a value may be glued to
(``Bin610014``)."""


def misread_rx(text: str, norm: str) -> bool:
    """True when ``text`` (normalised) is the pharmacy label ``norm`` (``RXPCN``, ``RXGRP``,
    ``RXBIN``: five letters or more) read one letter off: ``RXPEN``, ``RXGIP``, ``RXXBIN``,
    ``RABIN``, ``AXPCN``, ``XBIN``. No card word is one letter from these, and a misread
    label takes only a value that fits its field's pattern."""
    return (
        len(norm) >= 5 and norm.startswith("RX") and abs(len(text) - len(norm)) <= 1
        and (text[:1] in ("R", "X") or text[1:2] == "X")
        and Levenshtein.distance(text, norm, score_cutoff=1) == 1
    )


def _rx_window(texts: Sequence[str], whole: str, index: _LabelIndex) -> list[_WindowLabel]:
    """Pharmacy labels of a window that :func:`_match_window`'s exact rules miss: read
    one letter off (:func:`misread_rx`: ``Rxpen:``, ``Rxgip``), also with a value glued
    after ``:`` (``Rxpen:IS``), and glued to their value with no stop (``RXPCNADV``,
    ``RxpenRX``, ``Bin610014``: at a change of case, before a digit or a full stop, or
    after an exact label among capitals). A glued value must fit the label's pattern."""
    out = []
    for head, value, printed, cut in _rx_heads(texts, whole, index):
        for k in index.rx:
            label = index.labels[k]
            if abs(len(label.norm) - len(head)) > 1:
                continue
            if head == label.norm and value is not None and cut != ":":
                # (after ':' or '#' an exact label is _match_window's already; a bare 'PCN'
                # only at a clear cut: 'PcnNJWZ', not 'PCNADV')
                if label.norm in _BARE_RX and cut == "caps":
                    continue
                score = 1.0
            elif cut != "caps" and misread_rx(head, label.norm):
                score = WEAK_LABEL_SCORE
            else:
                continue
            if value is not None and not fits_pattern(label.rule, value):
                continue
            out.append(_WindowLabel(rule=label.rule, label=printed, score=score, inline=value,
                                    norm_length=len(label.norm)))
    return out


def _rx_heads(
    texts: Sequence[str], whole: str, index: _LabelIndex
) -> list[tuple[str, str | None, str, str]]:
    """Ways a window may be a label and a glued value: ``(normalised label, value, label as
    printed, cut)``, the whole window first (no value; not when it is a label exactly), then
    each cut of its last word: ``":"`` after a colon or ``#``, ``"clear"`` at a change of
    case or before a digit or full stop, ``"caps"`` between two capitals (an exact label
    only: ``RXPCN|ADV``)."""
    heads: list[tuple[str, str | None, str, str]] = []
    if whole not in index.exact:
        heads.append((whole, None, " ".join(texts), ""))
    last, before = texts[-1], "".join(texts[:-1])
    for k in range(1, len(last)):
        a, b = last[k - 1], last[k]
        if not a.isalpha() or not (b.isalnum() or b in ".:#"):
            continue
        if b in ":#":
            cut = ":"
        elif b == "." or b.isdigit() or (a.islower() and b.isupper()):
            cut = "clear"
        elif a.isupper() and b.isupper():
            cut = "caps"
        else:
            continue
        value = clean_value(last[k:])
        if value:
            heads.append((normalize_label(before + last[:k]), value,
                          printed_label(" ".join([*texts[:-1], last[:k]])), cut))
    return heads


def _similarity_floor(length: int) -> float:
    """The lowest ``fuzz.ratio`` (0-100) at which a window of this normalised length can
    score as a label other than exactly in :func:`_match_window`: every inexact branch asks
    for ``WEAK_LABEL_CUTOFF`` or more, or for one edit at most, to a label of at least
    1 character and at most one shorter than the window (an edit costs 2 in the ratio's
    InDel distance). Less a half point for rounding."""
    one_edit = 100.0 * (1.0 - 2.0 / (length + max(length - 1, 1)))
    return max(0.0, min(WEAK_LABEL_CUTOFF, FUZZY_LABEL_CUTOFF, one_edit) - 0.5)


def _last_word_clipped(texts: Sequence[str], label: _Label) -> bool:
    """True when ``texts`` are ``label``'s words, all of them, with the last one's final
    letter lost (``Member numbe`` of ``Member Number``): a mark or the card's edge clipped
    it. A window of fewer words than the label is another phrase (``MEDICAID``), and so is
    one short of a sign, not a letter: ``MEDI CAID`` (a PCN's ``MEDICAID`` parted by motion
    blur, 8282's 0056) is no ``Medicaid #``."""
    if len(texts) != label.tokens or len(texts) < 2 or not label.norm[-1:].isalpha():
        return False
    whole = normalize_label("".join(texts))
    return len(whole) == len(label.norm) - 1 and label.norm.startswith(whole)


NAME_FIELDS = frozenset({"member_name", "subscriber_name"})
"""Fields whose values are people's names."""


_NAME_PARTICLES = frozenset({"van", "von", "de", "del", "der", "den", "da", "di", "la", "le",
                             "du", "st", "bin", "al", "el"})
"""Lower-case words a person's name may hold (``Ludwig van Beethoven``)."""
_OPENING_PARTICLES = frozenset({"st", "van", "von", "der", "den", "del"})
"""Particles that open a surname and are none themselves (unlike ``LE``, ``DU``): no name
ends with one."""
_STATES = frozenset(
    """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV
    NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR""".split()  # noqa: SIM905
)
"""US state abbreviations (the end of a city line, never of a name after a comma)."""


PLAN_WORDS = frozenset({
    "PPO", "HMO", "EPO", "POS", "HDHP", "HSA", "PFFS", "SNP", "D-SNP", "DSNP", "GOLD",
    "SILVER", "BRONZE", "PLATINUM", "CATASTROPHIC", "CHOICE", "SELECT", "PLUS", "ADVANTAGE",
    "ACCESS", "NETWORK", "ESSENTIAL", "CORE", "VALUE", "CLASSIC", "SIMPLE", "SIGNATURE",
    "PRIME", "PREMIER", "FREEDOM", "LIBERTY", "OPTIONS", "BASIC", "STANDARD", "PREFERRED",
    "COMPLETE", "MANAGED", "PRECISION", "PRIORITY",
})
"""Words plans are named with (``Blue Choice PPO``, ``Silver HMO 3000``, ``Open Access``,
``Medicaid Managed Care``), upper-cased, brackets dropped: a line of capitalised words
holding one is a plan's name."""


_FIRM_ENDS = frozenset({"INC", "LLC", "CO", "CORP", "CORPORATION", "COMPANY", "LTD", "LLP",
                        "PLLC", "INCORPORATED"})
"""Last words of a firm's name (``Tailspin Toys LLC``): never of a person's."""
_FIRM_WORDS = frozenset(
    """MANUFACTURING INDUSTRIES LOGISTICS SYSTEMS SOLUTIONS ENTERPRISES TECHNOLOGIES
    TECHNOLOGY HOLDINGS INTERNATIONAL CONSTRUCTION CONSULTING TRUCKING SCHOOL SCHOOLS
    DISTRICT UNIVERSITY UNIV COLLEGE INSTITUTE ACADEMY COUNTY HOSPITAL ASSOCIATION
    DEPARTMENT AUTHORITY FOUNDATION COMMUNITY""".split()  # noqa: SIM905
)
"""Words of a firm's or an institution's name anywhere in it (``ACME MANUFACTURING``, its
``CO`` unread; a student plan's school, ``RIDGE SCHOOL`` of an employer's ``BLUE RIDGE
SCHOOL DISTRICT``, 13232's 0190): never of a person's."""
_FIRMS = _FIRM_WORDS | _FIRM_ENDS
"""A firm's or an institution's words: a run of words holding one is no person's name,
nor any of its first words (``Tailspin Toys`` of ``Tailspin Toys LLC``)."""
_TITLES = frozenset({"DR", "DOCTOR"})
"""Titles that make a name a physician's (the PCP a card names)."""


_PHRASE_WORDS = frozenset({"OF", "THE", "AND", "FOR", "DESK"})
"""Words that join a phrase (an employer's, a plan's: ``CITY OF SPRINGFIELD``), or end a
phone's label (``Help Desk``, 11616's 0265 ``HelpTe Desk``), in any case: no person's name
holds one."""


LONG_CARD_WORD_LETTERS = 6
"""Fewest letters of a card word (:data:`_NOT_NAMES`) that no person's name holds,
read exactly (``PHARMACY``, ``SERVICES``); shorter ones (``GOLD``, ``CARE``) may be a
surname's."""
_NAME_LIKE_CARD_WORDS = frozenset({"MEMBER", "MEMBERS", "SILVER", "CENTER", "CHOICE"})
"""Card words of :data:`LONG_CARD_WORD_LETTERS` letters or more that a name may hold
(the sample ``JOHN Q MEMBER``; surnames)."""
_SCHOOL_WORDS = frozenset({"UNIVERSITY", "COLLEGE", "INSTITUTE", "ACADEMY", "SCHOOL", "SCHOOLS",
                           "DISTRICT", "COMMUNITY"})
"""Card words of a school's name, which the long-word rule leaves to the older ones (two
card words, :func:`plausible_name`): a school's name a name's label took stays taken, not
left for a school's rule to read in part (9696's 0337: ``Pinecrest. Institute of``)."""


def _long_card_word(token: str) -> bool:
    """True for a word of card vocabulary no name holds (:data:`LONG_CARD_WORD_LETTERS`)."""
    t = token.upper().strip(",.:")
    return len(t) >= LONG_CARD_WORD_LETTERS and t in _NOT_NAMES and t not in (
        _NAME_LIKE_CARD_WORDS | _SCHOOL_WORDS)


def plausible_name(value: str) -> bool:
    """False for a labelled name's value that is a sentence's words (``the number below
    for``: names print in capitals or title case), a phrase's (:data:`_PHRASE_WORDS`:
    ``OF SPRINGFIELD``), a city and state (``Albany, NY``), or
    what is left of a name OCR read in part: under two words of two letters or more
    (``BRIDGET N``, ``N SCHWARTZ``: a first name or a surname lost; a suffix or a
    surname's opening particle is no such word: ``ST JOHN II``), or a name ending in a
    particle that opens a surname (``Svetlana Isaac St``),
    or one of two card words (:func:`card_word`: ``Health Insurance``), or a firm's name
    (:data:`_FIRM_ENDS`, :data:`_FIRM_WORDS`: ``ACME MANUFACTURING CO``)."""
    tokens = value.split()
    if any(t.isalpha() and t.islower() and t not in _NAME_PARTICLES for t in tokens):
        return False
    if sum(len(re.sub("[^A-Za-z]", "", t)) >= 2 and t.upper().strip(".,") not in NAME_SUFFIXES
           and t.lower().strip(".,") not in _OPENING_PARTICLES for t in tokens) < 2:
        return False  # (nor a surname's opening particle: 'ST JOHN II', 12121's 0130)
    if tokens and tokens[0].upper().strip(".,") in _TITLES:
        return False  # 'DR TOMAS NAVARRO': the primary care doctor, never the member
    if tokens and tokens[-1].lower() in _OPENING_PARTICLES:
        return False  # 'Svetlana Isaac St': the surname's last word lost ('john')
    if sum(card_word(t) for t in tokens) >= 2:
        return False  # 'Health Insurance' under 'Student' (of a student health plan's head)
    if any(_long_card_word(t) for t in tokens):
        return False  # 'Pharmacy He' under 'Member' of 'Member Services' (9595's 0304)
    if any(t.upper() in _PHRASE_WORDS for t in tokens):
        return False  # 'OF SPRINGFIELD' of 'CITY OF SPRINGFIELD' under 'Grou Name' (9797's 0248)
    if (tokens and tokens[-1].upper().strip(".,") in _FIRM_ENDS) or any(
            t.upper().strip(".,") in _FIRM_WORDS for t in tokens):
        return False  # 'ACME MANUFACTURING CO' under a garbled 'Group Name:': the employer
    return not (len(tokens) == 2 and tokens[0].endswith(",") and tokens[1] in _STATES
                and not tokens[0].isupper())


def capitalised(value: str) -> bool:
    """True when every word of a name starts with a capital, but a particle
    (:data:`_NAME_PARTICLES`), and the name does not mix case (:func:`_mixed_case`):
    ``pS JOHN Q PUBLIC`` holds a speck's reading."""
    return all(t[:1].isupper() or t in _NAME_PARTICLES for t in value.split()) and not (
        _mixed_case(value))


_MISREAD_ROMAN = re.compile(r"(?<= )(?:[Il1|!]{2,3}|[Il1|!]{2}[TL])$")
_MISREAD_JR = re.compile(r"(?<= )(?:[Il1|]|J[JIl1|])R$")
"""A suffix ``JR`` with its J read as an I-like stroke (``IR``) or read twice (``JJR``)."""


def roman_suffix(name: str) -> str:
    """A name whose generational suffix OCR read with ``l``, ``1`` or ``!`` for ``I``
    (``JOHN Q MEMBER Il``, ``GALLAGHER II!``: 11616's 0167), or its third ``I`` as ``T``
    or ``L`` (``KOWALCZYK IIT``, ``DELACRUZ IIL``: 11717's 0242), with it as printed
    (``II``, ``III``); a ``JR`` read ``IR`` or ``JJR`` likewise (no name ends so)."""
    name = _MISREAD_JR.sub("JR", name)
    return _MISREAD_ROMAN.sub(lambda m: "I" * len(m.group()), name)


_GLUED_ST = re.compile(r"(?<= )([A-Z])(ST|St)(?= )")
"""A middle initial glued to the particle ``ST`` after it (``ELIJAH PST JOHN``: no name's
word is a capital and ``ST``, which holds no vowel)."""
_BAR_L = re.compile(r"(?<![\w'])l(?=[b-df-gj-km-np-tv-xz][a-z]*\b)")
"""A word's first letter read as a lower-case ``l`` before a lower-case consonant no name
starts ``L`` with (``Ximena K lbrahim``, ``lsaac``): a capital ``I``, as a name's words
start with a capital, but a particle. Before a vowel it may be an ``L`` (``lopez``)."""


_ABBREVIATIONS = frozenset({"JR", "SR", "ST", "JNR", "SNR", "DR", "MR", "MRS", "MS"})
"""A name's words of two letters or more that may print with a full stop (``JR.``,
``ST. JOHN``): abbreviations. No other word of a name does (``PHAM.``, ``III.``)."""
_STOPPED_WORD = re.compile(r"([A-Za-z][A-Za-z'-]*[A-Za-z])\.(,?)")
"""A word of two letters or more and a full stop after it (a comma may follow)."""


def speck_stops(name: str) -> str:
    """A name with the full stop OCR read after a word that prints none dropped: a speck
    beside its last letter (``AARON PHAM.``, ``ZOEY. REYES``, ``EVELYN DUBOIS III.`` on a
    photocopy): only an initial (``Q.``) or an abbreviation (:data:`_ABBREVIATIONS`:
    ``JR.``) prints one. Other words as they are."""
    def unstopped(token: str) -> str:
        m = _STOPPED_WORD.fullmatch(token)
        if m is None or m.group(1).upper() in _ABBREVIATIONS:
            return token
        return m.group(1) + m.group(2)
    return " ".join(unstopped(t) for t in name.split(" "))


_STOP_GLUED_SUFFIX = re.compile(r"(?<=[A-Za-z]{2})[.'’](?=(?:JR|SR|II|III|IV)$)")
"""A full stop or an apostrophe between a name's last word and its generational suffix,
no space (``JENSEN.SR``, 9797's 0376; ``PETERSEN'SR``, 9696's 0120: OCR read a speck in
the space as a mark; no suffix prints so)."""
_MARKED_INITIAL = re.compile(r"(?<![\w'’.])([A-Z][A-Za-z]+)['’.]([A-Z])(?= )")
"""A given name and its middle initial with an apostrophe or a full stop read in the space
between them (``ELIJAH'M RASMUSSEN``: 9797's 0021; ``JANE.Q SAMPLE``, 12020's 0245); a
name's apostrophe follows one letter (``O'BRIEN``) and more letters follow it."""
_SEX_AFTER_NAME = re.compile(r"^([A-Z][A-Za-z'-]+ [A-Z]\.? [A-Z][A-Za-z' -]+?) [MF]$")
"""A name of a given name, a middle initial and a surname with one more capital ``M`` or
``F`` after it: the sex printed in the next column, read on the name's row (``REGINALD S
NAVARRO M``: 9696's 0053, 9595's 0318); no name prints a second initial after its
surname."""


_ST_GLUED = re.compile(
    r"(?<![\w'’-])(S[Tt]\.?)(JOHN|John|CLAIR|Clair|PIERRE|Pierre|GERMAIN|Germain|ONGE|Onge|"
    r"CYR|Cyr|AMANT|Amant|LAURENT|Laurent|DENIS|Denis|MARTIN|Martin|GEORGE|George|"
    r"JAMES|James|LOUIS|Louis|CROIX|Croix)(?![\w'’-])")
"""A surname of the particle ``St`` and a saint's name (``ST JOHN``, ``St. Clair``) that
OCR read as one word, the narrow space lost (``NIKOLAI A STJOHN``: 12424's 0004, 12929's
0275, 11818's 0121)."""
_RUN_TOGETHER = re.compile(r"(?<![\w'’-])([A-Z][a-z]{3,})([A-Z][a-z]{2,})(?![\w'’-])")
"""Two words of a name in mixed case that OCR read as one (``AbigailAdrian``,
``BridgetMcallister``: 13030's 0087 and 0120, a capital's overhang closing the space):
a word of four letters or more, a capital and two more. Names that print a capital inside
a word start it after fewer (``McKenzie``, ``MacDonald``, ``DeShawn``, ``LaToya``) or
after a prefix of :data:`_JOINED_PREFIXES`."""
_JOINED_PREFIXES = frozenset({"Fitz", "Vander", "Vande", "Della", "Delle", "Dela"})
"""Prefixes of four letters or more that a surname may join to its capitalised rest
(``FitzGerald``, ``VanderMeer``)."""


def run_together_parted(name: str) -> str:
    """A name in mixed case with two words OCR read as one parted (:data:`_RUN_TOGETHER`);
    a name in capitals as it is. Only the name taken (:func:`pipeline.process.
    name_respaced`): words of one name OCR boxed as one (``MinhPham``, ``P`` boxed inside
    ``Minh``) do not make a candidate name of their own.

    >>> run_together_parted("AbigailAdrian Huynh"), run_together_parted("Ada McKenzie")
    ('Abigail Adrian Huynh', 'Ada McKenzie')
    """
    return _RUN_TOGETHER.sub(
        lambda m: m.group(0) if m.group(1) in _JOINED_PREFIXES else f"{m.group(1)} {m.group(2)}",
        name)


_OPENING_QUOTE = re.compile(r"(?:(?<=\s)|^)[‘’'`´\"“”]+(?=[A-Za-z])")
"""Quote marks opening a word of a name: no name's word starts with one."""


def mended_name(name: str) -> str:
    """A name read by OCR with the misreadings only a name's shape tells mended: its
    suffix (:func:`roman_suffix`), a middle initial glued to ``ST`` (``ELIJAH PST JOHN``
    → ``ELIJAH P ST JOHN``), a word's capital ``I`` read ``l`` (``lbrahim``; not a
    particle's ``la``, ``le``), a middle initial read twice (:func:`single_initial`), a
    speck read as a full stop after a word (:func:`speck_stops`: ``PHAM.``), or between
    it and its suffix (``JENSEN.SR``, :data:`_STOP_GLUED_SUFFIX`), an apostrophe or a
    full stop before a middle initial (:data:`_MARKED_INITIAL`: ``ELIJAH'M``, ``JANE.Q``),
    the sex read after a name with its middle initial (:data:`_SEX_AFTER_NAME`) and a
    doctor's name read on after it (:func:`_before_a_title`) left out, a quote mark a
    word opens with (a speck read ``‘``: 11515's 0265, ``OWEN W ‘SOLBERG``; an
    apostrophe inside a word stays: ``O'BRIEN``), and a saint's name and its ``ST`` read
    as one word parted (:data:`_ST_GLUED`)."""
    name = _ST_GLUED.sub(r"\1 \2", _OPENING_QUOTE.sub("", name))
    name = _STOP_GLUED_SUFFIX.sub(" ", _MARKED_INITIAL.sub(r"\1 \2", name))
    name = _GLUED_ST.sub(r"\1 \2", roman_suffix(speck_stops(name)))
    name = single_initial(" ".join(t if t.lower() in _NAME_PARTICLES else _BAR_L.sub("I", t)
                                   for t in name.split(" ")))
    return _SEX_AFTER_NAME.sub(r"\1", _before_a_title(name))


def _before_a_title(name: str) -> str:
    """A name of two words or more with the words from a title on (``DR JACOB PHAM``: the
    primary care doctor printed in the next column, read on the name's row: 9696's 0305)
    left out; a name that opens with a title as it is (:func:`plausible_name` rules it
    out)."""
    tokens = name.split(" ")
    cut = next((k for k, t in enumerate(tokens) if k >= 2 and t.upper().strip(".,") in _TITLES),
               len(tokens))
    return " ".join(tokens[:cut])


_DOUBLED_INITIAL = re.compile(r"([A-HJ-Z])\1|Cc|Kk|Oo|Pp|Ss|Uu|Vv|Ww|Xx|Zz")
"""One capital twice, ``II`` aside (a suffix, or two strokes), or then as the small letter
of the same shape (``Deshawn Ss Mcallister``, 13333's 0053): no name's word."""


def single_initial(name: str) -> str:
    """A name with a middle initial OCR read twice, as one word (``NORA LL MCALLISTER``)
    or as two (``OWEN M M SINGH IV``), with it once: no name's word is one capital twice,
    and no name prints one initial twice over. Only between its first and last words."""
    tokens = name.split(" ")
    out = tokens[:1]
    for k, t in enumerate(tokens[1:-1], start=1):
        if _DOUBLED_INITIAL.fullmatch(t):
            t = t[0]
        if len(t) == 1 and t.isupper() and out[-1] == t and k > 1:
            continue
        out.append(t)
    return " ".join(out + tokens[-1:]) if len(tokens) > 1 else name


_BAR_READINGS = frozenset({"|", "l", "1", "!"})
"""What OCR makes of a sans-serif capital I standing alone: a bare stroke."""
_WORD_TAIL = re.compile(r"(.*[A-Za-z])([\"'‘’“”*~!@^_=|\\/.,-]*)")
"""A word's letters and the marks OCR may read after them (no digit, no label's colon)."""
_HOOKED_J = re.compile(r"([A-Z][A-Za-z]+)[\])}]")
"""A given name with its middle initial ``J`` glued on and read as a closing bracket, the
J's hook (``STELLA]``, ``MIA)``: no name's word ends in one)."""
_WORD_HEAD = re.compile(r"[*~^_=.,-]+(?=[A-Z])")
"""Specks OCR read before a word's first capital (``.IV``): no name's word starts with
one. Not a stroke (``|``, ``!``, ``/``), which may be a letter's (an ``I``), nor a quote
(``‘Dolores``: a mark's remnant on a photocopy, 5555's 0085, where a name may not be)."""


def name_words(texts: Sequence[str]) -> list[str]:
    """A name's words as OCR read them, with a lone stroke or zero between two words read
    as the middle initial I or O it is (``Wei | Green``, ``Patricia 0 Campbell``), and
    marks OCR read after a word's last letter dropped (``SINGH”``, ``D*---.``), but a
    comma (``LAST,``) or an initial's full stop, and those before its first capital
    (:data:`_WORD_HEAD`: ``.IV``); a word ending in a closing bracket before
    another is a given name and the initial J (:data:`_HOOKED_J`: ``STELLA]``, one word
    ``STELLA J``). Other words stay as read: a word holding
    no letter (``@`` may be a lost ``Q``), digits (a code's), a colon (a label's)."""
    out = []
    for k, t in enumerate(texts):
        if 0 < k < len(texts) - 1 and t in _BAR_READINGS:
            t = "I"
        elif 0 < k < len(texts) - 1 and t == "0":
            t = "O"  # a round initial read as the digit ('Patricia 0 Campbell')
        elif k < len(texts) - 1 and (m := _HOOKED_J.fullmatch(t)):
            t = m.group(1) + " J"  # 'STELLA]' 'GALLAGHER': the initial J's hook
        elif (m := _WORD_TAIL.fullmatch(t)) and m.group(2) not in ("", ",", "."):
            t = m.group(1) + ("," if "," in m.group(2) else "")
        out.append(_WORD_HEAD.sub("", t, count=1) if _WORD_HEAD.match(t) else t)
    return out


def name_debris_trimmed(name: str) -> str:
    """A name read off a line with what OCR made of specks beside the print dropped from
    its ends: short words holding no capital letter, no name particle nor suffix (``Earl S
    Mcallister re``, ``l THANH S KOWALCZYK III``, ``JANE Q SAMPLE -.``): names print each
    word capitalised. At most two letters at the end, one at the start: a longer word is
    a misread part of the name (``cated`` for ``Caleb``), which stays to fail the name."""
    tokens = name.split()

    def debris(t: str, most: int) -> bool:
        letters = re.sub("[^A-Za-z]", "", t)
        return not re.search("[A-Z]", t) and len(letters) <= most and (
            t.lower() not in _NAME_PARTICLES and t.upper() not in NAME_SUFFIXES)

    while tokens and debris(tokens[-1], 2):
        tokens.pop()
    while tokens and debris(tokens[0], 1):
        tokens.pop(0)
    return " ".join(tokens)


def speckless(name: str) -> str:
    """A name printed in capitals with the lower-case letters of its words of mixed case
    dropped (``TAMIKA Jc OKONKWO`` → ``TAMIKA J OKONKWO``): what OCR made of a speck
    beside a letter (:func:`_mixed_case`). Other names as they are."""
    if not _mixed_case(name):
        return name
    return " ".join(re.sub("[a-z]", "", t) if re.search("[A-Z]", t) else t
                    for t in name.split())


RIVAL_NAME_MAX_HEIGHT = 2.5
"""Tallest another person's name may be, in median word heights of its side, to keep the
subscriber from being taken for the member (:func:`member_from_subscriber`): a member's
name under the logo may print large (``CONNOR HUYNH`` 1.9 times a small-print side's
body), taller than a lone name is trusted at (:data:`LONE_NAME_MAX_HEIGHT`)."""


def member_from_subscriber(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
    template: Template | None = None,
) -> dict[str, FieldReading]:
    """``found`` with the subscriber's name as the member's when the card names only a
    subscriber: a card naming no other person is the subscriber's own. Where another
    unlabelled name is printed (a dependant's card, the member's name under the logo that
    lost its place), or a member's name label (:func:`_member_label`: its name lost), the
    member is not the subscriber for sure and stays unnamed. Given
    the ``template``, its labels' words are no one's name (``Gender Male``, ``Grp No.``
    are a label and its value): a row's words are judged between them; nor is a row
    holding a word of the carrier's name (:func:`brand_words`: ``KAISER PERMANENTE``,
    ``Cigna Connect``, 9797's 0273 and 9696's 0232)."""
    out = dict(found)
    subscriber = out.get("subscriber_name")
    if subscriber is None or "member_name" in out:
        return out
    # Another person is named on the subscriber's side (a back's wordmark is no one, nor
    # the front's first line, nor another field's value: 'Tailspin Toys' the employer).
    page = next(page for side, page in pages if side == subscriber.side)
    words = page.words
    body = _body_height(words)
    first_line = min(w.box.bottom for w in words)
    values = [r.box for r in out.values() if r.side == subscriber.side and r.box is not None]
    hits = side_labels(page, template, subscriber.side) if template is not None else []
    if any(_member_label(words, h) for h in hits):
        return out  # the card labels the member apart: its value was lost, not printed
    labels = {i for h in hits for i in h.indices}
    brand = brand_words([template.name or "", *template.keywords]) if template else frozenset()
    rows = [part for run in row_runs(words, range(len(words)))
            for part in _parts_between(run, labels)]
    for run in map(partial(name_part, words), rows):
        box = _union(words, run)
        itself = overlap_share(subscriber.box, box) > 0.5  # with its label, maybe
        if itself or any(overlap_share(box, v) > 0.5 for v in values):
            continue
        if _brand_words(words, run, brand):
            continue  # the carrier's or its plan's name ('Cigna Connect': 9696's 0232)
        # The smallest word's height: any doubt that another person is named keeps the
        # member unnamed.
        if (box.top >= first_line or _name_evidence(words, run)) and min(
                words[i].box.height for i in run) <= RIVAL_NAME_MAX_HEIGHT * body and _maybe_a_name(
                words, run, opened=True) and not _in_a_list(words, run):
            return out
    out["member_name"] = replace(subscriber, name="member_name")
    return out


def _member_label(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True for a member's name label read whole (``Enrollee``, ``Member``) that is no
    part of a longer phrase (:func:`_inside_longer_phrase`): a card printing one beside a
    subscriber's labels the member apart, though OCR lost the name (glare)."""
    return (isinstance(hit.rule, FieldRule) and hit.rule.name == "member_name"
            and hit.score >= 1.0 and not _inside_longer_phrase(words, hit))


def _parts_between(run: Sequence[int], cuts: Collection[int]) -> list[list[int]]:
    """The parts of a run (word indices) between the words in ``cuts``, none empty."""
    parts: list[list[int]] = [[]]
    for i in run:
        if i in cuts:
            parts.append([])
        else:
            parts[-1].append(i)
    return [p for p in parts if p]


NAME_MIN_CONFIDENCE = 0.5
"""Least confidence of a member's name returned: it is never reviewed, and a portal
prefilled with a misread name (``EMIKO CASTIIO`` at 0.35) is worse than an empty one."""


_CAPITALS_THEN_LOWER = re.compile(r"\b[A-Z]{2,}[a-z]")
"""A word of two capitals or more going on in lower case (``ACMEer``: 9797's 0097, an
employer's words read on after ``Gabriel Evelyn Huynh``): no name's word prints so."""


def trusted_name(found: Mapping[str, FieldReading]) -> dict[str, FieldReading]:
    """``found`` without a member's name read under :data:`NAME_MIN_CONFIDENCE`, or with a
    word of mixed case in a name printed in capitals (``TAMIKA Jc OKONKWO``,
    ``GABRIEL CaeREYES``: OCR's misreading of a letter or a speck), or a word whose
    capitals go on in lower case (:data:`_CAPITALS_THEN_LOWER`), or a suffix cut short
    (:func:`cut_suffix`)."""
    out = dict(found)
    name = out.get("member_name")
    if name is not None and (name.confidence < NAME_MIN_CONFIDENCE or _mixed_case(name.value)
                             or cut_suffix(name.value) or _CAPITALS_THEN_LOWER.search(name.value)):
        del out["member_name"]
    elif name is not None and (unglued := _GLUED_INITIAL.sub(r"\1 \2", name.value)) != name.value:
        out["member_name"] = replace(name, value=unglued)
    return out


_GLUED_SUFFIX = re.compile(r"[A-Za-z]{3,}(?:II|III|IV|JR|SR)")


def suffix_glued(name: str) -> bool:
    """True for a name of two words or more whose last word may be a surname with its
    generational suffix glued on (``ROSA P IBRAHIMIV``): OCR lost the space, or the
    surname ends so (``ROMANIV``); a closer reading tells."""
    tokens = name.split()
    return len(tokens) >= 2 and _GLUED_SUFFIX.fullmatch(tokens[-1].strip(".,")) is not None


def cut_suffix(name: str) -> bool:
    """True for a name ending in what OCR left of a generational suffix it cannot say
    whole: ``IT``, ``ITI`` (``II`` or ``III``, :data:`_STROKES_AND_T`), or a lone ``I``
    or ``V`` after a name that already has its middle initial (``CONNOR B BROOKS I`` of
    ``... III``; ``ABIGAIL S ST JOHN V`` of ``... IV``, 9696's 0340, the fifth rarer than
    the fourth read cut): no name ends so."""
    tokens = name.split()
    if len(tokens) < 3 or "," in name:
        return False
    last = tokens[-1]
    return _STROKES_AND_T.fullmatch(last) is not None or (
        last in _BAR_READINGS | {"I", "V"} and any(_INITIAL.fullmatch(t) for t in tokens[1:-1]))


_STROKES_AND_T = re.compile(r"(?=.*T)[IT]{2,3}")
"""What OCR left of a suffix ``II`` or ``III`` with a stroke read ``T`` (``IT``, ``ITI``,
``TII``): which of the two it was, no reading says."""


_GLUED_INITIAL = re.compile(r"\b([A-Z][a-z]+)([A-Z])(?= )")
"""A title-case first name with its middle initial glued on (``ThomasE Rivera``: OCR lost
the space; a name's word never ends in a capital)."""


def _mixed_case(name: str) -> bool:
    """True when a name mixes words in capitals (two letters or more, not a suffix) with
    words holding a lower-case letter other than a title-case first name with its initial
    glued on (``TAMIKA Jc OKONKWO``, ``GRACE Specialist``): names print in one case."""
    tokens = [t.strip(",.") for t in name.split() if re.search(r"[A-Za-z]", t)]
    upper = [t for t in tokens if t.isupper() and len(t) > 1 and t not in NAME_SUFFIXES]
    lower = [t for t in tokens if any(c.islower() for c in t)
             and _GLUED_INITIAL.fullmatch(t) is None]
    return bool(upper) and bool(lower)


def _body_height(words: Sequence[OcrWord]) -> float:
    """The median height (pixels) of a side's words read with some confidence
    (:data:`LONE_NAME_MIN_OCR`; all where none is): its body text's, not a shaken photo's
    specks read as words a pixel high; 0 with no words."""
    heights = sorted(w.box.height for w in words if w.confidence >= LONE_NAME_MIN_OCR) or sorted(
        w.box.height for w in words)
    return heights[len(heights) // 2] if heights else 0.0


def _maybe_a_name(
    words: Sequence[OcrWord], run: Sequence[int], opened: bool = False
) -> bool:
    """True when a run of two to five words, none of them card vocabulary, holds two
    capitalised words of three letters or more: a name, perhaps with a word misread
    (``porores SOLBERG III``); not a plan's or network's name (``Oxford Liberty Network``).
    ``opened``: a bracket or quote before the first word is taken for a misread first
    letter (``(SAAC A ZIMMERMAN``, its I read ``(``)."""
    texts = [clean_value(words[i].text) for i in run]
    if opened and texts:
        texts[0] = texts[0].lstrip("([{'\"‘“")
    surname_first = bool(run) and words[run[0]].text.endswith(",")  # 'MEMBER, JOHN Q'
    return 2 <= len(texts) <= 5 and not any(
        (t.upper().strip(",.") in _NOT_NAMES and not (k == 0 and surname_first))
        or re.search(r"[\d()\[\]{}]", t)
        for k, t in enumerate(texts)) and sum(
        bool(_NAME_TOKEN.fullmatch(t)) and len(t) > 2 for t in texts) >= 2


def overlap_share(a: Box, b: Box) -> float:
    """The share of box ``a``'s area inside box ``b`` (0 to 1)."""
    w = min(a.right, b.right) - max(a.left, b.left)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    return max(w, 0.0) * max(h, 0.0) / max(a.width * a.height, 1.0)


def _inside_longer_phrase(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True for a short label right after a word that makes a longer, unknown label
    (``Dental ID``), so that ``ID`` is not read as the member ID's label; and for a name
    label without a colon that ends a run of words, which is a name itself (``MEMBER`` of
    ``JOHN Q MEMBER`` under a ``MEMBER`` column head). Also for a word of prose
    (:func:`_in_prose`), and for a name label that ends a list's head (:func:`_list_head`).
    """
    if _list_head(words, hit):
        return True
    if hit.inline is not None:
        return False
    if _in_prose(words, hit) or _opens_a_name(words, hit):
        return True
    name_word = (
        isinstance(hit.rule, FieldRule) and hit.rule.name in NAME_FIELDS
        and not words[hit.indices[-1]].text.endswith((":", ";"))
    )
    if name_word and _after_an_initial(words, hit):
        return True
    if hit.norm_length > PHRASE_LABEL_MAX and not name_word:
        return False
    # A longer short label ('GROUP') only of a reviewed field, as one word without its
    # colon after a word of three letters or more: 'Rx GRP:', 'Dt Payer', 'PCP Phone' stay.
    longer = hit.norm_length > PHRASE_LABEL_MAX - 1 and not name_word
    if longer and not _reviewed(hit.rule):
        return False
    if longer and (len(hit.indices) > 1 or words[hit.indices[-1]].text.endswith((":", ";", "#"))):
        return False
    before = (r"[A-Za-z]+\.?" if name_word else r"[A-Za-z]{3,}" if longer
              else r"[A-Za-z]{2,}")
    first = words[hit.indices[0]]
    h = max(first.box.height, 1.0)
    for w in words:
        if w.line != first.line or w.box.right > first.box.left + 1:
            continue
        gap = first.box.left - w.box.right
        # A name label in lower case ('name') boxes only its x-height: the gap is measured
        # in the word before's height too ('Subsertber name', a misread 'Subscriber name').
        near = max(PHRASE_GAP * (max(h, w.box.height) if name_word else h),
                   PHRASE_SPACING * _space_before(words, w))
        if 0 <= gap < near and re.fullmatch(before, w.text):
            if getattr(hit.rule, "name", None) in RX_FIELDS and len(w.text) <= 2:
                return False  # what OCR left of its 'Rx' ('Pe BIN'), no other phrase
            # The end of one of its own longer labels ("er ID" of a misread "Member ID")
            # is no other phrase.
            phrase = normalize_label(w.text + hit.label)
            return not any(
                len(label) > len(phrase) and label.endswith(phrase)
                for label in map(normalize_label, hit.rule.labels)
            )
    return False


PHRASE_SPACING = 1.3
"""A word this close before a short label, in word spaces of the phrase it ends (the space
between that word and the one before it), makes it part of that phrase too: a monospaced
font's word space is wider than :data:`PHRASE_GAP` heights (7070's 0103: ``Riverbend
Medical Group`` in Courier, whose ``Group`` took the PCN's ``9999`` right of it as the
plan's group)."""


def _space_before(words: Sequence[OcrWord], word: OcrWord) -> float:
    """The space (card frame, pixels) between ``word`` and the word of letters right before
    it on its OCR line, within :data:`MAX_WORD_GAP` of its height; 0 when there is none."""
    h = max(word.box.height, 1.0)
    gaps = [word.box.left - w.box.right for w in words
            if w.line == word.line and w is not word and w.text.isalpha()
            and 0 <= word.box.left - w.box.right < MAX_WORD_GAP * h]
    return min(gaps, default=0.0)


_TITLE_WORD = re.compile(r"[A-Z][a-z]{2,}")
"""A word in title case: a name's, never a code's."""


def _opens_a_name(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True for a member ID's or group's label of one word with no colon or ``#`` whose next
    word on its row, a word space away (:data:`MAX_WORD_GAP`), is a word in title case that
    carries none of its labels on: the first word of a name (``Group Health Cooperative``,
    printed in a claims address: 8989's 0355 took the ZIP code under it for the group),
    not a label."""
    last = words[hit.indices[-1]]
    if not _reviewed(hit.rule) or len(hit.indices) > 1 or last.text.endswith((":", ";", "#")):
        return False  # 'Identification Number' 'Group': two labels, no name
    h = max(last.box.height, 1.0)
    after = [w for w in words if same_row(w.box, last.box) and w.box.left >= last.box.right - 1
             and w.box.left - last.box.right < MAX_WORD_GAP * h]
    nxt = min(after, key=lambda w: w.box.left, default=None)
    if nxt is None or not _TITLE_WORD.fullmatch(nxt.text):
        return False
    return not any(fuzz.ratio(nxt.text.lower(), word.lower()) >= LABEL_WORD_SIMILARITY
                   for label in hit.rule.labels for word in label.split())


LABEL_WORD_SIMILARITY = 60.0
"""Least rapidfuzz ratio (0-100) of a word to a word of a label for it to be that word
misread (``Nurnber`` of ``Number``: 77; ``Health`` to ``Number``: 33)."""


_LIST_OPENERS = frozenset({"COVERED", "OTHER", "FAMILY", "ENROLLED", "ADDITIONAL"})
"""Words that make a name label after them a list's head (``Covered Member:``, ``Other
Members``): the people under it are the dependants, not the member."""


def _list_head(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True for a name field's label, or a one-word member ID label, right after a word
    that opens a list's head on its line (:data:`_LIST_OPENERS`, within
    :data:`PHRASE_GAP` heights): ``Covered Member:`` heads the dependants' names, whatever
    the label's own words, and ``Covered Members:`` is no member ID's label (6767's 0260:
    a dependant's ``K NAVARRO`` read as the ID ``KNAVARR0``)."""
    if not (isinstance(hit.rule, FieldRule) and (
            hit.rule.name in NAME_FIELDS
            or (hit.rule.name == "member_id" and len(hit.indices) == 1))):
        return False
    first = words[hit.indices[0]]
    h = max(first.box.height, 1.0)
    return any(w.line == first.line and w.text.upper().strip(":,.") in _LIST_OPENERS
               and 0 <= first.box.left - w.box.right < PHRASE_GAP * h for w in words)


def _after_an_initial(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True when a one-word label follows a capital initial on its line as closely as a
    name's words follow each other (:data:`MAX_WORD_GAP`): a surname after the middle
    initial (``MEMBER`` of ``JOHN Q MEMBER SR``), never a label."""
    if len(hit.indices) != 1:
        return False
    first = words[hit.indices[0]]
    h = max(first.box.height, 1.0)
    return any(
        w.line == first.line and _INITIAL.fullmatch(w.text) is not None
        and 0 <= first.box.left - w.box.right < MAX_WORD_GAP * h
        for w in words)


PROSE_GAP = 1.5
"""Gap (in word heights) within which a lower-case word before a one-word label in lower
case makes it a word of a sentence."""


def _in_prose(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True for a one-word label in lower case without a colon that ends a sentence
    (``... under your plan.``) or follows another lower-case word on its line
    (``subject to plan terms``): a sentence's word, not a label."""
    word = words[hit.indices[0]]
    if len(hit.indices) != 1 or not word.text.islower() or word.text.endswith((":", ";", "#")):
        return False
    if word.text.endswith("."):
        return True
    h = max(word.box.height, 1.0)
    return any(
        w.line == word.line and re.fullmatch(r"[a-z]{2,}", w.text)
        and 0 <= word.box.left - w.box.right < PROSE_GAP * h
        for w in words)


_RX_FRAGMENT = re.compile(r"[RBPKAMNF#]?X|R[IL1]X|R[KS]?", re.IGNORECASE)
"""What OCR leaves of an ``Rx`` before a label (``x Group:``, ``R Grp``, ``Rk Group``,
``Rs Group`` on a small web image: 12525's 0151, ``AX GRP``, ``#X GRouP,``; its R read as
an ``m`` or ``n`` in small print: 9797's 0020, ``mx GROUP: RX2760`` under ``nxpcn:``; the
R's leg read as an ``i`` in motion blur: 8282's 0155, ``Rix Group; VDX434`` under
``AxPON:``; its R read as an ``f`` in small print, as in :data:`_RX_HEAD`: 13737's 0294,
``fx Group VPN381`` under ``RXBIN``, given as the plan's group on a card that prints
none)."""


KNOWN_BINS = frozenset({
    "004336", "610591", "610502",  # CVS Caremark (610502: Aetna's)
    "003858", "610014", "400023",  # Express Scripts
    "610279", "610097", "610494",  # OptumRx (UnitedHealthcare)
    "011552", "610455",  # Prime Therapeutics (Blue plans)
    "015581", "610649",  # Humana Pharmacy Solutions
    "017010",  # Cigna (Express Scripts)
    "020099", "020107",  # CarelonRx (Anthem, formerly IngenioRx)
    "015574",  # MedImpact
    "610602",  # Navitus
})
"""BINs of the pharmacy benefit managers behind most US cards (public knowledge, as the
``derived.PBMS`` names are): six digits that, printed alone on a card, are its Rx BIN even
where OCR lost the label (``derived.known_bin``), and that make a group label on their row
the pharmacy's (:func:`_after_rx`)."""


_RX_HEAD = r"(?:[RF]X)?"
"""The ``Rx`` a pharmacy label word may open with, its R read as an F in small print (11313's
0020, a web-small Molina card's ``Fxbw:``, ``fxpen:``)."""
_BIN_LABEL = re.compile(_RX_HEAD + r"BIN[:#]?", re.IGNORECASE)
"""An Rx BIN's label word (``BIN``, ``RxBIN:``, ``BIN#``)."""


def _after_rx(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True for a group label right after, or starting with, what is left of an ``Rx``
    (``x Group:``), or one on the row of an Rx BIN's label or of a known BIN's digits left
    of it (``Rx BIN 004336  Rx PCN ADV  Rx GRP: RX1996`` with its last ``Rx`` lost, or
    every label's), or one stacked under an ``Rx`` label with its own ``Rx`` lost
    (:func:`under_rx_label`), or under a stub in a known BIN's rows
    (:func:`stub_before_in_bin_rows`): the pharmacy's group, not the plan's."""
    if not (isinstance(hit.rule, FieldRule) and hit.rule.name == "group_number"):
        return False
    first = words[hit.indices[0]]
    if len(hit.indices) > 1 and (is_rx_fragment(first.text)
                                 or stub_in_rx_column(words, first)):
        return True
    h = max(first.box.height, 1.0)
    if after_known_bin(words, first) or under_rx_label(words, first) or under_known_bin(
            words, first) or beside_known_bin_column(words, words[hit.indices[-1]]) or (
            stub_before_in_bin_rows(words, first, words[hit.indices[-1]])) or any(
            _BIN_LABEL.fullmatch(w.text) and w.box.right <= first.box.left
            and abs(w.box.cy - first.box.cy) < 0.5 * h for w in words):
        return True
    return any(
        w.line == first.line and first.box.left - w.box.right >= 0 and (
            (first.box.left - w.box.right < PHRASE_GAP * h and is_rx_fragment(w.text))
            # (a word space of a monospaced font: wider than a proportional one's)
            or (first.box.left - w.box.right < MAX_WORD_GAP * h
                and stub_in_rx_column(words, w)))
        for w in words)


def stub_before_in_bin_rows(
    words: Sequence[OcrWord], label: OcrWord, last: OcrWord | None = None
) -> bool:
    """True when a stub (:func:`_stub`) stands just before ``label`` (a label's first word;
    ``last``: its last, when not the same) on its OCR line, within ``PHRASE_GAP`` of its
    height, and the value on the label's row stands in a column of values under a known
    BIN's digits (:func:`beside_known_bin_column` within ``LABEL_ROW_REACH``): the
    pharmacy's row of a column of labels apart from the values', its ``Rx`` misread
    (14343's 0055, a web-small WellCare card: ``fo Group.`` and, six heights right,
    ``RX1780`` under ``MEDDADV`` under ``004336``, given as the plan's group on a card
    that prints none)."""
    h = max(label.box.height, 1.0)
    return any(w.line == label.line and 0 <= label.box.left - w.box.right < PHRASE_GAP * h
               and _stub(w) for w in words) and beside_known_bin_column(
        words, last or label, LABEL_ROW_REACH)


LABEL_ROW_REACH = 12.0
"""Farthest right of a label its value stands on its row in a column of values apart from
the labels' (label heights): a tab of labels, then the values."""


def _stub(word: OcrWord) -> bool:
    """True for a word of at most ``RX_STUB_MAX`` letters and nothing else but stops (what
    OCR made of a small ``Rx``: ``fo``), no label word of its own (``No``, ``ID``)."""
    text = word.text.strip(":.,")
    return 0 < len(text) <= RX_STUB_MAX and text.isalpha() and text.upper() not in {
        "NO", "ID", "OF", "MY"}


def _id_after_rx(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True for a member ID's label of one word right after what is left of an ``Rx`` on
    its line (a word space away, :data:`MAX_WORD_GAP`): the pharmacy's ID (7070's 0324, ``Rx
    ID:`` read ``rx 1p:``, its ``GH608408152`` taken for the member ID of a Medi-Cal card
    whose own ID was read at 0.33)."""
    if not (isinstance(hit.rule, FieldRule) and hit.rule.name == "member_id"
            and len(hit.indices) == 1):
        return False
    first = words[hit.indices[0]]
    h = max(first.box.height, 1.0)
    return any(w.line == first.line and 0 <= first.box.left - w.box.right < MAX_WORD_GAP * h
               and is_rx_fragment(w.text) for w in words)


def after_known_bin(words: Sequence[OcrWord], word: OcrWord) -> bool:
    """True when a known BIN's digits (:data:`KNOWN_BINS`) stand left of ``word`` on its
    OCR line or row (:func:`same_row`): ``word`` is in the pharmacy's row (``004336
    MCAIDADV  Group RX4919``, every ``Rx`` label lost)."""
    return any(w.box.right <= word.box.left and w.text.strip(":.,") in KNOWN_BINS
               and (w.line == word.line or same_row(w.box, word.box)) for w in words)


BIN_COLUMN_REACH = 10.0
"""Farthest a known BIN's digits may stand above a group label (label heights, top to
bottom) for :func:`under_known_bin`: the PCN's row between them."""


def under_known_bin(words: Sequence[OcrWord], label: OcrWord) -> bool:
    """True for ``label`` stacked in the column of a known BIN's digits (:data:`KNOWN_BINS`)
    printed above it, every ``Rx`` label lost (9595's 0053, a photocopy: ``004336`` over
    ``MCAIDADV`` over ``Grour`` over ``RX0699``, given as the plan's group on a card that
    prints none): within ``BIN_COLUMN_REACH`` label heights above, starting at most
    ``RX_LOST_INDENT`` heights left of it and no further right."""
    return _stacked_under(words, label, BIN_COLUMN_REACH,
                          lambda w: w.text.strip(":.,") in KNOWN_BINS)


def beside_known_bin_column(
    words: Sequence[OcrWord], label: OcrWord, reach: float = MAX_WORD_GAP
) -> bool:
    """True when the word right after ``label`` on its OCR line, or with a ``reach`` past
    ``MAX_WORD_GAP`` on its row (:func:`same_row`), within ``reach`` label heights, stands
    in the column of a known BIN's digits (:data:`KNOWN_BINS`) printed above it (within
    ``BIN_COLUMN_REACH`` label heights, their spans overlapping): ``label`` heads a row of
    the pharmacy's block, its ``Rx`` misread (11313's 0020, a web-small Molina card: ``ftx
    group: RX1128`` under ``foxpon: MCAIDADV`` under ``Fab: 004336``, its ``RX1128`` given
    as the plan's group on a card that prints none)."""
    h = max(label.box.height, 1.0)
    value = min((w for w in words if (w.line == label.line or (
                     reach > MAX_WORD_GAP and same_row(w.box, label.box)))
                 and 0 <= w.box.left - label.box.right <= reach * h),
                key=lambda w: w.box.left, default=None)
    return value is not None and any(
        w.text.strip(":.,") in KNOWN_BINS and 0 <= value.box.top - w.box.bottom <= (
            BIN_COLUMN_REACH * h)
        and min(w.box.right, value.box.right) > max(w.box.left, value.box.left)
        for w in words)


RX_COLUMN_REACH = 6.0
"""Farthest an ``Rx`` label may stand above a group label (label heights, top to bottom)
for :func:`under_rx_label`: one value row between them."""
RX_LOST_INDENT = 4.0
"""Farthest right of an ``Rx`` label's left edge a group label under it may start (label
heights): where a lost ``Rx`` (and its space) would have stood."""


_RX_LABEL_WORD = re.compile(r"RX ?(?:BIN|PCN|GRP|GROUP|ID|PLAN)", re.IGNORECASE)
"""An Rx label word (``RxPCN``, ``RXBIN``), not a value that opens with RX
(``RXBH71264526``)."""


def under_rx_label(words: Sequence[OcrWord], label: OcrWord) -> bool:
    """True for ``label`` stacked under a pharmacy label of the Rx column (``RxPCN`` over
    its value, then ``Group`` with its ``Rx`` lost: 9191's 0203, whose ``UMR365`` was
    given as the plan's group; a bare ``BIN:`` or ``PCN:``, ``Pon:`` misread, over
    ``RX GROUP:`` read ``ae GROUP:``: 6868's 0123): within ``RX_COLUMN_REACH`` label
    heights above, starting at most ``RX_LOST_INDENT`` heights left of it and no further
    right."""
    return _stacked_under(words, label, RX_COLUMN_REACH, _pharmacy_label)


_PCN_LABEL = re.compile(_RX_HEAD + r"P[CEOG]N[:#]?", re.IGNORECASE)
"""An Rx PCN's label word, its middle letter as OCR misreads it too (``PCN:``, ``Pon:``,
``RxPCN``; :data:`_MIDDLE_MISREADS`)."""


def _pharmacy_label(word: OcrWord) -> bool:
    """True for a label word of the pharmacy's block: ``RxPCN``, ``RxGRP``, and the BIN's
    and PCN's printed bare with a colon or ``#`` (``BIN:``, ``PCN:``; a value never ends
    so)."""
    text = word.text.strip(".")
    if _RX_LABEL_WORD.fullmatch(text.strip(":#")) is not None:
        return True
    bare = _BIN_LABEL.fullmatch(text) is not None or _PCN_LABEL.fullmatch(text) is not None
    return bare and (text.endswith((":", "#")) or text[:1].upper() == "R")


def _stacked_under(
    words: Sequence[OcrWord], label: OcrWord, reach: float, test: Callable[[OcrWord], bool]
) -> bool:
    """True when a word passing ``test`` stands above ``label`` in its column: within
    ``reach`` label heights above it (top to bottom), starting at most ``RX_LOST_INDENT``
    heights left of it and no further right (card frame, pixels)."""
    h = max(label.box.height, 1.0)
    return any(
        test(w) and 0 <= label.box.top - w.box.bottom <= reach * h
        and 0 <= label.box.left - w.box.left <= RX_LOST_INDENT * h
        for w in words)


RX_STUB_MAX = 2
"""Most characters of a word that stands where a label's ``Rx`` was printed (``&``)."""


def stub_in_rx_column(words: Sequence[OcrWord], stub: OcrWord) -> bool:
    """True for a word of at most ``RX_STUB_MAX`` characters (what OCR made of ``Rx``:
    ``&``) left-aligned with an ``Rx`` label on the row just above or below it: a line of
    the pharmacy's block (``Rxbin``, ``Rxpcn``, ``& group;``, ``Rxplan``)."""
    if len(stub.text.strip()) > RX_STUB_MAX:
        return False
    h = max(stub.box.height, 1.0)
    column = [w for w in words if w is not stub and abs(w.box.left - stub.box.left) <= h]
    above = [w for w in column if 0 <= stub.box.top - w.box.bottom <= 2 * h]
    below = [w for w in column if 0 <= w.box.top - stub.box.bottom <= 2 * h]
    near = [max(above, key=lambda w: w.box.bottom)] if above else []
    near += [min(below, key=lambda w: w.box.top)] if below else []
    return any(opens_with_rx(w.text) for w in near)


def opens_with_rx(text: str) -> bool:
    """True when ``text``'s letters start with ``Rx`` (``RxBIN``, ``Rx...``, ``rx-grp``)."""
    return re.sub("[^a-z]", "", text.lower()).startswith("rx")


def is_rx_fragment(text: str) -> bool:
    """True for ``Rx`` or what OCR leaves of it (``x``, ``R``, ``Bx``) before a label, a
    quote OCR made of the R's cut edge aside (14444's 0030, ``‘x Group:`` at the photo's
    edge)."""
    return _RX_FRAGMENT.fullmatch(text.strip(":.,").lstrip(_QUOTES)) is not None


_QUOTES = "'`\u2018\u2019\""
"""Quotes OCR reads a glyph's cut or faint edge as."""


_NAME_WORDS = frozenset({
    "HEALTH", "HEALTHCARE", "COOPERATIVE", "INSURANCE", "BENEFITS", "MEDICAL", "SERVICES",
    "SERVICE", "PLAN", "PLANS", "ADMINISTRATORS", "CARE", "MUTUAL", "LIFE", "DENTAL",
    "VISION", "PORTAL", "ASSOCIATION", "TRUST", "HOSPITAL", "NETWORK",
})
"""Words that make a label word the start of an organisation's name or a phone's label
(``Group Health Cooperative``, ``Member Services``) when they follow it."""


def _starts_a_name(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True for a label that does not end in ``:``, ``#`` or ``.`` followed closely on its
    line by one of :data:`_NAME_WORDS`: the first word of a payer's name or of another
    label (``Group Health Cooperative of South Central Wisconsin``), not a label."""
    last = words[hit.indices[-1]]
    if hit.inline is not None or last.text.endswith((":", "#", ".", ";")):
        return False
    h = max(last.box.height, 1.0)
    return any(
        w.line == last.line and 0 <= w.box.left - last.box.right < PHRASE_GAP * h
        and w.text.strip(",").upper() in _NAME_WORDS
        for w in words
    )


def shows_placeholder(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True when the value nearest a label (glued, right of it, else under it) is a
    placeholder such as ``XXXXXXX`` (:mod:`pipeline.placeholders`): the card has none."""
    if hit.inline is not None:
        return is_placeholder(hit.inline)
    others = set(range(len(words))) - set(hit.indices)
    last = words[hit.indices[-1]].box
    start = Box(last.left, hit.box.top, last.right, hit.box.bottom)
    run = _run_right_of(words, start, others, set(), MAX_PHRASE_RIGHT_GAP)
    if not run:
        run = _run_below(words, hit.box, others, set())
    if not run:
        return False
    text = " ".join(words[i].text for i in run[:3])
    return is_placeholder(words[run[0]].text) or is_placeholder(text)


def fits_pattern(rule: Rule, value: str) -> bool:
    """True when ``value`` fully matches the rule's pattern."""
    return rule.pattern.fullmatch(value) is not None


DUPLICATE_SHARE = 0.8
"""Share of a word's box inside the previous word's box, with the same text, above which
it is that word read twice (Tesseract's overlapping lines), not a repeat."""


SHARED_GLYPH_OVERLAP = 0.4
"""Share of a word's mean character width by which the next word's box must reach back
over it for their touching characters, when alike, to be one glyph read into both."""


def read_twice(prev: OcrWord, nxt: OcrWord) -> bool:
    """True when OCR gave the glyph where two words meet to both of them: ``nxt``'s box
    starts well inside ``prev``'s (:data:`SHARED_GLYPH_OVERLAP`), ``prev`` ends with the
    character ``nxt`` starts with (``RIV1`` and ``192258257`` for ``RIV192258257``), and
    both were read with some confidence (:data:`BETWEEN_MIN_CONFIDENCE`)."""
    if not prev.text or not nxt.text or prev.text[-1] != nxt.text[0] or min(
            prev.confidence, nxt.confidence) < BETWEEN_MIN_CONFIDENCE:
        return False  # blurred print's boxes overlap anyway ('76-7' '79497' of 76-779497)
    char = prev.box.width / len(prev.text)
    return prev.box.right - nxt.box.left >= SHARED_GLYPH_OVERLAP * char


def _tokens(
    words: Sequence[OcrWord], run: list[int], *, name: bool = False, apart: bool = False
) -> list[tuple[str, list[int]]]:
    """A run of words as printed tokens: OCR splits some values at a hyphen or a tiny gap
    (``927257`` ``-526-25158``); those pieces are joined again without a space. In a
    person's name (``name``) a capital OCR read as a word of its own is an initial, never
    joined to the word before or after it (``LISA`` ``C``, the C boxed tall over the
    space; ``J`` ``Thomas``), nor is a stroke read for the initial I (``BETTY`` ``|``);
    but an initial closer than a word space to a word starting with its letter is that
    letter read twice (``J`` ``JR``). In an organisation's name (``apart``) two words of
    letters are two words however close OCR boxed them (``NORTHWIND`` ``LOGISTICS``)."""
    tokens: list[tuple[str, list[int]]] = []
    for i in run:
        w = words[i]
        if tokens:
            text, idx = tokens[-1]
            prev = words[idx[-1]]
            gap = w.box.left - printed_box(prev).right
            # The smaller height: a mark or a descender can make one box taller.
            # A two-digit suffix after a long ID and a narrow space is no split of the ID
            # (condensed print: "MSS164441780 00").
            suffix = suffix_follows(text, w.text)
            if w.text == prev.text and overlap_share(w.box, prev.box) > DUPLICATE_SHARE:
                continue  # the same word again, from a second OCR line over the first
            if w.text.endswith(":") and sum(c.isalpha() for c in w.text) >= 2:
                pass  # a label ('Rxpen:', '-RxBCN:'), never the rest of a value ('017010' '-')
            elif name and _INITIAL.fullmatch(text) and w.text[:1] == text[:1] and len(
                    w.text) > 1 and gap < GLUE_GAP * min(w.box.height, prev.box.height):
                # One glyph read twice: as a word of its own and as the first letter of
                # the next word, whose box starts at its second ('J' 'JR', the R's box).
                tokens[-1] = (w.text, [*idx, i])
                continue
            elif apart and _LETTER_WORD.fullmatch(prev.text) and _LETTER_WORD.fullmatch(
                    w.text):
                pass  # 'NORTHWIND' 'LOGISTICS' in condensed print: a word space
            elif _tucked_initial(prev, w) or (name and any(
                    _INITIAL.fullmatch(t) or t in _BAR_READINGS for t in (text, w.text))):
                pass  # 'HAZEL' boxed over 'HAZEL J': the J is a word of its own
            elif (gap < GLUE_GAP * min(w.box.height, prev.box.height) and not suffix) or (
                gap < HYPHEN_GAP * w.box.height and (text.endswith("-") or w.text.startswith("-"))
            ):
                if read_twice(prev, w):
                    tokens[-1] = (text + w.text[1:], [*idx, i])  # 'RIV1' '192258257'
                else:
                    tokens[-1] = (text + w.text, [*idx, i])
                continue
        tokens.append((w.text, [i]))
    return tokens


_LETTER_WORD = re.compile(r"[A-Za-z]{2,}")
"""A word of two letters or more (``CO``, ``SCHOOL``), none a digit or a mark."""


def _tucked_initial(prev: OcrWord, word: OcrWord) -> bool:
    """True when ``word`` is a single capital letter whose box starts in the right half
    of the box of ``prev``, a word of letters, and ends with it: OCR drew the word's box
    over the initial after it (``HAZEL`` boxed over ``HAZEL J``). A word split by OCR
    gives boxes that do not overlap; this is a middle initial, a word of its own."""
    return (len(word.text) == 1 and word.text.isupper() and len(prev.text) > 1
            and prev.text.isalpha()
            and (prev.box.left + prev.box.right) / 2 <= word.box.left < prev.box.right
            and word.box.right <= prev.box.right + 0.1 * max(prev.box.height, 1.0))


def _reviewed(rule: Rule) -> bool:
    """True for the fields whose doubt sends a card to review (member ID, group)."""
    return isinstance(rule, FieldRule) and rule.name in REVIEWED_FIELDS


PREFIX = re.compile(r"[A-Z]{2,4}|[A-Z][A-Z0-9]{2}")
"""A member ID's prefix printed apart from its number: ``XOF``, ``R2A``, ``XZ``."""
_NUMBER = re.compile(r"[A-Z]{0,2}\d{5,}")
"""A member ID's number part: digits, after a letter or two on some Blue plans
(``H13041782``, ``XM5087861``)."""
_SUFFIX = re.compile(r"\d{2}")


def _id_parts(
    tokens: list[tuple[str, list[int]]], rule: Rule
) -> tuple[str, list[int], bool] | None:
    """A member ID printed in parts after one label (``XOF 123456789 01``): the prefix
    and number joined when that fits the member-ID format; the suffix is left for
    :func:`split_parts` to report."""
    if not isinstance(rule, FieldRule) or rule.name != "member_id" or len(tokens) < 2:
        return None
    (prefix, p_idx), (number, n_idx) = tokens[0], tokens[1]
    # A frame's edge: '|HTC'; a capital read small: 'XwO'.
    prefix, number = fold_case(clean_value(prefix)), clean_value(number)
    if not (PREFIX.fullmatch(prefix) and _NUMBER.fullmatch(number)):
        return None
    if not fits_pattern(rule, prefix + number):
        return None
    return prefix + number, [*p_idx, *n_idx], True


_CASE_LOOKALIKES = frozenset("cosuvwxz")
"""Small letters whose capitals have the same shape: OCR reads ``XWO`` as ``XwO``."""


_SMALL_LAST = re.compile(r"\d{4,}[cosuvwxz]")
"""Digits ending in a small :data:`_CASE_LOOKALIKES` letter (``48073043s``)."""
_DIGIT_LOOKALIKES = frozenset("osz")
"""Small letters that may be a digit's misreading (0, 5, 2): folded only beside a capital
read as such, not beside one folded (``Ewo009999``'s o is the ID's 0)."""


def fold_case(text: str) -> str:
    """``text`` with its small :data:`_CASE_LOOKALIKES` beside a capital upper-cased, when
    it has no other small letters (an identifier's capitals read small: ``XwO`` → ``XWO``),
    and those beside one so upper-cased but :data:`_DIGIT_LOOKALIKES` (``Ncu1354151876`` →
    ``NCU1354151876``); else as it is (a word). A small letter among digits is left alone
    (``o7111``: the group's 0, not a letter O), but one ending a run of digits is a capital
    read small (``48073043s``: a Medicaid ID's check letter, 8282's 0291)."""
    if _SMALL_LAST.fullmatch(text):
        return text[:-1] + text[-1].upper()
    if not any(c.islower() for c in text) or any(
            c.islower() and c not in _CASE_LOOKALIKES for c in text):
        return text
    first = True
    while True:
        folded = "".join(
            c.upper() if c.islower() and (first or c not in _DIGIT_LOOKALIKES) and any(
                0 <= j < len(text) and text[j].isupper() for j in (i - 1, i + 1)) else c
            for i, c in enumerate(text)
        )
        if folded == text:
            return text
        text, first = folded, False


def _number_part(rule: Rule, value: str) -> bool:
    """True for a member ID's number printed apart from its prefix (``863414114`` under
    ``Identification #`` beside a ``Prefix`` column): it fits the format once a
    three-letter prefix is put in front (:func:`join_member_id_parts` does that)."""
    return (
        isinstance(rule, FieldRule) and rule.name == "member_id"
        and _NUMBER.fullmatch(value) is not None and fits_pattern(rule, "AAA" + value)
    )


_PHONE = re.compile(r"(?:1[-. ])?\(?[2-9]\d{2}\)?[-. ]\d{3}[-. ]\d{4}")
"""A phone number as cards print it: never a member ID or group."""
_NAMED_PHONE = re.compile(r"(?:TTY|TDD|TEL|FAX)?[:.]?" + _PHONE.pattern)
"""A phone number, its line's kind glued before it (``TTY855-584-4555``)."""


def phone_shaped(value: str) -> bool:
    """True when ``value`` (a cleaned value) is a phone number, alone or with its kind glued
    before it (:data:`_NAMED_PHONE`): no member ID, group nor routing code (8282's 0223:
    ``TTY855-584-4555`` read again under a member ID's label on a quarter-turned card)."""
    return _NAMED_PHONE.fullmatch(value) is not None


_PLAN_ID = re.compile(r"\d{5}[A-Z0-9]{2}\d{7}(?:-?\d{2})?")
"""A Marketplace (HIOS) plan ID: issuer (5 digits), state (2 letters, one of which OCR
may read as a look-alike digit: ``0H`` for ``OH``), product and plan (7 digits), variant."""


def plan_id_shaped(code: str) -> bool:
    """True when ``code`` has a Marketplace plan ID's shape with a letter in the state's
    place (``98723OH9122101``, read ``987230H9122101``): a plan's number, never a member
    ID nor a group (a lost label's; 8080's 0059: under ``Plan !D``, taken for the member ID
    in motion blur)."""
    return _PLAN_ID.fullmatch(code) is not None and any(c.isalpha() for c in code[5:7])


def phone_tail(words: Sequence[OcrWord], first: int) -> bool:
    """True when the word ``first`` (an index) is the rest of a phone number whose area code
    is the word right before it on its row, within :data:`MAX_WORD_GAP` of its height
    (``(866)`` ``991-2917``, 12828's 0027: under ``the number below``, a misread label's
    value), the two together a phone (:func:`is_phone`): no member ID nor group."""
    w = words[first]
    h = max(w.box.height, 1.0)
    before = [v for v in words if v.line == w.line and v.box.right <= w.box.left + 1
              and w.box.left - v.box.right <= MAX_WORD_GAP * h]
    if not before:
        return False
    prev = max(before, key=lambda v: v.box.right)
    return is_phone(f"{prev.text.strip()} {w.text.strip()}")


def is_phone(value: str) -> bool:
    """True when ``value`` is a US phone number as cards print it (``1-800-555-0100``)."""
    return bool(_PHONE.fullmatch(value))


def suffix_follows(first: str, second: str) -> bool:
    """True when word ``second`` is the two-digit suffix printed after a member ID ending in
    word ``first`` and a space (``441124265133`` ``01``), not the end of the ID."""
    first = clean_value(first)
    return _SUFFIX.fullmatch(second) is not None and len(first) >= MIN_ID_BEFORE_SUFFIX and (
        first[-1:].isdigit())


def _is_suffix_after(
    words: Sequence[OcrWord], rule: Rule, value: str, last: int, nxt: int
) -> bool:
    """True when word ``nxt`` is the two-digit suffix a card prints after its member ID
    ``value`` (ending in word ``last``) and a space (``YBC99999999 99``, ``620488388 01``)."""
    return (
        isinstance(rule, FieldRule) and rule.name == "member_id"
        and len(value) >= MIN_ID_BEFORE_SUFFIX
        # Two digits after a space only: a hyphen before or after continues the ID
        # ("OSC17503177-" "01", "OSC17503177" "-01").
        and _SUFFIX.fullmatch(words[nxt].text.rstrip(".,;:'")) is not None
        and not words[last].text.endswith("-")
    )


MIN_ID_BEFORE_SUFFIX = 6
"""Shortest member ID after which a two-digit word is taken for its suffix."""


def _continues(words: Sequence[OcrWord], last: int, nxt: int) -> bool:
    """True when word ``nxt`` follows word ``last`` closer than a space between values
    (or than a hyphen's cell, when it starts with one) and holds letters or digits."""
    a, b = words[last].box, words[nxt].box
    gap = b.left - a.right
    most = HYPHEN_GAP if words[nxt].text.startswith("-") else SPLIT_GAP
    return gap < most * max(a.height, b.height) and bool(
        re.search(r"[A-Za-z0-9]", words[nxt].text)
    )


RUN_ON_GAP = 0.8
"""Widest gap (word heights) at which a word of letters and digits after a value may be
the rest of it that OCR split off at a blurred glyph gap (:func:`_runs_on`)."""
RUN_ON_CHARS = 3
"""Fewest characters of such a word: a two-digit suffix is a suffix."""


def _runs_on(words: Sequence[OcrWord], last: int, nxt: int) -> bool:
    """True when word ``nxt`` follows word ``last`` closer than ``RUN_ON_GAP`` heights and
    is a code of ``RUN_ON_CHARS`` letters and digits or more, a digit among them: what
    blur widened from a glyph gap to a space may have split off the value's end (9797's
    0355: ``OIN909`` ``19099`` ``99`` of ``OIN90919099 99``, 0.62 and 0.70 heights apart).
    Such a value is not trusted (the word is not joined: it may as well be another)."""
    a, b = words[last].box, words[nxt].box
    text = words[nxt].text.rstrip(".,;:")
    return (b.left - a.right < RUN_ON_GAP * max(a.height, b.height)
            and len(text) >= RUN_ON_CHARS and text.isalnum()
            and any(c.isdigit() for c in text))


MARK_MAX_CONFIDENCE = 0.5
"""Most OCR confidence of a character that is a printed mark, not print of the value."""
MARK_HEIGHT = 1.5
"""Least height (the next word's heights) of a mark's box: a circle drawn over the line."""


def _mark_before(
    words: Sequence[OcrWord], first: Sequence[int], nxt: Sequence[int]
) -> bool:
    """True when the token ``first`` (word indices) is one character read doubtfully
    (:data:`MARK_MAX_CONFIDENCE`) whose box is ``MARK_HEIGHT`` times as tall as the next
    token's and rises above its row: an explainer's numbered circle printed over the
    label's end (``Grp`` ``3`` ``9099062``), no character of the value."""
    if len(first) != 1:
        return False
    mark, after = words[first[0]], words[nxt[0]]
    h = max(after.box.height, 1.0)
    return (len(clean_value(mark.text)) <= 1 and mark.confidence < MARK_MAX_CONFIDENCE
            and mark.box.height >= MARK_HEIGHT * h and mark.box.top < after.box.top - 0.25 * h)


def _value_from(
    words: Sequence[OcrWord], run: list[int], rule: Rule
) -> tuple[str, list[int], bool] | None:
    """The longest prefix of a run of tokens that fits the rule's pattern; else the first
    token alone, flagged as not fitting."""
    is_name = getattr(rule, "name", None) in NAME_FIELDS
    tokens = _tokens(words, run, name=is_name,
                     apart=getattr(rule, "name", None) in WORDS_APART)
    while tokens and not clean_value(tokens[0][0]):  # a speck or a mark's remnant: '‘'
        tokens = tokens[1:]
    if is_name:
        # A word ending in a colon is the next label's ('Optum Rx:'), no part of a name.
        ends = [k for k, (t, _) in enumerate(tokens) if k > 0 and t.endswith(":")]
        tokens = list(zip(name_words([t for t, _ in tokens[:min(ends, default=len(tokens))]]),
                          [idx for _, idx in tokens], strict=False))
        if _label_word_before_capitals([t for t, _ in tokens]):
            tokens = tokens[1:]  # 'Member nome AARON E ZIMMERMAN': the label's 'name' misread
        if any(t.upper().strip(".,") in _FIRMS for t, _ in tokens):
            return None  # 'BLUE RIDGE' of 'BLUE RIDGE SCHOOL DISTRICT' (13232's 0190)
    while len(tokens) >= 2 and _mark_before(words, tokens[0][1], tokens[1][1]):
        tokens = tokens[1:]
    if tokens and _reviewed(rule) and phone_tail(words, tokens[0][1][0]):
        return None
    parts = _id_parts(tokens, rule)
    if parts is not None:
        return parts
    if len(tokens) >= 2 and getattr(rule, "name", None) in ROUTING_FIELDS and len(
            tokens[1][0]) <= 2 and _continues(words, tokens[0][1][-1], tokens[1][1][0]) and (
            fits_pattern(rule, clean_value(tokens[0][0] + tokens[1][0]))):
        # A code's last character split off by a narrow gap ('TXPROD' '1').
        tokens = [(tokens[0][0] + tokens[1][0], tokens[0][1] + tokens[1][1]), *tokens[2:]]
    for n in range(min(rule.max_words, len(tokens)), 0, -1):
        if is_name and tokens[n - 1][0].endswith(",") and all(
                t.lower() in _NAME_PARTICLES for t, _ in tokens[:n - 1]):
            continue  # a surname printed first, its given names lost ('VAN DYKE,')
        value = clean_value(" ".join(text for text, _ in tokens[:n]))
        if _reviewed(rule) and re.search(r"\d", value):
            value = fold_case(value)  # 'Xw0480611685' is XW0480611685
        name = getattr(rule, "name", None)
        if is_name:
            value = mended_name(value)
            if value.split()[-1:] and value.split()[-1].lower() in _OPENING_PARTICLES:
                return None  # 'Svetlana Isaac St': the surname cut, no shorter name is whole
        elif name in ROUTING_FIELDS:
            # A code ends in no stop ('Payer ID 74227.', 'OSCR61:-.'), and its RX is no 'Rx' word
            # ('RX6904' read 'RxX6904' or 'Rx6904').
            value = _RX_WORD.sub("RX", _CODE_STOPS.sub("", value))
        if is_placeholder(value) or ((_reviewed(rule) or name in ROUTING_FIELDS) and (
                phone_shaped(value) or plan_id_shaped(value))):
            return None
        if value and fits_pattern(rule, value) and (
                getattr(rule, "name", None) not in NAME_FIELDS or plausible_name(value)):
            used = [i for _, idx in tokens[:n] for i in idx]
            while not _reviewed(rule) and len(used) > 1 and not clean_value(
                    words[used[-1]].text):
                # A stray dash after a code ('18556033793' '-' 'RxPlan'), stripped from
                # the value, adds no doubt to it (a member ID's may be a lost part).
                used.pop()
            shorter = clean_value(" ".join(text for text, _ in tokens[: n - 1]))
            if n >= 2 and fits_pattern(rule, shorter) and _is_suffix_after(
                    words, rule, shorter, tokens[n - 2][1][-1], tokens[n - 1][1][0]):
                continue  # "441124265133 01": the ID, then its suffix after a space
            # A member ID or group followed closely by more characters may have been cut
            # short by OCR ("96811" "7VU5I"): it fits, but is not trusted; a Blue plan's
            # two-digit suffix after a space ("YBC99999999 99") is no such cut.
            cut = n < len(tokens) and (
                _continues(words, used[-1], tokens[n][1][0])
                or _runs_on(words, used[-1], tokens[n][1][0])) and not (
                _is_suffix_after(words, rule, value, used[-1], tokens[n][1][0]))
            # A value read to a hyphen ('2019-' of '2019-205-2') goes on past it.
            cut = cut or words[used[-1]].text.rstrip().endswith("-")
            return value, used, not (cut and _reviewed(rule))
    first = clean_value(tokens[0][0]) if tokens else ""
    # A misread identifier still has digits; a word ("Deductible") is another label's text.
    # Only the fields whose doubt sends a card to review may keep a value that does not fit;
    # any other field is left out rather than given a wrong value.
    if first and re.search(r"\d", first) and _reviewed(rule):
        return first, tokens[0][1], False
    if getattr(rule, "name", None) in ROUTING_FIELDS and first and repair(rule, first):
        return first, tokens[0][1], False  # a BIN read 'OL1552': repaired by _assign
    return None


def repair(rule: Rule, value: str, *, weak: bool = False) -> str | None:
    r"""The one value that fits the rule's pattern after the fewest swaps of OCR look-alikes
    (O/0, I/1, S/5, B/8, Z/2, G/6, and a C read as ``(`` after a capital: ``0S(53413516``;
    with ``weak`` also :data:`WEAK_LOOKALIKES`), at most two; None when none or several
    do.

    >>> import re
    >>> from pipeline.templates import FieldRule
    >>> rule = FieldRule("member_id", ("ID",), re.compile(r"OSC\d{8}"))
    >>> repair(rule, "0SC12345678")
    'OSC12345678'
    >>> repair(FieldRule("x", ("X",), re.compile(r"[A-Z0-9]\d")), "S5") is None
    True
    """
    if fits_pattern(rule, value):
        return None
    table = {**_LOOKALIKES, **WEAK_LOOKALIKES} if weak else _LOOKALIKES
    spots = [i for i, c in enumerate(value)
             if c in table or (c == "(" and value[i - 1:i].isupper())]
    table = {**table, "(": "C"}  # a C's open arc read as a bracket, after a letter: 0S(…
    for swaps in range(1, MAX_REPAIR_SWAPS + 1):
        fitting = set()
        for positions in itertools.combinations(spots, swaps):
            options = [table[value[i]] for i in positions]
            for replacement in itertools.product(*options):
                chars = list(value)
                for i, c in zip(positions, replacement, strict=True):
                    chars[i] = c
                candidate = "".join(chars)
                if fits_pattern(rule, candidate):
                    fitting.add(candidate)
        if fitting:
            return fitting.pop() if len(fitting) == 1 else None
    return None


_INNER_STOP = re.compile(r"(?<=[A-Z])[.,](?=\d)")
"""A stop between an identifier's letter prefix and its digits: a speck read in the space
that parts them (``UNL.427890454`` of ``UNL 427890454``)."""
_WIDE_LOOKALIKES = {"W": "VV"}
"""Letters that OCR reads for two narrow ones run together (``WZ`` for ``VVZ`` in a
monospaced font); :func:`mend` tries them one at a time."""


def mend(rule: Rule, value: str) -> str | None:
    r"""The one value that fits the rule once a misreading of an unlabelled code is undone,
    or None: a stop read between its letter prefix and digits dropped (:data:`_INNER_STOP`);
    OCR look-alikes swapped (:func:`repair`); a non-digit at either end dropped where a
    mark's edge was read as a letter (``W168061833`` of ``168061833``); a wide letter read
    for two narrow ones (:data:`_WIDE_LOOKALIKES`); the ends a dashed frame's sides left
    (:func:`unframed`); a J of small soft print read as a 3 where the format wants a
    letter (``P3V644116835``). Each way only when it gives exactly one
    fitting value; the first way that does wins.

    >>> from pipeline.templates import FieldRule
    >>> rule = FieldRule("member_id", ("ID",), re.compile(r"[A-Z]{3}\d{9}"))
    >>> [mend(rule, v) for v in ("UNL.427890454", "VVZ38723O830", "WZ387230830")]
    ['UNL427890454', 'VVZ387230830', 'VVZ387230830']
    >>> mend(FieldRule("member_id", ("ID",), re.compile(r"\d{9}")), "W168061833")
    '168061833'
    """
    if fits_pattern(rule, value):
        return None
    stopped = _INNER_STOP.sub("", value)
    if stopped != value and fits_pattern(rule, stopped):
        return stopped
    if (fixed := repair(rule, value)) is not None:
        return fixed
    for ways in (
        [value[1:]] * (not value[:1].isdigit()) + [value[:-1]] * (not value[-1:].isdigit()),
        [unframed(value)],  # a dashed frame's sides at both ends: '(BEZ487370284"'
        [value[:i] + _WIDE_LOOKALIKES[c] + value[i + 1:]
         for i, c in enumerate(value) if c in _WIDE_LOOKALIKES],
        # a J of small soft print read as a 3 where the format wants a letter: 'P3V…'
        [value[:i] + "J" + value[i + 1:] for i, c in enumerate(value) if c == "3"],
    ):
        fitting = {v for v in ways if v and fits_pattern(rule, v)}
        if len(fitting) == 1:
            return fitting.pop()
    return None


STOP_OVERLAP = 0.25
"""Share of a run's start height by which a label word must reach back over the start
word for it to lie on another row (over or under it), not after it."""


def _run_right_of(
    words: Sequence[OcrWord], start_box: Box, free: set[int], stop: set[int],
    max_gap: float = MAX_RIGHT_GAP,
) -> list[int]:
    """Free words on the row of ``start_box`` to its right, nearest first, each close to the
    last; stops at a word that belongs to a label."""
    h = max(start_box.height, 1.0)
    # Right of the start: ending past it, beginning in its right half at the earliest
    # (OCR boxes of a split value may overlap: "AH8403517" "-03"); on its row
    # (:func:`same_row`, written out: ~4,000 calls a card, over every word).
    past, middle = start_box.right + 0.1 * h, (start_box.left + start_box.right) / 2
    top, bottom = start_box.top, start_box.bottom
    height = bottom - top
    row = []
    for i in free | stop:
        b = words[i].box
        if b.right > past and b.left >= middle and (
                min(b.bottom, bottom) - max(b.top, top) >= 0.5 * min(b.bottom - b.top, height)):
            row.append(i)
    row.sort(key=lambda i: words[i].box.left)
    run: list[int] = []
    last = start_box
    for i in row:
        if i in stop and words[i].box.left < start_box.right - STOP_OVERLAP * h:
            # A label's word over the start's right part, not after it: the row above,
            # into which the box of a value on a tilted card grew ('Number' of 'Policy
            # Number' over '2019-' '205-2').
            continue
        if i in stop:
            break
        gap = words[i].box.left - last.right
        # After a comma (a surname printed first), its word's box, grown by the comma's
        # tail, measures the print's size too: 'BENNETT,' then 'LUNA J' on another line.
        comma = last.height if run and words[run[-1]].text.endswith(",") else 0.0
        limit = max_gap * h if not run else MAX_WORD_GAP * max(words[i].box.height, h, comma)
        if gap > limit:
            break
        run.append(i)
        last = words[i].box
    return run


FAR_RIGHT_GAP = 8.0
"""Gap (label heights) from a label to a value on its row beyond which the value may stand
in the next column (:func:`_stacked_instead`)."""
STACKED_GAP = 1.5
"""Farthest (label heights) a value stacked under its label starts below and beside it."""


def _stacked_instead(
    words: Sequence[OcrWord], hit: LabelHit, run: Sequence[int], free: set[int],
    stop: set[int],
) -> bool:
    """True when the run on a label's row stands a column away (:data:`FAR_RIGHT_GAP`) and
    a value that fits the label's format is stacked right under it, flush with its left
    edge (:data:`STACKED_GAP`): the row's value is the next column's, its own label lost
    (Cigna's ``Group #`` over ``00547965``, a lost ``Rxpcn``'s ``02250000`` on its row)."""
    if not run:
        return False
    h = max(hit.box.height, 1.0)
    if words[run[0]].box.left - hit.box.right <= FAR_RIGHT_GAP * h:
        return False
    for below in _runs_below(words, hit.box, free, stop, limit=1):
        first = words[below[0]].box
        if first.top - hit.box.bottom <= STACKED_GAP * h and abs(
                first.left - hit.box.left) <= STACKED_GAP * h:
            got = _value_from(words, below, hit.rule)
            return got is not None and got[2]
    return False


def _runs_below(
    words: Sequence[OcrWord], label: Box, free: set[int], stop: set[int],
    limit: int | None = None,
) -> list[list[int]]:
    """Runs of free words just under a label, each starting at a word that overlaps the
    label's column, nearest first (the top row, then closest to the label's left edge);
    the first ``limit`` of them only, when given (each run is found on its own)."""
    runs = []
    for i in itertools.islice(_run_starts(words, label, free), limit):
        # An initial OCR boxed inside the first word's box is right of it, though its
        # box does not end past the word's (:func:`_tucked_initial`).
        tucked = sorted((j for j in free - {i} if _tucked_initial(words[i], words[j])
                         and same_row(words[j].box, words[i].box)),
                        key=lambda j: words[j].box.left)
        runs.append([i, *tucked, *_run_right_of(words, printed_box(words[i]), free - {i},
                                                stop)])
    return runs


def _run_starts(words: Sequence[OcrWord], label: Box, free: set[int]) -> Iterator[int]:
    """The words :func:`_runs_below`'s runs start at, in its order, found as they are
    asked for."""
    h = max(label.height, 1.0)
    below = [
        i
        for i in free
        # Small labels over larger values (column heads in a band): the gap is measured
        # in the larger of the two heights.
        # (or whose box OCR grew over the label's row, its middle still under the label, or
        # its foot half a label's height under the label's: 'UHEALTH' under 'Rx Group').
        if (words[i].box.top - label.bottom + 0.25 * h >= 0 or words[i].box.cy > label.bottom
            or (words[i].box.top > label.top and words[i].box.bottom >= label.bottom + 0.5 * h))
        and words[i].box.top - label.bottom <= MAX_BELOW_GAP * max(
            h, min(words[i].box.height, 2 * h))
        and words[i].box.right >= label.left - 0.5 * h
        and words[i].box.left <= label.right + 0.5 * h
    ]
    # Rows as the words overlap, not as their tops round: fresh 10303's 0125 had
    # 'PBV' 1 px lower than '9085940663' across a rounding edge, and lost its prefix.
    below.sort(key=lambda i: words[i].box.top)
    firsts: list[Box] = []  # the first (topmost) word's box of each row
    row_of: dict[int, int] = {}
    for i in below:
        k = next((k for k, first in enumerate(firsts) if same_row(first, words[i].box)), None)
        if k is None:
            firsts.append(words[i].box)
            k = len(firsts) - 1
        row_of[i] = k
    below.sort(key=lambda i: (row_of[i], abs(words[i].box.left - label.left)))
    starts: list[int] = []
    for i in below:
        # A member ID's prefix printed just left of the number, outside the head's column.
        left = [
            j for j in free
            if j != i and 0 <= words[i].box.left - words[j].box.right <= MAX_WORD_GAP * h
            and same_row(words[j].box, words[i].box)
        ]
        j = max(left, key=lambda j: words[j].box.right) if left else None
        if j is not None and words[i].box.left - words[j].box.right < SPLIT_START_GAP * min(
                words[i].box.height, words[j].box.height):
            # Closer than a word space, it is the value's own start OCR split off (a dotted
            # frame's edge made '2' a word before '3729628040'; blur split '76-7' '79497'):
            # the value starts there, never at the rest alone.
            if j not in starts:
                starts.append(j)
                yield j
            continue
        starts.append(i)
        yield i
        if j is not None:
            starts.append(j)
            yield j


OVERWIDE_BOX = 1.5
"""A word's box wider than this many heights per letter is not its print's: OCR gave the
first word of a row a box across the whole row (``VIOLET`` boxed over ``F WASHINGTON
III``)."""
LETTER_WIDTH = 0.6
"""Width of a capital letter in card print, in text heights (a low estimate)."""


def printed_box(word: OcrWord) -> Box:
    """A word's box, cut to the width its letters may print (``LETTER_WIDTH`` heights each)
    where OCR boxed it over its row (:data:`OVERWIDE_BOX`), so the words it covers follow
    it; its box otherwise."""
    b = word.box
    n = max(len(word.text), 1)
    if b.width <= OVERWIDE_BOX * n * b.height:
        return b
    return replace(b, right=b.left + LETTER_WIDTH * n * b.height)


def _run_below(words: Sequence[OcrWord], label: Box, free: set[int], stop: set[int]) -> list[int]:
    """The nearest run of free words under a label (see :func:`_runs_below`)."""
    runs = _runs_below(words, label, free, stop, limit=1)
    return runs[0] if runs else []


def run_box(words: Sequence[OcrWord], box: Box) -> Box:
    """``box`` grown over the words that continue it on its row (gaps under
    ``MAX_WORD_GAP`` heights), e.g. the rest of a value OCR split in two; a word opening a
    bracket starts something else (``2026-765-4 (20267654)``)."""
    h = max(box.height, 1.0)
    grown = box
    for w in sorted(words, key=lambda w: w.box.left):
        if (
            same_row(w.box, grown)
            and w.box.right > grown.right
            and w.box.left - grown.right <= MAX_WORD_GAP * h
            and w.box.left >= grown.left
        ):
            if w.text.startswith(("(", "[", "{")):
                break
            grown = grown.union(w.box)
    return grown


def _confidence(
    words: Sequence[OcrWord], run: list[int], label_score: float, fits: bool, position: str
) -> float:
    ocr = min(words[i].confidence for i in run)
    c = ocr * label_score * POSITION_FACTOR[position]
    if not fits:
        c *= PATTERN_MISS_FACTOR
    return round(max(0.0, min(1.0, c)), 3)


def _assign(
    words: Sequence[OcrWord], hit: LabelHit, run: list[int], position: str, *, must_fit: bool
) -> Found | None:
    """The value a run of words gives a label, or None (distractors and weak labels only
    take values that fit their pattern; with ``must_fit`` nothing else is taken either)."""
    picked = _value_from(words, run, hit.rule) if run else None
    if (picked is None or not picked[2]) and label_remnant(words, hit, run):
        picked = _value_from(words, run[1:], hit.rule)  # 'Payer 1D: 61101'
    if picked is None:
        return None
    value, used, fits = picked
    factor = 1.0
    if (zeros := zeros_for_os(hit.rule, value)) != value:
        value, fits, factor = zeros, fits_pattern(hit.rule, zeros), REPAIR_FACTOR
    cap = 1.0
    if not fits and (fixed := repair(hit.rule, value)) is not None:
        value, fits, factor = fixed, True, REPAIR_FACTOR
    elif not fits and _reviewed(hit.rule) and (
            fixed := repair(hit.rule, value, weak=True)) is not None:
        value, fits, factor, cap = fixed, True, REPAIR_FACTOR, WEAK_REPAIR_CAP
    elif not fits and getattr(hit.rule, "name", None) == "member_id" and fits_pattern(
            hit.rule, bare := unframed(value)):
        value, fits, cap = bare, True, FRAME_EDGE_CAP  # a dashed frame's sides at its ends
    weak = hit.score < 1.0 and not _number_part(hit.rule, value)
    if not fits and (must_fit or isinstance(hit.rule, DistractorRule) or weak):
        return None
    return Found(
        rule=hit.rule,
        label=hit.label,
        value=value,
        box=_union(words, used),
        confidence=min(cap, round(
            _confidence(words, used, hit.score, fits, position) * factor, 3)),
        indices=tuple(used),
        label_score=hit.score,
    )


def label_remnant(words: Sequence[OcrWord], hit: LabelHit, run: Sequence[int]) -> bool:
    """True when the first word of a routing code's run (:data:`ROUTING_FIELDS`) is what
    OCR left of the end of its label, a short word ending in ``:`` or a mark (``Payer``
    ``1D:``, ``EDI Payer`` ``10:``, ``Payor`` ``¢``), and a value follows it."""
    if getattr(hit.rule, "name", None) not in ROUTING_FIELDS or len(run) < 2:
        return False
    text = words[run[0]].text
    return len(text) <= 3 and (text[-1] in ":;" or not any(c.isalnum() for c in text))


def _inline(words: Sequence[OcrWord], hit: LabelHit) -> Found | None:
    if hit.inline is None:
        return None
    value = zeros_for_os(hit.rule, hit.inline)
    fits = fits_pattern(hit.rule, value)
    if not fits and not isinstance(hit.rule, FieldRule):
        return None
    i = hit.indices[-1]
    factor = REPAIR_FACTOR if value != hit.inline else 1.0
    return Found(
        rule=hit.rule,
        label=hit.label,
        value=value,
        box=words[i].box,
        confidence=round(_confidence(words, [i], hit.score, fits, "inline") * factor, 3),
        indices=(i,),
        label_score=hit.score,
    )


_RX_WORD = re.compile(r"^RxX?(?=[A-Z0-9]+$)")
"""A code's leading ``RX`` that OCR's language model read as the word ``Rx``."""
ROUTING_FIELDS = RX_FIELDS | {"payer_id"}
"""Codes that route a claim (Rx BIN, PCN and group, the payer ID): no closer read checks
them, so the junction of their letters and digits is settled here (:func:`zeros_for_os`)."""
_DIGIT_TAIL = re.compile(r"[O0-9]*[0-9][O0-9]*$")
_ZEROS_AFTER_LETTERS = re.compile(r"(?<=[A-NP-Z])O{2,}$")
"""An Rx group's letters ending in two O's or more: a prefix's number of zeros
(``CIGNAOO`` of ``CIGNA00``). A group of letters alone (``WLHA``, ``UHCSR``, ``OXFORD``)
does not end so; one O may be a letter."""


def zeros_for_os(rule: Rule, value: str) -> str:
    """A routing code (:data:`ROUTING_FIELDS`) with the letter O's of its final run of
    digits read as zeros: ``OO621`` → ``00621``, ``XNJO74`` → ``XNJ074``, ``CIGNAO3`` →
    ``CIGNA03``, and an Rx group's two O's or more after its letters (``CIGNAOO``,
    :data:`_ZEROS_AFTER_LETTERS`). Card fonts draw O and 0 alike, and OCR's language model
    reads a letter after letters; such codes end in digits (a letter prefix, then a number).
    ``value`` as it is for any other field, or when no O stands in its final run of digits.
    Other look-alikes after a digit too, where the field ends in digits
    (:func:`_lookalikes_after_digit`)."""
    if getattr(rule, "name", None) not in ROUTING_FIELDS:
        return value
    value = _lookalikes_after_digit(rule, value)
    if "O" not in value:
        return value
    if getattr(rule, "name", None) == "rx_group" and (
            zeros := _ZEROS_AFTER_LETTERS.search(value)) is not None:
        return value[:zeros.start()] + "0" * len(zeros.group())
    tail = _DIGIT_TAIL.search(value)
    if tail is None or "O" not in tail.group():
        return value
    return value[:tail.start()] + tail.group().replace("O", "0")


_AFTER_DIGIT = re.compile(r"(?<=\d)[0-9SZBI]*[SZBI][0-9SZBI]*$")
"""Letters OCR reads for the digits they look like (S 5, Z 2, B 8, I 1) after a digit, to
the end of a code: ``RVM17Z``, ``BCIL92S``, ``BCIL4I2`` (12323's 0276)."""
_TAIL_DIGITS = str.maketrans({"S": "5", "Z": "2", "B": "8", "I": "1"})
LETTER_TAIL_FIELDS = frozenset({"rx_group", "payer_id"})
"""Routing codes that end in a number (a letter prefix, then digits), never in letters
after a digit; a PCN may (``A4B``)."""


def _lookalikes_after_digit(rule: Rule, value: str) -> str:
    """``value`` with the look-alike letters after its first digit of the final number read
    as the digits they look like, for :data:`LETTER_TAIL_FIELDS`: ``RVM17Z`` → ``RVM172``.
    The letter between a prefix and its number stays (``CLS353``: an S may end a prefix)."""
    if getattr(rule, "name", None) not in LETTER_TAIL_FIELDS:
        return value
    tail = _AFTER_DIGIT.search(value)
    return value if tail is None else value[:tail.start()] + tail.group().translate(
        _TAIL_DIGITS)


def after_initial(words: Sequence[OcrWord], hit: LabelHit) -> bool:
    """True when a label's first word follows a name's middle initial on its row: a word
    of two or more letters, then one capital letter (``JOHN Q``), each at most
    ``MAX_WORD_GAP`` word heights from the next. No label follows an initial; the words
    are the name's own (the sample ``JOHN Q MEMBER II`` read as the label ``Member ID``)."""
    first = words[hit.indices[0]]
    h = max(first.box.height, 1.0)

    def before(w: OcrWord) -> OcrWord | None:
        left = [v for v in words if v.line == w.line and v.box.right <= w.box.left
                and w.box.left - v.box.right <= MAX_WORD_GAP * h]
        return max(left, key=lambda v: v.box.right, default=None)

    initial = before(first)
    if initial is None or _INITIAL.fullmatch(initial.text) is None:
        return False
    given = before(initial)
    # (A mark clinging before the given name: an arrow's tip, '<JOHN'.)
    return given is not None and re.fullmatch(
        r"[A-Z][A-Za-z'-]+", re.sub(r"^[^A-Za-z]+", "", given.text)) is not None


def locate(
    words: Sequence[OcrWord], rules: Sequence[Rule], brand: frozenset[str] = frozenset(),
    front: bool = False,
) -> list[Found]:
    """Values for every rule found on one side's words (card frame), distractors included;
    ``brand``: the words of the carrier's name (:func:`brand_words`), never a person's.
    The member's unlabelled name (:func:`lone_name`) is looked for on the ``front`` (where
    cards print it), and on a side where the member ID was read.

    Labels take values in rounds, so a value that fits its label's pattern is never taken
    by a label it does not fit: glued values; then fitting values right of the label; then
    fitting values below it; then, for fields, a value that does not fit (right, else
    below), whose low confidence sends the card to review.
    """
    hits = sorted((h for h in find_labels(words, rules) if not after_initial(words, h)),
                  key=lambda h: (h.box.top, h.box.left))
    label_words = {i for h in hits for i in h.indices}
    hits = [_cut_above_row_under(words, h, label_words) for h in hits]
    whole_labels = {i for h in hits if h.score >= 1.0 for i in h.indices}  # read as printed
    # Placeholders (XXXXXXX, MM/DD/YYYY) are no value; a label showing one has none.
    # (Zeros may be a sample card's number after its prefix: YGD 000000000000.)
    masks = {i for i, w in enumerate(words) if is_placeholder(w.text) and not w.text.isdigit()}
    hits = [h for h in hits if not shows_placeholder(words, h)]
    free = set(range(len(words))) - label_words - masks
    decoy_heads = {i for h in hits if isinstance(h.rule, DistractorRule) for i in h.indices}
    found: list[Found] = []
    pending: list[LabelHit] = []
    for hit in hits:
        got = _inline(words, hit)
        if got is None:
            pending.append(hit)
        else:
            found.append(got)
    rounds: list[tuple[str, bool]] = [
        ("right", True), ("below", True), ("right", False), ("below", False)
    ]
    unlabelled_claimed = False
    # Member ID and group choose first in every round: a prefix head must not take the
    # prefix the member ID is printed with.
    pending.sort(key=lambda h: not _reviewed(h.rule))
    for position, must_fit in rounds:
        if not must_fit and not unlabelled_claimed:
            # Unlabelled decoys (H5415 071, phone numbers) claim their words before a
            # label may take a value that breaks its format.
            decoys = [r for r in rules if isinstance(r, DistractorRule)]
            found += _anywhere(words, decoys, free, set())
            unlabelled_claimed = True
        waiting: list[LabelHit] = []
        for hit in pending:
            if position == "below" and not hit.rule.below:
                waiting.append(hit)
                continue
            if position == "right":
                runs = [_inline_run(words, hit, free, label_words)]
                if must_fit and _stacked_instead(words, hit, runs[0], free, label_words):
                    waiting.append(hit)  # its value is the one stacked under it
                    continue
            elif _beside_a_code(words, hit, label_words):
                # A label of a field nobody reviews with its own code beside it, which does
                # not fit or a look-alike took, has no value: not the line below's words
                # ('Plan: H5415-071' over a copay table's head).
                waiting.append(hit)
                continue
            else:
                # Under a column head, the value may start left of the head: any run
                # overlapping its column may be it, the nearest that fits first.
                runs = _runs_below(words, hit.box, free, label_words, limit=4 if must_fit else 1)
                if isinstance(hit.rule, FieldRule):
                    runs = [r for r in runs if not _headed_between(words, hit.box, r[0],
                                                                   decoy_heads)]
                if getattr(hit.rule, "name", None) in NAME_FIELDS:
                    runs = [cut for run in runs if (cut := _cut_at_next_head(
                        words, hit, _overlapped_start(words, run, free), whole_labels))]
            got = None
            for run in runs:
                got = _assign(words, hit, run, position, must_fit=must_fit)
                if got is not None:
                    break
            if got is None:
                waiting.append(hit)
            else:
                found.append(got)
                free -= set(got.indices)
        pending = waiting
    found += _shared_label_values(words, rules, hits, pending, found, free, label_words)
    valued = {i for f in found for i in f.indices}
    found = [_ended_by_label(words, f, pending, valued) for f in found]
    fields_only = [r for r in rules if isinstance(r, FieldRule)]
    found += rx_block_row(words, hits, found, free, fields_only)
    found += rx_block_column(words, hits, found, free, fields_only)
    found += rx_block_unlabelled(words, found, free, fields_only)
    found += _anywhere(words, fields_only, free, {f.rule for f in found})
    named = {f.rule.name for f in found if isinstance(f.rule, FieldRule)}
    member = next((r for r in fields_only if r.name == "member_id"), None)
    name_rule = next((r for r in fields_only if r.name == "member_name"), None)
    # A number under a Medicaid label is the member ID only when the card prints no
    # other: an ID under the member's name, unlabelled, is the plan's own (the Medicaid
    # number becomes a distractor in :func:`read_side`).
    state_only = all(is_medicaid_label(f.label) for f in found
                     if isinstance(f.rule, FieldRule) and f.rule.name == "member_id")
    if member is not None and ("member_id" not in named or state_only):
        found += under_name(words, free, label_words, member,
                            None if "member_name" in named else name_rule)
        named = {f.rule.name for f in found if isinstance(f.rule, FieldRule)}
    if member is not None and "member_id" not in named:
        found += lost_id_word(words, pending, free, label_words, member)
        named = {f.rule.name for f in found if isinstance(f.rule, FieldRule)}
    if name_rule is not None and "member_name" not in named:
        # A name printed without a label just above the member ID or its label.
        anchors = [f.box for f in found
                   if isinstance(f.rule, FieldRule) and f.rule.name == "member_id"]
        anchors += [h.box for h in hits
                    if isinstance(h.rule, FieldRule) and h.rule.name == "member_id"]
        found += name_above(words, free, anchors, name_rule, label_words, brand)
        named = {f.rule.name for f in found if isinstance(f.rule, FieldRule)}
    if name_rule is not None and "member_name" not in named and (front or "member_id" in named):
        taken = {i for f in found for i in f.indices}
        found += lone_name(words, free - taken - label_words, name_rule, label_words, brand)
    return found


def _headed_between(
    words: Sequence[OcrWord], label: Box, first: int, heads: Collection[int]
) -> bool:
    """True when a word of a decoy's label (``heads``: ``Health Plan (80840)``, ``Issuer``)
    stands between a label (its ``label`` box) and the word ``first`` under it (card
    frame): starting in the label box's lower half or under it, ending above the word's
    middle, overlapping its column. The word is that decoy's value, not the label's
    (11414's 0222: ``GROUP`` boxed 45 px tall over a misread ``ID.``, and the health plan's
    number under ``Health Plan (80840)`` taken for the group)."""
    under = words[first].box
    return any(
        words[j].box.top >= label.top + label.height / 2 and words[j].box.bottom <= under.cy
        and min(words[j].box.right, under.right) > max(words[j].box.left, under.left)
        for j in heads)


NAMED_BY_WORDS = frozenset({"group_name"})
"""Fields whose value is an organisation's name, which may end in a word some label is
spelled with (``Riverbend Medical Group``, ``Contoso Health Plan``): :func:`_ended_by_label`."""
WORDS_APART = NAMED_BY_WORDS | {"rx_plan"}
"""Fields whose value is a name of words (an employer's, a formulary's: ``Standard Rx``):
two words of letters in it are never one word OCR split (:func:`_tokens`)."""


BOXED_OVER_TOP = 0.4
"""Share of a label's box height from its top below which a word starting inside the box
is on another row (:func:`_cut_above_row_under`)."""
BOXED_OVER_RATIO = 1.8
"""Least height of a label's box, in heights of a word starting inside its lower part,
for the box to hold two rows."""


def _cut_above_row_under(
    words: Sequence[OcrWord], hit: LabelHit, label_words: Collection[int]
) -> LabelHit:
    """``hit`` with its box ending above a word (:func:`_sure_code`) that is no label's and
    starts in its lower part (:data:`BOXED_OVER_TOP`), under it, where the box stands far
    taller than that word (:data:`BOXED_OVER_RATIO`): OCR boxed the label over the row of
    values under it (3434's 0327: ``Group`` in a coloured band boxed 283-346 px over its
    ``6664-381`` at 331-356, which then stood on its row and the next column's value right
    of it). Card frame, pixels."""
    b = hit.box
    under = [w.box for i, w in enumerate(words)
             if b.top + BOXED_OVER_TOP * b.height <= w.box.top < b.bottom
             and b.height >= BOXED_OVER_RATIO * w.box.height
             and min(w.box.right, b.right) - max(w.box.left, b.left) > 0.5 * min(
                 w.box.width, b.width)
             and i not in label_words and _sure_code(w)]
    if not under:
        return hit
    return replace(hit, box=replace(b, bottom=min(u.top for u in under)))


def _sure_code(word: OcrWord) -> bool:
    """True for a word read with some confidence (``MIN_SURE_WORD``) holding two letters or
    digits or more: print, not a speck OCR boxed (``Bs`` at 0.02)."""
    return word.confidence >= MIN_SURE_WORD and sum(c.isalnum() for c in word.text) >= 2


MIN_SURE_WORD = 0.5
"""Least OCR confidence (0-1) of a word that :func:`_sure_code` takes for print."""


def _ended_by_label(
    words: Sequence[OcrWord], found: Found, unvalued: Sequence[LabelHit],
    taken: Collection[int] = (),
) -> Found:
    """``found`` (a :data:`NAMED_BY_WORDS` value) with the words of a label that took no
    value (``unvalued``) appended, where they continue its row at a word's gap and end the
    phrase (no word follows them at a word's gap) or words of letters no other value took
    (``taken``) follow them (:func:`_letter_words_after`): ``Riverbend Medical Group``
    read as the name ``Riverbend Medical`` and a ``Group`` label with nothing to label;
    ``BLUE RIDGE SCHOOL DISTRICT`` read to a ``School`` label. Unchanged where the longer
    value would not fit the rule (pattern, ``max_words``)."""
    rule = found.rule
    if not isinstance(rule, FieldRule) or rule.name not in NAMED_BY_WORDS:
        return found
    last = words[found.indices[-1]].box
    h = max(last.height, 1.0)
    for hit in unvalued:
        first = words[hit.indices[0]].box
        if not (same_row(first, last) and 0 <= first.left - last.right <= MAX_WORD_GAP * h):
            continue
        rest = _letter_words_after(words, hit.indices[-1], taken)
        if rest is None:
            continue  # a label of the next phrase ('Group' of 'Group No. 123'), not the end
        added = [*hit.indices, *rest]
        value = clean_value(f"{found.value} {' '.join(words[i].text for i in added)}")
        if len(value.split()) > rule.max_words or not fits_pattern(rule, value):
            continue
        box = found.box
        for i in added:
            box = box.union(words[i].box)
        return replace(found, value=value, box=box, indices=(*found.indices, *added),
                       confidence=min(found.confidence, *(words[i].confidence for i in added)))
    return found


def _letter_words_after(
    words: Sequence[OcrWord], last: int, taken: Collection[int]
) -> list[int] | None:
    """The words that go on from word ``last`` along its row, each within a word's gap
    (:data:`MAX_WORD_GAP` heights) of the one before: empty when none does; None when one
    is no word of letters (:data:`_LETTER_WORD`) or another value's (``taken``): the rest
    of a name (``SCHOOL`` ``DISTRICT`` of ``BLUE RIDGE SCHOOL DISTRICT``, its ``School``
    a label's word) holds letters only, the next phrase (``Group No. 123``) does not."""
    out: list[int] = []
    end = words[last].box
    h = max(end.height, 1.0)
    while (nxt := min((i for i, w in enumerate(words) if i != last and same_row(w.box, end)
                       and 0 <= w.box.left - end.right <= MAX_WORD_GAP * h),
                      key=lambda i: words[i].box.left, default=None)) is not None:
        if nxt in taken or not _LETTER_WORD.fullmatch(words[nxt].text):
            return None
        out.append(nxt)
        end = words[nxt].box
    return out


def _shared_label_values(
    words: Sequence[OcrWord], rules: Sequence[Rule], hits: Sequence[LabelHit],
    unvalued: Sequence[LabelHit], found: Sequence[Found], free: set[int],
    label_words: set[int],
) -> list[Found]:
    """Values of :data:`NAMED_BY_WORDS` fields under a label two rules share (``Employer
    Group``: the group's and the employer's) that :func:`find_labels` gave the other rule,
    which took no value (``unvalued``): the label's fitting value right of it, else below
    it, taken for the named field when no label of that field was read. Removes the words
    it takes from ``free``."""
    out: list[Found] = []
    named = {f.rule.name for f in found if isinstance(f.rule, FieldRule)}
    for hit in unvalued:
        norm = normalize_label(hit.label)
        rule = next((r for r in rules if isinstance(r, FieldRule) and r.name in NAMED_BY_WORDS
                     and r.name not in named and r is not hit.rule
                     and norm in {normalize_label(lb) for lb in r.labels}
                     and not any(h.rule is r for h in hits)), None)
        if rule is None:
            continue
        shared = replace(hit, rule=rule)
        runs = [("right", _inline_run(words, shared, free, label_words))]
        runs += [("below", run) for run in _runs_below(words, hit.box, free, label_words, limit=4)]
        for position, run in runs:
            got = _assign(words, shared, run, position, must_fit=True) if run else None
            if got is not None:
                out.append(got)
                named.add(rule.name)
                free -= set(got.indices)
                break
    return out


def _inline_run(
    words: Sequence[OcrWord], hit: LabelHit, free: set[int], label_words: set[int]
) -> list[int]:
    """The free words right of a label on its row, nearest first (:func:`_run_right_of`),
    starting after the label's last word: OCR sometimes gives an earlier word of the label
    a box as wide as the whole row."""
    end = words[hit.indices[-1]].box
    start = Box(end.left, hit.box.top, end.right, hit.box.bottom)
    gap = MAX_PHRASE_RIGHT_GAP if hit.rule.max_words > 2 else MAX_RIGHT_GAP
    run = _run_right_of(words, start, free, label_words, gap)
    if getattr(hit.rule, "name", None) in PART_DATE_FIELDS and (torn := _torn_rest(words, run)):
        # The rest of the label: the value is looked for from its last word, a column's
        # distance away, and the label's box reaches over it.
        hit = replace(hit, box=_union(words, [*hit.indices, *torn]))
        end = words[torn[-1]].box
        start = Box(end.left, hit.box.top, end.right, hit.box.bottom)
        run = _run_right_of(words, start, free - set(torn), label_words, MAX_RIGHT_GAP)
    if not run and getattr(hit.rule, "name", None) in NAME_FIELDS:
        far = _run_right_of(words, start, free, label_words, MAX_RIGHT_GAP)
        run = far if far and _tab_aligned(words, far[0], hit.box, label_words) and _whole_line(
            words, far, free) and _is_name_run(words, far) else []
    if run and _split_off_start(words, run[0], free - set(run)):
        return []  # the rest of a value under the label, whose box reached the label's row
    if run and _headed_elsewhere(words, hit, run[0], label_words):
        return []  # another column's value, under its own head ('BIN' over '610502')
    return run


PART_DATE_FIELDS = frozenset({"medicare_part_a_date", "medicare_part_b_date"})
"""A Medicare card's entitlement rows: ``HOSPITAL (PART A)`` or ``MEDICAL (PART B)``, then
the part's date."""
TORN_LABEL_MAX_WORDS = 3
"""Most words without a digit between an entitlement row's first word and its date that
:func:`_torn_rest` takes for the rest of its label."""


def _torn_rest(words: Sequence[OcrWord], run: Sequence[int]) -> list[int]:
    """The first words of a run right of a Medicare entitlement label that hold no digit,
    when they are at most :data:`TORN_LABEL_MAX_WORDS`: the rest of a label whose bracket
    OCR tore (``HOSPITAL`` ``*'..'T`` ``A)`` then ``12-01-1995``; only the first word read
    as a label). Empty when the run opens with a digit or with more such words."""
    rest = list(itertools.takewhile(lambda i: not any(c.isdigit() for c in words[i].text), run))
    return rest if rest and len(rest) <= TORN_LABEL_MAX_WORDS else []


def _overlapped_start(words: Sequence[OcrWord], run: list[int], free: set[int]) -> list[int]:
    """A name's run under its label with the free word whose box its first word's box
    starts inside on its row, in its right half, put first: OCR boxed an initial over the
    given name's end (``STELLA`` ``J`` ``VAN DYKE``, the ``J`` boxed tall and first by its
    top); not a word boxed over the first word itself (a second reading's double of it).
    The run otherwise."""
    if not run:
        return run
    b = words[run[0]].box
    before = [j for j in free if j not in run and same_row(words[j].box, b)
              and words[j].box.left < b.left < words[j].box.right
              and words[j].box.right - b.left < 0.5 * words[j].box.width]  # not its double
    return [min(before, key=lambda j: words[j].box.left), *run] if before else run


def _cut_at_next_head(
    words: Sequence[OcrWord], hit: LabelHit, run: Sequence[int], label_words: Collection[int]
) -> list[int]:
    """A run under a name's column head without the words from the next head's column on:
    the nearest word of a label read whole (``label_words``: a mark read into a label,
    ``So MemberName``, may stand left of its column), of two letters or more (no mark),
    right of the head on its row starts that column, and a word
    starting past its left edge (less half the run's first word's height) is that
    column's (``LUNA K PHAM`` ``SVETLANA DUBOIS`` under ``Policy holder`` and ``Member
    name``, read as one line)."""
    heads = [words[i].box.left for i in label_words
             if i not in hit.indices and words[i].box.left > hit.box.right
             and same_row(words[i].box, hit.box)
             and len(re.sub("[^A-Za-z]", "", words[i].text)) >= 2]  # no mark ('=')
    if not heads or not run:
        return list(run)
    edge = min(heads) - 0.5 * words[run[0]].box.height
    return [i for i in run if words[i].box.left < edge]


def _whole_line(words: Sequence[OcrWord], run: Sequence[int], free: set[int]) -> bool:
    """True when a run of free words is its line's whole run from its first word on
    (:func:`row_runs`): nothing of it left behind (a suffix set higher than the label's
    row, ``II``)."""
    line = next((r for r in row_runs(words, free) if run[0] in r), [])
    return line[line.index(run[0]):] == list(run) if line else False


TAB_ROWS = 3.0
"""Farthest (value heights, centre to centre) a row of a form is from the next one."""


def _tab_aligned(
    words: Sequence[OcrWord], first: int, label: Box, label_words: Collection[int]
) -> bool:
    """True when the word ``first``, right of a name's label on its row farther than a
    phrase's gap, starts where a value does on a row of the form just above or below it,
    whose own label (a word of ``label_words``, indices) starts where this label does:
    not any word there (fresh range 1111's 0139 took ``MBR He`` so, and lost the
    name under its ``Member Name`` label). A form of labels in one column and
    their values tabbed to another (``Policy Holder:`` ``DOLORES LARSON`` over ``Name:``
    ``RASMUSSEN, ROSA J``), the name this label's value, not another column's words."""
    b = words[first].box
    h = max(b.height, 1.0)
    for j, w in enumerate(words):
        if j == first or abs(w.box.left - b.left) > 0.5 * h or w.box.left <= label.right:
            continue
        if not 0 < abs(w.box.cy - b.cy) <= TAB_ROWS * h:
            continue
        if any(abs(words[k].box.left - label.left) <= h and same_row(words[k].box, w.box)
               for k in label_words):
            return True
    return False


HEAD_GAP_MAX = 1.5
"""Greatest gap (value heights) between a column head and the value just under it."""
HEAD_OVERLAP = 0.25
"""Greatest overlap (value heights) of a column head's box over the value's under it: the
second engine's boxes are padded (9999's 0390: ``Health`` 352-376 px over ``9534696054``
from 373 px)."""


def _headed_elsewhere(
    words: Sequence[OcrWord], hit: LabelHit, first: int, label_words: Collection[int]
) -> bool:
    """True when word ``first``, right of label ``hit`` past a phrase's gap
    (:data:`MAX_PHRASE_RIGHT_GAP` label heights), stands just under another label's word
    (left edges within a value height, at most :data:`HEAD_GAP_MAX` value heights below
    it, not on the row of ``hit``'s last word): a value of another column under its own
    head (``GROUP NUMBER`` on the row of ``610502`` under ``BIN``), not this label's. The
    row is the last word's, not the label's whole box: OCR may box a word of the label
    over the row above (``Policy`` 33 px high beside ``Number`` 15 px), on which the head
    (``PCN`` over ``9999``) then seems to stand. The head's middle is above the value's top;
    padded boxes may overlap (:data:`HEAD_OVERLAP`). Card frame, pixels."""
    v = words[first].box
    h = max(v.height, 1.0)
    end = words[hit.indices[-1]].box
    if v.left - hit.box.right <= MAX_PHRASE_RIGHT_GAP * max(end.height, 1.0):
        return False
    return any(
        abs(words[j].box.left - v.left) <= h
        and -HEAD_OVERLAP * h <= v.top - words[j].box.bottom <= HEAD_GAP_MAX * h
        and words[j].box.cy < v.top
        and not same_row(words[j].box, end)
        for j in label_words if j not in hit.indices)


def _split_off_start(words: Sequence[OcrWord], first: int, free: Collection[int]) -> bool:
    """True when a free word of letters or digits ends closer than a word space
    (:data:`SPLIT_START_GAP`) before word ``first``, on its row: ``first`` is the rest of
    a value OCR split there, never a value alone (a value under ``Group ID`` read ``894)``
    ``3`` ``035``, the ``3``'s box tall enough to stand on the label's row)."""
    w = words[first].box
    return any(
        words[j].box.right <= w.left + 0.1 * w.height
        and w.left - words[j].box.right < SPLIT_START_GAP * min(w.height, words[j].box.height)
        and same_row(words[j].box, w) and re.search("[A-Za-z0-9]", words[j].text) is not None
        for j in free if j != first)


def _beside_a_code(words: Sequence[OcrWord], hit: LabelHit, label_words: set[int]) -> bool:
    """True for the label of a field nobody reviews (not a look-alike's) whose nearest word
    on its right, whoever took it, holds a digit and stands within ``MAX_PHRASE_RIGHT_GAP``
    heights: its value, printed beside it (not the next column's ``$30``)."""
    if not isinstance(hit.rule, FieldRule) or _reviewed(hit.rule) or _says_name(hit):
        return False
    end = words[hit.indices[-1]].box
    run = _run_right_of(words, Box(end.left, hit.box.top, end.right, hit.box.bottom),
                        set(range(len(words))) - label_words, label_words, MAX_PHRASE_RIGHT_GAP)
    return bool(run) and any(c.isdigit() for c in words[run[0]].text)


def _says_name(hit: LabelHit) -> bool:
    """True for a person's name label that says ``Name`` (``Name/Nombre``, ``Member
    Name``): its value holds no digit, so a code on its right is another column's (an ID
    whose box OCR grew over the label's row), never its value."""
    return isinstance(hit.rule, FieldRule) and hit.rule.name in NAME_FIELDS and bool(
        re.search("NAME|NOMBRE", hit.label.upper()))


RX_ORDER = ("rx_bin", "rx_pcn", "rx_group")
"""The order in which cards print the pharmacy's routing codes (NCPDP's: BIN, PCN, group)."""
RX_ROW_FACTOR = 0.8
"""Confidence factor of an Rx code read by its row in the Rx block (its label lost)."""
RX_STACK_MAX_PITCH = 5.0
"""Widest pitch of the rows of a stacked Rx block, in entry heights (the taller of a label
and its value): a label over its value, then a gap, is some four heights; rows further
apart are another block."""
RX_ROW_MIN_OCR = 0.6
"""Least OCR confidence of an Rx code read by its row: with no label to vouch for it, a
doubtful reading (``RX64SS`` for ``RX6455``) is left out."""


def rx_block_row(
    words: Sequence[OcrWord], hits: Sequence[LabelHit], found: Sequence[Found],
    free: set[int], rules: Sequence[FieldRule],
) -> list[Found]:
    """The Rx code whose label OCR lost or mangled past reading (``PcNn:``, ``Rxperi``,
    ``'P:``, or nothing), read by its place in the Rx block: cards print ``RxBIN``,
    ``RxPCN`` and ``RxGRP`` in that order (:data:`RX_ORDER`), one under the other at an even
    pitch or side by side on one line. Two of them read by their labels give the third's
    place (:func:`_stack_slot`, :func:`_line_slot`); the first free word there that fits its
    pattern, read with some confidence, is its value, when it holds a digit or a word stands
    where its label should (a mangled label). Removes the words it takes from ``free``."""
    by_name = {r.name: r for r in rules if r.name in RX_ORDER}
    values = {f.rule.name: f for f in found
              if isinstance(f.rule, FieldRule) and f.rule.name in RX_ORDER and f.label}
    labels = {n: h.box for n, f in values.items() for h in hits
              if h.rule is f.rule and h.label == f.label}
    known = [n for n in RX_ORDER if n in values and n in labels]
    missing = [n for n in RX_ORDER if n not in values and n in by_name]
    if len(known) != 2 or len(missing) != 1:
        return []
    slots = [RX_ORDER.index(n) for n in (*known, missing[0])]
    pairs = [(labels[n], values[n].box) for n in known]
    line = same_row(*[lb for lb, _ in pairs])
    slot = (_line_slot if line else _stack_slot)(words, free, pairs, slots)
    if slot is None:
        return []
    row, label_seen = slot
    rule, taken = by_name[missing[0]], {values[n].value for n in known}
    # Between two codes of a line the value is the slot's last word, its mangled label
    # before it (``PCI ADV``); elsewhere the nearest first.
    between = line and slots[0] < slots[2] < slots[1]
    for i in (row[::-1] if between else row)[:3]:
        picked = _value_from(words, [i], rule)
        if picked is None or not picked[2] or picked[0] in taken or min(
                words[j].confidence for j in picked[1]) < RX_ROW_MIN_OCR:
            continue
        value, used, _ = picked
        if not (label_seen or i != row[0] or re.search(r"\d", value)):
            return []
        free -= set(used)
        return [Found(rule=rule, label="", value=zeros_for_os(rule, value),
                      box=_union(words, used), indices=tuple(used),
                      confidence=_confidence(words, used, RX_ROW_FACTOR, True, "anywhere"))]
    return []


RX_COLUMN_MAX_STEP = 3.5
"""Farthest the next row of an Rx block's column may stand from the last one read (value
top to value top), in entry heights (the taller of the label and its value): a label
over its value is some three; a row beyond is another entry's, or another block."""


def rx_block_column(
    words: Sequence[OcrWord], hits: Sequence[LabelHit], found: Sequence[Found],
    free: set[int], rules: Sequence[FieldRule],
) -> list[Found]:
    """The Rx codes whose labels OCR lost in a block of which a code was read by its label
    (``RxBIN 610279`` over ``9999`` over ``UMR802``; or two, not in one stack or on one
    line, :func:`_one_stack`): the block's values stand in a column, left-aligned, in
    :data:`RX_ORDER`, the label right of or over each; the next code down (or up, for one
    before it) is the nearest free word of that column within :data:`RX_COLUMN_MAX_STEP`
    entry heights that fits its pattern, read with some confidence
    (:data:`RX_COLUMN_MIN_OCR`), with no value another label took between. It is taken
    when it holds a digit or a word stands where its label should (left of it on its row,
    or just over it; no code of three digits), or when the code after it in the column
    holds a digit (``EQKB`` between ``FVX683`` and ``493199``); then the code after it
    from there. Removes the words it takes from ``free``."""
    by_name = {r.name: r for r in rules if r.name in RX_ORDER}
    values = {f.rule.name: f for f in found
              if isinstance(f.rule, FieldRule) and f.rule.name in RX_ORDER and f.label}
    labels = {n: h.box for n, f in values.items() for h in hits
              if h.rule is f.rule and h.label == f.label}
    read = {f.rule.name for f in found if isinstance(f.rule, FieldRule)}
    missing = [n for n in RX_ORDER if n not in read and n in by_name]
    if not missing or (len(labels) == 2 and _one_stack(*labels.values())):
        return []  # two labels of one stack or line give the lost row's place, or none
    taken = {f.value for f in found}
    held = {i for f in found for i in f.indices}
    out: list[Found] = []
    for (name, anchor), step in itertools.product(values.items(), (1, -1)):
        if name not in labels:
            continue
        entry = max(labels[name].height, anchor.box.height, 1.0)
        if _codes_across(words, free, anchor.box, entry, [by_name[n] for n in missing], taken):
            continue  # the block runs across its row: the row below holds no code of it
        slot, box = RX_ORDER.index(name), anchor.box
        unsure: Found | None = None  # a row of capitals awaiting the code after it
        while 0 <= slot + step < len(RX_ORDER) and RX_ORDER[slot + step] in missing:
            slot += step
            if RX_ORDER[slot] in {getattr(f.rule, "name", None) for f in out}:
                break  # read from the block's other code already
            got = _column_next(words, free - {i for f in out for i in f.indices}, held, box,
                               step, entry, by_name[RX_ORDER[slot]], taken)
            if got is None or (not got[1] and unsure is not None):
                break
            if not got[1]:
                unsure = got[0]
            else:
                out += [f for f in (unsure, got[0]) if f is not None]
                unsure = None
            taken.add(got[0].value)
            box = got[0].box
    free -= {i for f in out for i in f.indices}
    return out


RX_LINE_REACH = 10.0
"""Farthest right of an Rx code (entry heights) the next code of a block printed on one
line stands (``Rx BIN 610014   Rx PCN REGENCE``)."""


def _codes_across(
    words: Sequence[OcrWord], free: set[int], box: Box, entry: float,
    rules: Sequence[FieldRule], taken: set[str],
) -> bool:
    """True when a free word on the row of the code at ``box`` (card frame), right of it
    within :data:`RX_LINE_REACH` entry heights, fits a lost code's pattern alone
    (:func:`_fitting`): the block is a line, its lost code on that row, not under it (wide
    seed 777's 0016: the Rx ID under ``Rx BIN 610014  ?CN REGENCE`` read as the PCN)."""
    return any(
        same_row(words[j].box, box) and 0 < words[j].box.left - box.right
        <= RX_LINE_REACH * entry and any(_fitting(words, j, r, taken) for r in rules)
        for j in free)


RX_COLUMN_MIN_OCR = 0.7
"""Least OCR confidence of an Rx code read by its place in a column of the block
(:func:`rx_block_column`, :func:`rx_block_unlabelled`): no label and no second code of
known place vouch for it, and nothing checks a code's digits (``004396`` for ``004336`` at
0.61)."""
RX_STUB = re.compile(r"^[^A-Z0-9]*[RB]X", re.IGNORECASE)
"""What is left of a pharmacy label that OCR could not read whole: its ``Rx`` (``Rx``,
``Bx``; before a misread rest: ``Rx FP``, ``RxRCN``)."""


def rx_block_unlabelled(
    words: Sequence[OcrWord], found: Sequence[Found], free: set[int],
    rules: Sequence[FieldRule],
) -> list[Found]:
    """The three Rx codes of a block none of whose labels OCR read (small pale print):
    three free values left-aligned in a column at an even pitch, in :data:`RX_ORDER`, each
    fitting its pattern, read with some confidence: a BIN of digits, then the PCN, then the
    group holding a digit; and a stub of a label (:data:`RX_STUB`) left of one of them on
    its row. Nothing when a code of the block was read by its label
    (:func:`rx_block_row`, :func:`rx_block_column`). Removes the words it takes from
    ``free``."""
    by_name = {r.name: r for r in rules if r.name in RX_ORDER}
    if len(by_name) != len(RX_ORDER) or any(
            isinstance(f.rule, FieldRule) and f.rule.name in RX_ORDER for f in found):
        return []
    taken = {f.value for f in found}
    for i in sorted(free, key=lambda i: (words[i].box.top, words[i].box.left)):
        first = _fitting(words, i, by_name[RX_ORDER[0]], taken)
        if first is None:
            continue
        h = words[i].box.height
        rows = [first]
        for name in RX_ORDER[1:]:
            last = words[rows[-1].indices[0]].box
            pitch = last.top - words[rows[-2].indices[0]].box.top if len(rows) > 1 else None
            after = [j for j in free if abs(words[j].box.left - last.left) <= h and (
                0.5 * h < words[j].box.top - last.top <= RX_COLUMN_MAX_STEP * h)]
            if not after:
                break
            nxt = min(after, key=lambda j: words[j].box.top)
            got = _fitting(words, nxt, by_name[name], taken)
            if got is None or (pitch is not None
                               and abs(words[nxt].box.top - last.top - pitch) > 0.5 * h):
                break
            rows.append(got)
        if len(rows) < len(RX_ORDER) or not re.search(r"\d", rows[-1].value):
            continue
        stubs = [j for j in free for f in rows
                 if j not in f.indices and same_row(words[j].box, f.box)
                 and 0 < f.box.left - words[j].box.right <= 8 * h
                 and RX_STUB.match(words[j].text)]
        if stubs:
            free -= {j for f in rows for j in f.indices}
            return rows
    return []


def _fitting(
    words: Sequence[OcrWord], i: int, rule: FieldRule, taken: set[str]
) -> Found | None:
    """Word ``i`` as an unlabelled Rx code (:func:`rx_block_unlabelled`) when it fits
    ``rule``'s pattern alone, is no value read already, and was read with some confidence
    (:data:`RX_COLUMN_MIN_OCR`)."""
    picked = _value_from(words, [i], rule)
    if picked is None or not picked[2] or picked[1] != [i] or picked[0] in taken or (
            words[i].confidence < RX_COLUMN_MIN_OCR):
        return None
    return Found(rule=rule, label="", value=zeros_for_os(rule, picked[0]), box=words[i].box,
                 indices=(i,), confidence=_confidence(words, [i], RX_ROW_FACTOR, True,
                                                      "anywhere"))


def _one_stack(a: Box, b: Box) -> bool:
    """True when two Rx labels (card frame) stand in one stack, left-aligned within a
    label's height, or on one row: :func:`rx_block_row` places the lost code of their
    block, and where it finds none there, no column walk does."""
    return same_row(a, b) or abs(a.left - b.left) <= max(a.height, b.height, 1.0)


def _column_next(
    words: Sequence[OcrWord], free: set[int], held: set[int], box: Box, step: int,
    entry: float, rule: FieldRule, taken: set[str],
) -> tuple[Found, bool] | None:
    """The code of the next row of an Rx block's column (:func:`rx_block_column`) after the
    value ``box`` (card frame), down for ``step`` 1, up for -1, and whether it holds a digit
    or shows its label's trace; None when none fits."""
    h = entry

    def ahead(b: Box) -> float:
        return (b.top - box.top) * step

    column = sorted((i for i in range(len(words)) if abs(words[i].box.left - box.left) <= h
                     and 0.5 * h < ahead(words[i].box) <= RX_COLUMN_MAX_STEP * h),
                    key=lambda i: ahead(words[i].box))
    for i in column:
        if i in held:
            return None  # another field's value stands between
        if i not in free:
            continue
        picked = _value_from(words, [i], rule)
        if picked is None or not picked[2]:
            continue
        value, used, _ = picked
        if value in taken or min(words[j].confidence for j in used) < RX_COLUMN_MIN_OCR:
            return None
        b = words[i].box
        trace = any(j in free and j != i and not re.search(r"\d{3}", words[j].text) and (
            (same_row(words[j].box, b) and 0 < b.left - words[j].box.right <= 4 * h)
            or (0 <= b.top - words[j].box.bottom <= h and abs(words[j].box.left - b.left) <= h))
            for j in range(len(words)))
        return Found(rule=rule, label="", value=zeros_for_os(rule, value),
                     box=_union(words, used), indices=tuple(used),
                     confidence=_confidence(words, used, RX_ROW_FACTOR, True, "anywhere")
                     ), trace or bool(re.search(r"\d", value))
    return None


Slot = tuple[list[int], bool]
"""Free words where a lost Rx code should be, nearest first, and whether a word stands
where its label should."""


def _stack_slot(
    words: Sequence[OcrWord], free: set[int], pairs: Sequence[tuple[Box, Box]],
    slots: Sequence[int],
) -> Slot | None:
    """Where the third code of a stack of Rx rows is (``pairs``: two (label, value) boxes;
    ``slots``: their places and the lost one's in :data:`RX_ORDER`): labels left-aligned at
    an even pitch of at most :data:`RX_STACK_MAX_PITCH` entry heights (an entry's label or
    value, the taller: a label over its value takes two lines); the value right of its
    label or under it, as either of the others sits (a block may mix the two)."""
    (la, va), (lb, vb) = pairs
    h = max(la.height, lb.height, 1.0)
    entry = max(h, va.height, vb.height)
    pitch = (lb.top - la.top) / (slots[1] - slots[0])
    if abs(la.left - lb.left) > h or not h <= pitch <= RX_STACK_MAX_PITCH * entry:
        return None
    top = la.top + (slots[2] - slots[0]) * pitch
    offsets = [va.top - la.top]
    if abs(vb.top - lb.top - offsets[0]) > 0.5 * h:
        offsets.append(vb.top - lb.top)
    left = min(va.left, vb.left)
    row = sorted((i for i in free if any(abs(words[i].box.top - (top + dy)) <= 0.5 * h
                                         for dy in offsets)
                  and words[i].box.left >= left - h), key=lambda i: words[i].box.left)
    label_seen = any(abs(words[i].box.top - top) <= 0.5 * h
                     and abs(words[i].box.left - la.left) <= h for i in free)
    return row, label_seen


def _line_slot(
    words: Sequence[OcrWord], free: set[int], pairs: Sequence[tuple[Box, Box]],
    slots: Sequence[int],
) -> Slot | None:
    """Where the lost code of an Rx block printed on one line is: after the second code's
    value, or between the first's value and the second's label (the words there, left to
    right: a mangled label, then the value)."""
    (_, va), (lb, vb) = pairs
    if slots[2] < slots[0]:
        return None  # before the first: the line's start is unknown
    h = max(va.height, vb.height, 1.0)
    # After the second value, its label as far on as the second's label from the first
    # value, its value within a label's width and two heights more.
    after = slots[2] > slots[1]
    lo, hi = ((vb.right, vb.right + lb.left - va.right + lb.width + 2 * h) if after
              else (va.right, lb.left))
    row = sorted((i for i in free if same_row(words[i].box, vb)
                  and lo <= words[i].box.left <= hi and (after or words[i].box.right <= hi)),
                 key=lambda i: words[i].box.left)
    return row, False


LONE_NAME_FACTOR = 0.8
"""Confidence factor of a member's name taken as the card's one unlabelled name."""
LONE_NAME_MIN_OCR = 0.5
"""Least OCR confidence of each word of a lone name: with no label to vouch for it, a
misread label's words (``Etfeetive Daw``) are no name."""
LONE_NAME_MAX_HEIGHT = 1.8
"""Tallest a lone name may be, in median word heights of its side: a wordmark is taller."""


def _labelled(words: Sequence[OcrWord], run: Sequence[int], labels: set[int]) -> bool:
    """True when a label word (``labels``: indices) stands just left of the run on its row
    or just above it: the run is that label's value (``Employer Group`` over
    ``Tailspin Toys``), not an unlabelled name. Distances are in the run's print height
    (:func:`_run_height`: OCR may box one word taller). A label word over
    ``LONE_NAME_MAX_HEIGHT`` times that height is a wordmark (``Medicare`` atop its card,
    read as an ID's label), and one with its value right of it (:func:`_valued_label`)
    labels no run under it (``Plan: Heritage Prime`` over the member's name)."""
    box = _union(words, run)
    h = max(_run_height(words, run), 1.0)
    for i in labels:
        b = words[i].box
        if b.height > LONE_NAME_MAX_HEIGHT * h:
            continue
        left = same_row(b, box) and 0 <= box.left - b.right <= 3 * h
        above = 0 <= box.top - b.bottom <= 1.2 * h and b.left < box.right and b.right > box.left
        if left or (above and not _valued_label(words, i, labels)):
            return True
    return False


def _valued_label(words: Sequence[OcrWord], i: int, labels: set[int]) -> bool:
    """True when the label word ``words[i]`` has a word that is no label's right of it on
    its row, within three of its heights: its value, printed beside it."""
    b = words[i].box
    h = max(b.height, 1.0)
    return any(j not in labels and j != i and same_row(w.box, b)
               and 0 <= w.box.left - b.right <= 3 * h for j, w in enumerate(words))


def _run_height(words: Sequence[OcrWord], run: Sequence[int]) -> float:
    """The median height (pixels) of a run's words: its print's, though OCR drew one
    word's box taller (an initial boxed 38 px high in a line of 22 px)."""
    heights = sorted(words[i].box.height for i in run)
    return heights[len(heights) // 2] if heights else 0.0


INITIAL_MIN_OCR = 0.8
"""Least OCR confidence of a lone capital whose box gives a name's print height."""


def print_height(words: Sequence[OcrWord]) -> float:
    """The height (pixels) of a name's print from its words' boxes: the least box height
    of a word holding a capital (a capital stands as tall as the print; OCR grows a box
    over a speck or a mark beside it, never shrinks it: ``ESPINOZA`` boxed 51 px high
    beside ``BRIDGET``'s 24), of two letters or more or read well (:data:`INITIAL_MIN_OCR`:
    a speck may read as a lone capital), not under a third of the words' lower median height (a
    sliver); the lower median where no word holds a capital; 0 with no words."""
    heights = sorted(w.box.height for w in words)
    if not heights:
        return 0.0
    median = heights[(len(heights) - 1) // 2]
    capitals = [w.box.height for w in words if re.search("[A-Z]", w.text) and (
        len(re.sub("[^A-Za-z]", "", w.text)) >= 2 or w.confidence >= INITIAL_MIN_OCR)
        and w.box.height >= median / 3]
    return min(capitals, default=median)


def _name_evidence(words: Sequence[OcrWord], run: Sequence[int]) -> bool:
    """True when a name run holds what only a person's name prints: a middle initial
    between two words, a generational suffix at its end, or ``LAST,`` first."""
    texts = _name_texts(words, run)
    # (The comma as read: :func:`clean_value` strips it from the texts.)
    return (words[run[0]].text.endswith(",") or texts[-1].upper().strip(".") in NAME_SUFFIXES
            or any(_INITIAL.fullmatch(t) for t in texts[1:-1]))


NAME_SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV"})
"""Generational suffixes a name may end with."""


def _brand_words(words: Sequence[OcrWord], run: Sequence[int], brand: frozenset[str]) -> bool:
    """True when a run holds a word of the carrier's name (``brand``, upper case): a
    plan's name (``TRICARE Prime``, ``Horizon OMNIA``), never the member's."""
    return any(re.sub(r"[^A-Z]", "", words[i].text.upper()) in brand for i in run)


def _plan_words(words: Sequence[OcrWord], run: Sequence[int]) -> bool:
    """True when a run holds a word plans are named with (:data:`PLAN_WORDS`: ``Heritage
    Signature``, ``Oscar Bronze Classic``): a plan's name, no person's."""
    return any(words[i].text.strip("(),.:").upper() in PLAN_WORDS for i in run)


def brand_words(names: Iterable[str]) -> frozenset[str]:
    """The words (upper case, letters only, four or more) of a carrier's names, less the
    Blue plans' shared words and card vocabulary (:data:`_NOT_NAMES`)."""
    out = {re.sub(r"[^A-Z]", "", w.upper()) for n in names for w in n.split()}
    return frozenset(w for w in out if len(w) >= 4 and w not in _NOT_NAMES)


def lone_name(
    words: Sequence[OcrWord], free: set[int], rule: FieldRule, labels: set[int],
    brand: frozenset[str] = frozenset(),
) -> list[Found]:
    """The member's name printed with no label anywhere (under the carrier's logo): the
    one run of free words on the side that reads as a name (:func:`_is_name_run`), no
    taller than body text, below the side's first line (the carrier's name) unless only
    a person's name could print so (:func:`_name_evidence`), holding no word of the
    carrier's name (``brand``: a plan's name); none when there are several, or a list of
    people."""
    if not words:
        return []
    shaped = _unlabelled_names(words, free, labels, brand)
    runs = [run for run in shaped if min(words[i].confidence for i in run) >= LONE_NAME_MIN_OCR]
    if runs and any(run not in runs and _name_evidence(words, run) for run in shaped):
        # A person's name read poorly beside it ('~TOMAS A MCALLISTER,' at 0.18): the one
        # read well may be another line's words ('Fabrikam Ine', an employer's).
        return []
    if runs and _names_after_misread_heads(words, free):
        # A person's name after its label OCR misread ('NemalNombre; JENSEN, GUADALUPE
        # A'): the one unlabelled name may be the subscriber's, whose small label was lost.
        return []
    cap = 1.0
    if not runs and len(shaped) == 1:
        # The one run shaped as a name, read poorly ('\Violet' at 0.23): taken at the low
        # confidence its words give, it is left out for doubt (:func:`trusted_name`) until
        # closer readings confirm its letters.
        runs = shaped
    elif not shaped and len(headless := [
            run for run in _names_after_misread_heads(words, free, evidence=False)
            if _may_be_lone(words, run, labels, brand)
            and min(words[i].confidence for i in run) >= LONE_NAME_MIN_OCR]) == 1:
        # No run shaped as a name but one after a word OCR misread ('‘gabeouiner Latoya
        # Rafael Larson': its label): taken in doubt, back only as closer readings confirm.
        runs, cap = headless, EVIDENT_NAME_CONFIDENCE
    elif len(runs) != 1 and len(evident := _evident_name(words, runs or shaped)) == 1:
        # Several runs shaped as names, one only by a person's name's evidence ('Jacob A
        # Kowalczyk' beside 'Pilar PPOBlue', a plan's line whose head OCR misread): taken
        # in doubt, back only as closer readings confirm its letters.
        runs, cap = evident, EVIDENT_NAME_CONFIDENCE
    if len(runs) != 1:
        return []
    run = runs[0]
    name = name_value(words, run)
    if not fits_pattern(rule, name) or not plausible_name(name):
        return []
    confidence = _confidence(words, run, LONE_NAME_FACTOR, True, "inline")
    return [Found(rule=rule, label="", value=name, box=_union(words, run),
                  confidence=min(confidence, cap), indices=tuple(run))]


def _names_after_misread_heads(
    words: Sequence[OcrWord], free: set[int], evidence: bool = True
) -> list[list[int]]:
    """The runs of free words (indices) that read as a person's name by its evidence
    (:func:`_name_evidence`) after a first word read under ``LONE_NAME_MIN_OCR`` that
    hides the evidence from the row's run: a name printed right of its label, the label
    misread (``NemalNombre;`` for ``Name/Nombre:``). Without ``evidence``, the runs that
    read as a name after such a word that keeps the row's run from reading as one
    (``‘gabeouiner Latoya Rafael Larson``), evidence or not."""
    out = []
    for row in name_rows(words, free):
        run = name_part(words, row)
        rest = run[1:]
        if len(rest) < 2 or words[run[0]].confidence >= LONE_NAME_MIN_OCR or not (
                _is_name_run(words, rest)):
            continue
        if (evidence and _name_evidence(words, rest) and not _name_evidence(words, run)) or (
                not evidence and not _is_name_run(words, run)):
            out.append(rest)
    return out


EVIDENT_NAME_CONFIDENCE = 0.45
"""Most confidence of a lone name picked among several runs shaped as names by its
evidence (:func:`_evident_name`): under :data:`NAME_MIN_CONFIDENCE`, so it is left out
for doubt until closer readings confirm its letters."""


def _evident_name(words: Sequence[OcrWord], runs: Sequence[Sequence[int]]) -> list[list[int]]:
    """Of two or more runs shaped as names (word indices), the one run holding a person's
    name's evidence (:func:`_name_evidence`); empty when none or several do, when only
    one run is given, or when another run is read well (each word at
    :data:`RIVAL_NAME_MIN_OCR` or more): a second person, the member perhaps, whose name
    has no initial (``DOLORES VAN DYKE`` beside ``NIKOLAI A O'BRIEN``). One print read
    twice (two OCR lines of the same texts over the same boxes, as a line read again may
    merge in) counts once."""
    if len(runs) < 2:
        return []
    out: list[list[int]] = []
    for run in runs:
        if _name_evidence(words, run) and not any(_same_print(words, run, o) for o in out):
            out.append(list(run))
    if len(out) != 1 or any(
            not _same_print(words, run, out[0]) and not _name_evidence(words, run)
            and min(words[i].confidence for i in run) >= RIVAL_NAME_MIN_OCR for run in runs):
        return []
    return out


def _same_print(words: Sequence[OcrWord], a: Sequence[int], b: Sequence[int]) -> bool:
    """True when two runs are one print read twice: as many words, each the same text
    (case aside) over a box overlapping the other's by half its height or more."""
    def near(x: OcrWord, y: OcrWord) -> bool:
        h = max(min(x.box.height, y.box.height), 1.0)
        return abs(x.box.left - y.box.left) <= h / 2 and abs(x.box.cy - y.box.cy) <= h / 2
    return len(a) == len(b) and all(
        words[i].text.upper() == words[j].text.upper() and near(words[i], words[j])
        for i, j in zip(a, b, strict=True))


def _unlabelled_names(
    words: Sequence[OcrWord], free: set[int], labels: set[int], brand: frozenset[str],
) -> list[list[int]]:
    """The runs of free words on a side that may be the member's unlabelled name (however
    well read): shaped as a name (:func:`_is_name_run`), below the side's first line (the
    carrier's name) unless only a person's name could print so (:func:`_name_evidence`),
    no taller than body text, holding no word of the carrier's name (``brand``) nor of a
    plan's, not one of a list of people, nor a label's value (``labels``: word indices)."""
    return [run for run in map(partial(name_part, words), name_rows(words, free))
            if _may_be_lone(words, run, labels, brand)]


def _may_be_lone(
    words: Sequence[OcrWord], run: Sequence[int], labels: set[int], brand: frozenset[str],
) -> bool:
    """True when a run of words (indices) may be the member's unlabelled name: the
    conditions of :func:`_unlabelled_names`."""
    body = _body_height(words)
    first_line = min(w.box.bottom for w in words)
    return (
        _is_name_run(words, run) and (
            _union(words, run).top >= first_line or _name_evidence(words, run))
        and print_height([words[i] for i in run]) <= LONE_NAME_MAX_HEIGHT * body
        and not _brand_words(words, run, brand)
        and not _plan_words(words, run)
        and not _in_a_list(words, run, brand, labels)
        # A run under or after a label is that label's value ('Cvs Caremark' under a
        # pharmacy's head), no rival to an unlabelled name; but a person's name by its
        # evidence (a dependant's 'MIA E ALVAREZ' under 'Dependents') is one.
        and (not _labelled(words, run, labels) or _name_evidence(words, run))
    )


_LIST_HEADS = frozenset(
    {"DEP", "DEPS", "DEPENDENT", "DEPENDENTS", "DEPENDANTS", "MEMBERS", "OTHER", "FAMILY",
     "COVERED", "ENROLLEES", "SPOUSE", "CHILD", "CHILDREN", "INSUREDS", "BENEFICIARIES"}
)
"""Words heading a list of people on a card (``Other Members``, ``Dependents:``)."""


def _head_word(text: str) -> str:
    """A word as a list heading reads it: upper case, less the stops around it (a colon
    OCR may read ``;``: ``DEPENDENTS;``)."""
    return text.upper().strip(":;,.")


def _in_a_list(
    words: Sequence[OcrWord], run: Sequence[int], brand: frozenset[str] = frozenset(),
    labels: set[int] | None = None,
) -> bool:
    """True when a name run is one of a list of people: another line of a name right
    above it, left-aligned with it (not a plan's name holding a word of the carrier's,
    ``brand``), or a list heading (``Other Members``, :data:`_LIST_HEADS`) right above
    it. Given the side's ``labels`` (word indices), also a name right below it that holds
    no label word: two names stacked are two people, whichever is first."""
    box = _union(words, run)
    h = max(_run_height(words, run), 1.0)
    # A word boxed over twice the name's height is a logo's glyphs ('HN' over a Health
    # Net card's name), no line of print.
    above = [
        w for w in words
        if 0 <= box.top - w.box.bottom <= 1.2 * h and w.box.right > box.left - h
        and w.box.left < box.right and w.box.height <= 2 * h
    ]
    if under_list_head(words, run):
        return True
    below = [
        w for w in words
        if 0 <= w.box.top - box.bottom <= 1.2 * h and w.box.right > box.left - h
        and w.box.left < box.right
    ] if labels is not None else []
    for near in (above, below):
        aligned = [i for i, w in enumerate(words)
                   if w in near and abs(w.box.left - box.left) <= h]
        if not aligned:
            continue
        # The whole run of print the aligned word begins: a plan's name running on past
        # the name's end ('Ambetter Essential Care') is no name beside it.
        row = [i for i, w in enumerate(words) if same_row(w.box, words[aligned[0]].box)]
        line = name_part(words, next(r for r in row_runs(words, row) if aligned[0] in r))
        if _is_name_run(words, line) and not _brand_words(words, line, brand) and not (
                _plan_words(words, line)) and (
                not _on_first_line(words, line) or _name_evidence(words, line)) and not (
                labels and labels.intersection(line)) and (
                # A name under it only where read with some confidence: a mark's or a
                # stamp's misreading ('Wort Rapa') is no second person.
                near is above or min(words[i].confidence for i in line) >= LONE_NAME_MIN_OCR):
            return True
    return False


def under_list_head(words: Sequence[OcrWord], run: Sequence[int]) -> bool:
    """True when a list heading (:data:`_LIST_HEADS`: ``Dependents``) stands right over a
    name run (word indices), or tops the column of lines stacked over it
    (:func:`_headed_column`): the run is one of a list of people."""
    box = _union(words, run)
    h = max(_run_height(words, run), 1.0)
    # A head is looked for over the run's print, whatever one word's box (an initial
    # boxed taller reaches up beside 'Covered Members').
    band_top = min(words[i].box.bottom for i in run) - h
    return any(_head_word(w.text) in _LIST_HEADS for w in words
               if -0.5 * h <= band_top - w.box.bottom <= 1.2 * h and w.box.cy < band_top
               and w.box.right > box.left - h and w.box.left < box.right) or _headed_column(
        words, box, h)


LIST_COLUMN_ROWS = 4
"""Most lines of print climbed from a name to a list heading over them (:func:`_headed_column`)."""


def _headed_column(words: Sequence[OcrWord], box: Box, h: float) -> bool:
    """True when a list heading (:data:`_LIST_HEADS`) tops the column of lines stacked
    left-aligned over ``box`` (a name ``h`` pixels high), each at most 1.2 ``h`` under the
    one before, climbing up to :data:`LIST_COLUMN_ROWS` lines: the name is one of a list
    whose earlier entries OCR misread (``OWEN S H`` over ``OWEN J HALVORSEN``, under
    ``DEPENDENTS``)."""
    for _ in range(LIST_COLUMN_ROWS):
        above = [w for w in words
                 if 0 <= box.top - w.box.bottom <= 1.2 * h and abs(w.box.left - box.left) <= h
                 and w.box.height <= 2 * h]
        if not above:
            return False
        row = min(above, key=lambda w: box.top - w.box.bottom)
        if _head_word(row.text) in _LIST_HEADS:
            return True
        box = row.box
    return False


def _on_first_line(words: Sequence[OcrWord], run: Sequence[int]) -> bool:
    """True when a run starts above the bottom of the side's topmost word: the first line
    of print, where the carrier's wordmark stands."""
    return _union(words, run).top < min(w.box.bottom for w in words)


NAME_MAX_HEIGHT = 1.7
"""Tallest an unlabelled name may be, in heights of the member ID (or its label) under it."""


def _several_surnames(words: Sequence[OcrWord], run: Sequence[int]) -> bool:
    """True for a run holding two surnames printed first (``LARSON, HIROSHI DUBOIS,
    DESHAWN J``): a list of people on one line, the dependants, no one member."""
    return sum(words[i].text.endswith(",") for i in run) >= 2


RIVAL_NAME_MIN_OCR = 0.8
"""Least OCR confidence of each word of another unlabelled name that makes the name over
the member ID uncertain (:func:`name_above`): a misread copay head (``Ofen Vist`` at 0.56)
is no person."""


def name_above(
    words: Sequence[OcrWord], free: set[int], anchors: Sequence[Box], rule: FieldRule,
    labels: set[int] | None = None, brand: frozenset[str] = frozenset(),
) -> list[Found]:
    """The member's name printed with no label right above one of ``anchors`` (the member
    ID or its label), left-aligned with it: the nearest free run that reads as a name, not
    a plan's. Given the side's ``labels`` (word indices), none where another run read well
    may be the unlabelled name as much (:func:`_unlabelled_names`): two people printed
    without labels (a policyholder whose label OCR mangled), either may be the member."""
    if not anchors:
        return []
    tallest = max(a.height for a in anchors)
    best: tuple[float, list[int]] | None = None
    for run in map(partial(name_part, words), name_rows(words, free)):
        if not _is_name_run(words, run) or _in_a_list(words, run) or _plan_words(words, run):
            continue
        box = _union(words, run)
        # A carrier's wordmark above the ID is larger than a name printed there.
        if print_height([words[i] for i in run]) > NAME_MAX_HEIGHT * tallest:
            continue
        for anchor in anchors:
            h = max(box.height, anchor.height, 1.0)
            gap = anchor.top - box.bottom
            if 0 <= gap <= 2 * h and abs(anchor.left - box.left) <= 1.5 * h and (
                best is None or gap < best[0]
            ):
                best = (gap, run)
    if best is None:
        return []
    run = best[1]
    if labels is not None and any(
            set(other).isdisjoint(run) and min(words[i].confidence for i in other) >= (
                RIVAL_NAME_MIN_OCR) and not _several_surnames(words, other)
            for other in _unlabelled_names(words, free, labels, brand)):
        return []
    name = name_value(words, run)
    if not fits_pattern(rule, name):
        return []
    return [Found(rule=rule, label="", value=name, box=_union(words, run),
                  confidence=_confidence(words, run, UNDER_NAME_FACTOR, True, "inline"),
                  indices=tuple(run))]


UNDER_NAME_FACTOR = 0.9
"""Confidence factor of an unlabelled member ID printed under the member's name."""
UNDER_NAME_GAP = 2.8
"""Widest gap (in the heights of the ID or the name, the taller) between the member's name
and an unlabelled ID under it."""
_NAME_TOKEN = re.compile(r"[A-Z][A-Za-z'.-]*,?")
_NOT_NAMES = frozenset(
    """HEALTH HEALTHCARE PLAN PLANS BLUE CROSS SHIELD BLUECROSS BLUESHIELD CARE MEMBER
    MEMBERS SERVICES SERVICE PPO HMO EPO POS HSA HDHP MEDICAL DENTAL VISION PHARMACY RX
    INSURANCE COMPANY GROUP NETWORK CARD ID OF THE AND FOR CUSTOMER PROVIDER PROVIDERS
    CLAIMS COPAY COPAYS DEDUCTIBLE OFFICE VISIT EMERGENCY ROOM URGENT SPECIALIST PRIMARY
    COVERAGE EFFECTIVE DATE MEDICARE MEDICAID ADVANTAGE CHOICE SELECT GOLD SILVER BRONZE
    PLATINUM COMMUNITY STATE NATIONAL ACCESS OPEN PLUS BASIC STANDARD PREMIER PREFERRED
    BENEFITS BENEFIT SUBSCRIBER DEPENDENT DEPENDENTS NAME IDENTIFICATION NUMBER PREFIX
    SUFFIX ISSUER PAYER CLINIC LOCATION WWW COM ORG INC LLC CO CORP TRUST FUND EMPLOYEE
    ASSOCIATION UNION CITY COUNTY CENTER HOSPITAL PHYSICIAN DOCTOR PCP DR MD NP REGION
    STATES AREA DISTRICT SCHOOL SCHOOLS CONTRACT CODE NURSE PRIOR AUTHORIZATION PIN
    UNIVERSITY COLLEGE INSTITUTE ACADEMY NOMBRE MIEMBRO HELP DESK BEHAVIOR BEHAVIORAL SIGNATURE
    PERMANENTE""".split()  # noqa: SIM905
)
"""Words of a card's headings and labels (Spanish ones too: ``Name/Nombre``,
``Member/Miembro``), and of the schools a student plan's card names, that are never a
member's name."""
CARD_WORD_MIN_LETTERS = 6
"""Least letters of a card word OCR may misread by one letter and still be told from a
name (``MENBER``): shorter ones are a name's as often (``CROSS``, ``CARE``)."""


@functools.lru_cache(maxsize=8192)
def card_word(text: str) -> bool:
    """True for a word of card vocabulary (:data:`_NOT_NAMES`), or one of
    :data:`CARD_WORD_MIN_LETTERS` letters or more read with one letter other
    (``MENBER NUMBER``: a misread label, no name), or the start of a long one, five
    letters or more (``Coastal Plains Unive``: a school's name cut at the card's edge)."""
    t = text.upper().strip(",.")
    if t in _NOT_NAMES:
        return True
    misread = len(t) >= CARD_WORD_MIN_LETTERS and any(
        len(w) == len(t) and sum(a != b for a, b in zip(t, w, strict=True)) == 1
        for w in _NOT_NAMES)
    return misread or (len(t) >= 5 and any(len(w) >= 8 and w.startswith(t) for w in _NOT_NAMES))


def card_words(value: str) -> bool:
    """True when a name's text holds a word of a card's headings and labels
    (:data:`_NOT_NAMES`: ``MEMBER NAME``): what a mangled label reads as, read closer."""
    return any(t.upper().strip(",.") in _NOT_NAMES for t in value.split())


def name_part(words: Sequence[OcrWord], run: Sequence[int]) -> list[int]:
    """The run without words holding no letter at its ends (a band's edge read ``|``
    before the name) nor a lone letter after a generational suffix (a speck), and
    without a short unreadable last word (``lil`` for a suffix
    ``III``; not a firm's ``LLC``, ``CO``) when the rest reads as a name
    (:func:`_is_name_run`), nor a first word in title case before two or more in
    capitals: a label OCR misread and lost the colon of (``Subsenber ELIJAH REYES``,
    9797's 0343; a name prints all its words in one case), but a card word read whole
    (:func:`card_word`: ``Subscriber`` stays, a label callers know: 9797's 0192); the
    run itself otherwise."""
    lettered = [k for k, i in enumerate(run) if re.search(r"[A-Za-z]", words[i].text)]
    if not lettered:
        return list(run)
    run = list(run[lettered[0]:])
    while not re.search(r"[A-Za-z0-9]", words[run[-1]].text):
        run = run[:-1]
    if len(run) > 3 and len(clean_value(words[run[-1]].text)) == 1 and (
            words[run[-2]].text.upper().strip(".,") in NAME_SUFFIXES):
        run = run[:-1]  # a speck read as a letter after the suffix ('... JR B'): none follows it
    if _label_word_before_capitals([words[i].text for i in run]) and not card_word(
            words[run[0]].text):
        # A label OCR misread before a name in capitals ('Subsenber ELIJAH REYES'); one read
        # whole ('Subscriber') stays, for callers to judge the run with the side's labels.
        run = run[1:]
    if len(run) > 2 and not _is_name_run(words, run) and len(words[run[-1]].text) <= 3 and (
            words[run[-1]].text.upper().strip(".,") not in _NOT_NAMES):  # 'Toys LLC': a firm
        shorter = list(run[:-1])
        if _is_name_run(words, shorter):
            return shorter
    return run


_INITIAL = re.compile(r"[A-Z]\.?")
"""A middle initial (``Q``, ``Q.``)."""
_LABEL_CASED_WORD = re.compile(r"[A-Za-z][a-z]{3,}:?|[a-z]")
"""A word in title or lower case of four letters or more (not ``Mc``, ``De``): a label's
as OCR read it (``Subsenber``, ``nome``), or one lower-case letter (a label's last
letter or a speck: ``Hane`` ``e``), where a name in capitals follows."""
_CAPITALS_WORD = re.compile(r"[A-Z][A-Z'.-]*,?")
"""A word in capitals, as a name printed so (``O'BRIEN``, ``Q.``, ``PUBLIC,``)."""


def _label_word_before_capitals(texts: Sequence[str]) -> bool:
    """True when a name's words as read (three or more) are one word in title or lower
    case (:data:`_LABEL_CASED_WORD`; not a particle: ``della``) and then words in
    capitals only: the first is what OCR made of a label's word (``Subsenber ELIJAH
    REYES``, 9797's 0343; ``nome AARON E ZIMMERMAN`` after ``Member``, 9595's 0148). A
    name prints all its words in one case (9595's 0198: ``e BRIDGET REYES``)."""
    return (len(texts) >= 3 and _LABEL_CASED_WORD.fullmatch(texts[0]) is not None
            and texts[0].lower() not in _NAME_PARTICLES
            and all(_CAPITALS_WORD.fullmatch(t) for t in texts[1:]))


def name_value(words: Sequence[OcrWord], run: Sequence[int]) -> str:
    """The name a run of words prints (:func:`name_words`, :func:`mended_name`); empty
    for a surname (with its particles) and its comma: a surname printed first, its given
    names lost (``VAN DYKE,``)."""
    if run and words[run[-1]].text.endswith(",") and all(
            words[i].text.lower() in _NAME_PARTICLES for i in run[:-1]):
        return ""
    return mended_name(clean_value(" ".join(name_words([words[i].text for i in run]))))


def _name_texts(words: Sequence[OcrWord], run: Sequence[int]) -> list[str]:
    """A run's words as a name's (:func:`name_words`, :func:`clean_value`; ``Foster<--``:
    an arrow's tip; ``STELLA]`` as two, ``STELLA`` ``J``; a word of marks alone as an
    empty one), a last word of two or three ``I``-like strokes as the suffix it is
    (``11``, ``lll``)."""
    texts = [p for t in name_words([words[i].text for i in run])
             for p in clean_value(t).split() or [""]]
    if len(texts) >= 3:
        texts[-1] = roman_suffix(" " + texts[-1]).strip()
    return texts


_ONE_LETTER_REPEATED = re.compile(r"(\w)\1{2,}[.,]?")
"""A word of one letter repeated (``OOOO``: zeros read as letters, ``XXX``): no name's,
but the suffix ``III``."""


def _is_name_run(words: Sequence[OcrWord], run: Sequence[int]) -> bool:
    """True when a run of words reads as a person's name: two to five capitalised words
    (initials allowed) that are not card vocabulary (:func:`card_word`), except a last
    name after a middle initial (the sample ``JOHN Q MEMBER``: no label follows an
    initial), or a surname printed first (the sample ``MEMBER, JOHN Q``: no label ends in
    a comma)."""
    texts = _name_texts(words, run)
    surname_first = words[run[0]].text.endswith(",") if run else False
    return 2 <= len(texts) <= 5 and all(
        _NAME_TOKEN.fullmatch(t) and (
            not _ONE_LETTER_REPEATED.fullmatch(t) or t.upper().strip(",.") in NAME_SUFFIXES) and (
            not card_word(t) or (k == 0 and surname_first) or (
            k >= 2 and _INITIAL.fullmatch(texts[k - 1]) is not None))
        for k, t in enumerate(texts)
    ) and sum(len(t) > 2 for t in texts) >= 2


def row_runs(words: Sequence[OcrWord], indices: Iterable[int]) -> list[list[int]]:
    """The given words as runs on their OCR lines, left to right, a run ending at a gap
    wider than ``MAX_WORD_GAP`` word heights (where columns meet)."""
    runs: list[list[int]] = []
    by_line: dict[int, list[int]] = {}
    for i in indices:
        by_line.setdefault(words[i].line, []).append(i)
    for idx in by_line.values():
        idx.sort(key=lambda i: words[i].box.left)
        run = [idx[0]]
        for i in idx[1:]:
            prev = words[run[-1]].box
            h = max(prev.height, words[i].box.height, 1.0)
            if words[i].box.left - prev.right > MAX_WORD_GAP * h or not same_row(
                prev, words[i].box
            ):
                runs.append(run)
                run = []
            run.append(i)
        runs.append(run)
    return runs


def name_rows(words: Sequence[OcrWord], indices: Iterable[int]) -> list[list[int]]:
    """:func:`row_runs`, with a surname printed first joined again to the given names
    right after its comma that OCR put on a line of their own (``MACDONALD,``
    ``SVETLANA``: one row, two Tesseract lines) or a typewriter font set a comma's
    width further than a word space (``PHAM,`` ``LEVI M`` in Courier, 41 px apart at
    19 px high: 12525's 0225), at most :data:`MAX_WORD_GAP` word heights and the comma's
    own width (the surname's width per character) apart."""
    runs = sorted(row_runs(words, indices), key=lambda r: words[r[0]].box.left)
    out: list[list[int]] = []
    for run in runs:
        joined = False
        for k, prev in enumerate(out):
            last, first = words[prev[-1]], words[run[0]]
            h = max(min(last.box.height, first.box.height), 1.0)
            comma = last.box.width / max(len(last.text), 1)
            if last.text.endswith(",") and same_row(
                    last.box, first.box) and 0 <= first.box.left - last.box.right <= (
                    MAX_WORD_GAP * h + comma):
                out[k] = prev + run
                joined = True
                break
        if not joined:
            out.append(run)
    return out


_LABEL_TAILS = frozenset({"ID", "NO", "NUMBER", "NUM", "NBR", "#", "ID#", "NO#"})
"""Last words of a member ID's label (``Enrollee ID``, ``Member No.``) that OCR may read
apart from its head, before the value."""

UNDER_NAME_DIGITS = 6
"""Fewest digits of a member ID printed with no label under the name (:func:`under_name`)."""


def under_name(
    words: Sequence[OcrWord], free: set[int], labels: set[int], rule: FieldRule,
    name_rule: FieldRule | None,
) -> list[Found]:
    """A member ID printed with no label right under the member's name (Blue plans:
    ``JOHN Q SAMPLE`` over ``YGD 000000000000``), and that name when ``name_rule`` is
    given. Only when exactly one run of free words fits: an identifier with at least six
    digits, no calendar date (nor one whose separators were lost:
    :func:`pipeline.dates.run_together_date`, 8282's 0070 in motion blur), left-aligned
    under a run that reads as a name."""
    names: list[list[int]] | None = None  # found once a run could be the ID
    picks: list[tuple[str, list[int], list[int], float]] = []
    for run in row_runs(words, free):
        # A label's last word read apart from its head ('Enrollee' '|ID' 'QA2268135':
        # 12424's 0228, taken as 'IDQA2268135') is no part of the ID; the row starts there.
        start = words[run[0]].box.left
        while len(run) > 1 and re.sub(r"[^A-Za-z#]", "", words[run[0]].text).upper() in (
                _LABEL_TAILS):
            run = run[1:]
        if sum(c.isdigit() for i in run for c in words[i].text) < UNDER_NAME_DIGITS:
            continue  # (no reading of the run below adds a digit)
        picked = _value_from(words, run, rule)
        if picked is None or not picked[2]:
            # A stop read after the ID's last digit ('ZGS 927003834.'): closer reads check it.
            picked = _value_from(without_end_stop(words, run[-1]), run, rule)
        cap = 1.0
        if picked is None or not picked[2]:
            # A J's hook read as a bracket ('DA}' '3009261404'): the card is reviewed.
            picked, cap = _value_from(hooks_as_j(words, run[0]), run, rule), HOOK_J_CAP
        if picked is None or not picked[2]:
            # A dashed frame's sides read at its ends ('(BEZ487370284"'): reviewed.
            picked, cap = _value_from(frame_edges_off(words, run), run, rule), FRAME_EDGE_CAP
        if picked is None or not picked[2]:
            continue
        value, used, _ = picked
        if sum(c.isdigit() for c in value) < UNDER_NAME_DIGITS or len(value) < 8 or (
                is_placeholder(value) or iso_date(value) is not None
                or run_together_date(value)):
            continue  # a date under the name ('10-01-2023'; '12271951', its slashes lost)
        box = _union(words, used)
        h = max(box.height, 1.0)
        if names is None:
            names = [r for r in map(partial(name_part, words),
                                    row_runs(words, set(range(len(words))) - labels))
                     if _is_name_run(words, r) and not _plan_words(words, r)]
        above = [
            r for r in names
            if 0 <= box.top - (name_box := _union(words, r)).bottom
            <= UNDER_NAME_GAP * max(h, name_box.height)
            and min(abs(name_box.left - box.left), abs(name_box.left - start)) <= 1.5 * h
            and not _between(words, name_box, box)
        ]
        if above:
            # The nearest name over the ID.
            picks.append((value, used, max(above, key=lambda r: _union(words, r).bottom),
                          cap))
    if len(picks) != 1:
        return []
    value, used, name_run, cap = picks[0]
    out = [Found(rule=rule, label="", value=value, box=_union(words, used),
                 confidence=min(cap, _confidence(words, used, UNDER_NAME_FACTOR, True,
                                                 "inline")),
                 indices=tuple(used))]
    # Its name only where read with some confidence (a misread label over the ID, ``Wort
    # Rapa``, is no name: the lone name may be elsewhere), and where no other person's
    # name is read well on the side, not in a list: the one over the ID may be the
    # subscriber's, its small label lost (11818's 0052, a web image's ``Subscriber Name``
    # read ``Sileeriiver torte``; the member's name, bold, under the plan's).
    if name_rule is not None and set(name_run) <= free and min(
            words[i].confidence for i in name_run) >= LONE_NAME_MIN_OCR and not any(
            set(other).isdisjoint(name_run) and _name_evidence(words, other)
            and min((words[i].confidence for i in other if len(words[i].text) >= 3),
                    default=0.0) >= RIVAL_NAME_MIN_OCR  # its name words, not a suffix
            and not _in_a_list(words, other) and not _several_surnames(words, other)
            for other in names or ()):
        name = name_value(words, name_run)
        if fits_pattern(name_rule, name):
            out.append(Found(rule=name_rule, label="", value=name,
                             box=_union(words, name_run),
                             confidence=_confidence(words, name_run, UNDER_NAME_FACTOR, True,
                                                    "inline"),
                             indices=tuple(name_run)))
    return out


LOST_ID_WORD_CAP = 0.45
"""Most confidence of a member ID taken under a label whose last word OCR lost."""
LOST_ID_WORD_DIGITS = 6
"""Least digits in such a member ID: a name's label gives no other value of that shape."""


def _id_label_head(label: str, member: FieldRule) -> bool:
    """True when ``label`` is the first word(s) of one of the member ID's own labels but
    not one itself (``Enrollee`` of ``Enrollee ID``, ``Subscriber`` of ``Subscriber #``)."""
    norm = normalize_label(label)
    return bool(norm) and any(
        (full := normalize_label(own)) != norm and full.startswith(norm)
        for own in member.labels)


LOST_WORD_MAX_OCR = 0.5
"""OCR confidence under which a short word is a lost word's debris."""


def lost_word_after(words: Sequence[OcrWord], hit: LabelHit) -> int | None:
    """The index of the word right after a label, on its row and within a word space, when
    it is the debris of a word OCR lost: no letter or digit (``._``, ``...``, ``=``), or at
    most three characters read under :data:`LOST_WORD_MAX_OCR`; else None."""
    end = words[hit.indices[-1]].box
    h = max(end.height, 1.0)
    after = [
        i for i, w in enumerate(words)
        if i not in hit.indices and same_row(w.box, end)
        and 0 <= w.box.left - end.right + 0.1 * h <= MAX_WORD_GAP * h
    ]
    if not after:
        return None
    i = min(after, key=lambda i: words[i].box.left)
    w = words[i]
    lost = not any(c.isalnum() for c in w.text) or (
        len(w.text) <= 3 and w.confidence < LOST_WORD_MAX_OCR)
    return i if lost else None


def lost_id_word(
    words: Sequence[OcrWord], pending: Sequence[LabelHit], free: set[int],
    label_words: set[int], member: FieldRule,
) -> list[Found]:
    """The member ID under a label whose last word OCR lost (``Enrollee ._ 37473827209``
    of ``Enrollee ID``; ``Member =`` over ``666993989``): a name's label that took no name
    and is the head of a member-ID label, with an identifier of at least
    :data:`LOST_ID_WORD_DIGITS` digits right of it (after the lost word's debris) or under
    it. The lost word must have left debris (:func:`lost_word_after`). Only when exactly
    one such label gives one; capped at :data:`LOST_ID_WORD_CAP` (under the review bar):
    only closer reads agreeing on it at two scales
    (:func:`pipeline.process.confirmed_doubtful`) lift it."""
    picks: list[Found] = []
    for hit in pending:
        if getattr(hit.rule, "name", None) not in NAME_FIELDS or not _id_label_head(
                hit.label, member) or (debris := lost_word_after(words, hit)) is None:
            continue
        as_id = replace(hit, rule=member)
        runs = [[i for i in _inline_run(words, as_id, free, label_words) if i != debris]]
        runs += _runs_below(words, hit.box, free, label_words, limit=1)
        for position, run in zip(("right", "below"), runs, strict=False):
            got = _assign(words, as_id, run, position, must_fit=True) if run else None
            if got is None or sum(c.isdigit() for c in got.value) < LOST_ID_WORD_DIGITS or (
                    is_placeholder(got.value)):
                continue
            picks.append(replace(got, confidence=min(got.confidence, LOST_ID_WORD_CAP)))
            break
    return picks if len(picks) == 1 else []


HOOK_J_CAP = 0.45
"""Most confidence of a member ID whose prefix's J was read as a bracket."""
_HOOK_J = re.compile(r"^([A-Z]{2,3})[)}]$")
"""A letter prefix whose last letter is a bracket: a J's hook read as ``)`` or ``}``
(``SJ)`` of ``SJJ``, ``DA}`` of ``DAJ``); not ``]``, also read for an I."""


def hooks_as_j(words: Sequence[OcrWord], i: int) -> list[OcrWord]:
    """``words`` with word ``i``'s closing bracket after two or three capitals read as the
    J it stands for (:data:`_HOOK_J`)."""
    out = list(words)
    if (m := _HOOK_J.match(out[i].text)) is not None:
        out[i] = replace(out[i], text=m.group(1) + "J")
    return out


FRAME_EDGE_CAP = 0.4
"""Most confidence of a member ID that fits its format only once the ends a dashed frame's
upright sides left on it are dropped (:func:`unframed`): under the review bar, since a
``(`` before it may be a C's arc as well as a frame's side."""
_FRAME_LEAD = "([{<§"
_FRAME_TRAIL = ')]}>"'


def unframed(value: str) -> str:
    """``value`` without the characters that the upright sides of a dashed frame drawn
    tight round it leave at its ends when OCR reads them as print (``(BEZ487370284"``,
    ``<§G009999999``, ``(GNE`` ``134529553)``): brackets, angle brackets, a section sign,
    a double quote. Only ever a doubtful reading (:data:`FRAME_EDGE_CAP`).

    Both ends or neither: a frame has two sides, while a J's hook alone is read as ``)``
    (``73363692)``).

    >>> unframed('(BEZ487370284"'), unframed("(GNE 134529553)"), unframed("73363692)")
    ('BEZ487370284', 'GNE 134529553', '73363692)')
    """
    if value[:1] and value[:1] in _FRAME_LEAD and value[-1:] and value[-1:] in _FRAME_TRAIL:
        return value.lstrip(_FRAME_LEAD).rstrip(_FRAME_TRAIL)
    return value


def frame_edges_off(words: Sequence[OcrWord], run: Sequence[int]) -> list[OcrWord]:
    """``words`` with the frame's edges (:func:`unframed`) dropped from the start of the
    run's first word and the end of its last, when both have one."""
    out = list(words)
    first, last = run[0], run[-1]
    lead, trail = out[first].text.strip()[:1], out[last].text.strip()[-1:]
    if lead and lead in _FRAME_LEAD and trail and trail in _FRAME_TRAIL and (
            first != last or len(out[first].text.strip()) > 2):
        out[first] = replace(out[first], text=out[first].text.strip().lstrip(_FRAME_LEAD))
        out[last] = replace(out[last], text=out[last].text.strip().rstrip(_FRAME_TRAIL))
    return out


def without_end_stop(words: Sequence[OcrWord], i: int) -> list[OcrWord]:
    """``words`` with word ``i``'s final full stop after a digit dropped."""
    out = list(words)
    if re.search(r"\d\.$", out[i].text):
        out[i] = replace(out[i], text=out[i].text[:-1])
    return out


BETWEEN_MIN_CONFIDENCE = 0.5
"""Least OCR confidence of a word that separates a name from a number under it."""


def _between(words: Sequence[OcrWord], upper: Box, lower: Box) -> bool:
    """True when a word read with some confidence (not a mark's or a lost label's debris)
    lies between box ``upper`` and box ``lower`` under it, across ``lower``'s width:
    ``lower`` is not right under ``upper``."""
    return any(
        w.confidence >= BETWEEN_MIN_CONFIDENCE
        and w.box.top >= upper.bottom - 1 and w.box.bottom <= lower.top + 1
        and min(w.box.right, lower.right) > max(w.box.left, lower.left)
        for w in words
    )


def _anywhere(
    words: Sequence[OcrWord], rules: Sequence[Rule], free: set[int], done: set[Rule]
) -> list[Found]:
    """Unlabelled values: rules with ``anywhere`` matched against runs of free words."""
    out: list[Found] = []
    lines = _lines(words)
    texts: dict[tuple[int, ...], str] = {}  # a run's words as one value, for every rule
    for rule in rules:
        if not rule.anywhere or (isinstance(rule, FieldRule) and rule in done):
            continue
        reviewed = _reviewed(rule)
        # A member ID may be two words: its prefix printed apart ('ZIB' '701811788').
        most = max(rule.max_words, 2 if reviewed else 1)
        for idx in lines.values():
            i = 0
            while i < len(idx):
                hitlen = 0
                for n in range(min(most, len(idx) - i), 0, -1):
                    run = idx[i : i + n]
                    if not free.issuperset(run):
                        continue
                    key = tuple(run)
                    value = texts.get(key)
                    if value is None:
                        value = texts[key] = clean_value(" ".join(words[j].text for j in run))
                    if n == 2 and (parts := _id_parts(
                            [(words[j].text, [j]) for j in run], rule)) is not None:
                        value = parts[0]  # a prefix printed apart: 'ZIB' '701811788'
                    cap = 1.0
                    if value and reviewed and (fixed := repair(rule, value)):
                        value, cap = fixed, UNLABELLED_REPAIR_CAP  # OSCO8082119 → OSC08082119
                    elif value and getattr(rule, "name", None) == "member_id" and (
                            not fits_pattern(rule, value)) and (
                            fits_pattern(rule, bare := unframed(value))):
                        value, cap = bare, FRAME_EDGE_CAP  # '(BEZ487370284"': a frame's sides
                    if value and fits_pattern(rule, value):
                        confidence = _confidence(words, run, 1.0, True, "anywhere")
                        out.append(
                            Found(
                                rule=rule,
                                label="",
                                value=value,
                                box=_union(words, run),
                                confidence=min(confidence, cap),
                                indices=tuple(run),
                            )
                        )
                        free -= set(run)
                        hitlen = n
                        break
                i += max(hitlen, 1)
    return out


MEDICAID_LABELS = frozenset(
    normalize_label(label) for label in (
        "Medicaid ID", "Medicaid ID#", "Medicaid #", "Medicaid No", "Medicaid Number",
        "State Medicaid ID"))
"""A member ID under one of these labels is the state's Medicaid ID too (a plan's
``Recipient ID`` may be its own number)."""


_STATE_PLAN_WORDS = ("MEDICAID", "MEDICARE", "MEDICAL")
"""Words a misread first word of a label is told apart by: only one nearer ``MEDICAID``
than the others is a Medicaid label (``MEDICAUD NO.``, ``Medicaid +``; not ``Medicare ID``)."""
MEDICAID_WORD_SIMILARITY = 85.0
"""rapidfuzz ratio (0-100) from which a label's first word reads as ``MEDICAID``."""


def is_medicaid_label(label: str) -> bool:
    """True for a Medicaid label (:data:`MEDICAID_LABELS`), also as OCR misread it: its
    first word reads as ``MEDICAID`` (:data:`MEDICAID_WORD_SIMILARITY`), nearer it than
    ``MEDICARE`` or ``MEDICAL``."""
    if normalize_label(label) in MEDICAID_LABELS:
        return True
    first = re.sub("[^A-Z]", "", label.split()[0].upper()) if label.split() else ""
    score = {w: fuzz.ratio(first, w) for w in _STATE_PLAN_WORDS}
    return score["MEDICAID"] >= MEDICAID_WORD_SIMILARITY and score["MEDICAID"] > max(
        score["MEDICARE"], score["MEDICAL"])


def read_side(page: OcrPage, template: Template, side: Side) -> SideFields:
    """Fields (best per name) and distractors of one side, boxes in its card frame."""
    rules: list[Rule] = [r for r in template.fields.values() if r.side in ("any", side)]
    rules += [d for d in template.distractors if d.side in ("any", side)]
    found = locate(page.words, rules,
                   brand_words([template.name or "", *template.keywords]), side == "front")
    distractors = tuple(
        Distractor(kind=f.rule.kind, label=f.label, value=f.value, side=side, box=f.box)
        for f in found
        if isinstance(f.rule, DistractorRule)
    )
    decoys = {d.value for d in distractors}
    found = found + split_parts(page.words, found, template)
    fields: dict[str, FieldReading] = {}
    readings = [
        FieldReading(name=f.rule.name, value=f.value, confidence=f.confidence, side=side,
                     label=f.label, box=f.box, label_score=f.label_score)
        for f in found if isinstance(f.rule, FieldRule) and f.value not in decoys]
    for reading in readings:
        best = fields.get(reading.name)
        if best is None or _rank(reading) > _rank(best):
            fields[reading.name] = reading
    member = fields.get("member_id")
    if member is not None and labelled_otherwise(member, readings):
        # As its label's score: a closer read of the value settles its print, not whose.
        fields["member_id"] = member = replace(
            member, confidence=min(member.confidence, TWO_LABELS_CONFIDENCE),
            label_score=min(member.label_score, TWO_LABELS_CONFIDENCE))
    if (group := not_member_id(fields.get("group_number"), member, readings)) is not None:
        fields["group_number"] = group
    # A number under a Medicaid label beside the member ID's own is the state's Medicaid ID.
    distractors += tuple(
        Distractor(kind="medicaid_id", label=f.label, value=f.value, side=side, box=f.box)
        for f in found
        if member is not None and isinstance(f.rule, FieldRule) and f.rule.name == "member_id"
        and f.value != member.value and is_medicaid_label(f.label))
    return SideFields(fields=fields, distractors=distractors)


TWO_LABELS_CONFIDENCE = 0.45
"""Top confidence of a member ID taken from one of two member-ID labels that give two
values on one side (:func:`labelled_otherwise`): under the review bar."""


def labelled_otherwise(member: FieldReading, readings: Sequence[FieldReading]) -> bool:
    """True when another member-ID reading of the side, under another label read as printed
    (``label_score`` 1) and no Medicaid one, gives a value that is neither the taken one
    nor part of it, while the taken one's label is a bare ``ID`` (what is left of
    ``Rx ID``, ``Payer ID``, ``Plan ID`` when OCR loses their first word): two labels
    name two values, and which is the member's nothing tells (11717's 0073: ``Member #``
    over a faint ``JAB2520466``, and ``Rx ID`` read ``aT ID`` over ``AD600571419``, taken
    at 0.85)."""
    if normalize_label(member.label) not in _BARE_ID_LABELS:
        return False
    return any(
        r.name == "member_id" and r.label != member.label and r.label_score >= 1.0
        and not is_medicaid_label(r.label) and r.value not in member.value
        and member.value not in r.value for r in readings)


_BARE_ID_LABELS = frozenset({"ID", "ID#", "IDNO", "IDNUMBER"})
"""Member-ID labels that are the last word of other codes' labels too."""


def not_member_id(
    group: FieldReading | None, member: FieldReading | None, readings: Sequence[FieldReading]
) -> FieldReading | None:
    """The side's best group reading whose value is not the member ID's, when the best one
    is the member ID's value under another label (an ``EMPLOYER GROUP`` head beside the Rx
    ID's ``220554846`` stacked under its own label): no plan's group number is its member's
    ID. None when nothing changes."""
    if group is None or member is None or group.value != member.value:
        return None
    others = [r for r in readings if r.name == "group_number" and r.value != member.value]
    return max(others, key=_rank) if others else None


def _rank(reading: FieldReading) -> tuple[bool, bool, float]:
    """How a side's readings of one field rank: a member ID under its own label before one
    under a Medicaid label (:data:`MEDICAID_LABELS`: a Medi-Cal card's ``Member number``
    over its ``Medicaid #``, the state's number), an Rx group under a label naming the
    pharmacy (``RX GROUP:``) before one under a bare ``GRP`` (13838's 0297: Aetna's plan
    ``GRP`` head, its row's next head ``SPC`` taken at 0.95 over ``RX5072`` at 0.92), then
    by confidence."""
    return (not (reading.name == "member_id" and is_medicaid_label(reading.label)),
            reading.name != "rx_group" or normalize_label(reading.label).startswith("RX"),
            reading.confidence)


def label_hits(
    page: OcrPage, template: Template, side: Side, name: str, *, blank: bool = False
) -> list[LabelHit]:
    """Where the labels of field ``name`` were found on one side (all the side's rules
    compete for words, as in :func:`read_side`): those with a value to read, or with
    ``blank`` those showing a placeholder instead (:func:`shows_placeholder`)."""
    return [
        h for h in side_labels(page, template, side)
        if isinstance(h.rule, FieldRule) and h.rule.name == name
        and shows_placeholder(page.words, h) == blank
    ]


def side_labels(page: OcrPage, template: Template, side: Side) -> list[LabelHit]:
    """Every label (fields' and distractors') found on one side, as :func:`read_side`
    finds them."""
    rules: list[Rule] = [r for r in template.fields.values() if r.side in ("any", side)]
    rules += [d for d in template.distractors if d.side in ("any", side)]
    return find_labels(page.words, rules)


def others_values(
    page: OcrPage, template: Template, side: Side, names: Collection[str]
) -> list[Box]:
    """Boxes of the words a label of a rule not in ``names`` gives a value to its right on
    its row (what :func:`locate` would look at, read or not): a code there is that label's
    value (an Rx ID whose value OCR split, ``Rx id`` ``XOE1`` ``0467069700``), never a value
    whose own label was lost."""
    rules: list[Rule] = [r for r in template.fields.values() if r.side in ("any", side)]
    rules += [d for d in template.distractors if d.side in ("any", side)]
    words = page.words
    # Every rule's labels are found, those of ``names`` too: ``Member ID #:`` is the
    # member ID's label, not a name's ``Member`` giving the name the ID's ``BNQ``.
    hits = find_labels(words, rules)
    label_words = {i for h in hits for i in h.indices}
    free = set(range(len(words))) - label_words
    out = []
    for hit in hits:
        if isinstance(hit.rule, FieldRule) and hit.rule.name in names:
            continue
        end = words[hit.indices[-1]].box
        start = Box(end.left, hit.box.top, end.right, hit.box.bottom)
        run = _run_right_of(words, start, free, label_words, MAX_PHRASE_RIGHT_GAP)
        # A label gives no value with digits that its format cannot hold ('MEMBER', a
        # name's label, of a 'MEMBER ID' whose 'ID' was misread, beside the ID).
        out += [words[i].box for i in run if could_hold(hit.rule, words[i].text)]
    return out


def could_hold(rule: Rule, text: str) -> bool:
    """Whether a word may be (a part of) a value of ``rule``: it holds no digit, or some
    part of it fits the rule's format (a name's format fits no part of ``W199451463``)."""
    if not any(c.isdigit() for c in text):
        return True
    pattern = getattr(rule, "pattern", None)
    return pattern is None or pattern.search(clean_value(text)) is not None


def fits_or_number_part(rule: FieldRule, value: str) -> bool:
    """True when a value fits the rule, or is a member ID's number printed apart from its
    prefix (see :func:`join_member_id_parts`)."""
    return fits_pattern(rule, value) or _number_part(rule, value)


def split_parts(
    words: Sequence[OcrWord], found: list[Found], template: Template
) -> list[Found]:
    """Prefix and suffix readings of a member ID that was printed in parts after one
    label: the prefix word, and a two-digit word right after the number (also after a
    Blue plan's ID printed whole, ``YBC99999999 99``)."""
    prefix_rule = template.fields.get("member_id_prefix")
    suffix_rule = template.fields.get("member_id_suffix")
    have = {f.rule.name for f in found if isinstance(f.rule, FieldRule)}
    out: list[Found] = []
    for f in found:
        if not (isinstance(f.rule, FieldRule) and f.rule.name == "member_id") or not f.indices:
            continue
        first_word = words[f.indices[0]].text
        parts = len(f.indices) >= 2 and bool(
            PREFIX.fullmatch(first_word) and f.value.startswith(first_word))
        if not parts and len(f.value) < MIN_ID_BEFORE_SUFFIX:
            continue
        if parts and prefix_rule is not None and "member_id_prefix" not in have:
            first = f.indices[0]
            out.append(replace(f, rule=prefix_rule, value=words[first].text,
                               box=words[first].box, indices=(first,)))
        last = words[f.indices[-1]]
        after = [
            i for i, w in enumerate(words)
            if i not in f.indices and same_row(w.box, last.box)
            # OCR's boxes of condensed print may overlap by up to a height.
            and -last.box.height <= w.box.left - last.box.right <= MAX_WORD_GAP * last.box.height
            and w.box.right > last.box.right
        ]
        if suffix_rule is not None and "member_id_suffix" not in have and after:
            i = min(after, key=lambda j: words[j].box.left)
            if _SUFFIX.fullmatch(clean_value(words[i].text)):
                out.append(replace(f, rule=suffix_rule, value=clean_value(words[i].text),
                                   box=words[i].box, indices=(i,)))
    return out


def merge_sides(
    sides: Sequence[SideFields],
) -> tuple[dict[str, FieldReading], tuple[Distractor, ...]]:
    """Combine sides: per field the most confident reading, the front winning ties."""
    fields: dict[str, FieldReading] = {}
    distractors: list[Distractor] = []
    for s in sides:
        for name, reading in s.fields.items():
            best = fields.get(name)
            if best is None or reading.confidence > best.confidence:
                fields[name] = reading
        distractors.extend(s.distractors)
    return fields, tuple(distractors)


def label_capped(fields: Mapping[str, FieldReading]) -> dict[str, FieldReading]:
    """The readings, the member ID and group (:data:`REVIEWED_FIELDS`) no more confident
    than their label is surely theirs (:attr:`FieldReading.label_score`): a closer read of
    a value settles what is printed there, never that a misread label is the field's
    (a ZIP code under ``Gr +o`` read again at 0.9 is no group)."""
    return {
        name: replace(r, confidence=round(min(r.confidence, r.label_score), 3))
        if name in REVIEWED_FIELDS and r.confidence > r.label_score else r
        for name, r in fields.items()
    }


def join_member_id_parts(
    fields: dict[str, FieldReading], rule: FieldRule | None
) -> dict[str, FieldReading]:
    """The member ID with its printed prefix put in front, when a card prints the ID in
    parts (a ``Prefix`` column left of the number on the same row). The contract's
    member ID is prefix and number joined without spaces; the parts stay as they are.

    A number that broke the member-ID format alone but fits it with its prefix gets back
    the confidence its format miss took away.
    """
    member = fields.get("member_id")
    prefix = fields.get("member_id_prefix")
    if member is None or prefix is None or member.side != prefix.side:
        return fields
    if member.value.startswith(prefix.value) or not same_row(prefix.box, member.box):
        return fields
    if prefix.box.right > member.box.left:
        return fields
    value = prefix.value + member.value
    confidence = member.confidence
    if rule is not None and not fits_pattern(rule, member.value) and fits_pattern(rule, value):
        confidence = min(1.0, confidence / PATTERN_MISS_FACTOR)
    joined = replace(
        member,
        value=value,
        confidence=round(min(confidence, prefix.confidence), 3),
        box=prefix.box.union(member.box),
    )
    return {**fields, "member_id": joined}
