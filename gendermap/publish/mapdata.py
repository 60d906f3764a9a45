"""What a published map of one area shows: colour, tooltip and legend per mahalle.

Pure (frames in, a frozen :class:`AreaMap` out). The values are the build's published
mahalle cells (one vintage, no smoothing), and the classes are those of the app's map:
:func:`gendermap.classify.classify` over *all* polygons with the same scheme, k, special
flags, populated mask and, for gaps, the same centre and palette as
``gendermap.ui.views.classify_table`` -- then restricted to the area, so an embedded
district shows the bins a visitor sees in the app (``tests/publish`` asserts it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gendermap import rates
from gendermap.catalogue import Catalogue, Indicator
from gendermap.classify import Classification, NumberFormat, classify
from gendermap.classify import number_format as classify_number_format
from gendermap.numbers import format_number, format_signed, format_value
from gendermap.publish.areas import Area, PublishError
from gendermap.publish.texts import tr_en
from gendermap.vintages import reference_years

DEFAULT_SCHEME = "quantiles"
DEFAULT_K = 5
"""The app's default classification (``gendermap.ui.state.View``)."""

INDEX = "index"
"""Pseudo indicator id of the synthesis index (overall score, EIGE method)."""


@dataclass(frozen=True)
class LegendRow:
    label: str
    colour: str | None
    count: int
    kind: str


@dataclass(frozen=True)
class AreaMap:
    """One map of one area: everything per polygon is aligned with ``rows``.

    ``rows`` are positions in the mahalle table (and its geometry). Texts are plain
    (unescaped): each renderer escapes for its own medium. ``special`` marks a polygon of
    a special class (no data, suppressed, no residents): drawn faint with a dashed outline,
    as in the app, so it is never read as a (light) value class.
    """

    area: Area
    indicator_id: str
    sex: str
    title: str
    subtitle: str
    rows: np.ndarray
    names: list[str]
    districts: list[str]
    colours: list[str]
    tips: list[str]
    unreliable: list[bool]
    legend: list[LegendRow]
    legend_title: str
    synthetic: bool
    source: str
    year: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    special: list[bool] = field(default_factory=list)

    @property
    def painted(self) -> int:
        return len(self.rows)


def number_format(ind: Indicator | None, sex: str, lang: str) -> NumberFormat:
    """Legend limits written like :mod:`gendermap.numbers` writes values (%21,1 / 21.1%)."""
    if ind is None:
        return NumberFormat("en" if lang == "en" else "tr", 1)
    return classify_number_format(ind.unit, lang, gap=sex == "gap")  # gaps: rates.gap_pp, already points


def show_value(value: float, ind: Indicator | None, sex: str, lang: str) -> str:
    """One value as people read it: "%21,1", "+3,5 puan", "62,3"."""
    if ind is None:
        return format_number(value, lang, 1)
    if sex == "gap" and ind.unit == "percent":
        return format_signed(value, lang) + (" pp" if lang == "en" else " puan")
    return format_value(value, ind.unit, lang)


def _vintage(indicators: pd.DataFrame, indicator: str, sex: str, year: int | None) -> pd.DataFrame:
    """Rows of one indicator and sex in one year: ``year`` or, as in the app, the indicator's
    reference vintage (:func:`gendermap.vintages.reference_years`); years are never mixed."""
    rows = indicators[indicators["indicator"] == indicator]
    if rows.empty:
        return rows
    if year is None:
        year = reference_years(rows).get(indicator)
    return rows[(rows["year"] == year) & (rows["sex"] == sex)]


def _one_sex(indicators: pd.DataFrame, indicator: str, sex: str, year: int | None) -> pd.DataFrame:
    rows = _vintage(indicators, indicator, sex, year).drop_duplicates("mahalle_code")
    return rows.set_index("mahalle_code")[["value", "ci_low", "ci_high", "flag", "synthetic", "year"]]


def mahalle_values(indicators: pd.DataFrame, codes: pd.Series, indicator: str, sex: str,
                   year: int | None = None) -> pd.DataFrame:
    """``value, ci_low, ci_high, flag, synthetic, year`` per polygon (``codes`` order), one vintage.

    ``sex`` F, M, T or ``gap`` (women minus men, the worse flag of the two).
    """
    if sex == "gap":
        f, m = _one_sex(indicators, indicator, "F", year), _one_sex(indicators, indicator, "M", year)
        both = f.add_suffix("_f").join(m.add_suffix("_m"), how="outer")
        vals = pd.DataFrame(
            {
                "value": rates.gap_pp(both["value_f"], both["value_m"]),
                "ci_low": np.nan,
                "ci_high": np.nan,
                "flag": rates.worst_flag(both["flag_f"].astype(object), both["flag_m"].astype(object)),
                "synthetic": both["synthetic_f"].fillna(False).astype(bool) | both["synthetic_m"].fillna(False).astype(bool),
                "year": both["year_f"].fillna(both["year_m"]),
            },
            index=both.index,
        )
    else:
        vals = _one_sex(indicators, indicator, sex, year)
    joined = vals.reindex(codes.to_numpy())
    out = pd.DataFrame(index=range(len(codes)))
    for col in ("value", "ci_low", "ci_high"):
        out[col] = pd.to_numeric(joined[col], errors="coerce").to_numpy(dtype=float)
    out["flag"] = joined["flag"].astype(object).where(joined["flag"].notna(), "no_data").to_numpy()
    out["synthetic"] = joined["synthetic"].fillna(False).astype(bool).to_numpy()
    out["year"] = pd.to_numeric(joined["year"], errors="coerce").to_numpy()
    return out


def _legend(cls: Classification, rows: np.ndarray, lang: str) -> list[LegendRow]:
    """The classification's legend with counts inside the area (value classes always kept)."""
    idx = cls.class_index[rows]
    status = cls.status[rows]
    out = []
    for entry in cls.legend("en" if lang == "en" else "tr", include_empty_special=True):
        if entry.kind == "value":
            n = int((idx == int(entry.key.split("_")[1]) - 1).sum())
        elif entry.kind == "special":
            n = int((status == entry.key).sum())
        else:
            n = int(cls.unreliable[rows].sum())
        if entry.kind == "value" or n:
            out.append(LegendRow(entry.label, entry.colour, n, entry.kind))
    return out


def _tip(value: float, lo: float, hi: float, flag: str, status: str, ind: Indicator | None, sex: str, lang: str) -> str:
    if status == "no_residents":
        return tr_en("flag.no_residents", lang)
    if status != "value":
        return tr_en(f"flag.{'suppressed' if status == 'suppressed' else 'no_data'}", lang)
    text = show_value(value, ind, sex, lang)
    if np.isfinite(lo) and np.isfinite(hi):
        text += f" ({show_value(lo, ind, sex, lang)} – {show_value(hi, ind, sex, lang)})"
    if flag in ("ok", "unreliable"):
        text += " · " + tr_en(f"flag.{flag}", lang)
    return text


def _finish(area: Area, places: pd.DataFrame, table: pd.DataFrame, cls: Classification,
            ind: Indicator | None, ind_id: str, sex: str, lang: str, title: str, subtitle: str,
            legend_title: str, source: str, year: str) -> AreaMap:
    rows = np.flatnonzero(area.mask(places))
    if len(rows) == 0:
        raise PublishError(f"{area.name}: haritada mahalle yok (no mahalle in this area)")
    colours = cls.unit_colours()[rows]
    value, lo, hi = (table[c].to_numpy(dtype=float) for c in ("value", "ci_low", "ci_high"))
    flags = table["flag"].astype(str).to_numpy()
    tips = [_tip(value[i], lo[i], hi[i], flags[i], str(cls.status[i]), ind, sex, lang) for i in rows]
    return AreaMap(
        area=area, indicator_id=ind_id, sex=sex, title=title, subtitle=subtitle, rows=rows,
        names=[str(n) for n in places["mahalle"].iloc[rows]],
        districts=[str(n) for n in places["district"].iloc[rows]],
        colours=[str(c) for c in colours], tips=tips,
        unreliable=[bool(u) for u in cls.unreliable[rows]],
        legend=_legend(cls, rows, lang), legend_title=legend_title,
        synthetic=bool(table["synthetic"].iloc[rows].any()),
        source=source, year=year, notes=cls.notes,
        special=[bool(i < 0) for i in cls.class_index[rows]],
    )


def area_map(
    places: pd.DataFrame,
    indicators: pd.DataFrame,
    catalogue: Catalogue,
    area: Area,
    indicator: str,
    sex: str = "F",
    lang: str = "tr",
    *,
    scheme: str = DEFAULT_SCHEME,
    k: int = DEFAULT_K,
    year: int | None = None,
) -> AreaMap:
    """The app's thematic map of ``indicator`` for ``sex`` (F, M, T, gap), restricted to ``area``.

    ``year`` is the vintage (default: the indicator's reference vintage, as the app's map).
    """
    try:
        ind = catalogue.get(indicator)
    except KeyError:
        known = ", ".join(i.id for i in catalogue.at_level("mahalle"))
        raise PublishError(f"Bilinmeyen gösterge: '{indicator}'. Geçerli olanlar: {known} (unknown indicator)") from None
    if ind.level != "mahalle":
        raise PublishError(f"'{indicator}' ilçe düzeyinde bir göstergedir; mahalle haritası yok (district-level indicator)")
    if sex not in ("F", "M", "T", "gap"):
        raise PublishError(f"Cinsiyet F, M, T ya da gap olmalı; verilen: '{sex}' (sex must be F, M, T or gap)")
    if not ind.by_sex:
        sex = "T"
    table = mahalle_values(indicators, places["mahalle_code"], ind.id, sex, year)
    centre = 0.0 if sex == "gap" else None
    cls = classify(
        table["value"], scheme, k, special=table["flag"],
        populated=places["populated"] if "populated" in places else None,
        centre=centre, palette="PuOr" if centre is not None else None,
        fmt=number_format(ind, sex, lang),
    )
    years = table["year"].iloc[np.flatnonzero(area.mask(places))].dropna()
    shown = str(int(years.max())) if len(years) else str(year or ind.year)
    return _finish(area, places, table, cls, ind, ind.id, sex, lang, ind.label.get(lang),
                   tr_en(f"sex.{sex}", lang), f"{ind.label.get(lang)} — {tr_en(f'sex.{sex}', lang)}",
                   f"{tr_en('source', lang)}: {ind.source}", shown)


def index_map(
    places: pd.DataFrame,
    synthesis: pd.DataFrame,
    area: Area,
    lang: str = "tr",
    *,
    method: str = "eige",
    synthetic: bool = True,
    scheme: str = DEFAULT_SCHEME,
    k: int = DEFAULT_K,
) -> AreaMap:
    """The build's overall synthesis index per mahalle (1-100, higher = more equal)."""
    overall = synthesis[(synthesis["method"] == method) & (synthesis["theme"] == "overall")]
    scores = overall.drop_duplicates("mahalle_code").set_index("mahalle_code")["score"]
    values = pd.to_numeric(scores.reindex(places["mahalle_code"].to_numpy()), errors="coerce").to_numpy(float)
    table = pd.DataFrame({"value": values, "ci_low": np.nan, "ci_high": np.nan,
                          "flag": np.where(np.isfinite(values), "ok", "no_data"), "synthetic": synthetic})
    cls = classify(table["value"], scheme, k, special=table["flag"],
                   populated=places["populated"] if "populated" in places else None,
                   fmt=number_format(None, "T", lang))
    title = tr_en("index.title", lang)
    return _finish(area, places, table, cls, None, INDEX, "T", lang, title, "", tr_en("index.legend", lang),
                   f"{tr_en('source', lang)}: {tr_en('index.source', lang)}", "")
