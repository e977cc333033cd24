"""Decoding uploads: every accepted format and mode, EXIF orientation, and every refusal.

Images are drawn here, so the expected pixels are known from the drawing: a pure colour
must come out as that colour in BGR order, an EXIF-rotated photo must come out turned the
way the EXIF spec says a viewer shows it.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pillow_heif
import pytest
from PIL import Image

from pipeline.config import Limits
from pipeline.decode import decode_bytes, decode_file, reduced
from pipeline.errors import InputError

LIMITS = Limits()
RED_RGB = (220, 20, 30)
RED_BGR = (30, 20, 220)
BLUE_RGB = (20, 40, 210)
GREY = 128

U8 = npt.NDArray[np.uint8]


def pattern() -> U8:
    """An RGB 96×64 test card that no rotation or mirror maps onto itself: grey, a red block
    in the top-left corner and a blue block in the top-right corner."""
    a = np.full((64, 96, 3), GREY, dtype=np.uint8)
    a[:24, :24] = RED_RGB
    a[:24, -24:] = BLUE_RGB
    return a


def save(path: Path, image: Image.Image, fmt: str, **params: object) -> Path:
    image.save(path, fmt, **params)
    return path


def assert_close(actual: U8, expected_rgb: U8, tolerance: float) -> None:
    """``actual`` (BGR, as decoded) equals ``expected_rgb`` within a mean error."""
    assert actual.shape == expected_rgb.shape
    diff = np.abs(actual.astype(np.int16) - expected_rgb[:, :, ::-1].astype(np.int16))
    assert float(diff.mean()) <= tolerance, f"mean error {diff.mean():.1f}"


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` RGB pixels but holds almost no data: the
    shape of a decompression bomb, cheap to build."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


# --- accepted formats ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "fmt", "params", "tolerance"),
    [
        ("png", "PNG", {}, 0.0),
        ("webp", "WEBP", {"lossless": True}, 0.0),
        ("tif", "TIFF", {}, 0.0),
        ("bmp", "BMP", {}, 0.0),
        ("jpg", "JPEG", {"quality": 95}, 6.0),
        ("webp", "WEBP", {"quality": 90}, 8.0),
    ],
)
def test_formats_decode_to_the_drawn_pixels_in_bgr(
    tmp_path: Path, suffix: str, fmt: str, params: dict[str, object], tolerance: float
) -> None:
    drawn = pattern()
    path = save(tmp_path / f"card.{suffix}", Image.fromarray(drawn), fmt, **params)
    decoded = decode_file(path, LIMITS)
    assert decoded.format == fmt
    assert decoded.source == str(path)
    assert decoded.pixels.dtype == np.uint8
    assert decoded.pixels.flags["C_CONTIGUOUS"]
    assert_close(decoded.pixels, drawn, tolerance)
    # Channel order is BGR, as OpenCV uses: the red block has its red in channel 2.
    b, g, r = (int(v) for v in decoded.pixels[10, 10])
    assert r > 180 and b < 60 and g < 60


def test_heic_decodes(tmp_path: Path) -> None:
    pillow_heif.register_heif_opener()
    drawn = pattern()
    path = save(tmp_path / "card.heic", Image.fromarray(drawn), "HEIF", quality=95)
    decoded = decode_file(path, LIMITS)
    assert decoded.format == "HEIF"
    assert_close(decoded.pixels, drawn, 10.0)
    b, g, r = (int(v) for v in decoded.pixels[10, 10])
    assert r > 160 and b < 80 and g < 80


def test_decode_bytes_names_its_source() -> None:
    buf = io.BytesIO()
    Image.fromarray(pattern()).save(buf, "PNG")
    decoded = decode_bytes(buf.getvalue(), "<bytes>", LIMITS)
    assert decoded.source == "<bytes>"
    assert_close(decoded.pixels, pattern(), 0.0)


# --- modes -----------------------------------------------------------------------------


def test_transparent_border_becomes_white(tmp_path: Path) -> None:
    """A card cut out onto a transparent PNG: the transparent pixels are black with alpha 0,
    so only compositing onto white (not dropping alpha) makes them white."""
    rgba = np.zeros((60, 90, 4), dtype=np.uint8)
    rgba[10:50, 15:75] = (*RED_RGB, 255)
    rgba[20:30, 20:30] = (0, 0, 0, 128)  # half-transparent black over white is mid-grey
    path = save(tmp_path / "cutout.png", Image.fromarray(rgba, "RGBA"), "PNG")
    px = decode_file(path, LIMITS).pixels
    assert px.shape == (60, 90, 3)
    assert (px[:10] == 255).all() and (px[50:] == 255).all()
    assert (px[:, :15] == 255).all() and (px[:, 75:] == 255).all()
    assert tuple(int(v) for v in px[40, 60]) == RED_BGR
    assert all(abs(int(v) - 127) <= 2 for v in px[25, 25])


def sixteen_bit_ramp() -> npt.NDArray[np.uint16]:
    """Three vertical bands: full scale, half scale, black."""
    a = np.zeros((20, 30), dtype=np.uint16)
    a[:, :10] = 65535
    a[:, 10:20] = 32768
    return a


@pytest.mark.parametrize(
    ("raw_mode", "dtype", "fmt"),
    [("I;16", "<u2", "PNG"), ("I;16", "<u2", "TIFF"), ("I;16B", ">u2", "TIFF")],
)
def test_sixteen_bit_grey_scales_to_eight_bits(
    tmp_path: Path, raw_mode: str, dtype: str, fmt: str
) -> None:
    ramp = sixteen_bit_ramp()
    image = Image.frombytes(raw_mode, (30, 20), ramp.astype(dtype).tobytes())
    path = save(tmp_path / f"grey16.{fmt.lower()}", image, fmt)
    px = decode_file(path, LIMITS).pixels
    assert px.shape == (20, 30, 3)
    assert (px[:, :10] == 255).all()
    assert (np.abs(px[:, 10:20].astype(int) - 128) <= 1).all()
    assert (px[:, 20:] == 0).all()


def test_grey_image_becomes_three_equal_channels(tmp_path: Path) -> None:
    grey = np.tile(np.arange(0, 240, 4, dtype=np.uint8), (40, 1))
    path = save(tmp_path / "grey.png", Image.fromarray(grey, "L"), "PNG")
    px = decode_file(path, LIMITS).pixels
    assert px.shape == (40, 60, 3)
    for c in range(3):
        assert (px[:, :, c] == grey).all()


def test_palette_image_keeps_its_colours(tmp_path: Path) -> None:
    image = Image.fromarray(pattern()).quantize(colors=4)
    assert image.mode == "P"
    path = save(tmp_path / "palette.png", image, "PNG")
    assert_close(decode_file(path, LIMITS).pixels, pattern(), 0.0)


def test_palette_transparency_becomes_white(tmp_path: Path) -> None:
    image = Image.new("P", (40, 30), 0)
    image.putpalette([0, 0, 0, *RED_RGB] + [0] * (256 * 3 - 6))
    image.paste(1, (10, 10, 30, 20))
    path = save(tmp_path / "palette-alpha.png", image, "PNG", transparency=0)
    px = decode_file(path, LIMITS).pixels
    assert tuple(int(v) for v in px[0, 0]) == (255, 255, 255)
    assert tuple(int(v) for v in px[15, 20]) == RED_BGR


def test_cmyk_jpeg_decodes_to_rgb(tmp_path: Path) -> None:
    path = save(tmp_path / "cmyk.jpg", Image.fromarray(pattern()).convert("CMYK"), "JPEG",
                quality=95)
    assert_close(decode_file(path, LIMITS).pixels, pattern(), 8.0)


# --- EXIF orientation -----------------------------------------------------------------

# What a viewer does to the stored pixels for each EXIF orientation (TIFF/EXIF spec):
# 3 turns them 180°, 6 turns them 90° clockwise, 8 turns them 90° counter-clockwise.
# np.rot90 turns counter-clockwise for positive k.
EXIF_TURNS = {3: 2, 6: -1, 8: 1}


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied(tmp_path: Path, orientation: int) -> None:
    stored = pattern()
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = save(tmp_path / f"phone-{orientation}.jpg", Image.fromarray(stored), "JPEG",
                quality=95, exif=exif.tobytes())
    px = decode_file(path, LIMITS).pixels
    shown = np.ascontiguousarray(np.rot90(stored, k=EXIF_TURNS[orientation]))
    assert_close(px, shown, 6.0)
    # Spelled out for orientation 6 (the usual portrait phone photo): the red block,
    # stored top-left, is shown top-right; the blue block, stored top-right, bottom-right.
    if orientation == 6:
        assert px.shape == (96, 64, 3)
        assert int(px[5, 58, 2]) > 180 and int(px[5, 58, 0]) < 60
        assert int(px[90, 58, 0]) > 170 and int(px[90, 58, 2]) < 60


def test_exif_orientation_one_leaves_pixels_alone(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 1
    path = save(tmp_path / "upright.jpg", Image.fromarray(pattern()), "JPEG", quality=95,
                exif=exif.tobytes())
    assert_close(decode_file(path, LIMITS).pixels, pattern(), 6.0)


# --- refusals --------------------------------------------------------------------------


def refusal(path: Path, limits: Limits = LIMITS) -> InputError:
    with pytest.raises(InputError) as info:
        decode_file(path, limits)
    error = info.value
    assert error.source == str(path)
    assert str(error).startswith(f"{path}: ")
    assert "\n" not in str(error)
    return error


def png_bytes(array: U8) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, "PNG")
    return buf.getvalue()


def test_missing_file(tmp_path: Path) -> None:
    assert refusal(tmp_path / "nope.png").problem == "file not found"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "front.png"
    folder.mkdir()
    assert refusal(folder).problem == "not a regular file"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "front.png"
    path.write_bytes(b"")
    assert refusal(path).problem == "file is empty"


def test_empty_bytes() -> None:
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"", "<bytes>", LIMITS)


def noisy(height: int = 64, width: int = 96) -> U8:
    """Noise compresses badly, so half a file really is half the pixels."""
    return np.random.default_rng(0).integers(0, 256, (height, width, 3), dtype=np.uint8)


def test_truncated_png(tmp_path: Path) -> None:
    data = png_bytes(noisy())
    path = tmp_path / "front.png"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated" in refusal(path).problem


def test_truncated_jpeg(tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.fromarray(noisy()).save(buf, "JPEG", quality=90)
    path = tmp_path / "front.jpg"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    assert "truncated" in refusal(path).problem


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("front.png", b"Member ID W123456789\nthis is a text file\n"),
        ("front.jpg", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
        ("front.png", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40),
    ],
    ids=["text", "pdf", "zip"],
)
def test_not_an_image(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert refusal(path).problem == "not an image (unrecognised file format)"


def test_gif_is_an_unsupported_format(tmp_path: Path) -> None:
    path = save(tmp_path / "front.gif", Image.fromarray(pattern()), "GIF")
    assert refusal(path).problem == "unsupported image format GIF"


def test_gif_named_png_is_still_refused(tmp_path: Path) -> None:
    path = save(tmp_path / "front.png", Image.fromarray(pattern()), "GIF")
    assert refusal(path).problem == "unsupported image format GIF"


def test_image_over_pixel_limit(tmp_path: Path) -> None:
    path = tmp_path / "front.png"
    path.write_bytes(png_bytes(pattern()))
    problem = refusal(path, Limits(max_pixels=96 * 64 - 1)).problem
    assert "96x64" in problem and "limit" in problem
    # One pixel more and it is accepted.
    assert decode_file(path, Limits(max_pixels=96 * 64)).pixels.shape == (64, 96, 3)


def test_pixel_limit_is_checked_from_the_header(tmp_path: Path) -> None:
    """An 8000×8000 header over the default 50 MP limit is refused without decoding."""
    path = tmp_path / "front.png"
    path.write_bytes(png_header(8000, 8000))
    problem = refusal(path).problem
    assert "8000x8000" in problem and "limit" in problem


def test_decompression_bomb_header(tmp_path: Path) -> None:
    """60000×60000 (3.6 gigapixels) declared in a 100-byte file."""
    path = tmp_path / "front.png"
    path.write_bytes(png_header(60_000, 60_000))
    assert path.stat().st_size < 200
    problem = refusal(path).problem
    assert "too large" in problem or "limit" in problem


def test_file_over_byte_limit(tmp_path: Path) -> None:
    data = png_bytes(pattern())
    path = tmp_path / "front.png"
    path.write_bytes(data)
    problem = refusal(path, Limits(max_file_bytes=len(data) - 1)).problem
    assert "limit" in problem
    with pytest.raises(InputError, match="limit"):
        decode_bytes(data, "<bytes>", Limits(max_file_bytes=len(data) - 1))
    assert decode_file(path, Limits(max_file_bytes=len(data))).format == "PNG"


def test_tiny_image(tmp_path: Path) -> None:
    path = tmp_path / "front.png"
    path.write_bytes(png_bytes(np.zeros((8, 8, 3), dtype=np.uint8)))
    assert "8x8" in refusal(path).problem


# --- large photos are decoded reduced ----------------------------------------------------

SMALL_CAP = Limits(max_decoded_pixels=96 * 64)
"""A cap at the test pattern's own size: an image 8 times larger is decoded reduced."""


def enlarged(stored: U8, factor: int) -> U8:
    """The pattern with each pixel repeated ``factor`` times both ways."""
    return np.repeat(np.repeat(stored, factor, axis=0), factor, axis=1)


@pytest.mark.parametrize(("fmt", "suffix", "tolerance"),
                         [("JPEG", "jpg", 6.0), ("PNG", "png", 0.0), ("TIFF", "tif", 0.0),
                          ("WEBP", "webp", 6.0)])
def test_a_photo_over_the_cap_is_decoded_reduced(
    tmp_path: Path, fmt: str, suffix: str, tolerance: float
) -> None:
    path = save(tmp_path / f"big.{suffix}", Image.fromarray(enlarged(pattern(), 8)), fmt,
                **({"quality": 95} if fmt in ("JPEG", "WEBP") else {}))
    px = decode_file(path, SMALL_CAP).pixels
    assert px.shape == (64, 96, 3)  # 512x768 at an eighth: within the cap, same proportions
    assert_close(px, pattern(), tolerance)


def test_a_reduced_photo_keeps_its_exif_orientation(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    path = save(tmp_path / "big-6.jpg", Image.fromarray(enlarged(pattern(), 4)), "JPEG",
                quality=95, exif=exif.tobytes())
    px = decode_file(path, SMALL_CAP).pixels
    assert px.shape == (96, 64, 3)
    assert_close(px, np.ascontiguousarray(np.rot90(pattern(), k=-1)), 6.0)


@pytest.mark.parametrize("mode", ["RGBA", "P", "LA", "1", "I;16", "CMYK"])
def test_every_mode_is_reduced_and_flattened(tmp_path: Path, mode: str) -> None:
    """Odd modes over the cap: one of RGB, grey, palette, bilevel, 16-bit, CMYK; a
    transparent RGBA border is white after reduction as before."""
    big = Image.fromarray(enlarged(pattern(), 4))
    if mode == "RGBA":
        rgba = big.convert("RGBA")
        rgba.putalpha(Image.fromarray(np.pad(np.full((128, 256), 255, np.uint8), 64)))
        big = rgba
    elif mode == "I;16":
        big = Image.fromarray(np.asarray(big.convert("L")).astype(np.uint16) * 257)
    else:
        big = big.convert(mode)
    fmt = "JPEG" if mode == "CMYK" else "TIFF" if mode == "I;16" else "PNG"
    px = decode_file(save(tmp_path / f"big.{fmt.lower()}", big, fmt), SMALL_CAP).pixels
    assert px.shape == (64, 96, 3)
    if mode == "RGBA":
        assert (px[:10, :] == 255).all() and (px[:, :10] == 255).all()
        assert int(px[32, 48, 0]) == GREY


def test_strip_reduction_equals_pillows_reduce() -> None:
    rng = np.random.default_rng(7)
    for mode in ("RGB", "RGBA", "L"):
        channels = {"RGB": 3, "RGBA": 4, "L": 1}[mode]
        shape = (1001, 333, channels) if channels > 1 else (1001, 333)
        im = Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8), mode)
        for k in (2, 3):
            assert np.array_equal(np.asarray(reduced(im, k)), np.asarray(im.reduce(k)))


def test_decoding_a_7000px_transparent_png_stays_small(tmp_path: Path) -> None:
    """Issue 14: a 190 KB RGBA PNG of 7000x7000 px took 1 GB; decoded reduced it needs
    its one full-size decode (196 MB) and little more."""
    path = tmp_path / "big.png"
    Image.new("RGBA", (7000, 7000), (10, 200, 30, 128)).save(path)
    code = (
        "import resource, sys\n"
        "from pipeline.config import Limits\n"
        "from pipeline.decode import decode_file\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"px = decode_file(__import__('pathlib').Path({str(path)!r}), Limits()).pixels\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(px.shape[0] * px.shape[1], (peak - base) // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1]).stdout
    pixels, grown_mb = map(int, out.split())
    assert pixels <= Limits().max_decoded_pixels
    assert grown_mb < 300, f"decoding grew the process by {grown_mb} MB"
