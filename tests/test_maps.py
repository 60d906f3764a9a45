"""The map as data: only local assets, geometry by URL, paints that cannot break out of the page."""

from __future__ import annotations

import json
import re

from gendermap import DEMO_LABEL, maps

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
    assert d["paint"] == paint.payload()
    json.dumps(d)  # what the component is sent


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


def test_page_prefetch_script_names_the_geometry_and_leaflet_only() -> None:
    html = maps.prefetch_html("/app/static/geo/v1.json")
    assert html.startswith("<script>") and html.count("</script>") == 1 and html.endswith("</script>")
    assert '"/app/static/geo/v1.json"' in html and 'leaflet("/app/static/vendor")' in html
    assert "base + '/leaflet/leaflet.js'" in html and "base + '/leaflet/leaflet.css'" in html
    assert "DecompressionStream" in html and "http" not in html
    evil = maps.prefetch_html("/g.json</script><script>alert(1)")
    assert evil.count("</script>") == 1


def test_map_and_prefetch_share_the_geometry_and_leaflet() -> None:
    """The page's early script and the map run the same loaders: nothing is fetched twice."""
    html = maps.prefetch_html("/g.json")
    assert maps.LOADERS in html and SCRIPT.startswith(maps.LOADERS)
    for shared in ("window.gmLoad", "gm-leaflet-js", "gm-leaflet-css", "'.gz'"):
        assert shared in maps.LOADERS, shared
