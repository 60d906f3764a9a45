"""Entry points: check a file on disk or the bytes of an upload, whatever its format.

The kind is decided by content first (a zip, an OLE2 workbook, MEDAS labels), then by
the name's suffix; every reader is bounded (:mod:`.limits`) and none raises on content.
"""

from __future__ import annotations

import gc
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gendermap.catalogue import Catalogue
from gendermap.decoding import TextDecodeError, decode_text
from gendermap.io.importers.archive import EXCEL_SUFFIXES, GEO_SUFFIXES, read_zip, validate_geo
from gendermap.io.importers.geo import read_geo
from gendermap.io.importers.limits import InputRefused, regular_file
from gendermap.io.importers.medas_rows import is_medas, read_medas_rows
from gendermap.io.importers.reference import MahalleReference
from gendermap.io.importers.result import ImportResult, Report, combine, failed
from gendermap.io.importers.rules import Options
from gendermap.io.importers.sheets import OLE_MAGIC
from gendermap.io.importers.text import read_csv_text
from gendermap.io.importers.workbook import read_workbook
from gendermap.problems import concat_problems

__all__ = ["MAX_BYTES", "validate_bytes", "validate_file"]

MAX_BYTES = 50 * 1024 * 1024
"""Files (and zip contents) larger than this are refused before reading: 50 MB is far
more than every mahalle of both provinces times every indicator needs."""


_BLANK = re.compile(rb"[ \t\r\n\xef\xbb\xbf]*")
"""An empty file: only spaces, line ends and a BOM (matched without copying the bytes)."""


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is checked: a large file makes
    millions of small tuples with no cycles, and each collection would walk all of them
    again (measured: several times slower). Collection resumes as soon as the check ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _too_large(name: str, size: int, max_bytes: int) -> ImportResult:
    report = Report(name)
    report.error(0, "", f"dosya çok büyük: {size / 2**20:.1f} MB (sınır {max_bytes / 2**20:.0f} MB); okunmadı. Dosyayı ilçelere bölün.",
                 f"file too large: {size / 2**20:.1f} MB (limit {max_bytes / 2**20:.0f} MB); not read. Split it, e.g. by district.",
                 "too_large")
    return failed(name, "unknown", report)


def validate_bytes(
    data: bytes,
    name: str,
    catalogue: Catalogue,
    reference: MahalleReference | None,
    *,
    indicator: str | None = None,
    year: int | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Check the content of a file called ``name`` (an upload, a zip entry).

    The kind is chosen by content and the name's suffix: zip archives, XLS/XLSX
    workbooks (MEDAS or the template), GIS files, and text (MEDAS labels versus the
    tidy template). Never raises on bad content.
    """
    options = Options(catalogue, reference, indicator, year)
    with _bulk():
        return _validate_bytes(data, name, options, max_bytes)


def _validate_bytes(data: bytes, name: str, options: Options, max_bytes: int) -> ImportResult:
    report = Report(name)
    suffix = Path(name).suffix.lower()
    if len(data) > max_bytes:
        return _too_large(name, len(data), max_bytes)
    if _BLANK.fullmatch(data):
        report.error(0, "", "Dosya boş.", "The file is empty.", "empty_file")
        return failed(name, "empty", report)
    if data.startswith(OLE_MAGIC) or (suffix in EXCEL_SUFFIXES | {".xls"} and data.startswith(b"PK")):
        return read_workbook(data, name, options)
    if zipfile.is_zipfile(io.BytesIO(data)):
        results, n = read_zip(Path(name), data, options, report, max_bytes, _validate_bytes)
        return combine(name, "zip", report, results, n)
    if suffix in EXCEL_SUFFIXES:
        report.error(0, "", "dosya bir Excel çalışma kitabı değil (XLSX bekleniyordu); Excel'de açıp yeniden kaydedin",
                     "the file is not an Excel workbook (XLSX expected); open it in Excel and save it again", "xlsx")
        return failed(name, "tidy-xlsx", report)
    if suffix in GEO_SUFFIXES - {".json"} or (suffix == ".json" and b'"features"' in data[:100_000]):
        rows, n = read_geo(data, options, report)
        return ImportResult(name, "geo", rows, report.frame(), n)
    try:
        text, encoding = decode_text(data)
    except TextDecodeError as exc:
        report.error(0, "", exc.tr, exc.en, exc.code)
        return failed(name, "text", report, encoding=exc.encoding)
    if is_medas(text):
        rows, n, medas_problems = read_medas_rows(text, encoding, options, report)
        return ImportResult(name, "medas", rows, concat_problems([medas_problems, report.frame()]), n, encoding,
                            new_mahalle=report.new_mahalle_frame(), merged=report.merged)
    rows, n = read_csv_text(text, options, report)
    return ImportResult(name, "tidy-csv", rows, report.frame(), n, encoding, new_mahalle=report.new_mahalle_frame(),
                        merged=report.merged)


def validate_file(
    path: str | Path,
    catalogue: Catalogue,
    reference: MahalleReference | None,
    *,
    indicator: str | None = None,
    year: int | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Check a file on disk: only a regular file (no symlink, device or FIFO), size
    first (never reads a file over ``max_bytes``), then as :func:`validate_bytes`.
    Shapefiles and GeoPackages are read in place by GDAL."""
    with _bulk():
        return _validate_file(Path(path), catalogue, reference, indicator, year, max_bytes)


def _validate_file(path: Path, catalogue: Catalogue, reference: MahalleReference | None, indicator: str | None,
                   year: int | None, max_bytes: int) -> ImportResult:
    report = Report(path.name)
    try:
        size = regular_file(path, max_bytes)
    except InputRefused as exc:
        report.error(0, "", exc.tr, exc.en, exc.code)
        return failed(path.name, "unknown", report)
    suffix = path.suffix.lower()
    options = Options(catalogue, reference, indicator, year)
    if suffix in {".shp", ".gpkg"}:
        return validate_geo(path.name, str(path), options)
    if size and zipfile.is_zipfile(path) and suffix not in EXCEL_SUFFIXES:
        results, n = read_zip(path, None, options, report, max_bytes, _validate_bytes)
        return combine(path.name, "zip", report, results, n)
    from gendermap.io.importers.limits import read_regular

    try:
        data = read_regular(path, max_bytes)
    except InputRefused as exc:
        report.error(0, "", exc.tr, exc.en, exc.code)
        return failed(path.name, "unknown", report)
    return _validate_bytes(data, path.name, options, max_bytes)
