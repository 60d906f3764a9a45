"""The map page's "download the map as a picture" button.

Why from the :class:`~gendermap.maps.Paint`: the paint is the map's one classification
turned into a colour per polygon (what Leaflet draws), and the legend rows come from the
same classification; the PNG draws exactly those, so the picture cannot disagree with the
screen. The file is drawn when the button is pressed (one click) and named like the other
downloads (:func:`gendermap.ui.datapage.download_name`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import geopandas as gpd
import streamlit as st

from gendermap.maps import HIDDEN, NO_DATA_COLOUR, Paint
from gendermap.ui import data, state
from gendermap.ui.i18n import t, tr_en


def fills_of(paint: Paint) -> tuple[list[str | None], list[bool]]:
    """(colour or None when hidden, faint?) per polygon, as the map's script paints them:
    a special class or an unreliable value is faint; a polygon outside the filter is not drawn."""
    n_value = int(paint.n_value or len(paint.colours))
    unreliable = set(int(i) for i in paint.unreliable)
    fills: list[str | None] = []
    weak: list[bool] = []
    for i, c in enumerate(paint.classes):
        c = int(c)
        fills.append(None if c == HIDDEN else (NO_DATA_COLOUR if c < 0 else str(paint.colours[c])))
        weak.append(c != HIDDEN and (c < 0 or c >= n_value or i in unreliable))
    return fills, weak


def area_name(build: data.Build, view: state.View) -> str:
    """The districts shown ("Seferihisar, Urla"), or the provinces when no district is chosen."""
    d = build.district
    if view.districts:
        names = d.loc[d["district_code"].isin(list(view.districts)), "district"].astype(str).tolist()
    else:
        by_code = dict(zip(d["province_code"], d["province"], strict=False))
        names = [str(by_code[c]) for c in view.provinces if c in by_code]
    return ", ".join(names)


def source_line(build: data.Build, indicator: str, lang: str, day: date) -> str:
    from gendermap.numbers import format_date
    from gendermap.report.i18n import t as rt

    parts = []
    if indicator in build.catalogue.ids:
        ind = build.catalogue.get(indicator)
        parts.append(f"{tr_en('png.source', lang)}: {ind.source}, {ind.year}")
    parts.append(rt("attribution", lang))
    parts.append(format_date(day, lang))
    return " · ".join(parts)


@st.cache_resource(show_spinner=False, max_entries=2)
def _metric_shapes(version: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The polygons in the picture's metric projection, simplified to ~10 m (invisible at
    the picture's scale, and drawing is several times faster)."""
    from gendermap.report.staticmaps import METRIC_CRS

    build = data.load()
    assert build is not None
    mah = build.mahalle[["mahalle", "geometry"]].to_crs(METRIC_CRS)
    mah["geometry"] = mah.geometry.simplify(10, preserve_topology=True)
    dis = build.district[["district", "geometry"]].to_crs(METRIC_CRS)
    dis["geometry"] = dis.geometry.simplify(20, preserve_topology=True)
    return mah, dis


def digest(paint: Paint, legend: list[dict[str, Any]], *texts: str) -> str:
    """A short fingerprint of what the picture shows (its cache key)."""
    text = json.dumps([paint.payload(), legend, texts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@st.cache_data(show_spinner=False, max_entries=16)
def _png(version: str, key: str, lang: str, _pic: Any) -> bytes:
    from gendermap.report.mapimage import render_picture

    return render_picture(_pic, lang)


def map_png(build: data.Build, view: state.View, paint: Paint, legend: list[dict[str, Any]], title: str,
            demo: bool, day: date | None = None) -> bytes:
    """The PNG of the map as shown (title, area, legend, source, demo mark)."""
    from gendermap.report.mapimage import MapPicture

    day = day or date.today()
    lang = view.lang
    mah, dis = _metric_shapes(build.version)
    fills, weak = fills_of(paint)
    pic = MapPicture(
        mahalle=mah, fills=fills, weak=weak, legend=legend, title=title, subtitle=area_name(build, view),
        source=source_line(build, view.indicator, lang, day), legend_title=tr_en("legend.title", lang),
        districts=dis, districts_shown=paint.districts_visible, demo=demo,
    )
    key = digest(paint, legend, title, pic.subtitle, pic.source, str(demo))
    return _png(build.version, key, lang, pic)


def png_button(build: data.Build, view: state.View, paint: Paint, legend: list[dict[str, Any]], title: str,
               demo: bool) -> None:
    """One click: the map as a PNG named after the area and the day (``seferihisar-2026-12-01.png``)."""
    from gendermap.ui.datapage import download_name

    name = download_name(build, view, "png")
    st.download_button(t("png.save"), lambda: map_png(build, view, paint, legend, title, demo),
                       file_name=name, mime="image/png", key="dl_map_png", on_click="ignore",
                       icon=":material/image:", help=t("png.help", name=name), width="stretch")

