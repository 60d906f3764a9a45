"""TÜİK MEDAS exports as tidy rows of a count indicator (population by sex by default).

:mod:`gendermap.io.medas` parses the export; this module maps its value columns to sexes
and hands the rows to the common row rules.
"""

from __future__ import annotations

import re

import pandas as pd

from gendermap.io.importers.result import Report, empty_rows, show
from gendermap.io.importers.rules import Options, resolve_indicator, tidy_rows
from gendermap.io.medas import parse_medas
from gendermap.problems import from_medas

__all__ = ["is_medas", "read_medas_rows"]

_MEDAS_LINE = re.compile(r"\)\s*-\s*\d+\s*\|")
_YEAR_IN_TEXT = re.compile(r"\b(19[9]\d|20\d\d)\b")


def is_medas(text: str) -> bool:
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    return any(_MEDAS_LINE.search(line) for line in lines)


def read_medas_rows(text: str, encoding: str, options: Options, report: Report) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    table = parse_medas(text, file=report.file, encoding=encoding)
    medas_problems = from_medas(table.problems)
    data = table.data
    lines = len(data) + len(set(table.problems.loc[table.problems["row"] > 0, "row"]) - set(data["row"]))
    n = lines * max(len(table.value_columns), 1)  # one tidy row per mahalle and value column
    sexes = {"female": "F", "male": "M", "total": "T"}
    unknown = [c for c in table.value_columns if c not in sexes]
    if unknown:
        report.error(0, "", f"MEDAS sütunları tanınmadı ({', '.join(unknown)}): başlık satırında Erkek | Kadın | Toplam olmalı",
                     f"MEDAS value columns not recognised ({', '.join(unknown)}): the header line must name Erkek | Kadın | Toplam", "medas_columns")
        return empty_rows(), n, medas_problems
    indicator = options.indicator or "population"
    entry = resolve_indicator(indicator, options.catalogue)
    if entry is None:
        report.error(0, "", f"bilinmeyen gösterge {show(indicator)} (--indicator)", f"unknown indicator {show(indicator)} (--indicator)", "unknown_indicator")
        return empty_rows(), n, medas_problems
    if entry.unit != "count" or entry.level != "mahalle":
        report.error(0, "", f"MEDAS dışa aktarımı kişi sayısı verir; {entry.id} bir oran. Pay ve paydayı şablonla verin veya sayım göstergesi seçin (ör. population).",
                     f"a MEDAS export holds counts of people; {entry.id} is a rate. Give numerator and denominator with the template, or choose a count indicator (e.g. population).", "medas_rate")
        return empty_rows(), n, medas_problems
    year = options.year
    if year is None:
        found = _YEAR_IN_TEXT.findall("\n".join(line for line in text.splitlines()[:10] if not _MEDAS_LINE.search(line)))
        year = int(found[-1]) if found else None
    if year is None:
        report.error(0, "", "yıl bilinmiyor: başlıkta yıl yok; --year ile verin (ör. --year 2023)",
                     "year unknown: the header has no year; give --year (e.g. --year 2023)", "year")
        return empty_rows(), n, medas_problems
    bad_rows = set(table.problems["row"])
    header = ["mahalle_code", "indicator", "year", "sex", "numerator", "mahalle"]
    records: list[tuple[int, list[object]]] = []
    for rec in data.to_dict("records"):
        if rec["row"] in bad_rows:
            continue
        for column in table.value_columns:
            value = rec[column]
            records.append((int(rec["row"]), [rec["mahalle_code"], entry.id, year, sexes[column],
                                              None if pd.isna(value) else int(value), rec["mahalle"]]))
    rows = tidy_rows(header, records, options, report, decimal_comma=False)
    return rows, n, medas_problems

