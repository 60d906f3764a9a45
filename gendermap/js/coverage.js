// The coverage map, drawn in the app's own page (a Streamlit v2 component, no iframe).
//
// Why in the page: streamlit-folium's iframe loaded its page, its script and Leaflet one after
// another before drawing (0.4-0.6 s of a new visitor's first paint). Here Leaflet and the
// geometry are usually downloaded already when the map mounts (maps.preload_html: preload links
// at the top of the page; loaders.js takes them from the browser's cache).
//
// Streamlit calls the default export on mount and again with each new `data` (same host element):
// the map is made once per host and each call only applies the new paint. `data`:
//   {url, bounds, tiles, height, nodata, outline, hidden, paint}  (paint: maps.Paint.payload())
// Names and tooltips arrive escaped (maps.escape); nothing here builds HTML from raw data.
// Every map of a page is in window.gmMaps; window.gm is the one shown (a map in a hidden tab has
// no size), for people and tests looking at the page.

const {once, leaflet, geometry} = window.gmLoad;  // loaders.js, sent in front of this file

function decode(rings, step) {
  return rings.map((r) => {
    const pts = []; let x = 0, y = 0;
    for (let i = 0; i < r.length; i += 2) { x += r[i]; y += r[i + 1]; pts.push([y * step, x * step]); }
    return pts;
  });
}

function point(p, step) { return p ? [p[1] * step, p[0] * step] : null; }

const STYLE = '.gm-label{background:none;border:none;white-space:nowrap;text-align:center;pointer-events:none;'
  + 'font:600 12px sans-serif;color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}'
  + '.gm-label.gm-mah{font:11px sans-serif;color:#333}'
  + '.leaflet-tooltip{width:max-content;max-width:min(260px,70vw);white-space:normal}'
  + '.gm-map{width:100%;border-radius:0.5rem;overflow:hidden;background:#ddd}'
  + '.gm-demo{background:#fff3cd;color:#664d03;border:1px solid #c9a227;padding:2px 6px;font:bold 12px sans-serif}';

// Tooltips stay on screen: Leaflet only chooses left or right of the pointer, so near the top or
// bottom of the map (or of the part of it scrolled into view on a phone) a tooltip was cut off.
// After Leaflet places one, it is moved inside the visible part of the map.
function clampTooltips(L) {
  if (L.Tooltip.prototype.gmClamped) { return; }
  const place = L.Tooltip.prototype._setPosition;
  L.Tooltip.prototype._setPosition = function (pos) {
    place.call(this, pos);
    const m = this._map, el = this._container, gap = 4;
    if (!m || !el || !m.gmVisibleBox) { return; }
    // measured as drawn (Leaflet's direction classes add margins to the position)
    const r = el.getBoundingClientRect(), c = m.getContainer().getBoundingClientRect(), b = m.gmVisibleBox();
    const x = r.left - c.left, y = r.top - c.top;
    let dx = 0, dy = 0;
    if (x + r.width > b.right - gap) { dx = b.right - gap - (x + r.width); }
    if (x + dx < b.left + gap) { dx = b.left + gap - x; }
    if (y + r.height > b.bottom - gap) { dy = b.bottom - gap - (y + r.height); }
    if (y + dy < b.top + gap) { dy = b.top + gap - y; }
    if (dx || dy) { L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add(L.point(Math.round(dx), Math.round(dy)))); }
  };
  L.Tooltip.prototype.gmClamped = true;
}

// Leaflet focuses the map on a press (for its keys) and then restores the window's scroll; the
// app scrolls inside its main block, not the window, so the press scrolled the page and the
// click landed elsewhere. Focus without scrolling instead.
function focusWithoutScroll(L) {
  if (!L.Map.Keyboard || L.Map.Keyboard.prototype.gmNoScroll) { return; }
  L.Map.Keyboard.prototype._onMouseDown = function () {
    if (this._focused) { return; }
    this._map._container.focus({preventScroll: true});
  };
  L.Map.Keyboard.prototype.gmNoScroll = true;
}

function registry() {
  if (window.gmMaps) {  // maps of pages left behind are gone from the page: forget them
    window.gmMaps = window.gmMaps.filter((g) => document.body.contains(g.map.getContainer()));
  } else {
    window.gmMaps = [];
    // the map a person sees: the first one with a size (maps in hidden tabs have none)
    Object.defineProperty(window, 'gm', {
      configurable: true,
      get() {
        const live = window.gmMaps.filter((g) => g.map && document.body.contains(g.map.getContainer()));
        return live.find((g) => g.map.getContainer().clientWidth > 50) || live[live.length - 1] || undefined;
      },
    });
  }
  return window.gmMaps;
}

function makeMap(L, host, data, trigger) {
  const gm = {layers: [], outlines: [], dlabels: [], mlabels: {}, meta: null, state: null, trigger: trigger,
    hidden: data.hidden, nodata: data.nodata, outline: data.outline};
  const el = document.createElement('div');
  el.className = 'gm-map';
  el.style.height = data.height + 'px';
  el.setAttribute('role', 'region');
  if (data.label) { el.setAttribute('aria-label', data.label); }
  host.appendChild(el);
  const b = data.bounds;
  const map = gm.map = L.map(el, {zoomSnap: 0.25, preferCanvas: false});
  map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
  L.control.scale().addTo(map);
  if (data.tiles) {
    L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 19, attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'}).addTo(map);
  }
  const pane = map.createPane('gmOutline');
  pane.style.zIndex = 450; pane.style.pointerEvents = 'none';
  const lpane = map.createPane('gmLabels');
  lpane.style.zIndex = 460; lpane.style.pointerEvents = 'none';
  function label(pt, text, cls) {
    return L.marker(pt, {interactive: false, keyboard: false, pane: 'gmLabels',
      icon: L.divIcon({className: 'gm-label ' + cls, html: '<span>' + text + '</span>', iconSize: null})});
  }

  // Fitting waits until the map has a size: a map drawn in a hidden tab would otherwise fit to a
  // 0x0 box and show the whole world. The page around it settles after the first fit (and a map
  // in a tab gets its size only when shown): until the person moves the map, every size change
  // and two late checks fit the wanted bounds again.
  gm.userMoved = false; gm.lastFit = undefined; gm.lastFocus = undefined; gm.want = null; gm.pendingFit = null;
  gm.fitted = null;
  ['mousedown', 'wheel', 'touchstart', 'keydown'].forEach((ev) => {
    el.addEventListener(ev, () => { gm.userMoved = true; gm.fitted = null; }, {passive: true});
  });
  gm.fitTo = function (bb) {
    gm.pendingFit = bb; gm.want = bb; gm.userMoved = false; gm.fitted = null; gm.doFit();
    setTimeout(gm.refit, 400); setTimeout(gm.refit, 1500);
  };
  gm.doFit = function () {
    if (!gm.pendingFit || el.clientWidth < 10 || el.clientHeight < 10) { return; }
    // Leaflet ends a running zoom animation by moving to that animation's target, undoing a fit
    // made meanwhile: fit after the animation instead.
    if (map._animatingZoom) { map.once('zoomend', gm.doFit); return; }
    // skipped only while the map still shows what that fit gave (Leaflet itself may have moved it)
    let c = map.getCenter();
    const size = '@' + el.clientWidth + 'x' + el.clientHeight;
    const done = JSON.stringify(gm.pendingFit) + size + '|' + map.getZoom() + ':' + c.lat.toFixed(6) + ',' + c.lng.toFixed(6);
    if (done !== gm.fitted) {
      map.invalidateSize(false);
      map.fitBounds(gm.pendingFit, {animate: false, padding: [8, 8]});
      c = map.getCenter();
      gm.fitted = JSON.stringify(gm.pendingFit) + size + '|' + map.getZoom() + ':' + c.lat.toFixed(6) + ',' + c.lng.toFixed(6);
    }
    gm.pendingFit = null;
  };
  gm.refit = function () { if (gm.want && !gm.userMoved) { gm.pendingFit = gm.want; gm.doFit(); } };
  if (window.ResizeObserver) {
    new ResizeObserver(() => { map.invalidateSize(false); gm.doFit(); gm.refit(); }).observe(el);
  }
  window.addEventListener('resize', () => { gm.doFit(); gm.refit(); });

  // District names always (offline: drawn by the map, not by tiles); mahalle names from zoom 12,
  // only for shown mahalle inside the view (a few hundred at most).
  gm.labels = function () {
    if (!gm.meta) { return; }
    const s = gm.state || {}, z = map.getZoom(), view = map.getBounds().pad(0.1);
    for (let j = 0; j < gm.dlabels.length; j++) {
      const on = (!s.dist || s.dist[j]) && z < 13;
      if (on && !map.hasLayer(gm.dlabels[j])) { gm.dlabels[j].addTo(map); }
      if (!on && map.hasLayer(gm.dlabels[j])) { map.removeLayer(gm.dlabels[j]); }
    }
    const m = gm.meta.mahalle;
    let shown = 0;
    for (let i = 0; i < gm.layers.length; i++) {
      const c = (s.cls || [])[i], pt = gm.mpts[i];
      const on2 = z >= 12 && pt && c !== gm.hidden && view.contains(pt) && shown < 400;
      let lbl = gm.mlabels[i];
      if (on2) {
        shown++;
        if (!lbl) { lbl = gm.mlabels[i] = label(pt, m.names[i], 'gm-mah'); }
        if (!map.hasLayer(lbl)) { lbl.addTo(map); }
      } else if (lbl && map.hasLayer(lbl)) { map.removeLayer(lbl); }
    }
  };
  map.on('zoomend moveend', () => gm.labels());

  // the part of the map inside the window (a phone shows part of it), clear of the controls
  // drawn above tooltips (demo badge, scale, attribution)
  map.gmVisibleBox = function () {
    const size = map.getSize(), r = el.getBoundingClientRect();
    let box = {left: 0, top: 0, right: size.x, bottom: size.y};
    const seen = {left: Math.max(0, -r.left), top: Math.max(0, -r.top),
      right: Math.min(size.x, window.innerWidth - r.left), bottom: Math.min(size.y, window.innerHeight - r.top)};
    if (seen.right - seen.left > 80 && seen.bottom - seen.top > 60) { box = seen; }
    let low = 0;
    el.querySelectorAll('.leaflet-bottom').forEach((c) => { low = Math.max(low, c.offsetHeight); });
    if (box.bottom - low - box.top > 60) { box.bottom = Math.min(box.bottom, size.y - low); }
    return box;
  };
  gm.tipFor = function (i) {
    const s = gm.state || {}, m = gm.meta.mahalle;
    const extra = (s.tip && s.tip[i]) ? '<br>' + s.tip[i] : '';
    return '<b>' + m.names[i] + '</b> &middot; ' + m.districts[i] + extra;
  };
  gm.apply = function (s) {
    gm.state = s;
    if (!gm.meta) { return; }
    const unrel = {};
    (s.unrel || []).forEach((k) => { unrel[k] = true; });
    for (let i = 0; i < gm.layers.length; i++) {
      const c = s.cls[i], lyr = gm.layers[i];
      const special = (c === undefined || c < 0 || c >= s.nval), weak = special || unrel[i];
      if (c === gm.hidden) { if (map.hasLayer(lyr)) { map.removeLayer(lyr); } continue; }
      const sel = (i === s.sel);
      // styled before it is added: a new path is drawn once, in its colour
      lyr.setStyle({
        fillColor: (c === undefined || c < 0) ? s.nodata : s.pal[c], fillOpacity: weak ? 0.5 : 0.85,
        color: sel ? '#000000' : (weak ? '#6e6e6e' : '#ffffff'), weight: sel ? 3 : (weak ? 0.8 : 0.5),
        dashArray: weak ? '3 3' : null,
      });
      if (!map.hasLayer(lyr)) { lyr.addTo(map); }
      if (sel) { lyr.bringToFront(); }
    }
    for (let j = 0; j < gm.outlines.length; j++) {
      const on = !s.dist || s.dist[j];
      if (on && !map.hasLayer(gm.outlines[j])) { gm.outlines[j].addTo(map); }
      if (!on && map.hasLayer(gm.outlines[j])) { map.removeLayer(gm.outlines[j]); }
    }
    // New data (another data version, e.g. after an import) is shown whole again, even with the
    // same filter and after the person moved the map: the fit remembers the version.
    const fit = JSON.stringify([s.ver || '', s.fit || null]), focus = JSON.stringify(s.focus || null);
    if (s.fit && fit !== gm.lastFit) { gm.fitTo(s.fit); }
    if (s.focus && focus !== gm.lastFocus) { gm.fitTo(s.focus); }
    gm.lastFit = fit; gm.lastFocus = focus;
    gm.labels();
    gm.badge.getContainer().textContent = s.demo || '';
    gm.badge.getContainer().style.display = s.demo ? 'block' : 'none';
    el.setAttribute('data-gm-painted', String(s.seq));
  };
  const Badge = L.Control.extend({onAdd: () => { const d = L.DomUtil.create('div', 'gm-demo'); d.style.display = 'none'; return d; }});
  gm.badge = new Badge({position: 'bottomleft'}).addTo(map);
  if (data.clickable) {
    // a click selects a mahalle: Python finds it from the point (views.pick)
    map.on('click', (e) => gm.trigger('click', {lat: e.latlng.lat, lng: e.latlng.lng}));
  }
  // The shapes to draw: the coarse ones while their tolerance is under a pixel (a whole
  // province: a third of the vertices to project), the detailed ones once zoomed in.
  // (Leaflet's remembered size, not the element's: reading that after drawing forces a layout)
  gm.coarseEnough = function (geo) {
    const m = geo.mahalle, h = map.getSize().y;
    if (!m.coarse || h < 10) { return false; }
    const b = map.getBounds();
    return (b.getNorth() - b.getSouth()) / h >= m.coarse_tolerance;
  };
  gm.detail = function () {
    if (!gm.coarse || gm.coarseEnough(gm.meta)) { return; }
    const m = gm.meta.mahalle, step = gm.meta.step;
    for (let i = 0; i < gm.layers.length; i++) { gm.layers[i].setLatLngs(m.shapes[i].map((p) => decode(p, step))); }
    gm.coarse = false;
  };
  map.on('zoomend', () => gm.detail());
  gm.build = function (geo) {
    // fit first: polygons added afterwards are projected once, not again by the fit
    const s0 = gm.state;
    if (s0 && (s0.focus || s0.fit)) {
      gm.fitTo(s0.focus || s0.fit);
      gm.lastFit = JSON.stringify([s0.ver || '', s0.fit || null]); gm.lastFocus = JSON.stringify(s0.focus || null);
    }
    const m = geo.mahalle;
    gm.coarse = gm.coarseEnough(geo);
    const shapes = gm.coarse ? m.coarse : m.shapes;
    for (let i = 0; i < shapes.length; i++) {
      const lyr = L.polygon(shapes[i].map((p) => decode(p, geo.step)),
        {weight: 0.5, color: '#ffffff', fillColor: gm.nodata, fillOpacity: 0.45});
      lyr.bindTooltip(() => gm.tipFor(i), {sticky: true, direction: 'auto'});
      gm.layers.push(lyr);
    }
    const d = geo.district;
    for (let j = 0; j < d.shapes.length; j++) {
      gm.outlines.push(L.polygon(d.shapes[j].map((p) => decode(p, geo.step)),
        {fill: false, weight: 1.6, color: gm.outline, interactive: false, pane: 'gmOutline'}));
      const dp = point((d.pts || [])[j], geo.step);
      gm.dlabels.push(dp && d.names ? label(dp, d.names[j], 'gm-dis') : L.layerGroup());
    }
    gm.mpts = (m.pts || []).map((p) => point(p, geo.step));
    gm.meta = geo;
    gm.apply(gm.state || {cls: [], pal: [], nval: 0, nodata: gm.nodata, seq: 0});
  };
  return gm;
}

export default function (component) {
  const {parentElement, data, setTriggerValue} = component;
  const host = parentElement;
  const base = data.static || '/app/static';
  // marks for benchmarks/bench_app.py: where a first paint's time goes
  const mark = (n) => { if (window.performance && performance.mark) { performance.mark('gm-' + n); } };
  mark('mount');
  // A session's first run leaves out the widgets whose browser code is not loaded yet
  // (ui/firstrun.py): once this map is painted -- or could not be, or after 3 s at the latest --
  // it asks for the run that draws them (a trigger: one rerun). `ask_rerun` is a token of that
  // session's first run: a new session (the server restarted under an open page) asks again.
  // A later run that mounts this map draws them already: it cancels the ask still pending.
  if (host.gmAskCancel && host.gmAsked !== data.ask_rerun) { host.gmAskCancel(); }
  let ask = () => {};
  if (data.ask_rerun && host.gmAsked !== data.ask_rerun) {
    host.gmAsked = data.ask_rerun;
    let sent = false, timer = null;
    // A visitor who opens another page before this map asked: Streamlit keeps only the latest
    // rerun request, so asking now would put them back here. Any later run of this page draws
    // the widgets anyway: nothing is asked.
    const away = (e) => {
      const link = e.type === 'click' && e.target.closest && e.target.closest(
        'a[data-testid^="stTopNav"], a[data-testid^="stSidebarNav"], [data-testid^="stPageLink"] a');
      if (e.type === 'popstate' || (link && new URL(link.href, location.href).pathname !== location.pathname)) {
        cancel();
      }
    };
    const cancel = () => {
      sent = true; clearTimeout(timer); host.gmAskCancel = null;
      document.removeEventListener('click', away, true); window.removeEventListener('popstate', away);
    };
    document.addEventListener('click', away, true); window.addEventListener('popstate', away);
    ask = () => { if (!sent) { cancel(); setTriggerValue('painted', true); } };
    timer = setTimeout(ask, 3000);
    host.gmAskCancel = cancel;
  }
  geometry(data.url).then(() => mark('geometry'), ask);  // at once: downloads while Leaflet loads
  once('gm-style', () => { const s = document.createElement('style'); s.textContent = STYLE; return s; });
  leaflet(base + '/vendor').then((L) => {
    mark('leaflet');
    let gm = host.gmMap;
    if (gm && (gm.url !== data.url || gm.tiles !== data.tiles)) {  // another data version or background: a new map
      gm.map.remove(); host.replaceChildren(); gm = null;
    }
    if (!gm) {
      clampTooltips(L); focusWithoutScroll(L);
      gm = host.gmMap = makeMap(L, host, data, setTriggerValue);
      gm.url = data.url; gm.tiles = data.tiles;
      registry().push(gm);
      gm.state = data.paint;
      geometry(data.url).then((geo) => { if (host.gmMap === gm) { gm.build(geo); mark('painted'); } ask(); }, ask);
    } else {
      gm.trigger = setTriggerValue;
      gm.apply(data.paint);
    }
  }).catch(ask);
  return undefined;
}
