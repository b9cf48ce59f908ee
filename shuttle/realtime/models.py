"""Events: what happened, to which case and letter, and who may hear of it. Ids only."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from shuttle.db import UTCDateTime, enum_type
from shuttle.timeutil import utcnow


class EventType(StrEnum):
    """Every event a websocket client can receive (README lists who gets which)."""

    queue_changed = "queue.changed"
    safeguarding_alert = "safeguarding.alert"
    letter_waiting = "letter.waiting"
    letter_returned = "letter.returned"
    case_paused = "case.paused"
    case_resumed = "case.resumed"
    case_closed = "case.closed"
    case_withdrawn = "case.withdrawn"
    letter_withheld = "letter.withheld"  # a prison's security check withheld a letter
    print_queue_changed = "print.queue_changed"  # a prison's print or security queue changed


class EventCounter(SQLModel, table=True):
    """The last event number given out; locking this row puts events in commit order."""

    __tablename__ = "event_counter"

    id: int = Field(default=1, primary_key=True)
    last_seq: int = Field(default=0, sa_type=BigInteger)


class Event(SQLModel, table=True):
    """One event, numbered in commit order: a client resumes after the last number it saw."""

    __tablename__ = "event"

    seq: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    type: EventType = Field(sa_type=enum_type(EventType))
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    letter_id: uuid.UUID | None = Field(default=None, foreign_key="letter.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class EventRecipient(SQLModel, table=True):
    """An account that may receive an event, decided when it happened."""

    __tablename__ = "event_recipient"
    __table_args__ = (Index("ix_event_recipient_account_seq", "account_id", "seq"),)

    seq: int = Field(foreign_key="event.seq", primary_key=True, sa_type=BigInteger)
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True)


class EventFrame(BaseModel):
    """An event as a websocket frame: its number, type and ids, never content."""

    id: int
    type: EventType
    case_id: uuid.UUID
    letter_id: uuid.UUID | None
    at: datetime
