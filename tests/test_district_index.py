"""The district index is part of the one analysis (gendermap.district_index)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from gendermap.analysis import AnalysisSettings, analysis
from gendermap.district_index import (
    DISTRICT_SYNTHESIS_COLUMNS,
    district_score_table,
    district_synthesis,
)
from gendermap.indicators import SYNTHESIS_COLUMNS, index_inputs, synthesis_scores
from gendermap.rates import aggregate_counts


@pytest.fixture(scope="module")
def report_data():
    from tests.report.fixtures import make_report_data

    return make_report_data()


def test_default_settings_reproduce_the_index_from_pooled_counts(report_data) -> None:
    """What the build stored before the district index moved into the analysis: scored
    straight from pooled counts with the default weights."""
    data = report_data
    groups = data.mahalle.dropna(subset=["mahalle_code"]).set_index("mahalle_code")["district_code"]
    counts = data.extra["counts"]
    pooled = aggregate_counts(counts[counts["indicator"] != "population"], groups).drop(
        columns=["units", "units_missing"])
    direct = synthesis_scores(pooled, data.catalogue, unit="district_code", n_draws=100)
    direct = direct[["district_code", *SYNTHESIS_COLUMNS[1:]]]
    ours = district_synthesis(district_score_table(pooled, data.catalogue), index_inputs(data.catalogue)[1],
                              AnalysisSettings(n_draws=100))
    pd.testing.assert_frame_equal(ours, direct, check_dtype=False)
    assert list(ours.columns) == DISTRICT_SYNTHESIS_COLUMNS


def test_district_values_move_with_method_and_weights(report_data) -> None:
    tables = report_data.extra["analysis_tables"]
    base = analysis(tables, AnalysisSettings(method="eige", n_draws=100, permutations=99))
    moved = analysis(tables, AnalysisSettings(method="gap_only", theme_weights={"work": 3.0}, n_draws=100,
                                              permutations=99))
    assert base.districts is not None and moved.districts is not None
    a = base.districts.query("theme == 'overall'").set_index("district_code")["score"]
    b = moved.districts.query("theme == 'overall'").set_index("district_code")["score"]
    assert set(moved.districts["method"]) == {"gap_only"}
    assert (a - b).abs().min() > 0  # every district's index moved
    assert "district_synthesis" in moved.tables()


def test_area_filter_keeps_districts_ranked_among_all(report_data) -> None:
    tables = report_data.extra["analysis_tables"]
    whole = analysis(tables, AnalysisSettings(method="eige", n_draws=100, permutations=99))
    one = analysis(tables, AnalysisSettings(method="eige", n_draws=100, permutations=99, districts=(101,)))
    assert one.districts is not None and whole.districts is not None
    pd.testing.assert_frame_equal(one.districts, whole.districts)


def test_without_district_scores_there_is_no_district_table(report_data) -> None:
    tables = replace(report_data.extra["analysis_tables"], district_scores=None)
    result = analysis(tables, AnalysisSettings(method="eige", n_draws=50, permutations=99))
    assert result.districts is None and "district_synthesis" not in result.tables()


def test_year_picks_the_vintages_and_a_year_before_any_is_refused(report_data) -> None:
    tables = report_data.extra["analysis_tables"]
    later = district_synthesis(tables.district_scores, tables.themes, AnalysisSettings(year=2030, n_draws=100))
    default = district_synthesis(tables.district_scores, tables.themes, AnalysisSettings(n_draws=100))
    pd.testing.assert_frame_equal(later, default)  # 2023 is every indicator's latest vintage up to 2030
    with pytest.raises(ValueError, match="2000"):
        district_synthesis(tables.district_scores, tables.themes, AnalysisSettings(year=2000))
