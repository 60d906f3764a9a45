"""The app's server process: fill the caches, then run Streamlit in the same process.

Why: ``streamlit run`` loads nothing until the first visitor, who then waits for the
imports (geopandas, pandera, ...), the build read and the first classification -- 10-26 s
on a shared machine. Streamlit's caches live in the server process, so this process fills
them (build, default map in both languages, landing sentences) before the server listens:
the first visitor after a start gets what the next one gets.

One rule keeps this working: nothing imported here may need a script run on import. The
map component (:mod:`gendermap.ui.mapcomponent`) is registered on import, so
:mod:`gendermap.ui.components` imports it inside ``map_view``.

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
    from gendermap.ui import components, data, state, years

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
    first = components.first_indicator(build.version) or view.indicator
    ind = build.catalogue.get(first) if first else None
    sex = "gap" if ind is not None and ind.by_sex else view.sex  # what a first visit opens on
    found, reference, _ = years.cached_years(build.version, first)
    year = found[0] if len(found) == 1 else reference
    for lang in ("tr", "en"):
        components.thematic(build.version, first, sex, view.scheme, view.classes,
                            view.smooth, view.reliable, view.provinces, view.districts, "", lang, year)
    components.landing_facts(build.version, view.provinces, view.districts, "tr")
    times["default_map"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _first_run_costs()
    times["first_run"] = time.perf_counter() - t0
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)
    return times


def _first_run_costs() -> None:
    """What the map page's first run paid once per process (1.7 s of its 1.8 s, measured):
    the modules it imports while drawing (the download button's file formats import the
    build's pandera schemas; the comments open the store) and Streamlit's one-time check of
    the call stack on its first element (``inspect.stack()``: source paths of every loaded
    module, cached by ``inspect`` for the next call)."""
    import inspect

    from gendermap.ui import datapage, embed_ui, mapimage, panel, participation, search, settle  # noqa: F401

    participation.store()
    inspect.stack()


def main(argv: list[str] | None = None) -> int:
    from streamlit.web import cli as stcli

    args = list(sys.argv[1:] if argv is None else argv)
    times = warm()
    from gendermap.ui import nav

    nav.app_pages_only()  # every run goes through app.py, the first one after the start too
    print("gendermap: caches warm (" + ", ".join(f"{k} {v:.1f} s" for k, v in times.items()) + ")", flush=True)
    sys.argv = ["streamlit", "run", str(APP), *args]
    return int(stcli.main() or 0)


if __name__ == "__main__":
    raise SystemExit(main())
