"""Synthesis index: worked examples, properties, weights and the missing-data rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import rankdata

from gendermap.composite import (
    gender_gap,
    indicator_scores,
    minmax,
    synthesis,
    validate_weights,
    wide_by_sex,
)

UNITS = pd.Index(["u1", "u2"], name="mahalle_code")
# Two mahalle, two indicators in two themes.
#   emp (employment rate, higher is better):  u1 W .30 M .60 ; u2 W .50 M .50
#   neet (NEET rate, lower is better):        u1 W .40 M .20 ; u2 W .10 M .10
WOMEN = pd.DataFrame({"emp": [0.30, 0.50], "neet": [0.40, 0.10]}, index=UNITS)
MEN = pd.DataFrame({"emp": [0.60, 0.50], "neet": [0.20, 0.10]}, index=UNITS)
DIRS = {"emp": 1, "neet": -1}
THEMES = {"emp": "work", "neet": "knowledge"}


def scores_of(method: str) -> pd.DataFrame:
    return synthesis(WOMEN, MEN, directions=DIRS, themes=THEMES, method=method).set_index(
        ["mahalle_code", "theme"]
    )


def test_eige_worked_example():
    # emp, u1: x̄ = (.30 + .60)/2 = .45, Γ = |.30/.45 − 1| = 1/3
    #          α = .45 / max(.45, .50) = .9 -> 1 + 99·.9·(2/3) = 60.400
    # emp, u2: Γ = 0, α = .50/.50 = 1 -> 100.000
    # neet is lower-is-better: complement (EIGE: 100 − x) -> u1 W .60 M .80, u2 W .90 M .90
    #   u1: x̄ = .70, Γ = |.60/.70 − 1| = 1/7, α = .70/.90 = 7/9
    #       1 + 99·(7/9)·(6/7) = 1 + 66 = 67.000
    #   u2: Γ = 0, α = 1 -> 100.000
    # overall u1 = geometric mean sqrt(60.4 · 67) = sqrt(4046.8) = 63.614 ; u2 = 100.000
    out = scores_of("eige")
    assert out.loc[("u1", "work"), "score"] == pytest.approx(60.400, abs=5e-4)
    assert out.loc[("u1", "knowledge"), "score"] == pytest.approx(67.000, abs=5e-4)
    assert out.loc[("u1", "overall"), "score"] == pytest.approx(63.614, abs=5e-4)
    assert out.loc[("u2", "overall"), "score"] == pytest.approx(100.000, abs=5e-4)
    assert out.loc[("u2", "overall"), "rank"] == 1  # 1 = most equal
    assert out.loc[("u1", "overall"), "rank"] == 2


def test_gap_only_worked_example():
    # Without α: emp u1 1 + 99·(2/3) = 67.000 ; neet u1 1 + 99·(6/7) = 85.857
    # overall u1 = sqrt(67 · 85.857143) = 75.845
    out = scores_of("gap_only")
    assert out.loc[("u1", "work"), "score"] == pytest.approx(67.000, abs=5e-4)
    assert out.loc[("u1", "knowledge"), "score"] == pytest.approx(85.857, abs=5e-4)
    assert out.loc[("u1", "overall"), "score"] == pytest.approx(75.845, abs=5e-4)


def test_minmax_worked_example():
    # equality 1 − Γ: emp u1 2/3, u2 1 -> 0 and 100; neet u1 6/7, u2 1 -> 0 and 100
    out = scores_of("minmax")
    assert out.loc[("u1", "overall"), "score"] == pytest.approx(0.0)
    assert out.loc[("u2", "overall"), "score"] == pytest.approx(100.0)


def test_reciprocal_inversion_for_non_proportions():
    women = pd.DataFrame({"r": [2.0]}, index=["a"])
    men = pd.DataFrame({"r": [4.0]}, index=["a"])
    # 1/x: W .5, M .25, x̄ .375, Γ = 1/3 -> gap-only 1 + 99·2/3 = 67
    got = indicator_scores(women, men, {"r": -1}, "gap_only")
    assert got.loc["a", "r"] == pytest.approx(67.0)


# Indicator values at a resolution real data have (1e-3); at 1e-160 apart two values
# are equal in floating point after scaling, whatever the code does.
values = arrays(
    np.int64, st.tuples(st.integers(2, 30), st.integers(1, 5)),
    elements=st.integers(-10**6, 10**6),
).map(lambda a: a / 1000.0)


@given(values)
@settings(max_examples=100, deadline=None)
def test_minmax_stays_in_range(x):
    for direction in (1, -1):
        out = minmax(x, direction)
        assert np.all((out >= 0) & (out <= 1))


@given(values)
@settings(max_examples=100, deadline=None)
def test_flipping_direction_reverses_ranks(x):
    up = rankdata(minmax(x, 1), axis=0)
    down = rankdata(minmax(x, -1), axis=0)
    assert np.allclose(up + down, x.shape[0] + 1)


@given(
    arrays(np.float64, st.integers(2, 20), elements=st.floats(0.01, 1.0)),
    arrays(np.float64, st.integers(2, 20), elements=st.floats(0.01, 1.0)),
    st.integers(1, 4),
)
@settings(max_examples=60, deadline=None)
def test_composite_of_identical_indicators_equals_the_indicator(w, m, copies):
    n = min(len(w), len(m))
    idx = pd.Index([f"u{i}" for i in range(n)], name="mahalle_code")
    names = [f"i{j}" for j in range(copies)]
    women = pd.DataFrame({c: w[:n] for c in names}, index=idx)
    men = pd.DataFrame({c: m[:n] for c in names}, index=idx)
    single = indicator_scores(women[["i0"]], men[["i0"]], {"i0": 1}, "minmax")["i0"]
    out = synthesis(
        women, men, directions=dict.fromkeys(names, 1),
        themes={c: f"t{j % 2}" for j, c in enumerate(names)}, method="minmax",
    )
    overall = out[out["theme"] == "overall"].set_index("mahalle_code")["score"]
    assert np.allclose(overall.to_numpy(), single.to_numpy(), equal_nan=True)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"emp": 0, "neet": 0}, "all zero"),
        ({"emp": -1}, "must not be negative"),
        ({"emp": float("nan")}, "must be finite"),
        ({"emp": float("inf")}, "must be finite"),
        ({"emp": "çok"}, "not a number"),
        ({"jobs": 1}, "unknown name"),
    ],
)
def test_bad_indicator_weights_are_refused(weights, message):
    with pytest.raises(ValueError, match=message):
        synthesis(WOMEN, MEN, directions=DIRS, themes=THEMES, indicator_weights=weights)


def test_zero_theme_weights_refused_and_zeroed_theme_needs_zero_weight():
    with pytest.raises(ValueError, match="all zero"):
        synthesis(WOMEN, MEN, directions=DIRS, themes=THEMES,
                  theme_weights={"work": 0, "knowledge": 0})
    with pytest.raises(ValueError, match="theme 'work' has a positive weight"):
        synthesis(WOMEN, MEN, directions=DIRS, themes=THEMES, indicator_weights={"emp": 0})


def test_weights_change_the_overall_score():
    out = synthesis(WOMEN, MEN, directions=DIRS, themes=THEMES, method="gap_only",
                    theme_weights={"work": 3, "knowledge": 1}).set_index(["mahalle_code", "theme"])
    # weighted geometric: 67^(3/4) · 85.857^(1/4)
    assert out.loc[("u1", "overall"), "score"] == pytest.approx(67**0.75 * 85.857143**0.25)
    assert validate_weights(None, ["a", "b"], "x").tolist() == [1.0, 1.0]


def test_missing_data_rule_never_a_silent_zero():
    idx = pd.Index(["a", "b"], name="mahalle_code")
    names = ["i1", "i2", "i3"]
    women = pd.DataFrame([[0.5, 0.5, 0.5], [0.5, np.nan, np.nan]], index=idx, columns=names)
    men = pd.DataFrame([[0.4, 0.5, 0.6], [0.4, 0.5, 0.6]], index=idx, columns=names)
    out = synthesis(women, men, directions=dict.fromkeys(names, 1),
                    themes=dict.fromkeys(names, "t")).set_index(["mahalle_code", "theme"])
    assert out.loc[("b", "overall"), "status"] == "insufficient_data"
    assert np.isnan(out.loc[("b", "overall"), "score"])
    assert pd.isna(out.loc[("b", "overall"), "rank"])
    assert out.loc[("b", "overall"), "coverage"] == pytest.approx(1 / 3)
    assert out.loc[("a", "overall"), "rank"] == 1
    relaxed = synthesis(women, men, directions=dict.fromkeys(names, 1),
                        themes=dict.fromkeys(names, "t"), min_share=0.3)
    assert relaxed["score"].notna().all()


def test_gender_gap_both_zero_is_missing_not_equal():
    assert np.isnan(gender_gap([0.0], [0.0])[0])
    assert gender_gap([0.2], [0.6])[0] == pytest.approx(0.5)


def test_wide_by_sex_blanks_suppressed_and_takes_latest_year():
    rates = pd.DataFrame(
        {
            "mahalle_code": ["a", "a", "a", "b", "b"],
            "indicator": ["x", "x", "x", "x", "x"],
            "year": [2022, 2023, 2023, 2023, 2023],
            "sex": ["F", "F", "M", "F", "M"],
            "value": [0.1, 0.2, 0.3, 0.4, 0.5],
            "flag": ["ok", "unreliable", "ok", "suppressed", "ok"],
        }
    )
    women, men = wide_by_sex(rates)
    assert women.loc["a", "x"] == 0.2
    assert np.isnan(women.loc["b", "x"])
    assert men.loc["b", "x"] == 0.5


def test_bad_method_and_shapes():
    with pytest.raises(ValueError, match="Invalid method"):
        synthesis(WOMEN, MEN, directions=DIRS, themes=THEMES, method="magic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="same units"):
        synthesis(WOMEN, MEN.iloc[::-1], directions=DIRS, themes=THEMES)
    with pytest.raises(ValueError, match="no direction"):
        synthesis(WOMEN, MEN, directions={"emp": 1}, themes=THEMES)


def test_geometric_mean_refuses_zero_and_puts_minmax_on_one_to_hundred():
    import numpy as np
    import pytest

    from gendermap.composite import combine_themes, for_geometric

    with pytest.raises(ValueError, match="zero or negative"):
        combine_themes(np.array([[0.0, 50.0]]), np.array([1.0, 1.0]), "geometric")
    assert np.isfinite(combine_themes(np.array([[0.0, 50.0]]), np.array([1.0, 1.0]), "arithmetic")).all()
    shifted = for_geometric(np.array([0.0, 100.0]), "minmax")
    assert shifted.tolist() == [1.0, 100.0]
    assert for_geometric(np.array([1.0, 7.0]), "eige").tolist() == [1.0, 7.0]
    got = combine_themes(shifted[None, :], np.array([1.0, 1.0]), "geometric")
    assert np.isclose(got[0], 10.0)
