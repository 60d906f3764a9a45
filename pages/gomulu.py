"""Gömülü harita: the live map alone, for an <iframe> on another site (no sidebar, no navigation)."""

from __future__ import annotations

from gendermap.ui import embed_ui

embed_ui.live_map()
