"""One analysis: the data tables and the user's settings -> every derived table.

The build, the Sentez and Odak pages, the reports and ``gendermap analyse`` are views of
:func:`analysis`. The build calls it with :class:`AnalysisSettings` defaults and stores
the result (``synthesis``, ``hotspots``, ``moran``, ``focus`` parquet files); a page calls
it (cached) with the user's settings; a report made from a page is handed the page's
:class:`AnalysisResult`. Nothing else recomputes these tables, so two screens showing the
same figure show the same number.

What the area filter does: indicator scores stay on the common scale of both provinces
(a mahalle keeps its score whatever part of the map is looked at, and the app holds no
counts to renormalise with); ranks, rank intervals, hot spots (contiguity restricted to
the area) and the focus ranking are out of the area's mahalle and districts.

Pure: frames in, frames out; reads no files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd

from gendermap import focus as focus_mod
from gendermap import spatial
from gendermap.catalogue import Catalogue
from gendermap.composite import METHODS, OVERALL, check_method
from gendermap.district_index import district_synthesis
from gendermap.indicators import SYNTHESIS_COLUMNS, default_weights, index_inputs
from gendermap.scores import check_smoothing, score_matrices
from gendermap.uncertainty import table_from_scores

__all__ = [
    "FOCUS_METHOD",
    "HOTSPOT_COLUMNS",
    "MORAN_COLUMNS",
    "SYNTHESIS_COLUMNS",
    "AnalysisResult",
    "AnalysisSettings",
    "AnalysisTables",
    "analysis",
    "coded_units",
    "prepare_tables",
    "with_focus",
]

FOCUS_METHOD = "eige"
"""Method the focus ranking uses when the settings name none (the build's default)."""
HOTSPOT_COLUMNS = [
    "mahalle_code", "method", "theme", "cluster", "p_sim", "p_fdr", "significant",
    "label_tr", "label_en", "synthetic",
]
MORAN_COLUMNS = [
    "method", "theme", "I", "expected", "z_norm", "p_norm", "z_sim", "p_sim", "n", "n_excluded",
    "n_islands", "permutations", "seed", "synthetic",
]
UNIT_COLUMNS = ["district_code", "district", "province", "province_code", "populated", "population_2023"]

Pairs = tuple[tuple[str, float], ...]


def _pairs(value: Mapping[str, float] | Pairs | None) -> Pairs:
    items = value.items() if isinstance(value, Mapping) else (value or ())
    return tuple(sorted((str(k), float(v)) for k, v in items))


@dataclass(frozen=True)
class AnalysisSettings:
    """Everything a user can choose. Frozen and hashable, so a page can cache on it.

    ``method``: one of :data:`gendermap.composite.METHODS`, or None for all three (the
    build; the focus ranking then uses :data:`FOCUS_METHOD`). Weights are (name, weight)
    pairs; names not given weigh 1 (criteria: their default). ``provinces``/``districts``
    are codes (empty: all). ``vary_method`` off keeps the Monte Carlo to the weights.
    ``year``: as of which year (None: each indicator's reference vintage, as the build);
    each indicator contributes its latest vintage not after ``year``, and one with none is
    left out (:mod:`gendermap.scores`). ``smoothing``: ``none`` (the build), ``global`` or
    ``spatial`` empirical Bayes of the rate indicators before scoring.
    """

    method: str | None = None
    theme_weights: Pairs = ()
    indicator_weights: Pairs = ()
    criteria_weights: Pairs = ()
    criteria_directions: tuple[tuple[str, str], ...] = ()
    provinces: tuple[int, ...] = ()
    districts: tuple[int, ...] = ()
    year: int | None = None
    smoothing: str = "none"
    vary_method: bool = True
    n_draws: int = 1000
    permutations: int = 9999
    seed: int = 20231231
    shortlist: int = 5

    def __post_init__(self) -> None:
        if self.method is not None:
            check_method(self.method)
        check_smoothing(self.smoothing)
        set_ = object.__setattr__
        set_(self, "theme_weights", _pairs(self.theme_weights))
        set_(self, "indicator_weights", _pairs(self.indicator_weights))
        set_(self, "criteria_weights", _pairs(self.criteria_weights))
        set_(self, "criteria_directions", tuple(sorted((str(k), str(v)) for k, v in self.criteria_directions)))
        set_(self, "provinces", tuple(sorted(int(p) for p in self.provinces)))
        set_(self, "districts", tuple(sorted(int(d) for d in self.districts)))
        if self.n_draws < 1:
            raise ValueError(f"n_draws must be at least 1, got {self.n_draws}")
        if self.permutations < 1:
            raise ValueError(f"permutations must be at least 1, got {self.permutations}")
        if self.shortlist < 1:
            raise ValueError(f"shortlist must be at least 1, got {self.shortlist}")

    @property
    def methods(self) -> tuple[str, ...]:
        return METHODS if self.method is None else (self.method,)

    @property
    def focus_method(self) -> str:
        return self.method or FOCUS_METHOD


@dataclass(frozen=True, eq=False)
class AnalysisTables:
    """The data an analysis starts from (one data version).

    ``units``: one row per coded mahalle, index ``mahalle_code`` (str), columns
    :data:`UNIT_COLUMNS` and the polygon; ``indicator_scores``: the build's
    ``indicator_scores.parquet``; ``indicators``: the published ``indicators.parquet``
    (women per mahalle, reliability flags); ``themes``: index indicator -> theme.
    """

    units: gpd.GeoDataFrame
    indicator_scores: pd.DataFrame
    indicators: pd.DataFrame
    themes: dict[str, str]
    weights: dict[str, float] = field(default_factory=dict)
    """Catalogue default weights that are not 1 (user weights are laid over them)."""
    district_scores: pd.DataFrame | None = None
    """The build's ``district_indicator_scores`` (None: an older build, no district index)."""

    @cached_property
    def contiguity(self) -> spatial.Contiguity:
        """Queen contiguity of every coded mahalle (built once; each analysis restricts it)."""
        return spatial.contiguity(self.units[["geometry"]])

    @property
    def synthetic(self) -> bool:
        rows = self.indicators[self.indicators["indicator"].isin(list(self.themes))]
        return bool(rows["synthetic"].any()) if len(rows) else False


def coded_units(mahalle: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The coded mahalle of the build's layer, one row per code, indexed by ``mahalle_code``
    (str, sorted): the units of the analysis and of its contiguity."""
    coded = mahalle[mahalle["mahalle_code"].notna()].copy()
    coded["mahalle_code"] = coded["mahalle_code"].astype(str)
    coded = coded.drop_duplicates("mahalle_code").set_index("mahalle_code").sort_index()
    coded["populated"] = coded["populated"].astype(bool)
    return gpd.GeoDataFrame(coded[[*UNIT_COLUMNS, "geometry"]], geometry="geometry", crs=mahalle.crs)


def prepare_tables(
    mahalle: gpd.GeoDataFrame,
    indicator_scores: pd.DataFrame,
    indicators: pd.DataFrame,
    catalogue: Catalogue,
    contiguity: spatial.Contiguity | None = None,
    district_scores: pd.DataFrame | None = None,
) -> AnalysisTables:
    """:class:`AnalysisTables` from the build's mahalle layer and tables (any row order).
    ``contiguity``: that of :func:`coded_units` when the caller has it already (the build
    smooths with it), so it is not built twice."""
    units = coded_units(mahalle)
    scores = indicator_scores.assign(mahalle_code=indicator_scores["mahalle_code"].astype(str))
    published = indicators.assign(mahalle_code=indicators["mahalle_code"].astype(str))
    _, themes = index_inputs(catalogue)
    tables = AnalysisTables(units, scores, published, themes, default_weights(catalogue), district_scores)
    if contiguity is not None:
        tables.__dict__["contiguity"] = contiguity  # seeds the cached property
    return tables


@dataclass(frozen=True, eq=False)
class AnalysisResult:
    """Every derived table for one (data version, settings).

    ``synthesis`` (:data:`SYNTHESIS_COLUMNS`, one row per mahalle of the area, method and
    theme; ``rank`` and the rank interval out of the area), ``hotspots``
    (:data:`HOTSPOT_COLUMNS`), ``moran`` (global Moran's I per method,
    :data:`MORAN_COLUMNS`), ``focus`` (one row per district of the area, best priority
    first), ``area`` (the mahalle codes looked at) and ``districts`` (the district index
    under the same settings, :mod:`gendermap.district_index`; None without district scores).
    """

    settings: AnalysisSettings
    synthesis: pd.DataFrame
    hotspots: pd.DataFrame
    moran: pd.DataFrame
    focus: pd.DataFrame
    area: pd.Index = field(repr=False)
    synthetic: bool = False
    districts: pd.DataFrame | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """name -> table, as the build and ``gendermap analyse`` write them."""
        out = {"synthesis": self.synthesis, "hotspots": self.hotspots, "moran": self.moran,
               "focus": self.focus}
        return out if self.districts is None else {**out, "district_synthesis": self.districts}

    def overall(self, method: str) -> pd.Series:
        """Overall index of ``method`` per mahalle code of the area."""
        rows = self.synthesis[(self.synthesis["method"] == method) & (self.synthesis["theme"] == OVERALL)]
        return rows.set_index("mahalle_code")["score"].astype(float)


def area_units(units: pd.DataFrame, settings: AnalysisSettings) -> pd.DataFrame:
    """The mahalle inside the settings' provinces and districts."""
    keep = np.ones(len(units), dtype=bool)
    if settings.provinces:
        keep &= units["province_code"].isin(settings.provinces).to_numpy()
    if settings.districts:
        keep &= units["district_code"].isin(settings.districts).to_numpy()
    out = units[keep]
    if out.empty:
        raise ValueError(
            f"no mahalle in provinces {list(settings.provinces)} / districts {list(settings.districts)}"
        )
    return out


def synthesis_part(tables: AnalysisTables, codes: pd.Index, settings: AnalysisSettings) -> pd.DataFrame:
    """Scores, ranks and rank intervals of the area's mahalle (:data:`SYNTHESIS_COLUMNS`)."""
    scores = score_matrices(tables.indicator_scores, tables.themes, codes, settings.year, settings.smoothing)
    missing = [m for m in settings.methods if m not in scores]
    if missing:
        raise ValueError(f"indicator scores have no rows for method(s) {missing}")
    present = next(iter(scores.values())).columns
    themes = {i: tables.themes[i] for i in present}
    merged = {**tables.weights, **dict(settings.indicator_weights)}
    iw = {i: w for i, w in merged.items() if i in themes} or None
    tw = dict(settings.theme_weights) or None
    table = table_from_scores(
        scores, themes=themes, methods=settings.methods, indicator_weights=iw, theme_weights=tw,
        vary_method=settings.vary_method, n_draws=settings.n_draws, seed=settings.seed,
    )
    table = table.sort_values(["mahalle_code", "method", "theme"], ignore_index=True)
    table["mahalle_code"] = table["mahalle_code"].astype(str)
    return table[SYNTHESIS_COLUMNS]


def hotspot_part(
    tables: AnalysisTables, units: pd.DataFrame, synthesis: pd.DataFrame, settings: AnalysisSettings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """LISA clusters (FDR on, ``settings.permutations``, seeded) and global Moran's I of the
    overall index, per method, over the area's contiguity. The index is "higher = more
    equal", so ``LL`` is the cluster of inequality."""
    synthetic = tables.synthetic
    frames, morans = [], []
    overall = synthesis[synthesis["theme"] == OVERALL]
    for method in settings.methods:
        score = overall[overall["method"] == method].set_index("mahalle_code")["score"]
        values = score.reindex(units.index)
        lisa = spatial.local_moran(
            values, tables.contiguity, meaning=spatial.INDEX, populated=units["populated"],
            permutations=settings.permutations, fdr=True, seed=settings.seed,
        )
        frame = lisa.frame.rename_axis("mahalle_code").reset_index()
        frames.append(frame.assign(method=method, theme=OVERALL, synthetic=synthetic))
        moran = spatial.global_moran(
            values, tables.contiguity, populated=units["populated"],
            permutations=settings.permutations, seed=settings.seed, variable=method,
        )
        morans.append({**vars(moran), "method": method, "theme": OVERALL, "synthetic": synthetic})
    hot = pd.concat(frames, ignore_index=True)[HOTSPOT_COLUMNS]
    hot["mahalle_code"] = hot["mahalle_code"].astype(str)
    hot["significant"] = hot["significant"].astype(bool)
    return hot, pd.DataFrame(morans)[MORAN_COLUMNS]


def focus_part(
    tables: AnalysisTables, units: pd.DataFrame, synthesis: pd.DataFrame, hotspots: pd.DataFrame,
    settings: AnalysisSettings,
) -> pd.DataFrame:
    """The districts of the area ranked for focus (:func:`gendermap.focus.rank_districts`)."""
    method = settings.focus_method
    women, flags = focus_mod.mahalle_inputs(tables.indicators, list(tables.themes), settings.year)
    frame = pd.DataFrame(units.drop(columns="geometry")).assign(
        women=women.reindex(units.index),
        population=pd.to_numeric(units["population_2023"], errors="coerce"),
    )[["district_code", "district", "province", "populated", "women", "population"]]
    overall = synthesis[(synthesis["method"] == method) & (synthesis["theme"] == OVERALL)]
    score = overall.set_index("mahalle_code")["score"]
    lisa = hotspots[(hotspots["method"] == method) & (hotspots["theme"] == OVERALL)]
    cluster = lisa.set_index("mahalle_code")["cluster"].eq(spatial.INDEX.inequality_cluster)
    criteria = focus_mod.district_criteria(frame, score, inequality_cluster=cluster, flags=flags)
    ranked = focus_mod.rank_districts(
        criteria, weights=dict(settings.criteria_weights) or None,
        directions=dict(settings.criteria_directions) or None,
    )
    table = ranked.table.reset_index()
    table["method"] = method
    table["shortlisted"] = (table["rank"] <= settings.shortlist).fillna(False).astype(bool)
    table["synthetic"] = tables.synthetic
    table["criteria_missing"] = table["criteria_missing"].map(list)
    return table


def analysis(tables: AnalysisTables, settings: AnalysisSettings | None = None) -> AnalysisResult:
    """Every derived table for ``settings`` (defaults: the build's). Raises ValueError
    naming the problem for weights or an area that cannot give a result."""
    settings = settings or AnalysisSettings()
    units = area_units(tables.units, settings)
    synthesis = synthesis_part(tables, units.index, settings)
    hotspots, moran = hotspot_part(tables, units, synthesis, settings)
    focus = focus_part(tables, units, synthesis, hotspots, settings)
    districts = (None if tables.district_scores is None
                 else district_synthesis(tables.district_scores, tables.themes, settings, tables.weights))
    return AnalysisResult(settings, synthesis, hotspots, moran, focus, units.index, tables.synthetic, districts)


def with_focus(tables: AnalysisTables, result: AnalysisResult, settings: AnalysisSettings) -> AnalysisResult:
    """``result`` with the focus ranking redone for ``settings``' criteria weights, directions
    and shortlist (everything else in ``settings`` must be ``result``'s: the synthesis and
    hot spots are reused, so a change of criteria costs no Monte Carlo and no permutations)."""
    same = replace(settings, criteria_weights=result.settings.criteria_weights,
                   criteria_directions=result.settings.criteria_directions,
                   shortlist=result.settings.shortlist)
    if same != result.settings:
        raise ValueError("with_focus: settings differ from the result's beyond the focus criteria")
    units = area_units(tables.units, settings)
    focus = focus_part(tables, units, result.synthesis, result.hotspots, settings)
    return replace(result, settings=settings, focus=focus)
