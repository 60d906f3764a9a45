"""Monte Carlo uncertainty analysis of the synthesis ranks (OECD/JRC Handbook, COINr).

A composite rank depends on choices nobody can defend to the last decimal: the weights,
the method (``eige``, ``gap_only``, ``minmax``) and the aggregation across themes.
Following the OECD/JRC Handbook (Nardo et al. 2008, step 7) and COINr's
``get_sensitivity``, each draw perturbs those choices, recomputes the index and ranks the
units; per unit we report the median rank and the 5–95 % rank interval, and a stability
label derived from the interval's width relative to the number of ranked units:

``stable``    width <= 10 % of the units,
``moderate``  width <= 25 %,
``unstable``  wider (thresholds configurable).

Centred on the user's choice (:func:`rank_uncertainty`, what the build, the app and the
CLI use): the weights are drawn around the user's weights and, unless the user turns it
off, each draw keeps the chosen method's normalisation with probability 1/2 (the other
methods share the rest) and the method's own aggregation across themes with probability
1/2 (else the other one). So the interval answers "how sure is this rank under *my*
choices", and it moves when the method or the weights move. Ranks are out of the units
passed in: pass the area being looked at. :func:`monte_carlo_ranks` is the older form,
pooling a set of methods uniformly.

Weights are drawn from a Dirichlet distribution centred on the user's weights (within
each theme for indicators, across themes for themes); ``concentration`` sets how
tightly (larger = closer to the user's weights; 20 gives roughly ±20-30 % relative
spread for a handful of weights). Zero weights stay zero: the user excluded them.

The draws are vectorised: indicator scores do not depend on weights, so they are
computed once per method and every draw is a matrix product, never a Python loop over
units. Seeded: the same inputs and seed give the same intervals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from gendermap.composite import (
    AGGREGATIONS,
    DEFAULT_ACROSS,
    DEFAULT_MIN_SHARE,
    METHODS,
    OVERALL,
    Structure,
    build_structure,
    check_aggregation,
    check_method,
    combine_scores,
    for_geometric,
    indicator_scores,
)

FloatArray = npt.NDArray[np.float64]
STABILITY_LABELS: tuple[str, ...] = ("stable", "moderate", "unstable")


@dataclass(frozen=True)
class Draws:
    """The sampled choices: method and aggregation per draw, weights per draw."""

    method: npt.NDArray[np.int64]  # (D,) index into methods
    aggregation: npt.NDArray[np.int64]  # (D,) index into aggregations
    indicator_weights: FloatArray  # (D, k)
    theme_weights: FloatArray  # (D, T)


def _dirichlet_around(
    rng: np.random.Generator, weights: FloatArray, concentration: float, n: int
) -> FloatArray:
    """``n`` draws of non-negative weights summing like ``weights``, centred on them."""
    out = np.zeros((n, weights.size))
    pos = weights > 0
    if pos.sum() == 1:
        out[:, pos] = weights[pos]
        return out
    share = weights[pos] / weights[pos].sum()
    out[:, pos] = rng.dirichlet(share * concentration * pos.sum(), size=n) * weights[pos].sum()
    return out


def draw_choices(
    structure: Structure,
    n_draws: int,
    *,
    methods: Sequence[str],
    aggregations: Sequence[str] | None,
    concentration: float,
    rng: np.random.Generator,
    method_p: Sequence[float] | None = None,
    own_aggregation_p: float | None = None,
) -> Draws:
    """Sample ``n_draws`` sets of choices (see module docstring).

    ``method_p``: probability of each of ``methods`` (uniform when None).
    ``own_aggregation_p``: when given, each draw takes its method's own aggregation with
    this probability and the other one otherwise (``aggregations`` is then ignored).
    """
    k, t = len(structure.indicators), len(structure.themes)
    iw = np.zeros((n_draws, k))
    for theme in range(t):
        members = np.flatnonzero(structure.theme_of == theme)
        iw[:, members] = _dirichlet_around(
            rng, structure.indicator_weights[members], concentration, n_draws
        )
    tw = _dirichlet_around(rng, structure.theme_weights, concentration, n_draws)
    if method_p is None:
        method = rng.integers(0, len(methods), size=n_draws)
    else:
        method = rng.choice(len(methods), size=n_draws, p=np.asarray(method_p, dtype=float))
    if own_aggregation_p is not None:
        own = np.array([AGGREGATIONS.index(DEFAULT_ACROSS[methods[m]]) for m in method], dtype=np.int64)
        flip = rng.random(n_draws) >= own_aggregation_p
        aggregation = np.where(flip, 1 - own, own).astype(np.int64)
    elif aggregations is None:  # each method with its own aggregation
        aggregation = np.array(
            [AGGREGATIONS.index(DEFAULT_ACROSS[methods[m]]) for m in method], dtype=np.int64
        )
    else:
        choice = rng.integers(0, len(aggregations), size=n_draws)
        aggregation = np.array([AGGREGATIONS.index(aggregations[c]) for c in choice], dtype=np.int64)
    return Draws(method, aggregation, iw, tw)


def _scores_for_draws(
    scores: FloatArray, structure: Structure, draws: Draws, rows: npt.NDArray[np.int64],
    min_share: float, method: str = "eige",
) -> FloatArray:
    """Overall scores ``(n, len(rows))`` for the draws in ``rows`` (all one ``method``);
    the transpose of :func:`_draw_scores`, kept for tests and callers that want units first."""
    return _draw_scores(_Prepared.of(scores, structure, min_share, method), draws, rows).T


@dataclass(frozen=True)
class _Prepared:
    """What does not depend on the draw, computed once per method: which indicators and
    themes a unit has (from its data, not the weights) and the zero-filled score matrices
    for both aggregations."""

    onehot: FloatArray  # (k, T)
    avail: FloatArray  # (n, k) 1.0 where a weighted-in indicator has a score
    has_theme: npt.NDArray[np.bool_]  # (n, T)
    has_theme_f: FloatArray  # (T, n) the same as 0/1, draw-major for the weight sums
    ok_unit: npt.NDArray[np.bool_]  # (n,) enough indicators overall
    filled: dict[bool, FloatArray]  # geometric? -> (n, k) scores, 0 where missing
    partial: npt.NDArray[np.intp]  # units lacking a theme (usually few)
    nonpositive: bool  # a geometric input score <= 0: theme scores must be checked per draw

    @classmethod
    def of(cls, scores: FloatArray, structure: Structure, min_share: float, method: str) -> _Prepared:
        onehot = structure.onehot
        active = structure.indicator_weights > 0
        avail = np.isfinite(scores) & active
        with np.errstate(invalid="ignore", divide="ignore"):
            theme_cov = (avail @ onehot) / (active @ onehot)  # (n, T)
        has_theme = (theme_cov + 1e-12 >= min_share) & (structure.theme_weights > 0)
        coverage = avail.sum(axis=1) / active.sum()
        filled = {
            geo: np.where(avail, for_geometric(scores, method) if geo else scores, 0.0) for geo in (True, False)
        }
        return cls(onehot, avail.astype(float), has_theme, np.ascontiguousarray(has_theme.T, dtype=float),
                   coverage + 1e-12 >= min_share, filled, np.flatnonzero(~has_theme.all(axis=1)),
                   bool((filled[True][avail] <= 0).any()))


def _draw_scores(prep: _Prepared, draws: Draws, rows: npt.NDArray[np.int64]) -> FloatArray:
    """Overall scores ``(len(rows), n)``, draw-major, for the draws in ``rows`` (one method).

    Per draw only matrix products and one log/exp remain (the masks are in ``prep``).
    Geometric draws use :func:`gendermap.composite.for_geometric` scores, as the point
    computation does. The arithmetic is the same, operation for operation, as it was before
    the layout changed (same products, same order of sums), so a seed gives the same ranks.
    """
    onehot, has_theme = prep.onehot, prep.has_theme
    n = prep.avail.shape[0]
    out = np.full((rows.size, n), np.nan)
    geometric = draws.aggregation[rows] == AGGREGATIONS.index("geometric")
    for use_geo in (True, False):
        sel = np.flatnonzero(geometric == use_geo)
        if sel.size == 0:
            continue
        w = draws.indicator_weights[rows[sel]]  # (d, k)
        d, k, t = w.shape[0], w.shape[1], onehot.shape[1]
        flat = (w[:, :, None] * onehot[None, :, :]).transpose(1, 0, 2).reshape(k, d * t)
        theme = prep.filled[use_geo] @ flat
        with np.errstate(invalid="ignore", divide="ignore"):
            np.divide(theme, prep.avail @ flat, out=theme)
        theme = theme.reshape(n, d, t)
        part = prep.partial
        if part.size:
            theme[part] = np.where(has_theme[part, None, :], theme[part], 1.0 if use_geo else 0.0)
        tw = draws.theme_weights[rows[sel]]  # (d, T)
        wsum = tw @ prep.has_theme_f  # (d, n)
        if use_geo:
            # a theme score is a positive-weighted mean of its indicator scores: it can only
            # be <= 0 when an input score is, so the full check runs only then
            if prep.nonpositive and (theme <= 0).any():
                raise ValueError("geometric mean over a zero or negative theme score")
            np.log(theme, out=theme)
        total = np.einsum("ndt,dt->dn", theme, tw)
        with np.errstate(invalid="ignore", divide="ignore"):
            np.divide(total, wsum, out=total)
            if use_geo:
                np.exp(total, out=total)
        total[wsum <= 0] = np.nan
        out[sel] = total
    out[:, ~prep.ok_unit] = np.nan
    return out


def min_ranks(scores: FloatArray) -> npt.NDArray[np.int64]:
    """Per column, rank 1 = highest; ties share the best rank. The same numbers as
    ``scipy.stats.rankdata(-scores, method="min", axis=0)`` (tested). No NaN allowed."""
    return _min_ranks_by_row(np.ascontiguousarray(scores.T)).T.astype(np.int64)


def _min_ranks_by_row(scores: FloatArray) -> npt.NDArray[np.int32]:
    """:func:`min_ranks` of each row of a draw-major ``(D, n)`` array.

    One unstable sort per row (contiguous, so fast): the order inside a run of equal
    scores does not matter, since every member of the run gets the run's first position.
    """
    n = scores.shape[1]
    order = np.argsort(-scores, axis=1)
    ordered = np.take_along_axis(scores, order, axis=1)
    first = np.empty(ordered.shape, dtype=bool)
    first[:, :1] = True
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=first[:, 1:])
    pos = np.where(first, np.arange(1, n + 1, dtype=np.int32), np.int32(0))
    np.maximum.accumulate(pos, axis=1, out=pos)
    ranks = np.empty_like(pos)
    np.put_along_axis(ranks, order, pos, axis=1)
    return ranks


def rank_intervals(
    overall: FloatArray,
    *,
    stable_width: float = 0.10,
    moderate_width: float = 0.25,
) -> pd.DataFrame:
    """Median rank, 5–95 % rank interval and stability from scores ``(n, D)``.

    Rank 1 = highest score (most equal). Units with no score in any draw get NaN and
    stability ``insufficient_data``.
    """
    return _intervals(np.ascontiguousarray(np.asarray(overall, dtype=float).T),
                      stable_width=stable_width, moderate_width=moderate_width)


def _intervals(by_draw: FloatArray, *, stable_width: float, moderate_width: float) -> pd.DataFrame:
    """:func:`rank_intervals` from draw-major scores ``(D, n)``."""
    n = by_draw.shape[1]
    valid = np.isfinite(by_draw).all(axis=0)
    med = np.full(n, np.nan)
    p05, p95 = med.copy(), med.copy()
    label = np.full(n, "insufficient_data", dtype=object)
    if valid.any():
        sub = by_draw[:, valid] if not valid.all() else by_draw
        ranks = _min_ranks_by_row(sub)
        p05[valid], med[valid], p95[valid] = np.percentile(ranks, [5, 50, 95], axis=0)
        width = (p95[valid] - p05[valid]) / sub.shape[1]
        label[valid] = np.where(
            width <= stable_width, "stable", np.where(width <= moderate_width, "moderate", "unstable")
        )
    return pd.DataFrame({"rank_median": med, "rank_p05": p05, "rank_p95": p95, "stability": label})


def monte_carlo_ranks(
    women: pd.DataFrame,
    men: pd.DataFrame,
    *,
    directions: Mapping[str, int],
    themes: Mapping[str, str],
    indicator_weights: Mapping[str, float] | None = None,
    theme_weights: Mapping[str, float] | None = None,
    methods: Sequence[str] = METHODS,
    aggregations: Sequence[str] | None = AGGREGATIONS,
    n_draws: int = 1000,
    concentration: float = 20.0,
    min_share: float = DEFAULT_MIN_SHARE,
    seed: int = 20231231,
    stable_width: float = 0.10,
    moderate_width: float = 0.25,
    inversion: Mapping[str, Literal["complement", "reciprocal"]] | None = None,
) -> pd.DataFrame:
    """Rank uncertainty of the overall index per unit.

    ``women``/``men`` and ``directions``/``themes`` as in
    :func:`gendermap.composite.synthesis`. ``methods``: the methods a draw may use;
    ``aggregations``: the across-theme aggregations a draw may use (``None``: each
    method's own). Returns one row per unit (``women``'s index, same order):
    ``<unit>, rank_median, rank_p05, rank_p95, stability``.
    """
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    if not np.isfinite(concentration) or concentration <= 0:
        raise ValueError(f"concentration must be a positive number, got {concentration}")
    if not methods:
        raise ValueError(f"methods must name at least one of {METHODS}")
    for m in methods:
        check_method(m)
    if aggregations is not None:
        if not aggregations:
            raise ValueError(f"aggregations must name at least one of {AGGREGATIONS} or be None")
        for a in aggregations:
            check_aggregation(a)
    structure = build_structure(themes, indicator_weights, theme_weights)
    missing_dir = [i for i in structure.indicators if i not in directions]
    if missing_dir:
        raise ValueError(f"no direction for indicator(s) {missing_dir}; give +1 or -1")
    dirs = {i: int(directions[i]) for i in structure.indicators}
    rng = np.random.default_rng(seed)
    draws = draw_choices(
        structure, n_draws, methods=methods, aggregations=aggregations,
        concentration=concentration, rng=rng,
    )
    overall = np.full((n_draws, len(women)), np.nan)  # draw-major: each draw's ranks are one row
    for pos, method in enumerate(methods):
        rows = np.flatnonzero(draws.method == pos)
        if rows.size == 0:
            continue
        scores = indicator_scores(women, men, dirs, method, inversion).to_numpy()  # type: ignore[arg-type]
        prep = _Prepared.of(scores, structure, min_share, method)
        for chunk in np.array_split(rows, max(1, rows.size // 250)):
            overall[chunk] = _draw_scores(prep, draws, chunk)
    result = _intervals(overall, stable_width=stable_width, moderate_width=moderate_width)
    result.insert(0, women.index.name or "unit", women.index.to_numpy())
    return result


def rank_uncertainty(
    scores: Mapping[str, pd.DataFrame],
    *,
    themes: Mapping[str, str],
    method: str,
    indicator_weights: Mapping[str, float] | None = None,
    theme_weights: Mapping[str, float] | None = None,
    vary_method: bool = True,
    n_draws: int = 1000,
    concentration: float = 20.0,
    min_share: float = DEFAULT_MIN_SHARE,
    seed: int = 20231231,
    stable_width: float = 0.10,
    moderate_width: float = 0.25,
) -> pd.DataFrame:
    """Rank uncertainty of the overall index around the user's choice (module docstring).

    ``scores``: method -> unit × indicator scores (:func:`gendermap.composite.indicator_scores`;
    same units in the same order for every method); only ``method`` is needed when
    ``vary_method`` is off. Ranks are out of the units given. Returns one row per unit:
    ``<unit>, rank_median, rank_p05, rank_p95, stability``.
    """
    check_method(method)
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    if not np.isfinite(concentration) or concentration <= 0:
        raise ValueError(f"concentration must be a positive number, got {concentration}")
    if method not in scores:
        raise ValueError(f"no indicator scores for the chosen method {method!r}")
    structure = build_structure(themes, indicator_weights, theme_weights)
    methods = [m for m in METHODS if m in scores] if vary_method else [method]
    if len(methods) > 1:
        others = (1 - 0.5) / (len(methods) - 1)
        method_p: list[float] | None = [0.5 if m == method else others for m in methods]
    else:
        method_p = None
    base = scores[method]
    for m in methods:
        if not scores[m].index.equals(base.index):
            raise ValueError(f"scores of {m!r} and {method!r} cover different units")
    # one stream per chosen method: a method's intervals do not depend on which others run
    rng = np.random.default_rng([seed, METHODS.index(method)])
    draws = draw_choices(
        structure, n_draws, methods=methods, aggregations=None, concentration=concentration,
        rng=rng, method_p=method_p, own_aggregation_p=0.5 if vary_method else None,
    )
    overall = np.full((n_draws, len(base)), np.nan)  # draw-major: each draw's ranks are one row
    for pos, m in enumerate(methods):
        rows = np.flatnonzero(draws.method == pos)
        if rows.size == 0:
            continue
        prep = _Prepared.of(scores[m][structure.indicators].to_numpy(dtype=float), structure, min_share, m)
        for chunk in np.array_split(rows, max(1, rows.size // 250)):
            overall[chunk] = _draw_scores(prep, draws, chunk)
    result = _intervals(overall, stable_width=stable_width, moderate_width=moderate_width)
    result.insert(0, base.index.name or "unit", base.index.to_numpy())
    return result


def table_from_scores(
    scores: Mapping[str, pd.DataFrame],
    *,
    themes: Mapping[str, str],
    methods: Sequence[str] = METHODS,
    indicator_weights: Mapping[str, float] | None = None,
    theme_weights: Mapping[str, float] | None = None,
    min_share: float = DEFAULT_MIN_SHARE,
    vary_method: bool = True,
    n_draws: int = 1000,
    seed: int = 20231231,
    **mc: float,
) -> pd.DataFrame:
    """The synthesis table for ``methods`` from per-indicator ``scores`` (method -> unit ×
    indicator): point scores and ranks (:func:`gendermap.composite.combine_scores`) and,
    on the ``overall`` rows, each method's own :func:`rank_uncertainty` around the weights
    (theme rows carry NaN and stability ``not_assessed``). Ranks are out of the units given.
    """
    parts = []
    for m in methods:
        check_method(m)
        point = combine_scores(
            scores[m], themes=themes, method=m,  # type: ignore[arg-type]
            indicator_weights=indicator_weights, theme_weights=theme_weights, min_share=min_share,
        )
        unit = scores[m].index.name or "unit"
        ranks = rank_uncertainty(
            scores, themes=themes, method=m, indicator_weights=indicator_weights,
            theme_weights=theme_weights, vary_method=vary_method, n_draws=n_draws,
            min_share=min_share, seed=seed, **mc,  # type: ignore[arg-type]
        ).assign(theme=OVERALL)
        parts.append(point.merge(ranks, on=[unit, "theme"], how="left"))
    table = pd.concat(parts, ignore_index=True)
    table["rank"] = table["rank"].astype("Float64").astype(float)  # one dtype, NaN when no score
    table["stability"] = table["stability"].fillna("not_assessed")
    return table


def synthesis_table(
    women: pd.DataFrame,
    men: pd.DataFrame,
    *,
    directions: Mapping[str, int],
    themes: Mapping[str, str],
    methods: Sequence[str] = METHODS,
    indicator_weights: Mapping[str, float] | None = None,
    theme_weights: Mapping[str, float] | None = None,
    min_share: float = DEFAULT_MIN_SHARE,
    n_draws: int = 1000,
    seed: int = 20231231,
    **mc: Any,
) -> pd.DataFrame:
    """The ``synthesis.parquet`` table (docs/architecture.md) from women's and men's values.

    One row per unit, method and theme (``overall`` for the index): ``<unit>, method,
    theme, score, rank, coverage, status, rank_median, rank_p05, rank_p95, stability``;
    see :func:`table_from_scores` (every method's scores are computed, since a draw may
    take another method's normalisation).
    """
    structure = build_structure(themes, indicator_weights, theme_weights)
    missing_dir = [i for i in structure.indicators if i not in directions]
    if missing_dir:
        raise ValueError(f"no direction for indicator(s) {missing_dir}; give +1 or -1")
    dirs = {i: int(directions[i]) for i in structure.indicators}
    scores = {m: indicator_scores(women, men, dirs, m) for m in METHODS}  # type: ignore[arg-type]
    return table_from_scores(
        scores, themes=themes, methods=methods, indicator_weights=indicator_weights,
        theme_weights=theme_weights, min_share=min_share, n_draws=n_draws, seed=seed, **mc,
    )


__all__ = [
    "Draws",
    "STABILITY_LABELS",
    "draw_choices",
    "monte_carlo_ranks",
    "rank_intervals",
    "rank_uncertainty",
    "synthesis_table",
    "table_from_scores",
]
