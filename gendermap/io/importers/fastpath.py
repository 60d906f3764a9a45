"""The same row rules, judged a block of rows at a time, for large clean files.

Why: a 50 MB upload holds over a million rows; judging each in Python takes minutes on
a shared 2-core server. Here each distinct value of a column (indicator, year, sex,
mahalle) is judged once with the very functions of :class:`.rules.RowChecker`, counts are
read once per distinct text, and only rows that are clean by every rule are accepted
in bulk. Every other row (anything that would give an error or a note) goes through
:meth:`RowChecker.check` one by one, so its messages are exactly the ones a small file
gets. The checks across rows (:mod:`.crosscheck`) then run on everything accepted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from gendermap.io.importers.cells import CellError, number_cell
from gendermap.io.importers.result import Report
from gendermap.io.importers.rules import _MARKUP, _SEX, FIRST_YEAR, RowChecker, blank
from gendermap.names import ascii_fold, fold

__all__ = ["BLOCK", "check_block", "check_columns"]

BLOCK = 50_000
"""Rows judged together."""

def _clean_year(checker: RowChecker, raw: object) -> int | None:
    if blank(raw):
        return checker.options.year
    try:
        number = number_cell(raw, decimal_comma=False)
    except CellError:
        return None
    if number is None or number != int(number) or not FIRST_YEAR <= number <= checker._this_year:
        return None
    return int(number)


def _clean_sex(raw: object) -> str | None:
    return None if blank(raw) else _SEX.get(ascii_fold(fold(str(raw))).replace(" ", ""))


def _clean_place(checker: RowChecker, key: tuple[object, ...]) -> tuple[str, str] | None:
    """(map code, code) when judging the mahalle gives no problem and no note at all."""
    real = checker.report
    scratch = Report(real.file)
    checker.report = scratch
    try:
        found = checker._judge_mahalle(0, key[0], list(key[1:]))
    finally:
        checker.report = real
    return found if found is not None and not scratch.items and not scratch.new_mahalle else None


def _count(raw: object) -> tuple[bool, int | None]:
    """(clean, count): digits only are clean counts, an empty cell is a clean None; anything
    else is not clean here and goes to the one-by-one rules."""
    if raw is None:
        return True, None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw >= 0, raw
    text = str(raw).strip()
    if not text:
        return True, None
    if text.isdigit() and text.isascii() and len(text) < 16:
        return True, int(text)
    return False, None


def _judged(column: Sequence[object], judge: Callable[[object], Any]) -> list[Any]:
    """``judge`` applied once per distinct value of ``column`` (looked up at C speed)."""
    try:
        table = {value: judge(value) for value in set(column)}
    except TypeError:  # an unhashable cell: judged one by one
        return [judge(value) for value in column]
    return list(map(table.__getitem__, column))


def check_block(checker: RowChecker, rows: Sequence[int], records: Sequence[Sequence[object]]) -> None:
    """Judge ``records`` (with their row numbers); clean ones are accepted in bulk."""
    if not records:
        return
    width = len(checker.header)
    grid = [r if len(r) == width else (list(r) + [None] * width)[:width] for r in records]
    check_columns(checker, rows, list(zip(*grid, strict=True)))


def check_columns(checker: RowChecker, rows: Sequence[int], columns: Sequence[Sequence[object]]) -> None:
    """The same as :func:`check_block` for cells given column by column (one sequence per
    header column, all as long as ``rows``)."""
    if not rows:
        return
    n = len(rows)
    cols = checker.columns
    options = checker.options
    empty: tuple[object, ...] = (None,) * n

    def column(name: str) -> Sequence[object]:
        index = cols.get(name)
        return columns[index] if index is not None else empty

    slow = [False] * n
    for values in columns:  # markup anywhere sends the row to the one-by-one rules
        try:
            text = "\x1f".join(values)  # type: ignore[arg-type]
        except TypeError:  # sheet cells: numbers and None beside text
            text = "\x1f".join(v for v in values if isinstance(v, str))
        if ("<" in text or ":" in text or "=" in text) and _MARKUP.search(text):
            for i, value in enumerate(values):
                if isinstance(value, str) and _MARKUP.search(value):
                    slow[i] = True

    def entry_of(raw: object) -> Any:
        text = options.indicator if blank(raw) else str(raw).strip()
        entry = checker._entry(text) if text is not None else None
        return entry if entry is not None and entry.level == "mahalle" else None

    entries = _judged(column("indicator"), entry_of)
    years = _judged(column("year"), lambda raw: _clean_year(checker, raw))
    sexes = _judged(column("sex"), _clean_sex)
    places = _judged(list(zip(*(column(k) for k in ("mahalle_code", "province", "district", "mahalle")), strict=True)),
                     lambda key: _clean_place(checker, key))  # type: ignore[arg-type]
    numerators = _judged(column("numerator"), _count)
    denominators = _judged(column("denominator"), _count)
    values_blank = _judged(column("value"), blank)

    accepted: list[tuple[object, ...]] = []
    for i in range(n):
        entry, year, sex, place = entries[i], years[i], sexes[i], places[i]
        (num_ok, num), (den_ok, den) = numerators[i], denominators[i]
        if (slow[i] or entry is None or year is None or sex is None or place is None or not values_blank[i]
                or num is None or not num_ok or not den_ok):
            slow[i] = True
            continue
        if entry.unit == "count":
            if den is not None:
                slow[i] = True
                continue
        elif den is None or (entry.unit == "percent" and num > den) or (den == 0 and num > 0):
            slow[i] = True
            continue
        accepted.append((place[0], entry.id, year, sex, num, den, math.nan, rows[i], place[1]))
    if accepted:
        checker.accepted.extend(accepted)
        checker.seen += len(accepted)
    for i in range(n):
        if slow[i]:
            if checker.report.exhausted:
                return
            checker.check(int(rows[i]), [values[i] for values in columns])
