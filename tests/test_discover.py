"""Finding the cards of a batch folder in the contract's two shapes, mixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.discover import CardFiles, discover


def touch(root: Path, *names: str) -> None:
    """Create files (contents do not matter to discovery) and their folders."""
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")


def cards(root: Path) -> list[CardFiles]:
    return list(discover(root))


def test_mixed_folder(tmp_path: Path) -> None:
    touch(
        tmp_path,
        # a subfolder per card
        "alice/front.jpg",
        "alice/back.png",
        "bob/front.JPEG",  # upper-case extension
        "bob/back.HEIC",
        "carol/back.webp",  # back only
        "dave/front.tif",  # front only
        "dave/notes.txt",  # not an image: ignored
        "dave/front.svg",  # not an accepted extension: ignored
        # flat files
        "0042_front.jpg",
        "0042_back.jpg",
        "0043-front.PNG",
        "0043-back.webp",
        "0044_back.bmp",  # back only
        "0045_front.TIFF",
        "0046-FRONT.Jpg",  # upper-case side and mixed-case extension
        "0048_front.pdf",  # a PDF holds one card: one page with both sides, or two pages
        # not cards
        "README.txt",
        "results.jsonl",
        ".DS_Store",
        "0047_front.gif",  # GIF is not an accepted extension
        "empty/notes.md",  # a folder without a front or back image
    )
    (tmp_path / "nothing").mkdir()
    t = tmp_path
    assert cards(tmp_path) == [
        CardFiles("0042", t / "0042_front.jpg", t / "0042_back.jpg"),
        CardFiles("0043", t / "0043-front.PNG", t / "0043-back.webp"),
        CardFiles("0044", None, t / "0044_back.bmp"),
        CardFiles("0045", t / "0045_front.TIFF", None),
        CardFiles("0046", t / "0046-FRONT.Jpg", None),
        CardFiles("0048", t / "0048_front.pdf", None),
        CardFiles("alice", t / "alice/front.jpg", t / "alice/back.png"),
        CardFiles("bob", t / "bob/front.JPEG", t / "bob/back.HEIC"),
        CardFiles("carol", None, t / "carol/back.webp"),
        CardFiles("dave", t / "dave/front.tif", None),
    ]


@pytest.mark.parametrize(
    "ext", ["jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp", "heic", "pdf"]
)
@pytest.mark.parametrize("shape", ["folder", "flat"])
def test_every_contract_extension_in_any_case(tmp_path: Path, ext: str, shape: str) -> None:
    for variant in (ext, ext.upper()):
        if shape == "folder":
            touch(tmp_path, f"c_{variant}/front.{variant}")
        else:
            touch(tmp_path, f"c_{variant}_front.{variant}")
    found = cards(tmp_path)
    assert [c.card for c in found] == sorted([f"c_{ext}", f"c_{ext.upper()}"])
    assert all(c.front is not None and c.back is None for c in found)


def test_card_names_may_hold_separators(tmp_path: Path) -> None:
    """Only the last ``_front``/``-back`` is the side; the rest is the card's name."""
    touch(tmp_path, "john_smith_front.jpg", "john_smith_back.jpg", "my-card-back.png",
          "my-card-front.png", "x_back_front.png")
    t = tmp_path
    assert cards(tmp_path) == [
        CardFiles("john_smith", t / "john_smith_front.jpg", t / "john_smith_back.jpg"),
        CardFiles("my-card", t / "my-card-front.png", t / "my-card-back.png"),
        CardFiles("x_back", t / "x_back_front.png", None),
    ]


def test_words_that_merely_end_in_front_are_not_sides(tmp_path: Path) -> None:
    """``storefront.png`` has no ``_``/``-`` before ``front``: it is not a side file."""
    touch(tmp_path, "storefront.png")
    found = cards(tmp_path)
    assert [c.card for c in found] == ["storefront"]


def test_subfolder_only_counts_front_and_back(tmp_path: Path) -> None:
    """Other images in a card's folder (a selfie, a thumbnail) are not sides."""
    touch(tmp_path, "card1/front.png", "card1/front_old.png", "card1/thumb.jpg",
          "card1/deeper/back.png")
    assert cards(tmp_path) == [CardFiles("card1", tmp_path / "card1/front.png", None)]


def test_lone_image_is_a_front_only_card(tmp_path: Path) -> None:
    """Documented by ``discover``: an image with neither suffix is a front named by its stem."""
    touch(tmp_path, "scan17.jpg")
    assert cards(tmp_path) == [CardFiles("scan17", tmp_path / "scan17.jpg", None)]


def test_empty_and_imageless_folders_give_no_cards(tmp_path: Path) -> None:
    assert cards(tmp_path) == []
    touch(tmp_path, "notes.txt", "sub/readme.md")
    assert cards(tmp_path) == []


def test_cards_come_sorted_by_name(tmp_path: Path) -> None:
    touch(tmp_path, "b/front.png", "a_front.png", "c-front.png", "0001/front.jpg")
    assert [c.card for c in cards(tmp_path)] == ["0001", "a", "b", "c"]


def test_symlinked_images_are_followed(tmp_path: Path) -> None:
    """Batch folders may link to images kept elsewhere."""
    touch(tmp_path, "store/real.png")
    (tmp_path / "cards" / "k").mkdir(parents=True)
    (tmp_path / "cards" / "k" / "front.png").symlink_to(tmp_path / "store" / "real.png")
    assert cards(tmp_path / "cards") == [
        CardFiles("k", tmp_path / "cards" / "k" / "front.png", None)
    ]


def test_two_fronts_or_two_backs_are_a_conflict_not_a_guess(tmp_path: Path) -> None:
    touch(tmp_path, "a/front.png", "a/front.jpg", "a/back.png",  # two fronts in a folder
          "b_front.png", "b-front.jpg",  # two flat fronts
          "c/front.png", "c_front.png",  # a folder and a flat file for one card
          "d_back.png", "d-back.png", "d_front.png",  # two backs
          "e.png", "e_front.png",  # a lone image and a front
          "f.png", "f_back.png")  # a lone image is the front of its back: paired
    found = {c.card: c for c in cards(tmp_path)}
    for name in "abcde":
        assert found[name].conflict is not None, name
    assert found["a"].conflict == "2 front images (front.jpg, front.png)"
    assert found["d"].conflict == "2 back images (d-back.png, d_back.png)"
    assert "front" in (found["e"].conflict or "")
    assert found["f"] == CardFiles("f", tmp_path / "f.png", tmp_path / "f_back.png")


def test_discovery_is_lazy(tmp_path: Path) -> None:
    """Each card's files are looked at when it comes up, not all before the first: a
    card removed after the first was yielded is not yielded."""
    touch(tmp_path, "a/front.png", "b/front.png", "c/front.png")
    found = discover(tmp_path)
    assert next(found).card == "a"
    (tmp_path / "c" / "front.png").unlink()
    assert [c.card for c in found] == ["b"]


def test_many_cards_come_sorted_and_paired(tmp_path: Path) -> None:
    """Flat sides that sort apart (``x_back`` < ``x_b_front`` < ``x_front``) still pair."""
    touch(tmp_path, "x_back.png", "x_b_front.png", "x_front.png", "x-a_front.png")
    assert cards(tmp_path) == [
        CardFiles("x", tmp_path / "x_front.png", tmp_path / "x_back.png"),
        CardFiles("x-a", tmp_path / "x-a_front.png", None),
        CardFiles("x_b", tmp_path / "x_b_front.png", None),
    ]
