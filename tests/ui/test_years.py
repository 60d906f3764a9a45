"""The map's year selector and change view, on a fixture build with two population vintages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.ui.test_app import open_page


@pytest.fixture
def two_vintages(fixture_build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    build = tmp_path / "build"
    shutil.copytree(fixture_build_dir, build)
    table = pd.read_parquet(build / "indicators.parquet")
    pop = table[table["indicator"] == "population"]
    later = pop.head(len(pop) // 2).assign(year=2025, synthetic=False)  # half the mahalle in 2025
    later["numerator"] = later["numerator"] + 10
    later["value"] = later["numerator"].astype(float)
    pd.concat([table, later], ignore_index=True).to_parquet(build / "indicators.parquet", index=False)
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(build))
    return build


@pytest.mark.slow
def test_year_selector_and_change_view(two_vintages: Path) -> None:
    at = open_page("harita", {"indicator": "population", "theme": "demography", "sex": "F"})
    year_box = next(s for s in at.sidebar.selectbox if s.label == "Yıl")
    assert year_box.options[0].startswith("2023") and year_box.options[1].startswith("2025")
    assert year_box.value == 2023  # the reference vintage covers every mahalle, 2025 only half
    full = at.dataframe[0].value
    year_box.select(2025).run()
    assert at.query_params["year"] in ("2025", ["2025"])
    partial = at.dataframe[0].value
    assert len(partial) == len(full)  # every polygon still listed; half of them without a 2025 value
    titles = [e.label for e in at.expander]
    assert "Yıllar arası değişim" in titles
    change = next(d.value for d in at.dataframe if "change" in d.value.columns)
    known = change.dropna(subset=["change"])
    assert 0 < len(known) <= len(change) // 2 and (known["change"] == 10).all()
    assert change.loc[change["value_to"].isna(), "change"].isna().all()  # no 2025 value: no change, not 0


@pytest.mark.slow
def test_one_vintage_has_no_selector(app_env: Path) -> None:
    at = open_page("harita", {"indicator": "population", "theme": "demography"})
    assert not [s for s in at.sidebar.selectbox if s.label == "Yıl"]
    assert any("Yıl: 2023" in c.value for c in at.sidebar.caption)
    assert "Yıllar arası değişim" not in [e.label for e in at.expander]
