"""Years side by side: which vintage of an indicator a figure uses, and what changed between two.

A tidy table (counts or published values) holds every year of every indicator; nothing may
sum or average across years. Importing 2025 counts for two mahalle adds a 2025 vintage
beside 2023; it must not add those people to the 2023 totals, nor make a two-mahalle 2025
vintage the one the index, the focus ranking or the map uses by default.

- :func:`vintages`: the years of each indicator and how many units each covers.
- :func:`reference_years`: the default vintage per indicator, the year covering the most
  units (ties: the later year), so a partial new vintage never replaces a complete one.
- :func:`one_vintage`: one year per indicator (the reference, or as of a chosen year).
- :func:`change_between`: unit by unit, an indicator's value in one year against another.

Pure: frames in, frames out.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["CHANGE_COLUMNS", "change_between", "one_vintage", "reference_years", "vintages"]

CHANGE_COLUMNS = [
    "indicator", "sex", "year_from", "year_to", "value_from", "value_to", "change", "change_relative",
    "flag_from", "flag_to", "synthetic",
]
_HIDDEN = ("suppressed", "no_data")


def _has_data(table: pd.DataFrame) -> pd.Series:
    """A unit has data in a row when the published flag is not ``no_data`` (a withheld cell
    had data) or, in a counts table, when a count or value is given; so the counts and the
    published table of one build agree on every vintage's coverage."""
    if "flag" in table.columns:
        return table["flag"].astype(str).ne("no_data")
    known = pd.Series(False, index=table.index)
    for column in ("value", "numerator"):
        if column in table.columns:
            known |= pd.to_numeric(table[column], errors="coerce").notna()
    return known


def vintages(table: pd.DataFrame, unit: str = "mahalle_code") -> pd.DataFrame:
    """``indicator, year, units``: every vintage present and how many units have data in it
    (sorted by indicator, then year)."""
    if table.empty:
        return pd.DataFrame({"indicator": pd.Series(dtype=str), "year": pd.Series(dtype="int64"),
                             "units": pd.Series(dtype="int64")})
    rows = table.assign(_known=_has_data(table))
    known = rows[rows["_known"]].groupby(["indicator", "year"], observed=True)[unit].nunique()
    every = rows.groupby(["indicator", "year"], observed=True).size().index
    out = known.reindex(every, fill_value=0).rename("units").reset_index()
    out["year"] = out["year"].astype("int64")
    out["units"] = out["units"].astype("int64")
    return out.sort_values(["indicator", "year"], ignore_index=True)


def reference_years(table: pd.DataFrame, unit: str = "mahalle_code") -> dict[str, int]:
    """The default vintage of each indicator: the year with the most units (ties: later)."""
    table_vintages = vintages(table, unit)
    best = table_vintages.sort_values(["indicator", "units", "year"]).groupby("indicator").tail(1)
    return {str(i): int(y) for i, y in zip(best["indicator"], best["year"], strict=True)}


def one_vintage(
    table: pd.DataFrame,
    year: int | Mapping[str, int] | None = None,
    unit: str = "mahalle_code",
) -> pd.DataFrame:
    """The rows of one year per indicator.

    ``year=None``: :func:`reference_years`. An int: as of that year, each indicator's latest
    vintage not after it (an indicator with none is left out). A mapping: indicator -> year
    (indicators not named are left out).
    """
    if table.empty:
        return table
    if year is None:
        chosen = reference_years(table, unit)
    elif isinstance(year, Mapping):
        chosen = {str(k): int(v) for k, v in year.items()}
    else:
        present = table.loc[table["year"] <= int(year), ["indicator", "year"]]
        chosen = {str(k): int(v) for k, v in present.groupby("indicator", observed=True)["year"].max().items()}
    wanted = table["indicator"].astype(str).map(chosen)
    return table[table["year"].eq(wanted)]


def change_between(
    table: pd.DataFrame,
    indicator: str,
    year_from: int,
    year_to: int,
    *,
    sex: str = "T",
    unit: str = "mahalle_code",
) -> pd.DataFrame:
    """One row per unit present in either year: the value in each, the change and the relative
    change (NaN where either side is missing, withheld or zero). Index: ``unit``.

    ``table`` is a published table (``indicators.parquet`` or its district/province siblings):
    a withheld or missing cell has no value and its change is not computed, never taken as 0.
    """
    if year_from == year_to:
        raise ValueError(f"change_between: the two years are the same ({year_from}); choose two vintages")
    rows = table[(table["indicator"] == indicator) & (table["sex"] == sex)]

    def side(year: int) -> pd.DataFrame:
        part = rows[rows["year"] == year].set_index(unit)
        if part.index.has_duplicates:
            raise ValueError(f"change_between: {indicator} {year} has more than one row per {unit}")
        value = pd.to_numeric(part["value"], errors="coerce").where(~part["flag"].astype(str).isin(_HIDDEN))
        return pd.DataFrame({"value": value, "flag": part["flag"].astype(str), "synthetic": part["synthetic"]})

    a, b = side(year_from), side(year_to)
    units = a.index.union(b.index)
    a, b = a.reindex(units), b.reindex(units)
    out = pd.DataFrame(index=units.rename(unit))
    out["indicator"] = indicator
    out["sex"] = sex
    out["year_from"] = int(year_from)
    out["year_to"] = int(year_to)
    out["value_from"] = a["value"].astype(float)
    out["value_to"] = b["value"].astype(float)
    out["change"] = out["value_to"] - out["value_from"]
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = out["change"] / out["value_from"].where(out["value_from"] != 0)
    out["change_relative"] = relative.astype(float)
    out["flag_from"] = a["flag"].fillna("no_data")
    out["flag_to"] = b["flag"].fillna("no_data")
    out["synthetic"] = a["synthetic"].fillna(False).astype(bool) | b["synthetic"].fillna(False).astype(bool)
    return out[CHANGE_COLUMNS]
