"""Joined data for download: GeoPackage, GeoJSON, CSV, XLSX, GeoParquet, each with metadata.

Why one module for every format: the app's download buttons and ``gendermap export``
must hand out the *same* table. :func:`joined_frame` builds it once (one row per mahalle
polygon, one column per indicator value and flag by sex, the synthesis scores and rank
intervals); :func:`export_bytes` serialises it with the field's own writers (pyogrio for
GeoPackage/GeoJSON, pyarrow for GeoParquet, openpyxl for XLSX) and :func:`metadata`
describes it (catalogue entries, sources, licences, vintages, synthetic flags).

Synthetic values are marked *in the data*, not only in the sidecar: every row carries
``synthetic`` and ``data_label`` (= :data:`gendermap.DEMO_LABEL` when any value in the
row is a demonstration value), so a CSV opened alone still says so. CSV and XLSX go
through :mod:`gendermap.tabular` (UTF-8 with a byte-order mark so Excel shows ğ, ş, İ;
text a spreadsheet would run as a formula, such as a mahalle named ``=HYPERLINK(...)``,
neutralised).
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from gendermap import DEMO_LABEL, __version__
from gendermap.catalogue import Catalogue
from gendermap.config import Settings
from gendermap.tabular import write_csv, write_xlsx
from gendermap.vintages import one_vintage

__all__ = [
    "FORMATS",
    "BuildTables",
    "ExportError",
    "export_bytes",
    "joined_frame",
    "metadata",
    "metadata_bytes",
    "read_build_tables",
    "write_export",
]

FORMATS: dict[str, tuple[str, str]] = {
    # format: (file extension, MIME type)
    "gpkg": ("gpkg", "application/geopackage+sqlite3"),
    "geojson": ("geojson", "application/geo+json"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "parquet": ("parquet", "application/vnd.apache.parquet"),
}
ALIASES = {"geoparquet": "parquet", "geopackage": "gpkg", "json": "geojson", "excel": "xlsx"}

KEY_COLUMNS = (
    "quarter_id", "mahalle_code", "mahalle", "district", "district_code",
    "province", "province_code", "population_2023", "populated",
)

BASE_SOURCES = (
    {"name": "TurkeyGeoJSON (cagriozkurt)", "content": "mahalle/district boundaries", "year": 2021, "licence": "MIT"},
    {"name": "TÜİK ADNKS via MEDAS (furkanipek/turkiye-veritabani)", "content": "mahalle population 2023", "year": 2023, "licence": "public statistics"},
    {"name": "il-ilce-json (snrylmz)", "content": "district population by sex", "year": 2021, "licence": "public statistics"},
    {"name": "TÜİK election statistics (danyelkoca/tuik)", "content": "registered voters by district, age and sex", "year": 2018, "licence": "public statistics"},
)

FLAG_MEANINGS = {
    "ok": "published as is",
    "unreliable": "small denominator or high relative standard error: use with care",
    "suppressed": "withheld (small count or secondary suppression); value left empty",
    "no_data": "nothing to compute (missing count or zero denominator)",
}


class ExportError(ValueError):
    """A request the export cannot serve (unknown format, empty filter): a message for people."""


@dataclass(frozen=True)
class BuildTables:
    """The build outputs an export or a report reads (docs/architecture.md)."""

    mahalle: gpd.GeoDataFrame
    district: gpd.GeoDataFrame | None
    indicators: pd.DataFrame
    synthesis: pd.DataFrame | None
    district_inputs: pd.DataFrame | None
    catalogue: Catalogue


def read_build_tables(settings: Settings) -> BuildTables:
    """Read the build outputs; :class:`ExportError` naming the missing file if not built."""
    from gendermap.io.catalogue_file import load_full_catalogue

    needed = [settings.gpkg_path, settings.indicators_path]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        raise ExportError(
            f"Derleme çıktısı yok: {', '.join(missing)}. Önce 'gendermap build' çalıştırın. "
            f"(build outputs missing: run 'gendermap build')"
        )
    mahalle = gpd.read_file(settings.gpkg_path, layer="mahalle").to_crs(4326)
    mahalle["mahalle_code"] = mahalle["mahalle_code"].astype("string")
    district = gpd.read_file(settings.gpkg_path, layer="district").to_crs(4326)
    indicators = pd.read_parquet(settings.indicators_path)
    indicators["mahalle_code"] = indicators["mahalle_code"].astype("string")
    synthesis = None
    if settings.synthesis_path.exists():
        synthesis = pd.read_parquet(settings.synthesis_path)
        synthesis["mahalle_code"] = synthesis["mahalle_code"].astype("string")
    inputs_path = settings.build_dir / "district_inputs.parquet"
    inputs = pd.read_parquet(inputs_path) if inputs_path.exists() else None
    return BuildTables(mahalle, district, indicators, synthesis, inputs, load_full_catalogue(settings))


def _norm_format(fmt: str) -> str:
    name = ALIASES.get(fmt.lower().lstrip("."), fmt.lower().lstrip("."))
    if name not in FORMATS:
        raise ExportError(f"Invalid format: '{fmt}'\nFormat must be in the set: {', '.join(FORMATS)}")
    return name


def _match(values: pd.Series, wanted: Sequence[str] | None) -> pd.Series:
    """Rows whose value (name or code) is in ``wanted``, Turkish-case-insensitively."""
    from gendermap.names import name_key

    if not wanted:
        return pd.Series(True, index=values.index)
    keys = {name_key(str(w)) for w in wanted}
    return values.astype(str).map(name_key).isin(keys)


def joined_frame(
    tables: BuildTables,
    *,
    provinces: Sequence[str] | None = None,
    districts: Sequence[str] | None = None,
    indicators: Sequence[str] | None = None,
    method: str = "eige",
) -> gpd.GeoDataFrame:
    """One row per mahalle polygon of the filter, indicators wide, flags beside values.

    Filters take names or codes (``["İzmir"]``, ``["Seferihisar", "1234"]``). Columns:
    the mahalle keys, ``<indicator>_<sex>`` (value as stored: proportions for percent
    indicators) with ``<indicator>_<sex>_flag``, the synthesis (``index_<method>``,
    ``rank_median``, ``rank_p05``, ``rank_p95``, ``stability``, ``theme_<theme>``),
    ``synthetic``, ``data_label`` and geometry (EPSG:4326).
    """
    m = tables.mahalle
    mask = (_match(m["province"], provinces) | _match(m["province_code"], provinces)) & (
        _match(m["district"], districts) | _match(m["district_code"], districts)
    )
    base = m.loc[mask, [c for c in KEY_COLUMNS if c in m.columns] + ["geometry"]].copy()
    if base.empty:
        raise ExportError(
            f"Filtreye uyan mahalle yok (il: {provinces or 'hepsi'}, ilçe: {districts or 'hepsi'}). "
            f"(no mahalle matches the filter)"
        )
    ind = tables.indicators
    if indicators:
        unknown = sorted(set(indicators) - set(ind["indicator"]))
        if unknown:
            raise ExportError(
                f"Bilinmeyen gösterge(ler): {', '.join(unknown)}. Geçerli: {', '.join(sorted(ind['indicator'].unique()))}"
            )
        ind = ind[ind["indicator"].isin(indicators)]
    ind = one_vintage(ind)  # each indicator's reference vintage, the year the map shows by default
    ind = ind[ind["mahalle_code"].isin(base["mahalle_code"].dropna())]
    order = [i for i in tables.catalogue.ids if i in set(ind["indicator"])]
    order += sorted(set(ind["indicator"]) - set(order))
    if len(ind):
        ind = ind.assign(_col=ind["indicator"].astype(str) + "_" + ind["sex"].astype(str))
        values = ind.pivot_table(index="mahalle_code", columns="_col", values="value", aggfunc="first", dropna=False)
        flags = ind.pivot_table(
            index="mahalle_code", columns="_col", values="flag", aggfunc="first", dropna=False, observed=True
        ).astype("string")
        flags.columns = [f"{c}_flag" for c in flags.columns]
        cols: list[str] = []
        for i in order:
            for sex in ("F", "M", "T"):
                c = f"{i}_{sex}"
                if c in values.columns:
                    cols += [c, f"{c}_flag"]
        wide = values.join(flags)[cols]
        synthetic_rows = ind.groupby("mahalle_code")["synthetic"].any()
        base = base.merge(wide, left_on="mahalle_code", right_index=True, how="left")
        base["synthetic"] = base["mahalle_code"].map(synthetic_rows).fillna(False).astype(bool)
    else:
        base["synthetic"] = False
    if tables.synthesis is not None and len(tables.synthesis):
        syn = tables.synthesis[tables.synthesis["method"] == method]
        overall = syn[syn["theme"] == "overall"].set_index("mahalle_code")
        base[f"index_{method}"] = base["mahalle_code"].map(overall["score"])
        for c in ("rank_median", "rank_p05", "rank_p95", "stability"):
            if c in overall:
                base[c] = base["mahalle_code"].map(overall[c])
        for theme in [t for t in tables.catalogue.themes if t in set(syn["theme"])]:
            th = syn[syn["theme"] == theme].set_index("mahalle_code")["score"]
            base[f"theme_{theme}"] = base["mahalle_code"].map(th)
        # the index is built on the indicators: synthetic if any of them is
        if ind["synthetic"].any():
            base["synthetic"] |= base[f"index_{method}"].notna()
    base["data_label"] = base["synthetic"].map({True: DEMO_LABEL, False: ""})
    geometry = base.pop("geometry")
    return gpd.GeoDataFrame(base, geometry=geometry, crs="EPSG:4326").reset_index(drop=True)


def metadata(
    tables: BuildTables, frame: pd.DataFrame, filters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The sidecar: what the columns mean, where the data came from, what is synthetic."""
    ids = [c[: -len("_F")] for c in frame.columns if c.endswith(("_F", "_M", "_T"))]
    entries = [tables.catalogue.get(i) for i in dict.fromkeys(ids) if i in tables.catalogue]
    synthetic = bool(frame["synthetic"].any()) if "synthetic" in frame else False
    return {
        "title": "gendermap joined mahalle data",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "generator": f"gendermap {__version__}",
        "filters": filters or {},
        "rows": len(frame),
        "crs": "EPSG:4326",
        "synthetic": synthetic,
        "demo_label": DEMO_LABEL if synthetic else "",
        "synthetic_note": (
            "Rows with synthetic = true contain demonstration values generated by gendermap "
            "(calibrated to real totals and district margins); do not use them for decisions."
            if synthetic
            else ""
        ),
        "columns": {
            "mahalle_code": "TÜİK mahalle code (key)",
            "<indicator>_<sex>": "value by sex (F women, M men, T total); proportions 0-1 for percent indicators, per person for per_1000",
            "<indicator>_<sex>_flag": "reliability flag: " + "; ".join(f"{k}: {v}" for k, v in FLAG_MEANINGS.items()),
            "index_<method>": "synthesis score 1-100 (100 = equality), overall",
            "rank_median, rank_p05, rank_p95": "Monte Carlo rank and 5-95 % rank interval (1 = most equal)",
            "theme_<theme>": "theme score of the synthesis",
            "synthetic": "true when any value in the row is a demonstration value",
            "data_label": f"'{DEMO_LABEL}' when synthetic",
        },
        "flags": FLAG_MEANINGS,
        "indicators": [e.model_dump(mode="json", exclude={"demo"}) for e in entries],
        "themes": {k: v.model_dump(mode="json") for k, v in tables.catalogue.themes.items()},
        "sources": list(BASE_SOURCES)
        + [
            {"name": e.source, "content": e.id, "year": e.year, "licence": e.licence, "synthetic": e.synthetic}
            for e in entries
        ],
        "vintages": {
            "boundaries": 2021,
            "population": 2023,
            "indicators": sorted({e.year for e in entries}),
        },
    }


def metadata_bytes(meta: dict[str, Any]) -> bytes:
    return json.dumps(meta, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _plain(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """Without geometry, with a representative point for spreadsheets."""
    out = pd.DataFrame(frame.drop(columns="geometry"))
    pts = frame.geometry.representative_point()
    out["lon"] = pts.x.round(6)
    out["lat"] = pts.y.round(6)
    return out


def _write(frame: gpd.GeoDataFrame, fmt: str, path: Path, meta: dict[str, Any]) -> None:
    if fmt == "gpkg":
        frame.to_file(path, layer="mahalle", driver="GPKG", engine="pyogrio")
        info = pd.DataFrame({"key": ["metadata"], "value": [metadata_bytes(meta).decode("utf-8")]})
        gpd.GeoDataFrame(info).to_file(path, layer="metadata", driver="GPKG", engine="pyogrio")
    elif fmt == "geojson":
        frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    elif fmt == "csv":
        write_csv(_plain(frame), path)
    elif fmt == "xlsx":
        about = {k: v for k, v in meta.items() if isinstance(v, str | int | bool)}
        sheets = {
            "data": _plain(frame),
            "indicators": pd.DataFrame(meta["indicators"]),
            "sources": pd.DataFrame(meta["sources"]),
            "about": pd.DataFrame({"key": list(about), "value": [str(v) for v in about.values()]}),
        }
        write_xlsx(sheets, path)


def export_bytes(
    frame: gpd.GeoDataFrame, fmt: str, meta: dict[str, Any] | None = None, stem: str = "gendermap"
) -> tuple[bytes, str, str]:
    """``(content, filename, mime)`` for a download button.

    ``meta`` (from :func:`metadata`) goes into the GeoPackage and XLSX files themselves;
    offer :func:`metadata_bytes` as the sidecar download for every format.
    """
    name = _norm_format(fmt)
    ext, mime = FORMATS[name]
    meta = meta or {"indicators": [], "sources": list(BASE_SOURCES)}
    with tempfile.TemporaryDirectory(prefix="gendermap-export-") as tmp:
        path = Path(tmp) / f"{stem}.{ext}"
        _write(frame, name, path, meta)
        return path.read_bytes(), path.name, mime


def write_export(
    frame: gpd.GeoDataFrame, fmt: str, path: str | Path, meta: dict[str, Any]
) -> tuple[Path, Path]:
    """Write the file and its sidecar ``<file>.metadata.json``; return both paths."""
    name = _norm_format(fmt)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()  # GPKG would otherwise add layers to an old file
    _write(frame, name, path, meta)
    sidecar = path.with_name(path.name + ".metadata.json")
    sidecar.write_bytes(metadata_bytes(meta))
    return path, sidecar


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """Several downloads in one zip (data file + sidecar) for a single button."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buf.getvalue()
