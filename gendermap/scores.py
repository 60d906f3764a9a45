"""Per-indicator index scores for every vintage and every smoothing kind, and the score
matrices an analysis starts from.

The build scores each index indicator once per vintage (year) and per smoothing kind
(:data:`SMOOTHING`) and stores them long in ``indicator_scores.parquet``; an analysis
picks the rows its settings ask for (:func:`score_matrices`). No page rescores.

Why per vintage: an indicator's score depends only on that indicator's values (EIGE's
``α`` and min–max scale over the mahalle of one indicator), so scoring every (indicator,
year) once lets the index be recombined "as of" any year without a second scoring step.

Which year an indicator contributes for ``year=Y`` (the one rule, as
:func:`gendermap.vintages.one_vintage` and the focus inputs use it): its latest vintage not
after ``Y``; an indicator with no vintage up to ``Y`` is left out of the index for ``Y``
(a later figure never stands in for an earlier year). Within an indicator the years are
never mixed: a mahalle missing from that vintage is missing, not filled from another year.
``year=None`` is each indicator's reference vintage (:func:`gendermap.vintages.reference_years`).

Smoothing (``global``/``spatial`` empirical Bayes, :mod:`gendermap.smoothing`) applies to
rate indicators scored from counts: women's and men's rates are each shrunk towards the
global or neighbourhood rate before scoring, so small mahalle no longer sit at the extremes
by chance. Count indicators and imported values without counts are scored as they are.

Pure: frames in, frames out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gendermap import smoothing as smoothing_mod
from gendermap.catalogue import Catalogue
from gendermap.composite import METHODS, indicator_scores, wide_by_sex
from gendermap.indicators import index_inputs, index_values
from gendermap.vintages import one_vintage, reference_years

__all__ = [
    "INDICATOR_SCORE_COLUMNS",
    "SMOOTHING",
    "check_smoothing",
    "indicator_score_table",
    "long_scores",
    "score_matrices",
    "score_years",
    "smoothed_index_values",
    "vintages_used",
    "year_scores",
]

SMOOTHING: tuple[str, ...] = smoothing_mod.KINDS
"""Smoothing kinds of the index: none (the build's default), global or spatial empirical Bayes."""
INDICATOR_SCORE_COLUMNS = [
    "mahalle_code", "method", "indicator", "theme", "year", "reference", "smoothing", "score",
]


def check_smoothing(kind: str) -> None:
    if kind not in SMOOTHING:
        raise ValueError(f"smoothing must be one of {SMOOTHING}, got {kind!r}")


def smoothed_index_values(
    values: pd.DataFrame, catalogue: Catalogue, kind: str, w: object | None = None
) -> pd.DataFrame:
    """:func:`gendermap.indicators.index_values` rows with rate values EB-smoothed (``kind``
    global or spatial; ``none`` returns them as they are).

    Each (indicator, year, sex) is smoothed over its mahalle. Rows without counts (count
    indicators, imported values) and, for spatial smoothing, mahalle outside ``w`` keep
    their raw value.
    """
    check_smoothing(kind)
    if kind == "none" or values.empty:
        return values
    if kind == "spatial" and w is None:
        raise ValueError("spatial smoothing needs the mahalle contiguity (w=...)")
    out = values.copy()
    is_rate = out["indicator"].map(lambda i: catalogue.get(i).is_rate).astype(bool)
    num = pd.to_numeric(out["numerator"], errors="coerce")
    den = pd.to_numeric(out["denominator"], errors="coerce")
    known = set(w.id_order) if w is not None else set()  # type: ignore[attr-defined]
    usable = is_rate & num.notna() & (den > 0)
    if kind == "spatial":
        usable &= out["mahalle_code"].astype(str).isin(known)
    for _, idx in out[usable].groupby(["indicator", "year", "sex"], observed=True).groups.items():
        e, b = num.loc[idx].to_numpy(float), den.loc[idx].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):  # a neighbourhood with no events: NaN, raw kept
            if kind == "global":
                smoothed = smoothing_mod.empirical_bayes(e, b)
            else:
                ids = out.loc[idx, "mahalle_code"].astype(str).to_numpy()
                smoothed = smoothing_mod.spatial_empirical_bayes(e, b, w, ids)
        out.loc[idx, "value"] = np.where(np.isfinite(smoothed), smoothed, out.loc[idx, "value"].to_numpy(float))
    return out


def year_scores(rows: pd.DataFrame, directions: dict[str, int], methods: Sequence[str], unit: str) -> list[pd.DataFrame]:
    """One vintage's index values (long, by sex) -> per-method indicator scores, long
    (``unit``, ``indicator``, ``score``, ``method``, ``year``): the mahalle and district score
    tables are both made of these."""
    women, men = wide_by_sex(rows, unit=unit)
    present = [i for i in directions if i in women.columns]
    year = int(rows["year"].iloc[0])
    parts = []
    for method in methods:
        wide = indicator_scores(
            women[present], men[present], {i: directions[i] for i in present}, method  # type: ignore[arg-type]
        )
        part = wide.rename_axis(index=unit).reset_index().melt(id_vars=unit, var_name="indicator", value_name="score")
        part["method"], part["year"] = method, year
        parts.append(part)
    return parts


def long_scores(parts: list[pd.DataFrame], themes: dict[str, str], reference: dict[str, int]) -> pd.DataFrame:
    """:func:`year_scores` parts as one table with each indicator's theme and whether the row
    is its reference vintage."""
    out = pd.concat(parts, ignore_index=True)
    out["theme"] = out["indicator"].map(themes)
    out["reference"] = out["indicator"].map(reference).eq(out["year"])
    out["year"] = out["year"].astype("int64")
    out["score"] = out["score"].astype(float)
    return out


def indicator_score_table(
    counts: pd.DataFrame,
    catalogue: Catalogue,
    methods: Sequence[str] = METHODS,
    *,
    smoothing: Sequence[str] = ("none",),
    w: object | None = None,
) -> pd.DataFrame:
    """Per-indicator scores of the index, long (:data:`INDICATOR_SCORE_COLUMNS`): every
    vintage of every index indicator, for each method and smoothing kind in ``smoothing``
    (``spatial`` needs ``w``, a libpysal weights object keyed by mahalle code).

    Scored from the full counts (see :func:`gendermap.indicators.index_values` for why), so
    the analysis can re-weight indicators and still reproduce the build's index with
    default weights. ``reference`` marks each indicator's reference vintage.
    """
    directions, themes = index_inputs(catalogue)
    values = index_values(counts, catalogue)
    reference = reference_years(counts)
    parts = []
    for kind in smoothing:
        smoothed = smoothed_index_values(values, catalogue, kind, w)
        for year in sorted(smoothed["year"].astype(int).unique()):
            for part in year_scores(smoothed[smoothed["year"] == year], directions, methods, "mahalle_code"):
                parts.append(part.assign(smoothing=kind))
    if not parts:
        return pd.DataFrame(columns=INDICATOR_SCORE_COLUMNS)
    out = long_scores(parts, themes, reference)
    out["mahalle_code"] = out["mahalle_code"].astype(str)
    out = out[INDICATOR_SCORE_COLUMNS]
    return out.sort_values(["smoothing", "year", "method", "mahalle_code", "indicator"], ignore_index=True)


def score_years(scores: pd.DataFrame) -> list[int]:
    """The vintages the stored scores hold (an analysis can be asked for any year from the
    first of them on)."""
    if "year" not in scores.columns:
        return []
    return sorted(int(y) for y in scores["year"].unique())


def _chosen(scores: pd.DataFrame, year: int | None, smoothing: str) -> pd.DataFrame:
    check_smoothing(smoothing)
    if "smoothing" in scores.columns:
        rows = scores[scores["smoothing"] == smoothing]
    elif smoothing == "none":
        rows = scores
    else:
        rows = scores.iloc[0:0]
    if rows.empty and not scores.empty:
        raise ValueError(
            f"Bu derlemede '{smoothing}' düzeltmeli gösterge puanı yok; 'gendermap build' ile yeniden "
            f"derleyin (this build has no indicator scores smoothed '{smoothing}'; rerun gendermap build)"
        )
    if "year" not in rows.columns:
        if year is not None:
            raise ValueError(
                f"Bu derlemede yıl bazında gösterge puanı yok; {year} için 'gendermap build' ile yeniden "
                f"derleyin (this build has no per-year indicator scores; rerun gendermap build)"
            )
        return rows
    if year is None:
        return rows[rows["reference"].astype(bool)] if "reference" in rows.columns else rows
    first = min(score_years(rows), default=None)
    if first is None or year < first:
        raise ValueError(
            f"{year} yılı ve öncesi için hiçbir göstergenin verisi yok; ilk yıl {first} "
            f"(no indicator has a vintage up to {year}; the first is {first})"
        )
    return one_vintage(rows, int(year))


def vintages_used(scores: pd.DataFrame, year: int | None, smoothing: str = "none") -> dict[str, int]:
    """indicator -> the vintage an analysis for ``year`` uses (module docstring's rule)."""
    rows = _chosen(scores, year, smoothing)
    if "year" not in rows.columns or rows.empty:
        return {}
    return {str(k): int(v) for k, v in rows.groupby("indicator", observed=True)["year"].first().items()}


def score_matrices(
    scores: pd.DataFrame, themes: dict[str, str], codes: pd.Index, year: int | None, smoothing: str
) -> dict[str, pd.DataFrame]:
    """method -> mahalle × indicator scores of the mahalle ``codes`` for ``year`` (module
    docstring) and ``smoothing``; columns in ``themes`` order, one shared row index."""
    long = _chosen(scores, year, smoothing)
    long = long[long["mahalle_code"].isin(codes) & long["indicator"].isin(list(themes))]
    out = {}
    for method, rows in long.groupby("method", observed=True):
        wide = rows.pivot_table(index="mahalle_code", columns="indicator", values="score",
                                aggfunc="first", dropna=False)
        out[str(method)] = wide
    if not out:
        return out
    index = sorted(set().union(*(w.index for w in out.values())))
    columns = [i for i in themes if any(i in w.columns for w in out.values())]
    return {m: w.reindex(index=pd.Index(index, name="mahalle_code"), columns=columns).astype(float)
            for m, w in out.items()}
