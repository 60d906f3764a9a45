"""What every part of the monitoring store shares: the engine, transactions and the
append-only version rows.

Append-only: an edit inserts version n+1, a withdrawal is a version with status
``withdrawn``; nothing is updated or deleted, so history is the list of versions. A
writer says which version it edited (``expected_version``); the UNIQUE constraint on
the version number settles true races inside the database (:meth:`StoreCore._insert_version`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from typing import Any, overload

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from gendermap.monitor import auth
from gendermap.monitor.db import WRITE_OPTION, make_engine, upgrade
from gendermap.monitor.errors import ConflictError, NotFound
from gendermap.monitor.models import (
    AuditEvent,
    Indicator,
    Municipality,
    MunicipalityVersion,
    Publication,
    utcnow,
)


@overload
def _utc(value: datetime) -> datetime: ...
@overload
def _utc(value: None) -> None: ...
def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were written as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class StoreCore:
    """Engine, clock and transactions. Thread-safe: each call uses its own ORM session."""

    def __init__(
        self,
        url: str | None = None,
        *,
        engine: Engine | None = None,
        session_ttl: timedelta = auth.SESSION_TTL,
        idle_ttl: timedelta = auth.IDLE_TTL,
        clock: Callable[[], datetime] = utcnow,
        migrate: bool = True,
    ) -> None:
        if engine is None:
            if url is None:
                from gendermap.config import get_settings

                url = get_settings().db_url
            engine = make_engine(url)
        self.engine = engine
        self.session_ttl = session_ttl
        self.idle_ttl = idle_ttl
        self.clock = clock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: False}), expire_on_commit=False
        )
        self._local_lock: AbstractContextManager[Any] = (
            threading.RLock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        if migrate:
            upgrade(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work that writes: committed at the end, rolled back on any error.

        On SQLite it starts with ``BEGIN IMMEDIATE`` (the write lock up front, so a
        read-then-insert never fails halfway), and the threads of this process queue on
        a lock first: SQLite's own busy handler polls with growing sleeps, which starves
        some writers for seconds under load; other processes are handled by the busy
        timeout. Reads use :meth:`read` and never wait for either.
        """
        with self._local_lock, self._sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work: a deferred transaction (one consistent snapshot in
        SQLite's WAL mode) that takes no write lock, so readers never queue behind a
        writer. On PostgreSQL it is an ordinary transaction."""
        with self._read_sessions.begin() as session:
            yield session

    def _audit(self, session: Session, actor: str, action: str, detail: str = "") -> None:
        session.add(AuditEvent(at=self.clock(), actor=actor, action=action, detail=detail))

    def _require_municipality(self, session: Session, code: str | None) -> None:
        if code is not None and session.get(Municipality, code) is None:
            raise NotFound(f"'{code}' kodlu belediye yok.")

    def _insert_version(self, session: Session, row: Any, expected: int, context: dict) -> int:
        """Insert a version row; a lost race on the UNIQUE constraint is a conflict."""
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError as error:
            raise ConflictError(expected, expected + 1, context) from error
        return int(row.version)

    def is_empty(self) -> bool:
        """True when no indicator was ever defined (first run)."""
        with self.read() as session:
            return session.scalar(select(func.count()).select_from(Indicator)) == 0

    def count_rows(self, model: type) -> int:
        with self.read() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

    @staticmethod
    def _next_version(session: Session, model: Any, where: Any) -> int:
        return (
            int(session.scalar(select(func.coalesce(func.max(model.version), 0)).where(where))) + 1
        )

    def _latest_frame(self, model: Any, keys: list[Any]) -> pd.DataFrame:
        with self.read() as session:
            rn = (
                func.row_number().over(partition_by=keys, order_by=model.version.desc()).label("rn")
            )
            sub = select(model, rn).subquery()
            rows = session.execute(select(sub).where(sub.c.rn == 1)).mappings().all()
        columns = [c.key for c in model.__table__.columns]
        return pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)

    def _current(
        self,
        session: Session,
        model: Any,
        kind: str,
        keys: list[Any],
        municipality: str | None,
        scope: set[str] | None,
        columns: list[str],
    ) -> pd.DataFrame:
        published = select(Publication.row_id).where(Publication.kind == kind)
        frames = []
        # Two passes: draft scope (latest of all versions) and elsewhere (latest published).
        for drafts in (True, False):
            stmt = select(model, model.id.in_(published).label("published"))
            if drafts:
                if scope is not None and not scope:
                    continue
                if scope is not None:
                    stmt = stmt.where(model.municipality_code.in_(sorted(scope)))
            else:
                if scope is None:
                    continue
                stmt = stmt.where(model.id.in_(published))
                if scope:
                    stmt = stmt.where(model.municipality_code.not_in(sorted(scope)))
            if municipality is not None:
                stmt = stmt.where(model.municipality_code == municipality)
            rn = func.row_number().over(partition_by=keys, order_by=model.version.desc())
            sub = stmt.add_columns(rn.label("rn")).subquery()
            rows = (
                session.execute(select(sub).where(sub.c.rn == 1, sub.c.status == "active"))
                .mappings()
                .all()
            )
            frames.append(pd.DataFrame([dict(r) for r in rows]))
        names = dict(
            session.execute(
                select(MunicipalityVersion.code, MunicipalityVersion.name).order_by(
                    MunicipalityVersion.version
                )
            ).all()
        )
        frame = (
            pd.concat([f for f in frames if not f.empty], ignore_index=True)
            if any(not f.empty for f in frames)
            else pd.DataFrame(columns=columns)
        )
        if "municipality" in columns:
            frame["municipality"] = frame["municipality_code"].map(names)
        frame["published"] = frame["published"].astype(bool)
        frame["demo"] = frame["demo"].astype(bool)
        if "created_at" in frame and len(frame):
            frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
        sort = [c for c in ("municipality_code", "indicator_code", "period") if c in columns]
        return frame[columns].sort_values(sort).reset_index(drop=True)


def _frame(rows: Any, model: Any) -> pd.DataFrame:
    columns = [c.key for c in model.__table__.columns]
    return pd.DataFrame([{c: getattr(r, c) for c in columns} for r in rows], columns=columns)
