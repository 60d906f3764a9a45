"""The app's current map as a PNG: the same colours, legend and title people see on screen.

Why not :func:`gendermap.report.staticmaps.render_map`: that draws a report's map and
classifies the column itself. A picture of the map on screen must not classify again
(a second classification could bin a value differently): it is handed each polygon's
colour and the legend rows made from the map's one classification, and only draws them.
The look (metric projection, scale bar, north arrow, fonts) is the report maps'.
A faint polygon (special class, unreliable value) gets the colour the screen shows, half
its colour over the map's grey (:func:`gendermap.palettes.as_drawn`): half-transparent over
the white page, the "no residents" tint came out nearly as white as the parity class.

Nothing here needs the internet or a browser: matplotlib draws it in the server.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from gendermap import DEMO_LABEL  # noqa: E402
from gendermap.palettes import OUTLINE_COLOUR, SPECIAL_OPACITY, as_drawn  # noqa: E402
from gendermap.report.maplabels import place_names  # noqa: E402
from gendermap.report.staticmaps import _FONT, METRIC_CRS, _decorate, _wrap  # noqa: E402

__all__ = ["MapPicture", "draw_picture", "render_picture"]

FIGSIZE = (10.0, 7.0)
"""Inches (1500 × 1050 px at 150 dpi): a slide or an A4 page across, legend beside the map."""
MAHALLE_NAMES_UP_TO = 80
"""Mahalle names are written when at most this many are shown (about one district)."""


@dataclass(frozen=True)
class MapPicture:
    """What to draw. ``fills[i]`` is the colour of polygon ``i`` of ``mahalle`` (None: not
    shown, outside the filter); ``weak[i]`` marks a value drawn faint and dashed on the map
    (unreliable, or a special class). ``legend`` rows are the map's own: ``label``,
    ``colour``, ``count``, ``kind`` (``value``, ``special`` or ``marker``)."""

    mahalle: gpd.GeoDataFrame
    fills: Sequence[str | None]
    weak: Sequence[bool]
    legend: Sequence[dict[str, Any]]
    title: str
    subtitle: str
    source: str
    legend_title: str
    districts: gpd.GeoDataFrame | None = None
    districts_shown: Sequence[bool] | None = None
    demo: bool = False


def _metric(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame if str(frame.crs) == METRIC_CRS else frame.to_crs(METRIC_CRS)


def _names(ax: Any, frame: gpd.GeoDataFrame, column: str, size: float, weight: str = "normal") -> None:
    """Names inside their polygons, bigger ones first, none over another (:mod:`.maplabels`)."""
    place_names(ax, list(frame.geometry), [_wrap(str(n), 16) for n in frame[column]], size=size, weight=weight,
                family=_FONT)


def _handles(rows: Sequence[dict[str, Any]]) -> list[Patch]:
    """Legend keys: a special class (no data, no residents) dashed like its polygons."""
    out = []
    for r in rows:
        label = _wrap(f"{r['label']}  ({int(r['count'])})", 30)
        if r["kind"] == "marker":
            out.append(Patch(facecolor="#bbbbbb", alpha=0.6, edgecolor="#6e6e6e", linestyle="--", label=label))
        elif r["kind"] == "special":
            out.append(Patch(facecolor=r["colour"], edgecolor="#6e6e6e", linestyle="--", label=label))
        else:
            out.append(Patch(facecolor=r["colour"], edgecolor="#888888", label=label))
    return out


def draw_picture(pic: MapPicture, lang: str = "tr", *, dpi: int = 150) -> Figure:
    """The map's figure: title and area on top, legend, scale and north at the right,
    source at the bottom, and the demo mark when a shown value is a demonstration value.
    The caller closes it (``plt.close``)."""
    shown = np.array([f is not None for f in pic.fills], dtype=bool)
    frame = _metric(pic.mahalle.iloc[np.flatnonzero(shown)][["mahalle", "geometry"]])
    colours = [f for f in pic.fills if f is not None]
    weak = np.asarray(pic.weak, dtype=bool)[shown]
    fig = plt.figure(figsize=FIGSIZE, dpi=dpi)
    ax = fig.add_axes((0.01, 0.07, 0.64, 0.80))
    ax.set_axis_off()
    if len(frame):
        strong = ~weak
        if strong.any():
            frame[strong].plot(ax=ax, color=[c for c, w in zip(colours, weak, strict=True) if not w],
                               edgecolor="white", linewidth=0.3)
        if weak.any():  # faint as on screen: over the map's grey, not see-through to the white page
            faint = [as_drawn(c, SPECIAL_OPACITY) for c, w in zip(colours, weak, strict=True) if w]
            frame[weak].plot(ax=ax, color=faint, edgecolor="#6e6e6e", linewidth=0.4, linestyle="--")
        minx, miny, maxx, maxy = frame.total_bounds
    else:
        minx, miny, maxx, maxy = 0.0, 0.0, 1.0, 1.0
    padx, pady = (maxx - minx) * 0.03, (maxy - miny) * 0.03
    outlines = None
    if pic.districts is not None:
        keep = np.ones(len(pic.districts), dtype=bool) if pic.districts_shown is None else np.asarray(pic.districts_shown, bool)
        outlines = _metric(pic.districts.iloc[np.flatnonzero(keep)][["district", "geometry"]])
        if len(outlines):
            outlines.boundary.plot(ax=ax, color=OUTLINE_COLOUR, linewidth=0.9)
    ax.set_xlim(minx - padx, maxx + padx)
    ax.set_ylim(miny - pady, maxy + pady)
    ax.set_aspect("equal")
    ax.apply_aspect()  # the axes' final box: the names are measured in pixels against it
    if outlines is not None and len(outlines) and len(frame) > MAHALLE_NAMES_UP_TO:
        b = outlines.geometry.bounds  # names of districts big enough to hold one
        _names(ax, outlines[((b["maxx"] - b["minx"]) > (maxx - minx) * 0.06).to_numpy()], "district", 7, "bold")
    if 0 < len(frame) <= MAHALLE_NAMES_UP_TO:
        _names(ax, frame, "mahalle", 5.5)
    _decorate(ax, lang, maxx - minx, arrow=(0.2, 0.12))
    legend = ax.legend(handles=_handles(pic.legend), title=_wrap(pic.legend_title, 30), loc="upper left",
                       bbox_to_anchor=(1.02, 1.0), frameon=False, prop={"family": _FONT, "size": 8.5},
                       title_fontsize=9.5)
    legend.get_title().set_fontfamily(_FONT)
    legend.get_title().set_fontweight("bold")
    legend.set_alignment("left")
    fig.text(0.01, 0.965, _wrap(pic.title, 95), fontsize=13, weight="bold", family=_FONT, va="top", color="#1f2430")
    fig.text(0.01, 0.905, pic.subtitle, fontsize=10, family=_FONT, va="top", color="#3b4150")
    fig.text(0.01, 0.015, _wrap(pic.source, 150), fontsize=7, family=_FONT, color="#5b6170")
    if pic.demo:
        fig.text(0.99, 0.965, DEMO_LABEL, fontsize=12, weight="bold", family=_FONT, color="#b3261e", ha="right", va="top",
                 bbox={"boxstyle": "round,pad=0.35", "facecolor": "#fff3cd", "edgecolor": "#c9a227"})
    return fig


def render_picture(pic: MapPicture, lang: str = "tr", *, dpi: int = 150) -> bytes:
    """PNG bytes of :func:`draw_picture`."""
    fig = draw_picture(pic, lang, dpi=dpi)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    plt.close(fig)
    return buf.getvalue()
