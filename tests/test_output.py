"""A batch's outputs: whole JSONL lines, resume after a torn line, the CSV, the summary
and the progress bar."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import InputError
from pipeline.output import (
    Progress,
    ResultsFile,
    Summary,
    resume_scan,
    write_csv,
)


def result(card: str, *, carrier: str | None = "aetna", codes: tuple[str, ...] = (),
           portal: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "schema_version": 1, "card": card,
        "carrier": {"id": carrier, "name": carrier, "confidence": 0.9} if carrier else None,
        "fields": {"member_id": {"value": "W1", "confidence": 0.91234, "side": "front",
                                 "label": "ID", "polygon": []}},
        "distractors": [],
        "portal": portal or {"insurance_provider": "Aetna", "member_id": "W1",
                             "group_number": "XXXXXX"},
        "review": {"needed": bool(codes),
                   "reasons": [{"code": c, "message": "m"} for c in codes]},
        **extra,
    }


def test_results_file_appends_whole_private_lines(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with ResultsFile(path) as out:
        out.append(result("a"))
        out.append(result("b"))
        assert out.written == 2
        # Each line is in the file as soon as it is appended: no buffer to flush.
        assert path.read_text().count("\n") == 2
    with ResultsFile(path) as out:
        out.append(result("c"))
    lines = path.read_text().splitlines()
    assert [json.loads(x)["card"] for x in lines] == ["a", "b", "c"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_resume_cuts_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    whole = "".join(json.dumps(result(c)) + "\n" for c in ("a", "b"))
    torn = json.dumps(result("c"))[:37]
    path.write_text(whole + torn)
    summary = Summary()
    resumed = resume_scan(path, summary)
    assert resumed.done == {"a", "b"}
    assert resumed.lines == 2
    assert resumed.dropped_bytes == len(torn)
    assert path.read_text() == whole
    assert summary.cards == 2 and summary.earlier == 2


def test_resume_of_a_clean_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    text = json.dumps(result("a")) + "\n"
    path.write_text(text)
    assert resume_scan(path).dropped_bytes == 0
    assert path.read_text() == text


@pytest.mark.parametrize("bad", ["not json", '{"no": "card"}', "[1, 2]"])
def test_resume_refuses_a_file_that_is_not_batch_output(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(result("a")) + "\n" + bad + "\n" + json.dumps(result("b")) + "\n")
    with pytest.raises(InputError, match=r"out\.jsonl line 2: not a card result"):
        resume_scan(path)
    assert path.read_text().count("\n") == 3  # left as it was


def test_csv_rows_with_portal_fields_confidences_and_reasons(tmp_path: Path) -> None:
    jsonl = tmp_path / "out.jsonl"
    rows_in = [
        result("a", codes=("member_id_uncertain", "glare")),
        result("b", portal={"insurance_provider": "Cigna", "member_id": "=HYPERLINK(1)",
                            "group_number": "123456", "first_name": "ANA",
                            "last_name": "LEE", "patient_is_policy_holder": "no"}),
        result("c", carrier=None, codes=("unreadable_file",)),
    ]
    rows_in[2]["fields"] = {}
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows_in))
    out = tmp_path / "out.csv"
    assert write_csv(jsonl, out) == 3
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert list(rows[0]) == [
        "card", "insurance_provider", "member_id", "group_number", "first_name",
        "last_name", "patient_is_policy_holder", "member_id_confidence",
        "group_number_confidence", "review_needed", "review_reasons",
    ]
    assert rows[0]["review_needed"] == "yes"
    assert rows[0]["review_reasons"] == "member_id_uncertain;glare"
    assert rows[0]["member_id_confidence"] == "0.912"
    assert rows[0]["group_number_confidence"] == ""
    assert rows[1]["member_id"] == "'=HYPERLINK(1)"  # not run as a formula
    assert rows[1]["patient_is_policy_holder"] == "no" and rows[0]["first_name"] == ""
    assert rows[2]["member_id_confidence"] == "" and rows[2]["review_reasons"] == "unreadable_file"
    assert not (tmp_path / "out.csv.part").exists()


def test_summary_counts_carriers_reasons_and_pairing() -> None:
    s = Summary()
    s.add(result("a"), earlier=True)
    s.add(result("b", codes=("glare", "member_id_uncertain")))
    s.add(result("c", carrier=None, codes=("unreadable_file",), pairing="back_without_front"))
    s.add(result("d", carrier=None, codes=("unreadable_file",), timed_out=True))
    lines = s.lines(Path("out.jsonl"), elapsed_s=1.5)
    text = "\n".join(lines)
    assert lines[0] == ("cardocr: 4 cards in out.jsonl (3 read now in 1.5 s, 2.00 cards/s; "
                        "1 from before)")
    assert "need review: 3 (75.0%)" in text
    assert "by carrier: aetna 2, unknown 2" in text
    assert "by review reason: unreadable_file 2, glare 1, member_id_uncertain 1" in text
    assert "sides not paired: 1 (back_without_front 1)" in text
    assert "past the time limit: 1" in text


def test_progress_without_a_total_counts_and_rates() -> None:
    stream = io.StringIO()
    p = Progress(None, stream)
    p.update(True)
    p.update(False)
    p.finish()
    first = stream.getvalue().splitlines()[0]
    assert first.startswith("1 cards ") and "cards/s" in first and "1 need review" in first
    assert "/" not in first.split("cards/s")[0]


def test_progress_with_a_total_ends_full() -> None:
    stream = io.StringIO()
    p = Progress(2, stream)
    p.update(False)
    p.update(True)
    assert stream.getvalue().splitlines()[-1].startswith(f"[{'#' * 30}] 2/2 cards")
