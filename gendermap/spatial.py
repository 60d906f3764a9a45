"""Spatial autocorrelation: global Moran's I and local Moran (LISA) clusters, with esda/libpysal.

Two steps, because the polygons change far less often than the indicator:

1. :func:`contiguity` builds Queen contiguity once from the real polygons (shared vertex or
   edge = neighbour) and keeps projected centroids for the optional island fallback.
2. :func:`global_moran`, :func:`global_moran_table` and :func:`local_moran` restrict those
   neighbours, per indicator, to the units that can take part, and say why the others cannot:

   ``no_geometry``   the unit has no polygon;
   ``no_residents``  ``populated`` is false: nobody lives there, a value would be meaningless;
   ``no_data``       no value (NaN: missing, suppressed, or insufficient data);
   ``island``        no neighbour left among the units that take part (a real island, or a unit
                     whose neighbours were all excluded). Islands get no LISA class. With
                     ``islands="nearest"`` each island is instead linked to its nearest included
                     unit (libpysal ``attach_islands`` over 1-nearest-neighbour weights on
                     centroids) and takes part; the output says which units were linked so.

Weights are row-standardised. Permutation inference is seeded, so a rerun gives the same
p-values. What "high" means depends on the variable (a high synthesis index is *more equal*; a
high gap is *less equal*); :class:`Meaning` carries that into every label, and tells which
cluster type is a concentration of inequality.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
from esda.moran import Moran, Moran_Local
from scipy.stats import false_discovery_control

__all__ = [
    "CLUSTERS",
    "GAP",
    "INDEX",
    "LEVEL",
    "Contiguity",
    "LisaResult",
    "Meaning",
    "MoranResult",
    "contiguity",
    "global_moran",
    "global_moran_table",
    "local_moran",
]

Islands = Literal["exclude", "nearest"]

CLUSTERS: tuple[str, ...] = (
    "HH", "LL", "HL", "LH", "not_significant", "island", "no_data", "no_residents", "no_geometry",
)
"""Every value of the ``cluster`` column of :func:`local_moran`."""

_QUADRANT = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}  # esda's Moran_Local.q convention


@dataclass(frozen=True)
class Meaning:
    """What a high and a low value mean, in words, and which direction is better."""

    high_tr: str
    high_en: str
    low_tr: str
    low_en: str
    higher_is_better: bool

    @property
    def inequality_cluster(self) -> str:
        """The LISA cluster type that concentrates inequality: low-low when higher is better."""
        return "LL" if self.higher_is_better else "HH"


INDEX = Meaning("daha eşit", "more equal", "daha eşitsiz", "less equal", higher_is_better=True)
"""The synthesis index: a high score means more equal (EIGE-style, 100 = full equality)."""
GAP = Meaning("açık büyük", "large gap", "açık küçük", "small gap", higher_is_better=False)
"""A gap (absolute, in points): high means more unequal."""
LEVEL = Meaning("yüksek", "high", "düşük", "low", higher_is_better=True)
"""A plain level (e.g. women's literacy): high is better; labels say only high/low."""


def _labels(m: Meaning) -> Mapping[str, tuple[str, str]]:
    return MappingProxyType({
        "HH": (f"Yüksek–Yüksek: {m.high_tr} komşular arasında {m.high_tr} mahalle (küme)",
               f"High–High: {m.high_en} mahalle among {m.high_en} neighbours (cluster)"),
        "LL": (f"Düşük–Düşük: {m.low_tr} komşular arasında {m.low_tr} mahalle (küme)",
               f"Low–Low: {m.low_en} mahalle among {m.low_en} neighbours (cluster)"),
        "HL": (f"Yüksek–Düşük: {m.low_tr} komşular arasında {m.high_tr} mahalle (aykırı)",
               f"High–Low: {m.high_en} mahalle among {m.low_en} neighbours (outlier)"),
        "LH": (f"Düşük–Yüksek: {m.high_tr} komşular arasında {m.low_tr} mahalle (aykırı)",
               f"Low–High: {m.low_en} mahalle among {m.high_en} neighbours (outlier)"),
        "not_significant": ("Anlamlı değil", "Not significant"),
        "island": ("Komşusu yok (ada): küme hesaplanmadı", "No neighbours (island): no cluster"),
        "no_data": ("Veri yok: analiz dışı", "No data: not analysed"),
        "no_residents": ("Yerleşik nüfus yok: analiz dışı", "No residents: not analysed"),
        "no_geometry": ("Sınır yok: analiz dışı", "No boundary: not analysed"),
    })


@dataclass(frozen=True, eq=False)
class Contiguity:
    """Queen contiguity of all units with a polygon (binary, keyed by the frame's index)."""

    w: libpysal.weights.W
    ids: pd.Index
    centroids: np.ndarray  # projected (metres), one row per id
    no_geometry: pd.Index

    @property
    def islands(self) -> pd.Index:
        """Units with no neighbour at all among the polygons."""
        return pd.Index([i for i in self.ids if self.w.cardinalities[i] == 0])


def contiguity(gdf: gpd.GeoDataFrame) -> Contiguity:
    """Queen contiguity from the polygons of ``gdf`` (its index is the unit id, unique).

    Shared vertices count, so mahalle meeting at a corner are neighbours. Units with a missing
    or empty geometry are left out and listed in ``no_geometry``.
    """
    if not gdf.index.is_unique:
        dup = gdf.index[gdf.index.duplicated()].unique()[:5].tolist()
        raise ValueError(f"Unit ids (the frame's index) must be unique; repeated: {dup}.")
    missing = gdf.geometry.isna() | gdf.geometry.is_empty
    usable = gdf.loc[~missing]
    if len(usable) == 0:
        raise ValueError("No unit has a polygon: contiguity needs geometries.")
    w = libpysal.weights.Queen.from_dataframe(usable, use_index=True, silence_warnings=True)
    return _with_centroids(gdf, usable, missing, w)


def neighbour_pairs(nb: Contiguity) -> pd.DataFrame:
    """The neighbour lists as rows (``unit``, ``neighbour``; both directions, str ids), what
    the build stores so a reader gets the contiguity back without redoing the polygon
    intersections (seconds for 2,500 mahalle) -- see :func:`contiguity_from_pairs`."""
    rows = sorted((str(u), str(v)) for u in nb.ids for v in nb.w.neighbors[u])  # same file for the same polygons
    return pd.DataFrame(rows, columns=["unit", "neighbour"], dtype="string")


def contiguity_from_pairs(gdf: gpd.GeoDataFrame, pairs: pd.DataFrame) -> Contiguity:
    """:func:`contiguity` of ``gdf`` from stored :func:`neighbour_pairs` (same units, ids as
    str). Refuses pairs naming a unit without a polygon in ``gdf``: they were made from other
    polygons."""
    missing = gdf.geometry.isna() | gdf.geometry.is_empty
    usable = gdf.loc[~missing]
    if len(usable) == 0:
        raise ValueError("No unit has a polygon: contiguity needs geometries.")
    key = {str(i): i for i in usable.index}
    unknown = sorted(set(pairs["unit"].astype(str)).union(pairs["neighbour"].astype(str)) - set(key))
    if unknown:
        raise ValueError(f"Stored neighbours name units without a polygon here: {unknown[:5]}.")
    neighbours: dict = {i: [] for i in usable.index}
    for u, v in zip(pairs["unit"].astype(str), pairs["neighbour"].astype(str), strict=True):
        neighbours[key[u]].append(key[v])
    w = libpysal.weights.W(neighbours, id_order=list(usable.index), silence_warnings=True)
    return _with_centroids(gdf, usable, missing, w)


def _with_centroids(gdf: gpd.GeoDataFrame, usable: gpd.GeoDataFrame, missing: pd.Series,
                    w: libpysal.weights.W) -> Contiguity:
    crs = usable.crs
    projected = usable if crs is not None and crs.is_projected else usable.to_crs(
        usable.estimate_utm_crs() if crs is not None else None
    )
    pts = projected.geometry.representative_point()
    return Contiguity(
        w=w, ids=usable.index, centroids=np.column_stack([pts.x, pts.y]),
        no_geometry=gdf.index[missing.to_numpy()],
    )


@contextlib.contextmanager
def _numpy_seed(seed: int) -> Iterator[None]:
    """esda's global Moran draws permutations from numpy's global RNG: seed it, then restore."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


@dataclass(frozen=True)
class _Restricted:
    y: np.ndarray
    w: libpysal.weights.W | None  # None when fewer than 2 units can take part
    ids: pd.Index
    status: pd.Series  # per input unit: "included", "island", "no_data", ...
    linked: pd.Index  # islands linked to their nearest unit (islands="nearest")


def _restrict(
    values: pd.Series, nb: Contiguity, populated: pd.Series | None, islands: Islands
) -> _Restricted:
    if islands not in ("exclude", "nearest"):
        raise ValueError(f"Invalid islands option: '{islands}'\nMust be in the set: "
                         f"['exclude', 'nearest']")
    if not values.index.is_unique:
        raise ValueError("Values must have one row per unit (the index has repeats).")
    y_all = pd.to_numeric(values, errors="coerce").astype(float)
    status = pd.Series("included", index=values.index, dtype=object)
    status[~np.isfinite(y_all.to_numpy())] = "no_data"
    if populated is not None:
        pop = populated.reindex(values.index)
        if pop.isna().any():
            raise ValueError(f"'populated' is missing for unit {pop.index[pop.isna()][0]!r}.")
        status[~pop.to_numpy(dtype=bool)] = "no_residents"
    has_polygon = values.index.isin(nb.ids)
    status[~has_polygon] = "no_geometry"
    keep = status.index[(status == "included").to_numpy()]
    linked = pd.Index([])
    if len(keep) < 2:
        status[status == "included"] = "island"
        return _Restricted(np.empty(0), None, pd.Index([]), status, linked)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands are reported in `status`, not as warnings
        w = libpysal.weights.w_subset(nb.w, list(keep), silence_warnings=True)
    isl = [i for i in w.id_order if w.cardinalities[i] == 0]
    if isl and islands == "nearest":
        pos = nb.ids.get_indexer(w.id_order)
        knn = libpysal.weights.KNN(nb.centroids[pos], k=1, ids=list(w.id_order),
                                   silence_warnings=True)
        w = libpysal.weights.util.attach_islands(w, knn, silence_warnings=True)
        linked = pd.Index(isl)
    elif isl:
        status[isl] = "island"
        keep = status.index[(status == "included").to_numpy()]
        if len(keep) < 2:
            status[status == "included"] = "island"
            return _Restricted(np.empty(0), None, pd.Index([]), status, linked)
        w = libpysal.weights.w_subset(w, list(keep), silence_warnings=True)
    w.transform = "r"
    ids = pd.Index(w.id_order)
    return _Restricted(y_all.loc[ids].to_numpy(copy=True), w, ids, status, linked)


@dataclass(frozen=True)
class MoranResult:
    """Global Moran's I of one variable. ``p_sim`` is the permutation pseudo p-value as esda and
    GeoDa report it (folded: towards the side the observed I lies on, so at least
    1/(permutations+1)); ``z_norm``/``p_norm`` the normal approximation (two-sided).
    Statistics are NaN when fewer than 3 units take part or all their values are equal."""

    variable: str
    I: float  # noqa: E741 - the statistic's name
    expected: float
    z_norm: float
    p_norm: float
    z_sim: float
    p_sim: float
    n: int
    n_excluded: int
    n_islands: int
    n_linked: int
    permutations: int
    seed: int


def global_moran(
    values: pd.Series,
    nb: Contiguity,
    *,
    populated: pd.Series | None = None,
    islands: Islands = "exclude",
    permutations: int = 999,
    seed: int = 20231231,
    variable: str | None = None,
) -> MoranResult:
    """Global Moran's I of ``values`` (indexed by unit id) over the restricted contiguity."""
    if permutations < 0:
        raise ValueError(f"permutations must be >= 0; got {permutations}.")
    r = _restrict(values, nb, populated, islands)
    n_islands = int((r.status == "island").sum())
    n_excluded = int(r.status.isin(["no_data", "no_residents", "no_geometry"]).sum())
    name = variable or str(values.name)
    nan = float("nan")
    if r.w is None or len(r.y) < 3 or np.ptp(r.y) == 0:
        return MoranResult(name, nan, nan, nan, nan, nan, nan, len(r.y), n_excluded, n_islands,
                           len(r.linked), permutations, seed)
    with _numpy_seed(seed), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        m = Moran(r.y, r.w, transformation="r", permutations=permutations, two_tailed=True)
    return MoranResult(
        name, float(m.I), float(m.EI), float(m.z_norm), float(m.p_norm),
        float(m.z_sim) if permutations else nan, float(m.p_sim) if permutations else nan,
        len(r.y), n_excluded, n_islands, len(r.linked), permutations, seed,
    )


def global_moran_table(
    frame: pd.DataFrame,
    nb: Contiguity,
    *,
    populated: pd.Series | None = None,
    islands: Islands = "exclude",
    permutations: int = 999,
    seed: int = 20231231,
) -> pd.DataFrame:
    """Global Moran's I for every column of ``frame`` (wide: one row per unit, one column per
    indicator or the index): one row per variable, columns as :class:`MoranResult`."""
    rows = [
        vars(global_moran(frame[c], nb, populated=populated, islands=islands,
                          permutations=permutations, seed=seed, variable=str(c)))
        for c in frame.columns
    ]
    return pd.DataFrame(rows, columns=list(MoranResult.__dataclass_fields__))


@dataclass(frozen=True, eq=False)
class LisaResult:
    """Local Moran clusters. ``frame`` has one row per input unit (same index):

    ``value``, ``z`` (standardised value), ``lag`` (spatial lag of z), ``local_i``,
    ``p_sim`` (permutation pseudo p-value; where it sits on the floor 1/(permutations+1), the
    normal approximation of the permutation distribution instead), ``p_fdr`` (Benjamini-Hochberg adjusted, NaN unless
    ``fdr``), ``significant``, ``cluster`` (one of :data:`CLUSTERS`), ``label_tr``, ``label_en``,
    ``inequality_cluster`` (the cluster concentrates inequality, per :class:`Meaning`),
    ``linked_island`` (took part through its nearest unit).
    """

    frame: pd.DataFrame
    meaning: Meaning
    alpha: float
    fdr: bool
    permutations: int
    seed: int

    def counts(self) -> pd.Series:
        """Units per cluster type, in :data:`CLUSTERS` order (zeros included)."""
        return self.frame["cluster"].value_counts().reindex(list(CLUSTERS), fill_value=0)


def local_moran(
    values: pd.Series,
    nb: Contiguity,
    *,
    meaning: Meaning = INDEX,
    populated: pd.Series | None = None,
    islands: Islands = "exclude",
    permutations: int = 999,
    alpha: float = 0.05,
    fdr: bool = False,
    seed: int = 20231231,
) -> LisaResult:
    """LISA clusters of ``values`` (indexed by unit id).

    A unit is significant when its permutation p-value (or, with ``fdr``, its
    Benjamini-Hochberg adjusted p-value, the same decision as ``esda.fdr``'s threshold) is at
    most ``alpha``; its cluster is then its Moran-scatterplot quadrant (HH, LL, HL, LH).
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1; got {alpha}.")
    if permutations < 1:
        raise ValueError(f"LISA needs permutations >= 1 for p-values; got {permutations}.")
    r = _restrict(values, nb, populated, islands)
    labels = _labels(meaning)
    n = len(values)
    cols: dict[str, np.ndarray] = {
        c: np.full(n, np.nan) for c in ("z", "lag", "local_i", "p_sim", "p_fdr")
    }
    significant_all = np.zeros(n, dtype=bool)
    cluster = np.array(r.status.where(r.status != "included", "not_significant"), dtype=object)
    if r.w is not None and len(r.y) >= 3 and np.ptp(r.y) > 0:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            lm = Moran_Local(r.y, r.w, transformation="r", permutations=permutations, seed=seed,
                             n_jobs=1, keep_simulations=False)
        p = np.asarray(lm.p_sim, dtype=float)
        # A permutation p cannot go below 1/(permutations+1). Where it sits on that floor the
        # permutations only say "at most this"; esda's normal approximation of the same
        # permutation distribution (p_z_sim, one-sided like p_sim) resolves further, so FDR
        # can tell a strong cluster from one that merely reached the floor.
        at_floor = p <= 1.0 / (permutations + 1) + 1e-12
        p = np.where(at_floor, np.fmin(p, np.asarray(lm.p_z_sim, dtype=float)), p)
        p_fdr = false_discovery_control(p, method="bh") if fdr else np.full(len(p), np.nan)
        significant = (p_fdr if fdr else p) <= alpha
        pos = values.index.get_indexer(r.ids)
        cols["z"][pos] = lm.z
        cols["lag"][pos] = libpysal.weights.lag_spatial(r.w, lm.z)
        cols["local_i"][pos] = lm.Is
        cols["p_sim"][pos] = p
        cols["p_fdr"][pos] = p_fdr
        significant_all[pos] = significant
        quad = np.array([_QUADRANT[int(q)] for q in lm.q], dtype=object)
        cluster[pos] = np.where(significant, quad, "not_significant")
    frame = pd.DataFrame(
        {"value": pd.to_numeric(values, errors="coerce").astype(float).to_numpy(), **cols,
         "significant": significant_all},
        index=values.index,
    )
    frame["cluster"] = cluster
    frame["label_tr"] = [labels[c][0] for c in cluster]
    frame["label_en"] = [labels[c][1] for c in cluster]
    frame["inequality_cluster"] = cluster == meaning.inequality_cluster
    frame["linked_island"] = frame.index.isin(r.linked)
    return LisaResult(frame, meaning, alpha, fdr, permutations, seed)
