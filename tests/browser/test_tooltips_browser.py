"""Tooltips stay inside the screen at every edge of the map, on a laptop and on a phone."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import map_frame

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EDGES = {  # where to look for a polygon under the pointer: (x, y) as fractions of the map
    "top": (0.5, 0.0), "bottom": (0.5, 1.0), "top-right": (1.0, 0.0), "bottom-left": (0.0, 1.0), "bottom-right": (1.0, 1.0),
}


def _polygon_near(frame, fx: float, fy: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """A point on a mahalle as close as possible to the given corner or edge of the map."""
    return tuple(frame.evaluate(
        """([fx, fy]) => { const s = gm.map.getSize(), c = gm.map.getContainer().getBoundingClientRect();
          for (let d = 2; d < 200; d += 2) {
            const x = Math.min(Math.max(fx * s.x, d), s.x - d), y = Math.min(Math.max(fy * s.y, d), s.y - d);
            const e = document.elementFromPoint(c.left + x, c.top + y);
            if (e && e.classList.contains('leaflet-interactive')) { return [x, y]; } }
          return null; }""", [fx, fy]))


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_tooltips_stay_on_screen_near_the_edges(browser, app_url: str, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(app_url + "/harita")
    frame = map_frame(page, 2000, timeout=120)
    holder = page.locator(".gm-map").first
    holder.scroll_into_view_if_needed()
    time.sleep(1.5)
    box = holder.bounding_box()
    assert box is not None
    for name, (fx, fy) in EDGES.items():
        x, y = _polygon_near(frame, fx, fy)
        page.mouse.move(box["x"] + x - 3, box["y"] + y)
        page.mouse.move(box["x"] + x, box["y"] + y)
        frame.wait_for_selector(".leaflet-tooltip", timeout=5000)
        time.sleep(0.2)
        tip = frame.evaluate("(() => { const r = document.querySelector('.leaflet-tooltip').getBoundingClientRect();"
                             " const c = gm.map.getContainer().getBoundingClientRect(), s = gm.map.getSize();"
                             " return {l: r.left - c.left, t: r.top - c.top, r: r.right - c.left, b: r.bottom - c.top, w: s.x, h: s.y}; })()")
        assert tip["t"] >= 0 and tip["b"] <= tip["h"], (name, tip)  # inside the map, top and bottom
        assert tip["l"] >= 0 and tip["r"] <= tip["w"], (name, tip)
        assert box["y"] + tip["t"] >= 0 and box["y"] + tip["b"] <= height, (name, tip, box)  # and on the screen
        if name == "bottom-right":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"tooltip-{width}x{height}.png"))
    context.close()
