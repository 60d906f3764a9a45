"""The map page's view settled before its filters are drawn, so the map can be sent first.

Why: Streamlit sends a page's parts in the order the script makes them, and the browser
loads each kind of widget's code when it first meets one. With the sidebar's eleven filters
made first, the map waited for all of them (~0.2 s of a new visitor's first paint). The
map page therefore settles the view here -- the value a filter just changed, and the same
valid choices the filters would make -- draws the map, then draws the filters, which then
find nothing to change. :func:`check` reruns the page if they did change something, so
the map never shows another view than the filters.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import streamlit as st

from gendermap.ui import data, state, views
from gendermap.ui.components import CLASS_COUNTS, first_indicator
from gendermap.ui.years import cached_years

_RERUN = "gm_settle_rerun"


def _touched(view: state.View) -> dict[str, Any]:
    """Values of the view's widgets the person changed in the interaction that started this run."""
    names = {f.name for f in fields(view)}
    out: dict[str, Any] = {}
    for key in st.session_state.get(state.TOUCHED, set()):
        attr = key.removeprefix("w_")
        if attr in names and key in st.session_state:
            value = st.session_state[key]
            out[attr] = tuple(value) if isinstance(value, list) else value
    return out


def places(build: data.Build, provinces: tuple[int, ...], districts: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The provinces (none chosen: all) and the districts inside them, as the filters keep them."""
    table = build.district
    every = sorted(table["province_code"].unique().tolist(), reverse=True)
    chosen = tuple(p for p in provinces if p in every) or tuple(every)
    inside = set(table.loc[table["province_code"].isin(chosen), "district_code"].tolist())
    return chosen, tuple(d for d in districts if d in inside)


def indicator_choice(build: data.Build, view: state.View) -> dict[str, Any]:
    """Theme, indicator, sex, scheme and classes as the filters would leave them."""
    cat = build.catalogue
    out: dict[str, Any] = {}
    theme, indicator, sex = view.theme, view.indicator, view.sex
    if not indicator:  # first visit: a women − men gap of well-covered data
        first = first_indicator(build.version)
        if first:
            ind0 = cat.get(first)
            theme, indicator = ind0.theme, first
            if ind0.by_sex and "sex" not in st.query_params:  # a link's own choice stays
                sex = "gap"
    themes = views.themes_of(cat)
    theme = theme if theme in themes else themes[0]
    ids = [i.id for i in cat.in_theme(theme) if i.level == "mahalle"]
    indicator = indicator if indicator in ids else ids[0]
    ind = cat.get(indicator)
    options = ["F", "M", "gap", "T"] if ind.by_sex else ["T"]
    out.update(theme=theme, indicator=indicator, sex=sex if sex in options else options[0])
    out["scheme"] = view.scheme if view.scheme in state.SCHEMES else state.SCHEMES[0]
    out["classes"] = min(max(view.classes, CLASS_COUNTS[0]), CLASS_COUNTS[-1])
    if ind.is_rate and view.smooth not in state.SMOOTHING:
        out["smooth"] = state.SMOOTHING[0]
    return out


def map_year(build: data.Build, indicator: str, wanted: int | None) -> int | None:
    """The year the map shows (:func:`gendermap.ui.years.year_control`'s choice)."""
    years, reference, _ = cached_years(build.version, indicator)
    if not years:
        return None
    if len(years) == 1:
        return years[0]
    return wanted if wanted in years else reference


def map_view(build: data.Build) -> tuple[state.View, int | None]:
    """The view and year the map page shows in this run, written to the session and the URL."""
    before = state.current()
    view = replace(before, **_touched(before))
    provinces, districts = places(build, view.provinces, view.districts)
    if (provinces, districts) != (before.provinces, before.districts):
        st.session_state.pop(state.FOCUS, None)  # as the place filters do: a search is for one area
    view = replace(view, provinces=provinces, districts=districts, **indicator_choice(build, view))
    year = map_year(build, view.indicator, view.year)
    if year is not None and len(cached_years(build.version, view.indicator)[0]) > 1:
        view = replace(view, year=year)
    if view != state.current():
        view = state.update(**{f.name: getattr(view, f.name) for f in fields(view)})
    return view, year


def check(shown: state.View, year: int | None, drawn_year: int | None) -> None:
    """After the filters: rerun once if they changed what the map showed."""
    if state.current() == shown and year == drawn_year:
        st.session_state.pop(_RERUN, None)
        return
    if st.session_state.get(_RERUN) == state.current():
        return  # the filters and the settled view disagree again: do not loop
    st.session_state[_RERUN] = state.current()
    st.rerun()
