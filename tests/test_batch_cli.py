"""``cardocr batch`` at scale, as a user runs it: killed (SIGKILL) and resumed, stopped
with Ctrl-C and resumed with the command it prints, an existing output never overwritten,
manifests with PDFs, side-by-side photos and unpaired sides, the CSV and the summary.

Expected card values come from the generator's ground truth (``truth.jsonl``).
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from pipeline.batch import run_card
from pipeline.discover import CardFiles
from tests.test_batch import assert_valid, reason_codes
from tests.test_cli import assert_one_line_error, cardocr
from tests.test_pool import alive

pytestmark = pytest.mark.tesseract

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "cards"
CLI = [sys.executable, "-m", "pipeline.cli"]


def sample_folder(root: Path, count: int) -> list[str]:
    """``root`` with links to the first ``count`` committed sample cards; their names."""
    root.mkdir()
    names = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())[:count]
    for name in names:
        (root / name).symlink_to(SAMPLES / name)
    return names


def lines_of(path: Path) -> list[dict[str, Any]]:
    """Every line of a results file, each parsed (fails on a torn or invalid line)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    assert text == "" or text.endswith("\n"), "the file ends in a torn line"
    return [json.loads(line) for line in text.splitlines()]


def start(*args: str | Path) -> subprocess.Popen[str]:
    """A batch in its own process group, as a terminal would run it: with Ctrl-C's default
    action even where the tests themselves run with SIGINT ignored (started in the
    background, ``cmd &`` or ``nohup``), which a child would inherit."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # SIG_DFL in the child
    try:
        return subprocess.Popen(
            [*CLI, *map(str, args)], cwd=REPO, text=True, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    finally:
        if previous is not None:  # None: a handler set outside Python, which stays
            signal.signal(signal.SIGINT, previous)


def wait_for_lines(path: Path, n: int, proc: subprocess.Popen[str], limit_s: float = 180) -> int:
    """Wait until ``path`` has at least ``n`` whole lines; the batch must still be running."""
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        have = path.read_bytes().count(b"\n") if path.exists() else 0
        if have >= n:
            assert proc.poll() is None, "the batch ended before it could be stopped"
            return have
        assert proc.poll() is None, proc.communicate()[1]
        time.sleep(0.05)
    raise AssertionError(f"no {n} lines in {limit_s} s")


def descendants(pid: int) -> list[int]:
    return [p.pid for p in psutil.Process(pid).children(recursive=True)]


def assert_gone(pids: list[int], limit_s: float = 20) -> None:
    end = time.monotonic() + limit_s
    while time.monotonic() < end and any(alive(p) for p in pids):
        time.sleep(0.1)
    assert not [p for p in pids if alive(p)], "worker processes outlived their batch"


def test_sigkill_mid_run_then_resume_reads_every_card_exactly_once(tmp_path: Path) -> None:
    names = sample_folder(tmp_path / "cards", 12)
    out = tmp_path / "out.jsonl"
    proc = start("batch", tmp_path / "cards", "--out", out, "--workers", "2")
    wait_for_lines(out, 2, proc)
    workers = descendants(proc.pid)
    assert workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    kept = out.read_bytes()
    assert 2 <= kept.count(b"\n") < len(names)
    assert_gone(workers)  # forkserver and workers follow the killed batch

    resumed = cardocr("batch", tmp_path / "cards", "--out", out, "--workers", "2", "--resume")

    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    assert "resuming:" in resumed.stderr and f"of {len(names)} cards already in" in resumed.stderr
    results = lines_of(out)
    assert sorted(r["card"] for r in results) == names  # each card exactly once
    for r in results:
        assert_valid(r)
    assert f"cardocr: {len(names)} cards in {out}" in resumed.stderr


def test_ctrl_c_stops_cleanly_and_prints_the_resume_command(tmp_path: Path) -> None:
    names = sample_folder(tmp_path / "cards", 8)
    out = tmp_path / "out.jsonl"
    proc = start("batch", tmp_path / "cards", "--out", out, "--workers", "2",
                 "--card-timeout", "90")
    wait_for_lines(out, 1, proc)
    workers = descendants(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, stderr = proc.communicate(timeout=60)

    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "cardocr: interrupted;" in stderr
    assert len(lines_of(out)) < len(names)
    assert_gone(workers)
    command = stderr.strip().splitlines()[-1].strip()
    assert command == shlex.join(["cardocr", "batch", str(tmp_path / "cards"), "--out",
                                  str(out), "--workers", "2", "--card-timeout", "90",
                                  "--resume"])

    words = shlex.split(command)
    again = cardocr(*words[1:])
    assert again.returncode == 0, again.stderr
    assert sorted(r["card"] for r in lines_of(out)) == names


def test_existing_output_is_never_overwritten(tmp_path: Path) -> None:
    sample_folder(tmp_path / "cards", 1)
    out = tmp_path / "out.jsonl"
    out.write_text('{"card": "keep"}\n')
    proc = cardocr("batch", tmp_path / "cards", "--out", out)
    assert_one_line_error(proc, str(out), "--resume", "remove it")
    assert out.read_text() == '{"card": "keep"}\n'


def test_resume_drops_a_torn_last_line_and_reads_its_card_again(tmp_path: Path) -> None:
    names = sample_folder(tmp_path / "cards", 2)
    out = tmp_path / "out.jsonl"
    first = run_card(CardFiles("0000", SAMPLES / "0000" / "front.png",
                               SAMPLES / "0000" / "back.png"))
    out.write_text(json.dumps(first) + "\n" + '{"schema_version":1,"card":"0001","car')
    proc = cardocr("batch", tmp_path / "cards", "--out", out, "--resume", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "dropped a torn last line" in proc.stderr
    assert "resuming: 1 of 2 cards already in" in proc.stderr
    assert sorted(r["card"] for r in lines_of(out)) == names


def test_manifest_with_pdf_side_by_side_and_unpaired_sides(tmp_path: Path) -> None:
    gen = tmp_path / "gen"
    made = subprocess.run(
        [sys.executable, "-m", "samples.generator", "--out", gen, "--count", "2", "--seed",
         "5", "--suite", "wide", "--conditions", "side_by_side,pdf_two_pages"],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )
    assert made.returncode == 0, made.stderr
    truth = {t["card"]: t for t in map(json.loads, (gen / "truth.jsonl").open())}
    assert {t["condition"] for t in truth.values()} == {"side_by_side", "pdf_two_pages"}
    manifest = tmp_path / "lists" / "m.jsonl"
    manifest.parent.mkdir()
    rows: list[dict[str, str | None]] = [
        {"card": f"t{name}", "front": f"../gen/{t['front']}"} for name, t in truth.items()
    ]
    rows += [{"card": "lonely", "front": None, "back": "../gen/0000/front.jpg"},
             {"card": "ghost", "front": "missing.png"}]
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out, table = tmp_path / "out.jsonl", tmp_path / "out.csv"

    proc = cardocr("batch", "--manifest", manifest, "--out", out, "--csv", table,
                   "--workers", "2")

    assert proc.returncode == 0, proc.stderr
    by_card = {r["card"]: r for r in lines_of(out)}
    assert sorted(by_card) == sorted(["ghost", "lonely", *(f"t{n}" for n in truth)])
    for name, t in truth.items():
        r = by_card[f"t{name}"]
        assert_valid(r)
        # Both sides were found in the one file (two PDF pages; two cards in one photo).
        assert set(r["quality"]) == {"front", "back"}, t["condition"]
        assert r["files"] == {"front": os.path.abspath(gen / t["front"]), "back": None}
        if not r["review"]["needed"]:  # read right, or sent to a person: never silently wrong
            assert r["carrier"]["id"] == t["carrier"], t["condition"]
            assert r["fields"]["member_id"]["value"] == t["fields"]["member_id"]
    assert by_card["lonely"]["pairing"] == "back_without_front"
    assert reason_codes(by_card["lonely"]) == ["unreadable_file"]
    assert by_card["lonely"]["files"]["front"] is None
    assert reason_codes(by_card["ghost"]) == ["unreadable_file"]
    assert "not found" in by_card["ghost"]["review"]["reasons"][0]["message"]
    # The summary and the CSV.
    assert "sides not paired: 1 (back_without_front 1)" in proc.stderr
    assert "by review reason:" in proc.stderr and "cards/s" in proc.stderr
    csv_lines = table.read_text().splitlines()
    assert len(csv_lines) == 1 + len(by_card)
    for card, r in by_card.items():
        member_id = r["portal"]["member_id"] or ""
        needed = "yes" if r["review"]["needed"] else "no"
        assert any(line.startswith(f"{card},") and f",{member_id}," in line
                   and f",{needed}," in line for line in csv_lines), card


def test_two_fronts_for_a_card_are_reported_not_guessed(tmp_path: Path) -> None:
    conflict = "2 front images (front.jpg, front.png)"
    r = run_card(CardFiles("x", tmp_path / "front.png", None, conflict=conflict))
    assert reason_codes(r) == ["unreadable_file"]
    assert r["pairing"] == "conflict"
    assert "2 front images" in r["review"]["reasons"][0]["message"]
    assert "not guessed" in r["review"]["reasons"][0]["message"]
    assert_valid(r)


def test_iter_results_reads_a_folder_skipping_known_cards(tmp_path: Path) -> None:
    """The Python API: a folder in, result dicts out; ``skip`` leaves cards out."""
    from pipeline.batch import iter_results

    names = sample_folder(tmp_path / "cards", 3)
    truth = {t["card"]: t for t in map(json.loads, (SAMPLES / "truth.jsonl").open())}
    results = list(iter_results(tmp_path / "cards", workers=2, skip={names[0]}))
    assert sorted(r["card"] for r in results) == names[1:]
    for r in results:
        assert_valid(r)
        assert r["files"]["front"] == os.path.abspath(
            tmp_path / "cards" / truth[r["card"]]["front"])
        if not r["review"]["needed"]:
            assert r["fields"]["member_id"]["value"] == truth[r["card"]]["fields"]["member_id"]
