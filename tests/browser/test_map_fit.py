"""The map's own script (maps.MAP_SCRIPT: js/loaders.js + js/coverage.js) in Chromium, on a page of its own: fits, repaints, clicks."""

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
SCRIPT = maps.MAP_SCRIPT


def _open_map(browser, ask_rerun: str = "", geometry: str = "ok"):  # type: ignore[no-untyped-def]
    """A page holding only the coverage map (the app's script, local Leaflet) over 2 × 8 squares.
    ``geometry``: "ok", "fail" (404) or "hang" (answered only by ``page.answer_geometry()``)."""
    cells = [shapely.box(26.0 + 0.1 * i, 38.0 + 0.1 * j, 26.1 + 0.1 * i, 38.1 + 0.1 * j) for j in range(2) for i in range(8)]
    mah = gpd.GeoDataFrame({"mahalle": [f"M{i}" for i in range(16)], "district": ["A"] * 8 + ["B"] * 8},
                           geometry=cells, crs="EPSG:4326")
    dis = gpd.GeoDataFrame({"district": ["A", "B"]}, geometry=[shapely.box(26, 38, 26.8, 38.1), shapely.box(26, 38.1, 26.8, 38.2)],
                           crs="EPSG:4326")
    geo = json.dumps(assets.geometry_payload(mah, dis))
    first = maps.Paint(colours=["#00ff00"], classes=[0] * 16, bounds=(26.0, 38.0, 26.8, 38.2))
    data = maps.map_data(first, f"{BASE}/geo.json", (26.0, 38.0, 26.8, 38.2), static_url=f"{BASE}/static", height=500,
                         ask_rerun=ask_rerun)
    # the page mounts the script as Streamlit does: default export called with a host and data
    html = ("<!doctype html><html><body><div id='host'></div><script type='module'>"
            "import draw from './coverage.js'; const host = document.getElementById('host');"
            "document.body.insertAdjacentHTML('afterbegin', '<a data-testid=\"stTopNavLink\" href=\"/other\""
            " onclick=\"event.preventDefault()\">Other page</a>');"
            "window.gmMount = (d) => draw({parentElement: host, data: d,"
            " setTriggerValue: (n, v) => { (window.gmEvents = window.gmEvents || []).push([n, v]); }});"
            f"window.gmMount({json.dumps(data)});</script></body></html>")
    vendor = assets.ensure_static()
    hanging: list = []  # type: ignore[type-arg]

    def serve(route):  # type: ignore[no-untyped-def]
        path = route.request.url[len(BASE):]
        if path == "/geo.json.gz" and geometry == "hang":
            hanging.append(route)  # unanswered: the map waits for its geometry (answered: 404, then the JSON)
            return None
        if path == "/geo.json" and geometry in ("ok", "hang"):
            return route.fulfill(body=geo, content_type="application/json")
        if path == "/coverage.js":
            return route.fulfill(body=SCRIPT, content_type="text/javascript")
        if path.startswith("/static/vendor/"):
            return route.fulfill(path=str(vendor / path[len("/static/vendor/"):]))
        if path == "/index.html":
            return route.fulfill(body=html, content_type="text/html")
        return route.fulfill(status=404, body="")

    page = browser.new_page(viewport={"width": 900, "height": 700})
    page.route(f"{BASE}/**", serve)
    page.answer_geometry = lambda: [r.fulfill(status=404, body="") for r in hanging]
    page.goto(f"{BASE}/index.html")
    if geometry == "ok":
        page.wait_for_function("!!(window.gm && gm.meta && gm.layers.length === 16)", timeout=30_000)
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
    # the district outlines are drawn in the colour the data sends (maps.map_data), not one of the script's
    assert page.evaluate("[gm.outline, ...gm.outlines.map(o => o.options.color)]") == [maps.OUTLINE_COLOUR] * 3
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


def test_a_click_is_sent_back_and_a_new_paint_keeps_the_map(browser) -> None:  # type: ignore[no-untyped-def]
    page = _open_map(browser)
    _paint(page, "v1")
    box = page.locator(".gm-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("(window.gmEvents || []).length > 0", timeout=10_000)
    name, point = page.evaluate("gmEvents[0]")
    assert name == "click" and 38.0 <= point["lat"] <= 38.2 and 26.0 <= point["lng"] <= 26.8
    # Streamlit calls the script again with new data: the same map is repainted, not a second one
    paint = maps.Paint(colours=["#0000ff"], classes=[0] * 16, bounds=(26.0, 38.0, 26.8, 38.2), version="v1")
    data = maps.map_data(paint, f"{BASE}/geo.json", (26.0, 38.0, 26.8, 38.2), static_url=f"{BASE}/static", height=500)
    page.evaluate("d => gmMount(d)", data)
    page.wait_for_function("gm.state.pal[0] === '#0000ff'", timeout=10_000)
    assert page.evaluate("gmMaps.length") == 1 and page.locator(".gm-map").count() == 1
    fills = page.evaluate("Array.from(document.querySelectorAll('path.leaflet-interactive')).map(p => p.getAttribute('fill'))")
    assert fills.count("#0000ff") == 16
    page.close()


def _events(page) -> list:  # type: ignore[no-untyped-def,type-arg]
    return page.evaluate("window.gmEvents || []")  # type: ignore[no-any-return]


def test_a_first_run_map_asks_once_for_the_next_run_when_painted(browser) -> None:  # type: ignore[no-untyped-def]
    page = _open_map(browser, ask_rerun="run1")
    page.wait_for_function("(window.gmEvents || []).length > 0", timeout=10_000)
    assert _events(page) == [["painted", True]]
    assert page.locator("path.leaflet-interactive").count() == 16  # asked after the polygons were drawn
    paint = maps.Paint(colours=["#0000ff"], classes=[0] * 16, bounds=(26.0, 38.0, 26.8, 38.2), version="v1")

    def mount(token: str) -> None:
        page.evaluate("d => gmMount(d)", maps.map_data(paint, f"{BASE}/geo.json", (26.0, 38.0, 26.8, 38.2),
                                                        static_url=f"{BASE}/static", height=500, ask_rerun=token))
    # the next run mounts the same map again (without a token): nothing more is asked, not even by the timer
    mount("")
    time.sleep(3.5)
    assert _events(page) == [["painted", True]]
    # the same token again (a rerun of that first run) asks nothing; a new session's token asks once more
    # (the server restarted under the open page: its first run must get its widgets too)
    mount("run1")
    mount("run2")
    page.wait_for_function("gmEvents.length > 1", timeout=10_000)
    time.sleep(0.5)
    assert _events(page) == [["painted", True], ["painted", True]]
    page.close()


def test_a_map_without_its_geometry_still_asks_for_the_next_run(browser) -> None:  # type: ignore[no-untyped-def]
    """The filters come in the run the map asks for: a map that cannot draw must not keep them away."""
    page = _open_map(browser, ask_rerun="run1", geometry="fail")
    page.wait_for_function("(window.gmEvents || []).length > 0", timeout=10_000)
    assert _events(page) == [["painted", True]]
    page.close()


def test_a_map_still_waiting_asks_after_3_s_unless_a_later_run_came(browser) -> None:  # type: ignore[no-untyped-def]
    page = _open_map(browser, ask_rerun="run1", geometry="hang")
    page.wait_for_function("(window.gmEvents || []).length > 0", timeout=10_000)  # the timer
    assert _events(page) == [["painted", True]]
    page.close()
    page = _open_map(browser, ask_rerun="run1", geometry="hang")
    # a later run (e.g. the language switched before the map was drawn) already drew the widgets
    paint = maps.Paint(colours=["#0000ff"], classes=[0] * 16, bounds=(26.0, 38.0, 26.8, 38.2))
    page.evaluate("d => gmMount(d)", maps.map_data(paint, f"{BASE}/geo.json", (26.0, 38.0, 26.8, 38.2),
                                                    static_url=f"{BASE}/static", height=500))
    # the geometry arrives and the map is painted: neither the paint nor the timer asks
    page.answer_geometry()
    page.wait_for_function("!!(window.gm && gm.meta && gm.layers.length === 16)", timeout=30_000)
    time.sleep(3.5)
    assert _events(page) == []
    page.close()


def test_a_map_of_a_later_run_asks_for_nothing(browser) -> None:  # type: ignore[no-untyped-def]
    page = _open_map(browser)
    time.sleep(3.5)
    assert _events(page) == []
    page.close()


def test_a_visitor_who_opens_another_page_before_the_map_asked_is_not_brought_back(browser) -> None:  # type: ignore[no-untyped-def]
    """Streamlit keeps the latest rerun request: the map asking after a click on another page of the
    navigation would put the visitor back on the map page (their click lost)."""
    page = _open_map(browser, ask_rerun="run1", geometry="hang")
    page.get_by_text("Other page").click()
    time.sleep(3.5)
    assert _events(page) == []
    page.close()
