// Leaflet and the map geometry, each asked for once per page, whichever map asks first. The page
// has usually started both downloads already (maps.preload_html: preload links at its top), and
// these requests then get them from the browser's cache; a map without them (the /gomulu embed)
// simply downloads here.
window.gmLoad = window.gmLoad || (function () {
  function once(id, make) {
    if (!document.getElementById(id)) { var el = make(); el.id = id; document.head.appendChild(el); }
    return document.getElementById(id);
  }
  var leafletLoading = null;
  // base: the static URL of the vendored files ('/app/static/vendor')
  function leaflet(base) {
    if (window.L && window.L.map) { return Promise.resolve(window.L); }
    once('gm-leaflet-css', function () {
      var l = document.createElement('link'); l.rel = 'stylesheet'; l.href = base + '/leaflet/leaflet.css'; return l;
    });
    if (!leafletLoading) {
      leafletLoading = new Promise(function (resolve, reject) {
        var s = once('gm-leaflet-js', function () {
          var e = document.createElement('script'); e.src = base + '/leaflet/leaflet.js'; return e;
        });
        if (window.L && window.L.map) { resolve(window.L); return; }
        s.addEventListener('load', function () { resolve(window.L); });
        s.addEventListener('error', function () { leafletLoading = null; reject(new Error('leaflet')); });
      });
    }
    return leafletLoading;
  }
  // The geometry's .gz beside it (ui/assets.write_geometry, sent by the server as it is,
  // unpacked here), else the JSON; one promise per URL and page, forgotten if it fails.
  var loaded = {};
  function geometry(url) {
    if (!loaded[url]) {
      var plain = function () { return fetch(url).then(function (r) { return r.json(); }); };
      loaded[url] = !window.DecompressionStream ? plain() : fetch(url + '.gz').then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).json();
      }).catch(plain);
      loaded[url].catch(function () { delete loaded[url]; });
    }
    return loaded[url];
  }
  return {once: once, leaflet: leaflet, geometry: geometry};
})();
