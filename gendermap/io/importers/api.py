"""Entry points: check a file on disk or the bytes of an upload, whatever its format."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from gendermap.catalogue import Catalogue
from gendermap.decoding import TextDecodeError, decode_text
from gendermap.io.importers.archive import EXCEL_SUFFIXES, GEO_SUFFIXES, read_zip, validate_geo
from gendermap.io.importers.geo import read_geo
from gendermap.io.importers.medas_rows import is_medas, read_medas_rows
from gendermap.io.importers.reference import MahalleReference
from gendermap.io.importers.result import ImportResult, Report, empty_rows, failed, typed
from gendermap.io.importers.rules import Options
from gendermap.io.importers.text import read_csv_text
from gendermap.io.importers.xlsx import read_xlsx
from gendermap.problems import concat_problems

__all__ = ["MAX_BYTES", "validate_bytes", "validate_file"]

MAX_BYTES = 50 * 1024 * 1024
"""Files (and zip contents) larger than this are refused before reading: 50 MB is far
more than every mahalle of both provinces times every indicator needs."""


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

    The kind is chosen by the name's suffix and, for text, by content (MEDAS labels
    versus the tidy template). Never raises on bad content.
    """
    options = Options(catalogue, reference, indicator, year)
    return _validate_bytes(data, name, options, max_bytes)


def _validate_bytes(data: bytes, name: str, options: Options, max_bytes: int) -> ImportResult:
    report = Report(name)
    suffix = Path(name).suffix.lower()
    if len(data) > max_bytes:
        report.error(0, "", f"dosya çok büyük: {len(data) / 2**20:.1f} MB (sınır {max_bytes / 2**20:.0f} MB)",
                     f"file too large: {len(data) / 2**20:.1f} MB (limit {max_bytes / 2**20:.0f} MB)", "too_large")
        return failed(name, "unknown", report)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        report.error(0, "", "Dosya boş.", "The file is empty.", "empty_file")
        return failed(name, "empty", report)
    if zipfile.is_zipfile(io.BytesIO(data)) and suffix not in EXCEL_SUFFIXES:
        results, n = read_zip(Path(name), data, options, report, max_bytes, _validate_bytes)
        return combine(name, report, results, n)
    if suffix in EXCEL_SUFFIXES:
        rows, n = read_xlsx(data, options, report)
        return ImportResult(name, "tidy-xlsx", rows, report.frame(), n)
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
        return ImportResult(name, "medas", rows, concat_problems([medas_problems, report.frame()]), n, encoding)
    rows, n = read_csv_text(text, options, report)
    return ImportResult(name, "tidy-csv", rows, report.frame(), n, encoding)


def combine(name: str, report: Report, results: Iterable[ImportResult], n: int) -> ImportResult:
    results = list(results)
    rows = [r.rows for r in results if not r.rows.empty]
    combined = typed(pd.concat(rows, ignore_index=True)) if rows else empty_rows()
    problems = concat_problems([report.frame(), *(r.problems for r in results)])
    if len(rows) > 1:  # the same key in two entries of one archive
        dup = combined.duplicated(["mahalle_code", "indicator", "year", "sex"], keep=False)
        if dup.any():
            extra = Report(name)
            extra.error(0, "", f"zip içindeki dosyalar aynı anahtarları tekrar ediyor ({int(dup.sum())} satır): reddedildi",
                        f"files inside the zip repeat the same keys ({int(dup.sum())} rows): rejected", "duplicate")
            problems = concat_problems([problems, extra.frame()])
            combined = combined[~dup].reset_index(drop=True)
    return ImportResult(name, "zip", combined, problems, n)


def validate_file(
    path: str | Path,
    catalogue: Catalogue,
    reference: MahalleReference | None,
    *,
    indicator: str | None = None,
    year: int | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Check a file on disk: size first (never reads a file over ``max_bytes``), then as
    :func:`validate_bytes`. Shapefiles and GeoPackages are read in place by GDAL."""
    path = Path(path)
    report = Report(path.name)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        report.error(0, "", f"dosya okunamadı: {exc.strerror or exc}", f"file could not be read: {exc.strerror or exc}", "read")
        return failed(path.name, "unknown", report)
    if path.is_dir():
        report.error(0, "", "bu bir klasör, dosya değil", "this is a folder, not a file", "read")
        return failed(path.name, "unknown", report)
    if size > max_bytes:
        report.error(0, "", f"dosya çok büyük: {size / 2**20:.1f} MB (sınır {max_bytes / 2**20:.0f} MB); okunmadı. Dosyayı ilçelere bölün.",
                     f"file too large: {size / 2**20:.1f} MB (limit {max_bytes / 2**20:.0f} MB); not read. Split it, e.g. by district.", "too_large")
        return failed(path.name, "unknown", report)
    suffix = path.suffix.lower()
    options = Options(catalogue, reference, indicator, year)
    if suffix in {".shp", ".gpkg"}:
        return validate_geo(path.name, str(path), options)
    if size and zipfile.is_zipfile(path) and suffix not in EXCEL_SUFFIXES:
        results, n = read_zip(path, None, options, report, max_bytes, _validate_bytes)
        return combine(path.name, report, results, n)
    return validate_bytes(path.read_bytes(), path.name, catalogue, reference,
                          indicator=indicator, year=year, max_bytes=max_bytes)

