"""Checks on entered values, shared by the entry form and the file importer.

Pure: takes plain values and an indicator definition, returns a list of
(column, Turkish message). An empty list means the entry can be saved. Numbers may be
typed the Turkish way ("12,5", "1.234,5"); anything else that is not a finite number
(for example ``1; DROP TABLE``, or "1,234.5" which a Turkish reader would take for
1,2345) is reported, never guessed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from gendermap import numbers
from gendermap.monitor.periods import check_period

VALUE_COLUMNS = ("value_women", "value_men", "value_total")
COLUMN_LABELS = {"value_women": "kadın", "value_men": "erkek", "value_total": "toplam"}


def read_number(raw: Any) -> tuple[float | None, str | None, str | None]:
    """(value, Turkish problem, English problem). Empty -> (None, None, None).

    Read the Turkish way, strictly (:func:`gendermap.numbers.parse_number`): "12,5",
    "1.234,5" and a plain "12.5" are numbers; "1,234.5" is refused with a suggestion
    instead of silently becoming 1.2345.
    """
    if isinstance(raw, str) and raw.strip().lower() in {"nan", "none"}:
        return None, None, None  # how an empty cell comes back from a spreadsheet reader
    try:
        value = numbers.parse_number(raw, "tr")
    except numbers.NumberParseError as exc:
        return None, str(exc), (f"'{raw}' could not be read as a number (numbers are read the Turkish way: "
                                "decimal comma, dot for thousands, e.g. 1.234,5)")
    if value is not None and not math.isfinite(value):
        return None, f"'{raw}' sonlu bir sayı değil", f"'{raw}' is not a finite number"
    return value, None, None


def parse_number(raw: Any) -> tuple[float | None, str | None]:
    """(value, Turkish problem) of :func:`read_number`."""
    value, problem, _ = read_number(raw)
    return value, problem


def _n(value: float) -> str:
    """A number inside a Turkish message, written the Turkish way."""
    return numbers.format_number(value, "tr", 0 if value == int(value) else 2)


def check_values(
    indicator: Mapping[str, Any],
    values: Mapping[str, float | None],
) -> list[tuple[str, str]]:
    """Problems with the women/men/total values of one entry for ``indicator``."""
    problems: list[tuple[str, str]] = []
    unit = indicator["unit"]
    for column in VALUE_COLUMNS:
        value = values.get(column)
        if value is None:
            continue
        if value < 0:
            problems.append((column, f"{COLUMN_LABELS[column]} değeri negatif olamaz ({_n(value)})"))
        if unit == "percent" and value > 100:
            problems.append((column, f"yüzde 100'den büyük olamaz ({_n(value)})"))
        if unit == "count" and value != int(value):
            problems.append((column, f"sayım tam sayı olmalı ({_n(value)})"))
    women, men, total = (values.get(c) for c in VALUE_COLUMNS)
    if indicator["by_sex"]:
        if women is None:
            problems.append(("value_women", "bu gösterge cinsiyete göre: kadın değeri gerekli"))
        if men is None:
            problems.append(("value_men", "bu gösterge cinsiyete göre: erkek değeri gerekli"))
        if unit == "count" and None not in (women, men, total):
            assert women is not None and men is not None and total is not None
            if women + men > total:
                problems.append(
                    ("value_total", f"kadın + erkek ({_n(women + men)}) toplamdan ({_n(total)}) büyük")
                )
    elif total is None:
        problems.append(("value_total", "toplam değer gerekli"))
    return problems


def complete_values(indicator: Mapping[str, Any], values: Mapping[str, float | None]) -> dict:
    """Values to store: a missing total of a by-sex count is women + men."""
    out = {c: values.get(c) for c in VALUE_COLUMNS}
    if (
        indicator["by_sex"]
        and indicator["unit"] == "count"
        and out["value_total"] is None
        and out["value_women"] is not None
        and out["value_men"] is not None
    ):
        out["value_total"] = out["value_women"] + out["value_men"]
    return out


def check_text(column: str, text: str, limit: int = 2000) -> list[tuple[str, str]]:
    """Free text is stored as typed (escaped when shown); only its length is limited."""
    if len(text) > limit:
        return [(column, f"metin çok uzun ({len(text)} karakter; en çok {limit})")]
    return []


def check_entry_period(period: str, frequency: str) -> list[tuple[str, str]]:
    problem = check_period(period, frequency)
    return [("period", problem)] if problem else []


def headline_unit(indicator: Mapping[str, Any]) -> str:
    """Unit of the headline value: a by-sex count is shown as the women's share (%)."""
    if indicator["by_sex"] and indicator["unit"] == "count":
        return "percent"
    return str(indicator["unit"])
