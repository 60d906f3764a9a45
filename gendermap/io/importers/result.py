"""What checking one file gives: accepted tidy rows, a problems table, counts.

The accepted rows follow the import contract (docs/architecture.md):
``mahalle_code, indicator, year, sex, numerator, denominator, value``.

The problems table is bounded: a file of a million bad lines gives its first
:data:`MAX_PROBLEMS` problems and one line per kind saying how many more there were,
not a million-row table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from gendermap.numbers import format_int
from gendermap.problems import ERROR, WARNING, Problem, concat_problems, problems_frame

TIDY_COLUMNS = ["mahalle_code", "indicator", "year", "sex", "numerator", "denominator", "value"]
NEW_MAHALLE_COLUMNS = ["mahalle_code", "province", "district", "mahalle"]
MAX_PROBLEMS = 1000
"""Problems kept one by one per file; the rest are counted by kind."""
MAX_TOTAL_PROBLEMS = 20_000
"""Past this many problems a file is not checked further and not taken: it is broken
as a whole, and checking the rest would only cost the server time."""


def _empty_new() -> pd.DataFrame:
    return pd.DataFrame(columns=NEW_MAHALLE_COLUMNS, dtype=object)


@dataclass(frozen=True)
class ImportResult:
    """What one file gave: accepted tidy rows, the problems table, and counts.

    ``new_mahalle`` names the mahalle whose codes are newer than the project's 2023 list
    (accepted, kept, not joined to a polygon until the boundaries know them).
    """

    file: str
    kind: str
    rows: pd.DataFrame
    problems: pd.DataFrame
    input_rows: int = 0
    encoding: str = ""
    new_mahalle: pd.DataFrame = field(default_factory=_empty_new)
    merged: int = 0
    """Input rows added into another row's polygon (alias merges): neither accepted
    on their own nor rejected."""

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not bool((self.problems["severity"] == ERROR).any())

    @property
    def file_rejected(self) -> bool:
        """An error about the whole file (row 0): nothing of it can be used."""
        errors = self.problems[self.problems["severity"] == ERROR]
        return bool((errors["row"] == 0).any())

    @property
    def accepted(self) -> int:
        return len(self.rows)

    @property
    def rejected(self) -> int:
        return max(self.input_rows - self.accepted - self.merged, 0)


def empty_rows() -> pd.DataFrame:
    return typed(pd.DataFrame(columns=TIDY_COLUMNS))


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[TIDY_COLUMNS].copy()
    frame["mahalle_code"] = frame["mahalle_code"].astype(object)
    frame["indicator"] = frame["indicator"].astype(object)
    frame["sex"] = frame["sex"].astype(object)
    frame["year"] = frame["year"].astype("int64")
    frame["numerator"] = pd.to_numeric(frame["numerator"]).astype("Int64")
    frame["denominator"] = pd.to_numeric(frame["denominator"]).astype("Int64")
    frame["value"] = pd.to_numeric(frame["value"]).astype(float)
    return frame.reset_index(drop=True)


class Report:
    """Collects problems for one file: the first :data:`MAX_PROBLEMS` one by one, the
    rest counted by kind (so a hostile file cannot grow the table without bound)."""

    def __init__(self, file: str, max_problems: int = MAX_PROBLEMS, max_total: int = MAX_TOTAL_PROBLEMS) -> None:
        self.file = file
        self.max_total = max_total
        self.total = 0
        self.items: dict[Problem, None] = {}
        self.errors = 0
        self.max_problems = max_problems
        self.overflow: Counter[tuple[str, str]] = Counter()
        self.new_mahalle: dict[str, tuple[str, str, str]] = {}
        self.merged = 0

    @property
    def exhausted(self) -> bool:
        """So many problems that the rest of the file is not worth checking."""
        return self.total >= self.max_total

    def give_up(self) -> None:
        """Say once that checking stopped and the file is not taken."""
        limit_tr, limit_en = format_int(self.max_total, "tr"), format_int(self.max_total, "en")
        self.errors += 1
        self.items[Problem(self.file, 0, "", f"Dosyada {limit_tr} sorundan fazlası var: denetim durduruldu ve dosya alınmadı. "
                           "İlk sorunlar aşağıda; dosyayı düzeltip yeniden yükleyin.",
                           f"The file has more than {limit_en} problems: checking stopped and the file was not taken. "
                           "The first problems are listed; fix the file and upload it again.", ERROR, "too_many_problems")] = None

    def _add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.items) < self.max_problems or problem in self.items:
            self.items[problem] = None
        else:
            self.overflow[(problem.severity, problem.code)] += 1

    def error(self, row: int, column: str, tr: str, en: str, code: str) -> None:
        self.errors += 1
        self._add(Problem(self.file, row, column, tr, en, ERROR, code))

    def warning(self, row: int, column: str, tr: str, en: str, code: str) -> None:
        self._add(Problem(self.file, row, column, tr, en, WARNING, code))

    def frame(self) -> pd.DataFrame:
        """The problems, each (row, column, message) once, then one line per kind of the
        problems beyond the cap."""
        items = list(self.items)
        for (severity, code), count in sorted(self.overflow.items()):
            items.append(Problem(
                self.file, 0, "",
                f"… ve bu türden ({code}) {format_int(count, 'tr')} sorun daha (ilk {format_int(self.max_problems, 'tr')} sorun tek tek listelendi)",
                f"… and {format_int(count, 'en')} more problems of this kind ({code}) (the first {format_int(self.max_problems, 'en')} are listed)",
                severity, code))  # type: ignore[arg-type]
        return problems_frame(items)

    def new_mahalle_frame(self) -> pd.DataFrame:
        if not self.new_mahalle:
            return _empty_new()
        return pd.DataFrame([(c, *place) for c, place in sorted(self.new_mahalle.items())], columns=NEW_MAHALLE_COLUMNS)


def failed(file: str, kind: str, report: Report, input_rows: int = 0, encoding: str = "") -> ImportResult:
    return ImportResult(file, kind, empty_rows(), report.frame(), input_rows, encoding)


def show(value: object, limit: int = 60) -> str:
    """A cell for a message: repr-quoted and cut, so odd characters stay visible as text."""
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def combine(name: str, kind: str, report: Report, results: Iterable[ImportResult], n: int) -> ImportResult:
    """One result from several parts of one upload (zip entries, workbook sheets)."""
    results = list(results)
    rows = [r.rows for r in results if not r.rows.empty]
    combined = typed(pd.concat(rows, ignore_index=True)) if rows else empty_rows()
    problems = concat_problems([report.frame(), *(r.problems for r in results)])
    if len(rows) > 1:  # the same key in two parts of one upload
        dup = combined.duplicated(["mahalle_code", "indicator", "year", "sex"], keep=False)
        if dup.any():
            extra = Report(name)
            extra.error(0, "", f"dosyanın parçaları aynı kayıtları tekrar ediyor ({int(dup.sum())} satır): reddedildi",
                        f"parts of the file repeat the same keys ({int(dup.sum())} rows): rejected", "duplicate")
            problems = concat_problems([problems, extra.frame()])
            combined = combined[~dup].reset_index(drop=True)
    new = [r.new_mahalle for r in results if not r.new_mahalle.empty]
    new_frame = pd.concat(new, ignore_index=True).drop_duplicates() if new else _empty_new()
    return ImportResult(name, kind, combined, problems, n, new_mahalle=new_frame,
                        merged=sum(r.merged for r in results))
