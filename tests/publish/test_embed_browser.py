"""The embed file in real headless Chromium with every network request blocked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gendermap import DEMO_LABEL
from tests.conftest import need

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def open_offline(browser, html: str, viewport=(1366, 768), shot: Path | None = None):  # type: ignore[no-untyped-def]
    """Load ``html`` with every request aborted; returns (painted paths, requests, alerts, text)."""
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    ctx.add_init_script("window.__xss = 0; window.alert = function () { window.__xss++; };")
    ctx.route("**/*", lambda route: route.abort())
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(html, wait_until="load")
    page.wait_for_selector("body[data-gm-painted]", timeout=30_000)
    fills = page.evaluate(
        "Array.from(document.querySelectorAll('path.leaflet-interactive')).map(p => p.getAttribute('fill'))")
    page.hover("path.leaflet-interactive")
    xss = page.evaluate("window.__xss")
    demo_visible = page.get_by_text(DEMO_LABEL, exact=True).first.is_visible()
    if shot is not None:
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
    ctx.close()
    return fills, requests, xss, demo_visible


def test_fixture_embed_paints_every_mahalle_and_runs_no_script(browser, pub_data) -> None:  # type: ignore[no-untyped-def]
    from gendermap.publish import find_area
    from gendermap.publish.embed import render_embed
    from gendermap.publish.mapdata import area_map
    from tests.ui.fixture_build import EVIL

    code = pub_data.mahalle.loc[pub_data.mahalle["mahalle"] == EVIL, "district_code"].iloc[0]
    area = find_area(pub_data.mahalle, district=str(code))
    amap = area_map(pub_data.mahalle, pub_data.indicators, pub_data.catalogue, area, "employment_15_64")
    html = render_embed(amap, pub_data.mahalle.geometry.values[amap.rows])
    fills, requests, xss, demo = open_offline(browser, html)
    assert len(fills) == amap.painted
    assert sorted(set(fills)) == sorted(set(amap.colours))
    assert requests == [] and xss == 0 and demo


@pytest.mark.data
@pytest.mark.slow
def test_seferihisar_embed_offline(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 12's check, on the real build: every Seferihisar mahalle painted, demo mark shown."""
    need((ROOT / "build" / "indicators.parquet").exists(), "no real build: run `gendermap build`")
    from gendermap.cli import main

    out = tmp_path / "seferihisar.html"
    env = os.environ.get("GENDERMAP_BUILD_DIR")
    assert env is None or Path(env).resolve() == (ROOT / "build").resolve()
    assert main(["embed", "--district", "Seferihisar", "--indicator", "higher_education_25", "--out", str(out)]) == 0
    from gendermap.publish import find_area, inputs

    data = inputs.load()
    n = int(find_area(data.mahalle, district="Seferihisar").mask(data.mahalle).sum())
    shots = ROOT / "build" / "screenshots"
    fills, requests, xss, demo = open_offline(browser, out.read_text(encoding="utf-8"), shot=shots / "embed-seferihisar.png")
    assert len(fills) == n and all(f and f != "none" for f in fills)
    assert requests == [] and xss == 0 and demo
    open_offline(browser, out.read_text(encoding="utf-8"), (390, 844), shot=shots / "embed-seferihisar-phone.png")


def test_live_route_in_an_iframe_shows_the_map_alone(browser, pub_build) -> None:  # type: ignore[no-untyped-def]
    """The snippet's /gomulu page inside an <iframe> of another page: map painted, no menu, no sidebar."""
    from gendermap.publish.embed import iframe_snippet
    from tests.browser.conftest import start_app
    from tests.browser.helpers import map_frame

    proc, url = start_app(pub_build)
    try:
        snippet = iframe_snippet(url, {"theme": "work", "indicator": "employment_15_64", "districts": "100",
                                       "province": "35"}, "100%", 620)
        ctx = browser.new_context(viewport={"width": 900, "height": 720})
        page = ctx.new_page()
        external: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
                else external.append(r.url))
        page.set_content(f"<!doctype html><body style='margin:0'><h3>Derneğimizin sitesi</h3>{snippet}</body>")
        frame = map_frame(page, min_paths=5, timeout=120)
        app = page.frames[1]
        assert app.locator('[data-testid="stSidebar"] >> visible=true').count() == 0
        assert app.locator("text=Odak ilçeler >> visible=true").count() == 0  # no page menu
        assert frame.evaluate("document.querySelectorAll('path.leaflet-interactive').length") >= 5
        assert app.get_by_text(DEMO_LABEL).first.is_visible()
        shots = ROOT / "build" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(3000)  # let Leaflet settle after the iframe's last resize
        page.screenshot(path=str(shots / "embed-live-iframe.png"))
        assert external == []
        ctx.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
