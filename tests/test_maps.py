"""Folium builders: only local assets, geometry by URL, paints escaped and stable map script."""

from __future__ import annotations

import json
import re

from gendermap import DEMO_LABEL, maps

EVIL = "<img src=x onerror=alert(1)>"


def test_escape() -> None:
    assert maps.escape(EVIL) == "&lt;img src=x onerror=alert(1)&gt;"
    assert maps.escape(None) == ""


def test_map_loads_nothing_from_a_cdn() -> None:
    m = maps.coverage_map("/app/static/geo/v1.json", (26.0, 38.0, 28.0, 40.0))
    html = m.get_root().render()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("/app/static/vendor/") for u in urls), urls
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "/app/static/geo/v1.json" in html


def test_tiles_only_when_asked() -> None:
    off = maps.coverage_map("/g.json", (26.0, 38.0, 28.0, 40.0)).get_root().render()
    on = maps.coverage_map("/g.json", (26.0, 38.0, 28.0, 40.0), tiles=True).get_root().render()
    assert "tile.openstreetmap.org" not in off
    assert "tile.openstreetmap.org" in on


def test_paint_payload_cannot_close_the_script_tag() -> None:
    paint = maps.Paint(colours=["#fff"], classes=[0], tips=["</script><script>alert(1)</script>"], demo=True)
    group = maps.paint_layer(paint)
    script = next(iter(group._children.values())).data
    assert "</script>" not in script
    assert json.loads(script.replace("<\\/", "</"))["demo"] == DEMO_LABEL


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
    html = maps.coverage_map("/g.json", (26.0, 38.0, 28.0, 40.0)).get_root().render()
    assert "ResizeObserver" in html and "gm.pendingFit" in html


def test_page_prefetch_script_names_the_geometry_and_leaflet_only() -> None:
    html = maps.prefetch_html("/app/static/geo/v1.json")
    assert html.startswith("<script>") and html.count("</script>") == 1 and html.endswith("</script>")
    assert '"/app/static/geo/v1.json"' in html and "/app/static/vendor/leaflet/leaflet.js" in html
    assert "DecompressionStream" in html and "http" not in html
    evil = maps.prefetch_html("/g.json</script><script>alert(1)")
    assert evil.count("</script>") == 1


def test_map_takes_the_geometry_from_the_page_or_fetches_it() -> None:
    html = maps.coverage_map("/g.json", (26.0, 38.0, 28.0, 40.0)).get_root().render()
    assert "window.parent.gmGeo" in html and "early.catch(own)" in html
    assert "jquery" not in html.lower()
