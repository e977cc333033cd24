"""Tests of the synthetic sample-card generator (no Tesseract needed)."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from samples.gen_draw import (
    CARD_H,
    CARD_W,
    MIN_VALUE_PX,
    TextOp,
    draw_style,
    layout_back,
    layout_front,
)
from samples.gen_spec import CARRIER_NAMES, CARRIERS, FIELD_ORDER, build_spec, portal_group
from samples.generator import CONDITIONS, Truth, generate, main, plan_card

COMMITTED = Path(__file__).resolve().parents[1] / "samples" / "cards"
COMMITTED_ARGS = ("--count", "24", "--seed", "2032")
"""The arguments samples/README.md gives for regenerating samples/cards."""

REVIEW_CODES = {"back_image_required", "school_name_needed", "carrier_unknown", "unreadable"}
DISTRACTOR_KINDS = {"health_plan", "issuer", "policy_parenthesized", "phone"}


def _truth_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _files(root: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file under `root`."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _plan_truths(count: int, seed: int, conditions: list[str]) -> list[Truth]:
    return [plan_card(i, seed, count, CARRIERS, conditions).truth for i in range(count)]


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    conditions = ["scan", "perspective", "rot90", "unreadable"]
    generate(tmp_path / "a", 4, 99, conditions=conditions)
    generate(tmp_path / "b", 4, 99, conditions=conditions)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second
    assert "truth.jsonl" in first and "0000/front.png" in first and "0001/front.jpg" in first
    other = generate(tmp_path / "c", 4, 100, conditions=conditions, truth_only=True)
    assert [t.fields for t in other] != [t.fields for t in _plan_truths(4, 99, conditions)]


def test_images_have_the_promised_shapes(tmp_path: Path) -> None:
    truths = generate(tmp_path, 4, 5, conditions=["scan", "rot90"], carriers=["aetna", "oscar"])
    for t in truths:
        with Image.open(tmp_path / t.front) as im:
            w, h = im.size
            if t.condition == "scan":
                assert im.format == "PNG" and CARD_W <= w <= CARD_W * 1.04
                assert CARD_H <= h <= CARD_H * 1.04
            else:
                assert im.format == "JPEG" and h > w  # turned a quarter: portrait frame


def test_truth_schema() -> None:
    for i in range(200):
        t = json.loads(plan_card(i, 3, 200).truth.to_json())
        assert list(t) == ["card", "carrier", "condition", "readable", "front", "back", "fields",
                           "portal", "distractors", "expect_review"]
        assert re.fullmatch(r"\d{4}", t["card"]) and int(t["card"]) == i
        assert t["carrier"] is None or t["carrier"] in CARRIER_NAMES
        assert t["condition"] in CONDITIONS
        assert t["readable"] is (t["condition"] != "unreadable")
        ext = "png" if t["condition"] in ("scan", "blur") else "jpg"
        assert re.fullmatch(rf"{t['card']}/front\.(png|jpg)", t["front"])
        if t["condition"] != "blur":
            assert t["front"].endswith(ext)
        assert t["back"] in (None, t["front"].replace("front", "back"))
        assert (t["back"] is None) == (i % 10 == 1)
        fields = t["fields"]
        assert list(fields) == [k for k in FIELD_ORDER if k in fields]
        assert {"member_id", "member_name"} <= fields.keys()
        for value in fields.values():
            assert value and value == value.strip() and "  " not in value
        portal = t["portal"]
        assert portal["insurance_provider"] == CARRIER_NAMES.get(t["carrier"] or "")
        assert portal["member_id"] == fields["member_id"]
        assert len(portal["group_number"]) == 6
        tokens = fields["member_name"].split(" ")
        assert (portal["first_name"], portal["last_name"]) == (tokens[0], tokens[-1])
        assert {d["kind"] for d in t["distractors"]} <= DISTRACTOR_KINDS
        assert set(t["expect_review"]) <= REVIEW_CODES
        if not t["readable"]:
            assert t["expect_review"] == ["unreadable"]


def test_expect_review_rules() -> None:
    seen: set[tuple[str | None, str]] = set()
    for i in range(400):
        t = plan_card(i, 8, 400).truth
        if not t.readable:
            continue
        codes = set(t.expect_review)
        assert ("carrier_unknown" in codes) == (t.carrier is None)
        assert ("back_image_required" in codes) == (t.carrier in ("cigna", "anthem") and not t.back)
        school = "school_name" in dict(t.fields)
        needed = t.carrier == "uhc_student_resources" and not school
        assert ("school_name_needed" in codes) == needed
        seen |= {(t.carrier, c) for c in codes}
    assert {("cigna", "back_image_required"), ("anthem", "back_image_required"),
            ("uhc_student_resources", "school_name_needed"), (None, "carrier_unknown")} <= seen


def test_every_carrier_and_condition_in_27_cards_and_every_pair_in_200() -> None:
    plans = [plan_card(i, 1, 200) for i in range(200)]
    first = plans[:27]
    assert {p.spec.carrier for p in first} == set(CARRIERS)
    assert {p.truth.condition for p in first} == set(CONDITIONS)
    pairs = {(p.spec.carrier, p.truth.condition) for p in plans}
    assert pairs == set(itertools.product(CARRIERS, CONDITIONS))


def test_subsets_of_carriers_and_conditions() -> None:
    truths = _plan_truths(6, 4, ["dim", "jpeg"])
    assert {t.condition for t in truths} == {"dim", "jpeg"}
    plans = [plan_card(i, 4, 6, ("oscar",), ("tilt",)) for i in range(6)]
    assert {(p.spec.carrier, p.truth.condition) for p in plans} == {("oscar", "tilt")}


def test_card_content_does_not_depend_on_set_size() -> None:
    assert plan_card(5, 42, 24).truth == plan_card(5, 42, 400).truth


@pytest.mark.parametrize(
    ("carrier", "group", "portal"),
    [
        ("aetna", "866081-030-00001", "866081"),
        ("cigna", "00699999", "XXXXXX"),
        ("cigna", "699999", "699999"),
        ("anthem", "720902MF2A", "XXXXXX"),
        ("unitedhealthcare", "98765", "XXXXXX"),
        ("umr", "76-123456", "XXXXXX"),
        ("uhc_student_resources", "2020-451-1", "XXXXXX"),
        ("oscar", None, "XXXXXX"),
        ("generic", "AB1234", "AB1234"),
    ],
)
def test_portal_group_examples(carrier: str, group: str | None, portal: str) -> None:
    assert portal_group(carrier, group) == portal


@given(st.text(min_size=1, max_size=12), st.sampled_from([c for c in CARRIERS if c != "aetna"]))
def test_portal_group_is_six_characters_or_placeholder(group: str, carrier: str) -> None:
    expected = group if len(group) == 6 else "XXXXXX"
    assert portal_group(carrier, group) == expected


def test_portal_rules_on_generated_cards() -> None:
    for i in range(300):
        t = plan_card(i, 12, 300).truth
        group = dict(t.fields).get("group_number")
        if t.carrier == "aetna":
            assert group is not None and re.fullmatch(r"\d{6}-\d{3}-\d{5}", group)
            assert t.portal.group_number == group[:6]
        elif t.carrier == "oscar" and group is None:
            assert t.portal.group_number == "XXXXXX"
        elif t.carrier == "uhc_student_resources":
            assert group is not None and re.fullmatch(r"\d{4}-\d{3}-\d", group)
            assert ("policy_parenthesized", group.replace("-", "")) in t.distractors
            assert t.portal.group_number == "XXXXXX"
        else:
            assert group is not None
            assert t.portal.group_number == (group if len(group) == 6 else "XXXXXX")


def test_layout_keeps_text_on_the_card_and_apart() -> None:
    for i in range(90):
        rng = random.Random(i)
        spec = build_spec(CARRIERS[i % len(CARRIERS)], rng)
        style = draw_style(spec, rng)
        for ops in (layout_front(spec, style, i), layout_back(spec, style)):
            texts = [op for op in ops if isinstance(op, TextOp) and not op.decor]
            boxes = [op.box() for op in texts]
            for x0, y0, x1, y1 in boxes:
                assert min(x0, y0) >= 0 and x1 <= CARD_W and y1 <= CARD_H
            for a, b in itertools.combinations(boxes, 2):
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
        values = {p.text for e in spec.main + spec.rx for p in e.parts if p.field}
        front = layout_front(spec, style, i)
        printed = [op for op in front if isinstance(op, TextOp) and op.text.strip() in values]
        assert {op.text.strip() for op in printed} >= {
            p.text for e in spec.main for p in e.parts if p.field and len(e.parts) == 1
        }
        assert min(op.font.size for op in printed) >= MIN_VALUE_PX


def test_cli_rejects_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--out", str(tmp_path), "--count", "1", "--seed", "0", "--conditions", "foggy"])
    assert exc.value.code == 2


def test_committed_set_matches_its_regeneration(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), *COMMITTED_ARGS, "--truth-only"]) == 0
    committed = (COMMITTED / "truth.jsonl").read_bytes()
    assert committed == (tmp_path / "truth.jsonl").read_bytes()
    truths = _truth_lines(COMMITTED / "truth.jsonl")
    named = {t["front"] for t in truths} | {t["back"] for t in truths if t["back"]}
    on_disk = {str(p.relative_to(COMMITTED)) for p in COMMITTED.glob("*/*")}
    assert named == on_disk
    assert {t["carrier"] for t in truths} == {None, *CARRIER_NAMES}
    assert {t["condition"] for t in truths} == set(CONDITIONS)
    assert sum(p.stat().st_size for p in COMMITTED.rglob("*") if p.is_file()) < 5_000_000
