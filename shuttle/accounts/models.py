"""Account and session tables, and the shapes the API shows of them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, EmailStr
from pydantic import Field as PydanticField
from sqlmodel import Field, SQLModel

from shuttle.db import UTCDateTime, enum_type, new_id
from shuttle.timeutil import utcnow


class Role(StrEnum):
    """What an account may do (DESIGN.md's table)."""

    participant = "participant"
    facilitator = "facilitator"
    relay = "relay"
    coordinator = "coordinator"


class Account(SQLModel, table=True):
    """Someone who can sign in."""

    __tablename__ = "account"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    login: str = Field(max_length=120, unique=True, index=True)
    display_name: str = Field(max_length=120)
    role: Role = Field(sa_type=enum_type(Role))
    email: str | None = Field(default=None, max_length=254)
    area: str | None = Field(default=None, max_length=80)
    specialist: bool = False
    # Relay staff work for one prison; its security staff also run its security check.
    establishment_id: uuid.UUID | None = Field(default=None, foreign_key="establishment.id")
    security_staff: bool = False
    passphrase_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Second step at sign-in: a TOTP secret sealed with the master key ring (aead.totp_context).
    totp_sealed: bytes | None = None
    totp_master_version: int | None = None
    totp_enabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The last time step a code was accepted for: a code is good once, never replayed.
    totp_last_step: int | None = None
    # A secret offered at enrolment, kept until a first code proves the app has it.
    totp_pending_sealed: bytes | None = None
    totp_pending_version: int | None = None
    # Failed sign-ins in a row; at `lockout_after` the account locks until staff lift it.
    failed_sign_ins: int = 0
    locked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RecoveryCode(SQLModel, table=True):
    """A single-use code for signing in without the authenticator app; only a hash is kept."""

    __tablename__ = "recovery_code"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    account_id: uuid.UUID = Field(foreign_key="account.id", index=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SessionStage(StrEnum):
    """How far a session has come: only `full` sessions may act."""

    full = "full"
    # The passphrase was right; a code from the authenticator app (or a recovery code) is next.
    second_factor = "second_factor"
    # Staff without a second step yet: they may only set one up.
    enrol = "enrol"


class AuthSession(SQLModel, table=True):
    """A signed-in session; only a hash of its token is stored."""

    __tablename__ = "auth_session"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    account_id: uuid.UUID = Field(foreign_key="account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    stage: SessionStage = Field(default=SessionStage.full, sa_type=enum_type(SessionStage))
    # A short description of the browser or program, so a person can tell their sessions apart.
    device: str | None = Field(default=None, max_length=120)


PASSPHRASE_MIN = 12


class LoginRequest(BaseModel):
    """Credentials for signing in."""

    login: str = PydanticField(min_length=1, max_length=120)
    passphrase: str = PydanticField(min_length=1, max_length=1024)


class AccountCreate(BaseModel):
    """A coordinator creating a staff account."""

    login: str = PydanticField(min_length=3, max_length=120, pattern=r"^[A-Za-z0-9._@+-]+$")
    display_name: str = PydanticField(min_length=1, max_length=120)
    role: Role
    passphrase: str = PydanticField(min_length=PASSPHRASE_MIN, max_length=1024)
    email: str | None = PydanticField(default=None, max_length=254)
    area: str | None = PydanticField(default=None, max_length=80)
    specialist: bool = False
    establishment_id: uuid.UUID | None = PydanticField(
        default=None, description="relay staff only: the prison they work for"
    )
    security_staff: bool = PydanticField(
        default=False, description="relay staff only: also runs the prison's security check"
    )


class AccountPublic(BaseModel):
    """What an account sees of itself, and staff see of staff."""

    id: uuid.UUID
    login: str
    display_name: str
    role: Role
    area: str | None
    specialist: bool
    establishment_id: uuid.UUID | None = None
    security_staff: bool = False
    second_factor: bool = PydanticField(
        default=False, description="signs in with a code from an authenticator app as well"
    )
    locked: bool = PydanticField(
        default=False, description="locked after repeated failed sign-ins until staff lift it"
    )


class NotificationSettings(BaseModel):
    """Where the account's content-free notifications go; `null` for none."""

    email: EmailStr | None = None


class SessionInfo(BaseModel):
    """How long the caller's session lasts: idle time and the absolute end."""

    idle_minutes: int
    idle_expires_at: datetime
    expires_at: datetime
    stage: SessionStage = SessionStage.full


class SessionPublic(BaseModel):
    """A new session: the token is shown once, here.

    `stage` says what comes next: `full` is signed in; `second_factor` waits for a code
    (POST /auth/second-factor); `enrol` is staff who must first set up an authenticator app
    (POST /auth/totp/enrol, then /auth/totp/confirm). Only a `full` session may do anything
    else.
    """

    token: str
    expires_at: datetime
    account: AccountPublic
    stage: SessionStage = SessionStage.full


class CodeRequest(BaseModel):
    """A 6-digit code from the authenticator app, or one of the recovery codes."""

    code: str = PydanticField(min_length=6, max_length=40)


class TotpEnrolment(BaseModel):
    """A new secret to put in an authenticator app: scan the QR code or type the secret."""

    secret: str = PydanticField(description="base32, for typing into the app by hand")
    otpauth_uri: str
    qr_image: str = PydanticField(description="the otpauth URI as a QR code: an SVG data URI")
    issuer: str


class TotpEnabled(BaseModel):
    """The second step is on. The recovery codes are shown once, here; each works once."""

    recovery_codes: list[str]
    session: SessionPublic


class RecoveryCodes(BaseModel):
    """Fresh recovery codes (the old ones stop working); shown once."""

    recovery_codes: list[str]


class SessionView(BaseModel):
    """One of your sessions, so you can tell them apart and end one."""

    id: uuid.UUID
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    device: str | None
    current: bool


class PassphraseChange(BaseModel):
    """A new passphrase; every session of the account ends, so sign in again after."""

    current_passphrase: str = PydanticField(min_length=1, max_length=1024)
    new_passphrase: str = PydanticField(min_length=1, max_length=1024)
