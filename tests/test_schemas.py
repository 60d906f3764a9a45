"""Each build output schema accepts a well-formed table and names what is wrong in a bad one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendermap import schemas
from gendermap.rates import FLAGS


def _indicators(key: str = "mahalle_code", code: object = "41320") -> pd.DataFrame:
    frame = pd.DataFrame({
        key: [code, code, code],
        "indicator": ["literacy", "literacy", "population"],
        "year": [2023, 2025, 2023],
        "sex": ["F", "F", "F"],
        "numerator": [40.0, np.nan, 120.0],
        "denominator": [50.0, np.nan, np.nan],
        "value": [0.8, np.nan, 120.0],
        "ci_low": [0.67, np.nan, np.nan],
        "ci_high": [0.89, np.nan, np.nan],
        "flag": pd.Categorical(["ok", "suppressed", "ok"], categories=list(FLAGS)),
        "synthetic": [True, True, True],
    })
    return frame


def _checks(schema, frame: pd.DataFrame) -> set[str]:
    return set(schemas.failures(schema, frame, "t")["check"])


@pytest.mark.parametrize(
    ("schema", "key", "code"),
    [
        (schemas.IndicatorsSchema, "mahalle_code", "41320"),
        (schemas.DistrictIndicatorsSchema, "district_code", 455),
        (schemas.ProvinceIndicatorsSchema, "province_code", 35),
    ],
)
def test_indicator_tables_keep_years_apart_and_withheld_cells_empty(schema, key, code) -> None:
    good = _indicators(key, code)
    assert schemas.failures(schema, good, "t").empty  # two vintages side by side are fine
    twice = pd.concat([good, good.head(1)], ignore_index=True)
    assert "one_row_per_key" in _checks(schema, twice)
    leaked = good.copy()
    leaked.loc[1, "value"] = 0.5
    assert "suppressed_shows_no_value" in _checks(schema, leaked)
    outside = good.copy()
    outside.loc[0, "ci_low"] = 0.9
    assert "interval_holds_value" in _checks(schema, outside)


def _synthesis(key: str = "mahalle_code", code: object = "41320") -> pd.DataFrame:
    return pd.DataFrame({
        key: [code, code], "method": ["eige", "eige"], "theme": ["overall", "work"],
        "score": [55.0, 60.0], "rank": [2.0, 1.0], "rank_median": [3.0, np.nan], "rank_p05": [1.0, np.nan],
        "rank_p95": [7.0, np.nan], "stability": ["moderate", "not_assessed"],
    })


def test_synthesis_tables() -> None:
    for schema, key, code in ((schemas.SynthesisSchema, "mahalle_code", "41320"),
                              (schemas.DistrictSynthesisSchema, "district_code", 455)):
        good = _synthesis(key, code)
        assert schemas.failures(schema, good, "t").empty
        bad = good.copy()
        bad.loc[0, "rank_p05"] = 5.0
        bad.loc[1, "score"] = 140.0
        bad.loc[1, "method"] = "average"
        checks = _checks(schema, pd.concat([bad, bad.head(1)], ignore_index=True))
        assert {"interval_holds_median", "less_than_or_equal_to(100)", "one_row_per_key"} <= checks
        assert any(c.startswith("isin") for c in checks)


def test_indicator_scores_and_hotspots() -> None:
    scores = pd.DataFrame({"mahalle_code": ["1", "1", "1"], "method": ["eige"] * 3,
                           "indicator": ["a"] * 3, "theme": ["w"] * 3, "year": [2023, 2023, 2025],
                           "reference": [True, True, False], "smoothing": ["none", "global", "none"],
                           "score": [50.0, np.nan, 40.0]})
    assert schemas.failures(schemas.IndicatorScoresSchema, scores, "t").empty
    twice = pd.concat([scores, scores.head(1)], ignore_index=True)
    assert "one_row_per_key" in _checks(schemas.IndicatorScoresSchema, twice)
    mixed = scores.assign(reference=True, smoothing=["none", "spatial", "sometimes"])
    assert {"one_reference_vintage"} <= _checks(schemas.IndicatorScoresSchema, mixed)
    assert any(c.startswith("isin") for c in _checks(schemas.IndicatorScoresSchema, mixed))
    hot = pd.DataFrame({
        "mahalle_code": ["1", "2"], "method": ["eige", "eige"], "theme": ["overall", "overall"],
        "cluster": ["LL", "not_significant"], "p_sim": [0.001, 0.4], "p_fdr": [0.01, 0.6],
        "significant": [True, False], "label_tr": ["Düşük-düşük", "Anlamlı değil"],
        "label_en": ["Low-low", "Not significant"], "synthetic": [True, True],
    })
    assert schemas.failures(schemas.HotspotsSchema, hot, "t").empty
    bad = hot.assign(cluster=["warm", "not_significant"], significant=[True, True])
    assert {"known_cluster", "significant_is_a_cluster"} <= _checks(schemas.HotspotsSchema, bad)


def test_focus_table_needs_each_criterion_twice() -> None:
    focus = pd.DataFrame({
        "district_code": [455], "district": ["Aliağa"], "province": ["İzmir"], "mahalle": [2],
        "mahalle_scored": [2], "mean_index": [50.0], "norm_mean_index": [0.5], "contrib_mean_index": [9.0],
        "score": [40.0], "rank": [1.0], "criteria_missing": [[]], "reason_tr": ["Aliağa 1. sırada"],
        "reason_en": ["Aliağa ranks 1st"], "method": ["eige"], "shortlisted": [True], "synthetic": [True],
    })
    assert schemas.failures(schemas.FocusSchema, focus, "t").empty
    bad = focus.drop(columns="contrib_mean_index").assign(rank=[np.nan])
    assert {"every_norm_has_its_contribution", "shortlist_is_ranked"} <= _checks(schemas.FocusSchema, bad)
