"""participation: comments and their moderation versions, feedback meetings, workshops

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("visitor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_name", sa.String(length=120), nullable=False),
        sa.Column("organisation", sa.String(length=160), nullable=False),
        sa.Column("show_name", sa.Boolean(), nullable=False),
        sa.Column("view_link", sa.Text(), nullable=False),
        sa.Column("page", sa.String(length=32), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("province_code", sa.Integer(), nullable=True),
        sa.Column("district_code", sa.Integer(), nullable=True),
        sa.Column("mahalle_code", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_comment_visitor"), ["visitor"], unique=False)
        batch_op.create_index(batch_op.f("ix_comment_district_code"), ["district_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_comment_mahalle_code"), ["mahalle_code"], unique=False)
    op.create_table(
        "comment_version",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["comment_id"], ["comment.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("comment_id", "version", name="uq_comment_version"),
    )
    with op.batch_alter_table("comment_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_version_comment_id"), ["comment_id"], unique=False)
    op.create_table(
        "feedback_meeting",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "feedback_meeting_version",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("organisations", sa.Text(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["feedback_meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "version", name="uq_feedback_meeting_version"),
    )
    with op.batch_alter_table("feedback_meeting_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_meeting_version_meeting_id"), ["meeting_id"], unique=False
        )
    op.create_table(
        "workshop_session",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "workshop_allocation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("session_code", sa.String(length=16), nullable=False),
        sa.Column("participant", sa.String(length=80), nullable=False),
        sa.Column("submission", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=64), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("direction", sa.String(length=24), nullable=True),
        sa.Column("visitor", sa.String(length=64), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["session_code"], ["workshop_session.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("workshop_allocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workshop_allocation_session_code"), ["session_code"], unique=False
        )
    op.create_table(
        "workshop_result",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("session_code", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("weights_json", sa.Text(), nullable=False),
        sa.Column("consensus_json", sa.Text(), nullable=False),
        sa.Column("shortlist_size", sa.Integer(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["session_code"], ["workshop_session.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_code", "version", name="uq_workshop_result_version"),
    )
    with op.batch_alter_table("workshop_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_result_session_code"), ["session_code"], unique=False)
    op.create_table(
        "workshop_adoption",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["result_id"], ["workshop_result.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("workshop_adoption", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_adoption_result_id"), ["result_id"], unique=False)


def downgrade() -> None:
    for table in ("workshop_adoption", "workshop_result", "workshop_allocation", "workshop_session",
                  "feedback_meeting_version", "feedback_meeting", "comment_version", "comment"):
        op.drop_table(table)
