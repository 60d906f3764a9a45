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
from typing import IO

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
) -> bytes:
    """Write ``frame`` as CSV and return the bytes (also written to ``target`` if given).

    ``excel_tr`` makes the file a Turkish Excel opens in columns: ``;`` separator,
    decimal comma, UTF-8 with BOM. Otherwise: ``,`` and ``.``, UTF-8 with BOM.
    """
    safe = neutralise_frame(frame)
    buf = io.StringIO()
    if excel_tr:
        safe.to_csv(buf, index=False, sep=";", decimal=",")
    else:
        safe.to_csv(buf, index=False)
    data = buf.getvalue().encode("utf-8-sig")
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    elif target is not None:
        target.write(buf.getvalue())
    return data


def write_xlsx(sheets: Mapping[str, pd.DataFrame], target: str | Path | None = None) -> bytes:
    """Write one sheet per frame (names cut to Excel's 31 characters); return the bytes."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise_frame(frame).to_excel(writer, sheet_name=str(name)[:31] or "data", index=False)
    data = buf.getvalue()
    if target is not None:
        Path(target).write_bytes(data)
    return data
