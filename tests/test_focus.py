"""Focus districts: criteria from mahalle frames, weights validated, ranks and reasons."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gendermap import focus
from gendermap.config import get_settings


def units() -> tuple[pd.DataFrame, pd.Series]:
    """Three districts of 5 mahalle; district 3 is the least equal, one mahalle unpopulated."""
    rows = []
    for d, base in ((1, 80.0), (2, 60.0), (3, 40.0)):
        for i in range(5):
            rows.append({"key": f"{d}{i}", "district_code": d, "district": f"D{d}",
                         "province": "P", "populated": True, "women": 100.0 * (i + 1),
                         "population": 200.0 * (i + 1), "score": base + i})
    u = pd.DataFrame(rows).set_index("key")
    u.loc["34", "populated"] = False
    return u.drop(columns="score"), u["score"]


def test_criteria_by_hand():
    u, s = units()
    flags = pd.DataFrame({"flag": ["ok", "unreliable", "suppressed", "ok"]},
                         index=["10", "10", "30", "34"])  # "34" is unpopulated: not counted
    lisa = pd.Series(False, index=u.index)
    lisa[["30", "31"]] = True
    c = focus.district_criteria(u, s, inequality_cluster=lisa, flags=flags)
    assert list(c.index) == [1, 2, 3]
    d3 = c.loc[3]
    assert d3["mahalle"] == 4 and d3["mahalle_scored"] == 4 and d3["coverage"] == 1
    # weighted by population 200, 400, 600, 800 over scores 40..43
    assert d3["mean_index"] == pytest.approx((40 * 2 + 41 * 4 + 42 * 6 + 43 * 8) / 20)
    # worst fifth of the 14 scored mahalle in the province: scores <= the 20 % quantile (42.6)
    assert d3["women_worst_quintile"] == 100 + 200 + 300
    assert d3["share_women_worst_quintile"] == pytest.approx(600 / 1000)
    assert c.loc[1, "women_worst_quintile"] == 0
    assert d3["inequality_clusters"] == 2
    assert c.loc[1, "unreliable_share"] == 0.5 and d3["unreliable_share"] == 1.0
    assert np.isnan(c.loc[2, "unreliable_share"])  # no flags there: missing, not zero


def test_least_equal_district_ranks_first_with_a_reason():
    u, s = units()
    res = focus.rank_districts(focus.district_criteria(u, s))
    t = res.table
    assert t.iloc[0]["district"] == "D3" and t.iloc[0]["rank"] == 1
    assert t["rank"].tolist() == [1, 2, 3]
    top = t.iloc[0]
    assert top["reason_en"].startswith("D3 ranks 1st mainly because of ")
    assert top["reason_tr"].startswith("D3 1. sırada, başlıca şu ölçütler nedeniyle: ")
    # criteria without data are named, not counted as zero
    assert "No data for: mahalle in inequality clusters" in top["reason_en"]
    assert set(top["criteria_missing"]) == {"inequality_clusters", "unreliable_share"}
    contrib = t[[c for c in t.columns if c.startswith("contrib_")]].sum(axis=1)
    np.testing.assert_allclose(contrib, t["score"])
    assert len(res.shortlist(2)) == 2
    export = res.export_frame("tr")
    assert {"ilçe", "sıra", "gerekçe"} <= set(export.columns)


def criteria_table(values: list[list[float]]) -> pd.DataFrame:
    ids = [c.id for c in focus.CRITERIA]
    t = pd.DataFrame(values, columns=ids, index=range(1, len(values) + 1))
    t.insert(0, "district", [f"D{i}" for i in t.index])
    return t


tables = st.integers(2, 8).flatmap(lambda n: st.lists(
    st.lists(st.floats(0, 1000, allow_nan=False), min_size=8, max_size=8),
    min_size=n, max_size=n))


@settings(max_examples=60, deadline=None)
@given(values=tables, which=st.sampled_from([c.id for c in focus.CRITERIA]))
def test_flipping_a_direction_reverses_its_contribution(values, which):
    t = criteria_table(values)
    base = focus.rank_districts(t, weights={which: 1.0}).table.sort_index()
    spec = next(c for c in focus.CRITERIA if c.id == which)
    other = "lower_is_priority" if spec.direction == "higher_is_priority" else "higher_is_priority"
    flip = focus.rank_districts(t, weights={which: 1.0}, directions={which: other}).table
    flip = flip.sort_index()
    np.testing.assert_allclose(flip[f"norm_{which}"], 1 - base[f"norm_{which}"], atol=1e-12)
    # the criterion's contribution runs the other way: its order of districts reverses
    b, f = base[f"contrib_{which}"], flip[f"contrib_{which}"]
    assert ((b.to_numpy()[:, None] - b.to_numpy()[None, :])
            * (f.to_numpy()[:, None] - f.to_numpy()[None, :]) <= 1e-9).all()
    # with only this criterion weighted, the ranking itself reverses
    only = {c.id: 0.0 for c in focus.CRITERIA} | {which: 1.0}
    r1 = focus.rank_districts(t, weights=only).table.sort_index()["score"]
    r2 = focus.rank_districts(t, weights=only, directions={which: other}).table.sort_index()
    np.testing.assert_allclose(r1 + r2["score"], 100.0, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(values=tables, weights=st.lists(st.floats(0, 10, allow_nan=False), min_size=8,
                                       max_size=8).filter(lambda w: sum(w) > 0))
def test_scores_stay_between_0_and_100(values, weights):
    w = dict(zip((c.id for c in focus.CRITERIA), weights, strict=True))
    t = focus.rank_districts(criteria_table(values), weights=w).table
    assert t["score"].between(0, 100 + 1e-9).all()
    assert t["rank"].min() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": {"mean_index": -1}}, "finite number >= 0"),
        ({"weights": {"mean_index": float("nan")}}, "finite number >= 0"),
        ({"weights": {"mean_index": "lots"}}, "must be a number"),
        ({"weights": {c.id: 0 for c in focus.CRITERIA}}, "all weights are 0"),
        ({"weights": {"nonsense": 1}}, "Unknown criterion in weights"),
        ({"directions": {"mean_index": "up"}}, "Direction of 'mean_index'"),
    ],
)
def test_invalid_weights_and_directions_are_refused(kwargs, message):
    u, s = units()
    with pytest.raises(ValueError, match=message):
        focus.rank_districts(focus.district_criteria(u, s), **kwargs)


def _criteria(**columns: list[float]) -> pd.DataFrame:
    base = {c.id: [0.5, 0.5, 0.5] for c in focus.CRITERIA}
    return pd.DataFrame({"district": ["A", "B", "C"], **base, **columns}, index=[1, 2, 3])


def test_a_tie_or_a_zero_is_never_a_reason():
    """All three districts have no cluster (a tie at 0) and A none of its women in the worst
    fifth: neither is given as a reason, though each still adds its (neutral) part to the score."""
    crit = _criteria(inequality_clusters=[0.0, 0.0, 0.0], women_worst_quintile=[0.0, 50.0, 10.0],
                     mean_index=[40.0, 60.0, 50.0])
    weights = {"inequality_clusters": 5.0, "women_worst_quintile": 5.0}
    t = focus.rank_districts(crit, weights=weights).table.set_index("district")
    assert t.loc["A", "contrib_inequality_clusters"] > 0  # the tie still counts in the score
    for d in "ABC":
        assert "inequality clusters" not in t.loc[d, "reason_en"]
        assert "LISA" not in t.loc[d, "reason_tr"]
    assert "least equal fifth" not in t.loc["A", "reason_en"]
    assert "equality index (40.0; lowest of 3" in t.loc["A", "reason_en"]
    assert "least equal fifth of mahalle (50; highest of 3" in t.loc["B", "reason_en"]


def test_a_district_standing_out_on_nothing_says_so():
    t = focus.rank_districts(_criteria()).table
    assert t["rank"].tolist() == [1, 1, 1]
    assert t["reason_en"].str.endswith("it does not stand out from the other districts on any criterion.").all()
    assert t["reason_tr"].str.endswith("hiçbir ölçütte öbür ilçelerden ayrılmıyor.").all()


def test_missing_columns_are_named():
    u, s = units()
    with pytest.raises(ValueError, match="lacks column.*'women'"):
        focus.district_criteria(u.drop(columns="women"), s)


def test_district_without_any_data_ranks_last_and_says_so():
    u, s = units()
    s[[k for k in s.index if k.startswith("2")]] = np.nan
    only_index = {c.id: 0.0 for c in focus.CRITERIA} | {"mean_index": 1.0}
    t = focus.rank_districts(focus.district_criteria(u, s), weights=only_index).table
    last = t.iloc[-1]
    assert last["district"] == "D2" and np.isnan(last["rank"]) and np.isnan(last["score"])
    assert "could not be ranked" in last["reason_en"] and "sıralanamadı" in last["reason_tr"]


@pytest.mark.data
def test_end_to_end_on_the_real_build():
    """Classification, LISA and focus districts on build/ (gendermap build must have run)."""
    import pyogrio

    from gendermap import spatial
    from gendermap.classify import classify
    from tests.conftest import need

    cfg = get_settings()
    need(cfg.gpkg_path.exists() and cfg.synthesis_path.exists(), "run `gendermap build` first")
    g = pyogrio.read_dataframe(cfg.gpkg_path, layer="mahalle")
    g = g[g["mahalle_code"].notna()].set_index("mahalle_code")
    ind = pd.read_parquet(cfg.indicators_path)
    syn = pd.read_parquet(cfg.synthesis_path)
    score = syn[(syn["method"] == "eige") & (syn["theme"] == "overall")].set_index(
        "mahalle_code")["score"].reindex(g.index)
    pop = ind[ind["indicator"] == "population"].pivot_table(
        index="mahalle_code", columns="sex", values="numerator", aggfunc="sum")

    cls = classify(score, "fisherjenks", k=5, populated=g["populated"])
    assert cls.n_classified + sum(cls.special_counts.values()) == len(g)
    assert cls.special_counts["no_residents"] == int((~g["populated"].astype(bool)).sum())

    nb = spatial.contiguity(g)
    assert len(nb.islands) < 0.02 * len(g)  # the polygons form a connected fabric
    moran = spatial.global_moran(score, nb, populated=g["populated"])
    assert moran.n > 0.9 * len(g) and -1 < moran.I < 1
    lisa = spatial.local_moran(score, nb, populated=g["populated"], fdr=True)
    assert lisa.frame.index.equals(g.index)

    units = g[["district_code", "district", "province", "populated"]].assign(
        women=pop["F"].reindex(g.index), population=pop["T"].reindex(g.index))
    flags = ind[ind["indicator"] != "population"].set_index("mahalle_code")[["flag"]]
    crit = focus.district_criteria(units, score,
                                   inequality_cluster=lisa.frame["inequality_cluster"],
                                   flags=flags)
    assert len(crit) == 50
    res = focus.rank_districts(crit)
    assert res.table["rank"].notna().sum() == 50
    assert res.shortlist(10)["reason_tr"].str.contains("sırada").all()
