"""Spatial statistics on tiny grids of shapely boxes: planted clusters, islands, exclusions."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from esda import fdr as esda_fdr

from gendermap import spatial as sp


def grid(n: int, extra: list[shapely.Geometry] | None = None) -> gpd.GeoDataFrame:
    """n x n unit boxes (ids "r{row}c{col}") in a metric CRS, plus optional extra polygons."""
    cells = {f"r{r}c{c}": shapely.box(c, r, c + 1, r + 1) for r in range(n) for c in range(n)}
    for i, geom in enumerate(extra or []):
        cells[f"x{i}"] = geom
    return gpd.GeoDataFrame(geometry=list(cells.values()), index=list(cells), crs=32635)


def planted(n: int = 9, seed: int = 0) -> pd.Series:
    """Noise around 0 with a 3x3 block of high values (rows/cols 1-3) and of low ones (5-7)."""
    rng = np.random.default_rng(seed)
    ids = [f"r{r}c{c}" for r in range(n) for c in range(n)]
    v = pd.Series(rng.normal(0, 0.3, len(ids)), index=ids, name="v")
    for r in range(1, 4):
        for c in range(1, 4):
            v[f"r{r}c{c}"] += 5
            v[f"r{r + 4}c{c + 4}"] -= 5
    return v


def test_queen_neighbours_include_corners():
    nb = sp.contiguity(grid(3))
    assert sorted(nb.w.neighbors["r1c1"]) == sorted(i for i in nb.ids if i != "r1c1")
    assert nb.w.cardinalities["r0c0"] == 3
    assert list(nb.islands) == []


def test_stored_neighbours_give_the_same_contiguity_and_results():
    gdf = grid(5, extra=[shapely.box(20, 20, 21, 21), shapely.Polygon()])
    built = sp.contiguity(gdf)
    pairs = sp.neighbour_pairs(built)
    assert not pairs.duplicated().any() and len(pairs) == sum(built.w.cardinalities.values())
    read = sp.contiguity_from_pairs(gdf, pairs)
    assert list(read.ids) == list(built.ids) and list(read.no_geometry) == ["x1"]
    assert {k: sorted(v) for k, v in read.w.neighbors.items()} == {k: sorted(v) for k, v in built.w.neighbors.items()}
    assert list(read.islands) == ["x0"] and np.allclose(read.centroids, built.centroids)
    v = pd.Series(np.arange(len(gdf), dtype=float) % 7, index=gdf.index)
    a, b = sp.local_moran(v, built, seed=3).frame, sp.local_moran(v, read, seed=3).frame
    pd.testing.assert_frame_equal(a, b)


def test_stored_neighbours_of_other_polygons_are_refused():
    pairs = sp.neighbour_pairs(sp.contiguity(grid(4)))
    with pytest.raises(ValueError, match="r0c3"):
        sp.contiguity_from_pairs(grid(3), pairs)


def test_lisa_finds_the_planted_clusters():
    v = planted()
    nb = sp.contiguity(grid(9))
    res = sp.local_moran(v, nb, meaning=sp.INDEX, permutations=999)
    f = res.frame
    assert f.loc["r2c2", "cluster"] == "HH"  # centre of the high block
    assert f.loc["r6c6", "cluster"] == "LL"  # centre of the low block
    high_block = [f"r{r}c{c}" for r in range(1, 4) for c in range(1, 4)]
    low_block = [f"r{r}c{c}" for r in range(5, 8) for c in range(5, 8)]
    # every significant HH/LL unit belongs to or borders its planted block (a bordering unit
    # slightly above the mean, among high neighbours, is high-high by definition)
    def with_border(block: list[str]) -> set[str]:
        return set(block).union(*(nb.w.neighbors[i] for i in block))

    assert set(f.index[f["cluster"] == "HH"]) <= with_border(high_block)
    assert set(f.index[f["cluster"] == "LL"]) <= with_border(low_block)
    assert set(high_block) & set(f.index[f["cluster"].isin(["LL", "LH"])]) == set()
    assert (f["cluster"] == "HH").sum() >= 5 and (f["cluster"] == "LL").sum() >= 5
    # a high index means more equal: the low-low block is where inequality concentrates
    assert f.loc["r6c6", "inequality_cluster"] and not f.loc["r2c2", "inequality_cluster"]
    assert "daha eşitsiz" in f.loc["r6c6", "label_tr"] and "less equal" in f.loc["r6c6", "label_en"]
    counts = res.counts()
    assert list(counts.index) == list(sp.CLUSTERS) and counts.sum() == len(v)


def test_meaning_of_high_flips_the_inequality_cluster():
    res = sp.local_moran(planted(), sp.contiguity(grid(9)), meaning=sp.GAP)
    f = res.frame
    assert f.loc["r2c2", "inequality_cluster"] and not f.loc["r6c6", "inequality_cluster"]
    assert "large gap" in f.loc["r2c2", "label_en"]


def test_global_moran_positive_for_clusters_negative_for_stripes():
    nb = sp.contiguity(grid(9))
    clustered = sp.global_moran(planted(), nb)
    assert clustered.I > 0.3 and clustered.p_sim <= 0.01 and clustered.n == 81
    assert clustered.expected == pytest.approx(-1 / 80)
    # alternating rows: with Queen weights 6 of 8 neighbours differ
    stripes = pd.Series({f"r{r}c{c}": float(r % 2) for r in range(9) for c in range(9)})
    assert sp.global_moran(stripes, nb).I < -0.2


def test_permutation_inference_is_seeded():
    nb = sp.contiguity(grid(9))
    a = sp.local_moran(planted(), nb, seed=7).frame["p_sim"]
    b = sp.local_moran(planted(), nb, seed=7).frame["p_sim"]
    pd.testing.assert_series_equal(a, b)
    assert sp.global_moran(planted(), nb, seed=3) == sp.global_moran(planted(), nb, seed=3)


def test_fdr_matches_esda_threshold_and_is_stricter():
    nb = sp.contiguity(grid(9))
    plain = sp.local_moran(planted(), nb, alpha=0.05).frame
    adj = sp.local_moran(planted(), nb, alpha=0.05, fdr=True).frame
    assert np.all(adj["p_fdr"] >= adj["p_sim"])
    assert adj["significant"].sum() <= plain["significant"].sum()
    threshold = esda_fdr(adj["p_sim"].to_numpy(), 0.05)
    assert (adj["significant"] == (adj["p_sim"] <= threshold)).all()
    assert plain["p_fdr"].isna().all()


def test_islands_get_no_cluster_unless_linked():
    far = shapely.box(20, 20, 21, 21)
    gdf = grid(5, extra=[far])
    v = pd.Series(np.arange(26, dtype=float), index=gdf.index)
    nb = sp.contiguity(gdf)
    assert list(nb.islands) == ["x0"]
    res = sp.local_moran(v, nb).frame
    assert res.loc["x0", "cluster"] == "island" and np.isnan(res.loc["x0", "p_sim"])
    assert "ada" in res.loc["x0", "label_tr"] and "island" in res.loc["x0", "label_en"]
    g = sp.global_moran(v, nb)
    assert g.n == 25 and g.n_islands == 1
    linked = sp.local_moran(v, nb, islands="nearest").frame
    assert linked.loc["x0", "cluster"] != "island" and linked.loc["x0", "linked_island"]
    assert not np.isnan(linked.loc["x0", "p_sim"])
    assert sp.global_moran(v, nb, islands="nearest").n_linked == 1


def test_unpopulated_and_missing_units_are_excluded_and_reported():
    gdf = grid(4, extra=[shapely.box(4, -1, 5, 0)])  # x0 touches only r0c3, at a corner
    v = pd.Series(np.linspace(0, 1, 17), index=gdf.index)
    v["r1c1"] = np.nan
    v["ghost"] = 0.5  # a unit with a value but no polygon
    populated = pd.Series(True, index=v.index)
    populated["r0c3"] = False
    res = sp.local_moran(v, sp.contiguity(gdf), populated=populated).frame
    assert res.loc["r1c1", "cluster"] == "no_data"
    assert res.loc["r0c3", "cluster"] == "no_residents"
    assert res.loc["ghost", "cluster"] == "no_geometry"
    # x0's only neighbour is unpopulated: it is left with no neighbour, so an island
    assert res.loc["x0", "cluster"] == "island"
    assert res.loc[["r1c1", "r0c3", "ghost", "x0"], "p_sim"].isna().all()
    g = sp.global_moran(v, sp.contiguity(gdf), populated=populated)
    assert (g.n, g.n_excluded, g.n_islands) == (14, 3, 1)


def test_degenerate_inputs_give_nan_not_errors():
    nb = sp.contiguity(grid(3))
    const = pd.Series(1.0, index=nb.ids)
    assert np.isnan(sp.global_moran(const, nb).I)
    assert (sp.local_moran(const, nb).frame["cluster"] == "not_significant").all()
    empty = pd.Series(np.nan, index=nb.ids)
    assert (sp.local_moran(empty, nb).frame["cluster"] == "no_data").all()


def test_global_moran_table_one_row_per_variable():
    nb = sp.contiguity(grid(9))
    wide = pd.DataFrame({"index": planted(), "gap": -planted(seed=1)})
    table = sp.global_moran_table(wide, nb, permutations=99)
    assert list(table["variable"]) == ["index", "gap"]
    assert {"I", "expected", "z_norm", "p_sim", "n", "n_islands"} <= set(table.columns)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda nb, v: sp.local_moran(v, nb, alpha=0), "alpha"),
        (lambda nb, v: sp.local_moran(v, nb, islands="knn"), "islands option"),
        (lambda nb, v: sp.local_moran(v, nb, permutations=0), "permutations"),
        (lambda nb, v: sp.global_moran(pd.concat([v, v]), nb), "one row per unit"),
    ],
)
def test_bad_options_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call(sp.contiguity(grid(3)), pd.Series(np.arange(9.0), index=grid(3).index))


def test_duplicate_ids_are_refused():
    gdf = grid(2)
    gdf.index = ["a", "a", "b", "c"]
    with pytest.raises(ValueError, match="repeated: \\['a'\\]"):
        sp.contiguity(gdf)


def test_p_values_resolve_below_the_permutation_floor():
    """With 99 permutations p_sim cannot go below 0.01; where it sits there the normal
    approximation of the permutation distribution resolves further, so strong units are told
    apart; units above the floor keep their permutation p."""
    nb = sp.contiguity(grid(9))
    few = sp.local_moran(planted(), nb, permutations=99).frame
    many = sp.local_moran(planted(), nb, permutations=9999).frame
    assert few["p_sim"].min() < 0.01
    above = few["p_sim"] > 0.0101
    assert above.any()
    assert set(few.index[few["p_sim"] < 0.001]) <= set(many.index[many["p_sim"] < 0.01])
