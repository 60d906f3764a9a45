"""What checking one file gives: accepted tidy rows, a problems table, counts.

The accepted rows follow the import contract (docs/architecture.md):
``mahalle_code, indicator, year, sex, numerator, denominator, value``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gendermap.problems import ERROR, WARNING, Problem, problems_frame

TIDY_COLUMNS = ["mahalle_code", "indicator", "year", "sex", "numerator", "denominator", "value"]


@dataclass(frozen=True)
class ImportResult:
    """What one file gave: accepted tidy rows, the problems table, and counts."""

    file: str
    kind: str
    rows: pd.DataFrame
    problems: pd.DataFrame
    input_rows: int = 0
    encoding: str = ""

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
        return max(self.input_rows - self.accepted, 0)


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
    """Collects problems for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []
        self.errors = 0

    def error(self, row: int, column: str, tr: str, en: str, code: str) -> None:
        self.errors += 1
        self.items.append(Problem(self.file, row, column, tr, en, ERROR, code))

    def warning(self, row: int, column: str, tr: str, en: str, code: str) -> None:
        self.items.append(Problem(self.file, row, column, tr, en, WARNING, code))

    def frame(self) -> pd.DataFrame:
        """The problems, each (row, column, message) once (a MEDAS line gives up to three rows)."""
        return problems_frame(dict.fromkeys(self.items))


def failed(file: str, kind: str, report: Report, input_rows: int = 0, encoding: str = "") -> ImportResult:
    return ImportResult(file, kind, empty_rows(), report.frame(), input_rows, encoding)


def show(value: object, limit: int = 60) -> str:
    """A cell for a message: repr-quoted and cut, so odd characters stay visible as text."""
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")

