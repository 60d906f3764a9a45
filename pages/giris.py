"""Giriş: sign in to the monitoring platform; signed-in editors enter data here too."""

from __future__ import annotations

import streamlit as st

from gendermap.ui import monitoring as mon
from gendermap.ui import monitoring_entry as entry
from gendermap.ui import nav

nav.frame()  # language switch (and page config when the link opened this page directly)
s = mon.store()
st.title(mon.tx("signin"))
who = mon.sign_in_form(s)

if who.role in ("editor", "admin"):
    st.divider()
    entry.entry_area(s, who)
elif who.role == "moderator":
    st.info("Moderatör: yorumları Geri bildirim sayfasında, çalıştayları Çalıştay sayfasında "
            "yönetirsiniz. (Moderator: comments on the Feedback page, workshops on the Workshop page.)")
elif who.role == "data_editor":
    st.info(mon.tx("data_editor_here"))
elif who.signed_in:
    st.info(mon.tx("viewer_only"))
