"""The card result's JSON Schema: itself valid, accepts the contract's example, rejects breakage."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from tests.contract import CONTRACT_DATES, CONTRACT_FIELDS, PHONE_PURPOSES

SCHEMA_FILE = "card_result.schema.json"

JsonObj = dict[str, Any]


def load_schema() -> JsonObj:
    """The schema as installed package data, else from the source tree."""
    try:
        text = (resources.files("pipeline.schema") / SCHEMA_FILE).read_text(encoding="utf-8")
    except (ImportError, OSError):
        path = Path(__file__).resolve().parents[1] / "pipeline" / "schema" / SCHEMA_FILE
        text = path.read_text(encoding="utf-8")
    schema: JsonObj = json.loads(text)
    return schema


SCHEMA = load_schema()
VALIDATOR = Draft202012Validator(SCHEMA)


def poly(x: float, y: float, w: float = 200, h: float = 30) -> list[list[float]]:
    """An axis-aligned box as the contract's four-point polygon."""
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]


def contract_example() -> JsonObj:
    """CONTRACT.md's example card result with its ``...`` placeholders filled in."""
    return {
        "schema_version": 1,
        "card": "0042",
        "carrier": {"id": "aetna", "name": "Aetna", "confidence": 0.97},
        "fields": {
            "member_id": {
                "value": "W213769935",
                "confidence": 0.94,
                "side": "front",
                "label": "ID",
                "polygon": [[412, 230], [655, 231], [655, 262], [412, 261]],
            },
            "group_number": {
                "value": "866081-030-00001",
                "confidence": 0.91,
                "side": "front",
                "label": "GRP#",
                "polygon": poly(412, 280),
            },
            "member_name": {
                "value": "JOHN Q SAMPLE",
                "confidence": 0.88,
                "side": "front",
                "label": "Member",
                "polygon": poly(412, 180, 260),
            },
        },
        "distractors": [
            {
                "kind": "health_plan",
                "label": "Health Plan (80840)",
                "value": "9140461105",
                "side": "front",
                "polygon": poly(60.5, 400.25),
            }
        ],
        "portal": {
            "insurance_provider": "Aetna",
            "member_id": "W213769935",
            "group_number": "866081",
            "first_name": "JOHN",
            "last_name": "SAMPLE",
        },
        "review": {"needed": False, "reasons": []},
    }


def unreadable_example() -> JsonObj:
    """What a batch gives for a file that is not an image."""
    return {
        "schema_version": 1,
        "card": "0099",
        "carrier": None,
        "fields": {},
        "distractors": [],
        "portal": {"insurance_provider": None, "member_id": None, "group_number": "XXXXXX"},
        "review": {
            "needed": True,
            "reasons": [{"code": "unreadable_file", "message": "front.jpg is not an image"}],
        },
        "timings": {"cpu_s": 0.01, "wall_s": 0.01},
    }


def errors(result: JsonObj) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(result)]


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_contract_example_validates() -> None:
    assert errors(contract_example()) == []


def test_unreadable_batch_result_validates() -> None:
    assert errors(unreadable_example()) == []


def test_card_is_optional_and_extra_keys_are_allowed() -> None:
    result = contract_example()
    del result["card"]
    result["timings"] = {"cpu_s": 0.4, "wall_s": 0.5, "ocr_s": 0.3}
    result["quality"] = {"front": {"sharpness": 812.0}}
    result["ocr_text"] = {"front": "aetna\nID W213769935"}
    result["carrier"]["runner_up"] = "cigna"
    result["fields"]["member_id"]["normalized"] = "W213769935"
    assert errors(result) == []


def _template_rows() -> list[JsonObj]:
    """The carrier table's template rows (the first row is "no carrier", the last the
    payer directory's)."""
    rows: list[JsonObj] = SCHEMA["$defs"]["carrier_table"]["oneOf"][1:-1]
    return rows


def test_every_carrier_pair_validates() -> None:
    table = _template_rows()
    assert len(table) == 23
    for row in table:
        props = row["properties"]
        for source in (None, "template"):
            result = contract_example()
            result["carrier"]["id"] = props["carrier"]["properties"]["id"]["const"]
            result["carrier"]["name"] = props["carrier"]["properties"]["name"]["const"]
            if source:
                result["carrier"]["source"] = source
            result["portal"]["insurance_provider"] = result["carrier"]["name"]
            assert errors(result) == [], result["carrier"]


def _directory_example() -> JsonObj:
    result = contract_example()
    result["carrier"] = {"id": "priority_health", "name": "Priority Health",
                         "confidence": 0.93, "source": "directory", "state": "MI"}
    result["portal"]["insurance_provider"] = "Priority Health"
    return result


def test_directory_carrier_validates() -> None:
    assert errors(_directory_example()) == []


@pytest.mark.parametrize("change", [
    {"source": "template"},                    # a directory id is not a template's
    {"id": "aetna"},                           # a template id is never a directory payer's
    {"id": "Priority-Health"},                 # ids are a-z0-9_
    {"state": "Michigan"},                     # a USPS code
])
def test_directory_carrier_rejects(change: JsonObj) -> None:
    result = _directory_example()
    result["carrier"].update(change)
    assert errors(result) != []


def test_directory_carrier_without_source_or_provider_is_rejected() -> None:
    result = _directory_example()
    del result["carrier"]["source"]
    assert errors(result) != []
    result = _directory_example()
    result["portal"]["insurance_provider"] = None
    assert errors(result) != []


def test_carrier_uncertain_is_a_review_code() -> None:
    result = contract_example()
    result["review"] = {"needed": True, "reasons": [
        {"code": "carrier_uncertain", "message": "the carrier is uncertain"}]}
    assert errors(result) == []


def test_carrier_table_matches_id_and_name_enums() -> None:
    """The id/name table and the two enums list the same carriers, so adding one needs all three."""
    defs = SCHEMA["$defs"]
    rows = [r["properties"]["carrier"]["properties"] for r in _template_rows()]
    assert [r["id"]["const"] for r in rows] == defs["carrier_id"]["enum"]
    assert [r["name"]["const"] for r in rows] == defs["carrier_name"]["enum"]
    assert len(set(defs["carrier_id"]["enum"])) == len(defs["carrier_id"]["enum"])
    assert len(set(defs["carrier_name"]["enum"])) == len(defs["carrier_name"]["enum"])


Mutation = Callable[[JsonObj], None]


def _parent(result: JsonObj, path: str) -> tuple[Any, str | int]:
    """The container holding the dotted ``path`` (list indices as digits) and its last key."""
    *parents, last = path.split(".")
    node: Any = result
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node, int(last) if isinstance(node, list) else last


def _set(path: str, value: Any) -> Mutation:
    def mutate(result: JsonObj) -> None:
        node, key = _parent(result, path)
        node[key] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(result: JsonObj) -> None:
        node, key = _parent(result, path)
        del node[key]

    return mutate


def _both(first: Mutation, second: Mutation) -> Mutation:
    def mutate(result: JsonObj) -> None:
        first(result)
        second(result)

    return mutate


BROKEN: dict[str, Mutation] = {
    "confidence 1.5": _set("fields.member_id.confidence", 1.5),
    "negative confidence": _set("fields.group_number.confidence", -0.1),
    "carrier confidence 1.5": _set("carrier.confidence", 1.5),
    "polygon of 3 points": _set("fields.member_id.polygon", poly(1, 2)[:3]),
    "polygon of 5 points": _set("fields.member_id.polygon", [*poly(1, 2), [0, 0]]),
    "point of 3 numbers": _set("fields.member_id.polygon.0", [1, 2, 3]),
    "point as strings": _set("fields.member_id.polygon.0", ["1", "2"]),
    "distractor polygon of 3 points": _set("distractors.0.polygon", poly(1, 2)[:3]),
    "portal group of 5 chars": _set("portal.group_number", "86608"),
    "portal group of 7 chars": _set("portal.group_number", "8660810"),
    "portal group null": _set("portal.group_number", None),
    "portal group missing": _delete("portal.group_number"),
    "unknown review code": _set(
        "review", {"needed": True, "reasons": [{"code": "looks_odd", "message": "?"}]}
    ),
    "review reason without message": _set(
        "review", {"needed": True, "reasons": [{"code": "blurry"}]}
    ),
    "review needed without reasons": _set("review.needed", True),
    "reasons but review not needed": _set(
        "review.reasons", [{"code": "blurry", "message": "front is blurry"}]
    ),
    "review needed as string": _set("review.needed", "false"),
    "missing review": _delete("review"),
    "unknown field name": _set("fields.policy_number", contract_example()["fields"]["member_id"]),
    "carrier id/name mismatch": _set("carrier.name", "Cigna"),
    "unknown carrier id": _both(_set("carrier.id", "acme"), _set("carrier.name", "Acme")),
    "carrier without confidence": _delete("carrier.confidence"),
    "portal provider is not the carrier's name": _set("portal.insurance_provider", "Cigna"),
    "portal provider without carrier": _set("carrier", None),
    "missing carrier": _delete("carrier"),
    "schema_version 2": _set("schema_version", 2),
    "missing fields": _delete("fields"),
    "empty field value": _set("fields.member_id.value", ""),
    "field value padded with spaces": _set("fields.member_id.value", " W213769935"),
    "field side 'left'": _set("fields.member_id.side", "left"),
    "field without label": _delete("fields.member_id.label"),
    "field without polygon": _delete("fields.member_id.polygon"),
    "field as bare string": _set("fields.member_id", "W213769935"),
    "distractor without kind": _delete("distractors.0.kind"),
    "distractors as object": _set("distractors", {}),
    "card as number": _set("card", 42),
    "first_name as number": _set("portal.first_name", 7),
}


@pytest.mark.parametrize("mutate", BROKEN.values(), ids=BROKEN.keys())
def test_broken_result_fails(mutate: Mutation) -> None:
    result = copy.deepcopy(contract_example())
    mutate(result)
    assert errors(result), "the schema accepted a broken result"


def test_generic_card_without_carrier_validates() -> None:
    result = contract_example()
    result["carrier"] = None
    result["portal"]["insurance_provider"] = None
    result["review"] = {
        "needed": True,
        "reasons": [{"code": "carrier_unknown", "message": "no carrier template matched"}],
    }
    assert errors(result) == []


# ---- Issue 15: every printed field, dates with iso, the lists -------------------------------

NEW_FIELDS = {
    "rx_id": "W213769935",
    "rx_plan": "RXPLAN01",
    "pbm": "CVS CAREMARK",
    "plan_number": "0123",
    "group_name": "ACME WIDGETS INC",
    "birth_date": "04/17/1985",
    "gender": "F",
    "medicare_part_a_date": "03-01-2019",
    "medicare_part_b_date": "03-01-2019",
    "medicaid_id": "123456789012",
    "claims_address": "PO BOX 981106, EL PASO, TX 79998-1106",
}


def located(**item: Any) -> JsonObj:
    """A list item with the side, polygon and confidence every item carries."""
    return {**item, "side": "back", "polygon": poly(30, 300), "confidence": 0.9}


def full_example() -> JsonObj:
    """The contract example with every issue 15 field (dates with ``iso``) and all lists."""
    result = contract_example()
    reading = result["fields"]["member_id"]
    for name, value in NEW_FIELDS.items():
        result["fields"][name] = {**reading, "value": value, "label": name}
    result["fields"]["effective_date"] = {**reading, "value": "01/01/2026", "iso": "2026-01-01"}
    result["fields"]["birth_date"]["iso"] = "1985-04-17"
    result["portal"].update(date_of_birth="1985-04-17", sex="F")
    result["dependents"] = [located(name="JANE Q SAMPLE", suffix="02"),
                            located(name="JIM SAMPLE")]
    result["copays"] = [located(benefit="Specialist", amount="$50"),
                        located(benefit="ER", amount="20%")]
    result["phones"] = [located(purpose=p, label=p.replace("_", " ").title(),
                                number="1-800-555-0100") for p in PHONE_PURPOSES]
    return result


def test_every_contract_field_and_purpose_is_in_the_schema() -> None:
    defs = SCHEMA["$defs"]
    assert defs["fields"]["propertyNames"]["enum"] == list(CONTRACT_FIELDS)
    assert defs["phone_purpose"]["enum"] == list(PHONE_PURPOSES)
    assert sorted(defs["fields"]["properties"]) == sorted(CONTRACT_DATES)


def test_result_with_every_new_key_validates() -> None:
    result = full_example()
    assert set(NEW_FIELDS) <= set(result["fields"])
    assert errors(result) == []


def test_extra_keys_are_allowed_in_list_items() -> None:
    result = full_example()
    result["dependents"][0]["member_id"] = "W213769935-02"
    result["phones"][0]["label_polygon"] = poly(1, 2)
    assert errors(result) == []


BROKEN_ISSUE_15: dict[str, Mutation] = {
    "phone with an unknown purpose": _set("phones.0.purpose", "fax"),
    "copay without amount": _delete("copays.0.amount"),
    "copay without benefit": _delete("copays.1.benefit"),
    "phone without number": _delete("phones.0.number"),
    "phone without label": _delete("phones.0.label"),
    "dependent without name": _delete("dependents.1.name"),
    "dependent suffix as number": _set("dependents.0.suffix", 2),
    "list item without side": _delete("copays.0.side"),
    "list item without polygon": _delete("phones.1.polygon"),
    "list item confidence 1.5": _set("dependents.0.confidence", 1.5),
    "empty list (absent when none)": _set("phones", []),
    "list as object": _set("copays", {"Specialist": "$50"}),
    "iso not YYYY-MM-DD": _set("fields.birth_date.iso", "04/17/1985"),
    "iso as a partial date": _set("fields.effective_date.iso", "2026-01"),
    "date without polygon": _delete("fields.medicare_part_a_date.polygon"),
    "claims address on two lines": _set("fields.claims_address.value", "PO BOX 1\nEL PASO"),
    "portal date of birth as printed": _set("portal.date_of_birth", "04/17/1985"),
    "portal sex as printed": _set("portal.sex", "Female"),
}


@pytest.mark.parametrize("mutate", BROKEN_ISSUE_15.values(), ids=BROKEN_ISSUE_15.keys())
def test_broken_issue_15_result_fails(mutate: Mutation) -> None:
    result = full_example()
    mutate(result)
    assert errors(result), "the schema accepted a broken result"
