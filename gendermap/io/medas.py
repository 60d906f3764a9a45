"""Reader for TÜİK MEDAS "Belediye, köy ve mahalle nüfusları" exports, in every layout
MEDAS delivers them.

MEDAS writes one row per mahalle with a label that packs five fields, then one or more
values::

    İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|8758.0|

A browser download (pipe text, binary ``.xls`` or ``.xlsx``: the same grid) adds
MEDAS's scaffolding above the rows, puts the year in a leading column that is filled in
only when it changes, and may end with an empty ``|||`` line::

    ||Sütunlar||
    Satırlar||Belediye, köy ve mahalle nüfusları||
    ||Erkek|Kadın|
    ||||
    2023|İzmir(Aliağa/Aliağa Bel./Atatürk Mah.)-41320|4400|4358|
    |İzmir(Aliağa/Aliağa Bel./Bahçedere Mah.)-193001|5100|5085|
    |||

The value columns are named by the header: ``Ölçüm bazında`` (the total only),
``Erkek|Kadın`` or ``Erkek|Kadın|Toplam``, and age-group blocks either in one cell
(``Erkek ve 65-69``) or stacked on two header lines (``65-69`` above ``Erkek|Kadın``).
The year may instead stand in the header (``Yıl|2023|2023|``) or in the title.
A blank cell, or MEDAS's withheld marker (``-9.98E8``), is a value MEDAS did not give
(zero or hidden): it is kept apart as a blank, never read as a number.

Text is decoded by :mod:`gendermap.decoding` (UTF-8 with or without BOM, UTF-16,
Windows-1254). This module turns a grid into a frame of mahalle rows plus problems
(file, row, column, problem): a bad row is reported, never dropped silently, and nothing
here raises on bad content. Rows that are not mahalle (villages, municipalities) are
counted, not reported one by one: a village file is one sentence, not 18,000 errors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gendermap.decoding import TextDecodeError, decode_text
from gendermap.names import ascii_fold

__all__ = [
    "LABEL_COLUMNS",
    "PROBLEM_COLUMNS",
    "MedasTable",
    "ValueColumn",
    "looks_like_medas",
    "parse_grid",
    "parse_medas",
    "read_medas",
]

LABEL_COLUMNS = ["row", "province", "district", "municipality", "mahalle", "mahalle_code", "year"]
PROBLEM_COLUMNS = ["file", "row", "column", "problem"]
BLANK_COLUMNS = ["row", "column", "withheld"]

# province(district/municipality/mahalle)-code ; the mahalle may itself hold "(...)".
_LABEL_RE = re.compile(r"^\s*(?P<province>[^(/|]+?)\s*\((?P<inner>.+)\)\s*-\s*(?P<code>\d+)\s*$")
_LOOKS_LIKE_LABEL = re.compile(r"\)\s*-\s*\d+\s*$")
_NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d(?:\.0+)?$")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:199|20\d)\d)(?!\d)")
_AGE_RANGE = re.compile(r"^(\d{1,3})\s*-\s*(\d{1,3})$")
_AGE_OPEN = re.compile(r"^(\d{1,3})\s*\+$")
_AGE_OPEN_WORDS = re.compile(r"(\d{1,3})\s*(?:yas\s*)?ve\s*(?:uzeri|ustu|yukarisi)")
_SCAFFOLD = {"sutunlar", "satirlar"}
MAX_LINES = 100_000
"""Lines of one export: more than all of Türkiye's ~74,000 mahalle for a year (İzmir and
Balıkesir have ~2,430 a year). Past this a file is refused whole (time and memory stay
bounded), not read halfway."""
_WITHHELD = -1e8
"""MEDAS writes a withheld cell as -9.98E8; anything this negative is that marker."""

_SEXES = {
    "erkek": "M", "male": "M", "men": "M",
    "kadin": "F", "female": "F", "women": "F",
    "toplam": "T", "total": "T", "nufus": "T", "olcum bazinda": "T",
}
_SEX_NAMES = {"M": "male", "F": "female", "T": "total"}


@dataclass(frozen=True)
class ValueColumn:
    """What one value column counts: ``sex`` F/M/T and ``age_group`` ("all", "65-69", "90+")."""

    name: str
    sex: str
    age_group: str = "all"

    @property
    def age_bounds(self) -> tuple[int, float] | None:
        """(first age, last age) of the group; None for "all"."""
        if self.age_group == "all":
            return None
        low, _, high = self.age_group.partition("-")
        return (int(low.rstrip("+")), math.inf if self.age_group.endswith("+") else float(high))


@dataclass(frozen=True)
class MedasTable:
    """Parsed export: ``data`` (one row per mahalle) and ``problems`` (one row per problem).

    ``data`` has :data:`LABEL_COLUMNS` (``row`` is the 1-based line or sheet row; ``year``
    from a year column, nullable) followed by ``value_columns`` as nullable integers;
    ``mahalle_code`` is a string. ``columns`` says what each value column counts (empty
    when the header could not be read: the names are then kept as found). ``blanks``
    lists the cells MEDAS left empty or withheld (row, column, withheld); ``header_year``
    is a year named above the rows; ``other_levels`` counts rows that are not mahalle
    (``village``, ``municipality``) and ``measure`` is MEDAS's title line.
    """

    data: pd.DataFrame
    problems: pd.DataFrame
    value_columns: tuple[str, ...]
    encoding: str
    columns: tuple[ValueColumn, ...] = ()
    blanks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=BLANK_COLUMNS))
    header_year: int | None = None
    other_levels: dict[str, int] = field(default_factory=dict)
    measure: str = ""

    @property
    def ok(self) -> bool:
        return self.problems.empty

    @property
    def understood(self) -> bool:
        """Every value column was named by the header as a sex (and age group)."""
        return len(self.columns) == len(self.value_columns)


def looks_like_medas(rows: Iterable[Sequence[object]], limit: int = 60) -> bool:
    """True when one of the first ``limit`` rows carries a MEDAS label cell."""
    for i, row in enumerate(rows):
        if i >= limit:
            return False
        if any(isinstance(c, str) and _LABEL_RE.match(c) for c in list(row)[:4]):
            return True
    return False


def _key(text: str) -> str:
    """Lower-case ASCII with punctuation kept ("Kadın ve 65-69" -> "kadin ve 65-69")."""
    return re.sub(r"\s+", " ", ascii_fold(text)).strip()


def _column(name: str) -> ValueColumn | None:
    """A header name read as sex and age group: "Erkek", "Kadın ve 65-69", "Toplam",
    "Ölçüm bazında", "Cinsiyet:Erkek ve Yaş grubu:90+", "0-4 ve Kadın"."""
    text = _AGE_OPEN_WORDS.sub(lambda m: f"{m.group(1)}+", _key(name))
    sex = age = None
    for part in re.split(r"\s+ve\s+|\s*,\s*|\s*/\s*", text):
        part = part.rsplit(":", 1)[-1].strip()
        part = re.sub(r"^(?:yas grubu|yas)\s*|\s*yas$", "", part).strip()
        if part in _SEXES and sex is None:
            sex = _SEXES[part]
        elif (m := _AGE_RANGE.match(part)) and age is None and int(m.group(1)) <= int(m.group(2)):
            age = f"{int(m.group(1))}-{int(m.group(2))}"
        elif (m := _AGE_OPEN.match(part)) and age is None:
            age = f"{int(m.group(1))}+"
        elif part in ("", "olcum bazinda"):
            continue
        else:
            return None
    if sex is None and age is None:
        return None
    return ValueColumn("", sex or "T", age or "all")


def _named(columns: list[ValueColumn]) -> tuple[ValueColumn, ...]:
    ages = {c.age_group for c in columns}
    out = []
    for c in columns:
        base = _SEX_NAMES[c.sex]
        out.append(ValueColumn(base if ages == {"all"} else f"{base}_{c.age_group}", c.sex, c.age_group))
    return tuple(out)


def _cell_text(cell: object) -> str:
    """A grid cell as text: spreadsheets give floats (2023.0, 4400.0), text gives str."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        if math.isnan(cell):
            return ""
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return str(cell).strip().strip('"').strip()


def _to_int(text: str) -> int | None:
    """A count from "8758", "8758.0"; None for a blank or MEDAS's withheld marker.

    Raises ValueError with the Turkish problem text when the cell is not a count.
    """
    text = text.replace(" ", "")
    if text in ("", "-", ".", ".."):
        return None
    if not _NUMBER_RE.match(text):
        raise ValueError(f"sayı değil: {text!r}")
    value = float(text)
    if value <= _WITHHELD:
        return None
    if value != int(value):
        raise ValueError(f"tam sayı değil: {text!r}")
    if value < 0:
        raise ValueError(f"negatif sayı: {text!r}")
    return int(value)


def _split(line: str) -> list[str]:
    fields = [f.strip().strip('"').strip() for f in line.split("|")]
    if len(fields) > 1 and fields[-1] == "":
        fields.pop()  # MEDAS ends each row with "|"; a further empty field is a missing value
    return fields


def _locate_label(cells: list[str]) -> tuple[int, re.Match[str] | None]:
    """Where the label is: in one of the first three cells, after year or measure cells."""
    for at in range(min(3, len(cells))):
        match = _LABEL_RE.match(cells[at])
        if match is not None:
            return at, match
    return 0, None


def _header_columns(header_rows: list[list[str]], start: int, n_values: int) -> list[str] | None:
    """Names of the value columns from the header rows (scaffolding and year rows left
    out); stacked rows (an age group spanning the sexes below it) are joined with "ve"."""
    named: list[list[str]] = []
    for cells in header_rows:
        if {_key(c) for c in cells if c} & _SCAFFOLD:
            continue
        window = [cells[i] if i < len(cells) else "" for i in range(start, start + n_values)]
        if not any(window) or all(_YEAR_RE.match(c) or not c for c in window):
            continue
        named.append(window)
    if not named:
        return None
    for upper in named[:-1]:  # a spanning cell covers the blank cells to its right
        for i in range(1, n_values):
            if not upper[i]:
                upper[i] = upper[i - 1]
    return [" ve ".join(row[i] for row in named if row[i]) for i in range(n_values)]


def _header_year(header_rows: list[list[str]]) -> int | None:
    years = [int(y) for cells in header_rows for c in cells for y in _YEAR_IN_TEXT.findall(c)
             if not _AGE_RANGE.match(_key(c))]
    return years[-1] if years else None


def parse_grid(rows: Iterable[Sequence[object]], file: str = "<grid>", encoding: str = "",
               *, padded: bool = False, max_lines: int = MAX_LINES) -> MedasTable:
    """Parse a MEDAS grid (rows of cells: pipe-split text, or a sheet when ``padded``:
    a sheet pads short rows with blank cells, so a short row is not a missing value).
    Row numbers are 1-based positions in ``rows``. Never raises on content."""
    problems: list[dict[str, object]] = []
    records: list[dict[str, object]] = []
    raw_values: list[list[str]] = []
    header_rows: list[list[str]] = []
    seen: dict[tuple[int | None, str], int] = {}
    other: dict[str, int] = {}
    year: int | None = None
    start: int | None = None
    measure = ""

    def problem(row: int, column: str, message: str) -> None:
        problems.append({"file": file, "row": row, "column": column, "problem": message})

    for number, raw in enumerate(rows, start=1):
        if number > max_lines:
            problem(0, "", f"dosyada {max_lines:,} satırdan fazla var (Türkiye'nin bütün mahalleleri birkaç yıl için bile "
                    "daha az tutar): dosya okunmadı, bölün".replace(",", "."))
            records.clear()
            raw_values.clear()
            break
        cells = [_cell_text(c) for c in raw]
        if not any(cells):
            continue  # blank lines and MEDAS's "|||" separator and footer
        at, match = _locate_label(cells)
        if match is None:
            if records or any(_LOOKS_LIKE_LABEL.search(c) for c in cells[:3]):
                problem(number, "label", f"etiket okunamadı (beklenen İl(İlçe/Belediye/Mahalle)-kod): {'|'.join(cells)[:120]!r}")
            else:
                if cells and _key(cells[0]) == "satirlar":
                    measure = next((c for c in cells[1:] if c), "")
                header_rows.append(cells)
            continue
        for cell in cells[:at]:
            if _YEAR_RE.match(cell):
                year = int(float(cell))
        inner = [part.strip() for part in match["inner"].split("/", 2)]
        if len(inner) == 2 and all(inner):
            level = "municipality" if _key(inner[1]).endswith(("bel.", "belediyesi")) else "village"
            other[level] = other.get(level, 0) + 1
            continue
        if len(inner) != 3 or not all(inner):
            problem(number, "label", f"etikette ilçe/belediye/mahalle eksik: {cells[at][:120]!r}")
            continue
        if start is None:
            start = at + 1
        code = match["code"]
        row_year = year if at > 0 else None
        if (row_year, code) in seen:
            problem(number, "mahalle_code", f"mahalle kodu {code} tekrar ediyor (ilk kez satır {seen[(row_year, code)]})")
            continue
        seen[(row_year, code)] = number
        records.append({"row": number, "province": match["province"].strip(), "district": inner[0],
                        "municipality": inner[1], "mahalle": inner[2], "mahalle_code": code, "year": row_year})
        raw_values.append(cells[at + 1:])

    start = start if start is not None else 1
    n_values = max((len(v) for v in raw_values), default=1) or 1
    names = _header_columns(header_rows, start, n_values)
    if names is not None:  # spreadsheets pad rows with blank cells: the header says how wide
        while n_values > 1 and not names[n_values - 1]:
            n_values -= 1
        names = names[:n_values]
    columns: tuple[ValueColumn, ...] = ()
    if names is None:
        value_columns = ["total"] if n_values == 1 else [f"value_{i}" for i in range(1, n_values + 1)]
        if n_values == 1:
            columns = (ValueColumn("total", "T"),)
    else:
        parsed = [_column(n) for n in names]
        if all(p is not None for p in parsed) and len({(p.sex, p.age_group) for p in parsed if p}) == len(parsed):
            columns = _named([p for p in parsed if p is not None])
            value_columns = [c.name for c in columns]
        else:
            used: set[str] = set()
            value_columns = []
            for i, n in enumerate(names, start=1):
                name = _key(n).replace(" ", "_") or f"value_{i}"
                value_columns.append(name if name not in used else f"{name}_{i}")
                used.add(value_columns[-1])

    blanks: list[dict[str, object]] = []
    for record, values in zip(records, raw_values, strict=True):
        row = int(record["row"])  # type: ignore[call-overload]
        if len(values) > n_values and any(values[n_values:]):
            problem(row, "values", f"{n_values} değer bekleniyordu, {len([v for v in values if v])} bulundu")
        elif len(values) < n_values and not padded:
            problem(row, "values", f"{n_values} değer bekleniyordu, {len(values)} bulundu")
        for column, text_value in zip(value_columns, values + [""] * (n_values - len(values)), strict=False):
            try:
                parsed_value = _to_int(text_value)
            except ValueError as exc:
                problem(row, column, str(exc))
                parsed_value = None
            else:
                if parsed_value is None:
                    blanks.append({"row": row, "column": column, "withheld": text_value not in ("", "-", ".", "..")})
            record[column] = parsed_value

    if not records and not problems and not other:
        problem(0, "", "dosyada hiç mahalle satırı yok")

    data = pd.DataFrame.from_records(records, columns=LABEL_COLUMNS + value_columns)
    for column in value_columns:
        data[column] = pd.array(data[column].tolist(), dtype="Int64")
    data["row"] = data["row"].astype("int64")
    data["year"] = pd.array(data["year"].tolist(), dtype="Int64")
    data["mahalle_code"] = data["mahalle_code"].astype(str)
    return MedasTable(
        data=data,
        problems=pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
        value_columns=tuple(value_columns),
        encoding=encoding,
        columns=columns,
        blanks=pd.DataFrame(blanks, columns=BLANK_COLUMNS),
        header_year=_header_year(header_rows),
        other_levels=other,
        measure=measure,
    )


def parse_medas(text: str, file: str = "<text>", encoding: str = "utf-8") -> MedasTable:
    """Parse the text of a MEDAS export (see module docstring). Never raises on content."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return parse_grid((_split(line) for line in lines), file=file, encoding=encoding)


def read_medas(path: str | Path) -> MedasTable:
    """Read and parse a MEDAS text export file, detecting its encoding.

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
