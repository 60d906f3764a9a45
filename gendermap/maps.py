"""The app's coverage map, as data: offline assets, geometry sent once, repaint by style.

Why not ``folium.GeoJson``/``GeoDataFrame.explore``: they embed every polygon and its
style in the page on every rerun (~22 MB for both provinces) and pull Leaflet, jQuery,
Bootstrap and Font Awesome from CDNs; and streamlit-folium draws in an iframe that loads
its own page, script and Leaflet one after another (0.4-0.6 s of a visitor's first paint).
Here the map is drawn in the page itself by ``gendermap/js/coverage.js`` (a Streamlit v2
component, :mod:`gendermap.ui.mapcomponent`):

- the simplified, quantised geometry (:mod:`gendermap.geometry`) is a static file named by
  the data version; the browser fetches it once and caches it, and changing the indicator
  never re-sends it; Leaflet is served by the app itself (``/app/static/vendor``, copied
  from the XStatic packages by :func:`gendermap.ui.assets.ensure_static`);
- each rerun sends only a :class:`Paint` (colour class per polygon, tooltip line,
  selection, bounds, demo label) in :func:`map_data`; the script restyles the polygons.

Every string placed in the page is escaped here or was escaped by the caller
(:func:`escape`); tooltips are built from escaped pieces only.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gendermap import DEMO_LABEL
from gendermap.palettes import OUTLINE_COLOUR, SPECIAL_COLOURS

STATIC_URL = "/app/static"
"""Where Streamlit's static serving exposes ``<app dir>/static`` (``server.enableStaticServing``)."""

NO_DATA = -1
"""Class index of a polygon without a value (drawn grey and dashed, never dropped)."""
HIDDEN = -2
"""Class index of a polygon outside the current filter (not drawn)."""

NO_DATA_COLOUR = SPECIAL_COLOURS["no_data"]


def escape(value: object) -> str:
    """HTML-escape anything from data or a user (a mahalle may be named ``<script>``)."""
    return html.escape("" if value is None else str(value), quote=True)


LEAFLET = ("/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css")
"""Leaflet under the static URL (copied from XStatic by :func:`gendermap.ui.assets.ensure_static`)."""

_JS = Path(__file__).parent / "js"
LOADERS = (_JS / "loaders.js").read_text(encoding="utf-8")
"""``window.gmLoad``: Leaflet and the geometry, each asked for once per page (``js/loaders.js``)."""
MAP_SCRIPT = LOADERS + "\n" + (_JS / "coverage.js").read_text(encoding="utf-8")
"""The map component's module: the loaders, then the map (``js/coverage.js``)."""


def preload_html(url: str, static_url: str = STATIC_URL) -> str:
    """Link tags for the top of a page with a map: the browser fetches the geometry and Leaflet at once.

    Why: the map (:mod:`gendermap.ui.mapcomponent`) mounts only when Streamlit reveals it,
    after the browser code of the page's widgets is in; a script of the page's own runs no
    earlier (one was measured running after the map's mount). Preload links in a markdown
    element, which Streamlit shows at once, start both downloads ~0.1 s before the mount; the
    map's loaders (``js/loaders.js``: the geometry's ``.gz``, Leaflet's script and style) then
    get them from the browser's cache instead of asking again.
    """
    base = static_url.rstrip("/")
    return (f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{escape(url + ".gz")}">'
            f'<link rel="preload" as="script" href="{escape(base + LEAFLET[0])}">'
            f'<link rel="preload" as="style" href="{escape(base + LEAFLET[1])}">')


@dataclass(frozen=True)
class Paint:
    """One look of the coverage: what colour each polygon gets and what its tooltip adds.

    ``classes[i]`` indexes ``colours`` (or is :data:`NO_DATA` / :data:`HIDDEN`), aligned
    with the geometry file's polygon order. ``tips`` are already-escaped HTML fragments.
    ``bounds`` is (min lon, min lat, max lon, max lat) of what the filter shows: the map
    fits it whenever it changes (also when the map first gets a size, e.g. in a tab).
    ``focus`` is a place the user searched for: fitted once when it changes, so later
    clicks and repaints do not zoom away from it. ``version`` is the data version: when it
    changes the map fits ``bounds`` again even if they did not change.
    """

    colours: Sequence[str]
    classes: Sequence[int]
    tips: Sequence[str] = ()
    selected: int = -1
    bounds: tuple[float, float, float, float] | None = None
    demo: bool = False
    districts_visible: Sequence[bool] | None = None
    seq: int = 0
    n_value: int = 0
    unreliable: Sequence[int] = ()
    focus: tuple[float, float, float, float] | None = None
    version: str = ""

    def payload(self) -> dict[str, Any]:
        return {
            "pal": list(self.colours),
            "cls": [int(c) for c in self.classes],
            "tip": list(self.tips),
            "sel": int(self.selected),
            "fit": _leaflet_bounds(self.bounds),
            "focus": _leaflet_bounds(self.focus),
            "demo": DEMO_LABEL if self.demo else "",
            "dist": None if self.districts_visible is None else [bool(v) for v in self.districts_visible],
            "nodata": NO_DATA_COLOUR,
            "seq": int(self.seq),
            "nval": int(self.n_value or len(self.colours)),
            "unrel": [int(i) for i in self.unreliable],
            "ver": self.version,
        }


def _leaflet_bounds(b: tuple[float, float, float, float] | None) -> list[list[float]] | None:
    """(min lon, min lat, max lon, max lat) as Leaflet's [[south, west], [north, east]]."""
    if b is None:
        return None
    w, s, e, n = b
    return [[round(s, 4), round(w, 4)], [round(n, 4), round(e, 4)]]


def map_data(paint: Paint, geometry_url: str, bounds: tuple[float, float, float, float], *, tiles: bool = False,
             clickable: bool = True, height: int = 520, label: str = "", static_url: str = STATIC_URL,
             ask_rerun: str = "") -> dict[str, Any]:
    """What the map component (``js/coverage.js``) is given: the geometry's URL, the whole
    area's bounds (the first view before any fit), the options and the paint. ``ask_rerun``:
    a token of a session's first run; once painted, the map asks for another run, once per
    token (:mod:`gendermap.ui.firstrun`)."""
    return {
        "url": geometry_url,
        "static": static_url,
        "bounds": [round(float(x), 5) for x in bounds],
        "tiles": bool(tiles),
        "clickable": bool(clickable),
        "height": int(height),
        "label": label,
        "nodata": NO_DATA_COLOUR,
        "outline": OUTLINE_COLOUR,
        "hidden": HIDDEN,
        "paint": paint.payload(),
        "ask_rerun": str(ask_rerun),
    }
