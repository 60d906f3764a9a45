"""App benchmark: first paint against Streamlit's empty page; bytes and repaints against a naive page. JSON out.

    .venv/bin/python benchmarks/bench_app.py [--build-dir DIR] [--out FILE] [--visits N] [--no-naive]

First paint (``first_paint``), in one run, for the app started as ``gendermap serve`` starts
it (``app``), the app under plain ``streamlit run app.py`` (``app_plain``, warmed by one
earlier visitor only) and Streamlit's empty page (``benchmarks/empty_app.py``, the floor):

- ``first_visit_s``: the server just started (health answered), a new browser context opens
  the page: until >= 2,000 mahalle are painted (the empty page: until its title shows);
- ``new_visit_s``: the same on the warm server, a new browser context each time (median of
  ``--visits``);
- times are absolute, from the browser's navigation start (``performance.timeOrigin``) to
  the moment a check in the page itself saw the polygons painted (every 10 ms, no
  round trip to the driver);
- ``over_floor``: app minus empty page in the same run;
- ``targets``: absolute (first visit <= 3.0 s, new visitor <= 2.0 s) and over the floor.

Both apps run with ``streamlit run`` on 127.0.0.1 and are driven by Debian's headless
Chromium (Playwright). For each app, in a fresh browser context:

- ``cold_load_s``: from ``page.goto`` of the map page (new browser context) to painted;
- ``navigate_s``: from clicking "Harita" in the app's navigation (another page open) to
  the choropleth painted (every polygon drawn and filled);
- ``repaint_s``: from choosing another indicator to the fills having changed;
- ``payload_bytes``: bytes received over Streamlit's websocket plus the geometry fetched
  by the map (everything geometry and style reach the browser through) until painted;
  ``repaint_bytes`` the same for the indicator change.

Uses ``build/`` when it has indicators; otherwise the real boundaries with fixture
indicators (tests/ui/fixture_build.py) in a temporary folder. Ratios are app / naive.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import start_app  # noqa: E402
from tests.conftest import CHROMIUM  # noqa: E402
from tests.conftest import CHROMIUM_FLAGS as FLAGS  # noqa: E402

PAINTED = """() => {
  const paths = document.querySelectorAll('path.leaflet-interactive');
  if (paths.length < %d) return null;
  if (window.gm && !(window.gm.meta && window.gm.state && window.gm.state.cls && window.gm.state.cls.length)) return null;
  return Array.from(paths).map(p => p.getAttribute('fill')).join(',');
}"""


def _frame_fills(page: Any, n: int) -> tuple[Any, str] | None:
    for frame in page.frames:
        try:
            fills = frame.evaluate(PAINTED % n)
        except Exception:  # noqa: BLE001 (frames are replaced while Streamlit reruns)
            continue
        if fills:
            return frame, fills
    return None


def _wait_painted(page: Any, n: int, timeout: float, previous: str | None = None) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = _frame_fills(page, n)
        if found and found[1] != previous:
            return found[1]
        time.sleep(0.02)
    raise TimeoutError("map not painted in time")


def measure(browser: Any, url: str, start: str, target: str, n_polygons: int, indicator_label: str, option: str) -> dict[str, Any]:
    from tests.browser.helpers import choose

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    received = {"bytes": 0, "geometry": 0}

    def on_ws(ws: Any) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__("bytes", received["bytes"] + len(payload)))

    geo_responses: list[Any] = []

    def on_response(resp: Any) -> None:  # bodies are read later: not inside an event handler
        if "/app/static/geo/" in resp.url:
            geo_responses.append(resp)

    def geometry_bytes() -> int:
        total = 0
        for resp in geo_responses:
            try:
                total += len(resp.body()) if resp.status == 200 else 0
            except Exception:  # noqa: BLE001 (a 304 has no body: nothing was sent)
                pass
        geo_responses.clear()
        return total

    page.on("websocket", on_ws)
    page.on("response", on_response)
    tc = time.monotonic()
    page.goto(url + target)
    _wait_painted(page, n_polygons, 240)
    cold = time.monotonic() - tc
    page.goto(url + "/")  # the entry page, so the app's own navigation is in charge
    page.locator("h1").first.wait_for(timeout=120_000)
    time.sleep(1)
    page.get_by_role("link", name=start, exact=True).first.click()
    page.locator("h1", has_text=start).first.wait_for(timeout=120_000)
    time.sleep(2)
    received["bytes"] = 0
    geometry_bytes()
    t0 = time.monotonic()
    page.get_by_role("link", name="Harita", exact=True).first.click()
    fills = _wait_painted(page, n_polygons, 240)
    navigate = time.monotonic() - t0
    received["geometry"] = geometry_bytes()
    payload = received["bytes"] + received["geometry"]
    geometry_style = None
    for frame in page.frames:
        try:
            style = frame.evaluate("window.gm && window.gm.state ? JSON.stringify(window.gm.state).length : null")
        except Exception:  # noqa: BLE001
            continue
        if style:
            geometry_style = received["geometry"] + int(style)
    time.sleep(2)  # let late reruns settle before the indicator change
    received["bytes"] = 0
    fills = _frame_fills(page, n_polygons)[1]  # type: ignore[index]
    t1 = time.monotonic()
    choose(page, indicator_label, option)
    try:
        _wait_painted(page, n_polygons, 60, previous=fills)
    except TimeoutError:
        page.screenshot(path=str(ROOT / "benchmarks" / "results" / "repaint-timeout.png"))
        raise
    repaint = time.monotonic() - t1
    time.sleep(1)
    received["bytes"] += geometry_bytes()
    out = {"cold_load_s": round(cold, 3), "navigate_s": round(navigate, 3), "repaint_s": round(repaint, 3),
           "payload_bytes": payload, "repaint_bytes": received["bytes"]}
    if geometry_style is not None:
        out["geometry_style_bytes"] = geometry_style
    context.close()
    return out


READY = """(() => {
  const t0 = performance.timeOrigin;
  const iv = setInterval(function () {
    let ready = false;
    if (%d > 0) {
      ready = document.querySelectorAll('path.leaflet-interactive').length >= %d
        && !!(window.gm && window.gm.state && window.gm.state.cls && window.gm.state.cls.length);
    } else {
      const h = document.querySelector('h1');
      ready = !!(h && h.textContent.indexOf('Boş sayfa') >= 0);
    }
    if (ready) {
      try { window.top.__gmReady = window.top.__gmReady || (t0 + performance.now()); } catch (e) { /* another origin */ }
      clearInterval(iv);
    }
  }, 10);
})();"""


MARKS: dict[str, dict[str, float]] = {}
"""The map script's own marks (``gm-mount``, ``gm-leaflet``, ``gm-geometry``, ``gm-painted``,
seconds from navigation start) of the last visit to each URL: where a first paint's time goes."""


def _visit(browser: Any, url: str, path: str, n_polygons: int, timeout: float = 240) -> float:
    """Seconds from navigation start in a new browser context until ready: ``n_polygons``
    painted, or (``n_polygons`` 0) the empty page's title shown. Measured in the page."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_init_script(READY % (n_polygons, n_polygons))
    page = context.new_page()
    page.goto(url + path)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready = page.evaluate("window.__gmReady || null")
        if ready:
            elapsed = (ready - page.evaluate("performance.timeOrigin")) / 1000
            marks = page.evaluate("performance.getEntriesByType('mark').filter(m => m.name.startsWith('gm-'))"
                                  ".map(m => [m.name, m.startTime])")
            MARKS[url + path] = {name: round(t / 1000, 3) for name, t in marks}
            context.close()
            return float(elapsed)
        time.sleep(0.05)
    context.close()
    raise TimeoutError(f"{path}: not ready in {timeout} s")


def first_paint(browser: Any, build_dir: Path, n_polygons: int, visits: int) -> dict[str, Any]:
    """First visit after a start and new visitors on a warm server: app (both launchers) and empty page."""
    import statistics

    out: dict[str, Any] = {}
    for name, app, path, n, serve in (
        ("empty", ROOT / "benchmarks" / "empty_app.py", "/", 0, False),
        ("app", ROOT / "app.py", "/harita", n_polygons, True),
        ("app_plain", ROOT / "app.py", "/harita", n_polygons, False),
    ):
        t_start = time.monotonic()
        proc, url = start_app(build_dir, app, serve=serve)
        started = time.monotonic() - t_start
        try:
            first = _visit(browser, url, path, n)
            warm = [_visit(browser, url, path, n) for _ in range(visits)]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        out[name] = {"server_start_s": round(started, 3), "first_visit_s": round(first, 3),
                     "new_visit_s": round(statistics.median(warm), 3), "new_visits_s": [round(w, 3) for w in warm]}
        if MARKS.get(url + path):
            out[name]["last_visit_marks_s"] = MARKS[url + path]
    e = out["empty"]
    out["over_floor"] = {name: {k: round(out[name][k] - e[k], 3) for k in ("first_visit_s", "new_visit_s")}
                         for name in ("app", "app_plain")}
    out["targets"] = {
        "app.first_visit_s<=3.0": out["app"]["first_visit_s"] <= 3.0,
        "app.new_visit_s<=2.0": out["app"]["new_visit_s"] <= 2.0,
        "app_plain.new_visit_s<=2.0": out["app_plain"]["new_visit_s"] <= 2.0,
        "app.first_visit_over_floor<=3.0": out["over_floor"]["app"]["first_visit_s"] <= 3.0,
        "app.new_visit_over_floor<=2.0": out["over_floor"]["app"]["new_visit_s"] <= 2.0,
    }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--visits", type=int, default=3, help="new visitors on the warm server (median)")
    parser.add_argument("--no-naive", action="store_true", help="only the first-paint part")
    args = parser.parse_args(argv)
    build_dir = args.build_dir
    if build_dir is None:
        build_dir = ROOT / "build"
        if not (build_dir / "indicators.parquet").exists():
            from tests.ui.fixture_build import make_fixture_build

            build_dir = make_fixture_build(Path(tempfile.mkdtemp(prefix="bench-app-")), boundaries=ROOT / "build" / "gendermap.gpkg")
    import geopandas as gpd

    n = len(gpd.read_file(build_dir / "gendermap.gpkg", layer="mahalle", columns=["quarter_id"]))
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {"build_dir": str(build_dir), "polygons": n}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        results["first_paint"] = first_paint(browser, build_dir, min(2000, int(n * 0.8)), args.visits)
        if args.no_naive:
            browser.close()
            return _report(results, args.out)
        for name, app, start, target, label, option in (
            ("app", ROOT / "app.py", "Yöntem", "/harita", "Gösterge", "65 yaş ve üstü nüfusun payı"),
            ("naive", ROOT / "benchmarks" / "naive_app.py", "Başlangıç", "/harita", "Gösterge", "older_living_alone"),
        ):
            proc, url = start_app(build_dir, app)
            try:
                try:  # warm the server caches (first data load, first classification)
                    measure(browser, url, start, target, int(n * 0.8), label, option)
                except TimeoutError as exc:
                    results.setdefault("warmup_notes", []).append(f"{name}: {exc}")
                results[name] = measure(browser, url, start, target, int(n * 0.8), label, option)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
        browser.close()
    a, b = results["app"], results["naive"]
    results["ratios"] = {k: round(a[k] / b[k], 4) if b[k] else None
                         for k in ("cold_load_s", "navigate_s", "repaint_s", "payload_bytes", "repaint_bytes")}
    results["targets"] = {
        "geometry_style_bytes<=1.5MB": a.get("geometry_style_bytes", a["payload_bytes"]) <= 1_500_000,
        "payload_bytes<=1.5MB": a["payload_bytes"] <= 1_500_000,
        "navigate_s<=2": a["navigate_s"] <= 2.0,
        "repaint_s<=1": a["repaint_s"] <= 1.0,
    }
    return _report(results, args.out)


def _report(results: dict[str, Any], out: Path | None) -> int:
    text = json.dumps(results, indent=2)
    print(text)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
