"""The map's own script in Chromium: new data is shown whole again, even with the same filter."""

from __future__ import annotations

import json
import time

import geopandas as gpd
import pytest
import shapely

from gendermap import maps
from gendermap.ui import assets

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BASE = "http://gm.test"


def _open_map(browser):  # type: ignore[no-untyped-def]
    """A page holding only the coverage map (the app's script, local Leaflet) over 2 × 8 squares."""
    cells = [shapely.box(26.0 + 0.1 * i, 38.0 + 0.1 * j, 26.1 + 0.1 * i, 38.1 + 0.1 * j) for j in range(2) for i in range(8)]
    mah = gpd.GeoDataFrame({"mahalle": [f"M{i}" for i in range(16)], "district": ["A"] * 8 + ["B"] * 8},
                           geometry=cells, crs="EPSG:4326")
    dis = gpd.GeoDataFrame({"district": ["A", "B"]}, geometry=[shapely.box(26, 38, 26.8, 38.1), shapely.box(26, 38.1, 26.8, 38.2)],
                           crs="EPSG:4326")
    geo = json.dumps(assets.geometry_payload(mah, dis))
    html = maps.coverage_map(f"{BASE}/geo.json", (26.0, 38.0, 26.8, 38.2), static_url=f"{BASE}/static").get_root().render()
    vendor = assets.ensure_static()

    def serve(route):  # type: ignore[no-untyped-def]
        path = route.request.url[len(BASE):]
        if path == "/geo.json":
            return route.fulfill(body=geo, content_type="application/json")
        if path.startswith("/static/vendor/"):
            return route.fulfill(path=str(vendor / path[len("/static/vendor/"):]))
        return route.fulfill(body=html, content_type="text/html")

    page = browser.new_page(viewport={"width": 900, "height": 700})
    page.route(f"{BASE}/**", serve)
    page.goto(f"{BASE}/index.html")
    page.wait_for_function("!!(window.gm && gm.meta)", timeout=30_000)
    return page


def _paint(page, version: str) -> None:  # type: ignore[no-untyped-def]
    # the filter shows one corner square (M0): its bounds are the ones to fit
    paint = maps.Paint(colours=["#ff0000"], classes=[0] + [maps.HIDDEN] * 15, bounds=(26.0, 38.0, 26.1, 38.1),
                       version=version)
    page.evaluate("p => gm.apply(p)", paint.payload())
    page.wait_for_function("!gm.pendingFit && !gm.map._animatingZoom", timeout=10_000)
    time.sleep(0.3)


def _zoom(page) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate("gm.map.getZoom()"))


def test_new_data_version_fits_the_shown_area_again(browser) -> None:  # type: ignore[no-untyped-def]
    page = _open_map(browser)
    _paint(page, "v1")
    fitted = _zoom(page)
    assert page.evaluate("gm.map.getBounds().contains([38.05, 26.05])")
    assert not page.evaluate("gm.map.getBounds().contains([38.15, 26.75])")  # zoomed to M0, not the whole area
    # the person zooms out (a wheel on the map), then repaints with the same data: their view stays
    page.evaluate("gm.map.getContainer().dispatchEvent(new WheelEvent('wheel')); gm.map.setZoom(3, {animate: false})")
    _paint(page, "v1")
    assert _zoom(page) == 3
    # an import made a new data version: the map shows the filtered area whole again
    _paint(page, "v2")
    assert _zoom(page) == fitted
    assert page.evaluate("gm.map.getBounds().contains([38.05, 26.05])")
    page.close()
