"""Bounds on everything a user's file can make the server do.

Why: the app is one process shared by everyone; a 0.3 MB XLSX that expands to 1 GB, a
zip whose headers lie about its size, or a spreadsheet of a million rows must be refused
or reported within seconds and bounded memory, never take the server down.

- Sizes are counted while decompressing (never trusting a zip's own headers), for zip
  uploads and for the parts of an XLSX workbook.
- Spreadsheets have a row and a cell limit, counted while the sheet is streamed.
- Only regular files are read from disk (no symlinks, devices or FIFOs): see
  :func:`regular_file`.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from gendermap.numbers import format_int

__all__ = [
    "MAX_CELLS",
    "MAX_ROWS",
    "MAX_UNZIPPED",
    "InputRefused",
    "read_member",
    "regular_file",
    "true_size",
]

MAX_UNZIPPED = 200 * 1024 * 1024
"""Bytes a zip upload or an XLSX workbook may expand to, counted while decompressing."""
MAX_ROWS = 1_000_000
"""Rows of one sheet or text file: every mahalle of both provinces × every indicator ×
three sexes × several years is a few hundred thousand."""
MAX_CELLS = 20_000_000
"""Cells of one workbook (rows × columns as stored)."""
_CHUNK = 1 << 20
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


class InputRefused(ValueError):
    """A file refused as a whole before or while reading it; ``code``, ``tr``, ``en`` say why."""

    def __init__(self, code: str, tr: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.tr = tr
        self.en = en


def _mb(n: float) -> str:
    return f"{n / 2**20:.0f}"


def too_large_unzipped(limit: int) -> InputRefused:
    return InputRefused(
        "too_large",
        f"dosya açıldığında {_mb(limit)} MB sınırını aşıyor (sıkıştırılmış veri bu kadar büyüyemez): reddedildi",
        f"the file expands beyond the {_mb(limit)} MB limit when decompressed: refused",
    )


def broken_zip(kind: str = "zip") -> InputRefused:
    what_tr = {"zip": "zip dosyası", "xlsx": "XLSX dosyası"}.get(kind, "dosya")
    what_en = {"zip": "zip file", "xlsx": "XLSX file"}.get(kind, "file")
    return InputRefused(kind, f"{what_tr} bozuk ya da eksik; dosyayı yeniden indirin veya kaydedin",
                        f"the {what_en} is broken or incomplete; download or save it again")


def too_many_rows(limit: int = MAX_ROWS) -> InputRefused:
    return InputRefused("too_large", f"dosyada {format_int(limit)} satırdan fazla var: dosyayı bölün (ör. ilçelere göre)",
                        f"the file has more than {format_int(limit, 'en')} rows: split it (e.g. by district)")


def too_many_cells(limit: int = MAX_CELLS) -> InputRefused:
    return InputRefused("too_large", f"çalışma kitabında {format_int(limit)} hücreden fazla var: dosyayı bölün",
                        f"the workbook has more than {format_int(limit, 'en')} cells: split it")


def true_size(archive: zipfile.ZipFile, limit: int, members: Iterable[zipfile.ZipInfo] | None = None) -> int:
    """Decompress the members (all by default) counting bytes, and stop as soon as the
    total passes ``limit``: the headers of a zip may lie, the bytes cannot.

    Raises :class:`InputRefused` for too much data or a broken archive.
    """
    total = 0
    for info in members if members is not None else archive.infolist():
        if info.is_dir():
            continue
        if info.file_size > limit:
            raise too_large_unzipped(limit)
        try:
            with archive.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise too_large_unzipped(limit)
        except InputRefused:
            raise
        except _ZIP_ERRORS as exc:
            raise broken_zip() from exc
    return total


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The bytes of one member, refusing past ``limit`` while decompressing."""
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise too_large_unzipped(limit)
                parts.append(chunk)
    except InputRefused:
        raise
    except _ZIP_ERRORS as exc:
        raise broken_zip() from exc
    return b"".join(parts)


def regular_file(path: Path, max_bytes: int) -> int:
    """The size of ``path`` if it is a regular file (not a symlink, device, FIFO or
    folder) no larger than ``max_bytes``; :class:`InputRefused` otherwise.

    The file is opened without following symlinks and checked on the open handle, so a
    symlink to ``/dev/zero`` or a FIFO that would block for ever is never read.
    """
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise InputRefused("read", "dosya okunamadı: bulunamadı ya da erişilemiyor", "the file could not be read: not found or not accessible") from exc
    if stat.S_ISLNK(info.st_mode):
        raise InputRefused("not_regular", "bu bir kısayol (sembolik bağlantı), dosya değil: dosyanın kendisini verin",
                           "this is a shortcut (symbolic link), not a file: give the file itself")
    if stat.S_ISDIR(info.st_mode):
        raise InputRefused("read", "bu bir klasör, dosya değil", "this is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputRefused("not_regular", "bu sıradan bir dosya değil (aygıt ya da kanal): okunmadı",
                           "this is not a regular file (a device or a pipe): not read")
    if info.st_size > max_bytes:
        raise InputRefused(
            "too_large",
            f"dosya çok büyük: {info.st_size / 2**20:.1f} MB (sınır {_mb(max_bytes)} MB); okunmadı. Dosyayı ilçelere bölün.",
            f"file too large: {info.st_size / 2**20:.1f} MB (limit {_mb(max_bytes)} MB); not read. Split it, e.g. by district.",
        )
    return info.st_size


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, read through a handle opened without following
    symlinks and without blocking, and never more than ``max_bytes``."""
    regular_file(path, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputRefused("read", "dosya okunamadı", "the file could not be read") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise InputRefused("not_regular", "bu sıradan bir dosya değil: okunmadı", "this is not a regular file: not read")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputRefused("too_large", f"dosya çok büyük (sınır {_mb(max_bytes)} MB); okunmadı",
                           f"file too large (limit {_mb(max_bytes)} MB); not read")
    return data
