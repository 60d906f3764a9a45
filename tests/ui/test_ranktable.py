"""Sentez's rank tables on a phone: name, rank and interval first, name pinned, short headers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from gendermap.ui import ranktable
from gendermap.ui.i18n import tr_en
from tests.ui.test_app import open_page


def _frame(lang: str) -> pd.DataFrame:
    raw = pd.DataFrame({"rank": [2.0, 1.0, None], "rank_median": [2.4, 1.0, None],
                        "rank_p05": [1.0, 1.0, None], "rank_p95": [3.0, 2.0, None]})
    frame = pd.DataFrame({
        tr_en("col.district", lang): ["B", "A", "C"], tr_en("s.score", lang): [60.5, 70.25, None],
        **ranktable.rank_columns(raw, lang), tr_en("col.code", lang): ["2", "1", "3"],
    })
    frame.attrs["digits"] = 1
    return frame


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_name_rank_and_interval_come_first_and_stay_numbers(lang: str) -> None:
    name = tr_en("col.district", lang)
    out = ranktable.ordered(_frame(lang), name, lang)
    assert list(out.columns[:5]) == [name, *(tr_en(k, lang) for k in ("s.rank", "s.rank_low", "s.rank_high", "s.score"))]
    assert set(out.columns) == set(_frame(lang).columns)
    assert out.attrs["digits"] == 1
    for key in ("s.rank", "s.rank_low", "s.rank_high", "s.width", "s.rank_mc"):
        assert pd.api.types.is_integer_dtype(out[tr_en(key, lang)]), key
    assert out[tr_en("s.rank", lang)].isna().sum() == 1  # shown as "—", not 0


def test_only_the_name_is_pinned_and_headers_are_short_with_the_long_one_as_help() -> None:
    frame = ranktable.ordered(_frame("tr"), "İlçe", "tr")
    config = ranktable.column_config(frame, "İlçe", "tr")
    assert [c for c, v in config.items() if v.get("pinned")] == ["İlçe"]
    labels = {c: v.get("label") for c, v in config.items()}
    assert labels["Sıra (seçili ağırlıklar)"] == "Sıra"
    assert labels["Sıra aralığı: alt (%5)"] == "Alt %5" and labels["Sıra aralığı: üst (%95)"] == "Üst %95"
    assert config["Sıra aralığı: alt (%5)"]["help"] == "Sıra aralığı: alt (%5)"
    assert "help" not in config["Endeks"] or config["Endeks"]["help"] is None  # same text twice says nothing
    assert all("format" not in v for v in config.values())  # numbers are written by `styled`


def test_english_headers_write_percentages_the_english_way() -> None:
    assert ranktable.short_label("s.rank_low", "en") == "Low 5%"
    assert ranktable.short_label("s.rank_high", "en") == "High 95%"
    assert ranktable.short_label("s.rank_high", "tr") == "Üst %95"


@pytest.mark.slow
def test_sentez_tables_open_with_name_and_rank_side_by_side(app_env: Path) -> None:
    at = open_page("sentez", {"province": "35"})
    mahalle, district = at.dataframe[0], at.dataframe[1]
    assert list(mahalle.value.columns[:4]) == ["Mahalle", "Sıra (seçili ağırlıklar)", "Sıra aralığı: alt (%5)",
                                               "Sıra aralığı: üst (%95)"]
    assert list(district.value.columns[:2]) == ["İlçe", "Sıra (seçili ağırlıklar)"]
    for element, name in ((mahalle, "Mahalle"), (district, "İlçe")):
        config = json.loads(element.proto.columns)
        assert config[name]["pinned"] is True
        assert config["Sıra (seçili ağırlıklar)"]["label"] == "Sıra"
