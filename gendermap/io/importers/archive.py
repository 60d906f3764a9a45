"""Zip archives: unsafe entries refused before anything is read, sizes bounded.

Entries are checked by the caller's ``validate`` (the same entry point as a single
upload), so a file inside a zip is judged exactly like the same file on its own.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from gendermap.io.importers.geo import read_geo
from gendermap.io.importers.limits import InputRefused, broken_zip, read_member, true_size
from gendermap.io.importers.result import ImportResult, Report, show
from gendermap.io.importers.rules import Options

__all__ = ["EXCEL_SUFFIXES", "GEO_SUFFIXES", "MAX_ZIP_RATIO", "READABLE_SUFFIXES", "TEXT_SUFFIXES", "read_zip", "validate_geo"]

MAX_ZIP_RATIO = 200
"""A zip entry that expands more than this many times is treated as a zip bomb."""

TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
GEO_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp"}
READABLE_SUFFIXES = TEXT_SUFFIXES | EXCEL_SUFFIXES | {".xls"} | GEO_SUFFIXES

Validate = Callable[[bytes, str, Options, int], ImportResult]


def unsafe_entry(info: zipfile.ZipInfo) -> str | None:
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "mutlak yol|absolute path"
    if ".." in PurePosixPath(name).parts:
        return "arşivin dışını gösteriyor (..)|points outside the archive (..)"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "sembolik bağlantı|symbolic link"
    return None


def read_zip(path: Path, data: bytes | None, options: Options, report: Report, max_bytes: int,
             validate: Validate) -> tuple[list[ImportResult], int]:
    """Check every readable entry of a zip. Unsafe entries refuse the whole archive
    before anything is read; sizes are counted while decompressing (a zip's headers may
    lie), so a bomb stops at the limit instead of filling memory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except (zipfile.BadZipFile, OSError, ValueError):
        refused = broken_zip()
        report.error(0, "", refused.tr, refused.en, refused.code)
        return [], 0
    with archive:
        infos = archive.infolist()
        unsafe = [(i, why) for i in infos if (why := unsafe_entry(i))]
        for info, why in unsafe:
            tr, en = why.split("|")
            report.error(0, info.filename, f"zip girdisi {show(info.filename)} {tr}: arşiv reddedildi, hiçbir şey çıkarılmadı",
                         f"zip entry {show(info.filename)} {en}: archive refused, nothing extracted", "zip_unsafe")
        if unsafe:
            return [], 0
        declared = sum(i.file_size for i in infos)
        ratio = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
        if declared > max_bytes or ratio > MAX_ZIP_RATIO:
            report.error(0, "", f"zip açıldığında {declared / 2**20:.1f} MB (sınır {max_bytes / 2**20:.0f} MB, sıkıştırma oranı {ratio:.0f}): reddedildi",
                         f"zip expands to {declared / 2**20:.1f} MB (limit {max_bytes / 2**20:.0f} MB, compression ratio {ratio:.0f}): refused", "too_large")
            return [], 0
        try:
            true_size(archive, max_bytes)
        except InputRefused as exc:
            report.error(0, "", exc.tr, exc.en, exc.code)
            return [], 0
        entries = [i for i in infos if not i.is_dir() and Path(i.filename).suffix.lower() in READABLE_SUFFIXES]
        if not entries:
            report.error(0, "", "zip içinde CSV, XLS/XLSX, GeoJSON, GeoPackage veya shapefile yok",
                         "no CSV, XLS/XLSX, GeoJSON, GeoPackage or shapefile inside the zip", "zip_empty")
            return [], 0
        results = []
        for info in entries:
            label = f"{report.file}!{info.filename}"
            suffix = Path(info.filename).suffix.lower()
            if suffix in {".shp", ".gpkg"} and data is None:
                source: str | bytes = f"/vsizip/{path.resolve()}/{info.filename}"
                results.append(validate_geo(label, source, options))
                continue
            try:
                content = read_member(archive, info, max_bytes)
            except InputRefused as exc:
                report.error(0, info.filename, exc.tr, exc.en, exc.code)
                continue
            results.append(validate(content, label, options, max_bytes))
        return results, sum(r.input_rows for r in results)


def validate_geo(label: str, source: str | bytes, options: Options) -> ImportResult:
    report = Report(label)
    rows, n = read_geo(source, options, report)
    return ImportResult(label, "geo", rows, report.frame(), n)

