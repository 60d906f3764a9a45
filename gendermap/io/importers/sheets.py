"""Workbooks (binary ``.xls`` via xlrd, ``.xlsx`` via openpyxl) as plain grids of cells.

Both are read the same bounded way: an XLSX's parts are decompressed and counted
before openpyxl sees them (:func:`.limits.true_size`), sheets are streamed row by row
with a row and a cell limit, and trailing empty cells are dropped, so a sheet whose
stored size claims 16,384 columns costs nothing. A broken workbook is a clear message,
never a raw exception.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from gendermap.io.importers.limits import (
    MAX_CELLS,
    MAX_ROWS,
    MAX_UNZIPPED,
    InputRefused,
    broken_zip,
    too_many_cells,
    too_many_rows,
    true_size,
)

__all__ = ["OLE_MAGIC", "Sheet", "read_sheets"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of a binary (BIFF, OLE2) .xls workbook."""


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name and rows (row ``i`` of the list is sheet row ``i + 1``)."""

    name: str
    rows: list[list[object]]

    @property
    def empty(self) -> bool:
        return not any(any(c is not None and str(c).strip() != "" for c in row) for row in self.rows)


def _trim(row: list[object]) -> list[object]:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end]


def _read_xlsx(data: bytes, max_rows: int, max_cells: int, max_unzipped: int) -> list[Sheet]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise broken_zip("xlsx") from exc
    with archive:
        try:
            true_size(archive, max_unzipped)
        except InputRefused as exc:
            if exc.code == "zip":
                raise broken_zip("xlsx") from exc
            raise
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on broken files
        raise broken_zip("xlsx") from exc
    sheets: list[Sheet] = []
    cells = 0
    try:
        for worksheet in book.worksheets:
            rows: list[list[object]] = []
            for values in worksheet.iter_rows(values_only=True):
                row = _trim([v.strip() if isinstance(v, str) else v for v in values])
                rows.append(row)
                cells += len(row)
                if len(rows) > max_rows:
                    raise too_many_rows(max_rows)
                if cells > max_cells:
                    raise too_many_cells(max_cells)
            while rows and not rows[-1]:
                rows.pop()
            sheets.append(Sheet(str(worksheet.title), rows))
    except InputRefused:
        raise
    except Exception as exc:  # a part that parses badly halfway through
        raise broken_zip("xlsx") from exc
    finally:
        book.close()
    return sheets


def _read_xls(data: bytes, max_rows: int, max_cells: int) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct errors ...
        raise InputRefused("xls", "XLS dosyası okunamadı (bozuk ya da parola korumalı); Excel'de açıp yeniden kaydedin",
                           "the XLS file could not be read (broken or password-protected); open it in Excel and save it again") from exc
    sheets: list[Sheet] = []
    cells = 0
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows > max_rows:
                raise too_many_rows(max_rows)
            cells += sheet.nrows * sheet.ncols
            if cells > max_cells:
                raise too_many_cells(max_cells)
            rows = [_trim(list(sheet.row_values(r))) for r in range(sheet.nrows)]
            sheets.append(Sheet(sheet.name, rows))
            book.unload_sheet(index)
    except InputRefused:
        raise
    except Exception as exc:
        raise InputRefused("xls", "XLS dosyası okunamadı (bozuk); Excel'de açıp yeniden kaydedin",
                           "the XLS file could not be read (broken); open it in Excel and save it again") from exc
    finally:
        book.release_resources()
    return sheets


def read_sheets(data: bytes, *, max_rows: int = MAX_ROWS, max_cells: int = MAX_CELLS,
                max_unzipped: int = MAX_UNZIPPED) -> list[Sheet]:
    """Every sheet of a workbook, by content (OLE2 = .xls, zip = .xlsx), bounded.

    Raises :class:`.limits.InputRefused` with the user's message.
    """
    if data.startswith(OLE_MAGIC):
        return _read_xls(data, max_rows, max_cells)
    if data.startswith(b"PK"):
        return _read_xlsx(data, max_rows, max_cells, max_unzipped)
    raise InputRefused("xlsx", "dosya bir Excel çalışma kitabı değil (XLS ya da XLSX bekleniyordu)",
                       "the file is not an Excel workbook (XLS or XLSX expected)")
