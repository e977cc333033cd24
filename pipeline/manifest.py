"""Read a batch manifest: a CSV or JSONL file of (card, front, back) paths, lazily.

CSV: a header row naming the columns ``card``, ``front`` and optionally ``back`` (other
columns are ignored), then one row per card; an empty ``back`` means none. JSONL: one
object per line with the same keys (``back`` may be missing or null). Relative paths are
relative to the manifest's folder. A row with a back but no front is a card whose sides
cannot be paired: it becomes a result with a review reason, like a back alone in a folder.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.discover import CardFiles
from pipeline.errors import InputError
from pipeline.jsonl import loads_line

MANIFEST_SUFFIXES = (".csv", ".jsonl")
COLUMNS = ("card", "front", "back")
_MAX_DUPLICATES_SHOWN = 3


def is_manifest(path: Path) -> bool:
    """True when ``path`` names a manifest by its suffix (``.csv`` or ``.jsonl``)."""
    return path.suffix.lower() in MANIFEST_SUFFIXES


def _side(base: Path, value: str | None) -> Path | None:
    if value is None or not value.strip():
        return None
    path = Path(value.strip())
    return path if path.is_absolute() else base / path


def _card(base: Path, where: str, card: object, front: object, back: object) -> CardFiles:
    if not isinstance(card, str) or not card.strip():
        raise InputError(where, "no card name")
    for name, value in (("front", front), ("back", back)):
        if value is not None and not isinstance(value, str):
            raise InputError(where, f"{name} must be a path (text), not {type(value).__name__}")
    assert front is None or isinstance(front, str)
    assert back is None or isinstance(back, str)
    files = CardFiles(card.strip(), _side(base, front), _side(base, back))
    if files.front is None and files.back is None:
        raise InputError(where, f"card {files.card!r} has neither a front nor a back path")
    return files


def _text_lines(path: Path, f: Iterable[bytes]) -> Iterator[str]:
    """The lines of a manifest as text; a line that is not UTF-8 is an
    :class:`InputError` naming it (a BOM at the start is dropped)."""
    for number, raw in enumerate(f, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{path} line {number}", "not UTF-8 text") from None


def _csv_rows(path: Path) -> Iterator[CardFiles]:
    base = path.parent
    with path.open("rb") as f:
        reader = csv.reader(_text_lines(path, f))
        try:
            header = next(reader, None)
        except csv.Error as e:
            raise InputError(f"{path} line 1", f"not CSV ({e})") from None
        if header is None:
            raise InputError(str(path), "empty manifest: expected a header row card,front,back")
        columns = [h.strip().lower() for h in header]
        missing = [c for c in ("card", "front") if c not in columns]
        if missing:
            raise InputError(
                f"{path} line 1",
                f"header lacks column {', '.join(missing)} (expected card,front,back)",
            )
        index = {c: columns.index(c) for c in COLUMNS if c in columns}
        try:
            for row in reader:
                where = f"{path} line {reader.line_num}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise InputError(
                        where, f"{len(row)} fields where the header has {len(header)}"
                    )
                back = row[index["back"]] if "back" in index else None
                yield _card(base, where, row[index["card"]], row[index["front"]], back)
        except csv.Error as e:
            raise InputError(f"{path} line {reader.line_num}", f"not CSV ({e})") from None


def _jsonl_rows(path: Path) -> Iterator[CardFiles]:
    base = path.parent
    with path.open("rb") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{path} line {number}"
            try:
                row: Any = loads_line(line)
            except ValueError as e:
                raise InputError(where, str(e)) from None
            if not isinstance(row, dict):
                raise InputError(where, "expected an object with card, front and back")
            unknown = sorted(set(row) - set(COLUMNS))
            if "card" not in row or ("front" not in row and "back" not in row):
                raise InputError(where, "expected the keys card and front (back optional)")
            if unknown:
                raise InputError(where, f"unknown key {', '.join(map(repr, unknown))}")
            yield _card(base, where, row["card"], row.get("front"), row.get("back"))


def read_manifest(path: Path) -> Iterator[CardFiles]:
    """The manifest's cards in file order, read lazily. Raises
    :class:`pipeline.errors.InputError` (file and line named) for a malformed row when it
    is reached; :func:`check_manifest` finds them all up front."""
    if not path.is_file():
        raise InputError(str(path), "manifest not found")
    if path.suffix.lower() == ".csv":
        return _csv_rows(path)
    if path.suffix.lower() == ".jsonl":
        return _jsonl_rows(path)
    raise InputError(str(path), "a manifest is a .csv or .jsonl file")


def check_manifest(path: Path) -> int:
    """Read the whole manifest once and return its number of cards. Raises
    :class:`pipeline.errors.InputError` for the first malformed row, or when card names
    repeat (the duplicates named), since results are keyed by card name. Holds only the
    set of card names."""
    seen: set[str] = set()
    duplicates: dict[str, int] = {}
    count = 0
    for files in read_manifest(path):
        count += 1
        if files.card in seen:
            duplicates[files.card] = duplicates.get(files.card, 1) + 1
        seen.add(files.card)
    if duplicates:
        shown = ", ".join(
            f"{name!r} ({n} times)" for name, n in list(duplicates.items())[:_MAX_DUPLICATES_SHOWN]
        )
        more = len(duplicates) - _MAX_DUPLICATES_SHOWN
        raise InputError(
            str(path),
            f"{len(duplicates)} duplicate card name{'s' if len(duplicates) > 1 else ''}: "
            f"{shown}{f' and {more} more' if more > 0 else ''}; each card must appear once",
        )
    return count
