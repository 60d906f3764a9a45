"""Odak ilçeler: rank districts by chosen criteria, with reasons, a map and an export."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import components as c
from gendermap.ui import focus_ui as f
from gendermap.ui import participation as comments

build, view = c.page("page.odak")
st.sidebar.header(c.t("f.filters"))
c.place_filters(build)
c.demo_banner(build.synthetic)

crit = f.criteria()
top = st.slider(c.t("o.top"), 3, 15, 5, key="focus_top")
table = f.ranking(build, view, crit)
short = f.shortlist_view(table, top, view.lang)

st.subheader(c.t("o.shortlist"))
st.dataframe(short, hide_index=True, width="stretch")
f.downloads(short, build.synthetic)
f.report_button(build, view, crit, table)
with st.expander(comments.tx("comments")):
    comments.district_comment_counts(table)

result = f.shortlist_map(build.version, f.shortlist_codes(table, top), view.provinces, view.lang)
left, right = st.columns([3, 1])
with left:
    c.map_view(build, result.paint, key="odak_map", tiles=view.tiles, clickable=False)
with right:
    c.legend(result.legend, result.title)
