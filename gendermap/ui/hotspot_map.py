"""Sentez page's hot-spot tab: local Moran (LISA) clusters of the index and global Moran's I.

Split from :mod:`gendermap.ui.synthesis` (which keeps the method, weights and the cached
analysis run): this tab only draws the hot-spot table of the same analysis
(:func:`gendermap.ui.synthesis.run`), never one of its own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from gendermap.analysis import FOCUS_METHOD, AnalysisResult, AnalysisSettings
from gendermap.maps import HIDDEN, Paint
from gendermap.numbers import format_int, format_number
from gendermap.palettes import SPECIAL_COLOURS
from gendermap.ui import data, state, views
from gendermap.ui.components import MapResult
from gendermap.ui.i18n import t, tr_en
from gendermap.ui.synthesis import run, settings_for

LISA_COLOURS = {
    "HH": "#2166ac", "LL": "#b2182b", "HL": "#92c5de", "LH": "#f4a582",
    "not_significant": "#f7f7f7", "island": "#bdbdbd", "no_data": "#d9d9d9",
    "no_residents": SPECIAL_COLOURS["no_residents"], "no_geometry": "#d9d9d9",
}
"""Blue = cluster of more equal mahalle, red = cluster of inequality (RdBu, colour-blind safe)."""
_LISA_VALUES = ("HH", "LL", "HL", "LH", "not_significant")


@st.cache_data(show_spinner=False, max_entries=16)
def lisa(version: str, settings: AnalysisSettings, lang: str) -> tuple[MapResult, str]:
    """The hot-spot map of the analysis for ``settings`` and its global Moran's I sentence."""
    build = data.load()
    assert build is not None
    result = run(version, settings)
    method = settings.method or FOCUS_METHOD
    hot = result.hotspots[result.hotspots["method"] == method].set_index("mahalle_code")
    codes = build.mahalle["mahalle_code"].astype(str)
    frame = pd.DataFrame({c: codes.map(hot[c]).to_numpy() for c in ("cluster", "label_tr", "label_en", "p_sim")})
    outside = frame["cluster"].isna()
    frame.loc[outside, "cluster"] = "no_data"
    provinces = settings.provinces or tuple(int(p) for p in build.mahalle["province_code"].dropna().unique())
    mask = views.visible_mask(build.mahalle, provinces, settings.districts) & ~outside.to_numpy()
    order = [c for c in LISA_COLOURS if (frame.loc[mask, "cluster"] == c).any()]
    classes = frame["cluster"].map({c: i for i, c in enumerate(order)}).fillna(-1).to_numpy(int)
    label_col = "label_en" if lang == "en" else "label_tr"
    tips = [views.escape(str(x)) if isinstance(x, str) else "" for x in frame[label_col]]
    paint = Paint(colours=[LISA_COLOURS[c] for c in order], classes=np.where(mask, classes, HIDDEN).tolist(),
                  tips=tips, bounds=views.bounds_of(build.mahalle, mask), demo=build.synthetic,
                  districts_visible=views.visible_mask(build.district, provinces, settings.districts).tolist(),
                  n_value=len([c for c in order if c in _LISA_VALUES]))
    labels = frame[mask].groupby("cluster")[label_col].first()
    counts = frame.loc[mask, "cluster"].value_counts()
    legend = [{"label": labels[c], "colour": LISA_COLOURS[c], "count": int(counts.get(c, 0)),
               "kind": "value" if c in _LISA_VALUES else "special"} for c in order]
    table = pd.DataFrame({
        tr_en("col.mahalle", lang): build.mahalle["mahalle"], tr_en("col.district", lang): build.mahalle["district"],
        tr_en("s.lisa", lang): frame[label_col], "p": frame["p_sim"].astype(float),
        tr_en("col.code", lang): codes,
    })[mask]
    table.attrs["digits"] = 4  # p down to 1/(permutations + 1): "0,0001", not "0,0"
    return MapResult(paint, legend, table, build.synthetic, tr_en("s.lisa", lang)), moran_sentence(result, method, lang)


def moran_sentence(result: AnalysisResult, method: str, lang: str) -> str:
    """Global Moran's I of the index over the area, in words (shown beside every hot-spot map)."""
    row = result.moran[result.moran["method"] == method]
    if row.empty or not np.isfinite(float(row["I"].iloc[0])):
        return tr_en("s.moran.none", lang)
    r = row.iloc[0]
    return tr_en("s.moran", lang).format(
        i=format_number(r["I"], lang, 3), p=format_number(r["p_sim"], lang, 4), n=format_int(r["n"], lang),
        islands=format_int(r["n_islands"], lang), perms=format_int(r["permutations"], lang))


def lisa_view(build: data.Build, view: state.View) -> None:
    """Local Moran (LISA) clusters of the index: where inequality clusters in space."""
    from gendermap.ui.components import legend, map_view

    result, moran = lisa(build.version, settings_for(build, view), view.lang)
    left, right = st.columns([3, 1])
    with left:
        map_view(build, result.paint, key="sentez_lisa", tiles=view.tiles, clickable=False)
    with right:
        legend(result.legend, result.title)
        st.markdown(views.escape(moran))
        st.caption(t("s.lisa.note"))
    from gendermap.ui.components import table_alternative

    table_alternative(result.table, "map.table.lisa")
