"""prison relay

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 23:13:16.760382
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shuttle.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "establishment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("security_check", sa.Boolean(), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "print_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("delivery_id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("establishment_id", sa.Uuid(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "security_check",
                "withheld",
                "ready",
                "printed",
                "handed_over",
                "undeliverable",
                "cancelled",
                name="printstate",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("checked_by", sa.Uuid(), nullable=True),
        sa.Column("checked_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("withheld_reason", sa.String(length=1000), nullable=True),
        sa.Column("printed_by", sa.Uuid(), nullable=True),
        sa.Column("printed_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("print_count", sa.Integer(), nullable=False),
        sa.Column("handed_over_by", sa.Uuid(), nullable=True),
        sa.Column("handed_over_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("undeliverable_by", sa.Uuid(), nullable=True),
        sa.Column("undeliverable_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "undeliverable_reason",
            sa.Enum(
                "transferred",
                "released",
                "refused",
                name="undeliverable",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("cancelled_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.ForeignKeyConstraint(
            ["checked_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["delivery.id"],
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["handed_over_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
        ),
        sa.ForeignKeyConstraint(
            ["printed_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["undeliverable_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("delivery_id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_print_job_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_print_job_establishment_id"), ["establishment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_print_job_letter_id"), ["letter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_job_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_job_state"), ["state"], unique=False)

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("establishment_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("security_staff", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_foreign_key(
            "fk_account_establishment_id", "establishment", ["establishment_id"], ["id"]
        )

    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("channel", sa.String(length=20), nullable=False, server_default="portal")
        )
        batch_op.add_column(sa.Column("establishment_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("prison_number", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("prison_name", sa.String(length=120), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_party_establishment_id"), ["establishment_id"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_party_establishment_id", "establishment", ["establishment_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_constraint("fk_party_establishment_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_party_establishment_id"))
        batch_op.drop_column("prison_name")
        batch_op.drop_column("prison_number")
        batch_op.drop_column("establishment_id")
        batch_op.drop_column("channel")

    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_constraint("fk_account_establishment_id", type_="foreignkey")
        batch_op.drop_column("security_staff")
        batch_op.drop_column("establishment_id")

    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_job_state"))
        batch_op.drop_index(batch_op.f("ix_print_job_party_id"))
        batch_op.drop_index(batch_op.f("ix_print_job_letter_id"))
        batch_op.drop_index(batch_op.f("ix_print_job_establishment_id"))
        batch_op.drop_index(batch_op.f("ix_print_job_case_id"))

    op.drop_table("print_job")
    op.drop_table("establishment")
