"""pandera schemas of every build output (contracts in docs/architecture.md).

Why typed schema classes: every consumer (engine, app, exports) relies on these columns;
the build validates with ``lazy=True`` so all failures come back as one frame of
problems (:func:`failures`) instead of the first exception, and writes nothing when
there is one (:data:`OUTPUTS` names the schema of each file the build writes).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from gendermap.composite import METHODS
from gendermap.rates import FLAGS
from gendermap.scores import SMOOTHING
from gendermap.uncertainty import STABILITY_LABELS

__all__ = [
    "OUTPUTS",
    "DistrictIndicatorsSchema",
    "DistrictInputsSchema",
    "DistrictLayerSchema",
    "DistrictSynthesisSchema",
    "FocusSchema",
    "HotspotsSchema",
    "IndicatorScoresSchema",
    "IndicatorsSchema",
    "MahalleLayerSchema",
    "MatchReportSchema",
    "MoranSchema",
    "ProvinceIndicatorsSchema",
    "SynthesisSchema",
    "FAILURE_COLUMNS",
    "failures",
]

FAILURE_COLUMNS = ("table", "column", "check", "index", "failure_case")
"""Columns of the frame of problems :func:`failures` returns."""
_SEXES = ["F", "M", "T"]
_PROVINCE_CODES = [10, 35]
_STABILITY = [*STABILITY_LABELS, "insufficient_data", "not_assessed"]


class MahalleLayerSchema(pa.DataFrameModel):
    """Layer ``mahalle`` of ``gendermap.gpkg``: one row per polygon (geometry checked apart)."""

    quarter_id: Series[int] = pa.Field(unique=True)
    mahalle_code: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+$", unique=True)
    tuik_codes: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+(;\d+)*$")
    mahalle: Series[str]
    district: Series[str]
    district_code: Series[int]
    province: Series[str] = pa.Field(isin=["İzmir", "Balıkesir"])
    province_code: Series[int] = pa.Field(isin=_PROVINCE_CODES)
    population_2023: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    populated: Series[bool]
    match_method: Series[str]

    @pa.dataframe_check
    @classmethod
    def populated_has_code(cls, df: pd.DataFrame) -> pd.Series:
        """A populated polygon must carry its TÜİK code and a positive population."""
        return ~df["populated"] | (df["mahalle_code"].notna() & (df["population_2023"].fillna(0) > 0))

    @pa.dataframe_check
    @classmethod
    def code_is_first_of_codes(cls, df: pd.DataFrame) -> pd.Series:
        return df["mahalle_code"].isna() | (
            df["tuik_codes"].fillna("").str.split(";").str[0] == df["mahalle_code"].fillna("")
        )


class DistrictLayerSchema(pa.DataFrameModel):
    """Layer ``district`` of ``gendermap.gpkg``."""

    district_code: Series[int] = pa.Field(unique=True)
    district: Series[str]
    province: Series[str] = pa.Field(isin=["İzmir", "Balıkesir"])
    province_code: Series[int] = pa.Field(isin=_PROVINCE_CODES)
    population_2023: Series[int] = pa.Field(ge=0)


class MatchReportSchema(pa.DataFrameModel):
    """``match_report.csv``."""

    side: Series[str] = pa.Field(isin=["tuik", "polygon"])
    province: Series[str]
    district: Series[str]
    district_code: Series[int]
    mahalle_code: Series[str] = pa.Field(nullable=True)
    quarter_id: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    name: Series[str]
    population_2023: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(isin=["unmatched", "matched_ascii", "matched_alias"])
    reason: Series[str] = pa.Field(str_length={"min_value": 1})
    suggestion: Series[str] = pa.Field(nullable=True)


class DistrictInputsSchema(pa.DataFrameModel):
    """``district_inputs.parquet``: tidy real district counts (sources 3 and 4)."""

    district_code: Series[int]
    district: Series[str]
    province: Series[str]
    measure: Series[str] = pa.Field(isin=["population", "registered_voters"])
    year: Series[int] = pa.Field(ge=2000, le=2100)
    sex: Series[str] = pa.Field(isin=_SEXES)
    age_group: Series[str]
    count: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check
    @classmethod
    def one_row_per_key(cls, df: pd.DataFrame) -> bool:
        return not df.duplicated(["district_code", "measure", "year", "sex", "age_group"]).any()


class _IndicatorValues(pa.DataFrameModel):
    """Columns shared by ``indicators``, ``district_indicators`` and ``province_indicators``.

    One row per (area, indicator, year, sex): vintages live side by side and a second
    row for the same year would be summed by whoever pools it, so duplicates fail.
    """

    indicator: Series[str]
    year: Series[int] = pa.Field(ge=1900, le=2100)
    sex: Series[str] = pa.Field(isin=_SEXES)
    numerator: Series[float] = pa.Field(nullable=True, ge=0)
    denominator: Series[float] = pa.Field(nullable=True, ge=0)
    value: Series[float] = pa.Field(nullable=True)
    ci_low: Series[float] = pa.Field(nullable=True)
    ci_high: Series[float] = pa.Field(nullable=True)
    flag: Series[pd.CategoricalDtype] = pa.Field(isin=list(FLAGS))
    synthetic: Series[bool]

    _KEY: str = "mahalle_code"

    @pa.dataframe_check
    @classmethod
    def one_row_per_key(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated([cls._KEY, "indicator", "year", "sex"], keep=False)

    @pa.dataframe_check
    @classmethod
    def suppressed_shows_no_value(cls, df: pd.DataFrame) -> pd.Series:
        """A withheld cell publishes neither its value nor its numerator."""
        return ~df["flag"].astype(str).eq("suppressed") | (df["value"].isna() & df["numerator"].isna())

    @pa.dataframe_check
    @classmethod
    def interval_holds_value(cls, df: pd.DataFrame) -> pd.Series:
        known = df["ci_low"].notna() & df["ci_high"].notna() & df["value"].notna()
        slack = 1e-9 * df["value"].abs().fillna(0).clip(lower=1)
        inside = (df["ci_low"] <= df["value"] + slack) & (df["value"] <= df["ci_high"] + slack)
        return ~known | inside


class IndicatorsSchema(_IndicatorValues):
    """``indicators.parquet``: published mahalle values, intervals and flags."""

    mahalle_code: Series[str] = pa.Field(str_matches=r"^\d+$")


class DistrictIndicatorsSchema(_IndicatorValues):
    """``district_indicators.parquet``: values from pooled mahalle counts."""

    district_code: Series[int]
    _KEY = "district_code"


class ProvinceIndicatorsSchema(_IndicatorValues):
    """``province_indicators.parquet``: values from the full mahalle counts."""

    province_code: Series[int] = pa.Field(isin=_PROVINCE_CODES)
    _KEY = "province_code"


class _SynthesisColumns(pa.DataFrameModel):
    """Columns shared by ``synthesis`` and ``district_synthesis``."""

    method: Series[str] = pa.Field(isin=list(METHODS))
    theme: Series[str]
    score: Series[float] = pa.Field(nullable=True, ge=0, le=100)
    rank: Series[float] = pa.Field(nullable=True, ge=1)
    rank_median: Series[float] = pa.Field(nullable=True, ge=1)
    rank_p05: Series[float] = pa.Field(nullable=True, ge=1)
    rank_p95: Series[float] = pa.Field(nullable=True, ge=1)
    stability: Series[str] = pa.Field(isin=_STABILITY)

    _KEY: str = "mahalle_code"

    @pa.dataframe_check
    @classmethod
    def one_row_per_key(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated([cls._KEY, "method", "theme"], keep=False)

    @pa.dataframe_check
    @classmethod
    def interval_holds_median(cls, df: pd.DataFrame) -> pd.Series:
        known = df[["rank_p05", "rank_median", "rank_p95"]].notna().all(axis=1)
        return ~known | ((df["rank_p05"] <= df["rank_median"]) & (df["rank_median"] <= df["rank_p95"]))


class SynthesisSchema(_SynthesisColumns):
    """``synthesis.parquet``: index per mahalle, method and theme with rank intervals."""

    mahalle_code: Series[str] = pa.Field(str_matches=r"^\d+$")


class DistrictSynthesisSchema(_SynthesisColumns):
    """``district_synthesis.parquet``: the index of the 50 districts from pooled counts."""

    district_code: Series[int]
    _KEY = "district_code"


class IndicatorScoresSchema(pa.DataFrameModel):
    """``indicator_scores.parquet``: per-indicator index scores from the full counts, one
    set per vintage (``year``; ``reference`` marks the indicator's reference vintage) and
    smoothing kind (:data:`gendermap.scores.SMOOTHING`)."""

    mahalle_code: Series[str] = pa.Field(str_matches=r"^\d+$")
    method: Series[str] = pa.Field(isin=list(METHODS))
    indicator: Series[str]
    theme: Series[str]
    year: Series[int] = pa.Field(ge=1900, le=2100)
    reference: Series[bool]
    smoothing: Series[str] = pa.Field(isin=list(SMOOTHING))
    score: Series[float] = pa.Field(nullable=True, ge=0, le=100)

    @pa.dataframe_check
    @classmethod
    def one_row_per_key(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["mahalle_code", "method", "indicator", "year", "smoothing"], keep=False)

    @pa.dataframe_check
    @classmethod
    def one_reference_vintage(cls, df: pd.DataFrame) -> bool:
        """Each indicator has exactly one reference year (the default index never mixes years)."""
        ref = df[df["reference"].astype(bool)]
        return bool(ref.groupby("indicator")["year"].nunique().le(1).all())


class HotspotsSchema(pa.DataFrameModel):
    """``hotspots.parquet``: LISA clusters of the overall index per method."""

    mahalle_code: Series[str] = pa.Field(str_matches=r"^\d+$")
    method: Series[str] = pa.Field(isin=list(METHODS))
    theme: Series[str]
    cluster: Series[str]
    p_sim: Series[float] = pa.Field(nullable=True, ge=0, le=1)
    p_fdr: Series[float] = pa.Field(nullable=True, ge=0, le=1)
    significant: Series[bool]
    label_tr: Series[str] = pa.Field(str_length={"min_value": 1})
    label_en: Series[str] = pa.Field(str_length={"min_value": 1})
    synthetic: Series[bool]

    @pa.dataframe_check
    @classmethod
    def known_cluster(cls, df: pd.DataFrame) -> pd.Series:
        from gendermap.spatial import CLUSTERS  # lazily: spatial loads libpysal and esda

        return df["cluster"].isin(CLUSTERS)

    @pa.dataframe_check
    @classmethod
    def significant_is_a_cluster(cls, df: pd.DataFrame) -> pd.Series:
        return ~df["significant"] | df["cluster"].isin(["HH", "LL", "HL", "LH"])

    @pa.dataframe_check
    @classmethod
    def one_row_per_key(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["mahalle_code", "method", "theme"], keep=False)


class MoranSchema(pa.DataFrameModel):
    """``moran.parquet``: global Moran's I of the overall index per method."""

    method: Series[str] = pa.Field(isin=list(METHODS), unique=True)
    theme: Series[str]
    I: Series[float] = pa.Field(nullable=True, ge=-1.5, le=1.5)  # noqa: E741 - the statistic
    p_norm: Series[float] = pa.Field(nullable=True, ge=0, le=1)
    p_sim: Series[float] = pa.Field(nullable=True, ge=0, le=1)
    n: Series[int] = pa.Field(ge=0)
    n_islands: Series[int] = pa.Field(ge=0)
    permutations: Series[int] = pa.Field(ge=1)
    synthetic: Series[bool]


class FocusSchema(pa.DataFrameModel):
    """``focus.parquet``: focus-district criteria and the default ranking."""

    district_code: Series[int] = pa.Field(unique=True)
    district: Series[str]
    province: Series[str] = pa.Field(isin=["İzmir", "Balıkesir"])
    mahalle: Series[int] = pa.Field(ge=0)
    mahalle_scored: Series[int] = pa.Field(ge=0)
    norm: Series[float] = pa.Field(alias=r"^norm_\w+$", regex=True, nullable=True, ge=0, le=1)
    contrib: Series[float] = pa.Field(alias=r"^contrib_\w+$", regex=True, nullable=True, ge=0)
    score: Series[float] = pa.Field(nullable=True, ge=0, le=100)
    rank: Series[float] = pa.Field(nullable=True, ge=1)
    criteria_missing: Series[object]
    reason_tr: Series[str] = pa.Field(str_length={"min_value": 1})
    reason_en: Series[str] = pa.Field(str_length={"min_value": 1})
    method: Series[str] = pa.Field(isin=list(METHODS))
    shortlisted: Series[bool]
    synthetic: Series[bool]

    @pa.dataframe_check
    @classmethod
    def every_norm_has_its_contribution(cls, df: pd.DataFrame) -> bool:
        norms = {c.removeprefix("norm_") for c in df.columns if c.startswith("norm_")}
        contribs = {c.removeprefix("contrib_") for c in df.columns if c.startswith("contrib_")}
        return bool(norms) and norms == contribs and norms <= set(df.columns)

    @pa.dataframe_check
    @classmethod
    def shortlist_is_ranked(cls, df: pd.DataFrame) -> pd.Series:
        return ~df["shortlisted"] | df["rank"].notna()


class DistrictIndicatorScoresSchema(pa.DataFrameModel):
    """``district_indicator_scores.parquet``: per-indicator index scores of each district
    from its pooled counts (the analysis weighs them into ``district_synthesis``)."""

    district_code: Series[int]
    method: Series[str] = pa.Field(isin=list(METHODS))
    indicator: Series[str]
    theme: Series[str]
    year: Series[int] = pa.Field(ge=1900, le=2100)
    reference: Series[bool]
    score: Series[float] = pa.Field(nullable=True, ge=0, le=100)

    @pa.dataframe_check
    @classmethod
    def one_row_per_key(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["district_code", "method", "indicator", "year"], keep=False)


class ContiguitySchema(pa.DataFrameModel):
    """Queen neighbours of the coded mahalle, both directions (``spatial.neighbour_pairs``)."""

    unit: Series[str]
    neighbour: Series[str]

    @pa.dataframe_check
    @classmethod
    def no_self_or_repeated_pair(cls, df: pd.DataFrame) -> pd.Series:
        return (df["unit"] != df["neighbour"]) & ~df.duplicated(["unit", "neighbour"], keep=False)

    @pa.dataframe_check
    @classmethod
    def symmetric(cls, df: pd.DataFrame) -> bool:
        forward = set(zip(df["unit"], df["neighbour"], strict=True))
        return all((v, u) in forward for u, v in forward)


OUTPUTS: dict[str, type[pa.DataFrameModel]] = {
    "mahalle": MahalleLayerSchema,
    "district": DistrictLayerSchema,
    "match_report": MatchReportSchema,
    "district_inputs": DistrictInputsSchema,
    "indicators": IndicatorsSchema,
    "synthesis": SynthesisSchema,
    "indicator_scores": IndicatorScoresSchema,
    "district_indicators": DistrictIndicatorsSchema,
    "province_indicators": ProvinceIndicatorsSchema,
    "district_synthesis": DistrictSynthesisSchema,
    "district_indicator_scores": DistrictIndicatorScoresSchema,
    "hotspots": HotspotsSchema,
    "moran": MoranSchema,
    "focus": FocusSchema,
    "contiguity": ContiguitySchema,
}
"""Build output name (GeoPackage layer, CSV or parquet stem) -> its schema."""


def failures(schema: type[pa.DataFrameModel], frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Validate lazily; return every failure as a frame (``table``, ``column``, ``check``,
    ``index``, ``failure_case``), empty when the frame conforms."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return pd.DataFrame(
            {
                "table": name,
                "column": cases["column"].astype(str),
                "check": cases["check"].astype(str),
                "index": cases["index"].astype(str),
                "failure_case": cases["failure_case"].astype(str),
            }
        )
    return pd.DataFrame(columns=list(FAILURE_COLUMNS))
