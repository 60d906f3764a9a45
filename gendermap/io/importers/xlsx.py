"""XLSX workbooks in the tidy template's columns (sheet "veri", else the first)."""

from __future__ import annotations

import io

import pandas as pd

from gendermap.io.importers.result import Report, empty_rows
from gendermap.io.importers.rules import Options, blank, tidy_rows
from gendermap.names import ascii_fold, fold

__all__ = ["read_xlsx"]


def read_xlsx(data: bytes, options: Options, report: Report) -> tuple[pd.DataFrame, int]:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types on broken files
        report.error(0, "", f"XLSX dosyası okunamadı: {type(exc).__name__}: {exc}",
                     f"the XLSX file could not be read: {type(exc).__name__}: {exc}", "xlsx")
        return empty_rows(), 0
    name = next(iter(sheets)) if sheets else None
    for candidate in sheets:  # the template's data sheet is "veri"; otherwise the first
        if ascii_fold(fold(str(candidate))) in ("veri", "data"):
            name = candidate
    if name is None or sheets[name].dropna(how="all").empty:
        report.error(0, "", "Dosya boş.", "The file is empty.", "empty_file")
        return empty_rows(), 0
    sheet = sheets[name]
    sheet = sheet.loc[sheet.notna().any(axis=1)]
    header = ["" if blank(h) else str(h).strip() for h in sheet.iloc[0].tolist()]
    records = [(int(index) + 1, [None if blank(v) else v for v in row])
               for index, row in zip(sheet.index[1:], sheet.iloc[1:].itertuples(index=False), strict=True)]
    records = [(r, [v.strip() if isinstance(v, str) else v for v in vals]) for r, vals in records]
    return tidy_rows(header, records, options, report, decimal_comma=True), len(records)

