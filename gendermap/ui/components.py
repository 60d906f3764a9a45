"""Reusable page parts: page setup, sidebar filters, map + legend + table, panels, banners.

Why here: pages stay 30-60 lines of "widgets in, components out"; the same sidebar is
not copied onto every page. Expensive steps go through ``st.cache_data`` with hashable
arguments plus the data version; the map's data is made every run (cheap: it holds no
geometry, only the paint) and never cached.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from gendermap import DEMO_LABEL, maps
from gendermap.catalogue import Indicator
from gendermap.maps import Paint, escape
from gendermap.ui import data, firstrun, nav, state, views
from gendermap.ui.i18n import STRINGS, t, tr_en

MAP_HEIGHT = 520
CLASS_COUNTS = (3, 4, 5, 6, 7)
"""Number of classes a map may have (a link may ask for 2-9: brought into this range)."""

SEARCH_SLOT = "gm_search_slot"
"""Key of the map page's container for the search box (its height is kept by ``_CSS``)."""

_CSS = """<style>
.block-container {padding-top: 3.2rem; padding-bottom: 1rem;}
h1 {font-size: 1.9rem !important; padding-bottom: 0.2rem !important;}
.st-key-gm_search_slot {min-height: 4.5rem;}
</style>"""


# ---------------------------------------------------------------- page frame
def page(title_key: str, with_map: bool = False) -> tuple[data.Build, state.View]:
    """Language switch, title, URL notes and the build; stops the page when nothing is built.
    ``with_map``: the page shows a map, whose geometry and Leaflet the browser fetches at once."""
    nav.frame()
    view = state.current()
    build = data.load()
    # the page's style, and the map's geometry and Leaflet fetched at once (maps.preload_html)
    preload = maps.preload_html(build.geometry_url) if build is not None and with_map else ""
    st.markdown(_CSS + preload, unsafe_allow_html=True)
    st.title(t(title_key))
    notes = firstrun.take(state.URL_NOTES) or []
    if notes:
        st.info(t("url.notes") + " " + "; ".join(notes))
    if build is None:
        st.warning(t("nobuild"))
        st.stop()
    state.sync_url(view)
    return build, view


def demo_banner(synthetic: bool) -> None:
    """The "ÖRNEK VERİ / DEMO DATA" banner on any page that shows a synthetic value."""
    if synthetic:
        st.warning(t("demo.banner"), icon="⚠️")


def label(ind: Indicator, lang: str) -> str:
    return ind.label.get(lang)


# ---------------------------------------------------------------- filters
def _select(attr: str, options: list[Any], fmt: Any, label_key: str, where: Any = st.sidebar, radio: bool = False,
            horizontal: bool = False) -> Any:
    view = state.current()
    current = getattr(view, attr)
    if current not in options:
        current = options[0]
    key = state.seed(attr, current)
    if st.session_state[key] not in options:
        st.session_state[key] = options[0]
    extra = {"horizontal": True} if radio and horizontal else {}
    widget = where.radio if radio else where.selectbox
    value = widget(t(label_key), options, key=key, format_func=fmt, on_change=state.touch, args=(key,), **extra)
    if value != getattr(view, attr):
        state.update(**{attr: value})
    return value


def valid_places(build: data.Build, provinces: tuple[int, ...], districts: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The provinces (none chosen: all) and the districts inside them, as the place filters keep them."""
    table = build.district
    every = sorted(table["province_code"].unique().tolist(), reverse=True)
    chosen = tuple(p for p in provinces if p in every) or tuple(every)
    inside = set(table.loc[table["province_code"].isin(chosen), "district_code"].tolist())
    return chosen, tuple(d for d in districts if d in inside)


def place_filters(build: data.Build) -> state.View:
    """Province and district multi-selects (sidebar); returns the updated view."""
    view = state.current()
    places = build.district
    provinces = sorted(places["province_code"].unique().tolist(), reverse=True)
    names = dict(zip(places["province_code"], places["province"], strict=False))
    key = state.seed("provinces", list(valid_places(build, view.provinces, ())[0]))
    chosen = st.sidebar.multiselect(t("f.province"), provinces, key=key, format_func=lambda c: names.get(c, str(c)),
                                    placeholder=t("f.choose"), on_change=state.touch, args=(key,))
    chosen = chosen or provinces
    in_prov = places[places["province_code"].isin(chosen)]
    dnames = dict(zip(in_prov["district_code"], in_prov["district"], strict=False))
    dkey = state.seed("districts", [d for d in view.districts if d in dnames])
    st.session_state[dkey] = [d for d in st.session_state[dkey] if d in dnames]
    districts = st.sidebar.multiselect(t("f.districts"), list(dnames), key=dkey, format_func=lambda c: dnames.get(c, str(c)),
                                       placeholder=t("f.all_districts"), on_change=state.touch, args=(dkey,))
    if tuple(chosen) != view.provinces or tuple(districts) != view.districts:
        view = state.update(provinces=tuple(chosen), districts=tuple(districts))
        st.session_state.pop(state.FOCUS, None)
    return view


def opening(build: data.Build, view: state.View, sex: bool = True) -> dict[str, Any]:
    """A first visit (no indicator yet) opens on a women − men gap of well-covered data:
    the view's changes for that, none once an indicator is chosen."""
    first = "" if view.indicator else first_indicator(build.version)
    if not first:
        return {}
    ind = build.catalogue.get(first)
    gap = ind.by_sex and sex and "sex" not in st.query_params  # a link's own choice stays
    return {"theme": ind.theme, "indicator": first, "sex": "gap" if gap else view.sex}


def indicator_options(cat: Any, theme: str) -> list[str]:
    """The mahalle-level indicators of ``theme`` (the indicator filter's choices)."""
    return [i.id for i in cat.in_theme(theme) if i.level == "mahalle"]


def sex_options(ind: Indicator) -> list[str]:
    """Women, men, gap and total for an indicator by sex; total alone otherwise."""
    return ["F", "M", "gap", "T"] if ind.by_sex else ["T"]


def class_count(n: int) -> int:
    """A link's class count (2-9) brought into :data:`CLASS_COUNTS`."""
    return min(max(n, CLASS_COUNTS[0]), CLASS_COUNTS[-1])


def indicator_filters(build: data.Build, *, sex: bool = True, classes: bool = True) -> state.View:
    """Theme, indicator, sex, scheme, classes, smoothing, reliability and tiles (sidebar)."""
    cat, lang = build.catalogue, state.current().lang
    themes = views.themes_of(cat)
    first = opening(build, state.current(), sex)
    if first:
        state.update(**first)
    _select("theme", themes, lambda th: cat.themes[th].label.get(lang), "f.theme")
    theme = state.current().theme if state.current().theme in themes else themes[0]
    ind_id = _select("indicator", indicator_options(cat, theme), lambda i: cat.get(i).label.get(lang), "f.indicator")
    ind = cat.get(ind_id)
    if sex:
        _select("sex", sex_options(ind), lambda s: t(f"sex.{s}"), "f.sex", radio=True)
    if classes:
        _select("scheme", list(state.SCHEMES), lambda s: t(f"scheme.{s}"), "f.scheme")
        # five buttons rather than a slider: as quick to use, and a slider's script files
        # (~130 KB) were the largest part of the map page's first paint not needed for the map
        if state.current().classes not in CLASS_COUNTS:
            state.update(classes=class_count(state.current().classes))
        _select("classes", list(CLASS_COUNTS), str, "f.classes", radio=True, horizontal=True)
        if ind.is_rate:  # smoothing shrinks rates; a count has nothing to shrink
            _select("smooth", list(state.SMOOTHING), lambda s: t(f"smooth.{s}"), "f.smooth")
        for attr, label_key in (("reliable", "f.reliable"), ("tiles", "f.tiles")):
            k2 = state.seed(attr, getattr(state.current(), attr))
            st.sidebar.toggle(t(label_key), key=k2, on_change=state.touch, args=(k2,))
        changes = {a: st.session_state[state.widget_key(a)] for a in ("reliable", "tiles")}
        if any(getattr(state.current(), a) != v for a, v in changes.items()):
            state.update(**changes)
    return state.current()


# ---------------------------------------------------------------- cached computations
@dataclass(frozen=True)
class MapResult:
    paint: Paint
    legend: list[dict[str, Any]]
    table: pd.DataFrame
    synthetic: bool
    title: str


def _sex_for(ind: Indicator, sex: str) -> str:
    return sex if ind.by_sex else "T"


@st.cache_data(show_spinner=False, max_entries=64)
def thematic(version: str, indicator: str, sex: str, scheme: str, k: int, smooth: str, reliable: bool,
             provinces: tuple[int, ...], districts: tuple[int, ...], selected: str, lang: str,
             year: int | None = None) -> MapResult:
    """The map of one indicator. ``smooth``: none, global or spatial empirical Bayes (rates
    only; spatial over the analysis's mahalle contiguity, built once per data version)."""
    build = data.load()
    assert build is not None and build.version == version
    ind = build.catalogue.get(indicator)
    sex = _sex_for(ind, sex)
    places = build.mahalle
    smooth = smooth if ind.is_rate else "none"
    w = None
    if smooth == "spatial":
        from gendermap.ui.synthesis import analysis_tables

        w = analysis_tables(version).contiguity.w
    table = views.indicator_table(places, build.indicators, indicator, sex, smooth=smooth,
                                  reliable_only=reliable, year=year, w=w)
    cls = views.classify_table(table, ind, sex, scheme, k, lang, populated=places["populated"] if "populated" in places else None)
    mask = views.visible_mask(places, provinces, districts)
    sel = _row_of(build, selected)
    dvis = views.visible_mask(build.district, provinces, districts)
    p = views.paint(cls, mask, tip_lines=views.tips(table, cls, ind, sex, lang), selected=sel,
                    bounds=views.bounds_of(places, mask), demo=bool(table["synthetic"][mask].any()),
                    districts_visible=dvis.tolist())
    shown = views.display_table(table[mask], _subset(cls, mask), lang) if mask.any() else pd.DataFrame()
    title = f"{ind.label.get(lang)} — {tr_en('sex.' + sex, lang)}" + (f" — {year}" if year else "")
    return MapResult(p, views.legend_rows(cls, lang, mask), shown, bool(table["synthetic"][mask].any()), title)


@st.cache_data(show_spinner=False, max_entries=4)
def first_indicator(version: str) -> str:
    """The indicator a first visit opens on (see :func:`gendermap.ui.views.best_covered_indicator`)."""
    build = data.load()
    assert build is not None
    first = views.best_covered_indicator(build.indicators, build.catalogue)
    return first.id if first is not None else ""


@st.cache_resource(show_spinner=False, max_entries=2)
def _area_tables(version: str) -> dict[str, pd.DataFrame]:
    """The build's district and province value tables (read once per data version)."""
    build = data.load()
    assert build is not None
    out = {}
    for level in ("district", "province"):
        path = build.build_dir / f"{level}_indicators.parquet"
        if path.exists():
            out[level] = pd.read_parquet(path)
    return out


@st.cache_data(show_spinner=False, max_entries=64)
def landing_facts(version: str, provinces: tuple[int, ...], districts: tuple[int, ...], lang: str) -> list[str]:
    """The three largest women − men gaps of the area shown, as sentences."""
    from gendermap.ui import landing

    build = data.load()
    assert build is not None
    level, units = landing.area_rows(provinces, districts)
    table = _area_tables(version).get(level)
    if table is None:
        return []
    frame = build.district if level == "district" else build.district.drop_duplicates("province_code")
    names = {int(k): str(v) for k, v in zip(frame[f"{level}_code"], frame[level], strict=True)}
    gaps = landing.largest_gaps(table, f"{level}_code", names, units, build.catalogue, lang)
    return [landing.sentence(g, lang) for g in gaps]


def landing_intro(view: state.View) -> None:
    """Two sentences on what the platform is for (top of the landing page)."""
    from gendermap.ui import landing

    st.caption(escape(landing.INTRO[view.lang if view.lang in landing.INTRO else "tr"]))


def landing_gaps(build: data.Build, view: state.View) -> None:
    """The area's three largest women − men gaps in words (beside the map)."""
    facts = landing_facts(build.version, view.provinces, view.districts, view.lang)
    if facts:
        head = t("landing.gaps") + (f" ({DEMO_LABEL})" if build.synthetic else "")
        items = "".join(f'<li style="font-size:0.85rem">{escape(f)}</li>' for f in facts)
        st.html(f'<div style="font-size:0.85rem"><b>{escape(head)}</b><ol style="padding-left:1.2em;margin:0">'
                f"{items}</ol></div>")


def with_focus(build: data.Build, paint: Paint) -> Paint:
    """The paint with the searched mahalle (if any) as the place to zoom to once."""
    code = st.session_state.get(state.FOCUS)
    if not code:
        return paint
    row = _row_of(build, str(code))
    if row < 0:
        return paint
    b = build.mahalle.geometry.values[row].bounds
    return replace(paint, focus=(float(b[0]), float(b[1]), float(b[2]), float(b[3])))


class _Sub:
    """Classification rows restricted to the visible polygons (same bins and labels)."""

    def __init__(self, cls: Any, mask: np.ndarray) -> None:
        self.fmt = cls.fmt
        self._labels = np.asarray(cls.unit_labels("tr"))[mask]
        self._labels_en = np.asarray(cls.unit_labels("en"))[mask]

    def unit_labels(self, lang: str) -> np.ndarray:
        return self._labels_en if lang == "en" else self._labels


def _subset(cls: Any, mask: np.ndarray) -> Any:
    return _Sub(cls, mask)


def _row_of(build: data.Build, code: str) -> int:
    if not code:
        return -1
    hits = np.flatnonzero((build.mahalle["mahalle_code"] == code).fillna(False).to_numpy())
    return int(hits[0]) if len(hits) else -1


# ---------------------------------------------------------------- map, legend, table
def legend(rows: list[dict[str, Any]], title: str) -> None:
    """The legend from the same classification as the map and the table (escaped).

    A special class (no data, no residents, suppressed) has a dashed grey border, as the map
    outlines those polygons, so "no residents" and a near-white parity class differ in the
    legend by their border as well as their colour."""
    items = []
    for r in rows:
        if r["kind"] == "marker":
            swatch = '<span style="display:inline-block;width:14px;height:14px;border:1px dashed #6e6e6e;opacity:.6;background:#bbb"></span>'
        elif r["kind"] == "special":
            swatch = f'<span style="display:inline-block;width:14px;height:14px;background:{escape(r["colour"])};border:1px dashed #6e6e6e"></span>'
        else:
            swatch = f'<span style="display:inline-block;width:14px;height:14px;background:{escape(r["colour"])};border:1px solid #888"></span>'
        items.append(f'<div style="margin:2px 0">{swatch} {escape(r["label"])} <span style="color:#666">({int(r["count"])})</span></div>')
    st.html(
        f'<div role="list" aria-label="{escape(t("legend.title"))}" style="font-size:0.9rem"><b>{escape(title)}</b>{"".join(items)}</div>'
    )


def map_view(build: data.Build, result_paint: Paint, key: str, tiles: bool, clickable: bool = True,
             ask_rerun: str = "") -> None:
    """Draw the coverage map; a click on a mahalle selects it (view ``mahalle``) and reruns.
    ``ask_rerun``: the map asks for one more run once painted (:func:`gendermap.ui.firstrun.token`)."""
    from gendermap.ui import mapcomponent

    paint = replace(with_focus(build, result_paint), version=build.version)
    b = tuple(float(x) for x in build.mahalle.total_bounds)
    payload = maps.map_data(paint, build.geometry_url, b, tiles=tiles, clickable=clickable,  # type: ignore[arg-type]
                            height=MAP_HEIGHT, label=t("map.region"), ask_rerun=ask_rerun)
    click = mapcomponent.coverage(payload, key=key, height=MAP_HEIGHT)
    if not (clickable and click):
        return
    row = views.pick(build.mahalle, float(click["lat"]), float(click["lng"]))
    if row >= 0:
        code = build.mahalle["mahalle_code"].iloc[row]
        state.update(mahalle="" if pd.isna(code) else str(code))
        st.session_state.pop(state.FOCUS, None)
        st.rerun()


def styled(frame: pd.DataFrame, lang: str, rows: Any = ()) -> Any:
    """The frame with its numbers written by :mod:`gendermap.numbers` (``—`` for missing).

    A pandas Styler changes only what is displayed: the cells stay numbers, so sorting a
    column sorts by value, never as text ("10" after "9"). Whole-number columns get no
    decimals; others ``frame.attrs["digits"]`` (default 1). ``rows``: (row, columns, format)
    for tables whose rows have units of their own (:func:`gendermap.ui.profile.profile_formats`).
    """
    from gendermap import numbers

    digits = int(frame.attrs.get("digits", 1))
    whole, decimal = numbers.number_formatter(lang, 0), numbers.number_formatter(lang, digits)
    formats: dict[str, Any] = {}
    for col in frame.columns:
        dtype = frame[col].dtype
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            continue
        formats[col] = whole if pd.api.types.is_integer_dtype(dtype) else decimal
    styler = frame.style.format(formats, na_rep=numbers.MISSING)
    for row, columns, fmt in rows:
        styler = styler.format(fmt.format, subset=pd.IndexSlice[frame.index[[row]], columns], na_rep=numbers.MISSING)
    return styler


def show_table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """``st.dataframe`` of a page table: numbers sortable, written the user's way."""
    st.dataframe(styled(frame, state.current().lang), hide_index=True, width="stretch", **kwargs)


def table_alternative(frame: pd.DataFrame, label_key: str = "map.table", expanded: bool = False,
                      key: str = "") -> None:
    """The table beside a map. Not ``expanded``: behind a switch, so a visitor who only
    looks at the map does not wait for thousands of formatted cells (~2 s a run).
    ``key`` tells two tables of one page apart."""
    if not expanded and not st.toggle(t(label_key), key=f"gm_table_{label_key}{key}"):
        return
    if frame.empty:
        st.write(t("none"))
    else:
        show_table(frame)


def strings_for_tests() -> dict[str, tuple[str, str]]:
    return STRINGS
