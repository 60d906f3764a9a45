"""The rules a tidy row must obey: columns, indicator, year, sex, mahalle, counts.

Every reader (CSV, XLSX/XLS, MEDAS, GIS attributes) hands its records here, so a row is
judged the same way whatever format it came in. Records are checked one at a time
(:class:`RowChecker`), so a reader can stream a large file through without holding it;
the checks across rows are in :mod:`.crosscheck`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from gendermap.catalogue import Catalogue, Indicator
from gendermap.io.importers.cells import CellError, count_cell, number_cell
from gendermap.io.importers.codes import judge_code, resolve_name
from gendermap.io.importers.crosscheck import cross_checks
from gendermap.io.importers.reference import MahalleReference
from gendermap.io.importers.result import Report, empty_rows, show, typed
from gendermap.names import ascii_fold, fold

__all__ = ["FIRST_YEAR", "Options", "RowChecker", "blank", "canonical_header", "resolve_indicator", "tidy_rows"]

FIRST_YEAR = 2007
"""The first year of TÜİK's address-based population register (ADNKS): mahalle counts
by sex do not exist before it; an earlier year is warned about."""

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
REQUIRED_HINT_TR = {
    "mahalle_code": "mahalle_kodu (ya da il + ilce + mahalle)",
    "indicator": "gosterge (ya da dosyanın göstergesini seçin)",
    "year": "yil (ya da dosyanın yılını seçin)",
    "sex": "cinsiyet",
    "numerator": "pay + payda (ya da deger)",
}
REQUIRED_HINT_EN = {
    "mahalle_code": "mahalle_code (or province + district + mahalle)",
    "indicator": "indicator (or choose the file's indicator)",
    "year": "year (or choose the file's year)",
    "sex": "sex",
    "numerator": "numerator + denominator (or value)",
}

_SEX = {
    "f": "F", "k": "F", "kadin": "F", "kadinlar": "F", "female": "F", "women": "F", "woman": "F", "kiz": "F",
    "m": "M", "e": "M", "erkek": "M", "erkekler": "M", "male": "M", "men": "M", "man": "M",
    "t": "T", "toplam": "T", "total": "T", "all": "T", "tum": "T", "hepsi": "T",
}
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)
_SCALE = {"percent": 100.0, "per_1000": 1000.0}


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


def header_columns(header: Sequence[object]) -> dict[str, int]:
    """Canonical column -> position, for the names the template accepts (Turkish or English)."""
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        canonical = _HEADER.get(canonical_header(name))
        if canonical is not None and canonical not in columns:
            columns[canonical] = i
    return columns


def looks_tidy(header: Sequence[object]) -> bool:
    """The row names at least a mahalle and a count or value column of the template."""
    columns = header_columns(header)
    return bool(({"mahalle_code", "mahalle"} & set(columns)) and ({"numerator", "value"} & set(columns)))


class RowChecker:
    """Checks tidy-template records one by one and keeps the accepted ones compactly."""

    def __init__(self, header: Sequence[object], options: Options, report: Report, decimal_comma: bool) -> None:
        self.header = list(header)
        self.options = options
        self.report = report
        self.decimal_comma = decimal_comma
        self.columns: dict[str, int] = {}
        self.ready = self._read_header()
        self.accepted: list[tuple[object, ...]] = []
        self.seen = 0
        self._entries: dict[str, Indicator | None] = {}
        self._this_year = date.today().year
        # values seen before and judged clean (no problem, no note): looked up, not re-judged
        self._years: dict[object, int] = {}
        self._codes: dict[tuple[object, ...], tuple[str, str]] = {}
        self._sexes: dict[str, str] = {}

    def _read_header(self) -> bool:
        report, options = self.report, self.options
        for i, name in enumerate(self.header):
            canonical = _HEADER.get(canonical_header(name))
            if canonical is None:
                if not blank(name) and str(name) not in ("geometry",):
                    report.warning(1, str(name), f"bilinmeyen sütun {show(name)} yok sayıldı",
                                   f"unknown column {show(name)} ignored", "unknown_column")
                continue
            if canonical in self.columns:
                report.error(0, str(name), f"sütun iki kez var: {show(name)}", f"column appears twice: {show(name)}", "duplicate_column")
                return False
            self.columns[canonical] = i
        missing = []
        if "mahalle_code" not in self.columns and not {"province", "district", "mahalle"} <= set(self.columns):
            missing.append("mahalle_code")
        if "indicator" not in self.columns and options.indicator is None:
            missing.append("indicator")
        if "year" not in self.columns and options.year is None:
            missing.append("year")
        if "sex" not in self.columns:
            missing.append("sex")
        if not ({"numerator", "value"} & set(self.columns)):
            missing.append("numerator")
        if missing:
            found = ", ".join(str(h) for h in self.header if not blank(h)) or "—"
            report.error(
                0, "",
                f"Gerekli sütunlar eksik: {', '.join(REQUIRED_HINT_TR[m] for m in missing)}. Bulunan başlık: {show(found, 200)}. "
                "Ayırıcı yanlış olabilir; Veri sayfasındaki şablona bakın.",
                f"Required columns missing: {', '.join(REQUIRED_HINT_EN[m] for m in missing)}. Header found: {show(found, 200)}. "
                "The separator may be wrong; see the template on the Data page.",
                "missing_columns",
            )
            return False
        return True

    def _entry(self, text: str) -> Indicator | None:
        if text not in self._entries:
            self._entries[text] = resolve_indicator(text, self.options.catalogue)
        return self._entries[text]

    def check(self, row: int, values: Sequence[object]) -> None:
        """Check one record; accepted ones are kept, rejected ones are in the report."""
        self.seen += 1
        before = self.report.errors
        values = [v.strip() if isinstance(v, str) else v for v in values]
        texts = [v for v in values if isinstance(v, str)]
        for i, value in enumerate(values if texts and _MARKUP.search("\x1f".join(texts)) else ()):
            if isinstance(value, str) and _MARKUP.search(value):
                name = str(self.header[i]) if i < len(self.header) else str(i + 1)
                self.report.warning(
                    row, name,
                    f"{show(value)} HTML/betik (script) işareti içeriyor: düz metin olarak saklanır, asla çalıştırılmaz; hücreyi kontrol edin.",
                    f"{show(value)} contains HTML/script markup: kept as plain text, never executed; check the cell.",
                    "markup",
                )
        record = self._record(row, values)
        if record is not None and self.report.errors == before:
            self.accepted.append(record)

    def finish(self) -> pd.DataFrame:
        """The accepted rows after the checks across rows (duplicates, parts and totals)."""
        if not self.accepted:
            return empty_rows()
        code, indicator, year, sex, num, den, value, row, source = zip(*self.accepted, strict=True)
        frame = pd.DataFrame({
            "mahalle_code": np.asarray(code, dtype=object), "indicator": np.asarray(indicator, dtype=object),
            "year": np.asarray(year, dtype="int64"), "sex": np.asarray(sex, dtype=object),
            "numerator": pd.array(num, dtype="Int64"), "denominator": pd.array(den, dtype="Int64"),
            "value": np.asarray(value, dtype=float), "_row": np.asarray(row, dtype="int64"),
            "_source": np.asarray(source, dtype=object),
        })
        if not frame["_row"].is_monotonic_increasing:  # rows judged one by one came after their block
            frame = frame.sort_values("_row", kind="stable", ignore_index=True)
        self.accepted = []
        members = self.options.reference.members if self.options.reference is not None else {}
        frame = cross_checks(frame, self.report, members)
        return typed(frame) if not frame.empty else empty_rows()

    # ------------------------------------------------------------------ one record
    def _record(self, row: int, values: Sequence[object]) -> tuple[object, ...] | None:
        report, options = self.report, self.options
        n = len(values)
        cell = {name: (values[i] if i < n else None) for name, i in self.columns.items()}
        ok = True
        raw_indicator = cell.get("indicator")
        entry: Indicator | None = None
        if blank(raw_indicator):
            if options.indicator is None:
                report.error(row, "indicator", "gösterge boş", "indicator is empty", "empty")
                ok = False
            else:
                entry = self._entry(options.indicator)
        else:
            entry = self._entry(str(raw_indicator))
            if entry is None:
                close = difflib.get_close_matches(str(raw_indicator).strip(), options.catalogue.ids, n=3, cutoff=0.5)
                hint = f" Benzer: {', '.join(close)}." if close else ""
                hint_en = f" Close: {', '.join(close)}." if close else ""
                report.error(row, "indicator", f"bilinmeyen gösterge {show(raw_indicator)}.{hint} Göstergeler şablonun 'gostergeler' sayfasında.",
                             f"unknown indicator {show(raw_indicator)}.{hint_en} The indicators are on the template's 'gostergeler' sheet.",
                             "unknown_indicator")
                ok = False
        if entry is not None and entry.level != "mahalle":
            report.error(row, "indicator", f"{entry.id} ilçe düzeyinde bir gösterge; bu dosya mahalle düzeyinde veri alır",
                         f"{entry.id} is a district-level indicator; this file takes mahalle-level data", "level")
            ok = False
        year = self._year(row, cell.get("year"))
        ok = ok and year is not None
        raw_sex = cell.get("sex")
        sex = self._sexes.get(raw_sex) if isinstance(raw_sex, str) else None
        if sex is None:
            sex = _SEX.get(ascii_fold(fold(str(raw_sex))).replace(" ", "")) if not blank(raw_sex) else None
            if sex is not None and isinstance(raw_sex, str):
                self._sexes[raw_sex] = sex
        if sex is None:
            report.error(row, "sex", f"cinsiyet geçersiz: {show(raw_sex)} (K/Kadın, E/Erkek, T/Toplam)",
                         f"invalid sex: {show(raw_sex)} (F/women, M/men, T/total)", "sex")
            ok = False
        code = self._mahalle_code(row, cell)
        ok = ok and code is not None
        counts: dict[str, int | None] = {}
        bad_count = False
        for column in ("numerator", "denominator"):
            try:
                counts[column] = count_cell(cell.get(column), self.decimal_comma, column)
            except CellError as exc:
                report.error(row, column, exc.tr, exc.en, exc.code)
                bad_count = True
        raw_value = cell.get("value")
        value: float | None = None
        try:
            value = number_cell(raw_value, self.decimal_comma)
        except CellError:
            report.error(row, "value", f"değer sayı değil: {show(raw_value)}", f"value is not a number: {show(raw_value)}", "number")
            ok = False
        if bad_count or not ok or entry is None or code is None or year is None or sex is None:
            return None
        return self._counts(row, entry, counts["numerator"], counts["denominator"], value, code, year, sex)

    def _year(self, row: int, raw: object) -> int | None:
        known = self._years.get(raw) if isinstance(raw, (str, int, float)) else None
        if known is not None:
            return known
        before = len(self.report.items) + sum(self.report.overflow.values())
        year = self._judge_year(row, raw)
        if year is not None and before == len(self.report.items) + sum(self.report.overflow.values()) and isinstance(raw, (str, int, float)):
            self._years[raw] = year
        return year

    def _judge_year(self, row: int, raw: object) -> int | None:
        report = self.report
        if blank(raw):
            if self.options.year is None:
                report.error(row, "year", "yıl boş", "year is empty", "empty")
            return self.options.year
        try:
            number = number_cell(raw, decimal_comma=False)
        except CellError:
            number = None
        if number is None or number != int(number) or not 1990 <= number <= 2100:
            report.error(row, "year", f"yıl geçersiz: {show(raw)} (ör. 2023)", f"invalid year: {show(raw)} (e.g. 2023)", "year")
            return None
        year = int(number)
        if year > self._this_year:
            report.error(row, "year", f"yıl {year} henüz gelmedi: verinin yılını yazın (ör. 2023)",
                         f"year {year} is in the future: give the year of the data (e.g. 2023)", "year_future")
            return None
        if year < FIRST_YEAR:
            report.warning(row, "year", f"yıl {year}, adrese dayalı nüfus kayıtlarından ({FIRST_YEAR}) önce: yılı kontrol edin",
                           f"year {year} is before the address-based population register ({FIRST_YEAR}): check the year", "year_range")
        return year

    def _counts(self, row: int, entry: Indicator, num: int | None, den: int | None, value: float | None,
                code: tuple[str, str], year: int, sex: str) -> tuple[object, ...] | None:
        report = self.report
        scale = _SCALE.get(entry.unit, 1.0)
        out_value = math.nan
        if entry.unit == "count":
            if num is None and value is not None:
                if value < 0 or value != int(value):
                    report.error(row, "value", f"{entry.id} bir sayım: değer negatif olmayan tam sayı olmalı ({value:g})",
                                 f"{entry.id} is a count: value must be a non-negative whole number ({value:g})", "not_integer")
                    return None
                num = int(value)
            if num is None:
                report.error(row, "numerator", "sayı (pay) boş", "count (numerator) is empty", "empty")
                return None
            if den is not None:
                if num > den:
                    report.error(row, "numerator", f"sayı ({num}) paydadan ({den}) büyük olamaz",
                                 f"count ({num}) cannot exceed the denominator ({den})", "num_gt_den")
                    return None
                report.warning(row, "denominator", f"{entry.id} bir sayım göstergesi: payda ({den}) sayıyla karşılaştırıldı, saklanmaz",
                               f"{entry.id} is a count indicator: the denominator ({den}) was checked against the count, not stored",
                               "count_denominator")
                den = None
            return (code[0], entry.id, year, sex, num, None, out_value, row, code[1])
        if num is None and den is None:
            if value is None:
                report.error(row, "numerator", "pay/payda veya değer gerekli", "numerator/denominator or value needed", "empty")
                return None
            if value < 0 or (entry.unit == "percent" and value > 100):
                report.error(row, "value", f"değer {value:g} aralık dışında (yüzde: 0–100)", f"value {value:g} out of range (percent: 0–100)", "range")
                return None
            return (code[0], entry.id, year, sex, None, None, value / scale, row, code[1])
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
        return (code[0], entry.id, year, sex, num, den, out_value, row, code[1])

    def _mahalle_code(self, row: int, cell: dict[str, object]) -> tuple[str, str] | None:
        """(map code, code as given) of the row, judged against what the project knows."""
        raw = cell.get("mahalle_code")
        names = [cell.get(k) for k in ("province", "district", "mahalle")]
        key = (raw, *names)
        known = self._codes.get(key)
        if known is not None:
            return known
        before = len(self.report.items) + sum(self.report.overflow.values())
        found = self._judge_mahalle(row, raw, names)
        if found is not None and before == len(self.report.items) + sum(self.report.overflow.values()):
            try:
                self._codes[key] = found
            except TypeError:  # an unhashable cell: judged every time
                pass
        return found

    def _judge_mahalle(self, row: int, raw: object, names: list[object]) -> tuple[str, str] | None:
        if not blank(raw):
            try:
                number = number_cell(raw, decimal_comma=False)
            except CellError:
                number = None
            text = str(int(number)) if number is not None and number == int(number) and number >= 0 else str(raw).strip()
            if not text.isdigit():
                self.report.error(row, "mahalle_code", f"mahalle kodu rakamlardan oluşmalı: {show(raw)}",
                                  f"mahalle code must be digits: {show(raw)}", "unknown_mahalle")
                return None
            place = tuple("" if blank(n) else str(n).strip() for n in names)
            return judge_code(row, text, place, self.options.reference, self.report)  # type: ignore[arg-type]
        return resolve_name(row, names, self.options.reference, self.report)


def tidy_rows(
    header: Sequence[object],
    records: Iterable[tuple[int, Sequence[object]]],
    options: Options,
    report: Report,
    decimal_comma: bool,
) -> pd.DataFrame:
    """Check tidy-template records (row number, cells) and return the accepted rows."""
    checker = RowChecker(header, options, report, decimal_comma)
    if not checker.ready:
        return empty_rows()
    from gendermap.io.importers.fastpath import (  # judges blocks with this module's rules
        BLOCK,
        check_block,
    )

    rows: list[int] = []
    block: list[Sequence[object]] = []
    for row, values in records:
        rows.append(row)
        block.append(values)
        if len(block) >= BLOCK:
            check_block(checker, rows, block)
            rows, block = [], []
            if report.exhausted:
                break
    if not report.exhausted:
        check_block(checker, rows, block)
    if report.exhausted:
        report.give_up()
        return empty_rows()
    if checker.seen == 0:
        report.error(0, "", "Dosyada başlık var ama veri satırı yok.", "The file has a header but no data rows.", "header_only")
        return empty_rows()
    return checker.finish()
