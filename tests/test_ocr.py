"""OCR engines: Tesseract's local (Sauvola) threshold reads text in a shadow that one
Otsu threshold for the page loses; both engines honour it."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from pipeline.ocr import ENGINES, FakeEngine, ReadMemo, get_engine, memoised
from pipeline.types import Box, Image, OcrPage, OcrWord
from samples.gen_draw import FONT_DIR

pytestmark = pytest.mark.tesseract


def _shadowed_page() -> Image:
    """Four labelled values; the left ~40% of the page lies in a shadow at 30% light."""
    font = ImageFont.truetype(str(FONT_DIR / "dejavu/DejaVuSans.ttf"), 28)
    page = PILImage.new("L", (900, 300), 235)
    draw = ImageDraw.Draw(page)
    for xy, text in (((40, 60), "MEMBER ID 70367974"), ((40, 180), "GROUP 123456"),
                     ((520, 60), "RXBIN 004336"), ((520, 180), "PLAN SILVER")):
        draw.text(xy, text, font=font, fill=40)
    light = np.clip((np.arange(900) - 380) / 80, 0, 1) * 0.7 + 0.3
    return (np.asarray(page, np.float32) * light[None, :]).astype(np.uint8)


@pytest.mark.parametrize("name", ENGINES)
def test_local_threshold_reads_the_words_in_a_shadow(name: str) -> None:
    engine = get_engine(name)
    page = _shadowed_page()
    otsu = {w.text for w in engine.recognize(page).words}
    local = {w.text for w in engine.recognize(page, local_threshold=True).words}
    assert {"RXBIN", "004336"} <= otsu  # the lit half reads either way
    assert "70367974" not in otsu  # the shadowed half turns to black under Otsu
    assert {"70367974", "123456", "004336", "SILVER"} <= local


@pytest.mark.parametrize("name", ENGINES)
def test_an_engine_is_created_once_per_process_and_kept_warm(name: str) -> None:
    # Creating a tesserocr engine loads the model (~40 ms); the batch and service workers
    # ask for their engine once per card.
    assert get_engine(name) is get_engine(name)
    assert get_engine(name, 5.0) is not get_engine(name, 30.0)  # its time limit is its own


@pytest.mark.parametrize("name", ENGINES)
def test_a_whitelist_holding_an_apostrophe_and_a_space_reads_a_name(name: str) -> None:
    # A name's closer read allows letters, space and apostrophe: the pytesseract engine
    # passes them on a command line, where a lone quote once broke the card.
    from pipeline.ocr import PSM_SINGLE_LINE

    font = ImageFont.truetype(str(FONT_DIR / "dejavu/DejaVuSans.ttf"), 28)
    line = PILImage.new("L", (500, 60), 245)
    ImageDraw.Draw(line).text((10, 10), "O'BRIEN ANN", font=font, fill=30)
    words = get_engine(name).recognize(np.asarray(line), psm=PSM_SINGLE_LINE,
                                       whitelist="ABCDEFGHIJKLMNOPQRSTUVWXYZ' ").words
    assert [w.text for w in words] == ["O'BRIEN", "ANN"]


class _Counting:
    """An engine that reads every image as one word naming how many reads it has made."""

    name = "counting"

    def __init__(self) -> None:
        self.reads = 0

    def version(self) -> str:
        return "counting 1.0"

    def recognize(self, image: Image, *, psm: int = 11, whitelist: str | None = None,
                  local_threshold: bool = False) -> OcrPage:
        self.reads += 1
        word = OcrWord(text=str(self.reads), box=Box(0, 0, 1, 1), confidence=0.9, line=0)
        return OcrPage(words=(word,), width=image.shape[1], height=image.shape[0])

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        return None


def test_read_memo_reads_the_same_pixels_and_options_once() -> None:
    inner = _Counting()
    memo = ReadMemo(inner)
    crop = np.full((20, 60), 255, np.uint8)
    first = memo.recognize(crop, psm=7)
    assert memo.recognize(crop.copy(), psm=7) is first  # the same pixels: no second read
    assert inner.reads == 1
    other = crop.copy()
    other[5, 5] = 0
    memo.recognize(other, psm=7)  # one pixel more of ink
    memo.recognize(crop, psm=7, whitelist="0123456789")  # other options
    memo.recognize(crop, psm=7, local_threshold=True)
    memo.recognize(crop[:, :30], psm=7)  # another shape
    assert inner.reads == 5
    memo.recognize(crop)
    memo.recognize(crop)  # a side's first, sparse reading is never asked for twice
    assert inner.reads == 7


def test_a_card_gets_its_own_memo_and_a_fake_engine_none() -> None:
    inner = _Counting()
    memo = memoised(inner)
    assert isinstance(memo, ReadMemo) and memoised(memo) is memo
    assert memoised(inner) is not memo  # a fresh one per card
    fake = FakeEngine([])
    assert memoised(fake) is fake  # canned pages stay one per request
