"""map data imports: history (who, when, file, sha256, rows, indicator-years) and rows

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:30:00

The imported mahalle counts and their history move from ``var/imports.sqlite`` into the
one database that monitoring uses, so two app processes see the same data and an
import (its history entry and all its rows) is one transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "map_import",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("inbox_name", sa.String(length=400), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("replaced", sa.Integer(), nullable=False),
        sa.Column("indicator_years", sa.Text(), nullable=False),
        sa.Column("provinces", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("reverted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reverted_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "map_import_row",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("mahalle_code", sa.String(length=16), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("numerator", sa.BigInteger(), nullable=True),
        sa.Column("denominator", sa.BigInteger(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["import_id"], ["map_import.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("import_id", "mahalle_code", "indicator", "year", "sex", name="uq_map_import_row"),
    )
    with op.batch_alter_table("map_import_row") as batch:
        batch.create_index("ix_map_import_row_import_id", ["import_id"], unique=False)
        batch.create_index("ix_map_import_row_indicator", ["indicator"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("map_import_row") as batch:
        batch.drop_index("ix_map_import_row_indicator")
        batch.drop_index("ix_map_import_row_import_id")
    op.drop_table("map_import_row")
    op.drop_table("map_import")
