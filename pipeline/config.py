"""Tunables of the pipeline, carried in one frozen value rather than module globals."""

from __future__ import annotations

from dataclasses import dataclass

CARD_WIDTH_MM = 85.60
CARD_HEIGHT_MM = 53.98
CARD_ASPECT = CARD_WIDTH_MM / CARD_HEIGHT_MM
"""ID-1 aspect ratio (ISO/IEC 7810), width over height."""
CARD_WIDTH_PX = 1011
"""Width of the canonical flattened card: ID-1 at 300 dpi."""
CARD_HEIGHT_PX = round(CARD_WIDTH_PX / CARD_ASPECT)


@dataclass(frozen=True, slots=True)
class Limits:
    """What an upload may be before it is refused as ``unreadable_file``."""

    max_file_bytes: int = 25 * 1024 * 1024
    """Largest accepted file, bytes."""
    max_pixels: int = 50_000_000
    """Largest accepted image, pixels (width × height), checked before decoding."""
    max_decoded_pixels: int = 4096 * 3072
    """Largest image held after decoding, pixels: a larger photo (up to ``max_pixels``) is
    decoded reduced by the smallest whole factor that fits (a 7000×7000 one at half size).
    A card needs ~1011 px across (``CARD_WIDTH_PX``) and the card search works at 720 px,
    so a 12 MP phone photo (4032×3024), where even a card filling a third of the frame is
    ~2300 px wide, is kept whole, and nothing larger costs more memory than it."""


@dataclass(frozen=True, slots=True)
class QualityThresholds:
    """Below (or above) these a card goes to review, and OCR is not even tried.

    Chosen from the generated benchmark (240 cards, seed 20261126): every readable photo
    (mild blur, dim light, JPEG, perspective) had sharpness ≥ 38, brightness ≥ 76,
    contrast ≥ 13 and a card ≥ 990 px wide; the unreadable ones had sharpness ≤ 3.3
    (heavy blur) or brightness ≤ 18 with contrast ≤ 4.7 (near black) or a card under
    200 px. Each threshold sits between the two groups with room on both sides; the wide
    suite's readable dim photos reach down to brightness ~39, so that bound sits at 25.
    The grammar suites' readable dim photos reach contrast 6.6 (a white card) and 7.5 (a
    plum card at brightness 9.6); the unreadable dark ones measure ≤ 4.7, the wide suite's
    washed-out unreadable ones 5.2-6.0 with sharpness under 2 (blurry, caught by
    ``min_sharpness``). The contrast bounds sit at 6.0 and 5.8.
    """

    min_card_width_px: float = 300.0
    """A card narrower than this in the photo has text under ~6 px high."""
    min_sharpness: float = 12.0
    """Variance of the Laplacian at 1011 px width; heavy blur is < 4, mild blur ~40+."""
    min_brightness: float = 25.0
    """Mean grey level of the card; a card this dark has almost no contrast left."""
    dark_min_contrast: float = 6.0
    """Contrast a card darker than ``min_brightness`` needs to be read: navy, black and plum
    card designs in dim light measured brightness 10-17 with contrast 7.5-11.7 (grammar
    suites, readable); photos too dark to read, brightness ≤ 18 with contrast ≤ 4.7."""
    min_contrast: float = 5.8
    """Grey standard deviation; a flat dark or washed-out card falls under it."""
    max_glare: float = 0.08
    """Fraction of card pixels blown out by glare."""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything `process_card` can be tuned with."""

    limits: Limits = Limits()
    quality: QualityThresholds = QualityThresholds()
    member_id_min_confidence: float = 0.5
    """Below this a member ID is sent to review as ``member_id_uncertain``. From the
    benches' reliability tables: the lowest cut-off with no silent error in either suite
    (wide: 374 of 381 readings at or above 0.5, 99.7% right; foundation: all right)."""
    group_min_confidence: float = 0.6
    """Below this a group number is sent to review as ``group_number_uncertain``."""
    carrier_min_confidence: float = 0.8
    """Below this the carrier match is not trusted (``carrier_uncertain``)."""
    school_min_confidence: float = 0.6
    """Below this a school name found for a plan that needs one counts as none
    (``school_name_needed``): over eighteen ranges the two school names read under 0.65
    were a garbled and a run-on one (``Mil y Co m Unity College``, 13131's 0139), the 126
    right ones at 0.77 or more."""
    ocr_timeout_s: float = 30.0
    """Per-side OCR time limit, seconds."""
