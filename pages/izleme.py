"""İzleme: municipal equality indicators — cards, comparison, downloads."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import monitoring as mon
from gendermap.ui import nav

nav.frame()  # language switch (and page config when the link opened this page directly)
s = mon.store()
who = mon.actor(s)
st.title(mon.tx("title"))
st.caption(mon.tx("intro"))
mon.show_notice()

drafts = False
if who.role in ("editor", "admin"):  # their own saved values show at once, marked as drafts
    drafts = st.toggle(mon.tx("drafts"), value=True, key="gm_monitor_drafts")
data = mon.load(s, who, include_drafts=drafts)
mon.demo_banner(data["cards"])

municipality = mon.municipality_picker(data, who)
if municipality is not None:
    mon.cards_grid(data, municipality)

st.header(mon.tx("compare"))
mon.comparison(data)

st.header(mon.tx("downloads"))
mon.downloads(data, municipality)

if who.role == "admin":
    mon.review_and_publish(s, who, mon.load(s, who, include_drafts=True) if not drafts else data)
