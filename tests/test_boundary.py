"""One boundary per entry point: whatever escapes a stage of reading a card becomes that
card's result (review reason ``unreadable_file``, a message naming the stage and the
error's type, never its text), and a command prints one line and exits 2 (1 for a bug).

Stages are broken for real here: a real engine whose page pass raises, a card search that
raises, a PDF that PDFium cannot load; the photos are the committed sample cards."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline import cli, locate
from pipeline.batch import run_card
from pipeline.boundary import read_card_json
from pipeline.config import Config
from pipeline.discover import CardFiles
from pipeline.errors import EngineMissingError, StageError
from pipeline.process import process_card
from pipeline.service.pool import Job, PoolSetup, read_card
from pipeline.types import Image, OcrPage
from tests import pdfs
from tests.test_cli import assert_one_line_error, cardocr

CARDS = Path(__file__).resolve().parents[1] / "samples" / "cards"
FRONT = CARDS / "0000" / "front.png"
SECRET = "W987654321"
"""A card-value-like text that an exception's message carries: it must not reach a result."""


class _BrokenEngine:
    """The real engine, except that reading a page raises with a card value in its text."""

    name = "broken"

    def recognize(self, image: Image, *, psm: int = 0, whitelist: str | None = None,
                  local_threshold: bool = False) -> OcrPage:
        raise RuntimeError(f"could not read {SECRET}")

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        return None

    def version(self) -> str:
        return "broken"


def _raise_in_locate(*args: object, **kwargs: object) -> Any:
    raise ValueError(f"bad quad near {SECRET}")


def _assert_stage_failure(result: dict[str, Any], stage: str, error: str) -> None:
    (reason,) = result["review"]["reasons"]
    assert reason["code"] == "unreadable_file"
    assert f"{stage} stage" in reason["message"] and error in reason["message"]
    assert SECRET not in json.dumps(result)


def test_an_exception_in_a_stage_names_the_stage() -> None:
    with pytest.raises(StageError) as caught:
        process_card(FRONT, engine=_BrokenEngine())
    assert caught.value.stage == "ocr" and caught.value.error_type == "RuntimeError"
    assert SECRET not in str(caught.value)


def test_read_card_json_turns_a_stage_failure_into_the_cards_result() -> None:
    result = read_card_json(FRONT, engine=_BrokenEngine(), config=Config(), card="c1")
    assert result["card"] == "c1"
    _assert_stage_failure(result, "ocr", "RuntimeError")


def test_batch_worker_reports_the_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locate, "find_cards", _raise_in_locate)
    result = run_card(CardFiles(card="c2", front=FRONT, back=None))
    _assert_stage_failure(result, "locate", "ValueError")
    assert result["files"]["front"] == str(FRONT)


def test_service_reader_answers_200_with_the_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a 500: the service answers a card it fails on as a batch does."""
    monkeypatch.setattr(locate, "find_cards", _raise_in_locate)
    reply = read_card(Job(front=FRONT.read_bytes()), PoolSetup(engine="tesserocr",
                                                               config=Config()))
    assert reply.status == 200
    _assert_stage_failure(reply.body, "locate", "ValueError")


def test_extract_prints_the_failed_cards_result(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(locate, "find_cards", _raise_in_locate)
    assert cli.main(["extract", str(FRONT)]) == 0
    out, _ = capsys.readouterr()
    _assert_stage_failure(json.loads(out), "locate", "ValueError")


def test_a_bug_in_a_command_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> Any:
        raise KeyError(SECRET)

    monkeypatch.setattr("pipeline.report.read_results", broken)
    results = tmp_path / "r.jsonl"
    results.write_text("{}\n", encoding="utf-8")
    assert cli.main(["report", str(results)]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "internal error (KeyError)" in err and SECRET not in err


@pytest.mark.parametrize("data", [pdfs.looping_page_tree(), pdfs.no_pages()],
                         ids=["page_tree_loop", "no_pages"])
def test_extract_of_a_broken_pdf_is_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "card.pdf"
    path.write_bytes(data)
    assert_one_line_error(cardocr("extract", path), str(path), "PDF")


def test_extract_stops_at_its_time_limit(tmp_path: Path) -> None:
    """A PDF that takes long to render (thousands of fills) is stopped at ``--timeout``
    and reported as the batch reports a card past its limit."""
    path = tmp_path / "heavy.pdf"
    path.write_bytes(pdfs.heavy_content(60_000))
    start = time.monotonic()
    proc = cardocr("extract", path, "--timeout", "0.3")
    assert time.monotonic() - start < 30
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["timed_out"] is True
    assert result["review"]["reasons"][0]["code"] == "unreadable_file"
    assert "0.3 s time limit" in result["review"]["reasons"][0]["message"]


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1"])
@pytest.mark.parametrize("command", [["extract", str(FRONT), "--timeout"],
                                     ["batch", str(CARDS), "--out", "x.jsonl",
                                      "--card-timeout"]], ids=["extract", "batch"])
def test_time_limits_must_be_finite_and_positive(command: list[str], value: str) -> None:
    assert_one_line_error(cardocr(*command, value), "seconds")


def test_a_missing_engine_is_still_a_one_line_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing can be read without an engine: extract says how to install it (exit 2),
    rather than reporting the card as unreadable."""
    def missing(*args: object, **kwargs: object) -> Any:
        raise EngineMissingError("tesserocr is not installed: pip install tesserocr")

    monkeypatch.setattr("pipeline.process.get_engine", missing)
    assert cli.main(["extract", str(FRONT)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "pip install tesserocr" in err
