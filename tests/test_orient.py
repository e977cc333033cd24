"""Orientation and banded reading (pipeline.orient), and the image helpers made fast for it.

Expected values come from the generator's ground truth (samples/cards/truth.jsonl) or from
numpy's own functions, never from the pipeline's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pipeline import decode, enhance, locate, orient
from pipeline.config import Config
from pipeline.enhance import darkest_channel, percentiles_u8
from pipeline.ocr import OcrEngine, get_engine
from pipeline.types import Box, CardImage, Image, OcrPage, OcrWord

CARDS = Path(__file__).resolve().parents[1] / "samples" / "cards"


def _word(text: str, top: float, line: int) -> OcrWord:
    return OcrWord(text=text, box=Box(10.0, top, 60.0, top + 20.0), confidence=0.9, line=line)


def test_join_bands_moves_the_lower_band_into_the_page_frame() -> None:
    top = OcrPage(words=(_word("Member", 5, 0), _word("Group", 40, 1)), width=100, height=80)
    rest = OcrPage(words=(_word("W123", 3, 0), _word("Rx", 30, 2)), width=100, height=120)
    page = orient.join_bands(top, rest, 80)
    assert (page.width, page.height) == (100, 200)
    assert [w.text for w in page.words] == ["Member", "Group", "W123", "Rx"]
    assert [w.box.top for w in page.words] == [5, 40, 83, 110]
    assert [w.line for w in page.words] == [0, 1, 2, 4]


def _text_rows(rows: list[tuple[int, int]], height: int = 638, width: int = 1011) -> Image:
    """A white card with black bars (text lines) over the given (top, bottom) rows."""
    image = np.full((height, width), 255, np.uint8)
    for top, bottom in rows:
        image[top:bottom, 40:600:7] = 0  # letters: thin dark strokes
    return image


def test_band_cut_is_on_an_empty_row_between_text_lines() -> None:
    image = _text_rows([(30, 60), (150, 200), (230, 280), (330, 370), (500, 540)])
    cut = orient.band_cut(image)
    assert cut is not None
    # The widest gap within 30-50% of the height (191-319), and its middle.
    assert 295 <= cut <= 305


def test_band_cut_refuses_rows_that_all_cross_text() -> None:
    # Text lines every 24 px with 2 px gaps: no row of three between 30% and 50% is empty.
    image = _text_rows([(y, y + 22) for y in range(0, 638, 24)])
    assert orient.band_cut(image) is None


class CountingEngine:
    """A real engine that records the height of every image it reads and OSD calls."""

    def __init__(self, engine: OcrEngine) -> None:
        self.engine = engine
        self.name = engine.name
        self.heights: list[int] = []
        self.osd_calls = 0

    def recognize(self, image: Image, **kwargs: Any) -> OcrPage:
        self.heights.append(image.shape[0])
        return self.engine.recognize(image, **kwargs)

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        self.osd_calls += 1
        return self.engine.detect_orientation(image)

    def version(self) -> str:
        return self.engine.version()


def _sample_card() -> tuple[CardImage, dict[str, Any]]:
    truth = json.loads((CARDS / "truth.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert truth["condition"] == "scan"  # an upright card filling its photo
    decoded = decode.decode_file_pages(CARDS / truth["front"], Config().limits)[0]
    return locate.find_card(decoded.pixels), truth


@pytest.mark.tesseract
@pytest.mark.parametrize("turned", [0, 180])
def test_an_upside_down_card_costs_its_top_band_not_a_page(turned: int) -> None:
    card, truth = _sample_card()
    engine = CountingEngine(get_engine("tesserocr"))
    read_card, image, page = orient.read_upright(
        orient.rotate_card(card, turned), engine, enhance.enhance
    )
    assert read_card.rotation == 0  # turned back upright, whichever way it came
    assert truth["fields"]["member_id"] in page.text
    height = card.pixels.shape[0]
    # Upright: its top band, then the rest. Upside down: the wrong top band, then the
    # turned card's two bands; never an OSD pass or a second whole page.
    assert sum(engine.heights) <= (1.5 if turned else 1.0) * height
    assert len(engine.heights) == (3 if turned else 2)
    assert engine.osd_calls == 0
    assert all(w.box.bottom <= image.shape[0] for w in page.words)


@pytest.mark.tesseract
@pytest.mark.parametrize("upside_down_first", [False, True])
@pytest.mark.parametrize("turned", [0, 180])
def test_the_first_guess_changes_the_cost_not_the_reading(
    turned: int, upside_down_first: bool
) -> None:
    card, truth = _sample_card()
    engine = CountingEngine(get_engine("tesserocr"))
    read_card, _, page = orient.read_upright(
        orient.rotate_card(card, turned), engine, enhance.enhance,
        upside_down_first=upside_down_first,
    )
    assert read_card.rotation == 0
    assert truth["fields"]["member_id"] in page.text
    guessed_right = (turned == 180) == upside_down_first
    assert len(engine.heights) == (2 if guessed_right else 3)  # + a wrong top band


@pytest.mark.tesseract
@pytest.mark.parametrize("guessing", [True, False])
def test_the_back_of_a_card_photographed_upside_down_is_tried_upside_down_first(
    guessing: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.process import process_card

    if not guessing:  # the print tells nothing: the back follows the front
        monkeypatch.setattr(orient, "looks_upside_down", lambda pixels: None)
    rows = [json.loads(line) for line in (CARDS / "truth.jsonl").read_text().splitlines()]
    truth = next(r for r in rows if r["condition"] == "rot180" and r["back"])
    engine = CountingEngine(get_engine("tesserocr"))
    result = process_card(CARDS / truth["front"], CARDS / truth["back"], engine=engine)
    assert [s.card.rotation for s in result.sides] == [180, 180]
    assert result.fields["member_id"].value == truth["fields"]["member_id"]
    # Front: its two bands, turned at once where its print shows it upside down, else a
    # wrong top band first; back: its two bands, turned at once.
    assert len([h for h in engine.heights if h > 200]) == (4 if guessing else 5)


def _prose(lines: list[str], scale: float = 0.9) -> Image:
    """A white card (card frame) with lines of dark text drawn upright."""
    image = np.full((638, 1011), 255, np.uint8)
    for k, text in enumerate(lines):
        cv2.putText(image, text, (40, 80 + 60 * k), cv2.FONT_HERSHEY_SIMPLEX, scale, 0, 2,
                    cv2.LINE_AA)
    return image


MIXED_CASE = ["Member ID: W123456789  Group: 00412", "Subscriber: Jordan Kelly",
              "Present this card at the pharmacy", "Call the number below for help",
              "Benefits administered by your plan"]


def test_looks_upside_down_reads_letters_rising_and_hanging() -> None:
    upright = _prose(MIXED_CASE)
    assert orient.looks_upside_down(upright) is False
    assert orient.looks_upside_down(cv2.rotate(upright, cv2.ROTATE_180)) is True
    colour = cv2.cvtColor(cv2.rotate(upright, cv2.ROTATE_180), cv2.COLOR_GRAY2BGR)
    assert orient.looks_upside_down(colour) is True


def test_looks_upside_down_makes_no_guess_without_evidence() -> None:
    assert orient.looks_upside_down(np.full((638, 1011), 255, np.uint8)) is None
    capitals = _prose(["MEMBER ID W123456789", "GROUP 004120", "RXBIN 610014"])
    assert orient.looks_upside_down(capitals) is None
    assert orient.looks_upside_down(cv2.rotate(capitals, cv2.ROTATE_180)) is None


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.uint8, st.tuples(st.integers(1, 40), st.integers(1, 40)),
           elements=st.sampled_from([0, 3, 17, 128, 200, 250, 255])),
    st.lists(st.floats(0, 100), min_size=1, max_size=4),
)
def test_percentiles_u8_equal_numpys(grey: Image, percents: list[float]) -> None:
    assert np.allclose(percentiles_u8(grey, percents), np.percentile(grey, percents))


def test_darkest_channel_is_the_per_pixel_minimum() -> None:
    pixels = np.random.default_rng(3).integers(0, 256, (31, 47, 3), dtype=np.uint8)
    assert (darkest_channel(pixels) == pixels.min(axis=2)).all()
    assert darkest_channel(pixels[:, :, 0]) is not None


def test_open_round_cuts_a_thin_streak_and_keeps_the_card_edges() -> None:
    mask = np.zeros((405, 720), np.uint8)
    mask[100:300, 200:520] = 255  # the card
    mask[195:199, 520:700] = 255  # a 4 px streak of wood grain touching it
    opened = locate.open_round(mask, 21)
    assert not opened[190:205, 560:700].any()
    ys, xs = np.nonzero(opened)
    assert abs(int(ys.min()) - 100) <= 1 and abs(int(ys.max()) - 299) <= 1
    assert abs(int(xs.min()) - 200) <= 1 and abs(int(xs.max()) - 519) <= 1
    full = cv2.morphologyEx(mask, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (21, 21)))
    assert np.mean(opened != full) < 0.002  # the same opening, give or take an edge pixel


def test_line_medians_are_numpys_medians_per_line() -> None:
    rng = np.random.default_rng(7)
    values = rng.integers(0, 300, 200)
    line = rng.integers(0, 9, 200)
    _, inverse, counts = np.unique(line, return_inverse=True, return_counts=True)
    got = orient._line_medians(values, inverse, counts)
    assert got.tolist() == [float(np.median(values[line == k])) for k in np.unique(line)]
