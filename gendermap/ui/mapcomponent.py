"""The coverage map in the page: a Streamlit v2 component running :data:`gendermap.maps.MAP_SCRIPT`.

Why a v2 component: it draws in the app's own page (no iframe), so a visitor's first
paint does not wait for a separate page, its script and Leaflet loaded one after another,
and a click still comes back to Python (a trigger value, one rerun). The script is
registered once per process; every mount sends only :func:`gendermap.maps.map_data`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from gendermap.maps import MAP_SCRIPT

_coverage = st.components.v2.component("gendermap_coverage", js=MAP_SCRIPT, isolate_styles=False)


def coverage(data: dict[str, Any], key: str, height: int) -> dict[str, Any] | None:
    """Mount the map; the point clicked in this run (``{"lat", "lng"}``) or None."""
    result = _coverage(key=key, data=data, height=height, on_click_change=lambda: None,
                       on_painted_change=lambda: None)
    click = getattr(result, "click", None)
    return click if isinstance(click, dict) else None
