"""Fixtures for the participation store: SQLite always, PostgreSQL when the test server runs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from gendermap.monitor.auth import Actor
from gendermap.participation.store import ParticipationStore
from tests.monitor.conftest import pg_url_or_skip

PASSWORD = "doğru-parola-123"
SYSTEM = Actor.system_actor("test")


class Clock:
    """A clock the tests move by hand (rate limits)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from gendermap.monitor import auth

    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Iterator[ParticipationStore]:
    if request.param == "sqlite":
        s = ParticipationStore(f"sqlite:///{tmp_path / 'p.sqlite'}", clock=clock)
        yield s
        s.close()
        return
    url = pg_url_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    s = ParticipationStore(engine=engine, clock=clock)
    try:
        yield s
    finally:
        s.close()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def people(store: ParticipationStore) -> dict[str, Actor]:
    """A moderator, an editor and a viewer, signed in."""
    from gendermap.monitor.store import MonitorStore

    MonitorStore(engine=store.engine, migrate=False).add_municipality(
        SYSTEM, "seferihisar", "Seferihisar", "İzmir")
    store.add_user(SYSTEM, "moder", PASSWORD, "moderator")
    store.add_user(SYSTEM, "ayse", PASSWORD, "editor", "seferihisar")
    store.add_user(SYSTEM, "okur", PASSWORD, "viewer")
    return {name: store.sign_in(name, PASSWORD) for name in ("moder", "ayse", "okur")}
