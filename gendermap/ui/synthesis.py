"""Sentez page parts: method and weights, index map, rank-uncertainty map, LISA, rank table."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from gendermap.classify import ENGLISH, TURKISH, classify
from gendermap.maps import HIDDEN, Paint
from gendermap.ui import data, state, views
from gendermap.ui.components import MapResult
from gendermap.ui.i18n import t, tr_en

INDICATOR_SCORES = "indicator_scores.parquet"
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
        w = st.sidebar.slider(build.catalogue.themes[th].label.get(lang), 0.0, 3.0, step=0.25, key=k,
                              on_change=state.touch, args=(k,))
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
                    k = state.seed(f"wi_{ind}", float(current.get(ind, 1.0)))
                    w = st.slider(build.catalogue.get(ind).label.get(lang), 0.0, 3.0, step=0.25, key=k,
                                  on_change=state.touch, args=(k,))
                    weights.append((ind, float(w)))
    kept = tuple((n, w) for n, w in weights if w != 1.0)
    if method != view.method or kept != view.weights:
        state.update(method=method, weights=kept)
    return state.current()


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
def _indicator_scores(version: str, build_dir: str) -> dict[str, pd.DataFrame]:
    """method -> mahalle × indicator score table from the build (read once per data version)."""
    table = pd.read_parquet(Path(build_dir) / INDICATOR_SCORES)
    table["mahalle_code"] = table["mahalle_code"].astype("string")
    return {
        str(method): rows.pivot_table(index="mahalle_code", columns="indicator", values="score",
                                      aggfunc="first", dropna=False)
        for method, rows in table.groupby("method", observed=True)
    }


@st.cache_data(show_spinner=False, max_entries=32)
def weighted_index(version: str, method: str, weights: tuple[tuple[str, float], ...]) -> pd.Series:
    """Overall index per mahalle code for the method, theme and indicator weights.

    Default weights give the build's own score (``synthesis.parquet``). Otherwise the
    build's per-indicator scores (from the full counts, ``indicator_scores.parquet``) are
    recombined by :func:`gendermap.composite.combine_scores`. A build without that table
    can only recombine theme scores (:func:`gendermap.ui.views.index_from_build`).
    Raises ValueError for weights that cannot give an index (see :func:`weight_problem`).
    """
    from gendermap.composite import combine_scores

    build = data.load()
    assert build is not None
    wt, wi = _split(build, weights)
    structure = index_structure(build)
    if not any(n in structure for n in wi) or not has_indicator_scores(build):
        return views.index_from_build(build.synthesis, build.indicators, build.catalogue, method, wt or None)
    wide = _indicator_scores(version, str(build.build_dir)).get(method)
    if wide is None:
        raise ValueError(f"{INDICATOR_SCORES}: no scores for method {method!r}")
    themes = {i: th for i, th in structure.items() if i in wide.columns}
    out = combine_scores(
        wide, themes=themes, method=method,  # type: ignore[arg-type]
        indicator_weights={i: w for i, w in wi.items() if i in themes} or None,
        theme_weights={th: w for th, w in wt.items() if th in set(themes.values())} or None,
    )
    overall = out[out["theme"] == "overall"]
    return pd.Series(overall["score"].to_numpy(float), index=overall["mahalle_code"].to_numpy(), name="score")


@dataclass(frozen=True)
class SynthesisResult:
    index: MapResult
    uncertainty: MapResult | None
    table: pd.DataFrame


@st.cache_data(show_spinner="Endeks hesaplanıyor / computing the index…", max_entries=32)
def compute(version: str, method: str, weights: tuple[tuple[str, float], ...], provinces: tuple[int, ...],
            districts: tuple[int, ...], lang: str) -> SynthesisResult:
    build = data.load()
    assert build is not None
    scores = weighted_index(version, method, weights)
    places = build.mahalle
    codes = places["mahalle_code"]
    score = pd.to_numeric(codes.map(scores), errors="coerce").to_numpy(float)
    mask = views.visible_mask(places, provinces, districts)
    fmt = ENGLISH if lang == "en" else TURKISH
    cls = classify(pd.Series(score), "quantiles", 5, populated=places["populated"] if "populated" in places else None,
                   fmt=replace(fmt, decimals=1))
    rank_live = pd.Series(score).where(mask).rank(ascending=False, method="min")
    syn = build.synthesis
    med = lo = hi = pd.Series(np.nan, index=places.index)
    if syn is not None and len(syn):
        o = syn[(syn["method"] == method) & (syn["theme"] == "overall")].drop_duplicates("mahalle_code").set_index("mahalle_code")
        med = codes.map(o["rank_median"]).astype(float)
        lo = codes.map(o["rank_p05"]).astype(float)
        hi = codes.map(o["rank_p95"]).astype(float)
    tips = []
    for s, r, a, b in zip(score, rank_live, lo, hi, strict=True):
        if not np.isfinite(s):
            tips.append(tr_en("flag.no_data", lang))
            continue
        line = f"{tr_en('s.score', lang)} {fmt.format(s, 1)} · {tr_en('s.rank', lang)} {int(r) if np.isfinite(r) else '–'}"
        if np.isfinite(a) and np.isfinite(b):
            line += f" ({int(a)}–{int(b)})"
        tips.append(views.escape(line))
    bounds = views.bounds_of(places, mask)
    demo = build.synthetic
    dvis = views.visible_mask(build.district, provinces, districts).tolist()
    index_map = MapResult(views.paint(cls, mask, tip_lines=tips, bounds=bounds, demo=demo, districts_visible=dvis),
                          views.legend_rows(cls, lang), pd.DataFrame(), demo, tr_en("s.index", lang))
    unc = None
    width = (hi - lo).to_numpy(float)
    if np.isfinite(width).any():
        ucls = classify(pd.Series(width), "quantiles", 5, palette="Purples",
                        fmt=replace(fmt, decimals=0))
        unc = MapResult(views.paint(ucls, mask, tip_lines=tips, bounds=bounds, demo=demo, districts_visible=dvis),
                        views.legend_rows(ucls, lang), pd.DataFrame(), demo, tr_en("s.uncertainty", lang))
    table = pd.DataFrame({
        tr_en("col.mahalle", lang): places["mahalle"], tr_en("col.district", lang): places["district"],
        tr_en("s.score", lang): np.round(score, 1), tr_en("s.rank", lang): rank_live.astype("Int64"),
        tr_en("s.rank_mc", lang): med.round().astype("Int64"),
        tr_en("s.rank_int", lang): [f"{round(a)}–{round(b)}" if np.isfinite(a) and np.isfinite(b) else "" for a, b in zip(lo, hi, strict=True)],
        tr_en("s.width", lang): (hi - lo).round().astype("Int64"),
        tr_en("col.code", lang): codes,
    })[mask].sort_values(tr_en("s.rank", lang))
    return SynthesisResult(index_map, unc, table)


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


LISA_COLOURS = {
    "HH": "#2166ac", "LL": "#b2182b", "HL": "#92c5de", "LH": "#f4a582",
    "not_significant": "#f7f7f7", "island": "#bdbdbd", "no_data": "#d9d9d9",
    "no_residents": "#ffffff", "no_geometry": "#d9d9d9",
}
"""Blue = cluster of more equal mahalle, red = cluster of inequality (RdBu, colour-blind safe)."""


@st.cache_resource(show_spinner=False, max_entries=2)
def _contiguity(version: str) -> Any:
    from gendermap.spatial import contiguity

    build = data.load()
    assert build is not None
    return contiguity(build.mahalle[["geometry"]])


@st.cache_data(show_spinner="Sıcak noktalar hesaplanıyor / computing hot spots…", max_entries=16)
def lisa_frame(version: str, method: str, weights: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    """Local Moran of the index (rows = map polygons): ``cluster``, labels, ``inequality_cluster``."""
    from gendermap.spatial import local_moran

    build = data.load()
    assert build is not None
    scores = weighted_index(version, method, weights)
    places = build.mahalle
    values = pd.Series(pd.to_numeric(places["mahalle_code"].map(scores), errors="coerce").to_numpy(float), index=places.index)
    populated = places["populated"].astype(bool) if "populated" in places else None
    result = local_moran(values, _contiguity(version), populated=populated, fdr=True, permutations=999)
    return result.frame[["cluster", "label_tr", "label_en", "inequality_cluster", "p_sim"]]


@st.cache_data(show_spinner=False, max_entries=16)
def lisa(version: str, method: str, weights: tuple[tuple[str, float], ...], provinces: tuple[int, ...],
         districts: tuple[int, ...], lang: str) -> MapResult:
    build = data.load()
    assert build is not None
    frame = lisa_frame(version, method, weights)
    order = [c for c in LISA_COLOURS if (frame["cluster"] == c).any()]
    classes = frame["cluster"].map({c: i for i, c in enumerate(order)}).to_numpy(int)
    mask = views.visible_mask(build.mahalle, provinces, districts)
    label_col = "label_en" if lang == "en" else "label_tr"
    tips = [views.escape(x) for x in frame[label_col]]
    paint = Paint(colours=[LISA_COLOURS[c] for c in order], classes=np.where(mask, classes, HIDDEN).tolist(),
                        tips=tips, bounds=views.bounds_of(build.mahalle, mask), demo=build.synthetic,
                        districts_visible=views.visible_mask(build.district, provinces, districts).tolist(),
                        n_value=len([c for c in order if c in ("HH", "LL", "HL", "LH", "not_significant")]))
    labels = frame.groupby("cluster")[label_col].first()
    counts = frame.loc[mask, "cluster"].value_counts()
    legend = [{"label": labels[c], "colour": LISA_COLOURS[c], "count": int(counts.get(c, 0)), "kind": "value"} for c in order]
    table = pd.DataFrame({
        tr_en("col.mahalle", lang): build.mahalle["mahalle"], tr_en("col.district", lang): build.mahalle["district"],
        tr_en("s.lisa", lang): frame[label_col], "p": frame["p_sim"].round(3),
        tr_en("col.code", lang): build.mahalle["mahalle_code"],
    })[mask]
    return MapResult(paint, legend, table, build.synthetic, tr_en("s.lisa", lang))


def lisa_view(build: data.Build, view: state.View) -> None:
    """Local Moran (LISA) clusters of the index: where inequality clusters in space."""
    from gendermap.ui.components import legend, map_view

    result = lisa(build.version, view.method, view.weights, view.provinces, view.districts, view.lang)
    left, right = st.columns([3, 1])
    with left:
        map_view(build, result.paint, key="sentez_lisa", tiles=view.tiles, clickable=False)
    with right:
        legend(result.legend, result.title)
        st.caption(t("s.lisa.note"))
    from gendermap.ui.components import table_alternative

    table_alternative(result.table, "map.table.lisa")
