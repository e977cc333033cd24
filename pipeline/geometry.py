"""Pure geometry: corner ordering, homographies and mapping boxes between frames."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from pipeline.types import Polygon

Matrix = npt.NDArray[np.float64]


def order_corners(pts: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Order four points as top-left, top-right, bottom-right, bottom-left (any pixel frame).

    Sorting by angle around the centroid works for any convex quadrilateral, including
    ones rotated near 45° where the usual x+y / x-y trick picks the same point twice.
    """
    p = np.asarray(pts, dtype=np.float64).reshape(4, 2)
    c = p.mean(axis=0)
    angles = np.arctan2(p[:, 1] - c[1], p[:, 0] - c[0])
    p = p[np.argsort(angles)]  # clockwise on screen (y down), starting near -180°
    start = int(np.argmin(p.sum(axis=1)))  # top-left: smallest x + y
    return np.roll(p, -start, axis=0)


def side_lengths(quad: npt.NDArray[np.float64]) -> tuple[float, float]:
    """Mean lengths of the (top, bottom) and (left, right) edges of an ordered quad."""
    tl, tr, br, bl = quad
    horizontal = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    vertical = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    return float(horizontal), float(vertical)


def landscape_corners(quad: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], int]:
    """Reorder an ordered quad so its first edge is a long edge.

    Returns the corners and the rotation (0 or 90 degrees clockwise) the warp applies to
    the content: a portrait quad is read from its bottom-left corner, so its left edge
    becomes the top. The text then reads upright or upside down; orientation fixes 180°.
    """
    horizontal, vertical = side_lengths(quad)
    if horizontal >= vertical:
        return quad, 0
    return np.roll(quad, 1, axis=0), 90


def quad_to_rect(quad: npt.NDArray[np.float64], width: int, height: int) -> Matrix:
    """Homography taking the rectangle ``[0,width]×[0,height]`` onto ``quad`` (TL,TR,BR,BL)."""
    src = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)
    return homography(src, quad)


def homography(src: npt.NDArray[np.float64], dst: npt.NDArray[np.float64]) -> Matrix:
    """The 3×3 projective transform taking four ``src`` points to four ``dst`` points (DLT)."""
    rows = []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, -u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, -v])
    a = np.array(rows, dtype=np.float64)
    _, _, vt = np.linalg.svd(a)
    h: Matrix = vt[-1].reshape(3, 3)
    normalised: Matrix = h / h[2, 2]
    return normalised


def rotation_matrix(degrees: int, width: int, height: int) -> Matrix:
    """Homography taking points of an image rotated clockwise by ``degrees`` back to the
    unrotated image of size ``width``×``height`` (pixels)."""
    d = degrees % 360
    if d == 0:
        return np.eye(3)
    if d == 90:  # rotated image is height×width; rotated (x', y') came from (y', height - x')
        return np.array([[0, 1, 0], [-1, 0, height], [0, 0, 1]], dtype=np.float64)
    if d == 180:
        return np.array([[-1, 0, width], [0, -1, height], [0, 0, 1]], dtype=np.float64)
    if d == 270:
        return np.array([[0, -1, width], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
    raise ValueError(f"rotation must be a multiple of 90 degrees, got {degrees}")


def scale_matrix(sx: float, sy: float) -> Matrix:
    """Homography taking points of an image scaled by (sx, sy) back to the original."""
    return np.array([[1 / sx, 0, 0], [0, 1 / sy, 0], [0, 0, 1]], dtype=np.float64)


def map_points(h: Matrix, pts: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Apply a homography to points of shape (N, 2)."""
    p = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
    ph = np.hstack([p, np.ones((len(p), 1))]) @ h.T
    return ph[:, :2] / ph[:, 2:3]


def map_polygon(h: Matrix, poly: Polygon) -> Polygon:
    """Map a polygon through a homography, rounding to 0.1 px."""
    m = map_points(h, poly)
    c = [(round(float(x), 1), round(float(y), 1)) for x, y in m]
    return (c[0], c[1], c[2], c[3])
