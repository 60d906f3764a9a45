"""Harita: thematic choropleth of one indicator, with legend, table and mahalle panel."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import components as c
from gendermap.ui import embed_ui, firstrun, mapimage, panel, search, settle, state, years
from gendermap.ui import participation as comments

build, view = c.page("page.harita", with_map=True)
# the view settled first and the map sent before the sidebar's filters (ui/settle.py)
view, year = settle.map_view(build)
# a browser session's first run: the filters, search box and picture button come in the run
# the painted map asks for (ui/firstrun.py)
widgets = not firstrun.first()
if not widgets:
    firstrun.keep_notes()
c.landing_intro(view)

result = c.thematic(
    build.version, view.indicator, view.sex, view.scheme, view.classes, view.smooth,
    view.reliable, view.provinces, view.districts, view.mahalle, view.lang, year,
)
c.demo_banner(result.synthetic)
# above the map, filled after it (the map is sent first); its height is kept while the search box
# is on its way (c.page's style), so the map does not move when it comes (ui/firstrun.py)
search_slot = st.container(key=c.SEARCH_SLOT)

left, right = st.columns([3, 1], gap="medium")
with left:
    c.map_view(build, result.paint, key="harita_map", tiles=view.tiles, ask_rerun=firstrun.token())

st.sidebar.header(c.t("f.filters"))
if widgets:
    c.place_filters(build)
    c.indicator_filters(build)
    settle.check(view, year, years.year_control(build, state.current().indicator))
    with search_slot:
        search.search_box(build)
else:
    st.sidebar.caption(c.t("f.loading"))
    search_slot.markdown("")  # an empty container is not drawn: this keeps its place
with right:  # short, so that on a phone (columns stacked) the panel follows the map closely
    c.legend(result.legend, result.title)
    if widgets:
        mapimage.png_button(build, view, result.paint, result.legend, result.title, result.synthetic)
    if not state.current().mahalle:
        st.caption(c.t("map.click"))
    c.landing_gaps(build, view)

# right under the map and its legend
st.subheader(c.t("panel.title"))
panel.mahalle_panel(build, state.current().mahalle, year)
comments.map_comments(build.mahalle, "harita", beside=False)
comments.map_comments(build.mahalle, "harita", beside=True)
c.table_alternative(result.table)
years.change_view(build, view.indicator, view.sex)
embed_ui.embed_panel(build, state.current(), year)
