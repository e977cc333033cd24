"""The ``cardocr`` command: the one place exceptions become exit codes and messages."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.config import Config
from pipeline.errors import CardOcrError, EngineMissingError, ExitCode, InputError
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
    common(ex)

    ba = sub.add_parser("batch", help="read every card under a folder into a JSONL file")
    ba.add_argument("dir", type=Path, help="folder of cards")
    ba.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    ba.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="worker processes (default: the number of cores)")
    common(ba)

    ta = sub.add_parser("table", help="print a readable table of a batch's JSONL results")
    ta.add_argument("results", type=Path)
    ta.add_argument("-v", "--verbose", action="store_true")

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


def _extract(args: argparse.Namespace) -> int:
    from pipeline.process import process_card
    from pipeline.result import to_json

    result = process_card(args.front, args.back, engine=args.engine, config=Config())
    json.dump(to_json(result), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return ExitCode.ok


def _batch(args: argparse.Namespace) -> int:
    from pipeline.batch import Progress, WorkerSetup, run_batch, write_results
    from pipeline.discover import discover
    from pipeline.ocr import get_engine

    if not args.dir.is_dir():
        raise InputError(str(args.dir), "not a folder")
    if args.workers < 1:
        raise _UsageError("--workers must be at least 1")
    get_engine(args.engine)  # fail early, in the parent, when the engine is missing
    cards = list(discover(args.dir))
    if not cards:
        raise InputError(str(args.dir), "no card images found")
    workers = min(args.workers, len(cards))
    setup = WorkerSetup(engine=args.engine, config=Config())
    progress = Progress(len(cards))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        n = write_results(run_batch(cards, workers=workers, setup=setup), out, progress)
    sys.stderr.write(
        f"cardocr: {n} cards at {progress.rate():.1f} cards/s, {progress.flagged} need "
        f"review; results in {args.out}\n"
    )
    return ExitCode.ok if n == len(cards) else ExitCode.failed


def _table(args: argparse.Namespace) -> int:
    rows = []
    try:
        lines = args.results.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(str(args.results), f"cannot read ({e.strerror})") from None
    for line in lines:
        if not line.strip():
            continue
        r = json.loads(line)
        fields = r.get("fields", {})
        rows.append([
            r.get("card", ""),
            (r.get("carrier") or {}).get("id") or "-",
            fields.get("member_id", {}).get("value", "-"),
            fields.get("group_number", {}).get("value", "-"),
            r["portal"].get("group_number", ""),
            "yes" if r["review"]["needed"] else "no",
            ",".join(x["code"] for x in r["review"]["reasons"]),
        ])
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
    handlers = {"extract": _extract, "batch": _batch, "table": _table, "serve": _serve}
    try:
        return handlers[args.command](args)
    except (InputError, EngineMissingError, _UsageError) as e:
        if args.verbose:
            log.exception("failed")
        print(f"cardocr: error: {e}", file=sys.stderr)
        return ExitCode.usage
    except CardOcrError as e:
        if args.verbose:
            log.exception("failed")
        print(f"cardocr: error: {e}", file=sys.stderr)
        return ExitCode.failed
    except KeyboardInterrupt:
        print("cardocr: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
