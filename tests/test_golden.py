"""Golden end-to-end runs: the committed sample cards through real Tesseract, both engines.

Expected values are the generator's ground truth (samples/cards/truth.jsonl), never the
pipeline's own output. A card may go to review; a card that does not go to review must be
right in every value the portal uses (never silently wrong).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from pipeline.batch import WorkerSetup, run_batch
from pipeline.discover import discover
from tests.test_schema import SCHEMA

CARDS = Path(__file__).resolve().parents[1] / "samples" / "cards"
MIN_MEMBER_ID_RIGHT = 0.8
"""Share of readable sample cards whose member ID must be read exactly (the bench holds
the real accuracy targets; this floor catches a pipeline that reviews everything)."""

pytestmark = pytest.mark.tesseract


def _truth() -> dict[str, dict[str, Any]]:
    lines = (CARDS / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return {t["card"]: t for t in map(json.loads, lines)}


@pytest.fixture(scope="module", params=["tesserocr", "pytesseract"])
def results(request: pytest.FixtureRequest) -> dict[str, dict[str, Any]]:
    setup = WorkerSetup(engine=request.param)
    return {r["card"]: r for r in run_batch(discover(CARDS), workers=1, setup=setup)}


def _value(result: dict[str, Any], name: str) -> str | None:
    field = result["fields"].get(name)
    return None if field is None else str(field["value"])


def test_every_card_has_one_valid_result(results: dict[str, dict[str, Any]]) -> None:
    assert set(results) == set(_truth())
    validator = Draft202012Validator(SCHEMA)
    for card, result in results.items():
        errors = [e.message for e in validator.iter_errors(result)]
        assert not errors, (card, errors)


def test_no_card_is_silently_wrong(results: dict[str, dict[str, Any]]) -> None:
    for card, truth in _truth().items():
        r = results[card]
        if r["review"]["needed"]:
            continue
        assert truth["readable"], f"{card}: unreadable card not sent to review"
        got = {
            "carrier": (r["carrier"] or {}).get("id"),
            "member_id": _value(r, "member_id"),
            "group_number": _value(r, "group_number"),
            "portal_group": r["portal"]["group_number"],
            "provider": r["portal"]["insurance_provider"],
        }
        want = {
            "carrier": truth["carrier"],
            "member_id": truth["fields"].get("member_id"),
            "group_number": truth["fields"].get("group_number"),
            "portal_group": truth["portal"]["group_number"],
            "provider": truth["portal"]["insurance_provider"],
        }
        assert got == want, card


def test_unreadable_cards_and_content_rules_go_to_review(
    results: dict[str, dict[str, Any]],
) -> None:
    for card, truth in _truth().items():
        codes = {x["code"] for x in results[card]["review"]["reasons"]}
        if not truth["readable"]:
            assert codes, f"{card}: unreadable card not flagged"
            continue
        expected = set(truth["expect_review"]) - {"unreadable"}
        assert expected <= codes, (card, expected - codes)


def test_most_member_ids_are_read(results: dict[str, dict[str, Any]]) -> None:
    readable = [t for t in _truth().values() if t["readable"]]
    right = [
        t for t in readable
        if _value(results[t["card"]], "member_id") == t["fields"]["member_id"]
    ]
    assert len(right) >= MIN_MEMBER_ID_RIGHT * len(readable), (
        f"{len(right)}/{len(readable)} member IDs right"
    )


def test_polygons_lie_on_the_uploaded_photo(results: dict[str, dict[str, Any]]) -> None:
    from PIL import Image

    for card, truth in _truth().items():
        for field in results[card]["fields"].values():
            path = CARDS / truth[field["side"]]
            with Image.open(path) as im:
                width, height = im.size
            for x, y in field["polygon"]:
                assert -2 <= x <= width + 2 and -2 <= y <= height + 2, (card, field)
