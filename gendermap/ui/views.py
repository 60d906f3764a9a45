"""What the pages show, computed from the build: tables aligned with the map's polygons.

Pure (frames in, frames out; no Streamlit): the cached wrappers in
:mod:`gendermap.ui.components` call these with hashable arguments, and tests call them
directly. Row ``i`` of every per-mahalle table is polygon ``i`` of the map.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from gendermap import rates, smoothing
from gendermap.catalogue import Catalogue, Indicator
from gendermap.classify import Classification, NumberFormat, classify
from gendermap.classify import number_format as classify_number_format
from gendermap.maps import HIDDEN, NO_DATA, Paint, escape
from gendermap.ui.i18n import tr_en
from gendermap.vintages import one_vintage, reference_years

_RAW = ["value_raw", "ci_low_raw", "ci_high_raw"]
FLAG_KEYS = {"flag.ok", "flag.unreliable", "flag.suppressed", "flag.no_data"}
"""Reliability flags that have a label of their own (others are shown as they are)."""
PLACES = ["quarter_id", "mahalle_code", "mahalle", "district", "district_code", "province", "province_code"]


def number_format(ind: Indicator, sex: str, lang: str) -> NumberFormat:
    """Percent indicators are stored as 0-1 and shown as %12,5 / 12.5%; gaps are percentage points."""
    return classify_number_format(ind.unit, lang, gap=sex == "gap")


def vintage_rows(indicators: pd.DataFrame, indicator: str, sex: str, year: int | None = None) -> pd.DataFrame:
    """Rows of one indicator and sex in one year: ``year``, or by default the indicator's
    reference vintage (the year covering the most mahalle, :func:`gendermap.vintages.reference_years`),
    so a newer vintage imported for a few mahalle does not empty the map."""
    rows = indicators[indicators["indicator"] == indicator]
    if rows.empty:
        return rows
    if year is None:
        year = reference_years(rows).get(indicator)
    return rows[(rows["year"] == year) & (rows["sex"] == sex)]


def _one_sex(
    indicators: pd.DataFrame, indicator: str, sex: str, smooth: str, year: int | None = None, w: object | None = None,
) -> pd.DataFrame:
    """The shown and raw values of one sex per mahalle code (:func:`gendermap.smoothing.shown_values`)."""
    rows = vintage_rows(indicators, indicator, sex, year).drop_duplicates("mahalle_code")
    shown = smoothing.shown_values(rows, smooth, w)
    return shown.set_index("mahalle_code")[["value", "ci_low", "ci_high", *_RAW, "flag", "synthetic"]]


def indicator_table(
    places: pd.DataFrame,
    indicators: pd.DataFrame,
    indicator: str,
    sex: str,
    *,
    smooth: str = "none",
    reliable_only: bool = False,
    year: int | None = None,
    w: object | None = None,
) -> pd.DataFrame:
    """One row per polygon: place columns, ``value, ci_low, ci_high, flag, synthetic, rank, n_rank``.

    ``year``: the vintage shown (default: the indicator's reference vintage, see
    :func:`vintage_rows`); years are never mixed. ``sex`` is F, M, T or ``gap`` (women minus men; flag is the worse of the two). With
    ``reliable_only`` unreliable values are withheld (shown as no data), never dropped.
    ``rank`` is 1 for the highest value within the province; ``n_rank`` how many were ranked.
    ``smooth`` (:func:`gendermap.smoothing.shown_values`): ``value`` and its interval are then the smoothed
    value's, and ``value_raw, ci_low_raw, ci_high_raw`` the published value and interval.
    """
    out = places[[c for c in PLACES if c in places.columns]].copy()
    codes = out["mahalle_code"]
    if sex == "gap":
        f = _one_sex(indicators, indicator, "F", smooth, year, w)
        m = _one_sex(indicators, indicator, "M", smooth, year, w)
        both = f.join(m, lsuffix="_f", rsuffix="_m", how="outer")
        vals = pd.DataFrame(
            {
                "value": rates.gap_pp(both["value_f"], both["value_m"]),
                "ci_low": np.nan,
                "ci_high": np.nan,
                "value_raw": rates.gap_pp(both["value_raw_f"], both["value_raw_m"]),
                "ci_low_raw": np.nan,
                "ci_high_raw": np.nan,
                "flag": rates.worst_flag(both["flag_f"].astype(object), both["flag_m"].astype(object)),
                "synthetic": both["synthetic_f"].fillna(False).astype(bool) | both["synthetic_m"].fillna(False).astype(bool),
            },
            index=both.index,
        )
    else:
        vals = _one_sex(indicators, indicator, sex, smooth, year, w)
    joined = vals.reindex(codes.to_numpy())
    columns = ["value", "ci_low", "ci_high", *(_RAW if smooth != "none" else [])]
    for col in columns:
        out[col] = pd.to_numeric(joined[col], errors="coerce").to_numpy(dtype=float)
    out["flag"] = joined["flag"].astype(object).where(joined["flag"].notna(), "no_data").to_numpy()
    out["synthetic"] = joined["synthetic"].fillna(False).astype(bool).to_numpy()
    if reliable_only:
        bad = out["flag"] == "unreliable"
        out.loc[bad, columns] = np.nan
        out.loc[bad, "flag"] = "no_data"
    shown = out["value"].where(~out["flag"].isin(["suppressed", "no_data"]))
    out["rank"] = shown.groupby(out["province_code"]).rank(ascending=False, method="min").astype("Int64")
    out["n_rank"] = shown.notna().groupby(out["province_code"]).transform("sum").astype(int)
    return out


def classify_table(
    table: pd.DataFrame, ind: Indicator, sex: str, scheme: str, k: int, lang: str,
    populated: pd.Series | None = None,
) -> Classification:
    """The map's one classification (map, legend and table share it)."""
    centre = 0.0 if sex == "gap" else None
    return classify(
        table["value"],
        scheme,
        k,
        special=table["flag"],
        populated=populated,
        centre=centre,
        palette="PuOr" if centre is not None else None,
        fmt=number_format(ind, sex, lang),
    )


def visible_mask(places: pd.DataFrame, provinces: Sequence[int], districts: Sequence[int]) -> np.ndarray:
    """Which polygons the filter keeps (empty district list: all of the chosen provinces)."""
    mask = places["province_code"].isin(list(provinces)).to_numpy().copy()
    if districts:
        mask &= places["district_code"].isin(list(districts)).to_numpy()
    return mask


def bounds_of(places_geo: Any, mask: np.ndarray) -> tuple[float, float, float, float] | None:
    if not mask.any():
        return None
    b = places_geo.geometry.values[mask].total_bounds
    return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))


def tips(table: pd.DataFrame, cls: Classification, ind: Indicator, sex: str, lang: str) -> list[str]:
    """Escaped tooltip line per polygon: value with interval, reliability, rank in province;
    a smoothed map adds "smoothed" and the raw value with its own interval."""
    fmt = cls.fmt
    raw = table["value_raw"] if "value_raw" in table.columns else pd.Series(np.nan, index=table.index)
    raw_lo = table["ci_low_raw"] if "ci_low_raw" in table.columns else raw
    raw_hi = table["ci_high_raw"] if "ci_high_raw" in table.columns else raw
    smoothed = "value_raw" in table.columns
    out = []
    for value, lo, hi, flag, rank, n, r, rlo, rhi in zip(
        table["value"], table["ci_low"], table["ci_high"], table["flag"], table["rank"], table["n_rank"],
        raw, raw_lo, raw_hi, strict=True,
    ):
        if flag in ("suppressed", "no_data") or not np.isfinite(value):
            out.append(escape(tr_en(f"flag.{flag if flag in ('suppressed', 'no_data') else 'no_data'}", lang)))
            continue
        text = fmt.format(value)
        if np.isfinite(lo) and np.isfinite(hi):
            text += f" ({fmt.format(lo)}–{fmt.format(hi)})"
        if smoothed:
            text += " " + tr_en("tip.smoothed", lang)
        text += " · " + tr_en(f"flag.{flag}", lang)
        if not pd.isna(rank):
            text += " · " + tr_en("col.rank", lang) + " " + tr_en("rank.of", lang).format(rank=int(rank), n=int(n))
        if smoothed and np.isfinite(r):
            text += " · " + tr_en("tip.raw", lang) + " " + fmt.format(r)
            if np.isfinite(rlo) and np.isfinite(rhi):
                text += f" ({fmt.format(rlo)}–{fmt.format(rhi)})"
        out.append(escape(text))
    return out


def paint(
    cls: Classification,
    mask: np.ndarray,
    *,
    tip_lines: Sequence[str] = (),
    selected: int = -1,
    bounds: tuple[float, float, float, float] | None = None,
    demo: bool = False,
    districts_visible: Sequence[bool] | None = None,
) -> Paint:
    """A :class:`Paint` from a classification: value classes, then special-class colours."""
    colours = list(cls.colours)
    base = np.asarray(cls.class_index, dtype=int)
    classes = base.copy()
    statuses = np.asarray(cls.status, dtype=object)
    for status in sorted(set(statuses[base < 0])):
        classes[(base < 0) & (statuses == status)] = len(colours)
        colours.append(_special_hex(str(status)))
    classes = np.where(classes < 0, NO_DATA, classes)
    classes = np.where(mask, classes, HIDDEN)
    return Paint(
        colours=colours,
        classes=classes.tolist(),
        tips=list(tip_lines),
        selected=selected,
        bounds=bounds,
        demo=demo,
        districts_visible=districts_visible,
        n_value=len(cls.colours),
        unreliable=np.flatnonzero(np.asarray(cls.unreliable) & mask).tolist(),
    )


def _special_hex(status: str) -> str:
    from gendermap.palettes import SPECIAL_COLOURS

    return SPECIAL_COLOURS.get(status, "#d9d9d9")


def legend_rows(cls: Classification, lang: str, mask: np.ndarray | None = None) -> list[dict[str, Any]]:
    """Legend rows (label, colour, count) from the classification the map uses.

    Counts are of what the map shows (``mask``, the filter): the bins stay those of the
    whole area, so colours mean the same on every filter, but "(12)" is 12 polygons you see.
    Special classes absent from the shown area are left out.
    """
    rows = cls.legend("en" if lang == "en" else "tr")
    if mask is None:
        return [{"label": e.label, "colour": e.colour, "count": e.count, "kind": e.kind} for e in rows]
    shown = np.asarray(mask, dtype=bool)
    index = np.asarray(cls.class_index)[shown]
    status = np.asarray(cls.status, dtype=object)[shown]
    unreliable = int(np.asarray(cls.unreliable, dtype=bool)[shown].sum())
    out = []
    for e in rows:
        if e.kind == "value":
            count = int((index == int(e.key.split("_")[1]) - 1).sum())
        elif e.kind == "marker":
            count = unreliable
        else:
            count = int((status == e.key).sum())
        if e.kind != "value" and count == 0:
            continue
        out.append({"label": e.label, "colour": e.colour, "count": count, "kind": e.kind})
    return out


def display_table(table: pd.DataFrame, cls: Classification, lang: str) -> pd.DataFrame:
    """The table alternative to the map: same rows, same classes as the legend.

    Values stay numbers (in the unit shown: % or ‰ or points, named in the header) so the
    table sorts numerically; :func:`gendermap.ui.components.show_table` writes them through
    :mod:`gendermap.numbers` (Turkish decimal comma, "—" for missing).
    """
    fmt = cls.fmt
    labels = cls.unit_labels("en" if lang == "en" else "tr")
    factor = fmt.scale * (100.0 if fmt.share else 1.0)
    unit = "%" if fmt.share else fmt.suffix.strip()
    head = (lambda key: f"{tr_en(key, lang)} ({unit})") if unit else (lambda key: tr_en(key, lang))

    def scaled(col: str) -> np.ndarray:
        return pd.to_numeric(table[col], errors="coerce").to_numpy(dtype=float) * factor

    smoothed = "value_raw" in table.columns
    raw = {
        head("col.value_raw"): scaled("value_raw"),
        head("col.ci_low_raw"): scaled("ci_low_raw"),
        head("col.ci_high_raw"): scaled("ci_high_raw"),
    } if smoothed else {}
    frame = pd.DataFrame(
        {
            tr_en("col.mahalle", lang): table["mahalle"].to_numpy(),
            tr_en("col.district", lang): table["district"].to_numpy(),
            tr_en("col.province", lang): table["province"].to_numpy(),
            head("col.value_smoothed" if smoothed else "col.value"): scaled("value"),
            head("col.ci_low"): scaled("ci_low"),
            head("col.ci_high"): scaled("ci_high"),
            **raw,
            tr_en("col.flag", lang): [tr_en(f"flag.{fl}", lang) if f"flag.{fl}" in FLAG_KEYS else str(fl) for fl in table["flag"]],
            tr_en("col.rank", lang): table["rank"].to_numpy(),
            tr_en("col.class", lang): labels,
            tr_en("col.code", lang): table["mahalle_code"].to_numpy(),
        }
    )
    frame.attrs["digits"] = fmt.decimals
    return frame


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$>:])")


def markdown_text(value: object) -> str:
    """Text from data or a user, shown literally where Streamlit reads markdown (a heading,
    a caption): HTML escaped and every markdown character backslashed, so a mahalle called
    ``<script>`` or ``**x**`` is written as it is named."""
    return _MD_SPECIAL.sub(r"\\\1", escape("" if value is None else str(value)))


def pick(places_geo: Any, lat: float, lng: float) -> int:
    """Row of the polygon containing the clicked point, or -1 (outside every mahalle)."""
    import shapely

    point = shapely.Point(lng, lat)
    hits = places_geo.sindex.query(point, predicate="intersects")
    return int(hits[0]) if len(hits) else -1


def themes_of(catalogue: Catalogue, level: str = "mahalle") -> list[str]:
    seen: list[str] = []
    for ind in catalogue.at_level(level):
        if ind.theme not in seen:
            seen.append(ind.theme)
    return seen


def index_inputs(
    indicators: pd.DataFrame, catalogue: Catalogue
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int], dict[str, str]]:
    """Women's and men's unit × indicator tables, directions and themes for the index."""
    from gendermap.composite import wide_by_sex

    in_index = [i for i in catalogue.indicators if i.in_index and i.level == "mahalle"]
    ids = {i.id for i in in_index}
    women, men = wide_by_sex(one_vintage(indicators[indicators["indicator"].isin(ids)]))
    directions = {i.id: 1 if i.direction == "higher_is_better" else -1 for i in in_index}
    themes = {i.id: i.theme for i in in_index}
    return women, men, directions, themes


def compare_frame(
    places: pd.DataFrame,
    indicators: pd.DataFrame,
    catalogue: Catalogue,
    level: str,
    units: Sequence[str],
    lang: str,
) -> pd.DataFrame:
    """Long frame ``unit, indicator, women, men, ratio`` for mahalle codes or district codes.

    District values pool the counts of their mahalle (sum / sum), never average rates.
    """
    if not units:
        return pd.DataFrame(columns=["unit", "indicator", "women", "men", "ratio"])
    if level == "district":
        members = places[places["district_code"].astype(str).isin(units)]
        group = members.set_index("mahalle_code")["district_code"].astype(str)
        names = dict(zip(members["district_code"].astype(str), members["district"], strict=False))
    else:
        members = places[places["mahalle_code"].isin(units)]
        group = pd.Series(members["mahalle_code"].to_numpy(), index=members["mahalle_code"].to_numpy())
        names = dict(zip(members["mahalle_code"], members["mahalle"] + " (" + members["district"] + ")", strict=False))
    records = []
    for ind in catalogue.at_level("mahalle"):
        if not ind.is_rate or not ind.by_sex:
            continue
        fmt = number_format(ind, "F", lang)
        vals = {}
        for sex in ("F", "M"):
            rows = vintage_rows(indicators, ind.id, sex)
            rows = rows[rows["mahalle_code"].isin(group.index) & ~rows["flag"].astype(str).isin(["suppressed", "no_data"])]
            unit = rows["mahalle_code"].map(group)
            num = pd.to_numeric(rows["numerator"], errors="coerce").groupby(unit).sum()
            den = pd.to_numeric(rows["denominator"], errors="coerce").groupby(unit).sum()
            vals[sex] = num / den.where(den > 0)
        for u in units:
            f, m = vals["F"].get(u, np.nan), vals["M"].get(u, np.nan)
            records.append({
                "unit": str(names.get(u, u)),
                "indicator": ind.label.get(lang),
                "women": fmt.format(f) if np.isfinite(f) else "",
                "men": fmt.format(m) if np.isfinite(m) else "",
                "ratio": float(f / m) if np.isfinite(f) and np.isfinite(m) and m > 0 and f > 0 else np.nan,
            })
    return pd.DataFrame.from_records(records).dropna(subset=["ratio"])


def best_covered_indicator(indicators: pd.DataFrame, catalogue: Catalogue) -> Indicator | None:
    """The index indicator with the most reliable published women's values: the first map
    a visitor sees should show data, not a grey field of hidden or unreliable cells."""
    entries = {i.id: i for i in catalogue.indicators if i.in_index and i.level == "mahalle"}
    women = indicators[indicators["indicator"].isin(list(entries)) & (indicators["sex"] == "F")]
    counts = women[women["flag"].astype(str) == "ok"].groupby("indicator", observed=True)["value"].count()
    if counts.empty:
        return next(iter(entries.values()), None)
    return entries[str(counts.idxmax())]
