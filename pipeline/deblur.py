"""Undo linear motion blur (a shaken phone) on a flattened card: the blur's length and
direction from the image's cepstrum, then Wiener deconvolution.

A straight motion blur of length L multiplies the spectrum by a sinc whose zeros repeat
every 1/L along the motion; the log spectrum's inverse transform (the cepstrum) then has
a sharp negative peak L pixels from its centre in the motion's direction. A card shown
shaken (:func:`shaken`) is deblurred before its first reading (and read as photographed
too, the better reading kept); any other card in the second look, when its member ID or
group is still missing or doubtful.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.types import Image

MIN_LENGTH_PX = 4.0
MAX_LENGTH_PX = 16.0
"""Blur lengths looked for, pixels of the 1011 px card (shaken wide-bench cards: 4-8;
shorter peaks come from sharp and softly focused cards too)."""
MIN_PEAK = 0.045
"""Depth of the cepstral peak (negative) taken as motion blur: 0.036-0.116 on the wide
bench's shaken cards, up to 0.077 on others (then a deblurred reading must still prove
better than the first to be kept)."""
NOISE_TO_SIGNAL = 0.005
"""Wiener regularisation: higher keeps more blur, lower amplifies noise and JPEG blocks."""


@dataclass(frozen=True, slots=True)
class Motion:
    """A linear motion blur: its length (pixels), its direction (degrees anticlockwise
    from the image's x axis, 0-180) and the cepstral peak's depth that showed it."""

    length_px: float
    angle_deg: float
    peak: float


def cepstrum(grey: Image) -> npt.NDArray[np.float32]:
    """The real cepstrum of a grey image (Hann-windowed), its zero shifted to the centre."""
    g = grey.astype(np.float32)
    g -= float(g.mean())
    h, w = g.shape
    window = cv2.createHanningWindow((w, h), cv2.CV_32F)
    log_power = np.log(np.abs(np.fft.rfft2(g * window)) + 1e-3)
    cep = np.fft.irfft2(log_power, s=(h, w)).astype(np.float32)
    shifted: npt.NDArray[np.float32] = np.fft.fftshift(cep)
    return shifted


def estimate(grey: Image) -> Motion | None:
    """The motion blur of a grey card image, or None when its cepstrum shows none."""
    cep = cepstrum(grey)
    h, w = cep.shape
    radii = np.arange(MIN_LENGTH_PX, MAX_LENGTH_PX + 0.01, 0.5)
    angles = np.arange(0.0, 180.0, 3.0)
    r, a = np.meshgrid(radii, np.deg2rad(angles), indexing="ij")
    xs = np.rint(w // 2 + r * np.cos(a)).astype(int)
    ys = np.rint(h // 2 - r * np.sin(a)).astype(int)
    values = cep[ys, xs]
    i, j = np.unravel_index(int(np.argmin(values)), values.shape)
    peak = -float(values[i, j])
    if peak < MIN_PEAK:
        return None
    return Motion(length_px=float(radii[i]), angle_deg=float(angles[j]), peak=peak)


def motion_kernel(length_px: float, angle_deg: float) -> npt.NDArray[np.float32]:
    """A line ``length_px`` long at ``angle_deg`` (anticlockwise from x), summing to 1,
    drawn with bilinear weights on an odd square."""
    size = 2 * math.ceil(length_px / 2) + 3
    kernel = np.zeros((size, size), np.float32)
    c = (size - 1) / 2
    a = math.radians(angle_deg)
    for t in np.linspace(-length_px / 2, length_px / 2, max(2, round(length_px * 4))):
        x, y = c + t * math.cos(a), c - t * math.sin(a)
        x0, y0 = math.floor(x), math.floor(y)
        fx, fy = x - x0, y - y0
        for dx, dy, weight in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)),
                               (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
            kernel[y0 + dy, x0 + dx] += weight
    out: npt.NDArray[np.float32] = kernel / float(kernel.sum())
    return out


def wiener(grey: Image, kernel: npt.NDArray[np.float32], nsr: float = NOISE_TO_SIGNAL) -> Image:
    """``grey`` deconvolved by ``kernel`` (Wiener filter, noise-to-signal ``nsr``); the
    borders are padded by replication so the card's edges do not ring."""
    pad = kernel.shape[0]
    padded = cv2.copyMakeBorder(grey.astype(np.float32) / 255.0, pad, pad, pad, pad,
                                cv2.BORDER_REPLICATE)
    kh, kw = kernel.shape
    psf = np.zeros_like(padded)
    psf[:kh, :kw] = kernel
    psf = np.roll(psf, (-(kh // 2), -(kw // 2)), axis=(0, 1))
    h_f = np.fft.rfft2(psf)
    g_f = np.fft.rfft2(padded)
    f = np.fft.irfft2(g_f * np.conj(h_f) / (np.abs(h_f) ** 2 + nsr), s=padded.shape)
    out: Image = np.clip(f[pad:-pad, pad:-pad] * 255.0, 0, 255).astype(np.uint8)
    return out


def deblurred(grey: Image) -> Image | None:
    """``grey`` with its motion blur undone, or None when it shows no motion blur."""
    motion = estimate(grey)
    if motion is None:
        return None
    return wiener(grey, motion_kernel(motion.length_px, motion.angle_deg))


SHAKEN_MAX_SHARPNESS = 400.0
"""Sharpness (the Laplacian's variance, :func:`pipeline.quality.measure`) from which a
card is read as photographed, never deblurred first: shaken cards of the dev ranges
measure 50-320, sharp photos and scans mostly 400-1900."""
SHAKEN_MAX_ANISOTROPY = 0.8
"""Largest ratio of the weakest to the strongest mean squared gradient over directions
(:func:`anisotropy`) of a shaken card: 0.28-0.66 on the dev ranges' shaken cards, 0.46
and up on others. A cheap test (two Sobels) that spares most cards the cepstrum; an along
ratio (:func:`along_ratio`) under ``SHAKEN_MAX_ALONG`` implies it."""
SHAKEN_MAX_ALONG = 0.8
"""Largest :func:`along_ratio` of a shaken card: 0.18-0.67 on the dev ranges' shaken
cards; a cepstral peak on a card blurred evenly (out of focus, 1.4) or on sharp print with
a regular pattern has none of the smear along the peak's direction."""


def _gradient_moments(grey: Image) -> tuple[float, float, float]:
    """The mean of gx², gx·gy and gy² over ``grey`` (Sobel gradients, grey levels/pixel,
    x to the right, y down)."""
    g = grey.astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    return float(np.mean(gx * gx)), float(np.mean(gx * gy)), float(np.mean(gy * gy))


def anisotropy(grey: Image) -> float:
    """The weakest over the strongest mean squared gradient of ``grey`` along any direction
    (the gradient structure tensor's eigenvalues): near 1 for print seen sharp or blurred
    evenly, low when a motion smeared every edge along one direction."""
    a, b, c = _gradient_moments(grey)
    half, det = (a + c) / 2, a * c - b * b
    spread = math.sqrt(max(half * half - det, 0.0))
    return (half - spread) / max(half + spread, 1e-9)


def along_ratio(grey: Image, motion: Motion) -> float:
    """The mean squared gradient of ``grey`` along ``motion``'s direction over that across
    it: under 1 when the image is smeared along the motion the cepstrum shows."""
    a, b, c = _gradient_moments(grey)
    t = math.radians(motion.angle_deg)
    ux, uy = math.cos(t), -math.sin(t)  # the direction in image axes (y down)
    along = a * ux * ux + 2 * b * ux * uy + c * uy * uy
    across = a * uy * uy - 2 * b * ux * uy + c * ux * ux
    return along / max(across, 1e-9)


def shaken(grey: Image, sharpness: float) -> Motion | None:
    """The motion blur of a shaken card's grey image (card frame), or None when it is not
    one: not sharp (``sharpness`` as :func:`pipeline.quality.measure` gives it, under
    ``SHAKEN_MAX_SHARPNESS``), smeared along one direction (:func:`anisotropy`), the
    cepstrum showing a motion (:func:`estimate`) along which it is smeared
    (:func:`along_ratio`). Cheap on a sharp card (no work) and on most others (two Sobels);
    the cepstrum (~30 ms) only where the gradients are lopsided."""
    if sharpness >= SHAKEN_MAX_SHARPNESS or anisotropy(grey) >= SHAKEN_MAX_ANISOTROPY:
        return None
    motion = estimate(grey)
    if motion is None or along_ratio(grey, motion) >= SHAKEN_MAX_ALONG:
        return None
    return motion


def undo(motion: Motion, measured_shape: tuple[int, ...], grey: Image) -> Image:
    """``grey`` (the card measured at ``measured_shape``, or that card turned) with
    ``motion`` undone: a quarter turn turns the motion's direction by 90°, a half turn
    leaves it. Bind the first two with :func:`functools.partial` for
    :func:`pipeline.enhance.enhance`'s ``restore``."""
    turned = grey.shape[:2] != measured_shape[:2]
    angle = (motion.angle_deg + 90.0) % 180.0 if turned else motion.angle_deg
    return wiener(grey, motion_kernel(motion.length_px, angle))
