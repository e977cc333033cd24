"""Pure scoring of card results against the sample generator's truth, for ``make bench``.

Nothing here runs Tesseract or touches files: :func:`parse_truth` and :func:`parse_result`
turn decoded JSON objects into typed values, and :func:`evaluate` scores them.

Definitions (as the Done-when targets use them):

* Field accuracy (carrier, portal provider, member ID, group number, portal group) is
  counted on *readable* cards only; unreadable cards are scored only by whether they were
  sent to review.
* A field the truth does not have is right when the result does not have it either
  (a card without a group number is right when ``fields`` has no ``group_number``);
  ``carrier`` null is right for a generic card whose truth carrier is null.
* A *silent error* is a readable card with ``review.needed`` false and at least one of
  carrier id, member ID, group number, portal group or portal provider wrong, or an
  unreadable card with ``review.needed`` false. A card with no result line is scored as
  an empty result that asks for no review.
* *Prefix/suffix* accuracy (wide suite, Blue plans) is counted on readable cards whose truth
  has ``member_id_prefix`` or ``member_id_suffix``: right when both parts equal the truth's
  (a part the truth lacks must be absent). It is reported, not part of the silent-error test.
* *Review rate excluding expected reasons* leaves out readable cards whose truth
  ``expect_review`` is non-empty (generic carriers, ``back_image_required``,
  ``school_name_needed``): those must go to review whatever the pipeline reads.

* *Printed fields and lists* (issue 15, :func:`printed_rows`) are scored on readable cards:
  a field's exact accuracy over the cards whose truth prints it, and its precision over the
  cards whose result returns it (a value returned for a field the truth lacks is wrong).
  The fields issue 15 adds (:data:`ISSUE15_FIELDS`) and the lists are scored only on truth
  that knows them: a line with a ``copays`` list (see :attr:`Truth.knows_issue15`). List
  items are paired one to one by a normalised key: recall over the truth's items, precision
  over the result's.

Confidence (:func:`reliability`, :func:`auc`), image quality (:func:`quality_tradeoff`) and
the cost of the second look (:func:`reread_costs`) are scored here too, so the lead can pick
``Config`` thresholds from the report.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

CONDITIONS = ("scan", "perspective", "tilt", "rot90", "rot180", "blur", "jpeg", "dim", "unreadable")
"""Photo conditions of the foundation suite, in report order (other conditions follow, sorted)."""

LAYOUTS = ("separate", "side_by_side", "pdf_one_page", "pdf_two_pages")
"""How the sides of a card are uploaded, in report order; ``separate`` when truth has no
``layout`` (one image per side, as all foundation cards are)."""

SEPARATE = LAYOUTS[0]

PART_FIELDS = ("member_id_prefix", "member_id_suffix")
"""The member ID parts Blue plans print separately."""

FOUNDATION_CPU_S = 0.379
"""Median CPU-s per readable two-sided card of the foundation (report of git 30f4cef)."""

ANY_REVIEW = "unreadable"
"""The ``expect_review`` entry meaning "any review reason will do"."""

GENERIC = "(generic)"
"""Report label for cards whose truth carrier is null."""

CONFUSABLE_FIELDS = ("member_id", "group_number")
"""Fields checked for having been read from another number on the card."""

JsonObj = Mapping[str, Any]

ISSUE15_FIELDS = (
    "rx_id",
    "rx_plan",
    "pbm",
    "plan_number",
    "group_name",
    "birth_date",
    "gender",
    "medicare_part_a_date",
    "medicare_part_b_date",
    "medicaid_id",
    "claims_address",
)
"""Fields issue 15 adds, scored only on truth that knows them (:attr:`Truth.knows_issue15`)."""

PRINTED_FIELDS = (
    "member_name",
    "rx_bin",
    "rx_pcn",
    "rx_group",
    "payer_id",
    "plan_name",
    "effective_date",
    *ISSUE15_FIELDS,
)
"""Fields whose exact accuracy and precision the report shows, in report order."""

PORTAL_NAME = "portal first/last"
"""Report row of the portal's first and last name (``portal.first_name``/``last_name``)."""

LISTS = ("dependents", "copays", "phones")
"""The card result's lists of repeated items (issue 15), in report order."""


# ---------------------------------------------------------------- parsed inputs


@dataclass(frozen=True, slots=True)
class TruthDistractor:
    """A labelled number on the generated card that is neither member ID nor group number."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class Dependent:
    """A dependent listed on the card (truth or result ``dependents`` item)."""

    name: str
    suffix: str | None
    """The dependent's member ID suffix (``02``), None where the card prints none."""


@dataclass(frozen=True, slots=True)
class Copay:
    """One printed cost share (``copays`` item): ``Specialist`` ``$50``."""

    benefit: str
    amount: str
    """As printed: ``$50``, ``20%``, ``$25/$50``."""


@dataclass(frozen=True, slots=True)
class Phone:
    """One printed phone number (``phones`` item)."""

    purpose: str
    """One of the contract's purposes (``member_services``, ``pharmacy``, ..., ``other``)."""
    number: str
    label: str | None


@dataclass(frozen=True, slots=True)
class Truth:
    """One line of the generator's ``truth.jsonl``."""

    card: str
    carrier: str | None
    """Carrier id, or None for a generic card of an unknown carrier."""
    condition: str
    readable: bool
    """False only for the ``unreadable`` condition."""
    has_back: bool
    """True when the card folder has a back image."""
    fields: Mapping[str, str]
    """Field name to the value printed on the card, for the fields the card has."""
    portal: Mapping[str, str | None]
    distractors: tuple[TruthDistractor, ...]
    expect_review: tuple[str, ...]
    """Review codes the card must raise even when read perfectly; ``unreadable`` = any reason."""
    layout: str
    """One of :data:`LAYOUTS` (or a newer one the generator names); ``separate`` if absent."""
    dependents: tuple[str, ...]
    """Strings printed for the dependents listed under the member (names, IDs, suffixes),
    gathered from truth ``dependents``; a member ID read from one of them is a confusion."""
    design: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """The grammar suites' ``design`` facts (key to value as text: ``yes``/``no`` for
    booleans); empty for the other suites."""
    payer_name: str | None = None
    """The payer's name as printed (grammar suites)."""
    dependent_items: tuple[Dependent, ...] | None = None
    """Truth ``dependents`` as items, None when not scored: older truth, or items that are
    plain strings."""
    copays: tuple[Copay, ...] | None = None
    """None when the truth has no ``copays`` list (older truth)."""
    phones: tuple[Phone, ...] | None = None
    """None when the truth has no ``phones`` list (older truth)."""

    @property
    def knows_issue15(self) -> bool:
        """True when the truth was written knowing issue 15's fields (it has ``copays``), so
        a new field it lacks is one the card does not print."""
        return self.copays is not None

    @property
    def two_sided(self) -> bool:
        """True when the upload shows the back too: a back image, or both sides in one file."""
        return self.has_back or self.layout != SEPARATE


@dataclass(frozen=True, slots=True)
class Reading:
    """One field of a card result."""

    value: str
    confidence: float | None


@dataclass(frozen=True, slots=True)
class Result:
    """The parts of one card result the benchmark scores."""

    card: str
    carrier_id: str | None
    carrier_confidence: float | None
    fields: Mapping[str, Reading]
    portal_provider: str | None
    portal_group: str | None
    review_needed: bool
    review_codes: tuple[str, ...]
    cpu_s: float | None
    """``timings.cpu_s``: process CPU seconds spent on this card."""
    wall_s: float | None
    """``timings.wall_s``: wall-clock seconds spent on this card."""
    reread_s: float | None
    """``timings.reread``: seconds of the second look, None when it did not run."""
    quality_front: Mapping[str, float]
    """``quality.front``: the front's image-quality measures (sharpness, brightness,
    contrast, glare, card_width_px), numbers only; empty when the result has none."""
    portal_first: str | None = None
    """``portal.first_name``."""
    portal_last: str | None = None
    """``portal.last_name``."""
    dependents: tuple[Dependent, ...] = ()
    copays: tuple[Copay, ...] = ()
    phones: tuple[Phone, ...] = ()
    """The result's lists (absent = none); items lacking a promised string are left out."""


def parse_truth(obj: JsonObj) -> Truth:
    """One decoded line of ``truth.jsonl``; raises ValueError naming the card and the problem."""
    card = obj.get("card")
    if not isinstance(card, str) or not card:
        raise ValueError("truth line without a card name")

    def fail(problem: str) -> ValueError:
        return ValueError(f"truth for card {card}: {problem}")

    carrier = obj.get("carrier")
    if carrier is not None and not isinstance(carrier, str):
        raise fail("carrier is neither a string nor null")
    condition = obj.get("condition")
    if not isinstance(condition, str):
        raise fail("condition is not a string")
    readable = obj.get("readable")
    if not isinstance(readable, bool):
        raise fail("readable is not a boolean")
    fields = obj.get("fields", {})
    if not isinstance(fields, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in fields.items()
    ):
        raise fail("fields is not an object of strings")
    portal = obj.get("portal", {})
    if not isinstance(portal, Mapping) or not all(
        isinstance(v, str | None) for v in portal.values()
    ):
        raise fail("portal is not an object of strings or nulls")
    distractors = []
    for d in obj.get("distractors", []):
        if not (
            isinstance(d, Mapping)
            and isinstance(d.get("kind"), str)
            and isinstance(d.get("value"), str)
        ):
            raise fail(f"distractor {d!r} lacks a string kind and value")
        distractors.append(TruthDistractor(kind=d["kind"], value=d["value"]))
    expect = obj.get("expect_review", [])
    if not isinstance(expect, list) or not all(isinstance(c, str) for c in expect):
        raise fail("expect_review is not a list of strings")
    layout = obj.get("layout", SEPARATE)
    if not isinstance(layout, str) or not layout:
        raise fail("layout is not a non-empty string")
    dependents = obj.get("dependents", [])
    if not isinstance(dependents, list):
        raise fail("dependents is not a list")
    design = obj.get("design", {})
    if not isinstance(design, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str | bool | int) for k, v in design.items()
    ):
        raise fail("design is not an object of strings, numbers and booleans")
    payer_name = obj.get("payer_name")
    if payer_name is not None and not isinstance(payer_name, str):
        raise fail("payer_name is neither a string nor null")

    def items(key: str, parse: Callable[[object], _Item | None]) -> tuple[_Item, ...] | None:
        raw = obj.get(key)
        if raw is None:
            return None
        if not isinstance(raw, list):
            raise fail(f"{key} is not a list")
        parsed = [parse(item) for item in raw]
        bad = [item for item, p in zip(raw, parsed, strict=True) if p is None]
        if bad:
            raise fail(f"{key} item {bad[0]!r} lacks a promised string")
        return tuple(p for p in parsed if p is not None)

    copays = items("copays", _copay)
    mapped = copays is not None and all(isinstance(d, Mapping) for d in dependents)
    return Truth(
        card=card,
        carrier=carrier,
        condition=condition,
        readable=readable,
        has_back=bool(obj.get("back")),
        fields=dict(fields),
        portal=dict(portal),
        distractors=tuple(distractors),
        expect_review=tuple(expect),
        layout=layout,
        dependents=tuple(_strings_in(dependents)),
        design={k: _design_text(v) for k, v in design.items()},
        payer_name=payer_name,
        dependent_items=items("dependents", _dependent) if mapped else None,
        copays=copays,
        phones=items("phones", _phone),
    )


def _design_text(value: str | bool | int) -> str:
    """A design fact as a report label: ``yes``/``no`` for booleans, numbers as digits."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _strings_in(items: Iterable[object]) -> list[str]:
    """The non-empty strings among ``items`` and among the values of mappings in it."""
    found: list[str] = []
    for item in items:
        values = item.values() if isinstance(item, Mapping) else [item]
        found += [v for v in values if isinstance(v, str) and v]
    return found


def _text(item: JsonObj, key: str) -> str | None:
    """``item[key]`` when it is a non-empty string."""
    value = item.get(key)
    return value if isinstance(value, str) and value else None


def _dependent(item: object) -> Dependent | None:
    """A ``dependents`` item; None without a name or with a suffix that is not a string."""
    m = _mapping(item)
    name = _text(m, "name")
    if name is None or not isinstance(m.get("suffix"), str | None):
        return None
    return Dependent(name, _text(m, "suffix"))


def _copay(item: object) -> Copay | None:
    """A ``copays`` item; None without a benefit and an amount."""
    m = _mapping(item)
    benefit, amount = _text(m, "benefit"), _text(m, "amount")
    return Copay(benefit, amount) if benefit and amount else None


def _phone(item: object) -> Phone | None:
    """A ``phones`` item; None without a purpose and a number."""
    m = _mapping(item)
    purpose, number = _text(m, "purpose"), _text(m, "number")
    return Phone(purpose, number, _text(m, "label")) if purpose and number else None


_Item = TypeVar("_Item", Dependent, Copay, Phone)


def _result_items(obj: JsonObj, key: str, parse: Callable[[object], _Item | None]) -> tuple[
        _Item, ...]:
    """The well-formed items of result list ``key`` (a missing or malformed list is empty)."""
    raw = obj.get(key)
    return tuple(p for item in (raw if isinstance(raw, list) else []) if (p := parse(item)))


def _number(x: object) -> float | None:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else None


def _string(x: object) -> str | None:
    return x if isinstance(x, str) else None


def _mapping(x: object) -> JsonObj:
    return x if isinstance(x, Mapping) else {}


def parse_result(obj: JsonObj) -> Result:
    """One decoded card result, read leniently: a malformed part counts as absent.

    Only a missing ``card`` raises ValueError, since such a line cannot be matched to its
    truth. Schema conformance is checked separately, so a broken result is scored as the
    worst thing it could mean (absent values, no review) rather than crashing the bench.
    """
    card = obj.get("card")
    if not isinstance(card, str) or not card:
        raise ValueError('card result without a "card" name')
    carrier = _mapping(obj.get("carrier"))
    fields: dict[str, Reading] = {}
    for name, reading in _mapping(obj.get("fields")).items():
        value = _string(_mapping(reading).get("value"))
        if isinstance(name, str) and value is not None:
            fields[name] = Reading(value, _number(_mapping(reading).get("confidence")))
    portal = _mapping(obj.get("portal"))
    review = _mapping(obj.get("review"))
    reasons = review.get("reasons")
    codes = tuple(
        code
        for r in (reasons if isinstance(reasons, list) else [])
        if (code := _string(_mapping(r).get("code"))) is not None
    )
    timings = _mapping(obj.get("timings"))
    front_quality = _mapping(_mapping(obj.get("quality")).get("front"))
    return Result(
        card=card,
        carrier_id=_string(carrier.get("id")),
        carrier_confidence=_number(carrier.get("confidence")),
        fields=fields,
        portal_provider=_string(portal.get("insurance_provider")),
        portal_group=_string(portal.get("group_number")),
        review_needed=review.get("needed") is True,
        review_codes=codes,
        cpu_s=_number(timings.get("cpu_s")),
        wall_s=_number(timings.get("wall_s")),
        reread_s=_number(timings.get("reread")),
        quality_front={
            k: number
            for k, v in front_quality.items()
            if isinstance(k, str) and (number := _number(v)) is not None
        },
        portal_first=_text(portal, "first_name"),
        portal_last=_text(portal, "last_name"),
        dependents=_result_items(obj, "dependents", _dependent),
        copays=_result_items(obj, "copays", _copay),
        phones=_result_items(obj, "phones", _phone),
    )


# ---------------------------------------------------------------- one card


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One wrong value of one card, for ``mismatches.jsonl``."""

    card: str
    carrier: str | None
    condition: str
    field: str
    """``carrier``, a field name, ``portal.<key>``, ``review`` (unreadable card not flagged)
    or ``result`` (no result line)."""
    expected: str | None
    got: str | None
    confidence: float | None
    review_needed: bool
    review_codes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "card": self.card,
            "carrier": self.carrier,
            "condition": self.condition,
            "field": self.field,
            "expected": self.expected,
            "got": self.got,
            "confidence": self.confidence,
            "review": {"needed": self.review_needed, "codes": list(self.review_codes)},
        }


@dataclass(frozen=True, slots=True)
class Confusion:
    """A member ID or group number read from another number printed on the card."""

    card: str
    field: str
    """``member_id`` or ``group_number``: the field that got the wrong number."""
    kind: str
    """The truth distractor's kind, or the name of the truth field whose value was read."""
    value: str


@dataclass(frozen=True, slots=True)
class CardScore:
    """Every verdict on one card."""

    truth: Truth
    result: Result | None
    """None when the batch wrote no line for the card."""
    carrier_ok: bool
    provider_ok: bool
    member_id_ok: bool
    member_id_norm_ok: bool
    group_ok: bool
    group_norm_ok: bool
    portal_group_ok: bool
    parts_ok: bool | None
    """Both member ID parts right; None when the truth has neither part."""
    review_needed: bool
    silent_error: bool
    mismatches: tuple[Mismatch, ...]
    confusions: tuple[Confusion, ...]
    missed_reviews: tuple[str, ...]
    """``expect_review`` codes (other than ``unreadable``) the result did not raise."""
    printed_fields: tuple[FieldCheck, ...] = ()
    """Issue 15's verdicts on the printed fields (readable cards only, see
    :func:`check_fields`)."""
    printed_lists: tuple[ListCheck, ...] = ()
    """Issue 15's verdicts on the lists (readable cards only, see :func:`check_lists`)."""

    @property
    def all_ok(self) -> bool:
        """All scored values right (the silent-error test, before looking at review)."""
        return (
            self.carrier_ok
            and self.provider_ok
            and self.member_id_ok
            and self.group_ok
            and self.portal_group_ok
        )


def normalize(value: str) -> str:
    """A value with case, white space and hyphens ignored, for the lenient accuracy."""
    return re.sub(r"[\s\-]+", "", value).upper()


def _same(expected: str | None, got: str | None, norm: bool = False) -> bool:
    if expected is None or got is None:
        return expected is got
    return normalize(expected) == normalize(got) if norm else expected == got


def score_card(truth: Truth, result: Result | None) -> CardScore:
    """Score one card; ``result`` None means the batch wrote no line for it."""
    got_fields: Mapping[str, Reading] = result.fields if result else {}
    needed = result.review_needed if result else False
    codes = result.review_codes if result else ()

    def got(name: str) -> str | None:
        reading = got_fields.get(name)
        return reading.value if reading else None

    checks: list[tuple[str, str | None, str | None, float | None, bool]] = [
        (
            "carrier",
            truth.carrier,
            result.carrier_id if result else None,
            result.carrier_confidence if result else None,
            _same(truth.carrier, result.carrier_id if result else None),
        ),
    ]
    for name in ("member_id", "group_number"):
        reading = got_fields.get(name)
        checks.append(
            (
                name,
                truth.fields.get(name),
                got(name),
                reading.confidence if reading else None,
                _same(truth.fields.get(name), got(name)),
            )
        )
    for key, value in (
        ("insurance_provider", result.portal_provider if result else None),
        ("group_number", result.portal_group if result else None),
    ):
        expected = truth.portal.get(key)
        checks.append((f"portal.{key}", expected, value, None, _same(expected, value)))
    ok = {name: right for name, _, _, _, right in checks}

    def mismatch(
        field: str, expected: str | None, got_value: str | None, confidence: float | None
    ) -> Mismatch:
        return Mismatch(
            truth.card,
            truth.carrier,
            truth.condition,
            field,
            expected,
            got_value,
            confidence,
            needed,
            codes,
        )

    has_parts = any(name in truth.fields for name in PART_FIELDS)
    wrong_parts = [
        name for name in PART_FIELDS if has_parts and not _same(truth.fields.get(name), got(name))
    ]

    def confidence(name: str) -> float | None:
        reading = got_fields.get(name)
        return reading.confidence if reading else None

    mismatches: list[Mismatch] = []
    if result is None:
        mismatches.append(mismatch("result", "a result line", None, None))
    if truth.readable:
        mismatches += [mismatch(f, e, g, c) for f, e, g, c, right in checks if not right]
        mismatches += [
            mismatch(name, truth.fields.get(name), got(name), confidence(name))
            for name in wrong_parts
        ]
    elif not needed:
        mismatches.append(mismatch("review", "needed", "not needed", None))

    all_ok = all(ok.values())
    return CardScore(
        truth=truth,
        result=result,
        carrier_ok=ok["carrier"],
        provider_ok=ok["portal.insurance_provider"],
        member_id_ok=ok["member_id"],
        member_id_norm_ok=_same(truth.fields.get("member_id"), got("member_id"), norm=True),
        group_ok=ok["group_number"],
        group_norm_ok=_same(truth.fields.get("group_number"), got("group_number"), norm=True),
        portal_group_ok=ok["portal.group_number"],
        parts_ok=not wrong_parts if has_parts else None,
        review_needed=needed,
        silent_error=not needed and (not truth.readable or not all_ok),
        mismatches=tuple(mismatches),
        confusions=find_confusions(truth, {n: got(n) for n in CONFUSABLE_FIELDS}),
        missed_reviews=tuple(
            code for code in truth.expect_review if code != ANY_REVIEW and code not in codes
        ),
        printed_fields=check_fields(truth, result),
        printed_lists=check_lists(truth, result),
    )


def find_confusions(truth: Truth, got: Mapping[str, str | None]) -> tuple[Confusion, ...]:
    """Wrong values in ``got`` (field name to value read) that are another number on the card.

    The other number is a truth distractor (kind = its kind), another truth field (kind =
    that field's name, e.g. ``rx_group`` read as ``group_number``) or something printed for
    a dependent (kind ``dependent``). A value equal to the field's own truth is right, never
    a confusion, even if a distractor has the same value.
    """
    found: list[Confusion] = []
    for field, value in got.items():
        if value is None or value == truth.fields.get(field):
            continue
        kinds = [d.kind for d in truth.distractors if d.value == value]
        kinds += [name for name, v in truth.fields.items() if name != field and v == value]
        kinds += ["dependent" for v in truth.dependents if v == value]
        found += [Confusion(truth.card, field, kind, value) for kind in dict.fromkeys(kinds)]
    return tuple(found)


# ---------------------------------------------------------------- printed fields and lists


def name_words(value: str) -> tuple[str, ...]:
    """A name's words, upper case, punctuation ignored (an apostrophe or a dot joins).

    >>> name_words("O'Neil, Ann M.")
    ('ONEIL', 'ANN', 'M')
    """
    return tuple(re.findall(r"[^\W_]+", re.sub(r"['’.]", "", value.upper())))


def alnum(value: str) -> str:
    """Letters and digits only, upper case: an address with punctuation and spacing ignored.

    >>> alnum("PO Box 981106, El Paso, TX 79998-1106")
    'POBOX981106ELPASOTX799981106'
    """
    return re.sub(r"[\W_]+", "", value.upper())


FIELD_KEYS: Mapping[str, Callable[[str], object]] = {
    "member_name": name_words,
    "claims_address": alnum,
    "plan_name": normalize,
    "rx_plan": normalize,
    "pbm": normalize,
    "group_name": normalize,
}
"""How a printed field is compared where not to the letter: names by their words, the
claims address by letters and digits, free-text names with case, spaces and hyphens
ignored (:func:`normalize`). Identifiers, dates and gender are compared exactly."""


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """One field of one readable card whose truth can say whether the card prints it."""

    field: str
    """A :data:`PRINTED_FIELDS` name or :data:`PORTAL_NAME`."""
    expected: str | None
    """The printed value; None when the card does not print the field."""
    got: str | None
    """The result's value; None when the result does not have the field."""
    right: bool
    """Both present and the same (compared as :data:`FIELD_KEYS` says)."""


def _portal_name(first: str | None, last: str | None) -> str | None:
    """First and last name as one report value ``FIRST / LAST``; None when both are."""
    return None if first is None and last is None else f"{first or ''} / {last or ''}"


def check_fields(truth: Truth, result: Result | None) -> tuple[FieldCheck, ...]:
    """Verdicts on :data:`PRINTED_FIELDS` and the portal's first/last name of a readable
    card; issue 15's own fields only when the truth knows them; none on an unreadable card."""
    if not truth.readable:
        return ()
    got_fields: Mapping[str, Reading] = result.fields if result else {}
    checks = []
    for name in PRINTED_FIELDS:
        if name in ISSUE15_FIELDS and not truth.knows_issue15:
            continue
        expected = truth.fields.get(name)
        reading = got_fields.get(name)
        got = reading.value if reading else None
        key = FIELD_KEYS.get(name, str)
        right = expected is not None and got is not None and key(expected) == key(got)
        checks.append(FieldCheck(name, expected, got, right))
    first, last = truth.portal.get("first_name"), truth.portal.get("last_name")
    got_first, got_last = (result.portal_first, result.portal_last) if result else (None, None)
    expected_name = _portal_name(first, last)
    got_name = _portal_name(got_first, got_last)

    def words(part: str | None) -> tuple[str, ...]:
        return name_words(part) if part else ()

    right = (
        expected_name is not None
        and got_name is not None
        and (words(first), words(last)) == (words(got_first), words(got_last))
    )
    checks.append(FieldCheck(PORTAL_NAME, expected_name, got_name, right))
    return tuple(checks)


@dataclass(frozen=True, slots=True)
class ListCheck:
    """One list of one readable card whose truth has the list."""

    name: str
    """A :data:`LISTS` name."""
    printed: int
    """Items the truth lists."""
    returned: int
    """Items the result lists."""
    matched: int
    """Items paired one to one by their key (see :func:`check_lists`)."""
    purpose_wrong: int = 0
    """Phones only: unpaired result phones whose number is an unpaired truth phone's."""


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _paired(expected: Counter[Any], got: Counter[Any]) -> int:
    """Items paired one to one by equal keys (the multiset intersection's size)."""
    return sum((expected & got).values())


_DependentKey = tuple[tuple[str, ...], str | None]
"""A dependent's name words and suffix."""


def match_dependents(expected: Sequence[Dependent], got: Sequence[Dependent]) -> int:
    """Dependents paired by name words, and suffix where the truth prints one.

    Truth items with a suffix are paired first, since they take fewer result items; the
    others then take any remaining result of the same name (optimal for this order).
    """
    full: Counter[_DependentKey] = Counter((name_words(d.name), d.suffix) for d in got)
    with_suffix: Counter[_DependentKey] = Counter(
        (name_words(d.name), d.suffix) for d in expected if d.suffix
    )
    pairs = with_suffix & full
    names_left: Counter[tuple[str, ...]] = Counter()
    for (words, _), n in (full - pairs).items():
        names_left[words] += n
    plain = Counter(name_words(d.name) for d in expected if not d.suffix)
    return sum(pairs.values()) + _paired(plain, names_left)


def match_phones(expected: Sequence[Phone], got: Sequence[Phone]) -> tuple[int, int]:
    """(phones paired by number digits and purpose, further phones whose number pairs but
    whose purpose is wrong)."""
    want = Counter((_digits(p.number), p.purpose) for p in expected)
    have = Counter((_digits(p.number), p.purpose) for p in got)
    pairs = want & have

    def numbers(keys: Counter[tuple[str, str]]) -> Counter[str]:
        out: Counter[str] = Counter()
        for (digits, _), n in keys.items():
            out[digits] += n
        return out

    return sum(pairs.values()), _paired(numbers(want - pairs), numbers(have - pairs))


def _copay_key(c: Copay) -> tuple[str, str]:
    return alnum(c.benefit), normalize(c.amount)


def check_lists(truth: Truth, result: Result | None) -> tuple[ListCheck, ...]:
    """Verdicts on the lists a readable card's truth has (an older truth has none).

    Keys: dependents by name words (+ suffix where the truth prints one), copays by benefit
    (letters and digits) and amount (:func:`normalize`), phones by the number's digits and
    the purpose.
    """
    if not truth.readable:
        return ()
    checks = []
    if truth.dependent_items is not None:
        got_d = result.dependents if result else ()
        checks.append(ListCheck("dependents", len(truth.dependent_items), len(got_d),
                                match_dependents(truth.dependent_items, got_d)))
    if truth.copays is not None:
        got_c = result.copays if result else ()
        matched = _paired(Counter(map(_copay_key, truth.copays)), Counter(map(_copay_key, got_c)))
        checks.append(ListCheck("copays", len(truth.copays), len(got_c), matched))
    if truth.phones is not None:
        got_p = result.phones if result else ()
        matched, purpose_wrong = match_phones(truth.phones, got_p)
        checks.append(ListCheck("phones", len(truth.phones), len(got_p), matched, purpose_wrong))
    return tuple(checks)


@dataclass(frozen=True, slots=True)
class PrintedRow:
    """One field or list over the readable cards that score it (a report row)."""

    name: str
    cards: int
    """Readable cards scored for it (for issue 15's fields and the lists: truth that knows
    them)."""
    printed: int
    """Cards whose truth prints the field; for a list, the truth's items."""
    right: int
    """Of those, read right; for a list, items paired."""
    returned: int
    """Cards whose result has the field, printed or not; for a list, the result's items."""
    purpose_wrong: int | None = None
    """Phones: result phones with a right number but the wrong purpose; None otherwise."""

    @property
    def exact(self) -> float | None:
        """Exact accuracy where printed; for a list, the recall of items."""
        return ratio(self.right, self.printed)

    @property
    def precision(self) -> float | None:
        """Right among returned: a value the card does not print counts against it."""
        return ratio(self.right, self.returned)


def printed_rows(scores: Iterable[CardScore]) -> tuple[PrintedRow, ...]:
    """Rows for :data:`PRINTED_FIELDS` (the portal's name after ``member_name``), then
    :data:`LISTS`; a field or list no card scores has ``cards`` 0."""
    scores = list(scores)
    fields = [c for s in scores for c in s.printed_fields]
    lists = [c for s in scores for c in s.printed_lists]

    def field_row(name: str) -> PrintedRow:
        mine = [c for c in fields if c.field == name]
        return PrintedRow(
            name=name,
            cards=len(mine),
            printed=sum(1 for c in mine if c.expected is not None),
            right=sum(1 for c in mine if c.right),
            returned=sum(1 for c in mine if c.got is not None),
        )

    def list_row(name: str) -> PrintedRow:
        mine = [c for c in lists if c.name == name]
        return PrintedRow(
            name=name,
            cards=len(mine),
            printed=sum(c.printed for c in mine),
            right=sum(c.matched for c in mine),
            returned=sum(c.returned for c in mine),
            purpose_wrong=sum(c.purpose_wrong for c in mine) if name == "phones" else None,
        )

    names = [PRINTED_FIELDS[0], PORTAL_NAME, *PRINTED_FIELDS[1:]]
    return (*map(field_row, names), *map(list_row, LISTS))


# ---------------------------------------------------------------- aggregates


def ratio(num: int, den: int) -> float | None:
    """``num / den``, or None when there is nothing to divide by."""
    return num / den if den else None


@dataclass(frozen=True, slots=True)
class GroupStats:
    """Counts over a group of cards (a carrier, a condition, or all); rates as properties."""

    name: str
    n: int
    readable: int
    carrier_ok: int
    provider_ok: int
    member_id_ok: int
    member_id_norm_ok: int
    group_ok: int
    group_norm_ok: int
    portal_group_ok: int
    parts_cards: int
    """Readable cards whose truth has a member ID prefix or suffix."""
    parts_ok: int
    silent_errors: int
    reviewed_readable: int
    plain_readable: int
    """Readable cards whose truth expects no review reason."""
    reviewed_plain: int
    unreadable: int
    flagged_unreadable: int

    @property
    def carrier_acc(self) -> float | None:
        return ratio(self.carrier_ok, self.readable)

    @property
    def provider_acc(self) -> float | None:
        return ratio(self.provider_ok, self.readable)

    @property
    def member_id_acc(self) -> float | None:
        return ratio(self.member_id_ok, self.readable)

    @property
    def member_id_norm_acc(self) -> float | None:
        return ratio(self.member_id_norm_ok, self.readable)

    @property
    def group_acc(self) -> float | None:
        return ratio(self.group_ok, self.readable)

    @property
    def group_norm_acc(self) -> float | None:
        return ratio(self.group_norm_ok, self.readable)

    @property
    def portal_group_acc(self) -> float | None:
        return ratio(self.portal_group_ok, self.readable)

    @property
    def parts_acc(self) -> float | None:
        """Share of cards with member ID parts whose prefix and suffix are both right."""
        return ratio(self.parts_ok, self.parts_cards)

    @property
    def silent_error_rate(self) -> float | None:
        """Silent errors over all cards of the group, readable or not."""
        return ratio(self.silent_errors, self.n)

    @property
    def review_rate(self) -> float | None:
        """Share of readable cards sent to review."""
        return ratio(self.reviewed_readable, self.readable)

    @property
    def plain_review_rate(self) -> float | None:
        """Share of readable cards sent to review, among those whose truth expects none."""
        return ratio(self.reviewed_plain, self.plain_readable)

    @property
    def unreadable_recall(self) -> float | None:
        """Share of unreadable cards sent to review."""
        return ratio(self.flagged_unreadable, self.unreadable)


def group_stats(name: str, scores: Iterable[CardScore]) -> GroupStats:
    """Aggregate card scores under the report row label ``name``."""
    scores = list(scores)
    readable = [s for s in scores if s.truth.readable]
    unreadable = [s for s in scores if not s.truth.readable]
    plain = [s for s in readable if not s.truth.expect_review]

    def count(pred: Callable[[CardScore], bool]) -> int:
        return sum(1 for s in readable if pred(s))

    return GroupStats(
        name=name,
        n=len(scores),
        readable=len(readable),
        carrier_ok=count(lambda s: s.carrier_ok),
        provider_ok=count(lambda s: s.provider_ok),
        member_id_ok=count(lambda s: s.member_id_ok),
        member_id_norm_ok=count(lambda s: s.member_id_norm_ok),
        group_ok=count(lambda s: s.group_ok),
        group_norm_ok=count(lambda s: s.group_norm_ok),
        portal_group_ok=count(lambda s: s.portal_group_ok),
        parts_cards=count(lambda s: s.parts_ok is not None),
        parts_ok=count(lambda s: s.parts_ok is True),
        silent_errors=sum(1 for s in scores if s.silent_error),
        reviewed_readable=count(lambda s: s.review_needed),
        plain_readable=len(plain),
        reviewed_plain=sum(1 for s in plain if s.review_needed),
        unreadable=len(unreadable),
        flagged_unreadable=sum(1 for s in unreadable if s.review_needed),
    )


def _grouped(
    scores: Sequence[CardScore], key: Callable[[CardScore], str], order: Sequence[str] = ()
) -> tuple[GroupStats, ...]:
    """One GroupStats per key value: those in ``order`` first, then the rest sorted."""
    groups: dict[str, list[CardScore]] = {}
    for s in scores:
        groups.setdefault(key(s), []).append(s)
    names = [k for k in order if k in groups] + sorted(k for k in groups if k not in order)
    return tuple(group_stats(k, groups[k]) for k in names)


def by_carrier(scores: Sequence[CardScore]) -> tuple[GroupStats, ...]:
    """Rows per truth carrier id, sorted, generic cards under :data:`GENERIC` last."""
    rows = _grouped(scores, lambda s: s.truth.carrier or GENERIC)
    return tuple(sorted(rows, key=lambda g: (g.name == GENERIC, g.name)))


def by_condition(scores: Sequence[CardScore]) -> tuple[GroupStats, ...]:
    """Rows per photo condition, in :data:`CONDITIONS` order."""
    return _grouped(scores, lambda s: s.truth.condition, CONDITIONS)


def by_layout(scores: Sequence[CardScore]) -> tuple[GroupStats, ...]:
    """Rows per upload layout, in :data:`LAYOUTS` order."""
    return _grouped(scores, lambda s: s.truth.layout, LAYOUTS)


@dataclass(frozen=True, slots=True)
class ConfusionRow:
    """Cards whose member ID or group number was read from a number of this kind."""

    kind: str
    member_id: int
    group_number: int
    cards: int
    """Cards with either confusion of this kind (a card with both counts once)."""


def confusion_table(scores: Iterable[CardScore]) -> tuple[ConfusionRow, ...]:
    """Confusions counted in cards per kind, most frequent first."""
    per_field: Counter[tuple[str, str]] = Counter()
    cards: Counter[str] = Counter()
    for s in scores:
        for kind in {c.kind for c in s.confusions}:
            cards[kind] += 1
        for kind, field in {(c.kind, c.field) for c in s.confusions}:
            per_field[kind, field] += 1
    return tuple(
        ConfusionRow(kind, per_field[kind, "member_id"], per_field[kind, "group_number"], n)
        for kind, n in sorted(cards.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def reason_counts(scores: Iterable[CardScore]) -> dict[str, int]:
    """Review codes raised on readable cards: code to number of cards, most frequent first."""
    counts: Counter[str] = Counter()
    for s in scores:
        if s.truth.readable and s.result is not None:
            counts.update(set(s.result.review_codes))
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation, as numpy's default."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass(frozen=True, slots=True)
class CpuStats:
    """Process CPU seconds per card, from the results' ``timings.cpu_s``."""

    cards: int
    """Results that carried ``timings.cpu_s``."""
    median_s: float | None
    p90_s: float | None
    two_sided_cards: int
    """Readable two-sided cards (a back image, or both sides in one file) whose result
    carried ``timings.cpu_s``."""
    two_sided_median_s: float | None


def cpu_stats(scores: Iterable[CardScore]) -> CpuStats:
    """CPU statistics; the two-sided median leaves out unreadable cards, which can end early."""
    every: list[float] = []
    two_sided: list[float] = []
    for s in scores:
        cpu = s.result.cpu_s if s.result else None
        if cpu is None:
            continue
        every.append(cpu)
        if s.truth.two_sided and s.truth.readable:
            two_sided.append(cpu)
    return CpuStats(
        cards=len(every),
        median_s=percentile(every, 50) if every else None,
        p90_s=percentile(every, 90) if every else None,
        two_sided_cards=len(two_sided),
        two_sided_median_s=percentile(two_sided, 50) if two_sided else None,
    )


# ---------------------------------------------------------------- confidence


RELIABILITY_THRESHOLDS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
"""Confidence cut-offs the reliability table is printed for."""

RELIABILITY_FIELDS = ("member_id", "group_number")
"""Fields whose confidence sends a card to review (``<field>_uncertain``)."""

MAX_SILENT_RATE = 0.003
"""Silent-error rate (issue 3's target) a suggested confidence threshold must keep to."""


def auc(right: Sequence[float], wrong: Sequence[float]) -> float | None:
    """ROC area of ``right`` against ``wrong`` confidences (Mann-Whitney U / n1·n0).

    The chance that a random right reading has a higher confidence than a random wrong one,
    ties counted half: 1.0 separates them perfectly, 0.5 is no better than a coin. None when
    either list is empty. Ranks with ties averaged, so O(n log n).

    >>> auc([0.9, 0.8], [0.1])
    1.0
    >>> auc([0.5], [0.5])
    0.5
    >>> auc([0.9, 0.3], [0.5])
    0.5
    """
    if not right or not wrong:
        return None
    pooled = sorted([(v, True) for v in right] + [(v, False) for v in wrong])
    right_rank_sum = 0.0
    start = 0
    while start < len(pooled):
        end = start
        while end < len(pooled) and pooled[end][0] == pooled[start][0]:
            end += 1
        mean_rank = (start + 1 + end) / 2  # ranks start+1 .. end, averaged over the tie
        right_rank_sum += mean_rank * sum(1 for _, is_right in pooled[start:end] if is_right)
        start = end
    n1, n0 = len(right), len(wrong)
    return (right_rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


@dataclass(frozen=True, slots=True)
class ReliabilityRow:
    """What one confidence cut-off for one field would do, on readable cards."""

    threshold: float
    cards: int
    """Readable cards: the denominator of the review and silent-error rates."""
    readings: int
    """Readings of the field with confidence at or above the threshold."""
    right: int
    """Of those, readings equal to the truth."""
    reviewed: int
    """Cards that would go to review with this cut-off: another review reason, or the
    field's reading below the threshold."""
    silent: int
    """Cards whose reading is wrong, at or above the threshold, with no other review reason."""

    @property
    def accuracy(self) -> float | None:
        return ratio(self.right, self.readings)

    @property
    def review_rate(self) -> float | None:
        return ratio(self.reviewed, self.cards)

    @property
    def silent_rate(self) -> float | None:
        return ratio(self.silent, self.cards)


@dataclass(frozen=True, slots=True)
class Reliability:
    """How much a field's confidence means, and where to cut it."""

    field: str
    readings: int
    """Readings of the field on readable cards (results that have the field, with a number
    as confidence)."""
    right: int
    auc: float | None
    """ROC area of confidence, right readings against wrong ones."""
    rows: tuple[ReliabilityRow, ...]
    suggested: float | None
    """The lowest threshold whose silent-error rate is within :data:`MAX_SILENT_RATE`."""


def _field_reading(s: CardScore, field: str) -> tuple[float, bool] | None:
    """(confidence, right) of ``field`` on a readable card, None when there is no reading."""
    if not s.truth.readable or s.result is None:
        return None
    reading = s.result.fields.get(field)
    if reading is None or reading.confidence is None:
        return None
    return reading.confidence, reading.value == s.truth.fields.get(field)


def _other_review(s: CardScore, field: str, has_reading: bool) -> bool:
    """True when the card has a review reason besides the field's low confidence.

    ``<field>_uncertain`` is left out only when the field was read, since then it came from
    the confidence cut-off being simulated; without a reading (a group the template expects
    but no value found) it is a reason of its own.
    """
    codes = set(s.result.review_codes) if s.result else set()
    if has_reading:
        codes.discard(f"{field}_uncertain")
    return bool(codes)


def suggest_threshold(
    rows: Sequence[ReliabilityRow], max_silent: float = MAX_SILENT_RATE
) -> float | None:
    """The lowest threshold whose silent-error rate is at most ``max_silent``, else None."""
    fit = [r.threshold for r in rows if r.silent_rate is not None and r.silent_rate <= max_silent]
    return min(fit) if fit else None


def reliability(
    scores: Sequence[CardScore],
    field: str,
    thresholds: Sequence[float] = RELIABILITY_THRESHOLDS,
    max_silent: float = MAX_SILENT_RATE,
) -> Reliability:
    """Reliability table, AUC and suggested cut-off for one field's confidence.

    Simulated on the readings this run produced: a different cut-off would also change
    which cards get the second look, so the rows are an estimate near the current cut-off.
    """
    cards = [s for s in scores if s.truth.readable]
    read = [(s, _field_reading(s, field)) for s in cards]
    readings = [r for _, r in read if r is not None]
    other = [_other_review(s, field, r is not None) for s, r in read]
    rows = []
    for t in thresholds:
        above = [ok for conf, ok in readings if conf >= t]
        rows.append(
            ReliabilityRow(
                threshold=t,
                cards=len(cards),
                readings=len(above),
                right=sum(above),
                reviewed=sum(
                    1 for (_, r), o in zip(read, other, strict=True) if o or (r and r[0] < t)
                ),
                silent=sum(
                    1
                    for (_, r), o in zip(read, other, strict=True)
                    if r and not o and not r[1] and r[0] >= t
                ),
            )
        )
    return Reliability(
        field=field,
        readings=len(readings),
        right=sum(ok for _, ok in readings),
        auc=auc([c for c, ok in readings if ok], [c for c, ok in readings if not ok]),
        rows=tuple(rows),
        suggested=suggest_threshold(rows, max_silent),
    )


# ---------------------------------------------------------------- image quality


QUALITY_LOW_IS_BAD: Mapping[str, bool] = {
    "sharpness": True,
    "brightness": True,
    "contrast": True,
    "glare": False,
    "card_width_px": True,
}
"""Measures of ``quality.front``, in report order: True when a value *below* the threshold
flags the card (``QualityThresholds.min_*``), False when one *above* it does (``max_glare``)."""

QUALITY_GRID: Mapping[str, tuple[float, ...]] = {
    "sharpness": (10, 25, 40, 60, 100, 150),
    "brightness": (30, 40, 60, 80, 100),
    "contrast": (8, 12, 15, 20, 25),
    "glare": (0.005, 0.01, 0.02, 0.04, 0.08, 0.15),
    "card_width_px": (250, 300, 400, 450, 500, 640),
}
"""Thresholds the trade-off is printed for (the current value is added when missing).
Sharpness is the Laplacian variance at 1011 px width, brightness and contrast grey mean
and standard deviation (0-255), glare the blown-out fraction, width pixels in the photo."""


def beyond(measure: str, value: float, threshold: float) -> bool:
    """True when ``value`` of ``measure`` would flag the card at ``threshold``
    (strictly below a minimum, strictly above a maximum, as pipeline/quality.py tests)."""
    return value < threshold if QUALITY_LOW_IS_BAD[measure] else value > threshold


@dataclass(frozen=True, slots=True)
class QualityRow:
    """Cards one quality threshold (or the current set of them) would flag."""

    measure: str
    """A :data:`QUALITY_LOW_IS_BAD` key, or ``all current`` for the combined row."""
    threshold: float | None
    """None for the combined row."""
    current: bool
    """True when this is the threshold ``QualityThresholds()`` uses now."""
    unreadable: int
    """Unreadable cards whose result carries the measure."""
    unreadable_flagged: int
    readable: int
    """Readable cards whose result carries the measure."""
    readable_flagged: int
    """False alarms: readable cards beyond the threshold."""
    readable_flagged_member_ok: int
    """Of the false alarms, cards whose member ID was read right anyway."""

    @property
    def flagged_rate(self) -> float | None:
        return ratio(self.unreadable_flagged, self.unreadable)

    @property
    def false_alarm_rate(self) -> float | None:
        return ratio(self.readable_flagged, self.readable)

    @property
    def flagged_member_id_acc(self) -> float | None:
        """Member-ID accuracy of readable cards beyond the threshold (high = costly flag)."""
        return ratio(self.readable_flagged_member_ok, self.readable_flagged)


@dataclass(frozen=True, slots=True)
class QualityTradeoff:
    """The image-quality trade-off table and the cards it could not measure."""

    rows: tuple[QualityRow, ...]
    combined: QualityRow | None
    """All current thresholds at once; None when no current thresholds were given."""
    unmeasured_readable: int
    """Readable cards whose result has no ``quality.front`` (not in the rows)."""
    unmeasured_unreadable: int


def _quality_row(
    scores: Sequence[CardScore],
    measure: str,
    threshold: float | None,
    current: bool,
    flags: Callable[[Mapping[str, float]], bool | None],
) -> QualityRow:
    """Count cards by ``flags(quality.front)``: True flagged, False not, None unmeasured."""
    verdicts = [(s, flags(s.result.quality_front) if s.result else None) for s in scores]
    readable = [(s, f) for s, f in verdicts if s.truth.readable and f is not None]
    unreadable = [f for s, f in verdicts if not s.truth.readable and f is not None]
    return QualityRow(
        measure=measure,
        threshold=threshold,
        current=current,
        unreadable=len(unreadable),
        unreadable_flagged=sum(1 for f in unreadable if f),
        readable=len(readable),
        readable_flagged=sum(1 for _, f in readable if f),
        readable_flagged_member_ok=sum(1 for s, f in readable if f and s.member_id_ok),
    )


def quality_tradeoff(
    scores: Sequence[CardScore], current: Mapping[str, float] | None = None
) -> QualityTradeoff:
    """For each measure and grid threshold, unreadable cards caught against readable ones
    flagged; ``current`` (measure to threshold in use) marks rows and adds the combined one."""
    current = current or {}
    rows: list[QualityRow] = []
    for measure in QUALITY_LOW_IS_BAD:
        grid = sorted({*QUALITY_GRID[measure], *([current[measure]] if measure in current else [])})
        for t in grid:

            def flags(q: Mapping[str, float], m: str = measure, t: float = t) -> bool | None:
                return beyond(m, q[m], t) if m in q else None

            rows.append(_quality_row(scores, measure, t, current.get(measure) == t, flags))

    def all_current(q: Mapping[str, float]) -> bool | None:
        if not q:
            return None
        return any(beyond(m, q[m], t) for m, t in current.items() if m in q)

    combined = _quality_row(scores, "all current", None, True, all_current) if current else None

    def unmeasured(readable: bool) -> int:
        return sum(
            1
            for s in scores
            if s.truth.readable is readable and not (s.result and s.result.quality_front)
        )

    return QualityTradeoff(tuple(rows), combined, unmeasured(True), unmeasured(False))


# ---------------------------------------------------------------- cost of the second look


@dataclass(frozen=True, slots=True)
class RereadCost:
    """CPU seconds of cards that read on the first pass against those that needed a reread."""

    name: str
    cards: int
    """Results with ``timings.cpu_s``."""
    reread: int
    """Of those, results with ``timings.reread`` (the second look ran)."""
    median_without_s: float | None
    median_with_s: float | None
    median_reread_s: float | None
    """Median seconds of the ``reread`` stage itself, over the cards that had it."""

    @property
    def share(self) -> float | None:
        return ratio(self.reread, self.cards)


def reread_costs(scores: Sequence[CardScore]) -> tuple[RereadCost, ...]:
    """Rows for readable cards, unreadable cards and all cards."""

    def row(name: str, group: Iterable[CardScore]) -> RereadCost:
        timed = [s.result for s in group if s.result and s.result.cpu_s is not None]
        without = [r.cpu_s for r in timed if r.reread_s is None and r.cpu_s is not None]
        with_ = [r.cpu_s for r in timed if r.reread_s is not None and r.cpu_s is not None]
        reread = [r.reread_s for r in timed if r.reread_s is not None]
        return RereadCost(
            name=name,
            cards=len(timed),
            reread=len(with_),
            median_without_s=percentile(without, 50) if without else None,
            median_with_s=percentile(with_, 50) if with_ else None,
            median_reread_s=percentile(reread, 50) if reread else None,
        )

    return (
        row("readable", (s for s in scores if s.truth.readable)),
        row("unreadable", (s for s in scores if not s.truth.readable)),
        row("all", scores),
    )


@dataclass(frozen=True, slots=True)
class Target:
    """One Done-when target; rates are fractions (0.99), times seconds."""

    name: str
    value: float | None
    """The measured value, None when no card could measure it (counts as a failure)."""
    limit: float
    at_least: bool
    """True when the value must be ≥ ``limit``, False when ≤."""
    unit: str
    """``%`` for rates (value and limit are fractions), ``s`` for seconds, ``cards`` for a
    count of cards, ``""`` for a plain number (AUC)."""

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False
        return self.value >= self.limit if self.at_least else self.value <= self.limit


SUITES = ("foundation", "wide", "unseen", "unseen_dev", "directory")
"""Sample suites of the generator; each has its own Done-when targets (the two unseen
suites share issue 12's; the directory suite has issue 13's)."""

GRAMMAR_SUITES = ("unseen", "unseen_dev", "directory")
"""Suites drawn by the design grammar (issue 12): the frozen test range, the development
range and the payer directory's suite (issue 13)."""

DESIGN_KEYS = (
    "template",
    "columns",
    "placement",
    "heads_band",
    "id_style",
    "name_style",
    "name_format",
    "marks",
    "mark_kinds",
    "placeholders",
    "mock_values",
    "value_font",
    "id_font",
    "label_font",
    "label_case",
    "background",
    "band",
    "logo",
    "rx_place",
    "conflict",
)
"""Design facts the report groups member-ID accuracy by, in report order (others follow)."""

COST_FACTOR = 1.3
"""Issue 3: the median cost per card stays within this factor of the foundation's."""


def targets(overall: GroupStats, cpu: CpuStats) -> tuple[Target, ...]:
    """The foundation's Done-when targets, measured on all cards."""
    return (
        Target("carrier accuracy (readable)", overall.carrier_acc, 0.99, True, "%"),
        Target("member ID exact (readable)", overall.member_id_acc, 0.97, True, "%"),
        Target("group number exact (readable)", overall.group_acc, 0.95, True, "%"),
        Target("silent errors (all cards)", overall.silent_error_rate, 0.01, False, "%"),
        Target("unreadable cards flagged", overall.unreadable_recall, 0.95, True, "%"),
        Target("median CPU-s per two-sided card", cpu.two_sided_median_s, 0.8, False, "s"),
    )


def wide_targets(
    overall: GroupStats,
    cpu: CpuStats,
    member_id_auc: float | None,
    baseline_cpu_s: float = FOUNDATION_CPU_S,
) -> tuple[Target, ...]:
    """Issue 3's Done-when targets for the wide suite.

    The review rate counts only readable cards whose truth expects no review (see
    :attr:`GroupStats.plain_review_rate`); the cost compares the median CPU-s of readable
    two-sided cards with ``baseline_cpu_s``, the same figure of the foundation.
    """
    return (
        Target("carrier accuracy (readable)", overall.carrier_acc, 0.99, True, "%"),
        Target("member ID exact (readable)", overall.member_id_acc, 0.98, True, "%"),
        Target("group number exact (readable)", overall.group_acc, 0.97, True, "%"),
        Target("silent errors (all cards)", overall.silent_error_rate, MAX_SILENT_RATE, False, "%"),
        Target("unreadable cards flagged", overall.unreadable_recall, 0.98, True, "%"),
        Target(
            "readable cards to review (unexpected)", overall.plain_review_rate, 0.08, False, "%"
        ),
        Target("member ID confidence AUC", member_id_auc, 0.9, True, ""),
        Target(
            f"median CPU-s per two-sided card (≤ {COST_FACTOR:g}× {baseline_cpu_s:g})",
            cpu.two_sided_median_s,
            COST_FACTOR * baseline_cpu_s,
            False,
            "s",
        ),
    )


def printed_group_accuracy(scores: Sequence[CardScore]) -> tuple[int, int]:
    """(right, cards) of the group number on readable cards whose truth prints one."""
    cards = [s for s in scores if s.truth.readable and "group_number" in s.truth.fields]
    return sum(1 for s in cards if s.group_ok), len(cards)


def wrong_carrier_unreviewed(scores: Sequence[CardScore]) -> int:
    """Cards whose result names a carrier other than the truth's (a template's or the
    directory's, where the truth is null) and asks for no review."""
    return sum(
        1
        for s in scores
        if s.result is not None
        and s.result.carrier_id is not None
        and s.result.carrier_id != s.truth.carrier
        and not s.review_needed
    )


def never_payers() -> frozenset[str]:
    """Names that must never be named as a payer: the networks, pharmacy benefit managers
    and generic phrases the directory suite prints (``samples.gen_directory``), compared
    lower case."""
    from samples.gen_directory import GENERIC, NETWORKS, PBMS

    return frozenset(n.lower() for n in (*NETWORKS, *PBMS, *GENERIC))


def named_never_payers(scores: Sequence[CardScore]) -> int:
    """Cards whose result names a network, a PBM or a generic phrase as the payer."""
    never = never_payers()
    return sum(1 for s in scores if s.result is not None and s.result.portal_provider
               is not None and s.result.portal_provider.lower() in never)


def directory_targets(overall: GroupStats, scores: Sequence[CardScore]) -> tuple[Target, ...]:
    """Issue 13's Done-when targets for the directory suite: the carrier (the directory's
    payer) named right on readable cards, a wrong payer named without review (all cards),
    and networks, PBMs or generic phrases never named."""
    wrong = wrong_carrier_unreviewed(scores)
    return (
        Target("carrier named right (readable)", overall.carrier_acc, 0.97, True, "%"),
        Target("wrong payer named without review", ratio(wrong, len(scores)), 0.002, False,
               "%"),
        Target("network, PBM or generic phrase named", float(named_never_payers(scores)), 0,
               False, ""),
        Target("silent errors (all cards)", overall.silent_error_rate, 0.003, False, "%"),
    )


def by_design(scores: Sequence[CardScore]) -> tuple[tuple[str, tuple[GroupStats, ...]], ...]:
    """Per design fact (:data:`DESIGN_KEYS` order, then any other), one row per value;
    empty when no truth carries ``design``."""
    keys = {k for s in scores for k in s.truth.design}
    ordered = [k for k in DESIGN_KEYS if k in keys] + sorted(keys - set(DESIGN_KEYS))

    def rows(key: str) -> tuple[GroupStats, ...]:
        def label(s: CardScore) -> str:
            return f"{key}={s.truth.design[key] or '(none)'}"

        return _grouped([s for s in scores if key in s.truth.design], label)

    return tuple((key, rows(key)) for key in ordered)


def unseen_targets(
    overall: GroupStats, scores: Sequence[CardScore], member_id_auc: float | None
) -> tuple[Target, ...]:
    """Issue 12's Done-when targets for the grammar suites (unseen, unseen_dev).

    The group number is scored on readable cards whose truth prints one; the review rate
    counts readable cards whose truth expects no review (no content reason to ask a person).
    """
    right, cards = printed_group_accuracy(scores)
    wrong = wrong_carrier_unreviewed(scores)
    return (
        Target("member ID exact (readable)", overall.member_id_acc, 0.95, True, "%"),
        Target("group exact (readable, where printed)", ratio(right, cards), 0.93, True, "%"),
        Target("silent errors (all cards)", overall.silent_error_rate, 0.003, False, "%"),
        Target("wrong carrier named without review", float(wrong), 0, False, "cards"),
        Target("readable cards reviewed, no content reason", overall.plain_review_rate, 0.12,
               False, "%"),
        Target("member ID confidence AUC", member_id_auc, 0.9, True, ""),
    )


ISSUE15_RX_FIELDS = ("rx_bin", "rx_pcn", "rx_group", "payer_id")
"""Fields issue 15 holds to :data:`ISSUE15_RX_EXACT` where printed."""

ISSUE15_RX_EXACT = 0.97
ISSUE15_NAME_EXACT = 0.95
ISSUE15_EXACT = 0.95
"""Exact accuracy (lists: recall) of issue 15's new fields and items, where printed."""
ISSUE15_PRECISION = 0.98
"""Precision of the member name, the new fields and the list items."""


def issue15_targets(rows: Sequence[PrintedRow]) -> tuple[Target, ...]:
    """Issue 15's Done-when targets (wide suite) from :func:`printed_rows`: the member name
    and the portal's first/last name, Rx and payer ID where printed, every new field and
    list. A field no card prints measures nothing and fails ("no data")."""
    by_name = {r.name: r for r in rows}

    def pair(label: str, row: PrintedRow, exact: float, found: str) -> list[Target]:
        return [
            Target(f"{label} {found}", row.exact, exact, True, "%"),
            Target(f"{label} precision", row.precision, ISSUE15_PRECISION, True, "%"),
        ]

    out = pair("member name", by_name["member_name"], ISSUE15_NAME_EXACT, "exact")
    out += pair("portal first/last name", by_name[PORTAL_NAME], ISSUE15_NAME_EXACT, "right")
    out += [
        Target(f"{name} exact", by_name[name].exact, ISSUE15_RX_EXACT, True, "%")
        for name in ISSUE15_RX_FIELDS
    ]
    for name in ISSUE15_FIELDS:
        out += pair(name, by_name[name], ISSUE15_EXACT, "exact")
    for name in LISTS:
        out += pair(f"{name} items", by_name[name], ISSUE15_EXACT, "found")
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything the bench report shows, computed from truth and results."""

    suite: str
    """The :data:`SUITES` entry whose targets were measured."""
    scores: tuple[CardScore, ...]
    """One per truth card, in truth order."""
    overall: GroupStats
    by_carrier: tuple[GroupStats, ...]
    by_condition: tuple[GroupStats, ...]
    by_layout: tuple[GroupStats, ...]
    confusions: tuple[ConfusionRow, ...]
    reasons: Mapping[str, int]
    cpu: CpuStats
    reliability: tuple[Reliability, ...]
    """One per :data:`RELIABILITY_FIELDS` entry."""
    quality: QualityTradeoff
    reread: tuple[RereadCost, ...]
    targets: tuple[Target, ...]
    missing: tuple[str, ...]
    """Truth cards the batch wrote no result for."""
    unexpected: tuple[str, ...]
    """Result cards that are not in the truth."""
    duplicates: tuple[str, ...]
    """Cards with more than one result line (the last one is scored)."""
    by_design: tuple[tuple[str, tuple[GroupStats, ...]], ...] = ()
    """Per design fact of the grammar suites, rows per value (see :func:`by_design`)."""
    printed: tuple[PrintedRow, ...] = ()
    """Issue 15's rows per printed field and list (see :func:`printed_rows`)."""
    printed_targets: tuple[Target, ...] = ()
    """Issue 15's Done-when targets; empty except on the wide suite."""

    @property
    def mismatches(self) -> tuple[Mismatch, ...]:
        return tuple(m for s in self.scores for m in s.mismatches)

    @property
    def missed_reviews(self) -> tuple[tuple[CardScore, str], ...]:
        """(card score, expected code) for each expected review code not raised."""
        return tuple((s, code) for s in self.scores for code in s.missed_reviews)


def evaluate(
    truths: Sequence[Truth],
    results: Sequence[Result],
    *,
    suite: str = "foundation",
    baseline_cpu_s: float = FOUNDATION_CPU_S,
    quality_current: Mapping[str, float] | None = None,
) -> Evaluation:
    """Score every truth card against its result (matched on ``card``).

    ``suite`` chooses the targets; ``baseline_cpu_s`` is the foundation's median the wide
    suite's cost is held to; ``quality_current`` (measure name to threshold, as
    ``QualityThresholds()`` sets them) marks the current rows of the quality trade-off.
    """
    if suite not in SUITES:
        raise ValueError(f"unknown suite {suite!r}; known: {', '.join(SUITES)}")
    by_card: dict[str, Result] = {}
    seen: Counter[str] = Counter()
    for r in results:
        by_card[r.card] = r
        seen[r.card] += 1
    truth_cards = {t.card for t in truths}
    scores = tuple(score_card(t, by_card.get(t.card)) for t in truths)
    overall = group_stats("ALL", scores)
    cpu = cpu_stats(scores)
    confidence = tuple(reliability(scores, f) for f in RELIABILITY_FIELDS)
    printed = printed_rows(scores)
    return Evaluation(
        suite=suite,
        scores=scores,
        overall=overall,
        by_carrier=by_carrier(scores),
        by_condition=by_condition(scores),
        by_layout=by_layout(scores),
        confusions=confusion_table(scores),
        reasons=reason_counts(scores),
        cpu=cpu,
        reliability=confidence,
        quality=quality_tradeoff(scores, quality_current),
        reread=reread_costs(scores),
        targets=(
            wide_targets(overall, cpu, confidence[0].auc, baseline_cpu_s)
            if suite == "wide"
            else directory_targets(overall, scores)
            if suite == "directory"
            else unseen_targets(overall, scores, confidence[0].auc)
            if suite in GRAMMAR_SUITES
            else targets(overall, cpu)
        ),
        missing=tuple(t.card for t in truths if t.card not in by_card),
        unexpected=tuple(sorted(c for c in by_card if c not in truth_cards)),
        duplicates=tuple(sorted(c for c, n in seen.items() if n > 1)),
        by_design=by_design(scores),
        printed=printed,
        printed_targets=issue15_targets(printed) if suite == "wide" else (),
    )
