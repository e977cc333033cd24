"""Tests of the synthetic sample-card generator (no Tesseract needed)."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from samples import gen_photo, gen_spec
from samples.gen_draw import (
    CARD_H,
    CARD_W,
    MIN_VALUE_PX,
    TextOp,
    draw_card,
    draw_style,
    layout_back,
    layout_front,
    render,
)
from samples.gen_photo import LAYOUTS, NEW_CONDITIONS, UNREADABLE_CONDITIONS, WIDE_CONDITIONS
from samples.gen_spec import (
    CARRIER_NAMES,
    CARRIERS,
    FIELD_ORDER,
    NEW_CARRIERS,
    PHONE_PURPOSES,
    build_spec,
    is_placeholder,
    phone_purpose,
    portal_group,
)
from samples.generator import (
    CONDITIONS,
    WIDE_CARRIERS,
    CardPlan,
    Truth,
    _style_rng,
    front_value_boxes,
    generate,
    main,
    plan_card,
    render_card,
)

COMMITTED = Path(__file__).resolve().parents[1] / "samples" / "cards"
COMMITTED_ARGS = ("--count", "24", "--seed", "2032")
"""The arguments samples/README.md gives for regenerating samples/cards."""

REVIEW_CODES = {"back_image_required", "school_name_needed", "carrier_unknown", "unreadable"}
LISTS = ["dependents", "copays", "phones"]
"""Issue 15's truth lists, on every line."""
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
                           "portal", "distractors", "expect_review", *LISTS]
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


# --- suites and the conditions added for issue 3 ------------------------------------------------

WIDE_KEYS = ["card", "carrier", "condition", "readable", "front", "back", "fields", "portal",
             "distractors", "expect_review", "layout", *LISTS]


def _wide_truths(count: int, seed: int) -> list[dict[str, Any]]:
    return [json.loads(plan_card(i, seed, count, WIDE_CARRIERS, WIDE_CONDITIONS, "wide")
                       .truth.to_json()) for i in range(count)]


def test_wide_suite_covers_every_carrier_and_condition_in_400_cards() -> None:
    truths = _wide_truths(400, 20261126)
    carriers = {t["carrier"] or "generic" for t in truths}
    assert carriers == set(WIDE_CARRIERS) == set(CARRIERS) | set(NEW_CARRIERS)
    assert {t["condition"] for t in truths} == set(WIDE_CONDITIONS)
    assert set(NEW_CONDITIONS) <= set(WIDE_CONDITIONS)
    assert {t["layout"] for t in truths} == set(LAYOUTS)
    assert min(Counter(t["condition"] for t in truths).values()) >= 400 // len(WIDE_CONDITIONS) - 2
    for t in truths:
        assert list(t) == WIDE_KEYS
        assert t["readable"] is (t["condition"] not in UNREADABLE_CONDITIONS)
        if not t["readable"]:
            assert t["expect_review"] == ["unreadable"]
        combined = t["condition"] in ("side_by_side", "pdf_one_page", "pdf_two_pages")
        assert t["layout"] == (t["condition"] if combined else "separate")
        if combined:  # both sides in the front file: the back is there, no back image
            assert t["back"] is None and "back_image_required" not in t["expect_review"]
        ext = {"pdf_one_page": "pdf", "pdf_two_pages": "pdf", "heic": "heic"}.get(
            t["condition"], "png|jpg")
        assert re.fullmatch(rf"{t['card']}/front\.({ext})", t["front"])
        assert isinstance(t["dependents"], list)
        assert all(list(d) == ["name"] and d["name"] for d in t["dependents"])


def test_foundation_suite_writes_layout_only_when_not_separate() -> None:
    t = json.loads(plan_card(3, 1, 10, CARRIERS, ("side_by_side",)).truth.to_json())
    assert t["layout"] == "side_by_side" and t["back"] is None and t["dependents"] == []
    t = json.loads(plan_card(3, 1, 10, CARRIERS, ("glare",)).truth.to_json())
    assert "layout" not in t and list(t)[-3:] == LISTS


def test_suite_option(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), "--count", "30", "--seed", "1", "--suite", "wide",
                 "--truth-only"]) == 0
    truths = _truth_lines(tmp_path / "truth.jsonl")
    assert {t["layout"] for t in truths} == set(LAYOUTS)
    assert truths == _wide_truths(30, 1)
    with pytest.raises(SystemExit) as exc:
        main(["--out", str(tmp_path), "--count", "1", "--seed", "0", "--suite", "huge"])
    assert exc.value.code == 2
    with pytest.raises(ValueError, match="unknown suite"):
        generate(tmp_path, 1, 0, suite="huge")


@pytest.fixture(scope="module")
def new_cards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Truth]]:
    """One card of every new condition (wide suite), rendered in 2 worker processes."""
    out = tmp_path_factory.mktemp("new")
    truths = generate(out, len(NEW_CONDITIONS), 77, conditions=NEW_CONDITIONS, suite="wide",
                      workers=2)
    return out, truths


def test_new_conditions_give_identical_files(
    new_cards: tuple[Path, list[Truth]], tmp_path: Path
) -> None:
    out, truths = new_cards
    assert [t.condition for t in truths] == list(NEW_CONDITIONS)
    generate(tmp_path, len(NEW_CONDITIONS), 77, conditions=NEW_CONDITIONS, suite="wide")
    assert _files(out) == _files(tmp_path)  # PDF and HEIC bytes too, in 1 or 2 processes
    named = {t.front for t in truths} | {t.back for t in truths if t.back}
    assert named == {str(p.relative_to(out)) for p in out.glob("*/*")}


def _by_condition(new_cards: tuple[Path, list[Truth]], condition: str) -> tuple[Path, Truth]:
    out, truths = new_cards
    return out, next(t for t in truths if t.condition == condition)


def _pdf_pages(data: bytes) -> int:
    """Pages of a PDF: by pypdfium2 when installed, else by counting page objects."""
    by_bytes = len(re.findall(rb"/Type\s*/Page\b", data))
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return by_bytes
    pdf = pdfium.PdfDocument(data)
    try:
        assert len(pdf) == by_bytes
        return len(pdf)
    finally:
        pdf.close()


@pytest.mark.parametrize(("condition", "pages"), [("pdf_one_page", 1), ("pdf_two_pages", 2)])
def test_pdf_layouts(new_cards: tuple[Path, list[Truth]], condition: str, pages: int) -> None:
    out, t = _by_condition(new_cards, condition)
    data = (out / t.front).read_bytes()
    assert data.startswith(b"%PDF-") and t.back is None and t.layout == condition
    assert _pdf_pages(data) == pages
    assert b"/CreationDate (D:20240102" in data  # fixed, so the bytes never change
    try:
        from pipeline.config import Limits
        from pipeline.decode import decode_file_pages

        decoded = decode_file_pages(out / t.front, Limits())
    except ImportError:  # pragma: no cover - pypdfium2 is a pipeline dependency
        return
    assert len(decoded) == pages
    for page in decoded:  # rendered at 300 dpi: each card about CARD_W px wide
        h, w = page.pixels.shape[:2]
        assert min(w, h) >= 0.8 * CARD_H and max(w, h) >= 0.8 * CARD_W


def test_side_by_side_is_one_wide_image(new_cards: tuple[Path, list[Truth]]) -> None:
    out, t = _by_condition(new_cards, "side_by_side")
    assert t.back is None and t.layout == "side_by_side"
    with Image.open(out / t.front) as im:
        w, h = im.size
        assert im.format in ("PNG", "JPEG")
    assert 2 * CARD_W * 0.97 < w < 2 * CARD_W + 200 and CARD_H * 0.97 < h < CARD_H + 150


def test_photo_frames_of_new_conditions(new_cards: tuple[Path, list[Truth]]) -> None:
    out, truths = new_cards
    for t in truths:
        if t.condition in ("side_by_side", "pdf_one_page", "pdf_two_pages", "heic"):
            continue
        with Image.open(out / t.front) as im:
            assert im.format == "JPEG"
            size = im.size
        if t.condition == "small_in_frame":
            assert size in ((1280, 720), (1920, 1080))
        elif t.condition == "exif_rotated":
            assert size in ((1600, 1200), (1280, 960), (1200, 1600), (960, 1280))
        else:
            assert size in ((1600, 1200), (1280, 960))


def test_heic_decodes(
    new_cards: tuple[Path, list[Truth]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pipeline.config import Limits
    from pipeline.decode import decode_file

    out, t = _by_condition(new_cards, "heic")
    assert t.front.endswith("/front.heic") and t.back is not None and t.back.endswith(".heic")
    for name in (t.front, t.back):
        decoded = decode_file(out / name, Limits())
        assert decoded.format == "HEIF" and decoded.pixels.shape == (960, 1280, 3)

    frames: list[np.ndarray] = []
    real = gen_photo.encode_heic

    def spy(img: np.ndarray, quality: int) -> bytes:
        frames.append(np.clip(np.rint(img), 0, 255).astype(np.uint8))
        return real(img, quality)

    monkeypatch.setattr(gen_photo, "encode_heic", spy)
    front, _ = render_card(plan_card(0, 5, 1, WIDE_CARRIERS, ("heic",), "wide"))
    (tmp_path / "front.heic").write_bytes(front)
    got = decode_file(tmp_path / "front.heic", Limits()).pixels[:, :, ::-1].astype(np.float32)
    assert float(np.abs(got - frames[0]).mean()) < 3.0  # the photo, with HEVC loss only


def test_exif_rotated_decodes_upright(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pipeline.config import Limits
    from pipeline.decode import decode_file

    upright: list[np.ndarray] = []
    turns: list[int] = []
    real = gen_photo.encode_exif_rotated

    def spy(img: np.ndarray, quarter_turns: int, quality: int) -> bytes:
        upright.append(np.clip(np.rint(img), 0, 255).astype(np.uint8))
        turns.append(quarter_turns)
        return real(img, quarter_turns, quality)

    monkeypatch.setattr(gen_photo, "encode_exif_rotated", spy)
    for i in range(4):
        plan = plan_card(i, 5, 4, WIDE_CARRIERS, ("exif_rotated",), "wide")
        files = [f for f in render_card(plan) if f is not None]
        for data, want, k in zip(files, upright[-len(files):], turns[-len(files):], strict=True):
            path = tmp_path / "side.jpg"
            path.write_bytes(data)
            with Image.open(path) as im:  # stored turned, as phones store portrait shots
                assert im.getexif()[0x0112] == gen_photo.EXIF_ORIENTATION[k]
                stored = im.size
            got = decode_file(path, Limits()).pixels[:, :, ::-1].astype(np.float32)
            assert got.shape == want.shape and stored == (want.shape[1 - k % 2], want.shape[k % 2])
            assert float(np.abs(got - want).mean()) < 3.0  # JPEG loss only
    assert set(turns) == {1, 2, 3}


def test_glare_keeps_off_the_values_or_covers_the_member_id() -> None:
    for i in range(48):
        plan = plan_card(i, 9, 48, WIDE_CARRIERS, ("glare",), "wide")
        boxes = front_value_boxes(plan)
        assert boxes.member_id
        assert bool(boxes.group) == ("group_number" in dict(plan.truth.fields))
        rng = np.random.default_rng(i)
        glare = gen_photo.plan_glare(rng, avoid=boxes.member_id + boxes.group)
        for box in boxes.member_id + boxes.group:
            assert gen_photo.glare_on(glare, box)[1] <= gen_photo.GLARE_ON_VALUES_MAX
        cover = gen_photo.plan_glare(rng, cover=boxes.member_id)
        assert gen_photo.glare_on(cover, gen_photo.union_box(boxes.member_id))[0] >= 0.99


def test_value_boxes_follow_the_drawn_front() -> None:
    for i in range(0, 48, 5):
        plan = plan_card(i, 9, 48, WIDE_CARRIERS, ("glare_unreadable",), "wide")
        rng = _style_rng(plan.seed, plan.index)
        style = draw_style(plan.spec, rng)
        painted = np.asarray(render(layout_front(plan.spec, style, rng.randrange(2**31))))
        drawn = draw_card(plan.spec, _style_rng(plan.seed, plan.index), True).front
        assert np.array_equal(painted, drawn)


def test_kernels_and_shapes() -> None:
    for length in (5.0, 7.3, 9.0):
        k = gen_photo.motion_kernel(length, 30.0)
        assert abs(float(k.sum()) - 1) < 1e-5 and k.shape[0] <= length + 4
    assert abs(float(gen_photo.disk_kernel(1.7).sum()) - 1) < 1e-5
    for seed in range(20):
        rng = np.random.default_rng(seed)
        quad = gen_photo.keystone_corners((1600, 1200), 1200, rng)
        assert (quad >= 0).all() and (quad[:, 0] <= 1600).all() and (quad[:, 1] <= 1200).all()
        sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
        short = min(sides[0] / sides[2], sides[2] / sides[0], sides[1] / sides[3],
                    sides[3] / sides[1])
        assert 0.4 < short < 0.78  # the far edge 50-70% of the near one (plus jitter)
        mask = gen_photo.hand_shadow((1200, 1600), quad, rng)
        card = np.zeros((1200, 1600), np.uint8)
        cv2.fillConvexPoly(card, np.rint(quad).astype(np.int32), 1)
        assert 0.05 < float((mask[card > 0] > 0.5).mean()) < 0.6


# --- issue 15: every field and list a card prints -----------------------------------------------

ISSUE15_FIELDS = FIELD_ORDER[FIELD_ORDER.index("rx_id"):]
"""The fields issue 15 added to truth (claims_address last)."""
PHONE_TEXT = re.compile(r"(1-)?\(?\d{3}\)?[- ]\d{3}-\d{4}")
"""A phone number as the cards print one (`1-800-555-0100`, `(800) 555-0100`)."""


def _drawn_texts(plan: CardPlan) -> tuple[list[str], list[str]]:
    """Texts of the planned card's front and (when its back is drawn) back, laid out the
    way `draw_card` lays them out."""
    rng = _style_rng(plan.seed, plan.index)
    style = draw_style(plan.spec, rng)
    front = layout_front(plan.spec, style, rng.randrange(2**31))
    back = layout_back(plan.spec, dataclasses.replace(style, header_band=rng.random() < 0.3)) \
        if plan.has_back else []
    return ([op.text for op in front if isinstance(op, TextOp)],
            [op.text for op in back if isinstance(op, TextOp)])


@pytest.mark.parametrize("suite", ["foundation", "wide"])
def test_truth_lists_and_new_fields_are_what_the_uploaded_sides_print(suite: str) -> None:
    carriers, conditions = (CARRIERS, CONDITIONS) if suite == "foundation" else (
        WIDE_CARRIERS, WIDE_CONDITIONS)
    seen: Counter[str] = Counter()
    for i in range(144):
        plan = plan_card(i, 20261126, 144, carriers, conditions, suite)
        t = plan.truth
        front, back = _drawn_texts(plan)
        sides = front + back
        fields = dict(t.fields)
        assert [d.name for d in t.dependents] == [p.printed for p in plan.spec.dependents]
        assert all(d.name in front for d in t.dependents)
        for c in t.copays:
            assert c.benefit in front and c.amount in front, (t.card, c)
        # the table is truth exactly when drawn: no amount on a front whose truth has none
        assert bool(t.copays) == any(x.startswith("$") for x in front), t.card
        for ph in t.phones:
            assert ph.purpose in PHONE_PURPOSES
            assert any(ph.number in x for x in sides), (t.card, ph)
            assert any(x.rstrip(":") == ph.label for x in sides), (t.card, ph)
        # every phone number drawn on an uploaded side is a phone of the truth
        numbers = {ph.number for ph in t.phones}
        assert all(x in numbers for x in sides if PHONE_TEXT.fullmatch(x)), t.card
        claims = fields.get("claims_address")
        drawn_claims = any(x.rstrip(":").lower() in ("send claims to", "claims", "mail claims to")
                           for x in back)
        assert (claims is not None) == drawn_claims, t.card
        if claims is not None:
            assert any(claims == f"{a}, {b}" for a in back for b in back), (t.card, claims)
        for name in ISSUE15_FIELDS[:-1]:
            if name in fields:
                assert any(fields[name] in x for x in sides), (t.card, name)
        values = [*fields.values(), *(c.amount for c in t.copays),
                  *(ph.number for ph in t.phones)]
        assert not any(is_placeholder(v) for v in values)
        seen.update(name for name in ISSUE15_FIELDS if name in fields)
        seen.update(k for k in ("dependents", "copays", "phones") if getattr(t, k))
    assert {"copays", "phones", "claims_address", "group_name"} <= seen.keys()
    if suite == "wide":
        assert {"dependents", "birth_date", "plan_number", "medicare_part_a_date",
                "medicare_part_b_date", "medicaid_id", "rx_id", "rx_plan",
                "gender"} <= seen.keys()


def test_the_wide_suite_prints_rx_id_rx_plan_birth_date_and_sex_on_a_share_of_cards() -> None:
    """Issue 15's traps: an Rx ID equal to the member ID, one with a person code after it;
    the details come from a stream of their own, so the rest of each card's truth is what
    the wide suite drew before (`copays` aside: the table may no longer fit)."""
    n = 240
    plans = [plan_card(i, 20261126, n, WIDE_CARRIERS, WIDE_CONDITIONS, "wide") for i in range(n)]
    fields = [dict(p.truth.fields) for p in plans]
    share = {k: sum(k in f for f in fields) / n for k in ("rx_id", "rx_plan", "birth_date",
                                                          "gender")}
    assert all(v >= 0.1 for v in share.values()), share
    rx = [(f["rx_id"], f["member_id"]) for f in fields if "rx_id" in f]
    assert any(r == m for r, m in rx) and any(r[:-2] == m for r, m in rx)
    assert all(dict(p.truth.fields).get("gender") in (None, "M", "F", "Male", "Female")
               for p in plans)
    for i, plan in enumerate(plans[:48]):  # the content stream drew the same card as before
        plain = gen_spec.wide_spec(plan.spec.carrier,
                                   random.Random(f"cardocr-samples:20261126:{i}:content"))
        before = gen_spec.truth_fields(plain, True)
        after = gen_spec.truth_fields(plan.spec, True)
        assert {k: v for k, v in after.items() if k not in before} == {
            k: v for k, v in dict(plan.truth.fields).items()
            if k in ("rx_id", "rx_plan", "birth_date", "gender") and k not in before}
        assert {k: after[k] for k in before} == before, plan.truth.card


def test_an_rx_block_of_five_entries_is_drawn_on_two_lines() -> None:
    spec = build_spec("aetna", random.Random(3))
    grown = dataclasses.replace(spec, rx=(
        *spec.rx, gen_spec.entry("Rx ID", "W123456789", field="rx_id"),
        gen_spec.entry("Rx Plan", "Value Rx 3-Tier", field="rx_plan")))
    style = dataclasses.replace(draw_style(grown, random.Random(1)), rx_aside=False)
    ops = [op for op in layout_front(grown, style, 5) if isinstance(op, TextOp)]
    bin_y = next(op.y for op in ops if op.text == "610502")
    plan_y = next(op.y for op in ops if op.text == "Value Rx 3-Tier")
    rx_id = next(op for op in ops if op.text == "W123456789")
    assert plan_y > bin_y + 10 and rx_id.y == plan_y
    assert max(op.box()[2] for op in ops) <= CARD_W


def test_copays_follow_the_drawn_table_not_the_spec() -> None:
    plans = [plan_card(i, 20261126, 60) for i in range(60)]
    left_off = [p for p in plans if p.spec.copays and not p.truth.copays]
    assert left_off and all(not any(x.startswith("$") for x in _drawn_texts(p)[0])
                            for p in left_off)


@pytest.mark.parametrize(
    ("label", "purpose"),
    [("Member Services", "member_services"), ("Customer Care", "member_services"),
     ("Questions? Call", "member_services"), ("Pharmacy Member Services", "pharmacy"),
     ("Optum Rx", "pharmacy"), ("Pharmacy Help Desk", "pharmacy"),
     ("Provider Services", "provider_services"), ("Mental Health", "behavioral_health"),
     ("24-Hour Nurse Advice Line", "nurse_line"), ("Advice Nurse", "nurse_line"),
     ("Claims Inquiries", "claims"), ("Precertification", "precertification"),
     ("Prior Authorization", "precertification"), ("TTY", "other"), ("PCP Phone", "other"),
     ("Doctor on Call", "other"), ("BlueCard Access", "other")],
)
def test_phone_purpose_from_the_label(label: str, purpose: str) -> None:
    assert phone_purpose(label) == purpose
    assert phone_purpose(label.upper()) == purpose


def test_a_back_that_is_not_uploaded_gives_no_back_truth() -> None:
    plan = plan_card(1, 20261126, 10)  # index % 10 == 1: no back image
    assert plan.truth.back is None and not plan.has_back
    fields = dict(plan.truth.fields)
    assert "claims_address" not in fields
    # the same card with both sides in one image: the back's phones and address count
    assert len(plan.truth.phones) < len(plan_card(1, 20261126, 10, CARRIERS, ("side_by_side",))
                                        .truth.phones)


def test_a_phone_labelled_with_the_pbms_name_makes_it_the_truths_pbm() -> None:
    seen = 0
    for i in range(144):
        t = plan_card(i, 20261126, 144, WIDE_CARRIERS, WIDE_CONDITIONS, "wide").truth
        optum = [ph.label for ph in t.phones if ph.label.upper() == "OPTUM RX"]
        assert dict(t.fields).get("pbm") == (optum[0] if optum else None), t.card
        seen += bool(optum)
    assert seen  # the wide suite's UHC Student Resources backs print it
