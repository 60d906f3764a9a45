"""One self-contained HTML file of a map, for an association's own web site.

Why not folium: its page pulls Leaflet, jQuery, Bootstrap and Font Awesome from CDNs;
this file must make no network request at all. Leaflet 1.9.3 (the XStatic package the
app already serves) is inlined, the geometry is simplified and quantised as for the app
(:mod:`gendermap.geometry`), there are no tiles, and the colours, legend and tooltips come
from one :class:`~gendermap.publish.mapdata.AreaMap` -- the app's classification.

Escaping: every text goes into the page through Jinja2's autoescape or as JSON with
``<``, ``>``, ``&`` written as ``\\u003c``... inside the script, and the script puts names
into tooltips with ``textContent`` -- a mahalle named ``<script>`` is shown, never run.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import numpy as np
import shapely
from jinja2 import Environment

from gendermap import DEMO_LABEL, geometry
from gendermap.palettes import OUTLINE_COLOUR
from gendermap.publish.mapdata import AreaMap
from gendermap.publish.texts import platform, tr_en

DISTRICT_TOLERANCE = 0.0002
"""Simplification for one district (~20 m): small enough that urban mahalle keep their shape,
and a district stays far below 100 KB of geometry."""

MAX_BYTES = 2 * 1024 * 1024
"""A whole province must stay under 2 MB (issue 12); :func:`render_embed` refuses more."""


@lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str]:
    """(js, css) of Leaflet from the XStatic package, without the source-map comment."""
    import xstatic.pkg.leaflet as xleaflet

    base = Path(xleaflet.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", js)
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    # image references are for markers and the layer switcher, which an embed never draws
    css = re.sub(r"url\(images/[^)]*\)", "none", css)
    return js, css


def script_json(payload: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no ``<!--``, no line separators."""
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def payload(amap: AreaMap, geoms: Any, outlines: Any = None, tolerance: float | None = None) -> dict[str, Any]:
    """The data the page's script draws: encoded shapes, colours, names and tooltip lines.

    ``geoms`` are the area's polygons in ``amap.rows`` order; ``outlines`` optional district
    outlines drawn over them.
    """
    tol = tolerance if tolerance is not None else (
        DISTRICT_TOLERANCE if amap.area.kind == "district" else geometry.DEFAULT_TOLERANCE)
    step = geometry.DEFAULT_STEP
    enc = geometry.encode_coverage(np.asarray(geoms, dtype=object), tol, step)
    w, s, e, n = geometry.bounds(np.asarray(geoms, dtype=object))
    out: dict[str, Any] = {
        "step": step,
        "shapes": enc["shapes"],
        "colours": amap.colours,
        "names": amap.names,
        "districts": amap.districts,
        "tips": amap.tips,
        "weak": [int(i) for i, u in enumerate(amap.unreliable) if u],
        "special": [int(i) for i, u in enumerate(amap.special) if u],
        "bounds": [[round(s, 4), round(w, 4)], [round(n, 4), round(e, 4)]],
        "outlines": [],
        "outline": OUTLINE_COLOUR,
    }
    if outlines is not None and len(outlines):
        out["outlines"] = geometry.encode_coverage(
            np.asarray(outlines, dtype=object), geometry.OUTLINE_TOLERANCE, step)["shapes"]
    return out


def district_outlines(geoms: Any, district_codes: Any) -> list[Any]:
    """One outline per district from its mahalle polygons (for province maps)."""
    geoms = geometry.polygonal(np.asarray(geoms, dtype=object))
    codes = np.asarray(district_codes)
    return [shapely.union_all(geoms[codes == c]) for c in dict.fromkeys(codes.tolist())]


_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gendermap">
<title>{{ title }} · {{ area }}</title>
<style>{{ leaflet_css|safe }}</style>
<style>
html, body { margin: 0; height: 100%; font: 14px/1.35 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1f2430; background: #fff; }
.gm { display: flex; flex-direction: column; height: 100%; }
.gm-head { padding: 8px 12px 6px; border-bottom: 1px solid #ddd; }
.gm-head h1 { font-size: 17px; margin: 0; }
.gm-head p { margin: 2px 0 0; color: #4a4f5c; }
.gm-demo { display: inline-block; margin-top: 4px; background: #fff3cd; color: #664d03; border: 1px solid #c9a227; padding: 2px 6px; font-weight: bold; }
.gm-map { flex: 1 1 auto; min-height: 200px; background: #f4f6f8; }
.gm-legend { background: rgba(255,255,255,.94); padding: 6px 8px; border: 1px solid #bbb; border-radius: 4px; max-width: 230px; font-size: 12px; }
.gm-legend b { display: block; margin-bottom: 3px; }
.gm-legend ul { list-style: none; margin: 0; padding: 0; }
.gm-legend li { margin: 1px 0; }
.gm-sw { display: inline-block; width: 13px; height: 13px; border: 1px solid #888; vertical-align: -2px; margin-right: 4px; }
.gm-sw.weak { border-style: dashed; opacity: .6; background: #bbb; }
.gm-sw.sp { border-style: dashed; border-color: #6e6e6e; }
.gm-n { color: #666; }
.gm-foot { padding: 4px 12px 6px; border-top: 1px solid #ddd; font-size: 11px; color: #4a4f5c; }
.gm-foot details { margin-top: 2px; }
.gm-foot table { border-collapse: collapse; font-size: 11px; }
.gm-foot td, .gm-foot th { border-bottom: 1px solid #eee; padding: 1px 6px 1px 0; text-align: left; }
@media (max-width: 480px) { .gm-legend { max-width: 150px; font-size: 11px; } .gm-head h1 { font-size: 15px; } }
</style>
</head>
<body>
<div class="gm">
  <header class="gm-head">
    <h1>{{ title }}</h1>
    <p>{{ area }}{% if subtitle %} · {{ subtitle }}{% endif %}</p>
    {% if demo %}<div class="gm-demo" role="note" title="{{ demo_note }}">{{ demo_label }}</div>{% endif %}
  </header>
  <div id="gm-map" class="gm-map" role="img" aria-label="{{ alt }}"></div>
  <footer class="gm-foot">
    <div>{{ source }}{% if year %}, {{ year }}{% endif %}. {{ boundaries }}.{% if demo %} {{ demo_label }}: {{ demo_note }}{% endif %}</div>
    <div>{{ platform }}</div>
    <details><summary>{{ table_label }}</summary>
      <table><thead><tr><th>{{ col_mahalle }}</th><th>{{ col_district }}</th><th>{{ col_value }}</th></tr></thead>
      <tbody>{% for r in rows %}<tr><td>{{ r[0] }}</td><td>{{ r[1] }}</td><td>{{ r[2] }}</td></tr>{% endfor %}</tbody></table>
    </details>
  </footer>
</div>
<template id="gm-legend-tpl"><div class="gm-legend" role="list" aria-label="{{ legend_label }}"><b>{{ legend_title }}</b><ul>
{% for e in legend %}<li role="listitem">{% if e.colour %}<span class="gm-sw{% if e.kind == 'special' %} sp{% endif %}" style="background:{{ e.colour }}"></span>{% else %}<span class="gm-sw weak"></span>{% endif %}{{ e.label }} <span class="gm-n">({{ e.count }})</span></li>
{% endfor %}</ul></div></template>
<script>{{ leaflet_js|safe }}</script>
<script>
(function () {
  var D = {{ data|safe }};
  var map = L.map('gm-map', {zoomSnap: 0.25, attributionControl: false});
  function decode(rings, step) {
    return rings.map(function (r) {
      var pts = [], x = 0, y = 0;
      for (var i = 0; i < r.length; i += 2) { x += r[i]; y += r[i + 1]; pts.push([y * step, x * step]); }
      return pts;
    });
  }
  function tip(i) {
    var d = document.createElement('div'), b = document.createElement('b');
    b.textContent = D.names[i]; d.appendChild(b);
    d.appendChild(document.createTextNode(' \\u00b7 ' + D.districts[i]));
    d.appendChild(document.createElement('br'));
    d.appendChild(document.createTextNode(D.tips[i]));
    return d;
  }
  // faint and dashed, as in the app: an unreliable value, and a special class (no data, no residents)
  var weak = {}; D.weak.concat(D.special || []).forEach(function (k) { weak[k] = true; });
  var painted = 0;
  for (var i = 0; i < D.shapes.length; i++) {
    if (!D.shapes[i].length) { continue; }
    var w = weak[i];
    var lyr = L.polygon(D.shapes[i].map(function (p) { return decode(p, D.step); }), {
      fillColor: D.colours[i], fillOpacity: w ? 0.5 : 0.85, color: w ? '#6e6e6e' : '#ffffff',
      weight: w ? 0.8 : 0.6, dashArray: w ? '3 3' : null
    });
    lyr.bindTooltip((function (k) { return function () { return tip(k); }; })(i), {sticky: true});
    lyr.addTo(map); painted++;
  }
  var pane = map.createPane('gmOutline'); pane.style.zIndex = 450; pane.style.pointerEvents = 'none';
  D.outlines.forEach(function (o) {
    L.polygon(o.map(function (p) { return decode(p, D.step); }),
              {fill: false, weight: 1.4, color: D.outline, interactive: false, pane: 'gmOutline'}).addTo(map);
  });
  var Legend = L.Control.extend({onAdd: function () {
    return document.getElementById('gm-legend-tpl').content.firstElementChild.cloneNode(true);
  }});
  new Legend({position: 'bottomright'}).addTo(map);
  L.control.scale({imperial: false}).addTo(map);
  map.fitBounds(D.bounds);
  document.body.setAttribute('data-gm-painted', String(painted));
})();
</script>
</body>
</html>
"""

_ENV = Environment(autoescape=True, keep_trailing_newline=True)


def render_embed(amap: AreaMap, geoms: Any, lang: str = "tr", *, outlines: Any = None,
                 tolerance: float | None = None) -> str:
    """The HTML text of the embed file; :class:`ValueError` if it would exceed :data:`MAX_BYTES`."""
    js, css = leaflet_assets()
    area = amap.area.name if amap.area.kind == "province" else f"{amap.area.name}, {amap.area.province}"
    html = _ENV.from_string(_TEMPLATE).render(
        lang="en" if lang == "en" else "tr",
        title=amap.title, subtitle=amap.subtitle, area=area,
        demo=amap.synthetic, demo_label=DEMO_LABEL, demo_note=tr_en("demo.note", lang),
        alt=tr_en("map.alt", lang).format(area=area, title=amap.legend_title),
        source=amap.source, year=amap.year, boundaries=tr_en("boundaries", lang), platform=platform(lang),
        table_label=("Table of values" if lang == "en" else "Değerler tablosu"),
        col_mahalle=tr_en("col.mahalle", lang), col_district=tr_en("col.district", lang),
        col_value=tr_en("col.value", lang),
        rows=list(zip(amap.names, amap.districts, amap.tips, strict=True)),
        legend=amap.legend, legend_title=amap.legend_title, legend_label=tr_en("legend", lang),
        leaflet_js=js, leaflet_css=css,
        data=script_json(payload(amap, geoms, outlines, tolerance)),
    )
    size = len(html.encode("utf-8"))
    if size > MAX_BYTES:
        raise ValueError(f"embed file would be {size / 1e6:.1f} MB, above the {MAX_BYTES / 1e6:.1f} MB limit")
    return html


def iframe_snippet(app_url: str, params: dict[str, str], width: str = "100%", height: int = 480,
                   title: str = "gendermap") -> str:
    """An ``<iframe>`` for the app's live map-only route (``/gomulu``), at the size asked for.

    ``width`` is pixels ("640") or a percentage ("100%"); ``height`` pixels (200-2000).
    """
    if not re.fullmatch(r"\d{2,4}%?", str(width)) or (str(width).endswith("%") and int(str(width)[:-1]) > 100):
        raise ValueError(f"width must be pixels (e.g. 640) or a percentage up to 100%; got {width!r}")
    if not 200 <= int(height) <= 2000:
        raise ValueError(f"height must be 200-2000 pixels; got {height!r}")
    src = app_url.rstrip("/") + "/gomulu?" + urlencode(params)
    env = Environment(autoescape=True)
    return env.from_string(
        '<iframe src="{{ src }}" width="{{ width }}" height="{{ height }}" title="{{ title }}" '
        'style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>'
    ).render(src=src, width=width, height=int(height), title=title)
