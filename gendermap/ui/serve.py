"""The app's server process: Streamlit plus a warm-up of the caches at start.

Why: ``streamlit run`` loads nothing until the first visitor, who then waits for the
imports (geopandas, folium, ...), the build read and the first classification -- 10-26 s
on a shared machine. Streamlit's caches live in the server process, so this process
imports the heavy libraries before the server listens and fills the caches (build,
default map) as soon as the server runs; a visitor arriving meanwhile waits only for
what is left (the caches share their locks).

    python -m gendermap.ui.serve [streamlit run options]   # what ``gendermap serve`` runs
"""

from __future__ import annotations

import logging
import sys
import time

from gendermap.config import ROOT

APP = ROOT / "app.py"


def warm() -> dict[str, float]:
    """Fill the caches a first visitor needs (build, default map); seconds per step."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    from gendermap.ui import components, data, state

    times["imports"] = time.perf_counter() - t0
    # the Streamlit caches log "no runtime" warnings outside a script run: expected here
    levels = {n: logging.getLogger(n).level for n in list(logging.root.manager.loggerDict) if n.startswith("streamlit")}
    for name in levels:
        logging.getLogger(name).setLevel(logging.ERROR)
    t0 = time.perf_counter()
    build = data.load()
    times["build"] = time.perf_counter() - t0
    if build is None:
        return times
    t0 = time.perf_counter()
    view = state.View()
    first = components.first_indicator(build.version)
    for lang in ("tr", "en"):
        components.thematic(build.version, first or view.indicator, view.sex, view.scheme, view.classes,
                            view.smooth, view.reliable, view.provinces, view.districts, "", lang)
    components.landing_facts(build.version, view.provinces, view.districts, "tr")
    times["default_map"] = time.perf_counter() - t0
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)
    return times


HEAVY = ("pandas", "numpy", "pyarrow.parquet", "shapely", "pyogrio", "geopandas", "folium", "branca", "jinja2")
"""Libraries the first page run needs, imported before the server listens (they register nothing with Streamlit)."""


def _preload() -> None:
    import importlib

    for name in HEAVY:
        importlib.import_module(name)


def _warm_when_running() -> None:
    """Warm inside the running server: Streamlit's component and page registries exist by then
    (streamlit-folium registers its component on import, which needs the runtime)."""
    from streamlit import runtime

    for _ in range(600):
        if runtime.exists() and runtime.get_instance().state.name not in ("INITIAL",):
            break
        time.sleep(0.05)
    try:
        times = warm()
        print("gendermap: caches warm (" + ", ".join(f"{k} {v:.1f} s" for k, v in times.items()) + ")", flush=True)
    except Exception as exc:  # noqa: BLE001 (a failed warm-up only makes the first visit slower)
        print(f"gendermap: warm-up skipped: {exc!r}", flush=True)


def main(argv: list[str] | None = None) -> int:
    import threading

    from streamlit.web import cli as stcli

    args = list(sys.argv[1:] if argv is None else argv)
    _preload()
    threading.Thread(target=_warm_when_running, name="gendermap-warm", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *args]
    return int(stcli.main() or 0)


if __name__ == "__main__":
    raise SystemExit(main())
