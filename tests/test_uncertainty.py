"""Monte Carlo rank uncertainty."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendermap.composite import (
    aggregate_arrays,
    build_structure,
    indicator_scores,
    synthesis,
)
from gendermap.uncertainty import (
    Draws,
    _scores_for_draws,
    monte_carlo_ranks,
    rank_intervals,
    synthesis_table,
)


def inputs(n: int = 60, k: int = 6, seed: int = 3):
    rng = np.random.default_rng(seed)
    idx = pd.Index([f"m{i:03d}" for i in range(n)], name="mahalle_code")
    names = [f"i{j}" for j in range(k)]
    base = rng.uniform(0.1, 0.9, size=(n, k))
    women = pd.DataFrame(np.clip(base * rng.normal(0.9, 0.2, (n, k)), 0, 1), idx, names)
    men = pd.DataFrame(base, idx, names)
    directions = {c: (1 if j % 2 else -1) for j, c in enumerate(names)}
    themes = {c: f"t{j % 3}" for j, c in enumerate(names)}
    return women, men, directions, themes


def test_vectorised_draw_equals_the_point_computation():
    women, men, directions, themes = inputs()
    structure = build_structure(themes, {"i0": 2.0}, {"t1": 0.5})
    for method, agg in (("eige", 0), ("gap_only", 1), ("minmax", 1)):
        scores = indicator_scores(women, men, directions, method).to_numpy()  # type: ignore[arg-type]
        draws = Draws(
            method=np.array([0]), aggregation=np.array([agg]),
            indicator_weights=structure.indicator_weights[None, :],
            theme_weights=structure.theme_weights[None, :],
        )
        got = _scores_for_draws(scores, structure, draws, np.array([0]), 2 / 3)[:, 0]
        across = "geometric" if agg == 0 else "arithmetic"
        _, expected, _, _ = aggregate_arrays(scores, structure, across)  # type: ignore[arg-type]
        assert np.allclose(got, expected, equal_nan=True)


def test_tight_weights_single_method_reproduce_point_ranks():
    women, men, directions, themes = inputs()
    mc = monte_carlo_ranks(
        women, men, directions=directions, themes=themes, methods=("gap_only",),
        aggregations=None, n_draws=200, concentration=1e7, seed=1,
    )
    point = synthesis(women, men, directions=directions, themes=themes, method="gap_only")
    point = point[point["theme"] == "overall"]
    assert np.array_equal(mc["rank_median"].to_numpy(), point["rank"].to_numpy(dtype=float))
    # near-identical weights: at most two neighbours with almost equal scores swap
    assert (mc["rank_p95"] - mc["rank_p05"]).max() <= 1
    assert set(mc["stability"]) == {"stable"}


def test_intervals_are_ordered_seeded_and_labelled():
    women, men, directions, themes = inputs()
    women.iloc[0, :4] = np.nan  # too little data for m000
    kwargs = dict(directions=directions, themes=themes, n_draws=1000, seed=42)
    a = monte_carlo_ranks(women, men, **kwargs)
    b = monte_carlo_ranks(women, men, **kwargs)
    pd.testing.assert_frame_equal(a, b)
    ok = a.dropna()
    assert len(a) == len(women) and list(a.columns) == [
        "mahalle_code", "rank_median", "rank_p05", "rank_p95", "stability",
    ]
    assert (ok["rank_p05"] <= ok["rank_median"]).all()
    assert (ok["rank_median"] <= ok["rank_p95"]).all()
    assert ok["rank_p95"].max() <= len(women) - 1
    assert set(ok["stability"]) <= {"stable", "moderate", "unstable"}
    assert a.loc[0, "stability"] == "insufficient_data" and np.isnan(a.loc[0, "rank_median"])
    c = monte_carlo_ranks(women, men, **{**kwargs, "seed": 43})
    assert not a.equals(c)


def test_rank_intervals_stability_thresholds():
    # 10 units; unit 0 always first, unit 1 moves between 2 and 10.
    rng = np.random.default_rng(0)
    scores = np.tile(np.arange(10, 0, -1, dtype=float)[:, None], (1, 400))
    scores[1] = rng.uniform(0.5, 9.5, 400)
    out = rank_intervals(scores)
    assert out.loc[0, "stability"] == "stable"
    assert out.loc[0, "rank_median"] == 1
    assert out.loc[1, "stability"] == "unstable"


def test_bad_arguments_are_refused():
    women, men, directions, themes = inputs(n=5)
    base = dict(directions=directions, themes=themes)
    with pytest.raises(ValueError, match="n_draws"):
        monte_carlo_ranks(women, men, **base, n_draws=0)
    with pytest.raises(ValueError, match="Invalid method"):
        monte_carlo_ranks(women, men, **base, methods=("eige", "best"))
    with pytest.raises(ValueError, match="Invalid aggregation"):
        monte_carlo_ranks(women, men, **base, aggregations=("median",))
    with pytest.raises(ValueError, match="all zero"):
        monte_carlo_ranks(women, men, **base, indicator_weights=dict.fromkeys(women.columns, 0))
    with pytest.raises(ValueError, match="concentration"):
        monte_carlo_ranks(women, men, **base, concentration=0)


def test_zero_weights_stay_zero_in_draws():
    women, men, directions, themes = inputs()
    weights = {"i0": 0.0}
    moved = women.copy()
    moved["i0"] = 0.0  # changing an excluded indicator must not change anything
    kwargs = dict(directions=directions, themes=themes, indicator_weights=weights,
                  n_draws=100, seed=5)
    pd.testing.assert_frame_equal(
        monte_carlo_ranks(women, men, **kwargs), monte_carlo_ranks(moved, men, **kwargs)
    )


def test_synthesis_table_matches_the_contract():
    women, men, directions, themes = inputs(n=20)
    table = synthesis_table(women, men, directions=directions, themes=themes, n_draws=100)
    for col in ("mahalle_code", "method", "theme", "score", "rank_median", "rank_p05",
                "rank_p95", "stability"):
        assert col in table.columns
    assert len(table) == 20 * 3 * (3 + 1)
    overall = table[table["theme"] == "overall"]
    assert overall["rank_median"].notna().all()
    assert (table.loc[table["theme"] != "overall", "stability"] == "not_assessed").all()


def test_ties_share_the_best_rank_in_every_draw():
    scores = np.array([[5.0, 1.0], [5.0, 2.0], [3.0, 2.0]])
    from scipy.stats import rankdata

    from gendermap.uncertainty import min_ranks

    rng = np.random.default_rng(0)
    many = rng.integers(0, 6, size=(40, 30)).astype(float)  # plenty of ties
    assert np.array_equal(min_ranks(many), rankdata(-many, method="min", axis=0))
    assert min_ranks(scores)[:, 0].tolist() == [1, 1, 3]
    tied = rank_intervals(np.array([[5.0], [5.0], [3.0]]))
    assert tied["rank_median"].tolist() == [1.0, 1.0, 3.0]


def test_rank_uncertainty_is_centred_on_the_chosen_method():
    from gendermap.uncertainty import rank_uncertainty

    women, men, directions, themes = inputs()
    scores = {m: indicator_scores(women, men, directions, m) for m in ("eige", "gap_only", "minmax")}  # type: ignore[arg-type]
    fixed = rank_uncertainty(scores, themes=themes, method="gap_only", vary_method=False,
                             n_draws=200, concentration=1e7, seed=1)
    point = synthesis(women, men, directions=directions, themes=themes, method="gap_only")
    point = point[point["theme"] == "overall"]
    assert np.array_equal(fixed["rank_median"].to_numpy(), point["rank"].to_numpy(dtype=float))
    eige = rank_uncertainty(scores, themes=themes, method="eige", n_draws=200, seed=1)
    gap = rank_uncertainty(scores, themes=themes, method="gap_only", n_draws=200, seed=1)
    assert not eige["rank_median"].equals(gap["rank_median"])
    again = rank_uncertainty({"gap_only": scores["gap_only"], "eige": scores["eige"], "minmax": scores["minmax"]},
                             themes=themes, method="gap_only", n_draws=200, seed=1)
    pd.testing.assert_frame_equal(gap, again)
    with pytest.raises(ValueError, match="chosen method"):
        rank_uncertainty({"eige": scores["eige"]}, themes=themes, method="minmax", vary_method=False)


def test_geometric_draws_still_refuse_a_zero_score():
    women, men, directions, themes = inputs(n=10)
    structure = build_structure(themes)
    scores = indicator_scores(women, men, directions, "gap_only").to_numpy(copy=True)  # type: ignore[arg-type]
    scores[:, :] = 0.0  # every theme mean is 0 whatever the weights
    draws = Draws(method=np.array([0]), aggregation=np.array([0]),
                  indicator_weights=structure.indicator_weights[None, :],
                  theme_weights=structure.theme_weights[None, :])
    with pytest.raises(ValueError, match="zero or negative"):
        _scores_for_draws(scores, structure, draws, np.array([0]), 2 / 3, "gap_only")


def test_ranks_of_draw_major_scores_equal_scipy_with_ties_and_gaps():
    from scipy.stats import rankdata

    rng = np.random.default_rng(4)
    scores = rng.integers(0, 8, size=(50, 200)).astype(float)
    scores[3, 17] = np.nan  # unit 3 has no score in one draw: left out, others ranked without it
    out = rank_intervals(scores)
    keep = np.isfinite(scores).all(axis=1)
    ranks = rankdata(-scores[keep], method="min", axis=0)
    expected = np.percentile(ranks, [5, 50, 95], axis=1)
    assert np.array_equal(out.loc[keep, "rank_p05"], expected[0])
    assert np.array_equal(out.loc[keep, "rank_median"], expected[1])
    assert np.array_equal(out.loc[keep, "rank_p95"], expected[2])
    assert out.loc[3, "stability"] == "insufficient_data"
