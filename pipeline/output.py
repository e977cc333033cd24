"""Where a batch's results go: the JSONL file (appended whole lines, resumable), the CSV,
the summary and the progress bar."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pipeline.errors import InputError, OutputError
from pipeline.jsonl import loads_line

PORTAL_COLUMNS = ("insurance_provider", "member_id", "group_number", "first_name", "last_name")
"""The contract's portal keys, the CSV's first columns after ``card``."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet (CSV injection)."""


class ResultsFile:
    """A JSONL file that results are appended to, each as one whole line in one write.

    Opened with ``O_APPEND`` and written with ``os.write`` (no Python buffer): a line is in
    the file as soon as :meth:`append` returns, so a batch killed at any moment (SIGKILL
    included) leaves whole lines, save at most a torn last one, which :func:`resume_scan`
    drops. Ctrl-C is held off while a line is written. New files are private (0600):
    results are protected health information.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.created = not path.exists()
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as e:
            raise OutputError(str(path), f"cannot write ({e.strerror})") from None
        self.written = 0

    @contextlib.contextmanager
    def removed_if_unused(self) -> Iterator[None]:
        """Remove the file on the way out when this run created it and wrote no result
        (the batch failed before its first card: no empty file is left behind)."""
        try:
            yield
        finally:
            if self.created and self.written == 0:
                self.close()
                with contextlib.suppress(OSError):
                    if self.path.stat().st_size == 0:
                        self.path.unlink()

    def append(self, result: dict[str, Any]) -> None:
        data = (json.dumps(result, separators=(",", ":")) + "\n").encode("utf-8")
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view):]
        except OSError as e:  # a full disk, /dev/full
            raise OutputError(str(self.path), f"cannot write ({e.strerror})") from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        self.written += 1

    def close(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.fsync(self._fd)
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> ResultsFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class Resumed:
    """What an earlier run left in the output file."""

    done: frozenset[str]
    """Card names that already have a result line."""
    lines: int
    """Whole result lines kept."""
    dropped_bytes: int
    """Bytes of a torn last line cut off (0 when the file ended cleanly)."""


def read_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line with its newline) of a file, one line in memory at a time."""
    with path.open("rb") as f:
        yield from enumerate(f, start=1)


def _parse(path: Path, number: int, line: bytes) -> dict[str, Any]:
    try:
        obj = loads_line(line)
    except ValueError:
        obj = None
    if not isinstance(obj, dict) or not isinstance(obj.get("card"), str):
        raise InputError(
            f"{path} line {number}",
            "not a card result; is this a cardocr batch output? (choose another --out)",
        )
    return obj


def resume_scan(path: Path, summary: Summary | None = None) -> Resumed:
    """Read an earlier run's output: the cards done, each result fed to ``summary``. A
    last line without its newline (the batch was killed while writing it) is cut off the
    file; any other line that is not a card result raises
    :class:`pipeline.errors.InputError`. Memory: the set of card names."""
    done: set[str] = set()
    kept = 0
    offset = 0
    torn = 0
    for number, line in read_lines(path):
        if not line.endswith(b"\n"):
            torn = len(line)
            break
        result = _parse(path, number, line)
        done.add(result["card"])
        if summary is not None:
            summary.add(result, earlier=True)
        kept += 1
        offset += len(line)
    if torn:
        os.truncate(path, offset)
    return Resumed(done=frozenset(done), lines=kept, dropped_bytes=torn)


def iter_results_file(path: Path) -> Iterator[dict[str, Any]]:
    """The results of a batch's JSONL file, one at a time."""
    for number, line in read_lines(path):
        if line.strip():
            yield _parse(path, number, line)


# --------------------------------------------------------------------------- CSV


def _cell(value: object) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _confidence(result: dict[str, Any], name: str) -> str:
    field = result.get("fields", {}).get(name)
    return f"{field['confidence']:.3f}" if field else ""


def csv_columns(results: Iterable[dict[str, Any]]) -> list[str]:
    """The CSV's columns: card, the portal keys (contract ones first, then any extra
    ones in the order first seen), the two confidences, review needed and reasons."""
    extra: dict[str, None] = {}
    for r in results:
        for key in r.get("portal", {}):
            if key not in PORTAL_COLUMNS:
                extra.setdefault(key)
    return ["card", *PORTAL_COLUMNS, *extra, "member_id_confidence",
            "group_number_confidence", "review_needed", "review_reasons"]


def csv_row(result: dict[str, Any], columns: list[str]) -> list[str]:
    """One card's CSV row; review reasons as their codes joined by ``;``."""
    portal = result.get("portal", {})
    values: dict[str, object] = {
        "card": result.get("card"),
        "member_id_confidence": _confidence(result, "member_id"),
        "group_number_confidence": _confidence(result, "group_number"),
        "review_needed": "yes" if result["review"]["needed"] else "no",
        "review_reasons": ";".join(r["code"] for r in result["review"]["reasons"]),
    }
    return [_cell(values[c] if c in values else portal.get(c)) for c in columns]


def write_csv(jsonl: Path, out: Path) -> int:
    """Write the CSV of a batch's JSONL file (all its cards, in its order); returns the
    rows written. Reads the JSONL twice (columns, then rows), never whole; the CSV
    appears complete or not at all (written aside, then renamed)."""
    columns = csv_columns(iter_results_file(jsonl))
    part = out.with_name(out.name + ".part")
    n = 0
    try:
        with part.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for r in iter_results_file(jsonl):
                writer.writerow(csv_row(r, columns))
                n += 1
        os.replace(part, out)
    except OSError as e:
        with contextlib.suppress(OSError):
            part.unlink()
        raise OutputError(str(out), f"cannot write ({e.strerror})") from None
    return n


# --------------------------------------------------------------------------- summary


class Summary:
    """Counts of a batch's results: by carrier, by review reason, pairing problems."""

    def __init__(self) -> None:
        self.cards = 0
        self.earlier = 0
        """Results from an earlier run (resumed)."""
        self.review = 0
        self.carriers: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.pairing: Counter[str] = Counter()
        self.timed_out = 0

    def add(self, result: dict[str, Any], *, earlier: bool = False) -> None:
        self.cards += 1
        self.earlier += earlier
        self.review += bool(result["review"]["needed"])
        self.carriers[(result.get("carrier") or {}).get("id") or "unknown"] += 1
        self.reasons.update({r["code"] for r in result["review"]["reasons"]})
        if result.get("pairing"):
            self.pairing[result["pairing"]] += 1
        self.timed_out += bool(result.get("timed_out"))

    def lines(self, out: Path, elapsed_s: float) -> list[str]:
        """The summary printed at the end; ``elapsed_s`` is this run's wall time."""
        now = self.cards - self.earlier
        rate = now / elapsed_s if elapsed_s > 0 else 0.0
        before = f"; {self.earlier} from before" if self.earlier else ""
        share = f" ({self.review / self.cards:.1%})" if self.cards else ""

        def counts(c: Counter[str]) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1],
                                                                                     kv[0])))

        lines = [
            f"cardocr: {self.cards} cards in {out} ({now} read now in {elapsed_s:.1f} s, "
            f"{rate:.2f} cards/s{before})",
            f"  need review: {self.review}{share}",
            f"  by carrier: {counts(self.carriers) or '-'}",
            f"  by review reason: {counts(self.reasons) or '-'}",
        ]
        if self.pairing:
            lines.append(f"  sides not paired: {sum(self.pairing.values())} "
                         f"({counts(self.pairing)})")
        if self.timed_out:
            lines.append(f"  past the time limit: {self.timed_out}")
        return lines


# --------------------------------------------------------------------------- progress


class Progress:
    """A one-line progress bar on a terminal stream (plain lines every 5 s when not a
    terminal). ``total`` may be None when unknown: then the count and rate only."""

    def __init__(self, total: int | None, stream: IO[str] = sys.stderr) -> None:
        self.total = total
        self.done = 0
        self.flagged = 0
        self.stream = stream
        self.start = time.perf_counter()
        self.tty = stream.isatty()
        self._last = 0.0

    def update(self, needs_review: bool) -> None:
        self.done += 1
        self.flagged += needs_review
        now = time.perf_counter()
        if self.tty or now - self._last > 5 or self.done == self.total:
            self._last = now
            self._draw(now)

    def elapsed(self) -> float:
        """Seconds since the start."""
        return time.perf_counter() - self.start

    def rate(self) -> float:
        """Cards per second so far."""
        return self.done / max(self.elapsed(), 1e-9)

    def _draw(self, now: float) -> None:
        rate = self.done / max(now - self.start, 1e-9)
        if self.total is None:
            count = f"{self.done} cards"
        else:
            frac = self.done / self.total if self.total else 1.0
            count = f"[{'#' * int(frac * 30):<30}] {self.done}/{self.total} cards"
        line = f"{count}  {rate:.1f} cards/s  {self.flagged} need review"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        if self.tty and self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line on a terminal (when the total was not reached)."""
        if self.tty and self.done != self.total:
            self.stream.write("\n")
            self.stream.flush()


def write_results(
    results: Iterable[dict[str, Any]], out: ResultsFile, progress: Progress,
    summary: Summary | None = None,
) -> int:
    """Append each result as one line, counting it; returns the number written."""
    n = 0
    for r in results:
        out.append(r)
        progress.update(bool(r["review"]["needed"]))
        if summary is not None:
            summary.add(r)
        n += 1
    return n
