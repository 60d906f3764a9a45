"""The one way the project writes CSV and XLSX: formula-like text neutralised, "—" for
missing in Turkish Excel files, numbers left as numbers.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (also after leading spaces), so a mahalle name or a comment
such as ``=HYPERLINK(...)`` would become live. Text cells like that get a leading
apostrophe (OWASP's advice for CSV injection); numbers are never touched, so ``-0.3``
stays a number. Every CSV/XLSX the project produces goes through :func:`write_csv` or
:func:`write_xlsx` (or :func:`neutralise_frame` where a library writes the file).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import pandas as pd

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if not isinstance(value, str) or not value:
        return value
    stripped = value.lstrip(" \u00a0")
    if value.startswith(("\t", "\r", "\n")) or stripped.startswith(_TRIGGERS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` with every text cell (and text column name) neutralised."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[col] = series.map(neutralise).astype(object)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def write_csv(
    frame: pd.DataFrame,
    target: str | Path | IO[str] | None = None,
    *,
    excel_tr: bool = False,
    preamble: pd.DataFrame | None = None,
) -> bytes:
    """Write ``frame`` as CSV and return the bytes (also written to ``target`` if given).

    ``excel_tr`` makes the file a Turkish Excel opens in columns: ``;`` separator,
    decimal comma, UTF-8 with BOM. Otherwise: ``,`` and ``.``, UTF-8 with BOM.
    ``preamble``: a small table (e.g. the settings a list was made with) written first,
    with its header, then one empty line, then ``frame`` (a reader skips it with
    ``skiprows``; a spreadsheet shows both).
    """
    buf = io.StringIO()
    sep, decimal = (";", ",") if excel_tr else (",", ".")
    if preamble is not None:
        neutralise_frame(preamble).to_csv(buf, index=False, sep=sep, decimal=decimal)
        buf.write("\n")
    neutralise_frame(frame).to_csv(buf, index=False, sep=sep, decimal=decimal)
    data = buf.getvalue().encode("utf-8-sig")
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    elif target is not None:
        target.write(buf.getvalue())
    return data


LONG_TEXT = 50
"""Characters above which a text column is widened and wrapped in XLSX."""


def _readable(sheet: Any, frame: pd.DataFrame) -> None:
    """Widen columns to their text and wrap long text (a reason or a setting is read in
    full, not behind a double-click)."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wrap = Alignment(wrap_text=True, vertical="top")
    for i, col in enumerate(frame.columns, start=1):
        text = frame[col].astype(str) if len(frame) else pd.Series([], dtype=str)
        longest = max([len(str(col)), *text.str.len().head(2000).tolist()])
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 80)
        if longest > LONG_TEXT and not pd.api.types.is_numeric_dtype(frame[col].dtype):
            for cell in sheet[letter][1:]:
                cell.alignment = wrap


def write_xlsx(sheets: Mapping[str, pd.DataFrame], target: str | Path | None = None) -> bytes:
    """Write one sheet per frame (names cut to Excel's 31 characters), columns as wide as
    their text and long text wrapped; return the bytes."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet_name = str(name)[:31] or "data"
            neutralise_frame(frame).to_excel(writer, sheet_name=sheet_name, index=False)
            _readable(writer.sheets[sheet_name], frame)
    data = buf.getvalue()
    if target is not None:
        Path(target).write_bytes(data)
    return data
