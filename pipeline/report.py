"""The HTML review queue of a batch: one self-contained page, the cards that need a person first.

Reads the JSONL that ``cardocr batch`` writes and renders every flagged card with its
photos (downscaled JPEG as ``data:`` URIs), each field's and distractor's polygon drawn over
the photo in an SVG whose viewBox is the photo's own pixel size (the contract's *photo*
frame: the uploaded image after EXIF orientation, see :mod:`pipeline.types`), the values
read with their confidences, and the review reasons. The page makes no external request
and runs no script; its Content-Security-Policy forbids both.

Text from results (OCR values, labels, file names, messages) is always ``html.escape``-d.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import html
import io
import math
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from PIL import Image

from pipeline import __version__
from pipeline.config import Config
from pipeline.decode import decode_file_pages
from pipeline.errors import InputError, OutputError
from pipeline.jsonl import loads_line
from pipeline.review import REASON_ORDER
from pipeline.types import DecodedImage, Side

CARD_MAX_PX = 900
"""Photos are embedded downscaled so that the card in them is at most this wide, pixels
(its width in the photo is the result's ``quality.<side>.card_width_px``): a card's
smallest print stays readable when zoomed, at ~40-80 kB of JPEG per side. A small card
in a large frame keeps its pixels; a photo of both cards side by side keeps both."""
PHOTO_MAX_PX = 2000
"""... and so that the photo's longer side is at most this, pixels."""
PHOTO_MAX_SIZE_UNKNOWN = (900, 1200)
"""Largest width and height of a photo whose card width the result does not give."""
LABEL_FONT_PER_WIDTH = 75
"""Polygon labels are ``photo width / 75`` photo pixels high: 12 px on screen when the
photo is shown 900 px wide, whatever its resolution (half that for a photo of two cards
side by side, shown up to twice as wide)."""
JPEG_QUALITY = 80
"""JPEG quality of embedded photos (Pillow scale, 1-95)."""

TIERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("photo unreadable or card not found", frozenset(
        {"unreadable_file", "image_too_small", "too_dark", "blurry", "card_not_found"})),
    ("member ID missing", frozenset({"member_id_missing"})),
    ("uncertain", frozenset(
        {"member_id_uncertain", "group_number_uncertain", "carrier_unknown",
         "carrier_uncertain", "glare"})),
)
"""What most needs a person, first to last: a card's tier is that of its most urgent
reason. Every other code (``back_image_required``, ``school_name_needed``, codes added
later) falls into a last tier, "other"."""
OTHER_TIER = "other"

_FIELD_COLOURS = {
    "member_id": "#1565c0", "member_id_prefix": "#1565c0", "member_id_suffix": "#1565c0",
    "group_number": "#2e7d32", "member_name": "#6a1b9a", "subscriber_name": "#6a1b9a",
}
_DEFAULT_FIELD_COLOUR = "#00838f"
_LOW_COLOUR = "#d32f2f"
_DISTRACTOR_COLOUR = "#ef6c00"


# --- the results file -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldView:
    """One value read (a field) or one labelled number that is not wanted (a distractor)."""

    name: str
    """Field name (``member_id``...) or distractor kind (``health_plan``...)."""
    value: str
    confidence: float | None
    """0-1; None for distractors."""
    side: Side
    label: str
    polygon: tuple[tuple[float, float], ...]
    """Four corners in the photo frame of ``side``, pixels (the result's ``polygon``)."""


@dataclass(frozen=True, slots=True)
class CardView:
    """What the report needs of one result line, checked and typed."""

    line: int
    """1-based line number in the JSONL file."""
    card: str
    """The card's name (``card`` key), or ``line N`` when the result has none."""
    carrier_name: str | None
    carrier_confidence: float | None
    fields: tuple[FieldView, ...]
    distractors: tuple[FieldView, ...]
    portal: tuple[tuple[str, str], ...]
    needed: bool
    reasons: tuple[tuple[str, str], ...]
    """(code, message) pairs, in the result's order."""
    front: str | None
    """Path of the front upload (the ``files`` key batch adds), or None."""
    back: str | None
    sides: frozenset[Side]
    """Sides the pipeline located, from the ``quality`` key and the fields' sides."""
    card_widths: tuple[tuple[Side, float], ...] = ()
    """Width of each located card in its photo, photo pixels (``quality.<side>.
    card_width_px``, an extra key of the result; absent in failure results)."""

    def field(self, name: str) -> FieldView | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    """1-based line number."""
    problem: str


@dataclass(frozen=True, slots=True)
class Results:
    """The parsed JSONL: the card results that could be read, and the lines that could not."""

    cards: tuple[CardView, ...]
    bad: tuple[BadLine, ...]


def _text(v: Any, what: str) -> str:
    if not isinstance(v, str):
        raise ValueError(f"{what} is not a string")
    return v


def _number(v: Any, what: str) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError(f"{what} is not a number")
    return float(v)


def _side(v: Any, what: str) -> Side:
    if v == "front":
        return "front"
    if v == "back":
        return "back"
    raise ValueError(f"{what} is neither front nor back")


def _polygon(v: Any, what: str) -> tuple[tuple[float, float], ...]:
    if not isinstance(v, list) or len(v) != 4:
        raise ValueError(f"{what} is not four points")
    points = []
    for p in v:
        if not isinstance(p, list) or len(p) != 2:
            raise ValueError(f"{what} is not four points")
        points.append((_number(p[0], what), _number(p[1], what)))
    return tuple(points)


def _reading(name: str, v: Any, what: str, *, confidence: bool) -> FieldView:
    if not isinstance(v, dict):
        raise ValueError(f"{what} is not an object")
    return FieldView(
        name=name,
        value=str(v.get("value", "")),
        confidence=_number(v.get("confidence"), f"{what}.confidence") if confidence else None,
        side=_side(v.get("side", "front"), f"{what}.side"),
        label=str(v.get("label") or ""),
        polygon=_polygon(v.get("polygon"), f"{what}.polygon"),
    )


def _optional_path(v: Any) -> str | None:
    return v if isinstance(v, str) and v else None


def parse_result(obj: Any, line: int) -> CardView:
    """Check one decoded JSON line against what the report reads of the contract.

    Raises ``ValueError`` naming the first key that is not as the contract promises."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    review = obj.get("review")
    if not isinstance(review, dict) or not isinstance(review.get("needed"), bool):
        raise ValueError("no review.needed")
    raw_reasons = review.get("reasons", [])
    if not isinstance(raw_reasons, list):
        raise ValueError("review.reasons is not a list")
    reasons = []
    for r in raw_reasons:
        if not isinstance(r, dict):
            raise ValueError("a review reason is not an object")
        reasons.append((_text(r.get("code"), "review code"), str(r.get("message", ""))))
    carrier = obj.get("carrier")
    if carrier is not None and not isinstance(carrier, dict):
        raise ValueError("carrier is not an object")
    raw_fields = obj.get("fields", {})
    if not isinstance(raw_fields, dict):
        raise ValueError("fields is not an object")
    fields = tuple(
        _reading(str(k), v, f"fields.{k}", confidence=True) for k, v in raw_fields.items()
    )
    raw_distractors = obj.get("distractors", [])
    if not isinstance(raw_distractors, list):
        raise ValueError("distractors is not a list")
    distractors = tuple(
        _reading(str(d.get("kind", "?")) if isinstance(d, dict) else "?", d,
                 f"distractors[{i}]", confidence=False)
        for i, d in enumerate(raw_distractors)
    )
    portal = obj.get("portal", {})
    files = obj.get("files")
    files = files if isinstance(files, dict) else {}
    quality = obj.get("quality")
    sides: set[Side] = {f.side for f in (*fields, *distractors)}
    widths: list[tuple[Side, float]] = []
    if isinstance(quality, dict):
        for side in ("front", "back"):
            q = quality.get(side)
            if isinstance(q, dict):
                sides.add(side)
                width = q.get("card_width_px")
                if isinstance(width, int | float) and not isinstance(width, bool) \
                        and math.isfinite(width) and width > 0:
                    widths.append((side, float(width)))
    card = obj.get("card")
    return CardView(
        line=line,
        card=card if isinstance(card, str) and card else f"line {line}",
        carrier_name=(str(carrier.get("name") or carrier.get("id"))
                      + (" (payer directory)" if carrier.get("source") == "directory" else "")
                      if carrier else None),
        carrier_confidence=(
            _number(carrier.get("confidence"), "carrier.confidence") if carrier else None
        ),
        fields=fields,
        distractors=distractors,
        portal=tuple(
            (str(k), "" if v is None else str(v)) for k, v in portal.items()
        ) if isinstance(portal, dict) else (),
        needed=review["needed"],
        reasons=tuple(reasons),
        front=_optional_path(files.get("front")),
        back=_optional_path(files.get("back")),
        sides=frozenset(sides),
        card_widths=tuple(widths),
    )


def parse_lines(lines: Iterable[str]) -> Results:
    """Parse a JSONL text line by line; blank lines are skipped, bad ones recorded."""
    cards: list[CardView] = []
    bad: list[BadLine] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = loads_line(line)
        except ValueError as e:
            bad.append(BadLine(number, str(e)))
            continue
        try:
            cards.append(parse_result(obj, number))
        except ValueError as e:
            bad.append(BadLine(number, f"not a card result ({e})"))
    return Results(tuple(cards), tuple(bad))


def read_results(path: Path) -> Results:
    """Read a batch's JSONL. Raises :class:`InputError` when the file cannot be read or
    holds no card result at all; a file with only some bad lines is returned with them."""
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            results = parse_lines(f)
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a JSONL file") from None
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror})") from None
    if not results.cards:
        if results.bad:
            raise InputError(str(path), f"no card results ({describe_bad(results.bad)})")
        raise InputError(str(path), "no card results (the file is empty)")
    return results


def describe_bad(bad: Sequence[BadLine], limit: int = 10) -> str:
    """``line 3: not JSON; line 9: ...``, the first ``limit`` of them."""
    text = "; ".join(f"line {b.line}: {b.problem}" for b in bad[:limit])
    return text + (f"; and {len(bad) - limit} more" if len(bad) > limit else "")


# --- what needs a person first -----------------------------------------------------------


def tier(card: CardView) -> int:
    """Index into :data:`TIERS` of the card's most urgent reason; ``len(TIERS)`` for
    the rest."""
    codes = {code for code, _ in card.reasons}
    return next((i for i, (_, t) in enumerate(TIERS) if codes & t), len(TIERS))


def tier_name(index: int) -> str:
    return TIERS[index][0] if index < len(TIERS) else OTHER_TIER


def priority(card: CardView) -> tuple[int, float, str, int]:
    """Sort key: tier, then lowest member-ID confidence (none read counts as 0), then card
    name and line for a stable order."""
    member = card.field("member_id")
    confidence = member.confidence if member is not None and member.confidence is not None \
        else 0.0
    return (tier(card), confidence, card.card, card.line)


def review_queue(cards: Iterable[CardView]) -> list[CardView]:
    """The flagged cards (``review.needed``), what most needs a person first."""
    return sorted((c for c in cards if c.needed), key=priority)


def order_text() -> str:
    """The queue's order in words, printed on the page."""
    parts = [
        f"{i + 1}. {name} ({', '.join(sorted(codes, key=_reason_rank))})"
        for i, (name, codes) in enumerate(TIERS)
    ]
    parts.append(f"{len(TIERS) + 1}. {OTHER_TIER} (any other reason)")
    return ("Cards are sorted by what most needs a person: " + "; ".join(parts)
            + ". Within each group, lowest member-ID confidence first (none read counts as 0).")


def _reason_rank(code: str) -> tuple[int, str]:
    return (REASON_ORDER.index(code) if code in REASON_ORDER else len(REASON_ORDER), code)


# --- photos ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Photo:
    """One photo as shown in the page, and the sides whose polygons are drawn over it."""

    caption: str
    sides: tuple[Side, ...]
    width: int
    """Width of the photo frame, pixels: the uploaded image after EXIF orientation (or the
    PDF page as the pipeline renders it). The overlay's viewBox is ``0 0 width height``."""
    height: int
    data_uri: str
    """The photo as a JPEG ``data:`` URI, downscaled by :func:`embed_scale`."""


@dataclass(frozen=True, slots=True)
class MissingPhoto:
    caption: str
    why: str


def embed_scale(width: int, height: int, card_width: float | None) -> float:
    """Scale (≤ 1) at which a photo of ``width`` × ``height`` pixels is embedded, given the
    widest card in it (photo pixels) when known; see :data:`CARD_MAX_PX`."""
    if card_width is None:
        max_w, max_h = PHOTO_MAX_SIZE_UNKNOWN
        return min(1.0, max_w / width, max_h / height)
    return min(1.0, CARD_MAX_PX / card_width, PHOTO_MAX_PX / max(width, height))


def jpeg_data_uri(image: DecodedImage, scale: float, quality: int = JPEG_QUALITY) -> str:
    """A decoded photo (BGR, photo frame) scaled by ``scale`` as a JPEG ``data:`` URI."""
    rgb = Image.fromarray(np.ascontiguousarray(image.pixels[:, :, ::-1]))
    if scale < 1:
        size = (max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale)))
        rgb = rgb.resize(size, Image.Resampling.BICUBIC, reducing_gap=3.0)
    buf = io.BytesIO()
    rgb.save(buf, format="JPEG", quality=quality)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _photo(image: DecodedImage, caption: str, sides: tuple[Side, ...], card: CardView) -> Photo:
    """A decoded photo embedded for the page, scaled for the widest card drawn on it."""
    h, w = image.pixels.shape[:2]
    widths = [width for side, width in card.card_widths if side in sides]
    scale = embed_scale(int(w), int(h), max(widths) if widths else None)
    return Photo(caption, sides, int(w), int(h), jpeg_data_uri(image, scale))


def _resolve(path: str, base: Path) -> Path:
    """An absolute path as it is; a relative one against the JSONL's folder."""
    p = Path(path)
    return p if p.is_absolute() else base / p


def _decoded(path: Path, caption: str,
             config: Config) -> tuple[list[DecodedImage], MissingPhoto]:
    """A file's pages, or none and why (the decoder's one line; for a failure it did not
    foresee, its type): one photo that cannot be shown never stops the page."""
    try:
        return decode_file_pages(path, config.limits), MissingPhoto(caption, "")
    except InputError as e:
        return [], MissingPhoto(caption, str(e))
    except Exception as e:  # the report's boundary for a photo
        return [], MissingPhoto(caption, f"{path}: cannot be decoded ({type(e).__name__})")


def load_photos(
    card: CardView, base: Path, config: Config = Config()
) -> list[Photo | MissingPhoto]:
    """Decode a card's uploads with the pipeline's own decoder (EXIF orientation applied,
    PDF pages rendered as the pipeline renders them) and pair each with its sides.

    With a back file: front and back photos. Without: a two-page PDF gives the front and
    the back page; one image (or one page) holds the front, or both cards side by side,
    whose polygons are then all drawn on it. Files that are missing or unreadable become
    :class:`MissingPhoto` with the decoder's one-line reason."""
    if card.front is None:
        return [MissingPhoto("front", "no file paths in this result")]
    pages, front_missing = _decoded(_resolve(card.front, base), "front", config)
    if card.back is not None:
        photos: list[Photo | MissingPhoto] = [
            _photo(pages[0], "front", ("front",), card) if pages else front_missing
        ]
        back_pages, back_missing = _decoded(_resolve(card.back, base), "back", config)
        if not back_pages:
            return [*photos, back_missing]
        return [*photos, _photo(back_pages[0], "back", ("back",), card)]
    if not pages:
        return [front_missing]
    if len(pages) == 2:
        return [_photo(pages[0], "front (PDF page 1)", ("front",), card),
                _photo(pages[1], "back (PDF page 2)", ("back",), card)]
    both = "back" in card.sides
    caption = "front and back, side by side" if both else "front"
    return [_photo(pages[0], caption, ("front", "back") if both else ("front",), card)]


# --- rendering ---------------------------------------------------------------------------


def esc(text: object) -> str:
    """HTML-escape any text from a result (OCR values, labels, names, messages, paths)."""
    return html.escape(str(text), quote=True)


def num(v: float) -> str:
    """A coordinate as written into SVG: two decimals at most, no trailing zeros."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def thresholds(config: Config) -> dict[str, float]:
    """Confidence below which each field sends a card to review (``pipeline.config``)."""
    return {
        "member_id": config.member_id_min_confidence,
        "member_id_prefix": config.member_id_min_confidence,
        "member_id_suffix": config.member_id_min_confidence,
        "group_number": config.group_min_confidence,
    }


def is_low(f: FieldView, limits: Mapping[str, float]) -> bool:
    limit = limits.get(f.name)
    return limit is not None and f.confidence is not None and f.confidence < limit


def overlay_svg(photo: Photo, marks: Sequence[FieldView], limits: Mapping[str, float]) -> str:
    """The SVG drawn over a photo: each mark's polygon and its name, in photo pixels.

    The viewBox is the photo frame itself (``0 0 width height``) and the SVG is stretched
    over the image, so polygon points are the result's coordinates, unscaled."""
    w, h = photo.width, photo.height
    font = w / LABEL_FONT_PER_WIDTH / len(photo.sides)
    parts = [
        f'<svg class="overlay" viewBox="0 0 {w} {h}" preserveAspectRatio="none" '
        f'xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
        f'style="font-size:{num(font)}px">'
    ]
    for f in marks:
        distractor = f.confidence is None
        low = is_low(f, limits)
        colour = (_DISTRACTOR_COLOUR if distractor else _LOW_COLOUR if low
                  else _FIELD_COLOURS.get(f.name, _DEFAULT_FIELD_COLOUR))
        kind = "distractor" if distractor else "field"
        points = " ".join(f"{num(x)},{num(y)}" for x, y in f.polygon)
        x = min(p[0] for p in f.polygon)
        ys = [p[1] for p in f.polygon]
        # Fields are labelled above their box, distractors below, so that a value and
        # the decoy printed under it do not write over each other's labels.
        y = max(ys) + font * 0.95 if distractor else max(min(ys) - font * 0.3, font)
        label = f.name + (" (low)" if low else "") + (" (not used)" if distractor else "")
        parts.append(
            f'<g class="mark {kind}{" low" if low else ""}" data-name="{esc(f.name)}" '
            f'data-side="{f.side}"><polygon points="{points}" stroke="{colour}"/>'
            f'<text x="{num(x)}" y="{num(y)}" fill="{colour}">{esc(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def photo_html(photo: Photo | MissingPhoto, card: CardView, limits: Mapping[str, float]) -> str:
    if isinstance(photo, MissingPhoto):
        return (f'<figure class="photo missing"><div class="nophoto">photo not available'
                f"<small>{esc(photo.why)}</small></div>"
                f"<figcaption>{esc(photo.caption)}</figcaption></figure>")
    marks = [f for f in (*card.fields, *card.distractors) if f.side in photo.sides]
    both = " both" if len(photo.sides) > 1 else ""
    return (
        f'<figure class="photo{both}" data-width="{photo.width}" '
        f'data-height="{photo.height}">'
        f'<div class="frame"><img src="{photo.data_uri}" '
        f'alt="{esc(photo.caption)} of card {esc(card.card)}">'
        f"{overlay_svg(photo, marks, limits)}</div>"
        f"<figcaption>{esc(photo.caption)}, {photo.width}×{photo.height} px</figcaption>"
        "</figure>"
    )


def _confidence_cell(f: FieldView, limits: Mapping[str, float]) -> str:
    if f.confidence is None:
        return "<td></td>"
    limit = limits.get(f.name)
    pct = f"{f.confidence * 100:.0f}%"
    bar = (f'<span class="bar"><span style="width:{num(max(0.0, min(1.0, f.confidence)) * 100)}%">'
           "</span></span>")
    if is_low(f, limits):
        assert limit is not None
        return f'<td class="conf low">{bar}{pct} <b>below {limit:.2f}</b></td>'
    return f'<td class="conf">{bar}{pct}</td>'


def fields_table(card: CardView, limits: Mapping[str, float]) -> str:
    if not card.fields and not card.distractors:
        return '<p class="none">No values were read.</p>'
    rows = []
    for f in card.fields:
        low = " low" if is_low(f, limits) else ""
        rows.append(
            f'<tr class="field{low}" data-name="{esc(f.name)}"><th>{esc(f.name)}</th>'
            f"<td class=\"value\">{esc(f.value)}</td>{_confidence_cell(f, limits)}"
            f"<td>{esc(f.side)}</td><td>{esc(f.label)}</td></tr>"
        )
    for d in card.distractors:
        rows.append(
            f'<tr class="distractor" data-name="{esc(d.name)}"><th>{esc(d.name)} '
            f'<small>(not used)</small></th><td class="value">{esc(d.value)}</td><td></td>'
            f"<td>{esc(d.side)}</td><td>{esc(d.label)}</td></tr>"
        )
    return ('<table class="fields"><thead><tr><th>field</th><th>value read</th>'
            "<th>confidence</th><th>side</th><th>label on card</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _carrier_text(card: CardView, config: Config) -> str:
    if card.carrier_name is None:
        return '<span class="low">no carrier recognised</span>'
    conf = card.carrier_confidence
    low = conf is not None and conf < config.carrier_min_confidence
    pct = "" if conf is None else f" ({conf * 100:.0f}%" + (
        f", below {config.carrier_min_confidence:.2f})" if low else ")")
    return f'<span class="{"low" if low else ""}">{esc(card.carrier_name)}{esc(pct)}</span>'


def card_html(card: CardView, rank: int, photos: Sequence[Photo | MissingPhoto],
              config: Config) -> str:
    """One flagged card: reasons, photos with overlays, values read, portal prefill."""
    limits = thresholds(config)
    t = tier(card)
    reasons = "".join(
        f'<li data-code="{esc(code)}"><code>{esc(code)}</code> {esc(message)}</li>'
        for code, message in card.reasons
    )
    portal = ", ".join(f"{esc(k)}: <b>{esc(v) or '—'}</b>" for k, v in card.portal)
    return (
        f'<section class="card tier{t}" id="card-{rank}" data-rank="{rank}" '
        f'data-card="{esc(card.card)}" data-tier="{t}">'
        f'<h2><span class="rank">#{rank}</span> {esc(card.card)} '
        f'<span class="tier">{esc(tier_name(t))}</span></h2>'
        f'<p class="meta">carrier: {_carrier_text(card, config)} · line {card.line}</p>'
        f'<ul class="reasons">{reasons}</ul>'
        f'<div class="photos">{"".join(photo_html(p, card, limits) for p in photos)}</div>'
        f"{fields_table(card, limits)}"
        f'<p class="portal">portal prefill: {portal}</p></section>\n'
    )


def compact_rows(cards: Sequence[CardView], config: Config) -> str:
    """The cards that need no review, one table row each, without photos."""
    limits = thresholds(config)

    def cell(name: str, card: CardView) -> str:
        f = card.field(name)
        if f is None:
            return "<td>—</td><td></td>"
        return f'<td class="value">{esc(f.value)}</td>{_confidence_cell(f, limits)}'

    rows = "".join(
        f'<tr data-card="{esc(c.card)}"><th>{esc(c.card)}</th>'
        f"<td>{_carrier_text(c, config)}</td>{cell('member_id', c)}{cell('group_number', c)}"
        f"<td>{esc(dict(c.portal).get('group_number', ''))}</td></tr>"
        for c in cards
    )
    return (
        f'<section class="ok" id="no-review"><h2>Cards that need no review ({len(cards)})</h2>'
        '<table class="compact"><thead><tr><th>card</th><th>carrier</th><th>member ID</th>'
        "<th>confidence</th><th>group number</th><th>confidence</th><th>portal group</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></section>\n"
    )


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, int, int]]) -> str:
    """A horizontal bar chart as inline SVG: one bar per (label, count, flagged part)."""
    row_h, label_w, bar_w, pad = 22, 290, 190, 6
    width, height = label_w + bar_w + 50, pad * 2 + row_h * max(len(rows), 1)
    top = max((n for _, n, _ in rows), default=1) or 1
    parts = [
        f'<figure class="chart"><figcaption>{esc(title)}</figcaption>'
        f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc(title)}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, n, flagged) in enumerate(rows):
        y = pad + i * row_h
        w_all, w_flag = bar_w * n / top, bar_w * flagged / top
        parts.append(
            f'<g class="bar" data-label="{esc(label)}" data-count="{n}">'
            f"<title>{esc(label)}: {n}</title>"
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{num(w_all)}" height="{row_h - 6}" '
            'class="all"/>'
            + (f'<rect x="{label_w}" y="{y + 3}" width="{num(w_flag)}" height="{row_h - 6}" '
               'class="flagged"/>' if flagged else "")
            + f'<text x="{num(label_w + w_all + 5)}" y="{y + 15}">{n}</text></g>'
        )
    if not rows:
        parts.append(f'<text x="{pad}" y="{pad + 15}">none</text>')
    parts.append("</svg></figure>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Summary:
    cards: int
    flagged: int
    reasons: tuple[tuple[str, int], ...]
    """Review code and number of cards with it, most serious code first."""
    carriers: tuple[tuple[str, int, int], ...]
    """Carrier name, number of cards, number of them flagged; most cards first."""


def summarise(cards: Sequence[CardView]) -> Summary:
    reasons = Counter(code for c in cards if c.needed for code in {k for k, _ in c.reasons})
    carriers = Counter(c.carrier_name or "no carrier recognised" for c in cards)
    flagged = Counter(c.carrier_name or "no carrier recognised" for c in cards if c.needed)
    return Summary(
        cards=len(cards),
        flagged=sum(c.needed for c in cards),
        reasons=tuple(sorted(reasons.items(), key=lambda kv: _reason_rank(kv[0]))),
        carriers=tuple((name, n, flagged[name])
                       for name, n in sorted(carriers.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1900px;padding:0 16px;color:#222}
h1{margin:.6em 0 .2em}.sub{color:#555;margin:0}
.totals{display:flex;gap:24px;flex-wrap:wrap;padding:0;list-style:none;font-size:16px}
.totals b{font-size:22px;display:block}.order{background:#f3f6fa;padding:8px 12px}
.charts{display:flex;gap:32px;flex-wrap:wrap}figure.chart{margin:0}
.chart figcaption{font-weight:600}
svg.chart{font-size:12px}svg.chart rect.all{fill:#90a4ae}svg.chart rect.flagged{fill:#e57373}
.legend{font-size:12px;color:#555}
.swatch{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
.card{border-top:3px solid #999;margin:22px 0;padding-top:6px}.card.tier0{border-color:#b71c1c}
.card.tier1{border-color:#e65100}.card.tier2{border-color:#f9a825}
.card h2{margin:0;font-size:18px}.rank{color:#777}.tier{font-size:12px;background:#eee;
border-radius:8px;padding:2px 8px;vertical-align:middle}.meta{margin:2px 0;color:#444}
.reasons{margin:4px 0;padding-left:20px}
.reasons code{background:#fdecea;color:#b71c1c;padding:0 4px}
.photos{display:flex;gap:12px;flex-wrap:wrap;align-items:flex-start}
.photo{margin:0;flex:1 1 0;min-width:300px;max-width:900px}
.photo figcaption{font-size:12px;color:#555}
.photo.both{flex-basis:100%;max-width:1800px}
.frame{position:relative;line-height:0}.frame img{display:block;width:100%;height:auto}
.overlay{position:absolute;left:0;top:0;width:100%;height:100%;overflow:visible}
.overlay polygon{fill:none;stroke-width:2;vector-effect:non-scaling-stroke}
.overlay .distractor polygon{stroke-dasharray:5 3}.overlay .low polygon{stroke-width:3}
.overlay text{font-family:system-ui,sans-serif;font-weight:700;paint-order:stroke;
stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.nophoto{width:100%;max-width:420px;height:220px;background:#eceff1;color:#546e7a;display:flex;
flex-direction:column;align-items:center;justify-content:center;text-align:center;padding:8px}
.nophoto small{display:block;margin-top:6px;word-break:break-all}
table{border-collapse:collapse;margin:8px 0}th,td{border-bottom:1px solid #ddd;padding:3px 8px;
text-align:left;vertical-align:top}thead th{background:#f5f5f5}
td.value{font-family:ui-monospace,monospace}
tr.distractor{color:#888}.conf{white-space:nowrap}.bar{display:inline-block;width:60px;height:8px;
background:#eee;margin-right:6px}.bar span{display:block;height:100%;background:#66bb6a}
.low{color:#b71c1c}.conf.low .bar span{background:#e53935}tr.low{background:#fdecea}
.conf.low b{font-size:12px}.portal{color:#444}.badlines{color:#b71c1c}
.privacy{font-size:12px;color:#777}
"""


def head_html(source: str, summary: Summary, bad: Sequence[BadLine], include_all: bool) -> str:
    """Everything above the first card: title, totals, the order, the two charts."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    reasons = [(code, n, n) for code, n in summary.reasons]
    bad_html = (f'<p class="badlines">Skipped {len(bad)} line(s) that are not card results: '
                f"{esc(describe_bad(bad))}.</p>" if bad else "")
    shown = ("Cards that need no review are listed after the queue."
             if include_all else "Cards that need no review are not listed (use --all).")
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">"
        '<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Review queue: {esc(source)}</title><style>{_CSS}</style></head><body>\n"
        f'<header><h1>Review queue</h1><p class="sub">{esc(source)} · {now} · '
        f"cardocr {esc(__version__)}</p>"
        f'<ul class="totals"><li id="total-cards"><b>{summary.cards}</b>cards</li>'
        f'<li id="total-flagged"><b>{summary.flagged}</b>need review</li>'
        f'<li id="total-ok"><b>{summary.cards - summary.flagged}</b>need no review</li>'
        + (f'<li id="total-bad"><b>{len(bad)}</b>bad lines</li>' if bad else "")
        + "</ul>"
        + bad_html
        + '<div class="charts">'
        + bar_chart("chart-reasons", "Cards by review reason", reasons)
        + bar_chart("chart-carriers", "Cards by carrier (red: need review)", summary.carriers)
        + "</div>"
        + f'<p class="order" id="order">{esc(order_text())} {shown}</p>'
        + '<p class="legend">On the photos:'
        + "".join(f'<span class="swatch" style="background:{c}"></span>{t}' for c, t in (
            (_FIELD_COLOURS["member_id"], "member ID"),
            (_FIELD_COLOURS["group_number"], "group number"),
            (_FIELD_COLOURS["member_name"], "names"),
            (_DEFAULT_FIELD_COLOUR, "other fields"),
            (_LOW_COLOUR, "below the review threshold"),
            (_DISTRACTOR_COLOUR, "look-alike numbers not used (dashed, labelled below)")))
        + "</p>"
        + '<p class="privacy">This page holds card photos and values: protected health '
        "information. Keep it where the card photos are kept.</p></header>\n<main>\n"
    )


def render(results: Results, source: str, base: Path, *, include_all: bool = False,
           all_photos: bool = False, config: Config = Config()) -> Iterator[str]:
    """The page, in pieces: head, then each flagged card in queue order (its photos
    decoded one card at a time, so memory stays at one card's photos), then the rest.

    ``base`` is the folder relative ``files`` paths are taken from (the JSONL's folder)."""
    yield head_html(source, summarise(results.cards), results.bad, include_all or all_photos)
    queue = review_queue(results.cards)
    if not queue:
        yield '<p id="empty">No card needs review.</p>\n'
    for rank, card in enumerate(queue, start=1):
        yield card_html(card, rank, load_photos(card, base, config), config)
    rest = [c for c in results.cards if not c.needed]
    if all_photos:
        yield f'<h2 id="no-review">Cards that need no review ({len(rest)})</h2>\n'
        for rank, card in enumerate(rest, start=len(queue) + 1):
            yield card_html(card, rank, load_photos(card, base, config), config)
    elif include_all:
        yield compact_rows(rest, config)
    yield "</main></body></html>\n"


def write_report(results: Results, source: Path, out: Path, *, include_all: bool = False,
                 all_photos: bool = False, config: Config = Config()) -> int:
    """Write the page to ``out`` (through ``out``'s own folder, then renamed, so a reader
    never sees half a page; no temp folder is used). Returns its size in bytes."""
    part = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with part.open("w", encoding="utf-8") as f:
            _write_all(f, render(results, source.name, source.parent, include_all=include_all,
                                 all_photos=all_photos, config=config))
        os.replace(part, out)
        return out.stat().st_size
    except OSError as e:
        _remove(part)
        raise OutputError(str(out), f"cannot write ({e.strerror or e})") from None
    except BaseException:  # Ctrl-C included: leave no half page behind
        _remove(part)
        raise


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _write_all(f: TextIO, chunks: Iterable[str]) -> None:
    for chunk in chunks:
        f.write(chunk)
