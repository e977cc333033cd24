"""A seeded corpus of hostile uploads made from the committed sample cards (issue 14): each
case is reproducible from (seed, index) alone, so a failure is named by its case id.

Kinds: byte-level damage (truncation, bit flips, splices of two files, zeroed blocks, junk
behind an image's magic bytes), odd modes and formats (16-bit, CMYK, palette, grey with
alpha, bilevel; WebP, BMP, TIFF with LZW/JPEG/PackBits strips, progressive JPEG, GIF,
HEIC), EXIF orientations and broken EXIF, PDFs (a page tree that loops, no pages, huge and
thin MediaBoxes, heavy content streams, a card image in a PDF then damaged), decompression
bombs (a PNG header declaring 10^10 pixels; a real 7000×7000 photo within the limits) and
extreme proportions (16×50000).
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image

from tests import pdfs

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "cards"
DEFAULT_SEED = 14
"""The issue's number: the corpus ``make fuzz`` and ``make test`` run by default."""


@dataclass(frozen=True, slots=True)
class Case:
    """One upload: its id (``<index>-<kind>``), the file suffix it is saved with, its bytes."""

    id: str
    suffix: str
    data: bytes


@functools.cache
def sample_files() -> tuple[Path, ...]:
    """The committed sample card photos (fronts and backs), sorted."""
    return tuple(sorted(p for p in SAMPLES.glob("*/*") if p.suffix in (".png", ".jpg")))


@functools.cache
def _sample_bytes(path: Path) -> bytes:
    return path.read_bytes()


@functools.cache
def _sample_image(path: Path) -> Image.Image:
    with Image.open(path) as im:
        return im.convert("RGB")


def _pick(rng: random.Random) -> Path:
    return rng.choice(sample_files())


def _encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()


# --- byte-level damage -------------------------------------------------------------------


def truncated(rng: random.Random) -> tuple[str, bytes]:
    path = _pick(rng)
    data = _sample_bytes(path)
    return path.suffix, data[: rng.randrange(1, len(data))]


def bit_flips(rng: random.Random) -> tuple[str, bytes]:
    path = _pick(rng)
    data = bytearray(_sample_bytes(path))
    for _ in range(rng.choice([1, 2, 5, 20, 100])):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return path.suffix, bytes(data)


def spliced(rng: random.Random) -> tuple[str, bytes]:
    a, b = _sample_bytes(_pick(rng)), _sample_bytes(_pick(rng))
    return ".jpg", a[: rng.randrange(len(a))] + b[rng.randrange(len(b)):]


def zeroed_block(rng: random.Random) -> tuple[str, bytes]:
    path = _pick(rng)
    data = bytearray(_sample_bytes(path))
    size = max(1, int(len(data) * rng.uniform(0.001, 0.1)))
    start = rng.randrange(len(data) - size + 1)
    data[start:start + size] = bytes(size)
    return path.suffix, bytes(data)


def junk_after_magic(rng: random.Random) -> tuple[str, bytes]:
    magic = rng.choice([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"MM\x00*",
                        b"RIFF\x00\x00\x00\x00WEBP", b"BM", b"%PDF-1.4\n"])
    return ".png", magic + rng.randbytes(rng.choice([0, 10, 1000, 100_000]))


# --- modes and formats -------------------------------------------------------------------

_MODES: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("I;16", "PNG", {}), ("I;16", "TIFF", {}), ("CMYK", "JPEG", {}), ("CMYK", "TIFF", {}),
    ("P", "PNG", {"transparency": 0}), ("P", "BMP", {}), ("LA", "PNG", {}), ("1", "PNG", {}),
    ("1", "TIFF", {"compression": "group4"}), ("L", "WEBP", {}), ("RGBA", "WEBP", {}),
    ("RGBA", "TIFF", {"compression": "tiff_lzw"}), ("RGB", "TIFF", {"compression": "jpeg"}),
    ("RGB", "TIFF", {"compression": "packbits"}), ("RGB", "JPEG", {"progressive": True}),
    ("RGB", "GIF", {}), ("RGB", "HEIF", {"quality": 50}), ("I", "TIFF", {}), ("F", "TIFF", {}),
)
_SUFFIX = {"PNG": ".png", "TIFF": ".tif", "JPEG": ".jpg", "BMP": ".bmp", "WEBP": ".webp",
           "GIF": ".png", "HEIF": ".heic"}


def odd_mode(rng: random.Random) -> tuple[str, bytes]:
    mode, fmt, params = rng.choice(_MODES)
    image = _sample_image(_pick(rng))
    if mode == "I;16":
        grey = np.asarray(image.convert("L")).astype(np.uint16) * 257
        converted = Image.fromarray(grey)
    elif mode == "RGBA":
        converted = image.convert("RGBA")
        converted.putalpha(rng.randrange(256))
    else:
        converted = image.convert(mode)
    if fmt == "HEIF":
        pillow_heif.register_heif_opener()
    return _SUFFIX[fmt], _encode(converted, fmt, **params)


def exif_orientation(rng: random.Random) -> tuple[str, bytes]:
    exif = Image.Exif()
    exif[0x0112] = rng.randrange(0, 10)
    raw = exif.tobytes()
    if rng.random() < 0.5:  # a broken EXIF block
        raw = raw[: rng.randrange(6, len(raw))] + rng.randbytes(rng.randrange(0, 40))
    return ".jpg", _encode(_sample_image(_pick(rng)), "JPEG", quality=85, exif=raw)


# --- PDFs ----------------------------------------------------------------------------------


def broken_pdf(rng: random.Random) -> tuple[str, bytes]:
    choice = rng.randrange(6)
    if choice == 0:
        return ".pdf", pdfs.looping_page_tree()
    if choice == 1:
        return ".pdf", pdfs.no_pages()
    if choice == 2:
        side = rng.choice([14400.0, 1e6, 1e9])
        return ".pdf", pdfs.one_page((0, 0, side, side))
    if choice == 3:
        thin = rng.choice([(0, 0, 14400, 1), (0, 0, 1, 14400), (0, 0, 14400, 4), (0, 0, 0, 0),
                           (0, 0, -100, 50), (0, 0, 1e-6, 1e6)])
        return ".pdf", pdfs.one_page(thin)
    if choice == 4:
        return ".pdf", pdfs.heavy_content(rng.choice([1000, 10_000, 40_000]))
    data = bytearray(pdfs.one_page())
    for _ in range(rng.randrange(1, 10)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return ".pdf", bytes(data)


def card_in_pdf(rng: random.Random) -> tuple[str, bytes]:
    data = _encode(_sample_image(_pick(rng)), "PDF", resolution=300)
    if rng.random() < 0.5:
        data = data[: rng.randrange(len(data) // 2, len(data))]
    else:
        raw = bytearray(data)
        for _ in range(rng.choice([1, 10, 50])):
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        data = bytes(raw)
    return ".pdf", data


# --- sizes -----------------------------------------------------------------------------------


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` RGB pixels but holds almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def bomb(rng: random.Random) -> tuple[str, bytes]:
    if rng.random() < 0.8:  # declared, not held: refused from the header
        return ".png", png_header(rng.choice([100_000, 7000, 2**31 - 1]),
                                  rng.choice([100_000, 7001, 1]))
    # Within the limits, and large: 7000×7000 px (decoded reduced).
    size = (7000, 7000)
    if rng.random() < 0.5:
        return ".png", _encode(Image.new("RGBA", size, (20, 200, 30, 128)), "PNG")
    image = _sample_image(_pick(rng)).resize((700, 700)).resize(size, Image.Resampling.NEAREST)
    return ".jpg", _encode(image, "JPEG", quality=60)


def extreme_proportions(rng: random.Random) -> tuple[str, bytes]:
    long = rng.choice([5000, 50_000, 200_000])
    short = rng.choice([16, 17, 40])
    shape = (short, long) if rng.random() < 0.5 else (long, short)
    pixels = np.full((*shape, 3), rng.randrange(256), np.uint8)
    if rng.random() < 0.5:
        pixels[::7] = 0
    return ".png", _encode(Image.fromarray(pixels), "PNG", compress_level=1)


Mutation = Callable[[random.Random], tuple[str, bytes]]
KINDS: tuple[tuple[str, Mutation, int], ...] = (
    ("truncated", truncated, 14), ("bitflip", bit_flips, 18), ("splice", spliced, 6),
    ("zeroed", zeroed_block, 10), ("junk", junk_after_magic, 6), ("mode", odd_mode, 16),
    ("exif", exif_orientation, 6), ("pdf", broken_pdf, 10), ("pdfcard", card_in_pdf, 6),
    ("bomb", bomb, 3), ("extreme", extreme_proportions, 5),
)
"""Each kind, the function that makes a case of it, and its weight (per 100 cases)."""


def _kind(index: int, seed: int) -> tuple[random.Random, str, Mutation]:
    rng = random.Random(seed * 1_000_003 + index)
    name, make, _ = rng.choices(KINDS, weights=[w for _, _, w in KINDS])[0]
    return rng, name, make


def kind_of(index: int, seed: int = DEFAULT_SEED) -> str:
    """The kind of case ``index`` (without making it)."""
    return _kind(index, seed)[1]


def case(index: int, seed: int = DEFAULT_SEED) -> Case:
    """Case ``index`` of the corpus of ``seed``: the same bytes every time."""
    rng, name, make = _kind(index, seed)
    suffix, data = make(rng)
    return Case(id=f"{index:05d}-{name}", suffix=suffix, data=data)


def cases(count: int, seed: int = DEFAULT_SEED, start: int = 0,
          kinds: frozenset[str] | None = None) -> Iterator[Case]:
    """Cases ``start`` to ``start + count - 1`` (only those of ``kinds`` when given), made
    one at a time."""
    for index in range(start, start + count):
        if kinds is None or kind_of(index, seed) in kinds:
            yield case(index, seed)
