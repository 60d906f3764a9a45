"""Static maps for printed reports: choropleth, legend, scale bar, north arrow, attribution.

Why static (matplotlib) rather than the app's folium maps: a PDF needs a picture that
prints, carries its own legend and scale, and needs no browser. Maps are drawn in
UTM zone 35N (EPSG:32635, which covers İzmir and Balıkesir) so the scale bar is in
true metres and grid north is within a degree of true north.

Missing values form their own "no data" class in the legend (never dropped, never a
colour of the value palette). The demo mark is drawn on the map itself when asked,
so a map cut out of the report still says what it is.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import replace
from typing import Any

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # reports are drawn headless (CLI, app worker threads)

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar  # noqa: E402
from shapely.geometry import box  # noqa: E402

from gendermap import DEMO_LABEL  # noqa: E402
from gendermap.classify import ENGLISH, TURKISH, classify  # noqa: E402
from gendermap.palettes import SPECIAL_COLOURS  # noqa: E402
from gendermap.report.blocks import MapBlock  # noqa: E402
from gendermap.report.i18n import fmt_num, t  # noqa: E402
from gendermap.report.maplabels import place_names  # noqa: E402

__all__ = ["FIGSIZE", "HOTSPOT_COLOURS", "METRIC_CRS", "draw_map", "render_map"]

FIGSIZE = (6.85, 3.4)
"""Inches: the PDF's content width (174 mm) by a height that fits two maps and the section intro on a page, so
the picture is placed at 1:1 and the legend's 8 pt stays 8 pt on paper."""

METRIC_CRS = "EPSG:32635"
HOTSPOT_COLOURS = {
    "LL": "#b2182b",  # inequality cluster: dark red
    "LH": "#f4a582",
    "HL": "#92c5de",
    "HH": "#2166ac",  # equality cluster: dark blue
    "not_significant": "#f4f1ea",
    "island": "#bdbdbd",
    "no_data": SPECIAL_COLOURS["no_data"],
    "no_residents": SPECIAL_COLOURS["no_residents"],
    "no_geometry": SPECIAL_COLOURS["no_data"],
}
"""Colour of every ``cluster`` value of ``hotspots.parquet``, in legend order (RdBu ends:
red = less equal, blue = more equal, readable with red-green colour blindness)."""
_FONT = "DejaVu Sans"


def _nice_length(span_m: float) -> float:
    """A round scale-bar length of about a fifth of the map width."""
    target = span_m / 5
    exp = 10 ** np.floor(np.log10(target))
    for step in (5, 2, 1):
        if step * exp <= target:
            return float(step * exp)
    return float(exp)


def _decorate(ax: Any, lang: str, span_m: float, arrow: tuple[float, float] = (0.36, 0.22)) -> None:
    """Scale bar and north arrow in the legend column; ``arrow`` is (head, tail) in axes height."""
    length = _nice_length(span_m)
    label = f"{fmt_num(length / 1000, lang, 0 if length >= 1000 else 1)} km"
    # scale bar and north arrow sit in the legend column, beside the map, never over a mahalle
    bar = AnchoredSizeBar(
        ax.transData, length, label, "lower left", pad=0.5, borderpad=0.2, sep=4,
        frameon=True, size_vertical=span_m / 250, fontproperties={"family": _FONT, "size": 8},
        bbox_to_anchor=(1.03, 0.0), bbox_transform=ax.transAxes,
    )
    bar.patch.set_alpha(0.85)
    bar.patch.set_edgecolor("#cccccc")
    ax.add_artist(bar)
    ax.annotate(
        t("north", lang), xy=(1.07, arrow[0]), xytext=(1.07, arrow[1]), xycoords="axes fraction",
        annotation_clip=False,
        ha="center", va="center", fontsize=11, fontweight="bold", family=_FONT, color="#1f2430",
        arrowprops={"facecolor": "#1f2430", "edgecolor": "#1f2430", "width": 3.5, "headwidth": 10, "headlength": 9},
    )


def _box(bounds: tuple[float, float, float, float], crs: Any) -> gpd.GeoSeries:
    """A bounding box given in the frame's CRS, in the map's metric CRS."""
    return gpd.GeoSeries([box(*bounds)], crs=crs).to_crs(METRIC_CRS)


def _wrap(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _labels(ax: Any, frame: gpd.GeoDataFrame, column: str) -> None:
    """Names inside the labelled polygons, none over another (:func:`.maplabels.place_names`:
    bigger polygons first, a name with no room left out). The axes' box must be final."""
    names = frame[column].astype("string").fillna("")
    if not (names.str.len() > 0).any():
        return
    place_names(ax, list(frame.geometry), [_wrap(n, 18) if n else "" for n in names], size=5.8, family=_FONT)


def draw_map(block: MapBlock, lang: str = "tr", *, demo: bool = False, dpi: int = 150) -> Figure:
    """The figure of one :class:`MapBlock`; the caller closes it (``plt.close``)."""
    frame = gpd.GeoDataFrame(block.frame, geometry="geometry")
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    crs = frame.crs
    frame = frame.to_crs(METRIC_CRS)
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=dpi)
    ax.set_axis_off()  # before plotting: geopandas redraws the canvas, ticks are costly
    handles: list[Patch] = []
    edge = {"edgecolor": "white", "linewidth": 0.35}
    if block.kind == "hotspots":
        cats = frame[block.column].astype("string").fillna("no_data")
        cats = cats.where(cats.isin(list(HOTSPOT_COLOURS)), "no_data")
        frame.plot(ax=ax, color=list(cats.map(HOTSPOT_COLOURS)), edgecolor="#9a9a9a", linewidth=0.35)
        counts = cats.value_counts()
        for cls, colour in HOTSPOT_COLOURS.items():
            if cls == "no_geometry" or not counts.get(cls, 0):
                continue
            handles.append(Patch(facecolor=colour, edgecolor="#9a9a9a",
                                 label=_wrap(f"{t(f'hot_{cls.lower()}', lang)}  ({counts[cls]})")))
    else:
        fmt = replace(TURKISH if lang == "tr" else ENGLISH, decimals=1)
        result = classify(
            frame[block.column].astype(float).reset_index(drop=True), block.scheme, block.k,
            palette="YlGnBu", fmt=fmt,
        )
        frame.plot(ax=ax, color=list(result.unit_colours()), **edge)
        for entry in result.legend("en" if lang == "en" else "tr"):
            if entry.colour is None:
                continue
            handles.append(
                Patch(facecolor=entry.colour, edgecolor="#777777",
                      label=_wrap(f"{entry.label}  ({entry.count})"))
            )
    outline = frame.geometry.union_all()
    gpd.GeoSeries([outline], crs=frame.crs).boundary.plot(ax=ax, color="#1f2430", linewidth=1.0)
    if block.mark is not None:
        _box(block.mark, crs).boundary.plot(ax=ax, color="#1f2430", linewidth=1.1, linestyle="--")
    if block.extent is not None:
        minx, miny, maxx, maxy = _box(block.extent, crs).total_bounds
    else:
        minx, miny, maxx, maxy = frame.total_bounds
    padx, pady = (maxx - minx) * 0.04, (maxy - miny) * 0.04
    ax.set_xlim(minx - padx, maxx + padx)
    ax.set_ylim(miny - pady, maxy + pady)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.subplots_adjust(left=0.01, right=0.66, top=0.98, bottom=0.06)
    ax.apply_aspect()  # the axes' final box: the names are measured in pixels against it
    _decorate(ax, lang, maxx - minx)
    if block.label and block.label in frame.columns:
        _labels(ax, frame, block.label)
    legend = ax.legend(
        handles=handles, title=block.legend_title, loc="upper left", bbox_to_anchor=(1.01, 1.0),
        frameon=False, fontsize=8, title_fontsize=9, prop={"family": _FONT, "size": 8},
    )
    legend.get_title().set_fontfamily(_FONT)
    fig.text(0.01, 0.012, t("attribution", lang), fontsize=6.5, color="#5b6170", family=_FONT)
    if demo:
        fig.text(
            0.99, 0.012, DEMO_LABEL, fontsize=8, color="#b3261e", family=_FONT, weight="bold", ha="right",
        )
    return fig


def render_map(block: MapBlock, lang: str = "tr", *, demo: bool = False, dpi: int = 150) -> bytes:
    """PNG bytes of :func:`draw_map`."""
    fig = draw_map(block, lang, demo=demo, dpi=dpi)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    plt.close(fig)
    return buf.getvalue()
