"""The floor for bench_app.py: Streamlit's own empty page (a title, nothing else)."""

from __future__ import annotations

import streamlit as st

st.title("Boş sayfa")
