"""Years side by side: a new vintage never adds to, averages with or replaces an old one by accident."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendermap.config import ROOT
from gendermap.indicators import (
    district_indicators,
    index_inputs,
    mahalle_indicators,
    synthesis_scores,
)
from gendermap.io.catalogue_file import load_catalogue
from gendermap.vintages import (
    CHANGE_COLUMNS,
    change_between,
    one_vintage,
    reference_years,
    vintages,
)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "data" / "indicators" / "catalogue.yaml")


def _rows(indicator, code, f, m, *, den=400, year=2023, synthetic=True):
    return [
        {"mahalle_code": code, "indicator": indicator, "year": year, "sex": sex,
         "numerator": n, "denominator": den, "synthetic": synthetic}
        for sex, n in (("F", f), ("M", m))
    ]


def _population(codes, year, women, synthetic=True):
    return [
        {"mahalle_code": c, "indicator": "population", "year": year, "sex": "F",
         "numerator": women, "denominator": np.nan, "synthetic": synthetic}
        for c in codes
    ]


def test_a_partial_new_vintage_is_not_the_reference() -> None:
    counts = pd.DataFrame(_population(["1", "2", "3"], 2023, 100) + _population(["1", "2"], 2025, 120))
    assert reference_years(counts) == {"population": 2023}
    seen = vintages(counts)
    assert seen.to_dict("records") == [
        {"indicator": "population", "year": 2023, "units": 3},
        {"indicator": "population", "year": 2025, "units": 2},
    ]
    assert set(one_vintage(counts)["year"]) == {2023}
    assert set(one_vintage(counts, 2024)["year"]) == {2023}  # as of 2024
    assert set(one_vintage(counts, 2025)["year"]) == {2025}
    assert one_vintage(counts, 2020).empty
    complete = pd.DataFrame(_population(["1", "2", "3"], 2023, 100) + _population(["1", "2", "3"], 2025, 120))
    assert reference_years(complete) == {"population": 2025}  # a complete newer vintage wins


def test_the_index_is_not_moved_by_a_few_mahalle_of_another_year(catalogue) -> None:
    directions, _ = index_inputs(catalogue)
    rng = np.random.default_rng(5)
    rows = []
    for code in [str(i) for i in range(1, 9)]:
        for indicator in directions:
            rows += _rows(indicator, code, int(rng.integers(20, 300)), int(rng.integers(20, 300)))
    base = pd.DataFrame(rows)
    first = next(iter(directions))
    extra = pd.DataFrame(_rows(first, "1", 5, 390, year=2025) + _rows(first, "2", 390, 5, year=2025))
    before = synthesis_scores(base, catalogue, n_draws=20)
    after = synthesis_scores(pd.concat([base, extra], ignore_index=True), catalogue, n_draws=20)
    pd.testing.assert_frame_equal(before, after)
    as_of_2025 = synthesis_scores(pd.concat([base, extra], ignore_index=True), catalogue, n_draws=20, years=2025)
    assert not np.allclose(as_of_2025["score"].fillna(-1), before["score"].fillna(-1))


def test_district_values_pool_each_year_apart_and_never_from_a_few_mahalle(catalogue) -> None:
    counts = pd.DataFrame(
        _rows("illiteracy_15", "1", 40, 10) + _rows("illiteracy_15", "2", 60, 30)
        + _rows("illiteracy_15", "1", 20, 10, year=2025)
    )
    groups = {"1": 7, "2": 7}
    published = mahalle_indicators(counts, catalogue, groups)
    out = district_indicators(counts, published, catalogue, groups).set_index(["year", "sex"])
    assert out.loc[(2023, "F"), "value"] == pytest.approx(100 / 800)  # not 120 / 1200
    assert out.loc[(2023, "F"), "denominator"] == 800
    # 2025 covers one of the district's two mahalle: that is not the district's value.
    assert np.isnan(out.loc[(2025, "F"), "value"]) and out.loc[(2025, "F"), "flag"] == "no_data"


def test_change_between_two_vintages() -> None:
    table = pd.DataFrame({
        "mahalle_code": ["1", "2", "3", "1", "2", "4"],
        "indicator": "population", "sex": "T",
        "year": [2023, 2023, 2023, 2025, 2025, 2025],
        "value": [100.0, 50.0, 10.0, 110.0, np.nan, 7.0],
        "flag": ["ok", "ok", "ok", "ok", "suppressed", "ok"],
        "synthetic": [True, True, True, False, False, False],
    })
    out = change_between(table, "population", 2023, 2025)
    assert list(out.columns) == CHANGE_COLUMNS
    assert out.loc["1", "change"] == 10 and out.loc["1", "change_relative"] == pytest.approx(0.1)
    assert np.isnan(out.loc["2", "change"]) and out.loc["2", "flag_to"] == "suppressed"  # withheld, not 0
    assert np.isnan(out.loc["3", "value_to"]) and out.loc["3", "flag_to"] == "no_data"
    assert np.isnan(out.loc["4", "value_from"]) and out.loc["4", "value_to"] == 7
    assert out.loc[["1", "2", "3"], "synthetic"].all()  # a change built on a demo value is demo
    assert not out.loc["4", "synthetic"]
    with pytest.raises(ValueError, match="same"):
        change_between(table, "population", 2023, 2023)
    twice = pd.concat([table, table.head(1)])
    with pytest.raises(ValueError, match="more than one row"):
        change_between(twice, "population", 2023, 2025)


@pytest.mark.data
@pytest.mark.slow
def test_importing_2025_counts_for_two_mahalle_leaves_2023_and_the_focus_ranking(tmp_path) -> None:
    """The issue's case: 2025 population counts for two Seferihisar mahalle sit beside 2023;
    they neither add to the 2023 women total nor move the district's focus rank."""
    import shutil
    import subprocess
    import sys

    build_dir = ROOT / "build"
    if not (build_dir / "district_inputs.parquet").exists():
        pytest.skip("no build yet: run `gendermap build` (make test does)")
    build = tmp_path / "build"
    build.mkdir()
    for name in ("gendermap.gpkg", "district_inputs.parquet"):
        shutil.copy(build_dir / name, build / name)
    env = {"GENDERMAP_BUILD_DIR": str(build), "GENDERMAP_HOME": str(tmp_path / "var"), "PATH": "/usr/bin:/bin",
           "GENDERMAP_PASSWORD": "doğru-parola-123"}
    from gendermap.monitor.auth import Actor
    from gendermap.monitor.store import MonitorStore

    accounts = MonitorStore(f"sqlite:///{tmp_path / 'var' / 'monitoring.sqlite'}")
    accounts.add_user(Actor.system_actor("test"), "izmirli", "doğru-parola-123", "data_editor", provinces=["35"])
    accounts.close()
    from gendermap.config import Settings
    from gendermap.pipeline import refresh_indicators

    settings = Settings(build_dir=build, var_dir=tmp_path / "var")
    refresh_indicators(settings)
    focus_before = pd.read_parquet(build / "focus.parquet").set_index("district")
    synthesis_before = pd.read_parquet(build / "district_synthesis.parquet")
    upload = tmp_path / "nufus_2025.csv"
    upload.write_text(
        "mahalle_code;indicator;year;sex;numerator;denominator\n"
        "41621;population;2025;K;6400;\n41621;population;2025;E;6100;\n"
        "41620;population;2025;K;2950;\n41620;population;2025;E;2800;\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, "-m", "gendermap", "import", str(upload), "--user", "izmirli"], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    table = pd.read_parquet(build / "indicators.parquet")
    pop = table[(table["indicator"] == "population") & (table["mahalle_code"] == "41621") & (table["sex"] == "F")]
    assert sorted(pop["year"]) == [2023, 2025]  # side by side
    assert pop.set_index("year").loc[2025, "value"] == 6400
    focus = pd.read_parquet(build / "focus.parquet").set_index("district")
    assert focus.loc["Seferihisar", "women"] == focus_before.loc["Seferihisar", "women"]
    assert focus.loc["Seferihisar", "rank"] == focus_before.loc["Seferihisar", "rank"]
    pd.testing.assert_frame_equal(pd.read_parquet(build / "district_synthesis.parquet"), synthesis_before)
