"""The review decision (pipeline.review): which reasons send a card to a person."""

from __future__ import annotations

from pipeline import review
from pipeline.config import Config
from pipeline.templates import Template, load_templates
from pipeline.types import Box, CarrierMatch, FieldReading, ReviewReason

NOT_FOUND = ReviewReason("card_not_found", "no card outline was found in the photo")
GLARE = ReviewReason("glare", "glare covers part of the card")


def aetna() -> tuple[Template, CarrierMatch]:
    _, carriers = load_templates()
    template = next(t for t in carriers if t.id == "aetna")
    return template, CarrierMatch("aetna", "Aetna", 1.0, "aetna", None, 0.0, "template")


def reading(name: str, value: str, confidence: float) -> FieldReading:
    return FieldReading(name=name, value=value, confidence=confidence, side="front",
                        label="ID", box=Box(10, 10, 200, 40))


def decide(fields: dict[str, FieldReading], quality: list[ReviewReason]) -> set[str]:
    template, carrier = aetna()
    reasons = review.decide(template=template, carrier=carrier, fields=fields,
                            quality_reasons=quality, has_back=True, config=Config())
    return {r.code for r in reasons}


def test_an_outline_not_found_is_no_reason_alone_when_every_value_is_trusted() -> None:
    fields = {"member_id": reading("member_id", "W123456789", 0.9),
              "group_number": reading("group_number", "866081-030-00001", 0.9)}
    assert decide(fields, [NOT_FOUND]) == set()
    # Beside another photo reason it stays told.
    assert decide(fields, [NOT_FOUND, GLARE]) == {"card_not_found", "glare"}


def test_an_outline_not_found_is_told_beside_what_it_cost() -> None:
    group = {"group_number": reading("group_number", "866081-030-00001", 0.9)}
    assert decide(group, [NOT_FOUND]) == {"card_not_found", "member_id_missing"}
    doubted = {**group, "member_id": reading("member_id", "W123456789", 0.2)}
    assert decide(doubted, [NOT_FOUND]) == {"card_not_found", "member_id_uncertain"}
