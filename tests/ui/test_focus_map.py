"""Odak's map: every district of the area coloured by its priority score, the shortlist outlined."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gendermap.maps import HIDDEN, NO_DATA
from gendermap.ui import focus_map

# Six districts of province 1 with two mahalle each, and district 70 of province 2 (outside
# the ranked area). District 60 is in the area but has no score (its criteria are missing).
CODES = [10, 20, 30, 40, 50, 60]
SCORES = [80.0, 60.0, 50.0, 40.0, 20.0, np.nan]


def _places() -> tuple[gpd.GeoDataFrame, pd.DataFrame, pd.DataFrame]:
    rows = [(d, 1 if d != 70 else 2) for d in [*CODES, 70] for _ in range(2)]
    places = gpd.GeoDataFrame({"district_code": [d for d, _ in rows], "province_code": [p for _, p in rows]},
                              geometry=[shapely.box(i, 0, i + 1, 1) for i in range(len(rows))])
    districts = pd.DataFrame({"district_code": [*CODES, 70], "province_code": [1] * 6 + [2]})
    table = pd.DataFrame({"district_code": CODES, "score": SCORES, "rank": [1, 2, 3, 4, 5, np.nan]})
    return places, districts, table


def _map(lang: str = "tr", top: int = 2) -> tuple[focus_map.FocusMap, gpd.GeoDataFrame]:
    places, districts, table = _places()
    mask = (places["province_code"] == 1).to_numpy()
    shown = focus_map.rank_map(places, districts, table, top, mask, (districts["province_code"] == 1).to_numpy(), lang)
    return shown, places


def test_every_district_of_the_area_is_coloured_by_its_score() -> None:
    shown, places = _map()
    classes = np.asarray(shown.result.paint.classes)
    by_district = {d: set(classes[(places["district_code"] == d).to_numpy()]) for d in [*CODES, 70]}
    assert all(len(c) == 1 for c in by_district.values())  # a district's mahalle share its colour
    first = {d: next(iter(c)) for d, c in by_district.items()}
    assert first[70] == HIDDEN and first[60] == NO_DATA  # outside the area / no score
    ranked = [first[d] for d in CODES[:5]]
    assert all(c >= 0 for c in ranked) and len(set(ranked)) >= 3  # not only the shortlist
    assert ranked == sorted(ranked, reverse=True)  # higher priority score, darker class
    assert shown.result.paint.n_value == len(shown.result.paint.colours)


def test_only_the_shortlist_is_outlined_and_counted() -> None:
    shown, _ = _map(top=2)
    assert list(shown.result.paint.districts_visible) == [True, True, False, False, False, False, False]
    assert shown.shortlisted == 2 and shown.mahalle == 4


def test_legend_counts_districts_and_lists_only_what_the_map_shows() -> None:
    shown, _ = _map()
    legend = shown.result.legend
    assert sum(r["count"] for r in legend if r["kind"] == "value") == 5  # five scored districts, not ten mahalle
    assert all(r["count"] > 0 for r in legend)
    assert any(r["kind"] == "special" and r["count"] == 1 for r in legend)  # district 60: no data
    assert shown.result.title.startswith("Öncelik puanı")
    values = [r["label"] for r in legend if r["kind"] == "value"]
    assert any("," in v for v in values) and not any("." in v for v in values)  # Turkish decimals


def test_tooltips_say_rank_score_and_shortlist() -> None:
    shown, places = _map(top=2)
    tips = dict(zip(places["district_code"], shown.result.paint.tips, strict=True))
    assert tips[10] == "İlçe 1. sırada (5 ilçe arasında) · öncelik puanı 80,0 · kısa listede"
    assert tips[30] == "İlçe 3. sırada (5 ilçe arasında) · öncelik puanı 50,0"
    assert "sıralanamadı" in tips[60]
    english, places = _map("en", top=2)
    assert dict(zip(places["district_code"], english.result.paint.tips, strict=True))[20] == (
        "District ranked 2 of 5 · priority score 60.0 · on the shortlist")


def test_outline_key_counts_the_shortlist() -> None:
    key = focus_map.outline_key(5, "tr")
    assert "Kısa listedeki ilçe (kalın çerçeve)" in key and "(5)" in key
    assert focus_map.OUTLINE_COLOUR in key
