"""Sign-in and sessions: the throttle, tokens, the idle and absolute timeouts.

Why the sign-in is shaped this way:

- The lockout is *decided and recorded in one write transaction* before the password is
  checked: the attempt is counted as a failure up front (and the lock set when the count
  reaches it) while the throttle row is locked (``BEGIN IMMEDIATE`` on SQLite,
  ``SELECT ... FOR UPDATE`` on PostgreSQL). Forty parallel guesses therefore queue on
  that row; once the lock is set the rest are refused without a password check, and a
  right password arriving then is refused too. A success clears the count afterwards.
- The throttle is keyed by the typed name, whether or not such a user exists, and an
  unknown name is checked against a dummy hash: the answer and the cost are the same
  for both, so the form does not reveal who has an account.
- The slow password check runs outside any transaction (it holds no database lock) and
  inside one of a few hashing slots (:func:`gendermap.monitor.auth.hashing_slot`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gendermap.monitor import auth
from gendermap.monitor.auth import ANONYMOUS, Actor
from gendermap.monitor.errors import SessionExpired, SignInError
from gendermap.monitor.models import SignInThrottle, User, UserSession
from gendermap.monitor.versioning import StoreCore, _utc


def provinces_of(user: User) -> tuple[str, ...]:
    """The province codes stored on a user (";"-joined), as a tuple."""
    return tuple(p for p in (user.provinces or "").split(";") if p)


def actor_of(user: User, token: str | None) -> Actor:
    return Actor(
        user.username, user.role, user.municipality_code, token, provinces=provinces_of(user)
    )


class Sessions(StoreCore):
    """Signing in and out, and the live session behind a token."""

    # ------------------------------------------------------------------ live sessions
    def _live_session(self, session: Session, actor: Actor) -> tuple[User, UserSession] | None:
        """The user and session behind a live token, None without a token.

        Raises :class:`SessionExpired` for an unknown, revoked, expired or idle session
        or an inactive account.
        """
        if actor.token is None:
            return None
        row = session.execute(
            select(UserSession, User)
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.token_hash == auth.token_hash(actor.token))
        ).first()
        if row is None:
            raise SessionExpired("Oturum bulunamadı; lütfen yeniden giriş yapın.")
        user_session, user = row
        now = self.clock()
        if user_session.revoked_at is not None or _utc(user_session.expires_at) <= now:
            raise SessionExpired("Oturumunuzun süresi doldu; lütfen yeniden giriş yapın.")
        if now - self._last_seen(user_session) > self.idle_ttl:
            raise SessionExpired(
                "Uzun süre işlem yapılmadığı için oturumunuz kapandı; lütfen yeniden giriş yapın."
            )
        if not user.active:
            raise SessionExpired("Hesabınız etkin değil.")
        return user, user_session

    @staticmethod
    def _last_seen(user_session: UserSession) -> datetime:
        return _utc(user_session.last_seen_at or user_session.created_at)

    def _user_of(self, session: Session, actor: Actor) -> User | None:
        """The user behind a live session token, or None (anonymous)."""
        live = self._live_session(session, actor)
        return None if live is None else live[0]

    def _touch(self, session: Session, user_session: UserSession) -> None:
        """Record activity (idle timeout) inside a write transaction."""
        if self.clock() - self._last_seen(user_session) >= auth.TOUCH_EVERY:
            user_session.last_seen_at = self.clock()

    def whoami(self, actor: Actor) -> Actor:
        """The actor as the database sees it now (role and scope refreshed); no write."""
        if actor.system:
            return actor
        with self.read() as session:
            user = self._user_of(session, actor)
            return ANONYMOUS if user is None else actor_of(user, actor.token)

    def resolve(self, token: str) -> Actor:
        """The actor behind a session token, marking the session used (idle timeout);
        :class:`SessionExpired` if it is not live."""
        probe = Actor(username="?", token=token)
        with self.read() as session:
            live = self._live_session(session, probe)
            assert live is not None
            user, user_session = live
            stale = self.clock() - self._last_seen(user_session) >= auth.TOUCH_EVERY
            result = actor_of(user, token)
        if stale:
            with self.transaction() as session:
                session.execute(
                    update(UserSession)
                    .where(UserSession.token_hash == auth.token_hash(token))
                    .values(last_seen_at=self.clock())
                )
        return result

    def sign_out(self, actor: Actor) -> None:
        if actor.token is None:
            return
        with self.transaction() as session:
            row = session.scalar(
                select(UserSession).where(UserSession.token_hash == auth.token_hash(actor.token))
            )
            if row is not None and row.revoked_at is None:
                row.revoked_at = self.clock()
                self._audit(session, actor.username, "signout")

    def _revoke_sessions(self, session: Session, user_id: int, keep: str | None = None) -> int:
        """End every live session of a user (but ``keep``, a token); returns how many."""
        stmt = update(UserSession).where(
            UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
        )
        if keep is not None:
            stmt = stmt.where(UserSession.token_hash != auth.token_hash(keep))
        result = session.execute(stmt.values(revoked_at=self.clock()))
        return int(getattr(result, "rowcount", 0) or 0)

    def purge_expired(self) -> int:
        """Delete ended sessions and forgotten throttle rows; returns sessions deleted."""
        now = self.clock()
        with self.transaction() as session:
            result = session.execute(
                delete(UserSession).where(
                    or_(
                        UserSession.expires_at <= now,
                        UserSession.revoked_at.is_not(None),
                        UserSession.created_at <= now - self.session_ttl,
                        UserSession.last_seen_at <= now - self.idle_ttl,
                        (UserSession.last_seen_at.is_(None))
                        & (UserSession.created_at <= now - self.idle_ttl),
                    )
                )
            )
            session.execute(
                delete(SignInThrottle).where(
                    or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until <= now),
                    SignInThrottle.last_failed_at <= now - auth.THROTTLE_MEMORY,
                )
            )
        return int(getattr(result, "rowcount", 0) or 0)

    # ------------------------------------------------------------------ sign-in
    def _throttle(self, session: Session, name: str) -> SignInThrottle:
        """The throttle row of a typed name, created if missing and locked for update."""
        dialect = session.get_bind().dialect.name
        if dialect in ("postgresql", "sqlite"):
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            session.execute(
                insert(SignInThrottle)
                .values(username=name, failed_count=0)
                .on_conflict_do_nothing(index_elements=["username"])
            )
        elif session.get(SignInThrottle, name) is None:  # pragma: no cover - other databases
            session.add(SignInThrottle(username=name, failed_count=0))
            session.flush()
        return session.scalars(
            select(SignInThrottle)
            .where(SignInThrottle.username == name)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()

    def sign_in(self, username: str, password: str) -> Actor:
        """A signed-in Actor with a fresh session token, or :class:`SignInError`
        (the same message for an unknown name, a wrong password or an inactive account)."""
        name = username.strip()[:64]
        with auth.hashing_slot():
            now = self.clock()
            with self.transaction() as session:
                row = self._throttle(session, name)
                locked_until = _utc(row.locked_until) if row.locked_until else None
                wait = int((locked_until - now).total_seconds()) + 1 if locked_until else 0
                if wait > 0:
                    self._audit(session, name, "signin.locked", f"wait={wait}")
                else:
                    row.failed_count += 1  # counted as failed until the password is right
                    row.last_failed_at = now
                    lock = auth.lock_duration(row.failed_count)
                    row.locked_until = now + lock if lock else None
                    user = session.scalar(select(User).where(User.username == name))
                    user_id = user.id if user is not None else None
                    password_hash = user.password_hash if user is not None else None
                    active = bool(user is not None and user.active)
            if wait > 0:
                raise SignInError(
                    f"Çok fazla başarısız deneme. {wait} saniye sonra yeniden deneyin.", wait
                )
            ok = self._check_password(password_hash, password) and active
        with self.transaction() as session:
            if not ok or user_id is None:
                self._audit(session, name, "signin.failed")
            else:
                session.execute(
                    update(SignInThrottle)
                    .where(SignInThrottle.username == name)
                    .values(failed_count=0, locked_until=None)
                )
                user = session.get(User, user_id)
                assert user is not None
                token, digest = auth.new_token()
                session.add(
                    UserSession(
                        token_hash=digest,
                        user_id=user.id,
                        created_at=now,
                        expires_at=now + self.session_ttl,
                        last_seen_at=now,
                    )
                )
                self._audit(session, user.username, "signin.ok")
                signed = actor_of(user, token)
        if not ok or user_id is None:
            raise SignInError(auth.WRONG_MESSAGE)
        self.purge_expired()
        return signed

    @staticmethod
    def _check_password(password_hash: str | None, password: str) -> bool:
        """argon2 check; the caller holds a hashing slot already."""
        return auth.verify_password(password_hash, password, slot=False)
