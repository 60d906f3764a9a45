"""Empirical Bayes smoothing (esda), global and spatial."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from esda.smoothing import Empirical_Bayes
from libpysal.weights import lat2W

from gendermap.rates import compute_rates
from gendermap.smoothing import empirical_bayes, smooth_rates, spatial_empirical_bayes


def test_global_eb_shrinks_small_denominators_more():
    e = np.array([2, 200, 30, 45, 1, 80])
    b = np.array([20, 4000, 300, 500, 50, 1000])
    got = empirical_bayes(e, b)
    assert np.allclose(got, Empirical_Bayes(e, b).r.ravel())
    raw, mean = e / b, e.sum() / b.sum()
    # every smoothed rate lies between its raw rate and the global mean
    assert np.all((got - mean) * (raw - mean) >= 0)
    assert np.all(np.abs(got - mean) <= np.abs(raw - mean) + 1e-15)
    # the 20-person unit (raw 10 %) is pulled further than the 4,000-person one (5 %)
    assert abs(got[0] - raw[0]) > abs(got[1] - raw[1])


def test_global_eb_negative_variance_means_full_shrinkage():
    # rates vary less than sampling would make them: esda's weight leaves [0, 1]
    e = np.array([10, 11, 9, 10])
    b = np.array([100, 100, 100, 100])
    got = empirical_bayes(e, b)
    assert np.allclose(got, e.sum() / b.sum())


def test_zero_denominators_are_left_out():
    got = empirical_bayes([1, 5, 0], [10, 50, 0])
    assert np.isnan(got[2]) and np.isfinite(got[:2]).all()


def test_spatial_eb_uses_the_weights_and_their_ids():
    w = lat2W(3, 3)  # ids 0..8 on a 3x3 grid
    e = np.array([1, 2, 3, 2, 40, 2, 3, 2, 1])
    b = np.full(9, 100)
    ids = list(range(9))
    got = spatial_empirical_bayes(e, b, w, ids)
    assert got.shape == (9,) and np.isfinite(got).all()
    # the outlier in the centre is pulled towards its neighbours
    assert got[4] < 0.40
    with pytest.raises(ValueError, match="not in the weights"):
        spatial_empirical_bayes(e, b, w, [*ids[:-1], 99])
    # a unit without population drops out of w and gets NaN
    b2 = b.copy()
    b2[0] = 0
    assert np.isnan(spatial_empirical_bayes(e, b2, w, ids)[0])
    from gendermap.smoothing import eb_interval

    lo, hi = eb_interval(e, b, w=w, ids=ids)
    assert np.all(lo <= got + 1e-12) and np.all(got <= hi + 1e-12) and np.all(hi > lo)
    assert np.isnan(eb_interval(e, b2, w=w, ids=ids)[0][0])


def test_smooth_rates_is_explicit_and_keeps_raw_values_and_hidden_cells():
    counts = pd.DataFrame(
        {
            "mahalle_code": [str(i) for i in range(6)],
            "indicator": "x", "year": 2023, "sex": "F",
            "numerator": [6, 200, 30, 45, 3, 80],
            "denominator": [20, 4000, 300, 500, 50, 1000],
            "synthetic": True,
        }
    )
    rates = compute_rates(counts)
    assert rates.loc[4, "flag"] == "suppressed"
    out = smooth_rates(rates, "global_eb", counts=counts)
    assert (out["smoothing"] == "global_eb").all()
    assert out["value"].equals(rates["value"])
    assert np.isnan(out.loc[4, "value_smoothed"])
    assert out["value_smoothed"].drop(index=4).notna().all()
    kept = out.drop(index=4)
    assert (kept["ci_low_smoothed"] <= kept["value_smoothed"]).all()
    assert (kept["value_smoothed"] <= kept["ci_high_smoothed"]).all()
    assert np.isnan(out.loc[4, "ci_low_smoothed"])  # a hidden cell's interval is hidden too
    with pytest.raises(ValueError, match="Invalid smoothing method"):
        smooth_rates(rates, "none")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs a libpysal weights"):
        smooth_rates(rates, "spatial_eb")


def test_smoothed_value_has_its_own_interval_around_it():
    from esda.smoothing import Empirical_Bayes

    from gendermap.smoothing import eb_interval

    rng = np.random.default_rng(3)
    n = rng.integers(20, 4000, size=200).astype(float)
    truth = rng.uniform(0.05, 0.3, size=200)
    e = rng.binomial(n.astype(int), truth).astype(float)
    lo, hi = eb_interval(e, n)
    smoothed = empirical_bayes(e, n)
    assert np.all(lo <= smoothed) and np.all(smoothed <= hi)
    # the posterior mean is esda's estimate: the interval is centred where the smoothed value is
    assert np.allclose(smoothed, Empirical_Bayes(e, n).r.ravel())
    small, big = np.argmin(n), np.argmax(n)
    assert hi[small] - lo[small] > hi[big] - lo[big]
    from gendermap.rates import wilson_interval

    raw_lo, raw_hi = wilson_interval(e, n)
    assert (hi[small] - lo[small]) < (raw_hi[small] - raw_lo[small])  # shrinkage borrows strength
    flat_lo, flat_hi = eb_interval(np.full(10, 5.0), np.full(10, 100.0))  # no variation beyond chance
    assert np.all(flat_hi > flat_lo)
    with pytest.raises(ValueError, match="ids"):
        eb_interval(e, n, w=object())
