"""Scoring of the bench on small hand-written truth and results; no Tesseract, no generator."""

from __future__ import annotations

import copy
import doctest
import json
import subprocess
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


def test_samples_drawn_by_other_generator_code_are_drawn_again(tmp_path: Path) -> None:
    (tmp_path / "truth.jsonl").write_text("{}\n")
    (tmp_path / "params.json").write_text('{"count": 400, "seed": 1, "suite": "unseen_dev"}')
    now = run_bench.generator_fingerprint()
    assert not run_bench.samples_current(tmp_path, 400, 1, "unseen_dev", now)  # no record
    (tmp_path / "params.json").write_text(
        f'{{"count": 400, "seed": 1, "suite": "unseen_dev", "generator": "{now}"}}')
    assert run_bench.samples_current(tmp_path, 400, 1, "unseen_dev", now)
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "gen.py").write_text("A = 1\n")
    before = run_bench.generator_fingerprint(samples)
    (samples / "gen.py").write_text("A = 2\n")
    assert run_bench.generator_fingerprint(samples) != before


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


# ---------------------------------------------------------------- wide-suite truth


BLUE_TRUTH = truth_obj(
    "0100",
    carrier="bcbs_texas",
    layout="side_by_side",
    back=None,
    fields={
        "member_id": "XOJ123456789",
        "member_id_prefix": "XOJ",
        "member_id_suffix": "01",
        "group_number": "123456",
        "subscriber_name": "ANA LOPEZ",
    },
    portal={"insurance_provider": "Blue Cross and Blue Shield of Texas", "group_number": "123456"},
    dependents=[{"name": "LUIS LOPEZ", "member_id_suffix": "02"}, "XOJ123456789-03"],
    distractors=[],
)


def blue_result(card: str = "0100", **parts: str | None) -> JsonObj:
    """A result reading BLUE_TRUTH perfectly; ``parts`` replace or (None) drop fields."""
    r = result_obj(
        card,
        carrier={
            "id": "bcbs_texas",
            "name": "Blue Cross and Blue Shield of Texas",
            "confidence": 1,
        },
        portal={
            "insurance_provider": "Blue Cross and Blue Shield of Texas",
            "member_id": "XOJ123456789",
            "group_number": "123456",
        },
    )
    r = with_field(r, "member_id", "XOJ123456789", 0.93)
    r = with_field(r, "group_number", "123456", 0.9)
    for name, value in {"member_id_prefix": "XOJ", "member_id_suffix": "01", **parts}.items():
        r = with_field(r, name, value)
    return r


def test_wide_truth_keys_are_parsed() -> None:
    t = parse_truth(BLUE_TRUTH)
    assert t.layout == "side_by_side" and t.two_sided and not t.has_back
    assert t.dependents == ("LUIS LOPEZ", "02", "XOJ123456789-03")
    plain = parse_truth(truth_obj())
    assert plain.layout == metrics.SEPARATE and plain.dependents == ()
    for bad in ({"layout": 3}, {"layout": ""}, {"dependents": "LUIS"}):
        with pytest.raises(ValueError):
            parse_truth(truth_obj(**bad))


def test_prefix_and_suffix_are_scored_apart_from_silent_errors() -> None:
    right = score(BLUE_TRUTH, blue_result())
    assert right.parts_ok is True and right.all_ok and right.mismatches == ()
    wrong = score(BLUE_TRUTH, blue_result(member_id_suffix="02"))
    assert wrong.parts_ok is False and wrong.all_ok and not wrong.silent_error
    assert [(m.field, m.expected, m.got) for m in wrong.mismatches] == [
        ("member_id_suffix", "01", "02")
    ]
    missing = score(BLUE_TRUTH, blue_result(member_id_prefix=None))
    assert missing.parts_ok is False
    assert score(truth_obj(), result_obj()).parts_ok is None  # truth without parts


def test_suffix_invented_where_truth_has_only_a_prefix_is_wrong() -> None:
    t = copy.deepcopy(BLUE_TRUTH)
    del t["fields"]["member_id_suffix"]
    assert score(t, blue_result(member_id_suffix=None)).parts_ok is True
    assert score(t, blue_result()).parts_ok is False


def test_member_id_read_from_a_dependent_is_a_confusion() -> None:
    s = score(BLUE_TRUTH, blue_result(member_id="XOJ123456789-03"))
    assert [(c.field, c.kind) for c in s.confusions] == [("member_id", "dependent")]


def test_prefix_suffix_column_and_layout_rows() -> None:
    truths = [parse_truth(BLUE_TRUTH), parse_truth({**BLUE_TRUTH, "card": "0101"})]
    truths += [parse_truth(truth_obj("0102", layout="pdf_two_pages"))]
    truths += [parse_truth(truth_obj("0103"))]
    results = [
        parse_result(blue_result()),
        parse_result(blue_result("0101", member_id_suffix="0I")),
        parse_result(result_obj("0102")),
        parse_result(result_obj("0103")),
    ]
    ev = evaluate(truths, results)
    assert (ev.overall.parts_cards, ev.overall.parts_ok, ev.overall.parts_acc) == (2, 1, 0.5)
    assert [(g.name, g.n) for g in ev.by_layout] == [
        ("separate", 1),
        ("side_by_side", 2),
        ("pdf_two_pages", 1),
    ]
    assert ev.by_layout[0].parts_acc is None


# ---------------------------------------------------------------- confidence


def brute_auc(right: list[float], wrong: list[float]) -> float:
    wins = sum((r > w) + 0.5 * (r == w) for r in right for w in wrong)
    return wins / (len(right) * len(wrong))


def test_auc_of_a_known_ranking() -> None:
    assert metrics.auc([0.9, 0.8, 0.7], [0.75, 0.1]) == pytest.approx(5 / 6)
    assert metrics.auc([0.9, 0.8], [0.2, 0.1]) == 1.0
    assert metrics.auc([0.2, 0.1], [0.9, 0.8]) == 0.0


def test_auc_counts_ties_half() -> None:
    assert metrics.auc([0.5, 0.5], [0.5]) == 0.5
    assert metrics.auc([0.9, 0.5], [0.5, 0.1]) == pytest.approx(3.5 / 4)


def test_auc_needs_both_kinds() -> None:
    assert metrics.auc([0.9], []) is None
    assert metrics.auc([], [0.9]) is None


@given(
    st.lists(st.sampled_from([0.0, 0.3, 0.5, 0.61, 0.9, 1.0]), min_size=1, max_size=30),
    st.lists(st.sampled_from([0.0, 0.3, 0.5, 0.61, 0.9, 1.0]), min_size=1, max_size=30),
)
def test_auc_matches_pairwise_count(right: list[float], wrong: list[float]) -> None:
    assert metrics.auc(right, wrong) == pytest.approx(brute_auc(right, wrong))


def reliability_batch() -> tuple[list[Truth], list[metrics.Result]]:
    """Six readable cards and one unreadable, each a case of the reliability table.

    A right 0.95; B wrong 0.65, no reason; C wrong 0.40 flagged member_id_uncertain;
    D wrong 0.85 but blurry; E no member ID (member_id_missing); F right 0.55, uncertain.
    """
    cases = [
        ("A", "W213769935", 0.95, ()),
        ("B", "W213769936", 0.65, ()),
        ("C", "W2137699", 0.40, ("member_id_uncertain",)),
        ("D", "W21376993S", 0.85, ("blurry",)),
        ("E", None, 0.0, ("member_id_missing",)),
        ("F", "W213769935", 0.55, ("member_id_uncertain",)),
    ]
    truths = [parse_truth(truth_obj(card)) for card, *_ in cases]
    results = [
        parse_result(with_field(result_obj(card, review=review(*codes)), "member_id", value, conf))
        for card, value, conf, codes in cases
    ]
    truths.append(parse_truth(UNREADABLE_TRUTH))
    results.append(parse_result(with_field(UNREADABLE_RESULT, "member_id", "X", 0.99)))
    return truths, results


def test_reliability_rows() -> None:
    truths, results = reliability_batch()
    rel = evaluate(truths, results).reliability[0]
    assert rel.field == "member_id" and (rel.readings, rel.right) == (5, 2)
    rows = {r.threshold: r for r in rel.rows}
    assert list(rows) == list(metrics.RELIABILITY_THRESHOLDS)
    got = {t: (r.readings, r.right, r.reviewed, r.silent) for t, r in rows.items()}
    assert got[0.0] == (5, 2, 2, 2)  # B and C silent: C's uncertain code is the cut-off's
    assert got[0.5] == (4, 2, 3, 1)
    assert got[0.6] == (3, 1, 4, 1)
    assert got[0.7] == (2, 1, 5, 0)
    assert got[0.95] == (1, 1, 5, 0)  # at or above: 0.95 counts
    assert all(r.cards == 6 for r in rel.rows)  # readable cards only
    assert rows[0.6].accuracy == pytest.approx(1 / 3)
    assert rows[0.6].review_rate == pytest.approx(4 / 6)
    assert rows[0.6].silent_rate == pytest.approx(1 / 6)
    assert rel.auc == pytest.approx(4 / 6)  # 0.95 beats all three wrong, 0.55 beats 0.40
    assert rel.suggested == 0.7


def test_group_uncertain_without_a_reading_is_another_reason() -> None:
    no_group = with_field(
        result_obj("0001", review=review("group_number_uncertain")), "group_number", None
    )
    low = with_field(
        result_obj("0002", review=review("group_number_uncertain")),
        "group_number",
        "866081-030-0000",
        0.3,
    )
    truths = [parse_truth(truth_obj("0001")), parse_truth(truth_obj("0002"))]
    rel = evaluate(truths, [parse_result(no_group), parse_result(low)]).reliability[1]
    rows = {r.threshold: r for r in rel.rows}
    assert (rows[0.0].reviewed, rows[0.0].silent) == (1, 1)  # the low wrong group passes at 0
    assert (rows[0.5].reviewed, rows[0.5].silent) == (2, 0)


def test_suggested_threshold_is_the_lowest_within_the_limit() -> None:
    def row(t: float, silent: int) -> metrics.ReliabilityRow:
        return metrics.ReliabilityRow(t, cards=1000, readings=0, right=0, reviewed=0, silent=silent)

    rows = [row(0.0, 9), row(0.5, 4), row(0.6, 3), row(0.7, 3), row(0.9, 0)]
    assert metrics.suggest_threshold(rows) == 0.6  # 3/1000 is exactly 0.3%
    assert metrics.suggest_threshold(rows, max_silent=0.0) == 0.9
    assert metrics.suggest_threshold([row(0.0, 9)]) is None
    assert metrics.suggest_threshold([]) is None


# ---------------------------------------------------------------- image quality


def quality_result(card: str, member_id: str = "W213769935", **front: float) -> metrics.Result:
    obj = with_field(result_obj(card), "member_id", member_id)
    base = {"sharpness": 300.0, "brightness": 200.0, "contrast": 40.0, "glare": 0.0}
    obj["quality"] = {"front": {**base, "card_width_px": 1000.0, **front}}
    return parse_result(obj)


def quality_batch() -> tuple[list[Truth], list[metrics.Result]]:
    """Unreadable: sharpness 5, glare 0.2, one unmeasured. Readable: sharpness 20 (right),
    sharpness 20 (wrong member ID), sharpness 300, and one unmeasured."""
    unreadable = [parse_truth({**UNREADABLE_TRUTH, "card": f"U{i}"}) for i in range(3)]
    readable = [parse_truth(truth_obj(f"R{i}")) for i in range(4)]
    results = [
        quality_result("U0", sharpness=5),
        quality_result("U1", glare=0.2),
        parse_result(result_obj("U2")),
        quality_result("R0", sharpness=20),
        quality_result("R1", "W0", sharpness=20),
        quality_result("R2"),
        parse_result(result_obj("R3")),
    ]
    return unreadable + readable, results


def test_quality_tradeoff_counts() -> None:
    truths, results = quality_batch()
    q = evaluate(truths, results).quality
    rows = {(r.measure, r.threshold): r for r in q.rows}
    sharp = rows["sharpness", 25]
    assert (sharp.unreadable_flagged, sharp.unreadable) == (1, 2)
    assert (sharp.readable_flagged, sharp.readable) == (2, 3)
    assert sharp.readable_flagged_member_ok == 1 and sharp.flagged_member_id_acc == 0.5
    assert rows["sharpness", 10].readable_flagged == 0
    assert rows["sharpness", 10].flagged_member_id_acc is None
    glare = rows["glare", 0.15]  # glare flags values above the threshold
    assert (glare.unreadable_flagged, glare.readable_flagged) == (1, 0)
    assert rows["card_width_px", 640].unreadable_flagged == 0
    assert (q.unmeasured_unreadable, q.unmeasured_readable) == (1, 1)
    assert q.combined is None and not any(r.current for r in q.rows)


def test_quality_tradeoff_marks_current_thresholds_and_combines_them() -> None:
    truths, results = quality_batch()
    current = {"sharpness": 33.0, "glare": 0.08}
    q = evaluate(truths, results, quality_current=current).quality
    marked = [(r.measure, r.threshold) for r in q.rows if r.current]
    assert marked == [("sharpness", 33.0), ("glare", 0.08)]  # 33 is added to the grid
    assert q.combined is not None
    assert (q.combined.unreadable_flagged, q.combined.unreadable) == (2, 2)
    assert (q.combined.readable_flagged, q.combined.readable) == (2, 3)


def test_beyond_follows_the_direction_of_each_measure() -> None:
    assert metrics.beyond("sharpness", 24.9, 25) and not metrics.beyond("sharpness", 25, 25)
    assert metrics.beyond("glare", 0.09, 0.08) and not metrics.beyond("glare", 0.08, 0.08)


# ---------------------------------------------------------------- cost of the second look


def test_reread_costs_split_cards_by_the_second_look() -> None:
    truths = [parse_truth(truth_obj(f"{i:04d}")) for i in range(4)]
    truths.append(parse_truth(UNREADABLE_TRUTH))
    objs = [result_obj(f"{i:04d}", cpu_s=c) for i, c in enumerate([0.3, 0.4, 0.9, 1.1])]
    objs[2]["timings"]["reread"] = 0.2
    objs[3]["timings"]["reread"] = 0.4
    unreadable = copy.deepcopy(UNREADABLE_RESULT)
    unreadable["timings"]["reread"] = 0.05
    results = [parse_result(o) for o in [*objs, unreadable]]
    readable, unread, every = evaluate(truths, results).reread
    assert (readable.name, readable.cards, readable.reread, readable.share) == (
        "readable",
        4,
        2,
        0.5,
    )
    assert readable.median_without_s == pytest.approx(0.35)
    assert readable.median_with_s == pytest.approx(1.0)
    assert readable.median_reread_s == pytest.approx(0.3)
    assert (unread.cards, unread.reread, unread.median_without_s) == (1, 1, None)
    assert (every.cards, every.reread) == (5, 3)


def test_parse_result_reads_quality_and_reread() -> None:
    obj = result_obj()
    obj["quality"] = {"front": {"sharpness": 12.5, "glare": "high"}, "back": {"sharpness": 1}}
    obj["timings"]["reread"] = 0.25
    r = parse_result(obj)
    assert r.quality_front == {"sharpness": 12.5} and r.reread_s == 0.25
    assert parse_result(result_obj()).quality_front == {}
    assert parse_result(result_obj()).reread_s is None


# ---------------------------------------------------------------- wide targets


def test_wide_targets() -> None:
    truths, results = mixed_batch()
    ev = evaluate(truths, results, suite="wide", baseline_cpu_s=0.5)
    by_name = {t.name: t for t in ev.targets}
    assert list(by_name) == [
        "carrier accuracy (readable)",
        "member ID exact (readable)",
        "group number exact (readable)",
        "silent errors (all cards)",
        "unreadable cards flagged",
        "readable cards to review (unexpected)",
        "member ID confidence AUC",
        "median CPU-s per two-sided card (≤ 1.3× 0.5)",
    ]
    assert by_name["silent errors (all cards)"].limit == 0.003
    # no card of mixed_batch expects a review: 1 of its 5 readable cards was sent to one
    review_target = by_name["readable cards to review (unexpected)"]
    assert review_target.value == pytest.approx(1 / 5) and not review_target.passed
    cost = by_name["median CPU-s per two-sided card (≤ 1.3× 0.5)"]
    assert cost.limit == pytest.approx(0.65) and cost.value == pytest.approx(0.7)
    assert not cost.passed
    auc_target = by_name["member ID confidence AUC"]
    assert auc_target.value == ev.reliability[0].auc
    assert evaluate(truths, results).targets[-1].name == "median CPU-s per two-sided card"


def test_plain_review_rate_leaves_out_cards_expecting_review() -> None:
    t = truth_obj("0001", expect_review=["back_image_required"])
    ev = evaluate(
        [parse_truth(t), parse_truth(truth_obj("0002"))],
        [
            parse_result(result_obj("0001", review=review("back_image_required"))),
            parse_result(result_obj("0002")),
        ],
    )
    assert ev.overall.review_rate == 0.5
    assert (ev.overall.plain_readable, ev.overall.reviewed_plain) == (1, 0)
    assert ev.overall.plain_review_rate == 0.0


def test_unknown_suite_is_refused() -> None:
    with pytest.raises(ValueError, match="suite"):
        evaluate(*mixed_batch(), suite="narrow")


def test_two_sided_cpu_median_counts_cards_with_both_sides_in_one_file() -> None:
    truths = [parse_truth(truth_obj("0001", back=None, layout="pdf_one_page"))]
    truths.append(parse_truth(truth_obj("0002", back=None)))
    cpu = evaluate(
        truths, [parse_result(result_obj("0001", cpu_s=0.9)), parse_result(result_obj("0002"))]
    ).cpu
    assert (cpu.two_sided_cards, cpu.two_sided_median_s) == (1, 0.9)


# ---------------------------------------------------------------- run_bench: suites and report


def test_samples_are_regenerated_when_the_suite_changes(tmp_path: Path) -> None:
    (tmp_path / "truth.jsonl").write_text("{}\n")
    (tmp_path / "params.json").write_text('{"count": 480, "seed": 1, "suite": "wide"}')
    assert run_bench.samples_current(tmp_path, 480, 1, "wide")
    assert not run_bench.samples_current(tmp_path, 480, 1, "foundation")
    (tmp_path / "params.json").write_text('{"count": 240, "seed": 1}')  # before --suite
    assert run_bench.samples_current(tmp_path, 240, 1, "foundation")
    assert not run_bench.samples_current(tmp_path, 240, 1, "wide")


class FakeGenerator:
    """Stands in for ``subprocess.run`` of the generator: records the command, writes truth."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.commands: list[list[str]] = []

    def __call__(self, cmd: list[str], **kwargs: Any) -> Any:
        self.commands.append(cmd)
        (self.out / "truth.jsonl").write_text("{}\n")
        return type("Done", (), {"returncode": 0})()


@pytest.mark.parametrize("takes_suite", [True, False])
def test_generator_gets_suite_only_when_it_has_the_option(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, takes_suite: bool
) -> None:
    cards = tmp_path / "cards"
    fake = FakeGenerator(cards)
    monkeypatch.setattr(run_bench, "generator_takes_suite", lambda: takes_suite)
    monkeypatch.setattr(subprocess, "run", fake)
    run_bench.generate_samples(cards, 12, 7, "foundation")
    [cmd] = fake.commands
    assert ("--suite" in cmd) is takes_suite
    if takes_suite:
        assert cmd[cmd.index("--suite") + 1] == "foundation"
    params = json.loads((cards / "params.json").read_text())
    assert params == {"suite": "foundation", "count": 12, "seed": 7,
                      "generator": run_bench.generator_fingerprint()}


def test_wide_suite_without_generator_support_is_a_clear_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "params.json").write_text('{"count": 240, "seed": 1}')
    (cards / "truth.jsonl").write_text("{}\n")
    monkeypatch.setattr(run_bench, "generator_takes_suite", lambda: False)
    with pytest.raises(run_bench.BenchError, match="no --suite option") as err:
        run_bench.generate_samples(cards, 480, 1, "wide")
    assert err.value.status == 2
    assert (cards / "truth.jsonl").exists()  # the foundation samples were left alone


def test_suite_decides_count_dir_and_file_names() -> None:
    args = run_bench.parse_args(["--suite", "wide"])
    assert args.suite == "wide" and args.count is None and args.dir is None
    assert args.baseline_cpu == metrics.FOUNDATION_CPU_S
    assert run_bench.DEFAULT_COUNTS == {"foundation": 240, "wide": 480, "unseen": 400,
                                        "unseen_dev": 400, "directory": 330}
    assert run_bench.DEFAULT_SEEDS["unseen"] != run_bench.DEFAULT_SEEDS["unseen_dev"]
    assert run_bench.out_path("foundation", "report", ".txt").name == "report.txt"
    assert run_bench.out_path("wide", "results", "-w2.jsonl").name == "results-wide-w2.jsonl"
    with pytest.raises(SystemExit):
        run_bench.parse_args(["--suite", "narrow"])


def test_pipeline_settings_are_the_current_config() -> None:
    from pipeline.config import Config, QualityThresholds

    settings = run_bench.pipeline_settings()
    assert settings.problem is None
    assert settings.quality["sharpness"] == QualityThresholds().min_sharpness
    assert settings.quality["glare"] == QualityThresholds().max_glare
    assert settings.confidence["member_id"] == Config().member_id_min_confidence
    assert "min_card_width_px=" in settings.quality_text


def test_report_renders_the_new_sections() -> None:
    truths, results = reliability_batch()
    settings = run_bench.PipelineSettings(
        quality={"sharpness": 25.0},
        quality_text="min_sharpness=25.0",
        confidence={"member_id": 0.6},
    )
    ev = evaluate(truths, results, suite="wide", quality_current=settings.quality)
    text = run_bench.render_report(
        ev, [run_bench.BatchRun(2, 7, 2.0, Path("r.jsonl"))], [], [], settings
    )
    for heading in (
        "ACCURACY BY LAYOUT",
        "prefix/suffix",
        "CONFIDENCE RELIABILITY",
        "suggested threshold (member_id): 0.7",
        "AUC 0.667",
        "IMAGE QUALITY TRADE-OFF",
        "current QualityThresholds(): min_sharpness=25.0",
        "COST OF READING HARDER",
        "DONE WHEN (issue 3, wide suite)",
        "member ID confidence AUC",
    ):
        assert heading in text
    assert "0.6 *" in text  # the member ID cut-off in use is marked
    assert "< 25 *" in text


def test_grammar_suites_have_issue_12_targets_and_design_rows() -> None:
    def truth(card: str, carrier: str | None, template: bool, group: bool) -> metrics.Truth:
        fields = {"member_id": "XZ9147589652", "member_name": "ADA LEE"}
        if group:
            fields["group_number"] = "123456"
        return metrics.parse_truth({
            "card": card, "carrier": carrier, "condition": "scan", "readable": True,
            "front": f"{card}/front.png", "back": None, "fields": fields,
            "portal": {"insurance_provider": None, "group_number": "123456"},
            "distractors": [], "expect_review": [] if carrier else ["carrier_unknown"],
            "layout": "separate", "dependents": [], "payer_name": "Medica",
            "design": {"template": template, "columns": 2, "marks": False},
        })

    def result(card: str, carrier: str | None, member_id: str, review: bool) -> metrics.Result:
        return metrics.parse_result({
            "card": card, "carrier": {"id": carrier} if carrier else None,
            "fields": {"member_id": {"value": member_id, "confidence": 0.9},
                       "group_number": {"value": "123456", "confidence": 0.9}},
            "portal": {"insurance_provider": None, "group_number": "123456"},
            "review": {"needed": review, "reasons": []},
        })

    truths = [truth("0", None, False, True), truth("1", "aetna", True, False)]
    results = [result("0", "aetna", "XZ9147589652", False),
               result("1", "aetna", "XZ9147589652", False)]
    ev = metrics.evaluate(truths, results, suite="unseen_dev")
    names = [t.name for t in ev.targets]
    assert names[0] == "member ID exact (readable)" and len(names) == 6
    wrong = next(t for t in ev.targets if t.name.startswith("wrong carrier"))
    assert wrong.value == 1 and not wrong.passed
    assert metrics.printed_group_accuracy(ev.scores) == (1, 1)
    design = dict(ev.by_design)
    assert [g.name for g in design["template"]] == ["template=no", "template=yes"]
    assert truths[0].design["marks"] == "no" and truths[0].payer_name == "Medica"
    report = run_bench.render_report(ev, [], ["header"], [])
    assert "ACCURACY BY DESIGN ELEMENT" in report and "issue 12" in report


def _directory_card(card: str, named: str | None, name: str | None, *codes: str) -> CardScore:
    t = truth_obj(card, carrier="priority_health",
                  portal={**truth_obj()["portal"], "insurance_provider": "Priority Health"})
    carrier = None if named is None else {"id": named, "name": name, "confidence": 0.9,
                                          "source": "directory"}
    r = result_obj(card, carrier=carrier, review=review(*codes),
                   portal={**result_obj()["portal"], "insurance_provider": name})
    return score(t, r)


def test_directory_targets_count_wrong_payers_and_networks_named() -> None:
    from tests.bench.metrics import directory_targets, group_stats

    scores = [
        _directory_card("0001", "priority_health", "Priority Health"),
        _directory_card("0002", "emblemhealth", "EmblemHealth"),             # wrong, silent
        _directory_card("0003", "multiplan", "MultiPlan", "carrier_uncertain"),  # a network
        _directory_card("0004", None, None, "carrier_unknown"),
    ]
    assert scores[0].carrier_ok and not scores[1].carrier_ok
    targets = {t.name: t for t in directory_targets(group_stats("ALL", scores), scores)}
    assert targets["carrier named right (readable)"].value == 0.25
    assert targets["wrong payer named without review"].value == 0.25
    assert targets["network, PBM or generic phrase named"].value == 1
    assert not any(t.passed for t in targets.values() if t.name != "silent errors (all cards)")


# ---------------------------------------------------------------- issue 15: printed fields, lists


def issue15_truth(card: str = "0200", **changes: Any) -> JsonObj:
    """Truth written knowing issue 15 (it has ``copays``): a PBM, a dependent, a copay and
    two phones, besides ``truth_obj()``'s fields."""
    obj = truth_obj(
        card,
        dependents=[{"name": "JANE Q SAMPLE", "suffix": "02"}],
        copays=[{"benefit": "Specialist", "amount": "$50"}],
        phones=[
            {"purpose": "member_services", "label": "Member Services", "number": "1-800-555-0100"},
            {"purpose": "pharmacy", "label": "Pharmacist", "number": "1-800-555-0199"},
        ],
    )
    obj["fields"] = {**obj["fields"], "pbm": "CVS CAREMARK"}
    obj.update(changes)
    return obj


def item(**values: str) -> JsonObj:
    return {**values, "side": "back", "polygon": [[0, 0], [9, 0], [9, 3], [0, 3]],
            "confidence": 0.9}


def issue15_result(card: str = "0200", **changes: Any) -> JsonObj:
    """A result reading ``issue15_truth()`` perfectly (but for ``rx_bin``, which it lacks)."""
    obj = result_obj(
        card,
        dependents=[item(name="JANE Q SAMPLE", suffix="02")],
        copays=[item(benefit="Specialist", amount="$50")],
        phones=[
            item(purpose="member_services", label="Member Services", number="1-800-555-0100"),
            item(purpose="pharmacy", label="Pharmacist", number="1-800-555-0199"),
        ],
    )
    obj = with_field(obj, "rx_bin", "610502")
    obj = with_field(obj, "pbm", "CVS CAREMARK")
    obj.update(changes)
    return obj


def rows(truths: list[JsonObj], results: list[JsonObj], suite: str = "foundation") -> dict[
        str, metrics.PrintedRow]:
    ev = evaluate([parse_truth(t) for t in truths], [parse_result(r) for r in results],
                  suite=suite)
    return {r.name: r for r in ev.printed}


def counts(row: metrics.PrintedRow) -> tuple[int, int, int, int]:
    return row.cards, row.printed, row.right, row.returned


def test_issue15_truth_lists_are_parsed() -> None:
    t = parse_truth(issue15_truth())
    assert t.knows_issue15
    assert t.dependent_items == (metrics.Dependent("JANE Q SAMPLE", "02"),)
    assert t.copays == (metrics.Copay("Specialist", "$50"),)
    assert t.phones is not None and t.phones[1] == metrics.Phone(
        "pharmacy", "1-800-555-0199", "Pharmacist")
    assert t.dependents == ("JANE Q SAMPLE", "02")  # still gathered for confusions
    r = parse_result(issue15_result())
    assert r.dependents == t.dependent_items and r.copays == t.copays and r.phones == t.phones
    assert (r.portal_first, r.portal_last) == ("JOHN", "SAMPLE")


@pytest.mark.parametrize("change", [
    {"copays": {"Specialist": "$50"}},
    {"copays": [{"benefit": "Specialist"}]},
    {"phones": [{"purpose": "pharmacy"}]},
    {"phones": "1-800-555-0100"},
    {"dependents": [{"suffix": "02"}]},
])
def test_parse_truth_rejects_malformed_issue15_lists(change: JsonObj) -> None:
    with pytest.raises(ValueError):
        parse_truth(issue15_truth(**change))


def test_parse_result_leaves_out_malformed_items() -> None:
    r = parse_result(issue15_result(copays=[item(benefit="ER"), "ER $50"],
                                    phones={"number": "1-800-555-0100"}))
    assert r.copays == () and r.phones == ()


def test_right_field_counts_as_exact_and_precise() -> None:
    got = rows([issue15_truth()], [issue15_result()])
    assert counts(got["pbm"]) == (1, 1, 1, 1)
    assert (got["pbm"].exact, got["pbm"].precision) == (1.0, 1.0)
    assert counts(got["member_name"]) == (1, 1, 1, 1)


def test_wrong_field_counts_against_exact_and_precision() -> None:
    got = rows([issue15_truth()], [with_field(issue15_result(), "pbm", "CVS CAREMARKS")])
    assert counts(got["pbm"]) == (1, 1, 0, 1)
    assert (got["pbm"].exact, got["pbm"].precision) == (0.0, 0.0)


def test_missing_field_counts_against_exact_only() -> None:
    got = rows([issue15_truth()], [with_field(issue15_result(), "rx_bin", None)])
    assert counts(got["rx_bin"]) == (1, 1, 0, 0)
    assert got["rx_bin"].exact == 0.0 and got["rx_bin"].precision is None


def test_field_the_card_does_not_print_lowers_precision() -> None:
    truths = [issue15_truth("0200"), issue15_truth("0201")]
    results = [issue15_result("0200"), with_field(issue15_result("0201"), "gender", "F")]
    results[1] = with_field(results[1], "rx_pcn", "ADV")
    got = rows(truths, results)
    assert counts(got["gender"]) == (2, 0, 0, 1) and got["gender"].precision == 0.0
    assert got["gender"].exact is None
    assert counts(got["rx_pcn"]) == (2, 0, 0, 1)  # an older field too
    assert counts(got["pbm"]) == (2, 2, 2, 2) and got["pbm"].precision == 1.0


def test_older_truth_scores_neither_new_fields_nor_lists() -> None:
    old = truth_obj(dependents=[{"name": "JANE Q SAMPLE", "member_id_suffix": "02"}])
    got = rows([old], [with_field(issue15_result("0007"), "gender", "F")])
    for name in (*metrics.ISSUE15_FIELDS, *metrics.LISTS):
        assert got[name].cards == 0, name
    assert counts(got["rx_bin"]) == (1, 1, 1, 1)  # older fields are scored on older truth
    assert not parse_truth(old).knows_issue15


def test_string_dependents_are_not_scored_as_items() -> None:
    t = parse_truth(issue15_truth(dependents=["JANE Q SAMPLE", "W213769935-02"]))
    assert t.dependent_items is None and t.dependents == ("JANE Q SAMPLE", "W213769935-02")
    assert [c.name for c in score(issue15_truth(dependents=["JANE"]), issue15_result())
            .printed_lists] == ["copays", "phones"]


def test_unreadable_card_scores_no_fields_or_lists() -> None:
    s = score(issue15_truth(readable=False, condition="unreadable"), issue15_result())
    assert s.printed_fields == () and s.printed_lists == ()


def test_member_name_ignores_case_and_punctuation_but_not_words() -> None:
    truth = issue15_truth()
    truth["fields"]["member_name"] = "O'NEIL, ANN M."
    assert score(truth, with_field(issue15_result(), "member_name", "ONeil Ann M")) \
        .printed_fields[0].right
    assert not score(truth, with_field(issue15_result(), "member_name", "ONEIL ANN")) \
        .printed_fields[0].right


def test_portal_name_split_is_scored_on_its_own() -> None:
    result = issue15_result(portal={**result_obj()["portal"], "first_name": "Q",
                                    "last_name": "SAMPLE"})
    got = rows([issue15_truth()], [result])
    assert counts(got[metrics.PORTAL_NAME]) == (1, 1, 0, 1)
    assert counts(got["member_name"]) == (1, 1, 1, 1)
    right = rows([issue15_truth()], [issue15_result(portal={**result_obj()["portal"],
                                                            "first_name": "john"})])
    assert counts(right[metrics.PORTAL_NAME]) == (1, 1, 1, 1)


def test_claims_address_ignores_case_punctuation_and_spacing() -> None:
    truth = issue15_truth()
    truth["fields"]["claims_address"] = "PO Box 981106, El Paso, TX 79998-1106"
    same = with_field(issue15_result(), "claims_address", "P.O. BOX 981106 EL PASO TX 799981106")
    other = with_field(issue15_result(), "claims_address", "PO BOX 981106, EL PASO, TX 79998")
    assert rows([truth], [same])["claims_address"].right == 1
    assert rows([truth], [other])["claims_address"].right == 0


def test_list_precision_and_recall_with_an_extra_and_a_missing_item() -> None:
    truth = issue15_truth(copays=[{"benefit": "Specialist", "amount": "$50"},
                                  {"benefit": "ER", "amount": "$250"},
                                  {"benefit": "PCP", "amount": "$20"}])
    result = issue15_result(copays=[item(benefit="SPECIALIST", amount="$ 50"),
                                    item(benefit="ER", amount="$250"),
                                    item(benefit="Urgent Care", amount="$75"),
                                    item(benefit="PCP", amount="$25")])
    copays = rows([truth], [result])["copays"]
    assert counts(copays) == (1, 3, 2, 4)
    assert copays.exact == 2 / 3 and copays.precision == 0.5


def test_dependents_pair_one_to_one_with_the_suffix_where_printed() -> None:
    truth = issue15_truth(dependents=[{"name": "JANE Q SAMPLE", "suffix": "02"},
                                      {"name": "JIM SAMPLE"}])
    result = issue15_result(dependents=[item(name="Jim Sample", suffix="03"),
                                        item(name="JANE Q SAMPLE", suffix="03"),
                                        item(name="JANE Q SAMPLE", suffix="02")])
    assert counts(rows([truth], [result])["dependents"]) == (1, 2, 2, 3)
    wrong_suffix = issue15_result(dependents=[item(name="JANE Q SAMPLE", suffix="03")])
    assert counts(rows([truth], [wrong_suffix])["dependents"]) == (1, 2, 0, 1)


def test_phone_with_the_right_number_and_wrong_purpose() -> None:
    result = issue15_result(phones=[
        item(purpose="member_services", label="Member Services", number="(800) 555-0100"),
        item(purpose="other", label="Pharmacist", number="1-800-555-0199"),
    ])
    phones = rows([issue15_truth()], [result])["phones"]
    assert counts(phones) == (1, 2, 0, 2)  # 800 is not 1-800: the digits differ
    assert phones.purpose_wrong == 1
    right = rows([issue15_truth()], [issue15_result()])["phones"]
    assert counts(right) == (1, 2, 2, 2) and right.purpose_wrong == 0
    assert rows([issue15_truth()], [issue15_result()])["copays"].purpose_wrong is None


def test_issue15_targets_on_the_wide_suite_only() -> None:
    truths = [parse_truth(issue15_truth())]
    results = [parse_result(issue15_result())]
    assert evaluate(truths, results).printed_targets == ()
    targets = {t.name: t for t in evaluate(truths, results, suite="wide").printed_targets}
    assert targets["member name exact"].passed and targets["member name exact"].limit == 0.95
    assert targets["member name precision"].limit == 0.98
    assert targets["portal first/last name right"].passed
    assert targets["rx_bin exact"].passed and targets["rx_bin exact"].limit == 0.97
    assert targets["pbm exact"].passed and targets["pbm precision"].passed
    assert not targets["gender exact"].passed  # no card prints it: no data
    assert targets["phones items found"].passed and targets["copays items precision"].passed
    assert len(targets) == 4 + 4 + 2 * (len(metrics.ISSUE15_FIELDS) + len(metrics.LISTS))


def test_scored_fields_are_contract_fields() -> None:
    from tests.contract import CONTRACT_FIELDS

    assert set(metrics.PRINTED_FIELDS) <= set(CONTRACT_FIELDS)
    assert set(metrics.ISSUE15_FIELDS) <= set(metrics.PRINTED_FIELDS)


def test_report_prints_fields_and_lists_with_dashes_where_unscored() -> None:
    ev = evaluate([parse_truth(truth_obj())], [parse_result(result_obj())], suite="wide")
    text = run_bench.render_report(ev, [], ["header"], [])
    section = text.split("FIELDS AND LISTS (issue 15")[1].split("\n\n")[0]
    lines = {line.split()[0]: line.split()[1:] for line in section.splitlines()
             if line.split() and line.split()[0] in {"member_name", "rx_bin", "pbm", "phones"}}
    assert lines["member_name"] == ["1", "1", "1", "100.0", "1", "100.0"]
    assert lines["rx_bin"] == ["1", "1", "0", "0.0", "0", "-"]
    assert lines["pbm"] == lines["phones"] == ["-"] * 6
    assert "wrong purpose" not in section
    assert "DONE WHEN (issue 15, wide suite" in text
    assert "FAIL  rx_bin exact" in text and "PASS  member name exact" in text
    ev = evaluate([parse_truth(issue15_truth())], [parse_result(issue15_result())])
    text = run_bench.render_report(ev, [], ["header"], [])
    assert "phones with the right number but the wrong purpose: 0" in text
    assert "issue 15, wide" not in text


def test_metrics_doctests() -> None:
    failures, tried = doctest.testmod(metrics)
    assert tried and not failures


def test_items_pair_one_to_one_so_a_repeat_counts_once() -> None:
    er = {"benefit": "ER", "amount": "$250"}
    twice = rows([issue15_truth(copays=[er, er])], [issue15_result(copays=[item(**er)])])
    assert counts(twice["copays"]) == (1, 2, 1, 1)
    read_twice = rows([issue15_truth(copays=[er])], [issue15_result(copays=[item(**er)] * 2)])
    assert counts(read_twice["copays"]) == (1, 1, 1, 2)
