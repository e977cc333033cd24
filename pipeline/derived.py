"""Fields a card gives without a label of their own (issue 15), from what was read already.

* ``plan_number``: a Medicare Advantage or Part D plan's contract and plan (PBP) number,
  read as the ``cms_contract`` look-alike (``H5415-071``): never the member ID.
* ``medicaid_id``: the state's Medicaid ID, the member ID itself where its label says
  ``Medicaid ID``, else a ``medicaid_id`` look-alike printed beside the member ID.
* ``pbm``: the pharmacy benefit manager, named without a label (``CVS Caremark`` in an Rx
  block) when no ``PBM`` label gave it.
* ``effective_date``: where OCR lost its label, the card's one date that starts a month
  (``08/01/2020``): coverage starts on the first, a birth date seldom does.
* ``plan_name``: the plan's name printed on a line of its own without a label
  (``Blue Choice PPO``, ``Gold 80 HMO``), known by the words plans name themselves with.

Pure functions over the readings, the look-alikes and the OCR pages (card frame).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from pipeline.dates import impossible_date
from pipeline.fields import PLAN_WORDS, alike, is_medicaid_label, normalize_label, row_runs
from pipeline.types import Box, Distractor, FieldReading, OcrPage, Side

DERIVED_CONFIDENCE = 0.8
"""Confidence of a field taken from a labelled look-alike (which keeps no OCR confidence)."""

EXTRA_FIELDS = frozenset({
    "rx_id", "rx_plan", "pbm", "plan_number", "group_name", "birth_date", "gender",
    "medicare_part_a_date", "medicare_part_b_date", "medicaid_id", "plan_name"})
"""Fields read for completeness (issue 15), never reviewed: a doubtful one is left out."""
DATE_FIELDS = frozenset({"effective_date", "birth_date", "medicare_part_a_date",
                         "medicare_part_b_date"})
"""Fields whose value is a printed date, left out when it names no calendar date."""
MIN_EXTRA_CONFIDENCE = 0.5
"""Least confidence of an :data:`EXTRA_FIELDS` reading that is returned: below it OCR has
mangled it (``XOE1XOE1`` for ``XOE10467069700``), and no person is asked to check it."""

PBMS = (
    "CVS Caremark", "Caremark", "Express Scripts", "OptumRx", "Optum Rx",
    "Prime Therapeutics", "MedImpact", "Navitus Health Solutions", "Navitus", "Elixir",
    "Capital Rx", "Magellan Rx", "WellDyne", "ProAct", "Argus", "Humana Pharmacy Solutions",
)
"""Pharmacy benefit managers by the names cards print, longest first where one holds
another (``Navitus Health Solutions`` before ``Navitus``)."""

_PBM_BY_FIRST: dict[str, list[tuple[str, int]]] = {}
for _pbm in PBMS:
    _PBM_BY_FIRST.setdefault(normalize_label(_pbm.split()[0]), []).append(
        (normalize_label(_pbm), len(_pbm.split())))
"""Each PBM's normalised name and word count, under its first word's normalised text."""


def derived_fields(
    found: Mapping[str, FieldReading], distractors: Sequence[Distractor],
    pages: Sequence[tuple[Side, OcrPage]], networks: frozenset[str] = frozenset(),
    *, keep_doubtful: bool = False,
) -> dict[str, FieldReading]:
    """``found`` with ``plan_number``, ``medicaid_id``, ``pbm`` and ``plan_name`` (not a
    network named with another carrier's words, ``networks``) added where the card gives
    them and no label of their own did; a Medicare card's ``effective_date`` from its Part
    A (else Part B) date, another card's from the date whose label was lost
    (:func:`first_of_month`); without doubtful :data:`EXTRA_FIELDS` unless
    ``keep_doubtful`` (:func:`confident` leaves them out)."""
    out = dict(found)
    coverage = out.get("medicare_part_a_date") or out.get("medicare_part_b_date")
    if coverage is not None and "effective_date" not in out:
        # A red-white-blue card's coverage starts with its parts' dates.
        out["effective_date"] = replace(coverage, name="effective_date")
    if "effective_date" not in out and (start := first_of_month(
            pages, [(f.side, f.box) for f in out.values()]
            + [(d.side, d.box) for d in distractors])) is not None:
        out["effective_date"] = start
    for name, reading in (("plan_number", plan_number(distractors)),
                          ("medicaid_id", medicaid_id(found, distractors)),
                          ("pbm", pbm_named(pages))):
        if reading is not None and name not in out:
            out[name] = reading
    if "plan_name" not in out:
        plan = plan_named(pages, [(f.side, f.box) for f in out.values()]
                          + [(d.side, d.box) for d in distractors], networks)
        if plan is not None:
            out["plan_name"] = plan
    for name in DATE_FIELDS & out.keys():
        if impossible_date(out[name].value):
            del out[name]  # a misread digit: no date is better than a wrong one
    return out if keep_doubtful else confident(out)


_PERSON_CODE = re.compile(r"\d{2}")
"""The two-digit person code (``00``, ``01``) an Rx ID may add after the member ID."""


def rx_id_spelled(found: Mapping[str, FieldReading]) -> dict[str, FieldReading]:
    """``found`` with its Rx ID spelled as the member ID it repeats (:func:`rx_id_as_member`).
    Applied to a card's final readings only: the member ID's own checks use the Rx ID as
    read, an independent print of it."""
    out = dict(found)
    if "rx_id" in out:
        out["rx_id"] = rx_id_as_member(out["rx_id"], out.get("member_id"))
    return out


def rx_id_as_member(rx: FieldReading, member: FieldReading | None) -> FieldReading:
    """The Rx ID spelled as the member ID it repeats. Cards print the pharmacy's ID as
    the member ID, or it followed by a person code (``00``, ``01``); where ``rx`` is that
    but for characters OCR reads alike (:func:`pipeline.fields.alike`: ``TGAO72783287``
    of ``TGA072783287``), the member ID's characters are the printed ones: its reading
    was settled by its format and closer looks, the Rx ID's by nothing. The confidence is
    the lower of the two. Else (no member ID read with ``MIN_EXTRA_CONFIDENCE``, another
    number) ``rx`` as it is."""
    if member is None or member.confidence < MIN_EXTRA_CONFIDENCE:
        return rx
    n = len(member.value)
    head, tail = rx.value[:n], rx.value[n:]
    if head == member.value or (tail and not _PERSON_CODE.fullmatch(tail)) or not alike(
            head, member.value):
        return rx
    return replace(rx, value=member.value + tail,
                   confidence=min(rx.confidence, member.confidence))


def confident(found: Mapping[str, FieldReading]) -> dict[str, FieldReading]:
    """``found`` without the :data:`EXTRA_FIELDS` read under :data:`MIN_EXTRA_CONFIDENCE`."""
    return {n: f for n, f in found.items()
            if n not in EXTRA_FIELDS or f.confidence >= MIN_EXTRA_CONFIDENCE}


def _from_distractor(name: str, d: Distractor) -> FieldReading:
    return FieldReading(name=name, value=d.value, confidence=DERIVED_CONFIDENCE, side=d.side,
                        label=d.label, box=d.box)


def plan_number(distractors: Sequence[Distractor]) -> FieldReading | None:
    """The first CMS contract-PBP number read (``H5415-071``, ``H5415 071``); a contract
    number without its plan (``H5415``) is none."""
    for d in distractors:
        if d.kind == "cms_contract" and re.fullmatch(r"[HRS]\d{4}[ -]?\d{3}", d.value):
            return _from_distractor("plan_number", d)
    return None


def medicaid_id(
    found: Mapping[str, FieldReading], distractors: Sequence[Distractor]
) -> FieldReading | None:
    """The member ID when its label names Medicaid; else the first Medicaid ID read as a
    look-alike beside it."""
    member = found.get("member_id")
    if member is not None and is_medicaid_label(member.label):
        return FieldReading(name="medicaid_id", value=member.value,
                            confidence=member.confidence, side=member.side,
                            label=member.label, box=member.box)
    for d in distractors:
        if d.kind == "medicaid_id":
            return _from_distractor("medicaid_id", d)
    return None


def pbm_named(pages: Sequence[tuple[Side, OcrPage]]) -> FieldReading | None:
    """The first pharmacy benefit manager (:data:`PBMS`) printed on a line, as printed;
    its confidence the least of its words'. Front first."""
    for side, page in pages:
        lines: dict[int, list[int]] = {}
        for i, w in enumerate(page.words):
            lines.setdefault(w.line, []).append(i)
        for idx in lines.values():
            idx.sort(key=lambda i: page.words[i].box.left)
            for start in range(len(idx)):
                first = normalize_label(page.words[idx[start]].text.strip(",.;:"))
                for key, count in _PBM_BY_FIRST.get(first, ()):
                    run = idx[start:start + count]
                    if len(run) != count:
                        continue
                    text = " ".join(page.words[i].text for i in run).strip(",.;:")
                    if normalize_label(text) != key:
                        continue
                    box: Box = page.words[run[0]].box
                    for i in run[1:]:
                        box = box.union(page.words[i].box)
                    return FieldReading(
                        name="pbm", value=text,
                        confidence=min(page.words[i].confidence for i in run),
                        side=side, label="", box=box)
    return None


NOT_PLAN_STARTS = frozenset({"IN", "OUT", "NON"})
"""First words of a copay table's heads, not of a plan's name (``In Network``)."""
PLAN_MAX_WORDS = 6
"""Most words of a plan's name printed on its own (``Wellcare No Premium (HMO)``: 4)."""
_PLAN_WORD = re.compile(r"\(?[A-Z0-9][A-Za-z0-9&'+/-]*\)?")
"""A word of a plan's name: capitalised or a number, bracketed at most (``(HMO)``)."""


def plan_named(
    pages: Sequence[tuple[Side, OcrPage]], taken: Sequence[tuple[Side, Box]],
    networks: frozenset[str] = frozenset(),
) -> FieldReading | None:
    """The first run of words on a line (:func:`pipeline.fields.row_runs`) that is 2 to
    ``PLAN_MAX_WORDS`` capitalised words holding one of :data:`PLAN_WORDS` and no word of
    another reading or look-alike (``taken``: side and box, card frame), front first and
    top down; its confidence the
    least of its words'. Prose (lower-case words), labels (``:``) and amounts are none, and
    so is a line naming another carrier (``networks``: the words of other carriers' names,
    upper case): a network the plan rents (``UnitedHealthcare Choice Plus`` on a UMR card)."""
    for side, page in pages:
        boxes = [b for s, b in taken if s == side]
        runs = row_runs(page.words, range(len(page.words)))
        for run in sorted(runs, key=lambda r: min(page.words[i].box.top for i in r)):
            words = [page.words[i] for i in run]
            if not 2 <= len(words) <= PLAN_MAX_WORDS or not all(
                    _PLAN_WORD.fullmatch(w.text) for w in words):
                continue
            upper = [w.text.strip("()").upper() for w in words]
            if upper[0] in NOT_PLAN_STARTS or not any(u in PLAN_WORDS for u in upper) or any(
                    re.sub(r"[^A-Z]", "", u) in networks for u in upper):
                continue
            box: Box = words[0].box
            for w in words[1:]:
                box = box.union(w.box)
            if any(_overlaps(box, b) for b in boxes):
                continue
            return FieldReading(name="plan_name", value=" ".join(w.text for w in words),
                                confidence=min(w.confidence for w in words), side=side,
                                label="", box=box)
    return None


def _overlaps(a: Box, b: Box) -> bool:
    return min(a.right, b.right) > max(a.left, b.left) and min(a.bottom, b.bottom) > max(
        a.top, b.top)


_MONTH_START = re.compile(r"(?:0?[1-9]|1[0-2])[/-]0?1[/-](?:19|20)\d\d")
"""A complete US date on the first of a month (``08/01/2020``, ``8-1-2020``)."""
UNLABELLED_DATE_FACTOR = 0.8
"""Confidence factor of an effective date read without its label."""


def first_of_month(
    pages: Sequence[tuple[Side, OcrPage]], taken: Sequence[tuple[Side, Box]],
) -> FieldReading | None:
    """The effective date whose label OCR lost: the card's one date on the first of a
    month, printed as a word of its own and no other reading's or look-alike's (``taken``:
    side and box, card frame); None when there is none, or several."""
    dates: dict[str, FieldReading] = {}
    for side, page in pages:
        boxes = [b for s, b in taken if s == side]
        for w in page.words:
            text = w.text.strip(".,;")
            if _MONTH_START.fullmatch(text) and not any(_overlaps(w.box, b) for b in boxes):
                dates.setdefault(text, FieldReading(
                    name="effective_date", value=text,
                    confidence=round(w.confidence * UNLABELLED_DATE_FACTOR, 3), side=side,
                    label="", box=w.box))
    return next(iter(dates.values())) if len(dates) == 1 else None
