"""The one analysis: settings in, every derived table out (gendermap.analysis)."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from gendermap.analysis import AnalysisSettings, AnalysisTables, analysis, prepare_tables
from gendermap.composite import METHODS, indicator_scores

THEMES = {"a1": "ta", "a2": "ta", "b1": "tb", "b2": "tb", "c1": "tc"}


def _tables(side: int = 10, seed: int = 5, cold_corner: bool = True) -> AnalysisTables:
    """side × side box mahalle, two provinces (rows), four districts; women's values lower in
    one corner so a cluster of inequality is there to find."""
    rng = np.random.default_rng(seed)
    rows, codes = [], []
    for i in range(side):
        for j in range(side):
            code = f"{1000 + i * side + j}"
            codes.append(code)
            province = 35 if i < side // 2 else 10
            rows.append({
                "mahalle_code": code, "district_code": province * 10 + (j >= side // 2),
                "district": f"D{province}{int(j >= side // 2)}", "province": f"P{province}",
                "province_code": province, "populated": True,
                "population_2023": int(rng.integers(200, 5000)),
                "geometry": box(j, i, j + 1, i + 1),
            })
    mahalle = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:3857")
    index = pd.Index(codes, name="mahalle_code")
    men = pd.DataFrame(rng.uniform(0.3, 0.8, (len(codes), len(THEMES))), index, list(THEMES))
    women = men * rng.normal(0.9, 0.08, men.shape)
    if cold_corner:
        corner = [f"{1000 + i * side + j}" for i in range(3) for j in range(3)]
        women.loc[corner] *= 0.4
    women = women.clip(0, 1)
    directions = dict.fromkeys(THEMES, 1)
    long = []
    for m in METHODS:
        wide = indicator_scores(women, men, directions, m)  # type: ignore[arg-type]
        part = wide.reset_index().melt(id_vars="mahalle_code", var_name="indicator", value_name="score")
        long.append(part.assign(method=m, theme=part["indicator"].map(THEMES)))
    scores = pd.concat(long, ignore_index=True)
    flags = ["ok", "unreliable", "ok", "suppressed"]
    indicators = pd.DataFrame(
        [{"mahalle_code": c, "indicator": "population", "year": 2023, "sex": "F",
          "numerator": 100.0 + k, "flag": "ok", "synthetic": True} for k, c in enumerate(codes)]
        + [{"mahalle_code": c, "indicator": "a1", "year": 2023, "sex": "F", "numerator": 1.0,
            "flag": flags[k % 4], "synthetic": True} for k, c in enumerate(codes)]
    )
    tables = AnalysisTables(
        mahalle.set_index("mahalle_code"), scores, indicators, dict(THEMES),
    )
    return tables


@pytest.fixture(scope="module")
def tables() -> AnalysisTables:
    return _tables()


@pytest.fixture(scope="module")
def default(tables: AnalysisTables):
    return analysis(tables, AnalysisSettings(n_draws=300))


def test_default_tables_have_the_build_shape(default) -> None:
    syn = default.synthesis
    assert set(syn["method"]) == set(METHODS)
    overall = syn[syn["theme"] == "overall"]
    assert overall[["rank_p05", "rank_median", "rank_p95"]].notna().all().all()
    assert (overall["rank_p05"] <= overall["rank_p95"]).all()
    assert syn.loc[syn["theme"] != "overall", "stability"].eq("not_assessed").all()
    assert set(default.hotspots["method"]) == set(METHODS)
    assert list(default.moran["method"]) == list(METHODS)
    assert default.focus["method"].eq("eige").all() and default.focus["shortlisted"].sum() >= 1


def test_one_method_alone_equals_its_rows_in_the_full_run(tables: AnalysisTables, default) -> None:
    """A page asking for one method sees what the build stored for it."""
    alone = analysis(tables, AnalysisSettings(method="gap_only", n_draws=300))
    full = default.synthesis[default.synthesis["method"] == "gap_only"].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone.synthesis, full)
    hot = default.hotspots[default.hotspots["method"] == "gap_only"].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone.hotspots, hot)


def test_intervals_follow_the_users_method_and_weights(tables: AnalysisTables, default) -> None:
    moved = analysis(tables, AnalysisSettings(method="gap_only", theme_weights={"ta": 3}, n_draws=300))
    before = default.synthesis.query("method == 'gap_only' and theme == 'overall'").set_index("mahalle_code")
    after = moved.synthesis.query("theme == 'overall'").set_index("mahalle_code")
    changed = (before["rank_p05"] != after["rank_p05"]) | (before["rank_p95"] != after["rank_p95"])
    assert changed.mean() >= 0.5
    eige = default.synthesis.query("method == 'eige' and theme == 'overall'").set_index("mahalle_code")
    assert ((eige["rank_p05"] != before["rank_p05"]) | (eige["rank_p95"] != before["rank_p95"])).mean() >= 0.5


def test_fixed_method_intervals_are_narrower(tables: AnalysisTables) -> None:
    vary = analysis(tables, AnalysisSettings(method="eige", n_draws=300)).synthesis
    fixed = analysis(tables, AnalysisSettings(method="eige", n_draws=300, vary_method=False)).synthesis
    width = lambda t: (t["rank_p95"] - t["rank_p05"]).mean()  # noqa: E731
    assert width(fixed.query("theme == 'overall'")) < width(vary.query("theme == 'overall'"))


def test_ranks_are_out_of_the_area(tables: AnalysisTables) -> None:
    result = analysis(tables, AnalysisSettings(method="eige", provinces=(35,), n_draws=200))
    overall = result.synthesis.query("theme == 'overall'")
    assert len(overall) == 50 and set(result.area) == set(overall["mahalle_code"])
    assert overall["rank"].min() == 1 and overall["rank"].max() <= 50
    assert overall["rank_p95"].max() <= 50
    assert set(result.focus["district_code"]) == {350, 351}
    assert set(result.hotspots["mahalle_code"]) == set(result.area)


def test_hotspot_p_values_resolve_below_a_thousandth(default) -> None:
    hot = default.hotspots.query("method == 'eige'")
    assert hot["p_sim"].min() < 0.001
    corner = {f"{1000 + i * 10 + j}" for i in range(2) for j in range(2)}
    assert (hot[hot["mahalle_code"].isin(corner)]["cluster"] == "LL").all()
    assert default.moran.set_index("method").loc["eige", "I"] > 0
    assert default.moran["permutations"].eq(9999).all()


def test_focus_inequality_clusters_come_from_the_hotspots(default) -> None:
    hot = default.hotspots.query("method == 'eige'")
    ll = hot[hot["cluster"] == "LL"]["mahalle_code"]
    assert default.focus["inequality_clusters"].sum() == len(ll)


def test_criteria_settings_change_the_focus_ranking(tables: AnalysisTables, default) -> None:
    only_women = analysis(tables, AnalysisSettings(
        n_draws=100, criteria_weights={c: 0.0 for c in (
            "mean_index", "women_worst_quintile", "share_women_worst_quintile", "inequality_clusters",
            "index_spread", "coverage", "unreliable_share")} | {"women": 1.0}))
    top = only_women.focus.iloc[0]
    assert top["women"] == only_women.focus["women"].max()


def test_settings_are_hashable_and_normalised() -> None:
    a = AnalysisSettings(theme_weights={"b": 2, "a": 1.0}, provinces=(35, 10))
    b = AnalysisSettings(theme_weights=(("a", 1), ("b", 2.0)), provinces=(10, 35))
    assert a == b and hash(a) == hash(b)
    with pytest.raises(ValueError, match="method"):
        AnalysisSettings(method="best")


def test_bad_weights_and_empty_area_are_refused(tables: AnalysisTables) -> None:
    with pytest.raises(ValueError, match="unknown"):
        analysis(tables, AnalysisSettings(theme_weights={"nope": 2}, n_draws=10))
    with pytest.raises(ValueError, match="no mahalle"):
        analysis(tables, AnalysisSettings(districts=(999,), n_draws=10))


def test_prepare_tables_keys_units_by_code() -> None:
    from tests.report.fixtures import _catalogue

    t = _tables(side=4)
    layer = t.units.reset_index().assign(mahalle_code=lambda f: f["mahalle_code"].astype("string"))
    layer = pd.concat([layer, layer.iloc[[0]].assign(mahalle_code=pd.NA)], ignore_index=True)
    prepared = prepare_tables(gpd.GeoDataFrame(layer, crs=t.units.crs), t.indicator_scores, t.indicators,
                              _catalogue())
    assert prepared.units.index.is_unique and prepared.units.index.notna().all()
    assert len(prepared.units) == 16


# ------------------------------------------------------------- smoothing and years (scored from counts)
def _counted(side: int = 6):
    """side × side box mahalle scored from counts the way the build does (every vintage, three
    smoothing kinds): the first row of mahalle is tiny (denominators of 6), the rest large;
    ``employment`` also has a 2025 vintage for two mahalle."""
    from gendermap.analysis import coded_units
    from gendermap.indicators import mahalle_indicators
    from gendermap.scores import SMOOTHING, indicator_score_table
    from gendermap.spatial import contiguity
    from tests.report.fixtures import _catalogue

    rng = np.random.default_rng(11)
    cat = _catalogue()
    rows, counts = [], []
    for i in range(side):
        for j in range(side):
            code = f"{2000 + i * side + j}"
            province = 35 if i < side // 2 else 10
            rows.append({"mahalle_code": code, "district_code": province * 10 + (j >= side // 2),
                         "district": f"D{province}{int(j >= side // 2)}", "province": f"P{province}",
                         "province_code": province, "populated": True, "population_2023": 1000,
                         "geometry": box(j, i, j + 1, i + 1)})
            den = 6 if i == 0 else 600
            for e in cat.indicators:
                if e.demo is None or e.demo.rate is None:
                    continue
                for sex in ("F", "M"):
                    p = float(np.clip(e.demo.rate[sex] + rng.normal(0, 0.08), 0.02, 0.98))
                    counts.append({"mahalle_code": code, "indicator": e.id, "year": 2023, "sex": sex,
                                   "numerator": float(rng.binomial(den, p)), "denominator": float(den),
                                   "synthetic": True})
            counts += [{"mahalle_code": code, "indicator": "population", "year": 2023, "sex": "F",
                        "numerator": 500.0, "denominator": np.nan, "synthetic": True}]
    for code, f in (("2010", 5), ("2011", 590)):
        for sex, n in (("F", f), ("M", 300)):
            counts.append({"mahalle_code": code, "indicator": "employment", "year": 2025, "sex": sex,
                           "numerator": float(n), "denominator": 600.0, "synthetic": True})
    mahalle = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:3857")
    counts_df = pd.DataFrame(counts)
    w = contiguity(coded_units(mahalle)[["geometry"]]).w
    scores = indicator_score_table(counts_df, cat, smoothing=SMOOTHING, w=w)
    groups = mahalle.set_index("mahalle_code")["district_code"]
    published = mahalle_indicators(counts_df, cat, groups)
    return prepare_tables(mahalle, scores, published, cat), cat


@pytest.fixture(scope="module")
def counted():
    return _counted()


def _overall(result) -> pd.Series:
    return result.overall("eige").sort_index()


def test_defaults_read_only_the_unsmoothed_reference_scores(counted) -> None:
    """The build's default analysis is what it was before smoothings and vintages were stored."""
    tables, _ = counted
    scores = tables.indicator_scores
    assert set(scores["smoothing"]) == {"none", "global", "spatial"}
    assert set(scores["year"]) == {2023, 2025}
    plain = scores[(scores["smoothing"] == "none") & scores["reference"]].drop(
        columns=["year", "reference", "smoothing"])
    only = AnalysisTables(tables.units, plain, tables.indicators, tables.themes, tables.weights)
    settings = AnalysisSettings(n_draws=50, permutations=99)
    full, old = analysis(tables, settings), analysis(only, settings)
    for name, table in full.tables().items():
        pd.testing.assert_frame_equal(table, old.tables()[name])


@pytest.mark.parametrize("kind", ["global", "spatial"])
def test_smoothing_moves_the_small_mahalle_and_barely_the_large(counted, kind: str) -> None:
    tables, _ = counted
    base = analysis(tables, AnalysisSettings(method="eige", n_draws=50, permutations=99))
    smooth = analysis(tables, AnalysisSettings(method="eige", smoothing=kind, n_draws=50, permutations=99))
    moved = (_overall(smooth) - _overall(base)).abs()
    small = moved.index.str[-2:].astype(int) < 6  # the first row: denominators of 6
    assert moved[small].mean() > 3 * moved[~small].mean()
    assert moved[small].max() > 1
    assert np.isfinite(_overall(smooth)).all()
    assert len(smooth.hotspots) == len(base.hotspots) and len(smooth.focus) == len(base.focus)
    assert smooth.settings.smoothing == kind


def test_smoothing_is_refused_when_the_build_has_no_such_scores(counted) -> None:
    tables, _ = counted
    plain = tables.indicator_scores.query("smoothing == 'none'")
    only = AnalysisTables(tables.units, plain, tables.indicators, tables.themes, tables.weights)
    with pytest.raises(ValueError, match="rerun gendermap build"):
        analysis(only, AnalysisSettings(smoothing="spatial", n_draws=10, permutations=9))
    with pytest.raises(ValueError, match="smoothing"):
        AnalysisSettings(smoothing="kernel")


def test_a_year_uses_each_indicators_latest_vintage_up_to_it(counted) -> None:
    from gendermap.scores import vintages_used

    tables, cat = counted
    scores = tables.indicator_scores
    rated = {i.id for i in cat.indicators if i.in_index}
    assert vintages_used(scores, None) == dict.fromkeys(rated, 2023)
    assert vintages_used(scores, 2024) == dict.fromkeys(rated, 2023)
    assert vintages_used(scores, 2025) == {**dict.fromkeys(rated, 2023), "employment": 2025}
    settings = AnalysisSettings(method="eige", n_draws=50, permutations=99)
    base = analysis(tables, settings)
    as_2024 = analysis(tables, replace(settings, year=2024))
    pd.testing.assert_frame_equal(as_2024.synthesis, base.synthesis)
    as_2025 = analysis(tables, replace(settings, year=2025))
    assert set(as_2025.synthesis["mahalle_code"]) == set(base.synthesis["mahalle_code"])
    changed = (_overall(as_2025) - _overall(base)).abs() > 1e-9
    assert changed.any()  # employment 2025 covers two mahalle: the others lose it, never get 2023 back
    work = lambda r: r.synthesis.query("theme == 'work'").set_index("mahalle_code")["score"]  # noqa: E731
    assert not np.allclose(work(as_2025).loc[["2010", "2011"]], work(base).loc[["2010", "2011"]])
    with pytest.raises(ValueError, match="2020"):
        analysis(tables, replace(settings, year=2020))
