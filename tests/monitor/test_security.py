"""Sign-in protection, sessions, data-editor roles and SQLite locking, as an outsider
would try them: parallel guesses, unknown names, stolen sessions, a reader behind a writer.
Each runs on SQLite and (through scripts/with-postgres.sh) PostgreSQL where it applies."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, text

from gendermap.cli import main
from gendermap.monitor import auth
from gendermap.monitor.db import downgrade, make_engine, upgrade
from gendermap.monitor.errors import (
    InvalidInput,
    PermissionDenied,
    SessionExpired,
    SignInError,
)
from gendermap.monitor.models import SignInThrottle, UserSession
from gendermap.monitor.store import MonitorStore

from .conftest import PASSWORD, SYSTEM, open_store

pytestmark = [pytest.mark.monitoring, pytest.mark.security]
WRONG = "yanlış-parola-1"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 8, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class CountingHasher(PasswordHasher):
    """A cheap argon2 that counts verifications and the most that ran at once."""

    def __init__(self, pause: float = 0.0) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.pause, self.calls, self.active, self.peak = pause, 0, 0, 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        with self._lock:
            self.calls += 1
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(self.pause)
            return super().verify(hash, password)
        finally:
            with self._lock:
                self.active -= 1


@pytest.fixture
def clocked(backend: str, tmp_path: Path, request: pytest.FixtureRequest):
    clock = Clock()
    store = open_store(backend, tmp_path, request, clock=clock, session_ttl=timedelta(hours=1))
    store.add_municipality(SYSTEM, "seferihisar", "Seferihisar", "İzmir")
    store.add_user(SYSTEM, "ayse", PASSWORD, "editor", "seferihisar")
    store.add_user(SYSTEM, "admin", PASSWORD, "admin")
    store.add_user(SYSTEM, "izmirli", PASSWORD, "data_editor", provinces=["İzmir"])
    store.add_user(SYSTEM, "ikisi", PASSWORD, "data_editor", provinces=["35", "balikesir"])
    store.add_user(SYSTEM, "okur", PASSWORD, "viewer")
    yield store, clock
    store.close()


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    hasher = CountingHasher(pause=0.01)
    monkeypatch.setattr(auth, "_HASHER", hasher)
    return hasher


# ---------------------------------------------------------------- lockout
def test_forty_parallel_guesses_then_the_right_password_is_refused(clocked, counting) -> None:
    store, _ = clocked
    with ThreadPoolExecutor(max_workers=40) as pool:
        outcomes = list(pool.map(lambda _: _attempt(store, "ayse", WRONG), range(39)))
    assert all(isinstance(o, SignInError) for o in outcomes)
    # The lock was decided with each attempt: only the free attempts reached the hash.
    assert counting.calls == auth.FREE_ATTEMPTS
    with pytest.raises(SignInError, match="saniye") as info:
        store.sign_in("ayse", PASSWORD)
    assert info.value.wait_seconds > 0
    with store.read() as session:
        assert session.get(SignInThrottle, "ayse").failed_count == auth.FREE_ATTEMPTS


def test_forty_simultaneous_guesses_with_the_right_one_last(clocked, counting) -> None:
    store, _ = clocked
    start = threading.Barrier(40)

    def guess(i: int) -> object:
        start.wait()
        if i == 39:
            time.sleep(0.2)  # the right password arrives last, while the others race
        return _attempt(store, "ayse", PASSWORD if i == 39 else WRONG)

    with ThreadPoolExecutor(max_workers=40) as pool:
        outcomes = list(pool.map(guess, range(40)))
    assert all(isinstance(o, SignInError) for o in outcomes)
    assert outcomes[-1].wait_seconds > 0  # type: ignore[union-attr]
    assert counting.calls <= auth.FREE_ATTEMPTS


def test_unknown_and_known_names_get_the_same_answer_and_cost(clocked, counting) -> None:
    store, _ = clocked
    answers = {}
    for name in ("ayse", "kimse-yok"):
        before = counting.calls
        seen = []
        for _ in range(auth.FREE_ATTEMPTS + 1):
            error = _attempt(store, name, WRONG)
            assert isinstance(error, SignInError)
            seen.append((str(error), error.wait_seconds))
        answers[name] = (seen, counting.calls - before)
    assert answers["ayse"] == answers["kimse-yok"]
    assert answers["ayse"][1] == auth.FREE_ATTEMPTS  # one password check per unlocked try


def test_inactive_account_gets_the_wrong_password_answer(clocked) -> None:
    store, _ = clocked
    store.set_active(SYSTEM, "okur", False)
    with pytest.raises(SignInError) as info:
        store.sign_in("okur", PASSWORD)
    assert str(info.value) == auth.WRONG_MESSAGE


def test_concurrent_password_hashes_are_bounded(monkeypatch, clocked) -> None:
    store, _ = clocked
    hasher = CountingHasher(pause=0.05)
    monkeypatch.setattr(auth, "_HASHER", hasher)
    names = [f"kisi{i}" for i in range(24)]  # distinct names: no lock gets in the way
    with ThreadPoolExecutor(max_workers=24) as pool:
        list(pool.map(lambda n: _attempt(store, n, WRONG), names))
    assert hasher.calls == 24
    assert hasher.peak <= auth.MAX_CONCURRENT_HASHES


def test_no_free_hashing_slot_gives_a_turkish_busy_message(monkeypatch, clocked) -> None:
    store, _ = clocked
    monkeypatch.setattr(auth, "_HASH_SLOTS", threading.BoundedSemaphore(1))
    monkeypatch.setattr(auth, "HASH_WAIT_SECONDS", 0.05)
    with auth.hashing_slot(), pytest.raises(SignInError, match="yoğun"):
        store.sign_in("ayse", PASSWORD)
    with store.read() as session:  # a refused-because-busy attempt is not a failure
        assert session.get(SignInThrottle, "ayse") is None


def test_an_enormous_password_is_not_hashed_as_is(counting) -> None:
    digest = auth.hash_password(PASSWORD)
    assert not auth.verify_password(digest, "x" * 10_000_000)
    assert auth.check_password_strength("x" * (auth.MAX_PASSWORD + 1))


# ---------------------------------------------------------------- sessions
def test_admin_password_reset_ends_existing_sessions(clocked) -> None:
    store, _ = clocked
    stolen = store.sign_in("ayse", PASSWORD)
    store.set_password(SYSTEM, "ayse", "yeni-parola-12345")
    with pytest.raises(SessionExpired):
        store.resolve(stolen.token)
    assert store.sign_in("ayse", "yeni-parola-12345").username == "ayse"


def test_own_password_change_ends_the_other_sessions(clocked) -> None:
    store, _ = clocked
    here = store.sign_in("ayse", PASSWORD)
    elsewhere = store.sign_in("ayse", PASSWORD)
    with pytest.raises(InvalidInput, match="şu anki parola"):
        store.change_password(here, WRONG, "yeni-parola-12345")
    store.change_password(here, PASSWORD, "yeni-parola-12345")
    assert store.resolve(here.token).username == "ayse"
    with pytest.raises(SessionExpired):
        store.resolve(elsewhere.token)


def test_deactivation_ends_sessions_for_good(clocked) -> None:
    store, _ = clocked
    actor = store.sign_in("ayse", PASSWORD)
    store.set_active(SYSTEM, "ayse", False)
    store.set_active(SYSTEM, "ayse", True)
    with pytest.raises(SessionExpired):  # reactivating does not bring old sessions back
        store.resolve(actor.token)


def test_idle_session_ends_and_activity_keeps_it_until_the_absolute_limit(clocked) -> None:
    store, clock = clocked
    idle = store.sign_in("ayse", PASSWORD)
    busy = store.sign_in("ayse", PASSWORD)
    for minutes in (20, 20, 15):
        clock.now += timedelta(minutes=minutes)
        store.resolve(busy.token)  # used now and then, never idle for 30 minutes
    with pytest.raises(SessionExpired, match="işlem yapılmadığı"):
        store.resolve(idle.token)
    clock.now += timedelta(minutes=6)  # 61 minutes after sign-in: the absolute limit
    with pytest.raises(SessionExpired, match="süresi doldu"):
        store.resolve(busy.token)


def test_ended_sessions_are_purged(clocked) -> None:
    store, clock = clocked
    out = store.sign_in("ayse", PASSWORD)
    store.sign_out(out)
    store.sign_in("ayse", PASSWORD)
    clock.now += timedelta(hours=2)
    live = store.sign_in("admin", PASSWORD)  # a sign-in purges what has ended
    with store.read() as session:
        hashes = session.scalars(select(UserSession.token_hash)).all()
    assert hashes == [auth.token_hash(live.token)]


# ---------------------------------------------------------------- map-data roles
def test_data_editor_may_write_only_their_province(clocked) -> None:
    store, _ = clocked
    izmirli = store.sign_in("izmirli", PASSWORD)
    assert store.require_data_writer(izmirli.token, "İzmir").username == "izmirli"
    assert store.require_data_writer(izmirli, 35).provinces == ("35",)
    with pytest.raises(PermissionDenied, match="Balıkesir verisini değiştirme yetkiniz yok"):
        store.require_data_writer(izmirli.token, "BALIKESİR")
    ikisi = store.sign_in("ikisi", PASSWORD)
    for province in ("izmir", "Balıkesir", "10"):
        assert store.require_data_writer(ikisi.token, province).role == "data_editor"


def test_others_may_not_write_map_data(clocked) -> None:
    store, _ = clocked
    with pytest.raises(PermissionDenied, match="giriş yapmalısınız"):
        store.require_data_writer(None, "İzmir")
    for name in ("okur", "ayse"):
        token = store.sign_in(name, PASSWORD).token
        with pytest.raises(PermissionDenied, match="veri editörü ya da yönetici"):
            store.require_data_writer(token, "İzmir")
    admin = store.sign_in("admin", PASSWORD)
    assert store.require_data_writer(admin.token, "Balıkesir").username == "admin"
    with pytest.raises(SessionExpired):
        store.require_data_writer("uydurma-jeton", "İzmir")
    with pytest.raises(InvalidInput, match="tanınmadı"):
        store.require_data_writer(admin.token, "Ankara")


def test_data_editor_role_needs_a_known_province_and_gives_no_monitoring_rights(clocked) -> None:
    store, _ = clocked
    with pytest.raises(InvalidInput, match="il gerekli"):
        store.add_user(SYSTEM, "x", PASSWORD, "data_editor")
    with pytest.raises(InvalidInput, match="Ankara"):
        store.add_user(SYSTEM, "x", PASSWORD, "data_editor", provinces=["Ankara"])
    izmirli = store.sign_in("izmirli", PASSWORD)
    with pytest.raises(PermissionDenied):
        store.add_municipality(izmirli, "x", "X", "İzmir")
    assert store.observations(izmirli, include_drafts=True).empty


def test_revoked_data_editor_loses_the_right_at_once(clocked) -> None:
    store, _ = clocked
    izmirli = store.sign_in("izmirli", PASSWORD)
    store.set_role(SYSTEM, "izmirli", "viewer")
    with pytest.raises(PermissionDenied):
        store.require_data_writer(izmirli.token, "İzmir")


def test_cli_adds_a_data_editor_for_a_province(tmp_path, monkeypatch, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    monkeypatch.setenv("GENDERMAP_PASSWORD", PASSWORD)
    args = ["users", "--db", url, "add", "veri", "--role", "data_editor", "--province", "İzmir"]
    assert main(args) == 0
    assert main(["users", "--db", url, "add", "y", "--role", "data_editor"]) == 1
    assert "il gerekli" in capsys.readouterr().err
    assert main(["users", "--db", url, "list"]) == 0
    assert "İzmir" in capsys.readouterr().out
    store = MonitorStore(url)
    token = store.sign_in("veri", PASSWORD).token
    assert store.require_data_writer(token, "İzmir").username == "veri"
    store.close()


# ---------------------------------------------------------------- SQLite locking, schema
def test_sqlite_readers_do_not_wait_for_a_writer(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    writer, reader = MonitorStore(url), MonitorStore(url)
    writer.add_municipality(SYSTEM, "seferihisar", "Seferihisar", "İzmir")
    holding, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with writer.transaction() as session:
            session.execute(text("UPDATE municipality SET created_by = 'x'"))
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=hold_the_write_lock)
    thread.start()
    try:
        assert holding.wait(5)
        started = time.monotonic()
        assert reader.municipalities()["code"].tolist() == ["seferihisar"]  # other process
        assert writer.indicators().empty  # same process, other thread
        assert time.monotonic() - started < 15  # the busy timeout is 30 s: readers did not wait for it
    finally:
        release.set()
        thread.join()
        writer.close()
        reader.close()


def test_sqlite_writes_take_the_lock_up_front(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    store = MonitorStore(engine=engine)
    statements.clear()
    store.is_empty()
    store.add_municipality(SYSTEM, "a", "A", "İzmir")
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN DEFERRED", "BEGIN IMMEDIATE"]
    store.close()


def test_migration_keeps_users_sessions_and_failures(backend, tmp_path, request) -> None:
    store = open_store(backend, tmp_path, request)
    downgrade(store.engine, "0004")  # the revision before the accounts one
    now = datetime.now(UTC)
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO app_user (username, password_hash, role, active, failed_count, "
                "locked_until, created_at) VALUES ('ayse', :h, 'admin', true, 4, :until, :now)"
            ),
            {"h": auth.hash_password(PASSWORD), "until": now + timedelta(minutes=5), "now": now},
        )
        user_id = connection.execute(text("SELECT id FROM app_user")).scalar_one()
        connection.execute(
            text(
                "INSERT INTO user_session (token_hash, user_id, created_at, expires_at) "
                "VALUES (:t, :u, :now, :exp)"
            ),
            {
                "t": auth.token_hash("jeton"),
                "u": user_id,
                "now": now,
                "exp": now + timedelta(hours=1),
            },
        )
    upgrade(store.engine)
    assert store.resolve("jeton").username == "ayse"
    with pytest.raises(SignInError, match="saniye"):
        store.sign_in("ayse", PASSWORD)  # the lock survived the move
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(UserSession)) == 1
    store.close()


def _attempt(store: MonitorStore, name: str, password: str) -> SignInError | object:
    try:
        return store.sign_in(name, password)
    except SignInError as error:
        return error
