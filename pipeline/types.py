"""Typed, frozen values passed between the pipeline's stages.

Coordinate frames used throughout:

* **photo** — pixels of the uploaded image of one side, after its EXIF orientation is
  applied; x to the right, y down. This is the frame of every polygon in the card result.
* **card** — pixels of the flattened, upright card (canonical ID-1 raster, see
  :data:`pipeline.config.CARD_WIDTH_PX`); x to the right, y down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from pipeline.lists import CardLists

Side = Literal["front", "back"]
Image = npt.NDArray[np.uint8]
"""An 8-bit image: ``(H, W)`` grey or ``(H, W, 3)`` BGR, as OpenCV uses."""

Point = tuple[float, float]
Polygon = tuple[Point, Point, Point, Point]
"""Four corners (top-left, top-right, bottom-right, bottom-left) in some pixel frame."""


@dataclass(frozen=True, slots=True)
class DecodedImage:
    """One uploaded side, decoded, EXIF-rotated, alpha flattened onto white."""

    pixels: Image
    """BGR pixels in the photo frame."""
    source: str
    """File name (or ``<bytes>``) the side came from; for messages only."""
    format: str
    """Pillow's format name (``PNG``, ``JPEG``, ``HEIF``, ...)."""


@dataclass(frozen=True, slots=True)
class Quality:
    """Image-quality measures of the flattened card, kept in the result."""

    sharpness: float
    """Variance of the Laplacian of the card's grey image resized to 1011 px wide."""
    brightness: float
    """Mean grey level of the card, 0-255."""
    contrast: float
    """Standard deviation of the card's grey level, 0-255."""
    glare: float
    """Fraction (0-1) of the card's pixels that are saturated (grey ≥ 250) in bright blobs."""
    card_width_px: float
    """Width of the card as found in the photo, in photo pixels."""


@dataclass(frozen=True, slots=True)
class CardImage:
    """The flattened, upright card of one side and how it maps back to the photo."""

    pixels: Image
    """BGR pixels in the card frame."""
    card_to_photo: npt.NDArray[np.float64]
    """3×3 homography taking card-frame points to photo-frame points."""
    found: bool
    """True when a card outline was found; False when the whole photo was taken as the card."""
    card_width_px: float
    """Width of the card's outline in the photo, in photo pixels."""
    rotation: int = 0
    """Clockwise rotation (0/90/180/270 degrees) applied to make the card upright."""


@dataclass(frozen=True, slots=True)
class Box:
    """Axis-aligned box in the card frame, pixels; ``right``/``bottom`` exclusive."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def corners(self) -> Polygon:
        return (
            (self.left, self.top),
            (self.right, self.top),
            (self.right, self.bottom),
            (self.left, self.bottom),
        )


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word Tesseract read."""

    text: str
    box: Box
    """Where the word is, card frame."""
    confidence: float
    """Tesseract's word confidence scaled to 0-1."""
    line: int
    """Index of the text line (as Tesseract grouped it) the word belongs to, page-unique."""


@dataclass(frozen=True, slots=True)
class OcrPage:
    """All words read from one side."""

    words: tuple[OcrWord, ...]
    width: int
    """Width of the image that was read, card-frame pixels."""
    height: int

    @property
    def text(self) -> str:
        lines: dict[int, list[str]] = {}
        for w in self.words:
            lines.setdefault(w.line, []).append(w.text)
        return "\n".join(" ".join(ws) for ws in lines.values())


@dataclass(frozen=True, slots=True)
class SideRead:
    """Everything the pipeline learned from one side."""

    side: Side
    decoded: DecodedImage
    card: CardImage
    quality: Quality
    page: OcrPage
    ocr_image: Image
    """The enhanced grey card that was OCR'd (card frame), kept for second looks."""
    deblurred: bool = False
    """True when ``ocr_image`` was deblurred before the first reading (a shaken photo,
    :func:`pipeline.deblur.shaken`)."""
    deblur_compared: bool = False
    """True when the side was read both deblurred and as photographed at the first pass
    (the better kept): the second look does not deblur it again."""
    photo_page: OcrPage | None = None
    """The words the side's photo as taken gave at the first pass, when its deblurred
    reading was kept over them (:func:`pipeline.process.deblurred_or_plain`)."""


@dataclass(frozen=True, slots=True)
class CarrierMatch:
    """The carrier identification: the winner and the runner-up."""

    template_id: str | None
    """Winning template id, or None when no carrier template matched."""
    name: str | None
    """The carrier's portal name: the template's, or the directory payer's as cards print it."""
    confidence: float
    """0-1: the fuzzy score of the winning name, lowered when the runner-up is close or the
    evidence conflicts (another carrier printed far more prominently)."""
    evidence: str
    """The OCR text that matched the winning keyword or name."""
    runner_up: str | None
    """Id of the runner-up (a template's or a directory payer's), or None."""
    runner_up_score: float
    source: str | None = None
    """``template``, ``directory`` (no template matched; the payer directory named it) or
    None (no carrier)."""
    payer_id: str | None = None
    """The directory payer's id when ``source`` is ``directory``."""
    state: str | None = None
    """A directory payer's state (USPS code) when the card prints one of its states."""

    @property
    def id(self) -> str | None:
        """The contract's ``carrier.id``: the template's id or the directory payer's."""
        return self.template_id if self.template_id is not None else self.payer_id


@dataclass(frozen=True, slots=True)
class FieldReading:
    """One value read off the card, with where it was printed."""

    name: str
    value: str
    confidence: float
    """0-1, combining OCR word confidence, label match and format checks."""
    side: Side
    label: str
    """The label as printed on the card, e.g. ``GRP#``."""
    box: Box
    """Where the value was printed, card frame of ``side``."""
    label_score: float = 1.0
    """How surely ``label`` is the field's label: 1.0 read exactly (or no label), lower for
    a misread one (``Gr +o`` for ``Group:``). Closer reads settle the value, never this."""


@dataclass(frozen=True, slots=True)
class Distractor:
    """A labelled number that looks like an ID but is not one the portal wants."""

    kind: str
    label: str
    value: str
    side: Side
    box: Box


@dataclass(frozen=True, slots=True)
class ReviewReason:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class CardResult:
    """The card result of the contract, before it is serialised to JSON."""

    card: str | None
    carrier: CarrierMatch
    fields: dict[str, FieldReading]
    distractors: tuple[Distractor, ...]
    portal: dict[str, str | None]
    reasons: tuple[ReviewReason, ...]
    sides: tuple[SideRead, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage plus ``cpu_s`` and ``wall_s`` for the whole card."""
    lists: CardLists | None = None
    """Phones, copays, dependents and the claims address (:mod:`pipeline.lists`)."""
