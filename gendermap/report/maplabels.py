"""Place names on a static map so that no two overlap.

Why: in İzmir's dense centre (Konak, Karabağlar, Bayraklı, Bornova, Buca, Gaziemir) the
names written at each polygon's representative point ran into each other and neither
could be read. Names are placed biggest polygon first, each at its representative
point or, when that box is taken, nudged a little (the anchor must stay inside its own
polygon); a name that fits nowhere is left out. A missing small name reads better than
two names printed over each other, and the legend and title say where the map is.

The boxes are measured in the figure's pixels with the white halo included, so the axes'
limits and aspect must be final before :func:`place_names` is called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.patheffects as pe
import numpy as np
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

__all__ = ["LABEL_GID", "place_names"]

LABEL_GID = "gendermap-name"
"""The ``gid`` of every name drawn (tests and callers find the placed names by it)."""

HALO = 2.4
"""Width in points of the white stroke around the letters."""

# nudges tried after the representative point, in label widths / heights
_NUDGES = ((0.0, 0.0), (0.0, 0.75), (0.0, -0.75), (0.6, 0.0), (-0.6, 0.0),
           (0.5, 0.6), (-0.5, 0.6), (0.5, -0.6), (-0.5, -0.6))


def _overlaps(box: Bbox, taken: list[Bbox]) -> bool:
    return any(box.overlaps(other) for other in taken)


def place_names(ax: Any, geometries: Sequence[BaseGeometry], names: Sequence[str], *, size: float,
                weight: str = "normal", family: str = "DejaVu Sans", colour: str = "#1f2430") -> list[Text]:
    """Write ``names[i]`` in polygon ``geometries[i]`` (data coordinates of ``ax``), larger
    polygons first, each wholly inside the axes and none over another. Returns the names written."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    geoms = list(geometries)
    taken: list[Bbox] = []
    pad = HALO / 72 * fig.dpi / 2 + 1  # half the halo, in pixels, and one pixel of air
    order = np.argsort([-(g.area if g is not None else 0.0) for g in geoms], kind="stable")
    halo = [pe.withStroke(linewidth=HALO, foreground="white")]
    axes_box = ax.get_window_extent(renderer)
    to_data = ax.transData.inverted()
    placed: list[Text] = []
    for i in order:
        geom, name = geoms[i], str(names[i])
        if geom is None or geom.is_empty or not name:
            continue
        anchor = geom.representative_point()
        text = ax.text(anchor.x, anchor.y, name, ha="center", va="center", fontsize=size, family=family,
                       weight=weight, color=colour, path_effects=halo, gid=LABEL_GID, clip_on=False)
        base = text.get_window_extent(renderer).padded(pad)
        cx, cy = ax.transData.transform((anchor.x, anchor.y))
        for dx, dy in _NUDGES:
            box = base.translated(dx * base.width, dy * base.height)
            if not axes_box.contains(*box.min) or not axes_box.contains(*box.max) or _overlaps(box, taken):
                continue
            x, y = to_data.transform((cx + dx * base.width, cy + dy * base.height))
            if (dx or dy) and not geom.contains(Point(x, y)):
                continue
            text.set_position((x, y))
            taken.append(box)
            placed.append(text)
            break
        else:
            text.remove()
    return placed
