"""Tables of the participation work (comments, feedback meetings, workshops) in the
monitoring database, so accounts, roles, migrations and backups are shared.

Append-only like monitoring: a comment's text never changes; each moderation step
(publish, answer, hide) is a new ``comment_version``; a meeting edit is a new
``feedback_meeting_version``; a participant who submits again adds a new submission (the
latest counts); a saved workshop result and its adoption are rows that are never changed.
Only ``workshop_session.status`` (open/closed) is operational state.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gendermap.monitor.models import Base, utcnow

COMMENT_KINDS = ("correction", "local_knowledge", "proposal", "question")
COMMENT_STATUSES = ("pending", "published", "hidden")


class Comment(Base):
    """What a visitor wrote about a map view. ``visitor`` is a keyed hash (rate limits only)."""

    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    visitor: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str] = mapped_column(String(120), default="")
    organisation: Mapped[str] = mapped_column(String(160), default="")
    show_name: Mapped[bool] = mapped_column(Boolean, default=False)
    view_link: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[str] = mapped_column(String(32), default="")
    indicator: Mapped[str] = mapped_column(String(64), default="")
    province_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    district_code: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    mahalle_code: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)


class CommentVersion(Base):
    """One moderation state of a comment: status, the moderator's public answer, a note."""

    __tablename__ = "comment_version"
    __table_args__ = (UniqueConstraint("comment_id", "version", name="uq_comment_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class FeedbackMeeting(Base):
    __tablename__ = "feedback_meeting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class FeedbackMeetingVersion(Base):
    """One version of a meeting record (geri bildirim toplantısı tutanağı)."""

    __tablename__ = "feedback_meeting_version"
    __table_args__ = (UniqueConstraint("meeting_id", "version", name="uq_feedback_meeting_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("feedback_meeting.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    organisations: Mapped[str] = mapped_column(Text, default="")
    comments: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class WorkshopSession(Base):
    """A çalıştay a moderator opened; participants join with its code."""

    __tablename__ = "workshop_session"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class WorkshopAllocation(Base):
    """One criterion's points in one submission of one (possibly anonymous) participant."""

    __tablename__ = "workshop_allocation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_code: Mapped[str] = mapped_column(ForeignKey("workshop_session.code"), index=True)
    participant: Mapped[str] = mapped_column(String(80))
    submission: Mapped[int] = mapped_column(Integer)
    criterion: Mapped[str] = mapped_column(String(64))
    points: Mapped[float] = mapped_column(Float)
    direction: Mapped[str | None] = mapped_column(String(24), nullable=True)
    visitor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WorkshopResultRow(Base):
    """A saved result: weights and consensus shortlist as JSON tables, with the count."""

    __tablename__ = "workshop_result"
    __table_args__ = (UniqueConstraint("session_code", "version", name="uq_workshop_result_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_code: Mapped[str] = mapped_column(ForeignKey("workshop_session.code"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    participants: Mapped[int] = mapped_column(Integer)
    weights_json: Mapped[str] = mapped_column(Text)
    consensus_json: Mapped[str] = mapped_column(Text)
    shortlist_size: Mapped[int] = mapped_column(Integer, default=5)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class WorkshopAdoption(Base):
    """A moderator's decision that a saved result is the focus shortlist (latest wins)."""

    __tablename__ = "workshop_adoption"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("workshop_result.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
