"""Göstergeler: indicators defined by users — propose, review, retire, data-collection kit."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import components as c
from gendermap.ui import indicators_ui as ui
from gendermap.ui import monitoring as mon

build, view = c.page("page.gostergeler")
s = mon.store()
who = mon.actor(s)
users = ui.service(s)
st.caption(ui.tx("intro"))
ui.show_notice()
st.subheader(ui.tx("list"))
ui.listing(users)
ui.kit(build.catalogue, build.mahalle)
if who.role in ("data_editor", "admin"):
    ui.propose_form(users, who)
    if who.role == "admin":
        ui.review(users, who)
else:
    st.info(ui.tx("signin"))
