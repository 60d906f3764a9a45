"""Cached loaders: the build outputs, read once per data version.

Why two kinds of cache: the build (thousands of full-resolution polygons) is read-only
and large, so it is kept as one shared object (``st.cache_resource``) instead of being
pickled and copied on every rerun as ``st.cache_data`` would. Everything derived from it
(per-indicator frames, classifications, paints) is small and goes through
``st.cache_data`` with hashable arguments plus the data-version string -- never a
GeoDataFrame argument, never a folium object.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from gendermap.catalogue import Catalogue
from gendermap.config import Settings, get_settings
from gendermap.ui import assets

BUILD_FILES = (
    "gendermap.gpkg", "indicators.parquet", "synthesis.parquet", "indicator_scores.parquet", "match_report.csv",
)


@dataclass(frozen=True)
class Build:
    """Everything the pages show, aligned: row ``i`` of ``mahalle`` is polygon ``i`` on the map."""

    mahalle: gpd.GeoDataFrame
    district: gpd.GeoDataFrame
    indicators: pd.DataFrame
    synthesis: pd.DataFrame | None
    match_report: pd.DataFrame | None
    catalogue: Catalogue
    version: str
    geometry_url: str
    geometry_bytes: int
    build_dir: Path

    @property
    def synthetic(self) -> bool:
        """True when any value shown may be a demonstration value."""
        return bool(self.indicators["synthetic"].any()) if len(self.indicators) else False


def data_version(settings: Settings) -> str:
    """A short hash of the build files' and catalogue's names, sizes and times."""
    h = hashlib.sha256()
    from gendermap.io.catalogue_file import catalogue_revision

    for path in [*(settings.build_dir / f for f in BUILD_FILES), settings.catalogue_path]:
        if path.exists():
            st_ = path.stat()
            h.update(f"{path}:{st_.st_size}:{st_.st_mtime_ns};".encode())
    h.update(catalogue_revision(settings).encode())  # users' indicators (approved, retired)
    return h.hexdigest()[:16]


def build_ready(settings: Settings | None = None) -> bool:
    s = settings or get_settings()
    return s.gpkg_path.exists() and s.indicators_path.exists()


def read_build(build_dir: Path, catalogue_path: Path, version: str) -> Build:
    """Read and align the build outputs (no Streamlit; used by the cached loader and tests)."""
    from gendermap.io.catalogue_file import load_catalogue, load_full_catalogue

    gpkg = build_dir / "gendermap.gpkg"
    mahalle = gpd.read_file(gpkg, layer="mahalle").to_crs(4326)
    mahalle = mahalle.sort_values(["province_code", "district", "mahalle"], kind="stable")
    mahalle = mahalle.reset_index(drop=True)
    mahalle["mahalle_code"] = mahalle["mahalle_code"].astype("string")
    district = gpd.read_file(gpkg, layer="district").to_crs(4326)
    district = district.sort_values(["province_code", "district"], kind="stable").reset_index(drop=True)
    indicators = pd.read_parquet(build_dir / "indicators.parquet")
    indicators["mahalle_code"] = indicators["mahalle_code"].astype("string")
    synth_path = build_dir / "synthesis.parquet"
    synthesis = pd.read_parquet(synth_path) if synth_path.exists() else None
    if synthesis is not None:
        synthesis["mahalle_code"] = synthesis["mahalle_code"].astype("string")
    report_path = build_dir / "match_report.csv"
    match_report = pd.read_csv(report_path, dtype=str) if report_path.exists() else None
    assets.ensure_static()
    url, nbytes = assets.existing_geometry(version) or assets.write_geometry(
        assets.geometry_payload(mahalle, district), version
    )
    return Build(
        mahalle=mahalle,
        district=district,
        indicators=indicators,
        synthesis=synthesis,
        match_report=match_report,
        catalogue=(load_full_catalogue(settings) if Path(catalogue_path) == (settings := get_settings()).catalogue_path
                   else load_catalogue(catalogue_path)),
        version=version,
        geometry_url=url,
        geometry_bytes=nbytes,
        build_dir=build_dir,
    )


@st.cache_resource(show_spinner="Harita verisi yükleniyor / loading map data…", max_entries=2)
def _cached_build(build_dir: str, catalogue_path: str, version: str) -> Build:
    return read_build(Path(build_dir), Path(catalogue_path), version)


def load() -> Build | None:
    """The current build, or None when it has not been built yet."""
    s = get_settings()
    if not build_ready(s):
        return None
    return _cached_build(str(s.build_dir), str(s.catalogue_path), data_version(s))
