"""Fake OCR pages laid out from plain text, for template tests that need no Tesseract."""

from __future__ import annotations

import re

import pytest

from pipeline.process import Interpretation, interpret
from pipeline.types import Box, OcrPage, OcrWord, Side

CHAR_W = 14.0
"""Width of one character, pixels of the fake card frame."""
LINE_H = 24.0
"""Height of one text line."""
LINE_PITCH = 44.0
COLUMN_GAP = 3
"""Three or more spaces in the text start a new column (and a new OCR line)."""


def page(text: str, confidence: float = 0.95, width: int = 1011, height: int = 638) -> OcrPage:
    """An OCR page whose words sit where a monospaced rendering of ``text`` puts them.

    Each text line is a row; a run of three or more spaces starts a new Tesseract line at
    that column, as Tesseract's sparse mode splits columns. ``word@0.3`` sets one word's
    confidence.
    """
    words: list[OcrWord] = []
    line_id = 0
    for row, raw in enumerate(text.strip("\n").splitlines()):
        top = 20 + row * LINE_PITCH
        for col in re.finditer(r"\S+(?: {1,2}\S+)*", raw):
            for m in re.finditer(r"\S+", col.group(0)):
                token, _, conf = m.group(0).partition("@")
                left = 20 + (col.start() + m.start()) * CHAR_W
                words.append(OcrWord(
                    text=token,
                    box=Box(left, top, left + len(token) * CHAR_W, top + LINE_H),
                    confidence=float(conf) if conf else confidence,
                    line=line_id,
                ))
            line_id += 1
    return OcrPage(words=tuple(words), width=width, height=height)


def read(front: str, back: str | None = None) -> Interpretation:
    """Interpret fake OCR text of a front (and back), as the pipeline would its pages."""
    pages: list[tuple[Side, OcrPage]] = [("front", page(front))]
    if back is not None:
        pages.append(("back", page(back)))
    return interpret(pages, has_back=back is not None)


def codes(r: Interpretation) -> set[str]:
    return {x.code for x in r.reasons}


def value(r: Interpretation, name: str) -> str | None:
    f = r.fields.get(name)
    return f.value if f else None


def kinds(r: Interpretation) -> list[tuple[str, str]]:
    return [(d.kind, d.value) for d in r.distractors]


def second_engine_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """No second engine (:mod:`pipeline.ppocr`) for a test that makes OCR misread, or read
    nothing, on purpose through a fake engine: the second engine reads the real print and
    would put the planted misreads right."""
    from pipeline import ppocr

    monkeypatch.setattr(ppocr, "line_reader", lambda: None)
    monkeypatch.setattr(ppocr, "page_reader", lambda: None)
