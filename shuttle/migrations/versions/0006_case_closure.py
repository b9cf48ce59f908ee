"""case closure

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 23:03:22.451777
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shuttle.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("closed_at", shuttle.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "closure_reason",
                sa.Enum(
                    "completed",
                    "withdrawn",
                    "unsuitable",
                    "unreachable",
                    "other",
                    name="closurereason",
                    native_enum=False,
                    length=40,
                ),
                nullable=True,
            )
        )
        batch_op.create_index(batch_op.f("ix_cases_closed_at"), ["closed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_closed_at"))
        batch_op.drop_column("closure_reason")
        batch_op.drop_column("closed_at")
