"""Draws the flat card (front and back) from a `CardSpec`: layout as primitive ops, then pixels.

Coordinates are pixels of the canonical card raster, 1011 x 638 px (ID-1, 85.60 x 53.98 mm
at 300 dpi), origin at the top-left corner, x to the right, y down. Text ops are anchored at
the left end of the baseline unless their `anchor` says otherwise (Pillow anchor codes).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from samples.gen_spec import RX_LINE_ENTRIES, CardSpec, Entry

CARD_W: Final = 1011
"""Card raster width in px (85.60 mm at 300 dpi)."""
CARD_H: Final = 638
"""Card raster height in px (53.98 mm at 300 dpi)."""
CORNER_RADIUS: Final = 38
"""Corner radius in px (3.18 mm at 300 dpi, as ISO/IEC 7810 ID-1)."""

MIN_VALUE_PX: Final = 26
"""Smallest em size for a ground-truth value: DejaVu/Liberation cap height is ~0.72 em, so
capitals and digits stay >= 18 px tall on the canonical card."""
MIN_TEXT_PX: Final = 21
"""Smallest em size for any other text meant to be read (labels, phones, fine print)."""

FONT_DIR: Final = Path("/usr/share/fonts/truetype")
FONT_FILES: Final[dict[str, tuple[str, str]]] = {
    "dejavu": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "dejavu_condensed": ("dejavu/DejaVuSansCondensed.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf"),
    "dejavu_serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "dejavu_mono": ("dejavu/DejaVuSansMono.ttf", "dejavu/DejaVuSansMono-Bold.ttf"),
    "liberation": ("liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf"),
    "liberation_serif": (
        "liberation2/LiberationSerif-Regular.ttf",
        "liberation2/LiberationSerif-Bold.ttf",
    ),
    "liberation_mono": (
        "liberation2/LiberationMono-Regular.ttf",
        "liberation2/LiberationMono-Bold.ttf",
    ),
}
"""Font family key -> (regular, bold) file under `FONT_DIR` (Debian fonts-dejavu-core and
fonts-liberation2)."""

RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in card px."""
Placement = Literal["inline", "tab", "above", "bar"]

WHITE: Final[RGB] = (255, 255, 255)


# --- fonts ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FontKey:
    """A font: family key of `FONT_FILES`, weight, and em size in px."""

    family: str
    bold: bool
    size: int

    def scaled(self, factor: float, floor: int) -> FontKey:
        """The same face at `size * factor`, never below `floor` px."""
        return dataclasses.replace(self, size=max(floor, round(self.size * factor)))


@lru_cache(maxsize=512)
def load_font(key: FontKey) -> ImageFont.FreeTypeFont:
    """The TrueType font for `key`; Pillow's bundled default face if the file is missing."""
    path = FONT_DIR / FONT_FILES[key.family][int(key.bold)]
    if path.exists():
        return ImageFont.truetype(str(path), key.size)
    font = ImageFont.load_default(size=key.size)
    if not isinstance(font, ImageFont.FreeTypeFont):
        raise RuntimeError("Pillow was built without FreeType; cannot draw sample cards")
    return font


def text_width(text: str, key: FontKey) -> float:
    """Advance width of `text` in px."""
    return float(load_font(key).getlength(text))


def ascent_descent(key: FontKey) -> tuple[int, int]:
    """Font ascent and descent in px (line box above and below the baseline)."""
    ascent, descent = load_font(key).getmetrics()
    return ascent, descent


# --- primitive ops ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextOp:
    """One run of text. (x, y) is the anchor point in card px.

    `vertical` runs are turned 90 degrees counter-clockwise (reading bottom to top) and (x, y)
    is then the bottom-left corner of the turned run. `decor` text (watermarks) may sit under
    other text.
    """

    x: float
    y: float
    text: str
    font: FontKey
    fill: RGB
    anchor: str = "ls"
    vertical: bool = False
    decor: bool = False

    def box(self) -> Box:
        """Ink bounding box in card px."""
        if self.vertical:
            w = text_width(self.text, self.font)
            ascent, descent = ascent_descent(self.font)
            return (self.x, self.y - w, self.x + ascent + descent, self.y)
        x0, y0, x1, y1 = load_font(self.font).getbbox(self.text, anchor=self.anchor)
        return (self.x + x0, self.y + y0, self.x + x1, self.y + y1)


@dataclass(frozen=True, slots=True)
class ShapeOp:
    """A filled or outlined shape. `xy` is (x0, y0, x1, y1) for rect/ellipse, flat
    (x, y, x, y, ...) for polygon; `radius` rounds rect corners; all in card px."""

    kind: Literal["rect", "ellipse", "polygon"]
    xy: tuple[float, ...]
    fill: RGB | None
    outline: RGB | None = None
    width: int = 0
    radius: int = 0


Op = TextOp | ShapeOp


def shift(ops: Iterable[Op], dx: float, dy: float) -> list[Op]:
    """`ops` moved by (dx, dy) px."""
    out: list[Op] = []
    for op in ops:
        if isinstance(op, TextOp):
            out.append(dataclasses.replace(op, x=op.x + dx, y=op.y + dy))
        elif op.kind == "polygon":
            moved = tuple(v + (dx if i % 2 == 0 else dy) for i, v in enumerate(op.xy))
            out.append(dataclasses.replace(op, xy=moved))
        else:
            x0, y0, x1, y1 = op.xy
            out.append(dataclasses.replace(op, xy=(x0 + dx, y0 + dy, x1 + dx, y1 + dy)))
    return out


# --- style ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours of one card: brand (logo, bars), accent (copays, decor), paper, text."""

    brand: RGB
    accent: RGB
    paper: RGB
    label: RGB
    value: RGB
    pale: RGB
    """Light tint of the brand colour for watermarks and decorative shapes."""


@dataclass(frozen=True, slots=True)
class Style:
    """How one card is laid out; drawn once per card from the style RNG.

    placement: label left of the value on one baseline ("inline": value right after the label;
    "tab": values aligned in a column) or label above the value ("above"; "bar": the label in
    white on a brand-coloured bar).

    The last three attributes are design variants (`CardSpec.design`); their defaults are the
    plain card.
    """

    placement: Placement
    colon: bool
    upper_labels: bool
    label_font: FontKey
    value_font: FontKey
    small_font: FontKey
    palette: Palette
    rx_aside: bool
    header_band: bool
    decor: Literal["none", "swoosh", "bottom_band", "corner"]
    logo_variant: int
    watermark: str = ""
    """Text of a large pale watermark behind the front's text; empty for none."""
    side_band: str = ""
    """Text printed vertically in a brand-coloured band down the front's left edge; empty for
    no band."""
    pair_above: bool = True
    """Label-above placements may put two entries side by side on one row."""

    def scaled(self, factor: float) -> Style:
        """This style with every font scaled by `factor` (values kept >= MIN_VALUE_PX)."""
        return dataclasses.replace(
            self,
            label_font=self.label_font.scaled(factor, MIN_TEXT_PX),
            value_font=self.value_font.scaled(factor, MIN_VALUE_PX),
            small_font=self.small_font.scaled(factor, MIN_TEXT_PX),
        )


_BRAND_COLOURS: Final[dict[str, tuple[RGB, RGB]]] = {
    "aetna": ((125, 63, 152), (0, 118, 168)),
    "cigna": ((0, 116, 190), (243, 112, 33)),
    "anthem": ((0, 87, 184), (0, 150, 214)),
    "empire": ((0, 87, 184), (0, 150, 214)),
    "unitedhealthcare": ((0, 38, 119), (255, 97, 43)),
    "oxford": ((0, 61, 121), (0, 38, 119)),
    "umr": ((0, 84, 159), (0, 38, 119)),
    "oscar": ((0, 83, 233), (255, 95, 135)),
    "uhc_student_resources": ((0, 38, 119), (0, 120, 180)),
    "humana": ((64, 130, 30), (0, 98, 155)),
    "kaiser": ((0, 96, 160), (227, 114, 34)),
    "medicare": ((0, 58, 128), (190, 30, 45)),
    "bcbs_texas": ((0, 99, 175), (0, 150, 214)),
    "bcbs_illinois": ((0, 90, 180), (0, 150, 214)),
    "premera": ((0, 84, 150), (0, 156, 200)),
    "highmark": ((0, 82, 147), (0, 160, 210)),
    "regence": ((0, 105, 140), (130, 190, 60)),
    "florida_blue": ((0, 110, 185), (0, 170, 220)),
    "carefirst": ((0, 80, 160), (0, 150, 214)),
    "horizon": ((0, 78, 152), (0, 150, 214)),
    "ambetter": ((40, 128, 62), (0, 100, 160)),
    "molina": ((0, 118, 128), (230, 120, 30)),
    "tricare": ((0, 45, 98), (186, 12, 47)),
    "wellcare": ((0, 120, 90), (0, 80, 150)),
}


def _tint(colour: RGB, amount: float) -> RGB:
    """`colour` mixed with white; amount 0 = colour, 1 = white."""
    r, g, b = (round(c + (255 - c) * amount) for c in colour)
    return (r, g, b)


def _random_brand(rng: random.Random) -> tuple[RGB, RGB]:
    """A dark, saturated brand colour and an accent for invented carriers."""
    hues: tuple[tuple[RGB, RGB], ...] = (
        ((20, 90, 60), (200, 140, 20)),
        ((120, 30, 40), (60, 60, 60)),
        ((30, 60, 130), (0, 150, 160)),
        ((90, 40, 110), (230, 120, 40)),
        ((0, 100, 110), (40, 40, 90)),
        ((150, 70, 0), (30, 80, 140)),
    )
    return rng.choice(hues)


def draw_style(spec: CardSpec, rng: random.Random) -> Style:
    """Pick one card's layout style: placement, fonts, colours and decorations."""
    brand, accent = _BRAND_COLOURS.get(spec.brand) or _random_brand(rng)
    paper = rng.choice((WHITE, WHITE, (252, 252, 248), _tint(brand, 0.94)))
    dark = rng.choice(((20, 20, 20), (35, 35, 45), (10, 25, 60)))
    palette = Palette(
        brand=brand,
        accent=accent if rng.random() < 0.5 else brand,
        paper=paper,
        label=rng.choice((dark, (85, 85, 95), brand)),
        value=rng.choice((dark, (0, 0, 0))),
        pale=_tint(brand, 0.86),
    )
    value_size = rng.randint(28, 34)
    value_family = rng.choice(
        ("dejavu", "dejavu", "dejavu_condensed", "liberation", "liberation", "liberation_mono")
    )
    label_family = rng.choice(("dejavu", "dejavu_condensed", "liberation", "liberation_serif"))
    placement: Placement = rng.choice(("inline", "inline", "inline", "tab", "tab", "above", "bar"))
    style = Style(
        placement=placement,
        colon=rng.random() < 0.65 or spec.carrier in ("cigna", "uhc_student_resources"),
        upper_labels=rng.random() < 0.25,
        label_font=FontKey(label_family, rng.random() < 0.4, rng.randint(22, min(28, value_size))),
        value_font=FontKey(value_family, rng.random() < 0.75, value_size),
        small_font=FontKey(rng.choice(("dejavu", "liberation", "dejavu_condensed")), False,
                           rng.randint(22, 26)),
        palette=palette,
        rx_aside=rng.random() < 0.35,
        header_band=rng.random() < 0.3,
        decor=rng.choice(("none", "none", "swoosh", "bottom_band", "corner")),
        logo_variant=rng.randrange(4),
    )
    # Only cards drawn with design variants, or of a brand with a fixed design, go on: the
    # foundation's plain cards keep exactly the RNG calls (and pixels) they always had.
    if spec.brand == "medicare":
        style = _medicare_style(style)
    if spec.design:
        style = _design_style(style, spec, rng)
    return style


def _medicare_style(style: Style) -> Style:
    """Medicare's card looks the same for everyone: a blue band with the title, bilingual
    labels above their values, no colons, no extras."""
    return dataclasses.replace(
        style,
        placement="above",
        colon=False,
        upper_labels=False,
        header_band=True,
        rx_aside=False,
        decor="none",
        pair_above=False,
        palette=dataclasses.replace(style.palette, paper=WHITE, label=(60, 60, 70),
                                    value=(0, 0, 0), accent=(190, 30, 45)),
    )


_VALUE_INKS: Final[tuple[RGB, ...]] = ((0, 40, 120), (120, 20, 30), (0, 85, 60), (20, 20, 20))
_PALE_BLUES: Final[tuple[RGB, ...]] = ((120, 165, 215), (135, 175, 225), (110, 160, 210))


def _design_style(style: Style, spec: CardSpec, rng: random.Random) -> Style:
    """The style with the drawing variants of `spec.design` applied."""
    pal = style.palette
    if "value_style" in spec.design:
        label_family = rng.choice(("liberation_serif", "dejavu_serif", "dejavu_condensed"))
        value_family = rng.choice(("dejavu_mono", "liberation_mono", "dejavu", "liberation"))
        value_ink = rng.choice(_VALUE_INKS)
        label_ink = rng.choice(((95, 95, 105), pal.brand))
        pal = dataclasses.replace(pal, value=value_ink, label=label_ink)
        style = dataclasses.replace(
            style,
            label_font=dataclasses.replace(style.label_font, family=label_family, bold=False),
            value_font=dataclasses.replace(style.value_font, family=value_family, bold=True),
        )
    if "pale_labels" in spec.design:
        pal = dataclasses.replace(pal, paper=WHITE, label=rng.choice(_PALE_BLUES))
    style = dataclasses.replace(style, palette=pal)
    if "watermark" in spec.design:
        word = _WATERMARKS.get(spec.brand) or spec.brand.split()[0]  # invented: first word
        style = dataclasses.replace(style, watermark=word)
    if "side_band" in spec.design:
        style = dataclasses.replace(style, side_band=band_text(spec), header_band=False)
    return style


# --- labelled values --------------------------------------------------------------------------


def label_text(e: Entry, style: Style) -> str:
    """The label as printed: case per style, colon per style unless the entry forbids it."""
    if not e.label:
        return ""
    text = e.label.upper() if style.upper_labels else e.label
    return text + ":" if style.colon and e.colon is not False else text


@dataclass(frozen=True, slots=True)
class Block:
    """Laid-out ops with the block's top-left at (0, 0); width and height in px; `rows` is
    the number of text rows stacked in it."""

    ops: tuple[Op, ...]
    width: float
    height: float
    rows: int = 1


def _line_cell(
    parts: Sequence[tuple[str, FontKey, RGB]], gap: float, tab: float = 0.0, pair_gap: float = 0.0
) -> Block:
    """Runs of text on one shared baseline, left to right; empty runs are skipped.

    `gap` px separate runs, and `pair_gap` px more precede each label run (even index) after
    the first label/value pair. The second run starts `tab` px from the left edge when the first
    (the label) is not empty and ends before that.
    """
    ascent = max(ascent_descent(f)[0] for _, f, _ in parts)
    descent = max(ascent_descent(f)[1] for _, f, _ in parts)
    x = 0.0
    ops: list[Op] = []
    for i, (text, font, fill) in enumerate(parts):
        if not text:
            continue
        if i == 1 and x > 0:
            x = max(x, tab)
        if i > 1 and i % 2 == 0:
            x += pair_gap
        ops.append(TextOp(x, ascent, text, font, fill))
        x += text_width(text, font) + gap
    return Block(tuple(ops), x - gap, ascent + descent)


def entry_cell(
    e: Entry,
    style: Style,
    value_font: FontKey,
    placement: Placement,
    tab: float = 0.0,
) -> Block:
    """Lay out one entry (label and value) in the given placement, top-left at (0, 0)."""
    if e.layout == "columns":
        return _columns_cell(e, style, value_font)
    if e.layout == "list":
        return _list_cell(e, style, value_font)
    pal = style.palette
    label = label_text(e, style)
    value = (e.value, value_font, pal.value)
    gap = 0.35 * value_font.size
    if not label or placement in ("inline", "tab"):
        return _line_cell([(label, style.label_font, pal.label), value], gap, tab)
    la, ld = ascent_descent(style.label_font)
    va, vd = ascent_descent(value_font)
    lw = text_width(label, style.label_font)
    vw = text_width(e.value, value_font)
    if placement == "above":
        ops: list[Op] = [
            TextOp(0, la, label, style.label_font, pal.label),
            TextOp(0, la + ld + 2 + va, e.value, value_font, pal.value),
        ]
        return Block(tuple(ops), max(lw, vw), la + ld + 2 + va + vd)
    pad = 6.0
    bar_h = la + ld + 4
    ops = [
        ShapeOp("rect", (0, 0, lw + 2 * pad, bar_h), pal.brand, radius=4),
        TextOp(pad, 2 + la, label, style.label_font, WHITE),
        TextOp(0, bar_h + 4 + va, e.value, value_font, pal.value),
    ]
    return Block(tuple(ops), max(lw + 2 * pad, vw), bar_h + 4 + va + vd)


def _columns_cell(e: Entry, style: Style, value_font: FontKey) -> Block:
    """Column heads (label font, no colons) over rows of values, one column per head:
    "Prefix  Identification #  Suffix" over "XOF  123456789  01"."""
    pal = style.palette
    heads = [h.upper() if style.upper_labels else h for h in e.headers]
    n = len(heads)
    rows = [e.parts[i : i + n] for i in range(0, len(e.parts), n)]
    la, ld = ascent_descent(style.label_font)
    va, vd = ascent_descent(value_font)
    gap = 1.2 * value_font.size
    ops: list[Op] = []
    x = 0.0
    for c, head in enumerate(heads):
        ops.append(TextOp(x, la, head, style.label_font, pal.label))
        y = la + ld + 4
        for row in rows:
            ops.append(TextOp(x, y + va, row[c].text, value_font, pal.value))
            y += va + vd + 4
        width = max(text_width(head, style.label_font),
                    *(text_width(row[c].text, value_font) for row in rows))
        x += width + gap
    height = la + ld + 4 + len(rows) * (va + vd + 4) - 4
    return Block(tuple(ops), x - gap, height, 1 + len(rows))


def _list_cell(e: Entry, style: Style, value_font: FontKey) -> Block:
    """A label with its items one per line under it (dependents under the member)."""
    pal = style.palette
    label = label_text(e, style)
    la, ld = ascent_descent(style.label_font)
    va, vd = ascent_descent(value_font)
    ops: list[Op] = [TextOp(0, la, label, style.label_font, pal.label)]
    width = text_width(label, style.label_font)
    y = la + ld + 4
    for p in e.parts:
        ops.append(TextOp(0, y + va, p.text, value_font, pal.value))
        width = max(width, text_width(p.text, value_font))
        y += va + vd + 2
    return Block(tuple(ops), width, y - 2, 1 + len(e.parts))


def _stack(cells: Sequence[Block], gap: float, jitter: random.Random) -> Block:
    """Cells one per row with `gap` px between rows, each nudged right by up to 6 px and
    up or down by up to 2 px."""
    ops: list[Op] = []
    width = y = 0.0
    for c in cells:
        dx = jitter.uniform(0, 6)
        ops += shift(c.ops, dx, y + jitter.uniform(-2, 2))
        width = max(width, c.width + dx)
        y += c.height + gap
    return Block(tuple(ops), width, y - gap, len(cells))


def main_block(
    entries: Sequence[Entry], style: Style, max_width: float, extra_gap: float, seed: int
) -> Block:
    """The labelled main column with its top-left at (0, 0).

    Label-left placements put one entry per row. Label-above placements pair consecutive
    entries side by side when both fit in `max_width`. Rows are `extra_gap` px further apart
    than the natural gap. Each row is nudged by a few px (seeded).
    """
    jitter = random.Random(seed)
    placement = style.placement
    if placement == "tab":
        tab = max((text_width(label_text(e, style), style.label_font) for e in entries), default=0)
        tab += 0.5 * style.value_font.size
        cells = [entry_cell(e, style, style.value_font, placement, tab) for e in entries]
    else:
        cells = [entry_cell(e, style, style.value_font, placement) for e in entries]
    gap = 0.32 * style.value_font.size + extra_gap
    if placement in ("inline", "tab") or not style.pair_above:
        return _stack(cells, gap, jitter)
    col_gap = 1.5 * style.value_font.size
    rows: list[list[Block]] = []
    for c in cells:
        last = rows[-1] if rows else None
        if last is not None and len(last) == 1 and last[0].width + col_gap + c.width <= max_width:
            last.append(c)
        else:
            rows.append([c])
    ops: list[Op] = []
    y = 0.0
    width = 0.0
    for row in rows:
        x = 0.0
        for c in row:
            ops += shift(c.ops, x + jitter.uniform(0, 4), y + jitter.uniform(-2, 2))
            x += c.width + col_gap
        width = max(width, x - col_gap + 4)
        y += max(c.height for c in row) + gap
    return Block(tuple(ops), width, y - gap, len(rows))


def table_block(
    rows: Sequence[tuple[str, str]], left: FontKey, right: FontKey, colours: tuple[RGB, RGB]
) -> Block:
    """Two-column table, the right column right-aligned (copays, Rx numbers)."""
    gap = 1.2 * left.size
    lw = max(text_width(a, left) for a, _ in rows)
    rw = max(text_width(b, right) for _, b in rows)
    ascent = max(ascent_descent(left)[0], ascent_descent(right)[0])
    step = 1.35 * max(left.size, right.size)
    ops: list[Op] = []
    for i, (a, b) in enumerate(rows):
        baseline = ascent + i * step
        ops.append(TextOp(0, baseline, a, left, colours[0]))
        ops.append(TextOp(lw + gap + rw, baseline, b, right, colours[1], anchor="rs"))
    height = ascent + (len(rows) - 1) * step + ascent_descent(left)[1]
    return Block(tuple(ops), lw + gap + rw, height, len(rows))


# --- logos ------------------------------------------------------------------------------------


def _word(
    x: float, top: float, text: str, font: FontKey, fill: RGB
) -> tuple[TextOp, float, float]:
    """A word mark with its ink top at `top`: the op, its right x and its bottom y."""
    op = TextOp(x, top, text, font, fill, anchor="lt")
    _, _, right, bottom = op.box()
    return op, right, bottom


def _cross_shield(x: float, top: float, h: float, cross: RGB, shield: RGB) -> list[Op]:
    """The cross and shield symbols side by side, `h` px tall, left edge at `x`."""
    t = h / 3
    ops: list[Op] = [
        ShapeOp("rect", (x + t, top, x + 2 * t, top + h), cross),
        ShapeOp("rect", (x, top + t, x + h, top + 2 * t), cross),
    ]
    sx = x + h + 0.25 * h
    ops.append(
        ShapeOp(
            "polygon",
            (sx, top, sx + 0.8 * h, top, sx + 0.8 * h, top + 0.55 * h, sx + 0.4 * h, top + h, sx,
             top + 0.55 * h),
            shield,
        )
    )
    return ops


_TITLES: Final = {
    "aetna": "Aetna",
    "cigna": "Cigna",
    "anthem": "Anthem BlueCross BlueShield",
    "empire": "Empire BlueCross BlueShield",
    "unitedhealthcare": "UnitedHealthcare",
    "oxford": "Oxford Health Plans",
    "umr": "UMR",
    "oscar": "Oscar",
    "uhc_student_resources": "UnitedHealthcare StudentResources",
    "humana": "Humana",
    "kaiser": "Kaiser Permanente",
    "medicare": "Medicare",
    "bcbs_texas": "BlueCross BlueShield of Texas",
    "bcbs_illinois": "BlueCross BlueShield of Illinois",
    "premera": "Premera Blue Cross",
    "highmark": "Highmark Blue Cross Blue Shield",
    "regence": "Regence BlueShield",
    "florida_blue": "Florida Blue",
    "carefirst": "CareFirst BlueCross BlueShield",
    "horizon": "Horizon BlueCross BlueShield of New Jersey",
    "ambetter": "Ambetter",
    "molina": "Molina Healthcare",
    "tricare": "TRICARE",
    "wellcare": "Wellcare",
}

_WATERMARKS: Final = {
    "aetna": "aetna",
    "cigna": "Cigna",
    "anthem": "Anthem",
    "empire": "Empire",
    "unitedhealthcare": "UHC",
    "oxford": "OXFORD",
    "umr": "UMR",
    "oscar": "oscar",
    "uhc_student_resources": "UHC",
    "humana": "Humana",
    "kaiser": "KP",
    "medicare": "MEDICARE",
    "bcbs_texas": "BCBSTX",
    "bcbs_illinois": "BCBSIL",
    "premera": "PREMERA",
    "highmark": "highmark",
    "regence": "Regence",
    "florida_blue": "Florida Blue",
    "carefirst": "CareFirst",
    "horizon": "Horizon",
    "ambetter": "ambetter",
    "molina": "MOLINA",
    "tricare": "TRICARE",
    "wellcare": "wellcare",
}
"""The word a large pale watermark repeats (design variant ``watermark``)."""

_SITES: Final = {
    "aetna": "aetna.com",
    "cigna": "myCigna.com",
    "anthem": "anthem.com",
    "empire": "empireblue.com",
    "unitedhealthcare": "myuhc.com",
    "oxford": "oxhp.com",
    "umr": "umr.com",
    "oscar": "hioscar.com",
    "uhc_student_resources": "uhcsr.com",
    "humana": "Humana.com",
    "kaiser": "kp.org",
    "medicare": "Medicare.gov",
    "bcbs_texas": "bcbstx.com",
    "bcbs_illinois": "bcbsil.com",
    "premera": "premera.com",
    "highmark": "highmarkbcbs.com",
    "regence": "regence.com",
    "florida_blue": "floridablue.com",
    "carefirst": "carefirst.com",
    "horizon": "horizonblue.com",
    "ambetter": "ambetterhealth.com",
    "molina": "MolinaHealthcare.com",
    "tricare": "tricare.mil",
    "wellcare": "wellcare.com",
}


def brand_title(spec: CardSpec) -> str:
    """The carrier's name in running text (back header band)."""
    return _TITLES.get(spec.brand, spec.brand)


def band_text(spec: CardSpec) -> str:
    """What a vertical side band says: the carrier's web address (an invented carrier's
    name without spaces + .com)."""
    return _SITES.get(spec.brand) or "".join(spec.brand.split()).lower() + ".com"


def paint_logo(
    spec: CardSpec, style: Style, x: float, top: float, on_band: bool
) -> tuple[list[Op], float]:
    """The carrier's logo with its top-left at (x, top): ops and the logo's bottom y."""
    pal = style.palette
    ink = WHITE if on_band else pal.brand
    v = style.logo_variant
    ops: list[Op] = []
    b = spec.brand
    if b == "aetna":
        op, _, bottom = _word(x, top, "aetna", FontKey("dejavu", True, 64), ink)
        ops.append(op)
    elif b == "cigna":
        op, right, bottom = _word(x, top, "Cigna", FontKey("liberation", True, 60), ink)
        ops.append(op)
        ops.append(ShapeOp("ellipse", (right + 8, top, right + 26, top + 18), pal.accent))
    elif b in ("anthem", "empire"):
        name = "Anthem" if b == "anthem" else "Empire"
        op, right, bottom = _word(x, top, name, FontKey("liberation", True, 56), ink)
        ops.append(op)
        h = bottom - top
        ops += _cross_shield(right + 18, top, h, ink, WHITE if on_band else pal.accent)
        tail = x if v % 2 else right + 34 + 2.05 * h
        tail_top = bottom + 8 if v % 2 else top + 0.25 * h
        op, _, b2 = _word(tail, tail_top, "BlueCross BlueShield", FontKey("liberation", v < 2, 32),
                          ink)
        ops.append(op)
        bottom = max(bottom, b2)
    elif b in ("unitedhealthcare", "uhc_student_resources"):
        op, right, bottom = _word(x, top, "UnitedHealthcare", FontKey("dejavu", True, 46), ink)
        ops.append(op)
        if b == "uhc_student_resources":
            font = FontKey("dejavu", False, 34)
            if v % 2:
                op, _, bottom = _word(x, bottom + 8, "StudentResources", font, ink)
            else:
                op, _, _ = _word(right + 12, top + 8, "StudentResources", font, ink)
            ops.append(op)
    elif b == "oxford":
        op, right, bottom = _word(x, top, "OXFORD", FontKey("liberation_serif", True, 56), ink)
        ops.append(op)
        op, _, bottom = _word(x, bottom + 6, "HEALTH PLANS", FontKey("liberation", False, 24), ink)
        ops.append(op)
        uhc, _, _ = _word(CARD_W - 45, top + 6, "UnitedHealthcare", FontKey("dejavu", True, 32),
                          WHITE if on_band else (0, 38, 119))
        ops.append(dataclasses.replace(uhc, anchor="rt"))
    elif b == "umr":
        font = FontKey("dejavu", True, 70)
        if on_band or v % 2:
            op, _, bottom = _word(x, top, "UMR", font, ink)
            ops.append(op)
        else:
            w = text_width("UMR", font)
            op, _, bottom = _word(x + 14, top + 10, "UMR", font, WHITE)
            ops += [ShapeOp("rect", (x, top, x + w + 28, bottom + 10), pal.brand, radius=6), op]
            bottom += 10
    elif b == "oscar":
        op, right, bottom = _word(x, top, "oscar", FontKey("dejavu", True, 72), ink)
        ops.append(op)
        if not on_band:
            ops.append(ShapeOp("ellipse", (right + 10, top + 8, right + 34, top + 32), pal.accent))
    elif b in _NEW_LOGOS:
        more, bottom = _NEW_LOGOS[b](x, top, ink, WHITE if on_band else pal.accent, v)
        ops += more
    else:
        h = 52.0
        if v % 2:
            ops.append(ShapeOp("ellipse", (x, top, x + h, top + h), ink))
            ops.append(ShapeOp("ellipse", (x + 12, top + 12, x + h - 12, top + h - 12),
                               pal.brand if on_band else pal.paper))
        else:
            ops.append(ShapeOp("polygon", (x, top + h, x + h / 2, top, x + h, top + h), ink))
        family = ("liberation", "dejavu", "liberation_serif", "dejavu_condensed")[v]
        op, _, bottom = _word(x + h + 16, top + 4, b, FontKey(family, True, 40), ink)
        ops.append(op)
        bottom = max(bottom, top + h)
    return ops, bottom


# Logos of the carriers added after the foundation: (x, top, ink, accent, variant) -> ops and
# the logo's bottom y. Simple word marks in the carriers' manner, not their artwork.

LogoPainter = Callable[[float, float, RGB, RGB, int], tuple[list[Op], float]]


def _logo_humana(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    op, _, bottom = _word(x, top, "Humana", FontKey("dejavu", True, 62), ink)
    return [op], bottom


def _logo_kaiser(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    h = 46.0
    ops: list[Op] = [ShapeOp("ellipse", (x, top, x + h, top + h), accent)]
    for i in range(5):  # the sun's rays as short bars over the disc
        ops.append(ShapeOp("rect", (x + 4 + i * 8, top - 2, x + 8 + i * 8, top + h / 2), ink))
    if v % 2:
        op, _, b1 = _word(x + h + 14, top, "KAISER", FontKey("liberation", True, 40), ink)
        op2, _, bottom = _word(x + h + 14, b1 + 6, "PERMANENTE", FontKey("liberation", True, 30),
                               ink)
        return [*ops, op, op2], max(bottom, top + h)
    op, _, bottom = _word(x + h + 14, top + 6, "KAISER PERMANENTE",
                          FontKey("liberation", True, 38), ink)
    return [*ops, op], max(bottom, top + h)


def _logo_medicare(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    op, _, bottom = _word(x, top, "MEDICARE HEALTH INSURANCE", FontKey("liberation", True, 44),
                          ink)
    return [op], bottom


def _blue_mark(
    x: float, top: float, name: str, font: FontKey, tail: str, ink: RGB, accent: RGB, v: int,
    *, symbols_first: bool = True,
) -> tuple[list[Op], float]:
    """Cross and shield with the plan's name beside them and a tail line (one line, so its
    words stay together) beside or under the name."""
    ops: list[Op] = []
    h = 48.0
    if symbols_first:
        ops += _cross_shield(x, top, h, ink, accent)
        x += 2.05 * h + 16
    right = x
    bottom = top + h
    if name:
        op, right, bottom = _word(x, top, name, font, ink)
        ops.append(op)
    if not symbols_first:
        ops += _cross_shield(right + 16, top, h, ink, accent)
        right += 16 + 2.05 * h
        bottom = max(bottom, top + h)
    if tail:
        tail_font = FontKey("liberation", v < 2, 30)
        if name and (v % 2 or right + text_width(tail, tail_font) > CARD_W - 60):
            op, _, b2 = _word(x, bottom + 8, tail, tail_font, ink)
        else:
            op, _, b2 = _word(right + 16 if name else x, top + 0.25 * h, tail, tail_font, ink)
        ops.append(op)
        bottom = max(bottom, b2)
    return ops, max(bottom, top + h)


def _logo_bcbs_state(state: str) -> LogoPainter:
    def paint(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
        return _blue_mark(x, top, "", FontKey("liberation", True, 40),
                          f"BlueCross BlueShield of {state}", ink, accent, v)
    return paint


def _logo_premera(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    t = 16.0
    ops: list[Op] = [
        ShapeOp("rect", (x + t, top, x + 2 * t, top + 3 * t), accent),
        ShapeOp("rect", (x, top + t, x + 3 * t, top + 2 * t), accent),
    ]
    op, _, b1 = _word(x + 3 * t + 14, top, "PREMERA", FontKey("liberation", True, 50), ink)
    op2, _, bottom = _word(x + 3 * t + 14, b1 + 6, "BLUE CROSS", FontKey("liberation", False, 28),
                           ink)
    return [*ops, op, op2], bottom


def _logo_highmark(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    tail = "Blue Shield" if v == 3 else "BlueCross BlueShield"
    return _blue_mark(x, top, "highmark", FontKey("dejavu", True, 54), tail, ink, accent, v,
                      symbols_first=False)


def _logo_regence(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    tail = ("BlueShield of Idaho", "BlueShield", "BlueCross BlueShield of Oregon",
            "BlueCross BlueShield of Utah")[v]
    op, _, b1 = _word(x, top, "Regence", FontKey("liberation_serif", True, 56), ink)
    op2, _, bottom = _word(x, b1 + 8, tail, FontKey("liberation", False, 30), ink)
    return [op, op2], bottom


def _logo_florida_blue(
    x: float, top: float, ink: RGB, accent: RGB, v: int
) -> tuple[list[Op], float]:
    return _blue_mark(x, top, "Florida Blue", FontKey("dejavu", True, 52), "", ink, accent, v)


def _logo_carefirst(
    x: float, top: float, ink: RGB, accent: RGB, v: int
) -> tuple[list[Op], float]:
    return _blue_mark(x, top, "CareFirst", FontKey("liberation", True, 52),
                      "BlueCross BlueShield", ink, accent, v | 1)


def _logo_horizon(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    return _blue_mark(x, top, "Horizon", FontKey("liberation_serif", True, 54),
                      "BlueCross BlueShield of New Jersey", ink, accent, v | 1,
                      symbols_first=False)


def _logo_ambetter(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    op, right, bottom = _word(x, top, "ambetter", FontKey("dejavu", True, 62), ink)
    dot = ShapeOp("ellipse", (right + 6, bottom - 16, right + 20, bottom - 2), accent)
    return [op, dot], bottom


def _logo_molina(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    h = 50.0
    ops: list[Op] = [ShapeOp("polygon", (x, top + h, x + h / 2, top, x + h, top + h), accent)]
    op, _, b1 = _word(x + h + 14, top, "MOLINA", FontKey("liberation", True, 46), ink)
    op2, _, bottom = _word(x + h + 14, b1 + 6, "HEALTHCARE", FontKey("liberation", False, 26), ink)
    return [*ops, op, op2], max(bottom, top + h)


def _logo_tricare(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    op, right, bottom = _word(x, top, "TRICARE", FontKey("liberation", True, 58), ink)
    bar = ShapeOp("rect", (x, bottom + 6, right, bottom + 12), accent)
    return [op, bar], bottom + 12


def _logo_wellcare(x: float, top: float, ink: RGB, accent: RGB, v: int) -> tuple[list[Op], float]:
    op, right, bottom = _word(x, top, "wellcare", FontKey("dejavu", True, 60), ink)
    leaf = ShapeOp("ellipse", (right + 8, top, right + 30, top + 22), accent)
    return [op, leaf], bottom


_NEW_LOGOS: Final[dict[str, LogoPainter]] = {
    "humana": _logo_humana,
    "kaiser": _logo_kaiser,
    "medicare": _logo_medicare,
    "bcbs_texas": _logo_bcbs_state("Texas"),
    "bcbs_illinois": _logo_bcbs_state("Illinois"),
    "premera": _logo_premera,
    "highmark": _logo_highmark,
    "regence": _logo_regence,
    "florida_blue": _logo_florida_blue,
    "carefirst": _logo_carefirst,
    "horizon": _logo_horizon,
    "ambetter": _logo_ambetter,
    "molina": _logo_molina,
    "tricare": _logo_tricare,
    "wellcare": _logo_wellcare,
}


# --- front ------------------------------------------------------------------------------------

LEFT: Final = 50
"""Left text margin in px (no left band)."""
RIGHT: Final = CARD_W - 45
"""Right text margin in px."""
TOP: Final = 30
BOTTOM: Final = CARD_H - 28


def _background(spec: CardSpec, style: Style, front: bool) -> tuple[list[Op], float]:
    """Paper, decorations and (Cigna) band/watermark; returns ops and the text left margin."""
    pal = style.palette
    ops: list[Op] = [ShapeOp("rect", (0, 0, CARD_W, CARD_H), pal.paper)]
    left = float(LEFT)
    if style.decor == "swoosh":
        ops.append(ShapeOp("ellipse", (CARD_W * 0.45, CARD_H * 0.55, CARD_W * 1.6, CARD_H * 1.9),
                           pal.pale))
    elif style.decor == "bottom_band":
        ops.append(ShapeOp("rect", (0, CARD_H - 14, CARD_W, CARD_H), pal.brand))
    elif style.decor == "corner":
        ops.append(ShapeOp("polygon", (CARD_W - 190, CARD_H, CARD_W, CARD_H - 190, CARD_W, CARD_H),
                           pal.pale))
    if front and spec.carrier == "cigna" and style.logo_variant < 2:
        ops.append(ShapeOp("rect", (0, 0, 78, CARD_H), pal.brand))
        ops.append(TextOp(16, CARD_H - 150, "myCigna.com", FontKey("liberation", True, 40), WHITE,
                          vertical=True))
        ops.append(TextOp(CARD_W * 0.2, CARD_H * 0.72, "Cigna", FontKey("liberation", False, 330),
                          pal.pale, decor=True))
        left = 120.0
    if front and style.watermark:
        ops.append(_watermark(style.watermark, pal.pale))
    if front and style.side_band:
        ops += _side_band(style.side_band, pal.brand)
        left = 120.0
    if spec.brand == "medicare":  # the red stripe along the bottom edge
        ops.append(ShapeOp("rect", (0, CARD_H - 22, CARD_W, CARD_H - 10), pal.accent))
    return ops, left


SIDE_BAND_W: Final = 78
"""Width in px of the coloured band down the front's left edge (design variant)."""


def _watermark(text: str, colour: RGB) -> TextOp:
    """`text` large and pale across the middle of the card, about 3/4 of its width."""
    size = 330
    width = text_width(text, FontKey("liberation", False, size))
    size = max(60, min(size, round(size * 0.75 * CARD_W / width)))
    font = FontKey("liberation", False, size)
    x = (CARD_W - text_width(text, font)) / 2
    return TextOp(x, CARD_H * 0.72, text, font, colour, decor=True)


def _side_band(text: str, colour: RGB) -> list[Op]:
    """The band and its text, turned to read bottom to top, centred on the band's length."""
    font = FontKey("liberation", True, 40)
    while text_width(text, font) > CARD_H - 90 and font.size > 28:
        font = dataclasses.replace(font, size=font.size - 2)
    ascent, descent = ascent_descent(font)
    x = (SIDE_BAND_W - ascent - descent) / 2
    y = (CARD_H + text_width(text, font)) / 2
    return [ShapeOp("rect", (0, 0, SIDE_BAND_W, CARD_H), colour),
            TextOp(x, y, text, font, WHITE, vertical=True)]


def _header(spec: CardSpec, style: Style, left: float) -> tuple[list[Op], float]:
    """Logo, on a brand band when the style says so; returns ops and the header's bottom y."""
    if spec.carrier == "cigna" and style.logo_variant < 2:
        return [], TOP
    if style.header_band:
        logo, bottom = paint_logo(spec, style, left, 22, on_band=True)
        band: list[Op] = [ShapeOp("rect", (0, 0, CARD_W, bottom + 18), style.palette.brand)]
        return band + logo, bottom + 18
    logo, bottom = paint_logo(spec, style, left, TOP, on_band=False)
    return logo, bottom


def _rx_line(entries: Sequence[Entry], style: Style, font: FontKey) -> Block:
    """Pharmacy entries side by side on one baseline ("RxBIN 020099   RxPCN IS ..."); past
    `RX_LINE_ENTRIES` entries (an Rx ID, an Rx Plan) the rest go on a second line under the
    first."""
    def line(group: Sequence[Entry]) -> Block:
        parts: list[tuple[str, FontKey, RGB]] = []
        for e in group:
            parts.append((label_text(e, style), style.small_font, style.palette.label))
            parts.append((e.value, font, style.palette.value))
        return _line_cell(parts, 0.4 * font.size, pair_gap=1.2 * font.size)

    first = line(entries[:RX_LINE_ENTRIES])
    if len(entries) <= RX_LINE_ENTRIES:
        return first
    second = line(entries[RX_LINE_ENTRIES:])
    gap = 0.25 * font.size
    ops = (*first.ops, *shift(second.ops, 0, first.height + gap))
    return Block(ops, max(first.width, second.width), first.height + gap + second.height, 2)


def _front_at(
    spec: CardSpec, style: Style, copays_on: bool, rx_aside: bool, seed: int
) -> list[Op] | None:
    """The front at one scale and arrangement, or None if it does not fit the card."""
    jitter = random.Random(seed)
    pal = style.palette
    ops, left = _background(spec, style, front=True)
    header, y = _header(spec, style, left)
    ops += header
    rx_font = style.value_font.scaled(0.85, MIN_VALUE_PX)
    small_gap = 0.25 * style.small_font.size

    bottom = float(BOTTOM)
    if spec.footer:
        cells = [entry_cell(e, style, style.small_font, "inline") for e in spec.footer]
        foot = _stack(cells, small_gap, jitter)
        bottom -= foot.height
        ops += shift(foot.ops, left, bottom)
        bottom -= 10
    if spec.rx and not rx_aside:
        rx = _rx_line(spec.rx, style, rx_font)
        if jitter.random() < 0.5:
            bottom -= 0.3 * rx.height
        if left + rx.width > RIGHT:
            return None
        bottom -= rx.height
        ops += shift(rx.ops, left, bottom)
        bottom -= 10

    y += 14
    for e in spec.headline:
        font = FontKey(style.small_font.family, True, max(style.small_font.size + 2, 24))
        if e.parts[0].field is not None:
            font = style.value_font.scaled(0.9, MIN_VALUE_PX)
        cell = entry_cell(e, style, font, "inline")
        if left + cell.width > RIGHT:
            return None
        colour = pal.brand if e.parts[0].field == "plan_name" else pal.value
        ops += shift(_recolour(cell.ops, pal.value, colour), left, y)
        y += cell.height + small_gap
    y += 10

    aside: Block | None = None
    if rx_aside and spec.rx:
        rows = [(label_text(e, style), e.value) for e in spec.rx]
        aside = table_block(rows, style.small_font, rx_font, (pal.label, pal.value))
    elif copays_on and spec.copays:
        bold = FontKey(style.small_font.family, True, style.small_font.size)
        aside = table_block(spec.copays, bold, bold, (pal.accent, pal.accent))
    main_seed = jitter.randrange(2**31)
    main = main_block(spec.main, style, RIGHT - left, 0.0, main_seed)
    free = bottom - y - main.height
    if free < 0 or left + main.width > RIGHT:
        return None
    # Spread the rows over part of the free height, as printed cards fill their face; the
    # rows - 1 extra gaps add at most 0.7 * free, so the spread block still fits.
    extra = min(free * jitter.uniform(0.3, 0.7) / main.rows, 0.6 * style.value_font.size)
    main = main_block(spec.main, style, RIGHT - left, extra, main_seed)
    y += jitter.uniform(0, max(0.0, min(40.0, bottom - y - main.height)))
    ops += shift(main.ops, left, y)
    if aside is not None:
        ax = RIGHT - aside.width
        if ax < left + main.width + 40 or y + aside.height > bottom:
            return None
        room = max(0.0, min(30.0, bottom - y - aside.height))
        ops += shift(aside.ops, ax, y + jitter.uniform(0, room))
    return ops


def _recolour(ops: Sequence[Op], old: RGB, new: RGB) -> list[Op]:
    return [
        dataclasses.replace(op, fill=new) if isinstance(op, TextOp) and op.fill == old else op
        for op in ops
    ]


_SCALES: Final = (1.0, 0.93, 0.86, 0.8, 0.74, 0.68)


@dataclass(frozen=True, slots=True)
class FrontLayout:
    """The laid-out front and what of its optional content it shows."""

    ops: list[Op]
    copays: bool
    """True when the copay table is drawn: it is left off where the Rx block takes the right
    column, and where it does not fit (so this depends on font metrics, like the pixels)."""


def front_layout(spec: CardSpec, style: Style, seed: int) -> FrontLayout:
    """The front: the style as drawn if it fits, else smaller fonts and fewer extras (copays
    dropped, the Rx block moved to a bottom line). Ground-truth text is never dropped."""
    for scale in _SCALES:
        scaled = style.scaled(scale)
        for copays_on, rx_aside in ((True, style.rx_aside), (True, False), (False, False)):
            ops = _front_at(spec, scaled, copays_on, rx_aside, seed)
            if ops is not None:
                shown = bool(spec.copays) and copays_on and not (rx_aside and spec.rx)
                return FrontLayout(ops, shown)
    compact = dataclasses.replace(style, placement="inline", header_band=False).scaled(_SCALES[-1])
    ops = _front_at(spec, compact, False, False, seed)
    if ops is None:
        raise ValueError(f"card content does not fit the front: {spec}")
    return FrontLayout(ops, False)


def layout_front(spec: CardSpec, style: Style, seed: int) -> list[Op]:
    """Ops for the front (`front_layout`)."""
    return front_layout(spec, style, seed).ops


# --- back -------------------------------------------------------------------------------------


def _wrap(text: str, font: FontKey, width: float) -> list[str]:
    """Greedy word wrap of `text` to lines no wider than `width` px."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width(trial, font) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _back_at(
    spec: CardSpec, style: Style, keep: Sequence[Entry], extra_gap: float
) -> tuple[list[Op], float] | None:
    """The back at one scale with the lines `keep`: ops and the free height left at the
    bottom in px, or None if the lines do not fit."""
    pal = style.palette
    ops, _ = _background(spec, style, front=False)
    body = style.small_font
    left, y = float(LEFT), float(TOP)
    if style.header_band:
        title = FontKey("dejavu", True, 28)
        ops.append(ShapeOp("rect", (0, 0, CARD_W, 62), pal.brand))
        ops.append(TextOp(left, 31, brand_title(spec), title, WHITE, anchor="lm"))
        y = 62 + 16
    gap = 0.3 * body.size + extra_gap
    label_style = dataclasses.replace(style, label_font=FontKey(body.family, True, body.size))
    for e in keep:
        if not e.label and not _is_truth(e):
            ascent, descent = ascent_descent(body)
            for line in _wrap(e.value, body, RIGHT - left):
                ops.append(TextOp(left, y + ascent, line, body, pal.value))
                y += ascent + descent
        else:
            font = style.value_font.scaled(0.85, MIN_VALUE_PX) if _is_truth(e) else body
            cell = entry_cell(e, label_style, font, "inline")
            if left + cell.width > RIGHT:
                return None
            ops += shift(cell.ops, left, y)
            y += cell.height
        y += gap
    free = BOTTOM - (y - gap)
    return (ops, free) if free >= 0 else None


def layout_back(spec: CardSpec, style: Style) -> list[Op]:
    """Ops for the back: all lines if they fit, spread over the face; else unlabelled text
    lines are dropped from the end, then fonts shrink. Truth entries and the claims address
    (`Entry.role` `claims`) are always kept."""
    for scale in _SCALES:
        scaled = style.scaled(scale)
        keep = list(spec.back)
        while True:
            fit = _back_at(spec, scaled, keep, 0.0)
            if fit is not None:
                extra = min(fit[1] / (len(keep) + 1), 0.7 * scaled.small_font.size)
                spread = _back_at(spec, scaled, keep, extra)
                return spread[0] if spread is not None else fit[0]
            drop = [i for i, e in enumerate(keep)
                    if not e.label and not _is_truth(e) and e.role != "claims"]
            if not drop:
                break
            del keep[drop[-1]]
    raise ValueError(f"card content does not fit the back: {spec}")


def _is_truth(e: Entry) -> bool:
    return any(p.field is not None or p.distractor is not None for p in e.parts)


# --- pixels -----------------------------------------------------------------------------------


def _vertical_text(img: Image.Image, op: TextOp) -> None:
    """Paste a run turned 90 degrees counter-clockwise with its bottom-left at (op.x, op.y)."""
    font = load_font(op.font)
    ascent, descent = font.getmetrics()
    w = int(font.getlength(op.text)) + 2
    mask = Image.new("L", (w, ascent + descent))
    ImageDraw.Draw(mask).text((0, 0), op.text, font=font, fill=255, anchor="la")
    turned = mask.transpose(Image.Transpose.ROTATE_90)
    img.paste(op.fill, (round(op.x), round(op.y) - turned.height), turned)


def render(ops: Sequence[Op]) -> Image.Image:
    """Paint `ops` in order onto a CARD_W x CARD_H RGB image (corners not yet rounded)."""
    img = Image.new("RGB", (CARD_W, CARD_H), WHITE)
    draw = ImageDraw.Draw(img)
    for op in ops:
        if isinstance(op, TextOp):
            if op.vertical:
                _vertical_text(img, op)
            else:
                draw.text((op.x, op.y), op.text, font=load_font(op.font), fill=op.fill,
                          anchor=op.anchor)
        elif op.kind == "rect":
            draw.rounded_rectangle(op.xy, radius=op.radius, fill=op.fill, outline=op.outline,
                                   width=op.width)
        elif op.kind == "ellipse":
            draw.ellipse(op.xy, fill=op.fill, outline=op.outline, width=op.width)
        else:
            draw.polygon(op.xy, fill=op.fill, outline=op.outline)
    return img


@lru_cache(maxsize=1)
def card_mask() -> NDArray[np.float32]:
    """Card coverage in [0, 1] per pixel, CARD_H x CARD_W: 1 inside the rounded rectangle,
    anti-aliased at the corners (drawn at 4x and averaged)."""
    k = 4
    big = Image.new("L", (CARD_W * k, CARD_H * k), 0)
    ImageDraw.Draw(big).rounded_rectangle(
        (0, 0, CARD_W * k - 1, CARD_H * k - 1), radius=CORNER_RADIUS * k, fill=255
    )
    arr = np.asarray(big, dtype=np.float32).reshape(CARD_H, k, CARD_W, k).mean(axis=(1, 3))
    out: NDArray[np.float32] = arr / 255.0
    out.setflags(write=False)
    return out


@dataclass(frozen=True, slots=True)
class CardFaces:
    """The flat card: RGB uint8 arrays CARD_H x CARD_W x 3 (corners still square; use
    `card_mask()` for the rounded outline). `back` is None when no back is drawn."""

    front: NDArray[np.uint8]
    back: NDArray[np.uint8] | None


def draw_card(spec: CardSpec, rng: random.Random, with_back: bool) -> CardFaces:
    """Draw the flat card from its content; all layout randomness comes from `rng`."""
    style = draw_style(spec, rng)
    front = np.asarray(render(layout_front(spec, style, rng.randrange(2**31))), dtype=np.uint8)
    if not with_back:
        return CardFaces(front, None)
    back_style = dataclasses.replace(style, header_band=rng.random() < 0.3)
    back = np.asarray(render(layout_back(spec, back_style)), dtype=np.uint8)
    return CardFaces(front, back)

