"""Waiting for the Leaflet map the app draws in its page (js/coverage.js)."""

from __future__ import annotations

import time
from typing import Any


def map_frame(page: Any, min_paths: int = 1, timeout: float = 60.0) -> Any:
    """The frame (the page itself, or an embed's frame) whose Leaflet map has at least ``min_paths`` painted polygons."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for frame in page.frames:
            try:
                n = frame.evaluate("document.querySelectorAll('path.leaflet-interactive').length")
            except Exception:  # noqa: BLE001 (frames come and go while Streamlit reruns)
                continue
            if n >= min_paths and frame.evaluate("!!(window.gm && window.gm.meta && window.gm.state && window.gm.state.cls.length)"):
                return frame
        time.sleep(0.1)
    raise AssertionError(f"no map with >= {min_paths} polygons within {timeout} s")


def fills(frame: Any) -> list[str]:
    return frame.evaluate("Array.from(document.querySelectorAll('path.leaflet-interactive')).map(p => p.getAttribute('fill'))")


def choose(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``."""
    box = page.locator("[data-testid=stSelectbox]").filter(has_text=label).first
    for _ in range(5):  # the dropdown closes if a rerun redraws the sidebar meanwhile
        box.click()
        opt = page.get_by_role("option", name=option, exact=True)
        try:
            opt.wait_for(timeout=3000)
            opt.click()
            return
        except Exception:  # noqa: BLE001
            page.keyboard.press("Escape")
    raise AssertionError(f"could not choose {option!r} in {label!r}")
