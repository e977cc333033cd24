"""Scoring of the bench on small hand-written truth and results; no Tesseract, no generator."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bench import metrics, run_bench
from tests.bench.metrics import CardScore, Truth, evaluate, parse_result, parse_truth, score_card

JsonObj = dict[str, Any]


def truth_obj(card: str = "0007", **changes: Any) -> JsonObj:
    """The generator's example truth line, with top-level keys replaced by ``changes``."""
    obj: JsonObj = {
        "card": card,
        "carrier": "aetna",
        "condition": "perspective",
        "readable": True,
        "front": f"{card}/front.jpg",
        "back": f"{card}/back.jpg",
        "fields": {
            "member_id": "W213769935",
            "group_number": "866081-030-00001",
            "member_name": "JOHN Q SAMPLE",
            "rx_bin": "610502",
        },
        "portal": {
            "insurance_provider": "Aetna",
            "member_id": "W213769935",
            "group_number": "866081",
            "first_name": "JOHN",
            "last_name": "SAMPLE",
        },
        "distractors": [
            {"kind": "health_plan", "value": "9140461105"},
            {"kind": "phone", "value": "1-888-555-0142"},
        ],
        "expect_review": [],
    }
    obj.update(changes)
    return obj


def reading(value: str, confidence: float = 0.9) -> JsonObj:
    return {
        "value": value,
        "confidence": confidence,
        "side": "front",
        "label": "X",
        "polygon": [[0, 0], [10, 0], [10, 5], [0, 5]],
    }


def result_obj(card: str = "0007", cpu_s: float = 0.5, **changes: Any) -> JsonObj:
    """A card result that reads ``truth_obj()`` perfectly, with top-level keys replaced."""
    obj: JsonObj = {
        "schema_version": 1,
        "card": card,
        "carrier": {"id": "aetna", "name": "Aetna", "confidence": 0.97},
        "fields": {
            "member_id": reading("W213769935", 0.94),
            "group_number": reading("866081-030-00001", 0.91),
            "member_name": reading("JOHN Q SAMPLE"),
        },
        "distractors": [],
        "portal": {
            "insurance_provider": "Aetna",
            "member_id": "W213769935",
            "group_number": "866081",
            "first_name": "JOHN",
            "last_name": "SAMPLE",
        },
        "review": {"needed": False, "reasons": []},
        "timings": {"cpu_s": cpu_s, "wall_s": cpu_s + 0.1},
    }
    obj.update(changes)
    return obj


def review(*codes: str) -> JsonObj:
    return {"needed": bool(codes), "reasons": [{"code": c, "message": c} for c in codes]}


def with_field(obj: JsonObj, name: str, value: str | None, confidence: float = 0.9) -> JsonObj:
    """``obj`` with result field ``name`` set to ``value``, or removed when None."""
    obj = copy.deepcopy(obj)
    if value is None:
        obj["fields"].pop(name, None)
    else:
        obj["fields"][name] = reading(value, confidence)
    return obj


def score(t: JsonObj, r: JsonObj | None) -> CardScore:
    return score_card(parse_truth(t), parse_result(r) if r is not None else None)


UNREADABLE_TRUTH = truth_obj(
    "0099",
    carrier=None,
    condition="unreadable",
    readable=False,
    fields={},
    distractors=[],
    portal={"insurance_provider": None, "group_number": "XXXXXX"},
    expect_review=["unreadable"],
    back=None,
)
UNREADABLE_RESULT = result_obj(
    "0099",
    cpu_s=0.01,
    carrier=None,
    fields={},
    portal={"insurance_provider": None, "member_id": None, "group_number": "XXXXXX"},
    review=review("unreadable_file"),
)


# ---------------------------------------------------------------- one card


def test_perfect_card_scores_all_right() -> None:
    s = score(truth_obj(), result_obj())
    assert s.all_ok and s.member_id_norm_ok and s.group_norm_ok
    assert not s.silent_error
    assert s.mismatches == () and s.confusions == () and s.missed_reviews == ()


def test_wrong_member_id_without_review_is_a_silent_error() -> None:
    s = score(truth_obj(), with_field(result_obj(), "member_id", "W213769985", 0.42))
    assert not s.member_id_ok and s.carrier_ok and s.group_ok
    assert s.silent_error
    [m] = s.mismatches
    assert (m.field, m.expected, m.got, m.confidence) == (
        "member_id",
        "W213769935",
        "W213769985",
        0.42,
    )
    assert m.to_json()["review"] == {"needed": False, "codes": []}


def test_wrong_value_sent_to_review_is_not_silent() -> None:
    r = with_field(result_obj(review=review("member_id_uncertain")), "member_id", "W2137699")
    s = score(truth_obj(), r)
    assert not s.member_id_ok and not s.silent_error
    assert s.mismatches[0].review_codes == ("member_id_uncertain",)


def test_missing_member_id_counts_as_wrong() -> None:
    s = score(truth_obj(), with_field(result_obj(), "member_id", None))
    assert not s.member_id_ok and s.silent_error


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("carrier", {"carrier": {"id": "cigna", "name": "Cigna", "confidence": 0.6}}),
        (
            "portal.insurance_provider",
            {"portal": {**result_obj()["portal"], "insurance_provider": "Cigna"}},
        ),
        ("portal.group_number", {"portal": {**result_obj()["portal"], "group_number": "XXXXXX"}}),
    ],
)
def test_each_scored_value_can_make_a_silent_error(field: str, change: JsonObj) -> None:
    s = score(truth_obj(), result_obj(**change))
    assert [m.field for m in s.mismatches] == [field]
    assert s.silent_error


def test_carrier_mismatch_reports_the_carrier_confidence() -> None:
    r = result_obj(carrier={"id": "cigna", "name": "Cigna", "confidence": 0.61})
    assert score(truth_obj(), r).mismatches[0].confidence == 0.61


def test_generic_card_with_null_carrier_is_right() -> None:
    t = truth_obj(carrier=None, portal={**truth_obj()["portal"], "insurance_provider": None})
    r = result_obj(
        carrier=None,
        portal={**result_obj()["portal"], "insurance_provider": None},
        review=review("carrier_unknown"),
    )
    s = score(t, r)
    assert s.carrier_ok and s.provider_ok and s.all_ok


def test_generic_card_given_a_carrier_is_wrong() -> None:
    t = truth_obj(carrier=None, portal={**truth_obj()["portal"], "insurance_provider": None})
    s = score(t, result_obj())
    assert not s.carrier_ok and not s.provider_ok and s.silent_error


def test_card_without_group_is_right_when_result_has_no_group() -> None:
    t = truth_obj(
        fields={"member_id": "OSC12345678"},
        portal={"insurance_provider": "Aetna", "group_number": "XXXXXX"},
    )
    r = with_field(with_field(result_obj(), "member_id", "OSC12345678"), "group_number", None)
    r["portal"]["group_number"] = "XXXXXX"
    assert score(t, r).group_ok and score(t, r).all_ok
    invented = with_field(r, "group_number", "610502")
    assert not score(t, invented).group_ok
    assert [m.field for m in score(t, invented).mismatches] == ["group_number"]
    assert score(t, invented).mismatches[0].expected is None


def test_normalized_accuracy_ignores_case_spaces_and_hyphens() -> None:
    r = with_field(result_obj(), "member_id", "w 2137-69935")
    r = with_field(r, "group_number", "866081 030 00001")
    s = score(truth_obj(), r)
    assert not s.member_id_ok and s.member_id_norm_ok
    assert not s.group_ok and s.group_norm_ok
    assert not score(truth_obj(), with_field(r, "member_id", "W213769936")).member_id_norm_ok


def test_unreadable_card_not_flagged_is_silent_and_flagged_is_not() -> None:
    missed = score(UNREADABLE_TRUTH, result_obj("0099", review=review()))
    assert missed.silent_error
    assert [m.field for m in missed.mismatches] == ["review"]
    flagged = score(UNREADABLE_TRUTH, UNREADABLE_RESULT)
    assert not flagged.silent_error and flagged.mismatches == ()
    assert flagged.missed_reviews == ()  # "unreadable" means any reason


def test_missing_result_line_is_a_silent_error() -> None:
    s = score(truth_obj(), None)
    assert s.silent_error and not s.member_id_ok
    assert s.mismatches[0].field == "result"


def test_expected_review_code_not_raised_is_listed() -> None:
    t = truth_obj(carrier="cigna", expect_review=["back_image_required"], back=None)
    r = result_obj(
        carrier={"id": "cigna", "name": "Cigna", "confidence": 0.9},
        portal={**result_obj()["portal"], "insurance_provider": "Cigna"},
    )
    t["portal"]["insurance_provider"] = "Cigna"
    assert score(t, r).missed_reviews == ("back_image_required",)
    r["review"] = review("member_id_uncertain")
    assert score(t, r).missed_reviews == ("back_image_required",)
    r["review"] = review("back_image_required")
    assert score(t, r).missed_reviews == ()


# ---------------------------------------------------------------- confusions


def test_member_id_read_from_the_health_plan_number_is_a_confusion() -> None:
    s = score(truth_obj(), with_field(result_obj(), "member_id", "9140461105"))
    assert [(c.field, c.kind, c.value) for c in s.confusions] == [
        ("member_id", "health_plan", "9140461105")
    ]


def test_rx_group_read_as_group_is_a_confusion_named_by_field() -> None:
    t = truth_obj()
    t["fields"]["rx_group"] = "RX1234"
    s = score(t, with_field(result_obj(), "group_number", "RX1234"))
    assert [(c.field, c.kind) for c in s.confusions] == [("group_number", "rx_group")]


def test_swapped_member_id_and_group_are_both_confusions() -> None:
    r = with_field(result_obj(), "member_id", "866081-030-00001")
    r = with_field(r, "group_number", "W213769935")
    kinds = {(c.field, c.kind) for c in score(truth_obj(), r).confusions}
    assert kinds == {("member_id", "group_number"), ("group_number", "member_id")}


def test_right_value_equal_to_a_distractor_is_no_confusion() -> None:
    t = truth_obj()
    t["fields"]["rx_group"] = t["fields"]["group_number"]
    t["distractors"].append({"kind": "rx_group", "value": t["fields"]["group_number"]})
    assert score(t, result_obj()).confusions == ()


def test_wrong_value_that_is_no_number_on_the_card_is_no_confusion() -> None:
    assert score(truth_obj(), with_field(result_obj(), "member_id", "W2")).confusions == ()


def test_confusion_table_counts_cards_per_kind() -> None:
    truths = [parse_truth(truth_obj(f"{i:04d}")) for i in range(3)]
    results = [
        parse_result(with_field(result_obj("0000"), "member_id", "9140461105")),
        parse_result(
            with_field(
                with_field(result_obj("0001"), "member_id", "9140461105"),
                "group_number",
                "9140461105",
            )
        ),
        parse_result(with_field(result_obj("0002"), "group_number", "610502")),
    ]
    rows = evaluate(truths, results).confusions
    assert [(r.kind, r.member_id, r.group_number, r.cards) for r in rows] == [
        ("health_plan", 2, 1, 2),
        ("rx_bin", 0, 1, 1),
    ]


# ---------------------------------------------------------------- aggregates


def mixed_batch() -> tuple[list[Truth], list[metrics.Result]]:
    """Four readable Aetna cards (one silent error, one reviewed), one generic, one unreadable."""
    truths = [
        parse_truth(truth_obj(f"{i:04d}", condition=c))
        for i, c in enumerate(["scan", "blur", "blur", "dim"])
    ]
    generic = truth_obj(
        "0004",
        carrier=None,
        condition="scan",
        back=None,
        portal={**truth_obj()["portal"], "insurance_provider": None},
    )
    truths += [parse_truth(generic), parse_truth(UNREADABLE_TRUTH)]
    results = [
        parse_result(result_obj("0000", cpu_s=0.4)),
        parse_result(with_field(result_obj("0001", cpu_s=0.6), "member_id", "W21376993")),
        parse_result(
            with_field(
                result_obj("0002", cpu_s=0.8, review=review("blurry")),
                "group_number",
                "86608I-030-00001",
            )
        ),
        parse_result(result_obj("0003", cpu_s=1.0)),
        parse_result(
            result_obj(
                "0004",
                cpu_s=0.2,
                carrier=None,
                portal={**result_obj()["portal"], "insurance_provider": None},
            )
        ),
        parse_result(UNREADABLE_RESULT),
    ]
    return truths, results


def test_group_stats_use_readable_denominators() -> None:
    ev = evaluate(*mixed_batch())
    g = ev.overall
    assert (g.n, g.readable, g.unreadable) == (6, 5, 1)
    assert g.carrier_acc == 1.0
    assert g.member_id_acc == pytest.approx(4 / 5)
    assert g.group_acc == pytest.approx(4 / 5)
    assert g.silent_errors == 1 and g.silent_error_rate == pytest.approx(1 / 6)
    assert g.review_rate == pytest.approx(1 / 5)
    assert g.unreadable_recall == 1.0


def test_rows_per_condition_and_carrier() -> None:
    ev = evaluate(*mixed_batch())
    assert [g.name for g in ev.by_condition] == ["scan", "blur", "dim", "unreadable"]
    blur = ev.by_condition[1]
    assert (blur.n, blur.member_id_ok, blur.group_ok, blur.silent_errors) == (2, 1, 1, 1)
    assert [g.name for g in ev.by_carrier] == ["aetna", metrics.GENERIC]
    unreadable = ev.by_condition[-1]
    assert unreadable.carrier_acc is None and unreadable.unreadable_recall == 1.0
    assert ev.by_carrier[-1].n == 2  # the generic card and the unreadable one


def test_missing_duplicate_and_unknown_results_are_reported() -> None:
    truths, results = mixed_batch()
    results = [r for r in results if r.card != "0003"]
    results += [results[0], parse_result(result_obj("9999"))]
    ev = evaluate(truths, results)
    assert ev.missing == ("0003",)
    assert ev.duplicates == ("0000",)
    assert ev.unexpected == ("9999",)
    assert ev.overall.silent_errors == 2


def test_reason_counts_cover_readable_cards_only() -> None:
    assert evaluate(*mixed_batch()).reasons == {"blurry": 1}


def test_cpu_stats_two_sided_median_uses_readable_cards_with_a_back() -> None:
    cpu = evaluate(*mixed_batch()).cpu
    assert cpu.cards == 6
    assert cpu.median_s == pytest.approx(0.5)
    assert cpu.two_sided_cards == 4
    assert cpu.two_sided_median_s == pytest.approx(0.7)


def test_targets_pass_fail_and_no_data() -> None:
    ev = evaluate(*mixed_batch())
    verdicts = {t.name: t.passed for t in ev.targets}
    assert verdicts == {
        "carrier accuracy (readable)": True,
        "member ID exact (readable)": False,
        "group number exact (readable)": False,
        "silent errors (all cards)": False,
        "unreadable cards flagged": True,
        "median CPU-s per two-sided card": True,
    }
    no_unreadable = evaluate([parse_truth(truth_obj())], [parse_result(result_obj())])
    flagged = next(t for t in no_unreadable.targets if t.name == "unreadable cards flagged")
    assert flagged.value is None and not flagged.passed


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=40), st.floats(0, 100))
def test_percentile_matches_numpy(values: list[float], q: float) -> None:
    assert metrics.percentile(values, q) == pytest.approx(float(np.percentile(values, q)), abs=1e-9)


def test_percentile_of_nothing_raises() -> None:
    with pytest.raises(ValueError):
        metrics.percentile([], 50)


# ---------------------------------------------------------------- parsing


def test_parse_result_reads_malformed_parts_as_absent() -> None:
    r = parse_result(
        {
            "card": "0001",
            "carrier": "aetna",
            "fields": {"member_id": "W1"},
            "portal": None,
            "review": {"needed": "yes", "reasons": "blurry"},
            "timings": {"cpu_s": True},
        }
    )
    assert r.carrier_id is None and r.fields == {} and r.portal_group is None
    assert r.review_needed is False and r.review_codes == ()
    assert r.cpu_s is None


def test_parse_result_needs_a_card() -> None:
    with pytest.raises(ValueError, match="card"):
        parse_result({k: v for k, v in result_obj().items() if k != "card"})


@pytest.mark.parametrize(
    "change",
    [
        {"card": ""},
        {"readable": "yes"},
        {"carrier": 7},
        {"fields": {"member_id": 12}},
        {"distractors": [{"kind": "phone"}]},
        {"expect_review": "blurry"},
    ],
)
def test_parse_truth_rejects_malformed_lines(change: JsonObj) -> None:
    with pytest.raises(ValueError):
        parse_truth(truth_obj(**change))


def test_parse_truth_has_back() -> None:
    assert parse_truth(truth_obj()).has_back
    assert not parse_truth(truth_obj(back=None)).has_back
    t = truth_obj()
    del t["back"]
    assert not parse_truth(t).has_back


# ---------------------------------------------------------------- run_bench helpers


def test_report_renders_every_section() -> None:
    truths, results = mixed_batch()
    ev = evaluate(truths, results)
    runs = [
        run_bench.BatchRun(1, 6, 3.0, Path("r1.jsonl")),
        run_bench.BatchRun(2, 6, 2.0, Path("r2.jsonl")),
    ]
    text = run_bench.render_report(ev, runs, ["header"], [])
    for heading in (
        "ACCURACY BY CARRIER",
        "ACCURACY BY CONDITION",
        "DISTRACTOR CONFUSIONS",
        "EXPECTED REVIEWS NOT RAISED",
        "SPEED",
        "CONTRACT",
        "DONE WHEN",
    ):
        assert heading in text
    assert "FAIL  member ID exact (readable)" in text
    assert "PASS  unreadable cards flagged" in text
    assert "3.00" in text  # 6 cards in 2.0 s with 2 workers
    assert any(line.startswith("ALL ") for line in text.splitlines())


def test_read_results_keeps_bad_lines_apart(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_text(json.dumps(result_obj()) + '\nnot json\n[1]\n{"review": {}}\n\n')
    lines = run_bench.read_results(path)
    assert [r.card for r in lines.results] == ["0007"]
    assert len(lines.bad_lines) == 3 and lines.bad_lines[0].startswith("line 2:")


def test_schema_problems_names_the_card(tmp_path: Path) -> None:
    broken = result_obj()
    broken["portal"]["group_number"] = "86608"
    problems = run_bench.schema_problems([result_obj(), broken])
    assert len(problems) == 1 and problems[0][0] == "0007"
    assert "portal/group_number" in problems[0][1]


def test_samples_are_reused_only_for_the_same_count_and_seed(tmp_path: Path) -> None:
    assert not run_bench.samples_current(tmp_path, 240, 1)
    (tmp_path / "truth.jsonl").write_text("{}\n")
    (tmp_path / "params.json").write_text('{"count": 240, "seed": 1}')
    assert run_bench.samples_current(tmp_path, 240, 1)
    assert not run_bench.samples_current(tmp_path, 240, 2)
    assert not run_bench.samples_current(tmp_path, 10, 1)


def test_clear_refuses_a_folder_that_is_not_bench_samples(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("precious")
    with pytest.raises(run_bench.BenchError, match="refusing"):
        run_bench.clear_cards_dir(tmp_path)
    assert (tmp_path / "thesis.tex").exists()
    ours = tmp_path / "cards"
    ours.mkdir()
    (ours / "params.json").write_text("{}")
    run_bench.clear_cards_dir(ours)
    assert ours.is_dir() and not any(ours.iterdir())


def test_missing_generator_or_cli_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(run_bench, "GENERATOR_MODULE", "samples.no_such_generator")
    monkeypatch.setattr(run_bench, "CLI_MODULE", "pipeline.no_such_cli")
    assert run_bench.main(["--dir", str(tmp_path / "cards")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("run_bench: the cardocr CLI (pipeline.no_such_cli) is not available")
    assert "\n" not in err
    monkeypatch.setattr(run_bench, "cli_command", lambda: ["cardocr"])
    assert run_bench.main(["--dir", str(tmp_path / "cards")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("run_bench: the sample generator (samples.no_such_generator)")
    assert "\n" not in err


def test_workers_list_must_be_positive_integers() -> None:
    assert run_bench.parse_workers("1, 2,4") == [1, 2, 4]
    for bad in ("", "0", "two", "1,-1"):
        with pytest.raises(run_bench.BenchError):
            run_bench.parse_workers(bad)
