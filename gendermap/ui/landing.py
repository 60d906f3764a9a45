"""The landing view: what the platform is for, and the area's three largest gaps in words.

Why: a first visitor (an association's staff, a planner) needs to know in two sentences
what they are looking at, and a finding to start from, before any filter. The gaps are
read from the build's own area tables (``district_indicators.parquet``,
``province_indicators.parquet``: pooled counts, disclosure-controlled) -- the same values
the district reports print; nothing is recomputed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from gendermap import numbers
from gendermap.catalogue import Catalogue


@dataclass(frozen=True)
class Gap:
    area: str
    indicator: str
    label: str
    women: float
    men: float
    gap_points: float
    against_women: bool
    synthetic: bool


def largest_gaps(
    area_values: pd.DataFrame,
    key: str,
    names: Mapping[int, str],
    areas: Sequence[int],
    catalogue: Catalogue,
    lang: str,
    n: int = 3,
) -> list[Gap]:
    """The ``n`` largest women − men gaps (percentage points) of percent indicators in ``areas``.

    ``area_values`` is a build area table (``key`` = ``district_code`` or ``province_code``);
    only published (``ok`` or ``unreliable``) women's and men's values of the latest year
    count. Ties keep catalogue order.
    """
    percent = [i for i in catalogue.indicators if i.unit == "percent" and i.by_sex]
    order = {i.id: k for k, i in enumerate(percent)}
    rows = area_values[area_values[key].isin(list(areas)) & area_values["indicator"].isin(list(order))]
    rows = rows[rows["flag"].astype(str).isin(["ok", "unreliable"]) & rows["sex"].isin(["F", "M"])]
    if rows.empty:
        return []
    rows = rows[rows["year"] == rows.groupby("indicator")["year"].transform("max")]
    wide = rows.pivot_table(index=[key, "indicator"], columns="sex", values="value", aggfunc="first")
    synth = rows.groupby([key, "indicator"])["synthetic"].any()
    if not {"F", "M"} <= set(wide.columns):
        return []
    wide = wide.dropna(subset=["F", "M"])
    gaps: list[Gap] = []
    flagged = {(int(a), str(i)): bool(v) for a, i, v in zip(synth.index.get_level_values(0),
                                                          synth.index.get_level_values(1), synth, strict=True)}
    for area, ind_id, women, men in zip(wide.index.get_level_values(0), wide.index.get_level_values(1),
                                        wide["F"], wide["M"], strict=True):
        ind = catalogue.get(str(ind_id))
        diff = (float(women) - float(men)) * 100
        worse = diff < 0 if ind.direction == "higher_is_better" else diff > 0
        gaps.append(Gap(names.get(int(area), str(area)), ind.id, ind.label.get(lang), float(women), float(men),
                        diff, bool(worse), flagged.get((int(area), str(ind_id)), False)))
    gaps.sort(key=lambda g: (-abs(g.gap_points), order[g.indicator], g.area))
    return gaps[:n]


def sentence(gap: Gap, lang: str) -> str:
    """One gap in plain words, numbers through :mod:`gendermap.numbers`."""
    women = numbers.format_share(gap.women, lang)
    men = numbers.format_share(gap.men, lang)
    points = numbers.format_number(abs(gap.gap_points), lang)
    if lang == "en":
        side = "to women's disadvantage" if gap.against_women else "to men's disadvantage"
        return f"{gap.area} — {gap.label}: women {women}, men {men}; a gap of {points} points, {side}."
    side = "kadınların aleyhine" if gap.against_women else "erkeklerin aleyhine"
    return f"{gap.area} — {gap.label}: kadınlarda {women}, erkeklerde {men}; {points} puanlık fark, {side}."


INTRO = {
    "tr": (
        "Bu platform İzmir ve Balıkesir'de kadınlarla erkekler arasındaki farkları mahalle mahalle gösterir. "
        "Dernekler, belediyeler ve araştırmacılar nerede çalışmaya başlayacaklarını buradan görür: "
        "bir mahalleye tıklayın ya da adını arama kutusuna yazın."
    ),
    "en": (
        "This platform shows the gaps between women and men in İzmir and Balıkesir, neighbourhood by neighbourhood. "
        "Associations, municipalities and researchers see here where to start: "
        "click a mahalle or type its name in the search box."
    ),
}


def area_rows(
    provinces: Sequence[int], districts: Sequence[int]
) -> tuple[str, Sequence[int]]:
    """Which build table and units describe the filter: the districts chosen, else the provinces."""
    if districts:
        return "district", list(districts)
    return "province", list(provinces)
