"""Numbers in cells: counts and values as people write them in spreadsheets and CSVs.

Parsing goes through :func:`gendermap.numbers.parse_number` (Babel), so the importer, the
monitoring entry and the screens read ``1.234,5`` the same way. A bad cell raises
:class:`CellError` with the Turkish and English message; nothing returns a sentinel.
"""

from __future__ import annotations

import math
import re

import numpy as np

from gendermap.io.importers.result import show
from gendermap.numbers import NumberParseError, parse_number

__all__ = ["CellError", "count_cell", "number_cell"]


class CellError(ValueError):
    """A cell that is not the number it must be; ``code``, ``tr`` and ``en`` say why."""

    def __init__(self, code: str, tr: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.tr = tr
        self.en = en


_NOISE = re.compile(r"[\s\u00a0\u202f']")
_EMPTY = frozenset({"", "-", "NA", "na", "..", "."})
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
_PLAIN_INT = re.compile(r"^-?\d{1,15}$")


def number_cell(cell: object, decimal_comma: bool) -> float | None:
    """A number from a cell; None when empty; :class:`CellError` when it is not a number.

    ``decimal_comma`` says how the file writes numbers (Turkish ``1.234,5`` or English
    ``1,234.5``); a lone ``24,5`` in an English-style file is still read as 24.5, the way
    Turkish Excel writes it into comma-separated files.
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    if isinstance(cell, bool):
        raise CellError("number", "sayı değil", "not a number")
    if isinstance(cell, (int, float, np.integer, np.floating)):
        value = float(cell)
        if not math.isfinite(value):
            raise CellError("number", "sayı değil", "not a number")
        return value
    text = str(cell)
    if _PLAIN_INT.match(text):  # the common case, without the locale machinery
        return float(text)
    text = _NOISE.sub("", text)
    if text in _EMPTY:
        return None
    lang = "tr" if decimal_comma or _DECIMAL_COMMA.match(text) else "en"
    try:
        return parse_number(text, lang)
    except NumberParseError as exc:
        raise CellError("number", "sayı değil", "not a number") from exc


def count_cell(cell: object, decimal_comma: bool, column: str) -> int | None:
    """A non-negative whole count; None when empty; :class:`CellError` when the cell is bad."""
    if isinstance(cell, str) and cell.isdigit() and cell.isascii() and len(cell) < 16:
        return int(cell)  # the common case
    label_tr = {"numerator": "pay", "denominator": "payda", "value": "değer"}.get(column, column)
    try:
        value = number_cell(cell, decimal_comma)
    except CellError as exc:
        raise CellError("number", f"{label_tr} sayı değil: {show(cell)}", f"{column} is not a number: {show(cell)}") from exc
    if value is None:
        return None
    if value < 0:
        raise CellError("negative", f"{label_tr} negatif olamaz: {show(cell)}", f"{column} cannot be negative: {show(cell)}")
    if value != int(value):
        raise CellError(
            "not_integer",
            f"{label_tr} tam sayı olmalı (kişi sayısı): {show(cell)}. Ondalık virgül mü kullanıldı?",
            f"{column} must be a whole number (a count of people): {show(cell)}. A decimal comma?",
        )
    return int(value)
