"""TÜİK MEDAS exports as tidy rows of the catalogue's indicators, with no options needed.

:mod:`gendermap.io.medas` parses the export (text or a sheet); this module decides what
it holds and hands the rows to the common row rules:

- sexes only (``Erkek|Kadın``, ``Erkek|Kadın|Toplam``, ``Ölçüm bazında``): the
  ``population`` count (or the count indicator the user chose) for each sex given;
- age groups by sex covering every age: ``population`` (the sum) and ``aged_65_plus``
  (the 65+ groups over the sum) for each sex.

A file that is valid but useless says so in one sentence: a village (köy) file, a
municipality file, or a file of provinces the project does not cover. Rows of other
provinces in a wider file are left out with one note, and so are cells MEDAS left
blank (zero or hidden): nothing is dropped without a word, nothing is guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd

from gendermap.catalogue import Indicator
from gendermap.io.importers.result import Report, empty_rows, show
from gendermap.io.importers.rules import Options, resolve_indicator, tidy_rows
from gendermap.io.medas import MedasTable, ValueColumn, parse_medas
from gendermap.names import name_key
from gendermap.numbers import format_int
from gendermap.problems import from_medas

__all__ = ["is_medas", "medas_table_rows", "read_medas_rows"]

_MEDAS_LINE = re.compile(r"\)\s*-\s*\d+\s*\|")
_HEADER = ["mahalle_code", "province", "district", "mahalle", "indicator", "year", "sex", "numerator", "denominator"]
_OLD_AGE = 65


def is_medas(text: str) -> bool:
    """MEDAS labels (``...)-41320|``) in the first 60 lines (looked at without splitting
    the whole text)."""
    lines = [line for line in text[:65536].splitlines()[:60] if line.strip()]
    return any(_MEDAS_LINE.search(line) for line in lines)


def read_medas_rows(text: str, encoding: str, options: Options, report: Report) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """A MEDAS pipe-text export: (accepted rows, input rows, MEDAS parse problems)."""
    return medas_table_rows(parse_medas(text, file=report.file, encoding=encoding), options, report)


def _rows_list(rows: Sequence[int], limit: int = 8) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (", …" if len(rows) > limit else "")


def _age_plan(columns: Sequence[ValueColumn]) -> tuple[dict[str, list[ValueColumn]], str]:
    """Columns of each sex when the age groups cover every age once; else the reason why not."""
    by_sex: dict[str, list[ValueColumn]] = {}
    for column in columns:
        by_sex.setdefault(column.sex, []).append(column)
    for group in by_sex.values():
        bounds = sorted((c.age_bounds or (0, math.inf)) for c in group)
        expected = 0.0
        for low, high in bounds:
            if low != expected:
                ages = ", ".join(c.age_group for c in group)
                return {}, f"yaş grupları ({ages}) her yaşı bir kez kapsamıyor ({int(expected)} yaşında boşluk ya da çakışma)"
            expected = high + 1
        if expected != math.inf:
            return {}, f"son yaş grubu açık uçlu değil (ör. 90+): {group[-1].age_group}"
    return by_sex, ""


def _useless(table: MedasTable, report: Report) -> bool:
    """One sentence for a file that is valid but holds nothing the project can use."""
    if not table.data.empty or not table.other_levels:
        return False
    villages = table.other_levels.get("village", 0)
    if villages:
        report.error(0, "", f"Bu bir köy nüfusu dosyası ({format_int(villages)} köy satırı): İzmir ve Balıkesir büyükşehir olduğu "
                     "için köyleri yoktur, bu dosyadan alınacak bir değer yok. MEDAS'ta mahalle nüfuslarını indirin.",
                     f"This is a village population file ({format_int(villages, 'en')} village rows): İzmir and Balıkesir are "
                     "metropolitan provinces with no villages, so nothing in it can be used. Download mahalle populations from MEDAS.",
                     "village_file")
    else:
        report.error(0, "", "Bu dosya belediye düzeyinde, mahalle satırı yok: MEDAS'ta mahalle nüfuslarını indirin.",
                     "This file is at municipality level and has no mahalle rows: download mahalle populations from MEDAS.",
                     "municipality_file")
    return True


def _covered(table: MedasTable, options: Options, report: Report) -> pd.DataFrame | None:
    data = table.data
    reference = options.reference
    if reference is None or data.empty:
        return data
    keys = data["province"].map({p: name_key(p) for p in set(data["province"])})  # each name folded once
    # a code the project knows stays in even under another province's label: the row
    # rules then call the mismatch an error instead of leaving the row out quietly
    inside = keys.isin(list(reference.provinces)) | data["mahalle_code"].isin(list(reference.places))
    covered = ", ".join(sorted(reference.provinces.values()))
    if not inside.any():
        found = sorted(set(data["province"]))
        shown = ", ".join(found[:6]) + (", …" if len(found) > 6 else "")
        report.error(0, "", f"Bu dosyada {covered} mahallesi yok (dosyadaki iller: {shown}): bu proje yalnız {covered} illerini kapsar.",
                     f"This file has no mahalle of {covered} (its provinces: {shown}): the project covers only {covered}.",
                     "province_not_covered")
        return None
    if not inside.all():
        others = sorted(set(data.loc[~inside, "province"]))
        shown = ", ".join(others[:6]) + (", …" if len(others) > 6 else "")
        report.warning(0, "", f"{format_int(int((~inside).sum()))} satır başka illere ait ({shown}) ve alınmadı; yalnız {covered} satırları okundu",
                       f"{format_int(int((~inside).sum()), 'en')} rows belong to other provinces ({shown}) and were left out; only {covered} rows were read",
                       "other_provinces")
    return data[inside]


def _year_of(table: MedasTable, options: Options, report: Report) -> pd.Series | None:
    data = table.data
    years = data["year"].copy()
    fallback = table.header_year if table.header_year is not None else options.year
    if years.isna().any():
        if fallback is None:
            report.error(0, "", "Dosyada yıl yok: dosyanın hangi yıla ait olduğunu seçin (ör. 2023).",
                         "The file does not say its year: choose the year it belongs to (e.g. 2023).", "year")
            return None
        years = years.fillna(fallback)
    found = sorted({int(y) for y in years})
    if options.year is not None and found != [options.year]:
        report.warning(0, "year", f"dosyanın yılı {', '.join(map(str, found))}; seçilen yıl ({options.year}) yerine dosyanınki alındı",
                       f"the file's year is {', '.join(map(str, found))}; taken instead of the chosen year ({options.year})", "year_choice")
    return years


def _count_entry(options: Options, report: Report) -> Indicator | None:
    indicator = options.indicator or "population"
    entry = resolve_indicator(indicator, options.catalogue)
    if entry is None:
        report.error(0, "", f"bilinmeyen gösterge {show(indicator)}", f"unknown indicator {show(indicator)}", "unknown_indicator")
        return None
    if entry.unit != "count" or entry.level != "mahalle":
        report.error(0, "", f"MEDAS dışa aktarımı kişi sayısı verir; {entry.label.tr} bir oran. Pay ve paydayı şablonla verin ya da bir sayım göstergesi seçin (ör. nüfus).",
                     f"a MEDAS export holds counts of people; {entry.label.en} is a rate. Give numerator and denominator with the template, or choose a count indicator (e.g. population).",
                     "medas_rate")
        return None
    return entry


def medas_table_rows(table: MedasTable, options: Options, report: Report) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """Tidy rows from a parsed MEDAS table: (accepted rows, input rows, parse problems)."""
    medas_problems = from_medas(table.problems)
    problem_lines = set(table.problems.loc[table.problems["row"] > 0, "row"]) - set(table.data["row"])
    lines = len(table.data) + len(problem_lines)
    n = lines * max(len(table.value_columns), 1)
    if _useless(table, report):
        return empty_rows(), n, medas_problems
    if not table.understood:
        report.error(0, "", f"MEDAS sütunları tanınmadı ({', '.join(table.value_columns)}): başlıkta Erkek, Kadın, Toplam, "
                     "'Ölçüm bazında' ya da yaş grupları (ör. 'Kadın ve 65-69') olmalı",
                     f"MEDAS value columns not recognised ({', '.join(table.value_columns)}): the header must name Erkek, Kadın, "
                     "Toplam, 'Ölçüm bazında' or age groups (e.g. 'Kadın ve 65-69')", "medas_columns")
        return empty_rows(), n, medas_problems
    villages = table.other_levels.get("village", 0) + table.other_levels.get("municipality", 0)
    if villages:
        report.warning(0, "", f"{format_int(villages)} köy ya da belediye satırı alınmadı: bu proje mahalle düzeyinde çalışır",
                       f"{format_int(villages, 'en')} village or municipality rows left out: the project works at mahalle level", "not_mahalle")
    data = _covered(table, options, report)
    if data is None or data.empty:
        return empty_rows(), n, medas_problems
    years = _year_of(table, options, report)
    if years is None:
        return empty_rows(), n, medas_problems
    ages = {c.age_group for c in table.columns}
    plans: list[tuple[str, str, list[ValueColumn], list[ValueColumn] | None]] = []  # (indicator, sex, numerator cols, denominator cols)
    if ages == {"all"}:
        entry = _count_entry(options, report)
        if entry is None:
            return empty_rows(), n, medas_problems
        plans = [(entry.id, c.sex, [c], None) for c in table.columns]
    else:
        by_sex, why = _age_plan(table.columns)
        if why:
            report.error(0, "", f"{why}: nüfus ve 65 yaş üstü payı hesaplanamaz",
                         f"the age groups do not cover every age once ({why}): population and the 65+ share cannot be computed", "medas_ages")
            return empty_rows(), n, medas_problems
        ids = set(options.catalogue.ids)
        for sex, group in by_sex.items():
            plans.append(("population", sex, group, None))
            old = [c for c in group if (c.age_bounds or (0, 0))[0] >= _OLD_AGE]
            if "aged_65_plus" in ids and old and any((c.age_bounds or (0, 0))[0] == _OLD_AGE for c in group):
                plans.append(("aged_65_plus", sex, old, group))
    n = lines * len(plans)  # one tidy row per mahalle line and plan
    blank_cells = {(int(r), str(c)) for r, c in zip(table.blanks["row"], table.blanks["column"], strict=True)}
    blank_rows: list[int] = []
    records: list[tuple[int, list[object]]] = []
    bad = set(table.problems["row"])
    needed = ["row", "mahalle_code", "province", "district", "mahalle", *table.value_columns]
    columns = {c: data[c].tolist() for c in needed}  # plain lists: no per-row frame access
    for i, year in enumerate(years.loc[data.index].tolist()):
        rec = {c: values[i] for c, values in columns.items()}
        row = int(rec["row"])
        if row in bad:
            continue
        place = [rec["mahalle_code"], rec["province"], rec["district"], rec["mahalle"]]
        for indicator, sex, num_cols, den_cols in plans:
            cells = [(row, c.name) for c in num_cols + (den_cols or [])]
            if any(cell in blank_cells for cell in cells):
                blank_rows.append(row)
                continue
            numerator = sum(int(rec[c.name]) for c in num_cols)
            denominator = sum(int(rec[c.name]) for c in den_cols) if den_cols else None
            records.append((row, [*place, indicator, int(year), sex, numerator, denominator]))
    n -= len(blank_rows)  # a blank is no value, reported below; not a rejected row
    if blank_rows:
        withheld = int(table.blanks["withheld"].sum())
        rows_seen = sorted(set(blank_rows))
        report.warning(0, "", f"{format_int(len(blank_cells))} hücre boş ya da gizli (sıfır ya da açıklanmamış olabilir"
                       f"{', ' + format_int(withheld) + ' tanesi MEDAS gizleme işaretli' if withheld else ''}): bu hücrelere dayanan "
                       f"değerler saklanmadı, tahmin edilmedi (satırlar: {_rows_list(rows_seen)})",
                       f"{format_int(len(blank_cells), 'en')} cells are blank or withheld (zero or not disclosed): the values that need them "
                       f"were not stored, nor guessed (rows: {_rows_list(rows_seen)})", "blank_cells")
    rows = tidy_rows(_HEADER, records, options, report, decimal_comma=False) if records else empty_rows()
    return rows, n, medas_problems
