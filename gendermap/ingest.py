"""Bringing map data in: check a file, preview what it changes, store it, undo it.

The one road for the command line and the app, so both apply the same rules:

1. :func:`check_file` / :func:`check_bytes` read and check the file (the readers in
   :mod:`gendermap.io.importers`) and compute the preview (:func:`gendermap.changes.import_changes`
   over the stored rows and the published table). Anyone may check; nothing is written.
2. :func:`store` asks the database whether the person may write data of the provinces the
   rows are in (the accounts' check, inside the writing transaction of
   :meth:`gendermap.monitor.mapdata.MapDataStore.record`), keeps
   the original byte for byte in the inbox, then records the history entry and every row
   in one transaction. A rejected file is recorded with its problems and stores no row.
3. :func:`revert` undoes one import; :func:`refresh` recomputes the published tables so
   the maps show the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from gendermap.changes import import_changes
from gendermap.config import Settings
from gendermap.io import store as inbox
from gendermap.io.catalogue_file import load_full_catalogue
from gendermap.io.importers import (
    MAX_BYTES,
    ImportResult,
    MahalleReference,
    load_reference,
    validate_bytes,
    validate_file,
)
from gendermap.monitor.accounts import province_code
from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import MonitorError, PermissionDenied
from gendermap.monitor.mapdata import UNKNOWN_PROVINCE, ImportRecord, MapDataStore
from gendermap.problems import PROBLEM_COLUMNS

__all__ = ["Checked", "Stored", "check_bytes", "check_file", "refresh", "revert", "store"]



@dataclass(frozen=True)
class Checked:
    """A checked file: its problems, its rows, what storing it would change, and the
    original (path or bytes) to keep. ``source`` is None when the file cannot be kept
    (missing, a folder, over the size limit)."""

    name: str
    result: ImportResult
    changes: pd.DataFrame
    provinces: tuple[int, ...]
    sha256: str
    size: int
    source: Path | bytes | None
    strict: bool = False

    @property
    def status(self) -> str:
        """``accepted``, ``partial`` (some rows rejected) or ``rejected`` (nothing stored)."""
        result = self.result
        if result.file_rejected or result.accepted == 0 or (self.strict and not result.ok):
            return "rejected"
        return "accepted" if result.rejected == 0 else "partial"

    @property
    def problems(self) -> pd.DataFrame:
        return self.result.problems


@dataclass(frozen=True)
class Stored:
    """What :func:`store` did: the history id, its status, rows stored and replaced, who."""

    import_id: int
    status: str
    accepted: int
    replaced: int
    inbox_path: Path | None
    created_by: str


def _finish(name: str, result: ImportResult, source: Path | bytes | None, size: int,
            data: MapDataStore, settings: Settings, strict: bool) -> Checked:
    provinces_of = inbox.mahalle_provinces(settings.gpkg_path)
    rows = result.rows
    provinces = _provinces(rows["mahalle_code"].astype(str), provinces_of, result.new_mahalle)
    changes = import_changes(inbox.published_units(settings.indicators_path), data.current_rows(), rows,
                             codes=provinces_of.index if len(provinces_of) else None)
    sha = inbox.sha256_of(source) if source is not None else ""
    return Checked(name, result, changes, provinces, sha, size, source, strict)


def _provinces(codes: pd.Series, provinces_of: pd.Series, new_mahalle: pd.DataFrame) -> tuple[int, ...]:
    """The provinces the rows are in: from the build, or, for a mahalle newer than the
    build ("yeni mahalle"), from the province its label names; else unknown (0)."""
    named: dict[str, int] = {}
    for code, province in zip(new_mahalle["mahalle_code"], new_mahalle["province"], strict=True):
        try:
            named[str(code)] = int(province_code(province))
        except MonitorError:
            named[str(code)] = UNKNOWN_PROVINCE
    found = {int(provinces_of[c]) if c in provinces_of.index else named.get(c, UNKNOWN_PROVINCE)
             for c in codes.unique()}
    return tuple(sorted(found))


def check_file(path: str | Path, settings: Settings, data: MapDataStore, *, indicator: str | None = None,
               year: int | None = None, strict: bool = False, reference: MahalleReference | None = None,
               max_bytes: int = MAX_BYTES) -> Checked:
    """Check a file on disk and preview what storing it would change. Writes nothing."""
    path = Path(path)
    catalogue = load_full_catalogue(settings)
    reference = reference if reference is not None else load_reference(settings.gpkg_path)
    result = validate_file(path, catalogue, reference, indicator=indicator, year=year, max_bytes=max_bytes)
    keepable = path.is_file() and path.stat().st_size <= max_bytes
    size = path.stat().st_size if path.is_file() else 0
    return _finish(path.name, result, path if keepable else None, size, data, settings, strict)


def check_bytes(raw: bytes, name: str, settings: Settings, data: MapDataStore, *, indicator: str | None = None,
                year: int | None = None, strict: bool = False, reference: MahalleReference | None = None,
                max_bytes: int = MAX_BYTES) -> Checked:
    """:func:`check_file` for an upload's bytes (``name`` as the person's computer gave it)."""
    catalogue = load_full_catalogue(settings)
    reference = reference if reference is not None else load_reference(settings.gpkg_path)
    result = validate_bytes(raw, name, catalogue, reference, indicator=indicator, year=year, max_bytes=max_bytes)
    return _finish(name, result, raw if len(raw) <= max_bytes else None, len(raw), data, settings, strict)


_NOTES = {
    "accepted": "",
    "partial": "reddedilen satırlar sorunlar tablosunda / rejected rows are in the problems table",
    "rejected": "dosya reddedildi; kayıtlı veriler değişmedi / file rejected; stored data unchanged",
}


def store(actor: Actor, checked: Checked, settings: Settings, data: MapDataStore) -> Stored:
    """Keep the original and record the import, if ``actor`` may (checked first, in the
    database: :class:`gendermap.monitor.errors.PermissionDenied` and nothing written if not)."""
    allowed, why = data.may_write(actor, checked.provinces)
    if not allowed:  # before the original is kept; record() checks again as it writes
        raise PermissionDenied(why)
    now = datetime.now(UTC)
    kept = (inbox.keep_original(checked.source, checked.name, checked.sha256, now, settings)
            if checked.source is not None else None)
    status = checked.status
    result = checked.result
    rows = result.rows if status != "rejected" else result.rows.iloc[0:0]
    record = ImportRecord(
        file_name=checked.name, sha256=checked.sha256, size=checked.size, status=status, kind=result.kind,
        inbox_name=kept.name if kept else None,
        rejected=result.input_rows - len(rows) if status != "rejected" else result.input_rows,
        note=_NOTES[status], problems=[{str(k): v for k, v in p.items()} for p in result.problems[PROBLEM_COLUMNS].to_dict("records")],
        provinces=checked.provinces,
    )
    done = data.record(actor, record, rows)
    return Stored(done.import_id, status, done.accepted, done.replaced, kept, done.created_by)


def revert(actor: Actor, import_id: int, data: MapDataStore) -> int:
    """Undo one import (rights checked in the database); returns how many rows it had."""
    return data.revert(actor, import_id)


def problems(data: MapDataStore, import_id: int) -> pd.DataFrame:
    """The problems table recorded for one import."""
    return pd.DataFrame(data.problems(import_id), columns=PROBLEM_COLUMNS)


def refresh(settings: Settings) -> tuple[Path, ...]:
    """Recompute the published tables from the stored rows (raises ``BuildError``).

    One refresh at a time per build folder, across processes (an exclusive lock on
    ``<build_dir>/.refresh.lock``): two imports stored at once by two app processes
    would otherwise interleave their table files. The one that waited reads the rows
    after both imports, so the tables end up matching the database.
    """
    import fcntl

    from gendermap.pipeline import refresh_indicators

    Path(settings.build_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(settings.build_dir) / ".refresh.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return refresh_indicators(settings)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
