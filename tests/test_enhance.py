"""Enhancement: light-on-dark panels are inverted, blurred dark words are left alone."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.enhance import enhance, invert_dark_panels
from pipeline.types import Image


def _page(width: int = 600, height: int = 200) -> Image:
    return np.full((height, width), 245, np.uint8)


def test_a_white_on_dark_chip_is_turned_dark_on_light() -> None:
    page = _page()
    cv2.rectangle(page, (40, 60), (300, 110), 40, thickness=cv2.FILLED)
    cv2.putText(page, "MEMBER ID", (55, 97), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 250, 2)
    out = invert_dark_panels(page)
    chip = out[66:104, 46:294]
    assert np.median(chip) > 180  # the panel is paper now
    assert chip.min() < 60  # and its letters are ink


def test_enhance_keeps_the_ink_dark_and_the_paper_light() -> None:
    page = cv2.cvtColor(_page(), cv2.COLOR_GRAY2BGR)
    page[:] = (200, 190, 180)  # a dim, tinted photo
    cv2.putText(page, "GROUP 123456", (30, 110), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (90, 80, 70), 2)
    out = enhance(page)
    assert out.dtype == np.uint8 and out.shape == page.shape[:2]
    assert np.percentile(out, 50) > 230 and out.min() < 30
