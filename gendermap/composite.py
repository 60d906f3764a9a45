"""Synthesis (composite) index of gender equality, per theme and overall.

Input is two wide tables with the same shape: women's and men's values, one row per
unit (mahalle or district) and one column per indicator. Three methods:

``eige``
    EIGE Gender Equality Index (Methodological Report 2017): gap
    ``Γ = |x_W / x̄ − 1|`` with ``x̄`` the mean of women's and men's values; correcting
    coefficient ``α = x̄ / max x̄`` (max over the units compared), indicator score
    ``1 + 99·α·(1 − Γ)``; arithmetic mean inside a theme, geometric mean across themes.
    Scores run from 1 (full inequality) to 100 (equality at the best level reached).
``gap_only``
    The same without ``α``: ``1 + 99·(1 − Γ)``. Permanyer (2015, J. Eur. Soc. Policy
    25(4)) shows that ``α`` makes the EIGE score largely a measure of overall achievement;
    this variant measures the gap alone.
``minmax``
    OECD/JRC Handbook (Nardo et al. 2008) min–max normalisation of the equality level
    ``1 − Γ`` across units to 0–100, arithmetic means inside and across themes. Scores
    are relative: 100 is the most equal unit on that indicator, 0 the least.

Direction. ``Γ`` is symmetric, but ``x̄`` and ``α`` reward a high level, so an indicator
where lower is better (e.g. a not-in-employment-or-education rate) is first turned into
its positive counterpart, as EIGE does for variables with a negative connotation
(Methodological Report 2017 builds "not at-risk-of-poverty" as 100 minus the at-risk
rate and uses the S20/S80 rather than the S80/S20 income ratio): proportions are replaced
by their complement ``1 − x``, other values (rates per person, ratios) by their
reciprocal ``1 / x``. ``inversion`` overrides the choice per indicator.

Missing data. A unit needs at least ``min_share`` (default 2/3) of the index's
indicators with a value, else its overall score is NaN with status
``insufficient_data``; the same rule applies to each theme's indicators. Never a silent
zero. Weights are renormalised over the indicators (and themes) a unit has.

Geometric means need positive scores. ``eige`` and ``gap_only`` scores are at least 1 by
construction; ``minmax`` runs 0–100, so before a geometric mean its scores are put on the
1–100 scale (``1 + 0.99·s``), as COINr advises (normalise to [1, 100] before geometric
aggregation). Any other zero or negative score is refused with a ValueError, never
replaced by a tiny number.

Ranks: 1 = most equal (highest score). Ties share the best rank
(``scipy.stats.rankdata(method="min")``).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import rankdata

Method = Literal["eige", "gap_only", "minmax"]
Aggregation = Literal["geometric", "arithmetic"]
METHODS: tuple[str, ...] = ("eige", "gap_only", "minmax")
AGGREGATIONS: tuple[str, ...] = ("geometric", "arithmetic")
DEFAULT_ACROSS: dict[str, str] = {"eige": "geometric", "gap_only": "geometric", "minmax": "arithmetic"}
OVERALL = "overall"
DEFAULT_MIN_SHARE = 2 / 3

FloatArray = npt.NDArray[np.float64]


def check_method(method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"Invalid method: {method!r}\nMethod must be one of {METHODS}")


def check_aggregation(aggregation: str) -> None:
    if aggregation not in AGGREGATIONS:
        raise ValueError(
            f"Invalid aggregation: {aggregation!r}\nAggregation must be one of {AGGREGATIONS}"
        )


def validate_weights(
    weights: Mapping[str, float] | None, names: Sequence[str], what: str
) -> pd.Series:
    """User weights as a Series over ``names`` (missing names weigh 1).

    Raises ValueError naming the problem: an unknown name, a weight that is not a
    finite number, a negative weight, or all weights zero.
    """
    out = pd.Series(1.0, index=pd.Index(list(names), dtype=object), name=what)
    if weights is None:
        return out
    unknown = sorted(set(weights) - set(names))
    if unknown:
        raise ValueError(f"{what} weights: unknown name(s) {unknown}; known: {sorted(names)}")
    for key, raw in weights.items():
        try:
            val = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{what} weight for {key!r} is not a number: {raw!r}") from None
        if not np.isfinite(val):
            raise ValueError(f"{what} weight for {key!r} must be finite, got {raw!r}")
        if val < 0:
            raise ValueError(f"{what} weight for {key!r} must not be negative, got {val}")
        out[key] = val
    if not (out > 0).any():
        raise ValueError(f"{what} weights are all zero: give at least one a positive weight")
    return out


def minmax(values: npt.ArrayLike, direction: int = 1) -> FloatArray:
    """Min–max normalise columns to [0, 1]; ``direction=-1`` for lower-is-better.

    NaN stays NaN. A column with no spread (all equal) carries no ranking information
    and maps to 0.5, the middle of the range.
    """
    if direction not in (1, -1):
        raise ValueError(f"direction must be +1 or -1, got {direction!r}")
    x = np.asarray(values, dtype=float)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN column: stays NaN
        lo = np.nanmin(x, axis=0) if x.size else np.nan
        hi = np.nanmax(x, axis=0) if x.size else np.nan
        span = hi - lo
        dist = (x - lo) if direction == 1 else (hi - x)
        scaled = np.where(span > 0, dist / np.where(span > 0, span, 1.0), 0.5)
    return np.where(np.isfinite(x), np.clip(scaled, 0.0, 1.0), np.nan)


def _check_pair(women: pd.DataFrame, men: pd.DataFrame, indicators: Sequence[str]) -> None:
    if not women.index.equals(men.index):
        raise ValueError("women and men tables must have the same units (index) in the same order")
    for name, frame in (("women", women), ("men", men)):
        missing = [i for i in indicators if i not in frame.columns]
        if missing:
            raise ValueError(f"{name} table lacks indicator column(s) {missing}")
        neg = [i for i in indicators if (frame[i].to_numpy(dtype=float) < 0).any()]
        if neg:
            raise ValueError(f"{name} table: negative values in {neg}; indicator values must be >= 0")


def orient(
    women: pd.DataFrame,
    men: pd.DataFrame,
    directions: Mapping[str, int],
    inversion: Mapping[str, Literal["complement", "reciprocal"]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn lower-is-better indicators into higher-is-better ones (see module docstring)."""
    w, m = women.astype(float).copy(), men.astype(float).copy()
    inversion = dict(inversion or {})
    for ind, direction in directions.items():
        if direction not in (1, -1):
            raise ValueError(f"direction of {ind!r} must be +1 or -1, got {direction!r}")
        if direction == 1 or ind not in w.columns:
            continue
        both = np.concatenate([w[ind].to_numpy(), m[ind].to_numpy()])
        is_share = bool(np.nanmax(both, initial=0.0) <= 1.0)
        how = inversion.get(ind, "complement" if is_share else "reciprocal")
        if how == "complement":
            if not is_share:
                raise ValueError(f"{ind!r}: complement inversion needs proportions in [0, 1]")
            w[ind], m[ind] = 1.0 - w[ind], 1.0 - m[ind]
        elif how == "reciprocal":
            with np.errstate(divide="ignore"):
                w[ind] = np.where(w[ind] > 0, 1.0 / w[ind], np.nan)
                m[ind] = np.where(m[ind] > 0, 1.0 / m[ind], np.nan)
        else:
            raise ValueError(f"{ind!r}: inversion must be 'complement' or 'reciprocal', got {how!r}")
    return w, m


def gender_gap(women: npt.ArrayLike, men: npt.ArrayLike) -> FloatArray:
    """EIGE gap ``Γ = |x_W / x̄ − 1|`` in [0, 1]; NaN when both values are 0 or missing."""
    xw = np.asarray(women, dtype=float)
    xm = np.asarray(men, dtype=float)
    mean = (xw + xm) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.abs(xw / mean - 1.0)
    return np.where(mean > 0, gap, np.nan)


def indicator_scores(
    women: pd.DataFrame,
    men: pd.DataFrame,
    directions: Mapping[str, int],
    method: Method = "eige",
    inversion: Mapping[str, Literal["complement", "reciprocal"]] | None = None,
) -> pd.DataFrame:
    """Per unit and indicator score (same shape as ``women``, columns = ``directions``)."""
    check_method(method)
    indicators = list(directions)
    _check_pair(women, men, indicators)
    w, m = orient(women[indicators], men[indicators], directions, inversion)
    xw, xm = w.to_numpy(), m.to_numpy()
    equality = 1.0 - gender_gap(xw, xm)
    if method == "eige":
        mean = (xw + xm) / 2
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # indicator nobody has
            top = np.nanmax(np.where(np.isfinite(equality), mean, np.nan), axis=0)
            alpha = np.where(top > 0, mean / top, np.nan)
        scores = 1.0 + 99.0 * alpha * equality
    elif method == "gap_only":
        scores = 1.0 + 99.0 * equality
    else:
        scores = 100.0 * minmax(equality)
    return pd.DataFrame(scores, index=women.index, columns=indicators)


@dataclass(frozen=True)
class Structure:
    """Indicators, their themes and weights as arrays, validated once."""

    indicators: list[str]
    themes: list[str]
    theme_of: npt.NDArray[np.int64]  # (k,) theme position of each indicator
    indicator_weights: FloatArray  # (k,)
    theme_weights: FloatArray  # (T,)

    @property
    def onehot(self) -> FloatArray:
        out = np.zeros((len(self.indicators), len(self.themes)))
        out[np.arange(len(self.indicators)), self.theme_of] = 1.0
        return out


def build_structure(
    themes: Mapping[str, str],
    indicator_weights: Mapping[str, float] | None = None,
    theme_weights: Mapping[str, float] | None = None,
) -> Structure:
    """Validate the index structure: ``themes`` maps indicator -> theme."""
    if not themes:
        raise ValueError("the index has no indicators: themes mapping is empty")
    indicators = list(themes)
    theme_ids = list(dict.fromkeys(themes.values()))
    if OVERALL in theme_ids:
        raise ValueError(f"{OVERALL!r} is reserved for the whole index; rename that theme")
    iw = validate_weights(indicator_weights, indicators, "indicator")
    tw = validate_weights(theme_weights, theme_ids, "theme")
    theme_of = np.array([theme_ids.index(themes[i]) for i in indicators])
    for t, theme in enumerate(theme_ids):
        members = [i for i, pos in zip(indicators, theme_of, strict=True) if pos == t]
        if tw[theme] > 0 and not (iw[members] > 0).any():
            raise ValueError(
                f"theme {theme!r} has a positive weight but all its indicators "
                f"{members} weigh zero; give one a positive weight or the theme weight 0"
            )
    return Structure(indicators, theme_ids, theme_of, iw.to_numpy(), tw.to_numpy())


def aggregate_arrays(
    scores: FloatArray,
    structure: Structure,
    across: Aggregation,
    min_share: float = DEFAULT_MIN_SHARE,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Weighted means of indicator scores ``(n, k)``.

    Returns theme scores ``(n, T)``, overall ``(n,)``, theme coverage ``(n, T)`` and
    overall coverage ``(n,)`` (share of weighted-in indicators with a score).
    """
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must be in (0, 1], got {min_share}")
    check_aggregation(across)
    onehot = structure.onehot
    active = structure.indicator_weights > 0
    avail = np.isfinite(scores) & active
    filled = np.where(avail, scores, 0.0)
    weighted = onehot * structure.indicator_weights[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        theme = (filled @ weighted) / (avail @ weighted)
        theme_cov = (avail @ onehot) / (active @ onehot)
    theme = np.where(theme_cov + 1e-12 >= min_share, theme, np.nan)
    coverage = avail.sum(axis=1) / active.sum()
    overall = combine_themes(theme, structure.theme_weights, across)
    overall = np.where(coverage + 1e-12 >= min_share, overall, np.nan)
    return theme, overall, theme_cov, coverage


def for_geometric(scores: FloatArray, method: str) -> FloatArray:
    """Scores ready for a geometric mean: ``minmax``'s 0–100 put on 1–100 (COINr's rule)."""
    return 1.0 + 0.99 * scores if method == "minmax" else scores


def combine_themes(theme: FloatArray, theme_weights: FloatArray, across: str) -> FloatArray:
    """Weighted geometric or arithmetic mean over the themes a unit has (last axis).

    ``theme`` is ``(..., T)``; ``theme_weights`` broadcasts against it. A geometric mean
    over a zero or negative score is refused (see the module docstring).
    """
    ok = np.isfinite(theme) & (theme_weights > 0)
    wsum = np.where(ok, theme_weights, 0.0).sum(axis=-1)
    if across == "geometric" and (np.where(ok, theme, 1.0) <= 0).any():
        raise ValueError(
            "geometric mean over a zero or negative theme score; put the scores on a positive "
            "scale first (composite.for_geometric) or aggregate arithmetically"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        if across == "geometric":
            logs = np.log(np.where(ok, theme, 1.0))
            out = np.exp((np.where(ok, theme_weights, 0.0) * logs).sum(axis=-1) / wsum)
        else:
            out = (np.where(ok, theme_weights * np.where(ok, theme, 0.0), 0.0)).sum(axis=-1) / wsum
    return np.where(wsum > 0, out, np.nan)


def rank_desc(scores: npt.ArrayLike) -> pd.Series:
    """Ranks with 1 = highest score (most equal); ties share the best rank; NaN stays NaN."""
    x = np.asarray(scores, dtype=float)
    ranks = rankdata(-x, method="min", nan_policy="omit") if x.size else np.empty(0)
    return pd.Series(ranks).astype("Float64").round().astype("Int64")


def synthesis(
    women: pd.DataFrame,
    men: pd.DataFrame,
    *,
    directions: Mapping[str, int],
    themes: Mapping[str, str],
    method: Method = "eige",
    indicator_weights: Mapping[str, float] | None = None,
    theme_weights: Mapping[str, float] | None = None,
    across: Aggregation | None = None,
    min_share: float = DEFAULT_MIN_SHARE,
    inversion: Mapping[str, Literal["complement", "reciprocal"]] | None = None,
) -> pd.DataFrame:
    """Theme and overall scores with ranks for every unit.

    Parameters
    ----------
    women, men
        Unit × indicator values (same index, e.g. ``mahalle_code`` or
        ``district_code``); NaN where a value is missing or suppressed.
    directions
        indicator -> +1 (higher is better) / -1 (lower is better), for every indicator
        in ``themes``.
    themes
        indicator -> theme id: the indicators in the index. Other columns are ignored.
    across
        Aggregation across themes; default geometric for eige/gap_only, arithmetic for
        minmax (as the methods define it).

    Returns
    -------
    Long frame, one row per unit and theme (``overall`` for the index):
    ``<unit>, method, theme, score, rank, coverage, status`` where ``status`` is ``ok``
    or ``insufficient_data`` and ``rank`` 1 is the most equal unit.
    """
    check_method(method)
    structure = build_structure(themes, indicator_weights, theme_weights)
    missing_dir = [i for i in structure.indicators if i not in directions]
    if missing_dir:
        raise ValueError(f"no direction for indicator(s) {missing_dir}; give +1 or -1")
    dirs = {i: int(directions[i]) for i in structure.indicators}
    scores = indicator_scores(women, men, dirs, method, inversion)
    return combine_scores(
        scores, themes=themes, method=method, indicator_weights=indicator_weights,
        theme_weights=theme_weights, across=across, min_share=min_share,
    )


def combine_scores(
    scores: pd.DataFrame,
    *,
    themes: Mapping[str, str],
    method: Method = "eige",
    indicator_weights: Mapping[str, float] | None = None,
    theme_weights: Mapping[str, float] | None = None,
    across: Aggregation | None = None,
    min_share: float = DEFAULT_MIN_SHARE,
) -> pd.DataFrame:
    """Theme and overall scores with ranks from per-indicator scores (second half of
    :func:`synthesis`).

    ``scores`` is unit × indicator (:func:`indicator_scores` output, index named by the
    unit), so weights can be changed without the women's and men's values (the app
    holds only the disclosure-controlled ones). Output as :func:`synthesis`.
    """
    check_method(method)
    structure = build_structure(themes, indicator_weights, theme_weights)
    missing = [i for i in structure.indicators if i not in scores.columns]
    if missing:
        raise ValueError(f"scores table lacks indicator column(s) {missing}")
    values_in = scores[structure.indicators].to_numpy(dtype=float)
    across = across or DEFAULT_ACROSS[method]  # type: ignore[assignment]
    if across == "geometric":
        values_in = for_geometric(values_in, method)
    theme, overall, theme_cov, coverage = aggregate_arrays(
        values_in, structure, across, min_share  # type: ignore[arg-type]
    )
    unit = scores.index.name or "unit"
    parts = []
    columns = [*structure.themes, OVERALL]
    values = np.column_stack([theme, overall])
    covs = np.column_stack([theme_cov, coverage])
    for j, name in enumerate(columns):
        part = pd.DataFrame(
            {
                unit: scores.index.to_numpy(),
                "method": method,
                "theme": name,
                "score": values[:, j],
                "rank": rank_desc(values[:, j]).to_numpy(),
                "coverage": covs[:, j],
            }
        )
        part["status"] = np.where(np.isfinite(values[:, j]), "ok", "insufficient_data")
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def wide_by_sex(
    rates: pd.DataFrame,
    *,
    unit: str = "mahalle_code",
    year: int | None = None,
    value: str = "value",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Women's and men's unit × indicator tables from a tidy rates table.

    Uses the latest year of each indicator unless ``year`` is given. Suppressed and
    no-data cells are NaN (counted as missing by the missing-data rule); unreliable
    values are used, their flag stays in the rates table.
    """
    frame = rates[rates["sex"].isin(["F", "M"])]
    if year is not None:
        frame = frame[frame["year"] == year]
    else:
        latest = frame.groupby("indicator", observed=True)["year"].transform("max")
        frame = frame[frame["year"] == latest]
    vals = frame[value].where(~frame["flag"].astype(str).isin(["suppressed", "no_data"]))
    wide = frame.assign(_v=vals).pivot_table(
        index=unit, columns=["sex", "indicator"], values="_v", aggfunc="first", dropna=False
    )
    units = pd.Index(sorted(frame[unit].unique()), name=unit)
    indicators = sorted(frame["indicator"].unique())

    def side(sex: str) -> pd.DataFrame:
        if sex in wide.columns.get_level_values(0):
            part = pd.DataFrame(wide[sex])
        else:
            part = pd.DataFrame(index=units)
        out = part.reindex(index=units, columns=indicators).astype(float)
        out.columns = pd.Index(indicators)
        return out

    return side("F"), side("M")
