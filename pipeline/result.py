"""Serialise a card result to the contract's JSON object (schema_version 1)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pipeline.dates import iso_date
from pipeline.geometry import map_polygon
from pipeline.lists import Copay, Dependent, Phone
from pipeline.portal import NO_GROUP
from pipeline.types import Box, CardResult, ReviewReason, Side, SideRead

SCHEMA_VERSION = 1


DATE_FIELDS = frozenset({"effective_date", "birth_date", "medicare_part_a_date",
                         "medicare_part_b_date"})
"""Fields whose value is a date: the result adds its ``iso`` form when it is complete."""


def _polygon(box: Box, side: Side, sides: dict[Side, SideRead]) -> list[list[float]]:
    """A card-frame box as four corners in the uploaded photo's pixels."""
    read = sides.get(side)
    corners = map_polygon(read.card.card_to_photo, box.corners()) if read else box.corners()
    return [[x, y] for x, y in corners]


def _item(item: Dependent | Copay | Phone, sides: dict[Side, SideRead]) -> dict[str, Any]:
    """A list item as the contract's object: its own keys (``suffix`` only where printed),
    then ``side``, ``polygon`` (photo frame) and ``confidence``."""
    own = {k: v for k, v in asdict(item).items()
           if k not in ("side", "box", "confidence") and v is not None}
    return {**own, "side": item.side, "polygon": _polygon(item.box, item.side, sides),
            "confidence": item.confidence}


def to_json(result: CardResult) -> dict[str, Any]:
    """The contract's card result; extra keys: ``quality``, ``timings``, ``engine``."""
    sides: dict[Side, SideRead] = {s.side: s for s in result.sides}
    c = result.carrier
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if result.card is not None:
        out["card"] = result.card
    out["carrier"] = None
    if c.id is not None:
        out["carrier"] = {"id": c.id, "name": c.name, "confidence": c.confidence,
                          "source": c.source or "template"}
        if c.state is not None:
            out["carrier"]["state"] = c.state
    printed = result.lists
    readings = dict(result.fields)
    if printed is not None and printed.claims_address is not None:
        readings.setdefault("claims_address", printed.claims_address)  # never over a field
    out["fields"] = {
        name: {
            "value": f.value,
            "confidence": f.confidence,
            "side": f.side,
            "label": f.label,
            "polygon": _polygon(f.box, f.side, sides),
            **({"iso": iso} if name in DATE_FIELDS and (iso := iso_date(f.value)) else {}),
        }
        for name, f in readings.items()
    }
    out["distractors"] = [
        {"kind": d.kind, "label": d.label, "value": d.value, "side": d.side,
         "polygon": _polygon(d.box, d.side, sides)}
        for d in result.distractors
    ]
    out["portal"] = {k: v for k, v in result.portal.items() if v is not None or k in (
        "insurance_provider", "member_id")}
    out["review"] = {
        "needed": bool(result.reasons),
        "reasons": [{"code": r.code, "message": r.message} for r in result.reasons],
    }
    if printed is not None:
        for key, items in (("dependents", printed.dependents), ("copays", printed.copays),
                           ("phones", printed.phones)):
            if items:
                out[key] = [_item(item, sides) for item in items]
    if c.runner_up is not None:
        out["carrier_runner_up"] = {"id": c.runner_up, "score": c.runner_up_score}
    out["quality"] = {s.side: asdict(s.quality) for s in result.sides}
    out["orientation"] = {s.side: s.card.rotation for s in result.sides}
    out["timings"] = {k: round(v, 4) for k, v in result.timings.items()}
    return out


def failure_json(card: str | None, reason: ReviewReason, **extra: Any) -> dict[str, Any]:
    """The result of a card that could not be processed at all (bad file, engine failure)."""
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if card is not None:
        out["card"] = card
    out.update({
        "carrier": None,
        "fields": {},
        "distractors": [],
        "portal": {"insurance_provider": None, "member_id": None, "group_number": NO_GROUP},
        "review": {"needed": True, "reasons": [{"code": reason.code, "message": reason.message}]},
    })
    out.update(extra)
    return out
