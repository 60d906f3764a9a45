"""Who is acting: passwords (argon2), sessions, sign-in backoff and the Actor value.

Why here and not in the pages: the service layer re-checks the session token against
the database on every write (:meth:`~gendermap.monitor.accounts.Accounts._authorize`),
so a page cannot grant a right by building an ``Actor`` by hand, and a role change or
sign-out takes effect at once. Repeated failed sign-ins lock the typed name for a
growing time, recorded in the database so every app process sees it.

argon2 costs 64 MiB per hash by design; at most :data:`MAX_CONCURRENT_HASHES` run at
once in a process (:func:`hashing_slot`), so a burst of sign-ins cannot exhaust memory.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from gendermap.monitor.errors import SignInError

_HASHER = PasswordHasher()
_DUMMY: dict[int, str] = {}

FREE_ATTEMPTS = 3
"""Failed sign-ins allowed before the name is locked for a while."""
BASE_LOCK = timedelta(seconds=5)
MAX_LOCK = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=8)
"""Absolute lifetime of a session."""
IDLE_TTL = timedelta(minutes=30)
"""A session unused this long ends (beside the absolute lifetime)."""
TOUCH_EVERY = timedelta(minutes=1)
"""Session activity is written at most this often (a read should rarely write)."""
THROTTLE_MEMORY = timedelta(days=1)
"""Failed-sign-in counts of a name are forgotten this long after its last failure."""
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
"""Longer input is refused before hashing (argon2 would hash megabytes if asked)."""
MAX_CONCURRENT_HASHES = max(1, min(4, os.cpu_count() or 1))
HASH_WAIT_SECONDS = 30.0
_HASH_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)
BUSY_MESSAGE = "Sunucu şu anda çok yoğun; lütfen biraz sonra yeniden deneyin."
WRONG_MESSAGE = "Kullanıcı adı veya parola yanlış."


@dataclass(frozen=True)
class Actor:
    """The person (or tool) behind a call. Only ``token`` is trusted by the services."""

    username: str
    role: str = "viewer"
    municipality_code: str | None = None
    token: str | None = None
    system: bool = False
    provinces: tuple[str, ...] = ()
    """Province codes a data editor may change (empty for other roles)."""

    @classmethod
    def system_actor(cls, name: str = "sistem") -> Actor:
        """For the command line and seeding: a local operator with full rights."""
        return cls(username=name, role="admin", system=True)

    @property
    def signed_in(self) -> bool:
        return self.token is not None or self.system


ANONYMOUS = Actor(username="anonim")


@contextmanager
def hashing_slot() -> Iterator[None]:
    """One of the few argon2 slots of this process; :class:`SignInError` if none frees up."""
    if not _HASH_SLOTS.acquire(timeout=HASH_WAIT_SECONDS):
        raise SignInError(BUSY_MESSAGE)
    try:
        yield
    finally:
        _HASH_SLOTS.release()


def hash_password(password: str) -> str:
    with hashing_slot():
        return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str, *, slot: bool = True) -> bool:
    """Constant-work check; an unknown user is verified against a dummy hash.

    ``slot=False`` when the caller already holds a :func:`hashing_slot`.
    """
    if len(password) > MAX_PASSWORD:
        password = ""  # same work as any wrong password, never megabytes of hashing
    with hashing_slot() if slot else nullcontext():
        try:
            ok = _HASHER.verify(password_hash or _dummy_hash(), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    return ok and password_hash is not None


def _dummy_hash() -> str:
    """A hash with the current hasher's cost, so an unknown name costs what a known one does."""
    key = id(_HASHER)
    if key not in _DUMMY:
        _DUMMY[key] = _HASHER.hash("gendermap-dummy-password")
    return _DUMMY[key]


def check_password_strength(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"parola en az {MIN_PASSWORD} karakter olmalı"
    if len(password) > MAX_PASSWORD:
        return f"parola en çok {MAX_PASSWORD} karakter olabilir"
    return None


def lock_duration(failed_count: int) -> timedelta:
    """0 for the first FREE_ATTEMPTS - 1 failures, then 5 s, 10 s, 20 s ... up to 15 min."""
    if failed_count < FREE_ATTEMPTS:
        return timedelta(0)
    doublings = min(failed_count - FREE_ATTEMPTS, 20)  # 5 s * 2**20 is far past the cap
    return min(BASE_LOCK * (2**doublings), MAX_LOCK)


def new_token() -> tuple[str, str]:
    """(token for the browser session, sha256 stored in the database)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
