"""The rules a tidy row must obey: columns, indicator, year, sex, mahalle, counts, and
the checks across rows (duplicates, women and men against the total).

Every reader (CSV, XLSX, MEDAS, GIS attributes) hands its records here, so a row is
judged the same way whatever format it came in.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gendermap.catalogue import Catalogue, Indicator
from gendermap.io.importers.cells import CellError, count_cell, number_cell
from gendermap.io.importers.reference import MahalleReference
from gendermap.io.importers.result import TIDY_COLUMNS, Report, empty_rows, show, typed
from gendermap.names import ascii_fold, fold

__all__ = ["Options", "blank", "canonical_header", "resolve_indicator", "tidy_rows"]

_ALIASES: dict[str, tuple[str, ...]] = {
    "mahalle_code": ("mahalle_code", "mahalle_co", "mahalle_kodu", "mahalle_kod", "kod", "code", "tuik_kodu", "tuik_code"),
    "province": ("province", "il", "il_adi"),
    "district": ("district", "ilce", "ilce_adi"),
    "mahalle": ("mahalle", "mahalle_adi", "mahalle_name", "name", "ad"),
    "indicator": ("indicator", "gosterge", "gosterge_kodu", "indicator_id"),
    "year": ("year", "yil"),
    "sex": ("sex", "cinsiyet", "gender"),
    "numerator": ("numerator", "pay"),
    "denominator": ("denominator", "denominato", "payda"),
    "value": ("value", "deger", "oran", "rate"),
}
_HEADER = {alias: canonical for canonical, aliases in _ALIASES.items() for alias in aliases}

_SEX = {
    "f": "F", "k": "F", "kadin": "F", "kadinlar": "F", "female": "F", "women": "F", "woman": "F", "kiz": "F",
    "m": "M", "e": "M", "erkek": "M", "erkekler": "M", "male": "M", "men": "M", "man": "M",
    "t": "T", "toplam": "T", "total": "T", "all": "T", "tum": "T", "hepsi": "T",
}
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)


@dataclass
class Options:
    catalogue: Catalogue
    reference: MahalleReference | None
    indicator: str | None = None
    year: int | None = None


def canonical_header(name: object) -> str:
    return ascii_fold(fold(str(name))).replace(" ", "_")


def resolve_indicator(text: str, catalogue: Catalogue) -> Indicator | None:
    key = ascii_fold(fold(text)).replace(" ", "_")
    for entry in catalogue.indicators:
        if key in (entry.id, ascii_fold(fold(entry.label.tr)).replace(" ", "_"),
                   ascii_fold(fold(entry.label.en)).replace(" ", "_")):
            return entry
    return None


def blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, float) and math.isnan(cell)) or str(cell).strip() == ""


def tidy_rows(
    header: Sequence[object],
    records: list[tuple[int, list[object]]],
    options: Options,
    report: Report,
    decimal_comma: bool,
    row_label: str = "satır",
) -> pd.DataFrame:
    """Check tidy-template records (row number, cells) and return the accepted rows."""
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        canonical = _HEADER.get(canonical_header(name))
        if canonical is None:
            if not blank(name) and str(name) not in ("geometry",):
                report.warning(1, str(name), f"bilinmeyen sütun {show(name)} yok sayıldı",
                               f"unknown column {show(name)} ignored", "unknown_column")
            continue
        if canonical in columns:
            report.error(0, str(name), f"sütun iki kez var: {show(name)}", f"column appears twice: {show(name)}", "duplicate_column")
            return empty_rows()
        columns[canonical] = i

    missing = []
    if "mahalle_code" not in columns and not {"province", "district", "mahalle"} <= set(columns):
        missing.append("mahalle_code (veya/or province + district + mahalle)")
    if "indicator" not in columns and options.indicator is None:
        missing.append("indicator (veya/or --indicator)")
    if "year" not in columns and options.year is None:
        missing.append("year (veya/or --year)")
    if "sex" not in columns:
        missing.append("sex")
    if not ({"numerator", "value"} & set(columns)):
        missing.append("numerator + denominator (veya/or value)")
    if missing:
        found = ", ".join(str(h) for h in header if not blank(h)) or "—"
        report.error(
            0, "",
            f"Gerekli sütunlar eksik: {', '.join(missing)}. Bulunan başlık: {found}. "
            "Ayırıcı yanlış olabilir; şablona bakın (data/indicators/template.csv).",
            f"Required columns missing: {', '.join(missing)}. Header found: {found}. "
            "The separator may be wrong; see the template (data/indicators/template.csv).",
            "missing_columns",
        )
        return empty_rows()
    if not records:
        report.error(0, "", "Dosyada başlık var ama veri satırı yok.", "The file has a header but no data rows.", "header_only")
        return empty_rows()

    def cell(values: list[object], name: str) -> object:
        i = columns.get(name)
        return values[i] if i is not None and i < len(values) else None

    accepted: list[dict[str, Any]] = []
    rows_of: list[int] = []
    for row, values in records:
        before = report.errors
        for i, value in enumerate(values):
            if isinstance(value, str) and _MARKUP.search(value):
                name = str(header[i]) if i < len(header) else str(i + 1)
                report.warning(
                    row, name,
                    f"{show(value)} HTML/betik (script) işareti içeriyor: düz metin olarak saklanır, asla çalıştırılmaz; hücreyi kontrol edin.",
                    f"{show(value)} contains HTML/script markup: kept as plain text, never executed; check the cell.",
                    "markup",
                )
        record = _check_record(row, values, cell, options, report, decimal_comma)
        if record is not None and report.errors == before:
            accepted.append(record)
            rows_of.append(row)
    frame = pd.DataFrame(accepted, columns=TIDY_COLUMNS)
    frame["_row"] = rows_of
    frame = _cross_checks(frame, options.catalogue, report)
    return typed(frame) if not frame.empty else empty_rows()


def _year_number(cell: object) -> float | None:
    """A whole-number cell (a year, a code) read the way a program writes it; None if not a number."""
    try:
        return number_cell(cell, decimal_comma=False)
    except CellError:
        return None


def _check_record(
    row: int,
    values: list[object],
    cell: Any,
    options: Options,
    report: Report,
    decimal_comma: bool,
) -> dict[str, Any] | None:
    ok = True
    # indicator
    raw_indicator = cell(values, "indicator")
    entry: Indicator | None = None
    if blank(raw_indicator):
        if options.indicator is None:
            report.error(row, "indicator", "gösterge boş", "indicator is empty", "empty")
            ok = False
        else:
            entry = resolve_indicator(options.indicator, options.catalogue)
    else:
        entry = resolve_indicator(str(raw_indicator), options.catalogue)
        if entry is None:
            close = difflib.get_close_matches(str(raw_indicator).strip(), options.catalogue.ids, n=3, cutoff=0.5)
            hint = f" Benzer: {', '.join(close)}." if close else ""
            hint_en = f" Close: {', '.join(close)}." if close else ""
            report.error(row, "indicator", f"bilinmeyen gösterge {show(raw_indicator)}.{hint} Katalog: data/indicators/catalogue.yaml",
                         f"unknown indicator {show(raw_indicator)}.{hint_en} Catalogue: data/indicators/catalogue.yaml", "unknown_indicator")
            ok = False
    if entry is not None and entry.level != "mahalle":
        report.error(row, "indicator", f"{entry.id} ilçe düzeyinde bir gösterge; bu dosya mahalle düzeyinde veri alır",
                     f"{entry.id} is a district-level indicator; this file takes mahalle-level data", "level")
        ok = False

    # year
    raw_year = cell(values, "year")
    year: int | None = options.year if blank(raw_year) else None
    if not blank(raw_year):
        number = _year_number(raw_year)
        if number is not None and number == int(number) and 1990 <= number <= 2100:
            year = int(number)
        else:
            report.error(row, "year", f"yıl geçersiz: {show(raw_year)} (ör. 2023)", f"invalid year: {show(raw_year)} (e.g. 2023)", "year")
            ok = False
    elif year is None:
        report.error(row, "year", "yıl boş", "year is empty", "empty")
        ok = False

    # sex
    raw_sex = cell(values, "sex")
    sex = _SEX.get(ascii_fold(fold(str(raw_sex))).replace(" ", "")) if not blank(raw_sex) else None
    if sex is None:
        report.error(row, "sex", f"cinsiyet geçersiz: {show(raw_sex)} (K/Kadın/F, E/Erkek/M, T/Toplam)",
                     f"invalid sex: {show(raw_sex)} (F/women, M/men, T/total)", "sex")
        ok = False

    # mahalle
    code = _mahalle_code(row, values, cell, options.reference, report)
    ok = ok and code is not None

    # counts
    counts: dict[str, int | None] = {}
    bad_count = False
    for column in ("numerator", "denominator"):
        try:
            counts[column] = count_cell(cell(values, column), decimal_comma, column)
        except CellError as exc:
            report.error(row, column, exc.tr, exc.en, exc.code)
            bad_count = True
    raw_value = cell(values, "value")
    value: float | None = None
    try:
        value = number_cell(raw_value, decimal_comma)
    except CellError:
        report.error(row, "value", f"değer sayı değil: {show(raw_value)}", f"value is not a number: {show(raw_value)}", "number")
        ok = False
    if bad_count:
        return None
    num, den = counts["numerator"], counts["denominator"]
    if not ok or entry is None:
        return None
    return _counts_for(row, entry, num, den, value, report, code, year, sex)  # type: ignore[arg-type]


def _counts_for(
    row: int, entry: Indicator, num: int | None, den: int | None, value: float | None,
    report: Report, code: str, year: int, sex: str,
) -> dict[str, Any] | None:
    scale = {"percent": 100.0, "per_1000": 1000.0}.get(entry.unit, 1.0)
    record = {"mahalle_code": code, "indicator": entry.id, "year": year, "sex": sex,
              "numerator": num, "denominator": den, "value": np.nan}
    if entry.unit == "count":
        if num is None and value is not None:
            if value < 0 or value != int(value):
                report.error(row, "value", f"{entry.id} bir sayım: değer negatif olmayan tam sayı olmalı ({value:g})",
                             f"{entry.id} is a count: value must be a non-negative whole number ({value:g})", "not_integer")
                return None
            record["numerator"] = int(value)
        if record["numerator"] is None:
            report.error(row, "numerator", "sayı (pay) boş", "count (numerator) is empty", "empty")
            return None
        record["denominator"] = None
        return record
    if num is None and den is None:
        if value is None:
            report.error(row, "numerator", "pay/payda veya değer gerekli", "numerator/denominator or value needed", "empty")
            return None
        if value < 0 or (entry.unit == "percent" and value > 100):
            report.error(row, "value", f"değer {value:g} aralık dışında (yüzde: 0–100)", f"value {value:g} out of range (percent: 0–100)", "range")
            return None
        record["value"] = value / scale
        return record
    if num is None or den is None:
        missing = "payda" if den is None else "pay"
        report.error(row, "denominator" if den is None else "numerator",
                     f"{missing} boş: pay ve payda birlikte verilmeli", f"{'denominator' if den is None else 'numerator'} is empty: give both counts", "empty")
        return None
    if entry.unit == "percent" and num > den:
        report.error(row, "numerator", f"pay ({num}) paydadan ({den}) büyük olamaz", f"numerator ({num}) cannot exceed denominator ({den})", "num_gt_den")
        return None
    if den == 0 and num > 0:
        report.error(row, "denominator", "payda 0 iken pay 0'dan büyük", "denominator is 0 but numerator is not", "num_gt_den")
        return None
    if value is not None and den > 0 and abs(num / den - value / scale) > 0.0051 * (scale / 100 if scale > 1 else 1):
        report.error(row, "value", f"değer ({value:g}) pay/payda ile uyuşmuyor ({num}/{den} = {num / den * scale:.2f})",
                     f"value ({value:g}) does not match numerator/denominator ({num}/{den} = {num / den * scale:.2f})", "value_mismatch")
        return None
    return record


def _mahalle_code(
    row: int, values: list[object], cell: Any, reference: MahalleReference | None, report: Report
) -> str | None:
    raw = cell(values, "mahalle_code")
    names = [cell(values, k) for k in ("province", "district", "mahalle")]
    code: str | None = None
    if not blank(raw):
        number = _year_number(raw)
        text = str(int(number)) if number is not None and number == int(number) else str(raw).strip()
        if not text.isdigit():
            report.error(row, "mahalle_code", f"mahalle kodu rakamlardan oluşmalı: {show(raw)}",
                         f"mahalle code must be digits: {show(raw)}", "unknown_mahalle")
            return None
        if reference is None:
            return text
        code = reference.codes.get(text)
        if code is None:
            report.error(row, "mahalle_code", f"bilinmeyen mahalle kodu {show(text)} (İzmir ve Balıkesir TÜİK kodlarında yok)",
                         f"unknown mahalle code {show(text)} (not a TÜİK code of İzmir or Balıkesir)", "unknown_mahalle")
            return None
        if code != text:
            report.warning(row, "mahalle_code", f"{text} kodu haritada {code} ile birleştirilmiş; {code} olarak alındı",
                           f"code {text} is merged into {code} on the map; taken as {code}", "merged_code")
        return code
    if any(blank(n) for n in names):
        report.error(row, "mahalle_code", "mahalle kodu veya il + ilçe + mahalle adı gerekli",
                     "mahalle code or province + district + mahalle name needed", "empty")
        return None
    if reference is None:
        report.error(row, "mahalle", "adla eşleştirme için önce `gendermap build` çalıştırın (mahalle katmanı yok)",
                     "run `gendermap build` first to resolve names (no mahalle layer)", "no_reference")
        return None
    found, close = reference.resolve(*(str(n) for n in names))
    label = " / ".join(str(n) for n in names)
    if not found:
        hint = f" Benzer adlar: {close}." if close else ""
        hint_en = f" Close names: {close}." if close else ""
        report.error(row, "mahalle", f"bilinmeyen mahalle: {show(label, 100)}.{hint}",
                     f"unknown mahalle: {show(label, 100)}.{hint_en}", "unknown_mahalle")
        return None
    if len(found) > 1:
        report.error(row, "mahalle", f"ad birden çok mahalleye uyuyor ({', '.join(sorted(found))}): mahalle_code verin",
                     f"name matches several mahalle ({', '.join(sorted(found))}): give mahalle_code", "ambiguous_mahalle")
        return None
    return next(iter(found))


def _cross_checks(frame: pd.DataFrame, catalogue: Catalogue, report: Report) -> pd.DataFrame:
    """Duplicate keys, and women/men against total. Offending rows are removed and listed."""
    if frame.empty:
        return frame
    keys = ["mahalle_code", "indicator", "year", "sex"]
    bad: set[int] = set()
    dup = frame[frame.duplicated(keys, keep=False)]
    for _, group in dup.groupby(keys, sort=False):
        rows = group["_row"].tolist()
        for row in rows:
            others = ", ".join(str(r) for r in rows if r != row)
            report.error(row, "sex", f"yinelenen kayıt: aynı mahalle, gösterge, yıl ve cinsiyet {others}. satırda da var",
                         f"duplicate key: the same mahalle, indicator, year and sex is also in row {others}", "duplicate")
            bad.add(row)
    clean = frame[~frame["_row"].isin(bad)]
    for _, group in clean.groupby(["mahalle_code", "indicator", "year"], sort=False):
        by_sex = {str(r["sex"]): r for r in group.to_dict("records")}
        total = by_sex.get("T")
        if total is None:
            continue
        for column in ("numerator", "denominator"):
            t_value = total[column]
            if t_value is None or pd.isna(t_value):
                continue
            column_tr = "pay" if column == "numerator" else "payda"
            for sex, word_tr, word_en in (("F", "kadın", "women"), ("M", "erkek", "men")):
                part = by_sex.get(sex)
                if part is not None and not pd.isna(part[column]) and part[column] > t_value:
                    report.error(part["_row"], column, f"{word_tr} ({sex}) {column_tr} {part[column]} toplamdan (T) {t_value} büyük",
                                 f"{word_en} ({sex}) {column} {part[column]} exceeds the total (T) {t_value}", "part_gt_total")
                    if total["_row"] != part["_row"]:
                        report.error(total["_row"], column, f"toplam (T) {column_tr} {t_value}, {part['_row']}. satırdaki {word_tr} sayısından ({part[column]}) küçük",
                                     f"total (T) {column} {t_value} is smaller than the {word_en} count ({part[column]}) in row {part['_row']}", "part_gt_total")
                    bad.update({part["_row"], total["_row"]})
            f, m = by_sex.get("F"), by_sex.get("M")
            if f is not None and m is not None and not pd.isna(f[column]) and not pd.isna(m[column]):
                if f[column] + m[column] != t_value and f["_row"] not in bad and m["_row"] not in bad:
                    for r in (f, m, total):
                        report.error(r["_row"], column, f"kadın + erkek ({f[column]} + {m[column]}) toplama (T = {t_value}) eşit değil",
                                     f"women + men ({f[column]} + {m[column]}) do not equal the total (T = {t_value})", "sum_mismatch")
                        bad.add(r["_row"])
    return frame[~frame["_row"].isin(bad)].drop(columns="_row")

