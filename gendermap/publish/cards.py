"""Cards for social media and print: 1080×1080 (square) and 1200×675 (wide) PNG.

Drawn with matplotlib's object API (``Figure`` + Agg canvas, no pyplot state, so cards
can be drawn side by side) in DejaVu Sans, which matplotlib ships: Turkish letters
(ğ, ş, ı, İ) render right and the glyphs are in the picture itself. The map is the
:class:`~gendermap.publish.mapdata.AreaMap`'s colours -- the app's classes, on a
colour-blind-safe ColorBrewer palette -- in a metric projection (UTM 35N) so shapes are
not stretched; unreliable values are hatched as in the app's legend.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from gendermap import DEMO_LABEL, geometry
from gendermap.publish.mapdata import AreaMap

SIZES: dict[str, tuple[int, int]] = {"square": (1080, 1080), "wide": (1200, 675)}
DPI = 100
FONT = "DejaVu Sans"
METRIC_CRS = "EPSG:32635"
INK = "#1f2430"
MUTED = "#4a4f5c"
DEMO_RED = "#b3261e"
CARD_TOLERANCE = 0.0003


@dataclass(frozen=True)
class Card:
    """What one card shows; every text plain (a PNG runs nothing, so no escaping here)."""

    amap: AreaMap
    geoms: Any
    sentence: str
    address: str
    lang: str = "tr"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _draw_map(ax: Any, card: Card) -> None:
    geoms = geometry.simplify_coverage(np.asarray(card.geoms, dtype=object), CARD_TOLERANCE)
    frame = gpd.GeoDataFrame({"colour": card.amap.colours, "weak": card.amap.unreliable, "special": card.amap.special},
                             geometry=list(geoms), crs=4326).to_crs(METRIC_CRS)
    frame.plot(ax=ax, color=list(frame["colour"]), edgecolor="white", linewidth=0.4)
    weak = frame[frame["weak"].to_numpy(dtype=bool)]
    if len(weak):
        weak.plot(ax=ax, facecolor="none", edgecolor="#6e6e6e", linewidth=0.4, hatch="////")
    outside = frame[frame["special"].to_numpy(dtype=bool)]  # no value: dashed, as in the app and its legend
    if len(outside):
        outside.plot(ax=ax, facecolor="none", edgecolor="#6e6e6e", linewidth=0.5, linestyle="--")
    outline = frame.geometry.union_all()
    gpd.GeoSeries([outline], crs=METRIC_CRS).boundary.plot(ax=ax, color=INK, linewidth=1.0)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _legend(fig: Figure, card: Card, fontsize: float, loc: Any, anchor: tuple[float, float]) -> None:
    handles = []
    for row in card.amap.legend:
        if row.kind == "marker":
            handles.append(Patch(facecolor="white", edgecolor="#6e6e6e", hatch="////", label=row.label))
        elif row.kind == "special":
            handles.append(Patch(facecolor=row.colour, edgecolor="#6e6e6e", linestyle="--", label=row.label))
        else:
            handles.append(Patch(facecolor=row.colour, edgecolor="#888888", label=row.label))
    fig.legend(handles=handles, loc=loc, bbox_to_anchor=anchor, frameon=False,
               prop={"family": FONT, "size": fontsize}, title=_wrap(card.amap.legend_title, 24),
               title_fontproperties={"family": FONT, "size": fontsize, "weight": "bold"},
               alignment="left")


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _footer(fig: Figure, card: Card, y: float, width: int, size: float) -> None:
    source = card.amap.source + (f", {card.amap.year}" if card.amap.year else "")
    fig.text(0.05, y, _wrap(source, width), fontsize=size, color=MUTED, family=FONT, va="top")
    fig.text(0.05, 0.03, card.address, fontsize=size + 1, color=INK, family=FONT, weight="bold", va="bottom")
    if card.amap.synthetic:
        fig.text(0.95, 0.03, DEMO_LABEL, fontsize=size + 3, color="white", family=FONT, weight="bold",
                 ha="right", va="bottom",
                 bbox={"boxstyle": "round,pad=0.35", "facecolor": DEMO_RED, "edgecolor": DEMO_RED})


def render_card(card: Card, size: str = "square") -> bytes:
    """The card as PNG bytes at exactly :data:`SIZES` ``[size]`` pixels."""
    if size not in SIZES:
        raise ValueError(f"Invalid size: '{size}'\nSize must be in the set: {list(SIZES)}")
    w, h = SIZES[size]
    fig = Figure(figsize=(w / DPI, h / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    amap = card.amap
    area = amap.area.name if amap.area.kind == "province" else f"{amap.area.name} · {amap.area.province}"
    if size == "square":
        title, sentence = _wrap(amap.title, 34), _wrap(card.sentence, 52)
        y = 0.955
        fig.text(0.05, y, title, fontsize=30, weight="bold", color=INK, family=FONT, va="top")
        y -= 0.052 * _lines(title) + 0.012
        fig.text(0.05, y, area, fontsize=17, color=MUTED, family=FONT, va="top")
        y -= 0.05
        fig.text(0.05, y, sentence, fontsize=21, color=INK, family=FONT, va="top", linespacing=1.35)
        y -= 0.037 * _lines(sentence) + 0.03
        ax = fig.add_axes((0.03, 0.16, 0.60, y - 0.16))
        _draw_map(ax, card)
        _legend(fig, card, 12, "center left", (0.64, 0.16 + (y - 0.16) / 2))
        _footer(fig, card, 0.135, 95, 11)
    else:
        title, sentence = _wrap(amap.title, 30), _wrap(card.sentence, 35)
        y = 0.93
        fig.text(0.04, y, title, fontsize=26, weight="bold", color=INK, family=FONT, va="top")
        y -= 0.08 * _lines(title) + 0.02
        fig.text(0.04, y, area, fontsize=15, color=MUTED, family=FONT, va="top")
        y -= 0.08
        fig.text(0.04, y, sentence, fontsize=18, color=INK, family=FONT, va="top", linespacing=1.35)
        ax = fig.add_axes((0.49, 0.15, 0.29, 0.80))
        _draw_map(ax, card)
        _legend(fig, card, 10, "center left", (0.785, 0.55))
        _footer(fig, card, 0.20, 60, 10)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white")
    return buf.getvalue()
