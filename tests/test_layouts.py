"""Both sides in one upload: a two-page PDF, a one-page PDF or image with the two cards
side by side. Built from the committed sample card 0000 (an Aetna scan); expected values
are its generator truth."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline import locate
from pipeline.config import CARD_HEIGHT_PX, CARD_WIDTH_PX, Config
from pipeline.errors import InputError
from pipeline.process import load_pages, process_card
from tests import pdfs

CARDS = Path(__file__).resolve().parents[1] / "samples" / "cards"
TRUTH = json.loads((CARDS / "truth.jsonl").read_text(encoding="utf-8").splitlines()[0])
FRONT = Image.open(CARDS / TRUTH["front"]).convert("RGB")
BACK = Image.open(CARDS / TRUTH["back"]).convert("RGB").resize(FRONT.size)


def side_by_side() -> Image.Image:
    """A white page with the front left and the back right, each with a thin grey edge."""
    w, h = FRONT.size
    page = Image.new("RGB", (2 * w + 200, h + 120), "white")
    for card, x in ((FRONT, 60), (BACK, w + 140)):
        framed = np.asarray(card).copy()
        framed[:2, :] = framed[-2:, :] = framed[:, :2] = framed[:, -2:] = 200
        page.paste(Image.fromarray(framed), (x, 60))
    return page


def pdf(*pages: Image.Image) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=list(pages[1:]), resolution=300)
    return buf.getvalue()


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def test_pdf_pages_decode_one_image_each() -> None:
    pages = load_pages(pdf(FRONT, BACK), Config())
    assert len(pages) == 2
    assert all(p.format == "PDF" for p in pages)
    assert abs(pages[0].pixels.shape[1] - FRONT.size[0]) <= 2  # 300 dpi in, 300 dpi out


def test_pdf_of_three_pages_is_refused() -> None:
    with pytest.raises(InputError, match="3 pages"):
        load_pages(pdf(FRONT, BACK, FRONT), Config())


def test_corrupt_pdf_is_refused() -> None:
    with pytest.raises(InputError, match="PDF"):
        load_pages(b"%PDF-1.4\n" + b"\x00garbage" * 20, Config())


@pytest.mark.tesseract
@pytest.mark.parametrize(
    "upload", ["pdf_two_pages", "pdf_one_page", "image_side_by_side"]
)
def test_both_sides_in_one_upload_read_as_front_and_back(upload: str) -> None:
    data = {
        "pdf_two_pages": lambda: pdf(FRONT, BACK),
        "pdf_one_page": lambda: pdf(side_by_side()),
        "image_side_by_side": lambda: png(side_by_side()),
    }[upload]()
    result = process_card(data)
    assert [s.side for s in result.sides] == ["front", "back"]
    assert result.carrier.template_id == TRUTH["carrier"]
    assert result.fields["member_id"].value == TRUTH["fields"]["member_id"]
    assert result.fields["member_id"].side == "front"
    assert result.fields["group_number"].value == TRUTH["fields"]["group_number"]
    assert result.portal["group_number"] == TRUTH["portal"]["group_number"]
    assert "back_image_required" not in {r.code for r in result.reasons}


@pytest.mark.parametrize(
    ("data", "problem"),
    [(pdfs.looping_page_tree(), "PDF"), (pdfs.no_pages(), "no page")],
    ids=["page_tree_loop", "no_pages"],
)
def test_broken_page_trees_are_refused_with_a_clear_error(data: bytes, problem: str) -> None:
    """A page tree that lists itself, or one with no page: an InputError naming the PDF's
    problem (not PDFium's raw 'Success', not an error from outside the decoder)."""
    with pytest.raises(InputError, match=problem) as caught:
        load_pages(data, Config())
    assert "Success" not in str(caught.value)


@pytest.mark.parametrize("mediabox", [(0, 0, 14400, 4), (0, 0, 4, 14400)])
def test_pdf_page_of_extreme_proportions_is_located(mediabox: pdfs.Box) -> None:
    """A 14400 x 4 pt page renders to a strip 16 px high; finding the card in it must not
    scale a side to 0 px."""
    (page,) = load_pages(pdfs.one_page(mediabox), Config())
    assert min(page.pixels.shape[:2]) >= 16
    (card,) = locate.find_cards(page.pixels, max_cards=1)
    assert card.pixels.shape[:2] == (CARD_HEIGHT_PX, CARD_WIDTH_PX)


@pytest.mark.parametrize("mediabox", [(0, 0, 14400, 1), (0, 0, 0.001, 0.001)])
def test_pdf_page_too_thin_to_hold_a_card_is_refused(mediabox: pdfs.Box) -> None:
    """A page that renders under 16 px on a side is refused like an image that small."""
    with pytest.raises(InputError, match="pixels"):
        load_pages(pdfs.one_page(mediabox), Config())
