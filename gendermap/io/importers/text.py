"""Delimited text (CSV, TSV, ';' with decimal commas) in the tidy template's columns, streamed."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pandas as pd

from gendermap.io.importers.fastpath import BLOCK, check_block, check_columns
from gendermap.io.importers.limits import MAX_ROWS, too_many_rows
from gendermap.io.importers.result import Report, empty_rows
from gendermap.io.importers.rules import Options, RowChecker

__all__ = ["read_csv_text"]

_SEPARATORS = (";", ",", "\t", "|")
_SEPARATOR_NAMES = {";": "';'", ",": "','", "\t": "sekme/tab", "|": "'|'"}
_QUOTED_DECIMAL = re.compile(r'"-?[\d.]+,\d+"')


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


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (with their line ends) one at a time, without a copy of the
    whole text (``io.StringIO`` would hold four bytes per character)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop == -1 else stop + 1
        yield text[start:stop]
        start = stop


def _read_well_formed(text: str, sep: str, options: Options, report: Report) -> tuple[pd.DataFrame, int] | None:
    """A file with no quotes, no blank lines and the header's field count on every line,
    parsed by pandas' C reader (a row's number is then its position + 1); None when the
    file is not that simple, so the line-by-line reader names each odd line."""
    if '"' in text:
        return None
    lines = _lines(text)
    expected = next(lines, "").count(sep)
    if not expected or any(line.count(sep) != expected for line in lines):
        return None  # a blank, short or long line: the line-by-line reader says which
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                            header=None, engine="c", quoting=csv.QUOTE_NONE, skip_blank_lines=False)
    except (pd.errors.ParserError, ValueError, csv.Error):
        return None
    if frame.empty:
        return None
    header = [str(v).strip() for v in frame.iloc[0]]
    if not any(header):
        return None
    checker = RowChecker(header, options, report, _decimal_comma(text, sep))
    if not checker.ready:
        return empty_rows(), 0
    body = frame.iloc[1:]
    if body.empty:
        report.error(0, "", "Dosyada başlık var ama veri satırı yok.", "The file has a header but no data rows.", "header_only")
        return empty_rows(), 0
    for start in range(0, len(body), BLOCK):
        part = body.iloc[start:start + BLOCK]
        rows = list(range(start + 2, start + 2 + len(part)))
        check_columns(checker, rows, [part[c].tolist() for c in part.columns])
        if report.exhausted:
            report.give_up()
            return empty_rows(), len(body)
    return checker.finish(), len(body)


def _decimal_comma(text: str, sep: str) -> bool:
    """';' and tab files are written by Turkish Excel with decimal commas; a ',' file has
    them only inside quotes ("24,5")."""
    return sep != "," or bool(_QUOTED_DECIMAL.search(text))


def read_csv_text(text: str, options: Options, report: Report, max_rows: int = MAX_ROWS) -> tuple[pd.DataFrame, int]:
    """Check delimited text in the template's columns, streaming: each line is checked as
    it is read and only accepted rows are kept, so memory follows the good rows, and a
    file of a million bad lines gives a bounded problems table."""
    first_line = next((line for line in _lines(text) if line.strip()), None)
    if first_line is None:
        report.error(0, "", "Dosya boş.", "The file is empty.", "empty_file")
        return empty_rows(), 0
    if text.count("\n") > max_rows:
        refused = too_many_rows(max_rows)
        report.error(0, "", refused.tr, refused.en, refused.code)
        return empty_rows(), 0
    sep = _separator(first_line)
    fast = _read_well_formed(text, sep, options, report)
    if fast is not None:
        return fast
    reader = csv.reader(_lines(text), delimiter=sep)
    checker: RowChecker | None = None
    header: list[str] = []
    n = 0
    block: list[list[str]] = []
    block_rows: list[int] = []
    try:
        for values in reader:
            if not values or (len(values) < len(header) + 1 and not "".join(values).strip()):
                continue
            if checker is None:
                header = [v.strip() for v in values]
                checker = RowChecker(header, options, report, _decimal_comma(text, sep))
                if not checker.ready:
                    return empty_rows(), 0
                continue
            n += 1
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
                if report.exhausted:
                    break
                continue
            block_rows.append(line)
            block.append(values)  # cells are stripped where they are judged
            if len(block) >= BLOCK:
                check_block(checker, block_rows, block)
                block, block_rows = [], []
                if report.exhausted:
                    break
    except csv.Error:
        report.error(reader.line_num, "", "CSV bu satırda okunamadı (kapanmamış tırnak ya da çok uzun hücre)",
                     "the CSV could not be read at this line (an unclosed quote or an over-long cell)", "csv")
    if checker is not None and not report.exhausted:
        check_block(checker, block_rows, block)
    if report.exhausted:
        report.give_up()
        return empty_rows(), n
    if checker is None:
        report.error(0, "", "Dosya boş.", "The file is empty.", "empty_file")
        return empty_rows(), 0
    if n == 0:
        report.error(0, "", "Dosyada başlık var ama veri satırı yok.", "The file has a header but no data rows.", "header_only")
        return empty_rows(), 0
    return checker.finish(), n
