"""The preview of an import: real values in, demo values out, "no data" where neither."""

from __future__ import annotations

import pandas as pd

from gendermap.changes import CHANGE_COLUMNS, import_changes

CODES = ["1", "2", "3", "4"]


def _published(indicator: str, year: int, synthetic: bool, codes=CODES) -> pd.DataFrame:
    return pd.DataFrame({"mahalle_code": codes, "indicator": indicator, "year": year, "synthetic": synthetic})


def _rows(indicator: str, year: int, codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{"mahalle_code": c, "indicator": indicator, "year": year, "sex": s}
                         for c in codes for s in ("F", "M")])


EMPTY = pd.DataFrame(columns=["mahalle_code", "indicator", "year", "sex"])


def test_first_real_values_end_the_demo_values_of_the_indicator_year():
    published = pd.concat([_published("pop", 2023, True), _published("edu", 2023, True)])
    out = import_changes(published, EMPTY, _rows("pop", 2023, ["1", "2"]), CODES)
    assert list(out.columns) == CHANGE_COLUMNS
    row = out.iloc[0].to_dict()
    assert (row["indicator"], row["year"]) == ("pop", 2023)
    assert (row["demo_before"], row["real_before"], row["real_after"]) == (4, 0, 2)
    assert (row["becomes_real"], row["from_demo"], row["updated"]) == (2, 2, 0)
    assert (row["demo_after"], row["loses_demo"], row["no_data_after"]) == (0, 2, 2)
    assert len(out) == 1  # "edu" is not touched


def test_later_import_updates_and_adds_without_demo():
    published = _published("pop", 2023, False)
    stored = _rows("pop", 2023, ["1", "2"])
    out = import_changes(published, stored, _rows("pop", 2023, ["2", "3"]), CODES).iloc[0]
    assert (out["real_before"], out["demo_before"]) == (2, 0)
    assert (out["becomes_real"], out["updated"], out["from_demo"], out["loses_demo"]) == (1, 1, 0, 0)
    assert (out["real_after"], out["no_data_after"]) == (3, 1)


def test_a_new_year_keeps_other_years_demo_values_and_counts_per_year():
    published = _published("pop", 2023, True)
    out = import_changes(published, EMPTY, pd.concat([_rows("pop", 2022, ["1"]), _rows("pop", 2023, CODES)]), CODES)
    by_year = out.set_index("year")
    assert by_year.loc[2022, "demo_before"] == 0 and by_year.loc[2022, "no_data_after"] == 3
    assert by_year.loc[2023, "from_demo"] == 4 and by_year.loc[2023, "loses_demo"] == 0


def test_nothing_new_nothing_to_say():
    assert import_changes(_published("pop", 2023, True), EMPTY, EMPTY, CODES).empty
