"""The district index under the analysis' settings (part of :func:`gendermap.analysis.analysis`).

Why a table of its own: a district's index is scored from its pooled counts (sum of
numerators / sum of denominators over its mahalle), not averaged from mahalle scores, so
it needs per-indicator district scores. The build stores those
(``district_indicator_scores.parquet``, :func:`district_score_table`); the analysis
weighs them with the user's method and weights (:func:`district_synthesis`), so the
Sentez page, the Odak page's report and ``gendermap analyse`` show district values that
move with the settings, and the build's ``district_synthesis.parquet`` is this function
with the default settings.

Ranks and rank intervals are out of every district with a score (both provinces): a
district's place is read against the districts it is compared with in the reports, so the
area filter does not shrink it to "1 of 1". Vintages follow the analysis' year with the
mahalle's rule (each indicator's latest vintage up to it; by default the reference vintage).

Pure: frames in, frames out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from gendermap.catalogue import Catalogue
from gendermap.composite import METHODS
from gendermap.indicators import SYNTHESIS_COLUMNS, index_inputs, index_values
from gendermap.scores import long_scores, year_scores
from gendermap.uncertainty import table_from_scores
from gendermap.vintages import one_vintage, reference_years

if TYPE_CHECKING:
    from gendermap.analysis import AnalysisSettings

UNIT = "district_code"
DISTRICT_SYNTHESIS_COLUMNS = [UNIT, *SYNTHESIS_COLUMNS[1:]]
"""Columns of ``district_synthesis`` (the build's file and the analysis' ``districts``)."""
DISTRICT_SCORE_COLUMNS = [UNIT, "method", "indicator", "theme", "year", "reference", "score"]
"""Columns of ``district_indicator_scores``."""


def district_score_table(
    pooled: pd.DataFrame, catalogue: Catalogue, years: Mapping[str, int] | None = None
) -> pd.DataFrame:
    """Per-indicator index scores of each district from its pooled counts, every vintage
    (:data:`DISTRICT_SCORE_COLUMNS`; the build's ``district_indicator_scores``).

    ``reference`` marks the vintage the default index uses: ``years`` (the mahalle's
    reference vintages, so districts and mahalle count the same year), else the districts'
    own reference years. Unsmoothed: a district's pooled counts are large, and shrinking
    them towards the mean would only blur real differences.
    """
    directions, themes = index_inputs(catalogue)
    values = index_values(pooled, catalogue)
    reference = dict(years) if years is not None else reference_years(pooled, UNIT)
    parts = []
    for year in sorted(values["year"].astype(int).unique()):
        parts += year_scores(values[values["year"] == year], directions, METHODS, UNIT)
    if not parts:
        return pd.DataFrame(columns=DISTRICT_SCORE_COLUMNS)
    out = long_scores(parts, themes, reference)
    out[UNIT] = out[UNIT].astype(int)
    return out[DISTRICT_SCORE_COLUMNS].sort_values(["year", "method", UNIT, "indicator"], ignore_index=True)


def _chosen(long: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The rows of the vintages an analysis for ``year`` uses: the reference vintages, or
    each indicator's latest vintage up to ``year`` (the rule of :mod:`gendermap.scores`)."""
    if year is None:
        return long[long["reference"].astype(bool)]
    rows = one_vintage(long, int(year), UNIT)
    if rows.empty:
        raise ValueError(
            f"{year} yılı ve öncesi için hiçbir ilçe göstergesi yok "
            f"(no district indicator has a vintage up to {year})"
        )
    return rows


def _matrices(long: pd.DataFrame, themes: Mapping[str, str], year: int | None) -> dict[str, pd.DataFrame]:
    """method -> district × indicator scores, indicators in ``themes`` order (the order the
    Monte Carlo draws its weights in, so the build's table is reproduced exactly)."""
    long = _chosen(long, year)
    long = long[long["indicator"].isin(list(themes))]
    out = {}
    for method, rows in long.groupby("method", observed=True):
        wide = rows.pivot_table(index=UNIT, columns="indicator", values="score", aggfunc="first", dropna=False)
        out[str(method)] = wide
    if not out:
        return out
    index = pd.Index(sorted(set().union(*(w.index for w in out.values()))), name=UNIT)
    columns = [i for i in themes if any(i in w.columns for w in out.values())]
    return {m: w.reindex(index=index, columns=columns).astype(float) for m, w in out.items()}


def district_synthesis(
    scores: pd.DataFrame,
    themes: Mapping[str, str],
    settings: AnalysisSettings,
    default_weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The district index for ``settings``: score, rank and rank interval of every district,
    per method of ``settings`` and theme (:data:`DISTRICT_SYNTHESIS_COLUMNS`).

    ``scores``: :func:`district_score_table`; ``themes``: indicator -> theme of the index;
    ``default_weights``: the catalogue's indicator weights, the user's laid over them (as
    for the mahalle index). The settings' year picks the vintages as for the mahalle; their
    smoothing does not apply (districts are scored unsmoothed, see
    :func:`district_score_table`). Raises ValueError naming the problem.
    """
    matrices = _matrices(scores, themes, settings.year)
    missing = [m for m in settings.methods if m not in matrices]
    if missing:
        raise ValueError(f"district indicator scores have no rows for method(s) {missing}")
    present = next(iter(matrices.values())).columns
    used = {i: themes[i] for i in present}
    merged = {**dict(default_weights or {}), **dict(settings.indicator_weights)}
    iw = {i: w for i, w in merged.items() if i in used} or None
    table = table_from_scores(
        matrices, themes=used, methods=settings.methods, indicator_weights=iw,
        theme_weights=dict(settings.theme_weights) or None, vary_method=settings.vary_method,
        n_draws=settings.n_draws, seed=settings.seed,
    )
    table = table.sort_values([UNIT, "method", "theme"], ignore_index=True)
    table[UNIT] = table[UNIT].astype(int)
    return table[DISTRICT_SYNTHESIS_COLUMNS]


__all__ = ["DISTRICT_SCORE_COLUMNS", "DISTRICT_SYNTHESIS_COLUMNS", "district_score_table", "district_synthesis"]
