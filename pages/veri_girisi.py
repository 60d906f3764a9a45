"""Veri girişi: data entry for signed-in editors and admins (form, upload, history, targets)."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import monitoring as mon
from gendermap.ui import monitoring_entry as entry
from gendermap.ui import nav

nav.frame()  # language switch (and page config when the link opened this page directly)
s = mon.store()
who = mon.actor(s)
mon.show_notice()
st.title(entry.tx("form"))

if who.role in ("editor", "admin"):
    entry.entry_area(s, who)
elif who.signed_in:
    st.info(mon.tx("viewer_only"))
else:
    st.info(mon.tx("signin_help"))
    mon.sign_in_form(s)
