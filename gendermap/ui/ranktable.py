"""Sentez's rank tables (mahalle and district) laid out for a phone as well as a laptop.

On a 390 px screen a table shows about five short columns: the name and the rank must be
two of them, or a person scrolls sideways and loses the row. So the tables put name, rank,
the rank interval and the index first, with short headers (the long header stays as the
column's tooltip), and pin the name so it stays in view when the rest scrolls. Only the
name is pinned: Streamlit draws a pinned column's text faded (as an index), which suits a
row's name but would grey out the rank, the number the table is for. The frames keep their
long column names (what a download or a test reads) and their numbers numeric; only the
display is configured (:func:`column_config`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from gendermap.analysis import AnalysisResult
from gendermap.numbers import format_share
from gendermap.ui.i18n import tr_en

NAME_WIDTH = 130
"""Pinned name column, px: a typical mahalle name ("Dallımandıra Mah.") fits and rank,
interval and index still fit beside it on a 390 px phone."""

RANK_KEYS = ("s.rank", "s.rank_low", "s.rank_high", "s.score", "s.width", "s.rank_mc")
"""Columns in the order a reader needs them: rank and its interval, then the index."""


def rank_columns(frame: pd.DataFrame, lang: str) -> dict[str, pd.Series]:
    """Rank columns of a synthesis table as whole numbers (sortable; "—" where none):
    the rank under the chosen weights, the 5–95 % interval's ends, its width and the
    median rank."""
    def whole(name: str) -> pd.Series:
        return pd.to_numeric(frame[name], errors="coerce").astype(float).round().astype("Int64")

    return {
        tr_en("s.rank", lang): whole("rank"),
        tr_en("s.rank_low", lang): whole("rank_p05"), tr_en("s.rank_high", lang): whole("rank_p95"),
        tr_en("s.width", lang): whole("rank_p95") - whole("rank_p05"),
        tr_en("s.rank_mc", lang): whole("rank_median"),
    }


def ordered(frame: pd.DataFrame, name: str, lang: str) -> pd.DataFrame:
    """``frame`` with the ``name`` column, then :data:`RANK_KEYS`, then the rest."""
    first = [name, *(c for c in (tr_en(k, lang) for k in RANK_KEYS) if c in frame.columns)]
    out = frame[first + [c for c in frame.columns if c not in first]]
    out.attrs.update(frame.attrs)
    return out


def short_label(key: str, lang: str) -> str:
    """The header shown for a rank column ("Alt %5" / "Low 5%": percentages written the
    user's way)."""
    return tr_en(f"{key}.short", lang).format(p5=format_share(0.05, lang, 0), p95=format_share(0.95, lang, 0))


def column_config(frame: pd.DataFrame, name: str, lang: str) -> dict[str, Any]:
    """``st.dataframe`` column settings: ``name`` pinned, short headers with the long name
    as help. No number format here: :func:`gendermap.ui.components.styled` writes
    the numbers, the cells stay numbers."""
    config: dict[str, Any] = {name: st.column_config.Column(pinned=True, width=NAME_WIDTH)}
    for key in RANK_KEYS:
        column = tr_en(key, lang)
        if column in frame.columns:
            label = short_label(key, lang)
            config[column] = st.column_config.Column(label, help=None if label == column else column)
    return config


def show(frame: pd.DataFrame, name: str, lang: str) -> None:
    """A rank table (:func:`ordered` first), formatted by the page tables' one formatter."""
    from gendermap.ui.components import styled

    if frame.empty:
        st.write(tr_en("none", lang))
        return
    st.dataframe(styled(frame, lang), hide_index=True, width="stretch",
                 column_config=column_config(frame, name, lang))


def district_table(result: AnalysisResult, districts: pd.DataFrame, method: str, lang: str,
                   shown: tuple[int, ...] = ()) -> pd.DataFrame:
    """The district index rows of ``result`` for ``method`` (overall), one per district of
    ``shown`` (empty: all), best first. Ranks are out of every district scored."""
    if result.districts is None:
        return pd.DataFrame()
    rows = result.districts[(result.districts["method"] == method) & (result.districts["theme"] == "overall")]
    names = districts.drop_duplicates("district_code").set_index("district_code")
    rows = rows[rows["district_code"].isin(shown)] if shown else rows
    district = tr_en("col.district", lang)
    frame = pd.DataFrame({
        district: rows["district_code"].map(names["district"]).to_numpy(),
        tr_en("s.score", lang): pd.to_numeric(rows["score"], errors="coerce").astype(float).to_numpy(),
        **{k: v.to_numpy() for k, v in rank_columns(rows, lang).items()},
        tr_en("col.province", lang): rows["district_code"].map(names["province"]).to_numpy(),
    })
    frame = ordered(frame, district, lang).sort_values(tr_en("s.rank", lang), na_position="last", ignore_index=True)
    frame.attrs["digits"] = 1
    frame.attrs["ranked_of"] = int(result.districts.loc[result.districts["theme"] == "overall", "score"]
                                   .notna().groupby(result.districts["method"]).sum().get(method, 0))
    return frame
