"""The mahalle panel's table: every mahalle-level indicator of one polygon beside its
district and province (pooled counts), for the map's year.

Pure (frames in, frames out; no Streamlit), like :mod:`gendermap.ui.views`, of which it was
a part; kept apart because the panel's rules (pooling, partial vintages, units per row)
are its own.
"""

from __future__ import annotations

import pandas as pd

from gendermap.catalogue import Catalogue, Indicator
from gendermap.classify import NumberFormat
from gendermap.classify import number_format as classify_number_format
from gendermap.ui.i18n import tr_en
from gendermap.ui.views import FLAG_KEYS, vintage_rows

__all__ = ["profile", "profile_formats"]


def profile(
    places: pd.DataFrame,
    indicators: pd.DataFrame,
    catalogue: Catalogue,
    row: int,
    lang: str,
    year: int | None = None,
) -> pd.DataFrame:
    """All mahalle-level indicators of polygon ``row`` (women, men) against its district and province.

    District and province values pool counts (sum of numerators / sum of denominators),
    never average mahalle rates, and are left empty when the year shown covers fewer of
    their mahalle than the reference vintage does. ``year``: the map's vintage, used for every indicator that
    has it (the others show their reference vintage; the ``year`` column says which).
    Values stay numbers in data units (NaN where withheld or missing: the reliability column
    says why); ``frame.attrs["units"]`` holds each row's catalogue unit, so the table is
    written row by row in that unit (:func:`profile_formats`) and still sorts as numbers.
    """
    place = places.iloc[row]
    code = place["mahalle_code"]
    district_codes = places.loc[places["district_code"] == place["district_code"], "mahalle_code"].dropna()
    province_codes = places.loc[places["province_code"] == place["province_code"], "mahalle_code"].dropna()
    records, units = [], []
    for ind in catalogue.at_level("mahalle"):
        own = indicators[indicators["indicator"] == ind.id]
        shown_year = year if year is not None and (own["year"] == year).any() else None
        for sex in ("F", "M") if ind.by_sex else ("T",):
            rows = vintage_rows(own, ind.id, sex, shown_year)
            if rows.empty:
                continue
            reference = rows if shown_year is None else vintage_rows(own, ind.id, sex)
            mine = rows[rows["mahalle_code"] == code]
            value = float(mine["value"].iloc[0]) if len(mine) else float("nan")
            flag = str(mine["flag"].iloc[0]) if len(mine) else "no_data"

            def pooled(codes: pd.Series, rows: pd.DataFrame = rows, ind: Indicator = ind,
                       reference: pd.DataFrame = reference) -> float:
                sel = rows[rows["mahalle_code"].isin(codes)]
                if len(sel) < int(reference["mahalle_code"].isin(codes).sum()):
                    return float("nan")  # a vintage imported for part of the area is not the area's value
                den = pd.to_numeric(sel["denominator"], errors="coerce").sum()
                num = pd.to_numeric(sel["numerator"], errors="coerce").sum()
                if ind.unit == "count":
                    return float(num)
                return float(num / den) if den else float("nan")

            shown = value if flag not in ("suppressed", "no_data") else float("nan")
            records.append(
                {
                    tr_en("col.indicator", lang): ind.label.get(lang),
                    tr_en("f.sex", lang): tr_en(f"sex.{sex}", lang),
                    tr_en("col.value", lang): shown,  # first after the name: a phone shows three columns
                    tr_en("col.district_value", lang): pooled(district_codes),
                    tr_en("col.province_value", lang): pooled(province_codes),
                    tr_en("year.label", lang): str(int(rows["year"].iloc[0])),
                    tr_en("col.flag", lang): tr_en(f"flag.{flag}", lang) if f"flag.{flag}" in FLAG_KEYS else flag,
                }
            )
            units.append(ind.unit)
    frame = pd.DataFrame.from_records(records)
    frame.attrs["units"] = units
    return frame


def profile_formats(frame: pd.DataFrame, lang: str) -> list[tuple[int, list[str], NumberFormat]]:
    """(row, value columns, format) for each row of a :func:`profile` table: the row's unit
    written through :mod:`gendermap.numbers` (``%12,5`` / ``12.5%``, ``—`` for missing)."""
    columns = [tr_en(k, lang) for k in ("col.value", "col.district_value", "col.province_value")]
    return [(i, columns, classify_number_format(unit, lang)) for i, unit in enumerate(frame.attrs.get("units", []))]
