"""Fixtures for publication tests: the app's small fixture build plus district tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gendermap.config import get_settings
from gendermap.publish import inputs
from tests.ui.fixture_build import make_fixture_build


def add_district_tables(build: Path) -> Path:
    """district_indicators.parquet from the fixture's counts, with the build's own pooling."""
    import geopandas as gpd

    from gendermap.config import ROOT
    from gendermap.indicators import district_indicators
    from gendermap.io.catalogue_file import load_catalogue

    cat = load_catalogue(ROOT / "data" / "indicators" / "catalogue.yaml")
    mahalle = gpd.read_file(build / "gendermap.gpkg", layer="mahalle")
    ind = pd.read_parquet(build / "indicators.parquet")
    counts = ind[["mahalle_code", "indicator", "year", "sex", "numerator", "denominator", "synthetic"]]
    groups = pd.Series(mahalle["district_code"].to_numpy(), index=mahalle["mahalle_code"].astype(str))
    district_indicators(counts, ind, cat, groups).to_parquet(build / "district_indicators.parquet", index=False)
    return build


@pytest.fixture(scope="session")
def pub_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return add_district_tables(make_fixture_build(tmp_path_factory.mktemp("pub-build"), side=12))


@pytest.fixture
def pub_env(pub_build: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GENDERMAP_BUILD_DIR", str(pub_build))
    return pub_build


@pytest.fixture(scope="session")
def pub_data(pub_build: Path) -> inputs.PublishData:
    import os

    old = os.environ.get("GENDERMAP_BUILD_DIR")
    os.environ["GENDERMAP_BUILD_DIR"] = str(pub_build)
    try:
        return inputs.load(get_settings())
    finally:
        if old is None:
            os.environ.pop("GENDERMAP_BUILD_DIR")
        else:
            os.environ["GENDERMAP_BUILD_DIR"] = old
