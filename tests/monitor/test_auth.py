"""Sign-in: argon2 hashes, growing lockout after failures (kept in the DB), session expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from gendermap.monitor import auth
from gendermap.monitor.errors import InvalidInput, SessionExpired, SignInError
from gendermap.monitor.models import AuditEvent, SignInThrottle, User

from .conftest import PASSWORD, SYSTEM, open_store

pytestmark = pytest.mark.monitoring


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 8, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clocked(backend: str, tmp_path: Path, request: pytest.FixtureRequest):
    clock = Clock()
    store = open_store(backend, tmp_path, request, clock=clock, session_ttl=timedelta(hours=1))
    store.add_municipality(SYSTEM, "seferihisar", "Seferihisar", "İzmir")
    store.add_user(SYSTEM, "ayse", PASSWORD, "editor", "seferihisar")
    yield store, clock
    store.close()


def test_production_hashes_are_argon2id_with_default_cost(monkeypatch) -> None:
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher())
    digest = auth.hash_password(PASSWORD)
    assert digest.startswith("$argon2id$") and "m=65536" in digest
    assert auth.verify_password(digest, PASSWORD)
    assert not auth.verify_password(digest, "yanlış-parola-1")
    assert not auth.verify_password(None, PASSWORD)


def test_password_is_never_stored_in_clear(clocked) -> None:
    store, _ = clocked
    with store.transaction() as session:
        user = session.scalars(select(User).where(User.username == "ayse")).one()
    assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2")


def test_weak_password_and_bad_role_refused(clocked) -> None:
    store, _ = clocked
    with pytest.raises(InvalidInput, match="en az"):
        store.add_user(SYSTEM, "x", "kısa", "editor", "seferihisar")
    with pytest.raises(InvalidInput, match="rol"):
        store.add_user(SYSTEM, "x", PASSWORD, "superuser")
    with pytest.raises(InvalidInput, match="belediye"):
        store.add_user(SYSTEM, "x", PASSWORD, "editor")


def test_repeated_failures_lock_with_growing_delay(clocked) -> None:
    store, clock = clocked
    for _ in range(auth.FREE_ATTEMPTS):
        with pytest.raises(SignInError) as info:
            store.sign_in("ayse", "yanlış-parola-1")
    assert info.value.wait_seconds == 0
    # The account is now locked for 5 s: even the right password is refused.
    with pytest.raises(SignInError, match="saniye") as info:
        store.sign_in("ayse", PASSWORD)
    assert 1 <= info.value.wait_seconds <= 6
    clock.now += timedelta(seconds=6)
    with pytest.raises(SignInError):
        store.sign_in("ayse", "yanlış-parola-1")  # 4th failure: 10 s
    with store.read() as session:
        row = session.get(SignInThrottle, "ayse")
        locked = row.locked_until.replace(tzinfo=UTC) if row.locked_until.tzinfo is None else row.locked_until
        assert row.failed_count == 4 and locked == clock.now + timedelta(seconds=10)
    clock.now += timedelta(seconds=11)
    actor = store.sign_in("ayse", PASSWORD)
    assert actor.role == "editor" and actor.municipality_code == "seferihisar"
    with store.transaction() as session:
        assert session.get(SignInThrottle, "ayse").failed_count == 0
        actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("signin.failed") == 4 and "signin.locked" in actions


def test_lock_duration_is_capped() -> None:
    assert auth.lock_duration(2) == timedelta(0)
    assert auth.lock_duration(3) == timedelta(seconds=5)
    assert auth.lock_duration(50) == auth.MAX_LOCK


def test_unknown_user_gets_the_same_message(clocked) -> None:
    store, _ = clocked
    with pytest.raises(SignInError, match="Kullanıcı adı veya parola yanlış"):
        store.sign_in("kimse", PASSWORD)


def test_sessions_expire_and_sign_out_revokes(clocked) -> None:
    store, clock = clocked
    actor = store.sign_in("ayse", PASSWORD)
    assert store.resolve(actor.token).username == "ayse"
    clock.now += timedelta(minutes=61)
    with pytest.raises(SessionExpired, match="süresi doldu"):
        store.resolve(actor.token)
    again = store.sign_in("ayse", PASSWORD)
    store.sign_out(again)
    with pytest.raises(SessionExpired):
        store.resolve(again.token)


def test_deactivated_user_cannot_sign_in(clocked) -> None:
    store, _ = clocked
    actor = store.sign_in("ayse", PASSWORD)
    store.set_active(SYSTEM, "ayse", False)
    with pytest.raises(SessionExpired):
        store.resolve(actor.token)
    with pytest.raises(SignInError):
        store.sign_in("ayse", PASSWORD)
