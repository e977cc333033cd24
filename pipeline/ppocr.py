"""The second OCR engine: PaddleOCR's PP-OCRv6 (small) models, which the ``rapidocr`` package
ships, run with ONNX Runtime on the CPU, in process, one thread.

Tesseract reads every card. This engine's networks were trained on other data, so its errors
are not Tesseract's: where both read a value alike it is very likely right, and where they
differ one of them is wrong (:mod:`pipeline.crosscheck`). It reads in two ways:

- :class:`LineReader` reads one crop holding a value's line (~10 ms): the recogniser alone,
  with pre- and post-processing written here (PaddleOCR's: height 48, values scaled to
  [-1, 1], greedy CTC decoding) to return each character with its place and probability.
- :class:`PageReader` reads a whole card side (~1 s): ``rapidocr``'s text detection and
  recognition, returned as words with boxes like Tesseract's page, for the cards still in
  doubt after everything else.

A missing package or model makes :func:`line_reader` and :func:`page_reader` return None,
and the pipeline reads as before.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from pipeline.types import Box, Image, OcrPage, OcrWord

log = logging.getLogger(__name__)

MODEL_FILE = "PP-OCRv6_rec_small.onnx"
"""The recogniser's file in the ``rapidocr`` package's ``models`` folder."""
INPUT_HEIGHT_PX = 48
"""Height (pixels) the recogniser reads lines at."""
MAX_WIDTH_PX = 1600
"""Widest line (pixels, at ``INPUT_HEIGHT_PX``) read; wider crops are squeezed."""
MIN_WIDTH_PX = 320
"""Narrower lines are padded on the right to this width, as PaddleOCR does."""
BATCH_DIMENSION = "DynamicDimension.0"
"""The model's name for its input's batch dimension (lines per run)."""


@dataclass(frozen=True)
class LineChar:
    """One character read: its text, its left and right edge (pixels of the crop read, x to
    the right) and the recogniser's probability for it (0-1)."""

    text: str
    left: float
    right: float
    prob: float


@dataclass(frozen=True)
class LineRead:
    """A line as the recogniser read it: the characters left to right (spaces included)."""

    chars: tuple[LineChar, ...]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)


class LineReader:
    """PP-OCR's recogniser on one ONNX Runtime session (one thread, safe to share)."""

    def __init__(self, model: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        # One thread: the batch runs one card per core; more threads only contend.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # One line per run: a fixed batch of 1 lets the graph's shape arithmetic be folded
        # (~4% less CPU per line, the same probabilities to the bit).
        options.add_free_dimension_override_by_name(BATCH_DIMENSION, 1)
        self._session: Any = ort.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"])
        meta = self._session.get_modelmeta().custom_metadata_map
        # Class 0 is CTC's blank; the last is the space.
        self._classes = ["", *meta["character"].splitlines(), " "]
        self._input = self._session.get_inputs()[0].name
        self._lock = threading.Lock()

    def read(self, crop: Image) -> LineRead:
        """Read one line of text from a BGR or grey crop that holds just that line."""
        if crop.size == 0:
            return LineRead(())
        if crop.ndim == 2:
            crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
        height, width = crop.shape[:2]
        scale = INPUT_HEIGHT_PX / height
        resized_width = max(8, min(MAX_WIDTH_PX, round(width * scale)))
        line = cv2.resize(crop, (resized_width, INPUT_HEIGHT_PX),
                          interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
        # PaddleOCR's recogniser was trained on RGB in [-1, 1], channels first.
        rgb = cv2.cvtColor(line, cv2.COLOR_BGR2RGB).astype(np.float32)
        tensor = np.zeros((1, 3, INPUT_HEIGHT_PX, max(MIN_WIDTH_PX, resized_width)), np.float32)
        tensor[0, :, :, :resized_width] = ((rgb / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)
        with self._lock:
            probs = self._session.run(None, {self._input: tensor})[0][0]
        crop_px_per_input_px = width / resized_width
        return decode(probs, self._classes, tensor.shape[3] * crop_px_per_input_px / probs.shape[0])


def decode(probs: np.ndarray[Any, Any], classes: list[str], step_px: float) -> LineRead:
    """Greedy CTC decoding of a (time steps, classes) probability array: each character is
    a run of time steps whose best class is its own; its edges are the run's ends times
    ``step_px`` (crop pixels per time step) and its probability the run's highest."""
    best = probs.argmax(axis=1)
    chars: list[LineChar] = []
    t = 0
    while t < len(best):
        k = int(best[t])
        end = t + 1
        while end < len(best) and best[end] == k:
            end += 1
        if k != 0 and k < len(classes):
            chars.append(LineChar(classes[k], t * step_px, end * step_px,
                                  float(probs[t:end, k].max())))
        t = end
    return LineRead(tuple(chars))


def model_path() -> Path | None:
    """The recogniser's model file, or None when ``rapidocr`` is not installed (found
    without importing the package, which would load its own engine's settings)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "models" / MODEL_FILE
    return path if path.is_file() else None


@functools.cache
def line_reader() -> LineReader | None:
    """The process's one line reader, or None (logged once) without the package, the model
    or ONNX Runtime."""
    path = model_path()
    if path is None:
        log.warning("second reader off: rapidocr's %s not found", MODEL_FILE)
        return None
    try:
        return LineReader(path)
    except (ImportError, OSError, RuntimeError) as e:
        log.warning("second reader off: %s", str(e).splitlines()[0] if str(e) else type(e).__name__)
        return None


class PageReader:
    """``rapidocr``'s detection and recognition of a whole image, one thread (safe to share)."""

    def __init__(self) -> None:
        from rapidocr import RapidOCR

        self._engine: Any = RapidOCR(params={
            "Global.log_level": "error",
            "Global.use_cls": False,  # the card is upright already (pipeline.orient)
            # The card's longer side at 736 px, not the default's shorter side: the same
            # text on the cards tried, in two thirds of the time.
            "Det.limit_side_len": 736,
            "Det.limit_type": "max",
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        })
        self._lock = threading.Lock()

    def read(self, image: Image) -> OcrPage:
        """The words of a BGR card image, boxes in its pixels, each with the recogniser's
        score (0-1) and the index of the detected text line it is in."""
        with self._lock:  # the engine keeps each call's switches: name them all
            got = self._engine(image, use_det=True, use_cls=False, use_rec=True,
                               return_word_box=True)
        rows, cols = image.shape[:2]
        if got.boxes is None or got.txts is None:
            return OcrPage((), cols, rows)
        words: list[OcrWord] = []
        for line, (corners, text, score) in enumerate(
                zip(got.boxes, got.txts, got.scores, strict=True)):
            parts = got.word_results[line] if got.word_results is not None else ()
            if parts:
                words += [OcrWord(t, _bounds(c), float(s), line) for t, s, c in parts
                          if t.strip()]
            elif text.strip():
                words.append(OcrWord(text, _bounds(corners), float(score), line))
        return OcrPage(tuple(words), cols, rows)


    def detect(self, image: Image) -> tuple[Box, ...]:
        """The boxes of the text lines the detector finds on a BGR card image (its pixels),
        none read: a sixth of a whole reading's time."""
        with self._lock:
            got = self._engine(image, use_det=True, use_cls=False, use_rec=False)
        if got.boxes is None:
            return ()
        return tuple(_bounds(corners) for corners in got.boxes)


def _bounds(corners: Any) -> Box:
    """The axis-aligned box around a detection's corner points."""
    points = np.asarray(corners, np.float64).reshape(-1, 2)
    return Box(float(points[:, 0].min()), float(points[:, 1].min()),
               float(points[:, 0].max()), float(points[:, 1].max()))


@functools.cache
def page_reader() -> PageReader | None:
    """The process's one page reader, or None (logged once) without ``rapidocr`` or ONNX
    Runtime."""
    if model_path() is None:
        return None
    try:
        return PageReader()
    except (ImportError, OSError, RuntimeError, ValueError) as e:
        log.warning("second page reader off: %s",
                    str(e).splitlines()[0] if str(e) else type(e).__name__)
        return None
