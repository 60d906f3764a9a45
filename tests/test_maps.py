"""The map as data: only local assets, geometry by URL, paints that cannot break out of the page."""

from __future__ import annotations

import json
import re

from gendermap import DEMO_LABEL, maps
from gendermap.palettes import OUTLINE_COLOUR

EVIL = "<img src=x onerror=alert(1)>"
SCRIPT = maps.MAP_SCRIPT


def test_escape() -> None:
    assert maps.escape(EVIL) == "&lt;img src=x onerror=alert(1)&gt;"
    assert maps.escape(None) == ""


def test_map_script_loads_nothing_from_elsewhere_unless_tiles_are_asked() -> None:
    urls = set(re.findall(r"https?://[^'\"\s]+", SCRIPT))
    assert urls <= {"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://www.openstreetmap.org/copyright"}, urls
    # the tiles only behind the person's switch
    assert "if (data.tiles)" in SCRIPT and "jquery" not in SCRIPT.lower()


def test_map_data_names_the_geometry_and_local_leaflet() -> None:
    paint = maps.Paint(colours=["#fff"], classes=[0])
    d = maps.map_data(paint, "/app/static/geo/v1.json", (26.0, 38.0, 28.0, 40.0), tiles=False, clickable=False)
    assert d["url"] == "/app/static/geo/v1.json" and d["static"] == "/app/static"
    assert d["bounds"] == [26.0, 38.0, 28.0, 40.0] and d["tiles"] is False and d["clickable"] is False
    assert d["hidden"] == maps.HIDDEN and d["nodata"] == maps.NO_DATA_COLOUR
    assert d["outline"] == OUTLINE_COLOUR
    assert d["paint"] == paint.payload()
    json.dumps(d)  # what the component is sent


def test_map_script_takes_the_district_outline_colour_from_its_data() -> None:
    """One truth: the outline colour is set in palettes and sent; the script keeps no copy."""
    assert OUTLINE_COLOUR.lower() not in SCRIPT.lower()
    assert "outline: data.outline" in SCRIPT and "color: gm.outline" in SCRIPT


def test_paint_payload_keeps_escaped_tips_and_the_demo_mark() -> None:
    tip = maps.escape("</script><script>alert(1)</script>")
    p = maps.Paint(colours=["#fff"], classes=[0], tips=[tip], demo=True).payload()
    assert p["tip"] == [tip] and "<script>" not in json.dumps(p)
    assert p["demo"] == DEMO_LABEL


def test_payload_fields() -> None:
    p = maps.Paint(colours=["#a", "#b", "#c"], classes=[0, maps.NO_DATA, maps.HIDDEN], n_value=2,
                   bounds=(26.0, 38.0, 28.0, 40.0), unreliable=[0]).payload()
    assert p["fit"] == [[38.0, 26.0], [40.0, 28.0]]
    assert p["cls"] == [0, -1, -2] and p["nval"] == 2 and p["unrel"] == [0] and p["demo"] == ""


def test_focus_is_sent_apart_from_the_filter_bounds() -> None:
    p = maps.Paint(colours=["#a"], classes=[0], bounds=(26.0, 38.0, 28.0, 40.0), focus=(26.7, 38.1, 26.8, 38.2)).payload()
    assert p["fit"] == [[38.0, 26.0], [40.0, 28.0]]
    assert p["focus"] == [[38.1, 26.7], [38.2, 26.8]]
    assert maps.Paint(colours=["#a"], classes=[0]).payload()["focus"] is None


def test_map_script_waits_for_a_size_before_fitting() -> None:
    assert "ResizeObserver" in SCRIPT and "gm.pendingFit" in SCRIPT and "clientWidth < 10" in SCRIPT


def test_page_preload_names_the_geometry_and_local_leaflet_only() -> None:
    html = maps.preload_html("/app/static/geo/v1.json")
    assert html.count("<link ") == 3 and "<script" not in html and "http" not in html
    assert 'as="fetch" crossorigin="anonymous" href="/app/static/geo/v1.json.gz"' in html
    assert 'as="script" href="/app/static/vendor/leaflet/leaflet.js"' in html
    assert 'as="style" href="/app/static/vendor/leaflet/leaflet.css"' in html
    evil = maps.preload_html('/g.json"><script>alert(1)</script>')
    assert "<script" not in evil and evil.count("<link ") == 3


def test_preloads_are_the_requests_the_map_makes() -> None:
    """What the page preloads is what the map's loaders ask for (the geometry's .gz, Leaflet
    under the static URL's vendor folder): taken from the browser's cache, not fetched twice."""
    assert SCRIPT.startswith(maps.LOADERS)
    for asked in ("fetch(url + '.gz')", "base + '/leaflet/leaflet.js'", "base + '/leaflet/leaflet.css'"):
        assert asked in maps.LOADERS, asked
    assert "leaflet(base + '/vendor')" in SCRIPT and maps.LEAFLET == ("/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css")
