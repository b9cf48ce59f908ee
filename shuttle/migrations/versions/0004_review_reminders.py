"""review reminders

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 21:58:52.542420
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shuttle.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review_reminder",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        sa.Column("queued_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "level",
            sa.Enum("reminder", "escalation", name="reminderlevel", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("sent_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("letter_id", "queued_at", "level"),
    )
    with op.batch_alter_table("review_reminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_reminder_letter_id"), ["letter_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("review_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_reminder_letter_id"))

    op.drop_table("review_reminder")
