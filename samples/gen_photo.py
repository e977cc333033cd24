"""Capture conditions: scans and simulated phone photos of the flat card, encoded to bytes.

Frames are numpy arrays H x W x 3 in RGB order. Homographies map card px (origin at the
card's top-left, `CARD_W` x `CARD_H`) to frame px (origin at the photo's top-left).
"""

from __future__ import annotations

import io
import math
import random
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
"""Condition names, in the order cards cycle through them."""

FloatImage = NDArray[np.float32]
"""H x W x 3 float32 image, values 0-255."""
Background = Literal["wood", "fabric", "desk"]
_BACKGROUNDS: Final[tuple[Background, ...]] = ("wood", "fabric", "desk")


@dataclass(frozen=True, slots=True)
class Capture:
    """How both sides of a card are captured. `photo` False means a flat scan."""

    condition: str
    photo: bool

    @property
    def ext(self) -> str:
        """File extension: png for scans kept lossless, jpg for photos and the jpeg condition."""
        return "jpg" if self.photo or self.condition == "jpeg" else "png"

    @property
    def readable(self) -> bool:
        """False only for the `unreadable` condition."""
        return self.condition != "unreadable"


def plan_capture(condition: str, rng: random.Random) -> Capture:
    """Decide scan or photo for `condition` (blur and jpeg come as either, half each)."""
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; expected one of {CONDITIONS}")
    if condition == "scan":
        return Capture(condition, photo=False)
    if condition in ("blur", "jpeg"):
        return Capture(condition, photo=rng.random() < 0.5)
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


def composite(
    card: NDArray[np.uint8],
    bg: FloatImage,
    corners: NDArray[np.float64],
    rng: np.random.Generator,
) -> FloatImage:
    """The card warped onto `bg` so its corners land on `corners` (frame px), with a soft
    drop shadow and the rounded outline."""
    h, w = bg.shape[:2]
    m = _homography(corners)
    warped = cv2.warpPerspective(card, m, (w, h), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    alpha = cv2.warpPerspective(card_mask(), m, (w, h), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    shade = 1.0 - rng.uniform(0.25, 0.5) * drop_shadow(corners, (h, w), rng)
    a = alpha[:, :, None]
    out: FloatImage = (bg * shade[:, :, None] * (1.0 - a) + warped.astype(np.float32) * a).astype(
        np.float32
    )
    return out


def drop_shadow(
    corners: NDArray[np.float64], shape: tuple[int, int], rng: np.random.Generator
) -> NDArray[np.float32]:
    """Soft shadow coverage in [0, 1] for an (h, w) frame: the card's quadrilateral shifted
    down-right by up to one blur radius (1.2% of the card width), blurred. Computed at 1/4
    resolution, since a shadow has no fine detail."""
    h, w = shape
    k = 4
    width = float(np.linalg.norm(corners[1] - corners[0]))
    blur = max(3.0, 0.012 * width)
    small = np.zeros((h // k, w // k), dtype=np.float32)
    quad = (corners + rng.uniform(0.2, 1.0, 2) * blur) / k
    cv2.fillConvexPoly(small, np.rint(quad).astype(np.int32), 1.0)
    small = cv2.GaussianBlur(small, (0, 0), blur / k)
    out: NDArray[np.float32] = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    return out


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
    faces: CardFaces, capture: Capture, rng: np.random.Generator
) -> tuple[bytes, bytes | None]:
    """Encoded front and back (None if the card has no back) under `capture`. Both sides lie
    on the same surface but are separate photos (own placement, light and noise)."""
    bg_kind = _BACKGROUNDS[int(rng.integers(len(_BACKGROUNDS)))]
    bg_seed = int(rng.integers(2**31))
    front = _side(faces.front, capture, bg_kind, bg_seed, rng)
    back = None if faces.back is None else _side(faces.back, capture, bg_kind, bg_seed, rng)
    return front, back
