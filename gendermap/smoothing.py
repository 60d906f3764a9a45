"""Empirical Bayes rate smoothing (PySAL esda), an explicit option.

A mahalle of 40 women with 2 events shows 5 %, one of 4,000 with 200 shows 5 % too,
but only the second is known well. Empirical Bayes shrinks each raw rate towards a
reference rate (the global mean, or the mean of the unit and its neighbours), more
strongly the smaller the denominator (Marshall 1991; GeoDa; ``esda.smoothing``).

Smoothing changes the numbers people see, so it is never applied silently: the caller
names the method, and the output keeps the raw ``value`` beside ``value_smoothed`` and a
``smoothing`` column saying what was done.

Suppressed cells stay hidden: their counts inform the reference rate, but their own
smoothed value is not published (it would give their count back).

The smoothed value has its own interval (:func:`eb_interval`): the empirical Bayes
posterior of the Poisson–gamma model whose moments (Marshall 1991) give esda's estimate
(Clayton & Kaldor 1987), so the interval is centred where the smoothed value is and is
narrower than the raw Wilson interval where shrinkage borrows strength. The raw value
and its interval stay beside it (``value``, ``ci_low``, ``ci_high``).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from esda.smoothing import Empirical_Bayes, Spatial_Empirical_Bayes
from scipy.stats import gamma

SmoothingMethod = Literal["global_eb", "spatial_eb"]
METHODS: tuple[str, ...] = ("global_eb", "spatial_eb")
KINDS: tuple[str, ...] = ("none", "global", "spatial")
"""What a user chooses (map, index): none, or the method of the same name."""
_METHOD_OF: dict[str, SmoothingMethod] = {"global": "global_eb", "spatial": "spatial_eb"}

FloatArray = npt.NDArray[np.float64]


def _valid(numerator: FloatArray, denominator: FloatArray) -> npt.NDArray[np.bool_]:
    return np.isfinite(numerator) & np.isfinite(denominator) & (denominator > 0)


def empirical_bayes(numerator: npt.ArrayLike, denominator: npt.ArrayLike) -> FloatArray:
    """Global (aspatial) EB-smoothed rates; NaN where the denominator is not positive.

    esda's estimator of the between-area variance can come out negative (when the raw
    rates vary less than sampling alone would make them), and its shrinkage weight then
    leaves [0, 1]. Following Marshall (1991) a negative variance means "no real
    variation": those rates are shrunk fully to the global mean.
    """
    e = np.asarray(numerator, dtype=float)
    b = np.asarray(denominator, dtype=float)
    out = np.full(e.shape, np.nan)
    ok = _valid(e, b)
    if not ok.any():
        return out
    smoothed = Empirical_Bayes(e[ok], b[ok]).r.ravel()
    raw = e[ok] / b[ok]
    mean = e[ok].sum() / b[ok].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = (smoothed - mean) / (raw - mean)
    outside = np.isfinite(weight) & ((weight < -1e-12) | (weight > 1 + 1e-12))
    smoothed[outside] = mean
    out[ok] = smoothed
    return out


def spatial_empirical_bayes(
    numerator: npt.ArrayLike, denominator: npt.ArrayLike, w: object, ids: npt.ArrayLike
) -> FloatArray:
    """Spatial EB-smoothed rates: each unit shrinks towards its neighbourhood's rate.

    ``w`` is a libpysal weights object (e.g. Queen contiguity of the mahalle polygons)
    whose ids are the values in ``ids`` (one per rate). Units without a positive
    denominator are left out of ``w`` (libpysal ``w_subset``) and get NaN; islands are
    smoothed towards their own rate only, i.e. not at all.
    """
    from libpysal.weights import w_subset

    e = np.asarray(numerator, dtype=float)
    b = np.asarray(denominator, dtype=float)
    keys = list(np.asarray(ids, dtype=object))
    known = set(w.id_order)  # type: ignore[attr-defined]
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValueError(
            f"spatial_empirical_bayes: {len(unknown)} unit(s) are not in the weights "
            f"object, e.g. {unknown[:5]}; build the weights from the same units"
        )
    out = np.full(e.shape, np.nan)
    ok = _valid(e, b)
    if not ok.any():
        return out
    sub_ids = [k for k, good in zip(keys, ok, strict=True) if good]
    ws = w_subset(w, sub_ids, silence_warnings=True)
    ws.id_order = sub_ids
    out[ok] = Spatial_Empirical_Bayes(e[ok], b[ok], ws).r.ravel()
    return out


def eb_interval(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike,
    *,
    level: float = 0.95,
    w: object | None = None,
    ids: npt.ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper bound of each EB-smoothed rate (module docstring); NaN where the
    denominator is not positive.

    The prior mean ``m`` and variance ``s2`` are Marshall's moments, over all units (global)
    or, with ``w`` and ``ids``, over each unit and its neighbours (spatial, as esda's
    ``Spatial_Empirical_Bayes``). Posterior: Gamma(m²/s2 + e, m/s2 + n). Where ``s2`` is not
    positive (no variation beyond chance, full shrinkage) the interval is that of the pooled
    reference rate, Gamma(Σe, Σn) over the same units: never a zero-width interval.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    e = np.asarray(numerator, dtype=float)
    b = np.asarray(denominator, dtype=float)
    low, high = np.full(e.shape, np.nan), np.full(e.shape, np.nan)
    ok = _valid(e, b)
    if not ok.any():
        return low, high
    ev, bv = e[ok], b[ok]
    if w is None:
        tot_e: FloatArray = np.full(ev.shape, ev.sum())
        tot_b: FloatArray = np.full(ev.shape, bv.sum())
        sq: FloatArray = np.full(ev.shape, (ev * ev / bv).sum())
        count: FloatArray = np.full(ev.shape, float(ev.size))
    else:
        from libpysal.weights import w_subset
        from scipy import sparse

        if ids is None:
            raise ValueError("eb_interval: spatial intervals need the ids of the rates (ids=...)")
        keys = [k for k, good in zip(np.asarray(ids, dtype=object), ok, strict=True) if good]
        ws = w_subset(w, keys, silence_warnings=True)
        ws.id_order = keys
        a = (ws.sparse != 0).astype(float) + sparse.identity(len(keys), format="csr")
        tot_e, tot_b = np.asarray(a @ ev, dtype=float), np.asarray(a @ bv, dtype=float)
        sq = np.asarray(a @ (ev * ev / bv), dtype=float)
        count = np.asarray(a.sum(axis=1), dtype=float).ravel()
    m = tot_e / tot_b
    s2 = (sq - m * tot_e) / tot_b - m / (tot_b / count)
    tail = (1 - level) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        shape = np.where(s2 > 0, m * m / s2 + ev, tot_e)
        rate = np.where(s2 > 0, m / s2 + bv, tot_b)
    low[ok] = gamma.ppf(tail, shape, scale=1 / rate)
    high[ok] = gamma.ppf(1 - tail, shape, scale=1 / rate)
    return low, high


def smooth_rates(
    rates: pd.DataFrame,
    method: SmoothingMethod,
    *,
    w: object | None = None,
    unit: str = "mahalle_code",
    counts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add ``value_smoothed``, its interval (``ci_low_smoothed``, ``ci_high_smoothed``) and
    ``smoothing`` to a rates table (from ``compute_rates``); the raw ``value`` and its
    interval are kept as they are.

    Each (indicator, year, sex) is smoothed separately. ``counts`` is the counts table
    the rates came from (same index): suppressed rows of ``rates`` have no counts left,
    and without ``counts`` they are simply left out of the reference rate.
    ``method="spatial_eb"`` needs ``w``.
    """
    if method not in METHODS:
        raise ValueError(f"Invalid smoothing method: {method!r}\nMethod must be one of {METHODS}")
    if method == "spatial_eb" and w is None:
        raise ValueError("spatial_eb smoothing needs a libpysal weights object: pass w=...")
    source = counts if counts is not None else rates
    num = pd.to_numeric(source["numerator"], errors="coerce").reindex(rates.index)
    den = pd.to_numeric(source["denominator"], errors="coerce").reindex(rates.index)
    smoothed = pd.Series(np.nan, index=rates.index)
    low, high = smoothed.copy(), smoothed.copy()
    for _, idx in rates.groupby(["indicator", "year", "sex"], observed=True).groups.items():
        e, b = num.loc[idx].to_numpy(), den.loc[idx].to_numpy()
        if method == "global_eb":
            smoothed.loc[idx] = empirical_bayes(e, b)
            lo, hi = eb_interval(e, b)
        else:
            ids = rates.loc[idx, unit]
            smoothed.loc[idx] = spatial_empirical_bayes(e, b, w, ids)
            lo, hi = eb_interval(e, b, w=w, ids=ids)
        low.loc[idx], high.loc[idx] = lo, hi
    out = rates.copy()
    hidden = out["flag"].astype(str).isin(["suppressed", "no_data"]).to_numpy()
    out["value_smoothed"] = np.where(hidden, np.nan, smoothed.to_numpy())
    out["ci_low_smoothed"] = np.where(hidden, np.nan, low.to_numpy())
    out["ci_high_smoothed"] = np.where(hidden, np.nan, high.to_numpy())
    out["smoothing"] = method
    return out


def shown_values(rates: pd.DataFrame, kind: str, w: object | None = None, unit: str = "mahalle_code") -> pd.DataFrame:
    """``rates`` (one indicator, year and sex of a published table) with ``value, ci_low,
    ci_high`` the value to show and its own interval, and the published value and interval
    kept as ``value_raw, ci_low_raw, ci_high_raw``.

    ``kind``: ``none`` (shown = raw), ``global`` or ``spatial`` (:func:`smooth_rates`;
    spatial needs ``w``, keyed by ``unit``). Withheld cells stay withheld; units outside
    ``w`` get no smoothed value rather than an unsmoothed one passed off as smoothed.
    """
    if kind not in KINDS:
        raise ValueError(f"smoothing must be one of {KINDS}, got {kind!r}")
    out = rates.copy()
    out["value_raw"], out["ci_low_raw"], out["ci_high_raw"] = (
        pd.to_numeric(out[c], errors="coerce").astype(float) for c in ("value", "ci_low", "ci_high"))
    if kind == "none" or out.empty:
        return out
    if kind == "spatial" and w is None:
        raise ValueError("spatial smoothing needs a libpysal weights object: pass w=...")
    known = out[unit].astype(str).isin(set(w.id_order)) if w is not None else pd.Series(True, index=out.index)  # type: ignore[attr-defined]
    part = out[known.to_numpy()].assign(**{unit: lambda f: f[unit].astype(str)})
    with np.errstate(divide="ignore", invalid="ignore"):  # a neighbourhood without events
        done = smooth_rates(part, _METHOD_OF[kind], w=w, unit=unit)
    for target in ("value", "ci_low", "ci_high"):
        out[target] = np.nan
        out.loc[done.index, target] = done[f"{target}_smoothed"].to_numpy(dtype=float)
    return out
