"""O or 0 by the glyph's width (pipeline.glyphs), on values drawn in a card font: the drawn
text is the truth."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import glyphs
from pipeline.types import Box

FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
]
ANTHEM_GROUP = re.compile(r"\d{6}[A-Z0-9]{4}")


def fits(value: str) -> bool:
    return ANTHEM_GROUP.fullmatch(value) is not None


def drawn(text: str, font_path: str, size: int = 28) -> tuple[np.ndarray, Box]:
    """A grey card strip with ``text`` printed on it, and the text's box."""
    font = ImageFont.truetype(font_path, size)
    image = Image.new("L", (600, 80), 245)
    draw = ImageDraw.Draw(image)
    draw.text((30, 20), text, fill=20, font=font)
    left, top, right, bottom = draw.textbbox((30, 20), text, font=font)
    return np.asarray(image), Box(float(left), float(top), float(right), float(bottom))


@pytest.mark.parametrize("font", FONTS)
def test_a_round_capital_o_read_as_zero_is_contradicted(font: str) -> None:
    image, box = drawn("820731OY8S", font)
    evidence = glyphs.o_zero_evidence(image, box, "8207310Y8S", fits)
    assert evidence[6] == "O"
    assert glyphs.contradicted(image, box, "8207310Y8S", fits)
    assert not glyphs.contradicted(image, box, "820731OY8S", fits)
    assert glyphs.corrected(image, box, "8207310Y8S", fits) == "820731OY8S"
    assert glyphs.corrected(image, box, "820731OY8S", fits) is None


@pytest.mark.parametrize("font", FONTS)
def test_a_digit_zero_is_not_taken_for_the_letter(font: str) -> None:
    image, box = drawn("100867GL0K", font)
    evidence = glyphs.o_zero_evidence(image, box, "100867GL0K", fits)
    assert evidence[8] in ("0", "?")  # never "O"
    assert not glyphs.contradicted(image, box, "100867GL0K", fits)


def test_no_evidence_where_the_format_settles_it_or_the_ink_does_not_match() -> None:
    image, box = drawn("820731OY8S", FONTS[0])
    assert glyphs.o_zero_evidence(image, box, "820731AY8S", fits) == {}  # no O or 0 open
    assert glyphs.o_zero_evidence(image, box, "8207310Y8SX", lambda v: True) == {}  # 11 chars
    assert len(glyphs.ink_columns(image, box)) == 10
