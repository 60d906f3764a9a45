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
from gendermap.ui.components import (
    class_count,
    indicator_options,
    opening,
    sex_options,
    valid_places,
)
from gendermap.ui.years import cached_years, shown_year

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


def indicator_choice(build: data.Build, view: state.View) -> dict[str, Any]:
    """Theme, indicator, sex, scheme and classes as the filters leave them: the first visit's
    opening, then the first choice wherever the view's is not among the filter's choices."""
    cat = build.catalogue
    view = replace(view, **opening(build, view))
    themes = views.themes_of(cat)
    theme = view.theme if view.theme in themes else themes[0]
    ids = indicator_options(cat, theme)
    indicator = view.indicator if view.indicator in ids else ids[0]
    ind = cat.get(indicator)
    sexes = sex_options(ind)
    out: dict[str, Any] = {"theme": theme, "indicator": indicator, "sex": view.sex if view.sex in sexes else sexes[0]}
    out["scheme"] = view.scheme if view.scheme in state.SCHEMES else state.SCHEMES[0]
    out["classes"] = class_count(view.classes)
    if ind.is_rate and view.smooth not in state.SMOOTHING:
        out["smooth"] = state.SMOOTHING[0]
    return out


def map_view(build: data.Build) -> tuple[state.View, int | None]:
    """The view and year the map page shows in this run, written to the session and the URL."""
    before = state.current()
    view = replace(before, **_touched(before))
    provinces, districts = valid_places(build, view.provinces, view.districts)
    if (provinces, districts) != (before.provinces, before.districts):
        st.session_state.pop(state.FOCUS, None)  # as the place filters do: a search is for one area
    view = replace(view, provinces=provinces, districts=districts, **indicator_choice(build, view))
    year = shown_year(build, view.indicator, view.year)
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
