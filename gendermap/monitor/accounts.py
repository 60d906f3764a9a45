"""Accounts: who may do what, sign-in and sessions.

Roles on the server side: each write re-reads the session from the database and checks
the role there (viewer: read published; editor: own municipality; admin: all), so a page
cannot grant a right by building an :class:`~gendermap.monitor.auth.Actor` by hand.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gendermap.monitor import auth
from gendermap.monitor.auth import ANONYMOUS, Actor
from gendermap.monitor.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    SessionExpired,
    SignInError,
)
from gendermap.monitor.models import (
    ROLES,
    User,
    UserSession,
)
from gendermap.monitor.versioning import StoreCore, _utc


class Accounts(StoreCore):
    """Users, sign-in, sessions and the authorisation every write calls."""

    # ------------------------------------------------------------------ authorisation
    def _user_of(self, session: Session, actor: Actor) -> User | None:
        """The user behind a live session token, or None (anonymous)."""
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
        if user_session.revoked_at is not None or _utc(user_session.expires_at) <= self.clock():
            raise SessionExpired("Oturumunuzun süresi doldu; lütfen yeniden giriş yapın.")
        if not user.active:
            raise SessionExpired("Hesabınız etkin değil.")
        return user

    def _authorize(
        self, session: Session, actor: Actor, need: str, municipality: str | None = None
    ) -> str:
        """Check ``actor`` may do a write needing ``need`` ('editor' or 'admin').

        Returns the username to record. Roles come from the database, not the Actor.
        """
        if actor.system:
            return actor.username
        user = self._user_of(session, actor)
        if user is None:
            raise PermissionDenied("Bu işlem için giriş yapmalısınız.")
        if user.role == "admin":
            return user.username
        if need == "editor" and user.role == "editor":
            if municipality is not None and user.municipality_code == municipality:
                return user.username
            raise PermissionDenied("Yalnızca kendi belediyeniz için veri girebilirsiniz.")
        raise PermissionDenied("Bu işlem için yetkiniz yok (yönetici gerekli).")

    def _draft_scope(self, session: Session, actor: Actor) -> set[str] | None:
        """Municipalities whose unpublished versions ``actor`` may see (None = all)."""
        if actor.system:
            return None
        try:
            user = self._user_of(session, actor)
        except SessionExpired:
            user = None
        if user is None or user.role == "viewer":
            return set()
        if user.role == "admin":
            return None
        return {user.municipality_code} if user.municipality_code else set()

    def whoami(self, actor: Actor) -> Actor:
        """The actor as the database sees it now (role and municipality refreshed)."""
        if actor.system:
            return actor
        with self.transaction() as session:
            user = self._user_of(session, actor)
            if user is None:
                return ANONYMOUS
            return Actor(user.username, user.role, user.municipality_code, actor.token)

    # ------------------------------------------------------------------ users
    def add_user(
        self,
        actor: Actor,
        username: str,
        password: str,
        role: str,
        municipality: str | None = None,
    ) -> None:
        username = username.strip()
        problems = self._user_problems(role, municipality)
        if not username or len(username) > 64:
            problems.append(("username", "kullanıcı adı 1-64 karakter olmalı"))
        weak = auth.check_password_strength(password)
        if weak:
            problems.append(("password", weak))
        if problems:
            raise InvalidInput(problems)
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            self._require_municipality(session, municipality)
            if session.scalar(select(User.id).where(User.username == username)) is not None:
                raise InvalidInput([("username", f"'{username}' adlı kullanıcı zaten var")])
            session.add(
                User(
                    username=username,
                    password_hash=auth.hash_password(password),
                    role=role,
                    municipality_code=municipality,
                    active=True,
                    failed_count=0,
                    created_at=self.clock(),
                )
            )
            self._audit(
                session, by, "user.add", f"{username} role={role} municipality={municipality}"
            )

    @staticmethod
    def _user_problems(role: str, municipality: str | None) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        if role not in ROLES:
            problems.append(
                ("role", f"rol '{role}' geçersiz; şunlardan biri olmalı: {', '.join(ROLES)}")
            )
        if role == "editor" and not municipality:
            problems.append(("municipality", "editör için belediye gerekli"))
        return problems

    def set_role(
        self, actor: Actor, username: str, role: str, municipality: str | None = None
    ) -> None:
        problems = self._user_problems(role, municipality)
        if problems:
            raise InvalidInput(problems)
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            self._require_municipality(session, municipality)
            user = self._get_user(session, username)
            user.role, user.municipality_code = role, municipality
            self._audit(
                session, by, "user.role", f"{username} role={role} municipality={municipality}"
            )

    def set_password(self, actor: Actor, username: str, password: str) -> None:
        weak = auth.check_password_strength(password)
        if weak:
            raise InvalidInput([("password", weak)])
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            user = self._get_user(session, username)
            user.password_hash = auth.hash_password(password)
            user.failed_count, user.locked_until = 0, None
            self._audit(session, by, "user.password", username)

    def set_active(self, actor: Actor, username: str, active: bool) -> None:
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            self._get_user(session, username).active = active
            self._audit(session, by, "user.active", f"{username} active={active}")

    def list_users(self, actor: Actor) -> pd.DataFrame:
        with self.transaction() as session:
            self._authorize(session, actor, "admin")
            rows = session.execute(
                select(
                    User.username,
                    User.role,
                    User.municipality_code,
                    User.active,
                    User.failed_count,
                    User.locked_until,
                    User.created_at,
                ).order_by(User.username)
            ).all()
        return pd.DataFrame(
            rows,
            columns=[
                "username",
                "role",
                "municipality_code",
                "active",
                "failed_count",
                "locked_until",
                "created_at",
            ],
        )

    @staticmethod
    def _get_user(session: Session, username: str) -> User:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"'{username}' adlı kullanıcı yok.")
        return user

    # ------------------------------------------------------------------ sign-in
    def sign_in(self, username: str, password: str) -> Actor:
        """A signed-in Actor with a fresh session token, or :class:`SignInError`.

        The (slow, deliberately) password check runs outside any transaction so it
        never holds a database lock; failures are counted with an atomic UPDATE.
        """
        now = self.clock()
        username = username.strip()[:64]
        with self.transaction() as session:
            user = session.scalar(select(User).where(User.username == username))
            user_id = user.id if user else None
            password_hash = user.password_hash if user else None
            active = bool(user and user.active)
            locked_until = _utc(user.locked_until) if user else None
            wait = int((locked_until - now).total_seconds()) + 1 if locked_until else 0
            if wait > 0:
                self._audit(session, username, "signin.locked", f"wait={wait}")
        if wait > 0:
            raise SignInError(
                f"Çok fazla başarısız deneme. {wait} saniye sonra yeniden deneyin.", wait
            )
        ok = auth.verify_password(password_hash, password) and active
        with self.transaction() as session:
            if not ok:
                if user_id is not None:
                    session.execute(
                        update(User)
                        .where(User.id == user_id)
                        .values(failed_count=User.failed_count + 1)
                    )
                    failed = session.scalar(select(User.failed_count).where(User.id == user_id))
                    lock = auth.lock_duration(int(failed or 0))
                    session.execute(
                        update(User)
                        .where(User.id == user_id)
                        .values(locked_until=now + lock if lock else None)
                    )
                self._audit(session, username, "signin.failed")
            else:
                user = session.get(User, user_id)
                assert user is not None
                user.failed_count, user.locked_until = 0, None
                token, digest = auth.new_token()
                session.add(
                    UserSession(
                        token_hash=digest,
                        user_id=user.id,
                        created_at=now,
                        expires_at=now + self.session_ttl,
                    )
                )
                self._audit(session, user.username, "signin.ok")
                return Actor(user.username, user.role, user.municipality_code, token)
        raise SignInError("Kullanıcı adı veya parola yanlış.")

    def resolve(self, token: str) -> Actor:
        """The actor behind a session token; :class:`SessionExpired` if it is not live."""
        return self.whoami(Actor(username="?", token=token))

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
