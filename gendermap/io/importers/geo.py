"""GIS files (GeoJSON, GeoPackage, shapefile) whose attributes are tidy rows: CRS and
geometry checked before the attributes are."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from gendermap.io.importers.result import Report, empty_rows
from gendermap.io.importers.rules import Options, tidy_rows

__all__ = ["TURKEY_BOUNDS", "read_geo"]

TURKEY_BOUNDS = (25.0, 35.5, 45.5, 42.5)
"""lon/lat box around Türkiye; coordinates outside it mean the CRS is wrong."""


def read_geo(source: str | bytes, options: Options, report: Report) -> tuple[pd.DataFrame, int]:
    import pyogrio
    import shapely

    try:
        gdf = pyogrio.read_dataframe(source if isinstance(source, str) else io.BytesIO(source))
    except Exception:  # GDAL reports broken files with several exception types
        # GDAL's own text names in-memory paths and drivers: it helps no user, so it is not shown.
        report.error(0, "", "CBS dosyası okunamadı: GeoJSON, GeoPackage ya da zip içinde shapefile olmalı; dosyayı QGIS'te açıp yeniden kaydedin",
                     "the GIS file could not be read: it must be GeoJSON, GeoPackage or a zipped shapefile; open it in QGIS and save it again",
                     "geo_read")
        return empty_rows(), 0
    n = len(gdf)
    if n == 0:
        report.error(0, "", "Dosyada hiç nesne (satır) yok.", "The file has no features (rows).", "empty_file")
        return empty_rows(), 0
    if gdf.crs is None:
        report.error(0, "geometry",
                     "Koordinat referans sistemi (CRS) yok: hangi koordinatlar olduğu bilinemiyor. Dosyayı CRS ile (tercihen EPSG:4326) kaydedin; shapefile için .prj dosyasını ekleyin.",
                     "Coordinate reference system (CRS) missing: the coordinates cannot be interpreted. Save the file with a CRS (EPSG:4326 preferred); for a shapefile include the .prj file.",
                     "crs_missing")
        return empty_rows(), n
    declared = gdf.crs.to_string()
    if gdf.crs.to_epsg() != 4326:
        try:
            gdf = gdf.to_crs(4326)
        except Exception:  # pyproj raises on impossible transformations
            report.error(0, "geometry", f"{declared} koordinatları EPSG:4326'ya dönüştürülemedi: dosyanın koordinat sistemini kontrol edin",
                         f"coordinates in {declared} could not be transformed to EPSG:4326: check the file's coordinate system", "crs_wrong")
            return empty_rows(), n
        report.warning(0, "geometry", f"koordinatlar {declared} sisteminden EPSG:4326'ya dönüştürüldü",
                       f"coordinates reprojected from {declared} to EPSG:4326", "reprojected")
    present = gdf.geometry.notna() & ~gdf.geometry.is_empty
    if present.any():
        minx, miny, maxx, maxy = gdf.geometry[present].total_bounds
        w, s, e, nn = TURKEY_BOUNDS
        if not (np.isfinite([minx, miny, maxx, maxy]).all() and minx >= w and maxx <= e and miny >= s and maxy <= nn):
            report.error(0, "geometry",
                         f"Koordinatlar Türkiye dışında ({minx:.4g}, {miny:.4g} – {maxx:.4g}, {maxy:.4g}; beyan edilen CRS {declared}): CRS büyük olasılıkla yanlış. Dosyayı doğru CRS ile kaydedin.",
                         f"Coordinates fall outside Türkiye ({minx:.4g}, {miny:.4g} – {maxx:.4g}, {maxy:.4g}; declared CRS {declared}): the CRS is probably wrong. Save the file with its true CRS.",
                         "crs_wrong")
            return empty_rows(), n
    valid = shapely.is_valid(gdf.geometry.values)
    invalid_rows: set[int] = set()
    for i in np.flatnonzero(present.to_numpy() & ~valid):
        reason = shapely.is_valid_reason(gdf.geometry.values[i])
        report.error(int(i) + 1, "geometry",
                     f"geçersiz geometri: {reason}. Düzeltin (QGIS: 'Geometrileri onar' / make_valid) ve yeniden deneyin.",
                     f"invalid geometry: {reason}. Repair it (QGIS 'Fix geometries' / make_valid) and try again.",
                     "invalid_geometry")
        invalid_rows.add(int(i) + 1)
    attributes = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    header: list[object] = list(attributes.columns)
    records = [(i + 1, list(values)) for i, values in enumerate(attributes.itertuples(index=False))]
    records = [(r, v) for r, v in records if r not in invalid_rows]
    return tidy_rows(header, records, options, report, decimal_comma=False), n

