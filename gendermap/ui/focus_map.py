"""Odak ilçeler's map: every district of the ranking area coloured by its priority score,
the shortlist outlined.

A planner reads the shortlist against its neighbours: is the sixth district far behind the
fifth, do the priority districts cluster? So every ranked district is coloured (quantile
classes of the focus table's score, darker = higher priority) and the shortlist is drawn
with the thick district outline, which the map draws only for the districts named in
:attr:`Paint.districts_visible`. The map reads the focus table of the same analysis the
page's list shows (:func:`gendermap.ui.synthesis.run`), never a table of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import streamlit as st

from gendermap.analysis import AnalysisSettings
from gendermap.classify import ENGLISH, TURKISH, classify
from gendermap.maps import HIDDEN, NO_DATA, Paint
from gendermap.numbers import format_int, format_number
from gendermap.palettes import OUTLINE_COLOUR
from gendermap.ui import data, views
from gendermap.ui.components import MapResult
from gendermap.ui.i18n import tr_en

PALETTE = "YlOrRd"
"""Sequential, colour-blind safe; dark red = high priority (the old map's shortlist red)."""


@dataclass(frozen=True)
class FocusMap:
    result: MapResult
    shortlisted: int
    """Districts outlined (the shortlist inside the area)."""
    mahalle: int
    """Mahalle in the shortlisted districts (the legend counts districts)."""


def shortlist_codes(table: pd.DataFrame, top: int) -> tuple[int, ...]:
    """The districts of the shortlist: the first ``top`` of the focus table."""
    return tuple(int(x) for x in table.loc[table["rank"] <= top, "district_code"])


def _district_tips(table: pd.DataFrame, short: set[int], lang: str) -> dict[int, str]:
    """district code -> escaped tooltip line: rank of how many, score, and whether shortlisted."""
    n = format_int(int(table["rank"].notna().sum()), lang)
    tips = {}
    for code, rank, score in zip(table["district_code"], table["rank"], table["score"], strict=True):
        if pd.isna(rank):
            line = tr_en("o.map.unranked", lang)
        else:
            line = tr_en("o.map.tip", lang).format(rank=format_int(rank, lang), n=n, score=format_number(score, lang))
        if int(code) in short:
            line += " · " + tr_en("o.map.short", lang)
        tips[int(code)] = views.escape(line)
    return tips


def rank_map(places: pd.DataFrame, districts: pd.DataFrame, table: pd.DataFrame, top: int, mask: np.ndarray,
             district_mask: np.ndarray, lang: str, demo: bool = False) -> FocusMap:
    """The paint and legend for the focus ``table`` (one row per ranked district) over the
    mahalle ``places`` (``mask``: the ranking area) and the ``districts`` (``district_mask``)."""
    codes = pd.to_numeric(table["district_code"], errors="coerce").astype(float).to_numpy()
    scores = pd.Series(pd.to_numeric(table["score"], errors="coerce").astype(float).to_numpy(), index=codes)
    fmt = replace(ENGLISH if lang == "en" else TURKISH, decimals=1)
    cls = classify(scores, "quantiles", 5, palette=PALETTE, fmt=fmt)
    class_of = dict(zip(scores.index, np.asarray(cls.class_index, dtype=int), strict=True))
    short = set(shortlist_codes(table, top))
    where = pd.to_numeric(places["district_code"], errors="coerce")
    classes = np.where(mask, where.map(class_of).fillna(NO_DATA).to_numpy(int), HIDDEN)
    tip_of = _district_tips(table, short, lang)
    tips = [tip_of.get(int(d), "") if pd.notna(d) else "" for d in where]
    outlined = districts["district_code"].isin(list(short)).to_numpy() & district_mask
    paint = Paint(colours=list(cls.colours), classes=classes.tolist(), tips=tips, bounds=views.bounds_of(places, mask),
                  demo=demo, districts_visible=outlined.tolist(), n_value=len(cls.colours))
    legend = [{"label": e.label, "colour": e.colour, "count": e.count, "kind": e.kind}
              for e in cls.legend("en" if lang == "en" else "tr") if e.count > 0]  # a class not on the map is not listed
    in_short = where.isin(list(short)).to_numpy() & mask
    return FocusMap(MapResult(paint, legend, pd.DataFrame(), demo, tr_en("o.legend.title", lang)),
                    int(outlined.sum()), int(in_short.sum()))


@st.cache_data(show_spinner=False, max_entries=16)
def focus_map(version: str, settings: AnalysisSettings, top: int, provinces: tuple[int, ...],
              districts: tuple[int, ...], lang: str) -> FocusMap:
    """:func:`rank_map` of the page's ranking (the focus table of the analysis for ``settings``)
    over the ranking area (``provinces``, ``districts``)."""
    from gendermap.ui.synthesis import run

    build = data.load()
    assert build is not None
    table = run(version, settings).focus
    return rank_map(build.mahalle, build.district, table, top, views.visible_mask(build.mahalle, provinces, districts),
                    views.visible_mask(build.district, provinces, districts), lang, build.synthetic)


def outline_key(n: int, lang: str) -> str:
    """The legend line for the outline (escaped HTML): the shortlist's districts, counted."""
    swatch = (f'<span style="display:inline-block;width:12px;height:12px;border:2px solid {OUTLINE_COLOUR};'
              'background:transparent;vertical-align:middle"></span>')
    label = views.escape(tr_en("o.map.outline", lang))
    return f'<div style="font-size:0.9rem;margin:2px 0">{swatch} {label} <span style="color:#666">({int(n)})</span></div>'


def legend_view(shown: FocusMap, lang: str) -> None:
    """The classes' legend, the outline's key and the mahalle the shortlist holds."""
    from gendermap.ui.components import legend

    legend(shown.result.legend, shown.result.title)
    if shown.shortlisted:
        st.markdown(outline_key(shown.shortlisted, lang), unsafe_allow_html=True)
    st.caption(tr_en("o.legend.mahalle", lang).format(n=format_int(shown.mahalle, lang)))

