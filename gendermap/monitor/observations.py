"""Observations and targets: the values people enter, one version per edit.

Viewers see the latest *published* active version of each key; editors and admins see
drafts where their role reaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from gendermap.monitor.auth import ANONYMOUS, Actor
from gendermap.monitor.errors import (
    ConflictError,
    InvalidInput,
    NotFound,
)
from gendermap.monitor.models import (
    Municipality,
    Observation,
    Publication,
    Target,
    Unit,
)
from gendermap.monitor.periods import frequency_of
from gendermap.monitor.registry import Registry
from gendermap.monitor.validation import (
    check_entry_period,
    check_text,
    check_values,
    complete_values,
    headline_unit,
)
from gendermap.monitor.versioning import _utc

OBSERVATION_COLUMNS = [
    "municipality_code",
    "municipality",
    "indicator_code",
    "period",
    "version",
    "unit_id",
    "value_women",
    "value_men",
    "value_total",
    "source",
    "note",
    "status",
    "demo",
    "published",
    "created_at",
    "created_by",
]
TARGET_COLUMNS = [
    "municipality_code",
    "indicator_code",
    "version",
    "value",
    "due_period",
    "note",
    "status",
    "demo",
    "published",
    "created_at",
    "created_by",
]


@dataclass(frozen=True)
class ObservationEntry:
    """One value entered for a municipality, indicator and period."""

    municipality_code: str
    indicator_code: str
    period: str
    value_women: float | None = None
    value_men: float | None = None
    value_total: float | None = None
    source: str = ""
    note: str = ""
    unit_id: int | None = None
    demo: bool = False


class Observations(Registry):
    """Entering, withdrawing and reading values and targets."""

    # ------------------------------------------------------------------ observations
    def observation_problems(
        self, session: Session, entry: ObservationEntry
    ) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        """Problems with an entry and the completed values to store (used by the importer)."""
        try:
            indicator = self._indicator(session, entry.indicator_code)
        except NotFound as error:
            return [("indicator_code", str(error))], {}
        problems: list[tuple[str, str]] = []
        if session.get(Municipality, entry.municipality_code) is None:
            problems.append(
                ("municipality_code", f"'{entry.municipality_code}' kodlu belediye yok")
            )
        problems += check_entry_period(entry.period, indicator["frequency"])
        values = {
            "value_women": entry.value_women,
            "value_men": entry.value_men,
            "value_total": entry.value_total,
        }
        problems += check_values(indicator, values)
        problems += check_text("source", entry.source) + check_text("note", entry.note)
        if entry.unit_id is not None:
            unit = session.get(Unit, entry.unit_id)
            if unit is None or unit.municipality_code != entry.municipality_code:
                problems.append(("unit_id", "birim bu belediyeye ait değil"))
        return problems, complete_values(indicator, values)

    def save_observation(
        self,
        actor: Actor,
        entry: ObservationEntry,
        expected_version: int,
        *,
        session: Session | None = None,
        import_id: int | None = None,
    ) -> int:
        """Store a new version of an observation; returns its version number.

        ``expected_version`` is the version the person was looking at (0 for a new
        value). Pass ``session`` to take part in a larger transaction (an import).
        """
        if session is None:
            with self.transaction() as own:
                return self.save_observation(
                    actor, entry, expected_version, session=own, import_id=import_id
                )
        by = self._authorize(session, actor, "editor", entry.municipality_code)
        problems, values = self.observation_problems(session, entry)
        if problems:
            raise InvalidInput(problems)
        key = (entry.municipality_code, entry.indicator_code, entry.period.strip())
        return self._append_observation(
            session,
            key,
            expected_version,
            by,
            values=values,
            source=entry.source,
            note=entry.note,
            unit_id=entry.unit_id,
            demo=entry.demo,
            import_id=import_id,
            status="active",
        )

    def withdraw_observation(
        self,
        actor: Actor,
        municipality: str,
        indicator: str,
        period: str,
        expected_version: int,
        note: str = "",
    ) -> int:
        """Withdraw a value: a new version with status 'withdrawn' (history kept)."""
        with self.transaction() as session:
            by = self._authorize(session, actor, "editor", municipality)
            key = (municipality, indicator, period)
            latest = self.latest_observation(session, key)
            if latest is None:
                raise NotFound("Geri çekilecek bir değer yok.")
            values = {
                "value_women": latest.value_women,
                "value_men": latest.value_men,
                "value_total": latest.value_total,
            }
            return self._append_observation(
                session,
                key,
                expected_version,
                by,
                values=values,
                source=latest.source,
                note=note,
                unit_id=latest.unit_id,
                demo=latest.demo,
                import_id=None,
                status="withdrawn",
            )

    def latest_observation(self, session: Session, key: tuple[str, str, str]) -> Observation | None:
        municipality, indicator, period = key
        return session.scalars(
            select(Observation)
            .where(
                Observation.municipality_code == municipality,
                Observation.indicator_code == indicator,
                Observation.period == period,
            )
            .order_by(Observation.version.desc())
            .limit(1)
        ).first()

    def _append_observation(
        self,
        session: Session,
        key: tuple[str, str, str],
        expected_version: int,
        by: str,
        *,
        values: dict[str, Any],
        source: str,
        note: str,
        unit_id: int | None,
        demo: bool,
        import_id: int | None,
        status: str,
    ) -> int:
        latest = self.latest_observation(session, key)
        current = latest.version if latest else 0
        if current != expected_version:
            assert latest is not None or expected_version != 0
            raise ConflictError(expected_version, current, _observation_dict(latest))
        row = Observation(
            municipality_code=key[0],
            indicator_code=key[1],
            period=key[2],
            version=current + 1,
            unit_id=unit_id,
            source=source,
            note=note,
            status=status,
            demo=demo,
            import_id=import_id,
            created_at=self.clock(),
            created_by=by,
            **values,
        )
        return self._insert_version(session, row, expected_version, {"period": key[2]})

    def current_version(self, municipality: str, indicator: str, period: str) -> int:
        """Latest version number of an observation (0 when nothing was entered yet)."""
        with self.read() as session:
            latest = self.latest_observation(session, (municipality, indicator, period))
            return latest.version if latest else 0

    def observations(
        self,
        actor: Actor = ANONYMOUS,
        municipality: str | None = None,
        include_drafts: bool = False,
    ) -> pd.DataFrame:
        """Current values ``actor`` may see: the latest published version of each key, or
        with ``include_drafts`` the latest version where the actor may see drafts.
        Withdrawn values are left out (their history stays viewable)."""
        with self.read() as session:
            scope = self._draft_scope(session, actor) if include_drafts else set()
            return self._current(
                session,
                Observation,
                "observation",
                [Observation.municipality_code, Observation.indicator_code, Observation.period],
                municipality,
                scope,
                OBSERVATION_COLUMNS,
            )

    def observation_history(
        self, actor: Actor, municipality: str, indicator: str, period: str | None = None
    ) -> pd.DataFrame:
        """Every version (oldest first) the actor may see, with who and when."""
        with self.read() as session:
            scope = self._draft_scope(session, actor)
            published = select(Publication.row_id).where(Publication.kind == "observation")
            stmt = select(Observation, Observation.id.in_(published).label("published")).where(
                Observation.municipality_code == municipality,
                Observation.indicator_code == indicator,
            )
            if period is not None:
                stmt = stmt.where(Observation.period == period)
            if scope is not None and municipality not in scope:
                stmt = stmt.where(Observation.id.in_(published))
            rows = session.execute(stmt.order_by(Observation.period, Observation.version)).all()
            data = [{**_observation_dict(obs), "published": bool(pub)} for obs, pub in rows]
        columns = [c for c in OBSERVATION_COLUMNS if c != "municipality"]
        return pd.DataFrame(data, columns=columns)

    # ------------------------------------------------------------------ targets
    def set_target(
        self,
        actor: Actor,
        municipality: str,
        indicator: str,
        value: float | None,
        due_period: str,
        expected_version: int,
        note: str = "",
        demo: bool = False,
        status: str = "active",
    ) -> int:
        """A new version of the target for (municipality, indicator)."""
        with self.transaction() as session:
            by = self._authorize(session, actor, "editor", municipality)
            spec = self._indicator(session, indicator)
            self._require_municipality(session, municipality)
            problems: list[tuple[str, str]] = []
            if frequency_of(due_period) is None:
                problems.append(("due_period", f"dönem '{due_period}' okunamadı; örnek: 2026"))
            if status == "active":
                if value is None:
                    problems.append(("value", "hedef değer gerekli"))
                else:
                    target_spec = {"unit": headline_unit(spec), "by_sex": False}
                    problems += [
                        ("value", message)
                        for _, message in check_values(target_spec, {"value_total": value})
                    ]
            problems += check_text("note", note)
            if problems:
                raise InvalidInput(problems)
            current_row = session.scalars(
                select(Target)
                .where(Target.municipality_code == municipality, Target.indicator_code == indicator)
                .order_by(Target.version.desc())
                .limit(1)
            ).first()
            current = current_row.version if current_row else 0
            if current != expected_version:
                raise ConflictError(
                    expected_version, current, {"value": current_row.value if current_row else None}
                )
            row = Target(
                municipality_code=municipality,
                indicator_code=indicator,
                version=current + 1,
                value=value,
                due_period=due_period.strip(),
                note=note,
                status=status,
                demo=demo,
                created_at=self.clock(),
                created_by=by,
            )
            return self._insert_version(session, row, expected_version, {"indicator": indicator})

    def targets(
        self,
        actor: Actor = ANONYMOUS,
        municipality: str | None = None,
        include_drafts: bool = False,
    ) -> pd.DataFrame:
        with self.read() as session:
            scope = self._draft_scope(session, actor) if include_drafts else set()
            return self._current(
                session,
                Target,
                "target",
                [Target.municipality_code, Target.indicator_code],
                municipality,
                scope,
                TARGET_COLUMNS,
            )


def _observation_dict(row: Observation | None) -> dict[str, Any]:
    if row is None:
        return {}
    out = {c.key: getattr(row, c.key) for c in Observation.__table__.columns}
    out["created_at"] = _utc(out["created_at"])
    return out
