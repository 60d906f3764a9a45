"""indicators defined by users (versions: proposed, active, rejected, retired)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_indicator_version",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("spec", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", "version", name="uq_user_indicator_version"),
    )
    with op.batch_alter_table("user_indicator_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_indicator_version_code"), ["code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user_indicator_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_indicator_version_code"))
    op.drop_table("user_indicator_version")
