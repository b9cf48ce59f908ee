"""scanned replies

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 23:22:18.955684
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shuttle.db

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("print_job_id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=False),
        sa.Column("uploaded_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["print_job_id"],
            ["print_job.id"],
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("print_job_id"),
    )
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scan_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scan_letter_id"), ["letter_id"], unique=False)

    op.create_table(
        "scan_chunk",
        sa.Column("scan_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scan_id"],
            ["scan.id"],
        ),
        sa.PrimaryKeyConstraint("scan_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("scan_chunk")
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scan_letter_id"))
        batch_op.drop_index(batch_op.f("ix_scan_case_id"))

    op.drop_table("scan")
