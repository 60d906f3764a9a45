"""Imported map data in the monitoring database: rows, import history, undo, and who may write.

Why here: the mahalle counts people bring replace demonstration values on every map, so
they live in the one database the accounts live in (SQLite by default, PostgreSQL when
``GENDERMAP_DB_URL`` says so). Two app processes then see the same rows, and storing an
import -- its history entry and all its rows -- is one transaction.

Append-only: an import inserts its rows under its own id and never touches another
import's rows. The rows that count are, per key (mahalle, indicator, year, sex), those of
the newest import that is not reverted. Reverting an import only marks it: its rows stop
counting and whatever it had replaced counts again, so undoing the latest import brings
back exactly the state before it (demonstration values included, because an
indicator-year with no real rows left shows its demonstration values again).

Rights are checked on the server side, in the same transaction that writes, by the
accounts (:meth:`MonitorStore.check_data_writer`, from the session token -- never from
what a page shows): anyone may check a file (that needs no store at all); storing and
reverting need an admin or a data editor of the provinces the rows are in. The history
records who.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Table, select

from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import InvalidInput, MonitorError, NotFound, PermissionDenied
from gendermap.monitor.models import PROVINCES, AuditEvent, MapImport, MapImportRow
from gendermap.monitor.store import MonitorStore

__all__ = [
    "HISTORY_COLUMNS",
    "KEY",
    "ROW_COLUMNS",
    "ImportRecord",
    "MapDataStore",
    "StoredImport",
]

KEY = ["mahalle_code", "indicator", "year", "sex"]
ROW_COLUMNS = [*KEY, "numerator", "denominator", "value"]
HISTORY_COLUMNS = [
    "id", "file_name", "sha256", "size", "inbox_name", "kind", "status", "accepted", "rejected",
    "replaced", "indicator_years", "provinces", "note", "created_at", "created_by",
    "reverted_at", "reverted_by",
]
STATUSES = ("accepted", "partial", "rejected")
UNKNOWN_PROVINCE = 0
"""Province of rows whose mahalle the build does not know."""
PROVINCE_CODES = tuple(sorted(int(c) for c in PROVINCES))
_CHUNK = 5000
MAP_IMPORT_ROW: Table = MapImportRow.__table__  # type: ignore[assignment]
"""Rows go in as one Core executemany per chunk (no ORM objects for thousands of rows)."""


@dataclass(frozen=True)
class ImportRecord:
    """What is known about one file before it is stored (the history entry's content)."""

    file_name: str
    sha256: str
    size: int
    status: str
    kind: str = ""
    inbox_name: str | None = None
    rejected: int = 0
    note: str = ""
    problems: list[dict[str, Any]] = field(default_factory=list)
    provinces: tuple[int, ...] = ()


@dataclass(frozen=True)
class StoredImport:
    """The history id of a stored import, how many rows it stored and replaced, and who."""

    import_id: int
    accepted: int
    replaced: int
    created_by: str


def _records(rows: pd.DataFrame, import_id: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for rec in rows[ROW_COLUMNS].to_dict("records"):
        clean = {str(k): (None if pd.isna(v) else v) for k, v in rec.items()}
        out.append({
            "import_id": import_id,
            "mahalle_code": str(clean["mahalle_code"]),
            "indicator": str(clean["indicator"]),
            "year": int(rec["year"]),
            "sex": str(clean["sex"]),
            "numerator": None if clean["numerator"] is None else int(clean["numerator"]),
            "denominator": None if clean["denominator"] is None else int(clean["denominator"]),
            "value": None if clean["value"] is None else float(clean["value"]),
        })
    return out


def _indicator_years(rows: pd.DataFrame) -> str:
    pairs = rows[["indicator", "year"]].drop_duplicates().sort_values(["indicator", "year"])
    return ";".join(f"{i}:{int(y)}" for i, y in pairs.itertuples(index=False))


def _typed_rows(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reindex(columns=[*ROW_COLUMNS, "import_id"])
    frame["mahalle_code"] = frame["mahalle_code"].astype(object)
    frame["year"] = pd.to_numeric(frame["year"]).astype("int64")
    for column in ("numerator", "denominator", "import_id"):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    frame["value"] = pd.to_numeric(frame["value"]).astype(float)
    return frame.reset_index(drop=True)


class MapDataStore:
    """Services over the map-data tables of a :class:`MonitorStore`'s database."""

    def __init__(self, store: MonitorStore) -> None:
        self.store = store

    # ------------------------------------------------------------------ rights
    def _writer(self, session: Any, actor: Actor, provinces: Iterable[int]) -> str:
        """Inside the writing transaction: the user name to record when ``actor`` may
        store or revert map data of every one of ``provinces`` (the accounts' server-side
        check, :meth:`MonitorStore.check_data_writer`: an admin, or a data editor of
        those provinces); :class:`PermissionDenied` otherwise.

        A province the build does not know (0) needs the rights for every province; an
        import without rows (a rejected file) needs the rights for at least one.
        """
        wanted = {int(p) for p in provinces}
        if UNKNOWN_PROVINCE in wanted:
            wanted = set(PROVINCE_CODES)
        if not wanted:
            refusal: Exception | None = None
            for code in PROVINCE_CODES:
                try:
                    return self.store.check_data_writer(session, actor, str(code)).username
                except PermissionDenied as exc:
                    refusal = exc
            assert refusal is not None
            raise refusal
        who = actor
        for code in sorted(wanted):
            who = self.store.check_data_writer(session, actor, str(code))
        return who.username

    def may_write(self, actor: Actor, provinces: Iterable[int] = ()) -> tuple[bool, str]:
        """(allowed, why not) for a page that wants to say why a button is disabled.
        The answer is advice only: :meth:`record` and :meth:`revert` check again."""
        try:
            with self.store.read() as session:
                self._writer(session, actor, provinces)
        except MonitorError as exc:  # not allowed, or the session has ended
            return False, str(exc)
        return True, ""

    # ------------------------------------------------------------------ writes
    def record(self, actor: Actor, entry: ImportRecord, rows: pd.DataFrame) -> StoredImport:
        """Store one import: its history entry and, unless it was rejected, all its rows,
        in one transaction. ``rows`` has :data:`ROW_COLUMNS`; a rejected entry stores none.

        Raises :class:`PermissionDenied` before anything is written when ``actor`` may
        not write data of ``entry.provinces``.
        """
        if entry.status not in STATUSES:
            raise InvalidInput([("status", f"bilinmeyen durum: {entry.status}")])
        rows = rows.iloc[0:0] if entry.status == "rejected" else rows
        duplicated = rows.duplicated(KEY)
        if duplicated.any():
            raise InvalidInput([("rows", f"aynı anahtar birden çok kez: {int(duplicated.sum())} satır")])
        with self.store.transaction() as session:
            username = self._writer(session, actor, entry.provinces)
            replaced = self._count_current(session, rows)
            note = entry.note
            if replaced:
                note = (f"{note} {replaced} önceki satırın yerine geçti / "
                        f"replaced {replaced} earlier row(s) with the same keys").strip()
            head = MapImport(
                file_name=entry.file_name[:300], sha256=entry.sha256, size=int(entry.size),
                inbox_name=entry.inbox_name, kind=entry.kind, status=entry.status,
                accepted=len(rows), rejected=int(entry.rejected), replaced=replaced,
                indicator_years=_indicator_years(rows), note=note,
                provinces=";".join(str(p) for p in sorted(set(entry.provinces))),
                problems=json.dumps(entry.problems, ensure_ascii=False, default=str),
                created_at=self.store.clock(), created_by=username,
            )
            session.add(head)
            session.flush()
            records = _records(rows, head.id)
            for start in range(0, len(records), _CHUNK):
                session.connection().execute(MAP_IMPORT_ROW.insert(), records[start : start + _CHUNK])
            session.add(AuditEvent(at=self.store.clock(), actor=username, action="mapdata.import",
                                   detail=f"#{head.id} {entry.file_name[:100]} {entry.status} {len(rows)}"))
            return StoredImport(int(head.id), len(rows), replaced, username)

    def revert(self, actor: Actor, import_id: int) -> int:
        """Undo import ``import_id``: its rows stop counting, the rows it replaced count
        again. Returns how many rows it had stored. Nothing is deleted."""
        with self.store.transaction() as session:
            head = session.get(MapImport, int(import_id))
            if head is None:
                raise NotFound(f"{import_id} numaralı içe aktarma yok.")
            username = self._writer(session, actor, [int(p) for p in head.provinces.split(";") if p])
            if head.reverted_at is not None:
                raise InvalidInput([("id", f"{import_id} numaralı içe aktarma zaten geri alınmış.")])
            if head.status == "rejected":
                raise InvalidInput([("id", f"{import_id} numaralı dosya reddedilmişti; geri alınacak bir şey yok.")])
            head.reverted_at, head.reverted_by = self.store.clock(), username
            session.add(AuditEvent(at=self.store.clock(), actor=username, action="mapdata.revert",
                                   detail=f"#{import_id}"))
            return int(head.accepted)

    # ------------------------------------------------------------------ reads
    @staticmethod
    def _live_rows(session: Any, indicators: Sequence[str] | None = None) -> pd.DataFrame:
        query = (
            select(*(MapImportRow.__table__.c[c] for c in [*ROW_COLUMNS, "import_id"]))
            .join(MapImport, MapImport.id == MapImportRow.import_id)
            .where(MapImport.reverted_at.is_(None))
            .order_by(MapImportRow.import_id, MapImportRow.id)
        )
        if indicators is not None:
            query = query.where(MapImportRow.indicator.in_(list(indicators)))
        frame = pd.DataFrame(session.execute(query).all(), columns=[*ROW_COLUMNS, "import_id"])
        return frame.drop_duplicates(KEY, keep="last")

    def _count_current(self, session: Any, rows: pd.DataFrame) -> int:
        if rows.empty:
            return 0
        current = self._live_rows(session, sorted(set(rows["indicator"].astype(str))))
        if current.empty:
            return 0
        new_keys = pd.MultiIndex.from_frame(_typed_rows(rows)[KEY])
        return int(pd.MultiIndex.from_frame(_typed_rows(current)[KEY]).isin(new_keys).sum())

    def current_rows(self) -> pd.DataFrame:
        """The rows that count now (:data:`ROW_COLUMNS` plus ``import_id``), sorted by key."""
        with self.store.read() as session:
            frame = self._live_rows(session)
        return _typed_rows(frame).sort_values(KEY, kind="stable").reset_index(drop=True)

    def history(self) -> pd.DataFrame:
        """Every import, newest first (:data:`HISTORY_COLUMNS`; problems via :meth:`problems`)."""
        columns = [MapImport.__table__.c[c] for c in HISTORY_COLUMNS]
        with self.store.read() as session:
            rows = session.execute(select(*columns).order_by(MapImport.id.desc())).all()
        frame = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
        for column in ("created_at", "reverted_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)  # SQLite gives naive UTC
        return frame

    def problems(self, import_id: int) -> list[dict[str, Any]]:
        """The problems table recorded for one import (list of problem rows)."""
        with self.store.read() as session:
            text = session.scalar(select(MapImport.problems).where(MapImport.id == int(import_id)))
        if text is None:
            raise NotFound(f"{import_id} numaralı içe aktarma yok.")
        return list(json.loads(text))


def database_url(settings: Any) -> str:
    """The monitoring database of ``settings`` (its SQLite file under ``var_dir`` by default)."""
    return settings.db_url or f"sqlite:///{settings.var_dir / 'monitoring.sqlite'}"


def open_for(settings: Any) -> MapDataStore:
    """The map-data services over the settings' database (schema upgraded when opened),
    with the rows of an older installation's ``imports.sqlite`` carried in first."""
    data = MapDataStore(MonitorStore(database_url(settings)))
    adopt_legacy(data, settings)
    return data


LEGACY_DB = "imports.sqlite"
"""Where imported rows lived before they moved into the monitoring database."""


def adopt_legacy(data: MapDataStore, settings: Any) -> int | None:
    """Carry the rows of ``<var_dir>/imports.sqlite`` (the store before this database)
    into the database as one import by the system, then rename the file to
    ``imports.sqlite.moved`` so it is carried once. Nothing is lost: the old file stays,
    renamed, and its originals stay in the inbox. Returns the new import id, or None."""
    from pathlib import Path

    import sqlalchemy as sa

    path = Path(settings.var_dir) / LEGACY_DB
    if not path.is_file():
        return None
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            if not {"imported_rows", "import_log"} <= set(sa.inspect(conn).get_table_names()):
                return None
            rows = pd.read_sql(sa.text("SELECT * FROM imported_rows"), conn)
            log = pd.read_sql(sa.text("SELECT file_name FROM import_log WHERE status != 'rejected' ORDER BY id"), conn)
    finally:
        engine.dispose()
    files = ", ".join(dict.fromkeys(log["file_name"].astype(str)))
    entry = ImportRecord(
        file_name=LEGACY_DB, sha256=_file_sha256(path), size=path.stat().st_size, status="accepted",
        kind="legacy", note=f"önceki sürümün kayıtları taşındı / rows of the previous version carried over: {files}"[:2000],
        provinces=(UNKNOWN_PROVINCE,) if len(rows) else (),
    )
    done = data.record(Actor.system_actor("sistem"), entry, rows.reindex(columns=ROW_COLUMNS))
    path.rename(path.with_name(LEGACY_DB + ".moved"))
    return done.import_id


def _file_sha256(path: Any) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored_rows(settings: Any) -> pd.DataFrame:
    """The rows that count now, for the build; an absent SQLite file means none (and is
    not created by a build)."""
    from pathlib import Path

    from gendermap.monitor.db import missing_sqlite_file

    if missing_sqlite_file(database_url(settings)) and not (Path(settings.var_dir) / LEGACY_DB).is_file():
        return _typed_rows(pd.DataFrame(columns=[*ROW_COLUMNS, "import_id"]))
    data = open_for(settings)
    try:
        return data.current_rows()
    finally:
        data.store.close()
