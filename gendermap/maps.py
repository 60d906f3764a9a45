"""Folium builders for the app's maps: offline assets, geometry sent once, repaint by style.

Why not ``folium.GeoJson``/``GeoDataFrame.explore``: they embed every polygon and its
style in the page on every rerun (~22 MB for both provinces) and pull Leaflet, jQuery,
Bootstrap and Font Awesome from CDNs. Here:

- :func:`coverage_map` builds a ``folium.Map`` with no tiles by default whose only assets
  are Leaflet and jQuery served by the app itself (``/app/static/vendor``, copied from the
  XStatic packages by :func:`gendermap.ui.assets.ensure_static`), and a
  :class:`CoverageLayer` that fetches the simplified, quantised geometry
  (:mod:`gendermap.geometry`) from a static URL named by the data version. The browser
  caches it; changing the indicator never re-sends it.
- :func:`paint_layer` wraps one :class:`Paint` (colour class per polygon, tooltip line,
  selection, bounds, demo label) in a ``folium.FeatureGroup`` for
  ``st_folium(feature_group_to_add=...)``: streamlit-folium re-evaluates only that small
  script when it changes, without reloading the map.

Every string placed in the page is escaped here or was escaped by the caller
(:func:`escape`); tooltips are built from escaped pieces only.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from gendermap import DEMO_LABEL

STATIC_URL = "/app/static"
"""Where Streamlit's static serving exposes ``<app dir>/static`` (``server.enableStaticServing``)."""

NO_DATA = -1
"""Class index of a polygon without a value (drawn grey and dashed, never dropped)."""
HIDDEN = -2
"""Class index of a polygon outside the current filter (not drawn)."""

NO_DATA_COLOUR = "#d9d9d9"

OSM_TILES = "OpenStreetMap"


def escape(value: object) -> str:
    """HTML-escape anything from data or a user (a mahalle may be named ``<script>``)."""
    return html.escape("" if value is None else str(value), quote=True)


def asset_links(static_url: str = STATIC_URL) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(js, css) lists in folium's ``default_js``/``default_css`` form, all served locally."""
    base = static_url.rstrip("/") + "/vendor"
    # Leaflet alone: nothing on the map uses jQuery, and streamlit-folium loads these one
    # after the other before the map starts, so each one delays the first paint.
    js = [("leaflet", f"{base}/leaflet/leaflet.js")]
    css = [("leaflet_css", f"{base}/leaflet/leaflet.css")]
    return js, css


class CoverageLayer(MacroElement):
    """Polygons fetched once from ``url``; :class:`Paint` scripts restyle them in place.

    The geometry JSON (see :func:`gendermap.ui.assets.geometry_json`) holds ``step``,
    ``mahalle`` {``shapes``, ``names``, ``districts``} and ``district`` {``shapes``}; names
    are already escaped. ``window.gm`` keeps the layers so later paints find them.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var gm = window.gm = window.gm || {};
  gm.map = map; gm.layers = []; gm.outlines = []; gm.meta = null;
  var pane = map.createPane('gmOutline');
  pane.style.zIndex = 450; pane.style.pointerEvents = 'none';
  function decode(rings, step) {
    return rings.map(function (r) {
      var pts = [], x = 0, y = 0;
      for (var i = 0; i < r.length; i += 2) { x += r[i]; y += r[i + 1]; pts.push([y * step, x * step]); }
      return pts;
    });
  }
  // Fitting waits until the map has a size: a map drawn in a hidden tab, or before its
  // frame got its height, would otherwise fit to a 0x0 box and show the whole world.
  // The frame's height and the page around it settle after the first fit (and a map in a
  // tab gets its size only when shown): until the person moves the map, every size change
  // and two late checks fit the wanted bounds again. A map made again in the same window
  // starts with no fit memory: an old "already fitted to these bounds" would otherwise
  // leave the new map at its first, whole-area view.
  gm.userMoved = false; gm.lastFit = undefined; gm.lastFocus = undefined; gm.want = null; gm.pendingFit = null;
  gm.fitted = null;
  ['mousedown', 'wheel', 'touchstart', 'keydown'].forEach(function (ev) {
    map.getContainer().addEventListener(ev, function () { gm.userMoved = true; gm.fitted = null; }, {passive: true});
  });
  // A fit redraws every polygon: one already done for the same bounds and size is skipped.
  gm.fitTo = function (b) {
    gm.pendingFit = b; gm.want = b; gm.userMoved = false; gm.fitted = null; gm.doFit();
    setTimeout(gm.refit, 400); setTimeout(gm.refit, 1500);
  };
  gm.doFit = function () {
    var el = map.getContainer();
    if (!gm.pendingFit || el.clientWidth < 10 || el.clientHeight < 10) { return; }
    // Leaflet ends a running zoom animation (e.g. the map's own first fit) by moving to that
    // animation's target, undoing a fit made meanwhile: the map stayed on its first,
    // whole-area view. Fit after the animation instead.
    if (map._animatingZoom) { map.once('zoomend', gm.doFit); return; }
    // skipped only while the map still shows what that fit gave (Leaflet itself may have moved it)
    var c = map.getCenter(), size = '@' + el.clientWidth + 'x' + el.clientHeight;
    var done = JSON.stringify(gm.pendingFit) + size + '|' + map.getZoom() + ':' + c.lat.toFixed(6) + ',' + c.lng.toFixed(6);
    if (done !== gm.fitted) {
      map.invalidateSize(false);
      map.fitBounds(gm.pendingFit, {animate: false, padding: [8, 8]});
      c = map.getCenter();
      gm.fitted = JSON.stringify(gm.pendingFit) + size + '|' + map.getZoom() + ':' + c.lat.toFixed(6) + ',' + c.lng.toFixed(6);
    }
    gm.pendingFit = null;
  };
  gm.refit = function () {
    if (gm.want && !gm.userMoved) { gm.pendingFit = gm.want; gm.doFit(); }
  };
  if (window.ResizeObserver) {
    new ResizeObserver(function () { map.invalidateSize(false); gm.doFit(); gm.refit(); }).observe(map.getContainer());
  }
  window.addEventListener('resize', function () { gm.doFit(); gm.refit(); });
  var style = document.createElement('style');
  style.textContent = '.gm-label{background:none;border:none;white-space:nowrap;text-align:center;pointer-events:none;'
    + 'font:600 12px sans-serif;color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}'
    + '.gm-label.gm-mah{font:11px sans-serif;color:#333}'
    + '.leaflet-tooltip{width:max-content;max-width:min(260px,70vw);white-space:normal}';
  document.head.appendChild(style);
  var lpane = map.createPane('gmLabels');
  lpane.style.zIndex = 460; lpane.style.pointerEvents = 'none';
  function label(pt, text, cls) {
    var html = '<span>' + text + '</span>';
    return L.marker(pt, {interactive: false, keyboard: false, pane: 'gmLabels',
      icon: L.divIcon({className: 'gm-label ' + cls, html: html, iconSize: null})});
  }
  gm.dlabels = []; gm.mlabels = {};
  // District names always (offline: drawn by the map, not by tiles); mahalle names from
  // zoom 12, only for shown mahalle inside the view (a few hundred at most).
  gm.labels = function () {
    if (!gm.meta) { return; }
    var s = gm.state || {}, z = map.getZoom(), view = map.getBounds().pad(0.1);
    for (var j = 0; j < gm.dlabels.length; j++) {
      var on = (!s.dist || s.dist[j]) && z < 13;
      if (on && !map.hasLayer(gm.dlabels[j])) { gm.dlabels[j].addTo(map); }
      if (!on && map.hasLayer(gm.dlabels[j])) { map.removeLayer(gm.dlabels[j]); }
    }
    var m = gm.meta.mahalle, shown = 0;
    for (var i = 0; i < gm.layers.length; i++) {
      var c = (s.cls || [])[i], pt = gm.mpts[i];
      var on2 = z >= 12 && pt && c !== {{ this.hidden }} && view.contains(pt) && shown < 400;
      var lbl = gm.mlabels[i];
      if (on2) {
        shown++;
        if (!lbl) { lbl = gm.mlabels[i] = label(pt, m.names[i], 'gm-mah'); }
        if (!map.hasLayer(lbl)) { lbl.addTo(map); }
      } else if (lbl && map.hasLayer(lbl)) { map.removeLayer(lbl); }
    }
  };
  map.on('zoomend moveend', function () { gm.labels(); });
  function point(p, step) { return p ? [p[1] * step, p[0] * step] : null; }
  // Tooltips stay on screen: Leaflet only chooses left or right of the pointer, so near the
  // top or bottom of the map (or of the part of it scrolled into view on a phone) a tooltip
  // was cut off. After Leaflet places one, it is moved inside the visible part of the map.
  gm.visibleBox = function () {
    var size = map.getSize(), box = {left: 0, top: 0, right: size.x, bottom: size.y};
    try {  // the page around the map's frame (same origin in the app; not in a foreign embed)
      var f = window.frameElement, outer = window.parent;
      if (f && outer && outer !== window) {
        var r = f.getBoundingClientRect(), c = map.getContainer().getBoundingClientRect();
        var top = r.top + c.top, left = r.left + c.left;
        var seen = {left: Math.max(0, -left), top: Math.max(0, -top),
                    right: Math.min(size.x, outer.innerWidth - left), bottom: Math.min(size.y, outer.innerHeight - top)};
        if (seen.right - seen.left > 80 && seen.bottom - seen.top > 60) { box = seen; }
      }
    } catch (e) { /* a cross-origin page around the map: keep the map's own box */ }
    // controls (demo badge, scale, attribution) are drawn above tooltips: keep clear of them
    var low = 0;
    map.getContainer().querySelectorAll('.leaflet-bottom').forEach(function (c) { low = Math.max(low, c.offsetHeight); });
    if (box.bottom - low - box.top > 60) { box.bottom = Math.min(box.bottom, size.y - low); }
    return box;
  };
  if (!L.Tooltip.prototype.gmClamped) {
    var place = L.Tooltip.prototype._setPosition;
    L.Tooltip.prototype._setPosition = function (pos) {
      place.call(this, pos);
      var m = this._map, el = this._container, gap = 4;
      if (!m || !el || !window.gm || !window.gm.visibleBox) { return; }
      // measured as drawn (Leaflet's direction classes add margins to the position)
      var r = el.getBoundingClientRect(), c = m.getContainer().getBoundingClientRect(), b = window.gm.visibleBox();
      var x = r.left - c.left, y = r.top - c.top, dx = 0, dy = 0;
      if (x + r.width > b.right - gap) { dx = b.right - gap - (x + r.width); }
      if (x + dx < b.left + gap) { dx = b.left + gap - x; }
      if (y + r.height > b.bottom - gap) { dy = b.bottom - gap - (y + r.height); }
      if (y + dy < b.top + gap) { dy = b.top + gap - y; }
      if (dx || dy) { L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add(L.point(Math.round(dx), Math.round(dy)))); }
    };
    L.Tooltip.prototype.gmClamped = true;
  }
  gm.tipFor = function (i) {
    var s = gm.state || {}, m = gm.meta.mahalle;
    var extra = (s.tip && s.tip[i]) ? '<br>' + s.tip[i] : '';
    return '<b>' + m.names[i] + '</b> &middot; ' + m.districts[i] + extra;
  };
  gm.apply = function (s) {
    gm.state = s;
    if (!gm.meta) { return; }
    var unrel = {};
    (s.unrel || []).forEach(function (k) { unrel[k] = true; });
    for (var i = 0; i < gm.layers.length; i++) {
      var c = s.cls[i], lyr = gm.layers[i];
      var special = (c === undefined || c < 0 || c >= s.nval), weak = special || unrel[i];
      if (c === {{ this.hidden }}) { if (map.hasLayer(lyr)) { map.removeLayer(lyr); } continue; }
      var sel = (i === s.sel);
      // styled before it is added: a new path is drawn once, in its colour
      lyr.setStyle({
        fillColor: (c === undefined || c < 0) ? s.nodata : s.pal[c], fillOpacity: weak ? 0.5 : 0.85,
        color: sel ? '#000000' : (weak ? '#6e6e6e' : '#ffffff'), weight: sel ? 3 : (weak ? 0.8 : 0.5),
        dashArray: weak ? '3 3' : null
      });
      if (!map.hasLayer(lyr)) { lyr.addTo(map); }
      if (sel) { lyr.bringToFront(); }
    }
    for (var j = 0; j < gm.outlines.length; j++) {
      var on = !s.dist || s.dist[j];
      if (on && !map.hasLayer(gm.outlines[j])) { gm.outlines[j].addTo(map); }
      if (!on && map.hasLayer(gm.outlines[j])) { map.removeLayer(gm.outlines[j]); }
    }
    // New data (another data version, e.g. after an import) is shown whole again, even
    // with the same filter and after the person moved the map: the fit remembers the version.
    var fit = JSON.stringify([s.ver || '', s.fit || null]), focus = JSON.stringify(s.focus || null);
    if (s.fit && fit !== gm.lastFit) { gm.fitTo(s.fit); }
    if (s.focus && focus !== gm.lastFocus) { gm.fitTo(s.focus); }
    gm.lastFit = fit; gm.lastFocus = focus;
    gm.labels();
    if (gm.badge) { gm.badge.getContainer().textContent = s.demo || ''; gm.badge.getContainer().style.display = s.demo ? 'block' : 'none'; }
    document.body.setAttribute('data-gm-painted', String(s.seq));
  };
  var Badge = L.Control.extend({
    onAdd: function () { var d = L.DomUtil.create('div', 'gm-demo'); d.style.cssText = 'background:#fff3cd;color:#664d03;border:1px solid #c9a227;padding:2px 6px;font:bold 12px sans-serif;display:none'; return d; }
  });
  gm.badge = new Badge({position: 'bottomleft'}).addTo(map);
  // The geometry: parsed already by the page around this frame if it could (see
  // prefetch_html: started as the page's script run began), else fetched here.
  var url = {{ this.url|tojson }};
  function own() { return ({{ this.loader }})(url); }
  var early = null;
  try { early = window.parent !== window && window.parent.gmGeo ? window.parent.gmGeo[url] : null; } catch (e) { early = null; }
  function build(data) {
    // fit first: polygons added afterwards are projected once, not again by the fit
    var s0 = gm.state;
    if (s0 && (s0.focus || s0.fit)) {
      gm.fitTo(s0.focus || s0.fit);
      gm.lastFit = JSON.stringify([s0.ver || '', s0.fit || null]); gm.lastFocus = JSON.stringify(s0.focus || null);
    }
    var m = data.mahalle;
    for (var i = 0; i < m.shapes.length; i++) {
      var lyr = L.polygon(m.shapes[i].map(function (p) { return decode(p, data.step); }),
                          {weight: 0.5, color: '#ffffff', fillColor: '{{ this.nodata }}', fillOpacity: 0.45});
      lyr.bindTooltip((function (k) { return function () { return gm.tipFor(k); }; })(i), {sticky: true, direction: 'auto'});
      gm.layers.push(lyr);
    }
    var d = data.district;
    for (var j = 0; j < d.shapes.length; j++) {
      gm.outlines.push(L.polygon(d.shapes[j].map(function (p) { return decode(p, data.step); }),
                                 {fill: false, weight: 1.6, color: '#303030', interactive: false, pane: 'gmOutline'}));
      var dp = point((d.pts || [])[j], data.step);
      gm.dlabels.push(dp && d.names ? label(dp, d.names[j], 'gm-dis') : L.layerGroup());
    }
    gm.mpts = (m.pts || []).map(function (p) { return point(p, data.step); });
    gm.meta = data;
    gm.apply(gm.state || {cls: [], pal: [], nval: 0, nodata: '{{ this.nodata }}', seq: 0});
  }
  // the paint normally comes right after this script; if the geometry is quicker, give it a turn
  (early ? early.catch(own) : own()).then(function (data) {
    if (gm.state) { build(data); } else { setTimeout(function () { build(data); }, 0); }
  });
})();
{% endmacro %}
"""
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "CoverageLayer"
        self.url = url
        self.loader = GEO_LOADER
        self.hidden = HIDDEN
        self.nodata = NO_DATA_COLOUR


GEO_LOADER = (
    "function (u) { var plain = function () { return fetch(u).then(function (r) { return r.json(); }); };"
    " if (!window.DecompressionStream) { return plain(); }"
    " return fetch(u + '.gz').then(function (r) { if (!r.ok) { throw new Error(r.status); }"
    " return new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).json(); }).catch(plain); }"
)
"""JS function(url) -> promise of the parsed geometry: its ``.gz`` beside it
(:func:`gendermap.ui.assets.write_geometry`, sent by the server as it is), else the JSON."""


def prefetch_html(url: str) -> str:
    """A script for the page around the map: fetch and parse the geometry at once.

    Why: the map's frame starts only after the script run reaches the map, then loads its
    own scripts one after the other; the geometry (the largest download) would start
    last. Started by the page as its run begins, it is usually parsed by the time the map
    asks; :class:`CoverageLayer` takes it from ``window.parent.gmGeo`` (same origin) and
    fetches it itself when that is missing or failed (an embed on another site).
    """
    u = json.dumps(url).replace("</", "<\\/")
    # Leaflet too: fetched now, the map's frame finds it in the browser's cache
    warm = "".join(f"fetch({json.dumps(link)}).catch(function () {{}}); " for _, link in asset_links()[0])
    return ("<script>(function () { var g = window.gmGeo = window.gmGeo || {}; if (g[" + u + "]) { return; } " + warm +
            " g[" + u + "] = (" + GEO_LOADER + ")(" + u + "); g[" + u + "].catch(function () { delete g[" + u + "]; }); })();</script>")


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


class _PaintScript(MacroElement):
    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () { var gm = window.gm = window.gm || {}; var p = {{ this.data }};
  if (gm.apply) { gm.apply(p); } else { gm.state = p; } })();
{% endmacro %}
"""
    )

    def __init__(self, paint: Paint) -> None:
        super().__init__()
        self._name = "Paint"
        # json.dumps escapes nothing HTML-special by itself; "</" would end a <script>.
        self.data = json.dumps(paint.payload(), separators=(",", ":"), ensure_ascii=False).replace(
            "</", "<\\/"
        )


def paint_layer(paint: Paint) -> folium.FeatureGroup:
    """A feature group whose script applies ``paint`` (for ``st_folium(feature_group_to_add=)``)."""
    group = folium.FeatureGroup(name="paint", control=False)
    group.add_child(_PaintScript(paint))
    return group


def coverage_map(
    geometry_url: str,
    bounds: tuple[float, float, float, float],
    *,
    static_url: str = STATIC_URL,
    tiles: bool = False,
) -> folium.Map:
    """A Leaflet map with local assets, optional OSM tiles and the coverage layer.

    Its script does not depend on the indicator, so streamlit-folium keeps the same map
    (same component key) while only :func:`paint_layer` changes.
    """
    w, s, e, n = bounds
    m = folium.Map(
        location=[(s + n) / 2, (w + e) / 2],
        zoom_start=8,
        tiles=OSM_TILES if tiles else None,
        control_scale=True,
        prefer_canvas=False,
        zoom_snap=0.25,
    )
    js, css = asset_links(static_url)
    m.default_js = js
    m.default_css = css
    m.fit_bounds([[s, w], [n, e]])
    CoverageLayer(geometry_url).add_to(m)
    return m
