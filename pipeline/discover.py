"""Find the cards in a batch folder, in the two shapes the contract names, lazily."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

IMAGE_EXTENSIONS = frozenset(
    {"jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp", "heic", "heif", "pdf"}
)
"""The contract's extensions, plus PDF (one page with both sides, or front and back)."""
_FLAT = re.compile(r"^(?P<card>.+?)[_-](?P<side>front|back)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CardFiles:
    """The files of one card in a batch folder or manifest."""

    card: str
    """The card's name: its subfolder, the flat files' shared prefix, or the manifest's."""
    front: Path | None
    back: Path | None
    conflict: str | None = None
    """Why the sides cannot be paired without guessing (two fronts, two backs), or None.
    Such a card is reported as a result with a review reason, never read."""


def _extension(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def _is_image(name: str) -> bool:
    """An image by its name's extension; hidden files (macOS ``._x_front.jpg``) are not.
    What the entry is (a file, a FIFO, a folder, a symbolic link that loops) is not
    looked at: named as a side, it is that side, and the decoder says why it is not a
    photo, so it gets a result rather than being passed over."""
    return not name.startswith(".") and _extension(name) in IMAGE_EXTENSIONS


def _flat_side(name: str) -> tuple[str, str]:
    """The card name and side (``front``, ``back``, or ``lone``) of a flat image file name."""
    stem = name.rpartition(".")[0]
    m = _FLAT.match(stem)
    if m:
        return m.group("card"), m.group("side").lower()
    return stem, "lone"


def _card_key(name: str) -> str:
    """The card a folder entry belongs to, from its name alone (no file-system call):
    a flat image file's card name, or the entry's name (a subfolder, or not a card)."""
    if _extension(name) in IMAGE_EXTENSIONS:
        return _flat_side(name)[0]
    return name


def _pair(card: str, fronts: list[Path], backs: list[Path], lone: list[Path]) -> CardFiles:
    """One card from the side files found for it; more than one of a side is a conflict.
    A lone image (no side suffix) is the front when nothing else claims to be."""
    if not fronts and len(lone) == 1:
        fronts = lone
    elif lone:
        fronts = fronts + lone
    problems = [
        f"{len(files)} {side} images ({', '.join(f.name for f in files)})"
        for side, files in (("front", fronts), ("back", backs)) if len(files) > 1
    ]
    return CardFiles(
        card=card,
        front=fronts[0] if fronts else None,
        back=backs[0] if backs else None,
        conflict="; ".join(problems) or None,
    )


def _card_from_entries(root: Path, card: str, names: Iterable[str]) -> CardFiles | None:
    """The card made of the folder entries ``names`` (a subfolder and/or flat files)."""
    fronts: list[Path] = []
    backs: list[Path] = []
    lone: list[Path] = []
    for name in names:
        entry = root / name
        if _is_image(name):
            _, side = _flat_side(name)
            {"front": fronts, "back": backs, "lone": lone}[side].append(entry)
        elif entry.is_dir():
            for sub in _listing(entry):
                if _is_image(sub):
                    side = sub.rpartition(".")[0].lower()
                    if side == "front":
                        fronts.append(entry / sub)
                    elif side == "back":
                        backs.append(entry / sub)
    if not (fronts or backs or lone):
        return None
    return _pair(card, fronts, backs, lone)


def _listing(folder: Path) -> list[str]:
    """A card folder's sorted entry names (none when it cannot be listed: its card then
    has no side, and a folder that holds none is not a card)."""
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def discover(root: Path) -> Iterator[CardFiles]:
    """Cards under ``root``, sorted by name: ``<card>/front.<ext>`` (+ ``back``) subfolders
    and flat ``<card>_front.<ext>`` / ``<card>-back.<ext>`` files, mixed. A lone image
    with neither suffix is a front-only card named after its stem.

    Lazy: only the sorted list of ``root``'s entry names is held (tens of bytes per file);
    subfolders are listed and files checked when their card comes up. Two fronts (or two
    backs) for one card give a card with ``conflict`` set, not a guess.
    """
    names = sorted(n for n in os.listdir(root) if not n.startswith("."))
    names.sort(key=_card_key)  # stable: a card's entries stay in name order
    for card, group in itertools.groupby(names, key=_card_key):
        found = _card_from_entries(root, card, group)
        if found is not None:
            yield found


def count_cards(cards: Iterable[CardFiles]) -> int:
    """How many cards an iterable yields, consuming it without keeping them."""
    return sum(1 for _ in cards)
