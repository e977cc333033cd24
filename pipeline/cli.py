"""The ``cardocr`` command: the one place exceptions become exit codes and messages."""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import shlex
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.config import Config
from pipeline.errors import CardOcrError, EngineMissingError, ExitCode, InputError, OutputError
from pipeline.ocr import DEFAULT_ENGINE, ENGINES

log = logging.getLogger("pipeline")


class _CardFilter(logging.Filter):
    """Tags every record with the process id, so batch workers' lines can be told apart."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.pid = os.getpid()
        return True


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_CardFilter())
    handler.setFormatter(logging.Formatter("cardocr[%(pid)s] %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cardocr", description="Read US health insurance card photos, offline."
    )
    p.add_argument("--version", action="version", version=f"cardocr {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                        help=f"OCR engine (default {DEFAULT_ENGINE})")
        sp.add_argument("-v", "--verbose", action="store_true",
                        help="debug logging and tracebacks")

    ex = sub.add_parser("extract", help="read one card; prints its result as JSON")
    ex.add_argument("front", type=Path, help="photo of the front")
    ex.add_argument("back", type=Path, nargs="?", help="photo of the back")
    ex.add_argument("--timeout", type=float, default=DEFAULT_EXTRACT_TIMEOUT_S,
                    metavar="SECONDS",
                    help="time limit; a card past it is reported as unreadable_file "
                         f"(default {DEFAULT_EXTRACT_TIMEOUT_S:g})")
    common(ex)

    ba = sub.add_parser("batch", help="read every card under a folder into a JSONL file")
    ba.add_argument("dir", type=Path, nargs="?", help="folder of cards")
    ba.add_argument("--manifest", type=Path, metavar="FILE",
                    help="CSV or JSONL file of card,front,back paths instead of a folder")
    ba.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    ba.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="worker processes (default: the number of cores)")
    ba.add_argument("--card-timeout", type=float, default=None, metavar="SECONDS",
                    help="time limit per card; a card past it is reported as unreadable_file "
                         "and its worker replaced (default 60)")
    ba.add_argument("--resume", action="store_true",
                    help="keep the results already in --out and read only the other cards")
    ba.add_argument("--csv", type=Path, metavar="FILE",
                    help="also write one CSV row per card: portal fields, confidences, review")
    ba.add_argument("--dask", metavar="ADDRESS",
                    help="run on a Dask cluster (tcp://host:8786), or 'local' for a "
                         "LocalCluster of --workers processes")
    common(ba)

    ta = sub.add_parser("table", help="print a readable table of a batch's JSONL results")
    ta.add_argument("results", type=Path)
    ta.add_argument("-v", "--verbose", action="store_true")

    re_ = sub.add_parser("report", help="write a batch's HTML review queue (one file)")
    re_.add_argument("results", type=Path, help="JSONL results of cardocr batch")
    re_.add_argument("--out", type=Path,
                     help="HTML file to write (default: next to the JSONL, same stem, .html)")
    re_.add_argument("--all", action="store_true",
                     help="also list the cards that need no review (compact rows)")
    re_.add_argument("--all-photos", action="store_true",
                     help="also show the cards that need no review with their photos")
    re_.add_argument("-v", "--verbose", action="store_true")

    sv = sub.add_parser("serve", help="HTTP service and the portal prefill page")
    sv.add_argument("--host", default="127.0.0.1",
                    help="address to bind (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--workers", type=int, default=2,
                    help="reader processes, each with a warm OCR engine (default 2)")
    sv.add_argument("--max-upload-mb", type=float, default=15.0,
                    help="largest photo accepted, MB per side (default 15)")
    sv.add_argument("--max-pixels", type=int, default=None,
                    help="largest photo accepted, pixels (default 50 million)")
    sv.add_argument("--timeout-s", type=float, default=20.0,
                    help="time limit per request, seconds (default 20)")
    sv.add_argument("--queue", type=int, default=None,
                    help="most requests reading or waiting at once; more get 503 "
                         "(default 4 per worker)")
    sv.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                    help="allow browser calls from this origin (repeatable; default none)")
    sv.add_argument("--submit-url", default=None,
                    help="where the prefill page posts the form as JSON (default: show it)")
    common(sv)
    return p


DEFAULT_EXTRACT_TIMEOUT_S = 60.0
"""``extract``'s time limit, seconds (the batch's per-card default)."""


def _seconds(value: float, flag: str) -> float:
    """A time limit given on the command line: a finite number of seconds over 0."""
    if not math.isfinite(value) or value <= 0:
        raise _UsageError(f"{flag} must be a number of seconds over 0")
    return value


@dataclass(frozen=True, slots=True)
class _ExtractJob:
    """What ``extract`` reads: the sides' paths and the engine's name."""

    front: Path
    back: Path | None
    engine: str


def _extract_output(job: _ExtractJob) -> tuple[int, str, str]:
    """Read one card (in the child of :func:`_extract`): the exit status, what goes to
    stdout (the result's JSON) and what goes to stderr (one line, or nothing)."""
    from pipeline.boundary import read_card_json

    try:
        result = read_card_json(job.front, job.back, engine=job.engine, config=Config())
    except (InputError, EngineMissingError) as e:
        return ExitCode.usage, "", f"cardocr: error: {e}\n"
    return ExitCode.ok, _json_text(result), ""


def _json_text(result: dict[str, object]) -> str:
    return json.dumps(result, indent=2) + "\n"


def _extract(args: argparse.Namespace) -> int:
    from pipeline.boundary import crash_result, timeout_result
    from pipeline.pool import Done, TimedOut, call_with_time_limit

    limit = _seconds(args.timeout, "--timeout")
    job = _ExtractJob(front=args.front, back=args.back, engine=args.engine)
    outcome = call_with_time_limit(_extract_output, job, limit)
    if isinstance(outcome, Done):
        code, out, err = outcome.value
    elif isinstance(outcome, TimedOut):
        code, out, err = ExitCode.ok, _json_text(timeout_result(None, limit)), ""
    else:
        code, out, err = ExitCode.ok, _json_text(crash_result(None, outcome.exitcode)), ""
    sys.stdout.write(out)
    sys.stdout.flush()
    sys.stderr.write(err)
    return code


def _resume_command(args: argparse.Namespace) -> str:
    """The command that resumes this batch (the same inputs and options, plus --resume)."""
    words = ["cardocr", "batch"]
    words += ["--manifest", str(args.manifest)] if args.manifest else [str(args.dir)]
    words += ["--out", str(args.out), "--workers", str(args.workers)]
    if args.card_timeout is not None:
        words += ["--card-timeout", f"{args.card_timeout:g}"]
    if args.csv:
        words += ["--csv", str(args.csv)]
    if args.dask:
        words += ["--dask", args.dask]
    if args.engine != DEFAULT_ENGINE:
        words += ["--engine", args.engine]
    return shlex.join([*words, "--resume"])


def output_folder(path: Path) -> None:
    """Make the folder an output file goes in (before any card is read), or raise
    :class:`OutputError` naming the file: a path under a file, a folder not writable."""
    if path.is_dir():
        raise OutputError(str(path), "is a folder; name the file to write")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(str(path), f"cannot make its folder ({e.strerror})") from None
    if not os.access(path.parent, os.W_OK):
        raise OutputError(str(path), "its folder is not writable")


def _batch(args: argparse.Namespace) -> int:
    import contextlib
    import signal
    import time

    from pipeline.batch import (
        DEFAULT_CARD_TIMEOUT_S,
        WorkerSetup,
        card_source,
        count_source,
        run_batch,
    )
    from pipeline.ocr import get_engine
    from pipeline.output import (
        Progress,
        ResultsFile,
        Summary,
        resume_scan,
        write_csv,
        write_results,
    )

    if (args.dir is None) == (args.manifest is None):
        raise _UsageError("give a folder of cards or --manifest FILE (one of them)")
    source: Path = args.manifest if args.manifest is not None else args.dir
    if args.manifest is None and not source.is_dir():
        raise InputError(str(source), "not a folder")
    if args.workers < 1:
        raise _UsageError("--workers must be at least 1")
    timeout = _seconds(DEFAULT_CARD_TIMEOUT_S if args.card_timeout is None
                       else args.card_timeout, "--card-timeout")
    if args.dask is None or args.dask == "local":
        get_engine(args.engine)  # fail early, in the parent, when the engine is missing
    if args.dask is not None:
        from pipeline.cluster import ClusterError, require_distributed

        try:
            require_distributed()
        except ClusterError as e:
            raise _UsageError(str(e)) from None
    if args.out.is_dir():
        raise InputError(str(args.out), "is a folder; --out names the JSONL file to write")
    for path in (args.out, args.csv):
        if path is not None:
            output_folder(path)
    existing = args.out.is_file() and args.out.stat().st_size > 0
    if existing and not args.resume:
        raise InputError(
            str(args.out), "already holds results; add --resume to continue it, or remove it"
        )
    summary = Summary()
    done: frozenset[str] = frozenset()
    if existing:
        resumed = resume_scan(args.out, summary)
        done = resumed.done
        if resumed.dropped_bytes:
            print(f"cardocr: dropped a torn last line ({resumed.dropped_bytes} bytes) of "
                  f"{args.out}; its card is read again", file=sys.stderr)
    total = count_source(source)
    if total == 0:
        raise InputError(str(source), "no card images found" if args.manifest is None
                         else "no cards in the manifest")
    todo = sum(1 for c in card_source(source) if c.card not in done) if done else total
    if done:
        print(f"cardocr: resuming: {total - todo} of {total} cards already in {args.out}",
              file=sys.stderr)
    cards = (c for c in card_source(source) if c.card not in done)
    setup = WorkerSetup(engine=args.engine, config=Config())
    workers = max(1, min(args.workers, todo))
    if args.dask is not None:
        from pipeline.cluster import run_dask

        results = run_dask(cards, address=args.dask, workers=args.workers, setup=setup,
                           card_timeout_s=timeout)
    else:
        results = run_batch(cards, workers=workers, setup=setup, card_timeout_s=timeout)
    progress = Progress(todo)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    start = time.perf_counter()
    out = ResultsFile(args.out)
    try:
        with contextlib.closing(results), out.removed_if_unused():
            n = write_results(results, out, progress, summary)
    except KeyboardInterrupt:
        progress.finish()
        print(f"cardocr: interrupted; {out.written} cards read in this run, "
              f"{summary.cards} in all are in {args.out}. To go on with the rest:\n"
              f"  {_resume_command(args)}", file=sys.stderr)
        return 130
    finally:
        out.close()
        signal.signal(signal.SIGTERM, previous)
    progress.finish()
    elapsed = time.perf_counter() - start
    if args.csv:
        write_csv(args.out, args.csv)
    for line in summary.lines(args.out, elapsed):
        print(line, file=sys.stderr)
    if args.csv:
        print(f"  CSV: {args.csv}", file=sys.stderr)
    return ExitCode.ok if n == todo else ExitCode.failed


def carrier_label(carrier: dict[str, Any] | None) -> str:
    """A result's carrier in the table: the template's id, or the directory payer's name
    marked ``(directory)``, or ``-``.

    >>> carrier_label({"id": "priority_health", "name": "Priority Health",
    ...                "source": "directory"})
    'Priority Health (directory)'
    >>> carrier_label({"id": "aetna", "name": "Aetna", "source": "template"}), carrier_label(None)
    ('aetna', '-')
    """
    if not carrier:
        return "-"
    if carrier.get("source") == "directory":
        return f"{carrier.get('name') or carrier.get('id')} (directory)"
    return str(carrier.get("id") or "-")


def _table_row(line: bytes) -> list[str]:
    """One result line as the table's row; ``ValueError`` naming the problem when the line
    is not a card result (torn, nested too deeply, another file's line)."""
    from pipeline.jsonl import loads_line

    r = loads_line(line)
    try:
        fields = r.get("fields", {})
        review = r["review"]
        return [
            str(r.get("card", "")),
            carrier_label(r.get("carrier")),
            str(fields.get("member_id", {}).get("value", "-")),
            str(fields.get("group_number", {}).get("value", "-")),
            str(r["portal"].get("group_number", "")),
            "yes" if review["needed"] else "no",
            ",".join(str(x["code"]) for x in review["reasons"]),
        ]
    except (AttributeError, KeyError, TypeError) as e:
        raise ValueError(f"not a card result (no {e})" if isinstance(e, KeyError)
                         else "not a card result") from None


def _table(args: argparse.Namespace) -> int:
    from pipeline.output import read_lines
    from pipeline.report import BadLine, describe_bad

    rows: list[list[str]] = []
    bad: list[BadLine] = []
    try:
        for number, line in read_lines(args.results):
            if line.strip():
                try:
                    rows.append(_table_row(line))
                except ValueError as e:
                    bad.append(BadLine(number, str(e)))
    except IsADirectoryError:
        raise InputError(str(args.results), "is a folder, not a JSONL file") from None
    except OSError as e:
        raise InputError(str(args.results), f"cannot read ({e.strerror})") from None
    if bad and not rows:
        raise InputError(str(args.results), f"no card results ({describe_bad(bad)})")
    if bad:
        sys.stderr.write(f"cardocr: warning: {args.results}: skipped {describe_bad(bad)}\n")
    rows.sort(key=lambda row: row[0])
    header = ["card", "carrier", "member id", "group", "portal grp", "review", "reasons"]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    out = [header, ["-" * w for w in widths], *rows]
    for row in out:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip())
    counts = Counter(row[1] for row in rows)
    print(f"\n{len(rows)} cards; {sum(r[5] == 'yes' for r in rows)} need review; "
          + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    return ExitCode.ok


def _report(args: argparse.Namespace) -> int:
    from pipeline.report import describe_bad, read_results, write_report

    out: Path = args.out or args.results.with_suffix(".html")
    if out.resolve() == args.results.resolve():
        raise _UsageError(f"--out {out} would overwrite the results")
    if out.is_dir():
        raise _UsageError(f"--out {out} is a folder; give the HTML file's name")
    results = read_results(args.results)
    if results.bad:
        sys.stderr.write(f"cardocr: warning: {args.results}: skipped "
                         f"{describe_bad(results.bad)}\n")
    size = write_report(results, args.results, out, include_all=args.all,
                        all_photos=args.all_photos, config=Config())
    flagged = sum(c.needed for c in results.cards)
    sys.stderr.write(f"cardocr: review queue of {flagged} of {len(results.cards)} cards "
                     f"in {out} ({size / 1e6:.1f} MB)\n")
    return ExitCode.ok


def _serve(args: argparse.Namespace) -> int:
    from pipeline.ocr import get_engine
    from pipeline.service.app import run
    from pipeline.service.settings import MB, ServiceSettings

    get_engine(args.engine)  # fail early, in the parent, when the engine is missing
    extra = {"max_pixels": args.max_pixels} if args.max_pixels is not None else {}
    try:
        settings = ServiceSettings(
            host=args.host, port=args.port, workers=args.workers, engine=args.engine,
            max_upload_bytes=int(args.max_upload_mb * MB), timeout_s=args.timeout_s,
            queue=args.queue, cors_origins=tuple(args.cors_origin),
            submit_url=args.submit_url, **extra,
        )
    except ValueError as e:
        raise _UsageError(str(e)) from None
    logging.getLogger("pipeline.service").setLevel(logging.DEBUG if args.verbose
                                                   else logging.INFO)
    run(settings)
    return ExitCode.ok


class _UsageError(CardOcrError):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cardocr`` console script."""
    args = _parser().parse_args(argv)
    _setup_logging(args.verbose)
    handlers = {"extract": _extract, "batch": _batch, "table": _table, "report": _report,
                "serve": _serve}
    try:
        return handlers[args.command](args)
    except (InputError, OutputError, EngineMissingError, _UsageError) as e:
        if args.verbose:
            log.exception("failed")
        print(f"cardocr: error: {e}", file=sys.stderr)
        return ExitCode.usage
    except CardOcrError as e:
        if args.verbose:
            log.exception("failed")
        print(f"cardocr: error: {e}", file=sys.stderr)
        return ExitCode.failed
    except OSError as e:  # a file the command reads or writes: /dev/full, a path under a file
        if args.verbose:
            log.exception("failed")
        print(f"cardocr: error: {os_problem(e)}", file=sys.stderr)
        return ExitCode.usage
    except KeyboardInterrupt:
        print("cardocr: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # the boundary: a bug is one line, the traceback only with -v
        if args.verbose:
            log.exception("failed")
        print(f"cardocr: internal error ({type(e).__name__}) in {args.command}; "
              "run again with -v for the traceback", file=sys.stderr)
        return ExitCode.failed


def os_problem(e: OSError) -> str:
    """An OS error in one line: the file (when known) and the system's words for it."""
    what = e.strerror or type(e).__name__
    return f"{e.filename}: {what}" if e.filename is not None else what


if __name__ == "__main__":
    sys.exit(main())
