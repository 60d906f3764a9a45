"""Sentez page parts: method and weights, the cached analysis run, index map, rank-uncertainty
map and rank tables.

The Odak page runs the same analysis through :func:`run` and :func:`settings_for`, so they
live here once; the hot-spot (LISA) tab is in :mod:`gendermap.ui.hotspot_map`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from gendermap.analysis import (
    FOCUS_METHOD,
    AnalysisResult,
    AnalysisSettings,
    AnalysisTables,
    analysis,
    prepare_tables,
    with_focus,
)
from gendermap.classify import ENGLISH, TURKISH, classify
from gendermap.config import get_settings
from gendermap.numbers import format_int, format_number
from gendermap.ui import data, ranktable, state, views
from gendermap.ui.components import MapResult
from gendermap.ui.i18n import t, tr_en

INDICATOR_SCORES = "indicator_scores.parquet"
DISTRICT_SCORES = "district_indicator_scores.parquet"


def index_structure(build: data.Build) -> dict[str, str]:
    """indicator -> theme of the index indicators (catalogue order)."""
    return {i.id: i.theme for i in build.catalogue.indicators if i.in_index and i.level == "mahalle"}


def controls(build: data.Build) -> state.View:
    """Method selector and one weight slider per theme (sidebar); per-indicator in an expander."""
    view = state.current()
    lang = view.lang
    key = state.seed("method", view.method)
    method = st.sidebar.selectbox(t("s.method"), list(state.METHODS), key=key, format_func=lambda m: t(f"method.{m}"),
                                  on_change=state.touch, args=(key,))
    st.sidebar.subheader(t("s.weights"))
    structure = index_structure(build)
    themes = sorted(set(structure.values()))
    current = view.weight_map()
    weights = []
    for th in themes:
        k = state.seed(f"wt_{th}", float(current.get(th, 1.0)))
        w = weight_slider(st.sidebar, build.catalogue.themes[th].label.get(lang), k, lang)
        weights.append((th, float(w)))
    st.sidebar.caption(t("s.weights.note"))
    with st.sidebar.expander(tr_en("syn.w.expander", lang)):
        if not has_indicator_scores(build):
            st.info(tr_en("syn.w.old_build", lang))
        else:
            st.caption(tr_en("syn.w.note", lang))
            for th in themes:
                st.markdown(f"**{views.escape(build.catalogue.themes[th].label.get(lang))}**")
                for ind in [i for i, theme in structure.items() if theme == th]:
                    k = state.seed(f"wi_{ind}", float(current.get(ind, build.catalogue.get(ind).weight)))
                    w = weight_slider(st, build.catalogue.get(ind).label.get(lang), k, lang)
                    weights.append((ind, float(w)))
    kept = tuple((n, w) for n, w in weights if w != 1.0)
    if method != view.method or kept != view.weights:
        state.update(method=method, weights=kept)
    return state.current()


WEIGHT_STEPS = tuple(i * 0.25 for i in range(13))
"""A weight's choices, 0 to 3 by quarters (0 leaves a theme or indicator out)."""


def weight_slider(where: Any, label: str, key: str, lang: str) -> float:
    """A weight slider that writes its value the user's way ("1,25" in Turkish): Streamlit's
    number slider formats with the browser's printf, so the choices are a select slider
    written through :mod:`gendermap.numbers`. A weight from a link that is not a quarter
    stays a choice of its own rather than being moved."""
    value = float(st.session_state[key])
    options = sorted({*WEIGHT_STEPS, value})
    return float(where.select_slider(label, options=options, key=key, on_change=state.touch, args=(key,),
                                     format_func=lambda w: format_number(w, lang, 2)))


def weight_problem(build: data.Build, weights: tuple[tuple[str, float], ...], lang: str) -> str | None:
    """A message (Turkish unless English is chosen) when the weights cannot give an index."""
    from gendermap.composite import build_structure

    structure = index_structure(build)
    wt, wi = _split(build, weights)
    wt = {n: w for n, w in wt.items() if n in set(structure.values())}
    wi = {n: w for n, w in wi.items() if n in structure}
    themes = list(dict.fromkeys(structure.values()))
    if themes and all(wt.get(th, 1.0) <= 0 for th in themes):
        return tr_en("syn.w.all_zero", lang)
    for th in themes:
        members = [i for i, theme in structure.items() if theme == th]
        if wt.get(th, 1.0) > 0 and all(wi.get(i, 1.0) <= 0 for i in members):
            return tr_en("syn.w.theme_zero", lang).format(theme=build.catalogue.themes[th].label.get(lang))
    try:
        build_structure(structure, wi or None, wt or None)
    except ValueError as exc:
        return tr_en("syn.w.invalid", lang).format(error=str(exc))
    return None


def _split(build: data.Build, weights: tuple[tuple[str, float], ...]) -> tuple[dict[str, float], dict[str, float]]:
    themes = set(build.catalogue.themes)
    wt = {n: w for n, w in weights if n in themes}
    wi = {n: w for n, w in weights if n not in themes}
    return wt, wi


def has_indicator_scores(build: data.Build) -> bool:
    return (build.build_dir / INDICATOR_SCORES).exists()


@st.cache_resource(show_spinner=False, max_entries=2)
def _tables(version: str) -> AnalysisTables:
    """The analysis inputs of this data version (contiguity read from the build, or built
    once on first use when an older build has none)."""
    build = data.load()
    assert build is not None
    scores = pd.read_parquet(build.build_dir / INDICATOR_SCORES)
    district_path = build.build_dir / DISTRICT_SCORES
    districts = pd.read_parquet(district_path) if district_path.exists() else None
    from gendermap.pipeline import stored_contiguity

    return prepare_tables(build.mahalle, scores, build.indicators, build.catalogue,
                          stored_contiguity(build.build_dir, build.mahalle), district_scores=districts)


def analysis_tables(version: str) -> AnalysisTables:
    """The analysis inputs of this data version (cached once; the map's spatial smoothing
    uses their contiguity too, so it is built once for every page)."""
    return _tables(version)


def index_options(build: data.Build) -> state.View:
    """Smoothing and year of the index (sidebar), with the rule a year follows."""
    from gendermap.scores import score_years

    view = state.current()
    lang = view.lang
    key = state.seed("index_smooth", view.index_smooth)
    smooth = st.sidebar.selectbox(t("s.smooth"), list(state.SMOOTHING), key=key,
                                  format_func=lambda k: t(f"smooth.{k}"), on_change=state.touch, args=(key,))
    years = [0, *score_years(_tables(build.version).indicator_scores)]
    wanted = view.index_year if view.index_year in years else 0
    key = state.seed("index_year", wanted)
    if st.session_state[key] not in years:
        st.session_state[key] = 0
    year = st.sidebar.selectbox(t("s.year"), years, key=key, on_change=state.touch, args=(key,),
                                format_func=lambda y: t("s.year.reference") if y == 0 else str(y))
    st.sidebar.caption(tr_en("s.year.note", lang))
    if smooth != view.index_smooth or year != view.index_year:
        state.update(index_smooth=smooth, index_year=int(year))
    return state.current()


def index_note(build: data.Build, settings: AnalysisSettings, lang: str) -> str:
    """What smoothing and year the index uses, in words; for a year, the indicators that
    contribute an older vintage or are left out (the rule of :mod:`gendermap.scores`)."""
    from gendermap.scores import vintages_used

    parts = [tr_en("s.smooth.using", lang).format(kind=tr_en(f"smooth.{settings.smoothing}", lang))]
    if settings.year is not None:
        scores = _tables(build.version).indicator_scores
        used = vintages_used(scores, settings.year, settings.smoothing)
        label = {i: build.catalogue.get(i).label.get(lang) for i in index_structure(build)}
        older = [f"{label[i]} ({y})" for i, y in used.items() if y != settings.year and i in label]
        out = [label[i] for i in label if i not in used]
        parts.append(tr_en("s.year.using", lang).format(year=settings.year))
        if older:
            parts.append(tr_en("s.year.older", lang).format(items=", ".join(older)))
        if out:
            parts.append(tr_en("s.year.left_out", lang).format(items=", ".join(out)))
    return " ".join(parts)


def settings_for(
    build: data.Build, view: state.View, criteria: tuple[tuple[str, float, str], ...] = (),
    *, districts: bool = True,
) -> AnalysisSettings:
    """The page's choices as :class:`~gendermap.analysis.AnalysisSettings` (hashable: the
    cache key). Both provinces chosen = no area filter, as the build."""
    wt, wi = _split(build, view.weights)
    everywhere = set(view.provinces) >= set(build.mahalle["province_code"].dropna().astype(int))
    return AnalysisSettings(
        method=view.method, theme_weights=tuple(wt.items()), indicator_weights=tuple(wi.items()),
        criteria_weights=tuple((c, w) for c, w, _ in criteria),
        criteria_directions=tuple((c, d) for c, _, d in criteria),
        provinces=() if everywhere else view.provinces,
        districts=view.districts if districts else (), seed=get_settings().seed,
        smoothing=view.index_smooth, year=view.index_year or None,
    )


def _stored(version: str, settings: AnalysisSettings) -> AnalysisResult | None:
    """The build's own tables when ``settings`` are the build's defaults for one method
    (the build ran the same function with them): no recomputation for the first view."""
    build = data.load()
    assert build is not None
    default = replace(AnalysisSettings(seed=settings.seed), method=settings.method)
    core = replace(settings, criteria_weights=(), criteria_directions=())
    files = {n: build.build_dir / f"{n}.parquet" for n in ("synthesis", "hotspots", "moran", "focus")}
    if core != default or not all(p.exists() for p in files.values()):
        return None
    district_file = build.build_dir / "district_synthesis.parquet"
    if (build.build_dir / DISTRICT_SCORES).exists() and district_file.exists():
        files["district_synthesis"] = district_file
    tables = {n: pd.read_parquet(p) for n, p in files.items()}
    if "rank" not in tables["synthesis"].columns:
        return None  # a build older than the one analysis
    method = settings.method
    part = {n: t[t["method"] == method].reset_index(drop=True) for n, t in tables.items()}
    for n in ("synthesis", "hotspots"):
        part[n]["mahalle_code"] = part[n]["mahalle_code"].astype(str)
    stored = AnalysisResult(default, part["synthesis"], part["hotspots"], part["moran"], part["focus"],
                            _tables(version).units.index, build.synthetic, part.get("district_synthesis"))
    if method != FOCUS_METHOD or settings != core:
        stored = with_focus(_tables(version), replace(stored, settings=core), settings)
    return stored


@st.cache_data(show_spinner="Analiz hesaplanıyor / analysing…", max_entries=16)
def run(version: str, settings: AnalysisSettings) -> AnalysisResult:
    """:func:`gendermap.analysis.analysis` for the page's settings, cached per setting.

    A change of focus criteria only redoes the focus ranking (:func:`with_focus`).
    Raises ValueError for settings that cannot give a result (see :func:`weight_problem`).
    """
    stored = _stored(version, settings)
    if stored is not None:
        return stored
    core = replace(settings, criteria_weights=(), criteria_directions=())
    if core != settings:
        return with_focus(_tables(version), run(version, core), settings)
    return analysis(_tables(version), settings)


@dataclass(frozen=True)
class SynthesisResult:
    index: MapResult
    uncertainty: MapResult | None
    table: pd.DataFrame
    area_note: str
    districts: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The district index under the same settings (:func:`ranktable.district_table`)."""


@st.cache_data(show_spinner="Endeks hesaplanıyor / computing the index…", max_entries=32)
def compute(version: str, settings: AnalysisSettings, lang: str) -> SynthesisResult:
    """Index map, rank-uncertainty map and rank table of the analysis for ``settings``."""
    build = data.load()
    assert build is not None
    result = run(version, settings)
    method = settings.method or FOCUS_METHOD
    rows = result.synthesis[(result.synthesis["method"] == method) & (result.synthesis["theme"] == "overall")]
    rows = rows.set_index("mahalle_code")
    places = build.mahalle
    codes = places["mahalle_code"].astype(str)
    inside = codes.isin(result.area).to_numpy()
    provinces = settings.provinces or tuple(int(p) for p in places["province_code"].dropna().unique())
    mask = views.visible_mask(places, provinces, settings.districts) & inside

    def column(name: str) -> pd.Series:
        return pd.to_numeric(codes.map(rows[name]), errors="coerce").astype(float).where(inside)

    score, rank, med, lo, hi = (column(c) for c in ("score", "rank", "rank_median", "rank_p05", "rank_p95"))
    fmt = ENGLISH if lang == "en" else TURKISH
    cls = classify(score, "quantiles", 5, populated=places["populated"] if "populated" in places else None,
                   fmt=replace(fmt, decimals=1))
    tips = []
    for s_, r, a, b in zip(score, rank, lo, hi, strict=True):
        if not np.isfinite(s_):
            tips.append(tr_en("flag.no_data", lang))
            continue
        line = f"{tr_en('s.score', lang)} {fmt.format(s_, 1)} · {tr_en('s.rank', lang)} {int(r) if np.isfinite(r) else '–'}"
        if np.isfinite(a) and np.isfinite(b):
            line += f" ({int(a)}–{int(b)})"
        tips.append(views.escape(line))
    bounds = views.bounds_of(places, mask)
    demo = build.synthetic
    dvis = views.visible_mask(build.district, provinces, settings.districts).tolist()
    index_map = MapResult(views.paint(cls, mask, tip_lines=tips, bounds=bounds, demo=demo, districts_visible=dvis),
                          views.legend_rows(cls, lang, mask), pd.DataFrame(), demo, tr_en("s.index", lang))
    unc = None
    width = (hi - lo).to_numpy(float)
    if np.isfinite(width).any():
        ucls = classify(pd.Series(width), "quantiles", 5, palette="Purples", fmt=replace(fmt, decimals=0))
        unc = MapResult(views.paint(ucls, mask, tip_lines=tips, bounds=bounds, demo=demo, districts_visible=dvis),
                        views.legend_rows(ucls, lang, mask), pd.DataFrame(), demo, tr_en("s.uncertainty", lang))
    ranks = ranktable.rank_columns(pd.DataFrame({"rank": rank, "rank_median": med, "rank_p05": lo, "rank_p95": hi}),
                                   lang)
    table = ranktable.ordered(pd.DataFrame({
        tr_en("col.mahalle", lang): places["mahalle"], tr_en("s.score", lang): score, **ranks,
        tr_en("col.district", lang): places["district"], tr_en("col.code", lang): codes,
    }), tr_en("col.mahalle", lang), lang)[mask].sort_values(tr_en("s.rank", lang))
    table.attrs["digits"] = 1
    ranked = int(rank.notna().sum())
    note = tr_en("s.rank_area", lang).format(n=format_int(ranked, lang))
    shown = tuple(int(d) for d in build.district.loc[dvis, "district_code"])
    districts = ranktable.district_table(result, build.district, method, lang, shown)
    return SynthesisResult(index_map, unc, table, note, districts)


def table_view(result: SynthesisResult, lang: str) -> None:
    """The mahalle rank table, laid out for a phone too (:mod:`gendermap.ui.ranktable`)."""
    ranktable.show(result.table, tr_en("col.mahalle", lang), lang)


def district_view(result: SynthesisResult, lang: str) -> None:
    """The district index table under the page's settings, with a note on how districts
    are scored and ranked."""
    table = result.districts
    if table.empty:
        return
    st.caption(tr_en("s.districts.note", lang).format(n=format_int(table.attrs.get("ranked_of", 0), lang)))
    ranktable.show(table, tr_en("col.district", lang), lang)


def describe(method: str, lang: str) -> str:
    texts: dict[str, Any] = {
        "eige": ("EIGE Toplumsal Cinsiyet Eşitliği Endeksi gibi: kadın–erkek farkı, genel başarı düzeyiyle "
                 "düzeltilir; 100 tam eşitlik.", "Like the EIGE Gender Equality Index: the women–men gap, "
                 "corrected by the overall level of achievement; 100 is full equality."),
        "gap_only": ("Yalnız kadın–erkek farkı; başarı düzeyi hesaba katılmaz (Permanyer 2015 eleştirisi).",
                     "Only the women–men gap; the level of achievement is left out (Permanyer 2015)."),
        "minmax": ("Her gösterge en küçük–en büyük arasında 0–100'e ölçeklenir ve aritmetik ortalama alınır.",
                   "Each indicator is scaled 0–100 between its minimum and maximum, then averaged."),
    }
    tr, en = texts[method]
    return en if lang == "en" else tr
