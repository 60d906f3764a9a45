"""One classification per map: the bins, colours and labels that the map, its legend and the
exported table all share (DESIGN: "one classification per map").

:func:`classify` is the only entry point. It bins the values with mapclassify and keeps four
*special* classes apart from the value classes, so that nothing is silently dropped or drawn as
if it were a value:

``no_data``       no value (NaN or infinite, or flagged ``no_data`` upstream);
``suppressed``    a value exists but is withheld for disclosure control; it is never binned,
                  and the value itself does not leave this object;
``no_residents``  the unit has no residents (``populated = false``): nothing to measure;
``unreliable``    not a separate class: the unit *is* binned by its value, and marked so the
                  map can hatch it and the table can say so.

A diverging map (gaps, F/M ratios) passes ``centre`` (0 or 1): the class that contains parity
gets the neutral colour, classes below and above get the two hues of a diverging palette.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Literal

import mapclassify
import numpy as np
import numpy.typing as npt
import pandas as pd

from gendermap import palettes
from gendermap.numbers import MISSING, format_number, format_share

__all__ = [
    "ENGLISH",
    "SCHEMES",
    "SPECIAL_CLASSES",
    "TURKISH",
    "Classification",
    "LegendEntry",
    "NumberFormat",
    "classify",
    "number_format",
]

Lang = Literal["tr", "en"]


FISHER_JENKS_EXACT_MAX = 600
"""Above this many values Fisher-Jenks runs on a seeded sample of this size (mapclassify's
FisherJenksSampled). Without numba its exact algorithm is pure Python, O(k n^2): 0.35 s for
500 values, 2 s for 1,000, 8.7 s for 2,500; numba itself was tried and costs more (esda
recompiles its kernels in every process)."""


def _seeded(cls: type, seed: int = 12345, **kwargs: Any) -> Callable[..., Any]:
    """Run a mapclassify classifier that draws from numpy's global RNG (NaturalBreaks uses
    k-means with random starts, FisherJenksSampled a random sample) under a fixed seed, so the
    same data give the same map; numpy's global state is restored afterwards."""

    def run(y: np.ndarray, k: int) -> Any:
        state = np.random.get_state()
        np.random.seed(seed)
        try:
            return cls(y, k=k, **{n: f(y) if callable(f) else f for n, f in kwargs.items()})
        finally:
            np.random.set_state(state)

    return run


def _fisher_jenks(y: np.ndarray, k: int) -> Any:
    if len(y) <= FISHER_JENKS_EXACT_MAX:
        return mapclassify.FisherJenks(y, k=k)
    return _seeded(mapclassify.FisherJenksSampled, pct=FISHER_JENKS_EXACT_MAX / len(y),
                   truncate=False)(y, k)


_CLASSIFIERS: Mapping[str, Callable[..., Any]] = MappingProxyType({
    "quantiles": mapclassify.Quantiles,
    "fisherjenks": _fisher_jenks,
    "equalinterval": mapclassify.EqualInterval,
    "naturalbreaks": _seeded(mapclassify.NaturalBreaks),
    "maximumbreaks": mapclassify.MaximumBreaks,
    "prettybreaks": mapclassify.PrettyBreaks,
})
SCHEMES: tuple[str, ...] = (*_CLASSIFIERS, "userdefined")
"""Valid scheme names (case, ``_``, ``-`` and spaces are ignored: ``fisher_jenks`` works).
mapclassify's JenksCaspall is left out on purpose: its iteration has no cap and cycles forever
on some inputs (found by the property tests), which would hang the app."""

SPECIAL_CLASSES: tuple[str, ...] = ("no_data", "suppressed", "no_residents")
"""Special classes, kept apart from the value classes; ``unreliable`` is a marker instead."""

_FLAGS = ("ok", "unreliable", "suppressed", "no_data", "no_residents")

_SPECIAL_LABELS: Mapping[str, Mapping[Lang, str]] = MappingProxyType({
    "no_data": {"tr": "Veri yok", "en": "No data"},
    "suppressed": {"tr": "Gizlendi (küçük sayı)", "en": "Suppressed (small numbers)"},
    "no_residents": {"tr": "Yerleşik nüfus yok", "en": "No residents"},
    "unreliable": {"tr": "Düşük güvenilirlik (taralı)", "en": "Low reliability (hatched)"},
})


@dataclass(frozen=True)
class NumberFormat:
    """How class limits and map values are written: through :mod:`gendermap.numbers` (Babel),
    so a legend reads exactly like every table and report. Turkish by default.

    ``share``: a proportion (0-1) written as a percentage, ``%12,5`` (tr) / ``12.5%`` (en).
    ``scale`` and ``suffix`` are for other units (per 1,000, points); bins and values stay in
    data units.
    """

    lang: Lang = "tr"
    decimals: int = 2
    scale: float = 1.0
    share: bool = False
    suffix: str = ""

    def format(self, x: float, decimals: int | None = None) -> str:
        if x is None or not np.isfinite(x):
            return MISSING
        d = self.decimals if decimals is None else decimals
        if self.share:
            return format_share(x * self.scale, self.lang, d)
        return format_number(x * self.scale, self.lang, d) + self.suffix


TURKISH = NumberFormat()
ENGLISH = NumberFormat(lang="en")


def number_format(unit: str, lang: str, *, gap: bool = False, decimals: int | None = None) -> NumberFormat:
    """The format of a catalogue unit (``percent``, ``per_1000``, ``count``, else plain) in
    ``lang``; ``gap=True`` for a women-minus-men difference of a percent indicator, given in
    percentage points. One place, so the map, the embed and the report write a unit alike."""
    language: Lang = "en" if lang == "en" else "tr"
    if gap and unit == "percent":
        fmt = NumberFormat(language, 1, suffix=" pp" if language == "en" else " puan")
    elif unit == "percent":
        fmt = NumberFormat(language, 1, share=True)
    elif unit == "per_1000":
        fmt = NumberFormat(language, 1, scale=1000.0, suffix=" ‰")
    elif unit == "count":
        fmt = NumberFormat(language, 0)
    else:
        fmt = NumberFormat(language, 2)
    return fmt if decimals is None else replace(fmt, decimals=decimals)


@dataclass(frozen=True)
class LegendEntry:
    """One legend row. ``kind`` is ``value`` (a value class), ``special`` (a special class) or
    ``marker`` (the unreliable hatch, drawn over value classes)."""

    key: str
    kind: Literal["value", "special", "marker"]
    label: str
    colour: str | None
    count: int
    pattern: str | None = None


@dataclass(frozen=True, eq=False)
class Classification:
    """The result of :func:`classify`: everything a map, its legend and its table need.

    Per-unit arrays follow ``index`` (the index of the values passed in). ``class_index`` is -1
    for units in a special class. Value class ``i`` covers ``(bins[i-1], bins[i]]``, the first
    ``[lower, bins[0]]`` (mapclassify's convention).
    """

    scheme: str
    k_requested: int
    bins: tuple[float, ...]
    lower: float
    labels: tuple[str, ...]
    colours: tuple[str, ...]
    counts: tuple[int, ...]
    index: pd.Index
    values: npt.NDArray[np.float64]
    class_index: npt.NDArray[np.int64]
    status: npt.NDArray[np.object_]
    unreliable: npt.NDArray[np.bool_]
    special_counts: Mapping[str, int]
    centre: float | None = None
    fmt: NumberFormat = TURKISH
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def k(self) -> int:
        """Number of value classes actually formed (may be below ``k_requested``)."""
        return len(self.bins)

    @property
    def n_classified(self) -> int:
        return int(sum(self.counts))

    def unit_colours(self) -> npt.NDArray[np.object_]:
        """Fill colour of every unit: its value class colour, or its special class colour."""
        out = np.array([palettes.SPECIAL_COLOURS.get(s, "") for s in self.status], dtype=object)
        in_class = self.class_index >= 0
        out[in_class] = np.asarray(self.colours, dtype=object)[self.class_index[in_class]]
        return out

    def unit_labels(self, lang: Lang = "tr") -> npt.NDArray[np.object_]:
        """Legend label of every unit's class (value class label or special class label)."""
        out = np.array(
            [_SPECIAL_LABELS[s][lang] if s in _SPECIAL_LABELS else "" for s in self.status],
            dtype=object,
        )
        in_class = self.class_index >= 0
        out[in_class] = np.asarray(self.labels, dtype=object)[self.class_index[in_class]]
        return out

    def to_frame(self, lang: Lang = "tr") -> pd.DataFrame:
        """The exported table: one row per unit, on the input index.

        Columns: ``value`` (NaN outside the value classes, so a suppressed value never
        leaks), ``status`` (``value`` or a special class), ``class`` (1-based, nullable),
        ``class_label``, ``colour``, ``unreliable``.
        """
        cls = pd.array(np.where(self.class_index >= 0, self.class_index + 1, 0), dtype="Int64")
        cls[self.class_index < 0] = pd.NA
        return pd.DataFrame(
            {
                "value": self.values,
                "status": self.status,
                "class": cls,
                "class_label": self.unit_labels(lang),
                "colour": self.unit_colours(),
                "unreliable": self.unreliable,
            },
            index=self.index,
        )

    def legend(self, lang: Lang = "tr", include_empty_special: bool = False) -> list[LegendEntry]:
        """Legend rows: value classes (low to high, empty ones too, so the bins stay visible),
        then the special classes present (all with ``include_empty_special``), then the
        unreliable marker if any unit carries it."""
        rows = [
            LegendEntry(f"class_{i + 1}", "value", label, colour, count)
            for i, (label, colour, count) in enumerate(
                zip(self.labels, self.colours, self.counts, strict=True)
            )
        ]
        for key in SPECIAL_CLASSES:
            n = self.special_counts[key]
            if n or include_empty_special:
                rows.append(LegendEntry(
                    key, "special", _SPECIAL_LABELS[key][lang], palettes.SPECIAL_COLOURS[key], n
                ))
        n_unreliable = int(self.unreliable.sum())
        if n_unreliable or include_empty_special:
            rows.append(LegendEntry(
                "unreliable", "marker", _SPECIAL_LABELS["unreliable"][lang], None, n_unreliable,
                palettes.UNRELIABLE_PATTERN,
            ))
        return rows

    def legend_frame(self, lang: Lang = "tr", include_empty_special: bool = False) -> pd.DataFrame:
        """:meth:`legend` as a frame (for static maps and exports)."""
        return pd.DataFrame(
            [vars(e) for e in self.legend(lang, include_empty_special)],
            columns=["key", "kind", "label", "colour", "count", "pattern"],
        )


def _normalise_scheme(scheme: str) -> str:
    name = str(scheme).lower().replace("_", "").replace("-", "").replace(" ", "")
    if name not in SCHEMES:
        raise ValueError(
            f"Invalid scheme: '{scheme}'\nScheme must be in the set: {list(SCHEMES)}"
        )
    return name


def _as_series(x: Any, name: str, index: pd.Index | None) -> pd.Series:
    if isinstance(x, pd.Series):
        if index is not None and not x.index.equals(index):
            raise ValueError(
                f"'{name}' must have the same index as the values (same units, same order)."
            )
        return x
    arr = np.asarray(x)
    if arr.ndim != 1:
        raise ValueError(f"'{name}' must be one-dimensional; got shape {arr.shape}.")
    if index is not None and len(arr) != len(index):
        raise ValueError(f"'{name}' has {len(arr)} entries but there are {len(index)} values.")
    return pd.Series(arr, index=index if index is not None else pd.RangeIndex(len(arr)))


def _status(
    values: np.ndarray, index: pd.Index, special: Any, populated: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit status (value class or special class) and the unreliable marker."""
    n = len(values)
    flags = np.full(n, "ok", dtype=object)
    if special is not None:
        s = _as_series(special, "special", index)
        raw = s.to_numpy(dtype=object)
        missing = pd.isna(raw)
        flags = np.where(missing, "ok", raw).astype(object)
        bad = ~np.isin(flags, _FLAGS)
        if bad.any():
            rows = [f"{index[i]!r}: {flags[i]!r}" for i in np.flatnonzero(bad)[:5]]
            raise ValueError(
                f"Unknown flag in 'special' at {int(bad.sum())} unit(s), e.g. {', '.join(rows)}."
                f"\nFlags must be in the set: {list(_FLAGS)} (or missing for ok)."
            )
    status = np.full(n, "value", dtype=object)
    status[~np.isfinite(values) | (flags == "no_data")] = "no_data"
    status[flags == "suppressed"] = "suppressed"
    no_res = flags == "no_residents"
    if populated is not None:
        pop = _as_series(populated, "populated", index)
        if pop.isna().any():
            first = pop.index[pop.isna().to_numpy()][0]
            raise ValueError(f"'populated' is missing at unit {first!r}; it must be true/false.")
        no_res = no_res | ~pop.to_numpy(dtype=bool)
    status[no_res] = "no_residents"
    unreliable = (flags == "unreliable") & (status == "value")
    return status, unreliable


def _labels(lower: float, bins: np.ndarray, fmt: NumberFormat) -> tuple[str, ...]:
    """"low – high" per class; more decimals (up to 6) if neighbouring limits would read alike."""
    edges = np.concatenate([[lower], bins])
    decimals = fmt.decimals
    while True:
        text = [fmt.format(float(e), decimals) for e in edges]
        if len(set(text)) == len(set(edges.tolist())) or decimals >= 6:
            break
        decimals += 1
    return tuple(
        text[i + 1] if text[i] == text[i + 1] else f"{text[i]} – {text[i + 1]}"
        for i in range(len(bins))
    )


def _bin(y: np.ndarray, scheme: str, k: int, bins: Sequence[float] | None) -> tuple[Any, list[str]]:
    notes: list[str] = []
    n_unique = len(np.unique(y))
    if scheme == "userdefined":
        if bins is None or len(bins) == 0:
            raise ValueError("Scheme 'userdefined' needs bins, e.g. bins=[0.2, 0.4, 0.6].")
        b = np.asarray(bins, dtype=float)
        if not np.all(np.isfinite(b)) or np.any(np.diff(b) <= 0):
            raise ValueError(f"Bins must be finite and strictly increasing; got {list(bins)}.")
        if b[-1] < y.max():
            notes.append(f"the highest value {y.max():g} is above the last bin; a class was added")
        return mapclassify.UserDefined(y, bins=b), notes
    if bins is not None:
        raise ValueError(f"Bins are only used with scheme 'userdefined', not '{scheme}'.")
    if n_unique <= k:
        # as many classes as distinct values: each value its own class, for every scheme
        # (mapclassify's Fisher-Jenks returns unordered bins when k equals the distinct count)
        if n_unique < k:
            notes.append(f"only {n_unique} distinct values: {n_unique} classes instead of {k}")
        return mapclassify.UserDefined(y, bins=np.unique(y)), notes
    if k == 1:  # one class holds everything, whatever the scheme (PrettyBreaks fails on k=1)
        return mapclassify.UserDefined(y, bins=[float(y.max())]), notes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # k reductions are reported in notes
        result = _CLASSIFIERS[scheme](y, k=k)
    found = np.asarray(result.bins, dtype=float)
    if np.any(np.diff(found) <= 0) or found[-1] < y.max():
        # seen with Fisher-Jenks when values differ by less than float precision allows
        raise ValueError(f"Scheme '{scheme}' could not form {k} ordered classes from these "
                         f"values (bins {found.tolist()}); choose 'quantiles' or fewer classes.")
    if len(found) < k:
        notes.append(f"ties in the values: {len(found)} classes instead of {k}")
    if scheme == "fisherjenks" and len(y) > FISHER_JENKS_EXACT_MAX:
        notes.append(f"Fisher-Jenks breaks from a fixed sample of {FISHER_JENKS_EXACT_MAX} "
                     f"of {len(y)} values")
    return result, notes


def _sides(lower: float, bins: np.ndarray, centre: float) -> tuple[int, bool, int]:
    """(classes below parity, whether one class contains parity, classes above parity)."""
    if centre < lower:
        return 0, False, len(bins)
    if centre > bins[-1]:
        return len(bins), False, 0
    i = int(np.searchsorted(bins, centre, side="left"))  # first class whose upper limit >= centre
    return i, True, len(bins) - i - 1


def _colours(
    lower: float, bins: np.ndarray, centre: float | None,
    palette: str | Sequence[str] | None, reverse: bool,
) -> tuple[str, ...]:
    n_classes = len(bins)
    if n_classes == 0:
        return ()
    if palette is not None and not isinstance(palette, str):
        colours = [str(c) for c in palette]
        if len(colours) != n_classes:
            raise ValueError(f"{len(colours)} colours given for {n_classes} classes.")
        return tuple(colours)
    if centre is None:
        return tuple(palettes.sequential(n_classes, palette or palettes.SEQUENTIAL[0], reverse))
    below, has_centre, above = _sides(lower, bins, centre)
    return tuple(palettes.diverging(below, above, has_centre, palette or palettes.DIVERGING[0], reverse))


def classify(
    values: Any,
    scheme: str = "quantiles",
    k: int = 5,
    bins: Sequence[float] | None = None,
    special: Any = None,
    *,
    populated: Any = None,
    centre: float | None = None,
    palette: str | Sequence[str] | None = None,
    reverse: bool = False,
    fmt: NumberFormat = TURKISH,
) -> Classification:
    """Bin ``values`` into value classes and special classes.

    values     one number per unit (Series keeps its index; arrays get 0..n-1).
    scheme     one of :data:`SCHEMES`; ``userdefined`` needs ``bins`` (upper limits).
    k          requested number of classes; fewer are formed when there are fewer distinct
               values (reported in ``notes``), never an error.
    special    per-unit flag from the rates engine (``ok``, ``unreliable``, ``suppressed``,
               ``no_data``; missing means ``ok``) or ``no_residents``.
    populated  per-unit bool; false puts the unit in ``no_residents``.
    centre     parity for a diverging map (0 for a gap, 1 for an F/M ratio); None: sequential.
    palette    a name from :mod:`gendermap.palettes` or one colour per class.
    reverse    flip the palette (e.g. dark = worse for a ``lower_is_better`` indicator).
    """
    name = _normalise_scheme(scheme)
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a whole number of classes >= 1; got {k!r}.")
    series = _as_series(values, "values", None)
    try:
        y_all = pd.to_numeric(series, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Values must be numbers: {exc}") from None
    index = series.index
    status, unreliable = _status(y_all, index, special, populated)
    in_value = status == "value"
    y = y_all[in_value]
    notes: list[str] = []
    class_index = np.full(len(y_all), -1, dtype=np.int64)
    if len(y):
        result, notes = _bin(y, name, int(k), bins)
        class_index[in_value] = np.asarray(result.yb, dtype=np.int64)
        bin_arr = np.asarray(result.bins, dtype=float)
        lower = float(y.min())
    else:
        if name == "userdefined" and bins is not None:
            _bin(np.asarray(bins, dtype=float), name, int(k), bins)  # validate the bins anyway
        notes.append("no unit has a value to classify")
        bin_arr = np.empty(0)
        lower = float("nan")
    counts = tuple(int(c) for c in np.bincount(class_index[in_value], minlength=len(bin_arr)))
    shown = np.where(in_value, y_all, np.nan)  # a suppressed value never leaves this object
    for arr in (shown, class_index, status, unreliable):
        arr.setflags(write=False)
    return Classification(
        scheme=name,
        k_requested=int(k),
        bins=tuple(float(b) for b in bin_arr),
        lower=lower,
        labels=_labels(lower, bin_arr, fmt) if len(bin_arr) else (),
        colours=_colours(lower, bin_arr, centre, palette, reverse),
        counts=counts,
        index=index,
        values=shown,
        class_index=class_index,
        status=status,
        unreliable=unreliable,
        special_counts=MappingProxyType({s: int((status == s).sum()) for s in SPECIAL_CLASSES}),
        centre=centre,
        fmt=fmt,
        notes=tuple(notes),
    )
