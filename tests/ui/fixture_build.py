"""A small but complete build directory for app tests (contract: docs/architecture.md).

A grid of ``side × side`` square mahalle split into two provinces and a few districts,
with tidy indicators for every mahalle-level catalogue entry, the per-indicator scores, the
analysis tables (synthesis, hot spots, Moran's I, focus: :func:`gendermap.analysis.analysis`,
defaults) and a match report. One mahalle is named ``<img src=x onerror=alert(1)>`` to prove escaping.
Run as a script to write one: ``python tests/ui/fixture_build.py DIR [SIDE]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gendermap import rates
from gendermap.config import ROOT
from gendermap.io.catalogue_file import load_catalogue

EVIL = "<img src=x onerror=alert(1)>"
CELL = 0.02


def make_fixture_build(out: Path, side: int = 12, seed: int = 7, boundaries: Path | None = None) -> Path:
    """Write the fixture; with ``boundaries`` (a real build's gendermap.gpkg) keep its polygons."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    cat = load_catalogue(ROOT / "data" / "indicators" / "catalogue.yaml")
    if boundaries is not None:
        mahalle = gpd.read_file(boundaries, layer="mahalle")
        mahalle["mahalle_code"] = mahalle["mahalle_code"].fillna("").astype(str)
        mahalle.loc[mahalle["mahalle_code"] == "", "mahalle_code"] = [f"x{i}" for i in range((mahalle["mahalle_code"] == "").sum())]
        mahalle["population_2023"] = mahalle["population_2023"].fillna(0).astype(int)
        district = gpd.read_file(boundaries, layer="district")
        return _write(out, mahalle, district, cat, rng)
    rows = []
    for i in range(side):
        for j in range(side):
            n = i * side + j
            province_code = 35 if i < side // 2 else 10
            district_code = 100 + (i // max(side // 4, 1)) * 10 + (j // max(side // 3, 1))
            rows.append(
                {
                    "quarter_id": 10_000 + n,
                    "mahalle_code": str(40_000 + n),
                    "tuik_codes": str(40_000 + n),
                    "mahalle": EVIL if n == 0 else f"Mahalle {n} Mh.",
                    "district": f"İlçe {district_code}",
                    "district_code": district_code,
                    "province": "İzmir" if province_code == 35 else "Balıkesir",
                    "province_code": province_code,
                    "population_2023": int(rng.integers(50, 20_000)),
                    "populated": True,
                    "match_method": "exact",
                    "geometry": shapely.box(27 + j * CELL, 38 + i * CELL, 27 + (j + 1) * CELL, 38 + (i + 1) * CELL),
                }
            )
    mahalle = gpd.GeoDataFrame(rows, crs=4326)
    district = mahalle.dissolve(
        by=["district_code", "district", "province", "province_code"], aggfunc={"population_2023": "sum"}
    ).reset_index()
    return _write(out, mahalle, district, cat, rng)


def _write(out: Path, mahalle: gpd.GeoDataFrame, district: gpd.GeoDataFrame, cat, rng) -> Path:  # type: ignore[no-untyped-def]
    gpkg = out / "gendermap.gpkg"
    gpkg.unlink(missing_ok=True)
    mahalle.to_file(gpkg, layer="mahalle", driver="GPKG")
    district.to_file(gpkg, layer="district", driver="GPKG")

    tidy = []
    for ind in cat.at_level("mahalle"):
        base = rng.uniform(0.05, 0.6)
        for code, pop in zip(mahalle["mahalle_code"], mahalle["population_2023"], strict=True):
            for sex in ("F", "M"):
                den = max(int(pop * rng.uniform(0.2, 0.5)), 1)
                p = min(max(base + rng.normal(0, 0.08) + (0.05 if sex == "M" else 0), 0.001), 0.99)
                num = int(rng.binomial(den, p))
                tidy.append((code, ind.id, ind.year, sex, num, den, bool(ind.synthetic)))
    counts = pd.DataFrame(tidy, columns=["mahalle_code", "indicator", "year", "sex", "numerator", "denominator", "synthetic"])
    counts["value"] = rates.rate(counts["numerator"], counts["denominator"])
    is_count = counts["indicator"].isin([i.id for i in cat.indicators if i.unit == "count"])
    counts.loc[is_count, "value"] = counts.loc[is_count, "numerator"]
    lo, hi = rates.wilson_interval(counts["numerator"], counts["denominator"])
    counts["ci_low"], counts["ci_high"] = lo, hi
    counts["flag"] = np.where(counts["denominator"] < 30, "unreliable", "ok")
    counts.loc[counts.index % 97 == 5, ["value", "ci_low", "ci_high"]] = np.nan
    counts.loc[counts.index % 97 == 5, "flag"] = "suppressed"
    counts.to_parquet(out / "indicators.parquet", index=False)

    from gendermap.pipeline import mahalle_contiguity
    from gendermap.scores import SMOOTHING, indicator_score_table

    full = counts.drop(columns=["value", "ci_low", "ci_high", "flag"])  # the index is scored from all counts
    contiguity = mahalle_contiguity(mahalle)
    indicator_score_table(full, cat, smoothing=SMOOTHING, w=contiguity.w).to_parquet(
        out / "indicator_scores.parquet", index=False)
    from gendermap.analysis import AnalysisSettings, analysis, prepare_tables
    from gendermap.district_index import district_score_table
    from gendermap.indicators import pooled_counts

    groups = mahalle.set_index("mahalle_code")["district_code"]
    pooled = pooled_counts(counts[["mahalle_code", "indicator", "year", "sex", "numerator", "denominator", "synthetic"]],
                           cat, groups)
    district_score_table(pooled, cat).to_parquet(out / "district_indicator_scores.parquet", index=False)
    scores = pd.read_parquet(out / "indicator_scores.parquet")
    district_scores = pd.read_parquet(out / "district_indicator_scores.parquet")
    result = analysis(prepare_tables(mahalle, scores, counts, cat, contiguity, district_scores=district_scores),
                      AnalysisSettings())
    for name, table in result.tables().items():
        table.to_parquet(out / f"{name}.parquet", index=False)
    pd.DataFrame(
        [{"side": "tuik", "mahalle_code": "49999", "name": EVIL, "district": "İlçe 100", "status": "unmatched", "reason": "renamed after 2021", "suggestion": ""}]
    ).to_csv(out / "match_report.csv", index=False)
    return out


if __name__ == "__main__":
    arg = sys.argv[2] if len(sys.argv) > 2 else "12"
    if arg.endswith(".gpkg"):
        make_fixture_build(Path(sys.argv[1]), boundaries=Path(arg))
    else:
        make_fixture_build(Path(sys.argv[1]), int(arg))
