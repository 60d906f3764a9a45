"""Every CSV/XLSX the project writes defuses formula-like text and keeps numbers."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from gendermap.tabular import neutralise, write_csv, write_xlsx


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "  =HYPERLINK(1)", " @x"])
def test_formula_like_text_is_defused(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Yalı", "", 12, -0.3, None, "a=b"])
def test_other_cells_untouched(value):
    assert neutralise(value) == value


def test_csv_turkish_excel_and_numbers_stay_numbers():
    frame = pd.DataFrame({"ad": ["=evil()", "Çamlık"], "değer": [-0.3, 12.5]})
    text = write_csv(frame, excel_tr=True).decode("utf-8-sig")
    assert text.splitlines() == ["ad;değer", "'=evil();-0,3", "Çamlık;12,5"]


def test_xlsx_cells_are_not_formulas():
    frame = pd.DataFrame({"ad": [" =1+2"], "n": [-4]})
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx({"veri": frame})))
    sheet = book["veri"]
    assert sheet["A2"].value == "' =1+2" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -4
