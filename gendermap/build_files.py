"""The build's outputs on disk: every table checked against its schema, then written into a
staging folder and swapped in whole.

Why a separate module: readers (the app, reports, ``gendermap analyse``) must never see a
half-written or half-old build, and a build whose validation fails must leave the previous one
in place. That is file handling, not computation, so :mod:`gendermap.pipeline` keeps the
stages and this module keeps the disk.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from gendermap import schemas
from gendermap.config import Settings

__all__ = ["validate_outputs", "validate_tables", "write_build"]


def validate_outputs(
    mahalle: gpd.GeoDataFrame,
    district: gpd.GeoDataFrame,
    report: pd.DataFrame,
    inputs: pd.DataFrame,
    tables: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Every schema failure of every output (layers, report, inputs and ``tables``) as one
    frame, empty when all conform."""
    frames = [
        schemas.failures(schemas.MahalleLayerSchema, pd.DataFrame(mahalle.drop(columns="geometry")), "mahalle"),
        schemas.failures(schemas.DistrictLayerSchema, pd.DataFrame(district.drop(columns="geometry")), "district"),
        schemas.failures(schemas.MatchReportSchema, report, "match_report"),
        schemas.failures(schemas.DistrictInputsSchema, inputs, "district_inputs"),
    ]
    geometry = []
    for name, layer in (("mahalle", mahalle), ("district", district)):
        if layer.crs is None or layer.crs.to_epsg() != 4326:
            geometry.append({"table": name, "column": "geometry", "check": "crs is EPSG:4326", "index": "", "failure_case": str(layer.crs)})
        bad = layer.index[layer.geometry.isna() | ~layer.geometry.is_valid | ~layer.geom_type.isin(["Polygon", "MultiPolygon"])]
        geometry.extend(
            {"table": name, "column": "geometry", "check": "valid polygon", "index": str(i), "failure_case": str(layer.geom_type[i])}
            for i in bad
        )
    frames.append(pd.DataFrame(geometry, columns=frames[0].columns))
    if tables:
        frames.append(validate_tables(tables))
    return pd.concat([f for f in frames if not f.empty] or [frames[0]], ignore_index=True)


def validate_tables(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every schema failure of the computed parquet tables (``schemas.OUTPUTS``) as one frame;
    a table without a schema is itself a failure, so no output goes unchecked."""
    frames = []
    for name, table in tables.items():
        schema = schemas.OUTPUTS.get(name)
        if schema is None:
            frames.append(pd.DataFrame([{"table": name, "column": "", "check": "has a schema in gendermap.schemas.OUTPUTS",
                                         "index": "", "failure_case": name}]))
            continue
        frames.append(schemas.failures(schema, table, name))
    found = [f for f in frames if not f.empty]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=list(schemas.FAILURE_COLUMNS))


def _staging_dir(final: Path) -> Path:
    """A fresh folder beside ``final`` (same file system, so the swap is a rename)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.staging-", dir=final.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the build is read by the app and others
    return staging


def _swap_in(staging: Path, final: Path) -> None:
    """Put ``staging`` where ``final`` is: two renames, the old build removed afterwards.

    Readers see either the old folder or the new one, never a mix; if the second rename
    fails the old build is put back.
    """
    if not final.exists():
        os.replace(staging, final)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
    old.rmdir()
    os.replace(final, old)
    try:
        os.replace(staging, final)
    except OSError:
        os.replace(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write_files(
    folder: Path,
    layers: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None,
    report: pd.DataFrame | None,
    tables: dict[str, pd.DataFrame],
) -> None:
    if layers is not None:
        mahalle, district = layers
        gpkg = folder / "gendermap.gpkg"
        # VERSION=1.2: readable without warnings by older system GDAL (Debian ogrinfo).
        mahalle.to_file(gpkg, layer="mahalle", driver="GPKG", engine="pyogrio", VERSION="1.2")
        district.to_file(gpkg, layer="district", driver="GPKG", engine="pyogrio", mode="a")
    if report is not None:
        report.to_csv(folder / "match_report.csv", index=False, encoding="utf-8")
    for name, table in tables.items():
        table.to_parquet(folder / f"{name}.parquet", index=False)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_build(
    settings: Settings,
    tables: dict[str, pd.DataFrame],
    *,
    layers: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None = None,
    report: pd.DataFrame | None = None,
) -> tuple[Path, ...]:
    """Write the outputs into a staging folder beside ``build_dir`` and swap it in whole.

    Files of the previous build that this call does not rewrite (for a refresh: the
    GeoPackage, the match report, the district inputs) are hard-linked (or copied) into
    the staging folder first, so the swapped-in folder is complete. Returns the paths of
    the written files in their final place.
    """
    final = Path(settings.build_dir)
    staging = _staging_dir(final)
    try:
        written = {f"{name}.parquet" for name in tables}
        if layers is not None:
            written.add("gendermap.gpkg")
        if report is not None:
            written.add("match_report.csv")
        if final.is_dir():
            for kept in final.iterdir():
                if kept.name in written or kept.name.startswith("."):
                    continue
                if kept.is_dir():
                    shutil.copytree(kept, staging / kept.name, copy_function=_link_or_copy)
                else:
                    _link_or_copy(kept, staging / kept.name)
        _write_files(staging, layers, report, tables)
        _swap_in(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    names = (["gendermap.gpkg"] if layers is not None else []) + (["match_report.csv"] if report is not None else [])
    return tuple(final / n for n in [*names, *(f"{name}.parquet" for name in tables)])
