"""The map's year selector and its change view between two vintages.

Small on purpose: the selector appears only when an indicator has more than one vintage
(with one, a caption names the year shown), and the change view is an expander under the
map. The numbers come from :mod:`gendermap.vintages` (one function per figure); this
module only picks the years and shows the table.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from gendermap import numbers
from gendermap.classify import number_format
from gendermap.ui import data, state
from gendermap.ui.i18n import t
from gendermap.vintages import change_between, reference_years, vintages

DEMO_LABEL = "ÖRNEK VERİ / DEMO DATA"


def years_of(indicators: pd.DataFrame, indicator: str) -> tuple[list[int], int | None, dict[int, int]]:
    """Years of ``indicator`` (ascending), its reference year and the mahalle each covers."""
    rows = indicators[indicators["indicator"] == indicator]
    seen = vintages(rows)
    return [int(y) for y in seen["year"]], reference_years(rows).get(indicator), dict(
        zip(seen["year"].astype(int), seen["units"].astype(int), strict=True)
    )


@st.cache_data(show_spinner=False, max_entries=256)
def cached_years(version: str, indicator: str) -> tuple[list[int], int | None, dict[int, int]]:
    """:func:`years_of` on the app's build, once per data version (~0.1 s a call otherwise)."""
    build = data.load()
    assert build is not None and build.version == version
    return years_of(build.indicators, indicator)


def shown_year(build: data.Build, indicator: str, wanted: int | None) -> int | None:
    """The year the map shows: the only one, the one asked for if it has values, else the reference."""
    years, reference, _ = cached_years(build.version, indicator)
    if len(years) <= 1:
        return years[0] if years else None
    return wanted if wanted in years else reference


def year_control(build: data.Build, indicator: str) -> int | None:
    """Sidebar year selector of the map (only when there is a choice); the chosen year."""
    years, _, covered = cached_years(build.version, indicator)
    if not years:
        return None
    lang = state.current().lang
    if len(years) == 1:
        st.sidebar.caption(t("year.only", year=years[0]))
        return years[0]
    wanted = state.current().year
    current = shown_year(build, indicator, wanted)
    key = state.seed("year", current)
    if st.session_state[key] not in years:
        st.session_state[key] = current
    chosen = st.sidebar.selectbox(
        t("year.label"), years, key=key, on_change=state.touch, args=(key,),
        format_func=lambda y: t("year.option", year=y, n=numbers.format_int(covered.get(y, 0), lang)),
    )
    if chosen != wanted:
        state.update(year=int(chosen))
    return int(chosen)


def change_rows(
    places: pd.DataFrame, indicators: pd.DataFrame, indicator: str, sex: str, year_from: int, year_to: int
) -> pd.DataFrame:
    """Mahalle by mahalle: names, both values, the change and the relative change (pure)."""
    change = change_between(indicators, indicator, year_from, year_to, sex=sex)
    names = places.dropna(subset=["mahalle_code"]).drop_duplicates("mahalle_code").set_index("mahalle_code")
    out = change.join(names[["mahalle", "district", "province"]], how="left")
    return out.reset_index()


def change_styler(rows: pd.DataFrame, unit: str, lang: str) -> Any:
    """The change table written in the app's language (not the browser's), through
    :mod:`gendermap.numbers`: values in their unit (``%12,5`` / ``12.5%``), the change of a
    percentage in points, the relative change as a percentage, "—" where missing. The cells
    stay numbers, so the columns sort by value."""
    value = number_format(unit, lang)
    change = replace(number_format(unit, lang, gap=True), scale=100.0) if unit == "percent" else value
    formats: dict[str, Any] = {"value_from": value.format, "value_to": value.format, "change": change.format,
                               "change_relative": lambda x: numbers.format_share(x, lang)}
    return rows.style.format(formats, na_rep=numbers.MISSING)


def change_view(build: data.Build, indicator: str, sex: str) -> None:
    """Expander under the map: an indicator's values in two vintages and their difference."""
    years, reference, _ = cached_years(build.version, indicator)
    if len(years) < 2:
        return
    ind = build.catalogue.get(indicator)
    if not ind.by_sex:
        sex = "T"
    elif sex not in ("F", "M", "T"):
        sex = "F"  # the gap's change is not a vintage of its own: show women's values
    with st.expander(t("change.title")):
        a, b = st.columns(2)
        start = a.selectbox(t("change.from"), years, index=years.index(reference or years[0]), key="gm_change_from")
        later = [y for y in years if y != start]
        end = b.selectbox(t("change.to"), later, index=len(later) - 1, key="gm_change_to")
        rows = change_rows(build.mahalle, build.indicators, indicator, sex, int(start), int(end))
        if rows["synthetic"].any():
            st.caption(DEMO_LABEL)
        shown = rows[["mahalle", "district", "province", "value_from", "value_to", "change", "change_relative"]]
        st.dataframe(
            change_styler(shown, ind.unit, state.current().lang), hide_index=True, width="stretch",
            column_config={
                "mahalle": t("change.mahalle"), "district": t("change.district"), "province": t("change.province"),
                "value_from": st.column_config.NumberColumn(str(start)),
                "value_to": st.column_config.NumberColumn(str(end)),
                "change": st.column_config.NumberColumn(t("change.change")),
                "change_relative": st.column_config.NumberColumn(t("change.relative")),
            },
        )
        st.caption(t("change.note"))
