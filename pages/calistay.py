"""Çalıştay: participants distribute 100 points over the focus criteria; moderators run it."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import components as c
from gendermap.ui import participation as p
from gendermap.ui import participation_workshop as w

build, view = c.page("page.calistay")
p.flash()
st.header(w.tx("join"))
w.participant_form(st.query_params.get("kod", ""))

st.divider()
st.header(w.tx("moderate"))
actor = p.who()
if p.store().is_moderator(actor):
    w.moderator_area(actor)
else:
    st.caption(w.tx("moderator_only"))
