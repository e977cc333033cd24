"""What a careless or hostile user hands the commands (issue 14, items 3, 7 and 9): each
gets one line on stderr and exit 2, or a result with a reason; never a traceback, never a
card passed over in silence, never an empty output file left behind."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from pipeline import cli
from tests import pdfs
from tests.test_cli import assert_one_line_error, cardocr

SMALL = Path(__file__).resolve().parents[1] / "samples" / "cards" / "0000" / "front.png"
"""A sample card photo."""

RESULT = {"schema_version": 1, "card": "ok", "carrier": None, "fields": {}, "distractors": [],
          "portal": {"insurance_provider": None, "member_id": None, "group_number": "XXXXXX"},
          "review": {"needed": True, "reasons": [{"code": "card_not_found", "message": "-"}]}}
"""A card result line as a batch writes it (a card that needs review)."""


def results_file(path: Path, *extra_lines: bytes) -> Path:
    path.write_bytes(json.dumps(RESULT).encode() + b"\n" + b"".join(extra_lines))
    return path


DEEP = b"[" * 100_000 + b"\n"
TORN = b'{"card": "torn", "review": {"nee'


# --- manifests -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("cards.csv", b"card,front,back\nc1,\xff\xfe.png,\n", "line 2: not UTF-8"),
    ("cards.jsonl", b'{"card": "c1", "front": "a.png"}\n' + DEEP, "line 2: not JSON"),
    ("cards.jsonl", b'{"card": "c1", "front": "\xff.png"}\n', "line 1: not UTF-8"),
], ids=["csv_not_utf8", "jsonl_nested", "jsonl_not_utf8"])
def test_malformed_manifest_is_one_line(tmp_path: Path, name: str, content: bytes,
                                        problem: str) -> None:
    manifest = tmp_path / name
    manifest.write_bytes(content)
    out = tmp_path / "out.jsonl"
    assert_one_line_error(cardocr("batch", "--manifest", manifest, "--out", out), problem)
    assert not out.exists()


def test_nul_byte_in_a_manifest_path_is_the_cards_reason(tmp_path: Path) -> None:
    manifest = tmp_path / "cards.jsonl"
    manifest.write_text(json.dumps({"card": "c1", "front": "a\u0000.png"}) + "\n",
                        encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = cardocr("batch", "--manifest", manifest, "--out", out, "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    (line,) = out.read_text(encoding="utf-8").splitlines()
    (reason,) = json.loads(line)["review"]["reasons"]
    assert reason["code"] == "unreadable_file" and "NUL" in reason["message"]


# --- odd entries in a batch folder ---------------------------------------------------------


def test_entries_that_are_not_files_get_a_result(tmp_path: Path) -> None:
    """A FIFO, a symbolic link that loops and a folder named like a photo, each named as a
    card's front: each card gets a result saying why (a FIFO is never opened: it would
    block the batch), and the summary counts them."""
    cards = tmp_path / "cards"
    cards.mkdir()
    os.mkfifo(cards / "pipe_front.png")
    (cards / "loop_front.jpg").symlink_to(cards / "loop_front.jpg")
    (cards / "dir_front.png").mkdir()
    out = tmp_path / "out.jsonl"
    proc = cardocr("batch", cards, "--out", out, "--workers", "1", timeout=60)
    assert proc.returncode == 0, proc.stderr
    results = {r["card"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(results) == {"pipe", "loop", "dir"}
    messages = {c: r["review"]["reasons"][0]["message"] for c, r in results.items()}
    assert "not a regular file" in messages["pipe"]
    assert "not a regular file" in messages["dir"]
    assert "symbolic links" in messages["loop"]
    assert "unreadable_file 3" in proc.stderr


# --- outputs --------------------------------------------------------------------------------


def test_out_under_a_file_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    out = tmp_path / "afile" / "out.jsonl"
    assert_one_line_error(cardocr("batch", SMALL.parent, "--out", out), str(out), "folder")


def test_csv_in_a_folder_that_cannot_be_made_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    out = tmp_path / "out.jsonl"
    proc = cardocr("batch", SMALL.parent, "--out", out, "--csv", tmp_path / "afile" / "r.csv")
    assert_one_line_error(proc, "r.csv")
    assert not out.exists()


def test_csv_in_a_missing_folder_is_made(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    os.mkfifo(cards / "pipe_front.png")  # a card that is reported fast, without OCR
    out, table = tmp_path / "out.jsonl", tmp_path / "new" / "deeper" / "r.csv"
    proc = cardocr("batch", cards, "--out", out, "--csv", table, "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert table.read_text(encoding="utf-8").startswith("card,")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_out_on_a_full_disk_is_one_line(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    os.mkfifo(cards / "pipe_front.png")
    proc = cardocr("batch", cards, "--out", "/dev/full", "--workers", "1", "--resume")
    assert_one_line_error(proc, "/dev/full", "No space left")


def test_dask_without_distributed_is_one_line_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    out = tmp_path / "out.jsonl"
    code = cli.main(["batch", str(SMALL.parent), "--out", str(out), "--dask", "local"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "pip install 'cardocr[cluster]'" in err
    assert not out.exists()


# --- report and table -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [DEEP, TORN, b'"just a string"\n', b"\xff\xfe\n"],
                         ids=["nested", "torn", "not_an_object", "not_utf8"])
@pytest.mark.parametrize("command", ["table", "report"])
def test_report_and_table_skip_a_bad_line(tmp_path: Path, command: str, bad: bytes) -> None:
    path = results_file(tmp_path / "r.jsonl", bad)
    proc = cardocr(command, path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "skipped line 2" in proc.stderr
    if command == "table":
        assert "ok" in proc.stdout


def test_report_goes_on_when_a_results_photo_is_a_looping_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(pdfs.looping_page_tree())
    line = {**RESULT, "card": "loop", "files": {"front": str(pdf), "back": None}}
    path = results_file(tmp_path / "r.jsonl", json.dumps(line).encode() + b"\n")
    proc = cardocr("report", path)
    assert proc.returncode == 0, proc.stderr
    page = path.with_suffix(".html").read_text(encoding="utf-8")
    assert "loop" in page and "page tree" in page
