"""Sentez: the equality index under a chosen method and weights, with rank uncertainty."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import components as c
from gendermap.ui import hotspot_map
from gendermap.ui import synthesis as s

build, view = c.page("page.sentez", with_map=True)
st.sidebar.header(c.t("f.filters"))
c.place_filters(build)
view = s.controls(build)
view = s.index_options(build)
problem = s.weight_problem(build, view.weights, view.lang)
if problem:
    st.warning(problem)
    st.stop()
settings = s.settings_for(build, view)
try:
    result = s.compute(build.version, settings, view.lang)
except ValueError as exc:  # e.g. a year before every indicator's first vintage
    st.warning(str(exc))
    st.stop()
c.demo_banner(result.index.synthetic)
st.caption(s.describe(view.method, view.lang))
st.caption(s.index_note(build, settings, view.lang))
st.caption(result.area_note)

tab_index, tab_unc, tab_lisa = st.tabs([c.t("s.tab.index"), c.t("s.tab.uncertainty"), c.t("s.tab.lisa")])
with tab_index:
    left, right = st.columns([3, 1])
    with left:
        c.map_view(build, result.index.paint, key="sentez_map", tiles=view.tiles, clickable=False)
    with right:
        c.legend(result.index.legend, result.index.title)
with tab_unc:
    if result.uncertainty is None:
        st.info(c.t("s.nosynth"))
    else:
        left, right = st.columns([3, 1])
        with left:
            c.map_view(build, result.uncertainty.paint, key="sentez_unc", tiles=view.tiles, clickable=False)
        with right:
            c.legend(result.uncertainty.legend, result.uncertainty.title)
with tab_lisa:
    hotspot_map.lisa_view(build, view)

s.table_view(result, view.lang)
st.subheader(c.t("s.districts"))
s.district_view(result, view.lang)
