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
* ``rx_bin``: after its label misread, or read with a digit too many
  (:func:`bin_misread_label`); one digit off the one known BIN that prints the PCN read,
  mended (:func:`bin_mended`).
* ``rx_pcn``, ``rx_group``: the Rx codes whose labels OCR lost, by their place after the
  BIN in the Rx block (:func:`rx_stacked`: under the value or under its label, at an even
  pitch); a PCN after its label misread by a letter (:func:`pcn_misread_label`); a PCN
  misread mended to its BIN's known one (:func:`pcn_mended`); the group after a misread
  ``Rx Group`` (:func:`rx_group_misread_label`); a doubtful group's glyph read twice
  (:func:`doubled_glyph_mended`); a group's number read as letters, or cut short
  (:func:`group_shape_checked`).
* ``payer_id``: the payer ID after a label OCR misread (:func:`payer_misread_label`),
  without a stop read after it (:func:`payer_stop_dropped`).

Pure functions over the readings, the look-alikes and the OCR pages (card frame).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from pipeline.dates import impossible_date, nine_month_mended
from pipeline.fields import (
    KNOWN_BINS,
    PLAN_WORDS,
    alike,
    is_medicaid_label,
    is_phone,
    normalize_label,
    row_runs,
    same_row,
    zeros_for_os,
)
from pipeline.placeholders import is_placeholder
from pipeline.templates import FieldRule
from pipeline.types import Box, Distractor, FieldReading, OcrPage, OcrWord, Side

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

MENDED_DATE_CONFIDENCE = 0.49
"""Confidence of a date mended from an impossible one (:func:`pipeline.dates.nine_month_mended`):
under ``MIN_EXTRA_CONFIDENCE``, so it is left out unless a closer reading confirms it."""

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
            mended = nine_month_mended(out[name].value) if name in EXTRA_FIELDS else None
            if mended is None:
                del out[name]  # a misread digit: no date is better than a wrong one
            else:  # doubtful: returned only when a closer reading gives it again
                out[name] = replace(out[name], value=mended, confidence=min(
                    out[name].confidence, MENDED_DATE_CONFIDENCE))
    return out if keep_doubtful else confident(out)


_PERSON_CODE = re.compile(r"\d{2}")
"""The two-digit person code (``00``, ``01``) an Rx ID may add after the member ID."""


def rx_id_spelled(found: Mapping[str, FieldReading]) -> dict[str, FieldReading]:
    """``found`` with its Rx ID spelled as the member ID it repeats (:func:`rx_id_as_member`),
    else with a letter its first digit was read for (:func:`rx_id_lead_letter`); without
    it where it is the member ID cut short (:func:`rx_id_cut_short`). Applied to a card's
    final readings only: the member ID's own checks use the Rx ID as read, an independent
    print of it."""
    out = dict(found)
    if "rx_id" in out and rx_id_cut_short(out["rx_id"], out.get("member_id")):
        del out["rx_id"]
    if "rx_id" in out:
        member = out.get("member_id")
        rx = rx_id_as_member(out["rx_id"], member)
        if rx is out["rx_id"] and not (member and rx.value.startswith(member.value)):
            rx = rx_id_lead_letter(rx)  # (not where it prints the member ID as read)
        out["rx_id"] = rx
    return out


CUT_SHORT_MIN = 2
"""Fewest characters of the member ID that an Rx ID cut short lacks: one more may be the
member ID's misread (a mark read as a last character), the Rx ID then its whole print."""


def rx_id_cut_short(rx: FieldReading, member: FieldReading | None) -> bool:
    """True when the Rx ID is the start of the member ID, :data:`CUT_SHORT_MIN` characters
    or more short of it (``IASW574`` of ``IASW57417061``): the pharmacy's ID repeats the
    member ID whole, or with a person code after it, so a start of it is a print that glare
    or the card's edge cut short."""
    return member is not None and len(member.value) - len(rx.value) >= CUT_SHORT_MIN and (
        member.value.startswith(rx.value))


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


_LEAD_DIGIT = re.compile(r"([01])(?=[A-Z]{1,3}\d)")
"""A first digit OCR reads for the letter it looks like (``0`` of ``O``, ``1`` of ``I``)
before the rest of an ID's letter prefix: ``0G051782911``, ``1T493098180``."""
MBI = re.compile(r"[1-9][A-Z][A-Z0-9]\d[A-Z][A-Z0-9]\d[A-Z]{2}\d{2}")
"""Medicare's MBI (11 characters, a digit first, then a letter): an ID that may start
with a 1 before letters."""


def rx_id_lead_letter(rx: FieldReading) -> FieldReading:
    """``rx`` with its first character a letter where it was read as the digit that looks
    like it (:data:`_LEAD_DIGIT`) before the letters of a prefix: IDs of letters and digits
    start with their letters (``OG051782911`` read ``0G051782911``). Not an MBI's first
    digit (``1EG4TE5MK73``)."""
    if MBI.fullmatch(rx.value) or not _LEAD_DIGIT.match(rx.value):
        return rx
    return replace(rx, value={"0": "O", "1": "I"}[rx.value[0]] + rx.value[1:])


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


def unlabelled_extras(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> dict[str, FieldReading]:
    """``found`` with the :data:`EXTRA_FIELDS` whose label OCR lost (small, pale or
    white-on-colour print) added where the card's structure still names them: the Rx BIN
    of a known pharmacy benefit manager by its digits (:func:`known_bin`), the PCN and
    group stacked under the BIN (:func:`rx_stacked`), the Rx ID
    as the member ID printed again in the Rx block (:func:`rx_id_in_block`), the sex as a
    lone ``M``/``F`` in the value grid (:func:`lone_gender`); and the plan number whose
    ``H`` OCR read as a digit (:func:`contract_h_misread`). The Rx group is then held
    to its shape (:func:`group_shape_checked`), the payer ID stripped of a stop
    (:func:`payer_stop_dropped`), and a PCN no PCN's shape is left out (:func:`pcn_shaped`).
    Applied to a card's final readings only, so neither
    feeds the member ID's or the name's own checks."""
    out = dict(found)
    for name, pick in (("rx_bin", known_bin), ("rx_bin", bin_misread_label),
                       ("rx_id", rx_id_in_block),
                       ("gender", lone_gender), ("plan_number", contract_h_misread),
                       ("payer_id", payer_misread_label)):
        if name not in out and (reading := pick(out, pages)) is not None:
            out[name] = reading
        if name == "rx_bin" and pick is bin_misread_label:
            if (mended_bin := bin_mended(out)) is not None:
                out["rx_bin"] = mended_bin
            out.update(rx_stacked(out, pages))
            if "rx_pcn" not in out and (pcn := pcn_misread_label(out, pages)) is not None:
                out["rx_pcn"] = pcn
            if (pcn := pcn_mended(out, pages)) is not None:
                out["rx_pcn"] = pcn
            if (group := doubled_glyph_mended(out, pages)) is not None:
                out["rx_group"] = group
            if "rx_group" not in out and (
                    group := rx_group_misread_label(out, pages)) is not None:
                out["rx_group"] = group
    if "rx_group" in out:
        group = group_shape_checked(group_split_joined(out["rx_group"], pages))
        if group is None:
            del out["rx_group"]
        else:
            out["rx_group"] = group
    if "rx_pcn" in out and not pcn_shaped(out["rx_pcn"].value):
        del out["rx_pcn"]
    if "payer_id" in out:
        out["payer_id"] = payer_stop_dropped(out["payer_id"])
    return out


KNOWN_BIN_FACTOR = 0.8
"""Confidence factor of a BIN known by its digits alone, no label read: the digits vouch
for the field, the word's OCR confidence for the reading."""
GLUED_GAP = 0.6
"""Widest gap (word heights) at which a digit word beside a known BIN makes it part of a
longer number (:func:`known_bin`)."""


def known_bin(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The Rx BIN where no label gave one: the one word of the pages that reads a
    :data:`KNOWN_BINS` number exactly, alone (no digit word beside it on its row at a
    :data:`GLUED_GAP`: no part of a longer number) and inside no other reading's box.
    None when two known BINs are printed. Applied to a card's final readings only
    (:func:`unlabelled_extras`), so no member ID's or group's search weighs it."""
    pick = _one_word_of(found, pages, KNOWN_BINS, ".,:;'\"`~_-|", _glued)
    if pick is None:
        return None
    value, side, word = pick
    return FieldReading(name="rx_bin", value=value, side=side, label="", box=word.box,
                        confidence=round(KNOWN_BIN_FACTOR * word.confidence, 3))


def _one_word_of(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
    lexicon: frozenset[str], strip: str,
    beside: Callable[[Sequence[OcrWord], OcrWord], bool], *, fold_case: bool = False,
) -> tuple[str, Side, OcrWord] | None:
    """The one value of ``lexicon`` that a word of the pages reads exactly (``strip``
    stripped; in capitals with ``fold_case``: OCR's language model reads a code's second
    capital small, ``Is`` of ``IS``), inside no reading's box and with no word ``beside``
    it, with its side and word; None when none or several values are printed so."""
    boxes = [(f.side, f.box) for f in found.values()]
    picks: dict[str, tuple[Side, OcrWord]] = {}
    for side, page in pages:
        for w in page.words:
            value = w.text.strip(strip)
            if fold_case:
                value = value.upper()
            if value in lexicon and not any(
                    s == side and _overlaps(b, w.box) for s, b in boxes) and not beside(
                    page.words, w):
                picks.setdefault(value, (side, w))
    if len(picks) != 1:
        return None
    (value, (side, word)), = picks.items()
    return value, side, word


def _glued(words: Sequence[OcrWord], word: OcrWord) -> bool:
    """True when a word holding a digit stands beside ``word`` on its row, within
    :data:`GLUED_GAP` of its height before or after it."""
    b = word.box
    h = max(b.height, 1.0)
    return any(
        w is not word and same_row(w.box, b) and re.search(r"\d", w.text) is not None and (
            0 <= w.box.left - b.right <= GLUED_GAP * h
            or 0 <= b.left - w.box.right <= GLUED_GAP * h)
        for w in words)


RX_BLOCK_BELOW = 3.0
"""How far below the Rx block's last code an unlabelled Rx ID may sit, in its own heights."""
RX_BLOCK_LEFT = 8.0
"""How far left of the Rx block's codes an unlabelled Rx ID may start (its lost label's
room), in its own heights."""
UNLABELLED_MIN_OCR = 0.8
"""Least OCR confidence of a word taken as a value without its label."""


def rx_id_in_block(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The Rx ID whose label OCR lost: a word (OCR confidence at least
    :data:`UNLABELLED_MIN_OCR`) that is the member ID again, or it followed by a person
    code (``NVS40328315500`` of ``NVS403283155``), inside or just below the Rx block (the
    box of the Rx BIN, PCN and group read on its side, card frame; up to
    :data:`RX_BLOCK_BELOW` word heights below, :data:`RX_BLOCK_LEFT` left) or after it
    on a code's row (a block printed along one row: :data:`RX_LINE_REACH`), while the
    member ID is printed elsewhere too (its reading's box, or another word): two prints
    agreeing. None without a member ID or an Rx code read."""
    member = found.get("member_id")
    if member is None:
        return None
    for side, page in pages:
        codes = [f.box for n, f in found.items()
                 if n in ("rx_bin", "rx_pcn", "rx_group") and f.side == side]
        if not codes:
            continue
        block = codes[0]
        for b in codes[1:]:
            block = block.union(b)
        for w in page.words:
            text = w.text.strip(".,;:")
            h = w.box.height
            if w.confidence < UNLABELLED_MIN_OCR or not (
                    text == member.value or (text[:-2] == member.value
                                             and _PERSON_CODE.fullmatch(text[-2:]))):
                continue
            if member.side == side and _overlaps(w.box, member.box) and not any(
                    o.text.strip(".,;:") == member.value and not _overlaps(o.box, w.box)
                    for _, p in pages for o in p.words):
                continue  # the member ID's own word, printed nowhere else
            if (block.top - h <= w.box.top <= block.bottom + RX_BLOCK_BELOW * h
                    and block.left - RX_BLOCK_LEFT * h <= w.box.left < block.right) or (
                    any(same_row(w.box, c) for c in codes)
                    and 0 <= w.box.left - block.right <= RX_LINE_REACH * h):
                return FieldReading(name="rx_id", value=text,
                                    confidence=round(w.confidence * DERIVED_CONFIDENCE, 3),
                                    side=side, label="", box=w.box)
    return None


GENDERS = frozenset({"M", "F", "Male", "Female", "MALE", "FEMALE"})
"""How cards print the member's sex."""
LONE_GAP = 1.5
"""Least gap, in the word's heights, between a lone value and a word beside it on its row."""
LONE_MIN_HEIGHT = 0.8
"""Least height of a lone value, as a share of the median height of the values read on its
side: smaller print is a stray mark or a letter of the fine print."""
TORN_GAP = 8.0
"""Reach, in the letter's heights, of a lower-case word right of a capital that makes the
capital a word's first letter torn off by glare (``M`` ... ``arcia-Lopez``)."""
GRID_ALIGN = 0.5
"""Most offset, in the word's heights, of a value's left edge (or top) from another
value's to share its column (or row)."""


def lone_gender(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The sex whose label OCR lost: the card's one word that is a :data:`GENDERS` value
    read with :data:`UNLABELLED_MIN_OCR`, printed as large as the values
    (:data:`LONE_MIN_HEIGHT`), alone on its row (no word within :data:`LONE_GAP` heights
    either side: not a middle initial; no lower-case word within :data:`TORN_GAP` to its
    right: not a word's first letter), of no other reading, and
    in the card's value grid: its left edge under another reading's, or its top on
    another reading's row (:data:`GRID_ALIGN`). None when there is none, or several."""
    hits: list[FieldReading] = []
    for side, page in pages:
        boxes = [f.box for f in found.values() if f.side == side]
        if not boxes:
            continue
        print_h = statistics.median(b.height for b in boxes)
        for w in page.words:
            if w.text not in GENDERS or w.confidence < UNLABELLED_MIN_OCR:
                continue
            h = w.box.height
            row = [o for o in page.words if o is not w and same_row(o.box, w.box)]
            if h < LONE_MIN_HEIGHT * print_h or any(_overlaps(w.box, b) for b in boxes) or any(
                    min(abs(o.box.left - w.box.right), abs(w.box.left - o.box.right))
                    < LONE_GAP * h for o in row) or any(
                    o.text[:1].islower() and 0 < o.box.left - w.box.right < TORN_GAP * h
                    for o in row):
                continue
            if any(abs(b.left - w.box.left) <= GRID_ALIGN * h
                   or abs(b.top - w.box.top) <= GRID_ALIGN * h for b in boxes):
                hits.append(FieldReading(
                    name="gender", value=w.text,
                    confidence=round(w.confidence * DERIVED_CONFIDENCE, 3), side=side,
                    label="", box=w.box))
    return hits[0] if len(hits) == 1 else None


CMS_LABELS = frozenset(normalize_label(label) for label in (
    "CMS", "CMS ID", "CMS Contract", "Contract", "Contract #", "Contract-PBP",
    "CMS Contract-PBP", "Contract/PBP", "Contract PBP"))
"""Labels of a Medicare plan's contract and PBP number (the ``cms_contract`` look-alike's)."""
_H_AS_DIGITS = re.compile(r"1?4(\d{4})([ -]?)(\d{3})")
"""A contract-PBP number whose ``H`` OCR read as ``4`` or ``14`` (``48319 729``,
``149387 643``): no contract number starts with a digit."""


def ocr_lines(page: OcrPage) -> list[list[OcrWord]]:
    """The page's words per Tesseract line, each left to right."""
    lines: dict[int, list[OcrWord]] = {}
    for w in page.words:
        lines.setdefault(w.line, []).append(w)
    return [sorted(words, key=lambda w: w.box.left) for words in lines.values()]


def contract_h_misread(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The plan number (``H8319 729``) after a :data:`CMS_LABELS` label on its line whose
    ``H`` OCR read as digits (:data:`_H_AS_DIGITS`; contracts of Medicare Advantage plans
    start with ``H``, a Part D plan's ``S`` is read ``5`` or ``8``), its confidence
    ``DERIVED_CONFIDENCE`` times its words' least. The first one, front first."""
    del found  # the signature of :func:`unlabelled_extras`' picks
    for side, page in pages:
        for words in ocr_lines(page):
            for k in range(len(words) - 1):
                if normalize_label(words[k].text) not in CMS_LABELS:
                    continue
                for n in (1, 2):
                    run = words[k + 1:k + 1 + n]
                    m = _H_AS_DIGITS.fullmatch(" ".join(w.text for w in run))
                    if len(run) == n and m is not None:
                        box = run[0].box if n == 1 else run[0].box.union(run[1].box)
                        return FieldReading(
                            name="plan_number", value=f"H{m.group(1)}{m.group(2)}{m.group(3)}",
                            confidence=round(DERIVED_CONFIDENCE * min(
                                w.confidence for w in run), 3),
                            side=side, label=words[k].text, box=box)
    return None


RX_STACK = ("rx_bin", "rx_pcn", "rx_group")
"""The order in which nearly every US card prints its pharmacy codes (NCPDP's)."""
PCNS_BY_BIN: Mapping[str, frozenset[str]] = {
    "610279": frozenset({"9999"}), "610097": frozenset({"9999"}),  # OptumRx
    "015581": frozenset({"03200000"}),  # Humana
    "004336": frozenset({"ADV", "MEDDADV", "MCAIDADV"}),  # CVS Caremark
    "610502": frozenset({"ADV", "AETNA"}),  # CVS Caremark (Aetna's)
    "003858": frozenset({"A4", "MA", "TRICARE"}),  # Express Scripts
    "011552": frozenset({"FLBC", "ILPROD1", "TXPROD1"}),  # Prime (Blue plans)
    "017010": frozenset({"02250000"}),  # Cigna (Express Scripts)
    "020099": frozenset({"IS"}),  # CarelonRx (Anthem)
}
"""The PCNs cards print with a known BIN (public knowledge, as
:data:`pipeline.fields.KNOWN_BINS`): the processor control numbers of the pharmacy benefit
managers' lines of business."""
KNOWN_PCNS = frozenset().union(*PCNS_BY_BIN.values())
"""Every PCN of :data:`PCNS_BY_BIN`: a word that reads one exactly is a PCN."""
RX_STACK_STEP = 4.0
"""Farthest the next row of a stacked Rx block stands below the last (value top to value
top), in the BIN's heights: a label over its value, then a gap, is some three."""
RX_STACK_ALIGN = 1.0
"""Most offset of a stacked value's left edge from the BIN's, in the BIN's heights."""
RX_STACK_PITCH = 0.5
"""Most difference between two steps of one stack (centre to centre), in the BIN's
heights: the rows of a block stand at an even pitch."""
RX_LINE_REACH = 10.0
"""Farthest right of the last code the next code of a block printed along one row stands,
in the BIN's heights (its lost label between)."""
RX_CODE_MIN_HEIGHT = 0.75
"""Least height of an unlabelled code, as a share of the BIN's: smaller print is a label's."""
RX_STACK_MIN_OCR = 0.7
"""Least OCR confidence of an unlabelled code that is no :data:`KNOWN_PCNS` code: no label
vouches for it, and nothing checks its characters."""
RX_KNOWN_MIN_OCR = 0.3
"""Least OCR confidence of an unlabelled PCN that reads one its BIN is known to print
(:func:`pcn_known_as`): the lexicon vouches for its characters."""
RX_STACK_FACTOR = 0.8
"""Confidence factor of a code read by its place in the block (below a labelled one's)."""
_RX_CODE = re.compile(r"[A-Z0-9]{2,15}")
"""A pharmacy code as printed: capitals and digits (labels print in lower case too)."""
RX_LABEL_WORDS = frozenset({
    "BIN", "PCN", "GRP", "GROUP", "RXBIN", "RXPCN", "RXGRP", "RXGROUP", "ID", "RXID",
    "PLAN", "RXPLAN", "ISSUER", "MEMBER", "PAYER", "PAYERID"})
"""Label words printed in capitals (normalised), never a code."""
PCN_MAX = 10
"""Most characters of a PCN (NCPDP's field is ten long)."""
_NOT_GROUP = re.compile(r"\d{7,}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}")
"""What no pharmacy group is: a long number (a phone, an ID), a date."""


_CODE_RULES = {n: FieldRule(name=n, labels=(), pattern=_RX_CODE) for n in RX_STACK}
"""The Rx codes' rules, for :func:`pipeline.fields.zeros_for_os` (a code's number's
letter O's read as zeros)."""


def rx_stacked(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> dict[str, FieldReading]:
    """The PCN and group whose labels OCR lost, read by their place after the Rx BIN
    (labelled, or known by its digits: :func:`known_bin`): cards print the BIN, PCN and
    group in that order (:data:`RX_STACK`), left-aligned one under the other at an even
    pitch, or along one row (:func:`rx_after`). Where no PCN is read so, the BIN's known
    PCN printed anywhere (:func:`known_pcn`), and the group after it. Where a PCN was read
    (under its label, read at once or looked for again) and no group, the group after the
    PCN (8282's 0030, motion blur: the Rx block's labels and BIN lost, ``MEDICAID`` read
    under its label found again, and ``KSH441`` under it)."""
    out = rx_after(found, pages, "rx_bin")
    merged = {**found, **out}
    if "rx_pcn" not in merged and (pcn := known_pcn(merged, pages)) is not None:
        out["rx_pcn"] = pcn
        out.update(rx_after({**merged, "rx_pcn": pcn}, pages, "rx_pcn"))
    elif "rx_pcn" in merged and "rx_group" not in merged:
        out.update(rx_after(merged, pages, "rx_pcn"))
    return out


def rx_after(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]], anchor: str,
) -> dict[str, FieldReading]:
    """The Rx codes after the ``anchor`` code (:data:`RX_STACK`) that no label gave, by
    their places: along its row where a code read already stands there
    (:func:`_rx_along`); else down its column (:func:`_rx_down`), or along its row where
    the column holds none and a code stands right of it. Each place holds the next code:
    the one read there already, or one that fits (:func:`_accepted`). A place of another
    field, or of no code, ends the block. Card frame, pixels."""
    first = found.get(anchor)
    names = RX_STACK[RX_STACK.index(anchor) + 1:]
    if first is None or all(n in found for n in names):
        return {}
    page = next((p for s, p in pages if s == first.side), None)
    if page is None:
        return {}
    held = {n: f.box for n, f in found.items() if f.side == first.side and n != anchor}
    h = min([_print_height(first)] + [_print_height(found[n]) for n in names if n in held])
    along = sorted((w for w in page.words if same_row(w.box, first.box)
                    and w.box.left > first.box.right
                    and not _overlaps(w.box, first.box)), key=lambda w: w.box.left)
    if any(same_row(held[n], first.box) for n in names if n in held):
        return _accepted(found, names, _rx_along(along, first.box, h, held, names), h,
                         first.side, page.words)
    # Down the column first: a code right of the BIN on its row may be another column's
    # (d5555 0335: a group beside the BIN's label, the PCN under the BIN).
    down = _rx_down(page.words, first.box, h, held, names)
    if len(down) < len(names) and None not in down and (
            label := _label_before(page.words, first.box, h)) is not None:
        # The column under the value ends short: the codes whose labels were lost may stand
        # under the labels (d3434 0051: HZN9123 under 'Rxpcn' under 'Rxbin').
        under = _rx_down(page.words, Box(label.left, first.box.top, label.left
                                         + first.box.width, first.box.bottom), h, held, names,
                         by_row=True)
        down = under if len(under) > len(down) else down
    out = _accepted(found, names, down, h, first.side, page.words)
    if out or any(n in found for n, w in zip(names, down, strict=False) if w is not None):
        return out
    if any(_code(w, h) is not None and w.box.left - first.box.right <= RX_LINE_REACH * h
           for w in along):
        return _accepted(found, names, _rx_along(along, first.box, h, held, names), h,
                         first.side, page.words)
    return {}


LABEL_REACH = 6.0
"""Farthest left of a code its label's first word stands on its row, in the code's heights."""


def _label_before(words: Sequence[OcrWord], box: Box, h: float) -> Box | None:
    """The box of the leftmost word of the label before the code at ``box`` on its row:
    of the run of words of no code (:func:`_code`) ending just left of it, each within
    :data:`LABEL_REACH` heights ``h`` of the next. None where a code or nothing stands
    there. Card frame, pixels."""
    left = sorted((w for w in words if same_row(w.box, box) and w.box.right <= box.left + 0.5 * h),
                  key=lambda w: -w.box.right)
    edge, label = box.left, None
    for w in left:
        if edge - w.box.right > LABEL_REACH * h or (_code(w, h) is not None and (
                w.text.strip(".,;:").upper() not in RX_LABEL_WORDS | {"RX"})):
            break
        edge, label = w.box.left, w.box
    return label


def _stack_floor(name: str, word: OcrWord, words: Sequence[OcrWord], h: float) -> float:
    """The least OCR confidence of the code ``word`` taken for ``name`` by its place in the
    Rx block: :data:`RX_GROUP_MIN_OCR` for a group whose row's word just before it, within
    :data:`LABEL_REACH` heights ``h``, is three letters or more left of its label's
    ``Group`` (:func:`_group_label_remains`: ``groupe``; the label vouches for the field,
    as in :func:`rx_group_misread_label`), else :data:`RX_STACK_MIN_OCR`. 13737's 0180, a
    web-small Regence card: ``tts groupe RGN7294`` under ``REGENCE``, the code read at 0.64."""
    if name == "rx_group":
        before = max((w for w in words if same_row(w.box, word.box)
                      and 0 <= word.box.left - w.box.right <= LABEL_REACH * h),
                     key=lambda w: w.box.right, default=None)
        if before is not None and len(normalize_label(before.text)) >= 3 and (
                _group_label_remains(before.text)):
            return RX_GROUP_MIN_OCR
    return RX_STACK_MIN_OCR


def _accepted(
    found: Mapping[str, FieldReading], names: Sequence[str],
    places: Sequence[OcrWord | None], h: float, side: Side, words: Sequence[OcrWord] = (),
) -> dict[str, FieldReading]:
    """The codes ``names`` at ``places`` (:func:`rx_after`) that fit, in order, up to the
    first that does not: a word of capitals and digits (:func:`_code`, without its own
    label glued, :func:`_unglued`), its number's O's read as zeros; a PCN its BIN is known
    to print (:func:`pcn_known_as`) read with :data:`RX_KNOWN_MIN_OCR` (no other PCN of
    such a BIN: ``TLPROD1``, as near ILPROD1 as TXPROD1, is none), else a code read with
    :data:`RX_STACK_MIN_OCR` that is no other field's value nor the member ID's, a PCN of
    at most :data:`PCN_MAX` characters, a group of three or more that is no long number or
    date; a group after what is left of its label's ``Group`` on its row (``words``: the
    side's page; :func:`_stack_floor`) read with :data:`RX_GROUP_MIN_OCR`. Codes read
    already are kept as read."""
    # (a group may print its PCN again, TRICARE's: a code's place is its own word)
    taken = {f.value for n, f in found.items() if n not in RX_STACK}
    member = found.get("member_id")
    rx_bin = found.get("rx_bin")
    lexicon = PCNS_BY_BIN.get(rx_bin.value, frozenset()) if rx_bin is not None else frozenset()
    out: dict[str, FieldReading] = {}
    for name, word in zip(names, places, strict=False):
        if name in found:
            continue
        value = _unglued(_code(word, h), name) if word is not None else None
        if value is None or word is None:
            break
        value = zeros_for_os(_CODE_RULES[name], value)
        known = pcn_known_as(value, lexicon) if name == "rx_pcn" else None
        if known is not None and word.confidence >= RX_KNOWN_MIN_OCR:
            value = known
        elif (name == "rx_pcn" and lexicon) or value in taken or (
                member is not None and value.startswith(member.value)) or (
                word.confidence < _stack_floor(name, word, words, h)
                and value not in KNOWN_PCNS) or (
                name == "rx_pcn" and len(value) > PCN_MAX) or (
                name == "rx_group" and (len(value) < 3 or _NOT_GROUP.fullmatch(value))):
            break
        out[name] = FieldReading(name=name, value=value, side=side, label="", box=word.box,
                                 confidence=round(RX_STACK_FACTOR * word.confidence, 3))
    return out


def _print_height(reading: FieldReading) -> float:
    """The height of a reading's print (pixels): its box's, or less where OCR grew the box
    over a smudge (the width its characters give, capitals some 0.6 of their height)."""
    width = reading.box.width / max(len(reading.value), 1)
    return max(min(reading.box.height, width / CHAR_ASPECT), 1.0)


CHAR_ASPECT = 0.6
"""Least width of a printed capital or digit, as a share of its height."""


def known_pcn(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The PCN where no label or place gave one: the one word of the pages that reads a
    PCN the card's BIN is known to print (:data:`PCNS_BY_BIN`) exactly, alone on its row
    (no word beside it within :data:`GLUED_GAP` of its height), inside no other reading's
    box. None when the BIN is no known one, or two such words differ."""
    rx_bin = found.get("rx_bin")
    if rx_bin is None or rx_bin.value not in PCNS_BY_BIN:
        return None
    pick = _one_word_of(found, pages, PCNS_BY_BIN[rx_bin.value], ".,;", _beside,
                        fold_case=True)
    if pick is None:
        return None
    value, side, word = pick
    return FieldReading(name="rx_pcn", value=value, side=side, label="", box=word.box,
                        confidence=round(RX_STACK_FACTOR * word.confidence, 3))


def _beside(words: Sequence[OcrWord], word: OcrWord) -> bool:
    """True when a word stands beside ``word`` on its row within :data:`GLUED_GAP` of its
    height: ``word`` is part of a phrase (``ADV`` of a plan's name)."""
    b = word.box
    h = max(b.height, 1.0)
    return any(w is not word and same_row(w.box, b) and (
        0 <= w.box.left - b.right <= GLUED_GAP * h or 0 <= b.left - w.box.right <= GLUED_GAP * h)
        for w in words)


_GLUED_LABELS = {"rx_pcn": re.compile(r"(?:RX)?PCN"), "rx_group": re.compile(r"(?:RX)?GR(?:OU)?P")}
"""A code's own label that OCR glued to it (``PCNREGENCE``)."""


def _unglued(value: str | None, name: str) -> str | None:
    """``value`` without its own label glued before it (:data:`_GLUED_LABELS`: ``REGENCE``
    of ``PCNREGENCE``); None where it starts with another code's label."""
    if value is None:
        return None
    for other, label in _GLUED_LABELS.items():
        if (m := label.match(value)) is not None and len(value) - m.end() >= 2:
            return value[m.end():] if other == name else None
    return value


def _code(word: OcrWord, h: float) -> str | None:
    """``word`` as an unlabelled pharmacy code: capitals and digits (:data:`_RX_CODE`), no
    label (:data:`RX_LABEL_WORDS`, a word ending in a colon) and no placeholder, as tall as
    a BIN of height ``h`` (:data:`RX_CODE_MIN_HEIGHT`); else None."""
    value = word.text.strip(".,;")
    if word.box.height < RX_CODE_MIN_HEIGHT * h or not _RX_CODE.fullmatch(value) or (
            value in RX_LABEL_WORDS or is_placeholder(value)):
        return None
    return value


def _rx_down(
    words: Sequence[OcrWord], bin_box: Box, h: float, held: Mapping[str, Box],
    names: Sequence[str], *, by_row: bool = False,
) -> list[OcrWord | None]:
    """The words of the places of the PCN and group under the BIN at ``bin_box`` (card
    frame): each the first word left-aligned with the BIN (:data:`RX_STACK_ALIGN`) within
    :data:`RX_STACK_STEP` of the last place that is a reading's (``held``: name to box)
    or a code (:func:`_code`), at an even pitch (:data:`RX_STACK_PITCH`; by tops, centres
    or bottoms, as a box OCR grew keeps one of them). With ``by_row`` (``bin_box`` the
    BIN's label's column) a word on a reading's row is that reading's place. None for a
    place of another field (and every place after it); the list ends where none fits."""
    out: list[OcrWord | None] = []
    box, step = bin_box, None
    edges: tuple[Callable[[Box], float], ...] = (
        lambda b: b.top, lambda b: b.cy, lambda b: b.bottom)
    for name in names:
        # (the reach in the box's height: a box OCR grew stands lower, its next row too)
        reach = RX_STACK_STEP * max(h, box.height)
        below = sorted((w for w in words if abs(w.box.left - bin_box.left) <= RX_STACK_ALIGN * h
                        and 0.5 * h < w.box.top - box.top <= reach),
                       key=lambda w: w.box.top)
        row: OcrWord | None = None
        for w in below:
            other = next((n for n, b in held.items() if _overlaps(w.box, b) or (
                by_row and same_row(w.box, b))), None)
            if other is not None:
                if other != name:
                    return [*out, None]
                row = w
                break
            if _code(w, h) is not None:
                row = w
                break
        place = held.get(name, row.box) if row is not None else None
        # The pitch by tops, centres or bottoms: OCR may grow a box up or down (a smudge).
        if step is not None and (place is None or min(
                abs(edge(place) - edge(box) - s) for edge, s in zip(edges, step, strict=True))
                > RX_STACK_PITCH * h):
            row = _loosely_aligned(words, bin_box, box, step[0], h, held)
            place = None if row is None else row.box
        if row is None or place is None:
            return out
        step, box = [edge(place) - edge(box) for edge in edges], place
        out.append(row)
    return out


RX_LOOSE_ALIGN = 3.0
"""Farthest right of the BIN's left edge a stacked code stands whose row is at the block's
pitch to :data:`RX_EVEN_PITCH` (BIN heights): values printed after labels lost, each
as far right as its label is long (``RX7035`` after ``RxGRP:``, under ``004336`` after
``BIN:``)."""
RX_EVEN_PITCH = 0.25
"""Most difference of such a code's step from the block's last, in the BIN's heights."""


def _loosely_aligned(
    words: Sequence[OcrWord], bin_box: Box, last: Box, step: float, h: float,
    held: Mapping[str, Box],
) -> OcrWord | None:
    """The one code (:func:`_code`; none a group cut short, :func:`group_shape_checked`)
    of a reading of no field (``held``) whose top stands
    ``step`` under ``last``'s (within :data:`RX_EVEN_PITCH`) and whose left edge stands up
    to :data:`RX_LOOSE_ALIGN` right of the BIN's (``bin_box``; :data:`RX_STACK_ALIGN` left
    of it): the next row of a stack whose values follow their labels. None for none, or
    several. Card frame, pixels."""
    fits = [w for w in words
            if -RX_STACK_ALIGN * h <= w.box.left - bin_box.left <= RX_LOOSE_ALIGN * h
            and abs(w.box.top - last.top - step) <= RX_EVEN_PITCH * h
            and (code := _code(w, h)) is not None and not _ONE_DIGIT_GROUP.fullmatch(code)
            and not _PREFIX_ONLY.fullmatch(code)
            and not any(_overlaps(w.box, b) for b in held.values())]
    return fits[0] if len(fits) == 1 else None


def _rx_along(
    along: Sequence[OcrWord], bin_box: Box, h: float, held: Mapping[str, Box],
    names: Sequence[str],
) -> list[OcrWord | None]:
    """The words of the places of the PCN and group right of the BIN at ``bin_box`` on its
    row (``along``: its words right of it, left to right; card frame): each the next
    reading's word (``held``) or code (:func:`_code`) within :data:`RX_LINE_REACH` of the
    last, past words of no code (a lost label's remains). None for a place of another
    field; the list ends where none fits."""
    out: list[OcrWord | None] = []
    right = bin_box.right
    for w in along:
        if len(out) == len(names) or w.box.left - right > RX_LINE_REACH * h:
            break
        other = next((n for n, b in held.items() if _overlaps(w.box, b)), None)
        if other is not None:
            if other != names[len(out)]:
                return [*out, None]
        elif _code(w, h) is None:
            continue
        out.append(w)
        right = w.box.right
    return out


PCN_GLUED_GAP = 1.5
"""Widest gap (the PCN's heights) to a word on its row read as the rest of it (``03``
``00000`` of ``03200000``)."""


def pcn_mended(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The PCN as its BIN's PCN (:data:`PCNS_BY_BIN`) that it is a misreading of
    (:func:`pcn_known_as`), alone or with the word beside it on its row
    (:data:`PCN_GLUED_GAP`: a word OCR split), else the one it is a part of
    (:func:`pcn_part_of`); with no BIN read, the one of :data:`KNOWN_PCNS` that a read of
    :data:`UNBINNED_PCN_MIN` characters or more is one character off (two for six or
    more). None where the PCN is none of those, or is one already, or an unknown BIN was
    read (its PCNs are not known)."""
    pcn, rx_bin = found.get("rx_pcn"), found.get("rx_bin")
    if pcn is None:
        return None
    if rx_bin is None:
        near = _nearest(pcn.value, KNOWN_PCNS) if (
            len(pcn.value) >= UNBINNED_PCN_MIN and pcn.value not in KNOWN_PCNS) else None
        return None if near is None else replace(pcn, value=near)
    if rx_bin.value not in PCNS_BY_BIN:
        return None
    known = PCNS_BY_BIN[rx_bin.value]
    if pcn.value in known:
        return None
    reads = [pcn.value]
    page = next((p for s, p in pages if s == pcn.side), None)
    if page is not None:
        h = max(pcn.box.height, 1.0)
        beside = [w for w in page.words if same_row(w.box, pcn.box)
                  and 0 <= w.box.left - pcn.box.right <= PCN_GLUED_GAP * h
                  and w.text.isalnum()]
        if beside:
            reads.append(pcn.value + min(beside, key=lambda w: w.box.left).text)
    for read in reads:
        if (mended := pcn_known_as(read, known)) is not None:
            return replace(pcn, value=mended)
    if (mended := pcn_part_of(pcn.value, known)) is not None:
        return replace(pcn, value=mended)
    return None


PCN_WORDS = ("PCN", "RXPCN")
"""A PCN's label as one word, normalised (``PCN:``, ``RxPCN``)."""
PCN_LABEL_MIN_OCR = 0.7
"""Least OCR confidence of a PCN after a misread label: the label vouches for the field,
not the characters (d9292 0023: ``Pon, IXIV`` at 0.54, JXJV printed)."""


def pcn_misread_label(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The PCN whose label OCR misread by a letter (``FCN: HORIZON``, ``PN: PREMERA``), in
    the Rx block: a word one letter off ``PCN`` or ``RxPCN`` (:data:`PCN_WORDS`) within
    :data:`RX_BLOCK_ROWS` of the row of the BIN or group read, then the next word on its
    OCR line: a code (:func:`_code`) of a PCN's shape (:func:`pcn_shaped`) read with
    :data:`PCN_LABEL_MIN_OCR`, no other field's value, in no other reading's box. None
    where the card read a PCN, or no BIN nor group."""
    anchors = [found[n] for n in ("rx_bin", "rx_group") if n in found]
    if "rx_pcn" in found or not anchors:
        return None
    taken = {f.value for f in found.values()}
    for side, page in pages:
        near = [a.box for a in anchors if a.side == side]
        boxes = [f.box for f in found.values() if f.side == side]
        for words in ocr_lines(page) if near else []:
            for w, after in itertools.pairwise(words):
                label = normalize_label(w.text)
                if len(label) < 2 or min(Levenshtein.distance(label, p) for p in PCN_WORDS) != 1:
                    continue
                value = _code(after, max(w.box.height, 1.0))
                if value is None or value in taken or not pcn_shaped(value) or (
                        after.confidence < PCN_LABEL_MIN_OCR) or not any(
                        abs(w.box.top - b.top) <= RX_BLOCK_ROWS * b.height for b in near) or any(
                        _overlaps(after.box, b) for b in boxes):
                    continue
                return FieldReading(name="rx_pcn", value=value, side=side, label=w.text,
                                    box=after.box,
                                    confidence=round(RX_STACK_FACTOR * after.confidence, 3))
    return None


BIN_WORDS = ("BIN", "RXBIN")
"""A BIN's label as one word, normalised (``BIN:``, ``RxBIN``)."""
_BIN_DIGITS = re.compile(r"\d{6}(?:\d{2})?")
"""A BIN as printed: six digits (eight with a suffix)."""
BIN_LABEL_MIN_OCR = 0.7
"""Least OCR confidence of a BIN after a misread label."""
NOT_BIN_WORDS = ("ID", "PCN", "GRP", "GROUP", "RXPCN", "RXGRP", "RXID", "PLAN", "BOX")
"""Other labels (and an address's ``Box``): a word nearer one of them than a BIN's label
is none of its."""


def _bin_digits(text: str) -> str | None:
    """``text`` as a BIN's digits: six or eight (:data:`_BIN_DIGITS`), a letter drawn like a
    digit read as it (``G10014``: 610014), a seventh digit OCR added dropped: the one that
    leaves a known BIN (``0043236``: 004336), else a leading 1 (a label's bar or colon:
    ``1336463``). None for no such digits."""
    digits = "".join(_DIGIT_OF.get(c, c) for c in text.strip(".,;:|"))
    if _BIN_DIGITS.fullmatch(digits):
        return digits
    if len(digits) != 7 or not digits.isdigit():
        return None
    known = {digits[:i] + digits[i + 1:] for i in range(7)} & KNOWN_BINS
    if len(known) == 1:
        return known.pop()
    return digits[1:] if digits.startswith("1") else None


def bin_misread_label(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The Rx BIN whose label OCR misread (``RxBES 558099``, ``Bm: 388810``, ``BN
    G10014``) or whose value it read with a digit too many after its label (``RXBIN:
    1336463``): on an OCR line, a word up to two letters off ``BIN`` or ``RxBIN``
    (:data:`BIN_WORDS`) and no nearer another label or word (:data:`NOT_BIN_WORDS`: a
    claims address's ``P.O. Box 974036`` is no BIN, wide suite), then
    a BIN's digits (:func:`_bin_digits`) read with :data:`BIN_LABEL_MIN_OCR`, no other
    field's value, in no other reading's box. The first one, front first."""
    taken = {f.value for f in found.values()}
    for side, page in pages:
        boxes = [f.box for f in found.values() if f.side == side]
        for words in ocr_lines(page):
            for w, after in itertools.pairwise(words):
                label = normalize_label(w.text)
                near = min(Levenshtein.distance(label, b) for b in BIN_WORDS)
                if len(label) < 2 or near > 2 or near > min(
                        Levenshtein.distance(label, o) for o in NOT_BIN_WORDS):
                    continue
                value = _bin_digits(after.text)
                if value is None or value in taken or after.confidence < BIN_LABEL_MIN_OCR or (
                        any(_overlaps(after.box, b) for b in boxes)):
                    continue
                return FieldReading(name="rx_bin", value=value, side=side, label=w.text,
                                    box=after.box,
                                    confidence=round(RX_STACK_FACTOR * after.confidence, 3))
    return None


def bin_mended(found: Mapping[str, FieldReading]) -> FieldReading | None:
    """The Rx BIN as the one BIN of :data:`PCNS_BY_BIN` one digit off it (Levenshtein)
    that prints the PCN read (``071552`` with ``FLBC``: ``011552``; ``310279`` with
    ``9999``: ``610279``): a read no known BIN, of another PCN. None where the BIN is one
    of them, no PCN or none of theirs was read, or two such BINs print it."""
    rx_bin, pcn = found.get("rx_bin"), found.get("rx_pcn")
    if rx_bin is None or pcn is None or rx_bin.value in PCNS_BY_BIN:
        return None
    near = [b for b, known in PCNS_BY_BIN.items()
            if pcn.value in known and Levenshtein.distance(b, rx_bin.value) <= 1]
    return replace(rx_bin, value=near[0]) if len(near) == 1 else None


UNBINNED_PCN_MIN = 5
"""Least characters of a PCN read with no BIN that is mended to a known PCN (a shorter
code is as near one by chance: ``FLBX`` of another plan)."""


def _nearest(read: str, known: frozenset[str]) -> str | None:
    """The one PCN of ``known`` nearest ``read`` (Levenshtein) within one character, two
    for a read of six or more; None for none, or several equally near."""
    if not known:
        return None
    reach = 2 if len(read) >= 6 else 1
    dist = {k: Levenshtein.distance(read, k) for k in known}
    best = min(dist.values())
    near = [k for k, d in dist.items() if d == best]
    return near[0] if best <= reach and len(near) == 1 else None


def pcn_part_of(read: str, known: frozenset[str]) -> str | None:
    """The one PCN of ``known`` that ``read`` is what OCR kept of: for a read of three
    characters or more, the start or end of a longer one (``HOR`` of ``HORIZON`` cut by
    glare, ``022500`` of ``02250000``, ``ERA`` of ``PREMERA``); for two, a PCN of two one
    character off (``AS`` of ``A4``). None for none, or several."""
    if len(read) == 2:
        near = [k for k in known
                if len(k) == 2 and sum(a != b for a, b in zip(read, k, strict=True)) == 1]
    elif len(read) >= 3:
        near = [k for k in known if len(k) > len(read) and (
            k.startswith(read) or k.endswith(read))]
    else:
        near = []
    return near[0] if len(near) == 1 else None


def pcn_known_as(read: str, known: frozenset[str]) -> str | None:
    """The one PCN of ``known`` that ``read`` is a misreading of: one character off
    (Levenshtein), two for a read of six or more; or a known PCN of two or more characters
    after a label's remains of up to three (``PCNILPROD1``, ``PENA4``). A read of two
    characters only by a look-alike (:func:`pipeline.fields.alike`). None for none, or
    several equally near."""
    if not known:
        return None
    if len(read) <= 2:
        near = [k for k in known if alike(read, k)]
        return near[0] if len(near) == 1 else None
    if (nearest := _nearest(read, known)) is not None:
        return nearest
    tail = [k for k in known if len(k) >= 2 and read.endswith(k) and len(read) - len(k) <= 3]
    return max(tail, key=len) if tail else None


PAYER_WORDS = ("PAYER", "PAYOR")
"""The word a payer ID's label starts with (``Payer ID``, ``Payor #``)."""
_PAYER_ID = re.compile(r"(?=.*\d)[A-Z0-9]{5}")
"""A payer ID (five capitals or digits, a digit among them: ``87726``, ``SX009``)."""
ID_STUB_MAX = 4
"""Most characters of what OCR left of a payer label's ``ID`` (``1p:``, ``it:``, ``&``)."""
PAYER_MIN_OCR = 0.7
"""Least OCR confidence of a payer ID read after a misread label."""
PAYER_FAR = 2
"""Most letters (Levenshtein) a label word read further off ``Payer`` (``Pay``, ``reyer``,
``Haver``) may differ by, when stubs of its ``ID`` follow it (one letter off needs none)."""
PAYER_FAR_MIN_OCR = 0.85
"""Least OCR confidence of a payer ID after a label word read :data:`PAYER_FAR` off: such
a label vouches less (d3333 0302: ``Dyer 1s 29026``, 39026 printed, read at 0.84)."""
PAYER_STUBS = 2
"""Most stubs between a payer label's word and its ID (``Pay vr id 39026``)."""


def payer_misread_label(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The payer ID whose label OCR misread (``Payor 1p: 60054``, ``Claims Mayer 10:
    47570``, ``Pay vr id 39026``): on an OCR line, a word one letter off ``Payer`` or
    ``Payor`` (:data:`PAYER_WORDS`), or one of three letters or more :data:`PAYER_FAR` off
    and a stub after it (its ID then read with :data:`PAYER_FAR_MIN_OCR`); then up to
    :data:`PAYER_STUBS` stubs of at most
    :data:`ID_STUB_MAX` characters (its ``ID``, torn); then a payer ID (:data:`_PAYER_ID`;
    a stop after it dropped, a ``#`` glued before it a stub, a ``$`` a 5) read with
    :data:`PAYER_MIN_OCR` in no other reading's box; its confidence
    ``DERIVED_CONFIDENCE`` times the word's. The first one, front first."""
    for side, page in pages:
        boxes = [f.box for f in found.values() if f.side == side]
        for words in ocr_lines(page):
            for k, w in enumerate(words):
                label = normalize_label(w.text)
                near = min(Levenshtein.distance(label, p) for p in PAYER_WORDS)
                if near > PAYER_FAR or (near == PAYER_FAR and (
                        len(label) < 3 or not label.isalpha())):
                    continue
                after = words[k + 1:k + 2 + PAYER_STUBS]
                stubs = 0
                while len(after) > 1 and len(after[0].text) <= ID_STUB_MAX and (
                        stubs < PAYER_STUBS):
                    after, stubs = after[1:], stubs + 1
                value = after[0] if after else None
                text = value.text.rstrip(".,;:") if value is not None else ""
                if text.startswith("#"):  # the label's number sign glued on: a stub
                    text, stubs = text[1:], stubs + 1
                text = text.replace("$", "5")  # a 5 read as the dollar sign it is drawn like
                if value is None or not _PAYER_ID.fullmatch(text) or (
                        near == PAYER_FAR and (
                            stubs == 0 or value.confidence < PAYER_FAR_MIN_OCR)) or (
                        value.confidence < PAYER_MIN_OCR) or any(
                        _overlaps(value.box, b) for b in boxes):
                    continue
                return FieldReading(name="payer_id", value=text, side=side,
                                    label=w.text, box=value.box,
                                    confidence=round(DERIVED_CONFIDENCE * value.confidence, 3))
    return None


DOUBLED_MAX_OCR = 0.45
"""Most OCR confidence of a word whose glyph OCR may have read twice (:func:`undoubled`)
where the letter ends the code's letters (``UMRS575``: a prefix may end in S, FLB893's
in B, so only a doubtful word's)."""
DOUBLED_INSIDE_MAX_OCR = 0.6
"""The same where the letter stands inside the code's number (``CIGNA5S7``), where no
letter is printed."""
_DIGIT_OF = {"O": "0", "S": "5", "B": "8", "I": "1", "Z": "2", "G": "6"}
"""The digit each letter is drawn like."""
_INSIDE = re.compile(r"\d[A-Z]\d")
"""A letter between two digits."""
_DOUBLED = re.compile("|".join(f"{a}(?={d})|(?<={d}){a}" for a, d in _DIGIT_OF.items()))
"""A letter beside the digit it looks like (``O0``, ``5S``): one glyph read both ways."""


def undoubled(text: str) -> str | None:
    """``text`` without the letter of its one letter-digit look-alike pair
    (:data:`_DOUBLED`): Tesseract, unsure of a glyph in a doubtful word, may emit both
    readings of it, the letter and the digit (``UMRO090`` of ``UMR090``, ``UMR5S11`` of
    ``UMR511``, ``HGMB8619`` of ``HGM8619``), which the mending of a code's number then
    makes a doubled digit (``UMR0090``); the digit where it stands among letters
    (``HZ2N1122`` of ``HZN1122``). None without one such pair, or with several."""
    pairs = list(_DOUBLED.finditer(text))
    if len(pairs) != 1:
        return None
    at = pairs[0].start()
    digit = at + 1 if text[at + 1:at + 2] == _DIGIT_OF[text[at]] else at - 1
    lo = min(at, digit)
    if text[lo - 1:lo].isalpha() and text[lo + 2:lo + 3].isalpha():
        at = digit  # the pair stands among letters (HZ2N1122): the digit is the extra
    return text[:at] + text[at + 1:]


def doubled_glyph_mended(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The Rx group read from a word OCR read under :data:`DOUBLED_MAX_OCR`
    (:data:`DOUBLED_INSIDE_MAX_OCR`) with one glyph read twice (:func:`undoubled`),
    spelled without the letter (its digits mended as a code's,
    :func:`pipeline.fields.zeros_for_os`); None where its word is none such."""
    group = found.get("rx_group")
    page = next((p for s, p in pages if group is not None and s == group.side), None)
    if group is None or page is None:
        return None
    for w in page.words:
        text = w.text.strip(".,:;")
        if not _overlaps(w.box, group.box) or (
                group.value not in (text, zeros_for_os(_CODE_RULES["rx_group"], text))):
            continue
        if (single := undoubled(text)) is not None and w.confidence < (
                DOUBLED_INSIDE_MAX_OCR if _INSIDE.search(text) else DOUBLED_MAX_OCR):
            return replace(group, value=zeros_for_os(_CODE_RULES["rx_group"], single))
    return None


GROUP_DIGIT_OF = {**_DIGIT_OF, "T": "7"}
"""The digit each letter is drawn like, for an Rx group's number (a 7's bar and stem read
as a T: ``OSCRT9`` of ``OSCR79``)."""
_ONE_DIGIT_GROUP = re.compile(r"([A-Z]+?)([" + "".join(GROUP_DIGIT_OF) + r"]{0,2})(\d)")
"""An Rx group read as a prefix, up to two letters drawn like digits, then one digit:
``CIGNAS1``, ``BCILOG1``, ``HGM1``. The lazy prefix leaves the look-alikes to the number,
up to a number of three digits, the most a look-alike read leaves one short of (a prefix
may end in one: ``FLBOS7`` of ``FLB057``)."""
_PREFIX_ONLY = re.compile(r"[A-Z]{1,3}")
"""An Rx group read as two or three letters alone (``BC``, ``PBC``, ``UHC``)."""


SPLIT_DIGITS_GAP = 0.6
"""Widest gap (the group's heights) after an Rx group cut short to the digits OCR read apart
from it (:func:`group_split_joined`): a 1's left bearing opens ~0.45."""


def group_split_joined(
    group: FieldReading, pages: Sequence[tuple[Side, OcrPage]]
) -> FieldReading:
    """The Rx group with the digits OCR read as a word of their own right after it on its
    row (within :data:`SPLIT_DIGITS_GAP` of its height) joined on, where the group as read
    ends in one digit after letters (:data:`_ONE_DIGIT_GROUP`: a number cut short) and the
    join ends a number of two digits or more: 13838's 0117, a photocopy's ``RX GRP:
    HZN9`` ``158`` (10 px apart, before the 1's stem), which the shape check dropped. At
    the lower confidence of the two; else as read."""
    if _ONE_DIGIT_GROUP.fullmatch(group.value) is None:
        return group
    page = next((p for side, p in pages if side == group.side), None)
    h = max(group.box.height, 1.0)
    after = min((w for w in page.words if same_row(w.box, group.box)
                 and 0 <= w.box.left - group.box.right <= SPLIT_DIGITS_GAP * h),
                key=lambda w: w.box.left, default=None) if page is not None else None
    digits = _code(after, h) if after is not None else None
    if after is None or digits is None or not digits.isdigit():
        return group
    return replace(group, value=group.value + digits, box=group.box.union(after.box),
                   confidence=round(min(group.confidence, after.confidence), 3))


def group_shape_checked(group: FieldReading) -> FieldReading | None:
    """The Rx group as its shape allows, None where OCR lost part of it. A group of a
    prefix and a number prints two digits or more (``CIGNA51``, ``RX0566``, ``BCTX517``)
    and a group of letters alone four letters or more (``WLHA``, ``UHCSR``, ``OXFORD``).
    So a read ending in one digit after letters drawn like digits read those as letters:
    they are the number's (:data:`GROUP_DIGIT_OF`: ``CIGNAS1`` of ``CIGNA51``,
    ``BCILOG1`` of ``BCIL061``); one digit after any other letter is a number cut short
    (``HGM1`` of ``HGM1919``: glare, a fold), and two or three letters alone a prefix
    whose number was lost (``BC`` of ``BCTX517``): None, no group rather than a wrong
    one."""
    m = _ONE_DIGIT_GROUP.fullmatch(group.value)
    if m is not None:
        prefix, alike_letters, digit = m.groups()
        if not alike_letters:
            return None
        number = "".join(GROUP_DIGIT_OF[c] for c in alike_letters) + digit
        return replace(group, value=prefix + number)
    if _PREFIX_ONLY.fullmatch(group.value):
        return None
    return group


RX_WORD = re.compile(r"[RFAP][XEAK]?")
"""What OCR leaves of a small ``Rx`` before a label (``Re``, ``fx``, ``Ax``, ``Ra``, ``R``),
normalised (:func:`pipeline.fields.normalize_label`)."""
GROUP_WORDS = ("GRP", "GROUP")
"""The words of a pharmacy group's label after its ``Rx``."""
OTHER_RX_WORDS = ("BIN", "PCN", "ID", "PLAN", "HELP")
"""Words after an ``Rx`` that start another label than the group's (``Rx ID``, ``Rx Help
Desk``): a word one letter off one of them is no group label's remains."""
RX_GROUP_MIN_OCR = 0.5
"""Least OCR confidence of a group after a misread ``Rx Group`` label: the label's ``Rx``
and place in the Rx block vouch for the field (a code read with no label needs
:data:`RX_STACK_MIN_OCR`)."""
RX_BLOCK_ROWS = 6.0
"""Farthest a misread ``Rx Group`` label stands from the Rx block's nearest code (top to
top, in that code's heights)."""
RX_GROUP_REACH = 12.0
"""Farthest right of the ``Rx`` the group's value stands on its row, in the ``Rx``'s heights."""


def _group_label_remains(text: str) -> bool:
    """True when ``text`` may be what OCR left of the ``Group`` of ``Rx Group`` (``Group:``,
    ``grp:``, ``ap``, ``wp``, ``DUP;``): two letters or fewer, or two letters off ``GRP`` or
    ``GROUP`` (:data:`GROUP_WORDS`); never a word one letter off another label's
    (:data:`OTHER_RX_WORDS`: ``BN``, ``1D``)."""
    label = normalize_label(text)
    if any(Levenshtein.distance(label, o) <= 1 for o in OTHER_RX_WORDS):
        return False
    return len(label) <= 2 or any(Levenshtein.distance(label, g) <= 2 for g in GROUP_WORDS)


def rx_group_misread_label(
    found: Mapping[str, FieldReading], pages: Sequence[tuple[Side, OcrPage]],
) -> FieldReading | None:
    """The Rx group whose ``Rx Group`` label OCR misread (``Re Group: RGN2082``, ``Rx ap
    HGM8225``, ``fx group: HZN7317``), in the Rx block: a word like a small ``Rx``
    (:data:`RX_WORD`) within :data:`RX_BLOCK_ROWS` of the BIN's or PCN's row, then one or
    two words of the label's ``Group`` (:func:`_group_label_remains`), then on that row
    within :data:`RX_GROUP_REACH` (or, label over value, the first word under the
    ``Rx`` left-aligned with it) a code (:func:`_code`, three characters or more, no long
    number or date, none :func:`group_shape_checked` would mend or drop: ``FLB4`` of
    ``FLB475`` cut short) read with :data:`RX_GROUP_MIN_OCR` that is no other field's value and
    in no other reading's box. None where the card read a group, or no BIN nor PCN."""
    anchors = [found[n] for n in ("rx_bin", "rx_pcn") if n in found]
    if "rx_group" in found or not anchors:
        return None
    taken = {f.value for f in found.values()}
    for side, page in pages:
        near = [a.box for a in anchors if a.side == side]
        if not near:
            continue
        boxes = [f.box for f in found.values() if f.side == side]
        for w in page.words:
            h = max(w.box.height, 1.0)
            if not RX_WORD.fullmatch(normalize_label(w.text)) or not any(
                    abs(w.box.top - b.top) <= RX_BLOCK_ROWS * b.height for b in near):
                continue
            # (a word reaching half the Rx's height under it stands on the row below too:
            # d3434 0046, 'B74' of the value under the label, its box grown up into it)
            row = sorted((x for x in page.words if x is not w and same_row(x.box, w.box)
                          and 0 <= x.box.left - w.box.left <= RX_GROUP_REACH * h
                          and x.box.left > w.box.left and x.box.bottom <= w.box.bottom + 0.5 * h),
                         key=lambda x: x.box.left)
            if not row or not _group_label_remains(row[0].text):
                continue
            rest = row[1:]
            if rest and _code(rest[0], h) is None and _group_label_remains(rest[0].text):
                rest = rest[1:]
            under = sorted((x for x in page.words if abs(x.box.left - w.box.left) <= h
                            and 0.5 * h < x.box.top - w.box.top <= 2.5 * h),
                           key=lambda x: x.box.top)
            for value_word in (rest[:1] or under[:1]):
                value = _code(value_word, h)
                if value is None or len(value) < 3 or value in taken or (
                        _ONE_DIGIT_GROUP.fullmatch(value) or _PREFIX_ONLY.fullmatch(value)) or (
                        value_word.confidence < RX_GROUP_MIN_OCR) or (
                        _NOT_GROUP.fullmatch(value)) or any(
                        _overlaps(value_word.box, b) for b in boxes):
                    continue
                return FieldReading(
                    name="rx_group", value=zeros_for_os(_CODE_RULES["rx_group"], value),
                    side=side, label=f"{w.text} {row[0].text}", box=value_word.box,
                    confidence=round(RX_STACK_FACTOR * value_word.confidence, 3))
    return None


_PAYER_STOP = re.compile(r"([A-Z0-9]{5})[.,;:]")
"""A payer ID read with a stop after it (``00580.``): the end of a sentence or label."""


def payer_stop_dropped(payer: FieldReading) -> FieldReading:
    """The payer ID without a stop OCR read after its five characters (``00580.`` of
    ``00580``): no payer ID holds one. Else as read."""
    m = _PAYER_STOP.fullmatch(payer.value)
    return payer if m is None else replace(payer, value=m.group(1))


_PHONE_PART = re.compile(r"\d{3}-\d{4}|\d{10}")
"""A phone number's last seven digits (``297-8249``), read as a word of their own, or its
ten digits run together (``9106871249``)."""


def pcn_shaped(value: str) -> bool:
    """True when ``value`` may be a PCN: at most :data:`PCN_MAX` characters (NCPDP's
    field), and no phone number or its last seven digits (``297-8249``, ``9106871249``: a
    phone's print beside a PCN label whose value OCR lost)."""
    return len(value) <= PCN_MAX and not is_phone(value) and not _PHONE_PART.fullmatch(value)
