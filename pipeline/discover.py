"""Find the cards in a batch folder, in the two shapes the contract names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

IMAGE_EXTENSIONS = frozenset(
    {"jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp", "heic", "heif", "pdf"}
)
"""The contract's extensions, plus PDF (one page with both sides, or front and back)."""
_FLAT = re.compile(r"^(?P<card>.+?)[_-](?P<side>front|back)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CardFiles:
    """The files of one card in a batch folder."""

    card: str
    """The card's name: its subfolder, or the flat files' shared prefix."""
    front: Path | None
    back: Path | None


def _is_image(path: Path) -> bool:
    """An image file by its extension; hidden files (macOS ``._x_front.jpg``) are not."""
    return (
        not path.name.startswith(".")
        and path.is_file()
        and path.suffix.lower().lstrip(".") in IMAGE_EXTENSIONS
    )


def discover(root: Path) -> Iterator[CardFiles]:
    """Cards under ``root``, sorted by name: ``<card>/front.<ext>`` (+ ``back``) subfolders
    and flat ``<card>_front.<ext>`` / ``<card>-back.<ext>`` files, mixed. A lone image
    with neither suffix is a front-only card named after its stem."""
    cards: dict[str, dict[str, Path]] = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            sides = {
                f.stem.lower(): f for f in sorted(entry.iterdir())
                if _is_image(f) and f.stem.lower() in ("front", "back")
            }
            if sides:
                cards.setdefault(entry.name, {}).update(sides)
        elif _is_image(entry):
            m = _FLAT.match(entry.stem)
            if m:
                cards.setdefault(m.group("card"), {})[m.group("side").lower()] = entry
            else:
                cards.setdefault(entry.stem, {}).setdefault("front", entry)
    for name in sorted(cards):
        sides = cards[name]
        yield CardFiles(card=name, front=sides.get("front"), back=sides.get("back"))
