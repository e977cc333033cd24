"""``make fuzz``: the seeded corpus (:mod:`tests.fuzz_corpus`) through ``cardocr extract``
subprocesses, each with a time limit; prints the counts by outcome and the worst peak RSS.

Outcomes: a result (exit 0, one JSON object, nothing on stderr), a one-line error (exit 2,
one ``cardocr: error:`` line); and the failures the issue's targets forbid: a traceback,
another exit status (1 is a reported internal error), a hang past the limit, noise on
stderr beside a result, or a peak RSS over the bound. Failing cases are kept under
``build/fuzz/failures/`` with their output, named by case id (``python -m tests.fuzz_run
--start N --cases 1`` runs one again). Each outcome is appended to
``build/fuzz/outcomes.jsonl`` as it comes, and the counts so far are printed every 100
cases, so a long run that is stopped still says what it found (``--summary`` prints the
counts of that file). Commands are started by :mod:`tests.fuzz_spawn`, a process of its
own that holds nothing: Linux would count this runner's RSS in each child's peak. Exit
status 1 when a target is missed.

    python -m tests.fuzz_run [--cases 2000] [--seed 14] [--jobs 2] [--timeout 20]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.fuzz_corpus import DEFAULT_SEED, KINDS, Case, cases

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "build" / "fuzz"
OUTCOMES = WORK / "outcomes.jsonl"
MAX_RSS_MB = 600
"""Issue 14's bound on the peak RSS of ``cardocr extract``, MB."""
FAILURES = ("traceback", "hang", "noise", "other exit", "exit 1", "rss")
"""Outcomes that miss a target."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one case ended."""

    case: str
    kind: str
    """``result``, ``result (timed out)``, ``error line``, or one of :data:`FAILURES`."""
    rss_mb: float
    """Peak resident set size of the command and the child it reads in, MB."""
    seconds: float


def classify(code: int | None, out: str, err: str) -> str:
    """The outcome of a finished ``extract`` (``code`` None: killed past the limit)."""
    if code is None:
        return "hang"
    if "Traceback" in err:
        return "traceback"
    if code == 0:
        try:
            result = json.loads(out)
            reasons = result["review"]["reasons"]
        except (ValueError, KeyError, TypeError):
            return "other exit"
        if err.strip():
            return "noise"
        if result.get("timed_out"):
            return "result (timed out)"
        return "result (review)" if reasons else "result (no review)"
    if code == 2:
        lines = err.splitlines()
        one = len(lines) == 1 and lines[0].startswith("cardocr: error:") and not out
        return "error line" if one else "noise"
    return "exit 1" if code == 1 else "other exit"


@dataclass(slots=True)
class _Running:
    case: Case
    started: float
    folder: Path


def _request(case: Case, timeout_s: float) -> tuple[_Running, dict[str, object]]:
    """The case's upload written out, and the spawner's request to run extract on it."""
    folder = WORK / "run" / case.id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"upload{case.suffix}"
    path.write_bytes(case.data)
    argv = [sys.executable, "-m", "pipeline.cli", "extract", str(path),
            "--timeout", f"{timeout_s:g}"]
    request: dict[str, object] = {"id": case.id, "argv": argv, "stdout": str(folder / "stdout"),
               "stderr": str(folder / "stderr"),
               "env": {**os.environ, "OMP_THREAD_LIMIT": "1"}}
    return _Running(case, time.monotonic(), folder), request


def _finish(run: _Running, code: int | None, rss_kb: int) -> Outcome:
    out = (run.folder / "stdout").read_text(encoding="utf-8", errors="replace")
    err = (run.folder / "stderr").read_text(encoding="utf-8", errors="replace")
    kind = classify(code, out, err)
    rss_mb = rss_kb / 1024
    if kind not in FAILURES and rss_mb > MAX_RSS_MB:
        kind = "rss"
    if kind in FAILURES:
        kept = WORK / "failures" / run.case.id
        shutil.rmtree(kept, ignore_errors=True)
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(run.folder, kept)
    else:
        shutil.rmtree(run.folder, ignore_errors=True)
    return Outcome(run.case.id, kind, rss_mb, time.monotonic() - run.started)


def run(count: int, seed: int, start: int, jobs: int, timeout_s: float,
        limit_s: float, began: float, kinds: frozenset[str] | None = None) -> list[Outcome]:
    """Run the cases, ``jobs`` at a time, through :mod:`tests.fuzz_spawn` (so that each
    peak RSS is the command's, not this process's); a command still running ``limit_s``
    seconds after it started is killed (its whole session) and counted as a hang."""
    spawner = subprocess.Popen([sys.executable, "-m", "tests.fuzz_spawn"], cwd=REPO,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert spawner.stdin is not None and spawner.stdout is not None
    source = cases(count, seed, start, kinds)
    running: dict[str, _Running] = {}
    killing: set[str] = set()
    done: list[Outcome] = []
    exhausted = False
    try:
        while running or not exhausted:
            while not exhausted and len(running) < jobs:
                case = next(source, None)
                if case is None:
                    exhausted = True
                    break
                r, request = _request(case, timeout_s)
                running[case.id] = r
                spawner.stdin.write(json.dumps(request) + "\n")
                spawner.stdin.flush()
            if select.select([spawner.stdout], [], [], 0.2)[0]:
                ended = json.loads(spawner.stdout.readline())
                r = running.pop(ended["id"])
                killing.discard(ended["id"])
                done.append(_finish(r, ended["code"], ended["maxrss_kb"]))
                with OUTCOMES.open("a", encoding="utf-8") as f:
                    f.write(json.dumps(asdict(done[-1])) + "\n")
                if len(done) % 100 == 0:
                    lines, _ = report(done, time.monotonic() - began)
                    print("\n".join(lines), file=sys.stderr, flush=True)
            for case_id, r in running.items():
                if case_id not in killing and time.monotonic() - r.started > limit_s:
                    killing.add(case_id)
                    spawner.stdin.write(json.dumps({"kill": case_id}) + "\n")
                    spawner.stdin.flush()
    finally:
        spawner.stdin.close()
        spawner.wait(60)
    return done


def report(outcomes: list[Outcome], elapsed_s: float) -> tuple[list[str], bool]:
    """The printed summary and whether every target was met."""
    counts = Counter(o.kind for o in outcomes)
    worst = max(outcomes, key=lambda o: o.rss_mb)
    slowest = max(outcomes, key=lambda o: o.seconds)
    failed = [o for o in outcomes if o.kind in FAILURES]
    lines = [f"fuzz: {len(outcomes)} cases through cardocr extract in {elapsed_s:.0f} s"]
    lines += [f"  {kind:<20} {counts[kind]}" for kind in sorted(counts, key=counts.__getitem__,
                                                                  reverse=True)]
    lines += [f"  {kind:<20} 0" for kind in FAILURES if kind not in counts]
    lines.append(f"  worst peak RSS: {worst.rss_mb:.0f} MB ({worst.case}); bound "
                 f"{MAX_RSS_MB} MB")
    lines.append(f"  slowest: {slowest.seconds:.1f} s ({slowest.case})")
    if failed:
        lines.append(f"  FAILED: {', '.join(f'{o.case} ({o.kind})' for o in failed[:20])}"
                     f" (kept under {WORK / 'failures'})")
    return lines, not failed


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--cases", type=int, default=2000)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--start", type=int, default=0, help="index of the first case")
    p.add_argument("--jobs", type=int, default=2, help="extract processes at a time")
    p.add_argument("--timeout", type=float, default=20.0,
                   help="extract's --timeout, seconds")
    p.add_argument("--limit", type=float, default=60.0,
                   help="seconds after which a process is killed as a hang")
    p.add_argument("--kinds", help="only cases of these kinds (comma-separated: "
                   + ", ".join(name for name, _, _ in KINDS) + ")")
    p.add_argument("--summary", action="store_true",
                   help=f"only print the counts of {OUTCOMES.relative_to(REPO)}")
    args = p.parse_args(argv)
    if args.summary:
        records = OUTCOMES.read_text(encoding="utf-8").splitlines()
        lines, ok = report([Outcome(**json.loads(r)) for r in records], float("nan"))
        print("\n".join(lines))
        return 0 if ok else 1
    shutil.rmtree(WORK / "run", ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    OUTCOMES.unlink(missing_ok=True)
    start = time.monotonic()
    kinds = frozenset(args.kinds.split(",")) if args.kinds else None
    outcomes = run(args.cases, args.seed, args.start, args.jobs, args.timeout, args.limit,
                   start, kinds)
    lines, ok = report(outcomes, time.monotonic() - start)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
