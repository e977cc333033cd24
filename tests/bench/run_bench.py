"""``make bench``: generate sample cards, run ``cardocr batch`` over them, score and report.

Run from the repository root::

    python -m tests.bench.run_bench [--suite foundation|wide|unseen|unseen_dev] [--count N]
                                    [--seed S] [--workers-list 1,2] [--baseline-cpu 0.379]

``--suite foundation`` (the default: 240 cards in ``build/bench/cards``) is the eight seed
carriers in nine photo conditions; ``--suite wide`` (480 cards in ``build/bench/cards-wide``)
is issue 3's set: more carriers, photos of small cards in large frames, both sides in one
image or PDF, and issue 3's targets. ``--suite unseen_dev`` (400 cards, seed 20261202, in
``build/bench/cards-unseen_dev``) and ``--suite unseen`` (400 cards, seed 912000) are issue
12's grammar-designed cards, with its targets and accuracy by design element; ``unseen`` is
the **frozen test range**: run it rarely, report its figures, never debug on its cards (its
mismatches file is written for completeness, not for reading). The grammar suites run the
batch once, with 2 workers, unless ``--workers-list`` says otherwise. Samples are generated
into ``--dir`` only when its ``truth.jsonl`` is missing or was made with another suite,
count, seed or generator code (recorded in ``params.json``), or with ``--regenerate``. The
batch runs once per worker count; the last run is scored. The report goes to stdout and
``build/bench/report.txt``, one line per wrong value to ``build/bench/mismatches.jsonl``
(``report-wide.txt``, ``mismatches-wide.jsonl`` and ``results-wide-w<N>.jsonl`` for the
wide suite; ``report-unseen_dev.txt`` etc. for the grammar suites).

Exit status: 0 when a report was written, whether or not the targets pass; 1 when the
batch failed or broke the contract (missing, duplicate or undecodable result lines);
2 for usage errors and missing prerequisites.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from tests.bench import metrics
from tests.bench.metrics import (
    Evaluation,
    GroupStats,
    PrintedRow,
    QualityRow,
    Result,
    Target,
    Truth,
)

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "build" / "bench"
DEFAULT_CARDS_DIR = OUT_DIR / "cards"
SCHEMA_PATH = ROOT / "pipeline" / "schema" / "card_result.schema.json"
CLI_MODULE = "pipeline.cli"
GENERATOR_MODULE = "samples.generator"
FOUNDATION = "foundation"
DEFAULT_COUNTS = {"foundation": 240, "wide": 480, "unseen": 400, "unseen_dev": 400,
                  "directory": 330}
"""Cards generated per suite unless ``--count`` says otherwise (issue 3 asks for ≥ 400)."""
DEFAULT_SEEDS = {"foundation": 20261126, "wide": 20261126, "unseen": 912000,
                 "unseen_dev": 20261202, "directory": 20261313}
"""Generator seed per suite unless ``--seed`` says otherwise. 912000 starts the frozen test
range of the grammar generator (``samples.gen_grammar.FROZEN_SEEDS``); unseen_dev's seed
is outside it."""
DEFAULT_WORKERS = {"foundation": "1,2", "wide": "1,2", "unseen": "2", "unseen_dev": "2",
                   "directory": "2"}
"""Batch runs per suite unless ``--workers-list`` says otherwise (one per worker count)."""


class BenchError(Exception):
    """A failure reported as one line on stderr, with the exit status to use."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class BatchRun:
    """One timed ``cardocr batch`` run."""

    workers: int
    cards: int
    """Cards in the sample folder (the truth's count)."""
    wall_s: float
    """Wall-clock seconds of the whole batch command, including interpreter start-up."""
    results_path: Path

    @property
    def cards_per_s(self) -> float:
        return self.cards / self.wall_s if self.wall_s > 0 else float("inf")


@dataclass(frozen=True, slots=True)
class ResultLines:
    """The decoded lines of a batch's output file."""

    results: tuple[Result, ...]
    raw: tuple[dict[str, Any], ...]
    """The decoded objects, parallel to ``results``, for schema checks."""
    bad_lines: tuple[str, ...]
    """``line N: problem`` for lines that are not a JSON object with a ``card``."""


# ---------------------------------------------------------------- prerequisites


def module_available(name: str) -> str | None:
    """None when module ``name`` can be found, else why not (one line)."""
    try:
        if importlib.util.find_spec(name) is None:
            return f"no module named {name!r}"
    except Exception as e:  # a broken parent package is as good as missing here
        return f"{type(e).__name__}: {e}".splitlines()[0]
    return None


def cli_command() -> list[str]:
    """The command that runs this checkout's ``cardocr`` CLI with this interpreter."""
    problem = module_available(CLI_MODULE)
    if problem:
        raise BenchError(f"the cardocr CLI ({CLI_MODULE}) is not available: {problem}", 2)
    return [sys.executable, "-c", f"import sys; from {CLI_MODULE} import main; sys.exit(main())"]


def subprocess_env() -> dict[str, str]:
    """The environment for child processes: this checkout first on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


# ---------------------------------------------------------------- samples


def read_params(cards_dir: Path) -> dict[str, Any]:
    try:
        params = json.loads((cards_dir / "params.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return params if isinstance(params, dict) else {}


def generator_fingerprint(samples_dir: Path = ROOT / "samples") -> str:
    """A digest of the generator's code (``samples/*.py``, hex, 16 characters): samples
    drawn by other code may carry other truth (a payer's carrier id, a new field), so they
    are drawn again rather than scored against what the generator now says."""
    digest = hashlib.sha256()
    for path in sorted(samples_dir.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def samples_current(
    cards_dir: Path, count: int, seed: int, suite: str = FOUNDATION,
    generator: str | None = None,
) -> bool:
    """True when ``cards_dir`` holds a truth made with this suite, count and seed (and,
    when ``generator`` is given, by generator code of that fingerprint).

    A ``params.json`` without ``suite`` predates the option and was the foundation suite.
    """
    params = read_params(cards_dir)
    return (cards_dir / "truth.jsonl").is_file() and (
        params.get("suite", FOUNDATION),
        params.get("count"),
        params.get("seed"),
    ) == (suite, count, seed) and (generator is None or params.get("generator") == generator)


def clear_cards_dir(cards_dir: Path) -> None:
    """Empty ``cards_dir`` for regeneration; refuse if it does not look like bench samples."""
    if cards_dir.exists():
        looks_ours = (cards_dir / "truth.jsonl").exists() or (cards_dir / "params.json").exists()
        if not cards_dir.is_dir() or (any(cards_dir.iterdir()) and not looks_ours):
            raise BenchError(
                f"refusing to clear {cards_dir}: it is not a bench sample folder "
                "(no truth.jsonl or params.json); pass another --dir",
                2,
            )
        shutil.rmtree(cards_dir)
    cards_dir.mkdir(parents=True)


def generator_takes_suite() -> bool:
    """True when the sample generator's ``--help`` lists a ``--suite`` option."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", GENERATOR_MODULE, "--help"],
            cwd=ROOT,
            env=subprocess_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and "--suite" in done.stdout


def generate_samples(cards_dir: Path, count: int, seed: int, suite: str = FOUNDATION) -> None:
    """Run the sample generator into an emptied ``cards_dir`` and record its parameters.

    ``--suite`` is passed when the generator has it; a generator without it makes the
    foundation suite, and asking it for another suite is a usage error (status 2).
    """
    problem = module_available(GENERATOR_MODULE)
    if problem:
        raise BenchError(
            f"the sample generator ({GENERATOR_MODULE}) is not available: {problem}", 2
        )
    takes_suite = generator_takes_suite()
    if not takes_suite and suite != FOUNDATION:
        raise BenchError(
            f"the sample generator ({GENERATOR_MODULE}) has no --suite option, so it cannot "
            f"make the {suite} suite; update samples/generator.py or use --suite {FOUNDATION}",
            2,
        )
    clear_cards_dir(cards_dir)
    print(f"generating {count} {suite} cards (seed {seed}) into {cards_dir} ...", file=sys.stderr)
    cmd = [
        sys.executable,
        "-m",
        GENERATOR_MODULE,
        "--out",
        str(cards_dir),
        "--count",
        str(count),
        "--seed",
        str(seed),
        *(["--suite", suite] if takes_suite else []),
        # the grammar suites draw slower cards: two processes (the same bytes as one)
        *(["--workers", "2"] if suite in metrics.GRAMMAR_SUITES else []),
    ]
    rc = subprocess.run(cmd, cwd=ROOT, env=subprocess_env(), check=False).returncode
    if rc != 0:
        raise BenchError(f"the sample generator failed with exit status {rc} (--suite {suite})")
    if not (cards_dir / "truth.jsonl").is_file():
        raise BenchError(f"the sample generator wrote no {cards_dir / 'truth.jsonl'}")
    params = {"suite": suite, "count": count, "seed": seed, "generator": generator_fingerprint()}
    (cards_dir / "params.json").write_text(json.dumps(params) + "\n", encoding="utf-8")


def load_truth(path: Path) -> list[Truth]:
    truths: list[Truth] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            truths.append(metrics.parse_truth(obj))
        except ValueError as e:
            raise BenchError(f"{path} line {number}: {e}") from e
    if not truths:
        raise BenchError(f"{path} lists no cards")
    return truths


# ---------------------------------------------------------------- batch


def out_path(suite: str, stem: str, suffix: str) -> Path:
    """``build/bench/<stem><suffix>``, with ``-<suite>`` after the stem except for the
    foundation suite, whose file names stay as they were."""
    tag = "" if suite == FOUNDATION else f"-{suite}"
    return OUT_DIR / f"{stem}{tag}{suffix}"


def run_batch(
    cli: Sequence[str],
    cards_dir: Path,
    workers: int,
    cards: int,
    engine: str | None,
    suite: str = FOUNDATION,
) -> BatchRun:
    """Run ``cardocr batch`` once, timing its wall clock; its progress goes to our stderr."""
    out = out_path(suite, "results", f"-w{workers}.jsonl")
    out.unlink(missing_ok=True)
    cmd = [*cli, "batch", str(cards_dir), "--out", str(out), "--workers", str(workers)]
    if engine:
        cmd += ["--engine", engine]
    print(f"cardocr batch --workers {workers} ...", file=sys.stderr)
    start = time.perf_counter()
    rc = subprocess.run(cmd, cwd=ROOT, env=subprocess_env(), check=False).returncode
    wall = time.perf_counter() - start
    if rc != 0:
        raise BenchError(f"cardocr batch failed with exit status {rc} (--workers {workers})")
    if not out.is_file():
        raise BenchError(f"cardocr batch exited 0 but wrote no {out}")
    return BatchRun(workers, cards, wall, out)


def read_results(path: Path) -> ResultLines:
    results: list[Result] = []
    raw: list[dict[str, Any]] = []
    bad: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            results.append(metrics.parse_result(obj))
            raw.append(obj)
        except ValueError as e:
            bad.append(f"line {number}: {e}")
    return ResultLines(tuple(results), tuple(raw), tuple(bad))


def schema_problems(raw: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """(card, first schema error) for each result the card-result schema rejects."""
    try:
        import jsonschema  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return [("*", "jsonschema is not installed; results were not checked")]
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems: list[tuple[str, str]] = []
    for obj in raw:
        error = next(iter(validator.iter_errors(obj)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            problems.append((str(obj.get("card")), f"{where}: {error.message}"[:300]))
    return problems


# ---------------------------------------------------------------- report


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def secs(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Plain-text columns: the first ``left`` left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = (
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        return "  ".join(padded).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


ACCURACY_HEADERS = (
    "",
    "n",
    "carrier",
    "provider",
    "mem_id",
    "mem_id~",
    "group",
    "group~",
    "portal_grp",
    "prefix/suffix",
    "silent",
    "review",
    "review*",
    "flagged",
)


def accuracy_rows(groups: Sequence[GroupStats]) -> list[list[str]]:
    return [
        [
            g.name,
            str(g.n),
            pct(g.carrier_acc),
            pct(g.provider_acc),
            pct(g.member_id_acc),
            pct(g.member_id_norm_acc),
            pct(g.group_acc),
            pct(g.group_norm_acc),
            pct(g.portal_group_acc),
            pct(g.parts_acc),
            pct(g.silent_error_rate),
            pct(g.review_rate),
            pct(g.plain_review_rate),
            pct(g.unreadable_recall),
        ]
        for g in groups
    ]


QUALITY_ATTRIBUTES = {
    "sharpness": "min_sharpness",
    "brightness": "min_brightness",
    "contrast": "min_contrast",
    "glare": "max_glare",
    "card_width_px": "min_card_width_px",
}
"""``quality.front`` measure to the ``QualityThresholds`` attribute that limits it."""

CONFIDENCE_ATTRIBUTES = {
    "member_id": "member_id_min_confidence",
    "group_number": "group_min_confidence",
}
"""Field to the ``Config`` attribute holding its review cut-off."""


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """The thresholds this checkout's pipeline uses now, printed beside the tables that
    choose them."""

    quality: Mapping[str, float] = field(default_factory=dict)
    """``quality.front`` measure to its current threshold."""
    quality_text: str = ""
    """``QualityThresholds()`` as ``name=value`` pairs, every attribute it has."""
    confidence: Mapping[str, float] = field(default_factory=dict)
    """Field name to its current review cut-off."""
    problem: str | None = None
    """Why ``pipeline.config`` could not be read, when it could not."""


def pipeline_settings() -> PipelineSettings:
    """Read ``pipeline.config``; a broken or renamed config leaves the values out, never fails."""
    try:
        from pipeline.config import Config, QualityThresholds

        quality = QualityThresholds()
        config = Config()
    except Exception as e:  # the pipeline is being edited by others; report, don't crash
        return PipelineSettings(problem=f"{type(e).__name__}: {e}".splitlines()[0])

    def numbers(obj: object, names: Mapping[str, str]) -> dict[str, float]:
        found = {key: getattr(obj, attr, None) for key, attr in names.items()}
        return {k: float(v) for k, v in found.items() if isinstance(v, int | float)}

    return PipelineSettings(
        quality=numbers(quality, QUALITY_ATTRIBUTES),
        quality_text=" ".join(f"{f.name}={getattr(quality, f.name)!r}" for f in fields(quality)),
        confidence=numbers(config, CONFIDENCE_ATTRIBUTES),
    )


def number(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def reliability_lines(ev: Evaluation, settings: PipelineSettings) -> list[str]:
    out = [
        "CONFIDENCE RELIABILITY (readable cards; a reading = the field present in the result)",
        "at/above = readings with confidence ≥ threshold, right = their exact accuracy; "
        "review = readable cards that would go",
        "to review with this cut-off (other reasons kept); silent = readable cards whose "
        "reading is wrong, ≥ threshold, with no",
        "other review reason. Simulated on this run's readings: another cut-off would also "
        "change which cards get the second look.",
        f"AUC = ROC area, confidence of right against wrong readings (ties count half); "
        f"suggested = lowest threshold with silent ≤ {100 * metrics.MAX_SILENT_RATE:g}%.",
    ]
    for rel in ev.reliability:
        now = settings.confidence.get(rel.field)
        attr = CONFIDENCE_ATTRIBUTES.get(rel.field, "?")
        out.append("")
        why = "" if rel.auc is not None else " (needs right and wrong readings)"
        out.append(
            f"{rel.field}: {rel.readings} readings, {rel.right} right; AUC {number(rel.auc)}{why}; "
            + (f"cut-off now {now:g} (Config.{attr})" if now is not None else "cut-off now unknown")
        )
        out += table(
            ("threshold", "at/above", "right%", "review%", "silent", "silent%"),
            [
                [
                    f"{r.threshold:g}" + (" *" if now is not None and r.threshold == now else ""),
                    str(r.readings),
                    pct(r.accuracy),
                    pct(r.review_rate),
                    str(r.silent),
                    pct(r.silent_rate),
                ]
                for r in rel.rows
            ],
        )
        suggested = f"{rel.suggested:g}" if rel.suggested is not None else "none in the grid"
        out.append(f"suggested threshold ({rel.field}): {suggested}")
    out.append("* = the cut-off in use now")
    return out


def quality_row_cells(r: QualityRow) -> list[str]:
    if r.threshold is None:
        flag = "any"
    else:
        sign = "<" if metrics.QUALITY_LOW_IS_BAD[r.measure] else ">"
        flag = f"{sign} {r.threshold:g}" + (" *" if r.current else "")
    return [
        r.measure,
        flag,
        f"{r.unreadable_flagged}/{r.unreadable}",
        pct(r.flagged_rate),
        f"{r.readable_flagged}/{r.readable}",
        pct(r.false_alarm_rate),
        pct(r.flagged_member_id_acc),
    ]


def quality_lines(ev: Evaluation, settings: PipelineSettings) -> list[str]:
    q = ev.quality
    out = [
        "IMAGE QUALITY TRADE-OFF (quality.front; a card is flagged when its measure is beyond "
        "the threshold)",
        "unreadable = unreadable cards flagged; false alarms = readable cards flagged; "
        "mem_id% = member-ID accuracy of those",
        "false alarms (high = the flag would cost good readings). * = the value in use now.",
    ]
    if settings.problem:
        out.append(f"current QualityThresholds(): unknown ({settings.problem})")
    else:
        out.append(f"current QualityThresholds(): {settings.quality_text}")
    rows = [quality_row_cells(r) for r in q.rows]
    if q.combined is not None:
        rows.append(quality_row_cells(q.combined))
    out += table(
        ("measure", "flag when", "unreadable", "%", "false alarms", "%", "mem_id%"),
        rows,
        left=2,
    )
    out.append(
        f"not measured (no quality.front): {q.unmeasured_unreadable} unreadable, "
        f"{q.unmeasured_readable} readable cards"
    )
    return out


def reread_lines(ev: Evaluation) -> list[str]:
    out = [
        "COST OF READING HARDER (CPU-s per card; reread = timings.reread present: the second "
        "look ran)",
    ]
    out += table(
        ("cards", "n", "reread", "reread%", "median w/o", "median with", "reread stage"),
        [
            [
                c.name,
                str(c.cards),
                str(c.reread),
                pct(c.share),
                secs(c.median_without_s),
                secs(c.median_with_s),
                secs(c.median_reread_s),
            ]
            for c in ev.reread
        ],
    )
    return out


def design_lines(ev: Evaluation) -> list[str]:
    """Accuracy by design element of the grammar suites (truth ``design``)."""
    out = [
        "ACCURACY BY DESIGN ELEMENT (grammar suites; truth design; one block per element, "
        "rows per value)",
    ]
    rows: list[list[str]] = []
    for _key, groups in ev.by_design:
        rows += accuracy_rows(groups)
    rows += accuracy_rows([ev.overall])
    out += table(ACCURACY_HEADERS, rows)
    return out


def printed_cells(r: PrintedRow) -> list[str]:
    """A row of the issue 15 table; every number ``-`` when no card scores it."""
    if not r.cards:
        return [r.name, *["-"] * 6]
    return [r.name, str(r.cards), str(r.printed), str(r.right), pct(r.exact), str(r.returned),
            pct(r.precision)]


def printed_lines(ev: Evaluation) -> list[str]:
    """Exact accuracy and precision per printed field and per list (issue 15)."""
    out = [
        "FIELDS AND LISTS (issue 15; readable cards; issue 15's new fields and the lists only "
        "where the truth knows them)",
        "cards = readable cards scored; printed = of those, cards whose truth prints the field; "
        "right = read right; exact% =",
        "right/printed; returned = cards whose result has the field, printed or not; prec% = "
        "right/returned. Lists count items:",
        "printed = truth items, right = items paired one to one, exact% = recall. Compared: "
        "member_name and portal first/last",
        "by words (case, punctuation ignored); claims_address by letters and digits; plan_name, "
        "rx_plan, pbm, group_name ignoring",
        "case, spaces, hyphens; the rest to the letter. Items: dependents by name (+ suffix "
        "where truth has one), copays by",
        "benefit + amount, phones by number digits + purpose. - = no card scored.",
    ]
    out += table(
        ("field / list", "cards", "printed", "right", "exact%", "returned", "prec%"),
        [printed_cells(r) for r in ev.printed],
    )
    phones = next((r for r in ev.printed if r.name == "phones"), None)
    if phones is not None and phones.cards:
        out.append(f"phones with the right number but the wrong purpose: {phones.purpose_wrong}")
    return out


def target_rows(targets: Sequence[Target]) -> list[str]:
    """``PASS``/``FAIL`` lines of Done-when targets: name, value, target."""
    out = []
    width = max([34, *(len(t.name) for t in targets)])
    for t in targets:
        if t.value is None:
            value = "no data"
        elif t.unit == "%":
            value = pct(t.value) + "%"
        elif t.unit == "s":
            value = secs(t.value) + " s"
        elif t.unit == "cards":
            value = f"{t.value:.0f}"
        else:
            value = number(t.value)
        if t.unit == "%":
            limit = f"{100 * t.limit:g}%"
        elif t.unit == "s":
            limit = f"{t.limit:.3g} s"
        else:
            limit = f"{t.limit:g}"
        sign = "≥" if t.at_least else "≤"
        verdict = "PASS" if t.passed else "FAIL"
        out.append(f"{verdict}  {t.name:<{width}} {value:>9}  (target {sign} {limit})")
    return out


def printed_target_lines(ev: Evaluation) -> list[str]:
    """Issue 15's Done-when lines (the wide suite's ``printed_targets``)."""
    return [
        "DONE WHEN (issue 15, wide suite: every field and list item the card prints)",
        "exact/right/found = of readable cards (items) whose truth prints it; precision = of "
        "those the result returns, a value",
        "the card does not print counting against it; no data = no card printed it.",
        *target_rows(ev.printed_targets),
    ]


def target_lines(ev: Evaluation) -> list[str]:
    if ev.suite == "directory":
        out = [
            "DONE WHEN (issue 13, directory suite: every card a payer of the payer directory)",
            "carrier named right counts readable cards; a wrong payer named without review and "
            "a network, PBM or generic",
            "phrase named as the payer count all cards.",
        ]
    elif ev.suite in metrics.GRAMMAR_SUITES:
        out = [
            f"DONE WHEN (issue 12, grammar suites; this is {ev.suite}"
            + (", the frozen test range)" if ev.suite == "unseen" else ", the development range)"),
            "group = readable cards whose truth prints a group; reviewed, no content reason = "
            "readable cards whose truth expects no review;",
            "wrong carrier named without review counts cards, readable or not.",
        ]
    elif ev.suite == "wide":
        out = [
            "DONE WHEN (issue 3, wide suite)",
            "readable cards to review counts only cards whose truth expects no review (it leaves "
            "out generic carriers and",
            "back_image_required / school_name_needed cards); the cost compares the median CPU-s "
            "of readable two-sided cards.",
        ]
    else:
        out = ["DONE WHEN"]
    return out + target_rows(ev.targets)


def render_report(
    ev: Evaluation,
    runs: Sequence[BatchRun],
    header: Sequence[str],
    contract_problems: Sequence[str],
    settings: PipelineSettings | None = None,
) -> str:
    """The whole plain-text report; ``settings`` are the pipeline's current thresholds."""
    settings = settings or PipelineSettings(problem="not read")
    out: list[str] = [*header, ""]
    legend = [
        "% of readable cards exact; ~ = ignoring case, spaces and hyphens; prefix/suffix = "
        "both member ID parts exact,",
        "of cards whose truth has them; silent = silent errors / all cards; review = readable "
        "cards sent to review;",
        "review* = the same of cards whose truth expects no review; flagged = unreadable cards "
        "sent to review; - = no cards.",
    ]
    out += ["ACCURACY BY CARRIER", *legend]
    out += [*table(ACCURACY_HEADERS, accuracy_rows([*ev.by_carrier, ev.overall])), ""]
    out += ["ACCURACY BY CONDITION"]
    out += [*table(ACCURACY_HEADERS, accuracy_rows([*ev.by_condition, ev.overall])), ""]
    out += ["ACCURACY BY LAYOUT (how the sides were uploaded)"]
    out += [*table(ACCURACY_HEADERS, accuracy_rows([*ev.by_layout, ev.overall])), ""]
    if ev.by_design:
        out += [*design_lines(ev), ""]
    out += [*printed_lines(ev), ""]

    out.append(
        "DISTRACTOR CONFUSIONS (cards whose member_id/group_number is another number on the card)"
    )
    if ev.confusions:
        out += table(
            ("kind", "as member_id", "as group_number", "cards"),
            [[c.kind, str(c.member_id), str(c.group_number), str(c.cards)] for c in ev.confusions],
        )
    else:
        out.append("none")
    out.append("")

    out.append("EXPECTED REVIEWS NOT RAISED")
    if ev.missed_reviews:
        out += table(
            ("card", "carrier", "condition", "missing code", "raised"),
            [
                [
                    s.truth.card,
                    s.truth.carrier or metrics.GENERIC,
                    s.truth.condition,
                    code,
                    ",".join(s.result.review_codes) if s.result else "(no result)",
                ]
                for s, code in ev.missed_reviews
            ],
            left=5,
        )
    else:
        out.append("none")
    out.append("")

    out.append("REVIEW REASONS ON READABLE CARDS (cards)")
    out.append(", ".join(f"{k} {v}" for k, v in ev.reasons.items()) or "none")
    out.append("")

    out += [*reliability_lines(ev, settings), ""]
    out += [*quality_lines(ev, settings), ""]

    out.append("SPEED")
    out += table(
        ("workers", "cards", "wall_s", "cards/s"),
        [[str(r.workers), str(r.cards), f"{r.wall_s:.1f}", f"{r.cards_per_s:.2f}"] for r in runs],
    )
    cpu = ev.cpu
    out.append(
        f"CPU-s per card (last run): median {secs(cpu.median_s)}, p90 {secs(cpu.p90_s)} "
        f"over {cpu.cards} results with timings.cpu_s; readable two-sided cards: "
        f"median {secs(cpu.two_sided_median_s)} (n={cpu.two_sided_cards})"
    )
    out.append("")
    out += [*reread_lines(ev), ""]

    out.append("CONTRACT")
    out += list(contract_problems) or [
        "every card has exactly one result line, all valid against the card-result schema"
    ]
    out.append("")

    out += target_lines(ev)
    if ev.printed_targets:
        out += ["", *printed_target_lines(ev)]
    return "\n".join(out) + "\n"


def contract_lines(
    ev: Evaluation, lines: ResultLines, schema: Sequence[tuple[str, str]]
) -> list[str]:
    """One line per kind of contract breakage found in the batch output."""

    def sample(items: Sequence[str]) -> str:
        return ", ".join(items[:8]) + (", ..." if len(items) > 8 else "")

    problems: list[str] = []
    if ev.missing:
        problems.append(f"missing results: {len(ev.missing)} ({sample(ev.missing)})")
    if ev.duplicates:
        problems.append(f"duplicate results: {len(ev.duplicates)} ({sample(ev.duplicates)})")
    if ev.unexpected:
        problems.append(
            f"results for unknown cards: {len(ev.unexpected)} ({sample(ev.unexpected)})"
        )
    if lines.bad_lines:
        problems.append(f"undecodable lines: {len(lines.bad_lines)} ({sample(lines.bad_lines)})")
    if schema:
        card, message = schema[0]
        problems.append(f"schema-invalid results: {len(schema)} (first: card {card}: {message})")
    return problems


def describe_engine() -> str:
    """The Tesseract version the bench machine has, for comparing reports."""
    try:
        import tesserocr

        return str(tesserocr.tesseract_version()).splitlines()[0]
    except Exception:
        pass
    exe = shutil.which("tesseract")
    if exe:
        try:
            done = subprocess.run(
                [exe, "--version"], capture_output=True, text=True, timeout=10, check=False
            )
            return (done.stdout or done.stderr).splitlines()[0]
        except (OSError, subprocess.TimeoutExpired, IndexError):
            pass
    return "tesseract unknown"


def git_revision() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 else "no commit"


# ---------------------------------------------------------------- main


def parse_workers(text: str) -> list[int]:
    try:
        workers = [int(w) for w in text.split(",") if w.strip()]
    except ValueError:
        workers = []
    if not workers or any(w < 1 for w in workers):
        raise BenchError(f"--workers-list must be positive integers like 1,2, not {text!r}", 2)
    return workers


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m tests.bench.run_bench",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    p.add_argument(
        "--suite",
        choices=metrics.SUITES,
        default=FOUNDATION,
        help="sample suite passed to the generator, and whose targets are checked (foundation)",
    )
    p.add_argument(
        "--count",
        type=int,
        help="cards to generate (240 for foundation, 480 for wide, 400 for unseen and "
        "unseen_dev, 330 for directory)",
    )
    p.add_argument(
        "--seed",
        type=int,
        help="generator seed (20261126; unseen 912000, the frozen test range; "
        "unseen_dev 20261202; directory 20261313)",
    )
    p.add_argument(
        "--dir",
        type=Path,
        help="sample folder (build/bench/cards, or build/bench/cards-wide for wide)",
    )
    p.add_argument(
        "--baseline-cpu",
        type=float,
        default=metrics.FOUNDATION_CPU_S,
        metavar="S",
        help="the foundation's median CPU-s per readable two-sided card, which the wide "
        f"suite's must stay within {metrics.COST_FACTOR:g}x of ({metrics.FOUNDATION_CPU_S})",
    )
    p.add_argument(
        "--engine",
        choices=("tesserocr", "pytesseract"),
        help="OCR engine passed to cardocr batch (its default if not given)",
    )
    p.add_argument(
        "--workers-list",
        help="comma-separated worker counts, one batch run each (1,2; 2 for the grammar "
        "suites)",
    )
    p.add_argument(
        "--regenerate",
        action="store_true",
        help="regenerate the samples even when suite, count and seed match",
    )
    return p.parse_args(argv)


def run(args: argparse.Namespace) -> int:
    """The whole bench; raises BenchError for failures that leave no report."""
    suite: str = args.suite
    count: int = DEFAULT_COUNTS[suite] if args.count is None else args.count
    if count < 1:
        raise BenchError("--count must be at least 1", 2)
    if not args.baseline_cpu > 0:
        raise BenchError("--baseline-cpu must be a positive number of seconds", 2)
    workers = parse_workers(args.workers_list or DEFAULT_WORKERS[suite])
    seed: int = DEFAULT_SEEDS[suite] if args.seed is None else args.seed
    cli = cli_command()
    default_dir = DEFAULT_CARDS_DIR if suite == FOUNDATION else OUT_DIR / f"cards-{suite}"
    cards_dir: Path = (args.dir or default_dir).resolve()
    if args.regenerate or not samples_current(
            cards_dir, count, seed, suite, generator_fingerprint()):
        generate_samples(cards_dir, count, seed, suite)
    truths = load_truth(cards_dir / "truth.jsonl")

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    runs = [run_batch(cli, cards_dir, w, len(truths), args.engine, suite) for w in workers]
    lines = read_results(runs[-1].results_path)
    settings = pipeline_settings()
    ev = metrics.evaluate(
        truths,
        lines.results,
        suite=suite,
        baseline_cpu_s=args.baseline_cpu,
        quality_current=settings.quality,
    )
    schema = schema_problems(lines.raw)
    problems = contract_lines(ev, lines, schema)

    header = [
        f"cardocr bench  {dt.datetime.now().isoformat(timespec='seconds')}  "
        f"git {git_revision()}  {describe_engine()}",
        f"{len(truths)} cards from {cards_dir} (suite {suite}, count {count}, seed {seed}); "
        f"engine {args.engine or 'default'}; scored {runs[-1].results_path}",
    ]
    if suite == "unseen":
        header.append(
            "FROZEN TEST RANGE: report these figures; do not debug on or tune to these cards."
        )
    report = render_report(ev, runs, header, problems, settings)
    report_path = out_path(suite, "report", ".txt")
    mismatches_path = out_path(suite, "mismatches", ".jsonl")
    sys.stdout.write(report)
    report_path.write_text(report, encoding="utf-8")
    with mismatches_path.open("w", encoding="utf-8") as f:
        for m in ev.mismatches:
            f.write(json.dumps(m.to_json()) + "\n")
        for card, message in schema:
            f.write(
                json.dumps({"card": card, "field": "schema", "expected": "valid", "got": message})
                + "\n"
            )
    print(f"\nreport: {report_path}; mismatches: {mismatches_path}", file=sys.stderr)
    broken = ev.missing or ev.duplicates or ev.unexpected or lines.bad_lines
    return 1 if broken else 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(parse_args(argv))
    except BenchError as e:
        print(f"run_bench: {e}", file=sys.stderr)
        return e.status


if __name__ == "__main__":
    sys.exit(main())
