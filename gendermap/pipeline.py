"""The build: raw files -> boundaries joined to TÜİK codes and populations -> outputs.

``build(settings)`` runs small stage functions in order (fetch, boundaries, TÜİK table,
join, district inputs, indicators, then the one analysis with default settings (synthesis,
hot spots, focus districts: :func:`gendermap.analysis.analysis`), validate, write) and
returns a frozen :class:`BuildResult`.
Each stage takes and returns plain values so stages can be added without touching the
others. Every output is checked against its schema (:data:`gendermap.schemas.OUTPUTS`)
before anything is written; a failure writes nothing. The outputs are written into a
staging folder beside ``build/`` and swapped in whole (:func:`write_build`), so readers
never see a half-written or half-old build.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from gendermap.build_files import validate_outputs, validate_tables, write_build
from gendermap.config import Settings
from gendermap.io import boundaries, district_sources, fetch, medas
from gendermap.join import MatchResult, assign_to_polygons, coverage, dissolve_merges, match_mahalle
from gendermap.names import name_key

if TYPE_CHECKING:
    from gendermap.spatial import Contiguity

__all__ = [
    "FLOOR_MAHALLE",
    "FLOOR_POPULATION",
    "BuildError",
    "BuildResult",
    "ProvinceMatch",
    "RawFiles",
    "build",
    "build_district_layer",
    "refresh_indicators",
    "build_mahalle_layer",
    "BuildValidationError",
    "compute_analysis",
    "fetch_raw",
    "load_boundaries",
    "load_district_inputs",
    "load_tuik",
    "mahalle_contiguity",
    "stored_contiguity",
    "validate_outputs",
    "validate_tables",
    "write_build",
]

INDICATOR_TABLES = (
    "indicators", "indicator_scores", "district_indicators", "province_indicators", "district_indicator_scores",
)
"""Tables of :func:`compute_indicators`, in the order ``BuildResult.indicator_paths`` lists them."""
ANALYSIS_TABLES = ("synthesis", "hotspots", "moran", "focus", "district_synthesis")
"""Tables of :func:`compute_analysis`."""
CONTIGUITY_FILE = "contiguity.parquet"
"""Queen neighbours of the coded mahalle (:func:`gendermap.spatial.neighbour_pairs`): stored
so the app and ``refresh`` read them instead of intersecting every polygon again."""

FLOOR_MAHALLE = 0.993
FLOOR_POPULATION = 0.995

MAHALLE_COLUMNS = [
    "quarter_id", "mahalle_code", "tuik_codes", "mahalle", "district", "district_code", "province",
    "province_code", "population_2023", "populated", "match_method", "unpopulated_reason", "geometry",
]
DISTRICT_COLUMNS = ["district_code", "district", "province", "province_code", "population_2023", "geometry"]

Progress = Callable[[str, int, int, str], None]
"""``progress(stage, done, total, detail)``; ``fetch`` reports once per file."""


class BuildError(RuntimeError):
    """The build cannot go on (missing or inconsistent raw data)."""


class BuildValidationError(BuildError):
    """An output broke its schema; nothing was written. ``failures`` is the frame of problems."""

    def __init__(self, failures: pd.DataFrame) -> None:
        self.failures = failures
        tables = ", ".join(sorted(set(failures["table"])))
        super().__init__(
            f"{len(failures)} schema failure(s) in {tables}; the previous build was left in place:\n"
            + failures.head(40).to_string(index=False)
        )


@dataclass(frozen=True)
class RawFiles:
    """Verified local paths of the raw files, by role."""

    quarters: tuple[Path, ...]
    towns: tuple[Path, ...]
    tuik_mahalle: Path
    voters: Path
    district_population: Path


@dataclass(frozen=True)
class ProvinceMatch:
    """Join coverage of one province (rates are 0-1)."""

    province: str
    tuik_mahalle: int
    matched_mahalle: int
    mahalle_rate: float
    population: int
    covered_population: int
    population_rate: float
    polygons: int
    unpopulated_polygons: int

    @property
    def meets_floors(self) -> bool:
        return self.mahalle_rate >= FLOOR_MAHALLE and self.population_rate >= FLOOR_POPULATION


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how well the join went."""

    gpkg_path: Path
    match_report_path: Path
    district_inputs_path: Path
    provinces: tuple[ProvinceMatch, ...]
    district_problems: pd.DataFrame
    alias_problems: pd.DataFrame
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    indicator_paths: tuple[Path, ...] = ()
    analysis_paths: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return self.alias_problems.empty and all(p.meets_floors for p in self.provinces)


# --- stages -------------------------------------------------------------------------


def fetch_raw(settings: Settings, progress: Progress | None = None) -> RawFiles:
    """Fetch (or find in the mirror) and verify every registered raw file."""
    entries = fetch.load_registry(fetch.registry_path(settings))
    callback = None
    if progress is not None:
        def callback(done: int, total: int, name: str) -> None:
            progress("fetch", done, total, name)
    paths = fetch.fetch_all(entries, settings, progress=callback)
    by_kind: dict[str, list[Path]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(paths[entry.url])
    for kind in ("quarter", "town", "tuik_mahalle", "voters", "district_population"):
        if not by_kind.get(kind):
            raise BuildError(f"registry {fetch.registry_path(settings)} lists no '{kind}' file")
    return RawFiles(
        quarters=tuple(by_kind["quarter"]),
        towns=tuple(by_kind["town"]),
        tuik_mahalle=by_kind["tuik_mahalle"][0],
        voters=by_kind["voters"][0],
        district_population=by_kind["district_population"][0],
    )


def load_boundaries(raw: RawFiles) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Repaired quarter polygons (with district names from the town layer) and districts."""
    districts = boundaries.read_towns(raw.towns)
    quarters = boundaries.read_quarters(raw.quarters)
    unknown = set(quarters["district_code"]) - set(districts["district_code"])
    if unknown:
        raise BuildError(f"quarters refer to townId(s) without a town file: {sorted(unknown)}")
    quarters = quarters.merge(districts[["district_code", "district"]], on="district_code", how="left")
    return quarters, districts


def load_tuik(raw: RawFiles, districts: pd.DataFrame) -> pd.DataFrame:
    """TÜİK 2023 mahalle of the covered provinces with the boundary ``district_code``."""
    table = medas.read_medas(raw.tuik_mahalle)
    if not table.problems.empty:
        raise BuildError(f"{raw.tuik_mahalle}: unreadable TÜİK rows:\n{table.problems.head(20).to_string()}")
    if "total" not in table.value_columns:
        raise BuildError(f"{raw.tuik_mahalle}: no total population column ({table.value_columns})")
    provinces = {name_key(p): p for p in districts["province"].unique()}
    data = table.data[table.data["province"].map(name_key).isin(provinces)].copy()
    lookup = {
        (name_key(p), name_key(d)): int(c)
        for p, d, c in zip(districts["province"], districts["district"], districts["district_code"], strict=True)
    }
    data["district_code"] = [lookup.get((name_key(p), name_key(d))) for p, d in zip(data["province"], data["district"], strict=True)]
    missing = data[data["district_code"].isna()]
    if not missing.empty:
        raise BuildError(f"TÜİK districts without a boundary district: {sorted(set(missing['district']))}")
    data["province"] = data["province"].map(lambda p: provinces[name_key(p)])
    data["district_code"] = data["district_code"].astype("int64")
    data = data.rename(columns={"total": "population_2023"})
    if data["population_2023"].isna().any():
        raise BuildError(f"{raw.tuik_mahalle}: TÜİK mahalle without population")
    return data[["province", "district", "district_code", "mahalle_code", "mahalle", "population_2023"]].reset_index(drop=True)


def _read_hand_table(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(columns) - set(table.columns)
    if missing:
        raise BuildError(f"{path}: missing columns {sorted(missing)}")
    return table


def build_mahalle_layer(
    quarters: gpd.GeoDataFrame, tuik: pd.DataFrame, settings: Settings
) -> tuple[gpd.GeoDataFrame, MatchResult]:
    """Join TÜİK to polygons and shape the ``mahalle`` layer (contract in docs/architecture.md)."""
    from gendermap.join import ALIAS_COLUMNS

    aliases = _read_hand_table(settings.data_dir / "boundaries" / "aliases.csv", ALIAS_COLUMNS)
    known = _read_hand_table(settings.data_dir / "boundaries" / "known_unmatched.csv", ["side", "id", "reason"])
    result = match_mahalle(tuik, quarters, aliases, known)
    polygons, pairs = dissolve_merges(quarters, result.pairs)
    layer = assign_to_polygons(polygons, tuik, pairs)
    names = tuik.set_index("mahalle_code")["mahalle"]
    layer["mahalle"] = [
        " / ".join(names[c] for c in codes.split(";")) if isinstance(codes, str) else poly
        for codes, poly in zip(layer["tuik_codes"], layer["name"], strict=True)
    ]
    reasons = result.report[(result.report["side"] == "polygon")].set_index("quarter_id")["reason"]
    layer["unpopulated_reason"] = [
        None if populated else reasons.get(q, "TÜİK 2023 population is zero")
        for q, populated in zip(layer["quarter_id"], layer["populated"], strict=True)
    ]
    layer = gpd.GeoDataFrame(layer[MAHALLE_COLUMNS], geometry="geometry", crs=boundaries.CRS)
    return layer.sort_values(["province_code", "district_code", "quarter_id"], ignore_index=True), result


def build_district_layer(districts: gpd.GeoDataFrame, tuik: pd.DataFrame) -> gpd.GeoDataFrame:
    """District polygons with their TÜİK 2023 population (all mahalle, matched or not)."""
    population = tuik.groupby("district_code")["population_2023"].sum()
    layer = districts.assign(population_2023=districts["district_code"].map(population).fillna(0).astype("int64"))
    return gpd.GeoDataFrame(layer[DISTRICT_COLUMNS], geometry="geometry", crs=boundaries.CRS)


def load_district_inputs(raw: RawFiles, districts: pd.DataFrame) -> district_sources.DistrictInputs:
    return district_sources.read_district_inputs(raw.voters, raw.district_population, districts)


def province_stats(tuik: pd.DataFrame, result: MatchResult, mahalle: pd.DataFrame) -> tuple[ProvinceMatch, ...]:
    cov = coverage(tuik, result.pairs).set_index("province")
    out = []
    for province, row in cov.iterrows():
        layer = mahalle[mahalle["province"] == province]
        out.append(
            ProvinceMatch(
                province=str(province),
                tuik_mahalle=int(row["tuik_mahalle"]),
                matched_mahalle=int(row["matched_mahalle"]),
                mahalle_rate=float(row["mahalle_rate"]),
                population=int(row["population"]),
                covered_population=int(row["covered_population"]),
                population_rate=float(row["population_rate"]),
                polygons=len(layer),
                unpopulated_polygons=int((~layer["populated"]).sum()),
            )
        )
    return tuple(out)


def mahalle_contiguity(mahalle: gpd.GeoDataFrame) -> Contiguity:
    """Queen contiguity of the coded mahalle (:func:`gendermap.analysis.coded_units`): built
    once per build, used by spatial smoothing and by the hot spots."""
    from gendermap.analysis import coded_units
    from gendermap.spatial import contiguity

    return contiguity(coded_units(mahalle)[["geometry"]])


def stored_contiguity(build_dir: Path, mahalle: gpd.GeoDataFrame) -> Contiguity | None:
    """The build's stored contiguity of ``mahalle`` (``contiguity.parquet``), or None when
    the build has none or it does not fit these polygons (then the caller builds it)."""
    from gendermap.analysis import coded_units
    from gendermap.spatial import contiguity_from_pairs

    path = Path(build_dir) / CONTIGUITY_FILE
    if not path.exists():
        return None
    try:
        return contiguity_from_pairs(coded_units(mahalle)[["geometry"]], pd.read_parquet(path))
    except (ValueError, KeyError, OSError):
        return None


def compute_indicators(
    settings: Settings, mahalle: gpd.GeoDataFrame, inputs: pd.DataFrame, contiguity: Contiguity | None = None,
) -> dict[str, pd.DataFrame]:
    """Demo counts, replaced by real imported counts where a user gave them, then the
    published indicator table, the per-indicator index scores (from the full counts, what
    the analysis starts from: every vintage, unsmoothed and smoothed globally and spatially),
    pooled district values and the district index's per-indicator scores (the analysis weighs
    them into ``district_synthesis``)."""
    from gendermap.demo import apply_real_over_demo, generate_demo_counts
    from gendermap.district_index import district_score_table
    from gendermap.indicators import (
        Thresholds,
        district_indicators,
        mahalle_indicators,
        pooled_counts,
        province_indicators,
    )
    from gendermap.io.catalogue_file import load_full_catalogue
    from gendermap.monitor.mapdata import stored_rows
    from gendermap.scores import SMOOTHING, indicator_score_table
    from gendermap.vintages import reference_years

    catalogue = load_full_catalogue(settings)
    units = pd.DataFrame(mahalle.drop(columns="geometry"))
    demo = generate_demo_counts(units, inputs, catalogue, settings.seed)
    counts = apply_real_over_demo(demo, stored_rows(settings))
    keyed = units.dropna(subset=["mahalle_code"]).drop_duplicates("mahalle_code").set_index("mahalle_code")
    groups = keyed["district_code"]
    counts = counts[counts["mahalle_code"].isin(groups.index)]
    thresholds = Thresholds(settings.min_denominator, settings.max_rse, settings.disclosure_threshold)
    published = mahalle_indicators(counts, catalogue, groups, thresholds)
    district_values = district_indicators(counts, published, catalogue, groups, thresholds)
    district_provinces = units.drop_duplicates("district_code").set_index("district_code")["province_code"]
    province_values = province_indicators(
        counts, district_values, catalogue, keyed["province_code"], district_provinces, thresholds
    )
    years = reference_years(counts)  # one vintage per indicator for the index, mahalle and district alike
    pooled = pooled_counts(counts, catalogue, groups)
    return {
        "indicators": published,
        "indicator_scores": indicator_score_table(
            counts, catalogue, smoothing=SMOOTHING, w=(contiguity or mahalle_contiguity(mahalle)).w
        ),
        "district_indicators": district_values,
        "province_indicators": province_values,
        "district_indicator_scores": district_score_table(pooled, catalogue, years=years),
    }


def compute_analysis(
    settings: Settings, mahalle: gpd.GeoDataFrame, tables: dict[str, pd.DataFrame],
    contiguity: Contiguity | None = None,
) -> dict[str, pd.DataFrame]:
    """``synthesis``, ``hotspots``, ``moran``, ``focus`` and ``district_synthesis``: :func:`gendermap.analysis.analysis`
    with the default settings, stored so the reports, the CLI and the app's default view
    read the same numbers (the app and ``gendermap analyse`` call it for other settings)."""
    from gendermap.analysis import AnalysisSettings, analysis, prepare_tables
    from gendermap.io.catalogue_file import load_full_catalogue

    catalogue = load_full_catalogue(settings)
    inputs = prepare_tables(mahalle, tables["indicator_scores"], tables["indicators"], catalogue, contiguity,
                            district_scores=tables["district_indicator_scores"])
    return analysis(inputs, AnalysisSettings(seed=settings.seed)).tables()


def refresh_indicators(settings: Settings) -> tuple[Path, ...]:
    """Recompute the indicator, synthesis, hot-spot and focus tables from an existing build.

    Run after a user imports real counts: the boundaries and district inputs do not
    change, so this skips fetching and joining (seconds instead of a full build). Like
    the build, it validates every table first and swaps in a complete folder, or raises
    :class:`BuildValidationError` and leaves the build as it was.
    """
    inputs_path = Path(settings.build_dir) / "district_inputs.parquet"
    for needed in (settings.gpkg_path, inputs_path):
        if not needed.exists():
            raise BuildError(f"{needed} does not exist yet: run `gendermap build` first")
    mahalle = gpd.read_file(settings.gpkg_path, layer="mahalle")
    inputs = pd.read_parquet(inputs_path)
    from gendermap.spatial import neighbour_pairs

    contiguity = stored_contiguity(settings.build_dir, mahalle) or mahalle_contiguity(mahalle)
    tables = compute_indicators(settings, mahalle, inputs, contiguity)
    tables["contiguity"] = neighbour_pairs(contiguity)
    tables.update(compute_analysis(settings, mahalle, tables, contiguity))
    failures = validate_tables(tables)
    if not failures.empty:
        raise BuildValidationError(failures)
    return write_build(settings, tables)


# --- the build ------------------------------------------------------------------------


def build(settings: Settings, progress: Progress | None = None) -> BuildResult:
    """Run every stage and write the outputs; see :class:`BuildResult`."""
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def timed(name: str, func, *args, **kwargs):
        t0 = time.perf_counter()
        if progress is not None:
            progress(name, 0, 1, "")
        value = func(*args, **kwargs)
        timings[name] = round(time.perf_counter() - t0, 3)
        return value

    raw = timed("fetch", fetch_raw, settings, progress)
    quarters, districts = timed("boundaries", load_boundaries, raw)
    tuik = timed("tuik", load_tuik, raw, districts)
    mahalle, result = timed("join", build_mahalle_layer, quarters, tuik, settings)
    district = timed("district_layer", build_district_layer, districts, tuik)
    inputs = timed("district_inputs", load_district_inputs, raw, districts)
    from gendermap.spatial import neighbour_pairs

    contiguity = timed("contiguity", mahalle_contiguity, mahalle)
    tables = timed("indicators", compute_indicators, settings, mahalle, inputs.data, contiguity)
    tables["contiguity"] = neighbour_pairs(contiguity)
    tables.update(timed("analysis", compute_analysis, settings, mahalle, tables, contiguity))
    failures = timed("validate", validate_outputs, mahalle, district, result.report, inputs.data, tables)
    if not failures.empty:
        raise BuildValidationError(failures)
    tables = {"district_inputs": inputs.data, **tables}
    paths = timed("write", write_build, settings, tables, layers=(mahalle, district), report=result.report)
    by_name = {p.name: p for p in paths}
    return BuildResult(
        gpkg_path=by_name["gendermap.gpkg"],
        match_report_path=by_name["match_report.csv"],
        district_inputs_path=by_name["district_inputs.parquet"],
        provinces=province_stats(tuik, result, mahalle),
        district_problems=inputs.problems,
        alias_problems=result.alias_problems,
        seconds=round(time.perf_counter() - started, 3),
        stage_seconds=timings,
        indicator_paths=tuple(by_name[f"{n}.parquet"] for n in INDICATOR_TABLES),
        analysis_paths=tuple(by_name[f"{n}.parquet"] for n in ANALYSIS_TABLES),
    )
