"""Report and export test data built in code: box mahalle, two provinces, hostile names."""

from __future__ import annotations

import numpy as np
import pandas as pd

# ------------------------------------------------------------------ report data in code
HOSTILE_NAMES = ("<script>alert(1)</script>", "a & b <b>")

DISTRICTS = (
    # code, name, province code, province, origin x, y
    (101, "Seferihisar", 35, "İzmir", 26.80, 38.15),
    (102, "Karşıyaka", 35, "İzmir", 27.05, 38.45),
    (201, "Ayvalık", 10, "Balıkesir", 26.65, 39.30),
    (202, "Gömeç", 10, "Balıkesir", 26.85, 39.40),
)
EMPTY_DISTRICT = (999, "Boşilçe", 10, "Balıkesir", 27.3, 39.6)


def _catalogue(with_population: bool = True):
    from gendermap.catalogue import parse_catalogue

    def entry(ind_id, theme, tr, en, direction, rate):
        return {
            "id": ind_id, "theme": theme, "label": {"tr": tr, "en": en},
            "description": {"tr": tr, "en": en}, "why": {"tr": "neden", "en": "why"},
            "numerator": {"tr": "pay", "en": "numerator"},
            "denominator": {"tr": "payda", "en": "denominator"},
            "unit": "percent", "direction": direction, "level": "mahalle", "in_index": True,
            "source": "Örnek üretici", "year": 2023, "licence": "CC BY 4.0", "synthetic": True,
            "demo": {"group": "population", "rate": rate},
        }

    population = {
        "id": "population", "theme": "education", "label": {"tr": "Nüfus", "en": "Population"},
        "description": {"tr": "n", "en": "n"}, "why": {"tr": "n", "en": "n"},
        "numerator": {"tr": "kişi", "en": "people"}, "unit": "count", "direction": "higher_is_better",
        "level": "mahalle", "in_index": False, "source": "TÜİK ADNKS", "year": 2023,
        "licence": "Kamu", "synthetic": True,
        "demo": {"group": "population", "numerator_group": "population"},
    }
    return parse_catalogue(
        {
            "themes": {
                "education": {"label": {"tr": "Eğitim", "en": "Education"}, "description": {"tr": "e", "en": "e"}},
                "work": {"label": {"tr": "Çalışma ve bakım", "en": "Work and care"}, "description": {"tr": "w", "en": "w"}},
            },
            "indicators": [
                *([population] if with_population else []),
                entry("literacy", "education", "Okuryazarlık oranı", "Literacy rate", "higher_is_better", {"F": 0.9, "M": 0.97}),
                entry("higher_ed", "education", "Yükseköğretim mezunları", "Higher-education graduates", "higher_is_better", {"F": 0.2, "M": 0.25}),
                entry("employment", "work", "İstihdam oranı", "Employment rate", "higher_is_better", {"F": 0.3, "M": 0.6}),
                entry("neet", "work", "Ne eğitimde ne istihdamda gençler", "Young people NEET", "lower_is_better", {"F": 0.3, "M": 0.15}),
            ],
        }
    )


def make_report_data(
    with_empty_district: bool = True, n: int = 4, low_corner: bool = True, with_population: bool = False
):
    """Four districts of n×n box mahalle in two provinces, run through the build's own stages.

    Counts are drawn here; everything after them (published indicators, district values,
    synthesis, district synthesis, hot spots, focus ranking) comes from the functions the
    pipeline calls, so the report is tested on tables shaped exactly like the build's.
    ``low_corner`` lowers women's rates in a corner of Seferihisar so LISA finds a cluster;
    ``with_population`` adds the ``population`` count indicator (women per mahalle for focus).
    """
    import geopandas as gpd
    from shapely.geometry import box

    from gendermap.analysis import AnalysisSettings, analysis, prepare_tables
    from gendermap.district_index import district_score_table
    from gendermap.indicators import (
        district_indicators,
        mahalle_indicators,
        province_indicators,
    )
    from gendermap.rates import aggregate_counts
    from gendermap.report.content import ReportData
    from gendermap.scores import indicator_score_table

    rng = np.random.default_rng(7)
    rows = []
    for code, name, pcode, pname, x0, y0 in DISTRICTS + ((EMPTY_DISTRICT,) if with_empty_district else ()):
        for i in range(n):
            for j in range(n):
                k = i * n + j
                mcode = None if code == EMPTY_DISTRICT[0] else f"{code}{k:03d}"
                label = f"Mahalle {k} Çğıİöşü"
                if code == 101 and k < len(HOSTILE_NAMES):
                    label = HOSTILE_NAMES[k]
                rows.append(
                    {
                        "quarter_id": code * 1000 + k, "mahalle_code": mcode, "tuik_codes": mcode,
                        "mahalle": label, "district": name, "district_code": code,
                        "province": pname, "province_code": pcode,
                        "population_2023": int(rng.integers(300, 5000)) if mcode else None,
                        "populated": mcode is not None, "match_method": "exact",
                        "geometry": box(x0 + 0.02 * i, y0 + 0.02 * j, x0 + 0.02 * (i + 1), y0 + 0.02 * (j + 1)),
                    }
                )
    mahalle = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    catalogue = _catalogue(with_population)
    counts = []
    for r in mahalle.dropna(subset=["mahalle_code"]).itertuples():
        women = r.population_2023 // 2
        for sex, people in (("F", women), ("M", r.population_2023 - women)) if with_population else ():
            counts.append({"mahalle_code": r.mahalle_code, "indicator": "population", "year": 2023,
                           "sex": sex, "numerator": people, "denominator": np.nan, "synthetic": True})
        k = int(r.mahalle_code[3:])
        corner = low_corner and r.district_code == 101 and k // n < 3 and k % n < 3
        for e in catalogue.indicators:
            if e.demo is None or e.demo.rate is None:
                continue
            for sex in ("F", "M"):
                den = max(int(r.population_2023 * 0.5), 1)
                rate = e.demo.rate[sex] * (0.5 if corner and sex == "F" else 1.0)
                p = np.clip(rate + rng.normal(0, 0.05), 0.01, 0.99)
                counts.append(
                    {"mahalle_code": r.mahalle_code, "indicator": e.id, "year": 2023, "sex": sex,
                     "numerator": int(den * p), "denominator": den, "synthetic": True}
                )
    counts_df = pd.DataFrame(counts)
    # one mahalle with a tiny denominator: an unreliable flag to show
    tiny = (counts_df["mahalle_code"] == "101005") & (counts_df["indicator"] != "population")
    counts_df.loc[tiny, ["numerator", "denominator"]] = [8, 20]
    groups = mahalle.dropna(subset=["mahalle_code"]).set_index("mahalle_code")["district_code"]
    indicators = mahalle_indicators(counts_df, catalogue, groups)
    district_values = district_indicators(counts_df, indicators, catalogue, groups)
    keyed = mahalle.dropna(subset=["mahalle_code"]).drop_duplicates("mahalle_code").set_index("mahalle_code")
    province_values = province_indicators(
        counts_df, district_values, catalogue, keyed["province_code"],
        keyed.drop_duplicates("district_code").set_index("district_code")["province_code"],
    )
    rated = counts_df[counts_df["indicator"] != "population"]
    pooled = aggregate_counts(rated, groups).drop(columns=["units", "units_missing"])
    tables = prepare_tables(mahalle, indicator_score_table(counts_df, catalogue), indicators, catalogue,
                            district_scores=district_score_table(pooled, catalogue))
    result = analysis(tables, AnalysisSettings(n_draws=100, permutations=999, shortlist=2))
    synthesis, district_synthesis = result.synthesis, result.districts
    hotspots, focus = result.hotspots, result.focus
    inputs = []
    for code, name, _, pname, *_ in DISTRICTS:
        pop = int(mahalle.loc[mahalle["district_code"] == code, "population_2023"].sum())
        women_n = pop // 2 + 17
        for sex, count in (("F", women_n), ("M", pop - women_n), ("T", pop)):
            inputs.append({"district_code": code, "district": name, "province": pname, "measure": "population",
                           "year": 2021, "sex": sex, "age_group": "all", "count": count})
    return ReportData(
        mahalle=mahalle, indicators=indicators, synthesis=synthesis, catalogue=catalogue,
        district_indicators=district_values, province_indicators=province_values,
        district_synthesis=district_synthesis,
        district_inputs=pd.DataFrame(inputs), hotspots=hotspots, focus=focus,
        extra={"analysis_tables": tables, "counts": counts_df},
    )


def report_text(report) -> str:  # type: ignore[no-untyped-def]
    """Every text of an assembled report (paragraphs, list items, table rows) as one string,
    for asserting what a reader sees."""
    parts = []
    for b in report.blocks:
        parts.append(getattr(b, "text", ""))
        parts += [i if isinstance(i, str) else " | ".join(i) for i in getattr(b, "items", ())]
        parts += [" | ".join(r) for r in getattr(b, "rows", ())]
    return "\n".join(parts)
