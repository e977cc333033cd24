"""Capture conditions: scans and simulated phone photos of the flat card, encoded to bytes.

Frames are numpy arrays H x W x 3 in RGB order. Homographies map card px (origin at the
card's top-left, `CARD_W` x `CARD_H`) to frame px (origin at the photo's top-left).

The foundation conditions (`CONDITIONS`) draw exactly the random numbers they always drew,
so the committed sample set stays byte-identical; the conditions added for issue 3
(`NEW_CONDITIONS`) take their own code path (`_new_side`, `_both_sides`).
"""

from __future__ import annotations

import io
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from samples.gen_draw import CARD_H, CARD_W, CardFaces, card_mask

CONDITIONS: Final = (
    "scan",
    "perspective",
    "tilt",
    "rot90",
    "rot180",
    "blur",
    "jpeg",
    "dim",
    "unreadable",
)
"""The foundation's condition names, in the order cards cycle through them."""

FOUNDATION_CONDITIONS: Final = CONDITIONS

NEW_CONDITIONS: Final = (
    "small_in_frame",
    "side_by_side",
    "pdf_one_page",
    "pdf_two_pages",
    "glare",
    "glare_unreadable",
    "soft_focus",
    "motion_blur",
    "strong_perspective",
    "hand_shadow",
    "dim_photo",
    "exif_rotated",
    "heic",
    "tiny",
    "too_dark",
)
"""Conditions added for issue 3 (see samples/README.md), drawn only when asked for."""

WIDE_CONDITIONS: Final = CONDITIONS + NEW_CONDITIONS
"""Every condition, in the order the wide suite cycles through them."""

UNREADABLE_CONDITIONS: Final = frozenset({"unreadable", "glare_unreadable", "tiny", "too_dark"})
"""Conditions whose cards no reader can read (truth `readable` false)."""

LAYOUTS: Final = ("separate", "side_by_side", "pdf_one_page", "pdf_two_pages")
"""How a card's sides are uploaded: one file per side, or both sides in the front file (one
image, a one-page PDF, a two-page PDF). A condition of the same name makes that layout."""

GLARE_CONDITIONS: Final = frozenset({"glare", "glare_unreadable"})
"""Conditions that need to know where the front prints its member ID and group (`ValueBoxes`)."""

Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in card px."""

FloatImage = NDArray[np.float32]
"""H x W x 3 float32 image, values 0-255."""
Background = Literal["wood", "fabric", "desk"]
_BACKGROUNDS: Final[tuple[Background, ...]] = ("wood", "fabric", "desk")


@dataclass(frozen=True, slots=True)
class Capture:
    """How both sides of a card are captured. `photo` False means a flat scan (or, for the
    side-by-side and PDF layouts, a scanned or exported page)."""

    condition: str
    photo: bool
    encoding: str = ""
    """File extension when the condition fixes it ("png", "jpg", "pdf", "heic"); "" keeps
    the foundation rule (see `ext`)."""

    @property
    def ext(self) -> str:
        """File extension: `encoding` if set; else png for scans kept lossless, jpg for photos
        and the jpeg condition."""
        if self.encoding:
            return self.encoding
        return "jpg" if self.photo or self.condition == "jpeg" else "png"

    @property
    def readable(self) -> bool:
        """False for the conditions in `UNREADABLE_CONDITIONS`."""
        return self.condition not in UNREADABLE_CONDITIONS

    @property
    def layout(self) -> str:
        """One of `LAYOUTS`: "separate" unless both sides go into the front file."""
        return self.condition if self.condition in LAYOUTS else "separate"


def plan_capture(condition: str, rng: random.Random) -> Capture:
    """Decide scan or photo and the file format for `condition` (blur and jpeg come as
    either, half each; a side-by-side image is PNG or JPEG, half each)."""
    if condition not in WIDE_CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; expected one of {WIDE_CONDITIONS}")
    if condition == "scan":
        return Capture(condition, photo=False)
    if condition in ("blur", "jpeg"):
        return Capture(condition, photo=rng.random() < 0.5)
    if condition == "side_by_side":
        return Capture(condition, photo=False, encoding="png" if rng.random() < 0.5 else "jpg")
    if condition in ("pdf_one_page", "pdf_two_pages"):
        return Capture(condition, photo=False, encoding="pdf")
    if condition == "heic":
        return Capture(condition, photo=True, encoding="heic")
    return Capture(condition, photo=True)


# --- pure geometry ------------------------------------------------------------------------------


def card_corners() -> NDArray[np.float64]:
    """The card's corners in card px: top-left, top-right, bottom-right, bottom-left (4 x 2)."""
    return np.array([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]], dtype=np.float64)


def place_corners(
    frame: tuple[int, int],
    card_width: float,
    angle_deg: float,
    corner_jitter: float,
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """Where the card's corners land in a frame of (width, height) px.

    The card is scaled to `card_width` px, turned by `angle_deg` (counter-clockwise as seen),
    each corner moved by `corner_jitter` times the card's size in a random direction (this
    makes the perspective), and the whole placed at a random spot fully inside the frame with
    a 2% margin; the card shrinks when it would not fit. Returns 4 x 2 frame px.
    """
    fw, fh = frame
    scale = card_width / CARD_W
    for _ in range(20):
        pts = (card_corners() - [CARD_W / 2, CARD_H / 2]) * scale
        a = math.radians(-angle_deg)
        rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
        pts = pts @ rot.T
        theta = rng.uniform(0, 2 * math.pi, 4)
        size = np.array([CARD_W, CARD_H]) * scale * corner_jitter
        pts = pts + np.stack([np.cos(theta), np.sin(theta)], axis=1) * size
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        margin = 0.02 * np.array([fw, fh])
        room = np.array([fw, fh]) - 2 * margin - (hi - lo)
        if (room >= 0).all():
            offset = margin - lo + rng.uniform(0, 1, 2) * room
            placed: NDArray[np.float64] = pts + offset
            return placed
        scale *= 0.95
    raise ValueError("card does not fit the frame")


def lighting_field(
    shape: tuple[int, int], slope: tuple[float, float], vignette: float
) -> NDArray[np.float32]:
    """Multiplicative light falloff for an (h, w) frame: a plane with the given gain change
    across the full width and height, times a radial vignette (0 = none)."""
    h, w = shape
    ys = np.linspace(-0.5, 0.5, h, dtype=np.float32)[:, None]
    xs = np.linspace(-0.5, 0.5, w, dtype=np.float32)[None, :]
    field = 1.0 + slope[0] * xs + slope[1] * ys - vignette * (xs**2 + ys**2) * 2
    out: NDArray[np.float32] = field.astype(np.float32)
    return out


# --- textures -----------------------------------------------------------------------------------


def _smooth_noise(
    rng: np.random.Generator, shape: tuple[int, int], cells_x: int, cells_y: int | None = None
) -> NDArray[np.float32]:
    """Low-frequency noise, (h, w) float32 about N(0, 1): a grid of `cells_x` by `cells_y`
    random values (square cells when `cells_y` is None), bicubically enlarged to (h, w)."""
    h, w = shape
    rows = cells_y if cells_y is not None else max(2, cells_x * h // w)
    grid = rng.standard_normal((rows, cells_x)).astype(np.float32)
    out: NDArray[np.float32] = cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)
    return out


def background(kind: Background, shape: tuple[int, int], rng: np.random.Generator) -> FloatImage:
    """A procedural surface of (h, w) px to photograph the card on.

    Textures are kept low in fine detail (grain a few tens of px wide) so that the JPEG
    photos stay small; the card, not the table, should dominate the file size.
    """
    h, w = shape
    ys = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    if kind == "wood":
        base = np.array(rng.choice([[150, 100, 60], [120, 80, 45], [185, 140, 95], [95, 60, 40]]),
                        dtype=np.float32)
        warp = _smooth_noise(rng, shape, 3, 12) * rng.uniform(0.25, 0.5)
        rings = np.sin(2 * np.pi * (ys * rng.uniform(10, 20) + warp))
        streak = _smooth_noise(rng, shape, 4, h // 24)
        tone = 1.0 + 0.07 * rings + 0.025 * streak
    elif kind == "fabric":
        base = np.array(rng.choice([[70, 80, 110], [110, 110, 105], [60, 90, 70], [140, 60, 60]]),
                        dtype=np.float32)
        period = rng.uniform(24, 36)
        xs = np.arange(w, dtype=np.float32)[None, :]
        weave = np.sin(2 * np.pi * xs / period) * np.sin(2 * np.pi * ys * h / period)
        tone = 1.0 + 0.025 * weave + 0.05 * _smooth_noise(rng, shape, 10)
    else:
        base = np.array(rng.choice([[200, 200, 195], [60, 60, 62], [230, 225, 215], [35, 40, 50]]),
                        dtype=np.float32)
        tone = 1.0 + 0.05 * _smooth_noise(rng, shape, 5) + 0.015 * _smooth_noise(rng, shape, 40)
    out: FloatImage = (tone[:, :, None] * base).astype(np.float32)
    return out


# --- compositing --------------------------------------------------------------------------------


def _homography(corners: NDArray[np.float64]) -> NDArray[np.float64]:
    src = card_corners().astype(np.float32)
    out: NDArray[np.float64] = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    return out


def lay_card(
    card: NDArray[np.uint8],
    bg: FloatImage,
    corners: NDArray[np.float64],
    shadow: NDArray[np.float32],
) -> FloatImage:
    """The card warped onto `bg` so its corners land on `corners` (frame px), with the
    rounded outline; `shadow` (h x w, 0 = none, 1 = black) darkens the background only."""
    h, w = bg.shape[:2]
    m = _homography(corners)
    warped = cv2.warpPerspective(card, m, (w, h), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    alpha = cv2.warpPerspective(card_mask(), m, (w, h), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    shade = 1.0 - shadow
    a = alpha[:, :, None]
    out: FloatImage = (bg * shade[:, :, None] * (1.0 - a) + warped.astype(np.float32) * a).astype(
        np.float32
    )
    return out


def composite(
    card: NDArray[np.uint8],
    bg: FloatImage,
    corners: NDArray[np.float64],
    rng: np.random.Generator,
) -> FloatImage:
    """The card warped onto `bg` so its corners land on `corners` (frame px), with a soft
    drop shadow and the rounded outline."""
    h, w = bg.shape[:2]
    strength = rng.uniform(0.25, 0.5)
    return lay_card(card, bg, corners, strength * drop_shadow(corners, (h, w), rng))


def quad_shadow(
    corners: NDArray[np.float64],
    shape: tuple[int, int],
    offset: NDArray[np.float64],
    blur: float,
    k: int = 4,
) -> NDArray[np.float32]:
    """Shadow coverage in [0, 1] for an (h, w) frame: the quadrilateral `corners` shifted by
    `offset` px and blurred with sigma `blur` px, computed at 1/`k` resolution."""
    h, w = shape
    small = np.zeros((h // k, w // k), dtype=np.float32)
    quad = (corners + offset) / k
    cv2.fillConvexPoly(small, np.rint(quad).astype(np.int32), 1.0)
    small = cv2.GaussianBlur(small, (0, 0), blur / k)
    out: NDArray[np.float32] = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    return out


def drop_shadow(
    corners: NDArray[np.float64], shape: tuple[int, int], rng: np.random.Generator
) -> NDArray[np.float32]:
    """Soft shadow coverage in [0, 1] for an (h, w) frame: the card's quadrilateral shifted
    down-right by up to one blur radius (1.2% of the card width), blurred. Computed at 1/4
    resolution, since a shadow has no fine detail."""
    width = float(np.linalg.norm(corners[1] - corners[0]))
    blur = max(3.0, 0.012 * width)
    return quad_shadow(corners, shape, rng.uniform(0.2, 1.0, 2) * blur, blur)


def scan(card: NDArray[np.uint8], rng: np.random.Generator) -> FloatImage:
    """A flatbed scan: the card on white, with a margin of 0-2% of the card size."""
    mx = round(rng.uniform(0, 0.02) * CARD_W)
    my = round(rng.uniform(0, 0.02) * CARD_H)
    page = np.full((CARD_H + 2 * my, CARD_W + 2 * mx, 3), 255, dtype=np.float32)
    a = card_mask()[:, :, None]
    inner = page[my : my + CARD_H, mx : mx + CARD_W]
    page[my : my + CARD_H, mx : mx + CARD_W] = inner * (1 - a) + card.astype(np.float32) * a
    return page


@dataclass(frozen=True, slots=True)
class Shot:
    """Camera parameters for one photo: frame (width, height) px, card width in frame px,
    rotation in degrees, corner jitter as a fraction of card size, quarter turns of the
    final image (counter-clockwise)."""

    frame: tuple[int, int]
    card_width: float
    angle: float
    corner_jitter: float
    quarter_turns: int = 0


def card_width_for(frame: tuple[int, int], coverage: float) -> float:
    """Card width in px so that the card covers `coverage` of the frame's area."""
    return math.sqrt(coverage * frame[0] * frame[1] * CARD_W / CARD_H)


def plan_shot(condition: str, rng: np.random.Generator) -> Shot:
    """Camera parameters for one side under `condition`."""
    frame = (1600, 1200) if rng.random() < 0.5 else (1280, 960)
    low = 0.35 if frame[0] == 1600 else 0.55
    width = card_width_for(frame, rng.uniform(low, 0.75))
    sign = 1 if rng.random() < 0.5 else -1
    if condition == "perspective":
        return Shot(frame, width, rng.uniform(-4, 4), rng.uniform(0.03, 0.12))
    if condition == "tilt":
        return Shot(frame, width, sign * rng.uniform(2, 10), rng.uniform(0, 0.01))
    turns = 0
    if condition == "rot90":
        turns = 1 if sign > 0 else 3
    elif condition == "rot180":
        turns = 2
    return Shot(frame, width, rng.uniform(-2, 2), rng.uniform(0, 0.025), turns)


def photo(
    card: NDArray[np.uint8], bg: FloatImage, shot: Shot, rng: np.random.Generator
) -> FloatImage:
    """A phone photo of the card on `bg` (already sized to `shot.frame`): placement, shadow,
    uneven light and sensor noise; turned by `shot.quarter_turns` at the end."""
    corners = place_corners(shot.frame, shot.card_width, shot.angle, shot.corner_jitter, rng)
    img = composite(card, bg, corners, rng)
    slope = (rng.uniform(-0.15, 0.15), rng.uniform(-0.15, 0.15))
    img *= lighting_field(img.shape[:2], slope, rng.uniform(0, 0.15))[:, :, None]
    img += rng.normal(0, rng.uniform(0.5, 1.2), img.shape[:2]).astype(np.float32)[:, :, None]
    return np.ascontiguousarray(np.rot90(img, shot.quarter_turns))


# --- degradations and encoding ------------------------------------------------------------------


def gaussian_blur(img: FloatImage, sigma: float) -> FloatImage:
    """Gaussian blur with standard deviation `sigma` px."""
    out: FloatImage = cv2.GaussianBlur(img, (0, 0), sigma)
    return out


def darken(img: FloatImage, gain: float, noise: float, rng: np.random.Generator) -> FloatImage:
    """Dim light: brightness times `gain`, plus sensor noise of `noise` levels (std)."""
    grain = rng.normal(0, noise, img.shape[:2]).astype(np.float32)[:, :, None]
    out: FloatImage = img * gain + grain
    return out


def encode(img: FloatImage, ext: str, quality: int) -> bytes:
    """PNG or baseline JPEG bytes (4:2:0, optimized Huffman tables); no metadata, so the same
    pixels always give the same bytes."""
    pixels = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    if ext == "png":
        Image.fromarray(pixels).save(buf, "PNG", compress_level=6)
    else:
        Image.fromarray(pixels).save(buf, "JPEG", quality=quality, subsampling=2, optimize=True)
    return buf.getvalue()


def _side(
    card: NDArray[np.uint8],
    capture: Capture,
    bg_kind: Background,
    bg_seed: int,
    rng: np.random.Generator,
) -> bytes:
    """One side under the capture's condition, encoded."""
    cond = capture.condition
    unreadable = str(rng.choice(["blur", "dark", "tiny"])) if cond == "unreadable" else ""
    if capture.photo:
        shot = plan_shot(cond, rng)
        if unreadable == "tiny":
            shot = Shot((1600, 1200), rng.uniform(110, 180), shot.angle, shot.corner_jitter)
        bg = background(bg_kind, (shot.frame[1], shot.frame[0]), np.random.default_rng(bg_seed))
        img = photo(card, bg, shot, rng)
    else:
        img = scan(card, rng)
    quality = int(rng.integers(85, 89))
    if cond == "blur":
        img = gaussian_blur(img, rng.uniform(0.8, 1.5))
    elif cond == "jpeg":
        quality = int(rng.integers(25, 41))
    elif cond == "dim":
        img = darken(img, rng.uniform(0.35, 0.55), rng.uniform(1.0, 2.0), rng)
    elif unreadable == "blur":
        # Sigma relative to a 1011 px card, so text on a larger card is blurred as much.
        zoom = max(1.0, shot.card_width / CARD_W) if capture.photo else 1.0
        img = gaussian_blur(img, rng.uniform(6, 9) * zoom)
    elif unreadable == "dark":
        # A shot in near darkness: little signal, high-ISO noise and some shake.
        img = gaussian_blur(img, rng.uniform(2.5, 3.5))
        img = darken(img, rng.uniform(0.04, 0.08), rng.uniform(3.0, 5.0), rng)
    return encode(img, capture.ext, quality)


def shoot(
    faces: CardFaces,
    capture: Capture,
    rng: np.random.Generator,
    values: ValueBoxes | None = None,
) -> tuple[bytes, bytes | None]:
    """Encoded front and back (None if the card has no back, or when the layout puts both
    sides in the front file) under `capture`. Both sides lie on the same surface but are
    separate photos (own placement, light and noise).

    `values` (where the front prints its member ID and group) is needed by the glare
    conditions, which keep glare off those values or, for `glare_unreadable`, on the ID.
    """
    bg_kind = _BACKGROUNDS[int(rng.integers(len(_BACKGROUNDS)))]
    bg_seed = int(rng.integers(2**31))
    if capture.condition in NEW_CONDITIONS:
        return _shoot_new(faces, capture, bg_kind, bg_seed, rng, values)
    front = _side(faces.front, capture, bg_kind, bg_seed, rng)
    back = None if faces.back is None else _side(faces.back, capture, bg_kind, bg_seed, rng)
    return front, back


# --- conditions added for issue 3 ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValueBoxes:
    """Where the front prints its member ID (every run of it, prefix included) and its group
    number: ink boxes in card px. Either may be empty (a card without a group)."""

    member_id: tuple[Box, ...]
    group: tuple[Box, ...]


@dataclass(frozen=True, slots=True)
class Glare:
    """Reflections of room lights on a laminated card, in card px.

    `bands` are long soft stripes (a tube light's reflection): (x, y) of a point on the
    centre line, direction in radians, Gaussian half-width sigma in px, peak level.
    `hotspot` is a lamp's reflection: centre (x, y), sigmas along and across its axis in px,
    axis direction in radians; its core (within about one sigma) is blown out to white.
    """

    bands: tuple[tuple[float, float, float, float, float], ...]
    hotspot: tuple[float, float, float, float, float] | None

    def level(self, xs: NDArray[np.float32], ys: NDArray[np.float32]) -> NDArray[np.float32]:
        """Glare level in [0, 1] at card px (xs, ys): 0 leaves the card as printed, 1 is
        white. Bands and hotspot combine like light (screen blend)."""
        dark = np.ones(np.broadcast_shapes(xs.shape, ys.shape), dtype=np.float32)
        for x0, y0, angle, sigma, peak in self.bands:
            d = (xs - x0) * -math.sin(angle) + (ys - y0) * math.cos(angle)
            dark *= 1.0 - peak * np.exp(-0.5 * (d / sigma) ** 2)
        if self.hotspot is not None:
            x0, y0, sx, sy, angle = self.hotspot
            c, s = math.cos(angle), math.sin(angle)
            u = ((xs - x0) * c + (ys - y0) * s) / sx
            v = (-(xs - x0) * s + (ys - y0) * c) / sy
            dark *= 1.0 - np.minimum(1.0, HOTSPOT_GAIN * np.exp(-0.5 * (u * u + v * v)))
        out: NDArray[np.float32] = (1.0 - dark).astype(np.float32)
        return out


HOTSPOT_GAIN: Final = 1.6
"""A hotspot's level is min(1, gain x Gaussian): blown out to pure white within ~0.97 sigma."""
GLARE_ON_VALUES_MAX: Final = 0.4
"""Readable glare leaves at least 60% of the ink contrast on the member ID and group."""
GLARE_PAD: Final = 6.0
"""Px around a value's ink box that count as the value when keeping glare off it."""


def _box_grid(box: Box, pad: float, step: float = 6.0) -> tuple[NDArray[np.float32], ...]:
    x0, y0, x1, y1 = box
    xs = np.arange(x0 - pad, x1 + pad + step, step, dtype=np.float32)
    ys = np.arange(y0 - pad, y1 + pad + step, step, dtype=np.float32)
    gx, gy = np.meshgrid(np.clip(xs, 0, CARD_W), np.clip(ys, 0, CARD_H))
    return gx, gy


def union_box(boxes: Sequence[Box]) -> Box:
    """The smallest box holding all `boxes`."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def glare_on(glare: Glare, box: Box, pad: float = GLARE_PAD) -> tuple[float, float]:
    """(min, max) glare level over `box` grown by `pad` px (sampled every 6 px)."""
    gx, gy = _box_grid(box, pad)
    level = glare.level(gx, gy)
    return float(level.min()), float(level.max())


def _random_bands(rng: np.random.Generator) -> tuple[tuple[float, float, float, float, float], ...]:
    angle = math.radians(rng.uniform(20, 70) * (1 if rng.random() < 0.5 else -1))
    x0, y0 = rng.uniform(0.1, 0.9) * CARD_W, rng.uniform(0.1, 0.9) * CARD_H
    sigma, peak = rng.uniform(18, 50), rng.uniform(0.35, 0.7)
    bands = [(x0, y0, angle, sigma, peak)]
    if rng.random() < 0.4:  # a second tube, parallel
        gap = rng.uniform(50, 140)
        bands.append((x0 - gap * math.sin(angle), y0 + gap * math.cos(angle), angle,
                      sigma * rng.uniform(0.7, 1.1), peak * rng.uniform(0.6, 1.0)))
    return tuple(bands)


def _random_hotspot(rng: np.random.Generator) -> tuple[float, float, float, float, float]:
    return (rng.uniform(0, CARD_W), rng.uniform(0, CARD_H), rng.uniform(45, 120),
            rng.uniform(30, 80), rng.uniform(0, math.pi))


def plan_glare(
    rng: np.random.Generator, avoid: Sequence[Box] = (), cover: Sequence[Box] = ()
) -> Glare:
    """Glare bands and (85% of the time) a blown-out hotspot at random on the card.

    With `avoid`, glare over each of those boxes stays at or under `GLARE_ON_VALUES_MAX`
    (up to 40 draws; then a single faint band). With `cover`, the hotspot's white core is
    centred on the union of those boxes and covers it entirely.
    """
    if cover:
        x0, y0, x1, y1 = union_box(cover)
        hw, hh = (x1 - x0) / 2 + GLARE_PAD, (y1 - y0) / 2 + GLARE_PAD
        jx, jy = rng.uniform(-0.1, 0.1) * hw, rng.uniform(-0.1, 0.1) * hh
        hot = ((x0 + x1) / 2 + jx, (y0 + y1) / 2 + jy,
               (hw + abs(jx)) * rng.uniform(1.3, 1.6) + 25, (hh + abs(jy)) * rng.uniform(2.0, 2.6)
               + 25, 0.0)
        glare = Glare(_random_bands(rng), hot)
        if glare_on(glare, union_box(cover))[0] < 0.99:
            raise AssertionError("glare hotspot does not cover the member ID")
        return glare
    for _ in range(40):
        bands = _random_bands(rng)
        glare = Glare(bands, _random_hotspot(rng) if rng.random() < 0.85 else None)
        if all(glare_on(glare, b)[1] <= GLARE_ON_VALUES_MAX for b in avoid):
            return glare
    return Glare(((CARD_W / 2, CARD_H * 0.3, 0.6, 30.0, 0.3),), None)


def apply_glare(card: NDArray[np.uint8], glare: Glare) -> NDArray[np.uint8]:
    """The flat card with `glare` added: each pixel moved towards white by the glare level."""
    ys, xs = np.mgrid[0:CARD_H, 0:CARD_W].astype(np.float32)
    g = glare.level(xs, ys)[:, :, None]
    f = card.astype(np.float32)
    out: NDArray[np.uint8] = np.clip(np.rint(f + (255.0 - f) * g), 0, 255).astype(np.uint8)
    return out


def keystone_corners(
    frame: tuple[int, int], card_width: float, rng: np.random.Generator
) -> NDArray[np.float64]:
    """Corners (4 x 2 frame px) of a card seen at a steep angle: one edge is the far one;
    its corners move 15-25% of that edge's length towards each other and 8-25% of the
    card's depth towards the near edge; a little jitter, a turn of up to 8 degrees, and the
    whole placed fully inside the frame with a 2% margin (shrunk if needed)."""
    w, h = card_width, card_width * CARD_H / CARD_W
    pts = (card_corners() / [CARD_W, CARD_H] - 0.5) * [w, h]
    far = int(rng.integers(4))  # top, right, bottom, left
    i, j = (far, (far + 1) % 4)
    edge = pts[j] - pts[i]
    along = edge / np.linalg.norm(edge)
    near_mid = (pts[(far + 2) % 4] + pts[(far + 3) % 4]) / 2
    far_mid = (pts[i] + pts[j]) / 2
    inward = near_mid - far_mid
    squeeze = rng.uniform(0.15, 0.25) * np.linalg.norm(edge)
    flatten = rng.uniform(0.08, 0.25)
    pts[i] += along * squeeze + inward * flatten
    pts[j] += -along * squeeze + inward * flatten
    pts += rng.normal(0, 0.01, (4, 2)) * [w, h]
    a = math.radians(rng.uniform(-8, 8))
    pts = pts @ np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    return fit_in_frame(pts, frame, rng)


def fit_in_frame(
    pts: NDArray[np.float64], frame: tuple[int, int], rng: np.random.Generator
) -> NDArray[np.float64]:
    """`pts` shrunk if needed to fit a (width, height) frame with a 2% margin, then moved to
    a random spot inside it."""
    size = np.array(frame, dtype=np.float64)
    margin = 0.02 * size
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    shrink = min(1.0, float(((size - 2 * margin) / (hi - lo)).min()))
    pts = (pts - lo) * shrink
    room = size - 2 * margin - pts.max(axis=0)
    placed: NDArray[np.float64] = pts + margin + rng.uniform(0, 1, 2) * np.maximum(room, 0)
    return placed


def grey_backdrop(shape: tuple[int, int], rng: np.random.Generator) -> FloatImage:
    """A plain grey backdrop of (h, w) px (a desk mat, a grey card): one neutral tone, a
    soft top-to-bottom falloff and faint low-frequency mottling."""
    h, _ = shape
    base = rng.uniform(105, 175) + rng.uniform(-5, 5, 3)
    ys = np.linspace(-0.5, 0.5, h, dtype=np.float32)[:, None]
    tone = 1.0 + rng.uniform(-0.12, 0.12) * ys + 0.03 * _smooth_noise(rng, shape, 4)
    out: FloatImage = (tone[:, :, None] * base.astype(np.float32)).astype(np.float32)
    return out


def hand_shadow(
    shape: tuple[int, int], corners: NDArray[np.float64], rng: np.random.Generator
) -> NDArray[np.float32]:
    """Coverage in [0, 1] of a hand's soft shadow over an (h, w) frame: palm, four fingers,
    thumb and the forearm running out of the frame, reaching in from a random direction
    so that it covers 12-50% of the card (the best of 12 placements otherwise). Drawn at
    1/4 resolution and blurred by 1.5-4% of the card width (a soft penumbra)."""
    h, w = shape
    k = 4
    card_w = float(np.linalg.norm(corners[1] - corners[0]))
    centre = corners.mean(axis=0)
    card = np.zeros((h // k, w // k), dtype=np.uint8)
    cv2.fillConvexPoly(card, np.rint(corners / k).astype(np.int32), 1)
    card_px = max(1, int(card.sum()))
    theta = rng.uniform(0, 2 * math.pi)
    u = np.array([math.cos(theta), math.sin(theta)])
    v = np.array([-u[1], u[0]]) * (1 if rng.random() < 0.5 else -1)  # left or right hand
    size = card_w * rng.uniform(0.55, 0.8)
    blur = card_w * rng.uniform(0.015, 0.04)
    splay = rng.normal(0, 3, 4)
    thumb = math.radians(rng.uniform(40, 70))

    def draw(reach: float) -> NDArray[np.float32]:
        palm = centre + u * (reach * card_w - 0.75 * size)

        def at(x: float, y: float) -> tuple[int, int]:
            p = (palm + size * (x * u + y * v)) / k
            return round(p[0]), round(p[1])

        mask = np.zeros((h // k, w // k), dtype=np.float32)
        axes = (max(1, round(0.27 * size / k)), max(1, round(0.22 * size / k)))
        cv2.ellipse(mask, at(0, 0), axes, math.degrees(theta), 0, 360, 1.0, -1, cv2.LINE_AA)
        arm = [at(-0.1, -0.17), at(-4, -0.22), at(-4, 0.22), at(-0.1, 0.17)]
        cv2.fillConvexPoly(mask, np.array(arm, dtype=np.int32), 1.0, cv2.LINE_AA)
        for y0, length, turn, extra in zip((-0.14, -0.05, 0.04, 0.13), (0.36, 0.43, 0.41, 0.33),
                                           (-7.0, -2.0, 2.0, 8.0), splay, strict=True):
            a = math.radians(turn + float(extra))
            end = (0.18 + length * math.cos(a), y0 + length * math.sin(a))
            cv2.line(mask, at(0.18, y0), at(*end), 1.0, max(1, round(0.085 * size / k)),
                     cv2.LINE_AA)
        tip = (0.02 + 0.3 * math.cos(thumb), 0.2 + 0.3 * math.sin(thumb))
        cv2.line(mask, at(0.02, 0.2), at(*tip), 1.0, max(1, round(0.1 * size / k)), cv2.LINE_AA)
        return mask

    best, best_miss = None, math.inf
    for _ in range(12):
        mask = draw(rng.uniform(-0.35, 0.3))
        covered = float(((mask > 0.5) & (card > 0)).sum()) / card_px
        miss = max(0.0, 0.12 - covered, covered - 0.5)
        if miss < best_miss:
            best, best_miss = mask, miss
        if miss == 0:
            break
    assert best is not None
    small = cv2.GaussianBlur(best, (0, 0), blur / k)
    out: NDArray[np.float32] = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    return out


def disk_kernel(radius: float) -> NDArray[np.float32]:
    """A defocus (pillbox) kernel of `radius` px, anti-aliased at the rim, summing to 1."""
    r = math.ceil(radius)
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1].astype(np.float32)
    k = np.clip(radius + 0.5 - np.hypot(xx, yy), 0, 1)
    out: NDArray[np.float32] = (k / k.sum()).astype(np.float32)
    return out


def motion_kernel(length: float, angle_deg: float) -> NDArray[np.float32]:
    """A linear motion-blur kernel: a line `length` px long at `angle_deg`, summing to 1."""
    r = math.ceil(length / 2) + 1
    k = np.zeros((2 * r + 1, 2 * r + 1), dtype=np.float32)
    a = math.radians(angle_deg)
    for t in np.linspace(-length / 2, length / 2, max(2, round(length * 4))):
        x, y = r + t * math.cos(a), r - t * math.sin(a)
        x0, y0 = math.floor(x), math.floor(y)
        fx, fy = x - x0, y - y0
        k[y0, x0] += (1 - fx) * (1 - fy)
        k[y0, x0 + 1] += fx * (1 - fy)
        k[y0 + 1, x0] += (1 - fx) * fy
        k[y0 + 1, x0 + 1] += fx * fy
    out: NDArray[np.float32] = k / k.sum()
    return out


def convolve(img: FloatImage, kernel: NDArray[np.float32]) -> FloatImage:
    """`img` filtered with `kernel` (edges reflected)."""
    out: FloatImage = cv2.filter2D(img, -1, kernel, borderType=cv2.BORDER_REFLECT)
    return out


def low_light(
    img: FloatImage, gain: float, noise: float, rng: np.random.Generator
) -> FloatImage:
    """A photo in very low (warm, tungsten) light: brightness times `gain` with a warm cast,
    plus high-ISO noise: `noise` levels of luminance noise and half that per channel."""
    cast = np.array([1.0, 0.9, 0.72], dtype=np.float32) * gain
    luma = rng.normal(0, noise, img.shape[:2]).astype(np.float32)[:, :, None]
    chroma = rng.normal(0, noise / 2, img.shape).astype(np.float32)
    out: FloatImage = img * cast + luma + chroma
    return out


def _standard_frame(rng: np.random.Generator) -> tuple[tuple[int, int], float]:
    """A phone photo's frame (width, height) and card width in px, as the foundation's photos."""
    frame = (1600, 1200) if rng.random() < 0.5 else (1280, 960)
    low = 0.35 if frame[0] == 1600 else 0.55
    return frame, card_width_for(frame, rng.uniform(low, 0.75))


def _new_side(
    card: NDArray[np.uint8],
    capture: Capture,
    bg_kind: Background,
    bg_seed: int,
    rng: np.random.Generator,
    values: ValueBoxes | None,
) -> bytes:
    """One side, as a separate photo, under one of the `NEW_CONDITIONS`; encoded. `values`
    is given for the front only."""
    cond = capture.condition
    if cond in GLARE_CONDITIONS:
        bg_kind = "wood"
        cover = values.member_id if values is not None and cond == "glare_unreadable" else ()
        avoid = values.member_id + values.group if values is not None and not cover else ()
        card = apply_glare(card, plan_glare(rng, avoid=avoid, cover=cover))
    frame, width = _standard_frame(rng)
    angle, jitter = rng.uniform(-4, 4), rng.uniform(0.01, 0.05)
    if cond == "small_in_frame":
        frame = (1280, 720) if rng.random() < 0.5 else (1920, 1080)
        width = rng.uniform(480, 520) if frame[0] == 1280 else rng.uniform(620, 660)
        angle, jitter = rng.uniform(-3, 3), rng.uniform(0, 0.015)
    elif cond == "tiny":
        width = rng.uniform(90, 160)
    elif cond == "heic":  # the smaller frame keeps HEVC encoding near 0.1 s a side
        frame = (1280, 960)
        width = card_width_for(frame, rng.uniform(0.55, 0.75))
    shape = (frame[1], frame[0])
    if cond == "small_in_frame":
        bg = grey_backdrop(shape, rng)
    else:
        bg = background(bg_kind, shape, np.random.default_rng(bg_seed))
    if cond == "strong_perspective":
        corners = keystone_corners(frame, width, rng)
    else:
        corners = place_corners(frame, width, angle, jitter, rng)
    if cond == "small_in_frame":  # a softer, wider shadow: the card lies on a mat
        blur = rng.uniform(0.025, 0.045) * width
        offset = np.array([rng.uniform(0.3, 1.0), rng.uniform(0.5, 1.2)]) * blur
        shadow = rng.uniform(0.35, 0.55) * quad_shadow(corners, shape, offset, blur)
    else:
        shadow = rng.uniform(0.25, 0.5) * drop_shadow(corners, shape, rng)
    img = lay_card(card, bg, corners, shadow)
    slope = (rng.uniform(-0.15, 0.15), rng.uniform(-0.15, 0.15))
    img *= lighting_field(shape, slope, rng.uniform(0, 0.15))[:, :, None]
    if cond == "hand_shadow":
        cover_hand = hand_shadow(shape, corners, rng)[:, :, None]
        tint = np.array([1.0, 0.96, 0.88], dtype=np.float32)  # skylight fills the shadow
        img *= 1.0 - rng.uniform(0.35, 0.6) * cover_hand * tint
    noise = rng.uniform(0.5, 1.2)
    zoom = max(1.0, width / CARD_W)
    if cond == "soft_focus":
        img = convolve(img, disk_kernel(rng.uniform(1.0, 2.0) * zoom))
    elif cond == "motion_blur":
        img = convolve(img, motion_kernel(rng.uniform(5, 9), rng.uniform(0, 180)))
    if cond == "dim_photo":
        img = low_light(img, rng.uniform(0.2, 0.3), rng.uniform(2.5, 4.0), rng)
    elif cond == "too_dark":  # shaken in near darkness: text a level or two above noise
        img = gaussian_blur(img, rng.uniform(2.5, 3.5) * zoom)
        img = low_light(img, rng.uniform(0.008, 0.018), rng.uniform(2.0, 3.0), rng)
    else:
        img += rng.normal(0, noise, shape).astype(np.float32)[:, :, None]
    quality = int(rng.integers(85, 89))
    if cond == "exif_rotated":
        return encode_exif_rotated(img, int(rng.integers(1, 4)), quality)
    if cond == "heic":
        return encode_heic(img, int(rng.integers(50, 66)))
    return encode(img, capture.ext, quality)


# --- both sides in one file ---------------------------------------------------------------------

SCAN_DPI: Final = 300
"""Resolution of scanned and exported pages: an ID-1 card is `CARD_W` px wide at this dpi."""
LETTER_PX: Final = (2550, 3300)
"""A US Letter page (8.5 x 11 in) at `SCAN_DPI`, (width, height)."""
PDF_DATE: Final = time.struct_time((2024, 1, 2, 0, 0, 0, 1, 2, 0))
"""Creation and modification date written into every PDF, so the bytes never change."""


def scan_sheet(
    cards: Sequence[NDArray[np.uint8]],
    stacked: bool,
    scanner: bool,
    rng: np.random.Generator,
) -> tuple[FloatImage, float]:
    """The cards on one white sheet, left to right (or top to bottom when `stacked`), and
    the sheet's paper level.

    A flatbed `scanner` gives each card at 97-100% of its 300 dpi size, turned by up to 1.5
    degrees, with the thin grey rim a scanner lid leaves, on off-white glass (244-252). A
    portal's export places them straight at 80-100% size on pure white with a soft
    box-shadow. Gaps of 20-80 px between cards, margins of 15-60 px.
    """
    scale = rng.uniform(0.97, 1.0) if scanner else rng.uniform(0.8, 1.0)
    paper = rng.uniform(244, 252) if scanner else 255.0
    gap, margin = rng.uniform(20, 80), rng.uniform(15, 60)
    quads = []
    for _ in cards:
        a = math.radians(rng.uniform(-1.5, 1.5) if scanner else 0.0)
        rot = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
        quads.append(((card_corners() - [CARD_W / 2, CARD_H / 2]) * scale) @ rot)
    extents = [q.max(axis=0) - q.min(axis=0) for q in quads]
    main, cross = (1, 0) if stacked else (0, 1)
    size = np.zeros(2)
    size[main] = 2 * margin + sum(e[main] for e in extents) + gap * (len(cards) - 1)
    size[cross] = 2 * margin + max(e[cross] for e in extents)
    width, height = math.ceil(size[0]), math.ceil(size[1])
    img: FloatImage = np.full((height, width, 3), paper, dtype=np.float32)
    pos = margin
    for card, quad, extent in zip(cards, quads, extents, strict=True):
        at = np.zeros(2)
        at[main] = pos + extent[main] / 2
        at[cross] = size[cross] / 2 + (rng.uniform(-8, 8) if scanner else 0.0)
        corners = quad + at
        if scanner:
            blur, offset, strength = rng.uniform(1.5, 3.0), rng.uniform(-1.5, 1.5, 2), \
                rng.uniform(0.15, 0.3)
        else:
            blur, offset, strength = rng.uniform(2.0, 6.0), rng.uniform(0, 4, 2), \
                rng.uniform(0.12, 0.3)
        shadow = strength * quad_shadow(corners, (height, width), offset, blur, k=1)
        img = lay_card(card, img, corners, shadow)
        pos += extent[main] + gap
    return img, paper


def on_letter_page(sheet: FloatImage, paper: float, scanner: bool,
                   rng: np.random.Generator) -> NDArray[np.uint8]:
    """`sheet` on a US Letter page at 300 dpi: in the top-left corner of the glass (within
    60 px) for a scanner, centred near the top for an export."""
    page = np.full((LETTER_PX[1], LETTER_PX[0], 3), round(paper), dtype=np.uint8)
    h, w = sheet.shape[:2]
    if scanner:
        x, y = int(rng.integers(0, 61)), int(rng.integers(0, 61))
    else:
        x, y = (LETTER_PX[0] - w) // 2, int(rng.integers(150, 451))
    page[y : y + h, x : x + w] = _pixels(sheet)
    return page


def _pixels(img: FloatImage) -> NDArray[np.uint8]:
    out: NDArray[np.uint8] = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    return out


def _both_sides(faces: CardFaces, capture: Capture, rng: np.random.Generator) -> bytes:
    """The one file of a side-by-side or PDF layout: front left (or, in a third of one-page
    PDFs, on top) and back right in one image or on one page, or two pages."""
    if faces.back is None:
        raise ValueError(f"the {capture.condition} layout needs the card's back")
    scanner = rng.random() < 0.5
    quality = int(rng.integers(85, 93))
    if capture.condition == "side_by_side":
        sheet, _ = scan_sheet((faces.front, faces.back), False, scanner, rng)
        return encode(sheet, capture.ext, quality)
    letter = rng.random() < 0.35
    if capture.condition == "pdf_two_pages":
        sheets = [scan_sheet((side,), False, scanner, rng) for side in (faces.front, faces.back)]
    else:
        stacked = rng.random() < 1 / 3
        sheets = [scan_sheet((faces.front, faces.back), stacked, scanner, rng)]
    pages = [on_letter_page(s, paper, scanner, rng) if letter else _pixels(s)
             for s, paper in sheets]
    return encode_pdf(pages, quality)


def _shoot_new(
    faces: CardFaces,
    capture: Capture,
    bg_kind: Background,
    bg_seed: int,
    rng: np.random.Generator,
    values: ValueBoxes | None,
) -> tuple[bytes, bytes | None]:
    if capture.layout != "separate":
        return _both_sides(faces, capture, rng), None
    if capture.condition in GLARE_CONDITIONS and values is None:
        raise ValueError(f"{capture.condition} needs the front's value boxes")
    front = _new_side(faces.front, capture, bg_kind, bg_seed, rng, values)
    if faces.back is None:
        return front, None
    return front, _new_side(faces.back, capture, bg_kind, bg_seed, rng, None)


# --- more encoders ------------------------------------------------------------------------------

EXIF_ORIENTATION: Final = {1: 6, 2: 3, 3: 8}
"""EXIF Orientation tag for pixels stored turned counter-clockwise by 1, 2 or 3 quarter
turns: a viewer turns them back (6: 90 degrees clockwise, 3: 180, 8: 90 counter-clockwise)."""


def encode_exif_rotated(img: FloatImage, quarter_turns: int, quality: int) -> bytes:
    """JPEG whose pixels are `img` turned counter-clockwise by `quarter_turns`, with the EXIF
    Orientation tag that shows it upright again (as phones store portrait photos)."""
    stored = np.ascontiguousarray(np.rot90(_pixels(img), quarter_turns))
    exif = Image.Exif()
    exif[0x0112] = EXIF_ORIENTATION[quarter_turns]
    buf = io.BytesIO()
    Image.fromarray(stored).save(buf, "JPEG", quality=quality, subsampling=2, optimize=True,
                                 exif=exif)
    return buf.getvalue()


def encode_heic(img: FloatImage, quality: int) -> bytes:
    """HEIC (HEVC, 4:2:0) as iPhones save photos, via pillow-heif: x265's "ultrafast"
    preset with 16 px coding units on one thread: about 0.06 s for a 1280 x 960 frame,
    and the same bytes on any machine whatever its core count."""
    import pillow_heif

    heif = pillow_heif.from_pillow(Image.fromarray(_pixels(img)))
    buf = io.BytesIO()
    heif.save(buf, quality=quality, chroma=420,
              enc_params={"preset": "ultrafast", "x265:pools": "1", "x265:ctu": "16"})
    data: bytes = buf.getvalue()
    return data


def encode_pdf(pages: Sequence[NDArray[np.uint8]], quality: int) -> bytes:
    """A PDF with one page per image (JPEG inside, 4:2:0), each page the image's size at
    `SCAN_DPI`, so a reader rendering at 300 dpi gets the pixels back at their size. The
    dates are fixed (`PDF_DATE`): the same pages always give the same bytes."""
    first, *rest = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    first.save(buf, "PDF", save_all=True, append_images=rest, resolution=float(SCAN_DPI),
               quality=quality, subsampling=2, creationDate=PDF_DATE, modDate=PDF_DATE,
               producer="cardocr samples (synthetic)")
    return buf.getvalue()
