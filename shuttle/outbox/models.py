"""The outbox table: one row per piece of follow-up work, written in the changing transaction."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from shuttle.db import BIG_ID, UTCDateTime, enum_type
from shuttle.timeutil import utcnow


class OutboxKind(StrEnum):
    """What a row asks for: an announcement on pub/sub, or an arq job (named as the job)."""

    announce = "events.announce"
    email = "notify.email"


class OutboxItem(SQLModel, table=True):
    """Follow-up work. Payloads hold ids and fixed words only, never letter content or names."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "dispatched_at", "available_at"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG_ID)
    kind: OutboxKind = Field(sa_type=enum_type(OutboxKind))
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    available_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    dispatched_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: str | None = Field(default=None, max_length=80)  # "sent", "skipped: ...", fixed words
    attempts: int = 0
