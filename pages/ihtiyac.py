"""İhtiyaç analizi: a municipality's gender-equality self-assessment (signed-in users)."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import assessment_ui as ui
from gendermap.ui import monitoring as mon
from gendermap.ui import nav

nav.frame()  # language switch (and page config when the link opened this page directly)
s = mon.store()
who = mon.actor(s)
mon.show_notice()
st.title(ui.tx("title"))
st.caption(ui.tx("intro"))

if not who.signed_in:
    st.info(ui.tx("signin"))
    mon.sign_in_form(s)
    st.stop()

service = ui.service(s)
code, name, round_ = ui.pick(s, who)
editable = who.role in ("editor", "admin")
if not editable:
    st.caption(ui.tx("viewer"))
form_tab, results_tab, file_tab, *network_tab = st.tabs(
    [ui.tx("form"), ui.tx("results"), ui.tx("upload")] + ([ui.tx("network")] if who.role == "admin" else []))
with form_tab:
    ui.form(service, who, code, round_, editable)
with results_tab:
    ui.results(service, who, code, name, round_)
with file_tab:
    if editable:
        ui.upload(service, who, code, round_)
for tab in network_tab:
    with tab:
        ui.network(service, who)
