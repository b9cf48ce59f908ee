"""letters by post: a print job without a prison

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.alter_column("establishment_id", existing_type=sa.Uuid(), nullable=True)


def downgrade() -> None:
    # Refused rather than deleting custody records of letters sent by post.
    post = sa.text("SELECT 1 FROM print_job WHERE establishment_id IS NULL LIMIT 1")
    if op.get_bind().execute(post).first() is not None:
        raise RuntimeError("letters by post exist: this schema cannot hold them, nothing changed")
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.alter_column("establishment_id", existing_type=sa.Uuid(), nullable=False)
