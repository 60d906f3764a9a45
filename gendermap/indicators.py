"""From counts to the two tables the rest of the project reads.

``mahalle_indicators`` turns tidy counts (demo or imported) into the
``indicators.parquet`` contract: values, intervals and small-number flags.
``synthesis_scores`` turns those values into the ``synthesis.parquet`` contract: the
synthesis index per theme and overall, for each method, with Monte Carlo rank
intervals. Both are pure (frames in, frames out); the pipeline and the app call them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gendermap.catalogue import Catalogue
from gendermap.composite import METHODS, wide_by_sex
from gendermap.rates import FLAGS, aggregate_counts, compute_rates
from gendermap.suppression import unprotected_relations
from gendermap.vintages import one_vintage

INDICATOR_COLUMNS = [
    "mahalle_code", "indicator", "year", "sex", "numerator", "denominator",
    "value", "ci_low", "ci_high", "flag", "synthetic",
]
SYNTHESIS_COLUMNS = [
    "mahalle_code", "method", "theme", "score", "rank", "rank_median", "rank_p05", "rank_p95",
    "stability",
]


@dataclass(frozen=True)
class Thresholds:
    """Small-number rules (docs: issue 3 §1); defaults match :class:`gendermap.config.Settings`."""

    min_denominator: int = 30
    max_rse: float = 0.30
    disclosure_threshold: int = 5


def _count_values(rows: pd.DataFrame) -> pd.DataFrame:
    """Count indicators (population by sex): the value is the count itself, no interval."""
    out = rows.copy()
    out["value"] = pd.to_numeric(out["numerator"], errors="coerce").astype(float)
    out["ci_low"] = np.nan
    out["ci_high"] = np.nan
    out["flag"] = np.where(out["value"].notna(), "ok", "no_data")
    return out


def _given_values(rows: pd.DataFrame) -> pd.DataFrame:
    """Imported rows that carry a value but no counts: kept as given, no interval known."""
    out = rows.copy()
    out["ci_low"] = np.nan
    out["ci_high"] = np.nan
    out["flag"] = np.where(out["value"].notna(), "ok", "no_data")
    return out


def _rates(
    counts: pd.DataFrame,
    catalogue: Catalogue,
    thresholds: Thresholds,
    *,
    unit: str = "mahalle_code",
    groups: pd.Series | None = None,
) -> pd.DataFrame:
    """:func:`gendermap.rates.compute_rates` with disclosure control off for public records."""
    public = counts["indicator"].map(lambda i: catalogue.get(i).public_record).astype(bool)
    parts = [
        compute_rates(
            counts[subset], unit=unit, groups=groups,
            min_denominator=thresholds.min_denominator, max_rse=thresholds.max_rse,
            disclosure_threshold=threshold,
        )
        for subset, threshold in ((~public, thresholds.disclosure_threshold), (public, 0))
        if subset.any()
    ]
    return pd.concat(parts) if parts else compute_rates(counts, unit=unit, groups=groups)


def mahalle_indicators(
    counts: pd.DataFrame,
    catalogue: Catalogue,
    districts: Mapping[str, int] | pd.Series,
    thresholds: Thresholds = Thresholds(),
) -> pd.DataFrame:
    """Values, 95 % intervals and flags per (mahalle, indicator, year, sex).

    ``counts``: tidy rows ``mahalle_code, indicator, year, sex, numerator, denominator,
    synthetic`` and optionally ``value`` (imports that give a value only). ``districts``
    maps mahalle_code -> district_code so secondary suppression also protects the
    district totals. A district total that suppression cannot protect (a lone hidden
    cell) is reported by :func:`district_indicators`, which withholds it.
    """
    counts = counts.copy()
    if "value" not in counts.columns:
        counts["value"] = np.nan
    unknown = sorted(set(counts["indicator"]) - set(catalogue.ids))
    if unknown:
        raise ValueError(f"counts name indicator(s) missing from the catalogue: {unknown}")
    is_count = counts["indicator"].map(lambda i: not catalogue.get(i).is_rate).astype(bool)
    has_counts = counts["numerator"].notna() & counts["denominator"].notna()
    given = ~is_count & ~has_counts & counts["value"].notna()
    rated = ~is_count & ~given

    parts = []
    if is_count.any():
        parts.append(_count_values(counts[is_count]))
    if given.any():
        parts.append(_given_values(counts[given]))
    if rated.any():
        parts.append(_rates(counts[rated].drop(columns="value"), catalogue, thresholds, groups=pd.Series(districts)))
    out = pd.concat(parts, ignore_index=True) if parts else counts.iloc[0:0]
    for column in ("numerator", "denominator", "value", "ci_low", "ci_high"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    out["flag"] = pd.Categorical(out["flag"].astype(str), categories=list(FLAGS))
    out["year"] = out["year"].astype("int64")
    out["mahalle_code"] = out["mahalle_code"].astype(str)
    out["synthetic"] = out["synthetic"].astype(bool)
    return out[INDICATOR_COLUMNS].sort_values(
        ["indicator", "year", "mahalle_code", "sex"], kind="stable", ignore_index=True
    )


def pooled_counts(
    counts: pd.DataFrame,
    catalogue: Catalogue,
    groups: Mapping[str, int] | pd.Series,
    to: str = "district_code",
) -> pd.DataFrame:
    """Rate counts summed per area (mahalle -> district or province), year by year: the one
    place district and province values, and the district index, get their pooled counts.

    An area-year pooled from fewer mahalle than the area has (a vintage imported for a few
    mahalle only) is not the area's value: its counts are left empty (``no_data``) rather
    than published as if they covered the whole district.
    """
    mapping = pd.Series(groups)
    rated = counts[counts["indicator"].map(lambda i: catalogue.get(i).is_rate).astype(bool)]
    rated = rated[rated["numerator"].notna() & rated["denominator"].notna()]
    pooled = aggregate_counts(rated.drop(columns=[c for c in ("value",) if c in rated]), mapping, to=to)
    expected = pooled[to].map(mapping.value_counts())
    partial = (pooled["units"] < expected).to_numpy()
    for column in ("numerator", "denominator"):
        pooled[column] = pd.to_numeric(pooled[column], errors="coerce").astype(float)
        pooled.loc[partial, column] = np.nan
    return pooled.drop(columns=["units", "units_missing"])


def district_indicators(
    counts: pd.DataFrame,
    indicators: pd.DataFrame,
    catalogue: Catalogue,
    districts: Mapping[str, int] | pd.Series,
    thresholds: Thresholds = Thresholds(),
) -> pd.DataFrame:
    """District values from pooled mahalle counts (never an average of mahalle rates).

    A district total whose lone suppressed mahalle cell could be recovered from it
    (see :func:`gendermap.suppression.unprotected_relations`) is withheld: its value is
    NaN and its flag ``suppressed``. Columns as ``indicators.parquet`` with
    ``district_code`` in place of ``mahalle_code``.
    """
    groups = pd.Series(districts)
    out = _rates(pooled_counts(counts, catalogue, groups), catalogue, thresholds, unit="district_code")
    out = out.sort_index().reset_index(drop=True)
    hidden = indicators["flag"].astype(str).eq("suppressed")
    exposed = unprotected_relations(indicators, hidden, unit="mahalle_code", groups=groups)
    exposed = exposed[exposed["relation"] == "area"]
    if not exposed.empty:
        keys = exposed.assign(district_code=exposed["mahalle_code"].map(groups))[
            ["district_code", "indicator", "year", "sex"]
        ].drop_duplicates()
        hit = out.merge(keys.assign(_hit=True), how="left", on=["district_code", "indicator", "year", "sex"])["_hit"]
        withheld = hit.fillna(False).astype(bool).to_numpy()
        for column in ("numerator", "denominator", "value", "ci_low", "ci_high"):
            out.loc[withheld, column] = np.nan
        out.loc[withheld, "flag"] = "suppressed"
    return out


def province_indicators(
    counts: pd.DataFrame,
    district_values: pd.DataFrame,
    catalogue: Catalogue,
    provinces: Mapping[str, int] | pd.Series,
    district_provinces: Mapping[int, int] | pd.Series,
    thresholds: Thresholds = Thresholds(),
) -> pd.DataFrame:
    """Province values from the full mahalle counts, with district totals kept safe.

    A province total minus its published district totals gives back the withheld ones;
    that discloses a cell only when exactly one district total of that cell is withheld.
    Those province cells are withheld (``suppressed``), and secondary suppression keeps
    them from being recovered as T − M. With two or more withheld districts the province
    total reveals only their sum, and is published. ``provinces`` maps mahalle_code ->
    province_code; ``district_provinces`` district_code -> province_code.
    """
    pooled = pooled_counts(counts, catalogue, provinces, to="province_code")
    keys = ["province_code", "indicator", "year", "sex"]
    withheld = district_values[district_values["flag"].astype(str) == "suppressed"]
    lone = (
        withheld.assign(province_code=withheld["district_code"].map(pd.Series(district_provinces)))
        .groupby(keys, observed=True).size().loc[lambda n: n == 1].reset_index()[keys]
    )
    hit = pooled.merge(lone.assign(_lone=True), how="left", on=keys)["_lone"].fillna(False).astype(bool).to_numpy()
    for column in ("numerator", "denominator"):
        pooled[column] = pd.to_numeric(pooled[column], errors="coerce").astype(float)
    pooled.loc[hit, "numerator"] = np.nan  # unknown: compute_rates protects it like any hidden cell
    out = _rates(pooled, catalogue, thresholds, unit="province_code").sort_index().reset_index(drop=True)
    out.loc[hit, "flag"] = "suppressed"
    for column in ("numerator", "denominator", "value", "ci_low", "ci_high"):
        out.loc[hit, column] = np.nan
    return out


def default_weights(catalogue: Catalogue) -> dict[str, float]:
    """Index indicators whose catalogue ``weight`` is not 1 (all others weigh 1)."""
    return {e.id: float(e.weight) for e in catalogue.indicators
            if e.in_index and e.level == "mahalle" and e.weight != 1.0}


def index_inputs(catalogue: Catalogue) -> tuple[dict[str, int], dict[str, str]]:
    """Directions (+1 higher is better, -1 lower) and themes of the indicators in the index."""
    entries = [e for e in catalogue.indicators if e.in_index and e.level == "mahalle"]
    directions = {e.id: 1 if e.direction == "higher_is_better" else -1 for e in entries}
    themes = {e.id: e.theme for e in entries}
    return directions, themes


def index_values(counts: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Women's and men's values of the index indicators, before disclosure control.

    The index is computed from the full counts, not from the published (suppressed)
    cells: a score that pools a dozen indicators discloses none of them, and dropping
    every small cell would leave most rural mahalle with "insufficient data". Small
    denominators still show up as wide rank intervals (Monte Carlo) and in the flags of
    the published indicator table.
    """
    directions, _ = index_inputs(catalogue)
    rows = counts[counts["indicator"].isin(list(directions)) & counts["sex"].isin(["F", "M"])].copy()
    num = pd.to_numeric(rows["numerator"], errors="coerce").to_numpy(dtype=float)
    den = pd.to_numeric(rows["denominator"], errors="coerce").to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = np.where(den > 0, num / den, np.nan)
    if "value" in rows.columns:
        given = pd.to_numeric(rows["value"], errors="coerce").to_numpy(dtype=float)
        derived = np.where(np.isfinite(derived), derived, given)
    value = derived
    rows["value"] = value
    rows["flag"] = np.where(np.isfinite(value), "ok", "no_data")
    return rows


def synthesis_scores(
    counts: pd.DataFrame,
    catalogue: Catalogue,
    *,
    unit: str = "mahalle_code",
    methods: Sequence[str] = METHODS,
    indicator_weights: Mapping[str, float] | None = None,
    theme_weights: Mapping[str, float] | None = None,
    n_draws: int = 1000,
    seed: int = 20231231,
    years: int | Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """The synthesis table for the given settings (``synthesis.parquet`` columns + ``rank``,
    ``coverage`` and ``status``), one row per unit, method and theme.

    ``counts`` as for :func:`mahalle_indicators` (or pooled district counts with
    ``unit="district_code"``); see :func:`index_values` for why counts, not published cells.
    One vintage per indicator (:func:`gendermap.vintages.one_vintage` of ``years``; by
    default the year covering the most units), never a mix of years.
    """
    from gendermap.uncertainty import synthesis_table

    directions, themes = index_inputs(catalogue)
    women, men = wide_by_sex(index_values(one_vintage(counts, years, unit), catalogue), unit=unit)
    present = [i for i in directions if i in women.columns]
    merged = {**default_weights(catalogue), **(indicator_weights or {})}
    weights = {i: w for i, w in merged.items() if i in present} or None
    table = synthesis_table(
        women[present], men[present],
        directions={i: directions[i] for i in present},
        themes={i: themes[i] for i in present},
        methods=methods,
        indicator_weights=weights,
        theme_weights=theme_weights,
        n_draws=n_draws,
        seed=seed,
    )
    return table.sort_values([unit, "method", "theme"], ignore_index=True)
