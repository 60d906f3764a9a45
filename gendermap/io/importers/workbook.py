"""Workbooks (``.xls``, ``.xlsx``): a MEDAS export or the tidy template, on whichever
sheet it is.

A MEDAS download is found on any sheet by its labels; the template on the sheet named
"veri"/"data", else on every sheet whose first row names the template's columns. So a
workbook with a cover sheet before the data reads the data sheet, and the other sheets
are named as not read instead of being reported as thousands of rejected rows.
"""

from __future__ import annotations

import pandas as pd

from gendermap.io.importers.limits import InputRefused
from gendermap.io.importers.medas_rows import medas_table_rows
from gendermap.io.importers.result import ImportResult, Report, combine, empty_rows, failed, show
from gendermap.io.importers.rules import Options, blank, looks_tidy, tidy_rows
from gendermap.io.importers.sheets import OLE_MAGIC, Sheet, read_sheets
from gendermap.io.medas import looks_like_medas, parse_grid
from gendermap.names import ascii_fold, fold
from gendermap.problems import concat_problems

__all__ = ["read_workbook"]

_DATA_SHEETS = {"veri", "data"}
_HELP_SHEETS = {"gostergeler", "aciklama"}
"""The template's own helper sheets: never data, never worth a note."""


def _sheet_key(sheet: Sheet) -> str:
    return ascii_fold(fold(sheet.name)).strip()


def _first_row(sheet: Sheet) -> list[object]:
    return next((row for row in sheet.rows if any(not blank(c) for c in row)), [])


def _tidy_sheet(sheet: Sheet, label: str, options: Options, report: Report) -> tuple[pd.DataFrame, int]:
    header_at = next((i for i, row in enumerate(sheet.rows) if any(not blank(c) for c in row)), None)
    if header_at is None:
        report.error(0, "", "Dosya boş.", "The file is empty.", "empty_file")
        return empty_rows(), 0
    header = ["" if blank(h) else str(h).strip() for h in sheet.rows[header_at]]
    records = [(i + 1, [None if blank(v) else v for v in row]) for i, row in enumerate(sheet.rows)
               if i > header_at and any(not blank(v) for v in row)]
    return tidy_rows(header, records, options, report, decimal_comma=True), len(records)


def read_workbook(data: bytes, name: str, options: Options) -> ImportResult:
    """Check an XLS/XLSX upload; never raises on content."""
    report = Report(name)
    binary = data.startswith(OLE_MAGIC)
    try:
        sheets = read_sheets(data)
    except InputRefused as exc:
        report.error(0, "", exc.tr, exc.en, exc.code)
        return failed(name, "xls" if binary else "tidy-xlsx", report)
    filled = [s for s in sheets if not s.empty]
    if not filled:
        report.error(0, "", "Dosya boş.", "The file is empty.", "empty_file")
        return failed(name, "empty", report)
    medas = [s for s in filled if looks_like_medas(s.rows)]
    if medas:
        chosen, kind = medas, "medas"
    else:
        named = [s for s in filled if _sheet_key(s) in _DATA_SHEETS]
        tidy = [s for s in filled if looks_tidy(_first_row(s))]
        chosen, kind = (named or tidy or filled[:1]), ("tidy-xls" if binary else "tidy-xlsx")
    for sheet in filled:
        if sheet not in chosen and _sheet_key(sheet) not in _HELP_SHEETS:
            report.warning(0, "", f"{show(sheet.name)} sayfasında okunacak veri bulunamadı; bu sayfa alınmadı",
                           f"no data to read on sheet {show(sheet.name)}; that sheet was not taken", "sheet_skipped")
    results: list[ImportResult] = []
    for sheet in chosen:
        label = name if len(chosen) == 1 else f"{name}!{sheet.name}"
        sheet_report = report if len(chosen) == 1 else Report(label)
        if kind == "medas":
            table = parse_grid(sheet.rows, file=label, encoding="", padded=True)
            rows, n, medas_problems = medas_table_rows(table, options, sheet_report)
            problems = concat_problems([medas_problems, sheet_report.frame()])
        else:
            rows, n = _tidy_sheet(sheet, label, options, sheet_report)
            problems = sheet_report.frame()
        results.append(ImportResult(label, kind, rows, problems, n, new_mahalle=sheet_report.new_mahalle_frame(),
                                    merged=sheet_report.merged))
    if len(results) == 1:
        return results[0]
    return combine(name, kind, report, results, sum(r.input_rows for r in results))
