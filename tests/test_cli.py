"""The ``cardocr`` command as a user runs it: exit codes, stderr, and the JSON it prints.

Runs ``python -m pipeline.cli`` in a subprocess. Expected card values come from a person
reading the real sample cards (``../shared/real-samples/README.md``), not from the pipeline.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
REAL_SAMPLES = REPO.parent / "shared" / "real-samples"
CIGNA_FRONT = REAL_SAMPLES / "cigna_front.png"
CIGNA_BACK = REAL_SAMPLES / "cigna_back.png"
CIGNA_SIZE = (1041, 679)
"""Width and height of cigna_front.png, pixels."""
CIGNA_ID_BOX = (168, 358, 306, 383)
"""Where ``U6478204`` is printed on cigna_front.png (left, top, right, bottom), measured
from its dark pixels: the eight glyphs right of the ``ID:`` label."""

JsonObj = dict[str, Any]

needs_real_samples = pytest.mark.skipif(
    not CIGNA_FRONT.is_file() or not CIGNA_BACK.is_file(),
    reason=f"real sample cards not found at {REAL_SAMPLES} (../shared/real-samples)",
)


def _has_tesserocr() -> bool:
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return True


ENGINE_PRESENT = {
    "tesserocr": _has_tesserocr(),
    "pytesseract": shutil.which("tesseract") is not None,
}


def engine_param(name: str) -> Any:
    return pytest.param(
        name,
        marks=pytest.mark.skipif(
            not ENGINE_PRESENT[name], reason=f"OCR engine {name} is not installed"
        ),
    )


def validator() -> Draft202012Validator:
    text = (resources.files("pipeline.schema") / "card_result.schema.json").read_text(
        encoding="utf-8"
    )
    return Draft202012Validator(json.loads(text))


def assert_valid(result: JsonObj) -> None:
    problems = [f"{list(e.path)}: {e.message}" for e in validator().iter_errors(result)]
    assert not problems, problems


def cardocr(*args: str | Path, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    run_env = {**os.environ, "OMP_THREAD_LIMIT": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=REPO, env=run_env, check=False,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *expected: str) -> None:
    """Exit 2, nothing on stdout, and exactly one line on stderr without a traceback."""
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for text in expected:
        assert text in lines[0]


# --- usage errors and bad files ---------------------------------------------------------


def test_extract_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jpg"
    assert_one_line_error(cardocr("extract", missing), str(missing), "not found")


def test_extract_missing_back(tmp_path: Path) -> None:
    front = tmp_path / "front.png"
    Image.new("RGB", (320, 200), "white").save(front)
    missing = tmp_path / "back.jpg"
    assert_one_line_error(cardocr("extract", front, missing), str(missing), "not found")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("front.png", b"Member ID W123456789\n", "not an image"),
        ("front.jpg", b"", "empty"),
        ("front.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "corrupt"),
    ],
    ids=["text", "empty", "truncated"],
)
def test_extract_non_image(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(cardocr("extract", path), str(path), problem)


def test_extract_directory(tmp_path: Path) -> None:
    assert_one_line_error(cardocr("extract", tmp_path), str(tmp_path))


def test_no_arguments_prints_usage() -> None:
    proc = cardocr()
    assert proc.returncode == 2
    assert "usage:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_extract_without_a_file_prints_usage() -> None:
    proc = cardocr("extract")
    assert proc.returncode == 2
    assert "usage:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_engine(tmp_path: Path) -> None:
    proc = cardocr("extract", tmp_path / "front.png", "--engine", "easyocr")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr and "easyocr" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_command() -> None:
    proc = cardocr("scan", "x.png")
    assert proc.returncode == 2
    assert "usage:" in proc.stderr


def test_batch_missing_dir(tmp_path: Path) -> None:
    missing = tmp_path / "cards"
    proc = cardocr("batch", missing, "--out", tmp_path / "out.jsonl")
    assert_one_line_error(proc, str(missing))
    assert not (tmp_path / "out.jsonl").exists()


def test_batch_without_out_prints_usage(tmp_path: Path) -> None:
    proc = cardocr("batch", tmp_path)
    assert proc.returncode == 2
    assert "--out" in proc.stderr


def test_batch_zero_workers(tmp_path: Path) -> None:
    (tmp_path / "a_front.png").write_bytes(b"x")
    assert_one_line_error(
        cardocr("batch", tmp_path, "--out", tmp_path / "out.jsonl", "--workers", "0"),
        "workers",
    )


def test_batch_folder_without_cards(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no images here\n")
    assert_one_line_error(
        cardocr("batch", tmp_path, "--out", tmp_path / "out.jsonl"), str(tmp_path)
    )


def test_version() -> None:
    proc = cardocr("--version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("cardocr ")


# --- batch with good and bad cards -----------------------------------------------------


def bad_files(root: Path) -> dict[str, str]:
    """Bad files under ``root`` in both folder shapes; returns card name → bad file."""
    (root / "truncated").mkdir()
    # A JPEG cut after its header: start of image, a JFIF segment, nothing else.
    (root / "truncated" / "front.jpg").write_bytes(
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb"
    )
    (root / "empty_front.png").write_bytes(b"")
    (root / "text-front.png").write_text("Member ID W123456789\nGroup 123456\n")
    png = CIGNA_FRONT.read_bytes()
    (root / "cut_front.png").write_bytes(png[: len(png) // 3])
    return {
        "truncated": "truncated/front.jpg",
        "empty": "empty_front.png",
        "text": "text-front.png",
        "cut": "cut_front.png",
    }


@pytest.mark.tesseract
@needs_real_samples
@pytest.mark.skipif(not ENGINE_PRESENT["tesserocr"], reason="tesserocr is not installed")
def test_batch_good_and_bad_cards(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "cigna").mkdir()
    (cards / "cigna" / "front.png").symlink_to(CIGNA_FRONT)
    (cards / "cigna" / "back.png").symlink_to(CIGNA_BACK)
    bad = bad_files(cards)
    out = tmp_path / "results" / "out.jsonl"

    proc = cardocr("batch", cards, "--out", out, "--workers", "2")

    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    results = [json.loads(line) for line in lines]
    assert len(results) == 1 + len(bad)
    by_card = {r["card"]: r for r in results}
    assert set(by_card) == {"cigna", *bad}
    for r in results:
        assert_valid(r)
    for card, name in bad.items():
        r = by_card[card]
        assert r["review"]["needed"] is True
        assert [x["code"] for x in r["review"]["reasons"]] == ["unreadable_file"]
        assert name.split("/")[-1] in r["review"]["reasons"][0]["message"]
        assert r["carrier"] is None and r["fields"] == {}
    good = by_card["cigna"]
    assert "unreadable_file" not in {x["code"] for x in good["review"]["reasons"]}
    assert good["carrier"]["id"] == "cigna"
    # The progress bar ends with every card counted.
    assert f"{len(results)}/{len(results)} cards" in proc.stderr


# --- extract on a real card ------------------------------------------------------------


@pytest.mark.tesseract
@needs_real_samples
@pytest.mark.parametrize("engine", [engine_param("tesserocr"), engine_param("pytesseract")])
def test_extract_real_cigna(engine: str) -> None:
    proc = cardocr("extract", CIGNA_FRONT, CIGNA_BACK, "--engine", engine)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    result = json.loads(proc.stdout)
    assert_valid(result)
    assert result["carrier"]["id"] == "cigna"
    assert result["carrier"]["name"] == "Cigna"
    fields = result["fields"]
    assert fields["member_id"]["value"] == "U6478204"
    assert fields["member_id"]["side"] == "front"
    assert fields["group_number"]["value"] == "3332525"
    portal = result["portal"]
    assert portal["insurance_provider"] == "Cigna"
    assert portal["member_id"] == "U6478204"
    assert portal["group_number"] == "XXXXXX"  # seven characters: not what the portal takes
    # A read that is right needs no person; a wrong value without review is the worst case.
    codes = {x["code"] for x in result["review"]["reasons"]}
    assert not codes & {"unreadable_file", "card_not_found", "carrier_unknown",
                        "member_id_missing"}

    polygon = fields["member_id"]["polygon"]
    assert len(polygon) == 4
    width, height = CIGNA_SIZE
    for x, y in polygon:
        assert 0 <= x <= width and 0 <= y <= height
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    left, top, right, bottom = CIGNA_ID_BOX
    # The polygon covers the printed ID, give or take a few pixels, and not much more.
    assert min(xs) <= left + 6 and max(xs) >= right - 6
    assert min(ys) <= top + 6 and max(ys) >= bottom - 6
    assert min(xs) >= left - 40 and max(xs) <= right + 40
    assert min(ys) >= top - 20 and max(ys) <= bottom + 20


@pytest.mark.tesseract
@needs_real_samples
@pytest.mark.skipif(not ENGINE_PRESENT["tesserocr"], reason="tesserocr is not installed")
def test_extract_front_only_real_cigna() -> None:
    """Without a back the Cigna front still gives its member ID; the JSON is valid."""
    proc = cardocr("extract", CIGNA_FRONT)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert_valid(result)
    assert result["fields"]["member_id"]["value"] == "U6478204"
    assert all(f["side"] == "front" for f in result["fields"].values())


@pytest.mark.tesseract
@needs_real_samples
@pytest.mark.parametrize("engine", [engine_param("tesserocr"), engine_param("pytesseract")])
def test_extract_real_cigna_other_fields(engine: str) -> None:
    """The rest of what a person reads on the Cigna front; each field present is exactly
    what is printed (a field may be absent, but never wrong without review)."""
    proc = cardocr("extract", CIGNA_FRONT, CIGNA_BACK, "--engine", engine)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    printed = {
        "member_name": "Walt Witman",
        "rx_bin": "017760",
        "rx_pcn": "02250000",
        "effective_date": "04/01/2020",
    }
    read = {k: result["fields"][k]["value"] for k in printed if k in result["fields"]}
    wrong = {k: v for k, v in read.items() if v != printed[k]}
    assert not wrong or result["review"]["needed"], f"wrong without review: {wrong}"
    assert read == {k: printed[k] for k in read}
    # The Issuer line prints "(80840)" with no number after it: nothing to report as one.
    assert all(d["value"] != "80840" for d in result["distractors"])


# --- nothing but the one line on stderr ---------------------------------------------------


def damaged_lzw_tiff(path: Path) -> Path:
    """A sample card as an LZW TIFF with 20 bytes of its strips inverted: libtiff prints
    "Using code not yet in table." to file descriptor 2 while Pillow fails on it."""
    import random

    buf = io.BytesIO()
    Image.open(REPO / "samples" / "cards" / "0000" / "front.png").convert("RGB").save(
        buf, "TIFF", compression="tiff_lzw")
    data = bytearray(buf.getvalue())
    rng = random.Random(1)
    for _ in range(20):
        data[rng.randrange(200, len(data) - 2000)] ^= 0xFF
    path.write_bytes(data)
    return path


def test_damaged_tiff_gives_only_the_one_error_line(tmp_path: Path) -> None:
    path = damaged_lzw_tiff(tmp_path / "card.tif")
    assert_one_line_error(cardocr("extract", path), str(path), "corrupt")


def test_corrupt_exif_says_nothing(tmp_path: Path) -> None:
    """A photo with a broken EXIF block is still a photo: its result, and no warning."""
    path = tmp_path / "small.jpg"
    Image.new("RGB", (96, 64), (128, 128, 128)).save(
        path, exif=b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + b"\x00" * 10)
    proc = cardocr("extract", path)
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads(proc.stdout)["review"]["needed"] is True
