"""Delimited text (CSV, TSV, ';' with decimal commas) in the tidy template's columns."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from gendermap.io.importers.result import Report, empty_rows
from gendermap.io.importers.rules import Options, tidy_rows

__all__ = ["read_csv_text"]

_SEPARATORS = (";", ",", "\t", "|")
_SEPARATOR_NAMES = {";": "';'", ",": "','", "\t": "sekme/tab", "|": "'|'"}


def _separator(header_line: str) -> str:
    counts = {sep: _count_outside_quotes(header_line, sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, sep: str) -> int:
    inside = False
    n = 0
    for ch in line:
        if ch == '"':
            inside = not inside
        elif ch == sep and not inside:
            n += 1
    return n


def read_csv_text(text: str, options: Options, report: Report) -> tuple[pd.DataFrame, int]:
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        report.error(0, "", "Dosya boş.", "The file is empty.", "empty_file")
        return empty_rows(), 0
    sep = _separator(lines[first])
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header: list[object] | None = None
    records: list[tuple[int, list[object]]] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if header is None:
                header = [v.strip() for v in values]
                continue
            line = reader.line_num
            if len(values) != len(header):
                others = [s for s in _SEPARATORS if s != sep and any(s in v for v in values)]
                hint_tr = f" Satırda {_SEPARATOR_NAMES[others[0]]} var: ayırıcılar karışık mı?" if others else ""
                hint_en = f" The row contains {_SEPARATOR_NAMES[others[0]]}: mixed separators?" if others else ""
                report.error(
                    line, "",
                    f"satırda {len(values)} alan var, başlıkta {len(header)} (ayırıcı {_SEPARATOR_NAMES[sep]}).{hint_tr}",
                    f"row has {len(values)} field(s), the header has {len(header)} (separator {_SEPARATOR_NAMES[sep]}).{hint_en}",
                    "field_count",
                )
                records.append((line, []))  # counted as an input row, rejected
                continue
            records.append((line, [v.strip() for v in values]))
    except csv.Error as exc:
        report.error(reader.line_num, "", f"CSV okunamadı: {exc}", f"CSV could not be read: {exc}", "csv")
    if header is None:
        report.error(0, "", "Dosya boş.", "The file is empty.", "empty_file")
        return empty_rows(), 0
    numeric = [v for _, vals in records for v in vals if re.match(r"^-?[\d.]+,\d+$", str(v))]
    decimal_comma = sep != "," or bool(numeric)
    good = [(r, v) for r, v in records if v]
    rows = tidy_rows(header, good, options, report, decimal_comma)
    return rows, len(records)

