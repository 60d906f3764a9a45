"""Odak ilçeler: rank the districts of the chosen area by criteria, with reasons, a map and an export."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import components as c
from gendermap.ui import focus_export as fx
from gendermap.ui import focus_map as fm
from gendermap.ui import focus_ui as f
from gendermap.ui import participation as comments
from gendermap.ui import state

build, view = c.page("page.odak", with_map=True)
st.sidebar.header(c.t("f.filters"))
c.place_filters(build)
f.method()
c.demo_banner(build.synthetic)

area = f.choose_area(build)
crit = f.criteria()
top = f.top()
view = state.current()
settings = f.settings_of(build, view, crit, area)
table = f.ranking(build.version, settings)
marked = view.districts if area.kind == "provinces" else ()
short = f.shortlist_view(table, top, view.lang, marked)
area_text = f.area_label(build, area)
f.area_caption(table, area_text, settings, view.lang)

st.subheader(c.t("o.shortlist"))
f.show_shortlist(short, view.lang)
record = fx.settings_table(build.catalogue, build.version, build.synthetic, settings, area=area_text, ranked=len(table),
                           top=top, link=state.to_params(view), lang=view.lang)
fx.downloads(build, view, area, short, record)
fx.report_button(build, view, settings, table, marked)
with st.expander(comments.tx("comments")):
    comments.district_comment_counts(table)

shown = fm.focus_map(build.version, settings, top, area.provinces, area.districts, view.lang)
left, right = st.columns([3, 1])
with left:
    c.map_view(build, shown.result.paint, key="odak_map", tiles=view.tiles, clickable=False)
with right:
    fm.legend_view(shown, view.lang)
