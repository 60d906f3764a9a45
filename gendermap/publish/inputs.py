"""The build tables a publication reads, read once per command (contracts: docs/architecture.md)."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from gendermap.catalogue import Catalogue
from gendermap.config import Settings, get_settings
from gendermap.publish.areas import PublishError


@dataclass(frozen=True)
class PublishData:
    mahalle: gpd.GeoDataFrame
    indicators: pd.DataFrame
    catalogue: Catalogue
    synthesis: pd.DataFrame | None
    district_indicators: pd.DataFrame | None
    district_synthesis: pd.DataFrame | None
    province_indicators: pd.DataFrame | None = None


def _optional(path: object) -> pd.DataFrame | None:
    from pathlib import Path

    p = Path(str(path))
    return pd.read_parquet(p) if p.exists() else None


def load(settings: Settings | None = None) -> PublishData:
    """Read the build; :class:`PublishError` (Turkish first) when it is missing."""
    from gendermap.io.export import ExportError, read_build_tables

    settings = settings or get_settings()
    try:
        tables = read_build_tables(settings)
    except ExportError as exc:
        raise PublishError(str(exc)) from None
    build = settings.build_dir
    return PublishData(
        mahalle=tables.mahalle,
        indicators=tables.indicators,
        catalogue=tables.catalogue,
        synthesis=tables.synthesis,
        district_indicators=_optional(build / "district_indicators.parquet"),
        district_synthesis=_optional(build / "district_synthesis.parquet"),
        province_indicators=_optional(build / "province_indicators.parquet"),
    )
