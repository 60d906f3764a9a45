"""What the participation services share: the monitoring database's accounts, the
moderator check every write calls, visitor codes and rate limits.

Why on top of :class:`~gendermap.monitor.accounts.Accounts`: the same database, users,
sessions and audit log as monitoring; a moderator is a role of those accounts, checked
from the database on every write (never from what a page says about the user).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gendermap.monitor.accounts import Accounts
from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import MonitorError, PermissionDenied
from gendermap.participation.rules import RateLimit

MODERATING_ROLES = ("moderator", "admin")


class RateLimited(MonitorError):
    """Too many submissions; ``wait_seconds`` says when to try again."""

    code = "rate_limited"

    def __init__(self, wait_seconds: int) -> None:
        minutes = max(1, round(wait_seconds / 60))
        super().__init__(f"Çok sık gönderim yaptınız; lütfen {minutes} dakika sonra yeniden deneyin. "
                         f"(Too many submissions; try again in {minutes} minute(s).)")
        self.wait_seconds = wait_seconds


def visitor_code(key: str) -> str:
    """A one-way code of a visitor's browser-session key: enough to count, not to identify."""
    return hashlib.sha256(f"gendermap-visitor:{key}".encode()).hexdigest()


class ParticipationCore(Accounts):
    """Moderator checks and rate limits over the monitoring store's accounts."""

    def _moderator(self, session: Session, actor: Actor) -> str:
        """The username of a signed-in moderator or admin; otherwise PermissionDenied."""
        if actor.system:
            return actor.username
        user = self._user_of(session, actor)
        if user is None:
            raise PermissionDenied("Bu işlem için moderatör olarak giriş yapmalısınız.")
        if user.role not in MODERATING_ROLES:
            raise PermissionDenied("Bu işlem için moderatör yetkisi gerekli.")
        return user.username

    def is_moderator(self, actor: Actor) -> bool:
        """For showing or hiding moderator tools; every write checks again itself."""
        if actor.system:
            return True
        try:
            with self.read() as session:
                self._moderator(session, actor)
        except MonitorError:
            return False
        return True

    def _check_rate(self, session: Session, column: Any, where: Any, limit: RateLimit,
                    now: datetime, *, distinct: bool = False) -> None:
        """RateLimited when ``limit.count`` rows (``distinct``: distinct times, where one
        action writes several rows at one time) fall inside the window before ``now``."""
        since = now - limit.window
        times = session.execute(
            (select(column).distinct() if distinct else select(column))
            .where(where, column >= since).order_by(column)
        ).scalars().all()
        if len(times) >= limit.count:
            oldest = times[len(times) - limit.count]
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
            raise RateLimited(max(1, int((oldest + limit.window - now).total_seconds())))

    @staticmethod
    def _count(session: Session, model: Any, where: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model).where(where)) or 0)
