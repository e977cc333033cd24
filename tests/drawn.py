"""Cards drawn by hand for tests: text placed where a test says, on an ID-1 card.

A test describes a card as a list of :class:`Ink` (text at a position, in card pixels of
a 1011 × 638 card, about 300 dpi) and :class:`Mark` shapes (bands, explainer circles,
arrows, dotted boxes); :func:`card_png` draws it on a grey table so the pipeline finds the
card's outline. The values a test expects are the texts it drew, never the pipeline's.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

CARD_W, CARD_H = 1011, 638
"""The drawn card, pixels (ID-1, 85.6 × 54 mm at about 300 dpi)."""
MARGIN = 90
"""Grey table around the card, pixels."""
RGB = tuple[int, int, int]
FONTS = {
    "sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "sans-bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "mono": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "narrow": "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf",
    "liberation": "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "liberation-bold": "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
}


@dataclass(frozen=True, slots=True)
class Ink:
    """Text with its top-left corner at (x, y), card pixels; ``size`` in pixels."""

    x: float
    y: float
    text: str
    size: int = 30
    font: str = "sans"
    colour: RGB = (20, 20, 20)


@dataclass(frozen=True, slots=True)
class Mark:
    """A shape: a filled ``band``, an ``ellipse`` outline, a ``dotted`` box outline, an
    ``arrow`` (a plain line) or a ``pointer`` (a line with a filled head at its end) from
    (x0, y0) to (x1, y1), or a filled ``disc`` with ``text`` (a callout's number) in white
    at its centre; coordinates in card pixels."""

    kind: Literal["band", "ellipse", "dotted", "arrow", "pointer", "disc"]
    x0: float
    y0: float
    x1: float
    y1: float
    colour: RGB = (200, 30, 30)
    width: int = 5
    text: str = ""


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONTS.get(name, FONTS["sans"])
    if not Path(path).exists():
        path = FONTS["sans"]
    return ImageFont.truetype(path, size)


def _dotted(draw: ImageDraw.ImageDraw, m: Mark) -> None:
    step = 3 * m.width
    x = m.x0
    while x < m.x1:
        for y in (m.y0, m.y1):
            draw.line([(x, y), (min(x + step, m.x1), y)], fill=m.colour, width=m.width)
        x += 2 * step
    y = m.y0
    while y < m.y1:
        for x in (m.x0, m.x1):
            draw.line([(x, y), (x, min(y + step, m.y1))], fill=m.colour, width=m.width)
        y += 2 * step


def _pointer(draw: ImageDraw.ImageDraw, m: Mark) -> None:
    """A line from (x0, y0) with a filled head 16 px long at (x1, y1)."""
    draw.line([(m.x0, m.y0), (m.x1, m.y1)], fill=m.colour, width=m.width)
    ang = math.atan2(m.y1 - m.y0, m.x1 - m.x0)
    head = [(m.x1, m.y1)] + [(m.x1 - 16 * math.cos(ang + s), m.y1 - 16 * math.sin(ang + s))
                             for s in (-0.45, 0.45)]
    draw.polygon(head, fill=m.colour)


def draw(inks: Sequence[Ink], marks: Sequence[Mark] = (),
         background: RGB = (252, 252, 250), over: Sequence[Mark] = ()) -> Image.Image:
    """The card alone: ``marks`` under the text (bands), ``over`` on top (explainer marks)."""
    card = Image.new("RGB", (CARD_W, CARD_H), background)
    d = ImageDraw.Draw(card)
    groups: tuple[Sequence[Mark] | None, ...] = (marks, None, over)
    for group in groups:
        if group is None:
            for ink in inks:
                d.text((ink.x, ink.y), ink.text, font=_font(ink.font, ink.size), fill=ink.colour)
            continue
        for m in group:
            if m.kind == "band":
                d.rectangle([m.x0, m.y0, m.x1, m.y1], fill=m.colour)
            elif m.kind == "ellipse":
                d.ellipse([m.x0, m.y0, m.x1, m.y1], outline=m.colour, width=m.width)
            elif m.kind == "disc":
                d.ellipse([m.x0, m.y0, m.x1, m.y1], fill=m.colour)
                if m.text:
                    f = _font("sans-bold", round(0.65 * (m.y1 - m.y0)))
                    d.text(((m.x0 + m.x1) / 2, (m.y0 + m.y1) / 2), m.text, font=f,
                           fill=(255, 255, 255), anchor="mm")
            elif m.kind == "dotted":
                _dotted(d, m)
            elif m.kind == "pointer":
                _pointer(d, m)
            else:
                d.line([(m.x0, m.y0), (m.x1, m.y1)], fill=m.colour, width=m.width)
    return card


def on_table(card: Image.Image) -> Image.Image:
    """The card on a mid-grey table with a margin, as a flat scan shows it."""
    table = Image.new("RGB", (card.width + 2 * MARGIN, card.height + 2 * MARGIN), (96, 98, 102))
    table.paste(card, (MARGIN, MARGIN))
    return table


def encode(image: Image.Image, fmt: str = "PNG", **params: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()


def card_png(inks: Sequence[Ink], marks: Sequence[Mark] = (),
             background: RGB = (252, 252, 250), over: Sequence[Mark] = ()) -> bytes:
    """PNG bytes of the drawn card on a table."""
    return encode(on_table(draw(inks, marks, background, over)))
