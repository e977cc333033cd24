"""The review decision: whether a person must look at the card, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.config import Config
from pipeline.templates import Template
from pipeline.types import CarrierMatch, FieldReading, ReviewReason

REASON_ORDER = (
    "unreadable_file",
    "image_too_small",
    "card_not_found",
    "too_dark",
    "blurry",
    "glare",
    "carrier_unknown",
    "carrier_uncertain",
    "member_id_missing",
    "member_id_uncertain",
    "group_number_uncertain",
    "back_image_required",
    "school_name_needed",
)
"""Contract review codes, most serious first; reasons are reported in this order."""


def decide(
    *,
    template: Template,
    carrier: CarrierMatch,
    fields: Mapping[str, FieldReading],
    quality_reasons: Sequence[ReviewReason],
    has_back: bool,
    config: Config,
    group_label_seen: bool = False,
    group_blank: bool = False,
    payer_prints_group: bool = False,
) -> tuple[ReviewReason, ...]:
    """All reasons a person must look at this card (empty when none; a card outline not
    found is no reason alone: the values' own confidence speaks). ``group_label_seen``:
    a group label was printed on the card (even where the carrier's cards often show none),
    or a code stands where a lost one's value would;
    ``group_blank``: a group label was printed with a placeholder (``XXXXXXX``), so the card
    shows that it has no group number; ``payer_prints_group``: the card is an employer plan's
    of a payer named from the directory (:func:`pipeline.process.payer_prints_group`), whose
    cards print a group number."""
    reasons = list(quality_reasons)
    if carrier.id is None:
        reasons.append(ReviewReason("carrier_unknown", "no known carrier was recognised"))
    elif carrier.confidence < config.carrier_min_confidence:
        other = f" or {carrier.runner_up}" if carrier.runner_up else ""
        reasons.append(
            ReviewReason("carrier_uncertain", f"the carrier is uncertain ({carrier.name}{other})")
        )
    member = fields.get("member_id")
    member_bar, group_bar = config.member_id_min_confidence, config.group_min_confidence
    if member is None:
        reasons.append(ReviewReason("member_id_missing", "no member ID was found"))
    elif member.confidence < member_bar:
        reasons.append(
            ReviewReason(
                "member_id_uncertain",
                f"the member ID was read with low confidence ({member.confidence:.2f})",
            )
        )
    group = fields.get("group_number")
    if group is not None and group.confidence < group_bar:
        reasons.append(
            ReviewReason(
                "group_number_uncertain",
                f"the group number was read with low confidence ({group.confidence:.2f})",
            )
        )
    elif group is None and group_label_seen:
        reasons.append(
            ReviewReason(
                "group_number_uncertain", "the card labels a group number that could not be read"
            )
        )
    elif group is None and not group_blank and (
        (template.group_expected and carrier.template_id is not None) or payer_prints_group
    ):
        name = template.name if carrier.template_id is not None else carrier.name
        reasons.append(
            ReviewReason("group_number_uncertain", f"no group number was found on this {name} card")
        )
    if template.requires_back and not has_back:
        reasons.append(
            ReviewReason("back_image_required", f"{template.name} cards need a photo of the back")
        )
    school = fields.get("school_name")
    if template.needs_school_name and (
            school is None or school.confidence < config.school_min_confidence):
        reasons.append(
            ReviewReason(
                "school_name_needed", "the name of the school administering the plan was not found"
            )
        )
    if all(r.code == "card_not_found" for r in reasons):
        # No outline was found, yet the carrier and every value were read and trusted: a
        # dark card on a dark table, a card filling the photo. The missing outline is
        # told only beside what it cost (a value or the carrier not read).
        return ()
    return order(reasons)


def order(reasons: Sequence[ReviewReason]) -> tuple[ReviewReason, ...]:
    """Unique reasons by code, most serious first."""
    seen: dict[str, ReviewReason] = {}
    for r in reasons:
        seen.setdefault(r.code, r)
    return tuple(sorted(seen.values(), key=lambda r: REASON_ORDER.index(r.code)))
