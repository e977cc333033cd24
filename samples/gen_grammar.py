"""The second, independent sample generator (issue 12): grammar-designed cards and the
`unseen` suites that measure how the reader generalises to designs it was not tuned on.

    python -m samples.generator --out DIR --count 400 --suite unseen_dev [--seed 20261202]

Content and truth come from `gen_grammar_spec`, pixels of the flat card from
`gen_grammar_draw`, photos from `gen_photo` (its conditions, plus the three of
`GRAMMAR_CONDITIONS` implemented here). Truth lines have the shape of `generator.Truth`, plus
`payer_name` (the payer's name as its wordmark prints it) and `design` (the grammar's
choices, which the bench groups accuracy by).

Seed ranges. `unseen` is the **frozen test range**: seed `TEST_SEED` (912000) and every seed
in `FROZEN_SEEDS` (912000-912999). Nobody debugs on it or looks at its individual cards;
run it rarely and report its figures. `unseen_dev` is the development range: default seed
`DEV_SEED` (20261202), and it refuses seeds in the frozen range. Both suites draw the same
grammar; card i depends only on (seed, i, its carrier slot and condition).
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from samples.gen_directory import GENERIC, NETWORKS, PBMS
from samples.gen_draw import CARD_H, CARD_W, CardFaces, card_mask
from samples.gen_grammar_draw import Op, Text, draw
from samples.gen_grammar_spec import (
    DIRECTORY,
    GRAMMAR_CARRIERS,
    OTHER,
    TEMPLATE_CARRIERS,
    GrammarCard,
    expected_review,
    grammar_card,
    issue15_extras,
    item,
    truth_copays,
    truth_dependents,
    truth_distractors,
    truth_fields,
    truth_phones,
    truth_portal,
)
from samples.gen_photo import (
    GLARE_CONDITIONS,
    UNREADABLE_CONDITIONS,
    WIDE_CONDITIONS,
    Background,
    Capture,
    Shot,
    ValueBoxes,
    background,
    card_width_for,
    encode,
    photo,
    plan_capture,
    shoot,
)
from samples.generator import NO_BACK_EVERY, Truth, assign, card_name

GRAMMAR_SUITES: Final = ("unseen", "unseen_dev", "directory")
"""Suites drawn by the grammar: the frozen test range, the development range, and the
payer directory's suite (issue 13: every card a payer without a template)."""
TEST_SEED: Final = 912000
"""Default seed of the `unseen` suite (the frozen test range)."""
DEV_SEED: Final = 20261202
"""Default seed of the `unseen_dev` suite (the development range)."""
FROZEN_SEEDS: Final = range(912000, 913000)
"""Seeds of the frozen test range; `unseen_dev` refuses them."""
DIRECTORY_SEED: Final = 20261313
"""Default seed of the `directory` suite."""
SUITE_SEEDS: Final[dict[str, int]] = {"unseen": TEST_SEED, "unseen_dev": DEV_SEED,
                                      "directory": DIRECTORY_SEED}
SUITE_SLOTS: Final[dict[str, tuple[str, ...]]] = {
    "unseen": GRAMMAR_CARRIERS, "unseen_dev": GRAMMAR_CARRIERS, "directory": (DIRECTORY,)}
"""Default carrier slots per grammar suite."""

GRAMMAR_CONDITIONS: Final = ("web_small", "photocopy", "webp_misnamed")
"""Captures added for issue 12: `web_small` the card alone saved from a web page at about
430 x 260 px with heavy JPEG blocks (quality 35-55); `photocopy` a grey photocopy (tone
curve, speckles, a soft shadow from one edge, turned up to 2.5 degrees) as PNG or JPEG;
`webp_misnamed` a phone photo written as WebP under a `.jpeg` name. All readable."""

ALL_CONDITIONS: Final = WIDE_CONDITIONS + GRAMMAR_CONDITIONS
"""Every condition a grammar card can be captured in."""

UNSEEN_CONDITIONS: Final = (
    tuple(c for c in WIDE_CONDITIONS if c not in UNREADABLE_CONDITIONS)
    + GRAMMAR_CONDITIONS * 2
    + tuple(c for c in WIDE_CONDITIONS if c in UNREADABLE_CONDITIONS)
)
"""The suites' condition cycle (30 slots): the 20 readable wide conditions, the three new
ones twice, the four unreadable ones (26 of 30 readable, 86.7%)."""

ALL_SLOTS: Final = (*TEMPLATE_CARRIERS, OTHER, DIRECTORY)
"""Carrier slots `--carriers` may name."""


def check_seed(suite: str, seed: int) -> None:
    """ValueError when `suite` is not a grammar suite, or `unseen_dev` is asked for a seed of
    the frozen test range."""
    if suite not in GRAMMAR_SUITES:
        raise ValueError(f"not a grammar suite: {suite!r}")
    if suite in ("unseen_dev", "directory") and seed in FROZEN_SEEDS:
        raise ValueError(f"seed {seed} is in the frozen test range ({FROZEN_SEEDS.start}-"
                         f"{FROZEN_SEEDS.stop - 1}); use --suite unseen, and do not tune on it")


@dataclass(frozen=True, slots=True)
class GrammarPlan:
    """Everything decided about card `index` before any pixel is drawn."""

    index: int
    seed: int
    card: GrammarCard
    capture: Capture
    truth: Truth

    @property
    def has_back(self) -> bool:
        """True when the back is drawn: a back image, or both sides in the front file."""
        return self.truth.back is not None or self.capture.layout != "separate"


def _content_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"cardocr-grammar:{seed}:{index}:content")


def _style_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"cardocr-grammar:{seed}:{index}:style")


def _photo_rng(seed: int, index: int) -> np.random.Generator:
    return np.random.default_rng([seed, index, 12])


def plan_capture_grammar(condition: str, rng: random.Random) -> Capture:
    """Scan or photo and file type for `condition` (any of `ALL_CONDITIONS`)."""
    if condition == "web_small":
        return Capture(condition, photo=False, encoding="jpg")
    if condition == "photocopy":
        return Capture(condition, photo=False, encoding="png" if rng.random() < 0.5 else "jpg")
    if condition == "webp_misnamed":
        return Capture(condition, photo=True, encoding="jpeg")
    return plan_capture(condition, rng)


def plan_grammar_card(
    index: int,
    seed: int,
    count: int,
    carriers: Sequence[str] = GRAMMAR_CARRIERS,
    conditions: Sequence[str] = UNSEEN_CONDITIONS,
) -> GrammarPlan:
    """Decide card `index` of a set of `count`: content, design, capture and ground truth."""
    slot, condition = assign(index, carriers, conditions)
    rng = _content_rng(seed, index)
    card = grammar_card(slot, rng)
    if slot == DIRECTORY:
        card = beside_the_payer(card, random.Random(f"cardocr-directory:{seed}:{index}"))
    card = issue15_extras(card, random.Random(f"cardocr-grammar:{seed}:{index}:issue15"))
    capture = plan_capture_grammar(condition, rng)
    combined = capture.layout != "separate"
    has_back = combined or index % NO_BACK_EVERY != 1
    name = card_name(index, count)
    truth = Truth(
        card=name,
        carrier=card.carrier or card.payer,
        condition=condition,
        readable=capture.readable,
        front=f"{name}/front.{capture.ext}",
        back=f"{name}/back.{capture.ext}" if has_back and not combined else None,
        fields=tuple(truth_fields(card, has_back).items()),
        portal=truth_portal(card),
        distractors=truth_distractors(card, has_back),
        expect_review=expected_review(card, has_back, capture.readable),
        layout=capture.layout,
        dependents=truth_dependents(card),
        copays=truth_copays(card, has_back),
        phones=truth_phones(card, has_back),
        payer_name=card.payer_name,
        design=(*card.design.facts(), ("template", card.carrier is not None)),
    )
    return GrammarPlan(index, seed, card, capture, truth)


def beside_the_payer(card: GrammarCard, rng: random.Random) -> GrammarCard:
    """A `directory` suite card with what cards print beside the payer's name: a provider
    network (front, 50%), a pharmacy benefit manager (front or back, 50%), a generic phrase
    (30%), and the payer's name again in small print on the front (40%)."""
    footer = list(card.footer)
    back = list(card.back)
    if rng.random() < 0.5:
        footer.append(item(rng.choice(("Network", "PPO Network", "")), rng.choice(NETWORKS),
                           "other"))
    if rng.random() < 0.5:
        pbm = item(rng.choice(("Pharmacy benefits", "Rx", "Pharmacy", "")), rng.choice(PBMS),
                   "other", field="pbm")
        if rng.random() < 0.5:
            footer.append(pbm)
        else:
            back.insert(0, pbm)
    if rng.random() < 0.3:
        back.insert(0, item("", rng.choice(GENERIC), "other"))
    if rng.random() < 0.4:
        footer.append(item("", f"Administered by {card.payer_name}", "other"))
    return replace(card, footer=tuple(footer), back=tuple(back))


def value_boxes(ops: Sequence[Op]) -> ValueBoxes:
    """Ink boxes (card px) of the member ID runs (prefix included) and group runs."""
    def boxes(fields: set[str]) -> tuple[tuple[float, float, float, float], ...]:
        return tuple(op.box() for op in ops if isinstance(op, Text) and op.field in fields)

    return ValueBoxes(boxes({"member_id", "member_id_prefix"}), boxes({"group_number"}))


def render_grammar_card(plan: GrammarPlan) -> tuple[bytes, bytes | None]:
    """Encoded front and back files of a planned card (back None when it has no back file)."""
    drawn = draw(plan.card, _style_rng(plan.seed, plan.index), plan.has_back)
    rng = _photo_rng(plan.seed, plan.index)
    if plan.capture.condition in GRAMMAR_CONDITIONS:
        return shoot_grammar(drawn.faces, plan.capture, rng)
    values = value_boxes(drawn.front_ops) if plan.capture.condition in GLARE_CONDITIONS \
        else None
    return shoot(drawn.faces, plan.capture, rng, values)


# --- the conditions added for issue 12 ----------------------------------------------------------


def _on_paper(card: NDArray[np.uint8], level: float) -> NDArray[np.float32]:
    """The card's rounded outline on a flat paper of grey `level`."""
    a = card_mask()[:, :, None]
    out: NDArray[np.float32] = (card.astype(np.float32) * a + level * (1 - a)).astype(
        np.float32)
    return out


def web_small(card: NDArray[np.uint8], rng: np.random.Generator) -> bytes:
    """The card alone as a web page shows it: 415-445 px wide (about 430 x 265), on the
    page's white or light grey, JPEG quality 35-55 (4:2:0)."""
    w = int(rng.integers(415, 446))
    h = round(w * CARD_H / CARD_W)
    img = _on_paper(card, float(rng.uniform(238, 255)))
    small = cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA)
    return encode(small, "jpg", int(rng.integers(35, 56)))


def photocopy(card: NDArray[np.uint8], ext: str, rng: np.random.Generator) -> bytes:
    """A grey photocopy of the card on a white sheet: a copier's tone curve (light greys go
    white, dark ones black), turned 0.3-2.5 degrees either way, a soft shadow from one edge
    (darkening 15-40%), speckles (0.05-0.2% of the pixels) and grain; grey PNG or JPEG."""
    m = int(rng.integers(30, 71))
    page = np.full((CARD_H + 2 * m, CARD_W + 2 * m, 3), 255.0, dtype=np.float32)
    page[m:m + CARD_H, m:m + CARD_W] = _on_paper(card, 255.0)
    grey = page @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    # the card's edge copies as a thin soft grey line
    mask = np.zeros(grey.shape, dtype=np.float32)
    mask[m:m + CARD_H, m:m + CARD_W] = card_mask()
    edge = np.abs(mask - cv2.GaussianBlur(mask, (0, 0), 1.5))
    grey = grey * (1 - np.clip(edge * rng.uniform(2.0, 3.5), 0, 0.7))
    lo, hi = rng.uniform(20, 50), rng.uniform(210, 238)
    grey = np.clip((grey - lo) * 255.0 / (hi - lo), 0, 255).astype(np.float32)
    h, w = grey.shape
    angle = float(rng.uniform(0.3, 2.5) * (1 if rng.random() < 0.5 else -1))
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    grey = cv2.warpAffine(grey, rot, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255.0)
    side = int(rng.integers(4))
    reach = rng.uniform(0.25, 0.45)
    t = np.linspace(0, 1, w if side < 2 else h, dtype=np.float32)
    ramp = np.clip(1 - t / reach, 0, 1) ** 2
    if side in (1, 3):
        ramp = ramp[::-1]
    shade = 1 - rng.uniform(0.15, 0.4) * (ramp[None, :] if side < 2 else ramp[:, None])
    grey = grey * shade
    n = int(h * w * rng.uniform(0.0005, 0.002))
    ys, xs = rng.integers(0, h - 1, n), rng.integers(0, w - 1, n)
    ink = rng.uniform(0, 90, n).astype(np.float32)
    grey[ys, xs] = ink
    big = rng.random(n) < 0.3
    grey[ys[big] + 1, xs[big]] = ink[big]
    grey[ys[big], xs[big] + 1] = ink[big]
    grey += rng.normal(0, rng.uniform(2, 5), grey.shape).astype(np.float32)
    pixels = np.clip(np.rint(grey), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    if ext == "png":
        Image.fromarray(pixels).save(buf, "PNG", compress_level=6)
    else:
        Image.fromarray(pixels).save(buf, "JPEG", quality=int(rng.integers(75, 91)),
                                     optimize=True)
    return buf.getvalue()


def webp_photo(card: NDArray[np.uint8], bg_kind: Background, bg_seed: int,
               rng: np.random.Generator) -> bytes:
    """A phone photo (1600 x 1200 or 1280 x 960, card 40-75% of the area, turned up to 4
    degrees, corners moved 1-5%) encoded as lossy WebP, quality 75-90."""
    frame = (1600, 1200) if rng.random() < 0.5 else (1280, 960)
    shot = Shot(frame, card_width_for(frame, rng.uniform(0.4, 0.75)), rng.uniform(-4, 4),
                rng.uniform(0.01, 0.05))
    bg = background(bg_kind, (frame[1], frame[0]), np.random.default_rng(bg_seed))
    img = photo(card, bg, shot, rng)
    pixels = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "WEBP", quality=int(rng.integers(75, 91)), method=4)
    return buf.getvalue()


_BACKGROUNDS: Final[tuple[Background, ...]] = ("wood", "fabric", "desk")


def shoot_grammar(faces: CardFaces, capture: Capture,
                  rng: np.random.Generator) -> tuple[bytes, bytes | None]:
    """Front and back under one of `GRAMMAR_CONDITIONS` (both sides the same way, separate
    captures on the same surface)."""
    bg_kind = _BACKGROUNDS[int(rng.integers(len(_BACKGROUNDS)))]
    bg_seed = int(rng.integers(2**31))

    def side(card: NDArray[np.uint8]) -> bytes:
        if capture.condition == "web_small":
            return web_small(card, rng)
        if capture.condition == "photocopy":
            return photocopy(card, capture.ext, rng)
        if capture.condition == "webp_misnamed":
            return webp_photo(card, bg_kind, bg_seed, rng)
        raise ValueError(f"not a grammar condition: {capture.condition!r}")

    front = side(faces.front)
    return front, side(faces.back) if faces.back is not None else None


__all__ = [
    "ALL_CONDITIONS",
    "ALL_SLOTS",
    "DEV_SEED",
    "DIRECTORY_SEED",
    "FROZEN_SEEDS",
    "GRAMMAR_CARRIERS",
    "GRAMMAR_CONDITIONS",
    "GRAMMAR_SUITES",
    "SUITE_SEEDS",
    "SUITE_SLOTS",
    "TEST_SEED",
    "UNSEEN_CONDITIONS",
    "GrammarPlan",
    "beside_the_payer",
    "check_seed",
    "plan_grammar_card",
    "render_grammar_card",
    "shoot_grammar",
]
