"""Karşılaştır page parts: 2-6 units side by side, and a bivariate map of two indicators."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from gendermap.classify import NumberFormat, classify
from gendermap.maps import HIDDEN, Paint
from gendermap.palettes import BIVARIATE, BIVARIATE_NO_DATA, SPECIAL_COLOURS
from gendermap.ui import data, state, views
from gendermap.ui.components import MapResult, legend
from gendermap.ui.i18n import t, tr_en

NO_VALUE, NO_RESIDENTS = len(BIVARIATE), len(BIVARIATE) + 1
"""Class indices after the nine cells: the map's script draws them faint and dashed (a
special class) in the colours :func:`bivariate` appends, not in the light no-data grey that
matched the grid's light grey low/low corner."""


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


def _wrapped(text: str, width: int = 26) -> str:
    """A label broken into lines (joined by ``\\n``, split again by the chart) so it is
    read in full at a laptop's and a phone's width instead of being cut with "…"."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _ticks(ratios: pd.Series) -> list[float]:
    """Log-axis ticks (0.1, 0.2, 0.5, 1, 2, 5, ...) over the data: few enough to read on a phone."""
    values = pd.to_numeric(ratios, errors="coerce")
    values = values[np.isfinite(values) & (values > 0)]
    lo, hi = (float(values.min()), float(values.max())) if len(values) else (1.0, 1.0)
    steps = [m * 10.0 ** e for e in range(-3, 4) for m in (1, 2, 5)]
    return [v for v in steps if lo / 2 <= v <= hi * 2] or [1.0]


def chart(frame: pd.DataFrame) -> None:
    """Dot chart of women/men ratio per indicator, one colour per unit, parity line at 1.
    Indicator and unit names are wrapped, never cut; axis numbers in the user's language."""
    if frame.empty:
        st.info(t("none"))
        return
    lang = state.current().lang
    frame = frame.assign(label=frame["indicator"].map(_wrapped))
    lines = int(frame["label"].str.count("\n").max()) + 1
    ticks = _ticks(frame["ratio"])
    number = "format(datum.value, '~g')" if lang == "en" else "replace(format(datum.value, '~g'), '.', ',')"
    base = alt.Chart(frame)
    dots = base.mark_circle(size=110, opacity=0.9).encode(
        x=alt.X("ratio:Q", title=t("c.parity"), scale=alt.Scale(type="log"),
                axis=alt.Axis(values=ticks, labelExpr=number, labelFlush=False)),
        y=alt.Y("label:N", title=None, sort=None,
                axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=0, labelPadding=6,
                              labelOverlap=False)),
        color=alt.Color("unit:N", title=None, scale=alt.Scale(scheme="dark2"),
                        legend=alt.Legend(orient="top", direction="vertical", labelLimit=0)),
        shape=alt.Shape("unit:N", legend=None),
        tooltip=[alt.Tooltip("unit:N", title=t("c.unit")), alt.Tooltip("indicator:N", title=t("c.indicator")),
                 alt.Tooltip("ratio:Q", format=".2f", title=t("c.ratio"))],
    )
    rule = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q")
    step = 13 * lines + 10  # every row tall enough for its longest wrapped label
    st.altair_chart((rule + dots).properties(height=alt.Step(step)), width="stretch")


def pair(build: data.Build) -> tuple[str, str, str, str]:
    """The bivariate pair: both indicators and the sex each axis maps, seeded from the view
    (so from a link); the user's choice goes to the view. An unknown indicator in the link
    is reported once and replaced by the first indicator."""
    view = state.current()
    lang = view.lang
    ids = [i.id for i in build.catalogue.at_level("mahalle") if i.is_rate]
    unknown = [v for v in (view.bv_x, view.bv_y) if v and v not in ids]
    if unknown:
        st.info(t("c.bv.unknown", ids=", ".join(unknown)))
        view = state.update(bv_x=view.bv_x if view.bv_x in ids else "", bv_y=view.bv_y if view.bv_y in ids else "")
    x0 = view.bv_x or ids[0]
    y0 = view.bv_y or ids[min(1, len(ids) - 1)]
    chosen = []
    for col, axis, first, sex0 in zip(st.columns(2), ("x", "y"), (x0, y0), (view.bv_x_sex, view.bv_y_sex),
                                      strict=True):
        with col:
            key = state.seed(f"bv_{axis}", first)
            ind = st.selectbox(t(f"c.{axis}"), ids, key=key, format_func=lambda i: build.catalogue.get(i).label.get(lang),
                               on_change=state.touch, args=(key,))
            options = ["F", "M", "gap", "T"] if build.catalogue.get(ind).by_sex else ["T"]
            key = state.seed(f"bv_{axis}_sex", sex0 if sex0 in options else options[0])
            sex = st.selectbox(t(f"c.{axis}.sex"), options, key=key, format_func=lambda s: t(f"sex.{s}"),
                               on_change=state.touch, args=(key,))
            chosen += [str(ind), str(sex)]
    x, xs, y, ys = chosen
    if (x, xs, y, ys) != (x0, view.bv_x_sex, y0, view.bv_y_sex):
        state.update(bv_x=x, bv_x_sex=xs, bv_y=y, bv_y_sex=ys)
    return x, xs, y, ys


@dataclass(frozen=True)
class Bivariate:
    result: MapResult
    grid: list[list[str]]
    specials: list[dict[str, Any]]


@st.cache_data(show_spinner=False, max_entries=32)
def bivariate(version: str, x: str, x_sex: str, y: str, y_sex: str, provinces: tuple[int, ...],
              districts: tuple[int, ...], lang: str) -> Bivariate:
    """Tertiles (over the mahalle shown) of two indicators, each for its chosen sex (women,
    men, total or the gap women − men), crossed into a 3 x 3 colour grid."""
    build = data.load()
    assert build is not None
    places = build.mahalle
    mask = views.visible_mask(places, provinces, districts)
    ind_x, ind_y = build.catalogue.get(x), build.catalogue.get(y)
    tx = views.indicator_table(places, build.indicators, x, x_sex)
    ty = views.indicator_table(places, build.indicators, y, y_sex)
    fx, fy = views.number_format(ind_x, x_sex, lang), views.number_format(ind_y, y_sex, lang)
    populated = places["populated"] if "populated" in places else None
    cx = classify(tx["value"].where(mask), "quantiles", 3, special=tx["flag"], populated=populated, fmt=fx)
    cy = classify(ty["value"].where(mask), "quantiles", 3, special=ty["flag"], populated=populated, fmt=fy)
    ix, iy = np.asarray(cx.class_index), np.asarray(cy.class_index)
    no_residents = np.asarray(cx.status) == "no_residents"
    cls = np.where((ix >= 0) & (iy >= 0), ix * 3 + iy, np.where(no_residents, NO_RESIDENTS, NO_VALUE))
    cls = np.where(mask, cls, HIDDEN)
    specials = [
        {"label": label, "colour": colour, "count": int(((cls == c) & mask).sum()), "kind": "special"}
        for c, colour, label in ((NO_VALUE, BIVARIATE_NO_DATA, tr_en("c.bv.nodata", lang)),
                                 (NO_RESIDENTS, SPECIAL_COLOURS["no_residents"], tr_en("c.bv.noresidents", lang)))
    ]
    lx, ly = axis_label(ind_x.label.get(lang), x_sex, lang), axis_label(ind_y.label.get(lang), y_sex, lang)
    nobody, no_data = views.escape(tr_en("flag.no_residents", lang)), views.escape(tr_en("flag.no_data", lang))
    tips = [
        nobody if n else (views.escape(f"{lx}: {fx.format(a)} · {ly}: {fy.format(b)}") if np.isfinite(a) and np.isfinite(b) else no_data)
        for a, b, n in zip(tx["value"], ty["value"], no_residents, strict=True)
    ]
    demo = bool((tx["synthetic"] | ty["synthetic"])[mask].any())
    paint = Paint(colours=[*BIVARIATE, BIVARIATE_NO_DATA, SPECIAL_COLOURS["no_residents"]], classes=cls.tolist(),
                  tips=tips, bounds=views.bounds_of(places, mask), demo=demo, n_value=len(BIVARIATE),
                  districts_visible=views.visible_mask(build.district, provinces, districts).tolist())
    grid = [[BIVARIATE[i * 3 + j] for j in range(3)] for i in range(3)]
    levels = ("1 (düşük)", "2", "3 (yüksek)") if lang != "en" else ("1 (low)", "2", "3 (high)")

    def column(table: pd.DataFrame, fmt: NumberFormat, label: str) -> tuple[str, np.ndarray]:
        unit = "%" if fmt.share else fmt.suffix.strip()
        factor = fmt.scale * (100.0 if fmt.share else 1.0)
        head = f"{label} ({unit})" if unit else label
        return head, pd.to_numeric(table["value"], errors="coerce").to_numpy(float) * factor

    (hx, vx), (hy, vy) = column(tx, fx, lx), column(ty, fy, ly)
    table = pd.DataFrame({
        tr_en("col.mahalle", lang): places["mahalle"], tr_en("col.district", lang): places["district"],
        hx: vx, f"{lx} ·": [levels[i] if i >= 0 else "" for i in ix],
        hy: vy, f"{ly} ·": [levels[i] if i >= 0 else "" for i in iy],
        tr_en("col.code", lang): places["mahalle_code"],
    })[mask]
    table.attrs["digits"] = min(fx.decimals, fy.decimals)
    return Bivariate(MapResult(paint, [], table, demo, f"{lx} × {ly}"), grid, [r for r in specials if r["count"]])


def axis_label(label: str, sex: str, lang: str) -> str:
    """An indicator with the sex its axis maps: "NEET — Fark (kadın − erkek)"."""
    return f"{label} — {tr_en(f'sex.{sex}', lang)}"


def bivariate_legend(b: Bivariate, x_label: str, y_label: str) -> None:
    """3 x 3 legend: rows = first indicator (low to high), columns = second; each axis
    label names the sex it maps (:func:`axis_label`)."""
    cells = "".join(
        "<tr>" + "".join(f'<td style="width:26px;height:26px;background:{c}"></td>' for c in row) + "</tr>"
        for row in reversed(b.grid)
    )
    st.markdown(
        f'<div style="font-size:0.85rem"><table style="border-collapse:collapse">{cells}</table>'
        f"↑ {views.escape(x_label)}<br>→ {views.escape(y_label)}</div>",
        unsafe_allow_html=True,
    )
    if b.specials:  # the classes without a cell, dashed as on the map
        legend(b.specials, "")
    st.caption(t("c.bv.note"))
