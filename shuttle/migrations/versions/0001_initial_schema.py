"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 20:07:24.747983
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shuttle.db

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("login", sa.String(length=120), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "participant",
                "facilitator",
                "relay",
                "coordinator",
                name="role",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("area", sa.String(length=80), nullable=True),
        sa.Column("specialist", sa.Boolean(), nullable=False),
        sa.Column("passphrase_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_login"), ["login"], unique=True)

    op.create_table(
        "audit_entry",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("letter_id", sa.Uuid(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_letter_id"), ["letter_id"], unique=False)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "auth_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_auth_session_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_auth_session_token_hash"), ["token_hash"], unique=True)

    op.create_table(
        "cases",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("area", sa.String(length=80), nullable=False),
        sa.Column(
            "offence_category",
            sa.Enum(
                "violence",
                "robbery",
                "burglary",
                "theft",
                "criminal_damage",
                "fraud",
                "driving",
                "sexual",
                "domestic_abuse",
                "hate_crime",
                "homicide",
                "other",
                name="offencecategory",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("risk_flags", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("open", "paused", "closed", name="casestatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("opened_by", sa.Uuid(), nullable=False),
        sa.Column("opened_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["opened_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_area"), ["area"], unique=False)

    op.create_table(
        "case_facilitator",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("assigned_by", sa.Uuid(), nullable=False),
        sa.Column("assigned_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.PrimaryKeyConstraint("case_id", "account_id"),
    )
    with op.batch_alter_table("case_facilitator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_facilitator_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "case_key",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("master_version", sa.Integer(), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("destroyed_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "party",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column(
            "side",
            sa.Enum("harmed", "responsible", name="side", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("supporter", sa.Boolean(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column(
            "consent",
            sa.Enum("pending", "given", "withdrawn", name="consent", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "account_id"),
    )
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_case_id"), ["case_id"], unique=False)

    op.create_table(
        "consent_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column(
            "consent",
            sa.Enum("pending", "given", "withdrawn", name="consent", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        sa.Column("recorded_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_record_party_id"), ["party_id"], unique=False)

    op.create_table(
        "invitation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitation_token_hash"), ["token_hash"], unique=True)

    op.create_table(
        "letter",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("author_party_id", sa.Uuid(), nullable=False),
        sa.Column(
            "from_side",
            sa.Enum("harmed", "responsible", name="side", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "queued",
                "in_review",
                "returned",
                "awaiting_second",
                "released",
                "delivered",
                "read",
                "withdrawn",
                name="letterstate",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("first_submitted_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("queued_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.Uuid(), nullable=True),
        sa.Column("claim_expires_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_release_by", sa.Uuid(), nullable=True),
        sa.Column("released_by", sa.Uuid(), nullable=True),
        sa.Column("released_version", sa.Integer(), nullable=True),
        sa.Column("released_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("envelope_note", sa.LargeBinary(), nullable=True),
        sa.Column("read_at_for_author", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_party_id"],
            ["party.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["first_release_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["released_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_letter_author_party_id"), ["author_party_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_letter_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_letter_state_queued", ["state", "queued_at"], unique=False)

    op.create_table(
        "delivery",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("opened_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("tell_author", sa.Boolean(), nullable=False),
        sa.Column("cancelled_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("letter_id", "party_id"),
    )
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delivery_letter_id"), ["letter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delivery_party_id"), ["party_id"], unique=False)

    op.create_table(
        "letter_note",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("written_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["written_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("letter_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_note_letter_id"), ["letter_id"], unique=False)

    op.create_table(
        "letter_version",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("letter_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("written_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", shuttle.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", shuttle.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["written_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("letter_id", "number"),
    )
    with op.batch_alter_table("letter_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_letter_version_letter_id"), ["letter_id"], unique=False
        )

    # ### end Alembic commands ###
    # The audit chain starts from a single head row at the genesis hash.
    op.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')")


def downgrade() -> None:
    with op.batch_alter_table("letter_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_version_letter_id"))

    op.drop_table("letter_version")
    with op.batch_alter_table("letter_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_note_letter_id"))

    op.drop_table("letter_note")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_party_id"))
        batch_op.drop_index(batch_op.f("ix_delivery_letter_id"))
        batch_op.drop_index(batch_op.f("ix_delivery_case_id"))

    op.drop_table("delivery")
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_index("ix_letter_state_queued")
        batch_op.drop_index(batch_op.f("ix_letter_case_id"))
        batch_op.drop_index(batch_op.f("ix_letter_author_party_id"))

    op.drop_table("letter")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_token_hash"))
        batch_op.drop_index(batch_op.f("ix_invitation_party_id"))

    op.drop_table("invitation")
    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_record_party_id"))

    op.drop_table("consent_record")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_case_id"))
        batch_op.drop_index(batch_op.f("ix_party_account_id"))

    op.drop_table("party")
    op.drop_table("case_key")
    with op.batch_alter_table("case_facilitator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_facilitator_account_id"))

    op.drop_table("case_facilitator")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_area"))

    op.drop_table("cases")
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_session_token_hash"))
        batch_op.drop_index(batch_op.f("ix_auth_session_account_id"))

    op.drop_table("auth_session")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_letter_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_case_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_actor_id"))

    op.drop_table("audit_entry")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_login"))

    op.drop_table("account")
    # ### end Alembic commands ###
