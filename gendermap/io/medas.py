"""Reader for TÜİK MEDAS "Belediye, köy ve mahalle nüfusları" exports.

MEDAS writes one row per mahalle with a label that packs five fields, then one or more
pipe-separated values::

    İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|8758.0|

Exports made in a browser may start with title and header lines (the last header line
names the value columns, e.g. ``|Erkek|Kadın|Toplam|``), may carry a leading year column
that is filled in only when the year changes::

    2023|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|4400|4358|8758|
        |İzmir(Aliağa/Aliağa Bel./Bahçedere Mah.)-193001|5100|5085|10185|

and may be UTF-8 with or without BOM, UTF-16 or Windows-1254 (:mod:`gendermap.decoding`).
This module turns such a file into a tidy frame plus a frame of problems (file, row,
column, problem): a bad row is reported, never dropped silently, and nothing here raises
on bad content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gendermap.decoding import TextDecodeError, decode_text
from gendermap.names import ascii_fold, fold

__all__ = [
    "LABEL_COLUMNS",
    "PROBLEM_COLUMNS",
    "MedasTable",
    "parse_medas",
    "read_medas",
]

LABEL_COLUMNS = ["row", "province", "district", "municipality", "mahalle", "mahalle_code", "year"]
PROBLEM_COLUMNS = ["file", "row", "column", "problem"]

# province(district/municipality/mahalle)-code ; the mahalle may itself hold "(...)".
_LABEL_RE = re.compile(r"^\s*(?P<province>[^(/|]+?)\s*\((?P<inner>.+)\)\s*-\s*(?P<code>\d+)\s*$")
_LOOKS_LIKE_LABEL = re.compile(r"\)\s*-\s*\d+\s*$")
_NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")

# Header words -> canonical value column names (compared after ASCII folding).
_CANONICAL = {
    "toplam": "total",
    "total": "total",
    "nufus": "total",
    "erkek": "male",
    "male": "male",
    "men": "male",
    "kadin": "female",
    "female": "female",
    "women": "female",
}


@dataclass(frozen=True)
class MedasTable:
    """Parsed export: ``data`` (one row per mahalle) and ``problems`` (one row per problem).

    ``data`` has :data:`LABEL_COLUMNS` (``row`` is the 1-based line in the file; ``year``
    from a leading year column, nullable, NA when the export has none) followed by
    ``value_columns`` as nullable integers; ``mahalle_code`` is a string.
    """

    data: pd.DataFrame
    problems: pd.DataFrame
    value_columns: tuple[str, ...]
    encoding: str

    @property
    def ok(self) -> bool:
        return self.problems.empty


def _column_name(header: str, position: int, used: set[str]) -> str:
    key = ascii_fold(fold(header)).replace(" ", "_")
    name = _CANONICAL.get(key, key) or f"value_{position}"
    if name in used:
        name = f"{name}_{position}"
    used.add(name)
    return name


def _split(line: str) -> list[str]:
    fields = [f.strip().strip('"').strip() for f in line.split("|")]
    if len(fields) > 1 and fields[-1] == "":
        fields.pop()  # MEDAS ends each row with "|"; a further empty field is a missing value
    return fields


def _to_int(text: str) -> int | None | str:
    """An integer count from "8758", "8758.0"; None for empty/"-"; the problem text otherwise."""
    text = text.replace(" ", "")
    if text in ("", "-", ".", ".."):
        return None
    if not _NUMBER_RE.match(text):
        return f"sayı değil: {text!r}"
    value = float(text)
    if value != int(value):
        return f"tam sayı değil: {text!r}"
    if value < 0:
        return f"negatif sayı: {text!r}"
    return int(value)


def _header_names(header_lines: list[str], n_values: int) -> list[str] | None:
    """Value column names: the last ``n_values`` fields of the last header line where they
    are all non-empty words (a title line, or a line of years, is skipped)."""
    for line in reversed(header_lines):
        fields = _split(line)
        if len(fields) <= n_values:
            continue
        names = fields[-n_values:]
        if all(names) and not any(_NUMBER_RE.match(n) for n in names):
            return names
    return None


def _locate_label(fields: list[str]) -> tuple[int, re.Match[str] | None]:
    """Where the label is: first field, or second after a (possibly blank) year field."""
    match = _LABEL_RE.match(fields[0])
    if match is not None:
        return 0, match
    if len(fields) > 1 and (fields[0] == "" or _YEAR_RE.match(fields[0])):
        second = _LABEL_RE.match(fields[1])
        if second is not None:
            return 1, second
    return 0, None


def parse_medas(text: str, file: str = "<text>", encoding: str = "utf-8") -> MedasTable:
    """Parse the text of a MEDAS export (see module docstring). Never raises on content."""
    problems: list[dict[str, object]] = []
    records: list[dict[str, object]] = []
    raw_values: list[list[str]] = []
    header_lines: list[str] = []
    seen_codes: dict[tuple[int | None, str], int] = {}
    year: int | None = None

    def problem(row: int, column: str, message: str) -> None:
        problems.append({"file": file, "row": row, "column": column, "problem": message})

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = _split(line)
        at, match = _locate_label(fields)
        if match is None:
            if records or any(_LOOKS_LIKE_LABEL.search(f) for f in fields[:2]):
                problem(number, "label", f"etiket okunamadı (beklenen İl(İlçe/Belediye/Mahalle)-kod): {line.strip()[:120]!r}")
            else:
                header_lines.append(line)
            continue
        if at == 1 and fields[0]:
            year = int(fields[0])
        if at == 1 and year is None:
            problem(number, "year", "yıl sütunu boş ve önceki satırlarda yıl yok")
        inner = [part.strip() for part in match["inner"].split("/", 2)]
        if len(inner) != 3 or not all(inner):
            problem(number, "label", f"etikette ilçe/belediye/mahalle eksik: {fields[0][:120]!r}")
            continue
        code = match["code"]
        row_year = year if at == 1 else None
        if (row_year, code) in seen_codes:
            problem(number, "mahalle_code", f"mahalle kodu {code} tekrar ediyor (ilk kez satır {seen_codes[(row_year, code)]})")
            continue
        seen_codes[(row_year, code)] = number
        records.append(
            {
                "row": number,
                "province": match["province"].strip(),
                "district": inner[0],
                "municipality": inner[1],
                "mahalle": inner[2],
                "mahalle_code": code,
                "year": row_year,
            }
        )
        raw_values.append(fields[at + 1 :])

    n_values = max((len(v) for v in raw_values), default=1) or 1
    names = _header_names(header_lines, n_values)
    used: set[str] = set()
    if names is None:
        columns = ["total"] if n_values == 1 else [f"value_{i}" for i in range(1, n_values + 1)]
        used.update(columns)
    else:
        columns = [_column_name(n, i, used) for i, n in enumerate(names, start=1)]

    for record, values in zip(records, raw_values, strict=True):
        row = int(record["row"])  # type: ignore[call-overload]
        if len(values) != n_values:
            problem(row, "values", f"{n_values} değer bekleniyordu, {len(values)} bulundu")
        for column, text_value in zip(columns, values + [""] * (n_values - len(values)), strict=True):
            parsed = _to_int(text_value)
            if isinstance(parsed, str):
                problem(row, column, parsed)
                parsed = None
            elif parsed is None and len(values) == n_values:
                problem(row, column, "değer boş")
            record[column] = parsed

    if not records and not problems:
        problem(0, "", "dosyada hiç mahalle satırı yok")

    data = pd.DataFrame.from_records(records, columns=LABEL_COLUMNS + columns)
    for column in columns:
        data[column] = pd.array(data[column].tolist(), dtype="Int64")
    data["row"] = data["row"].astype("int64")
    data["year"] = pd.array(data["year"].tolist(), dtype="Int64")
    data["mahalle_code"] = data["mahalle_code"].astype(str)
    problems_frame = pd.DataFrame(problems, columns=PROBLEM_COLUMNS)
    return MedasTable(data=data, problems=problems_frame, value_columns=tuple(columns), encoding=encoding)


def read_medas(path: str | Path) -> MedasTable:
    """Read and parse a MEDAS export file, detecting its encoding.

    A file that cannot be read is reported as a problem, not raised.
    """
    path = Path(path)
    try:
        text, encoding = decode_text(path.read_bytes())
    except OSError as exc:
        return _unreadable(path, f"dosya okunamadı: {exc.strerror or exc}")
    except TextDecodeError as exc:
        return _unreadable(path, exc.tr)
    return parse_medas(text, file=str(path), encoding=encoding)


def _unreadable(path: Path, message: str) -> MedasTable:
    problems = pd.DataFrame([{"file": str(path), "row": 0, "column": "", "problem": message}], columns=PROBLEM_COLUMNS)
    empty = pd.DataFrame(columns=LABEL_COLUMNS + ["total"])
    return MedasTable(data=empty, problems=problems, value_columns=("total",), encoding="")
