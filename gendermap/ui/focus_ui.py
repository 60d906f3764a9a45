"""Odak ilçeler page parts: criteria with weights, the area, ranked shortlist with reasons.

The ranking is the focus table of the one analysis (:func:`gendermap.analysis.analysis`,
run through :func:`gendermap.ui.synthesis.run` with the page's method, weights, criteria and
area: the same inputs as the build and ``gendermap analyse``). Every choice lives in the
view (so in the link): a planner who shares the link or the download shows exactly how the
list was made. Downloads and the report are in :mod:`gendermap.ui.focus_export`, the map
in :mod:`gendermap.ui.focus_map`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from gendermap.analysis import AnalysisSettings
from gendermap.focus import CRITERIA
from gendermap.numbers import format_int, format_number
from gendermap.ui import data, state, views
from gendermap.ui.i18n import t, tr_en

_FULL = {"higher": "higher_is_priority", "lower": "lower_is_priority"}

Criteria = tuple[tuple[str, float, str], ...]
"""(criterion id, weight, ``higher_is_priority``/``lower_is_priority``) for every criterion."""


def weight_text(weight: float, lang: str) -> str:
    """A criterion or index weight as people write it: 1, 0,5, 0,25 (tr) / 1, 0.5, 0.25 (en)."""
    digits = next((d for d in range(3) if round(weight, d) == round(weight, 3)), 2)
    return format_number(weight, lang, digits)


def criteria_of(view: state.View) -> Criteria:
    """Every criterion with the view's weight and direction (defaults where the view has none)."""
    weights, directions = dict(view.criteria), dict(view.directions)
    return tuple(
        (c.id, float(weights.get(c.id, c.weight)), _FULL[directions[c.id]] if c.id in directions else c.direction)
        for c in CRITERIA
    )


def criteria() -> Criteria:
    """A slider (0-3, 0 leaves a criterion out; written "1,25" in Turkish) and a direction
    switch per criterion, seeded from the view; changes go to the view (only those differing
    from the default)."""
    from gendermap.ui.synthesis import weight_slider

    view = state.current()
    lang = view.lang
    changed = bool(view.criteria or view.directions)
    title = t("o.criteria") + ("" if not changed else " ✎")
    weights, directions = [], []
    with st.expander(title, expanded=changed):
        st.caption(t("o.crit.note"))
        for c, (_, w0, d0) in zip(CRITERIA, criteria_of(view), strict=True):
            label = c.label_en if lang == "en" else c.label_tr
            left, right = st.columns([3, 1], vertical_alignment="bottom")
            kw = state.seed(f"crit_{c.id}", w0)
            w = weight_slider(left, f"{label} ({t('o.crit.default')}: {weight_text(c.weight, lang)})", kw, lang)
            kd = state.seed(f"cdir_{c.id}", d0 == "higher_is_priority")
            higher = right.toggle(t("o.higher"), key=kd, on_change=state.touch, args=(kd,))
            if float(w) != c.weight:
                weights.append((c.id, float(w)))
            d = "higher_is_priority" if higher else "lower_is_priority"
            if d != c.direction:
                directions.append((c.id, "higher" if higher else "lower"))
    if tuple(weights) != view.criteria or tuple(directions) != view.directions:
        view = state.update(criteria=tuple(weights), directions=tuple(directions))
    return criteria_of(view)


def method() -> str:
    """The index method (shared with Sentez through the view's ``method``)."""
    view = state.current()
    key = state.seed("method", view.method)
    chosen = st.sidebar.selectbox(t("s.method"), list(state.METHODS), key=key, format_func=lambda m: t(f"method.{m}"),
                                  on_change=state.touch, args=(key,))
    if chosen != view.method:
        state.update(method=chosen)
    return str(chosen)


@dataclass(frozen=True)
class Area:
    """Where the districts are ranked: ``kind`` ``districts`` (only the filter's districts)
    or ``provinces`` (every district of the provinces)."""

    kind: str
    provinces: tuple[int, ...]
    districts: tuple[int, ...]


def area_of(build: data.Build, view: state.View) -> Area:
    """The ranking area from the filter. Without districts: the filter's provinces. With
    districts: the link's ``farea``, else the districts themselves when two or more are
    chosen and their provinces for one (one district ranked alone is compared with nothing)."""
    d = build.district
    known = tuple(c for c in view.districts if c in set(d["district_code"].astype(int)))
    if not known:
        return Area("provinces", tuple(view.provinces), ())
    chosen = d["district_code"].isin(list(known))
    provinces = tuple(sorted({int(p) for p in d.loc[chosen, "province_code"].dropna()}))
    kind = view.focus_area or ("districts" if len(known) >= 2 else "provinces")
    return Area(kind, provinces, known if kind == "districts" else ())


def choose_area(build: data.Build) -> Area:
    """The area radio (only when the filter names districts); the choice goes to the view."""
    view = state.current()
    area = area_of(build, view)
    if not view.districts:
        return area
    key = state.seed("focus_area", area.kind)
    kind = st.radio(t("o.area"), list(state.FOCUS_AREAS), key=key, format_func=lambda k: t(f"o.area.{k}"),
                    horizontal=True, on_change=state.touch, args=(key,))
    if kind != area.kind:
        view = state.update(focus_area=kind)
        area = area_of(build, view)
    if area.kind == "districts" and len(area.districts) == 1:
        st.info(t("o.area.one"))
    return area


def area_label(build: data.Build, area: Area) -> str:
    """The area in words (district names, or province names), for the caption and the download."""
    d = build.district
    if area.districts:
        return ", ".join(d.loc[d["district_code"].isin(list(area.districts)), "district"].astype(str))
    names = d.drop_duplicates("province_code").set_index("province_code")["province"]
    provinces = ", ".join(str(names.get(p, p)) for p in area.provinces)
    return t("o.set.provinces", names=provinces)


def settings_of(build: data.Build, view: state.View, crit: Criteria, area: Area) -> AnalysisSettings:
    """The page's choices as analysis settings, restricted to the ranking area."""
    from gendermap.ui.synthesis import settings_for

    return settings_for(build, replace(view, provinces=area.provinces, districts=area.districts), crit)


def ranking(version: str, settings: AnalysisSettings) -> pd.DataFrame:
    """The focus table of the one analysis for ``settings`` (the function the build and
    ``gendermap analyse`` run); the page stops with a note when the criteria cannot rank."""
    from gendermap.ui.synthesis import run

    if all(w <= 0 for _, w in settings.criteria_weights):
        st.warning(t("o.all_zero"))
        st.stop()
    return run(version, settings).focus


def shortlist_rows(table: pd.DataFrame, top: int, marked: tuple[int, ...] = ()) -> pd.DataFrame:
    """The first ``top`` districts, and below them the ``marked`` ones (a district chosen in
    the filter and ranked among its province's districts keeps its place in view)."""
    keep = (table["rank"] <= top) | table["district_code"].isin(list(marked))
    return table[keep.fillna(False).to_numpy()]


def shortlist_view(table: pd.DataFrame, top: int, lang: str, marked: tuple[int, ...] = ()) -> pd.DataFrame:
    reason = "reason_en" if lang == "en" else "reason_tr"
    short = shortlist_rows(table, top, marked)
    return pd.DataFrame({
        tr_en("o.rank", lang): short["rank"].astype("Int64"),
        tr_en("col.district", lang): short["district"],
        tr_en("col.province", lang): short.get("province", ""),
        tr_en("o.score", lang): short["score"].round(1),
        tr_en("o.reasons", lang): short[reason],
    })


def show_shortlist(frame: pd.DataFrame, lang: str) -> None:
    """The shortlist table (numbers stay numbers, written the user's way), and every reason
    in full below it: a table cell cuts long text, and a reason is what a planner quotes
    (the downloads carry the reasons as a column)."""
    from gendermap.ui.components import styled

    reasons = tr_en("o.reasons", lang)
    st.dataframe(styled(frame.drop(columns=reasons), lang), hide_index=True, width="stretch")
    rank, district, province = (tr_en(k, lang) for k in ("o.rank", "col.district", "col.province"))
    with st.expander(t("o.details"), expanded=True):
        for _, r in frame.iterrows():
            where = f"{r[district]} ({r[province]})" if r[province] else str(r[district])
            place = f"{format_int(r[rank], lang)}. " if pd.notna(r[rank]) else ""
            st.markdown(f"**{views.escape(place + where)}** — {views.escape(str(r[reasons]))}")


def top() -> int:
    """How many districts the shortlist holds (the view's ``top``)."""
    view = state.current()
    key = state.seed("top", view.top)
    chosen = int(st.slider(t("o.top"), *state.TOP_RANGE, key=key, on_change=state.touch, args=(key,)))
    if chosen != view.top:
        state.update(top=chosen)
    return chosen


def area_caption(table: pd.DataFrame, area_text: str, settings: AnalysisSettings, lang: str) -> None:
    st.caption(t("o.area.caption", n=format_int(len(table), lang), area=area_text,
                 method=t(f"method.{settings.focus_method}")))

