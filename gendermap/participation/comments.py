"""Comments on map views and feedback meeting records: write, moderate, read.

A comment is stored once with version 1 ``pending``; a moderator's publish, answer or hide
is a new version (nothing is deleted or edited in place). The public sees the latest
version only when it is ``published``, with the name and organisation only when the
writer chose to show them. Meetings are versioned records written by moderators.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import ConflictError, InvalidInput, NotFound
from gendermap.monitor.participation_models import (
    Comment,
    CommentVersion,
    FeedbackMeeting,
    FeedbackMeetingVersion,
)
from gendermap.participation.base import ParticipationCore, visitor_code
from gendermap.participation.rules import (
    LIMITS,
    SITE_COMMENT_LIMIT,
    VISITOR_COMMENT_LIMITS,
    CommentInput,
    MeetingInput,
    clean_text,
    comment_problems,
    meeting_problems,
)

PUBLIC_COLUMNS = ["id", "created_at", "kind", "text", "author", "answer", "page", "indicator",
                  "province_code", "district_code", "mahalle_code", "view_link"]
QUEUE_COLUMNS = ["id", "created_at", "kind", "text", "author_name", "organisation", "show_name",
                 "status", "answer", "note", "version", "moderated_by", "page", "indicator",
                 "district_code", "mahalle_code", "view_link"]
MEETING_COLUMNS = ["id", "version", "title", "held_on", "place", "organisations", "comments",
                   "decisions", "created_at", "created_by"]
ACTIONS = {"publish": "published", "hide": "hidden", "answer": None, "pending": "pending"}


class CommentsAndMeetings(ParticipationCore):
    # ------------------------------------------------------------------ comments
    def submit_comment(self, visitor_key: str, entry: CommentInput) -> int:
        """Anyone: store a comment held for moderation; returns its id.

        Raises InvalidInput (what to fix) or RateLimited (when to try again)."""
        c = entry.cleaned()
        problems = comment_problems(c)
        if problems:
            raise InvalidInput(problems)
        visitor = visitor_code(visitor_key)
        now = self.clock()
        with self.transaction() as session:
            for limit in VISITOR_COMMENT_LIMITS:
                self._check_rate(session, Comment.created_at, Comment.visitor == visitor, limit, now)
            self._check_rate(session, Comment.created_at, Comment.id.is_not(None),
                             SITE_COMMENT_LIMIT, now)
            row = Comment(created_at=now, visitor=visitor, kind=c.kind, text=c.text,
                          author_name=c.author_name, organisation=c.organisation,
                          show_name=c.show_name, view_link=c.view_link, page=c.page,
                          indicator=c.indicator, province_code=c.province_code,
                          district_code=c.district_code, mahalle_code=c.mahalle_code)
            session.add(row)
            session.flush()
            session.add(CommentVersion(comment_id=row.id, version=1, status="pending", answer="",
                                       note="", created_at=now, created_by="ziyaretçi"))
            return int(row.id)

    def moderate(self, actor: Actor, comment_id: int, action: str, *, answer: str | None = None,
                 note: str = "", expected_version: int | None = None) -> int:
        """Moderator: ``publish``, ``hide``, ``answer`` (keeps the status) or back to
        ``pending``, as a new version; returns the version number. ``answer`` None keeps
        the current answer. A stale ``expected_version`` raises ConflictError."""
        if action not in ACTIONS:
            raise InvalidInput([("action", "işlem publish, hide, answer ya da pending olmalı")])
        answer = None if answer is None else clean_text(answer)
        note = clean_text(note)
        problems = []
        if answer is not None and len(answer) > LIMITS.answer:
            problems.append(("answer", f"yanıt en fazla {LIMITS.answer} karakter olabilir"))
        if len(note) > LIMITS.answer:
            problems.append(("note", f"not en fazla {LIMITS.answer} karakter olabilir"))
        if problems:
            raise InvalidInput(problems)
        with self.transaction() as session:
            by = self._moderator(session, actor)
            current = self._latest_version(session, comment_id)
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(expected_version, current.version,
                                    {"status": current.status, "answer": current.answer})
            status = ACTIONS[action] or current.status
            row = CommentVersion(comment_id=comment_id, version=current.version + 1, status=status,
                                 answer=current.answer if answer is None else answer, note=note,
                                 created_at=self.clock(), created_by=by)
            version = self._insert_version(session, row, current.version,
                                           {"status": current.status})
            self._audit(session, by, f"comment.{action}", f"comment={comment_id} v{version}")
            return version

    @staticmethod
    def _latest_version(session: Session, comment_id: int) -> CommentVersion:
        row = session.execute(
            select(CommentVersion).where(CommentVersion.comment_id == comment_id)
            .order_by(CommentVersion.version.desc()).limit(1)
        ).scalar_one_or_none()
        if row is None:
            raise NotFound(f"{comment_id} numaralı yorum yok.")
        return row

    def _comments(self, session: Session, **where: Any) -> pd.DataFrame:
        rn = func.row_number().over(partition_by=CommentVersion.comment_id,
                                    order_by=CommentVersion.version.desc()).label("rn")
        latest = select(CommentVersion, rn).subquery()
        stmt = (select(Comment, latest.c.status, latest.c.answer, latest.c.note,
                       latest.c.version, latest.c.created_by.label("moderated_by"))
                .join(latest, latest.c.comment_id == Comment.id).where(latest.c.rn == 1))
        for key, value in where.items():
            if value is not None:
                stmt = stmt.where(latest.c.status == value if key == "status"
                                  else getattr(Comment, key) == value)
        rows = session.execute(stmt.order_by(Comment.created_at.desc())).all()
        cols = [c.key for c in Comment.__table__.columns]
        frame = pd.DataFrame(
            [{**{c: getattr(r[0], c) for c in cols}, "status": r[1], "answer": r[2], "note": r[3],
              "version": r[4], "moderated_by": r[5]} for r in rows],
            columns=[*cols, "status", "answer", "note", "version", "moderated_by"])
        if len(frame):
            frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
        return frame

    def published_comments(self, *, district_code: int | None = None,
                           mahalle_code: str | None = None, indicator: str | None = None,
                           page: str | None = None) -> pd.DataFrame:
        """Anyone: published comments (newest first), ``author`` only where the writer chose."""
        with self.read() as session:
            f = self._comments(session, status="published", district_code=district_code,
                               mahalle_code=mahalle_code, indicator=indicator, page=page)
        shown = f["show_name"].astype(bool) if len(f) else pd.Series(dtype=bool)
        names = (f["author_name"].fillna("") + " " + f["organisation"].fillna("").map(
            lambda o: f"({o})" if o else "")).str.strip() if len(f) else pd.Series(dtype=str)
        f["author"] = names.where(shown, "")
        return f[PUBLIC_COLUMNS].reset_index(drop=True)

    def comment_counts(self) -> pd.DataFrame:
        """Anyone: published comments per district (``district_code``, ``comments``)."""
        with self.read() as session:
            f = self._comments(session, status="published")
        f = f.dropna(subset=["district_code"])
        out = f.groupby("district_code").size().rename("comments").reset_index()
        out["district_code"] = out["district_code"].astype(int)
        return out

    def moderation_queue(self, actor: Actor, status: str | None = None) -> pd.DataFrame:
        """Moderator: every comment's latest version (with names, for moderation only)."""
        with self.read() as session:
            self._moderator(session, actor)
            f = self._comments(session, status=status)
        return f[QUEUE_COLUMNS].reset_index(drop=True)

    def comment_history(self, actor: Actor, comment_id: int) -> pd.DataFrame:
        """Moderator: every version of one comment, oldest first."""
        with self.read() as session:
            self._moderator(session, actor)
            rows = session.execute(select(CommentVersion).where(
                CommentVersion.comment_id == comment_id).order_by(CommentVersion.version)
            ).scalars().all()
        cols = ["version", "status", "answer", "note", "created_at", "created_by"]
        return pd.DataFrame([{c: getattr(r, c) for c in cols} for r in rows], columns=cols)

    # ------------------------------------------------------------------ meetings
    def save_meeting(self, actor: Actor, entry: MeetingInput, meeting_id: int | None = None,
                     expected_version: int = 0) -> tuple[int, int]:
        """Moderator: a new meeting (``meeting_id`` None) or a new version of one;
        returns (meeting id, version)."""
        m = entry.cleaned()
        problems = meeting_problems(m)
        if problems:
            raise InvalidInput(problems)
        with self.transaction() as session:
            by = self._moderator(session, actor)
            now = self.clock()
            if meeting_id is None:
                meeting = FeedbackMeeting(created_at=now, created_by=by)
                session.add(meeting)
                session.flush()
                meeting_id = int(meeting.id)
            elif session.get(FeedbackMeeting, meeting_id) is None:
                raise NotFound(f"{meeting_id} numaralı toplantı kaydı yok.")
            current = self._next_version(session, FeedbackMeetingVersion,
                                         FeedbackMeetingVersion.meeting_id == meeting_id) - 1
            if current != expected_version:
                raise ConflictError(expected_version, current, {})
            row = FeedbackMeetingVersion(
                meeting_id=meeting_id, version=current + 1, title=m.title, held_on=m.held_on,
                place=m.place, organisations=m.organisations, comments=m.comments,
                decisions=m.decisions, status="active", created_at=now, created_by=by)
            version = self._insert_version(session, row, current, {})
            self._audit(session, by, "meeting.save", f"meeting={meeting_id} v{version}")
            return meeting_id, version

    def meetings(self) -> pd.DataFrame:
        """The latest version of every meeting record, newest meeting first."""
        f = self._latest_frame(FeedbackMeetingVersion, [FeedbackMeetingVersion.meeting_id])
        f = f[f["status"] == "active"].drop(columns="id").rename(columns={"meeting_id": "id"})
        return f[MEETING_COLUMNS].sort_values(["held_on", "id"], ascending=False).reset_index(drop=True)
