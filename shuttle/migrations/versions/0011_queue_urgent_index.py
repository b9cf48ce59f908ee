"""index urgent screening results, for the review queue's first page

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22 02:00:00

The queue's first page reads its urgent letters from the (few) urgent screening results
instead of looking up the screening result of every waiting letter. Only an index is added:
no data changes, and building it takes one pass over screening_result (on PostgreSQL it
holds a SHARE lock on that table, blocking new screening results, for the duration).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("screening_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_result_urgent"), ["urgent"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("screening_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_result_urgent"))
