"""``cardocr report``: the HTML review queue of a batch.

Unit tests build result lines by hand (the contract's shape) and check the page's order,
escaping, missing photos, bad lines and where polygons are drawn. The end-to-end test runs
the real pipeline on committed sample cards plus a corrupt file, writes the JSONL as
``cardocr batch`` does (with the ``files`` key), runs ``cardocr report``, and opens the page
in a real headless Chromium. Expected flagged cards and their order come from the
generator's ground truth (``samples/cards/truth.jsonl``), not from the pipeline's output.

Set ``CARDOCR_DOCS_SCREENSHOT=1`` to also save the README's screenshots in ``docs/``.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.report import (
    Photo,
    load_photos,
    parse_lines,
    parse_result,
    render,
    review_queue,
    summarise,
)
from pipeline.result import failure_json, to_json
from pipeline.types import ReviewReason
from tests.test_cli import REPO, assert_one_line_error, cardocr

CARDS = REPO / "samples" / "cards"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
JsonObj = dict[str, Any]


# --- result lines built by hand ----------------------------------------------------------


def box(left: float, top: float, right: float, bottom: float) -> list[list[float]]:
    """Four corners (top-left first, clockwise) of an axis-aligned box, photo pixels."""
    return [[left, top], [right, top], [right, bottom], [left, bottom]]


def result(card: str, codes: Sequence[str] = (), *, member_conf: float | None = 0.9,
           carrier: str | None = "Aetna", files: JsonObj | None = None,
           polygon: list[list[float]] | None = None, side: str = "front") -> JsonObj:
    """A card result in the contract's shape."""
    fields: JsonObj = {}
    if member_conf is not None:
        fields["member_id"] = {"value": f"W{card}", "confidence": member_conf, "side": side,
                               "label": "ID", "polygon": polygon or box(10, 10, 60, 20)}
    out: JsonObj = {
        "schema_version": 1, "card": card,
        "carrier": {"id": "x", "name": carrier, "confidence": 0.97} if carrier else None,
        "fields": fields, "distractors": [],
        "portal": {"insurance_provider": carrier, "member_id": None, "group_number": "XXXXXX"},
        "review": {"needed": bool(codes),
                   "reasons": [{"code": c, "message": f"because {c}"} for c in codes]},
    }
    if files is not None:
        out["files"] = files
    return out


def page_of(lines: Sequence[JsonObj | str], base: Path, **kw: Any) -> str:
    text = [x if isinstance(x, str) else json.dumps(x) for x in lines]
    return "".join(render(parse_lines(text), "results.jsonl", base, **kw))


def queue_order(page: str) -> list[str]:
    return re.findall(r'<section class="card[^"]*" id="card-\d+" data-rank="\d+" '
                      r'data-card="([^"]*)"', page)


class Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


# --- order -------------------------------------------------------------------------------


def test_queue_order_by_what_most_needs_a_person(tmp_path: Path) -> None:
    lines = [
        result("ok", []),
        result("school", ["school_name_needed"], member_conf=0.2),
        result("back", ["back_image_required"], member_conf=0.95),
        result("unsure-b", ["member_id_uncertain"], member_conf=0.5),
        result("unsure-a", ["group_number_uncertain"], member_conf=0.3),
        result("carrier", ["carrier_unknown"], member_conf=0.4, carrier=None),
        result("missing", ["member_id_missing"], member_conf=None),
        result("dark", ["too_dark", "member_id_missing"], member_conf=None),
        result("broken", ["unreadable_file"], member_conf=None),
        result("lost", ["card_not_found", "member_id_uncertain"], member_conf=0.1),
    ]
    page = page_of(lines, tmp_path)
    # Unreadable or not found (lowest member-ID confidence first; none read counts as 0,
    # ties by name), then member ID missing, then uncertain by confidence, then the rest.
    assert queue_order(page) == [
        "broken", "dark", "lost", "missing", "unsure-a", "carrier", "unsure-b",
        "school", "back",
    ]
    assert "ok" not in queue_order(page)
    assert 'id="order"' in page and "lowest member-ID confidence first" in page


CODES = ["unreadable_file", "image_too_small", "card_not_found", "too_dark", "blurry",
         "glare", "carrier_unknown", "member_id_missing", "member_id_uncertain",
         "group_number_uncertain", "back_image_required", "school_name_needed", "new_code"]
URGENCY = [{"unreadable_file", "image_too_small", "too_dark", "blurry", "card_not_found"},
           {"member_id_missing"},
           {"member_id_uncertain", "group_number_uncertain", "carrier_unknown", "glare"}]


def urgency(codes: Sequence[str]) -> int:
    """The brief's order, written out independently of pipeline.report.TIERS."""
    return next((i for i, group in enumerate(URGENCY) if group & set(codes)), len(URGENCY))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(CODES), max_size=3, unique=True),
                          st.one_of(st.none(), st.floats(0, 1))), max_size=25))
def test_queue_holds_every_flagged_card_once_in_order(
    cards: list[tuple[list[str], float | None]],
) -> None:
    lines = [json.dumps(result(f"c{i:02d}", codes, member_conf=conf))
             for i, (codes, conf) in enumerate(cards)]
    queue = review_queue(parse_lines(lines).cards)
    assert sorted(c.card for c in queue) == sorted(
        f"c{i:02d}" for i, (codes, _) in enumerate(cards) if codes)
    keys = []
    for c in queue:
        member = c.field("member_id")
        conf = member.confidence if member and member.confidence is not None else 0.0
        keys.append((urgency([code for code, _ in c.reasons]), conf))
    assert keys == sorted(keys)


# --- escaping ----------------------------------------------------------------------------


def test_every_text_from_a_result_is_escaped(tmp_path: Path) -> None:
    evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    r = result(evil, ["member_id_uncertain"], member_conf=0.3, carrier=evil,
               files={"front": str(tmp_path / f"{evil}.png"), "back": None})
    r["fields"]["member_id"].update(value=evil, label=evil)
    r["fields"][evil] = {"value": evil, "confidence": 0.9, "side": "front", "label": evil,
                         "polygon": box(1, 1, 5, 5)}
    r["distractors"] = [{"kind": evil, "label": evil, "value": evil, "side": "front",
                         "polygon": box(1, 1, 5, 5)}]
    r["review"]["reasons"][0]["message"] = evil
    r["portal"]["member_id"] = evil
    page = page_of([r], tmp_path, include_all=True)
    tags = tags_of(page)
    assert not [t for t, _ in tags if t in ("script", "img", "iframe", "object")]
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("&lt;script&gt;") >= 8  # card, carrier, values, labels, message...


def test_page_makes_no_request_and_runs_no_script(tmp_path: Path) -> None:
    page = page_of([result("a", ["member_id_uncertain"], member_conf=0.4)], tmp_path)
    csp = [a["content"] for t, a in tags_of(page) if t == "meta"
           and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == ["default-src 'none'; img-src data:; style-src 'unsafe-inline'"]
    urls = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert all(u.startswith("data:") for u in urls), urls


# --- photos ------------------------------------------------------------------------------


def photo_file(path: Path, size: tuple[int, int] = (400, 250), *, orientation: int = 1,
               red: tuple[int, int, int, int] = (300, 40, 360, 80)) -> Path:
    """A grey photo with a red box at ``red`` (left, top, right, bottom) in the photo frame
    (after EXIF orientation). With an ``orientation`` tag the pixels are stored turned so
    that applying the tag gives that frame back, as phone cameras store them."""
    upright = Image.new("RGB", size, (200, 200, 200))
    upright.paste((220, 0, 0), red)
    if orientation == 1:
        upright.save(path)
        return path
    assert orientation == 6  # stored turned 90° anticlockwise; viewers turn it clockwise
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(path, exif=exif.tobytes(), quality=95)
    return path


def embedded(photo: Photo) -> Image.Image:
    head, data = photo.data_uri.split(",", 1)
    assert head == "data:image/jpeg;base64"
    return Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")


def pixel(im: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    """The RGB pixel at (x, y), pixels of ``im``."""
    value = im.getpixel((round(x), round(y)))
    assert isinstance(value, tuple)
    return (int(value[0]), int(value[1]), int(value[2]))


def is_red(rgb: tuple[int, int, int]) -> bool:
    return rgb[0] > 150 and rgb[1] < 90 and rgb[2] < 90


def test_polygon_lands_on_its_spot_of_an_exif_rotated_photo(tmp_path: Path) -> None:
    red = (300, 40, 360, 80)
    path = photo_file(tmp_path / "front.jpg", (400, 250), orientation=6, red=red)
    assert Image.open(path).size == (250, 400)  # stored turned
    polygon = box(*red)
    r = result("a", ["member_id_uncertain"], member_conf=0.5, polygon=polygon,
               files={"front": str(path), "back": None})
    card = parse_result(r, 1)
    [photo] = load_photos(card, tmp_path)
    assert isinstance(photo, Photo)
    assert (photo.width, photo.height) == (400, 250)  # the frame after EXIF orientation
    page = page_of([r], tmp_path)
    [svg] = [a for t, a in tags_of(page) if t == "svg" and a.get("class") == "overlay"]
    assert svg["viewbox"] == "0 0 400 250"
    [points] = [a["points"] for t, a in tags_of(page) if t == "polygon"]
    assert points == " ".join(f"{x:g},{y:g}" for x, y in polygon)
    # The embedded JPEG, stretched over the viewBox as the page does, shows red there.
    im = embedded(photo)
    sx, sy = im.width / photo.width, im.height / photo.height
    assert is_red(pixel(im, 330 * sx, 60 * sy))
    assert not is_red(pixel(im, 100 * sx, 200 * sy))


def test_large_photo_is_downscaled_but_keeps_its_frame(tmp_path: Path) -> None:
    path = photo_file(tmp_path / "front.png", (2400, 1500), red=(1800, 300, 2000, 500))
    card = parse_result(result("a", ["glare"], files={"front": str(path), "back": None}), 1)
    [photo] = load_photos(card, tmp_path)
    assert isinstance(photo, Photo)
    assert (photo.width, photo.height) == (2400, 1500)
    im = embedded(photo)
    assert im.width == 900 and abs(im.height - 1500 * 900 / 2400) <= 1
    assert is_red(pixel(im, 1900 * 900 / 2400, 400 * 900 / 2400))


@pytest.mark.parametrize(
    ("size", "card_width", "embedded_width"),
    [((1600, 1200), 400.0, 1600),   # a small card in a large frame keeps its pixels
     ((3000, 2000), 2800.0, 964),   # a card filling a large photo: the card ~900 px wide
     ((4000, 1000), 200.0, 2000)],  # never more than 2000 px on the longer side
)
def test_photo_is_scaled_for_the_card_in_it(
    tmp_path: Path, size: tuple[int, int], card_width: float, embedded_width: int
) -> None:
    path = photo_file(tmp_path / "front.png", size, red=(100, 100, 200, 200))
    r = result("a", ["glare"], files={"front": str(path), "back": None})
    r["quality"] = {"front": {"card_width_px": card_width}}
    [photo] = load_photos(parse_result(r, 1), tmp_path)
    assert isinstance(photo, Photo)
    assert (photo.width, photo.height) == size
    im = embedded(photo)
    assert im.width == embedded_width
    assert abs(im.height - size[1] * embedded_width / size[0]) <= 1


def test_two_page_pdf_gives_front_and_back_photos(tmp_path: Path) -> None:
    pdf = tmp_path / "card.pdf"
    front = Image.new("RGB", (300, 190), (255, 255, 255))
    back = Image.new("RGB", (320, 200), (0, 0, 255))
    front.save(pdf, save_all=True, append_images=[back])
    r = result("a", ["member_id_uncertain"], member_conf=0.5,
               files={"front": str(pdf), "back": None})
    r["fields"]["payer_id"] = {"value": "1", "confidence": 0.9, "side": "back",
                               "label": "Payer", "polygon": box(5, 5, 50, 20)}
    photos = load_photos(parse_result(r, 1), tmp_path)
    assert [(p.caption, p.sides) for p in photos if isinstance(p, Photo)] == [
        ("front (PDF page 1)", ("front",)), ("back (PDF page 2)", ("back",))]
    [_, back_photo] = photos
    assert isinstance(back_photo, Photo)
    assert back_photo.width > back_photo.height  # the pipeline's rendering of page 2
    assert pixel(embedded(back_photo), 10, 10)[2] > 200  # blue: page 2 really
    page = page_of([r], tmp_path)
    marks = re.findall(r'<g class="mark field[^"]*" data-name="([^"]+)" data-side="(\w+)"', page)
    assert marks == [("member_id", "front"), ("payer_id", "back")]


def test_side_by_side_photo_carries_both_sides_polygons(tmp_path: Path) -> None:
    path = photo_file(tmp_path / "both.png", (800, 300))
    r = result("a", ["member_id_uncertain"], member_conf=0.5,
               files={"front": str(path), "back": None})
    r["fields"]["payer_id"] = {"value": "1", "confidence": 0.9, "side": "back",
                               "label": "Payer", "polygon": box(500, 5, 550, 20)}
    [photo] = load_photos(parse_result(r, 1), tmp_path)
    assert isinstance(photo, Photo)
    assert photo.sides == ("front", "back")
    assert page_of([r], tmp_path).count("<polygon") == 2


def test_missing_photos_still_list_the_card(tmp_path: Path) -> None:
    good = photo_file(tmp_path / "good.png")
    corrupt = tmp_path / "corrupt.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    lines = [
        result("nofiles", ["member_id_uncertain"], member_conf=0.1),
        result("gone", ["member_id_uncertain"], member_conf=0.2,
               files={"front": str(tmp_path / "gone.png"), "back": None}),
        result("corrupt", ["member_id_uncertain"], member_conf=0.3,
               files={"front": str(corrupt), "back": None}),
        result("backgone", ["member_id_uncertain"], member_conf=0.4,
               files={"front": str(good), "back": str(tmp_path / "gone-back.png")}),
        result("relative", ["member_id_uncertain"], member_conf=0.5,
               files={"front": "good.png", "back": None}),
    ]
    page = page_of(lines, tmp_path)
    assert queue_order(page) == ["nofiles", "gone", "corrupt", "backgone", "relative"]
    sections = dict(zip(queue_order(page), page.split("<section")[1:], strict=True))
    for card in ("nofiles", "gone", "corrupt"):
        assert "photo not available" in sections[card] and "<img" not in sections[card]
    assert "file not found" in sections["gone"]
    assert "corrupt" in sections["corrupt"] or "not an image" in sections["corrupt"]
    assert sections["backgone"].count("<img") == 1
    assert "photo not available" in sections["backgone"]
    assert sections["relative"].count("<img") == 1  # resolved against the JSONL's folder


# --- confidences, totals, charts -----------------------------------------------------------


def test_confidences_below_the_config_thresholds_are_marked(tmp_path: Path) -> None:
    config = Config()
    path = photo_file(tmp_path / "f.png")
    low = result("low", ["member_id_uncertain"],
                 member_conf=config.member_id_min_confidence - 0.01,
                 files={"front": str(path), "back": None})
    low["fields"]["group_number"] = {"value": "G1", "confidence": config.group_min_confidence,
                                     "side": "front", "label": "Group",
                                     "polygon": box(10, 30, 60, 40)}
    page = page_of([low], tmp_path)
    assert re.search(r'<tr class="field low" data-name="member_id">', page)
    assert f"below {config.member_id_min_confidence:.2f}" in page
    assert re.search(r'<tr class="field" data-name="group_number">', page)  # at, not below
    assert re.search(r'<g class="mark field low" data-name="member_id"', page)


def test_totals_and_charts_count_reasons_and_carriers() -> None:
    lines = [json.dumps(x) for x in (
        result("a", ["member_id_missing", "carrier_unknown"], member_conf=None, carrier=None),
        result("b", ["member_id_uncertain"], carrier="Cigna"),
        result("c", [], carrier="Cigna"),
        result("d", [], carrier="Aetna"),
    )]
    summary = summarise(parse_lines(lines).cards)
    assert (summary.cards, summary.flagged) == (4, 2)
    assert dict(summary.reasons) == {"member_id_missing": 1, "carrier_unknown": 1,
                                     "member_id_uncertain": 1}
    assert summary.carriers == (("Cigna", 2, 1), ("Aetna", 1, 0),
                                ("no carrier recognised", 1, 1))


def test_all_lists_cards_without_review_compactly(tmp_path: Path) -> None:
    path = photo_file(tmp_path / "f.png")
    lines = [result("flag", ["member_id_uncertain"], member_conf=0.2),
             result("fine", [], files={"front": str(path), "back": None})]
    assert 'data-card="fine"' not in page_of(lines, tmp_path)
    page = page_of(lines, tmp_path, include_all=True)
    assert '<tr data-card="fine">' in page and "Wfine" in page
    assert page.count("<img") == 0  # no photos for them by default
    assert page_of(lines, tmp_path, all_photos=True).count("<img") == 1


# --- bad input ---------------------------------------------------------------------------


def test_bad_lines_are_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    jsonl = tmp_path / "results.jsonl"
    lines = [json.dumps(result("a", ["member_id_uncertain"], member_conf=0.3)),
             "{not json", "", json.dumps([1, 2]),
             json.dumps(result("b", ["back_image_required"])),
             json.dumps({"card": "c", "review": {"needed": "yes"}}),
             '{"card": "d", "fields": {}, "distr']  # cut short, as by a kill
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = cardocr("report", jsonl)
    assert proc.returncode == 0, proc.stderr
    warning = [x for x in proc.stderr.splitlines() if "warning" in x]
    assert len(warning) == 1
    assert re.findall(r"line (\d+)", warning[0]) == ["2", "4", "6", "7"]
    page = (tmp_path / "results.html").read_text(encoding="utf-8")
    assert queue_order(page) == ["a", "b"]
    assert "line 2: not JSON" in page and 'id="total-bad"><b>4</b>' in page


def test_bad_results_file_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    assert_one_line_error(cardocr("report", missing), str(missing), "not found")
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\nworld\n", encoding="utf-8")
    assert_one_line_error(cardocr("report", junk), str(junk), "line 1: not JSON")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert_one_line_error(cardocr("report", empty), "no card results")
    assert_one_line_error(cardocr("report", tmp_path), "folder")
    assert not list(tmp_path.glob("*.html"))


def test_bad_output_path_is_a_one_line_error(tmp_path: Path) -> None:
    jsonl = tmp_path / "results.jsonl"
    jsonl.write_text(json.dumps(result("a", ["member_id_uncertain"])) + "\n",
                     encoding="utf-8")
    assert_one_line_error(cardocr("report", jsonl, "--out", jsonl), "overwrite")
    assert_one_line_error(cardocr("report", jsonl, "--out", tmp_path), "folder")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    proc = cardocr("report", jsonl, "--out", blocker / "report.html")
    assert_one_line_error(proc, "cannot write")  # the user's path: exit 2, as any usage error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "results.jsonl"]


def test_parse_names_what_is_wrong() -> None:
    r = result("a", ["member_id_uncertain"])
    r["fields"]["member_id"]["polygon"] = [[1, 2], [3, 4]]
    with pytest.raises(ValueError, match=r"fields\.member_id\.polygon"):
        parse_result(r, 1)
    parsed = parse_lines(["", json.dumps(r)])
    assert parsed.cards == ()
    assert [(b.line, "member_id.polygon" in b.problem) for b in parsed.bad] == [(2, True)]


# --- end to end: real pipeline, real cardocr report, real Chromium -------------------------


E2E_CARDS = ("0000", "0001", "0008", "0017")
"""A card without review, one needing its back, one unreadable and one of an unknown
carrier (samples/cards/truth.jsonl)."""
TRUTH_URGENCY = {"unreadable": 0, "unreadable_file": 0, "member_id_missing": 1,
                 "member_id_uncertain": 2, "group_number_uncertain": 2, "carrier_unknown": 2}
"""Ground truth's expected review codes mapped to the brief's urgency (0 most urgent);
any other code is 3."""


def truth() -> dict[str, JsonObj]:
    lines = (CARDS / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return {t["card"]: t for t in map(json.loads, lines)}


@pytest.fixture(scope="module")
def batch_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The JSONL ``cardocr batch`` would write for the chosen cards and one corrupt file."""
    from pipeline.process import process_card

    tmp = tmp_path_factory.mktemp("report")
    corrupt = tmp / "corrupt" / "front.jpg"
    corrupt.parent.mkdir()
    corrupt.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 64)  # truncated JPEG
    t = truth()
    jobs = [(c, CARDS / t[c]["front"], CARDS / t[c]["back"] if t[c]["back"] else None)
            for c in E2E_CARDS]
    jobs.append(("corrupt", corrupt, None))
    lines = []
    for card, front, back in jobs:
        try:
            obj = to_json(process_card(front, back, card=card))
        except InputError as e:
            obj = failure_json(card, ReviewReason("unreadable_file", str(e)))
        obj["files"] = {"front": str(front.resolve()),
                        "back": str(back.resolve()) if back else None}
        lines.append(json.dumps(obj))
    out = tmp / "results.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (Debian's chromium package; `make system` "
                    "installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def rect(locator: Any) -> tuple[float, float, float, float]:
    """x, y, width, height of an element's geometry as laid out (CSS pixels of the page);
    for SVG shapes without their stroke, unlike Playwright's ``bounding_box``."""
    r = locator.evaluate("e => { const r = e.getBoundingClientRect(); "
                         "return [r.x, r.y, r.width, r.height]; }")
    return (float(r[0]), float(r[1]), float(r[2]), float(r[3]))


@pytest.mark.tesseract
def test_report_renders_in_chromium(batch_jsonl: Path, browser: Any, tmp_path: Path) -> None:
    results = [json.loads(x) for x in batch_jsonl.read_text(encoding="utf-8").splitlines()]
    html_path = tmp_path / "queue.html"
    proc = cardocr("report", batch_jsonl, "--out", html_path, "--all")
    assert proc.returncode == 0, proc.stderr
    assert "review queue of 4 of 5 cards" in proc.stderr

    # Expected from ground truth: which cards need a person, and in what order.
    t = truth()
    expected_codes = {c: t[c]["expect_review"] for c in E2E_CARDS} | {
        "corrupt": ["unreadable_file"]}
    expected_order = sorted(
        (c for c, codes in expected_codes.items() if codes),
        key=lambda c: (min(TRUTH_URGENCY.get(x, 3) for x in expected_codes[c]), c),
    )

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html_path.as_uri())
    page.wait_for_load_state("load")
    assert requests == [html_path.as_uri()]  # nothing else fetched (data: URIs only)
    assert errors == []  # no Content-Security-Policy violation, nothing broken

    cards = page.eval_on_selector_all("section.card", "els => els.map(e => e.dataset.card)")
    assert cards == expected_order

    images = page.eval_on_selector_all(
        "section.card img",
        "els => els.map(e => [e.closest('section').dataset.card, e.complete, e.naturalWidth])")
    by_result = {r["card"]: r for r in results}
    want_images = {c: 1 + (by_result[c]["files"]["back"] is not None)
                   for c in expected_order if c != "corrupt"}
    assert {c: sum(1 for x in images if x[0] == c) for c in want_images} == want_images
    assert all(done and width > 0 for _, done, width in images), images
    missing = page.inner_text('section.card[data-card="corrupt"]')
    assert "photo not available" in missing

    # One polygon per field and distractor of each flagged card, drawn on its photo.
    for card in expected_order:
        r = by_result[card]
        n = len(r["fields"]) + len(r["distractors"])
        drawn = page.locator(f'section.card[data-card="{card}"] svg.overlay polygon').count()
        assert drawn == n, card
    assert page.locator("svg.overlay polygon").count() > 0

    # The member ID's polygon sits where its photo coordinates say, as the browser laid
    # it out: photo pixel (x, y) → image box left + x · shown width / photo width.
    for card in expected_order:
        member = by_result[card]["fields"].get("member_id")
        if member is None:
            continue
        fig = page.locator(f'section.card[data-card="{card}"] figure.photo').nth(
            0 if member["side"] == "front" or by_result[card]["files"]["back"] is None else 1)
        img = rect(fig.locator("img"))
        poly = rect(fig.locator('g[data-name="member_id"] polygon'))
        w, h = int(fig.get_attribute("data-width")), int(fig.get_attribute("data-height"))
        xs = [p[0] for p in member["polygon"]]
        ys = [p[1] for p in member["polygon"]]
        sx, sy = img[2] / w, img[3] / h
        assert poly[0] == pytest.approx(img[0] + min(xs) * sx, abs=1)
        assert poly[1] == pytest.approx(img[1] + min(ys) * sy, abs=1)
        assert poly[2] == pytest.approx((max(xs) - min(xs)) * sx, abs=1)
        assert poly[3] == pytest.approx((max(ys) - min(ys)) * sy, abs=1)
        member_text = page.inner_text(
            f'section.card[data-card="{card}"] tr[data-name="member_id"] td.value')
        assert member_text == member["value"]

    # Totals and charts.
    assert page.inner_text("#total-cards b") == "5"
    assert page.inner_text("#total-flagged b") == str(len(expected_order))
    reason_codes = {x["code"] for r in results for x in r["review"]["reasons"]}
    assert set(page.eval_on_selector_all(
        "#chart-reasons g.bar", "els => els.map(e => e.dataset.label)")) == reason_codes
    carrier_bars = page.eval_on_selector_all(
        "#chart-carriers g.bar", "els => els.map(e => Number(e.dataset.count))")
    assert sum(carrier_bars) == 5
    assert rect(page.locator("#chart-reasons rect").first)[2] > 0
    assert page.locator('#no-review tr[data-card="0000"]').count() == 1

    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    if os.environ.get("CARDOCR_DOCS_SCREENSHOT") == "1":
        docs = REPO / "docs"
        docs.mkdir(exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 760})
        page.screenshot(path=str(docs / "report.png"))
        page.locator('section.card[data-card="0017"]').screenshot(
            path=str(docs / "report-card.png"))
    page.close()

