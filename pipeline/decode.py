"""Decode an uploaded side: format check, size limits, EXIF orientation, alpha onto white."""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.config import Limits
from pipeline.errors import InputError
from pipeline.stdio import quiet_stderr
from pipeline.types import DecodedImage

ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "MPO", "WEBP", "TIFF", "BMP", "HEIF"})
"""Pillow format names we accept (MPO is how Pillow names some phone JPEGs)."""

MIN_SIDE_PX = 16
"""An image (or rendered PDF page) narrower than this on a side holds no readable card."""

_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
        except ImportError:  # pragma: no cover - pillow-heif is a dependency
            pass
        _heif_registered = True


def read_bytes(path: Path, limits: Limits) -> bytes:
    """Read a file, refusing missing, empty, non-regular and oversized ones."""
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(source, "file not found") from None
    except OSError as e:  # a symbolic link that loops, a folder without permission
        raise InputError(source, f"cannot read file ({e.strerror})") from None
    except ValueError:  # a path with a NUL byte (from a manifest) names no file
        raise InputError(source, "not a valid path (it holds a NUL byte)") from None
    if not path.is_file():
        raise InputError(source, "not a regular file")
    if size == 0:
        raise InputError(source, "file is empty")
    if size > limits.max_file_bytes:
        raise InputError(
            source,
            f"file is {size / 1e6:.1f} MB, over the {limits.max_file_bytes / 1e6:.3g} MB limit",
        )
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(source, f"cannot read file ({e.strerror})") from None


def decode_bytes(data: bytes, source: str, limits: Limits) -> DecodedImage:
    """Decode image bytes to BGR pixels in the photo frame (EXIF orientation applied)."""
    _register_heif()
    if not data:
        raise InputError(source, "file is empty")
    if len(data) > limits.max_file_bytes:
        raise InputError(source, f"file is over the {limits.max_file_bytes / 1e6:.3g} MB limit")
    try:
        with quiet_decoding():
            im: Image.Image = Image.open(io.BytesIO(data))
            fmt = im.format or "unknown"
            if fmt not in ALLOWED_FORMATS:
                raise InputError(source, f"unsupported image format {fmt}")
            width, height = im.size
            if width * height > limits.max_pixels:
                raise InputError(
                    source,
                    f"image is {width}x{height} pixels, over the "
                    f"{limits.max_pixels / 1e6:.3g} megapixel limit",
                )
            if min(width, height) < MIN_SIDE_PX:
                raise InputError(source, f"image is only {width}x{height} pixels")
            rgb = _load_rgb(im, limits.max_decoded_pixels)
    except InputError:
        raise
    except UnidentifiedImageError:
        raise InputError(source, "not an image (unrecognised file format)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError(source, "image is too large to decode safely") from None
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise InputError(source, f"image is corrupt or truncated ({_short(e)})") from None
    bgr = cv2.cvtColor(np.asarray(rgb, dtype=np.uint8), cv2.COLOR_RGB2BGR)
    return DecodedImage(pixels=bgr, source=source, format=fmt)


@contextlib.contextmanager
def quiet_decoding() -> Iterator[None]:
    """Decoding without noise on stderr: a damaged file's complaints (libtiff's "Using
    code not yet in table.", Pillow's "Corrupt EXIF data" warning) are dropped, since the
    caller reports a file it cannot use in one line of its own, and an image that passes
    as readable needs no comment. A decompression-bomb warning is raised as an error."""
    with warnings.catch_warnings(), quiet_stderr():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def decode_file(path: Path, limits: Limits) -> DecodedImage:
    """Read and decode one side from a file."""
    return decode_bytes(read_bytes(path, limits), str(path), limits)


def reduction_factor(width: int, height: int, max_pixels: int) -> int:
    """The smallest whole factor that brings a ``width``×``height`` image (pixels) to at
    most ``max_pixels``: 1 for a photo within it.

    >>> reduction_factor(4032, 3024, 4096 * 3072), reduction_factor(7000, 7000, 4096 * 3072)
    (1, 2)
    """
    k = max(1, math.ceil(math.sqrt(width * height / max_pixels)))
    while math.ceil(width / k) * math.ceil(height / k) > max_pixels:
        k += 1
    return k


_EXIF_ORIENTATION = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}
"""What a viewer does to show an image of each EXIF orientation upright (as Pillow's
``ImageOps.exif_transpose``)."""


def _load_rgb(im: Image.Image, max_pixels: int) -> Image.Image:
    """Decode an opened image to RGB in the photo frame (EXIF orientation applied), with
    at most ``max_pixels`` pixels: a larger one is decoded reduced (a JPEG by its DCT
    scaling, ``draft``, which never holds the full image; others by ``reduce`` right
    after decoding, before any conversion makes copies of that size)."""
    width, height = im.size
    k = reduction_factor(width, height, max_pixels)
    if k == 1:
        im.load()
        ImageOps.exif_transpose(im, in_place=True)  # a copy costs ~0.4 ms per side
        return _to_rgb(im)
    orientation = im.getexif().get(_EXIF_ORIENTATION, 1)
    if im.format in ("JPEG", "MPO"):
        im.draft(im.mode, (math.ceil(width / k), math.ceil(height / k)))
    im.load()
    im = _replaced(im, _reducible(im))
    k = reduction_factor(*im.size, max_pixels)  # what draft's 1/2, 1/4, 1/8 left over
    if k > 1:
        im = _replaced(im, reduced(im, k))
    if orientation in _TRANSPOSE:
        im = im.transpose(_TRANSPOSE[orientation])
    return _to_rgb(im)


REDUCE_STRIP_ROWS = 128
"""Rows of the reduced image made at a time by :func:`reduced`."""


def reduced(im: Image.Image, k: int) -> Image.Image:
    """``im`` reduced ``k`` times (each k×k block averaged, as Pillow's ``reduce``), made
    in strips: ``reduce`` of an RGBA image first copies it whole to premultiplied alpha,
    which for a 7000×7000 photo is another 196 MB."""
    width, height = im.size
    out = Image.new(im.mode, (math.ceil(width / k), math.ceil(height / k)))
    step = k * REDUCE_STRIP_ROWS
    for top in range(0, height, step):
        strip = im.crop((0, top, width, min(height, top + step)))
        out.paste(strip.reduce(k), (0, top // k))
    return out


def _replaced(old: Image.Image, new: Image.Image) -> Image.Image:
    """``new``, with ``old``'s pixels freed now (the caller's name for the opened image
    would keep a full-size one alive until decoding ends)."""
    if new is not old:
        old.close()
    return new


def _reducible(im: Image.Image) -> Image.Image:
    """``im`` in a mode Pillow's ``reduce`` takes: 16-bit grey to 8 bits, palettes to
    RGBA, bilevel to grey; other modes as they are."""
    if im.mode in ("I;16", "I;16B", "I;16L", "P", "PA"):
        return _eight_bit(im)
    return im.convert("L") if im.mode == "1" else im


def _eight_bit(im: Image.Image) -> Image.Image:
    """16- and 32-bit grey scaled to 8-bit grey, a palette expanded to RGBA (its
    transparency kept); other modes as they are."""
    if im.mode in ("I;16", "I;16B", "I;16L"):
        # The high byte, in place: 1.5 bytes a pixel more, where Pillow's "I" takes 8.
        grey = np.array(im)
        np.right_shift(grey, 8, out=grey)
        return Image.fromarray(grey.astype(np.uint8))
    if im.mode == "I":
        return im.point(lambda v: v / 256).convert("L")
    if im.mode in ("P", "PA"):
        return im.convert("RGBA")
    return im


def _to_rgb(im: Image.Image) -> Image.Image:
    """Flatten any mode to RGB; transparent areas become white (cards on transparent PNGs).
    The photo is pasted through its alpha onto white: one RGB image and the alpha channel
    at a time, not the three RGBA copies compositing takes."""
    im = _eight_bit(im)
    if im.mode in ("RGBA", "LA", "La", "RGBa"):
        rgba = im.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba.convert("RGB"), mask=rgba.getchannel("A"))
        return white
    # An RGB image as it is: ``convert`` to its own mode copies it (~1 ms a photo).
    return im if im.mode == "RGB" else im.convert("RGB")


def _short(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:120]


PDF_DPI = 300
"""PDF pages are rendered at this resolution: an ID-1 card comes out ~1011 px wide."""
MAX_PDF_PAGES = 2
"""A card's PDF holds one page (both sides) or two (front, then back)."""


def is_pdf(data: bytes) -> bool:
    return data[:5] == b"%PDF-"


def decode_pages(data: bytes, source: str, limits: Limits) -> list[DecodedImage]:
    """The images an upload holds: one for an image file, one or two for a PDF's pages."""
    if not is_pdf(data):
        return [decode_bytes(data, source, limits)]
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - pypdfium2 is a dependency
        raise InputError(source, "PDF support needs pypdfium2: pip install pypdfium2") from None
    with quiet_decoding():
        return _pdf_pages(pdfium, data, source, limits)


def _pdf_pages(pdfium: Any, data: bytes, source: str, limits: Limits) -> list[DecodedImage]:
    """The rendered pages of a PDF of one or two pages (``pdfium``: the module)."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        problem = _pdf_problem(e, "PDF is corrupt, encrypted or holds no page")
        raise InputError(source, problem) from None
    try:
        count = len(pdf)
        if count == 0:
            raise InputError(source, "PDF holds no page")
        if count > MAX_PDF_PAGES:
            raise InputError(source, f"PDF has {count} pages; a card has one or two")
        return [_render_page(pdf, i, f"{source}#page{i + 1}", limits) for i in range(count)]
    except pdfium.PdfiumError as e:  # a page that cannot be loaded (a page tree that loops)
        problem = _pdf_problem(e, "PDF page cannot be read (a broken page tree)")
        raise InputError(source, problem) from None
    finally:
        pdf.close()


def _pdf_problem(e: Exception, what: str) -> str:
    """A PDFium error in words. PDFium's reason is its last error code, which a document
    it parsed but found no page in leaves at a stale value ("Success", or the previous
    document's error): it is not repeated."""
    return f"{what} (PDFium: {type(e).__name__})"


def pdf_render_scale(width_pt: float, height_pt: float, max_pixels: int) -> float:
    """Pixels per point at which a ``width_pt``×``height_pt`` page is rendered: ``PDF_DPI``,
    less when the page would hold over ``max_pixels``."""
    scale = PDF_DPI / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > max_pixels:
        scale *= (max_pixels / pixels) ** 0.5
    return scale


def _render_page(pdf: Any, index: int, source: str, limits: Limits) -> DecodedImage:
    """One PDF page rendered to BGR pixels (refused when it renders under 16 px a side)."""
    page = pdf[index]
    width_pt, height_pt = page.get_size()
    if not (math.isfinite(width_pt) and math.isfinite(height_pt)
            and width_pt > 0 and height_pt > 0):
        raise InputError(source, "PDF page has no size")
    scale = pdf_render_scale(width_pt, height_pt,
                             min(limits.max_pixels, limits.max_decoded_pixels))
    width, height = round(width_pt * scale), round(height_pt * scale)
    if min(width, height) < MIN_SIDE_PX:
        raise InputError(source, f"PDF page is only {width}x{height} pixels")
    rgb = page.render(scale=scale).to_pil().convert("RGB")
    bgr = cv2.cvtColor(np.asarray(rgb, dtype=np.uint8), cv2.COLOR_RGB2BGR)
    return DecodedImage(pixels=bgr, source=source, format="PDF")


def decode_file_pages(path: Path, limits: Limits) -> list[DecodedImage]:
    """Read and decode a file that may be a PDF of one or two pages."""
    return decode_pages(read_bytes(path, limits), str(path), limits)
