"""The fuzz corpus in ``make test`` (issue 14): 100 seeded hostile uploads made from the
sample cards read in this process by the real pipeline, and a few through ``cardocr
extract``. Every one ends as a card result that fits the contract's schema or as a refusal
of the file (``InputError``): no stage lets an exception escape (its geometry is guarded
where it arises), and the command prints one result or one error line.

``make fuzz`` runs thousands through the command (``tests/fuzz_run.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ocr import get_engine
from pipeline.process import process_card
from pipeline.result import to_json
from tests.fuzz_corpus import Case, case
from tests.fuzz_run import classify
from tests.test_cli import assert_valid

pytestmark = pytest.mark.tesseract

IN_PROCESS = 100
"""Cases read in this process (ids 0-99 of the default seed)."""
THROUGH_CLI = (3, 7, 11, 23, 42, 57)
"""Case ids (of 200 onward) also run as ``cardocr extract`` commands."""
REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("index", range(IN_PROCESS))
def test_a_hostile_upload_is_a_result_or_a_refusal(index: int) -> None:
    upload = case(index)
    try:
        result = process_card(upload.data, engine=get_engine("tesserocr"))
    except InputError as e:
        assert "\n" not in str(e) and e.problem  # one line naming the problem
        return
    assert_valid(to_json(result))


def _extract(upload: Case, folder: Path) -> subprocess.CompletedProcess[str]:
    path = folder / f"upload{upload.suffix}"
    path.write_bytes(upload.data)
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "extract", str(path), "--timeout", "20"],
        capture_output=True, text=True, timeout=90, cwd=REPO, check=False,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("offset", THROUGH_CLI)
def test_a_hostile_upload_through_the_command(tmp_path: Path, offset: int) -> None:
    upload = case(200 + offset)
    proc = _extract(upload, tmp_path)
    outcome = classify(proc.returncode, proc.stdout, proc.stderr)
    assert outcome in ("result (review)", "result (no review)", "error line"), (
        upload.id, proc.returncode, proc.stderr[-2000:])
    if proc.returncode == 0:
        assert_valid(json.loads(proc.stdout))


def test_the_corpus_is_the_same_every_time() -> None:
    assert case(5) == case(5)
    assert case(5).data != case(6).data
