"""screening results, redaction and return spans

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 20:37:35.049505
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shuttle.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "safeguarding_alert",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("raised_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_by", sa.Uuid(), nullable=True),
        sa.Column("acknowledged_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("safeguarding_alert", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safeguarding_alert_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_safeguarding_alert_letter_id"), ["letter_id"], unique=False
        )

    op.create_table(
        "screening_finding",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("letter_version_id", sa.Uuid(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "contact",
                "location",
                "identity",
                "threat",
                "contact_request",
                "self_harm",
                name="category",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column(
            "severity",
            sa.Enum("high", "medium", name="severity", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_version_id"],
            ["letter_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("screening_finding", schema=None) as batch_op:
        batch_op.create_index(
            "ix_screening_finding_version", ["letter_version_id", "start"], unique=False
        )

    op.create_table(
        "screening_result",
        sa.Column("letter_version_id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("screened_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["letter_version_id"],
            ["letter_version.id"],
        ),
        sa.PrimaryKeyConstraint("letter_version_id"),
    )
    with op.batch_alter_table("screening_result", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_result_letter_id"), ["letter_id"], unique=False
        )

    with op.batch_alter_table("letter_note", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("spans", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )

    with op.batch_alter_table("letter_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("redacted_by", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            "fk_letter_version_redacted_by_account", "account", ["redacted_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("letter_version", schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint("fk_letter_version_redacted_by_account", type_="foreignkey")
        batch_op.drop_column("redacted_by")

    with op.batch_alter_table("letter_note", schema=None) as batch_op:
        batch_op.drop_column("spans")

    with op.batch_alter_table("screening_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_result_letter_id"))

    op.drop_table("screening_result")
    with op.batch_alter_table("screening_finding", schema=None) as batch_op:
        batch_op.drop_index("ix_screening_finding_version")

    op.drop_table("screening_finding")
    with op.batch_alter_table("safeguarding_alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safeguarding_alert_letter_id"))
        batch_op.drop_index(batch_op.f("ix_safeguarding_alert_case_id"))

    op.drop_table("safeguarding_alert")
