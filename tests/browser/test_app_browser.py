"""The app in headless Chromium: map painted, repaint, click panel, download, demo banner, no XSS."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from gendermap import DEMO_LABEL
from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import choose, fills, map_frame

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def href(page) -> str:  # type: ignore[no-untyped-def]
    """The address bar (Playwright's page.url misses history.replaceState updates)."""
    return str(page.evaluate("location.href"))


def test_map_paints_offline_with_demo_banner(page, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(app_url + "/harita")
    frame = map_frame(page, 2000, timeout=120)
    assert frame.evaluate("document.querySelectorAll('path.leaflet-interactive').length") >= 2000
    assert page.get_by_text(DEMO_LABEL).first.is_visible()
    assert frame.evaluate("document.querySelector('.gm-demo').textContent") == DEMO_LABEL
    assert page.external == [], page.external  # no CDN, no tiles by default
    # the geometry and Leaflet were fetched once each, by the page's preload links (maps.preload_html)
    fetched = page.evaluate("performance.getEntriesByType('resource').filter(e => /geo[/].*[.]gz$|leaflet[.]js$/"
                            ".test(e.name)).map(e => e.initiatorType)")
    assert fetched == ["link", "link"], fetched


def test_first_visit_shows_the_map_then_the_filters(page, app_url: str) -> None:  # type: ignore[no-untyped-def]
    """A new session's first run draws the map; the painted map asks for the run with the
    sidebar's filters, the search box and the picture button (ui/firstrun.py)."""
    page.goto(app_url + "/harita")
    map_frame(page, 2000, timeout=120)
    top = page.evaluate("document.querySelector('.gm-map').getBoundingClientRect().top")
    page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.wait_for(timeout=30_000)
    page.get_by_text("Mahalle ya da ilçe ara").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Harita resmi (PNG)").wait_for(timeout=30_000)
    assert page.evaluate("gmMaps.length") == 1 and page.locator(".gm-map").count() == 1
    # the search box took the place kept for it: the map did not move under the visitor
    assert page.evaluate("document.querySelector('.gm-map').getBoundingClientRect().top") == top
    assert page.get_by_text("harita çizilince").count() == 0


def test_indicator_change_repaints(page, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(app_url + "/harita")
    frame = map_frame(page, 2000, timeout=120)
    before = fills(frame)
    choose(page, "Tema", "Nüfus yapısı")  # the app opens on the best-covered index indicator
    choose(page, "Gösterge", "65 yaş ve üstü nüfusun payı")
    deadline = time.monotonic() + 30  # the theme change repaints first; wait for the indicator's
    while (fills(frame) == before or "indicator=aged_65_plus" not in href(page)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert fills(frame) != before
    assert "indicator=aged_65_plus" in href(page)


def test_click_shows_mahalle_panel(page, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(app_url + "/harita")
    frame = map_frame(page, 2000, timeout=120)
    page.locator(".gm-map").first.scroll_into_view_if_needed()
    box = page.locator(".gm-map").first.bounding_box()
    hit = frame.evaluate(f"(() => {{ const e = document.elementFromPoint({box['x'] + box['width'] / 2}, {box['y'] + box['height'] / 2});"
                         " return e && e.classList.contains('leaflet-interactive'); })()")
    assert hit, "the centre of the map should be a mahalle"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    deadline = time.monotonic() + 30
    while "mahalle=" not in href(page) and time.monotonic() < deadline:
        time.sleep(0.2)
    code = href(page).split("mahalle=")[1].split("&")[0]
    heading = page.locator("h3").filter(has_text="Mahalle ")
    heading.first.wait_for(timeout=30_000)
    panel = page.locator("[data-testid=stDataFrame]").last
    panel.wait_for(timeout=30_000)
    assert code.isdigit()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "fixture-harita-panel.png"), full_page=True)


def test_geopackage_download_is_read_by_ogrinfo(page, app_url: str, tmp_path: Path, executable) -> None:  # type: ignore[no-untyped-def]
    ogrinfo = executable("ogrinfo")
    from datetime import date

    page.goto(app_url + "/veri")
    with page.expect_download(timeout=120_000) as info:  # one click, named after the area and the day
        page.get_by_role("button", name=f"İndir: izmir-balikesir-{date.today().isoformat()}.gpkg", exact=True).click()
    target = tmp_path / "out.gpkg"
    info.value.save_as(target)
    out = subprocess.run([ogrinfo, "-so", "-al", str(target)], capture_output=True, text=True, check=True).stdout
    assert "Feature Count: 2500" in out
    assert "data_label" in out


def test_hostile_mahalle_name_runs_no_script(page, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(app_url + "/harita?mahalle=40000")
    frame = map_frame(page, 2000, timeout=120)
    # tooltip of the hostile mahalle (polygon 0 in the fixture order is not guaranteed: find it)
    idx = frame.evaluate("gm.meta.mahalle.names.findIndex(n => n.indexOf('&lt;img') === 0)")
    assert idx >= 0
    frame.evaluate(f"gm.layers[{idx}].openTooltip(gm.layers[{idx}].getBounds().getCenter())")
    tip = frame.locator(".leaflet-tooltip").first
    tip.wait_for(timeout=10_000)
    assert "<img src=x onerror=alert(1)>" in tip.inner_text()
    assert frame.locator(".leaflet-tooltip img").count() == 0
    page.get_by_text("Tablo olarak göster").click()
    time.sleep(2)
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.__xss") == 0 and frame.evaluate("window.top.__xss") == 0
    assert page.dialogs == []


PAGES = [("harita", "Harita"), ("sentez", "Sentez"), ("karsilastir", "Karşılaştır"), ("odak", "Odak ilçeler"),
         ("veri", "Veri"), ("yontem", "Yöntem")]


@pytest.mark.data
@pytest.mark.parametrize(("name", "title"), PAGES)
def test_screenshot_every_page(page, real_app_url: str, name: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """Every page on the real build, reached through the app's navigation, at 1366 x 768."""
    page.goto(real_app_url + "/")
    page.locator("h1").first.wait_for(timeout=180_000)
    if name != "harita":
        page.get_by_role("link", name=title, exact=True).first.click()
    page.locator("h1", has_text=title).first.wait_for(timeout=180_000)
    if name in ("harita", "sentez", "karsilastir", "odak"):
        map_frame(page, 2000, timeout=180)
    time.sleep(1.5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.screenshot(path=str(SCREENSHOTS / f"{name}-full.png"), full_page=True)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.external == [], page.external


def _view(frame) -> dict:  # type: ignore[no-untyped-def]
    return frame.evaluate("({z: gm.map.getZoom(), b: gm.map.getBounds().toBBoxString(), w: gm.map.getSize().x,"
                          " n: document.querySelectorAll('path.leaflet-interactive').length})")


def _fitted(page, min_paths: int, timeout: float = 120.0):  # type: ignore[no-untyped-def]
    """The visible map frame once Leaflet has fitted it (no fit pending, a real size)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                ok = frame.evaluate("!!(window.gm && gm.meta && gm.map && !gm.pendingFit && gm.map.getSize().x > 50"
                                    f" && document.querySelectorAll('path.leaflet-interactive').length >= {min_paths})")
            except Exception:  # noqa: BLE001
                continue
            if ok:
                return frame
        time.sleep(0.2)
    raise AssertionError("no fitted map")


@pytest.mark.data
def test_link_with_a_district_opens_zoomed_to_it(page, real_app_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(real_app_url + "/harita?districts=470")
    frame = _fitted(page, 10, timeout=180)
    time.sleep(1)
    view = _view(frame)
    west, south, east, north = (float(x) for x in view["b"].split(","))
    assert view["z"] >= 9.5, view  # Seferihisar fills the map, not the two provinces (zoom ~7)
    assert west < 26.85 < east and south < 38.2 < north, view  # Seferihisar is in view
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "seferihisar-link.png"))


def test_every_sentez_tab_shows_a_fitted_map(page, app_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(app_url + "/sentez")
    map_frame(page, 2000, timeout=120)
    for tab in page.get_by_role("tab").all()[1:]:
        tab.click()
        time.sleep(2)
        zooms = []
        for frame in page.frames:
            try:
                v = frame.evaluate("window.gm && gm.map && gm.map.getSize().x > 50 ? gm.map.getZoom() : null")
            except Exception:  # noqa: BLE001
                continue
            if v is not None:
                zooms.append(v)
        assert zooms and min(zooms) >= 3, zooms  # zoom 0-2 is the empty world map of a map fitted while hidden


def test_phone_opens_with_the_sidebar_closed(browser, app_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.goto(app_url + "/harita")
    map_frame(pg, 2000, timeout=120)
    sidebar = pg.locator("[data-testid=stSidebar]")
    box = sidebar.bounding_box() if sidebar.count() else None
    assert box is None or box["x"] + box["width"] <= 5 or sidebar.get_attribute("aria-expanded") == "false", box
    pg.screenshot(path=str(SCREENSHOTS / "fixture-phone.png"))
    context.close()


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)])
def test_compare_chart_labels_are_whole(browser, app_url: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Karşılaştır's chart at a laptop's and a phone's width: no label cut with "…" and every
    label inside the chart (issue 11: labels were cut off)."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    pg.goto(app_url + "/karsilastir")
    pg.locator(".vega-embed svg text").first.wait_for(timeout=120_000)
    time.sleep(1)
    texts = pg.evaluate("""() => { const svg = document.querySelector('.vega-embed svg'); const box = svg.getBoundingClientRect();
        return Array.from(svg.querySelectorAll('text')).map(t => { const r = t.getBoundingClientRect();
            return [t.textContent, r.left >= box.left - 1 && r.right <= box.right + 1]; }); }""")
    assert len(texts) > 5
    assert not [t for t, _ in texts if "…" in t], texts
    assert all(inside for _, inside in texts), [t for t, inside in texts if not inside]
    assert any("Eşitlik çizgisi" in t for t, _ in texts)
    context.close()
