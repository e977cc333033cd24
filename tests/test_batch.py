"""Batch workers: a bad card becomes a result, never an exception; a pool returns every card.

Also checks that the pytesseract engine leaves no temporary files behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

import cv2
import numpy as np
import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from pipeline import batch, boundary
from pipeline.batch import WorkerSetup, run_batch, run_card
from pipeline.discover import CardFiles
from pipeline.errors import EngineError
from pipeline.ocr import FakeEngine, OcrEngine
from tests import fakes

REPO = Path(__file__).resolve().parents[1]

JsonObj = dict[str, Any]


def _has_tesserocr() -> bool:
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return True


def assert_valid(result: JsonObj) -> None:
    text = (resources.files("pipeline.schema") / "card_result.schema.json").read_text(
        encoding="utf-8"
    )
    problems = [e.message for e in Draft202012Validator(json.loads(text)).iter_errors(result)]
    assert not problems, problems


def reason_codes(result: JsonObj) -> list[str]:
    return [r["code"] for r in result["review"]["reasons"]]


def synthetic_card(path: Path, lines: list[str]) -> Path:
    """A small white card photo (ID-1 proportions, 640 px wide) with dark printed lines."""
    card = np.full((404, 640, 3), 255, dtype=np.uint8)
    for i, text in enumerate(lines):
        cv2.putText(card, text, (30, 70 + 60 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.0,
                    (20, 20, 20), 2, cv2.LINE_AA)
    assert cv2.imwrite(str(path), card)
    return path


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    """Workers get a fake engine, so these tests need no Tesseract (nor the second engine)."""
    engine = FakeEngine([])
    fakes.second_engine_off(monkeypatch)

    def get_engine(name: str = "fake", timeout_s: float = 30.0) -> OcrEngine:
        return engine

    monkeypatch.setattr(batch, "get_engine", get_engine)
    # run_batch(workers=1) sets up this process as its worker; undo that afterwards.
    monkeypatch.setattr(batch, "_setup", batch._setup)
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")
    return engine


# --- run_card: failures become results -----------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"Member ID W123456789\n", "not an image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", "corrupt"),
    ],
    ids=["empty", "text", "truncated-jpeg"],
)
def test_corrupt_front_gives_unreadable_file(
    tmp_path: Path, fake_engine: FakeEngine, content: bytes, problem: str
) -> None:
    front = tmp_path / "front.jpg"
    front.write_bytes(content)
    result = run_card(CardFiles("0007", front, None))
    assert result["card"] == "0007"
    assert result["review"]["needed"] is True
    assert reason_codes(result) == ["unreadable_file"]
    message = result["review"]["reasons"][0]["message"]
    assert str(front) in message and problem in message
    assert result["carrier"] is None and result["fields"] == {}
    assert result["portal"]["group_number"] == "XXXXXX"
    assert fake_engine.calls == 0
    assert_valid(result)


def test_missing_front_file_gives_unreadable_file(tmp_path: Path, fake_engine: FakeEngine) -> None:
    result = run_card(CardFiles("gone", tmp_path / "front.png", None))
    assert reason_codes(result) == ["unreadable_file"]
    assert "not found" in result["review"]["reasons"][0]["message"]
    assert_valid(result)


def test_good_front_with_corrupt_back_gives_unreadable_file(
    tmp_path: Path, fake_engine: FakeEngine
) -> None:
    front = synthetic_card(tmp_path / "front.png", ["MEMBER ID W123456789"])
    back = tmp_path / "back.png"
    back.write_text("not an image\n")
    result = run_card(CardFiles("c1", front, back))
    assert reason_codes(result) == ["unreadable_file"]
    assert str(back) in result["review"]["reasons"][0]["message"]
    assert_valid(result)


def test_back_only_card_is_a_result_not_a_crash(tmp_path: Path, fake_engine: FakeEngine) -> None:
    back = synthetic_card(tmp_path / "back.png", ["CLAIMS PO BOX 1"])
    result = run_card(CardFiles("b1", None, back))
    assert result["card"] == "b1"
    assert result["review"]["needed"] is True
    assert reason_codes(result) == ["unreadable_file"]
    assert_valid(result)


def test_good_card_with_fake_engine_reads_through(tmp_path: Path, fake_engine: FakeEngine) -> None:
    """A decodable photo goes the whole way; an engine that reads nothing asks a person."""
    front = synthetic_card(tmp_path / "front.png", ["MEMBER ID W123456789"])
    result = run_card(CardFiles("ok", front, None))
    assert result["card"] == "ok"
    assert "unreadable_file" not in reason_codes(result)
    assert "member_id_missing" in reason_codes(result)
    assert_valid(result)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (EngineError("tesseract timed out after 30 s"), "OCR failed: tesseract timed out"),
        (RuntimeError("W123456789 broke"), "internal error (RuntimeError)"),
        (MemoryError(), "internal error (MemoryError)"),
    ],
)
def test_engine_and_internal_failures_become_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_engine: FakeEngine,
    error: Exception, expected: str,
) -> None:
    def explode(*args: object, **kwargs: object) -> NoReturn:
        raise error

    monkeypatch.setattr(boundary, "process_card", explode)
    front = synthetic_card(tmp_path / "front.png", ["MEMBER ID W123456789"])
    result = run_card(CardFiles("x", front, None))
    assert result["card"] == "x"
    assert reason_codes(result) == ["unreadable_file"]
    message = result["review"]["reasons"][0]["message"]
    assert message == expected or message.startswith(expected)
    # An internal error's text may hold card data; it is not copied into the result.
    assert "W123456789" not in json.dumps(result)
    assert_valid(result)


def test_run_batch_in_process_keeps_going_after_bad_cards(
    tmp_path: Path, fake_engine: FakeEngine
) -> None:
    good = synthetic_card(tmp_path / "good.png", ["MEMBER ID W123456789"])
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"")
    cards = [CardFiles("a", bad, None), CardFiles("b", good, None), CardFiles("c", None, good)]
    results = list(run_batch(cards, workers=1, setup=WorkerSetup(engine="fake")))
    assert sorted(r["card"] for r in results) == ["a", "b", "c"]
    for r in results:
        assert_valid(r)


# --- real engines ----------------------------------------------------------------------


@pytest.mark.tesseract
@pytest.mark.skipif(not _has_tesserocr(), reason="tesserocr is not installed")
def test_run_batch_with_two_workers_returns_every_card(tmp_path: Path) -> None:
    names = ["0001", "0002", "0003"]
    cards = [
        CardFiles(name, synthetic_card(tmp_path / f"{name}.png",
                                       ["ACME HEALTH", f"MEMBER ID W12345{name}"]), None)
        for name in names
    ]
    results = list(run_batch(cards, workers=2, setup=WorkerSetup(engine="tesserocr")))
    assert len(results) == 3
    assert sorted(r["card"] for r in results) == names
    for r in results:
        assert_valid(r)
        assert "unreadable_file" not in reason_codes(r)


@pytest.mark.tesseract
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract program not installed")
def test_pytesseract_extract_leaves_no_temp_files(tmp_path: Path) -> None:
    """pytesseract passes images to the tesseract program through temp files; all of them
    (including those of orientation detection: few words make the pipeline ask OSD) must
    be gone when the command ends."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    front = synthetic_card(tmp_path / "front.png", ["ACME", "W1234"])
    back = synthetic_card(tmp_path / "back.png", ["CLAIMS"])
    env = {**os.environ, "TMPDIR": str(temp), "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "extract", str(front), str(back),
         "--engine", "pytesseract"],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert_valid(json.loads(proc.stdout))
    assert sorted(p.name for p in temp.iterdir()) == []
