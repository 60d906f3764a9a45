"""The participation store: comments, meetings and workshop sessions in the monitoring database.

Workshops: a moderator opens a session and gets a short code; participants (signed in or
not, named or anonymous) submit their 100 points with that code; a submission again from
the same participant replaces theirs (the latest counts, the earlier ones stay). The
moderator saves the aggregated result (weights, participants counted, consensus shortlist;
each save is a new version) and may adopt one: the latest adoption is the shortlist that
``gendermap report --shortlist`` uses.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import func, select

from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import InvalidInput, NotFound
from gendermap.monitor.participation_models import (
    WorkshopAdoption,
    WorkshopAllocation,
    WorkshopResultRow,
    WorkshopSession,
)
from gendermap.participation.allocations import validate_allocations
from gendermap.participation.base import visitor_code
from gendermap.participation.comments import CommentsAndMeetings
from gendermap.participation.rules import LIMITS, VISITOR_SUBMISSION_LIMIT, clean_text
from gendermap.participation.workshop import WorkshopResult

__all__ = ["ParticipationStore", "SavedResult", "open_participation"]

_ALPHABET = "ABCDEFGHJKLMNPRSTUVYZ23456789"  # no 0/O, 1/I/L: read aloud in a room
MAX_SUBMISSIONS_PER_SESSION = 2000


class SavedResult:
    """A saved workshop result read back: frames and what it was saved with."""

    def __init__(self, row: WorkshopResultRow, adopted: bool) -> None:
        self.id = int(row.id)
        self.session_code = row.session_code
        self.version = int(row.version)
        self.participants = int(row.participants)
        self.weights = pd.read_json(io.StringIO(row.weights_json), orient="table")
        self.consensus = pd.read_json(io.StringIO(row.consensus_json), orient="table")
        self.shortlist_size = int(row.shortlist_size)
        self.synthetic = bool(row.synthetic)
        self.created_at = row.created_at
        self.created_by = row.created_by
        self.adopted = adopted

    def shortlist(self) -> pd.DataFrame:
        return self.consensus[self.consensus["rank"] <= self.shortlist_size]


def _frame_json(frame: pd.DataFrame) -> str:
    return frame.reset_index(drop=True).to_json(orient="table", index=False, force_ascii=False)


class ParticipationStore(CommentsAndMeetings):
    """Every read and write of participation data (see the module docstring)."""

    # ------------------------------------------------------------------ sessions
    def open_workshop(self, actor: Actor, title: str) -> str:
        """Moderator: a new open session; returns its code (6 characters)."""
        title = clean_text(title)
        if not title or len(title) > LIMITS.meeting_title:
            raise InvalidInput([("title", f"başlık 1-{LIMITS.meeting_title} karakter olmalı")])
        with self.transaction() as session:
            by = self._moderator(session, actor)
            code = "".join(secrets.choice(_ALPHABET) for _ in range(6))
            while session.get(WorkshopSession, code) is not None:  # pragma: no cover - rare
                code = "".join(secrets.choice(_ALPHABET) for _ in range(6))
            session.add(WorkshopSession(code=code, title=title, status="open",
                                        created_at=self.clock(), created_by=by))
            self._audit(session, by, "workshop.open", code)
            return code

    def set_workshop_status(self, actor: Actor, code: str, status: str) -> None:
        """Moderator: ``open`` (reopen) or ``closed`` (no more submissions)."""
        if status not in ("open", "closed"):
            raise InvalidInput([("status", "durum open ya da closed olmalı")])
        with self.transaction() as session:
            by = self._moderator(session, actor)
            row = self._session(session, code)
            row.status = status
            self._audit(session, by, f"workshop.{status}", code)

    @staticmethod
    def _session(session, code: str) -> WorkshopSession:
        row = session.get(WorkshopSession, clean_text(code).upper()[:16])
        if row is None:
            raise NotFound("Bu kodla bir çalıştay yok; kodu kontrol edin.")
        return row

    def workshop(self, code: str) -> dict[str, str]:
        """Anyone with the code: title and status."""
        with self.read() as session:
            row = self._session(session, code)
            return {"code": row.code, "title": row.title, "status": row.status}

    def workshops(self, actor: Actor) -> pd.DataFrame:
        """Moderator: every session with its submissions, saved results and adoption."""
        with self.read() as session:
            self._moderator(session, actor)
            rows = session.execute(select(WorkshopSession).order_by(
                WorkshopSession.created_at.desc())).scalars().all()
            people = dict(session.execute(select(
                WorkshopAllocation.session_code,
                func.count(func.distinct(WorkshopAllocation.participant))).group_by(
                WorkshopAllocation.session_code)).all())
            saved = dict(session.execute(select(
                WorkshopResultRow.session_code, func.max(WorkshopResultRow.version)).group_by(
                WorkshopResultRow.session_code)).all())
            adopted = self._adopted_row(session)
        return pd.DataFrame([{
            "code": r.code, "title": r.title, "status": r.status, "created_at": r.created_at,
            "created_by": r.created_by, "participants": int(people.get(r.code, 0)),
            "saved_versions": int(saved.get(r.code, 0)),
            "adopted": adopted is not None and adopted.session_code == r.code,
        } for r in rows], columns=["code", "title", "status", "created_at", "created_by",
                                   "participants", "saved_versions", "adopted"])

    # ------------------------------------------------------------------ submissions
    def submit_allocation(self, code: str, visitor_key: str, participant: str,
                          points: Mapping[str, float],
                          directions: Mapping[str, str] | None = None) -> int:
        """Anyone with the code: one participant's points (must add up to 100). An empty
        ``participant`` is recorded anonymously under a code of the browser session; a name
        another browser already used gets that code appended, so two people called Ayşe are
        two participants. Returns the submission number of that participant."""
        visitor = visitor_code(visitor_key)
        who = clean_text(participant) or f"anonim-{visitor[:6]}"
        if len(who) > LIMITS.participant:
            raise InvalidInput([("participant", f"ad en fazla {LIMITS.participant} karakter")])
        from gendermap.focus import CRITERIA

        known = {c.id for c in CRITERIA}
        unknown = sorted(set(points) - known)
        if unknown:
            raise InvalidInput([("criterion", f"bilinmeyen ölçüt: {', '.join(unknown)}")])
        frame = pd.DataFrame({"participant": who, "criterion": list(points),
                              "points": [float(v) for v in points.values()]})
        if (frame["points"] < 0).any():
            raise InvalidInput([("points", "puanlar 0 ya da daha büyük olmalı")])
        problems = validate_allocations(frame, "form")
        if not problems.empty:
            raise InvalidInput([("points", str(problems.iloc[0]["problem"]))])
        now = self.clock()
        with self.transaction() as session:
            row = self._session(session, code)
            if row.status != "open":
                raise InvalidInput([("code", "Bu çalıştay kapandı; yeni puan alınmıyor.")])
            taken = session.scalar(select(func.count()).select_from(WorkshopAllocation).where(
                WorkshopAllocation.session_code == row.code, WorkshopAllocation.participant == who,
                WorkshopAllocation.visitor != visitor))
            if taken:  # two people chose the same name: neither replaces the other's points
                who = f"{who[:LIMITS.participant - 7]} ({visitor[:4]})"
            self._check_rate(session, WorkshopAllocation.created_at,
                             (WorkshopAllocation.visitor == visitor)
                             & (WorkshopAllocation.session_code == row.code),
                             VISITOR_SUBMISSION_LIMIT, now, distinct=True)
            total = self._count(session, WorkshopAllocation,
                                WorkshopAllocation.session_code == row.code)
            if total > MAX_SUBMISSIONS_PER_SESSION * len(known):
                raise InvalidInput([("code", "Bu çalıştay en çok gönderim sayısına ulaştı.")])
            number = int(session.scalar(select(func.coalesce(func.max(
                WorkshopAllocation.submission), 0)).where(
                WorkshopAllocation.session_code == row.code,
                WorkshopAllocation.participant == who)) or 0) + 1
            for crit, value in points.items():
                session.add(WorkshopAllocation(
                    session_code=row.code, participant=who, submission=number, criterion=crit,
                    points=float(value), direction=(directions or {}).get(crit), visitor=visitor,
                    created_at=now))
            return number

    def import_allocations(self, actor: Actor, code: str, allocations: pd.DataFrame,
                           filename: str) -> int:
        """Moderator: the allocations of a checked file (paper forms typed in a spreadsheet,
        :func:`~gendermap.participation.allocations.parse_allocations` without errors), each
        participant as a new submission; returns how many participants were added."""
        problems = validate_allocations(allocations, filename)
        if not problems.empty or allocations.empty:
            raise InvalidInput([("points", str(problems.iloc[0]["problem"]) if len(problems)
                                 else "dosyada puan yok")])
        now = self.clock()
        with self.transaction() as session:
            by = self._moderator(session, actor)
            row = self._session(session, code)
            visitor = visitor_code(f"file:{by}")
            people = list(dict.fromkeys(allocations["participant"].astype(str)))
            for name in people:
                who = name[:LIMITS.participant]
                if session.scalar(select(func.count()).select_from(WorkshopAllocation).where(
                        WorkshopAllocation.session_code == row.code,
                        WorkshopAllocation.participant == who,
                        WorkshopAllocation.visitor != visitor)):
                    who = f"{who[:LIMITS.participant - 7]} ({visitor[:4]})"
                number = int(session.scalar(select(func.coalesce(func.max(
                    WorkshopAllocation.submission), 0)).where(
                    WorkshopAllocation.session_code == row.code,
                    WorkshopAllocation.participant == who)) or 0) + 1
                mine = allocations[allocations["participant"].astype(str) == name]
                for crit, pts, direction in zip(mine["criterion"], mine["points"],
                                                mine["direction"], strict=True):
                    session.add(WorkshopAllocation(
                        session_code=row.code, participant=who, submission=number,
                        criterion=str(crit), points=float(pts),
                        direction=None if direction is None else str(direction),
                        visitor=visitor, created_at=now))
            self._audit(session, by, "workshop.import", f"{row.code} {filename} {len(people)}")
            return len(people)

    def allocations(self, code: str) -> pd.DataFrame:
        """The latest submission of every participant, tidy (participant, criterion, points,
        direction), ready for :func:`gendermap.participation.workshop.workshop_result`."""
        with self.read() as session:
            row = self._session(session, code)
            rows = session.execute(select(WorkshopAllocation).where(
                WorkshopAllocation.session_code == row.code)).scalars().all()
        f = pd.DataFrame([{"participant": r.participant, "criterion": r.criterion,
                           "points": r.points, "direction": r.direction,
                           "submission": r.submission} for r in rows],
                         columns=["participant", "criterion", "points", "direction", "submission"])
        latest = f.groupby("participant")["submission"].transform("max")
        f = f[f["submission"] == latest].drop(columns="submission")
        f["direction"] = f["direction"].astype(object).where(f["direction"].notna(), None)
        return f.reset_index(drop=True)

    # ------------------------------------------------------------------ results
    def save_result(self, actor: Actor, code: str, result: WorkshopResult, *, synthetic: bool,
                    shortlist_size: int = 5) -> int:
        """Moderator: save the aggregated result as a new version; returns the version."""
        if not 1 <= shortlist_size <= 50:
            raise InvalidInput([("shortlist_size", "kısa liste 1-50 ilçe olmalı")])
        with self.transaction() as session:
            by = self._moderator(session, actor)
            row = self._session(session, code)
            version = self._next_version(session, WorkshopResultRow,
                                         WorkshopResultRow.session_code == row.code)
            saved = WorkshopResultRow(
                session_code=row.code, version=version, participants=result.participants,
                weights_json=_frame_json(result.weights),
                consensus_json=_frame_json(result.consensus), shortlist_size=shortlist_size,
                synthetic=synthetic, created_at=self.clock(), created_by=by)
            self._insert_version(session, saved, version - 1, {})
            self._audit(session, by, "workshop.save", f"{row.code} v{version}")
            return version

    def results(self, code: str) -> list[SavedResult]:
        """Anyone with the code: every saved version, newest first."""
        with self.read() as session:
            row = self._session(session, code)
            rows = session.execute(select(WorkshopResultRow).where(
                WorkshopResultRow.session_code == row.code).order_by(
                WorkshopResultRow.version.desc())).scalars().all()
            adopted = self._adopted_row(session)
        return [SavedResult(r, adopted is not None and adopted.id == r.id) for r in rows]

    def adopt_result(self, actor: Actor, code: str, version: int | None = None) -> int:
        """Moderator: the saved result (latest if ``version`` is None) becomes the focus
        shortlist; returns the version adopted."""
        with self.transaction() as session:
            by = self._moderator(session, actor)
            row = self._session(session, code)
            stmt = select(WorkshopResultRow).where(WorkshopResultRow.session_code == row.code)
            stmt = stmt.where(WorkshopResultRow.version == version) if version else \
                stmt.order_by(WorkshopResultRow.version.desc()).limit(1)
            saved = session.execute(stmt).scalar_one_or_none()
            if saved is None:
                raise NotFound("Bu çalıştayın kaydedilmiş bir sonucu yok; önce sonucu kaydedin.")
            session.add(WorkshopAdoption(result_id=saved.id, created_at=self.clock(), created_by=by))
            self._audit(session, by, "workshop.adopt", f"{row.code} v{saved.version}")
            return int(saved.version)

    @staticmethod
    def _adopted_row(session) -> WorkshopResultRow | None:
        adoption = session.execute(select(WorkshopAdoption).order_by(
            WorkshopAdoption.id.desc()).limit(1)).scalar_one_or_none()
        return None if adoption is None else session.get(WorkshopResultRow, adoption.result_id)

    def adopted_result(self) -> SavedResult | None:
        """The result the moderators adopted last (None: the build's default shortlist)."""
        with self.read() as session:
            row = self._adopted_row(session)
            return None if row is None else SavedResult(row, True)


def open_participation(url: str | None = None) -> ParticipationStore:
    """The store at ``url`` or at ``GENDERMAP_DB_URL`` / the default SQLite file."""
    return ParticipationStore(url)

