"""The mahalle panel and the year-change table: numbers stay numbers, written in the app's
language; the panel follows the map's year; a mahalle's name is shown literally."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import box

from gendermap.config import ROOT
from gendermap.io.catalogue_file import load_catalogue
from gendermap.ui import profile, views


def _places() -> pd.DataFrame:
    return pd.DataFrame({
        "mahalle_code": ["1", "2"], "mahalle": ["A", "B"], "district": ["D", "D"], "district_code": [10, 10],
        "province": ["P", "P"], "province_code": [35, 35], "geometry": [box(0, 0, 1, 1), box(1, 0, 2, 1)],
    })


def _indicators() -> pd.DataFrame:
    rows = []
    for code, (num, den) in (("1", (25, 200)), ("2", (75, 200))):
        for sex in ("F", "M"):
            rows.append({"mahalle_code": code, "indicator": "illiteracy_15", "year": 2023, "sex": sex,
                         "numerator": num, "denominator": den, "value": num / den, "flag": "ok", "synthetic": True})
            rows.append({"mahalle_code": code, "indicator": "population", "year": 2023, "sex": sex,
                         "numerator": 1000, "denominator": None, "value": 1000.0, "flag": "ok", "synthetic": True})
    later = [dict(r, year=2025, numerator=1100, value=1100.0) for r in rows  # one mahalle imported for 2025
             if r["indicator"] == "population" and r["mahalle_code"] == "1"]
    return pd.DataFrame(rows + later)


def test_profile_keeps_numbers_and_follows_the_maps_year() -> None:
    catalogue = load_catalogue(ROOT / "data" / "indicators" / "catalogue.yaml")
    frame = profile.profile(_places(), _indicators(), catalogue, 0, "tr", year=2025)
    assert pd.api.types.is_float_dtype(frame["Değer"]) and pd.api.types.is_float_dtype(frame["İl"])
    population = frame[frame["Gösterge"].str.startswith("Nüfus")]
    assert set(population["Yıl"]) == {"2025"} and set(population["Değer"]) == {1100.0}
    assert population["İlçe"].isna().all()  # 2025 covers one of the district's two mahalle: no district value
    literacy = frame[frame["Yıl"] == "2023"]  # no 2025 vintage: its own year, said so
    assert literacy["Değer"].iloc[0] == pytest.approx(0.125) and literacy["İl"].iloc[0] == pytest.approx(0.25)
    default = profile.profile(_places(), _indicators(), catalogue, 0, "tr")
    assert set(default.loc[default["Gösterge"].str.startswith("Nüfus"), "Değer"]) == {1000.0}
    formats = {row: fmt for row, _, fmt in profile.profile_formats(frame, "tr")}
    first = literacy.index[0]
    assert formats[first].format(frame.loc[first, "Değer"]) == "%12,5"
    english = profile.profile(_places(), _indicators(), catalogue, 0, "en", year=2025)
    row, _, fmt = profile.profile_formats(english, "en")[first]
    assert fmt.format(english.loc[row, "Value"]) == "12.5%"
    assert fmt.format(float("nan")) == "—"


def test_markdown_text_shows_a_name_literally() -> None:
    out = views.markdown_text("<script>alert(1)</script> **x** [a](b)")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert r"\*\*x\*\*" in out and r"\[a\]\(b\)" in out


def test_change_table_follows_the_app_language() -> None:
    from gendermap.ui.years import change_styler

    rows = pd.DataFrame({"mahalle": ["A"], "district": ["D"], "province": ["P"], "value_from": [0.125],
                         "value_to": [0.15], "change": [0.025], "change_relative": [0.2]})
    tr = change_styler(rows, "percent", "tr").to_html()
    assert "%12,5" in tr and "%15,0" in tr and "2,5 puan" in tr and "%20,0" in tr
    en = change_styler(rows, "percent", "en").to_html()
    assert "12.5%" in en and "2.5 pp" in en
    counts = change_styler(rows.assign(value_from=[1234.0], value_to=[None]), "count", "tr").to_html()
    assert "1.234" in counts and "—" in counts
    assert pd.api.types.is_float_dtype(rows["change"])  # the cells stay numbers


@pytest.mark.slow
def test_panel_heading_is_escaped_and_values_numeric(app_env: Path) -> None:
    from tests.ui.fixture_build import EVIL
    from tests.ui.test_app import open_page

    places = pd.read_parquet(app_env / "indicators.parquet")["mahalle_code"]
    import geopandas as gpd

    layer = gpd.read_file(app_env / "gendermap.gpkg", layer="mahalle")
    code = str(layer.loc[layer["mahalle"] == EVIL, "mahalle_code"].iloc[0])
    assert code in set(places)
    at = open_page("harita", {"mahalle": code})
    heading = next(h.value for h in at.subheader if "&lt;img" in h.value)
    assert "<img" not in heading
    panel = next(d.value for d in at.dataframe if "Güvenilirlik" in d.value.columns and "Gösterge" in d.value.columns)
    assert pd.api.types.is_float_dtype(panel["Değer"])
