"""End to end on the fifteen carriers added after the seed: one flat card of each, drawn by
the generator (its ground truth is the expected value), read by real Tesseract."""

from __future__ import annotations

import io
import random

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image

from pipeline.process import process_card
from samples.gen_draw import draw_card
from samples.gen_spec import NEW_CARRIERS, truth_fields, wide_spec

MIN_RIGHT = 13
"""Cards (of 15) whose carrier, member ID and group must all be read exactly."""

pytestmark = pytest.mark.tesseract


def _png(pixels: npt.NDArray[np.uint8]) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "PNG")
    return buf.getvalue()


def test_new_carriers_read_right_or_go_to_review() -> None:
    right = 0
    for i, carrier in enumerate(NEW_CARRIERS):
        spec = wide_spec(carrier, random.Random(7000 + i))
        faces = draw_card(spec, random.Random(9000 + i), True)
        assert faces.back is not None
        result = process_card(_png(faces.front), _png(faces.back))
        truth = truth_fields(spec, True)
        got = {name: f.value for name, f in result.fields.items()}
        ok = (
            result.carrier.template_id == carrier
            and got.get("member_id") == truth.get("member_id")
            and got.get("group_number") == truth.get("group_number")
        )
        assert ok or result.reasons, f"{carrier}: wrong without review: {got} vs {truth}"
        right += ok
    assert right >= MIN_RIGHT, f"{right}/{len(NEW_CARRIERS)} cards read right"
