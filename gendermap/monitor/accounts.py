"""Accounts: who may do what, and the people who have accounts.

Roles on the server side: each write re-reads the session from the database and checks
the role there, so a page cannot grant a right by building an
:class:`~gendermap.monitor.auth.Actor` by hand. viewer: reads published values; editor:
monitoring values of one municipality; data_editor: the map's imported data of one or
both provinces (:meth:`Accounts.require_data_writer`, called by the import store on every
store and revert); admin: everything.

Changing a password (by its owner or an admin) or deactivating an account ends the
account's existing sessions.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gendermap.monitor import auth
from gendermap.monitor.auth import ANONYMOUS, Actor
from gendermap.monitor.errors import InvalidInput, NotFound, PermissionDenied, SessionExpired
from gendermap.monitor.models import PROVINCES, ROLES, SignInThrottle, User
from gendermap.monitor.sessions import Sessions, actor_of, provinces_of
from gendermap.names import ascii_fold

_PROVINCE_KEYS = {ascii_fold(name): code for code, name in PROVINCES.items()}


def province_code(value: object) -> str:
    """The code of a province given by code (35, "10") or name ("İzmir", "BALIKESIR").

    Raises :class:`InvalidInput` naming the provinces there are.
    """
    text = str(value).strip()
    if text in PROVINCES:
        return text
    code = _PROVINCE_KEYS.get(ascii_fold(text))
    if code is None:
        names = ", ".join(PROVINCES.values())
        raise InvalidInput([("province", f"il '{text}' tanınmadı; şunlardan biri olmalı: {names}")])
    return code


def province_names(codes: Iterable[str]) -> str:
    return ", ".join(PROVINCES[c] for c in sorted(codes, key=lambda c: PROVINCES[c]))


class Accounts(Sessions):
    """Users, roles and the authorisation every write calls."""

    # ------------------------------------------------------------------ authorisation
    def _authorize(
        self, session: Session, actor: Actor, need: str, municipality: str | None = None
    ) -> str:
        """Check ``actor`` may do a write needing ``need`` ('editor' or 'admin').

        Returns the username to record. Roles come from the database, not the Actor.
        """
        if actor.system:
            return actor.username
        live = self._live_session(session, actor)
        if live is None:
            raise PermissionDenied("Bu işlem için giriş yapmalısınız.")
        user, user_session = live
        self._touch(session, user_session)
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
        if user is None or user.role not in ("editor", "admin"):
            return set()
        if user.role == "admin":
            return None
        return {user.municipality_code} if user.municipality_code else set()

    def check_data_writer(
        self, session: Session, actor: Actor | str | None, province: object
    ) -> Actor:
        """Inside the caller's transaction: the actor who may store or revert map data
        of ``province`` (a data editor of that province, or an admin), else
        :class:`PermissionDenied` (Turkish message) or :class:`SessionExpired`."""
        code = province_code(province)
        if isinstance(actor, str):
            actor = Actor(username="?", token=actor)
        actor = actor or ANONYMOUS
        if actor.system:
            return actor
        live = self._live_session(session, actor)
        if live is None:
            raise PermissionDenied(
                "Harita verisini değiştirmek için veri editörü ya da yönetici olarak "
                "giriş yapmalısınız. Dosyayı denetleyip sorunlarını görmek için giriş gerekmez."
            )
        user = live[0]
        if user.role == "admin":
            return actor_of(user, actor.token)
        if user.role == "data_editor":
            allowed = provinces_of(user)
            if code in allowed:
                return actor_of(user, actor.token)
            raise PermissionDenied(
                f"{PROVINCES[code]} verisini değiştirme yetkiniz yok; yalnızca "
                f"{province_names(allowed) or 'hiçbir il'} verisini değiştirebilirsiniz."
            )
        raise PermissionDenied(
            "Harita verisini değiştirme yetkiniz yok; veri editörü ya da yönetici gerekli."
        )

    def require_data_writer(self, actor: Actor | str | None, province: object) -> Actor:
        """The server-side check before storing or reverting imported map data.

        ``actor`` is an :class:`Actor` or a session token; ``province`` a code or a name.
        Returns the actor as the database sees it now (its ``username`` is who to
        record); raises :class:`PermissionDenied` or :class:`SessionExpired` otherwise.
        Call it in the same request that writes; :meth:`check_data_writer` does the
        same inside a transaction of this store.
        """
        with self.read() as session:
            return self.check_data_writer(session, actor, province)

    # ------------------------------------------------------------------ users
    def add_user(
        self,
        actor: Actor,
        username: str,
        password: str,
        role: str,
        municipality: str | None = None,
        provinces: Iterable[object] = (),
    ) -> None:
        username = username.strip()
        problems, codes = self._user_problems(role, municipality, provinces)
        if not username or len(username) > 64:
            problems.append(("username", "kullanıcı adı 1-64 karakter olmalı"))
        weak = auth.check_password_strength(password)
        if weak:
            problems.append(("password", weak))
        if problems:
            raise InvalidInput(problems)
        password_hash = auth.hash_password(password)  # slow: before taking the write lock
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            self._require_municipality(session, municipality)
            if session.scalar(select(User.id).where(User.username == username)) is not None:
                raise InvalidInput([("username", f"'{username}' adlı kullanıcı zaten var")])
            session.add(
                User(
                    username=username,
                    password_hash=password_hash,
                    role=role,
                    municipality_code=municipality,
                    provinces=codes,
                    active=True,
                    created_at=self.clock(),
                )
            )
            self._audit(session, by, "user.add", _describe(username, role, municipality, codes))

    @staticmethod
    def _user_problems(
        role: str, municipality: str | None, provinces: Iterable[object]
    ) -> tuple[list[tuple[str, str]], str | None]:
        """Problems with a role and its scope, and the ";"-joined province codes."""
        problems: list[tuple[str, str]] = []
        codes: set[str] = set()
        for value in provinces:
            try:
                codes.add(province_code(value))
            except InvalidInput as error:
                problems += error.problems
        if role not in ROLES:
            problems.append(
                ("role", f"rol '{role}' geçersiz; şunlardan biri olmalı: {', '.join(ROLES)}")
            )
        if role == "editor" and not municipality:
            problems.append(("municipality", "editör için belediye gerekli"))
        if role == "data_editor" and not codes and not problems:
            problems.append(
                ("province", "veri editörü için il gerekli (İzmir, Balıkesir ya da ikisi)")
            )
        if role != "data_editor" and codes:
            problems.append(("province", "il yalnızca veri editörüne verilir"))
        return problems, ";".join(sorted(codes)) or None

    def set_role(
        self,
        actor: Actor,
        username: str,
        role: str,
        municipality: str | None = None,
        provinces: Iterable[object] = (),
    ) -> None:
        problems, codes = self._user_problems(role, municipality, provinces)
        if problems:
            raise InvalidInput(problems)
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            self._require_municipality(session, municipality)
            user = self._get_user(session, username)
            user.role, user.municipality_code, user.provinces = role, municipality, codes
            self._audit(session, by, "user.role", _describe(username, role, municipality, codes))

    def set_password(self, actor: Actor, username: str, password: str) -> None:
        """An admin's reset: new password, the lock lifted, every session ended."""
        weak = auth.check_password_strength(password)
        if weak:
            raise InvalidInput([("password", weak)])
        password_hash = auth.hash_password(password)
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            user = self._get_user(session, username)
            user.password_hash = password_hash
            session.execute(delete(SignInThrottle).where(SignInThrottle.username == username))
            ended = self._revoke_sessions(session, user.id)
            self._audit(session, by, "user.password", f"{username} sessions_ended={ended}")

    def change_password(self, actor: Actor, current: str, new: str) -> None:
        """The signed-in person changes their own password; their other sessions end."""
        weak = auth.check_password_strength(new)
        if weak:
            raise InvalidInput([("password", weak)])
        me = self.whoami(actor)
        if me.token is None or me.system:
            raise PermissionDenied("Parolanızı değiştirmek için giriş yapmalısınız.")
        with self.read() as session:
            stored = self._get_user(session, me.username).password_hash
        if not auth.verify_password(stored, current):
            raise InvalidInput([("current_password", "şu anki parola yanlış")])
        password_hash = auth.hash_password(new)
        with self.transaction() as session:
            user = self._get_user(session, me.username)
            user.password_hash = password_hash
            ended = self._revoke_sessions(session, user.id, keep=me.token)
            self._audit(session, me.username, "user.password.own", f"sessions_ended={ended}")

    def set_active(self, actor: Actor, username: str, active: bool) -> None:
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            user = self._get_user(session, username)
            user.active = active
            ended = 0 if active else self._revoke_sessions(session, user.id)
            self._audit(
                session, by, "user.active", f"{username} active={active} sessions_ended={ended}"
            )

    def list_users(self, actor: Actor) -> pd.DataFrame:
        columns = [
            "username",
            "role",
            "municipality_code",
            "provinces",
            "active",
            "failed_count",
            "locked_until",
            "created_at",
        ]
        with self.transaction() as session:  # a write: the admin's session is marked used
            self._authorize(session, actor, "admin")
            rows = session.execute(
                select(
                    User.username,
                    User.role,
                    User.municipality_code,
                    User.provinces,
                    User.active,
                    SignInThrottle.failed_count,
                    SignInThrottle.locked_until,
                    User.created_at,
                )
                .outerjoin(SignInThrottle, SignInThrottle.username == User.username)
                .order_by(User.username)
            ).all()
        frame = pd.DataFrame(rows, columns=columns)
        frame["failed_count"] = frame["failed_count"].fillna(0).astype(int)
        frame["provinces"] = [
            province_names(p.split(";")) if isinstance(p, str) and p else "" for p in frame["provinces"]
        ]
        return frame

    @staticmethod
    def _get_user(session: Session, username: str) -> User:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"'{username}' adlı kullanıcı yok.")
        return user


def _describe(username: str, role: str, municipality: str | None, provinces: str | None) -> str:
    return f"{username} role={role} municipality={municipality} provinces={provinces}"
