"""The registry: municipalities, their units (müdürlük) and indicator definitions,
each an identity row plus versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gendermap.monitor.accounts import Accounts
from gendermap.monitor.auth import Actor
from gendermap.monitor.errors import (
    ConflictError,
    InvalidInput,
    NotFound,
)
from gendermap.monitor.models import (
    DIRECTIONS,
    FREQUENCIES,
    UNITS,
    Indicator,
    IndicatorVersion,
    Municipality,
    MunicipalityVersion,
    Unit,
    UnitVersion,
)
from gendermap.monitor.validation import (
    check_text,
)
from gendermap.monitor.versioning import _frame


@dataclass(frozen=True)
class IndicatorSpec:
    """What an admin defines about an indicator (one version of it)."""

    code: str
    label_tr: str
    label_en: str
    unit: str
    direction: str
    by_sex: bool
    frequency: str
    description_tr: str = ""
    description_en: str = ""
    charter_article: int | None = None
    action_plan_item: str | None = None
    status: str = "active"


class Registry(Accounts):
    """What may be measured and where; admins define it."""

    # ------------------------------------------------------------------ municipalities, units
    def add_municipality(
        self, actor: Actor, code: str, name: str, province: str, district_code: int | None = None
    ) -> int:
        """Create or rename a municipality (a new version either way).

        ``district_code`` ties a district municipality to its district on the map.
        """
        code = code.strip()
        problems = [] if code and len(code) <= 64 else [("code", "kod 1-64 karakter olmalı")]
        problems += check_text("name", name, 200) + check_text("province", province, 100)
        if not name.strip():
            problems.append(("name", "ad gerekli"))
        if problems:
            raise InvalidInput(problems)
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            if session.get(Municipality, code) is None:
                session.add(Municipality(code=code, created_at=self.clock(), created_by=by))
                session.flush()
            version = self._next_version(
                session, MunicipalityVersion, MunicipalityVersion.code == code
            )
            session.add(
                MunicipalityVersion(
                    code=code,
                    version=version,
                    name=name.strip(),
                    province=province.strip(),
                    district_code=district_code,
                    created_at=self.clock(),
                    created_by=by,
                )
            )
            return version

    def municipalities(self) -> pd.DataFrame:
        """code, name, province, district_code of every municipality (latest version)."""
        frame = self._latest_frame(MunicipalityVersion, [MunicipalityVersion.code])
        columns = ["code", "name", "province", "district_code"]
        if frame.empty:
            return pd.DataFrame(columns=columns)
        active = frame[frame["status"] == "active"][columns].reset_index(drop=True)
        active["district_code"] = active["district_code"].astype("Int64")
        return active

    def add_unit(
        self, actor: Actor, municipality: str, code: str, name_tr: str, name_en: str
    ) -> int:
        """Create or rename a unit (müdürlük) of a municipality; returns its id."""
        if not code.strip() or not name_tr.strip():
            raise InvalidInput([("code", "kod ve Türkçe ad gerekli")])
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            self._require_municipality(session, municipality)
            unit = session.scalar(
                select(Unit).where(
                    Unit.municipality_code == municipality, Unit.code == code.strip()
                )
            )
            if unit is None:
                unit = Unit(
                    municipality_code=municipality,
                    code=code.strip(),
                    created_at=self.clock(),
                    created_by=by,
                )
                session.add(unit)
                session.flush()
            version = self._next_version(session, UnitVersion, UnitVersion.unit_id == unit.id)
            session.add(
                UnitVersion(
                    unit_id=unit.id,
                    version=version,
                    name_tr=name_tr.strip(),
                    name_en=name_en.strip() or name_tr.strip(),
                    created_at=self.clock(),
                    created_by=by,
                )
            )
            return unit.id

    def units(self, municipality: str | None = None) -> pd.DataFrame:
        """id, municipality_code, code, name_tr, name_en of active units."""
        with self.read() as session:
            rn = (
                func.row_number()
                .over(partition_by=UnitVersion.unit_id, order_by=UnitVersion.version.desc())
                .label("rn")
            )
            sub = (
                select(
                    Unit.id,
                    Unit.municipality_code,
                    Unit.code,
                    UnitVersion.name_tr,
                    UnitVersion.name_en,
                    UnitVersion.status,
                    rn,
                )
                .join(UnitVersion, UnitVersion.unit_id == Unit.id)
                .subquery()
            )
            stmt = select(sub).where(sub.c.rn == 1, sub.c.status == "active").order_by(sub.c.id)
            if municipality is not None:
                stmt = stmt.where(sub.c.municipality_code == municipality)
            rows = session.execute(stmt).mappings().all()
        frame = pd.DataFrame(
            [dict(r) for r in rows],
            columns=["id", "municipality_code", "code", "name_tr", "name_en", "status", "rn"],
        )
        return frame.drop(columns=["status", "rn"])

    # ------------------------------------------------------------------ indicators
    @staticmethod
    def _indicator_problems(spec: IndicatorSpec) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        if not spec.code.strip() or len(spec.code) > 64:
            problems.append(("code", "kod 1-64 karakter olmalı"))
        if not spec.label_tr.strip():
            problems.append(("label_tr", "Türkçe ad gerekli"))
        for field, allowed in (
            ("unit", UNITS),
            ("direction", DIRECTIONS),
            ("frequency", FREQUENCIES),
        ):
            if getattr(spec, field) not in allowed:
                problems.append(
                    (
                        field,
                        f"'{getattr(spec, field)}' geçersiz; şunlardan biri: {', '.join(allowed)}",
                    )
                )
        if spec.charter_article is not None and not 1 <= spec.charter_article <= 30:
            problems.append(("charter_article", "Avrupa Şartı madde numarası 1-30 arası olmalı"))
        if spec.status not in ("active", "retired"):
            problems.append(("status", "durum 'active' ya da 'retired' olmalı"))
        problems += check_text("label_tr", spec.label_tr, 300) + check_text(
            "label_en", spec.label_en, 300
        )
        return problems

    def define_indicator(self, actor: Actor, spec: IndicatorSpec, expected_version: int) -> int:
        """Create (expected_version=0) or revise an indicator definition; returns new version."""
        problems = self._indicator_problems(spec)
        if problems:
            raise InvalidInput(problems)
        with self.transaction() as session:
            by = self._authorize(session, actor, "admin")
            if session.get(Indicator, spec.code) is None:
                session.add(Indicator(code=spec.code, created_at=self.clock(), created_by=by))
                session.flush()
            current = (
                self._next_version(session, IndicatorVersion, IndicatorVersion.code == spec.code)
                - 1
            )
            if current != expected_version:
                raise ConflictError(expected_version, current, {"code": spec.code})
            row = IndicatorVersion(
                version=current + 1, created_at=self.clock(), created_by=by, **spec.__dict__
            )
            return self._insert_version(session, row, expected_version, {"code": spec.code})

    def indicators(self, include_retired: bool = False) -> pd.DataFrame:
        """Latest definition of each indicator, one row each."""
        frame = self._latest_frame(IndicatorVersion, [IndicatorVersion.code])
        if not include_retired:
            frame = frame[frame["status"] == "active"]
        return frame.drop(columns=["id"]).sort_values("code").reset_index(drop=True)

    def indicator_history(self, code: str) -> pd.DataFrame:
        with self.read() as session:
            rows = session.scalars(
                select(IndicatorVersion)
                .where(IndicatorVersion.code == code)
                .order_by(IndicatorVersion.version)
            ).all()
        return _frame(rows, IndicatorVersion)

    def _indicator(self, session: Session, code: str) -> dict[str, Any]:
        row = session.scalars(
            select(IndicatorVersion)
            .where(IndicatorVersion.code == code)
            .order_by(IndicatorVersion.version.desc())
            .limit(1)
        ).first()
        if row is None or row.status != "active":
            raise NotFound(f"'{code}' kodlu etkin gösterge yok.")
        return {c.key: getattr(row, c.key) for c in IndicatorVersion.__table__.columns}
