"""Paints a grammar card (`gen_grammar_spec.GrammarCard`): fonts, colours, layout, marks.

Coordinates are px of the canonical card raster, `CARD_W` x `CARD_H` = 1011 x 638 (ID-1,
85.60 x 53.98 mm at 300 dpi), origin at the top-left corner, x right, y down. Text ops are
anchored at the left end of the baseline (Pillow anchor "ls"). Layouts are drawn here from
scratch (never `gen_draw.layout_front`); only the card size and the rounded-corner mask are
shared with the first generator.

Sizes: values are drawn at 28-34 px em times the fit scale (never below 17 px em, capitals
about 12 px tall); labels at 14-28 px em (capitals >= 9 px); fine print (back paragraphs,
web addresses) may be smaller, down to 12 px em.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from samples.gen_draw import CARD_H, CARD_W, CardFaces
from samples.gen_grammar_spec import GrammarCard, Item

RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in card px."""

_TT: Final = Path("/usr/share/fonts/truetype")
_OT: Final = Path("/usr/share/fonts/opentype")
FONT_PATHS: Final[dict[str, tuple[Path, Path]]] = {
    "dejavu_sans": (_TT / "dejavu/DejaVuSans.ttf", _TT / "dejavu/DejaVuSans-Bold.ttf"),
    "dejavu_condensed": (_TT / "dejavu/DejaVuSansCondensed.ttf",
                         _TT / "dejavu/DejaVuSansCondensed-Bold.ttf"),
    "dejavu_mono": (_TT / "dejavu/DejaVuSansMono.ttf", _TT / "dejavu/DejaVuSansMono-Bold.ttf"),
    "liberation_sans": (_TT / "liberation2/LiberationSans-Regular.ttf",
                        _TT / "liberation2/LiberationSans-Bold.ttf"),
    "liberation_serif": (_TT / "liberation2/LiberationSerif-Regular.ttf",
                         _TT / "liberation2/LiberationSerif-Bold.ttf"),
    "liberation_mono": (_TT / "liberation2/LiberationMono-Regular.ttf",
                        _TT / "liberation2/LiberationMono-Bold.ttf"),
    "nimbus_sans": (_OT / "urw-base35/NimbusSans-Regular.otf",
                    _OT / "urw-base35/NimbusSans-Bold.otf"),
    "nimbus_narrow": (_OT / "urw-base35/NimbusSansNarrow-Regular.otf",
                      _OT / "urw-base35/NimbusSansNarrow-Bold.otf"),
    "nimbus_roman": (_OT / "urw-base35/NimbusRoman-Regular.otf",
                     _OT / "urw-base35/NimbusRoman-Bold.otf"),
    "nimbus_mono": (_OT / "urw-base35/NimbusMonoPS-Regular.otf",
                    _OT / "urw-base35/NimbusMonoPS-Bold.otf"),
    "urw_gothic": (_OT / "urw-base35/URWGothic-Book.otf", _OT / "urw-base35/URWGothic-Demi.otf"),
    "c059": (_OT / "urw-base35/C059-Roman.otf", _OT / "urw-base35/C059-Bold.otf"),
    "p052": (_OT / "urw-base35/P052-Roman.otf", _OT / "urw-base35/P052-Bold.otf"),
    "urw_bookman": (_OT / "urw-base35/URWBookman-Light.otf",
                    _OT / "urw-base35/URWBookman-Demi.otf"),
    "free_sans": (_TT / "freefont/FreeSans.ttf", _TT / "freefont/FreeSansBold.ttf"),
    "free_serif": (_TT / "freefont/FreeSerif.ttf", _TT / "freefont/FreeSerifBold.ttf"),
    "free_mono": (_TT / "freefont/FreeMono.ttf", _TT / "freefont/FreeMonoBold.ttf"),
    "roboto": (_TT / "roboto/unhinted/RobotoTTF/Roboto-Regular.ttf",
               _TT / "roboto/unhinted/RobotoTTF/Roboto-Bold.ttf"),
    "roboto_condensed": (_TT / "roboto/unhinted/RobotoCondensed-Regular.ttf",
                         _TT / "roboto/unhinted/RobotoCondensed-Bold.ttf"),
    "open_sans": (_TT / "open-sans/OpenSans-Regular.ttf", _TT / "open-sans/OpenSans-Bold.ttf"),
    "open_sans_condensed": (_TT / "open-sans/OpenSans-CondLight.ttf",
                            _TT / "open-sans/OpenSans-CondBold.ttf"),
    "lato": (_TT / "lato/Lato-Regular.ttf", _TT / "lato/Lato-Bold.ttf"),
    "carlito": (_TT / "crosextra/Carlito-Regular.ttf", _TT / "crosextra/Carlito-Bold.ttf"),
}
"""Font family -> (regular, bold) file. Debian packages fonts-dejavu-core, fonts-liberation2,
fonts-urw-base35, fonts-freefont-ttf, fonts-roboto-unhinted, fonts-open-sans, fonts-lato,
fonts-crosextra-carlito (the Makefile's `system` target installs them)."""

FALLBACK_FONTS: Final = (FONT_PATHS["dejavu_sans"], FONT_PATHS["liberation_sans"])
"""Used, in order, when a family's file is missing (only the pixels change, never truth)."""

MIN_VALUE_EM: Final = 17
"""Smallest em size of a value in px (capitals about 12 px tall)."""
MIN_LABEL_EM: Final = 14
"""Smallest em size of a label in px (capitals about 10 px tall, >= 7 px in every family)."""
FINE_EM: Final = 12
"""Smallest em size of fine print (back paragraphs, web addresses)."""


@dataclass(frozen=True, slots=True)
class Font:
    """A family of `FONT_PATHS`, a weight, and an em size in px."""

    family: str
    bold: bool
    size: int


def font_path(family: str, bold: bool) -> Path:
    """The file drawn for `family`: its own, else the first fallback that exists."""
    for paths in (FONT_PATHS.get(family), *FALLBACK_FONTS):
        if paths is not None and paths[int(bold)].exists():
            return paths[int(bold)]
    raise FileNotFoundError("no TrueType font found: install fonts-dejavu-core")


@lru_cache(maxsize=1024)
def load(f: Font) -> ImageFont.FreeTypeFont:
    """The Pillow font for `f`."""
    return ImageFont.truetype(str(font_path(f.family, f.bold)), max(1, f.size))


def width(text: str, f: Font) -> float:
    """Advance width of `text` in px."""
    return float(load(f).getlength(text))


@dataclass(frozen=True, slots=True)
class Text:
    """One run of text, (x, y) the left end of its baseline in card px. `field` and
    `distractor` say which truth value the run prints; `role` is its pair's role."""

    x: float
    y: float
    text: str
    font: Font
    fill: RGB
    field: str | None = None
    distractor: str | None = None
    role: str = ""

    def box(self) -> Box:
        """Ink bounding box in card px."""
        x0, y0, x1, y1 = load(self.font).getbbox(self.text, anchor="ls")
        return (self.x + x0, self.y + y0, self.x + x1, self.y + y1)


@dataclass(frozen=True, slots=True)
class Shape:
    """A shape in card px: `xy` is (x0, y0, x1, y1) for rect, ellipse and arc (the arc's
    ellipse; `angles` start and end in degrees), a flat point list for polygon and line."""

    kind: Literal["rect", "ellipse", "polygon", "line", "arc"]
    xy: tuple[float, ...]
    fill: RGB | None = None
    outline: RGB | None = None
    width: int = 0
    radius: int = 0
    angles: tuple[float, float] = (0.0, 360.0)


Op = Text | Shape


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours of one side: `paper` (and `paper2`, the far end of a gradient), `brand` for
    logo and bands, `on_band` text on bands, `label` and `value` inks, `mark` for marks."""

    paper: RGB
    paper2: RGB
    gradient: str
    """`none`, `vertical` or `diagonal`."""
    brand: RGB
    accent: RGB
    on_band: RGB
    label: RGB
    value: RGB
    mark: RGB


_BRANDS: Final[tuple[RGB, ...]] = (
    (0, 56, 130), (0, 94, 184), (0, 118, 130), (0, 122, 70), (92, 40, 140), (140, 20, 50),
    (200, 80, 0), (190, 0, 110), (30, 30, 30), (0, 80, 160), (110, 60, 20), (20, 100, 170),
)
_PASTELS: Final[tuple[RGB, ...]] = (
    (236, 244, 252), (240, 250, 240), (252, 244, 232), (246, 240, 252), (252, 240, 244),
    (236, 248, 248), (250, 250, 232), (242, 242, 242),
)


def _tint(c: RGB, amount: float) -> RGB:
    r, g, b = (round(v + (255 - v) * amount) for v in c)
    return (r, g, b)


def _shade(c: RGB, amount: float) -> RGB:
    r, g, b = (round(v * amount) for v in c)
    return (r, g, b)


def palette(card: GrammarCard, rng: random.Random) -> Palette:
    """The front's colours for the card's `design.background`."""
    brand = rng.choice(_BRANDS)
    accent = rng.choice(_BRANDS)
    kind = card.design.background
    mark = rng.choice(((220, 30, 30), (230, 40, 40), (235, 120, 0), (20, 90, 220)))
    if kind == "dark":
        paper = _shade(brand, rng.uniform(0.3, 0.5)) if rng.random() < 0.7 else (38, 40, 46)
        return Palette(paper, paper, "none", _tint(brand, 0.35), accent, (255, 255, 255),
                       _tint(brand, rng.uniform(0.6, 0.8)), (255, 255, 255),
                       rng.choice(((255, 210, 0), (255, 90, 90))))
    if kind == "pastel":
        paper = _tint(brand, rng.uniform(0.88, 0.94)) if rng.random() < 0.5 else rng.choice(
            _PASTELS)
        paper2, grad = paper, "none"
    elif kind == "gradient":
        paper, paper2 = rng.choice(_PASTELS), _tint(brand, rng.uniform(0.8, 0.9))
        grad = rng.choice(("vertical", "diagonal"))
    else:
        paper = paper2 = (255, 255, 255) if rng.random() < 0.7 else (250, 250, 245)
        grad = "none"
    label = rng.choice((brand, (90, 90, 90), (20, 20, 20), _shade(brand, 0.8)))
    value = rng.choice(((0, 0, 0), (20, 20, 20), (10, 30, 70)))
    return Palette(paper, paper2, grad, brand, accent, (255, 255, 255), label, value, mark)


def paint_background(p: Palette) -> NDArray[np.uint8]:
    """The paper of one side, CARD_H x CARD_W x 3: flat or a two-colour gradient."""
    a = np.array(p.paper, dtype=np.float32)
    b = np.array(p.paper2, dtype=np.float32)
    if p.gradient == "none":
        t = np.zeros((CARD_H, CARD_W), dtype=np.float32)
    elif p.gradient == "vertical":
        t = np.repeat(np.linspace(0, 1, CARD_H, dtype=np.float32)[:, None], CARD_W, axis=1)
    else:
        ys = np.linspace(0, 0.5, CARD_H, dtype=np.float32)[:, None]
        xs = np.linspace(0, 0.5, CARD_W, dtype=np.float32)[None, :]
        t = ys + xs
    img = a[None, None, :] * (1 - t[:, :, None]) + b[None, None, :] * t[:, :, None]
    out: NDArray[np.uint8] = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    return out


# --- logos --------------------------------------------------------------------------------------


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()
             and w.lower() not in ("of", "and", "the")]
    return "".join(w[0].upper() for w in words[:2]) or name[:1].upper()


def logo_ops(kind: str, x: float, top: float, s: float, ink: RGB, accent: RGB, paper: RGB,
             name: str, family: str) -> list[Op]:
    """A logo shape of size `s` px with its top-left at (x, top)."""
    if kind == "circle":
        return [Shape("ellipse", (x, top, x + s, top + s), fill=ink),
                Shape("ellipse", (x + s * 0.28, top + s * 0.28, x + s * 0.72, top + s * 0.72),
                      fill=paper)]
    if kind == "shield":
        pts: tuple[float, ...] = (x, top, x + s, top, x + s, top + s * 0.55, x + s / 2, top + s,
               x, top + s * 0.55)
        bar = s * 0.14
        return [Shape("polygon", pts, fill=ink),
                Shape("rect", (x + s / 2 - bar / 2, top + s * 0.15, x + s / 2 + bar / 2,
                               top + s * 0.75), fill=paper),
                Shape("rect", (x + s * 0.22, top + s * 0.36, x + s * 0.78, top + s * 0.36 + bar),
                      fill=paper)]
    if kind == "swoosh":
        w = max(4, round(s * 0.1))
        return [Shape("arc", (x, top + s * 0.1, x + s * 1.3, top + s * 1.2), outline=ink,
                      width=w, angles=(190.0, 320.0)),
                Shape("arc", (x + s * 0.1, top + s * 0.35, x + s * 1.2, top + s * 1.3),
                      outline=accent, width=w, angles=(195.0, 330.0))]
    if kind == "initials":
        f = Font(family, True, round(s * 0.45))
        text = _initials(name)
        tw = width(text, f)
        return [Shape("rect", (x, top, x + s, top + s), fill=ink, radius=round(s * 0.22)),
                Text(x + (s - tw) / 2, top + s * 0.66, text, f, paper, role="logo")]
    arm = s / 3
    cross = (x + arm, top, x + 2 * arm, top, x + 2 * arm, top + arm, x + s, top + arm,
           x + s, top + 2 * arm, x + 2 * arm, top + 2 * arm, x + 2 * arm, top + s, x + arm,
           top + s, x + arm, top + 2 * arm, x, top + 2 * arm, x, top + arm, x + arm, top + arm)
    return [Shape("polygon", cross, fill=ink)]


# --- pairs --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fonts:
    """The fonts of one side at one fit scale."""

    label: Font
    small_label: Font
    value: Font
    id_value: Font
    fine: Font


@dataclass(frozen=True, slots=True)
class Placed:
    """Ops of one laid-out pair and its size: `w` px wide, `h` px tall from its top."""

    ops: tuple[Op, ...]
    w: float
    h: float


def value_ops(it: Item, x: float, y: float, f: Font, fill: RGB) -> tuple[list[Op], float]:
    """The value's parts as runs from (x, baseline y), a space apart; returns ops and the
    advance width."""
    ops: list[Op] = []
    space = width(" ", f)
    cx = x
    for i, p in enumerate(it.parts):
        if i:
            cx += space
        ops.append(Text(cx, y, p.text, f, fill, p.field, p.distractor, it.role))
        cx += width(p.text, f)
    return ops, cx - x


def _label_text(it: Item, colon: bool) -> str:
    if not it.label:
        return ""
    if colon and not it.label.endswith((":", "#")):
        return it.label + ":"
    return it.label


def _vfont(it: Item, fonts: Fonts) -> Font:
    return fonts.id_value if it.role == "member_id" else fonts.value


def inline_pair(it: Item, fonts: Fonts, pal: Palette, colon: bool, tab: float | None) -> Placed:
    """`Label: value` on one baseline (value at `tab` px from the left when given)."""
    vf = _vfont(it, fonts)
    asc = load(vf).getmetrics()[0]
    ops: list[Op] = []
    x = 0.0
    label = _label_text(it, colon)
    if label:
        ops.append(Text(0, asc, label, fonts.label, pal.label, role=it.role))
        x = width(label, fonts.label) + width(" ", fonts.label) * 1.2
        if tab is not None:
            x = max(x, tab)
    vops, vw = value_ops(it, x, asc, vf, pal.value)
    return Placed(tuple(ops + vops), x + vw, asc + load(vf).getmetrics()[1] * 0.6)


def stacked_pair(it: Item, fonts: Fonts, pal: Palette) -> Placed:
    """The label in small type above the value."""
    vf = _vfont(it, fonts)
    ops: list[Op] = []
    y = 0.0
    lw = 0.0
    if it.label:
        la = load(fonts.small_label).getmetrics()[0]
        ops.append(Text(0, la, it.label, fonts.small_label, pal.label, role=it.role))
        lw = width(it.label, fonts.small_label)
        y = la + 4
    asc = load(vf).getmetrics()[0]
    vops, vw = value_ops(it, 0, y + asc, vf, pal.value)
    return Placed(tuple(ops + vops), max(lw, vw), y + asc + load(vf).getmetrics()[1] * 0.6)


def list_pair(it: Item, fonts: Fonts, pal: Palette, colon: bool) -> Placed:
    """A label over one name a line (dependents)."""
    ops: list[Op] = []
    la = load(fonts.label).getmetrics()[0]
    ops.append(Text(0, la, _label_text(it, colon), fonts.label, pal.label, role=it.role))
    w = width(_label_text(it, colon), fonts.label)
    vf = fonts.value
    step = sum(load(vf).getmetrics()) * 1.05
    y = float(la)
    for p in it.parts:
        y += step
        ops.append(Text(12, y, p.text, vf, pal.value, p.field, p.distractor, it.role))
        w = max(w, 12 + width(p.text, vf))
    return Placed(tuple(ops), w, y + load(vf).getmetrics()[1] * 0.6)


def grid_pair(it: Item, fonts: Fonts, pal: Palette, colon: bool) -> Placed:
    """A copay table in two columns under an optional heading: cells of benefit (label
    type) and amount (value type, right-aligned in the cell), two cells a row."""
    ops: list[Op] = []
    lf, vf = fonts.label, fonts.value
    y = 0.0
    w = 0.0
    if it.label:
        la, ld = load(lf).getmetrics()
        ops.append(Text(0, la, _label_text(it, colon), lf, pal.label, role=it.role))
        w = width(_label_text(it, colon), lf)
        y = la + ld + 4.0
    cells = [(it.parts[i].text, it.parts[i + 1].text) for i in range(0, len(it.parts), 2)]
    cell = max(width(b, lf) for b, _ in cells) + 16 + max(width(a, vf) for _, a in cells)
    gap = 44.0
    asc, desc = load(vf).getmetrics()
    for row in range(0, len(cells), 2):
        y += asc
        for col, (benefit, amount) in enumerate(cells[row:row + 2]):
            x = col * (cell + gap)
            ops.append(Text(x, y, benefit, lf, pal.label, role=it.role))
            ops.append(Text(x + cell - width(amount, vf), y, amount, vf, pal.value,
                            role=it.role))
        y += desc + 4.0
    return Placed(tuple(ops), max(w, 2 * cell + gap), y - 4.0 - desc * 0.4)


def _shift(ops: Sequence[Op], dx: float, dy: float) -> list[Op]:
    out: list[Op] = []
    for op in ops:
        if isinstance(op, Text):
            out.append(Text(op.x + dx, op.y + dy, op.text, op.font, op.fill, op.field,
                            op.distractor, op.role))
        elif op.kind in ("polygon", "line"):
            xy = tuple(v + (dx if i % 2 == 0 else dy) for i, v in enumerate(op.xy))
            out.append(Shape(op.kind, xy, op.fill, op.outline, op.width, op.radius, op.angles))
        else:
            x0, y0, x1, y1 = op.xy
            out.append(Shape(op.kind, (x0 + dx, y0 + dy, x1 + dx, y1 + dy), op.fill, op.outline,
                             op.width, op.radius, op.angles))
    return out


# --- the front ----------------------------------------------------------------------------------


class NoFit(Exception):
    """The layout does not fit the card at this scale."""


@dataclass(frozen=True, slots=True)
class FrontStyle:
    """Sizes and jitter of a front, drawn once per card from the style RNG."""

    pal: Palette
    value_em: int
    label_ratio: float
    small_ratio: float
    wordmark_em: int
    logo_px: int
    right_header: bool
    line_gap: float
    band_px: int
    label_bold: bool
    value_bold: bool
    seed: int


def front_style(card: GrammarCard, rng: random.Random) -> FrontStyle:
    """The front's sizes and colours."""
    return FrontStyle(
        pal=palette(card, rng),
        value_em=rng.randint(28, 34),
        label_ratio=rng.uniform(0.72, 0.95),
        small_ratio=rng.uniform(0.55, 0.7),
        wordmark_em=rng.randint(40, 62),
        logo_px=rng.randint(58, 92),
        right_header=rng.random() < 0.25,
        line_gap=rng.uniform(0.2, 0.5),
        band_px=rng.randint(54, 80),
        label_bold=rng.random() < 0.4,
        value_bold=rng.random() < 0.35,
        seed=rng.randrange(2**31),
    )


SCALES: Final = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6)
"""Fit scales tried in turn for the body's type sizes."""
SPREADS: Final = (3.0, 2.2, 1.6, 1.25)
"""Line-gap factors tried, widest first, once a scale fits."""


def _fonts(card: GrammarCard, st: FrontStyle, scale: float) -> Fonts:
    d = card.design
    v = max(MIN_VALUE_EM, round(st.value_em * scale))
    lab = max(MIN_LABEL_EM, round(v * st.label_ratio))
    small = max(MIN_LABEL_EM, round(v * st.small_ratio))
    return Fonts(
        label=Font(d.label_font, st.label_bold, lab),
        small_label=Font(d.label_font, st.label_bold or d.label_case == "upper", small),
        value=Font(d.value_font, st.value_bold, v),
        id_value=Font(d.id_font, st.value_bold, v),
        fine=Font(d.label_font, False, max(FINE_EM, round(v * 0.5))),
    )


LEFT: Final = 46
RIGHT: Final = CARD_W - 42
TOP: Final = 26
BOTTOM: Final = CARD_H - 22


def _header(card: GrammarCard, st: FrontStyle, x0: float, x1: float, top: float,
            on_band: bool) -> tuple[list[Op], float]:
    """Logo, wordmark and tagline; returns ops and the header's bottom y."""
    d, pal = card.design, st.pal
    ink = pal.on_band if on_band else pal.brand
    paper = pal.brand if on_band else pal.paper
    s = st.logo_px
    room = x1 - x0 - s - 16
    em = st.wordmark_em
    f = Font(d.wordmark_font, d.wordmark_bold, em)
    while em > 24 and max(width(t, f) for t in card.wordmark) > room:
        em -= 2
        f = Font(d.wordmark_font, d.wordmark_bold, em)
    asc, desc = load(f).getmetrics()
    tw = max(width(t, f) for t in card.wordmark)
    lx = x1 - tw - s - 16 if st.right_header else x0
    ops: list[Op] = logo_ops(d.logo, lx, top, s, ink, pal.accent, paper, card.payer_name,
                             d.wordmark_font)
    y = top + asc * 0.9
    if len(card.wordmark) == 1:
        y = top + (s + asc - desc) / 2
    for line in card.wordmark:
        ops.append(Text(lx + s + 16, y, line, f, ink, role="wordmark"))
        y += (asc + desc) * 0.95
    bottom = max(top + s, y - asc * 0.95 + desc)
    if card.tagline:
        tf = Font(d.label_font, False, max(FINE_EM + 2, round(em * 0.34)))
        ty = bottom + load(tf).getmetrics()[0] + 2
        ops.append(Text(lx + s + 16, ty, card.tagline, tf, ink, role="tagline"))
        bottom = ty + load(tf).getmetrics()[1]
    return ops, bottom


def _row(items: Sequence[Item], fonts: Fonts, pal: Palette, x0: float, x1: float,
         heads: bool, band: bool) -> tuple[list[Op], float]:
    """Pairs side by side at one height: column heads over values (`heads`, the heads on a
    brand band when `band`) or stacked pairs. Returns ops (top at y 0) and the height."""
    vf = [_vfont(it, fonts) for it in items]
    vw = [sum(width(p.text, f) for p in it.parts) + width(" ", f) * (len(it.parts) - 1)
          for it, f in zip(items, vf, strict=True)]
    hf = fonts.small_label
    hw = [width(it.label, hf) for it in items]
    need = [max(a, b) for a, b in zip(vw, hw, strict=True)]
    free = (x1 - x0) - sum(need)
    if free < 24 * (len(items) - 1) + (20 if band else 0):
        raise NoFit
    gap = free / max(1, len(items)) if heads else min(70.0, free / max(1, len(items) - 1))
    ops: list[Op] = []
    ha, hd = load(hf).getmetrics()
    pad = 6.0 if band else 0.0
    if band:
        ops.append(Shape("rect", (x0 - 8, 0, x1 + 8, ha + hd + 2 * pad), fill=pal.brand))
    head_ink = pal.on_band if band else pal.label
    vy = ha + hd + 2 * pad + 6 + load(vf[0]).getmetrics()[0]
    x = x0 + (4 if band else 0)
    for it, f, w in zip(items, vf, need, strict=True):
        if it.label:
            ops.append(Text(x, pad + ha, it.label, hf, head_ink, role=it.role))
        vo, _ = value_ops(it, x, vy, f, pal.value)
        ops += vo
        x += w + gap
    if heads and not band:
        ops.append(Shape("line", (x0, ha + hd + 2, x1, ha + hd + 2), outline=pal.label, width=1))
    return ops, vy + max(load(f).getmetrics()[1] for f in vf)


def _column(items: Sequence[Item], fonts: Fonts, card: GrammarCard, pal: Palette,
            colw: float, rng: random.Random, gap: float) -> tuple[list[Op], float]:
    """Pairs one under another in a column `colw` px wide; returns ops (top-left at 0, 0) and
    the height. A pair placed inline that is too wide for the column even at the smallest
    scale loses its tab stop, then has its label put above it (the design's placement is the
    card's intent, kept wherever it fits)."""
    d = card.design
    tab = None
    if d.placement == "tab":
        tab = max((width(_label_text(it, d.colon), fonts.label) for it in items if it.label),
                  default=0.0) + 14
    ops: list[Op] = []
    y = 0.0
    for it in items:
        stacked = d.placement == "stacked" or d.columns == 3 or (
            d.placement == "mixed" and rng.random() < 0.5) or (
            d.placement in ("heads", "pairs") and d.columns > 1)
        if it.role == "dependents":
            placed = list_pair(it, fonts, pal, d.colon)
        elif not it.label or not stacked:
            placed = inline_pair(it, fonts, pal, d.colon, tab if it.label else None)
            if placed.w > colw and tab is not None:  # too wide for the tab: right after
                placed = inline_pair(it, fonts, pal, d.colon, None)
            if placed.w > colw and it.label:  # still too wide: the label goes above
                placed = stacked_pair(it, fonts, pal)
        else:
            placed = stacked_pair(it, fonts, pal)
        if placed.w > colw:
            raise NoFit
        ops += _shift(placed.ops, 0, y)
        y += placed.h + gap
    return ops, y - gap


def _split(items: Sequence[Item], n: int) -> list[list[Item]]:
    """`items` in `n` consecutive runs of nearly equal length (earlier runs longer)."""
    size = math.ceil(len(items) / n) if items else 0
    return [list(items[i * size:(i + 1) * size]) for i in range(n)]


def _front_at(card: GrammarCard, st: FrontStyle, scale: float, spread: float = 1.0) -> list[Op]:
    """The front at one fit `scale`, gaps between body lines times `spread`; raises NoFit."""
    d, pal = card.design, st.pal
    rng = random.Random(st.seed)
    fonts = _fonts(card, st, scale)
    ops: list[Op] = []
    x0, x1, top, bottom = float(LEFT), float(RIGHT), float(TOP), float(BOTTOM)
    if d.band == "side":
        ops.append(Shape("rect", (0, 0, st.band_px, CARD_H), fill=pal.brand))
        x0 = st.band_px + 26
    if d.band == "bottom":
        ops.append(Shape("rect", (0, CARD_H - st.band_px, CARD_W, CARD_H), fill=pal.brand))
    # header, on a top band or on the paper
    if d.band == "top":
        head, hb = _header(card, st, x0, x1, 18, on_band=True)
        ops.append(Shape("rect", (0, 0, CARD_W, hb + 14), fill=pal.brand))
        ops += head
        y = hb + 14 + 14
    else:
        head, hb = _header(card, st, x0, x1, top, on_band=False)
        ops += head
        y = hb + 14
    # footer lines, from the bottom up: web address, then payer/phone pairs, Rx line
    fine_ink = pal.on_band if d.band == "bottom" else pal.label
    fb = CARD_H - st.band_px / 2 + 6 if d.band == "bottom" else bottom
    web_f = Font(d.label_font, False, max(FINE_EM + 1, round(fonts.label.size * 0.8)))
    web_x = x0 if rng.random() < 0.5 else x1 - width(card.web, web_f)
    ops.append(Text(web_x, fb, card.web, web_f, fine_ink, role="web"))
    foot_top = fb - load(web_f).getmetrics()[0] - 10
    if d.band == "bottom":
        foot_top = CARD_H - st.band_px - 10
    if card.corner_web:
        cf = Font(d.label_font, False, 13)
        cx = x1 - width(card.corner_web, cf) if web_x < CARD_W / 2 else x0
        cy = fb if d.band != "bottom" else CARD_H - st.band_px - 8
        if d.band == "top":
            cy = fb
        ops.append(Text(cx, cy, card.corner_web, cf, fine_ink, role="corner_web"))
        if d.band == "bottom":
            foot_top -= 18
    footer = list(card.footer)
    rx_line = card.rx if d.rx_place == "line" else ()
    lines: list[list[Item]] = []
    if rx_line:
        lines.append(list(rx_line))
    if footer:
        lines.append(footer)
    wrapped: list[list[Placed]] = []
    for line_items in lines:  # pairs side by side, 36 px apart, wrapped at the right margin
        row: list[Placed] = []
        for it in line_items:
            pair = inline_pair(it, fonts, pal, d.colon, None)
            if pair.w > x1 - x0:
                raise NoFit
            if row and sum(p.w + 36 for p in row) + pair.w > x1 - x0:
                wrapped.append(row)
                row = []
            row.append(pair)
        wrapped.append(row)
    yb = foot_top
    for placed in reversed(wrapped):
        h = max(p.h for p in placed)
        x = x0
        for p in placed:
            ops += _shift(p.ops, x, yb - h)
            x += p.w + 36
        yb -= h + 8
    body_bottom = yb
    # plan line and the lines under the logo
    gap = fonts.value.size * st.line_gap * spread
    first: list[Item] = ([card.plan] if card.plan is not None else []) + list(card.under_logo)
    for it in first:
        line = inline_pair(it, fonts, pal, d.colon, None)
        if it.role in ("name", "member_id") and not it.label:
            big = Fonts(fonts.label, fonts.small_label,
                        Font(fonts.value.family, True, round(fonts.value.size * 1.08)),
                        Font(fonts.id_value.family, fonts.id_value.bold,
                             round(fonts.id_value.size * 1.05)), fonts.fine)
            line = inline_pair(it, big, pal, d.colon, None)
        if line.w > x1 - x0:
            raise NoFit
        ops += _shift(line.ops, x0, y)
        y += line.h + gap
    y += 4
    # the body, then any two-column copay table across the card's width under it
    body = list(card.body) + (list(card.rx) if d.rx_place == "body" else [])
    grids = [it for it in body if it.role == "copay_grid"]
    body = [it for it in body if it.role != "copay_grid"]
    if d.placement in ("heads", "pairs") and body:
        k = min(len(body), 3 if d.placement == "heads" else rng.choice((2, 3)))
        while k >= 2:
            try:
                row_ops, h = _row(body[:k], fonts, pal, x0, x1, d.placement == "heads",
                                  d.heads_band and d.placement == "heads")
                break
            except NoFit:
                k -= 1
        else:
            row_ops, h = [], 0.0
            k = 0
        ops += _shift(row_ops, 0, y)
        y += h + gap + 8
        body = body[k:]
    cols = _split(body, min(d.columns, max(1, len(body))))
    colgap = 34.0
    colw = (x1 - x0 - colgap * (len(cols) - 1)) / len(cols)
    tallest = 0.0
    for i, col in enumerate(cols):
        cops, h = _column(col, fonts, card, pal, colw, rng, gap)
        if y + h > body_bottom:
            raise NoFit
        ops += _shift(cops, x0 + i * (colw + colgap), y)
        tallest = max(tallest, h)
    y += tallest + gap
    for it in grids:
        grid = grid_pair(it, fonts, pal, d.colon)
        if grid.w > x1 - x0 or y + grid.h > body_bottom:
            raise NoFit
        ops += _shift(grid.ops, x0, y)
        y += grid.h + gap
    return ops


def marks_ops(card: GrammarCard, ops: Sequence[Op], pal: Palette, rng: random.Random) -> list[Op]:
    """Explainer marks over the drawn front: red ellipses round a value, arrows pointing at
    one, numbered callouts, dotted rectangles; sometimes crossing the value's box edges."""
    out: list[Op] = []
    for n, (kind, role) in enumerate(card.design.marks, 1):
        texts = [op for op in ops if isinstance(op, Text) and op.role == role
                 and (op.field is not None or op.distractor is not None or role == "name")]
        if not texts:
            continue
        boxes = [t.box() for t in texts]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        w = rng.randint(3, 5)
        if kind == "ellipse":
            pad = rng.uniform(-2, 14)
            out.append(Shape("ellipse", (x0 - pad - 18, y0 - pad - 6, x1 + pad + 18,
                                         y1 + pad + 6), outline=pal.mark, width=w))
        elif kind == "dotted":
            pad = rng.uniform(1, 10)
            out += _dotted((x0 - pad, y0 - pad, x1 + pad, y1 + pad), pal.mark, w - 1)
        elif kind == "arrow":
            tip = (x1 + rng.uniform(-6, 6), (y0 + y1) / 2)
            tail = (min(CARD_W - 12, tip[0] + rng.uniform(60, 140)),
                    max(12, min(CARD_H - 12, tip[1] + rng.uniform(-70, 70))))
            out += _arrow(tail, tip, pal.mark, w)
        else:
            r = rng.uniform(14, 18)
            cx = x0 - r - 8 if x0 - 2 * r - 8 > 4 else x1 + r + 10
            cy = y0 - r * 0.4
            f = Font("dejavu_sans", True, round(r * 1.3))
            out.append(Shape("ellipse", (cx - r, cy - r, cx + r, cy + r), fill=pal.mark))
            d = str(n)
            out.append(Text(cx - width(d, f) / 2, cy + f.size * 0.36, d, f, (255, 255, 255),
                            role="mark"))
    return out


def _dotted(box: Box, ink: RGB, w: int) -> list[Op]:
    x0, y0, x1, y1 = box
    out: list[Op] = []
    step = 12.0
    for a, b, c, e in ((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0)):
        length = math.hypot(c - a, e - b)
        n = max(1, int(length / step))
        for i in range(0, n, 2):
            t0, t1 = i / n, min(1.0, (i + 1) / n)
            out.append(Shape("line", (a + (c - a) * t0, b + (e - b) * t0, a + (c - a) * t1,
                                      b + (e - b) * t1), outline=ink, width=max(2, w)))
    return out


def _arrow(tail: tuple[float, float], tip: tuple[float, float], ink: RGB, w: int) -> list[Op]:
    ang = math.atan2(tip[1] - tail[1], tip[0] - tail[0])
    head = 16.0
    left = (tip[0] - head * math.cos(ang - 0.45), tip[1] - head * math.sin(ang - 0.45))
    right = (tip[0] - head * math.cos(ang + 0.45), tip[1] - head * math.sin(ang + 0.45))
    return [Shape("line", (*tail, *tip), outline=ink, width=w),
            Shape("polygon", (*tip, *left, *right), fill=ink)]


def layout_front(card: GrammarCard, st: FrontStyle) -> list[Op]:
    """The front's ops at the largest `SCALES` entry that fits, marks included.

    Should the card's design not fit at any scale (the spec's `_fit_columns` makes this rare),
    one more column is tried, then two inline columns; the truth's `design` is the intent.
    """
    d = card.design
    fallbacks = (card, replace(card, design=replace(d, columns=min(3, d.columns + 1))),
                 replace(card, design=replace(d, columns=2, placement="inline")))
    for drawn in fallbacks:
        for scale in SCALES:
            try:
                ops = _front_at(drawn, st, scale)
            except NoFit:
                continue
            for spread in SPREADS:  # use the room left: wider gaps between lines when they fit
                try:
                    ops = _front_at(drawn, st, scale, spread)
                    break
                except NoFit:
                    continue
            return ops + marks_ops(card, ops, st.pal, random.Random(st.seed + 1))
    raise ValueError(f"grammar card does not fit the front at any scale: {card.design}")


# --- the back -----------------------------------------------------------------------------------


def _wrap(text: str, f: Font, w: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if width(trial, f) <= w or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def layout_back(card: GrammarCard, st: FrontStyle, rng: random.Random) -> list[Op]:
    """The back: an optional brand band with the wordmark, then its pairs top to bottom,
    paragraphs wrapped in fine print; paragraphs are left out when they do not fit."""
    pal = st.pal
    band = rng.random() < 0.4
    d = card.design
    for scale in SCALES:
        for keep_paragraphs in (True, False):
            ops: list[Op] = []
            fonts = _fonts(card, st, scale * 0.8)
            y = float(TOP)
            if band:
                f = Font(d.wordmark_font, d.wordmark_bold, max(24, round(st.wordmark_em * 0.6)))
                asc, desc = load(f).getmetrics()
                ops.append(Shape("rect", (0, 0, CARD_W, asc + desc + 24), fill=pal.brand))
                ops.append(Text(LEFT, 12 + asc, " ".join(card.wordmark), f, pal.on_band,
                                role="wordmark"))
                y = asc + desc + 24 + 16
            fine = Font(d.label_font, False, max(FINE_EM + 2, round(fonts.label.size * 0.85)))
            fa, fd = load(fine).getmetrics()
            fits = True
            for it in card.back_items():
                paragraph = not it.label and all(p.field is None and p.distractor is None
                                                  for p in it.parts) and len(it.value) > 40 \
                    and it.role != "copay_grid"
                if paragraph:
                    if not keep_paragraphs:
                        continue
                    for line in _wrap(it.value, fine, RIGHT - LEFT):
                        y += fa
                        ops.append(Text(LEFT, y, line, fine, pal.label, role="other"))
                        y += fd + 2
                    y += 6
                    continue
                if it.role == "copay_grid":
                    placed = grid_pair(it, fonts, pal, True)
                elif it.stacked:
                    placed = stacked_pair(it, fonts, pal)
                else:
                    placed = inline_pair(it, fonts, pal, True, None)
                if placed.w > RIGHT - LEFT:
                    fits = False
                    break
                ops += _shift(placed.ops, LEFT, y)
                y += placed.h + 6
            if fits and y <= BOTTOM:
                return ops
    raise ValueError("grammar card does not fit the back")


# --- pixels -------------------------------------------------------------------------------------


def render(ops: Sequence[Op], paper: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """Paint `ops` in order over a copy of `paper` (CARD_H x CARD_W x 3)."""
    img = Image.fromarray(paper.copy())
    draw = ImageDraw.Draw(img)
    for op in ops:
        if isinstance(op, Text):
            draw.text((op.x, op.y), op.text, font=load(op.font), fill=op.fill, anchor="ls")
        elif op.kind == "rect":
            draw.rounded_rectangle(op.xy, radius=op.radius, fill=op.fill, outline=op.outline,
                                   width=op.width)
        elif op.kind == "ellipse":
            draw.ellipse(op.xy, fill=op.fill, outline=op.outline, width=op.width)
        elif op.kind == "arc":
            draw.arc(op.xy, op.angles[0], op.angles[1], fill=op.outline, width=op.width)
        elif op.kind == "line":
            draw.line(op.xy, fill=op.outline, width=op.width)
        else:
            draw.polygon(op.xy, fill=op.fill, outline=op.outline)
    out: NDArray[np.uint8] = np.asarray(img, dtype=np.uint8)
    return out


@dataclass(frozen=True, slots=True)
class Drawn:
    """Both sides' ops and pixels (`back` None when no back is drawn)."""

    front_ops: tuple[Op, ...]
    back_ops: tuple[Op, ...] | None
    faces: CardFaces


def back_palette(card: GrammarCard, front: Palette, rng: random.Random) -> Palette:
    """The back's colours: the front's paper half the time (never a dark one), else white;
    dark labels and values."""
    paper = front.paper if card.design.background != "dark" and rng.random() < 0.5 else (
        255, 255, 255)
    paper2 = front.paper2 if paper == front.paper else paper
    grad = front.gradient if paper == front.paper else "none"
    label = front.label if card.design.background != "dark" else (60, 60, 60)
    return replace(front, paper=paper, paper2=paper2, gradient=grad, label=label,
                   value=(0, 0, 0) if card.design.background == "dark" else front.value)


def draw(card: GrammarCard, rng: random.Random, with_back: bool, pixels: bool = True) -> Drawn:
    """Lay out (and, with `pixels`, paint) the card; all layout randomness comes from `rng`,
    drawn in the same order whether or not the back is drawn."""
    st = front_style(card, rng)
    back_st = replace(st, pal=back_palette(card, st.pal, rng))
    back_seed = rng.randrange(2**31)
    front = tuple(layout_front(card, st))
    back = tuple(layout_back(card, back_st, random.Random(back_seed))) if with_back else None
    if not pixels:
        empty = np.zeros((1, 1, 3), dtype=np.uint8)
        return Drawn(front, back, CardFaces(empty, None))
    face = render(front, paint_background(st.pal))
    back_face = render(back, paint_background(back_st.pal)) if back is not None else None
    return Drawn(front, back, CardFaces(face, back_face))
