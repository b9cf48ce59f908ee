"""events (numbered in commit order, with their recipients) and the outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 21:45:58.839919
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shuttle.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    counter = op.create_table(
        "event_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # The one row every event-writing transaction locks to take its numbers.
    op.bulk_insert(counter, [{"id": 1, "last_seq": 0}])
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "events.announce", "notify.email", name="outboxkind", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("available_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("dispatched_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=80), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_pending", ["dispatched_at", "available_at"], unique=False)

    op.create_table(
        "event",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "queue.changed",
                "safeguarding.alert",
                "letter.waiting",
                "letter.returned",
                "case.paused",
                "case.resumed",
                "case.closed",
                "case.withdrawn",
                name="eventtype",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_created_at"), ["created_at"], unique=False)

    op.create_table(
        "event_recipient",
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["seq"],
            ["event.seq"],
        ),
        sa.PrimaryKeyConstraint("seq", "account_id"),
    )
    with op.batch_alter_table("event_recipient", schema=None) as batch_op:
        batch_op.create_index("ix_event_recipient_account_seq", ["account_id", "seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_recipient", schema=None) as batch_op:
        batch_op.drop_index("ix_event_recipient_account_seq")

    op.drop_table("event_recipient")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_created_at"))
        batch_op.drop_index(batch_op.f("ix_event_case_id"))

    op.drop_table("event")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")

    op.drop_table("outbox")
    op.drop_table("event_counter")
