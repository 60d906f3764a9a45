"""Reading and writing needs-analysis answers, with roles checked on every call.

Answers follow the monitoring store's rules: append-only versions (an edit is version
n+1 with who and when), optimistic concurrency (a writer who edited version 3 while
someone saved version 4 gets :class:`ConflictError`), and roles read from the database
on each call. The analysis is internal to a municipality: its editors and viewers and
the admins read it; its editors and the admins write it; anonymous visitors neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gendermap.monitor.assessment.questions import Questionnaire, load
from gendermap.monitor.assessment.scoring import AnswerError, Assessment, option_index, score
from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import ConflictError, InvalidInput, NotFound, PermissionDenied
from gendermap.monitor.models import AssessmentAnswer, Municipality
from gendermap.monitor.store import MonitorStore

ROUND_PATTERN = r"^\d{4}(-\d{1,2})?$"
MAX_TEXT = 2000
ANSWER_COLUMNS = ["municipality_code", "round", "question_code", "version", "answer", "note",
                  "questionnaire_version", "created_at", "created_by"]


@dataclass(frozen=True)
class SaveResult:
    saved: int
    unchanged: int


class AssessmentService:
    """Needs analysis over one :class:`MonitorStore` (same database, same accounts)."""

    def __init__(self, store: MonitorStore, questionnaire: Questionnaire | None = None) -> None:
        self.store = store
        self.questionnaire = questionnaire or load()

    # ------------------------------------------------------------------ checks
    def problems(self, answers: Mapping[str, str | None], round_: str) -> list[tuple[str, str]]:
        """(column, problem) for every answer that is not one of its question's options."""
        import re

        found: list[tuple[str, str]] = []
        if not re.match(ROUND_PATTERN, round_ or ""):
            found.append(("round", f"dönem '{round_}' okunamadı; örnek: 2026"))
        known = set(self.questionnaire.codes)
        for code, text in answers.items():
            if code not in known:
                found.append((code, f"'{code}' kodlu soru yok (anket sürümü {self.questionnaire.version})"))
                continue
            question = self.questionnaire.question(code)
            value = (text or "").strip()
            if len(value) > MAX_TEXT:
                found.append((code, f"yanıt {MAX_TEXT} karakterden uzun"))
            elif value and question.scored:
                try:
                    option_index(question, value)
                except AnswerError as error:
                    found.append((code, str(error)))
        return found

    def _reader(self, session: Session, actor: Actor, municipality: str) -> None:
        if actor.system:
            return
        user = self.store._user_of(session, actor)
        if user is None:
            raise PermissionDenied("İhtiyaç analizini görmek için giriş yapmalısınız.")
        if user.role != "admin" and user.municipality_code != municipality:
            raise PermissionDenied("Yalnızca kendi belediyenizin ihtiyaç analizini görebilirsiniz.")

    # ------------------------------------------------------------------ writes
    def save(
        self,
        actor: Actor,
        municipality: str,
        round_: str,
        answers: Mapping[str, str | None],
        expected: Mapping[str, int] | None = None,
        notes: Mapping[str, str] | None = None,
    ) -> SaveResult:
        """Store the answers that changed as new versions, all or none.

        ``expected`` maps a question code to the version the writer saw (0 = none yet);
        when another person saved since, nothing is saved and :class:`ConflictError`
        says which question.
        """
        problems = self.problems(answers, round_)
        if problems:
            raise InvalidInput(problems)
        notes = notes or {}
        with self.store.transaction() as session:
            by = self.store._authorize(session, actor, "editor", municipality)
            if session.get(Municipality, municipality) is None:
                raise NotFound(f"'{municipality}' kodlu belediye yok.")
            latest = self._latest(session, municipality, round_)
            saved = unchanged = 0
            for code, text in answers.items():
                value = (text or "").strip() or None
                note = (notes.get(code) or "").strip()[:MAX_TEXT]
                current = latest.get(code)
                version = current.version if current else 0
                if expected is not None and code in expected and expected[code] != version:
                    raise ConflictError(expected[code], version, {"question": code})
                if current is not None and current.answer == value and current.note == note:
                    unchanged += 1
                    continue
                if current is None and value is None and not note:
                    unchanged += 1
                    continue
                row = AssessmentAnswer(
                    municipality_code=municipality, round=round_,
                    questionnaire_version=self.questionnaire.version, question_code=code,
                    version=version + 1, answer=value, note=note,
                    created_at=self.store.clock(), created_by=by,
                )
                self.store._insert_version(session, row, version, {"question": code})
                saved += 1
            self.store._audit(session, by, "assessment.save",
                              f"{municipality} {round_}: {saved} yanıt")
            return SaveResult(saved, unchanged)

    @staticmethod
    def _latest(session: Session, municipality: str, round_: str) -> dict[str, AssessmentAnswer]:
        newest = (
            select(AssessmentAnswer.question_code, func.max(AssessmentAnswer.version).label("v"))
            .where(AssessmentAnswer.municipality_code == municipality,
                   AssessmentAnswer.round == round_)
            .group_by(AssessmentAnswer.question_code)
            .subquery()
        )
        rows = session.scalars(
            select(AssessmentAnswer).join(
                newest,
                (AssessmentAnswer.question_code == newest.c.question_code)
                & (AssessmentAnswer.version == newest.c.v),
            ).where(AssessmentAnswer.municipality_code == municipality,
                    AssessmentAnswer.round == round_)
        ).all()
        return {r.question_code: r for r in rows}

    # ------------------------------------------------------------------ reads
    def answers(self, actor: Actor, municipality: str, round_: str) -> pd.DataFrame:
        """The current answer of every question answered in a round (latest versions)."""
        with self.store.read() as session:
            self._reader(session, actor, municipality)
            rows = self._latest(session, municipality, round_).values()
            return _frame(rows)

    def history(self, actor: Actor, municipality: str) -> pd.DataFrame:
        """Every version of every answer of a municipality, oldest first."""
        with self.store.read() as session:
            self._reader(session, actor, municipality)
            rows = session.scalars(
                select(AssessmentAnswer)
                .where(AssessmentAnswer.municipality_code == municipality)
                .order_by(AssessmentAnswer.round, AssessmentAnswer.question_code,
                          AssessmentAnswer.version)
            ).all()
            return _frame(rows)

    def rounds(self, actor: Actor, municipality: str) -> list[str]:
        """Rounds with at least one answer, oldest first."""
        with self.store.read() as session:
            self._reader(session, actor, municipality)
            found = session.scalars(
                select(AssessmentAnswer.round)
                .where(AssessmentAnswer.municipality_code == municipality).distinct()
            ).all()
        return sorted(found)

    def result(self, actor: Actor, municipality: str, round_: str, lang: str = "tr") -> Assessment:
        """The scored round (see :mod:`gendermap.monitor.assessment.scoring`)."""
        frame = self.answers(actor, municipality, round_)
        return score(self.questionnaire, self._mapping(frame), lang)

    def over_time(self, actor: Actor, municipality: str, lang: str = "tr") -> pd.DataFrame:
        """round, theme, label, score, answered, total for every round (change over time)."""
        frames = []
        for r in self.rounds(actor, municipality):
            themes = self.result(actor, municipality, r, lang).themes.copy()
            themes.insert(0, "round", r)
            frames.append(themes)
        if not frames:
            return pd.DataFrame(columns=["round", "theme", "label", "score", "answered", "total"])
        return pd.concat(frames, ignore_index=True)

    def _mapping(self, frame: pd.DataFrame) -> dict[str, str | None]:
        """Answers that still match the questionnaire (older wordings are ignored)."""
        out: dict[str, str | None] = {}
        known = set(self.questionnaire.codes)
        for code, answer in zip(frame["question_code"], frame["answer"], strict=True):
            if code not in known:
                continue
            question = self.questionnaire.question(code)
            if answer and question.scored:
                try:
                    option_index(question, answer)
                except AnswerError:
                    continue
            out[code] = answer
        return out


def _frame(rows: object) -> pd.DataFrame:
    records = [{c: getattr(r, c) for c in ANSWER_COLUMNS} for r in rows]  # type: ignore[attr-defined]
    return pd.DataFrame(records, columns=ANSWER_COLUMNS)


def resolve_municipality(store: MonitorStore, wanted: str) -> tuple[str, str]:
    """(code, name) of a municipality given its code or its name ("Seferihisar")."""
    from gendermap.names import fold

    table = store.municipalities()
    key = fold(wanted.replace("Belediyesi", ""))
    for code, name in zip(table["code"], table["name"], strict=True):
        if wanted == code or key in (fold(code), fold(str(name).replace("Belediyesi", ""))):
            return str(code), str(name)
    known = ", ".join(table["code"]) or "—"
    raise NotFound(f"'{wanted}' adlı ya da kodlu belediye yok; kayıtlı belediyeler: {known}")


def latest_scores(service: AssessmentService, actor: Actor, codes: list[str]) -> pd.DataFrame:
    """municipality_code, round, overall of each municipality's latest round the actor may read."""
    rows = []
    for code in codes:
        try:
            rounds = service.rounds(actor, code)
        except PermissionDenied:
            continue
        if rounds:
            result = service.result(actor, code, rounds[-1])
            rows.append({"municipality_code": code, "round": rounds[-1], "overall": result.overall})
    return pd.DataFrame(rows, columns=["municipality_code", "round", "overall"])


def publish(service: AssessmentService, actor: Actor, municipality: str, round_: str) -> int:
    """An admin makes a round's current answers public (their scores appear in the
    district's summary and report); returns how many answer versions became public."""
    from gendermap.monitor.models import Publication

    with service.store.transaction() as session:
        by = service.store._authorize(session, actor, "admin")
        done = set(session.scalars(select(Publication.row_id).where(Publication.kind == "assessment")).all())
        count = 0
        for row in AssessmentService._latest(session, municipality, round_).values():
            if row.id not in done:
                session.add(Publication(kind="assessment", row_id=row.id, published_at=service.store.clock(),
                                        published_by=by))
                count += 1
        service.store._audit(session, by, "assessment.publish", f"{municipality} {round_}: {count}")
        return count


def published(service: AssessmentService, municipality: str, lang: str = "tr") -> tuple[str, Assessment] | None:
    """(round, scored result) of the latest round with published answers; anyone may read.

    Only published answer versions count (an answer changed after publication shows its
    published version until an admin publishes again)."""
    from gendermap.monitor.models import Publication

    with service.store.read() as session:
        rows = session.execute(
            select(AssessmentAnswer.round, AssessmentAnswer.question_code, AssessmentAnswer.version,
                   AssessmentAnswer.answer)
            .join(Publication, (Publication.kind == "assessment") & (Publication.row_id == AssessmentAnswer.id))
            .where(AssessmentAnswer.municipality_code == municipality)
        ).all()
    if not rows:
        return None
    frame = pd.DataFrame(rows, columns=["round", "question_code", "version", "answer"])
    latest_round = str(frame["round"].max())
    frame = frame[frame["round"] == latest_round].sort_values("version").drop_duplicates("question_code", keep="last")
    return latest_round, score(service.questionnaire, service._mapping(frame), lang)
