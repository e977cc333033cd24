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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CONDITIONS = ("scan", "perspective", "tilt", "rot90", "rot180", "blur", "jpeg", "dim", "unreadable")
"""Photo conditions the generator produces, in report order."""

ANY_REVIEW = "unreadable"
"""The ``expect_review`` entry meaning "any review reason will do"."""

GENERIC = "(generic)"
"""Report label for cards whose truth carrier is null."""

CONFUSABLE_FIELDS = ("member_id", "group_number")
"""Fields checked for having been read from another number on the card."""

JsonObj = Mapping[str, Any]


# ---------------------------------------------------------------- parsed inputs


@dataclass(frozen=True, slots=True)
class TruthDistractor:
    """A labelled number on the generated card that is neither member ID nor group number."""

    kind: str
    value: str


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
    )


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
    review_needed: bool
    silent_error: bool
    mismatches: tuple[Mismatch, ...]
    confusions: tuple[Confusion, ...]
    missed_reviews: tuple[str, ...]
    """``expect_review`` codes (other than ``unreadable``) the result did not raise."""

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

    mismatches: list[Mismatch] = []
    if result is None:
        mismatches.append(mismatch("result", "a result line", None, None))
    if truth.readable:
        mismatches += [mismatch(f, e, g, c) for f, e, g, c, right in checks if not right]
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
        review_needed=needed,
        silent_error=not needed and (not truth.readable or not all_ok),
        mismatches=tuple(mismatches),
        confusions=find_confusions(truth, {n: got(n) for n in CONFUSABLE_FIELDS}),
        missed_reviews=tuple(
            code for code in truth.expect_review if code != ANY_REVIEW and code not in codes
        ),
    )


def find_confusions(truth: Truth, got: Mapping[str, str | None]) -> tuple[Confusion, ...]:
    """Wrong values in ``got`` (field name to value read) that are another number on the card.

    The other number is a truth distractor (kind = its kind) or another truth field (kind =
    that field's name, e.g. ``rx_group`` read as ``group_number``). A value equal to the
    field's own truth is right, never a confusion, even if a distractor has the same value.
    """
    found: list[Confusion] = []
    for field, value in got.items():
        if value is None or value == truth.fields.get(field):
            continue
        kinds = [d.kind for d in truth.distractors if d.value == value]
        kinds += [name for name, v in truth.fields.items() if name != field and v == value]
        found += [Confusion(truth.card, field, kind, value) for kind in dict.fromkeys(kinds)]
    return tuple(found)


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
    silent_errors: int
    reviewed_readable: int
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
    def silent_error_rate(self) -> float | None:
        """Silent errors over all cards of the group, readable or not."""
        return ratio(self.silent_errors, self.n)

    @property
    def review_rate(self) -> float | None:
        """Share of readable cards sent to review."""
        return ratio(self.reviewed_readable, self.readable)

    @property
    def unreadable_recall(self) -> float | None:
        """Share of unreadable cards sent to review."""
        return ratio(self.flagged_unreadable, self.unreadable)


def group_stats(name: str, scores: Iterable[CardScore]) -> GroupStats:
    """Aggregate card scores under the report row label ``name``."""
    scores = list(scores)
    readable = [s for s in scores if s.truth.readable]
    unreadable = [s for s in scores if not s.truth.readable]

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
        silent_errors=sum(1 for s in scores if s.silent_error),
        reviewed_readable=count(lambda s: s.review_needed),
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
    """Readable cards with a back image whose result carried ``timings.cpu_s``."""
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
        if s.truth.has_back and s.truth.readable:
            two_sided.append(cpu)
    return CpuStats(
        cards=len(every),
        median_s=percentile(every, 50) if every else None,
        p90_s=percentile(every, 90) if every else None,
        two_sided_cards=len(two_sided),
        two_sided_median_s=percentile(two_sided, 50) if two_sided else None,
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
    """``%`` for rates (value and limit are fractions) or ``s`` for seconds."""

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False
        return self.value >= self.limit if self.at_least else self.value <= self.limit


def targets(overall: GroupStats, cpu: CpuStats) -> tuple[Target, ...]:
    """The project's Done-when targets, measured on all cards."""
    return (
        Target("carrier accuracy (readable)", overall.carrier_acc, 0.99, True, "%"),
        Target("member ID exact (readable)", overall.member_id_acc, 0.97, True, "%"),
        Target("group number exact (readable)", overall.group_acc, 0.95, True, "%"),
        Target("silent errors (all cards)", overall.silent_error_rate, 0.01, False, "%"),
        Target("unreadable cards flagged", overall.unreadable_recall, 0.95, True, "%"),
        Target("median CPU-s per two-sided card", cpu.two_sided_median_s, 0.8, False, "s"),
    )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything the bench report shows, computed from truth and results."""

    scores: tuple[CardScore, ...]
    """One per truth card, in truth order."""
    overall: GroupStats
    by_carrier: tuple[GroupStats, ...]
    by_condition: tuple[GroupStats, ...]
    confusions: tuple[ConfusionRow, ...]
    reasons: Mapping[str, int]
    cpu: CpuStats
    targets: tuple[Target, ...]
    missing: tuple[str, ...]
    """Truth cards the batch wrote no result for."""
    unexpected: tuple[str, ...]
    """Result cards that are not in the truth."""
    duplicates: tuple[str, ...]
    """Cards with more than one result line (the last one is scored)."""

    @property
    def mismatches(self) -> tuple[Mismatch, ...]:
        return tuple(m for s in self.scores for m in s.mismatches)

    @property
    def missed_reviews(self) -> tuple[tuple[CardScore, str], ...]:
        """(card score, expected code) for each expected review code not raised."""
        return tuple((s, code) for s in self.scores for code in s.missed_reviews)


def evaluate(truths: Sequence[Truth], results: Sequence[Result]) -> Evaluation:
    """Score every truth card against its result (matched on ``card``)."""
    by_card: dict[str, Result] = {}
    seen: Counter[str] = Counter()
    for r in results:
        by_card[r.card] = r
        seen[r.card] += 1
    truth_cards = {t.card for t in truths}
    scores = tuple(score_card(t, by_card.get(t.card)) for t in truths)
    overall = group_stats("ALL", scores)
    cpu = cpu_stats(scores)
    return Evaluation(
        scores=scores,
        overall=overall,
        by_carrier=by_carrier(scores),
        by_condition=by_condition(scores),
        confusions=confusion_table(scores),
        reasons=reason_counts(scores),
        cpu=cpu,
        targets=targets(overall, cpu),
        missing=tuple(t.card for t in truths if t.card not in by_card),
        unexpected=tuple(sorted(c for c in by_card if c not in truth_cards)),
        duplicates=tuple(sorted(c for c, n in seen.items() if n > 1)),
    )
