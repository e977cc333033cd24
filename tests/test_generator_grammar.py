"""Tests of the grammar sample generator and its unseen suites (issue 12; no Tesseract)."""

from __future__ import annotations

import io
import json
import random
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pytest
from PIL import Image

from samples import gen_grammar, gen_grammar_spec
from samples.gen_directory import DIRECTORY_IDS, directory_names
from samples.gen_draw import CARD_H, CARD_W
from samples.gen_grammar import (
    DEV_SEED,
    DIRECTORY_SEED,
    FROZEN_SEEDS,
    GRAMMAR_CONDITIONS,
    SUITE_SLOTS,
    TEST_SEED,
    GrammarPlan,
    plan_grammar_card,
    render_grammar_card,
)
from samples.gen_grammar_draw import (
    FINE_EM,
    MIN_LABEL_EM,
    MIN_VALUE_EM,
    Op,
    Text,
    draw,
    load,
)
from samples.gen_grammar_spec import (
    GRAMMAR_CARRIERS,
    OTHER_PAYERS,
    PLACEHOLDERS,
    TEMPLATE_CARRIERS,
    GrammarCard,
    grammar_card,
)
from samples.gen_photo import UNREADABLE_CONDITIONS
from samples.gen_spec import ALL_CARRIER_NAMES, FIELD_ORDER, PHONE_PURPOSES, is_placeholder
from samples.generator import assign, generate, main
from tests.bench import metrics

DEV = "unseen_dev"
SHAPE_KEYS = ["card", "carrier", "condition", "readable", "front", "back", "fields", "portal",
              "distractors", "expect_review", "layout", "dependents", "copays", "phones",
              "payer_name", "design"]
"""Truth keys, in order: the existing truth line's, the wide suite's `layout`, issue 15's
three lists, then the grammar's two."""


@lru_cache(maxsize=4)
def _plans(seed: int, count: int) -> tuple[GrammarPlan, ...]:
    return tuple(plan_grammar_card(i, seed, count) for i in range(count))


@lru_cache(maxsize=1)
def _directory_plans(count: int = 120) -> tuple[GrammarPlan, ...]:
    return tuple(plan_grammar_card(i, DIRECTORY_SEED, count, SUITE_SLOTS["directory"])
                 for i in range(count))


def _drawn_texts(plan: GrammarPlan) -> tuple[list[Text], list[Text]]:
    drawn = draw(plan.card, gen_grammar._style_rng(plan.seed, plan.index), plan.has_back,
                 pixels=False)
    back = list(drawn.back_ops or ())
    return _texts(drawn.front_ops), _texts(back)


def _texts(ops: Sequence[Op]) -> list[Text]:
    return [op for op in ops if isinstance(op, Text)]


def _strip(text: str) -> str:
    return text[1:-1] if text.startswith("(") and text.endswith(")") else text


def test_same_arguments_give_the_same_truth_and_png_bytes(tmp_path: Path) -> None:
    a = [p.truth.to_json() for p in _plans(DEV_SEED, 40)]
    b = [plan_grammar_card(i, DEV_SEED, 40).truth.to_json() for i in range(40)]
    assert a == b
    assert [plan_grammar_card(i, DEV_SEED, 400).truth.to_json() for i in range(3)] == a[:3]
    truths = generate(tmp_path / "a", 2, 7, conditions=["scan"], suite=DEV)
    generate(tmp_path / "b", 2, 7, conditions=["scan"], suite=DEV)
    for t in truths:
        assert t.front.endswith(".png")
        assert (tmp_path / "a" / t.front).read_bytes() == (tmp_path / "b" / t.front).read_bytes()
    assert (tmp_path / "a/truth.jsonl").read_bytes() == (tmp_path / "b/truth.jsonl").read_bytes()


def test_frozen_test_seed_differs_from_the_dev_seed(tmp_path: Path) -> None:
    assert len({TEST_SEED, DEV_SEED}) == 2
    assert TEST_SEED in FROZEN_SEEDS and DEV_SEED not in FROZEN_SEEDS
    with pytest.raises(ValueError, match="frozen test range"):
        generate(tmp_path, 1, TEST_SEED, suite=DEV, truth_only=True)
    test = [p.truth.fields for p in (plan_grammar_card(i, TEST_SEED, 10) for i in range(10))]
    dev = [p.truth.fields for p in _plans(DEV_SEED, 40)[:10]]
    assert test != dev
    assert main(["--out", str(tmp_path), "--count", "3", "--suite", DEV, "--truth-only"]) == 0
    lines = (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == [p.truth.to_json() for p in _plans(DEV_SEED, 3)]


def test_suites_are_mostly_readable_with_many_payers_without_a_template() -> None:
    truths = [p.truth for p in _plans(DEV_SEED, 400)]
    assert sum(t.readable for t in truths) / len(truths) >= 0.85
    others = [t for t in truths if not dict(t.design or ())["template"]]
    assert len(others) / len(truths) >= 0.25
    # Payers without a template are the payer directory's: their truth carrier is its id.
    assert {t.carrier for t in truths} - {t.carrier for t in others} == set(TEMPLATE_CARRIERS)
    assert all(t.carrier == DIRECTORY_IDS[t.payer_name or ""] for t in others)
    assert {t.condition for t in truths} >= set(GRAMMAR_CONDITIONS)
    assert len({t.payer_name for t in others}) >= 25
    assert len(OTHER_PAYERS) >= 40
    designs = [dict(t.design or ()) for t in truths]
    for key, values in (("columns", {1, 2, 3}), ("marks", {True, False}),
                        ("placement", {"inline", "tab", "stacked", "heads", "pairs", "mixed"}),
                        ("id_style", {"labelled", "unlabelled", "split_prefix", "suffix"})):
        assert {d[key] for d in designs} == values


def test_truth_has_the_existing_shape_and_rules() -> None:
    for p in _plans(DEV_SEED, 400):
        t = json.loads(p.truth.to_json())
        assert list(t) == SHAPE_KEYS
        parsed = metrics.parse_truth(t)
        assert parsed.design and parsed.payer_name == p.card.payer_name
        fields = t["fields"]
        assert list(fields) == [k for k in FIELD_ORDER if k in fields]
        assert {"member_id", "member_name"} <= fields.keys()
        for value in fields.values():
            assert value and value == value.strip() and "  " not in value
        portal = t["portal"]
        template = t["design"]["template"]
        assert portal["insurance_provider"] == (
            ALL_CARRIER_NAMES[t["carrier"]] if template else directory_names()[t["carrier"]])
        assert portal["member_id"] == fields["member_id"]
        assert len(portal["group_number"]) == 6
        assert portal["first_name"] in fields["member_name"]
        assert portal["last_name"] in fields["member_name"]
        assert t["readable"] is (t["condition"] not in UNREADABLE_CONDITIONS)
        if not t["readable"]:
            assert t["expect_review"] == ["unreadable"]
        else:
            assert "carrier_unknown" not in t["expect_review"]
        assert (t["back"] is None) == (p.index % 10 == 1 or t["layout"] != "separate")
        assert template is (t["carrier"] in ALL_CARRIER_NAMES)
        if t["condition"] == "webp_misnamed":
            assert t["front"].endswith(".jpeg")


def test_placeholders_are_never_truth() -> None:
    pattern = re.compile(r"XXX|MM/DD|\$XX")
    for p in _plans(DEV_SEED, 400):
        t = p.truth
        values = [v for _, v in t.fields] + [v for _, v in t.distractors] + [
            v for c in t.copays for v in (c.benefit, c.amount)] + [
            v for ph in t.phones for v in (ph.label, ph.number)] + [d.name for d in t.dependents]
        for v in values:
            assert v not in PLACEHOLDERS and not pattern.search(v), (p.truth.card, v)
        if not dict(p.truth.design or ())["mock_values"]:
            assert not re.fullmatch(r"[A-Z]*0+9+", dict(p.truth.fields)["member_id"])


def test_every_truth_value_is_drawn_big_enough_and_on_the_card() -> None:
    for p in _plans(DEV_SEED, 400)[:90]:
        front, back = _drawn_texts(p)
        sides = front + back
        fields = dict(p.truth.fields)
        also = {part.also: part.field for it in p.card.front_items() + p.card.back_items()
                for part in it.parts if part.also}
        for name, value in p.truth.fields:
            if name == "claims_address":  # two lines, checked with the lists
                continue
            runs = [op for op in sides if op.field == name]
            if not runs and name in also:  # the value of another field, e.g. Part A's date
                assert value == fields[str(also[name])], (p.truth.card, name)
                continue
            assert runs, (p.truth.card, name)
            if name == "member_id":
                prefix = [op.text for op in sides if op.field == "member_id_prefix"]
                assert (prefix[0] if prefix else "") + runs[0].text == value
            else:
                assert _strip(runs[0].text) == value, (p.truth.card, name)
        drawn = sorted((op.distractor, _strip(op.text)) for op in sides if op.distractor)
        assert drawn == sorted(p.truth.distractors), p.truth.card
        for op in sides:
            x0, y0, x1, y1 = op.box()
            assert x0 >= -1 and x1 <= CARD_W + 1 and y0 >= -1 and y1 <= CARD_H + 1, op
            cap = load(op.font).getbbox("H", anchor="ls")
            if op.field is not None or op.distractor is not None:
                assert op.font.size >= MIN_VALUE_EM * 0.8 and cap[3] - cap[1] >= 7
            elif op.role not in ("web", "corner_web", "other", "tagline", "mark", "logo"):
                assert op.font.size >= MIN_LABEL_EM and cap[3] - cap[1] >= 7, op
            else:
                assert op.font.size >= FINE_EM


def test_new_conditions_write_what_they_promise(tmp_path: Path) -> None:
    truths = generate(tmp_path, 3, 11, conditions=list(GRAMMAR_CONDITIONS), suite=DEV)
    by_condition = {t.condition: t for t in truths}
    small = Image.open(tmp_path / by_condition["web_small"].front)
    assert small.format == "JPEG" and 415 <= small.width <= 445 and small.height < 290
    copy = Image.open(tmp_path / by_condition["photocopy"].front)
    assert copy.mode == "L" and copy.width > CARD_W
    webp = tmp_path / by_condition["webp_misnamed"].front
    assert webp.suffix == ".jpeg" and Image.open(webp).format == "WEBP"
    assert all(t.readable for t in truths)


def test_glare_gets_the_member_id_boxes() -> None:
    plan = plan_grammar_card(0, DEV_SEED, 1, conditions=["glare_unreadable"])
    front, back = render_grammar_card(plan)
    assert Image.open(io.BytesIO(front)).format == "JPEG" and back is not None
    drawn = draw(plan.card, random.Random(0), False, pixels=False)
    assert gen_grammar.value_boxes(drawn.front_ops).member_id


# --- issue 15: every field and list a card prints -----------------------------------------------


AMOUNT = re.compile(r"\$[\d,]+(/\$\d+)?|\d+%")
"""A copay amount as printed: `$20`, `$1,500`, `$25/$50`, `20%`."""


def _label(op: Text) -> str:
    return op.text.rstrip(":")


@pytest.mark.parametrize("suite", [DEV, "directory"])
def test_truth_lists_are_what_the_uploaded_sides_print(suite: str) -> None:
    plans = _plans(DEV_SEED, 400)[:132] if suite == DEV else _directory_plans()
    seen: set[str] = set()
    for p in plans:
        t = p.truth
        front, back = _drawn_texts(p)
        sides = front + back
        assert [d.name for d in t.dependents] == list(p.card.dependents)
        names = [op.text for op in front if op.role == "dependents"]
        assert all(d.name in names for d in t.dependents)
        assert len(names) == (len(t.dependents) + 1 if t.dependents else 0)  # label + names
        copay_texts = [op for op in sides if op.role in ("copay", "copay_grid")]
        for c in t.copays:
            assert AMOUNT.fullmatch(c.amount) and not AMOUNT.fullmatch(c.benefit), (t.card, c)
            assert any(_label(op) == c.benefit for op in copay_texts), (t.card, c)
            assert any(op.text == c.amount for op in copay_texts), (t.card, c)
        assert len(t.copays) == sum(bool(AMOUNT.fullmatch(op.text)) for op in copay_texts)
        drawn = sorted(_strip(op.text) for op in sides if op.distractor == "phone")
        assert drawn == sorted(ph.number for ph in t.phones), t.card
        labels = {_label(op) for op in sides if op.role == "phone" and op.distractor is None}
        for ph in t.phones:
            assert ph.purpose in PHONE_PURPOSES and ph.label in labels, (t.card, ph)
        claims = dict(t.fields).get("claims_address")
        lines = [op.text for op in back if op.role == "claims"]
        assert (claims is not None) == bool(lines), t.card
        if claims is not None:
            assert any(claims == f"{a}, {b}" for a in lines for b in lines), (t.card, claims)
        seen |= {k for k in ("dependents", "copays", "phones") if getattr(t, k)}
        seen |= dict(t.fields).keys()
    assert {"dependents", "copays", "phones", "claims_address"} <= seen
    assert ({"pbm", "medicaid_id"} if suite == "directory" else
            {"plan_number", "medicare_part_a_date"}) <= seen


def test_every_truth_line_has_the_three_lists(tmp_path: Path) -> None:
    main(["--out", str(tmp_path), "--count", "12", "--suite", "directory", "--truth-only"])
    for line in (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        assert all(isinstance(t[k], list) for k in ("dependents", "copays", "phones"))
        assert all(not is_placeholder(c["amount"]) for c in t["copays"])


def _without_extras(p: GrammarPlan) -> GrammarCard:
    """The planned card as the grammar drew it before issue 15's extras (unseen_dev)."""
    slot, _ = assign(p.index, GRAMMAR_CARRIERS, gen_grammar.UNSEEN_CONDITIONS)
    return grammar_card(slot, gen_grammar._content_rng(p.seed, p.index))


def test_issue15_extras_keep_every_value_the_card_printed() -> None:
    changed = 0
    for p in _plans(DEV_SEED, 400)[:200]:
        before = gen_grammar_spec.truth_fields(_without_extras(p), p.has_back)
        after = dict(p.truth.fields)
        assert before.items() <= after.items(), p.truth.card
        added = after.keys() - before.keys()
        assert added <= {"rx_id", "rx_plan", "pbm", "plan_number", "group_name", "birth_date",
                         "gender", "medicaid_id", "medicare_part_b_date", "plan_name"}
        assert "plan_name" not in added or "Medicare" in after["plan_name"]
        old = gen_grammar_spec.truth_distractors(_without_extras(p), p.has_back)
        assert not Counter(old) - Counter(p.truth.distractors), p.truth.card
        changed += bool(added)
    assert changed >= 80


def test_issue15_extras_print_every_new_field_and_the_traps() -> None:
    plans = _plans(DEV_SEED, 400) + _directory_plans()
    seen: Counter[str] = Counter()
    for p in plans:
        t, fields = p.truth, dict(p.truth.fields)
        seen.update(fields.keys() & set(FIELD_ORDER[FIELD_ORDER.index("rx_id"):]))
        seen["rx_id is the member ID"] += fields.get("rx_id") == fields["member_id"]
        seen["Medicare in a plan name"] += "Medicare" in fields.get("plan_name", "") and (
            t.carrier != "medicare")
        assert fields.get("plan_number") != fields["member_id"]
        items = p.card.front_items() + (p.card.back_items() if p.has_back else ())
        grids = [it for it in items if it.role == "copay_grid"]
        seen["copay table in two columns"] += bool(grids)
        for grid in grids:  # a card's only copays: every cell of the table, row by row
            cells = [(a.text, b.text) for a, b in zip(grid.parts[::2], grid.parts[1::2],
                                                      strict=True)]
            assert cells == [(c.benefit, c.amount) for c in t.copays], t.card
        stacked = [it for it in items if it.stacked]
        seen["label above the number"] += bool(stacked)
        assert all(any(ph.label == it.label and ph.number == it.value for ph in t.phones)
                   for it in stacked)
        tty = [it for it in items if it.label == "TTY" and it.value == "711"]
        seen["TTY 711"] += bool(tty)
        assert all(ph.number != "711" for ph in t.phones)
    for name in ("rx_id", "rx_plan", "pbm", "plan_number", "group_name", "birth_date", "gender",
                 "medicaid_id", "medicare_part_a_date", "medicare_part_b_date",
                 "claims_address", "rx_id is the member ID", "Medicare in a plan name",
                 "copay table in two columns", "label above the number", "TTY 711"):
        assert seen[name] >= 3, (name, seen)


def test_a_stacked_phone_has_its_label_on_the_line_above() -> None:
    found = 0
    for p in _plans(DEV_SEED, 400)[:200]:
        if not p.has_back or not any(it.stacked for it in p.card.back):
            continue
        _, back = _drawn_texts(p)
        for it in p.card.back:
            if it.stacked:
                label = next(op for op in back if op.text == it.label and op.role == "phone")
                number = next(op for op in back if op.text == it.value)
                assert label.y < number.y - number.font.size * 0.6 and label.x == number.x
                found += 1
    assert found >= 20
