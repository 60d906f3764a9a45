"""ORM models of the monitoring store (SQLAlchemy 2.0 typed declarative).

Why this shape: every record people enter is *append-only*. An identity table holds
the stable key (municipality code, indicator code, ...); a version table holds one row
per edit with who and when. Observations and targets are keyed naturally by
(municipality, indicator, period[, version]) and a UNIQUE constraint on the version
number gives optimistic concurrency for free: two writers who both read version 3 both
try to insert version 4 and the database lets exactly one of them win.

Nothing is updated in place except operational account state (sign-in throttling,
session activity and revocation), which is not data anybody entered about a municipality.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Timezone-aware now; every timestamp in the store is UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base; ``Base.metadata`` is what the migrations describe."""


ROLES = ("viewer", "editor", "data_editor", "moderator", "admin")
"""viewer: reads published values; editor: monitoring values of one municipality;
data_editor: the map's imported data of one or both provinces; moderator: publishes,
answers and hides comments, runs workshops (gendermap.participation); admin: everything."""
PROVINCES = {"35": "İzmir", "10": "Balıkesir"}
"""Province codes (TÜİK/boundary source) a data editor can be given, with their names."""
DIRECTIONS = ("higher_is_better", "lower_is_better")
UNITS = ("count", "percent", "number", "currency")
FREQUENCIES = ("annual", "quarterly", "monthly")
STATUSES = ("active", "withdrawn")


class Municipality(Base):
    __tablename__ = "municipality"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class MunicipalityVersion(Base):
    __tablename__ = "municipality_version"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_municipality_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str] = mapped_column(String(100))
    district_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The district (ilçe) on the map (the boundaries' ``district_code``): where maps and
    monitoring meet. None for a municipality that is not a district municipality."""
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class Unit(Base):
    """A müdürlük (directorate) of one municipality."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("municipality_code", "code", name="uq_unit_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class UnitVersion(Base):
    __tablename__ = "unit_version"
    __table_args__ = (UniqueConstraint("unit_id", "version", name="uq_unit_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name_tr: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class Indicator(Base):
    __tablename__ = "indicator"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class IndicatorVersion(Base):
    __tablename__ = "indicator_version"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_indicator_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    label_tr: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    description_tr: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(24))
    by_sex: Mapped[bool] = mapped_column(Boolean)
    frequency: Mapped[str] = mapped_column(String(16))
    charter_article: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action_plan_item: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class ImportBatch(Base):
    """An uploaded file kept byte for byte, so nothing a user sent is ever lost."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    rows_saved: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class Observation(Base):
    """One version of the value of an indicator in a municipality for a period."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint(
            "municipality_code", "indicator_code", "period", "version", name="uq_observation_version"
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    value_women: Mapped[float | None] = mapped_column(Float, nullable=True)
    value_men: Mapped[float | None] = mapped_column(Float, nullable=True)
    value_total: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class Target(Base):
    """One version of the target a municipality set for an indicator."""

    __tablename__ = "target"
    __table_args__ = (
        UniqueConstraint("municipality_code", "indicator_code", "version", name="uq_target_version"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    due_period: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class Publication(Base):
    """An admin's decision that one observation or target version is public."""

    __tablename__ = "publication"
    __table_args__ = (UniqueConstraint("kind", "row_id", name="uq_publication_row"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # "observation" | "target"
    row_id: Mapped[int] = mapped_column(Integer, index=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by: Mapped[str] = mapped_column(String(64))


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    municipality_code: Mapped[str | None] = mapped_column(
        ForeignKey("municipality.code"), nullable=True
    )
    # ";"-joined province codes a data_editor may change (e.g. "35" or "10;35"), else null.
    provinces: Mapped[str | None] = mapped_column(String(32), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SignInThrottle(Base):
    """Failed sign-ins per typed user name, whether or not such a user exists, so an
    unknown name is locked exactly like a known one (no user enumeration)."""

    __tablename__ = "sign_in_throttle"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class UserSession(Base):
    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Last time the session was used (idle timeout); null means never since created_at.
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AuditEvent(Base):
    """Append-only log of sign-ins and user management (who did what, when)."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")


class AssessmentAnswer(Base):
    """One version of a municipality's answer to one needs-analysis question in one round.

    A round is the year (or other label) of one self-assessment; repeating the analysis
    later is a new round, so change over time is the comparison of rounds.
    """

    __tablename__ = "assessment_answer"
    __table_args__ = (
        UniqueConstraint("municipality_code", "round", "question_code", "version",
                         name="uq_assessment_answer_version"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    round: Mapped[str] = mapped_column(String(16))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    question_code: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class MapImport(Base):
    """One file brought for the map data (mahalle counts): who, when, what, and its fate.

    The original stays byte for byte in the inbox folder (``inbox_name``, ``sha256``,
    ``size``); a rejected file is recorded too, with its problems, and stores no row.
    ``reverted_at``/``reverted_by`` mark an undone import: its rows stop counting and
    the rows it had replaced count again (see :mod:`gendermap.monitor.mapdata`).
    """

    __tablename__ = "map_import"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    inbox_name: Mapped[str | None] = mapped_column(String(400), nullable=True)
    kind: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16))  # accepted | partial | rejected
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    replaced: Mapped[int] = mapped_column(Integer, default=0)
    indicator_years: Mapped[str] = mapped_column(Text, default="")  # "population:2023;..."
    provinces: Mapped[str] = mapped_column(String(64), default="")  # "10;35"
    note: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of problem rows
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    reverted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reverted_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class MapImportRow(Base):
    """One tidy count row an import stored; never updated, never deleted."""

    __tablename__ = "map_import_row"
    __table_args__ = (
        UniqueConstraint("import_id", "mahalle_code", "indicator", "year", "sex", name="uq_map_import_row"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("map_import.id"), index=True)
    mahalle_code: Mapped[str] = mapped_column(String(16))
    indicator: Mapped[str] = mapped_column(String(64), index=True)
    year: Mapped[int] = mapped_column(Integer)
    sex: Mapped[str] = mapped_column(String(1))
    numerator: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    denominator: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)


USER_INDICATOR_STATUSES = ("proposed", "active", "rejected", "retired")


class UserIndicatorVersion(Base):
    """One version of an indicator defined by a user (not in the built-in catalogue).

    A proposal, an admin's approval or rejection, an edit and a retirement are each a new
    version with who and when; the definition itself is the catalogue entry as JSON.
    """

    __tablename__ = "user_indicator_version"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_user_indicator_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    spec: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


# The participation tables share this metadata (one schema, one migration history).
from gendermap.monitor import participation_models as _participation_models  # noqa: E402,F401
