"""Geometry cores (properties) and card location on photos drawn with a known homography.

Expected corners come from how each scene was drawn, never from the pipeline.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import CARD_ASPECT, CARD_HEIGHT_PX, CARD_WIDTH_PX
from pipeline.geometry import homography, map_points, order_corners, rotation_matrix
from pipeline.locate import find_card, find_cards, flatten

F64 = npt.NDArray[np.float64]
U8 = npt.NDArray[np.uint8]

# --- pure cores ----------------------------------------------------------------------


@st.composite
def drawn_quads(draw: st.DrawFn) -> F64:
    """A convex quadrilateral as drawn: TL, TR, BR, BL.

    A w×h rectangle turned by at most 30° either way with each corner moved by at most 5%
    of its short side (perspective). Under 45° of turn the drawn top-left corner is the
    one a person calls top-left; the margins keep that unambiguous after the jitter.
    """
    w = draw(st.floats(20, 2000))
    h = draw(st.floats(20, 2000))
    angle = math.radians(draw(st.floats(-30, 30)))
    cx = draw(st.floats(-500, 3000))
    cy = draw(st.floats(-500, 3000))
    jitter = 0.05 * min(w, h)
    offsets = draw(
        st.lists(st.floats(-jitter, jitter), min_size=8, max_size=8)
    )
    rect = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    quad: F64 = rect @ rot.T + np.array([cx, cy]) + np.array(offsets).reshape(4, 2)
    return quad


@given(drawn_quads(), st.permutations(range(4)))
def test_order_corners_returns_tl_tr_br_bl(quad: F64, perm: list[int]) -> None:
    shuffled = quad[perm]
    ordered = order_corners(shuffled)
    assert ordered.shape == (4, 2)
    np.testing.assert_allclose(ordered, quad, atol=1e-9)


@given(drawn_quads())
def test_order_corners_accepts_opencv_contour_shape(quad: F64) -> None:
    contour = np.round(quad[[2, 0, 3, 1]]).astype(np.int32).reshape(4, 1, 2)
    np.testing.assert_allclose(order_corners(contour), np.round(quad), atol=1e-9)


def test_order_corners_on_a_diamond() -> None:
    """At exactly 45° the corner with the smallest x+y is taken as top-left; whatever the
    start, the order must still run clockwise on screen without repeating a point."""
    diamond = np.array([[50.0, 0.0], [100.0, 50.0], [50.0, 100.0], [0.0, 50.0]])
    ordered = order_corners(diamond[[3, 1, 0, 2]])
    assert {tuple(p) for p in ordered} == {tuple(p) for p in diamond}
    start = next(i for i in range(4) if (diamond[i] == ordered[0]).all())
    np.testing.assert_array_equal(ordered, np.roll(diamond, -start, axis=0))


@given(drawn_quads(), drawn_quads())
def test_homography_maps_its_four_points(src: F64, dst: F64) -> None:
    h = homography(src, dst)
    assert h.shape == (3, 3)
    assert h[2, 2] == pytest.approx(1.0)
    scale = max(1.0, float(np.abs(dst).max()))
    np.testing.assert_allclose(map_points(h, src), dst, atol=1e-6 * scale)


@given(
    drawn_quads(),
    drawn_quads(),
    st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0.01, 1)),
        min_size=1,
        max_size=10,
    ),
)
def test_map_points_round_trip_through_the_inverse(
    src: F64, dst: F64, weights: list[tuple[float, float, float, float]]
) -> None:
    """Points inside the source quad (convex combinations of its corners) go to the
    destination and back through the inverse homography to where they started."""
    w = np.array(weights)
    pts = (w / w.sum(axis=1, keepdims=True)) @ src
    h = homography(src, dst)
    there = map_points(h, pts)
    assert np.isfinite(there).all()
    back = map_points(np.linalg.inv(h).astype(np.float64), there)
    scale = max(1.0, float(np.abs(src).max()), float(np.abs(dst).max()))
    np.testing.assert_allclose(back, pts, atol=1e-6 * scale)


def test_map_points_identity_and_shapes() -> None:
    pts = [(1.5, 2.5), (10.0, -3.0)]
    out = map_points(np.eye(3), pts)
    assert out.shape == (2, 2)
    np.testing.assert_array_equal(out, np.array(pts))
    assert map_points(np.eye(3), [4.0, 5.0]).shape == (1, 2)


CV2_ROTATE = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


@settings(max_examples=200)
@given(
    st.sampled_from([0, 90, 180, 270]),
    st.integers(1, 40),
    st.integers(1, 40),
    st.data(),
)
def test_rotation_matrix_agrees_with_cv2_rotate(
    degrees: int, width: int, height: int, data: st.DataObject
) -> None:
    """Mark one pixel, turn the image with OpenCV, find the mark, and map its position in
    the turned image back through the matrix: it must land on the marked pixel."""
    x = data.draw(st.integers(0, width - 1))
    y = data.draw(st.integers(0, height - 1))
    image = np.zeros((height, width), dtype=np.uint8)
    image[y, x] = 255
    turned = image if degrees == 0 else cv2.rotate(image, CV2_ROTATE[degrees])
    ys, xs = np.nonzero(turned)
    assert len(xs) == 1
    back = map_points(rotation_matrix(degrees, width, height), [(xs[0], ys[0])])[0]
    assert abs(back[0] - x) <= 1 and abs(back[1] - y) <= 1
    # Pixel centres map exactly onto pixel centres.
    centre = map_points(
        rotation_matrix(degrees, width, height), [(xs[0] + 0.5, ys[0] + 0.5)]
    )[0]
    np.testing.assert_allclose(centre, (x + 0.5, y + 0.5), atol=1e-9)


def test_rotation_matrix_normalises_and_refuses_odd_angles() -> None:
    np.testing.assert_array_equal(rotation_matrix(360, 30, 20), np.eye(3))
    np.testing.assert_array_equal(rotation_matrix(-90, 30, 20), rotation_matrix(270, 30, 20))
    with pytest.raises(ValueError, match="multiple of 90"):
        rotation_matrix(45, 30, 20)


# --- locating a card in a photo --------------------------------------------------------

CARD_W, CARD_H = 856, 540
"""The drawn card: ID-1 at 254 dpi."""


def card_raster() -> tuple[U8, U8]:
    """A white card with rounded corners and dark text-like blocks, and its shape mask.

    The logo block sits top-left, so where it lands in the flattened card tells which way
    up the flattened card is.
    """
    card = np.full((CARD_H, CARD_W, 3), 255, dtype=np.uint8)
    mask = np.zeros((CARD_H, CARD_W), dtype=np.uint8)
    r = round(0.035 * CARD_W)  # ID-1 corner radius 3.18 mm of 85.6 mm
    cv2.rectangle(mask, (r, 0), (CARD_W - r, CARD_H), 255, -1)
    cv2.rectangle(mask, (0, r), (CARD_W, CARD_H - r), 255, -1)
    for cx, cy in [(r, r), (CARD_W - r, r), (CARD_W - r, CARD_H - r), (r, CARD_H - r)]:
        cv2.circle(mask, (cx, cy), r, 255, -1)
    cv2.rectangle(card, (40, 40), (260, 110), (30, 30, 30), -1)  # logo
    for i, y in enumerate(range(180, 460, 50)):
        cv2.rectangle(card, (60, y), (360 + 40 * (i % 3), y + 22), (40, 40, 40), -1)
        cv2.rectangle(card, (480, y), (680, y + 22), (60, 60, 60), -1)
    return card, mask


LOGO_CARD_FRAME = (40 / CARD_W, 40 / CARD_H, 260 / CARD_W, 110 / CARD_H)
"""The logo block as fractions of the card's width and height."""


def backdrop(width: int, height: int, seed: int) -> U8:
    """A darker, textured, noisy surface with a few stray lines (a desk, a cable)."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(40, 110, (height // 8 + 1, width // 8 + 1, 3), dtype=np.uint8)
    bg: U8 = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_LINEAR)
    bg = cv2.add(bg, rng.integers(0, 20, (height, width, 3), dtype=np.uint8))
    for _ in range(6):
        p1 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        p2 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        colour = tuple(int(v) for v in rng.integers(20, 120, 3))
        cv2.line(bg, p1, p2, colour, 2)
    return bg


def photo(corners: F64, size: tuple[int, int], seed: int = 0) -> U8:
    """The card warped so its TL, TR, BR, BL land on ``corners``, over a backdrop."""
    card, mask = card_raster()
    src = np.array([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]], dtype=np.float32)
    h = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    width, height = size
    warped = cv2.warpPerspective(card, h, (width, height), flags=cv2.INTER_LINEAR)
    alpha = cv2.warpPerspective(mask, h, (width, height), flags=cv2.INTER_LINEAR)
    a = (alpha.astype(np.float32) / 255)[..., None]
    out: U8 = (warped * a + backdrop(width, height, seed) * (1 - a)).astype(np.uint8)
    return out


def turned_rect(cx: float, cy: float, width: float, degrees: float) -> F64:
    """Corners TL, TR, BR, BL of an ID-1 card ``width`` px wide centred at (cx, cy),
    turned clockwise on screen by ``degrees``."""
    height = width / CARD_ASPECT
    t = math.radians(degrees)
    rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    rect = np.array(
        [[-width / 2, -height / 2], [width / 2, -height / 2], [width / 2, height / 2],
         [-width / 2, height / 2]]
    )
    out: F64 = rect @ rot.T + np.array([cx, cy])
    return out


FLAT_CORNERS = np.array(
    [[0, 0], [CARD_WIDTH_PX, 0], [CARD_WIDTH_PX, CARD_HEIGHT_PX], [0, CARD_HEIGHT_PX]],
    dtype=np.float64,
)


def corner_error(card_to_photo: F64, true_corners: F64) -> tuple[float, int]:
    """Largest distance from the flattened card's corners, mapped into the photo, to the
    drawn corners, in card widths; with the turn (0 or 180) that fits best."""
    got = map_points(card_to_photo, FLAT_CORNERS)
    width = float(np.linalg.norm(true_corners[1] - true_corners[0]))
    errors = {
        turn: float(np.linalg.norm(got - np.roll(true_corners, turn // 90, axis=0),
                                   axis=1).max()) / width
        for turn in (0, 180)
    }
    turn = min(errors, key=lambda k: errors[k])
    return errors[turn], turn


def assert_logo_where_drawn(flat: U8, turn: int) -> None:
    """The flattened pixels hold the logo top-left (or bottom-right when upside down)."""
    grey = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY)
    x0, y0, x1, y1 = LOGO_CARD_FRAME
    if turn == 180:
        x0, y0, x1, y1 = 1 - x1, 1 - y1, 1 - x0, 1 - y0
    h, w = grey.shape
    inset = 0.01
    logo = grey[round((y0 + inset) * h):round((y1 - inset) * h),
                round((x0 + inset) * w):round((x1 - inset) * w)]
    assert float(logo.mean()) < 80, "the logo block is not where the card was drawn"
    # The opposite corner is blank card.
    blank = np.rot90(grey, 2)[round((y0 + inset) * h):round((y1 - inset) * h),
                              round((x0 + inset) * w):round((x1 - inset) * w)]
    assert float(blank.mean()) > 200


def quad(points: list[list[int]]) -> F64:
    return np.array(points, dtype=np.float64)


SCENES = {
    "perspective": (quad([[180, 150], [800, 190], [780, 590], [150, 560]]), (960, 720)),
    "turned 20": (turned_rect(480, 360, 560, 20), (960, 720)),
    "turned -35": (turned_rect(480, 360, 520, -35), (960, 720)),
    "small": (quad([[400, 300], [640, 310], [635, 460], [398, 452]]), (960, 720)),
    "upside down": (turned_rect(500, 380, 600, 185), (1024, 768)),
    "large photo": (turned_rect(1600, 1200, 1700, 8), (3200, 2400)),
}


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("scene", list(SCENES))
def test_find_card_recovers_the_drawn_corners(scene: str, seed: int) -> None:
    corners, size = SCENES[scene]
    card = find_card(photo(corners, size, seed))
    assert card.found
    assert card.pixels.shape == (CARD_HEIGHT_PX, CARD_WIDTH_PX, 3)
    error, turn = corner_error(card.card_to_photo, corners)
    assert error < 0.02, f"corners off by {error:.1%} of the card width"
    assert_logo_where_drawn(card.pixels, turn)
    drawn_width = float(np.linalg.norm(corners[1] - corners[0]))
    assert card.card_width_px == pytest.approx(drawn_width, rel=0.05)


@pytest.mark.parametrize(
    ("scene", "corners", "size"),
    [
        # A 2:3 portrait phone photo with the card upright in the user's hand, turned 90°.
        ("portrait 2:3, card turned 90", turned_rect(300, 450, 520, 90), (600, 900)),
        ("portrait 2:3, card turned -80", turned_rect(300, 450, 500, -80), (600, 900)),
        ("portrait 3:4, card turned 90", turned_rect(300, 400, 520, 90), (600, 800)),
        ("portrait 9:16, card turned 95", turned_rect(270, 480, 480, 95), (540, 960)),
    ],
)
def test_portrait_photo_of_a_turned_card_gives_a_landscape_card(
    scene: str, corners: F64, size: tuple[int, int]
) -> None:
    card = find_card(photo(corners, size))
    assert card.found
    assert card.pixels.shape == (CARD_HEIGHT_PX, CARD_WIDTH_PX, 3)
    error, turn = corner_error(card.card_to_photo, corners)
    assert error < 0.02, f"{scene}: corners off by {error:.1%} of the card width"
    assert_logo_where_drawn(card.pixels, turn)


@pytest.mark.parametrize(
    ("scene", "corners", "size"),
    [
        # Phone cameras also shoot 16:9 and 3:2; a card filling a third of such a photo
        # must still be cut out of its backdrop.
        ("16:9", turned_rect(640, 360, 560, 4), (1280, 720)),
        ("3:2", turned_rect(540, 360, 560, -6), (1080, 720)),
    ],
)
def test_card_in_a_card_shaped_photo_is_still_cut_out(
    scene: str, corners: F64, size: tuple[int, int]
) -> None:
    card = find_card(photo(corners, size))
    assert card.found
    error, turn = corner_error(card.card_to_photo, corners)
    assert error < 0.02, f"{scene}: corners off by {error:.1%} of the card width"
    assert_logo_where_drawn(card.pixels, turn)


@pytest.mark.parametrize("size", [(856, 540), (1011, 638), (1041, 679)])
def test_plain_scan_passes_through(size: tuple[int, int]) -> None:
    """A scan is the card: its flattened raster is the whole image, scaled."""
    width, height = size
    card, _ = card_raster()
    scan: U8 = cv2.resize(card, (width, height), interpolation=cv2.INTER_AREA)
    found = find_card(scan)
    assert found.found
    frame = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)
    error, turn = corner_error(found.card_to_photo, frame)
    assert turn == 0
    assert error < 0.02
    np.testing.assert_allclose(
        found.card_to_photo / found.card_to_photo[2, 2],
        np.diag([width / CARD_WIDTH_PX, height / CARD_HEIGHT_PX, 1.0]),
        atol=0.02,
    )
    assert_logo_where_drawn(found.pixels, 0)


def test_scan_with_a_design_band_and_watermark_passes_through() -> None:
    """Like a real Cigna front: a coloured band down the left edge and a large pale
    watermark; neither is the card."""
    card, _ = card_raster()
    cv2.rectangle(card, (0, 0), (60, CARD_H), (190, 120, 20), -1)
    cv2.ellipse(card, (560, 300), (220, 150), 0, 0, 360, (235, 215, 200), -1)
    cv2.rectangle(card, (480, 230), (680, 252), (60, 60, 60), -1)
    found = find_card(card)
    assert found.found
    frame = np.array([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]], dtype=np.float64)
    error, turn = corner_error(found.card_to_photo, frame)
    assert turn == 0 and error < 0.02


def test_scan_of_a_pale_card_with_a_dark_slanted_panel_is_the_whole_card() -> None:
    """A scan whose card edge shows a few pixels in from the frame (pale tinted card on
    white, rounded corners) and whose print closes into a large slanted quad (a text block
    an arrow and a circle were drawn over): the card is the whole scan, not that quad."""
    width, height = 1049, 660
    scan: U8 = np.full((height, width, 3), 252, dtype=np.uint8)
    cv2.rectangle(scan, (18, 12), (width - 19, height - 13), (222, 236, 228), -1)
    for x, y in ((18, 12), (width - 19, 12), (18, height - 13), (width - 19, height - 13)):
        cv2.circle(scan, (x, y), 16, (252, 252, 252), -1)  # rounded corners, roughly
    panel = np.array([[90, 200], [1020, 30], [1020, 640], [30, 640]], dtype=np.int32)
    cv2.fillConvexPoly(scan, panel, (60, 90, 70))
    found = find_card(scan)
    frame = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)
    error, turn = corner_error(found.card_to_photo, frame)
    assert turn == 0 and error < 0.03, f"corners off by {error:.1%} of the card width"


def test_photo_without_a_card_is_taken_whole_and_not_found() -> None:
    """A backdrop with no card in a 4:3 frame: the whole photo, ``found`` False."""
    bg = backdrop(800, 600, 3)
    card = find_card(bg)
    assert not card.found
    frame = np.array([[0, 0], [800, 0], [800, 600], [0, 600]], dtype=np.float64)
    got = map_points(card.card_to_photo, FLAT_CORNERS)
    np.testing.assert_allclose(got, frame, atol=1.0)


def page_with_cards(origins: list[tuple[int, int]], size: tuple[int, int]) -> U8:
    """A white page with white cards (no rim, no shadow) pasted at ``origins`` (top-left)."""
    width, height = size
    page = np.full((height, width, 3), 255, dtype=np.uint8)
    card, _ = card_raster()
    for x, y in origins:
        page[y:y + CARD_H, x:x + CARD_W] = card
    return page


def photo_box(card_to_photo: F64) -> tuple[float, float, float, float]:
    """The axis-aligned box (x0, y0, x1, y1) of a flattened card's corners in the photo."""
    got = map_points(card_to_photo, FLAT_CORNERS)
    return got[:, 0].min(), got[:, 1].min(), got[:, 0].max(), got[:, 1].max()


@pytest.mark.parametrize("stacked", [False, True])
def test_two_white_cards_on_a_white_page_are_split_at_the_gap(stacked: bool) -> None:
    """A portal's PDF export: front and back on white paper, no outline to find. Each
    card's box holds its own ink (logo and text blocks as drawn) and none of the other's."""
    second = (60, 80 + CARD_H + 60) if stacked else (60 + CARD_W + 120, 80)
    size = (1100, 1400) if stacked else (2100, 760)
    page = page_with_cards([(60, 80), second], size)
    cards = find_cards(page, max_cards=2)
    assert len(cards) == 2
    for card, (x, y) in zip(cards, [(60, 80), second], strict=True):
        x0, y0, x1, y1 = photo_box(card.card_to_photo)
        ink = (x + 40, y + 40, x + 680, y + 482)  # the drawn logo and text blocks
        assert x0 <= ink[0] and y0 <= ink[1] and x1 >= ink[2] and y1 >= ink[3]
        other = second if (x, y) == (60, 80) else (60, 80)
        assert not (x0 < other[0] + 680 and x1 > other[0] + 40
                    and y0 < other[1] + 482 and y1 > other[1] + 40)


def test_one_white_card_on_a_white_page_is_not_split() -> None:
    """The card's own blank column between its text blocks is not a gap between cards."""
    page = page_with_cards([(100, 120)], (1200, 900))
    assert len(find_cards(page, max_cards=2)) == 1


def test_a_card_side_is_fitted_past_a_shadow_bulging_from_its_outline() -> None:
    from pipeline.locate import fit_line

    rng = np.random.default_rng(3)
    x = np.arange(100.0, 600.0)
    y = 200.0 + 0.05 * (x - 100.0) + rng.normal(0.0, 0.4, x.size)
    y[300:360] += 9.0  # a shadow's outline leaves the card's edge for 60 px
    x0, y0, vx, vy = fit_line(np.column_stack([x, y]))

    def line_y(at: float) -> float:
        return y0 + (at - x0) * vy / vx

    for at in (100.0, 600.0):
        assert abs(line_y(at) - (200.0 + 0.05 * (at - 100.0))) < 0.3
    # Least squares alone is pulled towards the shadow by over a pixel.
    vx2, vy2, x2, y2 = (float(v[0]) for v in cv2.fitLine(
        np.column_stack([x, y]).astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01))
    assert max(abs(y2 + (at - x2) * vy2 / vx2 - (200.0 + 0.05 * (at - 100.0)))
               for at in (100.0, 350.0, 600.0)) > 1.0


@pytest.mark.parametrize("shape", [(16, 50000), (100000, 16), (16, 16)])
def test_photos_of_extreme_proportions_give_a_card_image(shape: tuple[int, int]) -> None:
    """Within the pixel limit, a 16 x 50000 strip is searched at a size with no side of
    0 px, and gives the canonical card raster (not found: no outline)."""
    pixels = np.full((*shape, 3), 200, np.uint8)
    for max_cards in (1, 2):
        cards = find_cards(pixels, max_cards=max_cards)
        assert cards and all(c.pixels.shape[:2] == (CARD_HEIGHT_PX, CARD_WIDTH_PX)
                             for c in cards)


@pytest.mark.parametrize("quad", [
    [[10, 10], [10, 10], [10, 10], [10, 10]],        # a point
    [[0, 0], [100, 0], [200, 0], [300, 0]],          # a line
    [[0, 0], [math.nan, 0], [100, 50], [0, 50]],     # not a number
], ids=["point", "line", "nan"])
def test_degenerate_quad_flattens_the_whole_photo(quad: list[list[float]]) -> None:
    pixels = np.full((300, 480, 3), 180, np.uint8)
    card = flatten(pixels, np.array(quad, dtype=np.float64), found=True)
    assert not card.found
    assert card.pixels.shape[:2] == (CARD_HEIGHT_PX, CARD_WIDTH_PX)
    assert np.isfinite(card.card_to_photo).all()


def _card_on_a_page(rim: int) -> tuple[U8, tuple[int, int, int, int]]:
    """A letter page (white) holding one pale grey card (its box x0, y0, x1, y1) whose
    edge differs from the page by ``rim`` grey levels, printed with dark lines of text
    from margin to margin."""
    page = np.full((1650, 1275, 3), 250, np.uint8)
    x0, y0, x1, y1 = 150, 120, 700, 467
    page[y0:y1, x0:x1] = 250 - rim
    for i, y in enumerate(range(y0 + 30, y1 - 20, 45)):
        cv2.rectangle(page, (x0 + 25, y), (x1 - 25 - 120 * (i % 3), y + 16), (30, 30, 30), -1)
    return page, (x0, y0, x1, y1)


@pytest.mark.parametrize("rim", [12, 40])
def test_one_card_on_a_plain_page_is_its_ink_block(rim: int) -> None:
    page, (x0, y0, x1, y1) = _card_on_a_page(rim)
    card = find_card(page)
    assert card.found
    assert card.card_width_px == pytest.approx(x1 - x0, rel=0.1)
    centre = map_points(card.card_to_photo, np.array([[CARD_WIDTH_PX / 2, CARD_HEIGHT_PX / 2]]))
    assert centre[0] == pytest.approx([(x0 + x1) / 2, (y0 + y1) / 2], abs=15)
    # Ink that is no card-shaped block (a column of text down the page) is no card.
    from pipeline.locate import card_on_paper

    column = np.full((1650, 1275, 3), 250, np.uint8)
    for y in range(100, 1500, 45):
        cv2.rectangle(column, (150, y), (400, y + 16), (30, 30, 30), -1)
    assert card_on_paper(cv2.resize(column, (556, 720))) is None
    # Nor is ink reaching the frame: a page has a margin round its card.
    cut = page[y0 + 35 :, x0 + 40 :]
    assert card_on_paper(cv2.resize(cut, (cut.shape[1] * 720 // cut.shape[0], 720))) is None


def test_a_wedge_of_shading_is_no_card_outline() -> None:
    from pipeline.locate import _candidates

    def blob(corners: list[list[int]]) -> npt.NDArray[np.uint8]:
        mask = np.zeros((239, 720), np.uint8)
        cv2.fillPoly(mask, [np.array(corners, np.int32)], 255)
        return mask

    frame = 239.0 * 720.0
    # A shading's wedge over a pale card (holdout 0009: sides of 216 and 122, 20 and 195).
    assert _candidates(blob([[157, 224], [333, 98], [353, 103], [352, 225]]), frame) == []
    # A card seen in perspective: its far side shorter, but not by half.
    card = _candidates(blob([[60, 20], [330, 35], [320, 200], [70, 215]]), frame)
    assert len(card) == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e4, 1e4, width=32), min_size=1, max_size=60),
       st.sampled_from([np.float32, np.float64]))
def test_median_of_is_numpys_median(values: list[float], dtype: type) -> None:
    from pipeline.locate import median_of

    array: npt.NDArray[np.floating] = np.array(values, dtype=dtype)
    assert median_of(array) == float(np.median(array))
    with_nan: npt.NDArray[np.floating] = np.append(array, np.nan).astype(dtype)
    assert math.isnan(median_of(with_nan))


def test_a_pale_card_on_a_pale_table_is_found_by_its_edge_traced_with_a_gap() -> None:
    # Fresh 11818's 0130: a white card on a white table, its edge a faint line broken on
    # one side; no blob of colour, and the broken ring no blob to fill. The outline the
    # edges trace all but round is the card's (before, a wedge of its print was taken and
    # the member ID's column cut off).
    corners = quad([[180, 150], [800, 160], [795, 555], [170, 560]])
    width, height = 960, 720
    card, mask = card_raster()
    card = np.where(card < 128, card, 230).astype(np.uint8)
    src = np.array([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]], dtype=np.float32)
    h = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    alpha = cv2.warpPerspective(mask, h, (width, height)).astype(np.float32)[..., None] / 255
    table = 229 + np.random.default_rng(0).normal(0, 2, (height, width, 3))
    photo = (cv2.warpPerspective(card, h, (width, height)) * alpha + table * (1 - alpha))
    edge = np.zeros((height, width), np.uint8)
    cv2.polylines(edge, [corners.astype(np.int32)], True, 255, 2)
    (bx, by), (tx, ty) = corners[3], corners[0]
    gap_from = (int(bx), int(by + 0.3 * (ty - by)))
    gap_to = (int(bx + 0.7 * (tx - bx)), int(by + 0.7 * (ty - by)))
    cv2.line(edge, gap_from, gap_to, 0, 12)  # the left side's middle lost
    photo[edge > 0] = 200
    found = find_card(photo.clip(0, 255).astype(np.uint8))
    error, _ = corner_error(found.card_to_photo, corners)
    assert found.found and error < 0.02, f"corners off by {error:.1%} of the card width"
