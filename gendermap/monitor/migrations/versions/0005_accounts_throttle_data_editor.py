"""accounts: sign-in throttle per typed name, data-editor provinces, session activity

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:30:00

Failed sign-ins move from ``app_user`` to ``sign_in_throttle`` (keyed by the typed
name, so unknown names are throttled like known ones); ``app_user.provinces`` scopes a
data editor; ``user_session.last_seen_at`` gives the idle timeout.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username"),
    )
    op.execute(
        "INSERT INTO sign_in_throttle (username, failed_count, locked_until, last_failed_at) "
        "SELECT username, failed_count, locked_until, locked_until FROM app_user "
        "WHERE failed_count > 0"
    )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provinces", sa.String(length=32), nullable=True))
        batch_op.drop_column("failed_count")
        batch_op.drop_column("locked_until")
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("last_seen_at")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("failed_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.drop_column("provinces")
    op.drop_table("sign_in_throttle")
