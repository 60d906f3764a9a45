"""The map's smoothing: none, global or spatial empirical Bayes, the smoothed value's own
interval beside the raw value and its interval (gendermap.ui.views, gendermap.smoothing)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from gendermap.config import ROOT
from gendermap.indicators import mahalle_indicators
from gendermap.io.catalogue_file import load_catalogue
from gendermap.spatial import contiguity
from gendermap.ui import views

IND = "employment_15_64"


@pytest.fixture(scope="module")
def world():
    """6 × 6 box mahalle; the first row tiny (denominators of 40, enough to publish), women's
    employment lower in the west half so neighbours differ from the overall rate."""
    catalogue = load_catalogue(ROOT / "data" / "indicators" / "catalogue.yaml")
    rng = np.random.default_rng(3)
    places, counts = [], []
    for i in range(6):
        for j in range(6):
            code = f"{3000 + i * 6 + j}"
            places.append({"quarter_id": i * 6 + j, "mahalle_code": code, "mahalle": f"M{code}",
                           "district": "D", "district_code": 1, "province": "İzmir", "province_code": 35,
                           "populated": True, "geometry": box(j, i, j + 1, i + 1)})
            den = 40 if i == 0 else 2000
            rate = 0.2 if j < 3 else 0.5
            for sex, p in (("F", rate), ("M", 0.6)):
                counts.append({"mahalle_code": code, "indicator": IND, "year": 2023, "sex": sex,
                               "numerator": float(rng.binomial(den, p)), "denominator": float(den),
                               "synthetic": True})
    frame = gpd.GeoDataFrame(places, geometry="geometry", crs="EPSG:3857")
    published = mahalle_indicators(pd.DataFrame(counts), catalogue, frame.set_index("mahalle_code")["district_code"])
    published.loc[(published["mahalle_code"] == "3035") & (published["sex"] == "F"),
                  ["value", "ci_low", "ci_high", "numerator"]] = np.nan
    published.loc[(published["mahalle_code"] == "3035") & (published["sex"] == "F"), "flag"] = "suppressed"
    w = contiguity(frame.set_index("mahalle_code")[["geometry"]]).w
    return frame, published, catalogue, w


def test_no_smoothing_shows_the_published_values(world) -> None:
    places, published, _, _ = world
    table = views.indicator_table(places, published, IND, "F")
    women = published[published["sex"] == "F"].set_index("mahalle_code")
    assert np.allclose(table["value"], women.loc[table["mahalle_code"], "value"], equal_nan=True)
    assert "value_raw" not in table.columns


@pytest.mark.parametrize("kind", ["global", "spatial"])
def test_smoothed_map_keeps_raw_value_and_both_intervals(world, kind: str) -> None:
    places, published, _, w = world
    table = views.indicator_table(places, published, IND, "F", smooth=kind, w=w).set_index("mahalle_code")
    women = published[published["sex"] == "F"].set_index("mahalle_code").loc[table.index]
    assert np.allclose(table["value_raw"], women["value"], equal_nan=True)
    assert np.allclose(table["ci_low_raw"], women["ci_low"], equal_nan=True)
    shown = table.drop(index="3035")
    assert (shown["ci_low"] <= shown["value"] + 1e-12).all() and (shown["value"] <= shown["ci_high"] + 1e-12).all()
    small = shown.index.str[-2:].astype(int) < 6
    moved = (shown["value"] - shown["value_raw"]).abs()
    assert moved[small].mean() > 3 * moved[~small].mean()
    assert not np.allclose(shown["ci_low"], shown["ci_low_raw"])  # its own interval, not the raw one moved
    assert np.isnan(table.loc["3035", "value"]) and table.loc["3035", "flag"] == "suppressed"


def test_spatial_shrinks_towards_the_neighbours_not_the_whole(world) -> None:
    places, published, _, w = world
    glob = views.indicator_table(places, published, IND, "F", smooth="global").set_index("mahalle_code")
    spat = views.indicator_table(places, published, IND, "F", smooth="spatial", w=w).set_index("mahalle_code")
    west = "3001"  # tiny, in the low-employment half: its neighbours are lower than the overall rate
    assert spat.loc[west, "value"] < glob.loc[west, "value"]
    with pytest.raises(ValueError, match="weights"):
        views.indicator_table(places, published, IND, "F", smooth="spatial")


def test_tooltip_and_table_show_smoothed_and_raw(world) -> None:
    places, published, catalogue, w = world
    ind = catalogue.get(IND)
    table = views.indicator_table(places, published, IND, "F", smooth="spatial", w=w)
    cls = views.classify_table(table, ind, "F", "quantiles", 4, "en")
    tips = views.tips(table, cls, ind, "F", "en")
    row = int(np.flatnonzero(table["mahalle_code"] == "3001")[0])
    assert "smoothed" in tips[row] and "raw value" in tips[row] and tips[row].count("–") == 2
    shown = views.display_table(table, cls, "en")
    assert {"Smoothed value (%)", "Raw value (%)", "Raw value interval low (%)"} <= set(shown.columns)
    plain = views.indicator_table(places, published, IND, "F")
    assert "raw value" not in views.tips(plain, views.classify_table(plain, ind, "F", "quantiles", 4, "en"), ind, "F", "en")[row]


def test_gap_of_smoothed_rates(world) -> None:
    places, published, _, w = world
    gap = views.indicator_table(places, published, IND, "gap", smooth="global").set_index("mahalle_code")
    assert np.isfinite(gap.drop(index="3035")["value"]).all()
    assert not np.allclose(gap["value"], gap["value_raw"], equal_nan=True)
