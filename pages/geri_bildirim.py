"""Geri bildirim: published comments, a comment form, moderation and feedback meetings."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import components as c
from gendermap.ui import participation as p

build, view = c.page("page.geri_bildirim")
p.flash()
district = view.districts[0] if len(view.districts) == 1 else None
p.comments_panel(district_code=district)
p.comment_form(page="geri_bildirim", district_code=district)

actor = p.who()
moderator = p.store().is_moderator(actor)
st.divider()
st.header(p.tx("queue"))
if moderator:
    p.moderation(actor)
else:
    st.caption(p.tx("moderator_only"))
st.header(p.tx("meetings"))
p.meetings(actor, moderator)
