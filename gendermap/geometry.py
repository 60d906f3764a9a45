"""Light geometry for the browser: simplify a polygon coverage, quantise, delta-encode.

Why: a naive ``GeoDataFrame.explore()`` of the ~2,500 mahalle polygons of both provinces
sends ~22 MB to the browser. The app sends the shapes once, as a compact JSON the map
decodes itself:

1. ``shapely.coverage_simplify`` simplifies all polygons *together*, so neighbours keep
   sharing exactly the same simplified border (no slivers or gaps between mahalle).
2. Coordinates snap to a grid of ``step`` degrees (1e-4 deg is ~10 m); shared vertices snap
   to the same grid point, so the shared borders stay shared.
3. Each ring is stored as integer deltas ``[x0, y0, dx1, dy1, ...]`` relative to the grid,
   which is mostly one- or two-digit numbers in JSON.

Pure: arrays in, arrays/lists out; no files, no streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

DEFAULT_TOLERANCE = 0.0006
"""Simplification tolerance in degrees (~55 m): borders of small urban mahalle stay readable,
and both provinces' ~2,500 mahalle fit in ~1 MB (measured: 0.98 MB; 0.0005 gives 1.09 MB)."""

OUTLINE_TOLERANCE = 0.001
"""Coarser tolerance for district outlines drawn over the mahalle (0.13 MB for 50 districts)."""

COARSE_TOLERANCE = 0.003
"""Tolerance of the shapes a map of a whole province draws first (~0.5 px there: 0.005-0.006
degrees a pixel; 45 k instead of 153 k vertices for both provinces, +125 KB gzipped)."""

DEFAULT_STEP = 1e-4
"""Quantisation grid in degrees (~9-11 m at these latitudes)."""

EncodedRings = list[list[int]]
EncodedPolygon = list[list[int]]


def polygonal(geoms: Sequence[BaseGeometry | None] | np.ndarray) -> np.ndarray:
    """Valid polygonal parts of each geometry (collections from repairs keep only their polygons).

    ``shapely.make_valid`` may turn a self-intersecting ring into a GeometryCollection with
    stray lines; ``coverage_simplify`` accepts only polygons, so keep only those. Missing or
    fully degenerate geometries become empty polygons (kept, never dropped, so rows align).
    """
    arr = np.asarray(geoms, dtype=object)
    out = np.empty(len(arr), dtype=object)
    for i, g in enumerate(arr):
        if g is None or shapely.is_empty(g):
            out[i] = shapely.Polygon()
            continue
        if not shapely.is_valid(g):
            g = shapely.make_valid(g, method="structure", keep_collapsed=False)
        if g.geom_type in ("Polygon", "MultiPolygon"):
            out[i] = g
            continue
        parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
        polys = [q for p in parts for q in shapely.get_parts(p)]
        out[i] = shapely.MultiPolygon(polys) if polys else shapely.Polygon()
    return out


def simplify_coverage(
    geoms: Sequence[BaseGeometry | None] | np.ndarray, tolerance: float = DEFAULT_TOLERANCE
) -> np.ndarray:
    """Simplify polygons that tile an area together, so shared borders stay shared."""
    if tolerance < 0:
        raise ValueError(f"tolerance must be >= 0, got {tolerance}")
    clean = polygonal(geoms)
    if tolerance == 0 or len(clean) == 0:
        return clean
    return np.asarray(shapely.coverage_simplify(clean, tolerance), dtype=object)


def _encode_ring(coords: np.ndarray, step: float) -> list[int] | None:
    grid = np.round(coords[:-1] / step).astype(np.int64)  # drop the closing vertex
    if len(grid) == 0:
        return None
    keep = np.ones(len(grid), dtype=bool)
    keep[1:] = np.any(np.diff(grid, axis=0) != 0, axis=1)
    grid = grid[keep]
    if len(grid) > 1 and np.array_equal(grid[0], grid[-1]):
        grid = grid[:-1]
    if len(grid) < 3:
        return None  # a ring smaller than one grid cell: nothing to draw at this scale
    return np.vstack([grid[:1], np.diff(grid, axis=0)]).ravel().tolist()


def encode_geometry(geom: BaseGeometry, step: float = DEFAULT_STEP) -> list[EncodedPolygon]:
    """One (multi)polygon as ``[[ring, ring...], ...]``, each ring integer deltas on the grid.

    Lon/lat order (x, y) as in GeoJSON; the first ring of each polygon is its shell.
    A polygon whose shell collapses below one grid cell is left out (an empty list can result).
    """
    if step <= 0:
        raise ValueError(f"step must be > 0, got {step}")
    polys: list[EncodedPolygon] = []
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        shell = _encode_ring(np.asarray(part.exterior.coords), step)
        if shell is None:
            continue
        rings = [shell]
        for hole in part.interiors:
            enc = _encode_ring(np.asarray(hole.coords), step)
            if enc is not None:
                rings.append(enc)
        polys.append(rings)
    return polys


def encode_coverage(
    geoms: Sequence[BaseGeometry | None] | np.ndarray,
    tolerance: float = DEFAULT_TOLERANCE,
    step: float = DEFAULT_STEP,
) -> dict[str, Any]:
    """Simplify and encode a coverage: ``{"step": step, "shapes": [...]}`` aligned with input rows."""
    simplified = simplify_coverage(geoms, tolerance)
    return {"step": step, "shapes": [encode_geometry(g, step) for g in simplified]}


def decode_geometry(encoded: list[EncodedPolygon], step: float) -> BaseGeometry:
    """Inverse of :func:`encode_geometry` (to grid precision); used by tests and exports."""
    polys = []
    for rings in encoded:
        shapely_rings = []
        for ring in rings:
            xy = np.cumsum(np.asarray(ring, dtype=np.int64).reshape(-1, 2), axis=0) * step
            shapely_rings.append(np.vstack([xy, xy[:1]]))
        polys.append(shapely.Polygon(shapely_rings[0], shapely_rings[1:]))
    if not polys:
        return shapely.Polygon()
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def bounds(geoms: Sequence[BaseGeometry | None] | np.ndarray) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of non-empty geometries; raises on none."""
    arr = np.asarray([g for g in geoms if g is not None and not shapely.is_empty(g)], dtype=object)
    if len(arr) == 0:
        raise ValueError("no geometry to bound")
    b = shapely.total_bounds(arr)
    return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))
