"""second sign-in step and lockout

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shuttle.db

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name="fk_recovery_code_account_id_account"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recovery_code_account_id"), ["account_id"], unique=False
        )

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_sealed", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("totp_master_version", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("totp_enabled_at", shuttle.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("totp_pending_sealed", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("totp_pending_version", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("locked_at", shuttle.db.UTCDateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "stage",
                sa.Enum(
                    "full",
                    "second_factor",
                    "enrol",
                    name="sessionstage",
                    native_enum=False,
                    length=40,
                ),
                nullable=False,
                server_default="full",
            )
        )
        batch_op.add_column(sa.Column("device", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.drop_column("device")
        batch_op.drop_column("stage")

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("locked_at")
        batch_op.drop_column("failed_sign_ins")
        batch_op.drop_column("totp_pending_version")
        batch_op.drop_column("totp_pending_sealed")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_master_version")
        batch_op.drop_column("totp_sealed")

    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_code_account_id"))

    op.drop_table("recovery_code")
