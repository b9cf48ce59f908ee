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


class NotificationSettings(BaseModel):
    """Where the account's content-free notifications go; `null` for none."""

    email: EmailStr | None = None


class SessionInfo(BaseModel):
    """How long the caller's session lasts: idle time and the absolute end."""

    idle_minutes: int
    idle_expires_at: datetime
    expires_at: datetime


class SessionPublic(BaseModel):
    """A new session: the token is shown once, here."""

    token: str
    expires_at: datetime
    account: AccountPublic
