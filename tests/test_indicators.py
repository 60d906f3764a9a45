"""From counts to the published indicator table and the synthesis table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendermap.composite import combine_scores
from gendermap.config import ROOT
from gendermap.indicators import (
    INDICATOR_COLUMNS,
    SYNTHESIS_COLUMNS,
    district_indicators,
    index_inputs,
    mahalle_indicators,
    synthesis_scores,
)
from gendermap.io.catalogue_file import load_catalogue
from gendermap.scores import INDICATOR_SCORE_COLUMNS, indicator_score_table


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "data" / "indicators" / "catalogue.yaml")


def _rows(indicator, code, f, m, *, den_f=400, den_m=400, year=2023):
    return [
        {"mahalle_code": code, "indicator": indicator, "year": year, "sex": "F",
         "numerator": f, "denominator": den_f, "synthetic": True},
        {"mahalle_code": code, "indicator": indicator, "year": year, "sex": "M",
         "numerator": m, "denominator": den_m, "synthetic": True},
    ]


def test_counts_rates_and_flags(catalogue):
    counts = pd.DataFrame(
        _rows("population", "1", 500, 480, den_f=np.nan, den_m=np.nan)
        + _rows("illiteracy_15", "1", 40, 10)
        + _rows("illiteracy_15", "2", 3, 30)
        + _rows("illiteracy_15", "3", 50, 60)
        + _rows("council_seats", "1", 1, 4, den_f=5, den_m=5)
    )
    out = mahalle_indicators(counts, catalogue, {"1": 7, "2": 7, "3": 7})
    assert list(out.columns) == INDICATOR_COLUMNS
    pop = out[out.indicator == "population"].set_index("sex")
    assert pop.loc["F", "value"] == 500 and pop.loc["F", "flag"] == "ok"
    ill = out[out.indicator == "illiteracy_15"].set_index(["mahalle_code", "sex"])
    shown = ill[ill["flag"] != "suppressed"]
    assert np.allclose(shown["value"], shown["numerator"] / shown["denominator"])
    assert ((shown["ci_low"] < shown["value"]) & (shown["value"] < shown["ci_high"])).all()
    assert ill.loc[("3", "M"), "value"] == pytest.approx(60 / 400)
    # 3 women is below the disclosure threshold: hidden, and so is a second cell of the
    # district, so the hidden one cannot be recovered from the district total.
    assert ill.loc[("2", "F"), "flag"] == "suppressed" and np.isnan(ill.loc[("2", "F"), "value"])
    assert (ill.xs("F", level="sex")["flag"] == "suppressed").sum() >= 2
    # Council members are public record: small counts are shown, flagged unreliable.
    seats = out[out.indicator == "council_seats"].set_index("sex")
    assert seats.loc["F", "value"] == pytest.approx(0.2)
    assert seats.loc["F", "flag"] == "unreliable"


def test_unknown_indicator_is_refused(catalogue):
    counts = pd.DataFrame(_rows("no_such_thing", "1", 1, 1))
    with pytest.raises(ValueError, match="no_such_thing"):
        mahalle_indicators(counts, catalogue, {"1": 1})


def test_district_values_pool_counts(catalogue):
    counts = pd.DataFrame(
        _rows("employment_15_64", "1", 100, 300, den_f=400, den_m=400)
        + _rows("employment_15_64", "2", 10, 90, den_f=100, den_m=100)
    )
    groups = {"1": 9, "2": 9}
    published = mahalle_indicators(counts, catalogue, groups)
    out = district_indicators(counts, published, catalogue, groups).set_index("sex")
    assert out.loc["F", "value"] == pytest.approx(110 / 500)  # pooled, not mean of 0.25 and 0.10
    assert out.loc["M", "value"] == pytest.approx(390 / 500)


def test_synthesis_of_equal_sexes_is_full_equality(catalogue):
    directions, _ = index_inputs(catalogue)
    rows = []
    for code, share in (("1", 0.2), ("2", 0.5), ("3", 0.8)):
        for indicator in directions:
            rows += _rows(indicator, code, round(400 * share), round(400 * share))
    table = synthesis_scores(pd.DataFrame(rows), catalogue, n_draws=50)
    assert set(SYNTHESIS_COLUMNS) <= set(table.columns)
    gap_only = table[(table.method == "gap_only") & (table.theme == "overall")]
    assert np.allclose(gap_only["score"], 100.0)
    assert set(table["method"]) == {"eige", "gap_only", "minmax"}


def test_synthesis_uses_counts_before_suppression(catalogue):
    """Small cells hidden from the published table still count towards the index."""
    directions, _ = index_inputs(catalogue)
    rows = []
    for code in ("1", "2", "3", "4"):
        for indicator in directions:
            rows += _rows(indicator, code, 3, 2, den_f=20, den_m=20)
    counts = pd.DataFrame(rows)
    groups = dict.fromkeys(("1", "2", "3", "4"), 5)
    published = mahalle_indicators(counts, catalogue, groups)
    assert (published["flag"] == "suppressed").mean() > 0.5
    table = synthesis_scores(counts, catalogue, n_draws=20)
    overall = table[(table.theme == "overall") & (table.method == "eige")]
    assert overall["score"].notna().all()


def test_public_record_district_totals_are_not_suppressed(catalogue):
    counts = pd.DataFrame(
        _rows("council_seats", "1", 1, 4, den_f=5, den_m=5)
        + _rows("council_seats", "2", 0, 5, den_f=5, den_m=5)
    )
    groups = {"1": 3, "2": 3}
    published = mahalle_indicators(counts, catalogue, groups)
    out = district_indicators(counts, published, catalogue, groups).set_index("sex")
    assert out.loc["F", "value"] == pytest.approx(1 / 10)
    assert out.loc["F", "flag"] != "suppressed"


def test_indicator_scores_recombine_to_the_synthesis(catalogue):
    """Default weights over the per-indicator table give the build's index, per method;
    zero weight on an indicator changes it."""
    directions, themes = index_inputs(catalogue)
    rng = np.random.default_rng(3)
    rows = []
    for code in [str(i) for i in range(1, 13)]:
        for indicator in directions:
            if code == "5" and indicator == next(iter(directions)):
                continue  # a missing value: weights renormalise over the rest
            rows += _rows(indicator, code, int(rng.integers(5, 300)), int(rng.integers(5, 300)), den_f=400, den_m=400)
    counts = pd.DataFrame(rows)
    table = indicator_score_table(counts, catalogue)
    assert list(table.columns) == INDICATOR_SCORE_COLUMNS
    assert set(table["method"]) == {"eige", "gap_only", "minmax"}
    assert (table["theme"] == table["indicator"].map(themes)).all()
    synth = synthesis_scores(counts, catalogue, n_draws=10)
    for method in ("eige", "gap_only", "minmax"):
        wide = table[table.method == method].pivot(index="mahalle_code", columns="indicator", values="score")
        used = {i: themes[i] for i in wide.columns}
        mine = combine_scores(wide, themes=used, method=method)
        mine = mine[mine.theme == "overall"].set_index("mahalle_code")["score"].sort_index()
        build = synth[(synth.method == method) & (synth.theme == "overall")].set_index("mahalle_code")["score"]
        assert np.allclose(mine.to_numpy(), build.reindex(mine.index).to_numpy(), equal_nan=True)
        assert np.isfinite(mine).all()
        first = next(iter(used))
        changed = combine_scores(wide, themes=used, method=method, indicator_weights={first: 0.0})
        changed = changed[changed.theme == "overall"].set_index("mahalle_code")["score"].sort_index()
        assert not np.allclose(changed.to_numpy(), mine.to_numpy())


def test_province_value_withheld_only_when_it_would_reveal_one_district(catalogue):
    from gendermap.indicators import province_indicators

    rows = []
    # Province 35: district 1 has a small count (withheld), district 2 is large.
    rows += _rows("employment_15_64", "a", 3, 200, den_f=300, den_m=300)
    rows += _rows("employment_15_64", "b", 150, 200, den_f=300, den_m=300)
    # Province 10: two districts with small women's counts, two more large ones.
    rows += _rows("employment_15_64", "c", 2, 200, den_f=300, den_m=300)
    rows += _rows("employment_15_64", "d", 4, 200, den_f=300, den_m=300)
    counts = pd.DataFrame(rows)
    districts = {"a": 1, "b": 2, "c": 3, "d": 4}
    provinces = {"a": 35, "b": 35, "c": 10, "d": 10}
    published = mahalle_indicators(counts, catalogue, districts)
    district_values = district_indicators(counts, published, catalogue, districts)
    withheld = district_values[(district_values["sex"] == "F") & (district_values["flag"] == "suppressed")]
    assert set(withheld["district_code"]) == {1, 3, 4}
    out = province_indicators(counts, district_values, catalogue, provinces,
                              {1: 35, 2: 35, 3: 10, 4: 10}).set_index(["province_code", "sex"])
    # One withheld district in 35: its total minus district 2 would reveal district 1.
    assert out.loc[(35, "F"), "flag"] == "suppressed" and np.isnan(out.loc[(35, "F"), "value"])
    # Two withheld districts in 10: the province total reveals only their sum.
    assert out.loc[(10, "F"), "value"] == pytest.approx(6 / 600)
