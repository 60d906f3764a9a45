"""Karşılaştır page parts: 2-6 units side by side, and a bivariate map of two indicators."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from gendermap.classify import classify
from gendermap.maps import HIDDEN, NO_DATA, Paint
from gendermap.ui import data, state, views
from gendermap.ui.components import MapResult
from gendermap.ui.i18n import t, tr_en

BIVARIATE = (
    # 3 x 3 "DkBlue2"-style scheme (Stevens): rows = first indicator low->high, cols = second
    "#e8e8e8", "#b0d5df", "#64acbe",
    "#e4acac", "#ad9ea5", "#627f8c",
    "#c85a5a", "#985356", "#574249",
)
"""Joshua Stevens' blue-red bivariate scheme, readable with the common colour-vision deficiencies."""


def choose_units(build: data.Build) -> tuple[str, list[str]]:
    """Level (mahalle or district) and 2-6 units, by name; stored in the view as codes."""
    view = state.current()
    level = st.radio(t("c.level"), ["mahalle", "district"], horizontal=True, format_func=lambda x: t(f"c.level.{x}"), key="cmp_level")
    if level == "mahalle":
        frame = build.mahalle[build.mahalle["mahalle_code"].notna()]
        names = dict(zip(frame["mahalle_code"].astype(str), frame["mahalle"] + " (" + frame["district"] + ")", strict=False))
    else:
        names = dict(zip(build.district["district_code"].astype(str), build.district["district"] + " (" + build.district["province"] + ")", strict=False))
    default = [c for c in view.compare if c in names][:6] or default_units(build, view, level)
    key = state.seed(f"compare_{level}", default)
    st.session_state[key] = [c for c in st.session_state[key] if c in names][:6]
    chosen = st.multiselect(t("c.units"), list(names), key=key, format_func=lambda c: names[c], max_selections=6,
                            placeholder=t("f.choose"), on_change=state.touch, args=(key,))
    if tuple(chosen) != view.compare:
        state.update(compare=tuple(chosen))
    return level, chosen


def default_units(build: data.Build, view: state.View, level: str) -> list[str]:
    """The first units offered: the two most populous inside the filter (so a Seferihisar
    filter starts with Seferihisar mahalle, not the first two of Balıkesir)."""
    places = build.mahalle if level == "mahalle" else build.district
    mask = views.visible_mask(places, view.provinces, view.districts)
    inside = places[mask]
    code = "mahalle_code" if level == "mahalle" else "district_code"
    inside = inside[inside[code].notna()]
    if "population_2023" in inside:
        inside = inside.sort_values("population_2023", ascending=False, kind="stable")
    return [str(c) for c in inside[code].head(2)]


@st.cache_data(show_spinner=False, max_entries=32)
def comparison(version: str, level: str, units: tuple[str, ...], lang: str) -> pd.DataFrame:
    """Women's and men's values and the F/M ratio per indicator and unit (pooled for districts)."""
    build = data.load()
    assert build is not None
    return views.compare_frame(build.mahalle, build.indicators, build.catalogue, level, list(units), lang)


def chart(frame: pd.DataFrame) -> None:
    """Dot chart of women/men ratio per indicator, one colour per unit, parity line at 1."""
    if frame.empty:
        st.info(t("none"))
        return
    base = alt.Chart(frame)
    dots = base.mark_circle(size=110, opacity=0.9).encode(
        x=alt.X("ratio:Q", title=t("c.parity"), scale=alt.Scale(type="log")),
        y=alt.Y("indicator:N", title=None, sort=None),
        color=alt.Color("unit:N", title=None, scale=alt.Scale(scheme="dark2"), legend=alt.Legend(orient="top")),
        shape=alt.Shape("unit:N", legend=None),
        tooltip=["unit", "indicator", "women", "men", alt.Tooltip("ratio:Q", format=".2f")],
    )
    rule = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q")
    st.altair_chart((rule + dots).properties(height=28 * frame["indicator"].nunique() + 60), use_container_width=True)


def indicator_pick(build: data.Build, key: str, label_key: str, default_index: int) -> str:
    lang = state.current().lang
    ids = [i.id for i in build.catalogue.at_level("mahalle") if i.is_rate]
    return st.selectbox(t(label_key), ids, index=min(default_index, len(ids) - 1), key=key, format_func=lambda i: build.catalogue.get(i).label.get(lang))


@dataclass(frozen=True)
class Bivariate:
    result: MapResult
    grid: list[list[str]]


@st.cache_data(show_spinner=False, max_entries=32)
def bivariate(version: str, x: str, y: str, provinces: tuple[int, ...], districts: tuple[int, ...], lang: str) -> Bivariate:
    """Tertiles of two indicators (women's values) crossed into a 3 x 3 colour grid."""
    build = data.load()
    assert build is not None
    places = build.mahalle
    tx = views.indicator_table(places, build.indicators, x, "F")
    ty = views.indicator_table(places, build.indicators, y, "F")
    cx = classify(tx["value"], "quantiles", 3, special=tx["flag"])
    cy = classify(ty["value"], "quantiles", 3, special=ty["flag"])
    ix, iy = np.asarray(cx.class_index), np.asarray(cy.class_index)
    cls = np.where((ix >= 0) & (iy >= 0), ix * 3 + iy, NO_DATA)
    mask = views.visible_mask(places, provinces, districts)
    cls = np.where(mask, cls, HIDDEN)
    fx = views.number_format(build.catalogue.get(x), "F", lang)
    fy = views.number_format(build.catalogue.get(y), "F", lang)
    lx, ly = build.catalogue.get(x).label.get(lang), build.catalogue.get(y).label.get(lang)
    tips = [
        views.escape(f"{lx}: {fx.format(a)} · {ly}: {fy.format(b)}") if np.isfinite(a) and np.isfinite(b) else views.escape(tr_en("flag.no_data", lang))
        for a, b in zip(tx["value"], ty["value"], strict=True)
    ]
    demo = bool((tx["synthetic"] | ty["synthetic"])[mask].any())
    paint = Paint(colours=list(BIVARIATE), classes=cls.tolist(), tips=tips, bounds=views.bounds_of(places, mask), demo=demo,
                  districts_visible=views.visible_mask(build.district, provinces, districts).tolist())
    grid = [[BIVARIATE[i * 3 + j] for j in range(3)] for i in range(3)]
    levels = ("1 (düşük)", "2", "3 (yüksek)") if lang != "en" else ("1 (low)", "2", "3 (high)")
    table = pd.DataFrame({
        tr_en("col.mahalle", lang): places["mahalle"], tr_en("col.district", lang): places["district"],
        lx: [fx.format(v) if np.isfinite(v) else "" for v in tx["value"]],
        f"{lx} ·": [levels[i] if i >= 0 else "" for i in ix],
        ly: [fy.format(v) if np.isfinite(v) else "" for v in ty["value"]],
        f"{ly} ·": [levels[i] if i >= 0 else "" for i in iy],
        tr_en("col.code", lang): places["mahalle_code"],
    })[mask]
    return Bivariate(MapResult(paint, [], table, demo, f"{lx} × {ly}"), grid)


def bivariate_legend(b: Bivariate, x_label: str, y_label: str) -> None:
    """3 x 3 legend: rows = first indicator (low to high), columns = second; both axes say
    the map shows women's values (see :func:`bivariate`)."""
    women = t("sex.F")
    x_label, y_label = f"{x_label} — {women}", f"{y_label} — {women}"
    cells = "".join(
        "<tr>" + "".join(f'<td style="width:26px;height:26px;background:{c}"></td>' for c in row) + "</tr>"
        for row in reversed(b.grid)
    )
    st.markdown(
        f'<div style="font-size:0.85rem"><table style="border-collapse:collapse">{cells}</table>'
        f"↑ {views.escape(x_label)}<br>→ {views.escape(y_label)}</div>",
        unsafe_allow_html=True,
    )
